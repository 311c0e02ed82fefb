/*
 * port/tty.c - the tty: backend: any POSIX terminal through plain termios, for ttys that
 * libserialport will not open (pseudo-terminals: it looks ports up in /sys/class/tty, where
 * /dev/pts/N has no entry). A pty has no modem-control lines: setting DTR/RTS then fails with
 * UMP_ENOTSUP and ump_get_lines knows nothing. Windows has no termios: UMP_ENOTSUP.
 */
#if !defined(_WIN32) && !defined(_DEFAULT_SOURCE)
#  define _DEFAULT_SOURCE 1   /* CRTSCTS, CMSPAR, TIOCM*, O_CLOEXEC */
#endif

#include "port_impl.h"

#ifdef _WIN32

static int tty_open(ump_port *p)
{
    return ump__fail(p, UMP_ENOTSUP, "tty: needs POSIX termios; on Windows use serial:COMn");
}
static void tty_close(ump_port *p) { (void)p; }
static int tty_read_some(ump_port *p, void *buf, size_t len, bool *lines_changed)
{
    (void)buf, (void)len, (void)lines_changed;
    return ump__fail(p, UMP_ENOTSUP, "tty: not on Windows");
}
static int tty_write(ump_port *p, const void *buf, size_t len, int timeout_ms)
{
    (void)buf, (void)len, (void)timeout_ms;
    return ump__fail(p, UMP_ENOTSUP, "tty: not on Windows");
}
static int tty_set_coding(ump_port *p, const ump_coding *c)
{
    (void)c;
    return ump__fail(p, UMP_ENOTSUP, "tty: not on Windows");
}
static int tty_set_lines(ump_port *p, unsigned mask, unsigned values)
{
    (void)mask, (void)values;
    return ump__fail(p, UMP_ENOTSUP, "tty: not on Windows");
}
static int tty_get_lines(ump_port *p, unsigned *values, unsigned *known)
{
    (void)values, (void)known;
    return ump__fail(p, UMP_ENOTSUP, "tty: not on Windows");
}

#else

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

typedef struct tty {
    int fd;
} tty;

static int fd_of(ump_port *p) { return ((tty *)p->impl)->fd; }

static speed_t speed_of(uint32_t baud)
{
    static const struct { uint32_t baud; speed_t speed; } rates[] = {
        { 300, B300 }, { 600, B600 }, { 1200, B1200 }, { 2400, B2400 }, { 4800, B4800 },
        { 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 },
        { 115200, B115200 }, { 230400, B230400 },
#ifdef B460800
        { 460800, B460800 },
#endif
#ifdef B921600
        { 921600, B921600 },
#endif
    };
    size_t i;
    for (i = 0; i < sizeof rates / sizeof rates[0]; i++)
        if (rates[i].baud == baud) return rates[i].speed;
    return (speed_t)-1;
}

/* Raw 8-bit mode (what cfmakeraw does), the coding asked for, and VMIN=1/VTIME=0 so that a
 * read of 0 means the terminal was hung up (ump__fd_read relies on that). */
static int apply(ump_port *p, int fd, const ump_coding *c)
{
    struct termios t;
    speed_t sp = speed_of(c->baud);
    char text[128];

    if (sp == (speed_t)-1)
        return ump__fail(p, UMP_ENOTSUP, "tty: %lu baud is not a termios rate (use serial:)",
                         (unsigned long)c->baud);
    if (c->flow == UMP_FLOW_DTRDSR)
        return ump__fail(p, UMP_ENOTSUP, "tty: termios has no DTR/DSR flow control");
#ifndef CMSPAR
    if (c->parity == UMP_PARITY_MARK || c->parity == UMP_PARITY_SPACE)
        return ump__fail(p, UMP_ENOTSUP, "tty: no mark/space parity on this OS");
#endif
    if (tcgetattr(fd, &t) != 0)
        return ump__fail(p, ump__os_io_error(errno), "tty: tcgetattr %s: %s", p->url.path,
                         ump__os_text(errno, text, sizeof text));
    t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON |
                             IXOFF | IXANY | INPCK);
    t.c_oflag &= ~(tcflag_t)OPOST;
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB);
#ifdef CMSPAR
    t.c_cflag &= ~(tcflag_t)CMSPAR;
#endif
#ifdef CRTSCTS
    t.c_cflag &= ~(tcflag_t)CRTSCTS;
