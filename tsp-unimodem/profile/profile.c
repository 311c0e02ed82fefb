/*
 * tsp-unimodem/profile/profile.c - the modem description model and its text-format
 * parser (see profile.h).
 */
#include "profile.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char text[UM_PROFILE_RESPONSE_MAX + 1];
    size_t len;
    um_response_info info;
} um_response_entry;

typedef struct {
    unsigned places;                            /* numbered entries so far, "None" included */
    unsigned count;                             /* entries that send something */
    char items[UM_PROFILE_LIST_MAX][UM_PROFILE_STR_MAX + 1];
} um_cmd_list;

struct um_profile {
    char name[UM_PROFILE_STR_MAX + 1];
    char reset[UM_PROFILE_STR_MAX + 1];
    um_cmd_list lists[UM_LIST_COUNT];
    char settings[UM_SET_COUNT][UM_PROFILE_STR_MAX + 1];
    bool has_setting[UM_SET_COUNT];
    um_properties props;
    um_dcb dcb;
    uint32_t voice;
    uint32_t inactivity_scale;
    um_response_entry *resp;
    size_t nresp, cap;
};

/* ---- names ---------------------------------------------------------------------- */

/* The Settings value names of Unimodem's INF/registry (support.microsoft.com KB 250649,
 * "Description of the Modem Settings Key in the Windows Registry"; Windows 2000 and
 * later INFs spell the timer CallSetupFailTimer and the dial modes Tone/Pulse). */
static const char *const setting_names[UM_SET_COUNT] = {
    [UM_SET_PREFIX] = "Prefix",
    [UM_SET_TERMINATOR] = "Terminator",
    [UM_SET_DIAL_PREFIX] = "DialPrefix",
    [UM_SET_DIAL_SUFFIX] = "DialSuffix",
    [UM_SET_TONE] = "Tone",
    [UM_SET_PULSE] = "Pulse",
    [UM_SET_BLIND_ON] = "Blind_On",
    [UM_SET_BLIND_OFF] = "Blind_Off",
    [UM_SET_CALL_SETUP_FAIL_TIMER] = "CallSetupFailTimer",
    [UM_SET_INACTIVITY_TIMEOUT] = "InactivityTimeout",
    [UM_SET_SPEAKER_VOLUME_LOW] = "SpeakerVolume_Low",
    [UM_SET_SPEAKER_VOLUME_MED] = "SpeakerVolume_Med",
    [UM_SET_SPEAKER_VOLUME_HIGH] = "SpeakerVolume_High",
    [UM_SET_SPEAKER_MODE_OFF] = "SpeakerMode_Off",
    [UM_SET_SPEAKER_MODE_DIAL] = "SpeakerMode_Dial",
    [UM_SET_SPEAKER_MODE_ON] = "SpeakerMode_On",
    [UM_SET_SPEAKER_MODE_SETUP] = "SpeakerMode_Setup",
    [UM_SET_FLOW_CONTROL_OFF] = "FlowControl_Off",
    [UM_SET_FLOW_CONTROL_HARD] = "FlowControl_Hard",
    [UM_SET_FLOW_CONTROL_SOFT] = "FlowControl_Soft",
    [UM_SET_ERROR_CONTROL_ON] = "ErrorControl_On",
    [UM_SET_ERROR_CONTROL_OFF] = "ErrorControl_Off",
    [UM_SET_ERROR_CONTROL_FORCED] = "ErrorControl_Forced",
    [UM_SET_ERROR_CONTROL_CELLULAR] = "ErrorControl_Cellular",
    [UM_SET_ERROR_CONTROL_CELLULAR_FORCED] = "ErrorControl_Cellular_Forced",
    [UM_SET_COMPRESSION_ON] = "Compression_On",
    [UM_SET_COMPRESSION_OFF] = "Compression_Off",
    [UM_SET_MODULATION_CCITT] = "Modulation_CCITT",
    [UM_SET_MODULATION_BELL] = "Modulation_Bell",
    [UM_SET_MODULATION_CCITT_V23] = "Modulation_CCITT_V23",
    [UM_SET_SPEED_NEGOTIATION_ON] = "SpeedNegotiation_On",
    [UM_SET_SPEED_NEGOTIATION_OFF] = "SpeedNegotiation_Off",
};

static const char *const list_names[UM_LIST_COUNT] = {
    [UM_LIST_INIT] = "Init",
    [UM_LIST_MONITOR] = "Monitor",
    [UM_LIST_ANSWER] = "Answer",
    [UM_LIST_HANGUP] = "Hangup",
    [UM_LIST_CALLERID] = "EnableCallerID",
    [UM_LIST_VOICE_ANSWER] = "VoiceAnswer",
    [UM_LIST_VOICE_DIAL_SETUP] = "VoiceDialNumberSetup",
};

