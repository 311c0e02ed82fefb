/*
 * tsp-unimodem/tsp/unimodem.c - the Unimodem-style TSP: AT modems as TAPI line devices.
 *
 * What it does: one line device per [Line] of the configuration (config.h), each a modem
 * on a port (port/port.h) described by a profile (profile/profile.h). lineOpen opens the
 * port and sends Init and Monitor (at/engine.h); lineMakeCall dials, lineAnswer answers a
 * RING, lineDrop hangs up; the call states, caller ID, ring counts and the comm/datamodem
 * handle are what Windows' Unimodem reports. Everything TAPI-specific (entry points,
 * handles, structures, async rules) is the SDK framework's (tspkit/provider.h).
 *
 * How it works: each open line has one I/O thread that owns the port and the AT engine.
 * It blocks in ump_read() until bytes, the engine's next timer (um_at_next_deadline) or
 * a request arrives (ump_wake): no polling. TSPI operations only check their arguments
 * and queue a job for it, so the engine is used from one thread and every event reaches
 * TAPISRV from that thread with no lock held. Once the application took the data handle
 * (lineGetID "comm/datamodem") the thread stops reading the port, which is then the
 * application's, and waits for requests only.
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/provider.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#  include <unistd.h>
#endif

#include "at/engine.h"
#include "port/port.h"
#include "profile/profile.h"
#include "tsp/config.h"

#define UM_CONFIG_ENV "TSPKIT_UNIMODEM_CONFIG"
#define UM_CONFIG_DEFAULT "/etc/tspkit/unimodem.conf"
#define UM_CONFIG_FILE "unimodem.conf"
#define UM_FILE_MAX (1024 * 1024)      /* bytes read of a configuration or profile file */
#define UM_DTR_DROP_MS 250             /* V.250 6.2.9: long enough for &D2 to notice */
#define UM_HANDOFF_WAIT_MS 5000
#define UM_DRAIN_QUIET_MS 30           /* lineOpen: stale input ends after this much silence */
#define UM_DRAIN_MAX (64 * 1024)

enum job_kind { JOB_MAKECALL, JOB_ANSWER, JOB_DROP, JOB_CLOSECALL, JOB_HANDOFF, JOB_STOP };

typedef struct job {
    enum job_kind kind;
    tspk_call *call;                   /* referenced while queued */
    DRV_REQUESTID id;                  /* 0: no request to complete */
    char dest[UM_AT_DIAL_MAX + 1];
} job;

typedef struct um_line {
    umc_line cfg;
    char name[UMC_NAME_MAX];
    um_profile *profile;
    /* while open; the fields below "I/O thread only" are touched by that thread alone
     * (and by line_close after it has joined it) */
    tspk_line *line;
    ump_port *port;
    um_at *at;
    tspk_queue jobs;
    tspk_thread thread;
    tspk_mutex lock;                   /* running, handoffs */
    tspk_cond handed_cond;
    int running;
    unsigned handoffs;                 /* JOB_HANDOFFs carried out */
    /* I/O thread only */
    tspk_call *call;                   /* the line's call, referenced */
    int call_op;                       /* its dial or answer operation */
    int hangup_op;
    int handed;                        /* the application has the port */
    int vanished;
} um_line;

typedef struct um_tsp {
    umc_config cfg;
    um_line *lines;
    size_t count;
    int loaded;
} um_tsp;

/* The provider's state: TAPISRV loads a TSP once per process, and the framework keeps
 * its own instance the same way (provider_impl.h). */
static um_tsp tsp;
static tspk_provider *prov;

static uint64_t now_ms(void) { return tspk_now_us() / 1000; }

/* ---- configuration ---------------------------------------------------------------- */

#ifdef _WIN32
/* unimodem.conf next to this DLL (Unimodem's registry keys come later). */
static void default_config_path(char *out, size_t cap)
{
    HMODULE self = NULL;
    char *slash;
    DWORD n;
    out[0] = '\0';
    if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                            GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            (LPCSTR)(void *)default_config_path, &self))
        return;
    n = GetModuleFileNameA(self, out, (DWORD)cap);
    if (!n || n >= cap) { out[0] = '\0'; return; }
    slash = strrchr(out, '\\');
    if (!slash) slash = strrchr(out, '/');
    if (!slash || (size_t)(slash + 1 - out) + sizeof UM_CONFIG_FILE > cap) { out[0] = '\0'; return; }
    memcpy(slash + 1, UM_CONFIG_FILE, sizeof UM_CONFIG_FILE);
}
#else
static void default_config_path(char *out, size_t cap)
{
    snprintf(out, cap, "%s", UM_CONFIG_DEFAULT);
}
#endif

