/*
 * tools/bench/h323_call_bench.c - the H.323 call rows of `make bench` (issue 5): real calls
 * between two engines, each driven by the socket layer (tsp-h323/net/) on its own thread,
 * over TCP on 127.0.0.1. docs/bench.md says what each row measures.
 *
 *     h323_call_bench [cycles|latency|memory|idle]...      (default: all)
 *
 * A call is the default configuration's: fast start (G.711 mu-law and A-law offered) with
 * H.245 tunnelled, alice calls bob directly (no gatekeeper); bob answers at once (Connect);
 * the cycle ends with alice's ReleaseComplete (cause 16) and both TCP closes.
 *
 *  cycles   setup -> connect -> release cycles per second, 64 calls in flight, alice's and
 *           bob's loops each on a thread of their own (2 cores); median of 3 runs of 20,000
 *  latency  one call at a time: from the make-call request on alice's loop thread to her
 *           CONNECTED event; median and p99 of 5,000
 *  memory   1,000 calls held connected (H.245 done): heap added on alice's loop thread,
 *           whose code is the engine and the socket layer, per call (malloc & co. wrapped
 *           with -Wl,--wrap, counted per thread); bob's side in the note
 *  idle     10,000 calls held connected in one process (alice's; bob is a child process, as
 *           the descriptor limit of the machine may not allow 20,000 in one): time per call
 *           to set up the first 1,000 and the last 1,000, their ratio, and the CPU the two
 *           processes use while the 10,000 calls are idle
 * The program raises RLIMIT_NOFILE itself (h323_net_raise_fd_limit). Exit status 0 when
 * every part ran, 1 when one could not (a call failed, a wait ran out: bounded waits).
 */
#define _GNU_SOURCE 1
#include "bench_row.h"
#include "net/h323_net.h"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define IN_FLIGHT 64
#define CYCLES 20000u
#define WARMUP 2000u
#define LAT_CALLS 5000u
#define MEM_CALLS 1000u
#define IDLE_CALLS 10000u
#define IDLE_BATCH 100u
#define WAIT_S 120

/* ---- heap accounting per thread ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

/* Bytes the calling thread holds (allocated minus freed by it, usable sizes). Each loop
 * runs on one thread, and what it allocates it frees, so a loop thread's counter is its
 * endpoint's heap. */
static _Thread_local atomic_llong heap_here;

static void heap_add(void *p, long long sign)
{
    if (p)
        atomic_fetch_add_explicit(&heap_here, sign * (long long)malloc_usable_size(p), memory_order_relaxed);
}
void *__wrap_malloc(size_t n) { void *p = __real_malloc(n); heap_add(p, 1); return p; }
void *__wrap_calloc(size_t n, size_t s) { void *p = __real_calloc(n, s); heap_add(p, 1); return p; }
void *__wrap_realloc(void *p, size_t n)
{
    long long old = p ? (long long)malloc_usable_size(p) : 0;
    void *q = __real_realloc(p, n);
    if (q || n == 0)
        atomic_fetch_sub_explicit(&heap_here, old, memory_order_relaxed);
    heap_add(q, 1);
    return q;
}
void __wrap_free(void *p) { heap_add(p, -1); __real_free(p); }

/* ---- helpers ---- */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static const h323_addr LOOP = { .family = 4, .ip = { 127, 0, 0, 1 } };

/* ---- the two endpoints ---- */

enum mode { M_CYCLE, M_HOLD };

typedef struct ep {
    h323_net *net;
    pthread_t thread;
    atomic_llong *heap;        /* the loop thread's heap counter */
    atomic_bool started;
    int run_result;
} ep;

typedef struct bench {
    ep a, b;
    h323_addr bob_at, media_a, media_b;
    enum mode mode;
    /* alice's loop thread only */
    uint64_t target, started, completed, connected, h245_ready;
    uint64_t t0;               /* latency mode: when the one call in flight was requested */
    uint64_t *lat;
    size_t nlat, caplat;
    bool timing;
    /* bob's loop thread only */
    uint64_t b_connected, b_h245_ready;
    /* shared */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_ullong a_connected, a_ready, a_done, b_ready, b_conn, failed;
    uint64_t t_end;
} bench;

static void signal_main(bench *b)
{
    pthread_mutex_lock(&b->mu);
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
}