static const struct { uint8_t state; const char *name; } state_names[] = {
    { UM_RS_OK, "OK" },
    { UM_RS_LOOP, "LOOP" },
    { UM_RS_CONNECT, "CONNECT" },
    { UM_RS_ERROR, "ERROR" },
    { UM_RS_NOCARRIER, "NOCARRIER" },
    { UM_RS_NODIALTONE, "NODIALTONE" },
    { UM_RS_BUSY, "BUSY" },
    { UM_RS_NOANSWER, "NOANSWER" },
    { UM_RS_RING, "RING" },
    { UM_RS_DRON, "DRON" },
    { UM_RS_DROF, "DROF" },
    { UM_RS_DATE, "DATE" },
    { UM_RS_TIME, "TIME" },
    { UM_RS_NMBR, "NMBR" },
    { UM_RS_NAME, "NAME" },
    { UM_RS_MESG, "MESG" },
    { UM_RS_SINGLE_RING, "SINGLERING" },
    { UM_RS_DOUBLE_RING, "DOUBLERING" },
    { UM_RS_TRIPLE_RING, "TRIPLERING" },
    { UM_RS_BLACKLISTED, "BLACKLISTED" },
    { UM_RS_DELAYED, "DELAYED" },
};

static bool name_eq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen) return false;
    for (size_t i = 0; i < alen; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return false;
    return true;
}

int um_setting_from_name(const char *name, size_t len)
{
    for (int i = 0; i < UM_SET_COUNT; i++)
        if (name_eq(name, len, setting_names[i])) return i;
    /* The Windows 95/98 spellings of KB 250649. */
    if (name_eq(name, len, "CallSetupFailTimeout")) return UM_SET_CALL_SETUP_FAIL_TIMER;
    if (name_eq(name, len, "Dial_Tone")) return UM_SET_TONE;
    if (name_eq(name, len, "Dial_Pulse")) return UM_SET_PULSE;
    return -1;
}

const char *um_setting_name(um_setting which)
{
    return (unsigned)which < UM_SET_COUNT ? setting_names[which] : NULL;
}

int um_list_from_name(const char *name, size_t len)
{
    for (int i = 0; i < UM_LIST_COUNT; i++)
        if (name_eq(name, len, list_names[i])) return i;
    return -1;
}

const char *um_list_name(um_list list)
{
    return (unsigned)list < UM_LIST_COUNT ? list_names[list] : NULL;
}

const char *um_state_name(uint8_t state)
{
    state &= (uint8_t)~UM_RS_VARIABLE;
    for (size_t i = 0; i < sizeof state_names / sizeof state_names[0]; i++)
        if (state_names[i].state == state) return state_names[i].name;
    return NULL;
}

const char *um_profile_strerror(int err)
{
    switch (err) {
    case 0: return "no error";
    case UM_PROFILE_E_NOMEM: return "out of memory";
    case UM_PROFILE_E_TOOLONG: return "string too long";
    case UM_PROFILE_E_MACRO: return "unknown or malformed <...> macro (use <cr>, <lf>, <hXX>, <#>)";
    case UM_PROFILE_E_INDEX: return "list entry out of order";
    case UM_PROFILE_E_DUPLICATE: return "duplicate response";
    case UM_PROFILE_E_EMPTY: return "empty response text";
    case UM_PROFILE_E_MULTILINE: return "response text with a line break inside";
    case UM_PROFILE_E_FULL: return "too many responses";
    case UM_PROFILE_E_BLOB: return "binary value of the wrong size or with invalid fields";
    case UM_PROFILE_E_STATE: return "response state that is not Unimodem's";
    default: return "unknown error";
    }
}

/* ---- the model ------------------------------------------------------------------ */

static void put_str(char *dst, const char *s)
{
    strcpy(dst, s);   /* callers pass literals shorter than UM_PROFILE_STR_MAX */
}

um_profile *um_profile_new(void)
{
    um_profile *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    put_str(p->name, "Modem");
    /* V.250 5.2.1 (command line: "AT" prefix, S3 = CR terminator), 6.3.1 (D, ';', T, P). */
    static const struct { um_setting s; const char *v; } v250[] = {
        { UM_SET_PREFIX, "AT" }, { UM_SET_TERMINATOR, "\r" }, { UM_SET_DIAL_PREFIX, "D" },
        { UM_SET_DIAL_SUFFIX, ";" }, { UM_SET_TONE, "T" }, { UM_SET_PULSE, "P" },
    };
    for (size_t i = 0; i < sizeof v250 / sizeof v250[0]; i++) {
        put_str(p->settings[v250[i].s], v250[i].v);
        p->has_setting[v250[i].s] = true;
    }
    p->dcb = (um_dcb){ .baud_rate = 115200, .byte_size = 8, .flow = UM_FLOW_HARDWARE };
    p->inactivity_scale = 1;
    return p;
}

