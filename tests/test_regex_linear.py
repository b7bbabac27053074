"""Every regular expression that sees user text runs in linear time (issue 15, item 1).

A 3 KB Markdown heading froze the reader for ~100 s (ATX_RE backtracked cubically); 60 KB of
`*a *a …` took 40 s (emphasis) and a paragraph of 20,000 digits 22 s (TARGET_RE). The audit in
`tests/regex_audit.py` finds every pattern by itself — module-level patterns and inline
`re.search(r"…")` calls in the packages that read user text — so patterns added later are covered.
Times are ratios to a linear reference measured in the same run, never seconds.
"""
from __future__ import annotations

import time

import pytest

import regex_audit

# Patterns that never see user text, with the reason. Keyed by pattern source, so an edited
# pattern is checked again.
NOT_USER_TEXT = {
    # Kolada's catalogue titles (shipped with Målkoll, at most ~250 characters), never goal text
    r"^(.+?):\s*(.+\?)\s*Andel som (?:har )?svarat (.+?)\s*,?\s*\(%\)\s*$": "Kolada titles (suggest.measure_phrase)",
    r",?\s*andel\s*\(%\)(\s*av\s+[^,]+)?\s*(\(-\s?\d{4}\))?\s*\.?$": "Kolada titles (suggest.measure_phrase)",
}


@pytest.fixture(scope="module")
def discovered():
    return regex_audit.discover()


def test_discovery_finds_the_patterns_that_read_documents(discovered):
    where = {f.where for f in discovered.patterns}
    # a sample of what must be found: module-level, inside a list, and written inline
    assert "malkoll.ingest.markdown:ATX_RE" in where
    assert "malkoll.ingest.markdown:INLINE" in where
    assert "malkoll.outline:KOLADA_ID_RE" in where
    assert any(w.startswith("malkoll.outline.vocab:vocabulary()") for w in where)  # built from the lexicon
    assert any(w.split(":")[1].isdigit() for w in where)  # written inline: re.search(r"…", text)
    assert len(discovered.patterns) > 60


def test_every_user_text_pattern_is_linear(discovered):
    patterns = [f for f in discovered.patterns if str(f.pattern.pattern) not in NOT_USER_TEXT]
    failures, checked = regex_audit.audit(patterns)
    report = "\n".join(f"{v.where}: {v.pattern[:90]!r} on {v.label} (n={v.n}): {v.ratio:.0f} x the linear "
                       f"reference, growth {v.growth and round(v.growth, 1)} x the input's" for v in failures)
    assert not failures, "super-linear patterns:\n" + report
    assert checked and max(v.n for v in checked) >= 100_000


def test_the_audit_catches_a_quadratic_and_a_cubic_pattern():
    """The audit itself can fail: the shapes of the patterns that froze the readers."""
    import re

    bad = [regex_audit.Found(re.compile(r"\d+(?:[,.]\d+)?\s*%"), "quadratic"),
           regex_audit.Found(re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$"), "cubic"),
           regex_audit.Found(re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), "lazy emphasis")]
    failures, _ = regex_audit.audit(bad)
    assert {v.where for v in failures} == {"quadratic", "cubic", "lazy emphasis"}


def _best(fn, arg, repeat: int = 3) -> float:
    return regex_audit.best_time(fn, arg, repeat)


@pytest.mark.parametrize("name,make", [
    ("heading of spaces", lambda n: "# a" + " " * n + "x\n"),
    ("emphasis *a *a", lambda n: "Mål\n\n" + "*a " * (n // 3) + "\n"),
    ("bold **a **a", lambda n: "Mål\n\n" + "**a " * (n // 4) + "\n"),
    ("underscores __a", lambda n: "Mål\n\n" + "__a " * (n // 4) + "\n"),
    ("link openers", lambda n: "[" * n + "\n"),
    ("unclosed comments", lambda n: "<!-- a " * (n // 7) + "\n"),
])
def test_markdown_reader_stays_linear_on_attack_files(name, make):
    """The attack files of the issue, read through the Markdown reader and the outline (the whole
    path, not one pattern), against a benign file of the same size read in the same run: at 1k, 10k
    and 100k characters the attack may cost at most 60 x the benign file, at every size (the old
    reader: 1k of spaces in a heading cost 15,620 x the benign file; 100k of '[' 115 x, growing)."""
    from malkoll.config import Config
    from malkoll.ingest import goals_from_text

    def read(text):
        return goals_from_text(text, None, Config())

    for n in (1_000, 10_000, 100_000):
        benign = "# Mål\n\n" + ("Fler ska läsa. " * (n // 15 + 1))[:n] + "\n"
        ratio = _best(read, make(n), 1 if n > 10_000 else 3) / _best(read, benign)
        assert ratio < 60, f"{name}: {n} characters cost {ratio:.0f} x a benign file of that size"


@pytest.mark.parametrize("name,make", [
    ("brackets", lambda n, k: "[" * n + str(k)),
    ("closing parentheses", lambda n, k: f"Mål ({k}" + ")" * n),
    ("opening quotes", lambda n, k: "«" * n + f"{k} ska öka"),
])
def test_analysis_of_punctuation_runs_costs_what_text_costs(name, make):
    """spaCy's tokenizer splits a token's affixes one at a time (4,000 '[' took 1.7 s, 10,000 15 s)
    and the sentence fix set sentence starts one by one, each a scan of the Doc: 8,000 '[' cost
    ~60-85 x 8,000 characters of ordinary text. Now a run longer than any word is cut into long
    tokens and costs less than text; 15 x leaves room for a busy machine. Every run is new (`k`):
    spaCy caches the tokenization of a chunk it has seen."""
    from malkoll.analyzer import get_engine
    from malkoll.config import Config

    engine = get_engine(Config().engine)
    engine("Värm upp.")
    runs = iter(range(10**6))

    def parse(n):
        t0 = time.perf_counter()
        list(engine.pipe([make(n, next(runs))]))
        return time.perf_counter() - t0

    def benign(n):
        text = ("Fler ska läsa böcker. " * (n // 22 + 1))[:n]
        t0 = time.perf_counter()
        list(engine.pipe([text]))
        return time.perf_counter() - t0

    for n in (2_000, 8_000):
        ratio = min(parse(n) for _ in range(2)) / min(benign(n) for _ in range(2))
        assert ratio < 15, f"{name}: {n} characters cost {ratio:.0f} x ordinary text of that length"