static void make_one(bench *b)
{
    h323_call_params p = { .dest_alias = "bob", .dest_addr = b->bob_at, .media = b->media_a };
    b->started++;
    b->t0 = now_ns();
    if (h323_net_make_call(b->a.net, &p, NULL, NULL) != 0)
        atomic_fetch_add(&b->failed, 1);
}

static void on_alice(void *user, h323_net *net, uint32_t id, const h323_event *ev)
{
    bench *b = user;
    switch (ev->type) {
    case H323_EV_CONNECTED:
        if (b->mode == M_HOLD) {
            atomic_fetch_add(&b->a_connected, 1);
            signal_main(b);
            return;
        }
        if (b->timing && b->nlat < b->caplat)
            b->lat[b->nlat++] = now_ns() - b->t0;
        h323_net_hangup(net, id, H323_CAUSE_NORMAL);
        break;
    case H323_EV_H245_READY:
        atomic_fetch_add(&b->a_ready, 1);
        if (b->mode == M_HOLD)
            signal_main(b);
        break;
    case H323_EV_RELEASED:
        if (ev->u.released.cause != H323_CAUSE_NORMAL || b->mode == M_HOLD) {
            if (atomic_fetch_add(&b->failed, 1) < 3)
                fprintf(stderr, "h323_call_bench: call %u released: cause %u (%s)\n", (unsigned)id,
                        (unsigned)ev->u.released.cause, ev->u.released.text ? ev->u.released.text : "");
        }
        b->completed++;
        if (b->started < b->target && !atomic_load(&b->failed))
            make_one(b);
        else if (b->completed == b->started) {
            b->t_end = now_ns();
            atomic_store(&b->a_done, 1);
            signal_main(b);
        }
        break;
    default:
        break;
    }
}

static void on_bob(void *user, h323_net *net, uint32_t id, const h323_event *ev)
{
    bench *b = user;
    if (ev->type == H323_EV_INCOMING)
        h323_net_answer(net, id, &b->media_b);
    else if (ev->type == H323_EV_H245_READY)
        atomic_fetch_add(&b->b_ready, 1);
    else if (ev->type == H323_EV_CONNECTED)
        atomic_fetch_add(&b->b_conn, 1);
}

static void *loop_main(void *arg)
{
    ep *e = arg;
    e->heap = &heap_here;
    atomic_store(&e->started, true);
    e->run_result = h323_net_run(e->net);
    return NULL;
}

static int ep_open(ep *e, const char *alias, bool listen, h323_net_event_fn fn, void *user)
{
    h323_net_config c;
    h323_net_config_defaults(&c);
    c.ep.h323_id = alias;
    c.listen = LOOP;
    c.no_listen = !listen;
    c.event = fn;
    c.user = user;
    int r = h323_net_new(&c, &e->net);
    if (r) {
        fprintf(stderr, "h323_call_bench: h323_net_new(%s): %d\n", alias, r);
        return r;
    }
    return 0;
}

static int ep_start(ep *e)
{
    atomic_init(&e->started, false);
    if (pthread_create(&e->thread, NULL, loop_main, e) != 0)
        return -1;
    while (!atomic_load(&e->started))
        sched_yield();
    return 0;
}

static void ep_stop(ep *e)
{
    h323_net_stop(e->net);
    pthread_join(e->thread, NULL);
    h323_net_free(e->net);
    e->net = NULL;
}

/* Waits until pred(b) or WAIT_S seconds; false (and a message) on time-out. */
static bool wait_until(bench *b, bool (*pred)(bench *), const char *what)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += WAIT_S;
    pthread_mutex_lock(&b->mu);
    int r = 0;
    while (!pred(b) && r == 0)
        r = pthread_cond_timedwait(&b->cv, &b->mu, &until);
    bool ok = pred(b);
    pthread_mutex_unlock(&b->mu);
    if (!ok)
        fprintf(stderr, "h323_call_bench: %s did not happen within %d s (failed calls: %llu)\n", what, WAIT_S,
                (unsigned long long)atomic_load(&b->failed));
    return ok;
}

static bool cycles_done(bench *b) { return atomic_load(&b->a_done) || atomic_load(&b->failed); }

