/*
 * tests/providers/broken_event_closed_line.c - the lines share one trunk: a call on any
 * line tells every line that opened the trunk's state changed (LINE_LINEDEVSTATE). The
 * list of lines is kept at TSPI_lineOpen and nothing removes a line at TSPI_lineClose, so
 * a closed line still hears about the trunk. After TSPI_lineClose returned, no event may
 * name the line (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_lineclose).
 * The harness reports EVENT_CLOSED_LINE. Fix: take the line off every list, and stop
 * its timers and threads, before TSPI_lineClose returns.
 */
#define BB_OWN_lineOpen
#define BB_OWN_lineMakeCall
#include "broken_base.h"

/* The lines that share the trunk, by TAPI's handle. */
static HTAPILINE trunk_users[BB_NUM_LINES];

LONG TSPIAPI TSPI_lineOpen(DWORD dev, HTAPILINE ht, LPHDRVLINE hd, DWORD version, LINEEVENT event)
{
    LONG r = bb_lineOpen(dev, ht, hd, version, event);
    /* MISTAKE: added here, never removed at TSPI_lineClose. */
    if (r == 0) trunk_users[bb_line_of(*hd)] = ht;
    return r;
}

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL ht, LPHDRVCALL lphd, LPCWSTR dest,
                               DWORD country, LPLINECALLPARAMS const params)
{
    LONG r = bb_lineMakeCall(id, hd, ht, lphd, dest, country, params);
    DWORD i;
    for (i = 0; r == (LONG)id && i < BB_NUM_LINES; i++)
        if (trunk_users[i]) bb.line[i].event(trunk_users[i], NULL, LINE_LINEDEVSTATE, LINEDEVSTATE_OTHER, 0, 0);
    return r;
}
