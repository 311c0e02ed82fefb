/*
 * port/relay.c - a native handle for ports that have none (rfc2217: the bytes are Telnet,
 * IAC-escaped; usb: bulk pipes), so that ump_native_handle answers for every backend and
 * lineGetID("comm/datamodem") can hand any port to an application
 * (learn.microsoft.com/windows/win32/tapi/comm-datamodem).
 *
 * How it works: the first ump_native_handle() of such a port makes a connected pair of
 * stream sockets - socketpair(AF_UNIX) on POSIX, two loopback TCP sockets on Windows (a
 * SOCKET is a HANDLE that ReadFile/WriteFile and DuplicateHandle accept, as the tcp
 * backend's is) - and returns one end, the "app" end. A relay thread copies the port's
 * data (the backend's read_some, Telnet already decoded) to the other end and what the
 * application writes there to the port (the backend's write, Telnet-escaped), and watches
 * the port: a change of its input lines (RFC 2217 NOTIFY-MODEMSTATE, CDC SERIAL_STATE)
 * and the port failing are told to the owner through the relay notifier, which ends a
 * ump_read wait with 0 (or the sticky error). When the port vanishes the relay shuts its
 * end for sending, so the application reads end-of-file, as from a hung-up tty.
 *
 * While the relay runs the port's data is the application's: ump_read does not read the
 * port (it waits for ump_wake, a line change or the timeout). The owner takes the port
 * back with any operation that talks to the device (ump_write, ump_set_lines and so
 * ump_hangup, ump_set_coding, ump_close): the relay stops, its ends close, and copies the
 * application still holds read end-of-file. The next ump_native_handle starts a new relay.
 * Flow control holds both ways: the relay reads the port only when the application took
 * what came before, and the application's socket fills while the port cannot take more.
 */
#if !defined(_WIN32) && !defined(_DEFAULT_SOURCE)
#  define _DEFAULT_SOURCE 1   /* MSG_NOSIGNAL, SOCK_CLOEXEC */
#endif

#include "port_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#  include <ws2tcpip.h>
#else
#  include <errno.h>
#  include <fcntl.h>
#  include <poll.h>
#  include <sys/socket.h>
#  include <unistd.h>
#endif

#define RELAY_BUF 4096
#define RELAY_WRITE_SLICE_MS 200   /* a port write waits at most this long before stop is checked */

struct ump_relay {
    tspk_thread thread;
    ump_notifier stop;
    ump_socket app, mine;
#ifdef _WIN32
    HANDLE mine_ev;               /* WSAEventSelect(mine, FD_READ | FD_WRITE | FD_CLOSE) */
    bool wsa_started;
#endif
    uint8_t down[RELAY_BUF];      /* port -> application, not yet taken */
    size_t down_off, down_len;
    uint8_t up[RELAY_BUF];        /* application -> port, not yet written */
    size_t up_off, up_len;
};

static void close_sock(ump_socket s)
{
    if (s == UMP_BAD_SOCKET) return;
#ifdef _WIN32
    closesocket(s);
#else
    close(s);
#endif
}

#ifdef _WIN32
/* Two connected loopback TCP sockets. The accepted one must be the peer of the one we
 * connected (another local process could connect to the listener in between). */
