/* harness/checks.c - see checks.h. */
#include "checks.h"

#include <tspkit/thread.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEARN "https://learn.microsoft.com/windows/win32/"
#define SYNC_MODEL LEARN "tapi/synchronous-asynchronous-model"
#define VARSIZE LEARN "tapi/variably-sized-data-structures"

static const hx_check_info checks[HX_CHK_COUNT] = {
    { HX_CHK_ASYNC_RETURN, "ASYNC_RETURN",
      "an asynchronous function returns dwRequestID or a negative error, never 0 or another positive value",
      SYNC_MODEL },
    { HX_CHK_ASYNC_ERROR_COMPLETED, "ASYNC_ERROR_COMPLETED",
      "an asynchronous function that returns an error has finished the request and does not also call "
      "ASYNC_COMPLETION for it", SYNC_MODEL },
    { HX_CHK_COMPLETION_TWICE, "COMPLETION_TWICE",
      "ASYNC_COMPLETION is called exactly once per request", LEARN "api/tspi/nc-tspi-async_completion" },
    { HX_CHK_COMPLETION_UNKNOWN, "COMPLETION_UNKNOWN",
      "ASYNC_COMPLETION names a dwRequestID that TAPI passed to the provider and that is still outstanding",
      LEARN "api/tspi/nc-tspi-async_completion" },
    { HX_CHK_COMPLETION_MISSING, "COMPLETION_MISSING",
      "a request whose function returned dwRequestID is finished with ASYNC_COMPLETION", SYNC_MODEL },
    { HX_CHK_SYNC_RETURN, "SYNC_RETURN",
      "a synchronous function returns zero or a negative error", SYNC_MODEL },
    { HX_CHK_EVENT_UNKNOWN_LINE, "EVENT_UNKNOWN_LINE",
      "LINEEVENT names an htLine that TAPI passed to TSPI_lineOpen", LEARN "api/tspi/nc-tspi-lineevent" },
    { HX_CHK_EVENT_CLOSED_LINE, "EVENT_CLOSED_LINE",
      "no events for a line after TSPI_lineClose returned", LEARN "api/tspi/nf-tspi-tspi_lineclose" },
    { HX_CHK_EVENT_UNKNOWN_CALL, "EVENT_UNKNOWN_CALL",
      "LINEEVENT names an htCall that TAPI gave the provider (TSPI_lineMakeCall or LINE_NEWCALL) on that line",
      LEARN "api/tspi/nc-tspi-lineevent" },
    { HX_CHK_EVENT_CLOSED_CALL, "EVENT_CLOSED_CALL",
      "no events for a call after TSPI_lineCloseCall returned", LEARN "api/tspi/nf-tspi-tspi_lineclosecall" },
    { HX_CHK_EVENT_UNKNOWN_PHONE, "EVENT_UNKNOWN_PHONE",
      "PHONEEVENT names an htPhone that TAPI passed to TSPI_phoneOpen", LEARN "api/tspi/nc-tspi-phoneevent" },
    { HX_CHK_EVENT_CLOSED_PHONE, "EVENT_CLOSED_PHONE",
      "no events for a phone after TSPI_phoneClose returned", LEARN "api/tspi/nf-tspi-tspi_phoneclose" },
    { HX_CHK_EVENT_BEFORE_CREATED, "EVENT_BEFORE_CREATED",
      "no LINEEVENT for a call made by TSPI_lineMakeCall until ASYNC_COMPLETION reported its success",
      LEARN "api/tspi/nf-tspi-tspi_linemakecall" },
    { HX_CHK_NEWCALL_INVALID, "NEWCALL_INVALID",
      "LINE_NEWCALL carries the provider's hdCall in dwParam1 and TAPI's LPHTAPICALL in dwParam2",
      LEARN "tapi/line-newcall" },
    { HX_CHK_HDCALL_NOT_WRITTEN, "HDCALL_NOT_WRITTEN",
      "TSPI_lineMakeCall fills *lphdCall before it returns", LEARN "api/tspi/nf-tspi-tspi_linemakecall" },
    { HX_CHK_CALLSTATE_TRANSITION, "CALLSTATE_TRANSITION",
      "a call state changes only along the transitions TAPI defines (nothing enters OFFERING or leaves IDLE)",
      LEARN "tapi/linecallstate--constants" },
    { HX_CHK_EVENT_AFTER_IDLE, "EVENT_AFTER_IDLE",
      "a call in LINECALLSTATE_IDLE is dead: no further events until TAPI closes it",
      LEARN "tapi/linecallstate--constants" },
    { HX_CHK_STRUCT_TOTAL_CHANGED, "STRUCT_TOTAL_CHANGED",
      "dwTotalSize is set by TAPI and left unchanged by the provider", VARSIZE },
    { HX_CHK_STRUCT_USED_GT_TOTAL, "STRUCT_USED_GT_TOTAL",
      "dwUsedSize never exceeds dwTotalSize", VARSIZE },
    { HX_CHK_STRUCT_NEEDED_LT_USED, "STRUCT_NEEDED_LT_USED",
      "dwNeededSize is at least dwUsedSize", VARSIZE },
    { HX_CHK_STRUCT_FIELD_OUTSIDE, "STRUCT_FIELD_OUTSIDE",
      "every variable part (offset, size) lies after the fixed part and inside dwUsedSize", VARSIZE },
    { HX_CHK_STRUCT_STRING_NUL, "STRUCT_STRING_NUL",
      "string members are NUL-terminated and their size counts the NUL", VARSIZE },
    { HX_CHK_GUARD_OVERWRITE, "GUARD_OVERWRITE",
      "the provider writes no byte outside the dwTotalSize bytes TAPI handed it", VARSIZE },
    { HX_CHK_VERSION_RANGE, "VERSION_RANGE",
      "the negotiated TSPI version lies within [dwLowVersion, dwHighVersion]",
      LEARN "api/tspi/nf-tspi-tspi_linenegotiatetspiversion" },
    { HX_CHK_EXT_VERSION_RANGE, "EXT_VERSION_RANGE",
      "the negotiated extension version lies within [dwLowVersion, dwHighVersion]",
      LEARN "api/tspi/nf-tspi-tspi_linenegotiateextversion" },
    { HX_CHK_EXT_VERSION_SELECTED, "EXT_VERSION_SELECTED",
      "while an extension version is selected, negotiation yields only that version",
      LEARN "api/tspi/nf-tspi-tspi_lineselectextversion" },
    { HX_CHK_MSPDATA_VERSION, "MSPDATA_VERSION",
      "LINE_SENDMSPDATA exists from TSPI version 3.0 on", LEARN "tapi/line-sendmspdata" },
    { HX_CHK_MSPDATA_UNKNOWN_MSP, "MSPDATA_UNKNOWN_MSP",
      "LINE_SENDMSPDATA names an HTAPIMSPLINE from TSPI_lineCreateMSPInstance, or 0 for all",
      LEARN "tapi/line-sendmspdata" },
};

