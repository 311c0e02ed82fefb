/*
 * harness/structcheck.c - see structcheck.h.
 *
 * Rules checked, from https://learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures
 * ("VARSIZE" below) and each structure's page (learn.microsoft.com/windows/win32/api/tapi/ns-tapi-*):
 *   - dwTotalSize is TAPI's; the provider leaves it alone (nf-tspi-tspi_linegetdevcaps, remarks);
 *   - dwUsedSize <= dwTotalSize, and dwNeededSize >= dwUsedSize;
 *   - a success means the whole fixed part is filled, so dwUsedSize covers it; a dwTotalSize
 *     below the fixed part gets LINEERR_STRUCTURETOOSMALL instead (from TAPI before the provider
 *     is called, or from the provider for TSPI_lineGetDevConfig), so nothing past the
 *     three size members is checked then;
 *   - a part with size 0 is absent and its offset means nothing (VARSIZE: parts that did
 *     not fit have both zero; ns-tapi-varstring remarks allow a nonzero offset with size 0);
 *   - every other part lies after the fixed part and inside dwUsedSize;
 *   - text is NUL-terminated and its size counts the NUL (VARSIZE note); UTF-16 text has an
 *     even size;
 *   - members a version added lie past the fixed part below it and are not members there
 *     (e.g. ns-tapi-linedevcaps remarks: dwSettableDevStatus..dwDeviceClassesOffset from 2.0).
 *
 * All reads go through rd32(), which is only reached for offsets proven inside the buffer;
 * sums of a 32-bit offset and size are done in 64 bits so that they cannot wrap.
 */
#include "structcheck.h"

#include <tspkit/varstruct.h>
#include <tspkit/version.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the member tables ---------------------------------------------------------------- */

/* How the bytes of a part are to be read. */
enum {
    TXT_BINARY,   /* device-specific data, arrays of DWORDs or structures: no content rule */
    TXT_UNICODE,  /* text, always UTF-16: TSPI is a Unicode interface */
    TXT_OWN_FMT,  /* text in the structure's own dwStringFormat */
    TXT_DEV_FMT   /* text in the device's dwStringFormat (LINEDEVCAPS / PHONECAPS) */
};

typedef struct member member;

/* An array of structures inside a part, each with parts of its own, whose offsets count
 * from the start of the enclosing structure (ns-tapi-lineaddressstatus dwForwardOffset,
 * ns-tapi-linecalltreatmententry dwCallTreatmentNameOffset). */
typedef struct entry_array {
    const char *count_name;        /* "ForwardNumEntries": the dwXxx member holding the count */
    unsigned short count_at;
    DWORD (*stride)(DWORD version);
    const member *members;
    size_t num_members;
} entry_array;

struct member {
    const char *name;              /* "LineName": dwLineNameSize / dwLineNameOffset */
    unsigned short size_at, offset_at;
    DWORD since;                   /* the TAPI version that added the pair */
    unsigned char text;
    const entry_array *array;      /* NULL, or what the part holds */
};

typedef struct struct_desc {
    const char *name;
    DWORD (*fixed)(DWORD version);
    const member *members;
    size_t num_members;
    int format_at;                 /* offset of dwStringFormat, or -1 */
} struct_desc;

#define V13 TSPK_VERSION_1_3       /* the first TAPI version a TSPI provider sees */
#define V20 TSPK_VERSION_2_0
#define PAIR(T, n, since, text) \
    { #n, (unsigned short)offsetof(T, dw##n##Size), (unsigned short)offsetof(T, dw##n##Offset), \
      since, text, NULL }
#define PAIR_ARRAY(T, n, since, arr) \
    { #n, (unsigned short)offsetof(T, dw##n##Size), (unsigned short)offsetof(T, dw##n##Offset), \
      since, TXT_BINARY, &arr }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ns-tapi-varstring: the format is dwStringFormat's, one of STRINGFORMAT_*. */
