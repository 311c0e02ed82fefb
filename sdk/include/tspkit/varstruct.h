/*
 * tspkit/varstruct.h - TAPI variable-size structures: fill them, size them
 * by version, and read the ones callers hand in, safely.
 *
 * What it does. Most TAPI structures are a fixed part followed by variable
 * data; each dwXxxSize/dwXxxOffset pair locates one string or array, counted
 * from the start of the structure (learn.microsoft.com/windows/win32/tapi/
 * variably-sized-data-structures). Those the provider fills (LINEDEVCAPS,
 * LINECALLINFO, VARSTRING, ...) start with dwTotalSize (what the application
 * allocated), dwNeededSize (what the full answer takes) and dwUsedSize (what
 * was filled in).
 *
 * WRITER (tspk_varbuf). Semantics, as TAPI applications expect them:
 *   - a field that fits in what remains of dwTotalSize is written whole;
 *     strings as NUL-terminated UTF-16, their size in BYTES with the NUL;
 *   - a field that does not fit is not written at all (its size and offset
 *     stay 0), but dwNeededSize grows by what it would take, so the
 *     application can reallocate with dwNeededSize and call again; later,
 *     smaller fields still go in if they fit; the call still succeeds;
 *   - offsets are aligned (4, a DWORD, unless asked otherwise; padding counts
 *     in dwNeededSize and dwUsedSize and is zeroed);
 *   - used <= total, needed >= used, offset + size <= used for every field,
 *     and no byte past dwTotalSize is ever touched. Arithmetic cannot wrap.
 *
 *     LINEDEVCAPS *caps = lpLineDevCaps;   (dwTotalSize set by TAPISRV)
 *     tspk_varbuf vb;
 *     LONG rc = tspk_varbuf_begin(&vb, caps, tspk_linedevcaps_size(dwTSPIVersion));
 *     if (rc) return rc;
 *     caps->dwNumAddresses = 1;
 *     tspk_varbuf_add_wstr(&vb, &caps->dwLineNameSize, &caps->dwLineNameOffset, "Modem 1");
 *     return tspk_varbuf_end(&vb);
 *
 * FIXED SIZES BY VERSION (tspk_*_size). Structures grew in TAPI 1.4, 2.0, 2.2,
 * 3.0 and 3.1; a member "available only if the negotiated version is X or
 * later" is outside the fixed part below X. These are what dwTotalSize is
 * checked against, and what tspk_varbuf_begin is given.
 *
 * READERS for structures callers hand in (LINECALLPARAMS, LINEFORWARDLIST,
 * LINEDIALPARAMS). Every offset/size pair is bounds-checked without overflow:
 * inside dwTotalSize, not overlapping the fixed part; strings must have an
 * even size and offset and hold a NUL within their size. Structures are
 * assumed at least WCHAR-aligned, as TAPISRV marshals them.
 */
#ifndef TSPKIT_VARSTRUCT_H
#define TSPKIT_VARSTRUCT_H

#include <stddef.h>
#include "tapi.h"

/* ---- Writer ------------------------------------------------------------- */

/* Lives on the caller's stack; its members are private. */
typedef struct tspk_varbuf {
    unsigned char *base;  /* the structure; NULL after a failed begin */
    DWORD fixed;          /* size of its fixed part */
    DWORD total;          /* dwTotalSize, read once at begin */
    DWORD needed;         /* size if every field had fitted */
    DWORD used;           /* bytes written so far */
    LONG error;           /* first misuse or overflow, returned by end */
} tspk_varbuf;

/* Default alignment of strings and data. */
#define TSPK_VARBUF_ALIGN 4u

/*
 * Starts filling `structure`, whose fixed part is fixed_size bytes (the size
 * for the negotiated version, see tspk_*_size). Reads dwTotalSize; zeroes the
 * fixed part after it; needed = used = fixed_size.
 * Returns 0; LINEERR_INVALPOINTER for NULL or fixed_size < 12 (no room for
 * the three size DWORDs); LINEERR_STRUCTURETOOSMALL when dwTotalSize <
 * fixed_size (nothing is written: the caller's fields are not ours to touch).
 */
