/*
 * tests/providers/broken_base.h - the correct rest of every deliberately broken provider.
 *
 * Each tests/providers/broken_NAME.c is a TSP with exactly one mistake, which one
 * conformance check of the harness (harness/checks.h) must report; docs/conformance.md
 * lists them, tests/scripts/broken/NAME.tsps trips each through tsp-harness, and
 * tests/unit/test_harness_conformance.c asserts the exact reports. broken_none.c is this
 * base alone: the same scenarios against it report nothing.
 *
 * The base is a raw TSPI provider, without the SDK framework (which would refuse most
 * mistakes), as small as a correct one can be:
 *  - two lines ("101", "102") and one phone; TSPI 2.0 .. BB_TSPI_HIGH, the highest
 *    version both sides speak (nf-tspi-tspi_linenegotiatetspiversion);
 *  - LINETSPIOPTION_NONREENTRANT: TAPISRV calls it one function at a time, so it needs
 *    no locks (nf-tspi-tspi_providerinit);
 *  - every request completes inside its function, before the function returns the
 *    request ID, which TAPI allows (tapi/synchronous-asynchronous-model);
 *  - lineMakeCall: the call goes DIALING, then CONNECTED; dialling the number of another
 *    open line also offers that line a call (LINE_NEWCALL, then OFFERING: tapi/line-newcall);
 *    lineAnswer connects an offered call; lineDrop makes a call IDLE; lineCloseCall
 *    forgets it without events;
 *  - LINECALLINFO carries the number dialled (outgoing) or the caller's (incoming),
 *    LINECALLSTATUS the state, both filled by tspkit/varstruct.h;
 *  - phoneSetRing reports PHONE_STATE RINGMODE;
 *  - with BB_WITH_EXTENSIONS, extension versions 1.0 .. 2.0, negotiated and selected as
 *    nf-tspi-tspi_lineselectextversion says; with BB_WITH_MSP, the echo MSP
 *    (tests/msps/echomsp.h) through TSPI_lineMSPIdentify/CreateMSPInstance.
 *
 * Use: a broken provider defines BB_OWN_<name> for each TSPI_<name> it writes itself,
 * then includes this file. bb_<name> remains the base's correct implementation, so a
 * broken function can do the right thing and add its mistake. BB_OWN_send_newcall
 * replaces how an incoming call is announced (bb_send_newcall).
 */
#ifndef TESTS_PROVIDERS_BROKEN_BASE_H
#define TESTS_PROVIDERS_BROKEN_BASE_H

#define TSPKIT_IMPLEMENTATION
#include <tspkit/tspi.h>
#include <tspkit/utf16.h>
#include <tspkit/varstruct.h>
#include <tspkit/version.h>
#ifdef BB_WITH_MSP
#  include "../msps/echomsp.h"
#endif

#include <stdint.h>
#include <string.h>

#ifndef BB_TSPI_HIGH
#  define BB_TSPI_HIGH TSPK_VERSION_3_1
#endif
#define BB_TSPI_LOW TSPK_VERSION_2_0
#define BB_EXT_LOW 0x00010000u
#define BB_EXT_HIGH 0x00020000u
#define BB_NUM_LINES 2u
#define BB_NUM_PHONES 1u
#define BB_MAX_CALLS 8u
#define BB_NUMBER_MAX 16u

/* The provider's own handles: small numbers, so that reports naming them read the
 * same on every build. */
#define BB_HDLINE(i) ((HDRVLINE)(uintptr_t)(0x100u + (i)))
#define BB_HDPHONE(i) ((HDRVPHONE)(uintptr_t)(0x200u + (i)))
#define BB_HDMSPLINE(i) ((HDRVMSPLINE)(uintptr_t)(0x300u + (i)))
#define BB_HDCALL(slot) ((HDRVCALL)(uintptr_t)(0x1000u + (slot)))

typedef struct bb_call {
    int used, incoming;
    DWORD line;                   /* index */
    HTAPICALL ht;
    DWORD state;                  /* the last LINE_CALLSTATE sent */
    WCHAR number[BB_NUMBER_MAX];  /* dialled, or the caller's */
} bb_call;

