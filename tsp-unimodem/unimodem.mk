# tsp-unimodem/unimodem.mk - build rules for the Unimodem-style TSP, included by the top Makefile.
#
# Sources live one folder per job: profile/ (modem descriptions: INF/registry-like profiles),
# at/ (the AT command engine: a pure state machine fed bytes and time), later port/ (serial,
# tty, usb, tcp, rfc2217 backends) and tsp/ (the TSPI layer on the SDK framework).
#
# Unit tests tests/unit/test_unimodem_*.c and fuzz targets tests/unit/fuzz_unimodem_*.c link the
# pure library (every .c under tsp-unimodem/ except port/ and tsp/).

UNIMODEM_LIB_SRC := $(sort $(filter-out tsp-unimodem/port/% tsp-unimodem/tsp/%,$(wildcard tsp-unimodem/*/*.c)))
UNIMODEM_HDR     := $(sort $(wildcard tsp-unimodem/*/*.h))
UNIMODEM_INC     := -Itsp-unimodem

$(BUILD)/asan/tests/test_unimodem_%: tests/unit/test_unimodem_%.c $(UNIMODEM_LIB_SRC) $(UNIMODEM_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(UNIMODEM_INC) $< $(UNIMODEM_LIB_SRC) -o $@ -lcmocka

$(BUILD)/fuzz/fuzz_unimodem_%: tests/unit/fuzz_unimodem_%.c $(UNIMODEM_LIB_SRC) $(UNIMODEM_HDR)
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -g -O1 -Isdk/include $(UNIMODEM_INC) -fsanitize=fuzzer,address,undefined $< $(UNIMODEM_LIB_SRC) -o $@

# Port backends (port/): unit tests tests/unit/test_unimodem_port_*.c link them. libserialport
# and libusb-1.0 are loaded at run time (port/dynlib.h), so they are not linked (their headers
# are used by the test that checks dynlib.h against them); the tests emulate devices with
# libumockdev. The port fuzz targets link the pure parsers only.
UNIMODEM_PORT_SRC  := $(sort $(wildcard tsp-unimodem/port/*.c))
UNIMODEM_PORT_PURE := tsp-unimodem/port/url.c tsp-unimodem/port/telnet.c
UMOCKDEV_FLAGS      = $(shell pkg-config --cflags --libs umockdev-1.0 2>/dev/null) \
                      $(shell pkg-config --cflags libusb-1.0 libserialport 2>/dev/null)

$(BUILD)/asan/tests/test_unimodem_port_%: tests/unit/test_unimodem_port_%.c $(UNIMODEM_PORT_SRC) $(UNIMODEM_HDR) $(SDK_HEADERS) $(wildcard tests/ports/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(UNIMODEM_INC) $< $(UNIMODEM_PORT_SRC) -o $@ -lcmocka -ldl -lutil $(UMOCKDEV_FLAGS)

$(BUILD)/fuzz/fuzz_unimodem_url $(BUILD)/fuzz/fuzz_unimodem_telnet: $(BUILD)/fuzz/%: tests/unit/%.c $(UNIMODEM_PORT_PURE) $(UNIMODEM_HDR)
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -g -O1 -Isdk/include $(UNIMODEM_INC) -fsanitize=fuzzer,address,undefined $< $(UNIMODEM_PORT_PURE) -o $@

# The backends as a Windows program (tests/ports/win_smoke.c): test_unimodem_port_windows runs
# the x86_64 build under Wine; the i686 build proves they compile for 32-bit Windows.
$(BUILD)/win64/tests/unimodem_port_smoke.exe: tests/ports/win_smoke.c $(UNIMODEM_PORT_SRC) $(UNIMODEM_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(MINGW64) $(CFLAGS_WIN) $(UNIMODEM_INC) $< $(UNIMODEM_PORT_SRC) $(LDFLAGS_WIN) -lws2_32 -o $@
$(BUILD)/win32/tests/unimodem_port_smoke.exe: tests/ports/win_smoke.c $(UNIMODEM_PORT_SRC) $(UNIMODEM_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(MINGW32) $(CFLAGS_WIN) $(UNIMODEM_INC) $< $(UNIMODEM_PORT_SRC) $(LDFLAGS_WIN) -lws2_32 -o $@
$(BUILD)/asan/tests/test_unimodem_port_windows: $(BUILD)/win64/tests/unimodem_port_smoke.exe $(BUILD)/win32/tests/unimodem_port_smoke.exe
