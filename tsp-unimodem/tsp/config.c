/*
 * tsp-unimodem/tsp/config.c - the line list: its parser and its loaders (config.h).
 */
#include "tsp/config.h"
#include "tsp/registry.h"
#include "profile/profile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    unsigned lineno;
    char *err;
    size_t errlen;
} umc_parser;

static int fail(umc_parser *ps, const char *fmt, ...)
{
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (ps->err && ps->errlen) snprintf(ps->err, ps->errlen, "%s:%u: %s", ps->name, ps->lineno, what);
    return -1;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static int key_is(const char *k, size_t n, const char *want)
{
    size_t i;
    if (strlen(want) != n) return 0;
    for (i = 0; i < n; i++) {
        char a = k[i], b = want[i];
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
        if (a != b) return 0;
    }
    return 1;
}

/* The value of "key = value": unquoted (a ';' comment ends it) or "quoted". */
static int take_value(umc_parser *ps, const char *v, size_t n, char *out, size_t cap)
{
    size_t len;
    if (n && v[0] == '"') {
        const char *end = memchr(v + 1, '"', n - 1);
        size_t rest;
        if (!end) return fail(ps, "unterminated quoted value");
        len = (size_t)(end - (v + 1));
        for (rest = (size_t)(end + 1 - v); rest < n && is_blank(v[rest]); rest++) {}
        if (rest < n && v[rest] != ';' && v[rest] != '#') return fail(ps, "text after the quoted value");
        v++;
    } else {
        const char *semi = memchr(v, ';', n);
        len = semi ? (size_t)(semi - v) : n;
        while (len && is_blank(v[len - 1])) len--;
    }
    if (memchr(v, '\0', len)) return fail(ps, "NUL byte in a value");
    if (len >= cap) return fail(ps, "value longer than %zu bytes", cap - 1);
    memcpy(out, v, len);
    out[len] = '\0';
    return 0;
}

static int parse_line(umc_parser *ps, const char *s, size_t n, umc_config *c, int *in_line)
{
    const char *eq;
    size_t klen, i = 0;
    umc_line *l;
    while (i < n && is_blank(s[i])) i++;
    s += i; n -= i;
    while (n && is_blank(s[n - 1])) n--;
    if (!n || s[0] == ';' || s[0] == '#') return 0;
    if (s[0] == '[') {
        umc_line *grown;
        if (n != 6 || !key_is(s, 6, "[line]")) return fail(ps, "unknown section %.*s", (int)(n > 40 ? 40 : n), s);
        if (c->count >= UMC_LINES_MAX) return fail(ps, "more than %d lines", UMC_LINES_MAX);
        grown = (umc_line *)realloc(c->lines, (c->count + 1) * sizeof *c->lines);
        if (!grown) return fail(ps, "out of memory");
        c->lines = grown;
        memset(&c->lines[c->count++], 0, sizeof *c->lines);
        *in_line = 1;
        return 0;
    }
    if (!*in_line) return fail(ps, "a key before the first [Line]");
    l = &c->lines[c->count - 1];
    if (!(eq = memchr(s, '=', n))) return fail(ps, "expected key = value");
    for (klen = (size_t)(eq - s); klen && is_blank(s[klen - 1]); klen--) {}
    for (i = (size_t)(eq - s) + 1; i < n && is_blank(s[i]); i++) {}
    if (key_is(s, klen, "name")) return take_value(ps, s + i, n - i, l->name, sizeof l->name);
    if (key_is(s, klen, "port")) return take_value(ps, s + i, n - i, l->port, sizeof l->port);
    if (key_is(s, klen, "profile")) return take_value(ps, s + i, n - i, l->profile, sizeof l->profile);
    if (key_is(s, klen, "callsetupfailtimer")) {
        char num[16], *end;
        unsigned long v;
        if (take_value(ps, s + i, n - i, num, sizeof num)) return -1;
        v = strtoul(num, &end, 10);
        if (!num[0] || *end || num[0] == '-' || v > 255)
            return fail(ps, "CallSetupFailTimer must be 0..255 seconds");
        l->call_setup_fail_s = (uint32_t)v;
        return 0;
    }
    return fail(ps, "unknown key '%.*s' in [Line]", (int)(klen > 40 ? 40 : klen), s);
}

int umc_parse(const char *text, size_t len, const char *name, umc_config *out, char *err, size_t errlen)
{
    umc_parser ps = { name ? name : "config", 0, err, errlen };
    size_t pos = 0, i;
    int in_line = 0;
    memset(out, 0, sizeof *out);
    if (err && errlen) err[0] = '\0';
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        ps.lineno++;
        if (n > UMC_LINE_MAX) {
            fail(&ps, "line longer than %d bytes", UMC_LINE_MAX);
            goto fail;
        }
        if (parse_line(&ps, text + pos, n, out, &in_line)) goto fail;
        pos += n + (nl ? 1 : 0);
    }
    for (i = 0; i < out->count; i++) {
        if (!out->lines[i].port[0] || !out->lines[i].profile[0]) {
            ps.lineno = 0;
            fail(&ps, "[Line] %zu needs Port and Profile", i + 1);
            goto fail;
        }
    }
    return 0;
fail:
    umc_free(out);
    return -1;
}

