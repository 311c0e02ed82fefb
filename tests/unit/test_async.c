/* Unit tests for tspkit/async.h: the TSPI asynchronous request contract. */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/async.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* LINEERR_ constants are unsigned hex literals (as on Windows); results are LONG. */
#define E(err) ((LONG)(err))

/* ASYNC_COMPLETION carries no user pointer, so the recorder is global. */
enum { MAX_ID = 40000 };

static struct {
    tspk_async *async;       /* proc calls back into it: deadlocks if locked */
    atomic_int calls[MAX_ID];
    atomic_int total;
    atomic_long last_result;
    atomic_uint last_id;
} rec;

static void CALLBACK record_completion(DRV_REQUESTID id, LONG result)
{
    if (rec.async)
        (void)tspk_async_pending(rec.async);
    if (id < MAX_ID)
        atomic_fetch_add(&rec.calls[id], 1);
    atomic_fetch_add(&rec.total, 1);
    atomic_store(&rec.last_result, result);
    atomic_store(&rec.last_id, id);
}

/* The tracer keeps its last ERROR line and counts them. */
static struct {
    tspk_mutex lock;
    int errors;
    char last[TSPK_TRACE_LINE_MAX];
} traced;

static void capture_sink(int level, const char *line, void *user)
{
    (void)user;
    tspk_mutex_lock(&traced.lock);
    if (level == TSPK_TRACE_ERROR)
        traced.errors++;
    snprintf(traced.last, sizeof traced.last, "%s", line);
    tspk_mutex_unlock(&traced.lock);
}

struct fixture {
    tspk_tracer tr;
    tspk_async a;
};

static int setup(void **state)
{
    static struct fixture f;
    memset(&rec, 0, sizeof rec);
    memset(&traced, 0, sizeof traced);
    if (tspk_mutex_init(&traced.lock))
        return -1;
    tspk_tracer_init(&f.tr, "test", TSPK_TRACE_ERROR, capture_sink, NULL);
    if (tspk_async_init(&f.a, record_completion, &f.tr))
        return -1;
    rec.async = &f.a;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    rec.async = NULL;
    tspk_async_free(&f->a);
    tspk_mutex_destroy(&traced.lock);
    return 0;
}

static void assert_traced(const char *text)
{
    if (!strstr(traced.last, text))
        fail_msg("expected a trace containing \"%s\", last was \"%s\"", text, traced.last);
}

static void test_pending_then_complete(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(tspk_async_begin(&f->a, 7), 0);
    assert_int_equal(tspk_async_pending(&f->a), 1);
    assert_int_equal(tspk_async_return(&f->a, 7, TSPK_PENDING), 7);
    assert_int_equal(rec.total, 0);
    assert_int_equal(tspk_async_complete(&f->a, 7, E(LINEERR_CALLUNAVAIL)), 0);
    assert_int_equal(rec.calls[7], 1);
    assert_int_equal(rec.last_result, E(LINEERR_CALLUNAVAIL));
    assert_int_equal(tspk_async_pending(&f->a), 0);
    assert_int_equal(traced.errors, 0);
}

static void test_sync_success_completes_now(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(tspk_async_begin(&f->a, 8), 0);
    assert_int_equal(tspk_async_return(&f->a, 8, 0), 8);
    assert_int_equal(rec.calls[8], 1);
    assert_int_equal(rec.last_result, 0);
    assert_int_equal(tspk_async_pending(&f->a), 0);
    /* It is finished: a further completion is a bug and makes no call. */
    assert_int_equal(tspk_async_complete(&f->a, 8, 0), E(LINEERR_OPERATIONFAILED));
    assert_int_equal(rec.calls[8], 1);
    assert_traced("unknown request 8");
}

