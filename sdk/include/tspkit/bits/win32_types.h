/*
 * tspkit/bits/win32_types.h - the Win32 base types TAPI structures are made of,
 * for builds that do not have <windows.h> (Linux), or that ask for tspkit's own
 * definitions with TSPKIT_OWN_WIN32_DEFS (the ABI proof does this under mingw).
 *
 * Sizes follow the Windows LLP64 model on every target: DWORD/LONG/ULONG are
 * 32 bits even where C's long is 64 bits, WCHAR is 16 bits even where wchar_t
 * is 32, and the *_PTR and handle types are pointer-sized.
 * Reference: "Windows Data Types" (learn.microsoft.com, win32/winprog).
 *
 * Do not include this file directly; include <tspkit/tapi.h>.
 */
#ifndef TSPKIT_BITS_WIN32_TYPES_H
#define TSPKIT_BITS_WIN32_TYPES_H

#include <stddef.h>
#include <stdint.h>

/* Calling conventions: only 32-bit x86 Windows distinguishes them. */
#if defined(_WIN32) && defined(__i386__)
#  define TSPK_STDCALL __attribute__((stdcall))
#else
#  define TSPK_STDCALL
#endif
#ifndef WINAPI
#  define WINAPI TSPK_STDCALL
#endif
#ifndef CALLBACK
#  define CALLBACK TSPK_STDCALL
#endif
#ifndef STDMETHODCALLTYPE
#  define STDMETHODCALLTYPE TSPK_STDCALL
#endif
#ifndef EXTERN_C
#  ifdef __cplusplus
#    define EXTERN_C extern "C"
#  else
#    define EXTERN_C extern
#  endif
#endif

typedef unsigned char BYTE, byte, UCHAR, BOOLEAN, *LPBYTE, *PBYTE;
typedef uint16_t WORD, USHORT, *LPWORD, *PWORD;
typedef uint32_t DWORD, UINT, ULONG, *LPDWORD, *PDWORD, *PULONG;
typedef int32_t LONG, INT, BOOL, *LPLONG, *PLONG, *LPBOOL;
typedef int32_t HRESULT;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG, DWORD64;
typedef char CHAR, *LPSTR, *PSTR;
typedef const char *LPCSTR, *PCSTR;
/* 16-bit UTF-16 code unit; u"..." literals have a compatible type. */
typedef uint16_t WCHAR, *LPWSTR, *PWSTR, *BSTR;
typedef const WCHAR *LPCWSTR, *PCWSTR;
typedef void VOID, *LPVOID, *PVOID;
typedef const void *LPCVOID;

typedef uintptr_t DWORD_PTR, ULONG_PTR, UINT_PTR, SIZE_T, WPARAM;
typedef intptr_t LONG_PTR, INT_PTR, LPARAM, LRESULT;

/* Handles are opaque pointers, as with STRICT on Windows. */
typedef void *HANDLE, *LPHANDLE;
#define TSPK_DECLARE_HANDLE(name) struct name##__ { int unused; }; typedef struct name##__ *name
TSPK_DECLARE_HANDLE(HWND);
TSPK_DECLARE_HANDLE(HICON);
TSPK_DECLARE_HANDLE(HINSTANCE);
TSPK_DECLARE_HANDLE(HKEY);
typedef HINSTANCE HMODULE;

typedef double DATE;

/* CURRENCY is a 64-bit fixed-point value (OLE Automation). */
typedef union tagCY {
    struct { ULONG Lo; LONG Hi; } s;
    LONGLONG int64;
} CY, CURRENCY;

typedef struct _SYSTEMTIME {
    WORD wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

typedef struct _GUID {
    ULONG Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID, IID, CLSID, *LPGUID, *LPIID, *LPCLSID;
typedef const GUID *REFGUID;
typedef const IID *REFIID;
typedef const CLSID *REFCLSID;

#define S_OK ((HRESULT)0)
#define S_FALSE ((HRESULT)1)
#define E_NOTIMPL ((HRESULT)0x80004001)
#define E_NOINTERFACE ((HRESULT)0x80004002)
#define E_POINTER ((HRESULT)0x80004003)
#define E_FAIL ((HRESULT)0x80004005)
#define E_UNEXPECTED ((HRESULT)0x8000FFFF)
#define E_OUTOFMEMORY ((HRESULT)0x8007000E)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define SUCCEEDED(hr) ((HRESULT)(hr) >= 0)
#define FAILED(hr) ((HRESULT)(hr) < 0)

#ifndef TRUE
#  define TRUE 1
#  define FALSE 0
#endif

/* COM: an interface pointer points at a pointer to its vtable; the first three
 * slots are IUnknown's, in this order. Reference: "IUnknown interface". */
typedef struct IUnknown IUnknown;
typedef struct IUnknownVtbl {
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IUnknown *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IUnknown *This);
    ULONG (STDMETHODCALLTYPE *Release)(IUnknown *This);
} IUnknownVtbl;
struct IUnknown { const IUnknownVtbl *lpVtbl; };
typedef IUnknown *LPUNKNOWN;

/* Interfaces the MSPI only passes by pointer. */
typedef struct IDispatch IDispatch;

#endif /* TSPKIT_BITS_WIN32_TYPES_H */
