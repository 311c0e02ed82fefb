/*
 * tests/unit/test_h323_h245_walk.h - walks the PER type descriptions of tsp-h323/h245 to
 * make random values of any described type (walk_random) and to compare two values field
 * by field (walk_same). Shared by test_h323_h245.c (round trips) and
 * test_h323_h245_xcheck.c (the same values through Erlang's asn1).
 *
 * Random values stay inside every constraint, hit the bounds of INTEGERs now and then,
 * put extensible INTEGERs outside their root sometimes, choose only described CHOICE
 * alternatives, and keep strings and lists short. Memory comes from a per_arena used as
 * a pool. In a cmocka test (included after <cmocka.h>) failures are test failures;
 * elsewhere (tests/h323/h245-samples.c) they abort.
 */
#ifndef TEST_H323_H245_WALK_H
#define TEST_H323_H245_WALK_H

#include "h245/h245.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef assert_true
#define WALK_CHECK(c) assert_true(c)
#define WALK_FAIL(...) fail_msg(__VA_ARGS__)
#define WALK_PRINT(...) print_message(__VA_ARGS__)
#else
#define WALK_CHECK(c) do { if (!(c)) abort(); } while (0)
#define WALK_FAIL(...) do { fprintf(stderr, __VA_ARGS__); abort(); } while (0)
#define WALK_PRINT(...) fprintf(stderr, __VA_ARGS__)
#endif

typedef struct walk {
    per_arena *pool;        /* where strings and arrays of random values live */
    uint64_t seed;
    bool no_open;           /* leave open types (opaque additions) absent */
} walk;

static inline uint64_t walk_rnd(walk *w)            /* xorshift64* */
{
    w->seed ^= w->seed >> 12;
    w->seed ^= w->seed << 25;
    w->seed ^= w->seed >> 27;
    return w->seed * 0x2545F4914F6CDD1DULL;
}

static inline uint64_t walk_below(walk *w, uint64_t n)
{
    return n ? walk_rnd(w) % n : 0;
}

static inline void walk_store_int(const per_type *t, void *v, int64_t x)
{
    switch (t->csize) {
    case 1: { uint8_t u = (uint8_t)x; memcpy(v, &u, 1); break; }
    case 2: { uint16_t u = (uint16_t)x; memcpy(v, &u, 2); break; }
    case 4: { uint32_t u = (uint32_t)x; memcpy(v, &u, 4); break; }
    default: memcpy(v, &x, 8); break;
    }
}

static inline int64_t walk_load_int(const per_type *t, const void *v)
{
    bool s = (t->flags & PER_SIGNED) != 0;
    switch (t->csize) {
    case 1: { uint8_t u; memcpy(&u, v, 1); return s ? (int8_t)u : u; }
    case 2: { uint16_t u; memcpy(&u, v, 2); return s ? (int16_t)u : u; }
    case 4: { uint32_t u; memcpy(&u, v, 4); return s ? (int32_t)u : (int64_t)u; }
    default: { int64_t x; memcpy(&x, v, 8); return x; }
    }
}

/* A size within the type's SIZE constraint, at most `longest` above its lower bound. */
static inline size_t walk_size(const per_type *t, walk *w, size_t longest)
{
    size_t lb = (size_t)t->lb, ub = (t->flags & PER_HAS_UB) ? (size_t)t->ub : lb + longest;
    if (ub > lb + longest) ub = lb + longest;
    return lb + (size_t)walk_below(w, ub - lb + 1);
}

static inline void *walk_alloc(walk *w, size_t n)
{
    void *p = per_arena_alloc(w->pool, n ? n : 1);
    WALK_CHECK(p != NULL);
    return p;
}

static inline void walk_random_value(walk *w, const per_type *t, void *v, unsigned depth);

static inline void walk_random_comp(walk *w, const per_comp *k, uint8_t *base, unsigned depth)
{
    void *v = base + k->offset;
    if (k->flags & PER_PTR) {
        void *p = walk_alloc(w, k->type->csize);
        memcpy(v, &p, sizeof p);
        v = p;
    }
    walk_random_value(w, k->type, v, depth + 1);
}

