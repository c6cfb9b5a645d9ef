/*
 * The user's saved addresses and cards (contract §2.12) joining the config's choices at
 * checkout, against gett-sandbox's demo user (data/users.json: Dana Demo, two addresses,
 * a Visa 4242 and a Mastercard 4444): read once, labelled, without duplicates, a choice
 * kept when they arrive, a saved card placed with; an anonymous session and a failure
 * keep the config's choices.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_shop.h"

/* Demo data (data/users.json). */
#define PINE_ST		 "1420 E Pine St"
#define PINE_NOTE	 "Buzz 305 at the side door on 15th Ave; leave at the door if no answer."
#define DEXTER_AVE	 "1100 Dexter Ave N"
#define DEXTER_NOTE	 "Check in at the front desk and ask for Dana."
#define MASTERCARD_ID	 "3fba3f0d-c153-4077-9480-4643ee0e528e"
#define VISA_LABEL	 "Visa ···· 4242 (exp 09/2028)"
#define MASTERCARD_LABEL "Mastercard ···· 4444 (exp 05/2027)"

#define ADDRESSES_PATH "/v1/marketplace/checkout/addresses"
#define PAYMENTS_PATH  "/v1/marketplace/checkout/payments"

/* A config entry the server does not have. */
static const shop_address studio = {
    .label = "studio",
    .address = {
	.address1 = "2200 Westlake Ave", .city = "Seattle", .postal_code = "98121", .state = "WA"}};
static const shop_payment team_card = {
    .label = "team card",
    .info = {.type = "cardOnFile", .card_token = "tok_visa", .processor_type = "stripe"}};

static void expect_saved_card(shop *s, size_t index, const char *label, const char *id)
{
	const shop_payment *p = shop_payment_at(s, index);
	assert_non_null(p);
	assert_string_equal(p->label, label);
	assert_string_equal(p->info.type, "savedCard");
	assert_string_equal(p->info.payment_id, id);
	assert_null(p->info.card_token);
}

static void expect_saved_address(shop *s, size_t index, const char *address1,
				 const char *postal_code, const char *instructions)
{
	const shop_address *a = shop_address_at(s, index);
	assert_non_null(a);
	assert_string_equal(a->label, "saved");
	assert_string_equal(a->address.address1, address1);
	assert_string_equal(a->address.postal_code, postal_code);
	assert_string_equal(a->address.city, "Seattle");
	assert_string_equal(a->instructions, instructions);
}

typedef struct me_capture {
	bool done;
	session_me_response *me;
} me_capture;

static void take_me(api_result *r, void *user)
{
	me_capture *c = user;
	c->done = true;
	c->me = r->me;
	r->me = NULL;
}

/* A profile naming the user: read once at start, page by page, after the config's entries,
   and never again at checkout. What equals a config entry is left out. */
