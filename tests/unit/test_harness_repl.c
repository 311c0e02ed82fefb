/*
 * tests/unit/test_harness_repl.c - the interactive shell (harness/repl.h) fed lines
 * from memory and from a stream, against the example provider: help texts, history
 * expansion, errors that keep the session, status, trace modes, names given again.
 *
 * The provider comes from $TSPKIT_TEST_PROVIDER, by default build/asan/loopback.so
 * (make test builds it and runs from the top folder). The shell's output goes to a
 * temporary file, which each test reads back and prints.
 */
#include <tspkit/tspkit.h>
#include "repl.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static hx_module *module;

typedef struct shell {
    hx_srv *s;
    hx_repl *r;
    FILE *out;
    long mark;                      /* output read so far */
    char text[1 << 16];             /* output since the mark */
} shell;

static int load_provider(void **state)
{
    const char *path = getenv("TSPKIT_TEST_PROVIDER");
    char why[256];
    (void)state;
    module = hx_module_load(path ? path : "build/asan/loopback.so", why, sizeof why);
    if (!module) fprintf(stderr, "cannot load the example provider: %s\n", why);
    return module ? 0 : -1;
}

static int unload_provider(void **state)
{
    (void)state;
    hx_module_unload(module);
    return 0;
}

static int open_shell(void **state)
{
    shell *sh = calloc(1, sizeof *sh);
    assert_non_null(sh);
    sh->out = tmpfile();
    assert_non_null(sh->out);
    sh->s = hx_srv_create(hx_module_tspi(module), NULL, NULL);
    assert_non_null(sh->s);
    sh->r = hx_repl_new(sh->s, sh->out);
    assert_non_null(sh->r);
    hx_srv_set_trace(sh->s, hx_repl_trace, sh->r);
    *state = sh;
    return 0;
}

static int close_shell(void **state)
{
    shell *sh = *state;
    hx_repl_free(sh->r);
    hx_srv_destroy(sh->s);
    fclose(sh->out);
    free(sh);
    return 0;
}

/* The output since the last look, printed so a failure shows what the shell said. */
static const char *output(shell *sh)
{
    size_t n;
    fflush(sh->out);
    fseek(sh->out, sh->mark, SEEK_SET);
    n = fread(sh->text, 1, sizeof sh->text - 1, sh->out);
    sh->text[n] = '\0';
    sh->mark += (long)n;
    fseek(sh->out, 0, SEEK_END);
    printf("%s", sh->text);
    return sh->text;
}

/* Runs line; checks the result and that the output contains want (NULL: anything). */
static void line(shell *sh, const char *text, int want_rc, const char *want)
{
    int rc;
    const char *got;
    printf("> %s\n", text);
    rc = hx_repl_line(sh->r, text);
    /* Messages queued by the command are printed when delivered: wait for that (bounded). */
    assert_int_equal(hx_srv_flush(sh->s, 5000), 0);
    got = output(sh);
    if (rc != want_rc) fprintf(stderr, "\"%s\" returned %d, expected %d\n", text, rc, want_rc);
    assert_int_equal(rc, want_rc);
    if (want && !strstr(got, want)) fprintf(stderr, "\"%s\" did not print \"%s\"\n", text, want);
    if (want) assert_non_null(strstr(got, want));
}

static void start(shell *sh)
{
    assert_int_equal(hx_repl_start(sh->r, NULL), 0);
    output(sh);
}

static void test_help(void **state)
{
    shell *sh = *state;
    const char *got;
    line(sh, "help", 0, "  makecall LINE NUMBER as NEWCALL\n");
    got = sh->text;
    assert_non_null(strstr(got, "  phone ring PHONE DEVICE\n"));
    assert_non_null(strstr(got, "  trace on|off|json\n"));
    assert_non_null(strstr(got, "  !N\n"));
    line(sh, "help makecall", 0, "makecall LINE NUMBER as NEWCALL\n    call NUMBER from the line, wait for the "
                                 "completion\n    TSPI: TSPI_lineMakeCall\n");
    line(sh, "help open", 0, "TSPI: TSPI_lineNegotiateTSPIVersion, TSPI_lineOpen\n");
    assert_null(strstr(sh->text, "phone open"));        /* "open" is a first word, not any word */
    /* A topic of two words narrows: "expect report" is two entries, not five. */
    line(sh, "help expect report", 0, "expect report RULE\n");
    assert_non_null(strstr(sh->text, "expect report RULE within TIME\n"));
    assert_null(strstr(sh->text, "expect callstate"));
    line(sh, "help phone display", 0, "TSPI: TSPI_phoneSetDisplay\n");
    line(sh, "help status", 0, "outstanding requests");
    line(sh, "help !!", 0, "run line N of the history again");
    line(sh, "help exit", 0, "TSPI_providerShutdown");
    line(sh, "help nosuch", -1, "error: help: no command \"nosuch\" (help lists them)\n");
    line(sh, "help makecallx", -1, "no command \"makecallx\"");
}

