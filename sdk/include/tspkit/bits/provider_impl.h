/*
 * tspkit/bits/provider_impl.h - implementation of the provider framework
 * (tspkit/provider.h). Included by provider.h in the one file that defines
 * TSPKIT_IMPLEMENTATION; not meant to be included directly.
 *
 * Layout: provider state, objects and their handle tables; event delivery (never
 * under a lock); structure filling; then the TSPI_* entry points grouped as TAPI's
 * reference groups them (provider, line, call, MSP, phone, UI).
 */
#ifndef TSPKIT_BITS_PROVIDER_IMPL_H
#define TSPKIT_BITS_PROVIDER_IMPL_H

#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#ifndef _WIN32
#  include <dlfcn.h>
#endif

#define TSPK__PARTIES 3
#define TSPK__MAX_DEFERRED 32
#define TSPK__MAX_TONES 64         /* monitored LINEMONITORTONE entries per call, all lists */

/* One monitored tone and the list (dwToneListID) it came in. */
typedef struct tspk__tone {
    DWORD list_id;
    LINEMONITORTONE tone;
} tspk__tone;

typedef struct tspk__event {
    DWORD msg;
    DWORD_PTR p1, p2, p3;
    void *owned;                   /* a held LINE_SENDMSPDATA's copy of its buffer (p2) */
} tspk__event;

/* An event being sent to TAPISRV: listed (under the lock) before the callback is invoked
 * without the lock, unlisted after it returned. TSPI_lineCloseCall, TSPI_lineClose and
 * TSPI_phoneClose wait until none of theirs is listed (tspk__drain). */
typedef struct tspk__send {
    const void *dev;               /* the tspk_line or tspk_phone whose callback is used */
    const void *call;              /* the tspk_call the event names, or NULL */
    uint64_t thread;               /* who sends it */
    struct tspk__send *next;
} tspk__send;

/* An MSP instance TAPI created on a line; HDRVMSPLINE is its handle in msp_h. The line
 * pointer comes first, as in tspk_call (tspk__close_on_line). */
typedef struct tspk__msp {
    tspk_line *line;
    DWORD address_id;
    HTAPIMSPLINE ht;
} tspk__msp;

struct tspk_line {
    tspk_provider *prov;
    DWORD index, device_id;
    DWORD version;                 /* negotiated TSPI version (per device) */
    tspk_extver ext;
    tspk_line_info info;
    /* open state (guarded by the provider lock) */
    uintptr_t hd;                  /* our HDRVLINE value; 0 when closed */
    HTAPILINE ht;
    LINEEVENT event_proc;
    DWORD open_version;
    DWORD media_modes;             /* TSPI_lineSetDefaultMediaDetection */
    DWORD line_states, address_states;
    DWORD num_calls;               /* calls TAPI knows about */
    void *user;
};

struct tspk_call {
    tspk_line *line;
    uintptr_t hd;                  /* our HDRVCALL value */
    HTAPICALL ht;
    DWORD address_id, call_id;
    DWORD state, state_mode, media_mode, bearer_mode, rate;
    DWORD origin, reason, app_specific, call_param_flags;
    DWORD monitor_digit_modes;
    DWORD monitor_media_modes;     /* TSPI_lineMonitorMedia */
    tspk__tone *tones;             /* TSPI_lineMonitorTones: every list's entries */
    DWORD num_tones;
    SYSTEMTIME state_time;
    char *party_number[TSPK__PARTIES], *party_name[TSPK__PARTIES];
    DWORD party_flags[TSPK__PARTIES];
    /* A call TSPI_lineMakeCall created is "not yet valid" until its request completes
     * successfully: its events wait here (tspi_linemakecall remarks). */
    DRV_REQUESTID create_id;
    int created, flushing, closed;
    struct tspk_call *next_creating;   /* provider's list of calls awaiting creation */
    tspk__event deferred[TSPK__MAX_DEFERRED];
    int num_deferred;
    void *user;
};

struct tspk_phone {
    tspk_provider *prov;
    DWORD index, device_id, version;
    tspk_extver ext;
    tspk_phone_info info;
    uintptr_t hd;
    HTAPIPHONE ht;
    PHONEEVENT event_proc;
    DWORD phone_states, button_modes, button_states;
    void *user;
};

struct tspk_provider {
    const tspk_provider_ops *ops;
    tspk_verrange versions;
    DWORD perm_id, line_base, phone_base;
    DWORD tspi_version;            /* from TSPI_providerInit */
    int initialised;
    tspk_mutex lock;
    tspk_tracer trace;
    tspk_async async;
    tspk_htab lines_h, calls_h, phones_h, msp_h;
    tspk_line **lines;  DWORD num_lines, cap_lines;     /* stable objects: handles point at them */
    tspk_phone **phones; DWORD num_phones, cap_phones;
    /* from TSPI_providerEnumDevices: for LINE_CREATE / PHONE_CREATE */
    HPROVIDER hprovider;
    LINEEVENT line_create_proc;
    PHONEEVENT phone_create_proc;
    DWORD next_call_id;
    tspk_call *creating;           /* calls whose creating request is outstanding */
    tspk__send *sending;           /* events in flight, newest first */
    tspk_cond drained;             /* broadcast when one ends and a close waits */
    int drain_waiters;
};

/* The one provider a TSP module is (TAPISRV loads a TSP once per process). */
static tspk_provider tspk__prov;

static const tspk_provider_ops *tspk__ops(void) { return tspk_provider_ops_get(); }

/* ------------------------------------------------------------------------ */
/* Small helpers                                                              */

static void tspk__now(SYSTEMTIME *st)
{
#ifdef _WIN32
    GetSystemTime(st);
#else
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    st->wYear = (WORD)(tm.tm_year + 1900); st->wMonth = (WORD)(tm.tm_mon + 1);
    st->wDayOfWeek = (WORD)tm.tm_wday; st->wDay = (WORD)tm.tm_mday;
    st->wHour = (WORD)tm.tm_hour; st->wMinute = (WORD)tm.tm_min;
    st->wSecond = (WORD)tm.tm_sec; st->wMilliseconds = (WORD)(ts.tv_nsec / 1000000);
#endif
}

