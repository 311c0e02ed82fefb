/*
 * tsp-h323/asn1/schema.c - the generic aligned-PER encoder and decoder that walk per_type
 * tables (schema.h). Clause numbers are those of ITU-T X.691 (07/2002).
 */
#include "schema.h"
#include "per_inline.h"

#include <stdio.h>
#include <string.h>

const per_type per_t_boolean = { .name = "BOOLEAN", .kind = PER_K_BOOLEAN, .csize = sizeof(bool) };
const per_type per_t_null = { .name = "NULL", .kind = PER_K_NULL, .csize = 0 };
const per_type per_t_oid = { .name = "OBJECT IDENTIFIER", .kind = PER_K_OID, .csize = sizeof(per_oid) };
const per_type per_t_open = { .name = "open type", .kind = PER_K_OPEN, .csize = sizeof(per_octets) };

typedef struct enc_ctx {
    per_enc *e;
    per_errinfo *ei;
} enc_ctx;

typedef struct dec_ctx {
    per_dec *d;
    per_arena *a;
    per_errinfo *ei;
} dec_ctx;

static int enc_value(const enc_ctx *c, const per_type *t, const void *v, unsigned depth);
static int dec_value(const dec_ctx *c, const per_type *t, void *v, unsigned depth);

/* ---- errors -------------------------------------------------------------------------- */

/* Adds one path entry while an error unwinds (innermost first); returns rc. */
static int trace(per_errinfo *ei, int rc, const char *name, long index)
{
    if (ei && ei->depth < PER_ERRPATH_MAX) {
        ei->path[ei->depth].name = name;
        ei->path[ei->depth].index = index;
        ei->depth++;
    } else if (ei) {
        ei->dropped++;
    }
    return rc;
}

int per_errinfo_format(const per_errinfo *ei, int err, char *buf, size_t size)
{
    char path[512];
    size_t n = 0;
    path[0] = '\0';
    if (ei->dropped) n = (size_t)snprintf(path, sizeof path, "...");
    for (unsigned i = ei->depth; i-- > 0 && n < sizeof path;) {
        const char *name = ei->path[i].name;
        int w;
        if (name)
            w = snprintf(path + n, sizeof path - n, "%s%s", n && path[n - 1] != '.' ? "." : "", name);
        else
            w = snprintf(path + n, sizeof path - n, "[%ld]", ei->path[i].index);
        if (w < 0) break;
        n += (size_t)w;
    }
    return snprintf(buf, size, "%s at %s (bit %zu)", per_strerror(err), n ? path : "?", ei->bit);
}

/* ---- the arena ------------------------------------------------------------------------ */

#define ARENA_ALIGN ((size_t)8)
_Static_assert(_Alignof(uint64_t) <= 8 && _Alignof(void *) <= 8 && _Alignof(int64_t) <= 8,
               "arena alignment covers the C mappings");

void per_arena_init(per_arena *a, void *mem, size_t size)
{
    a->base = mem;
    a->size = mem ? size : 0;
    a->used = 0;
    a->last = SIZE_MAX;
}

void per_arena_reset(per_arena *a)
{
    a->used = 0;
    a->last = SIZE_MAX;
}

void *per_arena_alloc(per_arena *a, size_t n)
{
    if (!a->base) return NULL;
    uintptr_t at = (uintptr_t)(a->base + a->used);
    size_t pad = (size_t)((ARENA_ALIGN - (at & (ARENA_ALIGN - 1))) & (ARENA_ALIGN - 1));
    if (pad > a->size - a->used || n > a->size - a->used - pad) return NULL;
    a->used += pad;
    uint8_t *p = a->base + a->used;
    memset(p, 0, n);
    a->last = a->used;
    a->used += n;
    return p;
}

/* Grows the block p (old bytes) to n bytes: in place when it is the last one handed out,
 * else by copying. p may be NULL (a fresh block). */
static void *arena_grow(per_arena *a, void *p, size_t old, size_t n)
{
    if (p && (uint8_t *)p == a->base + a->last && a->last + old == a->used) {
        if (n - old > a->size - a->used) return NULL;
        memset(a->base + a->used, 0, n - old);
        a->used += n - old;
        return p;
    }
    void *q = per_arena_alloc(a, n);
    if (q && p && old) memcpy(q, p, old);
    return q;
}

/* ---- C field access --------------------------------------------------------------------- */

static const void *load_ptr(const void *field)
{
    const void *p;
    memcpy(&p, field, sizeof p);
    return p;
}

static void store_ptr(void *field, const void *p)
{
    memcpy(field, &p, sizeof p);
}

static int load_int(const per_type *t, const void *p, int64_t *v)
{
    bool s = (t->flags & PER_SIGNED) != 0;
    switch (t->csize) {
    case 1: *v = s ? *(const int8_t *)p : *(const uint8_t *)p; return PER_OK;
    case 2: *v = s ? *(const int16_t *)p : *(const uint16_t *)p; return PER_OK;
    case 4: *v = s ? *(const int32_t *)p : (int64_t)*(const uint32_t *)p; return PER_OK;
    case 8:
        if (s) {
            *v = *(const int64_t *)p;
            return PER_OK;
        }
        if (*(const uint64_t *)p > (uint64_t)INT64_MAX) return PER_E_RANGE;
        *v = (int64_t)*(const uint64_t *)p;
        return PER_OK;
    default: return PER_E_SCHEMA;
    }
}

static int store_int(const per_type *t, void *p, int64_t v)
{
    bool s = (t->flags & PER_SIGNED) != 0;
    switch (t->csize) {
    case 1:
        if (s ? (v < INT8_MIN || v > INT8_MAX) : (v < 0 || v > UINT8_MAX)) return PER_E_RANGE;
        if (s) *(int8_t *)p = (int8_t)v;
        else *(uint8_t *)p = (uint8_t)v;
        return PER_OK;
    case 2:
        if (s ? (v < INT16_MIN || v > INT16_MAX) : (v < 0 || v > UINT16_MAX)) return PER_E_RANGE;
        if (s) *(int16_t *)p = (int16_t)v;
        else *(uint16_t *)p = (uint16_t)v;
        return PER_OK;
    case 4:
        if (s ? (v < INT32_MIN || v > INT32_MAX) : (v < 0 || v > (int64_t)UINT32_MAX)) return PER_E_RANGE;
        if (s) *(int32_t *)p = (int32_t)v;
        else *(uint32_t *)p = (uint32_t)v;
        return PER_OK;
    case 8:
        if (!s && v < 0) return PER_E_RANGE;
        if (s) *(int64_t *)p = v;
        else *(uint64_t *)p = (uint64_t)v;
        return PER_OK;
    default: return PER_E_SCHEMA;
    }
}

static uint64_t load_uint(const void *p, uint32_t size)
{
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: return *(const uint16_t *)p;
    case 4: return *(const uint32_t *)p;
    default: return *(const uint64_t *)p;
    }
}

static int store_uint(void *p, uint32_t size, uint64_t v)
{
    switch (size) {
    case 1: if (v > UINT8_MAX) return PER_E_RANGE; *(uint8_t *)p = (uint8_t)v; return PER_OK;
    case 2: if (v > UINT16_MAX) return PER_E_RANGE; *(uint16_t *)p = (uint16_t)v; return PER_OK;
    case 4: if (v > UINT32_MAX) return PER_E_RANGE; *(uint32_t *)p = (uint32_t)v; return PER_OK;
    default: *(uint64_t *)p = v; return PER_OK;
    }
}

/* The value of a component inside its SEQUENCE/CHOICE struct (NULL: absent pointer). */
static const void *comp_value(const per_comp *k, const uint8_t *base)
{
    return (k->flags & PER_PTR) ? load_ptr(base + k->offset) : base + k->offset;
}

