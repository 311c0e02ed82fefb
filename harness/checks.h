/*
 * harness/checks.h - the conformance rules the emulated TAPISRV enforces, and the
 * collector of reports when a provider breaks one.
 *
 * Every rule has a stable name (used by tests and by `--expect-report`), the rule in
 * one sentence and the Microsoft reference page that states it. A report adds the
 * TSPI function (or callback) involved and the values seen, and reads
 *
 *     CONFORMANCE ASYNC_RETURN in TSPI_lineDrop: returned 0 for request 7
 *       rule: an asynchronous function returns dwRequestID or a negative error, never 0 or another positive value
 *       see: https://learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model
 *
 * The collector is thread-safe: providers call back from any thread. The optional
 * on_report callback runs on the reporting thread with no collector lock held.
 */
#ifndef HARNESS_CHECKS_H
#define HARNESS_CHECKS_H

#include <stddef.h>
#include <stdint.h>

typedef enum hx_check_id {
    /* the asynchronous model */
    HX_CHK_ASYNC_RETURN,          /* async function returned 0 or a positive value != dwRequestID */
    HX_CHK_ASYNC_ERROR_COMPLETED, /* returned an error and also called ASYNC_COMPLETION */
    HX_CHK_COMPLETION_TWICE,
    HX_CHK_COMPLETION_UNKNOWN,    /* dwRequestID never issued, or already finished */
    HX_CHK_COMPLETION_MISSING,    /* no ASYNC_COMPLETION within the timeout */
    HX_CHK_SYNC_RETURN,           /* synchronous function returned a positive value */
    /* events and handles */
    HX_CHK_EVENT_UNKNOWN_LINE,
    HX_CHK_EVENT_CLOSED_LINE,
    HX_CHK_EVENT_UNKNOWN_CALL,
    HX_CHK_EVENT_CLOSED_CALL,
    HX_CHK_EVENT_UNKNOWN_PHONE,
    HX_CHK_EVENT_CLOSED_PHONE,
    HX_CHK_EVENT_BEFORE_CREATED,  /* event for a new call before its lineMakeCall completed */
    HX_CHK_NEWCALL_INVALID,       /* LINE_NEWCALL without hdCall or without the lphtCall slot */
    HX_CHK_HDCALL_NOT_WRITTEN,    /* TSPI_lineMakeCall returned without writing *lphdCall */
    HX_CHK_CALLSTATE_TRANSITION,  /* a call left a state it cannot leave that way */
    HX_CHK_EVENT_AFTER_IDLE,
    /* structures handed to the provider */
    HX_CHK_STRUCT_TOTAL_CHANGED,  /* provider changed dwTotalSize */
    HX_CHK_STRUCT_USED_GT_TOTAL,
    HX_CHK_STRUCT_NEEDED_LT_USED,
    HX_CHK_STRUCT_FIELD_OUTSIDE,  /* an offset/size pair outside the used part or into the fixed part */
    HX_CHK_STRUCT_STRING_NUL,     /* a string field without its terminating NUL */
    HX_CHK_GUARD_OVERWRITE,       /* bytes written past dwTotalSize (or before the buffer) */
    /* versions */
    HX_CHK_VERSION_RANGE,         /* negotiated TSPI version outside the offered range */
    HX_CHK_EXT_VERSION_RANGE,     /* negotiated extension version outside the offered range */
    HX_CHK_EXT_VERSION_SELECTED,  /* negotiation gave another version while one is selected */
    /* TSP <-> MSP */
    HX_CHK_MSPDATA_VERSION,       /* LINE_SENDMSPDATA on a line opened below TSPI 3.0 */
    HX_CHK_MSPDATA_UNKNOWN_MSP,   /* LINE_SENDMSPDATA naming an HTAPIMSPLINE TAPI never created */
    HX_CHK_COUNT
} hx_check_id;

typedef struct hx_check_info {
    hx_check_id id;
    const char *name;   /* "ASYNC_RETURN": the enum name without HX_CHK_ */
    const char *rule;   /* one sentence */
    const char *ref;    /* https://learn.microsoft.com/... page stating the rule */
} hx_check_info;

/* NULL for an id out of range. */
const hx_check_info *hx_check_get(hx_check_id id);
/* Looks a rule up by name (case-insensitive); -1 when there is none. */
int hx_check_by_name(const char *name);

#define HX_REPORT_FUNC_MAX 64
#define HX_REPORT_DETAIL_MAX 320
/* Room for hx_report_format's three lines. */
#define HX_REPORT_TEXT_MAX 1024

typedef struct hx_report {
    hx_check_id id;
    char func[HX_REPORT_FUNC_MAX];       /* TSPI function or callback, e.g. "TSPI_lineMakeCall" */
    char detail[HX_REPORT_DETAIL_MAX];   /* the values seen */
} hx_report;

typedef struct hx_checks hx_checks;
typedef void (*hx_report_fn)(void *user, const hx_report *r);

hx_checks *hx_checks_new(hx_report_fn on_report, void *user);
void hx_checks_free(hx_checks *c);

/* Records a broken rule. Long texts are cut, never overflow. A NULL collector is valid
 * and records nothing. */
void hx_checks_report(hx_checks *c, hx_check_id id, const char *func, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Reports so far, all rules together and for one rule. */
size_t hx_checks_count(hx_checks *c);
size_t hx_checks_count_id(hx_checks *c, hx_check_id id);
/* Copies report i (0 = oldest) into out; -1 when there is no such report. */
int hx_checks_get(hx_checks *c, size_t i, hx_report *out);
void hx_checks_clear(hx_checks *c);

/* The report as three lines (see the top of this file), without a final newline. */
void hx_report_format(const hx_report *r, char *buf, size_t len);

#endif
