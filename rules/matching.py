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


def _patterns(phrase: str, forms_only: bool = False) -> list[list[dict]]:
    words = phrase.lower().split()
    lower = [{"LOWER": w} for w in words]
    if forms_only:
        return [lower]
    lemma_all = [{"_": {"lem": w}} for w in words]
    first_lemma = [{"_": {"lem": words[0]}}] + lower[1:]
    return [lower, lemma_all, first_lemma]


@lru_cache(maxsize=32)
def phrase_matcher(vocab, lexicon_name: str, key: str) -> Matcher:
    entries = rule_lexicon(lexicon_name)[key]
    m = Matcher(vocab)
    for e in entries:
        phrase = e.get("phrase") or e.get("lemma")
        vocab.strings.add(phrase, allow_transient=False)  # the label outlives a memory zone (the service)
        m.add(phrase, _patterns(phrase, e.get("forms_only", False)))
    return m


def doc_cached(doc: Doc, key: tuple, compute):
    """Memoise a per-goal computation on the Doc: several rules ask the same question."""
    cache = doc.user_data.setdefault("malkoll_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def find_phrases(doc: Doc, lexicon_name: str, key: str) -> list[Span]:
    """Longest non-overlapping matches of a lexicon list in the doc, label = the lexicon phrase."""
    return list(doc_cached(doc, ("phrases", lexicon_name, key), lambda: _find_phrases(doc, lexicon_name, key)))


def _find_phrases(doc: Doc, lexicon_name: str, key: str) -> list[Span]:
    matcher = phrase_matcher(doc.vocab, lexicon_name, key)
    spans = [Span(doc, s, e, label=doc.vocab.strings[mid]) for mid, s, e in matcher(doc)]
    spans.sort(key=lambda sp: (-(sp.end - sp.start), sp.start))
    taken: set[int] = set()
    out = []
    for sp in spans:
        if taken.intersection(range(sp.start, sp.end)):
            continue
        taken.update(range(sp.start, sp.end))
        out.append(sp)
    return sorted(out, key=lambda sp: sp.start)


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
    return _word_in(tok._.lem, tok.text, tok.lower_, lexicon_name, key, comparison)


@lru_cache(maxsize=20_000)  # bounded: a service meets new words without end (~300 B an entry)
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
