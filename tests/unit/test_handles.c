/* Unit tests for tspkit/handles.h: validation, lifetime, reuse, threads. */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/handles.h>

#include <stdatomic.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define MAGIC 0x4c494e45u

struct obj {
    uint32_t magic;
    int id;
};

struct destroyed {
    tspk_mutex lock;
    int count;
    int last_id;
    tspk_htab *table; /* if set, destroy calls back into the table */
};

static void destroy_obj(void *p, void *user)
{
    struct obj *o = p;
    struct destroyed *d = user;
    if (d->table)
        (void)tspk_htab_count(d->table); /* would deadlock under the table lock */
    tspk_mutex_lock(&d->lock);
    d->count++;
    d->last_id = o->id;
    tspk_mutex_unlock(&d->lock);
    o->magic = 0;
    free(o);
}

static struct obj *new_obj(int id)
{
    struct obj *o = malloc(sizeof *o);
    assert_non_null(o);
    o->magic = MAGIC;
    o->id = id;
    return o;
}

static int setup(void **state)
{
    struct destroyed *d = calloc(1, sizeof *d);
    if (!d || tspk_mutex_init(&d->lock))
        return -1;
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    struct destroyed *d = *state;
    tspk_mutex_destroy(&d->lock);
    free(d);
    return 0;
}

static void test_init_limits(void **state)
{
    (void)state;
    tspk_htab t;
    assert_int_equal(tspk_htab_init(&t, 0, NULL, NULL), TSPK_EINVAL);
    assert_int_equal(tspk_htab_init(&t, TSPK_HTAB_MAX_ENTRIES + 1, NULL, NULL), TSPK_EINVAL);
    assert_int_equal(tspk_htab_init(&t, TSPK_HTAB_MAX_ENTRIES, NULL, NULL), 0);
    tspk_htab_free(&t);
}

static void test_insert_acquire_remove(void **state)
{
    struct destroyed *d = *state;
    tspk_htab t;
    struct obj *o = new_obj(1);
    assert_int_equal(tspk_htab_init(&t, 16, destroy_obj, d), 0);
    assert_int_equal(tspk_htab_insert(&t, NULL), 0);
    uintptr_t h = tspk_htab_insert(&t, o);
    assert_true(h != 0);
    assert_true(h <= UINT32_MAX);
    assert_int_equal(tspk_htab_count(&t), 1);
    assert_ptr_equal(tspk_htab_acquire(&t, h), o);
    assert_int_equal(tspk_htab_release(&t, h), 0);
    /* Releasing more than was acquired is caught, not a free. */
    assert_int_equal(tspk_htab_release(&t, h), TSPK_EINVAL);
    assert_int_equal(tspk_htab_remove(&t, h), 0);
    assert_int_equal(d->count, 1);
    assert_int_equal(d->last_id, 1);
    assert_int_equal(tspk_htab_count(&t), 0);
    /* Stale after remove: every operation refuses it. */
    assert_null(tspk_htab_acquire(&t, h));
    assert_int_equal(tspk_htab_remove(&t, h), -ENOENT);
    assert_int_equal(tspk_htab_release(&t, h), TSPK_EINVAL);
    assert_int_equal(d->count, 1);
    tspk_htab_free(&t);
}

/* An object removed while referenced lives until the last release. */
static void test_remove_while_acquired(void **state)
{
    struct destroyed *d = *state;
    tspk_htab t;
    struct obj *o = new_obj(2);
    assert_int_equal(tspk_htab_init(&t, 16, destroy_obj, d), 0);
    uintptr_t h = tspk_htab_insert(&t, o);
    assert_ptr_equal(tspk_htab_acquire(&t, h), o);
    assert_ptr_equal(tspk_htab_acquire(&t, h), o);
    assert_int_equal(tspk_htab_remove(&t, h), 0);
    assert_null(tspk_htab_acquire(&t, h));
    assert_int_equal(tspk_htab_remove(&t, h), -ENOENT);
    assert_int_equal(tspk_htab_count(&t), 0);
    assert_int_equal(d->count, 0);
    assert_int_equal(o->magic, MAGIC);
    assert_int_equal(tspk_htab_release(&t, h), 0);
    assert_int_equal(d->count, 0);
    /* The last release destroys, outside the lock (destroy re-enters). */
    d->table = &t;
    assert_int_equal(tspk_htab_release(&t, h), 0);
    assert_int_equal(d->count, 1);
    assert_int_equal(tspk_htab_release(&t, h), TSPK_EINVAL);
    d->table = NULL;
    tspk_htab_free(&t);
}

