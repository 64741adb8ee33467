/* The vulnloop command: shared declarations of the front end.
 *
 * Each command group lives in cli/cmd_<group>.c and exports one function
 * `int cmd_<group>(struct cli_ctx *ctx, int argc, char **argv)` that returns
 * the process exit status (0 ok, 1 failure, 2 usage).  argv[0] is the group
 * name.  Commands call only the public API in include/. */
#ifndef VULNLOOP_CLI_H
#define VULNLOOP_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "vulnloop/core.h"

struct vl_store;

struct cli_ctx {
  const char *db_path;  /* --db, default ./vulnloop.db */
  const char *tenant;   /* --tenant, default "default" */
  const char *lang;     /* --lang: "en" or "ja" */
  bool json;            /* --json */
  const char *user;     /* who acts: $VULNLOOP_USER or $USER */
  struct vl_store *store; /* opened lazily by cli_store() */
};

/* Opens (creating and migrating) the store named by --db on first use.
 * Returns NULL after printing the error. */
struct vl_store *cli_store(struct cli_ctx *ctx);

/* Prints "vulnloop: <formatted diag>" to stderr and returns 1. */
int cli_fail(const struct vl_diag *d, int rc);
/* Prints "vulnloop: <message>" to stderr and returns 2 (usage error). */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes b->data to stdout. */
void cli_print_buf(const struct vl_buf *b);

/* Finds "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i past it.
 * Returns 1 if matched (value in *val), 0 if not, -1 if the value is
 * missing (after printing a usage error). */
int cli_opt(int argc, char **argv, int *i, const char *name, const char **val);

/* Opens the store and resolves --tenant into vc; prints and returns 1 on
 * failure. */
struct vl_ctx;
int cli_open_ctx(struct cli_ctx *ctx, struct vl_ctx *vc);
/* Takes --json and --lang en|ja given after a command's name (as in
 * `vulnloop vuln show ID --json`) into ctx, removing them from argv and
 * updating *argc. */
void cli_trailing_globals(struct cli_ctx *ctx, int *argc, char **argv);

/* Shared output helpers (cli/cmd_cycle.c). */
struct vl_jw;
struct vl_ctx;
/* What a listing callback needs: where to write and how much it wrote. */
struct cli_out {
  struct cli_ctx *ctx;
  struct vl_jw *w;
  const struct vl_ctx *vc;
  long n;
};
void cli_fmt_time(vl_time t, char *buf, size_t size);
void cli_jw_time(struct vl_jw *w, const char *key, vl_time t);
/* Finishes w and prints b; 1 on failure. */
int cli_print_json(struct vl_jw *w, struct vl_buf *b);
int cli_parse_id(const char *s, int64_t *out);
struct vl_finding;
/* One finding (asset, exposure, version, criterion) as a line or a JSON
 * object; ud is a struct cli_out (cli/cmd_scope.c). */
int cli_finding_row(void *ud, const struct vl_finding *f);

/* Re-triages every tenant (after new intelligence); 0 or 1. */
int cli_retriage_all(struct cli_ctx *ctx);

/* asset collect (cli/cmd_asset_collect.c), dispatched by cmd_asset. */
int cmd_asset_collect(struct cli_ctx *ctx, int argc, char **argv);
/* scan import|list (cli/cmd_scan.c). */
int cmd_scan(struct cli_ctx *ctx, int argc, char **argv);
int cmd_version(struct cli_ctx *ctx, int argc, char **argv);
int cmd_cvss(struct cli_ctx *ctx, int argc, char **argv);
int cmd_cpe(struct cli_ctx *ctx, int argc, char **argv);
int cmd_purl(struct cli_ctx *ctx, int argc, char **argv);
/* feed sync / feed status (cli/cmd_feed_sync.c), dispatched by cmd_feed. */
int cmd_feed_sync(struct cli_ctx *ctx, int argc, char **argv);
int cmd_feed_status(struct cli_ctx *ctx, int argc, char **argv);

#endif
