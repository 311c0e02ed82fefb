/*
 * tests/unit/test_modemsim_pty.c - the modem simulator end to end: the server
 * (tools/modemsim/msim_server.h) on its own thread with real pseudo-terminals, a TCP
 * port and the control socket, driven as a DTE drives a modem (open the slave, raw
 * mode, write AT commands, read the answers); then the modemsim program itself
 * (build/asan/modemsim, or $TSPKIT_MODEMSIM) as a child process.
 *
 * Every wait is bounded (WAIT_MS) and fails with what was read so far. The only sleeps
 * are the quiet times the +++ escape and a DTR drop need, as a DTE would make them.
 */
#define _GNU_SOURCE
#include "msim_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#define WAIT_MS 10000
#define NMODEMS 3

static msim_server *srv;
static char dir[64];
static char path[NMODEMS][PATH_MAX];

/* What has been read from each descriptor and not yet matched. */
typedef struct {
    int fd;
    char name[16];
    char buf[1 << 16];
    size_t len;
} dte;

static dte dtes[8];

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) < 0 && errno == EINTR) {}
}

static long long mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void show(const char *who, const char *dir_, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    size_t i;
    printf("  %s %s ", who, dir_);
    for (i = 0; i < n && i < 200; i++) {
        if (p[i] == '\r') printf("\\r");
        else if (p[i] == '\n') printf("\\n");
        else if (p[i] >= 0x20 && p[i] < 0x7f) putchar(p[i]);
        else printf("\\x%02x", p[i]);
    }
    printf("%s\n", i < n ? "..." : "");
}

static void raw_mode(int fd, speed_t speed)
{
    struct termios t;
    assert_int_equal(tcgetattr(fd, &t), 0);
    cfmakeraw(&t);
    cfsetispeed(&t, speed);
    cfsetospeed(&t, speed);
    assert_int_equal(tcsetattr(fd, TCSANOW, &t), 0);
}

static dte *attach(int slot, int fd, const char *name)
{
    dte *d = &dtes[slot];
    d->fd = fd;
    d->len = 0;
    snprintf(d->name, sizeof d->name, "%s", name);
    return d;
}

/* Opens modem m's pseudo-terminal through its link, as a DTE opens a serial port. */
static dte *open_modem(int m)
{
    char name[16];
    int fd = open(path[m], O_RDWR | O_NOCTTY);
    if (fd < 0) fail_msg("open %s: %s", path[m], strerror(errno));
    raw_mode(fd, B115200);
    snprintf(name, sizeof name, "modem%d", m);
    return attach(m, fd, name);
}

static void say_n(dte *d, const void *s, size_t n)
{
    const char *p = s;
    show(d->name, "<-", s, n);
    while (n) {
        ssize_t w = write(d->fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) fail_msg("write to %s: %s", d->name, strerror(errno));
        p += w;
        n -= (size_t)w;
    }
}

static void say(dte *d, const char *s) { say_n(d, s, strlen(s)); }

/* Reads until `want` has arrived; what came before it and the match are consumed.
 * Returns 0, or -1 at EOF/EIO (the port went away) when eof_ok. */
static int wait_for_ex(dte *d, const char *want, size_t wlen, bool eof_ok)
{
    long long end = mono_ms() + WAIT_MS;
    for (;;) {
        char *hit = memmem(d->buf, d->len, want, wlen);
        struct pollfd p = {d->fd, POLLIN, 0};
        ssize_t n;
        if (hit) {
            size_t used = (size_t)(hit - d->buf) + wlen;
            show(d->name, "->", d->buf, used);
            memmove(d->buf, d->buf + used, d->len - used);
            d->len -= used;
            return 0;
        }
        if (mono_ms() > end) {
            show(d->name, "-> (so far)", d->buf, d->len);
            fail_msg("%s: no \"%s\" within %d ms", d->name, want, WAIT_MS);
        }
        if (poll(&p, 1, 100) <= 0) continue;
        n = read(d->fd, d->buf + d->len, sizeof d->buf - d->len);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            if (eof_ok) return -1;
            fail_msg("%s: read: %s", d->name, n ? strerror(errno) : "end of file");
        }
        d->len += (size_t)n;
        if (d->len == sizeof d->buf) {   /* keep the tail: a match may straddle */
            memmove(d->buf, d->buf + d->len / 2, d->len - d->len / 2);
            d->len -= d->len / 2;
        }
    }
}

