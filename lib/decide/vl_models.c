/* The decision models and their explanations.  vl_decide_model() is a
 * pure function of the inputs and the policy (no store, no allocation):
 * bench/bench_triage.c measures it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vulnloop/decide.h"

static const char *const coord_words[4] = {"track", "track*", "attend", "act"};
static const char *const coord_prio[4] = {"P4", "P3", "P2", "P1"};
static const char *const deployer_words[4] = {"defer", "scheduled",
                                              "out-of-cycle", "immediate"};
static const char *const deployer_prio[4] = {"P4", "P3", "P1", "P0"};

/* The hot path copies and formats by hand: snprintf would cost more than
 * the decision itself (bench/bench_triage.c). */
static void set(char *dst, size_t size, const char *src) {
  size_t n = strlen(src);
  if (n >= size) n = size - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

/* dst = prefix + decimal n (+ suffix), truncated to size. */
static void set_num(char *dst, size_t size, const char *prefix, int n,
                    const char *suffix) {
  char num[16];
  int k = 0;
  unsigned u = n < 0 ? 0u : (unsigned)n;
  do num[k++] = (char)('0' + u % 10); while ((u /= 10) && k < 15);
  set(dst, size, prefix);
  size_t at = strlen(dst);
  while (k > 0 && at + 1 < size) dst[at++] = num[--k];
  dst[at] = '\0';
  if (suffix) {
    size_t rest = strlen(suffix);
    if (at + rest >= size) rest = size - 1 - at;
    memcpy(dst + at, suffix, rest);
    dst[at + rest] = '\0';
  }
}

static int index_of(const char *const *words, const char *w) {
  for (int i = 0; i < 4; i++)
    if (!strcmp(words[i], w)) return i;
  return 0;
}

/* The forensic-triage clocks of BOD 26-04's "3 days & forensic
 * investigation" rows, counted from the KEV addition (or from first
 * detection if the asset was found later). */
static void forensic_clocks(const struct vl_decide_inputs *in,
                            struct vl_decision *out) {
  vl_time start = in->first_seen;
  if (in->kev_added > start) start = in->kev_added;
  static const struct {
    const char *name, *ja;
    int hours;
  } clocks[VL_CLOCKS] = {
      {"forensics: scope the compromise (2 h from KEV addition)",
       "フォレンジック: 侵害範囲の特定（KEV 登録から 2 時間）", 2},
      {"forensics: collect volatile evidence before patching (24 h)",
       "フォレンジック: パッチ適用前の揮発性証拠の保全（24 時間）", 24},
      {"forensics: triage decision: no evidence / suspected / confirmed (72 h)",
       "フォレンジック: 判定（侵害なし／疑い／確認）（72 時間）", 72}};
  for (int i = 0; i < VL_CLOCKS; i++) {
    set(out->clocks[i].name, sizeof(out->clocks[i].name), clocks[i].name);
    set(out->clocks[i].name_ja, sizeof(out->clocks[i].name_ja), clocks[i].ja);
    out->clocks[i].due = start + clocks[i].hours * VL_HOUR;
  }
  out->nclocks = VL_CLOCKS;
}

static int bod(const struct vl_decide_inputs *in, vl_time start,
               struct vl_decision *out) {
  struct vl_bod_inputs b = {in->kev, in->exposure != 1, in->automatable,
                            in->total};
  int row = 0, days = 0;
  const char *o = vl_bod2604_lookup(&b, &row, &days);
  set(out->model, sizeof(out->model), VL_MODEL_BOD2604);
  set(out->decision, sizeof(out->decision), o);
  set_num(out->row, sizeof(out->row), "BOD 26-04 row ", row, NULL);
  bool forensic = !strcmp(o, "3 days & forensic investigation");
  set(out->priority, sizeof(out->priority),
      days == 3 ? "P1" : days == 14 ? "P2" : days == 60 ? "P3" : "P4");
  out->rank = forensic ? 0 : days == 3 ? 1 : days == 14 ? 2 : days == 60 ? 3 : 4;
  out->due = days ? start + days * VL_DAY : 0;
  if (forensic) forensic_clocks(in, out);
  return 0;
}

static int coord(const struct vl_decide_inputs *in, const struct vl_policy *p,
                 vl_time start, struct vl_decision *out, struct vl_diag *d) {
  int row = 0;
  const char *o = vl_ssvc_coordinator(in->exploitation, in->automatable,
                                      in->total, in->mission, &row);
  if (!o) return vl_diag_set(d, VL_EINTERNAL, "SSVC input out of range");
  int k = index_of(coord_words, o);
  set(out->model, sizeof(out->model), VL_MODEL_COORD);
  set(out->decision, sizeof(out->decision), o);
  set_num(out->row, sizeof(out->row), "CISA SSVC coordinator row ", row, NULL);
  set(out->priority, sizeof(out->priority), coord_prio[k]);
  out->rank = 4 - k;
  return vl_due_add(p, start, &p->coord_due[k], &out->due, d);
}

static int deployer(const struct vl_decide_inputs *in,
                    const struct vl_policy *p, vl_time start,
                    struct vl_decision *out, struct vl_diag *d) {
  int row = 0;
  int exposure = in->exposure == 1 ? 1 : 2; /* internal: controlled */
  const char *o = vl_ssvc_deployer(in->exploitation, exposure, in->automatable,
                                   in->human, &row);
  if (!o) return vl_diag_set(d, VL_EINTERNAL, "SSVC input out of range");
  int k = index_of(deployer_words, o);
  set(out->model, sizeof(out->model), VL_MODEL_DEPLOYER);
  set(out->decision, sizeof(out->decision), o);
  set_num(out->row, sizeof(out->row), "SSVC deployer row ", row, NULL);
  set(out->priority, sizeof(out->priority), deployer_prio[k]);
  out->rank = 4 - k;
  return vl_due_add(p, start, &p->deployer_due[k], &out->due, d);
}

static bool rule_holds(const struct vl_sla_rule *r,
                       const struct vl_decide_inputs *in) {
  if (r->kev >= 0 && r->kev != in->kev) return false;
  if (r->zero_day >= 0 && r->zero_day != in->zero_day) return false;
  if (r->exploited >= 0 &&
      r->exploited != (in->exploitation == VL_EXPL_ACTIVE))
    return false;
  if (r->exposure >= 0 && r->exposure != (in->exposure == 1 ? 1 : 2))
    return false;
  if (r->criticality >= 0 && in->criticality < r->criticality) return false;
  if (r->cvss_min >= 0 && (!in->has_cvss || in->cvss < r->cvss_min))
    return false;
  if (r->epss_min >= 0 && (!in->has_epss || in->epss < r->epss_min))
    return false;
  return true;
}

static int sla(const struct vl_decide_inputs *in, const struct vl_policy *p,
               vl_time start, struct vl_decision *out, struct vl_diag *d) {
  set(out->model, sizeof(out->model), VL_MODEL_SLA);
  for (int i = 0; i < p->nrules; i++) {
    const struct vl_sla_rule *r = &p->rules[i];
    if (!rule_holds(r, in)) continue;
    set(out->decision, sizeof(out->decision), r->name);
    set(out->priority, sizeof(out->priority), r->priority);
    char tail[sizeof(r->name) + 4];
    tail[0] = ' ';
    tail[1] = '"';
    set(tail + 2, sizeof(tail) - 3, r->name);
    size_t tl = strlen(tail);
    tail[tl] = '"';
    tail[tl + 1] = '\0';
    set_num(out->row, sizeof(out->row), "SLA rule ", i + 1, tail);
    out->rank = r->priority[1] - '0';
    return vl_due_add(p, start, &r->due, &out->due, d);
  }
  set(out->decision, sizeof(out->decision), "no rule applies");
  set(out->priority, sizeof(out->priority), "P4");
  set(out->row, sizeof(out->row), "no SLA rule matched");
  out->rank = 4;
  return 0;
}

int vl_decide_model(const char *model_id, const struct vl_decide_inputs *in,
                    const struct vl_policy *p, vl_time now,
                    struct vl_decision *out, struct vl_diag *d) {
  out->due = 0;
  out->nclocks = 0;
  out->rank = 0;
  /* The clock starts when the finding was first seen, or when the CVE was
   * added to KEV if that came later (so a KEV addition tightens it). */
  vl_time start = in->first_seen ? in->first_seen : now;
  if (in->kev && in->kev_added > start) start = in->kev_added;
  if (!strcmp(model_id, VL_MODEL_ID_BOD)) return bod(in, start, out);
  if (!strcmp(model_id, VL_MODEL_ID_COORD)) return coord(in, p, start, out, d);
  if (!strcmp(model_id, VL_MODEL_ID_DEPLOYER))
    return deployer(in, p, start, out, d);
  if (!strcmp(model_id, VL_MODEL_ID_SLA)) return sla(in, p, start, out, d);
  return vl_diag_set(d, VL_EINVAL, "unknown decision model '%s'", model_id);
}

/* ----------------------------------------------------------- explaining */

struct out {
  char *buf;
  size_t size, n;
};

static void add(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add(struct out *o, const char *fmt, ...) {
  if (o->n >= o->size) return;
  va_list ap;
  va_start(ap, fmt);
  int w = vsnprintf(o->buf + o->n, o->size - o->n, fmt, ap);
  va_end(ap);
  if (w > 0) o->n += (size_t)w;
  if (o->n >= o->size) o->n = o->size - 1;
}

/* The models' outcome words in Japanese (the model's own words follow in
 * parentheses where they are terms of art). */
static const char *words_ja(const char *w) {
  static const struct {
    const char *en, *ja;
  } t[] = {{"3 days & forensic investigation", "3日以内に是正＋フォレンジック調査"},
           {"3 days", "3日以内に是正"},
           {"14 days", "14日以内に是正"},
           {"60 days", "60日以内に是正"},
           {"fix on system upgrade", "次回のシステム更新時に修正"},
           {"act", "act（即時対応）"},
           {"attend", "attend（優先対応）"},
           {"track*", "track*（注視）"},
           {"track", "track（通常対応）"},
           {"immediate", "immediate（即時）"},
           {"out-of-cycle", "out-of-cycle（臨時対応）"},
           {"scheduled", "scheduled（定期対応）"},
           {"defer", "defer（延期）"}};
  for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
    if (!strcmp(t[i].en, w)) return t[i].ja;
  return w;
}

static const char *crit_en[4] = {"low", "medium", "high", "critical"};
static const char *crit_ja[4] = {"低", "中", "高", "最重要"};

void vl_decision_explain(const struct vl_decision *dec,
                         const struct vl_decide_inputs *in, const char *lang,
                         char *buf, size_t size) {
  bool ja = lang && !strcmp(lang, "ja");
  struct out o = {buf, size, 0};
  buf[0] = '\0';
  char kev_date[16] = "";
  if (in->kev) vl_time_format_date(in->kev_added, kev_date, sizeof(kev_date));
  if (ja)
    add(&o, "%s（%s）: ", words_ja(dec->decision), dec->row);
  else
    add(&o, "%s (%s): ", dec->decision, dec->row);
  if (ja) {
    add(&o, in->kev ? "KEV 登録済み（%s）" : "KEV 未登録%s",
        in->kev ? kev_date : "");
    add(&o, "、%s", in->exposure == 2   ? "インターネット公開"
                   : in->exposure == 1 ? "内部"
                                       : "公開範囲不明（インターネット公開と仮定）");
    add(&o, "、自動化可能性 %s（%s）", in->automatable ? "あり" : "なし",
        in->automatable_src_ja[0] ? in->automatable_src_ja : in->automatable_src);
    add(&o, "、技術的影響 %s（%s）", in->total ? "total" : "partial",
        in->total_src_ja[0] ? in->total_src_ja : in->total_src);
    add(&o, "、悪用状況 %s（%s）",
        in->exploitation == 2 ? "active" : in->exploitation == 1 ? "PoC 公開" : "なし",
        in->exploitation_src_ja[0] ? in->exploitation_src_ja
                                   : in->exploitation_src);
    if (in->has_cvss) add(&o, "、%s", in->cvss_src);
    if (in->has_epss && in->epss_percentile >= 0)
      add(&o, "、EPSS %.3f（%.0f パーセンタイル）", in->epss,
          in->epss_percentile * 100);
    else if (in->has_epss)
      add(&o, "、EPSS %.3f", in->epss);
    if (in->fix == 1)
      add(&o, "、修正版 %s（NVD の範囲）", in->fix_version);
    else
      add(&o, "、修正版不明（NVD に修正版の記載なし、ベンダー修正の記録なし）");
    if (in->workaround) add(&o, "、回避策あり（%s）", in->workaround_src);
    if (in->zero_day) add(&o, "、ゼロデイ（悪用中かつ修正なし）");
    add(&o, "、資産の重要度 %s",
        in->criticality >= 0 ? crit_ja[in->criticality] : "不明（中と仮定）");
  } else {
    if (in->kev)
      add(&o, "in KEV since %s%s", kev_date,
          in->kev_ransomware ? " (known ransomware use)" : "");
    else
      add(&o, "not in KEV");
    add(&o, ", %s", in->exposure == 2   ? "internet-facing"
                   : in->exposure == 1 ? "internal"
                                       : "exposure unknown (assumed internet-facing)");
    add(&o, ", %sautomatable (%s)", in->automatable ? "" : "not ",
        in->automatable_src);
    add(&o, ", %s technical impact (%s)", in->total ? "total" : "partial",
        in->total_src);
    add(&o, ", exploitation %s (%s)",
        in->exploitation == 2 ? "active" : in->exploitation == 1 ? "public PoC" : "none",
        in->exploitation_src);
    if (in->has_cvss) add(&o, ", %s", in->cvss_src);
    if (in->has_epss && in->epss_percentile >= 0)
      add(&o, ", EPSS %.3f (percentile %.2f)", in->epss, in->epss_percentile);
    else if (in->has_epss)
      add(&o, ", EPSS %.3f", in->epss);
    add(&o, ", fix: %s", in->fix_src);
    if (in->workaround)
      add(&o, ", workaround given by %s", in->workaround_src);
    if (in->zero_day) add(&o, ", zero-day (exploited, no fix)");
    add(&o, ", asset criticality %s",
        in->criticality >= 0 ? crit_en[in->criticality]
                             : "unknown (assumed medium)");
  }
  if (dec->due) {
    char t[24];
    vl_time_format(dec->due, t, sizeof(t));
    add(&o, ja ? "。期限 %s" : "; due %s", t);
  } else {
    add(&o, ja ? "。期限なし" : "; no deadline");
  }
  for (int i = 0; i < dec->nclocks; i++) {
    char t[24];
    vl_time_format(dec->clocks[i].due, t, sizeof(t));
    add(&o, ja ? "。%s: %s まで" : "; %s by %s",
        ja ? dec->clocks[i].name_ja : dec->clocks[i].name, t);
  }
}
