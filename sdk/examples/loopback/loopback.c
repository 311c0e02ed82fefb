/*
 * loopback.c - tspkit's example provider: four line devices that call each other.
 *
 * Line n (1..4) has the dialable address "10n". Dial "102" on line 1 and line 2
 * rings (LINE_NEWCALL, OFFERING, caller ID "101"); answer it and both calls are
 * CONNECTED; DTMF generated on one end is detected on the other; drop either end
 * and the other is DISCONNECTED. Unknown numbers get DISCONNECTED/BADADDRESS, a
 * line that is not open UNAVAIL, a line already in a call BUSY.
 *
 * Everything TAPI-specific (entry points, handles, versions, structures, async
 * rules) is the framework's (tspkit/provider.h). What is left is the device: a
 * worker thread that plays the "network", fed through a queue, so requests
 * complete asynchronously from another thread as a real device's would.
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/provider.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUM_LINES 4
#define FIRST_ADDRESS 101

enum job_kind { JOB_MAKECALL, JOB_ANSWER, JOB_DROP, JOB_CLOSE, JOB_DIGITS, JOB_PING, JOB_STOP };

typedef struct job {
    enum job_kind kind;
    tspk_call *call;               /* referenced while queued */
    DRV_REQUESTID id;
    DWORD mode, end_to_end_id;
    WCHAR text[40];                /* destination or digits */
} job;

/* Per call: the other end, referenced while linked. Only the worker touches it. */
typedef struct leg {
    tspk_call *peer;
} leg;

static tspk_provider *prov;
static tspk_queue jobs;
static tspk_thread worker;
static int linked[NUM_LINES];      /* calls in progress per line (worker only) */
static char addresses[NUM_LINES][12];

static void copy_wstr(WCHAR *dst, size_t cap, LPCWSTR src)
{
    size_t i = 0;
    for (; src && src[i] && i + 1 < cap; i++) dst[i] = src[i];
    dst[i] = 0;
}

static LONG post(enum job_kind kind, tspk_call *call, DRV_REQUESTID id, LPCWSTR text)
{
    job j = { kind, tspk_call_ref(call), id, 0, 0, { 0 } };
    copy_wstr(j.text, sizeof j.text / sizeof j.text[0], text);
    if (tspk_queue_push(&jobs, &j) != 0) {
        tspk_call_unref(j.call);
        return LINEERR_RESOURCEUNAVAIL;
    }
    return TSPK_PENDING;
}

static LONG new_leg(tspk_call *call);

/* Link two calls as the ends of one connection. */
static void link_legs(tspk_call *a, tspk_call *b)
{
    ((leg *)tspk_call_user(a))->peer = tspk_call_ref(b);
    ((leg *)tspk_call_user(b))->peer = tspk_call_ref(a);
    linked[tspk_line_index(tspk_call_line(a))]++;
    linked[tspk_line_index(tspk_call_line(b))]++;
}

/* One end hangs up: the other end hears it. */
static void hang_up(tspk_call *call, DWORD own_state)
{
    leg *me = (leg *)tspk_call_user(call);
    if (me && me->peer) {
        tspk_call *peer = me->peer;
        leg *other = (leg *)tspk_call_user(peer);
        if (tspk_call_state(peer) != LINECALLSTATE_IDLE)
            tspk_call_set_state(peer, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL, 0);
        linked[tspk_line_index(tspk_call_line(call))]--;
        linked[tspk_line_index(tspk_call_line(peer))]--;
        tspk_call_unref(other->peer);
        other->peer = NULL;
        me->peer = NULL;
        tspk_call_unref(peer);
    }
    if (own_state) tspk_call_set_state(call, own_state, 0, 0);
}

