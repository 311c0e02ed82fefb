/*
 * tests/unimodem/test_tsp.c - the Unimodem-style TSP end to end: the harness's emulated
 * TAPISRV drives build/asan/unimodem.so, whose lines are modems of a modemsim started here
 * (real pseudo-terminals, spandsp's AT interpreter). What scripts cannot check is checked
 * here: disconnect modes, LINE_LINEDEVSTATE ring counts, LINE_CLOSE when a modem vanishes,
 * and data through the lineGetID("comm/datamodem") handle.
 *
 * Modems: 101 (line 0, caller ID name ALICE, CallSetupFailTimer 3 s), 102 (line 1),
 * 103 (line 2, no phone line plugged in), 104 (line 3); voice modems (modemsim-voice.ini)
 * 105 (line 4) and 106 (line 5).
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
static hx_line *lines[6];
static char sim_reply[1024];          /* the last control command's answer */

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
              "101,name=ALICE", "102", "103,unplugged", "104", "105", "106", (char *)NULL);
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
    memcpy(sim_reply, reply, sizeof sim_reply);
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
    for (i = 0; i < 6; i++) {
        fprintf(f, "[Line]\n%sPort = tty:%s/links/modem%d\nProfile = %s/tests/unimodem/%s\n",
                i == 0 ? "Name = \"Modem A\"\nCallSetupFailTimer = 3\n" : "", dir, i,
                getenv("PWD") ? getenv("PWD") : ".", i >= 4 ? "modemsim-voice.ini" : "modemsim.ini");
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

static void expect_sim_status(const char *modem, const char *want);

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
    /* A data-only modem has no DLE tone events: nothing to monitor is offered. */
    printf("data line: tone entries %lu\n", (unsigned long)u.dc.dwMonitorToneMaxNumEntries);
    assert_int_equal(u.dc.dwMonitorToneMaxNumEntries, 0);
    assert_int_equal(u.dc.dwMonitorToneMaxNumFreq, 0);
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

/* Dial strings (TSPI_lineMakeCall: T/P, W, @, ',', '!' pass to the modem; '$' needs
 * LINEDEVCAPFLAGS_DIALBILLING) and the states a dialled call goes through. */
static void test_dial_strings(void **state)
{
    static const char *const numbers[] = { "T9,102", "P102", "W102", "!102", "(10) 2" };
    static const DWORD states[] = { LINECALLSTATE_DIALTONE, LINECALLSTATE_DIALING, LINECALLSTATE_PROCEEDING,
                                    LINECALLSTATE_CONNECTED };
    hx_call *out, *in;
    hx_msg m;
    size_t i, k;
    (void)state;
    open_lines(2);
    assert_int_equal(hx_srv_wait_reply(srv, hx_line_make_call(lines[0], "102$", 0, NULL, &out), WAIT_MS),
                     (LONG)LINEERR_DIALBILLING);
    for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        printf("dialling \"%s\"\n", numbers[i]);
        connect_pair(0, numbers[i], 1, &out, &in);
        for (k = 0; k < sizeof states / sizeof states[0]; k++) {
            if (hx_srv_wait_msg(srv, LINE_CALLSTATE, out, WAIT_MS, &m) != 0) fail_msg("no LINE_CALLSTATE");
            printf("  LINE_CALLSTATE %s\n", hx_callstate_name((DWORD)m.p1));
            assert_int_equal(m.p1, states[k]);
        }
        drop(out);
        drop(in);
        assert_int_equal(hx_call_close(out), 0);
        assert_int_equal(hx_call_close(in), 0);
    }
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

/* Hostile output from one modem (10 MB without a newline, binary junk, unknown result
 * codes, garbage instead of its answers) while another line makes a call and passes data:
 * that call is not disturbed, and the hostile line works again once its modem does. */
static void test_hostile_output(void **state)
{
    char port[128];
    hx_call *out, *in;
    hx_msg m;
    int fa, fb;
    (void)state;
    open_lines(4);
    assert_int_equal(sim_ctl("flood modem1 10M"), 0);
    connect_pair(0, "104", 3, &out, &in);
    assert_int_equal(sim_ctl("send modem1 \"\\x01\\x02\\xff junk\\r\\nFROBNICATED 7\\r\\n\\r\\nCONNECTED\\r\\n\""), 0);
    assert_int_equal(sim_ctl("fault modem1 garbage"), 0);
    assert_int_equal(sim_ctl("send modem1 \"RING\\r\\nNO CARRIER\\r\\n\""), 0);
    fa = data_fd(lines[0], out, port, sizeof port);
    fb = data_fd(lines[3], in, port, sizeof port);
    assert_int_equal(write(fa, "through the storm", 17), 17);
    expect_data(fb, "through the storm");
    assert_int_equal(sim_ctl("fault modem1 none"), 0);
    drop(out);
    drop(in);
    close(fa);
    close(fb);
    /* Nothing the hostile modem said became a call or closed its line. */
    assert_int_equal(hx_srv_wait_msg(srv, LINE_NEWCALL, lines[1], 0, &m), -1);
    assert_true(hx_line_is_open(lines[1]));
    /* Line 1 still works afterwards. */
    connect_pair(0, "102", 1, &out, &in);
    drop(out);
    drop(in);
}

/* Waits (bounded) until modemsim's status line of the modem shows want. */
static void expect_sim_status(const char *modem, const char *want)
{
    int i;
    for (i = 0; i < 50; i++) {
        if (sim_ctl("status %s", modem) == 0 && strstr(sim_reply, want)) return;
        usleep(200 * 1000);
    }
    fail_msg("%s never showed %s; last status: %s", modem, want, sim_reply);
}

/* ---- lineGet/SetDevConfig: the DEVCFG blob (tsp-unimodem/at/devcfg.h) ---- */

#define DEVCFG_SIZE 108
#define CC 12                          /* the COMMCONFIG */
#define DCB (CC + 8)                   /* its DCB */
#define MS (CC + 48)                   /* its MODEMSETTINGS */

static DWORD rd32(const unsigned char *p) { return p[0] | (DWORD)p[1] << 8 | (DWORD)p[2] << 16 | (DWORD)p[3] << 24; }
static void wr32(unsigned char *p, DWORD v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24); }

