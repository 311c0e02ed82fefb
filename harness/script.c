/* harness/script.c - see script.h. */
#include "script.h"
#include "lineapi.h"
#include "phoneapi.h"
#include <tspkit/tspkit.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#  include <errno.h>
#  include <poll.h>
#  include <unistd.h>
#endif

#define STR_MAX 64                  /* a dialled number or digit string, NUL included */
#define NAME_MAX_LEN 15
#define NAMES_MAX 64
#define TOKENS_MAX 10
#define DURATION_MAX_MS 60000u
#define REPORT_POLL_MS 10u
#define DATA_WAIT_MS 5000u          /* a write to the data handle that does not move */
#define FORGET_FLUSH_MS 500u        /* messages in flight for a closed object, before it is forgotten */

enum op {
    OP_OPEN, OP_CLOSE, OP_MAKECALL, OP_ANSWER, OP_ACCEPT, OP_DROP, OP_DIAL, OP_CLOSECALL, OP_MONITOR,
    OP_SEND, OP_CALLINFO, OP_CALLSTATUS, OP_NEWCALL, OP_CALLSTATE, OP_DIGITS, OP_REPLY, OP_REPORT,
    OP_REPORT_WITHIN, OP_PHONE_OPEN, OP_PHONE_CLOSE, OP_PHONE_DISPLAY, OP_PHONE_RING, OP_SLEEP,
    OP_CALLSTATE_MODE, OP_LINEDEVSTATE, OP_LINECLOSE, OP_GETID_DATAMODEM, OP_SEND_DATA, OP_EXPECT_DATA
};

/* Lower-case words are literal; upper-case words are arguments (see parse_argument).
 * The same table gives the shell's help texts (hx_script_syntax_at). */
static const struct { enum op op; hx_script_syntax syn; } grammar[] = {
    { OP_OPEN, { "open DEVICE as NEWLINE", "open line device DEVICE (negotiating its version) and call it NEWLINE",
                 "TSPI_lineNegotiateTSPIVersion, TSPI_lineOpen" } },
    { OP_CLOSE, { "close LINE", "close the line (its calls go with it)", "TSPI_lineClose" } },
    { OP_MAKECALL, { "makecall LINE NUMBER as NEWCALL", "call NUMBER from the line, wait for the completion",
                     "TSPI_lineMakeCall" } },
    { OP_ANSWER, { "answer CALL", "answer an offered call, wait for the completion", "TSPI_lineAnswer" } },
    { OP_ACCEPT, { "accept CALL", "accept an offered call, wait for the completion", "TSPI_lineAccept" } },
    { OP_DROP, { "drop CALL", "hang up, wait for the completion", "TSPI_lineDrop" } },
    { OP_DIAL, { "dial CALL NUMBER", "dial more digits on the call, wait for the completion", "TSPI_lineDial" } },
    { OP_CLOSECALL, { "closecall CALL", "deallocate the call (lineDeallocateCall)", "TSPI_lineCloseCall" } },
    { OP_MONITOR, { "monitor digits CALL MODE", "report digits detected on the call (pulse, dtmf, dtmfend)",
                    "TSPI_lineMonitorDigits" } },
    /* Before "send MODE CALL DIGITS": of two patterns of one length the first that fits wins. */
    { OP_SEND_DATA, { "send data CALL TEXT",
                      "write TEXT to the handle getid took from the call (Linux: write(), Windows: WriteFile)",
                      "(none: the comm/datamodem handle)" } },
    { OP_SEND, { "send MODE CALL DIGITS", "generate DIGITS on the call (pulse or dtmf)",
                 "TSPI_lineGenerateDigits" } },
    { OP_CALLINFO, { "getcallinfo CALL expect FIELD TEXT",
                     "LINECALLINFO's FIELD (caller, callername, called, calledname, connected, connectedname) "
                     "must be TEXT", "TSPI_lineGetCallInfo" } },
    { OP_CALLSTATUS, { "getcallstatus CALL expect STATE", "LINECALLSTATUS dwCallState must be STATE",
                       "TSPI_lineGetCallStatus" } },
    { OP_NEWCALL, { "expect newcall LINE as NEWCALL within TIME",
                    "wait for LINE_NEWCALL on the line and call the new call NEWCALL", "(none: waits for LINE_NEWCALL)" } },
    { OP_CALLSTATE, { "expect callstate CALL STATE within TIME", "wait until the call's state is STATE",
                      "(none: waits for LINE_CALLSTATE)" } },
    { OP_CALLSTATE_MODE, { "expect callstate CALL STATE mode STATEMODE within TIME",
                           "wait for a LINE_CALLSTATE of STATE and check its mode (dwParam2): for disconnected "
                           "a LINEDISCONNECTMODE_ name (busy, noanswer, nodialtone, unavail, normal, ...), for "
                           "connected LINECONNECTEDMODE_, dialtone LINEDIALTONEMODE_, busy LINEBUSYMODE_, "
                           "offering LINEOFFERINGMODE_", "(none: waits for LINE_CALLSTATE)" } },
    { OP_LINEDEVSTATE, { "expect linedevstate LINE DEVSTATE within TIME",
                         "wait for LINE_LINEDEVSTATE with the LINEDEVSTATE_ name DEVSTATE (ringing, connected, "
                         "disconnected, outofservice, ...)", "(none: waits for LINE_LINEDEVSTATE)" } },
    { OP_LINECLOSE, { "expect lineclose LINE within TIME",
                      "wait for LINE_CLOSE: the provider asked to close the line, and it was closed with its calls",
                      "(none: waits for LINE_CLOSE; TAPISRV calls TSPI_lineClose)" } },
    { OP_GETID_DATAMODEM, { "getid CALL comm/datamodem",
                            "take the call's data handle: VARSTRING STRINGFORMAT_BINARY, a HANDLE (Linux: a file "
                            "descriptor) then the NUL-terminated device name; the call must be connected",
                            "TSPI_lineGetID" } },
    { OP_EXPECT_DATA, { "expect data CALL TEXT within TIME",
                        "read from the handle getid took until TEXT arrived (it must come first)",
                        "(none: the comm/datamodem handle)" } },
    { OP_DIGITS, { "expect digits CALL DIGITS within TIME", "wait until the call detected DIGITS, in order",
                   "(none: waits for LINE_MONITORDIGITS)" } },
    { OP_REPLY, { "expect reply error ERROR", "the next request must complete with the LINEERR_ code ERROR",
                  "(none)" } },
    { OP_REPORT, { "expect report RULE", "claim a conformance report of RULE made so far (checks.h names)",
                   "(none)" } },
    { OP_REPORT_WITHIN, { "expect report RULE within TIME", "claim a report of RULE, waiting up to TIME for it",
                          "(none)" } },
    { OP_PHONE_OPEN, { "phone open DEVICE as NEWPHONE", "open phone device DEVICE and call it NEWPHONE",
                       "TSPI_phoneNegotiateTSPIVersion, TSPI_phoneOpen" } },
    { OP_PHONE_CLOSE, { "phone close PHONE", "close the phone", "TSPI_phoneClose" } },
    { OP_PHONE_DISPLAY, { "phone display PHONE TEXT", "show TEXT on the phone's display at row 0, column 0",
                          "TSPI_phoneSetDisplay" } },
    { OP_PHONE_RING, { "phone ring PHONE DEVICE", "ring the phone with ring mode DEVICE (0: off)",
                       "TSPI_phoneSetRing" } },
    { OP_SLEEP, { "sleep TIME", "do nothing for TIME (e.g. 500ms, 2s)", "(none)" } },
};

const hx_script_syntax *hx_script_syntax_at(size_t i)
{
    return i < sizeof grammar / sizeof grammar[0] ? &grammar[i].syn : NULL;
}

enum kind { KIND_LINE, KIND_CALL, KIND_PHONE };

/* LINECALLINFO's party members getcallinfo can compare (FIELD). */
enum field { F_CALLER, F_CALLERNAME, F_CALLED, F_CALLEDNAME, F_CONNECTED, F_CONNECTEDNAME };
static const char *const field_names[] = {
    "caller", "callername", "called", "calledname", "connected", "connectedname",
};

typedef struct cmd {
    enum op op;
    unsigned lineno;
    int line, call, phone;          /* name slots, -1 when the command has none */
    DWORD value;                    /* device ID, call state, digit mode, LINEERR_ code, rule or LINEDEVSTATE_ */
    DWORD mode;                     /* expect callstate ... mode: the state's mode */
    int field;                      /* getcallinfo: enum field */
    int null_str;                   /* makecall: NUMBER "-", a NULL destination */
    unsigned ms;
    char str[STR_MAX];
    char text[HX_SCRIPT_LINE_MAX + 1];
} cmd;

