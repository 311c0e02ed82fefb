/* harness/tapisrv.c - see tapisrv.h. */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/tspkit.h>
#include "tapisrv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REQUESTS 256
#define MAX_EVENTS 1024
#define MAX_LINES 64
#define MAX_CALLS 256

enum { REQ_FREE, REQ_ISSUED, REQ_RETURNED };

typedef struct hx_req {
    DRV_REQUESTID id;
    int state, completed;
    LONG result;
} hx_req;

struct hx_line {
    hx_srv *srv;
    DWORD device_id, version;
    HDRVLINE hd;
    int open;
};

struct hx_call {
    hx_line *line;
    HDRVCALL hd;
    DWORD state;
    int used;
};

struct hx_srv {
    hx_module *mod;
    const hx_tspi *t;
    hx_log_fn log;
    void *log_user;
    DWORD perm_id, line_base, version, num_lines, num_phones;
    DWORD offered_low, offered_high;
    tspk_mutex lock;
    tspk_cond changed;
    hx_req reqs[MAX_REQUESTS];
    DRV_REQUESTID next_id;
    hx_event events[MAX_EVENTS];
    unsigned ev_head, ev_count;
    hx_line lines[MAX_LINES];
    hx_call calls[MAX_CALLS];
    unsigned violations;
    uint64_t t0;
};

/* TSPI callbacks carry no context pointer: one emulated TAPISRV per process, as
 * the real one loads each provider once. */
static hx_srv *current;

void hx_srv_log(hx_srv *s, const char *fmt, ...)
{
    char line[512];
    int n;
    va_list ap;
    uint64_t us = tspk_now_us() - s->t0;
    if (!s->log) return;
    n = snprintf(line, sizeof line, "[%4u.%06u] ", (unsigned)(us / 1000000u), (unsigned)(us % 1000000u));
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    s->log(s->log_user, line);
}

void hx_srv_violation(hx_srv *s, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tspk_mutex_lock(&s->lock);
    s->violations++;
    tspk_mutex_unlock(&s->lock);
    hx_srv_log(s, "CONFORMANCE: %s", msg);
}

unsigned hx_srv_violations(const hx_srv *s) { return s->violations; }
DWORD hx_srv_num_lines(const hx_srv *s) { return s->num_lines; }
DWORD hx_srv_version(const hx_srv *s) { return s->version; }
HDRVLINE hx_line_hd(const hx_line *l) { return l->hd; }
DWORD hx_line_version(const hx_line *l) { return l->version; }
HDRVCALL hx_call_hd(const hx_call *c) { return c->hd; }
HDRVCALL *hx_call_hd_slot(hx_call *c) { return &c->hd; }

DWORD hx_call_state(const hx_call *c)
{
    DWORD st;
    tspk_mutex_lock(&c->line->srv->lock);
    st = c->state;
    tspk_mutex_unlock(&c->line->srv->lock);
    return st;
}

/* ---- names for the trace ---- */

