/*
 * tests/providers/broken_completion_unknown.c - when a call ends, TSPI_lineDrop fails
 * "the request still running on the call" without checking that there is one, and
 * calls ASYNC_COMPLETION(0, ...). ASYNC_COMPLETION names a dwRequestID that TAPI passed
 * to the provider and that is still outstanding; 0 never is
 * (learn.microsoft.com/windows/win32/api/tspi/nc-tspi-async_completion).
 * The harness reports COMPLETION_UNKNOWN. Fix: complete only IDs received and not yet
 * completed.
 */
#define BB_OWN_lineDrop
#include "broken_base.h"

/* The request running on each call (every request of this provider completes inside
 * its function, so none ever is). */
static DRV_REQUESTID running[BB_MAX_CALLS];

LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    bb_call *c = bb_call_of(hd);
    if (c) {
        /* MISTAKE: no "if (running[...])". */
        bb.complete(running[c - bb.call], LINEERR_CALLUNAVAIL);
        running[c - bb.call] = 0;
    }
    return bb_lineDrop(id, hd, uui, size);
}
