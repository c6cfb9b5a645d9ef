/*
 * Settling what placing left behind (docs/checkout.md): start-up (a cart already placed, an
 * order never shown, pending requests replayed when the cart on screen is theirs), and
 * earlier orders left unsettled for another cart, which the user settles or forgets. The
 * journaled request bodies are read here too. Placing itself is in shop_place.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "shop/shop_int.h"

/* ------------------------------------------------------------------ journaled bodies */

/* Whether the body's cart is the cart on screen. */
bool shop_body_is_cart(const shop *s, const char *body)
{
	json_t *root = json_loads(body, 0, NULL);
	bool same = shop_cart_matches(s, json_object_get(root, "cart"));
	json_decref(root);
	return same;
}

/* The body's validatedOrderToken (heap), or NULL. */
char *shop_body_token(const char *body)
{
	json_t *root = json_loads(body, 0, NULL);
	const char *token = json_string_value(json_object_get(root, "validatedOrderToken"));
	char *copy = token ? xstrdup(token) : NULL;
	json_decref(root);
	return copy;
}

/* Whether the entry is being sent or replayed right now (its outcome is on its way). */
bool shop_entry_busy(const shop *s, const char *key)
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

/* Every lookup of a journaled order goes through here: list, pick the first that keep()
   accepts, move it out. */
journal_entry *shop_journal_list(shop *s, journal_state state, size_t *n)
{
	journal_entry *v = NULL;
	char err[600] = "";
	if (!journal_list(s->journal, s->base_url, state, &v, n, NULL, err, sizeof err)) {
		*n = 0;
		return NULL;
	}
	return v;
}

journal_entry *shop_journal_find(shop *s, journal_state state, bool newest_first,
				 shop_entry_test keep, const void *ctx)
{
	journal_entry *found = NULL;
	size_t n;
	journal_entry *v = shop_journal_list(s, state, &n);
	for (size_t k = 0; k < n && !found; k++) {
		size_t i = newest_first ? n - 1 - k : k;
		if (!keep(s, &v[i], ctx))
			continue;
		found = xcalloc(1, sizeof *found);
		*found = v[i]; /* moved */
		memset(&v[i], 0, sizeof v[i]);
	}
	journal_entries_free(v, n);
	return found;
}

/* Sent for another cart, still within the server's replay window, not on its way. */
static bool is_unsettled(shop *s, const journal_entry *e, const void *ctx)
{
	(void)ctx;
	return journal_replay_safe(e, time(NULL)) && !shop_entry_busy(s, e->key) &&
	       !shop_body_is_cart(s, e->body);
}

journal_entry *shop_find_unsettled(shop *s)
{
	return shop_journal_find(s, JOURNAL_STATE_PENDING, false, is_unsettled, NULL);
}

/* Sent for the cart on screen, still within the server's replay window. */
static bool is_this_carts(shop *s, const journal_entry *e, const void *ctx)
{
	(void)ctx;
	return journal_replay_safe(e, time(NULL)) && shop_body_is_cart(s, e->body);
}

/*
 * A pending entry, still within the server's replay window, whose cart is the cart on screen:
 * that exact cart was confirmed and sent, and may have been placed. Placing is then about that
 * request (SHOP_PLACE_UNKNOWN: P names it and sends it again with its own key) and never a
 * second order: after a re-validation (checkout left and entered again, a choice or the cart
 * changed and changed back, a replay at start-up that got no answer) a new body would have a
 * new validatedOrderToken, and so a new key.
 */
bool shop_adopt_pending_for_cart(shop *s)
{
	if (!s->cart->n_lines)
		return false;
	journal_entry *e = shop_journal_find(s, JOURNAL_STATE_PENDING, true, is_this_carts, NULL);
	bool adopted = e && !shop_entry_busy(s, e->key); /* one on its way is answered anyway */
	if (adopted) {
		memcpy(s->pl.key, e->key, sizeof s->pl.key);
		free(s->pl.body);
		s->pl.body = e->body; /* moved */
		e->body = NULL;
	}
	if (e)
		journal_entries_free(e, 1);
	return adopted;
}

