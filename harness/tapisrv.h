/*
 * harness/tapisrv.h - an emulated TAPISRV: drives one provider through TSPI exactly as
 * Windows' telephony service does, delivers what the provider reports to an application
 * in TAPI's order, and reports every TAPI rule the provider breaks (checks.h).
 *
 * Lifecycle (hx_srv_start/hx_srv_stop), as TAPISRV: TSPI_lineNegotiateTSPIVersion
 * (INITIALIZE_NEGOTIATION), TSPI_providerEnumDevices, TSPI_providerInit (permanent
 * provider ID, line and phone device ID bases, counts, ASYNC_COMPLETION, options), then
 * TSPI_lineNegotiateTSPIVersion / TSPI_phoneNegotiateTSPIVersion per device; at the end
 * every open device is closed (calls first) and TSPI_providerShutdown is called.
 * LINE_CREATE/PHONE_CREATE lead to TSPI_providerCreateLineDevice/PhoneDevice,
 * LINE_REMOVE/PHONE_REMOVE and LINE_CLOSE/PHONE_CLOSE to the devices being closed.
 * The operations an application uses are in lineapi.h and phoneapi.h.
 *
 * Ordering (learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model):
 * the provider's callbacks do their checks and bookkeeping at once and queue one
 * message in a single FIFO. A dispatch thread owned by the harness delivers the queue,
 * strictly in order, to the application callback (hx_app_fn) and then to the queue the
 * wait functions read. A LINE_REPLY/PHONE_REPLY whose TSPI function has not returned
 * yet holds the head of the queue until it has: the application never sees a
 * completion before the request returned, and nothing the provider sent after it
 * overtakes it. The harness never calls the provider or the application with a lock
 * held; the application callback may call any harness operation. A provider that asks
 * for LINETSPIOPTION_NONREENTRANT gets one call at a time
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_providerinit).
 *
 * Handles: htLine, htCall and htPhone are not pointers but (kind, slot, generation)
 * numbers, so an event for a closed object is told apart from one for a handle never
 * issued. hx_line/hx_phone objects live as long as the harness (one per device);
 * hx_call objects are reused after a call is closed: do not use an hx_call after
 * hx_call_close, a LINE_CLOSE of its line, or a failed LINE_REPLY of its lineMakeCall.
 *
 * TSPI callbacks carry no context pointer, so one hx_srv may exist per process (as
 * TAPISRV loads a provider once); hx_srv_create fails while another one exists.
 *
 * Usage:
 *     hx_srv *s = hx_srv_create(hx_module_tspi(m), on_msg, app);
 *     hx_srv_set_trace(s, sink, NULL);
 *     if (hx_srv_start(s, NULL) == 0) {            // defaults: see hx_srv_config
 *         hx_line *l;
 *         hx_line_open(s, 0, &l);                   // lineapi.h
 *         ...
 *         hx_srv_stop(s);
 *     }
 *     printf("%zu reports\n", hx_srv_reports(s));
 *     hx_srv_destroy(s);
 */
#ifndef HARNESS_TAPISRV_H
#define HARNESS_TAPISRV_H

#include <stdarg.h>
#include <stddef.h>
#include "checks.h"
#include "module.h"
#include "trace.h"

typedef struct hx_srv hx_srv;
typedef struct hx_line hx_line;
typedef struct hx_call hx_call;
typedef struct hx_phone hx_phone;
typedef struct hx_msp_line hx_msp_line;
struct hx_msphost;

/* A message as the application sees it: TAPI's message and parameters, with the
 * harness objects it is about. Differences from what the provider sent:
 *   LINE_NEWCALL   call is the new call; p1 = hdCall, p2 = the htCall written back
 *   LINE_REPLY / PHONE_REPLY  p1 = request ID, p2 = result (0 or a negative error)
 *   LINE_CREATE / PHONE_CREATE  p1 = the new device ID (after TSPI_providerCreate*Device)
 *   LINE_REMOVE / PHONE_REMOVE  p1 = the device ID (after the device was closed)
 *   LINE_CLOSE / PHONE_CLOSE    the device was closed (by request of the provider)
 *   LINE_SENDMSPDATA            after the data went to the MSP (or could not):
 *                               p1 = htMSPLine, p2 = NULL, p3 = size */
typedef struct hx_msg {
    DWORD msg;
    hx_line *line;
    hx_call *call;
    hx_phone *phone;
    DWORD_PTR p1, p2, p3;
} hx_msg;

/* Runs on the dispatch thread, one message at a time, no harness lock held. */
typedef void (*hx_app_fn)(void *user, const hx_msg *m);

typedef struct hx_srv_config {
    DWORD perm_id;              /* dwPermanentProviderID: 7 */
    DWORD line_base, phone_base;/* device ID bases: 0, 0 */
    DWORD low, high;            /* TSPI versions offered: 1.4 .. 3.1 */
    unsigned timeout_ms;        /* how long a completion may take: 3000 */
} hx_srv_config;
void hx_srv_config_default(hx_srv_config *c);

/* NULL when out of memory or another hx_srv exists. app may be NULL. */
hx_srv *hx_srv_create(const hx_tspi *t, hx_app_fn app, void *app_user);
/* Stops the provider if it runs, ends the dispatch thread, frees everything. Not from
 * the dispatch thread. */
void hx_srv_destroy(hx_srv *s);
/* Before hx_srv_start: the trace sink (trace.h). */
void hx_srv_set_trace(hx_srv *s, hx_trace_fn fn, void *user);