LONG tspk_varbuf_begin(tspk_varbuf *vb, void *structure, DWORD fixed_size);

/*
 * Reserves len bytes for a field at the given alignment (0: TSPK_VARBUF_ALIGN;
 * otherwise a power of two up to 8). size_field and offset_field are the
 * field's dwXxxSize/dwXxxOffset members, inside the structure's fixed part.
 * Returns where to write the field's len bytes, or NULL when it does not fit
 * (size and offset then stay 0, needed grows), when len is 0 (the field stays
 * empty), or on misuse (bad field pointers or alignment, recorded and
 * returned by tspk_varbuf_end).
 */
void *tspk_varbuf_reserve(tspk_varbuf *vb, DWORD *size_field, DWORD *offset_field,
                          DWORD len, DWORD align);

/* Copies len bytes of data as a field (see reserve). Returns 0, or the
 * recorded error: LINEERR_INVALPOINTER (NULL data with len > 0, field pointers
 * outside the fixed part), LINEERR_INVALPARAM (alignment), LINEERR_NOMEM
 * (sizes beyond 4 GiB). A field that does not fit is NOT an error. */
LONG tspk_varbuf_add_bytes(tspk_varbuf *vb, DWORD *size_field, DWORD *offset_field,
                           const void *data, DWORD len, DWORD align);

/* Adds a UTF-8 string as NUL-terminated UTF-16; invalid UTF-8 becomes U+FFFD
 * (a name from a device or the registry should not fail a whole GetDevCaps).
 * NULL leaves the field empty; "" is stored as a lone NUL (2 bytes). */
LONG tspk_varbuf_add_wstr(tspk_varbuf *vb, DWORD *size_field, DWORD *offset_field,
                          const char *utf8);

/* Adds a NUL-terminated UTF-16 string; NULL leaves the field empty. */
LONG tspk_varbuf_add_wstr16(tspk_varbuf *vb, DWORD *size_field, DWORD *offset_field,
                            const WCHAR *s);

/* Writes dwNeededSize and dwUsedSize. Returns 0 or the first error recorded
 * since begin (the sizes are written anyway when begin succeeded). */
LONG tspk_varbuf_end(tspk_varbuf *vb);

/* ---- Fixed-part sizes by negotiated version ----------------------------- */
/* learn.microsoft.com/windows/win32/api/tapi/ns-tapi-<name in lower case> */

DWORD tspk_linedevcaps_size(DWORD version);       /* 1.4, 2.0, 2.2, 3.0 */
DWORD tspk_lineaddresscaps_size(DWORD version);   /* 1.4, 2.0 */
DWORD tspk_linecallinfo_size(DWORD version);      /* 2.0, 3.0 */
DWORD tspk_linecallstatus_size(DWORD version);    /* 2.0 */
DWORD tspk_linedevstatus_size(DWORD version);     /* 2.0 */
DWORD tspk_lineaddressstatus_size(DWORD version); /* never grew */
DWORD tspk_linecallparams_size(DWORD version);    /* 2.0, 3.0 */
DWORD tspk_lineforward_size(DWORD version);       /* 3.1: one entry */
DWORD tspk_phonecaps_size(DWORD version);         /* 2.0, 2.2 */
DWORD tspk_phonestatus_size(DWORD version);       /* 2.0 */
DWORD tspk_phonebuttoninfo_size(DWORD version);   /* 1.4 */
DWORD tspk_varstring_size(DWORD version);         /* never grew */

/* ---- Readers ------------------------------------------------------------ */

/*
 * Locates the field (off, size) of structure s, whose dwTotalSize is total
 * and fixed part fixed bytes. Returns 1 with *out set (NULL when size is 0,
 * the offset then being ignored as TAPI does), or 0 when the field reaches
 * past total or into the fixed part.
 */
