# Shared by the tests/tui/*.test scripts (sourced). The harness exports GETT_TUI (the
# binary) and TUI_SRCDIR (the source tree); see the gett-tui block of Makefile.am.
set -eu
: "${GETT_TUI:?run through make check}"
: "${TUI_SRCDIR:?run through make check}"
DATA="$TUI_SRCDIR/data/catalogs"
PIZZA="$DATA/3dd48647-5d32-4cbd-af71-69d9ec04512e.json"   # Slice of Heaven Pizza Co.
BAGELS="$DATA/90ecb228-d8f9-49b3-af10-eb639fdb8670.json"  # Ballard Bagel Works
RAMEN="$DATA/93ee71c0-3f76-4921-b718-a2039ee27760.json"   # Midnight Ramen ラーメン横丁
LINT_DATA="$TUI_SRCDIR/tests/data/lint"
GOLDEN="$TUI_SRCDIR/tests/tui/golden"
WORK=$(mktemp -d)
[ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$WORK"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Through a real terminal: use_tmux [WHY] gives the test its own tmux server (tmx runs tmux
# on it; killed at exit), or skips the test (exit 77) without tmux, saying it is needed WHY.
# screen_has TEXT [SECONDS]: waits (10 s unless told) until pane `tui` shows TEXT; the pane
# is then in $WORK/pane.txt.
use_tmux() {
	command -v tmux >/dev/null 2>&1 || { echo "tmux is needed${1:+ $1}"; exit 77; }
	SOCK="$WORK/tmux.sock"
	trap 'tmx kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
}
tmx() { tmux -S "$SOCK" -f /dev/null "$@"; }
screen_has() {
	tries=$(( ${2:-10} * 10 ))
	while [ "$tries" -gt 0 ]; do
		tmx capture-pane -p -t tui >"$WORK/pane.txt"
		grep -qF -- "$1" "$WORK/pane.txt" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

# sandbox_start DIR [gett-sandbox options...]: a gett-sandbox ($SANDBOX, or the one next to
# gett-tui) on a free loopback port, its output in DIR/sandbox.out and .err; sets $sandbox_pid
# and $url, or fails. The output file exists before the sandbox starts and is polled with grep,
# not a command substitution per turn: a substitution whose command ends at once (sed on a file
# not yet created) while a background job runs could leave bash 5.2 waiting for ever.
sandbox_start() {
	sb_dir=$1
	shift
	: >"$sb_dir/sandbox.out"
	"${SANDBOX:-$(dirname "$GETT_TUI")/gett-sandbox}" --listen 127.0.0.1:0 \
		--data "$TUI_SRCDIR/data" "$@" >"$sb_dir/sandbox.out" 2>"$sb_dir/sandbox.err" &
	sandbox_pid=$!
	for _ in $(seq 200); do
		grep -q '^listening on ' "$sb_dir/sandbox.out" && break
		kill -0 "$sandbox_pid" 2>/dev/null || break
		sleep 0.05
	done
	url=$(sed -n 's/^listening on //p' "$sb_dir/sandbox.out")
	[ -n "$url" ] || fail "the sandbox did not start: $(cat "$sb_dir/sandbox.err")"
}

# run_script CATALOG [gett-tui options...] < script: runs the script from stdin in $WORK.
run_script() {
	catalog=$1
	shift
	cat >"$WORK/script.txt"
	# Its own configuration folder: the tester's own [ui] settings never reach a test.
	mkdir -p "$WORK/offline-config"
	(cd "$WORK" && XDG_CONFIG_HOME="$WORK/offline-config" \
		"$GETT_TUI" --catalog "$catalog" --script script.txt "$@")
}

# price JSONFILE PYTHON-EXPR: evaluates EXPR over the catalog (items by name) -> "$12.34".
price() {
	python3 - "$1" "$2" <<'PY'
import json, sys
from decimal import Decimal
d = json.load(open(sys.argv[1]), parse_float=Decimal)
items = {}
for i in d["items"].values():
    items.setdefault(i["name"], i)
groups = {g["name"]: g for g in d["modifierGroups"].values()}
def base(name): return items[name].get("basePrice", Decimal(0))
def opt(group, name):
    """An option of the group by name (option names repeat across groups)."""
    for i in groups[group]["itemIds"]:
        if d["items"][i]["name"] == name:
            return d["items"][i].get("basePrice", Decimal(0))
    raise KeyError(name)
def tier(group, k):
    best = None
    for t in groups[group]["tiers"]:
        if t["offset"] <= k and (best is None or t["offset"] >= best["offset"]):
            best = t
    return best
def slots(group, names):
    total = Decimal(0)
    for k, n in enumerate(names):
        t = tier(group, k)
        total += t["price"] if t else opt(group, n)
    return total
print("$%.2f" % eval(sys.argv[2]))
PY
}

command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to compute expected prices"; exit 77; }

# Online tests run in demo mode: gett-tui starts the gett-sandbox built next to it, with the
# clock pinned, and an empty configuration (XDG directories under $WORK, no credentials).
NOW=2026-11-18T19:30:00Z
XDG_DIRS="$WORK/xdg"

# in_demo_env COMMAND...: COMMAND with no credentials and the XDG directories under $WORK.
in_demo_env() {
	env -u GETT_API_KEY -u GETT_API_URL -u GETT_SESSION_TOKEN \
		XDG_CONFIG_HOME="$XDG_DIRS/config" XDG_STATE_HOME="$XDG_DIRS/state" \
		XDG_CACHE_HOME="$XDG_DIRS/cache" "$@"
}

# run_online [gett-tui options...] < script: a fresh state (no saved cart, journal or cache)
# unless KEEP_STATE=1.
run_online() {
	cat >"$WORK/script.txt"
	[ "${KEEP_STATE:-}" = 1 ] || rm -rf "$XDG_DIRS"
	(cd "$WORK" && in_demo_env "$GETT_TUI" --now "$NOW" --script script.txt "$@")
}

# check_golden NAME SIZE: $WORK/NAME.txt against tests/tui/golden/NAME_SIZE.txt.
check_golden() {
	if [ "${GETT_TUI_REGOLD:-}" = 1 ]; then
		cp "$WORK/$1.txt" "$GOLDEN/${1}_$2.txt"
	fi
	diff -u "$GOLDEN/${1}_$2.txt" "$WORK/$1.txt" || fail "$1 at $2 differs"
}

# cart_swap_item NAME: the saved demo cart's first line becomes the item called NAME in the
# cart's catalog, without options. The client refuses to add a line it knows cannot be
# ordered; this puts one in the cart anyway (as a cart saved earlier would), so that the
# server's verdict on it can be tested.
cart_swap_item() {
	python3 - "$XDG_DIRS/state/gett-tui/carts" "$DATA" "$1" <<'PY'
import glob, json, os, sys
path = glob.glob(os.path.join(sys.argv[1], "*.json"))[0]
saved = json.load(open(path))
cat = json.load(open(os.path.join(sys.argv[2], saved["cart"]["catalogSetId"] + ".json")))
item = next(i for i in cat["items"].values() if i["name"] == sys.argv[3])
line = saved["cart"]["lineItems"][0]
line["itemId"], line["modifierGroups"] = item["itemId"], []
with open(path, "w") as f:
    json.dump(saved, f)
PY
}
