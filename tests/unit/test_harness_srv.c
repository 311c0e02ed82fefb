/*
 * tests/unit/test_harness_srv.c - the emulated TAPISRV (harness/tapisrv.h, lineapi.h,
 * phoneapi.h): lifecycle, TAPI's ordering guarantee, handles, call states, devices
 * created and removed, phones, versions, NONREENTRANT, and every operation against the
 * example provider, which must cause zero conformance reports.
 *
 * Two providers:
 *  - "raw": a small TSPI provider written in this file, without the SDK framework, whose
 *    behaviour each test sets (complete inside the function or from a thread, never,
 *    twice, return 0, send events for a call too early, ...). It is the only way to make
 *    the timing cases happen on purpose.
 *  - the loopback example provider, loaded from $TSPKIT_TEST_PROVIDER, by default
 *    build/asan/loopback.so (make test runs from the top folder).
 *  - for the MSP routing, the TSP/MSP pair tests/providers/msppair.c and
 *    tests/msps/echomsp.c, from $TSPKIT_TEST_MODULES (default build/asan)
 *    /providers/msppair.so and /msps/echomsp.so.
 * Every conformance report a test causes is printed; tests assert exact report texts.
 */
#include "lineapi.h"
#include "msphost.h"
#include "phoneapi.h"
#include "../msps/echomsp.h"
#include "tapisrv.h"
#include <tspkit/tspkit.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define WAIT_MS 3000u
#define MAX_LOG 4096

/* ==== the raw provider ==== */

enum amode {
    A_INSIDE,        /* ASYNC_COMPLETION, then an event, then return the ID (after a pause) */
    A_THREAD,        /* another thread completes and sends the event while we wait to return */
    A_LATER,         /* return the ID; the test completes it */
    A_RETURN0,       /* complete, then return 0 */
    A_ERROR_COMPLETED, /* complete with success, then return an error */
    A_TWICE,         /* complete twice, return the ID */
    A_NEVER,         /* return the ID, never complete */
    A_SYNC_ERROR,    /* return LINEERR_RESOURCEUNAVAIL */
    A_FAIL_LATER     /* complete with LINEERR_CALLUNAVAIL from inside, return the ID */
};

static struct tp {
    tspk_mutex lock;
    ASYNC_COMPLETION done;
    LINEEVENT create_proc;
    PHONEEVENT phone_create_proc;
    HPROVIDER hprov;
    DWORD perm_id, line_base, phone_base, nlines, nphones;
    DWORD options;                  /* what TSPI_providerInit answers */
    DWORD init_version, dev_version;/* 0: the offered high */
    DWORD ext_answer, ext_selected;
    int amode;
    int skip_hdcall;                /* TSPI_lineMakeCall leaves *lphdCall alone */
    int early_event;                /* TSPI_lineMakeCall sends LINE_CALLSTATE before completing */
    LONG sync_status_result;        /* TSPI_lineGetLineDevStatus's answer */
    struct { HTAPILINE ht; LINEEVENT ev; int open; } line[8];
    struct { HTAPIPHONE ht; PHONEEVENT ev; int open; } phone[4];
    HTAPICALL last_htcall;          /* from the last TSPI_lineMakeCall */
    DWORD next_hdcall;
    char log[MAX_LOG];              /* "name;" per TSPI call */
    unsigned char returned[1024];   /* request ID % 1024: set just before the function returns */
    HDRVCALL closed[32];
    int nclosed;
    DWORD_PTR created_temp;
    DWORD created_id;
    uint64_t create_thread;         /* thread that called TSPI_providerCreateLineDevice */
    int inside, max_inside;         /* concurrency of TSPI calls */
    int block_for_second;           /* lineGetLineDevStatus waits (bounded) for a second caller */
    DWORD pending_id;               /* for A_THREAD */
    LONG pending_result;
    HTAPILINE pending_htline;
    HTAPICALL pending_htcall;
    int thread_done;
    tspk_cond changed;
    DWORD devspecific_fill;         /* written into lineDevSpecific's buffer before completion */
} tp;

static void tp_log(const char *what)
{
    tspk_mutex_lock(&tp.lock);
    if (strlen(tp.log) + strlen(what) + 2 < sizeof tp.log) {
        strcat(tp.log, what);
        strcat(tp.log, ";");
    }
    tspk_mutex_unlock(&tp.lock);
}

static void tp_enter(void)
{
    tspk_mutex_lock(&tp.lock);
    tp.inside++;
    if (tp.inside > tp.max_inside) tp.max_inside = tp.inside;
    tspk_cond_broadcast(&tp.changed);
    tspk_mutex_unlock(&tp.lock);
}

static LONG tp_leave(LONG r)
{
    tspk_mutex_lock(&tp.lock);
    tp.inside--;
    tspk_mutex_unlock(&tp.lock);
    return r;
}

static void tp_mark_returned(DWORD id)
{
    tspk_mutex_lock(&tp.lock);
    tp.returned[id % 1024] = 1;
    tspk_mutex_unlock(&tp.lock);
}

static int tp_was_returned(DWORD id)
{
    int r;
    tspk_mutex_lock(&tp.lock);
    r = tp.returned[id % 1024];
    tspk_mutex_unlock(&tp.lock);
    return r;
}

static void tp_reset(void)
{
    memset(&tp, 0, sizeof tp);
    tspk_mutex_init(&tp.lock);
    tspk_cond_init(&tp.changed);
    tp.nlines = 2;
    tp.nphones = 1;
    tp.next_hdcall = 0x1000;
}

static void tp_completer(void *unused)
{
    (void)unused;
    tp.done(tp.pending_id, tp.pending_result);
    if (tp.pending_htcall)
        tp.line[0].ev(tp.pending_htline, tp.pending_htcall, LINE_CALLSTATE, LINECALLSTATE_DIALTONE, 0, 0);
    tspk_mutex_lock(&tp.lock);
    tp.thread_done = 1;
    tspk_cond_broadcast(&tp.changed);
    tspk_mutex_unlock(&tp.lock);
}

/* The asynchronous shape every request function of the raw provider shares. htcall:
 * the call to send an event about after the completion (NULL: a line event). */
static LONG tp_async(DRV_REQUESTID id, HTAPILINE htl, HTAPICALL htc)
{
    tspk_thread th;
    switch (tp.amode) {
    case A_INSIDE:
        tp.done(id, 0);
        if (htc) tp.line[0].ev(htl, htc, LINE_CALLSTATE, LINECALLSTATE_DIALTONE, 0, 0);
        else if (htl) tp.line[0].ev(htl, NULL, LINE_DEVSPECIFIC, 0xAF7E, 0, 0);
        tspk_sleep_ms(30);     /* a window in which an early reply would be delivered */
        break;
    case A_THREAD:
        tp.pending_id = id;
        tp.pending_result = 0;
        tp.pending_htline = htl;
        tp.pending_htcall = htc;
        tp.thread_done = 0;
        tspk_thread_create(&th, tp_completer, NULL);
        tspk_mutex_lock(&tp.lock);
        while (!tp.thread_done) tspk_cond_timedwait(&tp.changed, &tp.lock, 100);
        tspk_mutex_unlock(&tp.lock);
        tspk_thread_join(&th);
        tspk_sleep_ms(30);
        break;
    case A_RETURN0:
        tp.done(id, 0);
        return 0;
    case A_ERROR_COMPLETED:
        tp.done(id, 0);
        return LINEERR_OPERATIONFAILED;
    case A_TWICE:
        tp.done(id, 0);
        tp.done(id, 0);
        break;
    case A_SYNC_ERROR:
        return LINEERR_RESOURCEUNAVAIL;
    case A_FAIL_LATER:
        tp.done(id, LINEERR_CALLUNAVAIL);
        break;
    default:
        break;
    }
    tp_mark_returned(id);
    return (LONG)id;
}

static LONG TSPIAPI tp_lineNegotiateTSPIVersion(DWORD dev, DWORD lo, DWORD hi, LPDWORD v)
{
    char b[64];
    snprintf(b, sizeof b, "negotiate(%s)", dev == INITIALIZE_NEGOTIATION ? "init" : "dev");
    if (dev != INITIALIZE_NEGOTIATION) snprintf(b, sizeof b, "negotiate(%lu)", (unsigned long)dev);
    tp_log(b);
    (void)lo;
    *v = dev == INITIALIZE_NEGOTIATION ? (tp.init_version ? tp.init_version : hi)
                                       : (tp.dev_version ? tp.dev_version : hi);
    return 0;
}

static LONG TSPIAPI tp_phoneNegotiateTSPIVersion(DWORD dev, DWORD lo, DWORD hi, LPDWORD v)
{
    char b[64];
    snprintf(b, sizeof b, "phonenegotiate(%lu)", (unsigned long)dev);
    tp_log(b);
    (void)lo;
    *v = tp.dev_version ? tp.dev_version : hi;
    return 0;
}

static LONG TSPIAPI tp_providerEnumDevices(DWORD perm, LPDWORD nl, LPDWORD np, HPROVIDER h, LINEEVENT lc,
                                           PHONEEVENT pc)
{
    tp_log("enum");
    tp.perm_id = perm;
    tp.hprov = h;
    tp.create_proc = lc;
    tp.phone_create_proc = pc;
    *nl = tp.nlines;
    *np = tp.nphones;
    return 0;
}

static LONG TSPIAPI tp_providerInit(DWORD v, DWORD perm, DWORD lb, DWORD pb, DWORD_PTR nl, DWORD_PTR np,
                                    ASYNC_COMPLETION done, LPDWORD opts)
{
    char b[96];
    snprintf(b, sizeof b, "init(%lx,%lu,%lu,%lu,%lu,%lu)", (unsigned long)v, (unsigned long)perm, (unsigned long)lb,
             (unsigned long)pb, (unsigned long)nl, (unsigned long)np);
    tp_log(b);
    tp.done = done;
    tp.line_base = lb;
    tp.phone_base = pb;
    *opts = tp.options;
    return 0;
}

static LONG TSPIAPI tp_providerShutdown(DWORD v, DWORD perm)
{
    (void)v; (void)perm;
    tp_log("shutdown");
    return 0;
}

static LONG TSPIAPI tp_providerCreateLineDevice(DWORD_PTR temp, DWORD id)
{
    tspk_mutex_lock(&tp.lock);
    tp.created_temp = temp;
    tp.created_id = id;
    tp.create_thread = tspk_thread_self_id();
    if (tp.nlines < 8) tp.nlines++;
    tspk_mutex_unlock(&tp.lock);
    tp_log("createline");
    return 0;
}

static LONG TSPIAPI tp_providerCreatePhoneDevice(DWORD_PTR temp, DWORD id)
{
    tspk_mutex_lock(&tp.lock);
    tp.created_temp = temp;
    tp.created_id = id;
    if (tp.nphones < 4) tp.nphones++;
    tspk_mutex_unlock(&tp.lock);
    tp_log("createphone");
    return 0;
}

static LONG TSPIAPI tp_lineOpen(DWORD dev, HTAPILINE ht, LPHDRVLINE hd, DWORD v, LINEEVENT ev)
{
    DWORD i = dev - tp.line_base;
    (void)v;
    if (i >= 8) return LINEERR_BADDEVICEID;
    tp_log("open");
    tp.line[i].ht = ht;
    tp.line[i].ev = ev;
    tp.line[i].open = 1;
    *hd = (HDRVLINE)(uintptr_t)(0x100 + i);
    return 0;
}

static LONG TSPIAPI tp_lineClose(HDRVLINE hd)
{
    tp.line[(uintptr_t)hd - 0x100].open = 0;
    tp_log("close");
    return 0;
}

static LONG TSPIAPI tp_lineMakeCall(DRV_REQUESTID id, HDRVLINE hd, HTAPICALL htc, LPHDRVCALL lphd, LPCWSTR dest,
                                    DWORD country, LPLINECALLPARAMS const cp)
{
    DWORD i = (DWORD)((uintptr_t)hd - 0x100);
    (void)dest; (void)country; (void)cp;
    tp_log("makecall");
    tp.last_htcall = htc;
    if (!tp.skip_hdcall) *lphd = (HDRVCALL)(uintptr_t)tp.next_hdcall++;
    if (tp.early_event) tp.line[i].ev(tp.line[i].ht, htc, LINE_CALLSTATE, LINECALLSTATE_DIALTONE, 0, 0);
    return tp_async(id, tp.line[i].ht, htc);
}

