/*
 * harness/script.h - scenario scripts for tsp-harness: a readable list of what an
 * application does (open a line, make a call, answer, send DTMF, drop) and what it
 * expects to see, run against a provider through the emulated TAPISRV.
 *
 * Two halves: hx_script_parse() turns text into a command list (pure: no I/O, no
 * provider, every error reported with its line number) and hx_script_run() drives
 * the provider with it, stopping at the first failed request or unmet expectation.
 *
 * The language, one command per line (or several separated by ';'), '#' comments:
 *
 *     open 0 as A                          # negotiate + TSPI_lineOpen device 0, name the line A
 *     makecall A 102 as C1                 # TSPI_lineMakeCall, waits for its completion
 *     expect newcall B as C2 within 2s     # LINE_NEWCALL on line B, name the call C2
 *     expect callstate C2 offering within 2s
 *     getcallinfo C2 expect caller "101"   # LINECALLINFO: caller, callername, called,
 *                                          #   calledname, connected, connectedname
 *     getcallstatus C2 expect offering     # LINECALLSTATUS dwCallState
 *     answer C2                            # also: accept C, drop C, dial C DIGITS,
 *                                          #   closecall C, close L
 *     monitor digits C2 dtmf               # modes: pulse, dtmf, dtmfend
 *     send dtmf C1 "1#"                    # TSPI_lineGenerateDigits
 *     expect digits C2 "1#" within 2s      # LINE_MONITORDIGITS, digit by digit
 *     expect reply error LINEERR_INVALCALLSTATE   # the next request must fail with this
 *     phone open 0 as P                    # also: phone close P, phone display P "text",
 *                                          #   phone ring P 1 (TSPI_phoneSetRing mode 1)
 *     expect report ASYNC_RETURN           # a conformance report of this rule (checks.h)
 *     expect report COMPLETION_MISSING within 5s   # ... which may still come
 *     sleep 100ms
 *
 * A conformance report fails the run (naming the script line that was running when it
 * was made) unless an "expect report" of the script claims it.
 * Call states are the LINECALLSTATE_ names without the prefix, in any case.
 * Durations are whole seconds or milliseconds (2s, 500ms), at most 60s. Each name
 * (line or call) is given once per script.
 *
 * Usage:
 *     char err[HX_SCRIPT_ERR_MAX];
 *     hx_script *sc = hx_script_parse(text, len, "call.tsps", err, sizeof err);
 *     if (!sc || hx_script_run(sc, srv, NULL, err, sizeof err) != 0)
 *         fprintf(stderr, "%s\n", err);   // "call.tsps:7: expect callstate ...: call C2 is ..."
 *     hx_script_free(sc);
 */
#ifndef HARNESS_SCRIPT_H
#define HARNESS_SCRIPT_H

#include <stddef.h>
#include "tapisrv.h"

#define HX_SCRIPT_LINE_MAX 256      /* characters per line, the newline excluded */
#define HX_SCRIPT_CMDS_MAX 1024     /* commands per script */
#define HX_SCRIPT_ERR_MAX 512       /* room that every error message fits in */

typedef struct hx_script hx_script;

/* Parses len bytes of text; name is the file name used in messages. NULL on error,
 * with "name:LINE: what was wrong" in err. */
hx_script *hx_script_parse(const char *text, size_t len, const char *name, char *err, size_t errlen);
void hx_script_free(hx_script *sc);
size_t hx_script_count(const hx_script *sc);

/* Starts the provider (hx_srv_start with cfg, NULL: defaults), runs the commands, then
 * closes what the script left open and shuts the provider down. 0 when every command
 * worked and every conformance report was expected; otherwise -1 with
 * "name:LINE: command: what happened" in err. */
int hx_script_run(const hx_script *sc, hx_srv *s, const hx_srv_config *cfg, char *err, size_t errlen);

#endif
