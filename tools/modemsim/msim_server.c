/*
 * tools/modemsim/msim_server.c - the simulated modems on pseudo-terminals and TCP ports,
 * with the control socket and the poll() loop (msim_server.h says what and why).
 */
#define _GNU_SOURCE
#include "msim_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CTL_CLIENTS 8
#define CTL_LINE_MAX 1024
#define IO_CHUNK 4096

typedef struct {
    int master;                /* pty master, -1 = none */
    char slave[64];
    char link[PATH_MAX];
    int wd;                    /* inotify watch of the slave, -1 = none */
    bool pty_open, pty_b0;
    unsigned pty_baud;             /* the DTE's speed on the slave (0: not known) */
    int lfd, cfd;              /* TCP listener and client, -1 = none */
    int port;                  /* TCP port asked for: -1 none, 0 any */
    int bound_port;
    bool dtr;
} msim_port;

typedef struct {
    int in, out;               /* -1 = slot free */
    bool is_socket;
    char line[CTL_LINE_MAX + 1];
    size_t len;
    bool overflow;
    char *reply;               /* bytes still to send */
    size_t reply_len, reply_off;
} msim_ctl_client;

struct msim_server {
    msim *sim;
    int n;
    msim_port port[MSIM_MAX_MODEMS];
    char links_dir[PATH_MAX - 32];
    char control_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    char bind_addr[64];
    char cid_time[9];
    bool no_pty;
    int ino;
    int wake[2];
    int ctl_lfd;
    msim_ctl_client ctl[CTL_CLIENTS + 1];   /* the last slot is stdin/stdout */
    bool quit;
    pthread_t thread;
    bool started;
    int result;
    struct timespec t0;
    char reply[MSIM_REPLY_MAX];
};

static uint64_t now_ms(const msim_server *s)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)(t.tv_sec - s->t0.tv_sec) * 1000 + (uint64_t)((t.tv_nsec - s->t0.tv_nsec) / 1000000) + 1000;
}

