# tspkit - top-level build.
#
#   make          install missing Debian packages, build everything (native + Windows x86_64/i686)
#   make demo     build, then drive the example provider and two simulated modems (Unimodem TSP)
#                 through a call, natively and under Wine
#   make test     the full suite: unit tests (ASan+UBSan), ABI proof, native and Wine lanes,
#                 and a bounded run of every fuzz target (tests/fuzz-lane.sh)
#   make fuzz     run every libFuzzer target for FUZZ_SECONDS each (clang)
#   make bench    the benchmarks (-O2, no sanitizers), one table of figures against targets
#   make install PREFIX=/usr/local   headers + tspkit.pc
#
# Everything lands under $(BUILD): native/ (optimised), asan/ (sanitized, used by the tests),
# win64/ and win32/ (mingw-w64), wine/ (the Wine prefix used by the tests).

BUILD    ?= build
PREFIX   ?= /usr/local
VERSION  := 0.1.0
CC       ?= cc
MINGW64  ?= x86_64-w64-mingw32-gcc
MINGW32  ?= i686-w64-mingw32-gcc
WINDRES64 ?= x86_64-w64-mingw32-windres
WINDRES32 ?= i686-w64-mingw32-windres
CLANG    ?= clang
FUZZ_SECONDS ?= 20

WARN     := -std=c11 -Wall -Wextra -Werror
INC      := -Isdk/include -Iharness
SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CFLAGS_NATIVE := $(WARN) $(INC) -O2 -g -fPIC -pthread
CFLAGS_ASAN   := $(WARN) $(INC) -O1 -g -fPIC -pthread $(SAN)
CFLAGS_WIN    := $(WARN) $(INC) -O2 -g
# Windows DLLs and programs carry their runtime with them, so they run on a bare Windows or Wine.
LDFLAGS_WIN   := -static-libgcc -static