static void config_path(char *out, size_t cap)
{
    const char *env = getenv(UM_CONFIG_ENV);
    if (env && *env) snprintf(out, cap, "%s", env);
    else default_config_path(out, cap);
}

/* The whole file, NUL-terminated, at most UM_FILE_MAX bytes; NULL when it cannot be read. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    if (!f) return NULL;
    buf = (char *)malloc(UM_FILE_MAX + 1);
    if (!buf) { fclose(f); return NULL; }
    n = fread(buf, 1, UM_FILE_MAX + 1, f);
    fclose(f);
    if (n > UM_FILE_MAX) { free(buf); return NULL; }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int is_absolute(const char *p)
{
    return p[0] == '/' || p[0] == '\\' || (p[0] && p[1] == ':');
}

/* A profile path relative to the configuration file's folder. */
static void resolve(const char *config, const char *rel, char *out, size_t cap)
{
    const char *slash = strrchr(config, '/'), *bslash = strrchr(config, '\\');
    if (bslash > slash) slash = bslash;
    if (is_absolute(rel) || !slash) snprintf(out, cap, "%s", rel);
    else snprintf(out, cap, "%.*s%s", (int)(slash + 1 - config), config, rel);
}

static void unload(void)
{
    size_t i;
    for (i = 0; i < tsp.count; i++) um_profile_free(tsp.lines[i].profile);
    free(tsp.lines);
    umc_free(&tsp.cfg);
    memset(&tsp, 0, sizeof tsp);
}

/* Reads the configuration and every profile it names. A line whose profile cannot be
 * read stays, with no profile: lineOpen then fails (LINEERR_RESOURCEUNAVAIL) rather than
 * the device numbering shifting. */
static void load(void)
{
    char path[UMC_PATH_MAX], ppath[2 * UMC_PATH_MAX], err[UM_PROFILE_ERR_MAX];
    char *text;
    size_t len, i;
    if (tsp.loaded) return;
    tsp.loaded = 1;
    config_path(path, sizeof path);
    if (!(text = read_file(path, &len))) return;
    if (umc_parse(text, len, path, &tsp.cfg, err, sizeof err) != 0) {
        free(text);
        return;
    }
    free(text);
    tsp.lines = (um_line *)calloc(tsp.cfg.count ? tsp.cfg.count : 1, sizeof *tsp.lines);
    if (!tsp.lines) { umc_free(&tsp.cfg); return; }
    tsp.count = tsp.cfg.count;
    for (i = 0; i < tsp.count; i++) {
        um_line *l = &tsp.lines[i];
        l->cfg = tsp.cfg.lines[i];
        resolve(path, l->cfg.profile, ppath, sizeof ppath);
        if ((text = read_file(ppath, &len)) != NULL) {
            l->profile = um_profile_parse(text, len, ppath, err, sizeof err);
            free(text);
        }
        snprintf(l->name, sizeof l->name, "%s",
                 l->cfg.name[0] ? l->cfg.name : l->profile ? um_profile_name(l->profile) : "Modem");
    }
}

/* ---- events from the AT engine (I/O thread) ------------------------------------------ */

static void release_call(um_line *l)
{
    tspk_call_unref(l->call);
    l->call = NULL;
    l->call_op = 0;
}

/* The final result of a dial or answer that failed, as a LINEDISCONNECTMODE_
 * (learn.microsoft.com/windows/win32/tapi/linedisconnectmode--constants). */
static DWORD disconnect_mode(const um_at_event *ev)
{
    if (ev->status != UM_AT_FAILED) return LINEDISCONNECTMODE_UNAVAIL;   /* no answer from the modem */
    switch (ev->result.state) {
    case UM_RS_BUSY: return LINEDISCONNECTMODE_BUSY;
    case UM_RS_NOANSWER: return LINEDISCONNECTMODE_NOANSWER;
    case UM_RS_NODIALTONE: return LINEDISCONNECTMODE_NODIALTONE;
    case UM_RS_BLACKLISTED:
    case UM_RS_DELAYED: return LINEDISCONNECTMODE_BLOCKED;
    default: return LINEDISCONNECTMODE_UNAVAIL;   /* NO CARRIER, ERROR: nobody reached */
    }
}

