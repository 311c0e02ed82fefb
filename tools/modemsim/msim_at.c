/*
 * tools/modemsim/msim_at.c - a modem's command layer: spandsp's AT interpreter plus what
 * it lacks.
 *
 * spandsp (at_interpreter.c) parses and executes the V.250 basic commands it knows (E, V,
 * Q, X, H, A, D, Z, &F, &C, &D, I, L, M, P, T, S0 S3-S8 S10, +I.. and more) and produces
 * their responses, RING with S0 auto-answer, and BUSY / NO DIALTONE / NO ANSWER / NO
 * CARRIER on call events. Around it, this file:
 *
 *  - assembles command lines itself (V.250 5.2.1: "AT" prefix, S3 ends, S5 edits, spaces
 *    and other control characters ignored, A/ repeats the last line) with a bounded
 *    buffer: an over-long line gives ERROR, never growth;
 *  - splits the line into commands (V.250 5.3, 5.4) and hands spandsp one command at a
 *    time, followed by a sentinel command (ATI3). spandsp answers OK when its command
 *    search does not recognise a command or when a command leaves parameters unparsed,
 *    where V.250 5.6 wants ERROR; the sentinel's text appears only when spandsp parsed
 *    the whole command and it succeeded;
 *  - bounds dial strings before spandsp sees them (spandsp copies dial digits into a
 *    101-byte buffer without a length check);
 *  - implements what spandsp leaves as "TODO" or rejects: O (spandsp sends CONNECT and
 *    then OK), S1 S2 S11 S12, +FCLASS=8 and the V.253 voice commands +VLS +VTX +VRX +VTS
 *    +VTD +VSD +VSM, caller ID +VCID and #CID (spandsp prints caller ID before the first
 *    RING and leaks its strings), CONNECT <rate>, VCON, and a few Hayes commands common
 *    in modem INF init strings (&K \N %C W), accepted without effect;
 *  - routes DTE bytes by state: command lines, online data with the +++ escape (Hayes
 *    guard-time escape, S2/S12), V.253 voice transmit/receive with DLE shielding.
 */
#include "msim_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define DLE 0x10
#define ETX 0x03
#define CAN 0x18

enum { R_NEXT, R_ERROR, R_WAIT, R_END };
typedef enum { TK_BASIC, TK_SREG, TK_DIAL, TK_EXT } tk_kind;

/* ---- spandsp glue ------------------------------------------------------------------------- */

static int at_tx(at_state_t *s, void *user, const uint8_t *buf, size_t len)
{
    msim_dce *d = user;
    (void)s;
    if (!d->capturing) {
        dce_out(d, buf, len);
        return 0;
    }
    if (d->cap_skip_echo) {   /* spandsp echoes the whole command line first */
        d->cap_skip_echo = false;
        return 0;
    }
    if (d->cap_n < MSIM_CAP_CHUNKS && len <= MSIM_CAP_BYTES - d->cap_used) {
        memcpy(d->cap + d->cap_used, buf, len);
        d->cap_off[d->cap_n] = (uint16_t)d->cap_used;
        d->cap_len[d->cap_n] = (uint16_t)len;
        d->cap_used += len;
        d->cap_n++;
    } else {
        d->cap_n = MSIM_CAP_CHUNKS + 1;   /* overflowed: the command counts as failed */
    }
    return 0;
}

/* spandsp asks for line actions here, in the middle of its own processing; they are
 * recorded and carried out once it has returned, so no spandsp call is ever nested. */
static int at_control(at_state_t *s, void *user, int op, const char *num)
{
    msim_dce *d = user;
    (void)s;
    switch (op) {
    case AT_MODEM_CONTROL_CALL:
        /* V.250 6.3.1: dialling needs an idle line (or one taken off hook by H1). */
        if (d->call != CALL_IDLE && d->call != CALL_OFFHOOK) return -1;
        if (!num || strlen(num) >= sizeof d->req_number) return -1;
        strcpy(d->req_number, num);
        d->req_call = true;
        return 0;
    case AT_MODEM_CONTROL_ANSWER:
        /* V.250 6.2.9: with &D2 the DCE does not auto-answer while circuit 108 is off. */
        if (d->in_ring_event && !d->dtr && d->at.dtr_behaviour == 2) return -1;
        if (d->call != CALL_IDLE && d->call != CALL_RINGING && d->call != CALL_OFFHOOK) return -1;
        d->req_answer = true;
        return 0;
    case AT_MODEM_CONTROL_HANGUP:
        d->req_hangup = true;
        return 0;
    case AT_MODEM_CONTROL_OFFHOOK:
        d->req_offhook = true;
        return 0;
    default:
        return 0;   /* V.24 circuits and timers: there are no wires here */
    }
}

