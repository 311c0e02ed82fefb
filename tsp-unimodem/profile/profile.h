/*
 * tsp-unimodem/profile/profile.h - modem descriptions as Unimodem keeps them: the command
 * lists, the Settings fragments, the Properties and DCB defaults, the VoiceProfile flags
 * and the Responses table.
 *
 * What it does: holds one modem's description (a um_profile) and fills it from two
 * sources that share one set of setters: our text format (um_profile_parse, used on
 * Linux and in tests) and, later, the registry keys Windows' modem class installer
 * writes from the modem's INF (HKR\Init\1, HKR\Settings\Prefix, HKR\Responses\<text>,
 * HKR\Properties ...; the TSPI layer reads them and calls the same setters). Strings are
 * stored with the INF/registry macros expanded (<cr>, <lf>, <hXX>); the numeric
 * placeholder <#> of the CallSetupFailTimer/InactivityTimeout fragments is kept for the
 * AT engine to fill in. A profile is immutable once built and may be shared read-only
 * by any number of AT engines (no hidden global state, no locks).
 *
 * The Responses table (learn.microsoft.com/previous-versions/windows/hardware/modem/
 * ff542617(v=vs.85), "Responses"): each entry maps the exact text of one modem response
 * to the 10-byte MSS structure - bResponseState, bNegotiatedOptions, then the negotiated
 * DCE and DTE rates as little-endian DWORDs (0 = not reported). The response states are
 * Unimodem's: 0x00 OK, 0x01 negotiation progress (LOOP: information that does not end a
 * command), 0x02 CONNECT, 0x03 ERROR, 0x04 NO CARRIER, 0x05 NO DIALTONE, 0x06 BUSY,
 * 0x07 NO ANSWER, 0x08 RING; the voice additions 0x11/0x12 distinctive-ring durations,
 * 0x13 DATE, 0x14 TIME, 0x15 NMBR, 0x16 NAME, 0x17 MESG (caller ID), 0x18-0x1A single,
 * double, triple ring; and the call-control additions 0x1C BLACKLISTED, 0x1D DELAYED
 * (support.microsoft.com KB 250648, "Description of the Modem Responses Key"). Bit 0x80 of
 * the state marks a variable-length response, whose table text is a prefix and whose
 * remainder is a value (modem INFs write DATE as 0x93 ... MESG as 0x97); DRON..MESG are
 * always treated as variable-length. bNegotiatedOptions: 0x01 compression, 0x02 error
 * control, 0x08 cellular protocol.
 *
 * The text format (docs/unimodem.md has the full description and examples):
 *
 *     ; comment (also '#' at the start of a line)
 *     [Modem]
 *     Name = "Generic V.250 modem"
 *     Reset = "AT&F<cr>"
 *     InactivityScale = 10                 ; seconds per InactivityTimeout unit
 *     VoiceProfile = 0x00000000
 *     [Init]
 *     1 = "AT&FE0V1&C1&D2<cr>"
 *     [Monitor]
 *     1 = "ATS0=0<cr>"
 *     2 = None                             ; Unimodem's placeholder: nothing to send
 *     [Settings]
 *     Prefix = "AT"
 *     CallSetupFailTimer = "S7=<#>"
 *     [Properties]
 *     DialOptions = quiet dialtone
 *     MaxDCERate = 56000
 *     [DCB]
 *     BaudRate = 115200
 *     FlowControl = hardware
 *     [Responses]
 *     "<cr><lf>CONNECT 2400/ARQ<cr><lf>" = CONNECT ec dce=2400
 *     "CONNECT 300" = 02,00,2C,01,00,00,00,00,00,00     ; the MSS bytes, as in an INF
 *     "NMBR = " = NMBR
 *
 * Lists ([Init], [Monitor], [Answer], [Hangup], [EnableCallerID], [VoiceAnswer],
 * [VoiceDialNumberSetup]) are numbered 1, 2, 3 ... in order. Response texts lose leading
 * and trailing CR, LF and blanks, because the AT engine matches whole lines.
 * Errors name the file and line: "usr.ini:12: unknown key 'Foo' in [Settings]".
 *
 * Usage:
 *     char err[UM_PROFILE_ERR_MAX];
 *     um_profile *p = um_profile_parse(text, len, "generic.ini", err, sizeof err);
 *     if (!p) return report(err);
 *     const char *prefix = um_profile_setting(p, UM_SET_PREFIX);     // "AT"
 *     for (size_t i = 0; i < um_profile_list_count(p, UM_LIST_INIT); i++)
 *         send(um_profile_list_item(p, UM_LIST_INIT, i));
 *     um_profile_free(p);
 */
