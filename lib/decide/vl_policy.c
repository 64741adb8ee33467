/* Decision policies: the built-in default, parsing and checking a tenant's
 * policy file (JSON), writing it back, storing it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/decide.h"
#include "vulnloop/json.h"
#include "vulnloop/jsonw.h"

static const char *const model_ids[] = {VL_MODEL_ID_BOD, VL_MODEL_ID_COORD,
                                        VL_MODEL_ID_DEPLOYER, VL_MODEL_ID_SLA};
static const char *const coord_words[4] = {"track", "track*", "attend", "act"};
static const char *const deployer_words[4] = {"defer", "scheduled",
                                              "out-of-cycle", "immediate"};
static const char *const crit_words[4] = {"low", "medium", "high", "critical"};

static struct vl_duration dur(int amount, char unit) {
  struct vl_duration x = {amount, unit};
  return x;
}

static void rule(struct vl_policy *p, const char *name, int kev, int zero_day,
                 int exploited, int exposure, double cvss_min,
                 const char *priority, struct vl_duration due) {
  struct vl_sla_rule *r = &p->rules[p->nrules++];
  memset(r, 0, sizeof(*r));
  snprintf(r->name, sizeof(r->name), "%s", name);
  r->kev = kev;
  r->zero_day = zero_day;
  r->exploited = exploited;
  r->exposure = exposure;
  r->criticality = -1;
  r->cvss_min = cvss_min;
  r->epss_min = -1;
  snprintf(r->priority, sizeof(r->priority), "%s", priority);
  r->due = due;
}

void vl_policy_default(struct vl_policy *p) {
  memset(p, 0, sizeof(*p));
  snprintf(p->primary, sizeof(p->primary), "%s", VL_MODEL_ID_BOD);
  for (int i = 0; i < 4; i++)
    snprintf(p->models[i], sizeof(p->models[i]), "%s", model_ids[i]);
  p->nmodels = 4;
  snprintf(p->timezone, sizeof(p->timezone), "UTC");
  rule(p, "zero-day on an internet-facing asset", -1, 1, -1, 2, -1, "P0",
       dur(24, 'h'));
  rule(p, "actively exploited", -1, -1, 1, -1, -1, "P1", dur(3, 'd'));
  rule(p, "critical severity on an internet-facing asset", -1, -1, -1, 2, 9.0,
       "P1", dur(7, 'd'));
  rule(p, "critical severity", -1, -1, -1, -1, 9.0, "P2", dur(14, 'd'));
  rule(p, "high severity", -1, -1, -1, -1, 7.0, "P2", dur(30, 'd'));
  rule(p, "medium severity", -1, -1, -1, -1, 4.0, "P3", dur(90, 'd'));
  rule(p, "everything else", -1, -1, -1, -1, -1, "P4", dur(180, 'd'));
  p->coord_due[0] = dur(90, 'd');
  p->coord_due[1] = dur(60, 'd');
  p->coord_due[2] = dur(14, 'd');
  p->coord_due[3] = dur(3, 'd');
  p->deployer_due[0] = dur(0, 0);
  p->deployer_due[1] = dur(30, 'd');
  p->deployer_due[2] = dur(7, 'd');
  p->deployer_due[3] = dur(24, 'h');
}

/* ----------------------------------------------------------------- parse */

struct pctx {
  struct vl_policy *p;
  int rc;
};

static int perr(const struct vl_jv *v, const char *path, struct vl_diag *d,
                const char *fmt, const char *arg) {
  vl_diag_where(d, NULL, v ? v->line : -1, path);
  return vl_diag_set(d, VL_EINVAL, fmt, arg);
}

static int parse_duration(const struct vl_jv *v, const char *path,
                          struct vl_duration *out, struct vl_diag *d) {
  if (v->type == VL_JNULL) {
    *out = dur(0, 0);
    return 0;
  }
  if (v->type != VL_JSTR)
    return perr(v, path, d, "expected a duration such as \"24h\", \"14d\" or "
                            "\"10bd\" (or null), found %s",
                vl_jv_type_name(v->type));
  const char *s = v->s;
  char *end;
  long n = strtol(s, &end, 10);
  char unit = 0;
  if (end != s && n > 0 && n <= 3650) {
    if (!strcmp(end, "h")) unit = 'h';
    else if (!strcmp(end, "d")) unit = 'd';
    else if (!strcmp(end, "bd")) unit = 'b';
  }
  if (!unit)
    return perr(v, path, d,
                "'%s' is not a duration (24h, 14d, 10bd: 1 to 3650)", s);
  *out = dur((int)n, unit);
  return 0;
}

