/*
 * Conformance tests for the provider framework (tspkit/provider.h).
 *
 * This program IS a provider: it registers a small operations table whose
 * behaviour the tests steer through `g` (fail, succeed now, complete later from
 * a worker, complete before returning, send events first, answer nonsense), and
 * plays TAPISRV itself by calling the TSPI_* entry points with ASYNC_COMPLETION
 * and LINEEVENT/PHONEEVENT callbacks that record everything. Each assertion is
 * a documented TAPI rule, cited where it is asserted; the reference pages are
 * learn.microsoft.com/windows/win32/api/tspi/nf-tspi-<function in lower case>.
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/provider.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* LINEERR_/PHONEERR_ constants are unsigned literals (as on Windows); results are LONG. */
#define E(err) ((LONG)(err))

enum {
    PERM_ID = 7, LINE_BASE = 10, PHONE_BASE = 20, NUM_LINES = 4, NUM_PHONES = 1,
    MAX_ID = 1 << 16,            /* request IDs the recorder tracks */
    MAX_LOG = 4096,
    GUARD = 64,                  /* bytes of 0xA5 after every structure we hand in */
};
#define DEV(i) ((DWORD)(LINE_BASE + (i)))
#define V13 0x00010003u
#define V14 TSPK_VERSION_1_4
#define V20 TSPK_VERSION_2_0
#define V22 TSPK_VERSION_2_2
#define V30 TSPK_VERSION_3_0
#define V31 TSPK_VERSION_3_1

/* htCall values we give TAPI-side: made calls carry their request ID, so an event
 * can be checked against that request's completion. */
#define HT_MADE_TAG 0x10000000u
#define HT_IN_TAG   0x20000000u
#define HT_MADE(id) ((HTAPICALL)(uintptr_t)(HT_MADE_TAG | (id)))
#define HT_IN(n)    ((HTAPICALL)(uintptr_t)(HT_IN_TAG | (n)))
#define HT_LINE(i)  ((HTAPILINE)(uintptr_t)(0x30000000u | (i)))

/* ------------------------------------------------------------------------ */
/* TAPISRV side: the recorder                                                 */

enum { K_DONE = 1, K_LINE, K_PHONE };

typedef struct entry {
    int kind;
    DRV_REQUESTID id;
    LONG result;
    HTAPILINE htl;
    HTAPICALL htc;
    DWORD msg;
    DWORD_PTR p1, p2, p3;
    unsigned char data[16];          /* LINE_SENDMSPDATA: the buffer as it was when sent */
    DWORD data_len;
} entry;

static struct {
    tspk_mutex lock;
    entry log[MAX_LOG];
    int n;
    atomic_int done[MAX_ID];         /* ASYNC_COMPLETIONs per request ID */
    atomic_long result[MAX_ID];
    atomic_int violations;           /* rule breaks seen inside callbacks */
    char why[160];
    /* LINE_NEWCALL: what we write into *dwParam2 (NULL refuses the call) */
    atomic_uintptr_t newcall_ht;
    int newcall_reenter;             /* call TSPI_lineSetAppSpecific from inside LINE_NEWCALL */
    LONG reenter_result;
    /* the concurrency test collects offered calls here */
    int collect_incoming;
    HDRVCALL incoming[MAX_LOG];
    int num_incoming, next_incoming;
    /* where TSPI_lineMakeCall writes hdCall, checked at that request's completion */
    DRV_REQUESTID watch_id;
    HDRVCALL *watch_hd;
    HDRVCALL hd_at_completion;
    /* close races: the next event with message block_msg (when armed) waits inside the
     * callback until released, and notes whether the close had returned meanwhile */
    atomic_uint block_msg;
    atomic_int block_armed, blocked, release, close_done, close_done_inside;
    /* the next event with message inside_msg closes something from inside the callback */
    atomic_uint inside_msg;
    LONG (*inside_close)(uintptr_t h);
    uintptr_t inside_h;
    atomic_int inside_done;
    LONG inside_result;
} rec;

static void violation(const char *fmt, unsigned long a, unsigned long b)
{
    tspk_mutex_lock(&rec.lock);
    if (!rec.why[0]) snprintf(rec.why, sizeof rec.why, fmt, a, b);
    tspk_mutex_unlock(&rec.lock);
    atomic_fetch_add(&rec.violations, 1);
}

/* Bounded wait for a flag; 0 when it did not come within 2 s (the caller fails). */
static int wait_flag(atomic_int *flag)
{
    uint64_t until = tspk_now_us() + 2000000u;
    while (!atomic_load(flag) && tspk_now_us() < until) tspk_sleep_ms(1);
    return atomic_load(flag);
}

/* What every event callback does first: the close-race hooks. */
static void event_hooks(DWORD msg)
{
    if (msg == atomic_load(&rec.block_msg) && atomic_exchange(&rec.block_armed, 0)) {
        atomic_store(&rec.blocked, 1);
        wait_flag(&rec.release);
        atomic_store(&rec.close_done_inside, atomic_load(&rec.close_done));
    }
    if (msg == atomic_load(&rec.inside_msg) && rec.inside_close) {
        LONG (*close)(uintptr_t) = rec.inside_close;
        rec.inside_close = NULL;
        rec.inside_result = close(rec.inside_h);
        atomic_store(&rec.inside_done, 1);
    }
}

static void log_add(const entry *e)
{
    tspk_mutex_lock(&rec.lock);
    if (rec.n < MAX_LOG) rec.log[rec.n++] = *e;
    tspk_mutex_unlock(&rec.lock);
}

static void CALLBACK on_completion(DRV_REQUESTID id, LONG result)
{
    entry e = { K_DONE, id, result, NULL, NULL, 0, 0, 0, 0, { 0 }, 0 };
    if (id < MAX_ID) {
        atomic_store(&rec.result[id], result);
        if (atomic_fetch_add(&rec.done[id], 1) != 0)
            violation("request %lu completed twice (result %ld)", id, (unsigned long)result);
    }
    if (rec.watch_hd && id == rec.watch_id) rec.hd_at_completion = *rec.watch_hd;
    log_add(&e);
}

static void CALLBACK on_line_event(HTAPILINE htl, HTAPICALL htc, DWORD msg, DWORD_PTR p1,
                                   DWORD_PTR p2, DWORD_PTR p3)
{
    entry e = { K_LINE, 0, 0, htl, htc, msg, p1, p2, p3, { 0 }, 0 };
    uintptr_t tag = (uintptr_t)htc;
    if (msg == LINE_SENDMSPDATA && p2) {
        e.data_len = (DWORD)p3;
        memcpy(e.data, (const void *)p2, p3 < sizeof e.data ? (size_t)p3 : sizeof e.data);
    }
    /* No LINEEVENT names a made call before its request completed with success
     * (tspi_linemakecall remarks: the handle is "not yet valid" until then). */
    if ((tag & ~(uintptr_t)0xFFFFFFu) == HT_MADE_TAG) {
        DWORD id = (DWORD)(tag & 0xFFFFFFu);
        if (atomic_load(&rec.done[id]) != 1 || atomic_load(&rec.result[id]) != 0)
            violation("message %lu for the call of request %lu before its successful completion",
                      msg, id);
    }
    if (msg == LINE_NEWCALL) {
        HTAPICALL ht = (HTAPICALL)atomic_load(&rec.newcall_ht);
        *(HTAPICALL *)p2 = ht;
        if (rec.newcall_reenter)
            rec.reenter_result = TSPI_lineSetAppSpecific((HDRVCALL)p1, 0x1234);
        if (rec.collect_incoming && ht) {
            tspk_mutex_lock(&rec.lock);
            if (rec.num_incoming < MAX_LOG) rec.incoming[rec.num_incoming++] = (HDRVCALL)p1;
            tspk_mutex_unlock(&rec.lock);
        }
    }
    if (!rec.collect_incoming) log_add(&e);
    event_hooks(msg);
}

static void CALLBACK on_phone_event(HTAPIPHONE htp, DWORD msg, DWORD_PTR p1, DWORD_PTR p2,
                                    DWORD_PTR p3)
{
    entry e = { K_PHONE, 0, 0, (HTAPILINE)htp, NULL, msg, p1, p2, p3, { 0 }, 0 };
    log_add(&e);
    event_hooks(msg);
}

static int done_count(DRV_REQUESTID id) { return atomic_load(&rec.done[id]); }
static LONG done_result(DRV_REQUESTID id) { return (LONG)atomic_load(&rec.result[id]); }

/* Index in the log of the first completion of id / first message msg for htc; -1: none. */
static int find_done(DRV_REQUESTID id)
{
    int i, at = -1;
    tspk_mutex_lock(&rec.lock);
    for (i = 0; i < rec.n && at < 0; i++)
        if (rec.log[i].kind == K_DONE && rec.log[i].id == id) at = i;
    tspk_mutex_unlock(&rec.lock);
    return at;
}

static int find_msg(HTAPICALL htc, DWORD msg, int from)
{
    int i, at = -1;
    tspk_mutex_lock(&rec.lock);
    for (i = from; i < rec.n && at < 0; i++)
        if (rec.log[i].kind == K_LINE && rec.log[i].htc == htc && rec.log[i].msg == msg) at = i;
    tspk_mutex_unlock(&rec.lock);
    return at;
}

static int count_msgs(HTAPICALL htc)
{
    int i, n = 0;
    tspk_mutex_lock(&rec.lock);
    for (i = 0; i < rec.n; i++)
        if (rec.log[i].kind == K_LINE && rec.log[i].htc == htc) n++;
    tspk_mutex_unlock(&rec.lock);
    return n;
}

static entry log_at(int i)
{
    entry e;
    tspk_mutex_lock(&rec.lock);
    e = rec.log[i];
    tspk_mutex_unlock(&rec.lock);
    return e;
}

/* Waits (bounded) until request id has been completed. */
static void wait_done(DRV_REQUESTID id)
{
    uint64_t until = tspk_now_us() + 2000000u;
    while (done_count(id) == 0 && tspk_now_us() < until) tspk_sleep_ms(1);
}

/* ------------------------------------------------------------------------ */
/* Provider side: the steerable operations                                    */

enum mode {
    M_FAIL,             /* send DIALING, then return g.fail_code */
    M_SYNC_OK,          /* send DIALING, then return 0 */
    M_PENDING,          /* remember the request; the test completes it */
    M_EVENTS_PENDING,   /* send DIALING and CALLEDID, remember, return TSPK_PENDING */
    M_COMPLETE_INSIDE,  /* DIALING, tspk_complete(0), PROCEEDING, return g.inside_ret */
    M_BOGUS,            /* return 42: neither error, 0 nor TSPK_PENDING */
    M_WORKER,           /* the worker thread completes (after g.delay_ms) */
};

enum job_kind { J_MAKE, J_ANSWER, J_DROP, J_STOP };

typedef struct job {
    enum job_kind kind;
    tspk_call *call;           /* referenced while queued */
    DRV_REQUESTID id;
    LONG result;
    DWORD delay_ms;
} job;

static struct {
    tspk_provider *prov;
    tspk_queue jobs;
    tspk_thread worker;
    enum mode make_mode, answer_mode, drop_mode;
    LONG fail_code, inside_ret, worker_result;
    DWORD delay_ms;
    int ring_peer;                     /* J_MAKE also offers a call on the next line */
    atomic_int make_calls, answers, drops, closes, frees, msp_calls, get_ids;
    tspk_call *pending_call;           /* M_PENDING / M_EVENTS_PENDING */
    DRV_REQUESTID pending_id;
    const void *msp_data;
    DWORD msp_size;
    tspk_call *msp_call;
    int msp_opened, msp_closed;        /* msp_instance calls */
    HTAPIMSPLINE msp_last;
    tspk_phone *phone;                 /* the open phone */
    LONG monitor_result;               /* what monitor_tones / monitor_media answer */
    int monitor_tones_calls, monitor_media_calls;
    DWORD tones_list, tones_n, media_modes;    /* their last arguments */
    LINEMONITORTONE tones_first;
} g;

static void worker_make(const job *j)
{
    tspk_call_set_state(j->call, LINECALLSTATE_DIALING, 0, 0);
    tspk_complete(g.prov, j->id, j->result);
    if (j->result != 0) return;
    tspk_call_set_state(j->call, LINECALLSTATE_PROCEEDING, 0, 0);
    if (g.ring_peer) {
        DWORD peer = (tspk_line_index(tspk_call_line(j->call)) + 1) % NUM_LINES;
        tspk_line *l = tspk_line_get_open(g.prov, peer);
        tspk_call *in = l ? tspk_call_incoming(l, 0, 0) : NULL;
        tspk_line_unref(l);
        if (in) {
            tspk_call_set_state(in, LINECALLSTATE_OFFERING, 0, 0);
            tspk_call_unref(in);
        }
    }
    tspk_call_set_state(j->call, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0);
}

static void run_worker(void *unused)
{
    job j;
    (void)unused;
    while (tspk_queue_pop(&g.jobs, &j, TSPK_INFINITE) == 0 && j.kind != J_STOP) {
        if (j.delay_ms) tspk_sleep_ms(j.delay_ms);
        switch (j.kind) {
        case J_MAKE:
            worker_make(&j);
            break;
        case J_ANSWER:
            tspk_complete(g.prov, j.id, j.result);
            if (j.result == 0)
                tspk_call_set_state(j.call, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0);
            break;
        case J_DROP:
            tspk_complete(g.prov, j.id, j.result);
            tspk_call_set_state(j.call, LINECALLSTATE_IDLE, 0, 0);
            break;
        case J_STOP:
            break;
        }
        tspk_call_unref(j.call);
    }
}

static LONG post(enum job_kind kind, tspk_call *call, DRV_REQUESTID id)
{
    job j = { kind, tspk_call_ref(call), id, g.worker_result, g.delay_ms };
    if (!j.call) return LINEERR_INVALCALLHANDLE;
    if (tspk_queue_push(&g.jobs, &j) != 0) {
        tspk_call_unref(j.call);
        return LINEERR_RESOURCEUNAVAIL;
    }
    return TSPK_PENDING;
}

static LONG op_init(tspk_provider *p)
{
    g.prov = p;
    if (tspk_queue_init(&g.jobs, sizeof(job), 1u << 16) != 0) return LINEERR_NOMEM;
    if (tspk_thread_create(&g.worker, run_worker, NULL) != 0) {
        tspk_queue_free(&g.jobs);
        return LINEERR_NOMEM;
    }
    return 0;
}

static void op_shutdown(tspk_provider *p)
{
    job stop = { J_STOP, NULL, 0, 0, 0 };
    (void)p;
    tspk_queue_push(&g.jobs, &stop);
    tspk_thread_join(&g.worker);
    while (tspk_queue_pop(&g.jobs, &stop, 0) == 0) tspk_call_unref(stop.call);
    tspk_queue_free(&g.jobs);
}

