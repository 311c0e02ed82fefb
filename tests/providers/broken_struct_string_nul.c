/*
 * tests/providers/broken_struct_string_nul.c - TSPI_lineGetCallInfo gives the called
 * number's size without its terminating NUL (wcslen * 2). String members are
 * NUL-terminated and their size counts the NUL
 * (learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures).
 * The harness reports STRUCT_STRING_NUL. Fix: size = (wcslen + 1) * sizeof(WCHAR).
 */
#define BB_OWN_lineGetCallInfo
#include "broken_base.h"

LONG TSPIAPI TSPI_lineGetCallInfo(HDRVCALL hd, LPLINECALLINFO ci)
{
    LONG r = bb_lineGetCallInfo(hd, ci);
    /* MISTAKE: the NUL is left out of the size. */
    if (r == 0 && ci->dwCalledIDSize) ci->dwCalledIDSize -= sizeof(WCHAR);
    return r;
}
