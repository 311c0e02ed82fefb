/*
 * tools/bench/unimodem_bench.c - the modem rows of `make bench` (issue 4, item 8): the
 * Unimodem-style TSP (build/native/unimodem.so) with 64 simulated modems (one modemsim,
 * real pseudo-terminals) as 64 lines in one emulated TAPISRV (the harness, linked in).
 * docs/bench.md says what each row measures and how.
 *
 *     unimodem_bench [DIR [SECONDS]]
 *
 * DIR holds unimodem.so and modemsim (default: this program's directory, build/native);
 * SECONDS is how long the 32 pairs cycle make call -> connect -> drop (default 20). The
 * modem profile is tests/unimodem/modemsim.ini (from the current directory, or
 * $UNIMODEM_PROFILE). Rows are printed with bench_row.h; the exit status is 0 when every
 * measurement ran, 1 when one could not (a call that failed is a failure).
 *
 * Two probes are linked into this program, so the provider module is measured without
 * changing it: its calls to malloc & co. and to read/write resolve to the definitions
 * below (they are exported, -Wl,--export-dynamic-symbol), which count and time them and
 * pass them on to glibc (__libc_malloc ...; the read and write system calls).
 *  - Heap: every block's malloc_usable_size is added and subtracted (harness, SDK, TSP).
 *  - AT commands: a write beginning with "AT" or "+++" is a command on a modem port; the
 *    read that completes its final result code (OK, CONNECT, NO CARRIER, ERROR, BUSY,
 *    NO ANSWER, NO DIALTONE, VCON: V.250 5.7.1 Table 1) is its response; the TSP's next
 *    step on that thread - its next command written, or its first callback to TAPISRV
 *    (the harness trace sink runs inside LINEEVENT/ASYNC_COMPLETION) - is when it acted.
 *    The overhead of a command is (written -> acted) minus the simulator's own time for
 *    the same command, which a raw client on a spare modem measures right afterwards.
 * Thread CPU times come from each thread's CPU-time clock.
 */
#define _GNU_SOURCE
#include "bench_row.h"
#include "lineapi.h"
#include "module.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define LINES 64
#define PAIRS (LINES / 2)
#define FIRST_NUMBER 200          /* modem i has number 200 + i; modem LINES is the raw client's */
#define WAIT_MS 20000u
#define IDLE_SECONDS 5
#define RAW_TRIPS 9             /* a raw client's round trips per command and line */
#define PROBE_FDS 4096
#define PROBE_LINE 32             /* a result code longer than this is no final result */
#define SAMPLES (1u << 18)

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- heap probe --------------------------------------------------------------------- */

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);
void *__libc_memalign(size_t align, size_t n);
void *__libc_valloc(size_t n);
void *__libc_pvalloc(size_t n);

static atomic_llong heap_live;    /* bytes held (usable sizes) by everything in the process */

static void *heap_add(void *p)
{
    if (p) atomic_fetch_add_explicit(&heap_live, (long long)malloc_usable_size(p), memory_order_relaxed);
    return p;
}
static void heap_sub(void *p)
{
    if (p) atomic_fetch_sub_explicit(&heap_live, (long long)malloc_usable_size(p), memory_order_relaxed);
}
void *malloc(size_t n) { return heap_add(__libc_malloc(n)); }
void *calloc(size_t n, size_t size) { return heap_add(__libc_calloc(n, size)); }
void free(void *p)
{
    heap_sub(p);
    __libc_free(p);
}
void *realloc(void *p, size_t n)
{
    long long old = p ? (long long)malloc_usable_size(p) : 0;
    void *q = __libc_realloc(p, n);
    if (q || n == 0) atomic_fetch_sub_explicit(&heap_live, old, memory_order_relaxed);
    return heap_add(q);
}
void *memalign(size_t align, size_t n) { return heap_add(__libc_memalign(align, n)); }
void *aligned_alloc(size_t align, size_t n) { return heap_add(__libc_memalign(align, n)); }
int posix_memalign(void **out, size_t align, size_t n)
{
    void *p;
    if (align < sizeof(void *) || (align & (align - 1))) return EINVAL;
    if (!(p = heap_add(__libc_memalign(align, n)))) return ENOMEM;
    *out = p;
    return 0;
}
void *valloc(size_t n) { return heap_add(__libc_valloc(n)); }
void *pvalloc(size_t n) { return heap_add(__libc_pvalloc(n)); }

