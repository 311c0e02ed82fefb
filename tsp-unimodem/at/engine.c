/*
 * tsp-unimodem/at/engine.c - the AT command engine (see engine.h).
 */
#include "at/engine.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DLE 0x10
#define ETX 0x03

#define OP_CMDS_MAX 32
#define OP_TEXT_MAX 4096
/* V.250 5.2.1: a DCE accepts command lines of at least 40 characters after "AT". */
#define SETTINGS_BODY_MAX 40
#define INIT_RETRIES 2

enum cmd_type { CMD_LINE, CMD_ESCAPE };
enum expect {
    EXP_OK,                /* OK ends it well */
    EXP_CONNECT,           /* CONNECT ends it well */
    EXP_OK_OR_CONNECT,     /* voice dial/answer (OK, VCON), raw commands (+VRX gives CONNECT) */
    EXP_ANY,               /* any final result will do: hang-up */
};
#define CF_RETRY_ONLY 0x1   /* the Reset command: sent only when an Init is retried */
#define CF_PARTIAL 0x2      /* a dial ending with DialSuffix: OK leaves the line off hook */
#define CF_VRX 0x4          /* a +VRX command: CONNECT starts the voice receive stream */

typedef struct {
    uint16_t off, len;
    uint8_t type, expect, flags;
    uint32_t timeout_ms;
} um_cmd;

typedef struct {
    bool used, started, cancelled, overflow, voice;
    uint32_t id;
    um_at_op_kind kind;
    unsigned ncmds, next, retries;
    size_t text_len;
    size_t cmd_start;          /* while building: where the command being built began */
    um_cmd cmds[OP_CMDS_MAX];
    char text[OP_TEXT_MAX];
} um_op;

enum rx_mode { RX_COMMAND, RX_DATA, RX_VOICE_DATA };
enum phase { PH_WAIT, PH_GUARD_BEFORE, PH_GUARD_AFTER };

struct um_at {
    um_at_config cfg;
    um_at_settings settings;
    uint64_t now;
    int in_callback;
    bool pumping;

    /* receiving */
    uint8_t rx;
    bool discarding, swallow_lf, dle;
    size_t line_len;
    char line[UM_AT_LINE_MAX];
    char dtrack[24];           /* the current line of the data stream, for NO CARRIER */
    size_t dtrack_len;
    bool dtrack_ok;

    /* the modem and the call */
    um_at_mode mode;
    bool opened, need_init, fclass8;
    unsigned open_flags;
    unsigned rings;
    uint64_t ring_deadline;    /* 0: no ringing or caller ID pending */
    um_callerid cid;

    /* operations: order[0] is the head, the one running */
    um_op ops[UM_AT_OPS_MAX];
    uint8_t order[UM_AT_OPS_MAX];
    unsigned nops;
    uint32_t next_id;
    bool active;               /* a command of the head operation is outstanding */
    uint8_t phase;
    uint64_t deadline;
    um_result progress;        /* negotiation progress gathered for the outstanding command */
};

static const um_result no_result = { UM_RS_UNKNOWN, 0, UM_SRC_NONE, 0, 0, NULL, 0 };

/* ---- small helpers -------------------------------------------------------------- */

static void emit(um_at *e, um_at_event *ev)
{
    e->in_callback++;
    e->cfg.event(e->cfg.user, ev);
    e->in_callback--;
}

static void emit_simple(um_at *e, um_at_event_type type)
{
    um_at_event ev = { .type = type, .result = no_result, .callerid = &e->cid, .rings = e->rings };
    emit(e, &ev);
}

static void emit_bytes(um_at *e, um_at_event_type type, const void *data, size_t len)
{
    um_at_event ev = { .type = type, .result = no_result, .data = data, .len = len };
    emit(e, &ev);
}

static void write_bytes(um_at *e, const char *s, size_t len)
{
    e->in_callback++;
    e->cfg.write(e->cfg.user, (const uint8_t *)s, len);
    e->in_callback--;
}

static const char *setting(const um_at *e, um_setting which)
{
    const char *s = um_profile_setting(e->cfg.profile, which);
    return s ? s : "";
}

static uint64_t add_ms(uint64_t now, uint64_t ms)
{
    return now > UINT64_MAX - ms ? UINT64_MAX : now + ms;
}

