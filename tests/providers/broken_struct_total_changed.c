/*
 * tests/providers/broken_struct_total_changed.c - TSPI_lineGetCallInfo fills LINECALLINFO
 * and then sets dwTotalSize to the bytes it used. dwTotalSize is the size of the buffer
 * TAPI allocated: the provider reads it and leaves it alone
 * (learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures).
 * The harness reports STRUCT_TOTAL_CHANGED. Fix: write only dwNeededSize and dwUsedSize.
 */
#define BB_OWN_lineGetCallInfo
#include "broken_base.h"

LONG TSPIAPI TSPI_lineGetCallInfo(HDRVCALL hd, LPLINECALLINFO ci)
{
    LONG r = bb_lineGetCallInfo(hd, ci);
    /* MISTAKE: "the total is what is in it". */
    if (r == 0) ci->dwTotalSize = ci->dwUsedSize;
    return r;
}
