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
 * order that exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crashpoint.h"
#include "i18n.h"
#include "shop_int.h"

typedef enum place_outcome {
	PLACE_PLACED,  /* the order exists: gettOrderId */
	PLACE_ALREADY, /* ORDER_ALREADY_PLACED: an order exists, under another request */
	PLACE_REFUSED, /* definitively not placed: a non-retryable 4xx, or nothing was sent */
	PLACE_UNKNOWN, /* transport, 5xx, 429, PAYMENT_FAILED, unreadable 2xx: ask again */
} place_outcome;

static place_outcome classify(const api_result *r)
{
	if (r->outcome == API_OK)
		return r->order && r->order->gett_order_id ? PLACE_PLACED : PLACE_UNKNOWN;
	if (r->outcome == API_ERR_REQUEST)
		return r->attempts == 0 ? PLACE_REFUSED : PLACE_UNKNOWN;
	if (r->outcome != API_ERR_HTTP && r->outcome != API_ERR_INVALID)
		return PLACE_UNKNOWN;
	/* §5: ORDER_ALREADY_PLACED, and CONFLICT ("treat as done; read state"). */
	if (problem_has_code(r->problem, "ORDER_ALREADY_PLACED") || r->status == 409)
		return PLACE_ALREADY;
	/* The retries are spent: the processor answered, and no order was made (§5: "then ask
	   for another method"). */
	if (problem_has_code(r->problem, "PAYMENT_FAILED"))
		return PLACE_REFUSED;
	if (r->status == 200) /* isValid:false */
		return PLACE_REFUSED;
	bool retryable = r->problem && problem_is_retryable(r->problem);
	return r->status >= 400 && r->status < 500 && r->status != 429 && !retryable
		   ? PLACE_REFUSED
		   : PLACE_UNKNOWN;
}

static void finish_entry(shop *s, const char *key, journal_outcome outcome, const char *order_id)
{
	char err[600] = "";
	if (!journal_finish(s->journal, key, outcome, order_id, err, sizeof err))
		shop_set_notice(s, err);
}

/* The serialised amounts, to compare two validations exactly. */
static char *amounts_text(const external_order *o)
{
	if (!o || !o->amounts)
		return NULL;
	json_t *j = amounts_to_json(o->amounts);
	char *text = jsonx_dumps(j);
	json_decref(j);
	return text;
}

static void unsettled_clear(shop *s)
{
	if (s->unsettled)
		journal_entries_free(s->unsettled, 1);
	s->unsettled = NULL;
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
	unsettled_clear(s);
	free(s->pl.recognised_id);
	s->pl.recognised_id = NULL;
	free(s->pl.message);
	free(s->pl.support);
	s->pl.message = s->pl.support = NULL;
}

/* ------------------------------------------------------------------ journaled bodies */

/* Whether the body's cart is the cart on screen. */
static bool body_is_cart(const shop *s, const char *body)
{
	json_t *root = json_loads(body, 0, NULL);
	bool same = shop_cart_matches(s, json_object_get(root, "cart"));
	json_decref(root);
	return same;
}

/* The body's validatedOrderToken (heap), or NULL. */
static char *body_token(const char *body)
{
	json_t *root = json_loads(body, 0, NULL);
	const char *token = json_string_value(json_object_get(root, "validatedOrderToken"));
	char *copy = token ? xstrdup(token) : NULL;
	json_decref(root);
	return copy;
}

/* Whether the entry is being sent or replayed right now (its outcome is on its way). */
static bool entry_busy(const shop *s, const char *key)
{
	if (s->pl.call.call && strcmp(key, s->pl.key) == 0)
		return true;
	if (s->pl.resolve.call && strcmp(key, s->pl.resolve_key) == 0)
		return true;
	for (size_t i = 0; s->replay.entries && i < s->replay.n; i++)
		if (strcmp(key, s->replay.entries[i].key) == 0)
			return true;
	return false;
}

/* The first pending entry, still within the server's replay window and not on its way,
   whose cart is not the cart on screen (a copy), or NULL. */
static journal_entry *find_unsettled(shop *s)
{
	journal_entry *v = NULL, *found = NULL;
	size_t n = 0;
	char err[600] = "";
	if (!journal_pending(s->journal, s->base_url, &v, &n, NULL, err, sizeof err))
		return NULL;
	time_t now = time(NULL);
	for (size_t i = 0; i < n && !found; i++) {
		if (!journal_replay_safe(&v[i], now) || entry_busy(s, v[i].key) ||
		    body_is_cart(s, v[i].body))
			continue;
		found = xcalloc(1, sizeof *found);
		*found = v[i];
		memset(&v[i], 0, sizeof v[i]);
	}
	journal_entries_free(v, n);
	return found;
}

