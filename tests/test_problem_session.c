/* Unit tests for src/wire/problem.c and src/wire/session.c: ProblemDetail, the §5 table, session
 * bodies. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/problem.h"
#include "wire/session.h"
#include "json_mutate.h"

#define PROBLEM_BODY                                                                               \
	"{\"type\": \"https://developer.gett-tech.com/errors/ITEM_UNAVAILABLE\","                  \
	" \"title\": \"Bad Request\", \"status\": 400,"                                            \
	" \"detail\": \"2 items in your cart are no longer available\","                           \
	" \"instance\": \"/v1/marketplace/orders/validate\", \"errorCode\": \"ITEM_UNAVAILABLE\"," \
	" \"errorCategory\": \"availability\", \"retryable\": false, \"retryAfter\": 0,"           \
	" \"errors\": [{\"code\": \"ITEM_UNAVAILABLE\", \"message\": \"Garlic knots sold out\","   \
	"   \"itemId\": \"item-knots\", \"jsonPath\": \"$.cart.lineItems[0]\"},"                   \
	"  {\"code\": \"ITEM_UNAVAILABLE\", \"message\": \"Tiramisu sold out\"}],"                 \
	" \"requestId\": \"req_abc123\", \"timestamp\": \"2026-03-11T14:30:00.000Z\","             \
	" \"traceId\": \"4bf92f3577b34da6a3ce929d0e0e4736\"}"

#define CREATE_REQUEST                                                                             \
	"{\"partnerUserId\": \"user-8812\", \"email\": \"ada@example.com\", \"firstName\": "       \
	"\"Ada\","                                                                                 \
	" \"lastName\": \"Lovelace\", \"phone\": \"+15551234567\", \"address\": {\"address1\":"    \
	" \"221B Baker St\", \"city\": \"New York\", \"postalCode\": \"10001\", \"state\": "       \
	"\"NY\"},"                                                                                 \
	" \"expirationSeconds\": 604800}"

#define CREATE_RESPONSE                                                                            \
	"{\"token\": \"eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJzZXNzLTEifQ.sig\","                         \
	" \"expiresAt\": \"2026-03-18T14:30:00.000Z\", \"sessionId\": \"sess-1\","                 \
	" \"partnerUserId\": \"user-8812\", \"isAnonymous\": false, \"level\": 2}"

#define ME_RESPONSE                                                                                \
	"{\"expiresAt\": \"2026-03-18T14:30:00.000Z\", \"isAnonymous\": false, \"level\": 3,"      \
	" \"levelMissing\": [], \"sessionId\": \"sess-1\", \"fulfillmentContext\": {\"mode\":"     \
	" \"DeliveryByMerchant\", \"addressId\": \"5d0c1f0e-7a0b-4f4e-9b61-1b2c3d4e5f60\"},"       \
	" \"user\": {\"userId\": \"u-77\", \"email\": \"ada@example.com\", \"firstName\": "        \
	"\"Ada\","                                                                                 \
	" \"lastName\": \"Lovelace\", \"phone\": \"+15551234567\", \"lastPaymentId\": \"pay-3\","  \
	" \"lastUserAddressId\": \"addr-9\"}}"

#define ADDRESS_PAGE                                                                               \
	"{\"items\": [{\"userAddressId\": \"addr-9\", \"address\": {\"address1\": \"221B Baker "   \
	"St\","                                                                                    \
	"  \"address2\": \"Apt 2\", \"city\": \"New York\", \"postalCode\": \"10001\","            \
	"  \"state\": \"NY\", \"location\": {\"latitude\": 40.7506, \"longitude\": -73.9972}},"    \
	"  \"instructions\": \"Buzz 2B\"}, {\"userAddressId\": \"addr-10\"}],"                     \
	" \"totalCount\": 7, \"offset\": 0, \"limit\": 2, \"hasMore\": true}"

#define PAYMENT_PAGE                                                                               \
	"{\"items\": [{\"paymentId\": \"pay-3\", \"cardType\": \"visa\", \"lastFour\": \"4242\","  \
	"  \"expirationDate\": \"2028-04-30\"}, {\"paymentId\": \"pay-4\", \"cardType\": "         \
	"\"amex\","                                                                                \
	"  \"lastFour\": \"0005\"}], \"totalCount\": 2, \"offset\": 0, \"limit\": 50,"             \
	" \"hasMore\": false}"

#define ADD_CARD                                                                                   \
	"{\"billingAddress\": {\"address1\": \"221B Baker St\", \"city\": \"New York\","           \
	" \"postalCode\": \"10001\", \"state\": \"NY\"}, \"bin\": \"ev:Tk9D:424242\","             \
	" \"cardNumber\": \"ev:Tk9D:abcd\", \"cardType\": \"visa\", \"cvc\": \"ev:Tk9D:cvc\","     \
	" \"lastFour\": \"4242\", \"expiration\": \"2028-04-30\"}"

/* ------------------------------------------------------------------ parse wrappers */

JM_PARSE_FN(try_problem, problem_detail, problem_from_json, problem_free)
JM_PARSE_FN(try_create_request, session_create_request, session_create_request_from_json,
	    session_create_request_free)
JM_PARSE_FN(try_create_response, session_create_response, session_create_response_from_json,
	    session_create_response_free)
JM_PARSE_FN(try_me, session_me_response, session_me_response_from_json, session_me_response_free)
JM_PARSE_FN(try_address_page, user_address_paged_result, user_address_paged_result_from_json,
	    user_address_paged_result_free)
JM_PARSE_FN(try_payment_page, user_payment_paged_result, user_payment_paged_result_from_json,
	    user_payment_paged_result_free)
JM_PARSE_FN(try_add_card, add_payment_card_request, add_payment_card_request_from_json,
	    add_payment_card_request_free)
JM_PARSE_FN(try_address_input, address_input, address_input_from_json, address_input_free)
JM_PARSE_FN(try_address_lenient, address_input, address_input_from_json_lenient, address_input_free)
JM_PARSE_FN(try_add_card_lenient, add_payment_card_request,
	    add_payment_card_request_from_json_lenient, add_payment_card_request_free)
JM_PARSE_FN(try_fulfillment, fulfillment_context, fulfillment_context_from_json,
	    fulfillment_context_free)

/* Parses `text` with `parse`, re-serialises with `to_json` and requires the identical JSON. */
#define ASSERT_ROUND_TRIP(text, type, parse, to_json, release)                                     \
	do {                                                                                       \
		json_t *in_ = jm_load(text);                                                       \
		json_err err_ = {0};                                                               \
		type *p_ = parse(in_, &err_);                                                      \
		if (!p_)                                                                           \
			fail_msg("rejected: %s: %s", err_.path, err_.message);                     \
		json_t *out_ = to_json(p_);                                                        \
		if (!json_equal(in_, out_))                                                        \
			fail_msg("round trip changed:\n%s\n%s", jsonx_dumps(in_),                  \
				 jsonx_dumps(out_));                                               \
		json_decref(out_);                                                                 \
		json_decref(in_);                                                                  \
		release(p_);                                                                       \
	} while (0)

