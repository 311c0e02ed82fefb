#!/usr/bin/env python3
"""abicheck: prove that tspkit's own TAPI/TSPI/MSPI definitions are
ABI-identical to the platform's (mingw-w64), entirely at compile time.

For each comparison the probe from abigen.py is compiled twice with -S:
once against the platform headers (the reference) and once against tspkit's
own bits/*.h; the numbers in the two assembly files must be equal. A name the
own side lacks is a compile error on its probe line: those lines are named,
dropped and the probe recompiled, so every missing item is reported.

Usage: abicheck.py --repo DIR --build-dir DIR [--self-check PERTURB_H]
Exit status 0 only when every comparison (and the self-check) passes.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import abigen  # noqa: E402

MINGW64 = "x86_64-w64-mingw32-gcc"
MINGW32 = "i686-w64-mingw32-gcc"
OWN = ["-DTSPKIT_OWN_WIN32_DEFS"]

# (name, compiler and flags for tspkit's own definitions, reference compiler
# which sees the platform headers)
COMPARISONS = (
    ("linux-x86_64", "gcc", [], MINGW64),
    ("mingw-x86_64", MINGW64, OWN, MINGW64),
    ("mingw-i686", MINGW32, OWN, MINGW32),
)

# A parser that finds fewer items than this is broken, not successful.
MIN_COUNTS = {"const": 800, "struct": 60, "field": 600, "typedef": 80, "proto": 120}

MAX_PASSES = 12
_DIAG = re.compile(r"^(?:.*/)?abi_probe[^/:]*\.c:(\d+):\d+: (error|note|warning): (.*)$")
_ASM = re.compile(r'@ABI (\S+) (\S+) (-?\d+(?: -?\d+)*)\\n')


# Headers measure() may leave out, in this order, when they do not compile.
_SKIPPABLE = (("-DABI_SKIP_MSP", "<tspkit/msp.h>"), ("-DABI_SKIP_TSPI", "<tspkit/tspi.h>"))


class Side:
    """Measurements of one compile: values by key, the keys that did not
    compile with the first error each caused, headers left out (notes), and
    `fatal`: an error no probe line explains (a broken header)."""

    def __init__(self):
        self.values, self.errors, self.notes, self.fatal = {}, {}, [], None


def measure(cc, flags, lines, include, workdir, tag, may_skip=False):
    os.makedirs(workdir, exist_ok=True)
    src = os.path.join(workdir, "abi_probe_%s.c" % tag)
    asm = os.path.join(workdir, "abi_probe_%s.s" % tag)
    side, active, skips = Side(), list(lines), list(_SKIPPABLE) if may_skip else []
    flags = list(flags)
    for _ in range(MAX_PASSES):
        line_key = abigen.write_probe(src, active)
        cmd = [cc, "-std=c11", "-S", "-fmax-errors=0", *flags, "-I" + include, src, "-o", asm]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True)
        except OSError as e:
            side.fatal = "cannot run %s: %s" % (cc, e)
            return side
        if proc.returncode == 0:
            with open(asm) as f:
                for kind, name, nums in _ASM.findall(f.read()):
                    side.values[kind + " " + name] = tuple(int(n) for n in nums.split())
            return side
        failed, message = {}, None
        for diag in proc.stderr.splitlines():
            m = _DIAG.match(diag)
            if m and m.group(2) == "error":
                message = m.group(3)
            if m and m.group(2) != "warning" and int(m.group(1)) in line_key:
                failed.setdefault(line_key[int(m.group(1))], message)
        if not failed:
            first = next((d for d in proc.stderr.splitlines() if "error" in d), proc.stderr.strip())
            if not skips:
                side.fatal = "\n".join(proc.stderr.splitlines()[:12])
                return side
            flag, header = skips.pop(0)
            flags.append(flag)
            side.notes.append("%s left out, it does not compile: %s" % (header, first))
            continue
        side.errors.update(failed)
        active = [(k, s) for k, s in active if k not in failed]
    side.fatal = "probe still fails after %d passes" % MAX_PASSES
    return side


# ------------------------------------------------------------------ reporting

def _const_text(v):
    lo, hi, size, signed = v
    bits = ((hi & 0xffffffff) << 32) | (lo & 0xffffffff)
    if signed and bits >> 63:
        bits -= 1 << 64
    return "value=%s size=%d %s" % (hex(bits) if bits >= 0 else bits, size,
                                    "signed" if signed else "unsigned")


def _type_text(same):
    return "type matches" if same else "type differs"


def describe(key, v):
    kind = key.split(" ", 1)[0]
    if kind == "const":
        return _const_text(v)
    if kind == "struct":
        return "size=%d align=%d" % v
    if kind == "field":
        return "offset=%d size=%d %s" % (v[0], v[1], _type_text(v[2]))
    if kind == "typedef":
        return "size=%d %s" % (v[0], _type_text(v[1]))
    if kind == "proto":
        return _type_text(v[0])
    return "size=%d" % v[0]


def _owner(key):
    """The item whose absence explains this one: a field's structure, a
    parameter's function."""
    kind, name = key.split(" ", 1)
    if kind == "field":
        return "struct " + name.split(".", 1)[0]
    if kind == "param":
        return "proto " + name.split("#", 1)[0]
    return None


