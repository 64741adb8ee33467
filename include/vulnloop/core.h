/* vulnloop core: errors, diagnostics, arenas, bounded buffers, logging, time.
 *
 * Every public function of libvulnloop returns an int: 0 on success or a
 * negative VL_E* code.  Detail about a failure travels in a caller-owned
 * struct vl_diag (never in a global).  Ownership is stated per function:
 * "borrowed" pointers stay the caller's, "taken" pointers become the
 * callee's, and returned allocations say which _free() releases them.
 * Every _free() function accepts NULL. */
#ifndef VULNLOOP_CORE_H
#define VULNLOOP_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- errors */

enum vl_err {
  VL_OK = 0,
  VL_ENOMEM = -1,     /* allocation failed */
  VL_EINVAL = -2,     /* bad argument or malformed input */
  VL_EIO = -3,        /* read/write failure */
  VL_ENOTFOUND = -4,  /* no such object */
  VL_ETOOBIG = -5,    /* a size, depth or count cap was hit */
  VL_EPARSE = -6,     /* input is not in the expected syntax */
  VL_ETYPE = -7,      /* input has the wrong type at some path */
  VL_EDB = -8,        /* the database reported an error */
  VL_ESTATE = -9,     /* operation not allowed in the current state */
  VL_EUNSUPPORTED = -10, /* format or feature not supported */
  VL_EEXIST = -11,    /* object already exists */
  VL_EDENIED = -12,   /* not permitted */
  VL_ERANGE = -13,    /* value out of range */
  VL_EINTERNAL = -14  /* an invariant broke; a bug */
};

/* Returns a static English description of err; never NULL. */
const char *vl_strerror(int err);
/* Returns the symbolic name ("VL_EPARSE"); never NULL. */
const char *vl_err_name(int err);

/* ------------------------------------------------------------ diagnostics */

#define VL_DIAG_MSG_MAX 512
#define VL_DIAG_PATH_MAX 256
#define VL_DIAG_FILE_MAX 256

/* Where and why an operation failed.  Owned by the caller, usually on the
 * stack; functions fill it only when they fail (and may leave it alone). */
struct vl_diag {
  int code;                        /* the VL_E* code reported */
  char msg[VL_DIAG_MSG_MAX];       /* human-readable message */
  char file[VL_DIAG_FILE_MAX];     /* input file name, "" if none */
  long line;                       /* 1-based input line, 0 if unknown */
  char path[VL_DIAG_PATH_MAX];     /* JSON path / record locator, "" if none */
};

void vl_diag_clear(struct vl_diag *d);
/* Records code and a printf-style message in d (d may be NULL); returns code
 * so that callers can write `return vl_diag_set(d, VL_EINVAL, "...")`. */
