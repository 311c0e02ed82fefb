#!/bin/sh
# tools/demo.sh - what `make demo` runs: the example provider driven through a call by the
# harness, first natively (.so), then as a Windows DLL under Wine (x86_64, and i686 when
# 32-bit Wine is installed).
set -u
BUILD=${BUILD:-build}
status=0
echo "== tspkit demo: the loopback provider, natively ($BUILD/native/loopback.so)"
"$BUILD/native/tsp-harness" --provider "$BUILD/native/loopback.so" --exports --demo || status=1
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
for arch in win64 win32; do
    if [ "$arch" = win32 ] && ! dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "install ok installed"; then
        echo "== i686 DLL ($BUILD/win32/loopback.tsp) built; not run: 32-bit Wine is not installed"
        continue
    fi
    echo
    echo "== tspkit demo: the same provider as a Windows DLL under Wine ($BUILD/$arch/loopback.tsp)"
    (cd "$BUILD/$arch" && WINEPREFIX="$PWD/../wine-$arch" wine tsp-harness.exe --provider loopback.tsp \
        --exports --demo --quiet) || status=1
done
exit $status