static void op_line_describe(tspk_provider *p, DWORD index, tspk_line_info *info)
{
    static const char *const classes[] = { "comm/datamodem", NULL };
    (void)p;
    info->address = "5550100";
    info->switch_info = "test switch";
    info->device_classes = classes;
    /* Line 1 takes every dial-string modifier and has two addresses. */
    if (index == 1) {
        info->dev_cap_flags = LINEDEVCAPFLAGS_DIALBILLING | LINEDEVCAPFLAGS_DIALQUIET |
                              LINEDEVCAPFLAGS_DIALDIALTONE;
        info->num_addresses = 2;
    }
    /* Line 2 detects two-frequency tones, three per list, and fax or data media. */
    if (index == 2) {
        info->monitor_tone_max_freq = 2;
        info->monitor_tone_max_entries = 3;
        info->monitor_media_modes = LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM;
    }
    /* Line 3 cannot monitor tones or media, although the provider has the operations. */
    if (index == 3) info->no_monitoring = TSPK_NO_MONITOR_TONES | TSPK_NO_MONITOR_MEDIA;
}

static void op_phone_describe(tspk_provider *p, DWORD index, tspk_phone_info *info)
{
    (void)p; (void)index;
    info->phone_info = "test phone";
    info->display_rows = 2;
    info->display_columns = 16;
}

static LONG steer(enum mode m, enum job_kind kind, tspk_call *call, DRV_REQUESTID id)
{
    switch (m) {
    case M_FAIL:
        tspk_call_set_state(call, LINECALLSTATE_DIALING, 0, 0);
        return g.fail_code;
    case M_SYNC_OK:
        tspk_call_set_state(call, LINECALLSTATE_DIALING, 0, 0);
        return 0;
    case M_EVENTS_PENDING:
        tspk_call_set_state(call, LINECALLSTATE_DIALING, 0, 0);
        tspk_call_set_party(call, TSPK_PARTY_CALLED, "5550199", NULL);
        /* fall through */
    case M_PENDING:
        g.pending_call = call;
        g.pending_id = id;
        return TSPK_PENDING;
    case M_COMPLETE_INSIDE:
        tspk_call_set_state(call, LINECALLSTATE_DIALING, 0, 0);
        tspk_complete(g.prov, id, 0);
        tspk_call_set_state(call, LINECALLSTATE_PROCEEDING, 0, 0);
        return g.inside_ret;
    case M_BOGUS:
        return 42;
    case M_WORKER:
        return post(kind, call, id);
    }
    return LINEERR_OPERATIONFAILED;
}

static LONG op_make_call(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest, DWORD country,
                         const tspk_callparams *params)
{
    (void)dest; (void)country; (void)params;
    atomic_fetch_add(&g.make_calls, 1);
    return steer(g.make_mode, J_MAKE, call, id);
}

static LONG op_answer(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD size)
{
    (void)uui; (void)size;
    atomic_fetch_add(&g.answers, 1);
    return steer(g.answer_mode, J_ANSWER, call, id);
}

static LONG op_drop(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD size)
{
    (void)uui; (void)size;
    atomic_fetch_add(&g.drops, 1);
    return steer(g.drop_mode, J_DROP, call, id);
}

static LONG op_dial(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest, DWORD country)
{
    (void)call; (void)id; (void)dest; (void)country;
    return 0;
}

static void op_call_close(tspk_call *call) { (void)call; atomic_fetch_add(&g.closes, 1); }
static void op_call_free(tspk_call *call) { (void)call; atomic_fetch_add(&g.frees, 1); }

static LONG op_get_id(tspk_line *line, DWORD address_id, tspk_call *call, LPCWSTR device_class,
                      LPVARSTRING out, tspk_varbuf *vb, HANDLE target_process)
{
    static const char port[] = "COM7";
    (void)line; (void)address_id; (void)call; (void)device_class; (void)target_process;
    atomic_fetch_add(&g.get_ids, 1);
    out->dwStringFormat = STRINGFORMAT_BINARY;
    return tspk_varbuf_add_bytes(vb, &out->dwStringSize, &out->dwStringOffset, port, sizeof port, 0);
}

static LONG op_msp_data(tspk_line *line, tspk_call *call, const void *data, DWORD size)
{
    (void)line;
    atomic_fetch_add(&g.msp_calls, 1);
    g.msp_call = call;
    g.msp_data = data;
    g.msp_size = size;
    return 0;
}

static void op_msp_instance(tspk_line *line, DWORD address_id, HTAPIMSPLINE msp, int open)
{
    (void)line; (void)address_id;
    if (open) g.msp_opened++;
    else g.msp_closed++;
    g.msp_last = msp;
}

static LONG op_monitor_tones(tspk_call *call, DWORD list_id, const LINEMONITORTONE *tones, DWORD n)
{
    (void)call;
    g.monitor_tones_calls++;
    g.tones_list = list_id;
    g.tones_n = n;
    if (tones && n) g.tones_first = tones[0];
    return g.monitor_result;
}

static LONG op_monitor_media(tspk_call *call, DWORD modes)
{
    (void)call;
    g.monitor_media_calls++;
    g.media_modes = modes;
    return g.monitor_result;
}

static LONG op_phone_open(tspk_phone *phone)
{
    g.phone = phone;
    return 0;
}

static const GUID test_msp_clsid = { 0x12345678, 0x9abc, 0xdef0, { 1, 2, 3, 4, 5, 6, 7, 8 } };

/* What every test starts from; tests change `ops` (the registered table) in place. */
static const tspk_provider_ops default_ops = {
    .name = "tspkit test",
    .tspi_low = V13,
    .tspi_high = V31,
    .num_lines = NUM_LINES,
    .num_phones = NUM_PHONES,
    .init = op_init,
    .shutdown = op_shutdown,
    .line_describe = op_line_describe,
    .phone_describe = op_phone_describe,
    .make_call = op_make_call,
    .dial = op_dial,
    .answer = op_answer,
    .drop = op_drop,
    .call_close = op_call_close,
    .call_free = op_call_free,
    .get_id = op_get_id,
    .msp_clsid = &test_msp_clsid,
    .msp_data = op_msp_data,
    .msp_instance = op_msp_instance,
    .phone_open = op_phone_open,
};
static tspk_provider_ops ops;
TSPK_PROVIDER(ops)

/* ------------------------------------------------------------------------ */
/* Fixture: a clean provider per test                                         */

static int provider_up;

static LONG provider_start(void)
{
    DWORD nl = 0, np = 0;
    LONG r = TSPI_providerEnumDevices(PERM_ID, &nl, &np, (HPROVIDER)(uintptr_t)0x77, on_line_event,
                                      on_phone_event);
    if (r) return r;
    r = TSPI_providerInit(V30, PERM_ID, LINE_BASE, PHONE_BASE, nl, np, on_completion, NULL);
    provider_up = r == 0;
    return r;
}

static void provider_stop(void)
{
    if (provider_up) assert_int_equal(TSPI_providerShutdown(V30, PERM_ID), 0);
    provider_up = 0;
}

static int setup(void **state)
{
    (void)state;
    memset(&rec, 0, sizeof rec);
    if (tspk_mutex_init(&rec.lock)) return -1;
    atomic_store(&rec.newcall_ht, (uintptr_t)HT_IN(1));
    memset(&g, 0, sizeof g);
    ops = default_ops;
    return provider_start() == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (provider_up && TSPI_providerShutdown(V30, PERM_ID) != 0) return -1;
    provider_up = 0;
    tspk_mutex_destroy(&rec.lock);
    if (atomic_load(&rec.violations)) {
        fprintf(stderr, "%d TAPI rule violation(s), first: %s\n", atomic_load(&rec.violations),
                rec.why);
        return -1;
    }
    return 0;
}

static HDRVLINE open_line(DWORD index, DWORD version)
{
    HDRVLINE hd = 0;
    assert_int_equal(TSPI_lineOpen(DEV(index), HT_LINE(index), &hd, version, on_line_event), 0);
    assert_true(hd != 0);
    return hd;
}

static const WCHAR dest_ok[] = { '5', '5', '5', '0', '1', '9', '9', 0 };

/* A made call whose request completed successfully. */
static HDRVCALL make_call_ok(HDRVLINE hl, DRV_REQUESTID id)
{
    HDRVCALL hc = 0;
    enum mode saved = g.make_mode;
    g.make_mode = M_SYNC_OK;
    assert_int_equal(TSPI_lineMakeCall(id, hl, HT_MADE(id), &hc, dest_ok, 0, NULL), (LONG)id);
    g.make_mode = saved;
    assert_int_equal(done_count(id), 1);
    assert_int_equal(done_result(id), 0);
    return hc;
}

/* An incoming call (LINE_NEWCALL answered with HT_IN(n)), with the test's reference. */
static tspk_call *incoming_call(DWORD index, int n, HDRVCALL *hd)
{
    tspk_line *l = tspk_line_get_open(g.prov, index);
    tspk_call *c;
    int at;
    assert_non_null(l);
    atomic_store(&rec.newcall_ht, (uintptr_t)HT_IN(n));
    c = tspk_call_incoming(l, 0, 0);
    tspk_line_unref(l);
    assert_non_null(c);
    at = find_msg(NULL, LINE_NEWCALL, 0);
    assert_true(at >= 0);
    *hd = (HDRVCALL)log_at(at).p1;
    return c;
}

/* ------------------------------------------------------------------------ */
/* Version negotiation                                                        */

/* nf-tspi-tspi_linenegotiatetspiversion: the highest version both support;
 * LINEERR_INCOMPATIBLEAPIVERSION when the ranges do not overlap; dwDeviceID
 * INITIALIZE_NEGOTIATION negotiates the provider as a whole. */
static void test_negotiate_tspi(void **state)
{
    DWORD v = 0;
    (void)state;
    assert_int_equal(TSPI_lineNegotiateTSPIVersion(TSPK_INITIALIZE_NEGOTIATION, V14, 0x00040000, &v), 0);
    assert_int_equal(v, V31);
    assert_int_equal(TSPI_lineNegotiateTSPIVersion(TSPK_INITIALIZE_NEGOTIATION, 0x00010000, V20, &v), 0);
    assert_int_equal(v, V20);
    assert_int_equal(TSPI_lineNegotiateTSPIVersion(TSPK_INITIALIZE_NEGOTIATION, 0x00030002,
                                                   0x00040000, &v), E(LINEERR_INCOMPATIBLEAPIVERSION));
    assert_int_equal(TSPI_lineNegotiateTSPIVersion(TSPK_INITIALIZE_NEGOTIATION, 0x00010000,
                                                   0x00010002, &v), E(LINEERR_INCOMPATIBLEAPIVERSION));
    /* An empty offered range (low > high) overlaps nothing. */
    assert_int_equal(TSPI_lineNegotiateTSPIVersion(TSPK_INITIALIZE_NEGOTIATION, V30, V20, &v),
                     E(LINEERR_INCOMPATIBLEAPIVERSION));
    /* Per device: a known device ID negotiates; any other is LINEERR_BADDEVICEID. */
    assert_int_equal(TSPI_lineNegotiateTSPIVersion(DEV(2), V20, V22, &v), 0);
    assert_int_equal(v, V22);
    assert_int_equal(TSPI_lineNegotiateTSPIVersion(DEV(NUM_LINES), V20, V31, &v), E(LINEERR_BADDEVICEID));
    assert_int_equal(TSPI_lineNegotiateTSPIVersion(LINE_BASE - 1, V20, V31, &v), E(LINEERR_BADDEVICEID));
    /* Phones: nf-tspi-tspi_phonenegotiatetspiversion, PHONEERR_ codes. */
    assert_int_equal(TSPI_phoneNegotiateTSPIVersion(PHONE_BASE, V14, V20, &v), 0);
    assert_int_equal(v, V20);
    assert_int_equal(TSPI_phoneNegotiateTSPIVersion(PHONE_BASE + 1, V14, V20, &v),
                     E(PHONEERR_BADDEVICEID));
    assert_int_equal(TSPI_phoneNegotiateTSPIVersion(PHONE_BASE, 0x00040000, 0x00050000, &v),
                     E(PHONEERR_INCOMPATIBLEAPIVERSION));
}

static void restart_with_ext(DWORD low, DWORD high)
{
    provider_stop();
    ops.ext_low = low;
    ops.ext_high = high;
    assert_int_equal(provider_start(), 0);
}

/* nf-tspi-tspi_linenegotiateextversion / nf-tspi-tspi_lineselectextversion: the
 * highest common extension version; while one is selected only that one; select
 * 0 cancels; a device without extensions answers LINEERR_OPERATIONUNAVAIL. */
static void test_ext_versions(void **state)
{
    DWORD v = 0;
    HDRVLINE hl;
    LINEEXTENSIONID ext;
    (void)state;
    /* No extensions (the default table). */
    assert_int_equal(TSPI_lineNegotiateExtVersion(DEV(0), V30, 1, 0x7FFFFFFF, &v),
                     E(LINEERR_OPERATIONUNAVAIL));
    hl = open_line(0, V30);
    assert_int_equal(TSPI_lineSelectExtVersion(hl, 0x00010000), E(LINEERR_OPERATIONUNAVAIL));
    /* All zeros means "no extensions" (nf-tspi-tspi_linegetextensionid). */
    memset(&ext, 0xA5, sizeof ext);
    assert_int_equal(TSPI_lineGetExtensionID(DEV(0), V30, &ext), 0);
    assert_int_equal(ext.dwExtensionID0 | ext.dwExtensionID1 | ext.dwExtensionID2 | ext.dwExtensionID3, 0);
    assert_int_equal(TSPI_lineClose(hl), 0);

    ops.extension_id.dwExtensionID0 = 0xCAFE;
    restart_with_ext(0x00010000, 0x00010005);
    assert_int_equal(TSPI_lineGetExtensionID(DEV(0), V30, &ext), 0);
    assert_int_equal(ext.dwExtensionID0, 0xCAFE);
    assert_int_equal(TSPI_lineNegotiateExtVersion(DEV(0), V30, 0x00010002, 0x00020000, &v), 0);
    assert_int_equal(v, 0x00010005);
    assert_int_equal(TSPI_lineNegotiateExtVersion(DEV(0), V30, 0x00020000, 0x00030000, &v),
                     E(LINEERR_INCOMPATIBLEEXTVERSION));
    assert_int_equal(TSPI_lineNegotiateExtVersion(DEV(NUM_LINES), V30, 1, 0x00020000, &v),
                     E(LINEERR_BADDEVICEID));
    hl = open_line(0, V30);
    assert_int_equal(TSPI_lineSelectExtVersion(hl, 0x00020000), E(LINEERR_INCOMPATIBLEEXTVERSION));
    assert_int_equal(TSPI_lineSelectExtVersion(hl, 0x00010003), 0);
    assert_int_equal(TSPI_lineNegotiateExtVersion(DEV(0), V30, 0x00010000, 0x00020000, &v), 0);
    assert_int_equal(v, 0x00010003);
    assert_int_equal(TSPI_lineSelectExtVersion(hl, 0x00010004), E(LINEERR_INCOMPATIBLEEXTVERSION));
    assert_int_equal(TSPI_lineSelectExtVersion(hl, 0), 0);
    assert_int_equal(TSPI_lineSelectExtVersion(hl, 0x00010004), 0);
    /* Closing the line cancels the selection. */
    assert_int_equal(TSPI_lineClose(hl), 0);
    assert_int_equal(TSPI_lineNegotiateExtVersion(DEV(0), V30, 0x00010000, 0x00020000, &v), 0);
    assert_int_equal(v, 0x00010005);
    assert_int_equal(TSPI_lineSelectExtVersion(hl, 0), E(LINEERR_INVALLINEHANDLE));
}