static int model_known(const char *m) {
  for (size_t i = 0; i < VL_ARRAY_LEN(model_ids); i++)
    if (!strcmp(m, model_ids[i])) return 1;
  return 0;
}

static int parse_rule(const struct vl_jv *r, const char *path,
                      struct vl_sla_rule *out, struct vl_diag *d) {
  char p[VL_DIAG_PATH_MAX];
  if (r->type != VL_JOBJ)
    return perr(r, path, d, "expected an object, found %s",
                vl_jv_type_name(r->type));
  memset(out, 0, sizeof(*out));
  out->kev = out->zero_day = out->exploited = out->exposure = -1;
  out->criticality = -1;
  out->cvss_min = out->epss_min = -1;
  bool have_due = false, have_prio = false;
  for (const struct vl_jv *m = r->child; m; m = m->next) {
    snprintf(p, sizeof(p), "%s.%s", path, m->key);
    if (!strcmp(m->key, "name")) {
      if (m->type != VL_JSTR) return perr(m, p, d, "expected a string%s", "");
      snprintf(out->name, sizeof(out->name), "%s", m->s);
    } else if (!strcmp(m->key, "priority")) {
      if (m->type != VL_JSTR || strlen(m->s) != 2 || m->s[0] != 'P' ||
          m->s[1] < '0' || m->s[1] > '4')
        return perr(m, p, d, "expected a priority P0 to P4%s", "");
      snprintf(out->priority, sizeof(out->priority), "%s", m->s);
      have_prio = true;
    } else if (!strcmp(m->key, "due")) {
      int rc = parse_duration(m, p, &out->due, d);
      if (rc) return rc;
      have_due = true;
    } else if (!strcmp(m->key, "if")) {
      if (m->type != VL_JOBJ)
        return perr(m, p, d, "expected an object of conditions%s", "");
      for (const struct vl_jv *c = m->child; c; c = c->next) {
        char pc[VL_DIAG_PATH_MAX];
        snprintf(pc, sizeof(pc), "%s.%s", p, c->key);
        int *flag = !strcmp(c->key, "kev")         ? &out->kev
                    : !strcmp(c->key, "zero_day")  ? &out->zero_day
                    : !strcmp(c->key, "exploited") ? &out->exploited
                                                   : NULL;
        if (flag) {
          if (c->type != VL_JBOOL) return perr(c, pc, d, "expected true or false%s", "");
          *flag = c->b;
        } else if (!strcmp(c->key, "exposure")) {
          if (c->type != VL_JSTR ||
              (strcmp(c->s, "internet") && strcmp(c->s, "internal")))
            return perr(c, pc, d, "expected \"internet\" or \"internal\"%s", "");
          out->exposure = !strcmp(c->s, "internet") ? 2 : 1;
        } else if (!strcmp(c->key, "criticality_min")) {
          int k = -1;
          for (int i = 0; i < 4 && c->type == VL_JSTR; i++)
            if (!strcmp(c->s, crit_words[i])) k = i;
          if (k < 0)
            return perr(c, pc, d, "expected low, medium, high or critical%s", "");
          out->criticality = k;
        } else if (!strcmp(c->key, "cvss_min") || !strcmp(c->key, "epss_min")) {
          double max = c->key[0] == 'c' ? 10.0 : 1.0;
          if (c->type != VL_JNUM || c->num < 0 || c->num > max)
            return perr(c, pc, d, "expected a number in range%s", "");
          if (c->key[0] == 'c')
            out->cvss_min = c->num;
          else
            out->epss_min = c->num;
        } else {
          return perr(c, pc, d,
                      "unknown condition '%s' (kev, zero_day, exploited, "
                      "exposure, criticality_min, cvss_min, epss_min)",
                      c->key);
        }
      }
    } else {
      return perr(m, p, d, "unknown field '%s' (name, if, priority, due)",
                  m->key);
    }
  }
  if (!have_due || !have_prio)
    return perr(r, path, d, "a rule needs \"priority\" and \"due\"%s", "");
  if (!out->name[0]) snprintf(out->name, sizeof(out->name), "%s", "rule");
  return 0;
}

