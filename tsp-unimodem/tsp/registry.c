/*
 * tsp-unimodem/tsp/registry.c - the modems of the Windows registry as lines and profiles
 * (registry.h).
 */
#include "tsp/registry.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#  include <windows.h>
#endif

#define PATH_MAX_ 64          /* "NNNN\\VoiceDialNumberSetup" and the like */

static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return *a == *b;
}

static int is_modem_key(const char *name)
{
    int i;
    for (i = 0; i < 4; i++)
        if (name[i] < '0' || name[i] > '9') return 0;
    return name[4] == '\0';
}

static int is_string(const umr_value *v) { return v->type == UMR_SZ || v->type == UMR_EXPAND_SZ; }

/* A DWORD the INF writes as 4 binary bytes (HKR,, VoiceProfile, 1, 01,00,00,00) or as
 * REG_DWORD; little-endian either way. */
static int get_dword(const umr_value *v, uint32_t *out)
{
    if ((v->type != UMR_BINARY && v->type != UMR_DWORD) || v->len != 4) return -1;
    *out = (uint32_t)v->data[0] | (uint32_t)v->data[1] << 8 | (uint32_t)v->data[2] << 16 |
           (uint32_t)v->data[3] << 24;
    return 0;
}

/* ---- one modem ------------------------------------------------------------------------------ */

typedef struct reader {
    const umr_registry *reg;
    const char *key;
    char why[UMC_ERR_MAX];    /* the first problem with this modem */
} reader;

static int problem(reader *rd, const char *fmt, ...)
{
    va_list ap;
    char what[UMC_ERR_MAX - 32];
    if (rd->why[0]) return -1;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(rd->why, sizeof rd->why, "registry modem %s: %s", rd->key, what);
    return -1;
}

static int setter(reader *rd, int rc, const char *where, const char *name)
{
    if (rc >= 0) return 0;
    return problem(rd, "%s%s%.60s: %s", where, name ? "\\" : "", name ? name : "",
                   um_profile_strerror(rc));
}

/* A command list: values "1", "2" ... in numeric order (the registry enumerates in any). */
static int read_list(reader *rd, um_profile *p, um_list list, const char *path)
{
    enum { MAXV = UM_PROFILE_LIST_MAX + 1 };
    umr_value *v = malloc(sizeof *v);
    char *text[MAXV] = { 0 };
    size_t tlen[MAXV] = { 0 };
    unsigned i, n, top = 0;
    int rc = 0, r;
    if (!v) return problem(rd, "out of memory");
    for (i = 0; rc == 0 && (r = rd->reg->value(rd->reg->ctx, path, i, v)) != UMR_END; i++) {
        char *end;
        unsigned long k;
        if (r == UMR_TOOBIG) {
            rc = problem(rd, "%s: a value longer than %d bytes", path, UMR_DATA_MAX);
            break;
        }
        if (r != UMR_OK) break;
        if (!v->name[0] || v->name[0] < '1' || v->name[0] > '9' || !is_string(v)) continue;
        k = strtoul(v->name, &end, 10);
        if (*end) continue;                 /* not a number: not part of the list */
        if (k >= MAXV) {
            rc = problem(rd, "%s\\%s: more than %d commands", path, v->name, UM_PROFILE_LIST_MAX);
            break;
        }
        if (text[k]) continue;              /* "1" and "01": the first counts */
        if (!(text[k] = malloc(v->len + 1))) {
            rc = problem(rd, "out of memory");
            break;
        }
        memcpy(text[k], v->data, v->len + 1);
        tlen[k] = v->len;
        if (k > top) top = (unsigned)k;
    }
    for (n = 1; rc == 0 && n <= top; n++) {
        if (!text[n]) {
            rc = problem(rd, "%s\\%u is missing (the commands are numbered 1, 2, 3 ...)", path, n);
            break;
        }
        if (setter(rd, um_profile_set_list(p, list, n, text[n], tlen[n]), path, NULL)) rc = -1;
    }
    for (n = 0; n < MAXV; n++) free(text[n]);
    free(v);
    return rc;
}

