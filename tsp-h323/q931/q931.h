/*
 * tsp-h323/q931/q931.h - Q.931 messages as H.225.0 uses them for H.323 call signalling.
 *
 * What it does: encodes a q931_message into a caller's buffer and decodes received
 * octets into one, bounds-checked, without allocation, I/O or globals. It knows the
 * framing of ITU-T Q.931 clause 4 and the information elements (IEs) that H.225.0
 * clause 7.2/7.3 uses; the H323-UserInformation carried in the User-user IE is PER
 * (ASN.1) and is passed through here as opaque octets.
 *
 * A message (Q.931 4.1):
 *
 *     octet 1     protocol discriminator, 0x08 (Q.931 4.2)
 *     octet 2     length of the call reference value: H.225.0 7.2 fixes it at 2 octets
 *     octets 3-4  call reference (Q.931 4.3): flag bit 8 of octet 3 (0: sent by the side
 *                 that allocated the reference, 1: sent to it), then a 15-bit value
 *     octet 5     message type (Q.931 4.4, table 4-2; bit 8 reserved, 0)
 *     then IEs    single-octet ones (bit 8 = 1: Shift, More data, Sending complete,
 *                 Congestion level, Repeat indicator) and variable-length ones
 *                 (identifier, length, contents; Q.931 4.5.1)
 *
 * H.225.0 differs from Q.931 in one octet-level respect: the length of the User-user
 * IE is 2 octets, not 1 (H.225.0 7.2), so that an H323-UserInformation of any size fits.
 *
 * Decoding (q931_decode) follows Q.931 5.8 where the codec can:
 *  - fewer than 5 octets (5.8.2), a protocol discriminator other than 0x08 (5.8.1) or
 *    a call reference length other than 2 (5.8.3.1, H.225.0 7.2): the message is to be
 *    ignored, and an error is returned;
 *  - an IE whose length runs past the end of the message: error (nothing after it
 *    could be delimited);
 *  - a known IE with contents that break its coding rules is left out and its bit set
 *    in 'bad' (5.8.7.2: act on the rest, answer with STATUS cause 100 if it mattered);
 *  - a known IE repeated: the first counts, the others are ignored and counted
 *    (5.8.5.2); the Progress indicator, which may be repeated (table 4-3), is kept
 *    twice; Bearer capability and Cause, repeatable in some ISDN messages but not in
 *    H.225.0's, keep their first;
 *  - unknown IEs, of any codeset, are kept in 'other' in the order received, up to
 *    Q931_MAX_OTHER (then counted in 'ignored'); unknown ones of codeset 0 with
 *    identifier bits 8-5 = 0000 are also counted in 'comprehension_required' (5.8.7.1:
 *    treat the message as one missing a mandatory IE);
 *  - an unknown message type decodes; the caller answers with STATUS cause 97 (5.8.4).
 * Octet strings in a decoded message point into the decoded buffer: keep it while the
 * message is in use.
 *
 * Encoding (q931_encode) writes: the header, the single-octet IEs (Sending complete,
 * More data, then single-octet 'other' IEs of codeset 0), the variable-length IEs of
 * codeset 0 in ascending identifier order with the 'other' ones merged in (Q.931 4.5.1:
 * the identifiers are assigned in their order of appearance), then the 'other' IEs of
 * codesets 1-7, each behind a non-locking shift (Q.931 4.5.4). A message that was
 * received in that canonical order encodes back to the same octets.
 *
 * Usage:
 *
 *     q931_message m;
 *     q931_message_init(&m, Q931_SETUP, 0x1234, false);
 *     m.present |= Q931_HAS_BEARER | Q931_HAS_CALLED | Q931_HAS_USER_USER;
 *     m.bearer = (q931_bearer){ .capability = Q931_BC_UNRESTRICTED_DIGITAL,
 *                               .rate = Q931_BC_RATE_64K, .layer1 = Q931_UIL1_H221 };
 *     m.called = (q931_number){ .type = Q931_TON_UNKNOWN, .plan = Q931_NP_E164,
 *                               .digits = Q931_OCTETS_STR("5551234") };
 *     m.user_user = (q931_user_user){ Q931_UU_PD_X208, { per_bytes, per_len } };
 *     int n = q931_encode(&m, out, sizeof out);      // n octets, or a Q931_ERR_*
 *
 *     q931_message in;
 *     if (q931_decode(&in, rx, rx_len) == 0 && (in.present & Q931_HAS_CAUSE))
 *         printf("cause %u\n", in.cause.value);
 */
