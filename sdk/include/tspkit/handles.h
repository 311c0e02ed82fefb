/*
 * tspkit/handles.h - handle tables: opaque, checked, reference-counted names
 * for provider objects.
 *
 * Why: TAPISRV hands our HDRVLINE/HDRVCALL/HDRVPHONE values back to us on
 * every TSPI call, possibly after we dropped the object (a late
 * TSPI_lineCloseCall racing a LINECALLSTATE_IDLE) or garbled. A provider that
 * casts such a value back to a pointer crashes TAPISRV; one that looks it up
 * here gets NULL and answers LINEERR_INVALCALLHANDLE instead.
 *
 * How: a handle encodes a slot index and that slot's generation:
 *
 *     handle = ((generation ^ salt) << index_bits) | (index + 1)
 *
 * index_bits is just wide enough for max_entries; the generation takes the
 * remaining bits of a 32-bit value. So
 *   - 0 is never a handle (the low part is index + 1);
 *   - a removed handle is dead at once, and its slot's generation advances
 *     when the slot is freed, so the value is not handed out again soon;
 *   - freed slots are reused in FIFO order, and only once
 *     TSPK_HTAB_REUSE_DELAY slots are free (or every slot has been used);
 *   - values above 32 bits (e.g. 64-bit pointers), index parts beyond the
 *     slots in use and wrong generations (most garbage, and handles of
 *     another table or of an earlier incarnation of this one: the salt mixes
 *     the table's address with the clock at init) are rejected.
 * Handles are 32-bit values on every target, so an i686 build behaves exactly
 * like an x86-64 one.
 * Limits: max_entries <= TSPK_HTAB_MAX_ENTRIES (2^24 - 1), leaving at least
 * 8 generation bits; 4096 entries leave 19. A stale handle becomes valid
 * again only when its slot's generation wraps, i.e. after the slot has been
 * reused 2^(32 - index_bits) times. While TSPK_HTAB_REUSE_DELAY or more
 * slots are free, FIFO reuse spreads removals over them, so that takes at
 * least 2^(32 - index_bits) * TSPK_HTAB_REUSE_DELAY removals; a table kept
 * nearly full cycles its few free slots faster.
 * Random 32-bit garbage is accepted with probability about
 * live_entries / 2^32.
 *
 * Lifetime: the table holds one reference while an object is in it;
 * tspk_htab_acquire adds one, tspk_htab_release drops one. After
 * tspk_htab_remove, lookups fail at once and destroy(obj, user) runs when the
 * last reference is released, on the releasing thread, with no lock held
 * (destroy may call back into the table or into TAPISRV).
 *
 * Usage (exactly one .c file of the program defines TSPKIT_IMPLEMENTATION):
 *
 *     tspk_htab lines;
 *     tspk_htab_init(&lines, 256, free_line, NULL);
 *     *phdLine = (HDRVLINE)tspk_htab_insert(&lines, line);        // open
 *     struct line *l = tspk_htab_acquire(&lines, (uintptr_t)hdLine);
 *     if (!l) return LINEERR_INVALLINEHANDLE;
 *     ...use l...
 *     tspk_htab_release(&lines, (uintptr_t)hdLine);
 *     tspk_htab_remove(&lines, (uintptr_t)hdLine);                // close
 *
 * All functions are thread-safe and O(1) except init, free and snapshot.
 */
#ifndef TSPKIT_HANDLES_H
#define TSPKIT_HANDLES_H

#include "thread.h"

#define TSPK_HTAB_MAX_ENTRIES 0xFFFFFFu
#define TSPK_HTAB_REUSE_DELAY 1024u

typedef void (*tspk_htab_destroy_fn)(void *obj, void *user);

/* Private. */
typedef struct tspk_htab_slot {
    void *obj;
    uint32_t gen;       /* generation of the handle naming this slot */
    uint32_t refs;      /* 1 for the table while live, +1 per acquire */
    uint32_t next_free; /* index + 1 of the next free slot, 0 = none */
    int state;
} tspk_htab_slot;

/* Caller-allocated; fields are private. */
typedef struct tspk_htab {
    tspk_mutex lock;
    tspk_htab_slot *slots;
    uint32_t max, cap, used; /* used: slots ever handed out */
    uint32_t free_head, free_tail, free_count;
    uint32_t live;
    unsigned index_bits;
    uint32_t gen_mask, salt;
    tspk_htab_destroy_fn destroy;
    void *user;
} tspk_htab;

