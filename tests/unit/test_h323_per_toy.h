/*
 * tests/unit/test_h323_per_toy.h - a toy ASN.1 module described for the aligned-PER codec
 * (tsp-h323/asn1/schema.h), shared by the unit tests, the fuzz target and the cross-check
 * against Erlang's asn1 compiler. It uses every descriptor kind; the real H.225.0/H.245
 * schemas live with their engines. TOY_ASN1 is the same module in ASN.1.
 */
#ifndef TEST_H323_PER_TOY_H
#define TEST_H323_PER_TOY_H

#include "asn1/schema.h"

#define TOY_ASN1 \
    "Toy DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n" \
    "Addr ::= SEQUENCE { ip OCTET STRING (SIZE(4)), port INTEGER (0..65535) }\n" \
    "Alias ::= CHOICE {\n" \
    "  dialedDigits IA5String (SIZE(1..128)) (FROM (\"0123456789#*,\")),\n" \
    "  h323-ID BMPString (SIZE(1..256)),\n" \
    "  ...,\n" \
    "  url-ID IA5String (SIZE(1..512)),\n" \
    "  transportID Addr,\n" \
    "  email-ID IA5String (SIZE(1..512)) }\n" \
    "Color ::= ENUMERATED { red, green, blue, ..., cyan, magenta }\n" \
    "Toy ::= SEQUENCE {\n" \
    "  flag BOOLEAN,\n" \
    "  small INTEGER (0..7),\n" \
    "  r255 INTEGER (0..254),\n" \
    "  r256 INTEGER (1..256),\n" \
    "  r257 INTEGER (0..256),\n" \
    "  r64k INTEGER (0..65535),\n" \
    "  big INTEGER (0..4294967295),\n" \
    "  neg INTEGER (-5..5, ...),\n" \
    "  semi INTEGER (1..MAX),\n" \
    "  any INTEGER,\n" \
    "  color Color,\n" \
    "  o1 OCTET STRING (SIZE(1)),\n" \
    "  o2 OCTET STRING (SIZE(2)),\n" \
    "  o4 OCTET STRING (SIZE(4)),\n" \
    "  guid OCTET STRING (SIZE(16)),\n" \
    "  ovar OCTET STRING (SIZE(0..300)) OPTIONAL,\n" \
    "  bits BIT STRING (SIZE(32)) OPTIONAL,\n" \
    "  vbits BIT STRING (SIZE(1..64)) OPTIONAL,\n" \
    "  num NumericString (SIZE(1..16)) OPTIONAL,\n" \
    "  name BMPString (SIZE(1..64)) OPTIONAL,\n" \
    "  ia5 IA5String OPTIONAL,\n" \
    "  oid OBJECT IDENTIFIER,\n" \
    "  aliases SEQUENCE (SIZE(0..8)) OF Alias,\n" \
    "  nothing NULL OPTIONAL,\n" \
    "  level INTEGER (0..15) DEFAULT 3,\n" \
    "  ...,\n" \
    "  callId OCTET STRING (SIZE(16)) OPTIONAL,\n" \
    "  fastStart SEQUENCE OF OCTET STRING OPTIONAL,\n" \
    "  tunnelling BOOLEAN,\n" \
    "  marker NULL OPTIONAL,\n" \
    "  text GeneralString OPTIONAL }\n" \
    "END\n"

typedef struct toy_addr {
    uint8_t ip[4];
    uint16_t port;
} toy_addr;

enum { ALIAS_DIALED, ALIAS_H323ID, ALIAS_URL, ALIAS_TRANSPORT, ALIAS_EMAIL };
typedef struct toy_alias {
    uint32_t choice;
    union {
        per_string dialed;
        per_bmp h323_id;
        per_string url;
        toy_addr transport;
        per_string email;
    } u;
    per_octets unknown;        /* an extension alternative the reader does not know */
} toy_alias;

enum { COLOR_RED, COLOR_GREEN, COLOR_BLUE, COLOR_CYAN, COLOR_MAGENTA };