/* ------------------------------------------------------------------ ProblemDetail */

static void test_problem_body_parses_every_field(void **state)
{
	(void)state;
	json_t *doc = jm_load(PROBLEM_BODY);
	json_err err = {0};
	problem_detail *p = problem_from_json(doc, &err);
	assert_non_null(p);
	assert_string_equal(p->type, "https://developer.gett-tech.com/errors/ITEM_UNAVAILABLE");
	assert_string_equal(p->title, "Bad Request");
	assert_int_equal(p->status, 400);
	assert_string_equal(p->instance, "/v1/marketplace/orders/validate");
	assert_string_equal(p->error_code, "ITEM_UNAVAILABLE");
	assert_string_equal(p->error_category, "availability");
	assert_true(p->has_retryable);
	assert_false(p->retryable);
	assert_true(p->has_retry_after);
	assert_int_equal(p->retry_after, 0);
	assert_int_equal(p->errors.n, 2);
	assert_string_equal(p->errors.v[0].item_id, "item-knots");
	assert_string_equal(p->errors.v[0].json_path, "$.cart.lineItems[0]");
	assert_null(p->errors.v[1].item_id);
	assert_string_equal(p->request_id, "req_abc123");
	assert_string_equal(p->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
	assert_false(p->non_json_reply);
	json_t *out = problem_to_json(p);
	assert_true(json_equal(doc, out));
	json_decref(out);
	problem_free(p);
	json_decref(doc);
}

static void test_response_with_valid_body_uses_it(void **state)
{
	(void)state;
	problem_detail *p = problem_from_response(400, PROBLEM_BODY, strlen(PROBLEM_BODY),
						  "application/problem+json");
	assert_string_equal(p->error_code, "ITEM_UNAVAILABLE");
	assert_string_equal(p->detail, "2 items in your cart are no longer available");
	assert_false(p->non_json_reply);
	assert_null(p->parse_error);
	assert_int_equal(p->errors.n, 2);
	problem_free(p);

	/* The length bounds the body: bytes after it are not part of the reply. */
	char buf[1024];
	snprintf(buf, sizeof buf, "%s<trailing garbage>", PROBLEM_BODY);
	p = problem_from_response(400, buf, strlen(PROBLEM_BODY), NULL);
	assert_false(p->non_json_reply);
	assert_string_equal(p->error_code, "ITEM_UNAVAILABLE");
	problem_free(p);
}

static void test_response_with_empty_body_is_synthesised(void **state)
{
	(void)state;
	static const char *const bodies[] = {NULL, "", " \r\n"};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		problem_detail *p =
		    problem_from_response(404, bodies[i], bodies[i] ? strlen(bodies[i]) : 0, NULL);
		assert_true(p->non_json_reply);
		assert_int_equal(p->status, 404);
		assert_string_equal(p->error_code, "NOT_FOUND");
		assert_string_equal(p->error_category, "not_found");
		assert_string_equal(p->title, "Not Found");
		assert_string_equal(p->type, "https://developer.gett-tech.com/errors/NOT_FOUND");
		assert_false(problem_is_retryable(p));
		assert_non_null(strstr(p->detail, "non-JSON reply"));
		problem_free(p);
	}
}

static void test_response_with_html_body_is_synthesised(void **state)
{
	(void)state;
	static const char html[] = "<html>\n<head><title>502 Bad Gateway</title></head>\n"
				   "<body><center><h1>502 Bad Gateway</h1></center></body></html>";
	problem_detail *p = problem_from_response(502, html, sizeof html - 1, "text/html");
	assert_true(p->non_json_reply);
	assert_string_equal(p->error_code, "BAD_GATEWAY");
	assert_string_equal(p->error_category, "server_error");
	assert_true(problem_is_retryable(p));
	assert_non_null(strstr(p->detail, "text/html"));
	assert_non_null(strstr(p->detail, "non-JSON reply"));
	assert_non_null(p->body_excerpt);
	assert_int_equal(strncmp(p->body_excerpt, "<html> <head>", 13), 0);
	problem_free(p);

	static const char binary[] = {'\x1f', '\x8b', '\0', 'x', '\xff', '{'};
	p = problem_from_response(503, binary, sizeof binary, NULL);
	assert_true(p->non_json_reply);
	assert_string_equal(p->error_code, "SERVICE_UNAVAILABLE");
	assert_true(problem_is_retryable(p));
	assert_string_equal(p->body_excerpt, " ? x?{"); /* controls -> space, non-ASCII -> ? */
	problem_free(p);
}