/* 0 or TSPK_EINVAL (max_entries 0 or too large) or -errno. destroy may be NULL. */
int tspk_htab_init(tspk_htab *t, uint32_t max_entries, tspk_htab_destroy_fn destroy, void *user);
/* Destroys every object still in the table (removed or not). No other
 * thread may use the table any more, and no reference may be outstanding. */
void tspk_htab_free(tspk_htab *t);
/* A new handle for obj (not NULL), or 0 if the table is full or out of memory. */
uintptr_t tspk_htab_insert(tspk_htab *t, void *obj);
/* The object, with one more reference, or NULL if h is not a live handle. */
void *tspk_htab_acquire(tspk_htab *t, uintptr_t h);
/* Drops a reference taken by acquire (h stays usable for this even after
 * remove). 0, or TSPK_EINVAL if h holds no acquired reference. */
int tspk_htab_release(tspk_htab *t, uintptr_t h);
/* Invalidates h now; the object is destroyed when its last reference goes.
 * 0, or -ENOENT if h is not a live handle (already removed, stale, forged). */
int tspk_htab_remove(tspk_htab *t, uintptr_t h);
/* Live (not removed) entries. */
size_t tspk_htab_count(tspk_htab *t);
/* Copies up to max live handles, in slot order, into out and returns how many
 * are live (may exceed max). Entries may be removed right after: acquire each. */
size_t tspk_htab_snapshot(tspk_htab *t, uintptr_t *out, size_t max);

#endif /* TSPKIT_HANDLES_H */

/* ========================================================================= */
#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_HANDLES_DONE)
#define TSPKIT_HANDLES_DONE

#include <stdlib.h>
#include <string.h>

enum { TSPK__SLOT_FREE, TSPK__SLOT_LIVE, TSPK__SLOT_REMOVED };

/* A 64-to-32-bit mixer (splitmix64's finalizer) for the salt. */
static uint32_t tspk__htab_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9u;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebu;
    x ^= x >> 31;
    return (uint32_t)x;
}

int tspk_htab_init(tspk_htab *t, uint32_t max_entries, tspk_htab_destroy_fn destroy, void *user)
{
    if (!t || !max_entries || max_entries > TSPK_HTAB_MAX_ENTRIES)
        return TSPK_EINVAL;
    memset(t, 0, sizeof *t);
    t->max = max_entries;
    while ((max_entries >> t->index_bits) != 0)
        t->index_bits++;
    t->gen_mask = UINT32_MAX >> t->index_bits;
    t->salt = tspk__htab_mix((uint64_t)(uintptr_t)t ^ tspk_now_us()) & t->gen_mask;
    t->destroy = destroy;
    t->user = user;
    return tspk_mutex_init(&t->lock);
}

void tspk_htab_free(tspk_htab *t)
{
    for (uint32_t i = 0; i < t->used; i++)
        if (t->slots[i].state != TSPK__SLOT_FREE && t->destroy)
            t->destroy(t->slots[i].obj, t->user);
    free(t->slots);
    t->slots = NULL;
    t->used = t->cap = t->live = 0;
    tspk_mutex_destroy(&t->lock);
}

static uintptr_t tspk__htab_encode(const tspk_htab *t, uint32_t index)
{
    uint32_t gen = (t->slots[index].gen ^ t->salt) & t->gen_mask;
    return (uintptr_t)(((uint64_t)gen << t->index_bits) | (index + 1u));
}

/* The slot h names, whatever its state, or NULL. Called with the lock held. */
static tspk_htab_slot *tspk__htab_find(tspk_htab *t, uintptr_t h)
{
    uint64_t v = (uint64_t)h;
    uint32_t low, gen;
    tspk_htab_slot *s;
    if (v > UINT32_MAX)
        return NULL;
    low = (uint32_t)v & ((1u << t->index_bits) - 1u);
    if (low == 0 || low > t->used)
        return NULL;
    gen = (((uint32_t)v >> t->index_bits) ^ t->salt) & t->gen_mask;
    s = &t->slots[low - 1];
    return s->state != TSPK__SLOT_FREE && s->gen == gen ? s : NULL;
}

