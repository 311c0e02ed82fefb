/*
 * tests/unit/test_h323_h245ctl_pair.h - two H.245 control sessions (engine/h245ctl.c)
 * wired back to back in memory, for the unit test and the tshark sample generator.
 *
 * Each side's sent PDUs are queued; pair_round() takes what both sides have queued at
 * that moment and delivers it to the other side (so requests sent at the same moment
 * cross, as on a real connection), pair_run() repeats until nothing is left. Every sent
 * PDU and every event is recorded per side. Time is a fake clock (pair.now) that only
 * the test moves. A side can be silent (its PDUs are lost) or drop some of its PDUs.
 *
 * Test code: exits on out of memory; not thread-safe.
 */
#ifndef TEST_H323_H245CTL_PAIR_H
#define TEST_H323_H245CTL_PAIR_H

#include "engine/h245ctl.h"
#include "h245/h245.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAIR_MAX_PDUS 256
#define PAIR_MAX_EVENTS 128

typedef struct {
    enum h245ctl_event_type type;
    h323_media_channel ch;
    char digit;
    uint16_t duration;
    uint32_t rtd;
    char text[128];
} pair_event;

typedef struct {
    uint8_t *p;
    size_t n;
} pair_pdu;

struct pair;
typedef struct pair_side {
    struct pair *pair;
    int idx;
    h245ctl_config cfg;
    uint32_t codecs[8];
    h245ctl *s;
    pair_pdu queue[PAIR_MAX_PDUS];          /* sent, not yet delivered */
    size_t nq;
    pair_pdu sent[PAIR_MAX_PDUS];           /* everything sent */
    size_t nsent;
    pair_event ev[PAIR_MAX_EVENTS];
    size_t nev;
    uint32_t rnd[8];                        /* statusDeterminationNumbers to draw first */
    size_t nrnd, irnd;
    uint32_t rnd_next;
    bool silent;                            /* its PDUs are lost */
    bool (*drop)(const uint8_t *p, size_t n);   /* true: this PDU is lost */
    int last_rc;                            /* h245ctl_input's last result on this side */
} pair_side;

typedef struct pair {
    pair_side side[2];
    uint64_t now;
    bool coalesce;                          /* a side's queued PDUs arrive as one PDU */
    /* Called for each PDU delivered (from: 0 A->B, 1 B->A), e.g. to write a pcap. */
    void (*on_deliver)(void *ctx, int from, const uint8_t *p, size_t n);
    void *deliver_ctx;
} pair;

static uint8_t pair_scratch[H245_ARENA_SIZE];

static uint32_t pair_random(void *ctx)
{
    pair_side *d = ctx;
    if (d->irnd < d->nrnd) return d->rnd[d->irnd++];
    d->rnd_next = d->rnd_next * 1103515245u + 12345u + (uint32_t)d->idx * 7919u;
    return d->rnd_next;
}

static inline void *pair_dup(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);
    if (!q) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    if (n) memcpy(q, p, n);
    return q;
}

static inline int pair_send(void *ctx, const uint8_t *pdu, size_t len)
{
    pair_side *d = ctx;
    if (d->nsent >= PAIR_MAX_PDUS || d->nq >= PAIR_MAX_PDUS) {
        fprintf(stderr, "pair: side %c sent too many PDUs\n", 'A' + d->idx);
        exit(2);
    }
    d->sent[d->nsent++] = (pair_pdu){ pair_dup(pdu, len), len };
    if (!d->silent && !(d->drop && d->drop(pdu, len)))
        d->queue[d->nq++] = (pair_pdu){ pair_dup(pdu, len), len };
    return 0;
}

static inline void pair_event_cb(void *ctx, const h245ctl_event *ev)
{
    pair_side *d = ctx;
    if (d->nev >= PAIR_MAX_EVENTS) {
        fprintf(stderr, "pair: side %c got too many events\n", 'A' + d->idx);
        exit(2);
    }
    pair_event *e = &d->ev[d->nev++];
    memset(e, 0, sizeof *e);
    e->type = ev->type;
    switch (ev->type) {
    case H245CTL_EV_CHANNEL_OPEN:
    case H245CTL_EV_CHANNEL_CLOSED: e->ch = ev->u.channel; break;
    case H245CTL_EV_USER_INPUT:
        e->digit = ev->u.dtmf.digit;
        e->duration = ev->u.dtmf.duration_ms;
        break;
    case H245CTL_EV_FAILED:
    case H245CTL_EV_LOG: snprintf(e->text, sizeof e->text, "%s", ev->u.text); break;
    case H245CTL_EV_RTD: e->rtd = ev->u.rtd_ms; break;
    default: break;
    }
}

/* Side A 10.0.0.1, RTP 5000; side B 10.0.0.2, RTP 6000; terminals; 1 s timers. Change
 * p->side[i].cfg / codecs / rnd before pair_create. */
