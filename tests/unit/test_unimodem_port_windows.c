/*
 * tests/unit/test_unimodem_port_windows.c - runs the port backends' Windows build
 * (tests/ports/win_smoke.c, built by unimodem.mk as $BUILD/win64/tests/unimodem_port_smoke.exe)
 * under Wine, in the Wine prefix the other Wine lanes use ($BUILD/wine-win64), and passes when
 * every check in it passed: Winsock tcp and rfc2217, the event HANDLE wait object, ump_wake,
 * and serial:/usb: saying libserialport-0.dll / libusb-1.0.dll are missing. Skipped when Wine
 * is not installed.
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/thread.h>

#include "../ports/porttest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static bool have(const char *prog)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", prog);
    return system(cmd) == 0;
}

static void test_windows_build_under_wine(void **state)
{
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    char exe[512], prefix[512], out[8192];
    int pipefd[2], status = 0, waited = 0;
    size_t n = 0;
    pid_t pid;
    (void)state;

    if (!have("wine")) {
        printf("wine is not installed: skipped\n");
        skip();
    }
    snprintf(exe, sizeof exe, "%s/win64/tests/unimodem_port_smoke.exe", build);
    if (access(exe, R_OK) != 0) fail_msg("%s is missing (make %s)", exe, exe);
    if (!realpath(build, prefix)) fail_msg("no folder %s", build);
    strncat(prefix, "/wine-win64", sizeof prefix - strlen(prefix) - 1);

    assert_int_equal(pipe(pipefd), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(pipefd[1], 1);
        dup2(pipefd[1], 2);
        close(pipefd[0]);
        setenv("WINEPREFIX", prefix, 1);
        setenv("WINEDEBUG", "-all", 1);
        setenv("WINEDLLOVERRIDES", "mscoree,mshtml=", 1);
        unsetenv("DISPLAY");
        unsetenv("LD_PRELOAD");
        execlp("wine", "wine", exe, (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    /* Bounded: the first run may create the Wine prefix, which takes a while. */
    fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
    for (;;) {
        struct pollfd pfd = { pipefd[0], POLLIN, 0 };
        ssize_t r;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            while (n < sizeof out - 1 && (r = read(pipefd[0], out + n, sizeof out - 1 - n)) > 0)
                n += (size_t)r;
            break;
        }
        if (waited > 10 * PT_WAIT_MS) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            fail_msg("wine did not finish within %d ms", 10 * PT_WAIT_MS);
        }
        if (poll(&pfd, 1, 100) <= 0) {
            waited += 100;
            continue;
        }
        r = read(pipefd[0], out + n, sizeof out - 1 - n);
        if (r > 0) n += (size_t)r;
        if (n >= sizeof out - 1) n = 0;    /* keep the tail only */
    }
    close(pipefd[0]);
    out[n] = '\0';
    printf("%s", out);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_non_null(strstr(out, "0 failed"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_windows_build_under_wine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
