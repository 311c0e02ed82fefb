/*
 * port/serial.c - the serial: backend: real RS-232 and USB-serial ports through
 * libserialport, loaded at run time (dynlib.h).
 *
 * libserialport opens, configures (any baud rate the driver takes, flow control, DTR/RTS)
 * and reports CTS/DSR/DCD/RI. Reading: POSIX reads the port's file descriptor directly (a
 * hung-up tty reads 0 or fails with EIO, which libserialport's non-blocking read reports
 * as "nothing"), and waits on it; Windows waits on libserialport's RX event and reads with
 * sp_nonblocking_read. Writing: sp_blocking_write with the caller's timeout.
 *
 * libserialport refuses pseudo-terminals: sp_get_port_by_name looks the name up in
 * /sys/class/tty/<name> (Linux), where /dev/pts/N has no entry ("Device not found").
 * Use tty: for those.
 */
#if !defined(_WIN32) && !defined(_DEFAULT_SOURCE)
#  define _DEFAULT_SOURCE 1   /* CRTSCTS */
#endif

#include "port_impl.h"
#include "dynlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#  include <errno.h>
#  include <termios.h>
#endif

typedef struct serial {
    ump_sp_api sp;
    struct umpsp_port *port;
#ifdef _WIN32
    struct umpsp_event_set *rx;   /* RX_READY, for the wait object */
#else
    int fd;
#endif
} serial;

/* The message of libserialport's last failure (SP_ERR_FAIL: the OS error text), and the
 * matching UMP_E* code. Called right after the failing call, on the same thread. */
static int sp_fail(ump_port *p, serial *s, int sp_rc, bool opening, const char *what)
{
    int code;
    char *m = NULL;
    if (sp_rc == UMPSP_ERR_FAIL) {
        int os = s->sp.last_error_code();
        code = opening ? ump__os_open_error(os) : ump__os_io_error(os);
        m = s->sp.last_error_message();
    } else if (sp_rc == UMPSP_ERR_MEM) {
        code = UMP_ENOMEM;
    } else if (sp_rc == UMPSP_ERR_SUPP) {
        code = UMP_ENOTSUP;
    } else {
        code = opening ? UMP_ENOENT : UMP_EINVAL;
    }
    ump__fail(p, code, "serial: %s %s: %s", what, p->url.path,
              m ? m : sp_rc == UMPSP_ERR_SUPP ? "not supported by the driver"
                    : sp_rc == UMPSP_ERR_MEM ? "out of memory" : "rejected by libserialport");
    if (m) s->sp.free_error_message(m);
    return code;
}

static int apply(ump_port *p, serial *s, const ump_coding *c)
{
    static const int parity[] = { UMPSP_PARITY_NONE, UMPSP_PARITY_ODD, UMPSP_PARITY_EVEN,
                                  UMPSP_PARITY_MARK, UMPSP_PARITY_SPACE };
    static const int flow[] = { UMPSP_FLOWCONTROL_NONE, UMPSP_FLOWCONTROL_RTSCTS,
                                UMPSP_FLOWCONTROL_XONXOFF, UMPSP_FLOWCONTROL_DTRDSR };
    int rc;
    if ((rc = s->sp.set_baudrate(s->port, (int)c->baud)) != UMPSP_OK)
        return sp_fail(p, s, rc, false, "setting the baud rate of");
    if ((rc = s->sp.set_bits(s->port, c->data_bits)) != UMPSP_OK)
        return sp_fail(p, s, rc, false, "setting the data bits of");
    if ((rc = s->sp.set_parity(s->port, parity[c->parity])) != UMPSP_OK)
        return sp_fail(p, s, rc, false, "setting the parity of");
    if ((rc = s->sp.set_stopbits(s->port, c->stop_bits)) != UMPSP_OK)
        return sp_fail(p, s, rc, false, "setting the stop bits of");
    /* Flow control before the lines: with RTS/CTS flow control the driver owns RTS. */
    if ((rc = s->sp.set_flowcontrol(s->port, flow[c->flow])) != UMPSP_OK)
        return sp_fail(p, s, rc, false, "setting flow control on");
#ifndef _WIN32
    {
        /* libserialport 0.1.1 puts CRTSCTS into c_iflag instead of c_cflag, so on POSIX its
         * RTS/CTS flow control never reaches the driver: set the termios flag ourselves. */
        struct termios t;
        char text[128];
        int ok = tcgetattr(s->fd, &t) == 0;
        if (ok) {
            if (c->flow == UMP_FLOW_RTSCTS) t.c_cflag |= CRTSCTS;
            else t.c_cflag &= ~(tcflag_t)CRTSCTS;
            ok = tcsetattr(s->fd, TCSANOW, &t) == 0;
        }
        if (!ok)
            return ump__fail(p, ump__os_io_error(errno), "serial: setting RTS/CTS on %s: %s",
                             p->url.path, ump__os_text(errno, text, sizeof text));
    }
#endif
    return UMP_OK;
}

static int serial_set_lines(ump_port *p, unsigned mask, unsigned values)
{
    serial *s = p->impl;
    int rc;
    if ((mask & UMP_DTR) &&
        (rc = s->sp.set_dtr(s->port, (values & UMP_DTR) ? UMPSP_DTR_ON : UMPSP_DTR_OFF)) != UMPSP_OK)
        return sp_fail(p, s, rc, false, "setting DTR on");
    if ((mask & UMP_RTS) &&
        (rc = s->sp.set_rts(s->port, (values & UMP_RTS) ? UMPSP_RTS_ON : UMPSP_RTS_OFF)) != UMPSP_OK)
        return sp_fail(p, s, rc, false, "setting RTS on");
    return UMP_OK;
}