void um_profile_free(um_profile *p)
{
    if (!p) return;
    free(p->resp);
    free(p);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Expands the macros modem INF strings use (the Responses and Settings examples of
 * learn.microsoft.com/previous-versions/windows/hardware/modem/ff542617(v=vs.85) and KB
 * 250649): <cr>, <lf>, <hXX> (one byte in hex), and keeps <#>, the number placeholder of
 * CallSetupFailTimer and InactivityTimeout that the engine fills in. */
static int expand(const char *s, size_t len, char *out, size_t max, size_t *outlen)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\0') return UM_PROFILE_E_MACRO;
        if (c == '<') {
            size_t j = i + 1;
            while (j < len && s[j] != '>' && j - i <= 4) j++;
            if (j >= len || s[j] != '>') return UM_PROFILE_E_MACRO;
            const char *m = s + i + 1;
            size_t mlen = j - i - 1;
            if (name_eq(m, mlen, "cr")) c = '\r';
            else if (name_eq(m, mlen, "lf")) c = '\n';
            else if (mlen == 3 && (m[0] == 'h' || m[0] == 'H') && hexval((unsigned char)m[1]) >= 0
                     && hexval((unsigned char)m[2]) >= 0) {
                c = (char)(hexval((unsigned char)m[1]) * 16 + hexval((unsigned char)m[2]));
                if (c == '\0') return UM_PROFILE_E_MACRO;
            } else if (mlen == 1 && m[0] == '#') {
                if (n + 3 > max) return UM_PROFILE_E_TOOLONG;
                memcpy(out + n, "<#>", 3);
                n += 3;
                i = j;
                continue;
            } else {
                return UM_PROFILE_E_MACRO;
            }
            i = j;
        }
        if (n + 1 > max) return UM_PROFILE_E_TOOLONG;
        out[n++] = c;
    }
    out[n] = '\0';
    *outlen = n;
    return 0;
}

static int set_string(char *dst, const char *s, size_t len)
{
    char buf[UM_PROFILE_STR_MAX + 1];
    size_t n;
    int r = expand(s, len, buf, UM_PROFILE_STR_MAX, &n);
    if (r == 0) memcpy(dst, buf, n + 1);
    return r;
}

int um_profile_set_name(um_profile *p, const char *s, size_t len)
{
    return set_string(p->name, s, len);
}

int um_profile_set_reset(um_profile *p, const char *s, size_t len)
{
    return set_string(p->reset, s, len);
}

int um_profile_set_list(um_profile *p, um_list list, unsigned index, const char *s, size_t len)
{
    if ((unsigned)list >= UM_LIST_COUNT) return UM_PROFILE_E_INDEX;
    um_cmd_list *l = &p->lists[list];
    if (index != l->places + 1 || index > UM_PROFILE_LIST_MAX) return UM_PROFILE_E_INDEX;
    if (!name_eq(s, len, "None")) {
        int r = set_string(l->items[l->count], s, len);
        if (r != 0) return r;
        l->count++;
    }
    l->places++;
    return 0;
}

int um_profile_set_setting(um_profile *p, um_setting which, const char *s, size_t len)
{
    if ((unsigned)which >= UM_SET_COUNT) return UM_PROFILE_E_INDEX;
    int r = set_string(p->settings[which], s, len);
    if (r == 0) p->has_setting[which] = true;
    return r;
}

