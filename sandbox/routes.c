/* The server side's route table (the order side registers its own; see server.h). */
#include <config.h>

#include "handlers.h"

void sbx_register_core_routes(sbx_router *r)
{
	sbx_register_session_routes(r);
	sbx_register_store_routes(r);
	sbx_register_checkout_routes(r);
}
