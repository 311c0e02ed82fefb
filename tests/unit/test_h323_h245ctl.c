/*
 * tests/unit/test_h323_h245ctl.c - the H.245 control session (tsp-h323/engine/h245ctl.c):
 * two sessions wired back to back in memory (test_h323_h245ctl_pair.h), one master and
 * one slave, through capability exchange, master/slave determination, logical channels,
 * DTMF, round trip delay, channel close and end of session; every timer with a fake
 * clock; identical MSD numbers; crossing OpenLogicalChannels; codec choice; and what a
 * hostile or exotic peer sends (messages not described, garbage inside a PDU, channels
 * we cannot take, bad capability sets), fed to one session as encoded PDUs.
 */
#include "test_h323_h245ctl_pair.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const uint32_t ULAW_ALAW[] = { H245_AUDIO_G711_ULAW64K, H245_AUDIO_G711_ALAW64K };
static const uint32_t ALAW_ULAW[] = { H245_AUDIO_G711_ALAW64K, H245_AUDIO_G711_ULAW64K };
static const uint32_t ALAW[] = { H245_AUDIO_G711_ALAW64K };
static const uint32_t ULAW[] = { H245_AUDIO_G711_ULAW64K };
static const uint32_t G729[] = { H245_AUDIO_G729 };

static const char *const EVNAME[] = { "READY", "CHANNEL_OPEN", "CHANNEL_CLOSED", "USER_INPUT",
                                      "END_SESSION", "FAILED", "LOG", "RTD" };

static void show(const pair *p)
{
    for (int i = 0; i < 2; i++) {
        const pair_side *d = &p->side[i];
        printf("  %c: %zu PDUs sent, events:", 'A' + i, d->nsent);
        for (size_t k = 0; k < d->nev; k++) {
            const pair_event *e = &d->ev[k];
            printf(" %s", EVNAME[e->type]);
            if (e->type == H245CTL_EV_CHANNEL_OPEN || e->type == H245CTL_EV_CHANNEL_CLOSED)
                printf("(%s lcn %u codec %u)", e->ch.direction == H323_DIR_TX ? "tx" : "rx", e->ch.lcn, e->ch.codec);
            if (e->type == H245CTL_EV_FAILED || e->type == H245CTL_EV_LOG) printf("(%s)", e->text);
            if (e->type == H245CTL_EV_USER_INPUT) printf("(%c %u)", e->digit, e->duration);
            if (e->type == H245CTL_EV_RTD) printf("(%u ms)", e->rtd);
        }
        printf("\n");
    }
}

/* A is master: equal terminal types, and (B's number - A's number) mod 2^24 below 2^23
 * (H.245 C.2). */
static void make_pair(pair *p, const uint32_t *ca, size_t na, const uint32_t *cb, size_t nb)
{
    pair_setup(p, ca, na, cb, nb);
    p->side[0].rnd[0] = 1000;
    p->side[0].nrnd = 1;
    p->side[1].rnd[0] = 2000;
    p->side[1].nrnd = 1;
    pair_create(p);
}

static void start_both(pair *p, bool fast)
{
    assert_int_equal(h245ctl_start(p->side[0].s, fast, p->now), 0);
    assert_int_equal(h245ctl_start(p->side[1].s, fast, p->now), 0);
    pair_run(p);
}

static void expect_channel(const pair *p, int side, uint8_t dir, uint32_t codec)
{
    h323_media_channel c;
    const pair_side *d = &p->side[side], *o = &p->side[1 - side];
    assert_true(h245ctl_channel(d->s, dir, &c));
    printf("  %c %s: lcn %u codec %u frames %u rtp %u.%u.%u.%u:%u rtcp :%u\n", 'A' + side,
           dir == H323_DIR_TX ? "tx" : "rx", c.lcn, c.codec, c.frames, c.rtp.ip[0], c.rtp.ip[1], c.rtp.ip[2],
           c.rtp.ip[3], c.rtp.port, c.rtcp.port);
    assert_int_equal(c.direction, dir);
    assert_int_equal(c.session_id, 1);
    assert_int_equal(c.codec, codec);
    assert_int_equal(c.frames, 20);
    /* TX: the peer's addresses (where we send); RX: ours. */
    const h323_addr *rtp = dir == H323_DIR_TX ? &o->cfg.media : &d->cfg.media;
    assert_int_equal(c.rtp.family, 4);
    assert_memory_equal(c.rtp.ip, rtp->ip, 4);
    assert_int_equal(c.rtp.port, rtp->port);
    assert_memory_equal(c.rtcp.ip, rtp->ip, 4);
    assert_int_equal(c.rtcp.port, rtp->port + 1);
}

/* ---- the normal call ---- */

