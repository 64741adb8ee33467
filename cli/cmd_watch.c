/* vulnloop watch: watchlists of vendors, products and keywords, and the
 * news they bring after each import.
 *
 *   vulnloop watch add (--vendor V [--product P] | --keyword K) [--name N]
 *   vulnloop [--json] watch list
 *   vulnloop watch rm ID
 *   vulnloop [--lang en|ja] [--json] watch news [--since TIME] [--all]
 *
 * "news" lists, watch by watch, the vulnerabilities whose records are new
 * or changed since the tenant last looked and that match the watch, then
 * moves each watch's cursor; --all shows the whole change log and --since
 * what was recorded from a time, both without moving cursors.  Usage errors
 * (and bad terms) exit 2; an unknown watch id exits 1.  The --json fields
 * are documented in docs/json.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/store.h"
#include "vulnloop/watch.h"

#define WATCH_JSON_MAX (64u << 20)

static const char *usage_text =
    "usage: vulnloop watch add (--vendor V [--product P] | --keyword K) "
    "[--name NAME]\n"
    "       vulnloop [--json] watch list\n"
    "       vulnloop watch rm ID\n"
    "       vulnloop [--lang en|ja] [--json] watch news [--since TIME] [--all]";

/* Prints s padded with spaces to width terminal columns (CJK characters,
 * which take two, are counted so). */
static void put_padded(const char *s, int width) {
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p & 0xC0) == 0x80) continue;
    w += (*p >= 0xE1 && *p <= 0xE9) || *p == 0xEF ? 2 : 1;
  }
  printf("%s%*s", s, w < width ? width - w : 0, "");
}

/* "vendor fortinet", "vendor openssl, product openssl", "keyword \"x\"". */
static void terms(const struct vl_watch *w, bool ja, char *buf, size_t n) {
  if (w->keyword)
    snprintf(buf, n, ja ? "キーワード \"%s\"" : "keyword \"%s\"", w->keyword);
  else if (w->product)
    snprintf(buf, n, ja ? "ベンダー %s、製品 %s" : "vendor %s, product %s",
             w->vendor, w->product);
  else
    snprintf(buf, n, ja ? "ベンダー %s" : "vendor %s", w->vendor);
}

static void json_time(struct vl_jw *j, const char *k, vl_time t) {
  char buf[32];
  vl_jw_key(j, k);
  if (!t) {
    vl_jw_null(j);
    return;
  }
  vl_time_format(t, buf, sizeof(buf));
  vl_jw_str(j, buf);
}

static void watch_json(struct vl_jw *j, const struct vl_watch *w) {
  vl_jw_obj_begin(j);
  vl_jw_kint(j, "id", w->id);
  vl_jw_kstr(j, "name", w->name);
  vl_jw_kstr(j, "vendor", w->vendor);
  vl_jw_kstr(j, "product", w->product);
  vl_jw_kstr(j, "keyword", w->keyword);
  json_time(j, "created", w->created);
  vl_jw_obj_end(j);
}

/* Prints the JSON in b, or fails if it outgrew its cap. */
static int json_out(struct vl_jw *j, struct vl_buf *b) {
  if (vl_jw_finish(j)) {
    fprintf(stderr, "vulnloop: output too large\n");
    return 1;
  }
  cli_print_buf(b);
  return 0;
}

/* ------------------------------------------------------------------- add */

static int on_added(void *ud, const struct vl_watch *w) {
  struct cli_ctx *ctx = ud;
  if (ctx->json) {
    struct vl_buf b;
    vl_buf_init(&b, 64u << 10);
    struct vl_jw j;
    vl_jw_init(&j, &b, 1);
    watch_json(&j, w);
    int rc = json_out(&j, &b);
    vl_buf_free(&b);
    return rc;
  }
  char t[512];
  terms(w, false, t, sizeof(t));
  printf("watch %lld added: %s (%s)\n", (long long)w->id, w->name, t);
  return 0;
}

