/*
 * tools/modemsim/msim_call.c - the simulated exchange: dialling, routing by number,
 * ringing with caller ID, answering, data and voice between the two ends, clearing.
 *
 * Call progress as a modem's DTE sees it (ITU-T V.250 6.2.7, 6.3):
 *
 *   caller                                  callee
 *   ATD102 --> dialling (S6 if blind, S11 per DTMF digit, S8 per ',')
 *              route: unknown -> NO CARRIER; off hook or in a call -> BUSY (X3, X4)
 *              unplugged -> NO DIALTONE (X2, X4)
 *   ringback, S7 runs  ------------------>  RING                 (every ring period)
 *                                           DATE/TIME/NMBR/NAME  (+VCID/#CID, after RING 1)
 *                                           RING ...
 *   S7 expires -> NO ANSWER                 ATA, or S0 rings
 *   CONNECT <rate>  <-------------------->  CONNECT <rate>       (data: both fclass 0)
 *   VCON            <-------------------->  VCON                 (voice: both fclass 8)
 *   data both ways; +++ to online command state; ATO back; ATH:
 *                                           NO CARRIER           (voice: <DLE>b)
 *
 * Result codes go out through spandsp (at_call_event and at_put_response_code) so their
 * V0/V1/Q1 forms are spandsp's reading of V.250 5.7.
 */
#include "msim_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static msim_dce *peer_of(const msim_dce *d) { return d->peer >= 0 ? d->sim->m[d->peer] : NULL; }

static unsigned sreg(const msim_dce *d, int r) { return d->at.p.s_regs[r]; }

static void line_idle(msim_dce *d)
{
    d->call = CALL_IDLE;
    d->peer = MSIM_NONE;
    d->originator = d->voice_call = d->dial_waits = d->far_heard = false;
    d->dial_pending[0] = '\0';
    d->rings = 0;
    d->cid_sent = false;
    d->t_dial = d->t_s7 = d->t_ring = d->t_cid = d->t_escape = d->t_silence = MSIM_NEVER;
    d->plus_count = 0;
    d->at.p.s_regs[1] = 0;
    at_reset_call_info(&d->at);   /* spandsp's ring count for S0 */
}

static void silence_arm(msim_dce *d, uint64_t now)
{
    d->t_silence = (d->fclass == 8 && d->vsd_int) ? now + (uint64_t)d->vsd_int * 100 : MSIM_NEVER;
}

/* How long dialling takes: V.250 6.3.9 S6 (blind dialling waits first), 6.3.11 S8 per
 * comma, Hayes S11 per DTMF digit (tone plus gap), pulse dialling at 10 pulses a second
 * with a 700 ms pause between digits. */
static uint64_t dial_time(const msim_dce *d, const char *num)
{
    int x = d->at.result_code_mode;
    uint64_t t = (x == 2 || x == 4) ? 0 : (uint64_t)sreg(d, 6) * 1000;
    for (; *num; num++) {
        if (*num == ',') {
            t += (uint64_t)sreg(d, 8) * 1000;
        } else if (isdigit((unsigned char)*num) && d->at.p.pulse_dial) {
            t += (uint64_t)(*num == '0' ? 10 : *num - '0') * 100 + 700;
        } else if (strchr("0123456789ABCD*#", *num)) {
            t += 2 * (uint64_t)sreg(d, 11);
        }
    }
    return t;
}

/* The modem a dial string reaches: its digits, or the digits after the last ',' (as
 * behind a PBX's outside-line prefix "9,"). */
static int route(const msim *sim, const char *num)
{
    char all[MSIM_NUMBER_MAX * 4], tail[MSIM_NUMBER_MAX * 4];
    size_t a = 0, t = 0;
    int i;

    for (; *num && a + 1 < sizeof all; num++) {
        if (*num == ',') {
            t = 0;
        } else if (isdigit((unsigned char)*num)) {
            all[a++] = *num;
            tail[t++] = *num;
        }
    }
    all[a] = tail[t] = '\0';
    for (i = 0; i < sim->n; i++)
        if (!strcmp(sim->m[i]->cfg.number, all)) return i;
    for (i = 0; t != a && i < sim->n; i++)
        if (!strcmp(sim->m[i]->cfg.number, tail)) return i;
    return -1;
}