/* The "network": route a call to the line whose address was dialled. */
static void route_call(tspk_call *call, const WCHAR *dest)
{
    char number[40];
    long n;
    tspk_line *target;
    tspk_call *in;
    DWORD media = LINEMEDIAMODE_INTERACTIVEVOICE;
    tspk_utf16_to_utf8(dest, TSPK_NTS, number, sizeof number, NULL, TSPK_UTF_REPLACE);
    tspk_call_set_state(call, LINECALLSTATE_DIALING, 0, 0);
    tspk_call_set_party(call, TSPK_PARTY_CALLED, number, NULL);
    n = strtol(number, NULL, 10) - FIRST_ADDRESS;
    if (n < 0 || n >= NUM_LINES) {
        tspk_call_set_state(call, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_BADADDRESS, 0);
        return;
    }
    tspk_call_set_state(call, LINECALLSTATE_PROCEEDING, 0, 0);
    if (linked[n] || (DWORD)n == tspk_line_index(tspk_call_line(call))) {
        tspk_call_set_state(call, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_BUSY, 0);
        return;
    }
    target = tspk_line_get_open(prov, (DWORD)n);
    in = target ? tspk_call_incoming(target, 0, media) : NULL;
    tspk_line_unref(target);
    if (in && new_leg(in) != 0) {
        tspk_call_set_state(in, LINECALLSTATE_IDLE, 0, 0);
        tspk_call_unref(in);
        in = NULL;
    }
    if (!in) {
        tspk_call_set_state(call, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_UNAVAIL, 0);
        return;
    }
    link_legs(call, in);
    tspk_call_set_party(in, TSPK_PARTY_CALLER,
                        addresses[tspk_line_index(tspk_call_line(call))], "Loopback");
    tspk_call_set_state(in, LINECALLSTATE_OFFERING, 0, media);
    tspk_call_set_state(call, LINECALLSTATE_RINGBACK, 0, 0);
    tspk_call_unref(in);
}

static void run_worker(void *unused)
{
    job j;
    (void)unused;
    while (tspk_queue_pop(&jobs, &j, TSPK_INFINITE) == 0 && j.kind != JOB_STOP) {
        leg *me = j.call ? (leg *)tspk_call_user(j.call) : NULL;
        switch (j.kind) {
        case JOB_MAKECALL:
            tspk_complete(prov, j.id, 0);
            route_call(j.call, j.text);
            break;
        case JOB_ANSWER:
            tspk_complete(prov, j.id, me && me->peer ? 0 : LINEERR_INVALCALLSTATE);
            if (!me || !me->peer) break;
            tspk_call_set_state(j.call, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0);
            tspk_call_set_state(me->peer, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0);
            tspk_call_set_party(me->peer, TSPK_PARTY_CONNECTED,
                                addresses[tspk_line_index(tspk_call_line(j.call))], NULL);
            break;
        case JOB_DROP:
            tspk_complete(prov, j.id, 0);
            hang_up(j.call, LINECALLSTATE_IDLE);
            break;
        case JOB_CLOSE:
            hang_up(j.call, 0);
            break;
        case JOB_DIGITS: {
            const WCHAR *d;
            for (d = j.text; *d && me && me->peer; d++) tspk_call_digit(me->peer, *d, j.mode);
            tspk_call_generate_done(j.call, LINEGENERATETERM_DONE, j.end_to_end_id);
            break;
        }
        case JOB_PING:
            tspk_complete(prov, j.id, 0);
            break;
        case JOB_STOP:
            break;
        }
        tspk_call_unref(j.call);
    }
}

/* ---- the operations table ---- */

static LONG lb_init(tspk_provider *p)
{
    prov = p;
    memset(linked, 0, sizeof linked);   /* a new provider instance starts with idle lines */
    if (tspk_queue_init(&jobs, sizeof(job), 65536) != 0) return LINEERR_NOMEM;
    if (tspk_thread_create(&worker, run_worker, NULL) != 0) {
        tspk_queue_free(&jobs);
        return LINEERR_NOMEM;
    }
    return 0;
}