static void test_synthesised_codes_follow_status(void **state)
{
	(void)state;
	static const struct {
		int status;
		const char *code;
		bool retryable;
	} cases[] = {
	    {400, "INVALID_REQUEST", false}, {401, "UNAUTHENTICATED", false},
	    {403, "FORBIDDEN", false},	     {404, "NOT_FOUND", false},
	    {409, "CONFLICT", false},	     {422, "VALIDATION_FAILED", false},
	    {429, "RATE_LIMITED", true},     {500, "INTERNAL_ERROR", true},
	    {502, "BAD_GATEWAY", true},	     {503, "SERVICE_UNAVAILABLE", true},
	    {418, "INVALID_REQUEST", false}, {504, "INTERNAL_ERROR", true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		problem_detail *p = problem_from_response(cases[i].status, "[1,2]", 5, NULL);
		assert_true(p->non_json_reply); /* JSON, but not an object */
		assert_string_equal(p->error_code, cases[i].code);
		assert_int_equal(p->status, cases[i].status);
		assert_int_equal(problem_is_retryable(p), cases[i].retryable);
		problem_free(p);
	}
}

static void test_malformed_problem_object_is_salvaged(void **state)
{
	(void)state;
	static const char body[] = "{\"errorCode\": \"PAYMENT_FAILED\", \"status\": \"400\","
				   " \"detail\": \"Card processor timed out\", \"requestId\": 7}";
	problem_detail *p = problem_from_response(400, body, sizeof body - 1, "application/json");
	assert_false(p->non_json_reply);
	assert_non_null(p->parse_error);
	assert_non_null(strstr(p->parse_error, "$.status"));
	assert_string_equal(p->error_code, "PAYMENT_FAILED");
	assert_string_equal(p->error_category, "payment");
	assert_true(problem_is_retryable(p));
	assert_string_equal(p->detail, "Card processor timed out");
	assert_null(p->request_id); /* wrong type: dropped */
	problem_free(p);

	static const char gateway[] = "{\"message\": \"Internal server error\"}";
	p = problem_from_response(500, gateway, sizeof gateway - 1, "application/json");
	assert_string_equal(p->error_code, "INTERNAL_ERROR");
	assert_string_equal(p->detail, "Internal server error");
	assert_true(problem_is_retryable(p));
	problem_free(p);
}

/* problem_copy keeps the client's bookkeeping (never on the wire) and every error, and owns
   its strings. */
static void test_problem_copy_is_whole(void **state)
{
	(void)state;
	static const char body[] =
	    "{\"errorCode\": \"VALIDATION_FAILED\", \"status\": 422,"
	    " \"retryAfter\": 3, \"errors\": [{\"code\": \"ITEM_UNAVAILABLE\","
	    " \"itemId\": \"pizza\"}, {\"code\": \"X\", \"message\": \"m\","
	    " \"jsonPath\": \"$.cart\"}]}";
	problem_detail *p = problem_from_response(422, body, sizeof body - 1, "application/json");
	assert_int_equal(p->errors.n, 2);
	p->parse_error = strdup("$.status: not a number"); /* bookkeeping, never serialised */
	p->body_excerpt = strdup("excerpt");
	problem_detail *c = problem_copy(p);
	json_t *expected = problem_to_json(p);
	p->error_code[0] = 'X';
	p->errors.v[0].item_id[0] = 'X';
	problem_free(p);
	json_t *got = problem_to_json(c);
	assert_true(json_equal(expected, got));
	json_decref(expected);
	json_decref(got);
	assert_string_equal(c->error_code, "VALIDATION_FAILED");
	assert_int_equal(c->status, 422);
	assert_int_equal(c->errors.n, 2);
	assert_string_equal(c->errors.v[0].item_id, "pizza");
	assert_null(c->errors.v[0].message);
	assert_string_equal(c->errors.v[1].json_path, "$.cart");
	assert_true(c->has_retry_after);
	assert_int_equal(c->retry_after, 3);
	assert_string_equal(c->parse_error, "$.status: not a number");
	assert_string_equal(c->body_excerpt, "excerpt");
	assert_false(c->non_json_reply);
	problem_free(c);

	p = problem_from_response(502, "<html>", 6, "text/html");
	c = problem_copy(p);
	problem_free(p);
	assert_true(c->non_json_reply);
	assert_string_equal(c->error_code, "BAD_GATEWAY");
	problem_free(c);
	assert_null(problem_copy(NULL));
}

/* A gateway's `title: null` and ValidationErrors without `message` (the 422 example of §5
   has only code and itemId) must not cost the errors[]. */
static void test_problem_with_null_title_keeps_errors(void **state)
{
	(void)state;
	static const char body[] =
	    "{\"type\": \"https://developer.gett-tech.com/errors/VALIDATION_FAILED\","
	    " \"title\": null, \"status\": 422, \"errorCode\": \"VALIDATION_FAILED\","
	    " \"errors\": [{\"code\": \"MODIFIER_REQUIRED\", \"itemId\": \"pizza\"},"
	    " {\"code\": \"ITEM_UNAVAILABLE\", \"message\": null, \"jsonPath\": "
	    "\"$.cart.lineItems[1]\"}]}";
	problem_detail *p = problem_from_response(422, body, sizeof body - 1, "application/json");
	assert_null(p->parse_error);
	assert_null(p->title);
	assert_string_equal(p->error_code, "VALIDATION_FAILED");
	assert_int_equal(p->errors.n, 2);
	assert_string_equal(p->errors.v[0].item_id, "pizza");
	assert_null(p->errors.v[0].message);
	assert_null(p->errors.v[0].json_path);
	assert_null(p->errors.v[1].message);
	problem_free(p);

	/* No status, no errorCode: the HTTP status and the legacy lowercase code stand in. */
	static const char legacy[] = "{\"error\": \"session_expired\", \"message\": \"Expired\"}";
	p = problem_from_response(401, legacy, sizeof legacy - 1, "application/json");
	assert_int_equal(p->status, 401);
	assert_string_equal(p->error_code, "session_expired");
	assert_string_equal(p->detail, "Expired");
	problem_free(p);
}

static void test_retryable_flag_beats_table(void **state)
{
	(void)state;
	problem_detail *p = problem_new(400, "PAYMENT_FAILED", NULL, NULL);
	assert_true(problem_is_retryable(p));
	p->retryable = false; /* the server said so explicitly */
	assert_false(problem_is_retryable(p));
	p->has_retryable = false; /* no flag: the table decides */
	assert_true(problem_is_retryable(p));
	free(p->error_code);
	p->error_code = xstrdup("SOMETHING_NEW");
	assert_false(problem_is_retryable(p)); /* unknown code, status 400 */
	p->status = 503;
	assert_true(problem_is_retryable(p));
	problem_free(p);
}

static void test_code_table_lookups(void **state)
{
	(void)state;
	const problem_code_info *failed = problem_code_lookup("PAYMENT_FAILED");
	assert_non_null(failed);
	assert_true(failed->retryable);
	assert_int_equal(failed->status, 400);
	assert_string_equal(failed->category, "payment");
	const problem_code_info *declined = problem_code_lookup("PAYMENT_DECLINED");
	assert_non_null(declined);
	assert_false(declined->retryable);
	assert_int_equal(problem_code_lookup("SESSION_USER_REQUIRED")->status, 401);
	assert_int_equal(problem_code_lookup("ORDER_ALREADY_PLACED")->status, 409);
	assert_true(problem_code_lookup("ORDER_ALREADY_PLACED")->reserved);
	assert_false(problem_code_lookup("STORE_CLOSED")->reserved);
	assert_int_equal(problem_code_lookup("VALIDATION_FAILED")->status, 422);
	assert_string_equal(problem_code_lookup("SERVICE_UNAVAILABLE")->category, "availability");
	assert_null(problem_code_lookup("payment_failed"));
	assert_null(problem_code_lookup(NULL));
	problem_detail *p = problem_new(400, "PAYMENT_FAILED", NULL, NULL);
	assert_true(problem_has_code(p, "PAYMENT_FAILED"));
	assert_false(problem_has_code(p, "PAYMENT_DECLINED"));
	free(p->error_code);
	p->error_code = NULL;
	assert_false(problem_has_code(p, "PAYMENT_FAILED"));
	problem_free(p);
	assert_false(problem_has_code(NULL, "PAYMENT_FAILED"));
	assert_string_equal(problem_code_for_status(404)->code, "NOT_FOUND");
	assert_string_equal(problem_code_for_status(0)->code, "INTERNAL_ERROR");
}

static void test_code_table_is_complete_and_consistent(void **state)
{
	(void)state;
	static const char *const categories[] = {"validation",	   "availability",  "payment",
						 "authentication", "authorization", "not_found",
						 "conflict",	   "rate_limit",    "server_error"};
	assert_int_equal(problem_code_count(), 28); /* every row of §5 */
	assert_null(problem_code_at(problem_code_count()));
	size_t retryable = 0;
	for (size_t i = 0; i < problem_code_count(); i++) {
		const problem_code_info *info = problem_code_at(i);
		assert_ptr_equal(problem_code_lookup(info->code), info);
		bool known = false;
		for (size_t c = 0; c < sizeof categories / sizeof categories[0]; c++)
			known |= strcmp(info->category, categories[c]) == 0;
		if (!known)
			fail_msg("%s has unknown category %s", info->code, info->category);
		assert_true(info->status >= 400 && info->status <= 503);
		assert_string_not_equal(problem_reason_phrase(info->status), "Unknown Status");
		retryable += info->retryable;
	}
	/* PAYMENT_FAILED, RATE_LIMITED, INTERNAL_ERROR, BAD_GATEWAY, SERVICE_UNAVAILABLE. */
	assert_int_equal(retryable, 5);
}

static void test_problem_new_for_sandbox(void **state)
{
	(void)state;
	problem_detail *p =
	    problem_new(401, "SESSION_USER_REQUIRED", "This endpoint needs an identified session",
			"/v1/marketplace/checkout/payments");
	assert_string_equal(p->type,
			    "https://developer.gett-tech.com/errors/SESSION_USER_REQUIRED");
	assert_string_equal(p->title, "Unauthorized");
	assert_string_equal(p->error_category, "authentication");
	assert_true(p->has_retryable);
	assert_false(p->retryable);
	problem_add_error(p, "SESSION_USER_REQUIRED", "Sign in first", NULL, "$.payment");
	p->request_id = xstrdup("req_1");
	json_t *j = problem_to_json(p);
	char *text = jsonx_dumps(j);
	assert_non_null(strstr(text, "\"status\":401"));
	assert_non_null(strstr(text, "\"retryable\":false"));
	assert_null(strstr(text, "retryAfter"));
	problem_detail *back = problem_from_json(j, NULL);
	assert_non_null(back);
	assert_string_equal(back->instance, "/v1/marketplace/checkout/payments");
	assert_int_equal(back->errors.n, 1);
	assert_string_equal(back->errors.v[0].json_path, "$.payment");
	assert_string_equal(back->request_id, "req_1");
	problem_free(back);
	free(text);
	json_decref(j);
	problem_free(p);

	p = problem_new(429, "RATE_LIMITED", NULL, NULL);
	p->retry_after = 60;
	p->has_retry_after = true;
	assert_string_equal(p->title, "Too Many Requests");
	assert_true(p->retryable);
	j = problem_to_json(p);
	assert_int_equal(json_integer_value(json_object_get(j, "retryAfter")), 60);
	assert_null(json_object_get(j, "detail"));
	json_decref(j);
	problem_free(p);
}

static const struct jm_bad_case PROBLEM_BAD[] = {
    {"type", "1", "$.type"},
    {"title", "[]", "$.title"},
    {"status", "\"400\"", "$.status"},
    {"status", "400.5", "$.status"},
    {"detail", "{}", "$.detail"},
    {"instance", "false", "$.instance"},
    {"errorCode", "400", "$.errorCode"},
    {"errorCategory", "[]", "$.errorCategory"},
    {"retryable", "\"no\"", "$.retryable"},
    {"retryAfter", "\"60\"", "$.retryAfter"},
    {"errors", "{}", "$.errors"},
    {"errors.1", "\"sold out\"", "$.errors[1]"},
    {"errors.0.code", NULL, "$.errors[0].code"},
    {"errors.0.message", "5", "$.errors[0].message"},
    {"errors.0.itemId", "[]", "$.errors[0].itemId"},
    {"errors.1.jsonPath", "0", "$.errors[1].jsonPath"},
    {"requestId", "7", "$.requestId"},
    {"timestamp", "1741703400", "$.timestamp"},
    {"traceId", "true", "$.traceId"},
};

static void test_problem_bad_fields(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(PROBLEM_BODY, PROBLEM_BAD, try_problem);
	jm_expect_accepted(PROBLEM_BODY, "errors", "null", try_problem);
	/* Required by §1.7, yet a server may leave them out: lenient on responses. */
	jm_expect_accepted(PROBLEM_BODY, "title", "null", try_problem);
	jm_expect_accepted(PROBLEM_BODY, "title", NULL, try_problem);
	jm_expect_accepted(PROBLEM_BODY, "type", NULL, try_problem);
	jm_expect_accepted(PROBLEM_BODY, "status", NULL, try_problem);
	jm_expect_accepted(PROBLEM_BODY, "errors.0.message", NULL, try_problem);
	jm_expect_accepted(PROBLEM_BODY, "extensions", "{\"balance\": 30}", try_problem);
	jm_fuzz_document(PROBLEM_BODY, try_problem);
}

/* ------------------------------------------------------------------ session create */

static session_create_request *parse_create(const char *text)
{
	json_t *doc = jm_load(text);
	json_err err = {0};
	session_create_request *r = session_create_request_from_json(doc, &err);
	json_decref(doc);
	if (!r)
		fail_msg("rejected: %s: %s", err.path, err.message);
	return r;
}

static void test_create_request_current_shape(void **state)
{
	(void)state;
	session_create_request *r = parse_create(CREATE_REQUEST);
	assert_string_equal(r->partner_user_id, "user-8812");
	assert_string_equal(r->first_name, "Ada");
	assert_string_equal(r->address->state, "NY");
	assert_true(r->has_expiration_seconds);
	assert_int_equal(r->expiration_seconds, 604800);
	assert_int_equal(session_create_request_identity(r), SESSION_IDENTITY_COMPLETE);
	session_create_request_free(r);
	ASSERT_ROUND_TRIP(CREATE_REQUEST, session_create_request, session_create_request_from_json,
			  session_create_request_to_json, session_create_request_free);
}

static void test_create_request_mcp_and_legacy_shapes(void **state)
{
	(void)state;
	session_create_request *r =
	    parse_create("{\"userId\": \"mcp-1\", \"expirationSeconds\": 60}");
	assert_string_equal(r->partner_user_id, "mcp-1");
	assert_int_equal(session_create_request_identity(r), SESSION_IDENTITY_NONE);
	char *text = jm_dump(session_create_request_to_json(r));
	assert_string_equal(text, "{\"partnerUserId\":\"mcp-1\",\"expirationSeconds\":60}");
	free(text);
	session_create_request_free(r);

	r = parse_create("{\"givenName\": \"Grace\", \"familyName\": \"Hopper\","
			 " \"email\": \"grace@example.com\", \"expiresInSeconds\": 3600,"
			 " \"addresses\": [{\"formattedAddress\": \"1 Navy Way\"}],"
			 " \"paymentMethods\": [{\"token\": \"tok\", \"brand\": \"visa\"}]}");
	assert_string_equal(r->first_name, "Grace");
	assert_string_equal(r->last_name, "Hopper");
	assert_int_equal(r->expiration_seconds, 3600);
	assert_int_equal(session_create_request_identity(r), SESSION_IDENTITY_COMPLETE);
	session_create_request_free(r);

	/* The current name wins over its alias. */
	r = parse_create(
	    "{\"partnerUserId\": \"p\", \"userId\": \"u\", \"firstName\": \"A\","
	    " \"givenName\": \"B\", \"expirationSeconds\": 5, \"expiresInSeconds\": 9}");
	assert_string_equal(r->partner_user_id, "p");
	assert_string_equal(r->first_name, "A");
	assert_int_equal(r->expiration_seconds, 5);
	assert_int_equal(session_create_request_identity(r), SESSION_IDENTITY_PARTIAL);
	session_create_request_free(r);

	r = parse_create("{}");
	assert_false(r->has_expiration_seconds);
	assert_null(r->address);
	session_create_request_free(r);

	r = parse_create("{\"email\": \"a@b.c\", \"firstName\": \"A\", \"lastName\": \"\"}");
	assert_int_equal(session_create_request_identity(r), SESSION_IDENTITY_PARTIAL);
	session_create_request_free(r);
}

#define LEGACY_CREATE                                                                              \
	"{\"email\": \"old@example.com\", \"givenName\": \"Old\", \"familyName\": \"Timer\","      \
	" \"addresses\": [{\"formattedAddress\": \"1 Navy Way\", \"unit\": \"4B\", \"latitude\":"  \
	" 47.6, \"longitude\": -122.3, \"deliveryInstructions\": \"Ring twice\"},"                 \
	" {\"formattedAddress\": \"2 Pike St\", \"latitude\": 47.6}],"                             \
	" \"paymentMethods\": [{\"brand\": \"visa\", \"last4\": \"4242\", \"expMonth\": 4,"        \
	" \"expYear\": 2031}, {\"brand\": \"amex\", \"expMonth\": 4}]}"

JM_PARSE_FN(try_create_legacy, session_create_request, session_create_request_from_json,
	    session_create_request_free)

static void test_create_request_reads_legacy_lists(void **state)
{
	(void)state;
	session_create_request *r = parse_create(LEGACY_CREATE);
	assert_int_equal(r->n_legacy_addresses, 2);
	const session_legacy_address *a = &r->legacy_addresses[0];
	assert_string_equal(a->formatted_address, "1 Navy Way");
	assert_string_equal(a->unit, "4B");
	assert_string_equal(a->delivery_instructions, "Ring twice");
	assert_non_null(a->location);
	assert_true(a->location->latitude == 47.6 && a->location->longitude == -122.3);
	assert_null(r->legacy_addresses[1].location); /* half a point is none */
	assert_int_equal(r->n_legacy_payments, 2);
	const session_legacy_payment *p = &r->legacy_payments[0];
	assert_string_equal(p->brand, "visa");
	assert_string_equal(p->last4, "4242");
	assert_true(p->has_expiry);
	assert_int_equal(p->exp_month, 4);
	assert_int_equal(p->exp_year, 2031);
	assert_null(r->legacy_payments[1].last4);
	assert_false(r->legacy_payments[1].has_expiry);
	/* Read, never written: the client sends the current shape only. */
	char *text = jm_dump(session_create_request_to_json(r));
	assert_null(strstr(text, "addresses"));
	assert_null(strstr(text, "paymentMethods"));
	free(text);
	session_create_request_free(r);
	static const struct jm_bad_case bad[] = {
	    {"addresses", "{}", "$.addresses"},
	    {"addresses.0", "\"1 Navy Way\"", "$.addresses[0]"},
	    {"addresses.0.formattedAddress", "1", "$.addresses[0].formattedAddress"},
	    {"addresses.0.latitude", "\"47.6\"", "$.addresses[0].latitude"},
	    {"addresses.1.latitude", "[]", "$.addresses[1].latitude"},
	    {"paymentMethods", "\"visa\"", "$.paymentMethods"},
	    {"paymentMethods.0.last4", "4242", "$.paymentMethods[0].last4"},
	    {"paymentMethods.0.expMonth", "4.5", "$.paymentMethods[0].expMonth"},
	};
	JM_EXPECT_FAILURES(LEGACY_CREATE, bad, try_create_legacy);
	jm_expect_accepted(LEGACY_CREATE, "addresses", "null", try_create_legacy);
	jm_expect_accepted(LEGACY_CREATE, "paymentMethods.0.brand", NULL, try_create_legacy);
	jm_fuzz_document(LEGACY_CREATE, try_create_legacy);
}

static const struct jm_bad_case CREATE_REQUEST_BAD[] = {
    {"partnerUserId", "8812", "$.partnerUserId"},
    {"email", "true", "$.email"},
    {"firstName", "[]", "$.firstName"},
    {"lastName", "{}", "$.lastName"},
    {"phone", "15551234567", "$.phone"},
    {"address", "\"221B Baker St\"", "$.address"},
    {"address.address1", "221", "$.address.address1"},
    {"address.city", "[]", "$.address.city"},
    {"address.postalCode", "10001", "$.address.postalCode"},
    {"address.state", "false", "$.address.state"},
    {"expirationSeconds", "\"604800\"", "$.expirationSeconds"},
    {"expirationSeconds", "1.5", "$.expirationSeconds"},
};

static void test_create_request_bad_fields(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(CREATE_REQUEST, CREATE_REQUEST_BAD, try_create_request);
	/* SessionAddress fields are all optional. */
	jm_expect_accepted(CREATE_REQUEST, "address.city", NULL, try_create_request);
	jm_fuzz_document(CREATE_REQUEST, try_create_request);
	jm_fuzz_document("{\"userId\": \"u\", \"givenName\": \"G\", \"expiresInSeconds\": 1}",
			 try_create_request);
}

static void test_create_response_token_and_fallback(void **state)
{
	(void)state;
	json_t *doc = jm_load(CREATE_RESPONSE);
	session_create_response *r = session_create_response_from_json(doc, NULL);
	assert_non_null(r);
	assert_string_equal(r->token, "eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJzZXNzLTEifQ.sig");
	assert_string_equal(r->session_id, "sess-1");
	assert_false(r->is_anonymous);
	assert_int_equal(r->level, 2);
	session_create_response_free(r);
	json_decref(doc);
	ASSERT_ROUND_TRIP(CREATE_RESPONSE, session_create_response,
			  session_create_response_from_json, session_create_response_to_json,
			  session_create_response_free);

	doc = jm_mutate(CREATE_RESPONSE, "token", NULL);
	json_object_set_new(doc, "sessionToken", json_string("legacy.jwt.sig"));
	r = session_create_response_from_json(doc, NULL);
	assert_non_null(r);
	assert_string_equal(r->token, "legacy.jwt.sig");
	session_create_response_free(r);
	json_object_set_new(doc, "token", json_string("current.jwt.sig")); /* both: token wins */
	r = session_create_response_from_json(doc, NULL);
	assert_string_equal(r->token, "current.jwt.sig");
	session_create_response_free(r);
	json_decref(doc);
}

/* The copy keeps what the wire form may leave out (no isAnonymous, no level) and owns its
   strings. */
static void test_create_response_copy(void **state)
{
	(void)state;
	json_t *doc = jm_load("{\"sessionToken\": \"legacy.jwt.sig\", \"expiresAt\": "
			      "\"2026-01-02T03:04:05Z\"}");
	session_create_response *r = session_create_response_from_json(doc, NULL);
	json_decref(doc);
	assert_non_null(r);
	session_create_response *c = session_create_response_copy(r);
	r->token[0] = 'X';
	session_create_response_free(r);
	assert_string_equal(c->token, "legacy.jwt.sig");
	assert_string_equal(c->expires_at, "2026-01-02T03:04:05Z");
	assert_null(c->session_id);
	assert_null(c->partner_user_id);
	assert_false(c->has_is_anonymous);
	assert_int_equal(c->level, -1);
	session_create_response_free(c);
	assert_null(session_create_response_copy(NULL));
}

static const struct jm_bad_case CREATE_RESPONSE_BAD[] = {
    {"token", NULL, "$.token"},
    {"token", "null", "$.token"},
    {"token", "12", "$.token"},
    {"expiresAt", "1741703400", "$.expiresAt"},
    {"sessionId", "[]", "$.sessionId"},
    {"partnerUserId", "{}", "$.partnerUserId"},
    {"isAnonymous", "\"false\"", "$.isAnonymous"},
    {"level", "\"2\"", "$.level"},
    {"level", "4", "$.level"},
    {"level", "-1", "$.level"},
};

static void test_create_response_bad_fields(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(CREATE_RESPONSE, CREATE_RESPONSE_BAD, try_create_response);
	jm_fuzz_document(CREATE_RESPONSE, try_create_response);
}

/* §2.1 / §6 Q1: the legacy `{sessionToken, expiresAt}` and MCP `{token, expiresAt}` replies,
   and a bare token, are sessions too. */
static void test_create_response_legacy_shapes(void **state)
{
	(void)state;
	static const char *const shapes[] = {
	    "{\"sessionToken\": \"legacy.jwt.sig\", \"expiresAt\": \"2026-03-18T14:30:00Z\"}",
	    "{\"token\": \"legacy.jwt.sig\", \"expiresAt\": \"2026-03-18T14:30:00Z\"}",
	    "{\"token\": \"legacy.jwt.sig\"}",
	};
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		json_t *doc = jm_load(shapes[i]);
		json_err err = {0};
		session_create_response *r = session_create_response_from_json(doc, &err);
		if (!r)
			fail_msg("%s rejected: %s: %s", shapes[i], err.path, err.message);
		assert_string_equal(r->token, "legacy.jwt.sig");
		assert_null(r->session_id);
		assert_false(r->has_is_anonymous);
		assert_int_equal(r->level, -1);
		json_t *back = session_create_response_to_json(r);
		assert_null(json_object_get(back, "level")); /* unknown stays unknown */
		assert_null(json_object_get(back, "isAnonymous"));
		json_decref(back);
		session_create_response_free(r);
		json_decref(doc);
	}
}

