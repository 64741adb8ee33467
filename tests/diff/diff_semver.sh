#!/bin/sh
# Differential test: `vulnloop version compare --scheme semver` against npm's
# `semver` package (semver.compare, default non-loose mode).
#
# usage: diff_semver.sh [N]    (N pairs, default 10000)
# env:   VULNLOOP      the vulnloop binary (required)
#        VL_DIFF_SEED  seed for the pair generator (default 20261125); the
#                      seed is printed so that any disagreement can be
#                      replayed with VL_DIFF_SEED=<seed> diff_semver.sh N
# The pairs come from gen_semver_pairs.py; npm semver (pinned in
# package-lock.json) is installed into tests/diff/node_modules with `npm ci`
# when missing, and answers all pairs in one node process
# (oracle_semver.js).  Prints the seed, the number of pairs and of
# disagreements (the first 20 listed); exits 1 on any disagreement.
set -eu
N=${1:-10000}
SEED=${VL_DIFF_SEED:-20261125}
HERE=$(cd "$(dirname "$0")" && pwd)
: "${VULNLOOP:?set VULNLOOP to the vulnloop binary}"
command -v node >/dev/null || { echo "diff_semver: node not installed"; exit 77; }
if [ ! -f "$HERE/node_modules/semver/package.json" ]; then
  command -v npm >/dev/null || { echo "diff_semver: npm not installed"; exit 77; }
  echo "diff_semver: installing npm semver (npm ci --prefix $HERE)"
  npm ci --prefix "$HERE" --no-audit --no-fund >/dev/null
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

echo "diff_semver: seed $SEED, $N pairs"
start=$(date +%s)
/usr/bin/python3 "$HERE/gen_semver_pairs.py" "$N" "$SEED" >"$TMP/pairs"
set +e
"$VULNLOOP" version compare --scheme semver <"$TMP/pairs" >"$TMP/ours" 2>"$TMP/ours.err"
set -e
t1=$(date +%s)
node "$HERE/oracle_semver.js" "$TMP/pairs" >"$TMP/theirs"
t2=$(date +%s)
paste -d ' ' "$TMP/ours" "$TMP/theirs" "$TMP/pairs" |
  awk '$1 != $2 { n++; if (n <= 20) printf "  vulnloop %s, npm semver %s: %s %s\n", $1, $2, $3, $4 }
       END { print n + 0 > "/dev/stderr" }' >"$TMP/diff" 2>"$TMP/count"
lines_ours=$(wc -l <"$TMP/ours")
lines_theirs=$(wc -l <"$TMP/theirs")
bad=$(cat "$TMP/count")
if [ "$lines_ours" -ne "$N" ] || [ "$lines_theirs" -ne "$N" ]; then
  echo "diff_semver: got $lines_ours (vulnloop) and $lines_theirs (npm) answers for $N pairs"
  head -5 "$TMP/ours.err"
  bad=$((bad + 1))
fi
echo "diff_semver: $bad disagreements in $N pairs (vulnloop $((t1 - start))s incl. generation, npm semver $((t2 - t1))s)"
cat "$TMP/diff"
[ "$bad" -eq 0 ]