static void test_ready_and_channels(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW_ALAW, 2, ULAW_ALAW, 2);
    start_both(&p, false);
    show(&p);
    for (int i = 0; i < 2; i++) {
        assert_true(h245ctl_ready(p.side[i].s));
        assert_int_equal(pair_events(&p.side[i], H245CTL_EV_READY), 1);
        assert_int_equal(pair_events(&p.side[i], H245CTL_EV_CHANNEL_OPEN), 2);
        assert_int_equal(pair_events(&p.side[i], H245CTL_EV_FAILED), 0);
        assert_int_equal(pair_events(&p.side[i], H245CTL_EV_LOG), 0);
        expect_channel(&p, i, H323_DIR_TX, H245_AUDIO_G711_ULAW64K);
        expect_channel(&p, i, H323_DIR_RX, H245_AUDIO_G711_ULAW64K);
        assert_int_equal(h245ctl_next_deadline(p.side[i].s), UINT64_MAX);
    }
    assert_true(h245ctl_is_master(p.side[0].s));
    assert_false(h245ctl_is_master(p.side[1].s));
    /* The channel numbers match across: A's TX is B's RX. */
    h323_media_channel a, b;
    assert_true(h245ctl_channel(p.side[0].s, H323_DIR_TX, &a));
    assert_true(h245ctl_channel(p.side[1].s, H323_DIR_RX, &b));
    assert_int_equal(a.lcn, b.lcn);

    /* What A sent: one TCS (G.711 both, basicString, dtmf, hookflash), one MSD. */
    h245_msg m;
    assert_int_equal(pair_sent(&p.side[0], H245_REQUEST, H245_REQ_TCS, &m), 1);
    const h245_tcs *t = &m.u.request.u.tcs;
    assert_int_equal(t->capability_table.count, 5);
    assert_int_equal(t->capability_table.items[0].capability.choice, H245_CAP_RX_AUDIO);
    assert_int_equal(t->capability_table.items[0].capability.u.audio.choice, H245_AUDIO_G711_ULAW64K);
    assert_int_equal(t->capability_table.items[1].capability.u.audio.choice, H245_AUDIO_G711_ALAW64K);
    assert_int_equal(t->capability_table.items[3].capability.u.user_input.choice, H245_UIC_DTMF);
    assert_int_equal(pair_sent(&p.side[0], H245_REQUEST, H245_REQ_MSD, &m), 1);
    assert_int_equal(m.u.request.u.msd.status_determination_number, 1000);
    assert_int_equal(m.u.request.u.msd.terminal_type, 50);
    pair_free(&p);
}

/* Several messages in one PDU (the TCS and MSD arrive together, and so on). */
static void test_coalesced(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW_ALAW, 2, ULAW_ALAW, 2);
    p.coalesce = true;
    start_both(&p, false);
    show(&p);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(p.side[i].last_rc, 0);
        assert_true(h245ctl_ready(p.side[i].s));
        assert_true(h245ctl_channel(p.side[i].s, H323_DIR_TX, NULL));
        assert_true(h245ctl_channel(p.side[i].s, H323_DIR_RX, NULL));
    }
    pair_free(&p);
}

static void test_gateway_is_master(void **state)
{
    (void)state;
    static pair p;
    pair_setup(&p, ULAW, 1, ULAW, 1);
    p.side[1].cfg.terminal_type = H245_TERMINAL_TYPE_GATEWAY;
    /* numbers that would make A master on equal types */
    p.side[0].rnd[0] = 1000;
    p.side[1].rnd[0] = 2000;
    p.side[0].nrnd = p.side[1].nrnd = 1;
    pair_create(&p);
    start_both(&p, false);
    printf("  A master %d, B master %d\n", h245ctl_is_master(p.side[0].s), h245ctl_is_master(p.side[1].s));
    assert_false(h245ctl_is_master(p.side[0].s));
    assert_true(h245ctl_is_master(p.side[1].s));
    pair_free(&p);
}

/* (N1 - N2) mod 2^24 wraps: B's number 0xFFFFF0 is "below" A's 0x10 by 0x20. */
static void test_msd_modulo(void **state)
{
    (void)state;
    static pair p;
    pair_setup(&p, ULAW, 1, ULAW, 1);
    p.side[0].rnd[0] = 0x10;
    p.side[1].rnd[0] = 0xFFFFF0;
    p.side[0].nrnd = p.side[1].nrnd = 1;
    pair_create(&p);
    start_both(&p, false);
    /* For A: (0xFFFFF0 - 0x10) mod 2^24 = 0xFFFFE0 >= 2^23: A is slave. */
    printf("  A master %d, B master %d\n", h245ctl_is_master(p.side[0].s), h245ctl_is_master(p.side[1].s));
    assert_false(h245ctl_is_master(p.side[0].s));
    assert_true(h245ctl_is_master(p.side[1].s));
    pair_free(&p);
}

static void test_fast_started(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW_ALAW, 2, ULAW_ALAW, 2);
    start_both(&p, true);
    show(&p);
    for (int i = 0; i < 2; i++) {
        assert_true(h245ctl_ready(p.side[i].s));
        assert_int_equal(pair_sent(&p.side[i], H245_REQUEST, H245_REQ_OLC, NULL), 0);
        assert_false(h245ctl_channel(p.side[i].s, H323_DIR_TX, NULL));
    }
    pair_free(&p);
}

/* ---- codec choice ---- */

