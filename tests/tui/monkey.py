#!/usr/bin/env python3
"""Random ("monkey") input for gett-tui's headless mode (tests/tui/monkey.test).

  monkey.py gen SEED [--online] [--no-wait] [--steps N]
                                   a script on stdout, the same for the same SEED
  monkey.py check DIR                          checks the screens the script dumped in DIR

The scripts press keys from every view's key set, click and turn the wheel anywhere, type
text (accents, CJK, emoji, very long strings), resize the screen (down to 1x1) and, online,
wait for the shop. They never `expect`,
so any exit status but 0 is a bug. Every few steps they `dump` the screen to
dump_N_COLSxROWS.txt; `check` asserts that each dump has exactly ROWS lines, none wider than
COLS columns (measured with the C library's wcwidth, as gett-tui does).
"""
import ctypes
import ctypes.util
import locale
import os
import random
import re
import sys

KEYS = (
    "j k g G h l e r c o a x t P y n ? / + = - < > [ ] 1 2 3 4 5 9 0 . , # "
    "<Enter> <Esc> <BS> <Tab> <S-Tab> <Space> <Up> <Down> <Left> <Right> "
    "<PgUp> <PgDn> <Home> <End> <C-f> <C-b> <C-x> <C-l> <C-z> <C-c> <C-a> <C-h> <C-m> "
    "<C-j> <C-i> <C-[> <C-?> <C-d> <C-u> <C-e> <C-w> <C-k> <Del>"
).split()
# Keys that leave the view or the app: rarer, so a script goes deep.
RARE_KEYS = ["q", "Q", "<Esc>", "<BS>"]

TEXTS = [
    "pizza", "ramen", "bagel", "coffee", "slice of heaven", "pumpkin spice",
    "Jalapeño café crème brûlée", "ラーメン横丁", "中文菜单", "🍕🔥🌮", "👨‍👩‍👧 family",
    "e\u0301\u0301\u0301", "\u200b\u200d\u2060", "\u202eRTL\u202c", "עברית ومرحبا",
    "47.6062,-122.3321", "-91,200", "12.50", "99999999999999999999", "0.001", "-5",
    "%s%n%x", "\\n\\t", "''\"\"", "«match»", "\ufffd", "Ω≈ç√∫", "ﷺ", "𒐫",
    "ctl\x01\x02\x1b\x7f\x08\x0d\t\x1f", "\x1b[A\x1b[B", "\u00ad\ufeff\U000e0041", "\ud7ff\uffff",
]
SIZES = ["1x1", "2x2", "20x5", "59x15", "59x16", "60x15", "60x16", "61x17", "80x24",
         "100x30", "120x40", "200x60", "300x20", "40x100", "1000x3", "3x200"]
# A journey through the views (stores, store, menu, picker, cart, checkout, placing), one
# stage at a time with random steps in between, so that the keys reach the deep views too.
ONLINE_JOURNEY = [
    ["press g", "type /{store}", "press <Enter>", "wait"],
    ["press <Enter>", "wait"],
    ["press {moves} <Enter>", "wait"],
    ["press {moves} <Enter>"],
    ["press {pick}", "press a", "wait"],
    ["press y", "wait"],
    ["press {pick}", "press a", "wait"],
    ["press c", "wait"],
    ["press {moves} {qty}", "wait"],
    ["press o", "wait"],
    ["press {moves} <Enter>", "wait"],
    ["press t {tip}", "type {num}", "press <Enter>", "wait"],
    ["press P", "press y", "wait"],
    ["sleep 0.2", "press r", "wait"],
    ["press l e", "type {coord}", "press <Enter>", "wait"],
    ["press <Esc>*6", "wait"],
]
OFFLINE_JOURNEY = [
    ["press g"],
    ["press {moves} <Enter>"],
    ["press {pick}"],
    ["press a"],
    ["press /", "type {text}", "press <Enter>"],
    ["press / {key}", "press <Esc>"],
]
STORES = ["slice of heaven", "ramen", "bagel", "coffee", "night owl", "jade harbor", "pizza",
          "falafel", "tacos", "zzz no such store"]
MOVES = ["j"] * 12 + ["k", "G", "<PgDn>", "<PgUp>", "<Tab>", "]", "[", "<S-Tab>"]


def rand_text(rng):
    r = rng.random()
    if r < 0.6:
        return rng.choice(TEXTS)
    if r < 0.8:
        return "".join(rng.choice(TEXTS) for _ in range(rng.randint(2, 5)))
    # Very long: several hundred characters of mixed widths.
    unit = rng.choice(["a", "é", "中", "🍕", "x\u0336", "Wide全角"])
    return unit * rng.randint(100, 600)


