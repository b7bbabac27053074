"""Phrase matching for rule lexicons (one phrase index per process, run once per goal), on lemmas or
surface forms."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from malkoll.analyzer.doc_cache import CACHE, doc_cached, sentence_of, sentences, tagged, tokens, words  # noqa: F401  (the rules read them from here)
from malkoll.analyzer.lexicon import head_of, lexicon

HERE = Path(__file__).parent


def rule_lexicon(name: str) -> dict:
    return lexicon(HERE, name)


# Every phrase list the rules read, compiled into one phrase index per process and run once per goal
# (`find_phrases` of a list not named here compiles it into an index of its own, once).
PHRASE_LISTS = (("vagueness", "effort_verbs"), ("vagueness", "hedges"), ("vagueness", "soft_verbs"),
                ("vagueness", "defined_phrases"), ("vagueness", "praise_phrases"), ("terms", "concrete_anchors"),
                ("goal_types", "activity_verbs"), ("goal_types", "service_verbs"),
                ("single", "purpose_links"), ("single", "basis_verbs"), ("single", "manner_phrases"))

# How a phrase may match, word by word: on the surface form (LOWER), on the lemma (NORM holds the
# lower-cased lemma once the goal-feature component has run: ``malkoll.analyzer.features``), or the
# lemma of the first word and the forms of the rest ("verkar för"). `forms_only` entries: the first.
ON_FORMS, ON_LEMMAS, LEMMA_THEN_FORMS = "forms", "lemmas", "lemma+forms"


class _Compiled:
    """The phrases of several lists indexed by their first word (as a form and as a lemma): a goal
    is read once, each token looked up twice, and only phrases that start there are compared."""

    def __init__(self, lists):
        self.lists = tuple(lists)
        self.by_form: dict[str, list[tuple]] = {}
        self.by_lemma: dict[str, list[tuple]] = {}
        order = 0
        for lexicon_name, key in self.lists:
            for e in rule_lexicon(lexicon_name)[key]:
                phrase = e.get("phrase") or e.get("lemma")
                words = tuple(phrase.lower().split())
                if not words:
                    continue
                lst = (lexicon_name, key)
                order += 1
                rest = list(words[1:])  # compared as one list with the words after the first
                self.by_form.setdefault(words[0], []).append((lst, order, phrase, rest, ON_FORMS))
                if not e.get("forms_only", False):
                    self.by_lemma.setdefault(words[0], []).append((lst, order, phrase, rest, ON_LEMMAS))
                    if len(words) > 1:
                        self.by_lemma[words[0]].append((lst, order, phrase, rest, LEMMA_THEN_FORMS))

    def run(self, doc: Doc) -> dict[tuple[str, str], list[Span]]:
        """Longest non-overlapping matches of each list, label = the lexicon phrase."""
        w = words(doc)
        forms, lemmas = w.lower, w.norm
        n = len(forms)
        hits: dict[tuple, tuple[int, str]] = {}  # (list, start, end) -> the list's first phrase there
        by_form, by_lemma = self.by_form, self.by_lemma
        for i in range(n):
            for entries in (by_form.get(forms[i]), by_lemma.get(lemmas[i])):
                for lst, order, phrase, tail, how in entries or ():
                    end = i + 1 + len(tail)
                    if end > n:
                        continue
                    if (lemmas if how == ON_LEMMAS else forms)[i + 1:end] == tail:
                        known = hits.get((lst, i, end))
                        if known is None or order < known[0]:
                            hits[(lst, i, end)] = (order, phrase)
        found: dict[tuple[str, str], list[Span]] = {lst: [] for lst in self.lists}
        for (lst, start, end), (_, phrase) in hits.items():
            found[lst].append(Span(doc, start, end, label=phrase))
        return {lst: _longest(spans) if spans else spans for lst, spans in found.items()}


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
def _compiled(lists: tuple) -> _Compiled:
    return _Compiled(lists)


_SHARED_LISTS = frozenset(PHRASE_LISTS)
_SHARED_KEY = ("phrases", PHRASE_LISTS)  # built once: a tuple's hash is not kept, and rules ask ~25 times a goal


def find_phrases(doc: Doc, lexicon_name: str, key: str) -> list[Span]:
    """Longest non-overlapping matches of a lexicon list in the doc, label = the lexicon phrase."""
    lst = (lexicon_name, key)
    if lst in _SHARED_LISTS:
        try:  # asked ~20 times a goal: the kept matches without a closure or a further call
            found = doc.user_data[CACHE][_SHARED_KEY]
        except KeyError:
            found = doc_cached(doc, _SHARED_KEY, lambda: _compiled(PHRASE_LISTS).run(doc))
    else:
        found = doc_cached(doc, ("phrases", (lst,)), lambda: _compiled((lst,)).run(doc))
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


_TOKEN_WORDS: dict[tuple, str | None] = {}
_TOKEN_WORDS_MAX = 50_000  # bounded: a service meets new words without end


def token_in(tok, lexicon_name: str, key: str, *, comparison: bool = False) -> str | None:
    """The lexicon word `tok` is (by lemma, inflected form or compound head); with `comparison`,
    comparative and superlative forms count too ("tryggaste" -> "trygg", "främsta" -> "främst").
    Looked up by the token's string ids (its lemma, held in NORM, and its form): reading the
    strings themselves costs more than the answer (rules ask ~100 times a goal)."""
    k = (tok.norm, tok.orth, lexicon_name, key, comparison)
    try:
        return _TOKEN_WORDS[k]
    except KeyError:
        pass
    if len(_TOKEN_WORDS) >= _TOKEN_WORDS_MAX:
        _TOKEN_WORDS.clear()
    found = _TOKEN_WORDS[k] = _word_in(tok.norm_, tok.text, tok.lower_, lexicon_name, key, comparison)
    return found


def words_in(doc: Doc, lexicon_name: str, key: str, *, comparison: bool = False) -> list[str | None]:
    """For each token of the Doc, the lexicon word it is (:func:`token_in`), looked up once per Doc
    and list: several rules read the same list over the same goal."""
    return doc_cached(doc, ("words_in", lexicon_name, key, comparison),
                      lambda: [token_in(t, lexicon_name, key, comparison=comparison) for t in tokens(doc)])


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
