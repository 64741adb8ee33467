#!/bin/sh
# Runs every benchmark of a build.  Each prints its figure, the ceiling it
# measured in the same run, and the ratio.
set -u
build=${1:-build}
status=0
for bin in "$build"/bench/bench_*; do
  [ -f "$bin" ] && [ -x "$bin" ] || continue
  echo "== $(basename "$bin")"
  "$bin" || status=1
done
exit $status
