#!/bin/sh
# Differential test: `vulnloop version compare --scheme rpm` against rpm.
#
# usage: diff_rpm.sh [N]       (N pairs, default 10000)
# env:   VULNLOOP      the vulnloop binary (required)
#        VL_DIFF_SEED  seed for the pair generator (default 20261125); the
#                      seed is printed so that any disagreement can be
#                      replayed with VL_DIFF_SEED=<seed> diff_rpm.sh N
# The pairs come from gen_dpkg_rpm_pairs.py.  The oracle is ONE rpm process:
# `rpm --eval '%{lua: ...}'` reads the pair file and writes rpm.vercmp(a, b)
# for every pair (rpm >= 4.16 parses [epoch:]version[-release] there;
# 100,000 pairs take well under a second).  Prints the seed, the number of
# pairs and of disagreements (the first 20 listed); exits 1 on any.
set -eu
N=${1:-10000}
SEED=${VL_DIFF_SEED:-20261125}
HERE=$(cd "$(dirname "$0")" && pwd)
: "${VULNLOOP:?set VULNLOOP to the vulnloop binary}"
command -v rpm >/dev/null || { echo "diff_rpm: rpm not installed"; exit 77; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

echo "diff_rpm: seed $SEED, $N pairs ($(rpm --version))"
start=$(date +%s)
/usr/bin/python3 "$HERE/gen_dpkg_rpm_pairs.py" rpm "$N" "$SEED" >"$TMP/pairs"
set +e
"$VULNLOOP" version compare --scheme rpm <"$TMP/pairs" >"$TMP/ours" 2>"$TMP/ours.err"
set -e
t1=$(date +%s)
# The path is mktemp's (no quotes or '%' in it); versions are read from the
# file, so rpm never macro-expands them.
rpm --eval "%{lua:
for l in io.lines('$TMP/pairs') do
  local i = string.find(l, ' ', 1, true)
  io.write(rpm.vercmp(string.sub(l, 1, i - 1), string.sub(l, i + 1)), '\n')
end}" | grep -v '^$' >"$TMP/theirs"
t2=$(date +%s)
paste -d ' ' "$TMP/ours" "$TMP/theirs" "$TMP/pairs" |
  awk '$1 != $2 { n++; if (n <= 20) printf "  vulnloop %s, rpm %s: %s %s\n", $1, $2, $3, $4 }
       END { print n + 0 > "/dev/stderr" }' >"$TMP/diff" 2>"$TMP/count"
bad=$(cat "$TMP/count")
for f in ours theirs; do
  lines=$(wc -l <"$TMP/$f")
  if [ "$lines" -ne "$N" ]; then
    echo "diff_rpm: $f gave $lines answers for $N pairs"
    head -5 "$TMP/ours.err"
    bad=$((bad + 1))
  fi
done
echo "diff_rpm: $bad disagreements in $N pairs (vulnloop $((t1 - start))s incl. generation, rpm $((t2 - t1))s)"
cat "$TMP/diff"
[ "$bad" -eq 0 ]
