# tsp-h323/h323.mk - build rules for the H.323 signalling engine, included by the top Makefile.
#
# The engine is plain C with no dependency but libc (and sockets in its thin I/O layer).
# Sources live one folder per job: asn1/ (aligned PER runtime), q931/ (TPKT + Q.931),
# and later h225/, h245/, ras/, engine/. Every .c under tsp-h323/ except tools is
# engine library code.
#
# Unit tests named tests/unit/test_h323_*.c and fuzz targets tests/unit/fuzz_h323_*.c
# link the whole engine library.

# net/ (the socket layer) is not engine library code: it has its own section below.
H323_LIB_SRC := $(filter-out tsp-h323/net/%,$(sort $(wildcard tsp-h323/*/*.c)))
H323_HDR     := $(sort $(wildcard tsp-h323/*/*.h))
H323_INC     := -Itsp-h323
# Headers shared by tests and fuzz targets (e.g. the PER toy schema).
H323_TEST_HDR := $(wildcard tests/unit/test_h323_*.h)

$(BUILD)/asan/tests/test_h323_%: tests/unit/test_h323_%.c $(H323_LIB_SRC) $(H323_HDR) $(H323_TEST_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) $< $(H323_LIB_SRC) -o $@ -lcmocka

$(BUILD)/fuzz/fuzz_h323_%: tests/unit/fuzz_h323_%.c $(H323_LIB_SRC) $(H323_HDR) $(H323_TEST_HDR)
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -g -O1 -Isdk/include $(H323_INC) -fsanitize=fuzzer,address,undefined $< $(H323_LIB_SRC) -o $@

# The Q.931 sample generator of the h323-tshark lane (tests/h323/tshark-lane.sh), with the
# pcap writer of tests/h323/. Part of `make asan`, so `make test` has it.
H323_Q931_SRC := $(sort $(wildcard tsp-h323/q931/*.c))
$(BUILD)/asan/q931-samples: tests/h323/q931-samples.c tests/h323/pcap.c tests/h323/pcap.h \
                            $(H323_Q931_SRC) $(H323_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) $< tests/h323/pcap.c $(H323_Q931_SRC) -o $@
asan: $(BUILD)/asan/q931-samples

# The H.225.0 sample generator of the same lane (call signalling and RAS).
H323_H225_SRC := $(sort $(wildcard tsp-h323/asn1/*.c tsp-h323/h225/*.c))
$(BUILD)/asan/h225-samples: tests/h323/h225-samples.c tests/h323/pcap.c tests/h323/pcap.h \
                            tests/unit/test_h323_h225_gen.h $(H323_H225_SRC) $(H323_Q931_SRC) $(H323_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) -Itests/unit $< tests/h323/pcap.c $(H323_H225_SRC) $(H323_Q931_SRC) -o $@
asan: $(BUILD)/asan/h225-samples

# The RAS client against the gatekeeper emulator, every datagram into a pcap (same lane).
$(BUILD)/asan/ras-samples: tests/h323/ras-samples.c tests/h323/gk.c tests/h323/gk.h tests/h323/pcap.c \
                           tests/h323/pcap.h $(H323_LIB_SRC) $(H323_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) $< tests/h323/gk.c tests/h323/pcap.c $(H323_LIB_SRC) -o $@
asan: $(BUILD)/asan/ras-samples

# The H.245 sample generator of the same lane.
H323_H245_SRC := $(sort $(wildcard tsp-h323/h245/*.c tsp-h323/asn1/*.c)) tsp-h323/q931/tpkt.c
$(BUILD)/asan/h245-samples: tests/h323/h245-samples.c tests/h323/pcap.c tests/h323/pcap.h \
                            tests/unit/test_h323_h245_walk.h $(H323_H245_SRC) $(H323_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) $< tests/h323/pcap.c $(H323_H245_SRC) -o $@
asan: $(BUILD)/asan/h245-samples

# The H.245 control session sample generator of the same lane (two engine/h245ctl.c
# sessions back to back).
H323_H245CTL_SRC := tsp-h323/engine/h245ctl.c tsp-h323/engine/faststart.c
$(BUILD)/asan/h245ctl-samples: tests/h323/h245ctl-samples.c tests/h323/pcap.c tests/h323/pcap.h \
                               tests/unit/test_h323_h245ctl_pair.h $(H323_H245_SRC) $(H323_H245CTL_SRC) $(H323_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) $< tests/h323/pcap.c $(H323_H245_SRC) $(H323_H245CTL_SRC) -o $@
asan: $(BUILD)/asan/h245ctl-samples

# The PER codec benchmark (fast-start Setup encode + decode):
#   make build/native/h323_per_bench && build/native/h323_per_bench
$(BUILD)/native/h323_per_bench: tools/bench/h323_per_bench.c $(H323_LIB_SRC) $(H323_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_NATIVE) $(H323_INC) $< $(H323_LIB_SRC) -o $@

# The RAS client's unit test and fuzz target also link the gatekeeper emulator of tests/h323.
$(BUILD)/asan/tests/test_h323_ras: tests/unit/test_h323_ras.c tests/h323/gk.c tests/h323/gk.h $(H323_LIB_SRC) $(H323_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) -Itests/h323 $< tests/h323/gk.c $(H323_LIB_SRC) -o $@ -lcmocka
# The engine's gatekeeper test (test_h323_engine_gk.c) links the emulator too.
$(BUILD)/asan/tests/test_h323_engine_gk: tests/unit/test_h323_engine_gk.c tests/h323/gk.c tests/h323/gk.h $(H323_LIB_SRC) $(H323_HDR) $(H323_TEST_HDR) $(SDK_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) -Itests/h323 $< tests/h323/gk.c $(H323_LIB_SRC) -o $@ -lcmocka
$(BUILD)/fuzz/fuzz_h323_ras: tests/unit/fuzz_h323_ras.c tests/h323/gk.c tests/h323/gk.h $(H323_LIB_SRC) $(H323_HDR)
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -g -O1 -Isdk/include $(H323_INC) -Itests/h323 -fsanitize=fuzzer,address,undefined $< tests/h323/gk.c $(H323_LIB_SRC) -o $@

# --- the socket layer (tsp-h323/net/), h323-call, the loopback lane, the call bench ---------------
# net/h323_tap.c and net/h323_text.c are pure (capture tap, text forms); h323_net.c is the
# event loop (epoll; WSAPoll on Windows, where it is only compiled, as a check).
H323_NET_PURE := tsp-h323/net/h323_tap.c tsp-h323/net/h323_text.c
H323_NET_SRC  := $(H323_NET_PURE) tsp-h323/net/h323_net.c

$(BUILD)/asan/tests/test_h323_net: tests/unit/test_h323_net.c $(H323_NET_PURE) $(H323_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) $< $(H323_NET_PURE) -o $@ -lcmocka

$(BUILD)/fuzz/fuzz_h323_text: tests/unit/fuzz_h323_text.c $(H323_NET_PURE) $(H323_HDR)
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -g -O1 -Isdk/include $(H323_INC) -fsanitize=fuzzer,address,undefined $< $(H323_NET_PURE) -o $@

$(BUILD)/win64/h323-net/%.o: tsp-h323/net/%.c $(H323_HDR)
	@mkdir -p $(@D)
	$(MINGW64) $(CFLAGS_WIN) $(H323_INC) -c $< -o $@
windows: $(patsubst tsp-h323/net/%.c,$(BUILD)/win64/h323-net/%.o,$(H323_NET_SRC))

# h323-call, the command-line endpoint (docs/h323-call.md): native and sanitized (the tests').
H323_CALL_DEPS := tools/h323-call/h323-call.c $(H323_NET_SRC) $(H323_LIB_SRC) $(H323_HDR)
$(BUILD)/native/h323-call: $(H323_CALL_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_NATIVE) $(H323_INC) $< $(H323_NET_SRC) $(H323_LIB_SRC) -o $@
$(BUILD)/asan/h323-call: $(H323_CALL_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) $< $(H323_NET_SRC) $(H323_LIB_SRC) -o $@
native: $(BUILD)/native/h323-call
asan: $(BUILD)/asan/h323-call

# The h323-loopback lane (tests/h323/loopback-lane.sh): two engines over TCP on 127.0.0.1.
$(BUILD)/asan/h323-loopback: tests/h323/loopback.c $(H323_NET_SRC) $(H323_LIB_SRC) $(H323_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(H323_INC) $< $(H323_NET_SRC) $(H323_LIB_SRC) -o $@
asan: $(BUILD)/asan/h323-loopback

# The call benchmark (docs/bench.md, "The H.323 call rows"): malloc & co. wrapped to count
# each loop thread's heap.
$(BUILD)/native/h323_call_bench: tools/bench/h323_call_bench.c tools/bench/bench_row.h $(H323_NET_SRC) $(H323_LIB_SRC) $(H323_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_NATIVE) $(H323_INC) $< $(H323_NET_SRC) $(H323_LIB_SRC) -o $@ \
	    -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
BENCH_PROGS += $(BUILD)/native/h323_call_bench
