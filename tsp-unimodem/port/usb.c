/*
 * port/usb.c - the usb: backend: a USB CDC-ACM modem driven directly through libusb-1.0
 * (loaded at run time, dynlib.h), with no kernel serial driver in between.
 *
 * References: "Universal Serial Bus Class Definitions for Communications Devices" 1.2 (CDC)
 * and "Universal Serial Bus Communications Class Subclass Specification for PSTN Devices" 1.2
 * (PSTN). What it does:
 *  - finds the device by vid:pid (and iSerialNumber with ?serial=), then the Communications
 *    interface (class 02h, CDC 4.2 Table 3) of subclass Abstract Control Model (02h, CDC 4.3
 *    Table 4), or the one ?interface= names; its Data interface (class 0Ah, CDC 4.5 Table 6)
 *    from the Union functional descriptor (CDC 5.2.3.2 Table 16), else the Call Management
 *    functional descriptor's bDataInterface (PSTN 5.3.1 Table 3), else the next interface;
 *  - claims both (detaching a kernel cdc_acm driver where the OS allows);
 *  - SET_LINE_CODING (PSTN 6.3.10, 20h, 7-byte Line Coding Structure of PSTN 6.3.11
 *    Table 17) and SET_CONTROL_LINE_STATE (PSTN 6.3.12 Table 18, 22h: D0 DTR, D1 RTS);
 *  - keeps bulk IN transfers and an interrupt IN transfer in flight, on a thread of its own
 *    that sleeps in libusb_handle_events_completed (no polling); data goes to a ring buffer
 *    the reader drains, SERIAL_STATE notifications (PSTN 6.5.4 Table 31, 20h: D0 bRxCarrier
 *    = DCD, D1 bTxCarrier = DSR, D3 bRingSignal = RI) to the line state;
 *  - writes with synchronous bulk OUT transfers.
 * A bulk IN transfer is in flight only while the ring has room for it and for every other
 * one in flight, so a slow reader makes the device NAK (USB flow control) instead of losing
 * data. The device gone
 * (LIBUSB_TRANSFER_NO_DEVICE, LIBUSB_ERROR_NO_DEVICE) is "vanished". CDC-ACM has no flow
 * control request and reports no CTS: flow control is USB's own, any ump_flow is accepted.
 */
#include "port_impl.h"
#include "dynlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBULK       2
#define BULK_SIZE   512
#define RING_SIZE   8192
#define INT_SIZE    64
#define CTRL_TIMEOUT_MS 1000

/* CDC 1.2 / PSTN 1.2 numbers. */
#define CDC_CLASS_COMM          0x02
#define CDC_SUBCLASS_ACM        0x02
#define CDC_CLASS_DATA          0x0a
#define CDC_CS_INTERFACE        0x24
#define CDC_FD_CALL_MANAGEMENT  0x01
#define CDC_FD_UNION            0x06
#define CDC_REQ_OUT             0x21   /* host to device, class, interface */
#define CDC_NOTIFY_IN           0xa1   /* device to host, class, interface */
#define PSTN_SET_LINE_CODING    0x20
#define PSTN_SET_CONTROL_LINE_STATE 0x22
#define PSTN_SERIAL_STATE       0x20

typedef struct usb {
    ump_usb_api u;
    umpusb_context *ctx;
    umpusb_device_handle *h;
    int comm_if, data_if;
    bool comm_claimed, data_claimed;
    uint8_t ep_in, ep_out, ep_int;
    int int_size;
    tspk_thread thread;
    bool thread_started;
    int stop;                           /* libusb_handle_events_completed's flag */
    atomic_bool stopping;

    tspk_mutex mu;                      /* everything below */
    tspk_cond cv;                       /* in_flight changed */
    ump_notifier ready;                 /* set while the reader has something to take */
    uint8_t ring[RING_SIZE];
    size_t head, count;
    struct umpusb_transfer *bulk[NBULK], *intr;
    bool parked[NBULK];                 /* completed, waiting for ring room */
    int in_flight;                      /* transfers submitted, callback not run yet */
    int bulk_reserved;                  /* bulk IN ones among them: count + reserved *
                                         * BULK_SIZE never exceeds RING_SIZE */
    bool closing;
    int failure;                        /* reported once the ring is drained */
    char failure_text[96];
    uint16_t serial_state;
    bool state_known, lines_changed;
    unsigned char bulk_buf[NBULK][BULK_SIZE];
    unsigned char int_buf[INT_SIZE];
} usb;

