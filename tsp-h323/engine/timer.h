/*
 * tsp-h323/engine/timer.h - the endpoint's timers: a binary min-heap of deadlines
 * (engine internal).
 *
 * What it does: every call embeds one h323_timer (its earliest deadline: a Q.931 timer or
 * an H.245 one); the heap keeps them ordered so that the endpoint's next deadline is the
 * root (O(1)) and arming, moving or cancelling one is O(log n), with 10,000 calls as with
 * one. A timer knows its heap slot, so cancelling needs no search.
 *
 * Memory: the heap array is reserved when a call is created (h323_timers_reserve), so
 * arming a timer never allocates and never fails.
 */
#ifndef TSP_H323_ENGINE_TIMER_H
#define TSP_H323_ENGINE_TIMER_H

#include <stddef.h>
#include <stdint.h>

#define H323_TIMER_IDLE UINT32_MAX   /* h323_timer.slot of a timer not in the heap */

typedef struct h323_timer {
    uint64_t when;                   /* deadline, when armed */
    uint32_t slot;                   /* index in the heap, or H323_TIMER_IDLE */
} h323_timer;

typedef struct h323_timers {
    h323_timer **heap;
    uint32_t n, cap;
} h323_timers;

void h323_timers_init(h323_timers *t);
void h323_timers_free(h323_timers *t);
/* Makes room for n timers in total. 0, or -1 when out of memory. */
int h323_timers_reserve(h323_timers *t, size_t n);

static inline void h323_timer_init(h323_timer *tm) { tm->when = UINT64_MAX; tm->slot = H323_TIMER_IDLE; }
/* Arms tm for `when`, or moves it there; when == UINT64_MAX cancels it. Needs the room
 * reserved for it. */
void h323_timer_set(h323_timers *t, h323_timer *tm, uint64_t when);
void h323_timer_cancel(h323_timers *t, h323_timer *tm);

/* The earliest deadline, UINT64_MAX when none. */
uint64_t h323_timers_next(const h323_timers *t);
/* The earliest timer due at `now`, taken out of the heap (its slot becomes IDLE); NULL
 * when none is due. */
h323_timer *h323_timers_pop_due(h323_timers *t, uint64_t now);

#endif