static int add(struct cli_ctx *ctx, int argc, char **argv) {
  const char *vendor = NULL, *product = NULL, *keyword = NULL, *name = NULL;
  static const char *const opts[] = {"--vendor", "--product", "--keyword",
                                     "--name"};
  const char **slots[] = {&vendor, &product, &keyword, &name};
  for (int i = 2; i < argc;) {
    const char *v;
    int r = 0;
    size_t k = 0;
    for (; k < VL_ARRAY_LEN(opts); k++)
      if ((r = cli_opt(argc, argv, &i, opts[k], &v))) break;
    if (k == VL_ARRAY_LEN(opts))
      return cli_usage("watch add: unknown option '%s'\n%s", argv[i],
                       usage_text);
    if (r < 0) return 2;
    if (*slots[k]) return cli_usage("watch add: %s given twice", opts[k]);
    *slots[k] = v;
  }
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  int64_t id = 0;
  int rc = vl_watch_add(&vc, name, vendor, product, keyword, &id, &d);
  if (rc == VL_EINVAL) return cli_usage("watch add: %s", d.msg);
  if (rc) return cli_fail(&d, rc);
  if ((rc = vl_store_watches(&vc, id, on_added, ctx, &d)))
    return rc > 0 ? 1 : cli_fail(&d, rc);
  return 0;
}

/* ------------------------------------------------------------------ list */

struct list_ud {
  struct vl_jw *j;   /* JSON output, or NULL for text */
  int n;
};

static int on_listed(void *ud, const struct vl_watch *w) {
  struct list_ud *l = ud;
  l->n++;
  if (l->j) {
    watch_json(l->j, w);
    return 0;
  }
  char t[512], created[32];
  terms(w, false, t, sizeof(t));
  vl_time_format_date(w->created, created, sizeof(created));
  if (l->n == 1) printf("%-4s %-24s %-10s %s\n", "ID", "NAME", "CREATED",
                        "WATCHES");
  printf("%-4lld ", (long long)w->id);
  put_padded(w->name, 24);
  printf(" %-10s %s\n", created, t);
  return 0;
}

static int list(struct cli_ctx *ctx, int argc, char **argv) {
  (void)argv;
  if (argc != 2) return cli_usage("watch list: no arguments expected");
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_buf b;
  vl_buf_init(&b, WATCH_JSON_MAX);
  struct vl_jw j;
  struct list_ud l = {NULL, 0};
  if (ctx->json) {
    vl_jw_init(&j, &b, 1);
    l.j = &j;
    vl_jw_arr_begin(&j);
  }
  int rc = vl_store_watches(&vc, 0, on_listed, &l, &d);
  if (rc) {
    vl_buf_free(&b);
    return cli_fail(&d, rc);
  }
  if (ctx->json) {
    vl_jw_arr_end(&j);
    rc = json_out(&j, &b);
  } else if (!l.n) {
    printf("no watches (tenant %s)\n", ctx->tenant);
  }
  vl_buf_free(&b);
  return rc;
}

/* -------------------------------------------------------------------- rm */

static int rm(struct cli_ctx *ctx, int argc, char **argv) {
  if (argc != 3) return cli_usage("watch rm: one watch id expected\n%s",
                                  usage_text);
  char *end;
  errno = 0;
  long long id = strtoll(argv[2], &end, 10);
  if (end == argv[2] || *end || errno || id <= 0)
    return cli_usage("watch rm: not a watch id: '%.40s'", argv[2]);
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_watch_rm(&vc, id, &d);
  if (rc) return cli_fail(&d, rc);
  if (ctx->json)
    printf("{\n  \"removed\": %lld\n}\n", id);
  else
    printf("watch %lld removed\n", id);
  return 0;
}

/* ------------------------------------------------------------------ news */

struct news_ud {
  bool ja;
  struct vl_jw *j;       /* JSON output, or NULL for text */
  int64_t last_watch;    /* the watch whose header was printed last */
  int n;                 /* items */
};