static char *tspk__strdup(const char *s)
{
    size_t n;
    char *d;
    if (!s) return NULL;
    n = strlen(s) + 1;
    d = (char *)malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

#define TSPK__TRACE(lvl, ...) tspk_trace(&tspk__prov.trace, (lvl), __VA_ARGS__)

/* ------------------------------------------------------------------------ */
/* Devices                                                                    */

static void tspk__line_setup(tspk_provider *p, tspk_line *l, DWORD index, DWORD device_id)
{
    memset(l, 0, sizeof *l);
    l->prov = p;
    l->index = index;
    l->device_id = device_id;
    tspk_extver_init(&l->ext, TSPK_VER_LINE, p->ops->ext_low, p->ops->ext_high);
    if (p->ops->line_describe) p->ops->line_describe(p, index, &l->info);
    if (!l->info.num_addresses) l->info.num_addresses = 1;
    if (!l->info.bearer_modes) l->info.bearer_modes = LINEBEARERMODE_VOICE;
    if (!l->info.media_modes) l->info.media_modes = LINEMEDIAMODE_INTERACTIVEVOICE;
    if (!l->info.max_active_calls) l->info.max_active_calls = 1;
    if (!l->info.answer_mode) l->info.answer_mode = LINEANSWERMODE_NONE;
    if (!l->info.ring_modes) l->info.ring_modes = 1;
    if (!l->info.disconnect_modes)
        l->info.disconnect_modes = LINEDISCONNECTMODE_NORMAL | LINEDISCONNECTMODE_UNKNOWN |
            LINEDISCONNECTMODE_REJECT | LINEDISCONNECTMODE_BUSY | LINEDISCONNECTMODE_NOANSWER |
            LINEDISCONNECTMODE_BADADDRESS | LINEDISCONNECTMODE_UNAVAIL;
    if (!l->info.permanent_line_id) l->info.permanent_line_id = (p->perm_id << 16) | index;
    /* LINEMONITORTONE has three frequencies; a list longer than the framework keeps for a
     * whole call could never be monitored. */
    if (!l->info.monitor_tone_max_freq || l->info.monitor_tone_max_freq > 3) l->info.monitor_tone_max_freq = 3;
    if (!l->info.monitor_tone_max_entries) l->info.monitor_tone_max_entries = 8;
    if (l->info.monitor_tone_max_entries > TSPK__MAX_TONES) l->info.monitor_tone_max_entries = TSPK__MAX_TONES;
    if (!l->info.monitor_media_modes) l->info.monitor_media_modes = l->info.media_modes;
}

static void tspk__phone_setup(tspk_provider *p, tspk_phone *ph, DWORD index, DWORD device_id)
{
    memset(ph, 0, sizeof *ph);
    ph->prov = p;
    ph->index = index;
    ph->device_id = device_id;
    tspk_extver_init(&ph->ext, TSPK_VER_PHONE, p->ops->ext_low, p->ops->ext_high);
    if (p->ops->phone_describe) p->ops->phone_describe(p, index, &ph->info);
    if (!ph->info.hook_switch_devs) ph->info.hook_switch_devs = PHONEHOOKSWITCHDEV_HANDSET;
    if (!ph->info.permanent_phone_id)
        ph->info.permanent_phone_id = (p->perm_id << 16) | 0x8000u | index;
}

/* Device IDs are only known after TSPI_providerInit (static ones) or
 * TSPI_providerCreateLineDevice (dynamic ones); 0xFFFFFFFF marks "not yet". */
static tspk_line *tspk__line_by_id(tspk_provider *p, DWORD device_id)
{
    tspk_line *l = NULL;
    DWORD i;
    if (!p->initialised || device_id == 0xFFFFFFFFu) return NULL;
    tspk_mutex_lock(&p->lock);
    if (device_id - p->line_base < p->num_lines && p->lines[device_id - p->line_base]->device_id == device_id)
        l = p->lines[device_id - p->line_base];
    for (i = 0; !l && i < p->num_lines; i++)
        if (p->lines[i]->device_id == device_id) l = p->lines[i];
    tspk_mutex_unlock(&p->lock);
    return l;
}

static tspk_phone *tspk__phone_by_id(tspk_provider *p, DWORD device_id)
{
    tspk_phone *ph = NULL;
    DWORD i;
    if (!p->initialised || device_id == 0xFFFFFFFFu) return NULL;
    tspk_mutex_lock(&p->lock);
    for (i = 0; !ph && i < p->num_phones; i++)
        if (p->phones[i]->device_id == device_id) ph = p->phones[i];
    tspk_mutex_unlock(&p->lock);
    return ph;
}

/* ------------------------------------------------------------------------ */
/* Objects behind handles                                                     */

/* An open line is looked up through its HDRVLINE; a forged or stale value fails. */
static tspk_line *tspk__line_acquire(HDRVLINE hd)
{
    return (tspk_line *)tspk_htab_acquire(&tspk__prov.lines_h, (uintptr_t)hd);
}

static tspk_call *tspk__call_acquire(HDRVCALL hd)
{
    return (tspk_call *)tspk_htab_acquire(&tspk__prov.calls_h, (uintptr_t)hd);
}

static tspk_phone *tspk__phone_acquire(HDRVPHONE hd)
{
    return (tspk_phone *)tspk_htab_acquire(&tspk__prov.phones_h, (uintptr_t)hd);
}

/* Line and phone objects live in the device arrays; the tables only refer to them. */
static void tspk__destroy_nothing(void *obj, void *user) { (void)obj; (void)user; }

static void tspk__msp_destroy(void *obj, void *user) { (void)user; free(obj); }

/* Forgets the events a call holds, with the buffers copied for them. */
static void tspk__deferred_clear(tspk_call *c)
{
    int i;
    for (i = 0; i < c->num_deferred; i++) free(c->deferred[i].owned);
    c->num_deferred = 0;
}

static void tspk__call_destroy(void *obj, void *user)
{
    tspk_call *c = (tspk_call *)obj;
    int i;
    (void)user;
    if (tspk__prov.ops->call_free) tspk__prov.ops->call_free(c);
    tspk__deferred_clear(c);       /* a call still creating at shutdown */
    for (i = 0; i < TSPK__PARTIES; i++) {
        free(c->party_number[i]);
        free(c->party_name[i]);
    }
    free(c->tones);
    free(c);
}

tspk_call *tspk_call_ref(tspk_call *call)
{
    return call ? (tspk_call *)tspk_htab_acquire(&tspk__prov.calls_h, call->hd) : NULL;
}

void tspk_call_unref(tspk_call *call)
{
    if (call) tspk_htab_release(&tspk__prov.calls_h, call->hd);
}

tspk_line *tspk_line_get_open(tspk_provider *p, DWORD index)
{
    uintptr_t hd;
    if (index >= p->num_lines) return NULL;
    tspk_mutex_lock(&p->lock);
    hd = p->lines[index]->hd;
    tspk_mutex_unlock(&p->lock);
    return hd ? (tspk_line *)tspk_htab_acquire(&p->lines_h, hd) : NULL;
}

void tspk_line_unref(tspk_line *line)
{
    if (line) tspk_htab_release(&tspk__prov.lines_h, line->hd);
}

/* ------------------------------------------------------------------------ */
/* Events to TAPISRV: prepared under the lock, sent after it is released.     */
/*                                                                            */
/* After TSPI_lineCloseCall, TSPI_lineClose or TSPI_phoneClose returned, no   */
/* event may name the call, the line (or its calls) or the phone              */
/* (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_lineclosecall,    */
/* .../nf-tspi-tspi_lineclose, .../nf-tspi-tspi_phoneclose, remarks). Marking */
/* the object closed stops new events; the close then waits for the ones      */
/* already in flight (tspk__send, tspk__drain).                               */

/* Under p->lock: lists s as sent by this thread for dev (and call). */
static void tspk__send_begin(tspk_provider *p, tspk__send *s, const void *dev, const void *call)
{
    s->dev = dev;
    s->call = call;
    s->thread = tspk_thread_self_id();
    s->next = p->sending;
    p->sending = s;
}

static void tspk__send_end(tspk_provider *p, tspk__send *s)
{
    tspk__send **pp;
    tspk_mutex_lock(&p->lock);
    for (pp = &p->sending; *pp != s; pp = &(*pp)->next) {}
    *pp = s->next;
    if (p->drain_waiters) tspk_cond_broadcast(&p->drained);
    tspk_mutex_unlock(&p->lock);
}

/* Under p->lock, after the object was marked closed: waits until no other thread sends
 * an event for dev, or naming call. This thread's own are not waited for: TAPISRV may
 * close from inside its LINEEVENT (or a provider operation's event), and such an event
 * began before the close did; waiting for it would never end. */
static void tspk__drain(tspk_provider *p, const void *dev, const void *call)
{
    uint64_t self = tspk_thread_self_id();
    for (;;) {
        const tspk__send *s;
        for (s = p->sending; s; s = s->next)
            if (s->thread != self && ((dev && s->dev == dev) || (call && s->call == call))) break;
        if (!s) return;
        p->drain_waiters++;
        tspk_cond_wait(&p->drained, &p->lock);
        p->drain_waiters--;
    }
}

/* Sends a line or call event, when the line is open; events of closed objects are
 * dropped by the callers before this. */
static void tspk__send_line(tspk_provider *p, tspk_line *l, tspk_call *c, const tspk__event *e)
{
    tspk__send s;
    LINEEVENT proc;
    HTAPILINE htl;
    HTAPICALL htc;
    tspk_mutex_lock(&p->lock);
    proc = l->hd && (!c || !c->closed) ? l->event_proc : NULL;
    htl = l->ht;
    htc = c ? c->ht : NULL;
    if (proc) tspk__send_begin(p, &s, l, c);
    tspk_mutex_unlock(&p->lock);
    if (!proc) return;
    proc(htl, htc, e->msg, e->p1, e->p2, e->p3);
    tspk__send_end(p, &s);
}

/* Sends a call event now, or queues it while the call's creation is pending.
 * Events of one call keep their order: once anything is queued, later events queue
 * behind it until the flusher has drained the queue. A held LINE_SENDMSPDATA keeps a
 * copy of its buffer, so the provider's need not outlive the wait.
 * Returns 0 (sent or held), LINEERR_INVALCALLHANDLE when TAPI closed the call (or its
 * line), LINEERR_NOMEM or LINEERR_OPERATIONFAILED (too many held) when it was dropped. */
static LONG tspk__call_event(tspk_call *c, DWORD msg, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    tspk_provider *p = c->line->prov;
    tspk__event e;
    e.msg = msg; e.p1 = p1; e.p2 = p2; e.p3 = p3; e.owned = NULL;
    tspk_mutex_lock(&p->lock);
    if (c->closed || !c->line->hd) {
        tspk_mutex_unlock(&p->lock);
        return LINEERR_INVALCALLHANDLE;
    }
    if (!c->created || c->flushing || c->num_deferred) {
        LONG r = 0;
        if (c->num_deferred >= TSPK__MAX_DEFERRED) {
            TSPK__TRACE(TSPK_TRACE_ERROR, "call %p: too many events before its creation "
                        "completed; dropping message %lu", (void *)c, (unsigned long)msg);
            r = LINEERR_OPERATIONFAILED;
        } else if (msg == LINE_SENDMSPDATA && p3 && !(e.owned = malloc(p3))) {
            r = LINEERR_NOMEM;
        } else {
            if (e.owned) e.p2 = (DWORD_PTR)memcpy(e.owned, (const void *)p2, p3);
            c->deferred[c->num_deferred++] = e;
        }
        tspk_mutex_unlock(&p->lock);
        return r;
    }
    tspk_mutex_unlock(&p->lock);
    tspk__send_line(p, c->line, c, &e);
    return 0;
}

/* Delivers what a call queued before its creation completed, in order. */
static void tspk__call_flush(tspk_call *c)
{
    tspk_provider *p = c->line->prov;
    for (;;) {
        tspk__event e;
        tspk_mutex_lock(&p->lock);
        if (c->num_deferred == 0 || c->closed) {
            tspk__deferred_clear(c);
            c->flushing = 0;
            tspk_mutex_unlock(&p->lock);
            return;
        }
        e = c->deferred[0];
        memmove(&c->deferred[0], &c->deferred[1], (size_t)(c->num_deferred - 1) * sizeof e);
        c->num_deferred--;
        c->flushing = 1;
        tspk_mutex_unlock(&p->lock);
        tspk__send_line(p, c->line, c, &e);
        free(e.owned);
    }
}

void tspk_line_event(tspk_line *line, DWORD msg, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    tspk__event e;
    e.msg = msg; e.p1 = p1; e.p2 = p2; e.p3 = p3; e.owned = NULL;
    tspk__send_line(line->prov, line, NULL, &e);
}

void tspk_phone_event(tspk_phone *phone, DWORD msg, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    tspk_provider *p = phone->prov;
    tspk__send s;
    PHONEEVENT proc;
    HTAPIPHONE htp;
    tspk_mutex_lock(&p->lock);
    proc = phone->hd ? phone->event_proc : NULL;
    htp = phone->ht;
    if (proc) tspk__send_begin(p, &s, phone, NULL);
    tspk_mutex_unlock(&p->lock);
    if (!proc) return;
    proc(htp, msg, p1, p2, p3);
    tspk__send_end(p, &s);
}

/* ------------------------------------------------------------------------ */
/* Async requests                                                             */

/* A request that creates a call (lineMakeCall) completes through here so that the
 * call's held-back events follow the completion. */
void tspk_complete(tspk_provider *p, DRV_REQUESTID id, LONG result)
{
    tspk_call *creating = NULL, **pp;
    tspk_mutex_lock(&p->lock);
    for (pp = &p->creating; *pp; pp = &(*pp)->next_creating) {
        if ((*pp)->create_id == id) {
            creating = *pp;
            *pp = creating->next_creating;
            creating->flushing = 1;   /* events racing the completion queue up */
            break;
        }
    }
    tspk_mutex_unlock(&p->lock);
    tspk_async_complete(&p->async, id, result);
    if (!creating) return;
    if (result == 0) {
        tspk_mutex_lock(&p->lock);
        creating->created = 1;
        creating->line->num_calls++;
        tspk_mutex_unlock(&p->lock);
        tspk__call_flush(creating);
    } else {
        /* No event ever names it, but the handle stays valid: TAPI still calls
         * TSPI_lineCloseCall after an asynchronous failure, which frees it
         * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_lineclosecall). */
        tspk_mutex_lock(&p->lock);
        creating->closed = 1;
        tspk__deferred_clear(creating);
        tspk_mutex_unlock(&p->lock);
    }
    tspk_htab_release(&p->calls_h, creating->hd);   /* the list's reference */
}

/* What an async entry point returns for an operation's answer: the operation's
 * error, or dwRequestID. A synchronous success is completed here, through
 * tspk_complete, so a call created by the request is released in order. */
static LONG tspk__async_return(DRV_REQUESTID id, LONG op_result)
{
    tspk_provider *p = &tspk__prov;
    if (op_result > 0 && op_result != TSPK_PENDING) {
        TSPK__TRACE(TSPK_TRACE_ERROR, "request %lu: operation returned %ld, which is neither an "
                    "error, 0 nor TSPK_PENDING", (unsigned long)id, (long)op_result);
        op_result = LINEERR_OPERATIONFAILED;
    }
    if (op_result == 0) {
        tspk_complete(p, id, 0);
        return tspk_async_return(&p->async, id, TSPK_PENDING);
    }
    if (op_result < 0) {
        tspk_call **pp, *dead = NULL;
        tspk_mutex_lock(&p->lock);
        for (pp = &p->creating; *pp; pp = &(*pp)->next_creating) {
            if ((*pp)->create_id == id) {
                dead = *pp;
                *pp = dead->next_creating;
                dead->closed = 1;
                break;
            }
        }
        tspk_mutex_unlock(&p->lock);
        if (dead) {
            tspk_htab_remove(&p->calls_h, dead->hd);
            tspk_htab_release(&p->calls_h, dead->hd);
        }
    }
    return tspk_async_return(&p->async, id, op_result);
}

/* The start of an async entry point: register id (fails on a duplicate ID). */
static LONG tspk__async_begin(DRV_REQUESTID id)
{
    if (!tspk__prov.initialised) return LINEERR_OPERATIONFAILED;
    return tspk_async_begin(&tspk__prov.async, id);
}

/* When an operation is missing, async entry points fail synchronously. */
#define TSPK__ASYNC_CALL(id, expr) \
    do { LONG r_ = tspk__async_begin(id); if (r_ < 0) return r_; \
         return tspk__async_return((id), (expr)); } while (0)

/* ------------------------------------------------------------------------ */
/* Accessors                                                                  */

tspk_provider *tspk_line_provider(const tspk_line *line) { return line->prov; }
DWORD tspk_line_index(const tspk_line *line) { return line->index; }
DWORD tspk_line_device_id(const tspk_line *line) { return line->device_id; }
DWORD tspk_line_version(const tspk_line *line) { return line->open_version ? line->open_version : line->version; }
void *tspk_line_user(const tspk_line *line) { return line->user; }
void tspk_line_set_user(tspk_line *line, void *user) { line->user = user; }
tspk_line *tspk_call_line(const tspk_call *call) { return call->line; }
DWORD tspk_call_address_id(const tspk_call *call) { return call->address_id; }
void *tspk_call_user(const tspk_call *call) { return call->user; }
void tspk_call_set_user(tspk_call *call, void *user) { call->user = user; }
tspk_tracer *tspk_provider_tracer(tspk_provider *p) { return &p->trace; }
DWORD tspk_provider_id(const tspk_provider *p) { return p->perm_id; }

DWORD tspk_call_state(const tspk_call *call)
{
    DWORD s;
    tspk_mutex_lock(&call->line->prov->lock);
    s = call->state;
    tspk_mutex_unlock(&call->line->prov->lock);
    return s;
}

/* ------------------------------------------------------------------------ */
/* Calls                                                                      */

static tspk_call *tspk__call_new(tspk_line *l, DWORD address_id, HTAPICALL ht, DWORD origin)
{
    tspk_call *c = (tspk_call *)calloc(1, sizeof *c);
    if (!c) return NULL;
    c->line = l;
    c->ht = ht;
    c->address_id = address_id;
    c->state = 0;
    c->media_mode = LINEMEDIAMODE_INTERACTIVEVOICE;
    c->bearer_mode = LINEBEARERMODE_VOICE;
    c->origin = origin;
    c->reason = LINECALLREASON_DIRECT;
    tspk__now(&c->state_time);
    tspk_mutex_lock(&l->prov->lock);
    c->call_id = ++l->prov->next_call_id;
    tspk_mutex_unlock(&l->prov->lock);
    c->hd = tspk_htab_insert(&l->prov->calls_h, c);
    if (!c->hd) {
        free(c);
        return NULL;
    }
    return c;
}

tspk_call *tspk_call_incoming(tspk_line *line, DWORD address_id, DWORD media_mode)
{
    tspk_provider *p = line->prov;
    tspk_call *c;
    HTAPICALL ht = NULL;
    LINEEVENT proc;
    HTAPILINE htl;
    tspk__send s;
    if (address_id >= line->info.num_addresses) return NULL;
    c = tspk__call_new(line, address_id, NULL, LINECALLORIGIN_INBOUND);
    if (!c) return NULL;
    if (media_mode) c->media_mode = media_mode;
    /* Not "created" until TAPISRV's htCall is known: events it causes from inside
     * LINE_NEWCALL (it may use hdCall at once) wait, then name that htCall. */
    tspk_htab_acquire(&p->calls_h, c->hd);        /* the caller's reference */
    tspk_mutex_lock(&p->lock);
    proc = line->hd ? line->event_proc : NULL;
    htl = line->ht;
    if (proc) tspk__send_begin(p, &s, line, c);
    tspk_mutex_unlock(&p->lock);
    /* LINE_NEWCALL: dwParam1 = our hdCall, dwParam2 = where TAPISRV writes its htCall
     * (learn.microsoft.com/windows/win32/tapi/line-newcall). */
    if (proc) {
        proc(htl, NULL, LINE_NEWCALL, (DWORD_PTR)c->hd, (DWORD_PTR)&ht, 0);
        tspk__send_end(p, &s);
    }
    if (!ht) {
        TSPK__TRACE(TSPK_TRACE_WARN, "line %lu: TAPISRV refused the new call",
                    (unsigned long)line->device_id);
        tspk_mutex_lock(&p->lock);
        c->closed = 1;
        tspk_mutex_unlock(&p->lock);
        tspk_htab_remove(&p->calls_h, c->hd);
        tspk_htab_release(&p->calls_h, c->hd);
        return NULL;
    }
    tspk_mutex_lock(&p->lock);
    c->ht = ht;
    c->created = 1;
    if (!c->closed && c->state != LINECALLSTATE_IDLE) line->num_calls++;
    tspk_mutex_unlock(&p->lock);
    tspk__call_flush(c);
    return c;
}

LONG tspk_call_set_state(tspk_call *call, DWORD state, DWORD mode, DWORD media)
{
    tspk_provider *p = call->line->prov;
    tspk__tone *tones = NULL;
    int changed;
    tspk_mutex_lock(&p->lock);
    /* A call TAPI closed takes no more events (tspi_lineclosecall remarks). The provider
     * cannot tell when that happens (TAPISRV closes from its own threads), so a state
     * for such a call is normal, e.g. the far end hanging up during the close: answered
     * with an error, not traced above DEBUG. IDLE is final (linecallstate--constants). */
    if (call->closed || call->state == LINECALLSTATE_IDLE) {
        int closed = call->closed;
        tspk_mutex_unlock(&p->lock);
        TSPK__TRACE(TSPK_TRACE_DEBUG, "call %p: state 0x%lx ignored: call %s", (void *)call,
                    (unsigned long)state, closed ? "closed" : "idle");
        return closed ? LINEERR_INVALCALLHANDLE : LINEERR_INVALCALLSTATE;
    }
    changed = call->state != state || call->state_mode != mode ||
              (media && call->media_mode != media);
    call->state = state;
    call->state_mode = mode;
    if (media) call->media_mode = media;
    media = call->media_mode;
    if (changed) tspk__now(&call->state_time);
    if (state == LINECALLSTATE_IDLE && call->created && call->line->num_calls)
        call->line->num_calls--;
    /* Tone and media monitoring end when the call goes IDLE (nf-tspi-tspi_linemonitortones,
     * nf-tspi-tspi_linemonitormedia remarks). */
    if (state == LINECALLSTATE_IDLE) {
        tones = call->tones;
        call->tones = NULL;
        call->num_tones = 0;
        call->monitor_media_modes = 0;
    }
    tspk_mutex_unlock(&p->lock);
    free(tones);
    return changed ? tspk__call_event(call, LINE_CALLSTATE, state, mode, media) : 0;
}

void tspk_call_set_party(tspk_call *call, int which, const char *number, const char *name)
{
    static const DWORD info_state[TSPK__PARTIES] = {
        LINECALLINFOSTATE_CALLERID, LINECALLINFOSTATE_CALLEDID, LINECALLINFOSTATE_CONNECTEDID
    };
    tspk_provider *p = call->line->prov;
    char *nn, *nm;
    DWORD flags = 0;
    if (which < 0 || which >= TSPK__PARTIES) return;
    nn = tspk__strdup(number);
    nm = tspk__strdup(name);
    if (number) flags |= LINECALLPARTYID_ADDRESS;
    if (name) flags |= LINECALLPARTYID_NAME;
    if (!flags) flags = LINECALLPARTYID_UNKNOWN;
    tspk_mutex_lock(&p->lock);
    free(call->party_number[which]);
    free(call->party_name[which]);
    call->party_number[which] = nn;
    call->party_name[which] = nm;
    call->party_flags[which] = flags;
    tspk_mutex_unlock(&p->lock);
    tspk__call_event(call, LINE_CALLINFO, info_state[which], 0, 0);
}

void tspk_call_set_rate(tspk_call *call, DWORD rate, DWORD bearer_mode)
{
    tspk_provider *p = call->line->prov;
    DWORD what = 0;
    tspk_mutex_lock(&p->lock);
    if (call->rate != rate) what |= LINECALLINFOSTATE_RATE;
    if (bearer_mode && call->bearer_mode != bearer_mode) what |= LINECALLINFOSTATE_BEARERMODE;
    call->rate = rate;
    if (bearer_mode) call->bearer_mode = bearer_mode;
    tspk_mutex_unlock(&p->lock);
    if (what) tspk__call_event(call, LINE_CALLINFO, what, 0, 0);
}

void tspk_call_digit(tspk_call *call, WCHAR digit, DWORD digit_mode)
{
    DWORD modes;
    tspk_mutex_lock(&call->line->prov->lock);
    modes = call->monitor_digit_modes;
    tspk_mutex_unlock(&call->line->prov->lock);
    /* LINE_MONITORDIGITS only while the application monitors that mode. */
    if (modes & digit_mode)
        tspk__call_event(call, LINE_MONITORDIGITS, (DWORD_PTR)digit, digit_mode,
                         (DWORD_PTR)(tspk_now_us() / 1000u));
}

void tspk_call_generate_done(tspk_call *call, DWORD generate_term, DWORD end_to_end_id)
{
    tspk__call_event(call, LINE_GENERATE, generate_term, end_to_end_id,
                     (DWORD_PTR)(tspk_now_us() / 1000u));
}

int tspk_tone_is_silence(const LINEMONITORTONE *tone)
{
    return tone && !tone->dwFrequency1 && !tone->dwFrequency2 && !tone->dwFrequency3;
}

int tspk_call_tone_detected(tspk_call *call, int (*match)(const LINEMONITORTONE *tone, void *user),
                            void *user)
{
    tspk__tone copy[TSPK__MAX_TONES];
    DWORD n, i;
    DWORD_PTR tick = (DWORD_PTR)(tspk_now_us() / 1000u);
    int sent = 0;
    if (!match) return 0;
    /* Copies, so that match (the provider's) runs with no framework lock held. */
    tspk_mutex_lock(&call->line->prov->lock);
    n = call->num_tones;
    if (n) memcpy(copy, call->tones, n * sizeof copy[0]);
    tspk_mutex_unlock(&call->line->prov->lock);
    /* One LINE_MONITORTONE per matching entry of each list (TSPI LINE_MONITORTONE,
     * learn.microsoft.com/previous-versions/windows/desktop/legacy/ms725234). */
    for (i = 0; i < n; i++)
        if (match(&copy[i].tone, user) &&
            tspk__call_event(call, LINE_MONITORTONE, copy[i].tone.dwAppSpecific, copy[i].list_id, tick) == 0)
            sent++;
    return sent;
}

int tspk_call_media_detected(tspk_call *call, DWORD media)
{
    DWORD modes;
    tspk_mutex_lock(&call->line->prov->lock);
    modes = call->monitor_media_modes;
    tspk_mutex_unlock(&call->line->prov->lock);
    /* dwParam1 is exactly one LINEMEDIAMODE_ (line-monitormedia), and only a monitored one
     * is reported (nf-tspi-tspi_linemonitormedia). */
    if (!media || (media & (media - 1)) || !(modes & media)) return 0;
    return tspk__call_event(call, LINE_MONITORMEDIA, media, 0, (DWORD_PTR)(tspk_now_us() / 1000u)) == 0;
}

LONG tspk_send_msp_data_to(tspk_line *line, tspk_call *call, HTAPIMSPLINE msp,
                           const void *data, DWORD size)
{
    /* LINE_SENDMSPDATA: dwParam1 = the htMSPLine TSPI_lineCreateMSPInstance gave (0: all
     * instances), dwParam2 = buffer, dwParam3 = size
     * (learn.microsoft.com/windows/win32/tapi/line-sendmspdata). */
    if (!data && size) return LINEERR_INVALPOINTER;
    if (call) return tspk__call_event(call, LINE_SENDMSPDATA, (DWORD_PTR)msp, (DWORD_PTR)data, size);
    tspk_line_event(line, LINE_SENDMSPDATA, (DWORD_PTR)msp, (DWORD_PTR)data, size);
    return 0;
}

void tspk_send_msp_data(tspk_line *line, tspk_call *call, const void *data, DWORD size)
{
    tspk_send_msp_data_to(line, call, 0, data, size);
}

/* Which LINECALLFEATURE_s a call in its state offers, given the operations present
 * (learn.microsoft.com/windows/win32/tapi/linecallfeature--constants). */
static DWORD tspk__call_features(const tspk_call *c)
{
    const tspk_provider_ops *o = c->line->prov->ops;
    DWORD f = 0;
    switch (c->state) {
    case LINECALLSTATE_OFFERING:
        if (o->answer) f |= LINECALLFEATURE_ANSWER;
        if (o->accept) f |= LINECALLFEATURE_ACCEPT;
        break;
    case LINECALLSTATE_ACCEPTED:
        if (o->answer) f |= LINECALLFEATURE_ANSWER;
        break;
    case LINECALLSTATE_DIALTONE:
    case LINECALLSTATE_DIALING:
        if (o->dial) f |= LINECALLFEATURE_DIAL;
        break;
    case LINECALLSTATE_CONNECTED:
        if (o->generate_digits && c->line->info.generate_digit_modes)
            f |= LINECALLFEATURE_GENERATEDIGITS;
        if (o->monitor_digits && c->line->info.monitor_digit_modes)
            f |= LINECALLFEATURE_MONITORDIGITS;
        if (o->set_media_mode) f |= LINECALLFEATURE_SETMEDIACONTROL;
        break;
    default:
        break;
    }
    if (c->state != LINECALLSTATE_IDLE && c->state != 0) {
        if (o->drop) f |= LINECALLFEATURE_DROP;
        /* Monitoring may be set in any state but IDLE (nf-tspi-tspi_linemonitortones,
         * nf-tspi-tspi_linemonitormedia). */
        if (o->monitor_media && !(c->line->info.no_monitoring & TSPK_NO_MONITOR_MEDIA))
            f |= LINECALLFEATURE_MONITORMEDIA;
        if (o->monitor_tones && !(c->line->info.no_monitoring & TSPK_NO_MONITOR_TONES))
            f |= LINECALLFEATURE_MONITORTONES;
    }
    return f;
}

/* The call states the framework's calls go through (LINEADDRESSCAPS, LINECALLINFO). */
#define TSPK__CALL_STATES                                                                   \
    (LINECALLSTATE_IDLE | LINECALLSTATE_OFFERING | LINECALLSTATE_ACCEPTED |                 \
     LINECALLSTATE_DIALTONE | LINECALLSTATE_DIALING | LINECALLSTATE_RINGBACK |              \
     LINECALLSTATE_BUSY | LINECALLSTATE_CONNECTED | LINECALLSTATE_PROCEEDING |              \
     LINECALLSTATE_DISCONNECTED | LINECALLSTATE_UNKNOWN)

/* A TSPI version TAPISRV passes in (open, caps, init) must be one we negotiate. */
static int tspk__version_supported(DWORD v)
{
    return v >= tspk__prov.versions.low && v <= tspk__prov.versions.high;
}

/* Opening a line or phone: its handle is published in the table and in the device's
 * hd slot (which other threads read under the lock), and withdrawn again when the
 * provider's open operation fails. */
static uintptr_t tspk__open_publish(tspk_htab *tab, uintptr_t *slot, void *dev)
{
    uintptr_t hd = tspk_htab_insert(tab, dev);
    if (hd) {
        tspk_mutex_lock(&tspk__prov.lock);
        *slot = hd;
        tspk_mutex_unlock(&tspk__prov.lock);
    }
    return hd;
}

static void tspk__open_withdraw(tspk_htab *tab, uintptr_t *slot, uintptr_t hd)
{
    tspk_mutex_lock(&tspk__prov.lock);
    *slot = 0;
    tspk_mutex_unlock(&tspk__prov.lock);
    tspk_htab_remove(tab, hd);
}

/* ------------------------------------------------------------------------ */
/* Structure filling (variable-size structures: see varstruct.h)             */

/* "tapi/line\0<class>\0...\0\0" as LINEDEVCAPS/LINEADDRESSCAPS DeviceClasses. */
static void tspk__add_classes(tspk_varbuf *vb, DWORD *size, DWORD *off, const char *first,
                              const char *const *more)
{
    size_t total = 0, n, i;
    WCHAR *dst;
    tspk_utf8_to_utf16(first, TSPK_NTS, NULL, 0, &n, TSPK_UTF_REPLACE);
    total += n + 1;
    for (i = 0; more && more[i]; i++) {
        tspk_utf8_to_utf16(more[i], TSPK_NTS, NULL, 0, &n, TSPK_UTF_REPLACE);
        total += n + 1;
    }
    total += 1;
    dst = (WCHAR *)tspk_varbuf_reserve(vb, size, off, (DWORD)(total * sizeof(WCHAR)), 4);
    if (!dst) return;
    tspk_utf8_to_utf16(first, TSPK_NTS, dst, total, &n, TSPK_UTF_REPLACE);
    dst += n + 1; total -= n + 1;
    for (i = 0; more && more[i]; i++) {
        tspk_utf8_to_utf16(more[i], TSPK_NTS, dst, total, &n, TSPK_UTF_REPLACE);
        dst += n + 1; total -= n + 1;
    }
    *dst = 0;
}

static void tspk__add_str(tspk_varbuf *vb, DWORD *size, DWORD *off, const char *s)
{
    if (s && *s) tspk_varbuf_add_wstr(vb, size, off, s);
}

static LONG tspk__fill_devcaps(tspk_line *l, DWORD ver, LPLINEDEVCAPS dc)
{
    tspk_provider *p = l->prov;
    const tspk_line_info *in = &l->info;
    tspk_varbuf vb;
    char name[96];
    LONG r = tspk_varbuf_begin(&vb, dc, tspk_linedevcaps_size(ver));
    if (r) return r;
    if (in->name) snprintf(name, sizeof name, "%s", in->name);
    else snprintf(name, sizeof name, "%s line %lu", p->ops->name ? p->ops->name : "tspkit",
                  (unsigned long)l->index + 1);
    tspk__add_str(&vb, &dc->dwProviderInfoSize, &dc->dwProviderInfoOffset,
                  in->provider_info ? in->provider_info : p->ops->name);
    tspk__add_str(&vb, &dc->dwSwitchInfoSize, &dc->dwSwitchInfoOffset, in->switch_info);
    dc->dwPermanentLineID = in->permanent_line_id;
    tspk__add_str(&vb, &dc->dwLineNameSize, &dc->dwLineNameOffset, name);
    dc->dwStringFormat = STRINGFORMAT_UNICODE;
    dc->dwAddressModes = LINEADDRESSMODE_ADDRESSID;
    dc->dwNumAddresses = in->num_addresses;
    dc->dwBearerModes = in->bearer_modes;
    dc->dwMaxRate = in->max_rate;
    dc->dwMediaModes = in->media_modes;
    dc->dwGenerateDigitModes = p->ops->generate_digits ? in->generate_digit_modes : 0;
    dc->dwMonitorDigitModes = p->ops->monitor_digits ? in->monitor_digit_modes : 0;
    if (p->ops->monitor_tones && !(in->no_monitoring & TSPK_NO_MONITOR_TONES)) {
        dc->dwMonitorToneMaxNumFreq = in->monitor_tone_max_freq;
        dc->dwMonitorToneMaxNumEntries = in->monitor_tone_max_entries;
    }
    dc->dwDevCapFlags = in->dev_cap_flags;
    dc->dwMaxNumActiveCalls = in->max_active_calls;
    dc->dwAnswerMode = in->answer_mode;
    dc->dwRingModes = in->ring_modes;
    dc->dwLineStates = LINEDEVSTATE_OTHER | LINEDEVSTATE_RINGING | LINEDEVSTATE_CONNECTED |
                       LINEDEVSTATE_DISCONNECTED | LINEDEVSTATE_OPEN | LINEDEVSTATE_CLOSE |
                       LINEDEVSTATE_REINIT | LINEDEVSTATE_REMOVED;
    /* dwLineFeatures came with TAPI 1.4: below it, it lies past the fixed part. */
    if (ver >= TSPK_VERSION_1_4) dc->dwLineFeatures = p->ops->make_call ? LINEFEATURE_MAKECALL : 0;
    if (ver >= TSPK_VERSION_2_0)
        tspk__add_classes(&vb, &dc->dwDeviceClassesSize, &dc->dwDeviceClassesOffset,
                          "tapi/line", in->device_classes);
    if (ver >= TSPK_VERSION_3_0) {
        dc->dwAddressTypes = LINEADDRESSTYPE_PHONENUMBER;
        dc->dwAvailableTracking = 0;
    }
    return tspk_varbuf_end(&vb);
}

static LONG tspk__fill_addrcaps(tspk_line *l, DWORD address_id, DWORD ver, LPLINEADDRESSCAPS ac)
{
    const tspk_provider_ops *o = l->prov->ops;
    const tspk_line_info *in = &l->info;
    tspk_varbuf vb;
    LONG r = tspk_varbuf_begin(&vb, ac, tspk_lineaddresscaps_size(ver));
    if (r) return r;
    ac->dwLineDeviceID = l->device_id;
    if (address_id == 0) tspk__add_str(&vb, &ac->dwAddressSize, &ac->dwAddressOffset, in->address);
    ac->dwAddressSharing = LINEADDRESSSHARING_PRIVATE;
    ac->dwCallInfoStates = LINECALLINFOSTATE_MEDIAMODE | LINECALLINFOSTATE_CALLERID |
                           LINECALLINFOSTATE_CALLEDID | LINECALLINFOSTATE_CONNECTEDID |
                           LINECALLINFOSTATE_RATE | LINECALLINFOSTATE_BEARERMODE |
                           LINECALLINFOSTATE_APPSPECIFIC;
    ac->dwCallerIDFlags = ac->dwCalledIDFlags = ac->dwConnectedIDFlags =
        LINECALLPARTYID_ADDRESS | LINECALLPARTYID_NAME | LINECALLPARTYID_UNKNOWN |
        LINECALLPARTYID_BLOCKED | LINECALLPARTYID_OUTOFAREA;
    ac->dwRedirectionIDFlags = ac->dwRedirectingIDFlags = LINECALLPARTYID_UNAVAIL;
    ac->dwCallStates = TSPK__CALL_STATES;
    ac->dwDialToneModes = LINEDIALTONEMODE_NORMAL | LINEDIALTONEMODE_UNAVAIL;
    ac->dwBusyModes = LINEBUSYMODE_STATION | LINEBUSYMODE_UNKNOWN;
    ac->dwDisconnectModes = in->disconnect_modes;
    ac->dwMaxNumActiveCalls = in->max_active_calls;
    ac->dwAddrCapFlags = (o->dial ? LINEADDRCAPFLAGS_PARTIALDIAL : 0) |
                         LINEADDRCAPFLAGS_DIALED | LINEADDRCAPFLAGS_ORIGOFFHOOK;
    ac->dwCallFeatures = (o->answer ? LINECALLFEATURE_ANSWER : 0) |
                         (o->accept ? LINECALLFEATURE_ACCEPT : 0) |
                         (o->dial ? LINECALLFEATURE_DIAL : 0) |
                         (o->drop ? LINECALLFEATURE_DROP : 0) |
                         (o->generate_digits && in->generate_digit_modes ? LINECALLFEATURE_GENERATEDIGITS : 0) |
                         (o->monitor_digits && in->monitor_digit_modes ? LINECALLFEATURE_MONITORDIGITS : 0) |
                         (o->set_media_mode ? LINECALLFEATURE_SETMEDIACONTROL : 0) |
                         (o->monitor_media && !(in->no_monitoring & TSPK_NO_MONITOR_MEDIA)
                              ? LINECALLFEATURE_MONITORMEDIA : 0) |
                         (o->monitor_tones && !(in->no_monitoring & TSPK_NO_MONITOR_TONES)
                              ? LINECALLFEATURE_MONITORTONES : 0);
    if (ver >= TSPK_VERSION_1_4) ac->dwAddressFeatures = o->make_call ? LINEADDRFEATURE_MAKECALL : 0;
    if (ver >= TSPK_VERSION_2_0) {
        tspk__add_classes(&vb, &ac->dwDeviceClassesSize, &ac->dwDeviceClassesOffset,
                          "tapi/line", in->device_classes);
        ac->dwAvailableMediaModes = in->media_modes;
    }
    return tspk_varbuf_end(&vb);
}

static LONG tspk__fill_callinfo(tspk_call *c, LPLINECALLINFO ci)
{
    static const size_t num_off[TSPK__PARTIES] = {
        offsetof(LINECALLINFO, dwCallerIDSize), offsetof(LINECALLINFO, dwCalledIDSize),
        offsetof(LINECALLINFO, dwConnectedIDSize)
    };
    tspk_provider *p = c->line->prov;
    DWORD ver = tspk_line_version(c->line);
    DWORD *flags[TSPK__PARTIES];
    tspk_varbuf vb;
    int i;
    LONG r = tspk_varbuf_begin(&vb, ci, tspk_linecallinfo_size(ver));
    if (r) return r;
    flags[0] = &ci->dwCallerIDFlags; flags[1] = &ci->dwCalledIDFlags; flags[2] = &ci->dwConnectedIDFlags;
    tspk_mutex_lock(&p->lock);
    ci->dwLineDeviceID = c->line->device_id;
    ci->dwAddressID = c->address_id;
    ci->dwBearerMode = c->bearer_mode;
    ci->dwRate = c->rate;
    ci->dwMediaMode = c->media_mode;
    ci->dwAppSpecific = c->app_specific;
    ci->dwCallID = c->call_id;
    ci->dwCallParamFlags = c->call_param_flags;
    ci->dwCallStates = TSPK__CALL_STATES;
    ci->dwMonitorDigitModes = c->monitor_digit_modes;
    ci->dwMonitorMediaModes = c->monitor_media_modes;
    ci->dwOrigin = c->origin;
    ci->dwReason = c->reason;
    ci->dwTrunk = 0xFFFFFFFFu;     /* unknown (linecallinfo page) */
    for (i = 0; i < TSPK__PARTIES; i++) {
        DWORD *num = (DWORD *)((char *)ci + num_off[i]);  /* Size, Offset, NameSize, NameOffset */
        *flags[i] = c->party_flags[i] ? c->party_flags[i] : LINECALLPARTYID_UNKNOWN;
        tspk__add_str(&vb, &num[0], &num[1], c->party_number[i]);
        tspk__add_str(&vb, &num[2], &num[3], c->party_name[i]);
    }
    ci->dwRedirectionIDFlags = ci->dwRedirectingIDFlags = LINECALLPARTYID_UNAVAIL;
    if (ver >= TSPK_VERSION_3_0)
        ci->dwCallerIDAddressType = ci->dwCalledIDAddressType = ci->dwConnectedIDAddressType =
            LINEADDRESSTYPE_PHONENUMBER;
    tspk_mutex_unlock(&p->lock);
    return tspk_varbuf_end(&vb);
}

static LONG tspk__fill_callstatus(tspk_call *c, LPLINECALLSTATUS cs)
{
    tspk_provider *p = c->line->prov;
    DWORD ver = tspk_line_version(c->line);
    tspk_varbuf vb;
    LONG r = tspk_varbuf_begin(&vb, cs, tspk_linecallstatus_size(ver));
    if (r) return r;
    tspk_mutex_lock(&p->lock);
    cs->dwCallState = c->state;
    cs->dwCallStateMode = c->state_mode;
    cs->dwCallFeatures = tspk__call_features(c);
    if (ver >= TSPK_VERSION_2_0) cs->tStateEntryTime = c->state_time;
    tspk_mutex_unlock(&p->lock);
    return tspk_varbuf_end(&vb);
}

static LONG tspk__fill_devstatus(tspk_line *l, LPLINEDEVSTATUS ds)
{
    tspk_provider *p = l->prov;
    DWORD ver = tspk_line_version(l), num_opens = 0, open_media_modes = 0;
    tspk_varbuf vb;
    LONG r;
    /* TAPI fills dwNumOpens and dwOpenMediaModes and the provider must preserve them
     * (nf-tspi-tspi_linegetlinedevstatus remarks); varbuf_begin zeroes the fixed part. */
    if (ds->dwTotalSize >= tspk_linedevstatus_size(ver)) {
        num_opens = ds->dwNumOpens;
        open_media_modes = ds->dwOpenMediaModes;
    }
    if ((r = tspk_varbuf_begin(&vb, ds, tspk_linedevstatus_size(ver))) != 0) return r;
    ds->dwNumOpens = num_opens;
    ds->dwOpenMediaModes = open_media_modes;
    tspk_mutex_lock(&p->lock);
    ds->dwNumActiveCalls = l->num_calls;
    ds->dwLineFeatures = p->ops->make_call ? LINEFEATURE_MAKECALL : 0;
    ds->dwRoamMode = LINEROAMMODE_UNAVAIL;
    ds->dwDevStatusFlags = LINEDEVSTATUSFLAGS_CONNECTED | LINEDEVSTATUSFLAGS_INSERVICE;
    if (ver >= TSPK_VERSION_2_0) ds->dwAvailableMediaModes = l->info.media_modes;
    tspk_mutex_unlock(&p->lock);
    return tspk_varbuf_end(&vb);
}

static LONG tspk__fill_addrstatus(tspk_line *l, LPLINEADDRESSSTATUS as)
{
    tspk_provider *p = l->prov;
    tspk_varbuf vb;
    LONG r = tspk_varbuf_begin(&vb, as, tspk_lineaddressstatus_size(tspk_line_version(l)));
    if (r) return r;
    tspk_mutex_lock(&p->lock);
    as->dwNumInUse = l->num_calls ? 1 : 0;
    as->dwNumActiveCalls = l->num_calls;
    as->dwAddressFeatures = (p->ops->make_call && l->num_calls < l->info.max_active_calls)
                                ? LINEADDRFEATURE_MAKECALL : 0;
    tspk_mutex_unlock(&p->lock);
    return tspk_varbuf_end(&vb);
}

static LONG tspk__fill_phonecaps(tspk_phone *ph, DWORD ver, LPPHONECAPS pc)
{
    tspk_provider *p = ph->prov;
    tspk_varbuf vb;
    char name[96];
    LONG r = tspk_varbuf_begin(&vb, pc, tspk_phonecaps_size(ver));
    if (r) return r;
    if (ph->info.name) snprintf(name, sizeof name, "%s", ph->info.name);
    else snprintf(name, sizeof name, "%s phone %lu", p->ops->name ? p->ops->name : "tspkit",
                  (unsigned long)ph->index + 1);
    tspk__add_str(&vb, &pc->dwProviderInfoSize, &pc->dwProviderInfoOffset,
                  ph->info.provider_info ? ph->info.provider_info : p->ops->name);
    tspk__add_str(&vb, &pc->dwPhoneInfoSize, &pc->dwPhoneInfoOffset, ph->info.phone_info);
    pc->dwPermanentPhoneID = ph->info.permanent_phone_id;
    tspk__add_str(&vb, &pc->dwPhoneNameSize, &pc->dwPhoneNameOffset, name);
    pc->dwStringFormat = STRINGFORMAT_UNICODE;
    pc->dwPhoneStates = PHONESTATE_OTHER | PHONESTATE_CONNECTED | PHONESTATE_DISCONNECTED |
                        PHONESTATE_OWNER | PHONESTATE_MONITORS | PHONESTATE_REINIT;
    pc->dwHookSwitchDevs = ph->info.hook_switch_devs;
    pc->dwHandsetHookSwitchModes = PHONEHOOKSWITCHMODE_ONHOOK | PHONEHOOKSWITCHMODE_MICSPEAKER;
    pc->dwDisplayNumRows = ph->info.display_rows;
    pc->dwDisplayNumColumns = ph->info.display_columns;
    pc->dwNumRingModes = ph->info.num_ring_modes;
    if (ver >= TSPK_VERSION_2_0) {
        static const char *const none[] = { NULL };
        tspk__add_classes(&vb, &pc->dwDeviceClassesSize, &pc->dwDeviceClassesOffset,
                          "tapi/phone", none);
        pc->dwPhoneFeatures = PHONEFEATURE_GETHOOKSWITCHHANDSET;
    }
    return tspk_varbuf_end(&vb);
}

static LONG tspk__fill_phonestatus(tspk_phone *ph, LPPHONESTATUS ps)
{
    tspk_varbuf vb;
    LONG r = tspk_varbuf_begin(&vb, ps, tspk_phonestatus_size(ph->version));
    if (r) return r;
    ps->dwStatusFlags = PHONESTATUSFLAGS_CONNECTED;
    ps->dwHandsetHookSwitchMode = PHONEHOOKSWITCHMODE_ONHOOK;
    if (ph->version >= TSPK_VERSION_2_0) ps->dwPhoneFeatures = PHONEFEATURE_GETHOOKSWITCHHANDSET;
    return tspk_varbuf_end(&vb);
}

/* ------------------------------------------------------------------------ */
/* TSPI entry points: provider                                                */
/* learn.microsoft.com/windows/win32/api/tspi/ (one page per function)        */

static LONG tspk__grow(void **arr, DWORD *cap, DWORD need, size_t elem)
{
    void *n;
    DWORD c = *cap ? *cap : 4;
    if (need <= *cap) return 0;
    while (c < need) c *= 2;
    n = realloc(*arr, (size_t)c * elem);
    if (!n) return LINEERR_NOMEM;
    *arr = n;
    *cap = c;
    return 0;
}

static void tspk__provider_defaults(void)
{
    tspk_provider *p = &tspk__prov;
    if (p->ops) return;
    p->ops = tspk__ops();
    p->versions.low = p->ops->tspi_low ? p->ops->tspi_low : TSPK_VERSION_2_0;
    p->versions.high = p->ops->tspi_high ? p->ops->tspi_high : TSPK_VERSION_3_1;
}

LONG TSPIAPI TSPI_lineNegotiateTSPIVersion(DWORD dwDeviceID, DWORD dwLowVersion,
                                           DWORD dwHighVersion, LPDWORD lpdwTSPIVersion)
{
    tspk_provider *p = &tspk__prov;
    LONG r;
    tspk__provider_defaults();
    if (dwDeviceID != TSPK_INITIALIZE_NEGOTIATION && !tspk__line_by_id(p, dwDeviceID))
        return LINEERR_BADDEVICEID;
    r = tspk_negotiate_tspi(&p->versions, NULL, dwDeviceID, dwLowVersion, dwHighVersion,
                            lpdwTSPIVersion);
    if (r == 0 && dwDeviceID != TSPK_INITIALIZE_NEGOTIATION)
        tspk__line_by_id(p, dwDeviceID)->version = *lpdwTSPIVersion;
    return r;
}

LONG TSPIAPI TSPI_providerEnumDevices(DWORD dwPermanentProviderID, LPDWORD lpdwNumLines,
                                      LPDWORD lpdwNumPhones, HPROVIDER hProvider,
                                      LINEEVENT lpfnLineCreateProc, PHONEEVENT lpfnPhoneCreateProc)
{
    tspk_provider *p = &tspk__prov;
    tspk__provider_defaults();
    if (!lpdwNumLines || !lpdwNumPhones) return LINEERR_INVALPOINTER;
    p->perm_id = dwPermanentProviderID;
    p->hprovider = hProvider;
    p->line_create_proc = lpfnLineCreateProc;
    p->phone_create_proc = lpfnPhoneCreateProc;
    *lpdwNumLines = p->ops->num_lines;
    *lpdwNumPhones = p->ops->num_phones;
    return 0;
}

static void tspk__free_devices(tspk_provider *p)
{
    DWORD i;
    for (i = 0; i < p->num_lines; i++) free(p->lines[i]);
    for (i = 0; i < p->num_phones; i++) free(p->phones[i]);
    free(p->lines); p->lines = NULL; p->num_lines = p->cap_lines = 0;
    free(p->phones); p->phones = NULL; p->num_phones = p->cap_phones = 0;
}

LONG TSPIAPI TSPI_providerInit(DWORD dwTSPIVersion, DWORD dwPermanentProviderID,
                               DWORD dwLineDeviceIDBase, DWORD dwPhoneDeviceIDBase,
                               DWORD_PTR dwNumLines, DWORD_PTR dwNumPhones,
                               ASYNC_COMPLETION lpfnCompletionProc, LPDWORD lpdwTSPIOptions)
{
    tspk_provider *p = &tspk__prov;
    DWORD i, nl = (DWORD)dwNumLines, np = (DWORD)dwNumPhones;
    LONG r;
    tspk__provider_defaults();
    if (p->initialised) return LINEERR_OPERATIONFAILED;
    if (!tspk__version_supported(dwTSPIVersion))
        return LINEERR_INCOMPATIBLEAPIVERSION;
    if (!lpfnCompletionProc) return LINEERR_INVALPOINTER;
    if (lpdwTSPIOptions) *lpdwTSPIOptions = 0;     /* re-entrant: we lock ourselves */
    p->tspi_version = dwTSPIVersion;
    p->perm_id = dwPermanentProviderID;
    p->line_base = dwLineDeviceIDBase;
    p->phone_base = dwPhoneDeviceIDBase;
    p->next_call_id = 0;
    tspk_tracer_init(&p->trace, p->ops->name ? p->ops->name : "tspkit", TSPK_TRACE_WARN, NULL, NULL);
    tspk_tracer_level_from_env(&p->trace, "TSPKIT_TRACE");
    p->sending = NULL;
    p->drain_waiters = 0;
    if (tspk_mutex_init(&p->lock)) return LINEERR_NOMEM;
    if (tspk_cond_init(&p->drained)) {
        tspk_mutex_destroy(&p->lock);
        return LINEERR_NOMEM;
    }
    if (tspk_async_init(&p->async, lpfnCompletionProc, &p->trace) != 0) {
        tspk_cond_destroy(&p->drained);
        tspk_mutex_destroy(&p->lock);
        return LINEERR_NOMEM;
    }
    if (tspk_htab_init(&p->lines_h, 4096, tspk__destroy_nothing, NULL) ||
        tspk_htab_init(&p->calls_h, 65536, tspk__call_destroy, NULL) ||
        tspk_htab_init(&p->phones_h, 4096, tspk__destroy_nothing, NULL) ||
        tspk_htab_init(&p->msp_h, 4096, tspk__msp_destroy, NULL)) {
        r = LINEERR_NOMEM;
        goto fail;
    }
    p->num_lines = p->num_phones = 0;
    if (tspk__grow((void **)&p->lines, &p->cap_lines, nl ? nl : 1, sizeof *p->lines) ||
        tspk__grow((void **)&p->phones, &p->cap_phones, np ? np : 1, sizeof *p->phones)) {
        r = LINEERR_NOMEM;
        goto fail;
    }
    for (i = 0; i < nl; i++, p->num_lines++) {
        if (!(p->lines[i] = (tspk_line *)malloc(sizeof **p->lines))) { r = LINEERR_NOMEM; goto fail; }
        tspk__line_setup(p, p->lines[i], i, dwLineDeviceIDBase + i);
    }
    for (i = 0; i < np; i++, p->num_phones++) {
        if (!(p->phones[i] = (tspk_phone *)malloc(sizeof **p->phones))) { r = LINEERR_NOMEM; goto fail; }
        tspk__phone_setup(p, p->phones[i], i, dwPhoneDeviceIDBase + i);
    }
    p->initialised = 1;
    if (p->ops->init && (r = p->ops->init(p)) != 0) {
        p->initialised = 0;
        goto fail;
    }
    TSPK__TRACE(TSPK_TRACE_INFO, "provider %lu initialised: TSPI %lx, %lu lines from %lu, "
                "%lu phones from %lu", (unsigned long)dwPermanentProviderID,
                (unsigned long)dwTSPIVersion, (unsigned long)nl, (unsigned long)dwLineDeviceIDBase,
                (unsigned long)np, (unsigned long)dwPhoneDeviceIDBase);
    return 0;
fail:
    tspk_htab_free(&p->lines_h);
    tspk_htab_free(&p->calls_h);
    tspk_htab_free(&p->phones_h);
    tspk_htab_free(&p->msp_h);
    tspk_async_free(&p->async);
    tspk_cond_destroy(&p->drained);
    tspk_mutex_destroy(&p->lock);
    tspk__free_devices(p);
    return r;
}

LONG TSPIAPI TSPI_providerShutdown(DWORD dwTSPIVersion, DWORD dwPermanentProviderID)
{
    tspk_provider *p = &tspk__prov;
    size_t pending;
    (void)dwTSPIVersion;
    if (!p->initialised || dwPermanentProviderID != p->perm_id) return LINEERR_OPERATIONFAILED;
    if (p->ops->shutdown) p->ops->shutdown(p);
    pending = tspk_async_pending(&p->async);
    if (pending) {
        /* Every request that returned its ID gets its one completion. */
        TSPK__TRACE(TSPK_TRACE_WARN, "shutdown with %lu requests outstanding: failing them",
                    (unsigned long)pending);
        tspk_async_complete_all(&p->async, LINEERR_OPERATIONFAILED);
    }
    p->initialised = 0;
    tspk_htab_free(&p->msp_h);
    tspk_htab_free(&p->calls_h);
    tspk_htab_free(&p->lines_h);
    tspk_htab_free(&p->phones_h);
    tspk_async_free(&p->async);
    tspk_cond_destroy(&p->drained);
    tspk_mutex_destroy(&p->lock);
    tspk__free_devices(p);
    p->creating = NULL;
    return 0;
}

/* A device added after start-up: LINE_CREATE, then TAPISRV gives it an ID. */
LONG tspk_line_add(tspk_provider *p)
{
    DWORD index;
    LINEEVENT proc;
    tspk_line *l;
    /* The provider's line_describe runs without the lock (it may call back into us),
     * so the line is built first and claims its index only if no other line did. */
    for (;;) {
        tspk_mutex_lock(&p->lock);
        index = p->num_lines;
        tspk_mutex_unlock(&p->lock);
        if (!(l = (tspk_line *)malloc(sizeof *l))) return LINEERR_NOMEM;
        tspk__line_setup(p, l, index, 0xFFFFFFFFu);
        tspk_mutex_lock(&p->lock);
        if (index == p->num_lines) break;
        tspk_mutex_unlock(&p->lock);
        free(l);
    }
    if (tspk__grow((void **)&p->lines, &p->cap_lines, p->num_lines + 1, sizeof *p->lines)) {
        tspk_mutex_unlock(&p->lock);
        free(l);
        return LINEERR_NOMEM;
    }
    p->lines[index] = l;
    p->num_lines++;
    proc = p->line_create_proc;
    tspk_mutex_unlock(&p->lock);
    /* LINE_CREATE: dwParam1 = hProvider, dwParam2 = our temporary ID
     * (learn.microsoft.com/windows/win32/tapi/line-create). */
    if (proc) proc(NULL, NULL, LINE_CREATE, (DWORD_PTR)p->hprovider, index, 0);
    return (LONG)index;
}

LONG TSPIAPI TSPI_providerCreateLineDevice(DWORD_PTR dwTempID, DWORD dwDeviceID)
{
    tspk_provider *p = &tspk__prov;
    LONG r = LINEERR_BADDEVICEID;
    tspk_mutex_lock(&p->lock);
    if (dwTempID < p->num_lines && p->lines[dwTempID]->device_id == 0xFFFFFFFFu) {
        p->lines[dwTempID]->device_id = dwDeviceID;
        r = 0;
    }
    tspk_mutex_unlock(&p->lock);
    return r;
}

LONG TSPIAPI TSPI_providerCreatePhoneDevice(DWORD_PTR dwTempID, DWORD dwDeviceID)
{
    tspk_provider *p = &tspk__prov;
    LONG r = PHONEERR_BADDEVICEID;
    tspk_mutex_lock(&p->lock);
    if (dwTempID < p->num_phones && p->phones[dwTempID]->device_id == 0xFFFFFFFFu) {
        p->phones[dwTempID]->device_id = dwDeviceID;
        r = 0;
    }
    tspk_mutex_unlock(&p->lock);
    return r;
}

/* The UI DLL is this module itself (TUISPI_* are exported from it too). */
LONG TSPIAPI TSPI_providerUIIdentify(LPWSTR lpszUIDLLName)
{
    if (!lpszUIDLLName) return LINEERR_INVALPOINTER;
#ifdef _WIN32
    {
        HMODULE self = NULL;
        if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                                (LPCWSTR)(void *)TSPI_providerUIIdentify, &self) ||
            !GetModuleFileNameW(self, lpszUIDLLName, MAX_PATH))
            return LINEERR_OPERATIONFAILED;
    }