#ifndef TSP_UNIMODEM_PROFILE_H
#define TSP_UNIMODEM_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UM_PROFILE_LINE_MAX 1024     /* bytes per line of the text format, newline excluded */
#define UM_PROFILE_STR_MAX 128       /* bytes of one command or setting, macros expanded */
#define UM_PROFILE_RESPONSE_MAX 80   /* bytes of one response text */
#define UM_PROFILE_RESPONSES_MAX 2048
#define UM_PROFILE_LIST_MAX 8        /* entries per command list */
#define UM_PROFILE_ERR_MAX 256       /* room every error message fits in */

/* Response states: Unimodem's bResponseState values (see the top of this file). */
enum {
    UM_RS_OK = 0x00,
    UM_RS_LOOP = 0x01,          /* negotiation progress: informs, does not end a command */
    UM_RS_CONNECT = 0x02,
    UM_RS_ERROR = 0x03,
    UM_RS_NOCARRIER = 0x04,
    UM_RS_NODIALTONE = 0x05,
    UM_RS_BUSY = 0x06,
    UM_RS_NOANSWER = 0x07,
    UM_RS_RING = 0x08,
    UM_RS_DRON = 0x11,          /* distinctive ring: ring duration */
    UM_RS_DROF = 0x12,          /* distinctive ring: silence between rings */
    UM_RS_DATE = 0x13,          /* caller ID fields */
    UM_RS_TIME = 0x14,
    UM_RS_NMBR = 0x15,
    UM_RS_NAME = 0x16,
    UM_RS_MESG = 0x17,
    UM_RS_SINGLE_RING = 0x18,
    UM_RS_DOUBLE_RING = 0x19,
    UM_RS_TRIPLE_RING = 0x1A,
    UM_RS_BLACKLISTED = 0x1C,
    UM_RS_DELAYED = 0x1D,
    UM_RS_UNKNOWN = 0x7F,       /* ours: nothing matched (never stored in a table) */
};
#define UM_RS_VARIABLE 0x80     /* flag bit: table text is a prefix, the rest a value */

/* bNegotiatedOptions bits. */
enum {
    UM_OPT_COMPRESSION = 0x01,
    UM_OPT_ERROR_CONTROL = 0x02,
    UM_OPT_CELLULAR = 0x08,
};

/* What one Responses entry means: the MSS structure, unpacked. */
typedef struct {
    uint8_t state;              /* UM_RS_*, possibly | UM_RS_VARIABLE */
    uint8_t options;            /* UM_OPT_* */
    uint32_t dce_rate;          /* bit/s, 0 = not reported */
    uint32_t dte_rate;
} um_response_info;

/* Command lists: Unimodem's registry subkeys with numbered string values. */
typedef enum {
    UM_LIST_INIT,
    UM_LIST_MONITOR,
    UM_LIST_ANSWER,
    UM_LIST_HANGUP,
    UM_LIST_CALLERID,            /* EnableCallerID */
    UM_LIST_VOICE_ANSWER,        /* VoiceAnswer */
    UM_LIST_VOICE_DIAL_SETUP,    /* VoiceDialNumberSetup */
    UM_LIST_COUNT
} um_list;

/* The Settings subkey: command fragments the engine assembles into one command line. */
typedef enum {
    UM_SET_PREFIX,
    UM_SET_TERMINATOR,
    UM_SET_DIAL_PREFIX,
    UM_SET_DIAL_SUFFIX,
    UM_SET_TONE,
    UM_SET_PULSE,
    UM_SET_BLIND_ON,
    UM_SET_BLIND_OFF,
    UM_SET_CALL_SETUP_FAIL_TIMER,   /* with <#>: seconds */
    UM_SET_INACTIVITY_TIMEOUT,      /* with <#>: units of InactivityScale seconds */
    UM_SET_SPEAKER_VOLUME_LOW,
    UM_SET_SPEAKER_VOLUME_MED,
    UM_SET_SPEAKER_VOLUME_HIGH,
    UM_SET_SPEAKER_MODE_OFF,
    UM_SET_SPEAKER_MODE_DIAL,
    UM_SET_SPEAKER_MODE_ON,
    UM_SET_SPEAKER_MODE_SETUP,
    UM_SET_FLOW_CONTROL_OFF,
    UM_SET_FLOW_CONTROL_HARD,
    UM_SET_FLOW_CONTROL_SOFT,
    UM_SET_ERROR_CONTROL_ON,
    UM_SET_ERROR_CONTROL_OFF,
    UM_SET_ERROR_CONTROL_FORCED,
    UM_SET_ERROR_CONTROL_CELLULAR,
    UM_SET_ERROR_CONTROL_CELLULAR_FORCED,
    UM_SET_COMPRESSION_ON,
    UM_SET_COMPRESSION_OFF,
    UM_SET_MODULATION_CCITT,
    UM_SET_MODULATION_BELL,
    UM_SET_MODULATION_CCITT_V23,
    UM_SET_SPEED_NEGOTIATION_ON,
    UM_SET_SPEED_NEGOTIATION_OFF,
    UM_SET_COUNT
} um_setting;