typedef union { VARSTRING vs; char b[512]; } varbuf;

/* lineGetDevConfig("comm/datamodem") of a line, copied into blob. */
static void get_devcfg(DWORD dev, unsigned char blob[DEVCFG_SIZE])
{
    varbuf u;
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_dev_config(srv, dev, "comm/datamodem", &u, sizeof u), 0);
    assert_int_equal(u.vs.dwStringFormat, STRINGFORMAT_BINARY);
    assert_int_equal(u.vs.dwStringSize, DEVCFG_SIZE);
    memcpy(blob, u.b + u.vs.dwStringOffset, DEVCFG_SIZE);
    printf("line %lu DEVCFG: dwSize %lu version %#lx fwOptions %#x wWaitBong %u | COMMCONFIG %lu v%u "
           "DCB %lu bytes %lu bit/s %u%c%u flags %#lx subtype %lu provider %lu+%lu | MODEMSETTINGS "
           "setup %lu s, inactivity %lu s, volume %lu, speaker %lu, options %#lx, negotiated %#lx %lu\n",
           (unsigned long)dev, (unsigned long)rd32(blob), (unsigned long)rd32(blob + 4),
           blob[8] | blob[9] << 8, blob[10] | blob[11] << 8, (unsigned long)rd32(blob + CC),
           blob[CC + 4] | blob[CC + 5] << 8, (unsigned long)rd32(blob + DCB), (unsigned long)rd32(blob + DCB + 4),
           blob[DCB + 18], "NOEMS"[blob[DCB + 19] % 5], blob[DCB + 20] == 2 ? 2 : 1,
           (unsigned long)rd32(blob + DCB + 8), (unsigned long)rd32(blob + CC + 36),
           (unsigned long)rd32(blob + CC + 40), (unsigned long)rd32(blob + CC + 44),
           (unsigned long)rd32(blob + MS + 16), (unsigned long)rd32(blob + MS + 20),
           (unsigned long)rd32(blob + MS + 24), (unsigned long)rd32(blob + MS + 28),
           (unsigned long)rd32(blob + MS + 32), (unsigned long)rd32(blob + MS + 36),
           (unsigned long)rd32(blob + MS + 40));
}

static LONG set_devcfg(DWORD dev, const char *cls, const unsigned char *blob, DWORD size)
{
    LONG r = hx_line_set_dev_config(srv, dev, cls, blob, size);
    printf("lineSetDevConfig(line %lu, %s, %lu bytes) = %#lx\n", (unsigned long)dev, cls, (unsigned long)size,
           (unsigned long)(DWORD)r);
    return r;
}