/* ------------------------------------------------------------------ sending */

/* PlaceOrderRequest: what was validated + the validated amounts exactly as returned + the
   validatedOrderToken (§6 Q7) + the payment. */
static char *place_body(const shop *s)
{
	json_t *j = external_order_to_json(s->co.sent);
	json_object_set_new(j, "amounts", amounts_to_json(s->co.validated->amounts));
	if (s->co.validated->validated_order_token)
		json_object_set_new(j, "validatedOrderToken",
				    json_string(s->co.validated->validated_order_token));
	json_object_set_new(j, "payment", payment_info_to_json(&s->payments[s->co.payment].info));
	char *text = jsonx_dumps(j);
	json_decref(j);
	return text;
}

/* When the cart on screen is the order just placed (or replayed after a crash), it is done;
   a cart changed while the request was out is kept. When no store is open, its store
   becomes the open one, so the confirmation names the items and shows the store's clock. */
static unsigned settle_cart(shop *s, const char *body)
{
	if (!body_is_cart(s, body))
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
}

/* The order exists: the journal says so first (the durable truth), then the cart ends. */
static unsigned placed(shop *s, api_result *r, const char *key, const char *body)
{
	finish_entry(s, key, JOURNAL_PLACED, r->order->gett_order_id);
	crashpoint(CRASHPOINT_JOURNAL_PLACED);
	unsigned changes = settle_cart(s, body);
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

static unsigned resolve_already(shop *s, api_result *r);

static void on_placed(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->pl.call, r))
		return;
	crashpoint(CRASHPOINT_ANSWER_IN);
	unsigned changes = SHOP_CHANGED_ORDER | SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_BUSY;
	s->pl.state = SHOP_PLACE_IDLE; /* the request is no longer out */
	switch (classify(r)) {
	case PLACE_PLACED:
		changes |= placed(s, r, s->pl.key, s->pl.body);
		break;
	case PLACE_ALREADY:
		changes |= resolve_already(s, r);
		break;
	case PLACE_REFUSED:
		finish_entry(s, s->pl.key, JOURNAL_FAILED, NULL);
		shop_set_notice_from(s, r);
		place_failed(s);
		if (problem_has_code(r->problem, "ORDER_TOTAL_DIFFERENT")) {
			s->pl.state = SHOP_PLACE_REVALIDATING;
			s->pl.after_total_different = true;
			shop_validate_now(s);
		}
		break;
	case PLACE_UNKNOWN:
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
		finish_entry(s, s->pl.key, JOURNAL_FAILED, NULL); /* nothing was sent */
		shop_set_notice(s, _("The order could not be sent."));
		place_failed(s);
	}
}