static LONG TSPIAPI tp_lineAnswer(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    (void)hd; (void)uui; (void)size;
    tp_log("answer");
    return tp_async(id, NULL, NULL);
}

static LONG TSPIAPI tp_lineDrop(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    (void)hd; (void)uui; (void)size;
    tp_log("drop");
    return tp_async(id, NULL, NULL);
}

static LONG TSPIAPI tp_lineCloseCall(HDRVCALL hd)
{
    tspk_mutex_lock(&tp.lock);
    if (tp.nclosed < 32) tp.closed[tp.nclosed++] = hd;
    tspk_mutex_unlock(&tp.lock);
    tp_log("closecall");
    return 0;
}

static LONG TSPIAPI tp_lineGetLineDevStatus(HDRVLINE hd, LPLINEDEVSTATUS ds)
{
    tspk_varbuf vb;
    LONG r;
    (void)hd;
    tp_enter();
    if (tp.block_for_second) {
        uint64_t deadline = tspk_now_us() + 300000u;
        tspk_mutex_lock(&tp.lock);
        while (tp.inside < 2 && tspk_now_us() < deadline) tspk_cond_timedwait(&tp.changed, &tp.lock, 20);
        tspk_mutex_unlock(&tp.lock);
    }
    if (tp.sync_status_result) return tp_leave(tp.sync_status_result);
    r = tspk_varbuf_begin(&vb, ds, tspk_linedevstatus_size(0x00030001));
    if (!r) r = tspk_varbuf_end(&vb);
    return tp_leave(r);
}

static LONG TSPIAPI tp_lineNegotiateExtVersion(DWORD dev, DWORD v, DWORD lo, DWORD hi, LPDWORD ext)
{
    (void)dev; (void)v; (void)lo;
    *ext = tp.ext_answer ? tp.ext_answer : hi;
    return 0;
}

static LONG TSPIAPI tp_lineSelectExtVersion(HDRVLINE hd, DWORD ext)
{
    (void)hd;
    tp.ext_selected = ext;
    return 0;
}

static void tp_devspecific_thread(void *unused)
{
    (void)unused;
    tp.done(tp.pending_id, 0);
}

static LPVOID devspecific_buf;
static LONG TSPIAPI tp_lineDevSpecific(DRV_REQUESTID id, HDRVLINE hd, DWORD addr, HDRVCALL hdc, LPVOID params,
                                       DWORD size)
{
    tspk_thread th;
    (void)hd; (void)addr; (void)hdc;
    /* Results go into TAPI's copy of the buffer until the request completes. */
    if (params && size >= sizeof(DWORD)) memcpy(params, &tp.devspecific_fill, sizeof(DWORD));
    devspecific_buf = params;
    tp.pending_id = id;
    tspk_thread_create(&th, tp_devspecific_thread, NULL);
    tspk_thread_join(&th);
    tp_mark_returned(id);
    return (LONG)id;
}

static LONG TSPIAPI tp_phoneOpen(DWORD dev, HTAPIPHONE ht, LPHDRVPHONE hd, DWORD v, PHONEEVENT ev)
{
    DWORD i = dev - tp.phone_base;
    (void)v;
    if (i >= 4) return PHONEERR_BADDEVICEID;
    tp_log("phoneopen");
    tp.phone[i].ht = ht;
    tp.phone[i].ev = ev;
    tp.phone[i].open = 1;
    *hd = (HDRVPHONE)(uintptr_t)(0x200 + i);
    return 0;
}

static LONG TSPIAPI tp_phoneClose(HDRVPHONE hd)
{
    tp.phone[(uintptr_t)hd - 0x200].open = 0;
    tp_log("phoneclose");
    return 0;
}

static LONG TSPIAPI tp_phoneGetStatus(HDRVPHONE hd, LPPHONESTATUS ps)
{
    tspk_varbuf vb;
    LONG r;
    (void)hd;
    r = tspk_varbuf_begin(&vb, ps, tspk_phonestatus_size(0x00030001));
    if (r) return PHONEERR_STRUCTURETOOSMALL;
    ps->dwStatusFlags = PHONESTATUSFLAGS_CONNECTED;
    tspk_varbuf_add_wstr(&vb, &ps->dwDisplaySize, &ps->dwDisplayOffset, "hello");
    return tspk_varbuf_end(&vb);
}

static LONG TSPIAPI tp_phoneGetDisplay(HDRVPHONE hd, LPVARSTRING vs)
{
    tspk_varbuf vb;
    LONG r;
    (void)hd;
    if ((r = tspk_varbuf_begin(&vb, vs, tspk_varstring_size(0x00030001))) != 0) return PHONEERR_STRUCTURETOOSMALL;
    vs->dwStringFormat = STRINGFORMAT_UNICODE;
    tspk_varbuf_add_wstr(&vb, &vs->dwStringSize, &vs->dwStringOffset, "hello");
    return tspk_varbuf_end(&vb);
}

static LONG TSPIAPI tp_phoneSetDisplay(DRV_REQUESTID id, HDRVPHONE hd, DWORD row, DWORD col, LPCWSTR text, DWORD size)
{
    (void)hd; (void)row; (void)col; (void)text; (void)size;
    tp_log("setdisplay");
    return tp_async(id, NULL, NULL);
}

static LONG TSPIAPI tp_phoneGetHookSwitch(HDRVPHONE hd, LPDWORD devs)
{
    (void)hd;
    *devs = PHONEHOOKSWITCHDEV_HANDSET;
    return 0;
}

static LONG TSPIAPI tp_phoneSetHookSwitch(DRV_REQUESTID id, HDRVPHONE hd, DWORD devs, DWORD mode)
{
    (void)hd; (void)devs; (void)mode;
    return tp_async(id, NULL, NULL);
}

static LONG TSPIAPI tp_phoneGetRing(HDRVPHONE hd, LPDWORD mode, LPDWORD vol)
{
    (void)hd;
    *mode = 2;
    *vol = 0x8000;
    return 0;
}

static LONG TSPIAPI tp_phoneSetRing(DRV_REQUESTID id, HDRVPHONE hd, DWORD mode, DWORD vol)
{
    (void)hd; (void)mode; (void)vol;
    return tp_async(id, NULL, NULL);
}

static LONG TSPIAPI tp_phoneSetVolume(DRV_REQUESTID id, HDRVPHONE hd, DWORD dev, DWORD vol)
{
    (void)hd; (void)dev; (void)vol;
    return tp_async(id, NULL, NULL);
}

static LONG TSPIAPI tp_phoneSetGain(DRV_REQUESTID id, HDRVPHONE hd, DWORD dev, DWORD gain)
{
    (void)hd; (void)dev; (void)gain;
    return tp_async(id, NULL, NULL);
}

static LONG TSPIAPI tp_phoneNegotiateExtVersion(DWORD dev, DWORD v, DWORD lo, DWORD hi, LPDWORD ext)
{
    (void)dev; (void)v; (void)lo;
    *ext = tp.ext_answer ? tp.ext_answer : hi;
    return 0;
}

static LONG TSPIAPI tp_phoneSelectExtVersion(HDRVPHONE hd, DWORD ext)
{
    (void)hd; (void)ext;
    return 0;
}

static hx_tspi raw;

static void raw_table(void)
{
    memset(&raw, 0, sizeof raw);
    raw.TSPI_lineNegotiateTSPIVersion = tp_lineNegotiateTSPIVersion;
    raw.TSPI_phoneNegotiateTSPIVersion = tp_phoneNegotiateTSPIVersion;
    raw.TSPI_providerEnumDevices = tp_providerEnumDevices;
    raw.TSPI_providerInit = tp_providerInit;
    raw.TSPI_providerShutdown = tp_providerShutdown;
    raw.TSPI_providerCreateLineDevice = tp_providerCreateLineDevice;
    raw.TSPI_providerCreatePhoneDevice = tp_providerCreatePhoneDevice;
    raw.TSPI_lineOpen = tp_lineOpen;
    raw.TSPI_lineClose = tp_lineClose;
    raw.TSPI_lineMakeCall = tp_lineMakeCall;
    raw.TSPI_lineAnswer = tp_lineAnswer;
    raw.TSPI_lineDrop = tp_lineDrop;
    raw.TSPI_lineCloseCall = tp_lineCloseCall;
    raw.TSPI_lineGetLineDevStatus = tp_lineGetLineDevStatus;
    raw.TSPI_lineNegotiateExtVersion = tp_lineNegotiateExtVersion;
    raw.TSPI_lineSelectExtVersion = tp_lineSelectExtVersion;
    raw.TSPI_lineDevSpecific = tp_lineDevSpecific;
    raw.TSPI_phoneOpen = tp_phoneOpen;
    raw.TSPI_phoneClose = tp_phoneClose;
    raw.TSPI_phoneGetStatus = tp_phoneGetStatus;
    raw.TSPI_phoneGetDisplay = tp_phoneGetDisplay;
    raw.TSPI_phoneSetDisplay = tp_phoneSetDisplay;
    raw.TSPI_phoneGetHookSwitch = tp_phoneGetHookSwitch;
    raw.TSPI_phoneSetHookSwitch = tp_phoneSetHookSwitch;
    raw.TSPI_phoneGetRing = tp_phoneGetRing;
    raw.TSPI_phoneSetRing = tp_phoneSetRing;
    raw.TSPI_phoneSetVolume = tp_phoneSetVolume;
    raw.TSPI_phoneSetGain = tp_phoneSetGain;
    raw.TSPI_phoneNegotiateExtVersion = tp_phoneNegotiateExtVersion;
    raw.TSPI_phoneSelectExtVersion = tp_phoneSelectExtVersion;
}

/* ==== the application ==== */

#define MAX_SEEN 1024
static struct app {
    tspk_mutex lock;
    hx_msg seen[MAX_SEEN];
    int returned_at_reply[MAX_SEEN];   /* for replies: had the function returned? */
    int n;
    int early_replies;                 /* replies seen before their function returned */
    int answer_in_callback;            /* answer each new call from inside the callback */
    LONG answered_result;
    int answered;
    int hold, holding;                 /* LINE_DEVSPECIFIC 0xB10C waits while hold is set */
    DWORD slow_reply, wake_with;       /* the LINE_REPLY for slow_reply completes wake_with, then pauses */
    int slow_reply_done;
    tspk_cond changed;
} app;

static void app_reset(void)
{
    memset(&app, 0, sizeof app);
    tspk_mutex_init(&app.lock);
    tspk_cond_init(&app.changed);
    app.answered_result = 1;
}

static hx_srv *cur_srv;
static int raw_running;     /* the raw provider marks returns; the example provider does not */

static void on_msg(void *user, const hx_msg *m)
{
    int was_returned = 1;
    (void)user;
    if (raw_running && (m->msg == LINE_REPLY || m->msg == PHONE_REPLY)) was_returned = tp_was_returned((DWORD)m->p1);
    tspk_mutex_lock(&app.lock);
    if (app.n < MAX_SEEN) {
        app.returned_at_reply[app.n] = was_returned;
        app.seen[app.n++] = *m;
    }
    if (!was_returned) app.early_replies++;
    if (m->msg == LINE_DEVSPECIFIC && m->p1 == 0xB10C) {
        uint64_t deadline = tspk_now_us() + WAIT_MS * 1000u;
        app.holding = 1;
        tspk_cond_broadcast(&app.changed);
        while (app.hold && tspk_now_us() < deadline) tspk_cond_timedwait(&app.changed, &app.lock, 20);
        app.holding = 0;
    }
    tspk_mutex_unlock(&app.lock);
    if (m->msg == LINE_REPLY && app.slow_reply && m->p1 == app.slow_reply) {
        /* Another completion wakes whoever waits in the harness; then a window in which
         * the application is still busy with this reply. */
        if (app.wake_with) tp.done(app.wake_with, 0);
        tspk_sleep_ms(30);
        tspk_mutex_lock(&app.lock);
        app.slow_reply_done = 1;
        tspk_mutex_unlock(&app.lock);
    }
    if (app.answer_in_callback && m->msg == LINE_CALLSTATE && m->p1 == LINECALLSTATE_OFFERING && m->call) {
        /* From inside the callback: an operation, and waiting for its reply there. */
        LONG r = hx_srv_wait_reply(cur_srv, hx_call_answer(m->call, NULL, 0), WAIT_MS);
        tspk_mutex_lock(&app.lock);
        app.answered_result = r;
        app.answered++;
        tspk_mutex_unlock(&app.lock);
    }
}