struct hx_script {
    char name[128];
    cmd *cmds;
    size_t n, cap;
    struct { char name[NAME_MAX_LEN + 1]; enum kind kind; unsigned lineno; } names[NAMES_MAX];
    int nnames;
    int session;                    /* the shell's: a name may be given again (see run_command) */
};

size_t hx_script_count(const hx_script *sc) { return sc ? sc->n : 0; }

void hx_script_free(hx_script *sc)
{
    if (!sc) return;
    free(sc->cmds);
    free(sc);
}

/* ==== parser ==== */

typedef struct token { const char *p; size_t len; int quoted; } token;

typedef struct parser {
    hx_script *sc;
    unsigned lineno;
    unsigned reply_lineno;          /* an "expect reply" waiting for its request, or 0 */
    char *err;
    size_t errlen;
} parser;

static int parse_fail(parser *ps, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(ps->err, ps->errlen, "%s:%u: ", ps->sc->name, ps->lineno);
    if (n < 0 || (size_t)n >= ps->errlen) return -1;
    va_start(ap, fmt);
    vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* Tokens shown in messages are cut, so a hostile one cannot crowd out the rest. */
#define TOK_FMT "\"%.*s\""
#define TOK_ARG(t) (int)((t).len > 40 ? 40 : (t).len), (t).p

static int tok_is(const token *t, const char *word)
{
    return strlen(word) == t->len && memcmp(t->p, word, t->len) == 0;
}

static int tok_is_nocase(const token *t, const char *word)
{
    size_t i;
    if (strlen(word) != t->len) return 0;
    for (i = 0; i < t->len; i++) {
        char a = t->p[i], b = word[i];
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
        if (a != b) return 0;
    }
    return 1;
}

static int parse_dword(const token *t, DWORD *out)
{
    uint64_t v = 0;
    size_t i;
    if (t->len == 0 || t->len > 10) return -1;
    for (i = 0; i < t->len; i++) {
        if (t->p[i] < '0' || t->p[i] > '9') return -1;
        v = v * 10u + (uint64_t)(t->p[i] - '0');
    }
    if (v > 0xffffffffu) return -1;
    *out = (DWORD)v;
    return 0;
}

static int parse_duration(const token *t, unsigned *ms)
{
    uint64_t v = 0;
    size_t i = 0;
    for (; i < t->len && t->p[i] >= '0' && t->p[i] <= '9'; i++) {
        v = v * 10u + (uint64_t)(t->p[i] - '0');
        if (v > DURATION_MAX_MS) return -1;
    }
    if (i == 0) return -1;
    if (t->len - i == 1 && t->p[i] == 's') v *= 1000u;
    else if (!(t->len - i == 2 && t->p[i] == 'm' && t->p[i + 1] == 's')) return -1;
    if (v > DURATION_MAX_MS) return -1;
    *ms = (unsigned)v;
    return 0;
}

static int find_name(const hx_script *sc, const token *t)
{
    int i;
    for (i = 0; i < sc->nnames; i++)
        if (tok_is(t, sc->names[i].name)) return i;
    return -1;
}

static int define_name(parser *ps, const token *t, enum kind kind)
{
    hx_script *sc = ps->sc;
    size_t i;
    int old;
    int ok = t->len >= 1 && t->len <= NAME_MAX_LEN &&
             ((t->p[0] >= 'A' && t->p[0] <= 'Z') || (t->p[0] >= 'a' && t->p[0] <= 'z'));
    for (i = 1; ok && i < t->len; i++) {
        char c = t->p[i];
        ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (!ok) return parse_fail(ps, "bad name " TOK_FMT " (a letter, then up to %d letters, digits or _)",
                               TOK_ARG(*t), NAME_MAX_LEN - 1);
    old = find_name(sc, t);
    if (old >= 0 && sc->session && sc->names[old].kind == kind) return old;
    if (old >= 0) return parse_fail(ps, "name " TOK_FMT " is already used (line %u)", TOK_ARG(*t),
                                     sc->names[old].lineno);
    if (sc->nnames == NAMES_MAX) return parse_fail(ps, "more than %d names", NAMES_MAX);
    memcpy(sc->names[sc->nnames].name, t->p, t->len);
    sc->names[sc->nnames].name[t->len] = '\0';
    sc->names[sc->nnames].kind = kind;
    sc->names[sc->nnames].lineno = ps->lineno;
    return sc->nnames++;
}

static int use_name(parser *ps, const token *t, enum kind kind)
{
    static const char *const kinds[] = { "line", "call", "phone" };
    int slot = find_name(ps->sc, t);
    if (slot < 0) return parse_fail(ps, "unknown %s " TOK_FMT, kinds[kind], TOK_ARG(*t));
    if (ps->sc->names[slot].kind != kind)
        return parse_fail(ps, TOK_FMT " is a %s, not a %s", TOK_ARG(*t), kinds[ps->sc->names[slot].kind],
                          kinds[kind]);
    return slot;
}

static int parse_state(const token *t, DWORD *out)
{
    unsigned i;
    for (i = 0; i < 16; i++) {
        if (tok_is_nocase(t, hx_callstate_name(1u << i))) {
            *out = 1u << i;
            return 0;
        }
    }
    return -1;
}

/* LINEERR_ names as the trace prints them (hx_err_name), so scripts and traces agree. */
static int parse_error(const token *t, DWORD *out)
{
    DWORD code;
    if (tok_is(t, "LINEERR_?")) return -1;
    for (code = 0x80000001u; code <= 0x800000ffu; code++) {
        if (tok_is(t, hx_err_name((LONG)code))) {
            *out = code;
            return 0;
        }
    }
    return -1;
}

/* Constant names without their prefix, as scripts write them (any case). */
typedef struct named { const char *name; DWORD value; } named;

/* learn.microsoft.com/windows/win32/tapi/linedisconnectmode--constants */
static const named disconnect_modes[] = {
    { "normal", LINEDISCONNECTMODE_NORMAL }, { "unknown", LINEDISCONNECTMODE_UNKNOWN },
    { "reject", LINEDISCONNECTMODE_REJECT }, { "pickup", LINEDISCONNECTMODE_PICKUP },
    { "forwarded", LINEDISCONNECTMODE_FORWARDED }, { "busy", LINEDISCONNECTMODE_BUSY },
    { "noanswer", LINEDISCONNECTMODE_NOANSWER }, { "badaddress", LINEDISCONNECTMODE_BADADDRESS },
    { "unreachable", LINEDISCONNECTMODE_UNREACHABLE }, { "congestion", LINEDISCONNECTMODE_CONGESTION },
    { "incompatible", LINEDISCONNECTMODE_INCOMPATIBLE }, { "unavail", LINEDISCONNECTMODE_UNAVAIL },
    { "nodialtone", LINEDISCONNECTMODE_NODIALTONE }, { "numberchanged", LINEDISCONNECTMODE_NUMBERCHANGED },
    { "outoforder", LINEDISCONNECTMODE_OUTOFORDER }, { "tempfailure", LINEDISCONNECTMODE_TEMPFAILURE },
    { "qosunavail", LINEDISCONNECTMODE_QOSUNAVAIL }, { "blocked", LINEDISCONNECTMODE_BLOCKED },
    { "donotdisturb", LINEDISCONNECTMODE_DONOTDISTURB }, { "cancelled", LINEDISCONNECTMODE_CANCELLED },
    { NULL, 0 }
};
/* .../tapi/lineconnectedmode--constants */
static const named connected_modes[] = {
    { "active", LINECONNECTEDMODE_ACTIVE }, { "inactive", LINECONNECTEDMODE_INACTIVE },
    { "activeheld", LINECONNECTEDMODE_ACTIVEHELD }, { "inactiveheld", LINECONNECTEDMODE_INACTIVEHELD },
    { "confirmed", LINECONNECTEDMODE_CONFIRMED }, { NULL, 0 }
};
/* .../tapi/linedialtonemode--constants */
static const named dialtone_modes[] = {
    { "normal", LINEDIALTONEMODE_NORMAL }, { "special", LINEDIALTONEMODE_SPECIAL },
    { "internal", LINEDIALTONEMODE_INTERNAL }, { "external", LINEDIALTONEMODE_EXTERNAL },
    { "unknown", LINEDIALTONEMODE_UNKNOWN }, { "unavail", LINEDIALTONEMODE_UNAVAIL }, { NULL, 0 }
};
/* .../tapi/linebusymode--constants */
static const named busy_modes[] = {
    { "station", LINEBUSYMODE_STATION }, { "trunk", LINEBUSYMODE_TRUNK },
    { "unknown", LINEBUSYMODE_UNKNOWN }, { "unavail", LINEBUSYMODE_UNAVAIL }, { NULL, 0 }
};
/* .../tapi/lineofferingmode--constants */
static const named offering_modes[] = {
    { "active", LINEOFFERINGMODE_ACTIVE }, { "inactive", LINEOFFERINGMODE_INACTIVE }, { NULL, 0 }
};
/* .../tapi/linedevstate--constants */
static const named dev_states[] = {
    { "other", LINEDEVSTATE_OTHER }, { "ringing", LINEDEVSTATE_RINGING },
    { "connected", LINEDEVSTATE_CONNECTED }, { "disconnected", LINEDEVSTATE_DISCONNECTED },
    { "msgwaiton", LINEDEVSTATE_MSGWAITON }, { "msgwaitoff", LINEDEVSTATE_MSGWAITOFF },
    { "inservice", LINEDEVSTATE_INSERVICE }, { "outofservice", LINEDEVSTATE_OUTOFSERVICE },
    { "maintenance", LINEDEVSTATE_MAINTENANCE }, { "open", LINEDEVSTATE_OPEN },
    { "close", LINEDEVSTATE_CLOSE }, { "numcalls", LINEDEVSTATE_NUMCALLS },
    { "numcompletions", LINEDEVSTATE_NUMCOMPLETIONS }, { "terminals", LINEDEVSTATE_TERMINALS },
    { "roammode", LINEDEVSTATE_ROAMMODE }, { "battery", LINEDEVSTATE_BATTERY },
    { "signal", LINEDEVSTATE_SIGNAL }, { "devspecific", LINEDEVSTATE_DEVSPECIFIC },
    { "reinit", LINEDEVSTATE_REINIT }, { "lock", LINEDEVSTATE_LOCK },
    { "capschange", LINEDEVSTATE_CAPSCHANGE }, { "configchange", LINEDEVSTATE_CONFIGCHANGE },
    { "translatechange", LINEDEVSTATE_TRANSLATECHANGE }, { "complcancel", LINEDEVSTATE_COMPLCANCEL },
    { "removed", LINEDEVSTATE_REMOVED }, { NULL, 0 }
};

/* The table of modes LINE_CALLSTATE's dwParam2 carries for a state, or NULL when the
 * state has none scripts can name (learn.microsoft.com/windows/win32/tapi/line-callstate). */
static const named *modes_of(DWORD state)
{
    switch (state) {
    case LINECALLSTATE_DISCONNECTED: return disconnect_modes;
    case LINECALLSTATE_CONNECTED: return connected_modes;
    case LINECALLSTATE_DIALTONE: return dialtone_modes;
    case LINECALLSTATE_BUSY: return busy_modes;
    case LINECALLSTATE_OFFERING: return offering_modes;
    default: return NULL;
    }
}

static int parse_named(const named *table, const token *t, DWORD *out)
{
    for (; table->name; table++) {
        if (tok_is_nocase(t, table->name)) {
            *out = table->value;
            return 0;
        }
    }
    return -1;
}

/* The name of value in table, upper case as the constants are spelled; else hex. */
static const char *named_text(const named *table, DWORD value, char buf[24])
{
    for (; table && table->name; table++) {
        if (table->value == value) {
            size_t i;
            for (i = 0; table->name[i] && i < 23; i++)
                buf[i] = (char)(table->name[i] - ('a' <= table->name[i] && table->name[i] <= 'z' ? 'a' - 'A' : 0));
            buf[i] = '\0';
            return buf;
        }
    }
    snprintf(buf, 24, "0x%08lx", (unsigned long)value);
    return buf;
}

/* One argument of a pattern (an upper-case word) from one token. */
static int parse_argument(parser *ps, cmd *c, const char *arg, size_t arglen, const token *t)
{
#define ARG_IS(w) (arglen == sizeof(w) - 1 && memcmp(arg, w, arglen) == 0)
    int slot;
    if (ARG_IS("DEVICE")) {
        if (parse_dword(t, &c->value)) return parse_fail(ps, "bad number " TOK_FMT " (0 to 4294967295)",
                                                         TOK_ARG(*t));
    } else if (ARG_IS("NEWLINE") || ARG_IS("LINE")) {
        slot = ARG_IS("LINE") ? use_name(ps, t, KIND_LINE) : define_name(ps, t, KIND_LINE);
        if (slot < 0) return -1;
        c->line = slot;
    } else if (ARG_IS("NEWCALL") || ARG_IS("CALL")) {
        slot = ARG_IS("CALL") ? use_name(ps, t, KIND_CALL) : define_name(ps, t, KIND_CALL);
        if (slot < 0) return -1;
        c->call = slot;
    } else if (ARG_IS("NEWPHONE") || ARG_IS("PHONE")) {
        slot = ARG_IS("PHONE") ? use_name(ps, t, KIND_PHONE) : define_name(ps, t, KIND_PHONE);
        if (slot < 0) return -1;
        c->phone = slot;
    } else if (ARG_IS("FIELD")) {
        for (c->field = 0; c->field < (int)(sizeof field_names / sizeof field_names[0]); c->field++)
            if (tok_is(t, field_names[c->field])) break;
        if (c->field == (int)(sizeof field_names / sizeof field_names[0]))
            return parse_fail(ps, "unknown field " TOK_FMT " (caller, callername, called, calledname, connected "
                              "or connectedname)", TOK_ARG(*t));
    } else if (ARG_IS("RULE")) {
        char name[48];
        int id = -1;
        if (t->len < sizeof name) {
            memcpy(name, t->p, t->len);
            name[t->len] = '\0';
            id = hx_check_by_name(name);
        }
        if (id < 0) return parse_fail(ps, "unknown rule " TOK_FMT " (the names of checks.h)", TOK_ARG(*t));
        c->value = (DWORD)id;
    } else if (ARG_IS("TEXT")) {
        if (t->len >= STR_MAX) return parse_fail(ps, "TEXT longer than %d characters", STR_MAX - 1);
        memcpy(c->str, t->p, t->len);
        c->str[t->len] = '\0';
    } else if (ARG_IS("NUMBER") || ARG_IS("DIGITS")) {
        /* lineMakeCall takes a NULL or empty destination: the call waits at dial tone for
         * lineDial (nf-tspi-tspi_linemakecall, lpszDestAddress). */
        int makecall = c->op == OP_MAKECALL && ARG_IS("NUMBER");
        if (makecall && !t->quoted && t->len == 1 && t->p[0] == '-') {
            c->null_str = 1;
            return 0;
        }
        if (t->len == 0 && !(makecall && t->quoted)) return parse_fail(ps, "empty %.*s", (int)arglen, arg);
        if (t->len >= STR_MAX) return parse_fail(ps, "%.*s longer than %d characters", (int)arglen, arg,
                                                 STR_MAX - 1);
        memcpy(c->str, t->p, t->len);
        c->str[t->len] = '\0';
    } else if (ARG_IS("STATE")) {
        if (parse_state(t, &c->value)) return parse_fail(ps, "unknown call state " TOK_FMT, TOK_ARG(*t));
    } else if (ARG_IS("STATEMODE")) {
        /* STATE came first in the pattern: the mode is one of its kind. */
        const named *modes = modes_of(c->value);
        if (!modes) return parse_fail(ps, "call state %s has no mode to expect (disconnected, connected, dialtone, "
                                      "busy or offering have)", hx_callstate_name(c->value));
        if (parse_named(modes, t, &c->mode))
            return parse_fail(ps, "unknown mode " TOK_FMT " for call state %s", TOK_ARG(*t),
                              hx_callstate_name(c->value));
    } else if (ARG_IS("DEVSTATE")) {
        if (parse_named(dev_states, t, &c->value))
            return parse_fail(ps, "unknown line device state " TOK_FMT " (LINEDEVSTATE_ names: ringing, connected, "
                              "...)", TOK_ARG(*t));
    } else if (ARG_IS("MODE")) {
        if (tok_is(t, "pulse")) c->value = LINEDIGITMODE_PULSE;
        else if (tok_is(t, "dtmf")) c->value = LINEDIGITMODE_DTMF;
        else if (tok_is(t, "dtmfend")) c->value = LINEDIGITMODE_DTMFEND;
        else return parse_fail(ps, "unknown digit mode " TOK_FMT " (pulse, dtmf or dtmfend)", TOK_ARG(*t));
    } else if (ARG_IS("ERROR")) {
        if (parse_error(t, &c->value)) return parse_fail(ps, "unknown error " TOK_FMT, TOK_ARG(*t));
    } else {   /* TIME */
        if (parse_duration(t, &c->ms))
            return parse_fail(ps, "bad duration " TOK_FMT " (e.g. 2s or 500ms, at most 60s)", TOK_ARG(*t));
    }
    return 0;
#undef ARG_IS
}

static size_t word_len(const char *w) { return strcspn(w, " "); }
static int is_literal(const char *w) { return *w >= 'a' && *w <= 'z'; }

static int pattern_words(const char *w)
{
    int n = 0;
    for (; *w; n++) w += word_len(w) + (w[word_len(w)] == ' ');
    return n;
}

/* The grammar entry whose leading literal words all match, or -1. Of several such entries
 * (expect report RULE [within TIME]) the one with as many words as the command wins;
 * failing that, the shortest one the command is too short for (its error names the
 * missing argument), or else the longest. */
static int match_pattern(const token *tok, int ntok)
{
    size_t g;
    int best = -1, best_words = 0;
    for (g = 0; g < sizeof grammar / sizeof grammar[0]; g++) {
        const char *w = grammar[g].syn.pattern;
        int i = 0, ok = 1, words;
        while (ok && *w && is_literal(w)) {
            size_t n = word_len(w);
            ok = i < ntok && tok[i].len == n && memcmp(tok[i].p, w, n) == 0;
            i++;
            w += n + (w[n] == ' ');
        }
        if (!ok) continue;
        words = pattern_words(grammar[g].syn.pattern);
        if (words == ntok) return (int)g;
        if (best < 0 || (words > ntok && (best_words < ntok || words < best_words)) ||
            (words < ntok && best_words < ntok && words > best_words)) {
            best = (int)g;
            best_words = words;
        }
    }
    return best;
}

static int no_pattern(parser *ps, const token *tok, int ntok)
{
    char kinds[128] = "";
    size_t g, n0 = tok[0].len, used = 0;
    for (g = 0; g < sizeof grammar / sizeof grammar[0]; g++) {
        const char *p = grammar[g].syn.pattern, *second = p + word_len(p) + 1;
        size_t k;
        int dup = 0;
        if (word_len(p) != n0 || memcmp(p, tok[0].p, n0) != 0) continue;
        for (k = 0; k < g && !dup; k++) {
            const char *q = grammar[k].syn.pattern;
            dup = word_len(q) == n0 && memcmp(q, p, n0) == 0 && word_len(q + n0 + 1) == word_len(second) &&
                  memcmp(q + n0 + 1, second, word_len(second)) == 0;
        }
        if (dup) continue;
        used += (size_t)snprintf(kinds + used, sizeof kinds - used, "%s%.*s", used ? ", " : "",
                                 (int)word_len(second), second);
    }
    if (!used) return parse_fail(ps, "unknown command " TOK_FMT, TOK_ARG(tok[0]));
    if (ntok < 2) return parse_fail(ps, "%.*s: missing argument (one of: %s)", (int)n0, tok[0].p, kinds);
    return parse_fail(ps, "%.*s: unknown " TOK_FMT " (one of: %s)", (int)n0, tok[0].p, TOK_ARG(tok[1]), kinds);
}

static int add_command(parser *ps, const token *tok, int ntok)
{
    hx_script *sc = ps->sc;
    const char *w, *pattern;
    const char *start = tok[0].p, *end = tok[ntok - 1].p + tok[ntok - 1].len;
    cmd *c;
    int g = match_pattern(tok, ntok), i = 0;
    if (g < 0) return no_pattern(ps, tok, ntok);
    if (sc->n == HX_SCRIPT_CMDS_MAX) return parse_fail(ps, "more than %d commands", HX_SCRIPT_CMDS_MAX);
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 16;
        cmd *more = (cmd *)realloc(sc->cmds, cap * sizeof *more);
        if (!more) return parse_fail(ps, "out of memory");
        sc->cmds = more;
        sc->cap = cap;
    }
    c = &sc->cmds[sc->n];
    memset(c, 0, sizeof *c);
    c->op = grammar[g].op;
    c->lineno = ps->lineno;
    c->line = c->call = c->phone = -1;
    if (tok[ntok - 1].quoted) end++;     /* its closing quote */
    memcpy(c->text, start, (size_t)(end - start));
    pattern = grammar[g].syn.pattern;
    for (w = pattern; *w; i++) {
        size_t n = word_len(w);
        if (i >= ntok) return parse_fail(ps, "missing argument %.*s (%s)", (int)n, w, pattern);
        if (is_literal(w)) {
            if (tok[i].len != n || memcmp(tok[i].p, w, n) != 0)
                return parse_fail(ps, "expected \"%.*s\", got " TOK_FMT " (%s)", (int)n, w, TOK_ARG(tok[i]),
                                  pattern);
        } else if (parse_argument(ps, c, w, n, &tok[i])) {
            return -1;
        }
        w += n + (w[n] == ' ');
    }
    if (i < ntok) return parse_fail(ps, "unexpected " TOK_FMT " (%s)", TOK_ARG(tok[i]), pattern);
    if ((c->op == OP_SEND_DATA || c->op == OP_EXPECT_DATA) && !c->str[0]) return parse_fail(ps, "empty TEXT");
    if (c->op == OP_REPLY) {
        if (ps->reply_lineno) return parse_fail(ps, "a second expect reply before a request");
        ps->reply_lineno = ps->lineno;
    } else if (c->op == OP_MAKECALL || c->op == OP_ANSWER || c->op == OP_ACCEPT || c->op == OP_DROP ||
               c->op == OP_DIAL || c->op == OP_PHONE_DISPLAY || c->op == OP_PHONE_RING) {
        ps->reply_lineno = 0;
    }
    sc->n++;
    return 0;
}

/* Splits one line into commands (';') and words; quotes hold spaces and ';'. As in the
 * shell, '#' starts a comment only where a word could start, so 1# is a word. */
static int parse_line(parser *ps, const char *p, size_t len)
{
    token tok[TOKENS_MAX];
    int ntok = 0;
    size_t i = 0;
    for (;;) {
        while (i < len && (p[i] == ' ' || p[i] == '\t')) i++;
        if (i == len || p[i] == '#' || p[i] == ';') {
            if (ntok && add_command(ps, tok, ntok)) return -1;
            ntok = 0;
            if (i == len || p[i] == '#') return 0;
            i++;
            continue;
        }
        if (ntok == TOKENS_MAX) return parse_fail(ps, "more than %d words in one command", TOKENS_MAX);
        if (p[i] == '"') {
            size_t s = ++i;
            while (i < len && p[i] != '"') {
                if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] >= 0x7f)
                    return parse_fail(ps, "unexpected byte 0x%02x", (unsigned char)p[i]);
                i++;
            }
            if (i == len) return parse_fail(ps, "unterminated quote");
            tok[ntok].p = p + s;
            tok[ntok].quoted = 1;
            tok[ntok++].len = i++ - s;
        } else {
            size_t s = i;
            while (i < len && p[i] != ' ' && p[i] != '\t' && p[i] != ';' && p[i] != '"') {
                if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] >= 0x7f)
                    return parse_fail(ps, "unexpected byte 0x%02x", (unsigned char)p[i]);
                i++;
            }
            tok[ntok].p = p + s;
            tok[ntok].quoted = 0;
            tok[ntok++].len = i - s;
        }
    }
}