/* ---- AT command probe ------------------------------------------------------------------ */

#define CMD_TEXT 24

typedef struct port_state {
    atomic_int port;              /* an AT command was written to this fd */
    atomic_int outstanding;       /* a command waits for its final result */
    uint64_t t_cmd;               /* when it was written (owner thread only, as below) */
    char cmd[CMD_TEXT];           /* its text up to the CR */
    char line[PROBE_LINE + 1];    /* the modem's current line so far */
    size_t len;                   /* > PROBE_LINE: too long to be a result code */
} port_state;

static port_state ports[PROBE_FDS];
static atomic_int probe_on;
static atomic_ullong last_command_ns;
/* This thread read a final result code: when, and on which port. */
static _Thread_local uint64_t response_ns;
static _Thread_local port_state *response_port;

typedef struct samples {
    atomic_uint n;
    uint64_t v[SAMPLES];
} samples;
/* response read -> acted, every command */
static samples processing;
/* written -> acted, with the command's text */
typedef struct cmd_sample {
    uint64_t total;
    char cmd[CMD_TEXT];
} cmd_sample;
static atomic_uint n_cmds;
static cmd_sample cmds[SAMPLES];

static void sample(samples *s, uint64_t ns)
{
    unsigned i = atomic_fetch_add_explicit(&s->n, 1u, memory_order_relaxed);
    if (i < SAMPLES) s->v[i] = ns;
}

/* The TSP acted (a command written, a callback made) on this thread. */
static void acted(uint64_t t)
{
    unsigned i;
    if (!response_ns) return;
    sample(&processing, t - response_ns);
    i = atomic_fetch_add_explicit(&n_cmds, 1u, memory_order_relaxed);
    if (i < SAMPLES) {
        cmds[i].total = t - response_port->t_cmd;
        memcpy(cmds[i].cmd, response_port->cmd, CMD_TEXT);
    }
    response_ns = 0;
}

static int is_final(const char *l)
{
    static const char *const codes[] = { "OK", "CONNECT", "NO CARRIER", "ERROR", "BUSY", "NO ANSWER",
                                         "NO DIALTONE", "NO DIAL TONE", "VCON" };
    size_t i;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        size_t k = strlen(codes[i]);
        if (!strncmp(l, codes[i], k) && (l[k] == '\0' || (!strcmp(codes[i], "CONNECT") && l[k] == ' ')))
            return 1;
    }
    return 0;
}

/* Bytes the modem sent: 1 when they completed a final result code line. */
static int scan(port_state *p, const char *b, size_t n)
{
    int final = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i] == '\r' || b[i] == '\n') {
            if (p->len && p->len <= PROBE_LINE) {
                p->line[p->len] = '\0';
                final |= is_final(p->line);
            }
            p->len = 0;
        } else {
            if (p->len < PROBE_LINE) p->line[p->len] = b[i];
            if (p->len <= PROBE_LINE) p->len++;
        }
    }
    return final;
}

/* A command line's text up to its CR, NUL-terminated, cut to CMD_TEXT - 1. */
static void command_text(char *out, const char *b, size_t n)
{
    size_t k = 0;
    while (k < n && k < CMD_TEXT - 1 && b[k] != '\r') {
        out[k] = b[k];
        k++;
    }
    out[k] = '\0';
}

