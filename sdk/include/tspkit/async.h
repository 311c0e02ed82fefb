/*
 * tspkit/async.h - bookkeeping for TSPI asynchronous requests.
 *
 * The rule (TAPI "Synchronous/Asynchronous Model",
 * learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model, and
 * learn.microsoft.com/windows/win32/api/tspi/nc-tspi-async_completion):
 * a TSPI function that takes a dwRequestID returns either a negative
 * LINEERR_ (the request is over, no completion follows) or exactly
 * dwRequestID, and then ASYNC_COMPLETION(dwRequestID, 0 or LINEERR_) is called
 * exactly once, possibly from another thread and possibly before the
 * function has returned. It must never return 0 or another positive value.
 *
 * This module enforces that rule, so a provider function reads:
 *
 *     LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID id, HDRVCALL hdCall, LPCSTR uui, DWORD n)
 *     {
 *         LONG rc = tspk_async_begin(&prov->async, id);
 *         if (rc)
 *             return rc;
 *         rc = start_drop(call);  // <0 failed, 0 done, TSPK_PENDING: a worker
 *                                 // will call tspk_async_complete(&prov->async, id, r)
 *         return tspk_async_return(&prov->async, id, rc);
 *     }
 *
 * Outcomes of tspk_async_return(id, op_result) when the request has not been
 * completed yet: op_result < 0 -> forgotten, returns op_result;
 * 0 -> completes with 0 now, returns id; TSPK_PENDING -> returns id, the
 * completion comes later. Any other positive op_result is a provider bug: it
 * is traced and answered LINEERR_OPERATIONFAILED. If the request was already
 * completed (a fast worker), it returns id whatever op_result says, because
 * the completion went out; an error op_result is traced.
 *
 * On Windows this needs the platform headers (it includes <windows.h>), so
 * it cannot be combined with TSPKIT_OWN_WIN32_DEFS there.
 *
 * ASYNC_COMPLETION is always called with no lock held (TAPISRV may re-enter
 * the provider from it). Outstanding requests live in a hash table, so many
 * thousands cost O(1) each. Provider bugs (unknown or doubly completed ids,
 * positive results) are traced at ERROR on the given tracer (may be NULL).
 *
 * Exactly one .c file of the program defines TSPKIT_IMPLEMENTATION.
 */
#ifndef TSPKIT_ASYNC_H
#define TSPKIT_ASYNC_H

#include "thread.h"
#include "trace.h"
#include "tspi.h"

/* An operation's "I will complete later" answer to tspk_async_return. */
#define TSPK_PENDING 1

/* Private. */
typedef struct tspk_async_req {
    struct tspk_async_req *next;
    DRV_REQUESTID id;
    int completed; /* ASYNC_COMPLETION has been (or is being) called */
    int returned;  /* the TSPI function has returned id */
} tspk_async_req;

/* Caller-allocated; fields are private. */
typedef struct tspk_async {
    tspk_mutex lock;
    ASYNC_COMPLETION proc;
    tspk_tracer *trace;
    tspk_async_req **buckets;
    size_t nbuckets, entries, pending;
    unsigned resizes; /* lets complete_all notice a rehash */
} tspk_async;

/* 0, LINEERR_INVALPARAM (proc NULL) or LINEERR_NOMEM. trace may be NULL. */
LONG tspk_async_init(tspk_async *a, ASYNC_COMPLETION proc, tspk_tracer *trace);
/* Frees the table. Requests still outstanding are dropped without a
 * completion (and traced): call tspk_async_complete_all first. */
void tspk_async_free(tspk_async *a);
/* Registers id before the operation starts. 0, LINEERR_NOMEM,
 * LINEERR_INVALPARAM (id 0 or >= 0x80000000: it could not be told apart
 * from success or an error when returned) or LINEERR_OPERATIONFAILED
 * (id already outstanding). */
LONG tspk_async_begin(tspk_async *a, DRV_REQUESTID id);
/* What the TSPI function must return; see the table above. */
LONG tspk_async_return(tspk_async *a, DRV_REQUESTID id, LONG op_result);
/* Calls ASYNC_COMPLETION(id, result) once. 0, or LINEERR_OPERATIONFAILED
 * (traced, no call) if id is unknown or already completed. A positive result
 * is traced and sent as LINEERR_OPERATIONFAILED. Any thread, any time after
 * tspk_async_begin. */
LONG tspk_async_complete(tspk_async *a, DRV_REQUESTID id, LONG result);
/* Requests begun whose completion has not been sent. */
size_t tspk_async_pending(tspk_async *a);
/* Completes every pending request with result (e.g. LINEERR_OPERATIONFAILED
 * at TSPI_providerShutdown). */