#ifndef TSP_H323_Q931_H
#define TSP_H323_Q931_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- constants --------------------------------------------------------------------- */

#define Q931_PROTOCOL_DISCRIMINATOR 0x08  /* Q.931 4.2 */
#define Q931_CALL_REF_LEN 2               /* H.225.0 7.2 */
#define Q931_CALL_REF_MAX 0x7FFF          /* 15 bits; bit 8 of the first octet is the flag */
#define Q931_HEADER_LEN 5

/* Message types, Q.931 4.4 table 4-2 (Facility and Notify: Q.932), as H.225.0 7.3/7.4
 * lists them. */
enum {
    Q931_ALERTING = 0x01,
    Q931_CALL_PROCEEDING = 0x02,
    Q931_PROGRESS = 0x03,
    Q931_SETUP = 0x05,
    Q931_CONNECT = 0x07,
    Q931_SETUP_ACK = 0x0D,
    Q931_CONNECT_ACK = 0x0F,
    Q931_RELEASE_COMPLETE = 0x5A,
    Q931_FACILITY = 0x62,
    Q931_NOTIFY = 0x6E,
    Q931_STATUS_ENQUIRY = 0x75,
    Q931_INFORMATION = 0x7B,
    Q931_STATUS = 0x7D,
};

/* Information element identifiers of codeset 0, Q.931 4.5.1 table 4-3. */
enum {
    Q931_IE_BEARER_CAPABILITY = 0x04,     /* 4.5.5 */
    Q931_IE_CAUSE = 0x08,                 /* 4.5.12 */
    Q931_IE_FACILITY = 0x1C,              /* Q.932 */
    Q931_IE_CHANNEL_ID = 0x18,            /* 4.5.13 */
    Q931_IE_PROGRESS = 0x1E,              /* 4.5.23 */
    Q931_IE_NOTIFICATION = 0x27,          /* 4.5.22 */
    Q931_IE_DISPLAY = 0x28,               /* 4.5.16 */
    Q931_IE_KEYPAD = 0x2C,                /* 4.5.18 */
    Q931_IE_SIGNAL = 0x34,                /* 4.5.28 */
    Q931_IE_CALLING_NUMBER = 0x6C,        /* 4.5.10 */
    Q931_IE_CALLED_NUMBER = 0x70,         /* 4.5.8 */
    Q931_IE_USER_USER = 0x7E,             /* 4.5.30, length 2 octets per H.225.0 7.2 */
    /* single-octet IEs (bit 8 set) */
    Q931_IE_SHIFT = 0x90,                 /* 4.5.3/4.5.4: 1001 Lccc, L=1 non-locking */
    Q931_IE_MORE_DATA = 0xA0,             /* 4.5.20 */
    Q931_IE_SENDING_COMPLETE = 0xA1,      /* 4.5.27 */
};

/* Presence bits of q931_message.present and .bad, one per IE this codec understands. */
enum {
    Q931_HAS_BEARER = 1u << 0,
    Q931_HAS_CAUSE = 1u << 1,
    Q931_HAS_CHANNEL_ID = 1u << 2,
    Q931_HAS_PROGRESS = 1u << 3,
    Q931_HAS_NOTIFICATION = 1u << 4,
    Q931_HAS_DISPLAY = 1u << 5,
    Q931_HAS_KEYPAD = 1u << 6,
    Q931_HAS_SIGNAL = 1u << 7,
    Q931_HAS_CALLING = 1u << 8,
    Q931_HAS_CALLED = 1u << 9,
    Q931_HAS_USER_USER = 1u << 10,
    Q931_HAS_SENDING_COMPLETE = 1u << 11,
    Q931_HAS_MORE_DATA = 1u << 12,
};

