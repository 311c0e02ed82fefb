/*
 * tests/unit/test_unimodem_port_dynlib.c - tsp-unimodem/port/dynlib.h declares the parts of
 * libserialport and libusb-1.0 the backends use, because those headers are not available to
 * the Windows builds. This test puts the system's real headers next to those declarations
 * and compares every constant, structure size and field offset, then loads both libraries
 * the way the backends do and checks every function was found.
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/thread.h>

#include "port/dynlib.h"
#include "port/port.h"

#include <libserialport.h>
#include <libusb.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#define SAME(ours, theirs) do {                                                            \
        printf("%-44s %6ld %6ld\n", #ours, (long)(ours), (long)(theirs));                   \
        assert_int_equal((long)(ours), (long)(theirs));                                    \
    } while (0)
#define SAME_FIELD(ours, theirs, f_ours, f_theirs)                                         \
    SAME(offsetof(struct ours, f_ours), offsetof(struct theirs, f_theirs))

static void test_libserialport_declarations(void **state)
{
    (void)state;
    SAME(UMPSP_OK, SP_OK);
    SAME(UMPSP_ERR_ARG, SP_ERR_ARG);
    SAME(UMPSP_ERR_FAIL, SP_ERR_FAIL);
    SAME(UMPSP_ERR_MEM, SP_ERR_MEM);
    SAME(UMPSP_ERR_SUPP, SP_ERR_SUPP);
    SAME(UMPSP_MODE_READ_WRITE, SP_MODE_READ_WRITE);
    SAME(UMPSP_EVENT_RX_READY, SP_EVENT_RX_READY);
    SAME(UMPSP_PARITY_NONE, SP_PARITY_NONE);
    SAME(UMPSP_PARITY_ODD, SP_PARITY_ODD);
    SAME(UMPSP_PARITY_EVEN, SP_PARITY_EVEN);
    SAME(UMPSP_PARITY_MARK, SP_PARITY_MARK);
    SAME(UMPSP_PARITY_SPACE, SP_PARITY_SPACE);
    SAME(UMPSP_RTS_OFF, SP_RTS_OFF);
    SAME(UMPSP_RTS_ON, SP_RTS_ON);
    SAME(UMPSP_DTR_OFF, SP_DTR_OFF);
    SAME(UMPSP_DTR_ON, SP_DTR_ON);
    SAME(UMPSP_FLOWCONTROL_NONE, SP_FLOWCONTROL_NONE);
    SAME(UMPSP_FLOWCONTROL_XONXOFF, SP_FLOWCONTROL_XONXOFF);
    SAME(UMPSP_FLOWCONTROL_RTSCTS, SP_FLOWCONTROL_RTSCTS);
    SAME(UMPSP_FLOWCONTROL_DTRDSR, SP_FLOWCONTROL_DTRDSR);
    SAME(UMPSP_SIG_CTS, SP_SIG_CTS);
    SAME(UMPSP_SIG_DSR, SP_SIG_DSR);
    SAME(UMPSP_SIG_DCD, SP_SIG_DCD);
    SAME(UMPSP_SIG_RI, SP_SIG_RI);
    /* Enumerations travel as int in our table. */
    SAME(sizeof(enum sp_return), sizeof(int));
    SAME(sizeof(enum sp_signal), sizeof(int));
    SAME(sizeof(enum sp_parity), sizeof(int));
    SAME(sizeof(struct umpsp_event_set), sizeof(struct sp_event_set));
    SAME_FIELD(umpsp_event_set, sp_event_set, handles, handles);
    SAME_FIELD(umpsp_event_set, sp_event_set, masks, masks);
    SAME_FIELD(umpsp_event_set, sp_event_set, count, count);
}

