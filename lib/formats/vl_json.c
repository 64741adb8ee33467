/* Streaming JSON reader on yajl (see include/vulnloop/json.h).
 *
 * yajl calls back for every token; we keep a stack of open containers and
 * build values into one of two arenas: the record arena (reset after each
 * streamed element) or the root arena (reset after each top-level value). */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>
#include <zlib.h>

#include "vulnloop/json.h"

/* What the record scanner (skip_scan) may see next. */
enum scan_state { SC_KEY_OR_END, SC_KEY, SC_COLON, SC_VALUE, SC_VALUE_OR_END,
                  SC_AFTER };

struct frame {
  struct vl_jv *v;   /* the open container */
  bool streaming;    /* its elements are records */
};

struct parser {
  const struct vl_json_opts *o;
  vl_json_record_fn on_record;
  vl_json_root_fn on_root;
  void *ud;
  struct vl_diag *d;
  const char *name;
  struct vl_arena *rec_arena, *root_arena;
  struct frame *stack;    /* open containers */
  int depth;              /* entries in stack */
  const char *pending_key;/* key awaiting its value */
  size_t pending_len;
  struct vl_jv *rec;      /* record being built, or NULL */
  int rec_depth;          /* stack depth at which rec was opened */
  size_t rec_index;       /* element index within the streamed array */
  const char *stream_key; /* array key being streamed */
  long rec_line;
  struct vl_jv *root;     /* current top-level value */
  /* line tracking */
  const unsigned char *chunk; /* current chunk */
  size_t chunk_scanned;   /* bytes of chunk counted for newlines */
  long line;              /* line at chunk_scanned */
  int peek;               /* VL_JSON_ASK/BUILD/SKIP for the current record */
  /* A record skipped by the byte scanner (see skip_scan): */
  bool scanning;          /* the rest of a record is being passed over */
  bool scan_str, scan_esc;/* inside a string; after its backslash */
  bool scan_lit;          /* inside a number or literal */
  int scan_u8;            /* continuation bytes still due in a string */
  unsigned char scan_lo, scan_hi; /* range of the next continuation byte */
  int scan_state;         /* what may come next (enum scan_state) */
  int scan_n;             /* containers open inside the record */
  uint64_t scan_obj;      /* bit i: container i is an object */
  bool muted;             /* callbacks ignore tokens (yajl's restart) */
  yajl_handle h;
  int rc;                 /* error from a callback */
};

const char *vl_jv_type_name(enum vl_jtype t) {
  static const char *n[] = {"null", "boolean", "number", "string", "array",
                            "object"};
  return t <= VL_JOBJ ? n[t] : "?";
}

const struct vl_jv *vl_jv_get(const struct vl_jv *o, const char *key) {
  if (!o || o->type != VL_JOBJ) return NULL;
  for (const struct vl_jv *c = o->child; c; c = c->next)
    if (c->key && strcmp(c->key, key) == 0) return c;
  return NULL;
}

const char *vl_jv_str(const struct vl_jv *o, const char *key) {
  const struct vl_jv *v = vl_jv_get(o, key);
  return v && v->type == VL_JSTR ? v->s : NULL;
}

double vl_jv_num(const struct vl_jv *o, const char *key, double def) {
  const struct vl_jv *v = vl_jv_get(o, key);
  return v && v->type == VL_JNUM ? v->num : def;
}

bool vl_jv_bool(const struct vl_jv *o, const char *key, bool def) {
  const struct vl_jv *v = vl_jv_get(o, key);
  return v && v->type == VL_JBOOL ? v->b : def;
}

const struct vl_jv *vl_jv_path(const struct vl_jv *o, const char *path) {
  char part[128];
  while (o && *path) {
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    if (n >= sizeof(part)) return NULL;
    memcpy(part, path, n);
    part[n] = '\0';
    o = vl_jv_get(o, part);
    path += n + (dot ? 1 : 0);
  }
  return o;
}

/* Newlines in s[0..n), eight bytes at a time: every value asks for its
 * line, so this runs over every byte of the input once. */
