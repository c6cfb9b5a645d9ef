/*
 * Modifier rules (contract §4.3) as a pure engine over a catalog_set and the
 * picker's selection state, which is simply a line_item: its groups hold the
 * chosen option lines, and each option line may hold nested groups.
 *
 *   count(group)  = Σ quantities of its option lines
 *   valid         = minimumAllowed ≤ count ≤ maximumAllowed (a literal cap; 0 = none)
 *   duplicates    = without enableDuplicateItems an option appears once, quantity 1
 *   membership    = options must be in the group's itemIds, groups in the owner's
 *                   modifierGroupIds, every id in the catalog set
 *
 * Nested groups obey the same rules. A selection that nests an item inside
 * itself, or deeper than MODIFIER_MAX_DEPTH, is reported and not descended.
 */
#ifndef GETT_MODIFIER_RULES_H
#define GETT_MODIFIER_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "wire/cart.h"
#include "wire/catalog.h"
#include "base/collections.h"

#define MODIFIER_MAX_DEPTH 16
/* A comfortable size for reason and rule-text buffers. */
#define MODIFIER_TEXT_MAX 160

typedef enum modifier_code {
	MODIFIER_REQUIRED,		/* fewer selections than minimumAllowed */
	MODIFIER_TOO_MANY,		/* more selections than maximumAllowed */
	MODIFIER_DUPLICATE_NOT_ALLOWED, /* repeated option or quantity > 1 without duplicates */
	MODIFIER_NOT_AN_OPTION,		/* option exists but is not in the group's itemIds */
	MODIFIER_ITEM_UNAVAILABLE,	/* unknown item/group/option id, or group not on the item */
	MODIFIER_BAD_QUANTITY,		/* quantity below 1 */
	MODIFIER_GROUP_REPEATED,	/* the same group selected twice on one line */
	MODIFIER_CYCLE,			/* an item nested inside itself, or nesting too deep */
} modifier_code;

typedef struct modifier_problem {
	modifier_code code;
	char *item_id;	/* item (or option) whose group is concerned; the line's item for item-level
			   problems */
	char *group_id; /* NULL for item-level problems */
	char *option_id; /* the offending option, or NULL for group-level problems */
	/*
	 * Ids leading from the line to the problem, alternating group and option:
	 * [group] or [group, option] at the top level, [group, option, group, ...]
	 * deeper. Empty for item-level problems. The UI follows it to put the cursor
	 * on the group (or option).
	 */
	str_list path;
	/*
	 * The same place as a JSON path relative to the line, "" for the line itself:
	 * ".modifierGroups[0].items[2]". A group without a selection entry yet points
	 * at its owner line.
	 */
	char *json_path;
	long long count; /* the group's selection count, for count problems */
	char *message;	 /* for people, translated: "Size: choose 1 more" */
} modifier_problem;

typedef struct modifier_problems {
	modifier_problem *v;
	size_t n;
} modifier_problems;

void modifier_problems_clear(modifier_problems *problems);
/* The errorCode the server uses for this problem (contract §2.8, §4.3, §5). */
const char *modifier_code_wire(modifier_code code);

/* ---------------------------------------------------------------- groups in words */

/* Σ quantities (quantities below 1 count as 0); 0 for NULL. */
long long modifier_group_count(const cart_modifier_group *sel);
/* Single choice: maximumAllowed == 1, so choosing another option replaces the current one. */
bool modifier_group_is_radio(const modifier_group *group);
/* The group's name exactly as the catalog has it ("Choose your Crust", "A la carte"), or its
   id when it has none; never rewritten (docs/tui.md "Names as the catalog has them"). */
const char *modifier_group_label(const modifier_group *group);
/* "Choose 1", "Choose up to 3", "Choose 12", "Choose 2 to 4", "Optional", "Not available". */
const char *modifier_group_rule_text(const modifier_group *group, char *buf, size_t n);

/* ---------------------------------------------------------------- building a selection */

/*
 * A fresh selection for item_id (quantity 1) with every group pre-filled from
 * its defaultItems, recursively for the defaults' own groups. Invalid defaults
 * never fail the call: an option outside the group, unknown or nested inside
 * itself is skipped; a quantity beyond the duplicate rule or the group's
 * remaining maximum is clamped; each is appended to `report` (may be NULL).
 * Returns false (and reports) only when item_id is unknown; *out is then empty.
 */
bool modifier_line_from_defaults(const catalog_set *set, const char *item_id, line_item *out,
				 modifier_problems *report);

/*
 * Editing one group of `owner` (the line, or an option line for nested groups).
 * `reason` (may be NULL) receives why an operation is refused, or a note on
 * success ("Replaces Small" for radio groups; empty otherwise).
 *
 * Radio groups (maximumAllowed 1): adding another option replaces the current
 * one rather than being refused. Adding an option that is already chosen in a
 * duplicates group raises the quantity of its last option line; a new option
 * line starts from the option's own defaults. Emptied groups are dropped.
 */
bool modifier_group_can_add(const catalog_set *set, const cart_modifier_group *sel,
			    const modifier_group *group, const char *option_id, char *reason,
			    size_t n);
bool modifier_group_can_remove(const cart_modifier_group *sel, const modifier_group *group,
			       const char *option_id, char *reason, size_t n);
bool modifier_group_add(const catalog_set *set, line_item *owner, const modifier_group *group,
			const char *option_id, char *reason, size_t n);
/* Removes one unit: the last option line for option_id loses 1 (and goes at 0). */
bool modifier_group_remove(line_item *owner, const modifier_group *group, const char *option_id,
			   char *reason, size_t n);
/* Sets the option's total quantity in the group (0 removes it), within the rules. */
bool modifier_group_set_quantity(const catalog_set *set, line_item *owner,
				 const modifier_group *group, const char *option_id,
				 long long quantity, char *reason, size_t n);

/* ---------------------------------------------------------------- checking */

/*
 * Appends every problem of `line` to `out` (may be NULL) in picker order: the
 * item's groups in modifierGroupIds order, each group's own count problem
 * before its options' problems (depth first), then selections for groups the
 * item does not offer. So out->v[0] is where the cursor should go.
 * Returns true when there is no problem.
 */
bool modifier_check_line(const catalog_set *set, const line_item *line, modifier_problems *out);
bool modifier_line_is_complete(const catalog_set *set, const line_item *line);

#endif
