/*
 * tests/ports/mockacm.h - an emulated USB CDC-ACM modem for the tsp-unimodem port tests,
 * built on umockdev (Debian libumockdev-dev).
 *
 * The device's sysfs entry comes from the recorded description tests/ports/cdc-acm-modem.umockdev
 * (vid:pid 0572:1329, serial SN0001; a Communications interface of the Abstract Control
 * Model with an interrupt IN endpoint 83h, and a Data interface with bulk OUT 01h and bulk IN
 * 82h). libusb finds it there as it finds a real device, opens /dev/bus/usb/001/002 and talks
 * usbfs ioctls to it; umockdev hands each ioctl to mock_acm's handler, which plays the device:
 *
 *  - control transfers: GET_DESCRIPTOR(STRING) for the serial number; the CDC class requests
 *    SET_LINE_CODING and SET_CONTROL_LINE_STATE (recorded for the test to check);
 *  - bulk OUT: the bytes the host wrote, collected;
 *  - bulk IN and interrupt IN: URBs wait until the test pushes modem output
 *    (mock_acm_send) or a SERIAL_STATE notification (mock_acm_serial_state);
 *  - mock_acm_unplug: pending URBs end as the kernel ends them on a disconnect (ESHUTDOWN)
 *    and every later usbfs call fails with ENODEV.
 *
 * Why not umockdev-run with a recorded ioctl script: replaying a script is strictly
 * sequential, and a CDC-ACM driver keeps bulk IN and interrupt IN URBs in flight while it
 * sends control and bulk OUT transfers; the replay cannot know when to complete them. This
 * emulation follows libusb's own umockdev tests (libusb tests/umockdev.c). The program must
 * run under libumockdev-preload (pt_run_under_umockdev).
 */
#ifndef MOCKACM_H
#define MOCKACM_H

#include "porttest.h"

#include <pthread.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <umockdev.h>

#define MOCK_ACM_DEV "/dev/bus/usb/001/002"
#define MOCK_ACM_SYS "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-4"
#define MOCK_ACM_MAX_URBS 64
#define MOCK_ACM_BUF 65536

typedef struct mock_urb {
    UMockdevIoctlData *urb;       /* the client's struct usbdevfs_urb (a local copy) */
    UMockdevIoctlData *buf;       /* its buffer (a local copy) */
} mock_urb;

typedef struct mock_acm {
    UMockdevIoctlBase *handler;
    pthread_mutex_t mu;
    mock_urb pending[MOCK_ACM_MAX_URBS];   /* IN URBs waiting for data */
    size_t npending;
    mock_urb done[MOCK_ACM_MAX_URBS];      /* completed, for the host to reap */
    size_t ndone;
    unsigned char to_host[MOCK_ACM_BUF];   /* bulk IN data not yet delivered */
    size_t to_host_len;
    unsigned char from_host[MOCK_ACM_BUF]; /* bulk OUT data received */
    size_t from_host_len;
    unsigned char notify[16][10];          /* SERIAL_STATE notifications queued */
    size_t nnotify;
    unsigned char line_coding[7];          /* the last SET_LINE_CODING */
    unsigned line_codings;
    char control_states[128];              /* SET_CONTROL_LINE_STATE values, as digits */
    unsigned claimed;                      /* bit per interface */
    bool unplugged;
    unsigned ioctls, unknown_ioctls;
    unsigned long last_unknown;            /* the request number of the last one */
} mock_acm;

/* Moves a pending URB to the reap queue with status and the bytes given. Under mu. */
static void mock__complete(mock_acm *m, mock_urb u, int status, const void *data, size_t n)
{
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *)u.urb->data;
    if (data && n) memcpy(u.buf->data, data, n);
    urb->actual_length = (int)n;
    urb->status = status;
    if (m->ndone < MOCK_ACM_MAX_URBS) m->done[m->ndone++] = u;
}

