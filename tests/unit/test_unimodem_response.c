/*
 * tests/unit/test_unimodem_response.c - the result-code parser: the built-in V.250
 * codes (verbose and numeric), whole-line matching (never a prefix of two characters),
 * the CONNECT rate and suffix parser, negotiation progress, caller ID, the Responses
 * table (exact, case-sensitive, longest variable-length prefix, rates the table lacks).
 */
#include "at/response.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static um_result match(const um_profile *p, const char *line)
{
    um_result r = um_response_match(p, line, strlen(line));
    fprintf(stderr, "'%s' -> state %s (0x%02X) options 0x%02X dce %u dte %u source %u value '%.*s'\n", line,
            um_state_name(r.state) ? um_state_name(r.state) : "?", r.state, r.options, (unsigned)r.dce_rate,
            (unsigned)r.dte_rate, r.source, (int)r.value_len, r.value ? r.value : "");
    return r;
}

static void expect_state(const um_profile *p, const char *line, uint8_t state, uint8_t options, uint32_t dce)
{
    um_result r = match(p, line);
    assert_int_equal(r.state, state);
    assert_int_equal(r.options, options);
    assert_int_equal(r.dce_rate, dce);
}

static void test_builtin_codes(void **state)
{
    (void)state;
    /* V.250 5.7.1 Table 1, verbose and numeric. */
    static const struct { const char *v, *n; uint8_t state; } t1[] = {
        { "OK", "0", UM_RS_OK }, { "CONNECT", "1", UM_RS_CONNECT }, { "RING", "2", UM_RS_RING },
        { "NO CARRIER", "3", UM_RS_NOCARRIER }, { "ERROR", "4", UM_RS_ERROR },
        { "NO DIALTONE", "6", UM_RS_NODIALTONE }, { "BUSY", "7", UM_RS_BUSY },
        { "NO ANSWER", "8", UM_RS_NOANSWER },
    };
    for (size_t i = 0; i < sizeof t1 / sizeof t1[0]; i++) {
        expect_state(NULL, t1[i].v, t1[i].state, 0, 0);
        expect_state(NULL, t1[i].n, t1[i].state, 0, 0);
        assert_int_equal(match(NULL, t1[i].v).source, UM_SRC_BUILTIN);
    }
    expect_state(NULL, "NO DIAL TONE", UM_RS_NODIALTONE, 0, 0);
    expect_state(NULL, "DELAYED", UM_RS_DELAYED, 0, 0);
    expect_state(NULL, "BLACKLISTED", UM_RS_BLACKLISTED, 0, 0);
    expect_state(NULL, "VCON", UM_RS_OK, 0, 0);
    expect_state(NULL, "ok", UM_RS_OK, 0, 0);
    expect_state(NULL, "  No Carrier \t", UM_RS_NOCARRIER, 0, 0);
    expect_state(NULL, "\r\nBUSY\r\n", UM_RS_BUSY, 0, 0);
    /* 5 and 9 are no V.250 codes. */
    expect_state(NULL, "5", UM_RS_UNKNOWN, 0, 0);
    expect_state(NULL, "9", UM_RS_UNKNOWN, 0, 0);
    assert_int_equal(match(NULL, "5").source, UM_SRC_NONE);
}

static void test_whole_lines_only(void **state)
{
    (void)state;
    /* The ATSP sample compared two characters; these must not match. */
    static const char *const not[] = { "OKAY", "OK OK", "RINGING", "RING RING", "CONNECTED", "CONNECTION 9600",
                                       "NO CARRIERS", "ERRORS", "BUSYBOX", "NO", "O", "", "   ", "00", "10",
                                       "NO ANSWER PLEASE", "CARRIER", "CARRIER LOST", "DATE", "NMBR 5551212" };
    for (size_t i = 0; i < sizeof not / sizeof not[0]; i++) expect_state(NULL, not[i], UM_RS_UNKNOWN, 0, 0);
    /* A NUL byte inside is not a separator. */
    um_result r = um_response_match(NULL, "CONNECT\0 9600", 13);
    assert_int_equal(r.state, UM_RS_UNKNOWN);
    r = um_response_match(NULL, "OK\0", 3);
    assert_int_equal(r.state, UM_RS_UNKNOWN);
}

