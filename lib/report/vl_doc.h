/* Private to lib/report: one document, two renderings (Markdown, HTML).
 * Text passed in is plain; escaping is done here. */
#ifndef VL_DOC_H
#define VL_DOC_H

#include "vulnloop/report.h"

struct vl_doc {
  struct vl_buf *out;         /* borrowed */
  enum vl_report_format fmt;
  int err;                    /* first error, sticky */
};

void vl_doc_begin(struct vl_doc *d, const char *title, const char *lang);
void vl_doc_end(struct vl_doc *d);
void vl_doc_h(struct vl_doc *d, int level, const char *text);
void vl_doc_p(struct vl_doc *d, const char *text);
/* A bold lead-in paragraph (the status line). */
void vl_doc_strong(struct vl_doc *d, const char *text);
void vl_doc_kv(struct vl_doc *d, const char *key, const char *value);
void vl_doc_list_item(struct vl_doc *d, const char *text);
void vl_doc_list_end(struct vl_doc *d);
void vl_doc_table(struct vl_doc *d, const char *const *head, int n);
void vl_doc_row(struct vl_doc *d, const char *const *cells, int n);
void vl_doc_table_end(struct vl_doc *d);

#endif