/* ------------------------------------------------------------------------ */
/* providerInit                                                               */

/* nf-tspi-tspi_providerinit: a second init without shutdown, a TSPI version the
 * provider does not support (LINEERR_INCOMPATIBLEAPIVERSION) and a NULL
 * lpfnCompletionProc fail and leave the provider as it was. */
static void test_provider_init(void **state)
{
    DWORD opts = 0xFFFFFFFF;
    (void)state;
    assert_int_equal(TSPI_providerInit(V30, PERM_ID, LINE_BASE, PHONE_BASE, NUM_LINES, NUM_PHONES,
                                       on_completion, NULL), E(LINEERR_OPERATIONFAILED));
    /* The first provider is intact. */
    assert_int_equal(TSPI_lineClose(open_line(0, V30)), 0);
    provider_stop();
    assert_int_equal(TSPI_providerInit(0x00010002, PERM_ID, LINE_BASE, PHONE_BASE, NUM_LINES,
                                       NUM_PHONES, on_completion, NULL),
                     E(LINEERR_INCOMPATIBLEAPIVERSION));
    assert_int_equal(TSPI_providerInit(0x00030002, PERM_ID, LINE_BASE, PHONE_BASE, NUM_LINES,
                                       NUM_PHONES, on_completion, NULL),
                     E(LINEERR_INCOMPATIBLEAPIVERSION));
    assert_int_equal(TSPI_providerInit(V30, PERM_ID, LINE_BASE, PHONE_BASE, NUM_LINES, NUM_PHONES,
                                       NULL, NULL), E(LINEERR_INVALPOINTER));
    /* Nothing is up: a device is unknown and shutdown fails. */
    assert_int_equal(TSPI_lineGetDevCaps(DEV(0), V30, 0, NULL), E(LINEERR_BADDEVICEID));
    assert_int_equal(TSPI_providerShutdown(V30, PERM_ID), E(LINEERR_OPERATIONFAILED));
    /* The framework locks for itself: it asks for no serialisation. */
    assert_int_equal(TSPI_providerInit(V30, PERM_ID, LINE_BASE, PHONE_BASE, NUM_LINES, NUM_PHONES,
                                       on_completion, &opts), 0);
    provider_up = 1;
    assert_int_equal(opts, 0);
}

/* ------------------------------------------------------------------------ */
/* lineOpen / handles                                                         */

/* nf-tspi-tspi_lineopen: LINEERR_ALLOCATED when already open,
 * LINEERR_INCOMPATIBLEAPIVERSION, LINEERR_BADDEVICEID; every hdLine function
 * answers LINEERR_INVALLINEHANDLE for a handle it did not hand out. */
static void test_line_open_and_handles(void **state)
{
    HDRVLINE hl, again = 0, stale;
    HDRVCALL hc = 0;
    DWORD n;
    LINEDEVSTATUS ds;
    const HDRVLINE forged[] = { (HDRVLINE)0, (HDRVLINE)(uintptr_t)0xdeadbeefu, (HDRVLINE)(uintptr_t)1 };
    size_t i;
    (void)state;
    hl = open_line(0, V30);
    assert_int_equal(TSPI_lineOpen(DEV(0), HT_LINE(0), &again, V30, on_line_event), E(LINEERR_ALLOCATED));
    assert_int_equal(TSPI_lineOpen(DEV(1), HT_LINE(1), &again, 0x00040000, on_line_event),
                     E(LINEERR_INCOMPATIBLEAPIVERSION));
    assert_int_equal(TSPI_lineOpen(DEV(1), HT_LINE(1), &again, 0x00010002, on_line_event),
                     E(LINEERR_INCOMPATIBLEAPIVERSION));
    assert_int_equal(TSPI_lineOpen(DEV(NUM_LINES), HT_LINE(9), &again, V30, on_line_event),
                     E(LINEERR_BADDEVICEID));
    assert_int_equal(TSPI_lineGetNumAddressIDs(hl, &n), 0);
    assert_int_equal(n, 1);

    stale = hl;
    assert_int_equal(TSPI_lineClose(hl), 0);
    for (i = 0; i <= sizeof forged / sizeof forged[0]; i++) {
        HDRVLINE h = i < sizeof forged / sizeof forged[0] ? forged[i] : stale;
        ds.dwTotalSize = sizeof ds;
        assert_int_equal(TSPI_lineClose(h), E(LINEERR_INVALLINEHANDLE));
        assert_int_equal(TSPI_lineGetLineDevStatus(h, &ds), E(LINEERR_INVALLINEHANDLE));
        assert_int_equal(TSPI_lineGetNumAddressIDs(h, &n), E(LINEERR_INVALLINEHANDLE));
        assert_int_equal(TSPI_lineMakeCall(5, h, HT_MADE(5), &hc, dest_ok, 0, NULL),
                         E(LINEERR_INVALLINEHANDLE));
        assert_int_equal(TSPI_lineSetDefaultMediaDetection(h, 0), E(LINEERR_INVALLINEHANDLE));
        assert_int_equal(TSPI_lineReceiveMSPData(h, 0, 0, NULL, 0), E(LINEERR_INVALLINEHANDLE));
    }
    assert_int_equal(done_count(5), 0);
    assert_int_equal(atomic_load(&g.make_calls), 0);
    /* Reopened, the device gets a handle the stale one does not alias. */
    hl = open_line(0, V30);
    assert_true(hl != stale);
    assert_int_equal(TSPI_lineClose(stale), E(LINEERR_INVALLINEHANDLE));
    assert_int_equal(TSPI_lineClose(hl), 0);
}

/* ------------------------------------------------------------------------ */
/* Structure fills                                                            */

/* One TSPI call filling a structure, and where its strings are. */
typedef struct fill_case {
    const char *what;
    LONG (*fill)(void *s, DWORD version);
    DWORD (*fixed)(DWORD version);
    LONG too_small;
    int has_var;                /* it carries variable data by default */
    size_t strings[8];          /* offsets of dwXxxSize members (Offset follows); 0 ends */
} fill_case;

static HDRVLINE fill_line;
static HDRVCALL fill_call;

static LONG fill_devcaps(void *s, DWORD v) { return TSPI_lineGetDevCaps(DEV(0), v, 0, s); }
static LONG fill_addrcaps(void *s, DWORD v) { return TSPI_lineGetAddressCaps(DEV(0), 0, v, 0, s); }
static LONG fill_phonecaps(void *s, DWORD v) { return TSPI_phoneGetDevCaps(PHONE_BASE, v, 0, s); }
static LONG fill_callinfo(void *s, DWORD v) { (void)v; return TSPI_lineGetCallInfo(fill_call, s); }
static LONG fill_callstatus(void *s, DWORD v) { (void)v; return TSPI_lineGetCallStatus(fill_call, s); }
static LONG fill_devstatus(void *s, DWORD v) { (void)v; return TSPI_lineGetLineDevStatus(fill_line, s); }

static const fill_case fill_cases[] = {
    { "LINEDEVCAPS", fill_devcaps, tspk_linedevcaps_size, E(LINEERR_STRUCTURETOOSMALL), 1,
      { offsetof(LINEDEVCAPS, dwProviderInfoSize), offsetof(LINEDEVCAPS, dwSwitchInfoSize),
        offsetof(LINEDEVCAPS, dwLineNameSize), 0 } },
    { "LINEADDRESSCAPS", fill_addrcaps, tspk_lineaddresscaps_size, E(LINEERR_STRUCTURETOOSMALL), 1,
      { offsetof(LINEADDRESSCAPS, dwAddressSize), 0 } },
    { "PHONECAPS", fill_phonecaps, tspk_phonecaps_size, E(PHONEERR_STRUCTURETOOSMALL), 1,
      { offsetof(PHONECAPS, dwProviderInfoSize), offsetof(PHONECAPS, dwPhoneInfoSize),
        offsetof(PHONECAPS, dwPhoneNameSize), 0 } },
    { "LINECALLINFO", fill_callinfo, tspk_linecallinfo_size, E(LINEERR_STRUCTURETOOSMALL), 1,
      { offsetof(LINECALLINFO, dwCallerIDSize), offsetof(LINECALLINFO, dwCallerIDNameSize), 0 } },
    { "LINECALLSTATUS", fill_callstatus, tspk_linecallstatus_size, E(LINEERR_STRUCTURETOOSMALL), 0,
      { 0 } },
    { "LINEDEVSTATUS", fill_devstatus, tspk_linedevstatus_size, E(LINEERR_STRUCTURETOOSMALL), 0,
      { 0 } },
};

static DWORD get_dword(const unsigned char *s, size_t off)
{
    DWORD v;
    memcpy(&v, s + off, sizeof v);
    return v;
}

/* A structure of `total` bytes followed by GUARD bytes, all 0xA5. */
static unsigned char *new_struct(DWORD total)
{
    unsigned char *s = (unsigned char *)malloc((size_t)total + GUARD);
    assert_non_null(s);
    memset(s, 0xA5, (size_t)total + GUARD);
    memcpy(s, &total, sizeof total);
    return s;
}

static void check_guard(const fill_case *fc, const unsigned char *s, DWORD total, DWORD version)
{
    size_t i;
    for (i = total; i < (size_t)total + GUARD; i++)
        if (s[i] != 0xA5)
            fail_msg("%s (version %#lx, dwTotalSize %lu): byte %lu past dwTotalSize written (%#x)",
                     fc->what, (unsigned long)version, (unsigned long)total,
                     (unsigned long)(i - total), s[i]);
}

/* Strings are NUL-terminated UTF-16 inside [fixed, dwUsedSize)
 * (learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures). */
static void check_strings(const fill_case *fc, const unsigned char *s, DWORD fixed, DWORD used)
{
    int i;
    for (i = 0; fc->strings[i]; i++) {
        DWORD size = get_dword(s, fc->strings[i]), off = get_dword(s, fc->strings[i] + 4);
        WCHAR last;
        if (!size) continue;
        if (off < fixed || off > used || size > used - off || size % 2 || off % 2)
            fail_msg("%s: string at member offset %lu is [%lu, +%lu), outside [%lu, %lu)", fc->what,
                     (unsigned long)fc->strings[i], (unsigned long)off, (unsigned long)size,
                     (unsigned long)fixed, (unsigned long)used);
        memcpy(&last, s + off + size - 2, sizeof last);
        assert_int_equal(last, 0);
    }
}

static void check_fill(const fill_case *fc, DWORD version)
{
    DWORD fixed = fc->fixed(version), total;
    unsigned char *s;
    /* Below the version's fixed part: STRUCTURETOOSMALL, nothing written. */
    total = fixed - 4;
    s = new_struct(total);
    assert_int_equal(fc->fill(s, version), fc->too_small);
    check_guard(fc, s, 4, version);
    free(s);
    /* Exactly the fixed part: success, dwUsedSize == fixed, dwNeededSize says what
     * the variable part would take (LINEDEVCAPS page: dwNeededSize, dwUsedSize). */
    s = new_struct(fixed);
    assert_int_equal(fc->fill(s, version), 0);
    assert_int_equal(get_dword(s, 8), fixed);
    if (fc->has_var) assert_true(get_dword(s, 4) > fixed);
    else assert_int_equal(get_dword(s, 4), fixed);
    check_guard(fc, s, fixed, version);
    free(s);
    /* Room for everything: needed == used. */
    total = fixed + 4096;
    s = new_struct(total);
    assert_int_equal(fc->fill(s, version), 0);
    assert_int_equal(get_dword(s, 4), get_dword(s, 8));
    assert_true(get_dword(s, 8) <= total);
    check_strings(fc, s, fixed, get_dword(s, 8));
    check_guard(fc, s, total, version);
    free(s);
}

static void run_fills(DWORD version)
{
    size_t i;
    tspk_call *c;
    fill_line = open_line(0, version);
    c = incoming_call(0, 1, &fill_call);
    tspk_call_set_party(c, TSPK_PARTY_CALLER, "5551234", "Alice");
    for (i = 0; i < sizeof fill_cases / sizeof fill_cases[0]; i++) check_fill(&fill_cases[i], version);
    tspk_call_unref(c);
    assert_int_equal(TSPI_lineClose(fill_line), 0);
}

static void test_fills_current(void **state) { (void)state; run_fills(V31); }
static void test_fills_2_0(void **state) { (void)state; run_fills(V20); }
static void test_fills_1_4(void **state) { (void)state; run_fills(V14); }
static void test_fills_1_3(void **state) { (void)state; run_fills(V13); }

/* Older versions get smaller fixed parts: what TAPI 2.0 knows ends before what 2.2
 * and 3.0 added (ns-tapi-linedevcaps: "available only if the negotiated version
 * is ... or later"). */
static void test_fixed_sizes_shrink(void **state)
{
    (void)state;
    assert_true(tspk_linedevcaps_size(V14) < tspk_linedevcaps_size(V20));
    assert_true(tspk_linedevcaps_size(V20) < tspk_linedevcaps_size(V22));
    assert_true(tspk_linedevcaps_size(V22) < tspk_linedevcaps_size(V30));
    assert_int_equal(tspk_linedevcaps_size(V20), offsetof(LINEDEVCAPS, PermanentLineGuid));
    assert_int_equal(tspk_linecallinfo_size(V20), offsetof(LINECALLINFO, dwCallerIDAddressType));
    assert_int_equal(tspk_phonecaps_size(V20), offsetof(PHONECAPS, PermanentPhoneGuid));
}


/* nf-tspi-tspi_linegetlinedevstatus remarks: TAPI fills dwNumOpens and
 * dwOpenMediaModes, and "the service provider must preserve (it must not overwrite)
 * the values filled in by TAPI". */
