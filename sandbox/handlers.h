/* Route tables of gett-sandbox and helpers the handlers share (server.h: handler contract). */
#ifndef GETT_SANDBOX_HANDLERS_H
#define GETT_SANDBOX_HANDLERS_H

#include "server.h"
#include "wire/wire.h"

void sbx_register_session_routes(sbx_router *r);  /* h_sessions.c: §2.1-§2.4, §6 Q1-Q3 */
void sbx_register_store_routes(sbx_router *r);	  /* h_stores.c: §2.5-§2.7, §6 Q4 */
void sbx_register_checkout_routes(sbx_router *r); /* h_checkout.c: §2.12 */
void sbx_register_cart_routes(sbx_router *r);	  /* h_carts.c: §2.8, §6 Q6 */
void sbx_register_order_routes(sbx_router *r);	  /* h_orders.c: §2.9-§2.11 */

/* For a token the session table does not hold (h_sessions.c): when this process signed it,
   why it is gone ("session expired", or ended early by the --max-sessions cap), else NULL. */
const char *sbx_session_token_gone(const sbx_world *w, const char *token);

#endif