static int read_settings(reader *rd, um_profile *p, const char *path)
{
    umr_value *v = malloc(sizeof *v);
    unsigned i;
    int rc = 0, r;
    if (!v) return problem(rd, "out of memory");
    for (i = 0; rc == 0 && (r = rd->reg->value(rd->reg->ctx, path, i, v)) != UMR_END; i++) {
        int which;
        if (r == UMR_TOOBIG) continue;      /* no fragment is that long; not one we know */
        if (r != UMR_OK) break;
        which = um_setting_from_name(v->name, strlen(v->name));
        if (which < 0 || !is_string(v)) continue;
        rc = setter(rd, um_profile_set_setting(p, (um_setting)which, (const char *)v->data, v->len),
                    path, v->name);
    }
    free(v);
    return rc;
}

static int read_responses(reader *rd, um_profile *p, const char *path)
{
    umr_value *v = malloc(sizeof *v);
    unsigned i;
    int rc = 0, r;
    if (!v) return problem(rd, "out of memory");
    for (i = 0; rc == 0 && (r = rd->reg->value(rd->reg->ctx, path, i, v)) != UMR_END; i++) {
        int e;
        if (r == UMR_TOOBIG) {
            rc = problem(rd, "%s: a value longer than %d bytes", path, UMR_DATA_MAX);
            break;
        }
        if (r != UMR_OK) break;
        if (!v->name[0]) continue;          /* the key's default value */
        if (v->type != UMR_BINARY || v->len != 10) {
            rc = problem(rd, "%s\\%.60s: not the 10 bytes of a MODEMRESPONSE", path, v->name);
            break;
        }
        e = um_profile_add_response_mss(p, v->name, strlen(v->name), v->data);
        /* Texts that are no line of their own once trimmed ("<cr><lf>"), or that repeat
         * another one's, change nothing the engine matches: skipped. */
        if (e != UM_PROFILE_E_DUPLICATE && e != UM_PROFILE_E_EMPTY && e != UM_PROFILE_E_MULTILINE)
            rc = setter(rd, e, path, v->name);
    }
    free(v);
    return rc;
}

/* The modem's own values: name, port, Reset, the binary ones. */
static int read_values(reader *rd, um_profile *p, umc_line *line, const char *key)
{
    umr_value *v = malloc(sizeof *v);
    char name[3][UMC_NAME_MAX] = { "", "", "" };     /* FriendlyName, DriverDesc, Model */
    char attached[UMC_PATH_MAX] = "";
    unsigned i;
    int rc = 0, r;
    if (!v) return problem(rd, "out of memory");
    for (i = 0; rc == 0 && (r = rd->reg->value(rd->reg->ctx, key, i, v)) != UMR_END; i++) {
        const char *s = (const char *)v->data;
        uint32_t dw;
        if (r == UMR_TOOBIG) continue;      /* none of ours is that long */
        if (r != UMR_OK) break;
        if (is_string(v)) {
            int slot = same_name(v->name, "FriendlyName") ? 0 : same_name(v->name, "DriverDesc") ? 1
                     : same_name(v->name, "Model") ? 2 : -1;
            if (slot >= 0) {
                if (v->len >= UMC_NAME_MAX) rc = problem(rd, "%s longer than %d bytes", v->name, UMC_NAME_MAX - 1);
                else memcpy(name[slot], s, v->len + 1);
            } else if (same_name(v->name, UMR_PORT_VALUE)) {
                if (v->len >= sizeof line->port) rc = problem(rd, "%s longer than %d bytes", v->name, UMC_PATH_MAX - 1);
                else memcpy(line->port, s, v->len + 1);
            } else if (same_name(v->name, "AttachedTo")) {
                if (v->len + sizeof "serial:" > sizeof attached) rc = problem(rd, "AttachedTo too long");
                else {
                    memcpy(attached, "serial:", 7);
                    memcpy(attached + 7, s, v->len + 1);
                }
            } else if (same_name(v->name, "Reset")) {
                rc = setter(rd, um_profile_set_reset(p, s, v->len), "Reset", NULL);
            }
        } else if (same_name(v->name, "Properties")) {
            rc = setter(rd, um_profile_set_properties_blob(p, v->data, v->len), "Properties", NULL);
        } else if (same_name(v->name, "DCB")) {
            rc = setter(rd, um_profile_set_dcb_blob(p, v->data, v->len), "DCB", NULL);
        } else if (same_name(v->name, "InactivityScale")) {
            if (get_dword(v, &dw) != 0) rc = problem(rd, "InactivityScale is not a DWORD");
            else um_profile_set_inactivity_scale(p, dw);
        } else if (same_name(v->name, "VoiceProfile")) {
            if (get_dword(v, &dw) != 0) rc = problem(rd, "VoiceProfile is not a DWORD");
            else um_profile_set_voice(p, dw);
        }
    }
    free(v);
    if (!line->port[0]) memcpy(line->port, attached, sizeof attached);
    for (i = 0; i < 3 && !line->name[0]; i++) memcpy(line->name, name[i], sizeof name[i]);
    if (!line->name[0]) snprintf(line->name, sizeof line->name, "Modem %s", key);
    if (rc == 0) rc = setter(rd, um_profile_set_name(p, line->name, strlen(line->name)), "FriendlyName", NULL);
    return rc;
}

