/*
 * harness/lineapi.h - the line and call operations an application uses, each carried
 * out as TAPISRV carries out the TAPI function of the same name: the TSPI calls it
 * makes, with the checks TAPISRV should make on what the provider does.
 *
 * Results, as in TAPI:
 *  - synchronous operations return 0 or a negative LINEERR_;
 *  - asynchronous ones (marked "async") return the positive request ID or a negative
 *    error; the result arrives as LINE_REPLY (hx_msg p1 = ID, p2 = result) after the
 *    TSPI function returned. hx_srv_wait_reply(s, r, ms) waits for it:
 *        LONG r = hx_srv_wait_reply(s, hx_call_answer(c, NULL, 0), 3000);
 * Structures (LINEDEVCAPS, LINECALLINFO, VARSTRING, ...) are passed as the
 * application's buffer and size: the provider gets a guarded copy with dwTotalSize =
 * size (guard bytes around it, structcheck.h), which is checked after the call
 * (GUARD_OVERWRITE; after a success also the variable-size rules, STRUCT_*) and copied
 * back. buf NULL passes a NULL pointer to the provider. Strings are UTF-8 here and
 * UTF-16 for the provider; the provider's copy is freed when the TSPI function
 * returned (it must copy what it keeps, seed 004).
 * A function the provider does not export answers LINEERR_OPERATIONUNAVAIL, as TAPI
 * does, without a TSPI call. An hx_line that is not open answers
 * LINEERR_INVALLINEHANDLE, a closed hx_call LINEERR_INVALCALLHANDLE.
 *
 * References: learn.microsoft.com/windows/win32/api/tspi/ (nf-tspi-tspi_line* pages)
 * and learn.microsoft.com/windows/win32/api/tapi/ (the application side).
 */
#ifndef HARNESS_LINEAPI_H
#define HARNESS_LINEAPI_H

#include "tapisrv.h"

/* ---- devices ---- */

/* Negotiates (TSPI_lineNegotiateTSPIVersion) and opens (TSPI_lineOpen) the device. */
LONG hx_line_open(hx_srv *s, DWORD device_id, hx_line **out);
/* TSPI_lineCloseCall for each of its calls, then TSPI_lineClose. */
LONG hx_line_close(hx_line *l);

LONG hx_line_get_dev_caps(hx_srv *s, DWORD device_id, DWORD ext_version, void *buf, DWORD size);
LONG hx_line_get_address_caps(hx_srv *s, DWORD device_id, DWORD address_id, DWORD ext_version,
                              void *buf, DWORD size);
LONG hx_line_get_dev_status(hx_line *l, void *buf, DWORD size);
LONG hx_line_get_address_status(hx_line *l, DWORD address_id, void *buf, DWORD size);
/* select: LINECALLSELECT_LINE, _ADDRESS (address_id) or _CALL (c). VARSTRING. */
LONG hx_line_get_id(hx_line *l, DWORD address_id, hx_call *c, DWORD select, const char *device_class,
                    void *buf, DWORD size);
LONG hx_line_set_status_messages(hx_line *l, DWORD line_states, DWORD address_states);
LONG hx_line_set_default_media_detection(hx_line *l, DWORD media_modes);
/* VARSTRING; dev config goes by device ID, open or not. */
LONG hx_line_get_dev_config(hx_srv *s, DWORD device_id, const char *device_class, void *buf, DWORD size);
LONG hx_line_set_dev_config(hx_srv *s, DWORD device_id, const char *device_class, const void *config,
                            DWORD size);
/* async. params (size bytes) is read by the provider and may be written until the
 * request completes; it is copied back into params when LINE_REPLY reports success, so
 * it must stay valid until then. c may be NULL. */
LONG hx_line_dev_specific(hx_line *l, DWORD address_id, hx_call *c, void *params, DWORD size);

/* Extension versions (seed 003): negotiation checks EXT_VERSION_RANGE and, while a
 * version is selected on the open line, EXT_VERSION_SELECTED. */
LONG hx_line_get_extension_id(hx_srv *s, DWORD device_id, LINEEXTENSIONID *out);
LONG hx_line_negotiate_ext_version(hx_srv *s, DWORD device_id, DWORD low, DWORD high, DWORD *out);
LONG hx_line_select_ext_version(hx_line *l, DWORD ext_version);

/* ---- MSP instances (TAPI 3; routing in tapisrv.h) ---- */

/* Opens the address with the device's MSP, as TAPI 3 does: TSPI_lineMSPIdentify,
 * TSPI_lineCreateMSPInstance, then the MSP's address object from the harness's MSP
 * host (LINEERR_OPERATIONFAILED, with the reason in the trace, when the MSP cannot be
 * created; the instance is then closed again). */
LONG hx_line_open_msp(hx_line *l, DWORD address_id, hx_msp_line **out);
/* The MSP's call and address objects are shut down, then TSPI_lineCloseMSPInstance.
 * Closing the line does this too. */
LONG hx_msp_line_close(hx_msp_line *m);

/* ---- calls ---- */

/* async. *out is the new call (valid once LINE_REPLY reports success; after a failure
 * the harness closes it with TSPI_lineCloseCall itself). dest may be NULL, params
 * NULL (a copy of params->dwTotalSize bytes is handed to the provider). */
LONG hx_line_make_call(hx_line *l, const char *dest, DWORD country, const LINECALLPARAMS *params,
                       hx_call **out);
LONG hx_call_answer(hx_call *c, const void *uui, DWORD size);   /* async */
LONG hx_call_accept(hx_call *c, const void *uui, DWORD size);   /* async */
LONG hx_call_drop(hx_call *c, const void *uui, DWORD size);     /* async */
LONG hx_call_dial(hx_call *c, const char *dest, DWORD country); /* async */
LONG hx_call_get_info(hx_call *c, void *buf, DWORD size);
LONG hx_call_get_status(hx_call *c, void *buf, DWORD size);
/* TSPI_lineCloseCall (lineDeallocateCall); the hx_call is gone afterwards. */
LONG hx_call_close(hx_call *c);
LONG hx_call_set_media_mode(hx_call *c, DWORD media_mode);
LONG hx_call_generate_digits(hx_call *c, DWORD end_to_end_id, DWORD digit_mode, const char *digits,
                             DWORD duration);
LONG hx_call_monitor_digits(hx_call *c, DWORD digit_modes);
/* TSPI_lineMonitorTones with TAPISRV's dwToneListID (tones NULL: that list dropped) and
 * TSPI_lineMonitorMedia (0: none). */
LONG hx_call_monitor_tones(hx_call *c, DWORD tone_list_id, const LINEMONITORTONE *tones, DWORD num_entries);
LONG hx_call_monitor_media(hx_call *c, DWORD media_modes);

/* ---- reading what came back ---- */

/* The UTF-16 string at (offset, size) of a structure of total bytes as UTF-8 into out:
 * 0, or -1 when the member lies outside the structure (out is then ""). */
int hx_struct_string(const void *st, DWORD total, DWORD offset, DWORD size, char *out, size_t len);

#endif
