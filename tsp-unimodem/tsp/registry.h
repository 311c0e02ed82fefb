/*
 * tsp-unimodem/tsp/registry.h - the modems Windows has installed, read from the registry
 * keys Unimodem reads, into the TSP's line list (config.h) and modem profiles
 * (profile/profile.h).
 *
 * What it reads: every subkey NNNN (four digits, in order) of the modem class key
 *     HKLM\SYSTEM\CurrentControlSet\Control\Class\{4D36E96D-E325-11CE-BFC1-08002BE10318}
 * which the modem class installer fills from the modem's INF (its HKR lines; learn.microsoft.com/
 * previous-versions/windows/hardware/modem/ff541412(v=vs.85), "Data Modem INF File Entries"):
 *
 *   value / subkey                 type            becomes
 *   FriendlyName (else DriverDesc, REG_SZ          the line's and the profile's name
 *     else Model)
 *   AttachedTo                     REG_SZ "COM3"   the port serial:COM3
 *   TspkitPort (ours, see below)   REG_SZ URL      the port, instead of AttachedTo
 *   Reset                          REG_SZ          the Reset command
 *   Properties                     REG_BINARY 32   MODEMDEVCAPS from dwDialOptions on
 *   DCB                            REG_BINARY 28   the port's DCB defaults
 *   InactivityScale, VoiceProfile  REG_BINARY 4    (or REG_DWORD) the DWORDs
 *     (HKR,, VoiceProfile, 1, ...: the INF writes them as binary)
 *   Init, Monitor, Answer, Hangup, subkeys of       the command lists, in the values' numeric
 *     EnableCallerID, VoiceAnswer,  REG_SZ "1" "2"  order, 1, 2, 3 ... (a gap is an error)
 *     VoiceDialNumberSetup
 *   Settings\<name>                REG_SZ          Prefix, Terminator, DialPrefix, DialSuffix,
 *                                                  Tone, Pulse, Blind_On/Off, CallSetupFailTimer,
 *                                                  InactivityTimeout, SpeakerVolume_*,
 *                                                  SpeakerMode_*, FlowControl_*, ErrorControl_*,
 *                                                  Compression_*, Modulation_*,
 *                                                  SpeedNegotiation_* (other names ignored)
 *   Responses\<text>               REG_BINARY 10   MODEMRESPONSE / MSS: state, options, DCE and
 *                                                  DTE rates (ff542617(v=vs.85), KB 250648)
 *
 * Strings keep the INF macros (<cr>, <lf>, <hXX>, <#>) as the installer stores them; the
 * profile setters expand them. Values of other names and types are ignored. Two Responses
 * texts equal once their framing CR/LF is trimmed (INFs list "<cr><lf>OK<cr><lf>" and
 * "OK<cr>" alike) are one entry: the first one enumerated wins.
 *
 * Our own value: TspkitPort (REG_SZ), in the same modem key, holds the port URL
 * (docs/unimodem.md section 6) for what AttachedTo cannot name: a network modem
 * (tcp://, rfc2217://) or a USB modem driven through libusb (usb:vid:pid). It lives in the
 * modem's own driver key so that one place describes the modem, an INF can write it with
 * "HKR,, TspkitPort,, ..." and it goes away when the modem is removed; the prefix keeps it
 * clear of Microsoft's names. A modem key with neither TspkitPort nor AttachedTo is not a
 * line.
 *
 * How it works: the registry is reached through a small interface (umr_registry) with two
 * implementations: the Windows registry (umr_open_windows, RegEnumKeyExW/RegEnumValueW,
 * names and strings converted to UTF-8) and a table in memory (umr_memory), which the unit
 * tests and the fuzz target use on Linux. No globals; errors are returned.
 */
#ifndef TSP_UNIMODEM_TSP_REGISTRY_H
#define TSP_UNIMODEM_TSP_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "profile/profile.h"
#include "tsp/config.h"

#define UMR_CLASS_KEY "SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E96D-E325-11CE-BFC1-08002BE10318}"
#define UMR_PORT_VALUE "TspkitPort"

#define UMR_NAME_MAX 256       /* bytes of a key or value name, UTF-8, with its NUL */
#define UMR_DATA_MAX 1024      /* bytes of a value's data */

/* Value types: the Windows REG_* numbers. */
enum { UMR_SZ = 1, UMR_EXPAND_SZ = 2, UMR_BINARY = 3, UMR_DWORD = 4, UMR_MULTI_SZ = 7 };

/* Returns of the interface's functions. */
enum { UMR_OK = 0, UMR_END = 1, UMR_ERROR = -1, UMR_TOOBIG = -2 };

typedef struct umr_value {
    char name[UMR_NAME_MAX];
    uint32_t type;
    uint8_t data[UMR_DATA_MAX + 1]; /* strings: UTF-8 without their NUL, then a NUL */
    size_t len;                     /* bytes of data (strings: without the NUL) */
} umr_value;

/* Paths are relative to the class key ("" is the key itself), parts joined by '\'. */
typedef struct umr_registry {
    /* Subkey i of path: its name into name (cap bytes). UMR_OK, UMR_END past the last,
     * UMR_TOOBIG (skip it), UMR_ERROR (path missing or unreadable). */
    int (*subkey)(void *ctx, const char *path, unsigned i, char *name, size_t cap);
    /* Value i of path into *out. UMR_OK, UMR_END, UMR_TOOBIG (skip it), UMR_ERROR. */
    int (*value)(void *ctx, const char *path, unsigned i, umr_value *out);
    void *ctx;
} umr_registry;

/* Reads every modem of the class key: one line per modem with a port, in key order, with
 * its profile (umc_take_profile). 0, or -1 with the reason in err (the class key cannot be
 * read, out of memory). A modem whose values do not make a profile keeps its line with no
 * profile; err then names the first such problem even though 0 is returned, "" when none. */
int umr_read(const umr_registry *reg, umc_config *out, char *err, size_t errlen);

/* ---- a registry in memory (tests, fuzzing) ------------------------------------------------ */

typedef struct umr_entry {
    const char *path;       /* "0000", "0000\\Init"; a key exists when an entry names it */
    const char *name;       /* NULL: the entry only makes the key exist */
    uint32_t type;
    const void *data;
    size_t len;             /* strings: without a NUL */
} umr_entry;

typedef struct umr_memory {
    const umr_entry *entries;
    size_t count;
} umr_memory;

/* A registry over mem's table (which must outlive it). */
umr_registry umr_memory_registry(umr_memory *mem);

#ifdef _WIN32
/* The class key of this machine's registry, read-only: 0, or -1 when it cannot be opened
 * (no modem was ever installed). Close with umr_close_windows. */
int umr_open_windows(umr_registry *reg);
void umr_close_windows(umr_registry *reg);
#endif

#endif
