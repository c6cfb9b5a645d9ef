/*
 * Placing exactly once (contract §2.10, docs/client.md "Place-order journal",
 * docs/checkout.md): the body is built from the validated order, its Idempotency-Key
 * comes from the journal (the key of a pending entry with the same body, else a fresh
 * UUID v4), and the entry is durable before the request is sent. The API client
 * retries with the same key. An outcome that is not definitive leaves the entry pending
 * (SHOP_PLACE_UNKNOWN): P sends the same body with the same key again, and so does the
 * next start while the cart is still that order. A pending entry for a cart that is no
 * longer the one on screen is never replayed silently: the user decides (unsettled).
 * ORDER_TOTAL_DIFFERENT re-validates and asks again; ORDER_ALREADY_PLACED finds the
 * order that exists. What placing leaves behind (start-up, unsettled orders) is in
 * shop_settle.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/crashpoint.h"
#include "base/i18n.h"
#include "shop/shop_int.h"

shop_place_outcome shop_place_classify(const api_result *r)
{
	if (r->outcome == API_OK)
		return r->order && r->order->gett_order_id ? SHOP_OUTCOME_PLACED
							   : SHOP_OUTCOME_UNKNOWN;
	if (r->outcome == API_ERR_REQUEST)
		return r->attempts == 0 ? SHOP_OUTCOME_REFUSED : SHOP_OUTCOME_UNKNOWN;
	if (r->outcome != API_ERR_HTTP && r->outcome != API_ERR_INVALID)
		return SHOP_OUTCOME_UNKNOWN;
	/* §5: ORDER_ALREADY_PLACED, and CONFLICT ("treat as done; read state"). */
	if (problem_has_code(r->problem, "ORDER_ALREADY_PLACED") || r->status == 409)
		return SHOP_OUTCOME_ALREADY;
	/* The retries are spent: the processor answered, and no order was made (§5: "then ask
	   for another method"). */
	if (problem_has_code(r->problem, "PAYMENT_FAILED"))
		return SHOP_OUTCOME_REFUSED;
	if (r->status == 200) /* isValid:false */
		return SHOP_OUTCOME_REFUSED;
	bool retryable = r->problem && problem_is_retryable(r->problem);
	return r->status >= 400 && r->status < 500 && r->status != 429 && !retryable
		   ? SHOP_OUTCOME_REFUSED
		   : SHOP_OUTCOME_UNKNOWN;
}

void shop_journal_finish(shop *s, const char *key, journal_outcome outcome, const char *order_id)
{
	char err[600] = "";
	if (!journal_finish(s->journal, key, outcome, order_id, err, sizeof err))
		shop_set_notice(s, err);
}

/* The parsed amounts serialised, to compare two validations: the server's own object (raw)
   is left out, so key order or a member we do not read never looks like a new total. */
static char *amounts_text(const external_order *o)
{
	if (!o || !o->amounts)
		return NULL;
	amounts parsed;
	amounts_copy(&parsed, o->amounts);
	amounts_drop_raw(&parsed);
	json_t *j = amounts_to_json(&parsed);
	amounts_clear(&parsed);
	char *text = jsonx_dumps(j);
	json_decref(j);
	return text;
}

void shop_place_free(shop *s)
{
	api_slot_cancel(&s->pl.call);
	api_slot_cancel(&s->pl.refresh);
	api_slot_cancel(&s->pl.resolve);
	api_slot_cancel(&s->replay.call);
	external_order_free(s->pl.order);
	s->pl.order = NULL;
	free(s->pl.confirmed_amounts);
	s->pl.confirmed_amounts = NULL;
	free(s->pl.body);
	s->pl.body = NULL;
	journal_entries_free(s->replay.entries, s->replay.n);
	s->replay.entries = NULL;
	shop_unsettled_clear(s);
	free(s->pl.recognised_id);
	s->pl.recognised_id = NULL;
	free(s->pl.message);
	free(s->pl.support);
	s->pl.message = s->pl.support = NULL;
}

/* ------------------------------------------------------------------ sending */

/* PlaceOrderRequest: what was validated + the validated amounts exactly as returned + the
   validatedOrderToken (§6 Q7) + the payment. The request borrows every member: nothing is
   copied, nothing freed. */
