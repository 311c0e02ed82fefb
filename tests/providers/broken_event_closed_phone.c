/*
 * tests/providers/broken_event_closed_phone.c - the phone shows the number each call
 * dials (PHONE_STATE DISPLAY). The provider keeps the phone's htPhone from
 * TSPI_phoneOpen and still updates the display after TSPI_phoneClose. After
 * TSPI_phoneClose returned, no event may name the phone
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_phoneclose).
 * The harness reports EVENT_CLOSED_PHONE. Fix: forget htPhone in TSPI_phoneClose and
 * check before sending.
 */
#define BB_OWN_phoneOpen
#define BB_OWN_lineMakeCall
#include "broken_base.h"

static HTAPIPHONE display;
static PHONEEVENT display_event;

LONG TSPIAPI TSPI_phoneOpen(DWORD dev, HTAPIPHONE ht, LPHDRVPHONE hd, DWORD version, PHONEEVENT event)
{
    LONG r = bb_phoneOpen(dev, ht, hd, version, event);
    /* MISTAKE: kept here, never forgotten at TSPI_phoneClose. */
    if (r == 0) {
        display = ht;
        display_event = event;
    }
    return r;
}

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL ht, LPHDRVCALL lphd, LPCWSTR dest,
                               DWORD country, LPLINECALLPARAMS const params)
{
    LONG r = bb_lineMakeCall(id, hd, ht, lphd, dest, country, params);
    if (r == (LONG)id && display) display_event(display, PHONE_STATE, PHONESTATE_DISPLAY, 0, 0);
    return r;
}