static bench *bench_new(void)
{
    bench *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    b->media_a = LOOP;
    b->media_a.port = 5000;
    b->media_b = LOOP;
    b->media_b.port = 6000;
    if (ep_open(&b->b, "bob", true, on_bob, b) || ep_open(&b->a, "alice", false, on_alice, b)) {
        if (b->b.net)
            h323_net_free(b->b.net);
        free(b);
        return NULL;
    }
    b->bob_at = h323_net_signal_addr(b->b.net);
    if (ep_start(&b->b) || ep_start(&b->a)) {
        fprintf(stderr, "h323_call_bench: cannot start the loop threads\n");
        exit(1);
    }
    return b;
}

static void bench_free(bench *b)
{
    ep_stop(&b->a);
    ep_stop(&b->b);
    free(b->lat);
    pthread_cond_destroy(&b->cv);
    pthread_mutex_destroy(&b->mu);
    free(b);
}

typedef struct run_arg { bench *b; uint64_t total, window; } run_arg;

/* On alice's loop: starts a run of `total` cycles with `window` in flight. */
static void start_run(h323_net *n, void *arg)
{
    (void)n;
    run_arg *r = arg;
    bench *b = r->b;
    b->target = r->total;
    b->started = b->completed = 0;
    for (uint64_t i = 0; i < r->window && i < r->total; i++)
        make_one(b);
}

/* One run; the elapsed seconds, or -1. */
static double run_cycles(bench *b, uint64_t total, uint64_t window)
{
    static run_arg r;
    r = (run_arg){ b, total, window };
    atomic_store(&b->a_done, 0);          /* before the run starts: the wait must see this run's end */
    uint64_t t = now_ns();
    if (h323_net_post(b->a.net, start_run, &r) != 0 || !wait_until(b, cycles_done, "a run of call cycles") ||
        atomic_load(&b->failed))
        return -1;
    return (double)(b->t_end - t) / 1e9;
}

/* ---- the parts ---- */

static int part_cycles(void)
{
    bench *b = bench_new();
    if (!b)
        return 1;
    b->mode = M_CYCLE;
    double rate[3];
    int ok = run_cycles(b, WARMUP, IN_FLIGHT) >= 0;
    for (int i = 0; ok && i < 3; i++) {
        double s = run_cycles(b, CYCLES, IN_FLIGHT);
        ok = s > 0;
        rate[i] = ok ? CYCLES / s : 0;
        if (ok)
            printf("# cycles run %d: %u in %.3f s = %.0f/s\n", i + 1, CYCLES, s, rate[i]);
    }
    bench_free(b);
    if (!ok)
        return 1;
    qsort(rate, 3, sizeof rate[0], bench_cmp_double);
    bench_row("H.323 call cycles/s (2 engines, 2 cores)", rate[1], "/s", ">=", 5000,
              "setup->connect->release over TCP 127.0.0.1, fast start, 64 in flight, median of 3x20k");
    return 0;
}

static int part_latency(void)
{
    bench *b = bench_new();
    if (!b)
        return 1;
    b->mode = M_CYCLE;
    b->lat = calloc(LAT_CALLS, sizeof *b->lat);
    b->caplat = LAT_CALLS;
    int ok = b->lat && run_cycles(b, 500, 1) >= 0;
    b->timing = true;
    ok = ok && run_cycles(b, LAT_CALLS, 1) >= 0;
    size_t n = b->nlat;
    uint64_t p50 = 0, p99 = 0;
    if (ok && n) {
        qsort(b->lat, n, sizeof *b->lat, bench_cmp_u64);
        p50 = b->lat[n / 2];
        p99 = b->lat[n * 99 / 100];
    }
    bench_free(b);
    if (!ok || !n)
        return 1;
    char note[160];
    snprintf(note, sizeof note, "make-call request to CONNECTED at the caller, one call at a time; p99 %.1f us, %zu calls",
             p99 / 1e3, n);
    bench_row("H.323 setup-to-connect p50", p50 / 1e3, "us", "<=", 100, note);
    return 0;
}

static bool held_mem(bench *b)
{
    return atomic_load(&b->failed) || (atomic_load(&b->a_connected) >= MEM_CALLS && atomic_load(&b->a_ready) >= MEM_CALLS &&
                                       atomic_load(&b->b_ready) >= MEM_CALLS);
}

