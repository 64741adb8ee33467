/* Feed import: format detection, the per-file transaction, field helpers. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "vl_collect_internal.h"
#include "vulnloop/cpe.h"

static int type_err(const char *path, const char *key, const struct vl_jv *v,
                    const char *want, struct vl_diag *d) {
  char p[VL_DIAG_PATH_MAX];
  snprintf(p, sizeof(p), "%s.%s", path, key);
  vl_diag_where(d, NULL, v->line, p);
  return vl_diag_set(d, VL_ETYPE, "expected %s, found %s", want,
                     vl_jv_type_name(v->type));
}

static int missing(const struct vl_jv *o, const char *path, const char *key,
                   struct vl_diag *d) {
  char p[VL_DIAG_PATH_MAX];
  snprintf(p, sizeof(p), "%s.%s", path, key);
  vl_diag_where(d, NULL, o ? o->line : -1, p);
  return vl_diag_set(d, VL_EINVAL, "required field is missing");
}

int vl_opt_str(const struct vl_jv *o, const char *key, const char *path,
               const char **out, struct vl_diag *d) {
  const struct vl_jv *v = vl_jv_get(o, key);
  *out = NULL;
  if (!v || v->type == VL_JNULL) return 0;
  if (v->type != VL_JSTR) return type_err(path, key, v, "a string", d);
  *out = v->s;
  return 0;
}

int vl_need_str(const struct vl_jv *o, const char *key, const char *path,
                const char **out, struct vl_diag *d) {
  int rc = vl_opt_str(o, key, path, out, d);
  if (rc) return rc;
  if (!*out || !**out) return missing(o, path, key, d);
  return 0;
}

int vl_opt_time(const struct vl_jv *o, const char *key, const char *path,
                vl_time *out, struct vl_diag *d) {
  const char *s;
  *out = 0;
  int rc = vl_opt_str(o, key, path, &s, d);
  if (rc || !s || !*s) return rc;
  if (vl_time_parse(s, out) != 0) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s.%s", path, key);
    vl_diag_where(d, NULL, vl_jv_get(o, key)->line, p);
    return vl_diag_set(d, VL_EINVAL, "not a date/time: \"%.60s\"", s);
  }
  return 0;
}

int vl_need_time(const struct vl_jv *o, const char *key, const char *path,
                 vl_time *out, struct vl_diag *d) {
  const char *s;
  int rc = vl_need_str(o, key, path, &s, d);
  if (rc) return rc;
  return vl_opt_time(o, key, path, out, d);
}

int vl_opt_arr(const struct vl_jv *o, const char *key, const char *path,
               const struct vl_jv **out, struct vl_diag *d) {
  const struct vl_jv *v = vl_jv_get(o, key);
  *out = NULL;
  if (!v || v->type == VL_JNULL) return 0;
  if (v->type != VL_JARR) return type_err(path, key, v, "an array", d);
  *out = v;
  return 0;
}

int vl_opt_obj(const struct vl_jv *o, const char *key, const char *path,
               const struct vl_jv **out, struct vl_diag *d) {
  const struct vl_jv *v = vl_jv_get(o, key);
  *out = NULL;
  if (!v || v->type == VL_JNULL) return 0;
  if (v->type != VL_JOBJ) return type_err(path, key, v, "an object", d);
  *out = v;
  return 0;
}

int vl_affected_from_cpe(struct vl_import *im, struct vl_affected *a,
                         const char *path, struct vl_diag *d) {
  struct vl_cpe_key k;
  int rc = vl_cpe_key_fs(a->criterion, strlen(a->criterion), &k, d);
  if (rc) {
    vl_diag_where(d, NULL, -1, path);
    return rc;
  }
  if (k.vendor.kind != VL_CPE_VALUE || k.vendor.wild ||
      k.product.kind != VL_CPE_VALUE || k.product.wild) {
    vl_diag_where(d, NULL, -1, path);
    return vl_diag_set(d, VL_EINVAL,
                       "CPE criterion without a concrete vendor and product: "
                       "%.100s",
                       a->criterion);
  }
  char part[2] = {k.part, 0};
  a->part = vl_arena_strdup(im->arena, part);
  a->vendor = vl_arena_strdup(im->arena, k.vendor.text);
  a->product = vl_arena_strdup(im->arena, k.product.text);
  if (!a->part || !a->vendor || !a->product) return VL_ENOMEM;
  return 0;
}

/* ------------------------------------------------------------ detection */