static struct {
    ASYNC_COMPLETION complete;
    DWORD line_base, phone_base;
    struct {
        int open;
        HTAPILINE ht;
        LINEEVENT event;
        DWORD version;
        tspk_extver ext;
        HTAPIMSPLINE msp;         /* 0: no MSP instance */
    } line[BB_NUM_LINES];
    struct { int open; HTAPIPHONE ht; PHONEEVENT event; } phone[BB_NUM_PHONES];
    bb_call call[BB_MAX_CALLS];
} bb;

/* ---- helpers ---- */

/* A line's index from a device ID or handle; BB_NUM_LINES when there is none. */
static inline DWORD bb_line_of_device(DWORD device_id)
{
    DWORD i = device_id - bb.line_base;
    return i < BB_NUM_LINES ? i : BB_NUM_LINES;
}

static inline DWORD bb_line_of(HDRVLINE hd)
{
    DWORD i = (DWORD)((uintptr_t)hd - 0x100u);
    return i < BB_NUM_LINES && bb.line[i].open ? i : BB_NUM_LINES;
}

static inline DWORD bb_phone_of(HDRVPHONE hd)
{
    DWORD i = (DWORD)((uintptr_t)hd - 0x200u);
    return i < BB_NUM_PHONES && bb.phone[i].open ? i : BB_NUM_PHONES;
}

static inline bb_call *bb_call_of(HDRVCALL hd)
{
    DWORD slot = (DWORD)((uintptr_t)hd - 0x1000u);
    return slot < BB_MAX_CALLS && bb.call[slot].used ? &bb.call[slot] : NULL;
}

static inline HDRVCALL bb_call_hd(const bb_call *c) { return BB_HDCALL((DWORD)(c - bb.call)); }

static inline bb_call *bb_call_new(DWORD line, int incoming)
{
    DWORD i;
    for (i = 0; i < BB_MAX_CALLS; i++) {
        if (bb.call[i].used) continue;
        memset(&bb.call[i], 0, sizeof bb.call[i]);
        bb.call[i].used = 1;
        bb.call[i].incoming = incoming;
        bb.call[i].line = line;
        return &bb.call[i];
    }
    return NULL;
}

static inline void bb_call_free(bb_call *c) { memset(c, 0, sizeof *c); }

static inline void bb_line_event(DWORD line, HTAPICALL ht, DWORD msg, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    bb.line[line].event(bb.line[line].ht, ht, msg, p1, p2, p3);
}

static inline void bb_call_state(bb_call *c, DWORD state, DWORD mode)
{
    c->state = state;
    bb_line_event(c->line, c->ht, LINE_CALLSTATE, state, mode, LINEMEDIAMODE_INTERACTIVEVOICE);
}

/* ASYNC_COMPLETION, then the ID to return. */
static inline LONG bb_done(DRV_REQUESTID id, LONG result)
{
    bb.complete(id, result);
    return (LONG)id;
}

/* Line i's number: "101", "102". */
static inline void bb_line_number(DWORD line, WCHAR out[BB_NUMBER_MAX])
{
    out[0] = '1';
    out[1] = '0';
    out[2] = (WCHAR)('1' + line);
    out[3] = 0;
}

static inline void bb_copy_number(WCHAR *dst, LPCWSTR src)
{
    DWORD i = 0;
    for (; src && src[i] && i + 1 < BB_NUMBER_MAX; i++) dst[i] = src[i];
    dst[i] = 0;
}

/* LINE_NEWCALL: hdCall in dwParam1, where TAPI writes its htCall in dwParam2; NULL
 * written back means TAPI cannot take the call now (tapi/line-newcall). Nonzero when
 * TAPI took it. */
static int bb_send_newcall(bb_call *c);
#ifndef BB_OWN_send_newcall
static int bb_send_newcall(bb_call *c)
{
    bb_line_event(c->line, NULL, LINE_NEWCALL, (DWORD_PTR)bb_call_hd(c), (DWORD_PTR)&c->ht, 0);
    return c->ht != NULL;
}
#endif