static void start_hold(h323_net *n, void *arg)
{
    (void)n;
    bench *b = arg;
    for (unsigned i = 0; i < MEM_CALLS; i++)
        make_one(b);
}

static int part_memory(void)
{
    bench *b = bench_new();
    if (!b)
        return 1;
    b->mode = M_HOLD;
    usleep(100000);
    long long a0 = atomic_load(b->a.heap), b0 = atomic_load(b->b.heap);
    int ok = h323_net_post(b->a.net, start_hold, b) == 0 && wait_until(b, held_mem, "1,000 connected calls");
    ok = ok && !atomic_load(&b->failed);
    usleep(200000);                        /* let the last H.245 answers arrive */
    long long a1 = atomic_load(b->a.heap), b1 = atomic_load(b->b.heap);
    h323_ep_stats st;
    h323_ep_stats_get(h323_net_ep(b->a.net), &st);
    bench_free(b);
    if (!ok)
        return 1;
    double per_a = (double)(a1 - a0) / MEM_CALLS, per_b = (double)(b1 - b0) / MEM_CALLS;
    char note[200];
    snprintf(note, sizeof note, "caller: engine + socket layer heap / 1000 held calls; callee %.0f B; engine's own count %llu B",
             per_b, (unsigned long long)st.bytes_per_call);
    bench_row("H.323 memory per connected call", per_a, "B", "<=", 8192, note);
    return 0;
}

/* ---- idle: 10,000 calls, bob in a child process ---- */

static void stop_on_eof(int fd, h323_net *n)
{
    char c;
    while (read(fd, &c, 1) > 0)
        ;
    h323_net_stop(n);
}

typedef struct child_arg { int fd; h323_net *net; } child_arg;
static void *child_watch(void *p)
{
    child_arg *c = p;
    stop_on_eof(c->fd, c->net);
    return NULL;
}

/* The child: bob, answering everything, until its parent closes the pipe. */
static int run_child(int ctl_in, int port_out)
{
    h323_net_raise_fd_limit(IDLE_CALLS + 512, NULL);
    bench b = { .media_b = LOOP };
    b.media_b.port = 6000;
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv, NULL);
    if (ep_open(&b.b, "bob", true, on_bob, &b))
        return 1;
    h323_addr at = h323_net_signal_addr(b.b.net);
    if (write(port_out, &at, sizeof at) != (ssize_t)sizeof at)
        return 1;
    close(port_out);
    child_arg c = { ctl_in, b.b.net };
    pthread_t t;
    pthread_create(&t, NULL, child_watch, &c);
    int r = h323_net_run(b.b.net);
    pthread_join(t, NULL);
    h323_net_free(b.b.net);
    return r ? 1 : 0;
}

