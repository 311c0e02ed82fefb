/* harness/tapisrv.c - see tapisrv.h. */
#define TSPKIT_IMPLEMENTATION
#include "srv_private.h"

#include <stdatomic.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CALL_CHUNK 256u
#define MAX_CALL_SLOTS 0xFFFFu           /* 16 bits of slot in a handle */
#define RECENT 4096u                     /* finished requests remembered */
#define SWEEP_MS 50u                     /* overdue-completion sweep, only while requests are outstanding */
#define MAX_REPORTS_PER_EVENT 2
#define MSPDATA_MAX (1u << 20)           /* a LINE_SENDMSPDATA buffer larger than this is not copied */
#ifndef TAPIMEDIATYPE_AUDIO
#  define TAPIMEDIATYPE_AUDIO 0x8u        /* learn.microsoft.com/windows/win32/tapi/tapimediatype--constants */
#endif

/* ---- handles: kind (2 bits) | generation (14 bits) | slot + 1 (16 bits) ---- */

enum { HK_LINE = 1, HK_CALL = 2, HK_PHONE = 3 };
/* H_LATE: closed, but the callback began before the close returned, so the provider
 * sent it in time: dropped without a report. */
enum { H_VALID, H_CLOSED, H_UNKNOWN, H_LATE };
#define GEN_MASK 0x3FFFu

static uintptr_t h_encode(unsigned kind, DWORD gen, DWORD slot)
{
    return ((uintptr_t)kind << 30) | ((uintptr_t)(gen & GEN_MASK) << 16) | (uintptr_t)(slot + 1);
}

/* Splits a handle of the given kind; -1 when it cannot be one. */
static int h_decode(uintptr_t v, unsigned kind, DWORD *gen, DWORD *slot)
{
    if (v > 0xFFFFFFFFu || (v >> 30) != kind || (v & 0xFFFFu) == 0) return -1;
    *gen = (DWORD)(v >> 16) & GEN_MASK;
    *slot = (DWORD)(v & 0xFFFFu) - 1;
    return 0;
}

/* A generation at or before the current one was issued; a later one never was. */
static int gen_issued(DWORD gen, DWORD current)
{
    return gen != 0 && ((current - gen) & GEN_MASK) < (GEN_MASK + 1) / 2;
}

/* ---- requests ---- */

enum { FIN_COMPLETED = 1, FIN_ERROR_RETURNED };

typedef struct hx_req {
    DRV_REQUESTID id;            /* 0: free slot */
    const char *func;
    unsigned phone : 1, returned : 1, completed : 1, bad_return : 1, missing_reported : 1;
    LONG result;
    hx_call *creates;
    uint64_t t_returned;
    void *copy_back, *app_buf;
    DWORD size;
} hx_req;

typedef struct hx_recent {
    DRV_REQUESTID id;
    int how;
    LONG result;
} hx_recent;

/* ---- the message queue ---- */

enum { Q_APP, Q_REPLY, Q_LINE_CREATE, Q_PHONE_CREATE, Q_LINE_REMOVE, Q_PHONE_REMOVE, Q_LINE_CLOSE,
       Q_PHONE_CLOSE, Q_MSPDATA };

typedef struct hx_qmsg {
    int type;
    hx_msg m;
    DWORD line_gen, call_gen, phone_gen;   /* objects may be reused by delivery time */
    DRV_REQUESTID req;
    void *data;                            /* Q_MSPDATA: a copy of the provider's buffer */
    DWORD size;
} hx_qmsg;

struct hx_srv {
    const hx_tspi *t;
    hx_app_fn app;
    void *app_user;
    hx_trace_fn trace;
    void *trace_user;
    hx_checks *checks;
    hx_srv_config cfg;
    uint64_t t0;
    DWORD version, options;
    int started;

    tspk_mutex lock;             /* everything below */
    tspk_cond changed;           /* for waiters: requests, delivery, calls (wake_waiters) */
    unsigned waiters;            /* threads waiting on changed */
    tspk_cond work;              /* for the dispatch thread alone (wake_dispatch) */
    int dispatch_idle;           /* it waits on work */
    tspk_mutex serial;           /* NONREENTRANT providers: one call at a time */
    int nonreentrant;

    hx_line **lines;
    DWORD nlines, cap_lines;
    hx_phone **phones;
    DWORD nphones, cap_phones;

    hx_call **call_chunks;
    DWORD ncall_slots, nchunks;
    DWORD free_head, free_tail;  /* slot + 1 */

    hx_req *reqs;
    DWORD req_cap;               /* power of two */
    DWORD nreqs;
    DRV_REQUESTID next_id;
    hx_recent recent[RECENT];

    hx_qmsg *q;
    size_t q_cap, q_head, q_count;
    int delivering;              /* the dispatch thread holds a message */
    uint64_t delivered;          /* messages delivered so far */

    hx_msg seen[HX_SRV_WAIT_QUEUE];
    size_t seen_head, seen_count;

    tspk_thread thread;
    uint64_t dispatch_tid;
    int stopping;

    hx_msphost *msphost;
    hx_msp_line **msp_lines;
    DWORD nmsp, cap_msp;
    hx_msp_stats msp_stats;
    atomic_uint cb_seq;          /* numbers callbacks as they begin (see closed_seq) */
    tspk_mutex msp_lock;         /* held around ReceiveTSPData and MSP object destruction, which
                                    msphost.h says must not overlap */
};

/* TSPI's callbacks carry no context: the one emulated TAPISRV of this process. */
static hx_srv *current;

/* Lock held: wakes the threads waiting for a change (a request returned, completed or
 * finished; a message delivered; a call made or released). A wake-up costs a thread
 * switch, so nobody is woken when nobody waits. */
static void wake_waiters(hx_srv *s)
{
    if (s->waiters) tspk_cond_broadcast(&s->changed);
}

/* Lock held: waits on changed for up to ms, counted in waiters. */
static void wait_changed(hx_srv *s, uint32_t ms)
{
    s->waiters++;
    tspk_cond_timedwait(&s->changed, &s->lock, ms);
    s->waiters--;
}

/* ------------------------------------------------------------------------ */
/* Names                                                                      */

const char *hx_msg_name(DWORD msg)
{
    static const char *const base[] = {
        "LINE_ADDRESSSTATE", "LINE_CALLINFO", "LINE_CALLSTATE", "LINE_CLOSE", "LINE_DEVSPECIFIC",
        "LINE_DEVSPECIFICFEATURE", "LINE_GATHERDIGITS", "LINE_GENERATE", "LINE_LINEDEVSTATE",
        "LINE_MONITORDIGITS", "LINE_MONITORMEDIA", "LINE_MONITORTONE", "LINE_REPLY", "LINE_REQUEST",
        "PHONE_BUTTON", "PHONE_CLOSE", "PHONE_DEVSPECIFIC", "PHONE_REPLY", "PHONE_STATE",
        "LINE_CREATE", "PHONE_CREATE", "LINE_AGENTSPECIFIC", "LINE_AGENTSTATUS", "LINE_APPNEWCALL",
        "LINE_PROXYREQUEST", "LINE_REMOVE", "PHONE_REMOVE",
    };
    static const char *const tspi[] = {
        "LINE_NEWCALL", "LINE_CALLDEVSPECIFIC", "LINE_CALLDEVSPECIFICFEATURE",
        "LINE_CREATEDIALOGINSTANCE", "LINE_SENDDIALOGINSTANCEDATA", "LINE_SENDMSPDATA", "LINE_QOSINFO",
    };
    if (msg < sizeof base / sizeof base[0]) return base[msg];
    if (msg >= TSPI_MESSAGE_BASE && msg - TSPI_MESSAGE_BASE < sizeof tspi / sizeof tspi[0])
        return tspi[msg - TSPI_MESSAGE_BASE];
    return "LINE_?";
}

const char *hx_callstate_name(DWORD state)
{
    static const char *const names[] = {
        "IDLE", "OFFERING", "ACCEPTED", "DIALTONE", "DIALING", "RINGBACK", "BUSY", "SPECIALINFO",
        "CONNECTED", "PROCEEDING", "ONHOLD", "CONFERENCED", "ONHOLDPENDCONF", "ONHOLDPENDTRANSFER",
        "DISCONNECTED", "UNKNOWN",
    };
    unsigned i;
    state &= 0x00FFFFFFu;        /* the high byte is a device-specific substate */
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (state == (1u << i)) return names[i];
    return state ? "?" : "(none)";
}

const char *hx_err_name(LONG err)
{
#define E(n) { n, #n }
    static const struct { DWORD code; const char *name; } names[] = {
        E(LINEERR_ALLOCATED), E(LINEERR_BADDEVICEID), E(LINEERR_BEARERMODEUNAVAIL),
        E(LINEERR_CALLUNAVAIL), E(LINEERR_COMPLETIONOVERRUN), E(LINEERR_CONFERENCEFULL),
        E(LINEERR_DIALBILLING), E(LINEERR_DIALDIALTONE), E(LINEERR_DIALPROMPT), E(LINEERR_DIALQUIET),
        E(LINEERR_INCOMPATIBLEAPIVERSION), E(LINEERR_INCOMPATIBLEEXTVERSION), E(LINEERR_INIFILECORRUPT),
        E(LINEERR_INUSE), E(LINEERR_INVALADDRESS), E(LINEERR_INVALADDRESSID), E(LINEERR_INVALADDRESSMODE),
        E(LINEERR_INVALADDRESSSTATE), E(LINEERR_INVALAPPHANDLE), E(LINEERR_INVALAPPNAME),
        E(LINEERR_INVALBEARERMODE), E(LINEERR_INVALCALLCOMPLMODE), E(LINEERR_INVALCALLHANDLE),
        E(LINEERR_INVALCALLPARAMS), E(LINEERR_INVALCALLPRIVILEGE), E(LINEERR_INVALCALLSELECT),
        E(LINEERR_INVALCALLSTATE), E(LINEERR_INVALCALLSTATELIST), E(LINEERR_INVALCARD),
        E(LINEERR_INVALCOMPLETIONID), E(LINEERR_INVALCONFCALLHANDLE), E(LINEERR_INVALCONSULTCALLHANDLE),
        E(LINEERR_INVALCOUNTRYCODE), E(LINEERR_INVALDEVICECLASS), E(LINEERR_INVALDEVICEHANDLE),
        E(LINEERR_INVALDIALPARAMS), E(LINEERR_INVALDIGITLIST), E(LINEERR_INVALDIGITMODE),
        E(LINEERR_INVALDIGITS), E(LINEERR_INVALEXTVERSION), E(LINEERR_INVALGROUPID),
        E(LINEERR_INVALLINEHANDLE), E(LINEERR_INVALLINESTATE), E(LINEERR_INVALLOCATION),
        E(LINEERR_INVALMEDIALIST), E(LINEERR_INVALMEDIAMODE), E(LINEERR_INVALMESSAGEID),
        E(LINEERR_INVALPARAM), E(LINEERR_INVALPARKID), E(LINEERR_INVALPARKMODE), E(LINEERR_INVALPOINTER),
        E(LINEERR_INVALPRIVSELECT), E(LINEERR_INVALRATE), E(LINEERR_INVALREQUESTMODE),
        E(LINEERR_INVALTERMINALID), E(LINEERR_INVALTERMINALMODE), E(LINEERR_INVALTIMEOUT),
        E(LINEERR_INVALTONE), E(LINEERR_INVALTONELIST), E(LINEERR_INVALTONEMODE),
        E(LINEERR_INVALTRANSFERMODE), E(LINEERR_LINEMAPPERFAILED), E(LINEERR_NOCONFERENCE),
        E(LINEERR_NODEVICE), E(LINEERR_NODRIVER), E(LINEERR_NOMEM), E(LINEERR_NOREQUEST),
        E(LINEERR_NOTOWNER), E(LINEERR_NOTREGISTERED), E(LINEERR_OPERATIONFAILED),
        E(LINEERR_OPERATIONUNAVAIL), E(LINEERR_RATEUNAVAIL), E(LINEERR_RESOURCEUNAVAIL),
        E(LINEERR_REQUESTOVERRUN), E(LINEERR_STRUCTURETOOSMALL), E(LINEERR_TARGETNOTFOUND),
        E(LINEERR_TARGETSELF), E(LINEERR_UNINITIALIZED), E(LINEERR_USERUSERINFOTOOBIG),
        E(LINEERR_REINIT), E(LINEERR_ADDRESSBLOCKED), E(LINEERR_BILLINGREJECTED),
        E(LINEERR_INVALFEATURE), E(LINEERR_NOMULTIPLEINSTANCE),
        E(PHONEERR_ALLOCATED), E(PHONEERR_BADDEVICEID), E(PHONEERR_INCOMPATIBLEAPIVERSION),
        E(PHONEERR_INCOMPATIBLEEXTVERSION), E(PHONEERR_INIFILECORRUPT), E(PHONEERR_INUSE),
        E(PHONEERR_INVALAPPHANDLE), E(PHONEERR_INVALAPPNAME), E(PHONEERR_INVALBUTTONLAMPID),
        E(PHONEERR_INVALBUTTONMODE), E(PHONEERR_INVALBUTTONSTATE), E(PHONEERR_INVALDATAID),
        E(PHONEERR_INVALDEVICECLASS), E(PHONEERR_INVALEXTVERSION), E(PHONEERR_INVALHOOKSWITCHDEV),
        E(PHONEERR_INVALHOOKSWITCHMODE), E(PHONEERR_INVALLAMPMODE), E(PHONEERR_INVALPARAM),
        E(PHONEERR_INVALPHONEHANDLE), E(PHONEERR_INVALPHONESTATE), E(PHONEERR_INVALPOINTER),
        E(PHONEERR_INVALPRIVILEGE), E(PHONEERR_INVALRINGMODE), E(PHONEERR_NODEVICE),
        E(PHONEERR_NODRIVER), E(PHONEERR_NOMEM), E(PHONEERR_NOTOWNER), E(PHONEERR_OPERATIONFAILED),
        E(PHONEERR_OPERATIONUNAVAIL), E(PHONEERR_RESOURCEUNAVAIL), E(PHONEERR_REQUESTOVERRUN),
        E(PHONEERR_STRUCTURETOOSMALL), E(PHONEERR_UNINITIALIZED), E(PHONEERR_REINIT),
    };
#undef E
    unsigned i;
    if (err == 0) return "0";
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((DWORD)err == names[i].code) return names[i].name;
    return err > 0 ? "(request id)" : "LINEERR_?";
}

