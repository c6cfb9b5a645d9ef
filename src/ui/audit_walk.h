/*
 * The render audit's walk (`gett-tui audit`, docs/audit.md): the views of a local shop driven
 * headless, as a customer would, at each screen size: every catalog, section and item row of
 * the menu, every item's picker (every row, scrolled to its end, and again with each option
 * that has groups of its own chosen, so nested groups are shown), and every item's details
 * (`i`). What the fit functions cut is read from their sink (widgets.h ui_set_cut_sink), what
 * can never be chosen or added from the rules (modifier_rules.h, pricing.h, orderable.h).
 */
#ifndef GETT_UI_AUDIT_WALK_H
#define GETT_UI_AUDIT_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "lint/lint_audit.h"
#include "ui/app.h"

typedef struct audit_size {
	int cols, rows;
} audit_size;

typedef struct audit_walk_options {
	const audit_size *sizes;
	size_t n_sizes;
	/* Where every screen is written as text, one file per screen named by its path
	   ("80x24/catalog-c/section-s/item-i/picker.txt", ids made safe for file names); NULL:
	   nowhere. */
	const char *out_dir;
} audit_walk_options;

/*
 * Walks a's shop (a local shop: shop_new_local, nothing pushed yet) into `report`, on a virtual
 * screen of its own. False when the screen cannot be made or a screen file cannot be written
 * (`why` says so; the report then holds what was found so far).
 */
bool audit_walk(app *a, const audit_walk_options *o, lint_audit_report *report, char *why,
		size_t why_len);

#endif
