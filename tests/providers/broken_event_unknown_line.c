/*
 * tests/providers/broken_event_unknown_line.c - after lineMakeCall, the provider tells
 * TAPI its address is in use (LINE_ADDRESSSTATE), naming the line by its own hdLine
 * where TAPI's htLine belongs. LINEEVENT's first parameter is the htLine TAPI passed to
 * TSPI_lineOpen (learn.microsoft.com/windows/win32/api/tspi/nc-tspi-lineevent).
 * The harness reports EVENT_UNKNOWN_LINE. Fix: keep the htLine from TSPI_lineOpen and
 * pass it in every event about the line.
 */
#define BB_OWN_lineMakeCall
#include "broken_base.h"

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL ht, LPHDRVCALL lphd, LPCWSTR dest,
                               DWORD country, LPLINECALLPARAMS const params)
{
    LONG r = bb_lineMakeCall(id, hd, ht, lphd, dest, country, params);
    DWORD line = bb_line_of(hd);
    /* MISTAKE: the provider's handle for the line, not TAPI's. */
    if (r == (LONG)id)
        bb.line[line].event((HTAPILINE)hd, NULL, LINE_ADDRESSSTATE, 0, LINEADDRESSSTATE_INUSEONE, 0);
    return r;
}