void at_apply_requests(msim_dce *d, uint64_t now)
{
    if (d->req_hangup) {
        d->req_hangup = false;
        call_hangup(d, now);
    }
    if (d->req_offhook) {
        d->req_offhook = false;
        call_offhook(d, now);
    }
}

static bool chunk_is(const msim_dce *d, int i, const char *text, size_t len)
{
    return d->cap_len[i] == len && !memcmp(d->cap + d->cap_off[i], text, len);
}

/* Runs one command through spandsp with its output captured. With the sentinel, returns
 * whether spandsp parsed all of it and it succeeded, and passes on its information text. */
static bool spandsp_run(msim_dce *d, const char *tok, size_t len, bool ext, bool sentinel)
{
    char buf[MSIM_LINE_MAX + 16];
    size_t n = 0, slen = strlen(d->sim->sentinel);
    char crlf[2] = {(char)d->at.p.s_regs[3], (char)d->at.p.s_regs[4]};
    int i, k = -1, end;

    if (len > MSIM_LINE_MAX) return false;
    buf[n++] = 'A';
    buf[n++] = 'T';
    memcpy(buf + n, tok, len);
    n += len;
    if (sentinel) {
        if (ext) buf[n++] = ';';   /* V.250 5.4.2: an extended command ends at ';' */
        buf[n++] = 'I';
        buf[n++] = '3';
    }
    buf[n++] = (char)d->at.p.s_regs[3];
    d->capturing = true;
    d->cap_skip_echo = d->at.p.echo != 0;
    d->cap_n = 0;
    d->cap_used = 0;
    at_interpreter(&d->at, buf, (int)n);
    d->capturing = false;
    d->at.line_ptr = 0;   /* a printable S3 never ends spandsp's line: start clean */
    if (!sentinel) return true;
    if (d->cap_n > MSIM_CAP_CHUNKS) return false;
    for (i = d->cap_n - 1; i >= 0 && k < 0; i--)
        if (chunk_is(d, i, d->sim->sentinel, slen)) k = i;
    if (k < 0) return false;
    end = k;
    if (d->at.p.result_code_format == SPANDSP_RESULTS_VERBOSE && end > 0 && chunk_is(d, end - 1, crlf, 2))
        end--;   /* the sentinel's own leading CR LF (V.250 5.7.1) */
    for (i = 0; i < end; i++)
        dce_out(d, d->cap + d->cap_off[i], d->cap_len[i]);
    return true;
}

/* ---- results and information text (V.250 5.7) -------------------------------------------- */

void at_result(msim_dce *d, int code) { at_put_response_code(&d->at, code); }

/* A verbose result code spandsp has no number for. numeric < 0: sent as text in V0 too. */
void at_result_text(msim_dce *d, const char *text, int numeric)
{
    switch (d->at.p.result_code_format) {
    case SPANDSP_RESULTS_VERBOSE:
        at_put_response(&d->at, text);
        break;
    case SPANDSP_RESULTS_NUMERIC:
        if (numeric >= 0) {
            at_put_response_code(&d->at, numeric);
        } else {
            char s3 = (char)d->at.p.s_regs[3];
            dce_out(d, text, strlen(text));
            dce_out(d, &s3, 1);
        }
        break;
    default:
        break;   /* Q1 (V.250 6.2.5) */
    }
}

void at_info(msim_dce *d, const char *text) { at_put_response(&d->at, text); }

bool at_online(const msim_dce *d) { return d->at.at_rx_mode == AT_MODE_CONNECTED; }

void at_set_mode(msim_dce *d, int mode) { at_set_at_rx_mode(&d->at, mode); }

/* ---- executor (V.250 5.6: commands run in order until one fails) -------------------------- */

static int run_token(msim_dce *d, const char *t, size_t len, tk_kind kind, uint64_t now);

static int next_token(msim_dce *d, const char **tok, size_t *len, tk_kind *kind);