ssize_t write(int fd, const void *buf, size_t n)
{
    const char *b = (const char *)buf;
    if (atomic_load_explicit(&probe_on, memory_order_relaxed) && fd >= 0 && fd < PROBE_FDS && n >= 2 &&
        ((b[0] == 'A' && b[1] == 'T') || (n >= 3 && !memcmp(b, "+++", 3)))) {
        port_state *p = &ports[fd];
        uint64_t t = now_ns();
        acted(t);
        atomic_store(&p->port, 1);
        p->t_cmd = t;
        command_text(p->cmd, b, n);
        atomic_store(&p->outstanding, 1);
        atomic_store(&last_command_ns, t);
    }
    return syscall(SYS_write, fd, buf, n);
}

ssize_t read(int fd, void *buf, size_t n)
{
    ssize_t r = syscall(SYS_read, fd, buf, n);
    if (atomic_load_explicit(&probe_on, memory_order_relaxed) && fd >= 0 && fd < PROBE_FDS &&
        atomic_load_explicit(&ports[fd].port, memory_order_relaxed)) {
        port_state *p = &ports[fd];
        if (r <= 0) {
            /* Nothing more to read: the TSP is about to wait, whatever it did with the
             * last response is done. */
            response_ns = 0;
        } else if (scan(p, (const char *)buf, (size_t)r) && atomic_load(&p->outstanding)) {
            atomic_store(&p->outstanding, 0);
            response_ns = now_ns();
            response_port = p;
        }
    }
    return r;
}

/* The harness's trace sink: for callbacks it runs inside the provider's LINEEVENT or
 * ASYNC_COMPLETION call, on the provider's thread. */
static void on_trace(void *user, const hx_trace_rec *r)
{
    (void)user;
    if (r->kind == HX_TR_CALLBACK) acted(now_ns());
    else if (r->kind == HX_TR_REPORT) {
        char line[HX_TRACE_LINE_MAX];
        hx_trace_format_text(r, line, sizeof line);
        fprintf(stderr, "unimodem_bench: %s\n", line);
    }
}

/* Forgets every port (their lines are closed, the fds may be reused) and sample. */
static void probe_reset(void)
{
    int i;
    for (i = 0; i < PROBE_FDS; i++) {
        atomic_store(&ports[i].port, 0);
        atomic_store(&ports[i].outstanding, 0);
        ports[i].len = 0;
    }
    atomic_store(&processing.n, 0);
    atomic_store(&n_cmds, 0);
}

/* p-th percentile (0..100) of the samples, in microseconds; sorts them. */
static double percentile_us(samples *s, double p, unsigned *count)
{
    unsigned n = atomic_load(&s->n);
    if (n > SAMPLES) n = SAMPLES;
    *count = n;
    if (!n) return 0;
    qsort(s->v, n, sizeof s->v[0], bench_cmp_u64);
    return (double)s->v[(size_t)((double)(n - 1) * p / 100.0)] / 1000.0;
}

/* ---- threads' CPU time ------------------------------------------------------------------- */

#define MAX_TASKS 256

/* The process's thread IDs; how many. */
static int list_tasks(pid_t *tids, int cap)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int n = 0;
    if (!d) return 0;
    while ((e = readdir(d)) != NULL && n < cap)
        if (e->d_name[0] != '.') tids[n++] = (pid_t)atoi(e->d_name);
    closedir(d);
    return n;
}

/* A thread's CPU time in ns: its CPU-time clock, which pthread_getcpuclockid would give
 * (Linux's clock ID for a thread ID, include/linux/posix-timers.h: CPUCLOCK_PERTHREAD,
 * CPUCLOCK_SCHED). 0 when it is gone. */
