/*
 * tests/providers/broken_struct_needed_lt_used.c - TSPI_lineGetCallInfo sets dwNeededSize
 * to the size of the fixed part only, forgetting the number it appended. dwNeededSize is
 * what the whole answer takes, so never less than dwUsedSize
 * (learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures).
 * The harness reports STRUCT_NEEDED_LT_USED. Fix: count every variable part in
 * dwNeededSize, whether it fitted or not.
 */
#define BB_OWN_lineGetCallInfo
#include "broken_base.h"

LONG TSPIAPI TSPI_lineGetCallInfo(HDRVCALL hd, LPLINECALLINFO ci)
{
    LONG r = bb_lineGetCallInfo(hd, ci);
    /* MISTAKE: the fixed part's size as the whole. */
    if (r == 0) ci->dwNeededSize = tspk_linecallinfo_size(bb.line[bb_call_of(hd)->line].version);
    return r;
}