int tspk_var_field(const void *s, DWORD total, DWORD fixed, DWORD off, DWORD size,
                   const void **out);

/* The same for a string field: also requires an even offset and size and a
 * NUL within the size. */
int tspk_var_wstr(const void *s, DWORD total, DWORD fixed, DWORD off, DWORD size,
                  const WCHAR **out);

/* A byte field: NULL/0 when absent. */
typedef struct tspk_blob {
    const void *data;
    DWORD size;
} tspk_blob;

/* LINECALLPARAMS, validated. Strings are NULL when absent; members beyond
 * the negotiated version read as 0/NULL. */
typedef struct tspk_callparams {
    DWORD bearer_mode, min_rate, max_rate, media_mode;
    DWORD call_param_flags, address_mode, address_id;
    LINEDIALPARAMS dial_params;
    const WCHAR *orig_address, *displayable_address, *called_party, *comment;
    tspk_blob user_user_info, high_level_comp, low_level_comp, dev_specific;
    /* TAPI 2.0 */
    DWORD predictive_auto_transfer_states;
    const WCHAR *target_address;
    tspk_blob sending_flowspec, receiving_flowspec;
    const WCHAR *device_class;
    tspk_blob device_config, call_data;
    DWORD no_answer_timeout;
    const WCHAR *calling_party_id;
    /* TAPI 3.0 */
    DWORD address_type;
} tspk_callparams;

/*
 * Reads p, received with the negotiated tspi_version, into *out.
 * p NULL means "defaults" (TSPI_lineMakeCall: a 3.1 kHz voice call): *out is
 * zeroed and 0 returned. Returns LINEERR_INVALCALLPARAMS when dwTotalSize is
 * below the version's fixed size or any field is out of bounds or a string is
 * malformed: TSPI_lineMakeCall lists no other code for bad parameters
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linemakecall);
 * TAPISRV answers an application's too-small structure with
 * LINEERR_STRUCTURETOOSMALL itself (nf-tapi-linemakecall), using
 * tspk_linecallparams_size. LINEERR_INVALPOINTER for NULL out.
 */
LONG tspk_read_callparams(const LINECALLPARAMS *p, DWORD tspi_version, tspk_callparams *out);

/*
 * Resolves dial parameters as the LINEDIALPARAMS page says: a member 0 takes
 * the default, a nonzero member outside [min, max] (LINEDEVCAPS MinDialParams,
 * MaxDialParams) the nearest bound. p NULL gives *def. Never fails but for
 * NULL def/min/max/out (LINEERR_INVALPOINTER).
 * (learn.microsoft.com/windows/win32/api/tapi/ns-tapi-linedialparams)
 */
LONG tspk_read_dialparams(const LINEDIALPARAMS *p, const LINEDIALPARAMS *min,
                          const LINEDIALPARAMS *max, const LINEDIALPARAMS *def,
                          LINEDIALPARAMS *out);

/* One LINEFORWARD entry, validated. */
typedef struct tspk_forward {
    DWORD forward_mode;
    const WCHAR *caller_address;   /* NULL when absent */
    DWORD dest_country_code;
    const WCHAR *dest_address;     /* NULL: do-not-disturb */
    DWORD caller_address_type;     /* TAPI 3.1, else 0 */
    DWORD dest_address_type;       /* TAPI 3.1, else 0 */
} tspk_forward;

/*
 * Reads l (received with tspi_version: entries are 24 bytes before 3.1, 32
 * from 3.1) into entries[0..max), *count = dwNumEntries. Address offsets are
 * relative to the start of the list and may not overlap its header or entries.
 * l NULL, like dwNumEntries 0, cancels forwarding: *count = 0, returns 0.
 * Returns LINEERR_STRUCTURETOOSMALL when dwTotalSize cannot hold the header;
 * LINEERR_INVALPARAM when the entries do not fit in dwTotalSize, an address
 * is out of bounds or malformed, or there are more than max entries (the
 * provider's dwMaxForwardEntries); LINEERR_INVALPOINTER for NULL count, or
 * NULL entries with max > 0.
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_lineforward)
 */