static void test_saved_choices_follow_the_config(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop_settings set = env_settings(env);
	set.addresses = env->addresses; /* home: the server's Pine St with other instructions */
	set.n_addresses = 1;
	set.payments = &team_card;
	set.n_payments = 1;
	set.saved_page_limit = 1; /* two pages of each */
	shop *s = env_shop(env, &set);
	assert_true(shop_busy(s) > 0); /* both lists are being read */
	env->changes = 0;
	wait_idle(env, s);
	assert_true(env->changes & SHOP_CHANGED_CHECKOUT);
	assert_null(shop_notice(s));

	assert_int_equal(shop_address_count(s), 2);
	assert_string_equal(shop_address_at(s, 0)->label, "home"); /* the config's first */
	assert_string_equal(shop_address_at(s, 0)->instructions, "Buzz 305 at the side door.");
	expect_saved_address(s, 1, DEXTER_AVE, "98109", DEXTER_NOTE);
	assert_string_equal(shop_address_at(s, 1)->address.address2, "Suite 200");
	assert_int_equal(shop_payment_count(s), 3);
	assert_string_equal(shop_payment_at(s, 0)->label, "team card");
	assert_string_equal(shop_payment_at(s, 0)->info.card_token, "tok_visa");
	expect_saved_card(s, 1, VISA_LABEL, DEMO_PAYMENT_ID);
	expect_saved_card(s, 2, MASTERCARD_LABEL, MASTERCARD_ID);
	assert_int_equal(count_requests(env, "GET", ADDRESSES_PATH "?offset=0&limit=1"), 1);
	assert_int_equal(count_requests(env, "GET", ADDRESSES_PATH "?offset=1&limit=1"), 1);
	assert_int_equal(count_requests(env, "GET", PAYMENTS_PATH "?offset=0&limit=1"), 1);
	assert_int_equal(count_requests(env, "GET", PAYMENTS_PATH "?offset=1&limit=1"), 1);
	assert_int_equal(count_requests(env, "GET", ADDRESSES_PATH), 2); /* hasMore was false */
	assert_int_equal(count_requests(env, "GET", PAYMENTS_PATH), 2);

	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	expect_valid(env, s);
	assert_int_equal(shop_checkout_address(s), 0);
	assert_int_equal(shop_checkout_payment(s), 0);
	shop_checkout_set_address(s, 1); /* a saved address validates like any other */
	expect_valid(env, s);
	assert_int_equal(count_requests(env, "GET", ADDRESSES_PATH), 2); /* read once */
	assert_int_equal(count_requests(env, "GET", PAYMENTS_PATH), 2);
	env_free_shop(env, s);

	/* The harness's config: home and office are the server's addresses, its card is the
	   Visa (same paymentId): only the Mastercard is new. */
	s = env_default_shop(env);
	wait_idle(env, s);
	assert_int_equal(shop_address_count(s), 2);
	assert_string_equal(shop_address_at(s, 0)->label, "home");
	assert_string_equal(shop_address_at(s, 1)->label, "office");
	assert_int_equal(shop_payment_count(s), 2);
	assert_string_equal(shop_payment_at(s, 0)->label, "visa 4242");
	expect_saved_card(s, 1, MASTERCARD_LABEL, MASTERCARD_ID);
}

/* No user named and nothing configured: the lists are read at the first checkout, whose
   delivery then validates by itself; the saved Mastercard pays. */
static void test_saved_card_places_an_order(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop_settings set = env_settings(env);
	set.user = NULL;
	set.n_addresses = set.n_payments = 0;
	shop *s = env_shop(env, &set);
	add_pizza(env, s, 1);
	assert_int_equal(count_requests(env, "GET", "/checkout/"), 0); /* nobody to ask for */

	shop_checkout_begin(s);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_INVALID); /* no address yet */
	assert_int_equal(shop_payment_count(s), 0);
	assert_true(shop_busy(s) > 0);
	expect_valid(env, s);
	assert_int_equal(shop_address_count(s), 2);
	expect_saved_address(s, 0, PINE_ST, "98122", PINE_NOTE);
	expect_saved_address(s, 1, DEXTER_AVE, "98109", DEXTER_NOTE);
	assert_int_equal(shop_checkout_address(s), 0);
	const external_order *v = shop_validated_order(s);
	assert_non_null(v->delivery_info);
	assert_string_equal(v->delivery_info->address->address1, PINE_ST);
	assert_int_equal(shop_payment_count(s), 2);
	expect_saved_card(s, 0, VISA_LABEL, DEMO_PAYMENT_ID);
	expect_saved_card(s, 1, MASTERCARD_LABEL, MASTERCARD_ID);

	shop_checkout_set_payment(s, 1);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_VALID); /* payment: no re-validation */
	shop_place(s);
	expect_place_state(s, SHOP_PLACE_SENDING);
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_DONE);
	assert_non_null(shop_placed_order(s)->gett_order_id);

	/* The server took that card for this user: it is now their last-used one. */
	me_capture c = {0};
	api_session_me(env->api, take_me, &c);
	for (int i = 0; !c.done && i < 3000; i++)
		run_for(env, 10);
	assert_non_null(c.me);
	assert_non_null(c.me->user);
	assert_string_equal(c.me->user->last_payment_id, MASTERCARD_ID);
	session_me_response_free(c.me);
}

/* Choices made in checkout before the lists arrive stay chosen, and what they validated
   holds: the arrival itself validates nothing. */
