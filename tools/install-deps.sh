#!/bin/sh
# tools/install-deps.sh - install the Debian packages tspkit's build and tests use.
#
# Called by `make`, `make demo` and `make test` before they build, so both work as the first
# commands typed on a fresh Debian 12 machine. Checks with dpkg first: when everything is
# present it changes nothing and takes a fraction of a second. As root it runs apt-get; as
# anyone else it prints the exact command to run and fails.
#
# Usage: tools/install-deps.sh [--check]    (--check: only report, never install)
set -eu

# Each line: package  why
# A quoted heredoc: any character may appear in the notes.
PACKAGES=$(cat <<'END_OF_PACKAGES'
make                  build
gcc                   native compiler
clang                 libFuzzer targets (make fuzz)
libclang-rt-14-dev    sanitizer and fuzzer runtimes for clang
pkg-config            finding libraries
python3               ABI generator (tools/abi)
gcc-mingw-w64-x86-64  Windows x86_64 provider DLLs
gcc-mingw-w64-i686    Windows i686 provider DLLs
binutils-mingw-w64-x86-64 objdump for export checks
binutils-mingw-w64-i686   objdump for export checks
mingw-w64-common      Windows tapi.h/tspi.h/msp.h (ABI reference)
libcmocka-dev         unit tests
libusb-1.0-0-dev      tsp-unimodem USB backend
libserialport-dev     tsp-unimodem serial backend
umockdev              tsp-unimodem port tests: emulated tty and USB CDC-ACM devices
libumockdev-dev       tsp-unimodem port tests: the umockdev testbed library
ser2net               tsp-unimodem port tests: a real RFC 2217 server
libspandsp-dev        tools/modemsim: the spandsp V.250 AT interpreter
wine64                running Windows builds (x86_64)
wine                  wine launcher
tshark                validating what we put on the wire
libxml2-utils         xmllint: harness SVG output is well-formed
librsvg2-bin          rsvg-convert: harness SVG output renders
erlang-asn1           an independent aligned-PER codec the H.323 PER tests compare with
END_OF_PACKAGES
)

check_only=0
[ "${1:-}" = "--check" ] && check_only=1

missing=''
for pkg in $(printf '%s\n' "$PACKAGES" | awk 'NF {print $1}'); do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done

# Running the i686 DLLs needs 32-bit Wine (wine32:i386, multiarch). It is opt-in
# (TSPKIT_WINE32=1): without it the i686 DLLs are still built, ABI-checked and their
# exports checked, only not run. Debian's i386 and amd64 archives are not always in
# step (security updates), which can make multiarch installs fail.
want_wine32=${TSPKIT_WINE32:-0}
if [ "$want_wine32" = 1 ]; then
    status=$(dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null || true)
    case "$status" in *"install ok installed"*) ;; *) missing="$missing wine32:i386" ;; esac
fi

[ -z "$missing" ] && exit 0

echo "tspkit: missing Debian packages:$missing"
if [ "$check_only" = 1 ]; then
    exit 1
fi
if [ "$(id -u)" != 0 ]; then
    echo "tspkit: not running as root, so not installing them. Run:"
    case "$missing" in *":i386"*) echo "  sudo dpkg --add-architecture i386" ;; esac
    echo "  sudo apt-get update && sudo apt-get install -y$missing"
    echo "then run make again."
    exit 1
fi

case "$missing" in
    *":i386"*)
        dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386 ;;
esac
export DEBIAN_FRONTEND=noninteractive
echo "tspkit: installing:$missing"
apt-get update -qq || echo "tspkit: apt-get update reported errors; trying the install anyway"
# shellcheck disable=SC2086
if ! apt-get install -y -qq --no-install-recommends $missing >/tmp/tspkit-apt.log 2>&1; then
    # 32-bit Wine is optional: retry without it rather than fail the build.
    rest=$(printf '%s\n' $missing | grep -v ':i386' | tr '\n' ' ')
    echo "tspkit: apt-get failed (log: /tmp/tspkit-apt.log); retrying without 32-bit Wine"
    # shellcheck disable=SC2086
    [ -n "$rest" ] && apt-get install -y -qq --no-install-recommends $rest
fi
echo "tspkit: packages installed"
