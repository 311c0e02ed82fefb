/*
 * harness/msphost.c - see msphost.h.
 *
 * What TAPI 3 does with an MSP, and so what this file does
 * (learn.microsoft.com/windows/win32/api/msp/nn-msp-itmspaddress):
 *   - the module's DllGetClassObject(CLSID, IID_IClassFactory) gives a class object whose
 *     CreateInstance(NULL, IID_ITMSPAddress) makes the address object;
 *   - ITMSPAddress::Initialize receives an event handle, which the MSP signals when it
 *     has queued events; TAPI 3 then calls GetEvent until it fails, growing its buffer
 *     when told TAPI_E_NOTENOUGHMEMORY (nf-msp-itmspaddress-getevent);
 *   - CreateMSPCall gets TAPI's handle for the call and the call object's IUnknown to
 *     aggregate into; ShutdownMSPCall ends it; ReceiveTSPData carries LINE_SENDMSPDATA;
 *   - Shutdown, once per address object, then Release.
 *
 * Locks: h->lock guards the registry, modules, address list, sinks and fault record;
 * a->lock guards an address's calls and the event being dispatched. Neither is held
 * while the MSP or the event callback runs, and they are never held together.
 */
#include "msphost.h"

#include <tspkit/mspevent.h>
#include <tspkit/thread.h>

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#  include <dlfcn.h>
#endif

#define HX_MSP_EVENT_BUF0 256           /* first GetEvent buffer; it grows on demand */
#define HX_MSP_CONFIG_MAX (1u << 20)    /* config file size limit */
#define HX_MSP_LINE_MAX 4096            /* config line length limit */
#define HX_MSP_ENTRIES_MAX 1024         /* entries per config file */
#define HX_MSP_DELIVER_STACK 256
#define HX_MSP_GONE 16                  /* ended calls whose late events are no fault */
#define HX_HR(hr) ((unsigned long)(DWORD)(hr))   /* an HRESULT for %08lX */

/* ---- objects ------------------------------------------------------------------------- */

typedef struct hx__entry {
    GUID clsid;
    char *path;
} hx__entry;

typedef struct hx__module {
    struct hx__module *next;
    char *path;
#ifdef _WIN32
    HMODULE handle;
#else
    void *handle;
#endif
    tspk_get_class_object_fn get_class_object;
} hx__module;

/* The event handle given to ITMSPAddress::Initialize. Kept until hx_msphost_free, so
 * that a careless MSP signalling after Shutdown does not write freed memory. */
typedef struct hx__sink {
#ifndef _WIN32
    tspk_msp_event_sink pub;       /* first: the MSP gets a pointer to it */
    tspk_mutex lock;
    tspk_cond cond;
    int signaled;
#else
    HANDLE event;                  /* auto-reset */
#endif
    atomic_int stop;
    struct hx__sink *next;
} hx__sink;

/* An MSP call. Its first member is the outer IUnknown CreateMSPCall aggregates into
 * (TAPI's call object), so the MSP can hold references to it: the memory goes only when
 * the last one is released. */
struct hx_msp_call {
    IUnknown outer;
    atomic_ulong refs;
    hx_msp_addr *addr;
    void *owner;                   /* also the MSP_HANDLE hCall the MSP names */
    IUnknown *inner;               /* what CreateMSPCall returned */
    hx_msp_call *next;             /* a->calls */
};

struct hx_msp_addr {
    hx_msphost *host;
    void *owner;
    ITMSPAddress *msp;
    hx__sink *sink;
    tspk_thread pump;
    int com;                       /* made through CoCreateInstance */
    tspk_mutex lock;
    tspk_cond changed;             /* dispatching changed, or the pump started */
    hx_msp_call *calls;
    hx_msp_call *dispatching;      /* the call whose event the callback has */
    const void *gone[HX_MSP_GONE];  /* owners of the calls ended last */
    unsigned gone_next;
    uint64_t pump_tid;
    int pump_ready;
    BYTE *buf;
    DWORD cap;
    hx_msp_addr *next;             /* h->addrs or h->zombies */
};

#ifdef _WIN32
typedef HRESULT (WINAPI *hx__co_init_fn)(LPVOID, DWORD);
typedef void (WINAPI *hx__co_uninit_fn)(void);
typedef HRESULT (WINAPI *hx__co_create_fn)(REFCLSID, LPUNKNOWN, DWORD, REFIID, LPVOID *);
#endif

struct hx_msphost {
    hx_msp_event_fn on_event;
    void *user;
    tspk_mutex lock;
    hx__entry *entries;
    size_t num_entries, cap_entries;
    hx__module *modules;
    hx_msp_addr *addrs;
    hx_msp_addr *zombies;          /* destroyed from their own pump: joined at free */
    hx__sink *sinks;
    unsigned faults;
    char fault[256];
    char last_error[256];
#ifdef _WIN32
    HMODULE ole32;
    hx__co_init_fn co_init;
    hx__co_uninit_fn co_uninit;
    hx__co_create_fn co_create;
#endif
};

/* ---- errors and faults ------------------------------------------------------------ */