const char *hx_msg_name(DWORD msg)
{
    static const char *const base[] = {
        "LINE_ADDRESSSTATE", "LINE_CALLINFO", "LINE_CALLSTATE", "LINE_CLOSE", "LINE_DEVSPECIFIC",
        "LINE_DEVSPECIFICFEATURE", "LINE_GATHERDIGITS", "LINE_GENERATE", "LINE_LINEDEVSTATE",
        "LINE_MONITORDIGITS", "LINE_MONITORMEDIA", "LINE_MONITORTONE", "LINE_REPLY", "LINE_REQUEST",
        "PHONE_BUTTON", "PHONE_CLOSE", "PHONE_DEVSPECIFIC", "PHONE_REPLY", "PHONE_STATE",
        "LINE_CREATE", "PHONE_CREATE", "LINE_AGENTSPECIFIC",
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
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (state == (1u << i)) return names[i];
    return state ? "?" : "(none)";
}

const char *hx_err_name(LONG err)
{
    static const struct { DWORD code; const char *name; } names[] = {
        { LINEERR_ALLOCATED, "LINEERR_ALLOCATED" }, { LINEERR_BADDEVICEID, "LINEERR_BADDEVICEID" },
        { LINEERR_INCOMPATIBLEAPIVERSION, "LINEERR_INCOMPATIBLEAPIVERSION" },
        { LINEERR_INVALCALLHANDLE, "LINEERR_INVALCALLHANDLE" },
        { LINEERR_INVALCALLSTATE, "LINEERR_INVALCALLSTATE" },
        { LINEERR_INVALLINEHANDLE, "LINEERR_INVALLINEHANDLE" },
        { LINEERR_INVALPOINTER, "LINEERR_INVALPOINTER" }, { LINEERR_NOMEM, "LINEERR_NOMEM" },
        { LINEERR_OPERATIONFAILED, "LINEERR_OPERATIONFAILED" },
        { LINEERR_OPERATIONUNAVAIL, "LINEERR_OPERATIONUNAVAIL" },
        { LINEERR_STRUCTURETOOSMALL, "LINEERR_STRUCTURETOOSMALL" },
        { LINEERR_INVALADDRESS, "LINEERR_INVALADDRESS" },
    };
    unsigned i;
    if (err == 0) return "0";
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((DWORD)err == names[i].code) return names[i].name;
    return err > 0 ? "(request id)" : "LINEERR_?";
}

/* ---- callbacks from the provider ---- */

static hx_line *find_line(hx_srv *s, HTAPILINE ht)
{
    unsigned i;
    for (i = 0; i < MAX_LINES; i++)
        if ((HTAPILINE)&s->lines[i] == ht && s->lines[i].open) return &s->lines[i];
    return NULL;
}

static hx_call *find_call(hx_srv *s, HTAPICALL ht)
{
    unsigned i;
    for (i = 0; i < MAX_CALLS; i++)
        if ((HTAPICALL)&s->calls[i] == ht && s->calls[i].used) return &s->calls[i];
    return NULL;
}

static hx_call *alloc_call(hx_srv *s, hx_line *l)
{
    unsigned i;
    for (i = 0; i < MAX_CALLS; i++) {
        if (!s->calls[i].used) {
            memset(&s->calls[i], 0, sizeof s->calls[i]);
            s->calls[i].used = 1;
            s->calls[i].line = l;
            return &s->calls[i];
        }
    }
    return NULL;
}

static void CALLBACK on_completion(DRV_REQUESTID id, LONG result)
{
    hx_srv *s = current;
    unsigned i;
    int found = 0, twice = 0;
    tspk_mutex_lock(&s->lock);
    for (i = 0; i < MAX_REQUESTS; i++) {
        hx_req *r = &s->reqs[i];
        if (r->state != REQ_FREE && r->id == id) {
            found = 1;
            twice = r->completed;
            r->completed = 1;
            r->result = result;
            break;
        }
    }
    tspk_cond_broadcast(&s->changed);
    tspk_mutex_unlock(&s->lock);
    if (!found) hx_srv_violation(s, "ASYNC_COMPLETION for unknown request %lu (result %ld)",
                                 (unsigned long)id, (long)result);
    else if (twice) hx_srv_violation(s, "ASYNC_COMPLETION called twice for request %lu",
                                     (unsigned long)id);
    else hx_srv_log(s, "<- ASYNC_COMPLETION(request %lu, %s)", (unsigned long)id, hx_err_name(result));
}

static void CALLBACK on_line_event(HTAPILINE htLine, HTAPICALL htCall, DWORD msg,
                                   DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    hx_srv *s = current;
    hx_line *l;
    hx_call *c = NULL;
    hx_event *e;
    tspk_mutex_lock(&s->lock);
    l = find_line(s, htLine);
    if (l && msg == LINE_NEWCALL) {
        /* TAPISRV allocates its call and writes htCall through dwParam2. */
        c = alloc_call(s, l);
        if (c) {
            c->hd = (HDRVCALL)p1;
            *(HTAPICALL *)p2 = (HTAPICALL)c;
        }
    } else if (l && htCall) {
        c = find_call(s, htCall);
    }
    if (c && msg == LINE_CALLSTATE) c->state = (DWORD)p1;
    if (l && s->ev_count < MAX_EVENTS && (!htCall || c)) {
        e = &s->events[(s->ev_head + s->ev_count++) % MAX_EVENTS];
        e->line = l; e->call = c; e->msg = msg; e->p1 = p1; e->p2 = p2; e->p3 = p3;
    }
    tspk_cond_broadcast(&s->changed);
    tspk_mutex_unlock(&s->lock);
    if (!l) {
        hx_srv_violation(s, "%s for unknown or closed line handle %p", hx_msg_name(msg), (void *)htLine);
        return;
    }
    if (htCall && !c) {
        hx_srv_violation(s, "%s for unknown or closed call handle %p", hx_msg_name(msg), (void *)htCall);
        return;
    }
    if (msg == LINE_CALLSTATE)
        hx_srv_log(s, "<- LINE_CALLSTATE line %lu call %p: %s mode 0x%lx media 0x%lx",
                   (unsigned long)l->device_id, (void *)c, hx_callstate_name((DWORD)p1),
                   (unsigned long)p2, (unsigned long)p3);
    else
        hx_srv_log(s, "<- %s line %lu call %p (0x%lx, 0x%lx, 0x%lx)", hx_msg_name(msg),
                   (unsigned long)l->device_id, (void *)c, (unsigned long)p1, (unsigned long)p2,
                   (unsigned long)p3);
}

static void CALLBACK on_line_create(HTAPILINE htLine, HTAPICALL htCall, DWORD msg,
                                    DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    (void)htLine; (void)htCall; (void)p3;
    hx_srv_log(current, "<- %s (provider %p, temporary id %lu)", hx_msg_name(msg), (void *)p1,
               (unsigned long)p2);
}

static void CALLBACK on_phone_create(HTAPIPHONE htPhone, DWORD msg, DWORD_PTR p1, DWORD_PTR p2,
                                     DWORD_PTR p3)
{
    (void)htPhone; (void)p3;
    hx_srv_log(current, "<- %s (provider %p, temporary id %lu)", hx_msg_name(msg), (void *)p1,
               (unsigned long)p2);
}

/* ---- lifecycle ---- */

hx_srv *hx_srv_create(hx_module *m, hx_log_fn log, void *user)
{
    hx_srv *s = (hx_srv *)calloc(1, sizeof *s);
    if (!s) return NULL;
    s->mod = m;
    s->t = hx_module_tspi(m);
    s->log = log;
    s->log_user = user;
    s->next_id = 1;
    s->t0 = tspk_now_us();
    tspk_mutex_init(&s->lock);
    tspk_cond_init(&s->changed);
    current = s;
    return s;
}

void hx_srv_destroy(hx_srv *s)
{
    if (!s) return;
    tspk_cond_destroy(&s->changed);
    tspk_mutex_destroy(&s->lock);
    if (current == s) current = NULL;
    free(s);
}

#define REQUIRE(fn) do { if (!s->t->fn) { hx_srv_log(s, "provider does not export " #fn); \
                                          return LINEERR_OPERATIONUNAVAIL; } } while (0)