static long count_newlines(const unsigned char *s, size_t n) {
  const uint64_t ones = UINT64_C(0x0101010101010101);
  const uint64_t high = UINT64_C(0x8080808080808080);
  const uint64_t low7 = UINT64_C(0x7f7f7f7f7f7f7f7f);
  long c = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    uint64_t x = w ^ (ones * '\n');         /* a newline byte becomes 0 */
    uint64_t nz = ((x & low7) + low7) | x;  /* high bit: the byte is not 0 */
    uint64_t z = (~nz & high) >> 7;         /* 1 per zero byte */
    c += (long)((z * ones) >> 56);
  }
  for (; i < n; i++) c += s[i] == '\n';
  return c;
}

/* Current line: count newlines of the chunk up to yajl's position. */
static long cur_line(struct parser *p) {
  if (!p->chunk) return p->line;
  size_t at = yajl_get_bytes_consumed(p->h);
  if (at > p->chunk_scanned) {
    p->line += count_newlines(p->chunk + p->chunk_scanned,
                              at - p->chunk_scanned);
    p->chunk_scanned = at;
  }
  return p->line;
}

static int fail(struct parser *p, int code, const char *msg) {
  if (!p->rc) {
    p->rc = vl_diag_set(p->d, code, "%s", msg);
    vl_diag_where(p->d, p->name, cur_line(p), NULL);
  }
  return 0; /* tells yajl to stop */
}

static struct vl_arena *arena(struct parser *p) {
  return p->rec ? p->rec_arena : p->root_arena;
}

/* Adds a new value to the current container (or starts a root/record). */
static struct vl_jv *add(struct parser *p, enum vl_jtype t) {
  struct frame *top = p->depth ? &p->stack[p->depth - 1] : NULL;
  if (top && top->streaming && !p->rec) {
    /* A new record starts. */
    vl_arena_reset(p->rec_arena);
    p->rec_line = cur_line(p);
    struct vl_jv *v = vl_arena_alloc(p->rec_arena, sizeof(*v));
    if (!v) {
      fail(p, VL_ETOOBIG, "record too large");
      return NULL;
    }
    v->type = t;
    v->line = p->rec_line;
    if (top->v->type == VL_JOBJ && p->pending_key) {
      v->key = vl_arena_strdup(p->rec_arena, p->pending_key);
      if (!v->key) {
        fail(p, VL_ETOOBIG, "record too large");
        return NULL;
      }
      p->pending_key = NULL;
    }
    p->rec = v;
    p->rec_depth = p->depth;
    p->peek = p->o->peek ? VL_JSON_ASK : VL_JSON_BUILD;
    return v;
  }
  struct vl_jv *v = vl_arena_alloc(arena(p), sizeof(*v));
  if (!v) {
    fail(p, VL_ETOOBIG,
         p->rec ? "record too large" : "document too large outside records");
    return NULL;
  }
  v->type = t;
  v->line = cur_line(p);
  if (!top) {
    p->root = v;
    return v;
  }
  struct vl_jv *parent = top->v;
  if (parent->type == VL_JOBJ) {
    v->key = p->pending_key;
    p->pending_key = NULL;
  }
  if (parent->last)
    parent->last->next = v;
  else
    parent->child = v;
  parent->last = v;
  parent->n++;
  return v;
}

static int emit_record(struct parser *p) {
  struct vl_jrec_info info = {p->name, p->stream_key, p->rec_index,
                              p->rec_line, false};
  if (p->depth >= 1 && p->stack[0].v->type == VL_JOBJ && p->stack[0].streaming) {
    info.member = true;
    info.array_key = p->rec->key ? p->rec->key : "";
  }
  int rc = p->on_record ? p->on_record(p->ud, p->rec, &info, p->d) : 0;
  p->rec = NULL;
  p->rec_index++;
  if (rc) {
    p->rc = rc;
    return 0;
  }
  return 1;
}

static int emit_root(struct parser *p) {
  int rc = p->on_root ? p->on_root(p->ud, p->root, cur_line(p), p->d) : 0;
  p->root = NULL;
  vl_arena_reset(p->root_arena);
  if (rc) {
    p->rc = rc;
    return 0;
  }
  return 1;
}

/* Asks the peek callback about the record being built; from_string: the
 * value just read was a string, whose closing quote yajl has consumed, so
 * the byte scanner can take over right after it. */
