/*
 * tests/providers/broken_hdcall_not_written.c - TSPI_lineMakeCall never writes *lphdCall.
 * The provider fills in its handle for the new call before the function returns; TAPI
 * passes that handle in every later TSPI call about the call
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linemakecall). This provider
 * thinks htCall is enough, and cannot find the call again from TAPI's requests.
 * The harness reports HDCALL_NOT_WRITTEN. Fix: *lphdCall = your handle, before
 * returning dwRequestID.
 */
#define BB_OWN_lineMakeCall
#include "broken_base.h"

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL ht, LPHDRVCALL lphd, LPCWSTR dest,
                               DWORD country, LPLINECALLPARAMS const params)
{
    HDRVCALL mine;
    /* MISTAKE: the handle goes to a local, not to *lphdCall. */
    (void)lphd;
    return bb_lineMakeCall(id, hd, ht, &mine, dest, country, params);
}
