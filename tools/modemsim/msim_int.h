/*
 * tools/modemsim/msim_int.h - the parts of the simulator shared by msim.c (lifecycle,
 * output queues, timers), msim_at.c (command layer over spandsp), msim_call.c (the
 * exchange) and msim_ctl.c (control commands). Not for use outside tools/modemsim/.
 */
#ifndef MODEMSIM_MSIM_INT_H
#define MODEMSIM_MSIM_INT_H

#include "msim.h"

#include <spandsp/telephony.h>
#include <spandsp/logging.h>
#include <spandsp/at_interpreter.h>
/* The interpreter's state is embedded (no allocation) and a few of its fields are read:
 * the result code format, S registers, X and &D settings, the ';' dial flag and its
 * command/online mode. The private header is installed by libspandsp-dev for this. */
#include <spandsp/private/logging.h>
#include <spandsp/private/at_interpreter.h>

/* Values of at_interpreter.c's private result-code-format enum (set by V and Q). */
#define SPANDSP_RESULTS_VERBOSE 1
#define SPANDSP_RESULTS_NUMERIC 2
#define SPANDSP_RESULTS_NONE 3

#define MSIM_EXT (-2)        /* peer: an external caller made up by the control command `ring` */
#define MSIM_NONE (-1)
#define MSIM_NEVER UINT64_MAX
#define MSIM_OUT_RESERVE 1024 /* output room kept for result codes when taking DTE bytes */
#define MSIM_CAP_CHUNKS 48
#define MSIM_CAP_BYTES 2048
#define MSIM_VTS_MAX 64

/* The line side of a modem. */
typedef enum {
    CALL_IDLE,       /* on hook */
    CALL_OFFHOOK,    /* off hook without a call (ATH1, +VLS=1, far end left a voice call) */
    CALL_DIALLING,   /* waiting for dial tone and sending digits (t_dial) */
    CALL_ALERTING,   /* the far end rings; S7 runs (t_s7) */
    CALL_RINGING,    /* incoming call: RING cadence (t_ring) and caller ID (t_cid) */
    CALL_ACTIVE,     /* connected, data or voice */
} msim_call_state;

/* What the DTE's bytes are, besides spandsp's command/online distinction. */
typedef enum { VOICE_NONE, VOICE_TX, VOICE_RX } msim_voice_state;

/* The command line being executed (V.250 5.2, 5.6). */
typedef enum { EXEC_IDLE, EXEC_RUNNING, EXEC_WAITING } msim_exec_state;
typedef enum { WAIT_NONE, WAIT_DIAL, WAIT_TONES } msim_wait;
typedef enum { DONE_NONE, DONE_RESUME, DONE_END } msim_done;

typedef enum { FAULT_NONE, FAULT_NORESPONSE, FAULT_GARBAGE, FAULT_SLOW } msim_fault;

typedef struct {
    uint64_t rx, tx, dropped, lines, calls_out, calls_in, connects, outq_max;
} msim_counters;

typedef struct msim_dce msim_dce;

struct msim_dce {
    msim *sim;
    int idx;
    msim_modem_cfg cfg;
    at_state_t at;                 /* spandsp's interpreter */

    /* Capture of spandsp's output while it runs one command for us. */
    bool capturing, cap_skip_echo;
    int cap_n;
    uint16_t cap_off[MSIM_CAP_CHUNKS], cap_len[MSIM_CAP_CHUNKS];
    size_t cap_used;
    char cap[MSIM_CAP_BYTES];
    /* Requests spandsp made through its modem-control callback, applied after it returns. */
    bool req_call, req_answer, req_hangup, req_offhook, in_ring_event;
    char req_number[104];

    /* Command line assembly (V.250 5.2.1): 0 = before 'A', 1 = after 'A', 2 = in a line. */
    int la_state;
    bool la_quote, la_overflow;
    size_t la_len;
    char la_line[MSIM_LINE_MAX + 1];
    char last_line[MSIM_LINE_MAX + 1]; /* for A/ */

    /* Executor. */
    msim_exec_state exec;
    msim_wait wait;
    msim_done done;
    size_t ex_pos, ex_len;
    char ex_line[MSIM_LINE_MAX + 1];