enum kind { K_UNKNOWN, K_JSON, K_DEBIAN, K_KEV_CSV, K_EPSS_CSV, K_EXPLOITDB_CSV, K_XML,
            K_ZIP, K_CSAF };

/* The Debian security tracker is one object keyed by source package whose
 * values are keyed by CVE (or TEMP-) ids: {"pkg": {"CVE-...": ...  Seen
 * from its first bytes, so that it can be streamed a package at a time. */
static bool debian_tracker_start(const char *p) {
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (*p++ != '{') return false;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (*p++ != '"') return false;
  while (*p && *p != '"') {
    if (*p == '\\') return false;
    p++;
  }
  if (*p++ != '"') return false;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (*p++ != ':') return false;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (*p++ != '{') return false;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  return !strncmp(p, "\"CVE-", 5) || !strncmp(p, "\"TEMP-", 6);
}

static int sniff(const char *path, enum kind *k, struct vl_diag *d) {
  gzFile gz = gzopen(path, "rb");
  if (!gz) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open: %s", strerror(errno));
  }
  char buf[512];
  int n = gzread(gz, buf, sizeof(buf) - 1);
  gzclose(gz);
  if (n < 0) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot read");
  }
  buf[n] = '\0';
  const char *p = buf;
  if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
      (unsigned char)p[2] == 0xBF)
    p += 3;
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  *k = K_UNKNOWN;
  if (n >= 4 && (!memcmp(buf, "PK\003\004", 4) ||
                 !memcmp(buf, "PK\005\006", 4)))
    *k = K_ZIP; /* an NVD feed, an OSV ecosystem's all.zip, or empty */
  else if (*p == '{' && debian_tracker_start(p))
    *k = K_DEBIAN;
  else if (*p == '{' || *p == '[')
    *k = K_JSON;
  else if (*p == '<')
    *k = K_XML; /* JVN VULDEF or JVNRSS; vl_jvn_import checks the root */
  else if (strncmp(p, "cveID,vendorProject,product", 27) == 0)
    *k = K_KEV_CSV;
  else if (strncmp(p, "#model_version", 14) == 0 ||
           strncmp(p, "cve,epss", 8) == 0)
    *k = K_EPSS_CSV;
  else if (strncmp(p, "id,file,description,date_published,author,type,"
                      "platform,port,date_added,date_updated,verified,codes",
                   99) == 0)
    *k = K_EXPLOITDB_CSV;
  if (n == 0 || !*p) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EPARSE, "the file is empty");
  }
  return 0;
}

struct json_ctx {
  struct vl_import *im;
  long root_values;
  bool container;   /* a page or feed (possibly with zero records) was seen */
};

static int on_record(void *ud, const struct vl_jv *rec,
                     const struct vl_jrec_info *info, struct vl_diag *d) {
  struct json_ctx *jc = ud;
  struct vl_import *im = jc->im;
  char path[VL_DIAG_PATH_MAX];
  if (info->array_key[0])
    snprintf(path, sizeof(path), "$.%s[%zu]", info->array_key, info->index);
  else
    snprintf(path, sizeof(path), "$[%zu]", info->index);
  vl_arena_reset(im->arena);
  int rc;
  if (rec->type != VL_JOBJ) {
    vl_diag_where(d, im->file, info->line, path);
    return vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                       vl_jv_type_name(rec->type));
  }
  const struct vl_jv *cve = vl_jv_get(rec, "cve");
  if (cve && cve->type == VL_JOBJ && vl_jv_get(cve, "CVE_data_meta")) {
    im->st->format = "nvd-1.1";
    rc = vl_nvd11_record(im, rec, path, info->line, d);
  } else if (cve) {
    im->st->format = "nvd-api-2.0";
    char p2[VL_DIAG_PATH_MAX];
    snprintf(p2, sizeof(p2), "%s.cve", path);
    if (cve->type != VL_JOBJ) {
      vl_diag_where(d, im->file, info->line, p2);
      return vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                         vl_jv_type_name(cve->type));
    }
    rc = vl_nvd2_record(im, cve, p2, info->line, d);
  } else if (vl_jv_get(rec, "cveID")) {
    im->st->format = "kev-json";
    rc = vl_kev_json_record(im, rec, path, info->line, d);
  } else if (vl_jv_get(rec, "cveMetadata")) {
    im->st->format = "cve5";
    rc = vl_cve5_record(im, rec, path, info->line, d);
  } else if (vl_osv_like(rec)) {
    im->st->format = "osv";
    rc = vl_osv_record(im, rec, path, info->line, d);
  } else {
    vl_diag_where(d, im->file, info->line, path);
    return vl_diag_set(d, VL_EUNSUPPORTED,
                       "record is neither an NVD, CVE JSON 5 nor KEV entry");
  }
  if (rc) {
    vl_diag_where(d, im->file, d->line > 0 ? -1 : info->line, NULL);
    return rc;
  }
  im->st->records++;
  return 0;
}

