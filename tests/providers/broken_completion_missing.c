/*
 * tests/providers/broken_completion_missing.c - TSPI_lineDrop returns its dwRequestID and
 * waits for a hang-up confirmation that never comes, so the request never completes. A
 * function that returned dwRequestID must finish the request with ASYNC_COMPLETION
 * (learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model).
 * The harness reports COMPLETION_MISSING when its timeout (tsp-harness --timeout) passes.
 * Fix: every path that returned the ID completes it, with an error if need be; on a
 * timeout of your own, complete with LINEERR_OPERATIONFAILED.
 */
#define BB_OWN_lineDrop
#include "broken_base.h"

LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    (void)uui; (void)size;
    if (!bb_call_of(hd)) return LINEERR_INVALCALLHANDLE;
    /* MISTAKE: "completed when the far end confirms": nothing ever does. */
    return (LONG)id;
}