#elif defined(__USE_GNU)
    {
        Dl_info info;
        if (!dladdr((void *)TSPI_providerUIIdentify, &info) || !info.dli_fname)
            return LINEERR_OPERATIONFAILED;
        /* TAPI gives MAX_PATH (260) WCHARs. */
        if (tspk_utf8_to_utf16(info.dli_fname, TSPK_NTS, lpszUIDLLName, 260, NULL, TSPK_UTF_REPLACE))
            return LINEERR_OPERATIONFAILED;
    }
#else
    return LINEERR_OPERATIONUNAVAIL;   /* dladdr needs _GNU_SOURCE before the first include */
#endif
    return 0;
}

/* Obsolete since TAPI 2.0 (the TUISPI_ forms are called instead) but still looked
 * for by the Telephony control panel, so they exist and succeed. */
LONG TSPIAPI TSPI_providerInstall(HWND hwndOwner, DWORD dwPermanentProviderID)
{ (void)hwndOwner; (void)dwPermanentProviderID; return 0; }
LONG TSPIAPI TSPI_providerRemove(HWND hwndOwner, DWORD dwPermanentProviderID)
{ (void)hwndOwner; (void)dwPermanentProviderID; return 0; }
LONG TSPIAPI TSPI_providerConfig(HWND hwndOwner, DWORD dwPermanentProviderID)
{ (void)hwndOwner; (void)dwPermanentProviderID; return 0; }