/* An earlier order for another cart is pending: the user decides first. */
static bool stop_for_unsettled(shop *s)
{
	if (!s->unsettled)
		s->unsettled = find_unsettled(s);
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

/*
 * A pending entry, still within the server's replay window, whose cart is the cart on screen:
 * that exact cart was confirmed and sent, and may have been placed. P sends that request again
 * with its own key (the server answers what it did) instead of a second order: after a
 * re-validation (checkout left and entered again, a choice or the cart changed and changed
 * back, a replay at start-up that got no answer) the body has a new validatedOrderToken, so
 * it would get a new key. Makes it the request placing is about (pl.key, pl.body); returns
 * whether there is one.
 */
static bool adopt_pending_for_cart(shop *s)
{
	journal_entry *v = NULL;
	size_t n = 0;
	char err[600] = "";
	if (!s->cart->n_lines ||
	    !journal_pending(s->journal, s->base_url, &v, &n, NULL, err, sizeof err))
		return false;
	time_t now = time(NULL);
	const journal_entry *e = NULL;
	for (size_t i = n; i-- > 0 && !e;) /* newest first */
		if (journal_replay_safe(&v[i], now) && body_is_cart(s, v[i].body))
			e = &v[i];
	bool adopted = e && !entry_busy(s, e->key); /* one on its way is answered anyway */
	if (adopted) {
		memcpy(s->pl.key, e->key, sizeof s->pl.key);
		free(s->pl.body);
		s->pl.body = xstrdup(e->body);
	}
	journal_entries_free(v, n);
	return adopted;
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
	} else if (s->pl.state == SHOP_PLACE_UNKNOWN && s->pl.body && body_is_cart(s, s->pl.body)) {
		send_journaled(s); /* the same request again: the server answers what it did */
	} else if (adopt_pending_for_cart(s)) {
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
	finish_entry(s, s->pl.key, JOURNAL_PLACED, NULL);
	memcpy(s->pl.order_key, s->pl.key, sizeof s->pl.order_key);
	shop_order_shown(s); /* this screen is what there is to see of it */
	unsigned changes = settle_cart(s, s->pl.body);
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
			finish_entry(s, s->pl.resolve_key, JOURNAL_PLACED, r->order->gett_order_id);
		finish_entry(s, s->pl.key, JOURNAL_FAILED, NULL); /* this request made none */
		changes |= settle_cart(s, s->pl.body);
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
static journal_entry *entry_with_token(shop *s, const char *token, journal_state state)
{
	journal_entry *v = NULL, *found = NULL;
	size_t n = 0;
	char err[600];
	if (!token || !journal_list(s->journal, s->base_url, state, &v, &n, NULL, err, sizeof err))
		return NULL;
	for (size_t i = n; i-- > 0 && !found;) {
		char *t = body_token(v[i].body);
		if (t && strcmp(t, token) == 0 && strcmp(v[i].key, s->pl.key) != 0) {
			found = xcalloc(1, sizeof *found);
			*found = v[i];
			memset(&v[i], 0, sizeof v[i]);
		}
		free(t);
	}
	journal_entries_free(v, n);
	return found;
}

/* Finds the order that exists: read it (a placed entry knows its id), or send the entry
   that made it again with its own key (the server answers with that order). Returns the
   changes. */
static unsigned resolve_already(shop *s, api_result *r)
{
	static const journal_state where[] = {JOURNAL_STATE_PLACED, JOURNAL_STATE_PENDING,
					      JOURNAL_STATE_ABANDONED};
	char *token = body_token(s->pl.body);
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
	if (r->outcome == API_OK && r->order) {
		external_order_free(s->pl.order);
		s->pl.order = r->order;
		r->order = NULL;
		if (s->pl.state == SHOP_PLACE_IDLE) { /* recognised at start-up */
			s->pl.state = SHOP_PLACE_DONE;
			/* Its store, for the names of the items and its clock. */
			const cart *c = s->pl.order->cart;
			if (!s->open.store_id && c && c->store_id)
				shop_open_store(s, c->store_id);
		}
	} else {
		shop_set_notice_from(s, r);
	}
	shop_notify(s, SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY);
}

static void read_order(shop *s, const char *gett_order_id)
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
	read_order(s, s->pl.order->gett_order_id);
	shop_notify(s, SHOP_CHANGED_BUSY);
}

/* ------------------------------------------------------------------ start-up */

/* An order to read and show at start-up: the user has not seen its confirmation. */
static void recognise(shop *s, const journal_entry *e, const char *text)
{
	char buf[512];
	snprintf(buf, sizeof buf, text, e->gett_order_id ? e->gett_order_id : "?");
	shop_set_notice(s, buf);
	free(s->pl.recognised_id);
	s->pl.recognised_id = xstrdup(e->gett_order_id);
	memcpy(s->pl.order_key, e->key, sizeof s->pl.order_key);
}

void shop_place_recognise_cart(shop *s)
{
	journal_entry *v = NULL;
	size_t n = 0;
	char err[600];
	if (!journal_list(s->journal, s->base_url, JOURNAL_STATE_PLACED, &v, &n, NULL, err,
			  sizeof err))
		return;
	time_t now = time(NULL);
	for (size_t i = n; i-- > 0;) { /* newest first */
		if (s->cart->n_lines && body_is_cart(s, v[i].body)) {
			/* The app stopped between recording the order and ending its cart. */
			shop_cart_empty(s);
			recognise(s, &v[i],
				  _("Your last order (order %s) was placed before the app closed; "
				    "its cart has been emptied."));
			break;
		}
		if (!v[i].seen && v[i].gett_order_id &&
		    now - v[i].finished_at < JOURNAL_REPLAY_WINDOW_SECONDS) {
			/* The app stopped before the confirmation was on screen. */
			recognise(
			    s, &v[i],
			    _("Your last order (order %s) was placed before the app closed."));
			break;
		}
	}
	journal_entries_free(v, n);
}

static void replay_next(shop *s);

static void on_replayed(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->replay.call, r))
		return;
	const journal_entry *e = &s->replay.entries[s->replay.next++];
	unsigned changes = SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY;
	char buf[1400];
	place_outcome outcome = classify(r);
	if (outcome == PLACE_PLACED) {
		snprintf(buf, sizeof buf, _("Your earlier order was placed (order %s)."),
			 r->order->gett_order_id);
		shop_set_notice(s, buf);
		changes |= placed(s, r, e->key, e->body);
	} else {
		char *why = shop_result_clause(s, r);
		if (outcome == PLACE_REFUSED) {
			finish_entry(s, e->key, JOURNAL_FAILED, NULL);
			snprintf(buf, sizeof buf, _("Your earlier order was not placed: %s."), why);
		} else if (outcome == PLACE_ALREADY) {
			finish_entry(s, e->key, JOURNAL_PLACED, NULL);
			changes |= settle_cart(s, e->body);
			snprintf(buf, sizeof buf,
				 _("The server says your earlier order was already placed; check "
				   "your orders with the store before ordering it again. %s"),
				 why);
		} else {
			snprintf(
			    buf, sizeof buf, "%s",
			    _("Still no answer about your earlier order: it may or may not "
			      "have been placed. P at checkout asks again, and so does the next "
			      "start; it is never placed twice."));
			/* The cart on screen is that order: placing it is asking about it. */
			if (body_is_cart(s, e->body) && !s->pl.call.call) {
				memcpy(s->pl.key, e->key, sizeof s->pl.key);
				free(s->pl.body);
				s->pl.body = xstrdup(e->body);
				s->pl.state = SHOP_PLACE_UNKNOWN;
			}
		}
		free(why);
		shop_set_notice(s, buf);
		if (strcmp(e->key, s->pl.key) == 0 && s->pl.state == SHOP_PLACE_UNKNOWN)
			s->pl.state = outcome == PLACE_REFUSED	 ? SHOP_PLACE_IDLE
				      : outcome == PLACE_ALREADY ? SHOP_PLACE_ALREADY_PLACED
								 : SHOP_PLACE_UNKNOWN;
		shop_set_notice_support(s, r);
	}
	replay_next(s);
	shop_notify(s, changes);
}

