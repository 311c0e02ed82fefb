/*
 * tsp-unimodem/tsp/unimodem.c - the Unimodem-style TSP: AT modems as TAPI line devices.
 *
 * What it does: one line device per [Line] of the configuration (config.h), each a modem
 * on a port (port/port.h) described by a profile (profile/profile.h). lineOpen opens the
 * port and sends Init and Monitor (at/engine.h); lineMakeCall dials (all at once, in
 * stages with lineDial, or only to dial tone), lineAnswer/lineAccept take a RING, lineDrop
 * hangs up; the call states, caller ID, ring counts, the comm/datamodem handle, the DEVCFG
 * of lineGet/SetDevConfig (at/devcfg.h) and, on voice modems, voice calls with DTMF both
 * ways are what Windows' Unimodem reports. Everything TAPI-specific (entry points,
 * handles, structures, async rules) is the SDK framework's (tspkit/provider.h).
 *
 * How it works: each open line has one I/O thread that owns the port and the AT engine.
 * It blocks in ump_read() until bytes, the engine's next timer (um_at_next_deadline) or
 * a request arrives (ump_wake): no polling. TSPI operations only check their arguments
 * and queue a job for it, so the engine is used from one thread and every event reaches
 * TAPISRV from that thread with no lock held. The data handle of lineGetID
 * "comm/datamodem": the thread keeps reading the port and relays the call's bytes through a
 * socket pair (loopback TCP on Windows) whose other end the application gets, so it still
 * sees NO CARRIER and DCD; only a Windows COM port is handed over itself, as by Unimodem,
 * and then the thread stops reading it until lineDrop but waits for RLSD (DCD) on its own
 * handle (docs/unimodem.md 7).
 */
#ifdef _WIN32
#  include <winsock2.h>   /* before <windows.h>, which provider.h includes */
#  include <ws2tcpip.h>
#endif
#define TSPKIT_IMPLEMENTATION
#include <tspkit/provider.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#  include <errno.h>
#  include <fcntl.h>
#  include <poll.h>
#  include <sys/socket.h>
#  include <unistd.h>
#endif

#include "at/devcfg.h"
#include "at/engine.h"
#include "port/port.h"
#include "profile/profile.h"
#include "tsp/config.h"

#define UM_CONFIG_ENV "TSPKIT_UNIMODEM_CONFIG"
#define UM_CONFIG_DEFAULT "/etc/tspkit/unimodem.conf"
#define UM_CONFIG_FILE "unimodem.conf"
#define UM_DTR_DROP_MS 250             /* V.250 6.2.9: long enough for &D2 to notice */
#define UM_HANDOFF_WAIT_MS 5000
#define UM_DRAIN_QUIET_MS 30           /* lineOpen: stale input ends after this much silence */
#define UM_DRAIN_MAX (64 * 1024)
#define UM_EARLY_MAX 4096              /* call data kept between CONNECT and lineGetID */
#define UM_RELAY_WRITE_MS 1000         /* an application that reads nothing loses data after this */
#define UM_VOICE_MEDIA (LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE)
#define UM_MEDIA_SET 0x80000000u       /* call user data: lineSetMediaMode chose the media */
/* VoiceProfile 0x00010000: the modem reports silence (Unimodem's VOICEPROF_MONITORS_SILENCE,
 * in the Windows DDK's modem headers); then lineMonitorTones takes a silence tone. */
#define UM_VOICEPROFILE_MONITORS_SILENCE 0x00010000u
/* Media a voice modem tells by the tones V.253 reports ('c', 'e', 'a', 'f'). */
#define UM_DETECT_MEDIA (LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM)

enum job_kind {
    JOB_MAKECALL, JOB_DIAL, JOB_ANSWER, JOB_ACCEPT, JOB_DROP, JOB_CLOSECALL, JOB_HANDOFF,
    JOB_SETTINGS, JOB_DIGITS, JOB_DCD_LOST, JOB_STOP
};

#ifdef _WIN32
typedef SOCKET um_sock;
#  define UM_NO_SOCK INVALID_SOCKET
#else
typedef int um_sock;
#  define UM_NO_SOCK (-1)
#endif

typedef struct job {
    enum job_kind kind;
    tspk_call *call;                   /* referenced while queued */
    DRV_REQUESTID id;                  /* 0: no request to complete */
    unsigned flags;                    /* UM_AT_VOICE: a voice call */
    DWORD media;                       /* ANSWER: the media mode the application chose */
    DWORD e2e;                         /* DIGITS: dwEndToEndID */
    char dest[UM_AT_DIAL_MAX + 1];     /* MAKECALL, DIAL: the number; DIGITS: the digits */
    um_devcfg cfg;                     /* SETTINGS */
} job;

typedef struct um_line {
    umc_line cfg;
    char name[UMC_NAME_MAX];
    um_profile *profile;
    /* under tsp.cfg_lock: the DEVCFG (lineGet/SetDevConfig) and what the call negotiated */
    um_devcfg devcfg;
    int devcfg_set;                    /* lineSetDevConfig gave it: its DCB overrides the URL's */
    uint32_t negotiated_rate, negotiated_options;
    /* while open; the fields below "I/O thread only" are touched by that thread alone
     * (and by line_close after it has joined it) */
    tspk_line *line;
    ump_port *port;
    um_at *at;
    tspk_queue jobs;
    tspk_thread thread;
    tspk_mutex lock;                   /* running, handoffs, handoff_fd, voice_connected */
    tspk_cond handed_cond;
    int running;
    unsigned handoffs;                 /* JOB_HANDOFFs carried out */
    intptr_t handoff_fd;               /* POSIX: the last JOB_HANDOFF's descriptor, -1 none */
    int voice_connected;               /* the call is a connected voice call */
    tspk_mutex write_lock;             /* ump_write from the I/O and relay threads; relay_live */
    /* I/O thread only */
    tspk_call *call;                   /* the line's call, referenced */
    int call_op;                       /* its dial or answer operation */
    int hangup_op;
    int digits_op;                     /* lineGenerateDigits in progress, and its dwEndToEndID */
    DWORD digits_e2e;
    int voice;                         /* the call is a voice call */
    DWORD voice_media;                 /* the media mode it connects with (0: as it is) */
    int dtmf_framed;                   /* the modem frames digits with <DLE>/ ... <DLE>~ */
    char dtmf_last;
    int reject_rings;                  /* a call dropped while offered: its rings are ignored */
    int dial_waiting;                  /* a lineDial waits for the partial dial before it */
    job waiting_dial;
    int handed;                        /* Windows: the application has the COM port */
    int vanished;
    int dcd_on;                        /* DCD was seen on during the connected call */
    um_sock relay_fd, app_fd;          /* socket pair: ours, and the application's original */
    int relay_live;                    /* write_lock: the application's bytes go to the modem */
    int relay_running;
    tspk_thread relay_thread;
    size_t early_len;
    uint8_t early[UM_EARLY_MAX];
#ifdef _WIN32
    int relay_wsa;                     /* WSAStartup done for the pair */
    HANDLE relay_stop_ev;              /* ends the relay thread's wait (shutdown does not) */
    HANDLE dcd_stop;                   /* ends the RLSD watcher of a handed COM port */
    int dcd_running;
    tspk_thread dcd_thread;
#endif
} um_line;

typedef struct um_tsp {
    umc_config cfg;
    um_line *lines;
    size_t count;
    int loaded;
    tspk_mutex cfg_lock;
    int cfg_lock_ready;
} um_tsp;

/* The provider's state: TAPISRV loads a TSP once per process, and the framework keeps
 * its own instance the same way (provider_impl.h). */
static um_tsp tsp;
static tspk_provider *prov;

static uint64_t now_ms(void) { return tspk_now_us() / 1000; }

static void cfg_lock(void) { if (tsp.cfg_lock_ready) tspk_mutex_lock(&tsp.cfg_lock); }
static void cfg_unlock(void) { if (tsp.cfg_lock_ready) tspk_mutex_unlock(&tsp.cfg_lock); }

/* ---- configuration ---------------------------------------------------------------- */

