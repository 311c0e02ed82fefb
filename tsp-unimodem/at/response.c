/*
 * tsp-unimodem/at/response.c - the result-code parser (see response.h).
 */
#include "at/response.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

typedef struct { const char *s; size_t len; } span;

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Separators of the CONNECT suffixes (strchr() would also match the NUL byte). */
static bool sep(char c)
{
    return c == ' ' || c == '\t' || c == '/' || c == '-';
}

static span trim(span v)
{
    while (v.len && blank(v.s[0])) { v.s++; v.len--; }
    while (v.len && blank(v.s[v.len - 1])) v.len--;
    return v;
}

static bool ieq(span v, const char *w)
{
    size_t n = strlen(w);
    if (v.len != n) return false;
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)v.s[i]) != (unsigned char)w[i]) return false;
    return true;
}

/* v starts with the upper-case word w (case ignored); the rest is returned in *rest. */
static bool starts(span v, const char *w, span *rest)
{
    size_t n = strlen(w);
    if (v.len < n) return false;
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)v.s[i]) != (unsigned char)w[i]) return false;
    *rest = (span){ v.s + n, v.len - n };
    return true;
}

/* Leading decimal digits of v as a rate; 0 when there are none or too many. */
static uint32_t leading_rate(span v)
{
    uint32_t x = 0;
    size_t i = 0;
    while (i < v.len && isdigit((unsigned char)v.s[i])) {
        if (i == 9) return 0;
        x = x * 10 + (uint32_t)(v.s[i] - '0');
        i++;
    }
    return x;
}

static bool is_variable(uint8_t state)
{
    uint8_t s = state & (uint8_t)~UM_RS_VARIABLE;
    return (state & UM_RS_VARIABLE) || (s >= UM_RS_DRON && s <= UM_RS_MESG);
}

int um_state_is_final(uint8_t state)
{
    switch (state) {
    case UM_RS_OK: case UM_RS_CONNECT: case UM_RS_ERROR: case UM_RS_NOCARRIER:
    case UM_RS_NODIALTONE: case UM_RS_BUSY: case UM_RS_NOANSWER: case UM_RS_BLACKLISTED:
    case UM_RS_DELAYED:
        return 1;
    default:
        return 0;
    }
}

/* The text after "CONNECT": a rate, then suffix words (see response.h). */
static void parse_connect(span rest, um_result *r)
{
    static const char *const ec[] = { "ARQ", "REL", "LAPM", "LAP-M", "MNP", "MNP2", "MNP3", "MNP4",
                                      "V42", "V.42", "ALT", "ECL", NULL };
    static const char *const comp[] = { "V42BIS", "V.42BIS", "V42B", "MNP5", "V44", "V.44", "BTLZ",
                                        "COMP", "COMPRESSED", NULL };
    static const char *const cell[] = { "CELLULAR", "ETC", NULL };
    size_t i = 0;
    while (i < rest.len) {
        while (i < rest.len && sep(rest.s[i])) i++;
        size_t j = i;
        while (j < rest.len && !sep(rest.s[j])) j++;
        if (i == j) break;
        span w = { rest.s + i, j - i };
        i = j;
        if (isdigit((unsigned char)w.s[0])) {
            /* "1200/75", "75TX/1200RX": the faster direction is the connection's rate. */
            uint32_t rate = leading_rate(w);
            if (rate > r->dce_rate) r->dce_rate = rate;
            continue;
        }
        for (const char *const *k = ec; *k; k++)
            if (ieq(w, *k)) r->options |= UM_OPT_ERROR_CONTROL;
        for (const char *const *k = comp; *k; k++)
            if (ieq(w, *k)) r->options |= UM_OPT_COMPRESSION | UM_OPT_ERROR_CONTROL;
        for (const char *const *k = cell; *k; k++)
            if (ieq(w, *k)) r->options |= UM_OPT_CELLULAR;
    }
}

/* The value of a caller ID line after its keyword: blanks, '=', blanks. */
static bool cid_value(span rest, bool need_equals, um_result *r)
{
    rest = trim(rest);
    if (rest.len && rest.s[0] == '=') {
        rest.s++;
        rest.len--;
    } else if (need_equals) {
        return false;
    }
    rest = trim(rest);
    r->value = rest.s;
    r->value_len = rest.len;
    return true;
}

static bool none_word(span v)
{
    v = trim(v);
    return v.len == 0 || ieq(v, "NONE");
}

