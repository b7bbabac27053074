"""Indicator model over the Kolada KPI catalogue (Källa: Kolada).

One model answers two questions for a goal: *which Kolada KPIs measure it* (suggestions) and
*does this KPI measure it* (the cascade check MK903). It reads the goal as the analyzer parsed it
(the spaCy Doc with lemmas, parts of speech, dependencies and the goal-feature span groups) and
never tokenises or stems on its own:

* the catalogue is parsed once, at build time, by the same Swedish pipeline
  (``python models/build_indicator_index.py``); titles and descriptions become lemma terms, compound
  parts split against the catalogue's own vocabulary, character 4-grams of the title terms (for
  derivations: "motiverade" ~ "motivationsindex") and a term model per Kolada operating area;
* a goal's terms are the content lemmas of its Doc, leaving out what the analyzer marks as
  targets, times, numbers and owners (a number in a goal is a target, not part of the measure);
  municipal synonyms and concepts (``models/data/*.yaml``) add related Kolada wording;
* KPIs of the organisation's kind (kommun K / region L, plus A for both) that are still published
  are scored on a handful of evidence features (BM25 on titles and descriptions, coverage of the
  goal by the title and of the title by the goal, 4-gram similarity, the operating area the goal
  belongs to, perspective, variant penalties, the groups of people a title names that the goal does
  not) and combined by a ranker fitted on real goal-KPI pairs (a conditional logit: which candidate
  is accepted, per goal) with leave-organisation-out evaluation (``models/kolada/ranker.json``);
  Platt scaling of its held-out scores gives the confidence that a KPI measures the goal;
* the people a goal speaks of (the analyzer's beneficiaries: "invånarna", "äldre", "kunderna") are
  kept apart from what it measures: "Färre invånare ska röka" measures smoking, not the population.

The index is a compact prebuilt artifact (``models/kolada/index.npz``).

Kolada's terms: every place that shows these indicators says "Källa: Kolada"
(:data:`KOLADA_ATTRIBUTION`), and Målkoll is not an RKA or Kolada service
(:data:`KOLADA_DISCLAIMER`).
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import weakref
from dataclasses import dataclass, field
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Sequence

import numpy as np

from malkoll.analyzer.doc_cache import doc_cached, sentences, span_group, tokens, words as token_strings
from malkoll.analyzer.doc_cache import text as doc_text
from malkoll.analyzer.lexicon import SWEDISH_ENDINGS, load_yaml
from malkoll.report import KOLADA_ATTRIBUTION  # noqa: F401  (re-exported: one spelling of the attribution)

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
KOLADA_DIR = HERE / "kolada"
KPIS_PATH = KOLADA_DIR / "kpis.jsonl"
INDEX_PATH = KOLADA_DIR / "index.npz"
RANKER_PATH = KOLADA_DIR / "ranker.json"
MEMORY_PATH = KOLADA_DIR / "memory.npz"
INDEX_FORMAT = 6
LEXICON_FILES = ("stopwords", "synonyms", "concepts", "domains", "ranking")

KOLADA_DISCLAIMER = (
    "Målkoll är ett fristående verktyg och ingen tjänst från RKA eller Kolada; "
    "förslagen är Målkolls egen bearbetning."
)
KOLADA_DISCLAIMER_EN = (
    "Målkoll is an independent tool, not a service of RKA or Kolada; "
    "the suggestions are Målkoll's own processing."
)

CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
SKIP_GROUPS = ("numbers", "time", "targets")
SKIP_ACTORS = ("OWNER", "WHOLE_ORG", "ROLE")
GRADE_WORDS = frozenset({"åk", "årskurs"})
K1 = 1.2
B_TITLE = 0.5
B_DESC = 0.75
PART_WEIGHT = 0.5  # a compound's parts stand for it at half weight ("gymnasieelever" ~ "elever")
MODIFIER_WEIGHT = 0.5  # in a KPI's text, a compound's first part at half a part's weight ("livs|medel")
ADJ_VERB_WEIGHT = 0.7  # nouns name what is measured; adjectives and verbs qualify it
# the least weight a word has in a KPI's text as its own word or a compound's head; less is a first part
HEAD_WEIGHT_MIN = PART_WEIGHT * ADJ_VERB_WEIGHT
SYNONYM_WEIGHT = 0.6
CONCEPT_WEIGHT = 0.7
DESC_CREDIT = 0.5  # coverage credit for a goal word found only in a KPI's description
NGRAM = 4
COMMON_GRAM_IDF = 2.0  # 4-grams in more than about 1 title in 7 are not scored
FIRST_STAGE = 80  # candidates re-ranked per goal
AREA_VOTES = 20  # top first-stage candidates whose areas vote for the goal's operating area
AREA_SHARPNESS = 3.0  # naive Bayes log-likelihood per word, scaled before the softmax
TOPICAL = 0.5  # a word names a topic when at least this share of P(area | word) lies in one area
TOPIC_PRIOR = 5.0  # uses a word needs before its own areas outweigh the areas' shares of all uses
MEMORY_K = 10  # most similar goals of the memory whose KPIs become candidates
MEMORY_MIN_SIM = 0.05
SIMILAR_GOAL = 0.3  # a memory goal this similar is "a similar goal" in the plain reason
SPECIFIC_DF = 100  # a word in fewer KPIs than this names something specific (a third of the vocabulary's mass)
POPULATION_MEMORY = 0.3  # weight of the goal's population ("invånare") among its words when goals are compared


# --------------------------------------------------------------------------- #
# data files
# --------------------------------------------------------------------------- #
@lru_cache(maxsize=None)
def load_data(name: str) -> dict:
    return load_yaml(str(DATA_DIR / f"{name}.yaml"))


def _data_hash() -> str:
    h = hashlib.sha256()
    for name in LEXICON_FILES:
        h.update((DATA_DIR / f"{name}.yaml").read_bytes())
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- #
# words: the analyzer's lemmas, matched against the catalogue's vocabulary
# --------------------------------------------------------------------------- #
ENDINGS_LONGEST_FIRST = tuple(e for e in sorted(SWEDISH_ENDINGS, key=len, reverse=True) if e)


@dataclass
class Vocabulary:
    """What the catalogue's own words tell about Swedish word forms and compounds.

    ``known``: lemmas that occur in the catalogue; ``lemma_of``: written form -> the analyzer's
    lemma in the catalogue; ``modifiers``: first parts seen in several catalogue compounds
    ("gymnasie-", "skol-"); ``no_split``: prefixes that are never compound parts (data file).
    """

    known: set[str]
    lemma_of: dict[str, str]
    modifiers: set[str]
    no_split: set[str]
    stop: set[str]
    _split_cache: dict = field(default_factory=dict, repr=False)
    _base_cache: dict = field(default_factory=dict, repr=False)

    def base(self, lemma: str, form: str, adjective: bool = False) -> str:
        """The catalogue's spelling of a word: its lemma when the catalogue knows it, else the form's
        lemma in the catalogue, else the form without an inflection ending that the catalogue knows
        (not for an `adjective` the analyzer reads as its own lemma)."""
        key = (lemma, form, adjective)
        hit = self._base_cache.get(key)
        if hit is None:
            hit = self._base_cache[key] = self._base(lemma, form, adjective)
        return hit

    def _base(self, lemma: str, form: str, adjective: bool) -> str:
        lemma = lemma.lower().strip("-")
        form = form.lower().strip("-")
        if lemma in self.known:
            return lemma
        if form in self.known:
            return form
        if form in self.lemma_of:
            return self.lemma_of[form]
        if adjective and lemma == form:
            return lemma  # an adjective in its base form, by the analyzer: "stolt" is not "stol" + t
        for ending in ENDINGS_LONGEST_FIRST:
            if form.endswith(ending) and len(form) - len(ending) >= 3:
                cand = form[: -len(ending)]
                for c in (cand, cand + "e", cand + "a"):
                    c = self.lemma_of.get(c, c)
                    if c in self.known:
                        return c
        return lemma

    def _part(self, w: str) -> str | None:
        if w in self.known:
            return w
        if w in self.lemma_of and self.lemma_of[w] in self.known:
            return self.lemma_of[w]
        if len(w) >= 5:
            for ending in ENDINGS_LONGEST_FIRST:
                if w.endswith(ending) and len(w) - len(ending) >= 3:
                    c = w[: -len(ending)]
                    c = self.lemma_of.get(c, c)
                    if c in self.known:
                        return c
        return None

    def split(self, word: str, depth: int = 0) -> list[str]:
        """A compound's parts known in the catalogue ("gymnasieutbildning" -> gymnasie, utbildning)."""
        key = (word, depth)
        hit = self._split_cache.get(key)
        if hit is not None:
            return hit
        parts = self._split(word, depth)
        self._split_cache[key] = parts
        return parts

    def _split(self, word: str, depth: int) -> list[str]:
        n = len(word)
        if n < 7 or depth > 1 or not word.isalpha():
            return []
        best = None
        for i in range(3, n - 2):
            left, right = word[:i], word[i:]
            if left in self.no_split:
                continue
            r = self._part(right)
            if r is None:
                continue
            if left in self.known or left in self.modifiers:
                lft = left
            elif self.lemma_of.get(left) in self.known:
                lft = self.lemma_of[left]
            elif left + "a" in self.known and len(left) > 3:  # skol|gård -> skola
                lft = left + "a"
            elif left[-1] in "oeu" and left[:-1] + "a" in self.known and len(left) > 4:  # hälso|tillstånd
                lft = left[:-1] + "a"
            elif left.endswith("s") and (left[:-1] in self.known or left[:-1] in self.modifiers) and len(left) > 4:
                lft = left[:-1]
            else:
                continue
            cand = (min(len(lft), len(r)), lft, r)
            if best is None or cand[0] > best[0]:
                best = cand
        if best is None:
            return self._split_unseen(word) if depth == 0 and word not in self.known else []
        _, lft, r = best
        parts: list[str] = []
        for p in (lft, r):
            parts.append(p)
            parts.extend(self.split(p, depth + 1))
        if lft.endswith("s") and lft[:-1] in self.known:
            parts.append(lft[:-1])  # the word behind a linking s: "trygghets|upplevelse" ~ trygghet
        return [p for p in parts if p not in self.stop and len(p) >= 3]

    def _split_unseen(self, word: str) -> list[str]:
        """A compound the catalogue does not use (a goal's word): its last part the catalogue knows, and
        its first a Swedish word, the catalogue's or the analyzer's ("klimat|anpassning", "koldioxid|
        utsläpp", "välfärds|tjänst" -> välfärd, tjänst). Without such a first part, only a long last
        part stands alone ("...|produktion"): a short one is more often the end of a derived word than a
        compound's head ("digitalise|ring", "öppen|het", "utveckl|ande" are no compounds)."""
        from malkoll.analyzer import known_words

        forms, lemmas = known_words()

        def swedish(w: str) -> str | None:
            return self._part(w) or (w if w in forms or w in lemmas else None)

        n, best = len(word), None
        for i in range(4, n - 3):
            left, r = word[:i], self._part(word[i:])
            if r is None or len(r) < 4 or left in self.no_split:
                continue
            lft = swedish(left)
            if lft is None and left.endswith("s") and i > 4:  # a linking s: "välfärds|tjänst"
                lft = swedish(left[:-1])
            if lft is not None and (best is None or min(len(lft), len(r)) > best[0]):
                best = (min(len(lft), len(r)), lft, r)
        if best is not None:
            return [p for p in best[1:] if p not in self.stop]
        for i in range(3, n - 5):
            r = self._part(word[i:])
            if r is not None and len(r) >= 6 and word[:i] not in self.no_split:
                return [r] if r not in self.stop else []
        return []


class Term(NamedTuple):
    term: str
    weight: float
    token: int  # index of the token in its Doc (-1 for lexicon expansions)
    own: bool  # the text's own word (not a compound part or an expansion)


FOCUS_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "xcomp", "appos"})


def lemmas(doc) -> list[str]:
    """The tokens' lemmas in lower case (``tok.lemma_.lower()``, indexed like the tokens), decoded once per
    Doc: the goal query, the kind of organisation and the suggestions each read them."""
    return doc_cached(doc, ("lemmas",), lambda: [t.lemma_.lower() for t in tokens(doc)])


def focus_tokens(doc) -> set[int]:
    """The tokens that name what a goal measures: each sentence's root when it is a noun or an
    adjective ("Minskad sjukfrånvaro", "... ska vara behöriga"), its subject and object ("Befolkningen
    ska öka"), their coordinated nouns, the measure nouns the analyzer found (metrics) and the noun a
    target counts ("80 000 invånare")."""
    out: set[int] = set()
    for sent in sentences(doc):
        root = sent.root
        heads = [root] + [c for c in root.children if c.dep_ in FOCUS_DEPS]
        if root.pos_ in ("VERB", "AUX"):
            # "ska ... leda till", "anser att X erbjuder Y": the clause below carries the content
            heads += [g for c in root.children if c.dep_ in ("ccomp", "xcomp") for g in c.children
                      if g.dep_ in FOCUS_DEPS]
        for h in heads:
            for t in [h] + [c for c in h.children if c.dep_ == "conj"]:
                if t.pos_ in ("NOUN", "PROPN", "ADJ"):
                    out.add(t.i)
                if t.pos_ == "NOUN" and t.lemma_.lower() in ("andel", "antal"):
                    out.update(c.i for c in t.children if c.pos_ in ("NOUN", "ADJ") and c.dep_ in ("nmod", "acl"))
    toks = tokens(doc)  # a span's tokens sliced from the Doc's list (iterating a Span makes each Token anew)
    for group, labels in (("metrics", ("METRIC", "COUNT")), ("targets", None)):
        for start, end, label in span_group(doc, group):
            if labels is None or label in labels:
                out.update(t.i for t in toks[start:end] if t.pos_ == "NOUN" and not t.like_num)
    return out