static void test_forged_handles_rejected(void **state)
{
    struct destroyed *d = *state;
    tspk_htab t, other;
    struct obj *o = new_obj(3), *p = new_obj(4);
    assert_int_equal(tspk_htab_init(&t, 4096, destroy_obj, d), 0);
    assert_int_equal(tspk_htab_init(&other, 4096, destroy_obj, d), 0);
    uintptr_t h = tspk_htab_insert(&t, o);
    uintptr_t g = tspk_htab_insert(&other, p);
    assert_true(h != 0 && g != 0);
    const uintptr_t forged[] = {
        0, 1, 2, 0xdeadbeefu, 0xffffffffu, 0x80000000u, h + 1, h ^ 0x80000000u,
        h + ((uintptr_t)1 << 13), (uintptr_t)o, (uintptr_t)&t, (uintptr_t)forged,
        (uintptr_t)UINTPTR_MAX,
    };
    for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
        if (forged[i] == h)
            continue;
        if (tspk_htab_acquire(&t, forged[i]))
            fail_msg("forged handle %#llx accepted (real %#llx)",
                     (unsigned long long)forged[i], (unsigned long long)h);
        assert_int_equal(tspk_htab_remove(&t, forged[i]), -ENOENT);
    }
    /* Another table's handle (same slot, same generation) is foreign here:
     * the per-table salt differs (a false accept has odds 2^-19). */
    assert_null(tspk_htab_acquire(&t, g));
    assert_ptr_equal(tspk_htab_acquire(&other, g), p);
    assert_int_equal(tspk_htab_release(&other, g), 0);
    assert_int_equal(tspk_htab_count(&t), 1);
    assert_int_equal(d->count, 0);
    tspk_htab_free(&other);
    tspk_htab_free(&t);
    assert_int_equal(d->count, 2);
}

static void test_full_table_and_reuse(void **state)
{
    struct destroyed *d = *state;
    tspk_htab t;
    uintptr_t h[4];
    assert_int_equal(tspk_htab_init(&t, 4, destroy_obj, d), 0);
    for (int i = 0; i < 4; i++) {
        h[i] = tspk_htab_insert(&t, new_obj(10 + i));
        assert_true(h[i] != 0);
    }
    struct obj *extra = new_obj(99);
    assert_int_equal(tspk_htab_insert(&t, extra), 0);
    assert_int_equal(tspk_htab_remove(&t, h[1]), 0);
    /* The freed slot is reused, under a new value; the old one stays dead. */
    uintptr_t n = tspk_htab_insert(&t, extra);
    assert_true(n != 0);
    assert_true(n != h[1]);
    assert_null(tspk_htab_acquire(&t, h[1]));
    assert_ptr_equal(tspk_htab_acquire(&t, n), extra);
    assert_int_equal(tspk_htab_release(&t, n), 0);

    uintptr_t snap[8];
    assert_int_equal(tspk_htab_snapshot(&t, snap, 8), 4);
    assert_int_equal(snap[0], h[0]);
    assert_int_equal(snap[1], n);
    assert_int_equal(snap[2], h[2]);
    assert_int_equal(snap[3], h[3]);
    assert_int_equal(tspk_htab_snapshot(&t, snap, 2), 4);
    tspk_htab_free(&t);
    assert_int_equal(d->count, 5);
}

/* Freed slots wait in FIFO order: a value does not come back until its
 * slot's generation wraps, which with 24 index bits (8 generation bits)
 * and 1024 rotating slots happens after exactly 256 * 1024 removals. */
static void test_generation_wrap(void **state)
{
    (void)state;
    tspk_htab t;
    int dummy;
    const uint32_t period = 256u * TSPK_HTAB_REUSE_DELAY;
    assert_int_equal(tspk_htab_init(&t, TSPK_HTAB_MAX_ENTRIES, NULL, NULL), 0);
    uintptr_t first = tspk_htab_insert(&t, &dummy), prev = first;
    assert_int_equal(tspk_htab_remove(&t, first), 0);
    for (uint32_t i = 1; i < period; i++) {
        uintptr_t h = tspk_htab_insert(&t, &dummy);
        if (h == 0 || h == first || h == prev)
            fail_msg("cycle %u: handle %#llx (first %#llx)", i,
                     (unsigned long long)h, (unsigned long long)first);
        if (tspk_htab_acquire(&t, first))
            fail_msg("cycle %u: stale first handle accepted", i);
        assert_int_equal(tspk_htab_remove(&t, h), 0);
        prev = h;
    }
    uintptr_t again = tspk_htab_insert(&t, &dummy);
    assert_int_equal(again, first);
    assert_ptr_equal(tspk_htab_acquire(&t, first), &dummy);
    assert_int_equal(tspk_htab_release(&t, first), 0);
    tspk_htab_free(&t);
}

