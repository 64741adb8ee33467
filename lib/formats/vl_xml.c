/* Streaming XML reader on libxml2's xmlTextReader, with the safety rules of
 * include/vulnloop/xml.h: no network, no entity substitution, no DTD
 * loading, DOCTYPEs that declare entities refused, everything capped. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "vulnloop/xml.h"

#define XML_ATTR_ARENA (8u << 20)   /* attribute copies of one event */

struct vl_xml {
  xmlTextReaderPtr r;          /* the libxml2 reader */
  char name[VL_DIAG_FILE_MAX]; /* file name for messages */
  struct vl_xml_opts o;        /* caps, defaults filled in */
  struct vl_arena *attr_arena; /* attribute copies, reset per event */
  struct vl_xml_attr attrs[VL_XML_ATTRS_MAX];
  long elements;               /* element starts seen */
  long open;                   /* elements started and not yet ended */
  bool root_seen;              /* the root element started */
  bool failed;                 /* libxml2 reported an error */
  char err[VL_DIAG_MSG_MAX];   /* its first message */
  long err_line;               /* and its line */
};

/* libxml2 reports through this instead of printing to stderr. */
static void on_error(void *ud, xmlErrorPtr e) {
  struct vl_xml *x = ud;
  if (!e || e->level < XML_ERR_ERROR || x->failed) return;
  x->failed = true;
  x->err_line = e->line;
  snprintf(x->err, sizeof(x->err), "%s", e->message ? e->message : "error");
  size_t n = strlen(x->err);
  while (n && (x->err[n - 1] == '\n' || x->err[n - 1] == ' ')) x->err[--n] = 0;
}

static long cur_line(struct vl_xml *x) {
  xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
  long l = n ? xmlGetLineNo(n) : -1;
  if (l <= 0) l = xmlTextReaderGetParserLineNumber(x->r);
  return l;
}

static int fail(struct vl_xml *x, long line, int code, struct vl_diag *d,
                const char *what) {
  vl_diag_where(d, x->name, line > 0 ? line : 0, NULL);
  return vl_diag_set(d, code, "%s", what);
}

static int libxml_fail(struct vl_xml *x, struct vl_diag *d) {
  long line = x->err_line > 0 ? x->err_line
                              : xmlTextReaderGetParserLineNumber(x->r);
  vl_diag_where(d, x->name, line > 0 ? line : 0, NULL);
  /* libxml2's reader words a truncated document as "Extra content at the
   * end of the document"; say what happened when elements are still open. */
  if (x->failed && x->open > 0 &&
      (strstr(x->err, "Extra content at the end") ||
       strstr(x->err, "Premature end")))
    return vl_diag_set(d, VL_EPARSE,
                       "malformed XML: the document ends inside an element "
                       "(truncated?)");
  return vl_diag_set(d, VL_EPARSE, "malformed XML: %s",
                     x->failed ? x->err : "the parser gave up");
}

static int open_common(struct vl_xml *x, const char *name,
                       const struct vl_xml_opts *opts, struct vl_diag *d) {
  snprintf(x->name, sizeof(x->name), "%s", name ? name : "");
  if (opts) x->o = *opts;
  if (x->o.max_depth <= 0) x->o.max_depth = 64;
  if (!x->o.max_text) x->o.max_text = 4u << 20;
  if (x->o.max_elements <= 0) x->o.max_elements = 10000000;
  if (!x->r) {
    vl_diag_where(d, x->name, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open the XML document");
  }
  xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
  return vl_arena_new(XML_ATTR_ARENA, &x->attr_arena);
}

/* Before libxml2 sees a byte: the prolog (everything before the root
 * element's start tag, within the first PROLOG_SCAN bytes) must not declare
 * entities.  This gives a clear refusal with the declaration's line; the
 * DOCTYPE check in vl_xml_next() still covers encodings this byte scan
 * cannot read (UTF-16). */
#define PROLOG_SCAN (256u << 10)

static int scan_prolog(struct vl_xml *x, const char *p, size_t n,
                       struct vl_diag *d) {
  long line = 1;
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '\n') line++;
    if (p[i] != '<' || i + 1 >= n) continue;
    char c = p[i + 1];
    if (c != '?' && c != '!') return 0; /* the root element starts */
    if (n - i >= 8 && !memcmp(p + i, "<!ENTITY", 8))
      return fail(x, line, VL_EUNSUPPORTED, d,
                  "refused: the DOCTYPE declares entities (they are never "
                  "expanded: entity bombs, external entities)");
  }
  return 0;
}

