/*
 * tsp-unimodem/tsp/config.h - which modems the TSP serves: its line list, parsed from text.
 *
 * What it does: turns the provider's configuration file into one entry per line device:
 * a name, the port URL (port/port.h), the modem profile file (profile/profile.h), and the
 * settings the user would pick on Unimodem's property pages. umc_parse is pure (the text
 * in, the lines out); umc_load reads the file the provider names (on Linux
 * $TSPKIT_UNIMODEM_CONFIG or /etc/tspkit/unimodem.conf, on Windows $TSPKIT_UNIMODEM_CONFIG
 * or unimodem.conf next to the DLL) and the profiles it points to, and on Windows, when
 * there is no such file, reads the modems Windows has installed from the registry keys
 * Unimodem reads (tsp/registry.h). No globals; errors are returned.
 *
 * The format, one [Line] section per line device, in device order:
 *
 *     ; comment (also '#' at the start of a line)
 *     [Line]
 *     Name = "Office modem"             ; optional: default the profile's Name
 *     Port = tty:/dev/ttyS0             ; required: a port URL (docs/unimodem.md)
 *     Profile = profiles/generic.ini    ; required: relative to the file's own folder
 *     CallSetupFailTimer = 60           ; optional: seconds to wait for a connection (S7)
 *
 * Keys are matched without regard to case; values may be "quoted". Errors name the file
 * and line: "unimodem.conf:4: unknown key 'Prot' in [Line]".
 */
#ifndef TSP_UNIMODEM_TSP_CONFIG_H
#define TSP_UNIMODEM_TSP_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define UMC_LINES_MAX 256          /* line devices per file */
#define UMC_LINE_MAX 1024          /* bytes per line of text, newline excluded */
#define UMC_NAME_MAX 96            /* bytes of a line name (LINEDEVCAPS LineName) */
#define UMC_PATH_MAX 512           /* bytes of a port URL or profile path */
#define UMC_ERR_MAX 256

typedef struct {
    char name[UMC_NAME_MAX];       /* "" when not given */
    char port[UMC_PATH_MAX];
    char profile[UMC_PATH_MAX];
    uint32_t call_setup_fail_s;    /* 0: the AT engine's default */
} umc_line;

struct um_profile;

typedef struct {
    size_t count;
    umc_line *lines;
    /* With umc_load: line i's modem profile, NULL when it could not be read (the line then
     * fails lineOpen); NULL altogether after umc_parse. */
    struct um_profile **profiles;
} umc_config;

/* Parses len bytes; name is used in messages. 0, or -1 with "name:LINE: what" in err
 * (out is then empty). Free with umc_free. Pure: no I/O. */
int umc_parse(const char *text, size_t len, const char *name, umc_config *out, char *err, size_t errlen);
/* Frees the lines and the profiles not taken. */
void umc_free(umc_config *c);

/* ---- loading: what the TSP calls ------------------------------------------------------------ */

/* The line list the TSP serves, each line with its profile:
 *   - the file at path when it can be opened (umc_load_file);
 *   - otherwise, on Windows, the modems installed in the registry (umr_read on
 *     Unimodem's class key, tsp/registry.h); elsewhere an error.
 * 0, or -1 with the reason in err. A line whose profile could not be read has none; err
 * then names the first such problem although 0 is returned ("" when there was none). */
int umc_load(const char *path, umc_config *out, char *err, size_t errlen);
/* The file and every profile it names (paths relative to the file's folder, or absolute),
 * each at most UMC_FILE_MAX bytes. */
int umc_load_file(const char *path, umc_config *out, char *err, size_t errlen);
/* Hands line i's profile over (the caller frees it with um_profile_free): NULL when there
 * is none or it was taken already. */
struct um_profile *umc_take_profile(umc_config *c, size_t i);

#define UMC_FILE_MAX (1024 * 1024)

#endif
