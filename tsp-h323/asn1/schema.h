/*
 * tsp-h323/asn1/schema.h - ASN.1 aligned PER (ITU-T X.691) codec driven by type tables.
 *
 * What it does: encodes plain C structs to aligned BASIC-PER and decodes them back, for
 * the ASN.1 types H.225.0 and H.245 use. Each ASN.1 type is described once by a static
 * const per_type table that maps it onto a C type by offsetof; one generic encoder and one
 * generic decoder walk the tables. docs/h323-per.md shows how to describe a type.
 *
 * How: per_encode writes the complete encoding (X.691 10.1) into a caller buffer and fails
 * with PER_E_FULL, never overflowing, when it does not fit. per_decode fills a C struct,
 * taking every variable-size part (strings, SEQUENCE OF arrays, pointed-to components)
 * from a caller-supplied arena: no malloc, and the arena bounds the work any input can
 * cause. The decoder never reads past its input, nests at most PER_MAX_DEPTH types deep,
 * skips extension additions and CHOICE extension alternatives it does not know (or keeps
 * their bytes so they can be re-encoded, see PER_KEEP_UNKNOWN), and rejects anything
 * outside the described constraints with a PER_E_* code and the path to the field.
 *
 * The C mapping:
 *   BOOLEAN                  bool
 *   NULL                     nothing (as a component: only its presence flag)
 *   INTEGER                  any int8..int64 / uint8..uint64 field (PER_INTEGER(ctype, ...))
 *   ENUMERATED               unsigned field holding the index: root values 0..nroot-1 in
 *                            ascending order of their numbers, then extension values in
 *                            order of definition (an unknown received one keeps its index)
 *   OCTET STRING             per_octets, or uint8_t[n] for SIZE(n) (PER_OCTET_STRING_FIXED)
 *   BIT STRING               per_bits, or uint8_t[(n+7)/8] for SIZE(n); first bit = MSB
 *   IA5/Numeric/Printable/VisibleString, GeneralString, UTF8String   per_string
 *   BMPString                per_bmp (UTF-16 code units)
 *   OBJECT IDENTIFIER        per_oid
 *   SEQUENCE                 a struct; OPTIONAL/DEFAULT components have a bool presence
 *                            flag (or are pointers, NULL when absent)
 *   SEQUENCE OF              PER_SEQ_OF(T): { uint32_t count; T *items; }
 *   CHOICE                   a struct with a uint32_t alternative index (root alternatives
 *                            0..nroot-1, then extension ones) and a union
 *   open type (opaque)       per_octets holding the complete encoding of the inner value
 * Decoded strings are NUL-terminated (not counted in len). Recursive types use pointers.
 *
 * Conformance notes (where PER implementations are known to disagree, we follow X.691 as
 * the H.323 stacks in the field read it; details in docs/h323-per.md):
 *  - known-multiplier strings are octet-aligned when fixed-size and ub*B > 16 bits, or
 *    variable-size and ub*B >= 16 bits (X.691 27.5.6, 27.5.7);
 *  - an empty variable-size string adds no alignment padding;
 *  - DEFAULT components equal to their default are not encoded (scalar types).
 *
 * Standards: ITU-T X.691 (07/2002), clause numbers cited in schema.c; X.690 8.19 for
 * OBJECT IDENTIFIER contents. Plain C11, libc only, no mutable global state, no I/O.
 */
#ifndef H323_ASN1_SCHEMA_H
#define H323_ASN1_SCHEMA_H

#include "per.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef PER_MAX_DEPTH
#define PER_MAX_DEPTH 48      /* nested types (SEQUENCE in CHOICE in ...) the codec follows */
#endif
#define PER_OID_MAX_ARCS 16

/* ---- C representations -------------------------------------------------------------- */

typedef struct per_octets { uint32_t len; const uint8_t *data; } per_octets;
typedef struct per_bits { uint32_t nbits; const uint8_t *data; } per_bits;
typedef struct per_string { uint32_t len; const char *chars; } per_string;
typedef struct per_bmp { uint32_t len; const uint16_t *chars; } per_bmp;
typedef struct per_oid { uint32_t count; uint32_t arcs[PER_OID_MAX_ARCS]; } per_oid;

