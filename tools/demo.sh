#!/bin/sh
# tools/demo.sh - what `make demo` runs: the example provider driven through a call by the
# harness, first natively (.so), then as a Windows DLL under Wine (x86_64, and i686 when
# 32-bit Wine is installed); then two simulated modems (tools/modemsim) as two lines of
# the Unimodem-style TSP calling each other (tools/demo/unimodem-call.tsps), natively over
# pseudo-terminals and with unimodem.tsp under Wine over TCP. Each run draws its message
# ladder into $BUILD/demo/. The modem simulators are started here, on ports the kernel
# chooses, and stopped on every exit.
set -u
BUILD=${BUILD:-build}
DEMO="$BUILD/demo"
status=0
summary=''
ladders=''
mkdir -p "$DEMO"
here=$(pwd)
tmp=$(mktemp -d /tmp/tspkit-demo-XXXXXX) || exit 1
sim_pid=''
stop_sim() {
    if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null; fi
    sim_pid=''
}
trap 'stop_sim; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# start_sim ARGS...: modemsim with two modems, 101 (caller ID name ALICE) and 102, a ring
# every second and the caller ID 200 ms after the first; waits for its "ready" line.
start_sim() {
    "$BUILD/native/modemsim" --ring-period 1000 --cid-delay 200 "$@" 101,name=ALICE 102 \
        > "$tmp/sim.out" 2>&1 &
    sim_pid=$!
    i=0
    while ! grep -q '^ready' "$tmp/sim.out" 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 100 ] || ! kill -0 "$sim_pid" 2>/dev/null; then
            echo "modemsim did not start:"; cat "$tmp/sim.out"; stop_sim; return 1
        fi
        sleep 0.1
    done
    sed 's/^/    modemsim: /' "$tmp/sim.out"
}

# write_config FILE PROFILE PORT0 PORT1: the TSP's two lines (docs/unimodem.md 7).
write_config() {
    printf '[Line]\nName = "Modem A (101)"\nPort = %s\nProfile = %s\n[Line]\nName = "Modem B (102)"\nPort = %s\nProfile = %s\n' \
        "$3" "$2" "$4" "$2" > "$1"
}

ran() {   # ran NAME STATUS SVG: note the outcome for the summary
    if [ "$2" -eq 0 ]; then summary="$summary $1 passed,"; else summary="$summary $1 FAILED,"; status=1; fi
    [ -s "$3" ] && ladders="$ladders $3"
}

echo "== tspkit demo: the loopback provider, natively ($BUILD/native/loopback.so)"
"$BUILD/native/tsp-harness" --provider "$BUILD/native/loopback.so" --exports --demo \
    --ladder "$DEMO/loopback-call.svg"
ran native $? "$DEMO/loopback-call.svg"

export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
for arch in win64 win32; do
    if [ "$arch" = win32 ] && ! dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "install ok installed"; then
        echo "== i686 DLL ($BUILD/win32/loopback.tsp) built; not run: 32-bit Wine is not installed"
        summary="$summary $arch not run (no 32-bit Wine),"
        continue
    fi
    echo
    echo "== tspkit demo: the same provider as a Windows DLL under Wine ($BUILD/$arch/loopback.tsp)"
    (cd "$BUILD/$arch" && WINEPREFIX="$PWD/../wine-$arch" wine tsp-harness.exe --provider loopback.tsp \
        --exports --demo --quiet --ladder "../demo/loopback-call-wine${arch#win}.svg")
    ran "wine${arch#win}" $? "$DEMO/loopback-call-wine${arch#win}.svg"
done

echo
echo "== tspkit demo: two simulated modems call each other through the Unimodem TSP ($BUILD/native/unimodem.so)"
rm -f "$DEMO/unimodem-call.svg" "$DEMO/unimodem-call-wine64.svg"
if start_sim --links "$tmp"; then
    write_config "$tmp/unimodem.conf" "$here/tests/unimodem/modemsim.ini" "tty:$tmp/modem0" "tty:$tmp/modem1"
    TSPKIT_UNIMODEM_CONFIG="$tmp/unimodem.conf" "$BUILD/native/tsp-harness" --provider "$BUILD/native/unimodem.so" \
        --exports --script tools/demo/unimodem-call.tsps --ladder "$DEMO/unimodem-call.svg"
    ran unimodem $? "$DEMO/unimodem-call.svg"
else
    ran unimodem 1 ''
fi
stop_sim

echo
echo "== tspkit demo: the same call with the Windows DLL under Wine ($BUILD/win64/unimodem.tsp), modems on TCP"
if start_sim --no-pty --tcp-base 0; then
    tcp() { sed -n "s/^modem$1 .*tcp=\([^ ]*\).*/tcp:\/\/\1/p" "$tmp/sim.out"; }
    # Windows paths for the DLL: Wine's drive Z: is the Unix root.
    write_config "$tmp/unimodem.conf" "Z:$here/tests/unimodem/modemsim.ini" "$(tcp 0)" "$(tcp 1)"
    (cd "$BUILD/win64" && WINEPREFIX="$PWD/../wine-win64" TSPKIT_UNIMODEM_CONFIG="Z:$tmp/unimodem.conf" \
        timeout 300 wine tsp-harness.exe --provider unimodem.tsp --exports --quiet \
        --script "Z:$here/tools/demo/unimodem-call.tsps" --ladder ../demo/unimodem-call-wine64.svg)
    ran unimodem-wine64 $? "$DEMO/unimodem-call-wine64.svg"
else
    ran unimodem-wine64 1 ''
fi
stop_sim

echo
for svg in $ladders; do echo "ladder: $svg (open it in a browser; hover an arrow for its details)"; done
echo "demo:${summary%,}; $(echo $ladders | wc -w) ladders in $DEMO"
exit $status