LONG TSPIAPI TUISPI_providerInstall(TUISPIDLLCALLBACK lpfnUIDLLCallback, HWND hwndOwner,
                                    DWORD dwPermanentProviderID)
{
    const tspk_provider_ops *o = tspk__ops();
    (void)lpfnUIDLLCallback;
    return o->install ? o->install(hwndOwner, dwPermanentProviderID) : 0;
}

LONG TSPIAPI TUISPI_providerRemove(TUISPIDLLCALLBACK lpfnUIDLLCallback, HWND hwndOwner,
                                   DWORD dwPermanentProviderID)
{
    const tspk_provider_ops *o = tspk__ops();
    (void)lpfnUIDLLCallback;
    return o->remove ? o->remove(hwndOwner, dwPermanentProviderID) : 0;
}

LONG TSPIAPI TUISPI_providerConfig(TUISPIDLLCALLBACK lpfnUIDLLCallback, HWND hwndOwner,
                                   DWORD dwPermanentProviderID)
{
    const tspk_provider_ops *o = tspk__ops();
    (void)lpfnUIDLLCallback;
    return o->configure ? o->configure(hwndOwner, dwPermanentProviderID) : 0;
}

LONG TSPIAPI TUISPI_lineConfigDialog(TUISPIDLLCALLBACK lpfnUIDLLCallback, DWORD dwDeviceID,
                                     HWND hwndOwner, LPCWSTR lpszDeviceClass)
{
    const tspk_provider_ops *o = tspk__ops();
    (void)lpfnUIDLLCallback; (void)dwDeviceID; (void)lpszDeviceClass;
    return o->configure ? o->configure(hwndOwner, tspk__prov.perm_id) : (LONG)LINEERR_OPERATIONUNAVAIL;
}