static void replay_next(shop *s)
{
	shop_replay *rp = &s->replay;
	if (rp->next < rp->n) {
		const journal_entry *e = &rp->entries[rp->next];
		api_slot_start(&rp->call, api_place_text(s->api, e->body, e->key, on_replayed, s));
		if (rp->call.call)
			return;
	}
	journal_entries_free(rp->entries, rp->n);
	rp->entries = NULL;
	rp->n = rp->next = 0;
}

/* Keeps the entries the server still deduplicates; reports the others. */
static size_t keep_replayable(shop *s, journal_entry *v, size_t n)
{
	size_t kept = 0;
	time_t now = time(NULL);
	for (size_t i = 0; i < n; i++) {
		if (journal_replay_safe(&v[i], now)) {
			v[kept++] = v[i];
			continue;
		}
		char when[64], buf[512];
		struct tm tm;
		localtime_r(&v[i].created_at, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		snprintf(buf, sizeof buf,
			 _("An order from %s was never confirmed and is too old to send again "
			   "safely; check your orders with the store before ordering it again."),
			 when);
		shop_set_notice(s, buf);
		/* Told once: it is never sent again, and a later ORDER_ALREADY_PLACED can still
		   find it (resolve_already). */
		finish_entry(s, v[i].key, JOURNAL_ABANDONED, NULL);
		free(v[i].base_url);
		free(v[i].body);
		free(v[i].gett_order_id);
	}
	return kept;
}

/* Keeps the entries whose cart is the cart on screen: the user confirmed exactly them. */
static size_t keep_this_cart(shop *s, journal_entry *v, size_t n)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (body_is_cart(s, v[i].body)) {
			v[kept++] = v[i];
			continue;
		}
		free(v[i].base_url);
		free(v[i].body);
		free(v[i].gett_order_id);
	}
	return kept;
}

/* Starts replaying the entries for the cart on screen; the caller notifies. */
static size_t resume_start(shop *s, bool at_start)
{
	if (s->replay.entries)
		return 0; /* already replaying */
	journal_entry *v = NULL;
	size_t n = 0;
	str_list problems = {0};
	char err[600] = "";
	if (!journal_pending(s->journal, s->base_url, &v, &n, &problems, err, sizeof err))
		shop_set_notice(s, err);
	if (problems.n)
		shop_set_notice(s, problems.v[0]);
	str_list_clear(&problems);
	n = keep_this_cart(s, v, keep_replayable(s, v, n));
	if (!n) {
		free(v);
		return 0;
	}
	if (at_start)
		shop_set_notice(s, _("Your last order was sent just before the app closed; asking "
				     "the server whether it arrived…"));
	s->replay.entries = v;
	s->replay.n = n;
	s->replay.next = 0;
	replay_next(s);
	return s->replay.entries ? n : 0;
}