static int map_usb_error(int e, bool opening)
{
    switch (e) {
    case UMPUSB_ERROR_ACCESS: return UMP_EACCES;
    case UMPUSB_ERROR_NO_DEVICE: return opening ? UMP_ENOENT : UMP_EVANISHED;
    case UMPUSB_ERROR_NOT_FOUND: return UMP_ENOENT;
    case UMPUSB_ERROR_BUSY: return UMP_EBUSY;
    case UMPUSB_ERROR_TIMEOUT: return UMP_ETIMEDOUT;
    case UMPUSB_ERROR_NO_MEM: return UMP_ENOMEM;
    case UMPUSB_ERROR_NOT_SUPPORTED: return UMP_ENOTSUP;
    case UMPUSB_ERROR_INVALID_PARAM: return UMP_EINVAL;
    default: return UMP_EIO;
    }
}

static int usb_fail(ump_port *p, usb *s, int e, bool opening, const char *what)
{
    return ump__fail(p, map_usb_error(e, opening), "usb %04x:%04x: %s: %s", p->url.vid,
                     p->url.pid, what, s->u.error_name(e));
}

/* ---- transfers (callbacks run on the event thread) -------------------------------------- */

static void fill(struct umpusb_transfer *t, usb *s, uint8_t ep, unsigned char type,
                 unsigned char *buf, int len, umpusb_transfer_cb cb)
{
    t->dev_handle = s->h;
    t->flags = 0;
    t->endpoint = ep;
    t->type = type;
    t->timeout = 0;
    t->length = len;
    t->buffer = buf;
    t->callback = cb;
    t->user_data = s;
    t->num_iso_packets = 0;
}

/* Records why a transfer stopped (first reason wins) and wakes the reader. Under mu. */
static void stopped(usb *s, struct umpusb_transfer *t, int status)
{
    if (t != s->intr) s->bulk_reserved--;
    if (s->failure == 0 && status != UMPUSB_TRANSFER_CANCELLED) {
        s->failure = status == UMPUSB_TRANSFER_NO_DEVICE ? UMP_EVANISHED : UMP_EIO;
        snprintf(s->failure_text, sizeof s->failure_text, "%s",
                 status == UMPUSB_TRANSFER_NO_DEVICE ? "the device was disconnected"
                 : status == UMPUSB_TRANSFER_STALL ? "an endpoint stalled"
                 : status == UMPUSB_TRANSFER_OVERFLOW ? "the device sent more than asked for"
                 : "a transfer failed");
        ump__notifier_set(&s->ready);
    }
    s->in_flight--;
    tspk_cond_broadcast(&s->cv);
}

/* Resubmits t (decided under mu); on failure it no longer counts as in flight. */
static void resubmit(usb *s, struct umpusb_transfer *t)
{
    int rc = s->u.submit_transfer(t);
    if (rc == 0) return;
    tspk_mutex_lock(&s->mu);
    stopped(s, t, rc == UMPUSB_ERROR_NO_DEVICE ? UMPUSB_TRANSFER_NO_DEVICE : UMPUSB_TRANSFER_ERROR);
    tspk_mutex_unlock(&s->mu);
}