static void close_fd(int *fd)
{
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* ---- hooks for the simulator ---------------------------------------------------------- */

static void hook_cid_clock(void *user, char when[9])
{
    msim_server *s = user;
    time_t t;
    struct tm tm;
    if (s->cid_time[0]) {
        memcpy(when, s->cid_time, 9);
        return;
    }
    t = time(NULL);
    if (localtime_r(&t, &tm)) strftime(when, 9, "%m%d%H%M", &tm);
}

static void port_close_pty(msim_server *s, msim_port *p)
{
    if (p->wd >= 0 && s->ino >= 0) inotify_rm_watch(s->ino, p->wd);
    p->wd = -1;
    close_fd(&p->master);
    if (p->link[0]) unlink(p->link);
    p->link[0] = '\0';
    p->slave[0] = '\0';
    p->pty_open = p->pty_b0 = false;
    p->pty_baud = 0;
}

/* A pty whose slave behaves like a raw serial port until the DTE changes it; packet mode
 * and EXTPROC make the slave's termios changes (B0) visible on the master. */
static int port_open_pty(msim_server *s, int m, char *err, size_t errlen)
{
    msim_port *p = &s->port[m];
    struct termios t;
    int one = 1;

    p->master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (p->master < 0 || grantpt(p->master) < 0 || unlockpt(p->master) < 0 ||
        ptsname_r(p->master, p->slave, sizeof p->slave) != 0 || ioctl(p->master, TIOCPKT, &one) < 0 ||
        tcgetattr(p->master, &t) < 0) {
        snprintf(err, errlen, "modem%d: pseudo-terminal: %s", m, strerror(errno));
        return -1;
    }
    cfmakeraw(&t);
    t.c_lflag |= EXTPROC;
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    if (tcsetattr(p->master, TCSANOW, &t) < 0) {
        snprintf(err, errlen, "modem%d: tcsetattr: %s", m, strerror(errno));
        return -1;
    }
    p->wd = inotify_add_watch(s->ino, p->slave, IN_OPEN);
    if (p->wd < 0) {
        snprintf(err, errlen, "modem%d: inotify on %s: %s", m, p->slave, strerror(errno));
        return -1;
    }
    if (s->links_dir[0]) {
        snprintf(p->link, sizeof p->link, "%s/modem%d", s->links_dir, m);
        unlink(p->link);
        if (symlink(p->slave, p->link) < 0) {
            snprintf(err, errlen, "modem%d: symlink %s: %s", m, p->link, strerror(errno));
            p->link[0] = '\0';
            return -1;
        }
    }
    return 0;
}

static int port_open_tcp(msim_server *s, int m, char *err, size_t errlen)
{
    msim_port *p = &s->port[m];
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int one = 1;

    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)(p->bound_port > 0 ? p->bound_port : p->port));
    if (inet_pton(AF_INET, s->bind_addr, &a.sin_addr) != 1) {
        snprintf(err, errlen, "bad bind address %s", s->bind_addr);
        return -1;
    }
    p->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (p->lfd < 0 || setsockopt(p->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(p->lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(p->lfd, 4) < 0 ||
        getsockname(p->lfd, (struct sockaddr *)&a, &alen) < 0) {
        snprintf(err, errlen, "modem%d: TCP port %d: %s", m, p->port, strerror(errno));
        close_fd(&p->lfd);
        return -1;
    }
    p->bound_port = ntohs(a.sin_port);
    return 0;
}

static void update_dtr(msim_server *s, int m, uint64_t now)
{
    msim_port *p = &s->port[m];
    bool dtr = p->cfd >= 0 || (p->pty_open && !p->pty_b0);
    if (dtr == p->dtr) return;
    p->dtr = dtr;
    msim_dte_dtr(s->sim, m, dtr, now);
}

static int hook_vanish(void *user, int m)
{
    msim_server *s = user;
    msim_port *p = &s->port[m];
    port_close_pty(s, p);
    close_fd(&p->cfd);
    close_fd(&p->lfd);
    p->dtr = false;
    return 0;
}

static int hook_revive(void *user, int m)
{
    msim_server *s = user;
    msim_port *p = &s->port[m];
    char err[256];
    if (!s->no_pty && port_open_pty(s, m, err, sizeof err) < 0) {
        port_close_pty(s, p);
        return -EIO;
    }
    if (p->port >= 0 && port_open_tcp(s, m, err, sizeof err) < 0) {
        port_close_pty(s, p);
        return -EIO;
    }
    return 0;
}

static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (*used + 1 >= len) return;
    va_start(ap, fmt);
    n = vsnprintf(buf + *used, len - *used, fmt, ap);
    va_end(ap);
    if (n > 0) *used += (size_t)n < len - *used ? (size_t)n : len - *used - 1;
}

size_t msim_server_describe(const msim_server *s, int m, char *buf, size_t len)
{
    const msim_port *p = &s->port[m];
    size_t used = 0;

    if (!len) return 0;
    buf[0] = '\0';
    if (p->master >= 0) append(buf, len, &used, " pty=%s", p->slave);
    if (p->master >= 0 && p->link[0]) append(buf, len, &used, " link=%s", p->link);
    if (p->lfd >= 0) append(buf, len, &used, " tcp=%s:%d", s->bind_addr, p->bound_port);
    append(buf, len, &used, " dte=%s", p->cfd >= 0 ? "tcp" : p->pty_open ? "pty" : "none");
    if (p->cfd < 0 && p->pty_open && p->pty_baud) append(buf, len, &used, " baud=%u", p->pty_baud);
    return used;
}

static size_t hook_describe(void *user, int m, char *buf, size_t len)
{
    return msim_server_describe(user, m, buf, len);
}

static void hook_quit(void *user) { ((msim_server *)user)->quit = true; }

/* ---- setup and teardown --------------------------------------------------------------- */

static int control_listen(msim_server *s, char *err, size_t errlen)
{
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    memcpy(a.sun_path, s->control_path, sizeof a.sun_path);
    unlink(s->control_path);
    s->ctl_lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s->ctl_lfd < 0 || bind(s->ctl_lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(s->ctl_lfd, 4) < 0) {
        snprintf(err, errlen, "control socket %s: %s", s->control_path, strerror(errno));
        close_fd(&s->ctl_lfd);
        return -1;
    }
    return 0;
}

