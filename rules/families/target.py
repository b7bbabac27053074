"""target_level: an explicit target value or threshold, or an explicit from -> to."""
from __future__ import annotations

from functools import lru_cache

from malkoll.analyzer import ParsedGoal
from malkoll.analyzer.features import is_threshold_word
from malkoll.rules.base import Rule
from malkoll.rules.matching import doc_cached, find_phrases, flagged_words, rule_lexicon, token_in, tokens, words_in

DEGREE_NOUNS = frozenset({"grad", "utsträckning", "nivå", "omfattning"})
TARGET_LABELS = ("FROM_TO", "THRESHOLD", "VALUE", "RANK", "MULTIPLIER", "IMPLICIT", "BENCHMARK")


def commitment_taken_back(goal: ParsedGoal) -> bool:
    """An effort verb or a hedge: then an implicit total or zero ("alla", "fossilfri") is no level."""
    return bool(find_phrases(goal.doc, "vagueness", "effort_verbs") or find_phrases(goal.doc, "vagueness", "hedges"))


def aim_flags(doc) -> list[bool]:
    """For each token of the Doc, whether it is an evaluative or abstract aim word (vagueness.yaml
    `evaluative_adjectives`, comparative and superlative forms included; terms.yaml `abstract_terms`):
    looked up once per Doc, read by every rule that asks."""
    return doc_cached(doc, ("aim_flags",), lambda: [
        bool(evaluative or abstract) for evaluative, abstract in
        zip(words_in(doc, "vagueness", "evaluative_adjectives", comparison=True), words_in(doc, "terms", "abstract_terms"))])


def aim_words(goal: ParsedGoal) -> list:
    """Evaluative or abstract aim words of the goal ("trygg", "god start", "likvärdig", "kvalitet"),
    outside phrases with a defined meaning."""
    def compute():
        skip = defined_tokens(goal)
        aims = aim_flags(goal.doc)
        return [t for t in tokens(goal.doc) if aims[t.i] and t.is_alpha and t.i not in skip
                and t.pos_ not in ("VERB", "AUX", "ADP") and not is_threshold_word(t)]

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
    when an effort verb or a hedge takes the commitment back. Answered once per goal (the gate and
    the grade ask)."""
    return doc_cached(goal.doc, ("clear_direction",), lambda: _clear_direction(goal))


def _clear_direction(goal: ParsedGoal) -> bool:
    if commitment_taken_back(goal):
        return False
    actors = {i for s in goal.spans("actors") for i in range(s.start, s.end)}
    for span in goal.spans("change"):
        noun = changed_noun(span.root)
        if noun is None or noun.i in actors or noun.pos_ in ("PROPN", "PRON"):
            continue
        term = token_in(noun, "terms", "abstract_terms")
        if (term and term not in flagged_words("terms", "abstract_terms", "condition")) or \
                token_in(noun, "vagueness", "evaluative_adjectives"):
            continue  # a quality ("Kvaliteten ska öka"), not a condition ("Bättre företagsklimat")
        return True
    return False


def changed_noun(tok):
    """The noun a change word is about: the noun a participle or comparative modifies ("Minskad
    klimatpåverkan", "Fler behöriga lärare"), or the object, else the subject, of a change verb."""
    if tok.pos_ in ("ADJ", "ADV", "DET", "PRON"):
        head = tok.head if tok.dep_ in ("amod", "det", "advmod", "nummod") else None
        if head is None or head.pos_ != "NOUN":
            head = next((t for t in tokens(tok.doc)[tok.i + 1: tok.i + 4] if t.pos_ == "NOUN"), None)
        if head is not None and head.norm_ in DEGREE_NOUNS:
            # "en högre grad av tillgänglighet": the degree of what
            head = next((c for c in head.children if c.dep_ == "nmod" and c.pos_ == "NOUN"), head)
        return head
    children = [c for c in tok.children if c.pos_ in ("NOUN", "PROPN", "PRON")]
    # the object; a "subject" after the verb is its object misparsed ("Kommunen minskar sin
    # klimatpåverkan"); then the subject
    for pick in (lambda c: c.dep_ == "obj", lambda c: c.dep_.startswith("nsubj") and c.i > tok.i,
                 lambda c: c.dep_ == "nsubj:pass", lambda c: c.dep_ == "nsubj"):
        noun = next((c for c in children if pick(c)), None)
        if noun is not None:
            return noun
    return None


@lru_cache(maxsize=1)
def perception_items() -> dict[str, str]:
    """The perception words and the kind of item each takes (built once per process; read-only)."""
    return {str(e["lemma"]): e["item"] for e in rule_lexicon("terms")["perception"]}


def perceived_state(goal: ParsedGoal):
    """The perceived state the goal is about and its item, as (perception word, item head), read
    from the parse: "nöjda med servicen" (the "med" phrase), "upplever att det är lätt att få
    kontakt" (the clause), "känna sig trygga" (the adjective after "sig"). None when the goal is not
    about a perceived state, when the perception has no item ("Nöjda brukare": satisfied with
    what?), or when an effort verb takes the commitment back ("verka för att invånarna känner sig
    trygga")."""
    def compute():
        if find_phrases(goal.doc, "vagueness", "effort_verbs"):
            return None
        items = perception_items()
        for tok in tokens(goal.doc):
            kind = items.get(tok.norm_)
            if kind is None:
                continue
            children = list(tok.children)
            if kind == "obl_med":
                item = next((c for c in children if c.dep_ in ("obl", "nmod")
                             and any(g.lower_ == "med" for g in c.children if g.dep_ == "case")), None)
            elif kind == "reflexive":
                item = next((c for c in children if c.dep_ in ("xcomp", "obj") and c.pos_ == "ADJ"), None)
                if not any(c.lower_ in ("sig", "mig", "oss", "dig", "er") for c in children):
                    item = None
            else:
                item = next((c for c in children if c.dep_ in ("ccomp", "xcomp", "obj")), None)
            if item is not None:
                return tok, item
        return None

    return doc_cached(goal.doc, ("perceived_state",), compute)


# imported last: a cycle among the rule families (each module is whole by the time another reads it)
from malkoll.rules.families.vagueness import defined_tokens  # noqa: E402
