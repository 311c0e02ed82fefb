/*
 * tools/bench/bench_harness.c - the harness rows of `make bench` (issue 3, item 9): how
 * fast the emulated TAPISRV turns requests into delivered replies, routes LINE_SENDMSPDATA
 * to an MSP, and how much memory it keeps per line and per call. docs/bench.md says what
 * each row measures.
 *
 *     bench_harness [MODULE_DIR [repetitions [async|msp|memory]]]
 *
 * MODULE_DIR holds loopback.so, providers/benchtsp.so and msps/echomsp.so; by default it
 * is the directory this program is in (build/native), so run-bench.sh needs no arguments.
 * Each timed figure is the median of the repetitions (default 5). Rows are printed with
 * bench_row.h; the exit status is 0 when every measurement ran, 1 when one could not.
 * Naming one part runs only that one (for perf record).
 *
 * Harness memory is counted exactly: the harness is linked into this program with
 * malloc/calloc/realloc/free wrapped (-Wl,--wrap=...), so the counter sees the harness's
 * allocations and not those of the provider and MSP modules, which call libc directly.
 */
#define _GNU_SOURCE
#include "bench_row.h"
#include "lineapi.h"
#include "module.h"
#include "msphost.h"
#include "../../tests/msps/echomsp.h"

#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEPTH 256                 /* requests in flight for the throughput figure */
#define SLOTS 4096u               /* issue times by request ID; > DEPTH, power of two */
#define CYCLES 100000ul           /* cycles a throughput repetition */
#define LAT_CYCLES 20000ul        /* cycles a latency repetition */
#define MSP_MESSAGES 100000ul     /* LINE_SENDMSPDATA a repetition */
#define MEM_LINES 1000u
#define MEM_CALLS 10000u
#define WAIT_MS 30000u

/* ---- harness heap accounting ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static atomic_llong heap_live;    /* bytes the harness holds (usable sizes) */

static void heap_add(void *p, int sign)
{
    if (p) atomic_fetch_add_explicit(&heap_live, sign * (long long)malloc_usable_size(p), memory_order_relaxed);
}
void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);
    heap_add(p, 1);
    return p;
}
void *__wrap_calloc(size_t n, size_t size)
{
    void *p = __real_calloc(n, size);
    heap_add(p, 1);
    return p;
}
void *__wrap_realloc(void *p, size_t n)
{
    long long old = p ? (long long)malloc_usable_size(p) : 0;
    void *q = __real_realloc(p, n);
    if (q || n == 0) atomic_fetch_sub_explicit(&heap_live, old, memory_order_relaxed);
    heap_add(q, 1);
    return q;
}
void __wrap_free(void *p)
{
    heap_add(p, -1);
    __real_free(p);
}

/* ---- the application side ---- */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

typedef struct bench {
    hx_line *line;
    pthread_mutex_t lock;         /* everything below; held by the issuer of a first window */
    pthread_cond_t done_cv;
    unsigned long issued, replied, total;
    int failed, done;
    uint64_t t_issue[SLOTS];
    uint64_t *lat;                /* one per reply */
    uint64_t t_end;
    unsigned long msp_seen, msp_total;
} bench;

/* Lock held. One lineDevSpecific "ping" to the loopback provider. */
static void issue(bench *b)
{
    uint64_t t = now_ns();
    LONG r = hx_line_dev_specific(b->line, 0, NULL, NULL, 0);
    if (r <= 0) {
        b->failed = 1;
        b->done = 1;
        pthread_cond_signal(&b->done_cv);
        return;
    }
    b->t_issue[(DWORD)r & (SLOTS - 1)] = t;
    b->issued++;
}

/* The application callback (dispatch thread): a reply is timed and, while cycles are
 * left, replaced by a new request, so DEPTH stay in flight. */
