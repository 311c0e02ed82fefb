/*
 * tests/unit/test_h323_faststart.c - fast connect (tsp-h323/engine/faststart.c, H.323
 * 8.1.7): the caller's offer decoded and checked field by field; offer -> answer ->
 * accepted round trips for several mixes of caller and callee codec preferences, IPv4
 * and IPv6; nothing acceptable -> 1; malformed, truncated and foreign proposals; buffer,
 * count and scratch limits.
 */
#include "engine/faststart.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static uint8_t g_scratch[H245_ARENA_SIZE];

enum { ULAW = H245_AUDIO_G711_ULAW64K, ALAW = H245_AUDIO_G711_ALAW64K, G729 = H245_AUDIO_G729,
       G722 = H245_AUDIO_G722_64K, G7231 = H245_AUDIO_G7231 };

static const h323_addr CALLER = { 4, { 192, 0, 2, 1 }, 5000 };
static const h323_addr CALLEE = { 4, { 192, 0, 2, 2 }, 7000 };

typedef struct {
    uint8_t buf[4096];
    per_octets olcs[H323_FS_MAX_OLCS];
    size_t n;
} olc_set;

static h323_fs_media media(const uint32_t *codecs, size_t n, h323_addr rtp)
{
    return (h323_fs_media){ codecs, n, 20, rtp };
}

static void print_ch(const char *who, const h323_media_channel *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("  %s %s: codec %u frames %u lcn %u rtp :%u rtcp :%u\n", who,
               c[i].direction == H323_DIR_TX ? "tx" : "rx", c[i].codec, c[i].frames, c[i].lcn,
               c[i].rtp.port, c[i].rtcp.port);
}

static const h323_media_channel *find(const h323_media_channel *c, size_t n, uint8_t dir)
{
    for (size_t i = 0; i < n; i++)
        if (c[i].direction == dir) return &c[i];
    return NULL;
}

static void test_offer_contents(void **state)
{
    (void)state;
    static olc_set o;
    const uint32_t codecs[] = { ULAW, ALAW };
    h323_fs_media m = media(codecs, 2, CALLER);
    assert_int_equal(h323_fs_offer(&m, o.buf, sizeof o.buf, o.olcs, H323_FS_MAX_OLCS, &o.n), 0);
    assert_int_equal(o.n, 4);
    for (size_t i = 0; i < o.n; i++) {
        per_arena a;
        per_arena_init(&a, g_scratch, sizeof g_scratch);
        h245_olc olc;
        size_t used;
        assert_int_equal(h245_olc_decode(o.olcs[i].data, o.olcs[i].len, &olc, &a, &used, NULL), 0);
        assert_int_equal(used, o.olcs[i].len);
        printf("  proposal %zu: %u octets, lcn %u, forward %u, reverse %d\n", i, o.olcs[i].len,
               olc.forward_logical_channel_number, olc.forward.data_type.choice, olc.has_reverse);
        assert_int_equal(olc.forward_logical_channel_number, i + 1);
        uint32_t codec = codecs[i / 2];
        if (i % 2 == 0) {               /* we transmit: forward audio, our RTCP */
            assert_int_equal(olc.forward.data_type.choice, H245_DT_AUDIO);
            assert_int_equal(olc.forward.data_type.u.audio.choice, codec);
            assert_int_equal(olc.forward.data_type.u.audio.u.frames, 20);
            assert_false(olc.has_reverse);
            const h245_h2250_lcp *p = &olc.forward.multiplex_parameters.u.h2250;
            assert_int_equal(p->session_id, 1);
            assert_true(p->has_media_control_channel);
            assert_false(p->has_media_channel);
            assert_int_equal(p->media_control_channel.u.unicast.u.ip.tsap_identifier, 5001);
        } else {                        /* we receive: reverse audio, our RTP + RTCP */
            assert_int_equal(olc.forward.data_type.choice, H245_DT_NULL);
            assert_true(olc.has_reverse);
            assert_int_equal(olc.reverse.data_type.u.audio.choice, codec);
            const h245_h2250_lcp *p = &olc.reverse.multiplex_parameters.u.h2250;
            assert_int_equal(p->session_id, 1);
            assert_int_equal(p->media_channel.u.unicast.u.ip.tsap_identifier, 5000);
            assert_memory_equal(p->media_channel.u.unicast.u.ip.network, CALLER.ip, 4);
            assert_int_equal(p->media_control_channel.u.unicast.u.ip.tsap_identifier, 5001);
        }
    }
}

/* One round trip: returns h323_fs_answer's result; on 0 checks the callee's and the
 * caller's channels against each other and the expected codecs. */
