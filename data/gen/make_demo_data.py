#!/usr/bin/env python3
"""Generate the gett-sandbox demo data set.

Writes, relative to the data/ directory (the parent of this script's folder):

  stores.json                     {"stores": [Store, ...]}   (+ non-wire "_sandbox" per store)
  catalogs/<catalogSetId>.json    one ExternalCatalogSet per store
  users.json                      {"users": [...]}

Standard library only; deterministic (ids are hashes of stable keys, every random
choice comes from random.Random seeded with SEED and the store's stem).  Running it
twice produces byte-identical files.  The whole data set is validated before anything
is written (validate_all); any problem aborts with a list of errors.

Usage:  python3 data/gen/make_demo_data.py [--check]   (--check: validate, write nothing)
"""

import hashlib
import itertools
import json
import math
import os
import random
import re
import sys
import unicodedata
import uuid
from decimal import Decimal

SEED = 20260311
HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.dirname(HERE)
IMG = "https://img.example.com"
TZ = "America/Los_Angeles"
SEATTLE = (47.6062, -122.3321)

DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
WEEKDAYS = DAYS[1:6]
ALL = DAYS

GUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HMS_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$")
E164_RE = re.compile(r"^\+1206[0-9]{7}$|^\+1[2-9][0-9]{9}$")
SYNTHETIC_TAGS = {"Closest", "Popular", "Savings", "Exclusive"}


# --------------------------------------------------------------------------- helpers

def guid(key):
    """Deterministic uuid4-looking lowercase GUID derived from a stable key."""
    digest = hashlib.sha256(("gett-sandbox/demo/" + key).encode("utf-8")).digest()[:16]
    return str(uuid.UUID(bytes=digest, version=4))


def money(cents):
    """Dollars as a JSON-friendly float built from integer cents; asserts the repr round-trips."""
    assert isinstance(cents, int) and not isinstance(cents, bool), cents
    assert cents >= 0, cents
    x = round(cents / 100, 2)
    text = json.dumps(x)
    assert Decimal(text) * 100 == cents, (cents, text)
    assert len(text.split(".")[1]) <= 2 if "." in text else True, text
    return x


def cents_of(x):
    """Inverse of money() via the JSON text (never via float arithmetic)."""
    text = json.dumps(x)
    d = Decimal(text) * 100
    if d != d.to_integral_value():
        raise ValueError("more than 2 decimals: " + text)
    return int(d)


def hms(t):
    return t if len(t) == 8 else t + ":00"


def weekly(*rules):
    """weekly((days, [(start, end), ...]), ...) -> sorted availability windows."""
    out = []
    for days, spans in rules:
        for d in days:
            for s, e in spans:
                out.append({"dayOfWeek": d, "start": hms(s), "end": hms(e)})
    out.sort(key=lambda w: (DAYS.index(w["dayOfWeek"]), w["start"]))
    return out


H247 = weekly((ALL, [("00:00", "00:00")]))


def slugify(text):
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t