static void exec_run(msim_dce *d, uint64_t now)
{
    const char *t;
    size_t len;
    tk_kind kind;
    int r;

    d->exec = EXEC_RUNNING;
    for (;;) {
        r = next_token(d, &t, &len, &kind);
        if (r == 0) {
            at_result(d, AT_RESPONSE_CODE_OK);
            break;
        }
        if (r < 0) {
            at_result(d, AT_RESPONSE_CODE_ERROR);
            break;
        }
        r = run_token(d, t, len, kind, now);
        if (r == R_NEXT) continue;
        if (r == R_ERROR) {
            at_result(d, AT_RESPONSE_CODE_ERROR);
            break;
        }
        if (r == R_END) break;
        /* R_WAIT: an asynchronous command (dialling, tones) started. */
        if (d->done == DONE_NONE) {
            d->exec = EXEC_WAITING;
            return;
        }
        r = d->done;
        d->done = DONE_NONE;
        d->wait = WAIT_NONE;
        if (r == DONE_END) break;
    }
    d->exec = EXEC_IDLE;
    d->wait = WAIT_NONE;
    d->done = DONE_NONE;
}

void exec_complete(msim_dce *d, msim_done how)
{
    if (d->wait == WAIT_NONE) return;
    if (d->exec == EXEC_RUNNING) {   /* finished inside the command that started it */
        d->done = how;
        return;
    }
    if (d->exec != EXEC_WAITING) return;
    d->wait = WAIT_NONE;
    if (how == DONE_RESUME) {
        exec_run(d, d->sim->now);
    } else {
        d->exec = EXEC_IDLE;
    }
}

static void exec_line(msim_dce *d, const char *body, uint64_t now)
{
    size_t n = strlen(body);
    memcpy(d->ex_line, body, n + 1);
    d->ex_len = n;
    d->ex_pos = 0;
    d->n.lines++;
    exec_run(d, now);
}

/* ---- command line assembly (V.250 5.2.1, 5.2.2, 5.2.4) ----------------------------------- */

static void la_byte(msim_dce *d, uint8_t raw, uint64_t now)
{
    int c = raw & 0x7f;   /* V.250 5.1: the parity bit carries no information */
    int s3 = d->at.p.s_regs[3], s5 = d->at.p.s_regs[5];

    if (d->la_state == 0) {
        if (c == 'A' || c == 'a') d->la_state = 1;
        return;
    }
    if (d->la_state == 1) {
        if (c == 'T' || c == 't') {
            d->la_state = 2;
            d->la_len = 0;
            d->la_quote = false;
            d->la_overflow = false;
        } else if (c == '/') {   /* A/: repeat the last command line, no S3 needed */
            d->la_state = 0;
            exec_line(d, d->last_line, now);
        } else if (c != 'A' && c != 'a') {
            d->la_state = 0;
        }
        return;
    }
    /* Printable characters first, as spandsp does: an S3 set to a printable value
     * never ends a line in either. */
    if (c >= 0x20 && c <= 0x7e) {
        if (c == ' ' && !d->la_quote) return;   /* spaces are ignored outside strings */
        if (c == '"') {
            d->la_quote = !d->la_quote;
        } else if (!d->la_quote) {
            c = toupper(c);                      /* V.250 5.4.1: case is not significant */
        }
        if (d->la_len < MSIM_LINE_MAX) {
            d->la_line[d->la_len++] = (char)c;
        } else {
            d->la_overflow = true;
        }
        return;
    }
    if (c == s3) {
        d->la_state = 0;
        d->la_line[d->la_len] = '\0';
        if (d->la_overflow) {
            d->n.lines++;
            at_result(d, AT_RESPONSE_CODE_ERROR);
            return;
        }
        memcpy(d->last_line, d->la_line, d->la_len + 1);
        exec_line(d, d->la_line, now);
        return;
    }
    if (c == s5) {
        if (d->la_len) {
            if (d->la_line[d->la_len - 1] == '"') d->la_quote = !d->la_quote;
            d->la_len--;
        }
        return;
    }
    /* Any other control character is ignored. */
}

/* ---- tokenizer (V.250 5.3 basic, 5.4 extended syntax) ------------------------------------ */

static bool is_ext_name_char(char c)
{
    return isupper((unsigned char)c) || isdigit((unsigned char)c) || strchr("!%-./:_", c);
}