msim_server *msim_server_new(const msim_server_cfg *cfg, char *err, size_t errlen)
{
    msim_server *s = calloc(1, sizeof *s);
    msim_cfg mc;
    int i;

    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->ino = s->wake[0] = s->wake[1] = s->ctl_lfd = -1;
    for (i = 0; i <= CTL_CLIENTS; i++) s->ctl[i].in = s->ctl[i].out = -1;
    for (i = 0; i < MSIM_MAX_MODEMS; i++) {
        s->port[i].master = s->port[i].wd = s->port[i].lfd = s->port[i].cfd = s->port[i].port = -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &s->t0);
    if ((cfg->links_dir && strlen(cfg->links_dir) + 16 >= sizeof s->links_dir) ||
        (cfg->control_path && strlen(cfg->control_path) >= sizeof s->control_path) ||
        (cfg->bind_addr && strlen(cfg->bind_addr) >= sizeof s->bind_addr) ||
        (cfg->cid_time && (strlen(cfg->cid_time) != 8 || strspn(cfg->cid_time, "0123456789") != 8))) {
        snprintf(err, errlen, "a path is too long, or the caller ID time is not MMDDHHMM");
        free(s);
        return NULL;
    }
    snprintf(s->links_dir, sizeof s->links_dir, "%s", cfg->links_dir ? cfg->links_dir : "");
    snprintf(s->control_path, sizeof s->control_path, "%s", cfg->control_path ? cfg->control_path : "");
    snprintf(s->bind_addr, sizeof s->bind_addr, "%s", cfg->bind_addr ? cfg->bind_addr : "127.0.0.1");
    snprintf(s->cid_time, sizeof s->cid_time, "%s", cfg->cid_time ? cfg->cid_time : "");
    s->no_pty = cfg->no_pty;

    memset(&mc, 0, sizeof mc);
    mc.n_modems = cfg->n_modems;
    mc.modems = cfg->modems;
    mc.ring_period_ms = cfg->ring_period_ms;
    mc.cid_delay_ms = cfg->cid_delay_ms;
    mc.hooks.user = s;
    mc.hooks.cid_clock = hook_cid_clock;
    mc.hooks.port_vanish = hook_vanish;
    mc.hooks.port_revive = hook_revive;
    mc.hooks.port_describe = hook_describe;
    mc.hooks.quit = hook_quit;
    s->sim = msim_new(&mc, err, errlen);
    if (!s->sim) goto fail;
    s->n = cfg->n_modems;
    if (pipe2(s->wake, O_NONBLOCK | O_CLOEXEC) < 0 || (s->ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
        snprintf(err, errlen, "pipe/inotify: %s", strerror(errno));
        goto fail;
    }
    for (i = 0; i < s->n; i++) {
        s->port[i].port = cfg->tcp_ports ? cfg->tcp_ports[i] : -1;
        if (!s->no_pty && port_open_pty(s, i, err, errlen) < 0) goto fail;
        if (s->port[i].port >= 0 && port_open_tcp(s, i, err, errlen) < 0) goto fail;
    }
    if (s->control_path[0] && control_listen(s, err, errlen) < 0) goto fail;
    if (cfg->control_stdin) {
        s->ctl[CTL_CLIENTS].in = 0;
        s->ctl[CTL_CLIENTS].out = 1;
    }
    return s;
fail:
    msim_server_free(s);
    return NULL;
}

static void ctl_drop(msim_ctl_client *c)
{
    if (c->is_socket) close_fd(&c->in);
    c->in = c->out = -1;
    free(c->reply);
    c->reply = NULL;
    c->reply_len = c->reply_off = c->len = 0;
    c->overflow = false;
}

void msim_server_free(msim_server *s)
{
    int i;
    if (!s) return;
    for (i = 0; i < MSIM_MAX_MODEMS; i++) {
        port_close_pty(s, &s->port[i]);
        close_fd(&s->port[i].cfd);
        close_fd(&s->port[i].lfd);
    }
    for (i = 0; i <= CTL_CLIENTS; i++) ctl_drop(&s->ctl[i]);
    if (s->ctl_lfd >= 0) {
        close_fd(&s->ctl_lfd);
        unlink(s->control_path);
    }
    close_fd(&s->ino);
    close_fd(&s->wake[0]);
    close_fd(&s->wake[1]);
    msim_free(s->sim);
    free(s);
}

int msim_server_control(msim_server *s, const char *line, char *reply, size_t len)
{
    return msim_control(s->sim, line, now_ms(s), reply, len);
}

const char *msim_server_pty(const msim_server *s, int m)
{
    return (m >= 0 && m < s->n && s->port[m].master >= 0) ? s->port[m].slave : NULL;
}

int msim_server_tcp_port(const msim_server *s, int m)
{
    return (m >= 0 && m < s->n && s->port[m].lfd >= 0) ? s->port[m].bound_port : -1;
}

/* ---- the loop ---------------------------------------------------------------------------- */

static void inotify_events(msim_server *s, uint64_t now)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n;
    int i;

    while ((n = read(s->ino, buf, sizeof buf)) > 0) {
        const char *q = buf;
        while (q + sizeof(struct inotify_event) <= buf + n) {
            const struct inotify_event *ev = (const struct inotify_event *)q;
            for (i = 0; i < s->n; i++) {
                if (s->port[i].wd != ev->wd || !(ev->mask & IN_OPEN)) continue;
                s->port[i].pty_open = true;
                update_dtr(s, i, now);
            }
            q += sizeof *ev + ev->len;
        }
    }
}