static int read_subkeys(reader *rd, um_profile *p, const char *key)
{
    char sub[UMR_NAME_MAX], path[PATH_MAX_];
    size_t kl, sl;
    unsigned i;
    int rc = 0, r;
    for (i = 0; rc == 0 && (r = rd->reg->subkey(rd->reg->ctx, key, i, sub, sizeof sub)) != UMR_END; i++) {
        int list;
        if (r == UMR_TOOBIG) continue;
        if (r != UMR_OK) break;
        kl = strlen(key);
        sl = strlen(sub);
        if (kl + 1 + sl >= sizeof path) continue;   /* none of ours */
        memcpy(path, key, kl);
        path[kl] = '\\';
        memcpy(path + kl + 1, sub, sl + 1);
        if ((list = um_list_from_name(sub, strlen(sub))) >= 0) rc = read_list(rd, p, (um_list)list, path);
        else if (same_name(sub, "Settings")) rc = read_settings(rd, p, path);
        else if (same_name(sub, "Responses")) rc = read_responses(rd, p, path);
    }
    return rc;
}

/* One modem key: 1 a line (profile NULL when its values are wrong), 0 not a line. */
static int read_modem(reader *rd, const char *key, umc_line *line, um_profile **profile)
{
    um_profile *p = um_profile_new();
    memset(line, 0, sizeof *line);
    *profile = NULL;
    if (!p) {
        problem(rd, "out of memory");
        return 0;
    }
    if (read_values(rd, p, line, key) == 0 && line->port[0] && read_subkeys(rd, p, key) == 0) {
        *profile = p;
        return 1;
    }
    um_profile_free(p);
    return line->port[0] ? 1 : 0;
}

/* ---- the class key ---------------------------------------------------------------------------- */