static void UMPUSB_CALL on_bulk_in(struct umpusb_transfer *t)
{
    usb *s = t->user_data;
    bool again = false;
    int i;
    tspk_mutex_lock(&s->mu);
    if (t->status == UMPUSB_TRANSFER_COMPLETED && !s->closing) {
        size_t n = (size_t)(t->actual_length > 0 ? t->actual_length : 0), k;
        /* Room for this transfer was reserved when it was submitted. */
        s->bulk_reserved--;
        for (k = 0; k < n && k < BULK_SIZE && s->count < RING_SIZE; k++)
            s->ring[(s->head + s->count++) % RING_SIZE] = t->buffer[k];
        if (n > 0) ump__notifier_set(&s->ready);
        again = s->count + (size_t)(s->bulk_reserved + 1) * BULK_SIZE <= RING_SIZE;
        if (again) {
            s->bulk_reserved++;
        } else {
            for (i = 0; i < NBULK; i++)
                if (s->bulk[i] == t) s->parked[i] = true;
            s->in_flight--;
            tspk_cond_broadcast(&s->cv);
        }
    } else {
        stopped(s, t, s->closing ? UMPUSB_TRANSFER_CANCELLED : t->status);
    }
    tspk_mutex_unlock(&s->mu);
    if (again) resubmit(s, t);
}

static void UMPUSB_CALL on_interrupt(struct umpusb_transfer *t)
{
    usb *s = t->user_data;
    bool again = false;
    tspk_mutex_lock(&s->mu);
    if (t->status == UMPUSB_TRANSFER_COMPLETED && !s->closing) {
        const unsigned char *b = t->buffer;
        /* PSTN 6.5.4: bmRequestType A1h, SERIAL_STATE, wLength 2, then the UART state. */
        if (t->actual_length >= 10 && b[0] == CDC_NOTIFY_IN && b[1] == PSTN_SERIAL_STATE) {
            uint16_t st = (uint16_t)(b[8] | b[9] << 8);
            if (!s->state_known || ((st ^ s->serial_state) & 0x0b)) {
                s->lines_changed = true;
                ump__notifier_set(&s->ready);
            }
            s->serial_state = st;
            s->state_known = true;
        }
        again = true;
    } else {
        stopped(s, t, s->closing ? UMPUSB_TRANSFER_CANCELLED : t->status);
    }
    tspk_mutex_unlock(&s->mu);
    if (again) resubmit(s, t);
}

static void event_thread(void *arg)
{
    usb *s = arg;
    while (!atomic_load(&s->stopping)) s->u.handle_events_completed(s->ctx, &s->stop);
}

/* ---- finding and claiming the device ------------------------------------------------------ */

/* The Data interface a Communications interface names in its functional descriptors
 * (CDC 5.2.3 Table 11: bLength, bDescriptorType CS_INTERFACE, bDescriptorSubtype, ...). */
static int data_interface_of(const struct umpusb_interface_descriptor *d)
{
    const unsigned char *x = d->extra;
    int n = d->extra_length, call_mgmt = -1;
    while (x && n >= 3) {
        int len = x[0];
        if (len < 3 || len > n) break;
        if (x[1] == CDC_CS_INTERFACE) {
            if (x[2] == CDC_FD_UNION && len >= 5) return x[4];        /* bSubordinateInterface0 */
            if (x[2] == CDC_FD_CALL_MANAGEMENT && len >= 5) call_mgmt = x[4]; /* bDataInterface */
        }
        x += len;
        n -= len;
    }
    return call_mgmt >= 0 ? call_mgmt : d->bInterfaceNumber + 1;
}