/* A termios speed in bit/s (0: one this table does not know). */
static unsigned baud_of(speed_t v)
{
    static const struct { speed_t v; unsigned bps; } t[] = {
        { B300, 300 }, { B1200, 1200 }, { B2400, 2400 }, { B4800, 4800 }, { B9600, 9600 },
        { B19200, 19200 }, { B38400, 38400 }, { B57600, 57600 }, { B115200, 115200 },
        { B230400, 230400 }, { B460800, 460800 }, { B921600, 921600 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].v == v) return t[i].bps;
    return 0;
}

/* The DTE changed the slave's termios: speed B0 is DTR off. EXTPROC is put back if the
 * DTE cleared it, so the next change is reported too. */
static void pty_termios_changed(msim_server *s, int m, uint64_t now)
{
    msim_port *p = &s->port[m];
    struct termios t;
    if (tcgetattr(p->master, &t) < 0) return;
    p->pty_b0 = cfgetospeed(&t) == B0;
    if (!p->pty_b0) p->pty_baud = baud_of(cfgetospeed(&t));
    if (!(t.c_lflag & EXTPROC)) {
        t.c_lflag |= EXTPROC;
        tcsetattr(p->master, TCSANOW, &t);
    }
    update_dtr(s, m, now);
}

static void pty_hangup(msim_server *s, int m, uint64_t now)
{
    s->port[m].pty_open = false;
    s->port[m].pty_b0 = false;
    update_dtr(s, m, now);
}

static void pty_read(msim_server *s, int m, uint64_t now)
{
    msim_port *p = &s->port[m];
    uint8_t buf[IO_CHUNK + 1];
    size_t room = msim_dte_room(s->sim, m);
    ssize_t n;

    if (room > IO_CHUNK) room = IO_CHUNK;
    if (p->cfd >= 0) room = 0;   /* a TCP client is the DTE now: leave the pty's bytes waiting */
    n = read(p->master, buf, room + 1);
    if (n < 0) {
        if (errno == EIO) pty_hangup(s, m, now);
        return;
    }
    if (n == 0) return;
    p->pty_open = true;
    if (buf[0] != TIOCPKT_DATA) {
        if (buf[0] & TIOCPKT_IOCTL) pty_termios_changed(s, m, now);
        return;
    }
    update_dtr(s, m, now);
    if (n > 1) msim_dte_input(s->sim, m, buf + 1, (size_t)n - 1, now);
}

