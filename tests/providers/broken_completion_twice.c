/*
 * tests/providers/broken_completion_twice.c - TSPI_lineDrop completes its request, and
 * completes it again once the call is IDLE ("the drop is finished now"). ASYNC_COMPLETION
 * is called exactly once per request
 * (learn.microsoft.com/windows/win32/api/tspi/nc-tspi-async_completion).
 * The harness reports COMPLETION_TWICE. Fix: complete each request in one place, and
 * forget its ID once completed.
 */
#define BB_OWN_lineDrop
#include "broken_base.h"

LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    LONG r = bb_lineDrop(id, hd, uui, size);    /* completed; the call is IDLE */
    /* MISTAKE: a second completion for the same request. */
    if (r == (LONG)id) bb.complete(id, 0);
    return r;
}
