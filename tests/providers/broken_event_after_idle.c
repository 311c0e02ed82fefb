/*
 * tests/providers/broken_event_after_idle.c - after a call went IDLE the provider sends
 * its charging information (LINE_CALLINFO). A call in LINECALLSTATE_IDLE is dead: no
 * further events about it until TAPI closes it
 * (learn.microsoft.com/windows/win32/tapi/linecallstate--constants).
 * The harness reports EVENT_AFTER_IDLE. Fix: send the call's last information before
 * LINE_CALLSTATE IDLE.
 */
#define BB_OWN_lineDrop
#include "broken_base.h"

LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    LONG r = bb_lineDrop(id, hd, uui, size);    /* completed; the call is IDLE */
    bb_call *c = bb_call_of(hd);
    /* MISTAKE: news about a call that is over. */
    if (r == (LONG)id) bb_line_event(c->line, c->ht, LINE_CALLINFO, LINECALLINFOSTATE_CHARGINGINFO, 0, 0);
    return r;
}