/* ------------------------------------------------------------------------ */
/* TSPI entry points: line devices                                            */

LONG TSPIAPI TSPI_lineGetDevCaps(DWORD dwDeviceID, DWORD dwTSPIVersion, DWORD dwExtVersion,
                                 LPLINEDEVCAPS lpLineDevCaps)
{
    tspk_line *l = tspk__line_by_id(&tspk__prov, dwDeviceID);
    (void)dwExtVersion;
    if (!l) return LINEERR_BADDEVICEID;
    if (!lpLineDevCaps) return LINEERR_INVALPOINTER;
    if (!tspk__version_supported(dwTSPIVersion))
        return LINEERR_INCOMPATIBLEAPIVERSION;
    return tspk__fill_devcaps(l, dwTSPIVersion, lpLineDevCaps);
}

LONG TSPIAPI TSPI_lineGetAddressCaps(DWORD dwDeviceID, DWORD dwAddressID, DWORD dwTSPIVersion,
                                     DWORD dwExtVersion, LPLINEADDRESSCAPS lpAddressCaps)
{
    tspk_line *l = tspk__line_by_id(&tspk__prov, dwDeviceID);
    (void)dwExtVersion;
    if (!l) return LINEERR_BADDEVICEID;
    if (dwAddressID >= l->info.num_addresses) return LINEERR_INVALADDRESSID;
    if (!lpAddressCaps) return LINEERR_INVALPOINTER;
    if (!tspk__version_supported(dwTSPIVersion))
        return LINEERR_INCOMPATIBLEAPIVERSION;
    return tspk__fill_addrcaps(l, dwAddressID, dwTSPIVersion, lpAddressCaps);
}

LONG TSPIAPI TSPI_lineGetExtensionID(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                     LPLINEEXTENSIONID lpExtensionID)
{
    tspk_line *l = tspk__line_by_id(&tspk__prov, dwDeviceID);
    (void)dwTSPIVersion;
    if (!l) return LINEERR_BADDEVICEID;
    if (!lpExtensionID) return LINEERR_INVALPOINTER;
    /* All zeros means "no extensions" (tspi_linegetextensionid page). */
    if (tspk__prov.ops->ext_high) *lpExtensionID = tspk__prov.ops->extension_id;
    else memset(lpExtensionID, 0, sizeof *lpExtensionID);
    return 0;
}

LONG TSPIAPI TSPI_lineNegotiateExtVersion(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                          DWORD dwLowVersion, DWORD dwHighVersion,
                                          LPDWORD lpdwExtVersion)
{
    tspk_provider *p = &tspk__prov;
    tspk_line *l = tspk__line_by_id(p, dwDeviceID);
    LONG r;
    (void)dwTSPIVersion;
    if (!l) return LINEERR_BADDEVICEID;
    tspk_mutex_lock(&p->lock);
    r = tspk_extver_negotiate(&l->ext, dwLowVersion, dwHighVersion, lpdwExtVersion);
    tspk_mutex_unlock(&p->lock);
    return r;
}

