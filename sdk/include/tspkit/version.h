/*
 * tspkit/version.h - TSPI and device-specific extension version negotiation.
 *
 * What it does: before TAPISRV uses a device it offers a range of interface
 * versions [low, high]; the provider answers with the HIGHEST version inside
 * both that range and its own, or fails when they do not overlap
 * (TSPI 2.3.13.2 "Version Negotiation"; learn.microsoft.com/windows/win32/api/
 * tspi/nf-tspi-tspi_linenegotiatetspiversion). dwDeviceID INITIALIZE_NEGOTIATION
 * negotiates the provider-wide version and must work even with no devices.
 * An empty offered range (low > high) overlaps nothing.
 *
 * Extension versions are negotiated the same way, but a version can also be
 * SELECTED: while one is selected, negotiation yields only that version (or
 * fails when it is outside the offered range), and selecting another fails
 * until the selection is cancelled by selecting 0
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linenegotiateextversion,
 * .../nf-tspi-tspi_lineselectextversion).
 *
 * Line functions return LINEERR_* codes, phone functions the PHONEERR_* twin;
 * tspk_extver knows which family it belongs to.
 *
 * Usage:
 *     static const tspk_verrange ours = { TSPK_VERSION_2_0, TSPK_VERSION_3_1 };
 *     LONG TSPIAPI TSPI_lineNegotiateTSPIVersion(DWORD id, DWORD lo, DWORD hi, LPDWORD v)
 *     { return tspk_negotiate_tspi(&ours, NULL, id, lo, hi, v); }
 */
#ifndef TSPKIT_VERSION_H
#define TSPKIT_VERSION_H

#include <stddef.h>
#include "tapi.h"

/* Versions: major in the high WORD, minor in the low WORD. */
#define TSPK_VERSION_1_3 0x00010003u
#define TSPK_VERSION_1_4 0x00010004u
#define TSPK_VERSION_2_0 0x00020000u
#define TSPK_VERSION_2_1 0x00020001u
#define TSPK_VERSION_2_2 0x00020002u
#define TSPK_VERSION_3_0 0x00030000u
#define TSPK_VERSION_3_1 0x00030001u
#define TSPK_VERSION_MAJOR(v) ((DWORD)(v) >> 16)
#define TSPK_VERSION_MINOR(v) ((DWORD)(v) & 0xFFFFu)

/* TAPI's "negotiate the overall interface version" device ID. */
#define TSPK_INITIALIZE_NEGOTIATION 0xFFFFFFFFu

/* Which error family a negotiation reports in. */
#define TSPK_VER_LINE 0u
#define TSPK_VER_PHONE 1u

/* An inclusive range of versions; low > high is empty. */
typedef struct tspk_verrange {
    DWORD low;
    DWORD high;
} tspk_verrange;

/* The highest version in both [low, high] and *ours: 1 and *out set, or 0. */
int tspk_version_pick(const tspk_verrange *ours, DWORD low, DWORD high, DWORD *out);

/*
 * TSPI_lineNegotiateTSPIVersion. provider is the provider-wide range, used
 * for INITIALIZE_NEGOTIATION; device (NULL: same as provider) narrows it for
 * any other dwDeviceID (checking the ID itself is the caller's job).
 * Returns 0 with *out set, LINEERR_INCOMPATIBLEAPIVERSION when nothing
 * overlaps, LINEERR_INVALPOINTER for NULL provider or out.
 */
LONG tspk_negotiate_tspi(const tspk_verrange *provider, const tspk_verrange *device,
                         DWORD device_id, DWORD low, DWORD high, DWORD *out);

/* TSPI_phoneNegotiateTSPIVersion: the same with PHONEERR_* codes. */
LONG tspk_phone_negotiate_tspi(const tspk_verrange *provider, const tspk_verrange *device,
                               DWORD device_id, DWORD low, DWORD high, DWORD *out);

/* A device's extension versions. Private: use the functions. */
typedef struct tspk_extver {
    tspk_verrange supported;  /* {0, 0}: no extensions */
    DWORD selected;           /* 0: none */
    DWORD family;             /* TSPK_VER_LINE or TSPK_VER_PHONE */
} tspk_extver;

/* Sets up x for a device supporting [low, high] (0, 0: none), nothing selected. */
void tspk_extver_init(tspk_extver *x, DWORD family, DWORD low, DWORD high);

/*
 * TSPI_lineNegotiateExtVersion / TSPI_phoneNegotiateExtVersion.
 * Returns 0 with *out set to the highest common version (the selected one,
 * if any); INCOMPATIBLEEXTVERSION when none is common (or the selected one is
 * outside [low, high]); OPERATIONUNAVAIL when the device has no extensions;
 * INVALPOINTER for NULL x or out.
 */
LONG tspk_extver_negotiate(const tspk_extver *x, DWORD low, DWORD high, DWORD *out);

/*
 * TSPI_lineSelectExtVersion / TSPI_phoneSelectExtVersion. 0 cancels (always
 * succeeds); selecting the version already selected succeeds. Returns
 * INCOMPATIBLEEXTVERSION for a version outside the supported range or while
 * another is selected; OPERATIONUNAVAIL when the device has no extensions.
 */
LONG tspk_extver_select(tspk_extver *x, DWORD version);

/* The selected extension version, 0 when none. */
DWORD tspk_extver_selected(const tspk_extver *x);

/* Writes "major.minor" (e.g. "2.2") into buf, truncated to cap; returns buf. */
char *tspk_version_str(DWORD version, char *buf, size_t cap);

