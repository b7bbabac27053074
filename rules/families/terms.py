"""terms_defined: abstract or evaluative key terms are concrete or defined; abbreviations explained."""
from __future__ import annotations

import re

from malkoll.analyzer import ParsedGoal
from malkoll.rules.base import Rule
from malkoll.rules.families.vagueness import defined_tokens
from malkoll.rules.matching import find_phrases, token_in

DEFINITION_RE = re.compile(r"\b(definiera[ts]?|avses|innebär|det vill säga|dvs\.?|mäts som|mätt som|enligt)\b", re.I)


def glossary_terms(goal: ParsedGoal) -> set[str]:
    return {k.lower() for k in goal.glossary}


class UndefinedTerm(Rule):
    name = "undefined-term"

    def check(self, goal: ParsedGoal):
        if DEFINITION_RE.search(goal.text) or find_phrases(goal.doc, "terms", "concrete_anchors"):
            return  # the goal itself says what the term means or how it is measured
        glossary = glossary_terms(goal)
        skip = defined_tokens(goal)
        measured = {i for s in goal.spans("metrics") for i in range(s.start, s.end)}
        # a perceived state stated as a share or a from -> to in figures is operationalised
        numeric = goal.spans("targets", "FROM_TO", "THRESHOLD", "VALUE")
        for sent in goal.doc.sents:
            if any(sent.start <= s.start < sent.end for s in numeric) and \
                    any(sent.start <= s.start < sent.end for s in goal.spans("metrics")):
                measured.update(t.i for t in sent if t.pos_ == "NOUN")
        seen: set[str] = set()
        for tok in goal.doc:
            if tok.i in skip or tok.i in measured or not tok.is_alpha:
                continue
            term = token_in(tok, "terms", "abstract_terms")
            if not term:
                continue
            if tok._.lem in glossary or tok.lower_ in glossary or term in glossary:
                continue
            if term in seen:
                continue
            seen.add(term)
            yield self.hit_span(tok, term=tok.text)


class UnexplainedAbbreviation(Rule):
    name = "unexplained-abbreviation"

    def check(self, goal: ParsedGoal):
        glossary = glossary_terms(goal)
        for span in goal.spans("abbreviations", "UNEXPLAINED"):
            abbr = span._.value or span.text
            if abbr.lower() in glossary:
                continue
            yield self.hit_span(span, abbreviation=abbr)