typedef struct toy {
    bool flag;
    uint8_t small;
    uint8_t r255;
    uint16_t r256;
    uint16_t r257;
    uint16_t r64k;
    uint32_t big;
    int8_t neg;
    uint32_t semi;
    int64_t any;
    uint8_t color;
    uint8_t o1[1], o2[2], o4[4], guid[16];
    bool has_ovar, has_bits, has_vbits, has_num, has_name, has_ia5, has_nothing, has_level;
    per_octets ovar;
    uint8_t bits[4];
    per_bits vbits;
    per_string num;
    per_bmp name;
    per_string ia5;
    per_oid oid;
    PER_SEQ_OF(toy_alias) aliases;
    uint8_t level;
    /* extension additions */
    bool has_call_id, has_fast_start, has_marker, has_text;
    uint8_t call_id[16];
    PER_SEQ_OF(per_octets) fast_start;
    bool tunnelling;
    per_string text;
    per_ext_list unknown;      /* additions the reader does not know */
    per_octets fast_start_raw; /* fastStart for a reader that carries it opaque */
} toy;

static const per_type toy_t_ip = PER_OCTET_STRING_FIXED(4);
static const per_type toy_t_port = PER_INTEGER(uint16_t, 0, 65535);
static const per_comp toy_addr_comps[] = {
    PER_COMP(toy_addr, ip, toy_t_ip),
    PER_COMP(toy_addr, port, toy_t_port),
};
static const per_type toy_t_addr = PER_SEQUENCE(toy_addr, "Addr", toy_addr_comps, 2, false);

static const per_type toy_t_dialed = PER_IA5STRING_FROM(1, 128, "#*,0123456789");
static const per_type toy_t_bmp256 = PER_BMPSTRING(1, 256);
static const per_type toy_t_ia5_512 = PER_IA5STRING(1, 512);
static const per_comp toy_alias_comps[] = {
    PER_COMP(toy_alias, u.dialed, toy_t_dialed),
    PER_COMP(toy_alias, u.h323_id, toy_t_bmp256),
    PER_COMP(toy_alias, u.url, toy_t_ia5_512),
    PER_COMP(toy_alias, u.transport, toy_t_addr),
    PER_COMP(toy_alias, u.email, toy_t_ia5_512),
};
static const per_type toy_t_alias = PER_CHOICE_KEEP(toy_alias, "Alias", choice, toy_alias_comps, 2, unknown);
/* A reader of an older version: knows url-ID as its only extension alternative; with or
 * without keeping the others. */
static const per_comp toy_alias_v1_comps[] = {
    PER_COMP(toy_alias, u.dialed, toy_t_dialed),
    PER_COMP(toy_alias, u.h323_id, toy_t_bmp256),
    PER_COMP(toy_alias, u.url, toy_t_ia5_512),
};
static const per_type toy_t_alias_v1 = PER_CHOICE_KEEP(toy_alias, "Alias", choice, toy_alias_v1_comps, 2, unknown);
static const per_type toy_t_alias_v1_skip = PER_CHOICE(toy_alias, "Alias", choice, toy_alias_v1_comps, 2, true);

static const per_type toy_t_color = PER_ENUMERATED(uint8_t, 3, 2, true);

