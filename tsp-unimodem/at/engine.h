/*
 * tsp-unimodem/at/engine.h - the AT command engine: drives one modem the way Unimodem
 * does, as a pure state machine fed the modem's bytes and a monotonic clock.
 *
 * What it does: the TSPI layer asks for operations - open (Init commands, the Settings
 * line, EnableCallerID, Monitor), dial, answer, hang up, a raw command, DTMF digits -
 * and the engine turns each into command lines written through a callback, reads the
 * modem's answers (um_response_match with the modem's profile) and reports typed events
 * through another: the end of each operation with its final result code, rates and
 * options; incoming RINGs (counted) with the caller ID gathered so far; the far end
 * hanging up; data bytes while connected; voice events. It does no I/O, starts no
 * threads, takes no locks and keeps no global state; one engine per modem, used from
 * one thread at a time. Time is whatever monotonic milliseconds the caller passes.
 *
 * How it works:
 *  - Operations queue (at most UM_AT_OPS_MAX); one command line is outstanding at a
 *    time, with its own timeout. A command ends at a final result code (V.250 5.7.1:
 *    OK, CONNECT, ERROR, NO CARRIER, NO DIALTONE, BUSY, NO ANSWER, and BLACKLISTED,
 *    DELAYED); negotiation progress lines (CARRIER, PROTOCOL, +MRR ...) add rates and
 *    options to the result of the command they precede.
 *  - Echo (V.250 5.2.3, E1): a line equal to the outstanding command, case ignored, is
 *    recognised and dropped, so echo on or off both work.
 *  - Lines end at CR or LF (V.250 5.7.1 frames verbose results as <cr><lf>text<cr><lf>,
 *    numeric ones as text<cr>); empty lines, NUL and other control bytes are dropped;
 *    a line longer than UM_AT_LINE_MAX raises one UM_AT_EV_ERROR and is skipped up to
 *    its end, so a flood without a newline costs no memory. Unknown lines are reported
 *    as UM_AT_EV_INFO and change nothing.
 *  - Unsolicited results while idle: RING (and the distinctive-ring forms, and <DLE>R in
 *    voice mode) counts rings; DATE, TIME, NMBR, NAME, MESG fill the caller ID before or
 *    after the first ring, "P" and "O" meaning private and out of area. When no ring
 *    comes for ring_gap_ms the caller gave up: UM_AT_EV_RING_STOPPED, counts cleared.
 *  - Dialling (V.250 6.3.1; TSPI_lineMakeCall and TSPI_lineDial remarks,
 *    learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linemakecall): the
 *    dialable address is cut at '|', '^' or CR (subaddress, name, further addresses);
 *    blanks ( ) - . are dropped; 0-9 A-D * # + , ! T P pass; W, @ and $ pass when the
 *    profile's DialOptions say the modem has them and fail the call otherwise, as ? always
 *    does, before anything is sent; ';' at the end keeps the modem in command state
 *    off hook (DialSuffix) so TSPI_lineDial can add digits, and an empty lineDial then
 *    completes the call. Long numbers go out in pieces of UM_AT_DIAL_CHUNK digits, each
 *    but the last ending with DialSuffix (V.250 5.2.1 guarantees only 40 characters).
 *  - CONNECT puts the engine in data mode: the bytes after the CONNECT line are data,
 *    reported as UM_AT_EV_DATA, until a line "NO CARRIER" (the verbose form only: a lone
 *    "3" is data) or the escape. Hanging up from data mode waits guard_ms, writes "+++",
 *    waits for OK (the Hayes escape; V.250 leaves it to the manufacturer, S2/S12), then
 *    sends the Hangup commands. A dial or answer still running is aborted by one CR
 *    (V.250 5.6.1: any character aborts D and A). Without an answer to the escape the
 *    hang-up ends with UM_AT_TIMEOUT: drop DTR (the profile's &D2).
 *  - After each call, and after a command that timed out or an Init that failed, the
 *    engine re-runs the open sequence on its own (operation id 0) while the line is open,
 *    as Unimodem re-initialises after every call. A failing Init is retried twice, the
 *    profile's Reset command first.
 *  - Voice (V.253): after a command with +FCLASS=8 succeeded, <DLE> shielded codes are
 *    events (DTMF digits, busy, dial tone, silence, quiet, ring, ...); after CONNECT to a
 *    +VRX command the stream is audio (UM_AT_EV_VOICE_DATA, <DLE><DLE> unshielded) until
 *    <DLE><ETX>. Digits are generated with +VTS, V.253's DTMF and tone generation
 *    command ("AT+VTS=1,2,#").
 *
 * Callbacks run synchronously inside the engine's functions. The event callback may call
 * the operation functions (um_at_open ... um_at_close), not um_at_feed, um_at_tick,
 * um_at_release or um_at_free (they return UM_AT_E_REENTRANT); the write callback may
 * call none of them. Pointers in an event are valid only during the callback.
 *
 * Usage (the TSPI layer owns the port and a timer):
 *     um_at_config cfg = { .profile = p, .write = port_write, .event = on_event, .user = line };
 *     um_at *at = um_at_init(NULL, &cfg);
 *     um_at_open(at, now_ms(), NULL, UM_AT_OPEN_MONITOR | UM_AT_OPEN_CALLERID);
 *     for (;;) {                                   // the port layer's loop
 *         n = port_read(buf, sizeof buf, um_at_next_deadline(at));
 *         if (n > 0) um_at_feed(at, now_ms(), buf, n); else um_at_tick(at, now_ms());
 *     }
 *     uint32_t call = um_at_dial(at, now_ms(), "9W555-1212", 0);  // > 0, or UM_AT_E_*
 *     // on_event: UM_AT_EV_OP_DONE, op == call, status UM_AT_OK, result.state CONNECT
 *     um_at_hangup(at, now_ms(), 0);
 *     um_at_free(at);
 */
