/*
 * port/tcp.c - the tcp:// backend (a raw byte stream: ser2net "raw", terminal servers,
 * tools/modemsim over TCP) and the socket helpers rfc2217.c shares.
 *
 * A raw TCP port has no line coding and no control lines: those calls answer UMP_ENOTSUP,
 * and ump_get_lines knows nothing. The peer closing the connection is the device vanishing.
 * Sockets are non-blocking; POSIX waits with poll, Windows with WSAEventSelect (reads) and
 * select (writes).
 */
#if !defined(_WIN32) && !defined(_DEFAULT_SOURCE)
#  define _DEFAULT_SOURCE 1   /* getaddrinfo, MSG_NOSIGNAL */
#endif

#include "port_impl.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#  include <ws2tcpip.h>
#else
#  include <errno.h>
#  include <fcntl.h>
#  include <netdb.h>
#  include <netinet/in.h>
#  include <netinet/tcp.h>
#  include <sys/socket.h>
#  include <unistd.h>
#endif

#ifdef _WIN32
static int sock_error(void) { return WSAGetLastError(); }
static bool would_block(int e) { return e == WSAEWOULDBLOCK || e == WSAEINPROGRESS; }
#else
static int sock_error(void) { return errno; }
static bool would_block(int e) { return e == EAGAIN || e == EWOULDBLOCK || e == EINPROGRESS; }
#endif

static void close_socket(ump_socket s)
{
#ifdef _WIN32
    closesocket(s);
#else
    close(s);
#endif
}

/* Waits until s is writable (1) or timeout_ms passes (0); < 0 error (os error in *os). */
static int wait_writable(ump_socket s, int timeout_ms, int *os)
{
#ifdef _WIN32
    fd_set w, e;
    struct timeval tv, *tvp = NULL;
    int r;
    FD_ZERO(&w);
    FD_ZERO(&e);
    FD_SET(s, &w);
    FD_SET(s, &e);   /* a failed connect is reported in the exception set */
    if (timeout_ms >= 0) {
        tv.tv_sec = timeout_ms / 1000;
        tv.tv_usec = (timeout_ms % 1000) * 1000;
        tvp = &tv;
    }
    r = select(0, NULL, &w, &e, tvp);
    if (r == SOCKET_ERROR) {
        *os = WSAGetLastError();
        return -1;
    }
    return r > 0 ? 1 : 0;
#else
    int r = ump__fd_wait(s, true, timeout_ms);
    *os = errno;
    return r < 0 ? -1 : r;
#endif
}

static int set_options(ump_socket s)
{
    int one = 1;
#ifdef _WIN32
    u_long nb = 1;
    if (ioctlsocket(s, FIONBIO, &nb) != 0) return -1;
#else
    int fl = fcntl(s, F_GETFL);
    if (fl < 0 || fcntl(s, F_SETFL, fl | O_NONBLOCK) != 0) return -1;
#  ifdef SO_NOSIGPIPE
    setsockopt(s, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#  endif
#endif
    /* AT commands and result codes are a few bytes each: send them at once (no Nagle). A
     * dead peer is noticed eventually through keepalive. */
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (const char *)&one, sizeof one);
    return 0;
}

int ump__sock_connect(ump_port *p, ump_sock *out, const char *host, uint16_t port, int timeout_ms)
{
    struct addrinfo hints, *res = NULL, *ai;
    char service[8], text[128];
    uint64_t deadline = ump__deadline(timeout_ms);
    int rc, last = 0, code = UMP_ENOENT;
    bool timed_out = false;

    out->s = UMP_BAD_SOCKET;
#ifdef _WIN32
    {
        WSADATA wsa;
        out->ev = NULL;
        out->wsa_started = false;
        if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
            return ump__fail(p, UMP_ENOTSUP, "%s: Winsock 2.2 is not available", p->be->name);
        out->wsa_started = true;
    }
#endif
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) {
        ump__sock_close(out);
        return ump__fail(p, UMP_ENOENT, "%s: cannot resolve %s: %s", p->be->name, host,
                         gai_strerror(rc));
    }
    for (ai = res; ai; ai = ai->ai_next) {
        ump_socket s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        int left, w, os = 0;
        if (s == UMP_BAD_SOCKET) {
            last = sock_error();
            continue;
        }
        if (set_options(s) != 0) {
            last = sock_error();
            close_socket(s);
            continue;
        }
        if (connect(s, ai->ai_addr, (int)ai->ai_addrlen) != 0) {
            int e = sock_error();
            if (!would_block(e)) {
                last = e;
                close_socket(s);
                continue;
            }
            left = ump__remaining_ms(timeout_ms, deadline);
            w = left == 0 ? 0 : wait_writable(s, left, &os);
            if (w <= 0) {
                if (w == 0) timed_out = true;
                last = w < 0 ? os : 0;
                close_socket(s);
                continue;
            }
            {
                int err = 0;
                socklen_t elen = sizeof err;
                if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &elen) != 0) err = sock_error();
                if (err != 0) {
                    last = err;
                    close_socket(s);
                    continue;
                }
            }
        }
        out->s = s;
        break;
    }
    freeaddrinfo(res);
    if (out->s == UMP_BAD_SOCKET) {
        ump__sock_close(out);
        if (timed_out && last == 0)
            return ump__fail(p, UMP_ETIMEDOUT, "%s: connecting to %s:%u: no answer within %d ms",
                             p->be->name, host, (unsigned)port, timeout_ms);
        code = last ? ump__os_open_error(last) : UMP_ENOENT;
        return ump__fail(p, code, "%s: connecting to %s:%u: %s", p->be->name, host,
                         (unsigned)port, last ? ump__os_text(last, text, sizeof text) : "failed");
    }