#define PER_SEQ_OF(T) struct { uint32_t count; T *items; }
typedef PER_SEQ_OF(void) per_seq_of;

/* Extension additions a decoder did not know, kept for re-encoding (PER_KEEP_UNKNOWN):
 * index counts all additions of the SEQUENCE from 0, known ones included. */
typedef struct per_ext_item { uint32_t index; per_octets data; } per_ext_item;
typedef PER_SEQ_OF(per_ext_item) per_ext_list;

/* A string literal as a per_string / per_octets. */
#define PER_STR(s) ((per_string){ (uint32_t)(sizeof(s) - 1), (s) })
#define PER_OCTS(s) ((per_octets){ (uint32_t)(sizeof(s) - 1), (const uint8_t *)(s) })

/* ---- type descriptions ---------------------------------------------------------------- */

typedef enum per_kind {
    PER_K_BOOLEAN, PER_K_NULL, PER_K_INTEGER, PER_K_ENUMERATED,
    PER_K_OCTET_STRING, PER_K_BIT_STRING,
    PER_K_KMSTRING,     /* IA5/Numeric/Printable/VisibleString, 8-bit characters */
    PER_K_BMPSTRING,
    PER_K_OCTETCHARS,   /* GeneralString, UTF8String: not known-multiplier (27.6) */
    PER_K_OID, PER_K_SEQUENCE, PER_K_SEQUENCE_OF, PER_K_CHOICE,
    PER_K_OPEN          /* an open type kept as its encoded bytes */
} per_kind;

/* per_type.flags */
#define PER_EXT          0x01  /* "..." in the type or in its INTEGER/SIZE constraint */
#define PER_HAS_LB       0x02  /* INTEGER has a lower bound */
#define PER_HAS_UB       0x04  /* INTEGER has an upper bound; SIZE has one */
#define PER_SIGNED       0x08  /* the INTEGER's C type is signed */
#define PER_INLINE       0x10  /* fixed-size OCTET/BIT STRING stored as uint8_t[] */
#define PER_KEEP_UNKNOWN 0x20  /* keep unknown extensions at unknown_off */

typedef struct per_comp per_comp;
typedef struct per_type per_type;

struct per_type {
    const char *name;          /* the ASN.1 type name, for errors */
    uint8_t kind;              /* per_kind */
    uint8_t flags;
    uint32_t csize;            /* sizeof the C representation */
    int64_t lb, ub;            /* INTEGER value bounds, or the SIZE bounds of strings and
                                  SEQUENCE OF (ub meaningful only with PER_HAS_UB) */
    const per_comp *comps;     /* SEQUENCE components / CHOICE alternatives */
    uint32_t ncomps;           /* ... all of them; ENUMERATED: known values */
    uint32_t nroot;            /* ... those before the extension marker */
    const per_type *item;      /* SEQUENCE OF: the element type */
    const char *alphabet;      /* KMSTRING: permitted characters in ascending order;
                                  NULL = all of IA5String (0..127) */
    uint32_t tag_off;          /* CHOICE: offset of the uint32_t alternative index */
    uint32_t unknown_off;      /* PER_KEEP_UNKNOWN: per_ext_list (SEQUENCE) or
                                  per_octets (CHOICE) receiving unknown extensions */
};

/* per_comp.flags */
#define PER_OPTIONAL 0x01      /* presence is the bool at `present` (or the pointer) */
#define PER_DEFAULT  0x02      /* with PER_OPTIONAL: absent means `dflt` */
#define PER_PTR      0x04      /* the field is a pointer to the value */

struct per_comp {
    const char *name;          /* the component / alternative name, for errors */
    const per_type *type;      /* NULL only for a CHOICE alternative not described */
    uint32_t offset;           /* offsetof the field */
    uint32_t size;             /* sizeof the field (checked by per_schema_check) */
    uint32_t present;          /* PER_OPTIONAL without PER_PTR: offsetof the bool flag */
    uint16_t flags;
    int64_t dflt;              /* PER_DEFAULT of INTEGER / ENUMERATED index / BOOLEAN */
};

/* ---- description helpers (static const tables; see docs/h323-per.md) ----------------- */

#define PER_COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))
#define PER_FSIZE_(T, f) ((uint32_t)sizeof(((T *)0)->f))
#define PER_SIGNED_(ctype) (((ctype)-1 > (ctype)0) ? 0 : PER_SIGNED)

