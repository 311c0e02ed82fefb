/*
 * tests/unit/test_h323_h225_gen.h - test helpers for tsp-h323/h225, driven by the type
 * descriptions themselves, so that they reach every component of every message:
 *
 *   h225_gen_value()   a random value of any described type, within its constraints
 *                      (sizes, ranges, alphabets), optional components present at random,
 *                      every described alternative possible, sometimes unknown extensions
 *                      (kept additions and alternatives) where the type keeps them;
 *   h225_value_equal() compares two values component by component as the description
 *                      sees them, and names the first difference.
 *
 * Memory for strings and lists comes from a bump pool the caller resets.
 */
#ifndef TEST_H323_H225_GEN_H
#define TEST_H323_H225_GEN_H

#include "h225/h225.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct h225_gen {
    uint64_t seed;
    uint8_t *pool;
    size_t size, used;
    bool unknown;          /* also generate unknown extensions where they are kept */
    const char *const *skip;   /* NULL-terminated: components and alternatives never made */
    bool no_open;          /* components kept as bytes (per_t_open) never made */
    bool printable;        /* text without control characters or surrogates (as tshark prints
                              such text escaped) */
} h225_gen;

static inline bool h225_gen_skips(const h225_gen *g, const per_comp *k)
{
    if (g->no_open && k->type && k->type->kind == PER_K_OPEN) return true;
    for (const char *const *s = g->skip; s && *s; s++)
        if (strcmp(*s, k->name) == 0) return true;
    return false;
}

static inline uint64_t h225_gen_rand(h225_gen *g)
{
    /* xorshift64* */
    g->seed ^= g->seed >> 12;
    g->seed ^= g->seed << 25;
    g->seed ^= g->seed >> 27;
    return g->seed * 0x2545F4914F6CDD1DULL;
}

static inline uint32_t h225_gen_below(h225_gen *g, uint32_t n)
{
    return n ? (uint32_t)(h225_gen_rand(g) >> 32) % n : 0;
}

static inline void *h225_gen_alloc(h225_gen *g, size_t n)
{
    size_t at = (g->used + 7) & ~(size_t)7;
    if (n > g->size || at > g->size - n) {
        fprintf(stderr, "h225_gen: pool of %zu octets exhausted\n", g->size);
        abort();
    }
    g->used = at + n;
    memset(g->pool + at, 0, n);
    return g->pool + at;
}

static inline void h225_gen_bytes(h225_gen *g, uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)h225_gen_rand(g);
}

/* A length in [lb, ub] (ub: the type's, or lb + spread when unbounded), small mostly. */
static inline uint32_t h225_gen_size(h225_gen *g, const per_type *t, uint32_t spread)
{
    uint64_t lb = (uint64_t)t->lb, ub = (t->flags & PER_HAS_UB) ? (uint64_t)t->ub : lb + spread;
    if (ub > lb + spread && h225_gen_below(g, 8)) ub = lb + spread;
    return (uint32_t)(lb + h225_gen_below(g, (uint32_t)(ub - lb + 1)));
}

static inline void h225_gen_store_int(const per_type *t, void *v, int64_t x)
{
    switch (t->csize) {
    case 1: { uint8_t u = (uint8_t)x; memcpy(v, &u, 1); break; }
    case 2: { uint16_t u = (uint16_t)x; memcpy(v, &u, 2); break; }
    case 4: { uint32_t u = (uint32_t)x; memcpy(v, &u, 4); break; }
    default: memcpy(v, &x, 8); break;
    }
}

static inline void h225_gen_value(h225_gen *g, const per_type *t, void *v, unsigned depth);

static inline void h225_gen_keep_unknown(h225_gen *g, const per_type *t, uint8_t *base)
{
    per_ext_list *keep = (per_ext_list *)(base + t->unknown_off);
    if (!g->unknown || h225_gen_below(g, 6)) return;
    uint32_t n = 1 + h225_gen_below(g, 2), next = t->ncomps - t->nroot + h225_gen_below(g, 3);
    keep->items = h225_gen_alloc(g, n * sizeof *keep->items);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len = 1 + h225_gen_below(g, 3);
        uint8_t *d = h225_gen_alloc(g, len);
        h225_gen_bytes(g, d, len);
        keep->items[i].index = next;
        keep->items[i].data = (per_octets){ len, d };
        next += 1 + h225_gen_below(g, 2);
    }
    keep->count = n;
}