static int peek(struct parser *p, bool from_string) {
  struct vl_jrec_info info = {p->name, p->stream_key, p->rec_index,
                              p->rec_line, false};
  if (p->depth >= 1 && p->stack[0].v->type == VL_JOBJ && p->stack[0].streaming) {
    info.member = true;
    info.array_key = p->rec->key ? p->rec->key : "";
  }
  int rc = p->o->peek(p->ud, p->rec, &info, p->d);
  if (rc < 0) {
    p->rc = rc;
    return 0;
  }
  p->peek = rc == VL_JSON_SKIP ? VL_JSON_SKIP : rc ? VL_JSON_BUILD : VL_JSON_ASK;
  int open = p->depth - p->rec_depth;
  if (p->peek == VL_JSON_SKIP && from_string && open > 0 && open < 64) {
    /* Hand the rest of the record to the scanner: stop yajl here. */
    p->scanning = true;
    p->scan_str = p->scan_esc = p->scan_lit = false;
    p->scan_u8 = 0;
    p->scan_state = SC_AFTER; /* right after a member's string value */
    p->scan_n = open;
    p->scan_obj = 0;
    for (int i = 0; i < open; i++)
      if (p->stack[p->rec_depth + i].v->type == VL_JOBJ)
        p->scan_obj |= UINT64_C(1) << i;
    return 0;
  }
  return 1;
}

/* After a scalar: if it was a whole record or root, emit it. */
static int scalar_done(struct parser *p, struct vl_jv *v) {
  if (p->rec == v) return emit_record(p);
  if (p->rec && p->peek == VL_JSON_ASK &&
      p->depth - p->rec_depth <= p->o->peek_depth)
    return peek(p, v->type == VL_JSTR);
  if (p->depth == 0 && p->root == v) return emit_root(p);
  return 1;
}

/* While a record is skipped, values are only counted in and out. */
#define SKIPPING(p) ((p)->muted || ((p)->rec && (p)->peek == VL_JSON_SKIP))

static int on_null(void *ctx) {
  struct parser *p = ctx;
  if (SKIPPING(p)) return 1;
  struct vl_jv *v = add(p, VL_JNULL);
  return v ? scalar_done(p, v) : 0;
}

static int on_bool(void *ctx, int b) {
  struct parser *p = ctx;
  if (SKIPPING(p)) return 1;
  struct vl_jv *v = add(p, VL_JBOOL);
  if (!v) return 0;
  v->b = b;
  return scalar_done(p, v);
}

static int on_number(void *ctx, const char *s, size_t len) {
  struct parser *p = ctx;
  if (SKIPPING(p)) return 1;
  struct vl_jv *v = add(p, VL_JNUM);
  if (!v) return 0;
  char *t = vl_arena_strndup(arena(p), s, len);
  if (!t) return fail(p, VL_ETOOBIG, "record too large");
  v->s = t;
  v->len = len;
  v->num = strtod(t, NULL);
  return scalar_done(p, v);
}

static int on_string(void *ctx, const unsigned char *s, size_t len) {
  struct parser *p = ctx;
  if (SKIPPING(p)) return 1;
  if (memchr(s, '\0', len))
    return fail(p, VL_EPARSE, "string contains a NUL character");
  struct vl_jv *v = add(p, VL_JSTR);
  if (!v) return 0;
  char *t = vl_arena_strndup(arena(p), (const char *)s, len);
  if (!t) return fail(p, VL_ETOOBIG, "record too large");
  v->s = t;
  v->len = len;
  return scalar_done(p, v);
}

