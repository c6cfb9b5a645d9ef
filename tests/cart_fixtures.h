/* Cart fixtures shared by the cart tests (test_cart.c, test_cart_file.c). */
#ifndef GETT_TESTS_CART_FIXTURES_H
#define GETT_TESTS_CART_FIXTURES_H

/* Pizza -> toppings -> pepperoni -> cook -> crispy -> finish -> oil: three selection levels.
   The soda line has an unknown member, which parsing drops. */
static const char *const nested_cart_json =
    "{\"storeId\": \"store-1\", \"catalogSetId\": \"cs-1\", \"lineItems\": ["
    " {\"lineItemId\": \"L1\", \"itemId\": \"pizza\", \"quantity\": 2, \"modifierGroups\": ["
    "   {\"modifierGroupId\": \"size\", \"items\": [{\"itemId\": \"large\", \"quantity\": 1}]},"
    "   {\"modifierGroupId\": \"toppings\", \"items\": ["
    "     {\"itemId\": \"pepperoni\", \"quantity\": 2, \"modifierGroups\": ["
    "       {\"modifierGroupId\": \"cook\", \"items\": ["
    "         {\"itemId\": \"crispy\", \"quantity\": 1, \"modifierGroups\": ["
    "           {\"modifierGroupId\": \"finish\", \"items\": ["
    "             {\"itemId\": \"oil\", \"quantity\": 3}]}]}]}]},"
    "     {\"itemId\": \"olives\", \"quantity\": 1}]}]},"
    " {\"itemId\": \"soda\", \"quantity\": 1, \"unknown\": true}"
    "]}";

#endif
