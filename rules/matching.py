"""Phrase matching for rule lexicons with spaCy's Matcher, on lemmas or surface forms."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from malkoll.analyzer.lexicon import head_of, lexicon

HERE = Path(__file__).parent


def rule_lexicon(name: str) -> dict:
    return lexicon(HERE, name)


# Every phrase list the rules read, compiled into one Matcher per process and run once per goal
# (`find_phrases` of a list not named here compiles it into a matcher of its own, once).
PHRASE_LISTS = (("vagueness", "effort_verbs"), ("vagueness", "hedges"), ("vagueness", "soft_verbs"),
                ("vagueness", "defined_phrases"), ("vagueness", "praise_phrases"), ("terms", "concrete_anchors"),
                ("goal_types", "activity_verbs"), ("goal_types", "service_verbs"))


def _patterns(phrase: str, forms_only: bool = False) -> list[list[dict]]:
    """Word by word on the surface form, on the lemma (NORM holds the lower-cased lemma once the
    goal-feature component has run: ``malkoll.analyzer.features``), or lemma first then forms."""
    words = phrase.lower().split()
    lower = [{"LOWER": w} for w in words]
    if forms_only:
        return [lower]
    lemma_all = [{"NORM": w} for w in words]
    first_lemma = [{"NORM": words[0]}] + lower[1:]
    return [lower, lemma_all, first_lemma]


class _Compiled:
    """One Matcher over several phrase lists; a match's key names its list and its phrase."""

    def __init__(self, vocab, lists):
        self.matcher = Matcher(vocab)
        self.keys: dict[int, tuple[tuple[str, str], str]] = {}
        self.lists = tuple(lists)
        for lexicon_name, key in self.lists:
            for e in rule_lexicon(lexicon_name)[key]:
                phrase = e.get("phrase") or e.get("lemma")
                label = f"{lexicon_name}\x1f{key}\x1f{phrase}"
                self.matcher.add(label, _patterns(phrase, e.get("forms_only", False)))
                self.keys[vocab.strings.add(label)] = ((lexicon_name, key), phrase)

    def run(self, doc: Doc) -> dict[tuple[str, str], list[Span]]:
        """Longest non-overlapping matches of each list, label = the lexicon phrase."""
        found: dict[tuple[str, str], list[Span]] = {lst: [] for lst in self.lists}
        for mid, s, e in self.matcher(doc):
            lst, phrase = self.keys[mid]
            found[lst].append(Span(doc, s, e, label=phrase))
        return {lst: _longest(spans) for lst, spans in found.items()}


def _longest(spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda sp: (-(sp.end - sp.start), sp.start))
    taken: set[int] = set()
    out = []
    for sp in spans:
        if taken.intersection(range(sp.start, sp.end)):
            continue
        taken.update(range(sp.start, sp.end))
        out.append(sp)
    return sorted(out, key=lambda sp: sp.start)


@lru_cache(maxsize=32)
def _compiled(vocab, lists: tuple) -> _Compiled:
    return _Compiled(vocab, lists)


def doc_cached(doc: Doc, key: tuple, compute):
    """Memoise a per-goal computation on the Doc: several rules ask the same question."""
    cache = doc.user_data.setdefault("malkoll_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def find_phrases(doc: Doc, lexicon_name: str, key: str) -> list[Span]:
    """Longest non-overlapping matches of a lexicon list in the doc, label = the lexicon phrase."""
    lst = (lexicon_name, key)
    lists = PHRASE_LISTS if lst in PHRASE_LISTS else (lst,)
    found = doc_cached(doc, ("phrases", lists), lambda: _compiled(doc.vocab, lists).run(doc))
    return list(found[lst])


@lru_cache(maxsize=16)
def word_set(lexicon_name: str, key: str) -> tuple[frozenset[str], frozenset[str]]:
    """(whole words, compound-head words) of a lemma list."""
    entries = rule_lexicon(lexicon_name)[key]
    words = frozenset(str(e["lemma"]).lower() for e in entries if "lemma" in e)
    heads = frozenset(str(e["lemma"]).lower() for e in entries if e.get("suffix"))
    return words, heads


@lru_cache(maxsize=16)
def flagged_words(lexicon_name: str, key: str, flag: str) -> frozenset[str]:
    """The lemmas of a lexicon list whose entries carry `flag` ("rank_word: true")."""
    return frozenset(str(e["lemma"]).lower() for e in rule_lexicon(lexicon_name)[key] if e.get(flag))


SUPERLATIVE_ENDINGS = ("aste", "ast", "sta", "are", "re")


def token_in(tok, lexicon_name: str, key: str, *, comparison: bool = False) -> str | None:
    """The lexicon word `tok` is (by lemma, inflected form or compound head); with `comparison`,
    comparative and superlative forms count too ("tryggaste" -> "trygg", "främsta" -> "främst")."""
    return _word_in(tok.norm_, tok.text, tok.lower_, lexicon_name, key, comparison)


@lru_cache(maxsize=200_000)
def _word_in(lem: str, text: str, low: str, lexicon_name: str, key: str, comparison: bool) -> str | None:
    words, heads = word_set(lexicon_name, key)
    found = head_of(lem, words, suffix_heads=heads, min_prefix=3) or \
        head_of(text, words, suffix_heads=heads, min_prefix=3)
    if found or not comparison:
        return found
    for end in SUPERLATIVE_ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= 3:
            stem = low[: -len(end)]
            for cand in (stem, stem + "st" if end == "a" else stem):
                if cand in words:
                    return cand
    return None