static int by_name(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

int umr_read(const umr_registry *reg, umc_config *out, char *err, size_t errlen)
{
    char (*keys)[8] = NULL, name[UMR_NAME_MAX];
    size_t nkeys = 0, k;
    unsigned i;
    int r;
    memset(out, 0, sizeof *out);
    if (err && errlen) err[0] = '\0';
    for (i = 0; (r = reg->subkey(reg->ctx, "", i, name, sizeof name)) != UMR_END; i++) {
        if (r == UMR_TOOBIG) continue;
        if (r != UMR_OK) {
            free(keys);
            if (err && errlen) snprintf(err, errlen, "registry: the modem class key cannot be read");
            return -1;
        }
        /* Four digits: at most 10000 distinct keys; the lowest UMC_LINES_MAX become lines. */
        if (!is_modem_key(name) || nkeys == 10000) continue;
        if (!keys && !(keys = malloc(10000 * sizeof *keys))) goto nomem;
        memcpy(keys[nkeys++], name, 5);
    }
    if (nkeys) qsort(keys, nkeys, sizeof *keys, by_name);
    if (nkeys > UMC_LINES_MAX) nkeys = UMC_LINES_MAX;
    if (nkeys) {
        out->lines = calloc(nkeys, sizeof *out->lines);
        out->profiles = calloc(nkeys, sizeof *out->profiles);
        if (!out->lines || !out->profiles) goto nomem;
    }
    for (k = 0; k < nkeys; k++) {
        reader rd;
        memset(&rd, 0, sizeof rd);
        rd.reg = reg;
        rd.key = keys[k];
        if (read_modem(&rd, keys[k], &out->lines[out->count], &out->profiles[out->count])) out->count++;
        if (rd.why[0] && err && errlen && !err[0]) snprintf(err, errlen, "%s", rd.why);
    }
    free(keys);
    return 0;
nomem:
    free(keys);
    umc_free(out);
    if (err && errlen) snprintf(err, errlen, "registry: out of memory");
    return -1;
}

/* ---- in memory -------------------------------------------------------------------------------- */

/* The part of e's path below path, when e is inside it: its first component's length. */
static size_t child_of(const char *epath, const char *path, const char **child)
{
    size_t n = strlen(path);
    const char *rest;
    if (n) {
        if (strncmp(epath, path, n) != 0 || epath[n] != '\\') return 0;
        rest = epath + n + 1;
    } else {
        rest = epath;
    }
    *child = rest;
    return strcspn(rest, "\\");
}

static int mem_subkey(void *ctx, const char *path, unsigned i, char *name, size_t cap)
{
    const umr_memory *m = ctx;
    size_t e, f;
    unsigned seen = 0;
    for (e = 0; e < m->count; e++) {
        const char *c, *d;
        size_t n = child_of(m->entries[e].path, path, &c);
        int dup = 0;
        if (!n) continue;
        for (f = 0; f < e && !dup; f++) {   /* a name already counted */
            size_t n2 = child_of(m->entries[f].path, path, &d);
            dup = n2 == n && memcmp(c, d, n) == 0;
        }
        if (dup) continue;
        if (seen++ == i) {
            if (n >= cap) return UMR_TOOBIG;
            memcpy(name, c, n);
            name[n] = '\0';
            return UMR_OK;
        }
    }
    return UMR_END;
}

static int mem_value(void *ctx, const char *path, unsigned i, umr_value *out)
{
    const umr_memory *m = ctx;
    size_t e;
    unsigned seen = 0;
    for (e = 0; e < m->count; e++) {
        const umr_entry *x = &m->entries[e];
        if (!x->name || strcmp(x->path, path) != 0) continue;
        if (seen++ != i) continue;
        if (strlen(x->name) >= sizeof out->name || x->len > UMR_DATA_MAX) return UMR_TOOBIG;
        memcpy(out->name, x->name, strlen(x->name) + 1);
        out->type = x->type;
        out->len = x->len;
        if (x->len) memcpy(out->data, x->data, x->len);
        out->data[x->len] = '\0';
        /* A string ends at its first NUL, as RegQueryValueEx's readers take it. */
        if (out->type == UMR_SZ || out->type == UMR_EXPAND_SZ) out->len = strlen((const char *)out->data);
        return UMR_OK;
    }
    return UMR_END;
}

umr_registry umr_memory_registry(umr_memory *mem)
{
    umr_registry r;
    r.subkey = mem_subkey;
    r.value = mem_value;
    r.ctx = mem;
    return r;
}

/* ---- Windows ---------------------------------------------------------------------------------- */

#ifdef _WIN32
typedef struct win_reg {
    HKEY root;
} win_reg;

/* UTF-8 <-> UTF-16 for names, paths and strings; 0 or -1 when it does not fit. */
static int to_wide(const char *s, WCHAR *out, int cap)
{
    return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, out, cap) > 0 ? 0 : -1;
}