def fill(cmd, rng):
    return cmd.format(
        num=rng.choice(["12.50", "0", "abc", "999999", "-3", "1e9", "0.005", ""]),
        tip=rng.choice("123456"),
        coord=rng.choice(["47.6,-122.3", "91,0", "0,181", "a,b", "47.61,-122.33", ","]),
        text=rand_text(rng),
        store=rng.choice(STORES),
        moves=" ".join(rng.choice(MOVES) for _ in range(rng.randint(1, 4))),
        pick=" ".join(rng.choice(["<Space>", "j", "<Tab>", "+", "-", ">", "<"])
                      for _ in range(rng.randint(1, 6))),
        qty=rng.choice(["+", "-", "+*5", "-*3", ">", "<Enter> a"]),
        key=rng.choice(["a", "中", "é", "🍕"]))


def gen(seed, online, steps, waits=True):
    rng = random.Random(seed)
    size = rng.choice(["80x24", "60x16", "120x40", "100x30"])
    out = ["# monkey seed %d (%s)" % (seed, "online" if online else "offline"), "resize " + size]
    if online:
        out.append("wait")
    dumps = 0
    journey = ONLINE_JOURNEY if online else OFFLINE_JOURNEY
    stage = 0
    calm = rng.choice([0.0, 0.5, 0.8])  # how often the journey goes on undisturbed
    for _ in range(steps):
        r = rng.random()
        if r < 0.40 or rng.random() < calm:
            for cmd in journey[stage]:
                out.append(fill(cmd, rng))
            stage = (stage + 1) % len(journey)
            continue
        elif r < 0.60 and rng.random() < 0.2:
            # The mouse: a click or a wheel notch anywhere on the screen.
            cols, rows = map(int, size.split("x"))
            where = "%d %d" % (rng.randint(1, cols), rng.randint(1, rows))
            out.append(rng.choice(["click ", "click ", "wheel up ", "wheel down "]) + where)
        elif r < 0.60:
            keys = [rng.choice(KEYS) for _ in range(rng.randint(1, 6))]
            if rng.random() < 0.2:
                keys[rng.randrange(len(keys))] += "*%d" % rng.randint(2, 40)
            out.append("press " + " ".join(keys))
        elif r < 0.63:
            out.append("press " + rng.choice(RARE_KEYS))
        elif r < 0.70:
            out.append("type " + rand_text(rng))
        elif r < 0.80:
            size = rng.choice(SIZES)
            out.append("resize " + size)
            cols, rows = map(int, size.split("x"))
            if (cols < 60 or rows < 16) and rng.random() < 0.8:
                # Too small: a few keys (only q acts), a dump, then a usable size again.
                out.append("press " + " ".join(rng.choice(KEYS) for _ in range(3)))
                out.append("dump dump_%d_%s.txt" % (dumps, size))
                dumps += 1
                size = rng.choice(["80x24", "60x16", "120x40"])
                out.append("resize " + size)
        elif r < 0.84 and online:
            out.append("wait")
        elif r < 0.92:
            # Quick fixes back to a usable size, so the views get keys again.
            size = rng.choice(["80x24", "60x16", "120x40"])
            out.append("resize " + size)
        else:
            out.append("dump dump_%d_%s.txt" % (dumps, size))
            dumps += 1
    out.append("dump dump_%d_%s.txt" % (dumps, size))
    if not waits:
        # A server that holds calls (timeout faults) outlasts `wait`: let time pass instead.
        out = ["sleep 0.3" if line == "wait" else line for line in out]
    return "\n".join(out) + "\n"


def wcwidth_fn():
    locale.setlocale(locale.LC_ALL, "")
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.wcwidth.argtypes = [ctypes.c_wchar]
    libc.wcwidth.restype = ctypes.c_int
    return libc.wcwidth


def check(directory):
    wcwidth = wcwidth_fn()
    problems = []
    names = sorted(n for n in os.listdir(directory) if re.match(r"dump_\d+_\d+x\d+\.txt$", n))
    for name in names:
        cols, rows = map(int, re.search(r"_(\d+)x(\d+)\.txt$", name).groups())
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines[-1] != "":
            problems.append("%s: no newline at the end" % name)
        lines = lines[:-1]
        if len(lines) != rows:
            problems.append("%s: %d lines, not %d" % (name, len(lines), rows))
        for i, line in enumerate(lines):
            width = sum(max(wcwidth(c), 0) for c in line)
            if width > cols:
                problems.append("%s:%d: %d columns wide, screen %d" % (name, i + 1, width, cols))
    for p in problems:
        print(p)
    return 1 if problems else 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "gen":
        online = "--online" in argv
        steps = 60
        if "--steps" in argv:
            steps = int(argv[argv.index("--steps") + 1])
        sys.stdout.write(gen(int(argv[1]), online, steps, "--no-wait" not in argv))
        return 0
    if len(argv) == 2 and argv[0] == "check":
        return check(argv[1])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
