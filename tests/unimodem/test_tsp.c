/*
 * tests/unimodem/test_tsp.c - the Unimodem-style TSP end to end: the harness's emulated
 * TAPISRV drives build/asan/unimodem.so, whose lines are modems of a modemsim started here
 * (real pseudo-terminals, spandsp's AT interpreter). What scripts cannot check is checked
 * here: disconnect modes, LINE_LINEDEVSTATE ring counts, LINE_CLOSE when a modem vanishes,
 * and data through the lineGetID("comm/datamodem") handle.
 *
 * Modems: 101 (line 0, caller ID name ALICE, CallSetupFailTimer 3 s), 102 (line 1),
 * 103 (line 2, no phone line plugged in), 104 (line 3).
 *
 *     make build/asan/tests/test_unimodem_tsp && build/asan/tests/test_unimodem_tsp
 * TSPKIT_TEST_TRACE=1 prints the harness trace, TEST_FILTER=test_busy runs one test; UNIMODEM_SO / MODEMSIM override the paths.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lineapi.h"
#include "tapisrv.h"

#define WAIT_MS 8000u

static char dir[64];
static pid_t sim_pid;
static hx_module *mod;
static hx_srv *srv;
static hx_line *lines[4];

/* ---- modemsim ---- */

static int start_sim(void)
{
    const char *exe = getenv("MODEMSIM") ? getenv("MODEMSIM") : "build/asan/modemsim";
    char links[96], ctl[96], buf[4096];
    size_t have = 0;
    int out[2];
    snprintf(dir, sizeof dir, "/tmp/um-tsp-XXXXXX");
    if (!mkdtemp(dir) || pipe(out) != 0) return -1;
    snprintf(links, sizeof links, "%s/links", dir);
    if (mkdir(links, 0700) != 0) return -1;
    snprintf(ctl, sizeof ctl, "%s/ctl", dir);
    if ((sim_pid = fork()) == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execl(exe, exe, "--links", links, "--control", ctl, "--ring-period", "1000",
              "101,name=ALICE", "102", "103,unplugged", "104", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    /* Its start-up lines end with "ready" (docs/modemsim.md). */
    while (have + 1 < sizeof buf) {
        struct pollfd pfd = { out[0], POLLIN, 0 };
        ssize_t n;
        if (poll(&pfd, 1, 10000) <= 0) break;
        if ((n = read(out[0], buf + have, sizeof buf - 1 - have)) <= 0) break;
        have += (size_t)n;
        buf[have] = '\0';
        if (strstr(buf, "ready\n")) break;
    }
    close(out[0]);
    printf("modemsim: %s", buf);
    return strstr(buf, "ready\n") ? 0 : -1;
}

/* A control command (docs/modemsim.md); 0 when it answered OK. */
static int sim_ctl(const char *fmt, ...)
{
    struct sockaddr_un sa;
    char cmd[256], reply[1024];
    size_t have = 0;
    va_list ap;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0), ok = -1;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd - 1, fmt, ap);
    va_end(ap);
    strcat(cmd, "\n");
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/ctl", dir);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) goto out;
    if (write(fd, cmd, strlen(cmd)) != (ssize_t)strlen(cmd)) goto out;
    while (have + 1 < sizeof reply) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        ssize_t n;
        if (poll(&pfd, 1, 10000) <= 0) break;
        if ((n = read(fd, reply + have, sizeof reply - 1 - have)) <= 0) break;
        have += (size_t)n;
        reply[have] = '\0';
        if (strstr(reply, "OK\n") || strstr(reply, "ERR")) break;
    }
    reply[have] = '\0';
    printf("modemsim control: %s-> %s", cmd, reply);
    ok = strstr(reply, "OK\n") ? 0 : -1;
out:
    if (fd >= 0) close(fd);
    return ok;
}

static int write_config(void)
{
    char path[128];
    FILE *f;
    int i;
    snprintf(path, sizeof path, "%s/unimodem.conf", dir);
    if (!(f = fopen(path, "w"))) return -1;
    for (i = 0; i < 4; i++) {
        fprintf(f, "[Line]\n%sPort = tty:%s/links/modem%d\nProfile = %s/tests/unimodem/modemsim.ini\n",
                i == 0 ? "Name = \"Modem A\"\nCallSetupFailTimer = 3\n" : "", dir, i,
                getenv("PWD") ? getenv("PWD") : ".");
    }
    fclose(f);
    setenv("TSPKIT_UNIMODEM_CONFIG", path, 1);
    return 0;
}

