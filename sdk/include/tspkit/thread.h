/*
 * tspkit/thread.h - portable threads, locks, condition variables, a monotonic
 * clock and a multi-producer multi-consumer queue, for provider worker threads.
 *
 * What it does: the small set of primitives a TSP needs to run its own
 * threads (e.g. a loopback line completing requests from a worker), on
 * POSIX threads and on Win32 (CreateThread, SRWLOCK, CONDITION_VARIABLE,
 * QueryPerformanceCounter), with one API and one set of return codes.
 * Atomics: use C11 <stdatomic.h>, which both gcc and mingw-w64 provide.
 *
 * Usage (exactly one .c file of the program defines TSPKIT_IMPLEMENTATION):
 *
 *     #define TSPKIT_IMPLEMENTATION
 *     #include <tspkit/thread.h>
 *
 *     static void worker(void *user)
 *     {
 *         tspk_queue *q = user;
 *         int job;
 *         while (tspk_queue_pop(q, &job, TSPK_INFINITE) == 0)
 *             ;                      // ... do the job ...
 *     }
 *
 *     tspk_queue q;
 *     tspk_thread t;
 *     int job = 42;
 *     tspk_queue_init(&q, sizeof(int), 1024);
 *     tspk_thread_create(&t, worker, &q);
 *     tspk_queue_push(&q, &job);
 *     tspk_queue_close(&q);          // worker drains, then pop says closed
 *     tspk_thread_join(&t);
 *     tspk_queue_free(&q);
 *
 * Errors are negative errno values (TSPK_E*), never printed.
 *
 * POSIX: the implementation needs clock_gettime and CLOCK_MONOTONIC, which
 * strict -std=c11 hides. If no feature macro is set, this header selects
 * _DEFAULT_SOURCE, which works when the TSPKIT_IMPLEMENTATION file includes
 * tspkit headers before any system header; otherwise build that file with
 * -D_POSIX_C_SOURCE=200809L (or -D_DEFAULT_SOURCE, -std=gnu11). Other files
 * may include tspkit headers in any order.
 * On Windows it includes <windows.h> (Vista or later: _WIN32_WINNT >= 0x0600).
 */
#ifndef TSPKIT_THREAD_H
#define TSPKIT_THREAD_H

#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) && \
    !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE) && !defined(_BSD_SOURCE)
#  define _DEFAULT_SOURCE 1
#endif

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#ifdef _WIN32
#  include <windows.h>
#  if defined(_WIN32_WINNT) && _WIN32_WINNT < 0x0600
#    error "tspkit/thread.h needs _WIN32_WINNT >= 0x0600 (SRWLOCK, CONDITION_VARIABLE)"
#  endif
#else
#  include <pthread.h>
#endif

/* Return codes shared by every function below (0 = success). */
#define TSPK_ETIMEDOUT (-ETIMEDOUT) /* the timeout expired first */
#define TSPK_ECLOSED   (-EPIPE)     /* queue closed (and, for pop, drained) */
#define TSPK_EFULL     (-EAGAIN)    /* queue holds max_items already */
#define TSPK_ENOMEM    (-ENOMEM)
#define TSPK_EINVAL    (-EINVAL)

/* Timeout meaning "wait forever", same value as Win32 INFINITE. */
#define TSPK_INFINITE UINT32_MAX

/* ---- threads ------------------------------------------------------------ */

typedef void (*tspk_thread_fn)(void *user);

/* Caller-allocated; must stay valid until tspk_thread_join returns. */
typedef struct tspk_thread {
#ifdef _WIN32
    HANDLE handle;
#else
    pthread_t tid;
#endif
    tspk_thread_fn fn;
    void *user;
} tspk_thread;

/* Starts fn(user) on a new thread. 0 or TSPK_ENOMEM/TSPK_EINVAL/-errno. */
int tspk_thread_create(tspk_thread *t, tspk_thread_fn fn, void *user);
/* Waits for the thread to finish and releases it. 0 or -errno. */
int tspk_thread_join(tspk_thread *t);
/* The OS id of the calling thread (gettid on Linux, GetCurrentThreadId on
 * Windows): the number debuggers and DbgView show. */
uint64_t tspk_thread_self_id(void);

/* ---- mutexes and condition variables ------------------------------------ */

/* Not recursive. Destroy only when unlocked and unused. */
typedef struct tspk_mutex {
#ifdef _WIN32
    SRWLOCK lock;
#else
    pthread_mutex_t lock;
#endif
} tspk_mutex;

