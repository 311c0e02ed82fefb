/*
 * tests/unit/test_unimodem_config.c - the TSP's line list parser (tsp-unimodem/tsp/config.h):
 * the format, every error with its line number, and hostile input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsp/config.h"

static int parse(const char *text, umc_config *c, char *err, size_t errlen)
{
    int r = umc_parse(text, strlen(text), "t.conf", c, err, errlen);
    printf("parse -> %d%s%s\n", r, r ? ": " : "", r ? err : "");
    return r;
}

static void test_lines(void **state)
{
    umc_config c;
    char err[UMC_ERR_MAX];
    (void)state;
    assert_int_equal(parse("; two modems\n"
                           "[Line]\n"
                           "Name = \"Office modem\"   ; comment\n"
                           "Port = tty:/dev/ttyS0\n"
                           "profile=generic.ini\n"
                           "CallSetupFailTimer = 45\r\n"
                           "\n"
                           "# second\n"
                           "[line]\n"
                           "  PORT = tcp://127.0.0.1:7000  ; ser2net\n"
                           "Profile = \"/etc/tspkit/usr 5637.ini\"",
                           &c, err, sizeof err), 0);
    assert_int_equal(c.count, 2);
    assert_string_equal(c.lines[0].name, "Office modem");
    assert_string_equal(c.lines[0].port, "tty:/dev/ttyS0");
    assert_string_equal(c.lines[0].profile, "generic.ini");
    assert_int_equal(c.lines[0].call_setup_fail_s, 45);
    assert_string_equal(c.lines[1].name, "");
    assert_string_equal(c.lines[1].port, "tcp://127.0.0.1:7000");
    assert_string_equal(c.lines[1].profile, "/etc/tspkit/usr 5637.ini");
    assert_int_equal(c.lines[1].call_setup_fail_s, 0);
    umc_free(&c);
    assert_int_equal(parse("", &c, err, sizeof err), 0);
    assert_int_equal(c.count, 0);
    umc_free(&c);
}

static void test_errors(void **state)
{
    static const struct { const char *text, *err; } cases[] = {
        { "Port = tty:/x\n", "t.conf:1: a key before the first [Line]" },
        { "[Line]\nPrt = x\n", "t.conf:2: unknown key 'Prt' in [Line]" },
        { "[Modem]\n", "t.conf:1: unknown section [Modem]" },
        { "[Line]\nPort x\n", "t.conf:2: expected key = value" },
        { "[Line]\nName = \"open\n", "t.conf:2: unterminated quoted value" },
        { "[Line]\nName = \"a\" b\n", "t.conf:2: text after the quoted value" },
        { "[Line]\nCallSetupFailTimer = 256\n", "t.conf:2: CallSetupFailTimer must be 0..255 seconds" },
        { "[Line]\nCallSetupFailTimer = -1\n", "t.conf:2: CallSetupFailTimer must be 0..255 seconds" },
        { "[Line]\nCallSetupFailTimer = 4x\n", "t.conf:2: CallSetupFailTimer must be 0..255 seconds" },
        { "[Line]\nPort = tty:/x\n", "t.conf:0: [Line] 1 needs Port and Profile" },
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        umc_config c;
        char err[UMC_ERR_MAX];
        assert_int_equal(parse(cases[i].text, &c, err, sizeof err), -1);
        assert_string_equal(err, cases[i].err);
        assert_int_equal(c.count, 0);
        assert_null(c.lines);
    }
}

static void test_hostile(void **state)
{
    umc_config c;
    char err[UMC_ERR_MAX];
    char *big;
    size_t i, n = 2 * 1024 * 1024;
    (void)state;
    /* A value one byte too long, then exactly fitting. */
    big = malloc(n + 1);
    assert_non_null(big);
    memcpy(big, "[Line]\nName = ", 14);
    memset(big + 14, 'x', UMC_NAME_MAX);
    big[14 + UMC_NAME_MAX] = '\0';
    assert_int_equal(parse(big, &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "longer than 95 bytes"));
    big[14 + UMC_NAME_MAX - 1] = '\0';
    assert_int_equal(umc_parse(big, strlen(big), "t.conf", &c, err, sizeof err), -1);   /* no Port */
    assert_string_equal(err, "t.conf:0: [Line] 1 needs Port and Profile");
    /* 2 MiB without a newline. */
    memset(big, 'A', n);
    assert_int_equal(umc_parse(big, n, "t.conf", &c, err, sizeof err), -1);
    assert_string_equal(err, "t.conf:1: line longer than 1024 bytes");
    /* NUL bytes inside a value; binary junk. */
    assert_int_equal(umc_parse("[Line]\nName = a\0b\n", 18, "t.conf", &c, err, sizeof err), -1);
    assert_string_equal(err, "t.conf:2: NUL byte in a value");
    for (i = 0; i < n; i++) big[i] = (char)(i * 131 + 7);
    assert_int_equal(umc_parse(big, n, "t.conf", &c, err, sizeof err), -1);
    /* Too many lines. */
    {
        size_t len = 0;
        for (i = 0; i <= UMC_LINES_MAX; i++)
            len += (size_t)snprintf(big + len, n - len, "[Line]\nPort=tcp://h:1\nProfile=p\n");
        assert_int_equal(umc_parse(big, len, "t.conf", &c, err, sizeof err), -1);
        assert_string_equal(err, "t.conf:769: more than 256 lines");
        len -= strlen("[Line]\nPort=tcp://h:1\nProfile=p\n");
        assert_int_equal(umc_parse(big, len, "t.conf", &c, err, sizeof err), 0);
        assert_int_equal(c.count, UMC_LINES_MAX);
        umc_free(&c);
    }
    /* A NULL or tiny error buffer. */
    assert_int_equal(umc_parse("[x]", 3, NULL, &c, NULL, 0), -1);
    assert_int_equal(umc_parse("[x]", 3, "t", &c, err, 1), -1);
    assert_string_equal(err, "");
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
