#!/usr/bin/env python3
"""abigen: list every ABI item mingw-w64's <tapi.h>, <tspi.h> and <msp.h>
declare, and write a C probe that measures each one at compile time.

Why read the platform headers instead of a hand-kept list: a name nobody
thought of is then still checked. The extraction preprocesses a TU with
`-E -dD -fdirectives-only`, which resolves #if/#ifdef (so C++ branches and
include guards are gone) but leaves macro uses unexpanded: spellings such as
WINAPI, DWORD or LINEERR_* survive and each side of the comparison expands
them with its own definitions.

Items (see extract()):
  const    object-like macros whose body is an integer constant expression,
           and enumerators;
  struct   every typedef'd struct/union (and COM vtables), with member paths
           through nested aggregates ("Handles.hEvent"; members of anonymous
           unions/structs are reached by their own name, as in C11);
  typedef  every other typedef name (pointer typedefs, handles, callbacks);
  proto    every TSPI_* and TUISPI_* function.

The probe (write_probe()) uses the asm-offsets trick: each number becomes an
"n" asm operand printed into the assembly, so compiling with -S is enough and
no target binary has to run.
"""

import re
import subprocess

TARGET_HEADERS = ("tapi.h", "tspi.h", "msp.h")

# Tokens that carry no ABI meaning in declarations (mingw/MIDL decoration),
# and the ones rewritten so the spelling means the same on LP64 Linux:
# mingw's __LONG32 is Windows' 32-bit long, i.e. LONG.
_DROP = {"CONST_VTBL", "BEGIN_INTERFACE", "END_INTERFACE", "__C89_NAMELESS",
         "__RPC_STUB", "__RPC_API", "__MINGW_EXTENSION"}
_REWRITE = {"TSPIAPI": "WINAPI", "STDMETHODCALLTYPE": "WINAPI",
            "EXTERN_C": "extern", "__LONG32": "LONG"}
_CALLCONV = {"WINAPI", "CALLBACK"}
_C_WORDS = {"const", "volatile", "struct", "union", "enum", "unsigned",
            "signed", "long", "short", "int", "char", "void", "extern",
            "typedef", "static", "inline"}
# Type names that may appear in a constant's cast, e.g. ((DWORD)'LQSK').
_CAST_TYPES = {"DWORD", "LONG", "ULONG", "UINT", "INT", "WORD", "BYTE",
               "HRESULT", "__LONG32", "long", "int", "unsigned", "signed",
               "short", "char"}

_TOKEN = re.compile(r"""
    (?P<ws>\s+|/\*.*?\*/|//[^\n]*)
  | (?P<num>\.?[0-9](?:[eEpP][+-]|[0-9A-Za-z_.])*)
  | (?P<chr>L?'(?:\\.|[^\\'])*')
  | (?P<str>L?"(?:\\.|[^\\"])*")
  | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\#\#|<<|>>|<=|>=|==|!=|&&|\|\||->|\.\.\.|[^\s])
""", re.X | re.S)


def tokenize(text):
    return [m.group() for m in _TOKEN.finditer(text) if m.lastgroup != "ws"]


def is_ident(tok):
    return re.match(r"[A-Za-z_]", tok) is not None


class ExtractError(Exception):
    pass


# ---------------------------------------------------------------- preprocess

