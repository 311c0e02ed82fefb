/*
 * tests/providers/broken_struct_field_outside.c - TSPI_lineGetCallInfo counts
 * dwCalledIDOffset from the end of the fixed part instead of from the start of the
 * structure, so the offset points into the fixed part. Offsets count from the start of
 * the structure, and every variable part lies after the fixed part and inside dwUsedSize
 * (learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures).
 * The harness reports STRUCT_FIELD_OUTSIDE. Fix: offset = bytes from the structure's
 * first byte.
 */
#define BB_OWN_lineGetCallInfo
#include "broken_base.h"

LONG TSPIAPI TSPI_lineGetCallInfo(HDRVCALL hd, LPLINECALLINFO ci)
{
    LONG r = bb_lineGetCallInfo(hd, ci);
    /* MISTAKE: relative to the variable part. */
    if (r == 0 && ci->dwCalledIDSize) ci->dwCalledIDOffset -= tspk_linecallinfo_size(bb.line[bb_call_of(hd)->line].version);
    return r;
}