LONG tspk_read_forwardlist(const LINEFORWARDLIST *l, DWORD tspi_version,
                           tspk_forward *entries, DWORD max, DWORD *count);

/* ---------------------------------------------------------------------- */
#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_VARSTRUCT_DONE)
#define TSPKIT_VARSTRUCT_DONE

#include <stdint.h>
#include <string.h>
#include "utf16.h"
#include "version.h"

/* ---- Writer ---- */

static void tspk__put_dword(void *at, DWORD v) { memcpy(at, &v, sizeof(v)); }
static DWORD tspk__get_dword(const void *at) { DWORD v; memcpy(&v, at, sizeof(v)); return v; }

static LONG tspk__varbuf_fail(tspk_varbuf *vb, LONG err)
{
    if (!vb->error) vb->error = err;
    return err;
}

/* a rounded up to align (a power of two); 0 on overflow via *ok. */
static DWORD tspk__align_up(DWORD a, DWORD align, int *ok)
{
    DWORD mask = align - 1;
    if (a > 0xFFFFFFFFu - mask) { *ok = 0; return 0; }
    return (a + mask) & ~mask;
}

LONG tspk_varbuf_begin(tspk_varbuf *vb, void *structure, DWORD fixed_size)
{
    if (!vb) return (LONG)LINEERR_INVALPOINTER;
    memset(vb, 0, sizeof(*vb));
    if (!structure || fixed_size < 3 * sizeof(DWORD)) {
        vb->error = (LONG)LINEERR_INVALPOINTER;
        return vb->error;
    }
    vb->total = tspk__get_dword(structure);
    if (vb->total < fixed_size) {
        vb->error = (LONG)LINEERR_STRUCTURETOOSMALL;
        return vb->error;
    }
    vb->base = (unsigned char *)structure;
    vb->fixed = vb->needed = vb->used = fixed_size;
    memset(vb->base + sizeof(DWORD), 0, fixed_size - sizeof(DWORD));
    return 0;
}

/* 1 when p is a DWORD inside the fixed part, after the three size DWORDs. */
static int tspk__in_fixed(const tspk_varbuf *vb, const DWORD *p)
{
    uintptr_t at = (uintptr_t)p, lo = (uintptr_t)vb->base;
    return at >= lo + 3 * sizeof(DWORD) && at <= lo + vb->fixed - sizeof(DWORD);
}

/* The core of every add: 0 with *where set (NULL: did not fit or len 0). */
static LONG tspk__varbuf_place(tspk_varbuf *vb, DWORD *size_field, DWORD *offset_field,
                               DWORD len, DWORD align, unsigned char **where)
{
    DWORD start, need_start;
    int ok = 1;

    *where = NULL;
    if (!vb) return (LONG)LINEERR_INVALPOINTER;
    if (vb->error) return vb->error;
    if (!vb->base) return tspk__varbuf_fail(vb, (LONG)LINEERR_INVALPOINTER);
    if (!size_field || !offset_field || !tspk__in_fixed(vb, size_field)
        || !tspk__in_fixed(vb, offset_field))
        return tspk__varbuf_fail(vb, (LONG)LINEERR_INVALPOINTER);
    if (align == 0) align = TSPK_VARBUF_ALIGN;
    if (align > 8 || (align & (align - 1)))
        return tspk__varbuf_fail(vb, (LONG)LINEERR_INVALPARAM);

    tspk__put_dword(size_field, 0);
    tspk__put_dword(offset_field, 0);
    if (len == 0) return 0;

    /* Where the field would go if every field had fitted. */
    need_start = tspk__align_up(vb->needed, align, &ok);
    if (!ok || len > 0xFFFFFFFFu - need_start) {
        vb->needed = 0xFFFFFFFFu;
        return tspk__varbuf_fail(vb, (LONG)LINEERR_NOMEM);
    }
    vb->needed = need_start + len;

    /* Where it goes now, if it fits. */
    start = tspk__align_up(vb->used, align, &ok);
    if (!ok || start > vb->total || len > vb->total - start) return 0;
    memset(vb->base + vb->used, 0, start - vb->used);
    vb->used = start + len;
    tspk__put_dword(size_field, len);
    tspk__put_dword(offset_field, start);
    *where = vb->base + start;
    return 0;
}

