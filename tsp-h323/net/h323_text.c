/* tsp-h323/net/h323_text.c - text forms of addresses, destinations, commands, events;
 * see h323_text.h. */
#include "net/h323_text.h"

#include "h245/h245.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Dotted-quad IPv4, exactly s[0..n): four decimal numbers 0..255, no leading zeros beyond
 * one digit (as inet_pton, RFC 3986 3.2.2 dec-octet). */
static bool parse_v4(const char *s, size_t n, uint8_t ip[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part && (i >= n || s[i++] != '.'))
            return false;
        size_t start = i;
        unsigned v = 0;
        while (i < n && is_digit(s[i]) && i - start < 3)
            v = v * 10 + (unsigned)(s[i++] - '0');
        if (i == start || v > 255 || (i - start > 1 && s[start] == '0'))
            return false;
        ip[part] = (uint8_t)v;
    }
    return i == n;
}

/* IPv6 text (RFC 4291 2.2): eight groups of 1-4 hex digits, one "::" for a run of zero
 * groups, optionally ending in a dotted IPv4. Exactly s[0..n). */
static bool parse_v6(const char *s, size_t n, uint8_t ip[16])
{
    uint16_t g[8];
    int ng = 0, gap = -1;
    size_t i = 0;
    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    } else if (n >= 1 && s[0] == ':') {
        return false;
    }
    while (i < n) {
        if (ng == 8)
            return false;
        /* A trailing dotted IPv4 takes two groups. */
        size_t j = i;
        while (j < n && s[j] != ':')
            j++;
        if (j == n && memchr(s + i, '.', n - i)) {
            uint8_t v4[4];
            if (ng > 6 || !parse_v4(s + i, n - i, v4))
                return false;
            g[ng++] = (uint16_t)(v4[0] << 8 | v4[1]);
            g[ng++] = (uint16_t)(v4[2] << 8 | v4[3]);
            i = n;
            break;
        }
        unsigned v = 0;
        size_t start = i;
        while (i < n && i - start < 4 && hex_value(s[i]) >= 0)
            v = v << 4 | (unsigned)hex_value(s[i++]);
        if (i == start)
            return false;
        g[ng++] = (uint16_t)v;
        if (i == n)
            break;
        if (s[i] != ':')
            return false;
        i++;
        if (i < n && s[i] == ':') {
            if (gap >= 0)
                return false;
            gap = ng;
            i++;
        } else if (i == n) {
            return false;                       /* a single trailing ':' */
        }
    }
    if (gap < 0 ? ng != 8 : ng > 7)
        return false;
    int zeros = 8 - ng;
    int k = 0;
    for (int x = 0; x < ng; x++) {
        if (x == gap)
            for (int z = 0; z < zeros; z++, k++)
                ip[2 * k] = ip[2 * k + 1] = 0;
        ip[2 * k] = (uint8_t)(g[x] >> 8);
        ip[2 * k + 1] = (uint8_t)g[x];
        k++;
    }
    if (gap == ng)
        for (int z = 0; z < zeros; z++, k++)
            ip[2 * k] = ip[2 * k + 1] = 0;
    return k == 8;
}

/* A decimal port 1..65535 in s[0..n). */
static bool parse_port(const char *s, size_t n, uint16_t *port)
{
    if (n == 0 || n > 5)
        return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v == 0 || v > 65535)
        return false;
    *port = (uint16_t)v;
    return true;
}

/* Splits "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 literal into the host
 * text (without brackets) and the port. */
static bool split_host_port(const char *s, size_t n, const char **host, size_t *hlen, uint16_t *port,
                            bool *bracketed)
{
    *bracketed = false;
    if (n && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (!close)
            return false;
        *host = s + 1;
        *hlen = (size_t)(close - s - 1);
        *bracketed = true;
        size_t rest = n - (size_t)(close - s) - 1;
        if (rest == 0)
            return true;
        return close[1] == ':' && parse_port(close + 2, rest - 1, port);
    }
    const char *colon = memchr(s, ':', n);
    if (colon && memchr(colon + 1, ':', n - (size_t)(colon - s) - 1)) {
        *host = s;                              /* two colons: a bare IPv6 literal, no port */
        *hlen = n;
        return true;
    }
    *host = s;
    *hlen = colon ? (size_t)(colon - s) : n;
    return !colon || parse_port(colon + 1, n - (size_t)(colon - s) - 1, port);
}