void shop_unsettled_clear(shop *s)
{
	if (s->unsettled)
		journal_entries_free(s->unsettled, 1);
	s->unsettled = NULL;
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
	size_t n;
	journal_entry *v = shop_journal_list(s, JOURNAL_STATE_PLACED, &n);
	time_t now = time(NULL);
	for (size_t i = n; i-- > 0;) { /* newest first */
		if (s->cart->n_lines && shop_body_is_cart(s, v[i].body)) {
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

/* A replayed request for the cart on screen that did not end in an order: what placing says
   follows the server's answer (P then asks about that same request). */
static void follow_replay(shop *s, const journal_entry *e, shop_place_outcome outcome)
{
	if (s->pl.call.call || !shop_body_is_cart(s, e->body))
		return;
	memcpy(s->pl.key, e->key, sizeof s->pl.key);
	free(s->pl.body);
	s->pl.body = xstrdup(e->body);
	switch (outcome) {
	case SHOP_OUTCOME_REFUSED: /* a new validation, a new request */
		s->pl.state = SHOP_PLACE_IDLE;
		break;
	case SHOP_OUTCOME_ALREADY:
		s->pl.state = SHOP_PLACE_ALREADY_PLACED;
		break;
	default:
		s->pl.state = SHOP_PLACE_UNKNOWN;
		break;
	}
}

static void on_replayed(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->replay.call, r))
		return;
	const journal_entry *e = &s->replay.entries[s->replay.next++];
	unsigned changes = SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY;
	char buf[1400];
	shop_place_outcome outcome = shop_place_classify(r);
	bool resolvable = !s->pl.call.call && !s->pl.resolve.call;
	if (outcome == SHOP_OUTCOME_PLACED) {
		snprintf(buf, sizeof buf, _("Your earlier order was placed (order %s)."),
			 r->order->gett_order_id);
		shop_set_notice(s, buf);
		changes |= shop_place_placed(s, r, e->key, e->body);
	} else if (outcome == SHOP_OUTCOME_ALREADY && resolvable) {
		/* As for a place answered so: find the order that exists and show it. */
		memcpy(s->pl.key, e->key, sizeof s->pl.key);
		free(s->pl.body);
		s->pl.body = xstrdup(e->body);
		changes |= shop_place_resolve_already(s, r);
	} else {
		char *why = shop_result_clause(s, r);
		if (outcome == SHOP_OUTCOME_REFUSED) {
			shop_journal_finish(s, e->key, JOURNAL_FAILED, NULL);
			snprintf(buf, sizeof buf, _("Your earlier order was not placed: %s."), why);
		} else if (outcome == SHOP_OUTCOME_ALREADY) { /* another place is out meanwhile */
			shop_journal_placed(s, e->key, NULL);
			changes |= shop_place_settle_cart(s, e->body);
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
		}
		free(why);
		shop_set_notice(s, buf);
		follow_replay(s, e, outcome);
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
		shop_journal_finish(s, v[i].key, JOURNAL_ABANDONED, NULL);
		journal_entry_clear(&v[i]);
	}
	return kept;
}

/* Keeps the entries whose cart is the cart on screen: the user confirmed exactly them. */
static size_t keep_this_cart(shop *s, journal_entry *v, size_t n)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (shop_body_is_cart(s, v[i].body)) {
			v[kept++] = v[i];
			continue;
		}
		journal_entry_clear(&v[i]);
	}
	return kept;
}

/* Starts replaying the entries for the cart on screen; the caller notifies. */
static size_t resume_start(shop *s)
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
	shop_set_notice(s, _("Your last order was sent just before the app closed; asking the "
			     "server whether it arrived…"));
	s->replay.entries = v;
	s->replay.n = n;
	s->replay.next = 0;
	replay_next(s);
	return s->replay.entries ? n : 0;
}

size_t shop_resume_pending(shop *s)
{
	size_t started = resume_start(s);
	bool unsettled = !s->unsettled && (s->unsettled = shop_find_unsettled(s)) != NULL;
	if (s->pl.recognised_id && !s->pl.refresh.call) {
		shop_place_read_order(s, s->pl.recognised_id); /* shown once read */
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
		out->items = count_add(out->items, q > 0 ? q : 1);
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
	snprintf(out->id, sizeof out->id, "%s", s->unsettled->key);
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
		s->unsettled = shop_find_unsettled(s);
	/* The screen says what P will do: ask again about the request sent for this cart. */
	if (s->pl.state == SHOP_PLACE_IDLE && !shop_place_in_flight(s) &&
	    shop_adopt_pending_for_cart(s))
		s->pl.state = SHOP_PLACE_UNKNOWN;
}

/* The next unsettled entry, if any, comes up once this one is decided. */
static void unsettled_next(shop *s)
{
	shop_unsettled_clear(s);
	s->unsettled = shop_find_unsettled(s);
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
	shop_journal_finish(s, s->unsettled->key, JOURNAL_ABANDONED, NULL);
	if (s->pl.state == SHOP_PLACE_UNKNOWN && strcmp(s->pl.key, s->unsettled->key) == 0)
		s->pl.state = SHOP_PLACE_IDLE;
	shop_set_notice(s, _("The earlier order is forgotten; it is never sent again."));
	unsettled_next(s);
	shop_notify(s, SHOP_CHANGED_ORDER);
}