LONG TSPIAPI TSPI_lineSelectExtVersion(HDRVLINE hdLine, DWORD dwExtVersion)
{
    tspk_line *l = tspk__line_acquire(hdLine);
    LONG r;
    if (!l) return LINEERR_INVALLINEHANDLE;
    tspk_mutex_lock(&tspk__prov.lock);
    r = tspk_extver_select(&l->ext, dwExtVersion);
    tspk_mutex_unlock(&tspk__prov.lock);
    tspk_line_unref(l);
    return r;
}

LONG TSPIAPI TSPI_lineOpen(DWORD dwDeviceID, HTAPILINE htLine, LPHDRVLINE lphdLine,
                           DWORD dwTSPIVersion, LINEEVENT lpfnEventProc)
{
    tspk_provider *p = &tspk__prov;
    tspk_line *l = tspk__line_by_id(p, dwDeviceID);
    uintptr_t hd;
    LONG r;
    if (!l) return LINEERR_BADDEVICEID;
    if (!lphdLine || !lpfnEventProc) return LINEERR_INVALPOINTER;
    if (!tspk__version_supported(dwTSPIVersion))
        return LINEERR_INCOMPATIBLEAPIVERSION;
    tspk_mutex_lock(&p->lock);
    if (l->hd) {
        tspk_mutex_unlock(&p->lock);
        return LINEERR_ALLOCATED;      /* TAPISRV opens a device once */
    }
    l->ht = htLine;
    l->event_proc = lpfnEventProc;
    l->open_version = dwTSPIVersion;
    l->media_modes = 0;
    l->num_calls = 0;
    tspk_mutex_unlock(&p->lock);
    if (!(hd = tspk__open_publish(&p->lines_h, &l->hd, l))) return LINEERR_NOMEM;
    if (p->ops->line_open && (r = p->ops->line_open(l)) != 0) {
        tspk__open_withdraw(&p->lines_h, &l->hd, hd);
        return r;
    }
    *lphdLine = (HDRVLINE)hd;
    TSPK__TRACE(TSPK_TRACE_DEBUG, "line %lu open (TSPI %lx)", (unsigned long)dwDeviceID,
                (unsigned long)dwTSPIVersion);
    return 0;
}

/* Removes every object of tab that belongs to line l (its first member is its line),
 * calling close on each first: TAPISRV may close a line with calls and MSP instances
 * left (tspi_lineclose remarks: the handles of calls on the line become invalid). */
static void tspk__close_on_line(tspk_htab *tab, tspk_line *l, void (*close)(void *obj))
{
    uintptr_t *hds;
    size_t n, i;
    n = tspk_htab_snapshot(tab, NULL, 0);
    if (!n) return;
    hds = (uintptr_t *)malloc(n * sizeof *hds);
    if (!hds) return;
    n = tspk_htab_snapshot(tab, hds, n);
    for (i = 0; i < n; i++) {
        void *obj = tspk_htab_acquire(tab, hds[i]);
        if (!obj) continue;
        if (*(tspk_line **)obj == l) {
            close(obj);
            tspk_htab_remove(tab, hds[i]);
        }
        tspk_htab_release(tab, hds[i]);
    }
    free(hds);
}

static void tspk__line_close_call(void *obj)
{
    tspk_call *c = (tspk_call *)obj;
    tspk_provider *p = c->line->prov;
    tspk_mutex_lock(&p->lock);
    c->closed = 1;
    tspk__drain(p, NULL, c);
    tspk_mutex_unlock(&p->lock);
    if (p->ops->call_close) p->ops->call_close(c);
}

static void tspk__line_close_msp(void *obj)
{
    tspk__msp *m = (tspk__msp *)obj;
    if (tspk__prov.ops->msp_instance) tspk__prov.ops->msp_instance(m->line, m->address_id, m->ht, 0);
}

LONG TSPIAPI TSPI_lineClose(HDRVLINE hdLine)
{
    tspk_provider *p = &tspk__prov;
    tspk_line *l = tspk__line_acquire(hdLine);
    uintptr_t hd = (uintptr_t)hdLine;
    if (!l) return LINEERR_INVALLINEHANDLE;
    tspk_htab_remove(&p->lines_h, hd);       /* no new entry through this handle */
    if (p->ops->line_close) p->ops->line_close(l);
    tspk__close_on_line(&p->calls_h, l, tspk__line_close_call);
    tspk__close_on_line(&p->msp_h, l, tspk__line_close_msp);
    tspk_mutex_lock(&p->lock);
    l->hd = 0;                     /* no event for the line or its calls from now on ... */
    l->event_proc = NULL;
    l->ht = NULL;
    l->open_version = 0;
    l->num_calls = 0;
    tspk_extver_select(&l->ext, 0);
    tspk__drain(p, l, NULL);       /* ... and none is still on its way */
    tspk_mutex_unlock(&p->lock);
    tspk_htab_release(&p->lines_h, hd);
    return 0;
}

LONG TSPIAPI TSPI_lineGetNumAddressIDs(HDRVLINE hdLine, LPDWORD lpdwNumAddressIDs)
{
    tspk_line *l = tspk__line_acquire(hdLine);
    if (!l) return LINEERR_INVALLINEHANDLE;
    if (lpdwNumAddressIDs) *lpdwNumAddressIDs = l->info.num_addresses;
    tspk_line_unref(l);
    return lpdwNumAddressIDs ? 0 : LINEERR_INVALPOINTER;
}

LONG TSPIAPI TSPI_lineGetLineDevStatus(HDRVLINE hdLine, LPLINEDEVSTATUS lpLineDevStatus)
{
    tspk_line *l = tspk__line_acquire(hdLine);
    LONG r;
    if (!l) return LINEERR_INVALLINEHANDLE;
    r = lpLineDevStatus ? tspk__fill_devstatus(l, lpLineDevStatus) : (LONG)LINEERR_INVALPOINTER;
    tspk_line_unref(l);
    return r;
}

LONG TSPIAPI TSPI_lineGetAddressStatus(HDRVLINE hdLine, DWORD dwAddressID,
                                       LPLINEADDRESSSTATUS lpAddressStatus)
{
    tspk_line *l = tspk__line_acquire(hdLine);
    LONG r;
    if (!l) return LINEERR_INVALLINEHANDLE;
    if (dwAddressID >= l->info.num_addresses) r = LINEERR_INVALADDRESSID;
    else r = lpAddressStatus ? tspk__fill_addrstatus(l, lpAddressStatus) : (LONG)LINEERR_INVALPOINTER;
    tspk_line_unref(l);
    return r;
}

LONG TSPIAPI TSPI_lineSetDefaultMediaDetection(HDRVLINE hdLine, DWORD dwMediaModes)
{
    tspk_line *l = tspk__line_acquire(hdLine);
    LONG r = 0;
    if (!l) return LINEERR_INVALLINEHANDLE;
    /* Only modes the line supports can be monitored for (tspi_linesetdefaultmediadetection). */
    if (dwMediaModes & ~l->info.media_modes) r = LINEERR_INVALMEDIAMODE;
    else {
        tspk_mutex_lock(&tspk__prov.lock);
        l->media_modes = dwMediaModes;
        tspk_mutex_unlock(&tspk__prov.lock);
    }
    tspk_line_unref(l);
    return r;
}

LONG TSPIAPI TSPI_lineSetStatusMessages(HDRVLINE hdLine, DWORD dwLineStates, DWORD dwAddressStates)
{
    tspk_line *l = tspk__line_acquire(hdLine);
    if (!l) return LINEERR_INVALLINEHANDLE;
    tspk_mutex_lock(&tspk__prov.lock);
    l->line_states = dwLineStates;
    l->address_states = dwAddressStates;
    tspk_mutex_unlock(&tspk__prov.lock);
    tspk_line_unref(l);
    return 0;
}

LONG TSPIAPI TSPI_lineConditionalMediaDetection(HDRVLINE hdLine, DWORD dwMediaModes,
                                                LPLINECALLPARAMS const lpCallParams)
{
    tspk_line *l = tspk__line_acquire(hdLine);
    LONG r = 0;
    (void)lpCallParams;
    if (!l) return LINEERR_INVALLINEHANDLE;
    if (dwMediaModes & ~l->info.media_modes) r = LINEERR_INVALMEDIAMODE;
    tspk_line_unref(l);
    return r;
}

/* VARSTRING-returning lookups share this: begin the fill, run op, finish. */
LONG TSPIAPI TSPI_lineGetID(HDRVLINE hdLine, DWORD dwAddressID, HDRVCALL hdCall, DWORD dwSelect,
                            LPVARSTRING lpDeviceID, LPCWSTR lpszDeviceClass, HANDLE hTargetProcess)
{
    tspk_provider *p = &tspk__prov;
    tspk_line *l = NULL;
    tspk_call *c = NULL;
    tspk_varbuf vb;
    LONG r;
    switch (dwSelect) {
    case LINECALLSELECT_LINE:
    case LINECALLSELECT_ADDRESS:
        if (!(l = tspk__line_acquire(hdLine))) return LINEERR_INVALLINEHANDLE;
        if (dwSelect == LINECALLSELECT_ADDRESS && dwAddressID >= l->info.num_addresses) {
            tspk_line_unref(l);
            return LINEERR_INVALADDRESSID;
        }
        break;
    case LINECALLSELECT_CALL:
        if (!(c = tspk__call_acquire(hdCall))) return LINEERR_INVALCALLHANDLE;
        l = c->line;
        break;
    default:
        return LINEERR_INVALCALLSELECT;
    }
    if (!lpDeviceID || !lpszDeviceClass) r = LINEERR_INVALPOINTER;
    else if (!p->ops->get_id) r = LINEERR_INVALDEVICECLASS;
    else if ((r = tspk_varbuf_begin(&vb, lpDeviceID, tspk_varstring_size(tspk_line_version(l)))) == 0) {
        r = p->ops->get_id(l, dwAddressID, c, lpszDeviceClass, lpDeviceID, &vb, hTargetProcess);
        if (r == 0) r = tspk_varbuf_end(&vb);
    }
    if (c) tspk_call_unref(c);
    else tspk_line_unref(l);
    return r;
}

LONG TSPIAPI TSPI_lineGetDevConfig(DWORD dwDeviceID, LPVARSTRING lpDeviceConfig,
                                   LPCWSTR lpszDeviceClass)
{
    tspk_provider *p = &tspk__prov;
    tspk_line *l = tspk__line_by_id(p, dwDeviceID);
    tspk_varbuf vb;
    LONG r;
    if (!l) return LINEERR_BADDEVICEID;
    if (!lpDeviceConfig) return LINEERR_INVALPOINTER;
    if (!p->ops->get_dev_config) return LINEERR_OPERATIONUNAVAIL;
    if ((r = tspk_varbuf_begin(&vb, lpDeviceConfig, tspk_varstring_size(tspk_line_version(l)))) != 0) return r;
    lpDeviceConfig->dwStringFormat = STRINGFORMAT_BINARY;
    r = p->ops->get_dev_config(p, l->index, lpszDeviceClass, lpDeviceConfig, &vb);
    return r ? r : tspk_varbuf_end(&vb);
}

LONG TSPIAPI TSPI_lineSetDevConfig(DWORD dwDeviceID, LPVOID const lpDeviceConfig, DWORD dwSize,
                                   LPCWSTR lpszDeviceClass)
{
    tspk_provider *p = &tspk__prov;
    tspk_line *l = tspk__line_by_id(p, dwDeviceID);
    if (!l) return LINEERR_BADDEVICEID;
    if (!lpDeviceConfig && dwSize) return LINEERR_INVALPOINTER;
    if (!p->ops->set_dev_config) return LINEERR_OPERATIONUNAVAIL;
    return p->ops->set_dev_config(p, l->index, lpszDeviceClass, lpDeviceConfig, dwSize);
}

LONG TSPIAPI TSPI_lineDevSpecific(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, DWORD dwAddressID,
                                  HDRVCALL hdCall, LPVOID lpParams, DWORD dwSize)
{
    tspk_line *l;
    tspk_call *c = NULL;
    LONG r;
    if (!(l = tspk__line_acquire(hdLine))) return LINEERR_INVALLINEHANDLE;
    if (hdCall && !(c = tspk__call_acquire(hdCall))) {
        tspk_line_unref(l);
        return LINEERR_INVALCALLHANDLE;
    }
    if (!tspk__prov.ops->dev_specific) r = LINEERR_OPERATIONUNAVAIL;
    else if ((r = tspk__async_begin(dwRequestID)) == 0)
        r = tspk__async_return(dwRequestID, tspk__prov.ops->dev_specific(l, dwAddressID, c,
                                                            dwRequestID, lpParams, dwSize));
    if (c) tspk_call_unref(c);
    tspk_line_unref(l);
    return r;
}

/* ------------------------------------------------------------------------ */
/* TSPI entry points: calls                                                   */

/* Dial-string characters a line cannot honour fail synchronously, before anything
 * is dialled (tspi_linemakecall remarks). */
static LONG tspk__check_dialstring(const tspk_line *l, LPCWSTR s)
{
    DWORD f = l->info.dev_cap_flags;
    for (; s && *s; s++) {
        if (*s == '$' && !(f & LINEDEVCAPFLAGS_DIALBILLING)) return LINEERR_DIALBILLING;
        if (*s == '@' && !(f & LINEDEVCAPFLAGS_DIALQUIET)) return LINEERR_DIALQUIET;
        if ((*s == 'W' || *s == 'w') && !(f & LINEDEVCAPFLAGS_DIALDIALTONE)) return LINEERR_DIALDIALTONE;
        if (*s == '?') return LINEERR_DIALPROMPT;
    }
    return 0;
}

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, HTAPICALL htCall,
                               LPHDRVCALL lphdCall, LPCWSTR lpszDestAddress, DWORD dwCountryCode,
                               LPLINECALLPARAMS const lpCallParams)
{
    tspk_provider *p = &tspk__prov;
    tspk_callparams params;
    tspk_line *l;
    tspk_call *c;
    DWORD address_id = 0;
    LONG r;
    if (!(l = tspk__line_acquire(hdLine))) return LINEERR_INVALLINEHANDLE;
    memset(&params, 0, sizeof params);
    if (!p->ops->make_call) r = LINEERR_OPERATIONUNAVAIL;
    else if (!lphdCall) r = LINEERR_INVALPOINTER;
    else if ((r = tspk__check_dialstring(l, lpszDestAddress)) != 0) {
    } else if (lpCallParams && (r = tspk_read_callparams(lpCallParams, tspk_line_version(l), &params)) != 0) {
    } else {
        if (lpCallParams) {
            if (params.address_mode == LINEADDRESSMODE_ADDRESSID) address_id = params.address_id;
            if (params.bearer_mode && !(params.bearer_mode & l->info.bearer_modes))
                r = LINEERR_INVALBEARERMODE;
            else if (params.media_mode && (params.media_mode & ~l->info.media_modes))
                r = LINEERR_INVALMEDIAMODE;
        }
        if (!r && address_id >= l->info.num_addresses) r = LINEERR_INVALADDRESSID;
    }
    if (r) {
        tspk_line_unref(l);
        return r;
    }
    if ((r = tspk__async_begin(dwRequestID)) != 0 ||
        !(c = tspk__call_new(l, address_id, htCall, LINECALLORIGIN_OUTBOUND))) {
        if (!r) r = tspk__async_return(dwRequestID, LINEERR_NOMEM);
        tspk_line_unref(l);
        return r;
    }
    if (lpCallParams) {
        if (params.bearer_mode) c->bearer_mode = params.bearer_mode;
        if (params.media_mode) c->media_mode = params.media_mode;
        c->call_param_flags = params.call_param_flags;
    }
    c->create_id = dwRequestID;
    tspk_htab_acquire(&p->calls_h, c->hd);       /* the creating list's reference */
    tspk_mutex_lock(&p->lock);
    c->next_creating = p->creating;
    p->creating = c;
    tspk_mutex_unlock(&p->lock);
    *lphdCall = (HDRVCALL)c->hd;                 /* before we return, as TAPI requires */
    r = tspk__async_return(dwRequestID, p->ops->make_call(c, dwRequestID, lpszDestAddress,
                                                          dwCountryCode, lpCallParams ? &params : NULL));
    tspk_line_unref(l);
    return r;
}