static void test_devconfig_layout(void **state)
{
    varbuf u;
    unsigned char good[DEVCFG_SIZE], bad[DEVCFG_SIZE];
    (void)state;
    /* Too small a VARSTRING: nothing written, dwNeededSize says how much. */
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_dev_config(srv, 0, "comm/datamodem", &u, sizeof(VARSTRING)), 0);
    printf("VARSTRING of %zu bytes: needed %lu, string %lu\n", sizeof(VARSTRING),
           (unsigned long)u.vs.dwNeededSize, (unsigned long)u.vs.dwStringSize);
    assert_int_equal(u.vs.dwNeededSize, sizeof(VARSTRING) + DEVCFG_SIZE);
    assert_int_equal(u.vs.dwStringSize, 0);

    get_devcfg(0, good);
    assert_int_equal(rd32(good), DEVCFG_SIZE);
    assert_int_equal(rd32(good + 4), 0x00010003);
    assert_int_equal(rd32(good + CC), 96);                /* COMMCONFIG + MODEMSETTINGS */
    assert_int_equal(rd32(good + DCB), 28);               /* DCBlength */
    assert_int_equal(rd32(good + DCB + 4), 115200);       /* the profile's DCB */
    assert_int_equal(good[DCB + 18], 8);
    assert_int_equal(rd32(good + CC + 36), 6);            /* PST_MODEM */
    assert_int_equal(rd32(good + CC + 40), 48);
    assert_int_equal(rd32(good + CC + 44), 48);
    assert_int_equal(rd32(good + MS + 16), 3);            /* line 0's CallSetupFailTimer */
    assert_int_equal(rd32(good + MS + 28), 1);            /* MDMSPKR_DIAL */
    /* The same for every class that carries it. */
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_dev_config(srv, 0, "comm", &u, sizeof u), 0);
    assert_memory_equal(u.b + u.vs.dwStringOffset, good, DEVCFG_SIZE);
    /* Other classes. */
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_dev_config(srv, 0, "wave/in", &u, sizeof u), (LONG)LINEERR_INVALDEVICECLASS);
    assert_int_equal(hx_line_get_dev_config(srv, 0, "comm/datamodem/portname", &u, sizeof u),
                     (LONG)LINEERR_INVALDEVICECLASS);
    assert_int_equal(set_devcfg(0, "wave/out", good, DEVCFG_SIZE), (LONG)LINEERR_INVALDEVICECLASS);

    /* What Unimodem would not have written is refused, and changes nothing. */
    assert_int_equal(set_devcfg(0, "comm/datamodem", good, 50), (LONG)LINEERR_INVALPARAM);
    memcpy(bad, good, sizeof bad); wr32(bad, 200);
    assert_int_equal(set_devcfg(0, "comm/datamodem", bad, DEVCFG_SIZE), (LONG)LINEERR_INVALPARAM);
    memcpy(bad, good, sizeof bad); wr32(bad + 4, 0x00010002);
    assert_int_equal(set_devcfg(0, "comm/datamodem", bad, DEVCFG_SIZE), (LONG)LINEERR_INVALPARAM);
    memcpy(bad, good, sizeof bad); wr32(bad + CC + 36, 1);
    assert_int_equal(set_devcfg(0, "comm/datamodem", bad, DEVCFG_SIZE), (LONG)LINEERR_INVALPARAM);
    memcpy(bad, good, sizeof bad); wr32(bad + CC + 40, 60);
    assert_int_equal(set_devcfg(0, "comm/datamodem", bad, DEVCFG_SIZE), (LONG)LINEERR_INVALPARAM);
    memcpy(bad, good, sizeof bad); bad[DCB + 18] = 9;
    assert_int_equal(set_devcfg(0, "comm/datamodem", bad, DEVCFG_SIZE), (LONG)LINEERR_INVALPARAM);
    memcpy(bad, good, sizeof bad); wr32(bad + MS + 28, 7);
    assert_int_equal(set_devcfg(0, "comm/datamodem", bad, DEVCFG_SIZE), (LONG)LINEERR_INVALPARAM);
    get_devcfg(0, bad);
    assert_memory_equal(bad, good, DEVCFG_SIZE);
    /* A good one is kept. */
    memcpy(bad, good, sizeof bad); wr32(bad + MS + 20, 120); bad[8] = 0x04;   /* MANUAL_DIAL */
    assert_int_equal(set_devcfg(0, "comm/datamodem", bad, DEVCFG_SIZE), 0);
    get_devcfg(0, good);
    assert_memory_equal(bad, good, DEVCFG_SIZE);
}

