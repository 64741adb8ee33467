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

/* Re-triages every tenant (after new intelligence); 0 or 1. */
int cli_retriage_all(struct cli_ctx *ctx);

int cmd_version(struct cli_ctx *ctx, int argc, char **argv);
int cmd_cvss(struct cli_ctx *ctx, int argc, char **argv);
int cmd_cpe(struct cli_ctx *ctx, int argc, char **argv);
int cmd_purl(struct cli_ctx *ctx, int argc, char **argv);
/* feed sync / feed status (cli/cmd_feed_sync.c), dispatched by cmd_feed. */
int cmd_feed_sync(struct cli_ctx *ctx, int argc, char **argv);
int cmd_feed_status(struct cli_ctx *ctx, int argc, char **argv);

#endif
