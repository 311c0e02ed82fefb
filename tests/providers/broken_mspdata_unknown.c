/*
 * tests/providers/broken_mspdata_unknown.c - when a call connects the provider tells its
 * MSP "connected" with LINE_SENDMSPDATA, naming the MSP instance by its own hdMSPLine
 * where TAPI's htMSPLine belongs. dwParam1 is the htMSPLine TAPI passed to
 * TSPI_lineCreateMSPInstance, or 0 for every MSP instance of the line
 * (learn.microsoft.com/windows/win32/tapi/line-sendmspdata).
 * The harness reports MSPDATA_UNKNOWN_MSP. Fix: keep htMSPLine from
 * TSPI_lineCreateMSPInstance and send to it.
 */
#define BB_WITH_MSP
#define BB_OWN_lineMakeCall
#include "broken_base.h"

static const char connected[] = "connected";

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL ht, LPHDRVCALL lphd, LPCWSTR dest,
                               DWORD country, LPLINECALLPARAMS const params)
{
    LONG r = bb_lineMakeCall(id, hd, ht, lphd, dest, country, params);
    DWORD line = bb_line_of(hd);
    /* MISTAKE: the provider's handle for its MSP instance, not TAPI's. */
    if (r == (LONG)id)
        bb_line_event(line, ht, LINE_SENDMSPDATA, (DWORD_PTR)BB_HDMSPLINE(line), (DWORD_PTR)connected,
                      sizeof connected - 1);
    return r;
}