static void test_connect_parser(void **state)
{
    (void)state;
    const uint8_t ec = UM_OPT_ERROR_CONTROL, comp = UM_OPT_COMPRESSION | UM_OPT_ERROR_CONTROL;
    expect_state(NULL, "CONNECT 28800", UM_RS_CONNECT, 0, 28800);
    expect_state(NULL, "CONNECT 2400/ARQ", UM_RS_CONNECT, ec, 2400);
    expect_state(NULL, "CONNECT 44000/LAPM", UM_RS_CONNECT, ec, 44000);
    expect_state(NULL, "CONNECT 9600/REL", UM_RS_CONNECT, ec, 9600);
    expect_state(NULL, "CONNECT 14400/V42", UM_RS_CONNECT, ec, 14400);
    expect_state(NULL, "CONNECT 14400/V42BIS", UM_RS_CONNECT, comp, 14400);
    expect_state(NULL, "CONNECT 14400/V.42bis", UM_RS_CONNECT, comp, 14400);
    expect_state(NULL, "CONNECT 4800/MNP", UM_RS_CONNECT, ec, 4800);
    expect_state(NULL, "CONNECT 4800/MNP5", UM_RS_CONNECT, comp, 4800);
    expect_state(NULL, "CONNECT 115200/ARQ/V90/LAPM/V42BIS", UM_RS_CONNECT, comp, 115200);
    expect_state(NULL, "CONNECT 52000/ARQ/V90/LAPM/V44", UM_RS_CONNECT, comp, 52000);
    expect_state(NULL, "CONNECT 33600 V42bis", UM_RS_CONNECT, comp, 33600);
    expect_state(NULL, "CONNECT 300 NoEC", UM_RS_CONNECT, 0, 300);
    expect_state(NULL, "CONNECT 1200 V42 Cellular Protocol", UM_RS_CONNECT, ec | UM_OPT_CELLULAR, 1200);
    expect_state(NULL, "CONNECT 1200/75", UM_RS_CONNECT, 0, 1200);
    expect_state(NULL, "CONNECT 75TX/1200RX", UM_RS_CONNECT, 0, 1200);
    expect_state(NULL, "CONNECT 1200TX/75RX MNP4", UM_RS_CONNECT, ec, 1200);
    expect_state(NULL, "connect 9600/arq", UM_RS_CONNECT, ec, 9600);
    expect_state(NULL, "CONNECT FAX", UM_RS_CONNECT, 0, 0);
    /* A rate of ten digits is no rate. */
    expect_state(NULL, "CONNECT 1234567890", UM_RS_CONNECT, 0, 0);
    expect_state(NULL, "CONNECT 999999999", UM_RS_CONNECT, 0, 999999999);
}

static void test_progress_lines(void **state)
{
    (void)state;
    expect_state(NULL, "CARRIER 28800", UM_RS_LOOP, 0, 28800);
    expect_state(NULL, "PROTOCOL: LAPM", UM_RS_LOOP, UM_OPT_ERROR_CONTROL, 0);
    expect_state(NULL, "PROTOCOL: NONE", UM_RS_LOOP, 0, 0);
    expect_state(NULL, "PROTOCOL: ALT-CELLULAR", UM_RS_LOOP, UM_OPT_ERROR_CONTROL | UM_OPT_CELLULAR, 0);
    expect_state(NULL, "COMPRESSION: V.42BIS", UM_RS_LOOP, UM_OPT_COMPRESSION, 0);
    expect_state(NULL, "COMPRESSION: NONE", UM_RS_LOOP, 0, 0);
    expect_state(NULL, "+MCR: V34", UM_RS_LOOP, 0, 0);
    expect_state(NULL, "+MRR: 31200,33600", UM_RS_LOOP, 0, 31200);
    expect_state(NULL, "+ER: LAPM", UM_RS_LOOP, UM_OPT_ERROR_CONTROL, 0);
    expect_state(NULL, "+DR: V42B", UM_RS_LOOP, UM_OPT_COMPRESSION, 0);
    expect_state(NULL, "+DR: NONE", UM_RS_LOOP, 0, 0);
    um_result r = match(NULL, "+ILRR: 115200");
    assert_int_equal(r.state, UM_RS_LOOP);
    assert_int_equal(r.dte_rate, 115200);
}

static void expect_cid(const um_profile *p, const char *line, uint8_t state, const char *value)
{
    um_result r = match(p, line);
    assert_int_equal(r.state, state);
    assert_int_equal(r.value_len, strlen(value));
    assert_memory_equal(r.value, value, r.value_len);
}

static void test_callerid_builtin(void **state)
{
    (void)state;
    expect_cid(NULL, "DATE = 0321", UM_RS_DATE, "0321");
    expect_cid(NULL, "DATE=0321", UM_RS_DATE, "0321");
    expect_cid(NULL, "TIME =1405", UM_RS_TIME, "1405");
    expect_cid(NULL, "NMBR= 5551212", UM_RS_NMBR, "5551212");
    expect_cid(NULL, "NAME = JOHN Q PUBLIC", UM_RS_NAME, "JOHN Q PUBLIC");
    expect_cid(NULL, "MESG = 060342", UM_RS_MESG, "060342");
    expect_cid(NULL, "NMBR = P", UM_RS_NMBR, "P");
    expect_cid(NULL, "nmbr = O", UM_RS_NMBR, "O");
    expect_cid(NULL, "NAME =", UM_RS_NAME, "");
}

