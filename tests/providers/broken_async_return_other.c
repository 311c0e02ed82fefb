/*
 * tests/providers/broken_async_return_other.c - TSPI_lineDrop returns 1 ("TRUE, the
 * drop is under way") instead of its dwRequestID. An asynchronous function returns
 * exactly dwRequestID or a negative error: TAPI matches the later ASYNC_COMPLETION to
 * the request by that value
 * (learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model).
 * The harness reports ASYNC_RETURN. Fix: return (LONG)dwRequestID.
 */
#define BB_OWN_lineDrop
#include "broken_base.h"

LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    LONG r = bb_lineDrop(id, hd, uui, size);
    /* MISTAKE: a BOOL where the request ID belongs. */
    return r == (LONG)id ? 1 : r;
}
