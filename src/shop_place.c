/*
 * Placing exactly once (contract §2.10, docs/client.md "Place-order journal"):
 * the body is built from the validated order, its Idempotency-Key comes from the
 * journal (the key of a pending entry with the same body, else a fresh UUID v4),
 * and the entry is durable before the request is sent. The API client retries
 * with the same key; an outcome that is not definitive leaves the entry pending,
 * to be replayed with the same key (shop_place again, or shop_resume_pending at
 * the next start). ORDER_TOTAL_DIFFERENT re-validates and asks again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "shop_int.h"

typedef enum place_outcome {
	PLACE_PLACED,  /* the order exists: gettOrderId */
	PLACE_REFUSED, /* definitively not placed: a non-retryable 4xx, or nothing was sent */
	PLACE_UNKNOWN, /* transport, 5xx, 429, PAYMENT_FAILED, unreadable 2xx: replay later */
} place_outcome;

static place_outcome classify(const api_result *r)
{
	if (r->outcome == API_OK)
		return r->order && r->order->gett_order_id ? PLACE_PLACED : PLACE_UNKNOWN;
	if (r->outcome == API_ERR_REQUEST)
		return r->attempts == 0 ? PLACE_REFUSED : PLACE_UNKNOWN;
	if (r->outcome != API_ERR_HTTP && r->outcome != API_ERR_INVALID)
		return PLACE_UNKNOWN;
	if (r->status == 200) /* isValid:false */
		return PLACE_REFUSED;
	bool retryable = r->problem && problem_is_retryable(r->problem);
	return r->status >= 400 && r->status < 500 && r->status != 429 && !retryable
		   ? PLACE_REFUSED
		   : PLACE_UNKNOWN;
}

static size_t resume_start(shop *s);

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

void shop_place_free(shop *s)
{
	api_slot_cancel(&s->pl.call);
	api_slot_cancel(&s->pl.refresh);
	api_slot_cancel(&s->replay.call);
	external_order_free(s->pl.order);
	s->pl.order = NULL;
	free(s->pl.confirmed_amounts);
	s->pl.confirmed_amounts = NULL;
	free(s->pl.body);
	s->pl.body = NULL;
	journal_entries_free(s->replay.entries, s->replay.n);
	s->replay.entries = NULL;
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
   a cart changed while the request was out is kept. */
static unsigned settle_cart(shop *s, const char *body)
{
	json_t *root = json_loads(body, 0, NULL);
	bool same = shop_cart_matches(s, json_object_get(root, "cart"));
	json_decref(root);
	if (!same)
		return 0;
	shop_cart_empty(s);
	shop_checkout_invalidate(s);
	return SHOP_CHANGED_CART | SHOP_CHANGED_CHECKOUT;
}

static void take_placed(shop *s, api_result *r)
{
	external_order_free(s->pl.order);
	s->pl.order = r->order;
	r->order = NULL;
	s->pl.state = SHOP_PLACE_DONE;
}

static void on_placed(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->pl.call, r))
		return;
	unsigned changes = SHOP_CHANGED_ORDER | SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_BUSY;
	place_outcome outcome = classify(r);
	if (outcome == PLACE_PLACED) {
		finish_entry(s, s->pl.key, JOURNAL_PLACED, r->order->gett_order_id);
		take_placed(s, r);
		s->co.active = false;
		changes |= settle_cart(s, s->pl.body);
		shop_checkout_invalidate(s);
		s->pl.state = SHOP_PLACE_DONE;
	} else if (outcome == PLACE_REFUSED &&
		   problem_has_code(r->problem, "ORDER_TOTAL_DIFFERENT")) {
		finish_entry(s, s->pl.key, JOURNAL_FAILED, NULL);
		shop_set_notice_from(s, r);
		s->pl.state = SHOP_PLACE_REVALIDATING;
		s->pl.after_total_different = true;
		shop_validate_now(s);
	} else if (outcome == PLACE_REFUSED) {
		finish_entry(s, s->pl.key, JOURNAL_FAILED, NULL);
		shop_set_notice_from(s, r);
		s->pl.state = SHOP_PLACE_FAILED;
	} else {
		char *why = shop_result_clause(s, r);
		char buf[1400];
		snprintf(
		    buf, sizeof buf,
		    _("The order could not be confirmed: %s. It may have gone through; placing "
		      "again (or the next start) asks the server with the same key, so it "
		      "cannot be placed twice."),
		    why);
		free(why);
		shop_set_notice(s, buf);
		shop_set_notice_support(s, r);
		s->pl.state = SHOP_PLACE_FAILED;
	}
	shop_notify(s, changes);
}

/* Replayable pending entries for this server other than `body`: an earlier order whose
   outcome is unknown is settled before a different one is placed. Entries past the replay
   window cannot be settled by a replay (resume reports them); they do not block. */