static const per_type toy_t_small = PER_INTEGER(uint8_t, 0, 7);
static const per_type toy_t_r255 = PER_INTEGER(uint8_t, 0, 254);
static const per_type toy_t_r256 = PER_INTEGER(uint16_t, 1, 256);
static const per_type toy_t_r257 = PER_INTEGER(uint16_t, 0, 256);
static const per_type toy_t_r64k = PER_INTEGER(uint16_t, 0, 65535);
static const per_type toy_t_big = PER_INTEGER(uint32_t, 0, 4294967295LL);
static const per_type toy_t_neg = PER_INTEGER_EXT(int8_t, -5, 5);
static const per_type toy_t_semi = PER_INTEGER_MIN(uint32_t, 1);
static const per_type toy_t_any = PER_INTEGER_ANY(int64_t);
static const per_type toy_t_o1 = PER_OCTET_STRING_FIXED(1);
static const per_type toy_t_o2 = PER_OCTET_STRING_FIXED(2);
static const per_type toy_t_o16 = PER_OCTET_STRING_FIXED(16);
static const per_type toy_t_ovar = PER_OCTET_STRING(0, 300);
static const per_type toy_t_bits32 = PER_BIT_STRING_FIXED(32);
static const per_type toy_t_vbits = PER_BIT_STRING(1, 64);
static const per_type toy_t_num = PER_NUMERICSTRING(1, 16);
static const per_type toy_t_bmp64 = PER_BMPSTRING(1, 64);
static const per_type toy_t_ia5 = PER_IA5STRING_UNC;
static const per_type toy_t_aliases = PER_SEQUENCE_OF(toy_t_alias, 0, 8);
static const per_type toy_t_level = PER_INTEGER(uint8_t, 0, 15);
static const per_type toy_t_octets = PER_OCTET_STRING_UNC;
static const per_type toy_t_fast_start = PER_SEQUENCE_OF_UNC(toy_t_octets);
static const per_type toy_t_text = PER_GENERALSTRING;

#define TOY_ROOT_COMPS \
    PER_COMP(toy, flag, per_t_boolean), \
    PER_COMP(toy, small, toy_t_small), \
    PER_COMP(toy, r255, toy_t_r255), \
    PER_COMP(toy, r256, toy_t_r256), \
    PER_COMP(toy, r257, toy_t_r257), \
    PER_COMP(toy, r64k, toy_t_r64k), \
    PER_COMP(toy, big, toy_t_big), \
    PER_COMP(toy, neg, toy_t_neg), \
    PER_COMP(toy, semi, toy_t_semi), \
    PER_COMP(toy, any, toy_t_any), \
    PER_COMP(toy, color, toy_t_color), \
    PER_COMP(toy, o1, toy_t_o1), \
    PER_COMP(toy, o2, toy_t_o2), \
    PER_COMP(toy, o4, toy_t_ip), \
    PER_COMP(toy, guid, toy_t_o16), \
    PER_COMP_OPT(toy, ovar, toy_t_ovar, has_ovar), \
    PER_COMP_OPT(toy, bits, toy_t_bits32, has_bits), \
    PER_COMP_OPT(toy, vbits, toy_t_vbits, has_vbits), \
    PER_COMP_OPT(toy, num, toy_t_num, has_num), \
    PER_COMP_OPT(toy, name, toy_t_bmp64, has_name), \
    PER_COMP_OPT(toy, ia5, toy_t_ia5, has_ia5), \
    PER_COMP(toy, oid, per_t_oid), \
    PER_COMP(toy, aliases, toy_t_aliases), \
    PER_COMP_NULL_OPT(toy, "nothing", has_nothing), \
    PER_COMP_DEFAULT(toy, level, toy_t_level, has_level, 3)
#define TOY_NROOT 25

static const per_comp toy_comps[] = {
    TOY_ROOT_COMPS,
    PER_COMP_OPT(toy, call_id, toy_t_o16, has_call_id),
    PER_COMP_OPT(toy, fast_start, toy_t_fast_start, has_fast_start),
    PER_COMP(toy, tunnelling, per_t_boolean),
    PER_COMP_NULL_OPT(toy, "marker", has_marker),
    PER_COMP_OPT(toy, text, toy_t_text, has_text),
};
static const per_type toy_t = PER_SEQUENCE_KEEP(toy, "Toy", toy_comps, TOY_NROOT, unknown);

/* Version 1 of Toy: knows only callId; the rest arrive as unknown additions (kept). */
static const per_comp toy_v1_comps[] = {
    TOY_ROOT_COMPS,
    PER_COMP_OPT(toy, call_id, toy_t_o16, has_call_id),
};
static const per_type toy_v1_t = PER_SEQUENCE_KEEP(toy, "Toy", toy_v1_comps, TOY_NROOT, unknown);
/* ... and one that skips what it does not know. */
static const per_type toy_v1_skip_t = PER_SEQUENCE(toy, "Toy", toy_v1_comps, TOY_NROOT, true);
/* A reader that carries fastStart opaque: the open type's contents as bytes. */
static const per_comp toy_opaque_comps[] = {
    TOY_ROOT_COMPS,
    PER_COMP_OPT(toy, call_id, toy_t_o16, has_call_id),
    PER_COMP_OPT(toy, fast_start_raw, per_t_open, has_fast_start),
    PER_COMP(toy, tunnelling, per_t_boolean),
};
static const per_type toy_opaque_t = PER_SEQUENCE_KEEP(toy, "Toy", toy_opaque_comps, TOY_NROOT, unknown);

