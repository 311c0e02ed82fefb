/*
 * tests/unimodem/test_ports.c - the usb: and rfc2217:// ports end to end through the TSP:
 * the harness's emulated TAPISRV drives build/asan/unimodem.so, whose line 0 is a modem
 * reached over a port without a native handle and line 1 a modem on tcp://, and runs
 * tests/unimodem/relay.tsps: a call from line 0 to line 1, both ends take the
 * lineGetID("comm/datamodem") handle and exchange data, the far end hangs up, the relayed
 * end drops; twice. On Linux the TSP relays a call's bytes to the application itself
 * (unimodem.c); on Windows it hands out ump_native_handle, which for these ports is the port
 * relay (tsp-unimodem/port/relay.c), run end to end under Wine by tests/unimodem/
 * ports-lane.sh with the same script.
 *
 *  - usb: the real libusb (loaded by the TSP) drives the emulated CDC-ACM modem of
 *    tests/ports/mockacm.h (umockdev); the device's "firmware" here is modemsim: a bridge
 *    thread copies bulk OUT to modem 101's TCP port and its answers back as bulk IN. So the
 *    TSP's AT commands, the CONNECT and the data all cross USB bulk pipes to a real
 *    simulated modem. (The bridge polls the device's OUT buffer every few ms: test code.)
 *  - rfc2217: a real ser2net (Debian's) serves modem 101's pseudo-terminal as Telnet +
 *    RFC 2217, as the rfc2217 port test sets it up.
 *
 * The program re-executes itself under libumockdev-preload (the TSP's libusb must see the
 * emulated device); modemsim and ser2net run outside the testbed.
 *
 *     make build/asan/tests/test_unimodem_ports && build/asan/tests/test_unimodem_ports
 * TSPKIT_TEST_TRACE=1 prints the harness trace.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdatomic.h>

#include "lineapi.h"
#include "script.h"
#include "tapisrv.h"

#include "../ports/mockacm.h"

#define DESC_FILE "tests/ports/cdc-acm-modem.umockdev"
#define SCRIPT_FILE "tests/unimodem/relay.tsps"
#define PROFILE_FILE "tests/unimodem/modemsim.ini"

static UMockdevTestbed *bed;
static mock_acm dev;
static char dir[64], sim_out[4096];
static pid_t sim_pid;
static hx_module *mod;

/* ---- modemsim, outside the testbed ---- */

