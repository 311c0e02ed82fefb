/*
 * tools/modemsim/msim_ctl.c - control commands: what tests and people use to watch the
 * modems and to make things happen that a DTE cannot (a call from outside, a fault).
 *
 * One command per line, words separated by blanks; a word may be a "quoted string" with
 * \" \\ \r \n \t and \xHH escapes. The reply is zero or more lines and then "OK", or one
 * line "ERR <why>". The commands are listed in help_text and in docs/modemsim.md.
 */
#include "msim_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTL_WORDS 12
#define CTL_WORD_MAX 256

static const char help_text[] =
    "list                                  one line per modem: state, counters, ports\n"
    "status MODEM                          the same for one modem\n"
    "ring MODEM from NUMBER|P|O [name NAME|P|O] [voice] [rings N]\n"
    "                                      an incoming call from outside (data echoes back)\n"
    "hangup MODEM                          the network clears MODEM's call (both ends)\n"
    "dtmf MODEM DIGITS                     the far end of a voice call sends DTMF\n"
    "fault MODEM none|noresponse|garbage|slow MS|vanish\n"
    "revive MODEM                          a vanished modem comes back (new port)\n"
    "unplug MODEM | plug MODEM             the phone line: NO DIALTONE when unplugged\n"
    "send MODEM TEXT                       raw bytes to MODEM's DTE (escapes: \\r \\n \\xHH)\n"
    "flood MODEM BYTES[k|M]                junk without CR or LF to MODEM's DTE\n"
    "quit                                  stop the simulator\n";

typedef struct {
    int n;
    size_t len[CTL_WORDS];
    char w[CTL_WORDS][CTL_WORD_MAX + 1];
} ctl_words;

typedef struct {
    char *buf;
    size_t len, used;
} ctl_reply;

static void reply_add(ctl_reply *r, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (r->used >= r->len) return;
    va_start(ap, fmt);
    n = vsnprintf(r->buf + r->used, r->len - r->used, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    r->used += (size_t)n < r->len - r->used ? (size_t)n : r->len - r->used - 1;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* Splits a line into words; -1 with the reason in err. */
static int split(const char *s, ctl_words *cw, const char **err)
{
    cw->n = 0;
    for (;;) {
        char *w;
        size_t n = 0;
        while (*s == ' ' || *s == '\t') s++;
        if (!*s || *s == '\r' || *s == '\n') return 0;
        if (cw->n == CTL_WORDS) {
            *err = "too many words";
            return -1;
        }
        w = cw->w[cw->n];
        if (*s == '"') {
            s++;
            while (*s != '"') {
                int c = (unsigned char)*s++;
                if (!c) {
                    *err = "unterminated string";
                    return -1;
                }
                if (c == '\\') {
                    c = (unsigned char)*s++;
                    switch (c) {
                    case 'r': c = '\r'; break;
                    case 'n': c = '\n'; break;
                    case 't': c = '\t'; break;
                    case '"': case '\\': break;
                    case 'x':
                        if (hexval((unsigned char)s[0]) < 0 || hexval((unsigned char)s[1]) < 0) {
                            *err = "\\x needs two hex digits";
                            return -1;
                        }
                        c = hexval((unsigned char)s[0]) * 16 + hexval((unsigned char)s[1]);
                        s += 2;
                        break;
                    default:
                        *err = "unknown escape";
                        return -1;
                    }
                }
                if (n == CTL_WORD_MAX) {
                    *err = "word too long";
                    return -1;
                }
                w[n++] = (char)c;
            }
            s++;
        } else {
            while (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
                if (n == CTL_WORD_MAX) {
                    *err = "word too long";
                    return -1;
                }
                w[n++] = *s++;
            }
        }
        w[n] = '\0';
        cw->len[cw->n++] = n;
    }
}

static const char *fault_name(const msim_dce *d, char *buf, size_t len)
{
    if (d->vanished) return "vanished";
    switch (d->fault) {
    case FAULT_NORESPONSE: return "noresponse";
    case FAULT_GARBAGE: return "garbage";
    case FAULT_SLOW:
        snprintf(buf, len, "slow:%ums", d->slow_ms);
        return buf;
    default: return "none";
    }
}

static const char *mode_name(const msim_dce *d)
{
    if (at_online(d)) return "data";
    if (d->voice == VOICE_TX) return "vtx";
    if (d->voice == VOICE_RX) return "vrx";
    if (d->call == CALL_ACTIVE && !d->voice_call) return "online-command";
    return "command";
}

static void status_line(msim *sim, const msim_dce *d, ctl_reply *r)
{
    char peer[48], fb[32], ports[256] = "";

    if (d->peer >= 0) {
        snprintf(peer, sizeof peer, "modem%d", d->peer);
    } else if (d->peer == MSIM_EXT) {
        snprintf(peer, sizeof peer, "ext:%s", d->ext_number);
    } else {
        snprintf(peer, sizeof peer, "-");
    }
    if (sim->cfg.hooks.port_describe) sim->cfg.hooks.port_describe(sim->cfg.hooks.user, d->idx, ports, sizeof ports);
    reply_add(r,
              "modem%d number=%s state=%s mode=%s peer=%s dtr=%d fclass=%d speaker=M%dL%d s7=%u line=%s fault=%s "
              "rx=%llu tx=%llu dropped=%llu lines=%llu calls_out=%llu calls_in=%llu connects=%llu "
              "outq=%zu outq_max=%llu%s\n",
              d->idx, d->cfg.number, call_state_name(d), mode_name(d), peer, d->dtr ? 1 : 0, d->fclass,
              d->at.speaker_mode, d->at.speaker_volume, (unsigned)d->at.p.s_regs[7],
              d->cfg.unplugged ? "unplugged" : "plugged", fault_name(d, fb, sizeof fb),
              (unsigned long long)d->n.rx, (unsigned long long)d->n.tx, (unsigned long long)d->n.dropped,
              (unsigned long long)d->n.lines, (unsigned long long)d->n.calls_out,
              (unsigned long long)d->n.calls_in, (unsigned long long)d->n.connects, d->out_len,
              (unsigned long long)d->n.outq_max, ports);
}

/* "500", "500ms", "2s" -> milliseconds, or -1. */
static long parse_ms(const char *s)
{
    char *end;
    long v;
    if (!isdigit((unsigned char)*s)) return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || v > 600000) return -1;
    if (!strcmp(end, "") || !strcmp(end, "ms")) return v;
    if (!strcmp(end, "s") && v <= 600) return v * 1000;
    return -1;
}

/* "1000", "64k", "10M" -> bytes, or -1. */
static long long parse_bytes(const char *s)
{
    char *end;
    long long v;
    if (!isdigit((unsigned char)*s)) return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || v > (1LL << 32)) return -1;
    if (!strcmp(end, "k") || !strcmp(end, "K")) return v * 1024;
    if (!strcmp(end, "M")) return v * 1024 * 1024;
    return *end ? -1 : v;
}