/* Returns a slot index for a new entry, or UINT32_MAX. Lock held. */
static uint32_t tspk__htab_take_slot(tspk_htab *t)
{
    uint32_t index;
    int reuse = t->free_count >= TSPK_HTAB_REUSE_DELAY || t->used == t->max;
    if (reuse && t->free_count) {
        index = t->free_head - 1;
        t->free_head = t->slots[index].next_free;
        if (!t->free_head)
            t->free_tail = 0;
        t->free_count--;
        return index;
    }
    if (t->used == t->max)
        return UINT32_MAX;
    if (t->used == t->cap) {
        uint32_t cap = t->cap ? (t->cap > t->max / 2 ? t->max : t->cap * 2) : (t->max < 16 ? t->max : 16);
        tspk_htab_slot *slots = realloc(t->slots, (size_t)cap * sizeof *slots);
        if (!slots)
            return UINT32_MAX;
        t->slots = slots;
        t->cap = cap;
    }
    memset(&t->slots[t->used], 0, sizeof t->slots[0]);
    return t->used++;
}

/* Puts a slot whose last reference is gone at the end of the free list and
 * advances its generation. Lock held. Returns the object to destroy. */
static void *tspk__htab_free_slot(tspk_htab *t, tspk_htab_slot *s)
{
    void *obj = s->obj;
    uint32_t index = (uint32_t)(s - t->slots);
    s->obj = NULL;
    s->state = TSPK__SLOT_FREE;
    s->gen = (s->gen + 1u) & t->gen_mask;
    s->next_free = 0;
    if (t->free_tail)
        t->slots[t->free_tail - 1].next_free = index + 1;
    else
        t->free_head = index + 1;
    t->free_tail = index + 1;
    t->free_count++;
    return obj;
}

uintptr_t tspk_htab_insert(tspk_htab *t, void *obj)
{
    uintptr_t h = 0;
    uint32_t index;
    if (!obj)
        return 0;
    tspk_mutex_lock(&t->lock);
    index = tspk__htab_take_slot(t);
    if (index != UINT32_MAX) {
        t->slots[index].obj = obj;
        t->slots[index].refs = 1;
        t->slots[index].state = TSPK__SLOT_LIVE;
        t->live++;
        h = tspk__htab_encode(t, index);
    }
    tspk_mutex_unlock(&t->lock);
    return h;
}

void *tspk_htab_acquire(tspk_htab *t, uintptr_t h)
{
    void *obj = NULL;
    tspk_htab_slot *s;
    tspk_mutex_lock(&t->lock);
    s = tspk__htab_find(t, h);
    if (s && s->state == TSPK__SLOT_LIVE && s->refs < UINT32_MAX) {
        s->refs++;
        obj = s->obj;
    }
    tspk_mutex_unlock(&t->lock);
    return obj;
}

/* Drops one reference of a slot; `table_ref` says which kind. */
static int tspk__htab_unref(tspk_htab *t, uintptr_t h, int table_ref)
{
    void *dead = NULL;
    int rc = 0;
    tspk_htab_slot *s;
    tspk_mutex_lock(&t->lock);
    s = tspk__htab_find(t, h);
    if (!s) {
        rc = table_ref ? -ENOENT : TSPK_EINVAL;
    } else if (table_ref) {
        if (s->state != TSPK__SLOT_LIVE) {
            rc = -ENOENT;
        } else {
            s->state = TSPK__SLOT_REMOVED;
            t->live--;
        }
    } else if (s->refs <= (s->state == TSPK__SLOT_LIVE ? 1u : 0u)) {
        rc = TSPK_EINVAL; /* more releases than acquires */
    }
    if (!rc && --s->refs == 0)
        dead = tspk__htab_free_slot(t, s);
    tspk_mutex_unlock(&t->lock);
    if (dead && t->destroy)
        t->destroy(dead, t->user);
    return rc;
}

int tspk_htab_release(tspk_htab *t, uintptr_t h)
{
    return tspk__htab_unref(t, h, 0);
}

int tspk_htab_remove(tspk_htab *t, uintptr_t h)
{
    return tspk__htab_unref(t, h, 1);
}

size_t tspk_htab_count(tspk_htab *t)
{
    size_t n;
    tspk_mutex_lock(&t->lock);
    n = t->live;
    tspk_mutex_unlock(&t->lock);
    return n;
}

size_t tspk_htab_snapshot(tspk_htab *t, uintptr_t *out, size_t max)
{
    size_t n = 0;
    tspk_mutex_lock(&t->lock);
    for (uint32_t i = 0; i < t->used; i++) {
        if (t->slots[i].state != TSPK__SLOT_LIVE)
            continue;
        if (n < max)
            out[n] = tspk__htab_encode(t, i);
        n++;
    }
    tspk_mutex_unlock(&t->lock);
    return n;
}

#endif /* TSPKIT_IMPLEMENTATION */