    /* Extensions kept outside spandsp's state. */
    int fclass;                    /* 0 data, 8 voice (V.253) */
    int cid_mode;                  /* +VCID / #CID: 0 off, 1 formatted, 2 unformatted */
    int vtd;                       /* +VTD, 0.01 s */
    int vsd_sens, vsd_int;         /* +VSD, interval in 0.1 s */
    int vsm;                       /* +VSM compression method */
    msim_voice_state voice;
    int vrx_dle;                   /* VTX/VRX: a DLE was the last byte from the DTE */
    char vts[MSIM_VTS_MAX];        /* +VTS digits still to send */
    int vts_n, vts_pos;

    /* The call. */
    msim_call_state call;
    int peer;                      /* modem index, MSIM_EXT or MSIM_NONE */
    bool originator, voice_call, dial_waits, far_heard;
    unsigned rate;
    int rings;
    bool cid_sent;
    char ext_number[MSIM_NUMBER_MAX], ext_name[MSIM_NAME_MAX];
    bool ext_voice;
    unsigned ext_rings_left;
    char dial_route[104];
    char dial_pending[104];        /* digits an ATD...; dialled that reach nobody yet (6.3.1) */
    uint64_t t_dial, t_s7, t_ring, t_cid, t_escape, t_vts, t_silence;

    /* +++ escape (S2, S12): pluses seen in a row and when the last DTE byte came. */
    int plus_count;
    uint64_t last_rx;

    bool dtr, vanished;
    msim_fault fault;
    unsigned slow_ms;
    uint32_t rng;
    uint64_t flood_left;

    /* Output queue for the DTE (a ring). */
    uint8_t out[MSIM_OUTQ];
    size_t out_head, out_len;
    uint64_t out_hold;             /* slow fault: nothing leaves before this */

    msim_counters n;
};

struct msim {
    msim_cfg cfg;
    uint64_t now;
    char sentinel[64];             /* spandsp's ATI3 text: marks "this command parsed" */
    int n;
    msim_dce *m[MSIM_MAX_MODEMS];
};

/* msim.c: output to a DTE (applies the fault modes). */
void dce_out(msim_dce *d, const void *buf, size_t len);
size_t dce_out_free(const msim_dce *d);
void dce_dle(msim_dce *d, char code);
void dce_reset_defaults(msim_dce *d);
void dce_vanish(msim_dce *d, uint64_t now);         /* the port is gone: hang up, go deaf */
int dce_power_on(msim_dce *d);                       /* a new device on the port */

/* msim_at.c */
int at_layer_init(msim_dce *d);
void at_layer_release(msim_dce *d);
void at_layer_input(msim_dce *d, const uint8_t *buf, size_t len, uint64_t now);
void at_result(msim_dce *d, int code);              /* OK, BUSY, ... in the V/Q format */
void at_result_text(msim_dce *d, const char *text, int numeric); /* CONNECT 33600, VCON */
void at_info(msim_dce *d, const char *text);        /* information text */
void at_connect_result(msim_dce *d);                /* CONNECT <rate> (V.250 6.2.7) */
void exec_complete(msim_dce *d, msim_done how);     /* an asynchronous command finished */
bool at_online(const msim_dce *d);
void at_set_mode(msim_dce *d, int mode);
void at_apply_requests(msim_dce *d, uint64_t now);

/* msim_call.c */
void call_dial(msim_dce *d, const char *num, uint64_t now);
int call_answer(msim_dce *d, uint64_t now);         /* 0 = connected (result sent), -1 = nothing to answer */
void call_hangup(msim_dce *d, uint64_t now);        /* local hang-up */
void call_offhook(msim_dce *d, uint64_t now);
void call_abort(msim_dce *d, uint64_t now);         /* a DTE byte aborted ATD/ATA (V.250 5.6.1) */
void call_far_end_left(msim_dce *d, uint64_t now);
void call_network_clear(msim_dce *d, uint64_t now);  /* control `hangup`: both ends lose the call */
void call_data(msim_dce *d, const uint8_t *buf, size_t len, uint64_t now);
void call_voice_data(msim_dce *d, const uint8_t *buf, size_t len, uint64_t now);
void call_dtmf_heard(msim_dce *d, char digit, uint64_t now); /* d hears a DTMF digit */
void call_dtr(msim_dce *d, bool on, uint64_t now);
void call_tick(msim_dce *d, uint64_t now);
uint64_t call_deadline(const msim_dce *d);
int call_ring_external(msim_dce *d, const char *number, const char *name, bool voice,
                       unsigned rings, uint64_t now);
const char *call_state_name(const msim_dce *d);

#endif