static void test_alaw_only_peer(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW_ALAW, 2, ALAW, 1);
    start_both(&p, false);
    show(&p);
    expect_channel(&p, 0, H323_DIR_TX, H245_AUDIO_G711_ALAW64K);
    expect_channel(&p, 0, H323_DIR_RX, H245_AUDIO_G711_ALAW64K);
    expect_channel(&p, 1, H323_DIR_TX, H245_AUDIO_G711_ALAW64K);
    pair_free(&p);
}

static void test_no_common_codec(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW, 1, G729, 1);
    start_both(&p, false);
    show(&p);
    for (int i = 0; i < 2; i++) {
        assert_true(pair_said(&p.side[i], H245CTL_EV_FAILED, "no audio codec"));
        assert_false(h245ctl_ready(p.side[i].s));
        h245_msg m;
        assert_int_equal(pair_sent(&p.side[i], H245_RESPONSE, H245_RSP_TCS_REJECT, &m), 1);
        assert_int_equal(m.u.response.u.tcs_reject.cause.choice, H245_TCS_REJ_UNSPECIFIED);
        assert_int_equal(pair_sent(&p.side[i], H245_REQUEST, H245_REQ_OLC, NULL), 0);
    }
    pair_free(&p);
}

/* Both open at once with different codecs: A (master) rejects B's with
 * masterSlaveConflict; B takes A's and reopens its own with A's codec. */
static void test_conflicting_olcs(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW_ALAW, 2, ALAW_ULAW, 2);
    start_both(&p, false);
    show(&p);
    h245_msg m;
    assert_int_equal(pair_sent(&p.side[0], H245_RESPONSE, H245_RSP_OLC_REJECT, &m), 1);
    assert_int_equal(m.u.response.u.olc_reject.cause, H245_OLC_REJ_MASTER_SLAVE_CONFLICT);
    assert_int_equal(pair_sent(&p.side[1], H245_RESPONSE, H245_RSP_OLC_REJECT, NULL), 0);
    assert_int_equal(pair_sent(&p.side[1], H245_REQUEST, H245_REQ_OLC, NULL), 2);
    for (int i = 0; i < 2; i++) {
        expect_channel(&p, i, H323_DIR_TX, H245_AUDIO_G711_ULAW64K);
        expect_channel(&p, i, H323_DIR_RX, H245_AUDIO_G711_ULAW64K);
        assert_int_equal(pair_events(&p.side[i], H245CTL_EV_FAILED), 0);
    }
    pair_free(&p);
}

/* ---- DTMF, RTD, close, end ---- */

static void test_dtmf_both_ways(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW, 1, ULAW, 1);
    start_both(&p, false);
    const char *digits = "0123456789*#ABCD!";
    for (const char *c = digits; *c; c++) {
        assert_int_equal(h245ctl_send_dtmf(p.side[0].s, *c, 100, p.now), 0);
        assert_int_equal(h245ctl_send_dtmf(p.side[1].s, *c, 0, p.now), 0);
    }
    assert_int_equal(h245ctl_send_dtmf(p.side[0].s, 'x', 100, p.now), H323_E_INVAL);
    assert_int_equal(h245ctl_send_dtmf(p.side[0].s, 0, 100, p.now), H323_E_INVAL);
    pair_run(&p);
    for (int i = 0; i < 2; i++) {
        char got[32] = "";
        size_t n = 0;
        for (size_t k = 0; k < p.side[i].nev; k++)
            if (p.side[i].ev[k].type == H245CTL_EV_USER_INPUT) {
                got[n++] = p.side[i].ev[k].digit;
                assert_int_equal(p.side[i].ev[k].duration, i == 1 ? 100 : 0);
            }
        printf("  %c received \"%s\"\n", 'A' + i, got);
        assert_string_equal(got, digits);
    }
    /* They went as signal (the peer announced dtmf). */
    assert_int_equal(pair_sent(&p.side[0], H245_INDICATION, H245_IND_USER_INPUT, NULL), 17);
    h245_msg m;
    pair_sent(&p.side[0], H245_INDICATION, H245_IND_USER_INPUT, &m);
    assert_int_equal(m.u.indication.u.user_input.choice, H245_UII_SIGNAL);
    pair_free(&p);
}

static void test_rtd(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW, 1, ULAW, 1);
    start_both(&p, false);
    p.now = 100;
    assert_int_equal(h245ctl_round_trip(p.side[0].s, p.now), 0);
    assert_int_equal(h245ctl_next_deadline(p.side[0].s), 1100);
    pair_round(&p);                        /* the request reaches B */
    p.now = 137;
    pair_run(&p);                          /* the response reaches A */
    const pair_event *e = pair_last(&p.side[0], H245CTL_EV_RTD);
    assert_non_null(e);
    printf("  round trip %u ms\n", e->rtd);
    assert_int_equal(e->rtd, 37);
    assert_int_equal(h245ctl_next_deadline(p.side[0].s), UINT64_MAX);
    h245ctl_tick(p.side[0].s, 5000);
    assert_int_equal(pair_events(&p.side[0], H245CTL_EV_FAILED), 0);
    pair_free(&p);
}