const char *hx__result_text(LONG r, char buf[16])
{
    const char *n = hx_err_name(r);
    if (n[0] != '(' && !strchr(n, '?')) return n;
    snprintf(buf, 16, r > 0 ? "%ld" : "0x%08lx", r > 0 ? (unsigned long)r : (unsigned long)(DWORD)r);
    return buf;
}

/* ------------------------------------------------------------------------ */
/* Trace and reports                                                          */

int hx__tracing(const hx_srv *s) { return s->trace != NULL; }

static void vtrace(hx_srv *s, hx_trace_kind kind, hx_lane from, hx_lane to, const char *name,
                   DWORD request, const char *fmt, va_list ap)
{
    char detail[HX_TRACE_DETAIL_MAX];
    hx_trace_rec r;
    if (!s->trace) return;
    vsnprintf(detail, sizeof detail, fmt, ap);
    r.t_us = tspk_now_us() - s->t0;
    r.kind = kind;
    r.from = from;
    r.to = to;
    r.name = name;
    r.detail = detail;
    r.request = request;
    r.thread = tspk_thread_self_id();
    s->trace(s->trace_user, &r);
}

void hx__trace(hx_srv *s, hx_trace_kind kind, hx_lane from, hx_lane to, const char *name,
               DWORD request, const char *fmt, ...)
{
    va_list ap;
    if (!s->trace) return;
    va_start(ap, fmt);
    vtrace(s, kind, from, to, name, request, fmt, ap);
    va_end(ap);
}

void hx_srv_note(hx_srv *s, const char *name, const char *fmt, ...)
{
    va_list ap;
    if (!s || !s->trace) return;
    va_start(ap, fmt);
    vtrace(s, HX_TR_NOTE, HX_LANE_TAPISRV, HX_LANE_TAPISRV, name, 0, fmt, ap);
    va_end(ap);
}

/* Every report becomes a trace record too (the collector calls this without its lock). */
static void on_report(void *user, const hx_report *r)
{
    hx_srv *s = (hx_srv *)user;
    char text[HX_REPORT_TEXT_MAX];
    const hx_check_info *ci = hx_check_get(r->id);
    if (!s->trace) return;
    hx_report_format(r, text, sizeof text);
    hx__trace(s, HX_TR_REPORT, HX_LANE_TAPISRV, HX_LANE_TAPISRV, ci ? ci->name : "?", 0, "%s", text);
}

/* Reports found under the lock are made after it is released. */
typedef struct pending {
    int n;
    struct { hx_check_id id; const char *func; char detail[HX_REPORT_DETAIL_MAX]; } r[MAX_REPORTS_PER_EVENT];
} pending;

static void pend(pending *p, hx_check_id id, const char *func, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void pend(pending *p, hx_check_id id, const char *func, const char *fmt, ...)
{
    va_list ap;
    if (p->n == MAX_REPORTS_PER_EVENT) return;
    p->r[p->n].id = id;
    p->r[p->n].func = func;
    va_start(ap, fmt);
    vsnprintf(p->r[p->n].detail, sizeof p->r[p->n].detail, fmt, ap);
    va_end(ap);
    p->n++;
}

static void flush_reports(hx_srv *s, pending *p)
{
    int i;
    for (i = 0; i < p->n; i++) hx_checks_report(s->checks, p->r[i].id, p->r[i].func, "%s", p->r[i].detail);
    p->n = 0;
}

LONG hx__sync_result(hx_srv *s, const char *func, LONG r)
{
    /* A synchronous function returns zero or a negative error (synchronous-asynchronous-model). */
    if (r > 0) hx_checks_report(s->checks, HX_CHK_SYNC_RETURN, func, "returned %ld", (long)r);
    return r;
}

/* ------------------------------------------------------------------------ */
/* Provider calls                                                             */

void hx__enter(hx_srv *s)
{
    if (s->nonreentrant) tspk_mutex_lock(&s->serial);
}

void hx__leave(hx_srv *s)
{
    if (s->nonreentrant) tspk_mutex_unlock(&s->serial);
}

WCHAR *hx__wide(const char *s, int *oom)
{
    size_t n = 0;
    WCHAR *w;
    *oom = 0;
    if (!s) return NULL;
    tspk_utf8_to_utf16(s, TSPK_NTS, NULL, 0, &n, TSPK_UTF_REPLACE);
    if (!(w = (WCHAR *)malloc((n + 1) * sizeof *w))) {
        *oom = 1;
        return NULL;
    }
    tspk_utf8_to_utf16(s, TSPK_NTS, w, n + 1, NULL, TSPK_UTF_REPLACE);
    return w;
}

hx_gbuf *hx__struct_begin(DWORD size)
{
    return hx_gbuf_new(size);
}

LONG hx__struct_done(hx_srv *s, hx_gbuf *g, LONG r, hx_struct_kind kind, DWORD version,
                     void *app_buf, DWORD size, const char *func)
{
    hx_gbuf_check(g, s->checks, func);
    if (r == 0 && kind != HX_ST_COUNT) hx_struct_check(kind, version, hx_gbuf_data(g), size, s->checks, func);
    if (app_buf && size) memcpy(app_buf, hx_gbuf_data(g), size);
    hx_gbuf_free(g);
    return r;
}

/* ------------------------------------------------------------------------ */
/* Objects                                                                    */

static hx_call *call_at(const hx_srv *s, DWORD slot)
{
    return &s->call_chunks[slot / CALL_CHUNK][slot % CALL_CHUNK];
}

HTAPILINE hx__line_ht(const hx_line *l) { return (HTAPILINE)h_encode(HK_LINE, l->gen, l->index); }
HTAPIPHONE hx__phone_ht(const hx_phone *p) { return (HTAPIPHONE)h_encode(HK_PHONE, p->gen, p->index); }
HTAPICALL hx__call_ht(const hx_call *c) { return (HTAPICALL)h_encode(HK_CALL, c->gen, c->slot); }

/* Did a callback numbered seq begin before the close stamped closed_seq? */
static int began_before(unsigned seq, unsigned closed_seq)
{
    return (int)(seq - closed_seq) < 0;
}

/* Lock held: the sequence number a close that just returned stamps on its object. */
static unsigned seq_now(hx_srv *s)
{
    return atomic_load(&s->cb_seq);
}

/* Which line an htLine names (lock held); seq: the callback's number. */
static int decode_line(hx_srv *s, HTAPILINE ht, unsigned seq, hx_line **out)
{
    DWORD gen, slot;
    hx_line *l;
    if (h_decode((uintptr_t)ht, HK_LINE, &gen, &slot) || slot >= s->nlines) return H_UNKNOWN;
    l = s->lines[slot];
    *out = l;
    if (gen == (l->gen & GEN_MASK) &&
        (l->state == HX_DEV_OPENING || l->state == HX_DEV_OPEN || l->state == HX_DEV_CLOSING))
        return H_VALID;
    if (!gen_issued(gen, l->gen & GEN_MASK)) return H_UNKNOWN;
    return gen == (l->gen & GEN_MASK) && began_before(seq, l->closed_seq) ? H_LATE : H_CLOSED;
}

static int decode_phone(hx_srv *s, HTAPIPHONE ht, unsigned seq, hx_phone **out)
{
    DWORD gen, slot;
    hx_phone *p;
    if (h_decode((uintptr_t)ht, HK_PHONE, &gen, &slot) || slot >= s->nphones) return H_UNKNOWN;
    p = s->phones[slot];
    *out = p;
    if (gen == (p->gen & GEN_MASK) &&
        (p->state == HX_DEV_OPENING || p->state == HX_DEV_OPEN || p->state == HX_DEV_CLOSING))
        return H_VALID;
    if (!gen_issued(gen, p->gen & GEN_MASK)) return H_UNKNOWN;
    return gen == (p->gen & GEN_MASK) && began_before(seq, p->closed_seq) ? H_LATE : H_CLOSED;
}

static int decode_call(hx_srv *s, HTAPICALL ht, unsigned seq, hx_call **out)
{
    DWORD gen, slot;
    hx_call *c;
    if (h_decode((uintptr_t)ht, HK_CALL, &gen, &slot) || slot >= s->ncall_slots) return H_UNKNOWN;
    c = call_at(s, slot);
    *out = c;
    if (c->used && gen == (c->gen & GEN_MASK)) return H_VALID;
    if (!gen_issued(gen, c->gen & GEN_MASK)) return H_UNKNOWN;
    return gen == (c->gen & GEN_MASK) && began_before(seq, c->closed_seq) ? H_LATE : H_CLOSED;
}

/* Lock held. Slots are reused oldest-freed first, so a stale handle stays stale long. */
static hx_call *call_alloc(hx_srv *s, hx_line *l)
{
    hx_call *c;
    DWORD slot;
    if (!s->free_head) {
        hx_call **chunks;
        DWORD i;
        if (s->ncall_slots + CALL_CHUNK > MAX_CALL_SLOTS) return NULL;
        chunks = (hx_call **)realloc(s->call_chunks, (s->nchunks + 1) * sizeof *chunks);
        if (!chunks) return NULL;
        s->call_chunks = chunks;
        if (!(chunks[s->nchunks] = (hx_call *)calloc(CALL_CHUNK, sizeof(hx_call)))) return NULL;
        s->nchunks++;
        for (i = 0; i < CALL_CHUNK; i++) {
            hx_call *n = call_at(s, s->ncall_slots + i);
            n->srv = s;
            n->slot = s->ncall_slots + i;
            n->next_free = i + 1 < CALL_CHUNK ? s->ncall_slots + i + 2 : 0;
        }
        s->free_head = s->ncall_slots + 1;
        s->free_tail = s->ncall_slots + CALL_CHUNK;
        s->ncall_slots += CALL_CHUNK;
    }
    slot = s->free_head - 1;
    c = call_at(s, slot);
    s->free_head = c->next_free;
    if (!s->free_head) s->free_tail = 0;
    c->next_free = 0;
    c->gen = (c->gen + 1) & GEN_MASK;
    if (!c->gen) c->gen = 1;
    c->line = l;
    c->used = 1;
    c->incoming = c->created = c->failed = c->closing = c->made = 0;
    c->state = c->app_state = 0;
    c->hd = c->hd_out = NULL;
    c->create_req = 0;
    return c;
}

static void call_release(hx_srv *s, hx_call *c)
{
    c->closed_seq = seq_now(s);
    c->used = 0;
    c->closing = 0;
    c->next_free = 0;
    if (s->free_tail) call_at(s, s->free_tail - 1)->next_free = c->slot + 1;
    else s->free_head = c->slot + 1;
    s->free_tail = c->slot + 1;
    wake_waiters(s);             /* a close waiting for the call (hx__line_close) */
}

hx_call *hx__call_new(hx_line *l)
{
    hx_srv *s = l->srv;
    hx_call *c;
    tspk_mutex_lock(&s->lock);
    c = l->state == HX_DEV_OPEN ? call_alloc(s, l) : NULL;
    tspk_mutex_unlock(&s->lock);
    return c;
}

void hx__call_made(hx_call *c, LONG returned, DRV_REQUESTID id)
{
    hx_srv *s = c->srv;
    int unwritten = 0;
    tspk_mutex_lock(&s->lock);
    if (returned < 0) {
        /* TAPI ignores lphdCall after an error and never closes the call
         * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_lineclosecall). */
        tspk_mutex_unlock(&s->lock);
        hx__msp_call_detach(c);
        tspk_mutex_lock(&s->lock);
        call_release(s, c);
        tspk_mutex_unlock(&s->lock);
        return;
    }
    unwritten = c->hd_out == (HDRVCALL)(uintptr_t)HX__HDCALL_SENTINEL;
    c->hd = c->hd_out;
    c->made = 1;
    wake_waiters(s);
    tspk_mutex_unlock(&s->lock);
    if (unwritten)
        hx_checks_report(s->checks, HX_CHK_HDCALL_NOT_WRITTEN, "TSPI_lineMakeCall",
                         "returned %ld for request %lu and left *lphdCall at the harness's mark 0x%lx",
                         (long)returned, (unsigned long)id, (unsigned long)HX__HDCALL_SENTINEL);
}

HDRVLINE hx__line_hd(hx_line *l)
{
    HDRVLINE hd;
    tspk_mutex_lock(&l->srv->lock);
    hd = l->state == HX_DEV_OPEN ? l->hd : NULL;
    tspk_mutex_unlock(&l->srv->lock);
    return hd;
}

HDRVPHONE hx__phone_hd(hx_phone *p)
{
    HDRVPHONE hd;
    tspk_mutex_lock(&p->srv->lock);
    hd = p->state == HX_DEV_OPEN ? p->hd : NULL;
    tspk_mutex_unlock(&p->srv->lock);
    return hd;
}

HDRVCALL hx__call_hd(hx_call *c)
{
    HDRVCALL hd;
    tspk_mutex_lock(&c->srv->lock);
    hd = c->used && !c->closing ? c->hd : NULL;
    tspk_mutex_unlock(&c->srv->lock);
    return hd;
}

void hx__set_ext_selected(hx_srv *s, DWORD *slot, DWORD ext)
{
    tspk_mutex_lock(&s->lock);
    *slot = ext;
    tspk_mutex_unlock(&s->lock);
}

DWORD hx__get_ext_selected(hx_srv *s, const DWORD *slot)
{
    DWORD v;
    tspk_mutex_lock(&s->lock);
    v = *slot;
    tspk_mutex_unlock(&s->lock);
    return v;
}

int hx__line_opening(hx_line *l)
{
    int ok;
    tspk_mutex_lock(&l->srv->lock);
    ok = l->state == HX_DEV_PRESENT;
    if (ok) {
        l->state = HX_DEV_OPENING;
        l->gen = (l->gen + 1) & GEN_MASK;
        if (!l->gen) l->gen = 1;
    }
    tspk_mutex_unlock(&l->srv->lock);
    return ok ? 0 : -1;
}

void hx__line_opened(hx_line *l, int ok, HDRVLINE hd, DWORD version)
{
    tspk_mutex_lock(&l->srv->lock);
    l->state = ok ? HX_DEV_OPEN : HX_DEV_PRESENT;
    l->hd = ok ? hd : NULL;
    if (ok) l->version = version;
    tspk_mutex_unlock(&l->srv->lock);
}

int hx__phone_opening(hx_phone *p)
{
    int ok;
    tspk_mutex_lock(&p->srv->lock);
    ok = p->state == HX_DEV_PRESENT;
    if (ok) {
        p->state = HX_DEV_OPENING;
        p->gen = (p->gen + 1) & GEN_MASK;
        if (!p->gen) p->gen = 1;
    }
    tspk_mutex_unlock(&p->srv->lock);
    return ok ? 0 : -1;
}

void hx__phone_opened(hx_phone *p, int ok, HDRVPHONE hd, DWORD version)
{
    tspk_mutex_lock(&p->srv->lock);
    p->state = ok ? HX_DEV_OPEN : HX_DEV_PRESENT;
    p->hd = ok ? hd : NULL;
    if (ok) p->version = version;
    tspk_mutex_unlock(&p->srv->lock);
}

LONG hx__call_close(hx_call *c)
{
    hx_srv *s = c->srv;
    HDRVCALL hd;
    LONG r;
    char b[16];
    tspk_mutex_lock(&s->lock);
    if (!c->used || c->closing || (c->create_req && !c->made)) {
        tspk_mutex_unlock(&s->lock);
        return LINEERR_INVALCALLHANDLE;
    }
    c->closing = 1;
    hd = c->hd;
    tspk_mutex_unlock(&s->lock);
    /* TAPI 3 shuts the MSP's call object down with the call. */
    hx__msp_call_detach(c);
    if (!s->t->TSPI_lineCloseCall) {
        r = LINEERR_OPERATIONUNAVAIL;
    } else {
        hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_lineCloseCall", 0, "hdCall %p", (void *)hd);
        hx__enter(s);
        r = s->t->TSPI_lineCloseCall(hd);
        hx__leave(s);
        hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_lineCloseCall", 0, "= %s",
                  hx__result_text(r, b));
        hx__sync_result(s, "TSPI_lineCloseCall", r);
    }
    /* The call is gone for TAPI whatever the provider said (the function "should
     * always succeed", tspi_lineclosecall remarks). */
    tspk_mutex_lock(&s->lock);
    call_release(s, c);
    tspk_mutex_unlock(&s->lock);
    return r;
}