/* Shared descriptions of the unconstrained simple types. */
extern const per_type per_t_boolean, per_t_null, per_t_oid, per_t_open;

/* INTEGER (lo..hi), (lo..hi, ...), (lo..MAX), unconstrained; stored in a field of ctype. */
#define PER_INTEGER(ctype, lo, hi) { .name = "INTEGER", .kind = PER_K_INTEGER, \
    .flags = PER_HAS_LB | PER_HAS_UB | PER_SIGNED_(ctype), .csize = sizeof(ctype), .lb = (lo), .ub = (hi) }
#define PER_INTEGER_EXT(ctype, lo, hi) { .name = "INTEGER", .kind = PER_K_INTEGER, \
    .flags = PER_EXT | PER_HAS_LB | PER_HAS_UB | PER_SIGNED_(ctype), .csize = sizeof(ctype), .lb = (lo), .ub = (hi) }
#define PER_INTEGER_MIN(ctype, lo) { .name = "INTEGER", .kind = PER_K_INTEGER, \
    .flags = PER_HAS_LB | PER_SIGNED_(ctype), .csize = sizeof(ctype), .lb = (lo) }
#define PER_INTEGER_ANY(ctype) { .name = "INTEGER", .kind = PER_K_INTEGER, \
    .flags = PER_SIGNED_(ctype), .csize = sizeof(ctype) }

/* ENUMERATED with nroot root values and nknown extension values (ext: has "..."). */
#define PER_ENUMERATED(ctype, nroot_, nknown, ext) { .name = "ENUMERATED", .kind = PER_K_ENUMERATED, \
    .flags = (ext) ? PER_EXT : 0, .csize = sizeof(ctype), .nroot = (nroot_), .ncomps = (nroot_) + (nknown) }

/* Sized types: SIZE(lo..hi) [_EXT: SIZE(lo..hi, ...)], [_UNC: no SIZE constraint]. */
#define PER_SIZED_(kind_, nm, fl, cs, lo, hi) { .name = nm, .kind = kind_, .flags = (fl), \
    .csize = (cs), .lb = (lo), .ub = (hi) }
#define PER_OCTET_STRING(lo, hi) PER_SIZED_(PER_K_OCTET_STRING, "OCTET STRING", PER_HAS_UB, sizeof(per_octets), lo, hi)
#define PER_OCTET_STRING_EXT(lo, hi) PER_SIZED_(PER_K_OCTET_STRING, "OCTET STRING", PER_HAS_UB | PER_EXT, sizeof(per_octets), lo, hi)
#define PER_OCTET_STRING_UNC PER_SIZED_(PER_K_OCTET_STRING, "OCTET STRING", 0, sizeof(per_octets), 0, 0)
#define PER_OCTET_STRING_FIXED(n) PER_SIZED_(PER_K_OCTET_STRING, "OCTET STRING", PER_HAS_UB | PER_INLINE, (n), n, n)
#define PER_BIT_STRING(lo, hi) PER_SIZED_(PER_K_BIT_STRING, "BIT STRING", PER_HAS_UB, sizeof(per_bits), lo, hi)
#define PER_BIT_STRING_EXT(lo, hi) PER_SIZED_(PER_K_BIT_STRING, "BIT STRING", PER_HAS_UB | PER_EXT, sizeof(per_bits), lo, hi)
#define PER_BIT_STRING_UNC PER_SIZED_(PER_K_BIT_STRING, "BIT STRING", 0, sizeof(per_bits), 0, 0)
#define PER_BIT_STRING_FIXED(n) PER_SIZED_(PER_K_BIT_STRING, "BIT STRING", PER_HAS_UB | PER_INLINE, ((n) + 7) / 8, n, n)

/* Known-multiplier strings; _FROM adds a permitted-alphabet constraint FROM("..."), the
 * characters listed in ascending order (e.g. H.225.0 dialedDigits: "#*,0123456789"). */
#define PER_ALPHABET_NUMERIC " 0123456789"
#define PER_ALPHABET_PRINTABLE " '()+,-./0123456789:=?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#define PER_ALPHABET_VISIBLE " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
#define PER_KMSTRING_(nm, fl, lo, hi, alpha) { .name = nm, .kind = PER_K_KMSTRING, .flags = (fl), \
    .csize = sizeof(per_string), .lb = (lo), .ub = (hi), .alphabet = (alpha) }
