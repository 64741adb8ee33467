"""Proof run on the real machine: `asset collect` of this host against an
independent reading of the same files.

Every package (name, architecture, version, source) is compared with
dpkg-query; for a few packages the
CVE ids recorded as fix evidence are compared with this script's own
reading of their changelogs, versions compared by `dpkg --compare-versions`.
Prints only agreement or the differences (the counts vary by machine)."""
import gzip, os, re, sqlite3, subprocess, sys

db, asset = sys.argv[1], sys.argv[2]
PKGS = ["libssl3", "openssl", "zlib1g", "libc6", "bash", "curl", "libcurl4",
        "libxml2", "libsqlite3-0", "tar", "gzip", "sudo", "git", "perl-base"]
HEAD = re.compile(r"^[a-z0-9][a-z0-9+.-]* \(([^() \t]+)\)[^;]*;")
CVE = re.compile(r"(?<![A-Za-z0-9])CVE-\d{4}-\d{4,19}(?![0-9A-Za-z])")

def dpkg_le(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "le", b]).returncode == 0

def valid(v):
    return subprocess.run(["dpkg", "--validate-version", v],
                          capture_output=True).returncode == 0

def changelog(name, source):
    for d in [name, source]:
        p = "/usr/share/doc/" + d
        if os.path.islink(p) or not os.path.isdir(p):
            continue
        for f in ["changelog.Debian.gz", "changelog.Debian"]:
            if os.path.exists(p + "/" + f):
                return p + "/" + f
    return None

def expected(path, installed):
    raw = open(path, "rb").read()
    text = (gzip.decompress(raw) if path.endswith(".gz") else raw).decode("utf-8", "replace")
    # every entry from the first one not newer than the installed version
    # on (later entries may sort after it: a stable update lists the
    # unstable upload it was built from)
    cves, take, started, cache = set(), False, False, {}
    for line in text.split("\n"):
        if line[:1] not in ("", " ", "\t"):
            if line.startswith("Old Changelog:"):
                break
            m = HEAD.match(line)
            take = False
            if m:
                v = m.group(1)
                if not started:
                    if v not in cache:
                        cache[v] = dpkg_le(v, installed)
                    started = cache[v]
                take = started and valid(v)
            continue
        if take:
            cves.update(CVE.findall(line))
    return cves

con = sqlite3.connect(db)
aid = con.execute("SELECT id FROM assets WHERE name = ?", (asset,)).fetchone()[0]
n = con.execute("SELECT count(*) FROM software WHERE asset = ? AND removed IS NULL"
                " AND origin = 'dpkg'", (aid,)).fetchone()[0]
ii = subprocess.run(["dpkg-query", "-W", "-f", "${db:Status-Status}\n"],
                    capture_output=True, text=True).stdout.split("\n").count("installed")
print("installed packages: %s" % ("same count as dpkg-query" if n == ii else
                                  "DIFFERENT: %d recorded, dpkg-query says %d" % (n, ii)))
# every package: name, architecture, version and source as dpkg-query says
q = subprocess.run(["dpkg-query", "-W", "-f",
                    "${db:Status-Status}\t${Package}\t${Architecture}\t${Version}\t${source:Package}\t${source:Version}\n"],
                   capture_output=True, text=True).stdout
want = set(tuple(r.split("\t")[1:]) for r in q.split("\n") if r.startswith("installed\t"))
got = set(con.execute("SELECT name, arch, version, source_name, source_version FROM software"
                      " WHERE asset = ? AND removed IS NULL AND origin = 'dpkg'", (aid,)))
print("names, architectures, versions and sources: %s" % (
    "as dpkg-query says" if want == got else "DIFFERENT: %s" % sorted(want ^ got)[:5]))
checked = bad = 0
for name in PKGS:
    q = subprocess.run(["dpkg-query", "-W", "-f", "${db:Status-Status}\t${Version}\t${source:Package}\t${source:Version}\n", name],
                       capture_output=True, text=True)
    rows = [r.split("\t") for r in q.stdout.strip().split("\n") if r]
    rows = [r for r in rows if r[0] == "installed"]
    if not rows:
        continue
    _, version, source, srcver = rows[0]
    path = changelog(name, source)
    if not path:
        continue
    want = expected(path, srcver)
    got = set(r[0] for r in con.execute(
        "SELECT e.vuln_id FROM fix_evidence e JOIN software s ON s.id = e.software"
        " WHERE s.asset = ? AND s.name = ? AND s.removed IS NULL", (aid, name)))
    if want != got:
        bad += 1
        print("%s: changelog says %d CVEs, recorded %d; only in changelog: %s; only recorded: %s"
              % (name, len(want), len(got), sorted(want - got)[:5], sorted(got - want)[:5]))
    elif want:
        checked += 1
print("fix evidence: %s" % ("agrees with the changelogs of %s packages" %
      ("at least 3" if checked >= 3 else "FEWER THAN 3 (%d)" % checked) if not bad else "DIFFERS"))