static void print_trace(void *user, const hx_trace_rec *r)
{
    char line[HX_TRACE_LINE_MAX];
    (void)user;
    if (r->kind != HX_TR_REPORT && !getenv("TSPKIT_TEST_TRACE")) return;
    hx_trace_format_text(r, line, sizeof line);
    fprintf(stderr, "%s\n", line);
}

static hx_srv *start_srv(const hx_tspi *t, unsigned timeout_ms)
{
    hx_srv_config cfg;
    hx_srv *s;
    /* A failed test leaves its harness behind. */
    if (cur_srv) hx_srv_destroy(cur_srv);
    cur_srv = NULL;
    s = hx_srv_create(t, on_msg, NULL);
    assert_non_null(s);
    hx_srv_set_trace(s, print_trace, NULL);
    hx_srv_config_default(&cfg);
    cfg.line_base = 10;
    cfg.phone_base = 20;
    if (timeout_ms) cfg.timeout_ms = timeout_ms;
    assert_int_equal(hx_srv_start(s, &cfg), 0);
    cur_srv = s;
    return s;
}

static hx_srv *start_raw(unsigned timeout_ms)
{
    raw_table();
    raw_running = 1;
    return start_srv(&raw, timeout_ms);
}

static void finish(hx_srv *s)
{
    hx_srv_stop(s);
    hx_srv_destroy(s);
    cur_srv = NULL;
}

/* The report i formatted's first line, or "" when there is none. */
static const char *report_line(hx_srv *s, size_t i)
{
    static char text[HX_REPORT_TEXT_MAX];
    hx_report r;
    if (hx_checks_get(hx_srv_checks(s), i, &r)) return "";
    hx_report_format(&r, text, sizeof text);
    text[strcspn(text, "\n")] = '\0';
    return text;
}

static void assert_reports(hx_srv *s, size_t n)
{
    size_t i, have = hx_srv_reports(s);
    if (have != n)
        for (i = 0; i < have; i++) fprintf(stderr, "report %lu: %s\n", (unsigned long)i, report_line(s, i));
    assert_int_equal(have, n);
}

/* Waits (bounded) until the harness has made n reports. */
static void wait_reports(hx_srv *s, size_t n, unsigned ms)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)ms * 1000u;
    while (hx_srv_reports(s) < n && tspk_now_us() < deadline) tspk_sleep_ms(5);
}

static int seen_index(DWORD msg, int from)
{
    int i, found = -1;
    tspk_mutex_lock(&app.lock);
    for (i = from; i < app.n && found < 0; i++)
        if (app.seen[i].msg == msg) found = i;
    tspk_mutex_unlock(&app.lock);
    return found;
}

/* ==== lifecycle ==== */

static void test_lifecycle_order(void **state)
{
    hx_srv *s;
    (void)state;
    tp_reset();
    app_reset();
    s = start_raw(0);
    printf("TSPI calls: %s\n", tp.log);
    assert_string_equal(tp.log, "negotiate(init);enum;init(30001,7,10,20,2,1);negotiate(10);negotiate(11);"
                                "phonenegotiate(20);");
    assert_int_equal(tp.perm_id, 7);
    assert_int_equal(hx_srv_version(s), 0x00030001);
    assert_int_equal(hx_srv_num_lines(s), 2);
    assert_int_equal(hx_srv_num_phones(s), 1);
    assert_non_null(hx_srv_line(s, 10));
    assert_non_null(hx_srv_line(s, 11));
    assert_null(hx_srv_line(s, 12));
    assert_null(hx_srv_line(s, 0));
    assert_non_null(hx_srv_phone(s, 20));
    assert_null(hx_srv_phone(s, 21));
    tp.log[0] = '\0';
    {
        hx_line *l;
        assert_int_equal(hx_line_open(s, 10, &l), 0);
        assert_int_equal(hx_line_open(s, 10, &l), (LONG)LINEERR_ALLOCATED);
    }
    finish(s);
    printf("TSPI calls: %s\n", tp.log);
    /* Open lines are closed before the provider is shut down. */
    assert_string_equal(tp.log, "negotiate(10);open;negotiate(10);close;shutdown;");
}

static void test_second_srv_refused(void **state)
{
    hx_srv *s;
    (void)state;
    tp_reset();
    app_reset();
    raw_table();
    s = hx_srv_create(&raw, NULL, NULL);
    assert_non_null(s);
    assert_null(hx_srv_create(&raw, NULL, NULL));
    hx_srv_destroy(s);
    s = hx_srv_create(&raw, NULL, NULL);
    assert_non_null(s);
    hx_srv_destroy(s);
}

/* ==== the ordering guarantee (seed 004) ==== */

/* lineMakeCall completed (and an event sent) inside the function, or from another
 * thread while it has not returned: the reply comes after the return, the event after
 * the reply. */
static void check_reply_after_return(int mode)
{
    hx_srv *s;
    hx_line *l;
    hx_call *c = NULL;
    LONG r;
    int i, reply, event;
    tp_reset();
    app_reset();
    tp.amode = mode;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    for (i = 0; i < 5; i++) {
        r = hx_line_make_call(l, "1", 0, NULL, &c);
        assert_true(r > 0);
        assert_int_equal(hx_srv_wait_reply(s, r, WAIT_MS), 0);
        assert_int_equal(hx_srv_wait_call_state(s, c, LINECALLSTATE_DIALTONE, WAIT_MS), 0);
        assert_int_equal(hx_call_close(c), 0);
        r = hx_srv_wait_reply(s, hx_line_dev_specific(l, 0, NULL, NULL, 0), WAIT_MS);
        assert_int_equal(r, 0);
    }
    assert_int_equal(hx_srv_flush(s, WAIT_MS), 0);
    printf("%d messages, %d replies before their function returned\n", app.n, app.early_replies);
    assert_int_equal(app.early_replies, 0);
    /* Each reply precedes the event sent after the completion. */
    for (event = 0, i = 0; i < 5; i++) {
        reply = seen_index(LINE_REPLY, event);
        event = seen_index(LINE_CALLSTATE, event);
        assert_true(reply >= 0 && event > reply);
        event++;
    }
    assert_reports(s, 0);
    finish(s);
}

static void test_reply_after_return_inside(void **state)
{
    (void)state;
    check_reply_after_return(A_INSIDE);
}

static void test_reply_after_return_thread(void **state)
{
    (void)state;
    check_reply_after_return(A_THREAD);
}

/* Events from a provider thread keep their order, replies included. */
typedef struct burst { hx_srv *s; } burst;
static void burst_thread(void *user)
{
    DWORD i;
    (void)user;
    for (i = 0; i < 300; i++) tp.line[0].ev(tp.line[0].ht, NULL, LINE_DEVSPECIFIC, i, 0, 0);
}

static void test_fifo_order(void **state)
{
    hx_srv *s;
    hx_line *l;
    tspk_thread th;
    LONG ids[20];
    DWORD expect = 0;
    int i, k = 0;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_LATER;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    assert_int_equal(tspk_thread_create(&th, burst_thread, NULL), 0);
    for (i = 0; i < 20; i++) {
        ids[i] = hx_line_dev_specific(l, 0, NULL, NULL, 0);
        assert_true(ids[i] > 0);
    }
    tspk_thread_join(&th);
    assert_int_equal(hx_srv_flush(s, WAIT_MS), 0);
    /* dev-specific requests of the raw provider complete from a thread before returning. */
    for (i = 0; i < 20; i++) assert_int_equal(hx_srv_wait_reply(s, ids[i], WAIT_MS), 0);
    tspk_mutex_lock(&app.lock);
    for (i = 0; i < app.n; i++) {
        if (app.seen[i].msg == LINE_DEVSPECIFIC) {
            if (app.seen[i].p1 != expect) fprintf(stderr, "message %d: %lu, expected %lu\n", i,
                                                  (unsigned long)app.seen[i].p1, (unsigned long)expect);
            assert_int_equal(app.seen[i].p1, expect);
            expect++;
        } else if (app.seen[i].msg == LINE_REPLY) {
            assert_int_equal(app.seen[i].p1, (DWORD)ids[k]);
            k++;
        }
    }
    tspk_mutex_unlock(&app.lock);
    assert_int_equal(expect, 300);
    assert_int_equal(k, 20);
    assert_int_equal(app.early_replies, 0);
    assert_reports(s, 0);
    finish(s);
}

/* hx_srv_wait_reply returns once the reply was delivered (tapisrv.h), not as soon as the
 * harness is done with the request: here the application callback is still busy with
 * the reply while another completion wakes every waiter. */
static void test_wait_reply_after_delivery(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_call *c1, *c2;
    LONG r1, r2, r;
    int done;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_LATER;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    r1 = hx_line_make_call(l, "1", 0, NULL, &c1);
    r2 = hx_line_make_call(l, "2", 0, NULL, &c2);
    assert_true(r1 > 0 && r2 > 0);
    app.slow_reply = (DWORD)r1;
    app.wake_with = (DWORD)r2;
    tp.done((DWORD)r1, 0);
    r = hx_srv_wait_reply(s, r1, WAIT_MS);
    tspk_mutex_lock(&app.lock);
    done = app.slow_reply_done;
    tspk_mutex_unlock(&app.lock);
    printf("wait for request %ld = %ld; the application %s\n", (long)r1, (long)r,
           done ? "had finished with its reply" : "was still busy with its reply");
    assert_int_equal(r, 0);
    assert_int_equal(done, 1);
    assert_int_equal(hx_srv_wait_reply(s, r2, WAIT_MS), 0);
    assert_reports(s, 0);
    finish(s);
}

/* ==== the asynchronous rules ==== */

static void test_async_return_zero(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_call *c;
    LONG r;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_RETURN0;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    r = hx_line_make_call(l, "1", 0, NULL, &c);
    printf("lineMakeCall gave %ld\n", (long)r);
    assert_true(r > 0);
    /* Treated as the ID: the completion that came is delivered. */
    assert_int_equal(hx_srv_wait_reply(s, r, WAIT_MS), 0);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE ASYNC_RETURN in TSPI_lineMakeCall: returned 0 for request 1");
    finish(s);
}

static void test_async_error_completed(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_call *c;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_ERROR_COMPLETED;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    assert_int_equal(hx_line_make_call(l, "1", 0, NULL, &c), (LONG)LINEERR_OPERATIONFAILED);
    assert_null(c);
    assert_int_equal(hx_srv_flush(s, WAIT_MS), 0);
    assert_int_equal(seen_index(LINE_REPLY, 0), -1);     /* no reply after an error */
    assert_int_equal(tp.nclosed, 0);                      /* and no lineCloseCall */
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE ASYNC_ERROR_COMPLETED in TSPI_lineMakeCall: returned "
                                           "LINEERR_OPERATIONFAILED for request 1 after calling ASYNC_COMPLETION(1, 0) for it");
    /* A completion after the error return is the same mistake. */
    tp.done(1, 0);
    assert_reports(s, 2);
    assert_string_equal(report_line(s, 1), "CONFORMANCE ASYNC_ERROR_COMPLETED in ASYNC_COMPLETION: request 1 "
                                           "completed with 0 after its function returned LINEERR_OPERATIONFAILED");
    finish(s);
}

