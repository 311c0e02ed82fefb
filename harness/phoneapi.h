/*
 * harness/phoneapi.h - the phone operations an application uses, carried out as
 * TAPISRV carries out the TAPI function of the same name (see lineapi.h for the
 * conventions: results, "async" requests answered by PHONE_REPLY, guarded structures,
 * UTF-8 strings). A function the provider does not export answers
 * PHONEERR_OPERATIONUNAVAIL; an hx_phone that is not open PHONEERR_INVALPHONEHANDLE.
 *
 * References: learn.microsoft.com/windows/win32/api/tspi/ (nf-tspi-tspi_phone* pages).
 */
#ifndef HARNESS_PHONEAPI_H
#define HARNESS_PHONEAPI_H

#include "tapisrv.h"

/* Negotiates (TSPI_phoneNegotiateTSPIVersion) and opens (TSPI_phoneOpen). */
LONG hx_phone_open(hx_srv *s, DWORD device_id, hx_phone **out);
LONG hx_phone_close(hx_phone *p);

LONG hx_phone_get_dev_caps(hx_srv *s, DWORD device_id, DWORD ext_version, void *buf, DWORD size);
LONG hx_phone_get_status(hx_phone *p, void *buf, DWORD size);
LONG hx_phone_get_display(hx_phone *p, void *buf, DWORD size);               /* VARSTRING */
LONG hx_phone_set_display(hx_phone *p, DWORD row, DWORD column, const char *text);   /* async */
LONG hx_phone_get_hook_switch(hx_phone *p, DWORD *devs);
LONG hx_phone_set_hook_switch(hx_phone *p, DWORD devs, DWORD mode);          /* async */
LONG hx_phone_get_ring(hx_phone *p, DWORD *mode, DWORD *volume);
LONG hx_phone_set_ring(hx_phone *p, DWORD mode, DWORD volume);               /* async */
LONG hx_phone_set_volume(hx_phone *p, DWORD hookswitch_dev, DWORD volume);   /* async */
LONG hx_phone_set_gain(hx_phone *p, DWORD hookswitch_dev, DWORD gain);       /* async */

/* Extension versions, with the checks of hx_line_negotiate_ext_version. */
LONG hx_phone_get_extension_id(hx_srv *s, DWORD device_id, PHONEEXTENSIONID *out);
LONG hx_phone_negotiate_ext_version(hx_srv *s, DWORD device_id, DWORD low, DWORD high, DWORD *out);
LONG hx_phone_select_ext_version(hx_phone *p, DWORD ext_version);

#endif
