/*
 * tsp-h323/engine/timer.c - binary min-heap of call deadlines (see timer.h).
 */
#include "engine/timer.h"

#include <stdlib.h>

void h323_timers_init(h323_timers *t)
{
    t->heap = NULL;
    t->n = t->cap = 0;
}

void h323_timers_free(h323_timers *t)
{
    free(t->heap);
    h323_timers_init(t);
}

int h323_timers_reserve(h323_timers *t, size_t n)
{
    if (n <= t->cap)
        return 0;
    if (n > UINT32_MAX / 2)
        return -1;
    size_t cap = t->cap ? t->cap : 16;
    while (cap < n)
        cap *= 2;
    h323_timer **h = realloc(t->heap, cap * sizeof *h);
    if (!h)
        return -1;
    t->heap = h;
    t->cap = (uint32_t)cap;
    return 0;
}

static void place(h323_timers *t, uint32_t i, h323_timer *tm)
{
    t->heap[i] = tm;
    tm->slot = i;
}

static void sift_up(h323_timers *t, uint32_t i)
{
    h323_timer *tm = t->heap[i];
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (t->heap[p]->when <= tm->when)
            break;
        place(t, i, t->heap[p]);
        i = p;
    }
    place(t, i, tm);
}

static void sift_down(h323_timers *t, uint32_t i)
{
    h323_timer *tm = t->heap[i];
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= t->n)
            break;
        if (c + 1 < t->n && t->heap[c + 1]->when < t->heap[c]->when)
            c++;
        if (tm->when <= t->heap[c]->when)
            break;
        place(t, i, t->heap[c]);
        i = c;
    }
    place(t, i, tm);
}

static void remove_at(h323_timers *t, uint32_t i)
{
    h323_timer *gone = t->heap[i];
    gone->slot = H323_TIMER_IDLE;
    t->n--;
    if (i == t->n)
        return;
    place(t, i, t->heap[t->n]);
    if (i > 0 && t->heap[(i - 1) / 2]->when > t->heap[i]->when)
        sift_up(t, i);
    else
        sift_down(t, i);
}

void h323_timer_cancel(h323_timers *t, h323_timer *tm)
{
    if (tm->slot != H323_TIMER_IDLE)
        remove_at(t, tm->slot);
    tm->when = UINT64_MAX;
}

void h323_timer_set(h323_timers *t, h323_timer *tm, uint64_t when)
{
    if (when == UINT64_MAX) {
        h323_timer_cancel(t, tm);
        return;
    }
    if (tm->slot == H323_TIMER_IDLE) {
        if (t->n >= t->cap)   /* the caller reserved no room: a bug, but never overflow */
            return;
        tm->when = when;
        place(t, t->n++, tm);
        sift_up(t, tm->slot);
        return;
    }
    uint64_t old = tm->when;
    tm->when = when;
    if (when < old)
        sift_up(t, tm->slot);
    else if (when > old)
        sift_down(t, tm->slot);
}

uint64_t h323_timers_next(const h323_timers *t)
{
    return t->n ? t->heap[0]->when : UINT64_MAX;
}

h323_timer *h323_timers_pop_due(h323_timers *t, uint64_t now)
{
    if (!t->n || t->heap[0]->when > now)
        return NULL;
    h323_timer *tm = t->heap[0];
    remove_at(t, 0);
    return tm;
}