#ifdef _WIN32
/* unimodem.conf next to this DLL (without it, umc_load reads the registry). */
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

static void unload(void)
{
    size_t i;
    for (i = 0; i < tsp.count; i++) um_profile_free(tsp.lines[i].profile);
    free(tsp.lines);
    umc_free(&tsp.cfg);
    tsp.lines = NULL;
    tsp.count = 0;
    tsp.loaded = 0;
    memset(&tsp.cfg, 0, sizeof tsp.cfg);
}

/* Reads the configuration and every profile it names (umc_load: the file, else on Windows
 * the modems installed in Unimodem's registry keys). A line whose profile cannot be read
 * stays, with no profile: lineOpen then fails (LINEERR_RESOURCEUNAVAIL) rather than the
 * device numbering shifting. */
static void load(void)
{
    char path[UMC_PATH_MAX], err[UMC_ERR_MAX];
    size_t i;
    if (tsp.loaded) return;
    tsp.loaded = 1;
    config_path(path, sizeof path);
    if (umc_load(path, &tsp.cfg, err, sizeof err) != 0) return;
    tsp.lines = (um_line *)calloc(tsp.cfg.count ? tsp.cfg.count : 1, sizeof *tsp.lines);
    if (!tsp.lines) { umc_free(&tsp.cfg); return; }
    tsp.count = tsp.cfg.count;
    for (i = 0; i < tsp.count; i++) {
        um_line *l = &tsp.lines[i];
        l->cfg = tsp.cfg.lines[i];
        l->profile = umc_take_profile(&tsp.cfg, i);
        snprintf(l->name, sizeof l->name, "%s",
                 l->cfg.name[0] ? l->cfg.name : l->profile ? um_profile_name(l->profile) : "Modem");
        um_devcfg_default(&l->devcfg, l->profile, l->cfg.call_setup_fail_s);
    }
}

static int is_voice_modem(const um_line *l)
{
    return l->profile && (um_profile_voice(l->profile) & UM_VOICEPROFILE_VOICE);
}

/* ---- the data relay ---------------------------------------------------------------------- */

static void sock_close(um_sock s)
{
    if (s == UM_NO_SOCK) return;
#ifdef _WIN32
    closesocket(s);
#else
    close(s);
#endif
}

#ifdef _WIN32
/* Two connected loopback TCP sockets (Windows has no socketpair). The accepted one must be
 * the peer of the one we connected: another local process could connect in between. A
 * SOCKET is a HANDLE that ReadFile/WriteFile take, and it is overlapped, as the
 * comm/datamodem handle of a tcp port always was. */
static int sock_pair(um_line *l, um_sock sv[2])
{
    struct sockaddr_in a, peer, local;
    int alen = sizeof a, plen = sizeof peer, llen = sizeof local, one = 1;
    WSADATA wsa;
    SOCKET ls;
    if (!l->relay_wsa) {
        if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return -1;
        l->relay_wsa = 1;
    }
    sv[0] = sv[1] = INVALID_SOCKET;
    if ((ls = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) == INVALID_SOCKET) return -1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) != 0 || listen(ls, 1) != 0 ||
        getsockname(ls, (struct sockaddr *)&a, &alen) != 0 ||
        (sv[1] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) == INVALID_SOCKET ||
        connect(sv[1], (struct sockaddr *)&a, sizeof a) != 0 ||
        (sv[0] = accept(ls, (struct sockaddr *)&peer, &plen)) == INVALID_SOCKET ||
        getsockname(sv[1], (struct sockaddr *)&local, &llen) != 0 ||
        peer.sin_port != local.sin_port || peer.sin_addr.s_addr != local.sin_addr.s_addr) {
        closesocket(ls);
        sock_close(sv[0]);
        sock_close(sv[1]);
        sv[0] = sv[1] = INVALID_SOCKET;
        return -1;
    }
    closesocket(ls);
    setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    setsockopt(sv[1], IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    return 0;
}

/* Waits until fd can take bytes; 0 after UM_RELAY_WRITE_MS. */
static int sock_writable(um_sock fd)
{
    fd_set w;
    struct timeval tv = { UM_RELAY_WRITE_MS / 1000, (UM_RELAY_WRITE_MS % 1000) * 1000 };
    FD_ZERO(&w);
    FD_SET(fd, &w);
    return select(0, NULL, &w, NULL, &tv) > 0;
}
#else
static int sock_pair(um_line *l, um_sock sv[2])
{
    (void)l;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return -1;
    fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
    return 0;
}
#endif

/* Bytes to the application's end of the relay; an application that reads nothing for
 * UM_RELAY_WRITE_MS loses them rather than stalling the line. */
static void relay_send(um_sock fd, const uint8_t *p, size_t n)
{
    while (n) {
#ifdef _WIN32
        /* No MSG_DONTWAIT: wait for room, then send a slice the buffer takes at once. */
        int w;
        if (!sock_writable(fd)) return;
        if ((w = send(fd, (const char *)p, n > 1024 ? 1024 : (int)n, 0)) <= 0) return;
#else
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = { fd, POLLOUT, 0 };
            if (poll(&pfd, 1, UM_RELAY_WRITE_MS) <= 0) return;
            continue;
        }
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
#endif
        p += w;
        n -= (size_t)w;
    }
}

#ifdef _WIN32
/* One overlapped receive that relay_stop can end: a blocked recv() is not ended by
 * shutdown() on Windows (nor under Wine). The count, 0 at the end or when stopped. */
static long relay_recv(um_line *l, uint8_t *buf, size_t len)
{
    WSAOVERLAPPED ov;
    WSABUF wb;
    DWORD got = 0, flags = 0;
    HANDLE waits[2];
    long n = 0;
    memset(&ov, 0, sizeof ov);
    if (!(ov.hEvent = WSACreateEvent())) return 0;
    wb.buf = (char *)buf;
    wb.len = (ULONG)len;
    waits[0] = ov.hEvent;
    waits[1] = l->relay_stop_ev;
    if (WSARecv(l->relay_fd, &wb, 1, &got, &flags, &ov, NULL) == 0) {
        n = (long)got;
    } else if (WSAGetLastError() == WSA_IO_PENDING) {
        if (WaitForMultipleObjects(2, waits, FALSE, INFINITE) == WAIT_OBJECT_0) {
            if (WSAGetOverlappedResult(l->relay_fd, &ov, &got, FALSE, &flags)) n = (long)got;
        } else {
            CancelIo((HANDLE)l->relay_fd);   /* this thread's receive */
            WSAGetOverlappedResult(l->relay_fd, &ov, &got, TRUE, &flags);
        }
    }
    WSACloseEvent(ov.hEvent);
    return n;
}
#endif

