/*
 * Local price previews (contract §4.1, §4.2). All amounts are integer cents;
 * validate's `amounts` stay authoritative.
 *
 * unit price  = item basePrice + Σ price of every selected option, recursively:
 *               an option line with quantity q fills q selection slots of its
 *               group and its own nested selections count q times.
 * slot price  = within a group with tiers, the k-th selection (wire order,
 *               expanded by quantity) costs the tier with the greatest
 *               offset ≤ k, or the option's basePrice when no tier starts that
 *               early; without tiers, always the option's basePrice.
 *
 * Pricing does not enforce modifier rules (modifier_rules.h does): it prices
 * whatever it can resolve and fails only on ids it cannot resolve, quantities
 * below 1, nesting deeper than PRICING_MAX_DEPTH and amounts beyond
 * MONEY_MAX_CENTS.
 */
#ifndef GETT_PRICING_H
#define GETT_PRICING_H

#include <stdbool.h>
#include <stddef.h>

#include "wire/cart.h"
#include "wire/catalog.h"
#include "base/money.h"

/* Nesting levels of option groups below an item (same bound as the rules engine). */
#define PRICING_MAX_DEPTH 16

typedef enum pricing_status {
	PRICING_OK,
	PRICING_UNKNOWN_ITEM,	/* the line's item id is not in the catalog set */
	PRICING_UNKNOWN_GROUP,	/* a selected group id is not in the catalog set */
	PRICING_UNKNOWN_OPTION, /* a selected option id is not in the catalog set */
	PRICING_BAD_QUANTITY,	/* a quantity below 1 */
	PRICING_TOO_DEEP,	/* nesting beyond PRICING_MAX_DEPTH, or a modifier cycle */
	PRICING_OVERFLOW,	/* an amount beyond ±MONEY_MAX_CENTS */
	PRICING_UNSATISFIABLE,	/* cheapest: a required group cannot be filled */
	PRICING_TOO_COMPLEX,	/* cheapest: the option graph exceeds the work budget */
} pricing_status;

typedef struct pricing_error {
	pricing_status status;
	char id[128];	   /* the offending item, group or option id */
	long line_index;   /* cart functions: the failing line, else -1 */
	char message[256]; /* for people, translated */
} pricing_error;

/* Each returns false and fills err (may be NULL) on failure; *out is then untouched. */
bool pricing_unit_price(const catalog_set *set, const line_item *line, money *out,
			pricing_error *err);
bool pricing_line_total(const catalog_set *set, const line_item *line, money *out,
			pricing_error *err);
bool pricing_cart_subtotal(const catalog_set *set, const cart *c, money *out, pricing_error *err);

/*
 * What the next selection of `option` in `group` would add right now, given the
 * current selection `sel` (may be NULL): the tier price for slot count(sel), or
 * the option's basePrice. Nested selections of the option are not included.
 */
money pricing_next_selection_price(const modifier_group *group, const cart_modifier_group *sel,
				   const catalog_item *option);

/*
 * What one option costs in the selection of `group` under `owner` (the line itself, or an
 * option line for nested groups), computed by the same code as pricing_unit_price, per unit
 * of `owner`:
 * - chosen: the option is selected; `amount` is what its option lines cost there (their
 *   slots, tier or basePrice in wire order, plus their nested selections). So the amounts of
 *   a group's chosen options add up to what the group adds to the unit price, and when
 *   tiers make the order matter each chosen option shows its own slot's price.
 * - not chosen: `amount` is what choosing it now would add (modifier_group_add on a copy:
 *   a single choice replaces the current one, a new option line starts from the option's own
 *   defaults); when the group is full (`can_add` false) it is the next slot's price.
 * `can_add`: modifier_group_can_add, i.e. one more of this option can be chosen now.
 * `tiered`: the group has tiers (an amount of 0 then reads "free"/"included").
 * False only when the selection cannot be priced (err says why).
 */
typedef struct pricing_charge {
	bool chosen;
	bool can_add;
	bool tiered;
	money amount;
} pricing_charge;

bool pricing_option_charge(const catalog_set *set, const line_item *owner,
			   const modifier_group *group, const char *option_id, pricing_charge *out,
			   pricing_error *err);

/*
 * The price of an item as every screen lists it (the menu row, a dish matched in discovery,
 * the picker's header), so that no screen promises less than the customer pays:
 * - startingAt present: "from $startingAt" when it differs from basePrice, else "$basePrice".
 *   startingAt is display-only (contract §4.1): nothing is ever computed from it.
 * - startingAt absent: X = the cheapest complete configuration (pricing_cheapest, basePrice
 *   when it cannot be computed); "from $X" when X differs from basePrice, else "$X".
 * - either way a bare "$X" becomes "from $X" when the configuration the picker opens with
 *   (modifier_line_from_defaults) costs more than X.
 * `set` NULL (no catalog to price with): the first rule only, basePrice without startingAt.
 * `compare_at` (strikethrough) is shown only above `amount`.
 */
typedef struct pricing_shown {
	money amount;
	bool from;
} pricing_shown;

pricing_shown pricing_shown_price(money base_price, bool has_starting_at, money starting_at);
pricing_shown pricing_item_shown(const catalog_set *set, const catalog_item *item);
/* "$11.00" or "from $13.00" (translated). Writes into buf and returns it. */
const char *pricing_shown_text(pricing_shown shown, char *buf, size_t n);
/* The item's compareAt when it is shown (struck through, and as the saving): only above the
   shown amount, so that no screen promises a saving another does not show. 0 when none. */
money pricing_shown_was(const catalog_item *item, pricing_shown shown);
const char *pricing_item_price_text(const catalog_set *set, const catalog_item *item, char *buf,
				    size_t n);

/*
 * Cheapest valid configuration of an item (what `startingAt` should be):
 * basePrice plus, for every group with minimumAllowed > 0, the cheapest way to
 * fill exactly that minimum, counting tiers, duplicates and the options' own
 * required groups. An option that leads back to an item on the current path
 * (a cycle) or nests too deeply is treated as not choosable. Group ids an item
 * lists but the set lacks are ignored (lint reports dangling ids). When no configuration
 * exists (PRICING_UNSATISFIABLE), err->id is the group that cannot be filled and the message
 * names it as the picker does (its name; the id when it has none).
 */
bool pricing_cheapest(const catalog_set *set, const char *item_id, money *out, pricing_error *err);

/*
 * The group's tiers in words, e.g. "first 2 free, then $1.50 each", "$1.00 each",
 * "first one at regular price, then $0.50 each". Empty string without tiers.
 */
const char *pricing_tiers_text(const modifier_group *group, char *buf, size_t n);

#endif