static void wait_for(dte *d, const char *want) { wait_for_ex(d, want, strlen(want), false); }

static void close_dte(dte *d)
{
    if (d->fd >= 0) close(d->fd);
    d->fd = -1;
}

/* One control command over the Unix socket; the reply (ending in OK or ERR) in reply. */
static int control(const char *sock, const char *cmd, char *reply, size_t len)
{
    struct sockaddr_un a;
    size_t got = 0;
    long long end = mono_ms() + WAIT_MS;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    if (strlen(sock) >= sizeof a.sun_path) fail_msg("socket path too long");
    memcpy(a.sun_path, sock, strlen(sock) + 1);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) fail_msg("control %s: %s", sock, strerror(errno));
    assert_true(write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd));
    assert_int_equal(write(fd, "\n", 1), 1);
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        ssize_t n;
        reply[got] = '\0';
        if ((got >= 3 && !strcmp(reply + got - 3, "OK\n")) || (!strncmp(reply, "ERR", 3) && strchr(reply, '\n')))
            break;
        if (mono_ms() > end) fail_msg("control: no reply to \"%s\"", cmd);
        if (poll(&p, 1, 100) <= 0) continue;
        n = read(fd, reply + got, len - 1 - got);
        if (n <= 0) fail_msg("control: connection closed");
        got += (size_t)n;
    }
    close(fd);
    printf("  control: %s -> %s", cmd, reply);
    return strncmp(reply, "ERR", 3) ? 0 : -1;
}

static char reply[MSIM_REPLY_MAX];