void tspk_async_complete_all(tspk_async *a, LONG result);

#endif /* TSPKIT_ASYNC_H */

/* ========================================================================= */
#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_ASYNC_DONE)
#define TSPKIT_ASYNC_DONE

#include <stdlib.h>
#include <string.h>

#define TSPK__ASYNC_MIN_BUCKETS 64u
/* LINEERR_ constants are unsigned literals (as on Windows); results are LONG. */
#define TSPK__ERR(e) ((LONG)(e))

LONG tspk_async_init(tspk_async *a, ASYNC_COMPLETION proc, tspk_tracer *trace)
{
    memset(a, 0, sizeof *a);
    if (!proc)
        return TSPK__ERR(LINEERR_INVALPARAM);
    a->proc = proc;
    a->trace = trace;
    a->buckets = calloc(TSPK__ASYNC_MIN_BUCKETS, sizeof *a->buckets);
    if (!a->buckets)
        return TSPK__ERR(LINEERR_NOMEM);
    a->nbuckets = TSPK__ASYNC_MIN_BUCKETS;
    if (tspk_mutex_init(&a->lock)) {
        free(a->buckets);
        a->buckets = NULL;
        return TSPK__ERR(LINEERR_NOMEM);
    }
    return 0;
}

void tspk_async_free(tspk_async *a)
{
    if (a->entries)
        tspk_trace(a->trace, TSPK_TRACE_ERROR,
                   "async: freed with %lu request(s) outstanding, %lu never completed",
                   (unsigned long)a->entries, (unsigned long)a->pending);
    for (size_t i = 0; i < a->nbuckets; i++) {
        tspk_async_req *r = a->buckets[i];
        while (r) {
            tspk_async_req *next = r->next;
            free(r);
            r = next;
        }
    }
    free(a->buckets);
    a->buckets = NULL;
    a->nbuckets = a->entries = a->pending = 0;
    tspk_mutex_destroy(&a->lock);
}

static size_t tspk__async_bucket(size_t nbuckets, DRV_REQUESTID id)
{
    uint32_t h = (uint32_t)id * 2654435761u; /* Knuth's multiplicative hash */
    return (h ^ (h >> 16)) & (nbuckets - 1);
}

/* The link pointing at id's entry (so it can be unlinked), or NULL. Lock held. */
static tspk_async_req **tspk__async_find(tspk_async *a, DRV_REQUESTID id)
{
    tspk_async_req **link = &a->buckets[tspk__async_bucket(a->nbuckets, id)];
    while (*link && (*link)->id != id)
        link = &(*link)->next;
    return *link ? link : NULL;
}

static void tspk__async_unlink(tspk_async *a, tspk_async_req **link)
{
    tspk_async_req *r = *link;
    *link = r->next;
    a->entries--;
    free(r);
}

/* Doubles the bucket array when the load passes 1; failure only costs speed. */
static void tspk__async_grow(tspk_async *a)
{
    size_t n = a->nbuckets * 2;
    tspk_async_req **b = calloc(n, sizeof *b);
    if (!b)
        return;
    for (size_t i = 0; i < a->nbuckets; i++) {
        tspk_async_req *r = a->buckets[i];
        while (r) {
            tspk_async_req *next = r->next;
            size_t k = tspk__async_bucket(n, r->id);
            r->next = b[k];
            b[k] = r;
            r = next;
        }
    }
    free(a->buckets);
    a->buckets = b;
    a->nbuckets = n;
    a->resizes++;
}

LONG tspk_async_begin(tspk_async *a, DRV_REQUESTID id)
{
    tspk_async_req *r;
    size_t k;
    if (id == 0 || id > 0x7FFFFFFFu) {
        tspk_trace(a->trace, TSPK_TRACE_ERROR, "async: request id %lu is not a valid positive LONG",
                   (unsigned long)id);
        return TSPK__ERR(LINEERR_INVALPARAM);
    }
    tspk_mutex_lock(&a->lock);
    if (tspk__async_find(a, id)) {
        tspk_mutex_unlock(&a->lock);
        tspk_trace(a->trace, TSPK_TRACE_ERROR, "async: request %lu begun while outstanding",
                   (unsigned long)id);
        return TSPK__ERR(LINEERR_OPERATIONFAILED);
    }
    r = malloc(sizeof *r);
    if (!r) {
        tspk_mutex_unlock(&a->lock);
        return TSPK__ERR(LINEERR_NOMEM);
    }
    if (a->entries >= a->nbuckets)
        tspk__async_grow(a);
    k = tspk__async_bucket(a->nbuckets, id);
    r->id = id;
    r->completed = 0;
    r->returned = 0;
    r->next = a->buckets[k];
    a->buckets[k] = r;
    a->entries++;
    a->pending++;
    tspk_mutex_unlock(&a->lock);
    return 0;
}

