"""terms_defined: abstract or evaluative key terms are concrete or defined; abbreviations explained."""
from __future__ import annotations

import re

from malkoll.analyzer import ParsedGoal, known_words
from malkoll.analyzer.features import MEASURE_LABELS, names_source
from malkoll.rules.base import Rule
from malkoll.rules.families.vagueness import defined_tokens
from malkoll.rules.matching import doc_cached, find_phrases, flagged_words, sentences, tagged, tokens, words, words_in

DEFINITION_RE = re.compile(r"\b(definiera[ts]?|avses|innebär|det vill säga|dvs\.?|mäts som|mätt som|enligt)\b", re.I)


def _in_perceived_item(goal: ParsedGoal, tok) -> bool:
    state = perceived_state(goal)
    return state is not None and tok.i in {t.i for t in state[1].subtree}


def _doubled(stem: str) -> str:
    """"fritidshemm" -> "fritidshem": a consonant doubled before the definite ending."""
    return stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouyåäö" else stem


def base_form(tok, known: frozenset[str] | set[str] = frozenset()) -> str:
    """A term in its base form (indefinite) as the analyzer reads it: "Tryggheten" -> "trygghet",
    "hållbara" -> "hållbar", "fritidshemmet" -> "fritidshem", "medarbetarna" -> "medarbetare". The
    analyzer's lemma when it is a word the analyzer (or `known`) has and not the definite form
    itself; else, for a definite singular noun, the form without the definite
    ending its morphology names (common gender -en/-n, neuter -et/-t), when that is a known word or a
    compound ending in one (five letters or more). Otherwise the word as written: never a guess."""
    form = tok.lower_
    if tok.pos_ == "PROPN":
        return tok.text
    morph = tok.morph
    definite, plural = "Def" in morph.get("Definite"), "Plur" in morph.get("Number")
    if tok.pos_ == "NOUN" and not definite:
        return form  # an indefinite noun is as the phrase needs it ("klimatpåverkan", "150 nya bostäder")
    forms, lemmas = known_words()

    def known_word(w: str) -> bool:
        return w in forms or w in lemmas or w in known

    lemma = tok.lemma_.lower()
    cands = [lemma] if lemma and not (definite and lemma == form) else []
    if tok.pos_ == "NOUN" and not plural:
        for ending in (("et", "t") if "Neut" in morph.get("Gender") else ("en", "n")):
            if form.endswith(ending) and len(form) - len(ending) >= 3:
                stem = form[: -len(ending)]
                cands += [stem, _doubled(stem)]
                break
    elif tok.pos_ == "NOUN" and form.endswith("arna"):
        cands.append(form[:-2] + "e")  # "medarbetarna" -> "medarbetare"
    for c in cands:
        if known_word(c):
            return c
    if tok.pos_ == "NOUN":
        for c in cands:  # an unseen compound ending in a known word ("matsvinn", "trygghetsupplevelse")
            if c.isalpha() and any(known_word(c[i:]) for i in range(2, len(c) - 4)):
                return c
    return form


def glossary_terms(goal: ParsedGoal) -> set[str]:
    return {k.lower() for k in goal.glossary}


class UndefinedTerm(Rule):
    name = "undefined-term"

    def check(self, goal: ParsedGoal):
        # memoised: unmeasured-key-term asks the same question
        return iter(doc_cached(goal.doc, ("undefined-term",), lambda: list(self._hits(goal))))

    def _hits(self, goal: ParsedGoal):
        if DEFINITION_RE.search(goal.text) or find_phrases(goal.doc, "terms", "concrete_anchors"):
            return  # the goal itself says what the term means or how it is measured
        glossary = glossary_terms(goal)
        skip = defined_tokens(goal)
        measured = {i for s in goal.spans("metrics") for i in range(s.start, s.end)}
        # a perceived state stated as a share or a from -> to in figures is operationalised
        numeric = goal.spans("targets", "FROM_TO", "THRESHOLD", "VALUE")
        toks = tokens(goal.doc)
        for sent in sentences(goal.doc):
            if any(sent.start <= s.start < sent.end for s in numeric) and \
                    any(sent.start <= s.start < sent.end for s in goal.spans("metrics", *MEASURE_LABELS)):
                measured.update(t.i for t in toks[sent.start:sent.end] if t.pos_ == "NOUN")
        seen: set[str] = set()
        terms = words_in(goal.doc, "terms", "abstract_terms")
        for i in [i for i, term in enumerate(terms) if term]:  # most tokens are no abstract term
            tok, term = toks[i], terms[i]
            if i in skip or i in measured or not tok.is_alpha:
                continue
            if tok.norm_ in glossary or tok.lower_ in glossary or term in glossary:
                continue
            if term in flagged_words("terms", "abstract_terms", "perceived_item") and _in_perceived_item(goal, tok):
                continue  # "nöjda med servicen": a concrete survey item
            if term in seen:
                continue
            seen.add(term)
            yield self.hit_span(tok, term=base_form(tok))  # "Definiera ”trygghet”", not "”Tryggheten”"