/* A call from line `from` to `number`: offered to the open line of ours with that number. */
static inline void bb_ring(DWORD from, const WCHAR *number)
{
    WCHAR mine[BB_NUMBER_MAX];
    DWORD i, k;
    bb_call *c;
    for (i = 0; i < BB_NUM_LINES; i++) {
        bb_line_number(i, mine);
        for (k = 0; mine[k] && mine[k] == number[k]; k++) {}
        if (i == from || !bb.line[i].open || mine[k] || number[k]) continue;
        if (!(c = bb_call_new(i, 1))) return;
        bb_line_number(from, c->number);
        if (!bb_send_newcall(c)) {
            bb_call_free(c);         /* "not now": nothing more about it */
            return;
        }
        bb_call_state(c, LINECALLSTATE_OFFERING, 0);
        return;
    }
}

/* ---- the correct implementations ---- */

static inline LONG bb_lineNegotiateTSPIVersion(DWORD dev, DWORD low, DWORD high, LPDWORD version)
{
    static const tspk_verrange ours = { BB_TSPI_LOW, BB_TSPI_HIGH };
    if (dev != INITIALIZE_NEGOTIATION && bb_line_of_device(dev) == BB_NUM_LINES) return LINEERR_BADDEVICEID;
    return tspk_negotiate_tspi(&ours, NULL, dev, low, high, version);
}

static inline LONG bb_phoneNegotiateTSPIVersion(DWORD dev, DWORD low, DWORD high, LPDWORD version)
{
    static const tspk_verrange ours = { BB_TSPI_LOW, BB_TSPI_HIGH };
    if (dev - bb.phone_base >= BB_NUM_PHONES) return PHONEERR_BADDEVICEID;
    return tspk_phone_negotiate_tspi(&ours, NULL, dev, low, high, version);
}

static inline LONG bb_providerEnumDevices(DWORD perm, LPDWORD lines, LPDWORD phones, HPROVIDER hp,
                                          LINEEVENT line_create, PHONEEVENT phone_create)
{
    (void)perm; (void)hp; (void)line_create; (void)phone_create;
    *lines = BB_NUM_LINES;
    *phones = BB_NUM_PHONES;
    return 0;
}

static inline LONG bb_providerInit(DWORD version, DWORD perm, DWORD line_base, DWORD phone_base,
                                   DWORD_PTR lines, DWORD_PTR phones, ASYNC_COMPLETION complete,
                                   LPDWORD options)
{
    DWORD i;
    (void)version; (void)perm; (void)lines; (void)phones;
    memset(&bb, 0, sizeof bb);
    bb.complete = complete;
    bb.line_base = line_base;
    bb.phone_base = phone_base;
    for (i = 0; i < BB_NUM_LINES; i++) tspk_extver_init(&bb.line[i].ext, TSPK_VER_LINE, BB_EXT_LOW, BB_EXT_HIGH);
    *options = LINETSPIOPTION_NONREENTRANT;
    return 0;
}

static inline LONG bb_providerShutdown(DWORD version, DWORD perm)
{
    (void)version; (void)perm;
    memset(&bb, 0, sizeof bb);
    return 0;
}

static inline LONG bb_lineOpen(DWORD dev, HTAPILINE ht, LPHDRVLINE hd, DWORD version, LINEEVENT event)
{
    DWORD i = bb_line_of_device(dev);
    if (i == BB_NUM_LINES) return LINEERR_BADDEVICEID;
    if (bb.line[i].open) return LINEERR_ALLOCATED;
    bb.line[i].open = 1;
    bb.line[i].ht = ht;
    bb.line[i].event = event;
    bb.line[i].version = version;
    *hd = BB_HDLINE(i);
    return 0;
}

static inline LONG bb_lineClose(HDRVLINE hd)
{
    DWORD i = bb_line_of(hd), k;
    if (i == BB_NUM_LINES) return LINEERR_INVALLINEHANDLE;
    /* TAPI closed the calls first; whatever is left goes silently. */
    for (k = 0; k < BB_MAX_CALLS; k++)
        if (bb.call[k].used && bb.call[k].line == i) bb_call_free(&bb.call[k]);
    bb.line[i].open = 0;
    bb.line[i].ht = NULL;
    bb.line[i].msp = 0;
    tspk_extver_select(&bb.line[i].ext, 0);    /* closing cancels the selection */
    return 0;
}