void call_dial(msim_dce *d, const char *num, uint64_t now)
{
    /* V.250 6.3.1: after "D...;" the DCE stays off hook in command state and a later D
     * goes on dialling: the exchange sees the digits of both. */
    if (d->call == CALL_OFFHOOK && d->dial_pending[0])
        snprintf(d->dial_route, sizeof d->dial_route, "%.*s%s",
                 (int)(sizeof d->dial_route - 1), d->dial_pending, num);
    else
        snprintf(d->dial_route, sizeof d->dial_route, "%s", num);
    d->dial_pending[0] = '\0';
    d->n.calls_out++;
    d->call = CALL_DIALLING;
    d->peer = MSIM_NONE;
    d->originator = true;
    d->voice_call = d->fclass == 8 || !d->dial_waits;
    d->t_dial = now + (d->cfg.unplugged ? (uint64_t)sreg(d, 6) * 1000 : dial_time(d, num));
}

/* The dial failed. event: a spandsp call event (BUSY, NO DIALTONE, NO ANSWER) or 0 for
 * NO CARRIER. After ATD...; the DTE already had its OK: a voice modem reports the busy
 * tone as <DLE>b (V.253), and the line stays off hook. */
static void dial_fail(msim_dce *d, int event)
{
    bool waits = d->dial_waits;
    line_idle(d);
    if (!waits) {
        d->call = CALL_OFFHOOK;
        if (d->fclass == 8 && event == AT_CALL_EVENT_BUSY) dce_dle(d, 'b');
        return;
    }
    if (event) {
        at_call_event(&d->at, event);
    } else {
        at_set_mode(d, AT_MODE_ONHOOK_COMMAND);
        at_result(d, AT_RESPONSE_CODE_NO_CARRIER);
    }
    exec_complete(d, DONE_END);
}

static void ring_start(msim_dce *b, int from, uint64_t now)
{
    b->call = CALL_RINGING;
    b->peer = from;
    b->rings = 0;
    b->cid_sent = false;
    b->n.calls_in++;
    b->t_ring = now;
    b->t_cid = now + b->sim->cfg.cid_delay_ms;
}

static void dial_done(msim_dce *d, uint64_t now)
{
    int x = d->at.result_code_mode, b;
    msim_dce *callee;

    if (d->cfg.unplugged) {
        dial_fail(d, (x == 2 || x == 4) ? AT_CALL_EVENT_NO_DIALTONE : 0);
        return;
    }
    if (!d->dial_waits) {
        /* V.250 6.3.1: after ';' the DCE returns to command state once dialled and
         * goes on with the command line, which may hang up again. */
        at_set_mode(d, AT_MODE_OFFHOOK_COMMAND);
        exec_complete(d, DONE_RESUME);
        if (d->call != CALL_DIALLING) return;
    }
    b = route(d->sim, d->dial_route);
    if (b < 0 && !d->dial_waits) {
        /* Partial dialling (";"): the number may not be complete yet; keep the digits
         * and stay off hook for the next D. */
        char pending[sizeof d->dial_pending];
        snprintf(pending, sizeof pending, "%s", d->dial_route);
        line_idle(d);
        d->call = CALL_OFFHOOK;
        snprintf(d->dial_pending, sizeof d->dial_pending, "%s", pending);
        return;
    }
    if (b < 0) {
        dial_fail(d, 0);   /* number unobtainable: no answer tone ever comes */
        return;
    }
    callee = d->sim->m[b];
    if (b == d->idx || callee->call != CALL_IDLE) {
        dial_fail(d, x >= 3 ? AT_CALL_EVENT_BUSY : 0);
        return;
    }
    d->call = CALL_ALERTING;
    d->peer = b;
    d->t_s7 = now + (uint64_t)sreg(d, 7) * 1000;   /* V.250 6.3.10 */
    ring_start(callee, d->idx, now);
}

static void ring(msim_dce *b, uint64_t now)
{
    b->t_ring = MSIM_NEVER;
    if (b->call != CALL_RINGING) return;
    if (b->peer == MSIM_EXT && (unsigned)b->rings >= b->ext_rings_left) {
        line_idle(b);   /* the external caller gave up */
        return;
    }
    b->t_ring = now + b->sim->cfg.ring_period_ms;
    b->rings++;
    b->at.p.s_regs[1] = (uint8_t)(b->rings > 255 ? 255 : b->rings);
    if (b->vanished) return;
    b->req_answer = false;
    b->in_ring_event = true;
    at_call_event(&b->at, AT_CALL_EVENT_ALERTING);   /* RING; S0 auto-answer (V.250 6.3.8) */
    b->in_ring_event = false;
    if (b->req_answer) {
        b->req_answer = false;
        call_answer(b, now);
    }
}