LONG hx__line_close(hx_line *l)
{
    hx_srv *s = l->srv;
    HDRVLINE hd;
    hx_call **calls = NULL;
    DWORD n = 0, i;
    LONG r;
    char b[16];
    tspk_mutex_lock(&s->lock);
    if (l->state != HX_DEV_OPEN) {
        tspk_mutex_unlock(&s->lock);
        return LINEERR_INVALLINEHANDLE;
    }
    l->state = HX_DEV_CLOSING;
    hd = l->hd;
    /* TAPISRV deallocates the line's calls first (LINE_REMOVE / lineClose). */
    if (s->ncall_slots) calls = (hx_call **)malloc(s->ncall_slots * sizeof *calls);
    for (i = 0; calls && i < s->ncall_slots; i++) {
        hx_call *c = call_at(s, i);
        if (c->used && c->line == l && !c->closing) calls[n++] = c;
    }
    tspk_mutex_unlock(&s->lock);
    for (i = 0; i < n; i++) {
        tspk_mutex_lock(&s->lock);
        /* A lineMakeCall still running finishes first: its hdCall is not known yet. */
        while (calls[i]->used && calls[i]->create_req && !calls[i]->made) wait_changed(s, 100);
        tspk_mutex_unlock(&s->lock);
        hx__call_close(calls[i]);
    }
    free(calls);
    /* Then the line's MSP instances. */
    for (;;) {
        hx_msp_line *m = NULL;
        tspk_mutex_lock(&s->lock);
        for (i = 0; i < s->nmsp && !m; i++)
            if (s->msp_lines[i]->used && !s->msp_lines[i]->closing && s->msp_lines[i]->line == l) m = s->msp_lines[i];
        tspk_mutex_unlock(&s->lock);
        if (!m) break;
        hx__msp_line_close(m);
    }
    if (!s->t->TSPI_lineClose) {
        r = LINEERR_OPERATIONUNAVAIL;
    } else {
        hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_lineClose", 0, "hdLine %p (device %lu)",
                  (void *)hd, (unsigned long)l->device_id);
        hx__enter(s);
        r = s->t->TSPI_lineClose(hd);
        hx__leave(s);
        hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_lineClose", 0, "= %s",
                  hx__result_text(r, b));
        hx__sync_result(s, "TSPI_lineClose", r);
    }
    tspk_mutex_lock(&s->lock);
    l->closed_seq = seq_now(s);
    l->state = HX_DEV_PRESENT;
    l->hd = NULL;
    l->ext_selected = 0;         /* closing cancels the selection */
    tspk_mutex_unlock(&s->lock);
    return r;
}

LONG hx__phone_close(hx_phone *p)
{
    hx_srv *s = p->srv;
    HDRVPHONE hd;
    LONG r;
    char b[16];
    tspk_mutex_lock(&s->lock);
    if (p->state != HX_DEV_OPEN) {
        tspk_mutex_unlock(&s->lock);
        return PHONEERR_INVALPHONEHANDLE;
    }
    p->state = HX_DEV_CLOSING;
    hd = p->hd;
    tspk_mutex_unlock(&s->lock);
    if (!s->t->TSPI_phoneClose) {
        r = PHONEERR_OPERATIONUNAVAIL;
    } else {
        hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_phoneClose", 0, "hdPhone %p (device %lu)",
                  (void *)hd, (unsigned long)p->device_id);
        hx__enter(s);
        r = s->t->TSPI_phoneClose(hd);
        hx__leave(s);
        hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_phoneClose", 0, "= %s",
                  hx__result_text(r, b));
        hx__sync_result(s, "TSPI_phoneClose", r);
    }
    tspk_mutex_lock(&s->lock);
    p->closed_seq = seq_now(s);
    p->state = HX_DEV_PRESENT;
    p->hd = NULL;
    p->ext_selected = 0;
    tspk_mutex_unlock(&s->lock);
    return r;
}

/* The array with room for one more element after count: arr itself, or a larger copy
 * (capacity doubled, *cap updated); NULL when out of memory (arr is left as it was). */
static void *array_room(void *arr, DWORD *cap, DWORD count, size_t elem)
{
    DWORD ncap;
    void *n;
    if (count < *cap) return arr;
    ncap = *cap ? *cap * 2 : 8;
    n = realloc(arr, (size_t)ncap * elem);
    if (n) *cap = ncap;
    return n;
}

/* Lock held. A device object; index = its position, device ID = base + index. */
static hx_line *line_add(hx_srv *s, int state)
{
    hx_line *l, **n = (hx_line **)array_room(s->lines, &s->cap_lines, s->nlines, sizeof *n);
    if (!n) return NULL;
    s->lines = n;
    if (s->nlines > 0xFFFEu || !(l = (hx_line *)calloc(1, sizeof *l))) return NULL;
    l->srv = s;
    l->index = s->nlines;
    l->device_id = s->cfg.line_base + s->nlines;
    l->state = state;
    s->lines[s->nlines++] = l;
    return l;
}

static hx_phone *phone_add(hx_srv *s, int state)
{
    hx_phone *p, **n = (hx_phone **)array_room(s->phones, &s->cap_phones, s->nphones, sizeof *n);
    if (!n) return NULL;
    s->phones = n;
    if (s->nphones > 0xFFFEu || !(p = (hx_phone *)calloc(1, sizeof *p))) return NULL;
    p->srv = s;
    p->index = s->nphones;
    p->device_id = s->cfg.phone_base + s->nphones;
    p->state = state;
    s->phones[s->nphones++] = p;
    return p;
}

/* ------------------------------------------------------------------------ */
/* Requests                                                                   */

static hx_req *req_find(hx_srv *s, DRV_REQUESTID id)
{
    hx_req *r;
    if (!id || !s->req_cap) return NULL;
    r = &s->reqs[id & (s->req_cap - 1)];
    return r->id == id ? r : NULL;
}

static int req_grow(hx_srv *s)
{
    DWORD cap = s->req_cap ? s->req_cap * 2 : 64, i;
    hx_req *n;
    for (;;) {
        int clash = 0;
        if (cap > (1u << 24)) return -1;
        if (!(n = (hx_req *)calloc(cap, sizeof *n))) return -1;
        for (i = 0; i < s->req_cap && !clash; i++) {
            hx_req *r = &s->reqs[i];
            if (!r->id) continue;
            if (n[r->id & (cap - 1)].id) clash = 1;
            else n[r->id & (cap - 1)] = *r;
        }
        if (!clash) break;
        free(n);
        cap *= 2;
    }
    free(s->reqs);
    s->reqs = n;
    s->req_cap = cap;
    return 0;
}

static hx_recent *recent_find(hx_srv *s, DRV_REQUESTID id)
{
    hx_recent *e = &s->recent[id % RECENT];
    return id && e->id == id ? e : NULL;
}

static void recent_put(hx_srv *s, DRV_REQUESTID id, int how, LONG result)
{
    hx_recent *e = &s->recent[id % RECENT];
    e->id = id;
    e->how = how;
    e->result = result;
}

/* Is the head a reply whose function has not returned yet? (lock held) A reply is
 * delivered only after its function returned, and nothing queued after it overtakes it
 * (learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model). */
static int head_blocked(hx_srv *s)
{
    hx_qmsg *h = &s->q[s->q_head];
    hx_req *r;
    if (h->type != Q_REPLY) return 0;
    r = req_find(s, h->req);
    return r && !r->returned;
}

/* Lock held. The dispatch thread is signalled only when it waits and now has work: the
 * stop, or a head it may deliver (the queue was empty, or the request of the reply at
 * the head returned or ended). Messages queued behind a held head wake nobody. */