static void test_completion_twice_and_unknown(void **state)
{
    hx_srv *s;
    hx_call *c = NULL;
    hx_line *l;
    LONG r;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_TWICE;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    r = hx_line_make_call(l, "1", 0, NULL, &c);
    assert_int_equal(hx_srv_wait_reply(s, r, WAIT_MS), 0);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE COMPLETION_TWICE in ASYNC_COMPLETION: request 1 "
                                           "(TSPI_lineMakeCall) completed again with 0 (first: 0)");
    /* Again, after the reply was delivered. */
    tp.done(1, LINEERR_OPERATIONFAILED);
    assert_string_equal(report_line(s, 1), "CONFORMANCE COMPLETION_TWICE in ASYNC_COMPLETION: request 1 completed "
                                           "again with LINEERR_OPERATIONFAILED (first: 0)");
    tp.done(777, 0);
    assert_string_equal(report_line(s, 2), "CONFORMANCE COMPLETION_UNKNOWN in ASYNC_COMPLETION: request 777 "
                                           "(result 0) was never issued or is finished");
    tp.done(0, 0);
    assert_reports(s, 4);
    finish(s);
}

static void test_completion_missing(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_call *c;
    LONG r1, r2, r3;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_NEVER;
    s = start_raw(200);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    /* Waited for: reported when the wait times out. */
    r1 = hx_line_make_call(l, "1", 0, NULL, &c);
    assert_int_equal(hx_srv_wait_reply(s, r1, 100), (LONG)LINEERR_OPERATIONFAILED);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE COMPLETION_MISSING in TSPI_lineMakeCall: no ASYNC_COMPLETION "
                                           "for request 1 within 100 ms");
    /* Not waited for: the sweep reports it after the timeout. */
    r2 = hx_line_dev_specific(l, 0, NULL, NULL, 0);
    assert_true(r2 > 0);
    tp.amode = A_NEVER;
    r3 = hx_call_drop(c, NULL, 0);
    assert_true(r3 > 0);
    wait_reports(s, 2, 5000);
    assert_reports(s, 2);
    assert_string_equal(report_line(s, 1), "CONFORMANCE COMPLETION_MISSING in TSPI_lineDrop: no ASYNC_COMPLETION "
                                           "for request 3 within 200 ms");
    /* Its late completion is still delivered. */
    tp.done((DWORD)r3, 0);
    assert_int_equal(hx_srv_wait_reply(s, r3, WAIT_MS), 0);
    /* Request 1 is still outstanding at shutdown, but was reported already. */
    hx_srv_stop(s);
    assert_reports(s, 2);
    finish(s);
}

static void test_completion_missing_at_shutdown(void **state)
{
    hx_srv *s;
    hx_line *l;
    LONG r;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_NEVER;
    s = start_raw(60000);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    r = hx_line_make_call(l, "1", 0, NULL, NULL);
    assert_true(r > 0);
    hx_srv_stop(s);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE COMPLETION_MISSING in TSPI_lineMakeCall: request 1 still "
                                           "outstanding at TSPI_providerShutdown");
    finish(s);
}

static void test_sync_return(void **state)
{
    hx_srv *s;
    hx_line *l;
    LINEDEVSTATUS ds;
    (void)state;
    tp_reset();
    app_reset();
    tp.sync_status_result = 5;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    assert_int_equal(hx_line_get_dev_status(l, &ds, sizeof ds), 5);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE SYNC_RETURN in TSPI_lineGetLineDevStatus: returned 5");
    finish(s);
}

/* ==== calls made by the application ==== */

static void test_makecall_async_failure_closes_call(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_call *c;
    LONG r;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_FAIL_LATER;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    r = hx_line_make_call(l, "1", 0, NULL, &c);
    assert_true(r > 0);
    assert_int_equal(hx_srv_wait_reply(s, r, WAIT_MS), (LONG)LINEERR_CALLUNAVAIL);
    /* TAPI closed the call itself, with the handle the provider gave (0x1000). */
    assert_int_equal(tp.nclosed, 1);
    assert_ptr_equal(tp.closed[0], (HDRVCALL)(uintptr_t)0x1000);
    assert_int_equal(hx_call_close(c), (LONG)LINEERR_INVALCALLHANDLE);
    assert_int_equal(tp.nclosed, 1);
    /* A synchronous failure: nothing to close (tspi_lineclosecall remarks). */
    tp.amode = A_SYNC_ERROR;
    assert_int_equal(hx_line_make_call(l, "1", 0, NULL, &c), (LONG)LINEERR_RESOURCEUNAVAIL);
    assert_int_equal(hx_srv_flush(s, WAIT_MS), 0);
    assert_int_equal(tp.nclosed, 1);
    assert_reports(s, 0);
    finish(s);
}

static void test_hdcall_not_written(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_call *c;
    LONG r;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_LATER;
    tp.skip_hdcall = 1;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    r = hx_line_make_call(l, "1", 0, NULL, &c);
    assert_true(r > 0);
    tp.done((DWORD)r, 0);
    assert_int_equal(hx_srv_wait_reply(s, r, WAIT_MS), 0);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE HDCALL_NOT_WRITTEN in TSPI_lineMakeCall: returned 1 for "
                                           "request 1 and left *lphdCall at the harness's mark 0x48584321");
    finish(s);
}

static void test_event_before_created(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_call *c;
    LONG r;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_LATER;
    tp.early_event = 1;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    r = hx_line_make_call(l, "1", 0, NULL, &c);
    assert_true(r > 0);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE EVENT_BEFORE_CREATED in LINEEVENT: LINE_CALLSTATE for htCall "
                                           "0x80010001 before its TSPI_lineMakeCall (request 1) completed successfully");
    /* After the successful completion the same event is fine, and delivered. */
    tp.done((DWORD)r, 0);
    assert_int_equal(hx_srv_wait_reply(s, r, WAIT_MS), 0);
    tp.line[0].ev(tp.line[0].ht, tp.last_htcall, LINE_CALLSTATE, LINECALLSTATE_DIALTONE, 0, 0);
    assert_int_equal(hx_srv_wait_call_state(s, c, LINECALLSTATE_DIALTONE, WAIT_MS), 0);
    assert_reports(s, 1);
    finish(s);
}

static void test_dev_specific_copy_back(void **state)
{
    hx_srv *s;
    hx_line *l;
    DWORD params[4] = { 1, 2, 3, 4 };
    LONG r;
    (void)state;
    tp_reset();
    app_reset();
    tp.devspecific_fill = 0xC0FFEE;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    r = hx_line_dev_specific(l, 0, NULL, params, sizeof params);
    assert_true(r > 0);
    /* The provider wrote TAPI's copy, not the application's buffer... */
    assert_true(devspecific_buf != (LPVOID)params);
    assert_int_equal(hx_srv_wait_reply(s, r, WAIT_MS), 0);
    /* ...which gets it with the reply. */
    assert_int_equal(params[0], 0xC0FFEE);
    assert_int_equal(params[3], 4);
    assert_reports(s, 0);
    finish(s);
}

/* ==== incoming calls and handles ==== */

static HTAPICALL tp_newcall(int line, DWORD hd)
{
    HTAPICALL ht = (HTAPICALL)(uintptr_t)0x1234;
    tp.line[line].ev(tp.line[line].ht, NULL, LINE_NEWCALL, hd, (DWORD_PTR)&ht, 0);
    return ht;
}

