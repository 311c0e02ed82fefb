/* Unit tests for tspkit/thread.h: threads, locks, timed waits, queue. */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/thread.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

/* ---- threads and mutexes ---- */

static void set_flag(void *user)
{
    *(int *)user = 7;
}

static void test_thread_runs_with_user_data(void **state)
{
    (void)state;
    tspk_thread t;
    int flag = 0;
    assert_int_equal(tspk_thread_create(&t, set_flag, &flag), 0);
    assert_int_equal(tspk_thread_join(&t), 0);
    assert_int_equal(flag, 7);
    assert_int_equal(tspk_thread_create(&t, NULL, &flag), TSPK_EINVAL);
}

struct counter {
    tspk_mutex lock;
    long value;
};

static void count_up(void *user)
{
    struct counter *c = user;
    for (int i = 0; i < 20000; i++) {
        tspk_mutex_lock(&c->lock);
        c->value++;
        tspk_mutex_unlock(&c->lock);
    }
}

static void test_mutex_excludes(void **state)
{
    (void)state;
    struct counter c = { .value = 0 };
    tspk_thread t[4];
    assert_int_equal(tspk_mutex_init(&c.lock), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(tspk_thread_create(&t[i], count_up, &c), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(tspk_thread_join(&t[i]), 0);
    assert_int_equal(c.value, 80000);
    tspk_mutex_destroy(&c.lock);
}

static void record_id(void *user)
{
    *(uint64_t *)user = tspk_thread_self_id();
}

static void test_thread_ids_differ(void **state)
{
    (void)state;
    tspk_thread t;
    uint64_t other = 0;
    assert_int_equal(tspk_thread_create(&t, record_id, &other), 0);
    assert_int_equal(tspk_thread_join(&t), 0);
    assert_true(other != 0);
    assert_true(other != tspk_thread_self_id());
    assert_true(tspk_thread_self_id() == tspk_thread_self_id());
}

/* ---- condition variables and time ---- */

static void test_clock_and_sleep(void **state)
{
    (void)state;
    uint64_t t0 = tspk_now_us();
    tspk_sleep_ms(20);
    uint64_t dt = tspk_now_us() - t0;
    assert_in_range(dt, 20000, 2000000);
}

static void test_cond_timedwait_times_out(void **state)
{
    (void)state;
    tspk_mutex m;
    tspk_cond c;
    int rc = 0;
    assert_int_equal(tspk_mutex_init(&m), 0);
    assert_int_equal(tspk_cond_init(&c), 0);
    uint64_t t0 = tspk_now_us();
    tspk_mutex_lock(&m);
    /* Spurious wakeups return 0: retry until the deadline passes. */
    while (rc == 0 && tspk_now_us() - t0 < 2000000)
        rc = tspk_cond_timedwait(&c, &m, 50);
    tspk_mutex_unlock(&m);
    assert_int_equal(rc, TSPK_ETIMEDOUT);
    assert_in_range(tspk_now_us() - t0, 49000, 2000000);
    tspk_cond_destroy(&c);
    tspk_mutex_destroy(&m);
}

struct handshake {
    tspk_mutex m;
    tspk_cond c;
    int ready;
};

static void signal_ready(void *user)
{
    struct handshake *h = user;
    tspk_sleep_ms(10);
    tspk_mutex_lock(&h->m);
    h->ready = 1;
    tspk_cond_broadcast(&h->c);
    tspk_mutex_unlock(&h->m);
}

static void test_cond_signal_wakes(void **state)
{
    (void)state;
    struct handshake h = { .ready = 0 };
    tspk_thread t;
    int rc = 0;
    assert_int_equal(tspk_mutex_init(&h.m), 0);
    assert_int_equal(tspk_cond_init(&h.c), 0);
    assert_int_equal(tspk_thread_create(&t, signal_ready, &h), 0);
    tspk_mutex_lock(&h.m);
    while (!h.ready && rc == 0)
        rc = tspk_cond_timedwait(&h.c, &h.m, 5000);
    tspk_mutex_unlock(&h.m);
    assert_int_equal(rc, 0);
    assert_int_equal(h.ready, 1);
    assert_int_equal(tspk_thread_join(&t), 0);
    tspk_cond_destroy(&h.c);
    tspk_mutex_destroy(&h.m);
}

/* ---- queue ---- */

static void test_queue_rejects_bad_init(void **state)
{
    (void)state;
    tspk_queue q;
    assert_int_equal(tspk_queue_init(&q, 0, 8), TSPK_EINVAL);
    assert_int_equal(tspk_queue_init(&q, 4, 0), TSPK_EINVAL);
    assert_int_equal(tspk_queue_init(&q, SIZE_MAX / 2, 4), TSPK_EINVAL);
}

/* Growth while the ring has wrapped must keep FIFO order. */
static void test_queue_fifo_across_growth(void **state)
{
    (void)state;
    tspk_queue q;
    int v, next_in = 0, next_out = 0;
    assert_int_equal(tspk_queue_init(&q, sizeof(int), 1000), 0);
    for (; next_in < 12; next_in++)
        assert_int_equal(tspk_queue_push(&q, &next_in), 0);
    for (; next_out < 10; next_out++) {
        assert_int_equal(tspk_queue_pop(&q, &v, 0), 0);
        assert_int_equal(v, next_out);
    }
    for (; next_in < 100; next_in++)
        assert_int_equal(tspk_queue_push(&q, &next_in), 0);
    assert_int_equal(tspk_queue_count(&q), 90);
    for (; next_out < 100; next_out++) {
        assert_int_equal(tspk_queue_pop(&q, &v, 0), 0);
        assert_int_equal(v, next_out);
    }
    assert_int_equal(tspk_queue_pop(&q, &v, 0), TSPK_ETIMEDOUT);
    tspk_queue_free(&q);
}

static void test_queue_full_and_timeout(void **state)
{
    (void)state;
    tspk_queue q;
    struct item { char text[24]; } in = { "hello" }, out;
    assert_int_equal(tspk_queue_init(&q, sizeof in, 3), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(tspk_queue_push(&q, &in), 0);
    assert_int_equal(tspk_queue_push(&q, &in), TSPK_EFULL);
    for (int i = 0; i < 3; i++) {
        memset(&out, 0, sizeof out);
        assert_int_equal(tspk_queue_pop(&q, &out, 0), 0);
        assert_string_equal(out.text, "hello");
    }
    uint64_t t0 = tspk_now_us();
    assert_int_equal(tspk_queue_pop(&q, &out, 30), TSPK_ETIMEDOUT);
    assert_in_range(tspk_now_us() - t0, 29000, 2000000);
    tspk_queue_free(&q);
}

static void test_queue_close_drains_then_reports(void **state)
{
    (void)state;
    tspk_queue q;
    int v = 5;
    assert_int_equal(tspk_queue_init(&q, sizeof v, 4), 0);
    assert_int_equal(tspk_queue_push(&q, &v), 0);
    tspk_queue_close(&q);
    tspk_queue_close(&q);
    assert_int_equal(tspk_queue_push(&q, &v), TSPK_ECLOSED);
    v = 0;
    assert_int_equal(tspk_queue_pop(&q, &v, TSPK_INFINITE), 0);
    assert_int_equal(v, 5);
    assert_int_equal(tspk_queue_pop(&q, &v, TSPK_INFINITE), TSPK_ECLOSED);
    assert_int_equal(tspk_queue_pop(&q, &v, 0), TSPK_ECLOSED);
    tspk_queue_free(&q);
}

struct popper {
    tspk_queue *q;
    int rc;
};

static void pop_forever(void *user)
{
    struct popper *p = user;
    int v;
    p->rc = tspk_queue_pop(p->q, &v, TSPK_INFINITE);
}

static void test_queue_close_wakes_waiters(void **state)
{
    (void)state;
    tspk_queue q;
    tspk_thread t[3];
    struct popper p[3];
    assert_int_equal(tspk_queue_init(&q, sizeof(int), 4), 0);
    for (int i = 0; i < 3; i++) {
        p[i].q = &q;
        p[i].rc = 1;
        assert_int_equal(tspk_thread_create(&t[i], pop_forever, &p[i]), 0);
    }
    tspk_sleep_ms(20);
    tspk_queue_close(&q);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(tspk_thread_join(&t[i]), 0);
        assert_int_equal(p[i].rc, TSPK_ECLOSED);
    }
    tspk_queue_free(&q);
}

/* Several producers and consumers: every item arrives exactly once. */
enum { PRODUCERS = 4, CONSUMERS = 4, PER_PRODUCER = 5000 };

struct mpmc {
    tspk_queue q;
    int base[PRODUCERS];
    unsigned char seen[PRODUCERS * PER_PRODUCER];
    tspk_mutex seen_lock;
    int duplicates;
};

struct producer_arg {
    struct mpmc *m;
    int first;
};

static void produce(void *user)
{
    struct producer_arg *a = user;
    for (int i = a->first; i < a->first + PER_PRODUCER; i++)
        while (tspk_queue_push(&a->m->q, &i) == TSPK_EFULL)
            tspk_sleep_ms(0);
}

static void consume(void *user)
{
    struct mpmc *m = user;
    int v;
    while (tspk_queue_pop(&m->q, &v, TSPK_INFINITE) == 0) {
        tspk_mutex_lock(&m->seen_lock);
        if (m->seen[v]++)
            m->duplicates++;
        tspk_mutex_unlock(&m->seen_lock);
    }
}

static void test_queue_mpmc(void **state)
{
    (void)state;
    static struct mpmc m;
    struct producer_arg args[PRODUCERS];
    tspk_thread prod[PRODUCERS], cons[CONSUMERS];
    memset(&m, 0, sizeof m);
    assert_int_equal(tspk_queue_init(&m.q, sizeof(int), 256), 0);
    assert_int_equal(tspk_mutex_init(&m.seen_lock), 0);
    for (int i = 0; i < CONSUMERS; i++)
        assert_int_equal(tspk_thread_create(&cons[i], consume, &m), 0);
    for (int i = 0; i < PRODUCERS; i++) {
        args[i].m = &m;
        args[i].first = i * PER_PRODUCER;
        assert_int_equal(tspk_thread_create(&prod[i], produce, &args[i]), 0);
    }
    for (int i = 0; i < PRODUCERS; i++)
        assert_int_equal(tspk_thread_join(&prod[i]), 0);
    tspk_queue_close(&m.q);
    for (int i = 0; i < CONSUMERS; i++)
        assert_int_equal(tspk_thread_join(&cons[i]), 0);
    assert_int_equal(m.duplicates, 0);
    for (int i = 0; i < PRODUCERS * PER_PRODUCER; i++)
        if (m.seen[i] != 1)
            fail_msg("item %d seen %d times", i, m.seen[i]);
    tspk_mutex_destroy(&m.seen_lock);
    tspk_queue_free(&m.q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thread_runs_with_user_data),
        cmocka_unit_test(test_mutex_excludes),
        cmocka_unit_test(test_thread_ids_differ),
        cmocka_unit_test(test_clock_and_sleep),
        cmocka_unit_test(test_cond_timedwait_times_out),
        cmocka_unit_test(test_cond_signal_wakes),
        cmocka_unit_test(test_queue_rejects_bad_init),
        cmocka_unit_test(test_queue_fifo_across_growth),
        cmocka_unit_test(test_queue_full_and_timeout),
        cmocka_unit_test(test_queue_close_drains_then_reports),
        cmocka_unit_test(test_queue_close_wakes_waiters),
        cmocka_unit_test(test_queue_mpmc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
