#!/usr/bin/env python3
"""Independent oracle for the scanner-report importers.

Reads a report with python's own xml.etree / csv, works out what an import
must have stored (hosts, results per host, credentials, times, which CVEs
became findings on which asset, which plugin's evidence), and compares it
with what vulnloop says (`findings --json`, `scan list --json`).  Prints a
summary line per report, and every difference as MISMATCH.

usage: oracle.py FORMAT DB REPORT   (FORMAT: nessus, openvas, qualys)
"""
import csv
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

fmt, db, path = sys.argv[1], sys.argv[2], sys.argv[3]
V = os.environ["VULNLOOP"]


def vl(*args):
    out = subprocess.run([V, "--db", db, "--json", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def iso(t):
    if t is None:
        return None
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# expected: hosts {asset: {results, credentialed, auth_ok, started, ended}},
# detections {(asset, cve): set(plugin ids)}
hosts, det = {}, {}


def detect(asset, cve, plugin):
    det.setdefault((asset, cve), set()).add(plugin)


if fmt == "nessus":
    root = ET.parse(path).getroot()
    for rh in root.iter("ReportHost"):
        tags = {t.get("name"): (t.text or "") for t in rh.iter("tag")}
        asset = (tags.get("host-fqdn") or tags.get("hostname")
                 or tags.get("netbios-name") or rh.get("name"))
        items = rh.findall("ReportItem")
        cred = tags.get("Credentialed_Scan") == "true" or any(
            i.get("pluginID") == "19506" and
            "Credentialed checks : yes" in (i.findtext("plugin_output") or "")
            for i in items)
        failed = any(i.get("pluginID") in ("21745", "104410", "110385")
                     for i in items)
        def when(name):
            # The Unix time, else the ctime-like text read as UTC.
            if tags.get(name + "_TIMESTAMP"):
                return iso(int(tags[name + "_TIMESTAMP"]))
            if tags.get(name):
                return datetime.strptime(tags[name], "%a %b %d %H:%M:%S %Y") \
                    .strftime("%Y-%m-%dT%H:%M:%SZ")
            return None
        hosts[asset] = dict(results=len(items), credentialed=cred or failed,
                            auth_ok=(False if failed else True if cred else None),
                            started=when("HOST_START"), ended=when("HOST_END"))
        for i in items:
            if int(i.get("severity")) > 0:
                for c in i.findall("cve"):
                    detect(asset, c.text, i.get("pluginID"))
elif fmt == "openvas":
    root = ET.parse(path).getroot()
    for r in root.iter("result"):
        h = r.find("host")
        ip = (h.text or "").strip()
        asset = (h.findtext("hostname") or "").strip() or ip
        e = hosts.setdefault(asset, dict(results=0, credentialed=False,
                                         auth_ok=None, started=None,
                                         ended=None))
        e["results"] += 1
        nvt = r.find("nvt")
        if r.findtext("threat") in ("High", "Medium", "Low", "Critical"):
            for ref in nvt.iter("ref"):
                if ref.get("type") in ("cve", "cve_id"):
                    detect(asset, ref.get("id"), nvt.get("oid"))
    for h in root.iter("host"):
        if h.find("ip") is None:
            continue
        ip = h.findtext("ip").strip()
        for asset, e in hosts.items():
            if asset == ip:
                e["started"] = h.findtext("start")
                e["ended"] = h.findtext("end")
elif fmt == "qualys":
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    hi = next(i for i, r in enumerate(rows) if "QID" in r)
    hdr = rows[hi]

    def col(row, *names):
        for n in names:
            if n in hdr:
                v = row[hdr.index(n)].strip()
                return None if v in ("", "'-", "-") else v
        return None
    for row in rows[hi + 1:]:
        if row == [] or row == [""]:
            continue
        asset = (col(row, "Asset Name", "HOSTNAME") or col(row, "DNS")
                 or col(row, "Asset IPV4", "IP"))
        agent = col(row, "Tracking Method") == "QAGENT"
        e = hosts.setdefault(asset, dict(results=0, credentialed=agent,
                                         auth_ok=True if agent else None,
                                         started=None, ended=None))
        e["results"] += 1
        last = col(row, "Last Detected")
        try:
            t = datetime.strptime(last or "", "%b %d, %Y %I:%M %p") \
                .strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            t = None  # only the VMDR form is read
        if t:
            e["started"] = min(e["started"] or t, t)
            e["ended"] = max(e["ended"] or t, t)
        typ = (col(row, "Type Detected", "Type", "TYPE") or "").lower()
        status = (col(row, "Status", "Vuln Status") or "").upper()
        if typ in ("", "confirmed", "vuln", "potential") and status != "FIXED":
            for c in (col(row, "CVE", "CVE ID", "CVEID") or "").replace(",", " ").split():
                detect(asset, c, col(row, "QID"))
else:
    sys.exit("unknown format " + fmt)

# ---- what vulnloop stored
scans = vl("scan", "list")
findings = vl("findings")
bad = 0


def mismatch(what, want, got):
    global bad
    bad += 1
    print(f"MISMATCH {what}: report says {want!r}, vulnloop says {got!r}")


if len(scans) != 1:
    mismatch("scans", 1, len(scans))
s = scans[0]
if s["scanner"] != fmt:
    mismatch("scanner", fmt, s["scanner"])
if s["hosts"] != len(hosts):
    mismatch("hosts", len(hosts), s["hosts"])
got_hosts = {h["asset"]: h for h in s["host_list"]}
for asset, e in sorted(hosts.items()):
    g = got_hosts.get(asset)
    if g is None:
        mismatch("host " + asset, "present", "absent")
        continue
    for k in ("results", "credentialed", "auth_ok", "started", "ended"):
        if e[k] != g[k]:
            mismatch(f"{asset} {k}", e[k], g[k])
if s["results"] != sum(e["results"] for e in hosts.values()):
    mismatch("results", sum(e["results"] for e in hosts.values()), s["results"])
got = {}
for f in findings:
    got[(f["asset"], f["vulnerability"])] = f
if set(got) != set(det):
    mismatch("findings", sorted(set(det) - set(got)), sorted(set(got) - set(det)))
for key, plugins in det.items():
    f = got.get(key)
    if not f:
        continue
    if f["status"] != "open":
        mismatch(f"{key} status", "open", f["status"])
    ev = f["evidence"] or ""
    if not ev.startswith(fmt + " ") or not any(f" {p} " in ev for p in plugins):
        mismatch(f"{key} evidence", f"{fmt} one of {sorted(plugins)}", ev)
print(f"{os.path.basename(path)}: {len(hosts)} hosts, "
      f"{sum(e['results'] for e in hosts.values())} results, "
      f"{len(det)} (asset, CVE) findings, "
      f"{sum(1 for e in hosts.values() if e['credentialed'])} credentialed: "
      + ("all agree" if not bad else f"{bad} differences"))