void *tspk_varbuf_reserve(tspk_varbuf *vb, DWORD *size_field, DWORD *offset_field,
                          DWORD len, DWORD align)
{
    unsigned char *where;
    tspk__varbuf_place(vb, size_field, offset_field, len, align, &where);
    return where;
}

LONG tspk_varbuf_add_bytes(tspk_varbuf *vb, DWORD *size_field, DWORD *offset_field,
                           const void *data, DWORD len, DWORD align)
{
    unsigned char *where;
    LONG rc;

    if (!data && len && vb) return tspk__varbuf_fail(vb, (LONG)LINEERR_INVALPOINTER);
    rc = tspk__varbuf_place(vb, size_field, offset_field, len, align, &where);
    if (where) memcpy(where, data, len);
    return rc;
}

/* Bytes of a string of units WCHARs plus NUL; 0 when beyond a DWORD. */
static DWORD tspk__wstr_bytes(size_t units)
{
    if (units >= 0x7FFFFFFFu) return 0;
    return (DWORD)((units + 1) * sizeof(WCHAR));
}

LONG tspk_varbuf_add_wstr(tspk_varbuf *vb, DWORD *size_field, DWORD *offset_field,
                          const char *utf8)
{
    unsigned char *where;
    size_t units;
    DWORD bytes;
    LONG rc;

    if (!utf8) return tspk__varbuf_place(vb, size_field, offset_field, 0, 0, &where);
    tspk_utf8_to_utf16(utf8, TSPK_NTS, NULL, 0, &units, TSPK_UTF_REPLACE);
    bytes = tspk__wstr_bytes(units);
    if (!bytes) return vb ? tspk__varbuf_fail(vb, (LONG)LINEERR_NOMEM) : (LONG)LINEERR_INVALPOINTER;
    rc = tspk__varbuf_place(vb, size_field, offset_field, bytes, 0, &where);
    if (where) {
        /* Offsets are DWORD-aligned, so where is WCHAR-aligned in an aligned structure. */
        tspk_utf8_to_utf16(utf8, TSPK_NTS, (WCHAR *)(void *)where, units + 1, NULL,
                           TSPK_UTF_REPLACE);
    }
    return rc;
}

LONG tspk_varbuf_add_wstr16(tspk_varbuf *vb, DWORD *size_field, DWORD *offset_field,
                            const WCHAR *s)
{
    DWORD bytes = s ? tspk__wstr_bytes(tspk_wcslen(s)) : 0;

    if (s && !bytes)
        return vb ? tspk__varbuf_fail(vb, (LONG)LINEERR_NOMEM) : (LONG)LINEERR_INVALPOINTER;
    return tspk_varbuf_add_bytes(vb, size_field, offset_field, s, bytes, 0);
}

LONG tspk_varbuf_end(tspk_varbuf *vb)
{
    if (!vb) return (LONG)LINEERR_INVALPOINTER;
    if (!vb->base) return vb->error ? vb->error : (LONG)LINEERR_INVALPOINTER;
    tspk__put_dword(vb->base + sizeof(DWORD), vb->needed);
    tspk__put_dword(vb->base + 2 * sizeof(DWORD), vb->used);
    return vb->error;
}

/* ---- Fixed sizes: the offset of the first member of the next version ---- */

#define TSPK__SIZE_UPTO(type, member) ((DWORD)offsetof(type, member))