/* What lineSetDevConfig stores changes what the modem is told and how calls are made. */
static void test_devconfig_applied(void **state)
{
    unsigned char c[DEVCFG_SIZE];
    hx_call *out, *in;
    (void)state;
    open_lines(4);
    /* Speaker on and loud (ATM2L3), 9600 bit/s on the port: at once on an idle line. */
    get_devcfg(1, c);
    wr32(c + MS + 24, 2);
    wr32(c + MS + 28, 2);
    wr32(c + DCB + 4, 9600);
    assert_int_equal(set_devcfg(1, "comm/datamodem", c, DEVCFG_SIZE), 0);
    expect_sim_status("modem1", "speaker=M2L3");
    expect_sim_status("modem1", "baud=9600");
    /* CallSetupFailTimer 2 s (S7=2) for line 3's next call: nobody answers 101. */
    get_devcfg(3, c);
    wr32(c + MS + 16, 2);
    assert_int_equal(set_devcfg(3, "comm/datamodem", c, DEVCFG_SIZE), 0);
    expect_sim_status("modem3", "s7=2");
    out = make_call(lines[3], "101");
    in = expect_newcall(lines[0]);
    expect_state(out, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NOANSWER);
    drop(out);
    drop(in);
    /* Blind dialling (X3) on modem 103, which has no line: it dials without waiting for
     * dial tone and reaches nobody (NO CARRIER), where X4 says NO DIALTONE. */
    get_devcfg(2, c);
    wr32(c + MS + 32, rd32(c + MS + 32) | 0x200);   /* MDM_BLIND_DIAL */
    assert_int_equal(set_devcfg(2, "comm/datamodem", c, DEVCFG_SIZE), 0);
    out = make_call(lines[2], "101");
    expect_state(out, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_UNAVAIL);
    drop(out);
}

/* ---- lineMakeCall without a number, lineDial, lineAccept, dropping a ringing call ---- */

static void dial(hx_call *c, const char *digits, LONG want)
{
    LONG r = hx_srv_wait_reply(srv, hx_call_dial(c, digits, 0), WAIT_MS);
    printf("lineDial(\"%s\") = %#lx\n", digits, (unsigned long)(DWORD)r);
    assert_int_equal(r, want);
}

static void test_partial_dial(void **state)
{
    hx_call *out, *in;
    (void)state;
    open_lines(2);
    /* No number: off hook, dial tone, then the digits in two stages. */
    assert_int_equal(hx_srv_wait_reply(srv, hx_line_make_call(lines[0], NULL, 0, NULL, &out), WAIT_MS), 0);
    expect_state(out, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL);
    dial(out, "12?", (LONG)LINEERR_DIALPROMPT);    /* refused before anything is dialled */
    dial(out, "10;", 0);
    expect_state(out, LINECALLSTATE_DIALING, 0);
    dial(out, "2", 0);
    expect_state(out, LINECALLSTATE_PROCEEDING, 0);
    in = expect_newcall(lines[1]);
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_answer(in, NULL, 0), WAIT_MS), 0);
    expect_state(in, LINECALLSTATE_CONNECTED, 0);
    expect_state(out, LINECALLSTATE_CONNECTED, 0);
    dial(out, "3", (LONG)LINEERR_INVALCALLSTATE);  /* a data call in progress takes no digits */
    drop(out);
    drop(in);
    assert_int_equal(hx_call_close(out), 0);
    assert_int_equal(hx_call_close(in), 0);
    /* The whole number ending in ';', then an empty lineDial: dialling is complete. */
    out = make_call(lines[0], "102;");
    expect_state(out, LINECALLSTATE_DIALING, 0);
    in = expect_newcall(lines[1]);
    dial(out, "", 0);
    expect_state(out, LINECALLSTATE_PROCEEDING, 0);
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_answer(in, NULL, 0), WAIT_MS), 0);
    expect_state(out, LINECALLSTATE_CONNECTED, 0);
    expect_state(in, LINECALLSTATE_CONNECTED, 0);
    drop(out);
    drop(in);
}

static void test_accept(void **state)
{
    hx_call *out, *in;
    LONG r;
    (void)state;
    open_lines(2);
    out = make_call(lines[0], "102");
    in = expect_newcall(lines[1]);
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_accept(in, NULL, 0), WAIT_MS), 0);
    expect_state(in, LINECALLSTATE_ACCEPTED, 0);
    r = hx_srv_wait_reply(srv, hx_call_accept(in, NULL, 0), WAIT_MS);
    printf("lineAccept again: %#lx\n", (unsigned long)(DWORD)r);
    assert_int_equal(r, (LONG)LINEERR_INVALCALLSTATE);
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_answer(in, NULL, 0), WAIT_MS), 0);
    expect_state(in, LINECALLSTATE_CONNECTED, 0);
    expect_state(out, LINECALLSTATE_CONNECTED, 0);
    r = hx_srv_wait_reply(srv, hx_call_accept(in, NULL, 0), WAIT_MS);
    assert_int_equal(r, (LONG)LINEERR_INVALCALLSTATE);
    drop(out);
    drop(in);
}