#define PER_IA5STRING(lo, hi) PER_KMSTRING_("IA5String", PER_HAS_UB, lo, hi, NULL)
#define PER_IA5STRING_EXT(lo, hi) PER_KMSTRING_("IA5String", PER_HAS_UB | PER_EXT, lo, hi, NULL)
#define PER_IA5STRING_UNC PER_KMSTRING_("IA5String", 0, 0, 0, NULL)
#define PER_IA5STRING_FROM(lo, hi, alpha) PER_KMSTRING_("IA5String", PER_HAS_UB, lo, hi, alpha)
#define PER_NUMERICSTRING(lo, hi) PER_KMSTRING_("NumericString", PER_HAS_UB, lo, hi, PER_ALPHABET_NUMERIC)
#define PER_NUMERICSTRING_UNC PER_KMSTRING_("NumericString", 0, 0, 0, PER_ALPHABET_NUMERIC)
#define PER_PRINTABLESTRING(lo, hi) PER_KMSTRING_("PrintableString", PER_HAS_UB, lo, hi, PER_ALPHABET_PRINTABLE)
#define PER_VISIBLESTRING(lo, hi) PER_KMSTRING_("VisibleString", PER_HAS_UB, lo, hi, PER_ALPHABET_VISIBLE)
#define PER_BMPSTRING(lo, hi) PER_SIZED_(PER_K_BMPSTRING, "BMPString", PER_HAS_UB, sizeof(per_bmp), lo, hi)
#define PER_BMPSTRING_UNC PER_SIZED_(PER_K_BMPSTRING, "BMPString", 0, sizeof(per_bmp), 0, 0)
#define PER_GENERALSTRING PER_SIZED_(PER_K_OCTETCHARS, "GeneralString", 0, sizeof(per_string), 0, 0)
#define PER_UTF8STRING PER_SIZED_(PER_K_OCTETCHARS, "UTF8String", 0, sizeof(per_string), 0, 0)

/* SEQUENCE OF item [SIZE(lo..hi)], the C field a PER_SEQ_OF(...). */
#define PER_SEQUENCE_OF(itemtype, lo, hi) { .name = "SEQUENCE OF", .kind = PER_K_SEQUENCE_OF, \
    .flags = PER_HAS_UB, .csize = sizeof(per_seq_of), .lb = (lo), .ub = (hi), .item = &(itemtype) }
#define PER_SEQUENCE_OF_UNC(itemtype) { .name = "SEQUENCE OF", .kind = PER_K_SEQUENCE_OF, \
    .csize = sizeof(per_seq_of), .item = &(itemtype) }

/* SEQUENCE / CHOICE over a component array: the first nroot_ are the root, the rest
 * extension additions (then ext must be true). _KEEP stores unknown extensions in field. */
#define PER_SEQUENCE(T, nm, comps_, nroot_, ext) { .name = nm, .kind = PER_K_SEQUENCE, \
    .flags = (ext) ? PER_EXT : 0, .csize = sizeof(T), .comps = (comps_), .ncomps = PER_COUNT(comps_), .nroot = (nroot_) }
#define PER_SEQUENCE_KEEP(T, nm, comps_, nroot_, field) { .name = nm, .kind = PER_K_SEQUENCE, \
    .flags = PER_EXT | PER_KEEP_UNKNOWN, .csize = sizeof(T), .comps = (comps_), .ncomps = PER_COUNT(comps_), \
    .nroot = (nroot_), .unknown_off = offsetof(T, field) }
#define PER_CHOICE(T, nm, tagfield, comps_, nroot_, ext) { .name = nm, .kind = PER_K_CHOICE, \
    .flags = (ext) ? PER_EXT : 0, .csize = sizeof(T), .comps = (comps_), .ncomps = PER_COUNT(comps_), \
    .nroot = (nroot_), .tag_off = offsetof(T, tagfield) }