SDK_HEADERS := $(wildcard sdk/include/tspkit/*.h sdk/include/tspkit/bits/*.h)

# --- the example provider ---------------------------------------------------------------------
EXAMPLE_DIR  := sdk/examples/loopback
EXAMPLE_SRC  := $(EXAMPLE_DIR)/loopback.c
EXAMPLE_DEF  := $(EXAMPLE_DIR)/loopback.def
EXAMPLE_RC   := $(EXAMPLE_DIR)/loopback.rc

# --- the harness (emulated TAPISRV) -------------------------------------------------------------
HARNESS_LIB_SRC := $(wildcard harness/*.c)
HARNESS_LIB_SRC := $(filter-out harness/main.c,$(HARNESS_LIB_SRC))
HARNESS_HDR     := $(wildcard harness/*.h)

UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
FUZZERS    := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/fuzz_*.c))

NATIVE_OUT := $(BUILD)/native/loopback.so $(BUILD)/native/tsp-harness
ASAN_OUT   := $(BUILD)/asan/loopback.so $(BUILD)/asan/tsp-harness \
              $(addprefix $(BUILD)/asan/tests/,$(UNIT_TESTS))
WIN64_OUT  := $(BUILD)/win64/loopback.tsp $(BUILD)/win64/tsp-harness.exe
WIN32_OUT  := $(BUILD)/win32/loopback.tsp $(BUILD)/win32/tsp-harness.exe

.PHONY: all deps native asan windows demo test fuzz bench install clean
.DELETE_ON_ERROR:

all: deps
	@$(MAKE) --no-print-directory native windows

deps:
	@sh tools/install-deps.sh

native: $(NATIVE_OUT)
asan: $(ASAN_OUT)
windows: $(WIN64_OUT) $(WIN32_OUT)

# --- native builds ------------------------------------------------------------------------------
# The .so exports exactly what the module-definition file exports on Windows.
$(BUILD)/%/loopback.map: $(EXAMPLE_DEF)
	@mkdir -p $(@D)
	sh tools/def2map.sh $< > $@

$(BUILD)/native/loopback.so: $(EXAMPLE_SRC) $(SDK_HEADERS) $(BUILD)/native/loopback.map
	$(CC) $(CFLAGS_NATIVE) -shared -Wl,--version-script=$(BUILD)/native/loopback.map $(EXAMPLE_SRC) -o $@

$(BUILD)/asan/loopback.so: $(EXAMPLE_SRC) $(SDK_HEADERS) $(BUILD)/asan/loopback.map
	$(CC) $(CFLAGS_ASAN) -shared -Wl,--version-script=$(BUILD)/asan/loopback.map $(EXAMPLE_SRC) -o $@

$(BUILD)/native/tsp-harness: harness/main.c $(HARNESS_LIB_SRC) $(HARNESS_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_NATIVE) harness/main.c $(HARNESS_LIB_SRC) -o $@ -ldl

$(BUILD)/asan/tsp-harness: harness/main.c $(HARNESS_LIB_SRC) $(HARNESS_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) harness/main.c $(HARNESS_LIB_SRC) -o $@ -ldl

$(BUILD)/asan/tests/%: tests/unit/%.c $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $< -o $@ -lcmocka -ldl

# Unit tests of harness modules link the harness library (which carries the SDK implementation).
$(BUILD)/asan/tests/test_harness_%: tests/unit/test_harness_%.c $(HARNESS_LIB_SRC) $(HARNESS_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $< $(HARNESS_LIB_SRC) -o $@ -lcmocka -ldl

# --- Windows builds (mingw-w64) -----------------------------------------------------------------
$(BUILD)/win64/%.res.o: $(EXAMPLE_DIR)/%.rc sdk/include/tspkit/versioninfo.rc
	@mkdir -p $(@D)
	$(WINDRES64) -Isdk/include $< -o $@
$(BUILD)/win32/%.res.o: $(EXAMPLE_DIR)/%.rc sdk/include/tspkit/versioninfo.rc
	@mkdir -p $(@D)
	$(WINDRES32) -Isdk/include $< -o $@

$(BUILD)/win64/loopback.tsp: $(EXAMPLE_SRC) $(EXAMPLE_DEF) $(SDK_HEADERS) $(BUILD)/win64/loopback.res.o
	$(MINGW64) $(CFLAGS_WIN) -shared $(EXAMPLE_SRC) $(BUILD)/win64/loopback.res.o $(EXAMPLE_DEF) $(LDFLAGS_WIN) -o $@
$(BUILD)/win32/loopback.tsp: $(EXAMPLE_SRC) $(EXAMPLE_DEF) $(SDK_HEADERS) $(BUILD)/win32/loopback.res.o
	$(MINGW32) $(CFLAGS_WIN) -shared $(EXAMPLE_SRC) $(BUILD)/win32/loopback.res.o $(EXAMPLE_DEF) $(LDFLAGS_WIN) -Wl,--enable-stdcall-fixup,--kill-at -o $@

$(BUILD)/win64/tsp-harness.exe: harness/main.c $(HARNESS_LIB_SRC) $(HARNESS_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(MINGW64) $(CFLAGS_WIN) harness/main.c $(HARNESS_LIB_SRC) $(LDFLAGS_WIN) -o $@
$(BUILD)/win32/tsp-harness.exe: harness/main.c $(HARNESS_LIB_SRC) $(HARNESS_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(MINGW32) $(CFLAGS_WIN) harness/main.c $(HARNESS_LIB_SRC) $(LDFLAGS_WIN) -o $@

# --- the H.323 signalling engine (tsp-h323/) ------------------------------------------------------
include tsp-h323/h323.mk

# --- the Unimodem-style TSP (tsp-unimodem/) and the modem simulator (tools/modemsim/) ----------------
include tsp-unimodem/unimodem.mk
include tools/modemsim/modemsim.mk

# --- modules the tests load: tests/providers/NAME.c (TSPs) and tests/msps/NAME.c (MSPs) ---------
include tests/modules.mk

# --- demo, tests, fuzzing -------------------------------------------------------------------------
demo: all
	@BUILD=$(BUILD) sh tools/demo.sh

# The fuzz targets are built too: tests/run.sh's `fuzz` lane runs each for a bounded time.
test: deps
	@$(MAKE) --no-print-directory native asan windows $(addprefix $(BUILD)/fuzz/,$(FUZZERS))
	@BUILD=$(BUILD) UNIT_TESTS="$(UNIT_TESTS)" sh tests/run.sh

$(BUILD)/fuzz/%: tests/unit/%.c $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -g -O1 -Isdk/include -fsanitize=fuzzer,address,undefined $< -o $@

$(BUILD)/fuzz/fuzz_harness_%: tests/unit/fuzz_harness_%.c $(HARNESS_LIB_SRC) $(HARNESS_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -g -O1 -Isdk/include -Iharness -pthread -fsanitize=fuzzer,address,undefined $< $(HARNESS_LIB_SRC) -o $@ -ldl

fuzz: deps $(addprefix $(BUILD)/fuzz/,$(FUZZERS))
	@for f in $(FUZZERS); do \
	  mkdir -p $(BUILD)/fuzz/corpus-$$f; \
	  echo "== fuzz $$f ($(FUZZ_SECONDS) s)"; \
	  if ! $(BUILD)/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) $(BUILD)/fuzz/corpus-$$f tests/unit/corpus/$$f \
	       > $(BUILD)/fuzz/$$f.log 2>&1; then tail -n 40 $(BUILD)/fuzz/$$f.log; exit 1; fi; \
	  tail -n 1 $(BUILD)/fuzz/$$f.log; \
	done

# --- benchmarks (docs/bench.md) ---------------------------------------------------------------------
# Every program in BENCH_PROGS is built optimised without sanitizers and run by
# tools/bench/run-bench.sh, which prints one table; components add their programs here.
# The harness is linked into bench_harness with malloc & co. wrapped, to count its heap.
BENCH_PROGS += $(BUILD)/native/bench_harness $(BUILD)/native/h323_per_bench
$(BUILD)/native/bench_harness: tools/bench/bench_harness.c tools/bench/bench_row.h $(HARNESS_LIB_SRC) \
        $(HARNESS_HDR) $(SDK_HEADERS) tests/msps/echomsp.h $(BUILD)/native/loopback.so \
        $(BUILD)/native/providers/benchtsp.so $(BUILD)/native/msps/echomsp.so
	$(CC) $(CFLAGS_NATIVE) $< $(HARNESS_LIB_SRC) -o $@ -ldl \
	    -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free

bench: deps
	@$(MAKE) --no-print-directory $(BENCH_PROGS)
	@sh tools/bench/run-bench.sh $(BENCH_PROGS)

# --- install ----------------------------------------------------------------------------------------
# Header-only: installing is copying the headers, the full export list and a tspkit.pc.
install:
	install -d $(DESTDIR)$(PREFIX)/include/tspkit/bits $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	           $(DESTDIR)$(PREFIX)/share/tspkit
	install -m 644 sdk/include/tspkit/*.h sdk/include/tspkit/versioninfo.rc $(DESTDIR)$(PREFIX)/include/tspkit/
	install -m 644 sdk/include/tspkit/bits/*.h $(DESTDIR)$(PREFIX)/include/tspkit/bits/
	install -m 644 sdk/tspkit.def $(DESTDIR)$(PREFIX)/share/tspkit/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' sdk/tspkit.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/tspkit.pc
	chmod 644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/tspkit.pc

clean:
	rm -rf $(BUILD)