/* The application's bytes to the modem, while the call is up. */
static void relay_thread_fn(void *user)
{
    um_line *l = (um_line *)user;
    uint8_t buf[4096];
    for (;;) {
#ifdef _WIN32
        long n = relay_recv(l, buf, sizeof buf);
#else
        ssize_t n = recv(l->relay_fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
#endif
        if (n <= 0) return;
        tspk_mutex_lock(&l->write_lock);
        if (l->relay_live) ump_write(l->port, buf, (size_t)n, 1000);
        tspk_mutex_unlock(&l->write_lock);
    }
}

/* The relay starts: a socket pair, the thread for the application's bytes, and what the
 * modem sent since CONNECT. Returns 0, or -1. */
static int relay_start(um_line *l)
{
    um_sock sv[2];
    if (l->relay_fd != UM_NO_SOCK) return 0;
#ifdef _WIN32
    if (!l->relay_stop_ev && !(l->relay_stop_ev = CreateEventA(NULL, TRUE, FALSE, NULL))) return -1;
    ResetEvent(l->relay_stop_ev);
#endif
    if (sock_pair(l, sv) != 0) return -1;
    l->relay_fd = sv[0];
    l->app_fd = sv[1];
    tspk_mutex_lock(&l->write_lock);
    l->relay_live = 1;
    tspk_mutex_unlock(&l->write_lock);
    if (tspk_thread_create(&l->relay_thread, relay_thread_fn, l) != 0) {
        sock_close(sv[0]);
        sock_close(sv[1]);
        l->relay_fd = l->app_fd = UM_NO_SOCK;
        return -1;
    }
    l->relay_running = 1;
    relay_send(l->relay_fd, l->early, l->early_len);
    l->early_len = 0;
    return 0;
}

static void relay_stop(um_line *l)
{
    tspk_mutex_lock(&l->write_lock);
    l->relay_live = 0;
    tspk_mutex_unlock(&l->write_lock);
    l->early_len = 0;
    if (l->relay_fd == UM_NO_SOCK) return;
#ifdef _WIN32
    shutdown(l->relay_fd, SD_BOTH);     /* the application reads EOF */
    SetEvent(l->relay_stop_ev);         /* the thread's receive ends */
#else
    shutdown(l->relay_fd, SHUT_RDWR);
#endif
    if (l->relay_running) tspk_thread_join(&l->relay_thread);
    l->relay_running = 0;
    sock_close(l->relay_fd);
    sock_close(l->app_fd);
    l->relay_fd = l->app_fd = UM_NO_SOCK;
}

static LONG post_job(um_line *l, job *j);

#ifdef _WIN32
/* Windows hands a COM port itself to the application (as Unimodem does; our handle stays
 * open), so the I/O thread no longer reads it. What the TSP keeps doing is wait for RLSD
 * (DCD, V.24 circuit 109, dropped by &C1 when the carrier goes) with WaitCommEvent(EV_RLSD)
 * on its own handle (learn.microsoft.com/windows/win32/api/winbase/nf-winbase-waitcommevent,
 * overlapped as the port was opened); no data is read. A drop is a job for the I/O thread,
 * which reports it as the far end's hang-up. */
static int is_com_port(const um_line *l) { return !strncmp(l->cfg.port, "serial:", 7); }

static void dcd_thread_fn(void *user)
{
    um_line *l = (um_line *)user;
    HANDLE h = (HANDLE)ump_native_handle(l->port);
    OVERLAPPED ov;
    HANDLE waits[2];
    memset(&ov, 0, sizeof ov);
    if (!h || !(ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL))) return;
    waits[0] = ov.hEvent;
    waits[1] = l->dcd_stop;
    if (SetCommMask(h, EV_RLSD)) {
        for (;;) {
            DWORD mask = 0, got = 0, status = 0;
            ResetEvent(ov.hEvent);
            if (!WaitCommEvent(h, &mask, &ov)) {
                if (GetLastError() != ERROR_IO_PENDING) break;
                if (WaitForMultipleObjects(2, waits, FALSE, INFINITE) != WAIT_OBJECT_0) {
                    CancelIo(h);   /* this thread's WaitCommEvent */
                    GetOverlappedResult(h, &ov, &got, TRUE);
                    break;
                }
                if (!GetOverlappedResult(h, &ov, &got, FALSE)) break;
            }
            if (GetCommModemStatus(h, &status) && !(status & MS_RLSD_ON)) {
                job j;
                memset(&j, 0, sizeof j);
                j.kind = JOB_DCD_LOST;
                post_job(l, &j);
                break;
            }
        }
    }
    CloseHandle(ov.hEvent);
}

static void dcd_watch_start(um_line *l)
{
    if (l->dcd_running || !(l->dcd_stop = CreateEventA(NULL, TRUE, FALSE, NULL))) return;
    if (tspk_thread_create(&l->dcd_thread, dcd_thread_fn, l) != 0) {
        CloseHandle(l->dcd_stop);
        l->dcd_stop = NULL;
        return;
    }
    l->dcd_running = 1;
}

static void dcd_watch_stop(um_line *l)
{
    if (!l->dcd_running) return;
    SetEvent(l->dcd_stop);
    tspk_thread_join(&l->dcd_thread);
    CloseHandle(l->dcd_stop);
    l->dcd_stop = NULL;
    l->dcd_running = 0;
}
#endif

/* The modem is no longer in the call's data state: the application's bytes stop. */
static void relay_quiet(um_line *l)
{
    tspk_mutex_lock(&l->write_lock);
    l->relay_live = 0;
    tspk_mutex_unlock(&l->write_lock);
}

/* Call data from the modem: to the application's relay, or kept until it asks. */
static void call_data(um_line *l, const uint8_t *p, size_t n)
{
    size_t keep;
    if (!l->call || tspk_call_state(l->call) != LINECALLSTATE_CONNECTED) return;
    if (l->relay_fd != UM_NO_SOCK) {
        relay_send(l->relay_fd, p, n);
        return;
    }
    keep = n < UM_EARLY_MAX - l->early_len ? n : UM_EARLY_MAX - l->early_len;
    memcpy(l->early + l->early_len, p, keep);
    l->early_len += keep;
}

/* ---- events from the AT engine (I/O thread) ------------------------------------------ */

static void set_voice_connected(um_line *l, int on)
{
    tspk_mutex_lock(&l->lock);
    l->voice_connected = on;
    tspk_mutex_unlock(&l->lock);
}

static void do_dial(um_line *l, job *j);

/* The lineDial that waited for a partial dial: now carried out (run 1) or refused. */
static void waiting_dial(um_line *l, int run)
{
    job j;
    if (!l->dial_waiting) return;
    l->dial_waiting = 0;
    j = l->waiting_dial;
    if (run) do_dial(l, &j);
    else tspk_complete(prov, j.id, LINEERR_INVALCALLSTATE);
    tspk_call_unref(j.call);
}

static void release_call(um_line *l)
{
    waiting_dial(l, 0);
    relay_stop(l);
#ifdef _WIN32
    dcd_watch_stop(l);
#endif
    if (l->voice) set_voice_connected(l, 0);
    tspk_call_unref(l->call);
    l->call = NULL;
    l->call_op = l->digits_op = 0;
    l->voice = l->dtmf_framed = l->dcd_on = 0;
    l->voice_media = 0;
    l->dtmf_last = 0;
}

/* The call ended from afar, or could not be made: DISCONNECTED with this mode; the
 * application drops it to make it IDLE. */
static void disconnected(um_line *l, DWORD mode)
{
    relay_quiet(l);
    if (l->voice) set_voice_connected(l, 0);
    if (l->call && tspk_call_state(l->call) != LINECALLSTATE_IDLE)
        tspk_call_set_state(l->call, LINECALLSTATE_DISCONNECTED, mode, 0);
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
    if (ev->kind == UM_AT_OP_DIGITS) {
        /* lineGenerateDigits ends with LINE_GENERATE (learn.microsoft.com/windows/win32/
         * tapi/line-generate): DONE when +VTS said OK, CANCEL otherwise. */
        if (l->digits_op && ev->op == (uint32_t)l->digits_op) {
            l->digits_op = 0;
            if (l->call)
                tspk_call_generate_done(l->call, ev->status == UM_AT_OK ? LINEGENERATETERM_DONE
                                                                        : LINEGENERATETERM_CANCEL,
                                        l->digits_e2e);
        }
        return;
    }
    if (!l->call || !l->call_op || ev->op != (uint32_t)l->call_op || ev->status == UM_AT_CANCELLED) return;
    l->call_op = 0;
    /* A dial ending with ';' leaves the modem off hook in command state: the call stays
     * in DIALTONE or DIALING until lineDial finishes the number (TSPI_lineDial remarks). */
    if (ev->status == UM_AT_OK && ev->kind == UM_AT_OP_DIAL && um_at_get_mode(l->at) == UM_AT_MODE_OFFHOOK) {
        waiting_dial(l, 1);
        return;
    }
    waiting_dial(l, 0);
    if (ev->status == UM_AT_OK && (ev->result.state == UM_RS_CONNECT || l->voice)) {
        if (ev->result.dce_rate) tspk_call_set_rate(l->call, ev->result.dce_rate, LINEBEARERMODE_VOICE);
        cfg_lock();
        tspk_mutex_lock(&l->lock);
        l->voice_connected = l->voice;
        tspk_mutex_unlock(&l->lock);
        l->negotiated_rate = ev->result.dce_rate;
        /* The MSS options are MODEMSETTINGS' MDM_ bits (profile.h). */
        l->negotiated_options = ev->result.options & (UM_MDM_ERROR_CONTROL | UM_MDM_COMPRESSION | UM_MDM_CELLULAR);
        cfg_unlock();
        tspk_call_set_state(l->call, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, l->voice_media);
    } else {
        disconnected(l, disconnect_mode(ev));
    }
}