/* ------------------------------------------------------------------ session/me */

static void test_me_identified_and_anonymous(void **state)
{
	(void)state;
	json_t *doc = jm_load(ME_RESPONSE);
	session_me_response *r = session_me_response_from_json(doc, NULL);
	assert_non_null(r);
	assert_int_equal(r->level, 3);
	assert_int_equal(r->level_missing.n, 0);
	assert_string_equal(r->fulfillment_context->mode, "DeliveryByMerchant");
	assert_string_equal(r->user->last_payment_id, "pay-3");
	assert_string_equal(r->user->last_user_address_id, "addr-9");
	session_me_response_free(r);
	json_decref(doc);
	ASSERT_ROUND_TRIP(ME_RESPONSE, session_me_response, session_me_response_from_json,
			  session_me_response_to_json, session_me_response_free);

	static const char anon[] =
	    "{\"expiresAt\": \"2026-03-18T14:30:00.000Z\", \"isAnonymous\": true, \"level\": 0,"
	    " \"levelMissing\": [\"address\", \"phone\", \"payment\"], \"sessionId\": \"s-2\","
	    " \"fulfillmentContext\": null, \"user\": null}";
	doc = jm_load(anon);
	r = session_me_response_from_json(doc, NULL);
	assert_non_null(r);
	assert_true(r->is_anonymous);
	assert_int_equal(r->level_missing.n, 3);
	assert_true(str_list_contains(&r->level_missing, "phone"));
	assert_null(r->fulfillment_context);
	assert_null(r->user);
	session_me_response_free(r);
	json_decref(doc);
	ASSERT_ROUND_TRIP(anon, session_me_response, session_me_response_from_json,
			  session_me_response_to_json, session_me_response_free);
}