static int prescan_file(struct vl_xml *x, const char *path, struct vl_diag *d) {
  gzFile gz = gzopen(path, "rb");
  if (!gz) return 0; /* the reader reports it */
  char *buf = malloc(PROLOG_SCAN);
  int n = buf ? gzread(gz, buf, PROLOG_SCAN) : -1;
  gzclose(gz);
  int rc = n > 0 ? scan_prolog(x, buf, (size_t)n, d) : 0;
  free(buf);
  return rc;
}

/* No XML_PARSE_NOENT (substitution), no XML_PARSE_DTDLOAD/DTDATTR/DTDVALID
 * (loading), no XML_PARSE_HUGE (keeps libxml2's own limits). */
static const int parse_opts = XML_PARSE_NONET |
                              XML_PARSE_BIG_LINES | XML_PARSE_COMPACT;

int vl_xml_open_file(const char *path, const struct vl_xml_opts *opts,
                     struct vl_xml **out, struct vl_diag *d) {
  *out = NULL;
  struct vl_xml *x = calloc(1, sizeof(*x));
  if (!x) return VL_ENOMEM;
  snprintf(x->name, sizeof(x->name), "%s", path);
  int rc = prescan_file(x, path, d);
  if (rc) {
    vl_xml_free(x);
    return rc;
  }
  x->r = xmlReaderForFile(path, NULL, parse_opts);
  rc = open_common(x, path, opts, d);
  if (rc) {
    vl_xml_free(x);
    return rc;
  }
  *out = x;
  return 0;
}

int vl_xml_open_memory(const char *buf, size_t len, const char *name,
                       const struct vl_xml_opts *opts, struct vl_xml **out,
                       struct vl_diag *d) {
  *out = NULL;
  if (len > (size_t)0x7fffffff) return vl_diag_set(d, VL_ETOOBIG, "document too large");
  struct vl_xml *x = calloc(1, sizeof(*x));
  if (!x) return VL_ENOMEM;
  snprintf(x->name, sizeof(x->name), "%s", name ? name : "");
  int rc = scan_prolog(x, buf, len < PROLOG_SCAN ? len : PROLOG_SCAN, d);
  if (rc) {
    vl_xml_free(x);
    return rc;
  }
  x->r = xmlReaderForMemory(buf, (int)len, NULL, NULL, parse_opts);
  rc = open_common(x, name, opts, d);
  if (rc) {
    vl_xml_free(x);
    return rc;
  }
  *out = x;
  return 0;
}

void vl_xml_free(struct vl_xml *x) {
  if (!x) return;
  if (x->r) xmlFreeTextReader(x->r);
  vl_arena_free(x->attr_arena);
  free(x);
}

const char *vl_xml_name(const struct vl_xml *x) { return x ? x->name : ""; }

static const char *s_or_empty(const xmlChar *s) {
  return s ? (const char *)s : "";
}

/* The DOCTYPE node: the internal subset has been parsed (never expanded)
 * when the reader returns it.  Refuse entity declarations and external
 * subsets: that is where entity bombs and XXE live. */
static int check_doctype(struct vl_xml *x, struct vl_diag *d) {
  xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
  long line = xmlTextReaderGetParserLineNumber(x->r);
  if (!n || n->type != XML_DTD_NODE)
    return fail(x, line, VL_EUNSUPPORTED, d,
                "refused: a DOCTYPE declaration (entities are not allowed)");
  xmlDtdPtr dtd = (xmlDtdPtr)n;
  if (dtd->entities || dtd->pentities)
    return fail(x, line, VL_EUNSUPPORTED, d,
                "refused: the DOCTYPE declares entities (they are never "
                "expanded: entity bombs, external entities)");
  if (dtd->ExternalID || dtd->SystemID)
    return fail(x, line, VL_EUNSUPPORTED, d,
                "refused: the DOCTYPE names an external DTD (it is never "
                "loaded)");
  return 0;
}