hx_script *hx_script_parse(const char *text, size_t len, const char *name, char *err, size_t errlen)
{
    parser ps;
    size_t at = 0;
    hx_script *sc = (hx_script *)calloc(1, sizeof *sc);
    if (!sc) {
        snprintf(err, errlen, "%s: out of memory", name);
        return NULL;
    }
    snprintf(sc->name, sizeof sc->name, "%s", name);
    memset(&ps, 0, sizeof ps);
    ps.sc = sc;
    ps.err = err;
    ps.errlen = errlen;
    while (at < len) {
        const char *nl = (const char *)memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        const char *p = text + at;
        at += n + (nl != NULL);
        ps.lineno++;
        if (n && p[n - 1] == '\r') n--;
        if (n > HX_SCRIPT_LINE_MAX) {
            parse_fail(&ps, "line longer than %d characters", HX_SCRIPT_LINE_MAX);
            goto fail;
        }
        if (parse_line(&ps, p, n)) goto fail;
    }
    if (ps.reply_lineno) {
        ps.lineno = ps.reply_lineno;
        parse_fail(&ps, "expect reply is not followed by a request");
        goto fail;
    }
    if (sc->n == 0) {
        snprintf(err, errlen, "%s: no commands", sc->name);
        goto fail;
    }
    return sc;
fail:
    hx_script_free(sc);
    return NULL;
}