static void test_checkout_choice_is_kept(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop_address config[2] = {studio, env->addresses[1]}; /* office = Dexter Ave */
	shop_settings set = env_settings(env);
	set.user = NULL;
	set.addresses = config;
	set.n_addresses = 2;
	set.payments = &team_card;
	shop *s = env_shop(env, &set);
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	shop_checkout_set_address(s, 1);
	int validations = count_requests(env, "POST", "/orders/validate");
	assert_int_equal(count_requests(env, "GET", PAYMENTS_PATH), 1); /* in flight */
	expect_valid(env, s);
	assert_int_equal(shop_address_count(s), 3); /* Dexter Ave only once */
	assert_string_equal(shop_address_at(s, 1)->label, "office");
	expect_saved_address(s, 2, PINE_ST, "98122", PINE_NOTE);
	assert_int_equal(shop_checkout_address(s), 1);
	assert_int_equal(shop_payment_count(s), 3);
	assert_int_equal(shop_checkout_payment(s), 0);
	assert_int_equal(count_requests(env, "POST", "/orders/validate"), validations);
}

/* An anonymous session has no saved things: the config's choices stay, nothing is said,
   checkout goes on, and the server is not asked again. */
static void test_anonymous_shop_keeps_the_config(void **state)
{
	shop_env *env = *state;
	env->profile = (api_profile){0};
	env_start(env, NULL, NULL);
	shop_settings set = env_settings(env);
	set.user = "demo-user"; /* a name alone does not make the session identified */
	shop *s = env_shop(env, &set);
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	expect_valid(env, s);
	assert_int_equal(count_requests(env, "GET", PAYMENTS_PATH), 1);
	assert_int_equal(count_requests(env, "GET", ADDRESSES_PATH), 1);
	assert_null(shop_notice(s));
	assert_int_equal(shop_address_count(s), 2);
	assert_string_equal(shop_address_at(s, 0)->label, "home");
	assert_string_equal(shop_address_at(s, 1)->label, "office");
	assert_int_equal(shop_payment_count(s), 1);
	assert_string_equal(shop_payment_at(s, 0)->label, "visa 4242");

	shop_checkout_end(s);
	shop_checkout_begin(s);
	expect_valid(env, s);
	assert_int_equal(count_requests(env, "GET", PAYMENTS_PATH), 1);
	assert_int_equal(count_requests(env, "GET", ADDRESSES_PATH), 1);
}

/* A server that cannot be reached: a notice, the config's choices, checkout as before;
   the next checkout asks again and gets them. */
static void test_failed_read_is_tried_again(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	unsigned port = env->sb.port;
	shop_settings set = env_settings(env);
	set.user = NULL;
	set.n_addresses = 1;
	shop *s = env_shop(env, &set);
	env_stop_sandbox(env);

	shop_checkout_begin(s); /* an empty cart: only the lists are asked for */
	wait_idle(env, s);
	assert_true(shop_checkout_active(s));
	assert_non_null(shop_notice(s));
	assert_non_null(strstr(shop_notice(s), "could not be read"));
	assert_int_equal(shop_address_count(s), 1);
	assert_int_equal(shop_payment_count(s), 1);

	env_restart_sandbox(env, NULL, port);
	shop_checkout_end(s);
	shop_checkout_begin(s);
	wait_idle(env, s);
	assert_int_equal(shop_address_count(s), 2);
	expect_saved_address(s, 1, DEXTER_AVE, "98109", DEXTER_NOTE);
	assert_int_equal(shop_payment_count(s), 2);
	expect_saved_card(s, 1, MASTERCARD_LABEL, MASTERCARD_ID);
}

#define T(f) cmocka_unit_test_setup_teardown(f, shop_setup, shop_teardown)

void it_shop_saved_tests(it_tests *all)
{
	static const struct CMUnitTest tests[] = {
	    T(test_saved_choices_follow_the_config), T(test_saved_card_places_an_order),
	    T(test_checkout_choice_is_kept),	     T(test_anonymous_shop_keeps_the_config),
	    T(test_failed_read_is_tried_again),
	};
	it_tests_add(all, tests, sizeof tests / sizeof *tests);
}