/* An NVD API 2.0 record ({"cve": {"id", ..., "lastModified", ...}}) whose
 * stored copy is as new is skipped before it is built: re-importing an
 * unchanged feed costs a parse and a lookup per record.  The NVD writes id
 * and lastModified first; a record that does not is built as usual. */
static int on_peek(void *ud, const struct vl_jv *rec,
                   const struct vl_jrec_info *info, struct vl_diag *d) {
  struct json_ctx *jc = ud;
  const struct vl_jv *cve = rec->type == VL_JOBJ ? rec->child : NULL;
  if (!cve || cve->type != VL_JOBJ || !cve->key || strcmp(cve->key, "cve"))
    return rec->n ? VL_JSON_BUILD : VL_JSON_ASK;
  const char *id = NULL, *mod = NULL;
  for (const struct vl_jv *m = cve->child; m; m = m->next) {
    if (m->type != VL_JSTR) return VL_JSON_BUILD; /* past the header */
    if (!strcmp(m->key, "id"))
      id = m->s;
    else if (!strcmp(m->key, "lastModified"))
      mod = m->s;
  }
  if (!id || !mod) return cve->n < 8 ? VL_JSON_ASK : VL_JSON_BUILD;
  vl_time t, old;
  if (vl_time_parse(mod, &t)) return VL_JSON_BUILD; /* reported when built */
  int rc = vl_store_vuln_modified(jc->im->store, id, "nvd", &old, d);
  if (rc) {
    vl_diag_where(d, jc->im->file, info->line, NULL);
    return rc;
  }
  if (!old || old < t) return VL_JSON_BUILD;
  jc->im->st->format = "nvd-api-2.0";
  jc->im->st->records++;
  jc->im->st->unchanged++;
  return VL_JSON_SKIP;
}

static int on_root(void *ud, const struct vl_jv *root, long line,
                   struct vl_diag *d) {
  struct json_ctx *jc = ud;
  struct vl_import *im = jc->im;
  jc->root_values++;
  if (root->type != VL_JOBJ) return 0; /* a top-level array was streamed */
  /* Containers whose records were streamed: nothing more to do. */
  if (vl_jv_get(root, "vulnerabilities") || vl_jv_get(root, "CVE_Items")) {
    jc->container = true;
    return 0;
  }
  vl_arena_reset(im->arena);
  int rc;
  if (vl_jv_get(root, "cveMetadata")) {
    im->st->format = "cve5";
    rc = vl_cve5_record(im, root, "$", line, d);
  } else if (vl_jv_get(root, "id") && (vl_jv_get(root, "descriptions") ||
                                       vl_jv_get(root, "sourceIdentifier"))) {
    im->st->format = "nvd-api-2.0";
    rc = vl_nvd2_record(im, root, "$", line, d);
  } else if (vl_jv_get(root, "cve")) {
    struct vl_jrec_info info = {im->file, "", 0, line, false};
    return on_record(ud, root, &info, d);
  } else if (vl_alpine_secdb_like(root)) {
    return vl_alpine_secdb(im, root, line, d); /* vl_distro.c */
  } else if (vl_debian_tracker_like(root)) {
    return vl_debian_tracker(im, root, line, d);
  } else if (vl_osv_like(root)) {
    im->st->format = "osv";
    rc = vl_osv_record(im, root, "$", line, d);
  } else if (vl_msf_modules_like(root)) {
    im->st->format = "metasploit-json";
    return vl_msf_modules(im, root, line, d);
  } else {
    vl_diag_where(d, im->file, line, "$");
    return vl_diag_set(d, VL_EUNSUPPORTED,
                       "not a known feed format (NVD API 2.0 page, NVD 1.1 "
                       "feed, NVD cve object, CVE JSON 5 record, CISA KEV, "
                       "OSV record, Metasploit metadata, Debian security "
                       "tracker, Alpine secdb)");
  }
  if (rc) {
    vl_diag_where(d, im->file, d->line > 0 ? -1 : line, NULL);
    return rc;
  }
  im->st->records++;
  return 0;
}