/* ==== executor ==== */

typedef struct runner {
    const hx_script *sc;
    hx_srv *s;
    const cmd *c;                   /* the command running, for messages */
    void *obj[NAMES_MAX];           /* hx_line, hx_call or hx_phone per name slot; NULL when gone */
    int call_line[NAMES_MAX];       /* a call's line slot */
    HANDLE data[NAMES_MAX];         /* a call's comm/datamodem handle (getid), NULL when none;
                                     * a file descriptor on Linux, as the provider hands it out */
    int want_reply;
    LONG want;
    /* Conformance reports: which the script claimed (expect report), and the script
     * line that ran when each was made (0: while closing down). */
    unsigned char *claimed;
    unsigned *report_line;
    size_t reports_cap, reports_seen;
    char *err;
    size_t errlen;
} runner;

static int run_fail(runner *r, const char *fmt, ...)
{
    va_list ap;
    int n = r->c ? snprintf(r->err, r->errlen, "%s:%u: %s: ", r->sc->name, r->c->lineno, r->c->text)
                 : snprintf(r->err, r->errlen, "%s: ", r->sc->name);
    if (n < 0 || (size_t)n >= r->errlen) return -1;
    va_start(ap, fmt);
    vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *err_text(LONG e, char buf[16])
{
    const char *name = hx_err_name(e);
    if (!strchr(name, '?') && name[0] != '(') return name;
    snprintf(buf, 16, "0x%08lx", (unsigned long)(DWORD)e);
    return buf;
}

static const char *slot_name(const runner *r, int slot) { return r->sc->names[slot].name; }

static void *need(runner *r, int slot)
{
    static const char *const what[] = { "line %s is not open", "call %s is not there (closed, or never made)",
                                        "phone %s is not open" };
    if (!r->obj[slot]) run_fail(r, what[r->sc->names[slot].kind], slot_name(r, slot));
    return r->obj[slot];
}

/* Notes the script line of reports made since the last look. */
static void note_reports(runner *r, unsigned lineno)
{
    size_t n = hx_srv_reports(r->s);
    if (n > r->reports_cap) {
        size_t cap = n * 2;
        unsigned char *cl = (unsigned char *)realloc(r->claimed, cap);
        unsigned *ln;
        if (!cl) return;
        r->claimed = cl;
        if (!(ln = (unsigned *)realloc(r->report_line, cap * sizeof *ln))) return;
        r->report_line = ln;
        memset(r->claimed + r->reports_cap, 0, cap - r->reports_cap);
        r->reports_cap = cap;
    }
    for (; r->reports_seen < n; r->reports_seen++) r->report_line[r->reports_seen] = lineno;
}

/* The end of an asynchronous request: 0 done, 1 failed as the script expected, -1 failure. */
static int finish_request(runner *r, const char *func, LONG returned)
{
    char b1[16], b2[16];
    /* The harness's own completion timeout (tsp-harness --timeout) decides when a request
     * is reported as never completed; a script waits exactly that long. */
    LONG res = hx_srv_wait_reply(r->s, returned, hx_srv_config_get(r->s)->timeout_ms);
    int wanted = r->want_reply;
    r->want_reply = 0;
    if (wanted) {
        if (res != r->want)
            return run_fail(r, "%s completed with %s, expected %s", func, res ? err_text(res, b1) : "success",
                            err_text(r->want, b2));
        return 1;
    }
    if (res) return run_fail(r, "%s failed with %s", func, err_text(res, b1));
    return 0;
}

/* ---- the comm/datamodem handle (learn.microsoft.com/windows/win32/tapi/comm-datamodem) ---- */

static void close_data(runner *r, int slot)
{
    if (!r->data[slot]) return;
#ifdef _WIN32
    CloseHandle(r->data[slot]);
#else
    close((int)(intptr_t)r->data[slot]);
#endif
    r->data[slot] = NULL;
}

#ifdef _WIN32
/* One ReadFile or WriteFile of at most n bytes, waiting up to ms: the bytes moved, 0
 * when none within ms, -1 on an error or the end of the data. Overlapped, so a handle
 * opened for overlapped I/O (a socket, a COM port opened so) is waited for with a bound;
 * other handles complete at once. */
static int data_io(HANDLE h, int writing, void *buf, size_t n, unsigned ms, DWORD *error)
{
    OVERLAPPED ov;
    DWORD got = 0;
    BOOL ok;
    int cancelled = 0;
    memset(&ov, 0, sizeof ov);
    *error = 0;
    if (!(ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL))) {
        *error = GetLastError();
        return -1;
    }
    ok = writing ? WriteFile(h, buf, (DWORD)n, &got, &ov) : ReadFile(h, buf, (DWORD)n, &got, &ov);
    if (!ok && GetLastError() == ERROR_IO_PENDING) {
        if (WaitForSingleObject(ov.hEvent, ms) != WAIT_OBJECT_0) {
            CancelIo(h);
            cancelled = 1;
        }
        ok = GetOverlappedResult(h, &ov, &got, TRUE);
        if (!ok && GetLastError() == ERROR_OPERATION_ABORTED) ok = TRUE;
    }
    if (!ok) *error = GetLastError();
    CloseHandle(ov.hEvent);
    if (!ok) return -1;
    /* A read of nothing that was not cancelled: the end of a socket's data; a COM port's
     * read timeout (COMMTIMEOUTS) ends with nothing too, and is only a wait. */
    if (!got && !writing && !cancelled && GetFileType(h) != FILE_TYPE_CHAR) return -1;
    return (int)got;
}
#endif