static void on_msg(void *user, const hx_msg *m)
{
    bench *b = (bench *)user;
    uint64_t t = now_ns();
    pthread_mutex_lock(&b->lock);
    if (m->msg == LINE_REPLY && b->total && !b->done) {
        if (m->p2 != 0) b->failed = 1;
        b->lat[b->replied++] = t - b->t_issue[(DWORD)m->p1 & (SLOTS - 1)];
        if (b->issued < b->total && !b->failed) issue(b);
        else if (b->replied == b->issued) {
            b->t_end = t;
            b->done = 1;
            pthread_cond_signal(&b->done_cv);
        }
    } else if (m->msg == LINE_SENDMSPDATA && ++b->msp_seen == b->msp_total) {
        b->t_end = t;
        pthread_cond_signal(&b->done_cv);
    }
    pthread_mutex_unlock(&b->lock);
}

/* Lock held: waits for done_cv until pred or WAIT_MS. 0 or -1. */
static int wait_for(bench *b, int (*pred)(const bench *))
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += WAIT_MS / 1000u;
    while (!pred(b))
        if (pthread_cond_timedwait(&b->done_cv, &b->lock, &until) != 0) return pred(b) ? 0 : -1;
    return 0;
}
static int cycles_done(const bench *b) { return b->done; }
static int msp_done(const bench *b) { return b->msp_seen >= b->msp_total; }

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return v[n / 2];
}

/* One run of `total` ping cycles with `depth` in flight: cycles/s, and the latency
 * percentiles in us. -1 when it could not run. */
static int run_cycles(bench *b, unsigned long total, unsigned depth, double *rate, double *p50, double *p99)
{
    uint64_t t0;
    int rc;
    pthread_mutex_lock(&b->lock);
    b->issued = b->replied = 0;
    b->failed = b->done = 0;
    b->total = total;
    t0 = now_ns();
    while (b->issued < depth && b->issued < total && !b->failed) issue(b);
    rc = wait_for(b, cycles_done);
    b->total = 0;
    if (rc || b->failed || b->replied != total) {
        pthread_mutex_unlock(&b->lock);
        return -1;
    }
    qsort(b->lat, total, sizeof *b->lat, bench_cmp_u64);
    *rate = (double)total * 1e9 / (double)(b->t_end - t0);
    *p50 = (double)b->lat[total / 2] / 1000.0;
    *p99 = (double)b->lat[total - total / 100] / 1000.0;
    pthread_mutex_unlock(&b->lock);
    return 0;
}

static hx_srv *start(const hx_tspi *t, bench *b)
{
    hx_srv *s = hx_srv_create(t, on_msg, b);
    if (s && hx_srv_start(s, NULL) == 0) return s;
    if (s) hx_srv_destroy(s);
    return NULL;
}

/* Async cycles with the example provider. one_core: this thread and every thread
 * started from now on (dispatch, provider worker) run on the CPU it is on. */
static int bench_async(const hx_tspi *t, bench *b, int reps, int one_core, double *rate, double *p50, double *p99)
{
    double r[64], a[64], c[64], x, y;
    cpu_set_t all, one;
    hx_srv *s;
    int i, ok = 0;
    sched_getaffinity(0, sizeof all, &all);
    if (one_core) {
        CPU_ZERO(&one);
        CPU_SET(sched_getcpu(), &one);
        if (sched_setaffinity(0, sizeof one, &one) != 0) return -1;
    }
    if ((s = start(t, b)) && hx_line_open(s, 0, &b->line) == 0 &&
        run_cycles(b, CYCLES / 4, DEPTH, &x, &x, &y) == 0) {   /* warm-up */
        for (ok = 1, i = 0; i < reps && ok; i++)
            ok = run_cycles(b, CYCLES, DEPTH, &r[i], &x, &y) == 0 &&
                 run_cycles(b, LAT_CYCLES, 1, &x, &a[i], &c[i]) == 0;
    }
    if (s) {
        hx_srv_stop(s);
        hx_srv_destroy(s);
    }
    sched_setaffinity(0, sizeof all, &all);
    if (!ok) return -1;
    *rate = median(r, reps);
    *p50 = median(a, reps);
    *p99 = median(c, reps);
    return 0;
}