/* ---- the harness ---- */

static void print_trace(void *user, const hx_trace_rec *r)
{
    char line[HX_TRACE_LINE_MAX];
    (void)user;
    if (r->kind != HX_TR_REPORT && !getenv("TSPKIT_TEST_TRACE")) return;
    hx_trace_format_text(r, line, sizeof line);
    fprintf(stderr, "%s\n", line);
}

static int group_setup(void **state)
{
    char why[256];
    const char *so = getenv("UNIMODEM_SO") ? getenv("UNIMODEM_SO") : "build/asan/unimodem.so";
    (void)state;
    signal(SIGPIPE, SIG_IGN);
    if (start_sim() != 0 || write_config() != 0) return -1;
    if (!(mod = hx_module_load(so, why, sizeof why))) {
        printf("cannot load %s: %s\n", so, why);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    char cmd[160];
    (void)state;
    hx_module_unload(mod);
    if (sim_pid > 0) {
        kill(sim_pid, SIGTERM);
        waitpid(sim_pid, NULL, 0);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A harness with lines 0..n-1 open. */
static int setup(void **state)
{
    (void)state;
    srv = hx_srv_create(hx_module_tspi(mod), NULL, NULL);
    if (!srv) return -1;
    hx_srv_set_trace(srv, print_trace, NULL);
    if (hx_srv_start(srv, NULL) != 0) return -1;
    memset(lines, 0, sizeof lines);
    return 0;
}

static int teardown(void **state)
{
    size_t reports;
    (void)state;
    hx_srv_stop(srv);
    reports = hx_srv_reports(srv);
    hx_srv_destroy(srv);
    srv = NULL;
    printf("conformance reports: %zu\n", reports);
    return reports ? -1 : 0;
}

static void open_lines(int n)
{
    int i;
    for (i = 0; i < n; i++) assert_int_equal(hx_line_open(srv, (DWORD)i, &lines[i]), 0);
}

static DWORD call_mode(hx_call *c, DWORD *state)
{
    union { LINECALLSTATUS cs; char b[1024]; } u;
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_call_get_status(c, &u, sizeof u), 0);
    *state = u.cs.dwCallState;
    return u.cs.dwCallStateMode;
}

static void expect_state(hx_call *c, DWORD state, DWORD mode)
{
    DWORD got_state, got_mode;
    if (hx_srv_wait_call_state(srv, c, state, WAIT_MS) != 0)
        fail_msg("call never reached %s; it is %s", hx_callstate_name(state), hx_callstate_name(hx_call_state(c)));
    got_mode = call_mode(c, &got_state);
    printf("call state %s mode %#lx\n", hx_callstate_name(got_state), (unsigned long)got_mode);
    assert_int_equal(got_state, state);
    if (mode) assert_int_equal(got_mode, mode);
}

static hx_call *make_call(hx_line *l, const char *number)
{
    hx_call *c = NULL;
    assert_int_equal(hx_srv_wait_reply(srv, hx_line_make_call(l, number, 0, NULL, &c), WAIT_MS), 0);
    return c;
}

static hx_call *expect_newcall(hx_line *l)
{
    hx_msg m;
    if (hx_srv_wait_msg(srv, LINE_NEWCALL, l, WAIT_MS, &m) != 0) fail_msg("no LINE_NEWCALL");
    expect_state(m.call, LINECALLSTATE_OFFERING, 0);
    return m.call;
}

static void drop(hx_call *c)
{
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_drop(c, NULL, 0), WAIT_MS), 0);
    expect_state(c, LINECALLSTATE_IDLE, 0);
}

/* A calls B (lines a, b), B answers: both connected. */
static void connect_pair(int a, const char *number, int b, hx_call **out, hx_call **in)
{
    *out = make_call(lines[a], number);
    *in = expect_newcall(lines[b]);
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_answer(*in, NULL, 0), WAIT_MS), 0);
    expect_state(*in, LINECALLSTATE_CONNECTED, 0);
    expect_state(*out, LINECALLSTATE_CONNECTED, 0);
}