static int on_item(void *ud, const struct vl_news_item *it) {
  struct news_ud *nu = ud;
  const struct vl_watch *w = it->watch;
  char mod[32], chg[32];
  nu->n++;
  if (nu->j) {
    struct vl_jw *j = nu->j;
    vl_jw_obj_begin(j);
    vl_jw_key(j, "watch");
    watch_json(j, w);
    vl_jw_kstr(j, "id", it->vuln_id);
    vl_jw_key(j, "sources");
    vl_jw_arr_begin(j);
    for (const char *p = it->sources; p && *p;) {
      size_t n = strcspn(p, ",");
      vl_jw_strn(j, p, n);
      p += n;
      if (*p) p++;
    }
    vl_jw_arr_end(j);
    vl_jw_kstr(j, "title", it->title);
    json_time(j, "modified", it->modified);
    json_time(j, "changed", it->changed);
    vl_jw_kstr(j, "why", it->why);
    vl_jw_obj_end(j);
    return 0;
  }
  if (w->id != nu->last_watch) {
    char t[512];
    terms(w, nu->ja, t, sizeof(t));
    printf("%swatch %lld \"%s\" (%s)\n", nu->last_watch ? "\n" : "",
           (long long)w->id, w->name, t);
    nu->last_watch = w->id;
  }
  vl_time_format_date(it->modified, mod, sizeof(mod));
  vl_time_format(it->changed, chg, sizeof(chg));
  printf("  %-20s %s\n", it->vuln_id, it->title ? it->title : "-");
  printf(nu->ja ? "    情報源 %s / 更新 %s / 取込 %s\n"
                : "    sources %s, modified %s, changed %s\n",
         it->sources, mod, chg);
  printf(nu->ja ? "    一致: %s\n" : "    matched: %s\n", it->why);
  return 0;
}

static int news(struct cli_ctx *ctx, int argc, char **argv) {
  struct vl_news_opts o = {false, 0, !strcmp(ctx->lang, "ja")};
  for (int i = 2; i < argc;) {
    const char *v;
    int r;
    if (!strcmp(argv[i], "--all")) {
      o.all = true;
      i++;
    } else if ((r = cli_opt(argc, argv, &i, "--since", &v))) {
      if (r < 0) return 2;
      if (vl_time_parse(v, &o.since) || o.since <= 0)
        return cli_usage("watch news: --since: not a time: '%.60s'", v);
    } else {
      return cli_usage("watch news: unknown option '%s'\n%s", argv[i],
                       usage_text);
    }
  }
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_buf b;
  vl_buf_init(&b, WATCH_JSON_MAX);
  struct vl_jw j;
  struct news_ud nu = {o.ja, NULL, 0, 0};
  if (ctx->json) {
    vl_jw_init(&j, &b, 1);
    nu.j = &j;
    vl_jw_arr_begin(&j);
  }
  int n_watches = 0;
  int rc = vl_watch_news(&vc, &o, on_item, &nu, &n_watches, &d);
  if (rc) {
    vl_buf_free(&b);
    return cli_fail(&d, rc);
  }
  if (ctx->json) {
    vl_jw_arr_end(&j);
    rc = json_out(&j, &b);
  } else if (!n_watches) {
    printf(o.ja ? "ウォッチはありません（テナント %s）\n"
                : "no watches (tenant %s)\n",
           ctx->tenant);
  } else if (!nu.n) {
    printf(o.ja ? "新しい情報はありません（ウォッチ %d 件）\n"
                : "nothing new (%d watches)\n",
           n_watches);
  }
  vl_buf_free(&b);
  return rc;
}

int cmd_watch(struct cli_ctx *ctx, int argc, char **argv) {
  /* --json and --lang may also follow "watch". */
  cli_trailing_globals(ctx, &argc, argv);
  if (argc >= 2 && !strcmp(argv[1], "add")) return add(ctx, argc, argv);
  if (argc >= 2 && !strcmp(argv[1], "list")) return list(ctx, argc, argv);
  if (argc >= 2 && !strcmp(argv[1], "rm")) return rm(ctx, argc, argv);
  if (argc >= 2 && !strcmp(argv[1], "news")) return news(ctx, argc, argv);
  return cli_usage("%s", usage_text);
}