DWORD tspk_linedevcaps_size(DWORD v)
{
    if (v >= TSPK_VERSION_3_0) return (DWORD)sizeof(LINEDEVCAPS);
    if (v >= TSPK_VERSION_2_2) return TSPK__SIZE_UPTO(LINEDEVCAPS, dwAddressTypes);
    if (v >= TSPK_VERSION_2_0) return TSPK__SIZE_UPTO(LINEDEVCAPS, PermanentLineGuid);
    if (v >= TSPK_VERSION_1_4) return TSPK__SIZE_UPTO(LINEDEVCAPS, dwSettableDevStatus);
    return TSPK__SIZE_UPTO(LINEDEVCAPS, dwLineFeatures);
}

DWORD tspk_lineaddresscaps_size(DWORD v)
{
    if (v >= TSPK_VERSION_2_0) return (DWORD)sizeof(LINEADDRESSCAPS);
    if (v >= TSPK_VERSION_1_4) return TSPK__SIZE_UPTO(LINEADDRESSCAPS, dwPredictiveAutoTransferStates);
    return TSPK__SIZE_UPTO(LINEADDRESSCAPS, dwAddressFeatures);
}

DWORD tspk_linecallinfo_size(DWORD v)
{
    if (v >= TSPK_VERSION_3_0) return (DWORD)sizeof(LINECALLINFO);
    if (v >= TSPK_VERSION_2_0) return TSPK__SIZE_UPTO(LINECALLINFO, dwCallerIDAddressType);
    return TSPK__SIZE_UPTO(LINECALLINFO, dwCallTreatment);
}

DWORD tspk_linecallstatus_size(DWORD v)
{
    if (v >= TSPK_VERSION_2_0) return (DWORD)sizeof(LINECALLSTATUS);
    return TSPK__SIZE_UPTO(LINECALLSTATUS, dwCallFeatures2);
}

DWORD tspk_linedevstatus_size(DWORD v)
{
    if (v >= TSPK_VERSION_2_0) return (DWORD)sizeof(LINEDEVSTATUS);
    return TSPK__SIZE_UPTO(LINEDEVSTATUS, dwAvailableMediaModes);
}

DWORD tspk_lineaddressstatus_size(DWORD v)
{
    (void)v;
    return (DWORD)sizeof(LINEADDRESSSTATUS);
}

DWORD tspk_linecallparams_size(DWORD v)
{
    if (v >= TSPK_VERSION_3_0) return (DWORD)sizeof(LINECALLPARAMS);
    if (v >= TSPK_VERSION_2_0) return TSPK__SIZE_UPTO(LINECALLPARAMS, dwAddressType);
    return TSPK__SIZE_UPTO(LINECALLPARAMS, dwPredictiveAutoTransferStates);
}

DWORD tspk_lineforward_size(DWORD v)
{
    if (v >= TSPK_VERSION_3_1) return (DWORD)sizeof(LINEFORWARD);
    return TSPK__SIZE_UPTO(LINEFORWARD, dwCallerAddressType);
}

DWORD tspk_phonecaps_size(DWORD v)
{
    if (v >= TSPK_VERSION_2_2) return (DWORD)sizeof(PHONECAPS);
    if (v >= TSPK_VERSION_2_0) return TSPK__SIZE_UPTO(PHONECAPS, PermanentPhoneGuid);
    return TSPK__SIZE_UPTO(PHONECAPS, dwDeviceClassesSize);
}

DWORD tspk_phonestatus_size(DWORD v)
{
    if (v >= TSPK_VERSION_2_0) return (DWORD)sizeof(PHONESTATUS);
    return TSPK__SIZE_UPTO(PHONESTATUS, dwPhoneFeatures);
}

/* dwButtonState came with TAPI 1.4: "older applications are compiled without this
 * field" (ns-tapi-phonebuttoninfo, remarks). */
DWORD tspk_phonebuttoninfo_size(DWORD v)
{
    if (v >= TSPK_VERSION_1_4) return (DWORD)sizeof(PHONEBUTTONINFO);
    return TSPK__SIZE_UPTO(PHONEBUTTONINFO, dwButtonState);
}