/* A recursive type: Nest ::= SEQUENCE { depth INTEGER (0..1000), child Nest OPTIONAL } */
typedef struct toy_nest {
    uint16_t depth;
    struct toy_nest *child;
} toy_nest;
static const per_type toy_t_nest;
static const per_type toy_t_depth = PER_INTEGER(uint16_t, 0, 1000);
static const per_comp toy_nest_comps[] = {
    PER_COMP(toy_nest, depth, toy_t_depth),
    PER_COMP_OPT_PTR(toy_nest, child, toy_t_nest),
};
static const per_type toy_t_nest = PER_SEQUENCE(toy_nest, "Nest", toy_nest_comps, 2, false);

/* ---- random values ------------------------------------------------------------------------ */

#include <string.h>

/* Storage the random values point into. */
typedef struct toy_pool {
    toy_alias aliases[8];
    char alias_chars[8][64];
    uint16_t alias_bmp[8][32];
    uint8_t ovar[300];
    uint8_t vbits[8];
    char num[16];
    uint16_t name[64];
    char ia5[200];
    per_octets fs[4];
    uint8_t fs_bytes[4][300];
    char text[40];
} toy_pool;

static uint64_t toy_rand(uint64_t *s)          /* xorshift64* */
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static uint32_t toy_below(uint64_t *s, uint32_t n)
{
    return (uint32_t)(toy_rand(s) % n);
}

static void toy_fill(uint64_t *s, uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)toy_rand(s);
}

static void toy_chars(uint64_t *s, char *p, size_t n, const char *from)
{
    size_t k = strlen(from);
    for (size_t i = 0; i < n; i++) p[i] = from[toy_below(s, (uint32_t)k)];
}

/* A random valid Toy. erlang: avoid the values where X.691 readings differ (an empty
 * variable-size OCTET STRING followed by unaligned bits, see docs/h323-per.md). */
