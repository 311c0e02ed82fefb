/* Unit tests for sdk/include/tspkit/version.h: TSPI and extension version
 * negotiation per TSPI 2.3.13.2 and the TSPI_lineNegotiate*Version pages. */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/version.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static const tspk_verrange provider = { TSPK_VERSION_2_0, TSPK_VERSION_3_0 };

static void test_constants(void **state)
{
    (void)state;
    assert_int_equal(TSPK_VERSION_1_3, 0x00010003);
    assert_int_equal(TSPK_VERSION_1_4, 0x00010004);
    assert_int_equal(TSPK_VERSION_2_0, 0x00020000);
    assert_int_equal(TSPK_VERSION_2_1, 0x00020001);
    assert_int_equal(TSPK_VERSION_2_2, 0x00020002);
    assert_int_equal(TSPK_VERSION_3_0, 0x00030000);
    assert_int_equal(TSPK_VERSION_3_1, 0x00030001);
    assert_int_equal(TSPK_INITIALIZE_NEGOTIATION, INITIALIZE_NEGOTIATION);
}

static void test_tspi_highest_overlap(void **state)
{
    DWORD v;
    (void)state;
    /* Offered range reaches past ours: our high. */
    v = 0;
    assert_int_equal(tspk_negotiate_tspi(&provider, NULL, 0, TSPK_VERSION_1_3, TSPK_VERSION_3_1, &v), 0);
    assert_int_equal(v, TSPK_VERSION_3_0);
    /* Offered range inside ours: its high. */
    v = 0;
    assert_int_equal(tspk_negotiate_tspi(&provider, NULL, 0, TSPK_VERSION_1_4, TSPK_VERSION_2_2, &v), 0);
    assert_int_equal(v, TSPK_VERSION_2_2);
    /* Touching at one end only. */
    v = 0;
    assert_int_equal(tspk_negotiate_tspi(&provider, NULL, 0, TSPK_VERSION_1_3, TSPK_VERSION_2_0, &v), 0);
    assert_int_equal(v, TSPK_VERSION_2_0);
    v = 0;
    assert_int_equal(tspk_negotiate_tspi(&provider, NULL, 0, TSPK_VERSION_3_0, TSPK_VERSION_3_1, &v), 0);
    assert_int_equal(v, TSPK_VERSION_3_0);
    /* A single version. */
    v = 0;
    assert_int_equal(tspk_negotiate_tspi(&provider, NULL, 0, TSPK_VERSION_2_1, TSPK_VERSION_2_1, &v), 0);
    assert_int_equal(v, TSPK_VERSION_2_1);
}

