/* The document builder behind reports: Markdown or self-contained HTML. */
#include <string.h>

#include "vl_doc.h"

static void raw(struct vl_doc *d, const char *s) {
  if (!d->err) d->err = vl_buf_puts(d->out, s);
}

/* Escapes text for the format: HTML entities, or Markdown's table and
 * emphasis characters (newlines become spaces so a cell stays a cell). */
static void text(struct vl_doc *d, const char *s) {
  for (; s && *s && !d->err; s++) {
    char c = *s;
    if (d->fmt == VL_REPORT_HTML) {
      switch (c) {
        case '&': raw(d, "&amp;"); continue;
        case '<': raw(d, "&lt;"); continue;
        case '>': raw(d, "&gt;"); continue;
        case '"': raw(d, "&quot;"); continue;
        default: break;
      }
    } else {
      if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' ||
          c == '[' || c == ']') {
        char e[3] = {'\\', c, 0};
        raw(d, e);
        continue;
      }
      if (c == '\n' || c == '\r') c = ' ';
    }
    d->err = vl_buf_putc(d->out, c);
  }
}

void vl_doc_begin(struct vl_doc *d, const char *title, const char *lang) {
  if (d->fmt == VL_REPORT_HTML) {
    raw(d, "<!DOCTYPE html>\n<html lang=\"");
    text(d, lang);
    raw(d,
        "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    text(d, title);
    raw(d,
        "</title>\n<style>\nbody{font-family:system-ui,'Hiragino Sans',"
        "'Noto Sans CJK JP',sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;color:#1a1a1a;line-height:1.5}\n"
        "table{border-collapse:collapse;width:100%;margin:1rem 0}\n"
        "th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;"
        "vertical-align:top;font-size:.9rem}\nth{background:#f2f2f2}\n"
        ".status{font-size:1.1rem;padding:.6rem;background:#eef6ee;"
        "border-left:4px solid #2a7a2a}\n</style>\n</head>\n<body>\n<h1>");
    text(d, title);
    raw(d, "</h1>\n");
  } else {
    raw(d, "# ");
    text(d, title);
    raw(d, "\n\n");
  }
}

void vl_doc_end(struct vl_doc *d) {
  if (d->fmt == VL_REPORT_HTML) raw(d, "</body>\n</html>\n");
}

void vl_doc_h(struct vl_doc *d, int level, const char *t) {
  if (d->fmt == VL_REPORT_HTML) {
    raw(d, level == 2 ? "<h2>" : "<h3>");
    text(d, t);
    raw(d, level == 2 ? "</h2>\n" : "</h3>\n");
  } else {
    raw(d, level == 2 ? "## " : "### ");
    text(d, t);
    raw(d, "\n\n");
  }
}

void vl_doc_p(struct vl_doc *d, const char *t) {
  raw(d, d->fmt == VL_REPORT_HTML ? "<p>" : "");
  text(d, t);
  raw(d, d->fmt == VL_REPORT_HTML ? "</p>\n" : "\n\n");
}

void vl_doc_strong(struct vl_doc *d, const char *t) {
  raw(d, d->fmt == VL_REPORT_HTML ? "<p class=\"status\"><strong>" : "**");
  text(d, t);
  raw(d, d->fmt == VL_REPORT_HTML ? "</strong></p>\n" : "**\n\n");
}

void vl_doc_kv(struct vl_doc *d, const char *k, const char *v) {
  if (d->fmt == VL_REPORT_HTML) {
    raw(d, "<p><strong>");
    text(d, k);
    raw(d, ":</strong> ");
    text(d, v);
    raw(d, "</p>\n");
  } else {
    raw(d, "- **");
    text(d, k);
    raw(d, "**: ");
    text(d, v);
    raw(d, "\n");
  }
}

void vl_doc_list_item(struct vl_doc *d, const char *t) {
  raw(d, d->fmt == VL_REPORT_HTML ? "<ul><li>" : "- ");
  text(d, t);
  raw(d, d->fmt == VL_REPORT_HTML ? "</li></ul>\n" : "\n");
}

void vl_doc_list_end(struct vl_doc *d) {
  if (d->fmt == VL_REPORT_MD) raw(d, "\n");
}

void vl_doc_table(struct vl_doc *d, const char *const *head, int n) {
  if (d->fmt == VL_REPORT_HTML) {
    raw(d, "<table>\n<tr>");
    for (int i = 0; i < n; i++) {
      raw(d, "<th>");
      text(d, head[i]);
      raw(d, "</th>");
    }
    raw(d, "</tr>\n");
  } else {
    raw(d, "|");
    for (int i = 0; i < n; i++) {
      raw(d, " ");
      text(d, head[i]);
      raw(d, " |");
    }
    raw(d, "\n|");
    for (int i = 0; i < n; i++) raw(d, "---|");
    raw(d, "\n");
  }
}

void vl_doc_row(struct vl_doc *d, const char *const *cells, int n) {
  raw(d, d->fmt == VL_REPORT_HTML ? "<tr>" : "|");
  for (int i = 0; i < n; i++) {
    raw(d, d->fmt == VL_REPORT_HTML ? "<td>" : " ");
    text(d, cells[i] ? cells[i] : "");
    raw(d, d->fmt == VL_REPORT_HTML ? "</td>" : " |");
  }
  raw(d, d->fmt == VL_REPORT_HTML ? "</tr>\n" : "\n");
}

void vl_doc_table_end(struct vl_doc *d) {
  raw(d, d->fmt == VL_REPORT_HTML ? "</table>\n" : "\n");
}
