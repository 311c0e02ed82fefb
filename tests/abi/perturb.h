/*
 * tests/abi/perturb.h - planted ABI differences for the ABI proof's
 * self-check. abicheck.py includes this after the platform (mingw-w64)
 * headers and compares against the unperturbed platform: it must report
 * exactly the items listed on the "expect:" lines, no more, no fewer. This
 * proves that each kind of difference is seen and that identical headers
 * give no noise, whatever state tspkit's own headers are in.
 */

/* Constants: wrong value, wrong size, wrong signedness, and absent. */
#undef LINEERR_ALLOCATED
#define LINEERR_ALLOCATED 0x80000002        /* expect: const LINEERR_ALLOCATED */
#undef LINECALLSTATE_IDLE
#define LINECALLSTATE_IDLE 0x00000001ULL    /* expect: const LINECALLSTATE_IDLE */
#undef LINE_CLOSE
#define LINE_CLOSE 3u                       /* expect: const LINE_CLOSE */
#undef PHONEERR_NOMEM                       /* expect: const PHONEERR_NOMEM */

/* TAPI structures are byte-packed; so are the stand-ins, so that only the
 * planted differences differ. */
#pragma pack(push, 1)

/* A structure with two fields swapped and one added: its size and both
 * offsets differ, and so does every member and typedef built from it. */
typedef struct {
    DWORD dwDialSpeed;                      /* expect: field LINEDIALPARAMS.dwDialSpeed */
    DWORD dwDialPause;                      /* expect: field LINEDIALPARAMS.dwDialPause */
    DWORD dwDigitDuration;
    DWORD dwWaitForDialtone;
    DWORD dwExtra;
} abi_perturbed_dialparams;
#define LINEDIALPARAMS abi_perturbed_dialparams
/* expect: struct LINEDIALPARAMS */
/* expect: typedef LPLINEDIALPARAMS */
/* expect: field LINECALLPARAMS.DialParams */
/* expect: field LINECALLINFO.DialParams */
/* expect: field LINEDEVCAPS.DefaultDialParams */
/* expect: field LINEDEVCAPS.MaxDialParams */
/* expect: field LINEDEVCAPS.MinDialParams */

/* Same size and offsets, but a field of another type (LONG for DWORD). */
typedef struct {
    DWORD dwTotalSize;
    DWORD dwNeededSize;
    DWORD dwUsedSize;
    LONG dwStringFormat;                    /* expect: field VARSTRING.dwStringFormat */
    DWORD dwStringSize;
    DWORD dwStringOffset;
} abi_perturbed_varstring;
#pragma pack(pop)
#define VARSTRING abi_perturbed_varstring
/* expect: typedef LPVARSTRING */

/* A handle typedef of the same size but another type. */
typedef LONG abi_perturbed_hcallhub;
#define HCALLHUB abi_perturbed_hcallhub     /* expect: typedef HCALLHUB */
/* expect: typedef LPHCALLHUB */

/* A TSPI function whose last parameter has the wrong type. */
LONG WINAPI abi_perturbed_lineOpen(DWORD dwDeviceID, HTAPILINE htLine, LPHDRVLINE lphdLine,
                                   DWORD dwTSPIVersion, LINECALLBACK lpfnEventProc);
#define TSPI_lineOpen abi_perturbed_lineOpen /* expect: proto TSPI_lineOpen */

/* A parameter type of another size: LPHICON is used only by the two
 * GetIcon functions. */
#define LPHICON WORD                        /* expect: typedef LPHICON */
/* expect: param TSPI_lineGetIcon#3 */
/* expect: proto TSPI_lineGetIcon */
/* expect: param TSPI_phoneGetIcon#3 */
/* expect: proto TSPI_phoneGetIcon */

/* Calling convention, visible on 32-bit x86 only: a cdecl function where
 * Windows has stdcall (WINAPI). */
#ifdef __i386__
LONG __cdecl abi_perturbed_lineClose(HDRVLINE hdLine);
#  define TSPI_lineClose abi_perturbed_lineClose /* expect(i686): proto TSPI_lineClose */
#endif