static void set_caller(tspk_call *call, const um_callerid *cid)
{
    const char *number = (cid->flags & UM_CID_NUMBER) &&
                         !(cid->flags & (UM_CID_NUMBER_PRIVATE | UM_CID_NUMBER_OUT_OF_AREA))
                         ? cid->number : NULL;
    const char *name = (cid->flags & UM_CID_NAME) &&
                       !(cid->flags & (UM_CID_NAME_PRIVATE | UM_CID_NAME_OUT_OF_AREA))
                       ? cid->name : NULL;
    if (cid->flags & (UM_CID_NUMBER | UM_CID_NAME)) tspk_call_set_party(call, TSPK_PARTY_CALLER, number, name);
}

static void on_op_done(um_line *l, const um_at_event *ev)
{
    if (ev->kind == UM_AT_OP_HANGUP && l->hangup_op && ev->op == (uint32_t)l->hangup_op) {
        l->hangup_op = 0;
        if (l->call) {
            tspk_call_set_state(l->call, LINECALLSTATE_IDLE, 0, 0);
            release_call(l);
        }
        return;
    }
    if (!l->call || !l->call_op || ev->op != (uint32_t)l->call_op || ev->status == UM_AT_CANCELLED) return;
    if (ev->status == UM_AT_OK && ev->result.state == UM_RS_CONNECT) {
        if (ev->result.dce_rate) tspk_call_set_rate(l->call, ev->result.dce_rate, LINEBEARERMODE_VOICE);
        tspk_call_set_state(l->call, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0);
    } else {
        tspk_call_set_state(l->call, LINECALLSTATE_DISCONNECTED, disconnect_mode(ev), 0);
    }
    l->call_op = 0;
}

static void on_ring(um_line *l, const um_at_event *ev)
{
    if (!l->call) {
        tspk_call *c = tspk_call_incoming(l->line, 0, LINEMEDIAMODE_DATAMODEM);
        if (c) {
            l->call = c;
            if (ev->callerid) set_caller(c, ev->callerid);
            tspk_call_set_state(c, LINECALLSTATE_OFFERING, 0, LINEMEDIAMODE_DATAMODEM);
        }
    }
    /* dwParam2 the ring mode, dwParam3 the ring count
     * (learn.microsoft.com/windows/win32/tapi/line-linedevstate). */
    tspk_line_event(l->line, LINE_LINEDEVSTATE, LINEDEVSTATE_RINGING, 1, ev->rings);
}

static void on_engine_event(void *user, const um_at_event *ev)
{
    um_line *l = (um_line *)user;
    switch (ev->type) {
    case UM_AT_EV_OP_DONE:
        on_op_done(l, ev);
        break;
    case UM_AT_EV_RING:
        on_ring(l, ev);
        break;
    case UM_AT_EV_CALLERID:
        if (l->call && tspk_call_state(l->call) == LINECALLSTATE_OFFERING) set_caller(l->call, ev->callerid);
        break;
    case UM_AT_EV_RING_STOPPED:
        /* The caller gave up before we answered. */
        if (l->call && tspk_call_state(l->call) == LINECALLSTATE_OFFERING)
            tspk_call_set_state(l->call, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL, 0);
        break;
    case UM_AT_EV_DISCONNECTED:
        /* The far end hung up: the application drops the call to make it IDLE. */
        if (l->call && tspk_call_state(l->call) != LINECALLSTATE_IDLE)
            tspk_call_set_state(l->call, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL, 0);
        l->call_op = 0;
        break;
    default:
        break;   /* data nobody took, information text, hostile input the engine dropped */
    }
}

static void on_engine_write(void *user, const uint8_t *data, size_t len)
{
    um_line *l = (um_line *)user;
    if (!l->vanished) ump_write(l->port, data, len, 1000);
}

/* ---- requests (I/O thread) ------------------------------------------------------------- */

