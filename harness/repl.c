/* harness/repl.c - see repl.h. */
#include <tspkit/tspkit.h>      /* first: it chooses the POSIX level (fileno, termios) */
#include "repl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#  include <termios.h>
#  include <unistd.h>
#endif

#define PROMPT "tsp> "
#define PENDING_MAX 256             /* outstanding requests tracked for status */
#define EDIT_MAX HX_SCRIPT_LINE_MAX

/* The shell's own commands, for help. */
static const hx_script_syntax shell_cmds[] = {
    { "help [COMMAND]", "list the commands, or show COMMAND's syntax, what it does and the TSPI functions "
                        "it calls", "(none)" },
    { "history", "the lines typed so far, numbered for !N", "(none)" },
    { "!N", "run line N of the history again (!! : the last line)", "(what the line calls)" },
    { "status", "the provider, open lines, calls and their states, outstanding requests, conformance "
                "reports so far", "(none: what the harness knows)" },
    { "trace on|off|json", "on: every TSPI call, return, callback and message as text; json: the same as JSON "
                           "lines; off: only messages delivered to the application and conformance reports",
      "(none)" },
    { "quit", "close what is open, shut the provider down and leave (also: exit, end of input)",
      "TSPI_lineCloseCall, TSPI_lineClose, TSPI_phoneClose, TSPI_providerShutdown" },
};

struct hx_repl {
    hx_srv *s;
    hx_session *ss;
    FILE *out;
    tspk_mutex lock;                /* out, the line being edited, pending[] */
    hx_repl_trace_mode mode;
    int started;
    /* History: hist[i] is line number first + i. */
    char *hist[HX_REPL_HISTORY_MAX];
    size_t nhist;
    unsigned long first;
    /* The line being edited on a terminal, redrawn around asynchronous output. */
    int editing;
    char edit[EDIT_MAX + 1];
    size_t len, pos;
    /* Requests called but not yet replied to. */
    unsigned long pending[PENDING_MAX];
    size_t npending;
};

hx_repl *hx_repl_new(hx_srv *s, FILE *out)
{
    hx_repl *r = (hx_repl *)calloc(1, sizeof *r);
    if (!r) return NULL;
    if (tspk_mutex_init(&r->lock)) {
        free(r);
        return NULL;
    }
    r->s = s;
    r->out = out;
    r->first = 1;
    r->ss = hx_session_new(s, "shell");
    if (!r->ss) {
        tspk_mutex_destroy(&r->lock);
        free(r);
        return NULL;
    }
    return r;
}

void hx_repl_free(hx_repl *r)
{
    size_t i;
    if (!r) return;
    hx_session_free(r->ss);     /* its shutdown still traces through hx_repl_trace */
    for (i = 0; i < r->nhist; i++) free(r->hist[i]);
    tspk_mutex_destroy(&r->lock);
    free(r);
}

void hx_repl_set_trace(hx_repl *r, hx_repl_trace_mode mode)
{
    tspk_mutex_lock(&r->lock);
    r->mode = mode;
    tspk_mutex_unlock(&r->lock);
}

/* ---- output: never in the middle of the line being typed ---- */

static void redraw(hx_repl *r)
{
    fprintf(r->out, "\r%s%.*s\033[K", PROMPT, (int)r->len, r->edit);
    if (r->pos < r->len) fprintf(r->out, "\033[%luD", (unsigned long)(r->len - r->pos));
    fflush(r->out);
}

/* Prints text (and a newline) with the lock held. */
static void emit_locked(hx_repl *r, const char *text)
{
    if (r->editing) fputs("\r\033[K", r->out);
    fputs(text, r->out);
    fputc('\n', r->out);
    if (r->editing) redraw(r);
    else fflush(r->out);
}