/* Writes all of text; 0, or -1 with the reason in why. */
static int data_write(HANDLE h, const char *text, size_t n, char *why, size_t whylen)
{
    size_t done = 0;
    while (done < n) {
#ifdef _WIN32
        DWORD e;
        int k = data_io(h, 1, (void *)(text + done), n - done, DATA_WAIT_MS, &e);
        if (k <= 0) {
            snprintf(why, whylen, "WriteFile failed (error %lu)", (unsigned long)e);
            return -1;
        }
#else
        ssize_t k = write((int)(intptr_t)h, text + done, n - done);
        if (k < 0 && (errno == EINTR || errno == EAGAIN)) {
            struct pollfd pfd = { (int)(intptr_t)h, POLLOUT, 0 };
            if (errno == EAGAIN && poll(&pfd, 1, (int)DATA_WAIT_MS) <= 0) {
                snprintf(why, whylen, "the handle took no data for %u ms", DATA_WAIT_MS);
                return -1;
            }
            continue;
        }
        if (k <= 0) {
            snprintf(why, whylen, "write() failed: %s", k < 0 ? strerror(errno) : "wrote nothing");
            return -1;
        }
#endif
        done += (size_t)k;
    }
    return 0;
}

/* Reads at most n bytes within ms: the count, 0 when nothing came, -1 at the end of the
 * data or on an error (the reason in why). */
static int data_read(HANDLE h, char *buf, size_t n, unsigned ms, char *why, size_t whylen)
{
#ifdef _WIN32
    DWORD e;
    int k = data_io(h, 0, buf, n, ms, &e);
    if (k < 0) snprintf(why, whylen, "ReadFile failed (error %lu)", (unsigned long)e);
    return k;
#else
    struct pollfd pfd = { (int)(intptr_t)h, POLLIN, 0 };
    ssize_t k;
    int p = poll(&pfd, 1, (int)ms);
    if (p < 0 && errno == EINTR) return 0;
    if (p < 0) {
        snprintf(why, whylen, "poll() failed: %s", strerror(errno));
        return -1;
    }
    if (p == 0) return 0;
    k = read((int)(intptr_t)h, buf, n);
    if (k < 0 && (errno == EAGAIN || errno == EINTR)) return 0;
    if (k <= 0) {
        snprintf(why, whylen, "%s", k < 0 ? strerror(errno) : "the end of the data (the port closed)");
        return -1;
    }
    return (int)k;
#endif
}

/* A call the script no longer has: its data handle is closed, and its LINE_CALLSTATEs
 * left in the wait queue are dropped, since the harness reuses hx_call objects
 * (tapisrv.h) and a later call must not be matched against them. */
static void forget_call(runner *r, int slot)
{
    hx_msg m;
    close_data(r, slot);
    if (r->obj[slot]) {
        hx_srv_flush(r->s, FORGET_FLUSH_MS);
        while (hx_srv_wait_msg(r->s, LINE_CALLSTATE, r->obj[slot], 0, &m) == 0) {}
    }
    r->obj[slot] = NULL;
}

/* The same for a closed line (hx_line objects last, one per device, and may be opened
 * again under another name): its calls go, and its line messages. */
static void forget_line(runner *r, int line_slot)
{
    int i;
    hx_msg m;
    for (i = 0; i < r->sc->nnames; i++)
        if (r->sc->names[i].kind == KIND_CALL && r->call_line[i] == line_slot) forget_call(r, i);
    if (r->obj[line_slot]) {
        hx_srv_flush(r->s, FORGET_FLUSH_MS);
        while (hx_srv_wait_msg(r->s, LINE_LINEDEVSTATE, r->obj[line_slot], 0, &m) == 0) {}
        while (hx_srv_wait_msg(r->s, LINE_CLOSE, r->obj[line_slot], 0, &m) == 0) {}
    }
    r->obj[line_slot] = NULL;
}

