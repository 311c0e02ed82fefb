/*
 * harness/repl.h - tsp-harness's interactive shell, in the spirit of the TAPI Browser:
 * type the script language's commands (script.h) one line at a time against a running
 * provider and watch what the provider sends as it arrives.
 *
 * How it works: each line goes through hx_session_exec (the script parser and executor,
 * kept alive between lines), except the shell's own commands:
 *
 *     help [COMMAND]      the list, or one command's syntax, what it does, which TSPI
 *                         functions it calls
 *     history, !N, !!     the lines so far; run line N again, or the last one
 *     status              lines, calls and their states, outstanding requests, reports
 *     trace on|off|json   every record as text / as JSON lines / only the messages the
 *                         application gets and conformance reports (the default)
 *     quit, exit          (or end of input) close everything, shut the provider down
 *
 * A command that fails prints "error: ..." and the session goes on (a script stops).
 * Trace records (hx_repl_trace, which may run on any thread) are printed between
 * prompts: on a terminal the line being typed is erased, the record printed and the
 * prompt and line redrawn. On a terminal (POSIX) the shell edits lines itself in raw
 * mode (arrows, Home/End, Backspace/Delete, Ctrl-A/E/U/K, history on Up/Down, Ctrl-D
 * on an empty line ends, Ctrl-C drops the line); on Windows the console's own line
 * input is used. When input is not a terminal, lines are read as they come, echoed
 * after the prompt, so a transcript reads like a session.
 *
 * Usage:
 *     hx_repl *r = hx_repl_new(srv, stdout);
 *     hx_srv_set_trace(srv, hx_repl_trace, r);
 *     failed = hx_repl_run(r, stdin, isatty(0), NULL);  // starts the provider, reads until quit
 *     hx_repl_free(r);                                  // shuts it down if still running
 */
#ifndef HARNESS_REPL_H
#define HARNESS_REPL_H

#include "script.h"
#include "trace.h"
#include <stdio.h>

typedef enum hx_repl_trace_mode {
    HX_REPL_TRACE_OFF,      /* messages delivered to the application and reports only */
    HX_REPL_TRACE_ON,       /* every record, as text (hx_trace_format_text) */
    HX_REPL_TRACE_JSON      /* every record, as JSON (hx_trace_format_json) */
} hx_repl_trace_mode;

#define HX_REPL_HISTORY_MAX 1000    /* lines kept; !N numbers keep counting past it */

typedef struct hx_repl hx_repl;

/* out receives everything the shell prints. NULL when out of memory. */
hx_repl *hx_repl_new(hx_srv *s, FILE *out);
/* Ends the session if it runs (hx_session_free) and frees the shell. */
void hx_repl_free(hx_repl *r);

void hx_repl_set_trace(hx_repl *r, hx_repl_trace_mode mode);

/* A trace sink (trace.h) that prints rec as the trace mode says and keeps count of
 * outstanding requests for status. user is the hx_repl. Thread-safe. */
void hx_repl_trace(void *user, const hx_trace_rec *rec);

/* Starts the provider (cfg NULL: defaults) unless started already. 0, or the error. */
LONG hx_repl_start(hx_repl *r, const hx_srv_config *cfg);

/* One line as if typed (history expansion first). 0 done, 1 quit, -1 the command
 * failed (its message was printed). */
int hx_repl_line(hx_repl *r, const char *line);

/* Starts the provider, then reads lines from in until quit or end of input;
 * interactive: in is a terminal (prompts and line editing). Ends the session.
 * Returns the number of lines whose command failed, or -1 when the provider did not
 * start. */
int hx_repl_run(hx_repl *r, FILE *in, int interactive, const hx_srv_config *cfg);

#endif
