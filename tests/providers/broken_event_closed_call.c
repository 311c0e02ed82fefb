/*
 * tests/providers/broken_event_closed_call.c - TSPI_lineCloseCall leaves the hang-up of
 * the call for later, and the hang-up (at the next TSPI_lineClose) reports
 * LINE_CALLSTATE IDLE about a call TAPI has closed. After TSPI_lineCloseCall returned, no
 * event may name the call
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_lineclosecall).
 * The harness reports EVENT_CLOSED_CALL. Fix: drop the call silently inside
 * TSPI_lineCloseCall, or forget its htCall there before hanging up later.
 */
#define BB_OWN_lineCloseCall
#define BB_OWN_lineClose
#include "broken_base.h"

static int hangup_due[BB_MAX_CALLS];

LONG TSPIAPI TSPI_lineCloseCall(HDRVCALL hd)
{
    bb_call *c = bb_call_of(hd);
    if (!c) return LINEERR_INVALCALLHANDLE;
    hangup_due[c - bb.call] = 1;
    return 0;
}

LONG TSPIAPI TSPI_lineClose(HDRVLINE hd)
{
    DWORD line = bb_line_of(hd), i;
    for (i = 0; line != BB_NUM_LINES && i < BB_MAX_CALLS; i++) {
        if (!hangup_due[i] || bb.call[i].line != line) continue;
        hangup_due[i] = 0;
        /* MISTAKE: the call is TAPI's no more, its htCall with it. */
        bb_call_state(&bb.call[i], LINECALLSTATE_IDLE, 0);
        bb_call_free(&bb.call[i]);
    }
    return bb_lineClose(hd);
}