/* 0, or the error of the step that failed (LINEERR_OPERATIONUNAVAIL when the
 * provider lacks a lifecycle export). cfg NULL: defaults. */
LONG hx_srv_start(hx_srv *s, const hx_srv_config *cfg);
/* Closes every open device, shuts the provider down, delivers what is left and
 * reports requests never completed. Returns TSPI_providerShutdown's result. */
LONG hx_srv_stop(hx_srv *s);

const hx_tspi *hx_srv_tspi(const hx_srv *s);
DWORD hx_srv_version(const hx_srv *s);         /* from INITIALIZE_NEGOTIATION */
DWORD hx_srv_options(const hx_srv *s);         /* LINETSPIOPTION_ from TSPI_providerInit */
const hx_srv_config *hx_srv_config_get(const hx_srv *s);
DWORD hx_srv_num_lines(hx_srv *s);             /* devices so far, LINE_CREATE included */
DWORD hx_srv_num_phones(hx_srv *s);
hx_checks *hx_srv_checks(hx_srv *s);
size_t hx_srv_reports(hx_srv *s);              /* hx_checks_count(hx_srv_checks(s)) */

/* The TAPI 3 side (seeds 000, 001): the MSP host (msphost.h) whose registry says which
 * module serves a CLSID, owned by the harness; register MSPs in it before opening MSP
 * instances (lineapi.h hx_line_open_msp). Routing, as TAPISRV and TAPI 3 do it:
 *  - LINE_SENDMSPDATA (dwParam1 htMSPLine or 0 for every MSP instance of the line,
 *    dwParam2 buffer, dwParam3 size) goes to ITMSPAddress::ReceiveTSPData, with the
 *    call's MSP call object when htCall names a call. Only from TSPI 3.0 on
 *    (MSPDATA_VERSION); an htMSPLine never created is MSPDATA_UNKNOWN_MSP
 *    (learn.microsoft.com/windows/win32/tapi/line-sendmspdata).
 *  - MSP_TSP_DATA events go to TSPI_lineReceiveMSPData(hdLine, hdCall, hdMSPLine, ...).
 *    Data about a call the TSP does not know yet (the MSP's call object exists, but
 *    TSPI_lineMakeCall has not been called or has not completed successfully) fails, as
 *    seed 000 says: it is not passed on, but traced and counted (unknown_call).
 *  - A call gets its MSP call object (ITMSPAddress::CreateMSPCall) when it is made on,
 *    or offered to, a line with an open MSP instance; it is shut down before
 *    TSPI_lineCloseCall. */
struct hx_msphost *hx_srv_msphost(hx_srv *s);
typedef struct hx_msp_stats {
    unsigned long to_msp;        /* buffers handed to ReceiveTSPData */
    unsigned long to_tsp;        /* buffers handed to TSPI_lineReceiveMSPData */
    unsigned long unknown_call;  /* MSP data about a call the TSP does not know yet: failed */
    unsigned long dropped;       /* no MSP instance, or no call object, to take them */
} hx_msp_stats;
void hx_srv_msp_stats(hx_srv *s, hx_msp_stats *out);

/* A device by ID; NULL when there is none (never, or removed). */
hx_line *hx_srv_line(hx_srv *s, DWORD device_id);
hx_phone *hx_srv_phone(hx_srv *s, DWORD device_id);

DWORD hx_line_device_id(const hx_line *l);
DWORD hx_line_version(const hx_line *l);       /* negotiated for the device */
int hx_line_is_open(const hx_line *l);
DWORD hx_phone_device_id(const hx_phone *p);
DWORD hx_phone_version(const hx_phone *p);
int hx_phone_is_open(const hx_phone *p);
hx_line *hx_call_line(const hx_call *c);
int hx_call_is_incoming(const hx_call *c);
/* The call state as last delivered to the application (0 before any). */
DWORD hx_call_state(const hx_call *c);

/* The result of an asynchronous request (the value a request function returned):
 * request < 0 is returned as is; otherwise waits until its LINE_REPLY/PHONE_REPLY was
 * delivered (on the dispatch thread: until it completed) and returns its result. After
 * timeout_ms without a completion the request is reported (COMPLETION_MISSING) and
 * LINEERR_OPERATIONFAILED returned. */
LONG hx_srv_wait_reply(hx_srv *s, LONG request, unsigned timeout_ms);

/* Takes the oldest delivered message msg about obj (an hx_line, hx_call or hx_phone;
 * NULL: any) from the wait queue, which keeps the last HX_SRV_WAIT_QUEUE messages.
 * 0, or -1 after timeout_ms. */
#define HX_SRV_WAIT_QUEUE 4096
int hx_srv_wait_msg(hx_srv *s, DWORD msg, const void *obj, unsigned timeout_ms, hx_msg *out);
/* Waits until the call's delivered state is state. 0 or -1 after timeout_ms. */
int hx_srv_wait_call_state(hx_srv *s, hx_call *c, DWORD state, unsigned timeout_ms);
/* Waits until every message queued so far was delivered. 0 or -1 after timeout_ms. */
int hx_srv_flush(hx_srv *s, unsigned timeout_ms);

/* A NOTE record in the trace (e.g. the script line that runs). */
void hx_srv_note(hx_srv *s, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Names for traces and scripts. */
const char *hx_msg_name(DWORD msg);          /* "LINE_CALLSTATE", "LINE_?" */
const char *hx_callstate_name(DWORD state);  /* "CONNECTED", "(none)", "?" */
const char *hx_err_name(LONG err);           /* "LINEERR_INVALCALLSTATE", "PHONEERR_...", "0" */

#endif