static int run_makecall(runner *r, const cmd *c, hx_line *l)
{
    hx_call *call = NULL;
    LONG ret = hx_line_make_call(l, c->null_str ? NULL : c->str, 0, NULL, &call);
    int rc;
    if (call) {
        /* Named at once: its events may be awaited right after. */
        r->obj[c->call] = call;
        r->call_line[c->call] = c->line;
    }
    rc = finish_request(r, "TSPI_lineMakeCall", ret);
    /* After a failure the harness closed the call (TSPI_lineMakeCall remarks). */
    if (rc != 0) r->obj[c->call] = NULL;
    return rc < 0 ? -1 : 0;
}

static int run_digits(runner *r, const cmd *c, hx_call *call)
{
    char got[STR_MAX] = "";
    size_t n = 0, want = strlen(c->str);
    uint64_t deadline = tspk_now_us() + (uint64_t)c->ms * 1000u;
    hx_msg m;
    while (n < want) {
        uint64_t now = tspk_now_us();
        unsigned left = now < deadline ? (unsigned)((deadline - now) / 1000u) : 0;
        if (hx_srv_wait_msg(r->s, LINE_MONITORDIGITS, call, left, &m))
            return run_fail(r, "call %s detected \"%s\" after %u ms", slot_name(r, c->call), got, c->ms);
        got[n++] = (char)(m.p1 & 0xff);   /* the digit is dwParam1's low byte (line-monitordigits) */
        got[n] = '\0';
        if (got[n - 1] != c->str[n - 1])
            return run_fail(r, "call %s detected \"%s\", expected \"%s\"", slot_name(r, c->call), got, c->str);
    }
    return 0;
}

static int run_callinfo(runner *r, const cmd *c, hx_call *call)
{
    /* dwCallerID..dwConnectedNameOffset: Size then Offset, number then name, per party. */
    static const size_t size_at[] = {
        offsetof(LINECALLINFO, dwCallerIDSize), offsetof(LINECALLINFO, dwCallerIDNameSize),
        offsetof(LINECALLINFO, dwCalledIDSize), offsetof(LINECALLINFO, dwCalledIDNameSize),
        offsetof(LINECALLINFO, dwConnectedIDSize), offsetof(LINECALLINFO, dwConnectedIDNameSize),
    };
    unsigned char buf[4096];
    char got[STR_MAX * 2], b[16];
    DWORD size, off;
    LONG e;
    memset(buf, 0, sizeof buf);
    e = hx_call_get_info(call, buf, sizeof buf);
    if (e) return run_fail(r, "TSPI_lineGetCallInfo failed with %s", err_text(e, b));
    memcpy(&size, buf + size_at[c->field], sizeof size);
    memcpy(&off, buf + size_at[c->field] + sizeof(DWORD), sizeof off);
    if (hx_struct_string(buf, (DWORD)sizeof buf, off, size, got, sizeof got))
        return run_fail(r, "LINECALLINFO %s lies outside the structure", field_names[c->field]);
    if (strcmp(got, c->str) != 0)
        return run_fail(r, "call %s has %s \"%s\", expected \"%s\"", slot_name(r, c->call), field_names[c->field],
                        got, c->str);
    return 0;
}

static int run_callstatus(runner *r, const cmd *c, hx_call *call)
{
    LINECALLSTATUS cs;
    char b[16];
    LONG e;
    memset(&cs, 0, sizeof cs);
    e = hx_call_get_status(call, &cs, (DWORD)sizeof cs);
    if (e) return run_fail(r, "TSPI_lineGetCallStatus failed with %s", err_text(e, b));
    if (cs.dwCallState != c->value)
        return run_fail(r, "call %s is %s in LINECALLSTATUS, expected %s", slot_name(r, c->call),
                        hx_callstate_name(cs.dwCallState), hx_callstate_name(c->value));
    return 0;
}

/* Claims the oldest unclaimed report of the rule, waiting up to ms for one. */
static int run_expect_report(runner *r, const cmd *c, unsigned ms)
{
    const hx_check_info *ci = hx_check_get((hx_check_id)c->value);
    uint64_t deadline = tspk_now_us() + (uint64_t)ms * 1000u;
    for (;;) {
        size_t i;
        note_reports(r, c->lineno);
        for (i = 0; i < r->reports_seen; i++) {
            hx_report rep;
            if (r->claimed[i] || hx_checks_get(hx_srv_checks(r->s), i, &rep) || rep.id != (hx_check_id)c->value)
                continue;
            r->claimed[i] = 1;
            return 0;
        }
        if (tspk_now_us() >= deadline) break;
        tspk_sleep_ms(REPORT_POLL_MS);
    }
    return run_fail(r, "no %s report (%lu reports so far)", ci ? ci->name : "?", (unsigned long)r->reports_seen);
}

/* The oldest LINE_CALLSTATE of the state not yet taken by an earlier "mode" expectation;
 * its dwParam2 must be the mode (learn.microsoft.com/windows/win32/tapi/line-callstate). */
static int run_callstate_mode(runner *r, const cmd *c, hx_call *call)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)c->ms * 1000u;
    const named *modes = modes_of(c->value);
    char want[24], got[24];
    hx_msg m;
    for (;;) {
        uint64_t now = tspk_now_us();
        unsigned left = now < deadline ? (unsigned)((deadline - now) / 1000u) : 0;
        if (hx_srv_wait_msg(r->s, LINE_CALLSTATE, call, left, &m))
            return run_fail(r, "no LINE_CALLSTATE %s for call %s after %u ms (it is %s)", hx_callstate_name(c->value),
                            slot_name(r, c->call), c->ms, hx_callstate_name(hx_call_state(call)));
        if ((DWORD)m.p1 != c->value) continue;
        if ((DWORD)m.p2 != c->mode)
            return run_fail(r, "call %s became %s with mode %s, expected %s", slot_name(r, c->call),
                            hx_callstate_name(c->value), named_text(modes, (DWORD)m.p2, got),
                            named_text(modes, c->mode, want));
        return 0;
    }
}

static int run_linedevstate(runner *r, const cmd *c, hx_line *l)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)c->ms * 1000u;
    char want[24];
    hx_msg m;
    for (;;) {
        uint64_t now = tspk_now_us();
        unsigned left = now < deadline ? (unsigned)((deadline - now) / 1000u) : 0;
        if (hx_srv_wait_msg(r->s, LINE_LINEDEVSTATE, l, left, &m))
            return run_fail(r, "no LINE_LINEDEVSTATE %s on line %s after %u ms", named_text(dev_states, c->value, want),
                            slot_name(r, c->line), c->ms);
        /* dwParam1 is one LINEDEVSTATE_ (learn.microsoft.com/windows/win32/tapi/line-linedevstate). */
        if ((DWORD)m.p1 == c->value) return 0;
    }
}

/* LINE_CLOSE: TAPISRV closed the line at the provider's request (learn.microsoft.com/
 * windows/win32/tapi/line-close); the line and its calls are gone for the script. */
static int run_lineclose(runner *r, const cmd *c, hx_line *l)
{
    hx_msg m;
    if (hx_srv_wait_msg(r->s, LINE_CLOSE, l, c->ms, &m))
        return run_fail(r, "no LINE_CLOSE on line %s after %u ms", slot_name(r, c->line), c->ms);
    if (hx_line_is_open(l)) return run_fail(r, "LINE_CLOSE came, but line %s is still open", slot_name(r, c->line));
    forget_line(r, c->line);
    return 0;
}

/* lineGetID "comm/datamodem" for a connected call: STRINGFORMAT_BINARY, a HANDLE, then
 * the device name NUL-terminated, in dwStringSize (learn.microsoft.com/windows/win32/
 * tapi/comm-datamodem). The handle is the script's until the call is closed. */