/* Feeds pending IN URBs from what the test queued. Under mu. */
static void mock__deliver(mock_acm *m)
{
    size_t i = 0;
    while (i < m->npending) {
        mock_urb u = m->pending[i];
        struct usbdevfs_urb *urb = (struct usbdevfs_urb *)u.urb->data;
        bool taken = false;
        if (m->unplugged) {
            mock__complete(m, u, -ESHUTDOWN, NULL, 0);
            taken = true;
        } else if (urb->type == USBDEVFS_URB_TYPE_BULK && m->to_host_len > 0) {
            size_t n = m->to_host_len < (size_t)urb->buffer_length ? m->to_host_len
                                                                   : (size_t)urb->buffer_length;
            mock__complete(m, u, 0, m->to_host, n);
            memmove(m->to_host, m->to_host + n, m->to_host_len - n);
            m->to_host_len -= n;
            taken = true;
        } else if (urb->type == USBDEVFS_URB_TYPE_INTERRUPT && m->nnotify > 0) {
            mock__complete(m, u, 0, m->notify[0], 10);
            memmove(m->notify[0], m->notify[1], (m->nnotify - 1) * sizeof m->notify[0]);
            m->nnotify--;
            taken = true;
        }
        if (taken) m->pending[i] = m->pending[--m->npending];
        else i++;
    }
}

/* A control transfer: setup packet in the first 8 bytes of the buffer (USB 2.0 9.3). */
static void mock__control(mock_acm *m, mock_urb u)
{
    unsigned char *b = u.buf->data;
    unsigned type = b[0], req = b[1], value = b[2] | b[3] << 8, index = b[4] | b[5] << 8;
    unsigned len = b[6] | b[7] << 8;
    (void)index;
    if (type == 0x80 && req == 6 && (value >> 8) == 3) {         /* GET_DESCRIPTOR(STRING) */
        static const unsigned char langs[] = { 4, 3, 0x09, 0x04 };
        unsigned char sn[2 + 2 * 6];
        const char *text = "SN0001";
        size_t i, n;
        if ((value & 0xff) == 0) {
            n = len < sizeof langs ? len : sizeof langs;
            memcpy(b + 8, langs, n);
        } else if ((value & 0xff) == 3) {
            sn[0] = sizeof sn;
            sn[1] = 3;
            for (i = 0; i < 6; i++) sn[2 + 2 * i] = (unsigned char)text[i], sn[3 + 2 * i] = 0;
            n = len < sizeof sn ? len : sizeof sn;
            memcpy(b + 8, sn, n);
        } else {
            mock__complete(m, u, -EPIPE, NULL, 0);
            return;
        }
        mock__complete(m, u, 0, NULL, n);   /* usbfs counts the data stage only */
        return;
    }
    if (type == 0x21 && req == 0x20 && len == 7) {                /* SET_LINE_CODING */
        memcpy(m->line_coding, b + 8, 7);
        m->line_codings++;
        mock__complete(m, u, 0, NULL, 7);
        return;
    }
    if (type == 0x21 && req == 0x22) {                            /* SET_CONTROL_LINE_STATE */
        size_t k = strlen(m->control_states);
        if (k + 1 < sizeof m->control_states) {
            m->control_states[k] = (char)('0' + (value & 3));
            m->control_states[k + 1] = '\0';
        }
        mock__complete(m, u, 0, NULL, 0);
        return;
    }
    mock__complete(m, u, -EPIPE, NULL, 0);                         /* anything else: stall */
}

