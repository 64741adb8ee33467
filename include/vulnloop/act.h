/* ④ Act: tickets, their state machine, and the actions taken.
 *
 * States: open -> in_progress -> mitigated | resolved -> verified -> closed,
 * and accepted (risk accepted).  Every change is written to the audit log
 * with its before and after.  Mitigation actions (waf, firewall, config,
 * signature, service-stop) put a ticket in "mitigated" and its findings in
 * "mitigated" until a re-scan shows them gone. */
#ifndef VULNLOOP_ACT_H
#define VULNLOOP_ACT_H

#include <stdbool.h>

#include "vulnloop/core.h"
#include "vulnloop/store.h"

struct vl_ticket_sync_stats {
  long linked;     /* findings put into a ticket */
  long created;    /* tickets created */
};

/* Groups every unresolved finding without a ticket into the ticket of its
 * (vulnerability, fix), creating tickets as needed, and sets each ticket's
 * due date to the earliest due date of its unresolved findings. */
int vl_ticket_sync(const struct vl_ctx *ctx, struct vl_ticket_sync_stats *st,
                   struct vl_diag *d);

enum vl_ticket_verb {
  VL_TICKET_START,    /* -> in_progress */
  VL_TICKET_RESOLVE,  /* -> resolved (fix applied; awaiting re-scan) */
  VL_TICKET_ACCEPT,   /* -> accepted (risk accepted) */
  VL_TICKET_REOPEN,   /* -> open */
  VL_TICKET_CLOSE     /* verified -> closed */
};

/* Applies verb to ticket id; VL_ESTATE with an explanation in d when the
 * state machine does not allow it.  note (may be NULL) goes to the audit
 * log. */
int vl_ticket_transition(const struct vl_ctx *ctx, int64_t id,
                         enum vl_ticket_verb verb, const char *note,
                         struct vl_diag *d);

/* Is kind one of patch, upgrade, waf, firewall, config, signature,
 * service-stop?  *mitigation says whether it is a temporary measure. */
bool vl_action_kind_valid(const char *kind, bool *mitigation);

/* Records an action on ticket id (expires 0: permanent) and moves the
 * ticket: a mitigation to "mitigated", a patch or upgrade from "open" to
 * "in_progress". */
int vl_ticket_act(const struct vl_ctx *ctx, int64_t id, const char *kind,
                  const char *note, vl_time expires, int64_t *action_id,
                  struct vl_diag *d);

#endif
