/* Numbered schema migrations.  Each runs once, inside a transaction, and
 * is recorded in schema_migrations; never edit a migration that has
 * shipped: add a new one. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "vl_db.h"

/* A migration that rebuilds a table starts with FK_OFF: it runs with
 * foreign keys off, and foreign_key_check must find nothing before it
 * commits (https://sqlite.org/lang_altertable.html, "other kinds of
 * table schema changes"). */
#define FK_OFF "-- fk-off\n"

/* Each migration is one string; those made of several literals are
 * parenthesised so that clang's -Wstring-concatenation sees the intent. */
static const char *const migrations[] = {
    /* 1: every noun of the data model. */
    "CREATE TABLE tenants("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    "  timezone TEXT NOT NULL DEFAULT 'UTC', created INTEGER NOT NULL);"

    /* Intelligence: shared by all tenants. */
    "CREATE TABLE vulns("
    "  id INTEGER PRIMARY KEY, vuln_id TEXT NOT NULL, source TEXT NOT NULL,"
    "  status TEXT, published INTEGER, modified INTEGER NOT NULL,"
    "  title TEXT, desc_en TEXT, desc_ja TEXT, cwe TEXT,"
    "  kev_added INTEGER, kev_due INTEGER, kev_action TEXT,"
    "  raw_sha256 TEXT, imported INTEGER NOT NULL,"
    "  UNIQUE(vuln_id, source));"
    "CREATE TABLE vuln_aliases("
    "  vuln_id TEXT NOT NULL, alias TEXT NOT NULL, source TEXT NOT NULL,"
    "  PRIMARY KEY(vuln_id, alias));"
    "CREATE INDEX vuln_aliases_alias ON vuln_aliases(alias);"
    "CREATE TABLE vuln_cvss("
    "  vuln INTEGER NOT NULL REFERENCES vulns(id) ON DELETE CASCADE,"
    "  version TEXT NOT NULL, source TEXT, type TEXT, vector TEXT NOT NULL,"
    "  base_score REAL, severity TEXT);"
    "CREATE INDEX vuln_cvss_vuln ON vuln_cvss(vuln);"
    "CREATE TABLE vuln_refs("
    "  vuln INTEGER NOT NULL REFERENCES vulns(id) ON DELETE CASCADE,"
    "  url TEXT NOT NULL);"
    "CREATE INDEX vuln_refs_vuln ON vuln_refs(vuln);"
    /* What a source says is affected: CPE criteria within configurations
     * (package statements and CSAF product status come with later
     * migrations of their own). */
    "CREATE TABLE affected("
    "  id INTEGER PRIMARY KEY,"
    "  vuln INTEGER NOT NULL REFERENCES vulns(id) ON DELETE CASCADE,"
    "  vuln_id TEXT NOT NULL, config INTEGER NOT NULL,"
    "  config_op TEXT NOT NULL, config_negate INTEGER NOT NULL,"
    "  node INTEGER NOT NULL, node_op TEXT NOT NULL,"
    "  node_negate INTEGER NOT NULL, vulnerable INTEGER NOT NULL,"
    "  criterion TEXT NOT NULL, part TEXT, vendor TEXT NOT NULL,"
    "  product TEXT NOT NULL, match_id TEXT,"
    "  start_incl TEXT, start_excl TEXT, end_incl TEXT, end_excl TEXT);"
    "CREATE INDEX affected_product ON affected(vendor, product);"
    "CREATE INDEX affected_vuln ON affected(vuln_id, config);"
    "CREATE TABLE kev("
    "  cve TEXT PRIMARY KEY, vendor TEXT, product TEXT, name TEXT,"
    "  description TEXT, action TEXT, notes TEXT, cwes TEXT,"
    "  date_added INTEGER NOT NULL, due_date INTEGER,"
    "  ransomware INTEGER NOT NULL, catalog_version TEXT,"
    "  imported INTEGER NOT NULL);"
    "CREATE TABLE epss("
    "  cve TEXT NOT NULL, score REAL NOT NULL, percentile REAL,"
    "  score_date INTEGER NOT NULL, model TEXT,"
    "  PRIMARY KEY(cve));"
    "CREATE TABLE ssvc("
    "  cve TEXT NOT NULL, source TEXT NOT NULL, exploitation TEXT,"
    "  automatable TEXT, technical_impact TEXT, timestamp INTEGER,"
    "  PRIMARY KEY(cve, source));"
    "CREATE TABLE exploits("
    "  cve TEXT NOT NULL, source TEXT NOT NULL, ref TEXT NOT NULL,"
    "  kind TEXT NOT NULL, published INTEGER,"
    "  PRIMARY KEY(cve, source, ref));"
    "CREATE TABLE advisories("
    "  id INTEGER PRIMARY KEY, advisory_id TEXT NOT NULL, source TEXT NOT NULL,"
    "  title TEXT, published INTEGER, modified INTEGER,"
    "  UNIQUE(advisory_id, source));"
    "CREATE TABLE remediations("
    "  advisory INTEGER NOT NULL REFERENCES advisories(id) ON DELETE CASCADE,"
    "  vuln_id TEXT, kind TEXT NOT NULL, text TEXT, url TEXT);"

    /* Per tenant. */
    "CREATE TABLE assets("
    "  id INTEGER PRIMARY KEY,"
    "  tenant INTEGER NOT NULL REFERENCES tenants(id),"
    "  name TEXT NOT NULL, address TEXT, type TEXT, os TEXT, owner TEXT,"
    "  environment TEXT, exposure TEXT, criticality TEXT, tags TEXT,"
    "  source TEXT, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
    "  UNIQUE(tenant, name));"
    "CREATE TABLE software("
    "  id INTEGER PRIMARY KEY,"
    "  asset INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
    "  cpe TEXT NOT NULL, part TEXT, vendor TEXT NOT NULL,"
    "  product TEXT NOT NULL, version TEXT, scheme TEXT NOT NULL,"
    "  purl TEXT, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
    "  removed INTEGER, UNIQUE(asset, cpe));"
    "CREATE INDEX software_product ON software(vendor, product);"
    "CREATE TABLE scans("
    "  id INTEGER PRIMARY KEY,"
    "  tenant INTEGER NOT NULL REFERENCES tenants(id),"
    "  kind TEXT NOT NULL, source TEXT, started INTEGER NOT NULL,"
    "  finished INTEGER, success INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE scan_coverage("
    "  scan INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
    "  asset INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
    "  PRIMARY KEY(scan, asset));"
    "CREATE TABLE tickets("
    "  id INTEGER PRIMARY KEY,"
    "  tenant INTEGER NOT NULL REFERENCES tenants(id),"
    "  vuln_id TEXT NOT NULL, fix TEXT NOT NULL, title TEXT,"
    "  state TEXT NOT NULL, owner TEXT, plan TEXT, due INTEGER,"
    "  external_ref TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL,"
    "  UNIQUE(tenant, vuln_id, fix));"
    "CREATE TABLE findings("
    "  id INTEGER PRIMARY KEY,"
    "  tenant INTEGER NOT NULL REFERENCES tenants(id),"
    "  asset INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
    "  vuln_id TEXT NOT NULL,"
    "  software INTEGER REFERENCES software(id) ON DELETE SET NULL,"
    "  status TEXT NOT NULL, evidence TEXT, criterion TEXT, bound TEXT,"
    "  installed_version TEXT, confidence REAL NOT NULL DEFAULT 1,"
    "  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
    "  fixed_at INTEGER, priority TEXT, model TEXT, decision TEXT,"
    "  due INTEGER, explain TEXT,"
    "  ticket INTEGER REFERENCES tickets(id) ON DELETE SET NULL,"
    "  UNIQUE(asset, vuln_id, software));"
    "CREATE INDEX findings_tenant ON findings(tenant, status);"
    "CREATE INDEX findings_vuln ON findings(vuln_id);"
    "CREATE TABLE actions("
    "  id INTEGER PRIMARY KEY,"
    "  ticket INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL, note TEXT, actor TEXT NOT NULL,"
    "  at INTEGER NOT NULL, expires INTEGER);"
    /* Append-only, hash-chained per tenant: triggers refuse changes. */
    "CREATE TABLE audit("
    "  id INTEGER PRIMARY KEY,"
    "  tenant INTEGER NOT NULL REFERENCES tenants(id),"
    "  at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
    "  object_type TEXT NOT NULL, object_id INTEGER,"
    "  before TEXT, after TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE INDEX audit_object ON audit(tenant, object_type, object_id);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TABLE feed_state("
    "  source TEXT PRIMARY KEY, last_import INTEGER, location TEXT,"
    "  records INTEGER, changed INTEGER);",

    /* 2: decisions in full: policies, every model's outcome, clocks. */
    "CREATE TABLE policies("
    "  tenant INTEGER PRIMARY KEY REFERENCES tenants(id),"
    "  name TEXT, text TEXT NOT NULL, actor TEXT, updated INTEGER NOT NULL);"
    "CREATE TABLE finding_models("
    "  finding INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,"
    "  model TEXT NOT NULL, decision TEXT, priority TEXT, due INTEGER,"
    "  PRIMARY KEY(finding, model));"
    "CREATE TABLE finding_clocks("
    "  finding INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, due INTEGER NOT NULL,"
    "  PRIMARY KEY(finding, name));"
    "ALTER TABLE findings ADD COLUMN rank INTEGER;"
    "ALTER TABLE findings ADD COLUMN explain_ja TEXT;"
    "ALTER TABLE findings ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX findings_due ON findings(tenant, due);",

    /* 3: remediations are replaced per (advisory, vulnerability) on every
     * import and read per vulnerability: without these, imports of many
     * advisories grew quadratically. */
    ("CREATE INDEX remediations_advisory ON remediations(advisory, vuln_id);"
     "CREATE INDEX remediations_vuln ON remediations(vuln_id);"),

    /* 4: feed sync (vulnloop feed sync): per source the validators of the
     * last download (conditional requests), the outcome of the last
     * attempt, and for paged APIs (NVD) the window and the next page, so
     * that an interrupted sync resumes where it stopped; rate_log keeps the
     * times of the last API requests so that NVD's rate limit holds across
     * processes. */
    ("CREATE TABLE feed_sync("
     "  source TEXT PRIMARY KEY, location TEXT, etag TEXT,"
     "  last_modified TEXT, attempted INTEGER, succeeded INTEGER,"
     "  result TEXT, http_status INTEGER, error TEXT,"
     "  records INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0,"
     "  requests INTEGER NOT NULL DEFAULT 0, cursor INTEGER,"
     "  window_start INTEGER, window_end INTEGER, next_index INTEGER,"
     "  rate_log TEXT)"),

    /* 5: watchlists: the change log of vulnerability records (appended
     * whenever vl_store_vuln_upsert inserts or replaces one), the
     * vendor/product names sources give in text where they give no CPE
     * (CVE 5 affected[]), and each tenant's watches with a cursor (a seq of
     * the change log: what `watch news` showed last). */
    "CREATE TABLE vuln_changes("
    "  seq INTEGER PRIMARY KEY, vuln_id TEXT NOT NULL, source TEXT NOT NULL,"
    "  modified INTEGER, imported INTEGER NOT NULL);"
    "CREATE INDEX vuln_changes_imported ON vuln_changes(imported);"
    "CREATE TABLE vuln_names("
    "  vuln_id TEXT NOT NULL, source TEXT NOT NULL, vendor TEXT,"
    "  product TEXT);"
    "CREATE INDEX vuln_names_vuln ON vuln_names(vuln_id, source);"
    "CREATE TABLE watches("
    "  id INTEGER PRIMARY KEY,"
    "  tenant INTEGER NOT NULL REFERENCES tenants(id),"
    "  name TEXT NOT NULL, vendor TEXT, product TEXT, keyword TEXT,"
    "  created INTEGER NOT NULL, cursor INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX watches_tenant ON watches(tenant);",

    /* 6: OSV package statements (lib/store/vl_store_pkg.c): per record,
     * each affected package and range: ecosystem and name as OSV writes
     * them, the purl when given, the range as a vers string (NULL for a
     * GIT range or a package with only a versions[] list), its first
     * "introduced" and "fixed" versions, and how many explicit versions
     * the record lists.  Replaced with the record (vl_store_vuln_upsert). */
    ("CREATE TABLE affected_pkg("
     "  id INTEGER PRIMARY KEY,"
     "  vuln INTEGER NOT NULL REFERENCES vulns(id) ON DELETE CASCADE,"
     "  vuln_id TEXT NOT NULL, source TEXT NOT NULL, ecosystem TEXT NOT NULL,"
     "  name TEXT NOT NULL, purl TEXT, range_type TEXT, range TEXT,"
     "  introduced TEXT, fixed TEXT, versions INTEGER NOT NULL DEFAULT 0,"
     "  version_list TEXT);"
     "CREATE INDEX affected_pkg_name ON affected_pkg(ecosystem, name);"
     "CREATE INDEX affected_pkg_vuln ON affected_pkg(vuln);"),

    /* 7: distribution security trackers (lib/store/vl_store_distro.c):
     * what a distribution says about a CVE in one release, per source
     * package: status (fixed, open, not-affected, undetermined) and the
     * fixed version in the distribution's own scheme (dpkg, apk). */
    ("CREATE TABLE distro_fixes("
     "  distro TEXT NOT NULL, release TEXT NOT NULL,"
     "  source_pkg TEXT NOT NULL, vuln_id TEXT NOT NULL,"
     "  status TEXT NOT NULL, fixed_version TEXT, scheme TEXT NOT NULL,"
     "  urgency TEXT, source TEXT NOT NULL, imported INTEGER NOT NULL,"
     "  PRIMARY KEY(distro, release, source_pkg, vuln_id));"
     "CREATE INDEX distro_fixes_vuln ON distro_fixes(vuln_id);"),

    /* 8: software that is a package, not only a CPE-named product.  The
     * table is rebuilt (cpe was NOT NULL and the key): SQLite's documented
     * way, with foreign keys off (FK_OFF) and checked before commit.
     * Assets gain their platform and custom fields; open ports and the
     * packages' own fix statements (changelogs) are new. */
    (FK_OFF
     "CREATE TABLE software_new("
     "  id INTEGER PRIMARY KEY,"
     "  asset INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
     "  ident TEXT NOT NULL, origin TEXT NOT NULL,"
     "  cpe TEXT, part TEXT, vendor TEXT, product TEXT NOT NULL,"
     "  version TEXT, scheme TEXT NOT NULL, purl TEXT, ecosystem TEXT,"
     "  name TEXT, source_name TEXT, source_version TEXT, arch TEXT,"
     "  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
     "  removed INTEGER, seen_scan INTEGER, UNIQUE(asset, ident));"
     "INSERT INTO software_new(id, asset, ident, origin, cpe, part, vendor,"
     "  product, version, scheme, purl, first_seen, last_seen, removed)"
     "  SELECT id, asset, cpe, 'cmdb', cpe, part, vendor, product, version,"
     "  scheme, purl, first_seen, last_seen, removed FROM software;"
     "DROP TABLE software;"
     "ALTER TABLE software_new RENAME TO software;"
     "CREATE INDEX software_product ON software(vendor, product);"
     "CREATE INDEX software_pkg ON software(ecosystem, name);"
     "CREATE INDEX software_srcpkg ON software(ecosystem, source_name);"
     "CREATE INDEX software_asset ON software(asset, origin);"
     "ALTER TABLE assets ADD COLUMN distro TEXT;"
     "ALTER TABLE assets ADD COLUMN release TEXT;"
     "ALTER TABLE assets ADD COLUMN os_cpe TEXT;"
     "ALTER TABLE assets ADD COLUMN custom TEXT;"
     "CREATE INDEX assets_address ON assets(tenant, address);"
     "CREATE TABLE asset_ports("
     "  asset INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
     "  proto TEXT NOT NULL, port INTEGER NOT NULL, state TEXT,"
     "  service TEXT, product TEXT, version TEXT, cpe TEXT,"
     "  origin TEXT NOT NULL, last_seen INTEGER NOT NULL, seen_scan INTEGER,"
     "  PRIMARY KEY(asset, proto, port));"
     "CREATE TABLE fix_evidence("
     "  software INTEGER NOT NULL REFERENCES software(id) ON DELETE CASCADE,"
     "  vuln_id TEXT NOT NULL, kind TEXT NOT NULL, version TEXT,"
     "  file TEXT, line INTEGER,"
     "  PRIMARY KEY(software, vuln_id));"
     "CREATE INDEX fix_evidence_vuln ON fix_evidence(vuln_id);"),

    /* Slots 9-14 are reserved while their owners write them; an empty slot
     * is skipped.  None may ship empty. */
    /* 9: CSAF / VEX product statements (lib/store/vl_store_csaf.c): the
     * document's metadata on its advisories row (tracking version, status,
     * release dates, publisher, self URL...), the vulnerabilities it is
     * about, one statement per (vulnerability, product) with the keys the
     * matcher looks up (purl without qualifiers, with and without its
     * version; CPE vendor and product), and the product ids of each
     * remediation.  Replaced with the document. */
    ("ALTER TABLE advisories ADD COLUMN category TEXT;"
     "ALTER TABLE advisories ADD COLUMN version TEXT;"
     "ALTER TABLE advisories ADD COLUMN status TEXT;"
     "ALTER TABLE advisories ADD COLUMN lang TEXT;"
     "ALTER TABLE advisories ADD COLUMN publisher TEXT;"
     "ALTER TABLE advisories ADD COLUMN publisher_ns TEXT;"
     "ALTER TABLE advisories ADD COLUMN url TEXT;"
     "ALTER TABLE advisories ADD COLUMN severity TEXT;"
     "ALTER TABLE advisories ADD COLUMN summary TEXT;"
     "ALTER TABLE advisories ADD COLUMN raw_sha256 TEXT;"
     "ALTER TABLE advisories ADD COLUMN imported INTEGER;"
     "CREATE INDEX advisories_id ON advisories(advisory_id COLLATE NOCASE);"
     "ALTER TABLE remediations ADD COLUMN products TEXT;"
     "CREATE TABLE advisory_vulns("
     "  advisory INTEGER NOT NULL REFERENCES advisories(id) ON DELETE CASCADE,"
     "  vuln_id TEXT NOT NULL, title TEXT, ord INTEGER NOT NULL,"
     "  PRIMARY KEY(advisory, vuln_id));"
     "CREATE INDEX advisory_vulns_vuln ON advisory_vulns(vuln_id);"
     "CREATE TABLE product_status("
     "  id INTEGER PRIMARY KEY,"
     "  advisory INTEGER NOT NULL REFERENCES advisories(id) ON DELETE CASCADE,"
     "  vuln_id TEXT NOT NULL, product_id TEXT NOT NULL, name TEXT,"
     "  vendor TEXT, product TEXT, version TEXT, cpe TEXT, cpe_vendor TEXT,"
     "  cpe_product TEXT, purl TEXT, purl_key TEXT, purl_name TEXT,"
     "  status TEXT NOT NULL, detail TEXT NOT NULL, justification TEXT,"
     "  impact TEXT, remediation TEXT, remediation_text TEXT,"
     "  remediation_url TEXT, cvss_vector TEXT, cvss_score REAL);"
     "CREATE INDEX product_status_vuln ON product_status(vuln_id);"
     "CREATE INDEX product_status_advisory ON product_status(advisory);"
     "CREATE INDEX product_status_purl ON product_status(purl_key);"
     "CREATE INDEX product_status_purl_name ON product_status(purl_name);"
     "CREATE INDEX product_status_cpe ON"
     "  product_status(cpe_vendor, cpe_product);"),
    /* 10: scanner reports (coverage, scanner findings) */
    ("CREATE TABLE scan_reports("
     "  scan INTEGER PRIMARY KEY REFERENCES scans(id) ON DELETE CASCADE,"
     "  scanner TEXT NOT NULL, name TEXT, policy TEXT,"
     "  started INTEGER, ended INTEGER);"
     "CREATE TABLE scan_hosts("
     "  scan INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
     "  asset INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
     "  host TEXT, credentialed INTEGER NOT NULL DEFAULT 0, auth_ok INTEGER,"
     "  started INTEGER, ended INTEGER,"
     "  PRIMARY KEY(scan, asset));"
     "CREATE TABLE scan_checks("
     "  scan INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
     "  kind TEXT NOT NULL, name TEXT NOT NULL,"
     "  PRIMARY KEY(scan, kind, name)) WITHOUT ROWID;"
     "CREATE TABLE scan_results("
     "  id INTEGER PRIMARY KEY,"
     "  scan INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
     "  asset INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
     "  plugin TEXT NOT NULL, name TEXT, family TEXT,"
     "  severity INTEGER NOT NULL, port INTEGER NOT NULL, proto TEXT NOT NULL,"
     "  service TEXT, cves TEXT, output TEXT, solution TEXT,"
     "  cvss_base REAL, cvss_vector TEXT, cvss3_base REAL, cvss3_vector TEXT,"
     "  credentialed INTEGER NOT NULL, confidence REAL NOT NULL,"
     "  status TEXT);"
     "CREATE INDEX scan_results_scan ON scan_results(scan, asset);"
     "CREATE TABLE finding_detections("
     "  finding INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,"
     "  scanner TEXT NOT NULL, plugin TEXT NOT NULL, family TEXT,"
     "  port INTEGER NOT NULL, proto TEXT NOT NULL,"
     "  credentialed INTEGER NOT NULL, scan INTEGER NOT NULL,"
     "  last_seen INTEGER NOT NULL,"
     "  PRIMARY KEY(finding, scanner, plugin, port, proto)) WITHOUT ROWID;"),
    /* 11: inventories (SBOM, package lists, Nmap) */
    NULL,
    /* 12: the matcher (packages, distributions, confidence): which kind of
     * statement a finding rests on (nvd, osv, distro), the statement's own
     * words and the fixed version it names; the verdicts that suppressed a
     * finding (a distribution's fix, a changelog's) with both sides; the
     * tenant's incremental cursor (change-log seq, time, last scan);
     * NVD statements looked up by product
     * name alone (a package mapped to a CPE by its name). */
    ("ALTER TABLE findings ADD COLUMN match_source TEXT;"
     "ALTER TABLE findings ADD COLUMN match_statement TEXT;"
     "ALTER TABLE findings ADD COLUMN match_fix TEXT;"
     "CREATE TABLE match_suppressed("
     "  tenant INTEGER NOT NULL REFERENCES tenants(id),"
     "  asset INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,"
     "  vuln_id TEXT NOT NULL,"
     "  software INTEGER NOT NULL REFERENCES software(id) ON DELETE CASCADE,"
     "  source TEXT NOT NULL, statement TEXT NOT NULL, criterion TEXT,"
     "  bound TEXT, installed_version TEXT, confidence REAL NOT NULL,"
     "  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
     "  PRIMARY KEY(asset, vuln_id, software));"
     "CREATE INDEX match_suppressed_vuln ON match_suppressed(vuln_id);"
     "CREATE TABLE match_state("
     "  tenant INTEGER PRIMARY KEY REFERENCES tenants(id),"
     "  change_seq INTEGER NOT NULL, matched INTEGER NOT NULL,"
     "  scan_seq INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX affected_product_name ON affected(product);"
     /* each finding a run records appends an audit event, whose chain
      * reads the tenant's last hash: by this index, not a sort of the
      * tenant's whole log */
     "CREATE INDEX audit_tenant_id ON audit(tenant, id);"),
    /* 13: feed import speed.  EPSS rows are looked up and replaced by
     * CVE id only: kept in the primary key's own B-tree (WITHOUT ROWID),
     * an upsert touches one tree instead of a table and its index. */
    ("CREATE TABLE epss_new(cve TEXT NOT NULL PRIMARY KEY,"
     "  score REAL NOT NULL, percentile REAL, score_date INTEGER NOT NULL,"
     "  model TEXT) WITHOUT ROWID;"
     "INSERT INTO epss_new SELECT cve, score, percentile, score_date, model"
     "  FROM epss;"
     "DROP TABLE epss;"
     "ALTER TABLE epss_new RENAME TO epss;"),
    /* 14: fetchers (CSAF providers, MyJVN, OSV archives): one row per
     * document a CSAF provider (or MyJVN) listed, with the change time it
     * was imported at, or why it was refused (lib/store/vl_store_feed.c). */
    ("CREATE TABLE feed_docs(source TEXT NOT NULL, url TEXT NOT NULL,"
     "  updated INTEGER, sha TEXT, status TEXT NOT NULL, error TEXT,"
     "  attempted INTEGER NOT NULL, PRIMARY KEY(source, url));"),
    /* 15: NVD import speed.  A record's reference URLs are one JSON array
     * in vulns.refs, in the record's order, instead of a row each (with an
     * index entry) in vuln_refs: a full NVD has ~3 million references, and
     * inserting them was a quarter of its import. */
    ("ALTER TABLE vulns ADD COLUMN refs TEXT;"
     "UPDATE vulns SET refs = (SELECT json_group_array(url) FROM"
     "  (SELECT url FROM vuln_refs WHERE vuln = vulns.id ORDER BY rowid))"
     "  WHERE id IN (SELECT vuln FROM vuln_refs);"
     "DROP TABLE vuln_refs;"),
    /* 16: the NVD import's table of what is stored (vl_feed.c, the
     * re-import skip) is read from this covering index: a scan of vulns
     * itself passes over every record's text (~630 MB for a full NVD). */
    ("CREATE INDEX vulns_source_modified ON vulns(source, vuln_id, modified);"),
};

