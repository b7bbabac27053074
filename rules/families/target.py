"""target_level: an explicit target value or threshold, or an explicit from -> to."""
from __future__ import annotations

from malkoll.analyzer import ParsedGoal
from malkoll.analyzer.features import is_threshold_word
from malkoll.rules.base import Rule
from malkoll.rules.matching import doc_cached, find_phrases, token_in

DEGREE_NOUNS = frozenset({"grad", "utsträckning", "nivå", "omfattning"})
TARGET_LABELS = ("FROM_TO", "THRESHOLD", "VALUE", "RANK", "MULTIPLIER", "IMPLICIT")


def commitment_taken_back(goal: ParsedGoal) -> bool:
    """An effort verb or a hedge: then an implicit total or zero ("alla", "fossilfri") is no level."""
    return bool(find_phrases(goal.doc, "vagueness", "effort_verbs") or find_phrases(goal.doc, "vagueness", "hedges"))


def aim_words(goal: ParsedGoal) -> list:
    """Evaluative or abstract aim words of the goal ("trygg", "god start", "likvärdig", "kvalitet"),
    outside phrases with a defined meaning."""
    from malkoll.rules.families.vagueness import defined_tokens

    def compute():
        skip = defined_tokens(goal)
        return [t for t in goal.doc if t.is_alpha and t.i not in skip and t.pos_ not in ("VERB", "AUX", "ADP")
                and not is_threshold_word(t)
                and (token_in(t, "vagueness", "evaluative_adjectives", comparison=True)
                     or token_in(t, "terms", "abstract_terms"))]

    return doc_cached(goal.doc, ("aim_words",), compute)


def implicit_level_holds(goal: ParsedGoal) -> bool:
    """An implicit total or zero ("Alla elever ska vara behöriga", "fossilfria") is a level only
    when the outcome it counts is concrete: nothing takes the commitment back, and the goal does
    not rest on an evaluative or abstract aim ("Alla barn ska få en god start i livet")."""
    return not commitment_taken_back(goal) and not aim_words(goal)


def has_target(goal: ParsedGoal) -> bool:
    if goal.has("targets", *TARGET_LABELS):
        return True
    if goal.has("targets", "ALL", "ZERO"):
        return implicit_level_holds(goal)
    return False


class DirectionOnly(Rule):
    name = "direction-only"

    def check(self, goal: ParsedGoal):
        if has_target(goal):
            return
        change = goal.spans("change")
        if change:
            yield self.hit_span(change[0], word=change[0].text)


class MissingTarget(Rule):
    name = "missing-target"

    def check(self, goal: ParsedGoal):
        if not has_target(goal) and not goal.has("change"):
            yield self.whole(goal)


def clear_direction(goal: ParsedGoal) -> bool:
    """A direction on a concrete state: "Minskad sjukfrånvaro", "Gotlands klimatavtryck minskar",
    "Stenungsund ska förbättra sitt X". Not when the thing said to change is the place or the
    organisation itself ("Motala växer"), an abstract or evaluative aim ("Kvaliteten ska öka"), or
    when an effort verb or a hedge takes the commitment back."""
    if commitment_taken_back(goal):
        return False
    actors = {i for s in goal.spans("actors") for i in range(s.start, s.end)}
    for span in goal.spans("change"):
        noun = changed_noun(span.root)
        if noun is None or noun.i in actors or noun.pos_ in ("PROPN", "PRON"):
            continue
        if token_in(noun, "terms", "abstract_terms") or token_in(noun, "vagueness", "evaluative_adjectives"):
            continue
        return True
    return False


def changed_noun(tok):
    """The noun a change word is about: the noun a participle or comparative modifies ("Minskad
    klimatpåverkan", "Fler behöriga lärare"), or the object, else the subject, of a change verb."""
    if tok.pos_ in ("ADJ", "ADV", "DET", "PRON"):
        head = tok.head if tok.dep_ in ("amod", "det", "advmod", "nummod") else None
        if head is None or head.pos_ != "NOUN":
            head = next((t for t in tok.doc[tok.i + 1: tok.i + 4] if t.pos_ == "NOUN"), None)
        if head is not None and head._.lem in DEGREE_NOUNS:
            # "en högre grad av tillgänglighet": the degree of what
            head = next((c for c in head.children if c.dep_ == "nmod" and c.pos_ == "NOUN"), head)
        return head
    children = list(tok.children)
    for dep in ("obj", "nsubj:pass", "nsubj"):
        noun = next((c for c in children if c.dep_ == dep and c.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if noun is not None:
            return noun
    return None