static void test_end_session(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW, 1, ULAW, 1);
    start_both(&p, false);
    assert_int_equal(h245ctl_end(p.side[0].s, p.now), 0);
    assert_int_equal(h245ctl_end(p.side[0].s, p.now), H323_E_STATE);
    pair_run(&p);
    /* B: A's channel closed, then END_SESSION; B answers as the call would. */
    assert_int_equal(pair_events(&p.side[1], H245CTL_EV_END_SESSION), 1);
    const pair_event *e = pair_last(&p.side[1], H245CTL_EV_CHANNEL_CLOSED);
    assert_non_null(e);
    assert_int_equal(e->ch.direction, H323_DIR_RX);
    assert_int_equal(h245ctl_send_dtmf(p.side[1].s, '1', 0, p.now), H323_E_STATE);
    assert_int_equal(h245ctl_end(p.side[1].s, p.now), 0);
    pair_run(&p);
    show(&p);
    assert_int_equal(pair_events(&p.side[0], H245CTL_EV_END_SESSION), 1);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(pair_events(&p.side[i], H245CTL_EV_CHANNEL_CLOSED), 2);
        assert_false(h245ctl_channel(p.side[i].s, H323_DIR_TX, NULL));
        assert_false(h245ctl_channel(p.side[i].s, H323_DIR_RX, NULL));
        assert_int_equal(pair_sent(&p.side[i], H245_COMMAND, H245_CMD_END_SESSION, NULL), 1);
        assert_int_equal(h245ctl_next_deadline(p.side[i].s), UINT64_MAX);
    }
    pair_free(&p);
}

static void test_request_channel_close(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW, 1, ULAW, 1);
    start_both(&p, false);
    assert_int_equal(h245ctl_request_close(p.side[0].s, p.now), 0);
    assert_int_equal(h245ctl_request_close(p.side[0].s, p.now), H323_E_STATE);
    pair_run(&p);
    show(&p);
    assert_false(h245ctl_channel(p.side[0].s, H323_DIR_RX, NULL));
    assert_false(h245ctl_channel(p.side[1].s, H323_DIR_TX, NULL));
    assert_true(h245ctl_channel(p.side[0].s, H323_DIR_TX, NULL));
    assert_int_equal(pair_sent(&p.side[1], H245_RESPONSE, H245_RSP_RCC_ACK, NULL), 1);
    assert_int_equal(pair_sent(&p.side[1], H245_REQUEST, H245_REQ_CLC, NULL), 1);
    assert_int_equal(h245ctl_next_deadline(p.side[0].s), UINT64_MAX);
    assert_int_equal(h245ctl_next_deadline(p.side[1].s), UINT64_MAX);
    pair_free(&p);
}

/* ---- timers ---- */

static void test_t101_t106_silent_peer(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW, 1, ULAW, 1);
    p.side[1].silent = true;
    start_both(&p, false);
    assert_int_equal(h245ctl_next_deadline(p.side[0].s), 1000);
    h245ctl_tick(p.side[0].s, 999);
    assert_int_equal(pair_events(&p.side[0], H245CTL_EV_FAILED), 0);
    h245ctl_tick(p.side[0].s, 1000);
    show(&p);
    assert_int_equal(pair_events(&p.side[0], H245CTL_EV_FAILED), 2);
    assert_true(pair_said(&p.side[0], H245CTL_EV_FAILED, "T101"));
    assert_true(pair_said(&p.side[0], H245CTL_EV_FAILED, "T106"));
    assert_int_equal(pair_sent(&p.side[0], H245_INDICATION, H245_IND_TCS_RELEASE, NULL), 1);
    assert_int_equal(pair_sent(&p.side[0], H245_INDICATION, H245_IND_MSD_RELEASE, NULL), 1);
    assert_int_equal(h245ctl_next_deadline(p.side[0].s), UINT64_MAX);
    pair_free(&p);
}

static bool drop_olc_ack(const uint8_t *pdu, size_t n)
{
    static uint8_t mem[H245_ARENA_SIZE];
    per_arena a;
    per_arena_init(&a, mem, sizeof mem);
    h245_msg m;
    return h245_decode(pdu, n, &m, &a, NULL, NULL) == 0 && m.choice == H245_RESPONSE &&
           m.u.response.choice == H245_RSP_OLC_ACK;
}

static void test_t103(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW, 1, ULAW, 1);
    p.side[1].drop = drop_olc_ack;
    start_both(&p, false);
    assert_true(h245ctl_ready(p.side[0].s));
    assert_int_equal(h245ctl_next_deadline(p.side[0].s), 1000);
    h245ctl_tick(p.side[0].s, 1000);
    pair_run(&p);
    show(&p);
    const pair_event *e = pair_last(&p.side[0], H245CTL_EV_FAILED);
    assert_non_null(e);
    assert_non_null(strstr(e->text, "T103"));
    h245_msg m;
    assert_int_equal(pair_sent(&p.side[0], H245_REQUEST, H245_REQ_CLC, &m), 1);
    assert_int_equal(m.u.request.u.clc.source, H245_CLC_SOURCE_LCSE);
    assert_false(h245ctl_channel(p.side[0].s, H323_DIR_TX, NULL));
    pair_free(&p);
}

