/*
 * tests/providers/broken_event_unknown_call.c - after lineMakeCall, the provider reports
 * that the called number is known (LINE_CALLINFO), naming the call by its own hdCall
 * where TAPI's htCall belongs. LINEEVENT's htCall is the one TAPI gave the provider in
 * TSPI_lineMakeCall or through LINE_NEWCALL
 * (learn.microsoft.com/windows/win32/api/tspi/nc-tspi-lineevent).
 * The harness reports EVENT_UNKNOWN_CALL. Fix: keep htCall with the call and pass it in
 * every event about the call.
 */
#define BB_OWN_lineMakeCall
#include "broken_base.h"

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL ht, LPHDRVCALL lphd, LPCWSTR dest,
                               DWORD country, LPLINECALLPARAMS const params)
{
    LONG r = bb_lineMakeCall(id, hd, ht, lphd, dest, country, params);
    /* MISTAKE: the provider's handle for the call, not TAPI's. */
    if (r == (LONG)id) bb_line_event(bb_line_of(hd), (HTAPICALL)*lphd, LINE_CALLINFO, LINECALLINFOSTATE_CALLEDID, 0, 0);
    return r;
}