static const member varstring_members[] = {
    PAIR(VARSTRING, String, V13, TXT_OWN_FMT),
};

/* ns-tapi-linedevcaps: provider, switch and line names and the terminal texts follow
 * dwStringFormat; dwDeviceClasses (2.0) is a list of lineGetID class names, which TSPI
 * passes as Unicode (nf-tspi-tspi_linegetid). */
static const member linedevcaps_members[] = {
    PAIR(LINEDEVCAPS, ProviderInfo, V13, TXT_OWN_FMT),
    PAIR(LINEDEVCAPS, SwitchInfo, V13, TXT_OWN_FMT),
    PAIR(LINEDEVCAPS, LineName, V13, TXT_OWN_FMT),
    PAIR(LINEDEVCAPS, TerminalCaps, V13, TXT_BINARY),
    PAIR(LINEDEVCAPS, TerminalText, V13, TXT_OWN_FMT),
    PAIR(LINEDEVCAPS, DevSpecific, V13, TXT_BINARY),
    PAIR(LINEDEVCAPS, DeviceClasses, V20, TXT_UNICODE),
};

/* ns-tapi-linecalltreatmententry: the name is a NUL-terminated string. */
static const member treatment_members[] = {
    PAIR(LINECALLTREATMENTENTRY, CallTreatmentName, V13, TXT_UNICODE),
};

static DWORD treatment_stride(DWORD version)
{
    (void)version;
    return (DWORD)sizeof(LINECALLTREATMENTENTRY);
}

static const entry_array treatment_array = {
    "NumCallTreatments", (unsigned short)offsetof(LINEADDRESSCAPS, dwNumCallTreatments),
    treatment_stride, treatment_members, COUNT(treatment_members)
};

/* ns-tapi-lineaddresscaps: dwCompletionMsgText is in "dwStringFormat in the line's device
 * capabilities"; dwCallTreatmentList and dwDeviceClasses came with 2.0. */
static const member lineaddresscaps_members[] = {
    PAIR(LINEADDRESSCAPS, Address, V13, TXT_UNICODE),
    PAIR(LINEADDRESSCAPS, DevSpecific, V13, TXT_BINARY),
    PAIR(LINEADDRESSCAPS, CompletionMsgText, V13, TXT_DEV_FMT),
    PAIR_ARRAY(LINEADDRESSCAPS, CallTreatmentList, V20, treatment_array),
    PAIR(LINEADDRESSCAPS, DeviceClasses, V20, TXT_UNICODE),
};

/* ns-tapi-linedevstatus: dwAppInfo (2.0) is TAPI's to fill (nf-tspi-tspi_linegetlinedevstatus
 * lists it for neither side); a provider that leaves it 0 passes. */
static const member linedevstatus_members[] = {
    PAIR(LINEDEVSTATUS, TerminalModes, V13, TXT_BINARY),
    PAIR(LINEDEVSTATUS, DevSpecific, V13, TXT_BINARY),
    PAIR(LINEDEVSTATUS, AppInfo, V20, TXT_BINARY),
};

/* ns-tapi-lineforward: both addresses are strings. */
static const member forward_members[] = {
    PAIR(LINEFORWARD, CallerAddress, V13, TXT_UNICODE),
    PAIR(LINEFORWARD, DestAddress, V13, TXT_UNICODE),
};

/* LINEFORWARD grew in 3.1; the SDK knows its size by version. */
static const entry_array forward_array = {
    "ForwardNumEntries", (unsigned short)offsetof(LINEADDRESSSTATUS, dwForwardNumEntries),
    tspk_lineforward_size, forward_members, COUNT(forward_members)
};

/* ns-tapi-lineaddressstatus */
static const member lineaddressstatus_members[] = {
    PAIR_ARRAY(LINEADDRESSSTATUS, Forward, V13, forward_array),
    PAIR(LINEADDRESSSTATUS, TerminalModes, V13, TXT_BINARY),
    PAIR(LINEADDRESSSTATUS, DevSpecific, V13, TXT_BINARY),
};