static int find_interfaces(ump_port *p, usb *s, const struct umpusb_config_descriptor *cfg)
{
    const struct umpusb_interface_descriptor *comm = NULL, *data = NULL;
    int i, e;
    for (i = 0; i < cfg->bNumInterfaces && !comm; i++) {
        const struct umpusb_interface_descriptor *d;
        if (cfg->interfaces[i].num_altsetting < 1) continue;
        d = &cfg->interfaces[i].altsetting[0];
        if (p->url.usb_interface >= 0 && d->bInterfaceNumber != p->url.usb_interface) continue;
        if (d->bInterfaceClass == CDC_CLASS_COMM && d->bInterfaceSubClass == CDC_SUBCLASS_ACM)
            comm = d;
    }
    if (!comm)
        return ump__fail(p, UMP_ENOTSUP, "usb %04x:%04x: no CDC-ACM communication interface%s "
                         "(class 02h subclass 02h)", p->url.vid, p->url.pid,
                         p->url.usb_interface >= 0 ? " with that number" : "");
    s->comm_if = comm->bInterfaceNumber;
    s->data_if = data_interface_of(comm);
    for (i = 0; i < cfg->bNumInterfaces && !data; i++) {
        const struct umpusb_interface_descriptor *d;
        int a;
        for (a = 0; a < cfg->interfaces[i].num_altsetting && !data; a++) {
            d = &cfg->interfaces[i].altsetting[a];
            /* The data interface's alternate setting with the two bulk endpoints. */
            if (d->bInterfaceNumber == s->data_if && d->bInterfaceClass == CDC_CLASS_DATA &&
                d->bNumEndpoints >= 2)
                data = d;
        }
    }
    if (!data)
        return ump__fail(p, UMP_ENOTSUP, "usb %04x:%04x: no CDC data interface %d (class 0Ah)",
                         p->url.vid, p->url.pid, s->data_if);
    for (e = 0; e < comm->bNumEndpoints; e++) {
        const struct umpusb_endpoint_descriptor *ep = &comm->endpoint[e];
        if ((ep->bmAttributes & 3) == UMPUSB_TRANSFER_TYPE_INTERRUPT &&
            (ep->bEndpointAddress & UMPUSB_ENDPOINT_IN)) {
            s->ep_int = ep->bEndpointAddress;
            s->int_size = ep->wMaxPacketSize < INT_SIZE ? ep->wMaxPacketSize : INT_SIZE;
        }
    }
    for (e = 0; e < data->bNumEndpoints; e++) {
        const struct umpusb_endpoint_descriptor *ep = &data->endpoint[e];
        if ((ep->bmAttributes & 3) != UMPUSB_TRANSFER_TYPE_BULK) continue;
        if (ep->bEndpointAddress & UMPUSB_ENDPOINT_IN) s->ep_in = ep->bEndpointAddress;
        else s->ep_out = ep->bEndpointAddress;
    }
    if (!s->ep_in || !s->ep_out)
        return ump__fail(p, UMP_ENOTSUP, "usb %04x:%04x: the data interface lacks bulk IN/OUT "
                         "endpoints", p->url.vid, p->url.pid);
    return UMP_OK;
}

/* Opens the first device with the URL's vid:pid (and serial number); *cfg is its active
 * configuration. */
static int find_device(ump_port *p, usb *s, struct umpusb_config_descriptor **cfg)
{
    umpusb_device **list = NULL;
    ptrdiff_t n, i;
    int rc = UMP_OK, last = 0, matched = 0;

    n = s->u.get_device_list(s->ctx, &list);
    if (n < 0) return usb_fail(p, s, (int)n, true, "listing devices");
    for (i = 0; i < n && !s->h; i++) {
        struct umpusb_device_descriptor d;
        umpusb_device_handle *h = NULL;
        if (s->u.get_device_descriptor(list[i], &d) != 0) continue;
        if (d.idVendor != p->url.vid || d.idProduct != p->url.pid) continue;
        matched++;
        last = s->u.open(list[i], &h);
        if (last != 0) continue;
        if (p->url.usb_serial[0]) {
            unsigned char sn[UMP_URL_SERIAL_MAX];
            int len = d.iSerialNumber
                ? s->u.get_string_descriptor_ascii(h, d.iSerialNumber, sn, (int)sizeof sn - 1) : -1;
            if (len < 0 || (size_t)len != strlen(p->url.usb_serial) ||
                memcmp(sn, p->url.usb_serial, (size_t)len) != 0) {
                s->u.close(h);
                last = UMPUSB_ERROR_NOT_FOUND;
                continue;
            }
        }
        last = s->u.get_active_config_descriptor(list[i], cfg);
        if (last != 0) {
            s->u.close(h);
            continue;
        }
        s->h = h;
    }
    s->u.free_device_list(list, 1);
    if (s->h) return UMP_OK;
    if (matched == 0 || last == UMPUSB_ERROR_NOT_FOUND)
        rc = ump__fail(p, UMP_ENOENT, "usb %04x:%04x%s%s: no such device", p->url.vid, p->url.pid,
                       p->url.usb_serial[0] ? " serial " : "", p->url.usb_serial);
    else
        rc = usb_fail(p, s, last, true, last == UMPUSB_ERROR_ACCESS
                      ? "opening (permission: a udev rule for the device?)" : "opening");
    return rc;
}

