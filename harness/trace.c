/* harness/trace.c - see trace.h. */
#include "trace.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[HX_TR_KIND_COUNT] = {
    "call", "return", "callback", "deliver", "app", "msp", "report", "note",
};

static const char *const lane_names[HX_LANE_COUNT] = { "APP", "TAPISRV", "TSP", "MSP" };

const char *hx_trace_kind_name(hx_trace_kind k)
{
    return (unsigned)k < HX_TR_KIND_COUNT ? kind_names[k] : "?";
}

const char *hx_lane_name(hx_lane lane)
{
    return (unsigned)lane < HX_LANE_COUNT ? lane_names[lane] : "?";
}

/* An output that counts what it wanted and writes what fits (one byte kept for NUL). */
typedef struct out {
    char *buf;
    size_t len, pos;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->pos < o->len) {
        size_t room = o->len - 1 - o->pos;
        memcpy(o->buf + o->pos, s, n < room ? n : room);
    }
    o->pos += n;
}

static void puts_(out *o, const char *s) { put(o, s, strlen(s)); }

static size_t finish(out *o)
{
    if (o->len) o->buf[o->pos < o->len ? o->pos : o->len - 1] = '\0';
    return o->pos;
}

size_t hx_trace_format_text(const hx_trace_rec *r, char *buf, size_t len)
{
    out o = { buf, len, 0 };
    char head[64];
    const char *name = r->name ? r->name : "", *detail = r->detail ? r->detail : "";
    snprintf(head, sizeof head, "[%4lu.%06lu] ", (unsigned long)(r->t_us / 1000000u),
             (unsigned long)(r->t_us % 1000000u));
    puts_(&o, head);
    switch (r->kind) {
    case HX_TR_REPORT:
        puts_(&o, detail);
        break;
    case HX_TR_NOTE:
        puts_(&o, name);
        if (*name && *detail) puts_(&o, ": ");
        puts_(&o, detail);
        break;
    default:
        snprintf(head, sizeof head, "%-7s -> %-7s ", hx_lane_name(r->from), hx_lane_name(r->to));
        puts_(&o, head);
        puts_(&o, name);
        if (r->kind == HX_TR_RETURN) {
            if (*detail) puts_(&o, " ");
            puts_(&o, detail);
        } else {
            puts_(&o, "(");
            puts_(&o, detail);
            puts_(&o, ")");
        }
        break;
    }
    return finish(&o);
}

/* One code point of UTF-8 at s (n bytes left): its value, or 0xFFFD for a bad
 * sequence (overlong, surrogate, beyond U+10FFFF, truncated), consuming *used bytes. */
static unsigned long utf8_next(const unsigned char *s, size_t n, size_t *used)
{
    unsigned long cp;
    size_t need, i;
    if (s[0] < 0x80) { *used = 1; return s[0]; }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) { need = 1; cp = s[0] & 0x1Fu; }
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) { need = 2; cp = s[0] & 0x0Fu; }
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) { need = 3; cp = s[0] & 0x07u; }
    else { *used = 1; return 0xFFFDu; }
    for (i = 1; i <= need; i++) {
        if (i >= n || (s[i] & 0xC0) != 0x80) { *used = i; return 0xFFFDu; }
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    *used = need + 1;
    if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFDu;
    return cp;
}

/* One escaped unit of a JSON string: at most 12 bytes ("\ud83d\ude00"). */
static size_t json_escape_one(unsigned long cp, char e[16])
{
    if (cp == '"') return (size_t)snprintf(e, 16, "\\\"");
    if (cp == '\\') return (size_t)snprintf(e, 16, "\\\\");
    if (cp == '\n') return (size_t)snprintf(e, 16, "\\n");
    if (cp == '\r') return (size_t)snprintf(e, 16, "\\r");
    if (cp == '\t') return (size_t)snprintf(e, 16, "\\t");
    if (cp >= 0x20 && cp < 0x7F) {
        e[0] = (char)cp;
        e[1] = '\0';
        return 1;
    }
    if (cp < 0x10000) return (size_t)snprintf(e, 16, "\\u%04lx", cp);
    cp -= 0x10000;
    return (size_t)snprintf(e, 16, "\\u%04lx\\u%04lx", 0xD800u + (cp >> 10), 0xDC00u + (cp & 0x3FFu));
}

/* Writes s as a JSON string: at most max_chars characters and max_bytes bytes of
 * escapes between the quotes, never half an escape. Returns the bytes between quotes. */
static size_t put_json_string(out *o, const char *s, size_t max_chars, size_t max_bytes)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), used, chars = 0, bytes = 0;
    char e[16];
    put(o, "\"", 1);
    while (n && chars < max_chars) {
        size_t el = json_escape_one(utf8_next(p, n, &used), e);
        if (bytes + el > max_bytes) break;
        put(o, e, el);
        bytes += el;
        p += used;
        n -= used;
        chars++;
    }
    put(o, "\"", 1);
    return bytes;
}

static void put_json(out *o, const hx_trace_rec *r, size_t name_max, size_t detail_max)
{
    char num[160];
    snprintf(num, sizeof num, "{\"t_us\":%llu,\"kind\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"name\":",
             (unsigned long long)r->t_us, hx_trace_kind_name(r->kind), hx_lane_name(r->from),
             hx_lane_name(r->to));
    puts_(o, num);
    put_json_string(o, r->name ? r->name : "", HX_TRACE_NAME_MAX, name_max);
    puts_(o, ",\"detail\":");
    put_json_string(o, r->detail ? r->detail : "", (size_t)-1, detail_max);
    snprintf(num, sizeof num, ",\"request\":%lu,\"thread\":%llu}", r->request,
             (unsigned long long)r->thread);
    puts_(o, num);
}

size_t hx_trace_format_json(const hx_trace_rec *r, char *buf, size_t len)
{
    out count = { NULL, 0, 0 }, o = { buf, len, 0 };
    size_t wanted, fixed, room, name_bytes;
    put_json(&count, r, (size_t)-1, (size_t)-1);
    wanted = count.pos;
    if (wanted < len || len == 0) {
        put_json(&o, r, (size_t)-1, (size_t)-1);
        finish(&o);
        return wanted;
    }
    /* Too long: measure the record with both strings empty, then share what is left
     * between them, the name first (it is short). */
    count.pos = 0;
    put_json(&count, r, 0, 0);
    fixed = count.pos;
    room = fixed < len - 1 ? len - 1 - fixed : 0;
    count.pos = 0;
    name_bytes = put_json_string(&count, r->name ? r->name : "", HX_TRACE_NAME_MAX, room / 2);
    put_json(&o, r, name_bytes, room - name_bytes);
    finish(&o);
    return wanted;
}
