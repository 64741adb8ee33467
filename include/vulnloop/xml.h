/* Streaming XML input, safe for hostile documents.
 *
 * A pull reader (libxml2's xmlTextReader underneath, but no libxml2 type
 * appears here): vl_xml_next() hands out element-start, text and
 * element-end events one at a time, and vl_xml_tree() reads the subtree of
 * the element just started into a small tree in a caller's arena, so that a
 * record (a JVN <Vulinfo> or an RSS <item>) can be looked at as a whole
 * while the document is streamed.
 *
 * Security: no network (XML_PARSE_NONET), no entity substitution, no DTD
 * loading, and a document whose DOCTYPE declares entities or names an
 * external subset is refused (VL_EUNSUPPORTED) before any of its content is
 * returned: entity bombs and external entities are never expanded.  Depth,
 * text size, attribute count and element count are capped (VL_ETOOBIG).
 * Every error names the file and line in the caller's struct vl_diag.
 *
 * Ownership: strings in events are owned by the reader and valid until the
 * next vl_xml_next()/vl_xml_tree() call; trees live in the arena passed to
 * vl_xml_tree(). */
#ifndef VULNLOOP_XML_H
#define VULNLOOP_XML_H

#include <stddef.h>

#include "vulnloop/core.h"

struct vl_xml;

/* Caps; zero fields take the defaults noted. */
struct vl_xml_opts {
  int max_depth;        /* element nesting, default 64 */
  size_t max_text;      /* bytes of text in one element, default 4 MiB */
  long max_elements;    /* elements in the document, default 10 million */
};

enum vl_xml_ev_type {
  VL_XML_EOF = 0,   /* end of the document */
  VL_XML_START,     /* an element starts (an empty element also ends) */
  VL_XML_END,       /* an element ends */
  VL_XML_TEXT       /* character data (text, CDATA, whitespace) */
};

struct vl_xml_attr {
  const char *name;   /* local name */
  const char *ns;     /* namespace URI, "" if none */
  const char *value;  /* the attribute's value, entity references resolved */
};

#define VL_XML_ATTRS_MAX 64

struct vl_xml_event {
  enum vl_xml_ev_type type;
  const char *name;    /* START/END: the element's local name */
  const char *ns;      /* START/END: namespace URI, "" if none */
  const char *text;    /* TEXT: the characters (not NUL-terminated) */
  size_t text_len;     /* TEXT: their length */
  int empty;           /* START: 1 for <empty/> (no END event follows) */
  int depth;           /* 0 for the root element */
  long line;           /* line of the element or text */
  const struct vl_xml_attr *attrs; /* START: attributes (no xmlns ones) */
  size_t n_attrs;
};

/* Opens a file (plain or gzip) or a memory buffer (borrowed; it must stay
 * valid until vl_xml_free).  name is used in messages.  opts may be NULL.
 * Caller frees with vl_xml_free(). */
int vl_xml_open_file(const char *path, const struct vl_xml_opts *opts,
                     struct vl_xml **out, struct vl_diag *d);
int vl_xml_open_memory(const char *buf, size_t len, const char *name,
                       const struct vl_xml_opts *opts, struct vl_xml **out,
                       struct vl_diag *d);
void vl_xml_free(struct vl_xml *x);

/* Next event into *ev; 0 (ev->type VL_XML_EOF at the end) or an error with
 * the file and line in d.  A document without a root element is an error. */
int vl_xml_next(struct vl_xml *x, struct vl_xml_event *ev, struct vl_diag *d);

/* An element and everything inside it. */
struct vl_xnode {
  const char *name;            /* local name */
  const char *ns;              /* namespace URI, "" if none */
  const char *text;            /* its own text, concatenated; "" if none */
  size_t text_len;
  struct vl_xml_attr *attrs;   /* copies in the arena */
  size_t n_attrs;
  struct vl_xnode *child;      /* first child element */
  struct vl_xnode *next;       /* next sibling element */
  long line;                   /* line of the start tag */
};

/* Right after a VL_XML_START event, reads the element's whole subtree
 * (through its END) into arena a and returns its root in *out.  The total
 * text of the subtree is capped by the reader's max_text times 4; arena
 * exhaustion gives VL_ETOOBIG. */
int vl_xml_tree(struct vl_xml *x, const struct vl_xml_event *start,
                struct vl_arena *a, struct vl_xnode **out, struct vl_diag *d);

/* Helpers on trees (NULL-tolerant): the first child with this local name,
 * the next sibling with the same name, an attribute by local name (any
 * namespace) or NULL. */
const struct vl_xnode *vl_xnode_child(const struct vl_xnode *n,
                                      const char *name);
const struct vl_xnode *vl_xnode_next(const struct vl_xnode *n);
const char *vl_xnode_attr(const struct vl_xnode *n, const char *name);

/* The file name given at open, for messages. */
const char *vl_xml_name(const struct vl_xml *x);

#endif