/* The shape shared by answer, accept and drop: a call handle and user-user info. */
static LONG tspk__call_uui_op(DRV_REQUESTID id, HDRVCALL hdCall, LPCSTR uui, DWORD size,
                              LONG (*op)(tspk_call *, DRV_REQUESTID, LPCSTR, DWORD))
{
    tspk_call *c = tspk__call_acquire(hdCall);
    LONG r;
    if (!c) return LINEERR_INVALCALLHANDLE;
    if (!op) r = LINEERR_OPERATIONUNAVAIL;
    else if (!uui && size) r = LINEERR_INVALPOINTER;
    else if ((r = tspk__async_begin(id)) == 0) r = tspk__async_return(id, op(c, id, uui, size));
    tspk_call_unref(c);
    return r;
}

LONG TSPIAPI TSPI_lineAnswer(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCSTR lpsUserUserInfo,
                             DWORD dwSize)
{
    return tspk__call_uui_op(dwRequestID, hdCall, lpsUserUserInfo, dwSize, tspk__prov.ops->answer);
}

LONG TSPIAPI TSPI_lineAccept(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCSTR lpsUserUserInfo,
                             DWORD dwSize)
{
    return tspk__call_uui_op(dwRequestID, hdCall, lpsUserUserInfo, dwSize, tspk__prov.ops->accept);
}

LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCSTR lpsUserUserInfo,
                           DWORD dwSize)
{
    return tspk__call_uui_op(dwRequestID, hdCall, lpsUserUserInfo, dwSize, tspk__prov.ops->drop);
}

LONG TSPIAPI TSPI_lineDial(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCWSTR lpszDestAddress,
                           DWORD dwCountryCode)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    LONG r;
    if (!c) return LINEERR_INVALCALLHANDLE;
    if (!tspk__prov.ops->dial) r = LINEERR_OPERATIONUNAVAIL;
    else if (!lpszDestAddress) r = LINEERR_INVALADDRESS;
    else if ((r = tspk__check_dialstring(c->line, lpszDestAddress)) == 0 &&
             (r = tspk__async_begin(dwRequestID)) == 0)
        r = tspk__async_return(dwRequestID, tspk__prov.ops->dial(c, dwRequestID, lpszDestAddress,
                                                                 dwCountryCode));
    tspk_call_unref(c);
    return r;
}

LONG TSPIAPI TSPI_lineCloseCall(HDRVCALL hdCall)
{
    tspk_provider *p = &tspk__prov;
    tspk_call *c = tspk__call_acquire(hdCall);
    if (!c) return LINEERR_INVALCALLHANDLE;
    tspk_mutex_lock(&p->lock);
    if (c->created && c->state != LINECALLSTATE_IDLE && c->line->num_calls) c->line->num_calls--;
    c->closed = 1;                 /* no event names it from now on ... */
    tspk__drain(p, NULL, c);       /* ... and none is still on its way */
    tspk_mutex_unlock(&p->lock);
    if (p->ops->call_close) p->ops->call_close(c);
    tspk_htab_remove(&p->calls_h, (uintptr_t)hdCall);
    tspk_call_unref(c);            /* freed (call_free) when the provider's refs are gone */
    return 0;
}

LONG TSPIAPI TSPI_lineGetCallInfo(HDRVCALL hdCall, LPLINECALLINFO lpCallInfo)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    LONG r;
    if (!c) return LINEERR_INVALCALLHANDLE;
    r = lpCallInfo ? tspk__fill_callinfo(c, lpCallInfo) : (LONG)LINEERR_INVALPOINTER;
    tspk_call_unref(c);
    return r;
}

LONG TSPIAPI TSPI_lineGetCallStatus(HDRVCALL hdCall, LPLINECALLSTATUS lpCallStatus)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    LONG r;
    if (!c) return LINEERR_INVALCALLHANDLE;
    r = lpCallStatus ? tspk__fill_callstatus(c, lpCallStatus) : (LONG)LINEERR_INVALPOINTER;
    tspk_call_unref(c);
    return r;
}

LONG TSPIAPI TSPI_lineGetCallAddressID(HDRVCALL hdCall, LPDWORD lpdwAddressID)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    if (!c) return LINEERR_INVALCALLHANDLE;
    if (lpdwAddressID) *lpdwAddressID = c->address_id;
    tspk_call_unref(c);
    return lpdwAddressID ? 0 : LINEERR_INVALPOINTER;
}

LONG TSPIAPI TSPI_lineGetCallIDs(HDRVCALL hdCall, LPDWORD lpdwAddressID, LPDWORD lpdwCallID,
                                 LPDWORD lpdwRelatedCallID)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    if (!c) return LINEERR_INVALCALLHANDLE;
    if (lpdwAddressID) *lpdwAddressID = c->address_id;
    if (lpdwCallID) *lpdwCallID = c->call_id;
    if (lpdwRelatedCallID) *lpdwRelatedCallID = 0;
    tspk_call_unref(c);
    return 0;
}

LONG TSPIAPI TSPI_lineSetAppSpecific(HDRVCALL hdCall, DWORD dwAppSpecific)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    if (!c) return LINEERR_INVALCALLHANDLE;
    tspk_mutex_lock(&tspk__prov.lock);
    c->app_specific = dwAppSpecific;
    tspk_mutex_unlock(&tspk__prov.lock);
    tspk__call_event(c, LINE_CALLINFO, LINECALLINFOSTATE_APPSPECIFIC, 0, 0);
    tspk_call_unref(c);
    return 0;
}

LONG TSPIAPI TSPI_lineSetMediaMode(HDRVCALL hdCall, DWORD dwMediaMode)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    LONG r = 0;
    if (!c) return LINEERR_INVALCALLHANDLE;
    if (!dwMediaMode || (dwMediaMode & ~(c->line->info.media_modes | LINEMEDIAMODE_UNKNOWN)))
        r = LINEERR_INVALMEDIAMODE;
    else if (tspk__prov.ops->set_media_mode) r = tspk__prov.ops->set_media_mode(c, dwMediaMode);
    if (r == 0) {
        tspk_mutex_lock(&tspk__prov.lock);
        c->media_mode = dwMediaMode;
        tspk_mutex_unlock(&tspk__prov.lock);
        tspk__call_event(c, LINE_CALLINFO, LINECALLINFOSTATE_MEDIAMODE, 0, 0);
    }
    tspk_call_unref(c);
    return r;
}

LONG TSPIAPI TSPI_lineMonitorDigits(HDRVCALL hdCall, DWORD dwDigitModes)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    LONG r = 0;
    if (!c) return LINEERR_INVALCALLHANDLE;
    if (!tspk__prov.ops->monitor_digits) r = LINEERR_OPERATIONUNAVAIL;
    else if (dwDigitModes & ~c->line->info.monitor_digit_modes) r = LINEERR_INVALDIGITMODE;
    else if ((r = tspk__prov.ops->monitor_digits(c, dwDigitModes)) == 0) {
        tspk_mutex_lock(&tspk__prov.lock);
        c->monitor_digit_modes = dwDigitModes;
        tspk_mutex_unlock(&tspk__prov.lock);
    }
    tspk_call_unref(c);
    return r;
}

/* Media and tones may be monitored in any state but IDLE; the framework keeps what is
 * monitored, so tspk_call_media_detected / tspk_call_tone_detected send only that. */
LONG TSPIAPI TSPI_lineMonitorMedia(HDRVCALL hdCall, DWORD dwMediaModes)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    LONG r;
    if (!c) return LINEERR_INVALCALLHANDLE;
    /* TAPI passes no reserved bits; whether the modes are supported is the provider's
     * check (nf-tspi-tspi_linemonitormedia remarks). UNKNOWN is no media to detect. */
    if (!tspk__prov.ops->monitor_media || (c->line->info.no_monitoring & TSPK_NO_MONITOR_MEDIA))
        r = LINEERR_OPERATIONUNAVAIL;
    else if (tspk_call_state(c) == LINECALLSTATE_IDLE) r = LINEERR_INVALCALLSTATE;
    else if (dwMediaModes & ~(c->line->info.monitor_media_modes & ~(DWORD)LINEMEDIAMODE_UNKNOWN))
        r = LINEERR_INVALMEDIAMODE;
    else if ((r = tspk__prov.ops->monitor_media(c, dwMediaModes)) == 0) {
        tspk_mutex_lock(&tspk__prov.lock);
        c->monitor_media_modes = dwMediaModes;
        tspk_mutex_unlock(&tspk__prov.lock);
    }
    tspk_call_unref(c);
    return r;
}

/* The tone lists of a call with list list_id replaced by tones[0..n) (NULL: removed).
 * Returns the new array (NULL when empty) in *out, or LINEERR_RESOURCEUNAVAIL when all
 * lists together would exceed TSPK__MAX_TONES, or LINEERR_NOMEM. Under the lock. */
static LONG tspk__tones_replace(const tspk_call *c, DWORD list_id, const LINEMONITORTONE *tones, DWORD n,
                                tspk__tone **out, DWORD *out_n)
{
    DWORD keep = 0, i, k = 0;
    tspk__tone *a;
    for (i = 0; i < c->num_tones; i++) keep += c->tones[i].list_id != list_id;
    if (keep + n > TSPK__MAX_TONES) return LINEERR_RESOURCEUNAVAIL;
    *out = NULL;
    *out_n = 0;
    if (!keep && !n) return 0;
    if (!(a = (tspk__tone *)malloc((keep + n) * sizeof *a))) return LINEERR_NOMEM;
    for (i = 0; i < c->num_tones; i++)
        if (c->tones[i].list_id != list_id) a[k++] = c->tones[i];
    for (i = 0; i < n; i++) {
        a[k].list_id = list_id;
        a[k++].tone = tones[i];
    }
    *out = a;
    *out_n = k;
    return 0;
}

LONG TSPIAPI TSPI_lineMonitorTones(HDRVCALL hdCall, DWORD dwToneListID, LPLINEMONITORTONE const lpToneList,
                                   DWORD dwNumEntries)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    tspk__tone *next = NULL;
    DWORD n = lpToneList ? dwNumEntries : 0, i, next_n = 0;
    LONG r = 0;
    if (!c) return LINEERR_INVALCALLHANDLE;
    if (!tspk__prov.ops->monitor_tones || (c->line->info.no_monitoring & TSPK_NO_MONITOR_TONES))
        r = LINEERR_OPERATIONUNAVAIL;
    else if (tspk_call_state(c) == LINECALLSTATE_IDLE) r = LINEERR_INVALCALLSTATE;
    /* TAPI does not validate dwNumEntries (nf-tspi-tspi_linemonitortones); a count above
     * dwMonitorToneMaxNumEntries is LINEERR_INVALPOINTER, as lineMonitorTones documents
     * for "dwNumEntries too large" (nf-tapi-linemonitortones). */
    else if (n > c->line->info.monitor_tone_max_entries) r = LINEERR_INVALPOINTER;
    for (i = 0; r == 0 && i < n; i++) {
        const LINEMONITORTONE *t = &lpToneList[i];
        DWORD freqs = (t->dwFrequency1 != 0) + (t->dwFrequency2 != 0) + (t->dwFrequency3 != 0);
        if (freqs > c->line->info.monitor_tone_max_freq) r = LINEERR_INVALTONE;
    }
    if (r == 0) {
        tspk_mutex_lock(&tspk__prov.lock);
        r = tspk__tones_replace(c, dwToneListID, lpToneList, n, &next, &next_n);
        tspk_mutex_unlock(&tspk__prov.lock);
    }
    if (r == 0 && (r = tspk__prov.ops->monitor_tones(c, dwToneListID, n ? lpToneList : NULL, n)) == 0) {
        tspk__tone *old;
        tspk_mutex_lock(&tspk__prov.lock);
        if (c->state == LINECALLSTATE_IDLE) {
            old = next;            /* went IDLE meanwhile: nothing is monitored any more */
        } else {
            old = c->tones;
            c->tones = next;
            c->num_tones = next_n;
        }
        tspk_mutex_unlock(&tspk__prov.lock);
        free(old);
        next = NULL;
    }
    free(next);
    tspk_call_unref(c);
    return r;
}

LONG TSPIAPI TSPI_lineGenerateDigits(HDRVCALL hdCall, DWORD dwEndToEndID, DWORD dwDigitMode,
                                     LPCWSTR lpszDigits, DWORD dwDuration)
{
    tspk_call *c = tspk__call_acquire(hdCall);
    LONG r;
    if (!c) return LINEERR_INVALCALLHANDLE;
    if (!tspk__prov.ops->generate_digits) r = LINEERR_OPERATIONUNAVAIL;
    else if (!(dwDigitMode & c->line->info.generate_digit_modes) ||
             (dwDigitMode & (dwDigitMode - 1)))
        r = LINEERR_INVALDIGITMODE;
    else r = tspk__prov.ops->generate_digits(c, dwEndToEndID, dwDigitMode, lpszDigits, dwDuration);
    tspk_call_unref(c);
    return r;
}

/* ------------------------------------------------------------------------ */
/* TSPI entry points: MSP (TAPI 3)                                            */