static void test_tspi_no_overlap(void **state)
{
    DWORD v = 0x5A5A5A5A;
    (void)state;
    assert_int_equal(tspk_negotiate_tspi(&provider, NULL, 0, TSPK_VERSION_1_3, TSPK_VERSION_1_4, &v),
                     (LONG)LINEERR_INCOMPATIBLEAPIVERSION);
    assert_int_equal(tspk_negotiate_tspi(&provider, NULL, 0, TSPK_VERSION_3_1, 0x00040000, &v),
                     (LONG)LINEERR_INCOMPATIBLEAPIVERSION);
    /* An empty offer (low > high) overlaps nothing, even around our range. */
    assert_int_equal(tspk_negotiate_tspi(&provider, NULL, 0, TSPK_VERSION_3_1, TSPK_VERSION_1_3, &v),
                     (LONG)LINEERR_INCOMPATIBLEAPIVERSION);
    assert_int_equal(v, 0x5A5A5A5A);
    assert_int_equal(tspk_phone_negotiate_tspi(&provider, NULL, 0, TSPK_VERSION_1_3, TSPK_VERSION_1_4, &v),
                     (LONG)PHONEERR_INCOMPATIBLEAPIVERSION);
    assert_int_equal(tspk_negotiate_tspi(NULL, NULL, 0, 0, 0xFFFFFFFF, &v), (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_negotiate_tspi(&provider, NULL, 0, 0, 0xFFFFFFFF, NULL), (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_phone_negotiate_tspi(&provider, NULL, 0, 0, 0xFFFFFFFF, NULL),
                     (LONG)PHONEERR_INVALPOINTER);
}

static void test_tspi_device_range(void **state)
{
    static const tspk_verrange old_device = { TSPK_VERSION_1_4, TSPK_VERSION_2_0 };
    DWORD v = 0;
    (void)state;
    /* INITIALIZE_NEGOTIATION ignores the device's narrower range. */
    assert_int_equal(tspk_negotiate_tspi(&provider, &old_device, TSPK_INITIALIZE_NEGOTIATION,
                                         TSPK_VERSION_1_3, TSPK_VERSION_3_1, &v), 0);
    assert_int_equal(v, TSPK_VERSION_3_0);
    /* A device: intersection of its range and the provider's. */
    assert_int_equal(tspk_negotiate_tspi(&provider, &old_device, 3, TSPK_VERSION_1_3,
                                         TSPK_VERSION_3_1, &v), 0);
    assert_int_equal(v, TSPK_VERSION_2_0);
    assert_int_equal(tspk_negotiate_tspi(&provider, &old_device, 3, TSPK_VERSION_1_3,
                                         TSPK_VERSION_1_4, &v),
                     (LONG)LINEERR_INCOMPATIBLEAPIVERSION);
    assert_int_equal(tspk_negotiate_tspi(&provider, &old_device, 3, TSPK_VERSION_2_1,
                                         TSPK_VERSION_3_1, &v),
                     (LONG)LINEERR_INCOMPATIBLEAPIVERSION);
}

static void test_extver_negotiate(void **state)
{
    tspk_extver x;
    DWORD v = 0;
    (void)state;
    tspk_extver_init(&x, TSPK_VER_LINE, 0x00010000, 0x00010005);
    assert_int_equal(tspk_extver_selected(&x), 0);
    assert_int_equal(tspk_extver_negotiate(&x, 0x00000001, 0x00020000, &v), 0);
    assert_int_equal(v, 0x00010005);
    assert_int_equal(tspk_extver_negotiate(&x, 0x00010001, 0x00010003, &v), 0);
    assert_int_equal(v, 0x00010003);
    assert_int_equal(tspk_extver_negotiate(&x, 0x00020000, 0x00030000, &v),
                     (LONG)LINEERR_INCOMPATIBLEEXTVERSION);
    assert_int_equal(tspk_extver_negotiate(&x, 0x00010005, 0x00010001, &v),
                     (LONG)LINEERR_INCOMPATIBLEEXTVERSION);
    assert_int_equal(tspk_extver_negotiate(NULL, 1, 2, &v), (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_extver_negotiate(&x, 1, 2, NULL), (LONG)LINEERR_INVALPOINTER);
}

static void test_extver_select(void **state)
{
    tspk_extver x;
    DWORD v = 0;
    (void)state;
    tspk_extver_init(&x, TSPK_VER_LINE, 0x00010000, 0x00010005);

    assert_int_equal(tspk_extver_select(&x, 0x00010002), 0);
    assert_int_equal(tspk_extver_selected(&x), 0x00010002);
    /* While selected, negotiation yields only that version. */
    assert_int_equal(tspk_extver_negotiate(&x, 0x00010000, 0x00010005, &v), 0);
    assert_int_equal(v, 0x00010002);
    assert_int_equal(tspk_extver_negotiate(&x, 0x00010003, 0x00010005, &v),
                     (LONG)LINEERR_INCOMPATIBLEEXTVERSION);
    /* Selecting another version fails; the same one again succeeds. */
    assert_int_equal(tspk_extver_select(&x, 0x00010004), (LONG)LINEERR_INCOMPATIBLEEXTVERSION);
    assert_int_equal(tspk_extver_selected(&x), 0x00010002);
    assert_int_equal(tspk_extver_select(&x, 0x00010002), 0);
    /* Cancel, then the full range is back. */
    assert_int_equal(tspk_extver_select(&x, 0), 0);
    assert_int_equal(tspk_extver_selected(&x), 0);
    assert_int_equal(tspk_extver_negotiate(&x, 0x00010000, 0x00010005, &v), 0);
    assert_int_equal(v, 0x00010005);
    /* Out of range. */
    assert_int_equal(tspk_extver_select(&x, 0x00010006), (LONG)LINEERR_INCOMPATIBLEEXTVERSION);
    assert_int_equal(tspk_extver_select(&x, 0x0000FFFF), (LONG)LINEERR_INCOMPATIBLEEXTVERSION);
    assert_int_equal(tspk_extver_selected(&x), 0);
    assert_int_equal(tspk_extver_select(NULL, 1), (LONG)LINEERR_INVALPOINTER);
}

static void test_extver_none_and_phone(void **state)
{
    tspk_extver x;
    DWORD v = 0;
    (void)state;
    tspk_extver_init(&x, TSPK_VER_LINE, 0, 0);
    assert_int_equal(tspk_extver_negotiate(&x, 0, 0xFFFFFFFF, &v), (LONG)LINEERR_OPERATIONUNAVAIL);
    assert_int_equal(tspk_extver_select(&x, 0x00010000), (LONG)LINEERR_OPERATIONUNAVAIL);
    assert_int_equal(tspk_extver_select(&x, 0), 0);

    tspk_extver_init(&x, TSPK_VER_PHONE, 0, 0);
    assert_int_equal(tspk_extver_negotiate(&x, 0, 0xFFFFFFFF, &v), (LONG)PHONEERR_OPERATIONUNAVAIL);
    tspk_extver_init(&x, TSPK_VER_PHONE, 0x00010000, 0x00010000);
    assert_int_equal(tspk_extver_negotiate(&x, 0x00020000, 0x00020000, &v),
                     (LONG)PHONEERR_INCOMPATIBLEEXTVERSION);
    assert_int_equal(tspk_extver_select(&x, 0x00020000), (LONG)PHONEERR_INCOMPATIBLEEXTVERSION);
    assert_int_equal(tspk_extver_negotiate(&x, 0, 0xFFFFFFFF, NULL), (LONG)PHONEERR_INVALPOINTER);
    assert_int_equal(tspk_extver_negotiate(&x, 0, 0xFFFFFFFF, &v), 0);
    assert_int_equal(v, 0x00010000);
}

static void test_version_str(void **state)
{
    char buf[16];
    (void)state;
    assert_string_equal(tspk_version_str(TSPK_VERSION_1_4, buf, sizeof(buf)), "1.4");
    assert_string_equal(tspk_version_str(TSPK_VERSION_3_1, buf, sizeof(buf)), "3.1");
    assert_string_equal(tspk_version_str(0xFFFFFFFF, buf, sizeof(buf)), "65535.65535");
    assert_string_equal(tspk_version_str(TSPK_VERSION_2_2, buf, 2), "2");
    assert_string_equal(tspk_version_str(0x000A000C, buf, 4), "10.");
    assert_string_equal(tspk_version_str(0x000A000C, buf, 1), "");
    assert_string_equal(tspk_version_str(0, buf, sizeof(buf)), "0.0");
    assert_null(tspk_version_str(TSPK_VERSION_2_2, NULL, 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constants),
        cmocka_unit_test(test_tspi_highest_overlap),
        cmocka_unit_test(test_tspi_no_overlap),
        cmocka_unit_test(test_tspi_device_range),
        cmocka_unit_test(test_extver_negotiate),
        cmocka_unit_test(test_extver_select),
        cmocka_unit_test(test_extver_none_and_phone),
        cmocka_unit_test(test_version_str),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