static char *place_body(const shop *s)
{
	place_order_request req = {.order = *s->co.sent,
				   .payment = s->payments[s->co.payment].info};
	req.order.amounts = s->co.validated->amounts;
	req.order.validated_order_token = s->co.validated->validated_order_token;
	return place_order_request_body(&req);
}

/* When the cart on screen is the order just placed (or replayed after a crash), it is done;
   a cart changed while the request was out is kept. When no store is open, its store
   becomes the open one, so the confirmation names the items and shows the store's clock. */
unsigned shop_place_settle_cart(shop *s, const char *body)
{
	if (!shop_body_is_cart(s, body))
		return 0;
	unsigned changes = 0;
	const shop_menu *cm = &s->cart_menu;
	if (cm->set && !s->open.store_id) { /* nothing else is being browsed */
		shop_menu_adopt(&s->open, cm);
		changes |= SHOP_CHANGED_STORE;
	}
	shop_cart_empty(s);
	crashpoint(CRASHPOINT_CART_ENDED);
	shop_checkout_invalidate(s);
	return changes | SHOP_CHANGED_CART | SHOP_CHANGED_CHECKOUT;
}

static void take_placed(shop *s, api_result *r)
{
	external_order_free(s->pl.order);
	s->pl.order = r->order;
	r->order = NULL;
	s->pl.state = SHOP_PLACE_DONE;
	s->pl.unknown = false; /* a new order: what the server forgot was another */
}

/* The order exists: the journal says so first (the durable truth), then the cart ends. */
unsigned shop_place_placed(shop *s, api_result *r, const char *key, const char *body)
{
	shop_journal_placed(s, key, r->order);
	crashpoint(CRASHPOINT_JOURNAL_PLACED);
	unsigned changes = shop_place_settle_cart(s, body);
	bool placing_another =
	    s->pl.state == SHOP_PLACE_SENDING || s->pl.state == SHOP_PLACE_REVALIDATING;
	if (!placing_another) {
		s->co.active = false; /* checkout is over: nothing re-validates on its own */
		shop_checkout_invalidate(s);
		take_placed(s, r);
		memcpy(s->pl.order_key, key, sizeof s->pl.order_key);
	}
	return changes;
}

/* Plain words: what the network said is in the debug log, not on the screen. */
static void unknown_outcome(shop *s, const api_result *r)
{
	shop_set_notice(s, _("No answer came back after the order was sent: it may or may not "
			     "have been placed. P at checkout asks again; it is never placed "
			     "twice."));
	shop_set_notice_support(s, r);
	s->pl.state = SHOP_PLACE_UNKNOWN;
}

/* Definitively not placed: the reason (the notice now) stays with the state, whatever
   notice comes next. */
static void place_failed(shop *s)
{
	free(s->pl.message);
	s->pl.message = xstrdup(shop_notice(s));
	free(s->pl.support);
	s->pl.support = xstrdup(shop_notice_support(s));
	s->pl.state = SHOP_PLACE_FAILED;
}

static void on_placed(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->pl.call, r))
		return;
	crashpoint(CRASHPOINT_ANSWER_IN);
	unsigned changes = SHOP_CHANGED_ORDER | SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_BUSY;
	s->pl.state = SHOP_PLACE_IDLE; /* the request is no longer out */
	switch (shop_place_classify(r)) {
	case SHOP_OUTCOME_PLACED:
		changes |= shop_place_placed(s, r, s->pl.key, s->pl.body);
		break;
	case SHOP_OUTCOME_ALREADY:
		changes |= shop_place_resolve_already(s, r);
		break;
	case SHOP_OUTCOME_REFUSED:
		shop_journal_finish(s, s->pl.key, JOURNAL_FAILED, NULL);
		shop_set_notice_from(s, r);
		place_failed(s);
		if (problem_has_code(r->problem, "ORDER_TOTAL_DIFFERENT")) {
			s->pl.state = SHOP_PLACE_REVALIDATING;
			s->pl.after_total_different = true;
			shop_validate_now(s);
		}
		break;
	case SHOP_OUTCOME_UNKNOWN:
		unknown_outcome(s, r);
		break;
	}
	shop_notify(s, changes);
}