static bool known_state(uint8_t state)
{
    state &= (uint8_t)~UM_RS_VARIABLE;
    /* 0x09-0x10 are VoiceView's; modem INFs carry them, the engine reports them as text. */
    return state <= 0x1A || state == UM_RS_BLACKLISTED || state == UM_RS_DELAYED;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int um_profile_add_response(um_profile *p, const char *text, size_t len, const um_response_info *info)
{
    char buf[UM_PROFILE_STR_MAX + 1];
    size_t n;
    int r = expand(text, len, buf, UM_PROFILE_STR_MAX, &n);
    if (r != 0) return r;
    /* The engine hands whole lines to the matcher, so the <cr><lf> framing and blanks
     * around an INF response text are not part of it. */
    size_t a = 0, b = n;
    while (a < b && is_blank(buf[a])) a++;
    while (b > a && is_blank(buf[b - 1])) b--;
    if (a == b) return UM_PROFILE_E_EMPTY;
    if (b - a > UM_PROFILE_RESPONSE_MAX) return UM_PROFILE_E_TOOLONG;
    if (memchr(buf + a, '\r', b - a) || memchr(buf + a, '\n', b - a)) return UM_PROFILE_E_MULTILINE;
    if (!known_state(info->state)) return UM_PROFILE_E_STATE;
    for (size_t i = 0; i < p->nresp; i++)
        if (p->resp[i].len == b - a && memcmp(p->resp[i].text, buf + a, b - a) == 0)
            return UM_PROFILE_E_DUPLICATE;
    if (p->nresp == UM_PROFILE_RESPONSES_MAX) return UM_PROFILE_E_FULL;
    if (p->nresp == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        um_response_entry *nr = realloc(p->resp, cap * sizeof *nr);
        if (!nr) return UM_PROFILE_E_NOMEM;
        p->resp = nr;
        p->cap = cap;
    }
    um_response_entry *e = &p->resp[p->nresp++];
    memcpy(e->text, buf + a, b - a);
    e->text[b - a] = '\0';
    e->len = b - a;
    e->info = *info;
    return 0;
}

static uint32_t le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

int um_profile_add_response_mss(um_profile *p, const char *text, size_t len, const uint8_t mss[10])
{
    um_response_info info = { mss[0], mss[1], le32(mss + 2), le32(mss + 6) };
    return um_profile_add_response(p, text, len, &info);
}

void um_profile_set_properties(um_profile *p, const um_properties *props)
{
    p->props = *props;
}

int um_profile_set_properties_blob(um_profile *p, const uint8_t *blob, size_t len)
{
    if (len != UM_PROPERTIES_BLOB_SIZE) return UM_PROFILE_E_BLOB;
    p->props = (um_properties){ le32(blob), le32(blob + 4), le32(blob + 8), le32(blob + 12),
                                le32(blob + 16), le32(blob + 20), le32(blob + 24), le32(blob + 28) };
    return 0;
}

void um_profile_set_dcb(um_profile *p, const um_dcb *dcb)
{
    p->dcb = *dcb;
}

/* The Win32 DCB: DCBlength, BaudRate, the flag bits (fOutxCtsFlow bit 2, fOutX bit 8,
 * fInX bit 9, fRtsControl bits 12-13 with RTS_CONTROL_HANDSHAKE = 2), wReserved, XonLim,
 * XoffLim, then the bytes ByteSize (18), Parity (19), StopBits (20) and five characters. */
int um_profile_set_dcb_blob(um_profile *p, const uint8_t *blob, size_t len)
{
    if (len != UM_DCB_BLOB_SIZE) return UM_PROFILE_E_BLOB;
    uint32_t flags = le32(blob + 8);
    um_dcb d = { .baud_rate = le32(blob + 4), .byte_size = blob[18], .parity = blob[19],
                 .stop_bits = blob[20], .flow = UM_FLOW_NONE };
    if (d.byte_size < 5 || d.byte_size > 8 || d.parity > 4 || d.stop_bits > 2) return UM_PROFILE_E_BLOB;
    if ((flags & (1u << 2)) || ((flags >> 12) & 3u) == 2) d.flow = UM_FLOW_HARDWARE;
    else if (flags & (3u << 8)) d.flow = UM_FLOW_SOFTWARE;
    p->dcb = d;
    return 0;
}

void um_profile_set_voice(um_profile *p, uint32_t voice_profile)
{
    p->voice = voice_profile;
}

void um_profile_set_inactivity_scale(um_profile *p, uint32_t seconds_per_unit)
{
    p->inactivity_scale = seconds_per_unit ? seconds_per_unit : 1;
}

const char *um_profile_name(const um_profile *p) { return p->name; }
const char *um_profile_reset(const um_profile *p) { return p->reset; }

size_t um_profile_list_count(const um_profile *p, um_list list)
{
    return (unsigned)list < UM_LIST_COUNT ? p->lists[list].count : 0;
}

const char *um_profile_list_item(const um_profile *p, um_list list, size_t i)
{
    if ((unsigned)list >= UM_LIST_COUNT || i >= p->lists[list].count) return NULL;
    return p->lists[list].items[i];
}

const char *um_profile_setting(const um_profile *p, um_setting which)
{
    return (unsigned)which < UM_SET_COUNT && p->has_setting[which] ? p->settings[which] : NULL;
}

const um_properties *um_profile_properties(const um_profile *p) { return &p->props; }
const um_dcb *um_profile_dcb(const um_profile *p) { return &p->dcb; }
uint32_t um_profile_voice(const um_profile *p) { return p->voice; }
uint32_t um_profile_inactivity_scale(const um_profile *p) { return p->inactivity_scale; }
size_t um_profile_response_count(const um_profile *p) { return p->nresp; }

const char *um_profile_response(const um_profile *p, size_t i, size_t *len, um_response_info *info)
{
    if (i >= p->nresp) return NULL;
    if (len) *len = p->resp[i].len;
    if (info) *info = p->resp[i].info;
    return p->resp[i].text;
}

/* ---- the text format ------------------------------------------------------------ */

typedef enum {
    SEC_NONE, SEC_MODEM, SEC_LIST, SEC_SETTINGS, SEC_PROPERTIES, SEC_DCB, SEC_RESPONSES
} section_kind;

typedef struct {
    const char *name;
    char *err;
    size_t errlen;
    unsigned line;
    section_kind sec;
    um_list list;
    uint64_t seen;                  /* keys given in the current section (one bit each) */
} parser;

static void fail(parser *ps, const char *fmt, ...)
{
    char msg[UM_PROFILE_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ps->errlen) snprintf(ps->err, ps->errlen, "%s:%u: %s", ps->name, ps->line, msg);
}

/* A piece of the current line. */
typedef struct { const char *s; size_t len; } span;

static const char *skip_blanks(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    return s;
}

/* Shows a piece of input in a message: at most 40 bytes, non-printables as '?'. */
static const char *shown(span v, char *buf)
{
    size_t n = v.len > 40 ? 40 : v.len;
    for (size_t i = 0; i < n; i++) buf[i] = isprint((unsigned char)v.s[i]) ? v.s[i] : '?';
    strcpy(buf + n, v.len > 40 ? "..." : "");
    return buf;
}

/* A quoted string starting at *pos (on the opening quote); "" inside stands for one quote,
 * as in INF files. The content goes to out (UM_PROFILE_LINE_MAX bytes). */
static bool parse_quoted(parser *ps, const char **pos, const char *end, char *out, size_t *outlen)
{
    const char *s = *pos + 1;
    size_t n = 0;
    for (;;) {
        if (s >= end) {
            fail(ps, "missing closing quote");
            return false;
        }
        if (*s == '"') {
            if (s + 1 < end && s[1] == '"') {
                out[n++] = '"';
                s += 2;
                continue;
            }
            break;
        }
        out[n++] = *s++;
    }
    *outlen = n;
    *pos = s + 1;
    return true;
}

/* After a value: only blanks and a ';' comment may follow. */
static bool expect_end(parser *ps, const char *s, const char *end, const char *after)
{
    s = skip_blanks(s, end);
    if (s < end && *s != ';') {
        fail(ps, "text after %s", after);
        return false;
    }
    return true;
}

static bool parse_u32(span v, uint32_t *out)
{
    uint64_t x = 0;
    size_t i = 0;
    unsigned base = 10;
    if (v.len > 2 && v.s[0] == '0' && (v.s[1] == 'x' || v.s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i == v.len) return false;
    for (; i < v.len; i++) {
        int d = base == 16 ? hexval((unsigned char)v.s[i]) : (v.s[i] >= '0' && v.s[i] <= '9' ? v.s[i] - '0' : -1);
        if (d < 0) return false;
        x = x * base + (unsigned)d;
        if (x > UINT32_MAX) return false;
    }
    *out = (uint32_t)x;
    return true;
}

static bool number(parser *ps, span v, const char *what, uint32_t *out)
{
    char b[48];
    if (!parse_u32(v, out)) {
        fail(ps, "%s: '%s' is not a number from 0 to 4294967295", what, shown(v, b));
        return false;
    }
    return true;
}

static bool word_sep(char c)
{
    return c == ' ' || c == '\t' || c == ',' || c == '|';
}

/* Splits v into words separated by blanks, commas or '|'. Returns false at the end. */
static bool next_word(span *v, span *w)
{
    size_t i = 0;
    while (i < v->len && word_sep(v->s[i])) i++;
    size_t j = i;
    while (j < v->len && !word_sep(v->s[j])) j++;
    if (i == j) return false;
    *w = (span){ v->s + i, j - i };
    v->s += j;
    v->len -= j;
    return true;
}

typedef struct { const char *name; uint32_t bit; } flag_name;

static bool flags(parser *ps, span v, const char *what, const flag_name *names, uint32_t *out)
{
    span w;
    char b[48];
    *out = 0;
    while (next_word(&v, &w)) {
        uint32_t x;
        if (parse_u32(w, &x)) {
            *out |= x;
            continue;
        }
        const flag_name *f = names;
        while (f->name && !name_eq(w.s, w.len, f->name)) f++;
        if (!f->name) {
            fail(ps, "%s: unknown flag '%s'", what, shown(w, b));
            return false;
        }
        *out |= f->bit;
    }
    return true;
}

/* "XX,XX,..." hex bytes as INF binary values are written. */
static bool hex_bytes(parser *ps, span v, const char *what, uint8_t *out, size_t want)
{
    span w;
    size_t n = 0;
    char b[48];
    while (next_word(&v, &w)) {
        if (w.len > 2 || hexval((unsigned char)w.s[0]) < 0
            || (w.len == 2 && hexval((unsigned char)w.s[1]) < 0)) {
            fail(ps, "%s: '%s' is not a hex byte", what, shown(w, b));
            return false;
        }
        if (n < want)
            out[n] = (uint8_t)(w.len == 1 ? hexval((unsigned char)w.s[0])
                                          : hexval((unsigned char)w.s[0]) * 16 + hexval((unsigned char)w.s[1]));
        n++;
    }
    if (n != want) {
        fail(ps, "%s: expected %zu bytes, got %zu", what, want, n);
        return false;
    }
    return true;
}

static bool once(parser *ps, unsigned bit, span key)
{
    char b[48];
    static const char *const sec_names[] = { "", "Modem", "", "Settings", "Properties", "DCB", "" };
    if (ps->seen & (1ull << bit)) {
        fail(ps, "duplicate key '%s' in [%s]", shown(key, b), sec_names[ps->sec]);
        return false;
    }
    ps->seen |= 1ull << bit;
    return true;
}

static bool setter_result(parser *ps, int r, const char *what)
{
    if (r == 0) return true;
    if (r == UM_PROFILE_E_TOOLONG)
        fail(ps, "%s: longer than %d bytes", what, UM_PROFILE_STR_MAX);
    else
        fail(ps, "%s: %s", what, um_profile_strerror(r));
    return false;
}

static bool entry_modem(parser *ps, um_profile *p, span key, span val)
{
    static const char *const keys[] = { "Name", "Reset", "InactivityScale", "VoiceProfile",
                                        "Properties", "DCB" };
    char b[48];
    unsigned k = 0;
    while (k < 6 && !name_eq(key.s, key.len, keys[k])) k++;
    if (k == 6) {
        fail(ps, "unknown key '%s' in [Modem]", shown(key, b));
        return false;
    }
    if (!once(ps, k, key)) return false;
    uint32_t x;
    uint8_t blob[UM_PROPERTIES_BLOB_SIZE];
    switch (k) {
    case 0: return setter_result(ps, um_profile_set_name(p, val.s, val.len), "Name");
    case 1: return setter_result(ps, um_profile_set_reset(p, val.s, val.len), "Reset");
    case 2:
        if (!number(ps, val, "InactivityScale", &x)) return false;
        um_profile_set_inactivity_scale(p, x);
        return true;
    case 3:
        if (!number(ps, val, "VoiceProfile", &x)) return false;
        um_profile_set_voice(p, x);
        return true;
    case 4:
        return hex_bytes(ps, val, "Properties", blob, UM_PROPERTIES_BLOB_SIZE)
               && setter_result(ps, um_profile_set_properties_blob(p, blob, UM_PROPERTIES_BLOB_SIZE), "Properties");
    default:
        return hex_bytes(ps, val, "DCB", blob, UM_DCB_BLOB_SIZE)
               && setter_result(ps, um_profile_set_dcb_blob(p, blob, UM_DCB_BLOB_SIZE), "DCB");
    }
}

static bool entry_list(parser *ps, um_profile *p, span key, span val)
{
    uint32_t idx;
    char b[48];
    const char *ln = list_names[ps->list];
    if (!parse_u32(key, &idx) || idx < 1 || idx > UM_PROFILE_LIST_MAX) {
        fail(ps, "[%s]: '%s' is not an entry number from 1 to %d", ln, shown(key, b), UM_PROFILE_LIST_MAX);
        return false;
    }
    int r = um_profile_set_list(p, ps->list, idx, val.s, val.len);
    if (r == UM_PROFILE_E_INDEX) {
        fail(ps, "[%s]: entry %u where %u was expected (entries are numbered 1, 2, 3 ...)",
             ln, (unsigned)idx, p->lists[ps->list].places + 1);
        return false;
    }
    char what[64];
    snprintf(what, sizeof what, "[%s] entry %u", ln, (unsigned)idx);
    return setter_result(ps, r, what);
}

static bool entry_settings(parser *ps, um_profile *p, span key, span val)
{
    char b[48];
    int s = um_setting_from_name(key.s, key.len);
    if (s < 0) {
        fail(ps, "unknown key '%s' in [Settings]", shown(key, b));
        return false;
    }
    return once(ps, (unsigned)s, key)
           && setter_result(ps, um_profile_set_setting(p, (um_setting)s, val.s, val.len), setting_names[s]);
}

static bool entry_properties(parser *ps, um_profile *p, span key, span val)
{
    static const flag_name dial[] = { { "billing", UM_DIALOPTION_BILLING }, { "quiet", UM_DIALOPTION_QUIET },
                                      { "dialtone", UM_DIALOPTION_DIALTONE }, { NULL, 0 } };
    static const flag_name vol[] = { { "low", UM_MDMVOLFLAG_LOW }, { "medium", UM_MDMVOLFLAG_MEDIUM },
                                     { "high", UM_MDMVOLFLAG_HIGH }, { NULL, 0 } };
    static const flag_name mode[] = { { "off", UM_MDMSPKRFLAG_OFF }, { "dial", UM_MDMSPKRFLAG_DIAL },
                                      { "on", UM_MDMSPKRFLAG_ON }, { "setup", UM_MDMSPKRFLAG_CALLSETUP },
                                      { NULL, 0 } };
    static const flag_name opts[] = {
        { "compression", UM_MDM_COMPRESSION }, { "error_control", UM_MDM_ERROR_CONTROL },
        { "forced_ec", UM_MDM_FORCED_EC }, { "cellular", UM_MDM_CELLULAR },
        { "flow_hard", UM_MDM_FLOWCONTROL_HARD }, { "flow_soft", UM_MDM_FLOWCONTROL_SOFT },
        { "ccitt_override", UM_MDM_CCITT_OVERRIDE }, { "speed_adjust", UM_MDM_SPEED_ADJUST },
        { "tone_dial", UM_MDM_TONE_DIAL }, { "blind_dial", UM_MDM_BLIND_DIAL },
        { "v23_override", UM_MDM_V23_OVERRIDE }, { "diagnostics", UM_MDM_DIAGNOSTICS }, { NULL, 0 } };
    static const char *const keys[] = { "DialOptions", "CallSetupFailTimer", "InactivityTimeout",
                                        "SpeakerVolume", "SpeakerMode", "ModemOptions",
                                        "MaxDTERate", "MaxDCERate" };
    char b[48];
    unsigned k = 0;
    while (k < 8 && !name_eq(key.s, key.len, keys[k])) k++;
    if (k == 8) {
        fail(ps, "unknown key '%s' in [Properties]", shown(key, b));
        return false;
    }
    if (!once(ps, k, key)) return false;
    um_properties pr = *um_profile_properties(p);
    uint32_t *field[] = { &pr.dial_options, &pr.call_setup_fail_timer, &pr.inactivity_timeout,
                          &pr.speaker_volume, &pr.speaker_mode, &pr.modem_options,
                          &pr.max_dte_rate, &pr.max_dce_rate };
    const flag_name *names[] = { dial, NULL, NULL, vol, mode, opts, NULL, NULL };
    bool ok = names[k] ? flags(ps, val, keys[k], names[k], field[k]) : number(ps, val, keys[k], field[k]);
    if (ok) um_profile_set_properties(p, &pr);
    return ok;
}

static bool entry_dcb(parser *ps, um_profile *p, span key, span val)
{
    static const char *const keys[] = { "BaudRate", "ByteSize", "Parity", "StopBits", "FlowControl" };
    static const char *const parities[] = { "none", "odd", "even", "mark", "space" };
    static const char *const stops[] = { "1", "1.5", "2" };
    static const char *const flows[] = { "none", "hardware", "software" };
    char b[48];
    unsigned k = 0;
    while (k < 5 && !name_eq(key.s, key.len, keys[k])) k++;
    if (k == 5) {
        fail(ps, "unknown key '%s' in [DCB]", shown(key, b));
        return false;
    }
    if (!once(ps, k, key)) return false;
    um_dcb d = *um_profile_dcb(p);
    uint32_t x;
    unsigned i;
    switch (k) {
    case 0:
        if (!number(ps, val, "BaudRate", &x)) return false;
        if (x == 0) {
            fail(ps, "BaudRate: must not be 0");
            return false;
        }
        d.baud_rate = x;
        break;
    case 1:
        if (!parse_u32(val, &x) || x < 5 || x > 8) {
            fail(ps, "ByteSize: '%s' is not 5, 6, 7 or 8", shown(val, b));
            return false;
        }
        d.byte_size = (uint8_t)x;
        break;
    case 2:
        for (i = 0; i < 5 && !name_eq(val.s, val.len, parities[i]); i++) {}
        if (i == 5) {
            fail(ps, "Parity: '%s' is not none, odd, even, mark or space", shown(val, b));
            return false;
        }
        d.parity = (uint8_t)i;
        break;
    case 3:
        for (i = 0; i < 3 && !name_eq(val.s, val.len, stops[i]); i++) {}
        if (i == 3) {
            fail(ps, "StopBits: '%s' is not 1, 1.5 or 2", shown(val, b));
            return false;
        }
        d.stop_bits = (uint8_t)i;
        break;
    default:
        for (i = 0; i < 3 && !name_eq(val.s, val.len, flows[i]); i++) {}
        if (i == 3) {
            fail(ps, "FlowControl: '%s' is not none, hardware or software", shown(val, b));
            return false;
        }
        d.flow = (uint8_t)i;
        break;
    }
    um_profile_set_dcb(p, &d);
    return true;
}

/* A response meaning: "STATE [ec] [comp] [cellular] [variable] [dce=N] [dte=N]", or the
 * ten MSS bytes in hex. */
static bool entry_response(parser *ps, um_profile *p, span key, span val)
{
    char b[48];
    um_response_info info = { 0, 0, 0, 0 };
    span v = val, w;
    if (!next_word(&v, &w)) {
        fail(ps, "response '%s': missing its state", shown(key, b));
        return false;
    }
    if (w.s[0] >= '0' && w.s[0] <= '9') {
        uint8_t mss[10];
        if (!hex_bytes(ps, val, "response (state, options, DCE rate, DTE rate)", mss, 10)) return false;
        info = (um_response_info){ mss[0], mss[1], le32(mss + 2), le32(mss + 6) };
    } else {
        size_t i = 0, n = sizeof state_names / sizeof state_names[0];
        while (i < n && !name_eq(w.s, w.len, state_names[i].name)) i++;
        if (i == n && name_eq(w.s, w.len, "PROGRESS")) i = 1;   /* LOOP's other name */
        if (i == n) {
            fail(ps, "unknown response state '%s'", shown(w, b));
            return false;
        }
        info.state = state_names[i].state;
        while (next_word(&v, &w)) {
            if (name_eq(w.s, w.len, "ec") || name_eq(w.s, w.len, "error_control"))
                info.options |= UM_OPT_ERROR_CONTROL;
            else if (name_eq(w.s, w.len, "comp") || name_eq(w.s, w.len, "compression"))
                info.options |= UM_OPT_COMPRESSION;
            else if (name_eq(w.s, w.len, "cellular"))
                info.options |= UM_OPT_CELLULAR;
            else if (name_eq(w.s, w.len, "variable"))
                info.state |= UM_RS_VARIABLE;
            else if (w.len > 4 && (name_eq(w.s, 4, "dce=") || name_eq(w.s, 4, "dte="))) {
                uint32_t *rate = tolower((unsigned char)w.s[1]) == 'c' ? &info.dce_rate : &info.dte_rate;
                if (!number(ps, (span){ w.s + 4, w.len - 4 }, "rate", rate)) return false;
            } else {
                fail(ps, "unknown response option '%s' (ec, comp, cellular, variable, dce=N, dte=N)",
                     shown(w, b));
                return false;
            }
        }
    }
    int r = um_profile_add_response(p, key.s, key.len, &info);
    if (r == UM_PROFILE_E_TOOLONG) {
        fail(ps, "response '%s': longer than %d bytes", shown(key, b), UM_PROFILE_RESPONSE_MAX);
        return false;
    }
    if (r == UM_PROFILE_E_STATE) {
        fail(ps, "response '%s': state 0x%02X is not one of Unimodem's", shown(key, b), info.state);
        return false;
    }
    if (r != 0) {
        fail(ps, "response '%s': %s", shown(key, b), um_profile_strerror(r));
        return false;
    }
    return true;
}

static bool section_line(parser *ps, const char *s, const char *end)
{
    char b[48];
    const char *close = memchr(s, ']', (size_t)(end - s));
    if (!close) {
        fail(ps, "missing ']'");
        return false;
    }
    if (!expect_end(ps, close + 1, end, "']'")) return false;
    const char *a = skip_blanks(s + 1, close);
    const char *z = close;
    while (z > a && (z[-1] == ' ' || z[-1] == '\t')) z--;
    span name = { a, (size_t)(z - a) };
    static const struct { const char *name; section_kind kind; } secs[] = {
        { "Modem", SEC_MODEM }, { "Settings", SEC_SETTINGS }, { "Properties", SEC_PROPERTIES },
        { "DCB", SEC_DCB }, { "Responses", SEC_RESPONSES },
    };
    ps->seen = 0;
    for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++)
        if (name_eq(name.s, name.len, secs[i].name)) {
            ps->sec = secs[i].kind;
            return true;
        }
    int l = um_list_from_name(name.s, name.len);
    if (l >= 0) {
        ps->sec = SEC_LIST;
        ps->list = (um_list)l;
        return true;
    }
    fail(ps, "unknown section [%s]", shown(name, b));
    return false;
}

static bool entry_line(parser *ps, um_profile *p, const char *s, const char *end, char *keybuf, char *valbuf)
{
    span key, val;
    size_t n;
    if (*s == '"') {
        if (!parse_quoted(ps, &s, end, keybuf, &n)) return false;
        key = (span){ keybuf, n };
        s = skip_blanks(s, end);
    } else {
        const char *eq = memchr(s, '=', (size_t)(end - s));
        const char *z = eq ? eq : end;
        while (z > s && (z[-1] == ' ' || z[-1] == '\t')) z--;
        key = (span){ s, (size_t)(z - s) };
        s = eq ? eq : end;
    }
    if (s >= end || *s != '=') {
        fail(ps, "missing '=' after the key");
        return false;
    }
    if (key.len == 0) {
        fail(ps, "missing key before '='");
        return false;
    }
    s = skip_blanks(s + 1, end);
    if (s < end && *s == '"') {
        if (!parse_quoted(ps, &s, end, valbuf, &n) || !expect_end(ps, s, end, "the closing quote"))
            return false;
        val = (span){ valbuf, n };
    } else {
        const char *z = memchr(s, ';', (size_t)(end - s));
        if (!z) z = end;
        while (z > s && (z[-1] == ' ' || z[-1] == '\t')) z--;
        val = (span){ s, (size_t)(z - s) };
    }
    switch (ps->sec) {
    case SEC_MODEM: return entry_modem(ps, p, key, val);
    case SEC_LIST: return entry_list(ps, p, key, val);
    case SEC_SETTINGS: return entry_settings(ps, p, key, val);
    case SEC_PROPERTIES: return entry_properties(ps, p, key, val);
    case SEC_DCB: return entry_dcb(ps, p, key, val);
    case SEC_RESPONSES: return entry_response(ps, p, key, val);
    default:
        fail(ps, "entry outside a section (start with [Modem])");
        return false;
    }
}

um_profile *um_profile_parse(const char *text, size_t len, const char *name, char *err, size_t errlen)
{
    parser ps = { .name = name ? name : "profile", .err = err, .errlen = errlen, .sec = SEC_NONE };
    um_profile *p = um_profile_new();
    if (errlen) err[0] = '\0';
    if (!p) {
        if (errlen) snprintf(err, errlen, "%s: out of memory", ps.name);
        return NULL;
    }
    char *keybuf = malloc(UM_PROFILE_LINE_MAX), *valbuf = malloc(UM_PROFILE_LINE_MAX);
    bool ok = keybuf && valbuf;
    if (!ok && errlen) snprintf(err, errlen, "%s: out of memory", ps.name);
    const char *pos = text, *stop = text + len;
    while (ok && pos < stop) {
        ps.line++;
        const char *nl = memchr(pos, '\n', (size_t)(stop - pos));
        const char *end = nl ? nl : stop;
        const char *next = nl ? nl + 1 : stop;
        if (end > pos && end[-1] == '\r') end--;
        if ((size_t)(end - pos) > UM_PROFILE_LINE_MAX) {
            fail(&ps, "line longer than %d bytes", UM_PROFILE_LINE_MAX);
            ok = false;
        } else if (memchr(pos, '\0', (size_t)(end - pos))) {
            fail(&ps, "NUL byte in the line");
            ok = false;
        } else {
            const char *s = skip_blanks(pos, end);
            if (s < end && *s != ';' && *s != '#')
                ok = *s == '[' ? section_line(&ps, s, end) : entry_line(&ps, p, s, end, keybuf, valbuf);
        }
        pos = next;
    }
    free(keybuf);
    free(valbuf);
    if (!ok) {
        um_profile_free(p);
        return NULL;
    }
    return p;
}