def compare(ref, own, keys, spelled=None):
    """Return (mismatch lines, missing keys) of own against ref; `spelled`
    gives Windows' type spelling to quote when a type differs."""
    lines, missing = [], []
    for key in keys:
        if key in own.errors or key not in own.values:
            missing.append(key)
        elif own.values[key] != ref.values[key]:
            line = "MISMATCH %s: tspkit %s, windows %s" % (
                key, describe(key, own.values[key]), describe(key, ref.values[key]))
            if spelled and key in spelled and "differ" in line:
                line += " (windows spells it: %s)" % spelled[key]
            lines.append(line)
    return lines, missing


def report_missing(name, missing, errors, verbose):
    shown = [k for k in missing if _owner(k) not in missing]
    out = []
    for kind in ("const", "struct", "field", "typedef", "proto", "param"):
        names = [k.split(" ", 1)[1] for k in shown if k.startswith(kind + " ")]
        if names:
            out.append("abi: %s: missing %d %s: %s" % (name, len(names), kind, " ".join(names)))
    if verbose:
        out += ["abi: %s:   %s: %s" % (name, k, errors.get(k, "?")) for k in shown]
    return out


def unspellable(ref):
    """Keys whose type check fails even on the platform headers: the
    extracted spelling is wrong there, so the check would prove nothing."""
    flag = {"field": 2, "typedef": 1, "proto": 0}
    return [k for k, v in ref.values.items()
            if k.split(" ", 1)[0] in flag and not v[flag[k.split(" ", 1)[0]]]]


def counts(keys):
    c = {}
    for k in keys:
        kind = k.split(" ", 1)[0]
        c[kind] = c.get(kind, 0) + 1
    return c


# ---------------------------------------------------------------------- main

def run_comparison(name, own_cc, own_flags, ref, lines, spelled, include, workdir, verbose):
    own = measure(own_cc, own_flags, lines, include, workdir, name + "-own", may_skip=True)
    keys = [k for k, _ in lines]
    c = counts(keys)
    out = ["abi: %s: note: %s" % (name, n) for n in own.notes]
    if own.fatal:
        out.append("abi: %s: tspkit headers do not compile:\n%s" % (name, own.fatal))
        bad = len(keys)
    else:
        mism, missing = compare(ref, own, keys, spelled)
        out += ["abi: %s: %s" % (name, m) for m in mism]
        out += report_missing(name, missing, own.errors, verbose)
        bad = len(mism) + len(missing)
    out.append("abi: %s: %d constants, %d structures, %d fields, %d typedefs, %d prototypes "
               "(%d parameters) checked, %d mismatches"
               % (name, c.get("const", 0), c.get("struct", 0), c.get("field", 0),
                  c.get("typedef", 0), c.get("proto", 0), c.get("param", 0), bad))
    return bad, out