static bool cid_field_ok(const char *s, bool digits)
{
    size_t i;
    if (!strcmp(s, "P") || !strcmp(s, "O")) return true;
    for (i = 0; s[i]; i++)
        if (digits ? !isdigit((unsigned char)s[i]) : (s[i] < 0x20 || s[i] > 0x7e)) return false;
    return i > 0 && i < (digits ? MSIM_NUMBER_MAX : MSIM_NAME_MAX);
}

static const char *cmd_ring(msim_dce *d, ctl_words *cw, uint64_t now)
{
    const char *from = NULL, *name = "";
    bool voice = false;
    long rings = 0;
    int i;

    for (i = 2; i < cw->n; i++) {
        const char *w = cw->w[i];
        if (!strcmp(w, "from") && i + 1 < cw->n) {
            from = cw->w[++i];
        } else if (!strcmp(w, "name") && i + 1 < cw->n) {
            name = cw->w[++i];
        } else if (!strcmp(w, "voice")) {
            voice = true;
        } else if (!strcmp(w, "rings") && i + 1 < cw->n) {
            char *end;
            rings = strtol(cw->w[++i], &end, 10);
            if (*end || rings < 1 || rings > 1000) return "rings wants 1..1000";
        } else {
            return "ring MODEM from NUMBER|P|O [name NAME|P|O] [voice] [rings N]";
        }
    }
    if (!from || !cid_field_ok(from, true)) return "from wants digits, P or O";
    if (name[0] && !cid_field_ok(name, false)) return "name wants printable text, P or O";
    if (call_ring_external(d, from, name, voice, (unsigned)rings, now) < 0) return "busy";
    return NULL;
}