int h323_text_parse_addr(const char *s, uint16_t default_port, h323_addr *out)
{
    if (!s || !out)
        return -1;
    size_t n = strlen(s);
    const char *host;
    size_t hlen;
    uint16_t port = default_port;
    bool br;
    if (n == 0 || n > 64 || !split_host_port(s, n, &host, &hlen, &port, &br))
        return -1;
    h323_addr a = { 0 };
    if (!br && parse_v4(host, hlen, a.ip))
        a.family = 4;
    else if (parse_v6(host, hlen, a.ip))
        a.family = 6;
    else
        return -1;
    a.port = port;
    *out = a;
    return 0;
}

const char *h323_text_addr(const h323_addr *a, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    if (!a || (a->family != 4 && a->family != 6)) {
        snprintf(buf, size, "-");
        return buf;
    }
    if (a->family == 4) {
        snprintf(buf, size, "%u.%u.%u.%u:%u", a->ip[0], a->ip[1], a->ip[2], a->ip[3], a->port);
        return buf;
    }
    /* RFC 5952: lower case, no leading zeros, the longest run (>1) of zero groups as "::". */
    uint16_t g[8];
    for (int i = 0; i < 8; i++)
        g[i] = (uint16_t)(a->ip[2 * i] << 8 | a->ip[2 * i + 1]);
    int best = -1, best_len = 1;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && g[j] == 0)
            j++;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j > i ? j : i + 1;
    }
    char t[48];
    size_t k = 0;
    t[k++] = '[';
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            t[k++] = ':';
            if (i == 0)
                t[k++] = ':';
            i += best_len - 1;
            continue;
        }
        k += (size_t)snprintf(t + k, sizeof t - k, "%x", g[i]);
        if (i < 7)
            t[k++] = ':';
    }
    t[k] = 0;
    snprintf(buf, size, "%s]:%u", t, a->port);
    return buf;
}

