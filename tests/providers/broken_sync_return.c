/*
 * tests/providers/broken_sync_return.c - TSPI_lineCloseCall returns 1 (TRUE) for
 * success. A synchronous function returns zero or a negative error
 * (learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model); TAPI would take
 * a positive value for a request ID.
 * The harness reports SYNC_RETURN. Fix: return 0.
 */
#define BB_OWN_lineCloseCall
#include "broken_base.h"

LONG TSPIAPI TSPI_lineCloseCall(HDRVCALL hd)
{
    LONG r = bb_lineCloseCall(hd);
    /* MISTAKE: a BOOL for success. */
    return r == 0 ? 1 : r;
}
