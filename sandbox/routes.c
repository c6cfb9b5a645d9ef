/* The sandbox's whole route table: each h_*.c file gives its endpoints' handlers. */
#include <stdio.h>
#include <stdlib.h>

#include "handlers.h"

void sbx_register_routes(sbx_router *r)
{
	sbx_register_session_routes(r);
	sbx_register_store_routes(r);
	sbx_register_checkout_routes(r);
	sbx_register_cart_routes(r);
	sbx_register_order_routes(r);
	/* An endpoint added to the table (endpoints.def) is served, or the sandbox does not start:
	   the emulator stays the whole API. */
	endpoint_id missing = sbx_router_missing(r);
	if (missing != ENDPOINT_COUNT) {
		const endpoint_info *e = endpoint_get(missing);
		fprintf(stderr, "gett-sandbox: no handler for %s %s (%s)\n", e->method, e->path,
			e->name);
		abort();
	}
}