size_t shop_resume_pending(shop *s)
{
	size_t started = resume_start(s, true);
	bool unsettled = !s->unsettled && (s->unsettled = find_unsettled(s)) != NULL;
	if (s->pl.recognised_id && !s->pl.refresh.call) {
		read_order(s, s->pl.recognised_id); /* shown once read */
		free(s->pl.recognised_id);
		s->pl.recognised_id = NULL;
	}
	shop_notify(s, started || unsettled || s->pl.refresh.call
			   ? SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY
			   : 0);
	return started;
}

/* ------------------------------------------------------------------ unsettled orders */

/* Where a request sends the order: "Pickup", or "Delivery to <street>". */
static void request_destination(const json_t *root, char *buf, size_t n)
{
	const char *type = json_string_value(json_object_get(root, "fulfillmentType"));
	json_t *addr = json_object_get(json_object_get(root, "deliveryInfo"), "address");
	const char *street = json_string_value(json_object_get(addr, "address1"));
	if (type && strcmp(type, FULFILLMENT_PICKUP) == 0)
		snprintf(buf, n, "%s", _("Pickup"));
	else
		snprintf(buf, n, _("Delivery to %s"), street ? street : _("an address"));
}

/* The card a request pays with, by its label when it is one of the choices. */
static void request_card(const shop *s, const json_t *root, char *buf, size_t n)
{
	payment_info info = {0};
	json_err e;
	size_t i = SIZE_MAX;
	if (payment_info_parse(json_object_get(root, "payment"), "$.payment", &info, &e))
		i = shop_payment_find(s, &info);
	snprintf(buf, n, "%s", i != SIZE_MAX ? s->payments[i].label : _("a card"));
	payment_info_clear(&info);
}

/* What a journaled request asked for: total, items, where and the card. */
static void describe_request(const shop *s, const char *body, time_t sent_at, shop_unsettled *out)
{
	memset(out, 0, sizeof *out);
	out->total = -1;
	out->sent_at = sent_at;
	json_t *root = json_loads(body, 0, NULL);
	json_t *total = json_object_get(json_object_get(root, "amounts"), "total");
	if (total && money_from_json(total, &out->total) != MONEY_OK)
		out->total = -1;
	json_t *lines = json_object_get(json_object_get(root, "cart"), "lineItems");
	size_t i;
	json_t *line;
	json_array_foreach (lines, i, line) {
		json_int_t q = json_integer_value(json_object_get(line, "quantity"));
		out->items += q > 0 ? q : 1;
	}
	request_destination(root, out->destination, sizeof out->destination);
	request_card(s, root, out->card, sizeof out->card);
	json_decref(root);
}

bool shop_unsettled_get(const shop *s, shop_unsettled *out)
{
	if (!s->unsettled)
		return false;
	describe_request(s, s->unsettled->body, s->unsettled->created_at, out);
	return true;
}

bool shop_place_unknown_request(const shop *s, shop_unsettled *out)
{
	if (s->pl.state != SHOP_PLACE_UNKNOWN || !s->pl.body)
		return false;
	describe_request(s, s->pl.body, 0, out);
	return true;
}

void shop_place_find_unsettled(shop *s)
{
	if (!s->unsettled)
		s->unsettled = find_unsettled(s);
	/* The screen says what P will do: ask again about the request sent for this cart. */
	if (s->pl.state == SHOP_PLACE_IDLE && !shop_place_in_flight(s) && adopt_pending_for_cart(s))
		s->pl.state = SHOP_PLACE_UNKNOWN;
}

/* The next unsettled entry, if any, comes up once this one is decided. */
static void unsettled_next(shop *s)
{
	unsettled_clear(s);
	s->unsettled = find_unsettled(s);
}

void shop_unsettled_settle(shop *s)
{
	if (!s->unsettled || s->replay.entries)
		return;
	s->replay.entries = s->unsettled;
	s->replay.n = 1;
	s->replay.next = 0;
	s->unsettled = NULL;
	shop_set_notice(s, _("Asking the server about the earlier order…"));
	replay_next(s);
	shop_notify(s, SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY);
}

void shop_unsettled_forget(shop *s)
{
	if (!s->unsettled)
		return;
	finish_entry(s, s->unsettled->key, JOURNAL_ABANDONED, NULL);
	if (s->pl.state == SHOP_PLACE_UNKNOWN && strcmp(s->pl.key, s->unsettled->key) == 0)
		s->pl.state = SHOP_PLACE_IDLE;
	shop_set_notice(s, _("The earlier order is forgotten; it is never sent again."));
	unsettled_next(s);
	shop_notify(s, SHOP_CHANGED_ORDER);
}