class UnexplainedAbbreviation(Rule):
    name = "unexplained-abbreviation"

    def check(self, goal: ParsedGoal):
        glossary = glossary_terms(goal)
        for span in goal.spans("abbreviations", "UNEXPLAINED"):
            abbr = span._.value or span.text
            if abbr.lower() in glossary:
                continue
            yield self.hit_span(span, abbreviation=abbr)


STOP = {"och", "eller", "samt", "som", "att", "ska", "skall", "bör", "kan", "den", "det", "de", "en", "ett", "för",
        "med", "till", "från", "inom", "i", "på", "av", "om", "vara", "ha", "bli", "alla", "samtliga", "varje",
        "vår", "våra", "vårt", "sin", "sina", "sitt", "dess", "deras", "fler", "färre", "mer", "mindre"}


def key_term(goal: ParsedGoal):
    """The noun the goal is about: the subject or object of its main verb, else its first noun."""
    doc = goal.doc
    toks = tokens(doc)
    actors = {i for s in goal.spans("actors") for i in range(s.start, s.end)}
    if tagged(doc):
        nouns = [i for i, pos in enumerate(words(doc).pos) if pos == "NOUN" and i not in actors]
        deps = [toks[i].dep_ for i in nouns]
        for dep in ("nsubj", "nsubj:pass", "obj", "obl", "root"):
            if dep in deps:
                return toks[nouns[deps.index(dep)]]
        return toks[nouns[0]] if nouns else None
    verbs = {i for lex, key in (("vagueness", "effort_verbs"), ("vagueness", "soft_verbs"),
                                ("goal_types", "activity_verbs")) for s in find_phrases(doc, lex, key)
             for i in range(s.start, s.end)}
    verbs |= {i for s in goal.spans("change") for i in range(s.start, s.end)}
    # no tagger: the first content word that is neither an actor nor a lexicon verb; a present or
    # past tense ending marks a verb except at the start of the goal, where the subject stands
    for t in toks:
        if not t.is_alpha or len(t) < 4 or t.lower_ in STOP or t.i in actors or t.i in verbs:
            continue
        if t.i == 0 or not t.lower_.endswith(("ar", "er", "ade")):
            return t
    return None


def unmeasured_ranks(goal: ParsedGoal) -> list:
    """Ranks whose ranked quantity the goal does not name: no ranking, index or survey in the goal
    ("Sveriges bästa boendekommun", "bland de 50 bästa kommunerna"), and no measure inside the rank
    ("Sveriges lägsta sjukfrånvaro" ranks a measure)."""
    def compute():
        metrics = goal.spans("metrics", "METRIC", "KPI_ID")
        if any(names_source(m) for m in metrics):
            return []
        return [r for r in goal.spans("targets", "RANK")
                if not any(r.start <= m.start < r.end for m in metrics)]

    return doc_cached(goal.doc, ("unmeasured_ranks",), compute)


class UnmeasuredRank(Rule):
    name = "unmeasured-rank"

    def check(self, goal: ParsedGoal):
        for span in unmeasured_ranks(goal):
            yield self.hit_span(span, phrase=span.text)


class UnmeasuredKeyTerm(Rule):
    name = "unmeasured-key-term"

    def check(self, goal: ParsedGoal):
        if is_measurable(goal) or DEFINITION_RE.search(goal.text) or perceived_state(goal) is not None:
            return  # a perceived state with its item is a concrete survey question, not an unmeasured term
        if any(True for _ in Rule.registry["undefined-term"].check(goal)) or unmeasured_ranks(goal):
            return  # the undefined term or the unmeasured rank is already pointed out
        tok = key_term(goal)
        if tok is None or tok.norm_ in glossary_terms(goal) or tok.lower_ in glossary_terms(goal):
            return
        if any(s.start <= tok.i < s.end for s in goal.spans("metrics", "KOLADA")):
            return  # a noun Kolada measures ("valdeltagandet"): a defined quantity
        if any(h.start <= tok.idx < h.end and not h.weak for h in Rule.registry["vague-adjective"].check(goal)):
            return  # "en bra skola": the value word on it is what says nothing (MK503), not "skola"
        yield self.hit_span(tok, term=base_form(tok))  # as MK601: the term in its base form


# imported last: a cycle among the rule families (each module is whole by the time another reads it)
from malkoll.rules.families.measurable import is_measurable  # noqa: E402
from malkoll.rules.families.target import perceived_state  # noqa: E402