static void test_devstatus_keeps_tapi_members(void **state)
{
    static const DWORD versions[] = { V14, V31 };
    size_t i;
    (void)state;
    for (i = 0; i < 2; i++) {
        DWORD fixed = tspk_linedevstatus_size(versions[i]);
        LINEDEVSTATUS *ds = (LINEDEVSTATUS *)calloc(1, sizeof(LINEDEVSTATUS) + 64);
        HDRVLINE hl = open_line((DWORD)i, versions[i]);
        assert_non_null(ds);
        ds->dwTotalSize = fixed;
        ds->dwNumOpens = 3;
        ds->dwOpenMediaModes = LINEMEDIAMODE_DATAMODEM | LINEMEDIAMODE_INTERACTIVEVOICE;
        ds->dwNumActiveCalls = 99;
        assert_int_equal(TSPI_lineGetLineDevStatus(hl, ds), 0);
        printf("LINEDEVSTATUS %#lx: dwNumOpens %lu, dwOpenMediaModes %#lx after the fill\n",
               (unsigned long)versions[i], (unsigned long)ds->dwNumOpens,
               (unsigned long)ds->dwOpenMediaModes);
        assert_int_equal(ds->dwNumOpens, 3);
        assert_int_equal(ds->dwOpenMediaModes, LINEMEDIAMODE_DATAMODEM | LINEMEDIAMODE_INTERACTIVEVOICE);
        assert_int_equal(ds->dwNumActiveCalls, 0);        /* the provider's */
        assert_int_equal(ds->dwUsedSize, fixed);
        free(ds);
        assert_int_equal(TSPI_lineClose(hl), 0);
    }
}

/* ------------------------------------------------------------------------ */
/* Asynchronous requests                                                      */
/* learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model and
 * nc-tspi-async_completion: an async function returns a negative error (no
 * completion follows) or exactly dwRequestID, and then ASYNC_COMPLETION is called
 * exactly once, possibly before the function has returned. */

static int active_calls(HDRVLINE hl)
{
    LINEDEVSTATUS ds;
    memset(&ds, 0, sizeof ds);
    ds.dwTotalSize = sizeof ds;
    assert_int_equal(TSPI_lineGetLineDevStatus(hl, &ds), 0);
    return (int)ds.dwNumActiveCalls;
}

static void test_make_call_sync_failure(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc = 0;
    (void)state;
    hl = open_line(0, V30);
    g.make_mode = M_FAIL;
    g.fail_code = E(LINEERR_CALLUNAVAIL);
    assert_int_equal(TSPI_lineMakeCall(11, hl, HT_MADE(11), &hc, dest_ok, 0, NULL),
                     E(LINEERR_CALLUNAVAIL));
    assert_int_equal(atomic_load(&g.make_calls), 1);
    assert_int_equal(done_count(11), 0);
    /* The DIALING it sent before failing never reaches TAPI; the call is gone. */
    assert_int_equal(count_msgs(HT_MADE(11)), 0);
    assert_int_equal(atomic_load(&g.frees), 1);
    assert_int_equal(TSPI_lineCloseCall(hc), E(LINEERR_INVALCALLHANDLE));
    assert_int_equal(active_calls(hl), 0);
}

static void test_make_call_sync_success(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc = 0;
    int done_at, dialing_at;
    (void)state;
    hl = open_line(0, V30);
    g.make_mode = M_SYNC_OK;
    rec.watch_id = 12;
    rec.watch_hd = &hc;
    assert_int_equal(TSPI_lineMakeCall(12, hl, HT_MADE(12), &hc, dest_ok, 0, NULL), 12);
    rec.watch_hd = NULL;
    assert_int_equal(done_count(12), 1);
    assert_int_equal(done_result(12), 0);
    /* lphdCall is filled before the procedure returns (tspi_linemakecall, lphdCall),
     * so it is there when the completion comes. */
    assert_true(hc != 0);
    assert_true(rec.hd_at_completion == hc);
    done_at = find_done(12);
    dialing_at = find_msg(HT_MADE(12), LINE_CALLSTATE, 0);
    assert_true(done_at >= 0);
    assert_true(dialing_at > done_at);
    assert_int_equal(log_at(dialing_at).p1, LINECALLSTATE_DIALING);
    assert_true(log_at(dialing_at).htl == HT_LINE(0));
    assert_int_equal(active_calls(hl), 1);
    assert_int_equal(TSPI_lineCloseCall(hc), 0);
    assert_int_equal(active_calls(hl), 0);
    assert_int_equal(atomic_load(&g.frees), 1);
}

/* Completes a request from another thread, as a device would. */
typedef struct late { DRV_REQUESTID id; LONG result; } late;

static void complete_later(void *arg)
{
    late *l = (late *)arg;
    tspk_sleep_ms(5);
    tspk_complete(g.prov, l->id, l->result);
}

static void complete_from_thread(DRV_REQUESTID id, LONG result)
{
    tspk_thread t;
    late l = { id, result };
    assert_int_equal(tspk_thread_create(&t, complete_later, &l), 0);
    assert_int_equal(tspk_thread_join(&t), 0);
}

/* The call is "not yet valid" until its request completed with success: no
 * LINEEVENT for it and not in the line's call counts (tspi_linemakecall remarks). */
static void test_make_call_events_held_until_completion(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc = 0;
    int done_at, dialing_at, info_at;
    (void)state;
    hl = open_line(0, V30);
    g.make_mode = M_EVENTS_PENDING;
    assert_int_equal(TSPI_lineMakeCall(13, hl, HT_MADE(13), &hc, dest_ok, 0, NULL), 13);
    assert_true(hc != 0);
    assert_int_equal(done_count(13), 0);
    assert_int_equal(count_msgs(HT_MADE(13)), 0);
    assert_int_equal(active_calls(hl), 0);
    complete_from_thread(13, 0);
    assert_int_equal(done_count(13), 1);
    assert_int_equal(done_result(13), 0);
    done_at = find_done(13);
    dialing_at = find_msg(HT_MADE(13), LINE_CALLSTATE, 0);
    info_at = find_msg(HT_MADE(13), LINE_CALLINFO, 0);
    /* Delivered after the completion, in the order they were sent. */
    assert_true(done_at >= 0);
    assert_true(dialing_at > done_at);
    assert_true(info_at > dialing_at);
    assert_int_equal(log_at(info_at).p1, LINECALLINFOSTATE_CALLEDID);
    assert_int_equal(active_calls(hl), 1);
    assert_int_equal(TSPI_lineCloseCall(hc), 0);
}

/* A request that fails asynchronously: its held events are never delivered, but
 * TAPI still calls TSPI_lineCloseCall for the call, which succeeds and frees it
 * (nf-tspi-tspi_lineclosecall remarks; a synchronous failure gets no close, see
 * test_make_call_sync_failure). */
static void test_make_call_fails_later(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc = 0;
    (void)state;
    hl = open_line(0, V30);
    g.make_mode = M_EVENTS_PENDING;
    assert_int_equal(TSPI_lineMakeCall(14, hl, HT_MADE(14), &hc, dest_ok, 0, NULL), 14);
    complete_from_thread(14, E(LINEERR_CALLUNAVAIL));
    assert_int_equal(done_count(14), 1);
    assert_int_equal(done_result(14), E(LINEERR_CALLUNAVAIL));
    assert_int_equal(count_msgs(HT_MADE(14)), 0);
    assert_int_equal(active_calls(hl), 0);
    /* Still silent: it never became valid for TAPI. */
    tspk_call_set_state(g.pending_call, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_BUSY, 0);
    assert_int_equal(count_msgs(HT_MADE(14)), 0);
    assert_int_equal(atomic_load(&g.frees), 0);
    assert_int_equal(TSPI_lineCloseCall(hc), 0);
    assert_int_equal(atomic_load(&g.frees), 1);
    assert_int_equal(TSPI_lineCloseCall(hc), E(LINEERR_INVALCALLHANDLE));
    assert_int_equal(active_calls(hl), 0);
}

/* The provider may complete before it returns (tspi_linemakecall remarks: "the
 * service provider is permitted to do callbacks for the new call before it
 * returns"); still one completion, still the ID returned. */
static void test_make_call_completes_before_return(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc = 0, hc2 = 0;
    int done_at, at;
    (void)state;
    hl = open_line(0, V30);
    g.make_mode = M_COMPLETE_INSIDE;
    g.inside_ret = TSPK_PENDING;
    assert_int_equal(TSPI_lineMakeCall(15, hl, HT_MADE(15), &hc, dest_ok, 0, NULL), 15);
    assert_int_equal(done_count(15), 1);
    assert_int_equal(done_result(15), 0);
    done_at = find_done(15);
    at = find_msg(HT_MADE(15), LINE_CALLSTATE, 0);
    assert_true(at > done_at);
    assert_int_equal(log_at(at).p1, LINECALLSTATE_DIALING);
    at = find_msg(HT_MADE(15), LINE_CALLSTATE, at + 1);
    assert_true(at >= 0);
    assert_int_equal(log_at(at).p1, LINECALLSTATE_PROCEEDING);
    assert_int_equal(TSPI_lineCloseCall(hc), 0);
    /* The same, but the operation then also answers 0 ("done now"). */
    g.inside_ret = 0;
    assert_int_equal(TSPI_lineMakeCall(16, hl, HT_MADE(16), &hc2, dest_ok, 0, NULL), 16);
    assert_int_equal(done_count(16), 1);
    assert_int_equal(done_result(16), 0);
    assert_int_equal(count_msgs(HT_MADE(16)), 2);
    assert_int_equal(TSPI_lineCloseCall(hc2), 0);
}

/* A completion from a worker thread, later. */
static void test_make_call_worker(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc = 0;
    (void)state;
    hl = open_line(0, V30);
    g.make_mode = M_WORKER;
    g.delay_ms = 10;
    assert_int_equal(TSPI_lineMakeCall(17, hl, HT_MADE(17), &hc, dest_ok, 0, NULL), 17);
    wait_done(17);
    assert_int_equal(done_count(17), 1);
    assert_int_equal(done_result(17), 0);
    /* DIALING, PROCEEDING, CONNECTED: all after the completion (checked as they came). */
    for (int i = 0; i < 2000 && count_msgs(HT_MADE(17)) < 3; i++) tspk_sleep_ms(1);
    assert_int_equal(count_msgs(HT_MADE(17)), 3);
    assert_true(find_msg(HT_MADE(17), LINE_CALLSTATE, 0) > find_done(17));
    assert_int_equal(TSPI_lineCloseCall(hc), 0);
}

/* Any other positive answer is a provider bug; the framework must still return a
 * negative error or dwRequestID, and it answers LINEERR_OPERATIONFAILED (async.h). */
static void test_bogus_positive_result(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc = 0;
    (void)state;
    hl = open_line(0, V30);
    g.make_mode = M_BOGUS;
    assert_int_equal(TSPI_lineMakeCall(18, hl, HT_MADE(18), &hc, dest_ok, 0, NULL),
                     E(LINEERR_OPERATIONFAILED));
    assert_int_equal(done_count(18), 0);
    assert_int_equal(atomic_load(&g.frees), 1);
}

/* An operation the table lacks answers LINEERR_OPERATIONUNAVAIL, synchronously,
 * with no completion (each function's return values list it). */
static void test_missing_ops(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc, h2 = 0;
    (void)state;
    hl = open_line(0, V30);
    hc = make_call_ok(hl, 19);
    ops.answer = NULL;
    assert_int_equal(TSPI_lineAnswer(20, hc, NULL, 0), E(LINEERR_OPERATIONUNAVAIL));
    assert_int_equal(TSPI_lineAccept(21, hc, NULL, 0), E(LINEERR_OPERATIONUNAVAIL));
    assert_int_equal(TSPI_lineDevSpecific(22, hl, 0, 0, NULL, 0), E(LINEERR_OPERATIONUNAVAIL));
    assert_int_equal(TSPI_lineMonitorDigits(hc, LINEDIGITMODE_DTMF), E(LINEERR_OPERATIONUNAVAIL));
    assert_int_equal(TSPI_lineMonitorTones(hc, 1, NULL, 0), E(LINEERR_OPERATIONUNAVAIL));
    assert_int_equal(TSPI_lineMonitorMedia(hc, 0), E(LINEERR_OPERATIONUNAVAIL));
    ops.make_call = NULL;
    assert_int_equal(TSPI_lineMakeCall(23, hl, HT_MADE(23), &h2, dest_ok, 0, NULL),
                     E(LINEERR_OPERATIONUNAVAIL));
    assert_int_equal(done_count(20) + done_count(21) + done_count(22) + done_count(23), 0);
    assert_int_equal(atomic_load(&g.answers), 0);
    /* The request IDs were not kept: they can be used again. */
    ops.answer = op_answer;
    g.answer_mode = M_SYNC_OK;
    assert_int_equal(TSPI_lineAnswer(20, hc, NULL, 0), 20);
    assert_int_equal(done_count(20), 1);
    assert_int_equal(TSPI_lineCloseCall(hc), 0);
}

/* TAPISRV never has two requests with one ID outstanding; the framework refuses
 * the second rather than complete one of them twice. */
static void test_duplicate_request_id(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc = 0, h2 = 0, h3 = 0;
    (void)state;
    hl = open_line(0, V30);
    g.make_mode = M_PENDING;
    assert_int_equal(TSPI_lineMakeCall(30, hl, HT_MADE(30), &hc, dest_ok, 0, NULL), 30);
    assert_int_equal(TSPI_lineMakeCall(30, hl, HT_MADE(30), &h2, dest_ok, 0, NULL),
                     E(LINEERR_OPERATIONFAILED));
    assert_int_equal(TSPI_lineDrop(30, hc, NULL, 0), E(LINEERR_OPERATIONFAILED));
    assert_int_equal(atomic_load(&g.make_calls), 1);
    assert_int_equal(atomic_load(&g.drops), 0);
    /* 0 and values above 0x7FFFFFFF cannot be told apart from success or an error. */
    assert_int_equal(TSPI_lineMakeCall(0, hl, HT_MADE(0), &h3, dest_ok, 0, NULL),
                     E(LINEERR_INVALPARAM));
    assert_int_equal(done_count(30), 0);
    tspk_complete(g.prov, 30, 0);
    assert_int_equal(done_count(30), 1);
    /* A second completion of the same request is dropped. */
    tspk_complete(g.prov, 30, 0);
    assert_int_equal(done_count(30), 1);
    assert_int_equal(TSPI_lineCloseCall(hc), 0);
}

/* nf-tspi-tspi_providershutdown: whatever is outstanding is completed, once each,
 * here with LINEERR_OPERATIONFAILED; every call object is freed. */
