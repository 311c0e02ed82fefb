/*
 * tests/providers/broken_async_error_completed.c - TSPI_lineAnswer on a call that is not
 * offered both calls ASYNC_COMPLETION with LINEERR_INVALCALLSTATE and returns that error.
 * A negative return finishes the request: no completion may be sent for it
 * (learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model).
 * The harness reports ASYNC_ERROR_COMPLETED. Fix: either return the error, or return
 * dwRequestID and report the error through ASYNC_COMPLETION - not both.
 */
#define BB_OWN_lineAnswer
#include "broken_base.h"

LONG TSPIAPI TSPI_lineAnswer(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    bb_call *c = bb_call_of(hd);
    if (c && c->state != LINECALLSTATE_OFFERING && c->state != LINECALLSTATE_ACCEPTED) {
        /* MISTAKE: the error goes both ways. */
        bb.complete(id, LINEERR_INVALCALLSTATE);
        return LINEERR_INVALCALLSTATE;
    }
    return bb_lineAnswer(id, hd, uui, size);
}
