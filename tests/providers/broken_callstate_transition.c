/*
 * tests/providers/broken_callstate_transition.c - when the application drops a call, the
 * provider reports IDLE and then DISCONNECTED, in the wrong order. IDLE is a call's last
 * state: it never leaves it (learn.microsoft.com/windows/win32/tapi/linecallstate--constants).
 * The harness reports CALLSTATE_TRANSITION. Fix: DISCONNECTED (if at all) before IDLE.
 */
#define BB_OWN_lineDrop
#include "broken_base.h"

LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    LONG r = bb_lineDrop(id, hd, uui, size);    /* completed; the call is IDLE */
    /* MISTAKE: "the far end is gone" after the call already ended. */
    if (r == (LONG)id) bb_call_state(bb_call_of(hd), LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
    return r;
}