static void test_t105(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW, 1, ULAW, 1);
    start_both(&p, false);
    p.side[1].silent = true;
    p.now = 50;
    assert_int_equal(h245ctl_round_trip(p.side[0].s, p.now), 0);
    pair_run(&p);
    h245ctl_tick(p.side[0].s, 1049);
    assert_int_equal(pair_events(&p.side[0], H245CTL_EV_FAILED), 0);
    h245ctl_tick(p.side[0].s, 1050);
    const pair_event *e = pair_last(&p.side[0], H245CTL_EV_FAILED);
    assert_non_null(e);
    printf("  %s\n", e->text);
    assert_non_null(strstr(e->text, "T105"));
    pair_free(&p);
}

static void test_t108(void **state)
{
    (void)state;
    static pair p;
    make_pair(&p, ULAW, 1, ULAW, 1);
    start_both(&p, false);
    p.side[1].silent = true;
    assert_int_equal(h245ctl_request_close(p.side[0].s, p.now), 0);
    assert_int_equal(h245ctl_next_deadline(p.side[0].s), 1000);
    h245ctl_tick(p.side[0].s, 1000);
    show(&p);
    assert_int_equal(pair_sent(&p.side[0], H245_INDICATION, H245_IND_RCC_RELEASE, NULL), 1);
    assert_non_null(strstr(pair_last(&p.side[0], H245CTL_EV_LOG)->text, "T108"));
    pair_free(&p);
}

/* ---- master/slave determination retries ---- */

static void test_msd_identical_then_resolved(void **state)
{
    (void)state;
    static pair p;
    pair_setup(&p, ULAW, 1, ULAW, 1);
    p.side[0].rnd[0] = p.side[1].rnd[0] = 4242;      /* identical first numbers */
    p.side[0].rnd[1] = 10;
    p.side[1].rnd[1] = 20;
    p.side[0].nrnd = p.side[1].nrnd = 2;
    pair_create(&p);
    start_both(&p, false);
    show(&p);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(pair_sent(&p.side[i], H245_REQUEST, H245_REQ_MSD, NULL), 2);
        assert_true(h245ctl_ready(p.side[i].s));
        assert_int_equal(pair_events(&p.side[i], H245CTL_EV_FAILED), 0);
    }
    assert_true(h245ctl_is_master(p.side[0].s));
    assert_false(h245ctl_is_master(p.side[1].s));
    pair_free(&p);
}

static void test_msd_identical_n100(void **state)
{
    (void)state;
    static pair p;
    pair_setup(&p, ULAW, 1, ULAW, 1);
    for (int k = 0; k < 4; k++) p.side[0].rnd[k] = p.side[1].rnd[k] = 777;
    p.side[0].nrnd = p.side[1].nrnd = 4;
    pair_create(&p);
    start_both(&p, false);
    show(&p);
    for (int i = 0; i < 2; i++) {
        /* N100 = 3 attempts, then MasterSlaveDeterminationReject and failure. */
        assert_int_equal(pair_sent(&p.side[i], H245_REQUEST, H245_REQ_MSD, NULL), 3);
        assert_int_equal(pair_sent(&p.side[i], H245_RESPONSE, H245_RSP_MSD_REJECT, NULL), 1);
        assert_int_equal(pair_events(&p.side[i], H245CTL_EV_FAILED), 1);
        assert_non_null(strstr(pair_last(&p.side[i], H245CTL_EV_FAILED)->text, "N100"));
        assert_false(h245ctl_ready(p.side[i].s));
    }
    pair_free(&p);
}

/* ---- a session fed by hand ---- */

static pair g_p;

/* Side A started and ready with B's real messages; returns A. */
static h245ctl *ready_a(void)
{
    make_pair(&g_p, ULAW_ALAW, 2, ULAW_ALAW, 2);
    start_both(&g_p, false);
    assert_true(h245ctl_ready(g_p.side[0].s));
    return g_p.side[0].s;
}

static int feed(h245ctl *s, const h245_msg *m)
{
    uint8_t buf[2048];
    size_t n;
    assert_int_equal(h245_encode(m, buf, sizeof buf, &n, NULL), 0);
    uint8_t *heap = pair_dup(buf, n);            /* exact size: ASan sees over-reads */
    int rc = h245ctl_input(s, heap, n, g_p.now);
    free(heap);
    return rc;
}

static int feed_bytes(h245ctl *s, const uint8_t *p, size_t n)
{
    uint8_t *heap = pair_dup(p, n);
    int rc = h245ctl_input(s, heap, n, g_p.now);
    free(heap);
    return rc;
}

