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

# The provider (tsp/): build/{native,asan}/unimodem.so and build/{win64,win32}/unimodem.tsp,
# the pure library + the port backends + the TSPI layer on the SDK framework. The .so exports
# what the .def does (tools/def2map.sh). tests/unimodem/lane.sh drives it against modemsim.
UNIMODEM_TSP_SRC := $(sort $(wildcard tsp-unimodem/tsp/*.c))
UNIMODEM_ALL_SRC  = $(UNIMODEM_LIB_SRC) $(UNIMODEM_PORT_SRC) $(UNIMODEM_TSP_SRC)
UNIMODEM_DEF     := tsp-unimodem/tsp/unimodem.def

native: $(BUILD)/native/unimodem.so
asan: $(BUILD)/asan/unimodem.so $(BUILD)/asan/tests/test_unimodem_tsp $(BUILD)/asan/tests/test_unimodem_ports
windows: $(BUILD)/win64/unimodem.tsp $(BUILD)/win32/unimodem.tsp \
         $(BUILD)/win64/tests/unimodem_registry_probe.exe $(BUILD)/win32/tests/unimodem_registry_probe.exe

$(BUILD)/%/unimodem.map: $(UNIMODEM_DEF)
	@mkdir -p $(@D)
	sh tools/def2map.sh $< > $@

$(BUILD)/native/unimodem.so: $(UNIMODEM_ALL_SRC) $(UNIMODEM_HDR) $(SDK_HEADERS) $(BUILD)/native/unimodem.map
	$(CC) $(CFLAGS_NATIVE) $(UNIMODEM_INC) -shared -Wl,--version-script=$(BUILD)/native/unimodem.map \
	    $(UNIMODEM_ALL_SRC) -o $@ -ldl
$(BUILD)/asan/unimodem.so: $(UNIMODEM_ALL_SRC) $(UNIMODEM_HDR) $(SDK_HEADERS) $(BUILD)/asan/unimodem.map
	$(CC) $(CFLAGS_ASAN) $(UNIMODEM_INC) -shared -Wl,--version-script=$(BUILD)/asan/unimodem.map \
	    $(UNIMODEM_ALL_SRC) -o $@ -ldl

$(BUILD)/win64/unimodem.res.o: tsp-unimodem/tsp/unimodem.rc sdk/include/tspkit/versioninfo.rc
	@mkdir -p $(@D)
	$(WINDRES64) -Isdk/include $< -o $@
$(BUILD)/win32/unimodem.res.o: tsp-unimodem/tsp/unimodem.rc sdk/include/tspkit/versioninfo.rc
	@mkdir -p $(@D)
	$(WINDRES32) -Isdk/include $< -o $@
$(BUILD)/win64/unimodem.tsp: $(UNIMODEM_ALL_SRC) $(UNIMODEM_HDR) $(SDK_HEADERS) $(UNIMODEM_DEF) $(BUILD)/win64/unimodem.res.o
	$(MINGW64) $(CFLAGS_WIN) $(UNIMODEM_INC) -shared $(UNIMODEM_ALL_SRC) $(BUILD)/win64/unimodem.res.o \
	    $(UNIMODEM_DEF) $(LDFLAGS_WIN) -lws2_32 -o $@
$(BUILD)/win32/unimodem.tsp: $(UNIMODEM_ALL_SRC) $(UNIMODEM_HDR) $(SDK_HEADERS) $(UNIMODEM_DEF) $(BUILD)/win32/unimodem.res.o
	$(MINGW32) $(CFLAGS_WIN) $(UNIMODEM_INC) -shared $(UNIMODEM_ALL_SRC) $(BUILD)/win32/unimodem.res.o \
	    $(UNIMODEM_DEF) $(LDFLAGS_WIN) -lws2_32 -Wl,--enable-stdcall-fixup,--kill-at -o $@

# The configuration: the file parser and loader and the registry reader (tsp/config.c,
# tsp/registry.c, on the profile library); their unit tests and fuzz targets.
UNIMODEM_CONFIG_SRC := tsp-unimodem/tsp/config.c tsp-unimodem/tsp/registry.c $(UNIMODEM_LIB_SRC)
$(BUILD)/asan/tests/test_unimodem_config $(BUILD)/asan/tests/test_unimodem_config_registry: \
        $(BUILD)/asan/tests/%: tests/unit/%.c $(UNIMODEM_CONFIG_SRC) $(UNIMODEM_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(UNIMODEM_INC) $< $(UNIMODEM_CONFIG_SRC) -o $@ -lcmocka
$(BUILD)/fuzz/fuzz_unimodem_config $(BUILD)/fuzz/fuzz_unimodem_registry: \
        $(BUILD)/fuzz/%: tests/unit/%.c $(UNIMODEM_CONFIG_SRC) $(UNIMODEM_HDR)
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -g -O1 -Isdk/include $(UNIMODEM_INC) -fsanitize=fuzzer,address,undefined $< $(UNIMODEM_CONFIG_SRC) -o $@

# The end-to-end test: the harness library drives build/asan/unimodem.so against modemsim
# (started by the test itself), for what scripts cannot say (disconnect modes, LINE_CLOSE,
# data through the lineGetID handle). Run by tests/unimodem/lane.sh.
$(BUILD)/asan/tests/test_unimodem_tsp: tests/unimodem/test_tsp.c $(HARNESS_LIB_SRC) $(HARNESS_HDR) $(SDK_HEADERS) \
                                       | $(BUILD)/asan/unimodem.so $(BUILD)/asan/modemsim
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $< $(HARNESS_LIB_SRC) -o $@ -lcmocka -ldl

# The usb: and rfc2217:// ports end to end (tests/unimodem/test_ports.c): the harness library
# drives build/asan/unimodem.so, one line on an emulated CDC-ACM modem (umockdev) or behind
# ser2net, data through the port relay's lineGetID handle. Run by the unimodem-ports lane.
$(BUILD)/asan/tests/test_unimodem_ports: tests/unimodem/test_ports.c $(HARNESS_LIB_SRC) $(HARNESS_HDR) $(SDK_HEADERS) \
                                         $(wildcard tests/ports/*.h) | $(BUILD)/asan/unimodem.so $(BUILD)/asan/modemsim
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $< $(HARNESS_LIB_SRC) -o $@ -lcmocka -ldl -lpthread $(UMOCKDEV_FLAGS)

# The modem rows of `make bench` (docs/bench.md): the harness and a heap/AT-command probe
# linked into one program that loads build/native/unimodem.so and runs build/native/modemsim.
# The probe's malloc & co. and read/write are exported so the provider module uses them.
UNIMODEM_BENCH_EXPORTS := malloc calloc realloc free memalign aligned_alloc posix_memalign valloc pvalloc read write
BENCH_PROGS += $(BUILD)/native/unimodem_bench
$(BUILD)/native/unimodem_bench: tools/bench/unimodem_bench.c tools/bench/bench_row.h $(HARNESS_LIB_SRC) $(HARNESS_HDR) \
                                $(SDK_HEADERS) $(BUILD)/native/unimodem.so $(BUILD)/native/modemsim
	$(CC) $(CFLAGS_NATIVE) $< $(HARNESS_LIB_SRC) -o $@ -ldl \
	    $(foreach s,$(UNIMODEM_BENCH_EXPORTS),-Wl,--export-dynamic-symbol=$(s))

# What umc_load reads from a Windows registry (tests/unimodem/registry_probe.c), for the
# wine-unimodem-registry lane (tests/unimodem/registry-lane.sh); the i686 build proves it
# compiles for 32-bit Windows.
$(BUILD)/win64/tests/unimodem_registry_probe.exe: tests/unimodem/registry_probe.c $(UNIMODEM_CONFIG_SRC) $(UNIMODEM_HDR)
	@mkdir -p $(@D)
	$(MINGW64) $(CFLAGS_WIN) $(UNIMODEM_INC) $< $(UNIMODEM_CONFIG_SRC) $(LDFLAGS_WIN) -o $@
$(BUILD)/win32/tests/unimodem_registry_probe.exe: tests/unimodem/registry_probe.c $(UNIMODEM_CONFIG_SRC) $(UNIMODEM_HDR)
	@mkdir -p $(@D)
	$(MINGW32) $(CFLAGS_WIN) $(UNIMODEM_INC) $< $(UNIMODEM_CONFIG_SRC) $(LDFLAGS_WIN) -o $@