/* ns-tapi-linecallinfo: party numbers and names, the application name, displayable address,
 * called party and comment are text; dwDisplay is "raw display information" and the
 * UUI/compatibility/charging parts are Q.931 octets. dwCallData and the flowspecs came with
 * 2.0. */
static const member linecallinfo_members[] = {
    PAIR(LINECALLINFO, CallerID, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, CallerIDName, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, CalledID, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, CalledIDName, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, ConnectedID, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, ConnectedIDName, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, RedirectionID, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, RedirectionIDName, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, RedirectingID, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, RedirectingIDName, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, AppName, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, DisplayableAddress, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, CalledParty, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, Comment, V13, TXT_UNICODE),
    PAIR(LINECALLINFO, Display, V13, TXT_BINARY),
    PAIR(LINECALLINFO, UserUserInfo, V13, TXT_BINARY),
    PAIR(LINECALLINFO, HighLevelComp, V13, TXT_BINARY),
    PAIR(LINECALLINFO, LowLevelComp, V13, TXT_BINARY),
    PAIR(LINECALLINFO, ChargingInfo, V13, TXT_BINARY),
    PAIR(LINECALLINFO, TerminalModes, V13, TXT_BINARY),
    PAIR(LINECALLINFO, DevSpecific, V13, TXT_BINARY),
    PAIR(LINECALLINFO, CallData, V20, TXT_BINARY),
    PAIR(LINECALLINFO, SendingFlowspec, V20, TXT_BINARY),
    PAIR(LINECALLINFO, ReceivingFlowspec, V20, TXT_BINARY),
};

/* ns-tapi-linecallstatus */
static const member linecallstatus_members[] = {
    PAIR(LINECALLSTATUS, DevSpecific, V13, TXT_BINARY),
};

/* ns-tapi-phonecaps: the names follow dwStringFormat; the button, lamp and data parts are
 * DWORD arrays; dwDeviceClasses (2.0) as in LINEDEVCAPS. */
static const member phonecaps_members[] = {
    PAIR(PHONECAPS, ProviderInfo, V13, TXT_OWN_FMT),
    PAIR(PHONECAPS, PhoneInfo, V13, TXT_OWN_FMT),
    PAIR(PHONECAPS, PhoneName, V13, TXT_OWN_FMT),
    PAIR(PHONECAPS, ButtonModes, V13, TXT_BINARY),
    PAIR(PHONECAPS, ButtonFunctions, V13, TXT_BINARY),
    PAIR(PHONECAPS, LampModes, V13, TXT_BINARY),
    PAIR(PHONECAPS, SetData, V13, TXT_BINARY),
    PAIR(PHONECAPS, GetData, V13, TXT_BINARY),
    PAIR(PHONECAPS, DevSpecific, V13, TXT_BINARY),
    PAIR(PHONECAPS, DeviceClasses, V20, TXT_UNICODE),
};

/* ns-tapi-phonestatus: dwDisplay is the display's contents (rows x columns, no terminator
 * promised); dwOwnerName is TAPI's, a NUL-terminated name. */
static const member phonestatus_members[] = {
    PAIR(PHONESTATUS, Display, V13, TXT_BINARY),
    PAIR(PHONESTATUS, LampModes, V13, TXT_BINARY),
    PAIR(PHONESTATUS, OwnerName, V13, TXT_UNICODE),
    PAIR(PHONESTATUS, DevSpecific, V13, TXT_BINARY),
};

/* ns-tapi-phonebuttoninfo: the text is in "the dwStringFormat member of the phone's device
 * capabilities". */
static const member phonebuttoninfo_members[] = {
    PAIR(PHONEBUTTONINFO, ButtonText, V13, TXT_DEV_FMT),
    PAIR(PHONEBUTTONINFO, DevSpecific, V13, TXT_BINARY),
};