static int parse_policy(const struct vl_jv *root, struct vl_policy *p,
                        struct vl_diag *d) {
  char path[VL_DIAG_PATH_MAX];
  int rc;
  if (root->type != VL_JOBJ)
    return perr(root, "$", d, "a policy is a JSON object, found %s",
                vl_jv_type_name(root->type));
  for (const struct vl_jv *m = root->child; m; m = m->next) {
    snprintf(path, sizeof(path), "$.%s", m->key);
    if (!strcmp(m->key, "primary")) {
      if (m->type != VL_JSTR || !model_known(m->s))
        return perr(m, path, d,
                    "expected one of bod-26-04, ssvc-coordinator, "
                    "ssvc-deployer, sla%s",
                    "");
      snprintf(p->primary, sizeof(p->primary), "%s", m->s);
    } else if (!strcmp(m->key, "models")) {
      if (m->type != VL_JARR || m->n == 0 || m->n > 4)
        return perr(m, path, d, "expected an array of 1 to 4 model ids%s", "");
      p->nmodels = 0;
      size_t i = 0;
      for (const struct vl_jv *e = m->child; e; e = e->next, i++) {
        char pe[VL_DIAG_PATH_MAX];
        snprintf(pe, sizeof(pe), "%s[%zu]", path, i);
        if (e->type != VL_JSTR || !model_known(e->s))
          return perr(e, pe, d, "unknown model (bod-26-04, ssvc-coordinator, "
                                "ssvc-deployer, sla)%s", "");
        for (int k = 0; k < p->nmodels; k++)
          if (!strcmp(p->models[k], e->s))
            return perr(e, pe, d, "model '%s' is listed twice", e->s);
        snprintf(p->models[p->nmodels++], sizeof(p->models[0]), "%s", e->s);
      }
    } else if (!strcmp(m->key, "timezone")) {
      if (m->type != VL_JSTR) return perr(m, path, d, "expected a string%s", "");
      struct vl_diag tz;
      vl_diag_clear(&tz);
      if (vl_tz_check(m->s, &tz)) return perr(m, path, d, "%s", tz.msg);
      snprintf(p->timezone, sizeof(p->timezone), "%s", m->s);
    } else if (!strcmp(m->key, "business_days")) {
      if (m->type != VL_JBOOL) return perr(m, path, d, "expected true or false%s", "");
      p->business_days = m->b;
    } else if (!strcmp(m->key, "holidays")) {
      if (m->type != VL_JARR || m->n > VL_POLICY_HOLIDAYS)
        return perr(m, path, d, "expected an array of up to 64 dates%s", "");
      size_t i = 0;
      p->nholidays = 0;
      for (const struct vl_jv *e = m->child; e; e = e->next, i++) {
        char pe[VL_DIAG_PATH_MAX];
        vl_time t;
        snprintf(pe, sizeof(pe), "%s[%zu]", path, i);
        if (e->type != VL_JSTR || strlen(e->s) != 10 || vl_time_parse(e->s, &t))
          return perr(e, pe, d, "expected a date YYYY-MM-DD%s", "");
        snprintf(p->holidays[p->nholidays++], 11, "%s", e->s);
      }
    } else if (!strcmp(m->key, "sla")) {
      if (m->type != VL_JARR || m->n == 0 || m->n > VL_POLICY_RULES)
        return perr(m, path, d, "expected an array of 1 to 32 rules%s", "");
      p->nrules = 0;
      size_t i = 0;
      for (const struct vl_jv *e = m->child; e; e = e->next, i++) {
        char pe[VL_DIAG_PATH_MAX];
        snprintf(pe, sizeof(pe), "%s[%zu]", path, i);
        if ((rc = parse_rule(e, pe, &p->rules[p->nrules], d))) return rc;
        p->nrules++;
      }
    } else if (!strcmp(m->key, "ssvc_due")) {
      if (m->type != VL_JOBJ) return perr(m, path, d, "expected an object%s", "");
      for (const struct vl_jv *e = m->child; e; e = e->next) {
        char pe[VL_DIAG_PATH_MAX];
        snprintf(pe, sizeof(pe), "%s.%s", path, e->key);
        struct vl_duration *slot = NULL;
        for (int k = 0; k < 4; k++) {
          if (!strcmp(e->key, coord_words[k])) slot = &p->coord_due[k];
          if (!strcmp(e->key, deployer_words[k])) slot = &p->deployer_due[k];
        }
        if (!slot)
          return perr(e, pe, d,
                      "unknown SSVC outcome '%s' (track, track*, attend, act, "
                      "defer, scheduled, out-of-cycle, immediate)",
                      e->key);
        if ((rc = parse_duration(e, pe, slot, d))) return rc;
      }
    } else {
      return perr(m, path, d,
                  "unknown field '%s' (primary, models, timezone, "
                  "business_days, holidays, sla, ssvc_due)",
                  m->key);
    }
  }
  /* The primary model is always shown, first. */
  int at = -1;
  for (int k = 0; k < p->nmodels; k++)
    if (!strcmp(p->models[k], p->primary)) at = k;
  if (at < 0) {
    if (p->nmodels == 4)
      return perr(root, "$.models", d,
                  "the primary model '%s' must be among the models shown",
                  p->primary);
    memmove(p->models[1], p->models[0], sizeof(p->models[0]) * (size_t)p->nmodels);
    p->nmodels++;
    at = 0;
    snprintf(p->models[0], sizeof(p->models[0]), "%s", p->primary);
  } else if (at > 0) {
    char tmp[24];
    memcpy(tmp, p->models[at], sizeof(tmp));
    memmove(p->models[1], p->models[0], sizeof(p->models[0]) * (size_t)at);
    memcpy(p->models[0], tmp, sizeof(tmp));
  }
  return 0;
}

