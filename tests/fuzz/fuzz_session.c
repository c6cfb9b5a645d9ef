/* Sessions and the account (wire/session.h): requests, responses and the paged lists. */
#include "fuzz.h"

#include "wire/session.h"

static void check_json(json_t *root)
{
	json_err err;
	FUZZ_PARSE(address_input);
	FUZZ_PARSE(add_address_response);
	FUZZ_PARSE(user_address_paged_result);
	FUZZ_PARSE(user_payment_response);
	FUZZ_PARSE(user_payment_paged_result);
	FUZZ_PARSE(add_payment_card_request);
	FUZZ_PARSE(update_profile_request);
	FUZZ_PARSE(session_create_response);
	FUZZ_PARSE(fulfillment_context);
	FUZZ_PARSE(session_me_response);
	session_create_request *req = session_create_request_from_json(root, &err);
	if (req) {
		session_create_request_identity(req);
		json_decref(session_create_request_to_json(req));
		session_create_request_free(req);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_json_input(data, size, check_json);
}