static void party(hx_call *c, size_t off_size, size_t off_off, char *out, size_t len)
{
    union { LINECALLINFO ci; char b[4096]; } u;
    DWORD size, off;
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_call_get_info(c, &u, sizeof u), 0);
    memcpy(&size, u.b + off_size, sizeof size);
    memcpy(&off, u.b + off_off, sizeof off);
    assert_int_equal(hx_struct_string(&u, u.ci.dwUsedSize, off, size, out, len), 0);
}

/* ---- tests ---- */

static int has_class(const WCHAR *list, size_t n, const char *want)
{
    size_t i = 0;
    while (i < n && list[i]) {
        size_t k = 0;
        while (want[k] && i + k < n && list[i + k] == (WCHAR)(unsigned char)want[k]) k++;
        if (!want[k] && i + k < n && list[i + k] == 0) return 1;
        while (i < n && list[i]) i++;
        i++;
    }
    return 0;
}

static void test_devcaps(void **state)
{
    union { LINEDEVCAPS dc; char b[4096]; } u;
    char name[128];
    static const char *const classes[] = { "tapi/line", "comm", "comm/datamodem",
                                           "comm/datamodem/portname", "comm/datamodem/dialin",
                                           "comm/datamodem/dialout" };
    size_t i;
    (void)state;
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_dev_caps(srv, 0, 0, &u, sizeof u), 0);
    assert_int_equal(hx_struct_string(&u, u.dc.dwUsedSize, u.dc.dwLineNameOffset, u.dc.dwLineNameSize,
                                      name, sizeof name), 0);
    printf("line 0: \"%s\", media %#lx, addresses %lu, max rate %lu\n", name,
           (unsigned long)u.dc.dwMediaModes, (unsigned long)u.dc.dwNumAddresses, (unsigned long)u.dc.dwMaxRate);
    assert_string_equal(name, "Modem A");
    assert_int_equal(u.dc.dwMediaModes, LINEMEDIAMODE_DATAMODEM);
    assert_int_equal(u.dc.dwNumAddresses, 1);
    for (i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (!has_class((const WCHAR *)(u.b + u.dc.dwDeviceClassesOffset), u.dc.dwDeviceClassesSize / 2, classes[i]))
            fail_msg("device class %s missing", classes[i]);
    /* Line 1 has no Name: the profile's. */
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_dev_caps(srv, 1, 0, &u, sizeof u), 0);
    assert_int_equal(hx_struct_string(&u, u.dc.dwUsedSize, u.dc.dwLineNameOffset, u.dc.dwLineNameSize,
                                      name, sizeof name), 0);
    printf("line 1: \"%s\"\n", name);
    assert_string_equal(name, "modemsim test modem");
}

/* The comm/datamodem VARSTRING: a HANDLE (here a file descriptor) and the port name. */
static int data_fd(hx_line *l, hx_call *c, char *port, size_t len)
{
    union { VARSTRING vs; char b[512]; } u;
    HANDLE h;
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_id(l, 0, c, LINECALLSELECT_CALL, "comm/datamodem", &u, sizeof u), 0);
    assert_int_equal(u.vs.dwStringFormat, STRINGFORMAT_BINARY);
    assert_true(u.vs.dwStringSize > sizeof(HANDLE));
    memcpy(&h, u.b + u.vs.dwStringOffset, sizeof h);
    snprintf(port, len, "%.*s", (int)(u.vs.dwStringSize - sizeof(HANDLE)), u.b + u.vs.dwStringOffset + sizeof h);
    printf("comm/datamodem: handle %ld, device \"%s\"\n", (long)(intptr_t)h, port);
    return (int)(intptr_t)h;
}

/* Reads until want arrived (bounded). */
static void expect_data(int fd, const char *want)
{
    char buf[256];
    size_t have = 0;
    while (have < strlen(want)) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        ssize_t n;
        if (poll(&pfd, 1, (int)WAIT_MS) <= 0) break;
        n = read(fd, buf + have, sizeof buf - 1 - have);
        if (n <= 0 && errno != EAGAIN) break;
        if (n > 0) have += (size_t)n;
    }
    buf[have] = '\0';
    printf("read \"%s\"\n", buf);
    assert_string_equal(buf, want);
}