static int run_getid(runner *r, const cmd *c, hx_call *call)
{
    union { VARSTRING vs; unsigned char b[1024]; } u;
    hx_line *l = (hx_line *)need(r, r->call_line[c->call]);
    char b[16], name[HX_SCRIPT_LINE_MAX];
    const unsigned char *s;
    size_t nlen;
    HANDLE h;
    LONG e;
    if (!l) return -1;
    memset(&u, 0, sizeof u);
    e = hx_line_get_id(l, 0, call, LINECALLSELECT_CALL, "comm/datamodem", &u, (DWORD)sizeof u);
    if (e) return run_fail(r, "TSPI_lineGetID failed with %s", err_text(e, b));
    if (u.vs.dwNeededSize > sizeof u)
        return run_fail(r, "the VARSTRING needs %lu bytes, more than %lu", (unsigned long)u.vs.dwNeededSize,
                        (unsigned long)sizeof u);
    if (u.vs.dwStringFormat != STRINGFORMAT_BINARY)
        return run_fail(r, "dwStringFormat is %lu, not STRINGFORMAT_BINARY", (unsigned long)u.vs.dwStringFormat);
    if (u.vs.dwStringOffset > sizeof u || u.vs.dwStringSize > sizeof u - u.vs.dwStringOffset)
        return run_fail(r, "the string (offset %lu, %lu bytes) lies outside the structure",
                        (unsigned long)u.vs.dwStringOffset, (unsigned long)u.vs.dwStringSize);
    if (u.vs.dwStringSize < sizeof(HANDLE) + 2)
        return run_fail(r, "dwStringSize %lu has no room for a HANDLE (%lu bytes) and a device name",
                        (unsigned long)u.vs.dwStringSize, (unsigned long)sizeof(HANDLE));
    s = u.b + u.vs.dwStringOffset;
    memcpy(&h, s, sizeof h);
    nlen = u.vs.dwStringSize - sizeof h;
    if (s[sizeof h + nlen - 1] != '\0' || memchr(s + sizeof h, '\0', nlen) != s + sizeof h + nlen - 1)
        return run_fail(r, "the device name after the HANDLE is not one NUL-terminated string of the %lu bytes left",
                        (unsigned long)nlen);
    snprintf(name, sizeof name, "%s", (const char *)(s + sizeof h));
    hx_srv_note(r->s, "script", "comm/datamodem: handle 0x%lx, device \"%s\"", (unsigned long)(uintptr_t)h, name);
    if (!h) return run_fail(r, "the handle is NULL (device \"%s\")", name);
    close_data(r, c->call);
    r->data[c->call] = h;
    return 0;
}

static HANDLE need_data(runner *r, const cmd *c)
{
    if (!r->data[c->call]) run_fail(r, "call %s has no data handle (getid %s comm/datamodem first)",
                                    slot_name(r, c->call), slot_name(r, c->call));
    return r->data[c->call];
}

static int run_send_data(runner *r, const cmd *c)
{
    char why[128];
    HANDLE h = need_data(r, c);
    if (!h) return -1;
    if (data_write(h, c->str, strlen(c->str), why, sizeof why)) return run_fail(r, "%s", why);
    return 0;
}

/* Reads exactly as many bytes as TEXT has, so what follows stays for the next one. */
static int run_expect_data(runner *r, const cmd *c)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)c->ms * 1000u;
    size_t want = strlen(c->str), have = 0;
    char got[STR_MAX], why[128];
    HANDLE h = need_data(r, c);
    if (!h) return -1;
    while (have < want) {
        uint64_t now = tspk_now_us();
        unsigned left = now < deadline ? (unsigned)((deadline - now) / 1000u) : 0;
        int k;
        if (!left) break;
        if ((k = data_read(h, got + have, want - have, left, why, sizeof why)) < 0)
            return run_fail(r, "after \"%.*s\": %s", (int)have, got, why);
        have += (size_t)k;
        if (memcmp(got, c->str, have) != 0) {
            size_t i;
            for (i = 0; i < have; i++)
                if ((unsigned char)got[i] < 0x20 || (unsigned char)got[i] >= 0x7f) got[i] = '.';
            return run_fail(r, "call %s received \"%.*s\", expected \"%s\"", slot_name(r, c->call), (int)have, got,
                            c->str);
        }
    }
    if (have < want)
        return run_fail(r, "call %s received \"%.*s\" after %u ms, expected \"%s\"", slot_name(r, c->call), (int)have,
                        got, c->ms, c->str);
    return 0;
}

static int async_step(runner *r, const char *func, LONG ret)
{
    return finish_request(r, func, ret) < 0 ? -1 : 0;
}

/* The name slot a command gives a new object to, or -1. Only the shell can give a name
 * twice; the object it named must be gone by then. */
static int defined_slot(const cmd *c)
{
    switch (c->op) {
    case OP_OPEN: return c->line;
    case OP_MAKECALL: case OP_NEWCALL: return c->call;
    case OP_PHONE_OPEN: return c->phone;
    default: return -1;
    }
}

static int run_command(runner *r, const cmd *c)
{
    char b[16];
    hx_line *l = NULL;
    hx_call *call = NULL;
    hx_phone *ph = NULL;
    hx_msg m;
    LONG e;
    if (c->op != OP_OPEN && c->line >= 0 && !(l = (hx_line *)need(r, c->line))) return -1;
    if (c->op != OP_MAKECALL && c->op != OP_NEWCALL && c->call >= 0 && !(call = (hx_call *)need(r, c->call)))
        return -1;
    if (c->op != OP_PHONE_OPEN && c->phone >= 0 && !(ph = (hx_phone *)need(r, c->phone))) return -1;
    if (defined_slot(c) >= 0 && r->obj[defined_slot(c)])
        return run_fail(r, "%s still names an open %s (close it first)", slot_name(r, defined_slot(c)),
                        c->op == OP_PHONE_OPEN ? "phone" : c->op == OP_OPEN ? "line" : "call");
    switch (c->op) {
    case OP_OPEN:
        e = hx_line_open(r->s, c->value, &l);
        if (e) return run_fail(r, "opening device %lu failed with %s", (unsigned long)c->value, err_text(e, b));
        r->obj[c->line] = l;
        return 0;
    case OP_CLOSE:
        e = hx_line_close(l);
        forget_line(r, c->line);
        return e ? run_fail(r, "closing failed with %s", err_text(e, b)) : 0;
    case OP_MAKECALL:
        return run_makecall(r, c, l);
    case OP_ANSWER:
        return async_step(r, "TSPI_lineAnswer", hx_call_answer(call, NULL, 0));
    case OP_ACCEPT:
        return async_step(r, "TSPI_lineAccept", hx_call_accept(call, NULL, 0));
    case OP_DROP:
        return async_step(r, "TSPI_lineDrop", hx_call_drop(call, NULL, 0));
    case OP_DIAL:
        return async_step(r, "TSPI_lineDial", hx_call_dial(call, c->str, 0));
    case OP_CLOSECALL:
        e = hx_call_close(call);
        forget_call(r, c->call);
        return e ? run_fail(r, "TSPI_lineCloseCall failed with %s", err_text(e, b)) : 0;
    case OP_MONITOR:
        e = hx_call_monitor_digits(call, c->value);
        return e ? run_fail(r, "TSPI_lineMonitorDigits failed with %s", err_text(e, b)) : 0;
    case OP_SEND:
        /* dwEndToEndID: the command's line number, so LINE_GENERATE in the trace points back here. */
        e = hx_call_generate_digits(call, c->lineno, c->value, c->str, 0);
        return e ? run_fail(r, "TSPI_lineGenerateDigits failed with %s", err_text(e, b)) : 0;
    case OP_CALLINFO:
        return run_callinfo(r, c, call);
    case OP_CALLSTATUS:
        return run_callstatus(r, c, call);
    case OP_NEWCALL:
        if (hx_srv_wait_msg(r->s, LINE_NEWCALL, l, c->ms, &m))
            return run_fail(r, "no LINE_NEWCALL on line %s after %u ms", slot_name(r, c->line), c->ms);
        if (!m.call) return run_fail(r, "LINE_NEWCALL on line %s without a call", slot_name(r, c->line));
        r->obj[c->call] = m.call;
        r->call_line[c->call] = c->line;
        return 0;
    case OP_CALLSTATE:
        if (hx_srv_wait_call_state(r->s, call, c->value, c->ms))
            return run_fail(r, "call %s is %s after %u ms", slot_name(r, c->call),
                            hx_callstate_name(hx_call_state(call)), c->ms);
        return 0;
    case OP_DIGITS:
        return run_digits(r, c, call);
    case OP_REPLY:
        r->want_reply = 1;
        r->want = (LONG)c->value;
        return 0;
    case OP_REPORT:
        return run_expect_report(r, c, 0);
    case OP_REPORT_WITHIN:
        return run_expect_report(r, c, c->ms);
    case OP_PHONE_OPEN:
        e = hx_phone_open(r->s, c->value, &ph);
        if (e) return run_fail(r, "opening phone %lu failed with %s", (unsigned long)c->value, err_text(e, b));
        r->obj[c->phone] = ph;
        return 0;
    case OP_PHONE_CLOSE:
        e = hx_phone_close(ph);
        r->obj[c->phone] = NULL;
        return e ? run_fail(r, "closing failed with %s", err_text(e, b)) : 0;
    case OP_PHONE_DISPLAY:
        return async_step(r, "TSPI_phoneSetDisplay", hx_phone_set_display(ph, 0, 0, c->str));
    case OP_PHONE_RING:
        return async_step(r, "TSPI_phoneSetRing", hx_phone_set_ring(ph, c->value, 0xFFFF));
    case OP_SLEEP:
        tspk_sleep_ms(c->ms);
        return 0;
    case OP_CALLSTATE_MODE:
        return run_callstate_mode(r, c, call);
    case OP_LINEDEVSTATE:
        return run_linedevstate(r, c, l);
    case OP_LINECLOSE:
        return run_lineclose(r, c, l);
    case OP_GETID_DATAMODEM:
        return run_getid(r, c, call);
    case OP_SEND_DATA:
        return run_send_data(r, c);
    case OP_EXPECT_DATA:
        return run_expect_data(r, c);
    }
    return run_fail(r, "internal error: unknown command");
}

