/*
 * Sessions and checkout bodies (contract §2.1-§2.4, §2.12, §3.8, §3.9, §6 Q1-Q2).
 *
 * Elements of lists have X_parse(value, path, out, err) / X_clear; whole
 * request and response bodies have X_from_json(value, err) / X_to_json / X_free.
 * Parsing follows the jsonx conventions: unknown fields are ignored, a wrong
 * type or a missing required field is an error naming its JSON path.
 */
#ifndef GETT_SESSION_H
#define GETT_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "base/collections.h"
#include "base/jsonx.h"
#include "wire/store.h"

/* ------------------------------------------------------------------ addresses */

/* AddressInput (add-address body, card billingAddress): address1, city, postalCode and state
 * must be present but may be null; address2 is optional. Also used for SessionAddress, whose
 * fields are all optional. */
typedef struct address_input {
	char *address1;
	char *address2;
	char *city;
	char *postal_code;
	char *state;
} address_input;

address_input *address_input_from_json(const json_t *value, json_err *err);
/* As address_input_from_json, but an absent member counts as null: the sandbox's reading of
 * the add-address body, whose own rule then names each missing field (docs/sandbox.md). */
address_input *address_input_from_json_lenient(const json_t *value, json_err *err);
json_t *address_input_to_json(const address_input *a); /* required keys as null when NULL */
void address_input_free(address_input *a);

typedef struct add_address_response {
	char *address_id;
} add_address_response;

add_address_response *add_address_response_from_json(const json_t *value, json_err *err);
json_t *add_address_response_to_json(const add_address_response *r);
void add_address_response_free(add_address_response *r);

typedef struct user_address_response {
	char *user_address_id;
	external_address *address; /* NULL when absent */
	char *instructions;	   /* may be NULL */
} user_address_response;

json_t *user_address_response_to_json(const user_address_response *r);
void user_address_response_clear(user_address_response *r);

typedef struct user_address_paged_result {
	user_address_response *items;
	size_t n_items;
	long long total_count;
	long long offset;
	long long limit;
	bool has_more;
} user_address_paged_result;

user_address_paged_result *user_address_paged_result_from_json(const json_t *value, json_err *err);
json_t *user_address_paged_result_to_json(const user_address_paged_result *page);
void user_address_paged_result_free(user_address_paged_result *page);

/* ------------------------------------------------------------------ payments and profile */

typedef struct user_payment_response {
	char *payment_id;
	char *card_type;
	char *last_four;
	char *expiration_date; /* may be NULL */
} user_payment_response;

user_payment_response *user_payment_response_from_json(const json_t *value, json_err *err);
json_t *user_payment_response_to_json(const user_payment_response *r);
void user_payment_response_clear(user_payment_response *r);
void user_payment_response_free(user_payment_response *r);

typedef struct user_payment_paged_result {
	user_payment_response *items;
	size_t n_items;
	long long total_count;
	long long offset;
	long long limit;
	bool has_more;
} user_payment_paged_result;

user_payment_paged_result *user_payment_paged_result_from_json(const json_t *value, json_err *err);
json_t *user_payment_paged_result_to_json(const user_payment_paged_result *page);
void user_payment_paged_result_free(user_payment_paged_result *page);

/* Card fields are vault tokens in practice; bin..lastFour must be present but may be null. */
typedef struct add_payment_card_request {
	address_input billing_address;
	char *bin;
	char *card_number;
	char *card_type;
	char *cvc;
	char *last_four;
	char *expiration; /* date, required */
} add_payment_card_request;

add_payment_card_request *add_payment_card_request_from_json(const json_t *value, json_err *err);
/* As add_payment_card_request_from_json, but bin..lastFour may also be absent (as null): the
 * sandbox derives what is missing from what is there (docs/sandbox.md). */
add_payment_card_request *add_payment_card_request_from_json_lenient(const json_t *value,
								     json_err *err);
json_t *add_payment_card_request_to_json(const add_payment_card_request *r);
void add_payment_card_request_free(add_payment_card_request *r);

typedef struct update_profile_request {
	char *phone;	/* may be NULL */
	bool has_phone; /* the key is there, even as null (null clears the phone) */
} update_profile_request;

update_profile_request *update_profile_request_from_json(const json_t *value, json_err *err);
json_t *update_profile_request_to_json(const update_profile_request *r);
void update_profile_request_free(update_profile_request *r);