static inline void h225_gen_value(h225_gen *g, const per_type *t, void *v, unsigned depth)
{
    uint8_t *base = v;
    switch (t->kind) {
    case PER_K_BOOLEAN: *(bool *)v = h225_gen_below(g, 2); break;
    case PER_K_NULL: break;
    case PER_K_INTEGER: {
        int64_t x;
        if (t->flags & PER_HAS_UB) {
            uint64_t range = (uint64_t)(t->ub - t->lb);
            uint64_t off = h225_gen_below(g, 4) == 0 ? range : h225_gen_below(g, 4) == 0 ? 0 : h225_gen_rand(g) % (range + 1);
            x = t->lb + (int64_t)off;
        } else {
            /* The only unconstrained INTEGERs, H.235.0 RandomVal and Params.ranInt, are
             * "32-bit Integer"s (H.235.0 annex: RandomVal ::= INTEGER -- 32-bit Integer). */
            x = (int64_t)(h225_gen_rand(g) >> (33 + h225_gen_below(g, 31)));
            if (h225_gen_below(g, 2)) x = -x - 1;
        }
        h225_gen_store_int(t, v, x);
        break;
    }
    case PER_K_ENUMERATED: h225_gen_store_int(t, v, h225_gen_below(g, t->ncomps)); break;
    case PER_K_OCTET_STRING:
        if (t->flags & PER_INLINE) {
            h225_gen_bytes(g, v, t->csize);
        } else {
            per_octets *o = v;
            o->len = h225_gen_size(g, t, 6);
            uint8_t *d = h225_gen_alloc(g, o->len + 1);
            /* No NUL: tshark shows productId and versionId as text and flags a NUL inside. */
            for (uint32_t i = 0; i < o->len; i++)
                d[i] = (uint8_t)(g->printable ? 0x20 + h225_gen_below(g, 0x5F) : 1 + h225_gen_below(g, 255));
            o->data = d;
        }
        break;
    case PER_K_BIT_STRING:
        if (t->flags & PER_INLINE) {
            h225_gen_bytes(g, v, t->csize);
        } else {
            per_bits *b = v;
            b->nbits = h225_gen_size(g, t, 40);
            uint8_t *d = h225_gen_alloc(g, (b->nbits + 7) / 8 + 1);
            h225_gen_bytes(g, d, (b->nbits + 7) / 8);
            if (b->nbits % 8) d[b->nbits / 8] &= (uint8_t)(0xFF << (8 - b->nbits % 8));
            b->data = d;
        }
        break;
    case PER_K_KMSTRING: {
        per_string *s = v;
        s->len = h225_gen_size(g, t, 10);
        char *c = h225_gen_alloc(g, s->len + 1);
        size_t na = t->alphabet ? strlen(t->alphabet) : 0;
        for (uint32_t i = 0; i < s->len; i++)
            c[i] = na ? t->alphabet[h225_gen_below(g, (uint32_t)na)]
                      : g->printable ? (char)(0x20 + h225_gen_below(g, 0x5F)) : (char)(1 + h225_gen_below(g, 127));
        s->chars = c;
        break;
    }
    case PER_K_BMPSTRING: {
        per_bmp *s = v;
        s->len = h225_gen_size(g, t, 10);
        uint16_t *c = h225_gen_alloc(g, (s->len + 1) * sizeof *c);
        for (uint32_t i = 0; i < s->len; i++) {
            c[i] = (uint16_t)(1 + h225_gen_below(g, 0xFFFF));
            if (g->printable && (c[i] < 0x20 || (c[i] >= 0x7F && c[i] < 0xA0) || c[i] >= 0xD800))
                c[i] = (uint16_t)(0xA0 + h225_gen_below(g, 0xD800 - 0xA0));
        }
        s->chars = c;
        break;
    }
    case PER_K_OCTETCHARS: {
        per_string *s = v;
        s->len = h225_gen_size(g, t, 10);
        char *c = h225_gen_alloc(g, s->len + 1);
        for (uint32_t i = 0; i < s->len; i++) c[i] = (char)(1 + h225_gen_below(g, 255));
        s->chars = c;
        break;
    }
    case PER_K_OID: {
        per_oid *o = v;
        o->count = 2 + h225_gen_below(g, 7);
        o->arcs[0] = h225_gen_below(g, 3);
        o->arcs[1] = o->arcs[0] < 2 ? h225_gen_below(g, 40) : (uint32_t)h225_gen_rand(g) >> h225_gen_below(g, 32);
        for (uint32_t i = 2; i < o->count; i++) o->arcs[i] = (uint32_t)h225_gen_rand(g) >> h225_gen_below(g, 33 - 1);
        break;
    }
    case PER_K_OPEN: {
        per_octets *o = v;
        o->len = 1 + h225_gen_below(g, 4);
        uint8_t *d = h225_gen_alloc(g, o->len);
        h225_gen_bytes(g, d, o->len);
        o->data = d;
        break;
    }
    case PER_K_SEQUENCE:
        for (uint32_t i = 0; i < t->ncomps; i++) {
            const per_comp *k = &t->comps[i];
            if (k->flags & PER_OPTIONAL) {
                /* Deeper down, fewer optional parts: the values stay small. */
                uint32_t odds = depth < 4 ? 2 : depth < 10 ? 4 : 0;
                bool on = odds && h225_gen_below(g, odds) == 0 && !h225_gen_skips(g, k);
                *(bool *)(base + k->present) = on;
                if (!on) continue;
            }
            h225_gen_value(g, k->type, base + k->offset, depth + 1);
        }
        if (t->flags & PER_KEEP_UNKNOWN) h225_gen_keep_unknown(g, t, base);
        break;
    case PER_K_CHOICE: {
        uint32_t *tag = (uint32_t *)(base + t->tag_off);
        if ((t->flags & PER_KEEP_UNKNOWN) && g->unknown && h225_gen_below(g, 10) == 0) {
            /* An alternative this schema does not decode: a newer one, or an undescribed one. */
            uint32_t pick = t->ncomps + h225_gen_below(g, 3);
            for (uint32_t i = t->nroot; i < t->ncomps; i++)
                if (!t->comps[i].type && h225_gen_below(g, 2)) pick = i;
            per_octets *raw = (per_octets *)(base + t->unknown_off);
            raw->len = 1 + h225_gen_below(g, 3);
            uint8_t *d = h225_gen_alloc(g, raw->len);
            h225_gen_bytes(g, d, raw->len);
            raw->data = d;
            *tag = pick;
            break;
        }
        uint32_t n = 0, pick;
        for (uint32_t i = 0; i < t->ncomps; i++) n += t->comps[i].type && !h225_gen_skips(g, &t->comps[i]);
        pick = h225_gen_below(g, n);
        for (uint32_t i = 0; i < t->ncomps; i++) {
            if (!t->comps[i].type || h225_gen_skips(g, &t->comps[i])) continue;
            if (pick-- == 0) {
                *tag = i;
                h225_gen_value(g, t->comps[i].type, base + t->comps[i].offset, depth + 1);
                break;
            }
        }
        break;
    }
    case PER_K_SEQUENCE_OF: {
        per_seq_of *s = v;
        per_type lim = *t;
        uint32_t spread = depth < 6 ? 2 : depth < 12 ? 1 : 0;
        s->count = h225_gen_size(g, &lim, spread);
        s->items = s->count ? h225_gen_alloc(g, s->count * t->item->csize) : NULL;
        for (uint32_t i = 0; i < s->count; i++)
            h225_gen_value(g, t->item, (uint8_t *)s->items + (size_t)i * t->item->csize, depth + 1);
        break;
    }
    default:
        fprintf(stderr, "h225_gen: kind %u of %s\n", t->kind, t->name);
        abort();
    }
}

