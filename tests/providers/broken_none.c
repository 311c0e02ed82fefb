/*
 * tests/providers/broken_none.c - the base of the broken providers (broken_base.h)
 * without a mistake, extensions and MSP included. Its scenario
 * (tests/scripts/broken/broken_none.tsps and the C steps of
 * tests/unit/test_harness_conformance.c) does what every broken provider's scenario
 * does and must cause no report: what a broken provider's scenario reports comes from
 * its one mistake.
 */
#define BB_WITH_EXTENSIONS
#define BB_WITH_MSP
#include "broken_base.h"