static int open_container(struct parser *p, enum vl_jtype t) {
  if (p->depth >= p->o->max_depth)
    return fail(p, VL_ETOOBIG, "nesting too deep");
  if (p->muted) return 1;
  if (SKIPPING(p)) {
    p->depth++;
    return 1;
  }
  /* Is this the array to stream?  A top-level array, or an array under a
   * chosen key of the top-level object. */
  bool streaming = false;
  const char *key = p->pending_key;
  if (t == VL_JOBJ && !p->rec && p->depth == 0 && p->o->stream_members &&
      p->on_record) {
    streaming = true;
    key = "";
  } else if (t == VL_JARR && !p->rec) {
    if (p->depth == 0 && p->on_record) {
      streaming = true;
      key = "";
    } else if (p->depth == 1 && key && p->o->stream_keys &&
               p->stack[0].v->type == VL_JOBJ) {
      for (const char *const *k = p->o->stream_keys; *k; k++)
        if (strcmp(*k, key) == 0) streaming = true;
    }
  }
  struct vl_jv *v = add(p, t);
  if (!v) return 0;
  if (streaming) {
    p->stream_key = key;
    p->rec_index = 0;
  }
  p->stack[p->depth].v = v;
  p->stack[p->depth].streaming = streaming;
  p->depth++;
  return 1;
}

static int close_container(struct parser *p) {
  if (p->muted) return 1;
  p->depth--;
  if (SKIPPING(p)) {
    if (p->depth == p->rec_depth) { /* the skipped record ends */
      p->rec = NULL;
      p->rec_index++;
    }
    return 1;
  }
  struct vl_jv *v = p->stack[p->depth].v;
  if (p->rec == v) return emit_record(p);
  if (p->depth == 0 && p->root == v) return emit_root(p);
  return 1;
}

static int on_start_map(void *ctx) {
  return open_container(ctx, VL_JOBJ);
}

static int on_map_key(void *ctx, const unsigned char *k, size_t len) {
  struct parser *p = ctx;
  if (SKIPPING(p)) return 1;
  char *t = vl_arena_strndup(arena(p), (const char *)k, len);
  if (!t) return fail(p, VL_ETOOBIG, "record too large");
  p->pending_key = t;
  p->pending_len = len;
  return 1;
}

static int on_end(void *ctx) { return close_container(ctx); }

static int on_start_array(void *ctx) {
  return open_container(ctx, VL_JARR);
}

static const yajl_callbacks callbacks = {
    on_null,   on_bool,      NULL,         NULL,    on_number,
    on_string, on_start_map, on_map_key,   on_end,  on_start_array,
    on_end,
};

static int parser_init(struct parser *p, const char *name,
                       const struct vl_json_opts *o, vl_json_record_fn rec,
                       vl_json_root_fn root, void *ud, struct vl_diag *d) {
  memset(p, 0, sizeof(*p));
  p->o = o;
  p->on_record = rec;
  p->on_root = root;
  p->ud = ud;
  p->d = d;
  p->name = name;
  p->line = 1;
  int rc;
  if ((rc = vl_arena_new(o->max_record_bytes, &p->rec_arena))) return rc;
  if ((rc = vl_arena_new(o->max_root_bytes, &p->root_arena))) return rc;
  p->stack = calloc((size_t)o->max_depth + 1, sizeof(*p->stack));
  if (!p->stack) return VL_ENOMEM;
  p->h = yajl_alloc(&callbacks, NULL, p);
  if (!p->h) return VL_ENOMEM;
  yajl_config(p->h, yajl_allow_multiple_values, 1);
  yajl_config(p->h, yajl_dont_validate_strings, 0);
  return 0;
}

static void parser_free(struct parser *p) {
  if (p->h) yajl_free(p->h);
  free(p->stack);
  vl_arena_free(p->rec_arena);
  vl_arena_free(p->root_arena);
}

/* One byte >= 0x80 of a string: starts or continues a UTF-8 sequence
 * (no overlong forms, surrogates or code points past U+10FFFF).  Returns
 * -1 for a byte that cannot be there. */
static int utf8_step(struct parser *p, unsigned char c) {
  if (p->scan_u8) {
    if (c < p->scan_lo || c > p->scan_hi) return -1;
    p->scan_u8--;
    p->scan_lo = 0x80;
    p->scan_hi = 0xBF;
    return 0;
  }
  p->scan_lo = 0x80;
  p->scan_hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    p->scan_u8 = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    p->scan_u8 = 2;
    if (c == 0xE0) p->scan_lo = 0xA0;
    if (c == 0xED) p->scan_hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    p->scan_u8 = 3;
    if (c == 0xF0) p->scan_lo = 0x90;
    if (c == 0xF4) p->scan_hi = 0x8F;
  } else {
    return -1;
  }
  return 0;
}

