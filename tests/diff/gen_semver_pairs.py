#!/usr/bin/python3
"""Generates N pairs of valid SemVer 2.0.0 versions, "A B" per line.

usage: gen_semver_pairs.py N SEED

The pairs are built to hit the hard cases of precedence: pre-release lists
that share a prefix, numeric vs alphanumeric identifiers, numbers of every
length up to npm's limit (main numbers <= 2^53-1 = Number.MAX_SAFE_INTEGER,
which npm semver enforces; pre-release numbers are kept <= 2^53-1 too, since
npm compares larger ones as rounded floats), alphanumerics that start with
digits or hyphens, case differences, "v" prefixes and build metadata (which
must not count).  Deterministic for a given SEED.
"""
import random
import sys

MAX_SAFE = 2**53 - 1


def number(r):
    c = r.random()
    if c < 0.35:
        return str(r.randint(0, 3))
    if c < 0.6:
        return str(r.choice([9, 10, 11, 19, 20, 99, 100, 101, 999, 1000]))
    if c < 0.8:
        return str(r.randint(0, 10**r.randint(1, 9)))
    if c < 0.9:
        return str(r.choice([MAX_SAFE, MAX_SAFE - 1, 2**31 - 1, 2**31, 2**32,
                             2**32 - 1, 2**52, 10**15, 10**15 + 1]))
    return str(r.randint(0, MAX_SAFE))


ALNUM = ["alpha", "beta", "rc", "pre", "a", "b", "A", "Alpha", "RC", "x",
         "X", "z", "Z", "-", "--", "-1", "0a", "1a", "00a", "a0", "a1",
         "a10", "a2", "alpha1", "alpha-1", "beta-2", "x-y-z", "SNAPSHOT",
         "snapshot", "dev", "build", "0-0", "9z", "zz", "aa", "aB", "Ab"]


def ident(r):
    c = r.random()
    if c < 0.45:
        return number(r)
    if c < 0.85:
        return r.choice(ALNUM)
    chars = "0123456789abcxyzABCXYZ-"
    s = "".join(r.choice(chars) for _ in range(r.randint(1, 6)))
    if s.isdigit():
        s += "x"
    return s


def pre(r):
    return [ident(r) for _ in range(r.randint(1, r.choice([1, 2, 3, 4, 8])))]


def build(r):
    chars = "0123456789abcdefABCDEF-"
    return ".".join("".join(r.choice(chars) for _ in range(r.randint(1, 8)))
                    for _ in range(r.randint(1, 3)))


def fmt(r, main, pr, allow_decor=True):
    s = ".".join(main)
    if pr:
        s += "-" + ".".join(pr)
    if allow_decor and r.random() < 0.15:
        s += "+" + build(r)
    if allow_decor and r.random() < 0.1:
        s = "v" + s
    return s


def mutate(r, main, pr):
    main = list(main)
    pr = list(pr)
    c = r.random()
    if c < 0.15 and pr:
        pr = pr[:r.randint(0, len(pr) - 1)]          # prefix / release
    elif c < 0.3:
        pr = pr + [ident(r) for _ in range(r.randint(1, 2))]  # longer
    elif c < 0.5 and pr:
        i = r.randrange(len(pr))
        pr[i] = ident(r)                              # one identifier
    elif c < 0.6 and pr:
        i = r.randrange(len(pr))
        if pr[i].isdigit():                           # +-1 on a number
            v = int(pr[i]) + r.choice([-1, 1])
            if 0 <= v <= MAX_SAFE:
                pr[i] = str(v)
    elif c < 0.75:
        i = r.randrange(3)
        v = int(main[i]) + r.choice([-1, 1])
        if 0 <= v <= MAX_SAFE:
            main[i] = str(v)
    elif c < 0.85:
        pass                                          # same, other build
    else:
        main = [number(r) for _ in range(3)]
        pr = pre(r) if r.random() < 0.6 else []
    return main, pr


def main():
    n = int(sys.argv[1])
    r = random.Random(int(sys.argv[2]))
    out = []
    for _ in range(n):
        m = [number(r) for _ in range(3)]
        p = pre(r) if r.random() < 0.75 else []
        m2, p2 = mutate(r, m, p)
        a, b = fmt(r, m, p), fmt(r, m2, p2)
        if r.random() < 0.5:
            a, b = b, a
        out.append(a + " " + b)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