/* MODEMDEVCAPS values (mcx.h; learn.microsoft.com/windows/win32/api/mcx/ns-mcx-modemdevcaps). */
#define UM_DIALOPTION_BILLING 0x00000040u     /* '$' */
#define UM_DIALOPTION_QUIET 0x00000080u       /* '@' */
#define UM_DIALOPTION_DIALTONE 0x00000100u    /* 'W' */
#define UM_MDMVOLFLAG_LOW 0x1u
#define UM_MDMVOLFLAG_MEDIUM 0x2u
#define UM_MDMVOLFLAG_HIGH 0x4u
#define UM_MDMSPKRFLAG_OFF 0x1u
#define UM_MDMSPKRFLAG_DIAL 0x2u
#define UM_MDMSPKRFLAG_ON 0x4u
#define UM_MDMSPKRFLAG_CALLSETUP 0x8u
#define UM_MDM_COMPRESSION 0x0001u
#define UM_MDM_ERROR_CONTROL 0x0002u
#define UM_MDM_FORCED_EC 0x0004u
#define UM_MDM_CELLULAR 0x0008u
#define UM_MDM_FLOWCONTROL_HARD 0x0010u
#define UM_MDM_FLOWCONTROL_SOFT 0x0020u
#define UM_MDM_CCITT_OVERRIDE 0x0040u
#define UM_MDM_SPEED_ADJUST 0x0080u
#define UM_MDM_TONE_DIAL 0x0100u
#define UM_MDM_BLIND_DIAL 0x0200u
#define UM_MDM_V23_OVERRIDE 0x0400u
#define UM_MDM_DIAGNOSTICS 0x0800u

/* The Properties value: the last eight DWORDs of MODEMDEVCAPS, from dwDialOptions on. */
typedef struct {
    uint32_t dial_options;          /* UM_DIALOPTION_* */
    uint32_t call_setup_fail_timer; /* seconds, the most the modem accepts */
    uint32_t inactivity_timeout;    /* the most, in InactivityScale units */
    uint32_t speaker_volume;        /* UM_MDMVOLFLAG_* */
    uint32_t speaker_mode;          /* UM_MDMSPKRFLAG_* */
    uint32_t modem_options;         /* UM_MDM_* the modem supports */
    uint32_t max_dte_rate;
    uint32_t max_dce_rate;
} um_properties;
#define UM_PROPERTIES_BLOB_SIZE 32

/* The port defaults of the DCB value (learn.microsoft.com/windows/win32/api/winbase/ns-winbase-dcb). */
typedef enum { UM_FLOW_NONE, UM_FLOW_HARDWARE, UM_FLOW_SOFTWARE } um_flow;
typedef struct {
    uint32_t baud_rate;
    uint8_t byte_size;              /* 5..8 */
    uint8_t parity;                 /* 0 none, 1 odd, 2 even, 3 mark, 4 space (DCB's NOPARITY..) */
    uint8_t stop_bits;              /* 0 one, 1 one and a half, 2 two (ONESTOPBIT..) */
    uint8_t flow;                   /* um_flow */
} um_dcb;
#define UM_DCB_BLOB_SIZE 28

/* VoiceProfile bit 0: a voice modem (learn.microsoft.com/previous-versions/windows/
 * hardware/modem/ff543143(v=vs.85)); 0x80: the modem does not support caller ID. */
#define UM_VOICEPROFILE_VOICE 0x00000001u
#define UM_VOICEPROFILE_NO_CALLERID 0x00000080u