static void test_function_not_supported(void **state)
{
    (void)state;
    h245ctl *a = ready_a();
    /* RequestMessage index 8 (requestMode), which h245.h does not describe: 0 00 0 1000,
     * then its body. */
    const uint8_t msg[] = { 0x08, 0x00, 0x01, 0x00, 0x00 };
    int rc = feed_bytes(a, msg, sizeof msg);
    printf("  input -> %d\n", rc);
    assert_int_equal(rc, PER_E_UNSUPPORTED);
    h245_msg m;
    assert_int_equal(pair_sent(&g_p.side[0], H245_INDICATION, H245_IND_FUNCTION_NOT_SUPPORTED, &m), 1);
    const h245_function_not_supported *f = &m.u.indication.u.function_not_supported;
    assert_int_equal(f->cause, H245_FNS_UNKNOWN_FUNCTION);
    assert_true(f->has_returned_function);
    assert_int_equal(f->returned_function.len, sizeof msg);
    assert_memory_equal(f->returned_function.data, msg, sizeof msg);
    assert_true(h245ctl_ready(a));
    assert_true(h245ctl_channel(a, H323_DIR_TX, NULL));
    pair_free(&g_p);
}

static void test_function_not_understood(void **state)
{
    (void)state;
    h245ctl *a = ready_a();
    /* A nonStandard request decodes but asks for nothing we do. */
    h245_msg m;
    memset(&m, 0, sizeof m);
    m.choice = H245_REQUEST;
    m.u.request.choice = H245_REQ_NONSTD;
    m.u.request.u.nonstd.data.id.choice = H245_NSID_H221;
    m.u.request.u.nonstd.data.id.u.h221.t35_country_code = 181;
    m.u.request.u.nonstd.data.data = PER_OCTS("hi");
    assert_int_equal(feed(a, &m), 0);
    h245_msg out;
    assert_int_equal(pair_sent(&g_p.side[0], H245_INDICATION, H245_IND_FUNCTION_NOT_UNDERSTOOD, &out), 1);
    const h245_function_not_understood *f = &out.u.indication.u.function_not_understood;
    assert_int_equal(f->choice, 0);
    assert_int_equal(f->u.request->choice, H245_REQ_NONSTD);
    assert_int_equal(f->u.request->u.nonstd.data.id.u.h221.t35_country_code, 181);
    pair_free(&g_p);
}

static void test_garbage_inside_pdu(void **state)
{
    (void)state;
    h245ctl *a = ready_a();
    size_t before = g_p.side[0].nsent;
    uint8_t pdu[64];
    size_t n1, n2;
    h245_msg m;
    h245_msg_rtd_request(&m, 1);
    assert_int_equal(h245_encode(&m, pdu, sizeof pdu, &n1, NULL), 0);
    /* 0x0F: request index 15 of 11 root alternatives: no such message */
    pdu[n1] = 0x0F;
    pdu[n1 + 1] = 0xFF;
    h245_msg_rtd_request(&m, 2);
    assert_int_equal(h245_encode(&m, pdu + n1 + 2, sizeof pdu - n1 - 2, &n2, NULL), 0);
    int rc = feed_bytes(a, pdu, n1 + 2 + n2);
    show(&g_p);
    printf("  input -> %d (%s)\n", rc, per_strerror(rc));
    assert_true(rc < 0 && rc != PER_E_UNSUPPORTED);
    /* The message before the garbage was answered, nothing after it. */
    assert_int_equal(g_p.side[0].nsent, before + 1);
    assert_int_equal(pair_sent(&g_p.side[0], H245_RESPONSE, H245_RSP_RTD, &m), 1);
    assert_int_equal(m.u.response.u.rtd.sequence_number, 1);
    assert_non_null(strstr(pair_last(&g_p.side[0], H245CTL_EV_LOG)->text, "undecodable"));
    assert_true(h245ctl_ready(a));
    assert_true(h245ctl_channel(a, H323_DIR_TX, NULL));
    assert_true(h245ctl_channel(a, H323_DIR_RX, NULL));
    /* A PDU of one zero-length message does nothing. */
    assert_int_equal(h245ctl_input(a, NULL, 0, 0), 0);
    pair_free(&g_p);
}

static void reject_cause(h245ctl *a, const h245_olc *o, uint32_t cause)
{
    h245_msg m, out;
    size_t before = pair_sent(&g_p.side[0], H245_RESPONSE, H245_RSP_OLC_REJECT, NULL);
    h245_msg_olc(&m, o);
    assert_int_equal(feed(a, &m), 0);
    assert_int_equal(pair_sent(&g_p.side[0], H245_RESPONSE, H245_RSP_OLC_REJECT, &out), before + 1);
    printf("  OLC %u rejected, cause %u\n", o->forward_logical_channel_number, out.u.response.u.olc_reject.cause);
    assert_int_equal(out.u.response.u.olc_reject.forward_logical_channel_number, o->forward_logical_channel_number);
    assert_int_equal(out.u.response.u.olc_reject.cause, cause);
}