/* Sends the journaled body with its key (a first send or the same request again). */
static void send_journaled(shop *s)
{
	api_handle *call = api_place_text(s->api, s->pl.body, s->pl.key, on_placed, s);
	api_slot_start(&s->pl.call, call);
	if (call) {
		s->pl.state = SHOP_PLACE_SENDING;
	} else if (s->pl.state != SHOP_PLACE_UNKNOWN) { /* an earlier send stays unknown */
		shop_journal_finish(s, s->pl.key, JOURNAL_FAILED, NULL); /* nothing was sent */
		shop_set_notice(s, _("The order could not be sent."));
		place_failed(s);
	}
}

/* An earlier order for another cart is pending: the user decides first. */
static bool stop_for_unsettled(shop *s)
{
	if (!s->unsettled)
		s->unsettled = shop_find_unsettled(s);
	if (!s->unsettled)
		return false;
	if (s->pl.state == SHOP_PLACE_REVALIDATING)
		s->pl.state = SHOP_PLACE_IDLE; /* nothing is sent after this check */
	shop_set_notice(s, _("An earlier order was sent but never confirmed; decide about it "
			     "before placing this one."));
	return true;
}

static void send_order(shop *s)
{
	if (stop_for_unsettled(s))
		return;
	char *body = place_body(s);
	char err[4800] = "";
	str_list problems = {0};
	bool ok = journal_key_for_body(s->journal, s->base_url, body, s->pl.key, &problems, err,
				       sizeof err) &&
		  journal_begin(s->journal, s->pl.key, s->base_url, body, err, sizeof err);
	if (problems.n)
		shop_set_notice(s, problems.v[0]);
	str_list_clear(&problems);
	free(s->pl.body);
	s->pl.body = body;
	if (!ok) { /* never send what is not journaled */
		shop_set_notice(s, err);
		place_failed(s);
		return;
	}
	crashpoint(CRASHPOINT_JOURNAL_BEGUN);
	send_journaled(s);
}

void shop_place_after_validation(shop *s)
{
	if (s->pl.state != SHOP_PLACE_REVALIDATING)
		return;
	if (s->co.state != SHOP_VALIDATION_VALID) {
		shop_set_notice(s, s->co.message ? s->co.message : _("The order is not valid."));
		place_failed(s);
		return;
	}
	char *now = amounts_text(s->co.validated);
	bool same = !s->pl.after_total_different && s->pl.confirmed_amounts &&
		    strcmp(now, s->pl.confirmed_amounts) == 0;
	free(now);
	s->pl.after_total_different = false;
	if (same) {
		send_order(s);
		return;
	}
	/* Never placed silently: the user has to see the new amounts and confirm again. */
	s->pl.state = SHOP_PLACE_NEEDS_CONFIRMATION;
	char total[MONEY_TEXT_MAX], buf[256];
	snprintf(buf, sizeof buf, _("The total is now %s. Check the amounts and confirm again."),
		 money_format(s->co.validated->amounts->total, total));
	shop_set_notice(s, buf);
}

/* Whether the validated order can be sent now, else the notice says why. */
static bool ready_to_send(shop *s)
{
	const char *why = NULL;
	if (s->replay.entries)
		why = _("An earlier order is still being confirmed; place again when it is done.");
	else if (!s->n_payments)
		why = _("No payment method is configured.");
	else if (s->co.want_payment)
		why = _("Your saved card is still being read from the server.");
	else if (s->co.state == SHOP_VALIDATION_INVALID || s->co.state == SHOP_VALIDATION_FAILED)
		why = s->co.message ? s->co.message : _("The order is not valid.");
	if (why)
		shop_set_notice(s, why);
	return why == NULL;
}

void shop_place_confirmed(shop *s, unsigned generation)
{
	/* An unknown request is sent again as it was: what changed since does not matter. */
	if (generation == s->co.generation || s->pl.state == SHOP_PLACE_UNKNOWN) {
		shop_place(s);
		return;
	}
	/* What the question named is no longer what would be sent. */
	s->pl.state = SHOP_PLACE_NEEDS_CONFIRMATION;
	shop_set_notice(s, _("The order changed while you were answering: check it, then P to "
			     "place it."));
	shop_notify(s, SHOP_CHANGED_ORDER | SHOP_CHANGED_CHECKOUT);
}