static void wake_dispatch(hx_srv *s)
{
    if (s->dispatch_idle && (s->stopping || (s->q_count && !head_blocked(s))))
        tspk_cond_signal(&s->work);
}

/* Lock held. */
static void req_remove(hx_srv *s, hx_req *r)
{
    free(r->copy_back);
    memset(r, 0, sizeof *r);
    s->nreqs--;
    wake_waiters(s);             /* hx_srv_wait_reply */
    wake_dispatch(s);            /* a reply for it at the head is dropped now */
}

DRV_REQUESTID hx__req_begin(hx_srv *s, const char *func, int phone, hx_call *creates,
                            void *copy_back, void *app_buf, DWORD size)
{
    DRV_REQUESTID id = 0;
    hx_req *r;
    tspk_mutex_lock(&s->lock);
    /* IDs are positive LONGs: the provider returns them as its LONG result. */
    while (!id) {
        id = s->next_id++;
        if (s->next_id > 0x7FFFFFFFu) s->next_id = 1;
        if (req_find(s, id) || recent_find(s, id)) id = 0;
    }
    if (!s->req_cap || s->reqs[id & (s->req_cap - 1)].id) {
        if (req_grow(s)) {
            tspk_mutex_unlock(&s->lock);
            free(copy_back);
            return 0;
        }
    }
    while (s->reqs[id & (s->req_cap - 1)].id && req_grow(s) == 0) {}
    r = &s->reqs[id & (s->req_cap - 1)];
    if (r->id) {
        tspk_mutex_unlock(&s->lock);
        free(copy_back);
        return 0;
    }
    memset(r, 0, sizeof *r);
    r->id = id;
    r->func = func;
    r->phone = phone ? 1 : 0;
    r->creates = creates;
    r->copy_back = copy_back;
    r->app_buf = app_buf;
    r->size = size;
    /* The dispatch thread sleeps without a timeout while no request is outstanding:
     * wake it so it sweeps for this one's completion (dispatch_main). */
    if (s->nreqs++ == 0 && s->dispatch_idle) tspk_cond_signal(&s->work);
    if (creates) creates->create_req = id;
    tspk_mutex_unlock(&s->lock);
    return id;
}

/* Lock held: puts a message at the tail. -1 when out of memory (the message is lost). */
static int enqueue(hx_srv *s, const hx_qmsg *m)
{
    if (s->q_count == s->q_cap) {
        size_t cap = s->q_cap ? s->q_cap * 2 : 256, i;
        hx_qmsg *n = (hx_qmsg *)malloc(cap * sizeof *n);
        if (!n) return -1;
        for (i = 0; i < s->q_count; i++) n[i] = s->q[(s->q_head + i) % s->q_cap];
        free(s->q);
        s->q = n;
        s->q_cap = cap;
        s->q_head = 0;
    }
    s->q[(s->q_head + s->q_count++) % s->q_cap] = *m;
    wake_dispatch(s);
    return 0;
}

static void qmsg_init(hx_qmsg *q, int type, DWORD msg)
{
    memset(q, 0, sizeof *q);
    q->type = type;
    q->m.msg = msg;
}

LONG hx__req_returned(hx_srv *s, DRV_REQUESTID id, LONG returned)
{
    hx_req *r;
    pending p;
    p.n = 0;
    tspk_mutex_lock(&s->lock);
    r = req_find(s, id);
    if (!r) {
        tspk_mutex_unlock(&s->lock);
        return returned < 0 ? returned : (LONG)LINEERR_OPERATIONFAILED;
    }
    if (returned < 0) {
        /* A negative result ends the request: no completion may follow (seed 004). */
        if (r->completed)
            pend(&p, HX_CHK_ASYNC_ERROR_COMPLETED, r->func,
                 "returned %s for request %lu after calling ASYNC_COMPLETION(%lu, %s) for it",
                 hx_err_name(returned), (unsigned long)id, (unsigned long)id, hx_err_name(r->result));
        recent_put(s, id, FIN_ERROR_RETURNED, returned);
        req_remove(s, r);           /* a queued reply for it is dropped at the head */
        tspk_mutex_unlock(&s->lock);
        flush_reports(s, &p);
        return returned;
    }
    if ((DWORD)returned != id) {
        /* Treated as if it had returned the ID: a completion may still come. */
        pend(&p, HX_CHK_ASYNC_RETURN, r->func, "returned %ld for request %lu", (long)returned,
             (unsigned long)id);
        r->bad_return = 1;
    }
    r->returned = 1;
    r->t_returned = tspk_now_us();
    wake_waiters(s);             /* the dispatch thread's own hx_srv_wait_reply */
    wake_dispatch(s);            /* its reply may be at the head */
    tspk_mutex_unlock(&s->lock);
    flush_reports(s, &p);
    return (LONG)id;
}

/* ------------------------------------------------------------------------ */
/* Callbacks from the provider                                                */

static void CALLBACK on_completion(DRV_REQUESTID id, LONG result)
{
    hx_srv *s = current;
    hx_req *r;
    hx_recent *old;
    hx_qmsg q;
    pending p;
    const char *func = "ASYNC_COMPLETION";
    if (!s) return;
    p.n = 0;
    if (s->trace) {
        char b[16];
        hx__trace(s, HX_TR_CALLBACK, HX_LANE_TSP, HX_LANE_TAPISRV, "ASYNC_COMPLETION", id, "%lu, %s",
                  (unsigned long)id, hx__result_text(result, b));
    }
    tspk_mutex_lock(&s->lock);
    r = req_find(s, id);
    if (!r) {
        old = recent_find(s, id);
        if (old && old->how == FIN_COMPLETED)
            pend(&p, HX_CHK_COMPLETION_TWICE, func, "request %lu completed again with %s (first: %s)",
                 (unsigned long)id, hx_err_name(result), hx_err_name(old->result));
        else if (old && old->how == FIN_ERROR_RETURNED)
            pend(&p, HX_CHK_ASYNC_ERROR_COMPLETED, func,
                 "request %lu completed with %s after its function returned %s", (unsigned long)id,
                 hx_err_name(result), hx_err_name(old->result));
        else
            pend(&p, HX_CHK_COMPLETION_UNKNOWN, func, "request %lu (result %s) was never issued or is finished",
                 (unsigned long)id, hx_err_name(result));
    } else if (r->completed) {
        pend(&p, HX_CHK_COMPLETION_TWICE, func, "request %lu (%s) completed again with %s (first: %s)",
             (unsigned long)id, r->func, hx_err_name(result), hx_err_name(r->result));
    } else {
        r->completed = 1;
        r->result = result;
        if (r->creates) {
            /* The new call becomes valid only with a successful completion
             * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linemakecall). */
            if (result == 0) r->creates->created = 1;
            else r->creates->failed = 1;
        }
        qmsg_init(&q, Q_REPLY, r->phone ? PHONE_REPLY : LINE_REPLY);
        q.req = id;
        q.m.p1 = id;
        q.m.p2 = (DWORD_PTR)(DWORD)result;
        enqueue(s, &q);
        wake_waiters(s);         /* the dispatch thread's own hx_srv_wait_reply */
    }
    tspk_mutex_unlock(&s->lock);
    flush_reports(s, &p);
}

/* Checks a LINE_CALLSTATE against the call's history (lock held); the states are those
 * of learn.microsoft.com/windows/win32/tapi/linecallstate--constants. */
static void check_callstate(hx_call *c, DWORD state, pending *p)
{
    DWORD from = c->state & 0x00FFFFFFu, to = state & 0x00FFFFFFu;
    const char *f = "LINEEVENT";
    if (from == LINECALLSTATE_IDLE) {
        if (to != LINECALLSTATE_IDLE)
            pend(p, HX_CHK_CALLSTATE_TRANSITION, f, "LINE_CALLSTATE %s -> %s on htCall 0x%lx: a call never leaves IDLE",
                 hx_callstate_name(from), hx_callstate_name(to), (unsigned long)(uintptr_t)hx__call_ht(c));
        else
            pend(p, HX_CHK_EVENT_AFTER_IDLE, f, "LINE_CALLSTATE IDLE again on htCall 0x%lx",
                 (unsigned long)(uintptr_t)hx__call_ht(c));
        return;
    }
    if (to == LINECALLSTATE_OFFERING && (!c->incoming || (from && from != LINECALLSTATE_OFFERING)))
        pend(p, HX_CHK_CALLSTATE_TRANSITION, f,
             "LINE_CALLSTATE %s -> OFFERING on htCall 0x%lx: OFFERING is only the first state of an incoming call",
             hx_callstate_name(from), (unsigned long)(uintptr_t)hx__call_ht(c));
    else if (to == LINECALLSTATE_ACCEPTED && from != LINECALLSTATE_OFFERING && from != LINECALLSTATE_ACCEPTED)
        pend(p, HX_CHK_CALLSTATE_TRANSITION, f,
             "LINE_CALLSTATE %s -> ACCEPTED on htCall 0x%lx: only an OFFERING call is accepted",
             hx_callstate_name(from), (unsigned long)(uintptr_t)hx__call_ht(c));
}

/* LINE_SENDMSPDATA (lock held): exists from TSPI 3.0 on; dwParam1 is an htMSPLine of
 * this line or 0 for all of them; the buffer is copied, since it is the provider's
 * (learn.microsoft.com/windows/win32/tapi/line-sendmspdata). 0 to queue it, -1 to drop. */
static int check_mspdata(hx_srv *s, hx_line *l, hx_qmsg *q, pending *p)
{
    const char *f = "LINEEVENT";
    DWORD size = (DWORD)q->m.p3;
    if (l->version < 0x00030000u) {
        pend(p, HX_CHK_MSPDATA_VERSION, f, "LINE_SENDMSPDATA on device %lu, opened at TSPI version 0x%08lx",
             (unsigned long)l->device_id, (unsigned long)l->version);
        return -1;
    }
    if (q->m.p1) {
        DWORD v = (DWORD)q->m.p1, slot = (v & 0xFFFFu) - 1;
        hx_msp_line *m = (v >> 24) == 0x4Du && (v & 0xFFFFu) && slot < s->nmsp ? s->msp_lines[slot] : NULL;
        if (!m || !m->used || m->closing || m->line != l || (m->gen & 0xFFu) != ((v >> 16) & 0xFFu)) {
            pend(p, HX_CHK_MSPDATA_UNKNOWN_MSP, f, "LINE_SENDMSPDATA on device %lu for htMSPLine 0x%08lx",
                 (unsigned long)l->device_id, (unsigned long)v);
            return -1;
        }
    }
    /* Buffers larger than MSPDATA_MAX, or with no bytes where the size says there are
     * some, are not relayed (and counted as dropped). */
    if (size > MSPDATA_MAX || (size && !q->m.p2) || (size && !(q->data = malloc(size)))) {
        s->msp_stats.dropped++;
        return -1;
    }
    if (size) memcpy(q->data, (const void *)q->m.p2, size);
    q->type = Q_MSPDATA;
    q->m.p2 = 0;
    q->size = size;
    return 0;
}

static void trace_line_event(hx_srv *s, HTAPILINE htLine, HTAPICALL htCall, DWORD msg, DWORD_PTR p1,
                             DWORD_PTR p2, DWORD_PTR p3)
{
    if (msg == LINE_CALLSTATE)
        hx__trace(s, HX_TR_CALLBACK, HX_LANE_TSP, HX_LANE_TAPISRV, "LINE_CALLSTATE", 0,
                  "htLine 0x%lx, htCall 0x%lx, %s, mode 0x%" PRIxPTR ", media 0x%" PRIxPTR "", (unsigned long)(uintptr_t)htLine,
                  (unsigned long)(uintptr_t)htCall, hx_callstate_name((DWORD)p1), (uintptr_t)p2,
                  (uintptr_t)p3);
    else
        hx__trace(s, HX_TR_CALLBACK, HX_LANE_TSP, HX_LANE_TAPISRV, hx_msg_name(msg), 0,
                  "htLine 0x%lx, htCall 0x%lx, 0x%" PRIxPTR ", 0x%" PRIxPTR ", 0x%" PRIxPTR "", (unsigned long)(uintptr_t)htLine,
                  (unsigned long)(uintptr_t)htCall, (uintptr_t)p1, (uintptr_t)p2, (uintptr_t)p3);
}