static int collect_attrs(struct vl_xml *x, struct vl_xml_event *ev,
                         struct vl_diag *d) {
  ev->attrs = x->attrs;
  ev->n_attrs = 0;
  if (!xmlTextReaderHasAttributes(x->r)) return 0;
  int m;
  while ((m = xmlTextReaderMoveToNextAttribute(x->r)) == 1) {
    if (xmlTextReaderIsNamespaceDecl(x->r) == 1) continue;
    if (ev->n_attrs == VL_XML_ATTRS_MAX) {
      xmlTextReaderMoveToElement(x->r);
      return fail(x, ev->line, VL_ETOOBIG, d, "too many attributes");
    }
    const char *v = s_or_empty(xmlTextReaderConstValue(x->r));
    size_t vl = strlen(v);
    if (vl > x->o.max_text) {
      xmlTextReaderMoveToElement(x->r);
      return fail(x, ev->line, VL_ETOOBIG, d, "attribute value too large");
    }
    struct vl_xml_attr *a = &x->attrs[ev->n_attrs];
    a->name = vl_arena_strdup(x->attr_arena,
                              s_or_empty(xmlTextReaderConstLocalName(x->r)));
    a->ns = vl_arena_strdup(x->attr_arena,
                            s_or_empty(xmlTextReaderConstNamespaceUri(x->r)));
    a->value = vl_arena_strndup(x->attr_arena, v, vl);
    if (!a->name || !a->ns || !a->value) {
      xmlTextReaderMoveToElement(x->r);
      return fail(x, ev->line, VL_ETOOBIG, d, "attributes too large");
    }
    ev->n_attrs++;
  }
  xmlTextReaderMoveToElement(x->r);
  if (m < 0) return libxml_fail(x, d);
  return 0;
}

int vl_xml_next(struct vl_xml *x, struct vl_xml_event *ev, struct vl_diag *d) {
  memset(ev, 0, sizeof(*ev));
  ev->name = ev->ns = "";
  vl_arena_reset(x->attr_arena);
  for (;;) {
    int r = xmlTextReaderRead(x->r);
    if (r < 0 || x->failed) return libxml_fail(x, d);
    if (r == 0) {
      if (!x->root_seen)
        return fail(x, xmlTextReaderGetParserLineNumber(x->r), VL_EPARSE, d,
                    "malformed XML: no root element");
      ev->type = VL_XML_EOF;
      return 0;
    }
    int t = xmlTextReaderNodeType(x->r);
    int depth = xmlTextReaderDepth(x->r);
    switch (t) {
      case XML_READER_TYPE_DOCUMENT_TYPE: {
        int rc = check_doctype(x, d);
        if (rc) return rc;
        continue;
      }
      case XML_READER_TYPE_ENTITY_REFERENCE:
      case XML_READER_TYPE_ENTITY:
        return fail(x, cur_line(x), VL_EUNSUPPORTED, d,
                    "refused: an entity reference (entities are never "
                    "expanded)");
      case XML_READER_TYPE_ELEMENT:
        if (depth > x->o.max_depth)
          return fail(x, cur_line(x), VL_ETOOBIG, d,
                      "elements nested too deeply");
        if (++x->elements > x->o.max_elements)
          return fail(x, cur_line(x), VL_ETOOBIG, d, "too many elements");
        x->root_seen = true;
        ev->type = VL_XML_START;
        ev->name = s_or_empty(xmlTextReaderConstLocalName(x->r));
        ev->ns = s_or_empty(xmlTextReaderConstNamespaceUri(x->r));
        ev->empty = xmlTextReaderIsEmptyElement(x->r) == 1;
        if (!ev->empty) x->open++;
        ev->depth = depth;
        ev->line = cur_line(x);
        return collect_attrs(x, ev, d);
      case XML_READER_TYPE_END_ELEMENT:
        x->open--;
        ev->type = VL_XML_END;
        ev->name = s_or_empty(xmlTextReaderConstLocalName(x->r));
        ev->ns = s_or_empty(xmlTextReaderConstNamespaceUri(x->r));
        ev->depth = depth;
        ev->line = xmlTextReaderGetParserLineNumber(x->r);
        return 0;
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_WHITESPACE:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
        const char *v = s_or_empty(xmlTextReaderConstValue(x->r));
        size_t n = strlen(v);
        if (n > x->o.max_text)
          return fail(x, cur_line(x), VL_ETOOBIG, d, "text too large");
        ev->type = VL_XML_TEXT;
        ev->text = v;
        ev->text_len = n;
        ev->depth = depth;
        ev->line = cur_line(x);
        return 0;
      }
      default:
        continue; /* comments, processing instructions */
    }
  }
}

/* ------------------------------------------------------------------ trees */

