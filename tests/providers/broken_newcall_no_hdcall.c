/*
 * tests/providers/broken_newcall_no_hdcall.c - an incoming call is announced with
 * LINE_NEWCALL before the provider made the call's handle, so dwParam1 is 0. LINE_NEWCALL
 * carries the provider's hdCall in dwParam1, which TAPI passes back in every TSPI call
 * about the call (learn.microsoft.com/windows/win32/tapi/line-newcall).
 * The harness reports NEWCALL_INVALID and writes NULL back ("not now"). Fix: set up the
 * call, handle included, before LINE_NEWCALL.
 */
#define BB_OWN_send_newcall
#include "broken_base.h"

static int bb_send_newcall(bb_call *c)
{
    /* MISTAKE: the handle is assigned after TAPI heard of the call. */
    HDRVCALL hd = NULL;
    bb_line_event(c->line, NULL, LINE_NEWCALL, (DWORD_PTR)hd, (DWORD_PTR)&c->ht, 0);
    return c->ht != NULL;
}