static void tcp_accept(msim_server *s, int m, uint64_t now)
{
    msim_port *p = &s->port[m];
    int one = 1, fd = accept4(p->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    if (p->cfd >= 0) {   /* one DTE at a time, as a serial port */
        close(fd);
        return;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    p->cfd = fd;
    update_dtr(s, m, now);
}

static void tcp_read(msim_server *s, int m, uint64_t now)
{
    msim_port *p = &s->port[m];
    uint8_t buf[IO_CHUNK];
    size_t room = msim_dte_room(s->sim, m);
    ssize_t n;

    if (room > sizeof buf) room = sizeof buf;
    if (!room) return;
    n = recv(p->cfd, buf, room, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) {
        close_fd(&p->cfd);
        update_dtr(s, m, now);
        return;
    }
    msim_dte_input(s->sim, m, buf, (size_t)n, now);
}

/* Sends what modem m has for its DTE; with no DTE attached it is lost, as on a serial
 * port nobody has open. */
static void port_flush(msim_server *s, int m, uint64_t now)
{
    msim_port *p = &s->port[m];
    const uint8_t *b;
    size_t n;
    ssize_t w;

    while ((n = msim_dte_output(s->sim, m, now, &b)) > 0) {
        if (p->cfd >= 0) {
            w = send(p->cfd, b, n, MSG_NOSIGNAL);
            if (w < 0 && errno != EAGAIN && errno != EINTR) {
                close_fd(&p->cfd);
                update_dtr(s, m, now);
                continue;
            }
        } else if (p->pty_open && p->master >= 0) {
            w = write(p->master, b, n);
            if (w < 0 && errno == EIO) {
                pty_hangup(s, m, now);
                continue;
            }
        } else {
            w = (ssize_t)n;
        }
        if (w <= 0) return;
        msim_dte_consumed(s->sim, m, (size_t)w);
    }
}

static bool port_wants_out(msim_server *s, int m, uint64_t now)
{
    const uint8_t *b;
    return msim_dte_output(s->sim, m, now, &b) > 0;
}

static void ctl_reply(msim_ctl_client *c, const char *text)
{
    size_t n = strlen(text);
    char *r;
    if (c->reply_off == c->reply_len) {
        free(c->reply);
        c->reply = NULL;
        c->reply_len = c->reply_off = 0;
    }
    r = realloc(c->reply, c->reply_len + n);
    if (!r) return;
    memcpy(r + c->reply_len, text, n);
    c->reply = r;
    c->reply_len += n;
}

static void ctl_flush(msim_ctl_client *c)
{
    while (c->reply_off < c->reply_len) {
        ssize_t w = c->is_socket ? send(c->out, c->reply + c->reply_off, c->reply_len - c->reply_off, MSG_NOSIGNAL)
                                 : write(c->out, c->reply + c->reply_off, c->reply_len - c->reply_off);
        if (w < 0 && (errno == EAGAIN || errno == EINTR)) return;
        if (w <= 0) {
            ctl_drop(c);
            return;
        }
        c->reply_off += (size_t)w;
    }
}

/* Control input: complete lines become commands; a line longer than CTL_LINE_MAX is
 * answered with an error and skipped, so a client cannot make the server grow. */
static void ctl_read(msim_server *s, msim_ctl_client *c, uint64_t now)
{
    char buf[512];
    ssize_t n = read(c->in, buf, sizeof buf);
    ssize_t i;

    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) {
        if (!c->is_socket) s->quit = true;   /* stdin closed */
        ctl_drop(c);
        return;
    }
    for (i = 0; i < n; i++) {
        if (buf[i] != '\n') {
            if (c->len < CTL_LINE_MAX) {
                c->line[c->len++] = buf[i];
            } else {
                c->overflow = true;
            }
            continue;
        }
        c->line[c->len] = '\0';
        if (c->overflow) {
            ctl_reply(c, "ERR line too long\n");
        } else if (c->len && !(c->len == 1 && c->line[0] == '\r')) {
            msim_control(s->sim, c->line, now, s->reply, sizeof s->reply);
            ctl_reply(c, s->reply);
        }
        c->len = 0;
        c->overflow = false;
    }
}

static void ctl_accept(msim_server *s)
{
    int i, fd = accept4(s->ctl_lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    for (i = 0; i < CTL_CLIENTS; i++) {
        if (s->ctl[i].in >= 0) continue;
        s->ctl[i].in = s->ctl[i].out = fd;
        s->ctl[i].is_socket = true;
        return;
    }
    close(fd);
}

enum { PF_WAKE, PF_INO, PF_CTL_LISTEN, PF_CTL, PF_MASTER, PF_LISTEN, PF_CLIENT };

int msim_server_run(msim_server *s)
{
    struct pollfd *pfd;
    int *kind, *who;
    size_t cap = 4 + CTL_CLIENTS + 1 + 3 * (size_t)s->n;

    pfd = calloc(cap, sizeof *pfd);
    kind = calloc(cap, sizeof *kind);
    who = calloc(cap, sizeof *who);
    if (!pfd || !kind || !who) {
        free(pfd);
        free(kind);
        free(who);
        return -ENOMEM;
    }
    while (!s->quit) {
        uint64_t now = now_ms(s), dl;
        size_t np = 0, i;
        int m, timeout;

#define ADD(fd_, ev_, k_, w_) \
    do { pfd[np].fd = (fd_); pfd[np].events = (short)(ev_); pfd[np].revents = 0; kind[np] = (k_); who[np] = (w_); np++; } while (0)
        ADD(s->wake[0], POLLIN, PF_WAKE, 0);
        ADD(s->ino, POLLIN, PF_INO, 0);
        if (s->ctl_lfd >= 0) ADD(s->ctl_lfd, POLLIN, PF_CTL_LISTEN, 0);
        for (m = 0; m <= CTL_CLIENTS; m++) {
            msim_ctl_client *c = &s->ctl[m];
            if (c->in < 0) continue;
            if (c->reply_off < c->reply_len) {
                ADD(c->out, POLLOUT, PF_CTL, m);   /* replies first: the client reads them */
            } else {
                ADD(c->in, POLLIN, PF_CTL, m);
            }
        }
        for (m = 0; m < s->n; m++) {
            msim_port *p = &s->port[m];
            bool out = port_wants_out(s, m, now);
            bool room = msim_dte_room(s->sim, m) > 0;
            if (p->master >= 0 && p->pty_open)
                ADD(p->master, POLLPRI | (room && p->cfd < 0 ? POLLIN : 0) | (out && p->cfd < 0 ? POLLOUT : 0),
                    PF_MASTER, m);
            if (p->lfd >= 0) ADD(p->lfd, POLLIN, PF_LISTEN, m);
            if (p->cfd >= 0) ADD(p->cfd, (room ? POLLIN : 0) | (out ? POLLOUT : 0), PF_CLIENT, m);
        }
#undef ADD
        dl = msim_next_deadline(s->sim);
        timeout = dl == UINT64_MAX ? -1 : dl <= now ? 0 : dl - now > 60000 ? 60000 : (int)(dl - now);
        if (poll(pfd, np, timeout) < 0 && errno != EINTR) {
            s->result = -errno;
            break;
        }
        now = now_ms(s);
        for (i = 0; i < np; i++) {
            short re = pfd[i].revents;
            int w = who[i];
            if (!re) continue;
            switch (kind[i]) {
            case PF_WAKE:
                s->quit = true;
                break;
            case PF_INO:
                inotify_events(s, now);
                break;
            case PF_CTL_LISTEN:
                ctl_accept(s);
                break;
            case PF_CTL:
                if (re & POLLOUT) {
                    ctl_flush(&s->ctl[w]);
                } else if (re & (POLLIN | POLLHUP | POLLERR)) {
                    ctl_read(s, &s->ctl[w], now);
                }
                break;
            case PF_MASTER:
                if (s->port[w].master < 0) break;   /* vanished by a control command */
                if (re & (POLLIN | POLLPRI)) {
                    pty_read(s, w, now);
                } else if (re & (POLLHUP | POLLERR)) {
                    pty_hangup(s, w, now);   /* the DTE closed the slave */
                }
                break;
            case PF_LISTEN:
                if (s->port[w].lfd >= 0) tcp_accept(s, w, now);
                break;
            case PF_CLIENT:
                if (s->port[w].cfd >= 0 && (re & (POLLIN | POLLHUP | POLLERR))) tcp_read(s, w, now);
                break;
            }
        }
        msim_tick(s->sim, now);
        for (m = 0; m < s->n; m++) port_flush(s, m, now);
        for (m = 0; m <= CTL_CLIENTS; m++)
            if (s->ctl[m].in >= 0) ctl_flush(&s->ctl[m]);
    }
    free(pfd);
    free(kind);
    free(who);
    return s->result;
}

static void *server_thread(void *arg)
{
    msim_server *s = arg;
    s->result = msim_server_run(s);
    return NULL;
}

int msim_server_start(msim_server *s)
{
    int e = pthread_create(&s->thread, NULL, server_thread, s);
    if (e) return -e;
    s->started = true;
    return 0;
}

void msim_server_stop(msim_server *s)
{
    char b = 1;
    ssize_t r = write(s->wake[1], &b, 1);
    (void)r;
}

int msim_server_join(msim_server *s)
{
    if (!s->started) return 0;
    pthread_join(s->thread, NULL);
    s->started = false;
    return s->result;
}
