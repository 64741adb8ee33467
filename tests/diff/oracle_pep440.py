#!/usr/bin/python3
"""Oracle for diff_pep440.sh: packaging.version.Version on "A B" lines.

usage: /usr/bin/python3 oracle_pep440.py PAIRS_FILE
Prints -1, 0, 1 or E (invalid version) per line, in one process.
Run with Debian's /usr/bin/python3 (package python3-packaging)."""
import sys

from packaging.version import InvalidVersion, Version


def main():
    out = []
    cache = {}

    def parse(s):
        v = cache.get(s)
        if v is None:
            v = cache[s] = Version(s)
        return v

    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            a, b = line.split()
            try:
                x, y = parse(a), parse(b)
            except InvalidVersion:
                out.append("E")
                continue
            out.append("-1" if x < y else "1" if x > y else "0")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