static int ctl(const char *fmt, ...)
{
    char cmd[512], sock[PATH_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    snprintf(sock, sizeof sock, "%s/control", dir);
    return control(sock, cmd, reply, sizeof reply);
}

static int setup(void **state)
{
    static msim_modem_cfg m[NMODEMS];
    static const int tcp[NMODEMS] = {-1, -1, 0};
    msim_server_cfg cfg;
    char err[300], sock[PATH_MAX];
    int i;
    (void)state;
    memset(m, 0, sizeof m);
    for (i = 0; i < NMODEMS; i++) snprintf(m[i].number, sizeof m[i].number, "%d", 101 + i);
    strcpy(m[0].name, "ALICE");
    strcpy(dir, "/tmp/modemsim-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(sock, sizeof sock, "%s/control", dir);
    memset(&cfg, 0, sizeof cfg);
    cfg.n_modems = NMODEMS;
    cfg.modems = m;
    cfg.tcp_ports = tcp;
    cfg.links_dir = dir;
    cfg.control_path = sock;
    cfg.ring_period_ms = 600;
    cfg.cid_delay_ms = 300;
    cfg.cid_time = "03211405";
    srv = msim_server_new(&cfg, err, sizeof err);
    if (!srv) fail_msg("msim_server_new: %s", err);
    for (i = 0; i < NMODEMS; i++) snprintf(path[i], sizeof path[i], "%s/modem%d", dir, i);
    for (i = 0; i < 8; i++) dtes[i].fd = -1;
    assert_int_equal(msim_server_start(srv), 0);
    return 0;
}

static int teardown(void **state)
{
    char cmd[PATH_MAX + 16];
    int i;
    (void)state;
    for (i = 0; i < 8; i++) close_dte(&dtes[i]);
    msim_server_stop(srv);
    assert_int_equal(msim_server_join(srv), 0);
    msim_server_free(srv);
    for (i = 0; i < NMODEMS; i++) assert_int_equal(access(path[i], F_OK), -1);   /* links removed */
    snprintf(cmd, sizeof cmd, "%s/control", dir);
    assert_int_equal(access(cmd, F_OK), -1);
    assert_int_equal(rmdir(dir), 0);
    return 0;
}

/* Echo off, fast dialling, S12 = 100 ms. */
static void quiet(dte *d)
{
    say(d, "ATE0S11=50S12=5\r");
    wait_for(d, "OK\r\n");
}

static void call_0_to_1(dte *a, dte *b)
{
    say(a, "ATD102\r");
    wait_for(b, "\r\nRING\r\n");
    say(b, "ATA\r");
    wait_for(b, "\r\nCONNECT 33600\r\n");
    wait_for(a, "\r\nCONNECT 33600\r\n");
}

/* ---- tests ------------------------------------------------------------------------------------ */

static void test_commands_through_a_pty(void **state)
{
    dte *a;
    char target[PATH_MAX];
    ssize_t n;
    (void)state;
    n = readlink(path[0], target, sizeof target - 1);
    assert_true(n > 0);
    target[n] = '\0';
    printf("  %s -> %s\n", path[0], target);
    assert_string_equal(target, msim_server_pty(srv, 0));
    a = open_modem(0);
    say(a, "AT\r");
    wait_for(a, "AT\r\r\nOK\r\n");
    say(a, "AT$$$\r");
    wait_for(a, "AT$$$\r\r\nERROR\r\n");
    say(a, "ATE0V0\r");
    wait_for(a, "ATE0V0\r0\r");
    say(a, "ATS7?\r");
    wait_for(a, "060\r\n0\r");
    say(a, "ATZ\r");
    wait_for(a, "\r\nOK\r\n");
    assert_int_equal(ctl("status modem0"), 0);
    assert_non_null(strstr(reply, "dtr=1"));
    assert_non_null(strstr(reply, "dte=pty"));
}

static void test_call_caller_id_data_escape_hangup(void **state)
{
    dte *a, *b;
    uint8_t all[256], back[256];
    int i;
    (void)state;
    a = open_modem(0);
    b = open_modem(1);
    quiet(a);
    quiet(b);
    say(b, "AT+VCID=1\r");
    wait_for(b, "OK\r\n");
    say(a, "ATDT102\r");
    wait_for(b, "\r\nRING\r\n");
    wait_for(b, "\r\nDATE = 0321\r\n\r\nTIME = 1405\r\n\r\nNMBR = 101\r\n\r\nNAME = ALICE\r\n");
    wait_for(b, "\r\nRING\r\n");
    say(b, "ATA\r");
    wait_for(b, "\r\nCONNECT 33600\r\n");
    wait_for(a, "\r\nCONNECT 33600\r\n");
    for (i = 0; i < 256; i++) all[i] = (uint8_t)i;
    say_n(a, all, sizeof all);                 /* every byte value crosses */
    wait_for_ex(b, (const char *)all, sizeof all, false);
    for (i = 0; i < 256; i++) back[i] = (uint8_t)(255 - i);
    say_n(b, back, sizeof back);
    wait_for_ex(a, (const char *)back, sizeof back, false);
    sleep_ms(200);                             /* guard time before +++ */
    say(a, "+++");
    wait_for(a, "\r\nOK\r\n");                 /* after the guard time that follows */
    say(a, "ATO\r");
    wait_for(a, "\r\nCONNECT 33600\r\n");
    say(a, "still connected");
    wait_for(b, "still connected");
    sleep_ms(200);
    say(a, "+++");
    wait_for(a, "\r\nOK\r\n");
    say(a, "ATH\r");
    wait_for(a, "\r\nOK\r\n");
    wait_for(b, "\r\nNO CARRIER\r\n");
    say(b, "AT\r");
    wait_for(b, "\r\nOK\r\n");
}

static void test_busy_no_answer_no_dialtone(void **state)
{
    dte *a, *b;
    (void)state;
    a = open_modem(0);
    b = open_modem(1);
    quiet(a);
    quiet(b);
    say(b, "ATH1\r");
    wait_for(b, "OK\r\n");
    say(a, "ATD102\r");
    wait_for(a, "\r\nBUSY\r\n");
    say(b, "ATH0\r");
    wait_for(b, "OK\r\n");
    say(a, "ATS7=1D102\r");
    wait_for(b, "\r\nRING\r\n");
    wait_for(a, "\r\nNO ANSWER\r\n");
    assert_int_equal(ctl("unplug modem0"), 0);
    say(a, "ATS6=0D102\r");
    wait_for(a, "\r\nNO DIALTONE\r\n");
    assert_int_equal(ctl("plug modem0"), 0);
}

static void test_dtr_drop_by_b0(void **state)
{
    dte *a, *b;
    (void)state;
    a = open_modem(0);
    b = open_modem(1);
    quiet(a);
    quiet(b);
    call_0_to_1(a, b);
    raw_mode(a->fd, B0);                       /* POSIX: speed B0 hangs up */
    sleep_ms(200);
    raw_mode(a->fd, B115200);
    wait_for(b, "\r\nNO CARRIER\r\n");
    wait_for(a, "\r\nNO CARRIER\r\n");
    say(a, "AT\r");
    wait_for(a, "\r\nOK\r\n");
    assert_int_equal(ctl("status modem0"), 0);
    assert_non_null(strstr(reply, "state=idle"));
    assert_non_null(strstr(reply, "dtr=1"));
}

static void test_closing_the_port_hangs_up(void **state)
{
    dte *a, *b;
    (void)state;
    a = open_modem(0);
    b = open_modem(1);
    quiet(a);
    quiet(b);
    call_0_to_1(a, b);
    close_dte(a);
    wait_for(b, "\r\nNO CARRIER\r\n");
    a = open_modem(0);                         /* the modem is there again, settings kept */
    say(a, "AT\r");
    wait_for(a, "\r\nOK\r\n");
    assert_int_equal(ctl("status modem0"), 0);
    assert_non_null(strstr(reply, "state=idle"));
}

static void test_tcp_modem(void **state)
{
    struct sockaddr_in sa;
    dte *t, *a;
    int fd, fd2;
    (void)state;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)msim_server_tcp_port(srv, 2));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    printf("  modem2 listens on TCP port %d\n", msim_server_tcp_port(srv, 2));
    fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    t = attach(2, fd, "tcp-modem2");
    quiet(t);
    fd2 = socket(AF_INET, SOCK_STREAM, 0);     /* one DTE at a time */
    assert_int_equal(connect(fd2, (struct sockaddr *)&sa, sizeof sa), 0);
    {
        struct pollfd p = {fd2, POLLIN, 0};
        char c;
        assert_int_equal(poll(&p, 1, WAIT_MS), 1);
        assert_int_equal(read(fd2, &c, 1), 0);
        close(fd2);
    }
    a = open_modem(0);
    quiet(a);
    say(t, "ATD101\r");
    wait_for(a, "\r\nRING\r\n");
    say(a, "ATA\r");
    wait_for(t, "\r\nCONNECT 33600\r\n");
    say(t, "over TCP");
    wait_for(a, "over TCP");
    close_dte(t);                              /* the network modem's client goes away */
    wait_for(a, "\r\nNO CARRIER\r\n");
}