/* The first report nobody expected, as the run's failure. */
static int unexpected_report(runner *r)
{
    size_t i;
    for (i = 0; i < r->reports_seen; i++) {
        hx_report rep;
        char text[HX_REPORT_TEXT_MAX];
        size_t k;
        if (r->claimed[i] || hx_checks_get(hx_srv_checks(r->s), i, &rep)) continue;
        hx_report_format(&rep, text, sizeof text);
        text[strcspn(text, "\n")] = '\0';       /* the first line names rule, function and values */
        r->c = NULL;
        for (k = 0; k < r->sc->n; k++)
            if (r->sc->cmds[k].lineno == r->report_line[i]) r->c = &r->sc->cmds[k];
        if (r->c) return run_fail(r, "the provider broke a TAPI rule: %s", text);
        return run_fail(r, "the provider broke a TAPI rule while closing: %s", text);
    }
    return 0;
}

/* Leaves the provider as TAPISRV would: calls deallocated, devices closed, shut down. */
static LONG runner_close(runner *r)
{
    int k;
    LONG e;
    r->c = NULL;
    for (k = 0; k < r->sc->nnames; k++) {
        close_data(r, k);
        if (r->sc->names[k].kind == KIND_CALL && r->obj[k]) hx_call_close((hx_call *)r->obj[k]);
        r->obj[k] = NULL;
    }
    e = hx_srv_stop(r->s);
    note_reports(r, 0);
    return e;
}

static void runner_init(runner *r, const hx_script *sc, hx_srv *s)
{
    memset(r, 0, sizeof *r);
    r->sc = sc;
    r->s = s;
}

static int runner_step(runner *r, const cmd *c)
{
    int rc;
    r->c = c;
    hx_srv_note(r->s, "script", "%s:%u: %s", r->sc->name, c->lineno, c->text);
    rc = run_command(r, c);
    note_reports(r, c->lineno);
    return rc;
}

int hx_script_run(const hx_script *sc, hx_srv *s, const hx_srv_config *cfg, char *err, size_t errlen)
{
    runner r;
    char b[16];
    size_t i;
    int rc = 0;
    LONG e;
    runner_init(&r, sc, s);
    r.err = err;
    r.errlen = errlen;
    e = hx_srv_start(s, cfg);
    if (e) return run_fail(&r, "starting the provider failed with %s", err_text(e, b));
    for (i = 0; i < sc->n && rc == 0; i++) rc = runner_step(&r, &sc->cmds[i]);
    e = runner_close(&r);
    if (rc == 0 && e) rc = run_fail(&r, "TSPI_providerShutdown failed with %s", err_text(e, b));
    if (rc == 0) rc = unexpected_report(&r);
    free(r.claimed);
    free(r.report_line);
    return rc;
}

/* ==== the shell's session: the same parser and executor, one line at a time ==== */

struct hx_session {
    hx_script sc;                   /* names live as long as the session; cmds: this line's */
    parser ps;                      /* lineno and a pending "expect reply" carry over */
    runner r;
    int started;
};

hx_session *hx_session_new(hx_srv *s, const char *name)
{
    hx_session *ss = (hx_session *)calloc(1, sizeof *ss);
    if (!ss) return NULL;
    snprintf(ss->sc.name, sizeof ss->sc.name, "%s", name ? name : "shell");
    ss->sc.session = 1;
    ss->ps.sc = &ss->sc;
    runner_init(&ss->r, &ss->sc, s);
    return ss;
}

LONG hx_session_start(hx_session *ss, const hx_srv_config *cfg)
{
    LONG e = hx_srv_start(ss->r.s, cfg);
    ss->started = e == 0;
    return e;
}

int hx_session_exec(hx_session *ss, unsigned lineno, const char *text, size_t len, char *err, size_t errlen)
{
    int nnames = ss->sc.nnames, rc = 0;
    unsigned reply = ss->ps.reply_lineno;
    size_t i;
    ss->sc.n = 0;
    ss->ps.err = ss->r.err = err;
    ss->ps.errlen = ss->r.errlen = errlen;
    ss->ps.lineno = lineno ? lineno : ss->ps.lineno + 1;
    if (len && text[len - 1] == '\n') len--;
    if (len && text[len - 1] == '\r') len--;
    if (len > HX_SCRIPT_LINE_MAX) rc = parse_fail(&ss->ps, "line longer than %d characters", HX_SCRIPT_LINE_MAX);
    else if (memchr(text, '\n', len)) rc = parse_fail(&ss->ps, "more than one line");
    else rc = parse_line(&ss->ps, text, len);
    if (rc) {
        /* Nothing of a line that does not parse takes effect. */
        ss->sc.nnames = nnames;
        ss->ps.reply_lineno = reply;
        ss->sc.n = 0;
        return -1;
    }
    if (!ss->started && ss->sc.n) {
        ss->r.c = &ss->sc.cmds[0];
        return run_fail(&ss->r, "the provider is not running");
    }
    for (i = 0; i < ss->sc.n && rc == 0; i++) rc = runner_step(&ss->r, &ss->sc.cmds[i]);
    return rc;
}

size_t hx_session_status(hx_session *ss, char *buf, size_t len)
{
    static const char *const kinds[] = { "line", "call", "phone" };
    size_t used = 0, claimed = 0, i;
    int k, shown = 0;
#define PUT(...) do { int n_ = snprintf(buf + (used < len ? used : len), used < len ? len - used : 0, __VA_ARGS__); \
                      if (n_ > 0) used += (size_t)n_; } while (0)
    if (len) buf[0] = '\0';
    PUT("provider: %s", ss->started ? "running" : "stopped");
    if (ss->started) PUT(", TSPI version 0x%08lx, %lu lines, %lu phones", (unsigned long)hx_srv_version(ss->r.s),
                         (unsigned long)hx_srv_num_lines(ss->r.s), (unsigned long)hx_srv_num_phones(ss->r.s));
    PUT("\n");
    for (k = 0; k < ss->sc.nnames; k++) {
        const void *o = ss->r.obj[k];
        if (!o) continue;
        shown++;
        PUT("  %s %s: ", kinds[ss->sc.names[k].kind], ss->sc.names[k].name);
        if (ss->sc.names[k].kind == KIND_LINE) {
            PUT("device %lu, TSPI version 0x%08lx\n", (unsigned long)hx_line_device_id((const hx_line *)o),
                (unsigned long)hx_line_version((const hx_line *)o));
        } else if (ss->sc.names[k].kind == KIND_PHONE) {
            PUT("device %lu\n", (unsigned long)hx_phone_device_id((const hx_phone *)o));
        } else {
            const hx_call *c = (const hx_call *)o;
            PUT("%s, on line %s, %s\n", hx_call_is_incoming(c) ? "incoming" : "outgoing",
                ss->sc.names[ss->r.call_line[k]].name, hx_callstate_name(hx_call_state(c)));
        }
    }
    if (!shown) PUT("  no open lines, calls or phones\n");
    note_reports(&ss->r, ss->ps.lineno);
    for (i = 0; i < ss->r.reports_seen && ss->r.claimed; i++) claimed += ss->r.claimed[i];
    PUT("conformance reports: %lu (%lu claimed by expect report)%s\n", (unsigned long)ss->r.reports_seen,
        (unsigned long)claimed, ss->r.want_reply ? "; an expect reply waits for the next request" : "");
#undef PUT
    return used;
}

LONG hx_session_end(hx_session *ss)
{
    LONG e = 0;
    if (ss->started) e = runner_close(&ss->r);
    ss->started = 0;
    return e;
}

void hx_session_free(hx_session *ss)
{
    if (!ss) return;
    hx_session_end(ss);
    free(ss->sc.cmds);
    free(ss->r.claimed);
    free(ss->r.report_line);
    free(ss);
}