/* ---------------------------------------------------------------------- */
#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_VERSION_DONE)
#define TSPKIT_VERSION_DONE

int tspk_version_pick(const tspk_verrange *ours, DWORD low, DWORD high, DWORD *out)
{
    DWORD lo = low > ours->low ? low : ours->low;
    DWORD hi = high < ours->high ? high : ours->high;

    if (lo > hi) return 0;
    *out = hi;
    return 1;
}

static LONG tspk__negotiate_tspi(const tspk_verrange *provider, const tspk_verrange *device,
                                 DWORD device_id, DWORD low, DWORD high, DWORD *out,
                                 LONG err_pointer, LONG err_incompatible)
{
    tspk_verrange r;

    if (!provider || !out) return err_pointer;
    r = *provider;
    /* A device works at no version the provider as a whole does not. */
    if (device && device_id != TSPK_INITIALIZE_NEGOTIATION) {
        if (device->low > r.low) r.low = device->low;
        if (device->high < r.high) r.high = device->high;
    }
    return tspk_version_pick(&r, low, high, out) ? 0 : err_incompatible;
}

LONG tspk_negotiate_tspi(const tspk_verrange *provider, const tspk_verrange *device,
                         DWORD device_id, DWORD low, DWORD high, DWORD *out)
{
    return tspk__negotiate_tspi(provider, device, device_id, low, high, out,
                                (LONG)LINEERR_INVALPOINTER,
                                (LONG)LINEERR_INCOMPATIBLEAPIVERSION);
}

LONG tspk_phone_negotiate_tspi(const tspk_verrange *provider, const tspk_verrange *device,
                               DWORD device_id, DWORD low, DWORD high, DWORD *out)
{
    return tspk__negotiate_tspi(provider, device, device_id, low, high, out,
                                (LONG)PHONEERR_INVALPOINTER,
                                (LONG)PHONEERR_INCOMPATIBLEAPIVERSION);
}

void tspk_extver_init(tspk_extver *x, DWORD family, DWORD low, DWORD high)
{
    x->supported.low = low;
    x->supported.high = high;
    x->selected = 0;
    x->family = family;
}

enum { TSPK__EXT_POINTER, TSPK__EXT_INCOMPATIBLE, TSPK__EXT_UNAVAIL };

/* The error code of x's family (line unless x says phone). */
static LONG tspk__extver_err(const tspk_extver *x, int which)
{
    static const DWORD line[3] = { LINEERR_INVALPOINTER, LINEERR_INCOMPATIBLEEXTVERSION,
                                   LINEERR_OPERATIONUNAVAIL };
    static const DWORD phone[3] = { PHONEERR_INVALPOINTER, PHONEERR_INCOMPATIBLEEXTVERSION,
                                    PHONEERR_OPERATIONUNAVAIL };
    return (LONG)(x && x->family == TSPK_VER_PHONE ? phone : line)[which];
}

static int tspk__extver_none(const tspk_extver *x)
{
    return x->supported.high == 0 || x->supported.low > x->supported.high;
}

LONG tspk_extver_negotiate(const tspk_extver *x, DWORD low, DWORD high, DWORD *out)
{
    if (!x || !out) return tspk__extver_err(x, TSPK__EXT_POINTER);
    if (tspk__extver_none(x)) return tspk__extver_err(x, TSPK__EXT_UNAVAIL);
    if (x->selected) {
        tspk_verrange only = { x->selected, x->selected };
        return tspk_version_pick(&only, low, high, out) ? 0 : tspk__extver_err(x, TSPK__EXT_INCOMPATIBLE);
    }
    return tspk_version_pick(&x->supported, low, high, out) ? 0 : tspk__extver_err(x, TSPK__EXT_INCOMPATIBLE);
}

LONG tspk_extver_select(tspk_extver *x, DWORD version)
{
    if (!x) return tspk__extver_err(x, TSPK__EXT_POINTER);
    if (version == 0) { x->selected = 0; return 0; }
    if (tspk__extver_none(x)) return tspk__extver_err(x, TSPK__EXT_UNAVAIL);
    if (version < x->supported.low || version > x->supported.high) return tspk__extver_err(x, TSPK__EXT_INCOMPATIBLE);
    if (x->selected && x->selected != version) return tspk__extver_err(x, TSPK__EXT_INCOMPATIBLE);
    x->selected = version;
    return 0;
}

DWORD tspk_extver_selected(const tspk_extver *x)
{
    return x ? x->selected : 0;
}

/* Appends the decimal digits of v (< 65536) to buf[*at..cap-1). */
static void tspk__put_uint(char *buf, size_t cap, size_t *at, unsigned v)
{
    char digits[5];
    int n = 0;

    do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v && n < 5);
    while (n && *at + 1 < cap) buf[(*at)++] = digits[--n];
}

/* Written by hand rather than with snprintf: intended truncation would make
 * gcc's -Wformat-truncation fire in the including program. */
char *tspk_version_str(DWORD version, char *buf, size_t cap)
{
    size_t at = 0;

    if (!buf || !cap) return buf;
    tspk__put_uint(buf, cap, &at, (unsigned)TSPK_VERSION_MAJOR(version));
    if (at + 1 < cap) buf[at++] = '.';
    tspk__put_uint(buf, cap, &at, (unsigned)TSPK_VERSION_MINOR(version));
    buf[at] = 0;
    return buf;
}

#endif /* TSPKIT_IMPLEMENTATION */
#endif /* TSPKIT_VERSION_H */
