/*
 * tests/providers/broken_async_return0.c - TSPI_lineDrop completes its request and then
 * returns 0, as if it were a synchronous function. An asynchronous function returns
 * dwRequestID or a negative error, never 0
 * (learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model).
 * The harness reports ASYNC_RETURN. Fix: return dwRequestID whenever ASYNC_COMPLETION
 * follows (or came already).
 */
#define BB_OWN_lineDrop
#include "broken_base.h"

LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    LONG r = bb_lineDrop(id, hd, uui, size);
    /* MISTAKE: the request completed inside, so "nothing pending": 0. */
    return r == (LONG)id ? 0 : r;
}
