/*
 * harness/tapisrv.h - a small emulated TAPISRV: drives one provider module through
 * TSPI as Windows' telephony service does, and records what the provider does back.
 *
 * It negotiates (INITIALIZE_NEGOTIATION, then per device), enumerates, initialises
 * with the ASYNC_COMPLETION/LINEEVENT callbacks, hands out request IDs, allocates
 * htCall for LINE_NEWCALL, and keeps TAPI's promise that a completion reaches the
 * application only after the request returned (seed: synchronous/asynchronous model).
 * Provider mistakes it sees are counted as conformance violations with a message.
 */
#ifndef HARNESS_TAPISRV_H
#define HARNESS_TAPISRV_H

#include <stdarg.h>
#include "module.h"

typedef struct hx_srv hx_srv;
typedef struct hx_line hx_line;
typedef struct hx_call hx_call;

typedef struct hx_event {
    hx_line *line;
    hx_call *call;            /* NULL for line events */
    DWORD msg;
    DWORD_PTR p1, p2, p3;
} hx_event;

/* Trace sink: one human-readable line per TSPI call, return and callback. */
typedef void (*hx_log_fn)(void *user, const char *line);

hx_srv *hx_srv_create(hx_module *m, hx_log_fn log, void *user);
void hx_srv_destroy(hx_srv *s);

/* Negotiate, enumerate and initialise; versions offered: [low, high]. */
LONG hx_srv_start(hx_srv *s, DWORD perm_id, DWORD line_base, DWORD low, DWORD high);
LONG hx_srv_stop(hx_srv *s);
DWORD hx_srv_num_lines(const hx_srv *s);
DWORD hx_srv_version(const hx_srv *s);

/* Per-device negotiation and open/close. */
LONG hx_line_open(hx_srv *s, DWORD device_id, hx_line **out);
LONG hx_line_close(hx_line *l);
HDRVLINE hx_line_hd(const hx_line *l);
DWORD hx_line_version(const hx_line *l);

/* Async requests: the next request ID, then after the TSPI function returned it,
 * the completion's result (timeout: LINEERR_OPERATIONFAILED and a violation). */
DRV_REQUESTID hx_srv_request(hx_srv *s);
LONG hx_srv_async_result(hx_srv *s, DRV_REQUESTID id, LONG returned, const char *func,
                         unsigned timeout_ms);

/* Calls: made by us (lineMakeCall) or offered by the provider (LINE_NEWCALL). */
hx_call *hx_call_new(hx_line *l);
HDRVCALL hx_call_hd(const hx_call *c);
HDRVCALL *hx_call_hd_slot(hx_call *c);
DWORD hx_call_state(const hx_call *c);
void hx_call_forget(hx_call *c);       /* after TSPI_lineCloseCall */

/* Waits for the next event matching msg (and call, when not NULL). 0 or -1 on timeout. */
int hx_srv_wait_event(hx_srv *s, DWORD msg, hx_call *call, unsigned timeout_ms, hx_event *out);
/* The same for events on one line, e.g. LINE_NEWCALL, which names no call of ours yet. */
int hx_srv_wait_line_event(hx_srv *s, DWORD msg, hx_line *line, unsigned timeout_ms, hx_event *out);
/* Waits until the call reaches state. 0 or -1 on timeout. */
int hx_srv_wait_call_state(hx_srv *s, hx_call *call, DWORD state, unsigned timeout_ms);

/* Conformance: what the provider did wrong so far. */
unsigned hx_srv_violations(const hx_srv *s);
void hx_srv_violation(hx_srv *s, const char *fmt, ...);
void hx_srv_log(hx_srv *s, const char *fmt, ...);

const char *hx_msg_name(DWORD msg);
const char *hx_callstate_name(DWORD state);
const char *hx_err_name(LONG err);

#endif