def miles(a, b):
    (la1, lo1), (la2, lo2) = a, b
    r = 3958.7613
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def compare_for(cents, pct):
    """A believable 'was' price roughly pct% above the sale price, ending in 9."""
    c = math.ceil(cents * 100 / (100 - pct))
    c = ((c + 9) // 10) * 10 - 1
    return c if c > cents else cents + 100


# --------------------------------------------------------------------------- catalog builder

class Menu:
    def __init__(self, stem, rng, savings=None, image_rate=0.85):
        self.stem = stem
        self.rng = rng
        self.savings = savings
        self.image_rate = image_rate
        self.catalogs, self.sections, self.items, self.groups = {}, {}, {}, {}
        self.menu_items = set()
        self.by_name = {}
        self._keys = set()

    def _id(self, kind, name):
        base = "%s/%s/%s" % (self.stem, kind, name)
        key, n = base, 2
        while key in self._keys:
            key = "%s#%d" % (base, n)
            n += 1
        self._keys.add(key)
        return guid(key)

    def item(self, name, cents, desc="", groups=(), compare=None, image=None, option_of=None):
        iid = self._id("option/" + option_of if option_of else "item", name)
        it = {"itemId": iid, "name": name, "description": desc, "basePrice": money(cents)}
        if option_of is None:
            if compare is None and self.savings and self.rng.random() < 0.45:
                compare = compare_for(cents, self.savings)
            if compare:
                assert compare > cents, (name, compare, cents)
                it["compareAt"] = money(compare)
            if image is None:
                image = self.rng.random() < self.image_rate
            if image:
                it["imageUrl"] = "%s/items/%s/%s-%s.jpg" % (IMG, self.stem, slugify(name) or "item", iid[:8])
        it["modifierGroupIds"] = list(groups)
        self.items[iid] = it
        if option_of is None:
            self.menu_items.add(iid)
            self.by_name.setdefault(name, iid)
        return iid

    def group(self, name, options, mn, mx, dup=False, defaults=(), tiers=()):
        """options: [(name, cents) | (name, cents, [nested group ids])]."""
        gid = self._id("group", name)
        ids, by = [], {}
        for o in options:
            nested = o[2] if len(o) > 2 else ()
            oid = self.item(o[0], o[1], o[3] if len(o) > 3 else "", nested, option_of=name)
            ids.append(oid)
            by[o[0]] = oid
        self.groups[gid] = {
            "modifierGroupId": gid,
            "name": name,
            "itemIds": ids,
            "minimumAllowed": mn,
            "maximumAllowed": mx,
            "enableDuplicateItems": dup,
            "defaultItems": [{"itemId": by[n], "quantity": q} for n, q in defaults],
            "tiers": [{"offset": off, "price": money(c)} for off, c in tiers],
        }
        return gid

    def section(self, name, item_ids=(), child_ids=()):
        sid = self._id("section", name)
        self.sections[sid] = {"sectionId": sid, "name": name, "itemIds": list(item_ids),
                              "sectionIds": list(child_ids)}
        return sid

    def catalog(self, name, section_ids, availability):
        cid = self._id("catalog", name)
        self.catalogs[cid] = {"catalogId": cid, "name": name, "sectionIds": list(section_ids),
                              "availability": availability}
        return cid

    def finish(self, store_id, catalog_set_id):
        items = {}
        for iid, it in self.items.items():
            out = {k: it[k] for k in ("itemId", "name", "description", "basePrice")}
            if iid in self.menu_items and any(self.groups[g]["minimumAllowed"] > 0
                                              for g in it["modifierGroupIds"]):
                out["startingAt"] = money(min_item_cost(iid, self.items, self.groups))
            for k in ("compareAt", "imageUrl", "modifierGroupIds"):
                if k in it:
                    out[k] = it[k]
            items[iid] = out
        return {"catalogSetId": catalog_set_id, "storeId": store_id, "catalogs": self.catalogs,
                "sections": self.sections, "items": items, "modifierGroups": self.groups}


def simple_menu(m, groups, sections, hours, catalogs=None):
    """Small DSL for hand-written menus.

    groups:   {key: (name, min, max, [(opt, cents[, [nested keys]]), ...][, kwargs])}
    sections: [(section name, [(item, cents, desc[, [group keys][, kwargs]]) | "@existing item"])]
    catalogs: [(catalog name, availability, [section names])]; default one "Menu" at store hours.
    """
    built = {}

    def g(key):
        if key not in built:
            spec = groups[key]
            name, mn, mx, opts = spec[:4]
            kw = spec[4] if len(spec) > 4 else {}
            resolved = [(o[0], o[1], [g(k) for k in (o[2] if len(o) > 2 else ())]) for o in opts]
            built[key] = m.group(name, resolved, mn, mx, **kw)
        return built[key]

    sec_ids = {}
    for sname, entries in sections:
        ids = []
        for e in entries:
            if isinstance(e, str):
                ids.append(m.by_name[e[1:]])
                continue
            kw = e[4] if len(e) > 4 else {}
            ids.append(m.item(e[0], e[1], e[2], [g(k) for k in (e[3] if len(e) > 3 else ())], **kw))
        sec_ids[sname] = m.section(sname, ids)
    if catalogs is None:
        catalogs = [("Menu", hours, [s for s, _ in sections])]
    for cname, avail, snames in catalogs:
        m.catalog(cname, [sec_ids[s] for s in snames], avail)


# --------------------------------------------------------------------------- pricing helpers
# Used both to fill startingAt and by the validator (contract §4.1-4.3).

def _tier_price(tiers, k):
    best = None
    for t in tiers:
        if t["offset"] <= k and (best is None or t["offset"] > best["offset"]):
            best = t
    return None if best is None else cents_of(best["price"])


def min_item_cost(iid, items, groups, _stack=None):
    """Cheapest orderable configuration of an item, in cents, or None if unorderable."""
    stack = _stack or set()
    if iid in stack:
        return None
    stack = stack | {iid}
    total = cents_of(items[iid]["basePrice"])
    for gid in items[iid]["modifierGroupIds"]:
        c = min_group_cost(gid, items, groups, stack)
        if c is None:
            return None
        total += c
    return total


def min_group_cost(gid, items, groups, stack):
    g = groups[gid]
    m = g["minimumAllowed"]
    if m == 0:
        return 0
    opts = []
    for oid in g["itemIds"]:
        nested = 0
        for ngid in items[oid]["modifierGroupIds"]:
            c = min_group_cost(ngid, items, groups, stack | {oid})
            if c is None:
                nested = None
                break
            nested += c
        if nested is not None:
            opts.append((cents_of(items[oid]["basePrice"]), nested))
    tiers = g.get("tiers") or []

    def slot(k, o):
        tp = _tier_price(tiers, k)
        return (o[0] if tp is None else tp) + o[1]

    if g.get("enableDuplicateItems"):
        if not opts:
            return None
        return sum(min(slot(k, o) for o in opts) for k in range(m))
    if len(opts) < m:
        return None
    if len(opts) <= 8 and m <= 4:
        return min(sum(slot(k, o) for k, o in enumerate(p)) for p in itertools.permutations(opts, m))
    untiered = {_tier_price(tiers, k) is None for k in range(m)}
    assert len(untiered) == 1, "mixed tier slots in a large non-duplicate group " + g["name"]
    if untiered == {True}:
        return sum(sorted(o[0] + o[1] for o in opts)[:m])
    return sum(_tier_price(tiers, k) for k in range(m)) + sum(sorted(o[1] for o in opts)[:m])


# =========================================================================== MENUS

def menu_pizza(m, hours):
    groups = {
        "size": ("Size", 1, 1, [('Small (10")', 200), ('Medium (12")', 400), ('Large (16")', 700)],
                 {"defaults": [('Medium (12")', 1)]}),
        "crust": ("Crust", 1, 1, [("Classic Hand-Tossed", 0), ("Thin & Crispy", 0),
                                  ("Gluten-Free Cauliflower", 300)],
                  {"defaults": [("Classic Hand-Tossed", 1)]}),
        "toppings": ("Toppings", 0, 5, [("Pepperoni", 200), ("Italian Sausage", 225), ("Mushrooms", 125),
                                        ("Black Olives", 100), ("Jalapeño", 100), ("Red Onion", 75),
                                        ("Fresh Basil", 75), ("Pineapple", 125), ("Extra Mozzarella", 175)],
                     {"dup": True, "tiers": [(0, 0), (2, 150)]}),
        "dips": ("Dipping Sauces", 0, 4, [("Ranch", 75), ("Garlic Butter", 75), ("Marinara", 50),
                                          ("Hot Honey 🔥", 100)], {"dup": True}),
        "dressing": ("Dressing", 1, 1, [("Caesar", 0), ("Balsamic Vinaigrette", 0), ("Ranch", 0)],
                     {"defaults": [("Caesar", 1)]}),
    }
    P = ["size", "crust", "toppings"]
    sections = [
        ("🍕 Pizzas", [
            ("Build Your Own Pizza", 1100, "House red sauce and whole-milk mozzarella on our 48-hour dough. "
             "Your first two toppings are free, every topping after that is $1.50.", P),
            ("Margherita", 1200, "San Marzano tomato, fresh mozzarella, basil, extra-virgin olive oil.", P),
            ("Pepperoni Classic", 1350, "Cup-and-char pepperoni, mozzarella, oregano.", P),
            ("Hot Honey Soppressata 🔥", 1450, "Spicy soppressata, mozzarella, Calabrian chili, hot honey drizzle.", P),
            ("Capitol Hill Garden Veggie", 1350, "Mushrooms, peppers, red onion, olives, spinach, feta.", P),
            ("The Everything-But-The-Kitchen-Sink Supreme with Double Cheese & Extra Pepperoni", 1750,
             "Pepperoni, sausage, mushrooms, peppers, onions, olives and twice the mozzarella. Bring friends.", P),
            ("Jalapeño Popper Pizza", 1450, "Cream cheese, cheddar, fresh jalapeño, bacon, garlic crumbs.", P),
        ]),
        ("Sides", [
            ("Garlic Knots (6)", 650, "Brushed with garlic butter and parmesan.", ["dips"]),
            ("Jalapeño Poppers", 795, "Cheddar-stuffed, beer-battered.", ["dips"]),
            ("Caesar Salad", 895, "Romaine, parmesan, garlic croutons.", ["dressing"]),
            ("Meatballs in Marinara", 995, "Three beef-and-pork meatballs, whipped ricotta."),
        ]),
        ("Desserts", [
            ("Tiramisu", 750, "Espresso-soaked ladyfingers, mascarpone, cocoa."),
            ("Cannoli (2)", 695, "Crisp shells piped to order with sweet ricotta and chocolate chips."),
            ("Nutella Calzone", 895, "Folded dough, Nutella, powdered sugar."),
        ]),
        ("Drinks", [
            ("Mexican Coca-Cola", 350, "355 ml glass bottle.", [], {"image": False}),
            ("San Pellegrino Limonata", 300, "330 ml can.", [], {"image": False}),
            ("Bottled Water", 200, "", [], {"image": False}),
        ]),
    ]
    simple_menu(m, groups, sections, hours)


def menu_bagels(m, hours):
    groups = {
        "bagel": ("Choose Your Bagel", 1, 1, [("Plain", 0), ("Everything", 0), ("Sesame", 0), ("Poppy Seed", 0),
                                              ("Cinnamon Raisin", 0), ("Jalapeño Cheddar", 50), ("Salt", 0),
                                              ("Pumpernickel", 0)], {"defaults": [("Everything", 1)]}),
        "spread": ("Schmear", 0, 2, [("Plain Cream Cheese", 175), ("Scallion Cream Cheese", 195),
                                     ("Lox Spread", 275), ("Honey Walnut", 195), ("Vegan Tofu Spread", 195),
                                     ("Butter", 75)]),
        "toast": ("Toasted?", 0, 1, [("Toast it", 0)]),
        "dozen": ("Choose 12 bagels", 12, 12, [("Plain", 0), ("Everything", 0), ("Sesame", 0),
                                               ("Jalapeño Cheddar", 50)], {"dup": True}),
        "half": ("Choose 6 bagels", 6, 6, [("Plain", 0), ("Everything", 0), ("Sesame", 0), ("Poppy Seed", 0)],
                 {"dup": True, "defaults": [("Plain", 2), ("Everything", 2), ("Sesame", 2)]}),
        "tub": ("Add Cream Cheese Tubs (8 oz)", 0, 3, [("Plain Tub", 650), ("Scallion Tub", 695), ("Lox Tub", 850)],
                {"dup": True}),
        "egg": ("Egg Style", 1, 1, [("Scrambled", 0), ("Fried", 0), ("Egg Whites", 100)],
                {"defaults": [("Scrambled", 1)]}),
        "meat": ("Add Meat", 0, 2, [("Bacon", 250), ("Sausage Patty", 250), ("Smoked Ham", 225),
                                    ("Turkey Bacon", 275)]),
        "csize": ("Size", 1, 1, [("12 oz", 0), ("16 oz", 50), ("20 oz", 100)], {"defaults": [("16 oz", 1)]}),
        "milk": ("Milk", 1, 1, [("Whole", 0), ("Skim", 0), ("Oat", 75), ("Almond", 75)],
                 {"defaults": [("Whole", 1)]}),
    }
    sections = [
        ("Bagels by the Dozen", [
            ("Dozen Bagels", 1999, "Any 12 kettle-boiled, hand-rolled bagels. Mix and match; repeats welcome.",
             ["dozen", "tub"]),
            ("Half Dozen Bagels", 1099, "Six bagels, pre-filled with two each of Plain, Everything and Sesame — "
             "swap as you like.", ["half"]),
        ]),
        ("Bagel Sandwiches", [
            ("Bagel with Schmear", 395, "Your bagel, your spread.", ["bagel", "spread", "toast"]),
            ("Lox & Schmear", 1295, "Nova lox, scallion cream cheese, capers, red onion, tomato.",
             ["bagel", "toast"]),
            ("Breakfast Sandwich", 895, "Egg and aged cheddar on a bagel of your choice.",
             ["bagel", "egg", "meat"]),
            ("Jalapeño Turkey Melt", 1150, "Roast turkey, pepper jack, pickled jalapeño, chipotle mayo.",
             ["bagel"]),
            ("Ballard Fisherman: Smoked Salmon, Dill Cream Cheese, Pickled Onions & Capers", 1395,
             "Hot-smoked Alaskan salmon flaked over dill schmear on pumpernickel."),
        ]),
        ("Coffee", [
            ("Drip Coffee", 295, "Locally roasted, brewed every 30 minutes.", ["csize"]),
            ("Latte", 495, "Double shot, steamed milk.", ["csize", "milk"]),
            ("Chai Latte", 475, "Spiced black tea with steamed milk.", ["csize", "milk"]),
        ]),
        ("Sweets", [
            ("Black & White Cookie", 350, "The New York classic."),
            ("Chocolate Babka Slice", 450, "Laminated, swirled, a little gooey."),
        ]),
    ]
    simple_menu(m, groups, sections, hours)


def menu_burgers(m, hours):
    groups = {
        "extra": ("Extra", 0, 1, [("Extra Slice", 75), ("Crispy Cheese Skirt", 100)]),
        "cheese": ("Cheese", 1, 1, [("No Cheese", 0), ("American", 75, ["extra"]), ("Sharp Cheddar", 90, ["extra"]),
                                    ("Pepper Jack", 90, ["extra"]), ("Swiss", 100, ["extra"])],
                   {"defaults": [("American", 1)]}),
        "burger": ("Choose Burger", 1, 1, [("Classic Smash", 0, ["cheese"]), ("Double Smash", 300, ["cheese"]),
                                           ("Crispy Chicken", 100, ["cheese"]),
                                           ("Beyond Smash (plant-based)", 200, ["cheese"])],
                   {"defaults": [("Classic Smash", 1)]}),
        "side": ("Choose Side", 1, 1, [("Fries", 0), ("Tots", 50), ("Onion Rings", 150), ("Side Salad", 100)],
                 {"defaults": [("Fries", 1)]}),
        "flavor": ("Shake Flavor", 1, 1, [("Vanilla", 0), ("Chocolate", 0), ("Strawberry", 0),
                                          ("Salted Caramel", 50)], {"defaults": [("Vanilla", 1)]}),
        "drink": ("Choose Drink", 1, 1, [("Fountain Soda", 0), ("Lemonade", 75), ("Milkshake", 250, ["flavor"])],
                  {"defaults": [("Fountain Soda", 1)]}),
        "sauces": ("Dipping Sauces (extras $0.40 after the first)", 0, 6,
                   [("Ketchup", 0), ("Fry Sauce", 25), ("Ranch", 50), ("Chipotle Mayo", 75), ("Truffle Aioli", 95)],
                   {"dup": True, "tiers": [(1, 40)]}),
        "patties": ("Patties", 1, 4, [("Beef Patty", 250), ("Crispy Chicken Thigh", 275), ("Impossible Patty", 350)],
                    {"dup": True, "defaults": [("Beef Patty", 2)]}),
        "toppings": ("Toppings", 0, 8, [("Lettuce", 0), ("Tomato", 0), ("Pickles", 0), ("Grilled Onions", 50),
                                        ("Jalapeño", 50), ("Bacon", 200), ("Fried Egg", 150), ("Avocado", 175)]),
        "bun": ("Bun", 1, 1, [("Potato Bun", 0), ("Brioche", 50), ("Lettuce Wrap", 0), ("Gluten-Free Bun", 200)],
                {"defaults": [("Potato Bun", 1)]}),
        "tenders": ("Tender Sauce", 1, 2, [("Honey Mustard", 0), ("BBQ", 0), ("Buffalo 🔥", 0), ("Ranch", 0)],
                    {"defaults": [("Honey Mustard", 1)]}),
    }
    sections = [
        ("Combos", [
            ("Smash Combo", 1349, "Pick a burger, a side and a drink. Every burger gets your choice of cheese — "
             "and cheese can be extra.", ["burger", "side", "drink"]),
            ("Chicken Tender Combo", 1199, "Four buttermilk tenders with a side and a drink.",
             ["tenders", "side", "drink"]),
        ]),
        ("Burgers", [
            ("Classic Smash Burger", 899, "Two thin-smashed patties, pickles, onions, Lab sauce.", ["cheese", "toppings"]),
            ("Double Smash Burger", 1199, "Four patties. You were warned.", ["cheese", "toppings"]),
            ("Build Your Own Burger", 600, "Pick a bun and stack up to four patties (we start you at two beef).",
             ["bun", "patties", "cheese", "toppings"]),
            ("🔥 Ghost Pepper Inferno Burger", 1349, "Ghost pepper jack, habanero relish, charred jalapeño.",
             ["cheese"]),
            ("Crispy Chicken Sandwich", 1049, "Buttermilk thigh, slaw, pickles, hot honey.", ["cheese", "toppings"]),
        ]),
        ("Sides", [
            ("Fries", 399, "Skin-on, double-fried. First sauce at its own price, extras $0.40.", ["sauces"]),
            ("Tots", 449, "Extra crispy.", ["sauces"]),
            ("Onion Rings", 549, "Beer-battered Walla Walla sweets.", ["sauces"]),
            ("Jalapeño Mac Bites", 649, "Fried mac and cheese with jalapeño.", ["sauces"]),
        ]),
        ("Shakes & Drinks", [
            ("Milkshake", 649, "Hand-spun with Seattle-made ice cream.", ["flavor"]),
            ("Fountain Soda", 299, "Coke, Diet Coke, Sprite or root beer.", [], {"image": False}),
            ("Lemonade", 349, "Fresh-squeezed.", [], {"image": False}),
            ("Root Beer Float", 599, "Vanilla ice cream, craft root beer."),
        ]),
    ]
    simple_menu(m, groups, sections, hours)


def menu_pho(m, hours):
    groups = {
        "size": ("Size", 1, 1, [("Small", 0), ("Regular", 200), ("Large", 400)], {"defaults": [("Regular", 1)]}),
        "protein": ("Choose Protein", 1, 2, [("Rare Steak (Tái)", 0), ("Brisket (Chín)", 0), ("Meatballs (Bò Viên)", 0),
                                             ("Chicken (Gà)", 0), ("Tofu & Veggies", 0), ("Oxtail", 450)]),
        "extras": ("Extras", 0, 5, [("Extra Noodles", 200), ("Extra Broth", 250), ("Soft-Boiled Egg", 150),
                                    ("Extra Meat", 350)], {"dup": True}),
        "spice": ("Spice Level", 1, 1, [("Mild", 0), ("Medium", 0), ("Hot 🔥", 0), ("Vietnamese Hot 🔥🔥", 0)],
                  {"defaults": [("Mild", 1)]}),
        "sweet": ("Sweetness", 1, 1, [("Regular", 0), ("Less Sweet", 0), ("Extra Sweet", 0)],
                  {"defaults": [("Regular", 1)]}),
    }
    sections = [
        ("Phở", [
            ("Phở Tái (Rare Steak)", 1495, "12-hour beef bone broth, rice noodles, thin-sliced eye of round.",
             ["size", "extras"]),
            ("Phở Đặc Biệt (House Special Combination)", 1695, "Rare steak, brisket, tendon, tripe and meatballs.",
             ["size", "extras"]),
            ("Build-Your-Own Phở", 1395, "Pick one or two proteins.", ["size", "protein", "extras"]),
            ("Phở Gà (Chicken)", 1495, "Clear chicken broth, poached chicken, ginger-scallion.", ["size", "extras"]),
            ("Vegan Phở Chay", 1395, "Mushroom-charred onion broth, tofu, bok choy.", ["size", "extras"]),
        ]),
        ("Bún & Rice", [
            ("Bún Bò Huế 🔥", 1595, "Spicy lemongrass beef noodle soup from Huế.", ["spice"]),
            ("Bún Thịt Nướng (Grilled Pork Vermicelli)", 1495, "Grilled pork, herbs, pickles, nước chấm."),
            ("Cơm Tấm (Broken Rice Plate)", 1595, "Grilled pork chop, egg meatloaf, fried egg."),
        ]),
        ("Starters", [
            ("Gỏi Cuốn Fresh Spring Rolls (2)", 695, "Shrimp, pork, herbs, peanut-hoisin dip."),
            ("Chả Giò Crispy Egg Rolls (4)", 795, "Pork and taro, lettuce wraps."),
            ("Fish Sauce Caramel Wings", 1195, "Crispy wings tossed in nước mắm caramel."),
        ]),
        ("Drinks", [
            ("Cà Phê Sữa Đá (Vietnamese Iced Coffee)", 595, "Dark-roast phin coffee over condensed milk.", ["sweet"]),
            ("Trà Đá (Iced Jasmine Tea)", 250, "", [], {"image": False}),
            ("Avocado Smoothie (Sinh Tố Bơ)", 695, "Creamy, lightly sweet."),
        ]),
    ]
    simple_menu(m, groups, sections, hours)


def menu_coffee(m, hours):
    groups = {
        "size": ("Size", 1, 1, [("8 oz", 0), ("12 oz", 50), ("16 oz", 100)], {"defaults": [("12 oz", 1)]}),
        "milk": ("Milk", 1, 1, [("Whole", 0), ("2%", 0), ("Oat", 75), ("Almond", 75), ("No Milk", 0)],
                 {"defaults": [("Whole", 1)]}),
        "shots": ("Extra Shots", 0, 4, [("Espresso Shot", 125), ("Decaf Shot", 125)], {"dup": True}),
        "syrup": ("Syrup (any pump $0.75)", 0, 4, [("Vanilla", 60), ("Caramel", 60), ("Hazelnut", 60),
                                                   ("Lavender", 80), ("Sugar-Free Vanilla", 60)],
                  {"dup": True, "tiers": [(0, 75)]}),
        "warm": ("Warm It Up?", 0, 1, [("Warmed", 0)]),
    }
    D = ["size", "milk", "shots", "syrup"]
    sections = [
        ("Espresso Bar", [
            ("Espresso", 325, "Double ristretto of our Midnight Oil blend.", ["shots"]),
            ("Americano", 375, "", ["size", "shots"]),
            ("Latte", 525, "", D),
            ("Cappuccino", 495, "", ["size", "milk", "shots"]),
            ("Mocha", 575, "Dark chocolate ganache, espresso, steamed milk.", D),
            ("Cold Brew (slow-steeped 20 hrs)", 495, "", ["size", "syrup"]),
        ]),
        ("Tea", [
            ("Matcha Latte", 575, "Ceremonial-grade matcha from Uji.", ["size", "milk", "syrup"]),
            ("London Fog", 525, "Earl Grey, vanilla, steamed milk.", ["size", "milk"]),
            ("Masala Chai", 495, "House-simmered spice blend.", ["size", "milk"]),
        ]),
        ("Pastries", [
            ("Butter Croissant", 425, "", ["warm"]),
            ("Almond Croissant", 525, "", ["warm"]),
            ("Blueberry Muffin", 395, ""),
            ("Everything Scone", 395, "Cheddar, chive, everything spice."),
        ]),
        ("Late-Night Bites", [
            ("Grilled Cheese", 895, "Tillamook cheddar and gruyère on sourdough."),
            ("Avocado Toast", 1095, "Smashed avocado, chili crisp, soft egg."),
            ("Overnight Oats", 795, "Oats, chia, oat milk, berries."),
        ]),
        ("🎄 Holiday Specials", [
            ("Pumpkin Spice Latte", 625, "Only while the Holiday Specials menu is running.", D),
            ("Peppermint Mocha", 650, "", D),
            ("Gingerbread Loaf", 450, ""),
        ]),
    ]
    catalogs = [
        ("All Day, Every Day", H247, ["Espresso Bar", "Tea", "Pastries", "Late-Night Bites"]),
        ("Holiday Specials", None, ["🎄 Holiday Specials"]),
    ]
    simple_menu(m, groups, sections, hours, catalogs)


def menu_ramen(m, hours):
    groups = {
        "firm": ("Noodle Firmness", 1, 1, [("Soft", 0), ("Regular", 0), ("Firm (Katame)", 0),
                                            ("Extra Firm (Barikata)", 0)], {"defaults": [("Regular", 1)]}),
        "tops": ("Toppings", 0, 10, [("Ajitama Egg", 250), ("Chashu", 350), ("Menma", 150), ("Nori", 100),
                                     ("Corn Butter", 200), ("Black Garlic Oil", 150), ("Kaedama (Extra Noodles)", 300)],
                 {"dup": True}),
        "spice": ("Spice", 1, 1, [("No Spice", 0), ("Mild", 0), ("Hot 🔥", 0), ("Inferno 🔥🔥🔥", 100)],
                  {"defaults": [("Mild", 1)]}),
        "gyoza": ("Gyoza Filling", 1, 1, [("Pork & Cabbage", 0), ("Vegetable", 0), ("Shrimp", 150)]),
    }
    R = ["firm", "tops"]
    sections = [
        ("ラーメン Ramen", [
            ("Tonkotsu ラーメン", 1695, "18-hour pork bone broth, chashu, ajitama, kikurage. 濃厚.", R),
            ("Shoyu ラーメン", 1595, "Clear chicken-dashi broth, aged soy tare.", R),
            ("Miso ラーメン", 1645, "Sapporo-style red miso, corn, butter.", R),
            ("Spicy Tantanmen 🔥", 1745, "Sesame-chili broth, ground pork, bok choy.", ["firm", "spice", "tops"]),
            ("Vegan Shio ラーメン", 1595, "Kombu-shiitake broth, yuzu, tofu chashu.", R),
            ("Tsukemen Dipping Noodles", 1795, "Thick noodles, concentrated fish-pork dipping broth.", R),
        ]),
        ("Small Plates", [
            ("Gyoza (6)", 795, "Pan-fried, crispy skirt.", ["gyoza"]),
            ("Chicken Karaage", 895, "Ginger-soy marinated, Kewpie mayo."),
            ("Takoyaki (6)", 850, "Octopus balls, bonito flakes."),
            ("Edamame", 550, "Sea salt.", [], {"image": False}),
            ("Chashu Don", 995, "Torched pork belly over rice."),
        ]),
        ("Drinks", [
            ("Ramune", 450, "Original or melon.", [], {"image": False}),
            ("Calpis Soda", 400, ""),
            ("Iced Oolong Tea", 350, "Unsweetened."),
        ]),
        ("Dessert", [
            ("Mochi Ice Cream (3)", 650, "Matcha, black sesame, mango."),
            ("Matcha Crème brûlée", 795, "Torched to order."),
        ]),
    ]
    simple_menu(m, groups, sections, hours)


def menu_diner(m, hours):
    B = weekly((ALL, [("07:00", "11:00")]))
    L = weekly((ALL, [("11:00", "16:00")]))
    D = weekly((ALL, [("16:00", "22:00")]))
    groups = {
        "eggs": ("How Would You Like Your Eggs?", 1, 1, [("Scrambled", 0), ("Over Easy", 0), ("Over Medium", 0),
                                                         ("Sunny Side Up", 0), ("Poached", 0)],
                 {"defaults": [("Scrambled", 1)]}),
        "toast": ("Toast", 1, 1, [("Sourdough", 0), ("Wheat", 0), ("Rye", 0), ("English Muffin", 0),
                                  ("Gluten-Free", 150)], {"defaults": [("Sourdough", 1)]}),
        "bside": ("Breakfast Side", 1, 1, [("Hash Browns", 0), ("Home Fries", 0), ("Fruit Cup", 150)],
                  {"defaults": [("Hash Browns", 1)]}),
        "addins": ("Pancake Add-ins", 0, 3, [("Blueberries", 150), ("Chocolate Chips", 125), ("Banana", 125),
                                             ("Pecans", 175)]),
        "temp": ("Burger Temperature", 1, 1, [("Medium Rare", 0), ("Medium", 0), ("Medium Well", 0),
                                              ("Well Done", 0)], {"defaults": [("Medium", 1)]}),
        "side": ("Side", 1, 1, [("Fries", 0), ("Side Salad", 0), ("Cup of Soup", 150), ("Onion Rings", 200)],
                 {"defaults": [("Fries", 1)]}),
    }
    sections = [
        ("Breakfast", [
            ("Two Eggs Any Style", 1195, "Two eggs, toast and a side.", ["eggs", "toast", "bside"]),
            ("Buttermilk Pancake Stack", 1095, "Three fluffy pancakes, whipped butter, real maple.", ["addins"]),
            ("Denver Omelette", 1395, "Ham, peppers, onion, cheddar.", ["toast", "bside"]),
            ("Biscuits & Gravy", 1195, "Scratch biscuits, sausage gravy."),
            ("Corned Beef Hash", 1495, "House-cured brisket hash with two eggs.", ["eggs", "toast"]),
            ("Huevos Rancheros", 1395, "Corn tortillas, black beans, salsa roja, queso fresco.", ["eggs"]),
        ]),
        ("Lunch", [
            ("Patty Melt", 1495, "Grilled onions, Swiss, rye.", ["side"]),
            ("Club Sandwich", 1450, "Turkey, bacon, lettuce, tomato, triple-decker.", ["toast", "side"]),
            ("Diner Cheeseburger", 1495, "Half-pound chuck, American cheese, special sauce.", ["temp", "side"]),
            ("Chicken Noodle Soup (Bowl)", 895, "Grandma's recipe."),
            ("Cobb Salad", 1495, "Chicken, bacon, egg, avocado, blue cheese."),
            ("Tuna Melt", 1350, "Albacore, cheddar.", ["toast", "side"]),
        ]),
        ("Dinner Plates", [
            ("Meatloaf & Mashed", 1895, "Glazed meatloaf, mashed potatoes, gravy, green beans."),
            ("Chicken-Fried Steak", 2095, "Country gravy, mashed potatoes."),
            ("Fish & Chips", 1995, "Beer-battered Pacific cod, slaw, tartar."),
            ("Yankee Pot Roast", 2195, "Braised chuck, carrots, potatoes."),
            "@Diner Cheeseburger",
        ]),
        ("Coffee & Drinks", [
            ("Bottomless Drip Coffee", 325, "Free refills while you dine in.", [], {"image": False}),
            ("Fresh-Squeezed Orange Juice", 450, ""),
            ("Chocolate Malt", 695, "Old-fashioned, thick."),
        ]),
        ("Pie & Desserts", [
            ("Slice of Marionberry Pie", 650, "Oregon marionberries, lattice crust."),
            ("Banana Cream Pie", 650, ""),
        ]),
    ]
    catalogs = [
        ("Breakfast", B, ["Breakfast", "Coffee & Drinks"]),
        ("Lunch", L, ["Lunch", "Coffee & Drinks", "Pie & Desserts"]),
        ("Dinner", D, ["Dinner Plates", "Coffee & Drinks", "Pie & Desserts"]),
    ]
    simple_menu(m, groups, sections, hours, catalogs)


def menu_tacos(m, hours):
    prot = [("Carne Asada", 0), ("Al Pastor", 0), ("Pollo Asado", 0), ("Carnitas", 0), ("Birria", 100),
            ("Grilled Veggies", 0), ("Crispy Fish", 100)]
    groups = {
        "tortilla": ("Tortilla", 1, 1, [("Corn", 0), ("Flour", 0)], {"defaults": [("Corn", 1)]}),
        "protein": ("Choose Protein", 1, 1, prot),
        "salsa": ("Salsa", 0, 3, [("Salsa Verde", 0), ("Salsa Roja", 0), ("Habanero 🔥", 0), ("Pico de Gallo", 0)]),
        "trio": ("Choose 3 Tacos", 3, 3, prot, {"dup": True}),
        "extras": ("Extras", 0, 4, [("Guacamole", 250), ("Sour Cream", 75), ("Extra Cheese", 100),
                                    ("Pickled Jalapeño", 50)]),
    }
    sections = [
        ("Tacos 🌮", [
            ("Street Taco", 399, "Double corn tortilla, onion, cilantro, lime.", ["tortilla", "protein", "salsa"]),
            ("Taco Trio", 1095, "Any three tacos. Repeats allowed.", ["tortilla", "trio", "salsa"]),
            ("Quesabirria (3) with Consommé", 1495, "Crispy cheese-crusted birria tacos for dunking."),
        ]),
        ("Burritos", [
            ("Night Owl Burrito", 1295, "Rice, beans, cheese, salsa, your protein.", ["protein", "salsa", "extras"]),
            ("California Burrito", 1395, "Carne asada, fries, cheese, guac, sour cream.", ["extras"]),
        ]),
        ("Late Night", [
            ("Loaded Nachos", 1195, "Queso, beans, jalapeño, crema.", ["protein", "extras"]),
            ("Elote", 595, "Street corn, cotija, tajín."),
            ("Churros with Cajeta", 595, ""),
            ("Horchata", 395, "", [], {"image": False}),
            ("Jarritos", 325, "Mandarin, tamarind or lime.", [], {"image": False}),
        ]),
    ]
    simple_menu(m, groups, sections, hours)


def menu_market_hall(m, hours):
    """The big one: 2,000+ items, three section levels (Food → Hot Food → Pizza)."""
    rng = m.rng

    def price(lo, hi):
        return rng.randint(lo // 10, hi // 10) * 10 + 9

    g_pie = m.group("Slice or Whole Pie", [("Single Slice", 0), ('Whole 16" Pie (8 slices)', 1800)], 1, 1,
                    defaults=[("Single Slice", 1)])
    g_pextra = m.group("Extra Toppings (any $1.25)", [("Pepperoni", 150), ("Mushrooms", 100), ("Olives", 100),
                                                     ("Jalapeño", 100), ("Extra Cheese", 125)], 0, 4, dup=True,
                       tiers=[(0, 125)])
    g_bread = m.group("Add Bread", [("Sourdough Roll", 150), ("Cornbread Muffin", 175), ("Saltine Crackers", 0)], 0, 1)
    g_sides2 = m.group("Choose 2 Sides", [("Mashed Potatoes", 0), ("Mac & Cheese", 0), ("Roasted Vegetables", 0),
                                          ("Coleslaw", 0), ("Garlic Green Beans", 0), ("Wild Rice Pilaf", 0)], 2, 2)
    g_rice = m.group("Rice", [("Jasmine Rice", 0), ("Brown Rice", 0), ("Noodles Instead", 100)], 1, 1,
                     defaults=[("Jasmine Rice", 1)])
    g_toast = m.group("Toasted?", [("Toasted", 0), ("Pressed Panini-Style", 50)], 0, 1)
    g_grind = m.group("Grind", [("Whole Bean", 0), ("Drip Grind", 0), ("Espresso Grind", 0),
                                ("French Press Coarse", 0)], 1, 1, defaults=[("Whole Bean", 1)])
    g_cut = m.group("Cut", [("Whole", 0), ("Sliced", 0), ("Cubed", 50)], 0, 1)

    def combos(bases, variants, fmt, lo, hi, desc, groups=()):
        return [(fmt.format(b=b, v=v), price(lo, hi), desc.format(b=b, v=v), list(groups))
                for b in bases for v in variants]

    pies = ["Margherita", "Pepperoni", "Sausage & Peppers", "Four Cheese", "Mushroom & Truffle", "BBQ Chicken",
            "Hawaiian", "Veggie Supreme", "Meat Lovers", "Pesto Chicken", "Buffalo Chicken", "Clam & Garlic",
            "Prosciutto & Arugula", "Spinach & Feta", "Jalapeño & Pineapple 🔥", "Kimchi & Pork Belly",
            "Smoked Salmon & Capers", "Vegan Garden"]
    styles = ["Neapolitan", "New York", "Detroit", "Sicilian", "Chicago Tavern", "Roman al Taglio"]
    soups = ["Chicken Noodle", "Tomato Basil", "Clam Chowder", "Split Pea", "Beef Barley", "Minestrone",
             "Butternut Squash", "French Onion", "Lentil & Kale", "Chicken Tortilla", "Mulligatawny",
             "Broccoli Cheddar", "Wild Mushroom", "Italian Wedding", "Black Bean", "Potato Leek", "Gumbo",
             "Chili con Carne", "Vegan Chili", "Tom Kha", "Miso", "Pozole Rojo", "Matzo Ball", "Avgolemono",
             "Smoked Salmon Chowder"]
    proteins = ["Rotisserie Chicken", "Chicken Thighs", "Pork Loin", "Beef Brisket", "Turkey Breast",
                "Salmon Fillet", "Tofu Steak", "Lamb Kofta", "Pork Ribs", "Chicken Wings"]
    preps = ["Lemon-Herb", "Smoked Paprika", "Garlic & Rosemary", "Teriyaki-Glazed", "Jerk-Spiced", "Plain Roasted"]
    wok = ["Chow Mein", "Lo Mein", "Fried Rice", "Pad Thai", "Kung Pao", "Orange Glaze", "General Tso's",
           "Black Bean Sauce", "Singapore Noodles", "Yakisoba", "Japchae", "Garlic Noodles"]
    wokp = ["Chicken", "Beef", "Shrimp", "Tofu", "Pork", "Vegetable"]
    texf = ["Soft Taco", "Crispy Taco", "Burrito", "Burrito Bowl", "Quesadilla", "Enchilada Plate"]
    texp = ["Carne Asada", "Al Pastor", "Chicken Tinga", "Carnitas", "Barbacoa", "Black Bean & Corn",
            "Shrimp", "Chorizo & Potato", "Mushroom", "Birria"]
    curries = ["Butter Chicken", "Tikka Masala", "Thai Green Curry", "Thai Red Curry", "Japanese Curry",
               "Massaman Curry", "Korma", "Vindaloo 🔥", "Coconut Dal", "Chana Masala"]
    curp = ["Chicken", "Beef", "Paneer", "Tofu", "Vegetable"]
    fillings = ["Turkey & Swiss", "Ham & Cheddar", "Roast Beef & Horseradish", "Italian Combo", "Tuna Salad",
                "Chicken Salad", "Egg Salad", "Caprese", "BLT", "Pastrami", "Reuben", "Cuban", "Muffuletta",
                "Chicken Pesto", "Hummus & Veggie", "Smoked Turkey Club", "Banh Mi Chicken", "Falafel",
                "Roasted Veggie", "Meatball", "Philly Cheesesteak", "Salami & Provolone", "Tofu Banh Mi",
                "Croque Monsieur"]
    sformats = ["on Sourdough", "on Baguette", "Wrap", "Half Sandwich"]
    salads = ["Caesar", "Cobb", "Greek", "Kale Crunch", "Quinoa Power", "Thai Peanut", "Nicoise", "Chopped Italian",
              "Southwest", "Spinach & Strawberry", "Farro & Beet", "Asian Sesame", "Waldorf", "Harvest Grain",
              "Mediterranean Lentil", "Green Goddess"]
    salp = ["with Chicken", "with Salmon", "with Tofu", "(no protein)"]
    rolls = ["California Roll", "Spicy Tuna Roll", "Salmon Avocado Roll", "Shrimp Tempura Roll", "Rainbow Roll",
             "Dragon Roll", "Philadelphia Roll", "Cucumber Roll", "Avocado Roll", "Spicy Salmon Roll",
             "Yellowtail Scallion Roll", "Unagi Roll", "Caterpillar Roll", "Spider Roll", "Veggie Futomaki",
             "Salmon Nigiri Set", "Tuna Nigiri Set", "Inari", "Chirashi Mini", "Sushi Sampler 🍣"]
    delis = ["Potato Salad", "Macaroni Salad", "Coleslaw", "Hummus", "Baba Ghanoush", "Tzatziki", "Guacamole",
             "Pico de Gallo", "Pimento Cheese", "Chicken Curry Salad", "Egg Salad", "Tabbouleh", "Olive Tapenade",
             "Spinach Artichoke Dip", "Seven-Layer Dip", "Orzo Salad", "Broccoli Crunch Salad",
             "Quinoa Tabbouleh", "Cucumber Kimchi", "Seaweed Salad"]
    breads = ["Country Sourdough", "Seeded Rye", "Baguette", "Ciabatta", "Challah", "Whole Wheat Sandwich",
              "Olive Loaf", "Cranberry Walnut", "Focaccia", "Brioche", "Multigrain", "Pumpernickel",
              "Rosemary Sea Salt", "Jalapeño Cheddar Loaf", "Cinnamon Swirl", "Gluten-Free Loaf"]
    pastries = ["Butter Croissant", "Pain au Chocolat", "Almond Croissant", "Blueberry Muffin", "Morning Glory Muffin",
                "Banana Nut Muffin", "Cinnamon Roll", "Cardamom Bun", "Kouign-Amann", "Apple Turnover",
                "Cheese Danish", "Raspberry Danish", "Scone (Currant)", "Scone (Lemon Blueberry)", "Bear Claw",
                "Morning Bun", "Ham & Cheese Croissant", "Spinach Feta Hand Pie", "Coffee Cake Square",
                "Pumpkin Bread Slice", "Zucchini Bread Slice", "Maple Bar", "Old-Fashioned Donut",
                "Crème brûlée Donut"]
    cakes = ["Chocolate Layer Cake", "Carrot Cake", "Red Velvet Cake", "Lemon Chiffon", "Tiramisu",
             "New York Cheesecake", "Apple Pie", "Marionberry Pie", "Pecan Pie", "Key Lime Pie", "Coconut Cream Pie",
             "Black Forest Cake", "Tres Leches", "Matcha Roll Cake", "Opera Cake", "Strawberry Shortcake"]
    cookies = ["Chocolate Chip", "Oatmeal Raisin", "Peanut Butter", "Snickerdoodle", "Double Chocolate",
               "White Chocolate Macadamia", "Ginger Molasses", "Sugar Cookie", "Shortbread", "Lemon Bar",
               "Fudge Brownie", "Blondie", "Seven-Layer Bar", "Rice Crispy Treat", "Alfajores", "Macaron",
               "Biscotti", "Linzer Cookie"]
    fruits = ["Honeycrisp Apples", "Gala Apples", "Cosmic Crisp Apples", "Granny Smith Apples", "Bartlett Pears",
              "Bosc Pears", "Bananas", "Navel Oranges", "Cara Cara Oranges", "Mandarins", "Lemons", "Limes",
              "Grapefruit", "Red Grapes", "Green Grapes", "Strawberries", "Blueberries", "Raspberries",
              "Blackberries", "Rainier Cherries", "Bing Cherries", "Peaches", "Nectarines", "Plums", "Apricots",
              "Mangoes", "Pineapple", "Kiwi", "Pomegranates", "Avocados"]
    veg = ["Carrots", "Celery", "Broccoli", "Cauliflower", "Romaine", "Green Leaf Lettuce", "Spinach", "Kale",
           "Arugula", "Cucumbers", "Zucchini", "Yellow Squash", "Red Bell Peppers", "Green Bell Peppers",
           "Jalapeños", "Yellow Onions", "Red Onions", "Shallots", "Garlic", "Ginger", "Russet Potatoes",
           "Yukon Gold Potatoes", "Sweet Potatoes", "Beets", "Brussels Sprouts", "Asparagus", "Green Beans",
           "Snap Peas", "Corn on the Cob", "Tomatoes on the Vine", "Cherry Tomatoes", "Eggplant", "Bok Choy",
           "Napa Cabbage", "Radishes", "Leeks"]
    herbs = ["Basil", "Cilantro", "Italian Parsley", "Mint", "Dill", "Rosemary", "Thyme", "Sage", "Chives",
             "Oregano", "Shiitake Mushrooms", "Cremini Mushrooms", "Oyster Mushrooms", "Chanterelles",
             "Portobello Caps", "Enoki Mushrooms", "Maitake Mushrooms", "Lion's Mane Mushrooms"]
    cheeses = ["Aged Cheddar", "Sharp White Cheddar", "Gruyère", "Comté", "Brie", "Camembert", "Gouda",
               "Smoked Gouda", "Manchego", "Parmigiano-Reggiano", "Pecorino Romano", "Fresh Mozzarella",
               "Burrata", "Feta", "Goat Cheese", "Blue Cheese", "Gorgonzola", "Havarti", "Swiss",
               "Provolone", "Monterey Jack", "Pepper Jack", "Halloumi", "Ricotta", "Mascarpone", "Beecher's-Style Flagship"]
    milks = ["Whole Milk", "2% Milk", "Skim Milk", "Half & Half", "Heavy Cream", "Oat Milk", "Almond Milk",
             "Soy Milk", "Lactose-Free Milk", "Chocolate Milk"]
    yogurts = ["Plain", "Vanilla", "Strawberry", "Blueberry", "Peach", "Honey", "Lemon", "Raspberry", "Coconut",
               "Mango", "Cherry", "Maple"]
    pastas = ["Spaghetti", "Linguine", "Fettuccine", "Penne", "Rigatoni", "Fusilli", "Farfalle", "Orecchiette",
              "Bucatini", "Orzo", "Macaroni", "Ziti", "Pappardelle", "Tagliatelle", "Conchiglie", "Gemelli",
              "Radiatori", "Cavatappi", "Ditalini", "Angel Hair"]
    grains = ["Jasmine Rice", "Basmati Rice", "Brown Rice", "Arborio Rice", "Sushi Rice", "Wild Rice", "Quinoa",
              "Farro", "Pearl Barley", "Couscous", "Bulgur", "Steel-Cut Oats", "Rolled Oats", "Polenta",
              "Red Lentils", "Green Lentils"]
    sauces = ["Marinara", "Arrabbiata", "Vodka Sauce", "Pesto Genovese", "Alfredo", "BBQ Sauce", "Sriracha",
              "Gochujang", "Chili Crisp", "Teriyaki Sauce", "Soy Sauce", "Fish Sauce", "Hoisin", "Oyster Sauce",
              "Dijon Mustard", "Whole-Grain Mustard", "Yellow Mustard", "Ketchup", "Mayonnaise", "Kewpie Mayo",
              "Ranch Dressing", "Caesar Dressing", "Balsamic Vinaigrette", "Honey", "Maple Syrup",
              "Strawberry Jam", "Apricot Preserves", "Peanut Butter", "Almond Butter", "Tahini", "Harissa",
              "Salsa Verde", "Chipotle Salsa", "Hot Sauce", "Worcestershire", "Red Wine Vinegar"]
    brands = ["Emerald Pantry", "Small-Batch Local", "Organic"]
    canned = ["Black Beans", "Pinto Beans", "Chickpeas", "Cannellini Beans", "Kidney Beans", "Diced Tomatoes",
              "Crushed Tomatoes", "Tomato Paste", "Coconut Milk", "Chicken Broth", "Vegetable Broth",
              "Albacore Tuna", "Wild Salmon", "Sardines", "Anchovies", "Artichoke Hearts", "Roasted Red Peppers",
              "Kalamata Olives", "Castelvetrano Olives", "Capers", "Pickles", "Sauerkraut", "Kimchi",
              "Corn Kernels", "Green Chiles", "Pumpkin Purée", "Cranberry Sauce", "Refried Beans"]
    spices = ["Black Pepper", "Sea Salt", "Smoked Paprika", "Sweet Paprika", "Cumin", "Coriander", "Turmeric",
              "Cinnamon", "Nutmeg", "Cloves", "Cardamom", "Ginger Powder", "Garlic Powder", "Onion Powder",
              "Chili Powder", "Cayenne", "Red Pepper Flakes", "Oregano", "Basil", "Thyme", "Rosemary", "Bay Leaves",
              "Dill Weed", "Italian Seasoning", "Herbes de Provence", "Za'atar", "Sumac", "Garam Masala",
              "Curry Powder", "Five Spice", "Everything Bagel Seasoning", "Taco Seasoning", "Cajun Seasoning",
              "Lemon Pepper", "Vanilla Beans", "Saffron", "Star Anise", "Fennel Seed", "Mustard Seed", "Shichimi Togarashi"]
    chips = ["Sea Salt", "Salt & Vinegar", "BBQ", "Sour Cream & Onion", "Jalapeño", "Cheddar", "Dill Pickle",
             "Black Truffle", "Sweet Chili", "Honey Mustard", "Ranch", "Buffalo", "Lime", "Cracked Pepper",
             "Garlic Parmesan", "Unsalted"]
    nuts = ["Almonds", "Cashews", "Pistachios", "Walnuts", "Pecans", "Hazelnuts", "Macadamias", "Peanuts",
            "Trail Mix", "Pumpkin Seeds", "Sunflower Seeds", "Mixed Nuts", "Dried Mango", "Dried Cherries"]
    cereals = ["Granola", "Maple Pecan Granola", "Muesli", "Corn Flakes", "Bran Flakes", "Puffed Rice",
               "Oat Rings", "Chocolate Puffs", "Frosted Shredded Wheat", "Instant Oatmeal", "Pancake Mix",
               "Waffle Mix", "Hot Cocoa Mix", "Chia Seeds", "Flax Meal", "Hemp Hearts", "Cream of Wheat",
               "Quinoa Flakes", "Protein Granola", "Cinnamon Crunch"]
    icecream = ["Vanilla Bean", "Chocolate", "Strawberry", "Mint Chip", "Cookies & Cream", "Salted Caramel",
                "Coffee", "Rocky Road", "Pistachio", "Butter Pecan", "Cookie Dough", "Matcha", "Black Sesame",
                "Ube", "Mango Sorbet", "Lemon Sorbet", "Raspberry Sorbet", "Coconut (Vegan)",
                "Chocolate (Vegan)", "Marionberry", "Honey Lavender", "Stracciatella", "Dulce de Leche",
                "Rum Raisin"]
    frozen = ["Chicken Pot Pie", "Lasagna", "Mac & Cheese", "Pad Thai", "Chicken Tikka Masala", "Beef Burrito",
              "Bean & Cheese Burrito", "Pork Dumplings", "Vegetable Dumplings", "Shrimp Shumai", "Margherita Pizza",
              "Pepperoni Pizza", "Cheese Ravioli", "Meatballs", "Fish Sticks", "Chicken Nuggets", "Veggie Burgers",
              "Waffles", "Hash Brown Patties", "French Fries", "Spanakopita Bites", "Samosas", "Pierogi", "Gyoza",
              "Enchiladas Verdes", "Shepherd's Pie", "Spinach Lasagna", "Chicken Fried Rice", "Orange Chicken",
              "Tamales"]
    ffruit = ["Blueberries", "Strawberries", "Mango Chunks", "Mixed Berries", "Peas", "Corn", "Edamame",
              "Broccoli Florets", "Spinach", "Stir-Fry Blend", "Cauliflower Rice", "Green Beans", "Pineapple",
              "Cherries", "Açaí Packs", "Okra"]
    sodas = ["Cola", "Diet Cola", "Lemon-Lime", "Root Beer", "Ginger Ale", "Cream Soda", "Orange Soda",
             "Grape Soda", "Black Cherry", "Sparkling Water (Plain)", "Sparkling Water (Lime)",
             "Sparkling Water (Grapefruit)", "Sparkling Water (Berry)", "Tonic Water", "Club Soda",
             "Ginger Beer", "Yuzu Soda", "Prickly Pear Soda", "Huckleberry Soda", "Mexican Cola"]
    ssizes = ["12 oz Can", "6-Pack Cans", "2 L Bottle"]
    juices = ["Orange Juice", "Apple Juice", "Grapefruit Juice", "Cranberry Cocktail", "Pineapple Juice",
              "Green Juice", "Carrot Ginger Juice", "Beet Juice", "Lemonade", "Strawberry Lemonade",
              "Mango Smoothie", "Berry Smoothie", "Coconut Water", "Tomato Juice", "Pomegranate Juice",
              "Watermelon Juice"]
    jsizes = ["12 oz", "32 oz", "64 oz"]
    kombucha = ["Ginger Lemon Kombucha", "Raspberry Kombucha", "Lavender Kombucha", "Hibiscus Kombucha",
                "Original Kombucha", "Pineapple Kombucha", "Ginger Shot", "Turmeric Shot", "Wheatgrass Shot",
                "Elderberry Shot", "Probiotic Tonic", "Electrolyte Drink", "Cold-Pressed Celery",
                "Matcha Energy", "Yerba Mate", "Sparkling Green Tea"]
    origins = ["Ethiopia Yirgacheffe", "Kenya AA", "Colombia Huila", "Guatemala Antigua", "Costa Rica Tarrazú",
               "Sumatra Mandheling", "Brazil Cerrado", "Peru Cajamarca", "Honduras Marcala", "Mexico Chiapas",
               "Rwanda Huye", "Papua New Guinea", "Emerald City Espresso Blend", "Midnight Decaf"]
    teas = ["English Breakfast", "Earl Grey", "Jasmine Green", "Sencha", "Genmaicha", "Hojicha", "Oolong",
            "Pu-erh", "Darjeeling", "Assam", "Chamomile", "Peppermint", "Rooibos", "Lemon Ginger",
            "Masala Chai", "Matcha Powder", "White Peony", "Hibiscus Berry", "Lavender Mint", "Turmeric Ginger",
            "Lapsang Souchong", "Dragonwell", "Silver Needle", "Tulsi"]
    rtd = ["Cold Brew Black", "Cold Brew Oat Latte", "Nitro Cold Brew", "Vietnamese Iced Coffee", "Mocha Latte",
           "Vanilla Latte", "Caramel Macchiato", "Unsweetened Iced Tea", "Peach Iced Tea", "Thai Iced Tea",
           "Matcha Latte", "Chai Latte"]
    waters = ["Spring Water 16.9 oz", "Spring Water 1 L", "Spring Water 24-Pack", "Alkaline Water 1 L",
              "Mineral Water 750 ml", "Sparkling Mineral Water 750 ml", "Coconut Water 1 L", "Distilled Water 1 gal",
              "Electrolyte Water 1 L", "Boxed Water 500 ml", "Glacier Water 1.5 L", "Still Water 12-Pack"]
    home = ["Paper Towels (6 rolls)", "Bath Tissue (12 rolls)", "Facial Tissues", "Napkins (250 ct)",
            "Aluminum Foil", "Plastic Wrap", "Parchment Paper", "Zip Bags (Gallon)", "Zip Bags (Quart)",
            "Compostable Trash Bags", "Dish Soap", "Dishwasher Pods", "Laundry Detergent", "Dryer Sheets",
            "All-Purpose Cleaner", "Glass Cleaner", "Sponges (3-pack)", "Hand Soap", "Paper Plates",
            "Birthday Candles", "Matches", "AA Batteries (8)", "Light Bulbs (2)", "Charcoal Briquettes"]

    tree = [
        ("Food", [
            ("Hot Food", [
                ("Pizza", combos(pies, styles, "{v} {b} Pizza", 449, 699,
                                 "{v}-style {b}, sold by the slice or as a whole pie.", [g_pie, g_pextra])),
                ("Soups & Stews", combos(soups, ["Cup (8 oz)", "Bowl (16 oz)", "Quart (32 oz)"], "{b} Soup — {v}",
                                         449, 1399, "Made from scratch each morning. {v}.", [g_bread])),
                ("Rotisserie & Grill", combos(proteins, preps, "{v} {b} Plate", 1199, 2199,
                                              "{v} {b} with two sides of your choice.", [g_sides2])),
                ("Wok & Noodles", combos(wok, wokp, "{b} with {v}", 1099, 1699,
                                         "Wok-fired to order: {b} with {v}.", [g_rice])),
                ("Tacos & Burritos", combos(texp, texf, "{b} {v}", 399, 1399, "{b} {v}, salsa bar on the side.")),
                ("Curry & Rice Bowls", combos(curries, curp, "{b} with {v}", 1199, 1699, "{b} with {v}.", [g_rice])),
            ]),
            ("Cold Food", [
                ("Sandwiches & Wraps", combos(fillings, sformats, "{b} {v}", 699, 1399, "{b} {v}. Built to order.",
                                              [g_toast])),
                ("Salads & Grain Bowls", combos(salads, salp, "{b} Salad {v}", 899, 1599, "{b} salad {v}.")),
                ("Sushi & Poke", combos(rolls, ["6 pc", "10 pc", "Party Tray 30 pc"], "{b} ({v})", 599, 1899, "Rolled fresh daily: {b}, {v}.")),
                ("Deli Salads & Dips", combos(delis, ["8 oz", "16 oz", "32 oz"], "{b} ({v})", 399, 1199, "House-made {b}.")),
            ]),
            ("Bakery", [
                ("Breads", combos(breads, ["Loaf", "Half Loaf"], "{b} {v}", 299, 899, "Baked before dawn: {b}.",
                                  [g_cut])),
                ("Pastries & Muffins", combos(pastries, ["Single", "Box of 4"], "{b} ({v})", 299, 1699, "{b}, {v}.")),
                ("Cakes & Pies", combos(cakes, ["Slice", "6-inch", "Whole (serves 8)"], "{b} — {v}", 549, 4999, "{b}.")),
                ("Cookies & Bars", combos(cookies, ["Single", "Dozen"], "{b} ({v})", 199, 2499, "{b} cookies & bars.")),
            ]),
        ]),
        ("Grocery", [
            ("Produce", [
                ("Fruit", combos(fruits, ["Organic 1 lb", "Organic 3 lb Bag", "1 lb", "3 lb Bag"], "{b}, {v}",
                                 149, 1299, "{b} from Pacific Northwest and West Coast growers when in season.")),
                ("Vegetables", combos(veg, ["Organic 1 lb", "Organic 3 lb Bag", "1 lb", "3 lb Bag"], "{b}, {v}",
                                      99, 999, "{b}.")),
                ("Herbs & Mushrooms", combos(herbs, ["Bunch / 4 oz", "Organic Bunch / 4 oz"], "{b} ({v})",
                                             199, 899, "{b}.")),
            ]),
            ("Dairy & Eggs", [
                ("Cheese", combos(cheeses, ["4 oz", "8 oz", "1 lb"], "{b} ({v})", 499, 2499, "{b}, cut to order.")),
                ("Milk & Cream", combos(milks, ["Pint", "Half Gallon", "Gallon"], "{b} ({v})", 199, 799, "{b}.")),
                ("Yogurt", combos(yogurts, ["Greek", "Icelandic Skyr", "Oat (Dairy-Free)"], "{v} Yogurt — {b}",
                                  149, 699, "{v} yogurt, {b}.")),
                ("Butter & Eggs", [(n, price(299, 999), n + ".", []) for n in
                                   ["Cage-Free Large Eggs (Dozen)", "Pasture-Raised Eggs (Dozen)", "Duck Eggs (6)",
                                    "Quail Eggs (12)", "Salted Butter", "Unsalted Butter", "Cultured European Butter",
                                    "Ghee", "Vegan Butter", "Liquid Egg Whites", "Sour Cream", "Cottage Cheese",
                                    "Crème Fraîche", "Cream Cheese"]]),
            ]),
            ("Pantry", [
                ("Pasta & Grains", combos(pastas, ["Durum Semolina", "Whole Wheat", "Gluten-Free"], "{b} ({v})",
                                          199, 699, "{b}, {v}.") +
                 combos(grains, ["1 lb", "5 lb"], "{b} ({v})", 249, 1899, "{b}.")),
                ("Sauces & Condiments", combos(sauces, brands, "{v} {b}", 299, 1199, "{b} by {v}.")),
                ("Canned & Jarred", combos(canned, ["Emerald Pantry", "Organic", "Low-Sodium"], "{v} {b}", 129, 699, "{b}.")),
                ("Spices & Seasonings", combos(spices, ["Jar", "Refill Bag"], "{b} ({v})", 299, 1599, "{b}.")),
                ("Snacks", combos(chips, ["Kettle", "Thin & Crispy", "Ridged"], "{v} Potato Chips — {b}", 249, 599,
                                  "{v} chips, {b}.") +
                 combos(nuts, ["8 oz", "1 lb"], "{b} ({v})", 399, 1599, "{b}.")),
                ("Breakfast & Cereal", combos(cereals, ["Box", "Family Size"], "{b} ({v})", 349, 999, "{b}.")),
            ]),
            ("Frozen", [
                ("Ice Cream & Sorbet", combos(icecream, ["Pint", "Quart"], "{b} ({v})", 499, 1299, "{b}.")),
                ("Frozen Meals", [(f, price(399, 1299), "Frozen " + f.lower() + ".", []) for f in frozen]),
                ("Frozen Fruit & Veg", [("Frozen " + f, price(299, 899), "Frozen " + f.lower() + ".", [])
                                        for f in ffruit]),
            ]),
        ]),
        ("Beverages", [
            ("Soft Drinks", [
                ("Soda & Sparkling Water", combos(sodas, ssizes, "{b} ({v})", 149, 899, "{b}, {v}.")),
                ("Juice & Smoothies", combos(juices, jsizes, "{b} ({v})", 249, 1099, "{b}.")),
                ("Kombucha & Wellness Shots", combos(kombucha, ["Single", "4-Pack"], "{b} ({v})", 299, 1399, "{b}.")),
            ]),
            ("Coffee & Tea", [
                ("Whole Bean Coffee", combos(origins, ["12 oz", "2 lb", "5 lb Café Bag"], "{b} Coffee ({v})", 1299, 3999,
                                             "Roasted in Seattle: {b}.", [g_grind])),
                ("Tea", combos(teas, ["20 Sachets", "Loose Leaf 4 oz"], "{b} Tea ({v})", 499, 1499, "{b} tea, {v}.")),
                ("Ready-to-Drink Coffee & Tea", [(r, price(299, 599), r + ", chilled.", []) for r in rtd]),
            ]),
            ("Water", [
                ("Still & Sparkling", [(w, price(99, 1299), w + ".", []) for w in waters]),
            ]),
        ]),
        ("Home & Essentials", [
            ("Household", [
                ("Paper, Cleaning & More", [(h, price(299, 1999), h + ".", []) for h in home]),
            ]),
        ]),
    ]

    names = [e[0] for _, mids in tree for _, leaves in mids for _, entries in leaves for e in entries]
    assert len(names) == len(set(names)), "duplicate item names in the market hall"
    top_ids = []
    for top, mids in tree:
        mid_ids = []
        for mid, leaves in mids:
            leaf_ids = []
            for leaf, entries in leaves:
                ids = [m.item(n, c, d, g) for n, c, d, g in entries]
                leaf_ids.append(m.section(leaf, ids))
            mid_ids.append(m.section(mid, (), leaf_ids))
        top_ids.append(m.section(top, (), mid_ids))
    m.catalog("Market Hall — Open 24/7", top_ids, hours)


# --------------------------------------------------------------------------- simpler stores

def menu_generic(groups, sections, catalogs=None):
    def build(m, hours):
        simple_menu(m, groups, sections, hours, catalogs)
    return build


SPICE = ("Spice Level", 1, 1, [("Mild", 0), ("Medium", 0), ("Hot 🔥", 0), ("Extra Hot 🔥🔥", 0)],
         {"defaults": [("Medium", 1)]})

MENU_SMOKEHOUSE = menu_generic(
    {"sides2": ("Choose 2 Sides", 2, 2, [("Mac & Cheese", 0), ("Collard Greens", 0), ("Baked Beans", 0),
                                         ("Potato Salad", 0), ("Coleslaw", 0), ("Cornbread", 0)]),
     "sauce": ("BBQ Sauce", 0, 2, [("Kansas City Sweet", 0), ("Carolina Vinegar", 0), ("Alabama White", 0),
                                   ("Ghost Pepper 🔥", 50)])},
    [("Meats", [("Brisket Plate (½ lb)", 1895, "Post-oak smoked 14 hours.", ["sides2", "sauce"]),
                ("St. Louis Ribs (Half Rack)", 2195, "Dry-rubbed, sauced on request.", ["sides2", "sauce"]),
                ("Pulled Pork Sandwich", 1295, "Carolina-style with slaw.", ["sauce"]),
                ("Burnt Ends", 1595, "Caramelized brisket point.", ["sauce"])]),
     ("Sides & Sweets", [("Mac & Cheese (Pint)", 795, ""), ("Jalapeño Cornbread", 395, ""),
                         ("Banana Pudding", 595, "Nilla wafers, whipped cream."),
                         ("Sweet Tea", 350, "", [], {"image": False})])])

MENU_SMORREBROD = menu_generic(
    {"bread": ("Bread", 1, 1, [("Danish Rye (Rugbrød)", 0), ("Sourdough", 0)],
               {"defaults": [("Danish Rye (Rugbrød)", 1)]})},
    [("Smørrebrød", [("Smørrebrød with Pickled Herring", 1295, "Curry herring, egg, capers, dill.", ["bread"]),
                     ("Roast Beef Smørrebrød", 1395, "Remoulade, crispy shallots, horseradish.", ["bread"]),
                     ("Shrimp Smørrebrød (Rejemad)", 1495, "Hand-peeled shrimp, lemon mayo, dill.", ["bread"]),
                     ("Smoked Salmon & Scrambled Egg", 1450, "Chives, cucumber.", ["bread"])]),
     ("Hygge Sweets", [("Æbleskiver (5)", 795, "Danish pancake puffs, lingonberry jam."),
                       ("Kardemummabulle (Cardamom Bun)", 495, "Swedish-style, pearl sugar."),
                       ("Wienerbrød (Danish Pastry)", 525, "")])])

MENU_DIMSUM = menu_generic(
    {"filling": ("Rice Roll Filling", 1, 1, [("Shrimp 虾", 0), ("BBQ Pork 叉烧", 0), ("Beef 牛肉", 0),
                                             ("Plain with Sesame", 0)], {"defaults": [("Shrimp 虾", 1)]}),
     "tea": ("Tea", 1, 1, [("Jasmine 茉莉花茶", 0), ("Oolong 乌龙", 0), ("Pu-erh 普洱", 0), ("Chrysanthemum 菊花", 0)],
             {"defaults": [("Jasmine 茉莉花茶", 1)]}),
     "six": ("Choose 6 Dishes", 6, 6, [("Xiao Long Bao", 0), ("Har Gow", 0), ("Siu Mai", 0), ("BBQ Pork Bun", 0),
                                       ("Turnip Cake", 0), ("Egg Tart", 0), ("Sesame Ball", 0)], {"dup": True})},
    [("Steamed 蒸", [("小笼包 Xiao Long Bao (6)", 1095, "Soup dumplings, pork and crab roe, black vinegar."),
                    ("虾饺 Har Gow (4)", 795, "Crystal shrimp dumplings."),
                    ("烧卖 Siu Mai (4)", 750, "Pork and shrimp, flying fish roe."),
                    ("叉烧包 BBQ Pork Buns (3)", 695, "Fluffy steamed buns."),
                    ("肠粉 Rice Noodle Roll", 850, "Silky rice sheets, sweet soy.", ["filling"])]),
     ("Fried & Baked 炸/烤", [("萝卜糕 Pan-Fried Turnip Cake", 650, "Lap cheong, dried shrimp."),
                              ("蛋挞 Egg Tarts (3)", 595, "Flaky Hong Kong-style."),
                              ("煎堆 Sesame Balls (3)", 550, "Red bean paste."),
                              ("菠萝包 Pineapple Bun", 395, "No pineapple, all crackle.")]),
     ("Feasts & Tea", [("Dim Sum Feast for Two", 4295, "Any six dishes, repeats allowed, plus tea.", ["six", "tea"]),
                       ("Tea Service (per person)", 200, "", ["tea"], {"image": False})])])

MENU_SUSHI = menu_generic(
    {"soy": ("Soy Sauce", 0, 1, [("Regular Soy", 0), ("Low-Sodium Soy", 0), ("Gluten-Free Tamari", 0)]),
     "wasabi": ("Wasabi", 1, 1, [("Regular Wasabi", 0), ("No Wasabi", 0), ("Fresh-Grated Hon-Wasabi", 300)],
                {"defaults": [("Regular Wasabi", 1)]})},
    [("Nigiri (2 pc)", [("Maguro (Bluefin Tuna)", 695, "", ["wasabi"]), ("Sake (King Salmon)", 650, "", ["wasabi"]),
                        ("Hamachi (Yellowtail)", 750, "", ["wasabi"]), ("Unagi (Eel)", 795, "", ["wasabi"]),
                        ("Hotate (Hokkaido Scallop)", 850, "", ["wasabi"])]),
     ("Rolls 🍣", [("California Roll", 995, "Dungeness crab, avocado, cucumber.", ["soy"]),
                  ("Spicy Tuna Roll 🔥", 1095, "", ["soy"]),
                  ("Rainbow Roll", 1595, "", ["soy"]),
                  ("Dragon Roll", 1695, "Eel, avocado, tempura shrimp.", ["soy"]),
                  ("Shiokaze Signature: Torched Salmon, Avocado, Crab & Yuzu Kosho Aioli Roll", 1895,
                   "Our signature, torched at the counter.", ["soy"])]),
     ("Omakase & Sides", [("Chef's Omakase Box 🍣", 4800, "Twelve pieces of the chef's selection.", ["soy", "wasabi"]),
                          ("Miso Soup", 350, "", [], {"image": False}),
                          ("Seaweed Salad", 595, "")])])

MENU_THAI = menu_generic(
    {"protein": ("Choose Protein", 1, 1, [("Chicken", 0), ("Tofu", 0), ("Vegetables", 0), ("Beef", 200),
                                          ("Shrimp", 300)]),
     "stars": ("Spice Level", 1, 1, [("Mild ★", 0), ("Medium ★★", 0), ("Hot ★★★", 0), ("Thai Hot ★★★★ 🔥", 0)],
               {"defaults": [("Medium ★★", 1)]}),
     "rice": ("Add Rice", 0, 1, [("Jasmine Rice", 250), ("Brown Rice", 300), ("Sticky Rice", 300)])},
    [("Noodles", [("Pad Thai", 1495, "Rice noodles, tamarind, egg, peanuts.", ["protein", "stars"]),
                  ("Pad See Ew", 1495, "Wide noodles, Chinese broccoli, sweet soy.", ["protein", "stars"]),
                  ("Drunken Noodles (Pad Kee Mao)", 1495, "Thai basil, chilies.", ["protein", "stars"])]),
     ("Curries", [("Green Curry", 1595, "", ["protein", "stars", "rice"]),
                  ("Panang Curry", 1595, "", ["protein", "stars", "rice"]),
                  ("Massaman Curry", 1595, "Potato, peanuts, fried shallots.", ["protein", "stars", "rice"])]),
     ("Soups & Starters", [("Tom Yum Soup", 1295, "", ["protein", "stars"]),
                           ("Tom Kha Gai", 1295, "Coconut-galangal soup with chicken.", ["stars"]),
                           ("Som Tum (Green Papaya Salad)", 1195, "", ["stars"]),
                           ("Chicken Satay", 1095, "Peanut sauce, cucumber relish.")]),
     ("Sweets & Drinks", [("Mango Sticky Rice", 895, ""), ("Thai Iced Tea", 450, "", [], {"image": False})])])

MENU_INDIAN = menu_generic(
    {"spice": SPICE,
     "bread": ("Bread", 0, 3, [("Plain Naan", 350), ("Garlic Naan", 450), ("Roti", 300), ("Paratha", 450)],
               {"dup": True})},
    [("Curries", [("Butter Chicken", 1895, "Tandoori chicken in tomato-fenugreek cream.", ["spice", "bread"]),
                  ("Chicken Tikka Masala", 1895, "", ["spice", "bread"]),
                  ("Saag Paneer", 1695, "", ["spice", "bread"]),
                  ("Chana Masala", 1495, "Vegan.", ["spice", "bread"]),
                  ("Lamb Rogan Josh", 2195, "Kashmiri chili, braised lamb.", ["spice", "bread"]),
                  ("Dal Makhani", 1495, "Black lentils slow-cooked overnight.", ["spice", "bread"])]),
     ("Rice & Breads", [("Vegetable Biryani", 1695, "", ["spice"]), ("Garlic Naan", 450, ""),
                        ("Basmati Rice", 350, "", [], {"image": False})]),
     ("Starters & Sweets", [("Samosas (2)", 695, "Potato and pea, tamarind chutney."),
                            ("Mango Lassi", 550, ""), ("Gulab Jamun (3)", 595, "Warm, in rose syrup.")])])

MENU_BIRYANI = menu_generic(
    {"spice": SPICE,
     "size": ("Size", 1, 1, [("Regular", 0), ("Family Pack (serves 4)", 2200)], {"defaults": [("Regular", 1)]}),
     "raita": ("Add Raita or Salan", 0, 2, [("Cucumber Raita", 150), ("Mirchi ka Salan", 200)])},
    [("Biryani", [("Hyderabadi Chicken Dum Biryani", 1795, "Sealed and slow-cooked in the pot.",
                   ["size", "spice", "raita"]),
                  ("Goat Dum Biryani", 2195, "", ["size", "spice", "raita"]),
                  ("Paneer Biryani", 1695, "", ["size", "spice", "raita"])]),
     ("South Indian", [("Masala Dosa", 1395, "Crisp rice crêpe, potato masala, sambar, chutneys."),
                       ("Idli Sambar (3)", 995, ""),
                       ("Chicken 65 🔥", 1395, "", ["spice"])]),
     ("Drinks & Dessert", [("Filter Coffee", 395, ""), ("Double ka Meetha", 695, "Bread pudding, saffron.")])])

MENU_SALAD = menu_generic(
    {"base": ("Base", 1, 1, [("Chopped Romaine", 0), ("Baby Kale", 0), ("Spinach", 0), ("Warm Quinoa", 100),
                             ("Brown Rice", 100)], {"defaults": [("Chopped Romaine", 1)]}),
     "tops": ("Toppings (4 included, then $1.00 each)", 0, 8,
              [("Cherry Tomatoes", 100), ("Cucumber", 100), ("Pickled Onion", 100), ("Roasted Sweet Potato", 100),
               ("Chickpeas", 100), ("Corn", 100), ("Avocado", 200), ("Feta", 150), ("Toasted Almonds", 100)],
              {"tiers": [(0, 0), (4, 100)]}),
     "protein": ("Add Protein", 0, 2, [("Grilled Chicken", 350), ("Roasted Salmon", 550), ("Baked Tofu", 300),
                                       ("Hard-Boiled Egg", 150)]),
     "dressing": ("Dressing", 1, 2, [("Lemon Tahini", 0), ("Green Goddess", 0), ("Balsamic", 0),
                                     ("Spicy Cashew 🔥", 0), ("No Dressing", 0)], {"defaults": [("Lemon Tahini", 1)]})},
    [("Salads & Bowls", [("Build Your Own Salad", 995, "Four toppings included.", ["base", "tops", "protein", "dressing"]),
                         ("Harvest Bowl", 1395, "Chicken, sweet potato, apples, goat cheese, wild rice.", ["dressing"]),
                         ("Kale Caesar", 1295, "", ["protein"]),
                         ("Spicy Chicken Grain Bowl 🔥", 1495, "", ["dressing"]),
                         ("Mediterranean Quinoa Bowl", 1395, "", ["protein", "dressing"]),
                         ("Green Goddess Crunch", 1295, "", ["protein"])]),
     ("Juice & Kombucha", [("Cold-Pressed Green Juice", 795, ""), ("Ginger Kombucha", 550, "")])])

MENU_VEGAN = menu_generic(
    {"tacos": ("Salsa", 0, 2, [("Salsa Verde", 0), ("Chipotle", 0), ("Mango Habanero 🔥", 0)])},
    [("Mains 🌱", [("Jackfruit Carnitas Tacos (3)", 1295, "", ["tacos"]),
                  ("Cashew Mac 'n' Cheese", 1195, "Creamy cashew sauce, toasted breadcrumbs."),
                  ("Beyond Smash Burger", 1495, "Plant-based patties, vegan American, special sauce."),
                  ("Buffalo Cauliflower Wings 🔥", 1095, "With vegan ranch."),
                  ("Tempeh Reuben", 1395, "Sauerkraut, Russian dressing, rye.")]),
     ("Bowls & Sweets", [("Açaí Bowl", 1195, "Granola, banana, berries, coconut."),
                         ("Vegan Crème brûlée", 850, "Coconut custard, torched sugar."),
                         ("Oat Milk Soft Serve", 550, "")])])

MENU_OAXACA = menu_generic(
    {"tamal": ("Tamal Filling", 2, 2, [("Mole Negro & Chicken", 0), ("Rajas con Queso", 0), ("Pork in Salsa Verde", 0),
                                       ("Sweet Pineapple", 0)], {"dup": True,
                                                                "defaults": [("Mole Negro & Chicken", 1),
                                                                             ("Rajas con Queso", 1)]})},
    [("Platos Fuertes", [("Enchiladas de Mole Negro", 1795, "Our grandmother's 28-ingredient mole."),
                         ("Tlayuda Oaxaqueña", 1695, "Giant crisp tortilla, asiento, beans, quesillo, tasajo."),
                         ("Tamales Oaxaqueños (2)", 1295, "Steamed in banana leaf.", ["tamal"]),
                         ("Chiles Rellenos", 1595, "Poblanos stuffed with quesillo, tomato caldillo."),
                         ("Tacos de Chapulines", 1395, "Toasted grasshoppers, guacamole, lime. Crunchy!"),
                         ("Jalapeños Toreados", 495, "Blistered with onion and lime.")]),
     ("Bebidas y Postres", [("Horchata de Melón", 450, ""), ("Tejate", 550, "Pre-Hispanic cacao-maize drink."),
                            ("Churros con Chocolate Oaxaqueño", 695, "")])])

MENU_FISH = menu_generic(
    {"pcs": ("Pieces", 1, 1, [("2 Piece", 0), ("3 Piece", 500)], {"defaults": [("2 Piece", 1)]}),
     "chowder": ("Size", 1, 1, [("Cup", 0), ("Bowl", 300), ("Bread Bowl", 500)], {"defaults": [("Cup", 1)]})},
    [("Fish & Chips", [("Cod & Chips", 1595, "Pacific cod, hand-battered.", ["pcs"]),
                       ("Halibut & Chips", 2195, "Alaskan halibut.", ["pcs"]),
                       ("Wild Salmon & Chips", 1995, "", ["pcs"]),
                       ("Fish Tacos (2)", 1295, "Cabbage slaw, chipotle crema.")]),
     ("Chowder & Sides", [("New England Clam Chowder", 695, "", ["chowder"]),
                          ("Coleslaw", 395, "", [], {"image": False}),
                          ("Hush Puppies", 595, "With honey butter.")])])

MENU_WINGS = menu_generic(
    {"count": ("Wing Count", 1, 1, [("6 pc", 0), ("12 pc", 900), ("24 pc", 2000)], {"defaults": [("6 pc", 1)]}),
     "flavors": ("Choose Flavors", 1, 3, [("Buffalo Mild", 0), ("Buffalo Hot 🔥", 0), ("Lemon Pepper", 0),
                                          ("Honey Garlic", 0), ("Korean Gochujang", 0), ("Carolina Gold", 0),
                                          ("Nashville Hot 🔥🔥", 0), ("🔥 Ghost Pepper Reaper (waiver required)", 100)],
                 {"defaults": [("Buffalo Mild", 1)]}),
     "dips": ("Dips (first one free)", 0, 4, [("Ranch", 100), ("Blue Cheese", 100), ("Honey Mustard", 100),
                                              ("Extra Buffalo", 100)], {"dup": True, "tiers": [(0, 0), (1, 75)]})},
    [("Wings 🔥", [("Classic Bone-In Wings", 1095, "Fried crisp, tossed to order.", ["count", "flavors", "dips"]),
                  ("Boneless Wings", 995, "", ["count", "flavors", "dips"]),
                  ("Wing Flight: Four Flavors, Twenty-Four Wings, Two Dips, No Regrets", 3495,
                   "Pre-selected tasting flight.")]),
     ("Things", [("Cajun Fries", 495, ""), ("Fried Pickles", 695, "", ["dips"]),
                 ("Celery & Carrots", 295, "", [], {"image": False})])])

MENU_POKE = menu_generic(
    {"base": ("Base", 1, 2, [("Sushi Rice", 0), ("Brown Rice", 0), ("Mixed Greens", 0), ("Zucchini Noodles", 100)],
              {"defaults": [("Sushi Rice", 1)]}),
     "protein": ("Protein (first scoop included, extra scoops $3.50)", 1, 3,
                 [("Ahi Tuna", 0), ("Salmon", 0), ("Spicy Tuna 🔥", 0), ("Tofu", 0), ("Octopus", 100)],
                 {"dup": True, "tiers": [(0, 0), (1, 350)], "defaults": [("Ahi Tuna", 1)]}),
     "tops": ("Toppings", 0, 6, [("Avocado", 150), ("Edamame", 0), ("Seaweed Salad", 50), ("Masago", 100),
                                 ("Cucumber", 0), ("Pickled Ginger", 0), ("Furikake", 0), ("Crispy Onion", 0)]),
     "sauce": ("Sauce", 1, 2, [("Shoyu", 0), ("Spicy Mayo", 0), ("Ponzu", 0), ("Wasabi Aioli", 0)],
               {"defaults": [("Shoyu", 1)]})},
    [("Poke Bowls", [("Build-Your-Own Poke Bowl", 1395, "", ["base", "protein", "tops", "sauce"]),
                     ("Classic Ahi Shoyu Bowl", 1595, "", ["base"]),
                     ("Spicy Salmon Bowl 🔥", 1595, "", ["base"])]),
     ("Snacks", [("Spam Musubi", 495, ""), ("Poke Nachos", 1195, "Wonton chips, ahi, avocado, spicy mayo.")])])

MENU_SICHUAN = menu_generic(
    {"spice": ("Málà Level 麻辣", 1, 1, [("Mild 微辣", 0), ("Medium 中辣", 0), ("Hot 特辣 🔥", 0)],
               {"defaults": [("Medium 中辣", 1)]}),
     "rice": ("Rice", 0, 2, [("Steamed Rice", 200), ("Egg Fried Rice", 450)], {"dup": True})},
    [("Signature 招牌菜", [("麻婆豆腐 Mapo Tofu", 1495, "Silken tofu, fermented broad bean, Sichuan pepper.",
                            ["spice", "rice"]),
                           ("宫保鸡丁 Kung Pao Chicken", 1595, "", ["spice", "rice"]),
                           ("水煮鱼 Boiled Fish in Chili Oil 🔥", 2295, "", ["spice", "rice"]),
                           ("干煸四季豆 Dry-Fried Green Beans", 1295, "", ["spice"])]),
     ("Noodles & Dumplings", [("担担面 Dan Dan Noodles", 1295, "", ["spice"]),
                              ("红油抄手 Wontons in Chili Oil (10)", 1095, "", ["spice"]),
                              ("口水鸡 Mouth-Watering Chicken", 1395, "Cold poached chicken, chili oil.")])])

MENU_BANHMI = menu_generic(
    {"heat": ("Jalapeño", 1, 1, [("Regular Jalapeño", 0), ("No Jalapeño", 0), ("Extra Jalapeño 🔥", 0)],
              {"defaults": [("Regular Jalapeño", 1)]}),
     "add": ("Add-ons", 0, 3, [("Fried Egg", 150), ("Extra Pâté", 100), ("Extra Meat", 250)])},
    [("Bánh Mì", [("Bánh Mì Đặc Biệt (Cold Cut Combo)", 895, "Chả lụa, pâté, headcheese, pickles.", ["heat", "add"]),
                  ("Grilled Lemongrass Pork Bánh Mì", 950, "", ["heat", "add"]),
                  ("Lemongrass Tofu Bánh Mì", 850, "", ["heat", "add"]),
                  ("Grilled Chicken Bánh Mì", 900, "", ["heat", "add"])]),
     ("Drinks & Sweets", [("Cà Phê Sữa Đá", 550, ""), ("Chè Ba Màu (Three-Color Dessert)", 595, "")])])

MENU_KOREAN = menu_generic(
    {"protein": ("Protein", 1, 1, [("Bulgogi Beef", 0), ("Spicy Pork", 0), ("Tofu", 0), ("Chicken", 0)]),
     "kfc": ("Sauce", 1, 1, [("Soy Garlic", 0), ("Yangnyeom 🔥", 0), ("Half & Half", 0)],
             {"defaults": [("Soy Garlic", 1)]})},
    [("찌개 Stews", [("김치찌개 Kimchi Jjigae", 1595, "Aged kimchi, pork belly, tofu. 맵다!"),
                    ("된장찌개 Doenjang Jjigae", 1495, "Fermented soybean stew.")]),
     ("Rice & Plates", [("돌솥비빔밥 Dolsot Bibimbap", 1695, "Sizzling stone pot.", ["protein"]),
                        ("불고기 Bulgogi Plate", 1895, ""),
                        ("김밥 Kimbap", 995, ""),
                        ("떡볶이 Tteokbokki 🔥", 1295, "")]),
     ("Korean Fried Chicken", [("KFC Half Chicken", 1995, "Double-fried.", ["kfc"])])])

MENU_TRATTORIA = menu_generic(
    {"pasta": ("Pasta Portion", 1, 1, [("Primo", 0), ("Secondo (full)", 800)], {"defaults": [("Secondo (full)", 1)]})},
    [("Antipasti", [("Burrata con Pomodorini", 1800, ""), ("Carpaccio di Manzo", 1900, "")]),
     ("Primi", [("Cacio e Pepe", 2400, "Tonnarelli, pecorino, black pepper.", ["pasta"]),
                ("Tagliatelle al Ragù Bolognese", 2800, "", ["pasta"]),
                ("Risotto ai Funghi Porcini", 2900, "")]),
     ("Secondi", [("Osso Buco alla Milanese", 4200, "Saffron risotto, gremolata."),
                  ("Branzino al Forno", 3800, "")]),
     ("Dolci", [("Tiramisù della Casa", 1200, ""), ("Panna Cotta ai Frutti di Bosco", 1100, "")])])

MENU_GHOST = menu_generic(
    {},
    [("Late-Night Munchies", [("Double Smash Burger", 1295, ""), ("Loaded Fries", 895, "Cheese sauce, bacon, scallions."),
                              ("Chicken Tenders (5)", 1195, ""), ("Mozzarella Sticks", 795, ""),
                              ("Cookie Skillet", 895, ""), ("Cold Brew Can", 450, "", [], {"image": False})])])

MENU_SUBS = menu_generic(
    {"size": ("Size", 1, 1, [('6"', 0), ('12"', 500)], {"defaults": [('6"', 1)]}),
     "bread": ("Bread", 1, 1, [("Italian White", 0), ("Wheat", 0), ("Jalapeño Cheddar", 50)],
               {"defaults": [("Italian White", 1)]})},
    [("Subs", [("Italian Sub", 1195, "Salami, ham, capicola, provolone.", ["size", "bread"]),
               ("Turkey Club Sub", 1150, "", ["size", "bread"]),
               ("Meatball Marinara Sub", 1095, "", ["size", "bread"]),
               ("Philly Cheesesteak", 1295, "", ["size", "bread"]),
               ("Veggie Delight", 950, "", ["size", "bread"])]),
     ("Extras", [("Kettle Chips", 250, "", [], {"image": False}), ("Chocolate Chunk Cookie", 250, "")])])

MENU_CREPES = menu_generic(
    {"batter": ("Batter", 1, 1, [("Wheat Crêpe", 0), ("Buckwheat Galette (GF)", 100)],
                {"defaults": [("Wheat Crêpe", 1)]})},
    [("Galettes Salées", [("Crêpe Complète", 1295, "Jambon, œuf, gruyère.", ["batter"]),
                          ("Galette Provençale", 1350, "Ratatouille, chèvre, basil.", ["batter"]),
                          ("Crêpe Forestière", 1395, "Mushrooms, crème fraîche, thyme.", ["batter"])]),
     ("Crêpes Sucrées", [("Crêpe Nutella-Banane", 995, "", ["batter"]),
                         ("Crêpe Suzette", 1095, "Orange butter, flambéed.", ["batter"]),
                         ("Crêpe Beurre-Sucre", 695, "", ["batter"])]),
     ("Boissons", [("Café au lait", 450, ""), ("Chocolat chaud", 495, "")])])

MENU_PATISSERIE = menu_generic(
    {"macarons": ("Choose 6 Macarons", 6, 6, [("Framboise", 0), ("Pistache", 0), ("Chocolat", 0), ("Vanille", 0),
                                              ("Citron", 0), ("Caramel Beurre Salé", 0)], {"dup": True}),
     "box": ("Gift Box?", 0, 1, [("Gift Box with Ribbon", 300)])},
    [("Viennoiseries", [("Croissant au Beurre", 450, ""), ("Pain au Chocolat", 495, ""),
                        ("Kouign-Amann", 525, "Caramelized Breton butter cake.")]),
     ("Pâtisseries", [("Crème brûlée", 795, "Tahitian vanilla custard, caramelized to order."),
                      ("Éclair au Café", 650, ""), ("Tarte Tatin", 695, ""),
                      ("Opéra Cake Slice", 795, "Almond joconde, coffee buttercream, ganache."),
                      ("Macarons (Box of 6)", 1495, "Choose your six.", ["macarons", "box"])])])

MENU_FALAFEL = menu_generic(
    {"sauce": ("Sauces", 0, 3, [("Tahini", 0), ("Garlic Toum", 0), ("Zhug 🔥", 0), ("Amba", 0)])},
    [("Pitas & Plates", [("Falafel Pita", 995, "", ["sauce"]), ("Falafel Plate", 1395, "Hummus, salad, pita.", ["sauce"]),
                         ("Chicken Shawarma Wrap", 1195, "", ["sauce"]),
                         ("Hummus & Warm Pita", 795, "")]),
     ("Sides & Sweets", [("Tabbouleh", 595, ""), ("Pistachio Baklava (2)", 495, "")])])

MENU_MED = menu_generic(
    {"protein": ("Choose Protein", 1, 1, [("Chicken Souvlaki", 0), ("Lamb Gyro", 200), ("Falafel", 0),
                                          ("Grilled Halloumi", 150)])},
    [("Plates", [("Gyro Plate", 1695, "Rice, Greek salad, pita, tzatziki.", ["protein"]),
                 ("Lamb Kofta Plate", 1795, ""), ("Moussaka", 1795, "Eggplant, spiced beef, béchamel.")]),
     ("Meze", [("Spanakopita", 895, ""), ("Dolmades (6)", 795, ""), ("Horiatiki (Greek Salad)", 1095, ""),
               ("Baklava", 495, "")])])

MENU_TERIYAKI = menu_generic(
    {"spice": ("Spicy?", 1, 1, [("Regular", 0), ("Spicy 🔥", 0)], {"defaults": [("Regular", 1)]})},
    [("Teriyaki", [("Chicken Teriyaki", 1195, "Seattle-style: charred thigh, sweet glaze, rice, salad.", ["spice"]),
                   ("Beef Teriyaki", 1395, "", ["spice"]), ("Tofu Teriyaki", 1095, "", ["spice"])]),
     ("Sides", [("Gyoza (6)", 695, ""), ("Yakisoba", 995, "")])])

MENU_CHOWDER = menu_generic(
    {"bowl": ("Serving", 1, 1, [("Cup", 0), ("Bowl", 300), ("Sourdough Bread Bowl", 500)], {"defaults": [("Cup", 1)]})},
    [("Chowder House", [("Clam Chowder", 695, "", ["bowl"]), ("Smoked Salmon Chowder", 795, "", ["bowl"]),
                        ("Dungeness Crab Roll", 2495, ""), ("Oyster Po'Boy", 1695, ""), ("Fish & Chips", 1795, "")])])

MENU_PIE = menu_generic(
    {"ala": ("À la Mode?", 0, 1, [("Vanilla Ice Cream", 250)])},
    [("Pies", [("Marionberry Pie — Whole", 2895, ""), ("Dutch Apple Pie — Whole", 2495, ""),
               ("Slice of the Day", 595, "", ["ala"]), ("Bumbleberry Hand Pie", 495, "")])])


# =========================================================================== STORES

def addr(a1, a2, city, zipc, lat, lon, state="WA"):
    return {"address1": a1, "address2": a2, "city": city, "state": state, "postalCode": zipc,
            "location": {"latitude": lat, "longitude": lon}}


def sbx(radius, fee_cents, service, tax, promo=None, exclusive=False, closed=False):
    return {"deliveryRadiusMiles": radius, "deliveryFee": money(fee_cents), "serviceFeePercent": service,
            "taxRateBasisPoints": tax,
            "promotion": None if promo is None else {"name": promo[0], "percentOff": promo[1],
                                                     "minSubTotal": money(promo[2])},
            "exclusive": exclusive, "closed": closed}


SEA_TAX = 1035
LUNCH_DINNER = weekly((ALL, [("11:00", "22:00")]))

def store_spec(modes="both", tips=(True, True), minimum=None, savings=None, **fields):
    """A store's entry; the usual store delivers and offers pickup, takes tips on both, has no
    minimum order and no savings, so an entry names only where it differs."""
    return dict(fields, modes=modes, tips=tips, minimum=minimum, savings=savings)


# Each entry: store fields + "menu" (builder) + "hours" (store availability) + optional
# "catalog_hours" (catalog availability when it must differ from the store's).
STORE_SPECS = [
    store_spec(stem="slice-of-heaven-pizza-co", name="Slice of Heaven Pizza Co.", cats=["Pizza", "Italian"],
               address=addr("612 E Pine St", None, "Seattle", "98122", 47.6152, -122.3236),
               hours=H247, menu=menu_pizza, price_level=2, rating=4.6, reviews=2318,
               desc="Capitol Hill's late-night pie shop: 48-hour dough, build-your-own with the first two toppings free. "
                    "Open around the clock.",
               sandbox=sbx(6.0, 299, 5, SEA_TAX)),
    store_spec(stem="ballard-bagel-works", name="Ballard Bagel Works", cats=["Bagels", "Breakfast", "Bakery"],
               address=addr("5312 Ballard Ave NW", None, "Seattle", "98107", 47.6668, -122.3838),
               hours=H247, menu=menu_bagels, price_level=1, rating=4.7, reviews=1544,
               desc="Kettle-boiled, hand-rolled bagels by the one or by the dozen, house schmears and local coffee. "
                    "Our ovens never sleep.",
               sandbox=sbx(5.0, 199, 5, SEA_TAX, promo=("Dozen Deal: 10% off orders over $30", 10, 3000))),
    store_spec(stem="fremont-burger-lab", name="Fremont Burger Lab", cats=["Burgers", "American"],
               address=addr("3417 Fremont Ave N", None, "Seattle", "98103", 47.6506, -122.3497),
               hours=H247, menu=menu_burgers, price_level=2, rating=4.5, reviews=3107,
               desc="Smash burgers engineered in the Center of the Universe. Combos, stack-your-own patties, "
                    "shakes and a sauce bar.",
               sandbox=sbx(6.0, 349, 8, SEA_TAX, exclusive=True)),
    store_spec(stem="emerald-city-market-hall", name="Emerald City Market Hall", cats=["Grocery", "Deli", "Pizza", "Bakery"],
               modes="delivery", tips=(False, False), minimum=2500,
               address=addr("401 Westlake Ave N", "Ground Floor", "Seattle", "98109", 47.6225, -122.3385),
               hours=H247, menu=menu_market_hall, price_level=2, rating=4.3, reviews=4871, savings=11,
               desc="A 24-hour food hall and neighborhood grocery in South Lake Union — hot food, deli, bakery, produce "
                    "and 2,000+ pantry staples delivered. $25 minimum.",
               sandbox=sbx(10.0, 0, 10, SEA_TAX)),
    store_spec(stem="saigon-lantern-pho", name="Saigon Lantern Phở", cats=["Vietnamese", "Pho", "Noodles"],
               tips=(False, True),
               address=addr("1019 S Jackson St", None, "Seattle", "98104", 47.5990, -122.3186),
               hours=H247, menu=menu_pho, price_level=1, rating=4.8, reviews=2650, savings=10,
               desc="Little Saigon phở simmered for 12 hours, bún, cơm tấm and strong cà phê sữa đá — day and night.",
               sandbox=sbx(5.0, 249, 0, SEA_TAX, promo=("Welcome Bowl: 10% off over $20", 10, 2000))),
    store_spec(stem="all-nighter-coffee-roasters", name="All-Nighter Coffee Roasters ☕", cats=["Coffee", "Cafe", "Bakery"],
               tips=(False, False),
               address=addr("2218 2nd Ave", None, "Seattle", "98121", 47.6142, -122.3449),
               hours=H247, menu=menu_coffee, price_level=1, rating=4.4, reviews=987,
               desc="Belltown's 24-hour espresso bar for night-shift nurses, coders and insomniacs. Tips? We pay our "
                    "baristas properly instead.",
               sandbox=sbx(3.0, 199, 0, SEA_TAX)),
    store_spec(stem="midnight-ramen-yokocho", name="Midnight Ramen ラーメン横丁", cats=["Ramen", "Japanese", "Noodles"],
               modes="delivery", tips=(True, False), minimum=1500,
               address=addr("4512 University Way NE", None, "Seattle", "98105", 47.6617, -122.3128),
               hours=H247, menu=menu_ramen, price_level=2, rating=4.7, reviews=1822,
               desc="Delivery-only ramen kitchen in the U District. Rich tonkotsu, shoyu and spicy tantanmen, 24/7. "
                    "$15 minimum.",
               sandbox=sbx(7.0, 399, 12, SEA_TAX)),
    store_spec(stem="lake-union-diner", name="Lake Union Diner", cats=["Diner", "American", "Breakfast"],
               address=addr("2319 Eastlake Ave E", None, "Seattle", "98102", 47.6400, -122.3258),
               hours=weekly((ALL, [("07:00", "22:00")])), menu=menu_diner, price_level=2, rating=4.4, reviews=1210,
               desc="Chrome-and-vinyl diner on Eastlake. Breakfast until 11, lunch until 4, dinner until 10 — "
                    "each with its own menu.",
               sandbox=sbx(4.0, 299, 5, SEA_TAX)),
    store_spec(stem="night-owl-tacos", name="Night Owl Tacos 🌮", cats=["Mexican", "Tacos"],
               address=addr("1510 11th Ave", None, "Seattle", "98122", 47.6145, -122.3178),
               hours=weekly((["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"], [("18:00", "23:00")]),
                            (["Friday", "Saturday"], [("18:00", "00:00")]),
                            (["Saturday", "Sunday"], [("00:00", "02:00")])),
               menu=menu_tacos, price_level=1, rating=4.6, reviews=2044,
               desc="Pike/Pine taquería for the after-bar crowd: open till 2 a.m. on Friday and Saturday nights.",
               sandbox=sbx(4.0, 299, 5, SEA_TAX)),
    store_spec(stem="pioneer-square-smokehouse", name="Pioneer Square Smokehouse BBQ", cats=["BBQ", "American"],
               address=addr("212 1st Ave S", None, "Seattle", "98104", 47.6004, -122.3341),
               hours=H247, menu=MENU_SMOKEHOUSE, price_level=2, rating=4.5, reviews=1377,
               desc="Texas-style brisket and ribs under the pergola. Temporarily closed for a smoker rebuild.",
               sandbox=sbx(5.0, 399, 5, SEA_TAX, closed=True)),
    store_spec(stem="wallingford-smorrebrod-kitchen", name="Wallingford Smørrebrød Kitchen",
               cats=["Scandinavian", "Sandwiches"], 
               address=addr("1821 N 45th St", None, "Seattle", "98103", 47.6613, -122.3350),
               hours=[], catalog_hours=weekly((ALL, [("11:00", "20:00")])), menu=MENU_SMORREBROD, price_level=3,
               rating=4.8, reviews=402,
               desc="Danish open-faced sandwiches on house rugbrød, æbleskiver and cardamom buns. Hours not yet set for "
                    "the season.",
               sandbox=sbx(4.0, 299, 5, SEA_TAX)),
    store_spec(stem="jade-harbor-dim-sum", name="Jade Harbor Dim Sum 小笼包", cats=["Dim Sum", "Chinese"],
               address=addr("655 S King St", None, "Seattle", "98104", 47.5983, -122.3242),
               hours=weekly((ALL, [("10:00", "15:00"), ("17:00", "21:00")])), menu=MENU_DIMSUM, price_level=2,
               rating=4.6, reviews=3330,
               desc="Cantonese dim sum in the Chinatown-International District: 小笼包, 虾饺 and egg tarts. "
                    "Closed between lunch and dinner.",
               sandbox=sbx(5.0, 299, 8, SEA_TAX)),
    store_spec(stem="shiokaze-sushi-bar", name="Shiokaze Sushi Bar 🍣", cats=["Sushi", "Japanese"],
               minimum=2000,
               address=addr("2400 1st Ave", None, "Seattle", "98121", 47.6146, -122.3480),
               hours=weekly((["Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
                             [("11:30", "14:00"), ("17:00", "22:00")])),
               menu=MENU_SUSHI, price_level=4, rating=4.9, reviews=856,
               desc="Edomae-style nigiri and rolls from Pacific Northwest seafood. Closed Mondays. $20 minimum.",
               sandbox=sbx(4.0, 499, 10, SEA_TAX, exclusive=True)),
    store_spec(stem="bangkok-basil-thai", name="Bangkok Basil Thai Kitchen", cats=["Thai"],
               address=addr("6508 Roosevelt Way NE", None, "Seattle", "98115", 47.6762, -122.3175),
               hours=weekly((ALL, [("11:00", "21:30")])), menu=MENU_THAI, price_level=2, rating=4.5, reviews=1689,
               savings=15,
               desc="Pad Thai, curries and Thai-hot everything in Roosevelt. Spice from ★ to ★★★★.",
               sandbox=sbx(5.0, 299, 5, SEA_TAX, promo=("Spring Special: 15% off over $25", 15, 2500))),
    store_spec(stem="spice-route-indian-kitchen", name="Spice Route Indian Kitchen", cats=["Indian"],
               address=addr("1520 Queen Anne Ave N", None, "Seattle", "98109", 47.6330, -122.3568),
               hours=LUNCH_DINNER, menu=MENU_INDIAN, price_level=2, rating=4.6, reviews=1433,
               desc="North Indian curries, tandoor and naan on top of Queen Anne hill.",
               sandbox=sbx(5.0, 349, 5, SEA_TAX)),
    store_spec(stem="green-bowl-salad-co", name="Green Bowl Salad Co.", cats=["Salads", "Healthy"],
               address=addr("500 Terry Ave N", None, "Seattle", "98109", 47.6235, -122.3370),
               hours=weekly((WEEKDAYS, [("10:30", "20:00")])), menu=MENU_SALAD, price_level=2, rating=4.2, reviews=2206,
               savings=12,
               desc="Weekday salads and grain bowls for South Lake Union. Four toppings included. Closed weekends.",
               sandbox=sbx(3.0, 199, 5, SEA_TAX)),
    store_spec(stem="rainier-avenue-vegan", name="Rainier Avenue Vegan 🌱", cats=["Vegan", "Healthy"],
               address=addr("4868 Rainier Ave S", None, "Seattle", "98118", 47.5592, -122.2853),
               hours=weekly((ALL, [("11:00", "21:00")])), menu=MENU_VEGAN, price_level=2, rating=4.7, reviews=921,
               desc="100% plant-based comfort food in Columbia City.",
               sandbox=sbx(5.0, 299, 5, SEA_TAX)),
    store_spec(stem="dona-rosas-oaxacan-kitchen", name="Doña Rosa's Authentic Oaxacan Kitchen & Mezcal Bar of Columbia City",
               cats=["Mexican", "Oaxacan"], 
               address=addr("4903 Rainier Ave S", "Suite B", "Seattle", "98118", 47.5580, -122.2848),
               hours=weekly((["Tuesday", "Wednesday", "Thursday", "Sunday"], [("12:00", "21:00")]),
                            (["Friday", "Saturday"], [("12:00", "23:00")])),
               menu=MENU_OAXACA, price_level=3, rating=4.8, reviews=1105,
               desc="Mole negro, tlayudas and chapulines from three generations of Oaxacan cooks. Closed Mondays.",
               sandbox=sbx(5.0, 349, 5, SEA_TAX)),
    store_spec(stem="alki-beach-fish-and-chips", name="Alki Beach Fish & Chips", cats=["Seafood", "Fish & Chips"],
               address=addr("2620 Alki Ave SW", None, "Seattle", "98116", 47.5797, -122.4094),
               hours=weekly((ALL, [("11:00", "20:00")])), menu=MENU_FISH, price_level=2, rating=4.3, reviews=2897,
               desc="Beach-side cod, halibut and chowder with a view of the Space Needle.",
               sandbox=sbx(4.0, 399, 5, SEA_TAX)),
    store_spec(stem="greenwood-wings-and-things", name="Greenwood Wings & Things 🔥", cats=["Wings", "American"],
               address=addr("8518 Greenwood Ave N", None, "Seattle", "98103", 47.6905, -122.3553),
               hours=weekly((ALL, [("15:00", "23:00")])), menu=MENU_WINGS, price_level=1, rating=4.1, reviews=1766,
               desc="Twenty sauces from lemon pepper to Ghost Pepper Reaper. First dip free.",
               sandbox=sbx(5.0, 249, 5, SEA_TAX)),
    store_spec(stem="salmon-bay-poke-shack", name="Salmon Bay Poke Shack", cats=["Poke", "Hawaiian"],
               modes="pickup", tips=(False, True),
               address=addr("2232 NW Market St", None, "Seattle", "98107", 47.6686, -122.3854),
               hours=weekly((ALL, [("11:00", "20:30")])), menu=MENU_POKE, price_level=2, rating=4.4, reviews=744,
               desc="Build-your-own poke in Ballard. Pickup only — grab it on your way to the Locks.",
               sandbox=sbx(0.0, 0, 0, SEA_TAX)),
    store_spec(stem="sichuan-fire-kitchen", name="Sichuan Fire Kitchen 🔥 川味", cats=["Chinese", "Sichuan"],
               address=addr("4223 University Way NE", None, "Seattle", "98105", 47.6590, -122.3131),
               hours=weekly((ALL, [("11:30", "22:30")])), menu=MENU_SICHUAN, price_level=2, rating=4.6, reviews=2389,
               savings=20, desc="Numbing, fragrant 麻辣 cooking: mapo tofu, boiled fish, dan dan noodles.",
               sandbox=sbx(5.0, 299, 8, SEA_TAX, promo=("Fire Sale: 20% off over $35", 20, 3500))),
    store_spec(stem="beacon-hill-banh-mi", name="Beacon Hill Bánh Mì", cats=["Vietnamese", "Sandwiches"],
               address=addr("2507 Beacon Ave S", None, "Seattle", "98144", 47.5800, -122.3115),
               hours=weekly((ALL, [("08:00", "18:00")])), menu=MENU_BANHMI, price_level=1, rating=4.7, reviews=1298,
               desc="Crackly baguettes baked hourly, stuffed with lemongrass pork, pâté and pickles.",
               sandbox=sbx(4.0, 199, 0, SEA_TAX)),
    store_spec(stem="seoul-kitchen-lake-city", name="Seoul Kitchen 김치찌개", cats=["Korean"],
               address=addr("12510 Lake City Way NE", None, "Seattle", "98125", 47.7196, -122.2953),
               hours=weekly((ALL, [("11:00", "21:30")])), menu=MENU_KOREAN, price_level=2, rating=4.5, reviews=688,
               desc="Bubbling jjigae, dolsot bibimbap and double-fried chicken in Lake City.",
               sandbox=sbx(6.0, 399, 5, SEA_TAX)),
    store_spec(stem="madison-park-trattoria", name="Madison Park Trattoria", cats=["Italian"],
               address=addr("4105 E Madison St", None, "Seattle", "98112", 47.6352, -122.2789),
               hours=weekly((["Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], [("17:00", "22:00")])),
               menu=MENU_TRATTORIA, price_level=4, rating=4.8, reviews=512,
               desc="Handmade pasta and Milanese classics by the lake. Dinner only, Tuesday to Sunday.",
               sandbox=sbx(4.0, 599, 15, SEA_TAX, exclusive=True)),
    store_spec(stem="georgetown-ghost-kitchen", name="Georgetown Ghost Kitchen", cats=["American", "Burgers"],
               modes="delivery", tips=(True, False),
               address=addr("5910 Airport Way S", "Unit 4", "Seattle", "98108", 47.5487, -122.3208),
               hours=None, catalog_hours=weekly((ALL, [("17:00", "00:00")])), menu=MENU_GHOST, price_level=1, rating=3.9, reviews=143,
               desc="Delivery-only late-night munchies. Hours not published yet.",
               sandbox=sbx(6.0, 299, 10, SEA_TAX)),
    store_spec(stem="sodo-sub-station", name="SoDo Sub Station", cats=["Sandwiches", "Deli"],
               address=addr("2401 Utah Ave S", None, "Seattle", "98134", 47.5812, -122.3355),
               hours=weekly((WEEKDAYS, [("07:00", "15:00")]), (["Saturday"], [("10:00", "15:00")])),
               menu=MENU_SUBS, price_level=1, rating=3.2, reviews=211,
               desc="Hoagies for the stadium district and warehouse crews. Weekdays and Saturday lunch.",
               sandbox=sbx(4.0, 249, 5, SEA_TAX)),
    store_spec(stem="capitol-hill-creperie", name="Capitol Hill Crêperie", cats=["French", "Crêpes", "Desserts"],
               address=addr("1405 E Olive Way", None, "Seattle", "98122", 47.6188, -122.3262),
               hours=weekly((["Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], [("09:00", "21:00")])),
               menu=MENU_CREPES, price_level=2, rating=4.5, reviews=833,
               desc="Galettes de sarrasin et crêpes sucrées, made to order. Fermé le lundi.",
               sandbox=sbx(3.0, 249, 5, SEA_TAX)),
    store_spec(stem="le-petit-four-patisserie", name="Le Petit Four Pâtisserie", cats=["Bakery", "French", "Desserts"],
               modes="pickup", tips=(False, True),
               address=addr("2 Boston St", None, "Seattle", "98109", 47.6387, -122.3568),
               hours=weekly((["Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], [("07:00", "18:00")])),
               menu=MENU_PATISSERIE, price_level=3, rating=4.9, reviews=1561,
               desc="Crème brûlée, macarons and viennoiseries on Queen Anne. Pickup only, Wednesday to Sunday.",
               sandbox=sbx(0.0, 0, 0, SEA_TAX)),
    store_spec(stem="mercer-street-falafel", name="Mercer Street Falafel", cats=["Mediterranean", "Middle Eastern"],
               modes="pickup", tips=(False, False),
               address=addr("15 W Mercer St", None, "Seattle", "98119", 47.6245, -122.3578),
               hours=LUNCH_DINNER, menu=MENU_FALAFEL, price_level=1, rating=4.6, reviews=1920,
               desc="Counter-service falafel near Climate Pledge Arena. Pickup only; prices include service.",
               sandbox=sbx(0.0, 0, 0, SEA_TAX)),
    store_spec(stem="aegean-table-mediterranean", name="Aegean Table Mediterranean Grill", cats=["Mediterranean", "Greek"],
               address=addr("3214 W McGraw St", None, "Seattle", "98199", 47.6395, -122.3995),
               hours=weekly((ALL, [("11:00", "21:00")])), menu=MENU_MED, price_level=2, rating=4.4, reviews=604,
               desc="Souvlaki, gyros and meze in Magnolia Village.",
               sandbox=sbx(5.0, 349, 5, SEA_TAX)),
    store_spec(stem="bellevue-biryani-house", name="Bellevue Biryani House", cats=["Indian", "South Indian"],
               address=addr("10116 NE 8th St", None, "Bellevue", "98004", 47.6172, -122.2045),
               hours=weekly((ALL, [("11:00", "15:00"), ("17:00", "22:00")])), menu=MENU_BIRYANI, price_level=2,
               rating=4.5, reviews=2781, desc="Hyderabadi dum biryani and dosas across the lake in Bellevue.",
               sandbox=sbx(8.0, 499, 5, 1030)),
    # ---- beyond 10 miles (distance filtering) ----
    store_spec(stem="tacoma-dome-teriyaki", name="Tacoma Dome Teriyaki", cats=["Teriyaki", "Japanese"],
               address=addr("2502 E D St", None, "Tacoma", "98421", 47.2368, -122.4271),
               hours=weekly((ALL, [("10:30", "21:00")])), menu=MENU_TERIYAKI, price_level=1, rating=4.2, reviews=377,
               desc="Seattle-style teriyaki, 30 miles south.",
               sandbox=sbx(5.0, 299, 5, 1030)),
    store_spec(stem="everett-harbor-chowder-house", name="Everett Harbor Chowder House", cats=["Seafood"],
               address=addr("1728 W Marine View Dr", None, "Everett", "98201", 47.9986, -122.2194),
               hours=weekly((ALL, [("11:00", "21:00")])), menu=MENU_CHOWDER, price_level=2, rating=4.0, reviews=259,
               desc="Chowder and crab rolls on the Everett waterfront.",
               sandbox=sbx(5.0, 399, 5, 990)),
    store_spec(stem="snoqualmie-falls-pie-co", name="Snoqualmie Falls Pie Co.", cats=["Bakery", "Desserts"],
               modes="pickup", tips=(False, True),
               address=addr("101 W North Bend Way", None, "North Bend", "98045", 47.4957, -121.7868),
               hours=weekly((ALL, [("08:00", "18:00")])), menu=MENU_PIE, price_level=2, rating=4.6, reviews=1333,
               desc="Mountain-town pies worth the drive up I-90.",
               sandbox=sbx(0.0, 0, 0, 890)),
]


def build_store(spec):
    stem = spec["stem"]
    store_id = guid("store/" + stem)
    cs_id = guid("catalogset/" + stem + "/v1")
    rng = random.Random("%d:%s" % (SEED, stem))
    m = Menu(stem, rng, savings=spec["savings"])
    cat_hours = spec.get("catalog_hours", spec["hours"])
    spec["menu"](m, cat_hours)
    catalog_set = m.finish(store_id, cs_id)
    d_ok = spec["modes"] in ("both", "delivery")
    p_ok = spec["modes"] in ("both", "pickup")
    options = {"acceptsDeliveryTips": spec["tips"][0] and d_ok, "acceptsPickupTips": spec["tips"][1] and p_ok}
    if spec["minimum"] is not None:
        options["minimumOrderAmount"] = money(spec["minimum"])
    store = {
        "storeId": store_id,
        "name": spec["name"],
        "stem": stem,
        "categories": spec["cats"],
        "deliveryAllowed": d_ok,
        "pickupAllowed": p_ok,
        "options": options,
        "address": spec["address"],
        "availability": spec["hours"],
        "catalogSetId": cs_id,
        "description": spec["desc"],
        "imageUrl": "%s/stores/%s.jpg" % (IMG, stem),
        "priceLevel": spec["price_level"],
        "rating": spec["rating"],
        "reviewCount": spec["reviews"],
        "savings": spec["savings"],
        "timeZone": TZ,
        "_sandbox": spec["sandbox"],
    }
    return store, catalog_set


# =========================================================================== USERS

def build_users():
    def ua(key, a, instructions):
        return {"userAddressId": guid("user-address/" + key), "address": a, "instructions": instructions}

    def card(key, ctype, last4, exp):
        return {"paymentId": guid("user-payment/" + key), "cardType": ctype, "lastFour": last4, "expirationDate": exp}

    return {"users": [
        {"partnerUserId": "demo-user", "email": "demo@example.com", "firstName": "Dana", "lastName": "Demo",
         "phone": "+12065550123",
         "addresses": [
             ua("demo-user/home", addr("1420 E Pine St", "Apt 305", "Seattle", "98122", 47.6153, -122.3141),
                "Buzz 305 at the side door on 15th Ave; leave at the door if no answer."),
             ua("demo-user/work", addr("1100 Dexter Ave N", "Suite 200", "Seattle", "98109", 47.6291, -122.3424),
                "Check in at the front desk and ask for Dana."),
         ],
         "payments": [card("demo-user/visa", "visa", "4242", "2028-09-30"),
                      card("demo-user/mastercard", "mastercard", "4444", "2027-05-31")]},
        {"partnerUserId": "sam-no-payment", "email": "sam.rivera@example.com", "firstName": "Sam",
         "lastName": "Rivera", "phone": "+12065550187",
         "addresses": [ua("sam-no-payment/home", addr("2415 NW 64th St", None, "Seattle", "98107", 47.6757, -122.3875),
                          "Blue house, porch is fine.")],
         "payments": []},
        {"partnerUserId": "ivy-identity-only", "email": "ivy.chen@example.com", "firstName": "Ivy",
         "lastName": "Chen", "phone": None, "addresses": [], "payments": []},
        {"partnerUserId": "tacoma-tester", "email": "pat.okafor@example.com", "firstName": "Pat",
         "lastName": "Okafor", "phone": "+12535550142",
         "addresses": [ua("tacoma-tester/home", addr("1102 A St", "Apt 9", "Tacoma", "98402", 47.2516, -122.4380),
                          "Outside Seattle delivery ranges: use for ADDRESS_OUT_OF_RANGE demos.")],
         "payments": [card("tacoma-tester/amex", "amex", "1005", "2029-01-31")]},
    ]}


# =========================================================================== VALIDATION

class Problems(list):
    def check(self, cond, msg):
        if not cond:
            self.append(msg)
        return cond


def _money_ok(x):
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return False
    try:
        c = cents_of(x)
    except ValueError:
        return False
    return c >= 0


def validate_windows(p, where, windows, allow_none=True):
    if windows is None:
        p.check(allow_none, where + ": availability null not allowed")
        return
    if not p.check(isinstance(windows, list), where + ": availability not a list"):
        return
    per_day = {}
    for i, w in enumerate(windows):
        tag = "%s.availability[%d]" % (where, i)
        if not p.check(isinstance(w, dict) and set(w) == {"dayOfWeek", "start", "end"}, tag + ": bad keys"):
            continue
        p.check(w["dayOfWeek"] in DAYS, tag + ": bad dayOfWeek")
        ok = p.check(bool(HMS_RE.match(w["start"])) and bool(HMS_RE.match(w["end"])), tag + ": bad HH:mm:ss")
        if ok:
            s = w["start"]
            e = "24:00:00" if w["end"] == "00:00:00" else w["end"]
            p.check(s < e, tag + ": start must be before end (windows never cross midnight)")
            per_day.setdefault(w["dayOfWeek"], []).append((s, e))
    for d, spans in per_day.items():
        spans.sort()
        for a, b in zip(spans, spans[1:]):
            p.check(a[1] <= b[0], "%s: overlapping windows on %s" % (where, d))


def walk_cycles(p, state, node, path, children, named, what):
    """Depth-first from node along children(node); state marks a node 1 while it is on the path
    and 2 when done. Each cycle found is reported as "<what> a -> b -> a" by the names in `named`."""
    if state.get(node) == 1:
        p.append("%s %s" % (what, " -> ".join(named[x]["name"] for x in path + [node])))
        return
    if state.get(node) == 2:
        return
    state[node] = 1
    for child in children(node):
        walk_cycles(p, state, child, path + [node], children, named, what)
    state[node] = 2


def validate_catalog_set(p, cs, store):
    w = "catalog " + store["stem"]
    p.check(set(cs) == {"catalogSetId", "storeId", "catalogs", "sections", "items", "modifierGroups"},
            w + ": top-level keys")
    p.check(cs["catalogSetId"] == store["catalogSetId"], w + ": catalogSetId mismatch")
    p.check(cs["storeId"] == store["storeId"], w + ": storeId mismatch")
    cats, secs, items, groups = cs["catalogs"], cs["sections"], cs["items"], cs["modifierGroups"]
    for mapname, mp, idk in (("catalogs", cats, "catalogId"), ("sections", secs, "sectionId"),
                             ("items", items, "itemId"), ("modifierGroups", groups, "modifierGroupId")):
        for k, v in mp.items():
            p.check(bool(GUID_RE.match(k)), "%s: %s key %r not a lowercase GUID" % (w, mapname, k))
            p.check(v.get(idk) == k, "%s: %s[%s].%s != key" % (w, mapname, k, idk))
            p.check(isinstance(v.get("name"), str) and v["name"].strip() == v["name"] and v["name"],
                    "%s: %s[%s] bad name" % (w, mapname, k))
    all_ids = list(cats) + list(secs) + list(items) + list(groups)
    p.check(len(all_ids) == len(set(all_ids)), w + ": id reused across maps")
    p.check(len(cats) >= 1, w + ": no catalogs")

    sec_refs = {}
    for cid, c in cats.items():
        p.check(set(c) == {"catalogId", "name", "sectionIds", "availability"}, w + ": catalog keys " + c["name"])
        p.check(len(c["sectionIds"]) == len(set(c["sectionIds"])), w + ": duplicate sectionIds in catalog")
        for sid in c["sectionIds"]:
            if p.check(sid in secs, "%s: catalog %s -> unknown section %s" % (w, c["name"], sid)):
                sec_refs.setdefault(sid, []).append(cid)
        validate_windows(p, "%s catalog %s" % (w, c["name"]), c["availability"])

    item_refs = {}
    for sid, s in secs.items():
        p.check(set(s) == {"sectionId", "name", "itemIds", "sectionIds"}, w + ": section keys " + s["name"])
        p.check(len(s["itemIds"]) == len(set(s["itemIds"])), w + ": duplicate itemIds in section " + s["name"])
        p.check(len(s["sectionIds"]) == len(set(s["sectionIds"])), w + ": duplicate child sections " + s["name"])
        p.check(s["itemIds"] or s["sectionIds"], w + ": empty section " + s["name"])
        for iid in s["itemIds"]:
            if p.check(iid in items, "%s: section %s -> unknown item %s" % (w, s["name"], iid)):
                item_refs.setdefault(iid, []).append(sid)
        for c in s["sectionIds"]:
            if p.check(c in secs, "%s: section %s -> unknown child %s" % (w, s["name"], c)):
                sec_refs.setdefault(c, []).append(sid)
    p.check(set(sec_refs) == set(secs), w + ": orphan sections %s" % (set(secs) - set(sec_refs)))

    # section cycles + reachability from catalogs
    state = {}

    def dfs_sec(sid, path):
        walk_cycles(p, state, sid, path, lambda s: [c for c in secs[s]["sectionIds"] if c in secs],
                    secs, w + ": section cycle")

    for cid, c in cats.items():
        for sid in c["sectionIds"]:
            if sid in secs:
                dfs_sec(sid, [])
    p.check(set(state) == set(secs), w + ": sections unreachable from every catalog")
    for sid in secs:
        if sid not in state:
            dfs_sec(sid, [])

    group_refs = {}
    for iid, it in items.items():
        allowed = {"itemId", "name", "description", "basePrice", "startingAt", "compareAt", "imageUrl",
                   "modifierGroupIds"}
        p.check(set(it) <= allowed and {"itemId", "name", "description", "basePrice", "modifierGroupIds"} <= set(it),
                "%s: item keys %s" % (w, it["name"]))
        p.check(isinstance(it["description"], str), w + ": item description type")
        p.check(_money_ok(it["basePrice"]), "%s: bad basePrice %r on %s" % (w, it["basePrice"], it["name"]))
        for k in ("startingAt", "compareAt"):
            if k in it:
                p.check(_money_ok(it[k]), "%s: bad %s on %s" % (w, k, it["name"]))
        if "compareAt" in it:
            p.check(cents_of(it["compareAt"]) > cents_of(it["basePrice"]), w + ": compareAt <= basePrice " + it["name"])
        if "imageUrl" in it:
            p.check(it["imageUrl"].startswith(IMG + "/"), w + ": imageUrl host")
        p.check(len(it["modifierGroupIds"]) == len(set(it["modifierGroupIds"])), w + ": dup groups on " + it["name"])
        for gid in it["modifierGroupIds"]:
            if p.check(gid in groups, "%s: item %s -> unknown group %s" % (w, it["name"], gid)):
                group_refs.setdefault(gid, []).append(iid)

    for gid, g in groups.items():
        n = "%s: group %s" % (w, g["name"])
        p.check(set(g) == {"modifierGroupId", "name", "itemIds", "minimumAllowed", "maximumAllowed",
                           "enableDuplicateItems", "defaultItems", "tiers"}, n + ": keys")
        mn, mx, dup = g["minimumAllowed"], g["maximumAllowed"], g["enableDuplicateItems"]
        p.check(isinstance(mn, int) and isinstance(mx, int) and not isinstance(mn, bool), n + ": min/max not int")
        p.check(isinstance(dup, bool), n + ": enableDuplicateItems not bool")
        p.check(0 <= mn <= mx, n + ": need 0 <= min <= max")
        p.check(mx >= 1, n + ": max must be >= 1 (0 never means unlimited)")
        p.check(len(g["itemIds"]) >= 1, n + ": no options")
        p.check(len(g["itemIds"]) == len(set(g["itemIds"])), n + ": duplicate option ids")
        if not dup:
            p.check(len(g["itemIds"]) >= mn, n + ": minimum unreachable without duplicates")
            p.check(mx <= len(g["itemIds"]), n + ": maximum unreachable without duplicates")
        for oid in g["itemIds"]:
            if p.check(oid in items, "%s -> unknown option %s" % (n, oid)):
                item_refs.setdefault(oid, []).append(gid)
        total, seen = 0, set()
        for d in g["defaultItems"]:
            p.check(set(d) == {"itemId", "quantity"}, n + ": default keys")
            p.check(d["itemId"] in g["itemIds"], n + ": default not among options")
            p.check(isinstance(d["quantity"], int) and d["quantity"] >= 1, n + ": default quantity < 1")
            if not dup:
                p.check(d["quantity"] == 1, n + ": default quantity > 1 without duplicates")
                p.check(d["itemId"] not in seen, n + ": repeated default without duplicates")
            seen.add(d["itemId"])
            total += d["quantity"]
        p.check(total <= mx, n + ": default quantities exceed maximum")
        p.check(total == 0 or total >= mn, n + ": defaults present but below minimum")
        offs = [t["offset"] for t in g["tiers"]]
        p.check(len(offs) == len(set(offs)), n + ": duplicate tier offsets")
        for t in g["tiers"]:
            p.check(set(t) == {"offset", "price"}, n + ": tier keys")
            p.check(isinstance(t["offset"], int) and 0 <= t["offset"] < mx, n + ": tier offset out of range")
            p.check(_money_ok(t["price"]), n + ": tier price")
    p.check(set(group_refs) == set(groups), w + ": modifier groups used by no item")
    p.check(set(item_refs) == set(items), w + ": orphan items %s" % [items[i]["name"] for i in set(items) - set(item_refs)])

    # modifier cycles: item -> group -> option item
    color = {}

    def options(iid):
        return [oid for gid in items[iid]["modifierGroupIds"]
                for oid in groups.get(gid, {}).get("itemIds", []) if oid in items]

    for iid in items:
        walk_cycles(p, color, iid, [], options, items, w + ": modifier cycle via")
    if p:
        return
    # orderability and startingAt
    for iid, it in items.items():
        in_section = any(r in secs for r in item_refs.get(iid, []))
        cost = min_item_cost(iid, items, groups)
        p.check(cost is not None, "%s: item %s cannot be ordered (minimum unreachable)" % (w, it["name"]))
        if "startingAt" in it:
            p.check(in_section, w + ": startingAt on a modifier option " + it["name"])
            p.check(cost is not None and cents_of(it["startingAt"]) == cost,
                    "%s: startingAt %s != cheapest configuration %s for %s" % (w, it["startingAt"], cost, it["name"]))
        elif in_section:
            p.check(not any(groups[g]["minimumAllowed"] > 0 for g in it["modifierGroupIds"]),
                    w + ": missing startingAt on item with required groups " + it["name"])


def validate_store(p, s, cs_ids):
    w = "store " + s.get("stem", "?")
    p.check(set(s) == {"storeId", "name", "stem", "categories", "deliveryAllowed", "pickupAllowed", "options",
                       "address", "availability", "catalogSetId", "description", "imageUrl", "priceLevel", "rating",
                       "reviewCount", "savings", "timeZone", "_sandbox"}, w + ": keys")
    p.check(bool(GUID_RE.match(s["storeId"])), w + ": storeId")
    p.check(bool(GUID_RE.match(s["catalogSetId"])), w + ": catalogSetId")
    p.check(s["catalogSetId"] in cs_ids, w + ": catalog set missing")
    p.check(bool(re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", s["stem"])), w + ": stem")
    p.check(s["categories"] and all(isinstance(c, str) and c not in SYNTHETIC_TAGS for c in s["categories"]),
            w + ": categories")
    p.check(s["deliveryAllowed"] or s["pickupAllowed"], w + ": needs a fulfillment mode")
    o = s["options"]
    p.check(set(o) <= {"acceptsDeliveryTips", "acceptsPickupTips", "minimumOrderAmount"}, w + ": options keys")
    p.check(isinstance(o["acceptsDeliveryTips"], bool) and isinstance(o["acceptsPickupTips"], bool), w + ": tips")
    p.check(s["deliveryAllowed"] or not o["acceptsDeliveryTips"], w + ": delivery tips without delivery")
    p.check(s["pickupAllowed"] or not o["acceptsPickupTips"], w + ": pickup tips without pickup")
    if "minimumOrderAmount" in o:
        p.check(_money_ok(o["minimumOrderAmount"]) and o["minimumOrderAmount"] > 0, w + ": minimumOrderAmount")
    a = s["address"]
    p.check(set(a) == {"address1", "address2", "city", "state", "postalCode", "location"}, w + ": address keys")
    p.check(bool(re.match(r"^\d{5}$", a["postalCode"])) and a["state"] == "WA", w + ": postal/state")
    loc = a["location"]
    p.check(46 < loc["latitude"] < 49 and -123 < loc["longitude"] < -121, w + ": location outside WA")
    validate_windows(p, w, s["availability"])
    p.check(s["imageUrl"].startswith(IMG + "/"), w + ": imageUrl")
    p.check(isinstance(s["priceLevel"], int) and 1 <= s["priceLevel"] <= 4, w + ": priceLevel")
    p.check(isinstance(s["rating"], float) and 1 <= s["rating"] <= 5 and round(s["rating"], 1) == s["rating"],
            w + ": rating")
    p.check(isinstance(s["reviewCount"], int) and s["reviewCount"] >= 0, w + ": reviewCount")
    p.check(s["savings"] is None or (isinstance(s["savings"], int) and 0 < s["savings"] < 100), w + ": savings")
    p.check(s["timeZone"] == TZ, w + ": timeZone")
    x = s["_sandbox"]
    p.check(set(x) == {"deliveryRadiusMiles", "deliveryFee", "serviceFeePercent", "taxRateBasisPoints", "promotion",
                       "exclusive", "closed"}, w + ": _sandbox keys")
    p.check(isinstance(x["deliveryRadiusMiles"], (int, float)) and x["deliveryRadiusMiles"] >= 0, w + ": radius")
    p.check(not s["deliveryAllowed"] or x["deliveryRadiusMiles"] > 0, w + ": delivery store with zero radius")
    p.check(_money_ok(x["deliveryFee"]), w + ": deliveryFee")
    p.check(isinstance(x["serviceFeePercent"], int) and 0 <= x["serviceFeePercent"] <= 15, w + ": serviceFeePercent")
    p.check(isinstance(x["taxRateBasisPoints"], int) and 0 <= x["taxRateBasisPoints"] <= 2000, w + ": tax")
    if x["promotion"] is not None:
        pr = x["promotion"]
        p.check(set(pr) == {"name", "percentOff", "minSubTotal"} and isinstance(pr["percentOff"], int)
                and 0 < pr["percentOff"] < 100 and _money_ok(pr["minSubTotal"]), w + ": promotion")
    p.check(isinstance(x["exclusive"], bool) and isinstance(x["closed"], bool), w + ": flags")
    p.check(not (x["exclusive"] and s["savings"]), w + ": Exclusive means no discount")


def validate_users(p, u):
    ids = set()
    for user in u["users"]:
        w = "user " + user["partnerUserId"]
        p.check(user["partnerUserId"] not in ids, w + ": duplicate")
        ids.add(user["partnerUserId"])
        p.check(set(user) == {"partnerUserId", "email", "firstName", "lastName", "phone", "addresses", "payments"},
                w + ": keys")
        p.check(bool(re.match(r"^[^@\s]+@[^@\s]+\.[a-z]+$", user["email"])), w + ": email")
        p.check(user["phone"] is None or bool(E164_RE.match(user["phone"])), w + ": phone not E.164")
        for a in user["addresses"]:
            p.check(bool(GUID_RE.match(a["userAddressId"])), w + ": userAddressId")
            p.check(set(a) == {"userAddressId", "address", "instructions"}, w + ": address keys")
            p.check(set(a["address"]) == {"address1", "address2", "city", "state", "postalCode", "location"},
                    w + ": address fields")
        for c in user["payments"]:
            p.check(bool(GUID_RE.match(c["paymentId"])), w + ": paymentId")
            p.check(c["cardType"] in ("visa", "mastercard", "amex"), w + ": cardType")
            p.check(bool(re.match(r"^\d{4}$", c["lastFour"])), w + ": lastFour")
            p.check(bool(re.match(r"^20\d\d-\d\d-\d\d$", c["expirationDate"])), w + ": expirationDate")


def _all_text(store, cs):
    yield store["name"]
    yield store["description"]
    for s in cs["sections"].values():
        yield s["name"]
    for it in cs["items"].values():
        yield it["name"]
        yield it["description"]


def check_requirements(p, stores, sets, users):
    """Content guarantees the demo and the tests rely on."""
    by_stem = {s["stem"]: s for s in stores}
    p.check(len(by_stem) == len(stores), "duplicate stems")
    p.check(len({s["storeId"] for s in stores}) == len(stores), "duplicate storeIds")
    p.check(len({s["name"] for s in stores}) == len(stores), "duplicate store names")
    near = [s for s in stores if miles(SEATTLE, (s["address"]["location"]["latitude"],
                                                 s["address"]["location"]["longitude"])) <= 10]
    p.check(len(near) >= 28, "need >= 28 stores within 10 miles, have %d" % len(near))
    p.check(len(stores) - len(near) >= 2, "need >= 2 stores beyond 10 miles")

    def always(s):
        cs = sets[s["catalogSetId"]]
        return (s["availability"] == H247 and not s["_sandbox"]["closed"]
                and all(c["availability"] == H247 for c in cs["catalogs"].values()))

    p.check(sum(map(always, stores)) >= 6, "need >= 6 stores open 24/7 with 24/7 catalogs")
    p.check(any(s["availability"] == [] for s in stores), "need a store with availability []")
    p.check(any(s["availability"] is None for s in stores), "need a store with availability null")
    p.check(any(s["_sandbox"]["closed"] for s in stores), "need a manually closed store")
    overnight = [s for s in stores if s["availability"] and any(
        w["start"] == "00:00:00" and w["end"] not in ("00:00:00",) for w in s["availability"])]
    p.check(overnight, "need an overnight store")
    p.check(sum(1 for s in stores if not s["options"]["acceptsDeliveryTips"]
                and not s["options"]["acceptsPickupTips"]) >= 2, "need >= 2 no-tip stores")
    p.check(any(s["deliveryAllowed"] and s["pickupAllowed"] and s["options"]["acceptsPickupTips"]
                and not s["options"]["acceptsDeliveryTips"] for s in stores), "need a pickup-tips-only store")
    p.check(sum("minimumOrderAmount" in s["options"] for s in stores) >= 2, "need >= 2 minimum-order stores")
    p.check(sum(s["_sandbox"]["promotion"] is not None for s in stores) >= 3, "need >= 3 promotions")
    p.check(any(s["savings"] for s in stores), "need savings")
    p.check(any(s["deliveryAllowed"] and not s["pickupAllowed"] for s in stores), "need delivery-only")
    p.check(any(s["pickupAllowed"] and not s["deliveryAllowed"] for s in stores), "need pickup-only")
    p.check(any(any(c["availability"] is None for c in sets[s["catalogSetId"]]["catalogs"].values())
                for s in stores), "need a catalog with availability null")
    p.check(any(len(sets[s["catalogSetId"]]["catalogs"]) >= 3 for s in stores), "need split catalogs")
    biggest = max(len({i for sec in cs["sections"].values() for i in sec["itemIds"]}) for cs in sets.values())
    p.check(biggest >= 2000, "need a catalog with >= 2000 items")
    text = [t for s in stores for t in _all_text(s, sets[s["catalogSetId"]])]
    p.check(any(len(t) >= 60 for t in text), "need a 60+ char name")
    for needle in ("Crème brûlée", "Jalapeño", "Smørrebrød", "ラーメン", "小笼包", "김치찌개", "🍣", "🌮", "🔥"):
        p.check(any(needle in t for t in text), "missing text sample " + needle)
    p.check(any(any("compareAt" in i for i in cs["items"].values()) for cs in sets.values()), "need compareAt")
    groups = [g for cs in sets.values() for g in cs["modifierGroups"].values()]
    p.check(any(g["tiers"] and min(t["offset"] for t in g["tiers"]) > 0 for g in groups), "need tiers above 0")
    p.check(any(g["enableDuplicateItems"] and any(d["quantity"] >= 2 for d in g["defaultItems"]) for g in groups),
            "need default quantity 2 in duplicates group")
    p.check(any(g["name"] == "Choose 12 bagels" and g["minimumAllowed"] == g["maximumAllowed"] == 12
                and len(g["itemIds"]) == 4 and g["enableDuplicateItems"] for g in groups), "need dozen bagels")
    us = {u["partnerUserId"]: u for u in users["users"]}
    d = us.get("demo-user")
    p.check(d and len(d["addresses"]) == 2 and len(d["payments"]) == 2, "demo-user incomplete")
    for a in d["addresses"]:
        here = (a["address"]["location"]["latitude"], a["address"]["location"]["longitude"])
        for s in stores:
            if always(s) and s["deliveryAllowed"]:
                there = (s["address"]["location"]["latitude"], s["address"]["location"]["longitude"])
                p.check(miles(here, there) <= s["_sandbox"]["deliveryRadiusMiles"],
                        "demo-user %s outside delivery range of 24/7 store %s" % (a["address"]["address1"], s["stem"]))
    p.check(any(u["addresses"] and u["phone"] and not u["payments"] for u in us.values()), "need no-payment user")
    p.check(any(not u["addresses"] and not u["phone"] and not u["payments"] for u in us.values()),
            "need identity-only user")


def nested_depth(cs, iid, seen=()):
    """Max chain item -> group -> option -> group -> ... counted in group levels."""
    best = 0
    for gid in cs["items"][iid]["modifierGroupIds"]:
        for oid in cs["modifierGroups"][gid]["itemIds"]:
            if oid not in seen:
                best = max(best, 1 + nested_depth(cs, oid, seen + (oid,)))
    return best


def validate_all(stores, sets, users):
    p = Problems()
    for s in stores:
        validate_store(p, s, sets)
        if s["catalogSetId"] in sets:
            validate_catalog_set(p, sets[s["catalogSetId"]], s)
    validate_users(p, users)
    if not p:
        check_requirements(p, stores, sets, users)
        burger = sets[next(s["catalogSetId"] for s in stores if s["stem"] == "fremont-burger-lab")]
        combo = next(i for i, it in burger["items"].items() if it["name"] == "Smash Combo")
        p.check(nested_depth(burger, combo) >= 3, "Smash Combo must nest three levels deep")
    if p:
        sys.stderr.write("DEMO DATA INVALID (%d problems):\n  %s\n" % (len(p), "\n  ".join(p[:200])))
        raise SystemExit(1)


# =========================================================================== MAIN

def dump(path, obj):
    text = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    json.loads(text)  # round-trip sanity
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return len(text.encode("utf-8"))


def main(argv):
    stores, sets = [], {}
    for spec in STORE_SPECS:
        store, cs = build_store(spec)
        stores.append(store)
        sets[cs["catalogSetId"]] = cs
    users = build_users()
    validate_all(stores, sets, users)
    if "--check" in argv:
        print("valid: %d stores, %d catalog sets, %d users" % (len(stores), len(sets), len(users["users"])))
        return
    cat_dir = os.path.join(DATA_DIR, "catalogs")
    os.makedirs(cat_dir, exist_ok=True)
    for name in os.listdir(cat_dir):  # drop catalog files of sets that no longer exist
        if name.endswith(".json") and name[:-5] not in sets:
            os.remove(os.path.join(cat_dir, name))
    total = dump(os.path.join(DATA_DIR, "stores.json"), {"stores": stores})
    for cs_id, cs in sets.items():
        total += dump(os.path.join(cat_dir, cs_id + ".json"), cs)
    total += dump(os.path.join(DATA_DIR, "users.json"), users)
    print("wrote %d stores, %d catalog sets, %d users, %d bytes" % (len(stores), len(sets), len(users["users"]), total))
    for s in stores:
        cs = sets[s["catalogSetId"]]
        n_menu = sum(len(sec["itemIds"]) for sec in cs["sections"].values())
        dist = miles(SEATTLE, (s["address"]["location"]["latitude"], s["address"]["location"]["longitude"]))
        print("  %s  %-44s %5.1f mi  %4d items (%d incl. options)  %s" % (
            s["storeId"], s["stem"], dist, n_menu, len(cs["items"]), s["catalogSetId"]))


if __name__ == "__main__":
    main(sys.argv[1:])