LONG hx_srv_start(hx_srv *s, DWORD perm_id, DWORD line_base, DWORD low, DWORD high)
{
    DWORD options = 0;
    LONG r;
    REQUIRE(TSPI_lineNegotiateTSPIVersion);
    REQUIRE(TSPI_providerEnumDevices);
    REQUIRE(TSPI_providerInit);
    s->perm_id = perm_id;
    s->line_base = line_base;
    s->offered_low = low;
    s->offered_high = high;
    r = s->t->TSPI_lineNegotiateTSPIVersion(INITIALIZE_NEGOTIATION, low, high, &s->version);
    hx_srv_log(s, "-> TSPI_lineNegotiateTSPIVersion(INITIALIZE_NEGOTIATION, 0x%08lx, 0x%08lx) = %s, "
               "version 0x%08lx", (unsigned long)low, (unsigned long)high, hx_err_name(r),
               (unsigned long)s->version);
    if (r) return r;
    if (s->version < low || s->version > high)
        hx_srv_violation(s, "negotiated version 0x%08lx outside the offered range", (unsigned long)s->version);
    r = s->t->TSPI_providerEnumDevices(perm_id, &s->num_lines, &s->num_phones, (HPROVIDER)s,
                                        on_line_create, on_phone_create);
    hx_srv_log(s, "-> TSPI_providerEnumDevices(%lu) = %s: %lu lines, %lu phones", (unsigned long)perm_id,
               hx_err_name(r), (unsigned long)s->num_lines, (unsigned long)s->num_phones);
    if (r) return r;
    if (s->num_lines > MAX_LINES) s->num_lines = MAX_LINES;
    r = s->t->TSPI_providerInit(s->version, perm_id, line_base, 0, s->num_lines, s->num_phones,
                                 on_completion, &options);
    hx_srv_log(s, "-> TSPI_providerInit(0x%08lx, %lu, line base %lu) = %s, options 0x%lx",
               (unsigned long)s->version, (unsigned long)perm_id, (unsigned long)line_base,
               hx_err_name(r), (unsigned long)options);
    return r;
}