static inline LONG bb_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL ht, LPHDRVCALL lphd,
                                   LPCWSTR dest, DWORD country, LPLINECALLPARAMS const params)
{
    DWORD line = bb_line_of(hd);
    bb_call *c;
    (void)country; (void)params;
    if (line == BB_NUM_LINES) return LINEERR_INVALLINEHANDLE;
    if (!(c = bb_call_new(line, 0))) return LINEERR_CALLUNAVAIL;
    c->ht = ht;
    bb_copy_number(c->number, dest);
    *lphd = bb_call_hd(c);
    /* No event about the call before its creation completed (nf-tspi-tspi_linemakecall). */
    bb.complete(id, 0);
    bb_call_state(c, LINECALLSTATE_DIALING, 0);
    bb_ring(line, c->number);
    bb_call_state(c, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
    return (LONG)id;
}

static inline LONG bb_lineAnswer(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    bb_call *c = bb_call_of(hd);
    (void)uui; (void)size;
    if (!c) return LINEERR_INVALCALLHANDLE;
    if (c->state != LINECALLSTATE_OFFERING && c->state != LINECALLSTATE_ACCEPTED) return LINEERR_INVALCALLSTATE;
    bb.complete(id, 0);
    bb_call_state(c, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
    return (LONG)id;
}

static inline LONG bb_lineDrop(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    bb_call *c = bb_call_of(hd);
    (void)uui; (void)size;
    if (!c) return LINEERR_INVALCALLHANDLE;
    bb.complete(id, 0);
    if (c->state != LINECALLSTATE_IDLE) bb_call_state(c, LINECALLSTATE_IDLE, 0);
    return (LONG)id;
}

static inline LONG bb_lineCloseCall(HDRVCALL hd)
{
    bb_call *c = bb_call_of(hd);
    if (!c) return LINEERR_INVALCALLHANDLE;
    /* Dropped silently if it was not idle: after this no event may name it
     * (nf-tspi-tspi_lineclosecall). */
    bb_call_free(c);
    return 0;
}

static inline LONG bb_lineGetCallStatus(HDRVCALL hd, LPLINECALLSTATUS cs)
{
    bb_call *c = bb_call_of(hd);
    tspk_varbuf vb;
    LONG r;
    if (!c) return LINEERR_INVALCALLHANDLE;
    if ((r = tspk_varbuf_begin(&vb, cs, tspk_linecallstatus_size(bb.line[c->line].version))) != 0) return r;
    cs->dwCallState = c->state;
    cs->dwCallPrivilege = LINECALLPRIVILEGE_OWNER;
    return tspk_varbuf_end(&vb);
}

static inline LONG bb_lineGetCallInfo(HDRVCALL hd, LPLINECALLINFO ci)
{
    bb_call *c = bb_call_of(hd);
    tspk_varbuf vb;
    LONG r;
    if (!c) return LINEERR_INVALCALLHANDLE;
    if ((r = tspk_varbuf_begin(&vb, ci, tspk_linecallinfo_size(bb.line[c->line].version))) != 0) return r;
    ci->dwLineDeviceID = bb.line_base + c->line;
    ci->dwBearerMode = LINEBEARERMODE_VOICE;
    ci->dwMediaMode = LINEMEDIAMODE_INTERACTIVEVOICE;
    ci->dwOrigin = c->incoming ? LINECALLORIGIN_INBOUND : LINECALLORIGIN_OUTBOUND;
    ci->dwReason = LINECALLREASON_DIRECT;
    ci->dwCallerIDFlags = c->incoming ? LINECALLPARTYID_ADDRESS : LINECALLPARTYID_UNKNOWN;
    ci->dwCalledIDFlags = c->incoming ? LINECALLPARTYID_UNKNOWN : LINECALLPARTYID_ADDRESS;
    if (c->incoming) tspk_varbuf_add_wstr16(&vb, &ci->dwCallerIDSize, &ci->dwCallerIDOffset, c->number);
    else tspk_varbuf_add_wstr16(&vb, &ci->dwCalledIDSize, &ci->dwCalledIDOffset, c->number);
    return tspk_varbuf_end(&vb);
}

static inline LONG bb_phoneOpen(DWORD dev, HTAPIPHONE ht, LPHDRVPHONE hd, DWORD version, PHONEEVENT event)
{
    DWORD i = dev - bb.phone_base;
    (void)version;
    if (i >= BB_NUM_PHONES) return PHONEERR_BADDEVICEID;
    if (bb.phone[i].open) return PHONEERR_ALLOCATED;
    bb.phone[i].open = 1;
    bb.phone[i].ht = ht;
    bb.phone[i].event = event;
    *hd = BB_HDPHONE(i);
    return 0;
}

static inline LONG bb_phoneClose(HDRVPHONE hd)
{
    DWORD i = bb_phone_of(hd);
    if (i == BB_NUM_PHONES) return PHONEERR_INVALPHONEHANDLE;
    bb.phone[i].open = 0;
    bb.phone[i].ht = NULL;
    return 0;
}

static inline LONG bb_phoneSetRing(DRV_REQUESTID id, HDRVPHONE hd, DWORD mode, DWORD volume)
{
    DWORD i = bb_phone_of(hd);
    (void)mode; (void)volume;
    if (i == BB_NUM_PHONES) return PHONEERR_INVALPHONEHANDLE;
    bb.complete(id, 0);
    bb.phone[i].event(bb.phone[i].ht, PHONE_STATE, PHONESTATE_RINGMODE, 0, 0);
    return (LONG)id;
}

static inline LONG bb_lineNegotiateExtVersion(DWORD dev, DWORD version, DWORD low, DWORD high, LPDWORD ext)
{
    DWORD i = bb_line_of_device(dev);
    (void)version;
    if (i == BB_NUM_LINES) return LINEERR_BADDEVICEID;
    return tspk_extver_negotiate(&bb.line[i].ext, low, high, ext);
}

static inline LONG bb_lineSelectExtVersion(HDRVLINE hd, DWORD ext)
{
    DWORD i = bb_line_of(hd);
    if (i == BB_NUM_LINES) return LINEERR_INVALLINEHANDLE;
    return tspk_extver_select(&bb.line[i].ext, ext);
}

#ifdef BB_WITH_MSP
static inline LONG bb_lineMSPIdentify(DWORD dev, GUID *clsid)
{
    static const GUID echo = ECHOMSP_CLSID_INIT;
    if (bb_line_of_device(dev) == BB_NUM_LINES) return LINEERR_BADDEVICEID;
    *clsid = echo;
    return 0;
}

static inline LONG bb_lineCreateMSPInstance(HDRVLINE hd, DWORD address, HTAPIMSPLINE ht, LPHDRVMSPLINE hdm)
{
    DWORD i = bb_line_of(hd);
    if (i == BB_NUM_LINES) return LINEERR_INVALLINEHANDLE;
    if (address != 0) return LINEERR_INVALADDRESSID;
    if (bb.line[i].msp) return LINEERR_NOMULTIPLEINSTANCE;
    bb.line[i].msp = ht;
    *hdm = BB_HDMSPLINE(i);
    return 0;
}

static inline LONG bb_lineCloseMSPInstance(HDRVMSPLINE hdm)
{
    DWORD i = (DWORD)((uintptr_t)hdm - 0x300u);
    if (i >= BB_NUM_LINES || !bb.line[i].msp) return LINEERR_INVALPOINTER;
    bb.line[i].msp = 0;
    return 0;
}
#endif

/* ---- the exported entry points, unless the provider writes its own ---- */

#ifndef BB_OWN_lineNegotiateTSPIVersion
LONG TSPIAPI TSPI_lineNegotiateTSPIVersion(DWORD dev, DWORD low, DWORD high, LPDWORD version)
{ return bb_lineNegotiateTSPIVersion(dev, low, high, version); }
#endif
#ifndef BB_OWN_phoneNegotiateTSPIVersion
LONG TSPIAPI TSPI_phoneNegotiateTSPIVersion(DWORD dev, DWORD low, DWORD high, LPDWORD version)
{ return bb_phoneNegotiateTSPIVersion(dev, low, high, version); }
#endif
LONG TSPIAPI TSPI_providerEnumDevices(DWORD perm, LPDWORD lines, LPDWORD phones, HPROVIDER hp,
                                      LINEEVENT line_create, PHONEEVENT phone_create)
{ return bb_providerEnumDevices(perm, lines, phones, hp, line_create, phone_create); }
LONG TSPIAPI TSPI_providerInit(DWORD version, DWORD perm, DWORD line_base, DWORD phone_base, DWORD_PTR lines,
                               DWORD_PTR phones, ASYNC_COMPLETION complete, LPDWORD options)
{ return bb_providerInit(version, perm, line_base, phone_base, lines, phones, complete, options); }
LONG TSPIAPI TSPI_providerShutdown(DWORD version, DWORD perm)
{ return bb_providerShutdown(version, perm); }
#ifndef BB_OWN_lineOpen
LONG TSPIAPI TSPI_lineOpen(DWORD dev, HTAPILINE ht, LPHDRVLINE hd, DWORD version, LINEEVENT event)
{ return bb_lineOpen(dev, ht, hd, version, event); }
#endif
#ifndef BB_OWN_lineClose
LONG TSPIAPI TSPI_lineClose(HDRVLINE hd)
{ return bb_lineClose(hd); }
#endif
#ifndef BB_OWN_lineMakeCall
LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL ht, LPHDRVCALL lphd, LPCWSTR dest,
                               DWORD country, LPLINECALLPARAMS const params)
{ return bb_lineMakeCall(id, hd, ht, lphd, dest, country, params); }
#endif
#ifndef BB_OWN_lineAnswer
LONG TSPIAPI TSPI_lineAnswer(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{ return bb_lineAnswer(id, hd, uui, size); }
#endif
#ifndef BB_OWN_lineDrop
LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{ return bb_lineDrop(id, hd, uui, size); }
#endif
#ifndef BB_OWN_lineCloseCall
LONG TSPIAPI TSPI_lineCloseCall(HDRVCALL hd)
{ return bb_lineCloseCall(hd); }
#endif
#ifndef BB_OWN_lineGetCallStatus
LONG TSPIAPI TSPI_lineGetCallStatus(HDRVCALL hd, LPLINECALLSTATUS cs)
{ return bb_lineGetCallStatus(hd, cs); }
#endif
#ifndef BB_OWN_lineGetCallInfo
LONG TSPIAPI TSPI_lineGetCallInfo(HDRVCALL hd, LPLINECALLINFO ci)
{ return bb_lineGetCallInfo(hd, ci); }
#endif
#ifndef BB_OWN_phoneOpen
LONG TSPIAPI TSPI_phoneOpen(DWORD dev, HTAPIPHONE ht, LPHDRVPHONE hd, DWORD version, PHONEEVENT event)
{ return bb_phoneOpen(dev, ht, hd, version, event); }
#endif
#ifndef BB_OWN_phoneClose
LONG TSPIAPI TSPI_phoneClose(HDRVPHONE hd)
{ return bb_phoneClose(hd); }
#endif
#ifndef BB_OWN_phoneSetRing
LONG TSPIAPI TSPI_phoneSetRing(DRV_REQUESTID id, HDRVPHONE hd, DWORD mode, DWORD volume)
{ return bb_phoneSetRing(id, hd, mode, volume); }
#endif
#ifdef BB_WITH_EXTENSIONS
#  ifndef BB_OWN_lineNegotiateExtVersion
LONG TSPIAPI TSPI_lineNegotiateExtVersion(DWORD dev, DWORD version, DWORD low, DWORD high, LPDWORD ext)
{ return bb_lineNegotiateExtVersion(dev, version, low, high, ext); }
#  endif
LONG TSPIAPI TSPI_lineSelectExtVersion(HDRVLINE hd, DWORD ext)
{ return bb_lineSelectExtVersion(hd, ext); }
#endif
#ifdef BB_WITH_MSP
LONG TSPIAPI TSPI_lineMSPIdentify(DWORD dev, GUID *clsid)
{ return bb_lineMSPIdentify(dev, clsid); }
LONG TSPIAPI TSPI_lineCreateMSPInstance(HDRVLINE hd, DWORD address, HTAPIMSPLINE ht, LPHDRVMSPLINE hdm)
{ return bb_lineCreateMSPInstance(hd, address, ht, hdm); }
LONG TSPIAPI TSPI_lineCloseMSPInstance(HDRVMSPLINE hdm)
{ return bb_lineCloseMSPInstance(hdm); }
#endif

#endif