static void hx__vrecord(hx_msphost *h, int fault, const char *fmt, va_list ap)
{
    char text[256];
    vsnprintf(text, sizeof text, fmt, ap);
    tspk_mutex_lock(&h->lock);
    if (fault) {
        h->faults++;
        memcpy(h->fault, text, sizeof text);
    } else {
        memcpy(h->last_error, text, sizeof text);
    }
    tspk_mutex_unlock(&h->lock);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void hx__fault(hx_msphost *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hx__vrecord(h, 1, fmt, ap);
    va_end(ap);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void hx__error(hx_msphost *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hx__vrecord(h, 0, fmt, ap);
    va_end(ap);
}

unsigned hx_msphost_faults(hx_msphost *h, char *last, size_t len)
{
    unsigned n;
    tspk_mutex_lock(&h->lock);
    n = h->faults;
    if (last && len) snprintf(last, len, "%s", h->fault);
    tspk_mutex_unlock(&h->lock);
    return n;
}

void hx_msphost_last_error(hx_msphost *h, char *buf, size_t len)
{
    tspk_mutex_lock(&h->lock);
    if (buf && len) snprintf(buf, len, "%s", h->last_error);
    tspk_mutex_unlock(&h->lock);
}

const char *hx_msp_hresult_name(HRESULT hr)
{
    switch (hr) {
    case S_OK: return "S_OK";
    case S_FALSE: return "S_FALSE";
    case E_NOTIMPL: return "E_NOTIMPL";
    case E_NOINTERFACE: return "E_NOINTERFACE";
    case E_POINTER: return "E_POINTER";
    case E_FAIL: return "E_FAIL";
    case E_UNEXPECTED: return "E_UNEXPECTED";
    case E_OUTOFMEMORY: return "E_OUTOFMEMORY";
    case E_INVALIDARG: return "E_INVALIDARG";
    case TAPI_E_NOTENOUGHMEMORY: return "TAPI_E_NOTENOUGHMEMORY";
    case TAPI_E_INVALIDMEDIATYPE: return "TAPI_E_INVALIDMEDIATYPE";
    case TAPI_E_NOEVENT: return "TAPI_E_NOEVENT";
    case CLASS_E_NOAGGREGATION: return "CLASS_E_NOAGGREGATION";
    case CLASS_E_CLASSNOTAVAILABLE: return "CLASS_E_CLASSNOTAVAILABLE";
    case REGDB_E_CLASSNOTREG: return "REGDB_E_CLASSNOTREG";
    case CO_E_DLLNOTFOUND: return "CO_E_DLLNOTFOUND";
    case CO_E_ERRORINDLL: return "CO_E_ERRORINDLL";
    default: return "?";
    }
}

/* ---- GUIDs ------------------------------------------------------------------------------ */

static int hx__hex(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads n hex digits. */
static int hx__hexn(const char *s, int n, uint32_t *out)
{
    uint32_t v = 0;
    int i;
    for (i = 0; i < n; i++) {
        int d = hx__hex((unsigned char)s[i]);
        if (d < 0) return -1;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return 0;
}

/* Exactly 36 characters XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX at s. */
static int hx__guid36(const char *s, GUID *g)
{
    uint32_t v;
    int i;
    if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return -1;
    if (hx__hexn(s, 8, &v)) return -1;
    g->Data1 = v;
    if (hx__hexn(s + 9, 4, &v)) return -1;
    g->Data2 = (USHORT)v;
    if (hx__hexn(s + 14, 4, &v)) return -1;
    g->Data3 = (USHORT)v;
    for (i = 0; i < 8; i++) {
        const char *p = i < 2 ? s + 19 + 2 * i : s + 24 + 2 * (i - 2);
        if (hx__hexn(p, 2, &v)) return -1;
        g->Data4[i] = (UCHAR)v;
    }
    return 0;
}

/* A GUID spelled in the len bytes at s: with braces (38) or without (36). */
static int hx__guid_span(const char *s, size_t len, GUID *out)
{
    GUID g;
    if (len == 38 && s[0] == '{' && s[37] == '}') {
        s++;
        len = 36;
    }
    if (len != 36 || hx__guid36(s, &g)) return -1;
    *out = g;
    return 0;
}

int hx_guid_parse(const char *text, GUID *out)
{
    if (!text || !out) return -1;
    return hx__guid_span(text, strlen(text), out);
}

void hx_guid_format(const GUID *g, char *buf, size_t len)
{
    if (!buf || !len) return;
    snprintf(buf, len, "{%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
             (unsigned long)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
             g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

/* ---- the host ------------------------------------------------------------------------- */

hx_msphost *hx_msphost_new(hx_msp_event_fn on_event, void *user)
{
    hx_msphost *h = (hx_msphost *)calloc(1, sizeof *h);
    if (!h) return NULL;
    if (tspk_mutex_init(&h->lock) != 0) {
        free(h);
        return NULL;
    }
    h->on_event = on_event;
    h->user = user;
#ifdef _WIN32
    /* Loaded at run time, so tsp-harness.exe links nothing COM needs up front. */
    h->ole32 = LoadLibraryA("ole32.dll");
    if (h->ole32) {
        h->co_init = (hx__co_init_fn)(void *)GetProcAddress(h->ole32, "CoInitializeEx");
        h->co_uninit = (hx__co_uninit_fn)(void *)GetProcAddress(h->ole32, "CoUninitialize");
        h->co_create = (hx__co_create_fn)(void *)GetProcAddress(h->ole32, "CoCreateInstance");
    }
#endif
    return h;
}

static void hx__sink_free(hx__sink *s)
{
#ifdef _WIN32
    CloseHandle(s->event);
#else
    tspk_cond_destroy(&s->cond);
    tspk_mutex_destroy(&s->lock);
#endif
    free(s);
}

static void hx__addr_free(hx_msp_addr *a)
{
    free(a->buf);
    tspk_cond_destroy(&a->changed);
    tspk_mutex_destroy(&a->lock);
    free(a);
}

void hx_msphost_free(hx_msphost *h)
{
    size_t i;
    if (!h) return;
    for (;;) {
        hx_msp_addr *a;
        tspk_mutex_lock(&h->lock);
        a = h->addrs;
        tspk_mutex_unlock(&h->lock);
        if (!a) break;
        hx_msp_addr_destroy(a);
    }
    while (h->zombies) {
        hx_msp_addr *z = h->zombies;
        h->zombies = z->next;
        tspk_thread_join(&z->pump);
        hx__addr_free(z);
    }
    while (h->modules) {
        hx__module *m = h->modules;
        h->modules = m->next;
#ifdef _WIN32
        FreeLibrary(m->handle);
#else
        dlclose(m->handle);
#endif
        free(m->path);
        free(m);
    }
    while (h->sinks) {
        hx__sink *s = h->sinks;
        h->sinks = s->next;
        hx__sink_free(s);
    }
    for (i = 0; i < h->num_entries; i++) free(h->entries[i].path);
    free(h->entries);
#ifdef _WIN32
    if (h->ole32) FreeLibrary(h->ole32);
#endif
    tspk_mutex_destroy(&h->lock);
    free(h);
}

/* ---- the registry ---------------------------------------------------------------------- */

static char *hx__strndup(const char *s, size_t n)
{
    char *d = (char *)malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* Adds or replaces; takes path (malloc'd) in both cases, also on failure. */
static int hx__register_owned(hx_msphost *h, const GUID *clsid, char *path)
{
    size_t i;
    int r = 0;
    tspk_mutex_lock(&h->lock);
    for (i = 0; i < h->num_entries; i++)
        if (tspk_guid_equal(&h->entries[i].clsid, clsid)) break;
    if (i < h->num_entries) {
        free(h->entries[i].path);
        h->entries[i].path = path;
    } else {
        if (h->num_entries == h->cap_entries) {
            size_t cap = h->cap_entries ? h->cap_entries * 2 : 8;
            hx__entry *e = (hx__entry *)realloc(h->entries, cap * sizeof *e);
            if (!e) r = -1;
            else {
                h->entries = e;
                h->cap_entries = cap;
            }
        }
        if (r == 0) {
            h->entries[h->num_entries].clsid = *clsid;
            h->entries[h->num_entries++].path = path;
        } else {
            free(path);
        }
    }
    tspk_mutex_unlock(&h->lock);
    return r;
}

int hx_msphost_register(hx_msphost *h, const GUID *clsid, const char *module_path)
{
    char *path;
    if (!h || !clsid || !module_path || !*module_path) return -1;
    if (!(path = hx__strndup(module_path, strlen(module_path)))) return -1;
    return hx__register_owned(h, clsid, path);
}

int hx_msphost_lookup(hx_msphost *h, const GUID *clsid, char *path, size_t len)
{
    size_t i;
    int r = -1;
    if (!h || !clsid) return -1;
    tspk_mutex_lock(&h->lock);
    for (i = 0; i < h->num_entries; i++)
        if (tspk_guid_equal(&h->entries[i].clsid, clsid)) {
            if (path && len) snprintf(path, len, "%s", h->entries[i].path);
            r = 0;
            break;
        }
    tspk_mutex_unlock(&h->lock);
    return r;
}

static int hx__is_blank(char c) { return c == ' ' || c == '\t'; }

/* Up to 40 bytes of s for an error message, anything unprintable as '?'. */
static void hx__excerpt(const char *s, size_t n, char *out, size_t outlen)
{
    size_t i, k = 0;
    size_t max = n > 40 ? 40 : n;
    for (i = 0; i < max && k + 4 < outlen; i++) {
        unsigned char c = (unsigned char)s[i];
        out[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (n > max && k + 4 < outlen) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}

int hx_msphost_register_arg(hx_msphost *h, const char *arg, char *err, size_t errlen)
{
    const char *eq;
    GUID clsid;
    char ex[48];
    if (!err || !errlen) {
        err = ex;
        errlen = sizeof ex;
    }
    if (!h || !arg) {
        snprintf(err, errlen, "--msp: missing argument");
        return -1;
    }
    if (!(eq = strchr(arg, '='))) {
        hx__excerpt(arg, strlen(arg), ex, sizeof ex);
        snprintf(err, errlen, "--msp: expected CLSID=PATH, got '%s'", ex);
        return -1;
    }
    if (hx__guid_span(arg, (size_t)(eq - arg), &clsid)) {
        hx__excerpt(arg, (size_t)(eq - arg), ex, sizeof ex);
        snprintf(err, errlen, "--msp: bad CLSID '%s' (want {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX})",
                 ex);
        return -1;
    }
    if (!eq[1]) {
        snprintf(err, errlen, "--msp: no module path after '='");
        return -1;
    }
    if (hx_msphost_register(h, &clsid, eq + 1)) {
        snprintf(err, errlen, "--msp: out of memory");
        return -1;
    }
    return 0;
}

/* One parsed line, before the whole file is committed. */
typedef struct hx__pending {
    GUID clsid;
    char *path;
    unsigned line;
} hx__pending;

static void hx__pending_free(hx__pending *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) free(p[i].path);
    free(p);
}

/* Parses one line (no line end) into *out; 0, 1 for blank/comment, -1 with err. */
static int hx__config_line(const char *s, size_t n, const char *name, unsigned lineno,
                           hx__pending *out, char *err, size_t errlen)
{
    const char *eq, *val, *end;
    size_t i, klen;
    char ex[48];
    while (n && hx__is_blank(*s)) s++, n--;
    while (n && hx__is_blank(s[n - 1])) n--;
    if (n == 0 || s[0] == '#') return 1;
    if (!(eq = (const char *)memchr(s, '=', n))) {
        hx__excerpt(s, n, ex, sizeof ex);
        snprintf(err, errlen, "%s:%u: expected '{CLSID} = path', got '%s'", name, lineno, ex);
        return -1;
    }
    klen = (size_t)(eq - s);
    while (klen && hx__is_blank(s[klen - 1])) klen--;
    if (hx__guid_span(s, klen, &out->clsid)) {
        hx__excerpt(s, klen, ex, sizeof ex);
        snprintf(err, errlen, "%s:%u: bad CLSID '%s' (want {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX})",
                 name, lineno, ex);
        return -1;
    }
    val = eq + 1;
    end = s + n;
    /* A '#' after a blank starts a comment; one inside a path does not. */
    for (i = 1; val + i < end; i++)
        if (val[i] == '#' && hx__is_blank(val[i - 1])) {
            end = val + i;
            break;
        }
    while (val < end && hx__is_blank(*val)) val++;
    while (end > val && hx__is_blank(end[-1])) end--;
    if (val == end) {
        snprintf(err, errlen, "%s:%u: no module path after '='", name, lineno);
        return -1;
    }
    if (!(out->path = hx__strndup(val, (size_t)(end - val)))) {
        snprintf(err, errlen, "%s:%u: out of memory", name, lineno);
        return -1;
    }
    out->line = lineno;
    return 0;
}

int hx_msphost_parse_config(hx_msphost *h, const char *name, const char *text, size_t len,
                            char *err, size_t errlen)
{
    hx__pending *p = NULL;
    size_t n = 0, cap = 0, pos = 0, i;
    unsigned lineno = 0;
    char dummy[8];
    if (!err || !errlen) {
        err = dummy;
        errlen = sizeof dummy;
    }
    err[0] = '\0';
    if (!name) name = "config";
    if (!h || (!text && len)) {
        snprintf(err, errlen, "%s: nothing to read", name);
        return -1;
    }
    /* A UTF-8 byte order mark, as Windows editors write it. */
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) pos = 3;
    while (pos < len) {
        const char *s = text + pos;
        const char *nl = (const char *)memchr(s, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - s) : len - pos;
        hx__pending e;
        int r;
        pos += ll + (nl ? 1 : 0);
        lineno++;
        if (ll && s[ll - 1] == '\r') ll--;
        if (ll > HX_MSP_LINE_MAX) {
            snprintf(err, errlen, "%s:%u: line longer than %u bytes", name, lineno,
                     (unsigned)HX_MSP_LINE_MAX);
            goto fail;
        }
        if (memchr(s, '\0', ll)) {
            snprintf(err, errlen, "%s:%u: NUL byte in line", name, lineno);
            goto fail;
        }
        memset(&e, 0, sizeof e);
        r = hx__config_line(s, ll, name, lineno, &e, err, errlen);
        if (r < 0) goto fail;
        if (r > 0) continue;
        for (i = 0; i < n; i++)
            if (tspk_guid_equal(&p[i].clsid, &e.clsid)) {
                char g[40];
                hx_guid_format(&e.clsid, g, sizeof g);
                snprintf(err, errlen, "%s:%u: %s registered twice (first on line %u)", name,
                         lineno, g, p[i].line);
                free(e.path);
                goto fail;
            }
        if (n == HX_MSP_ENTRIES_MAX) {
            snprintf(err, errlen, "%s:%u: more than %u MSPs in one file", name, lineno,
                     (unsigned)HX_MSP_ENTRIES_MAX);
            free(e.path);
            goto fail;
        }
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            hx__pending *np = (hx__pending *)realloc(p, nc * sizeof *np);
            if (!np) {
                snprintf(err, errlen, "%s:%u: out of memory", name, lineno);
                free(e.path);
                goto fail;
            }
            p = np;
            cap = nc;
        }
        p[n++] = e;
    }
    /* All or nothing: a file with an error registers none of its lines. */
    for (i = 0; i < n; i++) {
        int r = hx__register_owned(h, &p[i].clsid, p[i].path);
        p[i].path = NULL;
        if (r) {
            snprintf(err, errlen, "%s:%u: out of memory", name, p[i].line);
            goto fail;
        }
    }
    free(p);
    return 0;
fail:
    hx__pending_free(p, n);
    return -1;
}

int hx_msphost_load_config(hx_msphost *h, const char *path, char *err, size_t errlen)
{
    FILE *f;
    char *text;
    size_t n;
    int r;
    char dummy[8];
    if (!err || !errlen) {
        err = dummy;
        errlen = sizeof dummy;
    }
    if (!h || !path) {
        snprintf(err, errlen, "MSP config: no file named");
        return -1;
    }
    if (!(f = fopen(path, "rb"))) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    if (!(text = (char *)malloc(HX_MSP_CONFIG_MAX + 1))) {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    n = fread(text, 1, HX_MSP_CONFIG_MAX + 1, f);
    if (ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        r = -1;
    } else if (n > HX_MSP_CONFIG_MAX) {
        snprintf(err, errlen, "%s: larger than %u bytes", path, (unsigned)HX_MSP_CONFIG_MAX);
        r = -1;
    } else {
        r = hx_msphost_parse_config(h, path, text, n, err, errlen);
    }
    fclose(f);
    free(text);
    return r;
}

/* ---- modules ------------------------------------------------------------------------------ */

/* The loaded module for path, loading it (with no lock held: loading runs the module's
 * initialisers) when needed. */
static HRESULT hx__module_get(hx_msphost *h, const char *path, hx__module **out)
{
    hx__module *m, *fresh;
    tspk_mutex_lock(&h->lock);
    for (m = h->modules; m && strcmp(m->path, path) != 0; m = m->next)
        ;
    tspk_mutex_unlock(&h->lock);
    if (m) {
        *out = m;
        return S_OK;
    }
    if (!(fresh = (hx__module *)calloc(1, sizeof *fresh)) ||
        !(fresh->path = hx__strndup(path, strlen(path)))) {
        free(fresh);
        return E_OUTOFMEMORY;
    }
#ifdef _WIN32
    fresh->handle = LoadLibraryA(path);
    if (!fresh->handle) {
        hx__error(h, "%s: cannot load (Windows error %lu)", path, (unsigned long)GetLastError());
        free(fresh->path);
        free(fresh);
        return CO_E_DLLNOTFOUND;
    }
    fresh->get_class_object =
        (tspk_get_class_object_fn)(void *)GetProcAddress(fresh->handle, "DllGetClassObject");
#else
    fresh->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!fresh->handle) {
        const char *why = dlerror();
        hx__error(h, "%s: cannot load (%s)", path, why ? why : "dlopen failed");
        free(fresh->path);
        free(fresh);
        return CO_E_DLLNOTFOUND;
    }
    fresh->get_class_object = (tspk_get_class_object_fn)dlsym(fresh->handle, "DllGetClassObject");
#endif
    if (!fresh->get_class_object) {
        hx__error(h, "%s: exports no DllGetClassObject, so it is no COM in-process server", path);
#ifdef _WIN32
        FreeLibrary(fresh->handle);
#else
        dlclose(fresh->handle);
#endif
        free(fresh->path);
        free(fresh);
        return CO_E_ERRORINDLL;
    }
    tspk_mutex_lock(&h->lock);
    for (m = h->modules; m && strcmp(m->path, path) != 0; m = m->next)
        ;
    if (!m) {
        fresh->next = h->modules;
        h->modules = m = fresh;
        fresh = NULL;
    }
    tspk_mutex_unlock(&h->lock);
    if (fresh) {   /* another thread loaded it meanwhile: drop our reference */
#ifdef _WIN32
        FreeLibrary(fresh->handle);
#else
        dlclose(fresh->handle);
#endif
        free(fresh->path);
        free(fresh);
    }
    *out = m;
    return S_OK;
}

/* DllGetClassObject -> IClassFactory::CreateInstance(IID_ITMSPAddress). */
static HRESULT hx__create_from_module(hx_msphost *h, const GUID *clsid, const char *path,
                                      ITMSPAddress **out)
{
    hx__module *m;
    IClassFactory *cf = NULL;
    void *obj = NULL;
    char g[40];
    HRESULT hr = hx__module_get(h, path, &m);
    if (FAILED(hr)) return hr;
    hx_guid_format(clsid, g, sizeof g);
    hr = m->get_class_object(clsid, &TSPK_IID_ICLASSFACTORY, (void **)&cf);
    if (FAILED(hr) || !cf) {
        if (SUCCEEDED(hr)) hr = E_POINTER;
        hx__error(h, "%s: DllGetClassObject(%s) failed: 0x%08lX %s", path, g,
                  HX_HR(hr), hx_msp_hresult_name(hr));
        return hr;
    }
    hr = cf->lpVtbl->CreateInstance(cf, NULL, &IID_ITMSPAddress, &obj);
    cf->lpVtbl->Release(cf);
    if (FAILED(hr) || !obj) {
        if (SUCCEEDED(hr)) hr = E_POINTER;
        hx__error(h, "%s: CreateInstance(%s, IID_ITMSPAddress) failed: 0x%08lX %s", path, g,
                  HX_HR(hr), hx_msp_hresult_name(hr));
        return hr;
    }
    *out = (ITMSPAddress *)obj;
    return S_OK;
}

/* ---- the event sink and pump ------------------------------------------------------------- */

#ifndef _WIN32
static void hx__sink_signal(tspk_msp_event_sink *pub)
{
    hx__sink *s = (hx__sink *)(void *)pub;
    tspk_mutex_lock(&s->lock);
    s->signaled = 1;
    tspk_cond_signal(&s->cond);
    tspk_mutex_unlock(&s->lock);
}
#endif

static hx__sink *hx__sink_new(hx_msphost *h)
{
    hx__sink *s = (hx__sink *)calloc(1, sizeof *s);
    if (!s) return NULL;
    atomic_init(&s->stop, 0);
#ifdef _WIN32
    if (!(s->event = CreateEventA(NULL, FALSE, FALSE, NULL))) {
        free(s);
        return NULL;
    }
#else
    s->pub.magic = TSPK_MSP_SINK_MAGIC;
    s->pub.signal = hx__sink_signal;
    if (tspk_mutex_init(&s->lock) != 0) {
        free(s);
        return NULL;
    }
    if (tspk_cond_init(&s->cond) != 0) {
        tspk_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
#endif
    tspk_mutex_lock(&h->lock);
    s->next = h->sinks;
    h->sinks = s;
    tspk_mutex_unlock(&h->lock);
    return s;
}

/* What ITMSPAddress::Initialize receives. */
static MSP_HANDLE hx__sink_handle(hx__sink *s)
{
#ifdef _WIN32
    return (MSP_HANDLE)s->event;
#else
    return (MSP_HANDLE)(void *)&s->pub;
#endif
}

static void hx__sink_stop(hx__sink *s)
{
    atomic_store(&s->stop, 1);
#ifdef _WIN32
    SetEvent(s->event);
#else
    hx__sink_signal(&s->pub);
#endif
}

/* Waits for a signal. 0, or -1 once stopped. */
static int hx__sink_wait(hx__sink *s)
{
#ifdef _WIN32
    WaitForSingleObject(s->event, INFINITE);
#else
    tspk_mutex_lock(&s->lock);
    while (!s->signaled) tspk_cond_wait(&s->cond, &s->lock);
    s->signaled = 0;
    tspk_mutex_unlock(&s->lock);
#endif
    return atomic_load(&s->stop) ? -1 : 0;
}

static hx_msp_call *hx__find_call(hx_msp_addr *a, const void *owner)
{
    hx_msp_call *c;
    for (c = a->calls; c && c->owner != owner; c = c->next)
        ;
    return c;
}

/* An event queued before its call ended may be fetched after: not the MSP's fault. */
static int hx__recently_gone(hx_msp_addr *a, const void *owner)
{
    unsigned i;
    for (i = 0; i < HX_MSP_GONE; i++)
        if (a->gone[i] == owner) return 1;
    return 0;
}

static const char *hx__event_name(MSP_EVENT e)
{
    static const char *const names[] = {
        "ME_ADDRESS_EVENT", "ME_CALL_EVENT", "ME_TSP_DATA", "ME_PRIVATE_EVENT",
        "ME_ASR_TERMINAL_EVENT", "ME_TTS_TERMINAL_EVENT", "ME_FILE_TERMINAL_EVENT",
        "ME_TONE_TERMINAL_EVENT"
    };
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "unknown event";
}

/* Bytes an event of this type needs: up to the end of its member of the union. */
#define HX_END_OF(m) (offsetof(MSP_EVENT_INFO, m) + sizeof(((MSP_EVENT_INFO *)0)->m))
static size_t hx__event_min(MSP_EVENT e)
{
    switch (e) {
    case ME_ADDRESS_EVENT: return HX_END_OF(MSP_ADDRESS_EVENT_INFO);
    case ME_CALL_EVENT: return HX_END_OF(MSP_CALL_EVENT_INFO);
    case ME_TSP_DATA: return offsetof(MSP_EVENT_INFO, MSP_TSP_DATA.pBuffer);
    case ME_PRIVATE_EVENT: return HX_END_OF(MSP_PRIVATE_EVENT_INFO);
    case ME_ASR_TERMINAL_EVENT: return HX_END_OF(MSP_ASR_TERMINAL_EVENT_INFO);
    case ME_TTS_TERMINAL_EVENT: return HX_END_OF(MSP_TTS_TERMINAL_EVENT_INFO);
    case ME_FILE_TERMINAL_EVENT: return HX_END_OF(MSP_FILE_TERMINAL_EVENT_INFO);
    case ME_TONE_TERMINAL_EVENT: return HX_END_OF(MSP_TONE_TERMINAL_EVENT_INFO);
    default: return 0;
    }
}

/* Checks one event GetEvent returned and hands it to the callback. Interface pointers
 * inside events are passed on as they are: the MSPI pages say nothing of who owns them. */
static void hx__dispatch(hx_msp_addr *a, const BYTE *buf, DWORD size)
{
    hx_msphost *h = a->host;
    const MSP_EVENT_INFO *ev = (const MSP_EVENT_INFO *)(const void *)buf;
    hx_msp_event out;
    hx_msp_call *c = NULL;
    size_t need;
    if (size < offsetof(MSP_EVENT_INFO, MSP_TSP_DATA)) {
        hx__fault(h, "GetEvent returned %lu bytes, less than MSP_EVENT_INFO's header",
                  (unsigned long)size);
        return;
    }
    /* ns-msp-msp_event_info: dwSize is the total size of the structure returned. */
    if (ev->dwSize != size) {
        hx__fault(h, "%s: MSP_EVENT_INFO.dwSize is %lu but GetEvent returned %lu bytes",
                  hx__event_name(ev->Event), (unsigned long)ev->dwSize, (unsigned long)size);
        return;
    }
    if (!(need = hx__event_min(ev->Event))) {
        hx__fault(h, "event type %ld is no MSP_EVENT", (long)ev->Event);
        return;
    }
    if (size < need || (ev->Event == ME_TSP_DATA &&
                        ev->MSP_TSP_DATA.dwBufferSize > size - need)) {
        hx__fault(h, "%s of %lu bytes is cut short", hx__event_name(ev->Event),
                  (unsigned long)size);
        return;
    }
    memset(&out, 0, sizeof out);
    out.addr = a;
    out.addr_owner = a->owner;
    out.type = ev->Event;
    if (ev->Event == ME_TSP_DATA) {
        out.data = ev->MSP_TSP_DATA.pBuffer;
        out.size = ev->MSP_TSP_DATA.dwBufferSize;
    } else {
        out.data = buf;
        out.size = size;
    }
    if (ev->hCall) {
        int gone;
        tspk_mutex_lock(&a->lock);
        c = hx__find_call(a, (const void *)ev->hCall);
        if (c) a->dispatching = c;
        gone = !c && hx__recently_gone(a, (const void *)ev->hCall);
        tspk_mutex_unlock(&a->lock);
        if (!c) {
            if (!gone)
                hx__fault(h, "%s names MSP_HANDLE %p, which is no call of this address",
                          hx__event_name(ev->Event), (void *)ev->hCall);
            return;
        }
        out.call_owner = c->owner;
    }
    if (h->on_event) h->on_event(h->user, &out);
    if (c) {
        tspk_mutex_lock(&a->lock);
        a->dispatching = NULL;
        tspk_cond_broadcast(&a->changed);
        tspk_mutex_unlock(&a->lock);
    }
}

/* Drains GetEvent until it fails (nf-msp-itmspaddress-getevent, remarks). */
static void hx__drain(hx_msp_addr *a)
{
    hx_msphost *h = a->host;
    for (;;) {
        DWORD size = a->cap;
        HRESULT hr;
        if (atomic_load(&a->sink->stop)) return;
        hr = a->msp->lpVtbl->GetEvent(a->msp, &size, a->buf);
        if (hr == TAPI_E_NOTENOUGHMEMORY) {
            BYTE *bigger;
            if (size <= a->cap || size > TSPK_MSP_EVENT_MAX) {
                hx__fault(h, "GetEvent: TAPI_E_NOTENOUGHMEMORY for a %lu-byte buffer, asking "
                          "for %lu bytes", (unsigned long)a->cap, (unsigned long)size);
                return;
            }
            if (!(bigger = (BYTE *)realloc(a->buf, size))) {
                hx__error(h, "out of memory for a %lu-byte MSP event", (unsigned long)size);
                return;
            }
            a->buf = bigger;
            a->cap = size;
            continue;
        }
        if (FAILED(hr)) return;   /* TAPI_E_NOEVENT: drained */
        if (size > a->cap) {
            hx__fault(h, "GetEvent says it wrote %lu bytes into a %lu-byte buffer",
                      (unsigned long)size, (unsigned long)a->cap);
            return;
        }
        hx__dispatch(a, a->buf, size);
    }
}

static void hx__pump(void *arg)
{
    hx_msp_addr *a = (hx_msp_addr *)arg;
#ifdef _WIN32
    /* A COM-made MSP is called from this thread too: join the multithreaded apartment
     * (and so keep it alive while the address exists). */
    HRESULT co = a->com && a->host->co_init ? a->host->co_init(NULL, 0 /* MULTITHREADED */)
                                            : E_FAIL;
#endif
    tspk_mutex_lock(&a->lock);
    a->pump_tid = tspk_thread_self_id();
    a->pump_ready = 1;
    tspk_cond_broadcast(&a->changed);
    tspk_mutex_unlock(&a->lock);
    while (hx__sink_wait(a->sink) == 0) hx__drain(a);
#ifdef _WIN32
    if (SUCCEEDED(co)) a->host->co_uninit();
#endif
}

/* ---- address objects --------------------------------------------------------------------- */

#ifdef _WIN32
/* COM calls from the harness's own threads happen inside the multithreaded apartment. */
static int hx__com_enter(hx_msphost *h)
{
    return h->co_init && SUCCEEDED(h->co_init(NULL, 0 /* COINIT_MULTITHREADED */));
}
static void hx__com_leave(hx_msphost *h, int entered)
{
    if (entered) h->co_uninit();
}
#endif

HRESULT hx_msp_addr_create(hx_msphost *h, const GUID *clsid, void *owner, hx_msp_addr **out)
{
    hx_msp_addr *a;
    ITMSPAddress *msp = NULL;
    char *path = NULL, g[40];
    size_t i;
    int found = 0, com = 0;
    HRESULT hr;
#ifdef _WIN32
    int entered = 0;
#endif
    if (out) *out = NULL;
    if (!h || !clsid || !out) return E_POINTER;
    hx_guid_format(clsid, g, sizeof g);
    tspk_mutex_lock(&h->lock);
    for (i = 0; i < h->num_entries; i++)
        if (tspk_guid_equal(&h->entries[i].clsid, clsid)) {
            found = 1;
            path = hx__strndup(h->entries[i].path, strlen(h->entries[i].path));
            break;
        }
    tspk_mutex_unlock(&h->lock);
    if (found && !path) return E_OUTOFMEMORY;
#ifdef _WIN32
    entered = hx__com_enter(h);
#endif
    if (path) {
        hr = hx__create_from_module(h, clsid, path, &msp);
        free(path);
#ifdef _WIN32
    } else if (h->co_create) {
        /* No entry of ours: COM's registration decides, as for TAPI 3. */
        hr = h->co_create(clsid, NULL, 1 /* CLSCTX_INPROC_SERVER */, &IID_ITMSPAddress,
                          (void **)&msp);
        if (SUCCEEDED(hr) && !msp) hr = E_POINTER;
        if (FAILED(hr))
            hx__error(h, "CoCreateInstance(%s, IID_ITMSPAddress) failed: 0x%08lX %s", g,
                      HX_HR(hr), hx_msp_hresult_name(hr));
        com = 1;
#endif
    } else {
        hx__error(h, "no MSP registered for %s", g);
        hr = REGDB_E_CLASSNOTREG;
    }
    if (FAILED(hr)) goto done;
    hr = E_OUTOFMEMORY;
    if (!(a = (hx_msp_addr *)calloc(1, sizeof *a))) goto release;
    a->host = h;
    a->owner = owner;
    a->msp = msp;
    a->com = com;
    a->cap = HX_MSP_EVENT_BUF0;
    if (!(a->buf = (BYTE *)malloc(a->cap))) {
        free(a);
        goto release;
    }
    if (tspk_mutex_init(&a->lock) != 0) {
        free(a->buf);
        free(a);
        goto release;
    }
    if (tspk_cond_init(&a->changed) != 0) {
        tspk_mutex_destroy(&a->lock);
        free(a->buf);
        free(a);
        goto release;
    }
    if (!(a->sink = hx__sink_new(h)) || tspk_thread_create(&a->pump, hx__pump, a) != 0) {
        hx__addr_free(a);
        goto release;
    }
    tspk_mutex_lock(&a->lock);
    while (!a->pump_ready) tspk_cond_wait(&a->changed, &a->lock);
    tspk_mutex_unlock(&a->lock);
    hr = msp->lpVtbl->Initialize(msp, hx__sink_handle(a->sink));
    if (FAILED(hr)) {
        hx__error(h, "%s: ITMSPAddress::Initialize failed: 0x%08lX %s", g, HX_HR(hr),
                  hx_msp_hresult_name(hr));
        hx__sink_stop(a->sink);
        tspk_thread_join(&a->pump);
        hx__addr_free(a);
        goto release;
    }
    tspk_mutex_lock(&h->lock);
    a->next = h->addrs;
    h->addrs = a;
    tspk_mutex_unlock(&h->lock);
    *out = a;
    hr = S_OK;
    goto done;
release:
    msp->lpVtbl->Release(msp);
done:
#ifdef _WIN32
    hx__com_leave(h, entered);
#endif
    return hr;
}

void *hx_msp_addr_owner(const hx_msp_addr *a) { return a ? a->owner : NULL; }

void hx_msp_addr_destroy(hx_msp_addr *a)
{
    hx_msphost *h;
    hx_msp_addr **pp;
    int on_pump;
#ifdef _WIN32
    int entered;
#endif
    if (!a) return;
    h = a->host;
#ifdef _WIN32
    entered = a->com ? hx__com_enter(h) : 0;
#endif
    tspk_mutex_lock(&h->lock);
    for (pp = &h->addrs; *pp && *pp != a; pp = &(*pp)->next)
        ;
    if (*pp) *pp = a->next;
    tspk_mutex_unlock(&h->lock);
    /* Calls the application left behind first: Shutdown expects none alive
     * (nf-msp-itmspaddress-shutdown, remarks). The pump still delivers their last events. */
    for (;;) {
        hx_msp_call *c;
        tspk_mutex_lock(&a->lock);
        c = a->calls;
        tspk_mutex_unlock(&a->lock);
        if (!c) break;
        hx_msp_call_destroy(c);
    }
    tspk_mutex_lock(&a->lock);
    on_pump = a->pump_tid == tspk_thread_self_id();
    tspk_mutex_unlock(&a->lock);
    hx__sink_stop(a->sink);
    if (!on_pump) tspk_thread_join(&a->pump);
    a->msp->lpVtbl->Shutdown(a->msp);
    a->msp->lpVtbl->Release(a->msp);
    a->msp = NULL;
    if (on_pump) {
        /* Called from our own callback: the pump ends when it returns; join it later. */
        tspk_mutex_lock(&h->lock);
        a->next = h->zombies;
        h->zombies = a;
        tspk_mutex_unlock(&h->lock);
    } else {
        hx__addr_free(a);
    }
#ifdef _WIN32
    hx__com_leave(h, entered);
#endif
}

/* ---- call objects ------------------------------------------------------------------------- */

static hx_msp_call *hx__call_of(IUnknown *outer) { return (hx_msp_call *)(void *)outer; }

static ULONG STDMETHODCALLTYPE hx__outer_addref(IUnknown *This)
{
    return (ULONG)atomic_fetch_add(&hx__call_of(This)->refs, 1) + 1;
}

static ULONG STDMETHODCALLTYPE hx__outer_release(IUnknown *This)
{
    ULONG left = (ULONG)atomic_fetch_sub(&hx__call_of(This)->refs, 1) - 1;
    if (left == 0) free(hx__call_of(This));
    return left;
}

/* The outer object answers IUnknown itself and asks the aggregated MSP call for the
 * rest, as an aggregating object does. */
static HRESULT STDMETHODCALLTYPE hx__outer_qi(IUnknown *This, REFIID riid, void **ppv)
{
    IUnknown *inner = hx__call_of(This)->inner;
    if (!ppv) return E_POINTER;
    *ppv = NULL;
    if (!riid) return E_INVALIDARG;
    if (tspk_guid_equal(riid, &TSPK_IID_IUNKNOWN)) {
        hx__outer_addref(This);
        *ppv = This;
        return S_OK;
    }
    return inner ? inner->lpVtbl->QueryInterface(inner, riid, ppv) : E_NOINTERFACE;
}

static IUnknownVtbl hx__outer_vtbl = { hx__outer_qi, hx__outer_addref, hx__outer_release };

/* Takes c off its address's list and waits until no callback has it. */
static void hx__call_unlink(hx_msp_call *c, int ended)
{
    hx_msp_addr *a = c->addr;
    hx_msp_call **pp;
    tspk_mutex_lock(&a->lock);
    for (pp = &a->calls; *pp && *pp != c; pp = &(*pp)->next)
        ;
    if (*pp) *pp = c->next;
    if (ended) a->gone[a->gone_next++ % HX_MSP_GONE] = c->owner;
    while (a->dispatching == c && a->pump_tid != tspk_thread_self_id())
        tspk_cond_wait(&a->changed, &a->lock);
    tspk_mutex_unlock(&a->lock);
}

HRESULT hx_msp_call_create(hx_msp_addr *a, void *owner, DWORD media_type, hx_msp_call **out)
{
    hx_msp_call *c;
    IUnknown *inner = NULL;
    HRESULT hr;
    if (out) *out = NULL;
    if (!a || !owner || !out) return E_POINTER;
    if (!(c = (hx_msp_call *)calloc(1, sizeof *c))) return E_OUTOFMEMORY;
    c->outer.lpVtbl = &hx__outer_vtbl;
    atomic_init(&c->refs, 1);
    c->addr = a;
    c->owner = owner;
    /* On the list before CreateMSPCall, so an event the MSP sends from inside it finds
     * its owner. One owner, one call: it is the handle the MSP names. */
    tspk_mutex_lock(&a->lock);
    if (hx__find_call(a, owner)) {
        tspk_mutex_unlock(&a->lock);
        free(c);
        return E_INVALIDARG;
    }
    c->next = a->calls;
    a->calls = c;
    tspk_mutex_unlock(&a->lock);
    /* nf-msp-itmspaddress-createmspcall: dwReserved is 0. */
    hr = a->msp->lpVtbl->CreateMSPCall(a->msp, (MSP_HANDLE)owner, 0, media_type, &c->outer,
                                       &inner);
    if (SUCCEEDED(hr) && !inner) {
        hx__fault(a->host, "CreateMSPCall returned 0x%08lX but no call object",
                  HX_HR(hr));
        hr = E_POINTER;
    }
    if (FAILED(hr)) {
        hx__call_unlink(c, 0);
        hx__outer_release(&c->outer);
        return hr;
    }
    c->inner = inner;
    *out = c;
    return S_OK;
}

void *hx_msp_call_owner(const hx_msp_call *c) { return c ? c->owner : NULL; }

void hx_msp_call_destroy(hx_msp_call *c)
{
    hx_msp_addr *a;
    HRESULT hr;
    IUnknown *inner;
    if (!c) return;
    a = c->addr;
    hr = a->msp->lpVtbl->ShutdownMSPCall(a->msp, c->inner);
    if (FAILED(hr))
        hx__fault(a->host, "ShutdownMSPCall failed: 0x%08lX %s", HX_HR(hr),
                  hx_msp_hresult_name(hr));
    hx__call_unlink(c, 1);
    inner = c->inner;
    c->inner = NULL;
    inner->lpVtbl->Release(inner);
    hx__outer_release(&c->outer);
}

/* ---- data from the TSP ------------------------------------------------------------------ */

/* ITMSPAddress::ReceiveTSPData gets a copy: its buffer is not const, and the MSP must
 * not keep it (nf-msp-itmspaddress-receivetspdata). */
HRESULT hx_msp_deliver(hx_msp_addr *a, hx_msp_call *call, const void *data, DWORD size)
{
    BYTE stack[HX_MSP_DELIVER_STACK];
    BYTE *copy = stack;
    HRESULT hr;
    if (!a || (!data && size)) return E_POINTER;
    if (call && call->addr != a) return E_INVALIDARG;
    if (size > sizeof stack && !(copy = (BYTE *)malloc(size))) return E_OUTOFMEMORY;
    if (size) memcpy(copy, data, size);
    hr = a->msp->lpVtbl->ReceiveTSPData(a->msp, call ? call->inner : NULL, copy, size);
    if (copy != stack) free(copy);
    return hr;
}