static uint32_t call_timeout_ms(const um_at *e)
{
    /* The modem gives up after S7 seconds itself; allow one command timeout more. */
    uint64_t ms = (uint64_t)e->settings.call_setup_fail_s * 1000u + e->cfg.command_timeout_ms;
    return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

/* ---- building operations -------------------------------------------------------- */

/* Ids are positive ints (functions return them); 0 is the engine's own operations. */
static uint32_t new_id(um_at *e)
{
    if (++e->next_id > INT32_MAX) e->next_id = 1;
    return e->next_id;
}

static um_op *op_new(um_at *e, um_at_op_kind kind, bool internal)
{
    for (unsigned i = 0; i < UM_AT_OPS_MAX; i++) {
        um_op *op = &e->ops[i];
        if (op->used) continue;
        memset(op, 0, offsetof(um_op, cmds));
        op->used = true;
        op->kind = kind;
        if (!internal) op->id = new_id(e);
        return op;
    }
    return NULL;
}

static void cmd_begin(um_op *op)
{
    op->cmd_start = op->text_len;
}

static void cmd_put(um_op *op, const char *s, size_t len)
{
    if (op->overflow || len > OP_TEXT_MAX - op->text_len || op->text_len - op->cmd_start + len > UINT16_MAX) {
        op->overflow = true;
        return;
    }
    memcpy(op->text + op->text_len, s, len);
    op->text_len += len;
}

static void cmd_puts(um_op *op, const char *s)
{
    cmd_put(op, s, strlen(s));
}

static void cmd_end(um_op *op, uint8_t type, uint8_t expect, uint8_t flags, uint32_t timeout_ms)
{
    if (op->ncmds == OP_CMDS_MAX) op->overflow = true;
    if (op->overflow) return;
    op->cmds[op->ncmds++] = (um_cmd){ (uint16_t)op->cmd_start, (uint16_t)(op->text_len - op->cmd_start),
                                      type, expect, flags, timeout_ms };
}

static void cmd_literal(um_op *op, const char *s, uint8_t expect, uint8_t flags, uint32_t timeout_ms)
{
    cmd_begin(op);
    cmd_puts(op, s);
    cmd_end(op, CMD_LINE, expect, flags, timeout_ms);
}

static void cmd_list(um_at *e, um_op *op, um_list list, uint8_t last_expect, uint32_t last_timeout)
{
    size_t n = um_profile_list_count(e->cfg.profile, list);
    for (size_t i = 0; i < n; i++)
        cmd_literal(op, um_profile_list_item(e->cfg.profile, list, i), i + 1 == n ? last_expect : EXP_OK,
                    0, i + 1 == n ? last_timeout : e->cfg.command_timeout_ms);
}

/* A fragment with its <#> replaced by value, into out (UM_PROFILE_STR_MAX + 11 bytes). */
static size_t fill_fragment(char *out, const char *frag, uint32_t value)
{
    const char *p = strstr(frag, "<#>");
    if (!p) return (size_t)snprintf(out, UM_PROFILE_STR_MAX + 11, "%s", frag);
    return (size_t)snprintf(out, UM_PROFILE_STR_MAX + 11, "%.*s%lu%s", (int)(p - frag), frag,
                            (unsigned long)value, p + 3);
}

/* The Settings line, assembled as Unimodem does after the Init commands (KB 250649): call
 * setup timer, inactivity timer, speaker volume and mode, error control, compression,
 * flow control, modulation, speed negotiation, blind dialling. Split into several lines
 * when longer than V.250's guaranteed 40 characters. */
static void cmd_settings(um_at *e, um_op *op)
{
    const um_profile *p = e->cfg.profile;
    const um_at_settings *st = &e->settings;
    uint32_t o = st->options;
    um_setting parts[10];
    uint32_t values[10] = { 0 };
    unsigned n = 0;
    parts[n] = UM_SET_CALL_SETUP_FAIL_TIMER;
    values[n++] = st->call_setup_fail_s;
    uint32_t scale = um_profile_inactivity_scale(p);
    uint32_t inact = st->inactivity_s / scale + (st->inactivity_s % scale != 0);
    const um_properties *pr = um_profile_properties(p);
    if (pr->inactivity_timeout && inact > pr->inactivity_timeout) inact = pr->inactivity_timeout;
    parts[n] = UM_SET_INACTIVITY_TIMEOUT;
    values[n++] = inact;
    static const um_setting vol[] = { UM_SET_SPEAKER_VOLUME_LOW, UM_SET_SPEAKER_VOLUME_MED, UM_SET_SPEAKER_VOLUME_HIGH };
    static const um_setting spk[] = { UM_SET_SPEAKER_MODE_OFF, UM_SET_SPEAKER_MODE_DIAL, UM_SET_SPEAKER_MODE_ON,
                                      UM_SET_SPEAKER_MODE_SETUP };
    parts[n++] = vol[st->speaker_volume < 3 ? st->speaker_volume : 0];
    parts[n++] = spk[st->speaker_mode < 4 ? st->speaker_mode : 1];
    if (!(o & UM_MDM_ERROR_CONTROL)) parts[n++] = UM_SET_ERROR_CONTROL_OFF;
    else if (o & UM_MDM_CELLULAR)
        parts[n++] = (o & UM_MDM_FORCED_EC) ? UM_SET_ERROR_CONTROL_CELLULAR_FORCED : UM_SET_ERROR_CONTROL_CELLULAR;
    else parts[n++] = (o & UM_MDM_FORCED_EC) ? UM_SET_ERROR_CONTROL_FORCED : UM_SET_ERROR_CONTROL_ON;
    parts[n++] = (o & UM_MDM_COMPRESSION) ? UM_SET_COMPRESSION_ON : UM_SET_COMPRESSION_OFF;
    parts[n++] = (o & UM_MDM_FLOWCONTROL_HARD) ? UM_SET_FLOW_CONTROL_HARD
               : (o & UM_MDM_FLOWCONTROL_SOFT) ? UM_SET_FLOW_CONTROL_SOFT : UM_SET_FLOW_CONTROL_OFF;
    parts[n++] = !(o & UM_MDM_CCITT_OVERRIDE) ? UM_SET_MODULATION_BELL
               : (o & UM_MDM_V23_OVERRIDE) ? UM_SET_MODULATION_CCITT_V23 : UM_SET_MODULATION_CCITT;
    parts[n++] = (o & UM_MDM_SPEED_ADJUST) ? UM_SET_SPEED_NEGOTIATION_ON : UM_SET_SPEED_NEGOTIATION_OFF;
    parts[n++] = (o & UM_MDM_BLIND_DIAL) ? UM_SET_BLIND_ON : UM_SET_BLIND_OFF;

    size_t body = 0;
    bool open_line = false;
    for (unsigned i = 0; i < n; i++) {
        const char *frag = um_profile_setting(p, parts[i]);
        if (!frag || !*frag) continue;
        char filled[UM_PROFILE_STR_MAX + 11];
        size_t flen = fill_fragment(filled, frag, values[i]);
        if (open_line && body + flen > SETTINGS_BODY_MAX) {
            cmd_puts(op, setting(e, UM_SET_TERMINATOR));
            cmd_end(op, CMD_LINE, EXP_OK, 0, e->cfg.command_timeout_ms);
            open_line = false;
        }
        if (!open_line) {
            cmd_begin(op);
            cmd_puts(op, setting(e, UM_SET_PREFIX));
            open_line = true;
            body = 0;
        }
        cmd_put(op, filled, flen);
        body += flen;
    }
    if (open_line) {
        cmd_puts(op, setting(e, UM_SET_TERMINATOR));
        cmd_end(op, CMD_LINE, EXP_OK, 0, e->cfg.command_timeout_ms);
    }
}

static void build_open(um_at *e, um_op *op)
{
    const um_profile *p = e->cfg.profile;
    if (*um_profile_reset(p)) cmd_literal(op, um_profile_reset(p), EXP_OK, CF_RETRY_ONLY, e->cfg.command_timeout_ms);
    cmd_list(e, op, UM_LIST_INIT, EXP_OK, e->cfg.command_timeout_ms);
    cmd_settings(e, op);
    if ((e->open_flags & UM_AT_OPEN_CALLERID) && !(um_profile_voice(p) & UM_VOICEPROFILE_NO_CALLERID))
        cmd_list(e, op, UM_LIST_CALLERID, EXP_OK, e->cfg.command_timeout_ms);
    if (e->open_flags & UM_AT_OPEN_MONITOR) cmd_list(e, op, UM_LIST_MONITOR, EXP_OK, e->cfg.command_timeout_ms);
}

/* Prefix + body + Terminator as one command. */
static void cmd_at(um_at *e, um_op *op, const char *body, size_t len, uint8_t expect, uint8_t flags,
                   uint32_t timeout_ms)
{
    cmd_begin(op);
    cmd_puts(op, setting(e, UM_SET_PREFIX));
    cmd_put(op, body, len);
    cmd_puts(op, setting(e, UM_SET_TERMINATOR));
    cmd_end(op, CMD_LINE, expect, flags, timeout_ms);
}

static void build_hangup(um_at *e, um_op *op, unsigned flags)
{
    if (!(flags & UM_AT_HANGUP_DTR_DROPPED)) {
        cmd_begin(op);
        cmd_end(op, CMD_ESCAPE, EXP_OK, 0, e->cfg.command_timeout_ms);
    }
    if (um_profile_list_count(e->cfg.profile, UM_LIST_HANGUP) == 0)
        cmd_at(e, op, "H", 1, EXP_ANY, 0, e->cfg.command_timeout_ms);   /* V.250 6.3.6 */
    for (size_t i = 0; i < um_profile_list_count(e->cfg.profile, UM_LIST_HANGUP); i++)
        cmd_literal(op, um_profile_list_item(e->cfg.profile, UM_LIST_HANGUP, i), EXP_ANY, 0,
                    e->cfg.command_timeout_ms);
}

/* ---- the queue ------------------------------------------------------------------ */

static um_op *head(um_at *e)
{
    return e->nops ? &e->ops[e->order[0]] : NULL;
}

/* Puts op in the queue at position pos (0 = run next, unless one is running). */
static void enqueue(um_at *e, um_op *op, unsigned pos)
{
    uint8_t idx = (uint8_t)(op - e->ops);
    if (pos > e->nops) pos = e->nops;
    memmove(e->order + pos + 1, e->order + pos, e->nops - pos);
    e->order[pos] = idx;
    e->nops++;
}

static void dequeue_at(um_at *e, unsigned pos)
{
    e->ops[e->order[pos]].used = false;
    memmove(e->order + pos, e->order + pos + 1, e->nops - pos - 1);
    e->nops--;
}

/* Where an operation goes to run next: after the head if the head has started. */
static unsigned next_slot(um_at *e)
{
    return e->nops && e->ops[e->order[0]].started ? 1 : 0;
}

/* Queues the engine's own open sequence to run next, unless one is already waiting. */
static void queue_reinit(um_at *e)
{
    if (!e->opened) return;
    for (unsigned i = 0; i < e->nops; i++)
        if (e->ops[e->order[i]].kind == UM_AT_OP_OPEN && !e->ops[e->order[i]].started) return;
    um_op *op = op_new(e, UM_AT_OP_OPEN, true);
    if (!op) return;   /* the queue is full; need_init makes the next call re-initialise */
    build_open(e, op);
    if (op->overflow) {
        op->used = false;
        return;
    }
    enqueue(e, op, next_slot(e));
}

/* The hang-up the engine starts on its own after a call failed or ended from afar. */
static void queue_recovery(um_at *e)
{
    for (unsigned i = 0; i < e->nops; i++)
        if (e->ops[e->order[i]].kind == UM_AT_OP_HANGUP) return;
    um_op *op = op_new(e, UM_AT_OP_HANGUP, true);
    if (!op) {
        e->need_init = true;   /* the queue is full: the next call re-initialises */
        return;
    }
    build_hangup(e, op, UM_AT_HANGUP_DTR_DROPPED);
    enqueue(e, op, next_slot(e));
}

static void clear_ringing(um_at *e)
{
    e->rings = 0;
    e->ring_deadline = 0;
    memset(&e->cid, 0, sizeof e->cid);
}

static bool in_call(um_at_mode m)
{
    return m == UM_AT_MODE_DATA || m == UM_AT_MODE_VOICE || m == UM_AT_MODE_VOICE_DATA
        || m == UM_AT_MODE_OFFHOOK;
}

/* The far end hung up: back to command state, hang up and re-initialise. The caller
 * raises UM_AT_EV_DISCONNECTED once the engine is consistent. */
static void far_end_gone(um_at *e)
{
    e->mode = UM_AT_MODE_IDLE;
    e->rx = RX_COMMAND;
    e->dle = false;
    queue_recovery(e);
}

static void enter_data(um_at *e)
{
    e->mode = UM_AT_MODE_DATA;
    e->rx = RX_DATA;
    e->dtrack_len = 0;
    e->dtrack_ok = true;
}

/* The head operation ended: remove it, apply what it means to the mode, queue what must
 * follow, then tell the user (last, so the callback sees a consistent engine). */
static void finish_op(um_at *e, um_at_status status, const um_result *r)
{
    um_op *op = head(e);
    uint32_t id = op->id;
    um_at_op_kind kind = op->kind;
    bool voice = op->voice, partial = false, vrx = false, gone = false;
    if (op->next < op->ncmds) {
        partial = op->cmds[op->next].flags & CF_PARTIAL;
        vrx = op->cmds[op->next].flags & CF_VRX;
    }
    e->active = false;
    dequeue_at(e, 0);

    switch (kind) {
    case UM_AT_OP_OPEN:
        e->need_init = status != UM_AT_OK;
        break;
    case UM_AT_OP_DIAL:
    case UM_AT_OP_ANSWER:
        if (status == UM_AT_OK && r->state == UM_RS_CONNECT && !voice) {
            enter_data(e);
        } else if (status == UM_AT_OK) {
            e->mode = partial ? UM_AT_MODE_OFFHOOK : UM_AT_MODE_VOICE;
        } else if (status == UM_AT_CANCELLED && r->state == UM_RS_CONNECT) {
            enter_data(e);   /* connected just as it was cancelled: the hang-up escapes first */
        } else {
            e->mode = UM_AT_MODE_IDLE;
            if (status != UM_AT_CANCELLED) queue_recovery(e);
        }
        break;
    case UM_AT_OP_HANGUP:
        e->mode = UM_AT_MODE_IDLE;
        e->rx = RX_COMMAND;
        e->dle = false;
        if (e->opened) queue_reinit(e);
        break;
    case UM_AT_OP_COMMAND:
    case UM_AT_OP_DIGITS:
        if (status == UM_AT_OK && vrx && r->state == UM_RS_CONNECT) {
            e->mode = UM_AT_MODE_VOICE_DATA;
            e->rx = RX_VOICE_DATA;
        } else if (status == UM_AT_TIMEOUT && e->mode == UM_AT_MODE_IDLE) {
            e->need_init = true;
            queue_reinit(e);
        } else if (r->state == UM_RS_NOCARRIER && in_call(e->mode)) {
            far_end_gone(e);
            gone = true;
        }
        break;
    }
    if (e->mode != UM_AT_MODE_IDLE) clear_ringing(e);

    um_at_event ev = { .type = UM_AT_EV_OP_DONE, .op = id, .kind = kind, .status = status, .result = *r };
    emit(e, &ev);
    if (gone) emit_simple(e, UM_AT_EV_DISCONNECTED);
}

/* What an operation's start means to the mode. */
static void start_op(um_at *e, um_op *op)
{
    op->started = true;
    switch (op->kind) {
    case UM_AT_OP_DIAL:
        if (e->mode == UM_AT_MODE_IDLE) clear_ringing(e);
        e->mode = UM_AT_MODE_DIALING;
        break;
    case UM_AT_OP_ANSWER:
        clear_ringing(e);
        e->mode = UM_AT_MODE_ANSWERING;
        break;
    case UM_AT_OP_HANGUP:
        e->mode = UM_AT_MODE_HANGUP;
        /* Without an escape the caller dropped DTR, which returns the modem to command
         * state (&D2); the hang-up's first character stops a voice receive (V.253 +VRX).
         * Either way what the modem says next is read as command state. */
        if (e->rx == RX_VOICE_DATA || (e->rx == RX_DATA && op->cmds[0].type != CMD_ESCAPE))
            e->rx = RX_COMMAND;
        break;
    default:
        break;
    }
}

/* Starts commands until one is outstanding or the queue is empty. */
static void pump(um_at *e)
{
    if (e->pumping) return;
    e->pumping = true;
    while (!e->active && e->nops) {
        um_op *op = head(e);
        if (!op->started) start_op(e, op);
        if (op->cancelled) {
            finish_op(e, UM_AT_CANCELLED, &no_result);
            continue;
        }
        while (op->next < op->ncmds
               && (((op->cmds[op->next].flags & CF_RETRY_ONLY) && op->retries == 0)
                   || (op->cmds[op->next].type == CMD_ESCAPE && e->rx != RX_DATA)))
            op->next++;
        if (op->next == op->ncmds) {
            um_result ok = no_result;
            ok.state = UM_RS_OK;
            finish_op(e, UM_AT_OK, &ok);
            continue;
        }
        const um_cmd *c = &op->cmds[op->next];
        e->active = true;
        e->progress = no_result;
        if (c->type == CMD_ESCAPE) {
            e->phase = PH_GUARD_BEFORE;
            e->deadline = add_ms(e->now, e->cfg.guard_ms);
        } else {
            e->phase = PH_WAIT;
            e->deadline = add_ms(e->now, c->timeout_ms);
            write_bytes(e, op->text + c->off, c->len);
        }
    }
    e->pumping = false;
}

/* ---- command results -------------------------------------------------------------- */

static bool ci_contains(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n && toupper((unsigned char)s[i + k]) == w[k]) k++;
        if (k == n) return true;
    }
    return false;
}

