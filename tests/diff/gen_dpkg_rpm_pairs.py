#!/usr/bin/python3
"""Generates version pairs for the dpkg and rpm differential tests.

usage: gen_dpkg_rpm_pairs.py dpkg|rpm N SEED

Writes N lines "A B" to stdout.  The pairs are built to hit the hard
shapes of each scheme: epochs (0, small, up to 2^31-1 for dpkg, huge for
rpm), '~' and (rpm) '^', digit runs longer than 20 digits, leading zeros,
letters against digits, empty parts ("1..0", trailing separators),
separators of every kind and revisions/releases like Debian's and Fedora's.
Half of the pairs are a version and a small mutation of it, so that the
comparison has to go deep.  Only strings the scheme accepts are produced
(at most 200 bytes; dpkg: the upstream part starts with a digit and uses [A-Za-z0-9.+~-:],
the revision [A-Za-z0-9.+~]; rpm: printable ASCII without blanks).
The same SEED always gives the same pairs.
"""
import random
import sys

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
WORDS = ["rc", "beta", "alpha", "pre", "git", "svn", "dfsg", "deb", "ubuntu",
         "bpo", "build", "fc", "el", "p", "a", "b", "z", "Z", "ds", "really",
         "snapshot", "post", "esm", "nmu", "security"]


def number(r):
    k = r.random()
    if k < 0.45:
        return str(r.randint(0, 12))
    if k < 0.65:
        return str(r.randint(0, 999))
    if k < 0.75:
        return "0" * r.randint(1, 3) + str(r.randint(0, 99))   # leading zeros
    if k < 0.85:
        return str(r.randint(0, 10**9))
    if k < 0.97:
        return "0" * r.randint(1, 25)                           # all zeros
    return str(r.randint(10**20, 10**30))                       # > 20 digits


def word(r):
    if r.random() < 0.7:
        return r.choice(WORDS)
    return "".join(r.choice(LETTERS) for _ in range(r.randint(1, 4)))


def part(r, seps, first_digit, extra):
    """A run of segments joined by separators from seps."""
    out = [number(r) if first_digit or r.random() < 0.7 else word(r)]
    for _ in range(r.randint(0, 5)):
        k = r.random()
        if k < 0.55:
            out.append(r.choice(seps))
            out.append(number(r))
        elif k < 0.75:
            out.append(word(r))            # letters right after digits
            if r.random() < 0.6:
                out.append(number(r))
        elif k < 0.85:
            out.append(r.choice(seps) + r.choice(seps))   # empty part
            out.append(number(r) if r.random() < 0.6 else word(r))
        else:
            out.append(r.choice(extra))    # ~ (and ^ for rpm)
            out.append(word(r) if r.random() < 0.5 else number(r))
    if r.random() < 0.08:
        out.append(r.choice(seps + extra))  # trailing separator / tilde
    return "".join(out)


def dpkg_version(r):
    v = ""
    k = r.random()
    if k < 0.25:
        v += str(r.choice([0, 1, 2, 10, r.randint(0, 2**31 - 1)])) + ":"
    elif k < 0.3:
        v += "0" * r.randint(1, 3) + str(r.randint(0, 5)) + ":"
    up = part(r, [".", "+", "."], True, ["~", "~~"])
    if v and r.random() < 0.1:
        up += ":" + number(r)              # colon allowed after an epoch
    has_rev = r.random() < 0.7
    if has_rev and r.random() < 0.15:
        up += "-" + part(r, ["."], True, ["~"])  # hyphen inside upstream
    v += up
    if has_rev:
        rev = part(r, [".", "+"], r.random() < 0.8, ["~"])
        if r.random() < 0.3:
            rev += r.choice(["+deb12u", "~deb12u", "ubuntu0.", "+b", "~bpo11+"]) \
                + number(r)
        v += "-" + rev
    return v


def rpm_version(r):
    v = ""
    k = r.random()
    if k < 0.25:
        v += str(r.choice([0, 1, 2, 10, r.randint(0, 10**25)])) + ":"
    elif k < 0.28:
        v += ":"                                       # empty epoch = 0
    seps = [".", ".", "_", "+", "%", "."]
    v += part(r, seps, r.random() < 0.9, ["~", "^", "~", "^"])
    if r.random() < 0.65:
        rel = part(r, seps, r.random() < 0.8, ["~", "^"])
        if r.random() < 0.3:
            rel += r.choice([".fc", ".el", ".el8_", "~bootstrap", "^git"]) \
                + number(r)
        v += "-" + rel
    return v


def mutate(r, v, scheme):
    """A version close to v, still valid for the scheme."""
    for _ in range(20):
        k = r.random()
        w = v
        if k < 0.2:
            w = v + r.choice(["~", "~rc1", "a", ".0", "0", "+1", ".", "1"]
                             + (["^", "^git1"] if scheme == "rpm" else []))
        elif k < 0.35 and len(v) > 2:
            i = r.randrange(1, len(v))
            w = v[:i] + v[i + 1:]
        elif k < 0.55:
            i = r.randrange(len(v))
            c = v[i]
            if c.isdigit():
                w = v[:i] + r.choice("0123456789") + v[i + 1:]
            elif c.isalpha():
                w = v[:i] + r.choice(LETTERS) + v[i + 1:]
            else:
                w = v[:i] + r.choice(".+~" + ("^_" if scheme == "rpm" else ""))\
                    + v[i + 1:]
        elif k < 0.7:
            i = r.randrange(len(v) + 1)
            w = v[:i] + r.choice(["0", "00", "~", "."]) + v[i:]
        elif k < 0.8:
            w = "0:" + v if ":" not in v else v.split(":", 1)[1]
        elif k < 0.9:
            w = v.replace(".", r.choice([".", "+", "~"]), 1)
        else:
            w = v + "-" + number(r) if "-" not in v else v[:v.rindex("-")]
        if valid(w, scheme):
            return w
    return v


def valid(v, scheme):
    if not v or len(v) > 200 or any(c.isspace() for c in v):
        return False
    if scheme == "rpm":
        return all(33 <= ord(c) <= 126 for c in v)
    epoch, up = "0", v
    if ":" in v:
        epoch, up = v.split(":", 1)
        if not epoch.isdigit() or int(epoch) > 2**31 - 1:
            return False
    rev = ""
    if "-" in up:
        up, rev = up.rsplit("-", 1)
        if not rev:
            return False
    if not up or not up[0].isdigit():
        return False
    ok_up = set(LETTERS + "0123456789.+~-:")
    ok_rev = set(LETTERS + "0123456789.+~")
    return all(c in ok_up for c in up) and all(c in ok_rev for c in rev)


def main():
    scheme, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    r = random.Random(seed)
    gen = dpkg_version if scheme == "dpkg" else rpm_version
    out = []
    for _ in range(n):
        a = gen(r)
        while not valid(a, scheme):
            a = gen(r)
        b = mutate(r, a, scheme) if r.random() < 0.5 else gen(r)
        while not valid(b, scheme):
            b = gen(r)
        if r.random() < 0.5:
            a, b = b, a
        out.append(a + " " + b + "\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