static int copy_attrs(struct vl_arena *a, struct vl_xnode *n,
                      const struct vl_xml_event *ev) {
  n->n_attrs = ev->n_attrs;
  if (!ev->n_attrs) return 0;
  n->attrs = vl_arena_alloc(a, ev->n_attrs * sizeof(*n->attrs));
  if (!n->attrs) return VL_ETOOBIG;
  for (size_t i = 0; i < ev->n_attrs; i++) {
    n->attrs[i].name = vl_arena_strdup(a, ev->attrs[i].name);
    n->attrs[i].ns = vl_arena_strdup(a, ev->attrs[i].ns);
    n->attrs[i].value = vl_arena_strdup(a, ev->attrs[i].value);
    if (!n->attrs[i].name || !n->attrs[i].ns || !n->attrs[i].value)
      return VL_ETOOBIG;
  }
  return 0;
}

static struct vl_xnode *new_node(struct vl_arena *a,
                                 const struct vl_xml_event *ev) {
  struct vl_xnode *n = vl_arena_alloc(a, sizeof(*n));
  if (!n) return NULL;
  n->name = vl_arena_strdup(a, ev->name);
  n->ns = vl_arena_strdup(a, ev->ns);
  n->text = "";
  n->line = ev->line;
  if (!n->name || !n->ns || copy_attrs(a, n, ev)) return NULL;
  return n;
}

int vl_xml_tree(struct vl_xml *x, const struct vl_xml_event *start,
                struct vl_arena *a, struct vl_xnode **out, struct vl_diag *d) {
  *out = NULL;
  if (start->type != VL_XML_START)
    return vl_diag_set(d, VL_EINVAL, "vl_xml_tree: not at an element start");
  struct vl_xnode *root = new_node(a, start);
  if (!root) return fail(x, start->line, VL_ETOOBIG, d, "record too large");
  if (start->empty) {
    *out = root;
    return 0;
  }
  /* Open elements and the last child of each, to append in order. */
  size_t cap = (size_t)x->o.max_depth + 2;
  struct vl_xnode **open = vl_arena_alloc(a, cap * sizeof(*open));
  struct vl_xnode **last = vl_arena_alloc(a, cap * sizeof(*last));
  if (!open || !last) return fail(x, start->line, VL_ETOOBIG, d, "record too large");
  size_t top = 0, total = 0;
  open[0] = root;
  last[0] = NULL;
  struct vl_xml_event ev;
  for (;;) {
    int rc = vl_xml_next(x, &ev, d);
    if (rc) return rc;
    struct vl_xnode *cur = open[top];
    if (ev.type == VL_XML_EOF)
      return fail(x, ev.line, VL_EPARSE, d, "malformed XML: the document ends inside an element");
    if (ev.type == VL_XML_TEXT) {
      total += ev.text_len;
      if (cur->text_len + ev.text_len > x->o.max_text || total > 4 * x->o.max_text)
        return fail(x, ev.line, VL_ETOOBIG, d, "text too large");
      char *t = vl_arena_alloc(a, cur->text_len + ev.text_len + 1);
      if (!t) return fail(x, ev.line, VL_ETOOBIG, d, "record too large");
      memcpy(t, cur->text, cur->text_len);
      memcpy(t + cur->text_len, ev.text, ev.text_len);
      cur->text_len += ev.text_len;
      t[cur->text_len] = '\0';
      cur->text = t;
      continue;
    }
    if (ev.type == VL_XML_END) {
      if (top == 0) break;
      top--;
      continue;
    }
    struct vl_xnode *n = new_node(a, &ev);
    if (!n) return fail(x, ev.line, VL_ETOOBIG, d, "record too large");
    if (last[top])
      last[top]->next = n;
    else
      cur->child = n;
    last[top] = n;
    if (!ev.empty) {
      if (top + 1 >= cap) return fail(x, ev.line, VL_ETOOBIG, d, "elements nested too deeply");
      open[++top] = n;
      last[top] = NULL;
    }
  }
  *out = root;
  return 0;
}

const struct vl_xnode *vl_xnode_child(const struct vl_xnode *n,
                                      const char *name) {
  for (const struct vl_xnode *c = n ? n->child : NULL; c; c = c->next)
    if (!strcmp(c->name, name)) return c;
  return NULL;
}

const struct vl_xnode *vl_xnode_next(const struct vl_xnode *n) {
  for (const struct vl_xnode *c = n ? n->next : NULL; c; c = c->next)
    if (!strcmp(c->name, n->name)) return c;
  return NULL;
}

const char *vl_xnode_attr(const struct vl_xnode *n, const char *name) {
  for (size_t i = 0; n && i < n->n_attrs; i++)
    if (!strcmp(n->attrs[i].name, name)) return n->attrs[i].value;
  return NULL;
}