LONG tspk_async_return(tspk_async *a, DRV_REQUESTID id, LONG op_result)
{
    tspk_async_req **link, *r;
    LONG ret = (LONG)id;
    int complete_now = 0;
    const char *bug = NULL;
    tspk_mutex_lock(&a->lock);
    link = tspk__async_find(a, id);
    r = link ? *link : NULL;
    if (!r || r->returned) {
        bug = r ? "returned twice" : "returned without tspk_async_begin";
        ret = op_result < 0 ? op_result : TSPK__ERR(LINEERR_OPERATIONFAILED);
    } else if (r->completed) {
        /* A worker already completed it: TAPI must see the id. */
        if (op_result < 0)
            bug = "failed after its completion was sent";
        tspk__async_unlink(a, link);
    } else if (op_result == TSPK_PENDING) {
        r->returned = 1;
    } else {
        if (op_result == 0)
            complete_now = 1;
        else if (op_result < 0)
            ret = op_result;
        else {
            bug = "got a positive result from its operation";
            ret = TSPK__ERR(LINEERR_OPERATIONFAILED);
        }
        a->pending--;
        tspk__async_unlink(a, link);
    }
    tspk_mutex_unlock(&a->lock);
    if (bug)
        tspk_trace(a->trace, TSPK_TRACE_ERROR, "async: request %lu %s (result %ld, returning %ld)",
                   (unsigned long)id, bug, (long)op_result, (long)ret);
    if (complete_now)
        a->proc(id, 0);
    return ret;
}

LONG tspk_async_complete(tspk_async *a, DRV_REQUESTID id, LONG result)
{
    tspk_async_req **link, *r;
    tspk_mutex_lock(&a->lock);
    link = tspk__async_find(a, id);
    r = link ? *link : NULL;
    if (!r || r->completed) {
        tspk_mutex_unlock(&a->lock);
        tspk_trace(a->trace, TSPK_TRACE_ERROR, "async: completion of %s request %lu dropped",
                   r ? "already completed" : "unknown", (unsigned long)id);
        return TSPK__ERR(LINEERR_OPERATIONFAILED);
    }
    a->pending--;
    if (r->returned)
        tspk__async_unlink(a, link);
    else
        r->completed = 1; /* completion before return: tspk_async_return forgets it */
    tspk_mutex_unlock(&a->lock);
    if (result > 0) {
        tspk_trace(a->trace, TSPK_TRACE_ERROR,
                   "async: request %lu completed with positive result %ld, sent as LINEERR_OPERATIONFAILED",
                   (unsigned long)id, (long)result);
        result = TSPK__ERR(LINEERR_OPERATIONFAILED);
    }
    a->proc(id, result);
    return 0;
}

size_t tspk_async_pending(tspk_async *a)
{
    size_t n;
    tspk_mutex_lock(&a->lock);
    n = a->pending;
    tspk_mutex_unlock(&a->lock);
    return n;
}

void tspk_async_complete_all(tspk_async *a, LONG result)
{
    size_t bucket = 0;
    unsigned resizes;
    if (result > 0)
        result = TSPK__ERR(LINEERR_OPERATIONFAILED);
    tspk_mutex_lock(&a->lock);
    resizes = a->resizes;
    /* One request per lock hold, since the callback runs unlocked; resume at
     * the same bucket unless a rehash moved entries around. */
    while (bucket < a->nbuckets) {
        tspk_async_req **link = &a->buckets[bucket];
        DRV_REQUESTID id;
        while (*link && (*link)->completed)
            link = &(*link)->next;
        if (!*link) {
            bucket++;
            continue;
        }
        id = (*link)->id;
        a->pending--;
        if ((*link)->returned)
            tspk__async_unlink(a, link);
        else
            (*link)->completed = 1;
        tspk_mutex_unlock(&a->lock);
        a->proc(id, result);
        tspk_mutex_lock(&a->lock);
        if (a->resizes != resizes) {
            resizes = a->resizes;
            bucket = 0;
        }
    }
    tspk_mutex_unlock(&a->lock);
}

#endif /* TSPKIT_IMPLEMENTATION */
