/*
 * port/port.c - ump_open and the operations every backend shares (see port.h): argument
 * checks, the sticky vanished/broken state, error messages, and ump_read's wait loop.
 */
#if !defined(_WIN32) && !defined(_DEFAULT_SOURCE)
#  define _DEFAULT_SOURCE 1   /* strnlen */
#endif

#include "port_impl.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#  include <fcntl.h>
#  include <poll.h>
#  include <unistd.h>
#endif

/* ---- notifier ---------------------------------------------------------------------------- */

#ifdef _WIN32
int ump__notifier_init(ump_notifier *n)
{
    n->ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    return n->ev ? UMP_OK : UMP_ENOMEM;
}
void ump__notifier_free(ump_notifier *n)
{
    if (n->ev) CloseHandle(n->ev);
    n->ev = NULL;
}
void ump__notifier_set(ump_notifier *n) { SetEvent(n->ev); }
bool ump__notifier_take(ump_notifier *n)
{
    if (WaitForSingleObject(n->ev, 0) != WAIT_OBJECT_0) return false;
    ResetEvent(n->ev);
    return true;
}
ump_waitable ump__notifier_object(const ump_notifier *n) { return n->ev; }
#else
int ump__notifier_init(ump_notifier *n)
{
    int fds[2], i;
    if (pipe(fds) != 0) return ump__os_open_error(errno);
    for (i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
    }
    n->rd = fds[0];
    n->wr = fds[1];
    return UMP_OK;
}
void ump__notifier_free(ump_notifier *n)
{
    if (n->rd >= 0) close(n->rd);
    if (n->wr >= 0) close(n->wr);
    n->rd = n->wr = -1;
}
void ump__notifier_set(ump_notifier *n)
{
    const char b = 1;
    /* A full pipe is still set: EAGAIN is fine. */
    ssize_t r = write(n->wr, &b, 1);
    (void)r;
}
bool ump__notifier_take(ump_notifier *n)
{
    char buf[64];
    bool was = false;
    while (read(n->rd, buf, sizeof buf) > 0) was = true;
    return was;
}
ump_waitable ump__notifier_object(const ump_notifier *n) { return n->rd; }
#endif

/* ---- errors ------------------------------------------------------------------------------ */

int ump__fail(ump_port *p, int code, const char *fmt, ...)
{
    va_list ap;
    tspk_mutex_lock(&p->err_mu);
    va_start(ap, fmt);
    vsnprintf(p->err, sizeof p->err, fmt, ap);
    va_end(ap);
    tspk_mutex_unlock(&p->err_mu);
    if (code == UMP_EVANISHED || code == UMP_EPROTO) {
        int zero = 0;
        atomic_compare_exchange_strong(&p->sticky, &zero, code);
    }
    return code;
}

#ifdef _WIN32
int ump__os_last_error(void) { return (int)GetLastError(); }

const char *ump__os_text(int e, char *buf, size_t size)
{
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             (DWORD)e, 0, buf, (DWORD)size, NULL);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == '.')) buf[--n] = '\0';
    if (n == 0) snprintf(buf, size, "Windows error %d", e);
    return buf;
}

int ump__os_open_error(int e)
{
    switch (e) {
    case ERROR_FILE_NOT_FOUND: case ERROR_PATH_NOT_FOUND: case ERROR_BAD_UNIT:
    case ERROR_DEV_NOT_EXIST: case WSAECONNREFUSED: case WSAHOST_NOT_FOUND: case WSANO_DATA:
    case WSAENETUNREACH: case WSAEHOSTUNREACH:
        return UMP_ENOENT;
    case ERROR_ACCESS_DENIED: case WSAEACCES:
        /* CreateFile on a COM port someone else holds fails with ERROR_ACCESS_DENIED. */
        return UMP_EBUSY;
    case ERROR_SHARING_VIOLATION: case ERROR_BUSY: return UMP_EBUSY;
    case ERROR_NOT_ENOUGH_MEMORY: case ERROR_OUTOFMEMORY: case WSAENOBUFS: return UMP_ENOMEM;
    case WAIT_TIMEOUT: case WSAETIMEDOUT: return UMP_ETIMEDOUT;
    default: return UMP_EIO;
    }
}