static const struct jm_bad_case ME_BAD[] = {
    {"expiresAt", NULL, "$.expiresAt"},
    {"expiresAt", "0", "$.expiresAt"},
    {"isAnonymous", NULL, "$.isAnonymous"},
    {"isAnonymous", "0", "$.isAnonymous"},
    {"level", NULL, "$.level"},
    {"level", "\"3\"", "$.level"},
    {"levelMissing", NULL, "$.levelMissing"},
    {"levelMissing", "\"payment\"", "$.levelMissing"},
    {"levelMissing", "[\"phone\", 2]", "$.levelMissing[1]"},
    {"sessionId", NULL, "$.sessionId"},
    {"sessionId", "1", "$.sessionId"},
    {"fulfillmentContext", "\"DeliveryByMerchant\"", "$.fulfillmentContext"},
    {"fulfillmentContext.mode", NULL, "$.fulfillmentContext.mode"},
    {"fulfillmentContext.mode", "1", "$.fulfillmentContext.mode"},
    {"fulfillmentContext.addressId", "[]", "$.fulfillmentContext.addressId"},
    {"user", "[]", "$.user"},
    {"user.userId", NULL, "$.user.userId"},
    {"user.userId", "77", "$.user.userId"},
    {"user.email", NULL, "$.user.email"},
    {"user.email", "{}", "$.user.email"},
    {"user.firstName", "1", "$.user.firstName"},
    {"user.lastName", "true", "$.user.lastName"},
    {"user.phone", "15551234567", "$.user.phone"},
    {"user.lastPaymentId", "3", "$.user.lastPaymentId"},
    {"user.lastUserAddressId", "[]", "$.user.lastUserAddressId"},
};