struct hx_checks {
    tspk_mutex lock;
    hx_report *reports;
    size_t count, cap;
    size_t per_id[HX_CHK_COUNT];
    hx_report_fn on_report;
    void *user;
};

const hx_check_info *hx_check_get(hx_check_id id)
{
    if ((unsigned)id >= HX_CHK_COUNT) return NULL;
    return &checks[id];
}

int hx_check_by_name(const char *name)
{
    unsigned i;
    size_t k;
    if (!name) return -1;
    for (i = 0; i < HX_CHK_COUNT; i++) {
        const char *n = checks[i].name;
        for (k = 0; n[k] && name[k] && toupper((unsigned char)name[k]) == n[k]; k++) {}
        if (!n[k] && !name[k]) return (int)i;
    }
    return -1;
}

hx_checks *hx_checks_new(hx_report_fn on_report, void *user)
{
    hx_checks *c = (hx_checks *)calloc(1, sizeof *c);
    if (!c) return NULL;
    tspk_mutex_init(&c->lock);
    c->on_report = on_report;
    c->user = user;
    return c;
}

void hx_checks_free(hx_checks *c)
{
    if (!c) return;
    tspk_mutex_destroy(&c->lock);
    free(c->reports);
    free(c);
}

void hx_checks_report(hx_checks *c, hx_check_id id, const char *func, const char *fmt, ...)
{
    hx_report r;
    va_list ap;
    if (!c || (unsigned)id >= HX_CHK_COUNT) return;
    memset(&r, 0, sizeof r);
    r.id = id;
    snprintf(r.func, sizeof r.func, "%s", func ? func : "?");
    va_start(ap, fmt);
    vsnprintf(r.detail, sizeof r.detail, fmt, ap);
    va_end(ap);
    tspk_mutex_lock(&c->lock);
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        hx_report *n = (hx_report *)realloc(c->reports, cap * sizeof *n);
        if (n) {
            c->reports = n;
            c->cap = cap;
        }
    }
    /* Out of memory: the count per rule still tells the truth. */
    if (c->count < c->cap) c->reports[c->count++] = r;
    c->per_id[id]++;
    tspk_mutex_unlock(&c->lock);
    if (c->on_report) c->on_report(c->user, &r);
}

size_t hx_checks_count(hx_checks *c)
{
    size_t n = 0;
    unsigned i;
    if (!c) return 0;
    tspk_mutex_lock(&c->lock);
    for (i = 0; i < HX_CHK_COUNT; i++) n += c->per_id[i];
    tspk_mutex_unlock(&c->lock);
    return n;
}

size_t hx_checks_count_id(hx_checks *c, hx_check_id id)
{
    size_t n;
    if (!c || (unsigned)id >= HX_CHK_COUNT) return 0;
    tspk_mutex_lock(&c->lock);
    n = c->per_id[id];
    tspk_mutex_unlock(&c->lock);
    return n;
}

int hx_checks_get(hx_checks *c, size_t i, hx_report *out)
{
    int r = -1;
    if (!c) return -1;
    tspk_mutex_lock(&c->lock);
    if (i < c->count) {
        *out = c->reports[i];
        r = 0;
    }
    tspk_mutex_unlock(&c->lock);
    return r;
}

void hx_checks_clear(hx_checks *c)
{
    if (!c) return;
    tspk_mutex_lock(&c->lock);
    c->count = 0;
    memset(c->per_id, 0, sizeof c->per_id);
    tspk_mutex_unlock(&c->lock);
}

void hx_report_format(const hx_report *r, char *buf, size_t len)
{
    const hx_check_info *ci = hx_check_get(r->id);
    if (!len) return;
    if (!ci) {
        snprintf(buf, len, "CONFORMANCE ? in %s: %s", r->func, r->detail);
        return;
    }
    snprintf(buf, len, "CONFORMANCE %s in %s: %s\n  rule: %s\n  see: %s", ci->name, r->func, r->detail,
             ci->rule, ci->ref);
}