static void test_olc_rejects(void **state)
{
    (void)state;
    h245ctl *a = ready_a();
    h245_transport_addr t = h245_addr_ip4((const uint8_t[]){ 10, 0, 0, 9 }, 7001);
    h245_audio_cap g729 = h245_audio(H245_AUDIO_G729, 2), ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20);
    h245_olc o;
    h245_olc_audio_tx(&o, 40, &g729, 1, &t, false);
    reject_cause(a, &o, H245_OLC_REJ_DATA_TYPE_NOT_SUPPORTED);
    h245_olc_audio_tx(&o, 41, &ulaw, 2, &t, false);
    reject_cause(a, &o, H245_OLC_REJ_INVALID_SESSION_ID);
    h245_olc_audio_rx(&o, 42, &ulaw, 1, &t, &t);    /* forward nullData */
    reject_cause(a, &o, H245_OLC_REJ_DATA_TYPE_NOT_SUPPORTED);
    h245_olc_audio_tx(&o, 43, &ulaw, 1, &t, false);
    o.has_reverse = true;                            /* bidirectional audio */
    o.reverse.data_type.choice = H245_DT_AUDIO;
    o.reverse.data_type.u.audio = ulaw;
    reject_cause(a, &o, H245_OLC_REJ_UNSUITABLE_REVERSE_PARAMETERS);
    h245_olc_audio_tx(&o, 44, &ulaw, 1, &t, false); /* a second audio channel */
    reject_cause(a, &o, H245_OLC_REJ_DATA_TYPE_NOT_AVAILABLE);
    assert_true(h245ctl_channel(a, H323_DIR_RX, NULL));
    pair_free(&g_p);
}

static void test_tcs_rejects(void **state)
{
    (void)state;
    h245ctl *a = ready_a();
    /* A TCS that does not decode: request 2, presence bits, sequenceNumber 9, garbage. */
    const uint8_t bad[] = { 0x02, 0x70, 0x09, 0xFF };
    int rc = feed_bytes(a, bad, sizeof bad);
    h245_msg out;
    assert_int_equal(pair_sent(&g_p.side[0], H245_RESPONSE, H245_RSP_TCS_REJECT, &out), 1);
    printf("  undecodable TCS (%s): reject seq %u cause %u\n", per_strerror(rc),
           out.u.response.u.tcs_reject.sequence_number, out.u.response.u.tcs_reject.cause.choice);
    assert_true(rc < 0);
    assert_int_equal(out.u.response.u.tcs_reject.sequence_number, 9);
    assert_int_equal(out.u.response.u.tcs_reject.cause.choice, H245_TCS_REJ_UNSPECIFIED);

    /* A descriptor naming entry 7 of a table of 1. */
    h245_audio_cap ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20);
    h245_capability cap = h245_cap_audio(H245_CAP_RX_AUDIO, &ulaw);
    h245_tcs_store st;
    h245_msg m;
    assert_int_equal(h245_msg_tcs(&m, &st, 10, 60, &cap, 1), 0);
    st.numbers[0] = 7;
    assert_int_equal(feed(a, &m), 0);
    assert_int_equal(pair_sent(&g_p.side[0], H245_RESPONSE, H245_RSP_TCS_REJECT, &out), 2);
    assert_int_equal(out.u.response.u.tcs_reject.sequence_number, 10);
    assert_int_equal(out.u.response.u.tcs_reject.cause.choice, H245_TCS_REJ_UNDEFINED_TABLE_ENTRY_USED);
    assert_true(h245ctl_ready(a));
    pair_free(&g_p);
}

/* A peer that announces only basicString gets DTMF as alphanumeric; alphanumeric and
 * signal are both received. */
static void test_alphanumeric(void **state)
{
    (void)state;
    h245ctl *a = ready_a();
    h245_audio_cap ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20);
    h245_capability caps[] = { h245_cap_audio(H245_CAP_RX_AUDIO, &ulaw),
                               h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_BASIC_STRING) };
    h245_tcs_store st;
    h245_msg m, out;
    assert_int_equal(h245_msg_tcs(&m, &st, 3, 60, caps, 2), 0);
    assert_int_equal(feed(a, &m), 0);
    assert_int_equal(h245ctl_send_dtmf(a, '5', 80, 0), 0);
    assert_int_equal(pair_sent(&g_p.side[0], H245_INDICATION, H245_IND_USER_INPUT, &out), 1);
    assert_int_equal(out.u.indication.u.user_input.choice, H245_UII_ALPHANUMERIC);
    assert_int_equal(out.u.indication.u.user_input.u.alphanumeric.len, 1);
    assert_int_equal(out.u.indication.u.user_input.u.alphanumeric.chars[0], '5');

    h245_msg_uii_alphanumeric(&m, "1x#", 3);
    assert_int_equal(feed(a, &m), 0);
    assert_int_equal(h245_msg_uii_signal(&m, '9', 250), 0);
    assert_int_equal(feed(a, &m), 0);
    char got[8] = "";
    size_t n = 0;
    for (size_t k = 0; k < g_p.side[0].nev; k++)
        if (g_p.side[0].ev[k].type == H245CTL_EV_USER_INPUT) got[n++] = g_p.side[0].ev[k].digit;
    printf("  received \"%s\", last duration %u\n", got, pair_last(&g_p.side[0], H245CTL_EV_USER_INPUT)->duration);
    assert_string_equal(got, "1#9");
    assert_int_equal(pair_last(&g_p.side[0], H245CTL_EV_USER_INPUT)->duration, 250);
    pair_free(&g_p);
}