#define PER_CHOICE_KEEP(T, nm, tagfield, comps_, nroot_, field) { .name = nm, .kind = PER_K_CHOICE, \
    .flags = PER_EXT | PER_KEEP_UNKNOWN, .csize = sizeof(T), .comps = (comps_), .ncomps = PER_COUNT(comps_), \
    .nroot = (nroot_), .tag_off = offsetof(T, tagfield), .unknown_off = offsetof(T, field) }

/* Components (SEQUENCE) and alternatives (CHOICE). Field f of struct T described by type. */
#define PER_COMP(T, f, type) { #f, &(type), offsetof(T, f), PER_FSIZE_(T, f), 0, 0, 0 }
#define PER_COMP_OPT(T, f, type, has) { #f, &(type), offsetof(T, f), PER_FSIZE_(T, f), offsetof(T, has), PER_OPTIONAL, 0 }
#define PER_COMP_DEFAULT(T, f, type, has, value) { #f, &(type), offsetof(T, f), PER_FSIZE_(T, f), \
    offsetof(T, has), PER_OPTIONAL | PER_DEFAULT, (value) }
#define PER_COMP_PTR(T, f, type) { #f, &(type), offsetof(T, f), PER_FSIZE_(T, f), 0, PER_PTR, 0 }
#define PER_COMP_OPT_PTR(T, f, type) { #f, &(type), offsetof(T, f), PER_FSIZE_(T, f), 0, PER_OPTIONAL | PER_PTR, 0 }
/* A NULL component: only present or not (has) / a NULL alternative (no storage). */
#define PER_COMP_NULL_OPT(T, nm, has) { nm, &per_t_null, 0, 0, offsetof(T, has), PER_OPTIONAL, 0 }
#define PER_ALT_NULL(nm) { nm, &per_t_null, 0, 0, 0, 0, 0 }
/* An alternative this schema does not describe (encode/decode fail with PER_E_UNSUPPORTED
 * in the root; in the extension it is skipped like an unknown one). */
#define PER_ALT_UNDESCRIBED(nm) { nm, NULL, 0, 0, 0, 0, 0 }

/* ---- the codec ------------------------------------------------------------------------- */

/* Where an error happened: the component path, innermost first (per_errinfo_format
 * prints it outermost first: "Setup-UUIE.sourceAddress[1].h323-ID"). */
#define PER_ERRPATH_MAX 12
typedef struct per_errinfo {
    size_t bit;                              /* encoder/decoder bit position */
    unsigned depth;                          /* path entries used */
    unsigned dropped;                        /* outer entries that did not fit */
    struct { const char *name; long index; } path[PER_ERRPATH_MAX];   /* index -1: none */
} per_errinfo;
/* Writes "err-text at a.b[2].c (bit n)"; returns what snprintf returns. */
int per_errinfo_format(const per_errinfo *ei, int err, char *buf, size_t size);

/* The decoder's memory: one caller buffer, handed out 8-byte aligned and zeroed. */
typedef struct per_arena {
    uint8_t *base;
    size_t size, used, last;
} per_arena;
void per_arena_init(per_arena *a, void *mem, size_t size);
void per_arena_reset(per_arena *a);
void *per_arena_alloc(per_arena *a, size_t n);   /* NULL when exhausted */

/* Encodes *value of type t as a complete encoding into out[0..cap); *len gets its size.
 * ei may be NULL. 0 or PER_E_*; out beyond cap is never touched. */
int per_encode(const per_type *t, const void *value, uint8_t *out, size_t cap, size_t *len,
               per_errinfo *ei);
/* Decodes in[0..len) as type t into *value (t->csize bytes, zeroed first). Strings and
 * arrays point into arena memory, so *value lives as long as the arena's buffer. */
int per_decode(const per_type *t, const uint8_t *in, size_t len, void *value, per_arena *a,
               per_errinfo *ei);
/* The same inside a larger bit stream (no 10.1 completion or padding). */
int per_encode_into(per_enc *e, const per_type *t, const void *value, per_errinfo *ei);
int per_decode_from(per_dec *d, const per_type *t, void *value, per_arena *a, per_errinfo *ei);

/* Checks a description and everything it reaches: bounds, C field sizes against the
 * types, INTEGER C types wide enough for their bounds, presence flags for OPTIONAL,
 * sorted alphabets, CHOICE/SEQUENCE counts. Run it in a unit test for every schema. */
int per_schema_check(const per_type *t, per_errinfo *ei);

#endif