static um_profile *table(void)
{
    static const char text[] =
        "[Responses]\n"
        "\"<cr><lf>OK<cr><lf>\" = OK\n"
        "\"CONNECT\" = CONNECT\n"
        "\"CONNECT 2400\" = CONNECT dce=2400 dte=57600\n"
        "\"CONNECT EC\" = CONNECT ec\n"
        "\"CONNECT 4800 V42\" = CONNECT\n"
        "\"Ok Then\" = ERROR\n"
        "\"N\" = 95,00,00,00,00,00,00,00,00,00\n"
        "\"NM\" = NAME\n"
        "\"NMBR = \" = NMBR\n"
        "\"RING1\" = SINGLERING\n"
        "\"SVM\" = 10,00,00,00,00,00,00,00,00,00\n";
    char err[UM_PROFILE_ERR_MAX];
    um_profile *p = um_profile_parse(text, sizeof text - 1, "t.ini", err, sizeof err);
    if (!p) fprintf(stderr, "%s\n", err);
    assert_non_null(p);
    return p;
}

static void test_table(void **state)
{
    (void)state;
    um_profile *p = table();
    /* Exact strings first. */
    um_result r = match(p, "OK");
    assert_int_equal(r.state, UM_RS_OK);
    assert_int_equal(r.source, UM_SRC_TABLE);
    r = match(p, "CONNECT 2400");
    assert_int_equal(r.dce_rate, 2400);
    assert_int_equal(r.dte_rate, 57600);
    /* Case matters for the table ("Ok Then" is the table's ERROR)... */
    expect_state(p, "Ok Then", UM_RS_ERROR, 0, 0);
    expect_state(p, "OK THEN", UM_RS_UNKNOWN, 0, 0);
    /* ...and the built-ins still answer what the table lacks. */
    r = match(p, "ok");
    assert_int_equal(r.state, UM_RS_OK);
    assert_int_equal(r.source, UM_SRC_BUILTIN);
    /* A CONNECT entry without a rate gets the rate from the line. */
    expect_state(p, "CONNECT EC", UM_RS_CONNECT, UM_OPT_ERROR_CONTROL, 0);
    r = match(p, "CONNECT 4800 V42");
    assert_int_equal(r.source, UM_SRC_TABLE);
    assert_int_equal(r.dce_rate, 4800);
    assert_int_equal(r.options, UM_OPT_ERROR_CONTROL);
    r = match(p, "CONNECT 9600/ARQ");
    assert_int_equal(r.source, UM_SRC_BUILTIN);
    assert_int_equal(r.dce_rate, 9600);
    /* The longest variable-length prefix wins; NMBR's '=' and blanks are not the value. */
    expect_cid(p, "NMBR = 5551212", UM_RS_NMBR, "5551212");
    expect_cid(p, "NMX", UM_RS_NAME, "X");
    expect_cid(p, "N = 42", UM_RS_NMBR, "42");
    expect_cid(p, "NMBR=5551212", UM_RS_NAME, "BR=5551212");
    expect_state(p, "RING1", UM_RS_SINGLE_RING, 0, 0);
    /* A VoiceView state is matched and reported as it is. */
    expect_state(p, "SVM", 0x10, 0, 0);
    um_profile_free(p);
}

static void test_final_states(void **state)
{
    (void)state;
    static const uint8_t finals[] = { UM_RS_OK, UM_RS_CONNECT, UM_RS_ERROR, UM_RS_NOCARRIER, UM_RS_NODIALTONE,
                                      UM_RS_BUSY, UM_RS_NOANSWER, UM_RS_BLACKLISTED, UM_RS_DELAYED };
    static const uint8_t others[] = { UM_RS_LOOP, UM_RS_RING, UM_RS_DATE, UM_RS_MESG, UM_RS_SINGLE_RING,
                                      UM_RS_UNKNOWN, 0x10 };
    for (size_t i = 0; i < sizeof finals; i++) assert_true(um_state_is_final(finals[i]));
    for (size_t i = 0; i < sizeof others; i++) assert_false(um_state_is_final(others[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_codes),
        cmocka_unit_test(test_whole_lines_only),
        cmocka_unit_test(test_connect_parser),
        cmocka_unit_test(test_progress_lines),
        cmocka_unit_test(test_callerid_builtin),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_final_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