static double cpu_seconds_of(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');           /* the name may hold spaces */
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return 0;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static bool idle_batch_done(bench *b)
{
    return atomic_load(&b->failed) || atomic_load(&b->a_connected) >= b->target;
}

typedef struct batch_arg { bench *b; unsigned n; } batch_arg;
static void start_batch(h323_net *n, void *arg)
{
    (void)n;
    batch_arg *a = arg;
    for (unsigned i = 0; i < a->n; i++)
        make_one(a->b);
}

typedef struct stats_arg { h323_net_stats *st; atomic_bool done; } stats_arg;
static void get_stats(h323_net *n, void *arg)        /* on the loop thread */
{
    stats_arg *a = arg;
    h323_net_stats_get(n, a->st);
    atomic_store(&a->done, true);
}

static int part_idle(void)
{
    uint64_t got = 0;
    h323_net_raise_fd_limit(IDLE_CALLS + 512, &got);
    if (got < IDLE_CALLS + 64) {
        fprintf(stderr, "h323_call_bench: the descriptor limit is %llu; 10,000 calls need %u\n",
                (unsigned long long)got, IDLE_CALLS + 64);
        return 1;
    }
    int ctl[2], port[2];
    if (pipe(ctl) || pipe(port))
        return 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        close(ctl[1]);
        close(port[0]);
        _exit(run_child(ctl[0], port[1]));
    }
    close(ctl[0]);
    close(port[1]);
    bench *b = calloc(1, sizeof *b);
    h323_addr at;
    int ok = b && read(port[0], &at, sizeof at) == (ssize_t)sizeof at;
    close(port[0]);
    if (ok) {
        pthread_mutex_init(&b->mu, NULL);
        pthread_cond_init(&b->cv, NULL);
        b->media_a = LOOP;
        b->media_a.port = 5000;
        b->bob_at = at;
        b->mode = M_HOLD;
        ok = ep_open(&b->a, "alice", false, on_alice, b) == 0 && ep_start(&b->a) == 0;
    }
    double t_first = 0, t_last = 0;
    static batch_arg ba;
    for (unsigned k = 0; ok && k < IDLE_CALLS / IDLE_BATCH; k++) {
        ba = (batch_arg){ b, IDLE_BATCH };
        pthread_mutex_lock(&b->mu);
        b->target = (uint64_t)(k + 1) * IDLE_BATCH;
        pthread_mutex_unlock(&b->mu);
        uint64_t t = now_ns();
        ok = h323_net_post(b->a.net, start_batch, &ba) == 0 && wait_until(b, idle_batch_done, "a batch of 100 calls") &&
             !atomic_load(&b->failed);
        double s = (double)(now_ns() - t) / 1e9;
        if (k < 1000 / IDLE_BATCH)
            t_first += s;
        if (k >= (IDLE_CALLS - 1000) / IDLE_BATCH)
            t_last += s;
    }
    h323_net_stats ns = { 0 };
    double cpu_parent = 0, cpu_child = 0, wall = 0;
    if (ok) {
        sleep(1);                           /* the tunnelled H.245 of the last calls */
        struct rusage r0, r1;
        double c0 = cpu_seconds_of(pid);
        getrusage(RUSAGE_SELF, &r0);
        uint64_t t = now_ns();
        sleep(3);
        getrusage(RUSAGE_SELF, &r1);
        wall = (double)(now_ns() - t) / 1e9;
        cpu_child = cpu_seconds_of(pid) - c0;
        cpu_parent = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec + r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
                     (double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec + r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
        static stats_arg sa;
        sa = (stats_arg){ .st = &ns };
        ok = h323_net_post(b->a.net, get_stats, &sa) == 0;
        for (int i = 0; ok && !atomic_load(&sa.done) && i < WAIT_S * 100; i++)
            usleep(10000);
    }
    uint64_t held = b ? atomic_load(&b->a_connected) : 0;
    if (b && b->a.net)
        ep_stop(&b->a);
    close(ctl[1]);                          /* the child stops */
    int status = 0;
    waitpid(pid, &status, 0);
    free(b);
    if (!ok)
        return 1;
    double us_first = t_first / 1000 * 1e6, us_last = t_last / 1000 * 1e6;
    char note[200];
    snprintf(note, sizeof note, "%llu calls held, %llu connections in the caller; the caller's loop", (unsigned long long)held,
             (unsigned long long)ns.conns_open);
    bench_row("H.323 concurrent connected calls", (double)held, "calls", ">=", 10000, note);
    snprintf(note, sizeof note, "calls 9001-10000: %.1f us/call; calls 1-1000: %.1f us/call (batches of 100)", us_last,
             us_first);
    bench_row("H.323 setup time/call at 10k vs 1k", us_last / us_first, "x", "<=", 1.5, note);
    snprintf(note, sizeof note, "10,000 idle calls for %.1f s: caller %.2f%%, callee %.2f%% of one core", wall,
             100 * cpu_parent / wall, 100 * cpu_child / wall);
    bench_row("H.323 CPU with 10k idle calls", 100 * (cpu_parent + cpu_child) / wall, "%", "<=", 1, note);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    h323_net_raise_fd_limit(4096, NULL);
    static const char *const names[] = { "cycles", "latency", "memory", "idle" };
    static int (*const parts[])(void) = { part_cycles, part_latency, part_memory, part_idle };
    int failed = 0;
    for (size_t i = 0; i < 4; i++) {
        bool want = argc < 2;
        for (int k = 1; k < argc; k++)
            want |= strcmp(argv[k], names[i]) == 0;
        if (want && parts[i]()) {
            fprintf(stderr, "h323_call_bench: %s could not run\n", names[i]);
            failed = 1;
        }
    }
    return failed;
}