/* LINE_SENDMSPDATA routed to the echo MSP: messages/s. */
static int bench_msp(const hx_tspi *t, const char *echomsp, bench *b, int reps, double *rate, double *echoes)
{
    static const GUID clsid = ECHOMSP_CLSID_INIT;
    double r[64], e[64];
    hx_msp_line *ml;
    hx_msp_stats st0, st1;
    hx_srv *s = start(t, b);
    int i, ok = 0;
    if (s && hx_msphost_register(hx_srv_msphost(s), &clsid, echomsp) == 0 && hx_line_open(s, 0, &b->line) == 0 &&
        hx_line_open_msp(b->line, 0, &ml) == 0) {
        for (ok = 1, i = 0; i < reps && ok; i++) {
            char cmd[32];
            uint64_t t0;
            int n = snprintf(cmd, sizeof cmd, "msp %lu", MSP_MESSAGES);
            hx_srv_flush(s, WAIT_MS);
            hx_srv_msp_stats(s, &st0);
            pthread_mutex_lock(&b->lock);
            b->msp_seen = 0;
            b->msp_total = MSP_MESSAGES;
            pthread_mutex_unlock(&b->lock);
            t0 = now_ns();
            ok = hx_srv_wait_reply(s, hx_line_dev_specific(b->line, 0, NULL, cmd, (DWORD)n), WAIT_MS) == 0;
            pthread_mutex_lock(&b->lock);
            ok = ok && wait_for(b, msp_done) == 0;
            b->msp_total = 0;
            if (ok) r[i] = (double)MSP_MESSAGES * 1e9 / (double)(b->t_end - t0);
            pthread_mutex_unlock(&b->lock);
            hx_srv_flush(s, WAIT_MS);
            hx_srv_msp_stats(s, &st1);
            ok = ok && st1.to_msp - st0.to_msp == MSP_MESSAGES;
            e[i] = (double)(st1.to_tsp - st0.to_tsp);
        }
    }
    if (s) {
        hx_srv_stop(s);
        hx_srv_destroy(s);
    }
    if (!ok) return -1;
    *rate = median(r, reps);
    *echoes = median(e, reps) / MSP_MESSAGES;
    return 0;
}

/* Harness heap per line (device object + open) and per call. */
static int bench_memory(const hx_tspi *t, bench *b, double *per_line, double *per_call, double *proc_call)
{
    hx_srv *s = start(t, b);
    long long h0, h1, h2;
    size_t m0;
    unsigned i;
    int ok = s != NULL;
    hx_line *l0 = NULL;
    ok = ok && hx_line_open(s, 0, &l0) == 0;
    hx_srv_flush(s, WAIT_MS);
    h0 = atomic_load(&heap_live);
    /* 50 at a time: the message queue does not grow for them. */
    for (i = 1; ok && i < MEM_LINES; i += 50) {
        char cmd[16];
        int n = snprintf(cmd, sizeof cmd, "add %u", MEM_LINES - i < 50 ? MEM_LINES - i : 50);
        ok = hx_srv_wait_reply(s, hx_line_dev_specific(l0, 0, NULL, cmd, (DWORD)n), WAIT_MS) == 0 &&
             hx_srv_flush(s, WAIT_MS) == 0;
    }
    for (i = 1; ok && i < MEM_LINES; i++) {
        hx_line *l;
        ok = hx_line_open(s, i, &l) == 0;
    }
    ok = ok && hx_srv_num_lines(s) == MEM_LINES && hx_srv_flush(s, WAIT_MS) == 0;
    h1 = atomic_load(&heap_live);
    m0 = mallinfo2().uordblks;
    for (i = 0; ok && i < MEM_CALLS; i++) {
        hx_call *c;
        ok = hx_srv_wait_reply(s, hx_line_make_call(l0, "1", 0, NULL, &c), WAIT_MS) == 0;
    }
    ok = ok && hx_srv_flush(s, WAIT_MS) == 0;
    h2 = atomic_load(&heap_live);
    *proc_call = (double)(mallinfo2().uordblks - m0) / MEM_CALLS;
    if (s) {
        hx_srv_stop(s);
        hx_srv_destroy(s);
    }
    *per_line = (double)(h1 - h0) / (MEM_LINES - 1);
    *per_call = (double)(h2 - h1) / MEM_CALLS;
    return ok ? 0 : -1;
}