/* lineDrop of a call still ringing: the modem stays on hook, the line keeps monitoring,
 * and the same caller's further rings are not offered again; once its ringing stopped
 * (the engine's 8 s gap), the next call is. */
static void test_drop_offering(void **state)
{
    hx_call *out, *in;
    hx_msg m;
    int newcalls = 0;
    (void)state;
    open_lines(4);
    out = make_call(lines[1], "104");
    in = expect_newcall(lines[3]);
    drop(in);
    assert_int_equal(hx_call_close(in), 0);
    while (hx_srv_wait_msg(srv, LINE_NEWCALL, lines[3], 3500, &m) == 0) newcalls++;
    printf("LINE_NEWCALLs in 3.5 s of further rings: %d\n", newcalls);
    assert_int_equal(newcalls, 0);
    expect_state(out, LINECALLSTATE_PROCEEDING, 0);          /* the caller still hears ringback */
    drop(out);
    assert_int_equal(hx_call_close(out), 0);
    /* The ringing stops; the next call rings again. */
    sleep(9);
    out = make_call(lines[1], "104");
    if (hx_srv_wait_msg(srv, LINE_NEWCALL, lines[3], 2 * WAIT_MS, &m) != 0) fail_msg("the next call was not offered");
    drop(m.call);
    drop(out);
}

/* ---- the far end hangs up while the application has the data handle ---- */

/* Reads until EOF or want was seen (bounded); returns what came. */
static void read_until(int fd, const char *want, char *buf, size_t len, int *eof)
{
    size_t have = 0;
    *eof = 0;
    while (have + 1 < len && !strstr(buf, want)) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        ssize_t n;
        buf[have] = '\0';
        if (poll(&pfd, 1, (int)WAIT_MS) <= 0) break;
        n = read(fd, buf + have, len - 1 - have);
        if (n == 0) { *eof = 1; break; }
        if (n < 0 && errno != EAGAIN) break;
        if (n > 0) have += (size_t)n;
        buf[have] = '\0';
    }
    buf[have] = '\0';
}

static void test_handed_hangup(void **state)
{
    char port[128], buf[256];
    hx_call *out, *in;
    int fa, fb, eof;
    (void)state;
    open_lines(2);
    connect_pair(0, "102", 1, &out, &in);
    fa = data_fd(lines[0], out, port, sizeof port);
    fb = data_fd(lines[1], in, port, sizeof port);
    assert_int_equal(write(fa, "ping", 4), 4);
    expect_data(fb, "ping");
    /* The callee hangs up: the caller's application still has its handle. */
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_drop(in, NULL, 0), WAIT_MS), 0);
    expect_state(out, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
    read_until(fa, "NO CARRIER", buf, sizeof buf, &eof);
    printf("the caller's handle read \"%s\"%s\n", buf, eof ? " then EOF" : "");
    assert_non_null(strstr(buf, "NO CARRIER"));
    drop(out);
    read_until(fa, "\x01", buf, sizeof buf, &eof);
    printf("after lineDrop: EOF %d\n", eof);
    assert_true(eof);
    expect_state(in, LINECALLSTATE_IDLE, 0);
    close(fa);
    close(fb);
}

/* ---- voice modems ---- */

static hx_call *voice_call(hx_line *l, const char *number)
{
    union { LINECALLPARAMS cp; char b[512]; } u;
    hx_call *c = NULL;
    memset(&u, 0, sizeof u);
    u.cp.dwTotalSize = sizeof u;
    u.cp.dwBearerMode = LINEBEARERMODE_VOICE;
    u.cp.dwMediaMode = LINEMEDIAMODE_INTERACTIVEVOICE;
    assert_int_equal(hx_srv_wait_reply(srv, hx_line_make_call(l, number, 0, &u.cp, &c), WAIT_MS), 0);
    return c;
}

static void expect_digit(hx_call *c, char digit, DWORD mode)
{
    hx_msg m;
    if (hx_srv_wait_msg(srv, LINE_MONITORDIGITS, c, WAIT_MS, &m) != 0) fail_msg("no LINE_MONITORDIGITS for %c", digit);
    printf("LINE_MONITORDIGITS '%c' mode %#lx\n", (char)m.p1, (unsigned long)m.p2);
    assert_int_equal(m.p1, (DWORD_PTR)digit);
    assert_int_equal(m.p2, mode);
}