static void test_libusb_declarations(void **state)
{
    (void)state;
    SAME(UMPUSB_SUCCESS, LIBUSB_SUCCESS);
    SAME(UMPUSB_ERROR_IO, LIBUSB_ERROR_IO);
    SAME(UMPUSB_ERROR_INVALID_PARAM, LIBUSB_ERROR_INVALID_PARAM);
    SAME(UMPUSB_ERROR_ACCESS, LIBUSB_ERROR_ACCESS);
    SAME(UMPUSB_ERROR_NO_DEVICE, LIBUSB_ERROR_NO_DEVICE);
    SAME(UMPUSB_ERROR_NOT_FOUND, LIBUSB_ERROR_NOT_FOUND);
    SAME(UMPUSB_ERROR_BUSY, LIBUSB_ERROR_BUSY);
    SAME(UMPUSB_ERROR_TIMEOUT, LIBUSB_ERROR_TIMEOUT);
    SAME(UMPUSB_ERROR_OVERFLOW, LIBUSB_ERROR_OVERFLOW);
    SAME(UMPUSB_ERROR_PIPE, LIBUSB_ERROR_PIPE);
    SAME(UMPUSB_ERROR_INTERRUPTED, LIBUSB_ERROR_INTERRUPTED);
    SAME(UMPUSB_ERROR_NO_MEM, LIBUSB_ERROR_NO_MEM);
    SAME(UMPUSB_ERROR_NOT_SUPPORTED, LIBUSB_ERROR_NOT_SUPPORTED);
    SAME(UMPUSB_TRANSFER_COMPLETED, LIBUSB_TRANSFER_COMPLETED);
    SAME(UMPUSB_TRANSFER_ERROR, LIBUSB_TRANSFER_ERROR);
    SAME(UMPUSB_TRANSFER_TIMED_OUT, LIBUSB_TRANSFER_TIMED_OUT);
    SAME(UMPUSB_TRANSFER_CANCELLED, LIBUSB_TRANSFER_CANCELLED);
    SAME(UMPUSB_TRANSFER_STALL, LIBUSB_TRANSFER_STALL);
    SAME(UMPUSB_TRANSFER_NO_DEVICE, LIBUSB_TRANSFER_NO_DEVICE);
    SAME(UMPUSB_TRANSFER_OVERFLOW, LIBUSB_TRANSFER_OVERFLOW);
    SAME(UMPUSB_TRANSFER_TYPE_BULK, LIBUSB_TRANSFER_TYPE_BULK);
    SAME(UMPUSB_TRANSFER_TYPE_INTERRUPT, LIBUSB_TRANSFER_TYPE_INTERRUPT);
    SAME(UMPUSB_ENDPOINT_IN, LIBUSB_ENDPOINT_IN);
    SAME(UMPUSB_DT_DEVICE, LIBUSB_DT_DEVICE);
    SAME(UMPUSB_DT_CONFIG, LIBUSB_DT_CONFIG);
    SAME(UMPUSB_DT_INTERFACE, LIBUSB_DT_INTERFACE);
    SAME(UMPUSB_DT_ENDPOINT, LIBUSB_DT_ENDPOINT);
    SAME(sizeof(enum libusb_transfer_status), sizeof(int));

    SAME(sizeof(struct umpusb_device_descriptor), sizeof(struct libusb_device_descriptor));
    SAME_FIELD(umpusb_device_descriptor, libusb_device_descriptor, idVendor, idVendor);
    SAME_FIELD(umpusb_device_descriptor, libusb_device_descriptor, idProduct, idProduct);
    SAME_FIELD(umpusb_device_descriptor, libusb_device_descriptor, iSerialNumber, iSerialNumber);
    SAME_FIELD(umpusb_device_descriptor, libusb_device_descriptor, bNumConfigurations,
               bNumConfigurations);

    SAME(sizeof(struct umpusb_endpoint_descriptor), sizeof(struct libusb_endpoint_descriptor));
    SAME_FIELD(umpusb_endpoint_descriptor, libusb_endpoint_descriptor, bEndpointAddress,
               bEndpointAddress);
    SAME_FIELD(umpusb_endpoint_descriptor, libusb_endpoint_descriptor, bmAttributes, bmAttributes);
    SAME_FIELD(umpusb_endpoint_descriptor, libusb_endpoint_descriptor, wMaxPacketSize,
               wMaxPacketSize);
    SAME_FIELD(umpusb_endpoint_descriptor, libusb_endpoint_descriptor, extra, extra);
    SAME_FIELD(umpusb_endpoint_descriptor, libusb_endpoint_descriptor, extra_length, extra_length);

    SAME(sizeof(struct umpusb_interface_descriptor), sizeof(struct libusb_interface_descriptor));
    SAME_FIELD(umpusb_interface_descriptor, libusb_interface_descriptor, bInterfaceNumber,
               bInterfaceNumber);
    SAME_FIELD(umpusb_interface_descriptor, libusb_interface_descriptor, bNumEndpoints,
               bNumEndpoints);
    SAME_FIELD(umpusb_interface_descriptor, libusb_interface_descriptor, bInterfaceClass,
               bInterfaceClass);
    SAME_FIELD(umpusb_interface_descriptor, libusb_interface_descriptor, bInterfaceSubClass,
               bInterfaceSubClass);
    SAME_FIELD(umpusb_interface_descriptor, libusb_interface_descriptor, endpoint, endpoint);
    SAME_FIELD(umpusb_interface_descriptor, libusb_interface_descriptor, extra, extra);
    SAME_FIELD(umpusb_interface_descriptor, libusb_interface_descriptor, extra_length, extra_length);

    SAME(sizeof(struct umpusb_interface), sizeof(struct libusb_interface));
    SAME_FIELD(umpusb_interface, libusb_interface, altsetting, altsetting);
    SAME_FIELD(umpusb_interface, libusb_interface, num_altsetting, num_altsetting);

    SAME(sizeof(struct umpusb_config_descriptor), sizeof(struct libusb_config_descriptor));
    SAME_FIELD(umpusb_config_descriptor, libusb_config_descriptor, bNumInterfaces, bNumInterfaces);
    SAME_FIELD(umpusb_config_descriptor, libusb_config_descriptor, interfaces, interface);
    SAME_FIELD(umpusb_config_descriptor, libusb_config_descriptor, extra_length, extra_length);

    SAME(sizeof(struct umpusb_iso_packet_descriptor), sizeof(struct libusb_iso_packet_descriptor));
    SAME(sizeof(struct umpusb_transfer), sizeof(struct libusb_transfer));
    SAME_FIELD(umpusb_transfer, libusb_transfer, dev_handle, dev_handle);
    SAME_FIELD(umpusb_transfer, libusb_transfer, flags, flags);
    SAME_FIELD(umpusb_transfer, libusb_transfer, endpoint, endpoint);
    SAME_FIELD(umpusb_transfer, libusb_transfer, type, type);
    SAME_FIELD(umpusb_transfer, libusb_transfer, timeout, timeout);
    SAME_FIELD(umpusb_transfer, libusb_transfer, status, status);
    SAME_FIELD(umpusb_transfer, libusb_transfer, length, length);
    SAME_FIELD(umpusb_transfer, libusb_transfer, actual_length, actual_length);
    SAME_FIELD(umpusb_transfer, libusb_transfer, callback, callback);
    SAME_FIELD(umpusb_transfer, libusb_transfer, user_data, user_data);
    SAME_FIELD(umpusb_transfer, libusb_transfer, buffer, buffer);
    SAME_FIELD(umpusb_transfer, libusb_transfer, num_iso_packets, num_iso_packets);
    SAME_FIELD(umpusb_transfer, libusb_transfer, iso_packet_desc, iso_packet_desc);
}