static int round_trip(const uint32_t *caller, size_t ncaller, const uint32_t *callee, size_t ncallee,
                      h323_addr caller_rtp, h323_addr callee_rtp, uint32_t want_tx, uint32_t want_rx)
{
    static olc_set off, ans;
    h323_fs_media mc = media(caller, ncaller, caller_rtp), me = media(callee, ncallee, callee_rtp);
    assert_int_equal(h323_fs_offer(&mc, off.buf, sizeof off.buf, off.olcs, H323_FS_MAX_OLCS, &off.n), 0);
    h323_media_channel ce[2], cr[2];
    size_t nce = 9, ncr = 9;
    int rc = h323_fs_answer(off.olcs, off.n, &me, g_scratch, sizeof g_scratch, ans.buf, sizeof ans.buf, ans.olcs,
                            H323_FS_MAX_OLCS, &ans.n, ce, &nce);
    printf("  offer %zu proposals -> answer rc %d, %zu accepted\n", off.n, rc, ans.n);
    if (rc) {
        assert_int_equal(nce, 0);
        assert_int_equal(ans.n, 0);
        return rc;
    }
    print_ch("callee", ce, nce);
    assert_int_equal(h323_fs_accepted(ans.olcs, ans.n, &mc, g_scratch, sizeof g_scratch, cr, &ncr), 0);
    print_ch("caller", cr, ncr);
    assert_int_equal(nce, ans.n);
    assert_int_equal(ncr, nce);
    /* want_tx: what the caller sends (the callee's RX) */
    const h323_media_channel *c_tx = find(cr, ncr, H323_DIR_TX), *c_rx = find(cr, ncr, H323_DIR_RX);
    const h323_media_channel *e_tx = find(ce, nce, H323_DIR_TX), *e_rx = find(ce, nce, H323_DIR_RX);
    assert_non_null(c_tx);
    assert_non_null(c_rx);
    assert_non_null(e_tx);
    assert_non_null(e_rx);
    assert_int_equal(c_tx->codec, want_tx);
    assert_int_equal(e_rx->codec, want_tx);
    assert_int_equal(c_rx->codec, want_rx);
    assert_int_equal(e_tx->codec, want_rx);
    /* Where each side sends is where the other receives. */
    assert_memory_equal(&c_tx->rtp, &callee_rtp, sizeof callee_rtp);
    assert_memory_equal(&e_rx->rtp, &callee_rtp, sizeof callee_rtp);
    assert_int_equal(c_tx->rtcp.port, callee_rtp.port + 1);
    assert_memory_equal(&e_tx->rtp, &caller_rtp, sizeof caller_rtp);
    assert_memory_equal(&c_rx->rtp, &caller_rtp, sizeof caller_rtp);
    assert_int_equal(e_tx->rtcp.port, caller_rtp.port + 1);
    assert_int_equal(c_tx->lcn, e_rx->lcn);
    assert_int_equal(c_rx->lcn, 0);
    assert_int_equal(e_tx->lcn, 0);
    assert_int_equal(c_tx->session_id, 1);
    /* The answer's addresses as H.323 8.1.7.1 places them: in the proposal the caller
     * transmits on, the callee's mediaChannel and mediaControlChannel; in the one it
     * receives on, the callee's mediaControlChannel beside the caller's mediaChannel. */
    for (size_t i = 0; i < ans.n; i++) {
        per_arena a;
        per_arena_init(&a, g_scratch, sizeof g_scratch);
        h245_olc o;
        h323_addr got;
        assert_int_equal(h245_olc_decode(ans.olcs[i].data, ans.olcs[i].len, &o, &a, NULL, NULL), 0);
        bool fwd = !o.has_reverse;
        const h245_h2250_lcp *p = fwd ? &o.forward.multiplex_parameters.u.h2250 : &o.reverse.multiplex_parameters.u.h2250;
        assert_true(p->has_media_channel && p->has_media_control_channel);
        assert_true(h323_fs_addr_from_h245(&p->media_channel, &got));
        assert_memory_equal(&got, fwd ? &callee_rtp : &caller_rtp, sizeof got);
        assert_true(h323_fs_addr_from_h245(&p->media_control_channel, &got));
        assert_memory_equal(got.ip, callee_rtp.ip, 16);
        assert_int_equal(got.port, callee_rtp.port + 1);
    }
    return 0;
}