/* An empty TerminalCapabilitySet pauses our transmission (H.323 8.4.6); a full one
 * resumes it. */
static void test_empty_tcs_pause(void **state)
{
    (void)state;
    h245ctl *a = ready_a();
    h245_msg m;
    memset(&m, 0, sizeof m);
    m.choice = H245_REQUEST;
    m.u.request.choice = H245_REQ_TCS;
    m.u.request.u.tcs.sequence_number = 5;
    m.u.request.u.tcs.protocol_identifier = (per_oid){ 6, { 0, 0, 8, 245, 0, 13 } };
    assert_int_equal(feed(a, &m), 0);
    pair_run(&g_p);
    assert_false(h245ctl_channel(a, H323_DIR_TX, NULL));
    assert_int_equal(pair_events(&g_p.side[0], H245CTL_EV_CHANNEL_CLOSED), 1);
    h245_audio_cap alaw = h245_audio(H245_AUDIO_G711_ALAW64K, 20);
    h245_capability cap = h245_cap_audio(H245_CAP_RX_AUDIO, &alaw);
    h245_tcs_store st;
    assert_int_equal(h245_msg_tcs(&m, &st, 6, 60, &cap, 1), 0);
    assert_int_equal(feed(a, &m), 0);
    pair_run(&g_p);
    show(&g_p);
    expect_channel(&g_p, 0, H323_DIR_TX, H245_AUDIO_G711_ALAW64K);
    pair_free(&g_p);
}

/* Our RTP address may come after the peer's OpenLogicalChannel: the Ack waits for it. */
static void test_media_later(void **state)
{
    (void)state;
    static pair p;
    pair_setup(&p, ULAW, 1, ULAW, 1);
    p.side[1].cfg.media = (h323_addr){ 0 };
    pair_create(&p);
    start_both(&p, false);
    assert_false(h245ctl_channel(p.side[1].s, H323_DIR_RX, NULL));
    assert_false(h245ctl_channel(p.side[0].s, H323_DIR_TX, NULL));
    h323_addr rtp = { 6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 }, 6000 };
    h245ctl_set_media(p.side[1].s, &rtp);
    pair_run(&p);
    show(&p);
    h323_media_channel c;
    assert_true(h245ctl_channel(p.side[0].s, H323_DIR_TX, &c));
    assert_int_equal(c.rtp.family, 6);
    assert_memory_equal(c.rtp.ip, rtp.ip, 16);
    assert_int_equal(c.rtp.port, 6000);
    assert_int_equal(c.rtcp.port, 6001);
    pair_free(&p);
}

static void test_api_edges(void **state)
{
    (void)state;
    h245ctl_config cfg = { 0 };
    const h245ctl_ops ops = { pair_send, pair_event_cb };
    assert_null(h245ctl_new(&cfg, &ops, NULL));       /* no scratch */
    assert_null(h245ctl_new(NULL, &ops, NULL));
    assert_int_equal(h245ctl_start(NULL, false, 0), H323_E_INVAL);
    assert_int_equal(h245ctl_next_deadline(NULL), UINT64_MAX);
    assert_false(h245ctl_ready(NULL));
    h245ctl_free(NULL);
    h245ctl *a = ready_a();
    assert_int_equal(h245ctl_start(a, false, 0), H323_E_STATE);
    assert_false(h245ctl_channel(a, 7, NULL));
    pair_free(&g_p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ready_and_channels),
        cmocka_unit_test(test_coalesced),
        cmocka_unit_test(test_gateway_is_master),
        cmocka_unit_test(test_msd_modulo),
        cmocka_unit_test(test_fast_started),
        cmocka_unit_test(test_alaw_only_peer),
        cmocka_unit_test(test_no_common_codec),
        cmocka_unit_test(test_conflicting_olcs),
        cmocka_unit_test(test_dtmf_both_ways),
        cmocka_unit_test(test_rtd),
        cmocka_unit_test(test_end_session),
        cmocka_unit_test(test_request_channel_close),
        cmocka_unit_test(test_t101_t106_silent_peer),
        cmocka_unit_test(test_t103),
        cmocka_unit_test(test_t105),
        cmocka_unit_test(test_t108),
        cmocka_unit_test(test_msd_identical_then_resolved),
        cmocka_unit_test(test_msd_identical_n100),
        cmocka_unit_test(test_function_not_supported),
        cmocka_unit_test(test_function_not_understood),
        cmocka_unit_test(test_garbage_inside_pdu),
        cmocka_unit_test(test_olc_rejects),
        cmocka_unit_test(test_tcs_rejects),
        cmocka_unit_test(test_alphanumeric),
        cmocka_unit_test(test_empty_tcs_pause),
        cmocka_unit_test(test_media_later),
        cmocka_unit_test(test_api_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