/* ------------------------------------------------------------------ session create */

/* An element of the legacy `addresses` array (docs/openapi.yaml, SessionCreateRequest [sbx]);
 * every member is optional. */
typedef struct session_legacy_address {
	char *formatted_address;
	char *unit;
	location *location; /* from `latitude` and `longitude`; NULL unless both are given */
	char *delivery_instructions;
} session_legacy_address;

/* An element of the legacy `paymentMethods` array; every member is optional. */
typedef struct session_legacy_payment {
	char *brand;
	char *last4;
	long long exp_month, exp_year;
	bool has_expiry; /* both expMonth and expYear given */
} session_legacy_payment;

/* The union of the current, MCP and legacy bodies (§6 Q2); every field is optional. The legacy
 * `addresses` and `paymentMethods` arrays are read (the sandbox saves them), never written. */
typedef struct session_create_request {
	char *partner_user_id; /* or MCP `userId` */
	char *email;
	char *first_name; /* or legacy `givenName` */
	char *last_name;  /* or legacy `familyName` */
	char *phone;
	address_input *address;	      /* SessionAddress; NULL when absent */
	long long expiration_seconds; /* or legacy `expiresInSeconds` */
	bool has_expiration_seconds;
	session_legacy_address *legacy_addresses;
	size_t n_legacy_addresses;
	session_legacy_payment *legacy_payments;
	size_t n_legacy_payments;
} session_create_request;

session_create_request *session_create_request_from_json(const json_t *value, json_err *err);
/* Emits the current field names only. */
json_t *session_create_request_to_json(const session_create_request *r);
void session_create_request_free(session_create_request *r);

enum session_identity {
	SESSION_IDENTITY_NONE,	   /* anonymous */
	SESSION_IDENTITY_COMPLETE, /* email + firstName + lastName */
	SESSION_IDENTITY_PARTIAL,  /* some but not all: 400 INVALID_REQUEST */
};
/* Empty strings count as absent. */
enum session_identity session_create_request_identity(const session_create_request *r);

/* Only the token is required on a response: the legacy `{sessionToken, expiresAt}` and the
   MCP `{token, expiresAt}` shapes (§2.1, §6 Q1) carry nothing else. */
typedef struct session_create_response {
	char *token;	       /* `token`, or the legacy `sessionToken` */
	char *expires_at;      /* may be NULL */
	char *session_id;      /* may be NULL */
	char *partner_user_id; /* may be NULL */
	bool is_anonymous;
	bool has_is_anonymous;
	long long level; /* 0..3; -1 when absent */
} session_create_response;

session_create_response *session_create_response_from_json(const json_t *value, json_err *err);
json_t *session_create_response_to_json(const session_create_response *r);
/* Deep copy; NULL for NULL. */
session_create_response *session_create_response_copy(const session_create_response *r);
void session_create_response_free(session_create_response *r);

/* ------------------------------------------------------------------ session/me, fulfillment
 * context */

/* FulfillmentContextDto and SetFulfillmentContextRequest. */
typedef struct fulfillment_context {
	char *mode;	  /* "DeliveryByMerchant" | "Pickup" */
	char *address_id; /* may be NULL */
} fulfillment_context;

fulfillment_context *fulfillment_context_from_json(const json_t *value, json_err *err);
json_t *fulfillment_context_to_json(const fulfillment_context *fc);
void fulfillment_context_free(fulfillment_context *fc);

typedef struct session_me_user {
	char *user_id;
	char *email;
	char *first_name;	    /* may be NULL */
	char *last_name;	    /* may be NULL */
	char *phone;		    /* may be NULL */
	char *last_payment_id;	    /* may be NULL */
	char *last_user_address_id; /* may be NULL */
} session_me_user;

/* SessionMeUser; also the answer of checkout/profile. */
json_t *session_me_user_to_json(const session_me_user *u);

typedef struct session_me_response {
	char *expires_at;
	bool is_anonymous;
	long long level;
	str_list level_missing; /* subset of address, phone, payment */
	char *session_id;
	fulfillment_context *fulfillment_context; /* NULL when null/absent */
	session_me_user *user;			  /* NULL when null/absent */
} session_me_response;

session_me_response *session_me_response_from_json(const json_t *value, json_err *err);
json_t *session_me_response_to_json(const session_me_response *r);
void session_me_response_free(session_me_response *r);

#endif
