/*
 * port/dynlib.h - libserialport and libusb-1.0, loaded at run time.
 *
 * Why: a TSP DLL must load on a Windows machine that has neither library (it then serves
 * network ports only), and the libraries' headers are not available to every build (not for
 * mingw-w64 here). So the serial and usb backends call the libraries through the function
 * tables below, filled by dlopen/dlsym on POSIX and LoadLibrary/GetProcAddress on Windows,
 * on every OS, so the path Windows takes is the path the Linux tests take.
 *
 * This is the one place that declares what we use of the two libraries: the constants,
 * structure layouts and prototypes of libserialport 0.1.1 (libserialport.h) and libusb 1.0.21
 * or later (libusb.h), renamed (umpsp_, umpusb_) so that tests/unit/test_unimodem_port_dynlib.c
 * can include the real headers next to these and compare every value and offset.
 * libusb's functions and callbacks use WINAPI (stdcall) on Windows (LIBUSB_CALL);
 * libserialport's use the C convention.
 */
#ifndef UMP_DYNLIB_H
#define UMP_DYNLIB_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  define UMPUSB_CALL __stdcall
#else
#  define UMPUSB_CALL
#endif

/* ---- libserialport ----------------------------------------------------------------------- */

struct umpsp_port;
struct umpsp_event_set {           /* struct sp_event_set */
    void *handles;
    int *masks;                    /* enum sp_event * */
    unsigned int count;
};

enum {
    UMPSP_OK = 0, UMPSP_ERR_ARG = -1, UMPSP_ERR_FAIL = -2, UMPSP_ERR_MEM = -3, UMPSP_ERR_SUPP = -4,
    UMPSP_MODE_READ_WRITE = 3,
    UMPSP_EVENT_RX_READY = 1,
    UMPSP_PARITY_NONE = 0, UMPSP_PARITY_ODD = 1, UMPSP_PARITY_EVEN = 2, UMPSP_PARITY_MARK = 3,
    UMPSP_PARITY_SPACE = 4,
    UMPSP_RTS_OFF = 0, UMPSP_RTS_ON = 1,
    UMPSP_DTR_OFF = 0, UMPSP_DTR_ON = 1,
    UMPSP_FLOWCONTROL_NONE = 0, UMPSP_FLOWCONTROL_XONXOFF = 1, UMPSP_FLOWCONTROL_RTSCTS = 2,
    UMPSP_FLOWCONTROL_DTRDSR = 3,
    UMPSP_SIG_CTS = 1, UMPSP_SIG_DSR = 2, UMPSP_SIG_DCD = 4, UMPSP_SIG_RI = 8
};

/* Enumerations are passed as int: the same size and passing on every ABI we build for. */
typedef struct ump_sp_api {
    void *lib;
    int (*get_port_by_name)(const char *name, struct umpsp_port **port);
    void (*free_port)(struct umpsp_port *port);
    int (*open)(struct umpsp_port *port, int mode);
    int (*close)(struct umpsp_port *port);
    int (*nonblocking_read)(struct umpsp_port *port, void *buf, size_t count);
    int (*blocking_write)(struct umpsp_port *port, const void *buf, size_t count, unsigned timeout_ms);
    int (*set_baudrate)(struct umpsp_port *port, int baud);
    int (*set_bits)(struct umpsp_port *port, int bits);
    int (*set_parity)(struct umpsp_port *port, int parity);
    int (*set_stopbits)(struct umpsp_port *port, int stopbits);
    int (*set_flowcontrol)(struct umpsp_port *port, int flow);
    int (*set_dtr)(struct umpsp_port *port, int dtr);
    int (*set_rts)(struct umpsp_port *port, int rts);
    int (*get_signals)(struct umpsp_port *port, int *signals);
    int (*get_port_handle)(const struct umpsp_port *port, void *result);
    int (*new_event_set)(struct umpsp_event_set **set);
    int (*add_port_events)(struct umpsp_event_set *set, const struct umpsp_port *port, int mask);
    void (*free_event_set)(struct umpsp_event_set *set);
    int (*last_error_code)(void);
    char *(*last_error_message)(void);
    void (*free_error_message)(char *message);
} ump_sp_api;

/* ---- libusb-1.0 ---------------------------------------------------------------------------- */

typedef struct umpusb_context umpusb_context;
typedef struct umpusb_device umpusb_device;
typedef struct umpusb_device_handle umpusb_device_handle;

struct umpusb_device_descriptor {
    uint8_t bLength, bDescriptorType;
    uint16_t bcdUSB;
    uint8_t bDeviceClass, bDeviceSubClass, bDeviceProtocol, bMaxPacketSize0;
    uint16_t idVendor, idProduct, bcdDevice;
    uint8_t iManufacturer, iProduct, iSerialNumber, bNumConfigurations;
};

struct umpusb_endpoint_descriptor {
    uint8_t bLength, bDescriptorType, bEndpointAddress, bmAttributes;
    uint16_t wMaxPacketSize;
    uint8_t bInterval, bRefresh, bSynchAddress;
    const unsigned char *extra;
    int extra_length;
};

struct umpusb_interface_descriptor {
    uint8_t bLength, bDescriptorType, bInterfaceNumber, bAlternateSetting, bNumEndpoints,
            bInterfaceClass, bInterfaceSubClass, bInterfaceProtocol, iInterface;
    const struct umpusb_endpoint_descriptor *endpoint;
    const unsigned char *extra;
    int extra_length;
};

struct umpusb_interface {
    const struct umpusb_interface_descriptor *altsetting;
    int num_altsetting;
};