/* Bearer capability, Q.931 4.5.5 (H.225.0 7.2 names the values an H.323 call uses). */
enum {
    Q931_CODING_ITU = 0,                  /* coding standard, also of Cause and Progress */
    Q931_BC_SPEECH = 0x00,                /* information transfer capability */
    Q931_BC_UNRESTRICTED_DIGITAL = 0x08,
    Q931_BC_RESTRICTED_DIGITAL = 0x09,
    Q931_BC_AUDIO_3K1 = 0x10,
    Q931_BC_VIDEO = 0x18,
    Q931_BC_MODE_CIRCUIT = 0,             /* transfer mode */
    Q931_BC_MODE_PACKET = 2,
    Q931_BC_RATE_PACKET = 0x00,           /* information transfer rate */
    Q931_BC_RATE_64K = 0x10,
    Q931_BC_RATE_2X64K = 0x11,
    Q931_BC_RATE_384K = 0x13,
    Q931_BC_RATE_1536K = 0x15,
    Q931_BC_RATE_1920K = 0x17,
    Q931_BC_RATE_MULTI = 0x18,            /* followed by the rate multiplier, octet 4.1 */
    Q931_UIL1_G711_ULAW = 0x02,           /* user information layer 1 protocol */
    Q931_UIL1_G711_ALAW = 0x03,
    Q931_UIL1_H221 = 0x05,                /* H.221 and H.242 */
};

/* Cause, Q.931 4.5.12 and Q.850. */
enum {
    Q931_LOC_USER = 0,
    Q931_LOC_PRIVATE_LOCAL = 1,
    Q931_LOC_PUBLIC_LOCAL = 2,
    Q931_LOC_TRANSIT = 3,
    Q931_LOC_PUBLIC_REMOTE = 4,
    Q931_LOC_PRIVATE_REMOTE = 5,
    Q931_LOC_INTERNATIONAL = 7,
    Q931_LOC_BEYOND_INTERWORKING = 10,
    Q931_CAUSE_UNALLOCATED_NUMBER = 1,
    Q931_CAUSE_NORMAL_CLEARING = 16,
    Q931_CAUSE_USER_BUSY = 17,
    Q931_CAUSE_NO_USER_RESPONDING = 18,
    Q931_CAUSE_NO_ANSWER = 19,
    Q931_CAUSE_CALL_REJECTED = 21,
    Q931_CAUSE_DESTINATION_OUT_OF_ORDER = 27,
    Q931_CAUSE_INVALID_NUMBER_FORMAT = 28,
    Q931_CAUSE_RESPONSE_TO_STATUS_ENQUIRY = 30,
    Q931_CAUSE_NORMAL_UNSPECIFIED = 31,
    Q931_CAUSE_NO_CIRCUIT = 34,
    Q931_CAUSE_NETWORK_OUT_OF_ORDER = 38,
    Q931_CAUSE_TEMPORARY_FAILURE = 41,
    Q931_CAUSE_BEARER_NOT_IMPLEMENTED = 65,
    Q931_CAUSE_INVALID_CALL_REFERENCE = 81,
    Q931_CAUSE_INCOMPATIBLE_DESTINATION = 88,
    Q931_CAUSE_INVALID_MESSAGE = 95,
    Q931_CAUSE_MANDATORY_IE_MISSING = 96,
    Q931_CAUSE_MESSAGE_TYPE_NONEXISTENT = 97,
    Q931_CAUSE_MESSAGE_NOT_COMPATIBLE = 98,
    Q931_CAUSE_IE_NONEXISTENT = 99,
    Q931_CAUSE_INVALID_IE_CONTENTS = 100,
    Q931_CAUSE_WRONG_CALL_STATE = 101,
    Q931_CAUSE_RECOVERY_ON_TIMER_EXPIRY = 102,
    Q931_CAUSE_PROTOCOL_ERROR = 111,
    Q931_CAUSE_INTERWORKING = 127,
};

/* Party numbers, Q.931 4.5.8 (called) and 4.5.10 (calling). */
enum {
    Q931_TON_UNKNOWN = 0,                 /* type of number */
    Q931_TON_INTERNATIONAL = 1,
    Q931_TON_NATIONAL = 2,
    Q931_TON_NETWORK_SPECIFIC = 3,
    Q931_TON_SUBSCRIBER = 4,
    Q931_TON_ABBREVIATED = 6,
    Q931_NP_UNKNOWN = 0,                  /* numbering plan */
    Q931_NP_E164 = 1,
    Q931_NP_DATA = 3,
    Q931_NP_TELEX = 4,
    Q931_NP_NATIONAL = 8,
    Q931_NP_PRIVATE = 9,
    Q931_PRES_ALLOWED = 0,                /* presentation indicator (octet 3a) */
    Q931_PRES_RESTRICTED = 1,
    Q931_PRES_NOT_AVAILABLE = 2,
    Q931_SCREEN_USER_NOT_SCREENED = 0,    /* screening indicator (octet 3a) */
    Q931_SCREEN_USER_PASSED = 1,
    Q931_SCREEN_USER_FAILED = 2,
    Q931_SCREEN_NETWORK = 3,
};