int ump__os_io_error(int e)
{
    switch (e) {
    case ERROR_DEVICE_NOT_CONNECTED: case ERROR_DEV_NOT_EXIST: case ERROR_BAD_COMMAND:
    case ERROR_GEN_FAILURE: case ERROR_OPERATION_ABORTED: case ERROR_INVALID_HANDLE:
    case WSAECONNRESET: case WSAECONNABORTED: case WSAENETRESET: case WSAESHUTDOWN:
    case WSAENOTCONN:
        /* A USB-serial adapter pulled out makes ReadFile/WriteFile fail with these. */
        return UMP_EVANISHED;
    case WAIT_TIMEOUT: case WSAETIMEDOUT: return UMP_ETIMEDOUT;
    case ERROR_NOT_ENOUGH_MEMORY: case ERROR_OUTOFMEMORY: case WSAENOBUFS: return UMP_ENOMEM;
    default: return UMP_EIO;
    }
}
#else
int ump__os_last_error(void) { return errno; }

const char *ump__os_text(int e, char *buf, size_t size)
{
    snprintf(buf, size, "%s", strerror(e));
    return buf;
}

int ump__os_open_error(int e)
{
    switch (e) {
    case ENOENT: case ENXIO: case ENODEV: case ENOTDIR: case ECONNREFUSED: case EHOSTUNREACH:
    case ENETUNREACH:
        return UMP_ENOENT;
    case EACCES: case EPERM: return UMP_EACCES;
    case EBUSY: case EAGAIN: return UMP_EBUSY;
    case ENOMEM: case ENOBUFS: case EMFILE: case ENFILE: return UMP_ENOMEM;
    case ETIMEDOUT: return UMP_ETIMEDOUT;
    case EINVAL: case ENOTTY: return UMP_EINVAL;
    default: return UMP_EIO;
    }
}

int ump__os_io_error(int e)
{
    switch (e) {
    case EIO: case ENXIO: case ENODEV: case EPIPE: case ECONNRESET: case ECONNABORTED:
    case ENOTCONN: case ESHUTDOWN:
        /* A hung-up tty (pty master closed, USB-serial unplugged) fails reads and writes
         * with EIO (or ENXIO/ENODEV); a TCP peer that went away with EPIPE/ECONNRESET. */
        return UMP_EVANISHED;
    case ETIMEDOUT: return UMP_ETIMEDOUT;
    case ENOMEM: case ENOBUFS: return UMP_ENOMEM;
    default: return UMP_EIO;
    }
}