static const char *cmd_fault(msim *sim, msim_dce *d, ctl_words *cw, uint64_t now)
{
    const char *f = cw->n > 2 ? cw->w[2] : "";
    long ms;

    if (!strcmp(f, "vanish")) {
        if (d->vanished) return "already vanished";
        if (sim->cfg.hooks.port_vanish && sim->cfg.hooks.port_vanish(sim->cfg.hooks.user, d->idx) < 0)
            return "the port could not be closed";
        dce_vanish(d, now);
        return NULL;
    }
    if (cw->n != (strcmp(f, "slow") ? 3 : 4)) return "fault MODEM none|noresponse|garbage|slow MS|vanish";
    if (!strcmp(f, "none")) {
        d->fault = FAULT_NONE;
    } else if (!strcmp(f, "noresponse")) {
        d->fault = FAULT_NORESPONSE;
    } else if (!strcmp(f, "garbage")) {
        d->fault = FAULT_GARBAGE;
    } else if (!strcmp(f, "slow") && (ms = parse_ms(cw->w[3])) >= 0) {
        d->fault = FAULT_SLOW;
        d->slow_ms = (unsigned)ms;
    } else {
        return "fault MODEM none|noresponse|garbage|slow MS|vanish";
    }
    return NULL;
}

static const char *run(msim *sim, ctl_words *cw, uint64_t now, ctl_reply *r)
{
    const char *cmd = cw->w[0];
    msim_dce *d = NULL;
    int i;

    if (!strcmp(cmd, "help")) {
        reply_add(r, "%s", help_text);
        return NULL;
    }
    if (!strcmp(cmd, "list")) {
        for (i = 0; i < sim->n; i++) status_line(sim, sim->m[i], r);
        return NULL;
    }
    if (!strcmp(cmd, "quit")) {
        if (sim->cfg.hooks.quit) sim->cfg.hooks.quit(sim->cfg.hooks.user);
        return NULL;
    }
    if (!strcmp(cmd, "status") || !strcmp(cmd, "ring") || !strcmp(cmd, "hangup") || !strcmp(cmd, "dtmf") ||
        !strcmp(cmd, "fault") || !strcmp(cmd, "revive") || !strcmp(cmd, "unplug") || !strcmp(cmd, "plug") ||
        !strcmp(cmd, "send") || !strcmp(cmd, "flood")) {
        if (cw->n < 2) return "which modem?";
        i = msim_find(sim, cw->w[1]);
        if (i < 0) return "no such modem";
        d = sim->m[i];
    } else {
        return "unknown command (try help)";
    }
    if (!strcmp(cmd, "status")) {
        status_line(sim, d, r);
    } else if (!strcmp(cmd, "ring")) {
        return cmd_ring(d, cw, now);
    } else if (!strcmp(cmd, "hangup")) {
        if (d->call == CALL_IDLE) return "no call";
        call_network_clear(d, now);
    } else if (!strcmp(cmd, "dtmf")) {
        const char *s = cw->n == 3 ? cw->w[2] : "";
        if (!*s || s[strspn(s, "0123456789ABCD*#")]) return "dtmf MODEM DIGITS (0-9 A-D * #)";
        if (d->call != CALL_ACTIVE || !d->voice_call) return "no voice call";
        for (; *s; s++) call_dtmf_heard(d, *s, now);
    } else if (!strcmp(cmd, "fault")) {
        return cmd_fault(sim, d, cw, now);
    } else if (!strcmp(cmd, "revive")) {
        if (!d->vanished) return "not vanished";
        if (sim->cfg.hooks.port_revive && sim->cfg.hooks.port_revive(sim->cfg.hooks.user, d->idx) < 0)
            return "the port could not be made";
        if (dce_power_on(d) < 0) return "spandsp's AT interpreter did not start";
    } else if (!strcmp(cmd, "unplug") || !strcmp(cmd, "plug")) {
        d->cfg.unplugged = cmd[0] == 'u';
    } else if (!strcmp(cmd, "send")) {
        if (cw->n != 3) return "send MODEM TEXT";
        dce_out(d, cw->w[2], cw->len[2]);
    } else {
        long long n = cw->n == 3 ? parse_bytes(cw->w[2]) : -1;
        if (n < 0) return "flood MODEM BYTES[k|M]";
        d->flood_left = (uint64_t)n;
    }
    return NULL;
}

int msim_control(msim *sim, const char *line, uint64_t now, char *reply, size_t len)
{
    static const size_t tail = sizeof "OK\n";
    ctl_words cw;
    ctl_reply r;
    const char *err = NULL;

    if (len < 64) return -1;
    sim->now = now;
    r.buf = reply;
    r.len = len - tail;   /* room for the final OK, whatever came before */
    r.used = 0;
    reply[0] = '\0';
    if (split(line, &cw, &err) < 0 || cw.n == 0) {
        snprintf(reply, len, "ERR %s\n", err ? err : "empty command");
        return -1;
    }
    err = run(sim, &cw, now, &r);
    if (err) {
        snprintf(reply, len, "ERR %s\n", err);
        return -1;
    }
    snprintf(reply + r.used, len - r.used, "OK\n");
    return 0;
}