static inline void walk_random_value(walk *w, const per_type *t, void *v, unsigned depth)
{
    bool deep = depth > 14;
    switch (t->kind) {
    case PER_K_BOOLEAN:
        *(bool *)v = walk_below(w, 2);
        return;
    case PER_K_NULL:
        return;
    case PER_K_INTEGER: {
        int64_t x;
        uint64_t span = (uint64_t)t->ub - (uint64_t)t->lb, pick = walk_below(w, 8);
        if ((t->flags & PER_EXT) && pick == 0)
            x = walk_below(w, 2) ? t->ub + 1 + (int64_t)walk_below(w, 100000) : t->lb - 1 - (int64_t)walk_below(w, 100000);
        else if (!(t->flags & PER_HAS_LB))
            x = (int64_t)walk_rnd(w) >> walk_below(w, 60);
        else if (!(t->flags & PER_HAS_UB))
            x = t->lb + (int64_t)walk_below(w, 1000000);
        else    /* the bounds now and then: that is where encodings change size */
            x = pick == 1 ? t->lb : pick == 2 ? t->ub : (int64_t)((uint64_t)t->lb + walk_below(w, span + 1));
        walk_store_int(t, v, x);
        return;
    }
    case PER_K_OCTET_STRING:
    case PER_K_OPEN: {
        if (t->flags & PER_INLINE) {
            for (int64_t i = 0; i < t->ub; i++) ((uint8_t *)v)[i] = (uint8_t)walk_rnd(w);
            return;
        }
        per_octets *o = v;
        size_t n = t->kind == PER_K_OPEN ? 1 + (size_t)walk_below(w, 8) : walk_size(t, w, 24);
        uint8_t *p = walk_alloc(w, n);
        for (size_t i = 0; i < n; i++) p[i] = (uint8_t)walk_rnd(w);
        o->len = (uint32_t)n;
        o->data = p;
        return;
    }
    case PER_K_KMSTRING:
    case PER_K_OCTETCHARS: {
        per_string *str = v;
        size_t n = walk_size(t, w, 24);
        char *p = walk_alloc(w, n + 1);
        for (size_t i = 0; i < n; i++)
            p[i] = t->alphabet ? t->alphabet[walk_below(w, strlen(t->alphabet))] : (char)(32 + walk_below(w, 95));
        str->len = (uint32_t)n;
        str->chars = p;
        return;
    }
    case PER_K_OID: {
        per_oid *o = v;
        o->count = 2 + (uint32_t)walk_below(w, 6);
        o->arcs[0] = (uint32_t)walk_below(w, 3);
        o->arcs[1] = (uint32_t)(o->arcs[0] < 2 ? walk_below(w, 40) : walk_below(w, 1000));
        for (uint32_t i = 2; i < o->count; i++) o->arcs[i] = (uint32_t)(walk_rnd(w) >> (32 + walk_below(w, 32)));
        return;
    }
    case PER_K_SEQUENCE: {
        uint8_t *base = v;
        for (uint32_t i = 0; i < t->ncomps; i++) {
            const per_comp *k = &t->comps[i];
            if (k->flags & PER_OPTIONAL) {
                if (deep || walk_below(w, 2) || (w->no_open && k->type->kind == PER_K_OPEN)) continue;
                if (!(k->flags & PER_PTR)) *(bool *)(base + k->present) = true;
            }
            walk_random_comp(w, k, base, depth);
        }
        return;
    }
    case PER_K_SEQUENCE_OF: {
        per_seq_of *so = v;
        size_t n = deep ? (size_t)t->lb : walk_size(t, w, 3);
        uint8_t *items = walk_alloc(w, n * t->item->csize);
        for (size_t i = 0; i < n; i++) walk_random_value(w, t->item, items + i * t->item->csize, depth + 1);
        so->count = (uint32_t)n;
        memcpy(&so->items, &items, sizeof items);
        return;
    }
    case PER_K_CHOICE: {
        uint32_t described[512], nd = 0;
        for (uint32_t i = 0; i < t->ncomps && nd < 512; i++)
            if (t->comps[i].type) described[nd++] = i;
        WALK_CHECK(nd > 0);
        uint32_t tag = described[walk_below(w, nd)];
        memcpy((uint8_t *)v + t->tag_off, &tag, sizeof tag);
        walk_random_comp(w, &t->comps[tag], v, depth);
        return;
    }
    default:
        WALK_FAIL("no random values for kind %u (%s)", t->kind, t->name);
    }
}

