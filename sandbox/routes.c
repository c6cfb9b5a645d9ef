/* The sandbox's whole route table (each h_*.c file registers its own routes). */
#include "handlers.h"

void sbx_register_routes(sbx_router *r)
{
	sbx_register_session_routes(r);
	sbx_register_store_routes(r);
	sbx_register_checkout_routes(r);
	sbx_register_cart_routes(r);
	sbx_register_order_routes(r);
}
