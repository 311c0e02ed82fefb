/*
 * tests/providers/broken_newcall_no_htslot.c - an incoming call is announced with
 * LINE_NEWCALL whose dwParam2 is 0: the provider does not hand TAPI the place to write its
 * htCall. dwParam2 is an LPHTAPICALL that TAPI fills in, and every later event about the
 * call must carry that htCall (learn.microsoft.com/windows/win32/tapi/line-newcall).
 * The harness reports NEWCALL_INVALID. Fix: pass the address of the call's htCall
 * member, and treat NULL written there as "not now".
 */
#define BB_OWN_send_newcall
#include "broken_base.h"

static int bb_send_newcall(bb_call *c)
{
    /* MISTAKE: dwParam2 taken for an unused parameter. */
    bb_line_event(c->line, NULL, LINE_NEWCALL, (DWORD_PTR)bb_call_hd(c), 0, 0);
    return c->ht != NULL;
}