static bool others_pending(shop *s, const char *body)
{
	journal_entry *v;
	size_t n;
	char err[600] = "";
	if (!journal_pending(s->journal, s->base_url, &v, &n, NULL, err, sizeof err))
		return false;
	bool other = false;
	time_t now = time(NULL);
	for (size_t i = 0; i < n; i++)
		other = other || (strcmp(v[i].body, body) != 0 && journal_replay_safe(&v[i], now));
	journal_entries_free(v, n);
	return other;
}

static void send_order(shop *s)
{
	char *body = place_body(s);
	char err[4800] = "";
	str_list problems = {0};
	if (others_pending(s, body)) {
		free(body);
		s->pl.state = SHOP_PLACE_IDLE;
		shop_set_notice(s, _("An earlier order was never confirmed; it is being settled "
				     "first. Place again when it is done."));
		resume_start(s);
		return;
	}
	bool ok = journal_key_for_body(s->journal, s->base_url, body, s->pl.key, &problems, err,
				       sizeof err) &&
		  journal_begin(s->journal, s->pl.key, s->base_url, body, err, sizeof err);
	if (problems.n)
		shop_set_notice(s, problems.v[0]);
	str_list_clear(&problems);
	if (!ok) { /* never send what is not journaled */
		shop_set_notice(s, err);
		s->pl.state = SHOP_PLACE_FAILED;
		free(body);
		return;
	}
	api_handle *call = api_place_text(s->api, body, s->pl.key, on_placed, s);
	api_slot_start(&s->pl.call, call);
	s->pl.state = call ? SHOP_PLACE_SENDING : SHOP_PLACE_FAILED;
	free(s->pl.body);
	s->pl.body = body;
}

void shop_place_after_validation(shop *s)
{
	if (s->pl.state != SHOP_PLACE_REVALIDATING)
		return;
	if (s->co.state != SHOP_VALIDATION_VALID) {
		s->pl.state = SHOP_PLACE_FAILED;
		shop_set_notice(s, s->co.message ? s->co.message : _("The order is not valid."));
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

void shop_place(shop *s)
{
	shop_place_state st = s->pl.state;
	if (st == SHOP_PLACE_SENDING || st == SHOP_PLACE_REVALIDATING)
		return;
	if (s->replay.entries) {
		shop_set_notice(s, _("An earlier order is still being confirmed; place again when "
				     "it is done."));
	} else if (!s->n_payments) {
		s->pl.state = SHOP_PLACE_FAILED;
		shop_set_notice(s, _("No payment method is configured."));
	} else if (s->co.state == SHOP_VALIDATION_INVALID ||
		   s->co.state == SHOP_VALIDATION_FAILED) {
		shop_set_notice(s, s->co.message ? s->co.message : _("The order is not valid."));
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
		bool tip_changed = s->co.sent->amounts->tip != s->co.tip;
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

const external_order *shop_placed_order(const shop *s)
{
	return s->pl.order;
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
	} else {
		shop_set_notice_from(s, r);
	}
	shop_notify(s, SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY);
}

void shop_order_refresh(shop *s)
{
	if (!s->pl.order || !s->pl.order->gett_order_id)
		return;
	api_slot_start(&s->pl.refresh,
		       api_order_get(s->api, s->pl.order->gett_order_id, on_order_read, s));
	shop_notify(s, SHOP_CHANGED_BUSY);
}

/* ------------------------------------------------------------------ replays at start-up */

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
		finish_entry(s, e->key, JOURNAL_PLACED, r->order->gett_order_id);
		snprintf(buf, sizeof buf, _("Your earlier order was placed (order %s)."),
			 r->order->gett_order_id);
		shop_set_notice(s, buf);
		changes |= settle_cart(s, e->body);
		if (s->pl.state != SHOP_PLACE_SENDING && s->pl.state != SHOP_PLACE_REVALIDATING)
			take_placed(s, r);
	} else {
		char *why = shop_result_clause(s, r);
		if (outcome == PLACE_REFUSED) {
			finish_entry(s, e->key, JOURNAL_FAILED, NULL);
			snprintf(buf, sizeof buf, _("Your earlier order was not placed: %s."), why);
		} else {
			snprintf(buf, sizeof buf,
				 _("Your earlier order could not be confirmed yet: %s. It is asked "
				   "again at the next start."),
				 why);
		}
		free(why);
		shop_set_notice(s, buf);
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
			 _("An order from %s was never confirmed and is too old to replay safely; "
			   "check your orders before ordering it again."),
			 when);
		shop_set_notice(s, buf);
		free(v[i].base_url);
		free(v[i].body);
	}
	return kept;
}

/* Starts replaying; the caller notifies. */
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
	n = keep_replayable(s, v, n);
	if (!n) {
		free(v);
		return 0;
	}
	s->replay.entries = v;
	s->replay.n = n;
	s->replay.next = 0;
	replay_next(s);
	return s->replay.entries ? n : 0;
}

size_t shop_resume_pending(shop *s)
{
	size_t started = resume_start(s);
	shop_notify(s, started ? SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY : 0);
	return started;
}
