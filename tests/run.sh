#!/bin/sh
# tests/run.sh - the whole test suite, lane by lane (called by `make test` after it built
# native, asan and windows). Every lane prints what it saw; the last line counts lanes:
# "N passed, N failed". Exit status is non-zero when anything failed.
#
#   unit:*      cmocka unit tests under ASan+UBSan, leaks fatal
#   abi         the ABI proof (tools/abi): tspkit's own definitions vs mingw-w64's
#   native      the harness drives the example provider .so (ASan build), exports checked
#   conformance every broken provider trips exactly its rule (tests/scripts/broken, ASan build)
#   ladder      --ladder's SVG is well-formed, renders (rsvg-convert) and shows the call
#   trace-json  --trace-json: every line is JSON, the call's records are there
#   shell       the interactive shell with piped commands (also wine-shell:x86_64)
#   h323-tshark tshark judges the H.323 messages we encode (tests/h323/tshark-lane.sh)
#   h323-loopback  real calls over TCP 127.0.0.1 between two engines and two h323-call
#               processes, captured by the socket layer's tap, judged by tshark
#   exports:*   objdump: the DLLs export exactly the .def's names, undecorated
#   exports-unimodem:*  the same for unimodem.tsp
#   unimodem-ports      usb (emulated CDC-ACM) and rfc2217 (ser2net) modems through the TSP
#   wine-unimodem-registry:x86_64  unimodem.tsp's lines from Unimodem's registry keys (reg import)
#   wine-unimodem-ports:x86_64     unimodem.tsp with a modem behind ser2net (rfc2217), data through the port relay
#   wine:*      the Windows harness drives the example .tsp under Wine
#   wine-conformance:*  the broken providers' .tsp builds, their scripts under Wine
#   fuzz        every libFuzzer target for a bounded time (tests/fuzz-lane.sh)
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