void shop_place(shop *s)
{
	if (shop_place_in_flight(s) || s->pl.state == SHOP_PLACE_REVALIDATING)
		return;
	if (stop_for_unsettled(s)) {
		/* decided by the user first (shop_unsettled_get) */
	} else if (s->pl.state == SHOP_PLACE_UNKNOWN && s->pl.body &&
		   shop_body_is_cart(s, s->pl.body)) {
		send_journaled(s); /* the same request again: the server answers what it did */
	} else if (shop_adopt_pending_for_cart(s)) {
		/* A request for this cart is out with no answer: the screen says so, and the
		   next P asks about that request (naming it), never a second order. */
		s->pl.state = SHOP_PLACE_UNKNOWN;
	} else if (!ready_to_send(s)) {
		/* the notice says why */
	} else if (s->co.state != SHOP_VALIDATION_VALID) {
		/* Nothing confirmed yet: validate, then show the amounts. */
		free(s->pl.confirmed_amounts);
		s->pl.confirmed_amounts = NULL;
		s->pl.state = SHOP_PLACE_REVALIDATING;
		if (s->co.state != SHOP_VALIDATION_RUNNING)
			shop_validate_now(s);
	} else {
		free(s->pl.confirmed_amounts);
		s->pl.confirmed_amounts = amounts_text(s->co.validated);
		uint64_t age = uv_now(s->loop) - s->co.validated_at;
		bool tip_changed = s->co.sent->amounts->tip != shop_checkout_tip(s);
		if (age > s->max_age_ms || tip_changed) {
			s->pl.state = SHOP_PLACE_REVALIDATING;
			shop_validate_now(s);
		} else {
			send_order(s);
		}
	}
	shop_notify(s, SHOP_CHANGED_ORDER | SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_BUSY);
}

shop_place_state shop_place_state_now(const shop *s)
{
	return s->pl.state;
}

const char *shop_place_failure(const shop *s)
{
	return s->pl.state == SHOP_PLACE_FAILED ? s->pl.message : NULL;
}

const char *shop_place_failure_support(const shop *s)
{
	return s->pl.state == SHOP_PLACE_FAILED ? s->pl.support : NULL;
}

bool shop_place_in_flight(const shop *s)
{
	return s->pl.call.call || s->pl.resolve.call || s->replay.call.call;
}

const external_order *shop_placed_order(const shop *s)
{
	return s->pl.order;
}

/* ------------------------------------------------------------------ ORDER_ALREADY_PLACED */

/* The order could not be found or read: it exists, the user is told how to find it. */
static unsigned already_unreadable(shop *s, const api_result *r)
{
	shop_journal_placed(s, s->pl.key, NULL);
	memcpy(s->pl.order_key, s->pl.key, sizeof s->pl.order_key);
	shop_order_shown(s); /* this screen is what there is to see of it */
	unsigned changes = shop_place_settle_cart(s, s->pl.body);
	s->co.active = false;
	shop_set_notice(s, _("The server says this order was already placed, but the app could "
			     "not read it back. Do not order it again: check your orders with the "
			     "store first."));
	shop_set_notice_support(s, r);
	s->pl.state = SHOP_PLACE_ALREADY_PLACED;
	return changes;
}

static void on_resolved(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->pl.resolve, r))
		return;
	unsigned changes = SHOP_CHANGED_ORDER | SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_BUSY;
	if (r->outcome == API_OK && r->order && r->order->gett_order_id) {
		/* The entry that made it first: a crash between the two writes still leaves the
		   order in the journal. */
		if (s->pl.resolve_key[0])
			shop_journal_placed(s, s->pl.resolve_key, r->order);
		shop_journal_finish(s, s->pl.key, JOURNAL_FAILED,
				    NULL); /* this request made none */
		changes |= shop_place_settle_cart(s, s->pl.body);
		s->co.active = false;
		shop_checkout_invalidate(s);
		take_placed(s, r);
		memcpy(s->pl.order_key, s->pl.resolve_key[0] ? s->pl.resolve_key : s->pl.key,
		       sizeof s->pl.order_key);
		char buf[256];
		snprintf(buf, sizeof buf, _("This order had already been placed (order %s)."),
			 s->pl.order->gett_order_id);
		shop_set_notice(s, buf);
	} else {
		changes |= already_unreadable(s, r);
	}
	shop_notify(s, changes);
}