static void test_history(void **state)
{
    shell *sh = *state;
    start(sh);
    line(sh, "!!", -1, "error: !!: the history is empty\n");
    line(sh, "open 0 as A", 0, NULL);                       /* 1 */
    line(sh, "help close", 0, "close LINE");                /* 2 */
    line(sh, "!!", 0, "help close\nclose LINE");            /* 3: the expansion is echoed, then runs */
    line(sh, "!1", -1, "open 0 as A\nerror: shell:4: open 0 as A: A still names an open line (close it first)\n");
    line(sh, "!99", -1, "error: !99: no such history line (history lists them)\n");
    line(sh, "!x", -1, "error: !x: use !N (a history number) or !!\n");
    line(sh, "!0", -1, "no such history line");
    line(sh, "history", 0, "    1  open 0 as A\n    2  help close\n    3  help close\n    4  open 0 as A\n"
                           "    5  history\n");
    /* Failed expansions are not history. */
    assert_null(strstr(sh->text, "!99"));
    line(sh, "   ", 0, "");
    line(sh, "# a comment", 0, "");
    line(sh, "history", 0, "    6  history\n");
    assert_null(strstr(sh->text, "comment"));
}

static void test_errors_keep_the_session(void **state)
{
    shell *sh = *state;
    start(sh);
    line(sh, "bogus", -1, "error: shell:1: unknown command \"bogus\"\n");
    line(sh, "open 0", -1, "error: shell:2: missing argument as (open DEVICE as NEWLINE)\n");
    /* A line that does not parse changes nothing: A is not defined by it. */
    line(sh, "open 0 as A; drop", -1, "error: shell:3: missing argument CALL (drop CALL)\n");
    line(sh, "close A", -1, "error: shell:4: unknown line \"A\"\n");
    line(sh, "open 0 as A; open 1 as B", 0, NULL);
    line(sh, "answer X", -1, "unknown call \"X\"");
    line(sh, "makecall A 102 as C1", 0, "LINE_REPLY(request");
    line(sh, "answer C1", -1, "error: shell:8: answer C1: TSPI_lineAnswer failed with LINEERR_INVALCALLSTATE\n");
    /* A failed command stops the rest of its line, not the session. */
    line(sh, "answer C1; sleep 1ms", -1, "answer C1: TSPI_lineAnswer failed");
    line(sh, "expect newcall B as C2 within 2s; expect callstate C2 offering within 2s; answer C2; "
              "expect callstate C2 connected within 2s", 0, NULL);
    line(sh, "expect callstate C1 connected within 2s", 0, NULL);
    line(sh, "expect callstate C1 idle within 10ms", -1, "error: shell:12: expect callstate C1 idle within 10ms: "
                                                        "call C1 is CONNECTED after 10 ms\n");
    /* An expected error carries over to the request on a later line. */
    line(sh, "expect reply error LINEERR_INVALCALLSTATE", 0, NULL);
    line(sh, "answer C2", 0, NULL);
    line(sh, "drop C1; expect callstate C1 idle within 2s", 0, NULL);
    line(sh, "quit", 1, "");
}

static void test_status(void **state)
{
    shell *sh = *state;
    const char *got;
    start(sh);
    line(sh, "status", 0, "provider: running, TSPI version 0x00030001, 4 lines, 0 phones\n"
                          "  no open lines, calls or phones\nconformance reports: 0 (0 claimed by expect report)\n"
                          "outstanding requests: none\n");
    line(sh, "open 0 as A; open 1 as B; makecall A 102 as OUT; expect newcall B as IN within 2s", 0, NULL);
    line(sh, "expect callstate IN offering within 2s", 0, NULL);
    line(sh, "status", 0, "  line A: device 0, TSPI version 0x00030001\n  line B: device 1, TSPI version 0x00030001\n");
    got = sh->text;
    assert_non_null(strstr(got, "  call OUT: outgoing, on line A, "));
    assert_non_null(strstr(got, "  call IN: incoming, on line B, OFFERING\n"));
    assert_non_null(strstr(got, "outstanding requests: none\n"));
    line(sh, "expect reply error LINEERR_INVALCALLSTATE", 0, NULL);
    line(sh, "status", 0, "conformance reports: 0 (0 claimed by expect report); an expect reply waits for the next "
                          "request\n");
    line(sh, "answer OUT", 0, NULL);
    /* Closed things leave the status, and their names can be given again. */
    line(sh, "closecall OUT; closecall IN; close B", 0, NULL);
    line(sh, "status", 0, "  line A: device 0");
    assert_null(strstr(sh->text, "call OUT"));
    assert_null(strstr(sh->text, "line B"));
    line(sh, "open 1 as B; makecall A 102 as OUT", 0, NULL);
    line(sh, "status", 0, "  call OUT: outgoing, on line A, ");
    line(sh, "makecall A 102 as OUT", -1, "OUT still names an open call (close it first)");
    line(sh, "open 2 as OUT", -1, "name \"OUT\" is already used");
}

