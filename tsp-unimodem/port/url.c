/*
 * port/url.c - the port URL parser (see url.h). Pure and bounded: every read is checked
 * against the given length, every write against its buffer.
 */
#include "url.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct span {
    const char *s;
    size_t n;
} span;

static int fail(char *msg, size_t msg_size, const char *fmt, ...)
{
    if (msg && msg_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, msg_size, fmt, ap);
        va_end(ap);
    }
    return UMP_EINVAL;
}

/* A printable, bounded copy of untrusted text for an error message. */
static const char *shown(span t, char *buf, size_t size)
{
    size_t i, n = t.n < size - 4 ? t.n : size - 4;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t.s[i];
        buf[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (n < t.n) buf[i++] = '.', buf[i++] = '.', buf[i++] = '.';
    buf[i] = '\0';
    return buf;
}

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

static bool span_is(span t, const char *word)
{
    size_t i, n = strlen(word);
    if (t.n != n) return false;
    for (i = 0; i < n; i++)
        if (lower((unsigned char)t.s[i]) != word[i]) return false;
    return true;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decimal 0..max, digits only. */
static bool parse_uint(span t, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    size_t i;
    if (t.n == 0 || t.n > 10) return false;
    for (i = 0; i < t.n; i++) {
        if (t.s[i] < '0' || t.s[i] > '9') return false;
        v = v * 10 + (unsigned long)(t.s[i] - '0');
        if (v > max) return false;
    }
    *out = v;
    return true;
}

/* 1-4 hex digits. */
static bool parse_hex16(span t, uint16_t *out)
{
    unsigned v = 0;
    size_t i;
    if (t.n == 0 || t.n > 4) return false;
    for (i = 0; i < t.n; i++) {
        int h = hexval((unsigned char)t.s[i]);
        if (h < 0) return false;
        v = v * 16 + (unsigned)h;
    }
    *out = (uint16_t)v;
    return true;
}

/* %XX-decodes t into out (size bytes with the terminator). Rejects bad escapes, a decoded
 * NUL and text that does not fit. */
static bool decode(span t, char *out, size_t size)
{
    size_t i, o = 0;
    for (i = 0; i < t.n; i++) {
        int c = (unsigned char)t.s[i];
        if (c == '%') {
            int hi, lo;
            if (t.n - i < 3) return false;
            hi = hexval((unsigned char)t.s[i + 1]);
            lo = hexval((unsigned char)t.s[i + 2]);
            if (hi < 0 || lo < 0) return false;
            c = hi * 16 + lo;
            i += 2;
        }
        if (c == 0 || o + 1 >= size) return false;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return true;
}

static bool is_name_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_';
}

/* "//host:port" for tcp and rfc2217. */
static int parse_host_port(span t, ump_url *u, char *msg, size_t msg_size)
{
    span host, port;
    char show[48];
    unsigned long v;
    size_t i, o;
    bool zone = false;

    if (t.n < 2 || t.s[0] != '/' || t.s[1] != '/')
        return fail(msg, msg_size, "%s URL needs //host:port", ump_scheme_name(u->scheme));
    t.s += 2, t.n -= 2;
    if (t.n > 0 && t.s[0] == '[') {            /* [IPv6] */
        const char *end = memchr(t.s, ']', t.n);
        if (!end) return fail(msg, msg_size, "missing ] after IPv6 address");
        host.s = t.s + 1;
        host.n = (size_t)(end - host.s);
        if (host.n == 0) return fail(msg, msg_size, "empty IPv6 address");
        if (host.n >= sizeof u->host) return fail(msg, msg_size, "host name too long");
        /* address [ "%25" zone ] (RFC 6874; a bare "%" is taken too), stored as addr%zone */
        for (i = 0, o = 0; i < host.n; i++) {
            int c = (unsigned char)host.s[i];
            if (c == '%' && !zone) {
                zone = true;
                if (host.n - i >= 3 && host.s[i + 1] == '2' && host.s[i + 2] == '5') i += 2;
            } else if (zone ? !is_name_char(c) : !(hexval(c) >= 0 || c == ':' || c == '.')) {
                return fail(msg, msg_size, "bad character in IPv6 address [%s]",
                            shown(host, show, sizeof show));
            }
            u->host[o++] = (char)c;
        }
        u->host[o] = '\0';
        t.n -= (size_t)(end + 1 - t.s);
        t.s = end + 1;
        if (t.n == 0 || t.s[0] != ':') return fail(msg, msg_size, "missing :port after ]");
        port.s = t.s + 1, port.n = t.n - 1;
    } else {
        const char *colon = NULL;
        for (i = 0; i < t.n; i++)
            if (t.s[i] == ':') colon = t.s + i;
        if (!colon) return fail(msg, msg_size, "missing :port");
        host.s = t.s, host.n = (size_t)(colon - t.s);
        port.s = colon + 1, port.n = t.n - host.n - 1;
        if (host.n == 0) return fail(msg, msg_size, "empty host name");
        for (i = 0; i < host.n; i++)
            if (!is_name_char((unsigned char)host.s[i]))
                return fail(msg, msg_size, "bad character in host name '%s'",
                            shown(host, show, sizeof show));
        if (host.n >= sizeof u->host) return fail(msg, msg_size, "host name too long");
        memcpy(u->host, host.s, host.n);
        u->host[host.n] = '\0';
    }
    if (!parse_uint(port, 65535, &v) || v == 0)
        return fail(msg, msg_size, "bad TCP port '%s' (1..65535)", shown(port, show, sizeof show));
    u->port = (uint16_t)v;
    return UMP_OK;
}

static bool coding_applies(ump_scheme s) { return s != UMP_SCHEME_TCP; }

static int parse_param(span key, span val, ump_url *u, unsigned *seen, char *msg, size_t msg_size)
{
    static const char *const keys[] = { "baud", "data", "parity", "stop", "flow", "serial",
                                        "interface", "timeout" };
    char value[UMP_URL_SERIAL_MAX], show[48];
    span v;
    unsigned long n;
    size_t k;

    for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (span_is(key, keys[k])) break;
    if (k == sizeof keys / sizeof keys[0])
        return fail(msg, msg_size, "unknown parameter '%s'", shown(key, show, sizeof show));
    if (*seen & (1u << k)) return fail(msg, msg_size, "parameter '%s' given twice", keys[k]);
    *seen |= 1u << k;
    if (val.n == 0) return fail(msg, msg_size, "parameter '%s' has no value", keys[k]);
    if (!decode(val, value, sizeof value))
        return fail(msg, msg_size, "bad value for '%s' (bad %%-escape, NUL or too long)", keys[k]);
    v.s = value, v.n = strlen(value);

    if (k <= 4 && !coding_applies(u->scheme))
        return fail(msg, msg_size, "'%s' does not apply to tcp:// (raw TCP has no line coding;"
                    " use rfc2217://)", keys[k]);
    if ((k == 5 || k == 6) && u->scheme != UMP_SCHEME_USB)
        return fail(msg, msg_size, "'%s' applies to usb: only", keys[k]);
    if (k == 7 && u->scheme != UMP_SCHEME_TCP && u->scheme != UMP_SCHEME_RFC2217)
        return fail(msg, msg_size, "'timeout' applies to tcp:// and rfc2217:// only");

    switch (k) {
    case 0:
        if (!parse_uint(v, 4000000, &n) || n == 0)
            return fail(msg, msg_size, "bad baud '%s' (1..4000000)", shown(v, show, sizeof show));
        u->coding.baud = (uint32_t)n;
        u->coding_given |= UMP_URL_BAUD;
        break;
    case 1:
        if (!parse_uint(v, 8, &n) || n < 5)
            return fail(msg, msg_size, "bad data bits '%s' (5..8)", shown(v, show, sizeof show));
        u->coding.data_bits = (uint8_t)n;
        u->coding_given |= UMP_URL_DATA;
        break;
    case 2: {
        static const char *const names[] = { "none", "odd", "even", "mark", "space" };
        static const char *const shorts[] = { "n", "o", "e", "m", "s" };
        size_t i;
        for (i = 0; i < 5; i++)
            if (span_is(v, names[i]) || span_is(v, shorts[i])) break;
        if (i == 5)
            return fail(msg, msg_size, "bad parity '%s' (none|odd|even|mark|space)",
                        shown(v, show, sizeof show));
        u->coding.parity = (ump_parity)i;
        u->coding_given |= UMP_URL_PARITY;
        break;
    }
    case 3:
        if (!parse_uint(v, 2, &n) || n < 1)
            return fail(msg, msg_size, "bad stop bits '%s' (1|2)", shown(v, show, sizeof show));
        u->coding.stop_bits = (uint8_t)n;
        u->coding_given |= UMP_URL_STOP;
        break;
    case 4: {
        static const char *const names[] = { "none", "rtscts", "xonxoff", "dtrdsr" };
        size_t i;
        for (i = 0; i < 4; i++)
            if (span_is(v, names[i])) break;
        if (i == 4)
            return fail(msg, msg_size, "bad flow '%s' (none|rtscts|xonxoff|dtrdsr)",
                        shown(v, show, sizeof show));
        u->coding.flow = (ump_flow)i;
        u->coding_given |= UMP_URL_FLOW;
        break;
    }
    case 5:
        memcpy(u->usb_serial, value, v.n + 1);   /* decode() bounded it to the same size */
        break;
    case 6:
        if (!parse_uint(v, 255, &n))
            return fail(msg, msg_size, "bad interface '%s' (0..255)", shown(v, show, sizeof show));
        u->usb_interface = (int)n;
        break;
    default:
        if (!parse_uint(v, 600000, &n) || n == 0)
            return fail(msg, msg_size, "bad timeout '%s' (1..600000 ms)",
                        shown(v, show, sizeof show));
        u->timeout_ms = (int)n;
        break;
    }
    return UMP_OK;
}

const char *ump_scheme_name(ump_scheme s)
{
    switch (s) {
    case UMP_SCHEME_SERIAL: return "serial";
    case UMP_SCHEME_TTY: return "tty";
    case UMP_SCHEME_USB: return "usb";
    case UMP_SCHEME_TCP: return "tcp";
    case UMP_SCHEME_RFC2217: return "rfc2217";
    }
    return "?";
}

int ump_url_parse(const char *url, size_t len, ump_url *u, char *msg, size_t msg_size)
{
    static const ump_scheme schemes[] = { UMP_SCHEME_SERIAL, UMP_SCHEME_TTY, UMP_SCHEME_USB,
                                          UMP_SCHEME_TCP, UMP_SCHEME_RFC2217 };
    span scheme, rest, query = { NULL, 0 };
    const char *colon, *q;
    char show[48];
    unsigned seen = 0;
    size_t i;
    int rc;

    if (msg && msg_size > 0) msg[0] = '\0';
    if (!u) return fail(msg, msg_size, "no result buffer");
    memset(u, 0, sizeof *u);
    u->usb_interface = -1;
    u->timeout_ms = 5000;
    u->coding.baud = 115200;
    u->coding.data_bits = 8;
    u->coding.stop_bits = 1;
    u->coding.parity = UMP_PARITY_NONE;
    u->coding.flow = UMP_FLOW_NONE;
    if (!url) return fail(msg, msg_size, "no URL");
    if (len > UMP_URL_MAX) return fail(msg, msg_size, "URL longer than %d bytes", UMP_URL_MAX);
    if (memchr(url, '\0', len)) return fail(msg, msg_size, "NUL byte inside the URL");

    colon = memchr(url, ':', len);
    if (!colon) return fail(msg, msg_size, "no scheme (serial:, tty:, usb:, tcp://, rfc2217://)");
    scheme.s = url, scheme.n = (size_t)(colon - url);
    for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (span_is(scheme, ump_scheme_name(schemes[i]))) break;
    if (i == sizeof schemes / sizeof schemes[0])
        return fail(msg, msg_size, "unknown scheme '%s' (serial, tty, usb, tcp, rfc2217)",
                    shown(scheme, show, sizeof show));
    u->scheme = schemes[i];

    rest.s = colon + 1, rest.n = len - scheme.n - 1;
    q = memchr(rest.s, '?', rest.n);
    if (q) {
        query.s = q + 1, query.n = (size_t)(rest.s + rest.n - query.s);
        rest.n = (size_t)(q - rest.s);
    }

    switch (u->scheme) {
    case UMP_SCHEME_SERIAL:
    case UMP_SCHEME_TTY:
        if (rest.n == 0) return fail(msg, msg_size, "%s: needs a device path", ump_scheme_name(u->scheme));
        if (!decode(rest, u->path, sizeof u->path))
            return fail(msg, msg_size, "bad device path (bad %%-escape, NUL or longer than %d)",
                        UMP_URL_PATH_MAX - 1);
        break;
    case UMP_SCHEME_USB: {
        const char *c2 = memchr(rest.s, ':', rest.n);
        span vid, pid;
        if (!c2) return fail(msg, msg_size, "usb: needs vid:pid in hex, e.g. usb:0572:1329");
        vid.s = rest.s, vid.n = (size_t)(c2 - rest.s);
        pid.s = c2 + 1, pid.n = rest.n - vid.n - 1;
        if (!parse_hex16(vid, &u->vid) || !parse_hex16(pid, &u->pid))
            return fail(msg, msg_size, "bad usb vid:pid '%s' (1-4 hex digits each)",
                        shown(rest, show, sizeof show));
        break;
    }
    default:
        rc = parse_host_port(rest, u, msg, msg_size);
        if (rc) return rc;
        break;
    }

    while (query.s && query.n > 0) {
        const char *amp = memchr(query.s, '&', query.n);
        span item = { query.s, amp ? (size_t)(amp - query.s) : query.n }, key, val;
        const char *eq = memchr(item.s, '=', item.n);
        if (!eq) return fail(msg, msg_size, "parameter '%s' needs key=value", shown(item, show, sizeof show));
        key.s = item.s, key.n = (size_t)(eq - item.s);
        val.s = eq + 1, val.n = item.n - key.n - 1;
        rc = parse_param(key, val, u, &seen, msg, msg_size);
        if (rc) return rc;
        if (!amp) break;
        query.n -= item.n + 1;
        query.s = amp + 1;
        if (query.n == 0) return fail(msg, msg_size, "empty parameter after '&'");
    }
    if (q && seen == 0) return fail(msg, msg_size, "'?' with no parameters");
    return UMP_OK;
}