static int line_state(ump_port *p, usb *s, unsigned lines)
{
    uint16_t v = (uint16_t)(((lines & UMP_DTR) ? 1 : 0) | ((lines & UMP_RTS) ? 2 : 0));
    int rc = s->u.control_transfer(s->h, CDC_REQ_OUT, PSTN_SET_CONTROL_LINE_STATE, v,
                                   (uint16_t)s->comm_if, NULL, 0, CTRL_TIMEOUT_MS);
    return rc < 0 ? usb_fail(p, s, rc, false, "SET_CONTROL_LINE_STATE") : UMP_OK;
}

static int usb_set_coding(ump_port *p, const ump_coding *c)
{
    usb *s = p->impl;
    /* PSTN 6.3.11 Table 17: dwDTERate (little endian), bCharFormat (0: 1 stop bit,
     * 2: 2 stop bits), bParityType (0 none, 1 odd, 2 even, 3 mark, 4 space), bDataBits. */
    unsigned char lc[7] = { (unsigned char)c->baud, (unsigned char)(c->baud >> 8),
                            (unsigned char)(c->baud >> 16), (unsigned char)(c->baud >> 24),
                            (unsigned char)(c->stop_bits == 2 ? 2 : 0), (unsigned char)c->parity,
                            c->data_bits };
    int rc = s->u.control_transfer(s->h, CDC_REQ_OUT, PSTN_SET_LINE_CODING, 0,
                                   (uint16_t)s->comm_if, lc, sizeof lc, CTRL_TIMEOUT_MS);
    return rc < 0 ? usb_fail(p, s, rc, false, "SET_LINE_CODING") : UMP_OK;
}

static int usb_set_lines(ump_port *p, unsigned mask, unsigned values)
{
    return line_state(p, p->impl, (p->out_lines & ~mask) | (values & mask));
}

/* Cancels whatever is in flight and waits until every callback has run. A transfer the
 * event thread resubmits just as we cancel is caught by cancelling again. */
static void drain_transfers(usb *s)
{
    int i, rounds;
    tspk_mutex_lock(&s->mu);
    s->closing = true;
    tspk_mutex_unlock(&s->mu);
    for (rounds = 0; rounds < 100; rounds++) {
        bool done;
        for (i = 0; i < NBULK; i++)
            if (s->bulk[i]) s->u.cancel_transfer(s->bulk[i]);
        if (s->intr) s->u.cancel_transfer(s->intr);
        tspk_mutex_lock(&s->mu);
        if (s->in_flight > 0) tspk_cond_timedwait(&s->cv, &s->mu, 100);
        done = s->in_flight == 0;
        tspk_mutex_unlock(&s->mu);
        if (done) return;
    }
}

static void release(usb *s)
{
    int i;
    bool leak = false;
    if (s->thread_started) {
        drain_transfers(s);
        leak = s->in_flight > 0;   /* libusb never completed a cancel: do not free */
        atomic_store(&s->stopping, true);
        s->stop = 1;
        s->u.interrupt_event_handler(s->ctx);
        tspk_thread_join(&s->thread);
    }
    for (i = 0; i < NBULK && !leak; i++)
        if (s->bulk[i]) s->u.free_transfer(s->bulk[i]);
    if (s->intr && !leak) s->u.free_transfer(s->intr);
    if (s->data_claimed) s->u.release_interface(s->h, s->data_if);
    if (s->comm_claimed) s->u.release_interface(s->h, s->comm_if);
    if (s->h) s->u.close(s->h);
    if (s->ctx) s->u.exit(s->ctx);
    ump_usb_unload(&s->u);
    ump__notifier_free(&s->ready);
    tspk_cond_destroy(&s->cv);
    tspk_mutex_destroy(&s->mu);
    free(s);
}