#ifndef TSP_UNIMODEM_AT_ENGINE_H
#define TSP_UNIMODEM_AT_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include "at/response.h"
#include "profile/profile.h"

#define UM_AT_LINE_MAX 256           /* bytes of one line from the modem */
#define UM_AT_CID_MAX 64             /* bytes kept of one caller ID field */
#define UM_AT_OPS_MAX 4              /* operations queued, the running one included */
#define UM_AT_DIAL_MAX 128           /* dialable characters of one dial operation */
#define UM_AT_DIAL_CHUNK 32          /* dial characters per ATD command line */
#define UM_AT_VTS_CHUNK 16           /* digits per +VTS command line */

typedef struct um_at um_at;

/* Operations. UM_AT_OP_OPEN is also the engine's own re-initialisation (op id 0). */
typedef enum {
    UM_AT_OP_OPEN,
    UM_AT_OP_DIAL,
    UM_AT_OP_ANSWER,
    UM_AT_OP_HANGUP,
    UM_AT_OP_COMMAND,
    UM_AT_OP_DIGITS,
} um_at_op_kind;

typedef enum {
    UM_AT_OK,            /* the expected final result came (OK, CONNECT ...) */
    UM_AT_FAILED,        /* another final result came: see result.state */
    UM_AT_TIMEOUT,       /* no final result in time */
    UM_AT_CANCELLED,     /* hung up or closed before it ended */
} um_at_status;

typedef enum {
    UM_AT_MODE_IDLE,        /* command state, on hook */
    UM_AT_MODE_DIALING,
    UM_AT_MODE_OFFHOOK,     /* dialled with ';': command state, off hook, more digits may come */
    UM_AT_MODE_ANSWERING,
    UM_AT_MODE_DATA,        /* connected, data state */
    UM_AT_MODE_VOICE,       /* voice call, voice command state */
    UM_AT_MODE_VOICE_DATA,  /* voice receive (+VRX) state */
    UM_AT_MODE_HANGUP,
} um_at_mode;

/* Voice events, from the <DLE> shielded codes of V.253 (7.1.1 simple event reports). */
typedef enum {
    UM_DLE_DTMF,            /* code: '0'-'9', '*', '#', 'A'-'D' */
    UM_DLE_DTMF_START,      /* '/' (V.253 7.5: DTMF event report sequence) */
    UM_DLE_DTMF_END,        /* '~' */
    UM_DLE_BUSY,            /* 'b' */
    UM_DLE_DIALTONE,        /* 'd' */
    UM_DLE_SILENCE,         /* 's': no voice at all, presumed hang-up */
    UM_DLE_QUIET,           /* 'q': voice, then quiet: presumed end of message */
    UM_DLE_RING,            /* 'R' */
    UM_DLE_FAX_CALLING,     /* 'c' */
    UM_DLE_DATA_CALLING,    /* 'e' */
    UM_DLE_ANSWER_TONE,     /* 'a' */
    UM_DLE_BELL_ANSWER,     /* 'f' */
    UM_DLE_HANDSET_ON_HOOK, /* 'h' */
    UM_DLE_HANDSET_OFF_HOOK,/* 'H' */
    UM_DLE_LOOP_BREAK,      /* 'l': loop current interruption, often the far end hanging up */
    UM_DLE_LOOP_REVERSAL,   /* 'L' */
    UM_DLE_RX_OVERRUN,      /* 'o' */
    UM_DLE_TX_UNDERRUN,     /* 'u' */
    UM_DLE_TIMING_MARK,     /* 'T' */
    UM_DLE_END_OF_DATA,     /* <ETX>: end of the voice receive stream */
    UM_DLE_UNKNOWN,         /* anything else; code holds it */
} um_dle;