static size_t skip_digits(const char *s, size_t i, size_t n)
{
    while (i < n && isdigit((unsigned char)s[i])) i++;
    return i;
}

/* The next command of the line being executed: 1 with it, 0 at the end, -1 if the line
 * has something that cannot start a command. */
static int next_token(msim_dce *d, const char **tok, size_t *len, tk_kind *kind)
{
    const char *s = d->ex_line;
    size_t n = d->ex_len, i = d->ex_pos, st;
    char c;

    while (i < n && s[i] == ';') i++;
    if (i >= n) {
        d->ex_pos = i;
        return 0;
    }
    st = i;
    c = s[i];
    if (c == '+' || c == '#') {
        bool q = false;
        i++;
        while (i < n && is_ext_name_char(s[i])) i++;
        if (i == st + 1) return -1;
        while (i < n && (q || s[i] != ';')) {
            if (s[i] == '"') q = !q;
            i++;
        }
        *kind = TK_EXT;
    } else if (c == 'D') {
        /* V.250 6.3.1: the dial string runs to the end of the line or to ';' */
        i++;
        while (i < n && s[i] != ';') i++;
        if (i < n) i++;
        *kind = TK_DIAL;
    } else if (c == 'S') {
        i = skip_digits(s, i + 1, n);
        if (i < n && s[i] == '.') i = skip_digits(s, i + 1, n);
        if (i < n && s[i] == '?') {
            i++;
        } else if (i < n && s[i] == '=') {
            i++;
            if (i < n && s[i] == '?') {
                i++;
            } else {
                i = skip_digits(s, i, n);
            }
        }
        *kind = TK_SREG;
    } else if (isupper((unsigned char)c) || c == '&' || c == '\\' || c == '%') {
        if (!isupper((unsigned char)c)) {
            i++;
            if (i >= n || !isupper((unsigned char)s[i])) return -1;
        }
        i = skip_digits(s, i + 1, n);
        *kind = TK_BASIC;
    } else {
        return -1;
    }
    *tok = s + st;
    *len = i - st;
    d->ex_pos = i;
    return 1;
}

/* ---- our commands ------------------------------------------------------------------------- */

/* A decimal parameter of at most 5 digits in [lo, hi]; -1 if not. */
static long parse_num(const char **p, const char *end, long lo, long hi)
{
    const char *s = *p;
    long v = 0;
    int digits = 0;
    while (s < end && isdigit((unsigned char)*s) && digits < 6) {
        v = v * 10 + (*s - '0');
        s++;
        digits++;
    }
    if (!digits || digits > 5 || (s < end && isdigit((unsigned char)*s)) || v < lo || v > hi) return -1;
    *p = s;
    return v;
}

/* NAME? (read), NAME=? (test) and NAME=<n> (set) for one number (V.250 5.4.2, 5.4.3).
 * Returns R_NEXT / R_ERROR; *set tells whether a value was set. */
static int ext_number(msim_dce *d, const char *a, size_t alen, int *target, long lo, long hi,
                      const char *range, bool *set)
{
    const char *end = a + alen;
    char buf[32];
    long v;

    if (set) *set = false;
    if (alen == 1 && a[0] == '?') {
        snprintf(buf, sizeof buf, "%d", *target);
        at_info(d, buf);
        return R_NEXT;
    }
    if (alen == 2 && a[0] == '=' && a[1] == '?') {
        at_info(d, range);
        return R_NEXT;
    }
    if (alen < 2 || a[0] != '=') return R_ERROR;
    a++;
    v = parse_num(&a, end, lo, hi);
    if (v < 0 || a != end) return R_ERROR;
    *target = (int)v;
    if (set) *set = true;
    return R_NEXT;
}

static bool voice_offhook(const msim_dce *d)
{
    return d->fclass == 8 &&
           (d->call == CALL_OFFHOOK || (d->call == CALL_ACTIVE && d->voice_call));
}

/* T.31 8.2 +FCLASS, V.253 class 8: 0 data, 8 voice; fax classes are not simulated. */
static int cmd_fclass(msim_dce *d, const char *a, size_t alen, uint64_t now)
{
    int v = d->fclass;
    bool set;
    (void)now;
    if (ext_number(d, a, alen, &v, 0, 8, "0,8", &set) != R_NEXT) return R_ERROR;
    if (set && v != 0 && v != 8) return R_ERROR;
    d->fclass = v;
    return R_NEXT;
}