struct umpusb_config_descriptor {
    uint8_t bLength, bDescriptorType;
    uint16_t wTotalLength;
    uint8_t bNumInterfaces, bConfigurationValue, iConfiguration, bmAttributes, MaxPower;
    const struct umpusb_interface *interfaces;   /* libusb: "interface", a macro on Windows */
    const unsigned char *extra;
    int extra_length;
};

struct umpusb_iso_packet_descriptor {
    unsigned int length, actual_length;
    int status;                    /* enum libusb_transfer_status */
};

struct umpusb_transfer;
typedef void (UMPUSB_CALL *umpusb_transfer_cb)(struct umpusb_transfer *transfer);

struct umpusb_transfer {
    umpusb_device_handle *dev_handle;
    uint8_t flags;
    unsigned char endpoint, type;
    unsigned int timeout;
    int status;                    /* enum libusb_transfer_status */
    int length, actual_length;
    umpusb_transfer_cb callback;
    void *user_data;
    unsigned char *buffer;
    int num_iso_packets;
    struct umpusb_iso_packet_descriptor iso_packet_desc[];
};

enum {
    UMPUSB_SUCCESS = 0, UMPUSB_ERROR_IO = -1, UMPUSB_ERROR_INVALID_PARAM = -2,
    UMPUSB_ERROR_ACCESS = -3, UMPUSB_ERROR_NO_DEVICE = -4, UMPUSB_ERROR_NOT_FOUND = -5,
    UMPUSB_ERROR_BUSY = -6, UMPUSB_ERROR_TIMEOUT = -7, UMPUSB_ERROR_OVERFLOW = -8,
    UMPUSB_ERROR_PIPE = -9, UMPUSB_ERROR_INTERRUPTED = -10, UMPUSB_ERROR_NO_MEM = -11,
    UMPUSB_ERROR_NOT_SUPPORTED = -12,
    UMPUSB_TRANSFER_COMPLETED = 0, UMPUSB_TRANSFER_ERROR = 1, UMPUSB_TRANSFER_TIMED_OUT = 2,
    UMPUSB_TRANSFER_CANCELLED = 3, UMPUSB_TRANSFER_STALL = 4, UMPUSB_TRANSFER_NO_DEVICE = 5,
    UMPUSB_TRANSFER_OVERFLOW = 6,
    UMPUSB_TRANSFER_TYPE_BULK = 2, UMPUSB_TRANSFER_TYPE_INTERRUPT = 3,
    UMPUSB_ENDPOINT_IN = 0x80,
    UMPUSB_DT_DEVICE = 0x01, UMPUSB_DT_CONFIG = 0x02, UMPUSB_DT_INTERFACE = 0x04,
    UMPUSB_DT_ENDPOINT = 0x05
};

typedef struct ump_usb_api {
    void *lib;
    int (UMPUSB_CALL *init)(umpusb_context **ctx);
    void (UMPUSB_CALL *exit)(umpusb_context *ctx);
    ptrdiff_t (UMPUSB_CALL *get_device_list)(umpusb_context *ctx, umpusb_device ***list);
    void (UMPUSB_CALL *free_device_list)(umpusb_device **list, int unref);
    int (UMPUSB_CALL *get_device_descriptor)(umpusb_device *dev, struct umpusb_device_descriptor *d);
    int (UMPUSB_CALL *get_active_config_descriptor)(umpusb_device *dev,
                                                    struct umpusb_config_descriptor **config);
    void (UMPUSB_CALL *free_config_descriptor)(struct umpusb_config_descriptor *config);
    uint8_t (UMPUSB_CALL *get_bus_number)(umpusb_device *dev);
    uint8_t (UMPUSB_CALL *get_device_address)(umpusb_device *dev);
    int (UMPUSB_CALL *open)(umpusb_device *dev, umpusb_device_handle **handle);
    void (UMPUSB_CALL *close)(umpusb_device_handle *handle);
    int (UMPUSB_CALL *get_string_descriptor_ascii)(umpusb_device_handle *h, uint8_t index,
                                                   unsigned char *data, int length);
    int (UMPUSB_CALL *set_auto_detach_kernel_driver)(umpusb_device_handle *h, int enable);
    int (UMPUSB_CALL *claim_interface)(umpusb_device_handle *h, int interface_number);
    int (UMPUSB_CALL *release_interface)(umpusb_device_handle *h, int interface_number);
    int (UMPUSB_CALL *control_transfer)(umpusb_device_handle *h, uint8_t request_type,
                                        uint8_t request, uint16_t value, uint16_t index,
                                        unsigned char *data, uint16_t length, unsigned timeout);
    int (UMPUSB_CALL *bulk_transfer)(umpusb_device_handle *h, unsigned char endpoint,
                                     unsigned char *data, int length, int *transferred,
                                     unsigned timeout);
    struct umpusb_transfer *(UMPUSB_CALL *alloc_transfer)(int iso_packets);
    void (UMPUSB_CALL *free_transfer)(struct umpusb_transfer *transfer);
    int (UMPUSB_CALL *submit_transfer)(struct umpusb_transfer *transfer);
    int (UMPUSB_CALL *cancel_transfer)(struct umpusb_transfer *transfer);
    int (UMPUSB_CALL *handle_events_completed)(umpusb_context *ctx, int *completed);
    void (UMPUSB_CALL *interrupt_event_handler)(umpusb_context *ctx);
    const char *(UMPUSB_CALL *error_name)(int code);
} ump_usb_api;

/* Load the library and every function above into api; UMP_ENOTSUP with a message naming
 * the library or the missing function when that fails. Unload releases the library. */
int ump_sp_load(ump_sp_api *api, char *msg, size_t msg_size);
void ump_sp_unload(ump_sp_api *api);
int ump_usb_load(ump_usb_api *api, char *msg, size_t msg_size);
void ump_usb_unload(ump_usb_api *api);

#endif /* UMP_DYNLIB_H */