static void test_round_trips(void **state)
{
    (void)state;
    const uint32_t ua[] = { ULAW, ALAW }, au[] = { ALAW, ULAW }, a[] = { ALAW }, u[] = { ULAW };
    const uint32_t g9u[] = { G729, ULAW }, g2a[] = { G722, ALAW, G729 };
    /* the callee's preference decides */
    assert_int_equal(round_trip(ua, 2, ua, 2, CALLER, CALLEE, ULAW, ULAW), 0);
    assert_int_equal(round_trip(ua, 2, au, 2, CALLER, CALLEE, ALAW, ALAW), 0);
    assert_int_equal(round_trip(ua, 2, a, 1, CALLER, CALLEE, ALAW, ALAW), 0);
    assert_int_equal(round_trip(a, 1, ua, 2, CALLER, CALLEE, ALAW, ALAW), 0);
    assert_int_equal(round_trip(g9u, 2, u, 1, CALLER, CALLEE, ULAW, ULAW), 0);
    assert_int_equal(round_trip(g9u, 2, g2a, 3, CALLER, CALLEE, G729, G729), 0);
    /* IPv6 both ends */
    const h323_addr c6 = { 6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, 40000 };
    const h323_addr e6 = { 6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 }, 41000 };
    assert_int_equal(round_trip(au, 2, ua, 2, c6, e6, ULAW, ULAW), 0);
    /* nothing in common */
    assert_int_equal(round_trip(u, 1, a, 1, CALLER, CALLEE, 0, 0), 1);
    assert_int_equal(round_trip(g9u, 2, a, 1, CALLER, CALLEE, 0, 0), 1);
}

/* Proposals of another kind (video, another session, a reverse channel without an
 * address) are passed over; only the usable ones count. */
static void test_foreign_proposals(void **state)
{
    (void)state;
    static uint8_t buf[4096], out[4096];
    per_octets prop[4], ans[H323_FS_MAX_OLCS];
    size_t used = 0, n = 0, len;
    h245_transport_addr rtp = h245_addr_ip4(CALLER.ip, 5000);
    h245_audio_cap ulaw = h245_audio(ULAW, 20);
    h245_olc o;

    h245_olc_audio_tx(&o, 1, &ulaw, 1, &rtp, false);       /* video instead */
    o.forward.data_type.choice = H245_DT_VIDEO;
    o.forward.data_type.u.video.choice = H245_VIDEO_H261;
    o.forward.data_type.u.video.u.h261.has_qcif_mpi = true;
    o.forward.data_type.u.video.u.h261.qcif_mpi = 1;
    o.forward.data_type.u.video.u.h261.max_bit_rate = 600;
    assert_int_equal(h245_olc_encode(&o, buf + used, sizeof buf - used, &len, NULL), 0);
    prop[n++] = (per_octets){ (uint32_t)len, buf + used };
    used += len;
    h245_olc_audio_tx(&o, 2, &ulaw, 2, &rtp, false);       /* session 2 */
    assert_int_equal(h245_olc_encode(&o, buf + used, sizeof buf - used, &len, NULL), 0);
    prop[n++] = (per_octets){ (uint32_t)len, buf + used };
    used += len;
    h245_olc_audio_rx(&o, 3, &ulaw, 1, NULL, NULL);        /* no RTP to send to */
    assert_int_equal(h245_olc_encode(&o, buf + used, sizeof buf - used, &len, NULL), 0);
    prop[n++] = (per_octets){ (uint32_t)len, buf + used };
    used += len;
    const uint32_t u[] = { ULAW };
    h323_fs_media me = media(u, 1, CALLEE);
    h323_media_channel ch[2];
    size_t nans, nch;
    int rc = h323_fs_answer(prop, n, &me, g_scratch, sizeof g_scratch, out, sizeof out, ans, H323_FS_MAX_OLCS,
                            &nans, ch, &nch);
    printf("  3 unusable proposals -> %d\n", rc);
    assert_int_equal(rc, 1);

    h245_olc_audio_tx(&o, 4, &ulaw, 1, &rtp, false);       /* and one good one */
    assert_int_equal(h245_olc_encode(&o, buf + used, sizeof buf - used, &len, NULL), 0);
    prop[n++] = (per_octets){ (uint32_t)len, buf + used };
    rc = h323_fs_answer(prop, n, &me, g_scratch, sizeof g_scratch, out, sizeof out, ans, H323_FS_MAX_OLCS, &nans,
                        ch, &nch);
    print_ch("callee", ch, nch);
    assert_int_equal(rc, 0);
    assert_int_equal(nans, 1);
    assert_int_equal(nch, 1);
    assert_int_equal(ch[0].direction, H323_DIR_RX);
    assert_int_equal(ch[0].lcn, 4);
}