#define DESC(kind, T, size_fn, members, fmt) \
    [kind] = { #T, size_fn, members, COUNT(members), fmt }

static const struct_desc descs[HX_ST_COUNT] = {
    DESC(HX_ST_VARSTRING, VARSTRING, tspk_varstring_size, varstring_members,
         (int)offsetof(VARSTRING, dwStringFormat)),
    DESC(HX_ST_LINEDEVCAPS, LINEDEVCAPS, tspk_linedevcaps_size, linedevcaps_members,
         (int)offsetof(LINEDEVCAPS, dwStringFormat)),
    DESC(HX_ST_LINEADDRESSCAPS, LINEADDRESSCAPS, tspk_lineaddresscaps_size,
         lineaddresscaps_members, -1),
    DESC(HX_ST_LINEDEVSTATUS, LINEDEVSTATUS, tspk_linedevstatus_size, linedevstatus_members, -1),
    DESC(HX_ST_LINEADDRESSSTATUS, LINEADDRESSSTATUS, tspk_lineaddressstatus_size,
         lineaddressstatus_members, -1),
    DESC(HX_ST_LINECALLINFO, LINECALLINFO, tspk_linecallinfo_size, linecallinfo_members, -1),
    DESC(HX_ST_LINECALLSTATUS, LINECALLSTATUS, tspk_linecallstatus_size,
         linecallstatus_members, -1),
    DESC(HX_ST_PHONECAPS, PHONECAPS, tspk_phonecaps_size, phonecaps_members,
         (int)offsetof(PHONECAPS, dwStringFormat)),
    DESC(HX_ST_PHONESTATUS, PHONESTATUS, tspk_phonestatus_size, phonestatus_members, -1),
    DESC(HX_ST_PHONEBUTTONINFO, PHONEBUTTONINFO, tspk_phonebuttoninfo_size,
         phonebuttoninfo_members, -1),
};

const char *hx_struct_name(hx_struct_kind kind)
{
    if ((unsigned)kind >= HX_ST_COUNT) return NULL;
    return descs[kind].name;
}

size_t hx_struct_fixed_size(hx_struct_kind kind, DWORD version)
{
    if ((unsigned)kind >= HX_ST_COUNT) return 0;
    return descs[kind].fixed(version);
}

/* ---- the checks --------------------------------------------------------------------- */

typedef struct check_ctx {
    const unsigned char *b;
    DWORD total;             /* bytes that may be read */
    DWORD fixed;             /* the version's fixed part */
    DWORD limit;             /* where parts must end */
    const char *limit_name;  /* "dwUsedSize", or "dwTotalSize" when dwUsedSize is itself wrong */
    DWORD version;
    DWORD own_fmt, dev_fmt;
    int varstring;
    hx_checks *c;
    const char *func;
    unsigned problems;
} check_ctx;

/* A DWORD at `at`; callers have proven at + 4 <= total. Unaligned-safe. */
static DWORD rd32(const check_ctx *x, uint64_t at)
{
    DWORD v;
    memcpy(&v, x->b + (size_t)at, sizeof v);
    return v;
}

/* "0x1c" or, for a sum that went past 32 bits (at most 0x1fffffffe), "0x1fffffffe" - printed
 * with %lx only, which every printf this builds against agrees on. */
static void fmt_end(char *out, size_t len, uint64_t v)
{
    if (v >> 32) snprintf(out, len, "0x%lx%08lx", (unsigned long)(v >> 32), (unsigned long)(v & 0xFFFFFFFFu));
    else snprintf(out, len, "0x%lx", (unsigned long)v);
}

static const char *format_name(DWORD f)
{
    switch (f) {
    case STRINGFORMAT_ASCII: return "STRINGFORMAT_ASCII";
    case STRINGFORMAT_DBCS: return "STRINGFORMAT_DBCS";
    default: return "STRINGFORMAT_UNICODE";
    }
}

/* The text rules for the part [off, off + size), already proven inside the buffer. */
static void check_text(check_ctx *x, const char *where, const member *m, DWORD off, DWORD size)
{
    const unsigned char *p = x->b + off;
    DWORD fmt, i;

    switch (m->text) {
    case TXT_UNICODE: fmt = STRINGFORMAT_UNICODE; break;
    case TXT_OWN_FMT: fmt = x->own_fmt; break;
    case TXT_DEV_FMT: fmt = x->dev_fmt; break;
    default: return;
    }
    if (fmt == STRINGFORMAT_BINARY) return;
    /* ns-tapi-varstring remarks: size 1 holding a zero byte is an empty answer in any format. */
    if (x->varstring && size == 1 && p[0] == 0) return;
    if (fmt == STRINGFORMAT_ASCII || fmt == STRINGFORMAT_DBCS) {
        if (memchr(p, 0, size)) return;
        x->problems++;
        hx_checks_report(x->c, HX_CHK_STRUCT_STRING_NUL, x->func,
                         "%s.dw%sOffset 0x%lx + dw%sSize 0x%lx: no NUL among its %lu bytes (%s)",
                         where, m->name, (unsigned long)off, m->name, (unsigned long)size,
                         (unsigned long)size, format_name(fmt));
        return;
    }
    /* UTF-16: STRINGFORMAT_UNICODE, and any value outside the four, TSPI being Unicode. */
    if (size % 2) {
        x->problems++;
        hx_checks_report(x->c, HX_CHK_STRUCT_STRING_NUL, x->func,
                         "%s.dw%sOffset 0x%lx + dw%sSize 0x%lx: odd size for a Unicode string",
                         where, m->name, (unsigned long)off, m->name, (unsigned long)size);
        return;
    }
    for (i = 0; i < size; i += 2)
        if (p[i] == 0 && p[i + 1] == 0) return;
    x->problems++;
    hx_checks_report(x->c, HX_CHK_STRUCT_STRING_NUL, x->func,
                     "%s.dw%sOffset 0x%lx + dw%sSize 0x%lx: no NUL among its %lu UTF-16 units",
                     where, m->name, (unsigned long)off, m->name, (unsigned long)size,
                     (unsigned long)(size / 2));
}

static void check_member(check_ctx *x, const char *where, uint64_t base, const member *m);

/* The entries of an array part [off, off + size), already proven inside the buffer. */
static void check_entries(check_ctx *x, const char *where, const member *m, DWORD off, DWORD size)
{
    const entry_array *a = m->array;
    DWORD count = rd32(x, a->count_at), stride = a->stride(x->version), fit, i;
    char sub[96];
    size_t k;

    if (!stride) return;
    fit = size / stride;
    if (count > fit) {
        char need[24];
        x->problems++;
        fmt_end(need, sizeof need, (uint64_t)count * stride);
        hx_checks_report(x->c, HX_CHK_STRUCT_FIELD_OUTSIDE, x->func,
                         "%s.dw%s %lu entries of 0x%lx bytes need %s, more than dw%sSize 0x%lx",
                         where, a->count_name, (unsigned long)count, (unsigned long)stride, need,
                         m->name, (unsigned long)size);
        count = fit;
    }
    for (i = 0; i < count; i++) {
        snprintf(sub, sizeof sub, "%s.dw%s[%lu]", where, m->name, (unsigned long)i);
        for (k = 0; k < a->num_members; k++)
            check_member(x, sub, (uint64_t)off + (uint64_t)i * stride, &a->members[k]);
    }
}

/* One (size, offset) pair whose members are at base + m->size_at / m->offset_at. */
static void check_member(check_ctx *x, const char *where, uint64_t base, const member *m)
{
    DWORD size, off;
    uint64_t end;
    char end_text[24];

    size = rd32(x, base + m->size_at);
    off = rd32(x, base + m->offset_at);
    if (size == 0) return;
    end = (uint64_t)off + size;
    fmt_end(end_text, sizeof end_text, end);
    if (off < x->fixed) {
        x->problems++;
        hx_checks_report(x->c, HX_CHK_STRUCT_FIELD_OUTSIDE, x->func,
                         "%s.dw%sOffset 0x%lx + dw%sSize 0x%lx starts inside the fixed part, "
                         "which ends at 0x%lx (TSPI %lu.%lu)",
                         where, m->name, (unsigned long)off, m->name, (unsigned long)size,
                         (unsigned long)x->fixed, (unsigned long)TSPK_VERSION_MAJOR(x->version),
                         (unsigned long)TSPK_VERSION_MINOR(x->version));
        return;
    }
    if (end > x->limit) {
        x->problems++;
        hx_checks_report(x->c, HX_CHK_STRUCT_FIELD_OUTSIDE, x->func,
                         "%s.dw%sOffset 0x%lx + dw%sSize 0x%lx ends at %s, past %s 0x%lx", where,
                         m->name, (unsigned long)off, m->name, (unsigned long)size, end_text,
                         x->limit_name, (unsigned long)x->limit);
        return;
    }
    check_text(x, where, m, off, size);
    if (m->array) check_entries(x, where, m, off, size);
}

unsigned hx_struct_check_ex(hx_struct_kind kind, DWORD version, const void *buf, size_t total,
                            DWORD caps_string_format, hx_checks *c, const char *func)
{
    const struct_desc *d;
    check_ctx x;
    DWORD set_total, needed = 0, used = 0;
    size_t k;

    if ((unsigned)kind >= HX_ST_COUNT || !buf) return 0;
    d = &descs[kind];
    memset(&x, 0, sizeof x);
    x.b = (const unsigned char *)buf;
    /* dwTotalSize is a DWORD: a larger buffer cannot be described, only its first 4 GiB. */
    x.total = total > 0xFFFFFFFFu ? 0xFFFFFFFFu : (DWORD)total;
    x.version = version;
    x.c = c;
    x.func = func;
    x.varstring = kind == HX_ST_VARSTRING;

    /* The three size members, each only when the buffer holds it. */
    if (x.total >= 4) {
        set_total = rd32(&x, 0);
        if (set_total != x.total) {
            x.problems++;
            hx_checks_report(c, HX_CHK_STRUCT_TOTAL_CHANGED, func,
                             "%s.dwTotalSize changed from 0x%lx to 0x%lx", d->name,
                             (unsigned long)x.total, (unsigned long)set_total);
        }
    }
    if (x.total >= 12) {
        needed = rd32(&x, 4);
        used = rd32(&x, 8);
        if (used > x.total) {
            x.problems++;
            hx_checks_report(c, HX_CHK_STRUCT_USED_GT_TOTAL, func,
                             "%s.dwUsedSize 0x%lx exceeds dwTotalSize 0x%lx", d->name,
                             (unsigned long)used, (unsigned long)x.total);
        }
        if (needed < used) {
            x.problems++;
            hx_checks_report(c, HX_CHK_STRUCT_NEEDED_LT_USED, func,
                             "%s.dwNeededSize 0x%lx is less than dwUsedSize 0x%lx", d->name,
                             (unsigned long)needed, (unsigned long)used);
        }
    }

    /* Too small for the fixed part: the answer is LINEERR_STRUCTURETOOSMALL, nothing else
     * in the buffer is the provider's. */
    x.fixed = d->fixed(version);
    if (x.total < x.fixed) return x.problems;

    x.limit = used;
    x.limit_name = "dwUsedSize";
    if (used < x.fixed) {
        x.problems++;
        hx_checks_report(c, HX_CHK_STRUCT_FIELD_OUTSIDE, func,
                         "%s.dwUsedSize 0x%lx is less than the fixed part 0x%lx (TSPI %lu.%lu)",
                         d->name, (unsigned long)used, (unsigned long)x.fixed,
                         (unsigned long)TSPK_VERSION_MAJOR(version),
                         (unsigned long)TSPK_VERSION_MINOR(version));
    }
    /* A wrong dwUsedSize was reported once; parts are then held to the buffer itself. */
    if (used < x.fixed || used > x.total) {
        x.limit = x.total;
        x.limit_name = "dwTotalSize";
    }

    x.own_fmt = d->format_at >= 0 ? rd32(&x, (uint64_t)d->format_at) : STRINGFORMAT_UNICODE;
    x.dev_fmt = caps_string_format ? caps_string_format : STRINGFORMAT_UNICODE;
    for (k = 0; k < d->num_members; k++) {
        if (version < d->members[k].since) continue;
        check_member(&x, d->name, 0, &d->members[k]);
    }
    return x.problems;
}

unsigned hx_struct_check(hx_struct_kind kind, DWORD version, const void *buf, size_t total,
                         hx_checks *c, const char *func)
{
    return hx_struct_check_ex(kind, version, buf, total, 0, c, func);
}

/* ---- guard bytes ---------------------------------------------------------------------- */

struct hx_gbuf {
    size_t size;
    unsigned char *mem;    /* guard, size bytes, guard: its own block, so ASan sees past both */
};

hx_gbuf *hx_gbuf_new(size_t size)
{
    hx_gbuf *g;
    if (size > SIZE_MAX - 2 * (size_t)HX_GBUF_GUARD) return NULL;
    g = (hx_gbuf *)malloc(sizeof *g);
    if (!g) return NULL;
    g->mem = (unsigned char *)malloc(size + 2 * (size_t)HX_GBUF_GUARD);
    if (!g->mem) {
        free(g);
        return NULL;
    }
    g->size = size;
    memset(g->mem, HX_GBUF_FILL, HX_GBUF_GUARD);
    memset(g->mem + HX_GBUF_GUARD, 0, size);
    memset(g->mem + HX_GBUF_GUARD + size, HX_GBUF_FILL, HX_GBUF_GUARD);
    if (size >= 4) {
        DWORD t = size > 0xFFFFFFFFu ? 0xFFFFFFFFu : (DWORD)size;
        memcpy(g->mem + HX_GBUF_GUARD, &t, sizeof t);
    }
    return g;
}

void *hx_gbuf_data(hx_gbuf *g)
{
    return g ? g->mem + HX_GBUF_GUARD : NULL;
}

size_t hx_gbuf_size(const hx_gbuf *g)
{
    return g ? g->size : 0;
}

int hx_gbuf_check(hx_gbuf *g, hx_checks *c, const char *func)
{
    unsigned char *after;
    long first = 0, last = 0;
    unsigned changed = 0, i;

    if (!g) return 0;
    after = g->mem + HX_GBUF_GUARD + g->size;
    /* Offsets relative to the buffer: the guard before it is -64..-1. */
    for (i = 0; i < HX_GBUF_GUARD; i++) {
        if (g->mem[i] == HX_GBUF_FILL) continue;
        if (!changed) first = (long)i - HX_GBUF_GUARD;
        last = (long)i - HX_GBUF_GUARD;
        changed++;
    }
    for (i = 0; i < HX_GBUF_GUARD; i++) {
        if (after[i] == HX_GBUF_FILL) continue;
        if (!changed) first = (long)(g->size + i);
        last = (long)(g->size + i);
        changed++;
    }
    if (!changed) return 0;
    hx_checks_report(c, HX_CHK_GUARD_OVERWRITE, func,
                     "%lu-byte buffer: bytes changed outside it from offset %ld to %ld "
                     "(%u of the %u guard bytes)",
                     (unsigned long)g->size, first, last, changed, 2u * HX_GBUF_GUARD);
    memset(g->mem, HX_GBUF_FILL, HX_GBUF_GUARD);
    memset(after, HX_GBUF_FILL, HX_GBUF_GUARD);
    return (int)changed;
}

void hx_gbuf_free(hx_gbuf *g)
{
    if (!g) return;
    free(g->mem);
    free(g);
}