static void test_control_external_call(void **state)
{
    dte *b;
    (void)state;
    b = open_modem(1);
    quiet(b);
    say(b, "AT#CID=1\r");
    wait_for(b, "OK\r\n");
    assert_int_equal(ctl("list"), 0);
    assert_non_null(strstr(reply, "modem0 number=101 state=idle"));
    assert_non_null(strstr(reply, "modem2 number=103 state=idle"));
    assert_non_null(strstr(reply, " tcp=127.0.0.1:"));
    assert_int_equal(ctl("ring modem1 from 5551234 name \"ALICE\""), 0);
    wait_for(b, "\r\nRING\r\n");
    wait_for(b, "\r\nNMBR = 5551234\r\n\r\nNAME = ALICE\r\n");
    say(b, "ATA\r");
    wait_for(b, "\r\nCONNECT 33600\r\n");
    say(b, "echo me");
    wait_for(b, "echo me");
    assert_int_equal(ctl("hangup modem1"), 0);
    wait_for(b, "\r\nNO CARRIER\r\n");
    assert_int_equal(ctl("bogus"), -1);
    assert_int_equal(ctl("send modem1 \"\\r\\nWEIRD 42\\r\\n\""), 0);
    wait_for(b, "\r\nWEIRD 42\r\n");
}