typedef struct tspk_cond {
#ifdef _WIN32
    CONDITION_VARIABLE cv;
#else
    pthread_cond_t cv;
#endif
} tspk_cond;

int tspk_mutex_init(tspk_mutex *m);
void tspk_mutex_destroy(tspk_mutex *m);
void tspk_mutex_lock(tspk_mutex *m);
void tspk_mutex_unlock(tspk_mutex *m);

int tspk_cond_init(tspk_cond *c);
void tspk_cond_destroy(tspk_cond *c);
/* Both may wake spuriously: callers re-check their predicate in a loop. */
void tspk_cond_wait(tspk_cond *c, tspk_mutex *m);
/* 0 if woken (or spurious), TSPK_ETIMEDOUT after timeout_ms (TSPK_INFINITE ok). */
int tspk_cond_timedwait(tspk_cond *c, tspk_mutex *m, uint32_t timeout_ms);
void tspk_cond_signal(tspk_cond *c);
void tspk_cond_broadcast(tspk_cond *c);

/* ---- time --------------------------------------------------------------- */

/* Microseconds on a monotonic clock with an arbitrary origin. */
uint64_t tspk_now_us(void);
void tspk_sleep_ms(uint32_t ms);

/* ---- queue -------------------------------------------------------------- */

/* FIFO of fixed-size items, safe for any number of producers and consumers.
 * Storage grows on demand up to max_items; push never blocks (a provider
 * must not stall TAPISRV's thread), pop waits. Fields are private. */
typedef struct tspk_queue {
    tspk_mutex lock;
    tspk_cond readable;
    unsigned char *ring;
    size_t item_size, max_items, cap, head, count;
    int closed;
} tspk_queue;

/* 0, TSPK_EINVAL (item_size or max_items is 0) or -errno. */
int tspk_queue_init(tspk_queue *q, size_t item_size, size_t max_items);
/* Frees storage; no thread may be using the queue any more. */
void tspk_queue_free(tspk_queue *q);
/* Copies item_size bytes in. 0, TSPK_EFULL, TSPK_ECLOSED or TSPK_ENOMEM. */
int tspk_queue_push(tspk_queue *q, const void *item);
/* Copies the oldest item out. 0, TSPK_ETIMEDOUT (also for timeout 0 on an
 * empty queue) or TSPK_ECLOSED once the queue is closed and empty. */
int tspk_queue_pop(tspk_queue *q, void *item, uint32_t timeout_ms);
/* Refuses further pushes and wakes every waiting pop; items already queued
 * are still delivered. Idempotent. */
void tspk_queue_close(tspk_queue *q);
size_t tspk_queue_count(tspk_queue *q);

#endif /* TSPKIT_THREAD_H */

/* ========================================================================= */
#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_THREAD_DONE)
#define TSPKIT_THREAD_DONE

#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#  if !defined(CLOCK_MONOTONIC)
#    error "the TSPKIT_IMPLEMENTATION file must include tspkit headers before system headers, or build with -D_POSIX_C_SOURCE=200809L"
#  endif
#  include <unistd.h>
#  if defined(__linux__)
#    include <sys/syscall.h>
#  endif
#endif

/* ---- threads ---- */

#ifdef _WIN32

static DWORD WINAPI tspk__thread_start(LPVOID p)
{
    tspk_thread *t = p;
    t->fn(t->user);
    return 0;
}

int tspk_thread_create(tspk_thread *t, tspk_thread_fn fn, void *user)
{
    if (!t || !fn)
        return TSPK_EINVAL;
    t->fn = fn;
    t->user = user;
    t->handle = CreateThread(NULL, 0, tspk__thread_start, t, 0, NULL);
    return t->handle ? 0 : TSPK_ENOMEM;
}

int tspk_thread_join(tspk_thread *t)
{
    if (WaitForSingleObject(t->handle, INFINITE) != WAIT_OBJECT_0)
        return TSPK_EINVAL;
    CloseHandle(t->handle);
    t->handle = NULL;
    return 0;
}

uint64_t tspk_thread_self_id(void)
{
    return GetCurrentThreadId();
}

#else /* POSIX */

static void *tspk__thread_start(void *p)
{
    tspk_thread *t = p;
    t->fn(t->user);
    return NULL;
}