def _skipped_tokens(doc, units: set[int] | None = None) -> set[int]:
    """Tokens that say how much or when, or who owns the goal, not what is measured; an owner that
    is a single unit ("Kulturskolan", "Räddningstjänsten") goes to `units` instead (its service is
    what Kolada measures, when Kolada knows the word)."""
    skip: set[int] = set()
    toks = tokens(doc)
    for group in SKIP_GROUPS:
        for start, end, label in span_group(doc, group):
            if group == "targets" and label != "BENCHMARK":
                # "80 000 invånare", "170 bostäder": the value is the target, the noun is what is counted
                # (a reference compared with, "under riksgenomsnittet", is skipped whole)
                skip.update(t.i for t in toks[start:end] if t.pos_ not in ("NOUN", "PROPN") or t.like_num)
            else:
                skip.update(range(start, end))
    for start, end, label in span_group(doc, "actors"):
        if label in SKIP_ACTORS and not _acted_upon(doc, start, end, label):
            if units is not None and label == "OWNER" and end - start == 1:
                units.add(start)
            skip.update(range(start, end))
    return skip


def _title_unit(title: str, kinds: dict[str, list[str]]) -> str | None:
    """What a KPI reports, from the last part of its title that names a unit ("..., andel (%)": share;
    "Nystartade företag, antal/1000 inv, 16-64 år": count; "(Ja=1, Nej=0)": flag), by the patterns of
    ranking.yaml `units.kpi`."""
    low = title.lower()
    if any(p in low for p in kinds.get("flag", ())):
        return "flag"
    for part in reversed(low.split(",")[1:]):
        part = part.strip()
        for kind, pats in kinds.items():
            if kind != "flag" and any(part.startswith(p) or (p.startswith("(") and p in part) for p in pats):
                return kind
    return None


def goal_unit(doc, words: dict[str, str]) -> str | None:
    """What kind of figure a goal asks for: "share" ("Andelen ...", "6 procent"), "count" ("Antalet ...",
    "minst 170 bostäder", "80 000 invånare"), or None when it says neither or both."""
    metrics = [(start, end) for start, end, label in span_group(doc, "metrics") if label == "METRIC"]
    roots = [doc[start:end].root.lemma_.lower() for start, end in metrics]
    kinds = {words[r] for r in roots if r in words}
    numbers_group = span_group(doc, "numbers")
    if any(label == "PERCENT" for _, _, label in numbers_group):
        kinds.add("share")
    metric_tokens = {i for start, end in metrics for i in range(start, end)}
    numbers = {i for start, end, label in numbers_group if label == "NUMBER" for i in range(start, end)}
    toks = tokens(doc)
    for start, end, label in span_group(doc, "targets"):
        # a number in the target that counts a noun ("minst 300 nya lägenheter"), not a unit ("kronor")
        if label != "BENCHMARK" and any(
                t.i in numbers and t.head.pos_ == "NOUN" and t.head.i not in numbers | metric_tokens
                and t.head.i != t.i for t in toks[start:end]):
            kinds.add("count")
    return kinds.pop() if len(kinds) == 1 else None


def _acted_upon(doc, start: int, end: int, label: str) -> bool:
    """An organisation the goal's verb acts upon or that qualifies what is measured ("Fler ska besöka
    biblioteken", "nöjda med skolan"): content, not the goal's owner (an actor span: start, end, label)."""
    return label == "OWNER" and doc[start:end].root.dep_ in ("obj", "obl")


def doc_terms(doc, vocab: Vocabulary, *, goal: bool = True) -> list[Term]:
    """The weighted lemma terms of an analysed text (a goal, or a KPI title or description)."""
    units: set[int] = set()
    skip = _skipped_tokens(doc, units) if goal else set()
    out: list[Term] = []
    n = len(doc)
    strings = token_strings(doc)  # the token strings the rules read too, decoded once per Doc
    lower, pos, text = strings.lower, strings.pos, strings.text
    for tok in tokens(doc):
        i = tok.i
        low = lower[i]
        if low in GRADE_WORDS and i + 1 < n and doc[i + 1].like_num:
            out.append(Term(f"åk{text[i + 1]}", 1.0, i, True))  # "årskurs 9" ~ "åk 9"
            continue
        p = pos[i]
        if (i in skip and i not in units) or p not in CONTENT_POS or not (tok.is_alpha or "-" in text[i]):
            continue
        word = vocab.base(tok.lemma_ or text[i], text[i], p == "ADJ")
        if i in units:  # an owning unit: its service at part weight, when the catalogue knows the word
            if word in vocab.known and word not in vocab.stop:
                out.append(Term(word, PART_WEIGHT, i, True))
            continue
        if len(word) < 2 or word in vocab.stop or low in vocab.stop:
            continue
        w = 1.0 if p in ("NOUN", "PROPN") else ADJ_VERB_WEIGHT
        if p == "PROPN" and word not in vocab.known:
            continue  # a place or a person: not something Kolada measures
        out.append(Term(word, w, i, True))
        for part in vocab.split(word):
            if part != word:
                # in a KPI's text, a first part says less of what the KPI is about than the head does:
                # "Ekologiska livs|medel" is about food, not about life
                weight = w * PART_WEIGHT * (1.0 if goal or word.endswith(part) else MODIFIER_WEIGHT)
                out.append(Term(part, weight, i, False))
    return out


# --------------------------------------------------------------------------- #
# building the artifact (build time only: parses the catalogue with the shipped pipeline)
# --------------------------------------------------------------------------- #
def _read_kpis(path: Path = KPIS_PATH) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _clean_title(title: str, qualifiers: Sequence[str]) -> str:
    """A title without the regi/residence qualifiers that say whose figure it is, not what is measured."""
    for q in qualifiers:
        title = re.sub(r"(?i)\b" + re.escape(q) + r"\b", " ", title)
    return re.sub(r"\s+", " ", title).strip()


def _stop_words() -> set[str]:
    return {str(w).lower() for w in load_data("stopwords")["words"]}


def _ngrams(term: str) -> list[str]:
    t = f"#{term}#"
    return [t[i:i + NGRAM] for i in range(max(1, len(t) - NGRAM + 1))]


@lru_cache(maxsize=1 << 16)
def _ngrams_of(term: str) -> tuple[str, ...]:
    """``_ngrams`` of a goal word, kept: the same words come again and again."""
    return tuple(_ngrams(term))


def build_artifact(kpis_path: Path = KPIS_PATH, nlp=None) -> dict[str, np.ndarray]:
    """Parse the catalogue once with the analyzer and compile the index arrays (takes ~1 minute)."""
    if nlp is None:
        from malkoll.analyzer import get_nlp

        nlp = get_nlp()
    kpis = _read_kpis(kpis_path)
    rk = load_data("ranking")
    qualifiers = rk["qualifiers"]["phrases"]
    titles = [_clean_title(k["title"], qualifiers) for k in kpis]
    descs = [(k.get("description") or "").replace("\\n", " ") for k in kpis]
    tdocs = list(nlp.pipe(titles, batch_size=256))
    with nlp.select_pipes(disable=[p for p in ("parser", "malkoll_sentence_repair") if p in nlp.pipe_names]):
        ddocs = list(nlp.pipe(descs, batch_size=128))
    stop = _stop_words()
    lemma_of: dict[str, str] = {}
    lemmas: set[str] = set()
    for d in tdocs + ddocs:
        for tok in d:
            if tok.is_alpha and tok.pos_ in CONTENT_POS:
                lem = (tok.lemma_ or tok.text).lower()
                lemmas.add(lem)
                if tok.lower_ != lem:
                    lemma_of.setdefault(tok.lower_, lem)
    known = {w for w in lemmas if len(w) >= 3 and w not in stop}
    counts: dict[str, int] = {}
    for w in known:
        for i in range(3, len(w) - 2):
            if w[i:] in known:
                counts[w[:i]] = counts.get(w[:i], 0) + 1
    no_split = set(load_data("stopwords")["no_split_prefixes"]["prefixes"])
    modifiers = {p for p, c in counts.items() if c >= 3 and p not in no_split}
    vocab = Vocabulary(known, lemma_of, modifiers, no_split, stop)
    t_lists = [doc_terms(d, vocab, goal=False) for d in tdocs]
    t_terms = [_term_weights(ts, cap=True) for ts in t_lists]
    heads = [_title_heads(d, ts) for d, ts in zip(tdocs, t_lists)]
    subjects = [_title_subjects(d, ts) for d, ts in zip(tdocs, t_lists)]
    d_terms = [_term_weights(doc_terms(d, vocab, goal=False)) for d in ddocs]
    lex = _normalised_lexicons(nlp, vocab)
    return compile_artifact(kpis, t_terms, d_terms, heads, vocab, lex, subjects)


def _title_heads(doc, terms: list[Term]) -> tuple[str, str]:
    """What a Kolada title measures: its first word ("Sjukfrånvaro ...", "Invånare totalt") and the
    first word after a dash or colon ("Brukarbedömning hemtjänst - helhetssyn")."""
    own = [t for t in terms if t.own]
    first = own[0].term if own else ""
    sep = next((tok.i for tok in doc if tok.text in ("-", "–", ":") and tok.i > 0), None)
    second = next((t.term for t in own if sep is not None and t.token > sep), "")
    return first, second


def _title_subjects(doc, terms: list[Term]) -> list[str]:
    """What a Kolada title is about: the nouns of its main phrase ("tillgänglighet", "återvinningscentral"
    in "Nöjdhet tillgänglighet till återvinningscentral, andel (%)"); not the unit after the first
    comma, nothing in brackets, not the base of a ratio ("... som andel av skatt och generella
    statsbidrag"), not one of alternatives ("rum/lägenhet") nor the cut first part of a compound
    ("mat- och restavfall")."""
    end, depth, inside = len(doc), 0, set()
    for tok in doc:
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth = max(0, depth - 1)
        elif depth:
            inside.add(tok.i)
        elif tok.text == "," or (tok.lower_ == "som" and [t.lower_ for t in doc[tok.i + 1:tok.i + 3]] == ["andel", "av"]):
            end = min(end, tok.i)
    out: list[str] = []
    for t in terms:
        tok = doc[t.token]
        if (not t.own or t.token >= end or t.token in inside or tok.pos_ != "NOUN" or tok.text.endswith("-")
                or any(0 <= k < len(doc) and doc[k].text == "/" for k in (t.token - 1, t.token + 1))):
            continue
        if t.term not in out:
            out.append(t.term)
    return out


def _term_weights(terms: list[Term], cap: bool = False) -> dict[str, float]:
    out: dict[str, float] = {}
    for t in terms:
        out[t.term] = out.get(t.term, 0.0) + t.weight
    if cap:  # a word repeated in a title does not make the KPI more relevant
        out = {k: min(v, 1.0) for k, v in out.items()}
    return out


def _phrase_terms(nlp, vocab: Vocabulary, phrases: list[str]) -> list[list[str]]:
    """Each data-file phrase as the analyzer's lemmas in the catalogue's spelling (own words only)."""
    out = []
    for d in nlp.pipe([str(p) for p in phrases], batch_size=256):
        terms = []
        for i, tok in enumerate(d):
            if tok.lower_ in GRADE_WORDS and i + 1 < len(d) and d[i + 1].like_num:
                terms.append(f"åk{d[i + 1].text}")
            elif tok.is_alpha or "-" in tok.text:
                w = vocab.base(tok.lemma_ or tok.text, tok.text)
                if w not in vocab.stop or len(d) == 1:
                    terms.append(w)
        out.append(terms)
    return out


def _normalised_lexicons(nlp, vocab: Vocabulary) -> dict:
    """Synonym groups, concepts and domain triggers of models/data, in the index's terms."""
    syn = load_data("synonyms")["groups"]
    con = load_data("concepts")["concepts"]
    dom = load_data("domains")["domains"]
    groups = [_phrase_terms(nlp, vocab, g["terms"]) for g in syn]
    concepts = [{"pattern": _phrase_terms(nlp, vocab, c["pattern"]), "expand": _phrase_terms(nlp, vocab, c["expand"]),
                 "areas": c.get("areas") or []} for c in con]
    domains = {name: {"triggers": _phrase_terms(nlp, vocab, d["triggers"]), "areas": d["areas"],
                      "cost": bool(d.get("cost"))} for name, d in dom.items()}
    rk = load_data("ranking")
    cost_cues = sorted({t for ts in _phrase_terms(nlp, vocab, rk["cost_cues"]["words"]) for t in ts})
    variants = [{"pattern": v["pattern"], "unless": sorted({t for ts in _phrase_terms(nlp, vocab, v["unless"]) for t in ts}),
                 "factor": v["factor"]} for v in rk["variant_markers"]]
    general = _phrase_terms(nlp, vocab, rk["general_population"]["words"])
    survey = {key: sorted({t for ts in _phrase_terms(nlp, vocab, rk["survey_cues"][key]) for t in ts})
              for key in ("kpi_words", "perception")}
    return {"hash": _data_hash(), "synonyms": groups, "concepts": concepts, "domains": domains,
            "cost_cues": cost_cues, "variants": variants, "general_population": general, "survey": survey,
            "units": rk["units"]}