static void test_failure_returns_error_without_completion(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(tspk_async_begin(&f->a, 9), 0);
    assert_int_equal(tspk_async_return(&f->a, 9, E(LINEERR_INVALCALLHANDLE)), E(LINEERR_INVALCALLHANDLE));
    assert_int_equal(tspk_async_pending(&f->a), 0);
    assert_int_equal(tspk_async_complete(&f->a, 9, 0), E(LINEERR_OPERATIONFAILED));
    assert_int_equal(rec.total, 0);
    assert_int_equal(traced.errors, 1);
    /* The id may be reused once forgotten. */
    assert_int_equal(tspk_async_begin(&f->a, 9), 0);
    assert_int_equal(tspk_async_return(&f->a, 9, TSPK_PENDING), 9);
    assert_int_equal(tspk_async_complete(&f->a, 9, 0), 0);
    assert_int_equal(rec.calls[9], 1);
}

/* The seed allows completion before the function returns; the function
 * must then return the id even if its operation reports an error. */
static void test_completion_before_return(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(tspk_async_begin(&f->a, 10), 0);
    assert_int_equal(tspk_async_complete(&f->a, 10, 0), 0);
    assert_int_equal(rec.calls[10], 1);
    assert_int_equal(tspk_async_pending(&f->a), 0);
    assert_int_equal(tspk_async_return(&f->a, 10, TSPK_PENDING), 10);
    assert_int_equal(traced.errors, 0);

    assert_int_equal(tspk_async_begin(&f->a, 11), 0);
    assert_int_equal(tspk_async_complete(&f->a, 11, E(LINEERR_RESOURCEUNAVAIL)), 0);
    assert_int_equal(tspk_async_return(&f->a, 11, E(LINEERR_OPERATIONFAILED)), 11);
    assert_int_equal(rec.calls[11], 1);
    assert_int_equal(traced.errors, 1);
    assert_traced("request 11 failed after its completion was sent");

    /* Completion then synchronous success: still exactly one call. */
    assert_int_equal(tspk_async_begin(&f->a, 12), 0);
    assert_int_equal(tspk_async_complete(&f->a, 12, 0), 0);
    assert_int_equal(tspk_async_return(&f->a, 12, 0), 12);
    assert_int_equal(rec.calls[12], 1);
    assert_int_equal(rec.total, 3);
}

static void test_double_completion(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(tspk_async_begin(&f->a, 13), 0);
    assert_int_equal(tspk_async_complete(&f->a, 13, 0), 0);
    assert_int_equal(tspk_async_complete(&f->a, 13, 0), E(LINEERR_OPERATIONFAILED));
    assert_traced("already completed request 13");
    assert_int_equal(tspk_async_return(&f->a, 13, TSPK_PENDING), 13);
    assert_int_equal(tspk_async_complete(&f->a, 13, 0), E(LINEERR_OPERATIONFAILED));
    assert_int_equal(rec.calls[13], 1);
    assert_int_equal(traced.errors, 2);
}

static void test_unknown_id(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(tspk_async_complete(&f->a, 14, 0), E(LINEERR_OPERATIONFAILED));
    assert_int_equal(rec.total, 0);
    assert_traced("unknown request 14");
    assert_int_equal(tspk_async_return(&f->a, 15, TSPK_PENDING), E(LINEERR_OPERATIONFAILED));
    assert_int_equal(tspk_async_return(&f->a, 15, E(LINEERR_NOMEM)), E(LINEERR_NOMEM));
    assert_traced("request 15 returned without tspk_async_begin");
    assert_int_equal(traced.errors, 3);
}

static void test_positive_results_are_bugs(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(tspk_async_begin(&f->a, 16), 0);
    assert_int_equal(tspk_async_return(&f->a, 16, TSPK_PENDING), 16);
    assert_int_equal(tspk_async_complete(&f->a, 16, 5), 0);
    assert_int_equal(rec.calls[16], 1);
    assert_int_equal(rec.last_result, E(LINEERR_OPERATIONFAILED));
    assert_traced("request 16 completed with positive result 5");

    /* An operation answering neither <0, 0 nor TSPK_PENDING: no completion. */
    assert_int_equal(tspk_async_begin(&f->a, 17), 0);
    assert_int_equal(tspk_async_return(&f->a, 17, 17), E(LINEERR_OPERATIONFAILED));
    assert_int_equal(rec.calls[17], 0);
    assert_int_equal(tspk_async_pending(&f->a), 0);
    assert_traced("request 17 got a positive result");
    assert_int_equal(traced.errors, 2);
}

