#!/usr/bin/python3
"""Generates N pairs of valid PEP 440 versions, "A B" per line.

usage: gen_pep440_pairs.py N SEED

Built to hit the hard cases of packaging.version.Version ordering: epochs,
release segments with trailing zeros and leading zeros, numbers far beyond 64
bits, every spelling of pre-releases (a/alpha, b/beta, c/rc/pre/preview) with
and without separators and numbers, post releases (implicit "1.0-1",
post/rev/r), dev releases, all combinations of pre/post/dev, local versions
(numeric vs alphanumeric segments, case, "-" "_" "." separators), a leading
"v" and upper case.  Deterministic for a given SEED.
"""
import random
import sys


def num(r):
    c = r.random()
    if c < 0.5:
        return str(r.randint(0, 3))
    if c < 0.75:
        return str(r.choice([9, 10, 11, 99, 100, 2**31, 2**63, 2**64]))
    if c < 0.9:
        return str(r.randint(0, 10**r.randint(1, 12)))
    if c < 0.95:
        return "0" * r.randint(1, 3) + str(r.randint(0, 20))
    return str(r.randint(10**25, 10**30))


def sep(r):
    return r.choice(["", "", "", ".", "-", "_"])


def case(r, w):
    c = r.random()
    if c < 0.8:
        return w
    if c < 0.9:
        return w.upper()
    return w.capitalize()


PRE = ["a", "alpha", "b", "beta", "c", "rc", "pre", "preview"]
POST = ["post", "rev", "r"]
LOCAL = ["ubuntu", "abc", "ABC", "deb", "g1234", "0a", "a0", "x", "z", "1",
         "01", "2", "10", "007", "local"]


class V:
    def __init__(self, r):
        self.epoch = num(r) if r.random() < 0.15 else None
        self.release = [num(r) for _ in range(r.randint(1, 4))]
        if r.random() < 0.3:
            self.release += ["0"] * r.randint(1, 3)
        self.pre = (r.choice(PRE), num(r) if r.random() < 0.8 else None) \
            if r.random() < 0.4 else None
        self.post = (r.choice(POST + ["-"]), num(r) if r.random() < 0.8 else None) \
            if r.random() < 0.3 else None
        self.dev = (num(r) if r.random() < 0.8 else None) \
            if r.random() < 0.3 else False
        self.local = [r.choice(LOCAL) if r.random() < 0.6 else num(r)
                      for _ in range(r.randint(1, 3))] \
            if r.random() < 0.2 else None
        self.v = r.random() < 0.05

    def fmt(self, r):
        s = "v" if self.v else ""
        if self.epoch is not None:
            s += self.epoch + "!"
        s += ".".join(self.release)
        if self.pre:
            s += sep(r) + case(r, self.pre[0])
            if self.pre[1] is not None:
                s += sep(r) + self.pre[1]
        if self.post:
            kind, n = self.post
            if kind == "-":
                s += "-" + (n if n is not None else "0")
            else:
                s += sep(r) + case(r, kind)
                if n is not None:
                    s += sep(r) + n
        if self.dev is not False:
            s += sep(r) + case(r, "dev")
            if self.dev is not None:
                s += sep(r) + self.dev
        if self.local:
            s += "+" + self.local[0]
            for seg in self.local[1:]:
                s += r.choice([".", "-", "_"]) + seg
        return s


def mutate(r, v):
    import copy
    w = copy.deepcopy(v)
    c = r.random()
    if c < 0.15:
        w.pre = None if w.pre else (r.choice(PRE), num(r))
    elif c < 0.3:
        w.post = None if w.post else (r.choice(POST + ["-"]), num(r))
    elif c < 0.45:
        w.dev = False if w.dev is not False else num(r)
    elif c < 0.55:
        w.local = None if w.local else [r.choice(LOCAL), num(r)]
    elif c < 0.65 and w.local:
        w.local = w.local + [r.choice(LOCAL)]
    elif c < 0.75:
        i = r.randrange(len(w.release))
        w.release[i] = str(max(0, int(w.release[i]) + r.choice([-1, 1])))
    elif c < 0.82:
        w.release = w.release + ["0"]
    elif c < 0.88:
        w.epoch = None if w.epoch else "1"
    elif c < 0.94:
        pass  # same version, maybe other spelling
    else:
        w = V(r)
    return w


def main():
    n = int(sys.argv[1])
    r = random.Random(int(sys.argv[2]))
    out = []
    for _ in range(n):
        a = V(r)
        b = mutate(r, a)
        x, y = a.fmt(r), b.fmt(r)
        if r.random() < 0.5:
            x, y = y, x
        out.append(x + " " + y)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