LONG hx_srv_stop(hx_srv *s)
{
    LONG r;
    REQUIRE(TSPI_providerShutdown);
    r = s->t->TSPI_providerShutdown(s->version, s->perm_id);
    hx_srv_log(s, "-> TSPI_providerShutdown = %s", hx_err_name(r));
    return r;
}

LONG hx_line_open(hx_srv *s, DWORD device_id, hx_line **out)
{
    hx_line *l;
    DWORD index = device_id - s->line_base, version = 0;
    LONG r;
    REQUIRE(TSPI_lineOpen);
    if (index >= s->num_lines) return LINEERR_BADDEVICEID;
    l = &s->lines[index];
    r = s->t->TSPI_lineNegotiateTSPIVersion(device_id, s->offered_low, s->offered_high, &version);
    hx_srv_log(s, "-> TSPI_lineNegotiateTSPIVersion(%lu) = %s, version 0x%08lx",
               (unsigned long)device_id, hx_err_name(r), (unsigned long)version);
    if (r) return r;
    l->srv = s;
    l->device_id = device_id;
    l->version = version;
    l->open = 1;      /* events may arrive while TSPI_lineOpen runs */
    r = s->t->TSPI_lineOpen(device_id, (HTAPILINE)l, &l->hd, version, on_line_event);
    hx_srv_log(s, "-> TSPI_lineOpen(%lu) = %s, hdLine %p", (unsigned long)device_id, hx_err_name(r),
               (void *)l->hd);
    if (r) {
        l->open = 0;
        return r;
    }
    *out = l;
    return 0;
}

LONG hx_line_close(hx_line *l)
{
    hx_srv *s = l->srv;
    LONG r;
    REQUIRE(TSPI_lineClose);
    r = s->t->TSPI_lineClose(l->hd);
    hx_srv_log(s, "-> TSPI_lineClose(%lu) = %s", (unsigned long)l->device_id, hx_err_name(r));
    tspk_mutex_lock(&s->lock);
    l->open = 0;
    tspk_mutex_unlock(&s->lock);
    return r;
}

hx_call *hx_call_new(hx_line *l)
{
    hx_call *c;
    tspk_mutex_lock(&l->srv->lock);
    c = alloc_call(l->srv, l);
    tspk_mutex_unlock(&l->srv->lock);
    return c;
}

void hx_call_forget(hx_call *c)
{
    hx_srv *s = c->line->srv;
    tspk_mutex_lock(&s->lock);
    c->used = 0;
    tspk_mutex_unlock(&s->lock);
}

/* ---- requests ---- */

DRV_REQUESTID hx_srv_request(hx_srv *s)
{
    unsigned i;
    DRV_REQUESTID id = 0;
    tspk_mutex_lock(&s->lock);
    for (i = 0; i < MAX_REQUESTS; i++) {
        if (s->reqs[i].state == REQ_FREE) {
            id = s->next_id++;
            s->reqs[i].id = id;
            s->reqs[i].state = REQ_ISSUED;
            s->reqs[i].completed = 0;
            break;
        }
    }
    tspk_mutex_unlock(&s->lock);
    return id;
}