static LONG dial_error(int r)
{
    switch (r) {
    case UM_AT_E_DIALBILLING: return LINEERR_DIALBILLING;
    case UM_AT_E_DIALQUIET: return LINEERR_DIALQUIET;
    case UM_AT_E_DIALDIALTONE: return LINEERR_DIALDIALTONE;
    case UM_AT_E_DIALPROMPT: return LINEERR_DIALPROMPT;
    case UM_AT_E_INVALADDRESS:
    case UM_AT_E_TOOLONG: return LINEERR_INVALADDRESS;
    case UM_AT_E_STATE: return LINEERR_CALLUNAVAIL;
    default: return LINEERR_RESOURCEUNAVAIL;
    }
}

static void do_makecall(um_line *l, job *j)
{
    int r;
    if (l->vanished) r = UM_AT_E_STATE;
    else if (l->call) r = UM_AT_E_STATE;
    else r = um_at_dial(l->at, now_ms(), j->dest, 0);
    if (r < 0) {
        tspk_complete(prov, j->id, dial_error(r));
        return;
    }
    l->call = tspk_call_ref(j->call);
    l->call_op = r;
    tspk_complete(prov, j->id, 0);
    /* Unimodem's order for a dialled call; the modem reports no finer progress in data
     * mode (learn.microsoft.com/windows/win32/tapi/linecallstate--constants). */
    tspk_call_set_state(l->call, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL, 0);
    tspk_call_set_state(l->call, LINECALLSTATE_DIALING, 0, 0);
    tspk_call_set_state(l->call, LINECALLSTATE_PROCEEDING, 0, 0);
}

static void do_answer(um_line *l, job *j)
{
    int r;
    if (j->call != l->call || tspk_call_state(j->call) != LINECALLSTATE_OFFERING || l->vanished) {
        tspk_complete(prov, j->id, LINEERR_INVALCALLSTATE);
        return;
    }
    r = um_at_answer(l->at, now_ms(), 0);
    if (r < 0) {
        tspk_complete(prov, j->id, LINEERR_OPERATIONFAILED);
        return;
    }
    l->call_op = r;
    tspk_complete(prov, j->id, 0);
}

/* lineDrop and lineCloseCall: hang up when the modem is in the call, the V.250 way
 * (6.2.9 &D2: DTR off) where the port has DTR, otherwise escape + ATH (engine.h). */
static void hang_up(um_line *l, int forget)
{
    um_at_mode mode = um_at_get_mode(l->at);
    int r = 0;
    l->handed = 0;
    if (!l->vanished && mode != UM_AT_MODE_IDLE) {
        unsigned flags = ump_hangup(l->port, UM_DTR_DROP_MS) == 0 ? UM_AT_HANGUP_DTR_DROPPED : 0;
        r = um_at_hangup(l->at, now_ms(), flags);
    }
    if (r > 0) {
        l->hangup_op = r;
        if (forget) release_call(l);   /* TAPI closed it: no state reaches it any more */
    } else {
        tspk_call_set_state(l->call, LINECALLSTATE_IDLE, 0, 0);
        release_call(l);
    }
}

static void do_drop(um_line *l, job *j)
{
    if (j->call == l->call) hang_up(l, j->kind == JOB_CLOSECALL);
    else if (j->kind == JOB_DROP) tspk_call_set_state(j->call, LINECALLSTATE_IDLE, 0, 0);
    if (j->id) tspk_complete(prov, j->id, 0);
}

static void do_handoff(um_line *l)
{
    l->handed = 1;
    tspk_mutex_lock(&l->lock);
    l->handoffs++;
    tspk_cond_broadcast(&l->handed_cond);
    tspk_mutex_unlock(&l->lock);
}

/* Returns 1 for JOB_STOP. */
static int run_job(um_line *l, job *j)
{
    int stop = j->kind == JOB_STOP;
    switch (j->kind) {
    case JOB_MAKECALL: do_makecall(l, j); break;
    case JOB_ANSWER: do_answer(l, j); break;
    case JOB_DROP:
    case JOB_CLOSECALL: do_drop(l, j); break;
    case JOB_HANDOFF: do_handoff(l); break;
    case JOB_STOP: break;
    }
    tspk_call_unref(j->call);
    return stop;
}

/* The modem is gone (unplugged, pty closed, TCP peer gone): the call ends UNAVAIL and
 * TAPI is asked to close the line (LINE_CLOSE: learn.microsoft.com/windows/win32/tapi/
 * line-close), which it does with TSPI_lineClose. Other lines are not touched. */