/* Follows the service class a successful command selected: +FCLASS=8 is voice (V.253;
 * #CLS=8 on older Rockwell voice modems), another class, Z (V.250 6.1.1) or &F (6.1.2)
 * leave it. */
static void note_class(um_at *e, const char *s, size_t len)
{
    static const char *const cls[] = { "+FCLASS=", "#CLS=" };
    for (size_t i = 0; i < len; i++)
        for (size_t k = 0; k < 2; k++) {
            size_t n = strlen(cls[k]);
            if (i + n < len && ci_contains(s + i, n, cls[k])) {
                e->fclass8 = s[i + n] == '8';
                return;
            }
        }
    if (ci_contains(s, len, "&F") || (len >= 3 && ci_contains(s, 3, "ATZ"))) e->fclass8 = false;
}

static void merge_progress(um_result *into, const um_result *r)
{
    if (r->dce_rate) into->dce_rate = r->dce_rate;
    if (r->dte_rate) into->dte_rate = r->dte_rate;
    into->options |= r->options;
}

/* The outstanding command ended with a final result (r) or timed out (r == NULL). */
static void command_done(um_at *e, const um_result *r)
{
    um_op *op = head(e);
    const um_cmd *c = &op->cmds[op->next];
    um_result res = no_result;
    if (r) {
        res = e->progress;
        res.state = r->state;
        res.source = r->source;
        merge_progress(&res, r);
    }
    bool ok = false;
    if (r) {
        switch (c->expect) {
        case EXP_OK: ok = r->state == UM_RS_OK; break;
        case EXP_CONNECT: ok = r->state == UM_RS_CONNECT; break;
        case EXP_OK_OR_CONNECT: ok = r->state == UM_RS_OK || r->state == UM_RS_CONNECT; break;
        default: ok = true; break;
        }
    }
    e->active = false;
    if (ok && c->type == CMD_LINE) note_class(e, op->text + c->off, c->len);
    if (op->cancelled) {
        finish_op(e, UM_AT_CANCELLED, &res);
    } else if (ok && op->next + 1 < op->ncmds) {
        op->next++;
    } else if (ok) {
        finish_op(e, UM_AT_OK, &res);
    } else if (op->kind == UM_AT_OP_OPEN && op->retries < INIT_RETRIES) {
        op->retries++;
        op->next = 0;
    } else {
        finish_op(e, r ? UM_AT_FAILED : UM_AT_TIMEOUT, &res);
    }
    pump(e);
}