static void CALLBACK on_line_event(HTAPILINE htLine, HTAPICALL htCall, DWORD msg, DWORD_PTR p1,
                                   DWORD_PTR p2, DWORD_PTR p3)
{
    hx_srv *s = current;
    hx_line *l = NULL;
    hx_call *c = NULL;
    hx_qmsg q;
    pending p;
    int st;
    const char *f = "LINEEVENT";
    unsigned seq;
    if (!s) return;
    seq = atomic_fetch_add(&s->cb_seq, 1u);    /* first: when the provider sent it */
    p.n = 0;
    if (s->trace) trace_line_event(s, htLine, htCall, msg, p1, p2, p3);
    tspk_mutex_lock(&s->lock);
    if (msg == LINE_CREATE || msg == LINE_REMOVE) {
        /* Handled on the dispatch thread: TAPISRV calls TSPI_providerCreateLineDevice
         * (or closes the device) after the callback returned
         * (learn.microsoft.com/windows/win32/tapi/line-create, .../line-remove). */
        qmsg_init(&q, msg == LINE_CREATE ? Q_LINE_CREATE : Q_LINE_REMOVE, msg);
        q.m.p1 = p1;
        q.m.p2 = p2;
        enqueue(s, &q);
        tspk_mutex_unlock(&s->lock);
        return;
    }
    st = decode_line(s, htLine, seq, &l);
    /* A new call on a line that is no longer open: "not now" (line-newcall). */
    if (st != H_VALID && msg == LINE_NEWCALL && p2) *(HTAPICALL *)p2 = NULL;
    if (st == H_LATE) goto out;
    if (st != H_VALID) {
        pend(&p, st == H_CLOSED ? HX_CHK_EVENT_CLOSED_LINE : HX_CHK_EVENT_UNKNOWN_LINE, f,
             "%s for htLine 0x%lx%s", hx_msg_name(msg), (unsigned long)(uintptr_t)htLine,
             st == H_CLOSED ? ", closed" : ", never issued");
        goto out;
    }
    qmsg_init(&q, Q_APP, msg);
    q.m.line = l;
    q.line_gen = l->gen;
    q.m.p1 = p1;
    q.m.p2 = p2;
    q.m.p3 = p3;
    if (msg == LINE_NEWCALL) {
        /* TAPISRV allocates its call and writes htCall through dwParam2; NULL means
         * "not now" (learn.microsoft.com/windows/win32/tapi/line-newcall). */
        if (!p1 || !p2) {
            pend(&p, HX_CHK_NEWCALL_INVALID, f, "LINE_NEWCALL on htLine 0x%lx with hdCall 0x%" PRIxPTR ", lphtCall 0x%" PRIxPTR "",
                 (unsigned long)(uintptr_t)htLine, (uintptr_t)p1, (uintptr_t)p2);
            if (p2) *(HTAPICALL *)p2 = NULL;
            goto out;
        }
        c = l->state == HX_DEV_CLOSING ? NULL : call_alloc(s, l);
        if (!c) {
            *(HTAPICALL *)p2 = NULL;
            goto out;
        }
        c->incoming = 1;
        c->created = 1;
        c->hd = (HDRVCALL)p1;
        *(HTAPICALL *)p2 = hx__call_ht(c);
        q.m.call = c;
        q.call_gen = c->gen;
        q.m.p2 = (DWORD_PTR)hx__call_ht(c);
    } else if (htCall) {
        st = decode_call(s, htCall, seq, &c);
        if (st == H_LATE) goto out;
        if (st != H_VALID) {
            pend(&p, st == H_CLOSED ? HX_CHK_EVENT_CLOSED_CALL : HX_CHK_EVENT_UNKNOWN_CALL, f,
                 "%s for htCall 0x%lx%s", hx_msg_name(msg), (unsigned long)(uintptr_t)htCall,
                 st == H_CLOSED ? ", closed" : ", never issued");
            goto out;
        }
        if (c->line != l) {
            pend(&p, HX_CHK_EVENT_UNKNOWN_CALL, f, "%s for htCall 0x%lx on htLine 0x%lx: the call is on device %lu",
                 hx_msg_name(msg), (unsigned long)(uintptr_t)htCall, (unsigned long)(uintptr_t)htLine,
                 (unsigned long)c->line->device_id);
            goto out;
        }
        if (!c->created) {
            pend(&p, HX_CHK_EVENT_BEFORE_CREATED, f,
                 "%s for htCall 0x%lx before its TSPI_lineMakeCall (request %lu) completed successfully",
                 hx_msg_name(msg), (unsigned long)(uintptr_t)htCall, (unsigned long)c->create_req);
            goto out;
        }
        if (msg == LINE_CALLSTATE) {
            check_callstate(c, (DWORD)p1, &p);
            if ((c->state & 0x00FFFFFFu) != LINECALLSTATE_IDLE) c->state = (DWORD)p1;
        } else if ((c->state & 0x00FFFFFFu) == LINECALLSTATE_IDLE) {
            pend(&p, HX_CHK_EVENT_AFTER_IDLE, f, "%s for htCall 0x%lx after LINE_CALLSTATE IDLE",
                 hx_msg_name(msg), (unsigned long)(uintptr_t)htCall);
        }
        q.m.call = c;
        q.call_gen = c->gen;
    } else if (msg == LINE_CLOSE) {
        q.type = Q_LINE_CLOSE;
    }
    if (msg == LINE_SENDMSPDATA && check_mspdata(s, l, &q, &p)) goto out;
    if (enqueue(s, &q)) free(q.data);
out:
    tspk_mutex_unlock(&s->lock);
    flush_reports(s, &p);
}

static void CALLBACK on_phone_event(HTAPIPHONE htPhone, DWORD msg, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    hx_srv *s = current;
    hx_phone *ph = NULL;
    hx_qmsg q;
    pending p;
    int st;
    unsigned seq;
    if (!s) return;
    seq = atomic_fetch_add(&s->cb_seq, 1u);
    p.n = 0;
    hx__trace(s, HX_TR_CALLBACK, HX_LANE_TSP, HX_LANE_TAPISRV, hx_msg_name(msg), 0,
              "htPhone 0x%lx, 0x%" PRIxPTR ", 0x%" PRIxPTR ", 0x%" PRIxPTR "", (unsigned long)(uintptr_t)htPhone, (uintptr_t)p1,
              (uintptr_t)p2, (uintptr_t)p3);
    tspk_mutex_lock(&s->lock);
    if (msg == PHONE_CREATE || msg == PHONE_REMOVE) {
        qmsg_init(&q, msg == PHONE_CREATE ? Q_PHONE_CREATE : Q_PHONE_REMOVE, msg);
        q.m.p1 = p1;
        q.m.p2 = p2;
        enqueue(s, &q);
        tspk_mutex_unlock(&s->lock);
        return;
    }
    st = decode_phone(s, htPhone, seq, &ph);
    if (st == H_LATE) {
        /* Sent before the close returned: in time, but there is nobody to deliver it to. */
    } else if (st != H_VALID) {
        pend(&p, st == H_CLOSED ? HX_CHK_EVENT_CLOSED_PHONE : HX_CHK_EVENT_UNKNOWN_PHONE, "PHONEEVENT",
             "%s for htPhone 0x%lx%s", hx_msg_name(msg), (unsigned long)(uintptr_t)htPhone,
             st == H_CLOSED ? ", closed" : ", never issued");
    } else {
        qmsg_init(&q, msg == PHONE_CLOSE ? Q_PHONE_CLOSE : Q_APP, msg);
        q.m.phone = ph;
        q.phone_gen = ph->gen;
        q.m.p1 = p1;
        q.m.p2 = p2;
        q.m.p3 = p3;
        enqueue(s, &q);
    }
    tspk_mutex_unlock(&s->lock);
    flush_reports(s, &p);
}

LINEEVENT hx__line_event_proc(void) { return on_line_event; }
PHONEEVENT hx__phone_event_proc(void) { return on_phone_event; }

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                   */

/* Hands a message to the application and then to the wait queue. finished: the request
 * a reply ends (0: none), which is removed only now, with the reply in the wait queue,
 * so that hx_srv_wait_reply returns after the application got the reply and its buffer. */
static void deliver(hx_srv *s, const hx_msg *m, DRV_REQUESTID finished)
{
    hx_req *r;
    if (s->trace) {
        if (m->msg == LINE_CALLSTATE)
            hx__trace(s, HX_TR_DELIVER, HX_LANE_TAPISRV, HX_LANE_APP, "LINE_CALLSTATE", 0,
                      "device %lu, call 0x%lx, %s, 0x%" PRIxPTR ", 0x%" PRIxPTR "", (unsigned long)(m->line ? m->line->device_id : 0),
                      (unsigned long)(uintptr_t)(m->call ? hx__call_ht(m->call) : NULL),
                      hx_callstate_name((DWORD)m->p1), (uintptr_t)m->p2, (uintptr_t)m->p3);
        else if (m->msg == LINE_REPLY || m->msg == PHONE_REPLY) {
            char b[16];
            hx__trace(s, HX_TR_DELIVER, HX_LANE_TAPISRV, HX_LANE_APP, hx_msg_name(m->msg), (DWORD)m->p1,
                      "request %lu, %s", (unsigned long)m->p1, hx__result_text((LONG)(DWORD)m->p2, b));
        } else
            hx__trace(s, HX_TR_DELIVER, HX_LANE_TAPISRV, HX_LANE_APP, hx_msg_name(m->msg), 0,
                      "%s %lu, call 0x%lx, 0x%" PRIxPTR ", 0x%" PRIxPTR ", 0x%" PRIxPTR "", m->phone ? "phone" : "device",
                      (unsigned long)(m->phone ? m->phone->device_id : m->line ? m->line->device_id : 0),
                      (unsigned long)(uintptr_t)(m->call ? hx__call_ht(m->call) : NULL), (uintptr_t)m->p1,
                      (uintptr_t)m->p2, (uintptr_t)m->p3);
    }
    if (s->app) s->app(s->app_user, m);
    tspk_mutex_lock(&s->lock);
    if (m->msg == LINE_CALLSTATE && m->call) m->call->app_state = (DWORD)m->p1;
    if (s->seen_count == HX_SRV_WAIT_QUEUE) {
        s->seen_head = (s->seen_head + 1) % HX_SRV_WAIT_QUEUE;
        s->seen_count--;
    }
    s->seen[(s->seen_head + s->seen_count++) % HX_SRV_WAIT_QUEUE] = *m;
    if (finished && (r = req_find(s, finished))) {
        recent_put(s, finished, FIN_COMPLETED, r->result);
        req_remove(s, r);        /* wakes the waiters */
    } else {
        wake_waiters(s);
    }
    tspk_mutex_unlock(&s->lock);
}



static void process_create(hx_srv *s, hx_qmsg *q, int phone)
{
    const char *func = phone ? "TSPI_providerCreatePhoneDevice" : "TSPI_providerCreateLineDevice";
    DWORD device_id = 0, version = 0;
    hx_line *l = NULL;
    hx_phone *ph = NULL;
    LONG r;
    char b[16];
    hx_msg m;
    tspk_mutex_lock(&s->lock);
    if (phone) {
        if ((ph = phone_add(s, HX_DEV_NEW))) device_id = ph->device_id;
    } else {
        if ((l = line_add(s, HX_DEV_NEW))) device_id = l->device_id;
    }
    tspk_mutex_unlock(&s->lock);
    if (!l && !ph) return;
    hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, func, 0, "temporary ID %lu, device %lu",
              (unsigned long)q->m.p2, (unsigned long)device_id);
    hx__enter(s);
    if (phone) r = s->t->TSPI_providerCreatePhoneDevice ? s->t->TSPI_providerCreatePhoneDevice(q->m.p2, device_id)
                                                        : (LONG)PHONEERR_OPERATIONUNAVAIL;
    else r = s->t->TSPI_providerCreateLineDevice ? s->t->TSPI_providerCreateLineDevice(q->m.p2, device_id)
                                                 : (LONG)LINEERR_OPERATIONUNAVAIL;
    hx__leave(s);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, func, 0, "= %s", hx__result_text(r, b));
    hx__sync_result(s, func, r);
    if (r == 0) r = hx__negotiate(s, phone, device_id, &version);
    tspk_mutex_lock(&s->lock);
    if (phone) {
        ph->state = r == 0 ? HX_DEV_PRESENT : HX_DEV_REMOVED;
        ph->version = version;
    } else {
        l->state = r == 0 ? HX_DEV_PRESENT : HX_DEV_REMOVED;
        l->version = version;
    }
    tspk_mutex_unlock(&s->lock);
    if (r) return;
    memset(&m, 0, sizeof m);
    m.msg = phone ? PHONE_CREATE : LINE_CREATE;
    m.line = l;
    m.phone = ph;
    m.p1 = device_id;
    deliver(s, &m, 0);
}

/* LINE_REMOVE / LINE_CLOSE from the provider: close what is open (calls first), tell
 * the application, and for a removal never use the device again
 * (learn.microsoft.com/windows/win32/tapi/line-remove, LINE_CLOSE (TSPI)). */