static bool comp_present(const per_comp *k, const uint8_t *base)
{
    if (k->flags & PER_PTR) return load_ptr(base + k->offset) != NULL || !(k->flags & PER_OPTIONAL);
    if (k->flags & PER_OPTIONAL) return *(const bool *)(base + k->present);
    return true;
}

/* X.691 18.2 lets an encoder leave out a DEFAULT component holding its default value
 * (and CANONICAL-PER requires it); we do so for the scalar types that carry a default. */
static bool comp_is_default(const per_comp *k, const void *v)
{
    int64_t x;
    if (!(k->flags & PER_DEFAULT) || !v) return false;
    switch (k->type->kind) {
    case PER_K_INTEGER: return load_int(k->type, v, &x) == PER_OK && x == k->dflt;
    case PER_K_ENUMERATED: return load_uint(v, k->type->csize) == (uint64_t)k->dflt;
    case PER_K_BOOLEAN: return *(const bool *)v == (k->dflt != 0);
    default: return false;
    }
}

static int comp_store_default(const per_comp *k, void *v)
{
    switch (k->type->kind) {
    case PER_K_INTEGER: return store_int(k->type, v, k->dflt);
    case PER_K_ENUMERATED: return store_uint(v, k->type->csize, (uint64_t)k->dflt);
    case PER_K_BOOLEAN: *(bool *)v = k->dflt != 0; return PER_OK;
    default: return PER_OK;
    }
}

/* ---- SIZE constraints ------------------------------------------------------------------- */

static size_t size_lb(const per_type *t) { return (size_t)t->lb; }
static size_t size_ub(const per_type *t) { return (t->flags & PER_HAS_UB) ? (size_t)t->ub : PER_NO_UB; }

/* An extensible SIZE constraint puts one bit first: 1 when the size is outside the root,
 * and then the length is unconstrained (the "extensible for PER encodings" case of
 * clauses 15, 16, 19 and 27). */
static int enc_size_ext(per_enc *e, const per_type *t, size_t n, size_t *lb, size_t *ub)
{
    *lb = size_lb(t);
    *ub = size_ub(t);
    if (!(t->flags & PER_EXT)) return PER_OK;
    bool out = n < *lb || n > *ub;
    if (out) {
        *lb = 0;
        *ub = PER_NO_UB;
    }
    return per_i_put_bits(e, out, 1);
}

static int dec_size_ext(per_dec *d, const per_type *t, size_t *lb, size_t *ub)
{
    uint64_t out = 0;
    *lb = size_lb(t);
    *ub = size_ub(t);
    if (!(t->flags & PER_EXT)) return PER_OK;
    int rc = per_i_get_bits(d, 1, &out);
    if (rc) return rc;
    if (out) {
        *lb = 0;
        *ub = PER_NO_UB;
    }
    return PER_OK;
}

/* ---- known-multiplier character sets (27.5) -------------------------------------------- */

typedef struct charset {
    const char *alpha;   /* NULL: IA5String's 128 characters */
    size_t n;
    unsigned bits;       /* B, bits per character in the ALIGNED variant */
    bool reindex;        /* characters are sent as their index in alpha */
} charset;

static void charset_init(charset *cs, const per_type *t)
{
    cs->alpha = t->alphabet;
    if (t->kind == PER_K_BMPSTRING) {
        cs->n = 65536;
        cs->bits = 16;
        cs->reindex = false;
        return;
    }
    if (!cs->alpha) {
        /* 27.5.3/27.5.4: IA5String has 128 characters, b = 7, rounded up to B = 8. */
        cs->n = 128;
        cs->bits = 8;
        cs->reindex = false;
        return;
    }
    /* 27.5.3: b bits hold N-1; 27.5.4: ALIGNED rounds b up to a power of two, B (so a
     * one-character alphabet, b = 0, still takes B = 2^0 = 1 bit). Then 27.5.4 a)/b):
     * if every character's own value fits in B bits it is sent as is, otherwise as its
     * index in the (ascending) permitted alphabet. */
    cs->n = strlen(cs->alpha);
    unsigned b = per_i_bitlen(cs->n - 1), B = 1;
    while (B < b) B <<= 1;
    cs->bits = B;
    unsigned char top = (unsigned char)cs->alpha[cs->n - 1];
    cs->reindex = cs->bits < 8 && top > (1u << cs->bits) - 1;
}