int ump__fd_wait(int fd, bool want_write, int timeout_ms)
{
    struct pollfd pfd = { fd, (short)(want_write ? POLLOUT : POLLIN), 0 };
    int r;
    do r = poll(&pfd, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    if (r < 0) return ump__os_io_error(errno);
    return r > 0 ? 1 : 0;
}

int ump__fd_read(ump_port *p, int fd, void *buf, size_t len)
{
    ssize_t n;
    char text[128];
    do n = read(fd, buf, len);
    while (n < 0 && errno == EINTR);
    if (n > 0) return (int)n;
    if (n == 0)
        /* A terminal opened with VMIN=1 reads 0 only once it has been hung up. */
        return ump__fail(p, UMP_EVANISHED, "%s: %s: end of file (hung up)", p->be->name, p->url.path);
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    return ump__fail(p, ump__os_io_error(errno), "%s: read %s: %s", p->be->name, p->url.path,
                     ump__os_text(errno, text, sizeof text));
}

int ump__fd_write(ump_port *p, int fd, const void *buf, size_t len, int timeout_ms)
{
    const unsigned char *b = buf;
    uint64_t deadline = ump__deadline(timeout_ms);
    size_t done = 0;
    char text[128];

    while (done < len) {
        ssize_t n = write(fd, b + done, len - done);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return ump__fail(p, ump__os_io_error(errno), "%s: write %s: %s", p->be->name,
                             p->url.path, ump__os_text(errno, text, sizeof text));
        {
            int left = ump__remaining_ms(timeout_ms, deadline);
            int r = left == 0 ? 0 : ump__fd_wait(fd, true, left);
            if (r < 0) return ump__fail(p, r, "%s: waiting to write: %s", p->be->name, ump_strerror(r));
            if (r == 0) {
                if (done > 0) return (int)done;
                return ump__fail(p, UMP_ETIMEDOUT, "%s: %s: could not write within %d ms "
                                 "(flow control holding?)", p->be->name, p->url.path, timeout_ms);
            }
        }
    }
    return (int)done;
}
#endif

uint64_t ump__deadline(int timeout_ms)
{
    return timeout_ms < 0 ? 0 : tspk_now_us() + (uint64_t)timeout_ms * 1000u;
}

int ump__remaining_ms(int timeout_ms, uint64_t deadline_us)
{
    uint64_t now;
    if (timeout_ms < 0) return -1;
    now = tspk_now_us();
    if (now >= deadline_us) return 0;
    /* Round up, so a wait never ends a fraction of a millisecond early and spins. */
    return (int)((deadline_us - now + 999) / 1000);
}

const char *ump_strerror(int err)
{
    switch (err) {
    case UMP_OK: return "success";
    case UMP_EINVAL: return "invalid argument";
    case UMP_ENOENT: return "no such device";
    case UMP_EACCES: return "permission denied";
    case UMP_EBUSY: return "device busy";
    case UMP_ENOTSUP: return "not supported";
    case UMP_EIO: return "I/O error";
    case UMP_ETIMEDOUT: return "timed out";
    case UMP_EINTR: return "woken";
    case UMP_EPROTO: return "protocol error";
    case UMP_ENOMEM: return "out of memory";
    case UMP_EVANISHED: return "device vanished";
    default: return "unknown error";
    }
}

/* ---- the interface ----------------------------------------------------------------------- */

static const ump_backend *backend_for(ump_scheme s)
{
    switch (s) {
    case UMP_SCHEME_SERIAL: return &ump__serial_backend;
    case UMP_SCHEME_TTY: return &ump__tty_backend;
    case UMP_SCHEME_USB: return &ump__usb_backend;
    case UMP_SCHEME_TCP: return &ump__tcp_backend;
    case UMP_SCHEME_RFC2217: return &ump__rfc2217_backend;
    }
    return NULL;
}

static bool coding_valid(const ump_coding *c)
{
    return c->baud >= 1 && c->baud <= 4000000 && c->data_bits >= 5 && c->data_bits <= 8 &&
           (c->stop_bits == 1 || c->stop_bits == 2) && (unsigned)c->parity <= UMP_PARITY_SPACE &&
           (unsigned)c->flow <= UMP_FLOW_DTRDSR;
}

int ump_open(ump_port **out, const char *url, char *msg, size_t msg_size)
{
    ump_port *p;
    int rc;

    if (msg && msg_size > 0) msg[0] = '\0';
    if (!out || !url) {
        if (msg && msg_size > 0) snprintf(msg, msg_size, "no URL");
        return UMP_EINVAL;
    }
    *out = NULL;
    p = calloc(1, sizeof *p);
    if (!p) {
        if (msg && msg_size > 0) snprintf(msg, msg_size, "out of memory");
        return UMP_ENOMEM;
    }
    rc = ump_url_parse(url, strnlen(url, UMP_URL_MAX + 1), &p->url, msg, msg_size);
    if (rc) {
        free(p);
        return rc;
    }
    p->be = backend_for(p->url.scheme);
    p->coding = p->url.coding;
#ifndef _WIN32
    p->wake.rd = p->wake.wr = -1;
    p->native = -1;
#endif
#ifndef _WIN32
    p->relay_note.rd = p->relay_note.wr = -1;
#endif
    atomic_init(&p->sticky, 0);
    atomic_init(&p->relaying, false);
    atomic_init(&p->relay_note_ready, false);
    if (tspk_mutex_init(&p->err_mu) != 0) {
        free(p);
        if (msg && msg_size > 0) snprintf(msg, msg_size, "out of resources (mutex)");
        return UMP_ENOMEM;
    }
    if (tspk_mutex_init(&p->relay_mu) != 0 || tspk_mutex_init(&p->rd_mu) != 0) {
        /* Both are plain SRWLOCK/pthread mutexes: only the second can be the one left. */
        tspk_mutex_destroy(&p->err_mu);
        free(p);
        if (msg && msg_size > 0) snprintf(msg, msg_size, "out of resources (mutex)");
        return UMP_ENOMEM;
    }
    rc = ump__notifier_init(&p->wake);
    if (rc == UMP_OK) rc = p->be->open(p);
    if (rc) {
        if (msg && msg_size > 0) ump_error_text(p, msg, msg_size);
        ump__notifier_free(&p->wake);
        tspk_mutex_destroy(&p->rd_mu);
        tspk_mutex_destroy(&p->relay_mu);
        tspk_mutex_destroy(&p->err_mu);
        free(p);
        return rc;
    }
    *out = p;
    return UMP_OK;
}

void ump_close(ump_port *p)
{
    if (!p) return;
    ump__relay_stop(p);
    p->be->close(p);
    ump__notifier_free(&p->wake);
    if (atomic_load(&p->relay_note_ready)) ump__notifier_free(&p->relay_note);
    tspk_mutex_destroy(&p->rd_mu);
    tspk_mutex_destroy(&p->relay_mu);
    tspk_mutex_destroy(&p->err_mu);
    free(p);
}

/* Waits for the backend's object (the relay's notifier while a relay has the port's data)
 * or the wake notifier: 1 readable, 2 woken, 0 timeout. */
static int wait_readable(ump_port *p, int timeout_ms, bool relaying)
{
#ifdef _WIN32
    HANDLE hs[2] = { relaying ? p->relay_note.ev : p->rd_obj, p->wake.ev };
    DWORD r = WaitForMultipleObjects(2, hs, FALSE, timeout_ms < 0 ? INFINITE : (DWORD)timeout_ms);
    if (r == WAIT_OBJECT_0) return 1;
    if (r == WAIT_OBJECT_0 + 1) return 2;
    if (r == WAIT_TIMEOUT) return 0;
    return ump__fail(p, UMP_EIO, "%s: WaitForMultipleObjects failed (%lu)", p->be->name,
                     (unsigned long)GetLastError());
#else
    struct pollfd pfd[2] = { { relaying ? p->relay_note.rd : p->rd_obj, POLLIN, 0 },
                             { p->wake.rd, POLLIN, 0 } };
    int r;
    do r = poll(pfd, 2, timeout_ms);
    while (r < 0 && errno == EINTR);
    if (r < 0) return ump__fail(p, UMP_EIO, "%s: poll: %s", p->be->name, strerror(errno));
    if (r == 0) return 0;
    if (pfd[1].revents) return 2;
    return 1;
#endif
}

int ump_read(ump_port *p, void *buf, size_t len, int timeout_ms)
{
    uint64_t deadline;
    int sticky;

    if (!p || (!buf && len > 0) || timeout_ms < -1) return UMP_EINVAL;
    if (len == 0) return 0;
    if (len > INT_MAX) len = INT_MAX;
    deadline = ump__deadline(timeout_ms);
    for (;;) {
        bool lines_changed = false, relaying;
        int r, left;
        if (ump__notifier_take(&p->wake)) return UMP_EINTR;
        sticky = atomic_load(&p->sticky);
        if (sticky) return sticky;
        /* While a relay has the port's data (relay.c), a line change it saw ends the wait
         * with 0, as one does without a relay; its end only sends us back to the port. */
        if (atomic_load(&p->relay_note_ready) && ump__notifier_take(&p->relay_note) &&
            atomic_load(&p->relaying))
            return 0;
        tspk_mutex_lock(&p->rd_mu);
        relaying = atomic_load(&p->relaying);
        r = relaying ? 0 : p->be->read_some(p, buf, len, &lines_changed);
        tspk_mutex_unlock(&p->rd_mu);
        if (r != 0 || lines_changed) return r;
        left = ump__remaining_ms(timeout_ms, deadline);
        if (left == 0) return 0;
        r = wait_readable(p, left, relaying);
        if (r < 0) return r;
        if (r == 2) {
            ump__notifier_take(&p->wake);
            return UMP_EINTR;
        }
        if (r == 0) return 0;
    }
}

int ump_write(ump_port *p, const void *buf, size_t len, int timeout_ms)
{
    int sticky;
    if (!p || (!buf && len > 0) || len > INT_MAX || timeout_ms < -1) return UMP_EINVAL;
    /* Writing is taking the port back from the application (relay.c). */
    ump__relay_stop(p);
    sticky = atomic_load(&p->sticky);
    if (sticky) return sticky;
    if (len == 0) return 0;
    return p->be->write(p, buf, len, timeout_ms);
}

int ump_set_coding(ump_port *p, const ump_coding *c)
{
    int rc, sticky;
    if (!p || !c) return UMP_EINVAL;
    if (!coding_valid(c))
        return ump__fail(p, UMP_EINVAL, "bad line coding (%lu baud, %u data, %u stop bits)",
                         (unsigned long)c->baud, c->data_bits, c->stop_bits);
    sticky = atomic_load(&p->sticky);
    if (sticky) return sticky;
    rc = p->be->set_coding(p, c);
    if (rc == UMP_OK) p->coding = *c;
    return rc;
}

int ump_get_coding(ump_port *p, ump_coding *c)
{
    if (!p || !c) return UMP_EINVAL;
    *c = p->coding;
    return UMP_OK;
}

int ump_set_lines(ump_port *p, unsigned mask, unsigned values)
{
    int rc, sticky;
    if (!p || (mask & ~(UMP_DTR | UMP_RTS)))
        return p ? ump__fail(p, UMP_EINVAL, "only DTR and RTS can be set") : UMP_EINVAL;
    /* So is setting DTR or RTS (a hang-up). */
    ump__relay_stop(p);
    sticky = atomic_load(&p->sticky);
    if (sticky) return sticky;
    if (mask == 0) return UMP_OK;
    rc = p->be->set_lines(p, mask, values & mask);
    if (rc == UMP_OK) p->out_lines = (p->out_lines & ~mask) | (values & mask);
    return rc;
}

int ump_get_lines(ump_port *p, unsigned *values, unsigned *known)
{
    unsigned v = 0, k = 0;
    int rc, sticky;
    if (!p || !values || !known) return UMP_EINVAL;
    *values = *known = 0;
    sticky = atomic_load(&p->sticky);
    if (sticky) return sticky;
    rc = p->be->get_lines(p, &v, &k);
    if (rc == UMP_OK) {
        *values = v & k;
        *known = k;
    }
    return rc;
}

int ump_hangup(ump_port *p, unsigned drop_ms)
{
    int rc;
    if (!p) return UMP_EINVAL;
    rc = ump_set_lines(p, UMP_DTR, 0);
    if (rc) return rc;
    tspk_sleep_ms(drop_ms);
    return ump_set_lines(p, UMP_DTR, UMP_DTR);
}

void ump_wake(ump_port *p)
{
    if (p) ump__notifier_set(&p->wake);
}

ump_waitable ump_wait_object(const ump_port *p)
{
#ifdef _WIN32
    return p ? p->rd_obj : NULL;
#else
    return p ? p->rd_obj : -1;
#endif
}

ump_waitable ump_native_handle(ump_port *p)
{
#ifdef _WIN32
    if (!p) return NULL;
    return p->native ? p->native : ump__relay_handle(p);
#else
    if (!p) return -1;
    return p->native >= 0 ? p->native : ump__relay_handle(p);
#endif
}

void ump_error_text(ump_port *p, char *buf, size_t size)
{
    if (!buf || size == 0) return;
    if (!p) {
        buf[0] = '\0';
        return;
    }
    tspk_mutex_lock(&p->err_mu);
    snprintf(buf, size, "%s", p->err);
    tspk_mutex_unlock(&p->err_mu);
}
