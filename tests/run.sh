#!/bin/sh
# tests/run.sh - the whole test suite, lane by lane (called by `make test` after it built
# native, asan and windows). Every lane prints what it saw; the last line counts lanes:
# "N passed, N failed". Exit status is non-zero when anything failed.
#
#   unit:*      cmocka unit tests under ASan+UBSan, leaks fatal
#   abi         the ABI proof (tools/abi): tspkit's own definitions vs mingw-w64's
#   native      the harness drives the example provider .so (ASan build), exports checked
#   h323-tshark tshark judges the H.323 messages we encode (tests/h323/tshark-lane.sh)
#   exports:*   objdump: the DLLs export exactly the .def's names, undecorated
#   wine:*      the Windows harness drives the example .tsp under Wine
set -u
BUILD=${BUILD:-build}
UNIT_TESTS=${UNIT_TESTS:-}
passed=0
failed=0
failed_names=''

lane() {   # lane NAME COMMAND...: run, show output, count
    name=$1; shift
    echo "== $name"
    if "$@"; then
        passed=$((passed + 1)); echo "== $name: passed"
    else
        failed=$((failed + 1)); failed_names="$failed_names $name"; echo "== $name: FAILED"
    fi
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

for t in $UNIT_TESTS; do
    lane "unit:$t" "$BUILD/asan/tests/$t"
done

lane abi sh tests/abi/run.sh "$BUILD/abi"

lane native "$BUILD/asan/tsp-harness" --provider "$BUILD/asan/loopback.so" --exports --demo --quiet
lane script "$BUILD/asan/tsp-harness" --provider "$BUILD/asan/loopback.so" --quiet \
    --script tests/scripts/loopback-call.tsps

# H.323: our TPKT/Q.931 encodings on the wire, judged by tshark's dissectors.
if command -v tshark >/dev/null 2>&1; then
    lane h323-tshark sh tests/h323/tshark-lane.sh "$BUILD"
else
    echo "== h323-tshark: skipped: tshark is not installed (tools/install-deps.sh installs it)"
fi

# make install: the installed headers and tspkit.pc alone build a provider (out of tree).
install_check() {
    stage="$PWD/$BUILD/stage"
    rm -rf "$stage" && make -s install PREFIX="$stage" >/dev/null || return 1
    flags=$(PKG_CONFIG_PATH="$stage/lib/pkgconfig" pkg-config --cflags --libs tspkit) || return 1
    echo "pkg-config tspkit: $flags"
    # shellcheck disable=SC2086
    cc -std=c11 -Wall -Wextra -Werror -shared -fPIC -o "$stage/loopback.so" \
        sdk/examples/loopback/loopback.c $flags && echo "built the example against $stage"
}
lane install install_check

# The DLL export tables: exactly the names of the .def, undecorated, on both architectures.
exports_match() {   # exports_match OBJDUMP DLL DEF
    want=$(awk 'toupper($1) == "EXPORTS" {on = 1; next} on && NF && $1 !~ /^;/ {print $1}' "$3" | sort)
    have=$("$1" -p "$2" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' |
           sed -n 's/^[[:space:]]*\[ *[0-9]*\] //p' | sort)
    if [ "$want" = "$have" ]; then
        echo "$(echo "$have" | wc -l) exports, all undecorated and as listed in $3"
        return 0
    fi
    echo "export table of $2 differs from $3:"
    printf '%s\n' "$want" > "$BUILD/exports.want"; printf '%s\n' "$have" > "$BUILD/exports.have"
    diff "$BUILD/exports.want" "$BUILD/exports.have"
    return 1
}
lane exports:x86_64 exports_match x86_64-w64-mingw32-objdump "$BUILD/win64/loopback.tsp" sdk/examples/loopback/loopback.def
lane exports:i686 exports_match i686-w64-mingw32-objdump "$BUILD/win32/loopback.tsp" sdk/examples/loopback/loopback.def

# Wine: headless, its own prefix under the build folder, no Mono/Gecko prompts.
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
wine_run() {   # wine_run DIR ARGS...: run the harness there against the DLL next to it
    dir=$1; shift
    (cd "$dir" && WINEPREFIX="$PWD/../wine-$(basename "$dir")" timeout 300 wine tsp-harness.exe \
        --provider loopback.tsp --quiet "$@")
}
script_path="$(pwd)/tests/scripts/loopback-call.tsps"
wine_lanes() {   # wine_lanes ARCH DIR
    lane "wine:$1" wine_run "$2" --exports --demo
    lane "wine-script:$1" wine_run "$2" --script "$script_path"
}
if command -v wine >/dev/null 2>&1; then
    wine_lanes x86_64 "$BUILD/win64"
    if dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "install ok installed"; then
        wine_lanes i686 "$BUILD/win32"
    else
        echo "== wine:i686: skipped: 32-bit Wine (wine32:i386) is not installed;" \
             "TSPKIT_WINE32=1 make test installs it (multiarch)"
    fi
else
    failed=$((failed + 1)); failed_names="$failed_names wine"
    echo "== wine: FAILED: wine is not installed (tools/install-deps.sh installs it)"
fi

echo
[ -n "$failed_names" ] && echo "failed lanes:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
