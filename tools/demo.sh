#!/bin/sh
# tools/demo.sh - what `make demo` runs: the example provider driven through a call by the
# harness, first natively (.so), then as a Windows DLL under Wine (x86_64, and i686 when
# 32-bit Wine is installed). Each run draws its message ladder into $BUILD/demo/.
set -u
BUILD=${BUILD:-build}
DEMO="$BUILD/demo"
status=0
summary=''
ladders=''
mkdir -p "$DEMO"

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
for svg in $ladders; do echo "ladder: $svg (open it in a browser; hover an arrow for its details)"; done
echo "demo:${summary%,}; $(echo $ladders | wc -w) ladders in $DEMO"
exit $status