/* Progress description, Q.931 4.5.23. */
enum {
    Q931_PROGRESS_NOT_END_TO_END_ISDN = 1,
    Q931_PROGRESS_DESTINATION_NON_ISDN = 2,
    Q931_PROGRESS_ORIGINATION_NON_ISDN = 3,
    Q931_PROGRESS_RETURNED_TO_ISDN = 4,
    Q931_PROGRESS_INTERWORKING = 5,
    Q931_PROGRESS_INBAND = 8,
};

/* Signal values, Q.931 4.5.28. */
enum {
    Q931_SIGNAL_DIAL_TONE = 0x00,
    Q931_SIGNAL_RINGBACK = 0x01,
    Q931_SIGNAL_INTERCEPT = 0x02,
    Q931_SIGNAL_CONGESTION = 0x03,
    Q931_SIGNAL_BUSY = 0x04,
    Q931_SIGNAL_CONFIRM = 0x05,
    Q931_SIGNAL_ANSWER = 0x06,
    Q931_SIGNAL_CALL_WAITING = 0x07,
    Q931_SIGNAL_TONES_OFF = 0x3F,
    Q931_SIGNAL_ALERTING_OFF = 0x4F,
};

/* Notification description, Q.931 4.5.22. */
enum {
    Q931_NOTIFY_USER_SUSPENDED = 0x00,
    Q931_NOTIFY_USER_RESUMED = 0x01,
    Q931_NOTIFY_BEARER_CHANGE = 0x02,
};

#define Q931_UU_PD_X208 0x05   /* User-user protocol discriminator: X.208/X.209 coded (H.225.0) */

#define Q931_MAX_PROGRESS 2    /* Progress indicators kept (repeatable, Q.931 table 4-3) */
#define Q931_MAX_OTHER 16      /* unknown IEs kept per message */

/* Errors, all negative. */
enum {
    Q931_ERR_SHORT = -1,          /* fewer octets than the header (Q.931 5.8.2) */
    Q931_ERR_DISCRIMINATOR = -2,  /* not 0x08 (Q.931 5.8.1) */
    Q931_ERR_CALL_REF = -3,       /* call reference length is not 2 (Q.931 5.8.3.1) */
    Q931_ERR_TRUNCATED = -4,      /* an IE runs past the end of the message */
    Q931_ERR_NOSPACE = -5,        /* encode: the buffer is too small */
    Q931_ERR_INVALID = -6,        /* encode: a field is out of range, or a NULL argument */
};

/* ---- the message --------------------------------------------------------------------- */

/* Octets that belong to someone else: the decoded buffer, or the encoding caller. */
typedef struct {
    const uint8_t *data;
    size_t len;
} q931_octets;

#define Q931_OCTETS_STR(s) ((q931_octets){ (const uint8_t *)(s), sizeof(s) - 1 })

typedef struct {
    uint8_t coding_standard;    /* octet 3 bits 7-6, Q931_CODING_ITU */
    uint8_t capability;         /* octet 3 bits 5-1, Q931_BC_* */
    uint8_t transfer_mode;      /* octet 4 bits 7-6 */
    uint8_t rate;               /* octet 4 bits 5-1, Q931_BC_RATE_* */
    uint8_t multiplier;         /* octet 4.1 bits 7-1, present only with Q931_BC_RATE_MULTI */
    uint8_t layer1;             /* octet 5 bits 5-1, Q931_UIL1_*; 0: no octet 5 */
    q931_octets layer1_more;    /* octets 5a-5d as they are (each ext 0, the last ext 1) */
    q931_octets layers23;       /* octets 6 and 7 (layer 2/3 protocol), as they are */
} q931_bearer;