int vl_store_schema_version(struct vl_store *s) {
  sqlite3_stmt *st;
  int v = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT max(version) FROM schema_migrations",
                         -1, &st, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

static int fk_check(struct vl_store *s, int v, struct vl_diag *d) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) !=
      SQLITE_OK)
    return vl_db_err(s, d, "foreign_key_check");
  int step = sqlite3_step(st), rc = 0;
  if (step == SQLITE_ROW)
    rc = vl_diag_set(d, VL_EDB,
                     "migration %d: table %s row %lld refers to a missing "
                     "row of %s",
                     v, (const char *)sqlite3_column_text(st, 0),
                     (long long)sqlite3_column_int64(st, 1),
                     (const char *)sqlite3_column_text(st, 2));
  else if (step != SQLITE_DONE)
    rc = vl_db_err(s, d, "foreign_key_check");
  sqlite3_finalize(st);
  return rc;
}

int vl_db_migrate(struct vl_store *s, struct vl_diag *d) {
  int rc = vl_db_exec(s,
                      "CREATE TABLE IF NOT EXISTS schema_migrations("
                      "version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)",
                      d);
  if (rc) return rc;
  int have = vl_store_schema_version(s);
  for (int v = have + 1; v <= (int)VL_ARRAY_LEN(migrations); v++) {
    const char *sql = migrations[v - 1];
    if (!sql) continue;
    bool fk_off = !strncmp(sql, FK_OFF, strlen(FK_OFF));
    if (fk_off && (rc = vl_db_exec(s, "PRAGMA foreign_keys=OFF", d)))
      return rc;
    if ((rc = vl_db_exec(s, "BEGIN IMMEDIATE", d))) goto fk_on;
    /* Another process may have migrated while we waited for the lock. */
    if (vl_store_schema_version(s) >= v) {
      vl_db_exec(s, "COMMIT", d);
      if (fk_off) vl_db_exec(s, "PRAGMA foreign_keys=ON", d);
      continue;
    }
    rc = vl_db_exec(s, sql, d);
    if (!rc && fk_off) rc = fk_check(s, v, d);
    if (!rc) {
      char ins[128];
      snprintf(ins, sizeof(ins),
               "INSERT INTO schema_migrations VALUES(%d, %lld)", v,
               (long long)vl_time_now());
      rc = vl_db_exec(s, ins, d);
    }
    if (rc) {
      sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
      goto fk_on;
    }
    if ((rc = vl_db_exec(s, "COMMIT", d))) goto fk_on;
    if (fk_off && (rc = vl_db_exec(s, "PRAGMA foreign_keys=ON", d)))
      return rc;
  }
  if (have > (int)VL_ARRAY_LEN(migrations))
    return vl_diag_set(d, VL_EUNSUPPORTED,
                       "database schema version %d is newer than this "
                       "vulnloop (%zu)",
                       have, VL_ARRAY_LEN(migrations));
  return 0;
fk_on:
  sqlite3_exec(s->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
  return rc;
}