static void test_shutdown_completes_outstanding(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc = 0, hin;
    tspk_call *in;
    (void)state;
    hl = open_line(0, V30);
    g.make_mode = M_PENDING;
    assert_int_equal(TSPI_lineMakeCall(40, hl, HT_MADE(40), &hc, dest_ok, 0, NULL), 40);
    in = incoming_call(0, 2, &hin);
    tspk_call_set_state(in, LINECALLSTATE_OFFERING, 0, 0);
    tspk_call_unref(in);
    g.answer_mode = M_PENDING;
    assert_int_equal(TSPI_lineAnswer(41, hin, NULL, 0), 41);
    provider_stop();
    assert_int_equal(done_count(40), 1);
    assert_int_equal(done_result(40), E(LINEERR_OPERATIONFAILED));
    assert_int_equal(done_count(41), 1);
    assert_int_equal(done_result(41), E(LINEERR_OPERATIONFAILED));
    assert_int_equal(count_msgs(HT_MADE(40)), 0);
    assert_int_equal(atomic_load(&g.frees), 2);
}

/* ------------------------------------------------------------------------ */
/* lineMakeCall input checks                                                  */

static const WCHAR *wstr(const char *s, WCHAR *buf)
{
    size_t i = 0;
    for (; s[i]; i++) buf[i] = (WCHAR)s[i];
    buf[i] = 0;
    return buf;
}

/* tspi_linemakecall remarks: dial-string characters (W, @, $, ?) the provider does
 * not support fail synchronously, with the error of the FIRST one, and "none of
 * the actions otherwise performed" happen. */
static void test_make_call_dial_string(void **state)
{
    static const struct { const char *dest; LONG line0; LONG line1; } cases[] = {
        { "555$1234", E(LINEERR_DIALBILLING), 0 },
        { "555@1234", E(LINEERR_DIALQUIET), 0 },
        { "9W5551234", E(LINEERR_DIALDIALTONE), 0 },
        { "9w5551234", E(LINEERR_DIALDIALTONE), 0 },
        { "555?", E(LINEERR_DIALPROMPT), E(LINEERR_DIALPROMPT) },
        { "9W$@", E(LINEERR_DIALDIALTONE), 0 },
        { "9$W@", E(LINEERR_DIALBILLING), 0 },
        { "9@?", E(LINEERR_DIALQUIET), E(LINEERR_DIALPROMPT) },
    };
    HDRVLINE hl[2];
    WCHAR buf[32];
    size_t i;
    int line, made = 0;
    DRV_REQUESTID id = 200;
    (void)state;
    hl[0] = open_line(0, V30);
    hl[1] = open_line(1, V30);
    g.make_mode = M_SYNC_OK;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (line = 0; line < 2; line++, id++) {
            HDRVCALL hc = 0;
            LONG want = line ? cases[i].line1 : cases[i].line0;
            LONG got = TSPI_lineMakeCall(id, hl[line], HT_MADE(id), &hc, wstr(cases[i].dest, buf),
                                         0, NULL);
            if (want) {
                if (got != want)
                    fail_msg("\"%s\" on line %d: got %#lx, want %#lx", cases[i].dest, line,
                             (unsigned long)got, (unsigned long)want);
                assert_int_equal(done_count(id), 0);
            } else {
                assert_int_equal(got, (LONG)id);
                assert_int_equal(TSPI_lineCloseCall(hc), 0);
                made++;
            }
        }
    }
    assert_int_equal(atomic_load(&g.make_calls), made);
}

/* A LINECALLPARAMS buffer: the fixed part for version v and `extra` zero bytes. */
typedef struct cp_buf {
    LINECALLPARAMS *p;
    DWORD fixed, total;
} cp_buf;

static cp_buf cp_new(DWORD v, DWORD extra)
{
    cp_buf b;
    b.fixed = tspk_linecallparams_size(v);
    b.total = b.fixed + extra;
    b.p = (LINECALLPARAMS *)calloc(1, b.fixed > sizeof(LINECALLPARAMS) ? b.fixed + extra
                                                                       : sizeof(LINECALLPARAMS) + extra);
    assert_non_null(b.p);
    b.p->dwTotalSize = b.total;
    return b;
}

static LONG make_with(HDRVLINE hl, DRV_REQUESTID id, LINECALLPARAMS *p)
{
    HDRVCALL hc = 0;
    LONG r = TSPI_lineMakeCall(id, hl, HT_MADE(id), &hc, dest_ok, 0, p);
    if (r == (LONG)id) assert_int_equal(TSPI_lineCloseCall(hc), 0);
    return r;
}

/* Hostile LINECALLPARAMS: TSPI_lineMakeCall lists LINEERR_INVALCALLPARAMS for bad
 * parameters (varstruct.h tspk_read_callparams), LINEERR_INVALADDRESSID for an
 * address the line does not have; the operation never sees them. */
static void test_make_call_hostile_params(void **state)
{
    HDRVLINE hl0, hl1;
    cp_buf b;
    WCHAR *text;
    (void)state;
    hl0 = open_line(0, V31);
    hl1 = open_line(1, V31);
    g.make_mode = M_SYNC_OK;
    b = cp_new(V31, 64);
    text = (WCHAR *)(void *)((unsigned char *)b.p + b.fixed);
    wstr("5550100", text);

    b.p->dwTotalSize = b.fixed - 4;                             /* short of the fixed part */
    assert_int_equal(make_with(hl0, 300, b.p), E(LINEERR_INVALCALLPARAMS));
    b.p->dwTotalSize = b.total;
    b.p->dwOrigAddressOffset = b.total + 2;                     /* past the end */
    b.p->dwOrigAddressSize = 2;
    assert_int_equal(make_with(hl0, 301, b.p), E(LINEERR_INVALCALLPARAMS));
    b.p->dwOrigAddressOffset = b.fixed;                         /* offset + size wraps */
    b.p->dwOrigAddressSize = 0xFFFFFFFFu - b.fixed + 3;
    assert_int_equal(make_with(hl0, 302, b.p), E(LINEERR_INVALCALLPARAMS));
    b.p->dwOrigAddressSize = 3;                                 /* odd size for WCHARs */
    assert_int_equal(make_with(hl0, 303, b.p), E(LINEERR_INVALCALLPARAMS));
    b.p->dwOrigAddressOffset = 4;                               /* inside the fixed part */
    b.p->dwOrigAddressSize = 4;
    assert_int_equal(make_with(hl0, 304, b.p), E(LINEERR_INVALCALLPARAMS));
    b.p->dwOrigAddressOffset = b.fixed;                         /* no NUL within the size */
    b.p->dwOrigAddressSize = 4;
    assert_int_equal(make_with(hl0, 305, b.p), E(LINEERR_INVALCALLPARAMS));
    b.p->dwUserUserInfoOffset = b.total - 4;                    /* a blob past the end */
    b.p->dwUserUserInfoSize = 8;
    b.p->dwOrigAddressSize = 16;
    assert_int_equal(make_with(hl0, 306, b.p), E(LINEERR_INVALCALLPARAMS));
    assert_int_equal(atomic_load(&g.make_calls), 0);
    b.p->dwUserUserInfoSize = 0;
    assert_int_equal(make_with(hl0, 307, b.p), 307);           /* now well formed */
    assert_int_equal(atomic_load(&g.make_calls), 1);

    /* dwAddressID: line 0 has one address, line 1 two. */
    b.p->dwAddressMode = LINEADDRESSMODE_ADDRESSID;
    b.p->dwAddressID = 1;
    assert_int_equal(make_with(hl0, 308, b.p), E(LINEERR_INVALADDRESSID));
    assert_int_equal(make_with(hl1, 309, b.p), 309);
    b.p->dwAddressID = 2;
    assert_int_equal(make_with(hl1, 310, b.p), E(LINEERR_INVALADDRESSID));
    /* A media mode the line does not have. */
    b.p->dwAddressID = 0;
    b.p->dwMediaMode = LINEMEDIAMODE_G3FAX;
    assert_int_equal(make_with(hl0, 311, b.p), E(LINEERR_INVALMEDIAMODE));
    assert_int_equal(atomic_load(&g.make_calls), 2);
    assert_int_equal(done_count(300) + done_count(301) + done_count(302) + done_count(303) +
                     done_count(304) + done_count(305) + done_count(306) + done_count(308) +
                     done_count(310) + done_count(311), 0);
    free(b.p);
}

/* ------------------------------------------------------------------------ */
/* Incoming calls                                                             */

/* learn.microsoft.com/windows/win32/tapi/line-newcall: dwParam1 is the provider's
 * hdCall, dwParam2 where TAPI writes its htCall; events then name that htCall. */
static void test_incoming_call(void **state)
{
    HDRVLINE hl;
    HDRVCALL hd;
    tspk_call *c;
    entry e;
    int at;
    LINECALLINFO *ci;
    WCHAR want[16];
    (void)state;
    hl = open_line(0, V30);
    c = incoming_call(0, 3, &hd);
    e = log_at(find_msg(NULL, LINE_NEWCALL, 0));
    assert_true(e.htl == HT_LINE(0));
    assert_true(e.p2 != 0);
    tspk_call_set_state(c, LINECALLSTATE_OFFERING, 0, 0);
    at = find_msg(HT_IN(3), LINE_CALLSTATE, 0);
    assert_true(at >= 0);
    assert_int_equal(log_at(at).p1, LINECALLSTATE_OFFERING);
    assert_int_equal(active_calls(hl), 1);

    /* Caller ID (ns-tapi-linecallinfo: dwCallerIDFlags, CallerID, CallerIDName). */
    tspk_call_set_party(c, TSPK_PARTY_CALLER, "5551234", "Alice");
    at = find_msg(HT_IN(3), LINE_CALLINFO, 0);
    assert_true(at >= 0);
    assert_int_equal(log_at(at).p1, LINECALLINFOSTATE_CALLERID);
    ci = (LINECALLINFO *)calloc(1, 1024);
    assert_non_null(ci);
    ci->dwTotalSize = 1024;
    assert_int_equal(TSPI_lineGetCallInfo(hd, ci), 0);
    assert_int_equal(ci->dwOrigin, LINECALLORIGIN_INBOUND);
    assert_int_equal(ci->dwCallerIDFlags, LINECALLPARTYID_ADDRESS | LINECALLPARTYID_NAME);
    assert_int_equal(ci->dwCallerIDSize, 8 * sizeof(WCHAR));
    assert_memory_equal((unsigned char *)ci + ci->dwCallerIDOffset, wstr("5551234", want), 16);
    assert_int_equal(ci->dwCallerIDNameSize, 6 * sizeof(WCHAR));
    assert_memory_equal((unsigned char *)ci + ci->dwCallerIDNameOffset, wstr("Alice", want), 12);
    assert_int_equal(ci->dwCalledIDFlags, LINECALLPARTYID_UNKNOWN);
    free(ci);

    /* After IDLE the call takes no more states (linecallstate--constants: IDLE is
     * final). */
    tspk_call_set_state(c, LINECALLSTATE_IDLE, 0, 0);
    tspk_call_set_state(c, LINECALLSTATE_CONNECTED, 0, 0);
    assert_int_equal(tspk_call_state(c), LINECALLSTATE_IDLE);
    assert_int_equal(count_msgs(HT_IN(3)), 3);
    assert_int_equal(active_calls(hl), 0);

    /* nf-tspi-tspi_lineclosecall: after it, no event names the call any more. */
    assert_int_equal(TSPI_lineCloseCall(hd), 0);
    assert_int_equal(atomic_load(&g.closes), 1);
    tspk_call_set_party(c, TSPK_PARTY_CONNECTED, "1", NULL);
    tspk_call_set_state(c, LINECALLSTATE_CONNECTED, 0, 0);
    assert_int_equal(count_msgs(HT_IN(3)), 3);
    assert_int_equal(TSPI_lineCloseCall(hd), E(LINEERR_INVALCALLHANDLE));
    assert_int_equal(atomic_load(&g.frees), 0);      /* we still hold a reference */
    tspk_call_unref(c);
    assert_int_equal(atomic_load(&g.frees), 1);
}

/* TAPI refuses a new call by leaving htCall NULL (line-newcall); the provider
 * gets NULL and the call is freed at once. */
static void test_incoming_refused(void **state)
{
    HDRVCALL hd;
    tspk_line *l;
    int at;
    (void)state;
    open_line(0, V30);
    atomic_store(&rec.newcall_ht, (uintptr_t)0);
    l = tspk_line_get_open(g.prov, 0);
    assert_non_null(l);
    assert_null(tspk_call_incoming(l, 0, 0));
    at = find_msg(NULL, LINE_NEWCALL, 0);
    assert_true(at >= 0);
    hd = (HDRVCALL)log_at(at).p1;
    assert_int_equal(atomic_load(&g.frees), 1);
    assert_int_equal(TSPI_lineCloseCall(hd), E(LINEERR_INVALCALLHANDLE));
    /* An address the line does not have, or a line not open: no call. */
    assert_null(tspk_call_incoming(l, 1, 0));
    tspk_line_unref(l);
    assert_null(tspk_line_get_open(g.prov, 2));
}

/* TAPISRV may use hdCall as soon as LINE_NEWCALL gave it (even from inside the
 * callback, as the framework calls it with no lock held): the events that causes
 * must name the htCall TAPI just wrote. */
static void test_incoming_reentrant(void **state)
{
    HDRVCALL hd;
    tspk_call *c;
    int at;
    (void)state;
    open_line(0, V30);
    rec.newcall_reenter = 1;
    c = incoming_call(0, 4, &hd);
    rec.newcall_reenter = 0;
    assert_int_equal(rec.reenter_result, 0);
    at = find_msg(NULL, LINE_CALLINFO, 0);
    if (at >= 0)
        fail_msg("LINE_CALLINFO for the new call carried htCall NULL, not the one TAPI wrote");
    at = find_msg(HT_IN(4), LINE_CALLINFO, 0);
    assert_true(at >= 0);
    assert_int_equal(log_at(at).p1, LINECALLINFOSTATE_APPSPECIFIC);
    tspk_call_unref(c);
}

/* ------------------------------------------------------------------------ */
/* lineGetID (nf-tspi-tspi_linegetid)                                         */

