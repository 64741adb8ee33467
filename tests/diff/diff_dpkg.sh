#!/bin/sh
# Differential test: `vulnloop version compare --scheme dpkg` against dpkg.
#
# usage: diff_dpkg.sh [N]      (N pairs, default 10000)
# env:   VULNLOOP      the vulnloop binary (required)
#        VL_DIFF_SEED  seed for the pair generator (default 20261125); the
#                      seed is printed so that any disagreement can be
#                      replayed with VL_DIFF_SEED=<seed> diff_dpkg.sh N
# The pairs come from gen_dpkg_rpm_pairs.py; dpkg's answers from
# oracle_dpkg.py (Dpkg::Version in one perl process, the real dpkg binary
# for pairs with digit runs too long for Perl's numbers, plus a sample
# cross-checked against dpkg).  Prints the seed, the number of pairs and of
# disagreements (the first 20 listed); exits 1 on any disagreement.
set -eu
N=${1:-10000}
SEED=${VL_DIFF_SEED:-20261125}
HERE=$(cd "$(dirname "$0")" && pwd)
: "${VULNLOOP:?set VULNLOOP to the vulnloop binary}"
command -v dpkg >/dev/null || { echo "diff_dpkg: dpkg not installed"; exit 77; }
perl -MDpkg::Version -e 1 2>/dev/null ||
  { echo "diff_dpkg: needs libdpkg-perl (apt-get install libdpkg-perl)"; exit 77; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

echo "diff_dpkg: seed $SEED, $N pairs"
start=$(date +%s)
/usr/bin/python3 "$HERE/gen_dpkg_rpm_pairs.py" dpkg "$N" "$SEED" >"$TMP/pairs"
set +e
"$VULNLOOP" version compare --scheme dpkg <"$TMP/pairs" >"$TMP/ours" 2>"$TMP/ours.err"
set -e
t1=$(date +%s)
/usr/bin/python3 "$HERE/oracle_dpkg.py" "$TMP/pairs" >"$TMP/theirs"
t2=$(date +%s)
paste -d ' ' "$TMP/ours" "$TMP/theirs" "$TMP/pairs" |
  awk '$1 != $2 { n++; if (n <= 20) printf "  vulnloop %s, dpkg %s: %s %s\n", $1, $2, $3, $4 }
       END { print n + 0 > "/dev/stderr" }' >"$TMP/diff" 2>"$TMP/count"
lines_ours=$(wc -l <"$TMP/ours")
bad=$(cat "$TMP/count")
if [ "$lines_ours" -ne "$N" ]; then
  echo "diff_dpkg: vulnloop gave $lines_ours answers for $N pairs"
  head -5 "$TMP/ours.err"
  bad=$((bad + 1))
fi
echo "diff_dpkg: $bad disagreements in $N pairs (vulnloop $((t1 - start))s incl. generation, oracle $((t2 - t1))s)"
cat "$TMP/diff"
[ "$bad" -eq 0 ]