# Conformance: each deliberately broken provider (tests/providers/broken_NAME.c) runs its
# script tests/scripts/broken/broken_NAME.tsps, which expects the one report its mistake
# causes; a run fails on any other report, or when that one does not come
# (docs/conformance.md). broken_none, the providers' base without a mistake, reports nothing.
conformance_check() {   # conformance_check RUNNER DIR SUFFIX: "RUNNER DIR providers/NAME.SUFFIX SCRIPT" each
    cf_runner=$1; cf_dir=$2; cf_suffix=$3; cf_n=0; cf_bad=0
    # Into a file, not $(...): processes Wine leaves running would hold a pipe open.
    cf_out="$BUILD/conformance-$(basename "$cf_dir").out"
    for cf_script in tests/scripts/broken/*.tsps; do
        cf_name=$(basename "$cf_script" .tsps); cf_n=$((cf_n + 1))
        if "$cf_runner" "$cf_dir" "providers/$cf_name.$cf_suffix" "$PWD/$cf_script" > "$cf_out" 2>&1; then
            cf_seen=$(tr -d '\r' < "$cf_out" | sed -n 's/^\[[^]]*\] CONFORMANCE //p')
            echo "ok   $cf_name: ${cf_seen:-no report}"
        else
            cf_bad=$((cf_bad + 1)); echo "FAIL $cf_name:"; tr -d '\r' < "$cf_out" | grep -v '^  \(rule\|see\):'
        fi
    done
    for cf_src in tests/providers/broken_*.c; do
        cf_name=$(basename "$cf_src" .c)
        [ -f "tests/scripts/broken/$cf_name.tsps" ] || echo "--   $cf_name: no script, C steps in test_harness_conformance"
    done
    echo "$cf_n scripts, $cf_bad failed"
    [ "$cf_bad" -eq 0 ]
}
native_script() { "$1/tsp-harness" --provider "$1/$2" --quiet --script "$3"; }
lane conformance conformance_check native_script "$BUILD/asan" so

# --ladder: a well-formed SVG that rsvg-convert renders, with the call's messages on it;
# --trace-json: every line is JSON, and the call's records are there.
ladder_check() {
    out="$BUILD/test-ladder"; rm -rf "$out"; mkdir -p "$out"
    "$BUILD/asan/tsp-harness" --provider "$BUILD/asan/loopback.so" --quiet --ladder "$out/call.svg" \
        --script tests/scripts/loopback-call.tsps || return 1
    xmllint --noout "$out/call.svg" && rsvg-convert -o "$out/call.png" "$out/call.svg" || return 1
    [ -s "$out/call.png" ] || { echo "rsvg-convert wrote an empty PNG"; return 1; }
    for want in TSPI_lineMakeCall LINE_CALLSTATE ASYNC_COMPLETION LINE_REPLY '= 0 (TSPI_lineOpen)' 'loopback.so: script'; do
        grep -q "$want" "$out/call.svg" || { echo "the ladder lacks \"$want\""; return 1; }
    done
    echo "ladder: $(grep -c '<line' "$out/call.svg") lines, PNG $(wc -c < "$out/call.png") bytes"
}
json_check() {
    out="$BUILD/test-ladder"; mkdir -p "$out"
    "$BUILD/asan/tsp-harness" --provider "$BUILD/asan/loopback.so" --trace-json \
        --script tests/scripts/loopback-call.tsps > "$out/trace.json" 2> "$out/trace.err" || { cat "$out/trace.err"; return 1; }
    python3 -c '
import json, sys
recs = [json.loads(line) for line in open(sys.argv[1])]
names = {(r["kind"], r["name"]) for r in recs}
want = [("call", "TSPI_lineMakeCall"), ("return", "TSPI_lineMakeCall"), ("callback", "ASYNC_COMPLETION"),
        ("deliver", "LINE_REPLY"), ("deliver", "LINE_CALLSTATE"), ("callback", "LINE_NEWCALL"), ("note", "script")]
missing = [w for w in want if w not in names]
print("%d JSON records, %d kinds of record" % (len(recs), len(names)))
sys.exit("missing: %s" % missing if missing else 0)' "$out/trace.json"
}
lane ladder ladder_check
lane trace-json json_check

# The shell, commands piped in: errors keep the session, the exit status counts them.
shell_input='open 0 as A
open 1 as B
makecall A 102 as OUT
expect newcall B as IN within 2s; expect callstate IN offering within 2s
answer IN
expect callstate IN connected within 2s
answer IN
expect callstate OUT connected within 2s
status
drop OUT
quit'
shell_check() {   # shell_check HARNESS PROVIDER [RUNNER...]: run the piped session, check the transcript
    h=$1; p=$2; shift 2
    t=$(printf '%s\n' "$shell_input" | "$@" "$h" --provider "$p" --shell 2>&1)
    echo "$t" | grep -v '^\[' | tr -d '\r'
    t=$(echo "$t" | tr -d '\r')
    for want in 'error: shell:7: answer IN: TSPI_lineAnswer failed with LINEERR_INVALCALLSTATE' \
                'call OUT: outgoing, on line A, CONNECTED' 'LINE_REPLY(request' 'shell: 1 commands failed' \
                'tsp-harness: FAILED'; do
        echo "$t" | grep -qF "$want" || { echo "the shell did not print \"$want\""; return 1; }
    done
}
lane shell shell_check "$BUILD/asan/tsp-harness" "$BUILD/asan/loopback.so"

# The Unimodem-style TSP against simulated modems (tests/unimodem/lane.sh).
lane unimodem sh tests/unimodem/lane.sh "$BUILD" native
# The usb: and rfc2217:// ports through the TSP: data through the port relay's handle.
lane unimodem-ports "$BUILD/asan/tests/test_unimodem_ports"

# H.323: our TPKT/Q.931 encodings on the wire, judged by tshark's dissectors.
if command -v tshark >/dev/null 2>&1; then
    lane h323-tshark sh tests/h323/tshark-lane.sh "$BUILD"
    lane h323-loopback sh tests/h323/loopback-lane.sh "$BUILD"
else
    echo "== h323-tshark, h323-loopback: skipped: tshark is not installed (tools/install-deps.sh installs it)"
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
lane exports-unimodem:x86_64 exports_match x86_64-w64-mingw32-objdump "$BUILD/win64/unimodem.tsp" tsp-unimodem/tsp/unimodem.def
lane exports-unimodem:i686 exports_match i686-w64-mingw32-objdump "$BUILD/win32/unimodem.tsp" tsp-unimodem/tsp/unimodem.def

# Wine: headless, its own prefix under the build folder, no Mono/Gecko prompts.
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
wine_run() {   # wine_run DIR ARGS...: run the harness there against the DLL next to it
    dir=$1; shift
    (cd "$dir" && WINEPREFIX="$PWD/../wine-$(basename "$dir")" timeout 300 wine tsp-harness.exe \
        --provider loopback.tsp --quiet "$@")
}
script_path="$(pwd)/tests/scripts/loopback-call.tsps"
wine_script() {   # wine_script DIR PROVIDER SCRIPT: for conformance_check
    (cd "$1" && WINEPREFIX="$PWD/../wine-$(basename "$1")" timeout 300 wine tsp-harness.exe \
        --provider "$2" --quiet --script "$3")
}
wine_conformance() {   # wine_conformance DIR
    # One wineserver for all the runs (each starting its own costs seconds); it exits 5 s
    # after the last one.
    (cd "$1" && WINEPREFIX="$PWD/../wine-$(basename "$1")" wineserver -p5)
    conformance_check wine_script "$1" tsp
}
wine_lanes() {   # wine_lanes ARCH DIR
    lane "wine:$1" wine_run "$2" --exports --demo
    lane "wine-script:$1" wine_run "$2" --script "$script_path"
    lane "wine-conformance:$1" wine_conformance "$2"
}
wine_shell() {   # the shell's lane under Wine (x86_64)
    (cd "$BUILD/win64" && WINEPREFIX="$PWD/../wine-win64" shell_check tsp-harness.exe loopback.tsp timeout 300 wine)
}
if command -v wine >/dev/null 2>&1; then
    wine_lanes x86_64 "$BUILD/win64"
    lane wine-unimodem:x86_64 sh tests/unimodem/lane.sh "$BUILD" wine 64
    lane wine-unimodem-registry:x86_64 sh tests/unimodem/registry-lane.sh "$BUILD" 64
    lane wine-unimodem-ports:x86_64 sh tests/unimodem/ports-lane.sh "$BUILD" 64
    lane wine-shell:x86_64 wine_shell
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

# Bounded fuzzing: every libFuzzer target for a fixed time (H.323 decoders 30 s, others 10 s;
# FUZZ_TEST_SECONDS / FUZZ_TEST_SECONDS_H323 change it), two at a time.
lane fuzz sh tests/fuzz-lane.sh

echo
[ -n "$failed_names" ] && echo "failed lanes:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
