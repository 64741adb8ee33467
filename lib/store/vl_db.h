/* Private to lib/store: the SQLite connection and a statement cache.
 *
 * Statements are cached by the address of their SQL text (each query is a
 * static const string), prepared once per connection and reset after use.
 * A PostgreSQL back end would implement the same small set of helpers. */
#ifndef VL_DB_H
#define VL_DB_H

#include <sqlite3.h>

#include "vulnloop/store.h"

/* Slots for every distinct statement text of lib/store (about 160 today):
 * the texts are static, so the cache is bounded by the code, not by the
 * data; a full cache is an error (vl_db_prep), so it keeps room to grow. */
#define VL_STMT_CACHE 512

struct vl_store {
  sqlite3 *db;                          /* the connection */
  const char *cache_sql[VL_STMT_CACHE]; /* SQL text addresses */
  sqlite3_stmt *cache[VL_STMT_CACHE];   /* prepared statements */
  int in_tx;                            /* inside vl_store_begin */
  int bulk;                             /* left WAL for vl_store_begin_bulk */
};

/* Returns the cached prepared statement for sql (reset, bindings cleared),
 * or NULL with d filled. */
sqlite3_stmt *vl_db_prep(struct vl_store *s, const char *sql,
                         struct vl_diag *d);
/* Fills d from the connection's last error; returns VL_EDB. */
int vl_db_err(struct vl_store *s, struct vl_diag *d, const char *what);
/* Executes a statement that returns no rows. */
int vl_db_exec(struct vl_store *s, const char *sql, struct vl_diag *d);
/* Binds text (NULL binds SQL NULL). */
void vl_db_text(sqlite3_stmt *st, int i, const char *v);
/* The same without a copy: v must live until the statement has been
 * stepped (vl_db_prep clears the bindings before the next use). */
void vl_db_text_static(sqlite3_stmt *st, int i, const char *v);
/* Column text or NULL. */
const char *vl_db_col(sqlite3_stmt *st, int i);
/* Steps a statement expected to finish (INSERT/UPDATE). */
int vl_db_done(struct vl_store *s, sqlite3_stmt *st, struct vl_diag *d);

int vl_db_migrate(struct vl_store *s, struct vl_diag *d);

#endif