static void test_newcall_exchange(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_msg m;
    HTAPICALL ht;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_INSIDE;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    ht = tp_newcall(0, 0x5001);
    printf("htCall written back: 0x%lx\n", (unsigned long)(uintptr_t)ht);
    assert_non_null(ht);
    assert_true(ht != (HTAPICALL)(uintptr_t)0x1234);
    assert_int_equal(hx_srv_wait_msg(s, LINE_NEWCALL, l, WAIT_MS, &m), 0);
    assert_non_null(m.call);
    assert_int_equal(m.p1, 0x5001);
    assert_int_equal(m.p2, (DWORD_PTR)ht);
    assert_true(hx_call_is_incoming(m.call));
    assert_ptr_equal(hx_call_line(m.call), l);
    tp.line[0].ev(tp.line[0].ht, ht, LINE_CALLSTATE, LINECALLSTATE_OFFERING, 0, LINEMEDIAMODE_INTERACTIVEVOICE);
    assert_int_equal(hx_srv_wait_call_state(s, m.call, LINECALLSTATE_OFFERING, WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_reply(s, hx_call_answer(m.call, NULL, 0), WAIT_MS), 0);
    assert_int_equal(hx_call_close(m.call), 0);
    assert_ptr_equal(tp.closed[0], (HDRVCALL)(uintptr_t)0x5001);
    assert_reports(s, 0);
    /* Without hdCall, or without the place for htCall. */
    tp.line[0].ev(tp.line[0].ht, NULL, LINE_NEWCALL, 0, (DWORD_PTR)&ht, 0);
    assert_null(ht);
    tp.line[0].ev(tp.line[0].ht, NULL, LINE_NEWCALL, 0x5002, 0, 0);
    assert_reports(s, 2);
    assert_memory_equal(report_line(s, 0), "CONFORMANCE NEWCALL_INVALID in LINEEVENT: LINE_NEWCALL on htLine 0x40010001 "
                                           "with hdCall 0x0, lphtCall 0x", 100);
    assert_string_equal(report_line(s, 1), "CONFORMANCE NEWCALL_INVALID in LINEEVENT: LINE_NEWCALL on htLine 0x40010001 "
                                           "with hdCall 0x5002, lphtCall 0x0");
    finish(s);
}

static void test_handles_closed_and_unknown(void **state)
{
    hx_srv *s;
    hx_line *l, *l2;
    hx_phone *p;
    hx_msg m;
    HTAPILINE old_line;
    HTAPICALL ht, ht2;
    HTAPIPHONE old_phone;
    (void)state;
    tp_reset();
    app_reset();
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    assert_int_equal(hx_line_open(s, 11, &l2), 0);
    ht = tp_newcall(0, 0x6001);
    assert_int_equal(hx_srv_wait_msg(s, LINE_NEWCALL, l, WAIT_MS, &m), 0);
    ht2 = tp_newcall(1, 0x6002);
    /* A call of line 11 named on line 10. */
    tp.line[0].ev(tp.line[0].ht, ht2, LINE_CALLSTATE, LINECALLSTATE_OFFERING, 0, 0);
    assert_int_equal(hx_call_close(m.call), 0);
    tp.line[0].ev(tp.line[0].ht, ht, LINE_CALLSTATE, LINECALLSTATE_IDLE, 0, 0);
    tp.line[0].ev(tp.line[0].ht, (HTAPICALL)(uintptr_t)0x87770001u, LINE_CALLSTATE, LINECALLSTATE_IDLE, 0, 0);
    old_line = tp.line[0].ht;
    assert_int_equal(hx_line_close(l), 0);
    tp.line[0].ev(old_line, NULL, LINE_LINEDEVSTATE, LINEDEVSTATE_OTHER, 0, 0);
    tp.line[0].ev((HTAPILINE)(uintptr_t)0x40020005u, NULL, LINE_LINEDEVSTATE, LINEDEVSTATE_OTHER, 0, 0);
    tp.line[0].ev((HTAPILINE)&m, NULL, LINE_LINEDEVSTATE, LINEDEVSTATE_OTHER, 0, 0);
    assert_int_equal(hx_phone_open(s, 20, &p), 0);
    old_phone = tp.phone[0].ht;
    assert_int_equal(hx_phone_close(p), 0);
    tp.phone[0].ev(old_phone, PHONE_STATE, PHONESTATE_DISPLAY, 0, 0);
    tp.phone[0].ev((HTAPIPHONE)(uintptr_t)0xC0030001u, PHONE_STATE, PHONESTATE_DISPLAY, 0, 0);
    assert_reports(s, 8);
    assert_string_equal(report_line(s, 0), "CONFORMANCE EVENT_UNKNOWN_CALL in LINEEVENT: LINE_CALLSTATE for htCall "
                                           "0x80010002 on htLine 0x40010001: the call is on device 11");
    assert_string_equal(report_line(s, 1), "CONFORMANCE EVENT_CLOSED_CALL in LINEEVENT: LINE_CALLSTATE for htCall "
                                           "0x80010001, closed");
    assert_string_equal(report_line(s, 2), "CONFORMANCE EVENT_UNKNOWN_CALL in LINEEVENT: LINE_CALLSTATE for htCall "
                                           "0x87770001, never issued");
    assert_string_equal(report_line(s, 3), "CONFORMANCE EVENT_CLOSED_LINE in LINEEVENT: LINE_LINEDEVSTATE for htLine "
                                           "0x40010001, closed");
    assert_string_equal(report_line(s, 4), "CONFORMANCE EVENT_UNKNOWN_LINE in LINEEVENT: LINE_LINEDEVSTATE for htLine "
                                           "0x40020005, never issued");
    assert_memory_equal(report_line(s, 5), "CONFORMANCE EVENT_UNKNOWN_LINE in LINEEVENT: LINE_LINEDEVSTATE for htLine 0x",
                        strlen("CONFORMANCE EVENT_UNKNOWN_LINE in LINEEVENT: LINE_LINEDEVSTATE for htLine 0x"));
    assert_string_equal(report_line(s, 6), "CONFORMANCE EVENT_CLOSED_PHONE in PHONEEVENT: PHONE_STATE for htPhone "
                                           "0xc0010001, closed");
    assert_string_equal(report_line(s, 7), "CONFORMANCE EVENT_UNKNOWN_PHONE in PHONEEVENT: PHONE_STATE for htPhone "
                                           "0xc0030001, never issued");
    finish(s);
}

/* What was queued about an object the application closed since is not delivered. */
static void test_no_delivery_after_close(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_msg m;
    HTAPICALL ht;
    uint64_t deadline;
    int i;
    (void)state;
    tp_reset();
    app_reset();
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    ht = tp_newcall(0, 0x9001);
    assert_int_equal(hx_srv_wait_msg(s, LINE_NEWCALL, l, WAIT_MS, &m), 0);
    /* The dispatch thread is held inside the application's callback... */
    app.hold = 1;
    tp.line[0].ev(tp.line[0].ht, NULL, LINE_DEVSPECIFIC, 0xB10C, 0, 0);
    deadline = tspk_now_us() + WAIT_MS * 1000u;
    tspk_mutex_lock(&app.lock);
    while (!app.holding && tspk_now_us() < deadline) tspk_cond_timedwait(&app.changed, &app.lock, 20);
    tspk_mutex_unlock(&app.lock);
    assert_true(app.holding);
    /* ...while the provider reports on the call and the line, and both are closed. */
    tp.line[0].ev(tp.line[0].ht, ht, LINE_CALLSTATE, LINECALLSTATE_OFFERING, 0, 0);
    assert_int_equal(hx_call_close(m.call), 0);
    tp.line[0].ev(tp.line[0].ht, NULL, LINE_LINEDEVSTATE, LINEDEVSTATE_OTHER, 0, 0);
    assert_int_equal(hx_line_close(l), 0);
    tspk_mutex_lock(&app.lock);
    app.hold = 0;
    tspk_cond_broadcast(&app.changed);
    tspk_mutex_unlock(&app.lock);
    assert_int_equal(hx_srv_flush(s, WAIT_MS), 0);
    for (i = 0; i < app.n; i++) {
        assert_int_not_equal(app.seen[i].msg, LINE_CALLSTATE);
        assert_int_not_equal(app.seen[i].msg, LINE_LINEDEVSTATE);
    }
    assert_reports(s, 0);
    finish(s);
}

/* An event the provider sent before TSPI_lineClose returned is in time, even when the
 * harness gets to it after the close: a trace sink stalls it between the two. */
static struct { tspk_mutex lock; tspk_cond changed; int stalled, release; } stall;

static void stalling_trace(void *user, const hx_trace_rec *r)
{
    uint64_t deadline = tspk_now_us() + WAIT_MS * 1000u;
    print_trace(user, r);
    if (r->kind != HX_TR_CALLBACK || strcmp(r->name, "LINE_LINEDEVSTATE") != 0 || !strstr(r->detail, "0x1a7e"))
        return;
    tspk_mutex_lock(&stall.lock);
    stall.stalled = 1;
    tspk_cond_broadcast(&stall.changed);
    while (!stall.release && tspk_now_us() < deadline) tspk_cond_timedwait(&stall.changed, &stall.lock, 20);
    tspk_mutex_unlock(&stall.lock);
}

static void late_event_thread(void *ht)
{
    tp.line[0].ev((HTAPILINE)ht, NULL, LINE_LINEDEVSTATE, 0x1a7e, 0, 0);
}

static void test_event_racing_close(void **state)
{
    hx_srv *s;
    hx_line *l;
    tspk_thread th;
    HTAPILINE ht;
    uint64_t deadline;
    (void)state;
    tp_reset();
    app_reset();
    memset(&stall, 0, sizeof stall);
    tspk_mutex_init(&stall.lock);
    tspk_cond_init(&stall.changed);
    raw_table();
    raw_running = 1;
    s = hx_srv_create(&raw, on_msg, NULL);
    assert_non_null(s);
    cur_srv = s;
    hx_srv_set_trace(s, stalling_trace, NULL);
    assert_int_equal(hx_srv_start(s, NULL), 0);
    assert_int_equal(hx_line_open(s, 0, &l), 0);
    ht = tp.line[0].ht;
    assert_int_equal(tspk_thread_create(&th, late_event_thread, (void *)ht), 0);
    deadline = tspk_now_us() + WAIT_MS * 1000u;
    tspk_mutex_lock(&stall.lock);
    while (!stall.stalled && tspk_now_us() < deadline) tspk_cond_timedwait(&stall.changed, &stall.lock, 20);
    tspk_mutex_unlock(&stall.lock);
    assert_true(stall.stalled);
    /* The callback has begun; now the line closes, then the callback goes on. */
    assert_int_equal(hx_line_close(l), 0);
    tspk_mutex_lock(&stall.lock);
    stall.release = 1;
    tspk_cond_broadcast(&stall.changed);
    tspk_mutex_unlock(&stall.lock);
    tspk_thread_join(&th);
    assert_reports(s, 0);
    /* Sent after the close returned: reported. */
    tp.line[0].ev(ht, NULL, LINE_LINEDEVSTATE, 0x1b7e, 0, 0);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE EVENT_CLOSED_LINE in LINEEVENT: LINE_LINEDEVSTATE for htLine "
                                           "0x40010001, closed");
    finish(s);
}

/* ==== call states ==== */

static void send_states(HTAPICALL ht, const DWORD *states, int n)
{
    int i;
    for (i = 0; i < n; i++) tp.line[0].ev(tp.line[0].ht, ht, LINE_CALLSTATE, states[i], 0, 0);
}

static void test_callstate_legal_sequences(void **state)
{
    static const DWORD in[] = { LINECALLSTATE_OFFERING, LINECALLSTATE_OFFERING, LINECALLSTATE_ACCEPTED,
                                LINECALLSTATE_CONNECTED, LINECALLSTATE_ONHOLD, LINECALLSTATE_CONNECTED,
                                LINECALLSTATE_DISCONNECTED, LINECALLSTATE_IDLE };
    static const DWORD out[] = { LINECALLSTATE_DIALTONE, LINECALLSTATE_DIALING, LINECALLSTATE_PROCEEDING,
                                 LINECALLSTATE_RINGBACK, LINECALLSTATE_BUSY, LINECALLSTATE_UNKNOWN,
                                 0x01000000u | LINECALLSTATE_CONNECTED, LINECALLSTATE_CONNECTED, LINECALLSTATE_IDLE };
    hx_srv *s;
    hx_line *l;
    hx_call *c;
    LONG r;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_LATER;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    send_states(tp_newcall(0, 0x7001), in, (int)(sizeof in / sizeof in[0]));
    r = hx_line_make_call(l, "1", 0, NULL, &c);
    tp.done((DWORD)r, 0);
    send_states(tp.last_htcall, out, (int)(sizeof out / sizeof out[0]));
    assert_int_equal(hx_srv_wait_call_state(s, c, LINECALLSTATE_IDLE, WAIT_MS), 0);
    assert_reports(s, 0);
    finish(s);
}

static void test_callstate_illegal(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_call *c;
    HTAPICALL in;
    LONG r;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_LATER;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    r = hx_line_make_call(l, "1", 0, NULL, &c);
    tp.done((DWORD)r, 0);
    tp.line[0].ev(tp.line[0].ht, tp.last_htcall, LINE_CALLSTATE, LINECALLSTATE_OFFERING, 0, 0);
    tp.line[0].ev(tp.line[0].ht, tp.last_htcall, LINE_CALLSTATE, LINECALLSTATE_CONNECTED, 0, 0);
    tp.line[0].ev(tp.line[0].ht, tp.last_htcall, LINE_CALLSTATE, LINECALLSTATE_ACCEPTED, 0, 0);
    tp.line[0].ev(tp.line[0].ht, tp.last_htcall, LINE_CALLSTATE, LINECALLSTATE_IDLE, 0, 0);
    tp.line[0].ev(tp.line[0].ht, tp.last_htcall, LINE_CALLSTATE, LINECALLSTATE_CONNECTED, 0, 0);
    tp.line[0].ev(tp.line[0].ht, tp.last_htcall, LINE_CALLINFO, LINECALLINFOSTATE_CALLERID, 0, 0);
    tp.line[0].ev(tp.line[0].ht, tp.last_htcall, LINE_CALLSTATE, LINECALLSTATE_IDLE, 0, 0);
    in = tp_newcall(0, 0x7002);
    tp.line[0].ev(tp.line[0].ht, in, LINE_CALLSTATE, LINECALLSTATE_CONNECTED, 0, 0);
    tp.line[0].ev(tp.line[0].ht, in, LINE_CALLSTATE, LINECALLSTATE_OFFERING, 0, 0);
    assert_reports(s, 6);
    assert_string_equal(report_line(s, 0), "CONFORMANCE CALLSTATE_TRANSITION in LINEEVENT: LINE_CALLSTATE (none) -> "
                                           "OFFERING on htCall 0x80010001: OFFERING is only the first state of an incoming call");
    assert_string_equal(report_line(s, 1), "CONFORMANCE CALLSTATE_TRANSITION in LINEEVENT: LINE_CALLSTATE CONNECTED -> "
                                           "ACCEPTED on htCall 0x80010001: only an OFFERING call is accepted");
    assert_string_equal(report_line(s, 2), "CONFORMANCE CALLSTATE_TRANSITION in LINEEVENT: LINE_CALLSTATE IDLE -> "
                                           "CONNECTED on htCall 0x80010001: a call never leaves IDLE");
    assert_string_equal(report_line(s, 3), "CONFORMANCE EVENT_AFTER_IDLE in LINEEVENT: LINE_CALLINFO for htCall "
                                           "0x80010001 after LINE_CALLSTATE IDLE");
    assert_string_equal(report_line(s, 4), "CONFORMANCE EVENT_AFTER_IDLE in LINEEVENT: LINE_CALLSTATE IDLE again on "
                                           "htCall 0x80010001");
    assert_string_equal(report_line(s, 5), "CONFORMANCE CALLSTATE_TRANSITION in LINEEVENT: LINE_CALLSTATE CONNECTED -> "
                                           "OFFERING on htCall 0x80010002: OFFERING is only the first state of an incoming call");
    finish(s);
}

/* ==== devices created, removed and closed by the provider ==== */