#define LITTLE_ENDIAN_WORDS (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)

/* Passes over the rest of a skipped record in s[0..len) without yajl and
 * without building anything: a small state machine checks the grammar
 * (keys, colons, commas, matching brackets, no control characters in
 * strings) but not the contents of strings, numbers and literals, and
 * finds the record's own closing bracket.  Sets *used to the bytes
 * consumed (up to a bad byte) and returns 1 when the record ended, 0 when
 * it goes on past len, -1 for a syntax error, -2 for nesting past the
 * cap, -3 for a string that is not UTF-8. */
static int skip_scan(struct parser *p, const unsigned char *s, size_t len,
                     size_t *used) {
  size_t i = 0;
  int st = p->scan_state;
  int rc = 0;
  while (i < len) {
    if (p->scan_str) {
      if (p->scan_esc) {
        p->scan_esc = false;
        i++;
        continue;
      }
      /* The bulk of a record is string bytes, mostly ASCII: eight at a
       * time while none is a quote, a backslash, a control character or
       * non-ASCII (each test below flags at least the first such byte of
       * a word, so no word with one is passed over), then one at a
       * time. */
      const uint64_t ones = UINT64_C(0x0101010101010101);
      const uint64_t high = UINT64_C(0x8080808080808080);
      while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
        uint64_t m = ((q - ones) & ~q) | ((b - ones) & ~b) |
                     ((w - ones * 0x20) & ~w) | w;
        if (m & high) {
          /* The lowest flagged byte is exact (a borrow only flags bytes
           * above a real one): go straight to it (little-endian). */
          if (LITTLE_ENDIAN_WORDS) i += (size_t)__builtin_ctzll(m & high) / 8;
          break;
        }
        i += 8;
      }
      while (i < len && s[i] != '"' && s[i] != '\\' && s[i] >= 0x20 &&
             s[i] < 0x80)
        i++;
      if (i == len) break;
      if (s[i] < 0x20) {
        rc = -1;
        break;
      }
      if (s[i] >= 0x80) {
        /* UTF-8, as yajl checks it; a sequence cut by the chunk's end is
         * completed from the bytes kept in scan_u8. */
        int r = utf8_step(p, s[i]);
        if (r < 0) {
          rc = -3;
          break;
        }
        i++;
        continue;
      }
      if (p->scan_u8) { /* an ASCII byte inside a multi-byte sequence */
        rc = -3;
        break;
      }
      if (s[i] == '\\')
        p->scan_esc = true;
      else
        p->scan_str = false;
      i++;
      continue;
    }
    /* Pretty-printed feeds are a third indentation: runs of spaces eight
     * at a time.  Strings hold no raw newline, so every newline of a
     * skipped record is counted here (the line of a later error). */
    if (s[i] == ' ' || s[i] == '\n') {
      p->scan_lit = false; /* whitespace ends a number or literal */
      const uint64_t spaces = UINT64_C(0x2020202020202020);
      for (;;) {
        uint64_t w;
        while (i + 8 <= len && (memcpy(&w, s + i, 8), w == spaces)) i += 8;
        /* the rest of the run: its length is that of the word's lowest
         * bytes equal to a space (little-endian) */
        if (LITTLE_ENDIAN_WORDS && i + 8 <= len && w != spaces)
          i += (size_t)__builtin_ctzll(w ^ spaces) / 8;
        if (i < len && s[i] == ' ') {
          i++;
        } else if (i < len && s[i] == '\n') {
          p->line++;
          i++;
        } else {
          break;
        }
      }
      if (i == len) break;
    }
    unsigned char c = s[i];
    if (p->scan_lit) {
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
          (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '-') {
        i++;
        continue;
      }
      p->scan_lit = false;
    }
    bool value_ok = st == SC_VALUE || st == SC_VALUE_OR_END;
    bool obj = p->scan_n > 0 && (p->scan_obj >> (p->scan_n - 1)) & 1;
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      p->line += c == '\n';
      i++;
      continue;
    } else if (c == '"') {
      if (st == SC_KEY || st == SC_KEY_OR_END)
        st = SC_COLON;
      else if (value_ok)
        st = SC_AFTER;
      else
        rc = -1;
      p->scan_str = true;
    } else if (c == ':') {
      if (st != SC_COLON) rc = -1;
      st = SC_VALUE;
    } else if (c == ',') {
      if (st != SC_AFTER) rc = -1;
      st = obj ? SC_KEY : SC_VALUE;
    } else if (c == '{' || c == '[') {
      if (!value_ok) {
        rc = -1;
      } else if (p->scan_n >= 63 ||
                 p->rec_depth + p->scan_n >= p->o->max_depth) {
        rc = -2;
      } else {
        if (c == '{')
          p->scan_obj |= UINT64_C(1) << p->scan_n;
        else
          p->scan_obj &= ~(UINT64_C(1) << p->scan_n);
        p->scan_n++;
        st = c == '{' ? SC_KEY_OR_END : SC_VALUE_OR_END;
      }
    } else if (c == '}' || c == ']') {
      bool ok = c == '}' ? obj && (st == SC_KEY_OR_END || st == SC_AFTER)
                         : p->scan_n > 0 && !obj &&
                               (st == SC_VALUE_OR_END || st == SC_AFTER);
      if (!ok) {
        rc = -1;
      } else {
        st = SC_AFTER;
        if (--p->scan_n == 0) {
          i++;
          rc = 1;
          break;
        }
      }
    } else if (value_ok && (c == '-' || (c >= '0' && c <= '9') || c == 't' ||
                            c == 'f' || c == 'n')) {
      p->scan_lit = true;
      st = SC_AFTER;
    } else {
      rc = -1;
    }
    if (rc < 0) break;
    i++;
  }
  p->scan_state = st;
  *used = i;
  return rc;
}