static void vanished(um_line *l)
{
    l->vanished = 1;
    if (l->call && tspk_call_state(l->call) != LINECALLSTATE_IDLE)
        tspk_call_set_state(l->call, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_UNAVAIL, 0);
    tspk_line_event(l->line, LINE_CLOSE, 0, 0, 0);
}

static void io_thread(void *user)
{
    um_line *l = (um_line *)user;
    uint8_t buf[4096];
    job j;
    for (;;) {
        uint64_t deadline, now;
        int n;
        while (tspk_queue_pop(&l->jobs, &j, 0) == 0)
            if (run_job(l, &j)) return;
        deadline = um_at_next_deadline(l->at);
        now = now_ms();
        if (l->vanished || l->handed) {
            /* The port is not ours to read: wait for a request or the engine's timer. */
            uint32_t wait = deadline == UINT64_MAX ? TSPK_INFINITE
                          : deadline <= now ? 0 : (uint32_t)(deadline - now > 3600000 ? 3600000 : deadline - now);
            if (tspk_queue_pop(&l->jobs, &j, wait) == 0) {
                if (run_job(l, &j)) return;
            } else {
                um_at_tick(l->at, now_ms());
            }
            continue;
        }
        n = ump_read(l->port, buf, sizeof buf,
                     deadline == UINT64_MAX ? -1
                     : deadline <= now ? 0 : (int)(deadline - now > 3600000 ? 3600000 : deadline - now));
        if (n > 0) um_at_feed(l->at, now_ms(), buf, (size_t)n);
        else if (n == 0) um_at_tick(l->at, now_ms());
        else if (n != UMP_EINTR) vanished(l);
    }
}

/* Queues a job for the line's I/O thread. */
static LONG post(um_line *l, enum job_kind kind, tspk_call *call, DRV_REQUESTID id, const char *dest)
{
    job j;
    int r = -1;
    memset(&j, 0, sizeof j);
    j.kind = kind;
    j.id = id;
    if (dest) snprintf(j.dest, sizeof j.dest, "%s", dest);
    tspk_mutex_lock(&l->lock);
    if (l->running) {
        j.call = call ? tspk_call_ref(call) : NULL;
        if ((r = tspk_queue_push(&l->jobs, &j)) != 0) tspk_call_unref(j.call);
    }
    tspk_mutex_unlock(&l->lock);
    if (r != 0) return LINEERR_RESOURCEUNAVAIL;
    ump_wake(l->port);
    return TSPK_PENDING;
}

/* ---- the operations table ---------------------------------------------------------------- */

static LONG um_init(tspk_provider *p)
{
    prov = p;
    load();
    return 0;
}

static void um_shutdown(tspk_provider *p)
{
    (void)p;
    unload();
    prov = NULL;
}

static const char *const device_classes[] = {
    "comm", "comm/datamodem", "comm/datamodem/portname", "comm/datamodem/dialin",
    "comm/datamodem/dialout", NULL
};

/* LINEDEVCAPS as Unimodem fills it for a data modem: the modem's name, one address,
 * DATAMODEM media, the device classes of its lineGetID
 * (learn.microsoft.com/windows/win32/tapi/comm-datamodem and the classes beside it). */
static void um_describe(tspk_provider *p, DWORD index, tspk_line_info *info)
{
    um_line *l;
    (void)p;
    load();
    if (index >= tsp.count) return;
    l = &tsp.lines[index];
    info->name = l->name;
    info->provider_info = "tspkit Unimodem";
    info->num_addresses = 1;
    info->bearer_modes = LINEBEARERMODE_VOICE;
    info->media_modes = LINEMEDIAMODE_DATAMODEM;
    info->max_rate = l->profile ? um_profile_properties(l->profile)->max_dce_rate : 0;
    info->dev_cap_flags = LINEDEVCAPFLAGS_CLOSEDROP;
    if (l->profile) {
        uint32_t dial = um_profile_properties(l->profile)->dial_options;
        if (dial & UM_DIALOPTION_QUIET) info->dev_cap_flags |= LINEDEVCAPFLAGS_DIALQUIET;
        if (dial & UM_DIALOPTION_DIALTONE) info->dev_cap_flags |= LINEDEVCAPFLAGS_DIALDIALTONE;
        if (dial & UM_DIALOPTION_BILLING) info->dev_cap_flags |= LINEDEVCAPFLAGS_DIALBILLING;
    }
    info->max_active_calls = 1;
    info->answer_mode = LINEANSWERMODE_NONE;
    info->disconnect_modes = LINEDISCONNECTMODE_NORMAL | LINEDISCONNECTMODE_BUSY |
                             LINEDISCONNECTMODE_NOANSWER | LINEDISCONNECTMODE_NODIALTONE |
                             LINEDISCONNECTMODE_UNAVAIL | LINEDISCONNECTMODE_BLOCKED;
    info->device_classes = device_classes;
}

