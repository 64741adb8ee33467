#!/bin/bash
# Runs one golden case: tests/data/golden/CASE/cmd is a bash script run in a
# fresh scratch directory; its `run ARGS...` calls the vulnloop command and
# writes a transcript (the command, its output and stderr, its exit status
# when not 0).  The transcript must equal tests/data/golden/CASE/expected.
# With VL_GOLDEN_UPDATE=1 the transcript is written there instead (review
# the diff before committing it).
set -u
case_name=${1:?usage: golden.sh CASE}
src=${VL_SOURCE_ROOT:?}
casedir="$src/tests/data/golden/$case_name"
[ -f "$casedir/cmd" ] || { echo "no such case: $casedir/cmd"; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DATA="$src/tests/data" EXAMPLES="$src/examples" SHARED="${VL_SHARED_DATA:?}"
export VULNLOOP_NOW=${VULNLOOP_NOW:-2026-11-16T09:00:00Z}
export VULNLOOP_USER=tester
export CASE="$casedir"
unset VULNLOOP_LANG

run() {
  echo "\$ vulnloop $*"
  "$VULNLOOP" "$@" 2>&1
  local rc=$?
  [ "$rc" = 0 ] || echo "[exit $rc]"
  return 0
}
export -f run 2>/dev/null || true

cd "$work"
transcript="$work/.transcript"
( source "$casedir/cmd" ) >"$transcript" 2>&1

if [ "${VL_GOLDEN_UPDATE:-}" = 1 ]; then
  cp "$transcript" "$casedir/expected"
  echo "updated $casedir/expected"
  exit 0
fi
if diff -u "$casedir/expected" "$transcript"; then
  echo "golden $case_name: ok"
  exit 0
fi
echo "golden $case_name: transcript differs from $casedir/expected (above)"
exit 1