static inline void pair_setup(pair *p, const uint32_t *ca, size_t na, const uint32_t *cb, size_t nb)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < 2; i++) {
        pair_side *d = &p->side[i];
        const uint32_t *c = i ? cb : ca;
        size_t n = i ? nb : na;
        d->pair = p;
        d->idx = i;
        d->rnd_next = 0x1234u + (uint32_t)i * 0x777u;
        memcpy(d->codecs, c, n * sizeof *c);
        d->cfg.terminal_type = H245_TERMINAL_TYPE_TERMINAL;
        d->cfg.codecs = d->codecs;
        d->cfg.ncodecs = n;
        d->cfg.frames_per_packet = 20;
        d->cfg.timeout_ms = 1000;
        d->cfg.media = (h323_addr){ 4, { 10, 0, 0, (uint8_t)(1 + i) }, (uint16_t)(5000 + 1000 * i) };
        d->cfg.scratch = pair_scratch;
        d->cfg.scratch_size = sizeof pair_scratch;
        d->cfg.random = pair_random;
    }
}

static inline void pair_create(pair *p)
{
    const h245ctl_ops ops = { pair_send, pair_event_cb };
    for (int i = 0; i < 2; i++) {
        p->side[i].s = h245ctl_new(&p->side[i].cfg, &ops, &p->side[i]);
        if (!p->side[i].s) {
            fprintf(stderr, "h245ctl_new failed\n");
            exit(2);
        }
    }
}

static inline void pair_free(pair *p)
{
    for (int i = 0; i < 2; i++) {
        pair_side *d = &p->side[i];
        h245ctl_free(d->s);
        for (size_t k = 0; k < d->nq; k++) free(d->queue[k].p);
        for (size_t k = 0; k < d->nsent; k++) free(d->sent[k].p);
        d->s = NULL;
        d->nq = d->nsent = 0;
    }
}

/* Delivers what both sides have queued now; returns the number of PDUs delivered. */
static inline size_t pair_round(pair *p)
{
    static pair_pdu batch[2][PAIR_MAX_PDUS];
    size_t nb[2];
    for (int i = 0; i < 2; i++) {
        nb[i] = p->side[i].nq;
        memcpy(batch[i], p->side[i].queue, nb[i] * sizeof batch[i][0]);
        p->side[i].nq = 0;
    }
    for (int i = 0; i < 2; i++) {
        pair_side *to = &p->side[1 - i];
        if (p->coalesce && nb[i] > 1) {
            size_t total = 0;
            for (size_t k = 0; k < nb[i]; k++) total += batch[i][k].n;
            uint8_t *all = malloc(total);
            if (!all) exit(2);
            total = 0;
            for (size_t k = 0; k < nb[i]; k++) {
                memcpy(all + total, batch[i][k].p, batch[i][k].n);
                total += batch[i][k].n;
                free(batch[i][k].p);
            }
            if (p->on_deliver) p->on_deliver(p->deliver_ctx, i, all, total);
            to->last_rc = h245ctl_input(to->s, all, total, p->now);
            free(all);
            continue;
        }
        for (size_t k = 0; k < nb[i]; k++) {
            if (p->on_deliver) p->on_deliver(p->deliver_ctx, i, batch[i][k].p, batch[i][k].n);
            to->last_rc = h245ctl_input(to->s, batch[i][k].p, batch[i][k].n, p->now);
            free(batch[i][k].p);
        }
    }
    return nb[0] + nb[1];
}

static inline void pair_run(pair *p)
{
    for (int r = 0; r < 64 && pair_round(p); r++) {
    }
}

static inline size_t pair_events(const pair_side *d, enum h245ctl_event_type type)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nev; i++) n += d->ev[i].type == type;
    return n;
}

/* The last event of a type (NULL: none). */
static inline const pair_event *pair_last(const pair_side *d, enum h245ctl_event_type type)
{
    for (size_t i = d->nev; i-- > 0;)
        if (d->ev[i].type == type) return &d->ev[i];
    return NULL;
}

/* Whether an event of a type has a text containing sub. */
static inline bool pair_said(const pair_side *d, enum h245ctl_event_type type, const char *sub)
{
    for (size_t i = 0; i < d->nev; i++)
        if (d->ev[i].type == type && strstr(d->ev[i].text, sub)) return true;
    return false;
}

/* Decodes sent PDU k of a side into *m (strings in a static arena). */
static inline int pair_decode(const pair_side *d, size_t k, h245_msg *m)
{
    static uint8_t mem[H245_ARENA_SIZE];
    per_arena a;
    per_arena_init(&a, mem, sizeof mem);
    return h245_decode(d->sent[k].p, d->sent[k].n, m, &a, NULL, NULL);
}

/* How many messages of class cls (H245_REQUEST, ...) and alternative alt the side sent;
 * *last (may be NULL) gets the last one. */
static inline size_t pair_sent(const pair_side *d, uint32_t cls, uint32_t alt, h245_msg *last)
{
    size_t n = 0, at = 0;
    for (size_t k = 0; k < d->nsent; k++) {
        h245_msg m;
        if (pair_decode(d, k, &m)) continue;
        uint32_t a = cls == H245_REQUEST ? m.u.request.choice
                   : cls == H245_RESPONSE ? m.u.response.choice
                   : cls == H245_COMMAND ? m.u.command.choice : m.u.indication.choice;
        if (m.choice == cls && a == alt) {
            n++;
            at = k;
        }
    }
    /* Decoded again so that its strings are those in the arena now. */
    if (n && last) pair_decode(d, at, last);
    return n;
}

#endif