static void test_get_id(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc;
    VARSTRING *vs;
    WCHAR cls[16];
    (void)state;
    hl = open_line(0, V30);
    hc = make_call_ok(hl, 50);
    vs = (VARSTRING *)calloc(1, 256);
    assert_non_null(vs);
    wstr("comm/datamodem", cls);
    vs->dwTotalSize = 256;
    assert_int_equal(TSPI_lineGetID(hl, 0, 0, LINECALLSELECT_LINE, vs, cls, NULL), 0);
    assert_int_equal(vs->dwStringFormat, STRINGFORMAT_BINARY);
    assert_int_equal(vs->dwStringSize, 5);
    assert_memory_equal((char *)vs + vs->dwStringOffset, "COM7", 5);
    assert_int_equal(TSPI_lineGetID(0, 0, hc, LINECALLSELECT_CALL, vs, cls, NULL), 0);
    assert_int_equal(TSPI_lineGetID(0, 0, (HDRVCALL)(uintptr_t)0xdeadbeefu, LINECALLSELECT_CALL,
                                    vs, cls, NULL), E(LINEERR_INVALCALLHANDLE));
    assert_int_equal(TSPI_lineGetID(hl, 0, hc, 0x40, vs, cls, NULL), E(LINEERR_INVALCALLSELECT));
    assert_int_equal(TSPI_lineGetID(hl, 1, 0, LINECALLSELECT_ADDRESS, vs, cls, NULL),
                     E(LINEERR_INVALADDRESSID));
    assert_int_equal(TSPI_lineGetID((HDRVLINE)(uintptr_t)0xdeadbeefu, 0, 0, LINECALLSELECT_LINE, vs,
                                    cls, NULL), E(LINEERR_INVALLINEHANDLE));
    vs->dwTotalSize = sizeof(VARSTRING) - 4;
    assert_int_equal(TSPI_lineGetID(hl, 0, 0, LINECALLSELECT_LINE, vs, cls, NULL),
                     E(LINEERR_STRUCTURETOOSMALL));
    vs->dwTotalSize = 256;
    assert_int_equal(atomic_load(&g.get_ids), 2);
    /* No device classes beyond tapi/line: every class is unknown. */
    ops.get_id = NULL;
    assert_int_equal(TSPI_lineGetID(hl, 0, 0, LINECALLSELECT_LINE, vs, cls, NULL),
                     E(LINEERR_INVALDEVICECLASS));
    assert_int_equal(TSPI_lineGetID(0, 0, hc, LINECALLSELECT_CALL, vs, cls, NULL),
                     E(LINEERR_INVALDEVICECLASS));
    free(vs);
    assert_int_equal(TSPI_lineCloseCall(hc), 0);
}

/* ------------------------------------------------------------------------ */
/* MSP (TAPI 3)                                                               */

/* nf-tspi-tspi_linemspidentify: the CLSID of the line's MSP; a provider without
 * one does not support the function. */
static void test_msp_identify(void **state)
{
    GUID clsid;
    (void)state;
    memset(&clsid, 0, sizeof clsid);
    assert_int_equal(TSPI_lineMSPIdentify(DEV(0), &clsid), 0);
    assert_memory_equal(&clsid, &test_msp_clsid, sizeof clsid);
    assert_int_equal(TSPI_lineMSPIdentify(DEV(NUM_LINES), &clsid), E(LINEERR_BADDEVICEID));
    ops.msp_clsid = NULL;
    assert_int_equal(TSPI_lineMSPIdentify(DEV(0), &clsid), E(LINEERR_OPERATIONUNAVAIL));
}

/* nf-tspi-tspi_linereceivemspdata: data about a call the TSP does not know fails
 * (the TSP starts per-call communication); with a known call it reaches the op. */
static void test_msp_receive(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc, hgone;
    static const char data[] = "rtp 5004";
    (void)state;
    hl = open_line(0, V30);
    hc = make_call_ok(hl, 60);
    hgone = make_call_ok(hl, 61);
    assert_int_equal(TSPI_lineCloseCall(hgone), 0);
    assert_int_equal(TSPI_lineReceiveMSPData(hl, (HDRVCALL)(uintptr_t)0xdeadbeefu, (HDRVMSPLINE)hl,
                                             (LPVOID)data, sizeof data), E(LINEERR_INVALCALLHANDLE));
    assert_int_equal(TSPI_lineReceiveMSPData(hl, hgone, (HDRVMSPLINE)hl, (LPVOID)data, sizeof data),
                     E(LINEERR_INVALCALLHANDLE));
    assert_int_equal(atomic_load(&g.msp_calls), 0);
    assert_int_equal(TSPI_lineReceiveMSPData(hl, hc, (HDRVMSPLINE)hl, (LPVOID)data, sizeof data), 0);
    assert_int_equal(atomic_load(&g.msp_calls), 1);
    assert_non_null(g.msp_call);
    assert_true(g.msp_data == data);
    assert_int_equal(g.msp_size, sizeof data);
    /* Line-wide data (hdCall NULL) reaches it with no call. */
    assert_int_equal(TSPI_lineReceiveMSPData(hl, 0, (HDRVMSPLINE)hl, (LPVOID)data, sizeof data), 0);
    assert_null(g.msp_call);
    assert_int_equal(TSPI_lineCloseCall(hc), 0);
}


/* LINE_SENDMSPDATA held while the new call is not yet valid carries the data as it
 * was sent: the provider's buffer is gone by the time the request completes
 * (line-sendmspdata: dwParam2 is the buffer; tspi_linemakecall remarks). */
static void test_msp_data_held_is_copied(void **state)
{
    HDRVLINE hl;
    HDRVCALL hc = 0;
    char buf[16] = "codec pcmu";
    entry e;
    int at;
    (void)state;
    hl = open_line(0, V30);
    g.make_mode = M_PENDING;
    assert_int_equal(TSPI_lineMakeCall(70, hl, HT_MADE(70), &hc, dest_ok, 0, NULL), 70);
    assert_int_equal(tspk_send_msp_data_to(tspk_call_line(g.pending_call), g.pending_call, 0, buf,
                                           sizeof buf), 0);
    memset(buf, 'X', sizeof buf);          /* the provider reuses its buffer */
    assert_int_equal(count_msgs(HT_MADE(70)), 0);
    complete_from_thread(70, 0);
    at = find_msg(HT_MADE(70), LINE_SENDMSPDATA, 0);
    assert_true(at > find_done(70));
    e = log_at(at);
    printf("held LINE_SENDMSPDATA delivered %lu bytes: \"%.15s\"\n", (unsigned long)e.data_len,
           (const char *)e.data);
    assert_int_equal(e.data_len, sizeof buf);
    assert_memory_equal(e.data, "codec pcmu", 11);
    assert_int_equal(e.p1, 0);
    /* A request that fails frees what it held (leak-checked). */
    assert_int_equal(TSPI_lineMakeCall(71, hl, HT_MADE(71), &hc, dest_ok, 0, NULL), 71);
    tspk_send_msp_data(tspk_call_line(g.pending_call), g.pending_call, buf, 8);
    complete_from_thread(71, E(LINEERR_CALLUNAVAIL));
    assert_int_equal(count_msgs(HT_MADE(71)), 0);
}

/* nf-tspi-tspi_linecreatemspinstance: "The service provider should save the htMSPLine
 * handle ... to be used when sending LINE_SENDMSPDATA"; "each TSP line may have multiple
 * MSP instances". line-sendmspdata: dwParam1 names the instance, 0 all of them. */
static void test_msp_instances(void **state)
{
    HDRVLINE hl;
    HDRVMSPLINE m1 = 0, m2 = 0;
    tspk_line *l;
    int at;
    (void)state;
    hl = open_line(0, V30);
    assert_int_equal(TSPI_lineCreateMSPInstance(hl, 0, (HTAPIMSPLINE)0x51, &m1), 0);
    assert_int_equal(TSPI_lineCreateMSPInstance(hl, 0, (HTAPIMSPLINE)0x52, &m2), 0);
    assert_true(m1 && m2 && m1 != m2);
    assert_int_equal(g.msp_opened, 2);
    assert_true(g.msp_last == (HTAPIMSPLINE)0x52);
    assert_int_equal(TSPI_lineCreateMSPInstance(hl, 1, (HTAPIMSPLINE)0x53, &m2), E(LINEERR_INVALADDRESSID));
    assert_int_equal(g.msp_opened, 2);
    l = tspk_line_get_open(g.prov, 0);
    assert_non_null(l);
    assert_int_equal(tspk_send_msp_data_to(l, NULL, (HTAPIMSPLINE)0x51, "to one", 7), 0);
    at = find_msg(NULL, LINE_SENDMSPDATA, 0);
    assert_true(at >= 0);
    assert_int_equal(log_at(at).p1, 0x51);
    assert_int_equal(log_at(at).data_len, 7);
    tspk_send_msp_data(l, NULL, "to all", 7);
    at = find_msg(NULL, LINE_SENDMSPDATA, at + 1);
    assert_true(at >= 0);
    assert_int_equal(log_at(at).p1, 0);
    assert_int_equal(tspk_send_msp_data_to(l, NULL, 0, NULL, 4), E(LINEERR_INVALPOINTER));
    tspk_line_unref(l);
    assert_int_equal(TSPI_lineCloseMSPInstance(m1), 0);
    assert_int_equal(g.msp_closed, 1);
    assert_true(g.msp_last == (HTAPIMSPLINE)0x51);
    assert_int_equal(TSPI_lineCloseMSPInstance(m1), E(LINEERR_INVALPOINTER));
    /* Closing the line ends the instances left on it. */
    assert_int_equal(TSPI_lineClose(hl), 0);
    assert_int_equal(g.msp_closed, 2);
    assert_true(g.msp_last == (HTAPIMSPLINE)0x52);
    assert_int_equal(TSPI_lineCloseMSPInstance(m2), E(LINEERR_INVALPOINTER));
}

/* ------------------------------------------------------------------------ */
/* Phones                                                                     */

static void test_phone_open(void **state)
{
    HDRVPHONE hp = 0, again = 0;
    DWORD hs = 0xFF;
    (void)state;
    assert_int_equal(TSPI_phoneOpen(PHONE_BASE, (HTAPIPHONE)(uintptr_t)9, &hp, V30, on_phone_event), 0);
    assert_int_equal(TSPI_phoneOpen(PHONE_BASE, (HTAPIPHONE)(uintptr_t)9, &again, V30, on_phone_event),
                     E(PHONEERR_ALLOCATED));
    assert_int_equal(TSPI_phoneOpen(PHONE_BASE + 1, (HTAPIPHONE)(uintptr_t)9, &again, V30,
                                    on_phone_event), E(PHONEERR_BADDEVICEID));
    assert_int_equal(TSPI_phoneGetHookSwitch(hp, &hs), 0);
    assert_int_equal(hs, 0);
    assert_int_equal(TSPI_phoneClose(hp), 0);
    assert_int_equal(TSPI_phoneClose(hp), E(PHONEERR_INVALPHONEHANDLE));
    assert_int_equal(TSPI_phoneGetHookSwitch((HDRVPHONE)(uintptr_t)0xdeadbeefu, &hs),
                     E(PHONEERR_INVALPHONEHANDLE));
}


/* ------------------------------------------------------------------------ */
/* Closing while an event is on its way                                       */
/* nf-tspi-tspi_lineclosecall: "After this procedure returns, the service     */
/* provider must report no further events on the call"; nf-tspi-tspi_lineclose */
/* the same for the line and its calls, nf-tspi-tspi_phoneclose for the       */
/* phone. An event another thread has begun sending must be over before the   */
/* close returns.                                                             */

typedef struct race {
    void (*send)(void *obj);         /* runs on a thread; its event blocks in the callback */
    void *obj;
    LONG (*close)(uintptr_t h);      /* runs on another thread meanwhile */
    uintptr_t h;
    LONG close_result;
} race;

static void race_sender(void *arg) { race *r = (race *)arg; r->send(r->obj); }

static void race_closer(void *arg)
{
    race *r = (race *)arg;
    r->close_result = r->close(r->h);
    atomic_store(&rec.close_done, 1);
}

static void run_close_race(race *r, DWORD msg, const char *what)
{
    tspk_thread sender, closer;
    uint64_t until;
    atomic_store(&rec.block_msg, msg);
    atomic_store(&rec.block_armed, 1);
    assert_int_equal(tspk_thread_create(&sender, race_sender, r), 0);
    if (!wait_flag(&rec.blocked)) fail_msg("%s: the event never reached the callback", what);
    assert_int_equal(tspk_thread_create(&closer, race_closer, r), 0);
    /* A close that does not wait returns at once; give it the time to show that. */
    until = tspk_now_us() + 200000u;
    while (!atomic_load(&rec.close_done) && tspk_now_us() < until) tspk_sleep_ms(1);
    atomic_store(&rec.release, 1);
    assert_int_equal(tspk_thread_join(&sender), 0);
    assert_int_equal(tspk_thread_join(&closer), 0);
    printf("%s: close returned %s the event in flight ended\n", what,
           atomic_load(&rec.close_done_inside) ? "BEFORE" : "after");
    assert_int_equal(r->close_result, 0);
    if (atomic_load(&rec.close_done_inside))
        fail_msg("%s: the close returned while an event was still being sent", what);
}

static void send_callinfo(void *obj) { tspk_call_set_party((tspk_call *)obj, TSPK_PARTY_CALLER, "1", NULL); }
static void send_linedev(void *obj) { tspk_line_event((tspk_line *)obj, LINE_LINEDEVSTATE, LINEDEVSTATE_OTHER, 0, 0); }
static void send_phonestate(void *obj) { tspk_phone_event((tspk_phone *)obj, PHONE_STATE, PHONESTATE_OTHER, 0, 0); }
static LONG close_call(uintptr_t h) { return TSPI_lineCloseCall((HDRVCALL)h); }
static LONG close_line(uintptr_t h) { return TSPI_lineClose((HDRVLINE)h); }
static LONG close_phone(uintptr_t h) { return TSPI_phoneClose((HDRVPHONE)h); }

static void test_close_call_waits_for_event(void **state)
{
    HDRVCALL hd;
    tspk_call *c;
    race r;
    int n;
    (void)state;
    open_line(0, V30);
    c = incoming_call(0, 5, &hd);
    r = (race){ send_callinfo, c, close_call, (uintptr_t)hd, -1 };
    run_close_race(&r, LINE_CALLINFO, "TSPI_lineCloseCall");
    /* And nothing begins after it. */
    n = count_msgs(HT_IN(5));
    assert_int_equal(tspk_call_set_state(c, LINECALLSTATE_OFFERING, 0, 0), E(LINEERR_INVALCALLHANDLE));
    send_callinfo(c);
    assert_int_equal(count_msgs(HT_IN(5)), n);
    tspk_call_unref(c);
}

/* A call's event is an event on its line too: TSPI_lineClose waits for it. */
static void test_close_line_waits_for_call_event(void **state)
{
    HDRVLINE hl;
    HDRVCALL hd;
    tspk_call *c;
    race r;
    (void)state;
    hl = open_line(0, V30);
    c = incoming_call(0, 6, &hd);
    r = (race){ send_callinfo, c, close_line, (uintptr_t)hl, -1 };
    run_close_race(&r, LINE_CALLINFO, "TSPI_lineClose (call event)");
    tspk_call_unref(c);
}