/* V.253 9.2.3 +VCID and its Rockwell alias #CID: 0 off, 1 formatted, 2 unformatted. */
static int cmd_cid(msim_dce *d, const char *a, size_t alen, uint64_t now)
{
    (void)now;
    return ext_number(d, a, alen, &d->cid_mode, 0, 2, "0,1,2", NULL);
}

/* V.253 10.2.4 +VLS: 0 = on hook, 1 = off hook to the telephone line (answers a ringing call). */
static int cmd_vls(msim_dce *d, const char *a, size_t alen, uint64_t now)
{
    int v = d->call == CALL_IDLE || d->call == CALL_RINGING ? 0 : 1;
    bool set;
    if (d->fclass != 8) return R_ERROR;
    if (ext_number(d, a, alen, &v, 0, 1, "0,1", &set) != R_NEXT) return R_ERROR;
    if (!set) return R_NEXT;
    if (v == 0) {
        call_hangup(d, now);
        return R_NEXT;
    }
    if (d->call == CALL_RINGING) {
        call_answer(d, now);   /* VCON is the final result */
        return R_END;
    }
    call_offhook(d, now);
    return R_NEXT;
}

/* V.253 10.1.6 +VTX / 10.1.3 +VRX: voice transmit and receive states; CONNECT, then data. */
static int cmd_vtx_vrx(msim_dce *d, const char *a, size_t alen, msim_voice_state st)
{
    (void)a;
    if (alen || !voice_offhook(d)) return R_ERROR;
    d->voice = st;
    d->vrx_dle = 0;
    at_result(d, AT_RESPONSE_CODE_CONNECT);
    return R_END;
}

static int cmd_vtx(msim_dce *d, const char *a, size_t alen, uint64_t now)
{
    (void)now;
    return cmd_vtx_vrx(d, a, alen, VOICE_TX);
}

static int cmd_vrx(msim_dce *d, const char *a, size_t alen, uint64_t now)
{
    (void)now;
    return cmd_vtx_vrx(d, a, alen, VOICE_RX);
}

/* V.253 10.1.5 +VTS=<list>: DTMF digits, "[f1,f2,d]" tones and "{digit,d}" elements
 * separated by commas, each lasting +VTD. The far end reports the digits as DLE events. */
static int cmd_vts(msim_dce *d, const char *a, size_t alen, uint64_t now)
{
    const char *end = a + alen, *p;
    int n = 0;

    if (!voice_offhook(d) || alen < 2 || a[0] != '=') return R_ERROR;
    p = a + 1;
    while (p < end) {
        char digit = 0;
        if (*p == '[' || *p == '{') {
            char close = *p == '[' ? ']' : '}';
            const char *q = memchr(p, close, (size_t)(end - p));
            if (!q) return R_ERROR;
            if (*p == '{') {
                digit = p[1];
                if (!strchr("0123456789ABCD*#", digit) || digit == '\0') return R_ERROR;
            }
            p = q + 1;
        } else {
            digit = *p++;
            if (!strchr("0123456789ABCD*#", digit)) return R_ERROR;
        }
        if (n == MSIM_VTS_MAX) return R_ERROR;
        d->vts[n++] = digit;   /* 0: a tone that is not a digit */
        if (p < end) {
            if (*p != ',') return R_ERROR;
            p++;
            if (p == end) return R_ERROR;
        }
    }
    if (!n) return R_ERROR;
    d->vts_n = n;
    d->vts_pos = 0;
    d->t_vts = now + (uint64_t)d->vtd * 10;
    d->wait = WAIT_TONES;
    return R_WAIT;
}

/* V.253 10.2.9 +VTD: default tone duration, 0.01 s. */
static int cmd_vtd(msim_dce *d, const char *a, size_t alen, uint64_t now)
{
    (void)now;
    return ext_number(d, a, alen, &d->vtd, 1, 255, "(1-255)", NULL);
}