static void process_close(hx_srv *s, hx_qmsg *q, int phone, int remove)
{
    hx_line *l = q->m.line;
    hx_phone *ph = q->m.phone;
    hx_msg m;
    int was_open;
    if (remove) {
        DWORD id = (DWORD)q->m.p1;
        l = phone ? NULL : hx_srv_line(s, id);
        ph = phone ? hx_srv_phone(s, id) : NULL;
        if (!l && !ph) {
            hx_srv_note(s, hx_msg_name(q->m.msg), "no device %lu: ignored", (unsigned long)id);
            return;
        }
    } else {
        /* The line may have been closed (and reopened) since the provider asked. */
        tspk_mutex_lock(&s->lock);
        was_open = phone ? ph->gen == q->phone_gen : l->gen == q->line_gen;
        tspk_mutex_unlock(&s->lock);
        if (!was_open) return;
    }
    was_open = (phone ? hx__phone_close(ph) : hx__line_close(l)) != (LONG)(phone ? PHONEERR_INVALPHONEHANDLE
                                                                               : LINEERR_INVALLINEHANDLE);
    memset(&m, 0, sizeof m);
    m.line = l;
    m.phone = ph;
    if (was_open) {
        m.msg = phone ? PHONE_CLOSE : LINE_CLOSE;
        deliver(s, &m, 0);
    }
    if (remove) {
        tspk_mutex_lock(&s->lock);
        if (phone) ph->state = HX_DEV_REMOVED;
        else l->state = HX_DEV_REMOVED;
        tspk_mutex_unlock(&s->lock);
        m.msg = phone ? PHONE_REMOVE : LINE_REMOVE;
        m.p1 = q->m.p1;
        deliver(s, &m, 0);
    }
}

static void process_reply(hx_srv *s, hx_qmsg *q)
{
    hx_req *r;
    hx_call *made, *failed = NULL;
    void *copy_back, *app_buf;
    DWORD size;
    LONG result;
    int phone;
    hx_msg m;
    tspk_mutex_lock(&s->lock);
    r = req_find(s, q->req);
    if (!r) {                         /* its function returned an error: no reply */
        tspk_mutex_unlock(&s->lock);
        return;
    }
    result = r->result;
    phone = r->phone;
    made = r->creates;
    copy_back = r->copy_back;
    app_buf = r->app_buf;
    size = r->size;
    r->copy_back = NULL;
    if (made && result != 0) failed = made;
    tspk_mutex_unlock(&s->lock);
    /* The buffer is the application's again: TAPI copies it back at completion. */
    if (copy_back && app_buf && result == 0) memcpy(app_buf, copy_back, size);
    free(copy_back);
    /* After an asynchronous failure of lineMakeCall TAPI closes the call itself
     * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_lineclosecall). */
    if (failed) hx__call_close(failed);
    memset(&m, 0, sizeof m);
    m.msg = phone ? PHONE_REPLY : LINE_REPLY;
    m.call = failed ? NULL : made;
    m.line = made ? made->line : NULL;
    m.p1 = q->req;
    m.p2 = (DWORD_PTR)(DWORD)result;
    deliver(s, &m, q->req);
}

/* LINE_SENDMSPDATA: to the MSP instance named, or to each of the line's, with the call's
 * MSP call object when the message names a call (seed 000: TAPISRV and TAPI 3 relay
 * the opaque buffer). */
static void process_mspdata(hx_srv *s, hx_qmsg *q)
{
    hx_msp_line *targets[16];
    hx_msp_call *calls[16];
    DWORD i, n = 0, v = (DWORD)q->m.p1;
    unsigned long delivered = 0, dropped = 0;
    hx_msg m;
    tspk_mutex_lock(&s->msp_lock);
    tspk_mutex_lock(&s->lock);
    for (i = 0; i < s->nmsp && n < 16; i++) {
        hx_msp_line *ml = s->msp_lines[i];
        hx_call *c = q->m.call;
        if (!ml->used || ml->closing || ml->line != q->m.line || !ml->addr) continue;
        if (v && hx__msp_line_ht(ml) != (HTAPIMSPLINE)v) continue;
        if (c && (!c->used || c->gen != q->call_gen || c->msp_line != ml || !c->msp)) {
            dropped++;               /* about a call this instance has no object for */
            continue;
        }
        targets[n] = ml;
        calls[n++] = c ? c->msp : NULL;
    }
    if (!n && !dropped) dropped = 1;
    s->msp_stats.dropped += dropped;
    tspk_mutex_unlock(&s->lock);
    for (i = 0; i < n; i++) {
        HRESULT hr = hx_msp_deliver(targets[i]->addr, calls[i], q->data, q->size);
        hx__trace(s, HX_TR_MSP, HX_LANE_TAPISRV, HX_LANE_MSP, "ReceiveTSPData", 0,
                  "htMSPLine 0x%08lx, %s, %lu bytes = 0x%08lx", (unsigned long)hx__msp_line_ht(targets[i]),
                  calls[i] ? "with the call's object" : "no call", (unsigned long)q->size, (unsigned long)hr);
        delivered++;
    }
    tspk_mutex_unlock(&s->msp_lock);
    if (!n) hx_srv_note(s, "LINE_SENDMSPDATA", "%lu bytes on device %lu: no MSP instance to take them",
                        (unsigned long)q->size, (unsigned long)q->m.line->device_id);
    tspk_mutex_lock(&s->lock);
    s->msp_stats.to_msp += delivered;
    tspk_mutex_unlock(&s->lock);
    free(q->data);
    q->data = NULL;
    m = q->m;
    m.p3 = q->size;
    deliver(s, &m, 0);
}

static void process(hx_srv *s, hx_qmsg *q)
{
    int current_obj = 1;
    switch (q->type) {
    case Q_REPLY: process_reply(s, q); return;
    case Q_LINE_CREATE: process_create(s, q, 0); return;
    case Q_PHONE_CREATE: process_create(s, q, 1); return;
    case Q_LINE_REMOVE: process_close(s, q, 0, 1); return;
    case Q_PHONE_REMOVE: process_close(s, q, 1, 1); return;
    case Q_LINE_CLOSE: process_close(s, q, 0, 0); return;
    case Q_PHONE_CLOSE: process_close(s, q, 1, 0); return;
    case Q_MSPDATA: process_mspdata(s, q); return;
    default: break;
    }
    /* Nothing reaches the application about an object it has closed since. */
    tspk_mutex_lock(&s->lock);
    if (q->m.call && (!q->m.call->used || q->m.call->gen != q->call_gen)) current_obj = 0;
    if (q->m.line && (q->m.line->gen != q->line_gen || q->m.line->state == HX_DEV_PRESENT ||
                      q->m.line->state == HX_DEV_REMOVED))
        current_obj = 0;
    if (q->m.phone && (q->m.phone->gen != q->phone_gen || q->m.phone->state == HX_DEV_PRESENT ||
                       q->m.phone->state == HX_DEV_REMOVED))
        current_obj = 0;
    tspk_mutex_unlock(&s->lock);
    /* TAPI 3 makes the MSP's call object before the application hears of the call. */
    if (current_obj && q->m.msg == LINE_NEWCALL && q->m.call) hx__msp_call_attach(q->m.call);
    if (current_obj) deliver(s, &q->m, 0);
}

/* Lock held: requests returned long ago and never completed are reported once. */
static void sweep(hx_srv *s, pending *p, uint64_t now, int all)
{
    DWORD i;
    for (i = 0; i < s->req_cap && p->n < MAX_REPORTS_PER_EVENT; i++) {
        hx_req *r = &s->reqs[i];
        if (!r->id || r->completed || r->missing_reported || r->bad_return) continue;
        if (!r->returned) continue;
        if (!all && now - r->t_returned < (uint64_t)s->cfg.timeout_ms * 1000u) continue;
        r->missing_reported = 1;
        pend(p, HX_CHK_COMPLETION_MISSING, r->func, all ? "request %lu still outstanding at TSPI_providerShutdown"
                                                        : "no ASYNC_COMPLETION for request %lu within %u ms",
             (unsigned long)r->id, s->cfg.timeout_ms);
    }
}

static void dispatch_main(void *user)
{
    hx_srv *s = (hx_srv *)user;
    uint64_t last_sweep = tspk_now_us();
    tspk_mutex_lock(&s->lock);
    s->dispatch_tid = tspk_thread_self_id();
    for (;;) {
        pending p;
        hx_qmsg q;
        uint64_t now;
        p.n = 0;
        while (!s->stopping && (s->q_count == 0 || head_blocked(s))) {
            s->dispatch_idle = 1;
            /* The sweep looks for requests whose completion is overdue: with none
             * outstanding there is nothing to look for, so sleep until woken (an idle
             * harness costs no CPU; hx__req_begin wakes us when the first one starts). */
            if (s->nreqs) tspk_cond_timedwait(&s->work, &s->lock, SWEEP_MS);
            else tspk_cond_wait(&s->work, &s->lock);
            s->dispatch_idle = 0;
            now = tspk_now_us();
            if (now - last_sweep >= SWEEP_MS * 1000u) {
                last_sweep = now;
                sweep(s, &p, now, 0);
                if (p.n) break;
            }
        }
        if (p.n) {
            tspk_mutex_unlock(&s->lock);
            flush_reports(s, &p);
            tspk_mutex_lock(&s->lock);
            continue;
        }
        if (s->stopping) break;
        q = s->q[s->q_head];
        s->q_head = (s->q_head + 1) % s->q_cap;
        s->q_count--;
        s->delivering = 1;
        tspk_mutex_unlock(&s->lock);
        process(s, &q);
        tspk_mutex_lock(&s->lock);
        s->delivering = 0;
        s->delivered++;
        wake_waiters(s);         /* hx_srv_flush */
    }
    tspk_mutex_unlock(&s->lock);
}

static int on_dispatch_thread(hx_srv *s)
{
    int yes;
    tspk_mutex_lock(&s->lock);
    yes = s->dispatch_tid == tspk_thread_self_id();
    tspk_mutex_unlock(&s->lock);
    return yes;
}

/* ------------------------------------------------------------------------ */
/* MSP instances                                                              */

hx_msphost *hx__msphost(hx_srv *s) { return s->msphost; }
hx_msphost *hx_srv_msphost(hx_srv *s) { return s->msphost; }

void hx_srv_msp_stats(hx_srv *s, hx_msp_stats *out)
{
    tspk_mutex_lock(&s->lock);
    *out = s->msp_stats;
    tspk_mutex_unlock(&s->lock);
}

/* htMSPLine: 'M' | generation (8 bits) | slot + 1; a 32-bit number (tspi.h). */
HTAPIMSPLINE hx__msp_line_ht(const hx_msp_line *m)
{
    return (HTAPIMSPLINE)(0x4D000000u | ((m->gen & 0xFFu) << 16) | (m->slot + 1));
}

hx_msp_line *hx__msp_line_new(hx_line *l, DWORD address_id)
{
    hx_srv *s = l->srv;
    hx_msp_line *m = NULL;
    DWORD i;
    tspk_mutex_lock(&s->lock);
    for (i = 0; i < s->nmsp && !m; i++)
        if (!s->msp_lines[i]->used) m = s->msp_lines[i];
    if (!m && s->nmsp < 0xFFFEu) {
        if (s->nmsp == s->cap_msp) {
            DWORD cap = s->cap_msp ? s->cap_msp * 2 : 8;
            hx_msp_line **n = (hx_msp_line **)realloc(s->msp_lines, cap * sizeof *n);
            if (n) {
                s->msp_lines = n;
                s->cap_msp = cap;
            }
        }
        if (s->nmsp < s->cap_msp && (m = (hx_msp_line *)calloc(1, sizeof *m))) {
            m->srv = s;
            m->slot = s->nmsp;
            s->msp_lines[s->nmsp++] = m;
        }
    }
    if (m) {
        m->gen = (m->gen + 1) & 0xFFu;
        if (!m->gen) m->gen = 1;
        m->used = 1;
        m->closing = 0;
        m->line = l;
        m->address_id = address_id;
        m->hd = NULL;
        m->addr = NULL;
    }
    tspk_mutex_unlock(&s->lock);
    return m;
}

void hx__set_msp_addr(hx_msp_line *m, hx_msp_addr *addr)
{
    tspk_mutex_lock(&m->srv->lock);
    m->addr = addr;
    tspk_mutex_unlock(&m->srv->lock);
}

void hx__msp_line_free(hx_msp_line *m)
{
    tspk_mutex_lock(&m->srv->lock);
    m->used = 0;
    m->closing = 0;
    m->addr = NULL;
    tspk_mutex_unlock(&m->srv->lock);
}