/* Caller ID as the modems of the Bellcore/Telcordia MDMF era present it after the first
 * RING: formatted "TAG = value" lines (V.253 9.2.3 +VCID=1, Rockwell #CID=1), or the
 * MDMF message in hex (=2). P and O stand for private and out of area. */
static void cid_present(msim_dce *b)
{
    char when[9] = "01010000", line[2 * 128 + 1];
    const msim_dce *a = peer_of(b);
    const char *num = a ? a->cfg.number : b->ext_number;
    const char *name = a ? a->cfg.name : b->ext_name;
    const char *eq = b->cfg.cid_compact ? "=" : " = ";

    if (b->sim->cfg.hooks.cid_clock) b->sim->cfg.hooks.cid_clock(b->sim->cfg.hooks.user, when);
    if (b->cid_mode == 2) {
        uint8_t m[128];
        size_t n = 2, i, l;
        unsigned sum = 0;
        bool num_absent = !strcmp(num, "P") || !strcmp(num, "O");
        bool name_absent = !strcmp(name, "P") || !strcmp(name, "O");
        m[0] = 0x80;   /* MDMF message type */
        m[n++] = 0x01; /* date and time */
        m[n++] = 8;
        memcpy(m + n, when, 8);
        n += 8;
        l = strlen(num);
        m[n++] = num_absent ? 0x04 : 0x02;   /* reason for absence, or the number */
        m[n++] = (uint8_t)l;
        memcpy(m + n, num, l);
        n += l;
        l = strlen(name);
        if (l) {
            m[n++] = name_absent ? 0x08 : 0x07;
            m[n++] = (uint8_t)l;
            memcpy(m + n, name, l);
            n += l;
        }
        m[1] = (uint8_t)(n - 2);
        for (i = 0; i < n; i++) sum += m[i];
        m[n++] = (uint8_t)(0x100 - (sum & 0xff));   /* checksum: the sum becomes 0 */
        for (i = 0; i < n; i++) snprintf(line + 2 * i, 3, "%02X", m[i]);
        at_info(b, line);
        return;
    }
    snprintf(line, sizeof line, "DATE%s%.4s", eq, when);
    at_info(b, line);
    snprintf(line, sizeof line, "TIME%s%.4s", eq, when + 4);
    at_info(b, line);
    snprintf(line, sizeof line, "NMBR%s%s", eq, num);
    at_info(b, line);
    if (name[0]) {
        snprintf(line, sizeof line, "NAME%s%s", eq, name);
        at_info(b, line);
    }
}

/* a called b (a NULL: the external caller); b answered. */
static void connect(msim_dce *a, msim_dce *b, bool voice, uint64_t now)
{
    unsigned rate = b->cfg.rate;

    if (a && a->cfg.rate < rate) rate = a->cfg.rate;
    b->call = CALL_ACTIVE;
    b->voice_call = voice;
    b->rate = rate;
    b->t_ring = b->t_cid = MSIM_NEVER;
    b->far_heard = false;
    b->n.connects++;
    at_reset_call_info(&b->at);
    if (a) {
        a->call = CALL_ACTIVE;
        a->voice_call = voice;
        a->rate = rate;
        a->t_s7 = MSIM_NEVER;
        a->far_heard = false;
        a->n.connects++;
    }
    if (!voice) {
        at_call_event(&b->at, AT_CALL_EVENT_ANSWERED);   /* online data state */
        b->last_rx = now;
        b->plus_count = 0;
        at_connect_result(b);
        if (a) {
            at_call_event(&a->at, AT_CALL_EVENT_CONNECTED);
            a->last_rx = now;
            a->plus_count = 0;
            at_connect_result(a);
            exec_complete(a, DONE_END);
        }
        return;
    }
    at_set_mode(b, AT_MODE_OFFHOOK_COMMAND);
    at_result_text(b, "VCON", -1);
    silence_arm(b, now);
    if (a) {
        silence_arm(a, now);
        if (a->dial_waits) {
            at_set_mode(a, AT_MODE_OFFHOOK_COMMAND);
            at_result_text(a, "VCON", -1);
            exec_complete(a, DONE_END);
        }
    }
}