/* ---- unsolicited results -------------------------------------------------------- */

static void on_ring(um_at *e)
{
    if (e->mode != UM_AT_MODE_IDLE) return;
    e->rings++;
    e->ring_deadline = add_ms(e->now, e->cfg.ring_gap_ms);
    emit_simple(e, UM_AT_EV_RING);
}

static void on_callerid(um_at *e, const um_result *r)
{
    static const struct { uint8_t state; unsigned flag, priv, ooa; size_t off; } f[] = {
        { UM_RS_DATE, UM_CID_DATE, 0, 0, offsetof(um_callerid, date) },
        { UM_RS_TIME, UM_CID_TIME, 0, 0, offsetof(um_callerid, time) },
        { UM_RS_NMBR, UM_CID_NUMBER, UM_CID_NUMBER_PRIVATE, UM_CID_NUMBER_OUT_OF_AREA, offsetof(um_callerid, number) },
        { UM_RS_NAME, UM_CID_NAME, UM_CID_NAME_PRIVATE, UM_CID_NAME_OUT_OF_AREA, offsetof(um_callerid, name) },
        { UM_RS_MESG, UM_CID_MESSAGE, 0, 0, offsetof(um_callerid, message) },
    };
    if (e->mode != UM_AT_MODE_IDLE) return;
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (f[i].state != r->state) continue;
        char *dst = (char *)&e->cid + f[i].off;
        size_t n = r->value_len > UM_AT_CID_MAX ? UM_AT_CID_MAX : r->value_len;
        e->cid.flags |= f[i].flag;
        /* A lone P or O is the reason the number or name is absent (Bellcore MDMF, as
         * voice modems pass it on): private, out of area. */
        if (f[i].priv && n == 1 && (toupper((unsigned char)r->value[0]) == 'P'
                                    || toupper((unsigned char)r->value[0]) == 'O')) {
            e->cid.flags |= toupper((unsigned char)r->value[0]) == 'P' ? f[i].priv : f[i].ooa;
            n = 0;
        }
        memcpy(dst, r->value, n);
        dst[n] = '\0';
    }
    e->ring_deadline = add_ms(e->now, e->cfg.ring_gap_ms);
    um_at_event ev = { .type = UM_AT_EV_CALLERID, .result = *r, .callerid = &e->cid, .rings = e->rings };
    emit(e, &ev);
}

static bool is_echo(um_at *e, const char *line, size_t len)
{
    um_op *op = head(e);
    if (!e->active || e->phase != PH_WAIT || !op) return false;
    const um_cmd *c = &op->cmds[op->next];
    const char *s = op->text + c->off;
    size_t n = c->len;
    while (n && (s[n - 1] == '\r' || s[n - 1] == '\n' || s[n - 1] == ' ')) n--;
    while (len && line[len - 1] == ' ') len--;
    if (n != len || n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)s[i]) != toupper((unsigned char)line[i])) return false;
    return true;
}