int h323_text_parse_dest(const char *s, h323_text_dest *out)
{
    if (!s || !out)
        return -1;
    memset(out, 0, sizeof *out);
    if (strncmp(s, "h323:", 5) == 0)
        s += 5;
    size_t n = strlen(s);
    if (n == 0 || n > 400)
        return -1;
    /* The last '@' separates the alias from the host: an email-ID alias has one of its own. */
    const char *at = NULL;
    for (const char *p = s; *p; p++)
        if (*p == '@')
            at = p;
    const char *hp = s;
    size_t hn = n;
    if (at) {
        size_t an = (size_t)(at - s);
        if (an == 0 || an >= sizeof out->alias)
            return -1;
        memcpy(out->alias, s, an);
        hp = at + 1;
        hn = n - an - 1;
        if (hn == 0)
            return -1;
    }
    const char *host;
    size_t hlen;
    bool br;
    uint16_t port = 0;
    if (!split_host_port(hp, hn, &host, &hlen, &port, &br) || hlen == 0 || hlen >= sizeof out->host)
        return -1;
    /* Without '@' and without a port, a word that is no IP literal and has no dot is an
     * alias for the gatekeeper to resolve ("bob", "1234"). */
    uint8_t ip[16];
    if (!at && !port && !br && !memchr(host, '.', hlen) && !parse_v6(host, hlen, ip)) {
        if (hlen >= sizeof out->alias)
            return -1;
        memcpy(out->alias, host, hlen);
        return 0;
    }
    for (size_t i = 0; i < hlen; i++) {
        char c = host[i];
        if (c <= ' ' || c == '/' || c == '@' || c == '[' || c == ']' || c == 0x7F)
            return -1;
    }
    memcpy(out->host, host, hlen);
    out->port = port;
    return 0;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Copies the next word of *p into w (size bytes); false when it does not fit. */
static bool next_word(const char **p, char *w, size_t size)
{
    const char *s = skip_space(*p);
    size_t n = 0;
    while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\r' && s[n] != '\n')
        n++;
    if (n >= size)
        return false;
    memcpy(w, s, n);
    w[n] = 0;
    *p = s + n;
    return true;
}

static bool at_end(const char *p)
{
    p = skip_space(p);
    return *p == 0 || *p == '\r' || *p == '\n';
}

int h323_text_parse_command(const char *line, h323_text_cmd *cmd, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = NULL;
    if (!line || !cmd) {
        *why = "no command";
        return -1;
    }
    memset(cmd, 0, sizeof *cmd);
    const char *p = line;
    char word[16];
    if (!next_word(&p, word, sizeof word)) {
        *why = "unknown command";
        return -1;
    }
    if (word[0] == 0 || word[0] == '#') {
        cmd->type = H323_TEXT_EMPTY;
        return 0;
    }
    char arg[512];
    if (strcmp(word, "call") == 0) {
        cmd->type = H323_TEXT_CALL;
        if (!next_word(&p, arg, sizeof arg) || arg[0] == 0 || h323_text_parse_dest(arg, &cmd->dest) != 0) {
            *why = "call wants ALIAS@HOST[:PORT], HOST[:PORT] or ALIAS";
            return -1;
        }
    } else if (strcmp(word, "answer") == 0) {
        cmd->type = H323_TEXT_ANSWER;
    } else if (strcmp(word, "alert") == 0) {
        cmd->type = H323_TEXT_ALERT;
    } else if (strcmp(word, "hangup") == 0) {
        cmd->type = H323_TEXT_HANGUP;
        cmd->cause = H323_CAUSE_NORMAL;
        if (!next_word(&p, arg, sizeof arg)) {
            *why = "hangup wants a Q.850 cause 1..127";
            return -1;
        }
        if (arg[0]) {
            unsigned v = 0;
            size_t i = 0;
            for (; arg[i] && is_digit(arg[i]) && i < 3; i++)
                v = v * 10 + (unsigned)(arg[i] - '0');
            if (arg[i] || v < 1 || v > 127) {      /* Q.850 table 1: 7-bit cause values */
                *why = "hangup wants a Q.850 cause 1..127";
                return -1;
            }
            cmd->cause = v;
        }
    } else if (strcmp(word, "dtmf") == 0) {
        cmd->type = H323_TEXT_DTMF;
        if (!next_word(&p, cmd->digits, sizeof cmd->digits) || cmd->digits[0] == 0 ||
            strspn(cmd->digits, "0123456789*#ABCD!") != strlen(cmd->digits)) {
            memset(cmd->digits, 0, sizeof cmd->digits);
            *why = "dtmf wants 1 to 64 of 0-9 * # A-D ! (H.245 UserInputIndication signal)";
            return -1;
        }
    } else if (strcmp(word, "quit") == 0) {
        cmd->type = H323_TEXT_QUIT;
    } else {
        *why = "unknown command (call, answer, alert, hangup, dtmf, quit)";
        return -1;
    }
    if (!at_end(p)) {
        *why = "too many arguments";
        return -1;
    }
    return 0;
}

const char *h323_text_codec(uint32_t codec, char *buf, size_t size)
{
    static const char *const names[] = {
        [H245_AUDIO_NONSTD] = "nonstandard", [H245_AUDIO_G711_ALAW64K] = "g711a",
        [H245_AUDIO_G711_ALAW56K] = "g711a56", [H245_AUDIO_G711_ULAW64K] = "g711u",
        [H245_AUDIO_G711_ULAW56K] = "g711u56", [H245_AUDIO_G722_64K] = "g722",
        [H245_AUDIO_G722_56K] = "g722-56", [H245_AUDIO_G722_48K] = "g722-48",
        [H245_AUDIO_G7231] = "g7231", [H245_AUDIO_G728] = "g728", [H245_AUDIO_G729] = "g729",
        [H245_AUDIO_G729_ANNEX_A] = "g729a",
    };
    if (codec < sizeof names / sizeof names[0] && names[codec])
        snprintf(buf, size, "%s", names[codec]);
    else
        snprintf(buf, size, "codec-%u", (unsigned)codec);
    return buf;
}

/* Appends to buf[*k..size), keeping it NUL-terminated and *k at most size - 1. */
static void add(char *buf, size_t size, size_t *k, const char *fmt, ...)
{
    if (*k + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf + *k, size - *k, fmt, ap);
    va_end(ap);
    if (r < 0)
        return;
    *k = *k + (size_t)r < size - 1 ? *k + (size_t)r : size - 1;
}

static const char *h245_mode(enum h323_h245_mode m)
{
    return m == H323_H245_TUNNELLED ? "tunnelled" : m == H323_H245_SEPARATE ? "separate" : "none";
}

size_t h323_text_event(const h323_event *ev, uint32_t id, const h323_call_info *info, char *buf, size_t size)
{
    if (!buf || size == 0)
        return 0;
    buf[0] = 0;
    if (!ev)
        return 0;
    size_t k = 0;
    char a1[64], a2[64], c[24];
    switch (ev->type) {
    case H323_EV_INCOMING:
        add(buf, size, &k, "incoming %u", (unsigned)id);
        if (info)
            add(buf, size, &k, " from=\"%s\" number=\"%s\" to=\"%s\" to-number=\"%s\" display=\"%s\" signal=%s"
                " fast-start=%s",
                info->calling_alias, info->calling_number, info->called_alias, info->called_number,
                info->display, h323_text_addr(&info->remote_signal, a1, sizeof a1),
                info->fast_start ? "yes" : "no");
        break;
    case H323_EV_PROCEEDING: add(buf, size, &k, "proceeding %u", (unsigned)id); break;
    case H323_EV_ALERTING: add(buf, size, &k, "alerting %u", (unsigned)id); break;
    case H323_EV_CONNECTED:
        add(buf, size, &k, "connected %u", (unsigned)id);
        if (info)
            add(buf, size, &k, " fast-start=%s h245=%s", info->fast_start ? "yes" : "no", h245_mode(info->h245));
        break;
    case H323_EV_H245_READY:
        add(buf, size, &k, "h245-ready %u", (unsigned)id);
        if (info)
            add(buf, size, &k, " h245=%s master=%s", h245_mode(info->h245), info->h245_master ? "yes" : "no");
        break;
    case H323_EV_MEDIA:
    case H323_EV_MEDIA_CLOSED:
        add(buf, size, &k, "%s %u %s %s %u rtp=%s rtcp=%s lcn=%u", ev->type == H323_EV_MEDIA ? "media" : "media-closed",
            (unsigned)id, ev->u.media.direction == H323_DIR_TX ? "tx" : "rx",
            h323_text_codec(ev->u.media.codec, c, sizeof c), ev->u.media.frames,
            h323_text_addr(&ev->u.media.rtp, a1, sizeof a1), h323_text_addr(&ev->u.media.rtcp, a2, sizeof a2),
            ev->u.media.lcn);
        break;
    case H323_EV_DTMF:
        add(buf, size, &k, "dtmf %u %c %u", (unsigned)id,
            ev->u.dtmf.digit > ' ' && ev->u.dtmf.digit < 0x7F ? ev->u.dtmf.digit : '?', ev->u.dtmf.duration_ms);
        break;
    case H323_EV_RELEASED:
        add(buf, size, &k, "released %u cause=%u local=%s", (unsigned)id, (unsigned)ev->u.released.cause,
            ev->u.released.local ? "yes" : "no");
        if (ev->u.released.reason != UINT32_MAX)
            add(buf, size, &k, " reason=%u", (unsigned)ev->u.released.reason);
        if (ev->u.released.text)
            add(buf, size, &k, " (%s)", ev->u.released.text);
        break;
    case H323_EV_REGISTERED:
    case H323_EV_REG_FAILED:
    case H323_EV_UNREGISTERED:
        add(buf, size, &k, "%s gk=\"%s\" ep=\"%s\" ttl=%u",
            ev->type == H323_EV_REGISTERED ? "registered" : ev->type == H323_EV_REG_FAILED ? "reg-failed" : "unregistered",
            ev->u.ras.gatekeeper_id ? ev->u.ras.gatekeeper_id : "", ev->u.ras.endpoint_id ? ev->u.ras.endpoint_id : "",
            (unsigned)ev->u.ras.ttl_s);
        if (ev->type == H323_EV_REG_FAILED && ev->u.ras.reject_reason == UINT32_MAX)
            add(buf, size, &k, " reject=no-answer");
        else if (ev->type == H323_EV_REG_FAILED)
            add(buf, size, &k, " reject=%u", (unsigned)ev->u.ras.reject_reason);
        break;
    case H323_EV_LOG:
        add(buf, size, &k, "log %u %s", (unsigned)id, ev->u.log.text ? ev->u.log.text : "");
        break;
    default:
        add(buf, size, &k, "event-%d %u", (int)ev->type, (unsigned)id);
        break;
    }
    return k;
}
