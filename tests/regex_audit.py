"""Find every regular expression Målkoll applies to user text and check that it runs in linear time.

Discovery is generic, so patterns added later are covered without touching the test:

- every compiled `re.Pattern` reachable from a module's globals (also inside lists, tuples, dicts
  and class attributes: `INLINE = [(re.compile(...), ...)]`) in the packages that see user text;
- every call `re.search(r"…", text)` / `re.sub(...)` / `re.compile(...)` … written inline in their
  source, whose pattern (and flags) can be evaluated from the module's globals;
- patterns built from lexicons and held by an object of ours that a cached accessor without
  arguments returns (`malkoll.outline.vocab.vocabulary()`).

Adversarial inputs are built per pattern from the characters the pattern itself names (its
literals, plus a representative of each class) and a few generic ones: runs of one character,
repeated pairs and triples, a head character before a long run, with and without a character that
makes the match fail at the end. This finds the classic catastrophic shapes (`\\s+(.*?)\\s*#*\\s*$`,
`\\d+` searched from every position of a digit run, `\\*(.+?)\\*` over `*a *a *a`).

Time is judged as a ratio, never in seconds: each input is timed against a linear reference
pattern on a string of the same length (same run, same machine), first at a small size (a
quadratic pattern shows there), then the worst inputs at ~100k characters, where the growth from
10k must stay linear.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import time
from dataclasses import dataclass, field
from types import ModuleType

import re._parser as sre_parse  # the parser of the re module (sre_parse is a deprecated alias)
from re._constants import ANY, CATEGORY, IN, LITERAL, NEGATE, NOT_LITERAL, RANGE

# the packages whose patterns see text from users (goals, documents, requests, file names)
PACKAGES = ("malkoll", "malkoll.ingest", "malkoll.outline", "malkoll.analyzer", "malkoll.rules", "malkoll.rules.families",
            "malkoll.models", "malkoll.renderers", "malkoll.service", "malkoll.service.routers", "malkoll.corpus")
SKIP_MODULES = ("malkoll.models.recipe",)  # builds the model from treebanks; needs the [models] extra
RE_FUNCS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}


@dataclass(frozen=True)
class Found:
    pattern: re.Pattern
    where: str  # module:NAME or module:line
    op: str = "search"  # "match" for an inline re.match/re.fullmatch (anchored at the start)


@dataclass
class Discovery:
    patterns: list[Found] = field(default_factory=list)
    not_evaluated: list[str] = field(default_factory=list)  # inline patterns built from local names


def _modules() -> list[ModuleType]:
    mods: dict[str, ModuleType] = {}
    for pkg_name in PACKAGES:
        pkg = importlib.import_module(pkg_name)
        mods[pkg_name] = pkg
        for info in pkgutil.walk_packages(getattr(pkg, "__path__", []), pkg_name + ".", onerror=lambda name: None):
            if info.name in mods or info.name.startswith(SKIP_MODULES) or info.name.endswith("__main__"):
                continue
            try:
                mods[info.name] = importlib.import_module(info.name)
            except ImportError:  # an optional extra that is not installed
                continue
    return list(mods.values())


def _walk(value, where: str, out: list[Found], depth: int = 0, seen: set | None = None) -> None:
    seen = seen if seen is not None else set()
    if id(value) in seen or depth > 4:
        return
    seen.add(id(value))
    if isinstance(value, re.Pattern):
        out.append(Found(value, where))
    elif isinstance(value, dict):
        for v in list(value.values()):
            _walk(v, where, out, depth + 1, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in list(value):
            _walk(v, where, out, depth + 1, seen)
    elif type(value).__module__.startswith("malkoll") and hasattr(value, "__dict__") and not inspect.isclass(value):
        for attr, v in list(vars(value).items()):  # an object of ours holding patterns (a vocabulary)
            _walk(v, f"{where}.{attr}", out, depth + 1, seen)


ANCHORED = {"match", "fullmatch"}


def _anchored_names(tree: ast.AST) -> set[str]:
    """Module-level names whose every use in the module is NAME.match(…) or NAME.fullmatch(…):
    such a pattern is only tried at the start of its text, so it is timed with match, not search."""
    methods: dict[str, set[str]] = {}
    attribute_bases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            methods.setdefault(node.value.id, set()).add(node.attr)
            attribute_bases.add(id(node.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and id(node) not in attribute_bases:
            methods.setdefault(node.id, set()).add("(bare)")  # passed on, stored …: used we know not how
    return {name for name, used in methods.items() if used and used <= ANCHORED}


def discover() -> Discovery:
    result = Discovery()
    found: list[Found] = []
    for mod in _modules():
        try:
            tree = ast.parse(inspect.getsource(mod))
        except (OSError, TypeError, SyntaxError):
            tree = None
        anchored = _anchored_names(tree) if tree is not None else set()
        for name, value in list(vars(mod).items()):
            if isinstance(value, ModuleType):
                continue
            if hasattr(value, "cache_info") and getattr(value, "__module__", "") == mod.__name__:
                try:  # a cached accessor without arguments (a lexicon, a vocabulary): what it holds
                    if not [p for p in inspect.signature(value).parameters.values() if p.default is p.empty]:
                        _walk(value(), f"{mod.__name__}:{name}()", found)
                except Exception:  # noqa: BLE001
                    pass
                continue
            if inspect.isclass(value) and value.__module__ == mod.__name__:
                for attr, v in list(vars(value).items()):
                    _walk(v, f"{mod.__name__}:{name}.{attr}", found)
                continue
            before = len(found)
            _walk(value, f"{mod.__name__}:{name}", found)
            if name in anchored and isinstance(value, re.Pattern):
                found[before:] = [Found(f.pattern, f.where, "match") for f in found[before:]]
        if tree is None:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in RE_FUNCS and node.args):
                continue
            flags_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
            if flags_node is None:
                pos = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
                       "split": 3, "sub": 4, "subn": 4}[node.func.attr]
                flags_node = node.args[pos] if len(node.args) > pos else None
            where = f"{mod.__name__}:{node.lineno}"
            try:
                pattern = eval(compile(ast.Expression(node.args[0]), where, "eval"), vars(mod))  # noqa: S307
                flags = eval(compile(ast.Expression(flags_node), where, "eval"), vars(mod)) if flags_node else 0  # noqa: S307
                if isinstance(pattern, re.Pattern):
                    compiled = pattern
                else:
                    compiled = re.compile(pattern, flags)
            except Exception:  # noqa: BLE001 - built from local names: not checkable statically
                result.not_evaluated.append(where)
                continue
            found.append(Found(compiled, where, "match" if node.func.attr in ("match", "fullmatch") else "search"))
    unique: dict[tuple, Found] = {}

    def named(f: Found) -> bool:  # found by its module-level name (we know how the module uses it)
        return not f.where.rsplit(":", 1)[1].isdigit()

    for f in found:
        key = (f.pattern.pattern, f.pattern.flags)
        old = unique.get(key)
        if old is None or (named(f) and not named(old)) or (named(f) == named(old) and old.op == "match"):
            unique[key] = f  # the name's use wins over the re.compile(...) that made it; else search
    result.patterns = list(unique.values())
    return result


# --------------------------------------------------------------------------- adversarial inputs
GENERIC = [" ", "a", "1", "\n", "Å", ".", "\t"]


def _class_member(items) -> list[str]:
    out = []
    for op, av in items:
        if op == LITERAL:
            out.append(chr(av))
        elif op == RANGE:
            out.append(chr(av[0]))
        elif op == CATEGORY:
            name = str(av).lower()
            out.append({"digit": "1", "space": " ", "word": "a", "linebreak": "\n"}.get(
                next((k for k in ("digit", "space", "word", "linebreak") if k in name and "not" not in name), ""), "!"))
    return out


def alphabet(pattern: re.Pattern, limit: int = 10) -> list[str]:
    """The characters a pattern names (literals first, punctuation before letters), plus generic ones."""
    source = pattern.pattern.decode("latin-1") if isinstance(pattern.pattern, bytes) else pattern.pattern
    chars: list[str] = []

    def visit(tokens) -> None:
        for op, av in tokens:
            if op == LITERAL or op == NOT_LITERAL:
                chars.append(chr(av))
            elif op == IN:
                if not any(o == NEGATE for o, _ in av):
                    chars.extend(_class_member(av))
            elif op == ANY:
                chars.append("a")
            elif isinstance(av, (list, tuple)):
                for sub in av:
                    if isinstance(sub, sre_parse.SubPattern):
                        visit(sub)
                    elif isinstance(sub, (list, tuple)):
                        for s in sub:
                            if isinstance(s, sre_parse.SubPattern):
                                visit(s)
            if isinstance(av, sre_parse.SubPattern):
                visit(av)

    try:
        visit(sre_parse.parse(source, pattern.flags & ~re.UNICODE if isinstance(pattern.pattern, bytes) else pattern.flags))
    except Exception:  # noqa: BLE001
        pass
    ordered = sorted(dict.fromkeys(c for c in chars if c), key=lambda c: (c.isalnum(), chars.index(c)))
    picked = ordered[:limit]
    return list(dict.fromkeys(picked + GENERIC))


def literal_runs(pattern: re.Pattern, limit: int = 6) -> list[str]:
    """Runs of two or more literal characters in the pattern ("koppl", "andel"), longest first."""
    source = pattern.pattern.decode("latin-1") if isinstance(pattern.pattern, bytes) else pattern.pattern
    runs = re.findall(r"(?<![\\(?])[^\\()\[\]{}|*+?.^$]{2,}", source)  # a crude but safe scan of the source
    words = sorted({r.strip() for r in runs if len(r.strip()) >= 2}, key=lambda w: (-len(w), w))
    return words[:limit]


def inputs(pattern: re.Pattern, n: int) -> list[tuple[str, object]]:
    """(label, builder) pairs; builder(n) -> a string of about n characters: runs of one character,
    repeated pairs and triples of the pattern's own characters, and a head before a long run."""
    alpha = alphabet(pattern)
    own = [c for c in alpha if c not in GENERIC] + [" ", "a"]
    out: list[tuple[str, object]] = []
    for c in alpha:
        for tail in ("", "\x01"):
            out.append((f"{c!r}*n+{tail!r}", lambda n, c=c, tail=tail: c * n + tail))
        for d in alpha:
            if d == c:
                continue
            out.append((f"{c + d!r}*n", lambda n, p=c + d: p * (n // 2) + "\x01"))
            for head in ("", "a", " a"):
                out.append((f"{c + head!r}+{d!r}*n+'x'", lambda n, h=c + head, d=d: h + d * n + "x"))
    for word in literal_runs(pattern):  # "koppl", "andel": the head of a match, then a long run
        for d in alpha:
            out.append((f"{word + ' '!r}+{d!r}*n+'x'", lambda n, h=word + " ", d=d: h + d * n + "x"))
            out.append((f"{word + d!r}*n", lambda n, p=word + d: p * (n // len(p)) + "\x01"))
    for c in own:
        for d in own:
            for mid in ("a", "1"):
                if c != d and mid not in (c, d):
                    out.append((f"{c + mid + d!r}*n", lambda n, p=c + mid + d: p * (n // 3) + "\x01"))
    return out


# --------------------------------------------------------------------------- timing
REFERENCE = re.compile(r"(?:ab|cd|ef|gh|ij|kl|mn|op)x|\d{3,}y")  # a few steps at every position, linear


def _as_subject(pattern: re.Pattern, s: str):
    return s.encode("utf-8") if isinstance(pattern.pattern, bytes) else s


def reference_time(n: int, repeat: int = 5) -> float:
    s = ("lorem ipsum 12 " * (n // 15 + 1))[:n]
    return _time(Found(REFERENCE, "reference"), s, repeat)


@dataclass
class Verdict:
    where: str
    pattern: str
    label: str
    n: int
    ratio: float  # time / reference time at the same length
    growth: float | None = None  # (time(n) / time(sizes[0])) / (n / sizes[0]): 1 when linear


def best_time(fn, arg, repeat: int = 1) -> float:
    """The shortest of `repeat` runs of fn(arg), in seconds (only ever compared with another)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - t0)
    return best


def _time(f: Found, subject, repeat: int = 1) -> float:
    return best_time(f.pattern.match if f.op == "match" else f.pattern.findall, subject, repeat)


def audit(patterns: list[Found], sizes: tuple[int, ...] = (300, 3_000, 30_000, 100_000), suspect: float = 20.0,
          hopeless: float = 500.0, max_ratio: float = 60.0, max_growth: float = 6.0, worst: int = 2
          ) -> tuple[list[Verdict], list[Verdict]]:
    """(failures, final checks). Every input is tried at sizes[0]; the ones slower than `suspect` ×
    the reference (and the `worst` per pattern in any case) are grown through the other sizes. A
    pattern fails when, at some size, it is more than `max_ratio` × the reference AND its time grew
    more than `max_growth` × as fast as the input since sizes[0] (linear: 1; quadratic: 10 at 3k,
    100 at 30k); or when it is `hopeless` × the reference already at sizes[0]."""
    refs = {n: reference_time(n) for n in sizes}
    failures: list[Verdict] = []
    checked: list[Verdict] = []
    for f in patterns:
        n0 = sizes[0]
        scored = []
        for label, build in inputs(f.pattern, n0):
            subject = _as_subject(f.pattern, build(n0))
            t = _time(f, subject)
            if t > suspect * refs[n0]:
                t = _time(f, subject, repeat=3)
            scored.append((t / refs[n0], t, label, build))
        scored.sort(key=lambda x: -x[0])
        picked = [s for s in scored if s[0] > suspect]
        picked += [s for s in scored[:worst] if s not in picked]
        for ratio, t_first, label, build in picked:
            if failures and failures[-1].where == f.where:
                break  # one failure per pattern is enough
            if ratio > hopeless:
                failures.append(Verdict(f.where, str(f.pattern.pattern), label, n0, ratio))
                continue
            t_first = min(t_first, _time(f, _as_subject(f.pattern, build(n0)), repeat=5))
            verdict = None
            for n in sizes[1:]:
                t = _time(f, _as_subject(f.pattern, build(n)), repeat=3 if n < 50_000 else 2)
                verdict = Verdict(f.where, str(f.pattern.pattern), label, n, t / refs[n],
                                  (t / max(t_first, 1e-9)) / (n / n0))
                if verdict.ratio > max_ratio and verdict.growth > max_growth:
                    failures.append(verdict)
                    break
            else:
                checked.append(verdict)
    return failures, checked
