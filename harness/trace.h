/*
 * harness/trace.h - what happened between the application, the emulated TAPISRV, the
 * TSP and the MSP, one record per event, and two ways to print a record.
 *
 * Every TSPI call the harness makes, its return, every callback the provider makes
 * (ASYNC_COMPLETION, LINEEVENT, PHONEEVENT), every message delivered to the
 * application, every MSP message and every conformance report becomes one hx_trace_rec
 * handed to the sink (hx_trace_fn) given to the harness. The record is only valid
 * during the call: copy what you keep. The sink runs on whichever thread produced the
 * event (a provider thread for callbacks), with no harness lock held.
 *
 *     static void sink(void *user, const hx_trace_rec *r)
 *     {
 *         char line[HX_TRACE_LINE_MAX];
 *         hx_trace_format_text(r, line, sizeof line);   // or hx_trace_format_json
 *         puts(line);
 *     }
 *
 * Text:  [   0.001234] TAPISRV -> TSP     TSPI_lineMakeCall(req 3, hdLine 0x1, dest "102")
 * JSON:  {"t_us":1234,"kind":"call","from":"TAPISRV","to":"TSP","name":"TSPI_lineMakeCall",
 *         "detail":"req 3, hdLine 0x1, dest \"102\"","request":3,"thread":140213}
 * The JSON line is always valid JSON and pure ASCII: quotes, backslashes and control
 * characters are escaped, other characters become \uXXXX (invalid UTF-8: \ufffd).
 * Pure functions, no globals.
 */
#ifndef HARNESS_TRACE_H
#define HARNESS_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include "ladder.h"

typedef enum hx_trace_kind {
    HX_TR_CALL,       /* TAPISRV -> TSP: a TSPI function is called (detail: its arguments) */
    HX_TR_RETURN,     /* TSP -> TAPISRV: it returned (detail: "= value" and what it wrote) */
    HX_TR_CALLBACK,   /* TSP -> TAPISRV: ASYNC_COMPLETION, LINEEVENT or PHONEEVENT */
    HX_TR_DELIVER,    /* TAPISRV -> APP: a message delivered to the application */
    HX_TR_APP,        /* APP -> TAPISRV: an operation the application asked for */
    HX_TR_MSP,        /* TAPISRV <-> MSP: data relayed between the TSP and its MSP */
    HX_TR_REPORT,     /* a conformance report (detail: hx_report_format's text) */
    HX_TR_NOTE,       /* anything else worth a line (a script line starting, ...) */
    HX_TR_KIND_COUNT
} hx_trace_kind;

typedef struct hx_trace_rec {
    uint64_t t_us;          /* microseconds since the harness was created */
    hx_trace_kind kind;
    hx_lane from, to;
    const char *name;       /* "TSPI_lineOpen", "LINE_CALLSTATE", "ASYNC_RETURN", ... */
    const char *detail;     /* the values, never NULL (may be "") */
    unsigned long request;  /* the DRV_REQUESTID involved, 0 for none */
    uint64_t thread;        /* OS thread that produced the event */
} hx_trace_rec;

typedef void (*hx_trace_fn)(void *user, const hx_trace_rec *r);

/* Room for one formatted record of either kind, NUL included, whatever the texts. */
#define HX_TRACE_NAME_MAX 64
#define HX_TRACE_DETAIL_MAX 1024
#define HX_TRACE_LINE_MAX (HX_TRACE_DETAIL_MAX * 6 + 512)

/* "call", "return", ...; "?" out of range. */
const char *hx_trace_kind_name(hx_trace_kind k);
/* "APP", "TAPISRV", "TSP", "MSP"; "?" out of range. */
const char *hx_lane_name(hx_lane lane);

/* Writes the record as one line without a final newline (a report's text keeps its
 * own line breaks). Returns the length it wanted, as snprintf does; the output is
 * always NUL-terminated when len > 0. */
size_t hx_trace_format_text(const hx_trace_rec *r, char *buf, size_t len);
/* The same as one JSON object. A text cut by len is cut at an escape boundary and
 * the object still closed, so a short buffer gives valid (shortened) JSON as long as
 * len >= HX_TRACE_JSON_MIN. */
#define HX_TRACE_JSON_MIN 256
size_t hx_trace_format_json(const hx_trace_rec *r, char *buf, size_t len);

#endif