static um_line *line_of(tspk_line *line)
{
    DWORD i = tspk_line_index(line);
    return i < tsp.count ? &tsp.lines[i] : NULL;
}

/* Answers the modem sent to whoever had the port before (a command still running when it
 * was closed) would end our Init or dial early: read them away first, bounded in bytes and
 * time so a modem that never stops talking cannot hold lineOpen. */
static void drain_stale(ump_port *port)
{
    uint8_t buf[1024];
    size_t total = 0;
    while (total < UM_DRAIN_MAX) {
        int n = ump_read(port, buf, sizeof buf, UM_DRAIN_QUIET_MS);
        if (n <= 0) break;
        total += (size_t)n;
    }
}

static LONG um_line_open(tspk_line *line)
{
    um_line *l = line_of(line);
    um_at_settings settings;
    um_at_config ac;
    char msg[128];
    if (!l || !l->profile) return LINEERR_RESOURCEUNAVAIL;
    memset(&ac, 0, sizeof ac);
    memset(&settings, 0, sizeof settings);
    l->line = line;
    l->call = NULL;
    l->call_op = l->hangup_op = l->handed = l->vanished = 0;
    l->handoffs = 0;
    if (ump_open(&l->port, l->cfg.port, msg, sizeof msg) != 0) return LINEERR_RESOURCEUNAVAIL;
    drain_stale(l->port);
    ac.profile = l->profile;
    ac.write = on_engine_write;
    ac.event = on_engine_event;
    ac.user = l;
    if (!(l->at = um_at_init(NULL, &ac))) goto fail_port;
    if (tspk_queue_init(&l->jobs, sizeof(job), 64) != 0) goto fail_at;
    if (tspk_mutex_init(&l->lock) != 0) goto fail_queue;
    if (tspk_cond_init(&l->handed_cond) != 0) goto fail_lock;
    /* Init, Settings, EnableCallerID, Monitor, as Unimodem does at lineOpen; the engine
     * queues them, so a dial right after lineOpen waits for them. */
    settings.call_setup_fail_s = l->cfg.call_setup_fail_s ? l->cfg.call_setup_fail_s : 60;
    settings.speaker_mode = 1;
    settings.options = UM_MDM_TONE_DIAL | UM_MDM_FLOWCONTROL_HARD;
    if (um_at_open(l->at, now_ms(), &settings, UM_AT_OPEN_MONITOR | UM_AT_OPEN_CALLERID) < 0) goto fail_cond;
    l->running = 1;
    if (tspk_thread_create(&l->thread, io_thread, l) != 0) {
        l->running = 0;
        goto fail_cond;
    }
    return 0;
fail_cond:
    tspk_cond_destroy(&l->handed_cond);
fail_lock:
    tspk_mutex_destroy(&l->lock);
fail_queue:
    tspk_queue_free(&l->jobs);
fail_at:
    um_at_free(l->at);
    l->at = NULL;
fail_port:
    ump_close(l->port);
    l->port = NULL;
    return LINEERR_RESOURCEUNAVAIL;
}

static void um_line_close(tspk_line *line)
{
    um_line *l = line_of(line);
    job j;
    memset(&j, 0, sizeof j);
    j.kind = JOB_STOP;
    if (!l || !l->at) return;
    tspk_mutex_lock(&l->lock);
    l->running = 0;
    tspk_queue_push(&l->jobs, &j);
    tspk_mutex_unlock(&l->lock);
    ump_wake(l->port);
    tspk_thread_join(&l->thread);
    while (tspk_queue_pop(&l->jobs, &j, 0) == 0) tspk_call_unref(j.call);
    release_call(l);
    tspk_queue_free(&l->jobs);
    tspk_cond_destroy(&l->handed_cond);
    tspk_mutex_destroy(&l->lock);
    um_at_free(l->at);
    l->at = NULL;
    ump_close(l->port);      /* DTR drops: a call still up is hung up by the modem (&D2) */
    l->port = NULL;
    l->line = NULL;
}