/* Caller ID gathered since the first ring or caller ID line. */
#define UM_CID_DATE 0x001u
#define UM_CID_TIME 0x002u
#define UM_CID_NUMBER 0x004u
#define UM_CID_NAME 0x008u
#define UM_CID_MESSAGE 0x010u
#define UM_CID_NUMBER_PRIVATE 0x020u      /* NMBR = P */
#define UM_CID_NUMBER_OUT_OF_AREA 0x040u  /* NMBR = O */
#define UM_CID_NAME_PRIVATE 0x080u
#define UM_CID_NAME_OUT_OF_AREA 0x100u
typedef struct {
    unsigned flags;                       /* UM_CID_*: which fields arrived */
    char date[UM_AT_CID_MAX + 1];         /* as the modem sent them, NUL-terminated */
    char time[UM_AT_CID_MAX + 1];
    char number[UM_AT_CID_MAX + 1];
    char name[UM_AT_CID_MAX + 1];
    char message[UM_AT_CID_MAX + 1];
} um_callerid;

typedef enum {
    UM_AT_EV_OP_DONE,       /* op, kind, status, result */
    UM_AT_EV_RING,          /* rings (1, 2, ...), callerid */
    UM_AT_EV_RING_STOPPED,  /* the caller gave up before an answer */
    UM_AT_EV_CALLERID,      /* callerid, with every field so far */
    UM_AT_EV_DISCONNECTED,  /* the far end hung up (NO CARRIER during a call) */
    UM_AT_EV_DATA,          /* data, len: received in data mode */
    UM_AT_EV_VOICE_DATA,    /* data, len: audio received in voice receive mode */
    UM_AT_EV_DLE,           /* dle, code */
    UM_AT_EV_PROGRESS,      /* result: a negotiation progress line */
    UM_AT_EV_INFO,          /* data, len: a line that is no result code */
    UM_AT_EV_ERROR,         /* error: hostile input was dropped */
} um_at_event_type;

typedef enum {
    UM_AT_ERR_LINE_TOO_LONG = 1,
} um_at_error;

typedef struct {
    um_at_event_type type;
    uint32_t op;                 /* OP_DONE: the id its function returned; 0 = the engine's own */
    um_at_op_kind kind;
    um_at_status status;
    um_result result;            /* OP_DONE: the final result code; PROGRESS: the line's */
    unsigned rings;
    const um_callerid *callerid;
    const uint8_t *data;
    size_t len;
    um_dle dle;
    char code;                   /* DLE: the code byte */
    um_at_error error;
} um_at_event;

typedef void (*um_at_write_fn)(void *user, const uint8_t *data, size_t len);
typedef void (*um_at_event_fn)(void *user, const um_at_event *ev);

typedef struct {
    const um_profile *profile;   /* required; must outlive the engine */
    um_at_write_fn write;        /* required */
    um_at_event_fn event;        /* required */
    void *user;
    uint32_t command_timeout_ms; /* 0: 5000 */
    uint32_t guard_ms;           /* 0: 1000, the escape guard time (S12 = 50 fiftieths) */
    uint32_t ring_gap_ms;        /* 0: 8000, the longest pause between two rings */
} um_at_config;

/* What the user chose (MODEMSETTINGS, learn.microsoft.com/windows/win32/api/mcx/
 * ns-mcx-modemsettings), turned into the Settings line. */
typedef struct {
    uint32_t call_setup_fail_s;  /* CallSetupFailTimer <#>; also bounds dial and answer */
    uint32_t inactivity_s;       /* InactivityTimeout <#> (divided by InactivityScale) */
    uint32_t speaker_volume;     /* 0 low, 1 medium, 2 high (MDMVOL_*) */
    uint32_t speaker_mode;       /* 0 off, 1 dial, 2 on, 3 call setup (MDMSPKR_*) */
    uint32_t options;            /* UM_MDM_*: preferred modem options */
} um_at_settings;