static void on_ring(um_line *l, const um_at_event *ev)
{
    /* Unimodem ignores the rest of the rings of a call the application dropped while it
     * was offered: the same caller is not offered again until the ringing stops. */
    if (l->reject_rings) return;
    if (!l->call) {
        /* A ring on a voice modem may be a voice, fax or data call: offered as UNKNOWN
         * with the likely modes, for lineSetMediaMode to settle before lineAnswer
         * (learn.microsoft.com/windows/win32/tapi/linemediamode--constants). */
        DWORD media = is_voice_modem(l) ? LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_DATAMODEM | UM_VOICE_MEDIA
                                        : LINEMEDIAMODE_DATAMODEM;
        tspk_call *c = tspk_call_incoming(l->line, 0, media);
        if (c) {
            l->call = c;
            if (ev->callerid) set_caller(c, ev->callerid);
            tspk_call_set_state(c, LINECALLSTATE_OFFERING, 0, media);
        }
    }
    /* dwParam2 the ring mode, dwParam3 the ring count
     * (learn.microsoft.com/windows/win32/tapi/line-linedevstate). */
    tspk_line_event(l->line, LINE_LINEDEVSTATE, LINEDEVSTATE_RINGING, 1, ev->rings);
}

/* The tones a voice modem names without their frequencies (V.253 'b' busy, 'd' dial tone),
 * and the LINEMONITORTONE entries an application may describe them with: North America's
 * busy 480+620 Hz and dial tone 350+440 Hz (the precise tone plan), the UK's dial tone
 * 350+450 Hz, and the single 400-450 Hz tone ITU-T E.180 recommends for both (the
 * cadence, which tells them apart, is not in a LINEMONITORTONE). Several entries may match
 * one tone, as the TSPI allows (LINE_MONITORTONE: "a tone can match several nonidentical
 * tone descriptions"). Frequencies within 10 Hz of the nominal ones match. */
enum um_tone { UM_TONE_SILENCE, UM_TONE_BUSY, UM_TONE_DIAL };

static int freq_near(DWORD f, DWORD nominal) { return f + 10 >= nominal && f <= nominal + 10; }

static int tone_is(const LINEMONITORTONE *t, enum um_tone which)
{
    DWORD f[3], n = 0, a, b;
    if (which == UM_TONE_SILENCE) return tspk_tone_is_silence(t);
    if (t->dwFrequency1) f[n++] = t->dwFrequency1;
    if (t->dwFrequency2) f[n++] = t->dwFrequency2;
    if (t->dwFrequency3) f[n++] = t->dwFrequency3;
    if (n == 1) return f[0] >= 400 && f[0] <= 450;
    if (n != 2) return 0;
    a = f[0] < f[1] ? f[0] : f[1];
    b = f[0] < f[1] ? f[1] : f[0];
    if (which == UM_TONE_BUSY) return freq_near(a, 480) && freq_near(b, 620);
    return freq_near(a, 350) && (freq_near(b, 440) || freq_near(b, 450));
}

static int match_tone(const LINEMONITORTONE *t, void *user) { return tone_is(t, *(const enum um_tone *)user); }

static void tone_heard(um_line *l, enum um_tone which)
{
    tspk_call_tone_detected(l->call, match_tone, &which);
}

/* V.253 events of a voice call (7.1.1, 9.3.1 DTMF): digits become LINE_MONITORDIGITS
 * while the application monitors them (learn.microsoft.com/windows/win32/tapi/
 * line-monitordigits: DTMF when detected, DTMFEND when released; a modem that reports a
 * bare <DLE>digit gives both at once); a busy tone before the far end answered is BUSY,
 * after it (the exchange's tone once the far end hung up) as are dial tone and a loop
 * current break, the far end's hang-up. Silence and quiet ('s', 'q'), busy and dial tone
 * are LINE_MONITORTONE for the entries lineMonitorTones asked for (silence: a tone with
 * all frequencies 0, ns-tapi-linemonitortone), before the call state changes; calling and
 * answer tones are LINE_MONITORMEDIA while that media is monitored: fax calling tone
 * ('c', T.30 CNG) G3FAX; data calling tone ('e', V.25 CT), answer tone ('a', V.25 ANS) and
 * Bell answer tone ('f') DATAMODEM. */
static void on_dle(um_line *l, const um_at_event *ev)
{
    DWORD st;
    if (!l->call || !l->voice) return;
    st = tspk_call_state(l->call);
    switch (ev->dle) {
    case UM_DLE_DTMF_START:
        l->dtmf_framed = 1;
        break;
    case UM_DLE_DTMF:
        tspk_call_digit(l->call, (WCHAR)(unsigned char)ev->code, LINEDIGITMODE_DTMF);
        if (!l->dtmf_framed) tspk_call_digit(l->call, (WCHAR)(unsigned char)ev->code, LINEDIGITMODE_DTMFEND);
        l->dtmf_last = ev->code;
        break;
    case UM_DLE_DTMF_END:
        if (l->dtmf_last) tspk_call_digit(l->call, (WCHAR)(unsigned char)l->dtmf_last, LINEDIGITMODE_DTMFEND);
        l->dtmf_last = 0;
        break;
    case UM_DLE_SILENCE:
    case UM_DLE_QUIET:
        tone_heard(l, UM_TONE_SILENCE);
        break;
    case UM_DLE_BUSY:
        tone_heard(l, UM_TONE_BUSY);
        if (st == LINECALLSTATE_CONNECTED) disconnected(l, LINEDISCONNECTMODE_NORMAL);
        else if (st == LINECALLSTATE_DIALTONE || st == LINECALLSTATE_DIALING || st == LINECALLSTATE_PROCEEDING)
            disconnected(l, LINEDISCONNECTMODE_BUSY);
        break;
    case UM_DLE_DIALTONE:
        tone_heard(l, UM_TONE_DIAL);
        if (st == LINECALLSTATE_CONNECTED) disconnected(l, LINEDISCONNECTMODE_NORMAL);
        break;
    case UM_DLE_LOOP_BREAK:
        if (st == LINECALLSTATE_CONNECTED) disconnected(l, LINEDISCONNECTMODE_NORMAL);
        break;
    case UM_DLE_FAX_CALLING:
        tspk_call_media_detected(l->call, LINEMEDIAMODE_G3FAX);
        break;
    case UM_DLE_DATA_CALLING:
    case UM_DLE_ANSWER_TONE:
    case UM_DLE_BELL_ANSWER:
        tspk_call_media_detected(l->call, LINEMEDIAMODE_DATAMODEM);
        break;
    default:
        break;
    }
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
        l->reject_rings = 0;
        if (l->call && (tspk_call_state(l->call) == LINECALLSTATE_OFFERING ||
                        tspk_call_state(l->call) == LINECALLSTATE_ACCEPTED))
            tspk_call_set_state(l->call, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL, 0);
        break;
    case UM_AT_EV_DISCONNECTED:
        /* The far end hung up (NO CARRIER), also while the application has the data handle. */
        disconnected(l, LINEDISCONNECTMODE_NORMAL);
        l->call_op = 0;
        break;
    case UM_AT_EV_DATA:
        call_data(l, ev->data, ev->len);
        break;
    case UM_AT_EV_DLE:
        on_dle(l, ev);
        break;
    default:
        break;   /* information text, hostile input the engine dropped */
    }
}

