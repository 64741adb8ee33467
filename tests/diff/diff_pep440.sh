#!/bin/sh
# Differential test: `vulnloop version compare --scheme pep440` against
# packaging.version.Version (Debian's python3-packaging).
#
# usage: diff_pep440.sh [N]    (N pairs, default 10000)
# env:   VULNLOOP      the vulnloop binary (required)
#        VL_DIFF_SEED  seed for the pair generator (default 20261125); the
#                      seed is printed so that any disagreement can be
#                      replayed with VL_DIFF_SEED=<seed> diff_pep440.sh N
# The pairs come from gen_pep440_pairs.py; packaging answers all pairs in
# one /usr/bin/python3 process (oracle_pep440.py; the python3 on PATH may be
# another interpreter without packaging).  Prints the seed, the number of
# pairs and of disagreements (the first 20 listed); exits 1 on any
# disagreement.
set -eu
N=${1:-10000}
SEED=${VL_DIFF_SEED:-20261125}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
: "${VULNLOOP:?set VULNLOOP to the vulnloop binary}"
"$PY" -c 'import packaging.version' 2>/dev/null ||
  { echo "diff_pep440: needs python3-packaging (apt-get install python3-packaging)"; exit 77; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

echo "diff_pep440: seed $SEED, $N pairs (packaging $("$PY" -c 'import packaging; print(packaging.__version__)'))"
start=$(date +%s)
"$PY" "$HERE/gen_pep440_pairs.py" "$N" "$SEED" >"$TMP/pairs"
set +e
"$VULNLOOP" version compare --scheme pep440 <"$TMP/pairs" >"$TMP/ours" 2>"$TMP/ours.err"
set -e
t1=$(date +%s)
"$PY" "$HERE/oracle_pep440.py" "$TMP/pairs" >"$TMP/theirs"
t2=$(date +%s)
paste -d ' ' "$TMP/ours" "$TMP/theirs" "$TMP/pairs" |
  awk '$1 != $2 { n++; if (n <= 20) printf "  vulnloop %s, packaging %s: %s %s\n", $1, $2, $3, $4 }
       END { print n + 0 > "/dev/stderr" }' >"$TMP/diff" 2>"$TMP/count"
lines_ours=$(wc -l <"$TMP/ours")
lines_theirs=$(wc -l <"$TMP/theirs")
bad=$(cat "$TMP/count")
if [ "$lines_ours" -ne "$N" ] || [ "$lines_theirs" -ne "$N" ]; then
  echo "diff_pep440: got $lines_ours (vulnloop) and $lines_theirs (packaging) answers for $N pairs"
  head -5 "$TMP/ours.err"
  bad=$((bad + 1))
fi
echo "diff_pep440: $bad disagreements in $N pairs (vulnloop $((t1 - start))s incl. generation, packaging $((t2 - t1))s)"
cat "$TMP/diff"
[ "$bad" -eq 0 ]