static const hx_tspi *load(const char *dir, const char *name, hx_module **m)
{
    char path[1100], err[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(*m = hx_module_load(path, err, sizeof err))) {
        fprintf(stderr, "bench_harness: %s\n", err);
        return NULL;
    }
    return hx_module_tspi(*m);
}

int main(int argc, char **argv)
{
    static bench b;
    hx_module *loop = NULL, *pair = NULL;
    const hx_tspi *tl, *tp;
    char dir[512], echomsp[1024], note[128];
    double rate, p50, p99, rate1, p50_1, p99_1, per_line, per_call, proc_call, echoes;
    int reps = argc > 2 ? atoi(argv[2]) : 5, failed = 0;
    const char *only = argc > 3 ? argv[3] : NULL;
    if (reps < 1 || reps > 64) {
        fprintf(stderr, "usage: bench_harness [MODULE_DIR [repetitions 1..64 [async|msp|memory]]]\n");
        return 1;
    }
    if (argc > 1) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
    } else {
        const char *slash = strrchr(argv[0], '/');
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
    }
    snprintf(echomsp, sizeof echomsp, "%s/msps/echomsp.so", dir);
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.done_cv, NULL);
    if (!(b.lat = (uint64_t *)__real_malloc(CYCLES * sizeof *b.lat)) || !(tl = load(dir, "loopback.so", &loop)) ||
        !(tp = load(dir, "providers/benchtsp.so", &pair)))
        return 1;

    if (only && strcmp(only, "async") != 0) {
    } else if (bench_async(tl, &b, reps, 1, &rate1, &p50_1, &p99_1) == 0 &&
        bench_async(tl, &b, reps, 0, &rate, &p50, &p99) == 0) {
        snprintf(note, sizeof note, "loopback ping, %d in flight, one CPU", DEPTH);
        bench_row("harness async cycles/s (1 core)", rate1, "/s", ">=", 500000, note);
        snprintf(note, sizeof note, "loopback ping, %d in flight, all CPUs", DEPTH);
        bench_row("harness async cycles/s (unpinned)", rate, "/s", "-", 0, note);
        bench_row("harness async latency p50 (1 core)", p50_1, "us", "-", 0, "1 in flight, issue -> LINE_REPLY delivered");
        bench_row("harness async latency p99 (1 core)", p99_1, "us", "<=", 50, "1 in flight");
        bench_row("harness async latency p50 (unpinned)", p50, "us", "-", 0, "1 in flight");
        bench_row("harness async latency p99 (unpinned)", p99, "us", "<=", 50, "1 in flight");
    } else {
        fprintf(stderr, "bench_harness: the async cycle benchmark could not run\n");
        failed = 1;
    }
    if (only && strcmp(only, "msp") != 0) {
    } else if (bench_msp(tp, echomsp, &b, reps, &rate, &echoes) == 0) {
        snprintf(note, sizeof note, "benchtsp -> echomsp, 16 B, each echoed back (%.2f/msg)", echoes);
        bench_row("harness LINE_SENDMSPDATA routed/s", rate, "/s", ">=", 1000000, note);
    } else {
        fprintf(stderr, "bench_harness: the MSP routing benchmark could not run\n");
        failed = 1;
    }
    if (only && strcmp(only, "memory") != 0) {
    } else if (bench_memory(tp, &b, &per_line, &per_call, &proc_call) == 0) {
        snprintf(note, sizeof note, "%u lines: device object + open", MEM_LINES);
        bench_row("harness memory per open line", per_line, "B", "-", 0, note);
        snprintf(note, sizeof note, "%u calls open; whole process incl. provider: %.0f B", MEM_CALLS, proc_call);
        bench_row("harness memory per call", per_call, "B", "<=", 2048, note);
    } else {
        fprintf(stderr, "bench_harness: the memory benchmark could not run\n");
        failed = 1;
    }
    __real_free(b.lat);
    hx_module_unload(pair);
    hx_module_unload(loop);
    return failed;
}