static void release(serial *s)
{
    if (!s) return;
#ifdef _WIN32
    if (s->rx) s->sp.free_event_set(s->rx);
#endif
    if (s->port) {
        s->sp.close(s->port);
        s->sp.free_port(s->port);
    }
    ump_sp_unload(&s->sp);
    free(s);
}

static int serial_open(ump_port *p)
{
    serial *s = calloc(1, sizeof *s);
    char msg[160];
    int rc;

    if (!s) return ump__fail(p, UMP_ENOMEM, "serial: out of memory");
    rc = ump_sp_load(&s->sp, msg, sizeof msg);
    if (rc) {
        free(s);
        return ump__fail(p, rc, "serial: %s", msg);
    }
    p->impl = s;
    rc = s->sp.get_port_by_name(p->url.path, &s->port);
    if (rc != UMPSP_OK) {
        s->port = NULL;
        rc = sp_fail(p, s, rc, true, "no such port");
        if (strncmp(p->url.path, "/dev/pts/", 9) == 0)
            ump__fail(p, rc, "serial: libserialport does not open pseudo-terminals (%s); "
                      "use tty:%s", p->url.path, p->url.path);
        goto fail;
    }
    rc = s->sp.open(s->port, UMPSP_MODE_READ_WRITE);
    if (rc != UMPSP_OK) {
        rc = sp_fail(p, s, rc, true, "cannot open");
        s->sp.free_port(s->port);
        s->port = NULL;
        goto fail;
    }
#ifndef _WIN32
    if ((rc = s->sp.get_port_handle(s->port, &s->fd)) != UMPSP_OK) {
        rc = sp_fail(p, s, rc, false, "no file descriptor for");
        goto fail;
    }
    p->rd_obj = s->fd;
    p->native = s->fd;
#else
    {
        HANDLE h = NULL;
        if (s->sp.get_port_handle(s->port, &h) == UMPSP_OK) p->native = h;
    }
#endif
    rc = apply(p, s, &p->coding);
    if (rc) goto fail;
    /* V.250 6.2.9: the DCE acts on DTR; raise it, and RTS unless flow control owns it. */
    rc = serial_set_lines(p, p->coding.flow == UMP_FLOW_RTSCTS ? UMP_DTR : UMP_DTR | UMP_RTS,
                          UMP_DTR | UMP_RTS);
    if (rc) goto fail;
    p->out_lines = UMP_DTR | UMP_RTS;
#ifdef _WIN32
    if ((rc = s->sp.new_event_set(&s->rx)) != UMPSP_OK ||
        (rc = s->sp.add_port_events(s->rx, s->port, UMPSP_EVENT_RX_READY)) != UMPSP_OK ||
        s->rx->count < 1) {
        rc = sp_fail(p, s, rc ? rc : UMPSP_ERR_FAIL, false, "cannot wait for data on");
        goto fail;
    }
    p->rd_obj = ((HANDLE *)s->rx->handles)[0];
#endif
    return UMP_OK;
fail:
    release(s);
    p->impl = NULL;
    return rc;
}

static void serial_close(ump_port *p)
{
    release(p->impl);
    p->impl = NULL;
}

static int serial_read_some(ump_port *p, void *buf, size_t len, bool *lines_changed)
{
    serial *s = p->impl;
    (void)lines_changed;
#ifdef _WIN32
    {
        int rc = s->sp.nonblocking_read(s->port, buf, len);
        if (rc < 0) return sp_fail(p, s, rc, false, "reading");
        return rc;
    }
#else
    return ump__fd_read(p, s->fd, buf, len);
#endif
}

static int serial_write(ump_port *p, const void *buf, size_t len, int timeout_ms)
{
    serial *s = p->impl;
    /* libserialport: timeout 0 waits forever; "do not wait" is the shortest wait, 1 ms. */
    unsigned t = timeout_ms < 0 ? 0u : timeout_ms == 0 ? 1u : (unsigned)timeout_ms;
    int rc = s->sp.blocking_write(s->port, buf, len, t);
    if (rc < 0) return sp_fail(p, s, rc, false, "writing to");
    if (rc == 0)
        return ump__fail(p, UMP_ETIMEDOUT, "serial: %s: could not write within %d ms "
                         "(flow control holding?)", p->url.path, timeout_ms);
    return rc;
}

static int serial_set_coding(ump_port *p, const ump_coding *c) { return apply(p, p->impl, c); }

static int serial_get_lines(ump_port *p, unsigned *values, unsigned *known)
{
    serial *s = p->impl;
    int sig = 0, rc = s->sp.get_signals(s->port, &sig);
    if (rc != UMPSP_OK) return sp_fail(p, s, rc, false, "reading the lines of");
    *known = UMP_DTR | UMP_RTS | UMP_DCD | UMP_RI | UMP_CTS | UMP_DSR;
    *values = p->out_lines | ((sig & UMPSP_SIG_DCD) ? UMP_DCD : 0) |
              ((sig & UMPSP_SIG_RI) ? UMP_RI : 0) | ((sig & UMPSP_SIG_CTS) ? UMP_CTS : 0) |
              ((sig & UMPSP_SIG_DSR) ? UMP_DSR : 0);
    return UMP_OK;
}

const ump_backend ump__serial_backend = {
    "serial", serial_open, serial_close, serial_read_some, serial_write, serial_set_coding,
    serial_set_lines, serial_get_lines,
};