static void toy_random(toy *t, toy_pool *p, uint64_t *s, bool erlang)
{
    static const char url[] = "abcdefghijklmnopqrstuvwxyz0123456789:/.@-_";
    memset(t, 0, sizeof *t);
    t->flag = toy_below(s, 2);
    t->small = (uint8_t)toy_below(s, 8);
    t->r255 = (uint8_t)toy_below(s, 255);
    t->r256 = (uint16_t)(1 + toy_below(s, 256));
    t->r257 = (uint16_t)toy_below(s, 257);
    t->r64k = (uint16_t)toy_below(s, 65536);
    t->big = (uint32_t)toy_rand(s) >> toy_below(s, 32);
    t->neg = (int8_t)((int)toy_below(s, 41) - 20);
    t->semi = 1 + ((uint32_t)toy_rand(s) >> (1 + toy_below(s, 31)));
    t->any = (int64_t)toy_rand(s) >> toy_below(s, 64);
    t->color = (uint8_t)toy_below(s, 5);
    toy_fill(s, t->o1, 1);
    toy_fill(s, t->o2, 2);
    toy_fill(s, t->o4, 4);
    toy_fill(s, t->guid, 16);
    if ((t->has_ovar = toy_below(s, 2))) {
        t->ovar.len = toy_below(s, 301);
        if (erlang && t->ovar.len == 0) t->ovar.len = 1;
        toy_fill(s, p->ovar, t->ovar.len);
        t->ovar.data = p->ovar;
    }
    if ((t->has_bits = toy_below(s, 2))) toy_fill(s, t->bits, 4);
    if ((t->has_vbits = toy_below(s, 2))) {
        t->vbits.nbits = 1 + toy_below(s, 64);
        memset(p->vbits, 0, sizeof p->vbits);
        toy_fill(s, p->vbits, (t->vbits.nbits + 7) / 8);
        if (t->vbits.nbits % 8) p->vbits[t->vbits.nbits / 8] &= (uint8_t)(0xFF00 >> (t->vbits.nbits % 8));
        t->vbits.data = p->vbits;
    }
    if ((t->has_num = toy_below(s, 2))) {
        t->num.len = 1 + toy_below(s, 16);
        toy_chars(s, p->num, t->num.len, PER_ALPHABET_NUMERIC);
        t->num.chars = p->num;
    }
    if ((t->has_name = toy_below(s, 2))) {
        t->name.len = 1 + toy_below(s, 64);
        for (uint32_t i = 0; i < t->name.len; i++) p->name[i] = (uint16_t)(0x20 + toy_below(s, 0xD7FF - 0x20));
        t->name.chars = p->name;
    }
    if ((t->has_ia5 = toy_below(s, 2))) {
        t->ia5.len = toy_below(s, 200);
        for (uint32_t i = 0; i < t->ia5.len; i++) p->ia5[i] = (char)toy_below(s, 128);
        t->ia5.chars = p->ia5;
    }
    t->oid.count = 2 + toy_below(s, 7);
    t->oid.arcs[0] = toy_below(s, 3);
    t->oid.arcs[1] = t->oid.arcs[0] < 2 ? toy_below(s, 40) : (uint32_t)toy_rand(s) >> toy_below(s, 32);
    for (uint32_t i = 2; i < t->oid.count; i++) t->oid.arcs[i] = (uint32_t)toy_rand(s) >> toy_below(s, 32);
    t->aliases.count = toy_below(s, 9);
    t->aliases.items = p->aliases;
    for (uint32_t i = 0; i < t->aliases.count; i++) {
        toy_alias *a = &p->aliases[i];
        memset(a, 0, sizeof *a);
        a->choice = toy_below(s, 5);
        per_string *str = a->choice == ALIAS_DIALED ? &a->u.dialed
                          : a->choice == ALIAS_URL ? &a->u.url
                          : a->choice == ALIAS_EMAIL ? &a->u.email : NULL;
        if (str) {
            str->len = 1 + toy_below(s, a->choice == ALIAS_DIALED ? 20 : 60);
            toy_chars(s, p->alias_chars[i], str->len, a->choice == ALIAS_DIALED ? "#*,0123456789" : url);
            str->chars = p->alias_chars[i];
        } else if (a->choice == ALIAS_H323ID) {
            a->u.h323_id.len = 1 + toy_below(s, 32);
            for (uint32_t j = 0; j < a->u.h323_id.len; j++)
                p->alias_bmp[i][j] = (uint16_t)(0x20 + toy_below(s, 0x3000));
            a->u.h323_id.chars = p->alias_bmp[i];
        } else {
            toy_fill(s, a->u.transport.ip, 4);
            a->u.transport.port = (uint16_t)toy_below(s, 65536);
        }
    }
    t->has_nothing = toy_below(s, 2);
    if ((t->has_level = toy_below(s, 2))) t->level = (uint8_t)toy_below(s, 16);
    else t->level = 3;
    if ((t->has_call_id = toy_below(s, 2))) toy_fill(s, t->call_id, 16);
    if ((t->has_fast_start = toy_below(s, 2))) {
        t->fast_start.count = toy_below(s, 4);
        t->fast_start.items = p->fs;
        for (uint32_t i = 0; i < t->fast_start.count; i++) {
            p->fs[i].len = toy_below(s, 300);
            toy_fill(s, p->fs_bytes[i], p->fs[i].len);
            p->fs[i].data = p->fs_bytes[i];
        }
    }
    t->tunnelling = toy_below(s, 2);
    t->has_marker = toy_below(s, 2);
    if ((t->has_text = toy_below(s, 2))) {
        t->text.len = toy_below(s, 40);
        toy_chars(s, p->text, t->text.len, url);
        t->text.chars = p->text;
    }
}

#endif
