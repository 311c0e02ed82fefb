/*
 * tests/unit/test_mspevent.c - tspkit/mspevent.h: the MSP's event queue keeps
 * ITMSPAddress::GetEvent's contract (one event per call, TAPI_E_NOTENOUGHMEMORY with the
 * size needed, TAPI_E_NOEVENT when drained; nf-msp-itmspaddress-getevent), signals the
 * host's event sink only once started and never after stop, and checks what it is given.
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/msp.h>
#include <tspkit/mspevent.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

typedef struct counting_sink {
    tspk_msp_event_sink pub;
    int signals;
} counting_sink;

static void count_signal(tspk_msp_event_sink *s) { ((counting_sink *)(void *)s)->signals++; }

static counting_sink new_sink(void)
{
    counting_sink s;
    s.pub.magic = TSPK_MSP_SINK_MAGIC;
    s.pub.signal = count_signal;
    s.signals = 0;
    return s;
}

static void test_get_contract(void **state)
{
    tspk_msp_eventq q;
    counting_sink sink = new_sink();
    BYTE buf[256];
    DWORD size;
    MSP_EVENT_INFO *ev = (MSP_EVENT_INFO *)(void *)buf;
    const DWORD want = tspk_msp_tsp_data_event_size(100);
    BYTE data[100];
    (void)state;
    memset(data, 'd', sizeof data);
    assert_int_equal(tspk_msp_eventq_init(&q, 0), 0);
    size = sizeof buf;
    assert_int_equal(tspk_msp_eventq_get(&q, &size, buf), TAPI_E_NOEVENT);

    /* Posted before Initialize: queued, signalled once started. */
    assert_int_equal(tspk_msp_eventq_post_tsp_data(&q, NULL, data, sizeof data), S_OK);
    assert_int_equal(sink.signals, 0);
    tspk_msp_eventq_start(&q, (MSP_HANDLE)(void *)&sink.pub);
    assert_int_equal(sink.signals, 1);
    assert_int_equal(tspk_msp_eventq_post_tsp_data(&q, (MSP_HANDLE)(void *)&sink, "x", 1), S_OK);
    assert_int_equal(sink.signals, 2);
    assert_int_equal(tspk_msp_eventq_pending(&q), 2);

    /* Too small: the size needed, and the event stays. */
    size = 10;
    assert_int_equal(tspk_msp_eventq_get(&q, &size, buf), TAPI_E_NOTENOUGHMEMORY);
    assert_int_equal(size, want);
    assert_int_equal(tspk_msp_eventq_get(&q, NULL, buf), E_POINTER);
    size = want;
    assert_int_equal(tspk_msp_eventq_get(&q, &size, NULL), E_POINTER);
    assert_int_equal(tspk_msp_eventq_pending(&q), 2);

    /* Exactly big enough: the first event, whole. */
    size = want;
    assert_int_equal(tspk_msp_eventq_get(&q, &size, buf), S_OK);
    assert_int_equal(size, want);
    assert_int_equal(ev->dwSize, want);
    assert_int_equal(ev->Event, ME_TSP_DATA);
    assert_null(ev->hCall);
    assert_int_equal(ev->MSP_TSP_DATA.dwBufferSize, 100);
    assert_memory_equal(ev->MSP_TSP_DATA.pBuffer, data, 100);
    /* Then the second, in order; then nothing. */
    size = sizeof buf;
    assert_int_equal(tspk_msp_eventq_get(&q, &size, buf), S_OK);
    assert_int_equal(size, sizeof(MSP_EVENT_INFO));
    assert_ptr_equal(ev->hCall, &sink);
    assert_int_equal(ev->MSP_TSP_DATA.pBuffer[0], 'x');
    assert_int_equal(tspk_msp_eventq_get(&q, &size, buf), TAPI_E_NOEVENT);
    printf("  %lu-byte event: TAPI_E_NOTENOUGHMEMORY for 10 bytes, then S_OK; FIFO; "
           "TAPI_E_NOEVENT when drained\n", (unsigned long)want);

    /* Shutdown drops what is left and refuses more, without signalling. */
    assert_int_equal(tspk_msp_eventq_post_tsp_data(&q, NULL, "y", 1), S_OK);
    tspk_msp_eventq_stop(&q);
    assert_int_equal(tspk_msp_eventq_pending(&q), 0);
    assert_int_equal(tspk_msp_eventq_post_tsp_data(&q, NULL, "z", 1), E_UNEXPECTED);
    assert_int_equal(sink.signals, 3);
    tspk_msp_eventq_free(&q);
}

static void test_post_checks(void **state)
{
    tspk_msp_eventq q;
    MSP_EVENT_INFO ev;
    counting_sink bad = new_sink();
    (void)state;
    bad.pub.magic = 0;
    assert_int_equal(tspk_msp_eventq_init(&q, 2), 0);
    tspk_msp_eventq_start(&q, (MSP_HANDLE)(void *)&bad.pub);
    memset(&ev, 0, sizeof ev);
    ev.dwSize = sizeof ev;
    ev.Event = ME_CALL_EVENT;
    assert_int_equal(tspk_msp_eventq_post(&q, NULL, sizeof ev), E_POINTER);
    assert_int_equal(tspk_msp_eventq_post(&q, &ev, sizeof ev - 1), E_INVALIDARG);
    /* An ME_TSP_DATA whose dwBufferSize runs past the size given. */
    ev.Event = ME_TSP_DATA;
    ev.MSP_TSP_DATA.dwBufferSize = sizeof ev;
    assert_int_equal(tspk_msp_eventq_post(&q, &ev, sizeof ev), E_INVALIDARG);
    assert_int_equal(tspk_msp_eventq_post_tsp_data(&q, NULL, NULL, 3), E_POINTER);
    assert_int_equal(tspk_msp_eventq_post_tsp_data(&q, NULL, NULL, 0), S_OK);
    assert_int_equal(tspk_msp_eventq_post_tsp_data(&q, NULL, "a", 1), S_OK);
    /* Full at max_events. */
    assert_int_equal(tspk_msp_eventq_post_tsp_data(&q, NULL, "b", 1), E_OUTOFMEMORY);
    assert_int_equal(tspk_msp_eventq_post(&q, &ev, TSPK_MSP_EVENT_MAX + 1), E_OUTOFMEMORY);
    /* A sink without the magic is never called. */
    assert_int_equal(bad.signals, 0);
    tspk_msp_signal(NULL);
    tspk_msp_eventq_stop(&q);
    tspk_msp_eventq_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_contract),
        cmocka_unit_test(test_post_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