def compile_artifact(kpis: list[dict], t_terms: list[dict], d_terms: list[dict], heads: list[tuple[str, str]],
                     vocab: Vocabulary, lex: dict, subjects: list[list[str]]) -> dict[str, np.ndarray]:
    n = len(kpis)
    terms = sorted({t for d in t_terms for t in d} | {t for d in d_terms for t in d}
                   | {t for g in lex["synonyms"] for ts in g for t in ts})
    tid = {t: i for i, t in enumerate(terms)}
    out: dict[str, np.ndarray] = {}
    for part, docs in (("t", t_terms), ("d", d_terms)):
        rows: list[list[tuple[int, float]]] = [[] for _ in terms]
        lens = np.zeros(n, dtype=np.float32)
        for i, d in enumerate(docs):
            for t, v in d.items():
                rows[tid[t]].append((i, v))
                lens[i] += v
        out[f"{part}_ptr"], out[f"{part}_idx"], out[f"{part}_tf"] = _csr(rows)
        out[f"{part}_len"] = lens
    out["heads"] = np.array([[tid.get(h, -1) for h in pair] for pair in heads], dtype=np.int32)
    # per KPI: the words its title is about (`_title_subjects`), as term numbers
    out["subj_ptr"], out["subj_idx"], _ = _csr([[(tid[t], 1.0) for t in ts] for ts in subjects])
    df = np.zeros(len(terms), dtype=np.int32)
    for t_d, d_d in zip(t_terms, d_terms):
        for t in set(t_d) | set(d_d):
            df[tid[t]] += 1
    out["df"] = df
    # character 4-grams of the title terms
    grams: dict[str, list[tuple[int, float]]] = {}
    for i, d in enumerate(t_terms):
        seen: dict[str, float] = {}
        for t, v in d.items():
            for g in _ngrams(t):
                seen[g] = max(seen.get(g, 0.0), v)
        for g, v in seen.items():
            grams.setdefault(g, []).append((i, v))
    gram_list = sorted(grams)
    out["g_ptr"], out["g_idx"], out["g_tf"] = _csr([grams[g] for g in gram_list])
    meta = {"format": INDEX_FORMAT, "source": "Kolada KPI catalogue (Källa: Kolada), see models/kolada/README.md",
            "lexicons": lex}
    out["meta"] = _pack([json.dumps(meta, ensure_ascii=False)])
    out["terms"] = _pack(terms)
    out["grams"] = _pack(gram_list)
    out["known"] = _pack(sorted(vocab.known))
    out["lm_keys"] = _pack(list(vocab.lemma_of.keys()))
    out["lm_vals"] = _pack(list(vocab.lemma_of.values()))
    out["modifiers"] = _pack(sorted(vocab.modifiers))
    for key, attr in (("doc_id", "id"), ("doc_title", "title"), ("doc_area", "operating_area"),
                      ("doc_mt", "municipality_type"), ("doc_p", "perspective")):
        out[key] = _pack([(k.get(attr) or "").replace("\n", " ") for k in kpis])
    return out


