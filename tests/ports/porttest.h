/*
 * tests/ports/porttest.h - helpers for the tsp-unimodem port tests (tests/unit/
 * test_unimodem_port_*.c): pseudo-terminals, loopback listeners, bounded waits, running
 * under umockdev, and a ser2net started on a free port. Test code only (POSIX).
 *
 * Waits are bounded and fail clearly; nothing asserts on how long something took.
 */
#ifndef PORTTEST_H
#define PORTTEST_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* Upper bound of every wait that should end much sooner (the sandbox clock runs slow). */
#define PT_WAIT_MS 20000

/* A pseudo-terminal: master kept by the test, slave's path for the port under test. */
typedef struct pt_pty {
    int master;
    char name[64];
} pt_pty;

static inline int pt_pty_open(pt_pty *p)
{
    int slave;
    if (openpty(&p->master, &slave, p->name, NULL, NULL) != 0) return -1;
    /* The port under test opens the slave by name; the test needs no fd of its own. */
    close(slave);
    return 0;
}

/* Reads exactly n bytes from fd within PT_WAIT_MS; returns how many arrived. */
static inline size_t pt_read_exact(int fd, void *buf, size_t n)
{
    size_t got = 0;
    int waited = 0;
    while (got < n && waited < PT_WAIT_MS) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        ssize_t r;
        if (poll(&pfd, 1, 100) <= 0) {
            waited += 100;
            continue;
        }
        r = read(fd, (char *)buf + got, n - got);
        if (r <= 0) {
            if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            break;
        }
        got += (size_t)r;
    }
    return got;
}

static inline void pt_write_all(int fd, const void *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = write(fd, (const char *)buf + done, n - done);
        if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (r <= 0) break;
        done += (size_t)r;
    }
}

/* Nothing arrives on fd for ms milliseconds. */
static inline bool pt_quiet(int fd, int ms)
{
    struct pollfd pfd = { fd, POLLIN, 0 };
    return poll(&pfd, 1, ms) == 0;
}

/* fd reads end-of-file within PT_WAIT_MS (data before it is skipped). */
static inline bool pt_reads_eof(int fd)
{
    int waited = 0;
    while (waited < PT_WAIT_MS) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        char b[256];
        ssize_t r;
        if (poll(&pfd, 1, 100) <= 0) {
            waited += 100;
            continue;
        }
        r = read(fd, b, sizeof b);
        if (r == 0) return true;
        if (r < 0 && errno != EAGAIN && errno != EINTR) return false;
    }
    return false;
}

/* A TCP listener on 127.0.0.1, any free port. */
static inline int pt_listen(uint16_t *port)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int one = 1, s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 4) != 0 ||
        getsockname(s, (struct sockaddr *)&a, &len) != 0) {
        close(s);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return s;
}

/* A free TCP port on 127.0.0.1 (for servers the test starts). */
static inline uint16_t pt_free_port(void)
{
    uint16_t port = 0;
    int s = pt_listen(&port);
    if (s >= 0) close(s);
    return port;
}

/* Waits up to PT_WAIT_MS for a connection on listener s. */
static inline int pt_accept(int s)
{
    struct pollfd pfd = { s, POLLIN, 0 };
    if (poll(&pfd, 1, PT_WAIT_MS) <= 0) return -1;
    return accept(s, NULL, NULL);
}

/* Polls until cond(arg) holds, up to PT_WAIT_MS. */
static inline bool pt_wait_for(bool (*cond)(void *), void *arg)
{
    int waited;
    for (waited = 0; waited < PT_WAIT_MS; waited += 10) {
        if (cond(arg)) return true;
        usleep(10000);
    }
    return cond(arg);
}

/* ---- umockdev --------------------------------------------------------------------------- */

/* Re-executes this test program under libumockdev-preload (what umockdev-wrapper does), once.
 * An ASan build needs its runtime first in the preload list, so it goes in front. Returns
 * only when already running under the preload (or when exec failed: then false). */
static inline bool pt_run_under_umockdev(char **argv)
{
    const char *pre = getenv("LD_PRELOAD");
    char list[1024], self[512];
    ssize_t n;
    if (pre && strstr(pre, "libumockdev-preload")) return true;
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return false;
    self[n] = '\0';
    list[0] = '\0';
    {
        /* Our own ASan runtime, if this build has one (gcc links it as a shared object). */
        FILE *maps = fopen("/proc/self/maps", "r");
        char line[768];
        while (maps && fgets(line, sizeof line, maps)) {
            char *path = strchr(line, '/');
            if (path && strstr(path, "libasan.so")) {
                path[strcspn(path, "\n")] = '\0';
                snprintf(list, sizeof list, "%s ", path);
                break;
            }
        }
        if (maps) fclose(maps);
    }
    strncat(list, "libumockdev-preload.so.0", sizeof list - strlen(list) - 1);
    if (pre && *pre) {
        strncat(list, " ", sizeof list - strlen(list) - 1);
        strncat(list, pre, sizeof list - strlen(list) - 1);
    }
    setenv("LD_PRELOAD", list, 1);
    execv(self, argv);
    fprintf(stderr, "cannot re-execute %s under umockdev: %s\n", self, strerror(errno));
    return false;
}