static void test_voice(void **state)
{
    union { LINEDEVCAPS dc; char b[4096]; } u;
    union { LINECALLINFO ci; char b[4096]; } info;
    hx_call *out, *in, *data;
    hx_msg m;
    (void)state;
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_dev_caps(srv, 4, 0, &u, sizeof u), 0);
    printf("voice line: media %#lx, monitor digits %#lx, generate %#lx\n", (unsigned long)u.dc.dwMediaModes,
           (unsigned long)u.dc.dwMonitorDigitModes, (unsigned long)u.dc.dwGenerateDigitModes);
    assert_int_equal(u.dc.dwMediaModes, LINEMEDIAMODE_DATAMODEM | LINEMEDIAMODE_INTERACTIVEVOICE |
                                        LINEMEDIAMODE_AUTOMATEDVOICE);
    assert_int_equal(u.dc.dwMonitorDigitModes, LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND);
    assert_int_equal(u.dc.dwGenerateDigitModes, LINEDIGITMODE_DTMF);
    open_lines(6);
    /* A data line has no voice. */
    {
        union { LINECALLPARAMS cp; char b[512]; } p;
        hx_call *c = NULL;
        memset(&p, 0, sizeof p);
        p.cp.dwTotalSize = sizeof p;
        p.cp.dwMediaMode = LINEMEDIAMODE_INTERACTIVEVOICE;
        assert_int_equal(hx_srv_wait_reply(srv, hx_line_make_call(lines[0], "105", 0, &p.cp, &c), WAIT_MS),
                         (LONG)LINEERR_INVALMEDIAMODE);
    }
    out = voice_call(lines[4], "106");
    in = expect_newcall(lines[5]);
    memset(&info, 0, sizeof info);
    assert_int_equal(hx_call_get_info(in, &info, sizeof info), 0);
    printf("offered with media %#lx\n", (unsigned long)info.ci.dwMediaMode);
    assert_true(info.ci.dwMediaMode & LINEMEDIAMODE_UNKNOWN);
    assert_int_equal(hx_call_set_media_mode(in, LINEMEDIAMODE_INTERACTIVEVOICE), 0);
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_answer(in, NULL, 0), WAIT_MS), 0);
    expect_state(in, LINECALLSTATE_CONNECTED, 0);
    expect_state(out, LINECALLSTATE_CONNECTED, 0);
    expect_sim_status("modem4", "fclass=8");
    expect_sim_status("modem5", "fclass=8");
    /* DTMF: +VTS at one end, <DLE> digits at the other. */
    assert_int_equal(hx_call_monitor_digits(in, LINEDIGITMODE_DTMF), 0);
    assert_int_equal(hx_call_monitor_digits(out, LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND), 0);
    assert_int_equal(hx_call_generate_digits(out, 77, LINEDIGITMODE_DTMF, "12#", 0), 0);
    expect_digit(in, '1', LINEDIGITMODE_DTMF);
    expect_digit(in, '2', LINEDIGITMODE_DTMF);
    expect_digit(in, '#', LINEDIGITMODE_DTMF);
    if (hx_srv_wait_msg(srv, LINE_GENERATE, out, WAIT_MS, &m) != 0) fail_msg("no LINE_GENERATE");
    printf("LINE_GENERATE term %#lx end-to-end id %lu\n", (unsigned long)m.p1, (unsigned long)m.p2);
    assert_int_equal(m.p1, LINEGENERATETERM_DONE);
    assert_int_equal(m.p2, 77);
    assert_int_equal(hx_call_generate_digits(in, 1, LINEDIGITMODE_DTMF, "5X", 0), (LONG)LINEERR_INVALDIGITS);
    dial(in, "9", 0);                  /* lineDial on a connected voice call: DTMF too */
    expect_digit(out, '9', LINEDIGITMODE_DTMF);
    expect_digit(out, '9', LINEDIGITMODE_DTMFEND);
    /* The far end of 106's call (outside the simulator's pair) keys a digit. */
    assert_int_equal(sim_ctl("dtmf modem5 4"), 0);
    expect_digit(in, '4', LINEDIGITMODE_DTMF);
    /* The callee hangs up: the caller's modem hears the busy tone (<DLE>b). */
    drop(in);
    expect_state(out, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
    drop(out);
    /* A data call on a voice line: no digits. */
    connect_pair(4, "106", 5, &data, &in);
    assert_int_equal(hx_call_generate_digits(data, 1, LINEDIGITMODE_DTMF, "1", 0), (LONG)LINEERR_INVALCALLSTATE);
    drop(data);
    drop(in);
}