static long charset_index(const charset *cs, unsigned char ch)
{
    size_t lo = 0, hi = cs->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        unsigned char m = (unsigned char)cs->alpha[mid];
        if (m == ch) return (long)mid;
        if (m < ch) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static int charset_encode(const charset *cs, unsigned char ch, uint64_t *v)
{
    if (!cs->alpha) {
        if (ch > 127) return PER_E_CHAR;
        *v = ch;
        return PER_OK;
    }
    long i = charset_index(cs, ch);
    if (i < 0) return PER_E_CHAR;
    *v = cs->reindex ? (uint64_t)i : ch;
    return PER_OK;
}

static int charset_decode(const charset *cs, uint64_t v, char *ch)
{
    if (cs->reindex) {
        if (v >= cs->n) return PER_E_CHAR;
        *ch = cs->alpha[v];
        return PER_OK;
    }
    if (v > 127 || (cs->alpha && charset_index(cs, (unsigned char)v) < 0)) return PER_E_CHAR;
    *ch = (char)v;
    return PER_OK;
}

/* ---- sized values: OCTET/BIT STRING, character strings, open types ---------------------- */

/* What a sized value looks like in C, unified for the shared loop below. */
typedef struct sized {
    const uint8_t *bytes;   /* octets, bits, 8-bit characters */
    const uint16_t *wide;   /* BMPString */
    size_t n;               /* units: octets, bits or characters */
    unsigned unit;          /* bits per unit on the wire */
    bool var_aligned;       /* variable size: contents octet-aligned */
    charset cs;
} sized;

static void sized_rules(sized *s, const per_type *t, size_t ub)
{
    switch (t->kind) {
    case PER_K_BIT_STRING:
        s->unit = 1;
        s->var_aligned = true;         /* 15.11: after the length, octet-aligned */
        break;
    case PER_K_KMSTRING:
    case PER_K_BMPSTRING:
        charset_init(&s->cs, t);
        s->unit = s->cs.bits;
        /* 27.5.7: variable size is octet-aligned unless ub*B < 16 (an unbounded ub is
         * aligned: its length determinant already is). */
        s->var_aligned = ub >= PER_64K || (uint64_t)ub * s->unit >= 16;
        break;
    default:                           /* octets: 16.8, 27.6 (GeneralString), 10.2 */
        s->unit = 8;
        s->var_aligned = true;
        break;
    }
}

/* Writes units [from, from+count) of s. */
static int put_units(per_enc *e, const per_type *t, const sized *s, size_t from, size_t count)
{
    int rc = PER_OK;
    /* An empty string may have no storage at all (a decoded empty open type, a caller's
     * {0, NULL}): nothing to write, and NULL + 0 is undefined behaviour in C. */
    if (count == 0) return PER_OK;
    switch (t->kind) {
    case PER_K_BIT_STRING: {
        /* from is 0 or a multiple of 16K: always an octet boundary of the source. */
        const uint8_t *p = s->bytes + from / 8;
        if ((rc = per_put_octets(e, p, count / 8))) return rc;
        if (count % 8) rc = per_i_put_bits(e, p[count / 8] >> (8 - count % 8), (unsigned)(count % 8));
        return rc;
    }
    case PER_K_KMSTRING:
        if (!s->cs.alpha) {
            for (size_t i = 0; i < count; i++)
                if (s->bytes[from + i] > 127) return PER_E_CHAR;
            return per_put_octets(e, s->bytes + from, count);
        }
        for (size_t i = 0; i < count && !rc; i++) {
            uint64_t v;
            if ((rc = charset_encode(&s->cs, s->bytes[from + i], &v))) return rc;
            rc = per_i_put_bits(e, v, s->unit);
        }
        return rc;
    case PER_K_BMPSTRING:
        for (size_t i = 0; i < count && !rc; i++) rc = per_i_put_bits(e, s->wide[from + i], 16);
        return rc;
    default:
        return per_put_octets(e, s->bytes + from, count);
    }
}

static int enc_sized(per_enc *e, const per_type *t, sized *s)
{
    size_t lb, ub, piece, done = 0;
    per_len L;
    int rc = enc_size_ext(e, t, s->n, &lb, &ub);
    if (rc) return rc;
    sized_rules(s, t, ub);
    if (lb == ub && ub < PER_64K) {
        /* Fixed size, no length: 15.8/15.9 (bits), 16.6/16.7 (octets), 27.5.6 (characters):
         * octet-aligned only when longer than 16 bits. */
        if (s->n != ub) return PER_E_LENGTH;
        if ((uint64_t)ub * s->unit > 16 && (rc = per_i_put_align(e))) return rc;
        return put_units(e, t, s, 0, s->n);
    }
    rc = per_put_len_first(e, s->n, lb, ub, &L, &piece);     /* 10.9 */
    while (rc > 0) {
        /* An empty string gets no padding: there is no field to align. */
        if (piece && s->var_aligned && (rc = per_i_put_align(e))) return rc;
        if ((rc = put_units(e, t, s, done, piece))) return rc;
        done += piece;
        rc = per_put_len_next(e, &L, &piece);
    }
    return rc;
}

/* Reads `count` units into the decoder's output buffer at unit offset `from`. */
static int get_units(per_dec *d, const per_type *t, const sized *s, void *out, size_t from,
                     size_t count)
{
    int rc = PER_OK;
    uint64_t v;
    switch (t->kind) {
    case PER_K_BIT_STRING: {
        uint8_t *p = (uint8_t *)out + from / 8;
        if ((rc = per_get_octets(d, p, count / 8))) return rc;
        if (count % 8) {
            if ((rc = per_i_get_bits(d, (unsigned)(count % 8), &v))) return rc;
            p[count / 8] = (uint8_t)(v << (8 - count % 8));
        }
        return PER_OK;
    }
    case PER_K_KMSTRING: {
        char *p = (char *)out + from;
        if (!s->cs.alpha) {
            if ((rc = per_get_octets(d, (uint8_t *)p, count))) return rc;
            for (size_t i = 0; i < count; i++)
                if ((unsigned char)p[i] > 127) return PER_E_CHAR;
            return PER_OK;
        }
        for (size_t i = 0; i < count; i++) {
            if ((rc = per_i_get_bits(d, s->unit, &v))) return rc;
            if ((rc = charset_decode(&s->cs, v, &p[i]))) return rc;
        }
        return PER_OK;
    }
    case PER_K_BMPSTRING: {
        uint16_t *p = (uint16_t *)out + from;
        for (size_t i = 0; i < count; i++) {
            if ((rc = per_i_get_bits(d, 16, &v))) return rc;
            p[i] = (uint16_t)v;
        }
        return PER_OK;
    }
    default:
        return per_get_octets(d, (uint8_t *)out + from, count);
    }
}

/* Bytes of C storage for n units, plus the NUL the decoder appends to strings. */
static size_t storage_for(const per_type *t, size_t n)
{
    switch (t->kind) {
    case PER_K_BIT_STRING: return n / 8 + 1;
    case PER_K_BMPSTRING: return (n + 1) * 2;
    default: return n + 1;
    }
}

/* Decodes a sized value. inline_buf: the uint8_t[] of a PER_INLINE field, else the value
 * goes to arena memory returned in *out with its unit count in *n. */
static int dec_sized(const dec_ctx *c, const per_type *t, uint8_t *inline_buf, void **out,
                     size_t *n)
{
    per_dec *d = c->d;
    size_t lb, ub, piece, total = 0, have = 0;
    per_len L;
    sized s = { 0 };
    void *buf = NULL;
    int rc = dec_size_ext(d, t, &lb, &ub);
    if (rc) return rc;
    sized_rules(&s, t, ub);
    if (lb == ub && ub < PER_64K) {
        if (!inline_buf) {
            if (!(buf = per_arena_alloc(c->a, storage_for(t, ub)))) return PER_E_ARENA;
        }
        if ((uint64_t)ub * s.unit > 16 && (rc = per_i_get_align(d))) return rc;
        if ((rc = get_units(d, t, &s, inline_buf ? (void *)inline_buf : buf, 0, ub))) return rc;
        *out = buf;
        *n = ub;
        return PER_OK;
    }
    if (inline_buf) return PER_E_SCHEMA;
    rc = per_get_len_first(d, lb, ub, &L, &piece);
    while (rc > 0) {
        if (piece) {
            if (s.var_aligned && (rc = per_i_get_align(d))) return rc;
            /* Cheap early refusal of lengths the input cannot hold, before allocating. */
            if ((uint64_t)piece * s.unit > d->nbits - d->bit) return PER_E_TRUNCATED;
        }
        size_t need = storage_for(t, total + piece);
        if (!buf || need > have) {
            if (!(buf = arena_grow(c->a, buf, have, need))) return PER_E_ARENA;
            have = need;
        }
        if ((rc = get_units(d, t, &s, buf, total, piece))) return rc;
        total += piece;
        rc = per_get_len_next(d, &L, &piece);
    }
    if (rc < 0) return rc;
    *out = buf;
    *n = total;
    return PER_OK;
}

/* ---- OBJECT IDENTIFIER (23; contents as X.690 8.19) -------------------------------------- */

#define OID_MAX_OCTETS (5 * PER_OID_MAX_ARCS)

static int enc_oid(per_enc *e, const per_oid *o)
{
    uint8_t buf[OID_MAX_OCTETS];
    size_t n = 0, piece;
    per_len L;
    if (o->count < 2 || o->count > PER_OID_MAX_ARCS) return PER_E_INVALID;
    if (o->arcs[0] > 2 || (o->arcs[0] < 2 && o->arcs[1] > 39)) return PER_E_INVALID; /* 8.19.4 */
    for (uint32_t i = 1; i < o->count; i++) {
        uint64_t v = i == 1 ? (uint64_t)o->arcs[0] * 40 + o->arcs[1] : o->arcs[i];
        uint8_t tmp[10];
        size_t k = 0;
        do {                                   /* 8.19.2: base 128, high bit = more */
            tmp[k++] = (uint8_t)(v & 0x7F);
            v >>= 7;
        } while (v);
        while (k) {
            k--;
            buf[n++] = (uint8_t)(tmp[k] | (k ? 0x80 : 0));
        }
    }
    int rc = per_put_len_first(e, n, 0, PER_NO_UB, &L, &piece);   /* aligned, one octet */
    if (rc < 0) return rc;
    return per_put_octets(e, buf, n);
}

static int dec_oid(per_dec *d, per_oid *o)
{
    uint8_t buf[OID_MAX_OCTETS];
    size_t n;
    per_len L;
    int rc = per_get_len_first(d, 0, PER_NO_UB, &L, &n);
    if (rc < 0) return rc;
    if (L.more || n > sizeof buf) return PER_E_LENGTH;
    if (n == 0) return PER_E_INVALID;
    if ((rc = per_get_octets(d, buf, n))) return rc;
    o->count = 0;
    for (size_t i = 0; i < n;) {
        uint64_t v = 0;
        if (buf[i] == 0x80) return PER_E_INVALID;   /* 8.19.2: no leading 0x80 octet */
        for (;;) {
            if (i == n) return PER_E_INVALID;        /* last subidentifier unfinished */
            if (v >> 50) return PER_E_RANGE;
            v = (v << 7) | (buf[i] & 0x7F);
            if (!(buf[i++] & 0x80)) break;
        }
        if (o->count == 0) {                         /* 8.19.4: the first two arcs */
            uint32_t a0 = v < 40 ? 0 : v < 80 ? 1 : 2;
            v -= (uint64_t)a0 * 40;
            if (v > UINT32_MAX) return PER_E_RANGE;
            o->arcs[0] = a0;
            o->arcs[1] = (uint32_t)v;
            o->count = 2;
            continue;
        }
        if (o->count == PER_OID_MAX_ARCS) return PER_E_LENGTH;
        if (v > UINT32_MAX) return PER_E_RANGE;
        o->arcs[o->count++] = (uint32_t)v;
    }
    return PER_OK;
}

/* ---- open types (10.2) ------------------------------------------------------------------ */

/* The contents of an open type were written at buf[start+1 .. start+1+n); put the length
 * determinant in front, moving the contents when it needs more than the one reserved
 * octet (n >= 128) or fragments (n >= 16K, 10.9.3.8). */
static int frame_open(per_enc *e, size_t start, size_t n)
{
    uint8_t *b = e->buf;
    if (n <= 127) {
        b[start] = (uint8_t)n;
        return PER_OK;
    }
    size_t full = n / PER_64K, mid = (n % PER_64K) / PER_16K, last = n % PER_16K;
    size_t h = full + (mid ? 1 : 0) + (last <= 127 ? 1 : 2);
    if (h + n > e->cap - start) return PER_E_FULL;
    /* From the end backwards: every piece moves right, so memmove never overwrites
     * contents not yet moved. */
    size_t src = start + 1 + n, dst = start + h + n;
    src -= last;
    dst -= last;
    memmove(b + dst, b + src, last);
    if (last <= 127) {
        b[--dst] = (uint8_t)last;
    } else {
        b[--dst] = (uint8_t)(last & 0xFF);
        b[--dst] = (uint8_t)(0x80 | (last >> 8));
    }
    if (mid) {
        src -= mid * PER_16K;
        dst -= mid * PER_16K;
        memmove(b + dst, b + src, mid * PER_16K);
        b[--dst] = (uint8_t)(0xC0 | mid);
    }
    for (size_t i = 0; i < full; i++) {
        src -= PER_64K;
        dst -= PER_64K;
        memmove(b + dst, b + src, PER_64K);
        b[--dst] = 0xC4;
    }
    e->bit = (start + h + n) * 8;
    return PER_OK;
}

/* Open type contents are a complete encoding, at least one octet (10.1.3, 10.2). */
static int put_open_octets(per_enc *e, const per_octets *o)
{
    sized s = { .bytes = o->data, .n = o->len };
    if (!o->len || !o->data) return PER_E_INVALID;
    return enc_sized(e, &per_t_open, &s);
}

/* 10.2: a value as an open type: the complete encoding of the value, as an octet string
 * with an unconstrained length. Encoded in place after one reserved length octet. */
static int enc_open(const enc_ctx *c, const per_type *t, const void *v, unsigned depth)
{
    per_enc *e = c->e;
    int rc;
    if (t->kind == PER_K_OPEN) return put_open_octets(e, v);
    per_i_put_align(e);
    size_t start = e->bit / 8;
    if (start >= e->cap) return PER_E_FULL;
    e->bit += 8;
    size_t from = e->bit;
    if ((rc = enc_value(c, t, v, depth))) return rc;
    if (e->bit == from && (rc = per_i_put_bits(e, 0, 8))) return rc;   /* 10.1.3 */
    per_i_put_align(e);
    return frame_open(e, start, e->bit / 8 - start - 1);
}

/* Reads an open type's contents: a pointer into the input when it is one piece and copy is
 * false, otherwise gathered into arena memory. */
static int get_open(const dec_ctx *c, bool copy, const uint8_t **p, size_t *n)
{
    per_dec *d = c->d;
    void *buf;
    if (!copy) {
        per_len L;
        size_t piece;
        size_t at = d->bit;
        int rc = per_get_len_first(d, 0, PER_NO_UB, &L, &piece);
        if (rc < 0) return rc;
        if (!L.more) {
            if (piece > (d->nbits - d->bit) / 8) return PER_E_TRUNCATED;
            if (!piece) return PER_E_EXTENSION;       /* an empty complete encoding */
            *p = d->buf + d->bit / 8;
            *n = piece;
            d->bit += piece * 8;
            return PER_OK;
        }
        d->bit = at;   /* fragmented: start again and gather */
    }
    int rc = dec_sized(c, &per_t_open, NULL, &buf, n);
    if (rc) return rc;
    if (!*n) return PER_E_EXTENSION;
    *p = buf;
    return PER_OK;
}

static int skip_open(per_dec *d)
{
    per_len L;
    size_t piece;
    int rc = per_get_len_first(d, 0, PER_NO_UB, &L, &piece);
    while (rc > 0) {
        if (piece > (d->nbits - d->bit) / 8) return PER_E_TRUNCATED;
        d->bit += piece * 8;
        rc = per_get_len_next(d, &L, &piece);
    }
    if (!rc && !L.total) return PER_E_EXTENSION;
    return rc;
}

static int dec_open(const dec_ctx *c, const per_type *t, void *v, unsigned depth)
{
    const uint8_t *p;
    size_t n;
    int rc;
    if (t->kind == PER_K_OPEN) {
        per_octets *o = v;
        if ((rc = get_open(c, true, &p, &n))) return rc;
        o->len = (uint32_t)n;
        o->data = p;
        return PER_OK;
    }
    if ((rc = get_open(c, false, &p, &n))) return rc;
    /* The inner value is decoded from the open type's octets alone; whatever follows it
     * inside them (padding) is ignored. */
    per_dec sub;
    per_dec_init(&sub, p, n);
    dec_ctx sc = { &sub, c->a, c->ei };
    return dec_value(&sc, t, v, depth);
}

/* ---- SEQUENCE (18) ------------------------------------------------------------------------ */

/* Components of one SEQUENCE the codec handles (per_schema_check enforces it). */
#define SEQ_MAX_COMPS 512

static int enc_sequence(const enc_ctx *c, const per_type *t, const uint8_t *base, unsigned depth)
{
    per_enc *e = c->e;
    const per_comp *k = t->comps;
    const per_ext_list *unk = NULL;
    uint64_t on[SEQ_MAX_COMPS / 64];
    uint32_t nknown = t->ncomps - t->nroot;
    size_t nbits = 0;
    bool any = false;
    int rc;

    if (t->ncomps > SEQ_MAX_COMPS) return PER_E_SCHEMA;
    /* One pass decides what goes on the wire: present components, except a DEFAULT one
     * holding its default (18.2 lets an encoder leave it out; CANONICAL-PER requires it). */
    memset(on, 0, sizeof on[0] * ((t->ncomps + 63) / 64));
    for (uint32_t i = 0; i < t->ncomps; i++) {
        if (!comp_present(&k[i], base) || comp_is_default(&k[i], comp_value(&k[i], base))) continue;
        on[i / 64] |= (uint64_t)1 << (i % 64);
        if (i >= t->nroot) any = true;
    }
#define ON(i) ((on[(i) / 64] >> ((i) % 64)) & 1)
    if (t->flags & PER_EXT) {
        /* 18.7/18.8: the bitmap has one bit per extension addition of the type; additions
         * kept from a newer sender extend it. */
        nbits = nknown;
        if (t->flags & PER_KEEP_UNKNOWN) {
            unk = (const per_ext_list *)(base + t->unknown_off);
            uint32_t next = nknown;
            for (uint32_t j = 0; j < unk->count; j++) {
                /* Unknown additions follow the known ones, in increasing order. */
                if (unk->items[j].index < next)
                    return trace(c->ei, PER_E_INVALID, "(unknown extension)", (long)j);
                next = unk->items[j].index + 1;
            }
            if (unk->count) {
                any = true;
                nbits = next;
            }
        }
        if (!any) nbits = 0;
        /* 18.1: the extension bit says whether any addition is present. */
        if ((rc = per_i_put_bits(e, any, 1))) return rc;
    }
    /* 18.2: one presence bit per OPTIONAL/DEFAULT root component, in order. */
    for (uint32_t i = 0; i < t->nroot; i++)
        if ((k[i].flags & PER_OPTIONAL) && (rc = per_i_put_bits(e, ON(i), 1))) return rc;
    for (uint32_t i = 0; i < t->nroot; i++) {
        if (!ON(i)) continue;
        const void *v = comp_value(&k[i], base);
        if (!v) return trace(c->ei, PER_E_INVALID, k[i].name, -1);
        if ((rc = enc_value(c, k[i].type, v, depth + 1))) return trace(c->ei, rc, k[i].name, -1);
    }
    if (!nbits) return PER_OK;

    /* 18.8: a normally small length, then one bit per addition. */
    if ((rc = per_put_small_length(e, nbits))) return rc;
    uint32_t u = 0;
    for (size_t j = 0; j < nbits; j++) {
        bool bit;
        if (j < nknown) {
            bit = ON(t->nroot + j);
        } else {
            bit = unk && u < unk->count && unk->items[u].index == j;
            if (bit) u++;
        }
        if ((rc = per_i_put_bits(e, bit, 1))) return rc;
    }
    /* 18.9: each present addition as an open type (10.2). */
    u = 0;
    for (size_t j = 0; j < nbits; j++) {
        if (j < nknown) {
            const per_comp *a = &k[t->nroot + j];
            if (!ON(t->nroot + j)) continue;
            const void *v = comp_value(a, base);
            if (!v) return trace(c->ei, PER_E_INVALID, a->name, -1);
            if ((rc = enc_open(c, a->type, v, depth + 1))) return trace(c->ei, rc, a->name, -1);
        } else if (unk && u < unk->count && unk->items[u].index == j) {
            if ((rc = put_open_octets(e, &unk->items[u].data)))
                return trace(c->ei, rc, "(unknown extension)", (long)j);
            u++;
        }
    }
#undef ON
    return PER_OK;
}

/* Bit i of the bitmap that starts at bit position `at` (already bounds-checked). */
static bool bitmap_bit(const per_dec *d, size_t at, size_t i)
{
    size_t b = at + i;
    return (d->buf[b >> 3] >> (7 - (b & 7))) & 1;
}

/* Decodes one component into its field (allocating it for PER_PTR). */
static int dec_comp(const dec_ctx *c, const per_comp *k, uint8_t *base, bool as_open, unsigned depth)
{
    void *v = base + k->offset;
    if (k->flags & PER_PTR) {
        size_t sz = k->type->csize ? k->type->csize : 1;
        void *p = per_arena_alloc(c->a, sz);
        if (!p) return PER_E_ARENA;
        store_ptr(v, p);
        v = p;
    } else if (k->flags & PER_OPTIONAL) {
        *(bool *)(base + k->present) = true;
    }
    return as_open ? dec_open(c, k->type, v, depth) : dec_value(c, k->type, v, depth);
}

static int dec_sequence(const dec_ctx *c, const per_type *t, uint8_t *base, unsigned depth)
{
    per_dec *d = c->d;
    const per_comp *k = t->comps;
    uint64_t ext = 0;
    size_t nopt = 0, at, n;
    int rc;

    if ((t->flags & PER_EXT) && (rc = per_i_get_bits(d, 1, &ext))) return rc;
    for (uint32_t i = 0; i < t->nroot; i++) nopt += (k[i].flags & PER_OPTIONAL) != 0;
    at = d->bit;
    if ((rc = per_skip_bits(d, nopt))) return rc;
    for (uint32_t i = 0, j = 0; i < t->nroot; i++) {
        if ((k[i].flags & PER_OPTIONAL) && !bitmap_bit(d, at, j++)) {
            if ((k[i].flags & PER_DEFAULT) && (rc = comp_store_default(&k[i], base + k[i].offset)))
                return trace(c->ei, rc, k[i].name, -1);
            continue;
        }
        if ((rc = dec_comp(c, &k[i], base, false, depth + 1))) return trace(c->ei, rc, k[i].name, -1);
    }
    uint32_t nknown = t->ncomps - t->nroot;
    for (uint32_t j = 0; j < nknown; j++) {
        const per_comp *a = &k[t->nroot + j];
        if ((a->flags & PER_DEFAULT) && (rc = comp_store_default(a, base + a->offset))) return rc;
    }
    if (!ext) return PER_OK;

    /* 18.8: the additions bitmap; an extension bit of 1 promises at least one addition. */
    if ((rc = per_get_small_length(d, &n))) return rc;
    at = d->bit;
    if ((rc = per_skip_bits(d, n))) return rc;
    size_t present = 0, unknown = 0;
    for (size_t j = 0; j < n; j++) {
        if (!bitmap_bit(d, at, j)) continue;
        present++;
        if (j >= nknown) unknown++;
    }
    if (!present) return PER_E_EXTENSION;
    per_ext_list *keep = NULL;
    if (unknown && (t->flags & PER_KEEP_UNKNOWN)) {
        keep = (per_ext_list *)(base + t->unknown_off);
        if (!(keep->items = per_arena_alloc(c->a, unknown * sizeof *keep->items))) return PER_E_ARENA;
        keep->count = 0;
    }
    for (size_t j = 0; j < n; j++) {
        if (!bitmap_bit(d, at, j)) continue;
        if (j < nknown) {
            const per_comp *a = &k[t->nroot + j];
            if ((rc = dec_comp(c, a, base, true, depth + 1))) return trace(c->ei, rc, a->name, -1);
        } else if (keep) {
            /* 18.9 and 10.2: kept as bytes for re-encoding. */
            per_ext_item *it = &keep->items[keep->count];
            const uint8_t *p;
            size_t len;
            if ((rc = get_open(c, true, &p, &len))) return trace(c->ei, rc, "(unknown extension)", (long)j);
            it->index = (uint32_t)j;
            it->data.len = (uint32_t)len;
            it->data.data = p;
            keep->count++;
        } else if ((rc = skip_open(d))) {
            return trace(c->ei, rc, "(unknown extension)", (long)j);
        }
    }
    return PER_OK;
}

/* ---- CHOICE (22) --------------------------------------------------------------------------- */

static int enc_choice(const enc_ctx *c, const per_type *t, const uint8_t *base, unsigned depth)
{
    per_enc *e = c->e;
    uint32_t tag = *(const uint32_t *)(base + t->tag_off);
    bool ext = (t->flags & PER_EXT) != 0;
    int rc;
    if (tag < t->nroot) {
        const per_comp *a = &t->comps[tag];
        if (!a->type) return trace(c->ei, PER_E_UNSUPPORTED, a->name, -1);
        /* 22.5: extension bit 0; 22.6: the index as a constrained whole number. */
        if (ext && (rc = per_i_put_bits(e, 0, 1))) return rc;
        if ((rc = per_i_put_cwn(e, tag, t->nroot - 1))) return rc;
        const void *v = comp_value(a, base);
        if (!v) return trace(c->ei, PER_E_INVALID, a->name, -1);
        if ((rc = enc_value(c, a->type, v, depth + 1))) return trace(c->ei, rc, a->name, -1);
        return PER_OK;
    }
    if (!ext) return PER_E_RANGE;
    /* 22.7/22.8: bit 1, the extension index as a normally small number, the value as an
     * open type. */
    const per_comp *a = tag < t->ncomps ? &t->comps[tag] : NULL;
    const per_octets *raw = NULL;
    if (!a || !a->type) {
        if (!(t->flags & PER_KEEP_UNKNOWN)) return a ? trace(c->ei, PER_E_UNSUPPORTED, a->name, -1) : PER_E_RANGE;
        raw = (const per_octets *)(base + t->unknown_off);
    }
    if (raw && raw->len == 0) return PER_E_RANGE;   /* nothing was kept: not a value */
    if ((rc = per_i_put_bits(e, 1, 1))) return rc;
    if ((rc = per_put_small(e, tag - t->nroot))) return rc;
    if (raw) return put_open_octets(e, raw);
    const void *v = comp_value(a, base);
    if (!v) return trace(c->ei, PER_E_INVALID, a->name, -1);
    if ((rc = enc_open(c, a->type, v, depth + 1))) return trace(c->ei, rc, a->name, -1);
    return PER_OK;
}

static int dec_choice(const dec_ctx *c, const per_type *t, uint8_t *base, unsigned depth)
{
    per_dec *d = c->d;
    uint64_t ext = 0, idx;
    int rc;
    if ((t->flags & PER_EXT) && (rc = per_i_get_bits(d, 1, &ext))) return rc;
    if (!ext) {
        if ((rc = per_i_get_cwn(d, t->nroot - 1, &idx))) return rc;
        const per_comp *a = &t->comps[idx];
        if (!a->type) return trace(c->ei, PER_E_UNSUPPORTED, a->name, -1);
        *(uint32_t *)(base + t->tag_off) = (uint32_t)idx;
        if ((rc = dec_comp(c, a, base, false, depth + 1))) return trace(c->ei, rc, a->name, -1);
        return PER_OK;
    }
    if ((rc = per_get_small(d, &idx))) return rc;
    if (idx > UINT32_MAX - t->nroot) return PER_E_RANGE;
    uint32_t tag = t->nroot + (uint32_t)idx;
    *(uint32_t *)(base + t->tag_off) = tag;
    if (tag < t->ncomps && t->comps[tag].type) {
        const per_comp *a = &t->comps[tag];
        if ((rc = dec_comp(c, a, base, true, depth + 1))) return trace(c->ei, rc, a->name, -1);
        return PER_OK;
    }
    if (t->flags & PER_KEEP_UNKNOWN) {
        per_octets *raw = (per_octets *)(base + t->unknown_off);
        const uint8_t *p;
        size_t n;
        if ((rc = get_open(c, true, &p, &n))) return rc;
        raw->len = (uint32_t)n;
        raw->data = p;
        return PER_OK;
    }
    return skip_open(d);
}

/* ---- SEQUENCE OF (19) ---------------------------------------------------------------------- */

static int enc_sequence_of(const enc_ctx *c, const per_type *t, const per_seq_of *s, unsigned depth)
{
    per_enc *e = c->e;
    const per_type *it = t->item;
    const uint8_t *items = (const uint8_t *)load_ptr(&s->items);
    size_t lb, ub, piece, done = 0;
    per_len L = { 0 };
    bool fixed;
    int rc;
    if (s->count && !items) return PER_E_INVALID;
    if ((rc = enc_size_ext(e, t, s->count, &lb, &ub))) return rc;
    fixed = lb == ub && ub < PER_64K;
    if (fixed) {                             /* 19.5: a fixed count has no length */
        if (s->count != ub) return PER_E_LENGTH;
        piece = ub;
        rc = 1;
    } else {
        rc = per_put_len_first(e, s->count, lb, ub, &L, &piece);    /* 19.6 */
    }
    while (rc > 0) {
        for (size_t i = done; i < done + piece; i++)
            if ((rc = enc_value(c, it, items + i * it->csize, depth + 1)))
                return trace(c->ei, rc, NULL, (long)i);
        done += piece;
        rc = fixed ? 0 : per_put_len_next(e, &L, &piece);
    }
    return rc;
}

static int dec_sequence_of(const dec_ctx *c, const per_type *t, per_seq_of *s, unsigned depth)
{
    per_dec *d = c->d;
    const per_type *it = t->item;
    /* Items of zero size still cost the arena a byte each, so the arena also bounds the
     * time spent on types that take no bits at all (SEQUENCE OF NULL). */
    size_t isz = it->csize ? it->csize : 1, lb, ub, piece, total = 0;
    uint8_t *items = NULL;
    per_len L = { 0 };
    bool fixed;
    int rc;
    if ((rc = dec_size_ext(d, t, &lb, &ub))) return rc;
    fixed = lb == ub && ub < PER_64K;
    if (fixed) {
        piece = ub;
        rc = 1;
    } else {
        rc = per_get_len_first(d, lb, ub, &L, &piece);
    }
    while (rc > 0) {
        if (piece > SIZE_MAX / isz - total) return PER_E_ARENA;
        if (piece) {
            items = arena_grow(c->a, items, total * isz, (total + piece) * isz);
            if (!items) return PER_E_ARENA;
        }
        for (size_t i = total; i < total + piece; i++)
            if ((rc = dec_value(c, it, items + i * it->csize, depth + 1)))
                return trace(c->ei, rc, NULL, (long)i);
        total += piece;
        rc = fixed ? 0 : per_get_len_next(d, &L, &piece);
    }
    if (rc < 0) return rc;
    if (total > UINT32_MAX) return PER_E_LENGTH;
    s->count = (uint32_t)total;
    store_ptr(&s->items, items);
    return PER_OK;
}

/* ---- one value of any kind ------------------------------------------------------------------ */

static int enc_value(const enc_ctx *c, const per_type *t, const void *v, unsigned depth)
{
    per_enc *e = c->e;
    int rc;
    if (depth > PER_MAX_DEPTH) return PER_E_DEPTH;
    switch (t->kind) {
    case PER_K_BOOLEAN:                                  /* 11: one bit */
        return per_i_put_bits(e, *(const bool *)v, 1);
    case PER_K_NULL:                                     /* 17: no bits */
        return PER_OK;
    case PER_K_INTEGER: {
        int64_t x;
        if ((rc = load_int(t, v, &x))) return rc;
        bool lo = (t->flags & PER_HAS_LB) != 0, both = lo && (t->flags & PER_HAS_UB);
        bool in_root = (!lo || x >= t->lb) && (!both || x <= t->ub);
        if (t->flags & PER_EXT) {
            /* 12.1: extensible: one bit, and a value outside the root is encoded as if
             * the type had no constraint. */
            if ((rc = per_i_put_bits(e, !in_root, 1))) return rc;
            if (!in_root) return per_put_unconstrained(e, x);
        } else if (!in_root) {
            return PER_E_RANGE;
        }
        if (both)                                        /* 12.2.2, 12.2.6 -> 10.5 */
            return per_i_put_cwn(e, (uint64_t)x - (uint64_t)t->lb, (uint64_t)t->ub - (uint64_t)t->lb);
        if (lo) return per_put_semi(e, (uint64_t)x - (uint64_t)t->lb);   /* 12.2.3 -> 10.7 */
        return per_put_unconstrained(e, x);                               /* 12.2.4 -> 10.8 */
    }
    case PER_K_ENUMERATED: {
        uint64_t x = load_uint(v, t->csize);
        if (x < t->nroot) {                              /* 13.2 (with 13.3's bit 0) */
            if ((t->flags & PER_EXT) && (rc = per_i_put_bits(e, 0, 1))) return rc;
            return per_i_put_cwn(e, x, t->nroot - 1);
        }
        if (!(t->flags & PER_EXT)) return PER_E_RANGE;
        if ((rc = per_i_put_bits(e, 1, 1))) return rc;     /* 13.3: bit 1 + small number */
        return per_put_small(e, x - t->nroot);
    }
    case PER_K_OCTET_STRING:
    case PER_K_BIT_STRING:
    case PER_K_KMSTRING:
    case PER_K_BMPSTRING:
    case PER_K_OCTETCHARS:
    case PER_K_OPEN: {
        sized s = { 0 };
        if (t->flags & PER_INLINE) {
            s.bytes = v;
            s.n = (size_t)t->ub;
        } else if (t->kind == PER_K_BIT_STRING) {
            const per_bits *b = v;
            s.bytes = b->data;
            s.n = b->nbits;
        } else if (t->kind == PER_K_BMPSTRING) {
            const per_bmp *b = v;
            s.wide = b->chars;
            s.n = b->len;
        } else if (t->kind == PER_K_KMSTRING || t->kind == PER_K_OCTETCHARS) {
            const per_string *b = v;
            s.bytes = (const uint8_t *)b->chars;
            s.n = b->len;
        } else {
            const per_octets *b = v;
            s.bytes = b->data;
            s.n = b->len;
        }
        if (s.n && !s.bytes && !s.wide) return PER_E_INVALID;
        return enc_sized(e, t, &s);
    }
    case PER_K_OID:
        return enc_oid(e, v);
    case PER_K_SEQUENCE:
        return enc_sequence(c, t, v, depth);
    case PER_K_SEQUENCE_OF:
        return enc_sequence_of(c, t, v, depth);
    case PER_K_CHOICE:
        return enc_choice(c, t, v, depth);
    default:
        return PER_E_SCHEMA;
    }
}

static int dec_value(const dec_ctx *c, const per_type *t, void *v, unsigned depth)
{
    per_dec *d = c->d;
    uint64_t u;
    int rc;
    if (depth > PER_MAX_DEPTH) return PER_E_DEPTH;
    switch (t->kind) {
    case PER_K_BOOLEAN:
        if ((rc = per_i_get_bits(d, 1, &u))) return rc;
        *(bool *)v = u != 0;
        return PER_OK;
    case PER_K_NULL:
        return PER_OK;
    case PER_K_INTEGER: {
        int64_t x;
        bool lo = (t->flags & PER_HAS_LB) != 0, both = lo && (t->flags & PER_HAS_UB);
        uint64_t out = 0;
        if ((t->flags & PER_EXT) && (rc = per_i_get_bits(d, 1, &out))) return rc;
        if (out || !lo) {
            rc = per_get_unconstrained(d, &x);
        } else if (both) {
            rc = per_i_get_cwn(d, (uint64_t)t->ub - (uint64_t)t->lb, &u);
            x = (int64_t)((uint64_t)t->lb + u);
        } else {
            rc = per_get_semi(d, &u);
            if (!rc && u > (uint64_t)INT64_MAX - (uint64_t)t->lb) rc = PER_E_RANGE;
            x = (int64_t)((uint64_t)t->lb + u);
        }
        if (rc) return rc;
        return store_int(t, v, x);
    }
    case PER_K_ENUMERATED: {
        uint64_t out = 0;
        if ((t->flags & PER_EXT) && (rc = per_i_get_bits(d, 1, &out))) return rc;
        if (!out) {
            if ((rc = per_i_get_cwn(d, t->nroot - 1, &u))) return rc;
        } else {
            if ((rc = per_get_small(d, &u))) return rc;
            if (u > UINT32_MAX - t->nroot) return PER_E_RANGE;
            u += t->nroot;
        }
        return store_uint(v, t->csize, u);
    }
    case PER_K_OCTET_STRING:
    case PER_K_BIT_STRING:
    case PER_K_KMSTRING:
    case PER_K_BMPSTRING:
    case PER_K_OCTETCHARS:
    case PER_K_OPEN: {
        void *buf = NULL;
        size_t n;
        if ((rc = dec_sized(c, t, (t->flags & PER_INLINE) ? v : NULL, &buf, &n))) return rc;
        if (t->flags & PER_INLINE) return PER_OK;
        if (n > UINT32_MAX) return PER_E_LENGTH;
        if (t->kind == PER_K_BIT_STRING) {
            per_bits *b = v;
            b->nbits = (uint32_t)n;
            b->data = buf;
        } else if (t->kind == PER_K_BMPSTRING) {
            per_bmp *b = v;
            b->len = (uint32_t)n;
            b->chars = buf;
        } else if (t->kind == PER_K_KMSTRING || t->kind == PER_K_OCTETCHARS) {
            per_string *b = v;
            b->len = (uint32_t)n;
            b->chars = buf;
        } else {
            per_octets *b = v;
            b->len = (uint32_t)n;
            b->data = buf;
        }
        return PER_OK;
    }
    case PER_K_OID:
        return dec_oid(d, v);
    case PER_K_SEQUENCE:
        return dec_sequence(c, t, v, depth);
    case PER_K_SEQUENCE_OF:
        return dec_sequence_of(c, t, v, depth);
    case PER_K_CHOICE:
        return dec_choice(c, t, v, depth);
    default:
        return PER_E_SCHEMA;
    }
}

/* ---- entry points ---------------------------------------------------------------------------- */

int per_encode_into(per_enc *e, const per_type *t, const void *value, per_errinfo *ei)
{
    enc_ctx c = { e, ei };
    if (ei) memset(ei, 0, sizeof *ei);
    if (!t || !value) return PER_E_INVALID;
    int rc = enc_value(&c, t, value, 0);
    if (rc) {
        trace(ei, rc, t->name, -1);
        if (ei) ei->bit = e->bit;
    }
    return rc;
}

int per_encode(const per_type *t, const void *value, uint8_t *out, size_t cap, size_t *len,
               per_errinfo *ei)
{
    per_enc e;
    int rc = per_enc_init(&e, out, cap);
    if (rc) return rc;
    if ((rc = per_encode_into(&e, t, value, ei))) return rc;
    return per_enc_finish(&e, len);                      /* 10.1 */
}

int per_decode_from(per_dec *d, const per_type *t, void *value, per_arena *a, per_errinfo *ei)
{
    dec_ctx c = { d, a, ei };
    if (ei) memset(ei, 0, sizeof *ei);
    if (!t || !value || !a) return PER_E_INVALID;
    memset(value, 0, t->csize);
    int rc = dec_value(&c, t, value, 0);
    if (rc) {
        trace(ei, rc, t->name, -1);
        if (ei) ei->bit = d->bit;
    }
    return rc;
}

int per_decode(const per_type *t, const uint8_t *in, size_t len, void *value, per_arena *a,
               per_errinfo *ei)
{
    per_dec d;
    int rc = per_dec_init(&d, in, len);
    if (rc) return rc;
    return per_decode_from(&d, t, value, a, ei);
}

/* ---- schema check ----------------------------------------------------------------------------- */

#define CHECK_SEEN_MAX 512
typedef struct check_ctx {
    per_errinfo *ei;
    const per_type *seen[CHECK_SEEN_MAX];
    size_t nseen;
} check_ctx;

static int check_type(check_ctx *c, const per_type *t, unsigned depth);

static bool int_fits(const per_type *t, int64_t v)
{
    uint8_t tmp[8];
    return store_int(t, tmp, v) == PER_OK;
}

static int check_comp(check_ctx *c, const per_type *t, const per_comp *k, bool in_choice, unsigned depth)
{
    if (!k->type) return in_choice ? PER_OK : PER_E_SCHEMA;
    uint32_t want = (k->flags & PER_PTR) ? (uint32_t)sizeof(void *) : k->type->csize;
    if (k->size != want || k->offset > t->csize || k->size > t->csize - k->offset) return PER_E_SCHEMA;
    if ((k->flags & PER_PTR) && k->type->kind == PER_K_NULL) return PER_E_SCHEMA;
    if (in_choice && (k->flags & (PER_OPTIONAL | PER_DEFAULT))) return PER_E_SCHEMA;
    if ((k->flags & PER_OPTIONAL) && !(k->flags & PER_PTR) && k->present + sizeof(bool) > t->csize)
        return PER_E_SCHEMA;
    if ((k->flags & PER_DEFAULT)) {
        if (!(k->flags & PER_OPTIONAL) || (k->flags & PER_PTR)) return PER_E_SCHEMA;
        switch (k->type->kind) {
        case PER_K_INTEGER: if (!int_fits(k->type, k->dflt)) return PER_E_SCHEMA; break;
        case PER_K_ENUMERATED: if (k->dflt < 0 || (uint64_t)k->dflt >= k->type->ncomps) return PER_E_SCHEMA; break;
        case PER_K_BOOLEAN: break;
        default: return PER_E_SCHEMA;
        }
    }
    return check_type(c, k->type, depth + 1);
}

static int check_body(check_ctx *c, const per_type *t, unsigned depth)
{
    int rc;
    switch (t->kind) {
    case PER_K_BOOLEAN: return t->csize == sizeof(bool) ? PER_OK : PER_E_SCHEMA;
    case PER_K_NULL: return t->csize == 0 ? PER_OK : PER_E_SCHEMA;
    case PER_K_OID: return t->csize == sizeof(per_oid) ? PER_OK : PER_E_SCHEMA;
    case PER_K_OPEN: return t->csize == sizeof(per_octets) ? PER_OK : PER_E_SCHEMA;
    case PER_K_INTEGER: {
        if (t->csize != 1 && t->csize != 2 && t->csize != 4 && t->csize != 8) return PER_E_SCHEMA;
        bool lo = (t->flags & PER_HAS_LB) != 0, hi = (t->flags & PER_HAS_UB) != 0;
        if (hi && !lo) return PER_E_SCHEMA;
        if (lo && hi && t->lb > t->ub) return PER_E_SCHEMA;
        if (lo && !int_fits(t, t->lb)) return PER_E_SCHEMA;
        if (hi && !int_fits(t, t->ub)) return PER_E_SCHEMA;
        return PER_OK;
    }
    case PER_K_ENUMERATED:
        if (t->csize != 1 && t->csize != 2 && t->csize != 4) return PER_E_SCHEMA;
        if (t->nroot < 1 || t->ncomps < t->nroot) return PER_E_SCHEMA;
        if (t->ncomps > t->nroot && !(t->flags & PER_EXT)) return PER_E_SCHEMA;
        return PER_OK;
    case PER_K_OCTET_STRING:
    case PER_K_BIT_STRING:
    case PER_K_KMSTRING:
    case PER_K_BMPSTRING:
    case PER_K_OCTETCHARS: {
        if (t->lb < 0 || ((t->flags & PER_HAS_UB) && t->ub < t->lb)) return PER_E_SCHEMA;
        if ((t->flags & PER_HAS_UB) && (uint64_t)t->ub > UINT32_MAX) return PER_E_SCHEMA;
        size_t want = t->kind == PER_K_BIT_STRING ? sizeof(per_bits)
                      : t->kind == PER_K_BMPSTRING ? sizeof(per_bmp)
                      : t->kind == PER_K_OCTET_STRING ? sizeof(per_octets) : sizeof(per_string);
        if (t->flags & PER_INLINE) {
            if (t->kind != PER_K_OCTET_STRING && t->kind != PER_K_BIT_STRING) return PER_E_SCHEMA;
            if (!(t->flags & PER_HAS_UB) || t->lb != t->ub || (t->flags & PER_EXT) || (size_t)t->ub >= PER_64K)
                return PER_E_SCHEMA;
            want = t->kind == PER_K_BIT_STRING ? ((size_t)t->ub + 7) / 8 : (size_t)t->ub;
        }
        if (t->csize != want) return PER_E_SCHEMA;
        if (t->kind == PER_K_OCTETCHARS && (t->flags & (PER_HAS_UB | PER_EXT))) return PER_E_SCHEMA;
        if (t->kind == PER_K_KMSTRING && t->alphabet) {
            size_t n = strlen(t->alphabet);
            if (n == 0) return PER_E_SCHEMA;
            /* Outside an extensible SIZE root, X.691 27.5 encodes the characters of the
             * unconstrained type, which a FROM alphabet description does not know: only
             * the types' own character sets may have an extensible size here. */
            if ((t->flags & PER_EXT) && strcmp(t->alphabet, PER_ALPHABET_NUMERIC) &&
                strcmp(t->alphabet, PER_ALPHABET_PRINTABLE) && strcmp(t->alphabet, PER_ALPHABET_VISIBLE))
                return PER_E_SCHEMA;
            for (size_t i = 0; i < n; i++) {
                unsigned char ch = (unsigned char)t->alphabet[i];
                if (ch > 127 || (i && ch <= (unsigned char)t->alphabet[i - 1])) return PER_E_SCHEMA;
            }
        }
        return PER_OK;
    }
    case PER_K_SEQUENCE:
    case PER_K_CHOICE: {
        bool choice = t->kind == PER_K_CHOICE;
        if ((t->ncomps && !t->comps) || t->ncomps > SEQ_MAX_COMPS) return PER_E_SCHEMA;
        if (t->nroot > t->ncomps || (t->ncomps > t->nroot && !(t->flags & PER_EXT))) return PER_E_SCHEMA;
        if ((t->flags & PER_KEEP_UNKNOWN) && !(t->flags & PER_EXT)) return PER_E_SCHEMA;
        if (choice && (t->nroot < 1 || t->tag_off > t->csize || t->csize - t->tag_off < sizeof(uint32_t)))
            return PER_E_SCHEMA;
        if (t->flags & PER_KEEP_UNKNOWN) {
            size_t need = choice ? sizeof(per_octets) : sizeof(per_ext_list);
            if (t->unknown_off > t->csize || t->csize - t->unknown_off < need) return PER_E_SCHEMA;
        }
        if (t->flags & (PER_HAS_UB | PER_INLINE | PER_SIGNED)) return PER_E_SCHEMA;
        for (uint32_t i = 0; i < t->ncomps; i++)
            if ((rc = check_comp(c, t, &t->comps[i], choice, depth))) return trace(c->ei, rc, t->comps[i].name, -1);
        return PER_OK;
    }
    case PER_K_SEQUENCE_OF:
        if (!t->item || t->csize != sizeof(per_seq_of) || t->lb < 0) return PER_E_SCHEMA;
        if ((t->flags & PER_HAS_UB) && (t->ub < t->lb || (uint64_t)t->ub > UINT32_MAX)) return PER_E_SCHEMA;
        if ((rc = check_type(c, t->item, depth + 1))) return trace(c->ei, rc, NULL, 0);
        return PER_OK;
    default:
        return PER_E_SCHEMA;
    }
}

static int check_type(check_ctx *c, const per_type *t, unsigned depth)
{
    if (!t) return PER_E_SCHEMA;
    for (size_t i = 0; i < c->nseen; i++)
        if (c->seen[i] == t) return PER_OK;   /* checked already, or in progress (recursion) */
    if (depth > 4 * PER_MAX_DEPTH) return PER_E_SCHEMA;
    if (c->nseen < CHECK_SEEN_MAX) c->seen[c->nseen++] = t;
    int rc = check_body(c, t, depth);
    if (rc) return trace(c->ei, rc, t->name, -1);
    return PER_OK;
}

int per_schema_check(const per_type *t, per_errinfo *ei)
{
    check_ctx c;
    c.ei = ei;
    c.nseen = 0;
    if (ei) memset(ei, 0, sizeof *ei);
    return check_type(&c, t, 0);
}