typedef struct {
    uint8_t coding_standard;    /* octet 3 bits 7-6 */
    uint8_t location;           /* octet 3 bits 4-1, Q931_LOC_* */
    bool has_recommendation;    /* octet 3a present */
    uint8_t recommendation;     /* octet 3a bits 7-1 */
    uint8_t value;              /* octet 4 bits 7-1, Q931_CAUSE_* (Q.850) */
    q931_octets diagnostics;    /* octets 5 and on */
} q931_cause;

typedef struct {
    uint8_t type;               /* octet 3 bits 7-5, Q931_TON_* */
    uint8_t plan;               /* octet 3 bits 4-1, Q931_NP_* */
    bool has_octet3a;           /* calling party number only (4.5.10) */
    uint8_t presentation;       /* octet 3a bits 7-6, Q931_PRES_* */
    uint8_t screening;          /* octet 3a bits 2-1, Q931_SCREEN_* */
    q931_octets digits;         /* IA5 characters, bit 8 = 0 */
} q931_number;

typedef struct {
    uint8_t coding_standard;    /* octet 3 bits 7-6 */
    uint8_t location;           /* octet 3 bits 4-1 */
    uint8_t description;        /* octet 4 bits 7-1, Q931_PROGRESS_* */
} q931_progress;

typedef struct {
    uint8_t description;        /* octet 3 bits 7-1, Q931_NOTIFY_* */
    q931_octets more;           /* octets after octet 3 (extended descriptions), as they are */
} q931_notification;

typedef struct {
    uint8_t protocol_discriminator; /* Q931_UU_PD_X208 for H.225.0 */
    q931_octets contents;           /* the H323-UserInformation, PER encoded */
} q931_user_user;

/* An IE this codec does not interpret, kept as received. */
typedef struct {
    uint8_t codeset;            /* 0-7 (Q.931 4.5.2) */
    uint8_t id;                 /* the identifier octet; bit 8 set: a single-octet IE */
    q931_octets contents;       /* empty for single-octet IEs */
} q931_ie;

typedef struct {
    uint16_t call_ref;          /* 0..Q931_CALL_REF_MAX */
    bool call_ref_flag;         /* true: sent to the side that allocated call_ref */
    uint8_t type;               /* Q931_SETUP, ... (any value decodes) */

    uint32_t present;           /* Q931_HAS_* of the IEs below that are present */
    uint32_t bad;               /* decode: Q931_HAS_* of IEs dropped for bad contents */

    q931_bearer bearer;
    q931_cause cause;
    q931_octets channel_id;     /* Channel identification contents, as they are */
    q931_progress progress[Q931_MAX_PROGRESS];
    uint8_t num_progress;       /* 1 or 2 when Q931_HAS_PROGRESS */
    q931_notification notification;
    q931_octets display;        /* IA5 text (Q.931 4.5.16); some endpoints send Latin-1/UTF-8 */
    q931_octets keypad;         /* IA5 characters */
    uint8_t signal;             /* Q931_SIGNAL_* */
    q931_number calling;        /* Calling party number */
    q931_number called;         /* Called party number (no octet 3a) */
    q931_user_user user_user;

    q931_ie other[Q931_MAX_OTHER];
    uint8_t num_other;
    uint16_t ignored;           /* decode: IEs dropped (repeats, beyond Q931_MAX_OTHER) */
    uint16_t comprehension_required; /* decode: unknown codeset-0 IEs 0x00-0x0F */
} q931_message;

/* ---- functions ------------------------------------------------------------------------ */

/* An empty message of the given type and call reference (all IEs absent). */
void q931_message_init(q931_message *m, uint8_t type, uint16_t call_ref, bool call_ref_flag);

/* Parses len octets into *m (overwritten). 0, or a Q931_ERR_* (then *m is unspecified). */
int q931_decode(q931_message *m, const uint8_t *buf, size_t len);

/* Writes *m into out (cap octets). The number of octets written, or Q931_ERR_NOSPACE /
 * Q931_ERR_INVALID (a field wider than its bits, a length over what the IE's length
 * octet(s) can say, a digit with bit 8 set, no Progress indicator count, ...). */
int q931_encode(const q931_message *m, uint8_t *out, size_t cap);

/* "SETUP", "RELEASE COMPLETE", ... or NULL for a type not in the list above. */
const char *q931_message_name(uint8_t type);
/* A short English text for a Q931_ERR_* (or "ok"). */
const char *q931_strerror(int err);

#endif
