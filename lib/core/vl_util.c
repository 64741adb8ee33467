/* Small shared helpers: whole-file reads (with gzip), hashing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>
#include <zlib.h>

#include "vulnloop/core.h"

bool vl_file_at_least(const char *path, long long min) {
  struct stat sb;
  return path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
         sb.st_size >= min;
}

int vl_read_file(const char *path, size_t max, char **out, size_t *len,
                 struct vl_diag *d) {
  int rc = 0;
  struct vl_buf b;
  vl_buf_init(&b, max);
  gzFile gz = gzopen(path, "rb"); /* reads plain files as they are */
  if (!gz) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open: %s", strerror(errno));
  }
  char chunk[65536];
  for (;;) {
    int n = gzread(gz, chunk, sizeof(chunk));
    if (n < 0) {
      int zerr;
      const char *m = gzerror(gz, &zerr);
      vl_diag_where(d, path, 0, NULL);
      rc = vl_diag_set(d, VL_EIO, "read failed: %s",
                       zerr == Z_ERRNO ? strerror(errno) : m);
      goto out;
    }
    if (n == 0) {
      int zerr;
      gzerror(gz, &zerr);
      if (zerr == Z_BUF_ERROR) {
        vl_diag_where(d, path, 0, NULL);
        rc = vl_diag_set(d, VL_EPARSE,
                         "truncated gzip stream (the file ends too early)");
        goto out;
      }
      break;
    }
    rc = vl_buf_append(&b, chunk, (size_t)n);
    if (rc) {
      vl_diag_where(d, path, 0, NULL);
      rc = vl_diag_set(d, rc, "file is larger than %zu bytes", max);
      goto out;
    }
  }
  *len = b.len;
  *out = vl_buf_steal(&b);
out:
  gzclose(gz);
  vl_buf_free(&b);
  return rc;
}

uint64_t vl_hash64(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ULL;
  }
  return h;
}

void vl_sha256_hex(const void *data, size_t n, char hex[65]) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, data, n);
  sodium_bin2hex(hex, 65, out, sizeof(out));
}