#ifdef _WIN32
    out->ev = WSACreateEvent();
    if (out->ev == WSA_INVALID_EVENT || WSAEventSelect(out->s, out->ev, FD_READ | FD_CLOSE) != 0) {
        if (out->ev == WSA_INVALID_EVENT) out->ev = NULL;
        ump__sock_close(out);
        return ump__fail(p, UMP_ENOMEM, "%s: WSAEventSelect failed", p->be->name);
    }
#endif
    return UMP_OK;
}

void ump__sock_close(ump_sock *s)
{
    if (s->s != UMP_BAD_SOCKET) close_socket(s->s);
    s->s = UMP_BAD_SOCKET;
#ifdef _WIN32
    if (s->ev) WSACloseEvent(s->ev);
    s->ev = NULL;
    if (s->wsa_started) WSACleanup();
    s->wsa_started = false;
#endif
}

ump_waitable ump__sock_object(const ump_sock *s)
{
#ifdef _WIN32
    return s->ev;
#else
    return s->s;
#endif
}

int ump__sock_recv(ump_port *p, ump_sock *s, void *buf, size_t len)
{
    char text[128];
    int n, e;
#ifdef _WIN32
    /* Reset first: recv re-enables FD_READ, so data arriving after it sets the event again. */
    WSAResetEvent(s->ev);
    n = recv(s->s, buf, len > INT_MAX ? INT_MAX : (int)len, 0);
#else
    do n = (int)recv(s->s, buf, len, 0);
    while (n < 0 && errno == EINTR);
#endif
    if (n > 0) return n;
    if (n == 0) return ump__fail(p, UMP_EVANISHED, "%s: the peer closed the connection", p->be->name);
    e = sock_error();
    if (would_block(e)) return 0;
    return ump__fail(p, ump__os_io_error(e), "%s: receive: %s", p->be->name,
                     ump__os_text(e, text, sizeof text));
}

int ump__sock_send(ump_port *p, ump_sock *s, const void *buf, size_t len, int timeout_ms)
{
    const char *b = buf;
    uint64_t deadline = ump__deadline(timeout_ms);
    size_t done = 0;
    char text[128];

    while (done < len) {
        size_t chunk = len - done > 65536 ? 65536 : len - done;
        int n, e, left, w, os = 0;
#ifdef _WIN32
        n = send(s->s, b + done, (int)chunk, 0);
#elif defined(MSG_NOSIGNAL)
        n = (int)send(s->s, b + done, chunk, MSG_NOSIGNAL);
#else
        n = (int)send(s->s, b + done, chunk, 0);
#endif
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        e = sock_error();
#ifndef _WIN32
        if (n < 0 && e == EINTR) continue;
#endif
        if (!would_block(e))
            return ump__fail(p, ump__os_io_error(e), "%s: send: %s", p->be->name,
                             ump__os_text(e, text, sizeof text));
        left = ump__remaining_ms(timeout_ms, deadline);
        w = left == 0 ? 0 : wait_writable(s->s, left, &os);
        if (w < 0)
            return ump__fail(p, ump__os_io_error(os), "%s: waiting to send: %s", p->be->name,
                             ump__os_text(os, text, sizeof text));
        if (w == 0) {
            if (done > 0) return (int)done;
            return ump__fail(p, UMP_ETIMEDOUT, "%s: could not send within %d ms", p->be->name,
                             timeout_ms);
        }
    }
    return (int)done;
}

/* ---- the tcp:// backend ---------------------------------------------------------------------- */

static int tcp_open(ump_port *p)
{
    ump_sock *s = calloc(1, sizeof *s);
    int rc;
    if (!s) return ump__fail(p, UMP_ENOMEM, "tcp: out of memory");
    rc = ump__sock_connect(p, s, p->url.host, p->url.port, p->url.timeout_ms);
    if (rc) {
        free(s);
        return rc;
    }
    p->impl = s;
    p->rd_obj = ump__sock_object(s);
#ifdef _WIN32
    p->native = (HANDLE)s->s;   /* a SOCKET is a HANDLE: ReadFile/WriteFile work on it */
#else
    p->native = s->s;
#endif
    return UMP_OK;
}

static void tcp_close(ump_port *p)
{
    ump_sock *s = p->impl;
    if (!s) return;
    ump__sock_close(s);
    free(s);
    p->impl = NULL;
}

static int tcp_read_some(ump_port *p, void *buf, size_t len, bool *lines_changed)
{
    (void)lines_changed;
    return ump__sock_recv(p, p->impl, buf, len);
}

static int tcp_write(ump_port *p, const void *buf, size_t len, int timeout_ms)
{
    return ump__sock_send(p, p->impl, buf, len, timeout_ms);
}

static int tcp_set_coding(ump_port *p, const ump_coding *c)
{
    (void)c;
    return ump__fail(p, UMP_ENOTSUP, "tcp: a raw TCP port has no line coding (rfc2217:// has)");
}

static int tcp_set_lines(ump_port *p, unsigned mask, unsigned values)
{
    (void)mask, (void)values;
    return ump__fail(p, UMP_ENOTSUP, "tcp: a raw TCP port has no DTR/RTS (rfc2217:// has)");
}

static int tcp_get_lines(ump_port *p, unsigned *values, unsigned *known)
{
    (void)p, (void)values, (void)known;
    return UMP_OK;
}

const ump_backend ump__tcp_backend = {
    "tcp", tcp_open, tcp_close, tcp_read_some, tcp_write, tcp_set_coding, tcp_set_lines,
    tcp_get_lines,
};