/* After a scanned record: a new yajl handle, put in the state that
 * follows the record (inside its array or object) by a prefix whose
 * tokens the callbacks ignore. */
static int restart(struct parser *p) {
  char pre[8 * 64];
  size_t n = 0;
  for (int i = 0; i < p->rec_depth; i++) {
    const char *t = p->stack[i].v->type == VL_JOBJ ? "{\"k\":" : "[";
    size_t tl = strlen(t);
    memcpy(pre + n, t, tl);
    n += tl;
  }
  memcpy(pre + n, "null", 4);
  n += 4;
  yajl_free(p->h);
  p->h = yajl_alloc(&callbacks, NULL, p);
  if (!p->h) return VL_ENOMEM;
  yajl_config(p->h, yajl_allow_multiple_values, 1);
  yajl_config(p->h, yajl_dont_validate_strings, 0);
  p->muted = true;
  yajl_status st = yajl_parse(p->h, (const unsigned char *)pre, n);
  p->muted = false;
  return st == yajl_status_ok ? 0 : VL_EINTERNAL;
}

/* Feeds one chunk; on error fills d with file, line and yajl's message.
 * A record the peek callback skips after a string is passed over by
 * skip_scan, not yajl; yajl is restarted after it. */
static int feed(struct parser *p, const unsigned char *buf, size_t len,
                bool final) {
  for (;;) {
    if (p->scanning) {
      if (final) {
        vl_diag_set(p->d, VL_EPARSE,
                    "invalid JSON: premature EOF (the file ends too early)");
        vl_diag_where(p->d, p->name, p->line, NULL);
        return VL_EPARSE;
      }
      size_t used = 0;
      int r = skip_scan(p, buf, len, &used); /* counts its newlines */
      if (r < 0) {
        int code = r == -2 ? VL_ETOOBIG : VL_EPARSE;
        if (r == -2)
          vl_diag_set(p->d, code, "nesting too deep");
        else if (r == -3)
          vl_diag_set(p->d, code, "invalid JSON: invalid bytes in UTF8 "
                      "string");
        else if (buf[used] < 0x20 && p->scan_str)
          vl_diag_set(p->d, code, "invalid JSON: a control character in a "
                      "string");
        else
          vl_diag_set(p->d, code, "invalid JSON: unexpected '%c'",
                      buf[used] >= 0x20 && buf[used] < 0x7f ? buf[used] : '?');
        vl_diag_where(p->d, p->name, p->line, NULL);
        return code;
      }
      buf += used;
      len -= used;
      if (r == 0) return 0; /* the record goes on in the next chunk */
      p->scanning = false;
      p->rec = NULL;
      p->depth = p->rec_depth;
      p->rec_index++;
      int rc = restart(p);
      if (rc) return vl_diag_set(p->d, rc, "JSON reader restart failed");
      continue;
    }
    p->chunk = buf;
    p->chunk_scanned = 0;
    yajl_status st = final ? yajl_complete_parse(p->h) : yajl_parse(p->h, buf, len);
    if (st == yajl_status_client_canceled && p->scanning && !p->rc) {
      size_t at = yajl_get_bytes_consumed(p->h);
      cur_line(p);
      buf += at;
      len -= at;
      p->chunk = NULL;
      continue;
    }
    if (st == yajl_status_ok) {
      /* Count the rest of the chunk's newlines. */
      if (!final && len > p->chunk_scanned)
        p->line += count_newlines(buf + p->chunk_scanned,
                                  len - p->chunk_scanned);
      p->chunk = NULL;
      return 0;
    }
    if (p->rc) return p->rc;
    long line = final ? p->line : cur_line(p);
    unsigned char *msg = yajl_get_error(p->h, 0, buf, len);
    char clean[256];
    snprintf(clean, sizeof(clean), "%s", msg ? (const char *)msg : "syntax error");
    for (char *c = clean; *c; c++)
      if (*c == '\n') *c = ' ';
    if (msg) yajl_free_error(p->h, msg);
    size_t n = strlen(clean);
    while (n && clean[n - 1] == ' ') clean[--n] = '\0';
    vl_diag_set(p->d, VL_EPARSE, "invalid JSON: %s%s", clean,
                final ? " (the file ends too early)" : "");
    vl_diag_where(p->d, p->name, line, NULL);
    return VL_EPARSE;
  }
}