/* Two numbers, for +VSD and +VSM. */
static int ext_two(msim_dce *d, const char *a, size_t alen, int *v1, int *v2, long hi1, long hi2,
                   const char *range, bool second_needed)
{
    const char *end = a + alen;
    long x, y = *v2;
    char buf[40];

    if (alen == 1 && a[0] == '?') {
        snprintf(buf, sizeof buf, "%d,%d", *v1, *v2);
        at_info(d, buf);
        return R_NEXT;
    }
    if (alen == 2 && a[0] == '=' && a[1] == '?') {
        at_info(d, range);
        return R_NEXT;
    }
    if (alen < 2 || a[0] != '=') return R_ERROR;
    a++;
    if ((x = parse_num(&a, end, 0, hi1)) < 0) return R_ERROR;
    if (a < end) {
        if (*a++ != ',' || (y = parse_num(&a, end, 0, hi2)) < 0 || a != end) return R_ERROR;
    } else if (second_needed) {
        return R_ERROR;
    }
    *v1 = (int)x;
    *v2 = (int)y;
    return R_NEXT;
}

/* V.253 10.2.7 +VSD=<sensitivity>,<interval 0.1 s>: silence detection. */
static int cmd_vsd(msim_dce *d, const char *a, size_t alen, uint64_t now)
{
    (void)now;
    return ext_two(d, a, alen, &d->vsd_sens, &d->vsd_int, 255, 255, "(0-255),(0-255)", false);
}

/* V.253 10.2.8 +VSM: compression method; one is offered, 8-bit linear at 8000 Hz. */
static int cmd_vsm(msim_dce *d, const char *a, size_t alen, uint64_t now)
{
    int rate = 8000, cml = d->vsm;
    (void)now;
    if (alen == 2 && a[0] == '=' && a[1] == '?') {
        at_info(d, "128,\"8-BIT LINEAR\",(8000)");
        return R_NEXT;
    }
    if (ext_two(d, a, alen, &cml, &rate, 255, 65535, "", false) != R_NEXT) return R_ERROR;
    if (cml != 128 || rate != 8000) return R_ERROR;
    return R_NEXT;
}

typedef int (*ext_fn)(msim_dce *d, const char *args, size_t alen, uint64_t now);
static const struct {
    const char *name;
    ext_fn fn;
} ext_cmds[] = {
    {"+FCLASS", cmd_fclass}, {"+VCID", cmd_cid}, {"#CID", cmd_cid}, {"+VLS", cmd_vls},
    {"+VTX", cmd_vtx},       {"+VRX", cmd_vrx},  {"+VTS", cmd_vts}, {"+VTD", cmd_vtd},
    {"+VSD", cmd_vsd},       {"+VSM", cmd_vsm},
};

/* Hayes commands of common init strings that V.250 and spandsp lack; no effect here. */
static const struct {
    const char *name;
    long max;
} noop_cmds[] = {{"&K", 6}, {"\\N", 7}, {"%C", 3}, {"W", 2}};

/* S registers spandsp does not have. */
static bool own_sreg(long r) { return r == 1 || r == 2 || r == 11 || r == 12; }

static int run_sreg(msim_dce *d, const char *t, size_t len)
{
    const char *p = t + 1, *end = t + len;
    long r = parse_num(&p, end, 0, 99), v;
    char buf[8];

    if (r < 0) return R_ERROR;
    if (!own_sreg(r)) return spandsp_run(d, t, len, false, true) ? R_NEXT : R_ERROR;
    if (end - p == 1 && *p == '?') {
        snprintf(buf, sizeof buf, "%03u", d->at.p.s_regs[r]);
        at_info(d, buf);
        return R_NEXT;
    }
    if (end - p == 2 && p[0] == '=' && p[1] == '?') {
        at_info(d, "(0-255)");
        return R_NEXT;
    }
    if (p == end || *p++ != '=') return R_ERROR;
    v = p == end ? 0 : parse_num(&p, end, 0, 255);   /* V.250 5.3.1: a missing value is 0 */
    if (v < 0 || p != end) return R_ERROR;
    d->at.p.s_regs[r] = (uint8_t)v;
    return R_NEXT;
}

/* V.250 6.2.7: X0 gives plain CONNECT, X1 and up CONNECT <text>. */
void at_connect_result(msim_dce *d)
{
    char buf[32];
    if (d->at.result_code_mode == 0) {
        at_result(d, AT_RESPONSE_CODE_CONNECT);
        return;
    }
    snprintf(buf, sizeof buf, "CONNECT %u", d->rate);
    at_result_text(d, buf, AT_RESPONSE_CODE_CONNECT);
}