static void test_me_bad_fields(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(ME_RESPONSE, ME_BAD, try_me);
	jm_expect_accepted(ME_RESPONSE, "user.phone", "null", try_me);
	jm_expect_accepted(ME_RESPONSE, "fulfillmentContext.addressId", NULL, try_me);
	jm_fuzz_document(ME_RESPONSE, try_me);
}

static void test_fulfillment_context_request(void **state)
{
	(void)state;
	static const char body[] = "{\"mode\": \"Pickup\", \"addressId\": \"addr-9\"}";
	ASSERT_ROUND_TRIP(body, fulfillment_context, fulfillment_context_from_json,
			  fulfillment_context_to_json, fulfillment_context_free);
	static const struct jm_bad_case bad[] = {
	    {"mode", NULL, "$.mode"},
	    {"mode", "2", "$.mode"},
	    {"addressId", "{}", "$.addressId"},
	};
	JM_EXPECT_FAILURES(body, bad, try_fulfillment);
}

/* ------------------------------------------------------------------ checkout */

static void test_address_page(void **state)
{
	(void)state;
	json_t *doc = jm_load(ADDRESS_PAGE);
	user_address_paged_result *page = user_address_paged_result_from_json(doc, NULL);
	assert_non_null(page);
	assert_int_equal(page->n_items, 2);
	assert_int_equal(page->total_count, 7);
	assert_int_equal(page->limit, 2);
	assert_true(page->has_more);
	assert_string_equal(page->items[0].address->address2, "Apt 2");
	assert_string_equal(page->items[0].instructions, "Buzz 2B");
	assert_null(page->items[1].address);
	user_address_paged_result_free(page);
	json_decref(doc);
	ASSERT_ROUND_TRIP(ADDRESS_PAGE, user_address_paged_result,
			  user_address_paged_result_from_json, user_address_paged_result_to_json,
			  user_address_paged_result_free);
	static const struct jm_bad_case bad[] = {
	    {"items", NULL, "$.items"},
	    {"items", "{}", "$.items"},
	    {"items.1", "\"addr-10\"", "$.items[1]"},
	    {"items.1.userAddressId", NULL, "$.items[1].userAddressId"},
	    {"items.1.userAddressId", "10", "$.items[1].userAddressId"},
	    {"items.0.address", "\"221B\"", "$.items[0].address"},
	    {"items.0.address.location.latitude", "\"40\"", "$.items[0].address.location.latitude"},
	    {"items.0.instructions", "[]", "$.items[0].instructions"},
	    {"totalCount", NULL, "$.totalCount"},
	    {"totalCount", "\"7\"", "$.totalCount"},
	    {"offset", NULL, "$.offset"},
	    {"offset", "0.5", "$.offset"},
	    {"limit", NULL, "$.limit"},
	    {"limit", "true", "$.limit"},
	    {"hasMore", NULL, "$.hasMore"},
	    {"hasMore", "1", "$.hasMore"},
	};
	JM_EXPECT_FAILURES(ADDRESS_PAGE, bad, try_address_page);
	jm_fuzz_document(ADDRESS_PAGE, try_address_page);
}

