# tests/modules.mk - build rules for the modules the tests load, included by the top Makefile.
#
#   tests/providers/NAME.c -> $(BUILD)/{asan,native}/providers/NAME.so
#                             $(BUILD)/{win64,win32}/providers/NAME.tsp
#   tests/msps/NAME.c      -> $(BUILD)/{asan,native}/msps/NAME.so
#                             $(BUILD)/{win64,win32}/msps/NAME.dll
#
# Any NAME works. With a NAME.def beside the source the module exports exactly the names
# it lists (on Linux through a version script made by tools/def2map.sh); without one it
# exports everything the source defines (the i686 DLL's names undecorated, --kill-at).
# `make asan` and `make windows` build them all, so `make test` has them.

TEST_PROVIDERS := $(patsubst tests/providers/%.c,%,$(wildcard tests/providers/*.c))
TEST_MSPS      := $(patsubst tests/msps/%.c,%,$(wildcard tests/msps/*.c))

# The .def beside the rule's source, if there is one; and what to export without it.
TM_DEF        = $(wildcard $(basename $<).def)
TM_SO_EXPORTS = $(if $(TM_DEF),-Wl$(TM_COMMA)--version-script=$@.map)
TM_COMMA      := ,
TM_EXPORT_ALL := -Wl,--export-all-symbols

# $(call tm_rules,DIR,WINDOWS-SUFFIX): the four rules for tests/DIR/NAME.c
define tm_rules
$$(BUILD)/asan/$(1)/%.so: tests/$(1)/%.c $$(SDK_HEADERS) $$(wildcard tests/$(1)/*.def tests/$(1)/*.h)
	@mkdir -p $$(@D)
	$$(if $$(TM_DEF),sh tools/def2map.sh $$(TM_DEF) > $$@.map)
	$$(CC) $$(CFLAGS_ASAN) -shared $$(TM_SO_EXPORTS) $$< -o $$@
$$(BUILD)/native/$(1)/%.so: tests/$(1)/%.c $$(SDK_HEADERS) $$(wildcard tests/$(1)/*.def tests/$(1)/*.h)
	@mkdir -p $$(@D)
	$$(if $$(TM_DEF),sh tools/def2map.sh $$(TM_DEF) > $$@.map)
	$$(CC) $$(CFLAGS_NATIVE) -shared $$(TM_SO_EXPORTS) $$< -o $$@
$$(BUILD)/win64/$(1)/%.$(2): tests/$(1)/%.c $$(SDK_HEADERS) $$(wildcard tests/$(1)/*.def tests/$(1)/*.h)
	@mkdir -p $$(@D)
	$$(MINGW64) $$(CFLAGS_WIN) -shared $$< $$(or $$(TM_DEF),$$(TM_EXPORT_ALL)) $$(LDFLAGS_WIN) -o $$@
$$(BUILD)/win32/$(1)/%.$(2): tests/$(1)/%.c $$(SDK_HEADERS) $$(wildcard tests/$(1)/*.def tests/$(1)/*.h)
	@mkdir -p $$(@D)
	$$(MINGW32) $$(CFLAGS_WIN) -shared $$< $$(or $$(TM_DEF),$$(TM_EXPORT_ALL)) $$(LDFLAGS_WIN) \
	    -Wl,--enable-stdcall-fixup,--kill-at -o $$@
endef
$(eval $(call tm_rules,providers,tsp))
$(eval $(call tm_rules,msps,dll))

TEST_MODULES_ASAN   := $(TEST_PROVIDERS:%=$(BUILD)/asan/providers/%.so) \
                       $(TEST_MSPS:%=$(BUILD)/asan/msps/%.so)
TEST_MODULES_NATIVE := $(TEST_PROVIDERS:%=$(BUILD)/native/providers/%.so) \
                       $(TEST_MSPS:%=$(BUILD)/native/msps/%.so)
TEST_MODULES_WIN64  := $(TEST_PROVIDERS:%=$(BUILD)/win64/providers/%.tsp) \
                       $(TEST_MSPS:%=$(BUILD)/win64/msps/%.dll)
TEST_MODULES_WIN32  := $(TEST_PROVIDERS:%=$(BUILD)/win32/providers/%.tsp) \
                       $(TEST_MSPS:%=$(BUILD)/win32/msps/%.dll)
asan: $(TEST_MODULES_ASAN)
native: $(TEST_MODULES_NATIVE)
windows: $(TEST_MODULES_WIN64) $(TEST_MODULES_WIN32)

# The MSP host's test loads the echo MSP and, as a module without DllGetClassObject,
# the TSP paired with it.
$(BUILD)/asan/tests/test_harness_msphost: tests/unit/test_harness_msphost.c $(HARNESS_LIB_SRC) \
        $(HARNESS_HDR) $(SDK_HEADERS) tests/msps/echomsp.h \
        $(BUILD)/asan/msps/echomsp.so $(BUILD)/asan/providers/msppair.so
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) -DTEST_MODULE_DIR=\"$(BUILD)/asan\" $< $(HARNESS_LIB_SRC) -o $@ -lcmocka -ldl

# The conformance test loads every deliberately broken provider (tests/providers/broken_*.c)
# and the echo MSP.
$(BUILD)/asan/tests/test_harness_conformance: tests/unit/test_harness_conformance.c $(HARNESS_LIB_SRC) \
        $(HARNESS_HDR) $(SDK_HEADERS) tests/msps/echomsp.h $(BUILD)/asan/msps/echomsp.so \
        $(patsubst %,$(BUILD)/asan/providers/%.so,$(filter broken_%,$(TEST_PROVIDERS)))
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) -DTEST_MODULE_DIR=\"$(BUILD)/asan\" $< $(HARNESS_LIB_SRC) -o $@ -lcmocka -ldl