static void test_close_line_waits_for_line_event(void **state)
{
    HDRVLINE hl;
    tspk_line *l;
    race r;
    int n;
    (void)state;
    hl = open_line(0, V30);
    l = tspk_line_get_open(g.prov, 0);
    assert_non_null(l);
    r = (race){ send_linedev, l, close_line, (uintptr_t)hl, -1 };
    run_close_race(&r, LINE_LINEDEVSTATE, "TSPI_lineClose");
    n = rec.n;
    send_linedev(l);
    assert_int_equal(rec.n, n);
    tspk_line_unref(l);
}

static void test_close_phone_waits_for_event(void **state)
{
    HDRVPHONE hp = 0;
    race r;
    tspk_phone *ph;
    int n;
    (void)state;
    assert_int_equal(TSPI_phoneOpen(PHONE_BASE, (HTAPIPHONE)(uintptr_t)9, &hp, V30, on_phone_event), 0);
    ph = g.phone;
    assert_non_null(ph);
    r = (race){ send_phonestate, ph, close_phone, (uintptr_t)hp, -1 };
    run_close_race(&r, PHONE_STATE, "TSPI_phoneClose");
    n = rec.n;
    send_phonestate(ph);
    assert_int_equal(rec.n, n);
}

/* TAPISRV may close from inside its own LINEEVENT (here: on IDLE, as when the last
 * application deallocates the call at once), on the provider's sending thread. The close
 * must not wait for the event it is nested in: that one began before the close did. */
static void set_idle(void *obj) { tspk_call_set_state((tspk_call *)obj, LINECALLSTATE_IDLE, 0, 0); }
static void send_and_flag(void *arg) { race *r = (race *)arg; r->send(r->obj); }

static void run_close_inside(race *r, DWORD msg, const char *what)
{
    tspk_thread t;
    atomic_store(&rec.inside_msg, msg);
    rec.inside_close = r->close;
    rec.inside_h = r->h;
    assert_int_equal(tspk_thread_create(&t, send_and_flag, r), 0);
    if (!wait_flag(&rec.inside_done)) {
        /* Nothing can end the deadlock, and the teardown would wait on it too. */
        fprintf(stderr, "FAILED: %s from inside the event's callback did not return (deadlock)\n", what);
        fflush(NULL);
        _Exit(1);
    }
    assert_int_equal(tspk_thread_join(&t), 0);
    assert_int_equal(rec.inside_result, 0);
}

static void test_close_inside_event(void **state)
{
    HDRVLINE hl;
    HDRVCALL hd;
    tspk_call *c;
    tspk_line *l;
    race r;
    (void)state;
    hl = open_line(0, V30);
    c = incoming_call(0, 7, &hd);
    tspk_call_set_state(c, LINECALLSTATE_OFFERING, 0, 0);
    r = (race){ set_idle, c, close_call, (uintptr_t)hd, -1 };
    run_close_inside(&r, LINE_CALLSTATE, "TSPI_lineCloseCall");
    assert_int_equal(atomic_load(&g.closes), 1);
    tspk_call_unref(c);
    l = tspk_line_get_open(g.prov, 0);
    assert_non_null(l);
    atomic_store(&rec.inside_done, 0);
    r = (race){ send_linedev, l, close_line, (uintptr_t)hl, -1 };
    run_close_inside(&r, LINE_LINEDEVSTATE, "TSPI_lineClose");
    tspk_line_unref(l);
}

/* ------------------------------------------------------------------------ */
/* A state for a call TAPI closed: normal (the far end hangs up while TAPISRV  */
/* closes the call), so answered with an error and not traced at the default  */
/* level; a state after IDLE is refused as well (linecallstate--constants).   */

static atomic_int traced;

static void count_sink(int level, const char *line, void *user)
{
    (void)user;
    printf("traced (level %d): %s\n", level, line);
    atomic_fetch_add(&traced, 1);
}

static void test_state_after_close_is_quiet(void **state)
{
    HDRVCALL hd, hd2;
    tspk_call *c, *c2;
    int n;
    (void)state;
    atomic_store(&traced, 0);
    tspk_tracer_init(tspk_provider_tracer(g.prov), "test", TSPK_TRACE_WARN, count_sink, NULL);
    open_line(0, V30);
    c = incoming_call(0, 8, &hd);
    assert_int_equal(tspk_call_set_state(c, LINECALLSTATE_OFFERING, 0, 0), 0);
    assert_int_equal(TSPI_lineCloseCall(hd), 0);
    n = count_msgs(HT_IN(8));
    assert_int_equal(tspk_call_set_state(c, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL, 0),
                     E(LINEERR_INVALCALLHANDLE));
    assert_int_equal(count_msgs(HT_IN(8)), n);
    tspk_call_unref(c);
    c2 = incoming_call(0, 9, &hd2);
    assert_int_equal(tspk_call_set_state(c2, LINECALLSTATE_IDLE, 0, 0), 0);
    assert_int_equal(tspk_call_set_state(c2, LINECALLSTATE_CONNECTED, 0, 0), E(LINEERR_INVALCALLSTATE));
    assert_int_equal(tspk_call_state(c2), LINECALLSTATE_IDLE);
    tspk_call_unref(c2);
    assert_int_equal(atomic_load(&traced), 0);
}

/* ------------------------------------------------------------------------ */
/* Concurrency                                                                */

enum { WORKERS = 4, RUN_MS = 1000 };

static atomic_uint next_id;
static atomic_int returned[MAX_ID];     /* 1: returned the ID, -1: returned an error */
static atomic_int stop_threads;

static DRV_REQUESTID new_id(void)
{
    unsigned id = atomic_fetch_add(&next_id, 1);
    if (id >= MAX_ID - 1) {
        atomic_store(&stop_threads, 1);
        return 0;
    }
    return id;
}

static int issued(DRV_REQUESTID id, LONG r)
{
    if (r == (LONG)id) { atomic_store(&returned[id], 1); return 1; }
    if (r >= 0) violation("request %lu returned %ld, neither the ID nor an error", id,
                          (unsigned long)r);
    atomic_store(&returned[id], -1);
    return 0;
}

/* Makes, then drops and closes, calls on its own line until told to stop. */
static void caller_thread(void *arg)
{
    HDRVLINE hl = (HDRVLINE)arg;
    while (!atomic_load(&stop_threads)) {
        DRV_REQUESTID id = new_id(), drop_id;
        HDRVCALL hc = 0;
        if (!id) break;
        if (!issued(id, TSPI_lineMakeCall(id, hl, HT_MADE(id), &hc, dest_ok, 0, NULL))) continue;
        wait_done(id);
        if (done_result(id) != 0) {
            TSPI_lineCloseCall(hc);        /* TAPI closes a call whose creation failed later */
            continue;
        }
        if ((drop_id = new_id()) == 0) break;
        if (issued(drop_id, TSPI_lineDrop(drop_id, hc, NULL, 0))) wait_done(drop_id);
        TSPI_lineCloseCall(hc);
    }
}

/* Answers the calls offered to the lines, then drops and closes them. */
static void answer_thread(void *arg)
{
    (void)arg;
    for (;;) {
        HDRVCALL hc = 0;
        DRV_REQUESTID id;
        tspk_mutex_lock(&rec.lock);
        if (rec.next_incoming < rec.num_incoming) hc = rec.incoming[rec.next_incoming++];
        tspk_mutex_unlock(&rec.lock);
        if (!hc) {
            if (atomic_load(&stop_threads)) break;
            tspk_sleep_ms(1);
            continue;
        }
        if ((id = new_id()) != 0 && issued(id, TSPI_lineAnswer(id, hc, NULL, 0))) wait_done(id);
        if ((id = new_id()) != 0 && issued(id, TSPI_lineDrop(id, hc, NULL, 0))) wait_done(id);
        TSPI_lineCloseCall(hc);
    }
}

static void test_concurrency(void **state)
{
    tspk_thread callers[WORKERS], answerer;
    HDRVLINE hl[WORKERS];
    uint64_t until;
    unsigned i, last;
    int completed = 0;
    (void)state;
    atomic_store(&next_id, 1000);
    atomic_store(&stop_threads, 0);
    for (i = 0; i < MAX_ID; i++) atomic_store(&returned[i], 0);
    rec.collect_incoming = 1;
    g.make_mode = g.answer_mode = g.drop_mode = M_WORKER;
    g.ring_peer = 1;
    for (i = 0; i < WORKERS; i++) hl[i] = open_line(i, V30);
    for (i = 0; i < WORKERS; i++)
        assert_int_equal(tspk_thread_create(&callers[i], caller_thread, (void *)hl[i]), 0);
    assert_int_equal(tspk_thread_create(&answerer, answer_thread, NULL), 0);
    until = tspk_now_us() + RUN_MS * 1000u;
    while (tspk_now_us() < until && !atomic_load(&stop_threads)) tspk_sleep_ms(10);
    atomic_store(&stop_threads, 1);
    for (i = 0; i < WORKERS; i++) assert_int_equal(tspk_thread_join(&callers[i]), 0);
    assert_int_equal(tspk_thread_join(&answerer), 0);
    last = atomic_load(&next_id);
    if (last > MAX_ID) last = MAX_ID;
    for (i = 1000; i < last; i++) {
        if (atomic_load(&returned[i]) == 1) wait_done(i);
        /* Exactly one completion per returned ID, none for an error. */
        if (atomic_load(&returned[i]) == 1 && done_count(i) != 1)
            fail_msg("request %u returned its ID and was completed %d times", i, done_count(i));
        if (atomic_load(&returned[i]) != 1 && done_count(i) != 0)
            fail_msg("request %u returned an error and was completed %d times", i, done_count(i));
        completed += atomic_load(&returned[i]) == 1;
    }
    /* It did run, and the incoming side too. */
    assert_true(completed > 100);
    assert_true(rec.num_incoming > 10);
    for (i = 0; i < WORKERS; i++) assert_int_equal(TSPI_lineClose(hl[i]), 0);
    rec.collect_incoming = 0;
}

/* ------------------------------------------------------------------------ */
/* Exports                                                                    */

/* The always-present entry points, then those the default table's ops claim. */
/* ------------------------------------------------------------------------ */
/* Tone and media monitoring                                                  */

static int match_silence(const LINEMONITORTONE *t, void *user) { (void)user; return tspk_tone_is_silence(t); }

/* Accepts tones with a frequency of *user Hz. */
static int match_freq(const LINEMONITORTONE *t, void *user)
{
    DWORD f = *(const DWORD *)user;
    return t->dwFrequency1 == f || t->dwFrequency2 == f || t->dwFrequency3 == f;
}

/* The LINE_MONITORTONE / LINE_MONITORMEDIA messages for htc from log index from on, as
 * "p1/p2 " pairs. */
static void monitor_msgs(HTAPICALL htc, DWORD msg, int from, char *out, size_t len)
{
    int at;
    size_t used = 0;
    out[0] = '\0';
    while ((at = find_msg(htc, msg, from)) >= 0) {
        entry e = log_at(at);
        if (e.p3 == 0) fail_msg("message %#lx without a tick count", (unsigned long)msg);
        used += (size_t)snprintf(out + used, used < len ? len - used : 0, "%lx/%lx ", (unsigned long)e.p1,
                                 (unsigned long)e.p2);
        from = at + 1;
    }
    printf("%s: \"%s\"\n", msg == LINE_MONITORTONE ? "LINE_MONITORTONE" : "LINE_MONITORMEDIA", out);
}

static DWORD call_features(HDRVCALL hd)
{
    LINECALLSTATUS cs[2];
    memset(cs, 0, sizeof cs);
    cs[0].dwTotalSize = sizeof cs;
    assert_int_equal(TSPI_lineGetCallStatus(hd, cs), 0);
    return cs[0].dwCallFeatures;
}

/* nf-tspi-tspi_linemonitortones: lists are replaced or dropped by dwToneListID, the others
 * kept; silence is all frequencies 0 (ns-tapi-linemonitortone); each match in each list is
 * one LINE_MONITORTONE with dwAppSpecific, dwToneListID and a tick count (TSPI message,
 * ms725234); monitoring ends at IDLE; the provider must copy the list. */
