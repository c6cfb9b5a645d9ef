/* Shared catalog fixtures for test_pricing and test_modifier_rules. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_fixtures.h"
#include "base/collections.h"

const char FIXTURE_PIZZA[] =
    "{'catalogs': {}, 'sections': {},"
    " 'items': {"
    "  'pizza': {'name': 'Pizza', 'basePrice': 12.00, 'startingAt': 15.00,"
    "            'modifierGroupIds': ['size', 'toppings']},"
    "  'large': {'name': 'Large', 'basePrice': 3.00},"
    "  'xl': {'name': 'Extra Large', 'basePrice': 4.50},"
    "  'pepperoni': {'name': 'Pepperoni', 'basePrice': 2.00},"
    "  'olives': {'name': 'Olives', 'basePrice': 1.00},"
    "  'mushrooms': {'name': 'Mushrooms', 'basePrice': 1.00},"
    "  'salad': {'name': 'Side Salad', 'basePrice': 4.00}},"
    " 'modifierGroups': {"
    "  'size': {'name': 'Choose Size', 'itemIds': ['large', 'xl'],"
    "           'minimumAllowed': 1, 'maximumAllowed': 1},"
    "  'toppings': {'name': 'Toppings', 'itemIds': ['pepperoni', 'olives', 'mushrooms'],"
    "               'minimumAllowed': 0, 'maximumAllowed': 5, 'enableDuplicateItems': true,"
    "               'tiers': [{'offset': 0, 'price': 0.00}, {'offset': 2, 'price': 1.50}]},"
    "  'extras': {'name': 'Extras', 'itemIds': ['salad'],"
    "             'minimumAllowed': 0, 'maximumAllowed': 1}}}";

const char FIXTURE_BAGELS[] =
    "{'catalogs': {}, 'sections': {},"
    " 'items': {"
    "  'dozen': {'name': 'Bagel Dozen', 'basePrice': 14.00, 'modifierGroupIds': ['bagels']},"
    "  'plain': {'name': 'Plain', 'basePrice': 0.10},"
    "  'sesame': {'name': 'Sesame', 'basePrice': 0.20},"
    "  'everything': {'name': 'Everything', 'basePrice': 0.30},"
    "  'poppy': {'name': 'Poppy', 'basePrice': 0.20}},"
    " 'modifierGroups': {"
    "  'bagels': {'name': 'Choose your bagels',"
    "             'itemIds': ['plain', 'sesame', 'everything', 'poppy'],"
    "             'minimumAllowed': 12, 'maximumAllowed': 12, 'enableDuplicateItems': true}}}";

const char FIXTURE_SANDWICH[] =
    "{'catalogs': {}, 'sections': {},"
    " 'items': {"
    "  'sandwich': {'name': 'Sandwich', 'basePrice': 7.00,"
    "               'modifierGroupIds': ['cheese', 'bread', 'addons', 'sauces']},"
    "  'wrap': {'name': 'Wrap', 'basePrice': 6.00,"
    "           'modifierGroupIds': ['wrapsauce', 'wrapcheese', 'wrapbread']},"
    "  'cheddar': {'name': 'Cheddar', 'basePrice': 0.50},"
    "  'swiss': {'name': 'Swiss', 'basePrice': 0.60},"
    "  'brie': {'name': 'Brie', 'basePrice': 1.00},"
    "  'white': {'name': 'White', 'basePrice': 0.00},"
    "  'rye': {'name': 'Rye', 'basePrice': 0.25},"
    "  'bacon': {'name': 'Bacon', 'basePrice': 1.50},"
    "  'mayo': {'name': 'Mayo', 'basePrice': 0.10},"
    "  'mustard': {'name': 'Mustard', 'basePrice': 0.10},"
    "  'ketchup': {'name': 'Ketchup', 'basePrice': 0.10}},"
    " 'modifierGroups': {"
    "  'cheese': {'name': 'Cheese', 'itemIds': ['cheddar', 'swiss', 'brie'],"
    "             'minimumAllowed': 0, 'maximumAllowed': 3},"
    "  'bread': {'name': 'Choose Bread', 'itemIds': ['white', 'rye'],"
    "            'minimumAllowed': 1, 'maximumAllowed': 1,"
    "            'defaultItems': [{'itemId': 'rye', 'quantity': 1}]},"
    "  'addons': {'name': 'Add-ons', 'itemIds': ['bacon'],"
    "             'minimumAllowed': 0, 'maximumAllowed': 0},"
    "  'sauces': {'name': 'Sauces', 'itemIds': ['mayo', 'mustard', 'ketchup'],"
    "             'minimumAllowed': 0, 'maximumAllowed': 3, 'enableDuplicateItems': true,"
    "             'defaultItems': [{'itemId': 'mayo', 'quantity': 2}]},"
    "  'wrapsauce': {'name': 'Sauces', 'itemIds': ['mayo', 'mustard', 'ketchup'],"
    "                'minimumAllowed': 0, 'maximumAllowed': 3, 'enableDuplicateItems': true,"
    "                'defaultItems': [{'itemId': 'mayo', 'quantity': 2},"
    "                                 {'itemId': 'bacon', 'quantity': 1},"
    "                                 {'itemId': 'mustard', 'quantity': 2},"
    "                                 {'itemId': 'ketchup', 'quantity': 1}]},"
    "  'wrapcheese': {'name': 'Cheese', 'itemIds': ['cheddar', 'swiss', 'ghost'],"
    "                 'minimumAllowed': 0, 'maximumAllowed': 2,"
    "                 'defaultItems': [{'itemId': 'cheddar', 'quantity': 2},"
    "                                  {'itemId': 'ghost', 'quantity': 1},"
    "                                  {'itemId': 'cheddar', 'quantity': 1}]},"
    "  'wrapbread': {'name': 'Choose Bread', 'itemIds': ['white', 'rye'],"
    "                'minimumAllowed': 1, 'maximumAllowed': 1}}}";

const char FIXTURE_MEAL[] =
    "{'catalogs': {}, 'sections': {},"
    " 'items': {"
    "  'meal': {'name': 'Meal', 'basePrice': 10.00, 'modifierGroupIds': ['main']},"
    "  'burger': {'name': 'Burger', 'basePrice': 5.00, 'modifierGroupIds': ['side']},"
    "  'wrapx': {'name': 'Wrap', 'basePrice': 8.00},"
    "  'salad': {'name': 'Salad', 'basePrice': 3.00, 'modifierGroupIds': ['dressing']},"
    "  'fries': {'name': 'Fries', 'basePrice': 2.50},"
    "  'ranch': {'name': 'Ranch', 'basePrice': 0.75},"
    "  'vinaigrette': {'name': 'Vinaigrette', 'basePrice': 0.50}},"
    " 'modifierGroups': {"
    "  'main': {'name': 'Choose Main', 'itemIds': ['burger', 'wrapx'],"
    "           'minimumAllowed': 1, 'maximumAllowed': 2, 'enableDuplicateItems': true},"
    "  'side': {'name': 'Side', 'itemIds': ['salad', 'fries'],"
    "           'minimumAllowed': 1, 'maximumAllowed': 2,"
    "           'tiers': [{'offset': 1, 'price': 1.00}]},"
    "  'dressing': {'name': 'Choose Dressing', 'itemIds': ['ranch', 'vinaigrette'],"
    "               'minimumAllowed': 1, 'maximumAllowed': 1,"
    "               'defaultItems': [{'itemId': 'ranch', 'quantity': 1}]}}}";

const char FIXTURE_CYCLE[] =
    "{'catalogs': {}, 'sections': {},"
    " 'items': {"
    "  'alpha': {'name': 'Alpha', 'basePrice': 1.00, 'modifierGroupIds': ['ga']},"
    "  'beta': {'name': 'Beta', 'basePrice': 2.00, 'modifierGroupIds': ['gb']},"
    "  'delta': {'name': 'Delta', 'basePrice': 1.00, 'modifierGroupIds': ['gd']},"
    "  'echo': {'name': 'Echo', 'basePrice': 2.00, 'modifierGroupIds': ['ge']},"
    "  'cherry': {'name': 'Cherry', 'basePrice': 0.50}},"
    " 'modifierGroups': {"
    "  'ga': {'name': 'Pick Beta', 'itemIds': ['beta'], 'minimumAllowed': 1,"
    "         'maximumAllowed': 1, 'defaultItems': [{'itemId': 'beta', 'quantity': 1}]},"
    "  'gb': {'name': 'Pick Alpha', 'itemIds': ['alpha'], 'minimumAllowed': 1,"
    "         'maximumAllowed': 1, 'defaultItems': [{'itemId': 'alpha', 'quantity': 1}]},"
    "  'gd': {'name': 'Pick One', 'itemIds': ['echo', 'cherry'], 'minimumAllowed': 1,"
    "         'maximumAllowed': 1},"
    "  'ge': {'name': 'Pick Delta', 'itemIds': ['delta'], 'minimumAllowed': 1,"
    "         'maximumAllowed': 1}}}";

static json_t *parse_quoted(const char *single_quoted_json)
{
	char *text = xstrdup(single_quoted_json);
	for (char *p = text; *p; p++)
		if (*p == '\'')
			*p = '"';
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	free(text);
	if (!root)
		fail_msg("fixture is not JSON: %s (line %d, column %d)", jerr.text, jerr.line,
			 jerr.column);
	return root;
}

catalog_set *fixture_catalog(const char *single_quoted_json)
{
	json_t *root = parse_quoted(single_quoted_json);
	json_err err = {{0}, {0}};
	catalog_set *set = catalog_set_from_json(root, &err);
	json_decref(root);
	if (!set) {
		char text[600];
		fail_msg("fixture catalog rejected: %s", json_err_text(&err, text, sizeof text));
	}
	return set;
}

void fixture_line(const char *single_quoted_json, line_item *out)
{
	json_t *root = parse_quoted(single_quoted_json);
	json_err err = {{0}, {0}};
	bool ok = line_item_from_json(root, "$", out, &err);
	json_decref(root);
	if (!ok) {
		char text[600];
		fail_msg("fixture line rejected: %s", json_err_text(&err, text, sizeof text));
	}
}

catalog_set *fixture_chain(int n)
{
	size_t cap = 256 + (size_t)n * 200;
	char *json = xmalloc(cap);
	size_t len = (size_t)snprintf(json, cap, "{'catalogs': {}, 'sections': {}, 'items': {");
	for (int k = 0; k <= n; k++)
		len += (size_t)snprintf(json + len, cap - len,
					"%s'c%d': {'name': 'Level %d', 'basePrice': 1.00,"
					" 'modifierGroupIds': ['g%d']}",
					k ? ", " : "", k, k, k);
	len += (size_t)snprintf(json + len, cap - len, "}, 'modifierGroups': {");
	for (int k = 0; k <= n; k++)
		len += (size_t)snprintf(json + len, cap - len,
					"%s'g%d': {'name': 'Next', 'itemIds': ['c%d'],"
					" 'minimumAllowed': 0, 'maximumAllowed': 1}",
					k ? ", " : "", k, k + 1);
	snprintf(json + len, cap - len, "}}");
	catalog_set *set = fixture_catalog(json);
	free(json);
	return set;
}