static void process_line(um_at *e, const char *line, size_t len)
{
    if (is_echo(e, line, len)) return;
    um_result r = um_response_match(e->cfg.profile, line, len);
    switch (r.state) {
    case UM_RS_RING: case UM_RS_SINGLE_RING: case UM_RS_DOUBLE_RING: case UM_RS_TRIPLE_RING:
        on_ring(e);
        return;
    case UM_RS_DATE: case UM_RS_TIME: case UM_RS_NMBR: case UM_RS_NAME: case UM_RS_MESG:
        on_callerid(e, &r);
        return;
    case UM_RS_DRON: case UM_RS_DROF:
        return;
    case UM_RS_LOOP: {
        if (e->active) merge_progress(&e->progress, &r);
        um_at_event ev = { .type = UM_AT_EV_PROGRESS, .result = r };
        emit(e, &ev);
        return;
    }
    default:
        break;
    }
    um_op *op = head(e);
    if (!um_state_is_final(r.state)) {
        emit_bytes(e, UM_AT_EV_INFO, line, len);
    } else if (e->active && e->phase == PH_WAIT && r.state == UM_RS_NOCARRIER
               && op->cmds[op->next].expect == EXP_ANY) {
        /* After a DTR drop or a far-end hang-up the modem reports NO CARRIER on its own;
         * H's own answer is OK (V.250 6.3.6), still to come. */
    } else if (e->active && e->phase == PH_WAIT) {
        command_done(e, &r);
    } else if (r.state == UM_RS_NOCARRIER && in_call(e->mode)) {
        far_end_gone(e);
        emit_simple(e, UM_AT_EV_DISCONNECTED);
        pump(e);
    }
}

/* ---- receiving -------------------------------------------------------------------- */

static um_dle dle_kind(uint8_t c)
{
    static const struct { char code; um_dle dle; } map[] = {
        { '/', UM_DLE_DTMF_START }, { '~', UM_DLE_DTMF_END }, { 'b', UM_DLE_BUSY },
        { 'd', UM_DLE_DIALTONE }, { 's', UM_DLE_SILENCE }, { 'q', UM_DLE_QUIET },
        { 'R', UM_DLE_RING }, { 'c', UM_DLE_FAX_CALLING }, { 'e', UM_DLE_DATA_CALLING },
        { 'a', UM_DLE_ANSWER_TONE }, { 'f', UM_DLE_BELL_ANSWER }, { 'h', UM_DLE_HANDSET_ON_HOOK },
        { 'H', UM_DLE_HANDSET_OFF_HOOK }, { 'l', UM_DLE_LOOP_BREAK }, { 'L', UM_DLE_LOOP_REVERSAL },
        { 'o', UM_DLE_RX_OVERRUN }, { 'u', UM_DLE_TX_UNDERRUN }, { 'T', UM_DLE_TIMING_MARK },
        { ETX, UM_DLE_END_OF_DATA },
    };
    if (isdigit(c) || c == '*' || c == '#' || (c >= 'A' && c <= 'D')) return UM_DLE_DTMF;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if ((uint8_t)map[i].code == c) return map[i].dle;
    return UM_DLE_UNKNOWN;
}

static void on_dle(um_at *e, uint8_t c)
{
    um_at_event ev = { .type = UM_AT_EV_DLE, .result = no_result, .dle = dle_kind(c), .code = (char)c };
    if (ev.dle == UM_DLE_RING) on_ring(e);
    emit(e, &ev);
}

/* Command state: bytes into lines. Returns how many were used; stops early when a line
 * switched to data or voice data. */
static size_t feed_command(um_at *e, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (e->dle) {
            e->dle = false;
            if (c != DLE) on_dle(e, c);
            continue;
        }
        if (c == DLE && e->fclass8) {
            e->dle = true;
            continue;
        }
        if (c == '\r' || c == '\n') {
            size_t len = e->line_len;
            e->line_len = 0;
            if (e->discarding) {
                e->discarding = false;
                continue;
            }
            if (len) {
                char line[UM_AT_LINE_MAX];
                memcpy(line, e->line, len);
                process_line(e, line, len);
            }
            if (e->rx != RX_COMMAND) {
                e->swallow_lf = c == '\r';
                return i + 1;
            }
            continue;
        }
        if (e->discarding || (c < 0x20 && c != '\t') || c == 0x7F) continue;
        if (e->line_len == UM_AT_LINE_MAX) {
            um_at_event ev = { .type = UM_AT_EV_ERROR, .result = no_result, .error = UM_AT_ERR_LINE_TOO_LONG };
            e->discarding = true;
            e->line_len = 0;
            emit(e, &ev);
            continue;
        }
        e->line[e->line_len++] = (char)c;
    }
    return n;
}

/* The head operation waits on an escape: true when r settles it. */
static bool escape_result(um_at *e, const um_result *r)
{
    um_op *op = head(e);
    if (!e->active || !op || op->cmds[op->next].type != CMD_ESCAPE) return false;
    if (r->state == UM_RS_NOCARRIER || (e->phase == PH_GUARD_AFTER && um_state_is_final(r->state))) {
        e->rx = RX_COMMAND;
        um_result ok = *r;
        ok.state = UM_RS_OK;
        command_done(e, &ok);
        return true;
    }
    return false;
}

/* Data state: everything is data, but a line of its own "NO CARRIER" ends the call, and
 * the modem's answer to an escape ends data state. */
static size_t feed_data(um_at *e, const uint8_t *p, size_t n)
{
    size_t i = 0;
    if (e->swallow_lf) {
        e->swallow_lf = false;
        if (n && p[0] == '\n') i = 1;   /* the LF of the CONNECT line's <cr><lf> */
    }
    size_t start = i;
    for (; i < n; i++) {
        uint8_t c = p[i];
        if (c != '\r' && c != '\n') {
            if (e->dtrack_ok && e->dtrack_len < sizeof e->dtrack) e->dtrack[e->dtrack_len++] = (char)c;
            else e->dtrack_ok = false;
            continue;
        }
        um_result r = no_result;
        if (e->dtrack_ok && e->dtrack_len)
            r = um_response_match(e->cfg.profile, e->dtrack, e->dtrack_len);
        size_t digits = 0;
        while (digits < e->dtrack_len && isdigit((unsigned char)e->dtrack[digits])) digits++;
        bool numeric = e->dtrack_len && digits == e->dtrack_len;
        e->dtrack_len = 0;
        e->dtrack_ok = true;
        if (!um_state_is_final(r.state)) continue;
        um_op *op = head(e);
        bool answer_due = e->active && op && op->cmds[op->next].type == CMD_ESCAPE && e->phase == PH_GUARD_AFTER;
        /* Unasked, only the verbose NO CARRIER ends a call: a "3" is too likely to be data.
         * After "+++" the modem's answer is due, numeric or verbose. */
        if (!answer_due && (r.state != UM_RS_NOCARRIER || numeric)) continue;
        emit_bytes(e, UM_AT_EV_DATA, p + start, i + 1 - start);
        e->swallow_lf = c == '\r';
        if (!escape_result(e, &r)) {
            far_end_gone(e);
            emit_simple(e, UM_AT_EV_DISCONNECTED);
            pump(e);
        }
        return i + 1;
    }
    if (n > start) emit_bytes(e, UM_AT_EV_DATA, p + start, n - start);
    return n;
}