static void test_monitor_tones(void **state)
{
    LINEMONITORTONE t[4];
    LINEDEVCAPS *dc;
    HDRVCALL hd;
    tspk_call *c;
    char got[256];
    DWORD f440 = 440, list;
    int from;
    (void)state;
    ops.monitor_tones = op_monitor_tones;
    dc = (LINEDEVCAPS *)calloc(1, 2048);
    assert_non_null(dc);
    dc->dwTotalSize = 2048;
    assert_int_equal(TSPI_lineGetDevCaps(DEV(2), V30, 0, dc), 0);
    printf("devcaps: max freq %lu, max entries %lu\n", (unsigned long)dc->dwMonitorToneMaxNumFreq,
           (unsigned long)dc->dwMonitorToneMaxNumEntries);
    assert_int_equal(dc->dwMonitorToneMaxNumFreq, 2);
    assert_int_equal(dc->dwMonitorToneMaxNumEntries, 3);
    free(dc);
    open_line(2, V30);
    c = incoming_call(2, 5, &hd);
    tspk_call_set_state(c, LINECALLSTATE_OFFERING, 0, 0);
    assert_true(call_features(hd) & LINECALLFEATURE_MONITORTONES);

    memset(t, 0, sizeof t);
    t[0].dwAppSpecific = 0x51;                     /* silence */
    t[1].dwAppSpecific = 0x52;
    t[1].dwFrequency1 = 440;
    t[1].dwFrequency2 = 350;
    assert_int_equal(TSPI_lineMonitorTones(0, 1, t, 2), E(LINEERR_INVALCALLHANDLE));
    /* Too many entries (TAPI does not check dwNumEntries), too many frequencies. */
    assert_int_equal(TSPI_lineMonitorTones(hd, 1, t, 4), E(LINEERR_INVALPOINTER));
    t[2].dwFrequency1 = 480;
    t[2].dwFrequency2 = 620;
    t[2].dwFrequency3 = 700;
    assert_int_equal(TSPI_lineMonitorTones(hd, 1, t, 3), E(LINEERR_INVALTONE));
    assert_int_equal(g.monitor_tones_calls, 0);
    assert_int_equal(TSPI_lineMonitorTones(hd, 1, t, 2), 0);
    assert_int_equal(g.monitor_tones_calls, 1);
    assert_int_equal(g.tones_list, 1);
    assert_int_equal(g.tones_n, 2);
    assert_int_equal(g.tones_first.dwAppSpecific, 0x51);
    t[0].dwAppSpecific = 0x61;
    assert_int_equal(TSPI_lineMonitorTones(hd, 2, t, 1), 0);
    t[0].dwAppSpecific = 0x99;                     /* TAPI's buffer changes: ours does not */
    from = rec.n;
    assert_int_equal(tspk_call_tone_detected(c, match_silence, NULL), 2);
    monitor_msgs(HT_IN(5), LINE_MONITORTONE, from, got, sizeof got);
    assert_string_equal(got, "51/1 61/2 ");
    /* Replacing list 1 keeps list 2. */
    t[0].dwAppSpecific = 0x53;
    t[0].dwFrequency1 = 440;
    assert_int_equal(TSPI_lineMonitorTones(hd, 1, t, 1), 0);
    from = rec.n;
    assert_int_equal(tspk_call_tone_detected(c, match_silence, NULL), 1);
    assert_int_equal(tspk_call_tone_detected(c, match_freq, &f440), 1);
    monitor_msgs(HT_IN(5), LINE_MONITORTONE, from, got, sizeof got);
    assert_string_equal(got, "61/2 53/1 ");
    /* A refusal of the provider leaves the lists as they were. */
    g.monitor_result = LINEERR_INVALTONE;
    assert_int_equal(TSPI_lineMonitorTones(hd, 1, NULL, 0), E(LINEERR_INVALTONE));
    g.monitor_result = 0;
    assert_int_equal(tspk_call_tone_detected(c, match_freq, &f440), 1);
    /* NULL drops the list; dwNumEntries is then ignored. */
    assert_int_equal(TSPI_lineMonitorTones(hd, 1, NULL, 0xFFFFFFFFu), 0);
    assert_int_equal(g.tones_n, 0);
    assert_int_equal(tspk_call_tone_detected(c, match_freq, &f440), 0);
    assert_int_equal(tspk_call_tone_detected(c, match_silence, NULL), 1);
    /* More entries over all lists than the framework keeps: the resources are overcommitted. */
    memset(t, 0, sizeof t);
    for (list = 10; list < 40; list++) {
        LONG r = TSPI_lineMonitorTones(hd, list, t, 3);
        if (r) {
            printf("list %lu: %s\n", (unsigned long)list, r == E(LINEERR_RESOURCEUNAVAIL) ? "RESOURCEUNAVAIL" : "?");
            assert_int_equal(r, E(LINEERR_RESOURCEUNAVAIL));
            break;
        }
    }
    assert_int_equal(list, 10 + (64 - 1) / 3);   /* 1 entry of list 2, then 3 per list */
    /* IDLE ends all monitoring; an IDLE call takes none. */
    tspk_call_set_state(c, LINECALLSTATE_IDLE, 0, 0);
    from = rec.n;
    assert_int_equal(tspk_call_tone_detected(c, match_silence, NULL), 0);
    assert_int_equal(TSPI_lineMonitorTones(hd, 1, t, 1), E(LINEERR_INVALCALLSTATE));
    assert_int_equal(find_msg(HT_IN(5), LINE_MONITORTONE, from), -1);
    assert_int_equal(TSPI_lineCloseCall(hd), 0);
    tspk_call_unref(c);
}

/* nf-tspi-tspi_linemonitormedia: the provider checks the modes (INVALMEDIAMODE), 0 cancels,
 * LINECALLINFO shows the monitored modes but keeps its media mode, monitoring ends at
 * IDLE; line-monitormedia: dwParam1 is one LINEMEDIAMODE_, dwParam3 a tick count. */
static void test_monitor_media(void **state)
{
    LINECALLINFO *ci;
    HDRVCALL hd;
    tspk_call *c;
    char got[128];
    int from;
    (void)state;
    ops.monitor_media = op_monitor_media;
    open_line(2, V30);
    c = incoming_call(2, 6, &hd);
    tspk_call_set_state(c, LINECALLSTATE_OFFERING, 0, LINEMEDIAMODE_INTERACTIVEVOICE);
    assert_true(call_features(hd) & LINECALLFEATURE_MONITORMEDIA);
    assert_int_equal(TSPI_lineMonitorMedia(0, LINEMEDIAMODE_G3FAX), E(LINEERR_INVALCALLHANDLE));
    assert_int_equal(TSPI_lineMonitorMedia(hd, LINEMEDIAMODE_INTERACTIVEVOICE), E(LINEERR_INVALMEDIAMODE));
    assert_int_equal(TSPI_lineMonitorMedia(hd, LINEMEDIAMODE_UNKNOWN), E(LINEERR_INVALMEDIAMODE));
    assert_int_equal(g.monitor_media_calls, 0);
    g.monitor_result = LINEERR_RESOURCEUNAVAIL;
    assert_int_equal(TSPI_lineMonitorMedia(hd, LINEMEDIAMODE_G3FAX), E(LINEERR_RESOURCEUNAVAIL));
    g.monitor_result = 0;
    from = rec.n;
    assert_int_equal(tspk_call_media_detected(c, LINEMEDIAMODE_G3FAX), 0);
    assert_int_equal(TSPI_lineMonitorMedia(hd, LINEMEDIAMODE_G3FAX), 0);
    assert_int_equal(g.media_modes, LINEMEDIAMODE_G3FAX);
    assert_int_equal(tspk_call_media_detected(c, LINEMEDIAMODE_DATAMODEM), 0);
    assert_int_equal(tspk_call_media_detected(c, LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM), 0);
    assert_int_equal(tspk_call_media_detected(c, LINEMEDIAMODE_G3FAX), 1);
    monitor_msgs(HT_IN(6), LINE_MONITORMEDIA, from, got, sizeof got);
    assert_string_equal(got, "20/0 ");
    ci = (LINECALLINFO *)calloc(1, 1024);
    assert_non_null(ci);
    ci->dwTotalSize = 1024;
    assert_int_equal(TSPI_lineGetCallInfo(hd, ci), 0);
    printf("callinfo: media %#lx, monitored %#lx\n", (unsigned long)ci->dwMediaMode,
           (unsigned long)ci->dwMonitorMediaModes);
    assert_int_equal(ci->dwMonitorMediaModes, LINEMEDIAMODE_G3FAX);
    assert_int_equal(ci->dwMediaMode, LINEMEDIAMODE_INTERACTIVEVOICE);
    free(ci);
    /* 0 cancels. */
    assert_int_equal(TSPI_lineMonitorMedia(hd, 0), 0);
    assert_int_equal(tspk_call_media_detected(c, LINEMEDIAMODE_G3FAX), 0);
    assert_int_equal(TSPI_lineMonitorMedia(hd, LINEMEDIAMODE_DATAMODEM), 0);
    tspk_call_set_state(c, LINECALLSTATE_IDLE, 0, 0);
    assert_int_equal(tspk_call_media_detected(c, LINEMEDIAMODE_DATAMODEM), 0);
    assert_int_equal(TSPI_lineMonitorMedia(hd, LINEMEDIAMODE_DATAMODEM), E(LINEERR_INVALCALLSTATE));
    assert_int_equal(TSPI_lineCloseCall(hd), 0);
    tspk_call_unref(c);
}

/* A line whose info says it cannot monitor offers nothing and refuses both requests. */
static void test_no_monitoring(void **state)
{
    LINEDEVCAPS *dc;
    LINEMONITORTONE t;
    HDRVCALL hd;
    tspk_call *c;
    (void)state;
    ops.monitor_tones = op_monitor_tones;
    ops.monitor_media = op_monitor_media;
    dc = (LINEDEVCAPS *)calloc(1, 2048);
    assert_non_null(dc);
    dc->dwTotalSize = 2048;
    assert_int_equal(TSPI_lineGetDevCaps(DEV(3), V30, 0, dc), 0);
    printf("line 3 devcaps: max freq %lu, max entries %lu\n", (unsigned long)dc->dwMonitorToneMaxNumFreq,
           (unsigned long)dc->dwMonitorToneMaxNumEntries);
    assert_int_equal(dc->dwMonitorToneMaxNumFreq, 0);
    assert_int_equal(dc->dwMonitorToneMaxNumEntries, 0);
    free(dc);
    open_line(3, V30);
    c = incoming_call(3, 7, &hd);
    tspk_call_set_state(c, LINECALLSTATE_OFFERING, 0, LINEMEDIAMODE_INTERACTIVEVOICE);
    printf("line 3 call features %#lx\n", (unsigned long)call_features(hd));
    assert_false(call_features(hd) & (LINECALLFEATURE_MONITORTONES | LINECALLFEATURE_MONITORMEDIA));
    memset(&t, 0, sizeof t);
    t.dwFrequency1 = 440;
    assert_int_equal(TSPI_lineMonitorTones(hd, 1, &t, 1), E(LINEERR_OPERATIONUNAVAIL));
    assert_int_equal(TSPI_lineMonitorMedia(hd, LINEMEDIAMODE_G3FAX), E(LINEERR_OPERATIONUNAVAIL));
    tspk_call_set_state(c, LINECALLSTATE_IDLE, 0, 0);
    assert_int_equal(TSPI_lineCloseCall(hd), 0);
    tspk_call_unref(c);
}

static const char *const expected_functions[] = {
    "TSPI_lineNegotiateTSPIVersion", "TSPI_providerEnumDevices", "TSPI_providerInit",
    "TSPI_providerShutdown", "TSPI_providerCreateLineDevice", "TSPI_providerUIIdentify",
    "TSPI_providerInstall", "TSPI_providerRemove", "TSPI_providerConfig",
    "TUISPI_providerInstall", "TUISPI_providerRemove", "TUISPI_providerConfig",
    "TSPI_lineGetDevCaps", "TSPI_lineGetAddressCaps", "TSPI_lineGetExtensionID",
    "TSPI_lineNegotiateExtVersion", "TSPI_lineSelectExtVersion", "TSPI_lineOpen",
    "TSPI_lineClose", "TSPI_lineGetNumAddressIDs", "TSPI_lineGetLineDevStatus",
    "TSPI_lineGetAddressStatus", "TSPI_lineSetDefaultMediaDetection",
    "TSPI_lineSetStatusMessages", "TSPI_lineConditionalMediaDetection", "TSPI_lineGetID",
    "TSPI_lineCloseCall", "TSPI_lineGetCallInfo", "TSPI_lineGetCallStatus",
    "TSPI_lineGetCallAddressID", "TSPI_lineGetCallIDs", "TSPI_lineSetAppSpecific",
    "TSPI_lineSetMediaMode",
    /* make_call, dial, answer, drop */
    "TSPI_lineMakeCall", "TSPI_lineDial", "TSPI_lineAnswer", "TSPI_lineDrop",
    /* msp_clsid */
    "TSPI_lineMSPIdentify", "TSPI_lineCreateMSPInstance", "TSPI_lineCloseMSPInstance",
    "TSPI_lineReceiveMSPData",
    /* num_phones */
    "TSPI_phoneNegotiateTSPIVersion", "TSPI_phoneNegotiateExtVersion", "TSPI_phoneGetExtensionID",
    "TSPI_phoneGetDevCaps", "TSPI_phoneOpen", "TSPI_phoneClose", "TSPI_phoneSelectExtVersion",
    "TSPI_phoneGetStatus", "TSPI_phoneSetStatusMessages", "TSPI_phoneGetHookSwitch",
    "TSPI_providerCreatePhoneDevice",
};

static void test_function_list(void **state)
{
    const char *const *list = tspkit_provider_functions();
    size_t n = 0, i, j;
    const size_t want = sizeof expected_functions / sizeof expected_functions[0];
    (void)state;
    while (list[n]) n++;
    for (i = 0; i < want; i++) {
        for (j = 0; j < n && strcmp(list[j], expected_functions[i]); j++) {}
        if (j == n) fail_msg("%s missing from tspkit_provider_functions()", expected_functions[i]);
    }
    for (j = 0; j < n; j++) {
        for (i = 0; i < want && strcmp(list[j], expected_functions[i]); i++) {}
        if (i == want) fail_msg("%s listed, but its operation is not in the table", list[j]);
    }
    assert_int_equal(n, want);
}

/* A line added at run time: LINE_CREATE with hProvider and a temporary ID, then
 * TSPI_providerCreateLineDevice gives it its device ID (line-create page). */
static void test_line_add(void **state)
{
    LONG index;
    int at;
    HDRVLINE hd = 0;
    DWORD v = 0;
    (void)state;
    index = tspk_line_add(g.prov);
    assert_int_equal(index, NUM_LINES);
    at = find_msg(NULL, LINE_CREATE, 0);
    assert_true(at >= 0);
    assert_int_equal(rec.log[at].p1, 0x77);
    assert_int_equal(rec.log[at].p2, NUM_LINES);
    /* Not usable before TAPISRV named it. */
    assert_int_equal(TSPI_lineNegotiateTSPIVersion(DEV(NUM_LINES), V20, V31, &v), E(LINEERR_BADDEVICEID));
    assert_int_equal(TSPI_providerCreateLineDevice(NUM_LINES + 5, 99), E(LINEERR_BADDEVICEID));
    assert_int_equal(TSPI_providerCreateLineDevice(NUM_LINES, 99), 0);
    assert_int_equal(TSPI_providerCreateLineDevice(NUM_LINES, 98), E(LINEERR_BADDEVICEID));
    assert_int_equal(TSPI_lineNegotiateTSPIVersion(99, V20, V31, &v), 0);
    assert_int_equal(TSPI_lineOpen(99, HT_LINE(NUM_LINES), &hd, v, on_line_event), 0);
    assert_int_equal(TSPI_lineClose(hd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_negotiate_tspi),
        T(test_ext_versions),
        T(test_provider_init),
        T(test_line_open_and_handles),
        T(test_fills_current),
        T(test_fills_2_0),
        T(test_fills_1_4),
        T(test_fills_1_3),
        T(test_fixed_sizes_shrink),
        T(test_make_call_sync_failure),
        T(test_make_call_sync_success),
        T(test_make_call_events_held_until_completion),
        T(test_make_call_fails_later),
        T(test_make_call_completes_before_return),
        T(test_make_call_worker),
        T(test_bogus_positive_result),
        T(test_missing_ops),
        T(test_duplicate_request_id),
        T(test_shutdown_completes_outstanding),
        T(test_make_call_dial_string),
        T(test_make_call_hostile_params),
        T(test_incoming_call),
        T(test_incoming_refused),
        T(test_incoming_reentrant),
        T(test_get_id),
        T(test_msp_identify),
        T(test_msp_receive),
        T(test_msp_data_held_is_copied),
        T(test_msp_instances),
        T(test_phone_open),
        T(test_devstatus_keeps_tapi_members),
        T(test_close_call_waits_for_event),
        T(test_close_line_waits_for_call_event),
        T(test_close_line_waits_for_line_event),
        T(test_close_phone_waits_for_event),
        T(test_close_inside_event),
        T(test_state_after_close_is_quiet),
        T(test_concurrency),
        T(test_function_list),
        T(test_line_add),
        T(test_monitor_tones),
        T(test_monitor_media),
        T(test_no_monitoring),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