def _csr(rows: list[list[tuple[int, float]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ptr = np.zeros(len(rows) + 1, dtype=np.int32)
    ptr[1:] = np.cumsum([len(r) for r in rows])
    idx = np.array([i for r in rows for i, _ in r], dtype=np.int32)
    tf = np.array([v for r in rows for _, v in r], dtype=np.float32)
    return ptr, idx, tf


def _pack(items: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _unpack(arr: np.ndarray) -> list[str]:
    text = arr.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def write_artifact(path: Path = INDEX_PATH) -> Path:
    arrays = build_artifact()
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)
    return path


def load_artifact(path: Path = INDEX_PATH) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


# --------------------------------------------------------------------------- #
# the goal as a query
# --------------------------------------------------------------------------- #
@dataclass
class GoalQuery:
    """What a goal asks of the catalogue, read from its Doc once and shared by every use."""

    text: str
    own: dict[str, float]  # the goal's own words (lemma -> weight)
    terms: dict[str, float]  # own words, compound parts and lexicon expansions
    surface: dict[str, str]  # term -> the goal's word it came from (evidence)
    via: dict[str, str]  # term -> "part" | "synonym" | "concept"
    sources: dict[str, set[str]]  # part or expansion -> the own words it stands for
    areas: dict[str, float]  # operating area -> strength of the goal's domain or concept cues
    is_cost: bool
    grams: dict[str, float]
    focus: dict[str, float] = field(default_factory=dict)  # what is measured: own words and their synonyms
    population: frozenset = frozenset()  # the groups of people the goal speaks of (beneficiary lemmas)
    residents: frozenset = frozenset()  # of them, the people every goal is about ("invånare", "kommuninvånare")
    # the residents and the terms that stand for them (synonyms, compound parts) when the goal names
    # something else: "Det ska vara lätt för medborgarna att få hjälp" is not about "Invånare totalt"
    resident_terms: frozenset = frozenset()
    unit: str | None = None  # what kind of figure the goal asks for: "share", "count" (goal_unit)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # what the index derived from it once

    @property
    def empty(self) -> bool:
        return not self.terms


FEATURES = ("bm25_title", "bm25_desc", "coverage", "precision", "char", "area_vote", "domain",
            "quality", "resources", "resources_cost", "penalty", "length", "head", "focus", "memory_kpi",
            "memory_family", "memory_area", "area_model", "focus_missing", "other_population", "population_absent",
            "measure_coverage", "population_only", "population_precision", "survey_unasked", "unit_mismatch", "bias")
_COL_MEMORY_FAMILY, _COL_POPULATION_ABSENT, _COL_DOMAIN, _COL_FOCUS_MISSING = (
    FEATURES.index(f) for f in ("memory_family", "population_absent", "domain", "focus_missing"))


@dataclass
class Hit:
    id: str
    title: str
    operating_area: str | None
    perspective: str | None
    municipality_type: str | None
    score: float  # the model's confidence that the KPI measures the goal (0-1)
    why: str  # evidence for tools: the goal words and the operating area that support the match
    matched: list[str] = field(default_factory=list)  # the goal's own words the KPI's title or description holds
    source: str = "kolada"
    discontinued: bool = False
    similar_goals: bool = False  # other organisations measure goals like this one with this KPI
    concept: bool = True  # the KPI holds what the goal measures (see measures_concept)

    def as_indicator(self):
        """This hit as the report's Indicator type."""
        from malkoll.report import Indicator

        return Indicator(id=self.id, title=self.title, source=self.source, score=round(self.score, 3), why=self.why,
                         operating_area=self.operating_area, reason=plain_reason(self))


class _RankedHit(Hit):
    """A hit of a ranking whose evidence (``why``, ``matched``) is worked out when first read: a goal's
    ranking keeps five hits, and its suggestions show one or two of them, often none (0.5 a goal over the
    corpus goals)."""

    def __init__(self, evidence: Callable[[], tuple[str, list[str]]], **fields):
        self.__dict__.update(fields)
        self._evidence = evidence

    def __getattr__(self, name: str):  # only for what the instance does not hold: the evidence, once
        evidence = self.__dict__.get("_evidence")
        if name in ("why", "matched") and evidence is not None:
            self.why, self.matched = evidence()
            del self._evidence
            return self.__dict__[name]
        raise AttributeError(name)

    def __getstate__(self) -> dict:  # a copy or a pickle carries the evidence, not the means to work it out
        _ = self.why
        return self.__dict__


def plain_reason(hit: Hit, lang: str = "sv") -> str:
    """Why this KPI is suggested, in plain words for a person (no scores, no word lists)."""
    strong = hit.score >= STRONG
    if lang == "en":
        first = "Measures what the goal is about." if strong else "Measures part of what the goal is about."
        return first + (" Used for similar goals elsewhere." if hit.similar_goals else "")
    first = "Mäter det som målet handlar om." if strong else "Mäter en del av det som målet handlar om."
    return first + (" Används för liknande mål i andra kommuner och regioner." if hit.similar_goals else "")


STRONG = 0.5  # confidence from which a KPI is said to measure the goal (not only a part of it)


# numpy's reductions and index functions called as the ufunc or array methods they wrap (``x.sum()``,
# ``np.argsort(x)``, ``np.flatnonzero(x)`` first go through a Python wrapper each, ~0.5-1 us a call, and
# the retrieval makes ~100 such calls a goal on small arrays): the same C functions with the same
# arguments, so the same values bit for bit
_SUM = np.add.reduce
_ANY = np.logical_or.reduce
_MAX = np.maximum.reduce
_ZERO = np.zeros(1)  # the slot an absent area or term reads (``np.append(x, 0.0)`` without the wrapper)
_ZERO.flags.writeable = False


def _per_kpi(idx: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """Sum of the weights per position (0..n-1), added in array order."""
    if not idx.size:
        return np.zeros(n)
    return np.bincount(idx, weights=weights, minlength=n)


def _ranges(ptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions ptr[r]..ptr[r + 1] of each row r in turn, and the number (0..) of the row each
    position belongs to."""
    starts = ptr[rows]
    lens = ptr[rows + 1] - starts
    k = np.arange(rows.size).repeat(lens)
    return np.arange(k.size) + (starts - (lens.cumsum() - lens))[k], k


PER_TITLE_INPUTS = ("meta", "doc_title", "heads", "terms", "known", "lm_keys", "lm_vals", "modifiers")


def _per_title_cached(arrays: dict[str, np.ndarray], compute) -> dict[str, np.ndarray]:
    """The per-title arrays from the compiled cache (``malkoll.analyzer.lexicon.cache_dir``), keyed by
    everything they are computed from: the index's titles and words, the word lists, the analyzer's
    lexicon and this module's code. A change to any of them is a new key: never stale."""
    from malkoll.analyzer.features import HERE as FEATURES_DIR
    from malkoll.analyzer.lexicon import cache_dir

    directory = cache_dir()
    if directory is None:
        return compute()
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(_data_hash().encode())
    h.update((FEATURES_DIR / "lexicons" / "features.yaml").read_bytes())
    for name in PER_TITLE_INPUTS:
        h.update(name.encode())
        h.update(np.ascontiguousarray(arrays[name]).tobytes())
    path = directory / f"kolada-titles-{h.hexdigest()[:40]}.npz"
    try:
        with np.load(path, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError, KeyError, EOFError):
        pass
    out = compute()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, **out)
        os.replace(tmp, path)
    except OSError:
        pass
    return out


def _top_stable(idx: np.ndarray, keys: np.ndarray, k: int) -> np.ndarray:
    """``idx[np.argsort(keys, kind="stable")[:k]]`` without sorting all of them: the k smallest keys,
    ties in index order (a partition finds the k-th key; only the keys up to it are sorted)."""
    if keys.size <= k:
        return idx[keys.argsort(kind="stable")]
    part = keys.copy()
    part.partition(k - 1)
    kth = part[k - 1]
    sel = (keys <= kth).nonzero()[0]
    return idx[sel[keys[sel].argsort(kind="stable")[:k]]]


def _lookup(values: dict[int, float], keys: np.ndarray, size: int) -> np.ndarray:
    """``[values.get(k, 0.0) for k in keys]`` as an array (keys and values's keys in 0..size-1)."""
    if not values:
        return np.zeros(keys.size)
    dense = np.zeros(size)
    dense[list(values)] = list(values.values())
    return dense[keys]


def _columns(cols: list[np.ndarray]) -> np.ndarray:
    """Equal-length columns side by side as one C-ordered float matrix (``np.column_stack``)."""
    return np.ascontiguousarray(np.array(cols, dtype=np.float64).T)


class IndicatorIndex:
    def __init__(self, arrays: dict[str, np.ndarray], ranker: dict | None = None, memory: "Memory | None" = None):
        meta = json.loads(_unpack(arrays["meta"])[0])
        if meta.get("format") != INDEX_FORMAT:
            raise ValueError("index format mismatch")
        self.lex = meta["lexicons"]
        self.vocab = Vocabulary(set(_unpack(arrays["known"])), dict(zip(_unpack(arrays["lm_keys"]), _unpack(arrays["lm_vals"]))),
                                set(_unpack(arrays["modifiers"])),
                                set(load_data("stopwords")["no_split_prefixes"]["prefixes"]), _stop_words())
        if self.lex.get("hash") != _data_hash():  # a word list changed since the build: read it again
            log.warning("models/data changed since the indicator index was built; run "
                        "python models/build_indicator_index.py")
            from malkoll.analyzer import get_nlp

            self.lex = _normalised_lexicons(get_nlp(), self.vocab)
        self.ids = _unpack(arrays["doc_id"])
        self.n = len(self.ids)
        self.titles = _unpack(arrays["doc_title"])
        self.areas = [a or None for a in _unpack(arrays["doc_area"])]
        self.mtypes = np.array([m or "A" for m in _unpack(arrays["doc_mt"])])
        self.persp = [p or None for p in _unpack(arrays["doc_p"])]
        self.id_pos = {d: i for i, d in enumerate(self.ids)}
        self.term_list = _unpack(arrays["terms"])
        self.term_id = {t: i for i, t in enumerate(self.term_list)}
        self.gram_id = {g: i for i, g in enumerate(_unpack(arrays["grams"]))}
        self._df = arrays["df"].astype(np.float64)
        self.idf_all = np.log(1 + (self.n - self._df + 0.5) / (self._df + 0.5))
        self._t = (arrays["t_ptr"].astype(np.int64), arrays["t_idx"], arrays["t_tf"].astype(np.float64))
        self._d = (arrays["d_ptr"].astype(np.int64), arrays["d_idx"], arrays["d_tf"].astype(np.float64))
        self._g = (arrays["g_ptr"].astype(np.int64), arrays["g_idx"], arrays["g_tf"].astype(np.float64))
        tlen = arrays["t_len"].astype(np.float64)
        dlen = arrays["d_len"].astype(np.float64)
        self.tnorm = K1 * (1 - B_TITLE + B_TITLE * tlen / max(tlen.mean(), 1e-9))
        self.dnorm = K1 * (1 - B_DESC + B_DESC * dlen / max(dlen.mean(), 1e-9))
        self.title_len = tlen
        self.log_title_len = np.log1p(tlen)
        self.heads = arrays["heads"]
        self.subj_ptr, self.subj_idx = arrays["subj_ptr"], arrays["subj_idx"]
        self._prepare_titles()
        self._prepare_ranking()
        self._prepare_area_model()
        per_title = _per_title_cached(arrays, lambda: self._per_title())
        self.family_id, self.people, self.head_parts = per_title["family_id"], per_title["people"], per_title["head_parts"]
        self.base_log, self.discontinued = per_title["base_log"], per_title["discontinued"]
        # what a hit reads of its KPI, as Python values (a hit is made five times a goal)
        self._mtype_list, self._discontinued_list = [str(m) for m in self.mtypes], self.discontinued.tolist()
        from malkoll.analyzer.features import _lex as feature_lexicons

        self.who = tuple(sorted(feature_lexicons()["beneficiaries"]))
        self.who_long = tuple(w for w in self.who if len(w) >= 4)
        self.who_col = {w: k for k, w in enumerate(self.who)}
        self.title_pops = per_title["populations"]
        general = {w for ph in self.lex.get("general_population", []) for w in ph}
        self.general_population = frozenset(general)
        self.specific_pop = np.array([w not in general for w in self.who], dtype=bool)
        self.title_specific_pops = self.title_pops & self.specific_pop
        self.variants = [(per_title["variants"][k], set(v["unless"]), math.log(v["factor"]))
                         for k, v in enumerate(self.lex["variants"])]
        self.variant_masks = per_title["variants"].reshape(len(self.variants), self.n)
        self.n_families = int(self.family_id.max()) + 1 if self.n else 0
        self.ranker = ranker if ranker is not None else load_ranker()
        self._raw_weights = None
        self.memory = Memory.load(self) if memory is None else memory

    # ---- postings --------------------------------------------------------
    @staticmethod
    def _rows(which, j: int):
        ptr, idx, tf = which
        a, b = ptr[j], ptr[j + 1]
        return idx[a:b], tf[a:b]

    def _posting(self, which, term: str):
        j = self.term_id.get(term)
        if j is None:
            return None
        return self._rows(which, j)

    def df(self, term: str) -> int:
        j = self.term_id.get(term)
        return self._df_list[j] if j is not None else 0

    def idf(self, term: str) -> float:
        j = self.term_id.get(term)
        return self.idf_list[j] if j is not None else 0.0

    def where(self, term: str, i: int) -> float:
        """1.0 when the term is in KPI i's title, DESC_CREDIT when only in its description, else 0."""
        for which, credit in ((self._t, 1.0), (self._d, DESC_CREDIT)):
            p = self._posting(which, term)
            if p is not None:
                j = np.searchsorted(p[0], i)
                if j < p[0].size and p[0][j] == i:
                    return credit
        return 0.0

    def _prepare_titles(self) -> None:
        """Per KPI: its title terms with their idf (for how much of a title a goal covers)."""
        ptr, idx, tf = self._t
        n_terms = len(ptr) - 1
        term_of = np.repeat(np.arange(n_terms, dtype=np.int32), np.diff(ptr))
        order = np.argsort(idx, kind="stable")
        self.tt_doc = idx[order]
        self.tt_term = term_of[order]
        self.tt_ptr = np.searchsorted(self.tt_doc, np.arange(self.n + 1))
        w = self.idf_all[self.tt_term] * np.minimum(tf[order], 1.0)
        self.tt_w = w
        self.title_idf = np.bincount(self.tt_doc, weights=w, minlength=self.n)
        dptr, didx, _ = self._d
        d_term_of = np.repeat(np.arange(n_terms, dtype=np.int32), np.diff(dptr))
        order = np.argsort(didx, kind="stable")
        self.dd_term = d_term_of[order]
        self.dd_ptr = np.searchsorted(didx[order], np.arange(self.n + 1))
        # per KPI: the terms of its title and description, each once (the words a suggestion matched)
        kdoc = np.concatenate([self.tt_doc, didx[order]])
        kterm = np.concatenate([self.tt_term, self.dd_term])
        order = np.lexsort((kterm, kdoc))
        kdoc, kterm = kdoc[order], kterm[order]
        first = np.ones(kdoc.size, dtype=bool)
        first[1:] = (kdoc[1:] != kdoc[:-1]) | (kterm[1:] != kterm[:-1])
        self.kt_term = kterm[first]
        self.kt_ptr = np.searchsorted(kdoc[first], np.arange(self.n + 1))
        gptr, gidx, gtf = self._g
        g_df = np.diff(gptr).astype(np.float64)
        self.gram_idf = np.log(1 + self.n / np.maximum(g_df, 1))
        gram_of = np.repeat(np.arange(len(gptr) - 1), np.diff(gptr))
        self.gram_norm = np.sqrt(np.bincount(gidx, weights=(gtf * self.gram_idf[gram_of]) ** 2, minlength=self.n))
        self.gram_norm_floor = np.maximum(self.gram_norm, 1e-9)
        # what every goal's scoring reads of the postings, computed once: BM25's denominators, the
        # title frequencies capped at 1 (for the held idf share), and the idfs as Python floats
        t_den = self._t[2] + self.tnorm[self._t[1]]
        d_den = self._d[2] + self.dnorm[self._d[1]]
        # one posting list per term for both BM25s: its title postings (KPI i) and then its description
        # postings (bin n + i), so that one gather and one bincount serve both, each bin summed in term order
        (tptr, tidx, ttf), (dptr, didx, dtf) = self._t, self._d
        field_of = np.concatenate([np.repeat(np.arange(n_terms) * 2, np.diff(tptr)),
                                   np.repeat(np.arange(n_terms) * 2 + 1, np.diff(dptr))])
        order = np.argsort(field_of, kind="stable")
        self._b_ptr = tptr + dptr
        self._b_bin = np.concatenate([tidx.astype(np.int64), didx.astype(np.int64) + self.n])[order]
        self._b_tf = np.concatenate([ttf, dtf])[order]
        self._b_den = np.concatenate([t_den, d_den])[order]
        self._b_tf1 = np.concatenate([np.minimum(ttf, 1.0), np.zeros(dtf.size)])[order]  # title only
        self.idf_list = self.idf_all.tolist()
        self._df_list = [int(x) for x in self._df.tolist()]  # df() and idf() read Python values
        self.gram_idf_list = self.gram_idf.tolist()

    def _per_title(self) -> dict[str, np.ndarray]:
        """What the ranking reads from each KPI's title: its measure family, title penalties and
        bonuses, variant masks, discontinued, whether it counts people and its head's last part."""
        rk = load_data("ranking")
        low = [t.lower() for t in self.titles]
        base = np.ones(self.n)
        for entry in rk["title_penalties"] + rk.get("title_bonuses", []):
            pat = entry["pattern"].lower()
            base *= np.array([entry["factor"] if pat in t else 1.0 for t in low])
        variants = np.array([[v["pattern"].lower() in t for t in low] for v in self.lex["variants"]],
                            dtype=bool).reshape(len(self.lex["variants"]), self.n)
        disc = re.compile(rk["discontinued"]["regex"])
        fams: dict[str, int] = {}
        from malkoll.analyzer.features import _lex as feature_lexicons

        # a title that counts people: its first word is a beneficiary the analyzer knows, or a compound of
        # one ("gymnasieelever" ~ "elev")
        who = set(feature_lexicons()["beneficiaries"])
        terms = list(self.term_id)
        return {
            "family_id": np.array([fams.setdefault(_family(t), len(fams)) for t in self.titles], dtype=np.int64),
            "base_log": np.log(base),
            "variants": variants,
            "discontinued": np.array([bool(disc.search(t)) for t in self.titles], dtype=bool),
            "people": np.array([h >= 0 and (terms[h] in who or bool(set(self.vocab.split(terms[h])[-1:]) & who))
                                for h in self.heads[:, 0]], dtype=bool),
            # the groups of people a title names, as a word or a compound part ("brukarbedömning",
            # "äldreomsorg", "elever"): one column per beneficiary of the analyzer's lexicon
            "populations": self._title_populations(terms, sorted(who)),
            # the last part of a compound head ("gymnasieelev" -> elev), or -1
            "head_parts": np.array([self.term_id.get((self.vocab.split(terms[h]) or [""])[-1], -1) if h >= 0 else -1
                                    for h in self.heads[:, 0]], dtype=np.int64),
        }

    def _title_populations(self, terms: list[str], who: list[str]) -> np.ndarray:
        col = {w: k for k, w in enumerate(who)}
        # a derivation of a beneficiary in its synonym group names those people too ("ungdom" ~ ung), not
        # every synonym of it ("näringsliv" ~ företag is a topic)
        kin: dict[str, set[str]] = {}
        for group in self.synonyms:
            words = [m[0] for m in group if len(m) == 1]
            named = {w for w in words if w in col}
            for w in words:
                kin.setdefault(w, set()).update(p for p in named if w.startswith(p))
        pops_of = {}
        for j, t in enumerate(terms):
            parts = [t] + self.vocab.split(t)
            ks = {col[w] for w in parts if w in col} | {col[w] for p in parts for w in kin.get(p, ())}
            if ks:
                pops_of[j] = ks
        out = np.zeros((self.n, len(who)), dtype=bool)
        for i in range(self.n):
            for j in self.tt_term[self.tt_ptr[i]:self.tt_ptr[i + 1]].tolist():
                for k in pops_of.get(j, ()):
                    out[i, k] = True
        return out

    def _prepare_ranking(self) -> None:
        self.area_names = sorted({a for a in self.areas if a})
        self.area_pos = {a: i for i, a in enumerate(self.area_names)}  # operating area -> its column
        self.area_idx = np.array([self.area_pos[a] if a else -1 for a in self.areas])
        self.is_quality = np.array([p == "Kvalitet och resultat" for p in self.persp], dtype=np.float64)
        self.is_resources = np.array([p == "Resurser" for p in self.persp], dtype=np.float64)
        # an opinion survey: the title or description names one ("Medborgarundersökningen", "svarat")
        self.is_survey = np.zeros(self.n, dtype=np.float64)
        for w in self.lex["survey"]["kpi_words"]:
            for which in (self._t, self._d):
                p = self._posting(which, w)
                if p is not None:
                    self.is_survey[p[0]] = 1.0
        self.perception = frozenset(self.lex["survey"]["perception"])
        units = self.lex["units"]
        self.unit_words = {w: unit for unit, ws in units["goal"].items() for w in ws}
        # each KPI's unit as a code (0 none, then the kinds of units.kpi in order), read from its title the
        # first time it is a candidate (-1: not yet)
        self.unit_codes = {kind: c for c, kind in enumerate(units["kpi"], 1)}
        self._kpi_unit = np.full(self.n, -1, dtype=np.int8)
        self.cost_cues = set(self.lex["cost_cues"])
        self.synonyms = [g for g in self.lex["synonyms"] if len(g) > 1]
        # word -> the synonym groups, concepts and domains it can trigger
        self._groups_of: dict[str, list[int]] = {}
        for gi, group in enumerate(self.synonyms):
            for m in group:
                for w in m[:1]:
                    self._groups_of.setdefault(w, []).append(gi)
        self._concepts_of: dict[str, list[int]] = {}
        for ci, c in enumerate(self.lex["concepts"]):
            for w in {w for ph in c["pattern"] for w in ph} if c["pattern"] else ():
                self._concepts_of.setdefault(w, []).append(ci)
        self._domains_of: dict[str, list[str]] = {}
        # per domain: how often each one-word trigger is listed, and the triggers of several words
        self._domain_triggers: dict[str, tuple[dict[str, int], list[list[str]]]] = {}
        for name, d in self.lex["domains"].items():
            for w in {w for ph in d["triggers"] for w in ph}:
                self._domains_of.setdefault(w, []).append(name)
            single: dict[str, int] = {}
            for ph in d["triggers"]:
                if len(ph) == 1:
                    single[ph[0]] = single.get(ph[0], 0) + 1
            self._domain_triggers[name] = (single, [ph for ph in d["triggers"] if len(ph) > 1])
        self._eligible: dict = {}
        self._topical: dict = {}  # grouping of the areas -> which words name a topic, and which (_topic_words)

    def _prepare_area_model(self) -> None:
        """A multinomial naive Bayes model of Kolada's operating areas over the catalogue's own words
        (titles count twice): which areas a goal's words belong to."""
        n_terms, n_areas = len(self.term_id), len(self.area_names)
        counts = np.zeros(n_terms * n_areas)
        for (ptr, idx, tf), weight in ((self._t, 2.0), (self._d, 1.0)):
            # a compound's first part counts as a use of the word like its head does (the index weighs
            # it down for ranking: MODIFIER_WEIGHT)
            tf = np.where(tf < HEAD_WEIGHT_MIN, tf / MODIFIER_WEIGHT, tf)
            term_of = np.repeat(np.arange(n_terms), np.diff(ptr))
            area = self.area_idx[idx]
            ok = area >= 0
            counts += np.bincount(term_of[ok] * n_areas + area[ok], weights=weight * tf[ok], minlength=n_terms * n_areas)
        counts = counts.reshape(n_terms, n_areas)
        # P(area | word) with TOPIC_PRIOR pseudo-uses spread as the areas' shares of all uses: a rare word
        # stays near the areas' shares (names no topic), a common one speaks for the areas it is used in
        share = counts.sum(axis=0) / counts.sum()
        self.area_of_word = ((counts + TOPIC_PRIOR * share) / (counts.sum(axis=1, keepdims=True) + TOPIC_PRIOR)).astype(np.float32)
        counts = counts + 0.1
        self.area_logp = np.log(counts / counts.sum(axis=0, keepdims=True)).astype(np.float32)

    def area_posterior(self, q: GoalQuery) -> np.ndarray:
        """P(operating area | the goal's own words) by the catalogue's area model (read-only; worked
        out once per query and index)."""
        key = (id(self), "area_posterior")
        post = q.memo.get(key)
        if post is None:
            post = q.memo[key] = self._area_posterior(q)
            post.flags.writeable = False
        return post

    def _area_posterior(self, q: GoalQuery) -> np.ndarray:
        words = {t: w for t, w in q.own.items() if t not in q.residents} or q.own  # not whom it is about
        ids = [(self.term_id[t], w) for t, w in words.items() if t in self.term_id]
        if not ids:
            return np.full(len(self.area_names), 1.0 / len(self.area_names))
        rows = np.array([j for j, _ in ids])
        w = np.array([x for _, x in ids])
        ll = _SUM(w[:, None] * self.area_logp[rows], axis=0) / _SUM(w) * AREA_SHARPNESS
        ll = np.exp(ll - _MAX(ll))
        return ll / _SUM(ll)

    def topic_posterior(self, q: GoalQuery, nouns: frozenset, groups: np.ndarray | None = None) -> np.ndarray | None:
        """The goal's topic as shares of operating areas, None when no word of it names one. A word names a
        topic when most of its uses in the catalogue lie in one area, or in one of the caller's `groups`
        of areas (a group number per area: the areas one nämnd answers for), P >= TOPICAL: "bibliotek",
        "hemtjänst", "avfall", "sjukfrånvaro" (split between the whole municipality's and the whole
        region's areas); not "kvalitet", "utveckling". The goal's own `nouns` count (what a goal is about
        is named by nouns; the caller leaves out names of places and bodies, which say where, and aim
        words, which say how good), a compound that names no topic by its first part
        ("biblioteksverksamhet": "bibliotek"), not the people it is about."""
        mask = self._topic_words(groups)[0]

        def topical(term: str) -> bool:
            j = self.term_id.get(term)
            return j is not None and bool(mask[j])

        words: dict[str, float] = {}
        for t, w in q.own.items():
            if t in q.residents or t not in nouns:
                continue
            # a compound's first part names its domain, the head the aspect ("klimat|anpassning",
            # "biblioteks|verksamhet", "miljö|påverkan"); the first part or the word behind its linking s
            # ("avfalls|hantering": avfall)
            part = t if topical(t) else next((p for p in self.vocab.split(t) if not t.endswith(p) and topical(p)), None)
            if part is not None:
                words[part] = max(words.get(part, 0.0), w)
        if not words:
            return None
        w = np.array(list(words.values()), dtype=np.float32)
        return _SUM(w[:, None] * self.area_of_word[[self.term_id[t] for t in words]], axis=0) / _SUM(w)

    def _topic_words(self, groups: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Per word: whether it names a topic (P >= TOPICAL of its uses lie in one area, or one of the
        `groups` of areas), and which area or group its uses lie most in; worked out once per grouping."""
        key = None if groups is None else groups.tobytes()
        got = self._topical.get(key)
        if got is None:
            shares = self.area_of_word if groups is None else \
                self.area_of_word @ (groups[:, None] == np.unique(groups)[None, :]).astype(np.float32)
            got = self._topical[key] = (shares.max(axis=1) >= TOPICAL, shares.argmax(axis=1))
        return got

    def goal_words(self, q: GoalQuery) -> frozenset:
        """The goal's terms (own words, parts, synonyms, concepts) and the parts of its own words, worked
        out once per query and index."""
        key = (id(self), "goal_words")
        words = q.memo.get(key)
        if words is None:
            words = q.memo[key] = frozenset(q.terms).union(p for t in q.own for p in self.vocab.split(t))
        return words

    def unnamed_topics(self, q: GoalQuery, i: int, groups: np.ndarray | None = None) -> list[str]:
        """The topics KPI i's title is about that the goal does not speak of: words of what the title is
        about (`_title_subjects`) that name a topic (as in `topic_posterior`, by the caller's `groups` of
        areas) other than the goal's own topical words do, are specific (in fewer than SPECIFIC_DF KPIs)
        and name no people, when neither the goal's words, their parts, synonyms and concepts nor the
        compound's head ("avfall" for "restavfall") name them. "Nöjdhet tillgänglighet till
        återvinningscentral" does not measure "Hög tillgänglighet", whatever the ranker's confidence."""
        mask, topic = self._topic_words(groups)
        words = self.goal_words(q)
        key = (id(self), "own_topics", None if groups is None else groups.tobytes())
        own_topics = q.memo.get(key)
        if own_topics is None:
            ids = [self.term_id[t] for t in words if t in self.term_id]
            own_topics = q.memo[key] = {int(topic[j]) for j in ids if mask[j]}
        out: list[str] = []
        for j in self.subj_idx[self.subj_ptr[i]:self.subj_ptr[i + 1]].tolist():
            term = self.term_list[j]
            if (not mask[j] or self._df_list[j] >= SPECIFIC_DF or term in self.who_col or term in words
                    or int(topic[j]) in own_topics):
                continue
            parts = self.vocab.split(term)
            if len(parts) > 1 and (parts[-1] in words or all(self.df(p) >= SPECIFIC_DF for p in parts)):
                continue  # its head is named, or it is made of common words only ("kommunindex")
            out.append(term)
        return out

    def eligible(self, municipality_type: str | None, include_discontinued: bool = False) -> np.ndarray:
        """KPIs published for this kind of organisation (K kommun, L region; A are both)."""
        return self._eligibility(municipality_type, include_discontinued)[0]

    def _eligibility(self, municipality_type: str | None, include_discontinued: bool = False
                     ) -> tuple[np.ndarray, np.ndarray]:
        """``eligible`` and its complement, made once per kind of organisation."""
        key = (municipality_type if municipality_type in ("K", "L") else None, include_discontinued)
        masks = self._eligible.get(key)
        if masks is None:
            mask = np.ones(self.n, dtype=bool)
            if key[0]:
                mask &= (self.mtypes == key[0]) | (self.mtypes == "A")
            if not include_discontinued:
                mask &= ~self.discontinued
            masks = self._eligible[key] = (mask, ~mask)
        return masks

    # ---- the goal ----------------------------------------------------------
    def analyse(self, doc, text: str | None = None) -> GoalQuery:
        """Read a goal's Doc into a query (own words, parts, synonyms, concepts, domain cues); read
        once per Doc and index, and shared by every use (suggestions, the indicator-mismatch check)."""
        return doc_cached(doc, ("indicator_query", id(self), text), lambda: self._analyse(doc, text))

    def _analyse(self, doc, text: str | None = None) -> GoalQuery:
        raw = doc_terms(doc, self.vocab, goal=True)
        strings = token_strings(doc).text
        own: dict[str, float] = {}
        terms: dict[str, float] = {}
        surface: dict[str, str] = {}
        via: dict[str, str] = {}
        sources: dict[str, set[str]] = {}
        for t in raw:
            word = strings[t.token] if t.token >= 0 else t.term
            if t.own:
                own[t.term] = max(own.get(t.term, 0.0), t.weight)
            if t.weight > terms.get(t.term, 0.0):
                terms[t.term] = t.weight
                surface.setdefault(t.term, word)
            if not t.own:
                via.setdefault(t.term, "part")
                parent = next((r.term for r in raw if r.token == t.token and r.own), None)
                if parent:
                    sources.setdefault(t.term, set()).add(parent)
        # a compound the catalogue never uses ("klimatanpassning"): its parts carry the meaning
        carriers: set[str] = set()
        for t in raw:
            if t.own and not self.df(t.term):
                for p in raw:
                    if p.token == t.token and not p.own:
                        terms[p.term] = max(terms.get(p.term, 0.0), t.weight * 0.8)
                        carriers.add(p.term)
        present = set(terms)
        areas: dict[str, float] = {}
        for ci in sorted({c for w in present for c in self._concepts_of.get(w, ())}):
            c = self.lex["concepts"][ci]
            if all(any(w in present for w in ph) for ph in c["pattern"]):
                src = {w for ph in c["pattern"] for w in ph if w in own}
                for ph in c["expand"]:
                    for w in ph:
                        if w not in terms or terms[w] < CONCEPT_WEIGHT * 0.5:
                            terms[w] = max(terms.get(w, 0.0), CONCEPT_WEIGHT)
                            via.setdefault(w, "concept")
                            sources.setdefault(w, set()).update(src)
                for a in c["areas"]:
                    areas[a] = max(areas.get(a, 0.0), 1.0)
        for gi in sorted({g for w in own for g in self._groups_of.get(w, ())}):
            group = self.synonyms[gi]
            present_members = [m for m in group if m and all(w in own for w in m)]
            if not present_members:
                continue
            src = {w for m in present_members for w in m}
            for m in group:
                for w in m:
                    if SYNONYM_WEIGHT > terms.get(w, 0.0):
                        terms[w] = SYNONYM_WEIGHT
                        via.setdefault(w, "synonym")
                    if w not in own:
                        sources.setdefault(w, set()).update(src)
        population, pop_tokens = self._population(doc, raw, terms)
        # the goal's domain is what it measures, not the residents it is about, unless it names nothing
        # else ("Färre invånare ska röka" is not a Befolkning goal; "Vi ska bli 80 000 invånare" is); a
        # group of its own ("medarbetare", "elever") does tell the domain
        residents = {w for w in population if any(w.endswith(g) for g in self.general_population)}
        # (the parts that carry an unknown compound's meaning are the goal's own words here)
        cue_own = {w for w in own.keys() | carriers if w not in residents} or set(own)
        cue_present = {w for w in present if w not in residents} if cue_own != set(own) else present
        dom: dict[str, float] = {}
        for name in sorted({d for w in cue_present for d in self._domains_of.get(w, ())}):
            # a trigger of the goal's own words counts 1 (1.5 for several words), a one-word trigger among
            # its other terms 0.25 (cue_own is part of cue_present; multiples of 0.25 add up exactly in any order)
            single, multi = self._domain_triggers[name]
            s = 0.0
            for w in cue_present:
                c = single.get(w)
                if c:
                    s += c * (1.0 if w in cue_own else 0.25)
            for ph in multi:
                if all(w in cue_own for w in ph):
                    s += 1.5
            if s >= 1.0:
                dom[name] = s
        is_cost = bool(set(own) & self.cost_cues)
        if dom:
            top = max(dom.values())
            for name, s in dom.items():
                if s >= 0.5 * top:
                    for j, a in enumerate(self.lex["domains"][name]["areas"]):
                        areas[a] = max(areas.get(a, 0.0), (1.0 if j == 0 else 0.8) * (1.0 if s == top else 0.8))
            top_name = max(dom, key=dom.get)
            is_cost = is_cost or self.lex["domains"][top_name]["cost"]
        grams: dict[str, float] = {}
        for w, wt in own.items():
            for g in _ngrams_of(w):
                grams[g] = max(grams.get(g, 0.0), wt)
        ftoks = focus_tokens(doc)
        # the people a goal is about are not what it measures when it names something else
        # ("Färre invånare ska röka": röka; "Eleverna ska vara nöjda med skolan": nöjd, skola)
        measured = {i for i in ftoks if i not in pop_tokens}
        if not any(t.own and t.token in measured for t in raw):
            # then what they do is measured: the main verb, or the clause on them ("invånare som röker")
            measured |= {s.root.i for s in sentences(doc) if s.root.pos_ == "VERB" and s.root.i not in pop_tokens}
            measured |= {c.i for i in ftoks & pop_tokens for c in doc[i].children
                         if c.pos_ == "VERB" and c.dep_.startswith("acl")}
        if any(t.own and t.token in measured for t in raw):
            ftoks = measured
        focus = {t.term: 1.0 for t in raw if t.own and t.token in ftoks}
        for term, src in sources.items():
            if term not in focus and src & set(focus) and via.get(term) != "part":
                focus[term] = SYNONYM_WEIGHT
        resident_terms = frozenset(t for t in terms if t in residents or t in sources and sources[t] <= residents) \
            if any(t not in residents for t in own) else frozenset()
        return GoalQuery(text=text if text is not None else doc_text(doc), own=own, terms=terms, surface=surface, via=via,
                         sources=sources, areas=areas, is_cost=is_cost, grams=grams, focus=focus,
                         population=frozenset(population), residents=frozenset(residents),
                         resident_terms=resident_terms, unit=goal_unit(doc, self.unit_words))

    def _population(self, doc, raw: list[Term], terms: dict[str, float]) -> tuple[set[str], set[int]]:
        """The groups of people a goal speaks of (the analyzer's beneficiaries: "invånarna", "äldre",
        "kunderna" ~ brukare) and the tokens that name them."""
        who = set(self.who)
        # the people a target counts are what is measured ("13 000 invånare år 2030")
        toks = tokens(doc)
        lower, lemma = token_strings(doc).lower, lemmas(doc)
        counted = {t.i for start, end, _ in span_group(doc, "targets") for t in toks[start:end] if t.pos_ == "NOUN"}
        pops: set[str] = set()
        at: set[int] = set()  # the tokens that name them
        for t in raw:
            if t.token in counted:
                continue
            if not t.own:
                pops |= {t.term} & who  # a compound part ("kommuninvånare")
                continue
            named = {t.term, lower[t.token], lemma[t.token]} & who
            if t.term.endswith(self.who_long):  # "kommuninvånare", "skolelever"
                named |= {w for w in self.who_long if t.term.endswith(w)}
            if named:
                pops |= named | {t.term}
                at.add(t.token)
        for start, end, label in span_group(doc, "actors"):
            if label == "BENEFICIARY":
                at.update(i for i in range(start, end) if i not in counted)
        if pops:  # and the synonyms of the people it names ("kunderna" ~ brukare)
            pops |= {w for w in terms if w in who and self._kin(w) & pops}
        return pops, at

    def _kin(self, word: str) -> set[str]:
        return {m[0] for g in self._groups_of.get(word, ()) for m in self.synonyms[g] if len(m) == 1}

    # ---- scoring -------------------------------------------------------------
    def _bm25(self, q: GoalQuery) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """BM25 of the goal's terms on every title and description, and the idf share of each title
        that the goal's terms hold (how much of what a KPI measures the goal speaks of)."""
        return self._bm25_postings(q)[:4]

    def _bm25_postings(self, q: GoalQuery):
        """``_bm25`` and the postings it gathered: (bins, term numbers) of the goal's terms that the
        catalogue has, in q.terms order (bins: titles 0..n-1, descriptions n..2n-1), or None."""
        # the postings of all the goal's terms gathered at once and summed per KPI with bincount, in
        # the order the terms come (the same sums, added in the same order, as term by term)
        all_possible = 0.0
        rows, w_idf, idfs = [], [], []
        term_id, idf_of = self.term_id, self.idf_list
        for term, w in q.terms.items():
            j = term_id.get(term)
            if j is None:
                continue
            idf = idf_of[j]
            all_possible += w * idf * (K1 + 1)
            rows.append(j)
            w_idf.append(w * idf)
            idfs.append(idf)
        if not rows:
            return np.zeros(self.n), np.zeros(self.n), np.zeros(self.n), all_possible, None
        w_idf, idfs = np.array(w_idf, dtype=np.float64), np.array(idfs, dtype=np.float64)
        pos, k = _ranges(self._b_ptr, np.array(rows, dtype=np.int64))
        at = self._b_bin[pos]  # titles in 0..n-1, descriptions in n..2n-1
        both = _per_kpi(at, w_idf[k] * self._b_tf[pos] * (K1 + 1) / self._b_den[pos], 2 * self.n)
        held = _per_kpi(at, idfs[k] * self._b_tf1[pos], 2 * self.n)[: self.n]
        return both[: self.n], both[self.n:], held, all_possible, (at, k, self._b_tf[pos])

    @staticmethod
    def _gather(which, rows: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The postings of several rows, concatenated in row order: (KPI positions, term frequencies,
        the number of the row each posting came from)."""
        ptr, idx, tf = which
        pos, k = _ranges(ptr, np.asarray(rows, dtype=np.int64))
        return idx[pos], tf[pos], k

    def _char(self, q: GoalQuery) -> np.ndarray:
        qn = 0.0
        rows, w_idf, idfs = [], [], []
        gram_id, idf_of = self.gram_id, self.gram_idf_list
        for g, w in q.grams.items():
            j = gram_id.get(g)
            if j is None:
                continue
            idf = idf_of[j]
            qn += (w * idf) ** 2
            if idf < COMMON_GRAM_IDF:
                continue  # a 4-gram in most titles ("#and") adds cost, not evidence
            rows.append(j)
            w_idf.append(w * idf)
            idfs.append(idf)
        if not rows:
            return np.zeros(self.n)
        idx, tf, k = self._gather(self._g, rows)
        s = _per_kpi(idx, np.array(w_idf)[k] * tf * np.array(idfs)[k], self.n)
        if qn == 0:
            return s
        return s / (math.sqrt(qn) * self.gram_norm_floor)

    def features(self, q: GoalQuery, municipality_type: str | None = "K", depth: int = FIRST_STAGE,
                 memory_mask: np.ndarray | None = None, extra: Sequence[int] = ()) -> tuple[np.ndarray, np.ndarray]:
        """Candidate KPI positions and their feature rows (columns in FEATURES order).

        Candidates are the `depth` best KPIs on words and 4-grams, the KPIs that measure the most
        similar goals of the memory and any positions in `extra`; `memory_mask` (bool per memory goal)
        leaves goals out of the memory, so that an evaluation never looks at the held-out organisation."""
        st, sd, held, mp, postings = self._bm25_postings(q)
        ch = self._char(q)
        st /= mp or 1.0
        sd /= mp or 1.0
        first = st + 0.3 * sd + 0.5 * ch
        ok, not_ok = self._eligibility(municipality_type)
        first[not_ok] = 0.0
        nz = (first > 0).nonzero()[0]
        cand = _top_stable(nz, -first[nz], depth)
        knn_id, knn_fam, mem_areas = self.memory.neighbours(self, q, memory_mask)
        add = [i for i in list(knn_id) + list(extra) if ok[i] or i in extra]
        if add:  # the memory's KPIs not among them yet, in position order
            more = sorted(set(add).difference(cand.tolist()))
            cand = np.concatenate([cand, np.array(more, dtype=cand.dtype)])
        if cand.size == 0:
            return cand, np.zeros((0, len(FEATURES)))
        # the goal's operating area, as the best first-stage candidates vote
        top = cand[:AREA_VOTES]
        top = top[self.area_idx[top] >= 0]
        votes = np.bincount(self.area_idx[top], weights=first[top], minlength=len(self.area_names))
        votes = votes / max(_SUM(votes), 1e-9)
        ai = self.area_idx[cand]
        area_vote = np.where(ai >= 0, votes[np.maximum(ai, 0)], 0.0)
        dom_area = np.array([q.areas.get(a, 0.0) for a in self.area_names] + [0.0])
        domain = dom_area[ai]
        nb_area = np.concatenate((self.area_posterior(q), _ZERO))[ai]
        memory_area = np.concatenate((mem_areas, _ZERO))[ai]
        qids = np.array([self.term_id[t] for t in q.terms if t in self.term_id], dtype=np.int64)
        fids = np.array([self.term_id[t] for t in q.focus if t in self.term_id], dtype=np.int64)
        hd = self.heads[cand]
        in_q, in_focus = self._term_mask(qids), self._term_mask(fids)
        head = np.where(_ANY(in_focus[hd], axis=1), 1.0, np.where(_ANY(in_q[hd], axis=1), 0.5, 0.0))
        prec = held[cand] / np.maximum(self.title_idf[cand], 1e-9)
        covered = self._covered(q, cand, list(q.own), postings)  # every coverage below reads its rows
        cov = self._coverage(q, cand, q.own, covered=covered)
        fcov = self._coverage(q, cand, {t: w for t, w in q.focus.items() if t in q.own}, covered=covered)
        measure = {t: w for t, w in q.own.items() if t not in q.population}
        mcov = self._coverage(q, cand, measure, covered=covered) if measure and len(measure) < len(q.own) else cov
        pen = self.base_log[cand].copy()
        marked = self.variant_masks[:, cand]
        for v in _ANY(marked, axis=1).nonzero()[0].tolist():  # a variant no candidate is adds nothing
            _, unless, f = self.variants[v]
            if not (unless & q.terms.keys()):
                pen += marked[v] * f
        fam = self.family_id[cand]
        pop_only = ((mcov == 0) & (cov > 0)).astype(float) if mcov is not cov else np.zeros(cand.size)
        X = _columns([
            st[cand], sd[cand], cov, prec, ch[cand], area_vote, domain,
            self.is_quality[cand], self.is_resources[cand] * (not q.is_cost), self.is_resources[cand] * q.is_cost,
            pen, self.log_title_len[cand], head, fcov,
            _lookup(knn_id, cand, self.n), _lookup(knn_fam, fam, self.n_families),
            memory_area, nb_area, self._focus_missing(q, cand, covered), self._other_population(q, cand, in_q),
            self._population_absent(q, cand), mcov,
            # the KPI meets the goal only in the people it is about ("Invånare totalt" for "Färre invånare
            # ska röka dagligen")
            pop_only,
            # ... and how much of its title that is ("Invånare totalt, antal" is all population)
            pop_only * prec,
            # an opinion survey for a goal that names no perception (less climate impact is measured by the
            # emissions, not by what residents think of the kommun's climate work)
            self.is_survey[cand] * (not self.perceives(q)),
            # a KPI that reports another kind of figure than the goal asks for (a yes/no flag for a share)
            self._unit_mismatch(q, cand),
            np.ones(cand.size),
        ])
        return cand, X

    def kpi_unit(self, cand: np.ndarray) -> np.ndarray:
        """The unit codes of the KPIs at `cand` (see `_title_unit`)."""
        codes = self._kpi_unit[cand]
        for i in cand[codes < 0].tolist():
            self._kpi_unit[i] = self.unit_codes.get(_title_unit(self.titles[i], self.lex["units"]["kpi"]), 0)
        return self._kpi_unit[cand]

    def _unit_mismatch(self, q: GoalQuery, cand: np.ndarray) -> np.ndarray:
        if not q.unit:
            return np.zeros(cand.size)
        codes = self.kpi_unit(cand)
        return ((codes > 0) & (codes != self.unit_codes.get(q.unit, -1))).astype(float)

    def perceives(self, q: GoalQuery) -> bool:
        """The goal is about how people perceive something: one of its own words or their compound
        parts is a perception word ("nöjda", "trygghetsupplevelsen"); synonyms and concepts aside."""
        return any(w in self.perception for w in q.terms if w in q.own or q.via.get(w) == "part")

    def _term_mask(self, ids: np.ndarray) -> np.ndarray:
        """True at the given term ids; one slot more, False, where an absent term (-1) looks."""
        mask = np.zeros(len(self.term_id) + 1, dtype=bool)
        mask[ids] = True
        return mask

    def _other_population(self, q: GoalQuery, cand: np.ndarray, in_q: np.ndarray) -> np.ndarray:
        """1.0 for a KPI that counts a group of people the goal does not speak of ("Elever i åk 8 ..."
        for "en trygg kommun"), else 0. `in_q`: the goal's terms (`_term_mask`)."""
        named = in_q[self.heads[cand, 0]] | in_q[self.head_parts[cand]]
        return (self.people[cand] & ~named).astype(float)

    def _population_absent(self, q: GoalQuery, cand: np.ndarray) -> np.ndarray:
        """1.0 for a KPI whose title names a group of people ("brukarbedömning", "äldreomsorg", "elever")
        none of which the goal speaks of, the people every goal is about ("invånare") aside: "Tryggheten i
        kommunen ska öka" is not measured by the äldreomsorg's users' answers."""
        who_col = self.who_col
        named = np.zeros(len(self.who), dtype=bool)
        named[[who_col[w] for w in q.population if w in who_col]] = True
        mine = named.copy()
        mine[[who_col[w] for w in q.terms if w in who_col]] = True  # and its synonyms' people
        pops = self.title_pops[cand]
        other = ~_ANY(pops & mine, axis=1)
        if _ANY(named & self.specific_pop):  # a goal about its staff is not measured by the residents' figure
            return (_ANY(pops, axis=1) & other).astype(float)
        return (_ANY(self.title_specific_pops[cand], axis=1) & other).astype(float)

    def _focus_missing(self, q: GoalQuery, cand: np.ndarray, covered: np.ndarray | None = None) -> np.ndarray:
        """1.0 for a KPI that holds none of the specific words of what the goal measures (words the
        catalogue uses seldom or never: "matsvinn", "översiktsplan"; not "kvalitet"), else 0."""
        specific = {t: w for t, w in q.focus.items() if t in q.own and self.df(t) < SPECIFIC_DF}
        if not specific:
            return np.zeros(cand.size)
        return (self._coverage(q, cand, specific, covered=covered) == 0).astype(float)

    def _covered(self, q: GoalQuery, cand: np.ndarray, words: list[str], postings=None) -> np.ndarray:
        """covered[r, c]: the best credit with which candidate c's title (1.0) or description
        (DESC_CREDIT) holds goal word words[r], directly (full share) or through a part, synonym or
        concept that stands for it (half share); half of that when the text holds it only as a
        compound's first part. Read from the postings of the goal's terms that BM25 gathered
        (``_bm25_postings``; gathered here when not given)."""
        m = cand.size
        covered = np.zeros((len(words), m))
        if not words or m == 0:
            return covered
        if postings is None:
            postings = self._bm25_postings(q)[4]
            if postings is None:
                return covered
        at, k, tf = postings
        row = {t: r for r, t in enumerate(words)}
        shares = []  # per term the catalogue has (the postings' term numbers), its share of each word
        for term in q.terms:
            if term not in self.term_id:
                continue
            share = [0.0] * len(words)
            r = row.get(term)
            if r is not None:
                share[r] = 1.0
            for s in q.sources.get(term, ()):
                r = row.get(s)
                if r is not None and s != term and share[r] < 0.5:
                    share[r] = 0.5
            shares.append(share)
        col = np.full(2 * self.n, -1, dtype=np.int64)  # a candidate's title bin -> c, description bin -> m + c
        col[cand] = np.arange(m)
        col[cand + self.n] = np.arange(m, 2 * m)
        c = col[at]
        hit = c >= 0
        # the best share per (field of a candidate, word), then the field's credit
        width = len(words)
        best = np.zeros((2 * m, width))
        flat = best.reshape(-1)
        shares = np.array(shares)
        c, k = c[hit], k[hit]
        # a KPI's text holds a word as its own word or a compound's head; as a compound's first part only
        # ("livs|medel" for "liv", weighed by MODIFIER_WEIGHT in the index) at half the credit
        credit = shares[k] * np.where(tf[hit] >= HEAD_WEIGHT_MIN, 1.0, 0.5)[:, None]
        for value in (0.25, 0.5, 1.0):  # the only values: the smaller written first, so the best stays
            p, r = (credit == value).nonzero()
            flat[c[p] * width + r] = value
        covered[:] = np.maximum(best[:m], best[m:] * DESC_CREDIT).T
        return covered

    def _coverage(self, q: GoalQuery, cand: np.ndarray, words: dict[str, float],
                  covered: np.ndarray | None = None) -> np.ndarray:
        """Share (idf-weighted) of the given goal words that a KPI's title (full credit) or description
        (DESC_CREDIT) holds, directly or through a part, synonym or concept that stands for them.
        `covered`: ``_covered`` of the goal's own words (words must be among them), to read it once."""
        own = list(words)  # a word the catalogue never uses counts too: Kolada lacks that part of the goal
        if not own or cand.size == 0:
            return np.zeros(cand.size)
        if covered is None:
            covered = self._covered(q, cand, own)
        elif own != list(q.own):
            at = {t: k for k, t in enumerate(q.own)}
            covered = covered[[at[t] for t in own]]
        fallback = math.log(self.n)
        weights = np.array([(self.idf(t) or fallback) * words[t] for t in own])
        return (weights @ covered) / _SUM(weights)

    def raw(self, X: np.ndarray) -> np.ndarray:
        """The ranker's log-odds for each feature row."""
        weights = self.ranker["weights"]
        kept = self._raw_weights
        if kept is None or kept[0] is not weights:  # the weights as a vector, made again for other weights
            kept = self._raw_weights = (weights, np.array([weights.get(f, 0.0) for f in FEATURES]))
        return X @ kept[1]

    def confidence(self, raw: np.ndarray | float) -> np.ndarray | float:
        """Calibrated probability that a KPI measures the goal (fitted on held-out rankings)."""
        return platt(raw, self.ranker.get("calibration", [1.0, 0.0]))

    def rank(self, q: GoalQuery, k: int = 5, municipality_type: str | None = "K") -> list[Hit]:
        """The k KPIs most likely to measure the goal, best first, one per measure family."""
        cand, X = self.features(q, municipality_type)
        if cand.size == 0:
            return []
        raw = self.raw(X)
        best = rank_positions(self, cand, raw, k)
        conf = self.confidence(raw[best]).tolist()  # elementwise: as one at a time
        return [self._hit(q, i, p, x) for i, p, x in zip(cand[best].tolist(), conf, X[best].tolist())]

    def _hit(self, q: GoalQuery, i: int, p: float, x: Sequence[float] | None = None) -> Hit:
        memory = float(x[_COL_MEMORY_FAMILY]) if x is not None else 0.0
        return _RankedHit(lambda: self._evidence(q, i, memory), id=self.ids[i], title=self.titles[i],
                          operating_area=self.areas[i], perspective=self.persp[i], municipality_type=self._mtype_list[i],
                          score=p, source="kolada", discontinued=self._discontinued_list[i],
                          similar_goals=memory >= SIMILAR_GOAL, concept=measures_concept(x) if x is not None else True)

    def _evidence(self, q: GoalQuery, i: int, memory: float) -> tuple[str, list[str]]:
        """(why, matched) of KPI i for the goal: the goal's words its title or description holds, its
        operating area, and how similar the memory's goals measured with it are."""
        words = set(self.kt_term[self.kt_ptr[i]:self.kt_ptr[i + 1]].tolist())  # its title's and description's
        key = (id(self), "term_ids")
        ids = q.memo.get(key)
        if ids is None:
            ids = q.memo[key] = [(term, self.term_id.get(term, -1)) for term in q.terms]
        matched: list[str] = []
        for term, j in ids:
            if j in words:
                for w in ([term] if term in q.own else sorted(q.sources.get(term, ()))):
                    s = q.surface.get(w, w).lower()
                    if s not in matched:
                        matched.append(s)
        area = self.areas[i]
        why = "ord: " + (", ".join(matched[:8]) if matched else "–")
        if area:
            why += f"; område: {area}" + (" (målets område)" if q.areas.get(area) else "")
        if memory > MEMORY_MIN_SIM:
            why += f"; liknande mål i minnet: {memory:.2f}"
        return why, matched

    def overlap(self, q: GoalQuery, other: GoalQuery) -> float:
        """How much of what another text measures (its own words, idf-weighted) the goal speaks of,
        counting the goal's compound parts, synonyms and concepts; 1.0 when they share a measured word
        and their operating areas agree."""
        words = dict(other.own)
        if not words:
            return 0.0
        mine = self.goal_words(q)
        fallback = math.log(self.n)

        def meets(t: str) -> float:
            if t in mine:
                return 1.0
            if set(self.vocab.split(t)) & mine:
                return 0.5  # a part of the word: "utsläpp" in "koldioxidutsläpp"
            # a word of the same stem or a compound containing it ("besöka" / "besök", "miljöbilar" /
            # "miljöbil", "trygghet" / "trygghetsupplevelse")
            return 0.5 if any(_related(t, m) for m in mine) else 0.0

        tot = sum((self.idf(t) or fallback) * w for t, w in words.items())
        got = sum((self.idf(t) or fallback) * w * meets(t) for t, w in words.items())
        return got / tot if tot else 0.0

    def counts_people(self, kpi_id: str) -> bool:
        """Whether a KPI's title counts a group of people ("Elever i åk 9 ...", "Invånare ...")."""
        i = self.id_pos.get(kpi_id)
        return i is not None and bool(self.people[i])

    def same_measure(self, a: str, b: str) -> bool:
        """Two KPIs of one measure: the same family, or titles that begin with the same word
        ("Arbetslösa av arbetskraften ..." / "Arbetslösa av befolkningen ...")."""
        i, j = self.id_pos.get(a), self.id_pos.get(b)
        if i is None or j is None:
            return False
        if self.family_id[i] == self.family_id[j]:
            return True
        if self.heads[i, 0] < 0 or self.heads[i, 0] != self.heads[j, 0]:
            return False
        if not self.people[i]:
            return True  # both measure the same thing ("Arbetslösa ...")
        # both count the same people ("Elever i åk 9 ..."): the same measure only if most words agree
        a = set(self.tt_term[self.tt_ptr[i]:self.tt_ptr[i + 1]].tolist())
        b = set(self.tt_term[self.tt_ptr[j]:self.tt_ptr[j + 1]].tolist())
        return len(a & b) / max(len(a | b), 1) >= 0.5

    def fit_of(self, q: GoalQuery, kpi_id: str) -> float | None:
        """The confidence that one KPI measures the goal (None for an id the catalogue does not have)."""
        i = self.id_pos.get(kpi_id)
        if i is None:
            return None
        cand, X = self.features(q, None, extra=[i])
        hit = np.flatnonzero(cand == i)
        if not hit.size:
            return 0.0
        return float(self.confidence(self.raw(X[hit]))[0])


class Memory:
    """Real goals with the Kolada KPIs that measure them (the pairs in corpus/indicators): a goal
    like one in memory is probably measured by the same KPI. Goals are compared as idf-weighted
    vectors of their words (what is measured counts more); built by models/fit_indicator_ranker.py."""

    def __init__(self, index: "IndicatorIndex", vectors: list[dict[str, float]], kpis: list[list[str]],
                 goal_ids: list[str], orgs: list[str]):
        self.goal_ids, self.orgs = list(goal_ids), list(orgs)
        self.kpi_ids = [list(k) for k in kpis]
        self.kpis = [[index.id_pos[k] for k in ks if k in index.id_pos] for ks in kpis]
        self.fams = [sorted({int(index.family_id[i]) for i in ks}) for ks in self.kpis]
        self.vectors = vectors
        rows: dict[str, list[tuple[int, float]]] = {}
        for g, v in enumerate(vectors):
            for t, w in v.items():
                rows.setdefault(t, []).append((g, w))
        self.term_row = {t: k for k, t in enumerate(rows)}
        self.ptr, self.idx, self.w = _csr(list(rows.values()))
        self.ptr, self.w = self.ptr.astype(np.int64), self.w.astype(np.float64)
        self.n = len(vectors)

    def __len__(self) -> int:
        return self.n

    @staticmethod
    def vector(index: "IndicatorIndex", q: GoalQuery) -> dict[str, float]:
        fallback = math.log(index.n)
        term_id, idf_of = index.term_id, index.idf_list
        residents, focus = q.resident_terms, q.focus
        v = {}
        for t, w in q.own.items():
            j = term_id.get(t)
            v[t] = w * ((idf_of[j] if j is not None else 0.0) or fallback) * (1.5 if t in focus else 1.0) \
                * (POPULATION_MEMORY if t in residents else 1.0)
        for t, w in q.terms.items():
            if t not in v:
                j = term_id.get(t)
                v[t] = 0.5 * w * ((idf_of[j] if j is not None else 0.0) or fallback) \
                    * (POPULATION_MEMORY if t in residents else 1.0)
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    def similarities(self, index: "IndicatorIndex", q: GoalQuery) -> np.ndarray:
        """Cosine of the goal with each memory goal, times the square root of the share of the goal's
        weight they share: a one-word memory goal ("14 000 invånare 2035") is close to "80 000 invånare
        år 2030", not to every goal that mentions invånare."""
        rows, xs = [], []
        for t, x in self.vector(index, q).items():
            r = self.term_row.get(t)
            if r is not None:
                rows.append(r)
                xs.append(x)
        if not rows:
            return np.zeros(self.n)
        idx, w, k = IndicatorIndex._gather((self.ptr, self.idx, self.w), rows)
        x = np.array(xs, dtype=np.float64)
        dot = _per_kpi(idx, x[k] * w, self.n)
        shared = _per_kpi(idx, (x * x)[k], self.n)
        return dot * np.sqrt(shared)

    def neighbours(self, index: "IndicatorIndex", q: GoalQuery, mask: np.ndarray | None = None
                   ) -> tuple[dict[int, float], dict[int, float], np.ndarray]:
        """(KPI position -> similarity of the closest of the MEMORY_K closest memory goals it measures,
        the same per measure family, the operating areas of their best KPIs as similarity-weighted votes)."""
        if not self.n:
            return {}, {}, np.zeros(len(index.area_names))
        sims = self.similarities(index, q)
        if mask is not None:
            sims = np.where(mask, sims, 0.0)
        top = (-sims).argsort(kind="stable")[:MEMORY_K]
        return self.votes(index, sims, top)

    def votes(self, index: "IndicatorIndex", sims: np.ndarray, top: Iterable[int]
              ) -> tuple[dict[int, float], dict[int, float], np.ndarray]:
        by_id: dict[int, float] = {}
        by_fam: dict[int, float] = {}
        areas = [0.0] * len(index.area_names)  # the same additions as on an array, in the same order
        top = np.asarray(top, dtype=np.int64)
        for g, sim, first in zip(top.tolist(), sims[top].tolist(), self._first_area(index)[top].tolist()):
            if sim <= MEMORY_MIN_SIM:
                break
            for i in self.kpis[g]:
                by_id[i] = max(by_id.get(i, 0.0), sim)
            for f in self.fams[g]:
                by_fam[f] = max(by_fam.get(f, 0.0), sim)
            if first >= 0:
                areas[first] += sim
        areas = np.array(areas)
        return by_id, by_fam, areas / max(_SUM(areas), 1e-9)

    def _first_area(self, index: "IndicatorIndex") -> np.ndarray:
        """Per memory goal, the operating area (column) of its first KPI; -1 for none (made once per index)."""
        kept = self.__dict__.get("_first_areas")
        if kept is None or kept[0]() is not index:
            areas = np.array([int(index.area_idx[k[0]]) if k else -1 for k in self.kpis] or [-1], dtype=np.int64)
            kept = self._first_areas = (weakref.ref(index), areas)  # weak: no reference cycle, and an id
        return kept[1]  # that a later index reuses is not taken for this one

    def save(self, path: Path = MEMORY_PATH) -> None:
        payload = {"goal_ids": self.goal_ids, "orgs": self.orgs, "kpis": self.kpi_ids,
                   "vectors": [{t: round(w, 5) for t, w in v.items()} for v in self.vectors]}
        with open(path, "wb") as fh:
            np.savez_compressed(fh, memory=_pack([json.dumps(payload, ensure_ascii=False)]))

    @classmethod
    def load(cls, index: "IndicatorIndex", path: Path = MEMORY_PATH) -> "Memory":
        try:
            with np.load(path, allow_pickle=False) as z:
                payload = json.loads(_unpack(z["memory"])[0])
        except (OSError, KeyError, ValueError):
            return cls(index, [], [], [], [])
        return cls(index, payload["vectors"], payload["kpis"], payload["goal_ids"], payload["orgs"])


_FAMILY_RE = re.compile(
    r"(?<!\s),?\s*(?:(?:hemkommun|lägeskommun|kommunala skolor|fristående skolor|fristående grundskola|"
    r"fristående gymnasieskola|kommunal gymnasieskola|kvinnor|män|flickor|pojkar|"
    r"enskild regi|kommunal regi|egen regi)\b|\(exkl\.[^)]*\))",
    re.IGNORECASE,
)


def _family(title: str) -> str:
    """Variants of one measure (hemkommun/lägeskommun, by sex, by regi) share a family."""
    t = _FAMILY_RE.sub("", title.lower())
    return re.sub(r"[\s,\-]+", " ", t).strip()


DEFAULT_WEIGHTS = {"bm25_title": 2.0, "bm25_desc": 0.5, "coverage": 3.0, "precision": 2.0, "char": 1.0,
                   "area_vote": 1.5, "domain": 0.8, "quality": 0.3, "resources": -0.5, "resources_cost": 0.3,
                   "penalty": 1.0, "length": -0.3, "head": 1.0, "focus": 1.0, "memory_kpi": 0.0,
                   "memory_family": 5.0, "memory_area": 0.0, "area_model": 0.0, "focus_missing": -1.0,
                   "other_population": -1.0, "population_absent": -1.0, "measure_coverage": 1.0, "population_only": -1.0,
                   "bias": -4.0}


def measures_concept(x: Sequence[float]) -> bool:
    """Whether a KPI (its feature row) holds what the goal measures: one of the goal's measured words
    (or a part, synonym or concept of it) is in its title or description, or goals like this one are
    measured with it elsewhere. A KPI that does not is never shown as measuring the goal, however
    its other words match ("Matsvinnet i skolorna" is not measured by a school survey); nor is a KPI that
    counts a group of people the goal does not speak of ("Näringslivet ska utvecklas" is not measured by
    young people's summer jobs, "Tryggheten i kommunen" not by the äldreomsorg's users' answers), unless
    goals like this one are measured with it elsewhere and it lies in the goal's own domain."""
    similar = x[_COL_MEMORY_FAMILY] >= SIMILAR_GOAL
    if x[_COL_POPULATION_ABSENT] and not (similar and x[_COL_DOMAIN] > 0):
        return False
    return bool(similar or x[_COL_FOCUS_MISSING] == 0)


def rank_positions(index: "IndicatorIndex", cand: np.ndarray, raw: np.ndarray, k: int) -> list[int]:
    """Row positions of the k best candidates, one per measure family (variants of one measure once)."""
    out: list[int] = []
    seen: set[int] = set()
    order = (-raw).argsort(kind="stable")
    for j, f in zip(order.tolist(), index.family_id[cand[order]].tolist()):
        if f in seen:
            continue
        seen.add(f)
        out.append(j)
        if len(out) >= k:
            break
    return out


def platt(raw, calibration: Sequence[float]):
    """Platt scaling: sigmoid(a * raw + b)."""
    a, b = calibration
    return 1.0 / (1.0 + np.exp(-(a * np.asarray(raw) + b)))


L2 = 0.3  # ridge penalty of the ranker (leave-organisation-out, listwise fit: 0.1-3.0 within 0.005 on every figure)


def load_ranker(path: Path = RANKER_PATH) -> dict:
    """The fitted weights (models/kolada/ranker.json); hand-set defaults when it is missing."""
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except OSError:
        return {"weights": dict(DEFAULT_WEIGHTS), "floor": 0.2, "fitted_on": None}


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50,
                 sample_weight: np.ndarray | None = None) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the last column is the bias, not penalised)."""
    n, d = X.shape
    sw = np.ones(n) if sample_weight is None else sample_weight
    w = np.zeros(d)
    reg = np.full(d, l2)
    reg[-1] = 1e-6
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        g = X.T @ (sw * (p - y)) + reg * w
        h = (X * (sw * p * (1 - p))[:, None]).T @ X + np.diag(reg)
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit_listwise(groups: Sequence[tuple[np.ndarray, np.ndarray]], l2: float = 1.0, iters: int = 50) -> np.ndarray:
    """A ranker fitted on what ranking needs: per goal, the softmax probability of each accepted KPI
    among the goal's candidates (a conditional logit; each goal counts once, its accepted KPIs share
    the weight), by Newton's method with an L2 penalty. Goals without an accepted candidate say
    nothing about the order and are left out. The last column (the bias) is the same for every
    candidate of a goal and stays 0: the calibration sets the level."""
    groups = [(X, y) for X, y in groups if y.sum() > 0]
    if not groups:
        raise ValueError("no goal with an accepted candidate")
    d = groups[0][0].shape[1]
    reg = np.full(d, l2)
    reg[-1] = 1.0

    def loss(w: np.ndarray) -> float:
        out = 0.5 * float(reg @ (w * w))
        for X, y in groups:
            s = X @ w
            m = s.max()
            out += m + math.log(np.exp(s - m).sum()) - float(y @ s) / y.sum()
        return out

    w = np.zeros(d)
    current = loss(w)
    for _ in range(iters):
        g = reg * w
        h = np.diag(reg)
        for X, y in groups:
            s = X @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            mu = p @ X
            g += mu - (y @ X) / y.sum()
            xc = X - mu
            h += (xc * p[:, None]).T @ xc
        step = np.linalg.solve(h, g)
        t = 1.0
        while t > 1e-4:  # a damped Newton step: never a step that raises the loss
            new = loss(w - t * step)
            if new <= current:
                break
            t *= 0.5
        w -= t * step
        if current - new < 1e-9:
            current = new
            break
        current = new
    return w


# --------------------------------------------------------------------------- #
# the shared model
# --------------------------------------------------------------------------- #
@lru_cache(maxsize=1)
def get_index() -> IndicatorIndex:
    """The cached indicator index (loads the shipped artifact; rebuilds it in memory if missing)."""
    try:
        return IndicatorIndex(load_artifact())
    except (OSError, ValueError, KeyError):
        return IndicatorIndex(build_artifact())


def goal_doc(goal):
    """The analyzer's Doc of a goal: a ParsedGoal's Doc, a Doc as it is, a text parsed by the analyzer."""
    doc = getattr(goal, "doc", None)
    if doc is not None:
        return doc
    if hasattr(goal, "spans") and hasattr(goal, "sents"):
        return goal
    from malkoll.analyzer import get_nlp

    return _parsed(get_nlp(), str(goal or ""))


_PARSED: OrderedDict = OrderedDict()  # (pipeline, text) -> Doc, the most recently used last
_PARSED_MAX = 512


def _parsed(nlp, text: str):
    """A text parsed once (the indicator-mismatch check asks about the same goal for each of its
    indicators, and a document's goals share indicator names); its Doc is only read, and what is
    read of it is kept on it (the goal query). A Doc parsed inside a memory zone (the service's jobs)
    holds words whose strings the zone freed when it ended: such a Doc is parsed anew (reading its
    words would fail: E018)."""
    doc = _kept(nlp, text)
    return doc if doc is not None else _keep(nlp, text, nlp(text))


def _kept(nlp, text: str):
    key = (id(nlp), text)
    doc = _PARSED.get(key)
    if doc is not None and _readable(doc):
        _PARSED.move_to_end(key)
        return doc
    return None


def _keep(nlp, text: str, doc):
    _PARSED[(id(nlp), text)] = doc
    _PARSED.move_to_end((id(nlp), text))
    while len(_PARSED) > _PARSED_MAX:
        _PARSED.popitem(last=False)
    return doc


def _readable(doc) -> bool:
    """Whether the strings of the Doc's words and lemmas are still in its vocabulary."""
    from spacy.attrs import LEMMA, ORTH

    strings = doc.vocab.strings
    return all(int(h) in strings for h in np.unique(doc.to_array([ORTH, LEMMA])))


def context_municipality_type(goal, configured: str | None) -> str:
    """The configured kind of organisation (K kommun, L region), unless the goal itself names a region
    ("Region Uppsala ska ..."); without a configured kind, health-care words also make it a region."""
    doc = goal_doc(goal)
    strong, weak = _region_cues()
    words = set(lemmas(doc))
    words.update(token_strings(doc).lower)
    if not words.isdisjoint(strong):
        return "L"
    if configured in ("K", "L"):
        return configured
    return "L" if not words.isdisjoint(weak) else "K"


@lru_cache(maxsize=1)
def _region_cues() -> tuple[frozenset, frozenset]:
    cues = load_data("ranking")["region_cues"]
    return frozenset(cues["strong"]), frozenset(cues["weak"])


def search(text: str, k: int = 5, municipality_type: str | None = "K") -> list:
    """Top-k Kolada indicators for a goal or a query text, as report ``Indicator`` objects
    (Källa: Kolada); the text is read by the analyzer like any goal."""
    idx = get_index()
    doc = goal_doc(text)
    q = idx.analyse(doc)
    return [h.as_indicator() for h in idx.rank(q, k=k, municipality_type=context_municipality_type(doc, municipality_type))]


KPI_ID_RE = re.compile(r"\b[NU]\d{5}\b")


def _related(a: str, b: str) -> bool:
    """Two words of one stem (a common beginning of five letters, four for short words) or one
    word inside the other."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    if n >= 5 or (n >= 4 and min(len(a), len(b)) <= 5):
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and short in long_


def indicator_fit(goal, indicator: str) -> float:
    """How well an indicator a document attaches to a goal measures it (0-1).

    A Kolada id in the indicator counts fully when the model is confident enough that the KPI
    measures the goal (its floor); an indicator in words, and the title of a Kolada id, by the share
    of its measured words (idf-weighted) that the goal speaks of, counting the goal's compound parts,
    synonyms and concepts."""
    idx = get_index()
    q = idx.analyse(goal_doc(goal))
    ids, texts = _indicator_texts(idx, indicator)
    floor = idx.ranker.get("floor", 0.0)
    best = max((1.0 if (idx.fit_of(q, i) or 0.0) >= floor else 0.0 for i in ids), default=0.0)
    area = idx.area_posterior(q)
    for text in texts:
        iq = idx.analyse(goal_doc(text))
        # the words it shares with the goal, or, sharing none, how surely both belong to one operating
        # area ("Fler Lundabor i arbete" / "Sysselsatta invånare 20-65 år")
        best = max(best, idx.overlap(q, iq), float(area @ idx.area_posterior(iq)) * SAME_AREA_CREDIT)
    return best


def _indicator_texts(idx: IndicatorIndex, indicator: str) -> tuple[list[str], list[str]]:
    """The Kolada ids an attached indicator names, and the texts read as measures: its words (without
    the ids) and the titles of the ids."""
    ids = [i for i in KPI_ID_RE.findall(indicator) if i in idx.id_pos]
    words = KPI_ID_RE.sub(" ", indicator).strip(" :-–,")
    return ids, ([words] if words else []) + [idx.titles[idx.id_pos[i]] for i in ids]


def indicators_measure(goal, indicators: Sequence[str]) -> bool:
    """Whether at least one attached indicator measures the goal (the cascade check MK903)."""
    return any(indicator_fit(goal, ind) >= MEASURES for ind in indicators)


def parse_for_fits(pairs: Iterable[tuple[str, Sequence[str]]]) -> None:
    """The goal texts and indicator texts that `indicators_measure` will read for these (goal, indicators)
    pairs, parsed together (one `nlp.pipe`: a text alone costs about twice as much) into the kept Docs.
    At most `_PARSED_MAX` texts are kept: a caller with more pairs asks in chunks."""
    from malkoll.analyzer import get_nlp

    idx, nlp = get_index(), get_nlp()
    texts = []
    for goal, indicators in pairs:
        texts.append(str(goal or ""))
        for ind in indicators:
            texts += _indicator_texts(idx, ind)[1]
    todo = [t for t in dict.fromkeys(texts) if not _kept(nlp, t)]
    for text, doc in zip(todo, nlp.pipe(todo, batch_size=64)):
        _keep(nlp, text, doc)


MEASURES = 0.1  # indicator_fit from which an attached indicator is taken to measure its goal
SAME_AREA_CREDIT = 0.2  # fit given for belonging surely (posterior product 1.0) to the same operating area


def format_indicators(indicators: Iterable, lang: str = "sv") -> str:
    """Plain-text list of indicators with the required attribution."""
    lines = []
    any_kolada = False
    for ind in indicators:
        if getattr(ind, "source", "kolada") == "kolada":
            any_kolada = True
            lines.append(f"- {ind.id} {ind.title} ({ind.operating_area or ''})")
        else:
            tag = "konstruerad, finns inte i Kolada" if lang == "sv" else "constructed, not in Kolada"
            lines.append(f"- {ind.title} [{tag}]")
    if any_kolada:
        lines.append(KOLADA_ATTRIBUTION)
        lines.append(KOLADA_DISCLAIMER if lang == "sv" else KOLADA_DISCLAIMER_EN)
    return "\n".join(lines)