static um_line *call_line(tspk_call *call) { return line_of(tspk_call_line(call)); }

static LONG um_make_call(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest, DWORD country,
                         const tspk_callparams *params)
{
    char number[UM_AT_DIAL_MAX + 1], out[UM_AT_DIAL_MAX * 2 + 1];
    um_line *l = call_line(call);
    int partial, r;
    size_t n = 0;
    (void)country; (void)params;
    if (!l) return LINEERR_OPERATIONFAILED;
    /* No dial string (off hook for manual dialling) is not offered yet. */
    if (!dest || !*dest) return LINEERR_INVALADDRESS;
    if (tspk_utf16_to_utf8(dest, TSPK_NTS, number, sizeof number, &n, TSPK_UTF_STRICT) != 0 ||
        n >= sizeof number)
        return LINEERR_INVALADDRESS;
    /* The checks the dial operation makes, before anything is queued
     * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linemakecall: LINEERR_DIAL*). */
    if ((r = um_at_dial_translate(l->profile, number, out, sizeof out, &partial)) != 0) return dial_error(r);
    return post(l, JOB_MAKECALL, call, id, number);
}

static LONG um_answer(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD size)
{
    um_line *l = call_line(call);
    (void)uui; (void)size;
    if (!l) return LINEERR_OPERATIONFAILED;
    if (tspk_call_state(call) != LINECALLSTATE_OFFERING) return LINEERR_INVALCALLSTATE;
    return post(l, JOB_ANSWER, call, id, NULL);
}

static LONG um_drop(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD size)
{
    um_line *l = call_line(call);
    (void)uui; (void)size;
    if (!l) return LINEERR_OPERATIONFAILED;
    return post(l, JOB_DROP, call, id, NULL);
}

static void um_call_close(tspk_call *call)
{
    um_line *l = call_line(call);
    if (l) post(l, JOB_CLOSECALL, call, 0, NULL);
}

/* lineGetID. comm: the modem's name (learn.microsoft.com/windows/win32/tapi/comm);
 * comm/datamodem/portname: the port's name, ANSI (.../tapi/comm-datamodem-portname);
 * comm/datamodem: STRINGFORMAT_BINARY, a HANDLE then the NUL-terminated ANSI device name
 * (.../tapi/comm-datamodem). The handle is NULL unless dwSelect is LINECALLSELECT_CALL
 * and the call is connected. It is the application's to close (CloseHandle): on Windows
 * the port's handle duplicated into the process TAPISRV names (hTargetProcess), as
 * Unimodem does; on Linux a dup of its file descriptor, in the pointer-sized field.
 * dialin/dialout name the same port. */
static const char *port_name(const um_line *l)
{
    const char *colon = strchr(l->cfg.port, ':');
    if (colon && (!strncmp(l->cfg.port, "tty:", 4) || !strncmp(l->cfg.port, "serial:", 7))) {
        const char *q = colon + 1;
        return q;
    }
    return l->cfg.port;
}

static LONG add_ascii(tspk_varbuf *vb, LPVARSTRING out, const char *s, size_t n)
{
    out->dwStringFormat = STRINGFORMAT_ASCII;
    return tspk_varbuf_add_bytes(vb, &out->dwStringSize, &out->dwStringOffset, s, (DWORD)n + 1, 1);
}

/* A copy of the port's native handle (port.h: only ports whose bytes are the modem's
 * unchanged have one) for the application's process; NULL when there is none. A tcp
 * port's is a SOCKET: DuplicateHandle of it works with ReadFile/WriteFile on Windows and
 * Wine (tests/unimodem/data.tsps), though Winsock documents WSADuplicateSocket for
 * sockets (layered providers may refuse a duplicated handle). */
