/* Sessions and the account (wire/session.h): requests, responses and the paged lists. */
#include "fuzz.h"

#include "wire/session.h"

/* Parses root as TYPE; when it parses, writes it back and frees both. */
#define PARSE(TYPE)                                                                                \
	do {                                                                                       \
		TYPE *v = TYPE##_from_json(root, &err);                                            \
		if (v) {                                                                           \
			json_decref(TYPE##_to_json(v));                                            \
			TYPE##_free(v);                                                            \
		}                                                                                  \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root = fuzz_json(data, size);
	if (!root)
		return 0;
	json_err err;
	PARSE(address_input);
	PARSE(add_address_response);
	PARSE(user_address_paged_result);
	PARSE(user_payment_response);
	PARSE(user_payment_paged_result);
	PARSE(add_payment_card_request);
	PARSE(update_profile_request);
	PARSE(session_create_response);
	PARSE(fulfillment_context);
	PARSE(session_me_response);
	session_create_request *req = session_create_request_from_json(root, &err);
	if (req) {
		session_create_request_identity(req);
		json_decref(session_create_request_to_json(req));
		session_create_request_free(req);
	}
	json_decref(root);
	return 0;
}