static void lb_shutdown(tspk_provider *p)
{
    job stop = { JOB_STOP, NULL, 0, 0, 0, { 0 } };
    (void)p;
    tspk_queue_push(&jobs, &stop);
    tspk_thread_join(&worker);
    while (tspk_queue_pop(&jobs, &stop, 0) == 0) tspk_call_unref(stop.call);
    tspk_queue_free(&jobs);
}

static void lb_describe(tspk_provider *p, DWORD index, tspk_line_info *info)
{
    (void)p;
    snprintf(addresses[index], sizeof addresses[index], "%lu", (unsigned long)(FIRST_ADDRESS + index));
    info->address = addresses[index];
    info->media_modes = LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_DATAMODEM;
    info->max_rate = 64000;
    info->generate_digit_modes = LINEDIGITMODE_DTMF;
    info->monitor_digit_modes = LINEDIGITMODE_DTMF;
}

static LONG new_leg(tspk_call *call)
{
    leg *l = (leg *)calloc(1, sizeof *l);
    if (!l) return LINEERR_NOMEM;
    tspk_call_set_user(call, l);
    return 0;
}

static LONG lb_make_call(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest, DWORD country,
                         const tspk_callparams *params)
{
    LONG r = new_leg(call);
    (void)country; (void)params;
    if (r) return r;
    if (!dest || !*dest) return LINEERR_INVALADDRESS;   /* no dial tone state to offer */
    return post(JOB_MAKECALL, call, id, dest);
}

static LONG lb_answer(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD size)
{
    (void)uui; (void)size;
    if (tspk_call_state(call) != LINECALLSTATE_OFFERING) return LINEERR_INVALCALLSTATE;
    return post(JOB_ANSWER, call, id, NULL);
}

static LONG lb_drop(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD size)
{
    (void)uui; (void)size;
    return post(JOB_DROP, call, id, NULL);
}

static void lb_call_close(tspk_call *call)
{
    post(JOB_CLOSE, call, 0, NULL);
}

static void lb_call_free(tspk_call *call)
{
    free(tspk_call_user(call));
}

static LONG lb_generate_digits(tspk_call *call, DWORD end_to_end_id, DWORD mode, LPCWSTR digits,
                               DWORD duration)
{
    job j = { JOB_DIGITS, NULL, 0, mode, end_to_end_id, { 0 } };
    (void)duration;
    if (tspk_call_state(call) != LINECALLSTATE_CONNECTED) return LINEERR_INVALCALLSTATE;
    j.call = tspk_call_ref(call);
    copy_wstr(j.text, sizeof j.text / sizeof j.text[0], digits);
    if (tspk_queue_push(&jobs, &j) != 0) {
        tspk_call_unref(j.call);
        return LINEERR_RESOURCEUNAVAIL;
    }
    return 0;
}

static LONG lb_monitor_digits(tspk_call *call, DWORD modes)
{
    (void)call; (void)modes;
    return 0;
}

/* lineDevSpecific is a "ping" the worker answers: the shortest request -> completion
 * round trip a device can have (make bench times it). */
static LONG lb_dev_specific(tspk_line *line, DWORD address_id, tspk_call *call, DRV_REQUESTID id,
                            void *params, DWORD size)
{
    (void)line; (void)address_id; (void)call; (void)params; (void)size;
    return post(JOB_PING, NULL, id, NULL);
}

static const tspk_provider_ops loopback_ops = {
    .name = "tspkit loopback",
    .num_lines = NUM_LINES,
    .init = lb_init,
    .shutdown = lb_shutdown,
    .line_describe = lb_describe,
    .make_call = lb_make_call,
    .answer = lb_answer,
    .drop = lb_drop,
    .call_close = lb_call_close,
    .call_free = lb_call_free,
    .generate_digits = lb_generate_digits,
    .monitor_digits = lb_monitor_digits,
    .dev_specific = lb_dev_specific,
};

TSPK_PROVIDER(loopback_ops)
