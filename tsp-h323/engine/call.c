#include "engine/h323.h"
#include <stdlib.h>
#include <string.h>
struct h323_ep { h323_config cfg; h323_io io; void *ctx; };
struct h323_call { void *user; };
void h323_config_defaults(h323_config *c) { memset(c, 0, sizeof *c); c->terminal_type = 50; c->fast_start = true; c->tunnelling = true;
  c->codecs[0] = 3; c->codecs[1] = 1; c->ncodecs = 2; c->frames_per_packet = 20; c->t301_ms = 180000; c->t303_ms = 4000; c->t310_ms = 30000;
  c->h245_timeout_ms = 30000; c->ras_timeout_ms = 3000; c->ras_retries = 2; c->product = "tspkit"; }
const char *h323_config_check(const h323_config *c) { return c ? NULL : "no config"; }
h323_ep *h323_ep_new(const h323_config *cfg, const h323_io *io, void *ctx) { h323_ep *e = calloc(1, sizeof *e); if (e) { e->cfg = *cfg; e->io = *io; e->ctx = ctx; } return e; }
void h323_ep_free(h323_ep *ep) { free(ep); }
void h323_ep_conn_accepted(h323_ep *ep, h323_conn l, h323_conn c, const h323_addr *p, uint64_t now) { (void)l; (void)p; (void)now; ep->io.tcp_close(ep->ctx, c); }
void h323_ep_conn_connected(h323_ep *ep, h323_conn c, uint64_t now) { (void)ep; (void)c; (void)now; }
void h323_ep_conn_data(h323_ep *ep, h323_conn c, const uint8_t *p, size_t n, uint64_t now) { (void)ep; (void)c; (void)p; (void)n; (void)now; }
void h323_ep_conn_closed(h323_ep *ep, h323_conn c, int err, uint64_t now) { (void)ep; (void)c; (void)err; (void)now; }
void h323_ep_udp_data(h323_ep *ep, const h323_addr *f, const uint8_t *p, size_t n, uint64_t now) { (void)ep; (void)f; (void)p; (void)n; (void)now; }
void h323_ep_tick(h323_ep *ep, uint64_t now) { (void)ep; (void)now; }
uint64_t h323_ep_next_deadline(const h323_ep *ep) { (void)ep; return UINT64_MAX; }
int h323_ep_register(h323_ep *ep, uint64_t now) { (void)ep; (void)now; return H323_E_STATE; }
int h323_ep_unregister(h323_ep *ep, uint64_t now) { (void)ep; (void)now; return H323_E_STATE; }
void h323_ep_stats_get(const h323_ep *ep, h323_ep_stats *st) { (void)ep; memset(st, 0, sizeof *st); }
int h323_call_make(h323_ep *ep, const h323_call_params *p, void *u, uint64_t now, h323_call **out) { (void)ep; (void)p; (void)u; (void)now; *out = NULL; return H323_E_STATE; }
int h323_call_alert(h323_call *c, const h323_addr *m, uint64_t now) { (void)c; (void)m; (void)now; return H323_E_STATE; }
int h323_call_answer(h323_call *c, const h323_addr *m, uint64_t now) { (void)c; (void)m; (void)now; return H323_E_STATE; }
int h323_call_hangup(h323_call *c, uint32_t cause, uint64_t now) { (void)c; (void)cause; (void)now; return H323_E_STATE; }
int h323_call_send_dtmf(h323_call *c, char d, uint16_t ms, uint64_t now) { (void)c; (void)d; (void)ms; (void)now; return H323_E_STATE; }
void h323_call_set_user(h323_call *c, void *u) { c->user = u; }
void *h323_call_user(const h323_call *c) { return c->user; }
void h323_call_info_get(const h323_call *c, h323_call_info *i) { (void)c; memset(i, 0, sizeof *i); }
void h323_call_free(h323_call *c) { free(c); }
const char *h323_strerror(int e) { (void)e; return "not implemented yet"; }