static int on_root(void *ud, const struct vl_jv *root, long line,
                   struct vl_diag *d) {
  (void)line;
  struct pctx *c = ud;
  if (c->rc) return 0;
  c->rc = parse_policy(root, c->p, d);
  return c->rc;
}

int vl_policy_parse(const char *name, const char *text, size_t len,
                    struct vl_policy *out, struct vl_diag *d) {
  static const struct vl_json_opts o = {.stream_keys = NULL, .max_record_bytes = 1 << 20,
      .max_root_bytes = 4 << 20, .max_depth = 16};
  vl_policy_default(out);
  struct pctx c = {out, 0};
  int rc = vl_json_stream_mem(name, text, len, &o, NULL, on_root, &c, d);
  if (rc) {
    vl_diag_where(d, name, -1, NULL);
    if (rc == VL_EPARSE && !len) vl_diag_set(d, VL_EPARSE, "the policy is empty");
  }
  return rc;
}

/* ----------------------------------------------------------------- write */

static void jw_duration(struct vl_jw *w, const char *key,
                        const struct vl_duration *x) {
  vl_jw_key(w, key);
  if (!x->unit) {
    vl_jw_null(w);
    return;
  }
  char b[16];
  snprintf(b, sizeof(b), "%d%s", x->amount,
           x->unit == 'h' ? "h" : x->unit == 'd' ? "d" : "bd");
  vl_jw_str(w, b);
}