static const struct vl_json_opts default_opts = {.stream_keys = NULL, .max_record_bytes = 64u << 20,
      .max_root_bytes = 256u << 20, .max_depth = 64};

int vl_json_stream_mem(const char *name, const char *buf, size_t len,
                       const struct vl_json_opts *o,
                       vl_json_record_fn on_record, vl_json_root_fn on_root,
                       void *ud, struct vl_diag *d) {
  struct parser p;
  if (!o) o = &default_opts;
  int rc = parser_init(&p, name, o, on_record, on_root, ud, d);
  if (!rc) rc = feed(&p, (const unsigned char *)buf, len, false);
  if (!rc) rc = feed(&p, NULL, 0, true);
  parser_free(&p);
  return rc;
}

int vl_json_stream_reader(const char *name, vl_json_read_fn read, void *rd,
                          const struct vl_json_opts *o,
                          vl_json_record_fn on_record,
                          vl_json_root_fn on_root, void *ud,
                          struct vl_diag *d) {
  struct parser p;
  if (!o) o = &default_opts;
  int rc = parser_init(&p, name, o, on_record, on_root, ud, d);
  unsigned char *buf = rc ? NULL : malloc(1 << 17);
  if (!rc && !buf) rc = VL_ENOMEM;
  bool any = false;
  while (!rc) {
    long n = read(rd, buf, 1 << 17, d);
    if (n < 0) {
      rc = (int)n;
      vl_diag_where(d, name, p.line, NULL);
      break;
    }
    if (n == 0) break;
    any = true;
    rc = feed(&p, buf, (size_t)n, false);
  }
  if (!rc && !any) {
    vl_diag_where(d, name, 0, NULL);
    rc = vl_diag_set(d, VL_EPARSE, "the file is empty");
  }
  if (!rc) rc = feed(&p, NULL, 0, true);
  free(buf);
  parser_free(&p);
  return rc;
}

/* Reading ahead.  Parsing is the slower part, but reading a feed (the
 * kernel's copy, zlib's inflating or copying) is a fifth of passing over
 * an unchanged one; for a large file a thread reads the next chunks while
 * the caller parses.  Chunks go through a vl_pipe and come back through
 * another for reuse. */
#define CHUNK (1 << 17)
#define AHEAD 4                /* chunks in flight */