static void test_trace_modes(void **state)
{
    shell *sh = *state;
    start(sh);
    line(sh, "open 0 as A; open 1 as B", 0, NULL);
    /* off (the default): what the application gets, not the TSPI traffic. */
    line(sh, "makecall A 102 as C1", 0, "TAPISRV -> APP     LINE_REPLY(request 1, 0)\n");
    assert_null(strstr(sh->text, "TSPI_lineMakeCall"));
    line(sh, "trace on", 0, "");
    line(sh, "makecall A 103 as C2", 0, "TAPISRV -> TSP     TSPI_lineMakeCall(req ");
    line(sh, "trace json", 0, "");
    line(sh, "drop C2", 0, "{\"t_us\":");
    assert_non_null(strstr(sh->text, "\"kind\":\"call\",\"from\":\"TAPISRV\",\"to\":\"TSP\",\"name\":\"TSPI_lineDrop\""));
    line(sh, "trace loud", -1, "error: trace: say on, off or json\n");
    line(sh, "trace off", 0, "");
    line(sh, "closecall C2", 0, "");
    assert_null(strstr(sh->text, "TSPI_lineCloseCall"));
}

/* A whole session from a stream, as `tsp-harness --shell < file` reads it. */
static void test_run_stream(void **state)
{
    shell *sh = *state;
    static const char input[] =
        "open 0 as A\n"
        "open 1 as B\r\n"
        "makecall A 102 as C1\n"
        "bogus\n"
        "expect newcall B as C2 within 2s; expect callstate C2 offering within 2s\n"
        "answer C2\n"
        "expect callstate C2 connected within 2s\n"
        "!6\n"
        "status\n"
        "quit\n"
        "open 2 as X\n";
    const char *got;
    FILE *in = tmpfile();
    int failed;
    assert_non_null(in);
    fputs(input, in);
    rewind(in);
    failed = hx_repl_run(sh->r, in, 0, NULL);
    fclose(in);
    got = output(sh);
    printf("(%d failed)\n", failed);
    assert_int_equal(failed, 2);          /* bogus, and answering a connected call */
    assert_non_null(strstr(got, "tsp> open 0 as A\n"));
    /* The provider's messages may come between a command's echo and its error. */
    assert_non_null(strstr(got, "tsp> bogus\n"));
    assert_non_null(strstr(got, "\nerror: shell:4: unknown command \"bogus\"\n"));
    assert_non_null(strstr(got, "tsp> !6\nanswer C2\n"));
    assert_non_null(strstr(got, "\nerror: shell:8: answer C2: TSPI_lineAnswer failed with LINEERR_INVALCALLSTATE\n"));
    assert_non_null(strstr(got, "LINE_NEWCALL(device 1, "));
    assert_non_null(strstr(got, "  call C2: incoming, on line B, CONNECTED\n"));
    assert_non_null(strstr(got, "tsp> quit\n"));
    assert_null(strstr(got, "open 2 as X"));        /* nothing after quit */
    assert_null(strstr(got, "tsp-harness shell:"));  /* no greeting without a terminal */
    /* The session ended: the provider was shut down. */
    assert_int_equal(hx_srv_reports(sh->s), 0);
    assert_null(hx_srv_line(sh->s, 0) && hx_line_is_open(hx_srv_line(sh->s, 0)) ? "open" : NULL);
}

static void test_long_line(void **state)
{
    shell *sh = *state;
    char big[HX_SCRIPT_LINE_MAX + 40];
    start(sh);
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    line(sh, big, -1, "error: line longer than 256 characters\n");
    memcpy(big, "sleep 1ms;", 10);
    big[HX_SCRIPT_LINE_MAX] = '\0';
    line(sh, big, -1, "unknown command");
    line(sh, "sleep 1ms", 0, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_help, open_shell, close_shell),
        cmocka_unit_test_setup_teardown(test_history, open_shell, close_shell),
        cmocka_unit_test_setup_teardown(test_errors_keep_the_session, open_shell, close_shell),
        cmocka_unit_test_setup_teardown(test_status, open_shell, close_shell),
        cmocka_unit_test_setup_teardown(test_trace_modes, open_shell, close_shell),
        cmocka_unit_test_setup_teardown(test_run_stream, open_shell, close_shell),
        cmocka_unit_test_setup_teardown(test_long_line, open_shell, close_shell),
    };
    return cmocka_run_group_tests_name("shell", tests, load_provider, unload_provider);
}
