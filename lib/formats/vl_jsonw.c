/* Streaming JSON writer (see include/vulnloop/jsonw.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vulnloop/jsonw.h"

void vl_jw_init(struct vl_jw *w, struct vl_buf *out, int pretty) {
  memset(w, 0, sizeof(*w));
  w->out = out;
  w->pretty = pretty;
}

static void put(struct vl_jw *w, const char *s, size_t n) {
  if (w->err) return;
  int rc = vl_buf_append(w->out, s, n);
  if (rc) w->err = rc;
}

static void newline(struct vl_jw *w) {
  if (!w->pretty) return;
  put(w, "\n", 1);
  for (int i = 0; i < w->depth; i++) put(w, "  ", 2);
}

/* Called before every value or key: comma and indentation. */
static void before(struct vl_jw *w) {
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  if (w->depth > 0) {
    if (w->need_comma[w->depth]) put(w, ",", 1);
    newline(w);
  }
  if (w->depth < VL_JW_DEPTH_MAX) w->need_comma[w->depth] = true;
}

static void open_(struct vl_jw *w, char c) {
  before(w);
  put(w, &c, 1);
  if (w->depth + 1 >= VL_JW_DEPTH_MAX) {
    w->err = VL_ETOOBIG;
    return;
  }
  w->depth++;
  w->need_comma[w->depth] = false;
}

static void close_(struct vl_jw *w, char c) {
  if (w->depth <= 0) {
    w->err = VL_EINTERNAL;
    return;
  }
  bool had = w->need_comma[w->depth];
  w->depth--;
  if (had) newline(w);
  put(w, &c, 1);
}

void vl_jw_obj_begin(struct vl_jw *w) { open_(w, '{'); }
void vl_jw_obj_end(struct vl_jw *w) { close_(w, '}'); }
void vl_jw_arr_begin(struct vl_jw *w) { open_(w, '['); }
void vl_jw_arr_end(struct vl_jw *w) { close_(w, ']'); }

static void quoted(struct vl_jw *w, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  put(w, "\"", 1);
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    put(w, s + start, i - start);
    char esc[7] = {'\\', 0};
    size_t len = 2;
    switch (c) {
      case '"': esc[1] = '"'; break;
      case '\\': esc[1] = '\\'; break;
      case '\n': esc[1] = 'n'; break;
      case '\r': esc[1] = 'r'; break;
      case '\t': esc[1] = 't'; break;
      case '\b': esc[1] = 'b'; break;
      case '\f': esc[1] = 'f'; break;
      default:
        esc[1] = 'u';
        esc[2] = '0';
        esc[3] = '0';
        esc[4] = hex[c >> 4];
        esc[5] = hex[c & 15];
        len = 6;
    }
    put(w, esc, len);
    start = i + 1;
  }
  put(w, s + start, n - start);
  put(w, "\"", 1);
}

void vl_jw_key(struct vl_jw *w, const char *k) {
  before(w);
  quoted(w, k, strlen(k));
  put(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
  w->after_key = true;
}

void vl_jw_strn(struct vl_jw *w, const char *s, size_t n) {
  before(w);
  quoted(w, s, n);
}

void vl_jw_str(struct vl_jw *w, const char *s) {
  if (!s) {
    vl_jw_null(w);
    return;
  }
  vl_jw_strn(w, s, strlen(s));
}

void vl_jw_int(struct vl_jw *w, int64_t v) {
  char b[32];
  int n = snprintf(b, sizeof(b), "%lld", (long long)v);
  before(w);
  put(w, b, (size_t)n);
}

void vl_jw_double(struct vl_jw *w, double v, int decimals) {
  if (!isfinite(v)) {
    vl_jw_null(w);
    return;
  }
  char b[64];
  int n = snprintf(b, sizeof(b), "%.*f", decimals, v);
  before(w);
  put(w, b, (size_t)n);
}

void vl_jw_bool(struct vl_jw *w, bool v) {
  before(w);
  put(w, v ? "true" : "false", v ? 4 : 5);
}

void vl_jw_null(struct vl_jw *w) {
  before(w);
  put(w, "null", 4);
}

void vl_jw_raw(struct vl_jw *w, const char *json) {
  if (!json) {
    vl_jw_null(w);
    return;
  }
  before(w);
  put(w, json, strlen(json));
}

void vl_jw_kstr(struct vl_jw *w, const char *k, const char *s) {
  vl_jw_key(w, k);
  vl_jw_str(w, s);
}
void vl_jw_kint(struct vl_jw *w, const char *k, int64_t v) {
  vl_jw_key(w, k);
  vl_jw_int(w, v);
}
void vl_jw_kbool(struct vl_jw *w, const char *k, bool v) {
  vl_jw_key(w, k);
  vl_jw_bool(w, v);
}
void vl_jw_kdouble(struct vl_jw *w, const char *k, double v, int decimals) {
  vl_jw_key(w, k);
  vl_jw_double(w, v, decimals);
}

int vl_jw_finish(struct vl_jw *w) {
  if (!w->err && w->depth != 0) w->err = VL_EINTERNAL;
  if (w->pretty) put(w, "\n", 1);
  return w->err;
}