void umc_free(umc_config *c)
{
    size_t i;
    if (c->profiles)
        for (i = 0; i < c->count; i++) um_profile_free(c->profiles[i]);
    free(c->profiles);
    free(c->lines);
    c->profiles = NULL;
    c->lines = NULL;
    c->count = 0;
}

um_profile *umc_take_profile(umc_config *c, size_t i)
{
    um_profile *p;
    if (!c->profiles || i >= c->count) return NULL;
    p = c->profiles[i];
    c->profiles[i] = NULL;
    return p;
}

/* ---- loading ---------------------------------------------------------------------------------- */

/* The whole file, NUL-terminated, at most UMC_FILE_MAX bytes: 0, -1 cannot open, -2 other. */
static int read_file(const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    if (!f) return -1;
    if (!(buf = malloc(UMC_FILE_MAX + 1))) {
        fclose(f);
        return -2;
    }
    n = fread(buf, 1, UMC_FILE_MAX + 1, f);
    fclose(f);
    if (n > UMC_FILE_MAX) {
        free(buf);
        return -2;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

static int is_absolute(const char *p)
{
    return p[0] == '/' || p[0] == '\\' || (p[0] && p[1] == ':');
}

/* A profile path relative to the configuration file's folder. */
static void resolve(const char *config, const char *rel, char *out, size_t cap)
{
    const char *slash = strrchr(config, '/'), *bslash = strrchr(config, '\\');
    if (bslash > slash) slash = bslash;
    if (is_absolute(rel) || !slash) snprintf(out, cap, "%s", rel);
    else snprintf(out, cap, "%.*s%s", (int)(slash + 1 - config), config, rel);
}

int umc_load_file(const char *path, umc_config *out, char *err, size_t errlen)
{
    char ppath[2 * UMC_PATH_MAX], why[UM_PROFILE_ERR_MAX];
    char *text = NULL;
    size_t len, i;
    int r;
    memset(out, 0, sizeof *out);
    if (err && errlen) err[0] = '\0';
    if ((r = read_file(path, &text, &len)) != 0) {
        if (err && errlen) snprintf(err, errlen, r == -1 ? "%s: cannot open" : "%s: unreadable or larger than %d bytes",
                                    path, UMC_FILE_MAX);
        return -1;
    }
    r = umc_parse(text, len, path, out, err, errlen);
    free(text);
    if (r != 0) return -1;
    if (out->count && !(out->profiles = calloc(out->count, sizeof *out->profiles))) {
        umc_free(out);
        if (err && errlen) snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    for (i = 0; i < out->count; i++) {
        resolve(path, out->lines[i].profile, ppath, sizeof ppath);
        why[0] = '\0';
        if ((r = read_file(ppath, &text, &len)) != 0) {
            snprintf(why, sizeof why, "%.200s: cannot read", ppath);
        } else {
            out->profiles[i] = um_profile_parse(text, len, ppath, why, sizeof why);
            free(text);
        }
        if (!out->profiles[i] && err && errlen && !err[0]) snprintf(err, errlen, "%s", why);
    }
    return 0;
}

int umc_load(const char *path, umc_config *out, char *err, size_t errlen)
{
#ifdef _WIN32
    umr_registry reg;
    FILE *f = path && path[0] ? fopen(path, "rb") : NULL;
    int r;
    /* A file the user wrote wins; without one, the modems Windows has installed. */
    if (f) {
        fclose(f);
        return umc_load_file(path, out, err, errlen);
    }
    memset(out, 0, sizeof *out);
    if (umr_open_windows(&reg) != 0) {
        if (err && errlen) snprintf(err, errlen, "%s: cannot open, and no modem is installed (HKLM\\%s)",
                                    path ? path : "", UMR_CLASS_KEY);
        return -1;
    }
    r = umr_read(&reg, out, err, errlen);
    umr_close_windows(&reg);
    return r;
#else
    return umc_load_file(path, out, err, errlen);
#endif
}