static int make_pair(ump_port *p, ump_relay *r)
{
    struct sockaddr_in a, mine_peer, app_local;
    int alen = sizeof a, plen = sizeof mine_peer, llen = sizeof app_local, one = 1;
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int rc = UMP_EIO;
    u_long nb = 1;
    if (l == INVALID_SOCKET) return ump__fail(p, UMP_ENOMEM, "relay: socket failed (%d)", WSAGetLastError());
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 1) != 0 ||
        getsockname(l, (struct sockaddr *)&a, &alen) != 0)
        goto done;
    r->app = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (r->app == INVALID_SOCKET || connect(r->app, (struct sockaddr *)&a, sizeof a) != 0) goto done;
    r->mine = accept(l, NULL, NULL);
    if (r->mine == INVALID_SOCKET ||
        getpeername(r->mine, (struct sockaddr *)&mine_peer, &plen) != 0 ||
        getsockname(r->app, (struct sockaddr *)&app_local, &llen) != 0 ||
        mine_peer.sin_port != app_local.sin_port ||
        mine_peer.sin_addr.s_addr != app_local.sin_addr.s_addr)
        goto done;
    /* Data bytes one at a time (a typed character, an AT command) go out at once. */
    setsockopt(r->app, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    setsockopt(r->mine, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    ioctlsocket(r->mine, FIONBIO, &nb);
    r->mine_ev = WSACreateEvent();
    if (r->mine_ev == WSA_INVALID_EVENT) {
        r->mine_ev = NULL;
        goto done;
    }
    if (WSAEventSelect(r->mine, r->mine_ev, FD_READ | FD_WRITE | FD_CLOSE) != 0) goto done;
    rc = UMP_OK;
done:
    if (rc != UMP_OK) rc = ump__fail(p, UMP_EIO, "relay: cannot make a loopback socket pair (%d)",
                                     WSAGetLastError());
    closesocket(l);
    return rc;
}
#else
static int make_pair(ump_port *p, ump_relay *r)
{
    int sv[2];
    char text[128];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return ump__fail(p, ump__os_open_error(errno), "relay: socketpair: %s",
                         ump__os_text(errno, text, sizeof text));
    r->app = sv[0];
    r->mine = sv[1];
    /* Non-blocking, as the other backends' native descriptors are. */
    fcntl(r->app, F_SETFL, fcntl(r->app, F_GETFL) | O_NONBLOCK);
    fcntl(r->mine, F_SETFL, fcntl(r->mine, F_GETFL) | O_NONBLOCK);
    return UMP_OK;
}
#endif

/* Sends what is pending to the application: false when its end is gone. */
static bool push_down(ump_relay *r)
{
    while (r->down_off < r->down_len) {
#ifdef _WIN32
        int n = send(r->mine, (const char *)r->down + r->down_off, (int)(r->down_len - r->down_off), 0);
        if (n == SOCKET_ERROR) return WSAGetLastError() == WSAEWOULDBLOCK;
#else
        ssize_t n = send(r->mine, r->down + r->down_off, r->down_len - r->down_off, MSG_NOSIGNAL);
        if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
#endif
        r->down_off += (size_t)n;
    }
    r->down_off = r->down_len = 0;
    return true;
}

/* Takes what the application wrote: > 0 bytes, 0 nothing now, < 0 its end is closed. */
static int pull_up(ump_relay *r)
{
#ifdef _WIN32
    int n = recv(r->mine, (char *)r->up, (int)sizeof r->up, 0);
    if (n == SOCKET_ERROR) return WSAGetLastError() == WSAEWOULDBLOCK ? 0 : -1;
#else
    ssize_t n = recv(r->mine, r->up, sizeof r->up, 0);
    if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -1;
#endif
    if (n == 0) return -1;
    r->up_off = 0;
    r->up_len = (size_t)n;
    return (int)n;
}

/* Waits for stop (returns true), the port (when want_port), the application's end. */
static bool wait_events(ump_port *p, ump_relay *r, bool want_port, bool app_ok)
{
#ifdef _WIN32
    HANDLE hs[3];
    DWORD n = 0, w;
    (void)app_ok;   /* FD_CLOSE is reported once */
    hs[n++] = r->stop.ev;
    hs[n++] = r->mine_ev;
    if (want_port) hs[n++] = p->rd_obj;
    w = WaitForMultipleObjects(n, hs, FALSE, INFINITE);
    if (w == WAIT_OBJECT_0) return true;
    if (w == WAIT_OBJECT_0 + 1) {
        WSANETWORKEVENTS ne;
        WSAEnumNetworkEvents(r->mine, r->mine_ev, &ne);   /* resets the event */
    }
    return false;
#else
    struct pollfd f[3];
    nfds_t n = 0;
    int rc;
    f[n++] = (struct pollfd){ r->stop.rd, POLLIN, 0 };
    /* Once the application's end failed it is left out: it would report POLLHUP forever. */
    f[n++] = (struct pollfd){ app_ok ? r->mine : -1, (short)((r->up_len ? 0 : POLLIN) | (r->down_len ? POLLOUT : 0)), 0 };
    if (want_port) f[n++] = (struct pollfd){ p->rd_obj, POLLIN, 0 };
    do rc = poll(f, n, -1);
    while (rc < 0 && errno == EINTR);
    return rc > 0 && f[0].revents != 0;
#endif
}

static bool stopping(ump_relay *r)
{
#ifdef _WIN32
    return WaitForSingleObject(r->stop.ev, 0) == WAIT_OBJECT_0;
#else
    struct pollfd f = { r->stop.rd, POLLIN, 0 };
    return poll(&f, 1, 0) > 0;
#endif
}

static void shut_app_side(ump_relay *r)
{
#ifdef _WIN32
    shutdown(r->mine, SD_SEND);
#else
    shutdown(r->mine, SHUT_WR);
#endif
}

static void relay_thread(void *arg)
{
    ump_port *p = arg;
    ump_relay *r = p->relay;
    bool port_ok = true, app_ok = true, port_maybe = true;

    for (;;) {
        /* port -> application: the backend may hold data without its object being
         * signalled (RFC 2217 bytes that came during the handshake), so read until it says
         * nothing before waiting. */
        while (port_ok && port_maybe && r->down_len == 0) {
            bool changed = false;
            int n = p->be->read_some(p, r->down, sizeof r->down, &changed);
            if (changed) ump__notifier_set(&p->relay_note);
            if (n > 0) {
                r->down_off = 0;
                r->down_len = (size_t)n;
            } else if (n == 0) {
                if (!changed) port_maybe = false;
            } else {
                /* Vanished or broken (sticky in the port): the application reads EOF. */
                port_ok = false;
                shut_app_side(r);
                ump__notifier_set(&p->relay_note);
            }
        }
        if (r->down_len && app_ok && !push_down(r)) app_ok = false;
        if (!app_ok) r->down_off = r->down_len = 0;

        /* application -> port (into the void once the port failed) */
        if (app_ok && r->up_len == 0 && pull_up(r) < 0) app_ok = false;
        while (port_ok && r->up_off < r->up_len) {
            int n;
            if (stopping(r)) return;
            n = p->be->write(p, r->up + r->up_off, r->up_len - r->up_off, RELAY_WRITE_SLICE_MS);
            if (n > 0) r->up_off += (size_t)n;
            else if (n != UMP_ETIMEDOUT) {
                port_ok = false;
                shut_app_side(r);
                ump__notifier_set(&p->relay_note);
            }
        }
        r->up_off = r->up_len = 0;

        if (wait_events(p, r, port_ok && r->down_len == 0, app_ok)) return;
        port_maybe = true;
    }
}

static void relay_free(ump_relay *r)
{
    close_sock(r->app);
    close_sock(r->mine);
#ifdef _WIN32
    if (r->mine_ev) WSACloseEvent(r->mine_ev);
    if (r->wsa_started) WSACleanup();
#endif
    ump__notifier_free(&r->stop);
    free(r);
}

/* Starts the relay; caller holds relay_mu and p->relay is NULL. */
static int relay_start(ump_port *p)
{
    ump_relay *r = calloc(1, sizeof *r);
    int rc;
    if (!r) return ump__fail(p, UMP_ENOMEM, "relay: out of memory");
    r->app = r->mine = UMP_BAD_SOCKET;
#ifndef _WIN32
    r->stop.rd = r->stop.wr = -1;
#else
    {
        WSADATA wsa;
        if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
            free(r);
            return ump__fail(p, UMP_ENOTSUP, "relay: Winsock 2.2 is not available");
        }
        r->wsa_started = true;
    }
#endif
    if (!atomic_load(&p->relay_note_ready)) {
        if ((rc = ump__notifier_init(&p->relay_note)) != UMP_OK) {
            relay_free(r);
            return ump__fail(p, rc, "relay: out of resources");
        }
        atomic_store(&p->relay_note_ready, true);
    }
    if ((rc = ump__notifier_init(&r->stop)) != UMP_OK) {
        relay_free(r);
        return ump__fail(p, rc, "relay: out of resources");
    }
    if ((rc = make_pair(p, r)) != UMP_OK) {
        relay_free(r);
        return rc;
    }
    /* From here on ump_read leaves the port to the relay; one already inside read_some
     * finishes first (rd_mu). */
    tspk_mutex_lock(&p->rd_mu);
    p->relay = r;
    atomic_store(&p->relaying, true);
    tspk_mutex_unlock(&p->rd_mu);
    if (tspk_thread_create(&r->thread, relay_thread, p) != 0) {
        tspk_mutex_lock(&p->rd_mu);
        atomic_store(&p->relaying, false);
        p->relay = NULL;
        tspk_mutex_unlock(&p->rd_mu);
        relay_free(r);
        return ump__fail(p, UMP_ENOMEM, "relay: cannot start its thread");
    }
    return UMP_OK;
}

ump_waitable ump__relay_handle(ump_port *p)
{
    ump_waitable h;
#ifdef _WIN32
    h = NULL;
#else
    h = -1;
#endif
    if (atomic_load(&p->sticky)) return h;
    tspk_mutex_lock(&p->relay_mu);
    if (p->relay || relay_start(p) == UMP_OK) {
#ifdef _WIN32
        h = (HANDLE)p->relay->app;
#else
        h = p->relay->app;
#endif
    }
    tspk_mutex_unlock(&p->relay_mu);
    return h;
}

void ump__relay_stop(ump_port *p)
{
    ump_relay *r;
    if (!atomic_load(&p->relaying)) return;
    tspk_mutex_lock(&p->relay_mu);
    r = p->relay;
    if (r) {
        ump__notifier_set(&r->stop);
        tspk_thread_join(&r->thread);
        tspk_mutex_lock(&p->rd_mu);
        p->relay = NULL;
        atomic_store(&p->relaying, false);
        tspk_mutex_unlock(&p->rd_mu);
        /* A reader waiting for the relay goes back to the port. */
        ump__notifier_set(&p->relay_note);
        relay_free(r);
    }
    tspk_mutex_unlock(&p->relay_mu);
}