static int to_utf8(const WCHAR *s, int n, char *out, int cap)
{
    int k;
    if (n == 0) {
        out[0] = '\0';
        return 0;
    }
    k = WideCharToMultiByte(CP_UTF8, 0, s, n, out, cap - 1, NULL, NULL);
    if (k <= 0) return -1;
    out[k] = '\0';
    return k;
}

static HKEY open_path(win_reg *w, const char *path)
{
    WCHAR wpath[PATH_MAX_];
    HKEY k = NULL;
    if (!path[0]) return w->root;
    if (to_wide(path, wpath, PATH_MAX_) != 0) return NULL;
    if (RegOpenKeyExW(w->root, wpath, 0, KEY_READ, &k) != ERROR_SUCCESS) return NULL;
    return k;
}

static void close_path(win_reg *w, HKEY k)
{
    if (k && k != w->root) RegCloseKey(k);
}

static int win_subkey(void *ctx, const char *path, unsigned i, char *name, size_t cap)
{
    win_reg *w = ctx;
    WCHAR wname[UMR_NAME_MAX];
    DWORD n = UMR_NAME_MAX;
    HKEY k = open_path(w, path);
    LONG e;
    int rc;
    if (!k) return UMR_ERROR;
    e = RegEnumKeyExW(k, i, wname, &n, NULL, NULL, NULL, NULL);
    close_path(w, k);
    if (e == ERROR_NO_MORE_ITEMS) return UMR_END;
    if (e == ERROR_MORE_DATA) return UMR_TOOBIG;
    if (e != ERROR_SUCCESS) return UMR_ERROR;
    rc = to_utf8(wname, (int)n, name, (int)cap);
    return rc < 0 ? UMR_TOOBIG : UMR_OK;
}

static int win_value(void *ctx, const char *path, unsigned i, umr_value *out)
{
    win_reg *w = ctx;
    WCHAR wname[UMR_NAME_MAX];
    /* Strings arrive as UTF-16: twice the room, and the result must still fit. */
    BYTE data[2 * UMR_DATA_MAX + 2];
    DWORD n = UMR_NAME_MAX, type = 0, len = sizeof data;
    HKEY k = open_path(w, path);
    LONG e;
    if (!k) return UMR_ERROR;
    e = RegEnumValueW(k, i, wname, &n, NULL, &type, data, &len);
    close_path(w, k);
    if (e == ERROR_NO_MORE_ITEMS) return UMR_END;
    if (e == ERROR_MORE_DATA) return UMR_TOOBIG;
    if (e != ERROR_SUCCESS) return UMR_ERROR;
    if (to_utf8(wname, (int)n, out->name, (int)sizeof out->name) < 0) return UMR_TOOBIG;
    out->type = type;
    if (type == REG_SZ || type == REG_EXPAND_SZ) {
        int chars = (int)(len / sizeof(WCHAR)), k8;
        const WCHAR *ws = (const WCHAR *)(void *)data;
        int m = 0;
        while (m < chars && ws[m]) m++;                 /* up to the first NUL */
        k8 = to_utf8(ws, m, (char *)out->data, (int)sizeof out->data);
        if (k8 < 0) return UMR_TOOBIG;
        out->len = (size_t)k8;
        return UMR_OK;
    }
    if (len > UMR_DATA_MAX) return UMR_TOOBIG;
    memcpy(out->data, data, len);
    out->data[len] = 0;
    out->len = len;
    return UMR_OK;
}

int umr_open_windows(umr_registry *reg)
{
    win_reg *w = calloc(1, sizeof *w);
    WCHAR key[sizeof UMR_CLASS_KEY];
    if (!w) return -1;
    if (to_wide(UMR_CLASS_KEY, key, (int)(sizeof key / sizeof key[0])) != 0 ||
        RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, KEY_READ, &w->root) != ERROR_SUCCESS) {
        free(w);
        return -1;
    }
    reg->subkey = win_subkey;
    reg->value = win_value;
    reg->ctx = w;
    return 0;
}

void umr_close_windows(umr_registry *reg)
{
    win_reg *w = reg->ctx;
    if (!w) return;
    RegCloseKey(w->root);
    free(w);
    reg->ctx = NULL;
}
#endif
