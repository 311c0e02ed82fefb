/*
 * tests/providers/broken_mspdata_version.c - a TSPI 2.2 provider that tells its MSP
 * "connected" with LINE_SENDMSPDATA when a call connects. LINE_SENDMSPDATA exists from
 * TSPI 3.0 on; below it there is no MSP to send to
 * (learn.microsoft.com/windows/win32/tapi/line-sendmspdata).
 * The harness reports MSPDATA_VERSION. Fix: send MSP data only on lines opened at TSPI
 * 3.0 or later (and negotiate 3.0 if you have an MSP).
 */
#define BB_TSPI_HIGH TSPK_VERSION_2_2
#define BB_OWN_lineMakeCall
#include "broken_base.h"

static const char connected[] = "connected";

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL ht, LPHDRVCALL lphd, LPCWSTR dest,
                               DWORD country, LPLINECALLPARAMS const params)
{
    LONG r = bb_lineMakeCall(id, hd, ht, lphd, dest, country, params);
    /* MISTAKE: the line's version is not looked at. */
    if (r == (LONG)id)
        bb_line_event(bb_line_of(hd), ht, LINE_SENDMSPDATA, 0, (DWORD_PTR)connected, sizeof connected - 1);
    return r;
}
