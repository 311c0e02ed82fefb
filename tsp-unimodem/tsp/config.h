/*
 * tsp-unimodem/tsp/config.h - which modems the TSP serves: its line list, parsed from text.
 *
 * What it does: turns the provider's configuration file into one entry per line device:
 * a name, the port URL (port/port.h), the modem profile file (profile/profile.h), and the
 * settings the user would pick on Unimodem's property pages. Pure: no I/O, no globals; the
 * provider reads the file (on Linux from $TSPKIT_UNIMODEM_CONFIG or
 * /etc/tspkit/unimodem.conf, on Windows unimodem.conf next to the DLL for now; Unimodem's
 * registry keys are still to come) and hands the text here.
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

typedef struct {
    size_t count;
    umc_line *lines;
} umc_config;

/* Parses len bytes; name is used in messages. 0, or -1 with "name:LINE: what" in err
 * (out is then empty). Free with umc_free. */
int umc_parse(const char *text, size_t len, const char *name, umc_config *out, char *err, size_t errlen);
void umc_free(umc_config *c);

#endif