#endif
    t.c_cflag |= CREAD | CLOCAL | HUPCL;
    switch (c->data_bits) {
    case 5: t.c_cflag |= CS5; break;
    case 6: t.c_cflag |= CS6; break;
    case 7: t.c_cflag |= CS7; break;
    default: t.c_cflag |= CS8; break;
    }
    if (c->stop_bits == 2) t.c_cflag |= CSTOPB;
    switch (c->parity) {
    case UMP_PARITY_NONE: break;
    case UMP_PARITY_ODD: t.c_cflag |= PARENB | PARODD; break;
    case UMP_PARITY_EVEN: t.c_cflag |= PARENB; break;
#ifdef CMSPAR
    case UMP_PARITY_MARK: t.c_cflag |= PARENB | PARODD | CMSPAR; break;
    case UMP_PARITY_SPACE: t.c_cflag |= PARENB | CMSPAR; break;
#endif
    default: break;
    }
    if (c->flow == UMP_FLOW_RTSCTS) {
#ifdef CRTSCTS
        t.c_cflag |= CRTSCTS;
#else
        return ump__fail(p, UMP_ENOTSUP, "tty: no RTS/CTS flow control on this OS");
#endif
    } else if (c->flow == UMP_FLOW_XONXOFF) {
        t.c_iflag |= IXON | IXOFF;
    }
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    cfsetispeed(&t, sp);
    cfsetospeed(&t, sp);
    if (tcsetattr(fd, TCSANOW, &t) != 0)
        return ump__fail(p, ump__os_io_error(errno) == UMP_EVANISHED ? UMP_EVANISHED : UMP_EINVAL,
                         "tty: tcsetattr %s: %s", p->url.path, ump__os_text(errno, text, sizeof text));
    return UMP_OK;
}

static int set_lines_fd(ump_port *p, int fd, unsigned mask, unsigned values)
{
    int on = 0, off = 0;
    char text[128];
    if (mask & UMP_DTR) *((values & UMP_DTR) ? &on : &off) |= TIOCM_DTR;
    if (mask & UMP_RTS) *((values & UMP_RTS) ? &on : &off) |= TIOCM_RTS;
    if ((on && ioctl(fd, TIOCMBIS, &on) != 0) || (off && ioctl(fd, TIOCMBIC, &off) != 0)) {
        if (errno == ENOTTY || errno == EINVAL)
            return ump__fail(p, UMP_ENOTSUP, "tty: %s has no modem-control lines (a pty?)",
                             p->url.path);
        return ump__fail(p, ump__os_io_error(errno), "tty: setting DTR/RTS on %s: %s",
                         p->url.path, ump__os_text(errno, text, sizeof text));
    }
    return UMP_OK;
}

static int tty_open(ump_port *p)
{
    tty *t;
    int fd, rc;
    char text[128];

    fd = open(p->url.path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return ump__fail(p, ump__os_open_error(errno), "tty: open %s: %s", p->url.path,
                         ump__os_text(errno, text, sizeof text));
    if (!isatty(fd)) {
        close(fd);
        return ump__fail(p, UMP_EINVAL, "tty: %s is not a terminal", p->url.path);
    }
    t = calloc(1, sizeof *t);
    if (!t) {
        close(fd);
        return ump__fail(p, UMP_ENOMEM, "tty: out of memory");
    }
    t->fd = fd;
    p->impl = t;
    p->rd_obj = fd;
    p->native = fd;
    rc = apply(p, fd, &p->coding);
    if (rc) {
        close(fd);
        free(t);
        p->impl = NULL;
        return rc;
    }
    /* V.250 6.2.9: the DCE acts on DTR; raise it (and RTS) as an opened port does. A pty
     * has no lines, which is fine here. */
    if (set_lines_fd(p, fd, UMP_DTR | UMP_RTS, UMP_DTR | UMP_RTS) == UMP_OK)
        p->out_lines = UMP_DTR | UMP_RTS;
    ump__fail(p, UMP_OK, "%s", "");
    return UMP_OK;
}

static void tty_close(ump_port *p)
{
    tty *t = p->impl;
    if (!t) return;
    close(t->fd);       /* HUPCL: the driver drops DTR */
    free(t);
    p->impl = NULL;
}

static int tty_read_some(ump_port *p, void *buf, size_t len, bool *lines_changed)
{
    (void)lines_changed;
    return ump__fd_read(p, fd_of(p), buf, len);
}

static int tty_write(ump_port *p, const void *buf, size_t len, int timeout_ms)
{
    return ump__fd_write(p, fd_of(p), buf, len, timeout_ms);
}

static int tty_set_coding(ump_port *p, const ump_coding *c) { return apply(p, fd_of(p), c); }

static int tty_set_lines(ump_port *p, unsigned mask, unsigned values)
{
    return set_lines_fd(p, fd_of(p), mask, values);
}

static int tty_get_lines(ump_port *p, unsigned *values, unsigned *known)
{
    int m = 0;
    char text[128];
    if (ioctl(fd_of(p), TIOCMGET, &m) != 0) {
        if (errno == ENOTTY || errno == EINVAL) return UMP_OK;   /* a pty: nothing known */
        return ump__fail(p, ump__os_io_error(errno), "tty: TIOCMGET %s: %s", p->url.path,
                         ump__os_text(errno, text, sizeof text));
    }
    *known = UMP_DTR | UMP_RTS | UMP_DCD | UMP_RI | UMP_CTS | UMP_DSR;
    *values = ((m & TIOCM_DTR) ? UMP_DTR : 0) | ((m & TIOCM_RTS) ? UMP_RTS : 0) |
              ((m & TIOCM_CAR) ? UMP_DCD : 0) | ((m & TIOCM_RNG) ? UMP_RI : 0) |
              ((m & TIOCM_CTS) ? UMP_CTS : 0) | ((m & TIOCM_DSR) ? UMP_DSR : 0);
    return UMP_OK;
}

#endif

const ump_backend ump__tty_backend = {
    "tty", tty_open, tty_close, tty_read_some, tty_write, tty_set_coding, tty_set_lines,
    tty_get_lines,
};