int vl_policy_to_json(const struct vl_policy *p, struct vl_buf *out) {
  struct vl_jw w;
  vl_jw_init(&w, out, 1);
  vl_jw_obj_begin(&w);
  vl_jw_kstr(&w, "primary", p->primary);
  vl_jw_key(&w, "models");
  vl_jw_arr_begin(&w);
  for (int i = 0; i < p->nmodels; i++) vl_jw_str(&w, p->models[i]);
  vl_jw_arr_end(&w);
  vl_jw_kstr(&w, "timezone", p->timezone);
  vl_jw_kbool(&w, "business_days", p->business_days);
  vl_jw_key(&w, "holidays");
  vl_jw_arr_begin(&w);
  for (int i = 0; i < p->nholidays; i++) vl_jw_str(&w, p->holidays[i]);
  vl_jw_arr_end(&w);
  vl_jw_key(&w, "sla");
  vl_jw_arr_begin(&w);
  for (int i = 0; i < p->nrules; i++) {
    const struct vl_sla_rule *r = &p->rules[i];
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "name", r->name);
    vl_jw_key(&w, "if");
    vl_jw_obj_begin(&w);
    if (r->kev >= 0) vl_jw_kbool(&w, "kev", r->kev);
    if (r->zero_day >= 0) vl_jw_kbool(&w, "zero_day", r->zero_day);
    if (r->exploited >= 0) vl_jw_kbool(&w, "exploited", r->exploited);
    if (r->exposure >= 0)
      vl_jw_kstr(&w, "exposure", r->exposure == 2 ? "internet" : "internal");
    if (r->criticality >= 0)
      vl_jw_kstr(&w, "criticality_min", crit_words[r->criticality]);
    if (r->cvss_min >= 0) vl_jw_kdouble(&w, "cvss_min", r->cvss_min, 1);
    if (r->epss_min >= 0) vl_jw_kdouble(&w, "epss_min", r->epss_min, 3);
    vl_jw_obj_end(&w);
    vl_jw_kstr(&w, "priority", r->priority);
    jw_duration(&w, "due", &r->due);
    vl_jw_obj_end(&w);
  }
  vl_jw_arr_end(&w);
  vl_jw_key(&w, "ssvc_due");
  vl_jw_obj_begin(&w);
  for (int k = 0; k < 4; k++) jw_duration(&w, coord_words[k], &p->coord_due[k]);
  for (int k = 0; k < 4; k++)
    jw_duration(&w, deployer_words[k], &p->deployer_due[k]);
  vl_jw_obj_end(&w);
  vl_jw_obj_end(&w);
  return vl_jw_finish(&w);
}

/* ----------------------------------------------------------------- store */

struct loaded {
  struct vl_policy *p;
  char *source;
  size_t size;
  int rc;
  struct vl_diag *d;
};

static int on_policy(void *ud, const char *name, const char *text,
                     const char *actor, vl_time updated) {
  struct loaded *l = ud;
  char t[32];
  vl_time_format(updated, t, sizeof(t));
  snprintf(l->source, l->size, "%s, set by %s at %s", name ? name : "policy",
           actor ? actor : "?", t);
  return vl_policy_parse(name ? name : "stored policy", text, strlen(text),
                         l->p, l->d);
}

int vl_policy_load(const struct vl_ctx *ctx, struct vl_policy *out,
                   char *source, size_t source_size, struct vl_diag *d) {
  char dummy[8];
  if (!source) {
    source = dummy;
    source_size = sizeof(dummy);
  }
  struct loaded l = {out, source, source_size, 0, d};
  int rc = vl_store_policy_get(ctx, on_policy, &l, d);
  if (rc == VL_ENOTFOUND) {
    vl_diag_clear(d);
    vl_policy_default(out);
    snprintf(source, source_size, "built-in default");
    return 0;
  }
  return rc;
}

int vl_policy_store(const struct vl_ctx *ctx, const char *name,
                    const char *text, size_t len, struct vl_diag *d) {
  struct vl_policy *p = malloc(sizeof(*p));
  if (!p) return VL_ENOMEM;
  int rc = vl_policy_parse(name, text, len, p, d);
  free(p);
  if (rc) return rc;
  char *copy = strndup(text, len);
  if (!copy) return VL_ENOMEM;
  if (!(rc = vl_store_begin(ctx->store, d))) {
    rc = vl_store_policy_set(ctx, name, copy, d);
    if (!rc) rc = vl_store_audit(ctx, "policy.set", "policy", ctx->tenant_id,
                                 NULL, copy, d);
    if (rc)
      vl_store_rollback(ctx->store);
    else
      rc = vl_store_commit(ctx->store, d);
  }
  free(copy);
  return rc;
}