def preprocess(cc, extra_flags=()):
    """Return (macros, text): every #define seen, in order, as
    (name, params_or_None, body_tokens, from_target_header), and the
    declaration text that came from the three target headers."""
    tu = "#include <windows.h>\n#include <tapi.h>\n#include <tspi.h>\n#include <msp.h>\n"
    cmd = [cc, "-E", "-dD", "-fdirectives-only", *extra_flags, "-x", "c", "-"]
    try:
        out = subprocess.run(cmd, input=tu, capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise ExtractError("preprocessing with %s failed: %s" % (cc, getattr(e, "stderr", e)))
    macros, text, in_target = [], [], False
    marker = re.compile(r'^# \d+ "([^"]*)"')
    define = re.compile(r"^#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?\s*(.*)$")
    for line in out.splitlines():
        m = marker.match(line)
        if m:
            in_target = m.group(1).rsplit("/", 1)[-1] in TARGET_HEADERS
            continue
        m = define.match(line)
        if m:
            params = None
            if m.group(2) is not None:
                params = [p.strip() for p in m.group(3).split(",") if p.strip()]
            macros.append((m.group(1), params, tokenize(m.group(4)), in_target))
        elif in_target and not line.startswith("#"):
            text.append(line)
    return macros, "\n".join(text)


# ------------------------------------------------------------------ constants

def _constant_macros(macros):
    """Names of the target headers' object-like macros whose value is an
    integer constant expression. Identifiers in a body are resolved through
    every macro the TU defined (TAPI_REPLY is WM_USER + 99)."""
    table = {}
    for name, params, body, _ in macros:
        table[name] = (params, body)
    memo = {}

    def constant(name, depth=0):
        if name in memo:
            return memo[name]
        memo[name] = False  # breaks self-reference
        params, body = table.get(name, ([], []))
        ok = params is None and depth < 32 and _constant_body(body, lambda n: constant(n, depth + 1))
        memo[name] = ok
        return ok

    names = []
    for name, params, body, target in macros:
        if target and params is None and not name.startswith("__") and constant(name):
            if name not in names:
                names.append(name)
    return names


def _constant_body(body, is_constant_macro):
    if not body:
        return False
    has_value = False
    for i, tok in enumerate(body):
        if tok[0].isdigit() or tok[0] == "'" :
            has_value = True
        elif tok == "__MSABI_LONG":
            if i + 1 >= len(body) or body[i + 1] != "(":
                return False
        elif tok in _CAST_TYPES:
            continue
        elif is_ident(tok):
            if not is_constant_macro(tok):
                return False
            has_value = True
        elif tok[0] in "\"{};[].#" or tok in ("->", "##"):
            return False
    return has_value


# --------------------------------------------------------------- declarations

def _expand_function_macros(tokens, macros):
    """Expand uses of the target headers' own function-like macros
    (DECLARE_OPAQUE, DECLARE_OPAQUE32), which introduce handle typedefs."""
    funcs = {n: (p, b) for n, p, b, target in macros
             if target and p is not None and b and b[0] in ("typedef", "struct")}
    out, i = [], 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in funcs and i + 1 < len(tokens) and tokens[i + 1] == "(":
            params, body = funcs[tok]
            end = tokens.index(")", i)
            args = [t for t in tokens[i + 2:end] if t != ","]
            bind = dict(zip(params, args))
            expanded = [bind.get(t, t) for t in body]
            joined = []
            for t in expanded:  # token pasting: name##__
                if joined and joined[-1] == "##":
                    joined.pop()
                    joined[-1] += t
                else:
                    joined.append(t)
            out.extend(joined)
            i = end + 1
        else:
            out.append(tok)
            i += 1
    return out


def _clean(tokens):
    res = []
    for t in tokens:
        if t in _DROP:
            continue
        if t == "__LONG32" and res and res[-1] == "unsigned":
            res[-1] = "ULONG"
            continue
        res.append(_REWRITE.get(t, t))
    return res


def _split(tokens, sep):
    """Split at `sep` outside (), {} and []."""
    parts, cur, depth = [], [], 0
    for t in tokens:
        if t in "({[":
            depth += 1
        elif t in ")}]":
            depth -= 1
        if t == sep and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def _declarator_name(decl):
    """The identifier a declarator declares, and its index: `*LPX`,
    `(CALLBACK *PFN)(...)`, `X[N]`. Parameter lists (a '(' after a name or
    ')') and array bounds are skipped; (None, None) for an abstract one."""
    skip, opener, closer, prev = 0, None, None, None
    for i, t in enumerate(decl):
        if skip:
            skip += 1 if t == opener else -1 if t == closer else 0
        elif t == "[" or (t == "(" and prev is not None and
                          (prev == ")" or (is_ident(prev) and prev not in _CALLCONV))):
            skip, opener, closer = 1, t, "]" if t == "[" else ")"
        elif is_ident(t) and t not in _CALLCONV and t not in _C_WORDS:
            return t, i
        prev = t
    return None, None


def _split_specifier(tokens):
    """Split a declaration into (specifier tokens, body tokens or None,
    declarator list). An aggregate body is the first top-level {...}."""
    if "{" in tokens:
        start = tokens.index("{")
        depth = 0
        for end in range(start, len(tokens)):
            depth += {"{": 1, "}": -1}.get(tokens[end], 0)
            if depth == 0:
                break
        return tokens[:start], tokens[start + 1:end], _split(tokens[end + 1:], ",")
    n = _specifiers_end(tokens)
    return tokens[:n], None, _split(tokens[n:], ",")


def _specifiers_end(tokens):
    """Index of the first declarator token: qualifiers, then one type (a
    keyword run, `struct tag`, or one typedef name), then qualifiers."""
    i, have_type = 0, False
    while i < len(tokens):
        t = tokens[i]
        if t in ("const", "volatile", "extern", "static", "inline"):
            i += 1
        elif t in ("struct", "union", "enum"):
            i, have_type = i + 2, True
        elif t in ("unsigned", "signed", "long", "short", "int", "char", "void", "float", "double"):
            i, have_type = i + 1, True
        elif is_ident(t) and not have_type and t not in _CALLCONV:
            i, have_type = i + 1, True
        else:
            break
    return i


def _abstract(spec, decl):
    """Type name for a declarator: the declarator with its name removed."""
    name, idx = _declarator_name(decl)
    return " ".join(spec + decl[:idx] + decl[idx + 1:])


def _members(body, prefix, fields):
    for stmt in _split(body, ";"):
        if not stmt:
            continue
        spec, inner, decls = _split_specifier(stmt)
        if inner is not None:
            named = [d for d in decls if d]
            if not named:
                _members(inner, prefix, fields)  # anonymous: C11 member access
            for d in named:
                name, _ = _declarator_name(d)
                fields.append((prefix + name, None))
                if d == [name]:
                    _members(inner, prefix + name + ".", fields)
        else:
            for d in decls:
                name, _ = _declarator_name(d)
                if name is None:
                    raise ExtractError("cannot parse member: " + " ".join(stmt))
                fields.append((prefix + name, _abstract(spec, d)))


def _param_type(p):
    """A parameter's type: its declaration without the parameter name."""
    n = _specifiers_end(p)
    name, _ = _declarator_name(p[n:])
    return _abstract(p[:n], p[n:]) if name else " ".join(p)


def _enumerators(body):
    return [e[0] for e in _split(body, ",") if e]


def _declarations(text, macros):
    toks = _clean(_expand_function_macros(tokenize(text), macros))
    items = {"struct": [], "typedef": [], "proto": [], "enum_const": []}
    typedef_names = set()
    stmts = _split(toks, ";")
    for stmt in stmts:
        if stmt and stmt[0] == "typedef":
            spec, body, decls = _split_specifier(stmt[1:])
            for d in decls:
                name, _ = _declarator_name(d)
                typedef_names.add(name)
    for stmt in stmts:
        if not stmt:
            continue
        if stmt[0] == "typedef":
            _typedef(stmt[1:], items)
        elif stmt[0] == "struct" and "{" in stmt and stmt[1] in typedef_names and stmt.index("{") == 2:
            # COM object: typedef struct ITMSPAddress ITMSPAddress; struct ITMSPAddress {...};
            spec, body, _ = _split_specifier(stmt)
            fields = []
            _members(body, "", fields)
            items["struct"].append((stmt[1], fields))
        else:
            for i, t in enumerate(stmt):
                if re.match(r"T(UI)?SPI_\w+$", t) and i + 1 < len(stmt) and stmt[i + 1] == "(":
                    ret = [x for x in stmt[:i] if x not in _CALLCONV and x != "extern"]
                    conv = " ".join(x for x in stmt[:i] if x in _CALLCONV)
                    ptypes = [_param_type(p) for p in _split(stmt[i + 2:-1], ",")]
                    items["proto"].append((t, " ".join(ret), conv, ptypes))
                    break
    return items


def _typedef(tokens, items):
    spec, body, decls = _split_specifier(tokens)
    kind = spec[0] if spec else ""
    if body is not None and kind in ("struct", "union"):
        fields = []
        _members(body, "", fields)
        plain = [d[0] for d in decls if len(d) == 1]
        for name in plain:
            items["struct"].append((name, fields))
        base = plain[0] if plain else None
        for d in decls:
            if len(d) > 1 and base is not None:
                items["typedef"].append((_declarator_name(d)[0], _abstract([base], d)))
    elif body is not None and kind == "enum":
        items["enum_const"].extend(_enumerators(body))
        for d in decls:
            items["typedef"].append((_declarator_name(d)[0], None))
    else:
        for d in decls:
            items["typedef"].append((_declarator_name(d)[0], _abstract(spec, d)))


def extract(cc="x86_64-w64-mingw32-gcc"):
    """All ABI items of the platform headers, as a dict of lists."""
    macros, text = preprocess(cc)
    decls = _declarations(text, macros)
    consts = _constant_macros(macros)
    for e in decls.pop("enum_const"):
        if e not in consts:
            consts.append(e)
    decls["const"] = consts
    return decls


# ---------------------------------------------------------------------- probe

_PROBE_HEAD = r'''/* Generated by tools/abi/abigen.py: do not edit. Each line measures one
 * ABI item; its numbers land in the assembly as "@ABI <item> <numbers>". */
#include <stddef.h>
#include <tspkit/tapi.h>
/* While tspkit's own headers are being written, abicheck can leave out the
 * ones that do not compile yet, so the rest is still measured. */
#ifndef ABI_SKIP_TSPI
#  include <tspkit/tspi.h>
#endif
#ifndef ABI_SKIP_MSP
#  include <tspkit/msp.h>
#endif
/* 'LQSK'-style constants are part of the ABI being measured. */
#pragma GCC diagnostic ignored "-Wmultichar"
#ifdef ABI_PERTURB
#  include ABI_PERTURB
#endif

/* x86-64's %c accepts only 32-bit immediates: wide values go in halves. */
#define ABI_LO(x) ((int)(unsigned)(unsigned long long)(x))
#define ABI_HI(x) ((int)(unsigned)((unsigned long long)(x) >> 32))
#define ABI_EMIT1(item, a) \
    __asm__ volatile("\n.ascii \"@ABI " item " %c0\\n\"" :: "n"((int)(a)))
#define ABI_EMIT2(item, a, b) \
    __asm__ volatile("\n.ascii \"@ABI " item " %c0 %c1\\n\"" :: "n"((int)(a)), "n"((int)(b)))
#define ABI_EMIT3(item, a, b, c) \
    __asm__ volatile("\n.ascii \"@ABI " item " %c0 %c1 %c2\\n\"" \
                     :: "n"((int)(a)), "n"((int)(b)), "n"((int)(c)))
/* value (low, high word), sizeof, and whether its type is signed */
#define ABI_CONST(item, x) \
    __asm__ volatile("\n.ascii \"@ABI " item " %c0 %c1 %c2 %c3\\n\"" \
                     :: "n"(ABI_LO(x)), "n"(ABI_HI(x)), "n"((int)sizeof(x)), "n"((x) * 0 - 1 < 0))
#define ABI_SAME(a, b) __builtin_types_compatible_p(a, b)
#define ABI_MEMBER(T, path) (((T *)0)->path)

void abi_probe(void);
void abi_probe(void)
{
'''


def probe_lines(items):
    """(key, C statement) for every measurement; one statement per line so a
    compile error names its item."""
    out = []
    for name in items["const"]:
        out.append(("const " + name, 'ABI_CONST("const %s", %s);' % (name, name)))
    for name, fields in items["struct"]:
        out.append(("struct " + name,
                    'ABI_EMIT2("struct %s", sizeof(%s), _Alignof(%s));' % (name, name, name)))
        for path, spelling in fields:
            same = "ABI_SAME(__typeof__(ABI_MEMBER(%s, %s)), %s)" % (name, path, spelling) if spelling else "1"
            out.append(("field %s.%s" % (name, path),
                        'ABI_EMIT3("field %s.%s", offsetof(%s, %s), sizeof(ABI_MEMBER(%s, %s)), %s);'
                        % (name, path, name, path, name, path, same)))
    for name, spelling in items["typedef"]:
        same = "ABI_SAME(%s, %s)" % (name, spelling) if spelling else "1"
        out.append(("typedef " + name, 'ABI_EMIT2("typedef %s", sizeof(%s), %s);' % (name, name, same)))
    for name, ret, conv, params in items["proto"]:
        ptr = "%s (%s *)(%s)" % (ret, conv, ", ".join(params))
        out.append(("proto " + name, 'ABI_EMIT1("proto %s", ABI_SAME(__typeof__(&%s), %s));' % (name, name, ptr)))
        for i, p in enumerate(params):
            if p not in ("void", "..."):
                out.append(("param %s#%d" % (name, i + 1),
                            'ABI_EMIT1("param %s#%d", sizeof(%s));' % (name, i + 1, p)))
    return out


def spellings(items):
    """{item key: Windows' spelling of its type}, for the reports."""
    out = {}
    for name, fields in items["struct"]:
        out.update(("field %s.%s" % (name, path), s) for path, s in fields if s)
    out.update(("typedef " + name, s) for name, s in items["typedef"] if s)
    out.update(("proto " + name, "%s %s (%s)" % (ret, conv, ", ".join(params)))
               for name, ret, conv, params in items["proto"])
    return out


def write_probe(path, lines):
    """Write the probe; return {source line number: item key}."""
    head_lines = _PROBE_HEAD.count("\n")
    with open(path, "w") as f:
        f.write(_PROBE_HEAD)
        for key, stmt in lines:
            f.write("    " + stmt + "\n")
        f.write("}\n")
    return {head_lines + 1 + i: key for i, (key, _) in enumerate(lines)}