/* V.250 6.3.7 O: back to online data state from online command state. */
static int run_online(msim_dce *d, const char *t, size_t len, uint64_t now)
{
    const char *p = t + 1, *end = t + len;
    if (p < end && parse_num(&p, end, 0, 1) < 0) return R_ERROR;
    if (d->call != CALL_ACTIVE || d->voice_call || at_online(d)) return R_ERROR;
    at_set_mode(d, AT_MODE_CONNECTED);
    d->plus_count = 0;
    d->last_rx = now;
    at_connect_result(d);
    return R_END;
}

static int run_dial(msim_dce *d, const char *t, size_t len, uint64_t now)
{
    size_t i, copied = 0;
    for (i = 1; i < len; i++)
        if (isdigit((unsigned char)t[i]) || strchr("ABCD*#+,", t[i])) copied++;
    if (copied > 100) return R_ERROR;   /* spandsp's dial buffer holds 100 */
    if (copied == 0 && !memchr(t, ';', len) && d->call == CALL_ALERTING && d->originator && !d->dial_waits) {
        /* V.250 6.3.1: a D without digits after "D<number>;" ends the dialling: the call
         * that is ringing becomes this command's call, answered with CONNECT (or VCON). */
        d->dial_waits = true;
        d->voice_call = d->fclass == 8;
        d->wait = WAIT_DIAL;
        return R_WAIT;
    }
    d->req_call = false;
    spandsp_run(d, t, len, false, false);
    if (!d->req_call) return R_ERROR;
    d->req_call = false;
    d->dial_waits = !d->at.command_dial;   /* ';': back to command state after dialling */
    d->wait = WAIT_DIAL;
    call_dial(d, d->req_number, now);
    return R_WAIT;
}

static int run_answer(msim_dce *d, uint64_t now)
{
    d->req_answer = false;
    spandsp_run(d, "A", 1, false, false);
    if (!d->req_answer) return R_ERROR;
    d->req_answer = false;
    call_answer(d, now);
    return R_END;   /* V.250 6.3.5: the rest of the line is not executed */
}

static int run_token(msim_dce *d, const char *t, size_t len, tk_kind kind, uint64_t now)
{
    size_t i;
    bool reset, ok;

    switch (kind) {
    case TK_DIAL:
        return run_dial(d, t, len, now);
    case TK_SREG:
        return run_sreg(d, t, len);
    case TK_EXT:
        for (i = 0; i < sizeof ext_cmds / sizeof ext_cmds[0]; i++) {
            size_t nl = strlen(ext_cmds[i].name);
            if (len >= nl && !memcmp(t, ext_cmds[i].name, nl) && (len == nl || !is_ext_name_char(t[nl])))
                return ext_cmds[i].fn(d, t + nl, len - nl, now);
        }
        return spandsp_run(d, t, len, true, true) ? R_NEXT : R_ERROR;
    case TK_BASIC:
        break;
    }
    if (t[0] == 'A') return run_answer(d, now);
    if (t[0] == 'O') return run_online(d, t, len, now);
    for (i = 0; i < sizeof noop_cmds / sizeof noop_cmds[0]; i++) {
        size_t nl = strlen(noop_cmds[i].name);
        if (len >= nl && !memcmp(t, noop_cmds[i].name, nl) && (len == nl || isdigit((unsigned char)t[nl]))) {
            const char *p = t + nl;
            return (p == t + len || (parse_num(&p, t + len, 0, noop_cmds[i].max) >= 0 && p == t + len))
                       ? R_NEXT : R_ERROR;
        }
    }
    reset = t[0] == 'Z' || (len >= 2 && t[0] == '&' && t[1] == 'F');
    /* V.250 6.1.1: Z<n> picks a stored profile; spandsp's profiles 1 and 2 are all
     * zeros (S3 = 0: no line would ever end again), so only Z and Z0 are offered. */
    if (t[0] == 'Z' && strspn(t + 1, "0") != len - 1) return R_ERROR;
    ok = spandsp_run(d, t, len, false, true);
    at_apply_requests(d, now);
    if (!ok) return R_ERROR;
    if (reset) dce_reset_defaults(d);   /* V.250 6.1.1, 6.1.2: our settings reset too */
    return R_NEXT;
}

/* ---- DTE bytes by state ------------------------------------------------------------------- */