static HANDLE copy_for(um_line *l, HANDLE target)
{
#ifdef _WIN32
    HANDLE mine = ump_native_handle(l->port), theirs = NULL;
    if (!mine || !target) return NULL;
    if (!DuplicateHandle(GetCurrentProcess(), mine, target, &theirs, 0, FALSE, DUPLICATE_SAME_ACCESS))
        return NULL;
    return theirs;
#else
    int fd = ump_native_handle(l->port);
    (void)target;
    fd = fd >= 0 ? dup(fd) : -1;
    return fd >= 0 ? (HANDLE)(intptr_t)fd : NULL;
#endif
}

/* Takes back a copy the application never got. */
static void uncopy(HANDLE h, HANDLE target)
{
#ifdef _WIN32
    DuplicateHandle(target, h, NULL, NULL, 0, FALSE, DUPLICATE_CLOSE_SOURCE);
#else
    (void)target;
    close((int)(intptr_t)h);
#endif
}

static LONG um_get_id(tspk_line *line, DWORD address_id, tspk_call *call, LPCWSTR device_class,
                      LPVARSTRING out, tspk_varbuf *vb, HANDLE target_process)
{
    char cls[40];
    um_line *l = line_of(line);
    const char *pname;
    unsigned char *field;
    size_t n = 0, plen;
    HANDLE h = NULL;
    (void)address_id;
    if (!l) return LINEERR_OPERATIONFAILED;
    if (tspk_utf16_to_utf8(device_class, TSPK_NTS, cls, sizeof cls, &n, TSPK_UTF_STRICT) != 0 ||
        n >= sizeof cls)
        return LINEERR_INVALDEVICECLASS;
    pname = port_name(l);
    plen = strlen(pname);
    if (!strcmp(cls, "comm")) return add_ascii(vb, out, l->name, strlen(l->name));
    if (!strcmp(cls, "comm/datamodem/portname") || !strcmp(cls, "comm/datamodem/dialin") ||
        !strcmp(cls, "comm/datamodem/dialout"))
        return add_ascii(vb, out, pname, plen);
    if (strcmp(cls, "comm/datamodem") != 0) return LINEERR_INVALDEVICECLASS;
    out->dwStringFormat = STRINGFORMAT_BINARY;
    field = (unsigned char *)tspk_varbuf_reserve(vb, &out->dwStringSize, &out->dwStringOffset,
                                                 (DWORD)(sizeof(HANDLE) + plen + 1), sizeof(HANDLE));
    if (!field) return 0;   /* did not fit: dwNeededSize says how much is needed */
    if (call && tspk_call_state(call) == LINECALLSTATE_CONNECTED && (h = copy_for(l, target_process)) != NULL) {
        unsigned done;
        tspk_mutex_lock(&l->lock);
        done = l->handoffs;
        tspk_mutex_unlock(&l->lock);
        if (post(l, JOB_HANDOFF, NULL, 0, NULL) != TSPK_PENDING) {
            uncopy(h, target_process);
            return LINEERR_RESOURCEUNAVAIL;
        }
        /* Until the I/O thread stopped reading, the port is not the application's. */
        tspk_mutex_lock(&l->lock);
        while (l->handoffs == done)
            if (tspk_cond_timedwait(&l->handed_cond, &l->lock, UM_HANDOFF_WAIT_MS) != 0) break;
        done = l->handoffs != done;
        tspk_mutex_unlock(&l->lock);
        if (!done) {
            uncopy(h, target_process);
            return LINEERR_OPERATIONFAILED;
        }
    }
    memcpy(field, &h, sizeof h);
    memcpy(field + sizeof h, pname, plen + 1);
    return 0;
}

static const tspk_provider_ops unimodem_ops_template = {
    .name = "tspkit Unimodem",
    .init = um_init,
    .shutdown = um_shutdown,
    .line_describe = um_describe,
    .line_open = um_line_open,
    .line_close = um_line_close,
    .make_call = um_make_call,
    .answer = um_answer,
    .drop = um_drop,
    .call_close = um_call_close,
    .get_id = um_get_id,
};

/* The framework asks once per process, before TSPI_providerEnumDevices answers: the number
 * of lines is the configuration's at that moment. */
const tspk_provider_ops *tspk_provider_ops_get(void)
{
    static tspk_provider_ops ops;
    static int ready;
    if (!ready) {
        ops = unimodem_ops_template;
        load();
        ops.num_lines = (DWORD)tsp.count;
        unload();
        ready = 1;
    }
    return &ops;
}