static void test_load(void **state)
{
    ump_sp_api sp;
    ump_usb_api usb;
    char msg[160] = "";
    const void *const *f;
    size_t i;
    (void)state;

    if (ump_sp_load(&sp, msg, sizeof msg) != UMP_OK) fail_msg("%s", msg);
    /* Every slot after the library handle is a function the backend calls. */
    for (f = (const void *const *)&sp.get_port_by_name, i = 0;
         (const char *)(f + i) < (const char *)(&sp + 1); i++)
        assert_non_null(f[i]);
    printf("libserialport: %zu functions\n", i);
    ump_sp_unload(&sp);
    assert_null(sp.lib);

    if (ump_usb_load(&usb, msg, sizeof msg) != UMP_OK) fail_msg("%s", msg);
    for (f = (const void *const *)&usb.init, i = 0;
         (const char *)(f + i) < (const char *)(&usb + 1); i++)
        assert_non_null(f[i]);
    printf("libusb-1.0: %zu functions, e.g. %s\n", i, usb.error_name(UMPUSB_ERROR_NO_DEVICE));
    assert_string_equal(usb.error_name(UMPUSB_ERROR_NO_DEVICE), "LIBUSB_ERROR_NO_DEVICE");
    ump_usb_unload(&usb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_libserialport_declarations),
        cmocka_unit_test(test_libusb_declarations),
        cmocka_unit_test(test_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