static void test_line_create_remove(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_msg m;
    int close_at, remove_at;
    (void)state;
    tp_reset();
    app_reset();
    s = start_raw(0);
    /* LINE_CREATE from the enumeration callback: TSPI_providerCreateLineDevice follows on the
     * dispatch thread, after the callback returned (line-create). */
    tp.create_proc(NULL, NULL, LINE_CREATE, (DWORD_PTR)tp.hprov, 7, 0);
    assert_int_equal(hx_srv_wait_msg(s, LINE_CREATE, NULL, WAIT_MS, &m), 0);
    /* The callback runs on this thread: a call made inside it would come from here. */
    tspk_mutex_lock(&tp.lock);
    printf("TSPI_providerCreateLineDevice on thread %llu, the callback's thread %llu\n",
           (unsigned long long)tp.create_thread, (unsigned long long)tspk_thread_self_id());
    assert_true(tp.create_thread != 0 && tp.create_thread != tspk_thread_self_id());
    tspk_mutex_unlock(&tp.lock);
    assert_int_equal(tp.created_temp, 7);
    assert_int_equal(tp.created_id, 12);
    assert_int_equal(m.p1, 12);
    assert_int_equal(hx_srv_num_lines(s), 3);
    assert_int_equal(hx_line_open(s, 12, &l), 0);
    tp_newcall(2, 0x8001);
    assert_int_equal(hx_srv_wait_msg(s, LINE_NEWCALL, l, WAIT_MS, &m), 0);
    /* LINE_REMOVE: the call, then the line are closed; LINE_CLOSE then LINE_REMOVE. */
    tp.log[0] = '\0';
    tp.create_proc(NULL, NULL, LINE_REMOVE, 12, 0, 0);
    assert_int_equal(hx_srv_wait_msg(s, LINE_REMOVE, NULL, WAIT_MS, &m), 0);
    assert_int_equal(m.p1, 12);
    printf("TSPI calls: %s\n", tp.log);
    assert_string_equal(tp.log, "closecall;close;");
    close_at = seen_index(LINE_CLOSE, 0);
    remove_at = seen_index(LINE_REMOVE, 0);
    assert_true(close_at >= 0 && remove_at > close_at);
    assert_null(hx_srv_line(s, 12));
    assert_int_equal(hx_line_open(s, 12, &l), (LONG)LINEERR_BADDEVICEID);
    /* LINE_CLOSE from the provider: TAPI closes the line. */
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    tp.log[0] = '\0';
    tp.line[0].ev(tp.line[0].ht, NULL, LINE_CLOSE, 0, 0, 0);
    assert_int_equal(hx_srv_wait_msg(s, LINE_CLOSE, l, WAIT_MS, &m), 0);
    assert_string_equal(tp.log, "close;");
    assert_false(hx_line_is_open(l));
    /* An unknown device is ignored. */
    tp.create_proc(NULL, NULL, LINE_REMOVE, 99, 0, 0);
    assert_int_equal(hx_srv_flush(s, WAIT_MS), 0);
    assert_reports(s, 0);
    finish(s);
}

/* ==== phones ==== */

