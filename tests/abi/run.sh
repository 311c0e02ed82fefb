#!/bin/sh
# tests/abi/run.sh BUILD_DIR - the ABI proof: tspkit's own TAPI/TSPI/MSPI
# definitions (sdk/include/tspkit/bits/*.h) against mingw-w64's <tapi.h>,
# <tspi.h> and <msp.h>, for native gcc, x86_64 and i686 mingw; then the
# self-check (tests/abi/perturb.h) that proves a difference is reported,
# after the extractor's unit tests (test_abigen.py).
# Exits 0 only when everything matches. Needs python3, gcc and both
# mingw-w64 cross compilers; runs nothing it builds (compile-time only).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:?usage: sh tests/abi/run.sh <build-dir>}
if ! out=$(python3 -B "$here/test_abigen.py" 2>&1); then
    printf '%s\n' "$out"
    echo "abi: extractor unit tests FAILED"
    exit 1
fi
echo "abi: extractor unit tests: $(printf '%s\n' "$out" | grep '^Ran ')"
exec python3 -B "$repo/tools/abi/abicheck.py" --repo "$repo" --build-dir "$build" \
    --self-check "$here/perturb.h"
