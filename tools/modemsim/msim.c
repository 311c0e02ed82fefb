/*
 * tools/modemsim/msim.c - the simulator object: modems, their output queues and fault
 * modes, DTE input routing, timers. The command layer is msim_at.c, the exchange
 * msim_call.c, the control commands msim_ctl.c.
 */
#include "msim_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes a DTE may write in one go when nothing it writes turns into output. */
#define MSIM_ROOM_FREE 65536

static uint32_t xorshift(uint32_t *s)
{
    uint32_t x = *s ? *s : 0x9e3779b9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

size_t dce_out_free(const msim_dce *d) { return MSIM_OUTQ - d->out_len; }

static void out_put(msim_dce *d, uint8_t b)
{
    d->out[(d->out_head + d->out_len) % MSIM_OUTQ] = b;
    d->out_len++;
}

/* Everything a modem says to its DTE passes here, so the fault modes apply to all of it. */
void dce_out(msim_dce *d, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    size_t i;

    if (d->vanished || d->fault == FAULT_NORESPONSE) {
        d->n.dropped += len;
        return;
    }
    if (d->fault == FAULT_SLOW && d->out_len == 0)
        d->out_hold = d->sim->now + d->slow_ms;
    for (i = 0; i < len; i++) {
        if (d->out_len == MSIM_OUTQ) {
            d->n.dropped += len - i;
            break;
        }
        out_put(d, d->fault == FAULT_GARBAGE ? (uint8_t)xorshift(&d->rng) : p[i]);
        d->n.tx++;
    }
    if (d->out_len > d->n.outq_max) d->n.outq_max = d->out_len;
}

void dce_dle(msim_dce *d, char code)
{
    uint8_t b[2] = {0x10, (uint8_t)code};
    dce_out(d, b, 2);
}

/* Factory settings beyond spandsp's profile: what a typical modem has after AT&F. */
void dce_reset_defaults(msim_dce *d)
{
    d->at.p.s_regs[1] = 0;     /* ring count */
    d->at.p.s_regs[2] = '+';   /* escape character (Hayes S2) */
    d->at.p.s_regs[11] = 95;   /* DTMF tone duration and spacing, ms (Hayes S11) */
    d->at.p.s_regs[12] = 50;   /* escape guard time, 1/50 s (Hayes S12) */
    d->at.result_code_mode = 4; /* X4: dial tone and busy detection (V.250 6.2.7) */
    d->at.dtr_behaviour = 2;   /* &D2: DTR off clears the call (V.250 6.2.9) */
    d->fclass = 0;
    d->cid_mode = 0;
    d->vtd = 100;
    d->vsd_sens = 128;
    d->vsd_int = 50;
    d->vsm = 128;
}

static void dce_quiesce(msim_dce *d)
{
    d->exec = EXEC_IDLE;
    d->wait = WAIT_NONE;
    d->done = DONE_NONE;
    d->la_state = 0;
    d->voice = VOICE_NONE;
    d->vrx_dle = 0;
    d->t_vts = d->t_escape = MSIM_NEVER;
    d->plus_count = 0;
    d->out_head = d->out_len = 0;
    d->out_hold = 0;
    d->flood_left = 0;
}

void dce_vanish(msim_dce *d, uint64_t now)
{
    d->vanished = true;   /* from here on its output is dropped */
    if (d->wait == WAIT_DIAL) {
        call_abort(d, now);
    } else {
        call_hangup(d, now);   /* an incoming call keeps ringing: nobody will answer */
    }
    at_set_mode(d, AT_MODE_ONHOOK_COMMAND);
    dce_quiesce(d);
}

int dce_power_on(msim_dce *d)
{
    at_layer_release(d);
    if (at_layer_init(d) < 0) return -1;
    dce_quiesce(d);
    d->vanished = false;
    d->dtr = false;
    d->fault = FAULT_NONE;
    return 0;
}

static bool number_ok(const char *s)
{
    size_t i;
    if (!s[0]) return false;
    for (i = 0; s[i]; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return i < MSIM_NUMBER_MAX;
}

static bool name_ok(const char *s)
{
    size_t i;
    for (i = 0; s[i]; i++)
        if (s[i] < 0x20 || s[i] > 0x7e) return false;
    return i < MSIM_NAME_MAX;
}

msim *msim_new(const msim_cfg *cfg, char *err, size_t errlen)
{
    msim *sim;
    int i, j;

    if (cfg->n_modems < 1 || cfg->n_modems > MSIM_MAX_MODEMS) {
        snprintf(err, errlen, "between 1 and %d modems, not %d", MSIM_MAX_MODEMS, cfg->n_modems);
        return NULL;
    }
    for (i = 0; i < cfg->n_modems; i++) {
        const msim_modem_cfg *mc = &cfg->modems[i];
        if (!number_ok(mc->number) || !name_ok(mc->name)) {
            snprintf(err, errlen, "modem%d: the number must be 1 to %d digits and the name printable",
                     i, MSIM_NUMBER_MAX - 1);
            return NULL;
        }
        for (j = 0; j < i; j++)
            if (!strcmp(cfg->modems[j].number, mc->number)) {
                snprintf(err, errlen, "modem%d and modem%d have the same number %s", j, i, mc->number);
                return NULL;
            }
    }
    sim = calloc(1, sizeof *sim);
    if (!sim) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    sim->cfg = *cfg;
    sim->cfg.modems = NULL;
    if (!sim->cfg.ring_period_ms) sim->cfg.ring_period_ms = 6000;
    if (!sim->cfg.cid_delay_ms || sim->cfg.cid_delay_ms >= sim->cfg.ring_period_ms)
        sim->cfg.cid_delay_ms = sim->cfg.ring_period_ms / 2;
    if (!sim->cfg.ext_ring_limit) sim->cfg.ext_ring_limit = 10;
    for (i = 0; i < cfg->n_modems; i++) {
        msim_dce *d = calloc(1, sizeof *d);
        if (!d) {
            snprintf(err, errlen, "out of memory");
            msim_free(sim);
            return NULL;
        }
        sim->m[sim->n++] = d;
        d->sim = sim;
        d->idx = i;
        d->cfg = cfg->modems[i];
        if (!d->cfg.rate) d->cfg.rate = 33600;
        d->peer = MSIM_NONE;
        d->rng = 0x2545f491u + (uint32_t)i;
        d->t_dial = d->t_s7 = d->t_ring = d->t_cid = d->t_escape = d->t_vts = d->t_silence = MSIM_NEVER;
        if (at_layer_init(d) < 0) {
            snprintf(err, errlen, "modem%d: spandsp's AT interpreter did not start", i);
            msim_free(sim);
            return NULL;
        }
    }
    return sim;
}

void msim_free(msim *sim)
{
    int i;
    if (!sim) return;
    for (i = 0; i < sim->n; i++) {
        at_layer_release(sim->m[i]);
        free(sim->m[i]);
    }
    free(sim);
}

int msim_count(const msim *sim) { return sim->n; }

int msim_find(const msim *sim, const char *name)
{
    char *end;
    long v;
    int i;

    if (!strncmp(name, "modem", 5) && isdigit((unsigned char)name[5])) {
        v = strtol(name + 5, &end, 10);
        return (!*end && v >= 0 && v < sim->n) ? (int)v : -1;
    }
    for (i = 0; i < sim->n; i++)
        if (!strcmp(sim->m[i]->cfg.number, name)) return i;
    if (isdigit((unsigned char)name[0])) {
        v = strtol(name, &end, 10);
        if (!*end && v >= 0 && v < sim->n) return (int)v;
    }
    return -1;
}

bool msim_vanished(const msim *sim, int m) { return sim->m[m]->vanished; }

void msim_dte_input(msim *sim, int m, const uint8_t *buf, size_t len, uint64_t now)
{
    msim_dce *d = sim->m[m];
    sim->now = now;
    d->n.rx += len;
    if (d->vanished) return;
    at_layer_input(d, buf, len, now);
}

static size_t room_in(const msim_dce *d, unsigned divisor)
{
    size_t f = dce_out_free(d);
    return f > MSIM_OUT_RESERVE ? (f - MSIM_OUT_RESERVE) / divisor : 0;
}

/* How much DTE input can be taken without overflowing an output queue: data goes to the
 * peer's queue (or ours, for the echoing external party), commands echo into ours. */
size_t msim_dte_room(const msim *sim, int m)
{
    const msim_dce *d = sim->m[m];
    const msim_dce *p = d->peer >= 0 ? sim->m[d->peer] : NULL;

    if (d->vanished || d->exec == EXEC_WAITING) return MSIM_ROOM_FREE;
    if (at_online(d)) {
        if (d->peer == MSIM_EXT) return room_in(d, 1);
        return (p && at_online(p)) ? room_in(p, 1) : MSIM_ROOM_FREE;
    }
    if (d->voice == VOICE_TX)
        return (p && p->voice == VOICE_RX) ? room_in(p, 2) : MSIM_ROOM_FREE;
    if (d->voice == VOICE_RX) return MSIM_ROOM_FREE;
    /* Command state: at most one echo byte and a share of a result per byte. */
    return d->at.p.echo ? room_in(d, 4) : (room_in(d, 1) ? MSIM_ROOM_FREE : 0);
}

void msim_dte_dtr(msim *sim, int m, bool on, uint64_t now)
{
    msim_dce *d = sim->m[m];
    sim->now = now;
    if (d->dtr == on) return;
    d->dtr = on;
    if (!d->vanished) call_dtr(d, on, now);
}

/* The flood fault: junk without CR or LF, made as the DTE reads, so it costs no memory. */
static void flood_fill(msim_dce *d)
{
    while (d->flood_left && d->out_len < MSIM_OUTQ) {
        uint8_t b = (uint8_t)xorshift(&d->rng);
        if (b == '\r' || b == '\n') continue;
        out_put(d, b);
        d->n.tx++;
        d->flood_left--;
    }
}

size_t msim_dte_output(msim *sim, int m, uint64_t now, const uint8_t **p)
{
    msim_dce *d = sim->m[m];
    size_t n;

    sim->now = now;
    if (d->vanished) return 0;
    flood_fill(d);
    if (!d->out_len || now < d->out_hold) return 0;
    n = MSIM_OUTQ - d->out_head;
    if (n > d->out_len) n = d->out_len;
    *p = d->out + d->out_head;
    return n;
}

void msim_dte_consumed(msim *sim, int m, size_t n)
{
    msim_dce *d = sim->m[m];
    if (n > d->out_len) n = d->out_len;
    d->out_head = (d->out_head + n) % MSIM_OUTQ;
    d->out_len -= n;
    if (!d->out_len) d->out_head = 0;
}

void msim_tick(msim *sim, uint64_t now)
{
    int i;
    sim->now = now;
    for (i = 0; i < sim->n; i++)
        call_tick(sim->m[i], now);
}

uint64_t msim_next_deadline(const msim *sim)
{
    uint64_t t = MSIM_NEVER, x;
    int i;
    for (i = 0; i < sim->n; i++) {
        const msim_dce *d = sim->m[i];
        x = call_deadline(d);
        if (x < t) t = x;
        if (d->out_len && d->out_hold > sim->now && d->out_hold < t) t = d->out_hold;
    }
    return t;
}