void hx__msp_call_attach(hx_call *c)
{
    hx_srv *s = c->srv;
    hx_msp_line *ml = NULL;
    hx_msp_call *mc = NULL;
    DWORD i;
    HRESULT hr;
    tspk_mutex_lock(&s->lock);
    for (i = 0; i < s->nmsp && !ml; i++)
        if (s->msp_lines[i]->used && !s->msp_lines[i]->closing && s->msp_lines[i]->line == c->line &&
            s->msp_lines[i]->addr)
            ml = s->msp_lines[i];
    if (ml) c->msp_line = ml;
    tspk_mutex_unlock(&s->lock);
    if (!ml) return;
    /* The owner is the hx_call: the MSP's MSP_HANDLE for the call, handed back in events. */
    tspk_mutex_lock(&s->msp_lock);
    hr = hx_msp_call_create(ml->addr, c, TAPIMEDIATYPE_AUDIO, &mc);
    tspk_mutex_unlock(&s->msp_lock);
    hx__trace(s, HX_TR_MSP, HX_LANE_TAPISRV, HX_LANE_MSP, "CreateMSPCall", 0, "htMSPLine 0x%08lx, call 0x%lx = 0x%08lx",
              (unsigned long)hx__msp_line_ht(ml), (unsigned long)(uintptr_t)hx__call_ht(c), (unsigned long)hr);
    tspk_mutex_lock(&s->lock);
    if (SUCCEEDED(hr)) c->msp = mc;
    else c->msp_line = NULL;
    tspk_mutex_unlock(&s->lock);
}

void hx__msp_call_detach(hx_call *c)
{
    hx_srv *s = c->srv;
    hx_msp_call *mc;
    tspk_mutex_lock(&s->lock);
    mc = c->msp;
    c->msp = NULL;
    c->msp_line = NULL;
    tspk_mutex_unlock(&s->lock);
    if (!mc) return;
    tspk_mutex_lock(&s->msp_lock);
    hx_msp_call_destroy(mc);
    tspk_mutex_unlock(&s->msp_lock);
    hx__trace(s, HX_TR_MSP, HX_LANE_TAPISRV, HX_LANE_MSP, "ShutdownMSPCall", 0, "call 0x%lx",
              (unsigned long)(uintptr_t)hx__call_ht(c));
}

LONG hx__msp_line_close(hx_msp_line *m)
{
    hx_srv *s = m->srv;
    hx_msp_addr *addr;
    HDRVMSPLINE hd;
    DWORD i;
    LONG r = 0;
    char b[16];
    tspk_mutex_lock(&s->lock);
    if (!m->used || m->closing) {
        tspk_mutex_unlock(&s->lock);
        return LINEERR_INVALPOINTER;
    }
    m->closing = 1;
    tspk_mutex_unlock(&s->lock);
    /* The calls' MSP objects first: Shutdown expects none alive (nf-msp-itmspaddress-shutdown). */
    for (;;) {
        hx_call *c = NULL;
        tspk_mutex_lock(&s->lock);
        for (i = 0; i < s->ncall_slots && !c; i++)
            if (call_at(s, i)->used && call_at(s, i)->msp_line == m) c = call_at(s, i);
        tspk_mutex_unlock(&s->lock);
        if (!c) break;
        hx__msp_call_detach(c);
    }
    tspk_mutex_lock(&s->lock);
    addr = m->addr;
    hd = m->hd;
    tspk_mutex_unlock(&s->lock);
    if (addr) {
        tspk_mutex_lock(&s->msp_lock);
        hx_msp_addr_destroy(addr);
        tspk_mutex_unlock(&s->msp_lock);
        hx__trace(s, HX_TR_MSP, HX_LANE_TAPISRV, HX_LANE_MSP, "Shutdown", 0, "htMSPLine 0x%08lx",
                  (unsigned long)hx__msp_line_ht(m));
    }
    if (s->t->TSPI_lineCloseMSPInstance) {
        hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_lineCloseMSPInstance", 0, "hdMSPLine %p",
                  (void *)hd);
        hx__enter(s);
        r = s->t->TSPI_lineCloseMSPInstance(hd);
        hx__leave(s);
        hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_lineCloseMSPInstance", 0, "= %s",
                  hx__result_text(r, b));
        hx__sync_result(s, "TSPI_lineCloseMSPInstance", r);
    }
    hx__msp_line_free(m);
    return r;
}

/* MSP_TSP_DATA from an MSP's event pump: to TSPI_lineReceiveMSPData, unless it is about
 * a call the TSP does not know yet, which fails (seed 000). Other events are traced. */
static void on_msp_event(void *user, const hx_msp_event *ev)
{
    hx_srv *s = (hx_srv *)user;
    hx_msp_line *ml = (hx_msp_line *)ev->addr_owner;
    hx_call *c = (hx_call *)ev->call_owner;
    HDRVLINE hdl = NULL;
    HDRVCALL hdc = NULL;
    HDRVMSPLINE hdm = NULL;
    void *copy;
    int known = 1, usable;
    LONG r;
    char b[16];
    if (ev->type != ME_TSP_DATA) {
        hx__trace(s, HX_TR_MSP, HX_LANE_MSP, HX_LANE_TAPISRV, "MSP event", 0, "type %d, %lu bytes", (int)ev->type,
                  (unsigned long)ev->size);
        return;
    }
    hx__trace(s, HX_TR_MSP, HX_LANE_MSP, HX_LANE_TAPISRV, "MSP_TSP_DATA", 0, "htMSPLine 0x%08lx, call 0x%lx, %lu bytes",
              (unsigned long)(ml ? hx__msp_line_ht(ml) : 0), (unsigned long)(uintptr_t)(c ? hx__call_ht(c) : NULL),
              (unsigned long)ev->size);
    tspk_mutex_lock(&s->lock);
    usable = ml && ml->used && !ml->closing && ml->line->state == HX_DEV_OPEN;
    if (usable) {
        hdl = ml->line->hd;
        hdm = ml->hd;
    }
    if (usable && c) {
        /* The TSP knows a call it offered, or one whose TSPI_lineMakeCall returned and
         * completed successfully (tspi_linemakecall: "not yet valid" until then). */
        known = c->used && !c->closing && (c->incoming || (c->made && c->created)) && c->hd;
        hdc = c->hd;
    }
    if (usable && !known) s->msp_stats.unknown_call++;
    if (!usable) s->msp_stats.dropped++;
    if (usable && known && s->t->TSPI_lineReceiveMSPData) s->msp_stats.to_tsp++;
    tspk_mutex_unlock(&s->lock);
    if (!usable) {
        hx_srv_note(s, "MSP_TSP_DATA", "%lu bytes for an MSP instance that is closed: dropped", (unsigned long)ev->size);
        return;
    }
    if (!known) {
        hx_srv_note(s, "MSP_TSP_DATA", "%lu bytes about call 0x%lx, which the TSP does not know yet: "
                    "not passed on (communication fails, seed 000)", (unsigned long)ev->size,
                    (unsigned long)(uintptr_t)hx__call_ht(c));
        return;
    }
    if (!s->t->TSPI_lineReceiveMSPData) {
        hx_srv_note(s, "TSPI_lineReceiveMSPData", "not exported: MSP data dropped");
        return;
    }
    /* The provider gets TAPI's copy (the event's buffer is the MSP host's). */
    if (!(copy = malloc(ev->size ? ev->size : 1))) return;
    if (ev->size) memcpy(copy, ev->data, ev->size);
    hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_lineReceiveMSPData", 0,
              "hdLine %p, hdCall %p, hdMSPLine %p, %lu bytes", (void *)hdl, (void *)hdc, (void *)hdm,
              (unsigned long)ev->size);
    hx__enter(s);
    r = s->t->TSPI_lineReceiveMSPData(hdl, hdc, hdm, copy, ev->size);
    hx__leave(s);
    free(copy);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_lineReceiveMSPData", 0, "= %s",
              hx__result_text(r, b));
    hx__sync_result(s, "TSPI_lineReceiveMSPData", r);
}

/* ------------------------------------------------------------------------ */
/* Lifecycle                                                                  */

void hx_srv_config_default(hx_srv_config *c)
{
    memset(c, 0, sizeof *c);
    c->perm_id = 7;
    c->low = 0x00010004u;
    c->high = 0x00030001u;
    c->timeout_ms = 3000;
}

hx_srv *hx_srv_create(const hx_tspi *t, hx_app_fn app, void *app_user)
{
    hx_srv *s;
    if (current || !t) return NULL;
    if (!(s = (hx_srv *)calloc(1, sizeof *s))) return NULL;
    s->t = t;
    s->app = app;
    s->app_user = app_user;
    s->t0 = tspk_now_us();
    s->next_id = 1;
    atomic_init(&s->cb_seq, 1u);
    hx_srv_config_default(&s->cfg);
    if (tspk_mutex_init(&s->lock) || tspk_mutex_init(&s->serial) || tspk_mutex_init(&s->msp_lock) ||
        tspk_cond_init(&s->changed) || tspk_cond_init(&s->work) ||
        !(s->checks = hx_checks_new(on_report, s)) || !(s->msphost = hx_msphost_new(on_msp_event, s))) {
        hx_checks_free(s->checks);
        free(s);
        return NULL;
    }
    if (tspk_thread_create(&s->thread, dispatch_main, s) != 0) {
        hx_msphost_free(s->msphost);
        hx_checks_free(s->checks);
        free(s);
        return NULL;
    }
    current = s;
    return s;
}

void hx_srv_set_trace(hx_srv *s, hx_trace_fn fn, void *user)
{
    s->trace = fn;
    s->trace_user = user;
}

void hx_srv_destroy(hx_srv *s)
{
    DWORD i;
    if (!s) return;
    if (s->started) hx_srv_stop(s);
    tspk_mutex_lock(&s->lock);
    s->stopping = 1;
    wake_dispatch(s);
    tspk_mutex_unlock(&s->lock);
    tspk_thread_join(&s->thread);
    hx_msphost_free(s->msphost);
    for (i = 0; i < s->nmsp; i++) free(s->msp_lines[i]);
    free(s->msp_lines);
    for (i = 0; i < s->req_cap; i++) free(s->reqs[i].copy_back);
    free(s->reqs);
    for (i = 0; i < s->q_count; i++) free(s->q[(s->q_head + i) % s->q_cap].data);
    free(s->q);
    for (i = 0; i < s->nchunks; i++) free(s->call_chunks[i]);
    free(s->call_chunks);
    for (i = 0; i < s->nlines; i++) free(s->lines[i]);
    free(s->lines);
    for (i = 0; i < s->nphones; i++) free(s->phones[i]);
    free(s->phones);
    hx_checks_free(s->checks);
    tspk_cond_destroy(&s->changed);
    tspk_cond_destroy(&s->work);
    tspk_mutex_destroy(&s->serial);
    tspk_mutex_destroy(&s->msp_lock);
    tspk_mutex_destroy(&s->lock);
    if (current == s) current = NULL;
    free(s);
}

/* A negotiated version must lie in the offered range
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linenegotiatetspiversion). */
static void check_version(hx_srv *s, const char *func, DWORD device, DWORD v)
{
    char who[40];
    if (v >= s->cfg.low && v <= s->cfg.high) return;
    if (device == INITIALIZE_NEGOTIATION) snprintf(who, sizeof who, "INITIALIZE_NEGOTIATION");
    else snprintf(who, sizeof who, "device %lu", (unsigned long)device);
    hx_checks_report(s->checks, HX_CHK_VERSION_RANGE, func, "%s: version 0x%08lx outside 0x%08lx..0x%08lx", who,
                     (unsigned long)v, (unsigned long)s->cfg.low, (unsigned long)s->cfg.high);
}

LONG hx__negotiate(hx_srv *s, int phone, DWORD device_id, DWORD *version)
{
    const char *func = phone ? "TSPI_phoneNegotiateTSPIVersion" : "TSPI_lineNegotiateTSPIVersion";
    LONG r;
    char b[16];
    *version = 0;
    if (phone ? !s->t->TSPI_phoneNegotiateTSPIVersion : !s->t->TSPI_lineNegotiateTSPIVersion)
        return phone ? (LONG)PHONEERR_OPERATIONUNAVAIL : (LONG)LINEERR_OPERATIONUNAVAIL;
    hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, func, 0, "device %lu, 0x%08lx, 0x%08lx",
              (unsigned long)device_id, (unsigned long)s->cfg.low, (unsigned long)s->cfg.high);
    hx__enter(s);
    r = phone ? s->t->TSPI_phoneNegotiateTSPIVersion(device_id, s->cfg.low, s->cfg.high, version)
              : s->t->TSPI_lineNegotiateTSPIVersion(device_id, s->cfg.low, s->cfg.high, version);
    hx__leave(s);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, func, 0, "= %s, version 0x%08lx",
              hx__result_text(r, b), (unsigned long)*version);
    hx__sync_result(s, func, r);
    if (r == 0) check_version(s, func, device_id, *version);
    return r;
}

#define REQUIRE(fn) do { if (!s->t->fn) { hx_srv_note(s, "start", "the provider does not export " #fn); \
                                          return LINEERR_OPERATIONUNAVAIL; } } while (0)