static void emitf(hx_repl *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void emitf(hx_repl *r, const char *fmt, ...)
{
    char buf[HX_SCRIPT_ERR_MAX + 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    tspk_mutex_lock(&r->lock);
    emit_locked(r, buf);
    tspk_mutex_unlock(&r->lock);
}

static void pending_remove(hx_repl *r, unsigned long id)
{
    size_t i;
    for (i = 0; i < r->npending; i++) {
        if (r->pending[i] == id) {
            r->pending[i] = r->pending[--r->npending];
            return;
        }
    }
}

void hx_repl_trace(void *user, const hx_trace_rec *rec)
{
    hx_repl *r = (hx_repl *)user;
    char *line;
    int show;
    tspk_mutex_lock(&r->lock);
    /* Outstanding requests: a TSPI call with a request ID opens one; its LINE_REPLY or
     * PHONE_REPLY to the application, or a return other than the ID itself (the
     * function failed at once: no completion follows, TSPI_lineMakeCall remarks),
     * closes it. */
    if (rec->request) {
        if (rec->kind == HX_TR_CALL && r->npending < PENDING_MAX) {
            r->pending[r->npending++] = rec->request;
        } else if (rec->kind == HX_TR_DELIVER) {
            pending_remove(r, rec->request);
        } else if (rec->kind == HX_TR_RETURN) {
            const char *d = rec->detail;
            if (d[0] == '=' && d[1] == ' ' && strtoul(d + 2, NULL, 10) != rec->request) pending_remove(r, rec->request);
        }
    }
    show = r->mode != HX_REPL_TRACE_OFF || rec->kind == HX_TR_DELIVER || rec->kind == HX_TR_REPORT;
    if (show && (line = (char *)malloc(HX_TRACE_LINE_MAX)) != NULL) {
        if (r->mode == HX_REPL_TRACE_JSON) hx_trace_format_json(rec, line, HX_TRACE_LINE_MAX);
        else hx_trace_format_text(rec, line, HX_TRACE_LINE_MAX);
        emit_locked(r, line);
        free(line);
    }
    tspk_mutex_unlock(&r->lock);
}

/* ---- shell commands ---- */

static size_t nsyntax(void)
{
    size_t n = 0;
    while (hx_script_syntax_at(n)) n++;
    return n;
}

static void help_list(hx_repl *r)
{
    size_t i, n = nsyntax();
    emitf(r, "script commands (one per line, or several separated by ';'; '#' starts a comment):");
    for (i = 0; i < n; i++) emitf(r, "  %s", hx_script_syntax_at(i)->pattern);
    emitf(r, "shell commands:");
    for (i = 0; i < sizeof shell_cmds / sizeof shell_cmds[0]; i++) emitf(r, "  %s", shell_cmds[i].pattern);
    emitf(r, "help COMMAND (e.g. help makecall, help expect callstate) shows one in full.");
}

static void help_entry(hx_repl *r, const hx_script_syntax *syn)
{
    emitf(r, "%s\n    %s\n    TSPI: %s", syn->pattern, syn->what, syn->tspi);
}

/* Does pattern start with the words of topic (all of them, whole words)? */
static int topic_matches(const char *pattern, const char *topic)
{
    for (;;) {
        size_t n;
        while (*topic == ' ' || *topic == '\t') topic++;
        if (!*topic) return 1;
        n = strcspn(topic, " \t");
        if (strncmp(pattern, topic, n) != 0 || (pattern[n] != ' ' && pattern[n] != '\0' &&
                                                 !(pattern[0] == '!' && n == 1)))
            return 0;
        pattern += n;
        topic += n;
        while (*pattern == ' ') pattern++;
    }
}

static int help(hx_repl *r, const char *topic)
{
    size_t i, n = nsyntax(), found = 0;
    while (*topic == ' ' || *topic == '\t') topic++;
    if (!*topic) {
        help_list(r);
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (topic_matches(hx_script_syntax_at(i)->pattern, topic)) {
            help_entry(r, hx_script_syntax_at(i));
            found++;
        }
    }
    for (i = 0; i < sizeof shell_cmds / sizeof shell_cmds[0]; i++) {
        if (topic_matches(shell_cmds[i].pattern, topic) ||
            (shell_cmds[i].pattern[0] == '!' && (strcmp(topic, "!!") == 0 || strcmp(topic, "!") == 0)) ||
            (strcmp(shell_cmds[i].pattern, "quit") == 0 && strcmp(topic, "exit") == 0)) {
            help_entry(r, &shell_cmds[i]);
            found++;
        }
    }
    if (!found) {
        emitf(r, "error: help: no command \"%.*s\" (help lists them)", 40, topic);
        return -1;
    }
    return 0;
}

static void show_history(hx_repl *r)
{
    size_t i;
    for (i = 0; i < r->nhist; i++) emitf(r, "%5lu  %s", r->first + (unsigned long)i, r->hist[i]);
}

static void add_history(hx_repl *r, const char *line)
{
    char *copy;
    size_t n = strlen(line);
    if (!n || !(copy = (char *)malloc(n + 1))) return;
    memcpy(copy, line, n + 1);
    if (r->nhist == HX_REPL_HISTORY_MAX) {
        free(r->hist[0]);
        memmove(r->hist, r->hist + 1, (HX_REPL_HISTORY_MAX - 1) * sizeof r->hist[0]);
        r->nhist--;
        r->first++;
    }
    r->hist[r->nhist++] = copy;
}

/* "!!" or "!N" to the history line it names; NULL with a message when there is none. */
static const char *expand(hx_repl *r, const char *line)
{
    unsigned long n;
    char *end;
    if (strcmp(line, "!!") == 0) {
        if (r->nhist) return r->hist[r->nhist - 1];
        emitf(r, "error: !!: the history is empty");
        return NULL;
    }
    n = strtoul(line + 1, &end, 10);
    if (line[1] < '0' || line[1] > '9' || *end) {
        emitf(r, "error: %.40s: use !N (a history number) or !!", line);
        return NULL;
    }
    if (n < r->first || n - r->first >= r->nhist) {
        emitf(r, "error: %.40s: no such history line (history lists them)", line);
        return NULL;
    }
    return r->hist[n - r->first];
}

static void status(hx_repl *r)
{
    char buf[8192], ids[PENDING_MAX * 12 + 16] = "";
    size_t i, used = 0;
    hx_session_status(r->ss, buf, sizeof buf);
    if (buf[0] && buf[strlen(buf) - 1] == '\n') buf[strlen(buf) - 1] = '\0';
    tspk_mutex_lock(&r->lock);
    for (i = 0; i < r->npending; i++)
        used += (size_t)snprintf(ids + used, sizeof ids - used, "%s%lu", i ? ", " : "", r->pending[i]);
    tspk_mutex_unlock(&r->lock);
    emitf(r, "%s\noutstanding requests: %s", buf, r->npending ? ids : "none");
}

static int trace_cmd(hx_repl *r, const char *arg)
{
    while (*arg == ' ' || *arg == '\t') arg++;
    if (strcmp(arg, "on") == 0) hx_repl_set_trace(r, HX_REPL_TRACE_ON);
    else if (strcmp(arg, "off") == 0) hx_repl_set_trace(r, HX_REPL_TRACE_OFF);
    else if (strcmp(arg, "json") == 0) hx_repl_set_trace(r, HX_REPL_TRACE_JSON);
    else {
        emitf(r, "error: trace: say on, off or json");
        return -1;
    }
    return 0;
}

static int word_is(const char *line, const char *word, const char **rest)
{
    size_t n = strlen(word);
    if (strncmp(line, word, n) != 0 || (line[n] && line[n] != ' ' && line[n] != '\t')) return 0;
    *rest = line + n;
    return 1;
}

LONG hx_repl_start(hx_repl *r, const hx_srv_config *cfg)
{
    LONG e = 0;
    if (!r->started) {
        e = hx_session_start(r->ss, cfg);
        r->started = e == 0;
    }
    return e;
}

int hx_repl_line(hx_repl *r, const char *line)
{
    char text[EDIT_MAX + 2], err[HX_SCRIPT_ERR_MAX];
    const char *rest;
    size_t n;
    while (*line == ' ' || *line == '\t') line++;
    n = strcspn(line, "\r\n");
    if (n > EDIT_MAX) {
        emitf(r, "error: line longer than %d characters", EDIT_MAX);
        return -1;
    }
    memcpy(text, line, n);
    text[n] = '\0';
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\t')) text[--n] = '\0';
    if (!n || text[0] == '#') return 0;
    if (text[0] == '!') {
        const char *h = expand(r, text);
        if (!h) return -1;
        snprintf(text, sizeof text, "%s", h);
        emitf(r, "%s", text);       /* what runs, as a shell shows it */
    }
    add_history(r, text);
    if (word_is(text, "help", &rest)) return help(r, rest);
    if (word_is(text, "history", &rest) && !*rest) {
        show_history(r);
        return 0;
    }
    if (word_is(text, "status", &rest) && !*rest) {
        status(r);
        return 0;
    }
    if (word_is(text, "trace", &rest)) return trace_cmd(r, rest);
    if ((word_is(text, "quit", &rest) || word_is(text, "exit", &rest)) && !*rest) return 1;
    /* Messages name the history number, so "!N" repeats the line an error names. */
    if (hx_session_exec(r->ss, (unsigned)(r->first + r->nhist - 1), text, strlen(text), err, sizeof err) != 0) {
        emitf(r, "error: %s", err);
        return -1;
    }
    return 0;
}

/* ---- reading lines ---- */

/* Before the next prompt: what the last command queued is delivered (and printed)
 * first, so a transcript shows a command's messages under it. Bounded: a provider that
 * keeps sending is printed between prompts anyway. */
#define SETTLE_MS 500u
static void settle(hx_repl *r)
{
    if (r->started) hx_srv_flush(r->s, SETTLE_MS);
}

#ifndef _WIN32
/* One key from the terminal: a byte, or for escape sequences a code above 255. */
enum { K_UP = 256, K_DOWN, K_LEFT, K_RIGHT, K_HOME, K_END, K_DEL, K_EOF };

static int read_key(int fd)
{
    unsigned char c, seq[3];
    if (read(fd, &c, 1) != 1) return K_EOF;
    if (c != 0x1b) return c;
    if (read(fd, &seq[0], 1) != 1 || read(fd, &seq[1], 1) != 1) return K_EOF;
    if (seq[0] == '[' && seq[1] >= '0' && seq[1] <= '9') {
        if (read(fd, &seq[2], 1) != 1) return K_EOF;
        if (seq[2] != '~') return 0;
        return seq[1] == '3' ? K_DEL : seq[1] == '1' || seq[1] == '7' ? K_HOME : seq[1] == '4' || seq[1] == '8' ? K_END : 0;
    }
    if (seq[0] == '[' || seq[0] == 'O') {
        switch (seq[1]) {
        case 'A': return K_UP;
        case 'B': return K_DOWN;
        case 'C': return K_RIGHT;
        case 'D': return K_LEFT;
        case 'H': return K_HOME;
        case 'F': return K_END;
        default: return 0;
        }
    }
    return 0;
}

/* Edits one line in raw mode; 0 with the line in r->edit, or -1 at end of input. */
static int edit_line(hx_repl *r, int fd)
{
    size_t hpos = r->nhist;         /* r->nhist: the new line */
    char saved[EDIT_MAX + 1] = "";
    tspk_mutex_lock(&r->lock);
    r->len = r->pos = 0;
    r->edit[0] = '\0';
    r->editing = 1;
    redraw(r);
    tspk_mutex_unlock(&r->lock);
    for (;;) {
        int k = read_key(fd), done = 0, eof = 0;
        tspk_mutex_lock(&r->lock);
        if (k == K_EOF || (k == 4 && r->len == 0)) {
            eof = 1;
        } else if (k == '\r' || k == '\n') {
            done = 1;
        } else if (k == 3) {                                    /* Ctrl-C: drop the line */
            r->len = r->pos = 0;
            fputs("^C\n", r->out);
        } else if ((k == 0x7f || k == 8) && r->pos > 0) {
            memmove(r->edit + r->pos - 1, r->edit + r->pos, r->len - r->pos);
            r->pos--;
            r->len--;
        } else if ((k == K_DEL || k == 4) && r->pos < r->len) {
            memmove(r->edit + r->pos, r->edit + r->pos + 1, r->len - r->pos - 1);
            r->len--;
        } else if (k == K_LEFT && r->pos > 0) {
            r->pos--;
        } else if (k == K_RIGHT && r->pos < r->len) {
            r->pos++;
        } else if (k == K_HOME || k == 1) {
            r->pos = 0;
        } else if (k == K_END || k == 5) {
            r->pos = r->len;
        } else if (k == 21) {                                   /* Ctrl-U */
            memmove(r->edit, r->edit + r->pos, r->len - r->pos);
            r->len -= r->pos;
            r->pos = 0;
        } else if (k == 11) {                                   /* Ctrl-K */
            r->len = r->pos;
        } else if ((k == K_UP && hpos > 0) || (k == K_DOWN && hpos < r->nhist)) {
            const char *h;
            if (hpos == r->nhist) {
                memcpy(saved, r->edit, r->len);
                saved[r->len] = '\0';
            }
            hpos = k == K_UP ? hpos - 1 : hpos + 1;
            h = hpos == r->nhist ? saved : r->hist[hpos];
            r->len = r->pos = strlen(h) > EDIT_MAX ? EDIT_MAX : strlen(h);
            memcpy(r->edit, h, r->len);
        } else if (k >= 0x20 && k < 0x7f && r->len < EDIT_MAX) {
            memmove(r->edit + r->pos + 1, r->edit + r->pos, r->len - r->pos);
            r->edit[r->pos++] = (char)k;
            r->len++;
        }
        r->edit[r->len] = '\0';
        if (done || eof) {
            r->editing = 0;
            fputs("\r\n", r->out);
            fflush(r->out);
        } else {
            redraw(r);
        }
        tspk_mutex_unlock(&r->lock);
        if (done) return 0;
        if (eof) return -1;
    }
}

static int run_terminal(hx_repl *r, FILE *in)
{
    struct termios old, raw;
    int fd = fileno(in), failed = 0, rc = 0;
    if (tcgetattr(fd, &old) != 0) return -2;
    raw = old;
    /* Bytes as typed, no echo, Ctrl-C as a key; output processing stays (\n -> \r\n). */
    raw.c_lflag &= (tcflag_t) ~(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= (tcflag_t) ~(IXON | ICRNL);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSAFLUSH, &raw) != 0) return -2;
    while (rc != 1 && (settle(r), edit_line(r, fd) == 0)) {
        char line[EDIT_MAX + 1];
        memcpy(line, r->edit, r->len + 1);
        /* Commands run with the terminal as the user left it (a sleep may take long). */
        rc = hx_repl_line(r, line);
        if (rc < 0) failed++;
    }
    tcsetattr(fd, TCSAFLUSH, &old);
    return failed;
}
#endif

static int run_stream(hx_repl *r, FILE *in, int interactive)
{
    char line[EDIT_MAX + 2];
    int failed = 0, rc = 0;
    while (rc != 1) {
        size_t n;
        settle(r);
        if (interactive) {
            fputs(PROMPT, r->out);
            fflush(r->out);
        }
        if (!fgets(line, sizeof line, in)) break;
        n = strlen(line);
        if (n && line[n - 1] != '\n' && !feof(in)) {
            int c;
            while ((c = fgetc(in)) != EOF && c != '\n') {}
            emitf(r, "error: line longer than %d characters", EDIT_MAX);
            failed++;
            continue;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (!interactive) emitf(r, PROMPT "%s", line);
        rc = hx_repl_line(r, line);
        if (rc < 0) failed++;
    }
    return failed;
}

int hx_repl_run(hx_repl *r, FILE *in, int interactive, const hx_srv_config *cfg)
{
    int failed = -2;
    char b[16];
    LONG e = hx_repl_start(r, cfg);
    if (e) {
        snprintf(b, sizeof b, "0x%08lx", (unsigned long)(DWORD)e);
        emitf(r, "error: starting the provider failed with %s", strchr(hx_err_name(e), '?') ? b : hx_err_name(e));
        return -1;
    }
    if (interactive) emitf(r, "tsp-harness shell: help lists the commands, quit leaves.");
#ifndef _WIN32
    if (interactive) failed = run_terminal(r, in);
#endif
    if (failed == -2) failed = run_stream(r, in, interactive);
    e = hx_session_end(r->ss);
    if (e) {
        emitf(r, "error: TSPI_providerShutdown failed with %s", hx_err_name(e));
        failed++;
    }
    return failed;
}