static void test_malformed(void **state)
{
    (void)state;
    static olc_set off, ans;
    const uint32_t ua[] = { ULAW, ALAW };
    h323_fs_media m = media(ua, 2, CALLER);
    assert_int_equal(h323_fs_offer(&m, off.buf, sizeof off.buf, off.olcs, H323_FS_MAX_OLCS, &off.n), 0);
    h323_media_channel ch[2];
    size_t nch;
    /* every truncation of the second proposal, each in an exactly-sized heap copy */
    per_octets p[4];
    memcpy(p, off.olcs, sizeof p);
    for (uint32_t cut = 0; cut < off.olcs[1].len; cut++) {
        uint8_t *heap = malloc(cut ? cut : 1);
        memcpy(heap, off.olcs[1].data, cut);
        p[1] = (per_octets){ cut, heap };
        int rc = h323_fs_answer(p, 4, &m, g_scratch, sizeof g_scratch, ans.buf, sizeof ans.buf, ans.olcs,
                                H323_FS_MAX_OLCS, &ans.n, ch, &nch);
        int rc2 = h323_fs_accepted(p, 4, &m, g_scratch, sizeof g_scratch, ch, &nch);
        free(heap);
        if (cut == 0 || cut == off.olcs[1].len - 1) printf("  cut at %u: answer %d, accepted %d\n", cut, rc, rc2);
        assert_true(rc < 0);
        assert_true(rc2 < 0);
        assert_int_equal(ans.n, 0);
    }
    /* garbage */
    const uint8_t junk[] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
    p[1] = (per_octets){ sizeof junk, junk };
    assert_true(h323_fs_answer(p, 4, &m, g_scratch, sizeof g_scratch, ans.buf, sizeof ans.buf, ans.olcs,
                               H323_FS_MAX_OLCS, &ans.n, ch, &nch) < 0);
    /* scratch too small */
    int rc = h323_fs_answer(off.olcs, off.n, &m, g_scratch, 64, ans.buf, sizeof ans.buf, ans.olcs,
                            H323_FS_MAX_OLCS, &ans.n, ch, &nch);
    printf("  64-octet scratch: %d\n", rc);
    assert_int_equal(rc, PER_E_ARENA);
    /* an answer accepting nothing we offered */
    const uint32_t g[] = { G729 };
    h323_fs_media mg = media(g, 1, CALLER);
    assert_int_equal(h323_fs_accepted(off.olcs, off.n, &mg, g_scratch, sizeof g_scratch, ch, &nch), 1);
    assert_int_equal(h323_fs_accepted(off.olcs, 0, &m, g_scratch, sizeof g_scratch, ch, &nch), 1);
}

static void test_limits(void **state)
{
    (void)state;
    static olc_set o;
    const uint32_t ua[] = { ULAW, ALAW }, g[] = { G7231 };
    h323_fs_media m = media(ua, 2, CALLER);
    assert_int_equal(h323_fs_offer(&m, o.buf, 20, o.olcs, H323_FS_MAX_OLCS, &o.n), PER_E_FULL);
    assert_int_equal(h323_fs_offer(&m, o.buf, sizeof o.buf, o.olcs, 3, &o.n), PER_E_LENGTH);
    h323_fs_media none = media(ua, 0, CALLER);
    assert_int_equal(h323_fs_offer(&none, o.buf, sizeof o.buf, o.olcs, H323_FS_MAX_OLCS, &o.n), PER_E_INVALID);
    h323_fs_media noaddr = media(ua, 2, (h323_addr){ 0 });
    assert_int_equal(h323_fs_offer(&noaddr, o.buf, sizeof o.buf, o.olcs, H323_FS_MAX_OLCS, &o.n), PER_E_INVALID);
    h323_fs_media g7231 = media(g, 1, CALLER);      /* not a frames-per-packet codec */
    assert_int_equal(h323_fs_offer(&g7231, o.buf, sizeof o.buf, o.olcs, H323_FS_MAX_OLCS, &o.n), PER_E_INVALID);
    /* answer into too few slots or too little buffer */
    assert_int_equal(h323_fs_offer(&m, o.buf, sizeof o.buf, o.olcs, H323_FS_MAX_OLCS, &o.n), 0);
    static uint8_t out[4096];
    per_octets ans[2];
    h323_media_channel ch[2];
    size_t nans, nch;
    assert_int_equal(h323_fs_answer(o.olcs, o.n, &m, g_scratch, sizeof g_scratch, out, sizeof out, ans, 1, &nans,
                                    ch, &nch), PER_E_LENGTH);
    assert_int_equal(h323_fs_answer(o.olcs, o.n, &m, g_scratch, sizeof g_scratch, out, 8, ans, 2, &nans, ch, &nch),
                     PER_E_FULL);
    /* addresses both ways */
    h245_transport_addr t;
    h323_addr back;
    assert_false(h323_fs_addr_to_h245(&(h323_addr){ 0 }, &t));
    assert_true(h323_fs_addr_to_h245(&CALLER, &t));
    assert_true(h323_fs_addr_from_h245(&t, &back));
    assert_memory_equal(&back, &CALLER, sizeof back);
    t.choice = H245_TA_MULTICAST;
    assert_false(h323_fs_addr_from_h245(&t, &back));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offer_contents),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_foreign_proposals),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