static void test_port_vanishes_mid_call(void **state)
{
    dte *a, *b;
    char old[64], *p;
    (void)state;
    a = open_modem(0);
    b = open_modem(1);
    quiet(a);
    quiet(b);
    call_0_to_1(a, b);
    snprintf(old, sizeof old, "%s", msim_server_pty(srv, 1));
    assert_int_equal(ctl("fault modem1 vanish"), 0);
    wait_for(a, "\r\nNO CARRIER\r\n");
    assert_int_equal(wait_for_ex(b, "never", 5, true), -1);   /* the slave sees the end */
    printf("  modem1's slave %s: read failed, as for an unplugged USB modem\n", old);
    assert_int_equal(access(path[1], F_OK), -1);               /* and its link is gone */
    close_dte(b);
    assert_int_equal(ctl("revive modem1"), 0);
    assert_int_equal(ctl("status modem1"), 0);
    p = strstr(reply, " pty=");
    assert_non_null(p);
    b = open_modem(1);
    say(b, "AT\r");
    wait_for(b, "AT\r\r\nOK\r\n");
}

static void test_hostile_10mb_without_cr(void **state)
{
    static char junk[1 << 16];
    dte *a;
    size_t sent;
    (void)state;
    for (sent = 0; sent < sizeof junk; sent += 2) memcpy(junk + sent, "E0", 2);   /* valid, but too long */
    a = open_modem(0);
    quiet(a);
    say(a, "AT");
    for (sent = 0; sent < (10u << 20); sent += sizeof junk) {
        const char *p = junk;
        size_t n = sizeof junk;
        while (n) {
            ssize_t w = write(a->fd, p, n);
            if (w < 0 && errno == EINTR) continue;
            assert_true(w > 0);
            p += w;
            n -= (size_t)w;
        }
    }
    printf("  wrote 10 MB without CR\n");
    say(a, "\r");
    wait_for(a, "\r\nERROR\r\n");
    say(a, "AT\r");
    wait_for(a, "\r\nOK\r\n");
    assert_int_equal(ctl("status modem0"), 0);
    assert_non_null(strstr(reply, " dropped=0 "));
}

/* ---- the program ------------------------------------------------------------------------------ */

static void program_path(char *out, size_t len)
{
    char self[PATH_MAX];
    ssize_t n;
    const char *env = getenv("TSPKIT_MODEMSIM");
    if (env) {
        snprintf(out, len, "%s", env);
        return;
    }
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    assert_true(n > 0);
    self[n] = '\0';
    snprintf(out, len, "%s/../modemsim", dirname(self));   /* build/asan/tests/.. */
}