/* Online data: everything goes to the far end; three S2 characters with S12 of silence
 * on each side escape to online command state (checked in call_tick). */
static size_t data_input(msim_dce *d, const uint8_t *buf, size_t len, uint64_t now)
{
    unsigned esc = d->at.p.s_regs[2];
    uint64_t guard = (uint64_t)d->at.p.s_regs[12] * 20;
    size_t i;

    for (i = 0; i < len; i++) {
        bool quiet_before = now - d->last_rx >= guard;
        bool close_after = guard == 0 || now - d->last_rx < guard;
        if (esc <= 127 && buf[i] == esc) {
            if (d->plus_count > 0 && d->plus_count < 3 && close_after) {
                d->plus_count++;
            } else {
                d->plus_count = quiet_before ? 1 : 0;   /* a pause may start a new sequence */
            }
        } else {
            d->plus_count = 0;
        }
        d->last_rx = now;
    }
    d->t_escape = d->plus_count == 3 ? now + guard : MSIM_NEVER;
    call_data(d, buf, len, now);
    return len;
}

/* V.253 voice states (10.1.6 transmit, 10.1.3 receive), DLE shielding from the DTE.
 * TX: <DLE><DLE> is a 0x10 sample, <DLE><ETX> ends the state (OK), other pairs are
 * ignored. RX: the DTE's bytes are ignored except <DLE>! (receive abort), answered with
 * <DLE><ETX> and OK. */
static size_t voice_input(msim_dce *d, const uint8_t *buf, size_t len, uint64_t now)
{
    bool tx = d->voice == VOICE_TX;
    size_t i, start = 0;   /* buf[start, i) are plain samples not yet passed on */

    for (i = 0; i < len; i++) {
        uint8_t b = buf[i];
        if (!d->vrx_dle) {
            if (b != DLE) continue;
            if (tx && i > start) call_voice_data(d, buf + start, i - start, now);
            d->vrx_dle = 1;
            start = i + 1;
            continue;
        }
        d->vrx_dle = 0;
        start = i + 1;
        if (tx && b == DLE) {
            call_voice_data(d, &b, 1, now);
        } else if ((tx && b == ETX) || (!tx && b == '!')) {
            if (!tx) dce_dle(d, ETX);
            d->voice = VOICE_NONE;
            at_result(d, AT_RESPONSE_CODE_OK);
            return i + 1;
        }
    }
    if (tx && len > start) call_voice_data(d, buf + start, len - start, now);
    return len;
}

void at_layer_input(msim_dce *d, const uint8_t *buf, size_t len, uint64_t now)
{
    size_t i = 0;

    while (i < len) {
        if (d->exec == EXEC_WAITING) {
            /* V.250 5.6.1: a character aborts D and A, and is discarded; while other
             * commands run, input is ignored. */
            if (d->wait == WAIT_DIAL) call_abort(d, now);
            i++;
            continue;
        }
        if (at_online(d)) {
            i += data_input(d, buf + i, len - i, now);
            continue;
        }
        if (d->voice != VOICE_NONE) {
            i += voice_input(d, buf + i, len - i, now);
            continue;
        }
        if (d->at.p.echo) dce_out(d, buf + i, 1);   /* V.250 6.2.4 */
        la_byte(d, buf[i], now);
        i++;
    }
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

int at_layer_init(msim_dce *d)
{
    char crlf[2];
    int i;

    if (!at_init(&d->at, at_tx, d, at_control, d)) return -1;
    dce_reset_defaults(d);
    if (d->sim->sentinel[0]) return 0;
    /* Learn the sentinel: the information text of ATI3 (V.250 6.1.3) in this spandsp. */
    crlf[0] = (char)d->at.p.s_regs[3];
    crlf[1] = (char)d->at.p.s_regs[4];
    spandsp_run(d, "I3", 2, false, false);
    for (i = 0; i < d->cap_n && i < MSIM_CAP_CHUNKS; i++) {
        if (chunk_is(d, i, crlf, 2) || d->cap_len[i] >= sizeof d->sim->sentinel) continue;
        memcpy(d->sim->sentinel, d->cap + d->cap_off[i], d->cap_len[i]);
        d->sim->sentinel[d->cap_len[i]] = '\0';
        return 0;
    }
    return -1;
}

void at_layer_release(msim_dce *d) { at_release(&d->at); }