static um_result builtin(span line)
{
    static const struct { const char *text; uint8_t state; } words[] = {
        { "OK", UM_RS_OK }, { "CONNECT", UM_RS_CONNECT }, { "RING", UM_RS_RING },
        { "NO CARRIER", UM_RS_NOCARRIER }, { "ERROR", UM_RS_ERROR },
        { "NO DIALTONE", UM_RS_NODIALTONE }, { "NO DIAL TONE", UM_RS_NODIALTONE },
        { "BUSY", UM_RS_BUSY }, { "NO ANSWER", UM_RS_NOANSWER }, { "DELAYED", UM_RS_DELAYED },
        { "BLACKLISTED", UM_RS_BLACKLISTED }, { "VCON", UM_RS_OK },
    };
    /* V.250 5.7.1 Table 1, numeric forms. */
    static const uint8_t numeric[10] = { UM_RS_OK, UM_RS_CONNECT, UM_RS_RING, UM_RS_NOCARRIER,
                                         UM_RS_ERROR, UM_RS_UNKNOWN, UM_RS_NODIALTONE, UM_RS_BUSY,
                                         UM_RS_NOANSWER, UM_RS_UNKNOWN };
    static const struct { const char *key; uint8_t state; } cid[] = {
        { "DATE", UM_RS_DATE }, { "TIME", UM_RS_TIME }, { "NMBR", UM_RS_NMBR },
        { "NAME", UM_RS_NAME }, { "MESG", UM_RS_MESG },
    };
    um_result r = { UM_RS_UNKNOWN, 0, UM_SRC_BUILTIN, 0, 0, NULL, 0 };
    span rest;

    if (line.len == 1 && isdigit((unsigned char)line.s[0])) {
        r.state = numeric[line.s[0] - '0'];
    } else if (starts(line, "CONNECT", &rest) && (rest.len == 0 || (sep(rest.s[0]) && rest.s[0] != '-'))) {
        r.state = UM_RS_CONNECT;
        parse_connect(rest, &r);
    } else if (starts(line, "CARRIER", &rest) && rest.len > 1 && blank(rest.s[0])
               && (r.dce_rate = leading_rate(trim(rest))) != 0) {
        r.state = UM_RS_LOOP;
    } else if (starts(line, "+MRR:", &rest)) {
        r.state = UM_RS_LOOP;
        r.dce_rate = leading_rate(trim(rest));
    } else if (starts(line, "+MCR:", &rest)) {
        r.state = UM_RS_LOOP;
    } else if (starts(line, "PROTOCOL:", &rest) || starts(line, "+ER:", &rest)) {
        r.state = UM_RS_LOOP;
        if (!none_word(rest)) r.options = UM_OPT_ERROR_CONTROL;
        span w;
        if (starts(trim(rest), "ALT-CELLULAR", &w)) r.options |= UM_OPT_CELLULAR;
    } else if (starts(line, "COMPRESSION:", &rest) || starts(line, "+DR:", &rest)) {
        r.state = UM_RS_LOOP;
        if (!none_word(rest)) r.options = UM_OPT_COMPRESSION;
    } else if (starts(line, "+ILRR:", &rest)) {
        r.state = UM_RS_LOOP;
        r.dte_rate = leading_rate(trim(rest));
    } else {
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            if (ieq(line, words[i].text)) {
                r.state = words[i].state;
                break;
            }
        for (size_t i = 0; r.state == UM_RS_UNKNOWN && i < sizeof cid / sizeof cid[0]; i++)
            if (starts(line, cid[i].key, &rest) && cid_value(rest, true, &r)) r.state = cid[i].state;
    }
    if (r.state == UM_RS_UNKNOWN) r.source = UM_SRC_NONE;
    return r;
}

um_result um_response_match(const um_profile *p, const char *text, size_t len)
{
    span line = trim((span){ text, len });
    size_t n = p ? um_profile_response_count(p) : 0;
    size_t best = n, best_len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t elen;
        um_response_info info;
        const char *e = um_profile_response(p, i, &elen, &info);
        if (!is_variable(info.state)) {
            if (elen != line.len || memcmp(e, line.s, elen) != 0) continue;
            um_result r = { info.state, info.options, UM_SRC_TABLE, info.dce_rate, info.dte_rate, NULL, 0 };
            if (r.state == UM_RS_CONNECT && r.dce_rate == 0) {
                um_result b = builtin(line);
                if (b.state == UM_RS_CONNECT) {
                    r.dce_rate = b.dce_rate;
                    r.options |= b.options;
                }
            }
            return r;
        }
        if (elen <= line.len && elen > best_len && memcmp(e, line.s, elen) == 0) {
            best = i;
            best_len = elen;
        }
    }
    if (best < n) {
        um_response_info info;
        um_profile_response(p, best, NULL, &info);
        um_result r = { (uint8_t)(info.state & ~UM_RS_VARIABLE), info.options, UM_SRC_TABLE,
                        info.dce_rate, info.dte_rate, NULL, 0 };
        cid_value((span){ line.s + best_len, line.len - best_len }, false, &r);
        return r;
    }
    return builtin(line);
}