/* Errors of the setters (negative). */
enum {
    UM_PROFILE_E_NOMEM = -1,
    UM_PROFILE_E_TOOLONG = -2,      /* a string longer than its limit */
    UM_PROFILE_E_MACRO = -3,        /* an unknown or malformed <...> macro */
    UM_PROFILE_E_INDEX = -4,        /* a list entry out of order or past UM_PROFILE_LIST_MAX */
    UM_PROFILE_E_DUPLICATE = -5,    /* the same response text twice */
    UM_PROFILE_E_EMPTY = -6,        /* an empty response text */
    UM_PROFILE_E_MULTILINE = -7,    /* a response text with CR or LF inside */
    UM_PROFILE_E_FULL = -8,         /* UM_PROFILE_RESPONSES_MAX entries already */
    UM_PROFILE_E_BLOB = -9,         /* a binary value of the wrong size */
    UM_PROFILE_E_STATE = -10,       /* a response state that is not Unimodem's */
};

typedef struct um_profile um_profile;

/* A profile with no commands, no responses, zero Properties, a 115200 8N1 hardware-flow
 * DCB, and the V.250 Settings every modem shares: Prefix "AT", Terminator "<cr>",
 * DialPrefix "D", DialSuffix ";", Tone "T", Pulse "P". NULL when out of memory. */
um_profile *um_profile_new(void);
void um_profile_free(um_profile *p);

/* Parses len bytes of the text format; name is used in messages. NULL on error, with
 * "name:LINE: what was wrong" in err (or "name: out of memory"). */
um_profile *um_profile_parse(const char *text, size_t len, const char *name, char *err,
                             size_t errlen);

/* ---- setters (the parser and the registry reader both use these) ---------------- */

/* Strings are in INF/registry form (len bytes, macros unexpanded). */
int um_profile_set_name(um_profile *p, const char *s, size_t len);
int um_profile_set_reset(um_profile *p, const char *s, size_t len);
/* index counts from 1 and must be the next one of the list (Unimodem numbers them 1, 2,
 * 3 ...). The value "None" (any case) keeps the place and sends nothing. */
int um_profile_set_list(um_profile *p, um_list list, unsigned index, const char *s, size_t len);
int um_profile_set_setting(um_profile *p, um_setting which, const char *s, size_t len);
int um_profile_add_response(um_profile *p, const char *text, size_t len, const um_response_info *info);
/* The registry's binary form: the 10 MSS bytes. */
int um_profile_add_response_mss(um_profile *p, const char *text, size_t len, const uint8_t mss[10]);
void um_profile_set_properties(um_profile *p, const um_properties *props);
int um_profile_set_properties_blob(um_profile *p, const uint8_t *blob, size_t len);
void um_profile_set_dcb(um_profile *p, const um_dcb *dcb);
int um_profile_set_dcb_blob(um_profile *p, const uint8_t *blob, size_t len);
void um_profile_set_voice(um_profile *p, uint32_t voice_profile);
void um_profile_set_inactivity_scale(um_profile *p, uint32_t seconds_per_unit);

/* ---- getters ------------------------------------------------------------------ */

const char *um_profile_name(const um_profile *p);
const char *um_profile_reset(const um_profile *p);            /* "" when none */
/* Entries that send something ("None" places are skipped). */
size_t um_profile_list_count(const um_profile *p, um_list list);
const char *um_profile_list_item(const um_profile *p, um_list list, size_t i);
const char *um_profile_setting(const um_profile *p, um_setting which);  /* NULL: not set */
const um_properties *um_profile_properties(const um_profile *p);
const um_dcb *um_profile_dcb(const um_profile *p);
uint32_t um_profile_voice(const um_profile *p);
uint32_t um_profile_inactivity_scale(const um_profile *p);   /* 1 when not set */
size_t um_profile_response_count(const um_profile *p);
/* Entry i: its text (NUL-terminated, *len bytes) and meaning. */
const char *um_profile_response(const um_profile *p, size_t i, size_t *len, um_response_info *info);

/* ---- names ---------------------------------------------------------------------- */

/* The registry/INF names, matched without regard to case; -1 when unknown. The Windows
 * 95/98 spellings CallSetupFailTimeout, Dial_Tone and Dial_Pulse are accepted too. */
int um_setting_from_name(const char *name, size_t len);
const char *um_setting_name(um_setting which);
int um_list_from_name(const char *name, size_t len);
const char *um_list_name(um_list list);
/* "OK", "LOOP", "CONNECT" ... for a state (the UM_RS_VARIABLE bit ignored); NULL if none. */
const char *um_state_name(uint8_t state);
const char *um_profile_strerror(int err);

#endif