static void on_engine_write(void *user, const uint8_t *data, size_t len)
{
    um_line *l = (um_line *)user;
    if (l->vanished) return;
    tspk_mutex_lock(&l->write_lock);
    ump_write(l->port, data, len, 1000);
    tspk_mutex_unlock(&l->write_lock);
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

/* Whether a dialable string is only a first part (empty, or ending with ';'), and
 * whether it has digits at all. */
static void dial_shape(um_line *l, const char *dest, int *partial, int *digits)
{
    char out[UM_AT_DIAL_MAX * 2 + 1];
    *partial = 0;
    out[0] = '\0';
    um_at_dial_translate(l->profile, dest, out, sizeof out, partial);
    *digits = out[0] != '\0';
}

static void do_makecall(um_line *l, job *j)
{
    int r, partial, digits;
    if (l->vanished) r = UM_AT_E_STATE;
    else if (l->call) r = UM_AT_E_STATE;
    else r = um_at_dial(l->at, now_ms(), j->dest, j->flags);
    if (r < 0) {
        tspk_complete(prov, j->id, dial_error(r));
        return;
    }
    dial_shape(l, j->dest, &partial, &digits);
    l->call = tspk_call_ref(j->call);
    l->call_op = r;
    l->voice = (j->flags & UM_AT_VOICE) != 0;
    tspk_complete(prov, j->id, 0);
    /* Unimodem's order for a dialled call; the modem reports no finer progress in data
     * mode (learn.microsoft.com/windows/win32/tapi/linecallstate--constants). Without a
     * number the call waits in DIALTONE for lineDial (TSPI_lineMakeCall remarks); with a
     * number ending in ';' in DIALING. */
    tspk_call_set_state(l->call, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL, 0);
    if (digits) tspk_call_set_state(l->call, LINECALLSTATE_DIALING, 0, 0);
    if (digits && !partial) tspk_call_set_state(l->call, LINECALLSTATE_PROCEEDING, 0, 0);
}

/* lineDial: more digits for a call in DIALTONE or DIALING (the modem off hook in command
 * state after "ATD...;"), an empty string finishing it; on a connected voice call the
 * digits go out as DTMF (+VTS). */
static void do_dial(um_line *l, job *j)
{
    DWORD st = j->call == l->call && !l->vanished ? tspk_call_state(j->call) : 0;
    int r, partial, digits;
    if (st == LINECALLSTATE_CONNECTED && l->voice) {
        r = j->dest[0] ? um_at_generate_digits(l->at, now_ms(), j->dest) : 0;
        tspk_complete(prov, j->id, r < 0 ? (r == UM_AT_E_INVAL ? LINEERR_INVALADDRESS : LINEERR_OPERATIONFAILED) : 0);
        return;
    }
    if ((st == LINECALLSTATE_DIALTONE || st == LINECALLSTATE_DIALING) && l->call_op && !l->dial_waiting) {
        /* The digits before are still going out: these follow once they are. */
        l->waiting_dial = *j;
        l->waiting_dial.call = tspk_call_ref(j->call);
        l->dial_waiting = 1;
        return;
    }
    if ((st != LINECALLSTATE_DIALTONE && st != LINECALLSTATE_DIALING) || l->call_op ||
        um_at_get_mode(l->at) != UM_AT_MODE_OFFHOOK) {
        tspk_complete(prov, j->id, LINEERR_INVALCALLSTATE);
        return;
    }
    r = um_at_dial(l->at, now_ms(), j->dest, l->voice ? UM_AT_VOICE : 0);
    if (r < 0) {
        tspk_complete(prov, j->id, dial_error(r));
        return;
    }
    dial_shape(l, j->dest, &partial, &digits);
    l->call_op = r;
    tspk_complete(prov, j->id, 0);
    if (digits && st != LINECALLSTATE_DIALING) tspk_call_set_state(l->call, LINECALLSTATE_DIALING, 0, 0);
    if (!partial) tspk_call_set_state(l->call, LINECALLSTATE_PROCEEDING, 0, 0);
}

static void do_answer(um_line *l, job *j)
{
    DWORD st = j->call == l->call ? tspk_call_state(j->call) : 0;
    int r;
    if ((st != LINECALLSTATE_OFFERING && st != LINECALLSTATE_ACCEPTED) || l->vanished) {
        tspk_complete(prov, j->id, LINEERR_INVALCALLSTATE);
        return;
    }
    r = um_at_answer(l->at, now_ms(), j->flags);
    if (r < 0) {
        tspk_complete(prov, j->id, LINEERR_OPERATIONFAILED);
        return;
    }
    l->call_op = r;
    l->voice = (j->flags & UM_AT_VOICE) != 0;
    l->voice_media = l->voice ? j->media : LINEMEDIAMODE_DATAMODEM;
    tspk_complete(prov, j->id, 0);
}

/* lineAccept: the application takes responsibility for the offered call; it goes on
 * ringing (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_lineaccept). */
static void do_accept(um_line *l, job *j)
{
    if (j->call != l->call || tspk_call_state(j->call) != LINECALLSTATE_OFFERING) {
        tspk_complete(prov, j->id, LINEERR_INVALCALLSTATE);
        return;
    }
    tspk_call_set_state(j->call, LINECALLSTATE_ACCEPTED, 0, 0);
    tspk_complete(prov, j->id, 0);
}

/* lineDrop and lineCloseCall: hang up when the modem is in the call, the V.250 way
 * (6.2.9 &D2: DTR off) where the port has DTR, otherwise escape + ATH (engine.h). A call
 * dropped while it rings is refused: the modem stays on hook and its further rings are
 * ignored (on_ring). */
static void hang_up(um_line *l, int forget)
{
    um_at_mode mode = um_at_get_mode(l->at);
    DWORD st = tspk_call_state(l->call);
    int r = 0;
    relay_quiet(l);
#ifdef _WIN32
    dcd_watch_stop(l);     /* our own DTR drop is no news */
#endif
    l->handed = 0;
    if ((st == LINECALLSTATE_OFFERING || st == LINECALLSTATE_ACCEPTED) && um_at_rings(l->at)) l->reject_rings = 1;
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

static void handoff_done(um_line *l, intptr_t fd)
{
    tspk_mutex_lock(&l->lock);
    l->handoff_fd = fd;
    l->handoffs++;
    tspk_cond_broadcast(&l->handed_cond);
    tspk_mutex_unlock(&l->lock);
}

/* lineGetID comm/datamodem: the relay's application end (POSIX: a new descriptor of it;
 * Windows: the SOCKET, which um_get_id duplicates into the application's process), the
 * thread reading on; a Windows COM port instead becomes the application's, the thread
 * stops reading it and watches RLSD. */
static void do_handoff(um_line *l, job *j)
{
    intptr_t fd = -1;
    if (j->call != l->call || l->vanished || tspk_call_state(l->call) != LINECALLSTATE_CONNECTED ||
        um_at_get_mode(l->at) != UM_AT_MODE_DATA) {
        handoff_done(l, -1);
        return;
    }
#ifdef _WIN32
    if (is_com_port(l)) {
        l->handed = 1;
        dcd_watch_start(l);
        handoff_done(l, 0);
        return;
    }
    if (relay_start(l) == 0) fd = (intptr_t)l->app_fd;
#else
    if (relay_start(l) == 0) fd = fcntl(l->app_fd, F_DUPFD_CLOEXEC, 0);
#endif
    handoff_done(l, fd);
}

/* RLSD dropped on a handed COM port (dcd_thread_fn): the far end is gone. */
static void do_dcd_lost(um_line *l)
{
    if (l->call && !l->voice && tspk_call_state(l->call) == LINECALLSTATE_CONNECTED)
        disconnected(l, LINEDISCONNECTMODE_NORMAL);
}

/* The port's coding from a DEVCFG's DCB (a tcp port has none). */
static void apply_coding(um_line *l, const um_devcfg *c)
{
    ump_coding pc;
    if (ump_get_coding(l->port, &pc) != 0) return;
    pc.baud = c->dcb.baud_rate;
    pc.data_bits = c->dcb.byte_size;
    pc.stop_bits = c->dcb.stop_bits == 2 ? 2 : 1;   /* 1.5 stop bits: termios has 1 or 2 */
    pc.parity = (ump_parity)c->dcb.parity;
    pc.flow = c->dcb.flow == UM_FLOW_HARDWARE ? UMP_FLOW_RTSCTS
            : c->dcb.flow == UM_FLOW_SOFTWARE ? UMP_FLOW_XONXOFF : UMP_FLOW_NONE;
    ump_set_coding(l->port, &pc);
}

/* lineSetDevConfig on an open line: the modem settings now (or after the call), the port's
 * coding when no call is up. */
static void do_settings(um_line *l, job *j)
{
    um_at_set_settings(l->at, now_ms(), &j->cfg.modem);
    if (!l->call && !l->vanished) apply_coding(l, &j->cfg);
}

/* lineGenerateDigits: a new request cancels the one in progress
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linegeneratedigits). */
static void do_digits(um_line *l, job *j)
{
    int r;
    if (l->digits_op && l->call) tspk_call_generate_done(l->call, LINEGENERATETERM_CANCEL, l->digits_e2e);
    l->digits_op = 0;
    if (!j->dest[0]) return;
    if (j->call != l->call || !l->voice || tspk_call_state(j->call) != LINECALLSTATE_CONNECTED ||
        (r = um_at_generate_digits(l->at, now_ms(), j->dest)) < 0) {
        tspk_call_generate_done(j->call, LINEGENERATETERM_CANCEL, j->e2e);
        return;
    }
    l->digits_op = r;
    l->digits_e2e = j->e2e;
}

/* Returns 1 for JOB_STOP. */
static int run_job(um_line *l, job *j)
{
    int stop = j->kind == JOB_STOP;
    switch (j->kind) {
    case JOB_MAKECALL: do_makecall(l, j); break;
    case JOB_DIAL: do_dial(l, j); break;
    case JOB_ANSWER: do_answer(l, j); break;
    case JOB_ACCEPT: do_accept(l, j); break;
    case JOB_DROP:
    case JOB_CLOSECALL: do_drop(l, j); break;
    case JOB_HANDOFF: do_handoff(l, j); break;
    case JOB_SETTINGS: do_settings(l, j); break;
    case JOB_DIGITS: do_digits(l, j); break;
    case JOB_DCD_LOST: do_dcd_lost(l); break;
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
    disconnected(l, LINEDISCONNECTMODE_UNAVAIL);
    relay_stop(l);
    tspk_line_event(l->line, LINE_CLOSE, 0, 0, 0);
}

/* Unimodem watches the modem's status lines during a data call (RLSD, V.24 circuit 109:
 * the far end gone drops it, V.250 &C1). Ports that report DCD (serial, rfc2217, usb) are
 * read at every byte and timer; ptys and tcp have none, and NO CARRIER tells instead. */
static void watch_dcd(um_line *l)
{
    unsigned v, known;
    if (!l->call || l->voice || tspk_call_state(l->call) != LINECALLSTATE_CONNECTED ||
        um_at_get_mode(l->at) != UM_AT_MODE_DATA)
        return;
    if (ump_get_lines(l->port, &v, &known) != 0 || !(known & UMP_DCD)) return;
    if (v & UMP_DCD) l->dcd_on = 1;
    else if (l->dcd_on) disconnected(l, LINEDISCONNECTMODE_NORMAL);
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
        if (!l->vanished) watch_dcd(l);
    }
}

/* Queues a job for the line's I/O thread. */
static LONG post_job(um_line *l, job *j)
{
    int r = -1;
    tspk_mutex_lock(&l->lock);
    if (l->running) {
        tspk_call *c = j->call;
        j->call = c ? tspk_call_ref(c) : NULL;
        if ((r = tspk_queue_push(&l->jobs, j)) != 0) tspk_call_unref(j->call);
    }
    tspk_mutex_unlock(&l->lock);
    if (r != 0) return LINEERR_RESOURCEUNAVAIL;
    ump_wake(l->port);
    return TSPK_PENDING;
}

static LONG post(um_line *l, enum job_kind kind, tspk_call *call, DRV_REQUESTID id, const char *dest)
{
    job j;
    memset(&j, 0, sizeof j);
    j.kind = kind;
    j.id = id;
    j.call = call;
    if (dest) snprintf(j.dest, sizeof j.dest, "%s", dest);
    return post_job(l, &j);
}

/* ---- the operations table ---------------------------------------------------------------- */

static LONG um_init(tspk_provider *p)
{
    prov = p;
    if (!tsp.cfg_lock_ready && tspk_mutex_init(&tsp.cfg_lock) == 0) tsp.cfg_lock_ready = 1;
    load();
    return 0;
}

static void um_shutdown(tspk_provider *p)
{
    (void)p;
    unload();
    if (tsp.cfg_lock_ready) tspk_mutex_destroy(&tsp.cfg_lock);
    tsp.cfg_lock_ready = 0;
    prov = NULL;
}

static const char *const device_classes[] = {
    "comm", "comm/datamodem", "comm/datamodem/portname", "comm/datamodem/dialin",
    "comm/datamodem/dialout", NULL
};

/* LINEDEVCAPS as Unimodem fills it: the modem's name, one address, DATAMODEM media (and
 * the voice modes, DTMF detection and generation for a voice modem), the device classes
 * of its lineGetID (learn.microsoft.com/windows/win32/tapi/comm-datamodem and the classes
 * beside it). */
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
    if (is_voice_modem(l)) {
        info->media_modes |= UM_VOICE_MEDIA;
        info->monitor_digit_modes = LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND;
        info->generate_digit_modes = LINEDIGITMODE_DTMF;
        info->monitor_media_modes = UM_DETECT_MEDIA;
    } else {
        /* Tones and media are V.253 DLE events: a data-only modem reports neither, so its
         * caps and call features must not offer them. */
        info->no_monitoring = TSPK_NO_MONITOR_TONES | TSPK_NO_MONITOR_MEDIA;
    }
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
    um_devcfg dc;
    um_at_config ac;
    char msg[128];
    int set;
    if (!l || !l->profile) return LINEERR_RESOURCEUNAVAIL;
    memset(&ac, 0, sizeof ac);
    l->line = line;
    l->call = NULL;
    l->call_op = l->hangup_op = l->digits_op = l->handed = l->vanished = 0;
    l->voice = l->reject_rings = l->dtmf_framed = l->dcd_on = l->voice_connected = l->dial_waiting = 0;
    l->voice_media = 0;
    l->dtmf_last = 0;
    l->handoffs = 0;
    l->handoff_fd = -1;
    l->relay_fd = l->app_fd = UM_NO_SOCK;
    l->relay_live = l->relay_running = 0;
    l->early_len = 0;
#ifdef _WIN32
    l->dcd_running = l->relay_wsa = 0;
    l->dcd_stop = l->relay_stop_ev = NULL;
#endif
    cfg_lock();
    dc = l->devcfg;
    set = l->devcfg_set;
    cfg_unlock();
    if (ump_open(&l->port, l->cfg.port, msg, sizeof msg) != 0) return LINEERR_RESOURCEUNAVAIL;
    if (set) apply_coding(l, &dc);
    drain_stale(l->port);
    ac.profile = l->profile;
    ac.write = on_engine_write;
    ac.event = on_engine_event;
    ac.user = l;
    if (!(l->at = um_at_init(NULL, &ac))) goto fail_port;
    if (tspk_queue_init(&l->jobs, sizeof(job), 64) != 0) goto fail_at;
    if (tspk_mutex_init(&l->lock) != 0) goto fail_queue;
    if (tspk_mutex_init(&l->write_lock) != 0) goto fail_lock;
    if (tspk_cond_init(&l->handed_cond) != 0) goto fail_wlock;
    /* Init, Settings (the DEVCFG's MODEMSETTINGS), EnableCallerID, Monitor, as Unimodem
     * does at lineOpen; the engine queues them, so a dial right after lineOpen waits. */
    if (um_at_open(l->at, now_ms(), &dc.modem, UM_AT_OPEN_MONITOR | UM_AT_OPEN_CALLERID) < 0) goto fail_cond;
    l->running = 1;
    if (tspk_thread_create(&l->thread, io_thread, l) != 0) {
        l->running = 0;
        goto fail_cond;
    }
    return 0;
fail_cond:
    tspk_cond_destroy(&l->handed_cond);
fail_wlock:
    tspk_mutex_destroy(&l->write_lock);
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
#ifdef _WIN32
    if (l->relay_wsa) WSACleanup();
    l->relay_wsa = 0;
    if (l->relay_stop_ev) CloseHandle(l->relay_stop_ev);
    l->relay_stop_ev = NULL;
#endif
    tspk_queue_free(&l->jobs);
    tspk_cond_destroy(&l->handed_cond);
    tspk_mutex_destroy(&l->write_lock);
    tspk_mutex_destroy(&l->lock);
    um_at_free(l->at);
    l->at = NULL;
    ump_close(l->port);      /* DTR drops: a call still up is hung up by the modem (&D2) */
    l->port = NULL;
    l->line = NULL;
}

static um_line *call_line(tspk_call *call) { return line_of(tspk_call_line(call)); }

/* A destination address as UTF-8 and checked the way the dial will be (nothing is
 * queued for a number the modem cannot dial: TSPI_lineMakeCall, TSPI_lineDial remarks,
 * LINEERR_DIAL*). NULL is an empty number. */
static LONG dial_string(um_line *l, LPCWSTR dest, char *number, size_t cap)
{
    char out[UM_AT_DIAL_MAX * 2 + 1];
    size_t n = 0;
    int partial, r;
    number[0] = '\0';
    if (dest && (tspk_utf16_to_utf8(dest, TSPK_NTS, number, cap, &n, TSPK_UTF_STRICT) != 0 || n >= cap))
        return LINEERR_INVALADDRESS;
    if ((r = um_at_dial_translate(l->profile, number, out, sizeof out, &partial)) != 0) return dial_error(r);
    return 0;
}

static int voice_only(DWORD media)
{
    return (media & UM_VOICE_MEDIA) && !(media & LINEMEDIAMODE_DATAMODEM);
}

/* lineMakeCall. A NULL or empty number takes the modem off hook to dial tone ("ATDT;")
 * and the call waits in DIALTONE for lineDial, as does a call on a line whose DEVCFG asks
 * for manual dialling (the user dials on the handset, then lineDial("") connects). A
 * voice media mode in LINECALLPARAMS makes it a voice call (VoiceDialNumberSetup, +FCLASS=8). */
static LONG um_make_call(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest, DWORD country,
                         const tspk_callparams *params)
{
    um_line *l = call_line(call);
    job j;
    LONG r;
    int manual;
    (void)country;
    if (!l) return LINEERR_OPERATIONFAILED;
    memset(&j, 0, sizeof j);
    if ((r = dial_string(l, dest, j.dest, sizeof j.dest)) != 0) return r;
    if (params && voice_only(params->media_mode)) j.flags |= UM_AT_VOICE;
    cfg_lock();
    manual = (l->devcfg.options & UM_DEVCFG_MANUAL_DIAL) != 0;
    cfg_unlock();
    if (manual && !(j.flags & UM_AT_VOICE)) j.dest[0] = '\0';
    j.kind = JOB_MAKECALL;
    j.id = id;
    j.call = call;
    return post_job(l, &j);
}

static LONG um_dial(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest, DWORD country)
{
    um_line *l = call_line(call);
    DWORD st = tspk_call_state(call);
    job j;
    LONG r;
    (void)country;
    if (!l) return LINEERR_OPERATIONFAILED;
    if (st != LINECALLSTATE_DIALTONE && st != LINECALLSTATE_DIALING && st != LINECALLSTATE_CONNECTED)
        return LINEERR_INVALCALLSTATE;
    memset(&j, 0, sizeof j);
    if ((r = dial_string(l, dest, j.dest, sizeof j.dest)) != 0) return r;
    j.kind = JOB_DIAL;
    j.id = id;
    j.call = call;
    return post_job(l, &j);
}

/* lineAnswer: in voice mode (VoiceAnswer, +FCLASS=8) when the application set a voice
 * media mode alone on the offered call (lineSetMediaMode), otherwise as a data call. */
static LONG um_answer(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD size)
{
    um_line *l = call_line(call);
    DWORD st = tspk_call_state(call), media = (DWORD)(uintptr_t)tspk_call_user(call);
    job j;
    (void)uui; (void)size;
    if (!l) return LINEERR_OPERATIONFAILED;
    if (st != LINECALLSTATE_OFFERING && st != LINECALLSTATE_ACCEPTED) return LINEERR_INVALCALLSTATE;
    memset(&j, 0, sizeof j);
    if ((media & UM_MEDIA_SET) && voice_only(media)) {
        j.flags = UM_AT_VOICE;
        j.media = media & ~UM_MEDIA_SET;
    }
    j.kind = JOB_ANSWER;
    j.id = id;
    j.call = call;
    return post_job(l, &j);
}

static LONG um_accept(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD size)
{
    um_line *l = call_line(call);
    (void)uui; (void)size;
    if (!l) return LINEERR_OPERATIONFAILED;
    if (tspk_call_state(call) != LINECALLSTATE_OFFERING) return LINEERR_INVALCALLSTATE;
    return post(l, JOB_ACCEPT, call, id, NULL);
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

/* The media mode the application chose (lineSetMediaMode; the framework checked it
 * against LINEDEVCAPS), for lineAnswer. */
static LONG um_set_media_mode(tspk_call *call, DWORD media)
{
    tspk_call_set_user(call, (void *)(uintptr_t)(media | UM_MEDIA_SET));
    return 0;
}

/* lineMonitorDigits: the framework keeps the modes and filters LINE_MONITORDIGITS by
 * them; the modem reports DTMF by itself once in voice mode (V.253). */
static LONG um_monitor_digits(tspk_call *call, DWORD modes)
{
    (void)call; (void)modes;
    return 0;
}

/* lineMonitorTones on a voice line: silence when the profile says the modem reports it,
 * and busy and dial tone described as on the tone plans tone_is knows; any other tone is
 * one the modem cannot tell (LINEERR_INVALTONE, nf-tspi-tspi_linemonitortones). The
 * framework keeps the lists; the modem reports these tones unasked in voice mode. */
static LONG um_monitor_tones(tspk_call *call, DWORD list_id, const LINEMONITORTONE *tones, DWORD n)
{
    um_line *l = call_line(call);
    DWORD i;
    (void)list_id;
    if (!l || !is_voice_modem(l)) return LINEERR_OPERATIONUNAVAIL;
    for (i = 0; i < n; i++) {
        int silence = tone_is(&tones[i], UM_TONE_SILENCE);
        if (silence ? !(um_profile_voice(l->profile) & UM_VOICEPROFILE_MONITORS_SILENCE)
                    : !tone_is(&tones[i], UM_TONE_BUSY) && !tone_is(&tones[i], UM_TONE_DIAL))
            return LINEERR_INVALTONE;
    }
    return 0;
}

/* lineMonitorMedia on a voice line (the framework checked the modes against G3FAX and
 * DATAMODEM): the calling and answer tones on_dle turns into LINE_MONITORMEDIA. A data
 * modem hears no tones once it dialled or answered. */
static LONG um_monitor_media(tspk_call *call, DWORD modes)
{
    um_line *l = call_line(call);
    (void)modes;
    return l && is_voice_modem(l) ? 0 : LINEERR_OPERATIONUNAVAIL;
}

/* lineGenerateDigits on a connected voice call: AT+VTS, then LINE_GENERATE. NULL digits
 * cancel the generation in progress. Digits are 0-9 A-D * # (LINEDIGITMODE_DTMF). */
static LONG um_generate_digits(tspk_call *call, DWORD e2e, DWORD mode, LPCWSTR digits, DWORD duration)
{
    um_line *l = call_line(call);
    job j;
    size_t n = 0, i;
    int voice;
    LONG r;
    (void)mode; (void)duration;
    if (!l) return LINEERR_OPERATIONFAILED;
    tspk_mutex_lock(&l->lock);
    voice = l->running && l->voice_connected;
    tspk_mutex_unlock(&l->lock);
    if (!voice || tspk_call_state(call) != LINECALLSTATE_CONNECTED) return LINEERR_INVALCALLSTATE;
    memset(&j, 0, sizeof j);
    if (digits) {
        if (tspk_utf16_to_utf8(digits, TSPK_NTS, j.dest, sizeof j.dest, &n, TSPK_UTF_STRICT) != 0 ||
            n >= sizeof j.dest)
            return LINEERR_INVALDIGITS;
        for (i = 0; i < n; i++)
            if (!strchr("0123456789ABCDabcd*#", j.dest[i]) || !j.dest[i]) return LINEERR_INVALDIGITS;
        if (!n) return LINEERR_INVALDIGITS;
    }
    j.kind = JOB_DIGITS;
    j.e2e = e2e;
    j.call = call;
    r = post_job(l, &j);
    return r == TSPK_PENDING ? 0 : r;
}

/* Which device classes carry the DEVCFG: those Unimodem serves lineGet/SetDevConfig for
 * (comm, comm/datamodem and its dialin/dialout, tapi/line); the others are
 * LINEERR_INVALDEVICECLASS. */
static int config_class(LPCWSTR device_class)
{
    static const char *const ok[] = { "comm", "comm/datamodem", "comm/datamodem/dialin",
                                      "comm/datamodem/dialout", "tapi/line" };
    char cls[40];
    size_t n = 0, i;
    if (!device_class ||
        tspk_utf16_to_utf8(device_class, TSPK_NTS, cls, sizeof cls, &n, TSPK_UTF_STRICT) != 0 || n >= sizeof cls)
        return 0;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!strcmp(cls, ok[i])) return 1;
    return 0;
}

/* lineGetDevConfig: the DEVCFG (at/devcfg.h) in a STRINGFORMAT_BINARY VARSTRING; too small
 * a VARSTRING gets dwNeededSize (the framework's varbuf rules), and with a data call
 * connected the negotiated options and DCE rate, as Unimodem reports them. */
static LONG um_get_dev_config(tspk_provider *p, DWORD index, LPCWSTR device_class, LPVARSTRING out,
                              tspk_varbuf *vb)
{
    uint8_t blob[UM_DEVCFG_SIZE];
    um_devcfg c;
    um_line *l;
    (void)p;
    load();
    if (index >= tsp.count) return LINEERR_BADDEVICEID;
    if (!config_class(device_class)) return LINEERR_INVALDEVICECLASS;
    l = &tsp.lines[index];
    cfg_lock();
    c = l->devcfg;
    c.negotiated_dce_rate = l->negotiated_rate;
    c.negotiated_options = l->negotiated_options;
    cfg_unlock();
    um_devcfg_encode(&c, blob);
    out->dwStringFormat = STRINGFORMAT_BINARY;
    return tspk_varbuf_add_bytes(vb, &out->dwStringSize, &out->dwStringOffset, blob, UM_DEVCFG_SIZE, 4);
}

/* lineSetDevConfig: a DEVCFG Unimodem could have written (um_devcfg_decode's rules), else
 * LINEERR_INVALPARAM. It is kept for the line (lineOpen applies it) and, on an open line,
 * applied at once: the Settings line (CallSetupFailTimer, speaker ATL/ATM, blind dialling
 * ...) is sent again, and the port takes the DCB's rate and coding. */
static LONG um_set_dev_config(tspk_provider *p, DWORD index, LPCWSTR device_class, const void *config,
                              DWORD size)
{
    tspk_line *open;
    um_devcfg c;
    um_line *l;
    load();
    if (index >= tsp.count) return LINEERR_BADDEVICEID;
    if (!config_class(device_class)) return LINEERR_INVALDEVICECLASS;
    l = &tsp.lines[index];
    if (um_devcfg_decode((const uint8_t *)config, size, l->profile, &c) != 0) return LINEERR_INVALPARAM;
    c.negotiated_options = c.negotiated_dce_rate = 0;
    cfg_lock();
    l->devcfg = c;
    l->devcfg_set = 1;
    cfg_unlock();
    if ((open = tspk_line_get_open(p, index)) != NULL) {
        job j;
        memset(&j, 0, sizeof j);
        j.kind = JOB_SETTINGS;
        j.cfg = c;
        post_job(l, &j);
        tspk_line_unref(open);
    }
    return 0;
}

/* lineGetID. comm: the modem's name (learn.microsoft.com/windows/win32/tapi/comm);
 * comm/datamodem/portname: the port's name, ANSI (.../tapi/comm-datamodem-portname);
 * comm/datamodem: STRINGFORMAT_BINARY, a HANDLE then the NUL-terminated ANSI device name
 * (.../tapi/comm-datamodem). The handle is NULL unless dwSelect is LINECALLSELECT_CALL
 * and the call is connected. It is the application's to close (CloseHandle): the relay's
 * socket (POSIX: a descriptor, in the pointer-sized field; Windows: the SOCKET duplicated
 * into the process TAPISRV names, hTargetProcess), or on Windows a COM port's own handle
 * so duplicated, as Unimodem does.
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

#ifdef _WIN32
/* A copy of a handle of ours (the COM port's, or the relay's SOCKET) for the application's
 * process; NULL when there is none. DuplicateHandle of a SOCKET works with
 * ReadFile/WriteFile on Windows and Wine (tests/unimodem/data.tsps), though Winsock
 * documents WSADuplicateSocket for sockets (layered providers may refuse a duplicated
 * handle). */
static HANDLE copy_for(HANDLE mine, HANDLE target)
{
    HANDLE theirs = NULL;
    if (!mine || mine == INVALID_HANDLE_VALUE || !target) return NULL;
    if (!DuplicateHandle(GetCurrentProcess(), mine, target, &theirs, 0, FALSE, DUPLICATE_SAME_ACCESS))
        return NULL;
    return theirs;
}

/* Takes back a copy the application never got. */
static void uncopy(HANDLE h, HANDLE target)
{
    DuplicateHandle(target, h, NULL, NULL, 0, FALSE, DUPLICATE_CLOSE_SOURCE);
}
#endif

/* Asks the I/O thread for the handoff and waits for it (bounded). 0 and *fd, or an error. */
static LONG handoff(um_line *l, tspk_call *call, intptr_t *fd)
{
    unsigned done;
    int ok;
    tspk_mutex_lock(&l->lock);
    done = l->handoffs;
    tspk_mutex_unlock(&l->lock);
    if (post(l, JOB_HANDOFF, call, 0, NULL) != TSPK_PENDING) return LINEERR_RESOURCEUNAVAIL;
    tspk_mutex_lock(&l->lock);
    while (l->handoffs == done)
        if (tspk_cond_timedwait(&l->handed_cond, &l->lock, UM_HANDOFF_WAIT_MS) != 0) break;
    ok = l->handoffs != done;
    *fd = l->handoff_fd;
    tspk_mutex_unlock(&l->lock);
    return ok ? 0 : LINEERR_OPERATIONFAILED;
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
    if (call && tspk_call_state(call) == LINECALLSTATE_CONNECTED) {
        intptr_t fd = -1;
        LONG r;
#ifdef _WIN32
        if (is_com_port(l)) {
            if ((h = copy_for((HANDLE)ump_native_handle(l->port), target_process)) != NULL &&
                (r = handoff(l, call, &fd)) != 0) {
                uncopy(h, target_process);
                return r;
            }
        } else {
            /* The relay's SOCKET, while the I/O thread has it open (it closes it at lineDrop,
             * which TAPI does not run during lineGetID's call for this call). */
            if ((r = handoff(l, call, &fd)) != 0) return r;
            h = fd != -1 ? copy_for((HANDLE)fd, target_process) : NULL;
        }
#else
        (void)target_process;
        if ((r = handoff(l, call, &fd)) != 0) return r;
        h = fd >= 0 ? (HANDLE)fd : NULL;
#endif
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
    .dial = um_dial,
    .answer = um_answer,
    .accept = um_accept,
    .drop = um_drop,
    .call_close = um_call_close,
    .generate_digits = um_generate_digits,
    .monitor_digits = um_monitor_digits,
    .monitor_tones = um_monitor_tones,
    .monitor_media = um_monitor_media,
    .set_media_mode = um_set_media_mode,
    .get_id = um_get_id,
    .get_dev_config = um_get_dev_config,
    .set_dev_config = um_set_dev_config,
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