static int start_transfers(ump_port *p, usb *s)
{
    int i, rc;
    for (i = 0; i < NBULK; i++) {
        s->bulk[i] = s->u.alloc_transfer(0);
        if (!s->bulk[i]) return ump__fail(p, UMP_ENOMEM, "usb: out of memory");
        fill(s->bulk[i], s, s->ep_in, UMPUSB_TRANSFER_TYPE_BULK, s->bulk_buf[i], BULK_SIZE, on_bulk_in);
    }
    if (s->ep_int) {
        s->intr = s->u.alloc_transfer(0);
        if (!s->intr) return ump__fail(p, UMP_ENOMEM, "usb: out of memory");
        fill(s->intr, s, s->ep_int, UMPUSB_TRANSFER_TYPE_INTERRUPT, s->int_buf, s->int_size,
             on_interrupt);
    }
    if (tspk_thread_create(&s->thread, event_thread, s) != 0)
        return ump__fail(p, UMP_ENOMEM, "usb: cannot start the event thread");
    s->thread_started = true;
    for (i = 0; i < NBULK + 1; i++) {
        struct umpusb_transfer *t = i < NBULK ? s->bulk[i] : s->intr;
        if (!t) continue;
        tspk_mutex_lock(&s->mu);
        s->in_flight++;
        if (t != s->intr) s->bulk_reserved++;
        tspk_mutex_unlock(&s->mu);
        rc = s->u.submit_transfer(t);
        if (rc != 0) {
            tspk_mutex_lock(&s->mu);
            stopped(s, t, UMPUSB_TRANSFER_CANCELLED);
            tspk_mutex_unlock(&s->mu);
            return usb_fail(p, s, rc, false, "starting transfers");
        }
    }
    return UMP_OK;
}

static int usb_open(ump_port *p)
{
    usb *s = calloc(1, sizeof *s);
    struct umpusb_config_descriptor *cfg = NULL;
    char msg[160];
    int rc;

    if (!s) return ump__fail(p, UMP_ENOMEM, "usb: out of memory");
    if (tspk_mutex_init(&s->mu) != 0 || tspk_cond_init(&s->cv) != 0) {
        free(s);
        return ump__fail(p, UMP_ENOMEM, "usb: out of resources");
    }
#ifndef _WIN32
    s->ready.rd = s->ready.wr = -1;
#endif
    atomic_init(&s->stopping, false);
    if ((rc = ump__notifier_init(&s->ready)) != UMP_OK) {
        release(s);
        return ump__fail(p, rc, "usb: out of resources");
    }
    if ((rc = ump_usb_load(&s->u, msg, sizeof msg)) != UMP_OK) {
        release(s);
        return ump__fail(p, rc, "usb: %s", msg);
    }
    /* A context of our own: no state shared with other ports or other libusb users. */
    if ((rc = s->u.init(&s->ctx)) != 0) {
        s->ctx = NULL;
        rc = usb_fail(p, s, rc, true, "libusb_init");
        goto fail;
    }
    if ((rc = find_device(p, s, &cfg)) != UMP_OK) goto fail;
    rc = find_interfaces(p, s, cfg);
    s->u.free_config_descriptor(cfg);
    if (rc) goto fail;
    /* Linux: a kernel cdc_acm driver is detached while we hold the interfaces and gets them
     * back when we release them; other OSes answer NOT_SUPPORTED, which is fine. */
    s->u.set_auto_detach_kernel_driver(s->h, 1);
    if ((rc = s->u.claim_interface(s->h, s->comm_if)) != 0) {
        rc = usb_fail(p, s, rc, true, "claiming the communication interface");
        goto fail;
    }
    s->comm_claimed = true;
    if ((rc = s->u.claim_interface(s->h, s->data_if)) != 0) {
        rc = usb_fail(p, s, rc, true, "claiming the data interface");
        goto fail;
    }
    s->data_claimed = true;
    p->impl = s;
    if ((rc = usb_set_coding(p, &p->coding)) != UMP_OK) goto fail;
    /* V.250 6.2.9: the DCE acts on DTR; raise it and RTS, as an opened port does. */
    if ((rc = line_state(p, s, UMP_DTR | UMP_RTS)) != UMP_OK) goto fail;
    p->out_lines = UMP_DTR | UMP_RTS;
    if ((rc = start_transfers(p, s)) != UMP_OK) goto fail;
    p->rd_obj = ump__notifier_object(&s->ready);
    return UMP_OK;
fail:
    release(s);
    p->impl = NULL;
    return rc;
}