static void test_call_callerid_data(void **state)
{
    char text[128], port[128];
    hx_call *out, *in;
    hx_msg m;
    int fa, fb;
    (void)state;
    open_lines(2);
    out = make_call(lines[0], "102");
    expect_state(out, LINECALLSTATE_PROCEEDING, 0);
    in = expect_newcall(lines[1]);
    /* Rings are counted (LINE_LINEDEVSTATE RINGING: dwParam3 the count). */
    assert_int_equal(hx_srv_wait_msg(srv, LINE_LINEDEVSTATE, lines[1], WAIT_MS, &m), 0);
    printf("LINE_LINEDEVSTATE %#lx ring mode %lu count %lu\n", (unsigned long)m.p1, (unsigned long)m.p2,
           (unsigned long)m.p3);
    assert_int_equal(m.p1, LINEDEVSTATE_RINGING);
    assert_int_equal(m.p3, 1);
    /* Caller ID comes between the first and the second ring, a LINE_CALLINFO per field
     * as the modem's lines arrive (NMBR, then NAME). */
    text[0] = '\0';
    while (strcmp(text, "ALICE") != 0) {
        if (hx_srv_wait_msg(srv, LINE_CALLINFO, in, WAIT_MS, &m) != 0) fail_msg("no caller ID name");
        party(in, offsetof(LINECALLINFO, dwCallerIDNameSize), offsetof(LINECALLINFO, dwCallerIDNameOffset),
              text, sizeof text);
        printf("caller ID name \"%s\"\n", text);
    }
    party(in, offsetof(LINECALLINFO, dwCallerIDSize), offsetof(LINECALLINFO, dwCallerIDOffset), text, sizeof text);
    printf("caller ID \"%s\"\n", text);
    assert_string_equal(text, "101");

    assert_int_equal(hx_srv_wait_reply(srv, hx_call_answer(in, NULL, 0), WAIT_MS), 0);
    expect_state(in, LINECALLSTATE_CONNECTED, 0);
    expect_state(out, LINECALLSTATE_CONNECTED, 0);

    fa = data_fd(lines[0], out, port, sizeof port);
    assert_true(strstr(port, "links/modem0") != NULL);
    fb = data_fd(lines[1], in, port, sizeof port);
    assert_true(fa >= 0 && fb >= 0);
    assert_int_equal(write(fa, "hello B", 7), 7);
    expect_data(fb, "hello B");
    assert_int_equal(write(fb, "hello A", 7), 7);
    expect_data(fa, "hello A");
    close(fa);
    close(fb);
    drop(out);
    drop(in);
    assert_int_equal(hx_call_close(out), 0);
    assert_int_equal(hx_call_close(in), 0);
}

/* Before a call is connected there is no handle, only the name. */
static void test_getid_classes(void **state)
{
    union { VARSTRING vs; char b[512]; } u;
    HANDLE h;
    (void)state;
    open_lines(1);
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_id(lines[0], 0, NULL, LINECALLSELECT_LINE, "comm/datamodem", &u, sizeof u), 0);
    memcpy(&h, u.b + u.vs.dwStringOffset, sizeof h);
    printf("line select: handle %p, %lu bytes\n", (void *)h, (unsigned long)u.vs.dwStringSize);
    assert_null(h);
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_id(lines[0], 0, NULL, LINECALLSELECT_LINE, "comm", &u, sizeof u), 0);
    assert_int_equal(u.vs.dwStringFormat, STRINGFORMAT_ASCII);
    assert_string_equal(u.b + u.vs.dwStringOffset, "Modem A");
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_id(lines[0], 0, NULL, LINECALLSELECT_LINE, "comm/datamodem/portname", &u, sizeof u), 0);
    printf("portname \"%s\"\n", u.b + u.vs.dwStringOffset);
    assert_true(strstr(u.b + u.vs.dwStringOffset, "links/modem0") != NULL);
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_id(lines[0], 0, NULL, LINECALLSELECT_LINE, "wave/in", &u, sizeof u),
                     (LONG)LINEERR_INVALDEVICECLASS);
}

static void test_busy(void **state)
{
    hx_call *out, *in, *second;
    (void)state;
    open_lines(4);
    connect_pair(0, "102", 1, &out, &in);
    second = make_call(lines[3], "102");
    expect_state(second, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_BUSY);
    drop(second);
    drop(out);
    drop(in);
}

static void test_no_answer(void **state)
{
    hx_call *out, *in;
    (void)state;
    open_lines(4);
    out = make_call(lines[0], "104");      /* line 0: S7 = 3 s */
    in = expect_newcall(lines[3]);
    expect_state(out, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NOANSWER);
    drop(out);
    /* The caller gave up: the offered call ends too. */
    expect_state(in, LINECALLSTATE_DISCONNECTED, 0);
    drop(in);
}