static uint64_t thread_cpu_ns(pid_t tid)
{
    struct timespec ts;
    clockid_t c = (clockid_t)((~(unsigned)tid << 3) | 6u);
    if (clock_gettime(c, &ts) != 0) return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- modemsim ----------------------------------------------------------------------- */

static char tmp[64];
static pid_t sim_pid;

/* LINES + 1 modems on ptys with links in tmp/links; waits for "ready". */
static int start_sim(const char *exe)
{
    char links[96], count[16], first[16], buf[16384];
    size_t have = 0;
    int out[2];
    snprintf(tmp, sizeof tmp, "/tmp/um-bench-XXXXXX");
    if (!mkdtemp(tmp) || pipe(out) != 0) return -1;
    snprintf(links, sizeof links, "%s/links", tmp);
    snprintf(count, sizeof count, "%d", LINES + 1);
    snprintf(first, sizeof first, "%d", FIRST_NUMBER);
    if (mkdir(links, 0700) != 0) return -1;
    if ((sim_pid = fork()) == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execl(exe, exe, "--links", links, "--count", count, "--first", first, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    while (sim_pid > 0 && have + 1 < sizeof buf) {
        struct pollfd pfd = { out[0], POLLIN, 0 };
        ssize_t n;
        if (poll(&pfd, 1, (int)WAIT_MS) <= 0) break;
        if ((n = read(out[0], buf + have, sizeof buf - 1 - have)) <= 0) break;
        have += (size_t)n;
        buf[have] = '\0';
        if (strstr(buf, "ready\n")) break;
    }
    close(out[0]);
    buf[have] = '\0';
    if (!strstr(buf, "ready\n")) {
        fprintf(stderr, "unimodem_bench: %s did not start: %s\n", exe, buf);
        return -1;
    }
    return 0;
}

static void stop_sim(void)
{
    char cmd[128];
    if (sim_pid > 0) {
        kill(sim_pid, SIGTERM);
        waitpid(sim_pid, NULL, 0);
        sim_pid = 0;
    }
    if (tmp[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
        if (system(cmd) != 0) fprintf(stderr, "unimodem_bench: could not remove %s\n", tmp);
    }
}

/* CPU time of a process from /proc (utime + stime), in ms; -1 when unknown. */
static double proc_cpu_ms(pid_t pid)
{
    char path[64], text[1024], *p;
    unsigned long ut, st;
    FILE *f;
    size_t n;
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    if (!(f = fopen(path, "r"))) return -1;
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    /* Fields 14 and 15, counted after the ')' that ends the command name. */
    if (!(p = strrchr(text, ')')) || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

static long resident_kib(void)
{
    long pages = 0, res = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    if (fscanf(f, "%ld %ld", &pages, &res) != 2) res = 0;
    fclose(f);
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The simulator's own answer time for a command, without the TSP: a raw client on the
 * spare modem's pty, blocked in poll() as the TSP's I/O thread is, times the command
 * line -> its final result code. Median of RAW_TRIPS, in ns; 0 when it failed. */
static uint64_t raw_round_trip_ns(int fd, const char *cmd)
{
    uint64_t t[RAW_TRIPS];
    char line[CMD_TEXT + 2], buf[256];
    size_t len = (size_t)snprintf(line, sizeof line, "%s\r", cmd);
    int i;
    for (i = 0; i < RAW_TRIPS; i++) {
        port_state st;
        uint64_t t0 = now_ns();
        int done = 0;
        memset(&st, 0, sizeof st);
        if (write(fd, line, len) != (ssize_t)len) return 0;
        while (!done) {
            struct pollfd pfd = { fd, POLLIN, 0 };
            ssize_t n;
            if (poll(&pfd, 1, (int)WAIT_MS) <= 0 || (n = read(fd, buf, sizeof buf)) <= 0) return 0;
            done = scan(&st, buf, (size_t)n);
        }
        t[i] = now_ns() - t0;
    }
    qsort(t, RAW_TRIPS, sizeof t[0], bench_cmp_u64);
    return t[RAW_TRIPS / 2];
}

static int open_raw_client(void)
{
    char path[128];
    struct termios tio;
    int fd;
    snprintf(path, sizeof path, "%s/links/modem%d", tmp, LINES);
    if ((fd = open(path, O_RDWR | O_NOCTTY)) < 0) return -1;
    if (tcgetattr(fd, &tio) == 0) {
        cfmakeraw(&tio);
        tcsetattr(fd, TCSANOW, &tio);
    }
    return fd;
}

/* The command samples from `from` on, each minus the raw client's round trip for the
 * same command text measured now (right after them, so both saw the same machine),
 * appended to v (in us). The raw time is added to *raw_sum. -1 when the raw client failed. */
static int subtract_raw(int fd, unsigned from, double *v, unsigned *nv, double *raw_sum)
{
    struct { char cmd[CMD_TEXT]; uint64_t rtt; } known[16];
    unsigned n = atomic_load(&n_cmds), i, k, nk = 0;
    if (n > SAMPLES) n = SAMPLES;
    for (i = from; i < n; i++) {
        for (k = 0; k < nk && strcmp(known[k].cmd, cmds[i].cmd) != 0; k++) {}
        if (k == nk) {
            if (nk == sizeof known / sizeof known[0]) continue;
            memcpy(known[k].cmd, cmds[i].cmd, CMD_TEXT);
            if (!(known[k].rtt = raw_round_trip_ns(fd, cmds[i].cmd))) {
                fprintf(stderr, "unimodem_bench: the raw client got no answer to %s\n", cmds[i].cmd);
                return -1;
            }
            nk++;
        }
        v[(*nv)++] = ((double)cmds[i].total - (double)known[k].rtt) / 1000.0;
        *raw_sum += (double)known[k].rtt / 1000.0;
    }
    return 0;
}

/* ---- the TSP ------------------------------------------------------------------------ */

static int write_config(const char *profile)
{
    char path[128];
    FILE *f;
    int i;
    snprintf(path, sizeof path, "%s/unimodem.conf", tmp);
    if (!(f = fopen(path, "w"))) return -1;
    for (i = 0; i < LINES; i++)
        fprintf(f, "[Line]\nPort = tty:%s/links/modem%d\nProfile = %s\n", tmp, i, profile);
    fclose(f);
    setenv("TSPKIT_UNIMODEM_CONFIG", path, 1);
    return 0;
}

/* Every open line has had its Init: `lines` ports seen, no command outstanding, none for
 * 150 ms (the commands of an Init follow each other within a millisecond). */
static int wait_quiet(int lines)
{
    uint64_t until = now_ns() + (uint64_t)WAIT_MS * 1000000u;
    while (now_ns() < until) {
        int i, seen = 0, busy = 0;
        for (i = 0; i < PROBE_FDS; i++) {
            seen += atomic_load(&ports[i].port);
            busy += atomic_load(&ports[i].outstanding);
        }
        if (seen == lines && !busy && now_ns() - atomic_load(&last_command_ns) > 150000000u) return 0;
        usleep(10000);
    }
    return -1;
}

typedef struct pair {
    hx_srv *srv;
    hx_line *a, *b;
    char number[16];
    uint64_t end_ns;
    unsigned long cycles;
    char why[160];
    pthread_t thread;
} pair;

/* One cycle: a calls b, b answers on its first ring, both connected, a drops, b sees the
 * far end go (NO CARRIER) and drops, both idle, both calls deallocated. */
static int cycle(pair *p)
{
    hx_call *out = NULL, *in;
    hx_msg m;
    LONG r;
#define FAIL(...) do { snprintf(p->why, sizeof p->why, __VA_ARGS__); return -1; } while (0)
    if ((r = hx_srv_wait_reply(p->srv, hx_line_make_call(p->a, p->number, 0, NULL, &out), WAIT_MS)) != 0)
        FAIL("lineMakeCall %s: %s", p->number, hx_err_name(r));
    if (hx_srv_wait_msg(p->srv, LINE_NEWCALL, p->b, WAIT_MS, &m) != 0) FAIL("no LINE_NEWCALL at %s", p->number);
    in = m.call;
    if (hx_srv_wait_call_state(p->srv, in, LINECALLSTATE_OFFERING, WAIT_MS) != 0) FAIL("never OFFERING");
    if ((r = hx_srv_wait_reply(p->srv, hx_call_answer(in, NULL, 0), WAIT_MS)) != 0)
        FAIL("lineAnswer: %s", hx_err_name(r));
    if (hx_srv_wait_call_state(p->srv, in, LINECALLSTATE_CONNECTED, WAIT_MS) != 0 ||
        hx_srv_wait_call_state(p->srv, out, LINECALLSTATE_CONNECTED, WAIT_MS) != 0)
        FAIL("not CONNECTED (caller %s, callee %s)", hx_callstate_name(hx_call_state(out)),
             hx_callstate_name(hx_call_state(in)));
    if ((r = hx_srv_wait_reply(p->srv, hx_call_drop(out, NULL, 0), WAIT_MS)) != 0 ||
        hx_srv_wait_call_state(p->srv, out, LINECALLSTATE_IDLE, WAIT_MS) != 0)
        FAIL("caller's drop: %s, state %s", hx_err_name(r), hx_callstate_name(hx_call_state(out)));
    if (hx_srv_wait_call_state(p->srv, in, LINECALLSTATE_DISCONNECTED, WAIT_MS) != 0)
        FAIL("callee never DISCONNECTED (%s)", hx_callstate_name(hx_call_state(in)));
    if ((r = hx_srv_wait_reply(p->srv, hx_call_drop(in, NULL, 0), WAIT_MS)) != 0 ||
        hx_srv_wait_call_state(p->srv, in, LINECALLSTATE_IDLE, WAIT_MS) != 0)
        FAIL("callee's drop: %s, state %s", hx_err_name(r), hx_callstate_name(hx_call_state(in)));
    if (hx_call_close(out) != 0 || hx_call_close(in) != 0) FAIL("lineDeallocateCall failed");
    return 0;
#undef FAIL
}

/* Cycles until end_ns; a cycle counts when it ended before end_ns. */
static void *pair_thread(void *user)
{
    pair *p = (pair *)user;
    while (now_ns() < p->end_ns) {
        if (cycle(p) != 0) break;
        if (now_ns() <= p->end_ns) p->cycles++;
    }
    return NULL;
}

/* The calls/s figure: every pair cycling for seconds. */
static int run_calls(hx_srv *s, hx_line **lines, unsigned seconds, double *rate, unsigned long *total)
{
    static pair pairs[PAIRS];
    uint64_t t0 = now_ns();
    int i, started, failed = 0;
    *total = 0;
    *rate = 0;
    for (started = 0; started < PAIRS; started++) {
        pair *p = &pairs[started];
        memset(p, 0, sizeof *p);
        p->srv = s;
        p->a = lines[2 * started];
        p->b = lines[2 * started + 1];
        snprintf(p->number, sizeof p->number, "%d", FIRST_NUMBER + 2 * started + 1);
        p->end_ns = t0 + (uint64_t)seconds * 1000000000u;
        if (pthread_create(&p->thread, NULL, pair_thread, p) != 0) {
            fprintf(stderr, "unimodem_bench: cannot start pair %d's thread\n", started);
            failed = 1;
            break;
        }
    }
    for (i = 0; i < started; i++) {
        pthread_join(pairs[i].thread, NULL);
        *total += pairs[i].cycles;
        if (pairs[i].why[0]) {
            fprintf(stderr, "unimodem_bench: pair %d (lines %d -> %d): %s\n", i, 2 * i, 2 * i + 1, pairs[i].why);
            failed = 1;
        }
    }
    *rate = (double)*total / seconds;
    return failed ? -1 : 0;
}

/* Opens every line and waits until each had its Init. */
static int open_lines(hx_srv *s, hx_line **lines)
{
    int i;
    for (i = 0; i < LINES; i++) {
        LONG r = hx_line_open(s, (DWORD)i, &lines[i]);
        if (r != 0) {
            fprintf(stderr, "unimodem_bench: lineOpen %d: %s\n", i, hx_err_name(r));
            return -1;
        }
    }
    if (wait_quiet(LINES) != 0) {
        fprintf(stderr, "unimodem_bench: the lines' Init did not end (or the probe did not see the TSP's commands)\n");
        return -1;
    }
    return hx_srv_flush(s, WAIT_MS) == 0 ? 0 : -1;
}

/* Opens the (closed) lines one at a time; after each line's Init the raw client times the
 * same commands. The overhead per command: p50, p99 (us), how many, the raw client's
 * average round trip (us). */
static int measure_overhead(hx_srv *s, hx_line **lines, double *p50, double *p99, unsigned *n, double *raw_avg)
{
    static double v[SAMPLES];
    unsigned nv = 0, from;
    double raw_sum = 0;
    int fd = open_raw_client(), i, rc = 0;
    if (fd < 0) return -1;
    probe_reset();
    for (i = 0; i < LINES && rc == 0; i++) {
        from = atomic_load(&n_cmds);
        atomic_store(&probe_on, 1);
        rc = hx_line_open(s, (DWORD)i, &lines[i]) == 0 && wait_quiet(i + 1) == 0 ? 0 : -1;
        /* The raw client's own writes and reads are not the TSP's. */
        atomic_store(&probe_on, 0);
        if (rc == 0) rc = subtract_raw(fd, from, v, &nv, &raw_sum);
    }
    close(fd);
    if (rc != 0 || !nv) {
        fprintf(stderr, "unimodem_bench: the overhead measurement stopped at line %d\n", i - 1);
        return -1;
    }
    qsort(v, nv, sizeof v[0], bench_cmp_double);
    *p50 = v[(nv - 1) / 2];
    *p99 = v[(size_t)((double)(nv - 1) * 0.99)];
    *n = nv;
    *raw_avg = raw_sum / nv;
    return 0;
}

/* CPU while idle for IDLE_SECONDS: the threads that appeared with the lines (the TSP's
 * I/O threads), the harness's (those there before, but this one), the whole process
 * (getrusage) and modemsim, in ms. */
static void idle_cpu(const pid_t *before, int nbefore, double *tsp, double *harness, double *process, double *sim)
{
    static pid_t tids[MAX_TASKS];
    static uint64_t t0[MAX_TASKS];
    double cpu0 = self_cpu_ms(), sim0 = proc_cpu_ms(sim_pid);
    pid_t self = (pid_t)syscall(SYS_gettid);
    int n = list_tasks(tids, MAX_TASKS), i, k;
    for (i = 0; i < n; i++) t0[i] = thread_cpu_ns(tids[i]);
    sleep(IDLE_SECONDS);
    *tsp = *harness = 0;
    for (i = 0; i < n; i++) {
        double ms = (double)(thread_cpu_ns(tids[i]) - t0[i]) / 1e6;
        for (k = 0; k < nbefore && before[k] != tids[i]; k++) {}
        if (tids[i] == self) continue;
        *(k < nbefore ? harness : tsp) += ms;
    }
    *process = self_cpu_ms() - cpu0;
    *sim = proc_cpu_ms(sim_pid) - sim0;
}

int main(int argc, char **argv)
{
    static hx_line *lines[LINES];
    static pid_t before[MAX_TASKS];
    char dir[512], path[1024], profile[PATH_MAX], err[256], note[240];
    const char *prof = getenv("UNIMODEM_PROFILE") ? getenv("UNIMODEM_PROFILE") : "tests/unimodem/modemsim.ini";
    unsigned seconds = argc > 2 ? (unsigned)atoi(argv[2]) : 20, n_proc, n_over;
    hx_module *mod = NULL;
    hx_srv *s = NULL;
    long long h0, h1;
    long rss0, rss1;
    double tsp_ms, harness_ms, process_ms, sim_ms, rate, p50, p99, proc50, proc99, raw_us;
    unsigned long calls;
    int i, nbefore, failed = 0;

    if (seconds < 1 || seconds > 3600) {
        fprintf(stderr, "usage: unimodem_bench [DIR [SECONDS 1..3600]]\n");
        return 1;
    }
    if (argc > 1) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
    } else {
        const char *slash = strrchr(argv[0], '/');
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
    }
    if (!realpath(prof, profile)) {
        fprintf(stderr, "unimodem_bench: no profile %s (run from the source tree or set UNIMODEM_PROFILE)\n", prof);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    snprintf(path, sizeof path, "%s/modemsim", dir);
    if (start_sim(path) != 0 || write_config(profile) != 0) {
        stop_sim();
        return 1;
    }
    snprintf(path, sizeof path, "%s/unimodem.so", dir);
    if (!(mod = hx_module_load(path, err, sizeof err))) {
        fprintf(stderr, "unimodem_bench: %s\n", err);
        stop_sim();
        return 1;
    }
    atomic_store(&probe_on, 1);
    if (!(s = hx_srv_create(hx_module_tspi(mod), NULL, NULL))) goto fail;
    hx_srv_set_trace(s, on_trace, NULL);
    if (hx_srv_start(s, NULL) != 0 || hx_srv_num_lines(s) != LINES) {
        fprintf(stderr, "unimodem_bench: the provider did not start with %d lines\n", LINES);
        goto fail;
    }

    /* Memory: 64 lines open and initialised vs none. */
    hx_srv_flush(s, WAIT_MS);
    nbefore = list_tasks(before, MAX_TASKS);
    h0 = atomic_load(&heap_live);
    rss0 = resident_kib();
    if (open_lines(s, lines) != 0) goto fail;
    h1 = atomic_load(&heap_live);
    rss1 = resident_kib();
    snprintf(note, sizeof note, "whole heap, %d lines open vs 0 (resident +%.1f KiB/line incl. I/O thread stacks)",
             LINES, (double)(rss1 - rss0) / LINES);
    bench_row("unimodem memory per open line", (double)(h1 - h0) / LINES, "B", "<=", 65536, note);

    /* CPU while idle: nothing to read, no timer due, no request. */
    idle_cpu(before, nbefore, &tsp_ms, &harness_ms, &process_ms, &sim_ms);
    snprintf(note, sizeof note, "the TSP's threads, %d s; process (getrusage) %.2f ms, of it the harness %.2f ms; "
             "modemsim %.0f ms", IDLE_SECONDS, process_ms, harness_ms, sim_ms);
    bench_row("unimodem CPU while idle (64 lines)", tsp_ms, "ms", "<=", 1, note);

    /* Calls. */
    if (run_calls(s, lines, seconds, &rate, &calls) != 0) failed = 1;
    proc50 = percentile_us(&processing, 50, &n_proc);
    proc99 = percentile_us(&processing, 99, &n_proc);
    snprintf(note, sizeof note, "%d pairs, make call -> connect -> drop, %lu in %u s; response read -> acted "
             "p50 %.1f us p99 %.1f us (%u)", PAIRS, calls, seconds, proc50, proc99, n_proc);
    bench_row("unimodem calls/s (64 lines)", rate, "/s", "-", 0, note);

    /* AT command overhead: the lines opened again one at a time, their Init commands. */
    for (i = 0; i < LINES; i++) hx_line_close(lines[i]);
    hx_srv_flush(s, WAIT_MS);
    if (measure_overhead(s, lines, &p50, &p99, &n_over, &raw_us) == 0) {
        snprintf(note, sizeof note, "%u Init commands, one line at a time: (written -> acted) - raw client's "
                 "round trip (avg %.0f us)", n_over, raw_us);
        bench_row("unimodem TSP overhead/AT command p50", p50, "us", "<=", 100, note);
        bench_row("unimodem TSP overhead/AT command p99", p99, "us", "-", 0, "the same commands");
    } else {
        failed = 1;
    }

    hx_srv_stop(s);
    if (hx_srv_reports(s)) {
        fprintf(stderr, "unimodem_bench: %zu conformance reports\n", hx_srv_reports(s));
        failed = 1;
    }
    hx_srv_destroy(s);
    hx_module_unload(mod);
    stop_sim();
    return failed;
fail:
    if (s) {
        hx_srv_stop(s);
        hx_srv_destroy(s);
    }
    hx_module_unload(mod);
    stop_sim();
    return 1;
}