static void test_payment_page(void **state)
{
	(void)state;
	json_t *doc = jm_load(PAYMENT_PAGE);
	user_payment_paged_result *page = user_payment_paged_result_from_json(doc, NULL);
	assert_non_null(page);
	assert_int_equal(page->n_items, 2);
	assert_string_equal(page->items[0].expiration_date, "2028-04-30");
	assert_null(page->items[1].expiration_date);
	assert_string_equal(page->items[1].last_four, "0005");
	assert_false(page->has_more);
	user_payment_paged_result_free(page);
	json_decref(doc);
	ASSERT_ROUND_TRIP(PAYMENT_PAGE, user_payment_paged_result,
			  user_payment_paged_result_from_json, user_payment_paged_result_to_json,
			  user_payment_paged_result_free);
	static const struct jm_bad_case bad[] = {
	    {"items.0.paymentId", NULL, "$.items[0].paymentId"},
	    {"items.0.paymentId", "3", "$.items[0].paymentId"},
	    {"items.1.cardType", NULL, "$.items[1].cardType"},
	    {"items.1.cardType", "[]", "$.items[1].cardType"},
	    {"items.1.lastFour", NULL, "$.items[1].lastFour"},
	    {"items.1.lastFour", "5", "$.items[1].lastFour"},
	    {"items.0.expirationDate", "20280430", "$.items[0].expirationDate"},
	    {"hasMore", "\"no\"", "$.hasMore"},
	};
	JM_EXPECT_FAILURES(PAYMENT_PAGE, bad, try_payment_page);
	jm_fuzz_document(PAYMENT_PAGE, try_payment_page);

	ASSERT_ROUND_TRIP(
	    "{\"paymentId\": \"pay-5\", \"cardType\": \"visa\", \"lastFour\": \"1111\"}",
	    user_payment_response, user_payment_response_from_json, user_payment_response_to_json,
	    user_payment_response_free);
}

static void test_address_input_keys_required_values_nullable(void **state)
{
	(void)state;
	static const char body[] = "{\"address1\": null, \"city\": \"Austin\", \"postalCode\": "
				   "\"78701\", \"state\": null}";
	json_t *doc = jm_load(body);
	address_input *a = address_input_from_json(doc, NULL);
	assert_non_null(a);
	assert_null(a->address1);
	assert_string_equal(a->city, "Austin");
	assert_null(a->address2);
	address_input_free(a);
	json_decref(doc);
	ASSERT_ROUND_TRIP(body, address_input, address_input_from_json, address_input_to_json,
			  address_input_free);
	static const struct jm_bad_case bad[] = {
	    {"address1", NULL, "$.address1"},
	    {"city", NULL, "$.city"},
	    {"postalCode", NULL, "$.postalCode"},
	    {"state", NULL, "$.state"},
	    {"city", "5", "$.city"},
	    {"address2", "[]", "$.address2"},
	};
	JM_EXPECT_FAILURES(body, bad, try_address_input);
	jm_expect_accepted(body, "address2", "\"Floor 3\"", try_address_input);
}