def self_check(perturb, refs, lines, include, workdir, verbose):
    """Measure the platform headers with PERTURB_H included after them and
    require exactly the differences its "expect: KEY" lines list (and, for
    one target only, "expect(i686): KEY"): proves the pipeline sees each kind
    of difference and that identical headers report nothing."""
    with open(perturb) as f:
        plan = re.findall(r"expect(?:\((\w+)\))?: (\S+ \S+)", f.read())
    flags = ['-DABI_PERTURB="%s"' % os.path.abspath(perturb)]
    ok, out = True, []
    for target, cc in (("x86_64", MINGW64), ("i686", MINGW32)):
        expected = {key for only, key in plan if only in ("", target)}
        side = measure(cc, flags, lines, include, workdir, "selfcheck-" + target)
        if side.fatal:
            out.append("abi: self-check %s: perturbed probe does not compile:\n%s" % (target, side.fatal))
            ok = False
            continue
        mism, missing = compare(refs[cc], side, [k for k, _ in lines])
        if verbose:
            out += ["abi: self-check %s: planted: %s" % (target, m) for m in mism]
        seen = {m.split(":", 1)[0][len("MISMATCH "):] for m in mism} | set(missing)
        out += ["abi: self-check %s: FAILED to report %s" % (target, k) for k in sorted(expected - seen)]
        out += ["abi: self-check %s: spurious report %s" % (target, k) for k in sorted(seen - expected)]
        out.append("abi: self-check %s: %d of %d planted differences reported, %d spurious"
                   % (target, len(expected & seen), len(expected), len(seen - expected)))
        ok &= bool(expected) and seen == expected
    return ok, out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", required=True)
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--self-check", metavar="PERTURB_H")
    ap.add_argument("-v", "--verbose", action="store_true", help="show why each missing item failed")
    args = ap.parse_args(argv)
    include = os.path.join(os.path.abspath(args.repo), "sdk", "include")
    workdir = os.path.abspath(args.build_dir)

    try:
        items = abigen.extract(MINGW64)
    except abigen.ExtractError as e:
        print("abi: extraction failed: %s" % e)
        return 2
    lines = abigen.probe_lines(items)
    c = counts(k for k, _ in lines)
    short = [k for k, n in MIN_COUNTS.items() if c.get(k, 0) < n]
    if short:
        print("abi: extraction found too few items (%s): parser broken"
              % ", ".join("%d %s < %d" % (c.get(k, 0), k, MIN_COUNTS[k]) for k in short))
        return 2

    failed = False
    with concurrent.futures.ThreadPoolExecutor() as pool:
        refs = {cc: pool.submit(measure, cc, [], lines, include, workdir, "ref-" + cc)
                for cc in sorted({c[3] for c in COMPARISONS})}
        refs = {cc: f.result() for cc, f in refs.items()}
        for cc, ref in refs.items():
            if ref.fatal or ref.errors:
                print("abi: %s: the probe does not compile against the platform headers:" % cc)
                print(ref.fatal or "\n".join("  %s: %s" % kv for kv in list(ref.errors.items())[:20]))
                return 2
            wrong = unspellable(ref)
            if wrong:
                print("abi: %s: generator bug: Windows' own spelling does not match Windows' "
                      "declaration for: %s" % (cc, " ".join(wrong)))
                return 2
        jobs = [pool.submit(run_comparison, name, cc, flags, refs[ref], lines,
                            abigen.spellings(items), include, workdir, args.verbose)
                for name, cc, flags, ref in COMPARISONS]
        if args.self_check:
            check = pool.submit(self_check, args.self_check, refs, lines, include, workdir,
                                args.verbose)
        for job in jobs:
            bad, out = job.result()
            print("\n".join(out))
            failed |= bad > 0
        if args.self_check:
            ok, out = check.result()
            print("\n".join(out))
            failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
