#!/usr/bin/python3
"""dpkg's answers for many version pairs, fast.

usage: oracle_dpkg.py PAIRS_FILE > RESULTS   (one -1/0/1 per input line)

`dpkg --compare-versions` answers one pair per process (about 1.5 ms), far
too slow for 100,000 pairs.  Measured choice:
  * Dpkg::Version (libdpkg-perl, dpkg's own Perl implementation) compares
    100,000 pairs in one perl process in about 3 s, but it compares digit
    runs as Perl numbers (doubles), so it is exact only while every digit
    run has at most 14 significant digits;
  * pairs with a longer digit run go to the real `dpkg --compare-versions`
    (two threads, one or two calls per pair).
A random sample of the Perl-answered pairs (CROSS_CHECK of them) is also
put to the real dpkg, and any difference is reported, so the Perl path is
itself checked against dpkg on every run.
"""
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

CROSS_CHECK = 300
LONG = re.compile(r"[1-9][0-9]{14,}")

PERL = r'''
use strict; use warnings; use Dpkg::Version;
while (my $l = <STDIN>) {
  chomp $l; my ($a, $b) = split / /, $l;
  print version_compare($a, $b), "\n";
}
'''


def dpkg_cmp(pair):
    a, b = pair
    if subprocess.run(["dpkg", "--compare-versions", a, "lt", b],
                      stderr=subprocess.DEVNULL).returncode == 0:
        return -1
    if subprocess.run(["dpkg", "--compare-versions", a, "eq", b],
                      stderr=subprocess.DEVNULL).returncode == 0:
        return 0
    return 1


def main():
    pairs = []
    with open(sys.argv[1]) as f:
        for line in f:
            a, b = line.split()
            pairs.append((a, b))
    res = [None] * len(pairs)
    perl_idx = [i for i, (a, b) in enumerate(pairs)
                if not LONG.search(a) and not LONG.search(b)]
    perl_set = set(perl_idx)
    dpkg_idx = [i for i in range(len(pairs)) if i not in perl_set]
    inp = "".join(pairs[i][0] + " " + pairs[i][1] + "\n" for i in perl_idx)
    out = subprocess.run(["perl", "-e", PERL], input=inp, text=True,
                         capture_output=True, check=True).stdout.split()
    if len(out) != len(perl_idx):
        sys.exit("oracle_dpkg: perl gave %d answers for %d pairs"
                 % (len(out), len(perl_idx)))
    for i, r in zip(perl_idx, out):
        res[i] = int(r)
    sample = random.Random(len(pairs)).sample(perl_idx,
                                              min(CROSS_CHECK, len(perl_idx)))
    with ThreadPoolExecutor(max_workers=2) as ex:
        got = list(ex.map(dpkg_cmp, [pairs[i] for i in dpkg_idx + sample]))
    for i, r in zip(dpkg_idx, got):
        res[i] = r
    bad = 0
    for i, r in zip(sample, got[len(dpkg_idx):]):
        if r != res[i]:
            bad += 1
            sys.stderr.write("oracle_dpkg: Dpkg::Version says %d, dpkg says %d"
                             " for %s %s\n" % (res[i], r, *pairs[i]))
    sys.stderr.write("oracle_dpkg: %d pairs by Dpkg::Version, %d by dpkg "
                     "(long numbers), %d cross-checked against dpkg\n"
                     % (len(perl_idx), len(dpkg_idx), len(sample)))
    sys.stdout.write("".join("%d\n" % r for r in res))
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