int call_answer(msim_dce *d, uint64_t now)
{
    msim_dce *p = peer_of(d);
    bool caller_voice, voice = d->fclass == 8;

    if (d->call != CALL_RINGING) {
        /* V.250 6.3.5: answering with nobody calling; the answer tone meets silence. */
        if (d->call == CALL_ACTIVE) return -1;
        line_idle(d);
        at_set_mode(d, AT_MODE_ONHOOK_COMMAND);
        at_result(d, AT_RESPONSE_CODE_NO_CARRIER);
        return 0;
    }
    caller_voice = p ? p->voice_call : d->ext_voice;
    if (caller_voice != voice) {
        /* A data modem answering a voice call hears no carrier, and a voice answer
         * to a modem is not a data connection: the call fails at both ends. */
        line_idle(d);
        at_set_mode(d, AT_MODE_ONHOOK_COMMAND);
        at_result(d, AT_RESPONSE_CODE_NO_CARRIER);
        if (p) call_far_end_left(p, now);
        return 0;
    }
    connect(p, d, voice, now);
    return 0;
}

void call_hangup(msim_dce *d, uint64_t now)
{
    msim_dce *p = peer_of(d);

    if (d->call == CALL_RINGING) return;   /* on hook already: H does not refuse a call */
    d->voice = VOICE_NONE;
    if (d->call == CALL_IDLE) return;
    line_idle(d);
    if (p) call_far_end_left(p, now);
}

void call_offhook(msim_dce *d, uint64_t now)
{
    (void)now;
    if (d->call != CALL_IDLE) return;
    d->call = CALL_OFFHOOK;
    if (d->fclass == 8) dce_dle(d, 'd');   /* V.253 event: dial tone */
}

void call_abort(msim_dce *d, uint64_t now)
{
    msim_dce *p = d->call == CALL_ALERTING ? peer_of(d) : NULL;

    line_idle(d);
    at_set_mode(d, AT_MODE_ONHOOK_COMMAND);
    at_result(d, AT_RESPONSE_CODE_NO_CARRIER);
    exec_complete(d, DONE_END);
    if (p) call_far_end_left(p, now);
}

void call_far_end_left(msim_dce *d, uint64_t now)
{
    (void)now;
    switch (d->call) {
    case CALL_RINGING:
        line_idle(d);   /* the caller gave up: the ringing stops */
        break;
    case CALL_ALERTING:
        dial_fail(d, 0);
        break;
    case CALL_ACTIVE:
        if (d->voice_call) {
            d->call = CALL_OFFHOOK;
            d->peer = MSIM_NONE;
            d->t_silence = MSIM_NEVER;
            if (d->fclass == 8) dce_dle(d, 'b');   /* V.253 event: busy tone after the far end cleared */
        } else {
            bool online = at_online(d);
            line_idle(d);
            /* spandsp's hang-up event says NO CARRIER only in online data state;
             * in online command state the carrier is lost all the same. */
            if (!online) at_result(d, AT_RESPONSE_CODE_NO_CARRIER);
            at_call_event(&d->at, AT_CALL_EVENT_HANGUP);
        }
        break;
    default:
        break;
    }
}

void call_network_clear(msim_dce *d, uint64_t now)
{
    msim_dce *p = peer_of(d);
    call_far_end_left(d, now);
    if (p) call_far_end_left(p, now);
}

void call_data(msim_dce *d, const uint8_t *buf, size_t len, uint64_t now)
{
    msim_dce *p = peer_of(d);
    (void)now;
    if (d->call != CALL_ACTIVE || d->voice_call) return;
    if (d->peer == MSIM_EXT) {
        dce_out(d, buf, len);   /* the external party echoes what it gets */
    } else if (p && at_online(p)) {
        dce_out(p, buf, len);
    }
}

void call_voice_data(msim_dce *d, const uint8_t *buf, size_t len, uint64_t now)
{
    msim_dce *p = peer_of(d);
    size_t i, start = 0;

    if (!p || d->call != CALL_ACTIVE || !d->voice_call) return;
    p->far_heard = true;
    silence_arm(p, now);
    if (p->voice != VOICE_RX) return;
    for (i = 0; i < len; i++) {   /* V.253: a 0x10 sample goes to the DTE as <DLE><DLE> */
        if (buf[i] != 0x10) continue;
        dce_out(p, buf + start, i + 1 - start);
        dce_out(p, buf + i, 1);
        start = i + 1;
    }
    dce_out(p, buf + start, len - start);
}

void call_dtmf_heard(msim_dce *d, char digit, uint64_t now)
{
    if (d->call != CALL_ACTIVE || !d->voice_call || d->fclass != 8) return;
    dce_dle(d, digit);   /* V.253 event: DTMF digit */
    d->far_heard = true;
    silence_arm(d, now);
}