static void test_address_input_lenient_reading(void **state)
{
	(void)state;
	static const char body[] = "{\"address1\": \"1 Main St\", \"city\": \"Austin\", "
				   "\"postalCode\": \"78701\", \"state\": null}";
	json_t *doc = jm_load("{\"city\": \"Austin\"}");
	address_input *a = address_input_from_json_lenient(doc, NULL);
	assert_non_null(a); /* absent members are null: the caller names what is missing */
	assert_string_equal(a->city, "Austin");
	assert_null(a->address1);
	assert_null(a->postal_code);
	address_input_free(a);
	assert_null(address_input_from_json(doc, NULL)); /* the contract's reading refuses it */
	json_decref(doc);
	static const char *const keys[] = {"address1", "city", "postalCode", "state"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		jm_expect_accepted(body, keys[i], NULL, try_address_lenient);
	static const struct jm_bad_case bad[] = {
	    {"address1", "1", "$.address1"},
	    {"state", "[]", "$.state"},
	    {"postalCode", "78701", "$.postalCode"},
	};
	JM_EXPECT_FAILURES(body, bad, try_address_lenient);
	doc = jm_load("[]");
	assert_false(try_address_lenient(doc, NULL));
	json_decref(doc);
}

static void test_add_card_request(void **state)
{
	(void)state;
	json_t *doc = jm_load(ADD_CARD);
	add_payment_card_request *r = add_payment_card_request_from_json(doc, NULL);
	assert_non_null(r);
	assert_string_equal(r->billing_address.postal_code, "10001");
	assert_string_equal(r->last_four, "4242");
	assert_string_equal(r->expiration, "2028-04-30");
	add_payment_card_request_free(r);
	json_decref(doc);
	ASSERT_ROUND_TRIP(ADD_CARD, add_payment_card_request, add_payment_card_request_from_json,
			  add_payment_card_request_to_json, add_payment_card_request_free);
	static const struct jm_bad_case bad[] = {
	    {"billingAddress", NULL, "$.billingAddress"},
	    {"billingAddress", "\"221B\"", "$.billingAddress"},
	    {"billingAddress.state", NULL, "$.billingAddress.state"},
	    {"bin", NULL, "$.bin"},
	    {"bin", "424242", "$.bin"},
	    {"cardNumber", NULL, "$.cardNumber"},
	    {"cardNumber", "4242424242424242", "$.cardNumber"},
	    {"cardType", NULL, "$.cardType"},
	    {"cardType", "[]", "$.cardType"},
	    {"cvc", NULL, "$.cvc"},
	    {"cvc", "123", "$.cvc"},
	    {"lastFour", NULL, "$.lastFour"},
	    {"lastFour", "4242", "$.lastFour"},
	    {"expiration", NULL, "$.expiration"},
	    {"expiration", "null", "$.expiration"},
	    {"expiration", "202804", "$.expiration"},
	};
	JM_EXPECT_FAILURES(ADD_CARD, bad, try_add_card);
	jm_expect_accepted(ADD_CARD, "cvc", "null", try_add_card);
	jm_fuzz_document(ADD_CARD, try_add_card);
}

static void test_add_card_request_lenient_reading(void **state)
{
	(void)state;
	static const char *const optional[] = {"bin", "cardNumber", "cardType", "cvc", "lastFour"};
	for (size_t i = 0; i < sizeof optional / sizeof *optional; i++)
		jm_expect_accepted(ADD_CARD, optional[i], NULL, try_add_card_lenient);
	json_t *doc = jm_mutate(ADD_CARD, "bin", NULL);
	add_payment_card_request *r = add_payment_card_request_from_json_lenient(doc, NULL);
	assert_non_null(r);
	assert_null(r->bin);
	assert_string_equal(r->last_four, "4242");
	add_payment_card_request_free(r);
	json_decref(doc);
	static const struct jm_bad_case bad[] = {
	    {"billingAddress", NULL, "$.billingAddress"},
	    {"billingAddress.city", NULL, "$.billingAddress.city"},
	    {"expiration", NULL, "$.expiration"},
	    {"bin", "424242", "$.bin"},
	    {"lastFour", "4242", "$.lastFour"},
	};
	JM_EXPECT_FAILURES(ADD_CARD, bad, try_add_card_lenient);
	jm_fuzz_document(ADD_CARD, try_add_card_lenient);
}

static void test_small_checkout_bodies(void **state)
{
	(void)state;
	ASSERT_ROUND_TRIP("{\"addressId\": \"5d0c1f0e-7a0b-4f4e-9b61-1b2c3d4e5f60\"}",
			  add_address_response, add_address_response_from_json,
			  add_address_response_to_json, add_address_response_free);
	ASSERT_ROUND_TRIP("{\"phone\": \"+15550001111\"}", update_profile_request,
			  update_profile_request_from_json, update_profile_request_to_json,
			  update_profile_request_free);
	json_err err = {0};
	json_t *doc = jm_load("{\"addressId\": 5}");
	assert_null(add_address_response_from_json(doc, &err));
	assert_string_equal(err.path, "$.addressId");
	json_decref(doc);
	doc = jm_load("{}");
	assert_null(add_address_response_from_json(doc, &err));
	assert_string_equal(err.path, "$.addressId");
	update_profile_request *p = update_profile_request_from_json(doc, NULL);
	assert_non_null(p);
	assert_null(p->phone);
	assert_false(p->has_phone); /* absent: the phone stays */
	char *text = jm_dump(update_profile_request_to_json(p));
	assert_string_equal(text, "{}");
	free(text);
	update_profile_request_free(p);
	json_decref(doc);
	doc = jm_load("{\"phone\": null}");
	p = update_profile_request_from_json(doc, NULL);
	assert_non_null(p);
	assert_null(p->phone);
	assert_true(p->has_phone); /* null: the phone is cleared */
	update_profile_request_free(p);
	json_decref(doc);
	ASSERT_ROUND_TRIP("{\"phone\": null}", update_profile_request,
			  update_profile_request_from_json, update_profile_request_to_json,
			  update_profile_request_free);
	doc = jm_load("{\"phone\": 15550001111}");
	assert_null(update_profile_request_from_json(doc, &err));
	assert_string_equal(err.path, "$.phone");
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_problem_body_parses_every_field),
	    cmocka_unit_test(test_response_with_valid_body_uses_it),
	    cmocka_unit_test(test_response_with_empty_body_is_synthesised),
	    cmocka_unit_test(test_response_with_html_body_is_synthesised),
	    cmocka_unit_test(test_synthesised_codes_follow_status),
	    cmocka_unit_test(test_malformed_problem_object_is_salvaged),
	    cmocka_unit_test(test_problem_copy_is_whole),
	    cmocka_unit_test(test_problem_with_null_title_keeps_errors),
	    cmocka_unit_test(test_retryable_flag_beats_table),
	    cmocka_unit_test(test_code_table_lookups),
	    cmocka_unit_test(test_code_table_is_complete_and_consistent),
	    cmocka_unit_test(test_problem_new_for_sandbox),
	    cmocka_unit_test(test_problem_bad_fields),
	    cmocka_unit_test(test_create_request_current_shape),
	    cmocka_unit_test(test_create_request_mcp_and_legacy_shapes),
	    cmocka_unit_test(test_create_request_bad_fields),
	    cmocka_unit_test(test_create_response_token_and_fallback),
	    cmocka_unit_test(test_create_response_copy),
	    cmocka_unit_test(test_create_response_bad_fields),
	    cmocka_unit_test(test_create_response_legacy_shapes),
	    cmocka_unit_test(test_me_identified_and_anonymous),
	    cmocka_unit_test(test_me_bad_fields),
	    cmocka_unit_test(test_fulfillment_context_request),
	    cmocka_unit_test(test_address_page),
	    cmocka_unit_test(test_payment_page),
	    cmocka_unit_test(test_address_input_keys_required_values_nullable),
	    cmocka_unit_test(test_add_card_request),
	    cmocka_unit_test(test_add_card_request_lenient_reading),
	    cmocka_unit_test(test_address_input_lenient_reading),
	    cmocka_unit_test(test_create_request_reads_legacy_lists),
	    cmocka_unit_test(test_small_checkout_bodies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