/* Workers insert, use and remove their own objects while raiders acquire
 * whatever handles are published (often stale) and check the object is
 * alive while they hold it. ASan catches a destroy that comes too early. */
enum { WORKERS = 4, RAIDERS = 4, ROUNDS = 3000, BOARD = 64 };

struct race {
    tspk_htab t;
    struct destroyed *d;
    _Atomic uintptr_t board[BOARD];
    atomic_int bad;
    atomic_int hits;
    atomic_int inserted;
    atomic_int raiders_ready;
    atomic_int stop;
};

/* Each worker keeps its last KEEP objects alive, so raiders find live ones. */
enum { KEEP = 8 };

static void worker(void *user)
{
    struct race *r = user;
    uintptr_t mine[KEEP] = { 0 };
    int rounds = ROUNDS;
    while (atomic_load(&r->raiders_ready) < RAIDERS)
        tspk_sleep_ms(1);
    for (int i = 0; i < rounds + KEEP; i++) {
        uintptr_t *slot = &mine[i % KEEP];
        if (*slot && tspk_htab_remove(&r->t, *slot) != 0)
            atomic_fetch_add(&r->bad, 1);
        *slot = 0;
        /* On a loaded machine raiders may need more time to get a hit. */
        if (i == rounds - 1 && atomic_load(&r->hits) < 100 && rounds < 50 * ROUNDS)
            rounds += ROUNDS;
        if (i >= rounds)
            continue;
        struct obj *o = malloc(sizeof *o);
        o->magic = MAGIC;
        o->id = i;
        *slot = tspk_htab_insert(&r->t, o);
        if (!*slot) {
            free(o);
            atomic_fetch_add(&r->bad, 1);
            continue;
        }
        atomic_fetch_add(&r->inserted, 1);
        atomic_store(&r->board[(unsigned)i % BOARD], *slot);
        if (tspk_htab_acquire(&r->t, *slot) != o || tspk_htab_release(&r->t, *slot) != 0)
            atomic_fetch_add(&r->bad, 1);
    }
}

static void raider(void *user)
{
    struct race *r = user;
    unsigned i = 0;
    atomic_fetch_add(&r->raiders_ready, 1);
    while (!atomic_load(&r->stop)) {
        uintptr_t h = atomic_load(&r->board[i++ % BOARD]);
        struct obj *o = tspk_htab_acquire(&r->t, h);
        if (!o)
            continue;
        atomic_fetch_add(&r->hits, 1);
        if (o->magic != MAGIC)
            atomic_fetch_add(&r->bad, 1);
        if (tspk_htab_release(&r->t, h) != 0)
            atomic_fetch_add(&r->bad, 1);
    }
}

static void test_concurrent_use(void **state)
{
    static struct race r;
    tspk_thread w[WORKERS], x[RAIDERS];
    memset(&r, 0, sizeof r);
    r.d = *state;
    assert_int_equal(tspk_htab_init(&r.t, 256, destroy_obj, r.d), 0);
    for (int i = 0; i < RAIDERS; i++)
        assert_int_equal(tspk_thread_create(&x[i], raider, &r), 0);
    for (int i = 0; i < WORKERS; i++)
        assert_int_equal(tspk_thread_create(&w[i], worker, &r), 0);
    for (int i = 0; i < WORKERS; i++)
        assert_int_equal(tspk_thread_join(&w[i]), 0);
    atomic_store(&r.stop, 1);
    for (int i = 0; i < RAIDERS; i++)
        assert_int_equal(tspk_thread_join(&x[i]), 0);
    assert_int_equal(atomic_load(&r.bad), 0);
    assert_true(atomic_load(&r.hits) > 0);
    assert_int_equal(tspk_htab_count(&r.t), 0);
    assert_int_equal(r.d->count, atomic_load(&r.inserted));
    tspk_htab_free(&r.t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_limits),
        cmocka_unit_test_setup_teardown(test_insert_acquire_remove, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove_while_acquired, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forged_handles_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_table_and_reuse, setup, teardown),
        cmocka_unit_test(test_generation_wrap),
        cmocka_unit_test_setup_teardown(test_concurrent_use, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