/* um_at_open flags. */
#define UM_AT_OPEN_MONITOR 0x1u      /* send Monitor: answer calls (LINEMEDIAMODE monitoring) */
#define UM_AT_OPEN_CALLERID 0x2u     /* send EnableCallerID */
/* um_at_dial / um_at_answer flags. */
#define UM_AT_VOICE 0x1u             /* a voice call: VoiceDialNumberSetup / VoiceAnswer */
/* um_at_hangup flags. */
#define UM_AT_HANGUP_DTR_DROPPED 0x1u /* the caller dropped DTR: no escape needed */

/* Errors (negative) of the functions below. */
enum {
    UM_AT_E_STATE = -1,          /* not possible in the current mode */
    UM_AT_E_BUSY = -2,           /* UM_AT_OPS_MAX operations queued */
    UM_AT_E_TOOLONG = -3,        /* a command or dial string longer than the limits */
    UM_AT_E_INVALADDRESS = -4,   /* a character a dialable address may not hold */
    UM_AT_E_DIALBILLING = -5,    /* '$' and the modem has no DIALOPTION_BILLING */
    UM_AT_E_DIALQUIET = -6,      /* '@' without DIALOPTION_QUIET */
    UM_AT_E_DIALDIALTONE = -7,   /* 'W' without DIALOPTION_DIALTONE */
    UM_AT_E_DIALPROMPT = -8,     /* '?' */
    UM_AT_E_UNSUPPORTED = -9,    /* voice on a modem whose profile has no voice */
    UM_AT_E_REENTRANT = -10,     /* called from a callback where that is not allowed */
    UM_AT_E_INVAL = -11,         /* a bad argument */
};

/* Lifecycle (spandsp style): s is NULL (allocated here) or an engine um_at_release left.
 * NULL when cfg lacks profile, write or event, or out of memory. */
um_at *um_at_init(um_at *s, const um_at_config *cfg);
int um_at_release(um_at *s);
int um_at_free(um_at *s);

/* Input: bytes from the modem and the time they arrived; timers alone. */
int um_at_feed(um_at *s, uint64_t now_ms, const uint8_t *data, size_t len);
int um_at_tick(um_at *s, uint64_t now_ms);
/* When um_at_tick is next needed; UINT64_MAX when no timer runs. */
uint64_t um_at_next_deadline(const um_at *s);

/* Operations: each returns its id (> 0), reported again in UM_AT_EV_OP_DONE, or an
 * UM_AT_E_* error, in which case nothing was sent. settings may be NULL (60 s call setup,
 * no inactivity timeout, low volume, speaker during dialling, error control, compression,
 * hardware flow control, CCITT, tone dialling - limited to what Properties allow). */
int um_at_open(um_at *s, uint64_t now_ms, const um_at_settings *settings, unsigned flags);
/* New settings (lineSetDevConfig): an idle open modem is re-initialised with them at once,
 * one in a call after it; a dial waiting for that re-initialisation uses them. */
int um_at_set_settings(um_at *s, uint64_t now_ms, const um_at_settings *settings);
int um_at_dial(um_at *s, uint64_t now_ms, const char *dialable, unsigned flags);
int um_at_answer(um_at *s, uint64_t now_ms, unsigned flags);
int um_at_hangup(um_at *s, uint64_t now_ms, unsigned flags);
/* A command line without its terminator ("ATI3"); timeout_ms 0 is the default. */
int um_at_command(um_at *s, uint64_t now_ms, const char *line, uint32_t timeout_ms);
/* Voice calls: DTMF digits 0-9 A-D * # through +VTS. */
int um_at_generate_digits(um_at *s, uint64_t now_ms, const char *digits);
/* Ends monitoring: cancels queued operations, hangs up a call; no re-initialisation
 * follows. Returns the hang-up's id, or 0 when there was nothing to hang up. */
int um_at_close(um_at *s, uint64_t now_ms);

um_at_mode um_at_get_mode(const um_at *s);
const um_callerid *um_at_callerid(const um_at *s);
unsigned um_at_rings(const um_at *s);

/* Checks and rewrites a dialable address as the dial operation does (exposed for tests
 * and for the TSPI layer's synchronous checks): out gets the characters to send, *partial
 * whether it ended with ';'. 0 or UM_AT_E_*. */
int um_at_dial_translate(const um_profile *p, const char *dialable, char *out, size_t outlen,
                         int *partial);

const char *um_at_strerror(int err);

#endif
