/*
 * harness/ladder.h - the message ladder: what went between the application, TAPISRV,
 * the TSP and the MSP, drawn as an SVG sequence diagram.
 *
 * What it does: collects one record per message (time, from lane, to lane, label,
 * optional detail) and writes a picture in the style of the flow diagrams in
 * Microsoft's TAPI documentation: four labelled vertical lifelines, one horizontal
 * arrow per message from top to bottom in time order, the label above the arrow,
 * the time since the first message on the left margin, and the detail as a
 * tooltip (SVG <title>). It makes no TAPI calls and has no globals: the harness
 * decides what a message is and which lanes it joins.
 *
 * Drawing rules:
 *  - Messages are drawn in order of t_us; messages with equal times keep the order
 *    in which they were added (the sort is stable).
 *  - A label that starts with "= " is a return value (e.g. "= 0", "= LINEERR_INVALPARAM")
 *    and is drawn as a dashed arrow, as UML draws replies. Every other message is solid.
 *  - from == to draws a short loop on that lifeline (something a party did by itself).
 *  - Labels longer than HX_LADDER_LABEL_SHOWN characters are cut with an ellipsis in
 *    the picture; the whole label is in the tooltip.
 *  - Text is escaped for XML (& < > " '); control characters, invalid UTF-8 and code
 *    points XML forbids become U+FFFD, so any bytes give a well-formed document.
 *
 * Usage:
 *
 *     hx_ladder *l = hx_ladder_new();
 *     hx_ladder_add(l, tspk_now_us(), HX_LANE_TAPISRV, HX_LANE_TSP,
 *                   "TSPI_lineMakeCall(req 3)", "hdLine 0x1 dest \"123\"");
 *     hx_ladder_add(l, tspk_now_us(), HX_LANE_TSP, HX_LANE_TAPISRV, "= 3", NULL);
 *     hx_ladder_add(l, tspk_now_us(), HX_LANE_TSP, HX_LANE_TAPISRV, "ASYNC_COMPLETION(3, 0)", NULL);
 *     hx_ladder_write_svg(l, file, "loopback: make call");
 *     hx_ladder_free(l);
 *
 * hx_ladder_add may be called from any thread (provider callbacks arrive on provider
 * threads); it takes a lock but never calls out while holding it.
 */
#ifndef HARNESS_LADDER_H
#define HARNESS_LADDER_H

#include <stdint.h>
#include <stdio.h>

/* The lifelines, left to right. */
typedef enum {
    HX_LANE_APP,       /* "Application" */
    HX_LANE_TAPISRV,   /* "TAPISRV" (the harness itself) */
    HX_LANE_TSP,       /* "TSP" */
    HX_LANE_MSP,       /* "MSP" */
    HX_LANE_COUNT
} hx_lane;

/* At most this many messages are kept; further adds fail with -ENOSPC and are
 * counted, and the picture says how many were left out. */
#define HX_LADDER_MAX 100000
/* Stored text is cut (at a UTF-8 character boundary) to these many bytes. */
#define HX_LADDER_LABEL_MAX 256
#define HX_LADDER_DETAIL_MAX 4096
/* Characters of a label shown on the arrow. */
#define HX_LADDER_LABEL_SHOWN 64

typedef struct hx_ladder hx_ladder;

/* A new empty ladder, or NULL when out of memory. */
hx_ladder *hx_ladder_new(void);
void hx_ladder_free(hx_ladder *l);

/* Records one message; label and detail (either may be NULL) are copied.
 * 0, -EINVAL (NULL ladder or lane out of range), -ENOSPC (HX_LADDER_MAX reached)
 * or -ENOMEM. Thread-safe. */
int hx_ladder_add(hx_ladder *l, uint64_t t_us, hx_lane from, hx_lane to, const char *label,
                  const char *detail);

/* Messages recorded so far, and adds refused because the ladder was full. */
size_t hx_ladder_count(const hx_ladder *l);
size_t hx_ladder_dropped(const hx_ladder *l);

/* Writes the whole picture as a standalone SVG 1.1 document (UTF-8). Times are
 * milliseconds since the earliest message. title may be NULL. Adds may continue
 * meanwhile from other threads; the picture shows those recorded when it started.
 * 0, -EINVAL, -ENOMEM or -EIO (the stream reported an error). */
int hx_ladder_write_svg(const hx_ladder *l, FILE *out, const char *title);

#endif