/* Voice receive state: audio with <DLE> shielding until <DLE><ETX> (V.253). */
static size_t feed_voice(um_at *e, const uint8_t *p, size_t n)
{
    static const uint8_t dle_byte = DLE;
    size_t start = 0;
    if (e->swallow_lf) {
        e->swallow_lf = false;
        if (n && p[0] == '\n') start = 1;   /* the LF of the CONNECT line */
    }
    for (size_t i = start; i < n; i++) {
        if (e->dle) {
            e->dle = false;
            start = i + 1;
            if (p[i] == DLE) {
                emit_bytes(e, UM_AT_EV_VOICE_DATA, &dle_byte, 1);
            } else if (p[i] == ETX) {
                e->rx = RX_COMMAND;
                e->mode = UM_AT_MODE_VOICE;
                on_dle(e, ETX);
                return i + 1;
            } else {
                on_dle(e, p[i]);
            }
            if (e->rx != RX_VOICE_DATA) return i + 1;
            continue;
        }
        if (p[i] == DLE) {
            if (i > start) emit_bytes(e, UM_AT_EV_VOICE_DATA, p + start, i - start);
            e->dle = true;
            if (e->rx != RX_VOICE_DATA) return i + 1;
            start = i + 1;
        }
    }
    if (n > start) emit_bytes(e, UM_AT_EV_VOICE_DATA, p + start, n - start);
    return n;
}

/* ---- timers ------------------------------------------------------------------------ */

static void run_timers(um_at *e)
{
    for (;;) {
        if (e->active && e->now >= e->deadline) {
            if (e->phase == PH_GUARD_BEFORE) {
                /* Hayes escape: guard time, three escape characters (S2 = '+'), guard time. */
                e->phase = PH_GUARD_AFTER;
                e->deadline = add_ms(e->now, (uint64_t)e->cfg.guard_ms + e->cfg.command_timeout_ms);
                write_bytes(e, "+++", 3);
            } else {
                command_done(e, NULL);
            }
            continue;
        }
        if (e->ring_deadline && e->now >= e->ring_deadline) {
            bool rang = e->rings > 0;
            clear_ringing(e);
            if (rang) emit_simple(e, UM_AT_EV_RING_STOPPED);
            continue;
        }
        break;
    }
}

static void advance(um_at *e, uint64_t now)
{
    if (now > e->now) e->now = now;
    /* Inside a callback the caller's code is still working on the engine's state: timers
     * wait for the next um_at_feed or um_at_tick. */
    if (!e->in_callback) run_timers(e);
}

/* ---- public functions ------------------------------------------------------------ */

static void default_settings(um_at *e, const um_at_settings *st)
{
    const um_properties *pr = um_profile_properties(e->cfg.profile);
    if (st) {
        e->settings = *st;
    } else {
        e->settings = (um_at_settings){ 60, 0, 0, 1,
                                        UM_MDM_ERROR_CONTROL | UM_MDM_COMPRESSION | UM_MDM_FLOWCONTROL_HARD
                                        | UM_MDM_CCITT_OVERRIDE | UM_MDM_TONE_DIAL };
        if (pr->modem_options) e->settings.options &= pr->modem_options;
    }
    if (pr->call_setup_fail_timer && e->settings.call_setup_fail_s > pr->call_setup_fail_timer)
        e->settings.call_setup_fail_s = pr->call_setup_fail_timer;
}


um_at *um_at_init(um_at *s, const um_at_config *cfg)
{
    if (!cfg || !cfg->profile || !cfg->write || !cfg->event) return NULL;
    if (!s) {
        s = malloc(sizeof *s);
        if (!s) return NULL;
    }
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    if (!s->cfg.command_timeout_ms) s->cfg.command_timeout_ms = 5000;
    if (!s->cfg.guard_ms) s->cfg.guard_ms = 1000;
    if (!s->cfg.ring_gap_ms) s->cfg.ring_gap_ms = 8000;
    s->rx = RX_COMMAND;
    s->mode = UM_AT_MODE_IDLE;
    s->dtrack_ok = true;
    default_settings(s, NULL);
    return s;
}

int um_at_release(um_at *s)
{
    if (!s) return UM_AT_E_INVAL;
    if (s->in_callback) return UM_AT_E_REENTRANT;
    memset(s, 0, sizeof *s);   /* nothing is allocated beyond the state itself */
    return 0;
}

int um_at_free(um_at *s)
{
    if (!s) return 0;
    int r = um_at_release(s);
    if (r == 0) free(s);
    return r;
}

int um_at_feed(um_at *s, uint64_t now_ms, const uint8_t *data, size_t len)
{
    if (!s || (!data && len)) return UM_AT_E_INVAL;
    if (s->in_callback) return UM_AT_E_REENTRANT;
    advance(s, now_ms);
    size_t i = 0;
    while (i < len) {
        if (s->rx == RX_DATA) i += feed_data(s, data + i, len - i);
        else if (s->rx == RX_VOICE_DATA) i += feed_voice(s, data + i, len - i);
        else i += feed_command(s, data + i, len - i);
    }
    return 0;
}

int um_at_tick(um_at *s, uint64_t now_ms)
{
    if (!s) return UM_AT_E_INVAL;
    if (s->in_callback) return UM_AT_E_REENTRANT;
    advance(s, now_ms);
    return 0;
}

uint64_t um_at_next_deadline(const um_at *s)
{
    uint64_t d = UINT64_MAX;
    if (s->active) d = s->deadline;
    if (s->ring_deadline && s->ring_deadline < d) d = s->ring_deadline;
    return d;
}

/* Queues a built operation (or reports why it cannot be) and starts it when it is next. */
static int submit(um_at *e, um_op *op, unsigned pos)
{
    if (op->overflow) {
        op->used = false;
        return UM_AT_E_TOOLONG;
    }
    enqueue(e, op, pos);
    int id = (int)op->id;
    pump(e);
    return id;
}

/* Operations that need an initialised modem queue the re-initialisation first. */
static bool room_for(um_at *e, unsigned ops)
{
    unsigned used = 0;
    for (unsigned i = 0; i < UM_AT_OPS_MAX; i++) used += e->ops[i].used;
    return used + ops <= UM_AT_OPS_MAX;
}

int um_at_open(um_at *s, uint64_t now_ms, const um_at_settings *settings, unsigned flags)
{
    if (!s) return UM_AT_E_INVAL;
    advance(s, now_ms);
    if (s->mode != UM_AT_MODE_IDLE) return UM_AT_E_STATE;
    if (!room_for(s, 1)) return UM_AT_E_BUSY;
    default_settings(s, settings);
    s->open_flags = flags;
    um_op *op = op_new(s, UM_AT_OP_OPEN, false);
    build_open(s, op);
    if (op->overflow) {
        op->used = false;
        return UM_AT_E_TOOLONG;
    }
    s->opened = true;
    return submit(s, op, s->nops);
}

