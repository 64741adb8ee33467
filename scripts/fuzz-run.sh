#!/bin/sh
# Runs every fuzz target of a fuzz build for SECONDS on a scratch copy of its
# seed corpus.  Prints one line per target ("fuzz: NAME ok" or "... FAILED")
# and exits non-zero if any target crashed, leaked or tripped a sanitizer.
set -u
build=${1:?usage: fuzz-run.sh BUILD-DIR SECONDS}
seconds=${2:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
found=0
for bin in "$build"/fuzz/fuzz_*; do
  [ -f "$bin" ] && [ -x "$bin" ] || continue
  found=1
  name=$(basename "$bin" | sed 's/^fuzz_//')
  work=$(mktemp -d)
  if [ -d "$root/fuzz/corpus/$name" ]; then
    cp -r "$root/fuzz/corpus/$name/." "$work/"
  fi
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$work/" "$work" >"$work.log" 2>&1; then
    echo "fuzz: $name ok ($seconds s)"
  else
    echo "fuzz: $name FAILED; last lines of its log:"
    tail -n 30 "$work.log"
    status=1
  fi
  rm -rf "$work" "$work.log"
done
if [ "$found" = 0 ]; then
  echo "fuzz: no fuzz targets in $build/fuzz" >&2
  exit 1
fi
exit $status