/* ---- comparison ------------------------------------------------------------------------------ */

static inline bool h225_fail(char *why, size_t size, const char *path, const char *what)
{
    if (why) snprintf(why, size, "%s: %s", path, what);
    return false;
}

static inline bool h225_bytes_equal(const void *a, const void *b, size_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

/* path: where we are, for the message ("Setup-UUIE.sourceAddress[1].h323-ID"). */
static inline bool h225_value_equal_at(const per_type *t, const void *a, const void *b, char *path, size_t plen,
                                       char *why, size_t wsize)
{
    const uint8_t *x = a, *y = b;
    size_t at = strlen(path);
    switch (t->kind) {
    case PER_K_BOOLEAN: return *(const bool *)a == *(const bool *)b || h225_fail(why, wsize, path, "BOOLEAN");
    case PER_K_NULL: return true;
    case PER_K_INTEGER:
    case PER_K_ENUMERATED: return h225_bytes_equal(a, b, t->csize) || h225_fail(why, wsize, path, t->name);
    case PER_K_OCTET_STRING:
    case PER_K_OPEN:
        if (t->flags & PER_INLINE) return h225_bytes_equal(a, b, t->csize) || h225_fail(why, wsize, path, t->name);
        {
            const per_octets *p = a, *q = b;
            return (p->len == q->len && h225_bytes_equal(p->data, q->data, p->len)) || h225_fail(why, wsize, path, t->name);
        }
    case PER_K_BIT_STRING:
        if (t->flags & PER_INLINE) return h225_bytes_equal(a, b, t->csize) || h225_fail(why, wsize, path, t->name);
        {
            const per_bits *p = a, *q = b;
            if (p->nbits != q->nbits) return h225_fail(why, wsize, path, "BIT STRING length");
            for (uint32_t i = 0; i < p->nbits; i++)
                if (((p->data[i / 8] ^ q->data[i / 8]) >> (7 - i % 8)) & 1) return h225_fail(why, wsize, path, "BIT STRING");
            return true;
        }
    case PER_K_KMSTRING:
    case PER_K_OCTETCHARS: {
        const per_string *p = a, *q = b;
        return (p->len == q->len && h225_bytes_equal(p->chars, q->chars, p->len)) || h225_fail(why, wsize, path, t->name);
    }
    case PER_K_BMPSTRING: {
        const per_bmp *p = a, *q = b;
        return (p->len == q->len && h225_bytes_equal(p->chars, q->chars, 2 * (size_t)p->len)) ||
               h225_fail(why, wsize, path, t->name);
    }
    case PER_K_OID: {
        const per_oid *p = a, *q = b;
        return (p->count == q->count && h225_bytes_equal(p->arcs, q->arcs, 4 * (size_t)p->count)) ||
               h225_fail(why, wsize, path, "OBJECT IDENTIFIER");
    }
    case PER_K_SEQUENCE:
        for (uint32_t i = 0; i < t->ncomps; i++) {
            const per_comp *k = &t->comps[i];
            snprintf(path + at, plen - at, ".%s", k->name);
            if (k->flags & PER_OPTIONAL) {
                bool pa = *(const bool *)(x + k->present), pb = *(const bool *)(y + k->present);
                if (pa != pb) return h225_fail(why, wsize, path, pa ? "present, then absent" : "absent, then present");
                if (!pa) continue;
            }
            if (!h225_value_equal_at(k->type, x + k->offset, y + k->offset, path, plen, why, wsize)) return false;
        }
        path[at] = '\0';
        if (t->flags & PER_KEEP_UNKNOWN) {
            const per_ext_list *p = (const per_ext_list *)(x + t->unknown_off), *q = (const per_ext_list *)(y + t->unknown_off);
            if (p->count != q->count) return h225_fail(why, wsize, path, "number of unknown additions");
            for (uint32_t i = 0; i < p->count; i++)
                if (p->items[i].index != q->items[i].index || p->items[i].data.len != q->items[i].data.len ||
                    !h225_bytes_equal(p->items[i].data.data, q->items[i].data.data, p->items[i].data.len))
                    return h225_fail(why, wsize, path, "unknown addition");
        }
        return true;
    case PER_K_CHOICE: {
        uint32_t ta = *(const uint32_t *)(x + t->tag_off), tb = *(const uint32_t *)(y + t->tag_off);
        if (ta != tb) return h225_fail(why, wsize, path, "alternative");
        if (ta < t->ncomps && t->comps[ta].type) {
            snprintf(path + at, plen - at, ".%s", t->comps[ta].name);
            bool ok = h225_value_equal_at(t->comps[ta].type, x + t->comps[ta].offset, y + t->comps[ta].offset, path, plen,
                                          why, wsize);
            if (ok) path[at] = '\0';
            return ok;
        }
        if (t->flags & PER_KEEP_UNKNOWN) {
            const per_octets *p = (const per_octets *)(x + t->unknown_off), *q = (const per_octets *)(y + t->unknown_off);
            return (p->len == q->len && h225_bytes_equal(p->data, q->data, p->len)) ||
                   h225_fail(why, wsize, path, "unknown alternative");
        }
        return true;
    }
    case PER_K_SEQUENCE_OF: {
        const per_seq_of *p = a, *q = b;
        if (p->count != q->count) return h225_fail(why, wsize, path, "count");
        for (uint32_t i = 0; i < p->count; i++) {
            snprintf(path + at, plen - at, "[%u]", i);
            if (!h225_value_equal_at(t->item, (const uint8_t *)p->items + (size_t)i * t->item->csize,
                                     (const uint8_t *)q->items + (size_t)i * t->item->csize, path, plen, why, wsize))
                return false;
        }
        path[at] = '\0';
        return true;
    }
    default:
        return h225_fail(why, wsize, path, "kind not compared");
    }
}

/* true when a and b (of type t) are equal as the description sees them; else why says
 * where they differ. */
static inline bool h225_value_equal(const per_type *t, const void *a, const void *b, char *why, size_t wsize)
{
    char path[1024];
    snprintf(path, sizeof path, "%s", t->name);
    return h225_value_equal_at(t, a, b, path, sizeof path, why, wsize);
}

#endif
