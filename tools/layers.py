#!/usr/bin/env python3
"""Which modules of a Rust crate lean on each other in circles.

usage: python3 tools/layers.py [SRC_DIR]      (default: src)

Reads every `crate::a::b` path in SRC_DIR's .rs files (tests modules included), maps it to the
module file that defines it, and prints each circle of modules that reach each other (a strongly
connected component of more than one module), with the edges that close it, then one summary
line: `modules=N edges=E circles=C largest=L`. A circle inside one folder module (tree/*) counts
as that folder's own business and is reported separately. Exit 0 when no circle crosses a
top-level module, 1 otherwise.

When `floors.txt` sits beside this script, it also checks that every arrow between top-level
modules points to the same floor or one below (`floor: module module …`, lowest first; `crate`
is lib.rs), and that every top-level module has a floor; each arrow that points up is printed
and makes the exit 1.
"""
import os, re, sys
from collections import defaultdict

src = sys.argv[1] if len(sys.argv) > 1 else "src"
files = {}
for d, _, fs in os.walk(src):
    for f in fs:
        if f.endswith(".rs"):
            p = os.path.join(d, f)
            rel = os.path.relpath(p, src)[:-3]
            parts = rel.split(os.sep)
            if parts[-1] in ("mod", "lib", "main"):
                parts = parts[:-1]
            files[p] = tuple(parts)

mods = set(files.values())
def owner(path):
    """The longest known module that prefixes a crate:: path."""
    for n in range(len(path), 0, -1):
        if tuple(path[:n]) in mods:
            return tuple(path[:n])
    return None

edges = defaultdict(set)
why = defaultdict(set)
use_re = re.compile(r"\bcrate((?:::\w+)+)")
group_re = re.compile(r"\buse\s+crate::(\w+(?:::\w+)*)::\{([^;]*)\}", re.S)
for p, m in files.items():
    text = open(p, encoding="utf-8").read()
    paths = [g.strip("::").split("::") for g in use_re.findall(text)]
    for inner in re.findall(r"\buse\s+crate::\{([^;]*)\}\s*;", text, re.S):
        for item in re.split(r",\s*", inner):
            item = item.strip().split(" as ")[0]
            if item and not item.startswith("{"):
                paths.append(re.split(r"::", item)[:2])
    for base, inner in group_re.findall(text):
        for item in re.split(r",\s*", inner):
            item = item.strip().split(" as ")[0]
            if item and item != "self":
                paths.append(base.split("::") + item.split("::")[:1])
    for path in paths:
        o = owner(path)
        if o and o != m and o != () and m != ():
            # a file inside module X may use X's parent freely (tree/expand -> tree)
            if o == m[: len(o)]:
                continue
            edges[m].add(o)
            why[(m, o)].add("::".join(path[len(o):len(o) + 1]) or "*")

# Tarjan's strongly connected components
index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        comps.append(comp)
for v in sorted(mods):
    if v not in index:
        visit(v)

name = lambda m: "/".join(m) or "crate"
crossing = []
for comp in comps:
    if len(comp) < 2:
        continue
    tops = {m[0] for m in comp}
    kind = "inside " + next(iter(tops)) + "/" if len(tops) == 1 else "across top-level modules"
    if len(tops) > 1:
        crossing.append(comp)
    members = sorted(comp)
    print(f"circle of {len(comp)} ({kind}): " + ", ".join(name(m) for m in members))
    cs = set(comp)
    for a in members:
        for b in sorted(edges.get(a, ())):
            if b in cs:
                print(f"  {name(a)} -> {name(b)}: {', '.join(sorted(why[(a, b)])[:6])}")
# Floors: every arrow between top-level modules points to the same floor or lower.
floors_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "floors.txt")
upward = []
if os.path.exists(floors_file):
    floor_of = {}
    for n, line in enumerate(l for l in open(floors_file, encoding="utf-8") if l.strip() and not l.startswith("#")):
        for module in line.split(":", 1)[1].split():
            floor_of[module] = (n, line.split(":", 1)[0])
    top = lambda m: m[0] if m else "crate"
    for m in sorted(mods):
        if top(m) not in floor_of:
            upward.append(f"module {name(m)} has no floor in {floors_file}")
    for a in sorted(edges):
        for b in sorted(edges[a]):
            fa, fb = floor_of.get(top(a)), floor_of.get(top(b))
            if top(a) != top(b) and fa and fb and fb[0] > fa[0]:
                upward.append(f"{name(a)} ({fa[1]}) -> {name(b)} ({fb[1]}): {', '.join(sorted(why[(a, b)])[:6])}")
    for line in upward:
        print("points up: " + line)
n_edges = sum(len(v) for v in edges.values())
largest = max((len(c) for c in comps), default=0)
print(f"modules={len(mods)} edges={n_edges} circles={sum(1 for c in comps if len(c) > 1)} crossing={len(crossing)} largest={largest}")
sys.exit(1 if crossing or upward else 0)