int tspk_thread_create(tspk_thread *t, tspk_thread_fn fn, void *user)
{
    if (!t || !fn)
        return TSPK_EINVAL;
    t->fn = fn;
    t->user = user;
    return -pthread_create(&t->tid, NULL, tspk__thread_start, t);
}

int tspk_thread_join(tspk_thread *t)
{
    return -pthread_join(t->tid, NULL);
}

uint64_t tspk_thread_self_id(void)
{
#if defined(__linux__) && defined(SYS_gettid) && \
    (defined(_DEFAULT_SOURCE) || defined(_GNU_SOURCE) || defined(_BSD_SOURCE))
    return (uint64_t)syscall(SYS_gettid);
#else
    return (uint64_t)(uintptr_t)pthread_self();
#endif
}

#endif

/* ---- mutexes and condition variables ---- */

#ifdef _WIN32

int tspk_mutex_init(tspk_mutex *m) { InitializeSRWLock(&m->lock); return 0; }
/* SRW locks own no resources. */
void tspk_mutex_destroy(tspk_mutex *m) { (void)m; }
void tspk_mutex_lock(tspk_mutex *m) { AcquireSRWLockExclusive(&m->lock); }
void tspk_mutex_unlock(tspk_mutex *m) { ReleaseSRWLockExclusive(&m->lock); }

int tspk_cond_init(tspk_cond *c) { InitializeConditionVariable(&c->cv); return 0; }
void tspk_cond_destroy(tspk_cond *c) { (void)c; }
void tspk_cond_wait(tspk_cond *c, tspk_mutex *m)
{
    SleepConditionVariableSRW(&c->cv, &m->lock, INFINITE, 0);
}

int tspk_cond_timedwait(tspk_cond *c, tspk_mutex *m, uint32_t timeout_ms)
{
    if (SleepConditionVariableSRW(&c->cv, &m->lock, timeout_ms, 0))
        return 0;
    return GetLastError() == ERROR_TIMEOUT ? TSPK_ETIMEDOUT : TSPK_EINVAL;
}

void tspk_cond_signal(tspk_cond *c) { WakeConditionVariable(&c->cv); }
void tspk_cond_broadcast(tspk_cond *c) { WakeAllConditionVariable(&c->cv); }

#else /* POSIX */

int tspk_mutex_init(tspk_mutex *m) { return -pthread_mutex_init(&m->lock, NULL); }
void tspk_mutex_destroy(tspk_mutex *m) { pthread_mutex_destroy(&m->lock); }
void tspk_mutex_lock(tspk_mutex *m) { pthread_mutex_lock(&m->lock); }
void tspk_mutex_unlock(tspk_mutex *m) { pthread_mutex_unlock(&m->lock); }

/* Timed waits measure on CLOCK_MONOTONIC so that setting the wall clock
 * neither shortens nor stretches them. */
int tspk_cond_init(tspk_cond *c)
{
    pthread_condattr_t attr;
    int rc = pthread_condattr_init(&attr);
    if (rc)
        return -rc;
    rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (!rc)
        rc = pthread_cond_init(&c->cv, &attr);
    pthread_condattr_destroy(&attr);
    return -rc;
}

void tspk_cond_destroy(tspk_cond *c) { pthread_cond_destroy(&c->cv); }
void tspk_cond_wait(tspk_cond *c, tspk_mutex *m) { pthread_cond_wait(&c->cv, &m->lock); }

int tspk_cond_timedwait(tspk_cond *c, tspk_mutex *m, uint32_t timeout_ms)
{
    struct timespec ts;
    if (timeout_ms == TSPK_INFINITE) {
        pthread_cond_wait(&c->cv, &m->lock);
        return 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += (time_t)(timeout_ms / 1000u);
    ts.tv_nsec += (long)(timeout_ms % 1000u) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return pthread_cond_timedwait(&c->cv, &m->lock, &ts) == ETIMEDOUT ? TSPK_ETIMEDOUT : 0;
}

void tspk_cond_signal(tspk_cond *c) { pthread_cond_signal(&c->cv); }
void tspk_cond_broadcast(tspk_cond *c) { pthread_cond_broadcast(&c->cv); }

#endif

/* ---- time ---- */

#ifdef _WIN32

uint64_t tspk_now_us(void)
{
    LARGE_INTEGER count, freq;
    uint64_t c, f;
    QueryPerformanceCounter(&count);
    QueryPerformanceFrequency(&freq);
    c = (uint64_t)count.QuadPart;
    f = (uint64_t)freq.QuadPart;
    /* Split to avoid overflowing c * 1e6 after a few days of uptime. */
    return c / f * 1000000u + c % f * 1000000u / f;
}

void tspk_sleep_ms(uint32_t ms) { Sleep(ms); }

#else

uint64_t tspk_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void tspk_sleep_ms(uint32_t ms)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ms / 1000u);
    ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

