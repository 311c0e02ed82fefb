# tools/modemsim/modemsim.mk - build rules for the modem simulator, included by the top Makefile.
#
# The program: build/native/modemsim (optimised) and build/asan/modemsim (sanitized, for the
# tests). The simulator proper (msim*.c but the server) is pure: the unit tests
# tests/unit/test_modemsim_*.c link it with the server, the fuzz targets
# tests/unit/fuzz_modemsim_*.c link it alone. All of it needs spandsp (libspandsp-dev).

MODEMSIM_CORE_SRC   := tools/modemsim/msim.c tools/modemsim/msim_at.c tools/modemsim/msim_call.c \
                       tools/modemsim/msim_ctl.c
MODEMSIM_SERVER_SRC := tools/modemsim/msim_server.c
MODEMSIM_HDR        := $(wildcard tools/modemsim/*.h)
MODEMSIM_LIBS       := -lspandsp -pthread

native: $(BUILD)/native/modemsim
asan: $(BUILD)/asan/modemsim

$(BUILD)/native/modemsim: tools/modemsim/main.c $(MODEMSIM_CORE_SRC) $(MODEMSIM_SERVER_SRC) $(MODEMSIM_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_NATIVE) $< $(MODEMSIM_CORE_SRC) $(MODEMSIM_SERVER_SRC) -o $@ $(MODEMSIM_LIBS)

$(BUILD)/asan/modemsim: tools/modemsim/main.c $(MODEMSIM_CORE_SRC) $(MODEMSIM_SERVER_SRC) $(MODEMSIM_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $< $(MODEMSIM_CORE_SRC) $(MODEMSIM_SERVER_SRC) -o $@ $(MODEMSIM_LIBS)

# The pty test also runs the program, so it is built first.
$(BUILD)/asan/tests/test_modemsim_%: tests/unit/test_modemsim_%.c $(MODEMSIM_CORE_SRC) $(MODEMSIM_SERVER_SRC) \
                                     $(MODEMSIM_HDR) | $(BUILD)/asan/modemsim
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) -Itools/modemsim $< $(MODEMSIM_CORE_SRC) $(MODEMSIM_SERVER_SRC) -o $@ -lcmocka $(MODEMSIM_LIBS)

$(BUILD)/fuzz/fuzz_modemsim_%: tests/unit/fuzz_modemsim_%.c $(MODEMSIM_CORE_SRC) $(MODEMSIM_HDR)
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -g -O1 -Itools/modemsim -fsanitize=fuzzer,address,undefined $< $(MODEMSIM_CORE_SRC) -o $@ -lspandsp