static gboolean mock__on_ioctl(UMockdevIoctlBase *h, UMockdevIoctlClient *c, gpointer user)
{
    mock_acm *m = user;
    unsigned long req = umockdev_ioctl_client_get_request(c);
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(c);
    (void)h;
    pthread_mutex_lock(&m->mu);
    m->ioctls++;
    if (m->unplugged && req != USBDEVFS_REAPURB && req != USBDEVFS_REAPURBNDELAY &&
        req != USBDEVFS_DISCARDURB && req != USBDEVFS_RELEASEINTERFACE) {
        pthread_mutex_unlock(&m->mu);
        umockdev_ioctl_client_complete(c, -1, ENODEV);
        return TRUE;
    }
    switch (req) {
    case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(uint32_t), NULL);
        uint32_t caps = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                        USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
        memcpy(d->data, &caps, sizeof caps);
        pthread_mutex_unlock(&m->mu);
        umockdev_ioctl_client_complete(c, 0, 0);
        g_object_unref(d);
        return TRUE;
    }
    case USBDEVFS_DISCONNECT_CLAIM:    /* what libusb's auto-detach uses: no driver to detach */
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(unsigned), NULL);
        unsigned i;
        memcpy(&i, d->data, sizeof i);
        if (i < 32) {
            if (req != USBDEVFS_RELEASEINTERFACE) m->claimed |= 1u << i;
            else m->claimed &= ~(1u << i);
        }
        pthread_mutex_unlock(&m->mu);
        umockdev_ioctl_client_complete(c, 0, 0);
        g_object_unref(d);
        return TRUE;
    }
    case USBDEVFS_IOCTL:
        /* GETDRIVER/DISCONNECT for the kernel driver: there is none bound. */
        pthread_mutex_unlock(&m->mu);
        umockdev_ioctl_client_complete(c, -1, ENODATA);
        return TRUE;
    case USBDEVFS_GETDRIVER:
        pthread_mutex_unlock(&m->mu);
        umockdev_ioctl_client_complete(c, -1, ENODATA);
        return TRUE;
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESETEP:
    case USBDEVFS_SETINTERFACE:
        pthread_mutex_unlock(&m->mu);
        umockdev_ioctl_client_complete(c, 0, 0);
        return TRUE;
    case USBDEVFS_SUBMITURB: {
        mock_urb u;
        struct usbdevfs_urb *urb;
        u.urb = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
        urb = (struct usbdevfs_urb *)u.urb->data;
        u.buf = umockdev_ioctl_data_resolve(u.urb, offsetof(struct usbdevfs_urb, buffer),
                                            (gsize)urb->buffer_length, NULL);
        g_object_ref(u.urb);   /* kept until reaped */
        if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
            mock__control(m, u);
        } else if (!(urb->endpoint & 0x80)) {                      /* bulk OUT */
            size_t n = (size_t)urb->buffer_length;
            if (n > sizeof m->from_host - m->from_host_len) n = sizeof m->from_host - m->from_host_len;
            memcpy(m->from_host + m->from_host_len, u.buf->data, n);
            m->from_host_len += n;
            mock__complete(m, u, 0, NULL, (size_t)urb->buffer_length);
        } else if (m->npending < MOCK_ACM_MAX_URBS) {               /* IN: wait for data */
            m->pending[m->npending++] = u;
            mock__deliver(m);
        }
        pthread_mutex_unlock(&m->mu);
        umockdev_ioctl_client_complete(c, 0, 0);
        return TRUE;
    }
    case USBDEVFS_DISCARDURB: {
        size_t i;
        bool found = false;
        for (i = 0; i < m->npending && !found; i++) {
            if (m->pending[i].urb->client_addr == (gulong) * (void **)arg->data) {
                mock__complete(m, m->pending[i], -ENOENT, NULL, 0);
                m->pending[i] = m->pending[--m->npending];
                found = true;
            }
        }
        pthread_mutex_unlock(&m->mu);
        umockdev_ioctl_client_complete(c, found ? 0 : -1, found ? 0 : EINVAL);
        return TRUE;
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
        if (m->ndone > 0) {
            mock_urb u = m->done[0];
            UMockdevIoctlData *ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL);
            memmove(m->done, m->done + 1, (m->ndone - 1) * sizeof m->done[0]);
            m->ndone--;
            umockdev_ioctl_data_set_ptr(ptr, 0, u.urb);
            pthread_mutex_unlock(&m->mu);
            umockdev_ioctl_client_complete(c, 0, 0);
            g_object_unref(ptr);
            g_object_unref(u.urb);
            return TRUE;
        }
        {
            bool gone = m->unplugged && m->npending == 0;
            pthread_mutex_unlock(&m->mu);
            /* The emulated node is always "ready": libusb's event loop would spin on EAGAIN,
             * so each empty reap takes a millisecond. */
            if (!gone) g_usleep(1000);
            umockdev_ioctl_client_complete(c, -1, gone ? ENODEV : EAGAIN);
        }
        return TRUE;
    }
    default:
        m->unknown_ioctls++;
        m->last_unknown = req;
        pthread_mutex_unlock(&m->mu);
        umockdev_ioctl_client_complete(c, -1, ENOTTY);
        return TRUE;
    }
}

