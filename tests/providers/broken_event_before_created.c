/*
 * tests/providers/broken_event_before_created.c - TSPI_lineMakeCall reports DIALING
 * before it completes the request that creates the call. The htCall of a new call is not
 * valid, and no event may name it, until ASYNC_COMPLETION reported the request's success
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linemakecall).
 * The harness reports EVENT_BEFORE_CREATED (and drops the event). Fix: call
 * ASYNC_COMPLETION(dwRequestID, 0) first, or hold the call's events until then.
 */
#define BB_OWN_lineMakeCall
#include "broken_base.h"

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL ht, LPHDRVCALL lphd, LPCWSTR dest,
                               DWORD country, LPLINECALLPARAMS const params)
{
    DWORD line = bb_line_of(hd);
    bb_call *c;
    (void)country; (void)params;
    if (line == BB_NUM_LINES) return LINEERR_INVALLINEHANDLE;
    if (!(c = bb_call_new(line, 0))) return LINEERR_CALLUNAVAIL;
    c->ht = ht;
    bb_copy_number(c->number, dest);
    *lphd = bb_call_hd(c);
    /* MISTAKE: an event about the call, then its creation. */
    bb_call_state(c, LINECALLSTATE_DIALING, 0);
    bb.complete(id, 0);
    bb_call_state(c, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
    return (LONG)id;
}