int um_at_set_settings(um_at *s, uint64_t now_ms, const um_at_settings *settings)
{
    if (!s || !settings) return UM_AT_E_INVAL;
    advance(s, now_ms);
    default_settings(s, settings);
    /* An idle modem gets the new Settings line now; one in a call gets it with the
     * re-initialisation that follows every call. */
    if (s->opened && s->mode == UM_AT_MODE_IDLE) {
        if (!room_for(s, 1)) {
            s->need_init = true;
            return 0;
        }
        queue_reinit(s);
        pump(s);
    }
    return 0;
}

int um_at_dial_translate(const um_profile *p, const char *in, char *out, size_t outlen, int *partial)
{
    uint32_t dialopt = um_profile_properties(p)->dial_options;
    size_t n = 0;
    bool semi = false;
    *partial = 0;
    if (outlen) out[0] = '\0';
    /* TAPI's dialable address format (learn.microsoft.com/windows/win32/tapi/address-ovr,
     * "Dialable Addresses"): the number ends at '|' (subaddress), '^' (name) or CRLF (the
     * next address of an inverse multiplexer); Unimodem dials the first number only. */
    for (const char *s = in ? in : ""; *s && *s != '|' && *s != '^' && *s != '\r' && *s != '\n'; s++) {
        char c = *s;
        int err = 0;
        if (strchr(" ()-.", c)) continue;   /* formatting kept from the canonical form */
        if (semi) return UM_AT_E_INVALADDRESS;  /* ';' only at the end of the number */
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (c == ';') {
            semi = true;
            continue;
        }
        if (c == 'W' && !(dialopt & UM_DIALOPTION_DIALTONE)) err = UM_AT_E_DIALDIALTONE;
        else if (c == '@' && !(dialopt & UM_DIALOPTION_QUIET)) err = UM_AT_E_DIALQUIET;
        else if (c == '$' && !(dialopt & UM_DIALOPTION_BILLING)) err = UM_AT_E_DIALBILLING;
        else if (c == '?') err = UM_AT_E_DIALPROMPT;
        else if (!isdigit((unsigned char)c) && !strchr("ABCD*#+,!TPW@$", c)) err = UM_AT_E_INVALADDRESS;
        if (err) return err;
        if (n + 1 >= outlen || n == UM_AT_DIAL_MAX) return UM_AT_E_TOOLONG;
        out[n++] = c;
        out[n] = '\0';
    }
    *partial = semi;
    return 0;
}

int um_at_dial(um_at *s, uint64_t now_ms, const char *dialable, unsigned flags)
{
    if (!s) return UM_AT_E_INVAL;
    advance(s, now_ms);
    if (s->mode != UM_AT_MODE_IDLE && s->mode != UM_AT_MODE_OFFHOOK) return UM_AT_E_STATE;
    bool voice = flags & UM_AT_VOICE;
    if (voice && !(um_profile_voice(s->cfg.profile) & UM_VOICEPROFILE_VOICE)) return UM_AT_E_UNSUPPORTED;
    char num[UM_AT_DIAL_MAX + 1];
    int partial;
    int r = um_at_dial_translate(s->cfg.profile, dialable, num, sizeof num, &partial);
    if (r != 0) return r;
    /* No number on an idle line: off hook to dial tone, digits follow with lineDial
     * (TSPI_lineMakeCall remarks: "for a Comm-based service provider, this would
     * involve ATD"). */
    if (!num[0] && s->mode == UM_AT_MODE_IDLE) partial = 1;
    bool reinit = s->need_init && s->opened && s->mode == UM_AT_MODE_IDLE;
    if (!room_for(s, reinit ? 2 : 1)) return UM_AT_E_BUSY;

    um_op *op = op_new(s, UM_AT_OP_DIAL, false);
    op->voice = voice;
    if (voice && s->mode == UM_AT_MODE_IDLE) cmd_list(s, op, UM_LIST_VOICE_DIAL_SETUP, EXP_OK, s->cfg.command_timeout_ms);
    /* ATD + T or P + digits; every piece but the last, and a last one ending in ';', ends
     * with DialSuffix so the modem stays in command state (V.250 6.3.1). */
    const char *mode = setting(s, (s->settings.options & UM_MDM_TONE_DIAL) ? UM_SET_TONE : UM_SET_PULSE);
    const char *suffix = *setting(s, UM_SET_DIAL_SUFFIX) ? setting(s, UM_SET_DIAL_SUFFIX) : ";";
    size_t len = strlen(num), pos = 0;
    do {
        size_t chunk = len - pos > UM_AT_DIAL_CHUNK ? UM_AT_DIAL_CHUNK : len - pos;
        bool last = pos + chunk == len, part = !last || partial;
        cmd_begin(op);
        cmd_puts(op, setting(s, UM_SET_PREFIX));
        cmd_puts(op, setting(s, UM_SET_DIAL_PREFIX));
        cmd_puts(op, mode);
        cmd_put(op, num + pos, chunk);
        if (part) cmd_puts(op, suffix);
        cmd_puts(op, setting(s, UM_SET_TERMINATOR));
        cmd_end(op, CMD_LINE, part ? EXP_OK : voice ? EXP_OK_OR_CONNECT : EXP_CONNECT,
                part ? CF_PARTIAL : 0, call_timeout_ms(s));
        pos += chunk;
    } while (pos < len);
    if (reinit && !op->overflow) queue_reinit(s);
    return submit(s, op, s->nops);
}

int um_at_answer(um_at *s, uint64_t now_ms, unsigned flags)
{
    if (!s) return UM_AT_E_INVAL;
    advance(s, now_ms);
    if (s->mode != UM_AT_MODE_IDLE) return UM_AT_E_STATE;
    bool voice = flags & UM_AT_VOICE;
    um_list list = voice ? UM_LIST_VOICE_ANSWER : UM_LIST_ANSWER;
    if (voice && (!(um_profile_voice(s->cfg.profile) & UM_VOICEPROFILE_VOICE)
                  || um_profile_list_count(s->cfg.profile, list) == 0))
        return UM_AT_E_UNSUPPORTED;
    if (!room_for(s, 1)) return UM_AT_E_BUSY;
    um_op *op = op_new(s, UM_AT_OP_ANSWER, false);
    op->voice = voice;
    if (um_profile_list_count(s->cfg.profile, list) == 0)
        cmd_at(s, op, "A", 1, EXP_CONNECT, 0, call_timeout_ms(s));   /* V.250 6.3.5 */
    else
        cmd_list(s, op, list, voice ? EXP_OK_OR_CONNECT : EXP_CONNECT, call_timeout_ms(s));
    return submit(s, op, s->nops);
}

/* Takes the queued operations that match out of the queue; their OP_DONE (CANCELLED)
 * events are sent by emit_cancelled once the engine is consistent again. */