static int on_debian_member(void *ud, const struct vl_jv *rec,
                            const struct vl_jrec_info *info,
                            struct vl_diag *d) {
  struct vl_import *im = ud;
  vl_arena_reset(im->arena);
  int rc = vl_debian_package(im, info->array_key, rec, d);
  if (rc) vl_diag_where(d, im->file, d->line > 0 ? -1 : info->line, NULL);
  return rc;
}

/* ------------------------------------------------------------ NVD .zip */

/* The NVD's legacy yearly feeds (nvdcve-1.1-2023.json.zip) and mirrors of
 * the 2.0 feeds ship one JSON feed in a zip; OSV ships an ecosystem's
 * records as all.zip.  The first regular member's first bytes tell them
 * apart: an NVD feed is an object with one of the keys below near its
 * start.  An NVD zip holds exactly one feed, streamed out of the archive
 * (never held whole); a second feed member is refused, so the file rolls
 * back -- a mirror that bundles years is split by the user, one import,
 * one transaction, per feed. */
static bool nvd_feed_key(const char *p, size_t n) {
  static const char *const keys[] = {"\"CVE_data_type\"", "\"CVE_Items\"",
                                     "\"resultsPerPage\"",
                                     "\"vulnerabilities\"", NULL};
  size_t i = 0;
  if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
    i++;
  if (i >= n || p[i] != '{') return false;
  for (; i < n; i++) {
    if (p[i] != '"' || p[i - 1] == '\\') continue;
    for (const char *const *k = keys; *k; k++) {
      size_t kl = strlen(*k);
      if (n - i < kl || memcmp(p + i, *k, kl)) continue;
      size_t j = i + kl;
      while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r' || p[j] == '\n'))
        j++;
      if (j < n && p[j] == ':') return true;
    }
  }
  return false;
}

/* Whether the zip's first regular member starts like an NVD feed.  A zip
 * that cannot be read says no: the OSV path reports the damage. */
static bool zip_holds_nvd(const char *path) {
  struct archive *ar = archive_read_new();
  if (!ar) return false;
  archive_read_support_format_zip(ar);
  bool nvd = false;
  if (archive_read_open_filename(ar, path, 1 << 16) == ARCHIVE_OK) {
    struct archive_entry *e;
    int r;
    while ((r = archive_read_next_header(ar, &e)) == ARCHIVE_OK ||
           r == ARCHIVE_WARN) {
      if (archive_entry_filetype(e) != AE_IFREG) continue;
      char buf[1024];
      size_t n = 0;
      la_ssize_t got;
      while (n < sizeof(buf) &&
             (got = archive_read_data(ar, buf + n, sizeof(buf) - n)) > 0)
        n += (size_t)got;
      nvd = nvd_feed_key(buf, n);
      break;
    }
  }
  archive_read_free(ar);
  return nvd;
}

static long zip_read(void *rd, unsigned char *buf, size_t cap,
                     struct vl_diag *d) {
  struct archive *ar = rd;
  la_ssize_t n = archive_read_data(ar, buf, cap);
  if (n < 0) {
    const char *e = archive_error_string(ar);
    return vl_diag_set(d, VL_EPARSE, "damaged or truncated zip: %s",
                       e ? e : "unknown error");
  }
  return (long)n;
}

static int nvd_zip_import(struct vl_import *im, const struct vl_json_opts *o,
                          struct vl_diag *d) {
  const char *zip = im->file;
  char name[VL_DIAG_FILE_MAX];
  struct archive *ar = archive_read_new();
  if (!ar) return VL_ENOMEM;
  archive_read_support_format_zip(ar);
  int rc = 0;
  long feeds = 0;
  im->st->format = "nvd-zip";
  if (archive_read_open_filename(ar, zip, 1 << 16) != ARCHIVE_OK) {
    const char *e = archive_error_string(ar);
    vl_diag_where(d, zip, 0, NULL);
    rc = vl_diag_set(d, VL_EPARSE, "damaged or truncated zip: %s",
                     e ? e : "unknown error");
    goto out;
  }
  for (;;) {
    struct archive_entry *e;
    int r = archive_read_next_header(ar, &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      const char *m = archive_error_string(ar);
      vl_diag_where(d, zip, 0, NULL);
      rc = vl_diag_set(d, VL_EPARSE, "damaged or truncated zip: %s",
                       m ? m : "unknown error");
      goto out;
    }
    if (archive_entry_filetype(e) != AE_IFREG) continue;
    const char *mname = archive_entry_pathname(e);
    /* Messages name the member: "nvdcve-1.1-2023.json.zip[nvdcve-...]". */
    snprintf(name, sizeof(name), "%s[%s]", zip, mname ? mname : "?");
    if (++feeds > 1) {
      vl_diag_where(d, name, 0, NULL);
      rc = vl_diag_set(d, VL_EUNSUPPORTED,
                       "a second member: an NVD zip holds one feed (import "
                       "each feed as a file of its own)");
      goto out;
    }
    struct json_ctx jc = {im, 0, false};
    long before = im->st->records;
    im->file = name;
    rc = vl_json_stream_reader(name, zip_read, ar, o, on_record, on_root, &jc,
                               d);
    im->file = zip;
    if (rc) goto out;
    if (im->st->records == before && !jc.container) {
      vl_diag_where(d, name, 0, NULL);
      rc = vl_diag_set(d, VL_EINVAL, "no records in the file");
      goto out;
    }
  }
out:
  im->file = zip;
  archive_read_free(ar);
  return rc;
}