static void test_phones(void **state)
{
    hx_srv *s;
    hx_phone *p;
    hx_msg m;
    unsigned char buf[256];
    LPVARSTRING vs = (LPVARSTRING)buf;
    char text[32];
    DWORD devs = 0, mode = 0, vol = 0;
    (void)state;
    tp_reset();
    app_reset();
    tp.amode = A_INSIDE;
    s = start_raw(0);
    assert_int_equal(hx_phone_open(s, 21, &p), (LONG)PHONEERR_BADDEVICEID);
    assert_null(p);
    assert_int_equal(hx_phone_open(s, 20, &p), 0);
    {
        hx_phone *again;
        assert_int_equal(hx_phone_open(s, 20, &again), (LONG)PHONEERR_ALLOCATED);
        assert_null(again);
    }
    assert_true(hx_phone_is_open(p));
    assert_int_equal(hx_phone_device_id(p), 20);
    assert_int_equal(hx_phone_get_status(p, buf, sizeof buf), 0);
    assert_int_equal(hx_phone_get_display(p, buf, sizeof buf), 0);
    assert_int_equal(hx_struct_string(buf, sizeof buf, vs->dwStringOffset, vs->dwStringSize, text, sizeof text), 0);
    assert_string_equal(text, "hello");
    assert_int_equal(hx_srv_wait_reply(s, hx_phone_set_display(p, 0, 0, "hi"), WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_msg(s, PHONE_REPLY, NULL, WAIT_MS, &m), 0);
    assert_int_equal(hx_phone_get_hook_switch(p, &devs), 0);
    assert_int_equal(devs, PHONEHOOKSWITCHDEV_HANDSET);
    assert_int_equal(hx_srv_wait_reply(s, hx_phone_set_hook_switch(p, PHONEHOOKSWITCHDEV_HANDSET,
                                                                   PHONEHOOKSWITCHMODE_MICSPEAKER), WAIT_MS), 0);
    assert_int_equal(hx_phone_get_ring(p, &mode, &vol), 0);
    assert_int_equal(mode, 2);
    assert_int_equal(hx_srv_wait_reply(s, hx_phone_set_ring(p, 1, 0xFFFF), WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_reply(s, hx_phone_set_volume(p, PHONEHOOKSWITCHDEV_HANDSET, 0x8000), WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_reply(s, hx_phone_set_gain(p, PHONEHOOKSWITCHDEV_HANDSET, 0x8000), WAIT_MS), 0);
    assert_int_equal(hx_phone_get_dev_caps(s, 20, 0, buf, sizeof buf), (LONG)PHONEERR_OPERATIONUNAVAIL);
    tp.phone[0].ev(tp.phone[0].ht, PHONE_STATE, PHONESTATE_DISPLAY, 0, 0);
    assert_int_equal(hx_srv_wait_msg(s, PHONE_STATE, p, WAIT_MS, &m), 0);
    assert_int_equal(m.p1, PHONESTATE_DISPLAY);
    assert_int_equal(app.early_replies, 0);
    /* PHONE_CREATE / PHONE_REMOVE / PHONE_CLOSE. */
    tp.phone_create_proc(NULL, PHONE_CREATE, (DWORD_PTR)tp.hprov, 3, 0);
    assert_int_equal(hx_srv_wait_msg(s, PHONE_CREATE, NULL, WAIT_MS, &m), 0);
    assert_int_equal(m.p1, 21);
    assert_int_equal(tp.created_temp, 3);
    assert_non_null(hx_srv_phone(s, 21));
    tp.phone[0].ev(tp.phone[0].ht, PHONE_CLOSE, 0, 0, 0);
    assert_int_equal(hx_srv_wait_msg(s, PHONE_CLOSE, p, WAIT_MS, &m), 0);
    assert_false(hx_phone_is_open(p));
    tp.phone_create_proc(NULL, PHONE_REMOVE, 21, 0, 0);
    assert_int_equal(hx_srv_wait_msg(s, PHONE_REMOVE, NULL, WAIT_MS, &m), 0);
    assert_null(hx_srv_phone(s, 21));
    assert_reports(s, 0);
    finish(s);
}

/* ==== versions ==== */

static void test_version_range(void **state)
{
    hx_srv *s;
    (void)state;
    tp_reset();
    app_reset();
    tp.init_version = 0x00040000;
    tp.dev_version = 0x00010003;
    s = start_raw(0);
    assert_reports(s, 4);
    assert_string_equal(report_line(s, 0), "CONFORMANCE VERSION_RANGE in TSPI_lineNegotiateTSPIVersion: "
                                           "INITIALIZE_NEGOTIATION: version 0x00040000 outside 0x00010004..0x00030001");
    assert_string_equal(report_line(s, 1), "CONFORMANCE VERSION_RANGE in TSPI_lineNegotiateTSPIVersion: device 10: "
                                           "version 0x00010003 outside 0x00010004..0x00030001");
    assert_string_equal(report_line(s, 3), "CONFORMANCE VERSION_RANGE in TSPI_phoneNegotiateTSPIVersion: device 20: "
                                           "version 0x00010003 outside 0x00010004..0x00030001");
    finish(s);
}

static void test_ext_versions(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_phone *p;
    DWORD ext = 0;
    (void)state;
    tp_reset();
    app_reset();
    s = start_raw(0);
    assert_int_equal(hx_line_negotiate_ext_version(s, 10, 0x00010000, 0x00020000, &ext), 0);
    assert_int_equal(ext, 0x00020000);
    assert_reports(s, 0);
    tp.ext_answer = 0x00030000;
    assert_int_equal(hx_line_negotiate_ext_version(s, 10, 0x00010000, 0x00020000, &ext), 0);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE EXT_VERSION_RANGE in TSPI_lineNegotiateExtVersion: device 10: "
                                           "version 0x00030000 outside 0x00010000..0x00020000");
    /* Selected 1.0: negotiation must give 1.0 (seed 003). */
    tp.ext_answer = 0;
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    assert_int_equal(hx_line_select_ext_version(l, 0x00010000), 0);
    assert_int_equal(hx_line_negotiate_ext_version(s, 10, 0x00010000, 0x00020000, &ext), 0);
    assert_reports(s, 2);
    assert_string_equal(report_line(s, 1), "CONFORMANCE EXT_VERSION_SELECTED in TSPI_lineNegotiateExtVersion: device "
                                           "10: version 0x00020000 while 0x00010000 is selected");
    /* Closing the line cancels the selection. */
    assert_int_equal(hx_line_close(l), 0);
    assert_int_equal(hx_line_negotiate_ext_version(s, 10, 0x00010000, 0x00020000, &ext), 0);
    assert_reports(s, 2);
    /* Phones too. */
    assert_int_equal(hx_phone_open(s, 20, &p), 0);
    assert_int_equal(hx_phone_select_ext_version(p, 0x00010000), 0);
    assert_int_equal(hx_phone_negotiate_ext_version(s, 20, 0x00010000, 0x00020000, &ext), 0);
    assert_reports(s, 3);
    assert_string_equal(report_line(s, 2), "CONFORMANCE EXT_VERSION_SELECTED in TSPI_phoneNegotiateExtVersion: device "
                                           "20: version 0x00020000 while 0x00010000 is selected");
    finish(s);
}

/* ==== LINETSPIOPTION_NONREENTRANT ==== */

typedef struct caller { hx_line *l; } caller;
static void status_caller(void *user)
{
    unsigned char buf[512];
    hx_line_get_dev_status(((caller *)user)->l, buf, sizeof buf);
}

static int max_concurrency(DWORD options)
{
    hx_srv *s;
    caller c;
    tspk_thread a, b;
    tp_reset();
    app_reset();
    tp.options = options;
    tp.block_for_second = 1;
    s = start_raw(0);
    assert_int_equal(hx_srv_options(s), options);
    assert_int_equal(hx_line_open(s, 10, &c.l), 0);
    tspk_thread_create(&a, status_caller, &c);
    tspk_thread_create(&b, status_caller, &c);
    tspk_thread_join(&a);
    tspk_thread_join(&b);
    assert_reports(s, 0);
    finish(s);
    return tp.max_inside;
}

static void test_nonreentrant(void **state)
{
    int with, without;
    (void)state;
    without = max_concurrency(0);
    with = max_concurrency(LINETSPIOPTION_NONREENTRANT);
    printf("concurrent calls into the provider: %d re-entrant, %d non-re-entrant\n", without, with);
    assert_int_equal(without, 2);
    assert_int_equal(with, 1);
}

/* ==== reading structures ==== */

static void test_struct_string_bounds(void **state)
{
    unsigned char buf[32];
    char out[16];
    static const WCHAR abc[] = { 'a', 'b', 'c', 0 };
    static const WCHAR noterm[] = { 'x', 'y' };
    static const WCHAR wide[] = { 0xE9, 0xD83D, 0xDE00, 0xD800, 0 };   /* e-acute, U+1F600, a lone surrogate */
    (void)state;
    memset(buf, 0, sizeof buf);
    memcpy(buf + 8, abc, sizeof abc);
    assert_int_equal(hx_struct_string(buf, sizeof buf, 8, sizeof abc, out, sizeof out), 0);
    assert_string_equal(out, "abc");
    /* Unaligned, without its NUL, an odd size: what fits is read, nothing past the member. */
    memcpy(buf + 3, noterm, sizeof noterm);
    assert_int_equal(hx_struct_string(buf, sizeof buf, 3, sizeof noterm, out, sizeof out), 0);
    assert_string_equal(out, "xy");
    assert_int_equal(hx_struct_string(buf, sizeof buf, 3, 3, out, sizeof out), 0);
    assert_string_equal(out, "x");
    /* Outside the structure, whatever the arithmetic. */
    assert_int_equal(hx_struct_string(buf, sizeof buf, 30, 4, out, sizeof out), -1);
    assert_string_equal(out, "");
    assert_int_equal(hx_struct_string(buf, sizeof buf, 0xFFFFFFFFu, 2, out, sizeof out), -1);
    assert_int_equal(hx_struct_string(buf, sizeof buf, 2, 0xFFFFFFFFu, out, sizeof out), -1);
    assert_int_equal(hx_struct_string(buf, sizeof buf, 32, 0, out, sizeof out), 0);
    assert_int_equal(hx_struct_string(NULL, 0, 0, 0, out, sizeof out), -1);
    /* Cut to the output, UTF-8 from UTF-16, a lone surrogate replaced. */
    memcpy(buf, wide, sizeof wide);
    assert_int_equal(hx_struct_string(buf, sizeof buf, 0, sizeof wide, out, sizeof out), 0);
    assert_string_equal(out, "\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbd");
    assert_int_equal(hx_struct_string(buf, sizeof buf, 0, sizeof wide, out, 4), 0);
    assert_string_equal(out, "\xc3\xa9");
}

/* ==== TSP <-> MSP routing ==== */

static void test_mspdata_checks(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_msp_stats st;
    static const char data[] = "abc";
    (void)state;
    tp_reset();
    app_reset();
    tp.dev_version = 0x00020000;
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    /* Below TSPI 3.0 there is no LINE_SENDMSPDATA. */
    tp.line[0].ev(tp.line[0].ht, NULL, LINE_SENDMSPDATA, 0, (DWORD_PTR)data, 3);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE MSPDATA_VERSION in LINEEVENT: LINE_SENDMSPDATA on device 10, "
                                           "opened at TSPI version 0x00020000");
    finish(s);
    tp_reset();
    app_reset();
    s = start_raw(0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    /* An htMSPLine TAPI never created. */
    tp.line[0].ev(tp.line[0].ht, NULL, LINE_SENDMSPDATA, 0x4D010005u, (DWORD_PTR)data, 3);
    assert_reports(s, 1);
    assert_string_equal(report_line(s, 0), "CONFORMANCE MSPDATA_UNKNOWN_MSP in LINEEVENT: LINE_SENDMSPDATA on device 10 "
                                           "for htMSPLine 0x4d010005");
    /* To all instances of a line that has none: not a rule broken, but nothing takes it. */
    tp.line[0].ev(tp.line[0].ht, NULL, LINE_SENDMSPDATA, 0, (DWORD_PTR)data, 3);
    assert_int_equal(hx_srv_flush(s, WAIT_MS), 0);
    hx_srv_msp_stats(s, &st);
    assert_int_equal(st.dropped, 1);
    assert_int_equal(st.to_msp, 0);
    assert_reports(s, 1);
    finish(s);
}

static const char *module_dir(void)
{
    const char *d = getenv("TSPKIT_TEST_MODULES");
    return d ? d : "build/asan";
}

static hx_module *msppair;

static hx_srv *start_pair(void)
{
    char arg[512], why[256];
    hx_srv *s;
    if (!msppair) {
        snprintf(arg, sizeof arg, "%s/providers/msppair.so", module_dir());
        msppair = hx_module_load(arg, why, sizeof why);
        if (!msppair) fprintf(stderr, "cannot load %s: %s\n", arg, why);
        assert_non_null(msppair);
    }
    raw_running = 0;
    s = start_srv(hx_module_tspi(msppair), 0);
    snprintf(arg, sizeof arg, "%s=%s/msps/echomsp.so", ECHOMSP_CLSID_TEXT, module_dir());
    assert_int_equal(hx_msphost_register_arg(hx_srv_msphost(s), arg, why, sizeof why), 0);
    return s;
}

/* Waits for the pair TSP's "data from the MSP arrived" event and takes the buffer. */
static void expect_tsp_got(hx_srv *s, hx_line *l, DWORD about_call, const char *want)
{
    char buf[64];
    hx_msg m;
    assert_int_equal(hx_srv_wait_msg(s, LINE_DEVSPECIFIC, l, WAIT_MS, &m), 0);
    assert_int_equal(m.p1, 0x4d535044u);
    assert_int_equal(m.p3, about_call);
    memset(buf, 0, sizeof buf);
    strcpy(buf, "recv");
    assert_int_equal(hx_srv_wait_reply(s, hx_line_dev_specific(l, 0, NULL, buf, sizeof buf), WAIT_MS), 0);
    printf("the TSP got \"%s\" from the MSP (%s)\n", buf, about_call ? "about the call" : "about no call");
    assert_string_equal(buf, want);
}

static void test_msp_round_trip(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_msp_line *ml;
    hx_call *c;
    hx_msp_stats st;
    char cmd[32] = "send:hello";
    (void)state;
    app_reset();
    s = start_pair();
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    assert_int_equal(hx_line_version(l), 0x00030000);
    assert_int_equal(hx_line_open_msp(l, 0, &ml), 0);
    /* The TSP tells the MSP "connected" about the call; the MSP answers about it. */
    assert_int_equal(hx_srv_wait_reply(s, hx_line_make_call(l, "1", 0, NULL, &c), WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_call_state(s, c, LINECALLSTATE_CONNECTED, WAIT_MS), 0);
    expect_tsp_got(s, l, 1, "echo:connected");
    /* To every MSP instance of the line (dwParam1 0), about no call. */
    assert_int_equal(hx_srv_wait_reply(s, hx_line_dev_specific(l, 0, NULL, cmd, sizeof cmd), WAIT_MS), 0);
    expect_tsp_got(s, l, 0, "echo:hello");
    /* The call's own channel once more, then the call ends. */
    strcpy(cmd, "send:x");
    assert_int_equal(hx_srv_wait_reply(s, hx_line_dev_specific(l, 0, c, cmd, sizeof cmd), WAIT_MS), 0);
    expect_tsp_got(s, l, 1, "echo:x");
    assert_int_equal(hx_srv_wait_reply(s, hx_call_drop(c, NULL, 0), WAIT_MS), 0);
    expect_tsp_got(s, l, 1, "echo:idle");
    assert_int_equal(hx_call_close(c), 0);
    hx_srv_msp_stats(s, &st);
    printf("to MSP %lu, to TSP %lu, unknown call %lu, dropped %lu\n", st.to_msp, st.to_tsp, st.unknown_call,
           st.dropped);
    assert_int_equal(st.to_msp, 4);
    assert_int_equal(st.to_tsp, 4);
    assert_int_equal(st.unknown_call, 0);
    assert_int_equal(hx_msp_line_close(ml), 0);
    assert_int_equal(hx_msp_line_close(ml), (LONG)LINEERR_INVALPOINTER);
    assert_reports(s, 0);
    finish(s);
}

/* Seed 000: the MSP talks about an outgoing call before the TSP knows it: that fails. */
static void test_msp_data_before_tsp_knows_call(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_msp_line *ml;
    hx_call *c;
    hx_msp_stats st;
    char cmd[32] = "send:early";
    (void)state;
    app_reset();
    s = start_pair();
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    assert_int_equal(hx_line_open_msp(l, 0, &ml), 0);
    assert_int_equal(hx_srv_wait_reply(s, hx_line_dev_specific(l, 0, NULL, cmd, sizeof cmd), WAIT_MS), 0);
    expect_tsp_got(s, l, 0, "echo:early");
    /* The MSP's call object is made before TSPI_lineMakeCall; the MSP speaks at once. */
    assert_int_equal(hx_srv_wait_reply(s, hx_line_make_call(l, "1", 0, NULL, &c), WAIT_MS), 0);
    expect_tsp_got(s, l, 1, "echo:connected");
    assert_int_equal(hx_srv_flush(s, WAIT_MS), 0);
    hx_srv_msp_stats(s, &st);
    printf("to MSP %lu, to TSP %lu, unknown call %lu, dropped %lu\n", st.to_msp, st.to_tsp, st.unknown_call,
           st.dropped);
    assert_int_equal(st.unknown_call, 1);
    assert_int_equal(st.to_tsp, 2);
    /* "early:hello" never reached the TSP: nothing more is kept. */
    strcpy(cmd, "recv");
    assert_int_equal(hx_srv_wait_reply(s, hx_line_dev_specific(l, 0, NULL, cmd, sizeof cmd), WAIT_MS),
                     (LONG)LINEERR_OPERATIONFAILED);
    /* Closing the line shuts the call, the MSP instance and the line down. */
    assert_int_equal(hx_line_close(l), 0);
    assert_int_equal(hx_msp_line_close(ml), (LONG)LINEERR_INVALPOINTER);
    assert_reports(s, 0);
    finish(s);
}

static void test_msp_incoming_call(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_msp_line *ml;
    hx_msg m;
    char cmd[32] = "ring";
    (void)state;
    app_reset();
    s = start_pair();
    assert_int_equal(hx_line_open(s, 11, &l), 0);
    assert_int_equal(hx_line_open_msp(l, 0, &ml), 0);
    assert_int_equal(hx_srv_wait_reply(s, hx_line_dev_specific(l, 0, NULL, cmd, sizeof cmd), WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_msg(s, LINE_NEWCALL, l, WAIT_MS, &m), 0);
    assert_int_equal(hx_srv_wait_call_state(s, m.call, LINECALLSTATE_OFFERING, WAIT_MS), 0);
    /* Answering connects it; the TSP tells the call's MSP object, which answers. */
    assert_int_equal(hx_srv_wait_reply(s, hx_call_answer(m.call, NULL, 0), WAIT_MS), 0);
    expect_tsp_got(s, l, 1, "echo:connected");
    assert_reports(s, 0);
    finish(s);
}

static void test_msp_unregistered(void **state)
{
    hx_srv *s;
    hx_line *l;
    hx_msp_line *ml;
    char why[256];
    (void)state;
    app_reset();
    s = start_pair();
    assert_int_equal(hx_msphost_register_arg(hx_srv_msphost(s), ECHOMSP_CLSID_TEXT "=no/such/module.so", why,
                                             sizeof why), 0);
    assert_int_equal(hx_line_open(s, 10, &l), 0);
    assert_int_equal(hx_line_open_msp(l, 0, &ml), (LONG)LINEERR_OPERATIONFAILED);
    assert_null(ml);
    assert_reports(s, 0);
    finish(s);
}

/* ==== against the example provider ==== */

static hx_module *loopback;

static hx_srv *start_loopback(void)
{
    raw_running = 0;
    return start_srv(hx_module_tspi(loopback), 0);
}

static void test_loopback_operations(void **state)
{
    hx_srv *s;
    hx_line *a, *b;
    hx_call *out, *in;
    hx_msg m;
    unsigned char buf[2048];
    LPLINEDEVCAPS dc = (LPLINEDEVCAPS)buf;
    LPLINEADDRESSCAPS ac = (LPLINEADDRESSCAPS)buf;
    LPLINECALLINFO ci = (LPLINECALLINFO)buf;
    LINECALLSTATUS cs;
    struct { LINECALLPARAMS p; WCHAR pad[16]; } cp;
    char text[64];
    LINEEXTENSIONID ext;
    DWORD v;
    LONG r;
    (void)state;
    app_reset();
    tp_reset();
    s = start_loopback();
    /* Devices */
    assert_int_equal(hx_line_get_dev_caps(s, 10, 0, buf, sizeof buf), 0);
    assert_int_equal(dc->dwNumAddresses, 1);
    assert_int_equal(hx_struct_string(buf, sizeof buf, dc->dwLineNameOffset, dc->dwLineNameSize, text, sizeof text), 0);
    printf("line name \"%s\"\n", text);
    assert_string_equal(text, "tspkit loopback line 1");
    assert_int_equal(hx_line_get_dev_caps(s, 99, 0, buf, sizeof buf), (LONG)LINEERR_BADDEVICEID);
    assert_int_equal(hx_line_get_address_caps(s, 10, 0, 0, buf, sizeof buf), 0);
    assert_int_equal(hx_struct_string(buf, sizeof buf, ac->dwAddressOffset, ac->dwAddressSize, text, sizeof text), 0);
    assert_string_equal(text, "101");
    assert_int_equal(hx_line_get_address_caps(s, 10, 1, 0, buf, sizeof buf), (LONG)LINEERR_INVALADDRESSID);
    assert_int_equal(hx_line_get_extension_id(s, 10, &ext), 0);
    assert_int_equal(hx_line_negotiate_ext_version(s, 10, 1, 2, &v), (LONG)LINEERR_OPERATIONUNAVAIL);
    assert_int_equal(hx_line_get_dev_config(s, 10, "comm", buf, sizeof buf), (LONG)LINEERR_OPERATIONUNAVAIL);
    assert_int_equal(hx_line_set_dev_config(s, 10, "comm", "x", 1), (LONG)LINEERR_OPERATIONUNAVAIL);
    assert_int_equal(hx_line_open(s, 10, &a), 0);
    assert_int_equal(hx_line_open(s, 11, &b), 0);
    assert_int_equal(hx_line_version(a), 0x00030001);
    assert_int_equal(hx_line_get_dev_status(a, buf, sizeof buf), 0);
    assert_int_equal(hx_line_get_address_status(a, 0, buf, sizeof buf), 0);
    assert_int_equal(hx_line_get_id(a, 0, NULL, LINECALLSELECT_LINE, "tapi/line", buf, sizeof buf),
                     (LONG)LINEERR_INVALDEVICECLASS);
    assert_int_equal(hx_line_set_status_messages(a, LINEDEVSTATE_OTHER, 0), 0);
    assert_int_equal(hx_line_set_default_media_detection(b, LINEMEDIAMODE_INTERACTIVEVOICE), 0);
    assert_int_equal(hx_line_set_default_media_detection(b, LINEMEDIAMODE_G3FAX), (LONG)LINEERR_INVALMEDIAMODE);
    /* Loopback's lineDevSpecific is a "ping" its worker thread completes. */
    assert_int_equal(hx_srv_wait_reply(s, hx_line_dev_specific(a, 0, NULL, NULL, 0), 3000), 0);
    /* A call with LINECALLPARAMS. */
    memset(&cp, 0, sizeof cp);
    cp.p.dwTotalSize = sizeof cp;
    cp.p.dwBearerMode = LINEBEARERMODE_VOICE;
    cp.p.dwMediaMode = LINEMEDIAMODE_INTERACTIVEVOICE;
    r = hx_line_make_call(a, "102", 0, &cp.p, &out);
    assert_int_equal(hx_srv_wait_reply(s, r, WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_msg(s, LINE_NEWCALL, b, WAIT_MS, &m), 0);
    in = m.call;
    assert_int_equal(hx_srv_wait_call_state(s, in, LINECALLSTATE_OFFERING, WAIT_MS), 0);
    assert_int_equal(hx_call_accept(in, NULL, 0), (LONG)LINEERR_OPERATIONUNAVAIL);
    assert_int_equal(hx_call_dial(out, "1", 0), (LONG)LINEERR_OPERATIONUNAVAIL);
    assert_int_equal(hx_call_get_info(in, buf, sizeof buf), 0);
    assert_int_equal(hx_struct_string(buf, sizeof buf, ci->dwCallerIDOffset, ci->dwCallerIDSize, text, sizeof text), 0);
    assert_string_equal(text, "101");
    /* Too small: the fixed part only, dwNeededSize says how much. */
    assert_int_equal(hx_call_get_info(in, buf, (DWORD)sizeof(LINECALLINFO)), 0);
    assert_true(ci->dwNeededSize > ci->dwUsedSize);
    assert_int_equal(hx_srv_wait_reply(s, hx_call_answer(in, NULL, 0), WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_call_state(s, out, LINECALLSTATE_CONNECTED, WAIT_MS), 0);
    assert_int_equal(hx_call_get_status(out, &cs, sizeof cs), 0);
    assert_int_equal(cs.dwCallState, LINECALLSTATE_CONNECTED);
    assert_int_equal(hx_call_set_media_mode(out, LINEMEDIAMODE_DATAMODEM), 0);
    assert_int_equal(hx_call_monitor_digits(in, LINEDIGITMODE_DTMF), 0);
    assert_int_equal(hx_call_generate_digits(out, 5, LINEDIGITMODE_DTMF, "9", 0), 0);
    assert_int_equal(hx_srv_wait_msg(s, LINE_MONITORDIGITS, in, WAIT_MS, &m), 0);
    assert_int_equal(m.p1, '9');
    assert_int_equal(hx_line_get_id(a, 0, out, LINECALLSELECT_CALL, "tapi/line", buf, sizeof buf),
                     (LONG)LINEERR_INVALDEVICECLASS);
    assert_int_equal(hx_srv_wait_reply(s, hx_call_drop(out, NULL, 0), WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_call_state(s, in, LINECALLSTATE_DISCONNECTED, WAIT_MS), 0);
    /* IDLE is the dropped call's last event: closing before it could race it. */
    assert_int_equal(hx_srv_wait_call_state(s, out, LINECALLSTATE_IDLE, WAIT_MS), 0);
    assert_int_equal(hx_call_close(out), 0);
    assert_int_equal(hx_call_get_status(out, &cs, sizeof cs), (LONG)LINEERR_INVALCALLHANDLE);
    /* lineClose deallocates the call left on the line. */
    assert_int_equal(hx_line_close(b), 0);
    assert_int_equal(hx_call_get_status(in, &cs, sizeof cs), (LONG)LINEERR_INVALCALLHANDLE);
    assert_int_equal(hx_line_get_dev_status(b, buf, sizeof buf), (LONG)LINEERR_INVALLINEHANDLE);
    /* A bad number: the request succeeds, the call goes DISCONNECTED. */
    r = hx_line_make_call(a, "999", 0, NULL, &out);
    assert_int_equal(hx_srv_wait_reply(s, r, WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_call_state(s, out, LINECALLSTATE_DISCONNECTED, WAIT_MS), 0);
    /* A dial string the line cannot honour fails synchronously. */
    assert_int_equal(hx_line_make_call(a, "1$2", 0, NULL, &out), (LONG)LINEERR_DIALBILLING);
    assert_int_equal(hx_srv_flush(s, WAIT_MS), 0);
    assert_reports(s, 0);
    finish(s);
}

static void test_loopback_app_callback_reenters(void **state)
{
    hx_srv *s;
    hx_line *a, *b;
    hx_call *out;
    int i;
    (void)state;
    app_reset();
    tp_reset();
    app.answer_in_callback = 1;
    s = start_loopback();
    assert_int_equal(hx_line_open(s, 10, &a), 0);
    assert_int_equal(hx_line_open(s, 11, &b), 0);
    for (i = 0; i < 3; i++) {
        assert_int_equal(hx_srv_wait_reply(s, hx_line_make_call(a, "102", 0, NULL, &out), WAIT_MS), 0);
        assert_int_equal(hx_srv_wait_call_state(s, out, LINECALLSTATE_CONNECTED, WAIT_MS), 0);
        assert_int_equal(hx_srv_wait_reply(s, hx_call_drop(out, NULL, 0), WAIT_MS), 0);
        assert_int_equal(hx_srv_wait_call_state(s, out, LINECALLSTATE_IDLE, WAIT_MS), 0);
        assert_int_equal(hx_call_close(out), 0);
        assert_int_equal(hx_srv_flush(s, WAIT_MS), 0);
        assert_int_equal(hx_line_close(b), 0);
        assert_int_equal(hx_line_open(s, 11, &b), 0);
    }
    assert_int_equal(app.answered, 3);
    assert_int_equal(app.answered_result, 0);
    assert_reports(s, 0);
    finish(s);
}

/* Every record of a short run: calls paired with returns, replies delivered. */
static struct { int calls, returns, callbacks, delivers, apps, reports; } counts;
static void count_trace(void *user, const hx_trace_rec *r)
{
    (void)user;
    assert_non_null(r->name);
    assert_non_null(r->detail);
    switch (r->kind) {
    case HX_TR_CALL: counts.calls++; assert_int_equal(r->from, HX_LANE_TAPISRV); assert_int_equal(r->to, HX_LANE_TSP); break;
    case HX_TR_RETURN: counts.returns++; assert_int_equal(r->from, HX_LANE_TSP); break;
    case HX_TR_CALLBACK: counts.callbacks++; break;
    case HX_TR_DELIVER: counts.delivers++; assert_int_equal(r->to, HX_LANE_APP); break;
    case HX_TR_APP: counts.apps++; assert_int_equal(r->from, HX_LANE_APP); break;
    case HX_TR_REPORT: counts.reports++; break;
    default: break;
    }
}

static void test_trace_records(void **state)
{
    hx_srv *s;
    hx_line *a;
    hx_call *c;
    (void)state;
    memset(&counts, 0, sizeof counts);
    s = hx_srv_create(hx_module_tspi(loopback), NULL, NULL);
    assert_non_null(s);
    hx_srv_set_trace(s, count_trace, NULL);
    assert_int_equal(hx_srv_start(s, NULL), 0);
    assert_int_equal(hx_line_open(s, 0, &a), 0);
    assert_int_equal(hx_srv_wait_reply(s, hx_line_make_call(a, "999", 0, NULL, &c), WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_call_state(s, c, LINECALLSTATE_DISCONNECTED, WAIT_MS), 0);
    hx_srv_stop(s);
    hx_srv_destroy(s);
    printf("calls %d, returns %d, callbacks %d, delivered %d, app %d, reports %d\n", counts.calls, counts.returns,
           counts.callbacks, counts.delivers, counts.apps, counts.reports);
    assert_int_equal(counts.calls, counts.returns);
    assert_true(counts.calls >= 10);
    assert_true(counts.callbacks >= 4);      /* ASYNC_COMPLETION and the call's states */
    assert_true(counts.delivers >= 3);       /* LINE_REPLY and LINE_CALLSTATEs */
    assert_int_equal(counts.apps, 2);        /* lineOpen, lineMakeCall */
    assert_int_equal(counts.reports, 0);
}

static int unload_msppair(void **state)
{
    (void)state;
    if (cur_srv) hx_srv_destroy(cur_srv);
    cur_srv = NULL;
    hx_module_unload(msppair);
    msppair = NULL;
    return 0;
}

static int load_loopback(void **state)
{
    const char *path = getenv("TSPKIT_TEST_PROVIDER");
    char why[256];
    (void)state;
    loopback = hx_module_load(path ? path : "build/asan/loopback.so", why, sizeof why);
    if (!loopback) fprintf(stderr, "cannot load the example provider: %s\n", why);
    return loopback ? 0 : -1;
}

static int unload_loopback(void **state)
{
    (void)state;
    hx_module_unload(loopback);
    return 0;
}

int main(void)
{
    const struct CMUnitTest raw_tests[] = {
        cmocka_unit_test(test_lifecycle_order),
        cmocka_unit_test(test_second_srv_refused),
        cmocka_unit_test(test_reply_after_return_inside),
        cmocka_unit_test(test_reply_after_return_thread),
        cmocka_unit_test(test_fifo_order),
        cmocka_unit_test(test_wait_reply_after_delivery),
        cmocka_unit_test(test_async_return_zero),
        cmocka_unit_test(test_async_error_completed),
        cmocka_unit_test(test_completion_twice_and_unknown),
        cmocka_unit_test(test_completion_missing),
        cmocka_unit_test(test_completion_missing_at_shutdown),
        cmocka_unit_test(test_sync_return),
        cmocka_unit_test(test_makecall_async_failure_closes_call),
        cmocka_unit_test(test_hdcall_not_written),
        cmocka_unit_test(test_event_before_created),
        cmocka_unit_test(test_dev_specific_copy_back),
        cmocka_unit_test(test_newcall_exchange),
        cmocka_unit_test(test_handles_closed_and_unknown),
        cmocka_unit_test(test_no_delivery_after_close),
        cmocka_unit_test(test_event_racing_close),
        cmocka_unit_test(test_callstate_legal_sequences),
        cmocka_unit_test(test_callstate_illegal),
        cmocka_unit_test(test_line_create_remove),
        cmocka_unit_test(test_phones),
        cmocka_unit_test(test_version_range),
        cmocka_unit_test(test_ext_versions),
        cmocka_unit_test(test_nonreentrant),
        cmocka_unit_test(test_mspdata_checks),
        cmocka_unit_test(test_struct_string_bounds),
    };
    const struct CMUnitTest msp_tests[] = {
        cmocka_unit_test(test_msp_round_trip),
        cmocka_unit_test(test_msp_data_before_tsp_knows_call),
        cmocka_unit_test(test_msp_incoming_call),
        cmocka_unit_test(test_msp_unregistered),
    };
    const struct CMUnitTest loopback_tests[] = {
        cmocka_unit_test(test_loopback_operations),
        cmocka_unit_test(test_loopback_app_callback_reenters),
        cmocka_unit_test(test_trace_records),
    };
    int failed = cmocka_run_group_tests_name("emulated TAPISRV, raw provider", raw_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("emulated TAPISRV, TSP/MSP pair", msp_tests, NULL, unload_msppair);
    return failed + cmocka_run_group_tests_name("emulated TAPISRV, example provider", loopback_tests, load_loopback,
                                                unload_loopback);
}