int vl_diag_set(struct vl_diag *d, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets the file name, line and path of d; NULL leaves a field unchanged. */
void vl_diag_where(struct vl_diag *d, const char *file, long line,
                   const char *path);
/* Formats "FILE:LINE: PATH: message" into buf (always NUL-terminated). */
void vl_diag_format(const struct vl_diag *d, char *buf, size_t size);

/* ----------------------------------------------------------------- arenas */

/* An arena hands out memory for one unit of work and frees it all at once.
 * Allocations are 16-byte aligned.  The arena has a cap on its total size. */
struct vl_arena;

/* Creates an arena that refuses to grow past max_bytes.  Caller frees with
 * vl_arena_free(). */
int vl_arena_new(size_t max_bytes, struct vl_arena **out);
void vl_arena_free(struct vl_arena *a);
/* Releases everything allocated so far but keeps the first block. */
void vl_arena_reset(struct vl_arena *a);
/* Returns zeroed memory owned by the arena, or NULL past the cap. */
void *vl_arena_alloc(struct vl_arena *a, size_t size);
/* Copies n bytes of s and a NUL into the arena; NULL past the cap. */
char *vl_arena_strndup(struct vl_arena *a, const char *s, size_t n);
char *vl_arena_strdup(struct vl_arena *a, const char *s);
char *vl_arena_printf(struct vl_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t vl_arena_used(const struct vl_arena *a);

/* ------------------------------------------------------- bounded buffers */

/* A growable byte buffer that fails cleanly past its maximum.  The content
 * is always NUL-terminated (the NUL is not counted in len). */
struct vl_buf {
  char *data;   /* owned; NULL until the first append */
  size_t len;   /* bytes used, excluding the terminating NUL */
  size_t cap;   /* bytes allocated */
  size_t max;   /* hard cap on len */
};

void vl_buf_init(struct vl_buf *b, size_t max);
void vl_buf_free(struct vl_buf *b);   /* frees data; b may be reused after init */
void vl_buf_reset(struct vl_buf *b);  /* len = 0, keeps the allocation */
int vl_buf_append(struct vl_buf *b, const void *p, size_t n);
int vl_buf_puts(struct vl_buf *b, const char *s);
int vl_buf_putc(struct vl_buf *b, char c);
int vl_buf_printf(struct vl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vl_buf_vprintf(struct vl_buf *b, const char *fmt, va_list ap);
/* Hands the content to the caller (free() it) and re-initialises b. */
char *vl_buf_steal(struct vl_buf *b);

/* A growable list of ids (for collecting rows before working on them, so
 * that no query stays open during the work).  Zero-initialise; free with
 * vl_ids_free(). */
struct vl_ids {
  int64_t *v;   /* owned */
  size_t n;     /* ids held */
  size_t cap;   /* ids allocated */
};
int vl_ids_push(struct vl_ids *ids, int64_t id);
void vl_ids_free(struct vl_ids *ids);

/* ---------------------------------------------------------------- logging */

enum vl_log_level { VL_LOG_ERROR = 0, VL_LOG_WARN, VL_LOG_INFO, VL_LOG_DEBUG };

/* The logger is the only mutable global: it writes to stderr. */
void vl_log_set_level(enum vl_log_level lvl);
enum vl_log_level vl_log_get_level(void);
void vl_log(enum vl_log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------- time */

/* All times are UTC seconds since the epoch (int64). */
typedef int64_t vl_time;

/* Now, or $VULNLOOP_NOW (ISO 8601) when set, so tests and demos are
 * reproducible. */
vl_time vl_time_now(void);
/* Parses ISO 8601 / RFC 3339 ("2024-06-21", "2024-06-21T19:15:21.473",
 * "2024-06-21T19:15:21Z", "+09:00" offsets).  No zone means UTC. */
int vl_time_parse(const char *s, vl_time *out);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL) into buf. */
void vl_time_format(vl_time t, char *buf, size_t size);
/* Writes "YYYY-MM-DD". */
void vl_time_format_date(vl_time t, char *buf, size_t size);

#define VL_HOUR ((vl_time)3600)
#define VL_DAY ((vl_time)86400)

/* ------------------------------------------------------------------ misc */

/* Reads a whole (small) file into a NUL-terminated malloc'd buffer, refusing
 * files larger than max.  Transparently gunzips .gz content (detected by the
 * magic bytes).  Caller free()s *out. */
int vl_read_file(const char *path, size_t max, char **out, size_t *len,
                 struct vl_diag *d);

/* A file from VL_LARGE_FILE bytes on (as stored, compressed or not) is
 * imported as a bulk write (vl_store_begin_import), read ahead and parsed
 * in threads of their own; a smaller one, the daily kind, in one thread
 * with WAL's one-fsync commit. */
#define VL_LARGE_FILE (8ll << 20)
/* Whether path is a regular file of at least min bytes. */
bool vl_file_at_least(const char *path, long long min);

/* FNV-1a 64-bit hash. */
uint64_t vl_hash64(const void *p, size_t n);

/* SHA-256 of data, as 64 lowercase hex chars + NUL into hex. */
void vl_sha256_hex(const void *data, size_t n, char hex[65]);

#define VL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ pipes */

/* A bounded queue of pointers from one thread to another: how an importer
 * parses in one thread while the one that owns the database connection
 * writes.  The pipe never owns its items: whoever pops one owns it.  A
 * second pipe the other way (batches handed back for reuse) bounds the
 * memory in flight. */
struct vl_pipe;
/* A pipe of at most cap items (cap > 0); vl_pipe_free releases it. */
int vl_pipe_new(size_t cap, struct vl_pipe **out);
void vl_pipe_free(struct vl_pipe *p);
/* Producer: queues item, waiting while the pipe is full.  Returns false,
 * item not taken, when the consumer stopped or the pipe was closed. */
bool vl_pipe_push(struct vl_pipe *p, void *item);
/* Producer: no more items; vl_pipe_pop returns NULL once the rest are
 * taken. */
void vl_pipe_close(struct vl_pipe *p);
/* Consumer: the next item, waiting while none is queued; NULL when the
 * pipe is closed and empty. */
void *vl_pipe_pop(struct vl_pipe *p);
/* Consumer: takes no more items (after an error); the producer's pushes
 * fail from now on, so it stops.  Items still queued stay for vl_pipe_pop
 * (to be released). */
void vl_pipe_stop(struct vl_pipe *p);

#ifdef __cplusplus
}
#endif
#endif