/* An incoming voice call from outside (modemsim's ring ... voice) answered in voice mode. */
static void test_voice_incoming(void **state)
{
    hx_call *in;
    (void)state;
    open_lines(6);
    assert_int_equal(sim_ctl("ring modem5 from 5551234 voice"), 0);
    in = expect_newcall(lines[5]);
    assert_int_equal(hx_call_set_media_mode(in, LINEMEDIAMODE_AUTOMATEDVOICE), 0);
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_answer(in, NULL, 0), WAIT_MS), 0);
    expect_state(in, LINECALLSTATE_CONNECTED, 0);
    assert_int_equal(hx_call_monitor_digits(in, LINEDIGITMODE_DTMF), 0);
    assert_int_equal(sim_ctl("dtmf modem5 *0"), 0);
    expect_digit(in, '*', LINEDIGITMODE_DTMF);
    expect_digit(in, '0', LINEDIGITMODE_DTMF);
    /* The exchange's dial tone on the line (<DLE>d): the far end is gone. */
    assert_int_equal(sim_ctl("send modem5 \"\\x10d\""), 0);
    expect_state(in, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
    drop(in);
}

/* No message msg about c came before the marker digit the far end keys after the event
 * under test (the modem reports both in order on one stream). */
static void expect_none_before_digit(hx_call *c, DWORD msg, char digit)
{
    hx_msg m;
    assert_int_equal(sim_ctl("dtmf modem5 %c", digit), 0);
    expect_digit(c, digit, LINEDIGITMODE_DTMF);
    if (hx_srv_wait_msg(srv, msg, c, 0, &m) == 0)
        fail_msg("unexpected %s p1 %#lx p2 %#lx", hx_msg_name(msg), (unsigned long)m.p1, (unsigned long)m.p2);
    printf("no %s\n", hx_msg_name(msg));
}

static void expect_tone(hx_call *c, DWORD app_specific, DWORD list_id)
{
    hx_msg m;
    if (hx_srv_wait_msg(srv, LINE_MONITORTONE, c, WAIT_MS, &m) != 0)
        fail_msg("no LINE_MONITORTONE %#lx", (unsigned long)app_specific);
    printf("LINE_MONITORTONE app-specific %#lx list %lu tick %lu\n", (unsigned long)m.p1, (unsigned long)m.p2,
           (unsigned long)m.p3);
    assert_int_equal(m.p1, app_specific);
    assert_int_equal(m.p2, list_id);
}

static void expect_media(hx_call *c, DWORD media)
{
    hx_msg m;
    if (hx_srv_wait_msg(srv, LINE_MONITORMEDIA, c, WAIT_MS, &m) != 0)
        fail_msg("no LINE_MONITORMEDIA %#lx", (unsigned long)media);
    printf("LINE_MONITORMEDIA %#lx\n", (unsigned long)m.p1);
    assert_int_equal(m.p1, media);
}

/* lineMonitorTones / lineMonitorMedia on a voice call (docs/unimodem.md, voice modems):
 * the modem's silence report (+VSD, <DLE>q) is LINE_MONITORTONE with the application's
 * dwAppSpecific only while a silence entry is monitored; busy tone too, before the call
 * ends; fax calling tone (<DLE>c) and answer tone (<DLE>a) are LINE_MONITORMEDIA for the
 * monitored media; tones the modem cannot tell are LINEERR_INVALTONE. */