LONG hx_srv_async_result(hx_srv *s, DRV_REQUESTID id, LONG returned, const char *func,
                         unsigned timeout_ms)
{
    hx_req *r = NULL;
    unsigned i;
    LONG result;
    uint64_t deadline = tspk_now_us() + (uint64_t)timeout_ms * 1000u;
    tspk_mutex_lock(&s->lock);
    for (i = 0; i < MAX_REQUESTS; i++)
        if (s->reqs[i].state == REQ_ISSUED && s->reqs[i].id == id) r = &s->reqs[i];
    if (!r) {
        tspk_mutex_unlock(&s->lock);
        return LINEERR_OPERATIONFAILED;
    }
    r->state = REQ_RETURNED;
    if (returned < 0) {
        int completed = r->completed;
        r->state = REQ_FREE;
        tspk_mutex_unlock(&s->lock);
        if (completed)
            hx_srv_violation(s, "%s returned %s but also called ASYNC_COMPLETION for request %lu "
                             "(learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model)",
                             func, hx_err_name(returned), (unsigned long)id);
        return returned;
    }
    if ((DWORD)returned != id) {
        tspk_mutex_unlock(&s->lock);
        hx_srv_violation(s, "%s returned %ld: an asynchronous function must return a negative "
                         "error or exactly dwRequestID %lu "
                         "(learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model)",
                         func, (long)returned, (unsigned long)id);
        tspk_mutex_lock(&s->lock);
    }
    while (!r->completed) {
        uint64_t now = tspk_now_us();
        if (now >= deadline) break;
        tspk_cond_timedwait(&s->changed, &s->lock, (uint32_t)((deadline - now) / 1000u) + 1);
    }
    if (!r->completed) {
        r->state = REQ_FREE;
        tspk_mutex_unlock(&s->lock);
        hx_srv_violation(s, "%s: no ASYNC_COMPLETION for request %lu within %u ms", func,
                         (unsigned long)id, timeout_ms);
        return LINEERR_OPERATIONFAILED;
    }
    /* Only now, after the function returned, does the application see the reply. */
    result = r->result;
    r->state = REQ_FREE;
    tspk_mutex_unlock(&s->lock);
    return result;
}

/* ---- waiting for events ---- */

/* Takes the oldest queued event matching msg, and line and call when not NULL. */
static int wait_matching_event(hx_srv *s, DWORD msg, hx_line *line, hx_call *call,
                               unsigned timeout_ms, hx_event *out)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)timeout_ms * 1000u;
    tspk_mutex_lock(&s->lock);
    for (;;) {
        unsigned i;
        for (i = 0; i < s->ev_count; i++) {
            hx_event *e = &s->events[(s->ev_head + i) % MAX_EVENTS];
            if (e->msg == msg && (!line || e->line == line) && (!call || e->call == call)) {
                unsigned k;
                *out = *e;
                for (k = i; k + 1 < s->ev_count; k++)
                    s->events[(s->ev_head + k) % MAX_EVENTS] = s->events[(s->ev_head + k + 1) % MAX_EVENTS];
                s->ev_count--;
                tspk_mutex_unlock(&s->lock);
                return 0;
            }
        }
        {
            uint64_t now = tspk_now_us();
            if (now >= deadline) break;
            tspk_cond_timedwait(&s->changed, &s->lock, (uint32_t)((deadline - now) / 1000u) + 1);
        }
    }
    tspk_mutex_unlock(&s->lock);
    return -1;
}

int hx_srv_wait_event(hx_srv *s, DWORD msg, hx_call *call, unsigned timeout_ms, hx_event *out)
{
    return wait_matching_event(s, msg, NULL, call, timeout_ms, out);
}

int hx_srv_wait_line_event(hx_srv *s, DWORD msg, hx_line *line, unsigned timeout_ms, hx_event *out)
{
    return wait_matching_event(s, msg, line, NULL, timeout_ms, out);
}

int hx_srv_wait_call_state(hx_srv *s, hx_call *call, DWORD state, unsigned timeout_ms)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)timeout_ms * 1000u;
    int ok;
    tspk_mutex_lock(&s->lock);
    while (!(ok = call->state == state)) {
        uint64_t now = tspk_now_us();
        if (now >= deadline) break;
        tspk_cond_timedwait(&s->changed, &s->lock, (uint32_t)((deadline - now) / 1000u) + 1);
    }
    tspk_mutex_unlock(&s->lock);
    return ok ? 0 : -1;
}
