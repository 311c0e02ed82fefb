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
 *     expect callstate C1 disconnected mode busy within 5s   # LINE_CALLSTATE's dwParam2:
 *                                          #   LINEDISCONNECTMODE_ (and the connected, dialtone,
 *                                          #   busy and offering modes) without the prefix
 *     expect linedevstate B ringing within 2s   # LINE_LINEDEVSTATE, a LINEDEVSTATE_ name
 *     expect lineclose A within 5s         # LINE_CLOSE: the line and its calls are gone
 *     getid C2 comm/datamodem              # TSPI_lineGetID: the data handle (VARSTRING checked)
 *     send data C2 "hello"                 # write through that handle (fd; Windows: HANDLE)
 *     expect data C1 "hello" within 2s     # read exactly these bytes from it
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

/* The commands' syntax, one entry per pattern of the grammar, for help texts: pattern
 * ("makecall LINE NUMBER as NEWCALL"; lower-case words literal, upper-case ones
 * arguments), what it does, and the TSPI functions it calls. NULL past the last. */
typedef struct hx_script_syntax {
    const char *pattern;
    const char *what;
    const char *tspi;
} hx_script_syntax;
const hx_script_syntax *hx_script_syntax_at(size_t i);

/* One line at a time, for the interactive shell (repl.h): the same parser and executor
 * as a script, with state that lasts between lines. A line (several commands separated
 * by ';') is parsed whole first; a line that does not parse changes nothing. Names stay
 * defined for later lines, and a name may be given again once what it named is gone
 * (closed). A failed command stops the rest of its line but not the session;
 * conformance reports are not failures here (the shell shows them as they come).
 *
 *     hx_session *ss = hx_session_new(srv, "shell");
 *     hx_session_start(ss, NULL);                        // hx_srv_start
 *     if (hx_session_exec(ss, 0, "open 0 as A", 11, err, sizeof err)) puts(err);
 *     hx_session_free(ss);                               // closes, shuts down
 */
typedef struct hx_session hx_session;
/* name is used in messages ("shell:3: drop C: ..."); NULL when out of memory. */
hx_session *hx_session_new(hx_srv *s, const char *name);
/* Starts the provider (hx_srv_start); its result. */
LONG hx_session_start(hx_session *ss, const hx_srv_config *cfg);
/* Parses and runs one line (a final newline is ignored); lineno numbers it in
 * messages and the trace (0: the last one plus 1). 0, or -1 with
 * "name:N: command: what happened" in err. */
int hx_session_exec(hx_session *ss, unsigned lineno, const char *line, size_t len, char *err, size_t errlen);
/* The provider, the named lines, calls (direction, line, state) and phones that are
 * open, and the conformance reports so far, as lines of text. Returns the length it
 * wanted, as snprintf does. */
size_t hx_session_status(hx_session *ss, char *buf, size_t len);
/* Deallocates the calls, closes the devices and shuts the provider down, as at the end
 * of a script; TSPI_providerShutdown's result (0 when it was not running). */
LONG hx_session_end(hx_session *ss);
/* Ends the session if needed and frees it. */
void hx_session_free(hx_session *ss);

#endif
