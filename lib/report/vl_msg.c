/* Message catalogue, English and Japanese.  Each id has a printf format;
 * the arguments are given in the comment beside it and must match in both
 * languages (tests/unit/test_report.c checks every id has both texts with
 * the same conversions). */
#include <stdbool.h>
#include <string.h>

#include "vulnloop/report.h"

struct msg {
  const char *id, *en, *ja;
};

static const struct msg msgs[] = {
    {"report.title", "Vulnerability response report: %s", /* id */
     "脆弱性対応報告書: %s"},
    {"report.tenant", "Organisation", "組織"},
    {"report.generated", "Generated", "作成日時"},
    {"report.status", "Status", "状況"},
    {"sec.intel", "1. What was published", "1. 公開された情報"},
    {"sec.scope", "2. Affected assets", "2. 影響を受けた資産"},
    {"sec.decide", "3. Decision", "3. 判断"},
    {"sec.act", "4. Actions taken", "4. 実施した対応"},
    {"sec.verify", "5. Verification (re-scan)", "5. 検証（再スキャン）"},
    {"sec.timeline", "6. Timeline", "6. 経緯"},
    {"intel.published", "Published", "公開日"},
    {"intel.modified", "Last modified", "最終更新日"},
    {"intel.description", "Description", "概要"},
    {"intel.cvss", "CVSS", "CVSS"},
    {"intel.none", "none published", "公開なし"},
    {"intel.kev", "CISA KEV (known exploited)", "CISA KEV（悪用が確認された脆弱性）"},
    {"intel.kev.yes", "listed since %s, federal due date %s", /* added, due */
     "%s に登録、米連邦機関の対応期限 %s"},
    {"intel.kev.no", "not listed", "未登録"},
    {"intel.ssvc", "SSVC (CISA)", "SSVC（CISA）"},
    {"intel.ssvc.val", "exploitation %s, automatable %s, technical impact %s",
     "悪用状況 %s、自動化可能性 %s、技術的影響 %s"},
    {"col.asset", "Asset", "資産"},
    {"col.exposure", "Exposure", "公開範囲"},
    {"col.installed", "Installed", "導入バージョン"},
    {"col.evidence", "Why it matched", "該当根拠"},
    {"col.status", "Status", "状態"},
    {"col.due", "Due", "期限"},
    {"col.decision", "Decision", "判断"},
    {"col.when", "When", "日時"},
    {"col.ticket", "Ticket", "チケット"},
    {"col.action", "Action", "対応"},
    {"col.note", "Note", "内容"},
    {"col.by", "By", "担当"},
    {"col.result", "Re-scan result", "再スキャン結果"},
    {"exposure.internet", "internet-facing", "インターネット公開"},
    {"exposure.internal", "internal", "内部"},
    {"exposure.unknown", "unknown", "不明"},
    {"status.open", "open", "未対応"},
    {"status.mitigated", "mitigated (temporary)", "暫定対策済み"},
    {"status.fixed", "resolved (re-scan: not detected)",
     "解決済み（再スキャンで検出されず）"},
    {"status.accepted", "risk accepted", "リスク受容"},
    {"decide.model", "Model", "判断モデル"},
    {"decide.why", "Reasoning", "根拠"},
    {"decide.none", "not yet triaged", "未判断"},
    {"rem.vendor_fix", "Vendor fix", "ベンダーの修正"},
    {"rem.workaround", "Workaround", "回避策"},
    {"rem.mitigation", "Mitigation", "緩和策"},
    {"rem.none_available", "No fix available", "修正なし"},
    {"act.none", "no action recorded yet", "対応の記録なし"},
    {"act.kind.patch", "patch applied", "パッチ適用"},
    {"act.kind.upgrade", "upgrade", "アップグレード"},
    {"act.kind.waf", "WAF rule", "WAFルール追加"},
    {"act.kind.firewall", "firewall block", "ファイアウォール遮断"},
    {"act.kind.config", "configuration change", "設定変更"},
    {"act.kind.signature", "IDS/IPS/EDR signature", "IDS/IPS/EDRシグネチャ更新"},
    {"act.kind.service-stop", "service stopped", "サービス停止"},
    {"act.expires", "until %s", /* time */ "%s まで"},
    {"verify.none", "no re-scan since detection", "検出後の再スキャンなし"},
    {"verify.scan", "Re-scan %s (%s): %d assets covered", /* file, time, n */
     "再スキャン %s（%s）: 対象資産 %d 台"},
    {"verify.gone", "not detected", "検出されず"},
    {"verify.still", "still detected", "引き続き検出"},
    {"verify.notcovered", "not covered by the re-scan: still open",
     "再スキャン対象外: 未解決のまま"},
    {"timeline.detected", "detected on %d assets", /* n */
     "%d 台の資産で検出"},
    {"timeline.detected1", "detected on 1 asset", "1 台の資産で検出"},
    /* The outcome words of BOD 26-04 Table 1, as the model says them. */
    {"decision.3 days & forensic investigation",
     "3 days & forensic investigation",
     "3日以内に是正＋フォレンジック調査 (3 days & forensic investigation)"},
    {"decision.3 days", "3 days", "3日以内に是正 (3 days)"},
    {"decision.14 days", "14 days", "14日以内に是正 (14 days)"},
    {"decision.60 days", "60 days", "60日以内に是正 (60 days)"},
    {"decision.fix on system upgrade", "fix on system upgrade",
     "次回のシステム更新時に修正 (fix on system upgrade)"},
    {"timeline.action", "%s (ticket %lld)", /* action text, ticket id */
     "%s（チケット %lld）"},
    {"timeline.fixed", "resolved on %s (re-scan: not detected)", /* asset */
     "%s で解決（再スキャンで検出されず）"},
    {"line.none", "no affected asset", "影響を受ける資産なし"},
    {"line.all", "resolved on all %d affected assets; re-scan: not detected",
     /* n */ "影響を受けた全 %d 台の資産で解決済み（再スキャン: 検出されず）"},
    {"line.all1", "resolved on the 1 affected asset; re-scan: not detected",
     "影響を受けた 1 台の資産で解決済み（再スキャン: 検出されず）"},
    {"line.partial",
     "%d affected assets: %d resolved, %d mitigated, %d open, %d accepted",
     /* n, fixed, mitigated, open, accepted */
     "影響を受けた資産 %d 台: 解決 %d、暫定対策 %d、未対応 %d、リスク受容 %d"},
};

const char *vl_msg(const char *lang, const char *id) {
  bool ja = lang && !strcmp(lang, "ja");
  for (size_t i = 0; i < VL_ARRAY_LEN(msgs); i++)
    if (!strcmp(msgs[i].id, id)) return ja ? msgs[i].ja : msgs[i].en;
  return id;
}