typedef struct { unsigned n; um_at_event ev[UM_AT_OPS_MAX]; } cancelled_ops;

static void cancel_queued(um_at *e, bool opens, cancelled_ops *out)
{
    for (unsigned i = 0; i < e->nops;) {
        um_op *op = &e->ops[e->order[i]];
        if (op->started || op->kind == UM_AT_OP_HANGUP || (op->kind == UM_AT_OP_OPEN) != opens) {
            i++;
            continue;
        }
        if (op->id)
            out->ev[out->n++] = (um_at_event){ .type = UM_AT_EV_OP_DONE, .op = op->id, .kind = op->kind,
                                               .status = UM_AT_CANCELLED, .result = no_result };
        dequeue_at(e, i);
    }
}

static void emit_cancelled(um_at *e, cancelled_ops *c)
{
    for (unsigned i = 0; i < c->n; i++) emit(e, &c->ev[i]);
}

static int hangup(um_at *s, unsigned flags, cancelled_ops *cancelled)
{
    /* Queued calls and commands will not run now; a hang-up already queued is reused. */
    cancel_queued(s, false, cancelled);
    for (unsigned i = 0; i < s->nops; i++) {
        um_op *op = &s->ops[s->order[i]];
        if (op->kind == UM_AT_OP_HANGUP) {
            if (!op->id) op->id = new_id(s);
            return (int)op->id;
        }
    }
    um_op *h = head(s);
    if (h && h->started && (h->kind == UM_AT_OP_DIAL || h->kind == UM_AT_OP_ANSWER) && !h->cancelled) {
        h->cancelled = true;
        if (s->active && s->phase == PH_WAIT) {
            /* V.250 5.6.1: a character from the DTE aborts D and A; the modem answers. */
            write_bytes(s, "\r", 1);
            s->deadline = add_ms(s->now, s->cfg.command_timeout_ms);
        }
    }
    if (!room_for(s, 1)) return UM_AT_E_BUSY;
    um_op *op = op_new(s, UM_AT_OP_HANGUP, false);
    build_hangup(s, op, flags);
    /* Before a queued re-initialisation, after the call being aborted. */
    return submit(s, op, next_slot(s));
}

int um_at_hangup(um_at *s, uint64_t now_ms, unsigned flags)
{
    if (!s) return UM_AT_E_INVAL;
    advance(s, now_ms);
    cancelled_ops c = { 0 };
    int r = hangup(s, flags, &c);
    emit_cancelled(s, &c);
    return r;
}

int um_at_command(um_at *s, uint64_t now_ms, const char *line, uint32_t timeout_ms)
{
    if (!s || !line) return UM_AT_E_INVAL;
    advance(s, now_ms);
    if (s->mode != UM_AT_MODE_IDLE && s->mode != UM_AT_MODE_OFFHOOK && s->mode != UM_AT_MODE_VOICE)
        return UM_AT_E_STATE;
    size_t len = strlen(line);
    if (len > UM_AT_LINE_MAX) return UM_AT_E_TOOLONG;
    for (size_t i = 0; i < len; i++)
        if (line[i] == '\r' || line[i] == '\n') return UM_AT_E_INVAL;
    if (!room_for(s, 1)) return UM_AT_E_BUSY;
    um_op *op = op_new(s, UM_AT_OP_COMMAND, false);
    cmd_begin(op);
    cmd_put(op, line, len);
    cmd_puts(op, setting(s, UM_SET_TERMINATOR));
    cmd_end(op, CMD_LINE, EXP_OK_OR_CONNECT, ci_contains(line, len, "+VRX") ? CF_VRX : 0,
            timeout_ms ? timeout_ms : s->cfg.command_timeout_ms);
    return submit(s, op, s->nops);
}

int um_at_generate_digits(um_at *s, uint64_t now_ms, const char *digits)
{
    if (!s || !digits || !*digits) return UM_AT_E_INVAL;
    advance(s, now_ms);
    if (s->mode != UM_AT_MODE_VOICE || !s->fclass8) return UM_AT_E_STATE;
    size_t len = strlen(digits);
    if (len > UM_AT_DIAL_MAX) return UM_AT_E_TOOLONG;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)digits[i]) && !strchr("ABCDabcd*#", digits[i])) return UM_AT_E_INVAL;
    if (!room_for(s, 1)) return UM_AT_E_BUSY;
    um_op *op = op_new(s, UM_AT_OP_DIGITS, false);
    /* V.253 +VTS: a comma-separated list of DTMF characters. */
    for (size_t pos = 0; pos < len; pos += UM_AT_VTS_CHUNK) {
        cmd_begin(op);
        cmd_puts(op, setting(s, UM_SET_PREFIX));
        cmd_puts(op, "+VTS=");
        for (size_t i = pos; i < len && i < pos + UM_AT_VTS_CHUNK; i++) {
            char d = (char)toupper((unsigned char)digits[i]);
            if (i > pos) cmd_put(op, ",", 1);
            cmd_put(op, &d, 1);
        }
        cmd_puts(op, setting(s, UM_SET_TERMINATOR));
        cmd_end(op, CMD_LINE, EXP_OK, 0, s->cfg.command_timeout_ms);
    }
    return submit(s, op, s->nops);
}

int um_at_close(um_at *s, uint64_t now_ms)
{
    if (!s) return UM_AT_E_INVAL;
    advance(s, now_ms);
    s->opened = false;
    s->need_init = false;
    clear_ringing(s);
    cancelled_ops c = { 0 };
    cancel_queued(s, true, &c);
    int r = 0;
    if (s->mode != UM_AT_MODE_IDLE || s->nops) r = hangup(s, 0, &c);
    emit_cancelled(s, &c);
    return r;
}

um_at_mode um_at_get_mode(const um_at *s) { return s->mode; }
const um_callerid *um_at_callerid(const um_at *s) { return &s->cid; }
unsigned um_at_rings(const um_at *s) { return s->rings; }

const char *um_at_strerror(int err)
{
    switch (err) {
    case UM_AT_E_STATE: return "not possible in the current mode";
    case UM_AT_E_BUSY: return "too many operations queued";
    case UM_AT_E_TOOLONG: return "command or dial string too long";
    case UM_AT_E_INVALADDRESS: return "invalid character in the dialable address";
    case UM_AT_E_DIALBILLING: return "the modem cannot wait for a billing tone ($)";
    case UM_AT_E_DIALQUIET: return "the modem cannot wait for quiet answer (@)";
    case UM_AT_E_DIALDIALTONE: return "the modem cannot wait for dial tone (W)";
    case UM_AT_E_DIALPROMPT: return "the dial string asks for a prompt (?)";
    case UM_AT_E_UNSUPPORTED: return "the modem's profile does not support this";
    case UM_AT_E_REENTRANT: return "not allowed from this callback";
    case UM_AT_E_INVAL: return "invalid argument";
    default: return err >= 0 ? "no error" : "unknown error";
    }
}
