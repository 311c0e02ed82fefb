/*
 * tests/ports/mocktty.h - an emulated serial port for the tsp-unimodem port tests, built on
 * umockdev (Debian libumockdev-dev): a tty device "ttyUSBn" under a usb-serial parent in the
 * testbed's /sys, whose /dev node is a pseudo-terminal (umockdev creates it; the test holds
 * the master). Data and termios are the pty's own. The modem-control ioctls, which a pty
 * does not have (TIOCMGET/TIOCMSET/TIOCMBIS/TIOCMBIC fail with ENOTTY), are answered here, so
 * a test sees DTR/RTS as the program under test set them and sets DCD/RI/DSR/CTS itself.
 *
 * This is what makes libserialport open it (it looks the port up in /sys/class/tty) and what
 * lets ser2net (run under the same testbed) drive DTR/RTS and report the modem state.
 * The program must run under libumockdev-preload (pt_run_under_umockdev).
 */
#ifndef MOCKTTY_H
#define MOCKTTY_H

#include "porttest.h"

#include <pthread.h>
#include <sys/ioctl.h>
#include <umockdev.h>

#define MT_TRAIL_MAX 64

typedef struct mt_tty {
    UMockdevIoctlBase *handler;
    int master;                 /* umockdev's pty master for the device */
    char dev[32];               /* "/dev/ttyUSB0" */
    char sys[128];              /* its /sys path */
    pthread_mutex_t mu;
    int lines;                  /* TIOCM_* bits as the "device" sees them */
    char trail[MT_TRAIL_MAX];   /* DTR history: '1' raised, '0' dropped, one per change */
    size_t trail_len;
    unsigned ioctls;            /* modem-control ioctls handled */
} mt_tty;

static void mt__trail(mt_tty *t, int before)
{
    if (((before ^ t->lines) & TIOCM_DTR) && t->trail_len + 1 < MT_TRAIL_MAX) {
        t->trail[t->trail_len++] = (t->lines & TIOCM_DTR) ? '1' : '0';
        t->trail[t->trail_len] = '\0';
    }
}

static gboolean mt__on_ioctl(UMockdevIoctlBase *h, UMockdevIoctlClient *c, gpointer user)
{
    mt_tty *t = user;
    unsigned long req = umockdev_ioctl_client_get_request(c);
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(c), *d;
    int v, before;
    (void)h;
    if (req != TIOCMGET && req != TIOCMSET && req != TIOCMBIS && req != TIOCMBIC) {
        /* Everything else (termios: TCGETS2, TCSETS, ...) is the pty's own: run it there. */
        int err = 0;
        glong r = umockdev_ioctl_client_execute(c, &err, NULL);
        umockdev_ioctl_client_complete(c, r, err);
        return TRUE;
    }
    d = umockdev_ioctl_data_resolve(arg, 0, sizeof(int), NULL);
    if (!d) return FALSE;
    pthread_mutex_lock(&t->mu);
    t->ioctls++;
    before = t->lines;
    memcpy(&v, d->data, sizeof v);
    /* Outputs are the program's to set; inputs the test's (kept as they are). */
    v &= TIOCM_DTR | TIOCM_RTS;
    if (req == TIOCMGET) memcpy(d->data, &t->lines, sizeof t->lines);
    else if (req == TIOCMBIS) t->lines |= v;
    else if (req == TIOCMBIC) t->lines &= ~v;
    else t->lines = (t->lines & ~(TIOCM_DTR | TIOCM_RTS)) | v;
    mt__trail(t, before);
    pthread_mutex_unlock(&t->mu);
    umockdev_ioctl_client_complete(c, 0, 0);
    g_object_unref(d);
    return TRUE;
}

/* Adds /dev/ttyUSB<n> to the testbed. Returns 0 or -1. */
static inline int mt_tty_add(UMockdevTestbed *tb, mt_tty *t, int n)
{
    char desc[1024];
    GError *err = NULL;
    memset(t, 0, sizeof *t);
    pthread_mutex_init(&t->mu, NULL);
    snprintf(t->dev, sizeof t->dev, "/dev/ttyUSB%d", n);
    snprintf(t->sys, sizeof t->sys, "/sys/devices/pci0000:00/usb1/1-%d/1-%d:1.0/ttyUSB%d/tty/ttyUSB%d",
             n + 1, n + 1, n, n);
    /* The device description (umockdev-record format): the tty and its usb-serial parent,
     * which is what libserialport's sysfs lookup walks. */
    snprintf(desc, sizeof desc,
             "P: /devices/pci0000:00/usb1/1-%d/1-%d:1.0/ttyUSB%d/tty/ttyUSB%d\n"
             "N: ttyUSB%d\n"
             "E: DEVNAME=/dev/ttyUSB%d\n"
             "E: SUBSYSTEM=tty\n"
             "\n"
             "P: /devices/pci0000:00/usb1/1-%d/1-%d:1.0/ttyUSB%d\n"
             "E: SUBSYSTEM=usb-serial\n"
             "E: DRIVER=ftdi_sio\n"
             "\n", n + 1, n + 1, n, n, n, n, n + 1, n + 1, n);
    t->handler = umockdev_ioctl_base_new();
    g_signal_connect(t->handler, "handle-ioctl", G_CALLBACK(mt__on_ioctl), t);
    if (!umockdev_testbed_add_from_string(tb, desc, &err)) {
        fprintf(stderr, "umockdev: %s\n", err ? err->message : "cannot add the tty");
        if (err) g_error_free(err);
        return -1;
    }
    if (!umockdev_testbed_attach_ioctl(tb, t->dev, t->handler, &err)) {
        fprintf(stderr, "umockdev: %s\n", err ? err->message : "cannot attach the handler");
        if (err) g_error_free(err);
        return -1;
    }
    t->master = umockdev_testbed_get_dev_fd(tb, t->dev);
    return t->master >= 0 ? 0 : -1;
}

static inline void mt_tty_remove(UMockdevTestbed *tb, mt_tty *t)
{
    umockdev_testbed_detach_ioctl(tb, t->dev, NULL);
    umockdev_testbed_remove_device(tb, t->sys);
    g_object_unref(t->handler);
    pthread_mutex_destroy(&t->mu);
}

/* Sets the inputs (TIOCM_CAR, TIOCM_RNG, TIOCM_DSR, TIOCM_CTS) the device reports. */
static inline void mt_tty_set_inputs(mt_tty *t, int bits)
{
    pthread_mutex_lock(&t->mu);
    t->lines = (t->lines & (TIOCM_DTR | TIOCM_RTS)) | bits;
    pthread_mutex_unlock(&t->mu);
}

static inline int mt_tty_lines(mt_tty *t)
{
    int v;
    pthread_mutex_lock(&t->mu);
    v = t->lines;
    pthread_mutex_unlock(&t->mu);
    return v;
}

/* The DTR history so far, into buf. */
static inline void mt_tty_trail(mt_tty *t, char *buf, size_t size)
{
    pthread_mutex_lock(&t->mu);
    snprintf(buf, size, "%s", t->trail);
    pthread_mutex_unlock(&t->mu);
}

/* The device disappears under the program: its pty master goes away, so the slave side is
 * hung up (reads 0 / EIO). The fd number stays taken (by /dev/null) for umockdev to close. */
static inline void mt_tty_vanish(mt_tty *t)
{
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    dup2(null, t->master);
    close(null);
}

#endif /* MOCKTTY_H */