static void test_no_dialtone(void **state)
{
    hx_call *out;
    (void)state;
    open_lines(3);
    out = make_call(lines[2], "101");      /* modem 103 has no line */
    expect_state(out, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NODIALTONE);
    drop(out);
}

static void test_bad_number(void **state)
{
    hx_call *out = NULL;
    (void)state;
    open_lines(1);
    /* '?' is never dialable; 'W' only where the profile says the modem has it (it does). */
    assert_int_equal(hx_srv_wait_reply(srv, hx_line_make_call(lines[0], "12?3", 0, NULL, &out), WAIT_MS),
                     (LONG)LINEERR_DIALPROMPT);
    out = make_call(lines[0], "999");      /* nobody: NO CARRIER */
    expect_state(out, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_UNAVAIL);
    drop(out);
}

static void test_remote_hangup(void **state)
{
    hx_call *out, *in;
    (void)state;
    open_lines(2);
    connect_pair(0, "102", 1, &out, &in);
    /* The callee hangs up (DTR drop): the caller's modem says NO CARRIER. */
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_drop(in, NULL, 0), WAIT_MS), 0);
    expect_state(in, LINECALLSTATE_IDLE, 0);
    expect_state(out, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
    drop(out);
    /* And the network clearing a call (modemsim hangup) reaches both ends. */
    connect_pair(1, "101", 0, &out, &in);
    assert_int_equal(sim_ctl("hangup 102"), 0);
    expect_state(out, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
    expect_state(in, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
    drop(out);
    drop(in);
}

static void test_hostile_output(void **state)
{
    hx_call *out, *in;
    (void)state;
    open_lines(2);
    assert_int_equal(sim_ctl("flood modem1 10M"), 0);
    assert_int_equal(sim_ctl("send modem1 \"\\x01\\x02\\xff junk\\r\\nFROBNICATED 7\\r\\n\\r\\nCONNECTED\\r\\n\""), 0);
    assert_int_equal(sim_ctl("fault modem1 garbage"), 0);
    assert_int_equal(sim_ctl("send modem1 \"RING\\r\\n\""), 0);
    assert_int_equal(sim_ctl("fault modem1 none"), 0);
    /* Line 1 still works afterwards. */
    connect_pair(0, "102", 1, &out, &in);
    drop(out);
    drop(in);
}

/* Last: modem 101 is gone afterwards until revived. */
static void test_vanish(void **state)
{
    hx_call *out, *in, *c2, *c3;
    hx_msg m;
    (void)state;
    open_lines(4);
    connect_pair(0, "102", 1, &out, &in);
    assert_int_equal(sim_ctl("fault modem0 vanish"), 0);
    /* TAPISRV closes the line on LINE_CLOSE, its calls with it: the state is in the
     * message (dwParam1 state, dwParam2 mode) and no longer in LINECALLSTATUS. */
    do {
        if (hx_srv_wait_msg(srv, LINE_CALLSTATE, out, WAIT_MS, &m) != 0) fail_msg("no DISCONNECTED");
    } while (m.p1 != LINECALLSTATE_DISCONNECTED);
    printf("vanished: DISCONNECTED mode %#lx\n", (unsigned long)m.p2);
    assert_int_equal(m.p2, LINEDISCONNECTMODE_UNAVAIL);
    assert_int_equal(hx_srv_wait_msg(srv, LINE_CLOSE, lines[0], WAIT_MS, &m), 0);
    assert_int_equal(hx_srv_flush(srv, WAIT_MS), 0);
    printf("LINE_CLOSE for line 0; still open: %d\n", hx_line_is_open(lines[0]));
    assert_false(hx_line_is_open(lines[0]));
    expect_state(in, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
    drop(in);
    /* The other lines go on. */
    connect_pair(1, "104", 3, &c2, &c3);
    drop(c2);
    drop(c3);
    assert_int_equal(sim_ctl("revive modem0"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_devcaps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_getid_classes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_call_callerid_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_dialtone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remote_hangup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vanish, setup, teardown),
    };
    if (getenv("TEST_FILTER")) cmocka_set_test_filter(getenv("TEST_FILTER"));
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