DWORD tspk_varstring_size(DWORD v)
{
    (void)v;
    return (DWORD)sizeof(VARSTRING);
}

/* ---- Readers ---- */

int tspk_var_field(const void *s, DWORD total, DWORD fixed, DWORD off, DWORD size,
                   const void **out)
{
    *out = NULL;
    if (size == 0) return 1;
    /* off + size <= total, written so that it cannot wrap. */
    if (!s || off < fixed || off > total || size > total - off) return 0;
    *out = (const unsigned char *)s + off;
    return 1;
}

int tspk_var_wstr(const void *s, DWORD total, DWORD fixed, DWORD off, DWORD size,
                  const WCHAR **out)
{
    const void *at;
    const WCHAR *w;

    *out = NULL;
    if (size % sizeof(WCHAR) || !tspk_var_field(s, total, fixed, off, size, &at)) return 0;
    if (!at) return 1;
    if ((uintptr_t)at % sizeof(WCHAR)) return 0;
    w = (const WCHAR *)at;
    if (tspk_wcsnlen(w, size / sizeof(WCHAR)) == size / sizeof(WCHAR)) return 0;
    *out = w;
    return 1;
}

/* Reads one (size, offset) member pair of p into a blob or a string. */
#define TSPK__CP_BLOB(dst, name)                                                      \
    do {                                                                              \
        const void *d_;                                                               \
        if (!tspk_var_field(p, total, fixed, p->dw##name##Offset, p->dw##name##Size, &d_)) \
            return (LONG)LINEERR_INVALCALLPARAMS;                                    \
        (dst).data = d_;                                                              \
        (dst).size = d_ ? p->dw##name##Size : 0;                                      \
    } while (0)
#define TSPK__CP_WSTR(dst, name)                                                      \
    do {                                                                              \
        if (!tspk_var_wstr(p, total, fixed, p->dw##name##Offset, p->dw##name##Size, &(dst))) \
            return (LONG)LINEERR_INVALCALLPARAMS;                                    \
    } while (0)

LONG tspk_read_callparams(const LINECALLPARAMS *p, DWORD tspi_version, tspk_callparams *out)
{
    DWORD total, fixed;

    if (!out) return (LONG)LINEERR_INVALPOINTER;
    memset(out, 0, sizeof(*out));
    if (!p) return 0;
    total = p->dwTotalSize;
    fixed = tspk_linecallparams_size(tspi_version);
    if (total < fixed) return (LONG)LINEERR_INVALCALLPARAMS;

    out->bearer_mode = p->dwBearerMode;
    out->min_rate = p->dwMinRate;
    out->max_rate = p->dwMaxRate;
    out->media_mode = p->dwMediaMode;
    out->call_param_flags = p->dwCallParamFlags;
    out->address_mode = p->dwAddressMode;
    out->address_id = p->dwAddressID;
    out->dial_params = p->DialParams;
    TSPK__CP_WSTR(out->orig_address, OrigAddress);
    TSPK__CP_WSTR(out->displayable_address, DisplayableAddress);
    TSPK__CP_WSTR(out->called_party, CalledParty);
    TSPK__CP_WSTR(out->comment, Comment);
    TSPK__CP_BLOB(out->user_user_info, UserUserInfo);
    TSPK__CP_BLOB(out->high_level_comp, HighLevelComp);
    TSPK__CP_BLOB(out->low_level_comp, LowLevelComp);
    TSPK__CP_BLOB(out->dev_specific, DevSpecific);
    if (tspi_version >= TSPK_VERSION_2_0) {
        out->predictive_auto_transfer_states = p->dwPredictiveAutoTransferStates;
        TSPK__CP_WSTR(out->target_address, TargetAddress);
        TSPK__CP_BLOB(out->sending_flowspec, SendingFlowspec);
        TSPK__CP_BLOB(out->receiving_flowspec, ReceivingFlowspec);
        TSPK__CP_WSTR(out->device_class, DeviceClass);
        TSPK__CP_BLOB(out->device_config, DeviceConfig);
        TSPK__CP_BLOB(out->call_data, CallData);
        out->no_answer_timeout = p->dwNoAnswerTimeout;
        TSPK__CP_WSTR(out->calling_party_id, CallingPartyID);
    }
    if (tspi_version >= TSPK_VERSION_3_0) out->address_type = p->dwAddressType;
    return 0;
}

#undef TSPK__CP_BLOB
#undef TSPK__CP_WSTR

static DWORD tspk__dial_member(DWORD v, DWORD min, DWORD max, DWORD def)
{
    if (v == 0) return def;
    if (v < min) return min;
    if (v > max) return max;
    return v;
}

LONG tspk_read_dialparams(const LINEDIALPARAMS *p, const LINEDIALPARAMS *min,
                          const LINEDIALPARAMS *max, const LINEDIALPARAMS *def,
                          LINEDIALPARAMS *out)
{
    LINEDIALPARAMS in;

    if (!min || !max || !def || !out) return (LONG)LINEERR_INVALPOINTER;
    if (!p) { *out = *def; return 0; }
    in = *p;
    out->dwDialPause = tspk__dial_member(in.dwDialPause, min->dwDialPause,
                                         max->dwDialPause, def->dwDialPause);
    out->dwDialSpeed = tspk__dial_member(in.dwDialSpeed, min->dwDialSpeed,
                                         max->dwDialSpeed, def->dwDialSpeed);
    out->dwDigitDuration = tspk__dial_member(in.dwDigitDuration, min->dwDigitDuration,
                                             max->dwDigitDuration, def->dwDigitDuration);
    out->dwWaitForDialtone = tspk__dial_member(in.dwWaitForDialtone, min->dwWaitForDialtone,
                                               max->dwWaitForDialtone, def->dwWaitForDialtone);
    return 0;
}

LONG tspk_read_forwardlist(const LINEFORWARDLIST *l, DWORD tspi_version,
                           tspk_forward *entries, DWORD max, DWORD *count)
{
    const DWORD header = (DWORD)offsetof(LINEFORWARDLIST, ForwardList);
    const DWORD stride = tspk_lineforward_size(tspi_version);
    const unsigned char *base = (const unsigned char *)l;
    DWORD total, n, i, fixed;

    if (!count || (!entries && max)) return (LONG)LINEERR_INVALPOINTER;
    *count = 0;
    if (!l) return 0;
    total = l->dwTotalSize;
    if (total < header) return (LONG)LINEERR_STRUCTURETOOSMALL;
    n = l->dwNumEntries;
    /* header + n * stride <= total, without computing n * stride. */
    if (n > (total - header) / stride) return (LONG)LINEERR_INVALPARAM;
    if (n > max) return (LONG)LINEERR_INVALPARAM;
    fixed = header + n * stride;
    for (i = 0; i < n; i++) {
        LINEFORWARD f;
        tspk_forward *e = &entries[i];

        memset(&f, 0, sizeof(f));
        memcpy(&f, base + header + (size_t)i * stride, stride);
        e->forward_mode = f.dwForwardMode;
        e->dest_country_code = f.dwDestCountryCode;
        e->caller_address_type = f.dwCallerAddressType;
        e->dest_address_type = f.dwDestAddressType;
        if (!tspk_var_wstr(l, total, fixed, f.dwCallerAddressOffset, f.dwCallerAddressSize,
                           &e->caller_address)
            || !tspk_var_wstr(l, total, fixed, f.dwDestAddressOffset, f.dwDestAddressSize,
                              &e->dest_address))
            return (LONG)LINEERR_INVALPARAM;
    }
    *count = n;
    return 0;
}

#undef TSPK__SIZE_UPTO
#endif /* TSPKIT_IMPLEMENTATION */
#endif /* TSPKIT_VARSTRUCT_H */