static int start_sim(void)
{
    const char *exe = getenv("MODEMSIM") ? getenv("MODEMSIM") : "build/asan/modemsim";
    char links[96];
    size_t have = 0;
    int out[2];
    snprintf(dir, sizeof dir, "/tmp/um-ports-XXXXXX");
    if (!mkdtemp(dir) || pipe(out) != 0) return -1;
    snprintf(links, sizeof links, "%s/links", dir);
    if (mkdir(links, 0700) != 0) return -1;
    if ((sim_pid = fork()) == 0) {
        unsetenv("LD_PRELOAD");
        unsetenv("UMOCKDEV_DIR");
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execl(exe, exe, "--links", links, "--tcp-base", "0", "--ring-period", "1000", "101", "102",
              (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    while (have + 1 < sizeof sim_out) {
        struct pollfd pfd = { out[0], POLLIN, 0 };
        ssize_t n;
        if (poll(&pfd, 1, PT_WAIT_MS) <= 0) break;
        if ((n = read(out[0], sim_out + have, sizeof sim_out - 1 - have)) <= 0) break;
        have += (size_t)n;
        sim_out[have] = '\0';
        if (strstr(sim_out, "ready\n")) break;
    }
    close(out[0]);
    printf("modemsim: %s", sim_out);
    return strstr(sim_out, "ready\n") ? 0 : -1;
}

/* Modem i's TCP address ("127.0.0.1:PORT") from modemsim's start-up lines. */
static void sim_tcp(int i, char *out, size_t cap)
{
    char key[16];
    const char *p;
    snprintf(key, sizeof key, "modem%d ", i);
    p = strstr(sim_out, key);
    p = p ? strstr(p, "tcp=") : NULL;
    snprintf(out, cap, "%.*s", p ? (int)strcspn(p + 4, " \n") : 0, p ? p + 4 : "");
}

static int write_config(const char *port0)
{
    char path[128], tcp1[64];
    FILE *f;
    snprintf(path, sizeof path, "%s/unimodem.conf", dir);
    sim_tcp(1, tcp1, sizeof tcp1);
    if (!(f = fopen(path, "w"))) return -1;
    fprintf(f, "[Line]\nName = \"relayed modem\"\nPort = %s\nProfile = %s/%s\n"
               "[Line]\nPort = tcp://%s\nProfile = %s/%s\n",
            port0, getenv("PWD"), PROFILE_FILE, tcp1, getenv("PWD"), PROFILE_FILE);
    fclose(f);
    printf("line 0: %s, line 1: tcp://%s\n", port0, tcp1);
    return setenv("TSPKIT_UNIMODEM_CONFIG", path, 1);
}

/* ---- the USB modem's firmware: modemsim behind the emulated CDC-ACM device ---- */

typedef struct bridge {
    pthread_t t;
    int sock;
    atomic_bool stop;
    size_t to_modem, to_host;
} bridge;

static void *bridge_run(void *arg)
{
    bridge *b = arg;
    static unsigned char buf[MOCK_ACM_BUF];
    size_t sent = 0;
    while (!atomic_load(&b->stop)) {
        struct pollfd pfd = { b->sock, POLLIN, 0 };
        size_t n;
        if (poll(&pfd, 1, 5) > 0) {
            ssize_t k = read(b->sock, buf, 4096);
            if (k <= 0) break;
            mock_acm_send(&dev, buf, (size_t)k);
            b->to_host += (size_t)k;
        }
        n = mock_acm_received(&dev, buf, sizeof buf);
        if (n > sent) {
            pt_write_all(b->sock, buf + sent, n - sent);
            b->to_modem += n - sent;
            sent = n;
        }
    }
    return NULL;
}

static int bridge_start(bridge *b, const char *addr)
{
    struct sockaddr_in a;
    const char *colon = strchr(addr, ':');
    memset(b, 0, sizeof *b);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)(colon ? atoi(colon + 1) : 0));
    b->sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (b->sock < 0 || connect(b->sock, (struct sockaddr *)&a, sizeof a) != 0) return -1;
    atomic_init(&b->stop, false);
    return pthread_create(&b->t, NULL, bridge_run, b) == 0 ? 0 : -1;
}

static void bridge_stop(bridge *b)
{
    atomic_store(&b->stop, true);
    pthread_join(b->t, NULL);
    close(b->sock);
    printf("bridge: %zu bytes to the modem, %zu to the host\n", b->to_modem, b->to_host);
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

/* relay.tsps against the configuration written last; 0 when it passed. */
static int run_script(void)
{
    static char text[16384];
    char err[HX_SCRIPT_ERR_MAX];
    FILE *f = fopen(SCRIPT_FILE, "rb");
    size_t len = f ? fread(text, 1, sizeof text, f) : 0;
    hx_script *sc;
    hx_srv *srv;
    int rc = -1;
    if (f) fclose(f);
    if (!len || len == sizeof text || !(sc = hx_script_parse(text, len, SCRIPT_FILE, err, sizeof err))) {
        printf("cannot read %s\n", SCRIPT_FILE);
        return -1;
    }
    if ((srv = hx_srv_create(hx_module_tspi(mod), NULL, NULL)) != NULL) {
        hx_srv_set_trace(srv, print_trace, NULL);
        rc = hx_script_run(sc, srv, NULL, err, sizeof err);
        if (rc == 0) printf("%s: %zu commands passed\n", SCRIPT_FILE, hx_script_count(sc));
        else printf("%s\n", err);
        hx_srv_destroy(srv);
    }
    hx_script_free(sc);
    return rc;
}

static int group_setup(void **state)
{
    char why[256];
    const char *so = getenv("UNIMODEM_SO") ? getenv("UNIMODEM_SO") : "build/asan/unimodem.so";
    (void)state;
    if (start_sim() != 0) return -1;
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
    if (mod) hx_module_unload(mod);
    if (sim_pid > 0) {
        kill(sim_pid, SIGTERM);
        waitpid(sim_pid, NULL, 0);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_usb(void **state)
{
    char tcp0[64], states[128];
    bridge b;
    (void)state;
    assert_int_equal(mock_acm_add(bed, &dev, DESC_FILE), 0);
    sim_tcp(0, tcp0, sizeof tcp0);
    assert_int_equal(bridge_start(&b, tcp0), 0);
    assert_int_equal(write_config("usb:0572:1329"), 0);
    assert_int_equal(run_script(), 0);
    bridge_stop(&b);
    mock_acm_state(&dev, NULL, states, sizeof states, NULL);
    /* Per call: DTR dropped at the hang-up (RTS kept: 2) and raised again; 0 at each close. */
    printf("the device's control line states: %s\n", states);
    assert_non_null(strstr(states, "323"));
    assert_int_equal(dev.unknown_ioctls, 0);
    mock_acm_remove(bed, &dev);
}

static void test_rfc2217(void **state)
{
    char link0[128], url[64];
    pt_ser2net s2n;
    (void)state;
    snprintf(link0, sizeof link0, "%s/links/modem0", dir);
    if (pt_ser2net_start(&s2n, link0, false) != 0) fail_msg("ser2net did not start (see %s)", s2n.log);
    snprintf(url, sizeof url, "rfc2217://127.0.0.1:%u", s2n.port);
    assert_int_equal(write_config(url), 0);
    assert_int_equal(run_script(), 0);
    pt_ser2net_stop(&s2n);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usb),
        cmocka_unit_test(test_rfc2217),
    };
    int rc;
    (void)argc;
    signal(SIGPIPE, SIG_IGN);
    if (!pt_run_under_umockdev(argv)) return 1;
    bed = umockdev_testbed_new();
    rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
    g_object_unref(bed);
    return rc;
}