/* Adds the device (description from desc_file) to the testbed. Returns 0 or -1. */
static inline int mock_acm_add(UMockdevTestbed *tb, mock_acm *m, const char *desc_file)
{
    GError *err = NULL;
    memset(m, 0, sizeof *m);
    pthread_mutex_init(&m->mu, NULL);
    m->handler = umockdev_ioctl_base_new();
    g_signal_connect(m->handler, "handle-ioctl", G_CALLBACK(mock__on_ioctl), m);
    /* The handler first, so the device is never there without it. */
    if (!umockdev_testbed_attach_ioctl(tb, MOCK_ACM_DEV, m->handler, &err) ||
        !umockdev_testbed_add_from_file(tb, desc_file, &err)) {
        fprintf(stderr, "umockdev: %s\n", err ? err->message : "cannot add the device");
        if (err) g_error_free(err);
        return -1;
    }
    return 0;
}

static inline void mock_acm_remove(UMockdevTestbed *tb, mock_acm *m)
{
    size_t i;
    umockdev_testbed_remove_device(tb, MOCK_ACM_SYS);
    umockdev_testbed_detach_ioctl(tb, MOCK_ACM_DEV, NULL);
    pthread_mutex_lock(&m->mu);
    for (i = 0; i < m->npending; i++) g_object_unref(m->pending[i].urb);
    for (i = 0; i < m->ndone; i++) g_object_unref(m->done[i].urb);
    m->npending = m->ndone = 0;
    pthread_mutex_unlock(&m->mu);
    g_object_unref(m->handler);
    pthread_mutex_destroy(&m->mu);
}

/* The modem sends n bytes to the host (bulk IN). */
static inline void mock_acm_send(mock_acm *m, const void *data, size_t n)
{
    pthread_mutex_lock(&m->mu);
    if (n > sizeof m->to_host - m->to_host_len) n = sizeof m->to_host - m->to_host_len;
    memcpy(m->to_host + m->to_host_len, data, n);
    m->to_host_len += n;
    mock__deliver(m);
    pthread_mutex_unlock(&m->mu);
}

/* A SERIAL_STATE notification (PSTN 1.2 6.5.4): bits D0 DCD, D1 DSR, D3 RI. */
static inline void mock_acm_serial_state(mock_acm *m, unsigned bits)
{
    const unsigned char n[10] = { 0xa1, 0x20, 0, 0, 0, 0, 2, 0, (unsigned char)bits,
                                  (unsigned char)(bits >> 8) };
    pthread_mutex_lock(&m->mu);
    if (m->nnotify < 16) memcpy(m->notify[m->nnotify++], n, sizeof n);
    mock__deliver(m);
    pthread_mutex_unlock(&m->mu);
}

/* The device is pulled out. */
static inline void mock_acm_unplug(mock_acm *m)
{
    pthread_mutex_lock(&m->mu);
    m->unplugged = true;
    mock__deliver(m);
    pthread_mutex_unlock(&m->mu);
}

/* How many bytes queued by mock_acm_send the host has not taken yet. */
static inline size_t mock_acm_unsent(mock_acm *m)
{
    size_t n;
    pthread_mutex_lock(&m->mu);
    n = m->to_host_len;
    pthread_mutex_unlock(&m->mu);
    return n;
}

/* Copies what the host wrote so far (up to size) and returns its length. */
static inline size_t mock_acm_received(mock_acm *m, void *buf, size_t size)
{
    size_t n;
    pthread_mutex_lock(&m->mu);
    n = m->from_host_len < size ? m->from_host_len : size;
    memcpy(buf, m->from_host, n);
    pthread_mutex_unlock(&m->mu);
    return n;
}

static inline void mock_acm_state(mock_acm *m, unsigned char coding[7], char *states, size_t size,
                                  unsigned *claimed)
{
    pthread_mutex_lock(&m->mu);
    if (coding) memcpy(coding, m->line_coding, 7);
    if (states) snprintf(states, size, "%s", m->control_states);
    if (claimed) *claimed = m->claimed;
    pthread_mutex_unlock(&m->mu);
}

#endif /* MOCKACM_H */