static long rss_kb(pid_t pid)
{
    char p[64], line[256];
    long kb = -1;
    FILE *f;
    snprintf(p, sizeof p, "/proc/%d/status", (int)pid);
    f = fopen(p, "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6)) kb = atol(line + 6);
    fclose(f);
    return kb;
}

static void test_program(void **state)
{
    char prog[PATH_MAX], pdir[64], link0[PATH_MAX], line[512];
    int in[2], out[2], status;
    pid_t pid;
    FILE *po;
    dte *a;
    long rss0, rss1;
    size_t sent;
    static char junk[1 << 16];
    (void)state;
    program_path(prog, sizeof prog);
    strcpy(pdir, "/tmp/modemsim-prog-XXXXXX");
    assert_non_null(mkdtemp(pdir));
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        execl(prog, prog, "--links", pdir, "--stdin", "--ring-period", "500", "--fault", "modem1:slow:100", "101",
              "102,name=BOB,rate=9600", (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    po = fdopen(out[0], "r");
    assert_non_null(po);
    printf("  started %s\n", prog);
    while (fgets(line, sizeof line, po)) {
        printf("  modemsim: %s", line);
        if (!strcmp(line, "ready\n")) break;
        assert_true(!strncmp(line, "modem0 number=101 pty=/dev/pts/", 31) ||
                    !strncmp(line, "modem1 number=102 pty=/dev/pts/", 31));
    }
    assert_string_equal(line, "ready\n");
    snprintf(link0, sizeof link0, "%s/modem0", pdir);
    {
        int fd = open(link0, O_RDWR | O_NOCTTY);
        assert_true(fd >= 0);
        raw_mode(fd, B115200);
        a = attach(5, fd, "prog-modem0");
    }
    say(a, "ATE0\r");
    wait_for(a, "OK\r\n");
    rss0 = rss_kb(pid);
    memset(junk, 'y', sizeof junk);
    say(a, "AT");
    for (sent = 0; sent < (10u << 20); sent += sizeof junk)
        assert_true(write(a->fd, junk, sizeof junk) == (ssize_t)sizeof junk);
    say(a, "\r");
    wait_for(a, "\r\nERROR\r\n");
    rss1 = rss_kb(pid);
    printf("  modemsim's resident memory: %ld kB before 10 MB of hostile input, %ld kB after\n", rss0, rss1);
    assert_true(rss0 > 0 && rss1 - rss0 < 2048);
    assert_true(write(in[1], "status modem1\n", 14) == 14);
    assert_non_null(fgets(line, sizeof line, po));
    printf("  modemsim: %s", line);
    assert_non_null(strstr(line, "modem1 number=102 state=idle"));
    assert_non_null(strstr(line, "fault=slow:100ms"));
    assert_non_null(fgets(line, sizeof line, po));
    assert_string_equal(line, "OK\n");
    assert_true(write(in[1], "quit\n", 5) == 5);
    assert_true(fgets(line, sizeof line, po) != NULL);   /* the OK of quit */
    assert_int_equal(waitpid(pid, &status, 0), pid);
    printf("  modemsim exited with status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);   /* ASan found no leak */
    assert_int_equal(access(link0, F_OK), -1);
    fclose(po);
    close(in[1]);
    close_dte(a);
    assert_int_equal(rmdir(pdir), 0);
}

static void test_program_rejects_bad_arguments(void **state)
{
    char prog[PATH_MAX];
    int status;
    pid_t pid;
    (void)state;
    program_path(prog, sizeof prog);
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);
        execl(prog, prog, "101,colour=blue", (char *)NULL);
        _exit(127);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 2);
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);
        execl(prog, prog, "101", "101", (char *)NULL);
        _exit(127);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_commands_through_a_pty),
        T(test_call_caller_id_data_escape_hangup),
        T(test_busy_no_answer_no_dialtone),
        T(test_dtr_drop_by_b0),
        T(test_closing_the_port_hangs_up),
        T(test_tcp_modem),
        T(test_control_external_call),
        T(test_port_vanishes_mid_call),
        T(test_hostile_10mb_without_cr),
#undef T
        cmocka_unit_test(test_program),
        cmocka_unit_test(test_program_rejects_bad_arguments),
    };
    signal(SIGPIPE, SIG_IGN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