/* A random value of t in v (t->csize bytes, zeroed here). */
static inline void walk_random(walk *w, const per_type *t, void *v)
{
    memset(v, 0, t->csize);
    walk_random_value(w, t, v, 0);
}

/* The value a pointer component points to, or the field itself; NULL when absent. */
static inline const void *walk_comp_value(const per_comp *k, const uint8_t *base)
{
    const void *v = base + k->offset;
    if (k->flags & PER_PTR) memcpy(&v, v, sizeof v);
    return v;
}

/* Whether component k of the SEQUENCE at base is present. */
static inline bool walk_present(const per_comp *k, const uint8_t *base)
{
    if (!(k->flags & PER_OPTIONAL)) return true;
    if (k->flags & PER_PTR) return walk_comp_value(k, base) != NULL;
    return *(const bool *)(base + k->present);
}

/* Field-by-field equality of two values of t; prints the path of the first difference. */
static inline bool walk_same(const per_type *t, const void *a, const void *b, const char *where)
{
    bool ok = true;
    switch (t->kind) {
    case PER_K_NULL:
        return true;
    case PER_K_BOOLEAN:
        ok = *(const bool *)a == *(const bool *)b;
        break;
    case PER_K_INTEGER:
        ok = walk_load_int(t, a) == walk_load_int(t, b);
        break;
    case PER_K_OCTET_STRING:
    case PER_K_OPEN:
        if (t->flags & PER_INLINE) {
            ok = memcmp(a, b, (size_t)t->ub) == 0;
        } else {
            const per_octets *x = a, *y = b;
            ok = x->len == y->len && (!x->len || memcmp(x->data, y->data, x->len) == 0);
        }
        break;
    case PER_K_KMSTRING:
    case PER_K_OCTETCHARS: {
        const per_string *x = a, *y = b;
        ok = x->len == y->len && (!x->len || memcmp(x->chars, y->chars, x->len) == 0);
        break;
    }
    case PER_K_OID: {
        const per_oid *x = a, *y = b;
        ok = x->count == y->count && memcmp(x->arcs, y->arcs, x->count * sizeof x->arcs[0]) == 0;
        break;
    }
    case PER_K_SEQUENCE:
        for (uint32_t i = 0; i < t->ncomps && ok; i++) {
            const per_comp *k = &t->comps[i];
            bool pa = walk_present(k, a), pb = walk_present(k, b);
            if (pa != pb) {
                WALK_PRINT("%s.%s: present %d vs %d\n", t->name, k->name, pa, pb);
                return false;
            }
            if (pa) ok = walk_same(k->type, walk_comp_value(k, a), walk_comp_value(k, b), k->name);
        }
        break;
    case PER_K_SEQUENCE_OF: {
        const per_seq_of *x = a, *y = b;
        ok = x->count == y->count;
        for (uint32_t i = 0; i < x->count && ok; i++)
            ok = walk_same(t->item, (const uint8_t *)x->items + i * t->item->csize,
                           (const uint8_t *)y->items + i * t->item->csize, where);
        break;
    }
    case PER_K_CHOICE: {
        uint32_t ta, tb;
        memcpy(&ta, (const uint8_t *)a + t->tag_off, sizeof ta);
        memcpy(&tb, (const uint8_t *)b + t->tag_off, sizeof tb);
        ok = ta == tb;
        if (ok && ta < t->ncomps && t->comps[ta].type) {
            const per_comp *k = &t->comps[ta];
            ok = walk_same(k->type, walk_comp_value(k, a), walk_comp_value(k, b), k->name);
        }
        break;
    }
    default:
        WALK_FAIL("no comparison for kind %u", t->kind);
    }
    if (!ok) WALK_PRINT("  differs in %s (%s)\n", where, t->name);
    return ok;
}

#endif
