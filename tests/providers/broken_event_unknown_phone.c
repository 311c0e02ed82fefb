/*
 * tests/providers/broken_event_unknown_phone.c - TSPI_phoneSetRing reports the new ring
 * mode (PHONE_STATE) naming the phone by its own hdPhone where TAPI's htPhone belongs.
 * PHONEEVENT's first parameter is the htPhone TAPI passed to TSPI_phoneOpen
 * (learn.microsoft.com/windows/win32/api/tspi/nc-tspi-phoneevent).
 * The harness reports EVENT_UNKNOWN_PHONE. Fix: keep the htPhone from TSPI_phoneOpen and
 * pass it in every event about the phone.
 */
#define BB_OWN_phoneSetRing
#include "broken_base.h"

LONG TSPIAPI TSPI_phoneSetRing(DRV_REQUESTID id, HDRVPHONE hd, DWORD mode, DWORD volume)
{
    DWORD i = bb_phone_of(hd);
    (void)mode; (void)volume;
    if (i == BB_NUM_PHONES) return PHONEERR_INVALPHONEHANDLE;
    bb.complete(id, 0);
    /* MISTAKE: the provider's handle for the phone, not TAPI's. */
    bb.phone[i].event((HTAPIPHONE)hd, PHONE_STATE, PHONESTATE_RINGMODE, 0, 0);
    return (LONG)id;
}