#endif

/* ---- queue ---- */

int tspk_queue_init(tspk_queue *q, size_t item_size, size_t max_items)
{
    int rc;
    if (!q || !item_size || !max_items || max_items > SIZE_MAX / item_size)
        return TSPK_EINVAL;
    memset(q, 0, sizeof *q);
    q->item_size = item_size;
    q->max_items = max_items;
    rc = tspk_mutex_init(&q->lock);
    if (rc)
        return rc;
    rc = tspk_cond_init(&q->readable);
    if (rc)
        tspk_mutex_destroy(&q->lock);
    return rc;
}

void tspk_queue_free(tspk_queue *q)
{
    free(q->ring);
    q->ring = NULL;
    tspk_cond_destroy(&q->readable);
    tspk_mutex_destroy(&q->lock);
}

/* Called with the lock held when the ring is full and below max_items:
 * doubles the capacity and unwraps the items to start at index 0. */
static int tspk__queue_grow(tspk_queue *q)
{
    size_t cap = q->cap ? q->cap * 2 : 16;
    size_t first;
    unsigned char *ring;
    if (cap > q->max_items || cap < q->cap)
        cap = q->max_items;
    ring = malloc(cap * q->item_size);
    if (!ring)
        return TSPK_ENOMEM;
    first = q->cap - q->head < q->count ? q->cap - q->head : q->count;
    if (q->count) {
        memcpy(ring, q->ring + q->head * q->item_size, first * q->item_size);
        memcpy(ring + first * q->item_size, q->ring, (q->count - first) * q->item_size);
    }
    free(q->ring);
    q->ring = ring;
    q->cap = cap;
    q->head = 0;
    return 0;
}

int tspk_queue_push(tspk_queue *q, const void *item)
{
    int rc = 0;
    tspk_mutex_lock(&q->lock);
    if (q->closed)
        rc = TSPK_ECLOSED;
    else if (q->count == q->max_items)
        rc = TSPK_EFULL;
    else if (q->count == q->cap)
        rc = tspk__queue_grow(q);
    if (!rc) {
        size_t tail = (q->head + q->count) % q->cap;
        memcpy(q->ring + tail * q->item_size, item, q->item_size);
        q->count++;
        tspk_cond_signal(&q->readable);
    }
    tspk_mutex_unlock(&q->lock);
    return rc;
}

int tspk_queue_pop(tspk_queue *q, void *item, uint32_t timeout_ms)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)timeout_ms * 1000u;
    int rc = 0;
    tspk_mutex_lock(&q->lock);
    while (!q->count && !q->closed && !rc) {
        if (timeout_ms == TSPK_INFINITE) {
            tspk_cond_wait(&q->readable, &q->lock);
        } else {
            /* Re-arm with what is left: wakeups may be spurious or stolen. */
            uint64_t now = tspk_now_us();
            if (now >= deadline)
                rc = TSPK_ETIMEDOUT;
            else
                tspk_cond_timedwait(&q->readable, &q->lock,
                                    (uint32_t)((deadline - now + 999u) / 1000u));
        }
    }
    if (q->count) {
        memcpy(item, q->ring + q->head * q->item_size, q->item_size);
        q->head = (q->head + 1) % q->cap;
        q->count--;
        rc = 0;
    } else if (q->closed) {
        rc = TSPK_ECLOSED;
    }
    tspk_mutex_unlock(&q->lock);
    return rc;
}

void tspk_queue_close(tspk_queue *q)
{
    tspk_mutex_lock(&q->lock);
    q->closed = 1;
    tspk_cond_broadcast(&q->readable);
    tspk_mutex_unlock(&q->lock);
}

size_t tspk_queue_count(tspk_queue *q)
{
    size_t n;
    tspk_mutex_lock(&q->lock);
    n = q->count;
    tspk_mutex_unlock(&q->lock);
    return n;
}

#endif /* TSPKIT_IMPLEMENTATION */