static void test_begin_errors(void **state)
{
    struct fixture *f = *state;
    tspk_async none;
    assert_int_equal(tspk_async_init(&none, NULL, NULL), E(LINEERR_INVALPARAM));
    assert_int_equal(tspk_async_begin(&f->a, 0), E(LINEERR_INVALPARAM));
    assert_int_equal(tspk_async_begin(&f->a, 0x80000000u), E(LINEERR_INVALPARAM));
    assert_int_equal(tspk_async_begin(&f->a, 0x7FFFFFFFu), 0);
    assert_int_equal(tspk_async_begin(&f->a, 0x7FFFFFFFu), E(LINEERR_OPERATIONFAILED));
    assert_traced("request 2147483647 begun while outstanding");
    assert_int_equal(tspk_async_pending(&f->a), 1);
    assert_int_equal(tspk_async_return(&f->a, 0x7FFFFFFF, TSPK_PENDING), 0x7FFFFFFF);
    assert_int_equal(tspk_async_return(&f->a, 0x7FFFFFFF, TSPK_PENDING), E(LINEERR_OPERATIONFAILED));
    assert_traced("returned twice");
    assert_int_equal(tspk_async_complete(&f->a, 0x7FFFFFFF, 0), 0);
    assert_int_equal(rec.total, 1);
}

static void test_many_outstanding(void **state)
{
    struct fixture *f = *state;
    const DRV_REQUESTID n = 30000;
    for (DRV_REQUESTID id = 1; id <= n; id++) {
        assert_int_equal(tspk_async_begin(&f->a, id), 0);
        assert_int_equal(tspk_async_return(&f->a, id, TSPK_PENDING), (LONG)id);
    }
    assert_int_equal(tspk_async_pending(&f->a), n);
    for (DRV_REQUESTID id = n; id >= 1; id--)
        assert_int_equal(tspk_async_complete(&f->a, id, 0), 0);
    assert_int_equal(tspk_async_pending(&f->a), 0);
    for (DRV_REQUESTID id = 1; id <= n; id++)
        if (rec.calls[id] != 1)
            fail_msg("request %u completed %d times", id, rec.calls[id]);
}

static void test_complete_all(void **state)
{
    struct fixture *f = *state;
    for (DRV_REQUESTID id = 1; id <= 500; id++) {
        assert_int_equal(tspk_async_begin(&f->a, id), 0);
        if (id % 2)
            assert_int_equal(tspk_async_return(&f->a, id, TSPK_PENDING), (LONG)id);
    }
    assert_int_equal(tspk_async_complete(&f->a, 3, 0), 0);
    tspk_async_complete_all(&f->a, E(LINEERR_OPERATIONFAILED));
    assert_int_equal(tspk_async_pending(&f->a), 0);
    assert_int_equal(rec.total, 500);
    for (DRV_REQUESTID id = 1; id <= 500; id++)
        assert_int_equal(rec.calls[id], 1);
    /* The even ones had not returned yet: they must now return their id. */
    assert_int_equal(tspk_async_return(&f->a, 2, E(LINEERR_NOMEM)), 2);
    for (DRV_REQUESTID id = 4; id <= 500; id += 2)
        assert_int_equal(tspk_async_return(&f->a, id, TSPK_PENDING), (LONG)id);
    assert_int_equal(tspk_async_complete(&f->a, 5, 0), E(LINEERR_OPERATIONFAILED));
    assert_int_equal(rec.total, 500);
}