static void test_voice_tones(void **state)
{
    union { LINEDEVCAPS dc; char b[4096]; } u;
    LINEMONITORTONE t[3];
    hx_call *in;
    hx_msg m;
    (void)state;
    memset(&u, 0, sizeof u);
    assert_int_equal(hx_line_get_dev_caps(srv, 5, 0, &u, sizeof u), 0);
    printf("voice line: tone frequencies %lu, entries %lu\n", (unsigned long)u.dc.dwMonitorToneMaxNumFreq,
           (unsigned long)u.dc.dwMonitorToneMaxNumEntries);
    assert_true(u.dc.dwMonitorToneMaxNumFreq >= 2);
    open_lines(6);
    assert_int_equal(sim_ctl("ring modem5 from 5551234 voice"), 0);
    in = expect_newcall(lines[5]);
    assert_int_equal(hx_call_set_media_mode(in, LINEMEDIAMODE_AUTOMATEDVOICE), 0);
    assert_int_equal(hx_srv_wait_reply(srv, hx_call_answer(in, NULL, 0), WAIT_MS), 0);
    expect_state(in, LINECALLSTATE_CONNECTED, 0);
    assert_int_equal(hx_call_monitor_digits(in, LINEDIGITMODE_DTMF), 0);
    /* Nothing monitored: silence, fax tone and busy tone say nothing (the busy tone comes last). */
    assert_int_equal(sim_ctl("send modem5 \"\\x10s\\x10c\""), 0);
    expect_none_before_digit(in, LINE_MONITORTONE, '1');
    expect_none_before_digit(in, LINE_MONITORMEDIA, '2');
    /* Tones the modem cannot tell apart. */
    memset(t, 0, sizeof t);
    t[0].dwFrequency1 = 1000;
    assert_int_equal(hx_call_monitor_tones(in, 7, t, 1), (LONG)LINEERR_INVALTONE);
    /* Silence and busy tone monitored: the modem's own silence report after the far end's
     * last digit (+VSD=128,10: 1 s). */
    t[0].dwFrequency1 = 0;
    t[0].dwAppSpecific = 0x5117;
    t[0].dwDuration = 1000;
    t[1].dwAppSpecific = 0xB5;
    t[1].dwFrequency1 = 620;
    t[1].dwFrequency2 = 480;
    assert_int_equal(hx_call_monitor_tones(in, 7, t, 2), 0);
    assert_int_equal(sim_ctl("dtmf modem5 3"), 0);
    expect_digit(in, '3', LINEDIGITMODE_DTMF);
    expect_tone(in, 0x5117, 7);
    /* Fax calling tone while G3FAX is monitored; answer tone (DATAMODEM) is not. */
    assert_int_equal(hx_call_monitor_media(in, LINEMEDIAMODE_INTERACTIVEVOICE), (LONG)LINEERR_INVALMEDIAMODE);
    assert_int_equal(hx_call_monitor_media(in, LINEMEDIAMODE_G3FAX), 0);
    assert_int_equal(sim_ctl("send modem5 \"\\x10a\\x10c\""), 0);
    expect_media(in, LINEMEDIAMODE_G3FAX);
    expect_none_before_digit(in, LINE_MONITORMEDIA, '4');
    assert_int_equal(hx_call_monitor_media(in, LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM), 0);
    assert_int_equal(sim_ctl("send modem5 \"\\x10e\""), 0);
    expect_media(in, LINEMEDIAMODE_DATAMODEM);
    /* List 7 now the busy tone alone: silence says nothing, busy tone does, then the call
     * ends. Reports of the modem's own silence before the change came before the marker. */
    t[0] = t[1];
    assert_int_equal(hx_call_monitor_tones(in, 7, t, 1), 0);
    assert_int_equal(sim_ctl("dtmf modem5 5"), 0);
    expect_digit(in, '5', LINEDIGITMODE_DTMF);
    while (hx_srv_wait_msg(srv, LINE_MONITORTONE, in, 0, &m) == 0)
        printf("earlier LINE_MONITORTONE %#lx\n", (unsigned long)m.p1);
    assert_int_equal(sim_ctl("send modem5 \"\\x10s\\x10b\""), 0);
    expect_tone(in, 0xB5, 7);
    expect_state(in, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
    drop(in);
}

/* Last: modem 101 is gone afterwards until revived. */
static void test_vanish(void **state)
{
    hx_call *out, *in, *c2, *c3;
    hx_msg m;
    (void)state;
    char port[128], buf[64];
    int fa, eof;
    open_lines(4);
    connect_pair(0, "102", 1, &out, &in);
    fa = data_fd(lines[0], out, port, sizeof port);   /* the application has the handle */
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
    read_until(fa, "\x01", buf, sizeof buf, &eof);
    printf("the handle after the modem vanished: EOF %d\n", eof);
    assert_true(eof);
    close(fa);
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
        cmocka_unit_test_setup_teardown(test_dial_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_dialtone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remote_hangup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_devconfig_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_devconfig_applied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_dial, setup, teardown),
        cmocka_unit_test_setup_teardown(test_accept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drop_offering, setup, teardown),
        cmocka_unit_test_setup_teardown(test_handed_hangup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_voice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_voice_incoming, setup, teardown),
        cmocka_unit_test_setup_teardown(test_voice_tones, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vanish, setup, teardown),
    };
    if (getenv("TEST_FILTER")) cmocka_set_test_filter(getenv("TEST_FILTER"));
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