LONG hx_srv_start(hx_srv *s, const hx_srv_config *cfg)
{
    DWORD options = 0, nlines = 0, nphones = 0, i, v;
    LONG r;
    char b[16];
    if (s->started) return LINEERR_OPERATIONFAILED;
    if (cfg) s->cfg = *cfg;
    if (!s->cfg.timeout_ms) s->cfg.timeout_ms = 3000;
    REQUIRE(TSPI_lineNegotiateTSPIVersion);
    REQUIRE(TSPI_providerEnumDevices);
    REQUIRE(TSPI_providerInit);
    REQUIRE(TSPI_providerShutdown);
    hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_lineNegotiateTSPIVersion", 0,
              "INITIALIZE_NEGOTIATION, 0x%08lx, 0x%08lx", (unsigned long)s->cfg.low, (unsigned long)s->cfg.high);
    r = s->t->TSPI_lineNegotiateTSPIVersion(INITIALIZE_NEGOTIATION, s->cfg.low, s->cfg.high, &s->version);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_lineNegotiateTSPIVersion", 0,
              "= %s, version 0x%08lx", hx__result_text(r, b), (unsigned long)s->version);
    hx__sync_result(s, "TSPI_lineNegotiateTSPIVersion", r);
    if (r) return r;
    check_version(s, "TSPI_lineNegotiateTSPIVersion", INITIALIZE_NEGOTIATION, s->version);
    /* TAPISRV enumerates before it initialises
     * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_providerenumdevices). */
    hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_providerEnumDevices", 0,
              "provider %lu", (unsigned long)s->cfg.perm_id);
    r = s->t->TSPI_providerEnumDevices(s->cfg.perm_id, &nlines, &nphones, (HPROVIDER)(uintptr_t)s->cfg.perm_id,
                                        on_line_event, on_phone_event);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_providerEnumDevices", 0,
              "= %s, %lu lines, %lu phones", hx__result_text(r, b), (unsigned long)nlines, (unsigned long)nphones);
    hx__sync_result(s, "TSPI_providerEnumDevices", r);
    if (r) return r;
    if (nlines > 0xFFFFu || nphones > 0xFFFFu) {
        hx_srv_note(s, "start", "%lu lines, %lu phones: more than the harness handles",
                    (unsigned long)nlines, (unsigned long)nphones);
        return LINEERR_NOMEM;
    }
    tspk_mutex_lock(&s->lock);
    for (i = 0; i < nlines; i++)
        if (!line_add(s, HX_DEV_PRESENT)) break;
    for (i = 0; i < nphones; i++)
        if (!phone_add(s, HX_DEV_PRESENT)) break;
    r = s->nlines == nlines && s->nphones == nphones ? 0 : (LONG)LINEERR_NOMEM;
    tspk_mutex_unlock(&s->lock);
    if (r) return r;
    hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_providerInit", 0,
              "version 0x%08lx, provider %lu, line base %lu, phone base %lu, %lu lines, %lu phones",
              (unsigned long)s->version, (unsigned long)s->cfg.perm_id, (unsigned long)s->cfg.line_base,
              (unsigned long)s->cfg.phone_base, (unsigned long)nlines, (unsigned long)nphones);
    r = s->t->TSPI_providerInit(s->version, s->cfg.perm_id, s->cfg.line_base, s->cfg.phone_base, nlines,
                                 nphones, on_completion, &options);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_providerInit", 0, "= %s, options 0x%lx",
              hx__result_text(r, b), (unsigned long)options);
    hx__sync_result(s, "TSPI_providerInit", r);
    if (r) return r;
    s->options = options;
    s->nonreentrant = (options & LINETSPIOPTION_NONREENTRANT) != 0;
    s->started = 1;
    /* Each device's own version, as TAPISRV learns it before any application asks. */
    for (i = 0; i < nlines; i++) {
        r = hx__negotiate(s, 0, s->cfg.line_base + i, &v);
        tspk_mutex_lock(&s->lock);
        s->lines[i]->version = v;
        if (r) s->lines[i]->state = HX_DEV_REMOVED;    /* unusable: TAPISRV skips it */
        tspk_mutex_unlock(&s->lock);
    }
    for (i = 0; i < nphones; i++) {
        r = hx__negotiate(s, 1, s->cfg.phone_base + i, &v);
        tspk_mutex_lock(&s->lock);
        s->phones[i]->version = v;
        if (r) s->phones[i]->state = HX_DEV_REMOVED;
        tspk_mutex_unlock(&s->lock);
    }
    return 0;
}

LONG hx_srv_stop(hx_srv *s)
{
    DWORD i, n;
    LONG r;
    char b[16];
    pending p;
    if (!s->started) return LINEERR_OPERATIONFAILED;
    /* TAPISRV closes everything before it shuts a provider down. */
    for (i = 0;; i++) {
        hx_line *l;
        tspk_mutex_lock(&s->lock);
        n = s->nlines;
        l = i < n ? s->lines[i] : NULL;
        tspk_mutex_unlock(&s->lock);
        if (!l) break;
        hx__line_close(l);
    }
    for (i = 0;; i++) {
        hx_phone *ph;
        tspk_mutex_lock(&s->lock);
        n = s->nphones;
        ph = i < n ? s->phones[i] : NULL;
        tspk_mutex_unlock(&s->lock);
        if (!ph) break;
        hx__phone_close(ph);
    }
    hx__trace(s, HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_providerShutdown", 0, "version 0x%08lx, provider %lu",
              (unsigned long)s->version, (unsigned long)s->cfg.perm_id);
    hx__enter(s);
    r = s->t->TSPI_providerShutdown(s->version, s->cfg.perm_id);
    hx__leave(s);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_providerShutdown", 0, "= %s",
              hx__result_text(r, b));
    hx__sync_result(s, "TSPI_providerShutdown", r);
    hx_srv_flush(s, s->cfg.timeout_ms);
    /* Whatever is still outstanding never completed. */
    tspk_mutex_lock(&s->lock);
    for (;;) {
        p.n = 0;
        sweep(s, &p, tspk_now_us(), 1);
        if (!p.n) break;
        tspk_mutex_unlock(&s->lock);
        flush_reports(s, &p);
        tspk_mutex_lock(&s->lock);
    }
    for (i = 0; i < s->req_cap; i++)
        if (s->reqs[i].id) req_remove(s, &s->reqs[i]);
    s->started = 0;
    tspk_mutex_unlock(&s->lock);
    return r;
}

/* ------------------------------------------------------------------------ */
/* Queries and waiting                                                        */

const hx_tspi *hx_srv_tspi(const hx_srv *s) { return s->t; }
DWORD hx_srv_version(const hx_srv *s) { return s->version; }
DWORD hx_srv_options(const hx_srv *s) { return s->options; }
const hx_srv_config *hx_srv_config_get(const hx_srv *s) { return &s->cfg; }
hx_checks *hx_srv_checks(hx_srv *s) { return s->checks; }
size_t hx_srv_reports(hx_srv *s) { return hx_checks_count(s->checks); }

DWORD hx_srv_num_lines(hx_srv *s)
{
    DWORD n;
    tspk_mutex_lock(&s->lock);
    n = s->nlines;
    tspk_mutex_unlock(&s->lock);
    return n;
}

DWORD hx_srv_num_phones(hx_srv *s)
{
    DWORD n;
    tspk_mutex_lock(&s->lock);
    n = s->nphones;
    tspk_mutex_unlock(&s->lock);
    return n;
}

hx_line *hx_srv_line(hx_srv *s, DWORD device_id)
{
    hx_line *l = NULL;
    DWORD i = device_id - s->cfg.line_base;
    tspk_mutex_lock(&s->lock);
    if (i < s->nlines && s->lines[i]->state != HX_DEV_REMOVED && s->lines[i]->state != HX_DEV_NEW)
        l = s->lines[i];
    tspk_mutex_unlock(&s->lock);
    return l;
}

hx_phone *hx_srv_phone(hx_srv *s, DWORD device_id)
{
    hx_phone *p = NULL;
    DWORD i = device_id - s->cfg.phone_base;
    tspk_mutex_lock(&s->lock);
    if (i < s->nphones && s->phones[i]->state != HX_DEV_REMOVED && s->phones[i]->state != HX_DEV_NEW)
        p = s->phones[i];
    tspk_mutex_unlock(&s->lock);
    return p;
}

DWORD hx_line_device_id(const hx_line *l) { return l->device_id; }
DWORD hx_phone_device_id(const hx_phone *p) { return p->device_id; }
hx_line *hx_call_line(const hx_call *c) { return c->line; }
int hx_call_is_incoming(const hx_call *c) { return c->incoming; }

DWORD hx_line_version(const hx_line *l)
{
    DWORD v;
    tspk_mutex_lock(&l->srv->lock);
    v = l->version;
    tspk_mutex_unlock(&l->srv->lock);
    return v;
}

DWORD hx_phone_version(const hx_phone *p)
{
    DWORD v;
    tspk_mutex_lock(&p->srv->lock);
    v = p->version;
    tspk_mutex_unlock(&p->srv->lock);
    return v;
}

int hx_line_is_open(const hx_line *l)
{
    int open;
    tspk_mutex_lock(&l->srv->lock);
    open = l->state == HX_DEV_OPEN;
    tspk_mutex_unlock(&l->srv->lock);
    return open;
}

int hx_phone_is_open(const hx_phone *p)
{
    int open;
    tspk_mutex_lock(&p->srv->lock);
    open = p->state == HX_DEV_OPEN;
    tspk_mutex_unlock(&p->srv->lock);
    return open;
}

DWORD hx_call_state(const hx_call *c)
{
    DWORD st;
    tspk_mutex_lock(&c->srv->lock);
    st = c->app_state;
    tspk_mutex_unlock(&c->srv->lock);
    return st;
}

/* Waits on the condition until deadline (lock held); 0 when the deadline passed. */
static int wait_until(hx_srv *s, uint64_t deadline)
{
    uint64_t now = tspk_now_us();
    if (now >= deadline) return 0;
    wait_changed(s, (uint32_t)((deadline - now) / 1000u) + 1);
    return 1;
}

LONG hx_srv_wait_reply(hx_srv *s, LONG request, unsigned timeout_ms)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)timeout_ms * 1000u;
    DRV_REQUESTID id = (DRV_REQUESTID)request;
    int dispatcher = on_dispatch_thread(s);
    LONG result = LINEERR_OPERATIONFAILED;
    pending p;
    if (request <= 0) return request ? request : (LONG)LINEERR_OPERATIONFAILED;
    p.n = 0;
    tspk_mutex_lock(&s->lock);
    for (;;) {
        hx_req *r = req_find(s, id);
        if (!r) {
            hx_recent *e = recent_find(s, id);
            if (e) result = e->result;
            break;
        }
        if (dispatcher && r->returned && r->completed) {
            result = r->result;
            break;
        }
        if (!wait_until(s, deadline)) {
            if (!r->missing_reported && !r->bad_return && !r->completed) {
                r->missing_reported = 1;
                pend(&p, HX_CHK_COMPLETION_MISSING, r->func, "no ASYNC_COMPLETION for request %lu within %u ms",
                     (unsigned long)id, timeout_ms);
            }
            break;
        }
    }
    tspk_mutex_unlock(&s->lock);
    flush_reports(s, &p);
    return result;
}

static int msg_about(const hx_msg *m, const void *obj)
{
    return !obj || (const void *)m->line == obj || (const void *)m->call == obj || (const void *)m->phone == obj;
}

int hx_srv_wait_msg(hx_srv *s, DWORD msg, const void *obj, unsigned timeout_ms, hx_msg *out)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)timeout_ms * 1000u;
    int found = -1;
    tspk_mutex_lock(&s->lock);
    do {
        size_t i, k;
        for (i = 0; i < s->seen_count; i++) {
            hx_msg *m = &s->seen[(s->seen_head + i) % HX_SRV_WAIT_QUEUE];
            if (m->msg != msg || !msg_about(m, obj)) continue;
            *out = *m;
            for (k = i; k + 1 < s->seen_count; k++)
                s->seen[(s->seen_head + k) % HX_SRV_WAIT_QUEUE] = s->seen[(s->seen_head + k + 1) % HX_SRV_WAIT_QUEUE];
            s->seen_count--;
            found = 0;
            break;
        }
    } while (found && wait_until(s, deadline));
    tspk_mutex_unlock(&s->lock);
    return found;
}

int hx_srv_wait_call_state(hx_srv *s, hx_call *c, DWORD state, unsigned timeout_ms)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)timeout_ms * 1000u;
    int ok;
    tspk_mutex_lock(&s->lock);
    while (!(ok = c->app_state == state) && wait_until(s, deadline)) {}
    tspk_mutex_unlock(&s->lock);
    return ok ? 0 : -1;
}

int hx_srv_flush(hx_srv *s, unsigned timeout_ms)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)timeout_ms * 1000u;
    int done;
    if (on_dispatch_thread(s)) return 0;
    tspk_mutex_lock(&s->lock);
    while (!(done = s->q_count == 0 && !s->delivering) && wait_until(s, deadline)) {}
    tspk_mutex_unlock(&s->lock);
    return done ? 0 : -1;
}