/* The journaled entry (another key) sent with the same validation, or NULL. */
/* Sent with the same validation (token) under another key. */
static bool has_token(shop *s, const journal_entry *e, const void *token)
{
	char *t = shop_body_token(e->body);
	bool same = t && strcmp(t, token) == 0 && strcmp(e->key, s->pl.key) != 0;
	free(t);
	return same;
}

static journal_entry *entry_with_token(shop *s, const char *token, journal_state state)
{
	return token ? shop_journal_find(s, state, true, has_token, token) : NULL;
}

/* Finds the order that exists: read it (a placed entry knows its id), or send the entry
   that made it again with its own key (the server answers with that order). Returns the
   changes. */
unsigned shop_place_resolve_already(shop *s, api_result *r)
{
	static const journal_state where[] = {JOURNAL_STATE_PLACED, JOURNAL_STATE_PENDING,
					      JOURNAL_STATE_ABANDONED};
	char *token = shop_body_token(s->pl.body);
	journal_entry *e = NULL;
	for (size_t i = 0; i < sizeof where / sizeof where[0] && !e; i++)
		e = entry_with_token(s, token, where[i]);
	free(token);
	api_handle *call = NULL;
	s->pl.resolve_key[0] = '\0';
	if (e && e->state == JOURNAL_STATE_PLACED && e->gett_order_id) {
		memcpy(s->pl.resolve_key, e->key,
		       sizeof e->key); /* finishing it again is a no-op */
		call = api_order_get(s->api, e->gett_order_id, on_resolved, s);
	} else if (e && e->state != JOURNAL_STATE_PLACED) {
		memcpy(s->pl.resolve_key, e->key, sizeof e->key);
		call = api_place_text(s->api, e->body, e->key, on_resolved, s);
	}
	if (e)
		journal_entries_free(e, 1);
	api_slot_start(&s->pl.resolve, call);
	if (call) {
		s->pl.state = SHOP_PLACE_RESOLVING;
		return 0;
	}
	return already_unreadable(s, r);
}

/* ------------------------------------------------------------------ order status */

static void on_order_read(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->pl.refresh, r))
		return;
	unsigned changes = SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY;
	if (r->outcome == API_OK && r->order) {
		external_order_free(s->pl.order);
		s->pl.order = r->order;
		r->order = NULL;
		changes |= shop_history_note_order(s, s->pl.order);
		s->pl.unknown = false;
		if (s->pl.state == SHOP_PLACE_IDLE) { /* recognised at start-up */
			s->pl.state = SHOP_PLACE_DONE;
			/* Its store, for the names of the items and its clock. */
			const cart *c = s->pl.order->cart;
			if (!s->open.store_id && c && c->store_id)
				shop_open_store(s, c->store_id);
		}
	} else if (r->status == 404 && s->pl.order) {
		shop_history_note_unknown(s, &s->pl.unknown);
	} else {
		shop_set_notice_from(s, r);
	}
	shop_notify(s, changes);
}

bool shop_order_unknown(const shop *s)
{
	return s->pl.unknown;
}

void shop_place_read_order(shop *s, const char *gett_order_id)
{
	api_slot_start(&s->pl.refresh, api_order_get(s->api, gett_order_id, on_order_read, s));
}

void shop_order_shown(shop *s)
{
	char err[600] = "";
	if (s->pl.order_key[0] && !journal_mark_seen(s->journal, s->pl.order_key, err, sizeof err))
		shop_set_notice(s, err);
	s->pl.order_key[0] = '\0';
}

void shop_order_refresh(shop *s)
{
	if (!s->pl.order || !s->pl.order->gett_order_id)
		return;
	shop_place_read_order(s, s->pl.order->gett_order_id);
	shop_notify(s, SHOP_CHANGED_BUSY);
}