static void test_free_with_outstanding_is_traced(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(tspk_async_begin(&f->a, 20), 0);
    assert_int_equal(tspk_async_begin(&f->a, 21), 0);
    assert_int_equal(tspk_async_return(&f->a, 21, TSPK_PENDING), 21);
    rec.async = NULL;
    tspk_async_free(&f->a);
    assert_traced("freed with 2 request(s) outstanding");
    assert_int_equal(rec.total, 0);
    assert_int_equal(tspk_async_init(&f->a, record_completion, &f->tr), 0);
}

/* Issuers begin requests and hand them to completer threads through a
 * queue, so completions race the issuers' returns. Every request must
 * return its id and be completed exactly once. */
enum { ISSUERS = 4, COMPLETERS = 3, PER_ISSUER = 4000 };

struct race {
    tspk_async *a;
    tspk_queue q;
    atomic_int bad_return;
};

struct issuer_arg {
    struct race *r;
    DRV_REQUESTID first;
};

static void issue(void *user)
{
    struct issuer_arg *arg = user;
    for (DRV_REQUESTID id = arg->first; id < arg->first + PER_ISSUER; id++) {
        LONG op = id % 3 == 0 ? 0 : TSPK_PENDING;
        if (tspk_async_begin(arg->r->a, id) != 0) {
            atomic_fetch_add(&arg->r->bad_return, 1);
            continue;
        }
        if (op == TSPK_PENDING)
            while (tspk_queue_push(&arg->r->q, &id) == TSPK_EFULL)
                tspk_sleep_ms(0);
        if (tspk_async_return(arg->r->a, id, op) != (LONG)id)
            atomic_fetch_add(&arg->r->bad_return, 1);
    }
}

static void complete_from_queue(void *user)
{
    struct race *r = user;
    DRV_REQUESTID id;
    while (tspk_queue_pop(&r->q, &id, TSPK_INFINITE) == 0)
        if (tspk_async_complete(r->a, id, id % 2 ? 0 : E(LINEERR_RESOURCEUNAVAIL)) != 0)
            atomic_fetch_add(&r->bad_return, 1);
}

static void test_concurrent_completion_races_return(void **state)
{
    struct fixture *f = *state;
    static struct race r;
    struct issuer_arg args[ISSUERS];
    tspk_thread iss[ISSUERS], comp[COMPLETERS];
    memset(&r, 0, sizeof r);
    r.a = &f->a;
    assert_int_equal(tspk_queue_init(&r.q, sizeof(DRV_REQUESTID), 512), 0);
    for (int i = 0; i < COMPLETERS; i++)
        assert_int_equal(tspk_thread_create(&comp[i], complete_from_queue, &r), 0);
    for (int i = 0; i < ISSUERS; i++) {
        args[i].r = &r;
        args[i].first = 1 + (DRV_REQUESTID)i * PER_ISSUER;
        assert_int_equal(tspk_thread_create(&iss[i], issue, &args[i]), 0);
    }
    for (int i = 0; i < ISSUERS; i++)
        assert_int_equal(tspk_thread_join(&iss[i]), 0);
    tspk_queue_close(&r.q);
    for (int i = 0; i < COMPLETERS; i++)
        assert_int_equal(tspk_thread_join(&comp[i]), 0);
    tspk_queue_free(&r.q);
    assert_int_equal(atomic_load(&r.bad_return), 0);
    assert_int_equal(tspk_async_pending(&f->a), 0);
    assert_int_equal(traced.errors, 0);
    for (DRV_REQUESTID id = 1; id <= ISSUERS * PER_ISSUER; id++)
        if (rec.calls[id] != 1)
            fail_msg("request %u completed %d times", id, rec.calls[id]);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_pending_then_complete),
        T(test_sync_success_completes_now),
        T(test_failure_returns_error_without_completion),
        T(test_completion_before_return),
        T(test_double_completion),
        T(test_unknown_id),
        T(test_positive_results_are_bugs),
        T(test_begin_errors),
        T(test_many_outstanding),
        T(test_complete_all),
        T(test_free_with_outstanding_is_traced),
        T(test_concurrent_completion_races_return),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