struct chunk {
  unsigned char data[CHUNK];
  int n;          /* bytes in data; 0 at the end; -1 after a read error */
  int zerr;       /* gzerror's code then (Z_ERRNO: errnum) */
  int errnum;
  char msg[128];  /* gzerror's message */
};

struct reader {
  gzFile gz;
  struct vl_pipe *full, *empty;  /* filled chunks, chunks to refill */
};

/* Reads one chunk; n = 0 at the end, -1 on an error (with its codes), and
 * Z_BUF_ERROR in zerr for a gzip stream cut short. */
static void read_chunk(gzFile gz, struct chunk *c) {
  c->n = gzread(gz, c->data, CHUNK);
  c->zerr = Z_OK;
  if (c->n <= 0) {
    const char *m = gzerror(gz, &c->zerr);
    c->errnum = errno;
    snprintf(c->msg, sizeof(c->msg), "%s", m ? m : "");
    if (c->n < 0) c->n = -1;
  }
}

static void *reader_main(void *arg) {
  struct reader *r = arg;
  struct chunk *c;
  while ((c = vl_pipe_pop(r->empty))) {
    read_chunk(r->gz, c);
    if (!vl_pipe_push(r->full, c) || c->n <= 0) break;
  }
  vl_pipe_close(r->full);
  return NULL;
}

int vl_json_stream_file(const char *path, const struct vl_json_opts *o,
                        vl_json_record_fn on_record, vl_json_root_fn on_root,
                        void *ud, struct vl_diag *d) {
  struct parser p;
  if (!o) o = &default_opts;
  gzFile gz = gzopen(path, "rb");
  if (!gz) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open: %s", strerror(errno));
  }
  gzbuffer(gz, CHUNK);
  int rc = parser_init(&p, path, o, on_record, on_root, ud, d);
  bool ahead = vl_file_at_least(path, VL_LARGE_FILE);
  size_t nchunks = ahead ? AHEAD : 1;
  struct chunk *chunks = calloc(nchunks, sizeof(*chunks));
  struct reader r = {gz, NULL, NULL};
  pthread_t th;
  if (!chunks) rc = VL_ENOMEM;
  if (!rc && ahead) {
    if (vl_pipe_new(AHEAD, &r.full) || vl_pipe_new(AHEAD, &r.empty)) {
      rc = VL_ENOMEM;
    } else {
      for (size_t i = 0; i < AHEAD; i++) vl_pipe_push(r.empty, &chunks[i]);
      /* No thread: read in this one. */
      if (pthread_create(&th, NULL, reader_main, &r)) ahead = false;
    }
  }
  bool any = false;
  while (!rc) {
    struct chunk *c = &chunks[0];
    if (ahead) {
      if (!(c = vl_pipe_pop(r.full))) break; /* cannot happen: n <= 0 ends */
    } else {
      read_chunk(gz, c);
    }
    if (c->n < 0) {
      vl_diag_where(d, path, p.line, NULL);
      rc = vl_diag_set(d, VL_EIO, "read failed: %s",
                       c->zerr == Z_ERRNO ? strerror(c->errnum) : c->msg);
      break;
    }
    if (c->n == 0) {
      /* zlib reports a stream cut short only through gzerror. */
      if (c->zerr == Z_BUF_ERROR) {
        vl_diag_where(d, path, p.line, NULL);
        rc = vl_diag_set(d, VL_EPARSE,
                         "truncated gzip stream (the file ends too early)");
      }
      break;
    }
    any = true;
    rc = feed(&p, c->data, (size_t)c->n, false);
    if (ahead) vl_pipe_push(r.empty, c);
  }
  if (ahead) {
    /* Stop the reader wherever it is: it ends at its next pop or push. */
    vl_pipe_stop(r.full);
    vl_pipe_close(r.empty);
    pthread_join(th, NULL);
  }
  if (!rc && !any) {
    vl_diag_where(d, path, 0, NULL);
    rc = vl_diag_set(d, VL_EPARSE, "the file is empty");
  }
  if (!rc) rc = feed(&p, NULL, 0, true);
  vl_pipe_free(r.full);
  vl_pipe_free(r.empty);
  free(chunks);
  gzclose(gz);
  parser_free(&p);
  return rc;
}