void call_dtr(msim_dce *d, bool on, uint64_t now)
{
    bool data_call;

    if (on) return;
    switch (d->at.dtr_behaviour) {
    case 0:   /* V.250 6.2.9 &D0: DTR is ignored */
        return;
    case 1:   /* &D1: to online command state */
        if (at_online(d)) {
            at_set_mode(d, AT_MODE_OFFHOOK_COMMAND);
            d->plus_count = 0;
            at_result(d, AT_RESPONSE_CODE_OK);
        }
        return;
    default:  /* &D2: orderly cleardown of the call */
        break;
    }
    if (d->wait == WAIT_DIAL) {
        call_abort(d, now);
        return;
    }
    if (d->call == CALL_IDLE || d->call == CALL_RINGING) return;
    data_call = d->call == CALL_ACTIVE && !d->voice_call;
    call_hangup(d, now);
    at_set_mode(d, AT_MODE_ONHOOK_COMMAND);
    if (data_call) at_result(d, AT_RESPONSE_CODE_NO_CARRIER);
}

static void vts_step(msim_dce *d, uint64_t now)
{
    char digit = d->vts[d->vts_pos++];
    msim_dce *p = peer_of(d);

    if (digit && p) call_dtmf_heard(p, digit, now);
    if (d->vts_pos < d->vts_n) {
        d->t_vts += (uint64_t)d->vtd * 10;
        return;
    }
    d->t_vts = MSIM_NEVER;
    exec_complete(d, DONE_RESUME);
}

void call_tick(msim_dce *d, uint64_t now)
{
    if (d->t_dial <= now) {
        d->t_dial = MSIM_NEVER;
        if (d->call == CALL_DIALLING) dial_done(d, now);
    }
    if (d->t_s7 <= now) {
        msim_dce *p = peer_of(d);
        d->t_s7 = MSIM_NEVER;
        if (d->call == CALL_ALERTING) {
            dial_fail(d, AT_CALL_EVENT_NO_ANSWER);
            if (p) call_far_end_left(p, now);
        }
    }
    if (d->t_ring <= now) ring(d, now);
    if (d->t_cid <= now) {
        d->t_cid = MSIM_NEVER;
        if (d->call == CALL_RINGING && d->cid_mode && !d->cid_sent && !d->vanished) {
            d->cid_sent = true;
            cid_present(d);
        }
    }
    if (d->t_escape <= now) {
        d->t_escape = MSIM_NEVER;
        if (at_online(d) && d->plus_count == 3) {   /* the guard time after +++ passed */
            d->plus_count = 0;
            at_set_mode(d, AT_MODE_OFFHOOK_COMMAND);
            d->la_state = 0;
            at_result(d, AT_RESPONSE_CODE_OK);
        }
    }
    if (d->t_vts <= now) vts_step(d, now);
    if (d->t_silence <= now) {
        d->t_silence = MSIM_NEVER;
        /* V.253 10.2.7: 's' when nothing was heard, 'q' when the far end went quiet. */
        if (d->call == CALL_ACTIVE && d->voice_call && d->fclass == 8) dce_dle(d, d->far_heard ? 'q' : 's');
    }
}

uint64_t call_deadline(const msim_dce *d)
{
    uint64_t t = d->t_dial;
    if (d->t_s7 < t) t = d->t_s7;
    if (d->t_ring < t) t = d->t_ring;
    if (d->t_cid < t) t = d->t_cid;
    if (d->t_escape < t) t = d->t_escape;
    if (d->t_vts < t) t = d->t_vts;
    if (d->t_silence < t) t = d->t_silence;
    return t;
}

int call_ring_external(msim_dce *d, const char *number, const char *name, bool voice,
                       unsigned rings, uint64_t now)
{
    if (d->call != CALL_IDLE) return -1;
    snprintf(d->ext_number, sizeof d->ext_number, "%s", number);
    snprintf(d->ext_name, sizeof d->ext_name, "%s", name);
    d->ext_voice = voice;
    d->ext_rings_left = rings ? rings : d->sim->cfg.ext_ring_limit;
    ring_start(d, MSIM_EXT, now);
    return 0;
}

const char *call_state_name(const msim_dce *d)
{
    switch (d->call) {
    case CALL_IDLE: return "idle";
    case CALL_OFFHOOK: return "offhook";
    case CALL_DIALLING: return "dialling";
    case CALL_ALERTING: return "alerting";
    case CALL_RINGING: return "ringing";
    case CALL_ACTIVE: return d->voice_call ? "connected-voice" : "connected-data";
    }
    return "?";
}