/* ---- ser2net -------------------------------------------------------------------------------- */

typedef struct pt_ser2net {
    pid_t pid;
    uint16_t port;
    char config[128];
    char log[128];
} pt_ser2net;

/* Starts ser2net (Debian's, from PATH) serving `device` as Telnet + RFC 2217 on a free
 * 127.0.0.1 port, with a generated YAML config; waits until it accepts connections. With
 * in_testbed it runs under our umockdev testbed (to see emulated devices); otherwise
 * outside it: umockdev's default ioctl handler would fail the TCGETS2 it does on a plain pty.
 * Returns 0 or -1. */
static inline int pt_ser2net_start(pt_ser2net *s, const char *device, bool in_testbed)
{
    FILE *f;
    int waited;
    s->port = pt_free_port();
    snprintf(s->config, sizeof s->config, "/tmp/tspkit-ser2net-%d-%u.yaml", (int)getpid(), s->port);
    snprintf(s->log, sizeof s->log, "/tmp/tspkit-ser2net-%d-%u.log", (int)getpid(), s->port);
    f = fopen(s->config, "w");
    if (!f) return -1;
    /* "local": ignore DCD (a modem's DCD is down until it connects); 9600n81 is the
     * starting coding the client then changes. */
    fprintf(f, "connection: &modem\n"
               "  accepter: telnet(rfc2217),tcp,127.0.0.1,%u\n"
               "  connector: serialdev,%s,9600n81,local\n"
               "  options:\n"
               "    kickolduser: true\n", s->port, device);
    fclose(f);
    s->pid = fork();
    if (s->pid < 0) return -1;
    if (s->pid == 0) {
        int fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const char *pre = getenv("LD_PRELOAD");
        /* ser2net is no ASan build: keep only the umockdev part of our preload list. */
        if (in_testbed && pre && strstr(pre, "libumockdev-preload")) {
            setenv("LD_PRELOAD", "libumockdev-preload.so.0", 1);
        } else {
            unsetenv("LD_PRELOAD");
            unsetenv("UMOCKDEV_DIR");
        }
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execlp("ser2net", "ser2net", "-n", "-d", "-u", "-c", s->config, (char *)NULL);
        _exit(127);
    }
    for (waited = 0; waited < PT_WAIT_MS; waited += 20) {
        struct sockaddr_in a;
        int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), st;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(s->port);
        if (c >= 0 && connect(c, (struct sockaddr *)&a, sizeof a) == 0) {
            close(c);
            return 0;
        }
        if (c >= 0) close(c);
        if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
            fprintf(stderr, "ser2net exited (status %d); see %s\n", st, s->log);
            s->pid = -1;
            return -1;
        }
        usleep(20000);
    }
    return -1;
}

static inline void pt_ser2net_stop(pt_ser2net *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
    }
    s->pid = -1;
    unlink(s->config);
    unlink(s->log);
}


/* ---- a reader blocked in ump_read (when port.h and tspkit/thread.h are included) ----------- */
#if defined(UMP_PORT_H) && defined(TSPKIT_THREAD_H)
#include <stdatomic.h>

#define PT_STILL_BLOCKED 999999   /* what pt_read_during returns when the read never ended */

typedef struct pt_reader {
    tspk_thread t;
    ump_port *port;
    atomic_int done;
    int rc;
    char buf[64];
} pt_reader;

static void pt__read_forever(void *arg)
{
    pt_reader *r = arg;
    r->rc = ump_read(r->port, r->buf, sizeof r->buf, -1);
    atomic_store(&r->done, 1);
}

static bool pt__reader_done(void *arg) { return atomic_load(&((pt_reader *)arg)->done) != 0; }

/* Starts a thread blocked in ump_read(port, ..., -1), runs act(arg), and returns what the read
 * returned; if it is still blocked after PT_WAIT_MS, wakes it and returns PT_STILL_BLOCKED. */
static inline int pt_read_during(ump_port *port, void (*act)(void *), void *arg)
{
    pt_reader r;
    memset(&r, 0, sizeof r);
    r.port = port;
    atomic_init(&r.done, 0);
    if (tspk_thread_create(&r.t, pt__read_forever, &r) != 0) return -12345;
    /* Let the reader get into its wait first, so that is the path tested (the result must
     * be the same if it has not). */
    usleep(50000);
    act(arg);
    if (!pt_wait_for(pt__reader_done, &r)) {
        ump_wake(port);
        tspk_thread_join(&r.t);
        fprintf(stderr, "the reader was still blocked after %d ms\n", PT_WAIT_MS);
        return PT_STILL_BLOCKED;
    }
    tspk_thread_join(&r.t);
    return r.rc;
}
#endif

#endif /* PORTTEST_H */
