/*
 * port/port_impl.h - what the port backends share (private to tsp-unimodem/port/).
 *
 * A backend is a table of operations (ump_backend). port.c parses the URL, picks the table,
 * and runs what is common: argument checks, the sticky "vanished"/"protocol broken" state,
 * the error message, and the wait loop of ump_read (backend's wait object + the wake
 * notifier, no polling). Backends only do non-blocking reads and their own writes.
 */
#ifndef UMP_PORT_IMPL_H
#define UMP_PORT_IMPL_H

#include "port.h"
#include "url.h"

#ifdef _WIN32
#  include <winsock2.h>   /* before windows.h, which tspkit/thread.h includes */
#  include <windows.h>
#endif

#include <tspkit/thread.h>

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>

/* A level-triggered flag another thread can wait on: a pipe on POSIX (readable while set),
 * a manual-reset event on Windows. */
typedef struct ump_notifier {
#ifdef _WIN32
    HANDLE ev;
#else
    int rd, wr;
#endif
} ump_notifier;

int ump__notifier_init(ump_notifier *n);
void ump__notifier_free(ump_notifier *n);
void ump__notifier_set(ump_notifier *n);
/* Clears; returns whether it was set. */
bool ump__notifier_take(ump_notifier *n);
ump_waitable ump__notifier_object(const ump_notifier *n);

typedef struct ump_backend {
    const char *name;
    /* Opens the device named by p->url; sets p->impl and p->rd_obj. */
    int (*open)(ump_port *p);
    void (*close)(ump_port *p);
    /* Non-blocking: > 0 bytes, 0 nothing now (*lines_changed set when the input lines
     * changed), < 0 error. */
    int (*read_some)(ump_port *p, void *buf, size_t len, bool *lines_changed);
    /* As ump_write; len <= INT_MAX. */
    int (*write)(ump_port *p, const void *buf, size_t len, int timeout_ms);
    int (*set_coding)(ump_port *p, const ump_coding *c);
    int (*set_lines)(ump_port *p, unsigned mask, unsigned values);
    int (*get_lines)(ump_port *p, unsigned *values, unsigned *known);
} ump_backend;

extern const ump_backend ump__serial_backend, ump__tty_backend, ump__usb_backend,
                         ump__tcp_backend, ump__rfc2217_backend;

#define UMP_ERR_MAX 256

typedef struct ump_relay ump_relay;

struct ump_port {
    const ump_backend *be;
    ump_url url;
    ump_coding coding;          /* as last set */
    unsigned out_lines;         /* UMP_DTR/UMP_RTS as last set */
    ump_waitable rd_obj;        /* the backend's "may be readable" object */
    ump_waitable native;        /* ump_native_handle: set by open where the backend has one */
    ump_notifier wake;
    /* The relay (relay.c) of a port without a native handle. relay_mu orders its start and
     * stop; rd_mu keeps ump_read's read_some and the relay's start apart; relaying says the
     * port's data is the relay's; relay_note (made with the first relay, kept until close)
     * tells the owner's ump_read of line changes, failures and the relay's end. */
    tspk_mutex relay_mu, rd_mu;
    ump_relay *relay;
    atomic_bool relaying;
    atomic_bool relay_note_ready;
    ump_notifier relay_note;
    atomic_int sticky;          /* 0, UMP_EVANISHED or UMP_EPROTO */
    tspk_mutex err_mu;
    char err[UMP_ERR_MAX];
    void *impl;                 /* the backend's state */
};

/* The relay's end for the application (starting the relay), or -1/NULL; any thread. */
ump_waitable ump__relay_handle(ump_port *p);
/* Stops the relay if one runs: the port is the owner's again. */
void ump__relay_stop(ump_port *p);

/* Records a failure's message and returns code; UMP_EVANISHED and UMP_EPROTO become sticky. */
int ump__fail(ump_port *p, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* OS error numbers to UMP_E*: while opening (ENOENT, ENXIO, ENODEV: no such device) and
 * during I/O (EIO, ENXIO, ENODEV, EPIPE, ECONNRESET: the device vanished). */
int ump__os_open_error(int os_error);
int ump__os_io_error(int os_error);
/* The OS's text for an error number (strerror / FormatMessage), into buf. */
const char *ump__os_text(int os_error, char *buf, size_t size);
/* errno / GetLastError(). */
int ump__os_last_error(void);

/* Milliseconds left until deadline_us (tspk_now_us based); -1 stays -1 (forever). */
int ump__remaining_ms(int timeout_ms, uint64_t deadline_us);
uint64_t ump__deadline(int timeout_ms);

/* Waits until obj may be readable (1), writable when want_write (1), or timeout (0); < 0 on
 * error. POSIX only (fd); Windows backends wait on their own objects. */
#ifndef _WIN32
int ump__fd_wait(int fd, bool want_write, int timeout_ms);
/* Non-blocking read of a tty-like fd: 0 on EAGAIN; EOF, EIO, ENXIO, ENODEV: vanished. */
int ump__fd_read(ump_port *p, int fd, void *buf, size_t len);
/* Writes all of buf to a non-blocking fd within timeout_ms (see ump_write). */
int ump__fd_write(ump_port *p, int fd, const void *buf, size_t len, int timeout_ms);
#endif

/* Sockets (tcp.c): connect with timeout, TCP_NODELAY, keepalive, non-blocking. */
#ifdef _WIN32
typedef SOCKET ump_socket;
#define UMP_BAD_SOCKET INVALID_SOCKET
#else
typedef int ump_socket;
#define UMP_BAD_SOCKET (-1)
#endif

typedef struct ump_sock {
    ump_socket s;
#ifdef _WIN32
    HANDLE ev;          /* WSAEventSelect(FD_READ | FD_CLOSE) */
    bool wsa_started;
#endif
} ump_sock;

int ump__sock_connect(ump_port *p, ump_sock *out, const char *host, uint16_t port, int timeout_ms);
void ump__sock_close(ump_sock *s);
/* Non-blocking receive: > 0, 0 nothing now, UMP_EVANISHED when the peer closed. */
int ump__sock_recv(ump_port *p, ump_sock *s, void *buf, size_t len);
/* Sends all of buf within timeout_ms: as ump_write. */
int ump__sock_send(ump_port *p, ump_sock *s, const void *buf, size_t len, int timeout_ms);
ump_waitable ump__sock_object(const ump_sock *s);

#endif /* UMP_PORT_IMPL_H */