int vl_feed_import(struct vl_store *s, const char *path,
                   struct vl_feed_stats *st, struct vl_diag *d) {
  static const char *const keys[] = {"vulnerabilities", "CVE_Items", NULL};
  static const struct vl_json_opts opts = {.stream_keys = keys, .max_record_bytes = 64u << 20,
      .max_root_bytes = 64u << 20, .max_depth = 64, .peek = on_peek,
      .peek_depth = 2};
  struct vl_import im = {s, st, path, NULL};
  memset(st, 0, sizeof(*st));
  st->format = "unknown";
  enum kind k = K_UNKNOWN;
  int rc = sniff(path, &k, d);
  if (rc) return rc;
  /* CSAF is read whole (vl_csaf.c): its "vulnerabilities" must not be
   * streamed as NVD records. */
  if (k == K_JSON && vl_csaf_sniff(path)) k = K_CSAF;
  if (k == K_UNKNOWN) {
    vl_diag_where(d, path, 1, NULL);
    return vl_diag_set(d, VL_EUNSUPPORTED,
                       "not a known feed format (expected JSON, XML, a zip "
                       "archive, or the CISA KEV, EPSS or ExploitDB CSV)");
  }
  if ((rc = vl_arena_new(64u << 20, &im.arena))) return rc;
  if ((rc = vl_store_begin_import(s, path, d))) goto out;
  if (k == K_KEV_CSV) {
    st->format = "kev-csv";
    rc = vl_kev_csv_import(&im, d);
  } else if (k == K_EPSS_CSV) {
    st->format = "epss-csv";
    rc = vl_epss_csv_import(&im, d);
  } else if (k == K_EXPLOITDB_CSV) {
    st->format = "exploitdb-csv";
    rc = vl_exploitdb_csv_import(&im, d);
  } else if (k == K_DEBIAN) {
    /* One package at a time: flat memory whatever the tracker's size. */
    static const struct vl_json_opts dopts = {
        .max_record_bytes = 64u << 20, .max_root_bytes = 16u << 20,
        .max_depth = 64, .stream_members = true};
    st->format = "debian-tracker";
    rc = vl_json_stream_file(path, &dopts, on_debian_member, NULL, &im, d);
  } else if (k == K_XML) {
    rc = vl_jvn_import(&im, d);
  } else if (k == K_ZIP) {
    /* An NVD feed or an OSV ecosystem's all.zip: the first member says. */
    rc = zip_holds_nvd(path) ? nvd_zip_import(&im, &opts, d)
                             : vl_osv_zip_import(&im, d);
  } else if (k == K_CSAF) {
    rc = vl_csaf_import(&im, d);
  } else {
    struct json_ctx jc = {&im, 0, false};
    rc = vl_json_stream_file(path, &opts, on_record, on_root, &jc, d);
    if (!rc && st->records == 0 && !jc.container) {
      vl_diag_where(d, path, 0, NULL);
      rc = vl_diag_set(d, VL_EINVAL, "no records in the file");
    }
  }
  if (rc) {
    vl_store_rollback(s);
    vl_log(VL_LOG_INFO, "%s: rolled back, nothing imported", path);
  } else {
    rc = vl_store_commit(s, d);
    vl_log(VL_LOG_INFO, "%s: %s, %ld records, %ld changed", path, st->format,
           st->records, st->changed);
  }
out:
  vl_arena_free(im.arena);
  if (rc) st->changed = 0;
  return rc;
}