LONG TSPIAPI TSPI_lineMSPIdentify(DWORD dwDeviceID, GUID *pCLSID)
{
    if (!tspk__line_by_id(&tspk__prov, dwDeviceID)) return LINEERR_BADDEVICEID;
    if (!pCLSID) return LINEERR_INVALPOINTER;
    if (!tspk__prov.ops->msp_clsid) return LINEERR_OPERATIONUNAVAIL;
    *pCLSID = *tspk__prov.ops->msp_clsid;
    return 0;
}

/* One instance per application using the line, each with its own handle; the provider
 * is told its htMSPLine, which LINE_SENDMSPDATA names to reach that instance alone
 * (tspi_linecreatemspinstance remarks). */
LONG TSPIAPI TSPI_lineCreateMSPInstance(HDRVLINE hdLine, DWORD dwAddressID, HTAPIMSPLINE htMSPLine,
                                        LPHDRVMSPLINE lphdMSPLine)
{
    tspk_provider *p = &tspk__prov;
    tspk_line *l = tspk__line_acquire(hdLine);
    tspk__msp *m = NULL;
    uintptr_t hd = 0;
    LONG r = 0;
    if (!l) return LINEERR_INVALLINEHANDLE;
    if (!p->ops->msp_clsid) r = LINEERR_OPERATIONUNAVAIL;
    else if (dwAddressID >= l->info.num_addresses) r = LINEERR_INVALADDRESSID;
    else if (!lphdMSPLine) r = LINEERR_INVALPOINTER;
    else if (!(m = (tspk__msp *)malloc(sizeof *m))) r = LINEERR_NOMEM;
    else {
        m->line = l;
        m->address_id = dwAddressID;
        m->ht = htMSPLine;
        if (!(hd = tspk_htab_insert(&p->msp_h, m))) {
            free(m);
            r = LINEERR_NOMEM;
        }
    }
    if (!r) {
        if (p->ops->msp_instance) p->ops->msp_instance(l, dwAddressID, htMSPLine, 1);
        *lphdMSPLine = (HDRVMSPLINE)hd;
    }
    tspk_line_unref(l);
    return r;
}

LONG TSPIAPI TSPI_lineCloseMSPInstance(HDRVMSPLINE hdMSPLine)
{
    tspk_provider *p = &tspk__prov;
    tspk__msp *m = (tspk__msp *)tspk_htab_acquire(&p->msp_h, (uintptr_t)hdMSPLine);
    if (!m) return LINEERR_INVALPOINTER;
    tspk_htab_remove(&p->msp_h, (uintptr_t)hdMSPLine);
    tspk__line_close_msp(m);
    tspk_htab_release(&p->msp_h, (uintptr_t)hdMSPLine);
    return 0;
}

/* Data about a call the TSP does not know fails (seed: the TSP initiates per-call
 * communication). */
LONG TSPIAPI TSPI_lineReceiveMSPData(HDRVLINE hdLine, HDRVCALL hdCall, HDRVMSPLINE hdMSPLine,
                                     LPVOID pBuffer, DWORD dwSize)
{
    tspk_line *l = tspk__line_acquire(hdLine);
    tspk_call *c = NULL;
    LONG r;
    (void)hdMSPLine;
    if (!l) return LINEERR_INVALLINEHANDLE;
    if (hdCall && !(c = tspk__call_acquire(hdCall))) r = LINEERR_INVALCALLHANDLE;
    else if (!pBuffer && dwSize) r = LINEERR_INVALPOINTER;
    else if (!tspk__prov.ops->msp_data) r = LINEERR_OPERATIONUNAVAIL;
    else r = tspk__prov.ops->msp_data(l, c, pBuffer, dwSize);
    if (c) tspk_call_unref(c);
    tspk_line_unref(l);
    return r;
}

/* ------------------------------------------------------------------------ */
/* TSPI entry points: phone devices                                           */

LONG TSPIAPI TSPI_phoneNegotiateTSPIVersion(DWORD dwDeviceID, DWORD dwLowVersion,
                                            DWORD dwHighVersion, LPDWORD lpdwTSPIVersion)
{
    tspk_provider *p = &tspk__prov;
    tspk_phone *ph = tspk__phone_by_id(p, dwDeviceID);
    LONG r;
    tspk__provider_defaults();
    if (!ph) return PHONEERR_BADDEVICEID;
    r = tspk_phone_negotiate_tspi(&p->versions, NULL, dwDeviceID, dwLowVersion, dwHighVersion,
                                  lpdwTSPIVersion);
    if (r == 0) ph->version = *lpdwTSPIVersion;
    return r;
}

LONG TSPIAPI TSPI_phoneNegotiateExtVersion(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                           DWORD dwLowVersion, DWORD dwHighVersion,
                                           LPDWORD lpdwExtVersion)
{
    tspk_phone *ph = tspk__phone_by_id(&tspk__prov, dwDeviceID);
    LONG r;
    (void)dwTSPIVersion;
    if (!ph) return PHONEERR_BADDEVICEID;
    tspk_mutex_lock(&tspk__prov.lock);
    r = tspk_extver_negotiate(&ph->ext, dwLowVersion, dwHighVersion, lpdwExtVersion);
    tspk_mutex_unlock(&tspk__prov.lock);
    return r;
}

LONG TSPIAPI TSPI_phoneGetExtensionID(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                      LPPHONEEXTENSIONID lpExtensionID)
{
    (void)dwTSPIVersion;
    if (!tspk__phone_by_id(&tspk__prov, dwDeviceID)) return PHONEERR_BADDEVICEID;
    if (!lpExtensionID) return PHONEERR_INVALPOINTER;
    memset(lpExtensionID, 0, sizeof *lpExtensionID);
    return 0;
}

LONG TSPIAPI TSPI_phoneGetDevCaps(DWORD dwDeviceID, DWORD dwTSPIVersion, DWORD dwExtVersion,
                                  LPPHONECAPS lpPhoneCaps)
{
    tspk_phone *ph = tspk__phone_by_id(&tspk__prov, dwDeviceID);
    LONG r;
    (void)dwExtVersion;
    if (!ph) return PHONEERR_BADDEVICEID;
    if (!lpPhoneCaps) return PHONEERR_INVALPOINTER;
    if (!tspk__version_supported(dwTSPIVersion))
        return PHONEERR_INCOMPATIBLEAPIVERSION;
    r = tspk__fill_phonecaps(ph, dwTSPIVersion, lpPhoneCaps);
    return r == (LONG)LINEERR_STRUCTURETOOSMALL ? (LONG)PHONEERR_STRUCTURETOOSMALL : r;
}

LONG TSPIAPI TSPI_phoneOpen(DWORD dwDeviceID, HTAPIPHONE htPhone, LPHDRVPHONE lphdPhone,
                            DWORD dwTSPIVersion, PHONEEVENT lpfnEventProc)
{
    tspk_provider *p = &tspk__prov;
    tspk_phone *ph = tspk__phone_by_id(p, dwDeviceID);
    uintptr_t hd;
    LONG r;
    if (!ph) return PHONEERR_BADDEVICEID;
    if (!lphdPhone || !lpfnEventProc) return PHONEERR_INVALPOINTER;
    if (!tspk__version_supported(dwTSPIVersion))
        return PHONEERR_INCOMPATIBLEAPIVERSION;
    tspk_mutex_lock(&p->lock);
    if (ph->hd) {
        tspk_mutex_unlock(&p->lock);
        return PHONEERR_ALLOCATED;
    }
    ph->ht = htPhone;
    ph->event_proc = lpfnEventProc;
    ph->version = dwTSPIVersion;
    tspk_mutex_unlock(&p->lock);
    if (!(hd = tspk__open_publish(&p->phones_h, &ph->hd, ph))) return PHONEERR_NOMEM;
    if (p->ops->phone_open && (r = p->ops->phone_open(ph)) != 0) {
        tspk__open_withdraw(&p->phones_h, &ph->hd, hd);
        return r;
    }
    *lphdPhone = (HDRVPHONE)hd;
    return 0;
}

LONG TSPIAPI TSPI_phoneClose(HDRVPHONE hdPhone)
{
    tspk_provider *p = &tspk__prov;
    tspk_phone *ph = tspk__phone_acquire(hdPhone);
    if (!ph) return PHONEERR_INVALPHONEHANDLE;
    tspk_htab_remove(&p->phones_h, (uintptr_t)hdPhone);
    if (p->ops->phone_close) p->ops->phone_close(ph);
    tspk_mutex_lock(&p->lock);
    ph->hd = 0;                    /* no event for the phone from now on ... */
    ph->event_proc = NULL;
    tspk_extver_select(&ph->ext, 0);
    tspk__drain(p, ph, NULL);      /* ... and none is still on its way */
    tspk_mutex_unlock(&p->lock);
    tspk_htab_release(&p->phones_h, (uintptr_t)hdPhone);
    return 0;
}

LONG TSPIAPI TSPI_phoneSelectExtVersion(HDRVPHONE hdPhone, DWORD dwExtVersion)
{
    tspk_phone *ph = tspk__phone_acquire(hdPhone);
    LONG r;
    if (!ph) return PHONEERR_INVALPHONEHANDLE;
    tspk_mutex_lock(&tspk__prov.lock);
    r = tspk_extver_select(&ph->ext, dwExtVersion);
    tspk_mutex_unlock(&tspk__prov.lock);
    tspk_htab_release(&tspk__prov.phones_h, (uintptr_t)hdPhone);
    return r;
}

LONG TSPIAPI TSPI_phoneGetStatus(HDRVPHONE hdPhone, LPPHONESTATUS lpPhoneStatus)
{
    tspk_phone *ph = tspk__phone_acquire(hdPhone);
    LONG r;
    if (!ph) return PHONEERR_INVALPHONEHANDLE;
    r = lpPhoneStatus ? tspk__fill_phonestatus(ph, lpPhoneStatus) : (LONG)PHONEERR_INVALPOINTER;
    if (r == (LONG)LINEERR_STRUCTURETOOSMALL) r = (LONG)PHONEERR_STRUCTURETOOSMALL;
    tspk_htab_release(&tspk__prov.phones_h, (uintptr_t)hdPhone);
    return r;
}

LONG TSPIAPI TSPI_phoneSetStatusMessages(HDRVPHONE hdPhone, DWORD dwPhoneStates,
                                         DWORD dwButtonModes, DWORD dwButtonStates)
{
    tspk_phone *ph = tspk__phone_acquire(hdPhone);
    if (!ph) return PHONEERR_INVALPHONEHANDLE;
    tspk_mutex_lock(&tspk__prov.lock);
    ph->phone_states = dwPhoneStates;
    ph->button_modes = dwButtonModes;
    ph->button_states = dwButtonStates;
    tspk_mutex_unlock(&tspk__prov.lock);
    tspk_htab_release(&tspk__prov.phones_h, (uintptr_t)hdPhone);
    return 0;
}

LONG TSPIAPI TSPI_phoneGetHookSwitch(HDRVPHONE hdPhone, LPDWORD lpdwHookSwitchDevs)
{
    tspk_phone *ph = tspk__phone_acquire(hdPhone);
    if (!ph) return PHONEERR_INVALPHONEHANDLE;
    if (lpdwHookSwitchDevs) *lpdwHookSwitchDevs = 0;   /* all on hook */
    tspk_htab_release(&tspk__prov.phones_h, (uintptr_t)hdPhone);
    return lpdwHookSwitchDevs ? 0 : PHONEERR_INVALPOINTER;
}

/* ------------------------------------------------------------------------ */
/* What the table implements, for .def files and export-table checks          */

const char *const *tspkit_provider_functions(void)
{
    /* Always present: lifecycle, negotiation, line basics, UI/installation. */
    static const char *const base[] = {
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
    };
    static const char *list[sizeof base / sizeof base[0] + 40];
    const tspk_provider_ops *o = tspk__ops();
    size_t n = 0, i;
    if (list[0]) return list;
    for (i = 0; i < sizeof base / sizeof base[0]; i++) list[n++] = base[i];
#define TSPK__CLAIM(cond, name) do { if (cond) list[n++] = name; } while (0)
    TSPK__CLAIM(o->make_call, "TSPI_lineMakeCall");
    TSPK__CLAIM(o->dial, "TSPI_lineDial");
    TSPK__CLAIM(o->answer, "TSPI_lineAnswer");
    TSPK__CLAIM(o->accept, "TSPI_lineAccept");
    TSPK__CLAIM(o->drop, "TSPI_lineDrop");
    TSPK__CLAIM(o->generate_digits, "TSPI_lineGenerateDigits");
    TSPK__CLAIM(o->monitor_digits, "TSPI_lineMonitorDigits");
    TSPK__CLAIM(o->monitor_media, "TSPI_lineMonitorMedia");
    TSPK__CLAIM(o->monitor_tones, "TSPI_lineMonitorTones");
    TSPK__CLAIM(o->get_dev_config, "TSPI_lineGetDevConfig");
    TSPK__CLAIM(o->set_dev_config, "TSPI_lineSetDevConfig");
    TSPK__CLAIM(o->dev_specific, "TSPI_lineDevSpecific");
    TSPK__CLAIM(o->configure, "TUISPI_lineConfigDialog");
    TSPK__CLAIM(o->msp_clsid, "TSPI_lineMSPIdentify");
    TSPK__CLAIM(o->msp_clsid, "TSPI_lineCreateMSPInstance");
    TSPK__CLAIM(o->msp_clsid, "TSPI_lineCloseMSPInstance");
    TSPK__CLAIM(o->msp_clsid, "TSPI_lineReceiveMSPData");
    if (o->num_phones || o->phone_describe) {
        TSPK__CLAIM(1, "TSPI_phoneNegotiateTSPIVersion");
        TSPK__CLAIM(1, "TSPI_phoneNegotiateExtVersion");
        TSPK__CLAIM(1, "TSPI_phoneGetExtensionID");
        TSPK__CLAIM(1, "TSPI_phoneGetDevCaps");
        TSPK__CLAIM(1, "TSPI_phoneOpen");
        TSPK__CLAIM(1, "TSPI_phoneClose");
        TSPK__CLAIM(1, "TSPI_phoneSelectExtVersion");
        TSPK__CLAIM(1, "TSPI_phoneGetStatus");
        TSPK__CLAIM(1, "TSPI_phoneSetStatusMessages");
        TSPK__CLAIM(1, "TSPI_phoneGetHookSwitch");
        TSPK__CLAIM(1, "TSPI_providerCreatePhoneDevice");
    }
#undef TSPK__CLAIM
    list[n] = NULL;
    return list;
}

#endif /* TSPKIT_BITS_PROVIDER_IMPL_H */
