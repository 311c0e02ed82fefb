/*
 * tests/unit/fuzz_h323_h245ctl.c - libFuzzer target for the H.245 control session
 * (tsp-h323/engine/h245ctl.c) and the fast start answer (engine/faststart.c).
 *
 * Input: octet 0 picks the setting (bit 0: the session is first brought to READY with an
 * open channel each way by a canned well-behaved peer; bit 1: started fast; bit 2: our
 * RTP address is unknown until the end); the rest is a sequence of PDUs, each an octet
 * of length followed by that many octets (the last one takes what is left). Each PDU
 * goes to h245ctl_input with the clock advancing, timers run between PDUs, and the
 * session is then driven through DTMF, round trip, set_media, end and every timer. The
 * same PDUs are offered as fast start proposals to h323_fs_answer and, as an answer, to
 * h323_fs_accepted.
 *
 * Besides never crashing, reading out of bounds or leaking: h245ctl_input returns 0 or a
 * PER_E_* code; every PDU the session sends decodes; every event has a known type; a
 * FAILED or LOG event has a text; the deadline is never in the past after a tick.
 */
#include "engine/faststart.h"
#include "engine/h245ctl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t g_scratch[H245_ARENA_SIZE], g_check[H245_ARENA_SIZE];

static int fz_send(void *ctx, const uint8_t *pdu, size_t len)
{
    (void)ctx;
    per_arena a;
    per_arena_init(&a, g_check, sizeof g_check);
    h245_msg m;
    size_t used;
    if (h245_decode(pdu, len, &m, &a, &used, NULL) != 0 || used != len) abort();
    return 0;
}

static void fz_event(void *ctx, const h245ctl_event *ev)
{
    (void)ctx;
    if (ev->type > H245CTL_EV_RTD) abort();
    if ((ev->type == H245CTL_EV_FAILED || ev->type == H245CTL_EV_LOG) && (!ev->u.text || !ev->u.text[0])) abort();
}

static uint32_t fz_random(void *ctx)
{
    (void)ctx;
    return 1000;
}

static void feed(h245ctl *s, const h245_msg *m, uint64_t now)
{
    uint8_t buf[2048];
    size_t n;
    if (h245_encode(m, buf, sizeof buf, &n, NULL) || h245ctl_input(s, buf, n, now)) abort();
}

/* The peer of test_h323_h245ctl: TCS, MSD (number 2000: we are master), its Ack of ours,
 * the Ack of our TCS and an OpenLogicalChannel; then it acks ours. */
static void canned_peer(h245ctl *s)
{
    h245_msg m;
    h245_tcs_store st;
    h245_audio_cap ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20);
    h245_capability caps[] = { h245_cap_audio(H245_CAP_RX_AUDIO, &ulaw),
                               h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_DTMF) };
    if (h245_msg_tcs(&m, &st, 1, 60, caps, 2)) abort();
    feed(s, &m, 1);
    h245_msg_msd(&m, H245_TERMINAL_TYPE_TERMINAL, 2000);
    feed(s, &m, 1);
    h245_msg_msd_ack(&m, H245_MSD_MASTER);
    feed(s, &m, 2);
    h245_msg_tcs_ack(&m, 1);
    feed(s, &m, 2);
    h245_transport_addr rtp = h245_addr_ip4((const uint8_t[]){ 10, 0, 0, 2 }, 6000);
    h245_transport_addr rtcp = h245_addr_ip4((const uint8_t[]){ 10, 0, 0, 2 }, 6001);
    h245_olc o;
    h245_olc_audio_tx(&o, 7, &ulaw, 1, &rtcp, false);
    h245_msg_olc(&m, &o);
    feed(s, &m, 3);
    h245_msg_olc_ack(&m, 1, 1, &rtp, &rtcp);
    feed(s, &m, 3);
    if (!h245ctl_ready(s) || !h245ctl_channel(s, H323_DIR_TX, NULL)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t mode = data[0];
    data++;
    size--;
    const uint32_t codecs[] = { H245_AUDIO_G711_ULAW64K, H245_AUDIO_G711_ALAW64K };
    const h323_addr rtp = { 4, { 10, 0, 0, 1 }, 5000 };
    h245ctl_config cfg = { .terminal_type = 50, .codecs = codecs, .ncodecs = 2, .frames_per_packet = 20,
                           .timeout_ms = 100, .media = (mode & 4) ? (h323_addr){ 0 } : rtp,
                           .scratch = g_scratch, .scratch_size = sizeof g_scratch, .random = fz_random };
    const h245ctl_ops ops = { fz_send, fz_event };
    h245ctl *s = h245ctl_new(&cfg, &ops, NULL);
    if (!s) abort();
    uint64_t now = 0;
    h245ctl_start(s, mode & 2, now);
    if ((mode & 1) && !(mode & 6)) canned_peer(s);

    /* the PDUs, each into a heap copy of its exact size */
    per_octets olcs[H323_FS_MAX_OLCS];
    size_t nolcs = 0;
    while (size) {
        size_t len = data[0];
        data++;
        size--;
        if (len > size || (len == 0 && size)) len = size;
        uint8_t *pdu = malloc(len ? len : 1);
        if (!pdu) abort();
        memcpy(pdu, data, len);
        int rc = h245ctl_input(s, pdu, len, now);
        if (rc > 0 || rc < PER_E_INVALID) abort();
        free(pdu);
        if (nolcs < H323_FS_MAX_OLCS) olcs[nolcs++] = (per_octets){ (uint32_t)len, data };
        data += len;
        size -= len;
        now += 7;
        h245ctl_tick(s, now);
        if (h245ctl_next_deadline(s) <= now) abort();
    }
    h245ctl_send_dtmf(s, '5', 100, now);
    h245ctl_round_trip(s, now);
    h245ctl_request_close(s, now);
    h245ctl_set_media(s, &rtp);
    h323_media_channel ch;
    h245ctl_channel(s, H323_DIR_TX, &ch);
    h245ctl_channel(s, H323_DIR_RX, &ch);
    h245ctl_end(s, now);
    for (int i = 0; i < 4; i++) {
        uint64_t t = h245ctl_next_deadline(s);
        if (t == UINT64_MAX) break;
        h245ctl_tick(s, t);
    }
    h245ctl_free(s);

    /* the same octets as fast start proposals, and as an answer */
    static uint8_t buf[1 << 14];
    per_octets ans[H323_FS_MAX_OLCS];
    h323_media_channel chs[2];
    size_t nans, nch;
    h323_fs_media m = { codecs, 2, 20, rtp };
    int rc = h323_fs_answer(olcs, nolcs, &m, g_scratch, sizeof g_scratch, buf, sizeof buf, ans,
                            H323_FS_MAX_OLCS, &nans, chs, &nch);
    if (rc == 0 && (nans == 0 || nans > 2 || nch != nans)) abort();
    if (rc == 0) {
        size_t ncr;
        h323_media_channel cr[2];
        int rc2 = h323_fs_accepted(ans, nans, &m, g_scratch, sizeof g_scratch, cr, &ncr);
        if (rc2 < 0) abort();      /* our own answer always decodes */
    }
    h323_fs_accepted(olcs, nolcs, &m, g_scratch, sizeof g_scratch, chs, &nch);
    return 0;
}