static void usb_close(ump_port *p)
{
    usb *s = p->impl;
    if (!s) return;
    /* As a tty's HUPCL does: DTR and RTS drop when the port is closed. */
    if (s->h && atomic_load(&p->sticky) != UMP_EVANISHED) line_state(p, s, 0);
    release(s);
    p->impl = NULL;
}

static int usb_read_some(ump_port *p, void *buf, size_t len, bool *lines_changed)
{
    usb *s = p->impl;
    struct umpusb_transfer *again[NBULK];
    int i, nagain = 0, failure = 0;
    size_t k = 0;
    char text[96];

    tspk_mutex_lock(&s->mu);
    while (k < len && s->count > 0) {
        ((uint8_t *)buf)[k++] = s->ring[s->head];
        s->head = (s->head + 1) % RING_SIZE;
        s->count--;
    }
    for (i = 0; i < NBULK && !s->closing && s->failure == 0; i++) {
        if (s->parked[i] && s->count + (size_t)(s->bulk_reserved + 1) * BULK_SIZE <= RING_SIZE) {
            s->parked[i] = false;
            s->in_flight++;
            s->bulk_reserved++;
            again[nagain++] = s->bulk[i];
        }
    }
    if (k == 0 && s->lines_changed) {
        *lines_changed = true;
        s->lines_changed = false;
    }
    if (k == 0 && s->count == 0 && s->failure) {
        failure = s->failure;
        snprintf(text, sizeof text, "%s", s->failure_text);
    }
    if (s->count == 0 && !s->lines_changed && !s->failure) ump__notifier_take(&s->ready);
    tspk_mutex_unlock(&s->mu);
    for (i = 0; i < nagain; i++) resubmit(s, again[i]);
    if (failure) return ump__fail(p, failure, "usb %04x:%04x: %s", p->url.vid, p->url.pid, text);
    return (int)k;
}

static int usb_write(ump_port *p, const void *buf, size_t len, int timeout_ms)
{
    usb *s = p->impl;
    int done = 0;
    /* libusb: timeout 0 waits forever; "do not wait" is the shortest wait, 1 ms. */
    unsigned t = timeout_ms < 0 ? 0u : timeout_ms == 0 ? 1u : (unsigned)timeout_ms;
    /* libusb does not write to an OUT transfer's buffer. */
    int rc = s->u.bulk_transfer(s->h, s->ep_out, (unsigned char *)(uintptr_t)buf, (int)len, &done, t);
    if (rc == UMPUSB_ERROR_TIMEOUT && done > 0) return done;
    if (rc < 0) return usb_fail(p, s, rc, false, "bulk OUT");
    return done;
}

static int usb_get_lines(ump_port *p, unsigned *values, unsigned *known)
{
    usb *s = p->impl;
    *known = UMP_DTR | UMP_RTS;
    *values = p->out_lines;
    tspk_mutex_lock(&s->mu);
    if (s->state_known) {
        *known |= UMP_DCD | UMP_DSR | UMP_RI;
        *values |= ((s->serial_state & 1) ? UMP_DCD : 0) | ((s->serial_state & 2) ? UMP_DSR : 0) |
                   ((s->serial_state & 8) ? UMP_RI : 0);
    }
    tspk_mutex_unlock(&s->mu);
    return UMP_OK;
}

const ump_backend ump__usb_backend = {
    "usb", usb_open, usb_close, usb_read_some, usb_write, usb_set_coding, usb_set_lines,
    usb_get_lines,
};
