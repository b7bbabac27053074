"""single_goal: one objective, not several bundled together.

Three shapes of bundling, each checked on the parse (POS when the pipeline has a tagger,
lexicons otherwise):

1. coordinated predicates that each carry their own objective: "minska fossilberoendet, öka
   energieffektiviteten samt säkerställa …", "ska öka och vara attraktivt";
2. lists of three or more aims: "en trygg, hållbar och attraktiv kommun", "social-, ekonomisk-
   och ekologisk hållbarhet";
3. two evaluative aims joined by och/med/samt: "god tillgänglighet och korta väntetider",
   "en attraktiv arbetsgivare med god kompetensförsörjning", "tillväxt och innovation".

A coordinated group of people or places ("flickor och pojkar", "barn och unga") is still one
goal, and so are two verbs sharing one object ("värnar och utvecklar näringslivet"), one property
said of several things ("god vård och omsorg"), near-synonyms ("trygg och säker", the synonym
groups of models/data/synonyms.yaml) and a degree word beside the property it praises ("ett rikt och
stimulerande föreningsliv"; vagueness.yaml `degree`) unless the other word is a distribution ("god
och jämlik hälsa": level and spread are two outcomes; terms.yaml `distribution`). Two noun phrases
with an aim each ("en attraktiv arbetsgivare och en god arbetsmiljö", "ett gott liv i en hållbar
kommun") are two objectives. A further sentence is a milestone of the same measure when it and an
earlier one both carry a measure, target or time, and a second statement when only one does.

What a coordination joins is read from the parse: a preposition, "som" as "as" or the degree
adverb "så" between two predicates opens no clause ("har en stark beredskap för kriser och ska vara
…", "upplever kommunen som en god arbetsgivare och trivs …"); two clauses with a subject each are
two statements ("där handeln blomstrar och utbudet möter efterfrågan"); two phrases with a
direction each are two outcomes ("minskad ohälsa … samt minskad ensamhet"). No second objective
comes from a purpose, effect or means clause ("… så att fler kan cykla", "… som ger kortare
restider"), the items of a perceived state ("nöjda med bemötande och tillgänglighet"), an
explanation in parentheses, a fixed pair ("tillväxt och utveckling"), what the work proceeds from
("utgår från …") or the manner of "med" ("med invånaren i fokus"): rules/lexicons/single.yaml.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from malkoll.analyzer import ParsedGoal
from malkoll.analyzer.features import MEASURE_LABELS
from malkoll.rules.base import Rule
from malkoll.rules.families.target import aim_flags
from malkoll.rules.matching import (doc_cached, find_phrases, flagged_words, rule_lexicon, sentence_of, sentences,
                                    tagged, token_in, tokens, words)

COORD = {"och", "samt", ",", "respektive"}
SUBORDINATE = {"att", "som", "där", "så", "genom", "för", "när", "om", "eftersom", "sedan", "utifrån", "inom",
               "vilket", "då", "efter", "mot", "därmed", "därigenom"}
_COORD_OR_SUBORDINATE = COORD | SUBORDINATE
MODALS = {"ska", "skall", "kan", "bör", "måste", "får", "vill", "kommer"}
COPULAS = {"vara", "är", "bli", "blir", "ha", "har", "finnas", "finns"}
FALLBACK_VERBS = COPULAS | {"ge", "ger", "erbjuda", "erbjuder", "göra", "gör", "väcka", "väcker", "påverka",
                            "uppleva", "upplever", "använda", "används", "användas"}
SYNONYMS = Path(__file__).resolve().parents[2] / "models" / "data" / "synonyms.yaml"
VERB_LISTS = (("vagueness", "effort_verbs"), ("vagueness", "soft_verbs"), ("goal_types", "activity_verbs"))


def _has_tags(doc) -> bool:
    return tagged(doc)


def _subordinator(tok) -> bool:
    """Whether `tok` opens a subordinate clause. With a parse, a preposition among SUBORDINATE
    ("för", "genom", "utan", "inom") does so only before "att" or as a subjunction ("för att
    minska …", not "beredskap för ekonomiska risker"); "som" only as a relative pronoun or before a
    verb ("medarbetare som trivs"), not as "as" ("upplever kommunen som en god arbetsgivare", "så
    liten som möjligt"); "så" only as a subjunction or before "att" (not the degree adverb "så
    liten")."""
    low = tok.lower_
    if low not in SUBORDINATE:
        return False
    if not tok.pos_:
        return True
    toks = tokens(tok.doc)
    nxt = toks[tok.i + 1] if tok.i + 1 < len(toks) else None
    if nxt is not None and nxt.lower_ == "att":
        return True
    if low == "som":
        return tok.pos_ == "PRON" or (nxt is not None and nxt.pos_ in ("VERB", "AUX", "PRON"))
    if tok.pos_ in ("ADP", "ADV") and low not in ("där", "då", "när", "därmed", "därigenom", "sedan"):
        return False
    return True


def _is_aim_word(tok) -> bool:
    return aim_flags(tok.doc)[tok.i]


def _degree(tok) -> bool:
    """A praise or degree word that only says "good / strong / much" of its noun (vagueness.yaml,
    `degree`): it adds no property of its own to follow up ("rik", "god", "stimulerande")."""
    word = token_in(tok, "vagueness", "evaluative_adjectives", comparison=True)
    return bool(word) and word in flagged_words("vagueness", "evaluative_adjectives", "degree")


@lru_cache(maxsize=1)
def _synonym_groups() -> tuple[frozenset[str], ...]:
    """Groups of near-synonyms of municipal Swedish (models/data/synonyms.yaml, the indicator
    model's groups: "trygg, trygghet, säker, säkerhet")."""
    with open(SYNONYMS, encoding="utf-8") as fh:
        return tuple(frozenset(str(t).lower() for t in g["terms"]) for g in yaml.safe_load(fh)["groups"])


def _synonyms(a, b) -> bool:
    """Two words for one thing: the same lemma or one synonym group ("trygg och säker")."""
    la, lb = a.norm_.lower(), b.norm_.lower()
    return la == lb or any(la in g and lb in g for g in _synonym_groups())


def _attributive(doc, i: int) -> bool:
    """Whether the adjective at i stands before its noun ("en trygg och säker kommun"), not as a
    predicate ("biblioteket ska vara tillgängligt och berikande")."""
    toks = tokens(doc)
    k = i + 1
    while k < len(toks) and (toks[k].pos_ in ("ADJ", "ADV") or toks[k].text.endswith("-") or toks[k].lower_ in COORD):
        k += 1
    return k < len(toks) and toks[k].pos_ in ("NOUN", "PROPN")


def _one_property(doc, a, b) -> bool:
    """Two aim words on one noun that make one objective: near-synonyms, or a degree word beside
    the property it praises ("en bra och attraktiv kommun", "ett rikt och stimulerande kulturliv")."""
    if _synonyms(a, b) or _stock_pair(a, b):
        return True
    return _attributive(doc, b.i) and (_degree(a) or _degree(b)) and not (_distribution(a) or _distribution(b))


@lru_cache(maxsize=1)
def _stock_pairs() -> frozenset[frozenset[str]]:
    """Fixed pairs that name one domain ("vård och omsorg", "lärande och utveckling";
    rules/lexicons/single.yaml `stock_pairs`)."""
    return frozenset(frozenset(str(w).lower() for w in e["pair"]) for e in rule_lexicon("single")["stock_pairs"])


def _stock_pair(a, b) -> bool:
    return frozenset((a.norm_.lower(), b.norm_.lower())) in _stock_pairs() or \
        frozenset((a.lower_, b.lower_)) in _stock_pairs()


def _basis_predicate(doc, i: int) -> bool:
    """Whether the predicate at i says what the work rests on ("utgår från", "baseras på";
    rules/lexicons/single.yaml `basis_verbs`): a principle or manner, not an outcome."""
    return any(s.start == i for s in find_phrases(doc, "single", "basis_verbs"))


def one_objective_scope(goal: ParsedGoal) -> set[int]:
    """Token positions whose coordinations and aim words add no second objective:

    - a parenthesis, which defines or lists what a measure comprises ("betalningsberedskapen
      (likvida medel, … och kreditlöften)");
    - a purpose or effect clause, from its link to the end of the sentence ("… så att fler kan
      cykla", "kommunikationer som ger kortare restider"; `purpose_links`);
    - the items of a perceived state after "nöjd med" and the like, the aspects one survey asks
      about ("nöjda med service, bemötande och tillgänglighet"; terms.yaml `perception`)."""
    doc = goal.doc

    def compute():
        toks = tokens(doc)
        w = words(doc)
        out: set[int] = set()
        depth = 0
        for i, text in enumerate(w.text):
            if text == "(":
                depth += 1
            elif text == ")":
                depth = max(0, depth - 1)
                out.add(i)
            if depth:
                out.add(i)
        for link in find_phrases(doc, "single", "purpose_links"):
            if link.start == 0:
                continue  # a goal that opens with its purpose ("För att …, ska …") is read elsewhere
            out.update(range(link.start, sentence_of(toks[link.start]).end))
        for t in (toks[i] for i, low in enumerate(w.lower) if low == "med"):
            if t.i > 0 and token_in(toks[t.i - 1], "terms", "perception") and \
                    t.i + 1 < len(toks) and toks[t.i + 1].lower_ not in COORD:  # not "nöjda med och insatta i …"
                k = t.i + 1
                while k < len(toks) and toks[k].pos_ not in ("VERB", "AUX") and not _subordinator(toks[k]) \
                        and toks[k].text not in (".", ";", ":", "–", "-"):
                    out.add(k)
                    k += 1
        return out

    return set(doc_cached(doc, ("single", "one_objective_scope"), compute))


def _distribution(tok) -> bool:
    """An aim on how evenly something is shared ("jämlik", "likvärdig"): beside a degree word it is
    a second outcome, the spread beside the level ("en god och jämlik hälsa")."""
    word = token_in(tok, "terms", "abstract_terms")
    return bool(word) and word in flagged_words("terms", "abstract_terms", "distribution")


def _predicates(goal: ParsedGoal) -> list[int]:
    """The positions of the goal's predicates (found once per goal: three readings ask)."""
    return list(doc_cached(goal.doc, ("single", "predicates"), lambda: _find_predicates(goal)))


def _find_predicates(goal: ParsedGoal) -> list[int]:
    doc = goal.doc
    w = words(doc)
    if _has_tags(doc):
        preds = [i for i, (pos, norm, low) in enumerate(zip(w.pos, w.norm, w.lower))
                 if (pos == "VERB" or (pos == "AUX" and norm in ("vara", "bli"))
                     or (norm == "ha" and not _before_participle(doc, i)))
                 and low not in MODALS]
    else:
        preds = [i for i, low in enumerate(w.lower) if low in FALLBACK_VERBS]
        for lex, key in VERB_LISTS:
            preds += [s.start for s in find_phrases(doc, lex, key)]
        preds += [s.start for s in goal.spans("change", "CHANGE_VERB")]
    return sorted(set(preds))


def _before_participle(doc, i: int) -> bool:
    """"har förbättrats": a perfect auxiliary, not a predicate of its own."""
    toks = tokens(doc)
    return i + 1 < len(toks) and toks[i + 1].pos_ == "VERB"


def _content(tok) -> bool:
    if tok.pos_:
        return tok.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "ADV", "PRON") and tok.lower_ not in MODALS
    return tok.is_alpha and tok.lower_ not in COORD | SUBORDINATE | MODALS


def _figures_near(goal: ParsedGoal, i: int, window: int = 6) -> bool:
    return any(abs(s.start - i) <= window for s in goal.spans("numbers"))


def _after_att(doc, i: int) -> bool:
    """Whether predicate i belongs to an infinitive chain ("att bo, leva och vara verksam")."""
    toks = tokens(doc)
    k = i - 1
    while k >= 0 and (toks[k].lower_ in COORD or toks[k].pos_ == "VERB" or toks[k].lower_ in FALLBACK_VERBS):
        k -= 1
    return k >= 0 and toks[k].lower_ == "att"


def _joins_nouns(cc) -> bool:
    """Whether a coordinator joins two nouns ("kultur och fritidsverksamheten"), not two clauses."""
    second = cc.head
    return second.pos_ in ("NOUN", "PROPN") and second.dep_ == "conj" and second.head.pos_ in ("NOUN", "PROPN")


def _coordinated_predicates(goal: ParsedGoal, people: set[int]) -> list:
    doc = goal.doc
    toks = tokens(doc)
    lower = words(doc).lower
    found = []
    preds = _predicates(goal)
    for a, b in zip(preds, preds[1:]):
        if sentence_of(toks[a]).start != sentence_of(toks[b]).start or _basis_predicate(doc, a) or \
                _basis_predicate(doc, b):
            continue  # "utgår från … och skapar …": the basis of the work beside its outcome
        between = toks[a + 1:b]
        said = set(lower[a + 1:b])
        if not said & COORD or any(_subordinator(t) for t in between):
            continue
        if not said.isdisjoint(MODALS) and not said & {"och", "samt"}:
            continue
        if _figures_near(goal, b) and (toks[a].norm_ == toks[b].norm_ and _figures_near(goal, a)
                                       or any(s.start == a for s in goal.spans("change"))):
            continue  # milestones of one measure: "ska öka och år 2025 uppnå 15 procent, år 2030 uppnå …"
        if _in_relative(doc, a) and (toks[b - 1].lower_ in MODALS or "," in said):
            continue  # the first verb is inside the subject's relative clause: "Andel barn som tar del av … ska öka"
        infinitive = a > 0 and toks[a - 1].lower_ == "att"
        if infinitive and not said.isdisjoint(MODALS):
            continue  # "För att täcka …, ska resultatet uppgå till …": purpose clause, then the goal
        coords = [t for t in between if t.lower_ in COORD]
        if _has_tags(doc) and all(_joins_nouns(t) and a < t.head.i < b for t in coords):
            continue  # the "och" joins two nouns between the verbs: "som tar del av kultur och fritid ska öka"
        coord_at = next(t.i for t in between if t.lower_ in COORD)
        own_complement = any(_content(toks[k]) and k not in people for k in range(a + 1, coord_at))
        if _has_tags(doc) and "Fin" in toks[b].morph.get("VerbForm") and \
                any(t.pos_ in ("NOUN", "PROPN") and t.i not in people and coord_at < t.i < b for t in between) and \
                not any(t.lower_ in MODALS for t in toks[coord_at:b]):
            own_complement = True  # two clauses, each with its own subject: "där X fungerar och Y möter efterfrågan"
        copula = toks[b].norm_ in ("vara", "bli") or toks[b].lower_ in COPULAS
        if own_complement or (copula and not infinitive and not _after_att(doc, a)):
            found.append(doc[b:b + 1])
    return found


def _coordinated_to_mistagged(goal: ParsedGoal, people: set[int]) -> list:
    """A predicate coordinated with a clause whose own verb the tagger took for a noun or an
    adjective (headline-like goals: "Alla fullföljer gymnasiet och har förutsättningar för …",
    "Öka attraktiviteten … och etablera …"): the parse still joins the second verb to the first
    clause (`conj` on a nominal head). When that clause has content of its own before the
    coordinator, the second predicate is a second objective."""
    doc = goal.doc
    if not _has_tags(doc):
        return []
    toks = tokens(doc)
    preds = set(_predicates(goal))
    found = []
    for b in sorted(preds):
        tok = toks[b]
        if tok.dep_ != "conj" or tok.head.pos_ in ("VERB", "AUX") or tok.head.i > b or \
                not set(tok.morph.get("VerbForm")) & {"Fin", "Inf"}:
            continue  # a participle before its noun is no predicate: "tillitsbaserat ledarskap"
        start = sentence_of(tok).start
        if any(start <= p < b for p in preds):
            continue  # the clause before has a verb of its own: _coordinated_predicates reads it
        k = b - 1
        while k > start and toks[k].lower_ in MODALS:
            k -= 1
        if toks[k].lower_ not in ("och", "samt") or any(_subordinator(t) for t in toks[start:k]):
            continue
        if sum(1 for t in toks[start:k] if _content(t) and t.i not in people) >= 2:
            found.append(doc[b:b + 1])
    return found


def _in_relative(doc, i: int) -> bool:
    """Whether the verb at i is in a relative clause ("platser som allmänheten har tillträde till")."""
    toks = tokens(doc)
    for k in range(i - 1, max(-1, i - 5), -1):
        if toks[k].lower_ in ("som", "där", "vilka", "vilket"):
            return True
        if toks[k].lower_ in COORD or toks[k].is_punct or toks[k].lower_ in MODALS:
            return False
    return False


def _is_list(doc, run: list[int]) -> bool:
    """Three aims, or two different aims joined directly ("attraktiv och tillgänglig")."""
    if len(run) >= 3:
        return True
    if len(run) == 2:
        toks = tokens(doc)
        a, b = toks[run[0]], toks[run[1]]
        adjacent = all(toks[k].lower_ in COORD for k in range(a.i + 1, b.i))
        return adjacent and not _one_property(doc, a, b) and not a.text.endswith("-")
    return False


def _aim_lists(goal: ParsedGoal, skip: set[int]) -> list:
    """Three or more coordinated aims, or two aims with different heads joined by och/med/samt."""
    doc = goal.doc
    toks = tokens(doc)
    found = []
    aim = aim_flags(doc)
    aims = [i for i, text in enumerate(words(doc).text)
            if i not in skip and (aim[i] or (text.endswith("-") and len(text) > 3))]
    # runs of aims separated only by a coordinator
    run = aims[:1]
    for prev, cur in zip(aims, aims[1:]):
        gap = toks[prev + 1:cur]
        coords = [t for t in gap if t.lower_ in COORD]
        nouns = [t for t in gap if t.lower_ not in COORD]
        # "trygg, hållbar och attraktiv", "trygg uppväxt, god utbildning och meningsfull fritid",
        # "social-, ekonomisk- och ekologisk hållbarhet"
        if gap and len(gap) <= 3 and coords and len(nouns) <= 1 and \
                all((t.pos_ in ("NOUN", "PROPN", "ADJ") if t.pos_ else t.is_alpha) for t in nouns):
            run.append(cur)
            continue
        if _is_list(doc, run):
            found.append(doc[run[1]:run[1] + 1])
        run = [cur]
    if _is_list(doc, run):
        found.append(doc[run[1]:run[1] + 1])
    # "en attraktiv arbetsgivare som erbjuder bra arbetsmiljö": a relative clause adds a second aim
    lower = words(doc).lower
    for tok in (toks[i] for i, low in enumerate(lower) if low == "som"):
        if tok.i not in skip and tok.i >= 2 and _is_aim_word(toks[tok.i - 2]) and \
                tok.i + 1 < len(toks) and toks[tok.i + 1].pos_ == "VERB":
            right = [t for t in toks[tok.i + 2: tok.i + 5] if _is_aim_word(t)]
            if right:
                found.append(doc[right[0].i:right[0].i + 1])
    # an aim and a level joined: "jämlik och bland de tre bästa", "klimatsmart och på sikt fossilfri"
    levels = goal.spans("targets", "RANK", "ZERO", "THRESHOLD", "FROM_TO")
    for tok in (toks[i] for i, low in enumerate(lower) if low in ("och", "samt")):
        if tok.i > 0 and tok.i not in skip and _is_aim_word(toks[tok.i - 1]):
            nxt = next((s for s in levels if tok.i < s.start <= tok.i + 3), None)
            if nxt is not None:
                found.append(nxt)
    # "god tillgänglighet och korta väntetider", "attraktiv arbetsgivare med god kompetensförsörjning"
    for tok in (toks[i] for i, low in enumerate(lower) if low in ("och", "med", "samt")):
        if tok.i in skip:
            continue
        left = toks[max(0, tok.i - 2):tok.i]
        right = toks[tok.i + 1:min(len(toks), tok.i + 3)]
        if not left or not right:
            continue
        left_aim = any(_is_aim_word(t) for t in left) and left[-1].is_alpha and not left[-1].text.endswith("-")
        right_aim = [t for t in right if _is_aim_word(t)]
        if not (left_aim and right_aim) or any(t.i in skip for t in left + right) or \
                _stock_pair(left[-1], right[0]):
            continue
        if _has_tags(doc):
            # two full noun phrases, not two adjectives on one noun ("trygg och säker")
            if left[-1].pos_ != "NOUN" or not any(t.pos_ == "NOUN" for t in right):
                continue
        elif tok.lower_ == "och" and len(left) >= 1 and not right_aim[0].lower_.endswith(("het", "tion", "ning", "else")):
            continue
        found.append(doc[right_aim[0].i:right_aim[0].i + 1])
    return found


def _own_measures(goal: ParsedGoal, *labels: str) -> list:
    """The measure spans of a goal without the bare unit "procent" (a level, not a measure)."""
    return [s for s in goal.spans("metrics", *labels) if s.text.lower() not in ("procent", "procentenheter")]


def _several_measures(goal: ParsedGoal) -> list:
    """Two measures with a level each: "Sjukfrånvaron ska vara högst 6 procent och
    personalomsättningen högst 10 procent"."""
    doc = goal.doc
    metrics = _own_measures(goal, "METRIC")
    levels = goal.spans("targets", "THRESHOLD", "VALUE", "FROM_TO")
    toks = tokens(doc)
    for a, b in zip(metrics, metrics[1:]):
        between = toks[a.end:b.start]
        if not any(t.lower_ in ("och", "samt", ",") for t in between):
            continue
        if any(a.end <= t.start < b.start for t in levels) and any(t.start >= b.end for t in levels):
            return [b]
    return []


def _rank_beside_target(goal: ParsedGoal) -> list:
    """A rank whose ranked quantity is undefined beside a numeric target on something else: two
    objectives ("Sveriges bästa kommun att leva i – med 50 000 invånare år 2050")."""
    ranks = unmeasured_ranks(goal)
    if not ranks:
        return []
    inside = {i for r in ranks for i in range(r.start, r.end)}
    return [s for s in goal.spans("targets", "FROM_TO", "THRESHOLD", "VALUE", "MULTIPLIER") if s.start not in inside][:1]


def bundled_parts(goal: ParsedGoal) -> list:
    """Spans marking the second and later objectives; empty if the goal is one objective."""
    doc = goal.doc
    people = {i for s in goal.spans("actors", "OWNER", "BENEFICIARY", "WHOLE_ORG") for i in range(s.start, s.end)}
    measured = {i for s in goal.spans("targets") + goal.spans("time") for i in range(s.start, s.end)}
    parts = []
    # several sentences that each state a goal; a later sentence with figures usually gives the
    # first one's measure or milestone, so it is not a second goal
    toks = tokens(doc)
    sents = [s for s in sentences(doc) if any(t.is_alpha for t in toks[s.start:s.end])]
    if len(sents) > 1:
        for sent in sents[1:]:
            has_goal_verb = any(t.lower_ in ("ska", "skall") for t in toks[sent.start:sent.end])
            has_figures = any(sent.start <= s.start < sent.end for s in goal.spans("targets", "FROM_TO", "THRESHOLD", "VALUE"))
            if has_goal_verb and not has_figures:
                parts.append(sent)
    parts += _coordinated_predicates(goal, people)
    parts += _coordinated_to_mistagged(goal, people)
    parts += _several_measures(goal)
    parts += _rank_beside_target(goal)
    parts += _aim_lists(goal, people | measured | one_objective_scope(goal))
    seen, out = set(), []
    for p in sorted(parts, key=lambda s: s.start):
        if not any(p.start < e and s < p.end for s, e in seen):
            seen.add((p.start, p.end))
            out.append(p)
    return out


def _side_has_aim(doc, rng) -> bool:
    toks = tokens(doc)
    return any(_is_aim_word(toks[k]) for k in rng if 0 <= k < len(toks))


def _attributive_participle(doc, tok) -> bool:
    """A participle tagged as a verb that stands before its noun as an adjective ("tillitsbaserat
    ledarskap")."""
    toks = tokens(doc)
    return tok.i + 1 < len(toks) and toks[tok.i + 1].pos_ == "NOUN" and tok.dep_ != "ROOT" and \
        tok.lower_.endswith(("ad", "at", "ade", "ande", "ende"))


def _modified_by_aim(doc, noun) -> bool:
    """A noun with an aim adjective right before it ("god tillgänglighet", "en attraktiv arbetsgivare")."""
    prev = tokens(doc)[noun.i - 1] if noun.i > 0 else None
    return prev is not None and _is_aim_word(prev) and (prev.pos_ == "ADJ" or _attributive_participle(doc, prev))


def _aim_phrases(doc, left, cc, nxt) -> bool:
    """Two coordinated noun phrases each with an aim of its own: two distinct qualities or outcomes
    that would be followed up separately ("en attraktiv arbetsgivare och en god arbetsmiljö",
    "attraktiv arbetsgivare och tillitsbaserat ledarskap"); not one property said of two nouns."""
    # the noun may be tagged as an adjective when it ends like a participle ("ett effektivt resursutnyttjande")
    toks = tokens(doc)
    nounlike = left.pos_ == "NOUN" or (left.pos_ == "ADJ" and left.i > 0 and toks[left.i - 1].pos_ == "ADJ")
    if not nounlike or not _modified_by_aim(doc, left):
        return False
    aim = nxt if _is_aim_word(nxt) and (nxt.pos_ == "ADJ" or _attributive_participle(doc, nxt)) else None
    if aim is None or aim.i + 1 >= len(toks) or toks[aim.i + 1].pos_ != "NOUN":
        return False
    return not _synonyms(toks[left.i - 1], aim) and not _synonyms(left, toks[aim.i + 1])


def _aim_noun_and_phrase(doc, left, cc, nxt) -> bool:
    """An aim noun coordinated with a noun phrase that has an aim of its own ("långsiktig
    hållbarhet och ett effektivt resursutnyttjande"): two qualities followed up apart."""
    if left.pos_ != "NOUN" or not _is_aim_word(left) or _degree(left):
        return False
    toks = tokens(doc)
    if not (_is_aim_word(nxt) and nxt.pos_ == "ADJ" and nxt.i + 1 < len(toks) and toks[nxt.i + 1].pos_ == "NOUN"):
        return False
    noun = toks[nxt.i + 1]
    return not (_synonyms(left, nxt) or _synonyms(left, noun) or _stock_pair(left, noun) or _degree(nxt))


def _directions(goal: ParsedGoal, left, cc, nxt) -> bool:
    """Two noun phrases, each with a direction of its own ("minskad psykisk ohälsa … samt minskad
    ensamhet", "förbättrad folkhälsa och ökad trygghet"): two outcomes to follow up."""
    toks = tokens(goal.doc)
    changes = [s for s in goal.spans("change") if s.end < len(toks) and toks[s.start].pos_ in ("ADJ", "VERB")
               and toks[s.start].dep_ != "ROOT"]
    after = next((s for s in changes if s.start == nxt.i), None)
    if after is None or not any(toks[k].pos_ == "NOUN" for k in range(after.end, min(len(toks), after.end + 3))):
        return False
    sent = sentence_of(cc)
    return any(sent.start <= s.start < cc.i and any(toks[k].pos_ == "NOUN" for k in range(s.end, min(cc.i, s.end + 3)))
               for s in changes)


def _degree_beside_quality(doc, left, cc, nxt) -> bool:
    """A degree word and another adjective on one noun ("ett rikt och varierat utbud"): the degree
    word adds no property of its own (vagueness.yaml `degree`); not beside a distribution ("god
    och jämlik")."""
    if not (left.pos_ == "ADJ" and nxt.pos_ == "ADJ" and nxt.i == cc.i + 1 and _attributive(doc, nxt.i)):
        return False
    return (_degree(left) or _degree(nxt)) and not (_distribution(left) or _distribution(nxt))


def _shared_over_list(doc, cc, nxt) -> bool:
    """A coordinator inside a list of bare nouns whose first noun carries the one aim adjective
    ("likvärdig vård, service och tjänster", "en god vård och omsorg"): the property is said of
    every item."""
    if nxt.i != cc.i + 1 or nxt.pos_ != "NOUN" or _distribution(nxt):
        return False
    toks = tokens(doc)
    k = cc.i - 1
    while k > 0 and toks[k].pos_ == "NOUN" and toks[k - 1].lower_ in (",", "och", "samt"):
        k -= 2  # back over "…, service och" to the first item
    first = toks[k]
    if first.pos_ != "NOUN" or k == 0:
        return False
    adj = toks[k - 1]
    return adj.pos_ == "ADJ" and _is_aim_word(adj) and not _is_aim_word(first) and \
        not any(toks[j].pos_ == "ADJ" for j in range(k + 1, cc.i + 1))


def _manner_after(doc, i: int) -> bool:
    """Whether the noun at i is closed by a manner phrase ("med invånaren i fokus", "med barnens
    behov som utgångspunkt"; single.yaml `manner_phrases`): how the work is done, not a state."""
    return any(s.start in (i + 1, i + 2) for s in find_phrases(doc, "single", "manner_phrases"))


def _med_item(doc, med, people: set[int]) -> bool:
    """Whether "med" gives the item of a perceived state ("nöjda med servicen"), a comparison
    ("jämfört med") or what a group has ("elever med hög frånvaro"), not an aim of its own."""
    prev = tokens(doc)[med.i - 1]
    return bool(token_in(prev, "terms", "perception")) or prev.norm_ in ("jämföra", "jämförd") or \
        prev.lower_ == "jämfört" or prev.i in people


def _aim_before(doc, i: int) -> bool:
    """Whether the phrase before "med" at i states an aim of its own ("en tillväxtkommun med hög
    livskvalitet", "tryggare med jämlika livsvillkor", "nöjda invånare med stort förtroende"), so
    "med" adds a second one; a plain noun before it ("en verksamhet med god kvalitet") is the thing
    the property is of."""
    toks = tokens(doc)
    k = i - 1
    while k >= 0 and i - k <= 4 and toks[k].lower_ not in _COORD_OR_SUBORDINATE and not toks[k].is_punct \
            and toks[k].pos_ not in ("VERB", "AUX", "ADP"):
        if _is_aim_word(toks[k]) or token_in(toks[k], "terms", "perception") or \
                (toks[k].pos_ == "ADJ" and toks[k].text.lower().endswith(("are", "ast", "aste"))):
            return True
        k -= 1
    return False


def bundle_candidates(goal: ParsedGoal) -> list[tuple[object, str]]:
    """Weaker signs of a second objective, each with its kind; the learned gate (malkoll.gate)
    decides whether they make the goal several goals. The parse of a headline-like goal is often
    off, so coordination is read from the coordinator and the words beside it:

    - ``coord_aims`` / ``coord_aim`` / ``coord``: "och"/"samt"/a comma between content words with
      aim words on both sides, one side or neither ("attraktiv och hälsosam", "god service och en
      sund ekonomi"; near-synonyms and degree pairs are none: "trygg och säker");
    - ``coord_shared``: an aim on the first noun said of the bare nouns after it ("god vård och
      omsorg", "likvärdig vård, service och tjänster");
    - ``aim_phrases`` and ``aim_in_place`` (reported strong): two noun phrases with an aim or a
      direction each ("långsiktig hållbarhet och ett effektivt resursutnyttjande", "minskad ohälsa
      … samt minskad ensamhet");
    - ``coord_scope``: such a coordination without aim words inside a prepositional phrase, most
      often the groups, places or aspects one property is for ("för boende, företagande och
      besök", "hos kvinnor och män"), sometimes two outcomes ("till arbete och företagande");
    - ``hyphen``: a shared compound head ("miljö- och klimatpåverkan");
    - ``verb``: coordinated predicates ("behålla och rekrytera");
    - ``with_aim`` / ``with_second_aim``: an aim added with "med" to a plain noun ("en verksamhet
      med god kvalitet") or to a phrase with an aim of its own ("en tillväxtkommun med hög
      livskvalitet"); after a perceived state "med" gives its item ("nöjda med servicen"): none;
    - ``with_state``: a state without an aim word added with "med" to a phrase with an aim of its
      own ("god kvalitet med ekonomi i balans"); the means ("med våra insatser") and the manner
      ("med invånaren i fokus") are none;
    - ``second_aim``: a second, different aim word elsewhere ("ett gott liv i en hållbar kommun");
    - ``aim_and_level``: an aim word beside a figure ("en attraktiv kommun med 13 000 invånare");
    - ``sentence_milestone`` / ``sentence_measure`` / ``sentence``: a further sentence when it and an
      earlier one both carry a measure (and it names a measure of its own: a further level or date
      of the measure already named is none), only one does, or neither (the last two reported
      strong: a second statement).

    People and places coordinated ("barn och unga", "flickor och pojkar") are no candidates."""
    doc = goal.doc
    if not _has_tags(doc):
        return []
    toks = tokens(doc)
    lower = words(doc).lower
    people = {i for s in goal.spans("actors") for i in range(s.start, s.end)}
    measured = {i for s in goal.spans("targets") + goal.spans("time") + goal.spans("numbers")
                for i in range(s.start, s.end)}
    scope = one_objective_scope(goal)
    out: list[tuple[object, str]] = []
    for tok in (toks[i] for i, low in enumerate(lower) if low in ("och", "samt", ",")):
        if tok.i == 0 or tok.i + 1 >= len(toks) or tok.i in scope:
            continue
        left, right = toks[tok.i - 1], toks[tok.i + 1]
        if right.lower_ in ("och", "samt"):
            continue  # ", och": the coordinator itself is the candidate
        nxt = next((t for t in toks[tok.i + 1: tok.i + 4] if t.is_alpha and t.pos_ not in ("DET", "ADP", "PRON")), None)
        if nxt is None or left.i in measured or nxt.i in measured:
            continue
        if left.text.endswith("-") and len(left) > 3 and left.text[:-1].isalpha():
            out.append((doc[nxt.i:nxt.i + 1], "hyphen"))  # a shared compound head: "miljö- och klimatpåverkan"
            continue
        if not left.is_alpha or left.norm_ == nxt.norm_ or left.pos_ in ("VERB", "AUX") or \
                (nxt.pos_ in ("VERB", "AUX") and not _attributive_participle(doc, nxt)):
            continue
        left_aim = _side_has_aim(doc, range(tok.i - 2, tok.i))
        right_aim = _side_has_aim(doc, range(tok.i + 1, nxt.i + 1))
        if (left.i in people or nxt.i in people) and not (left_aim and right_aim):
            continue  # groups of people: "barn och unga"; but "en attraktiv arbetsgivare och en god arbetsmiljö"
        if _is_aim_word(left) and _is_aim_word(nxt) and nxt.i == tok.i + 1 and _one_property(doc, left, nxt):
            continue  # one property: "trygg och säker", "ett rikt och stimulerande kulturliv"
        if nxt.i == tok.i + 1 and _stock_pair(left, nxt):
            continue  # one domain: "lärande och utveckling", "vård och omsorg"
        if _degree_beside_quality(doc, left, tok, nxt):
            continue  # one property: "ett rikt och varierat utbud"
        kind = ("coord", "coord_aim", "coord_aims")[left_aim + right_aim]
        if kind == "coord_aims" and (_aim_phrases(doc, left, tok, nxt) or
                                     _aim_noun_and_phrase(doc, left, tok, nxt)):
            kind = "aim_phrases"  # two noun phrases with an aim each: "god tillgänglighet och ett gott bemötande"
        if _directions(goal, left, tok, nxt):
            kind = "aim_phrases"  # a direction each: "minskad ohälsa … samt minskad ensamhet"
        if kind in ("coord_aim", "coord_aims") and _shared_over_list(doc, tok, nxt):
            kind = "coord_shared"  # one property for several aspects: "god vård och omsorg", "likvärdig vård, service …"
        first = nxt.head if nxt.dep_ == "conj" else left
        if kind == "coord" and any(c.dep_ == "case" for c in first.children):
            kind = "coord_scope"  # groups, places or aspects of one property: "för boende, företagande och besök"
        out.append((doc[nxt.i:nxt.i + 1], kind))
    preds = _predicates(goal)
    for a, b in zip(preds, preds[1:]):
        between = set(lower[a + 1:b])
        if between & {"och", "samt", ","} and not any(_subordinator(t) for t in toks[a + 1:b]) and \
                sentence_of(toks[a]).start == sentence_of(toks[b]).start and b not in scope and \
                not (_basis_predicate(doc, a) or _basis_predicate(doc, b) or _stock_pair(toks[a], toks[b])):
            out.append((doc[b:b + 1], "verb"))  # not a fixed pair: "växer och utvecklas"
    meds = [toks[i] for i, low in enumerate(lower) if low == "med"]
    for tok in meds:
        if 0 < tok.i and tok.i + 1 < len(toks):
            aim = next((t for t in toks[tok.i + 1: tok.i + 4] if _is_aim_word(t)), None)
            if aim is None or aim.i in people or aim.i in scope or _manner_after(doc, aim.i) or \
                    token_in(toks[tok.i - 1], "terms", "perception"):
                continue  # "nöjda med servicen": the item of the perceived state
            if _aim_before(doc, tok.i):
                out.append((doc[aim.i:aim.i + 1], "with_second_aim"))
            elif not _med_item(doc, tok, people):
                out.append((doc[aim.i:aim.i + 1], "with_aim"))
    # "med" adding a state without an aim word to a phrase with an aim of its own: "god kvalitet med
    # ekonomi i balans", "ett hållbart län med utvecklingskraft"; not the manner "med X i fokus"
    groups = {i for s in goal.spans("actors", "OWNER", "BENEFICIARY") for i in range(s.start, s.end)}
    for tok in meds:  # (the whole organisation with a state is the objective: "en hållbar kommun med …")
        if tok.i == 0 or tok.i in scope or not _aim_before(doc, tok.i):
            continue
        rest = [t for t in toks[tok.i + 1: tok.i + 4] if not t.is_punct]
        noun = next((t for t in rest if t.pos_ in ("NOUN", "PROPN")), None)
        if noun is None or any(_is_aim_word(t) for t in rest) or noun.i in people or noun.i in measured or \
                _med_item(doc, tok, groups) or any(t.pos_ == "PRON" for t in toks[tok.i + 1: noun.i]) or \
                _manner_after(doc, noun.i):
            continue  # "med våra insatser" (the means), "med invånaren i fokus" (the manner)
        out.append((doc[noun.i:noun.i + 1], "with_state"))
    # an aim set in a place with an aim of its own: "ett gott liv i en hållbar kommun"
    for tok in (toks[i] for i, low in enumerate(lower) if low in ("i", "inom")):
        if tok.i > 0 and toks[tok.i - 1].pos_ == "NOUN" and _modified_by_aim(doc, toks[tok.i - 1]):
            noun = next((t for t in toks[tok.i + 1: tok.i + 4] if t.pos_ == "NOUN"), None)
            if noun is not None and noun.i not in scope and _modified_by_aim(doc, noun) and \
                    not _synonyms(toks[noun.i - 1], toks[tok.i - 2]):
                out.append((doc[noun.i - 1:noun.i], "aim_in_place"))
    aim = aim_flags(doc)
    aims = [t for t in toks if aim[t.i] and t.i not in measured and t.i not in scope and t.pos_ != "VERB"]
    distinct = []
    for t in aims:
        if all(t.norm_ != u.norm_ and abs(t.i - u.i) > 1 and not _stock_pair(t, u) for u in distinct):
            distinct.append(t)
    if len(distinct) >= 2:
        out.append((doc[distinct[1].i:distinct[1].i + 1], "second_aim"))
    if aims and goal.spans("targets", "FROM_TO", "THRESHOLD", "VALUE", "RANK", "MULTIPLIER"):
        out.append((doc[aims[0].i:aims[0].i + 1], "aim_and_level"))
    sents = [s for s in sentences(doc) if any(t.is_alpha for t in toks[s.start:s.end])]
    if len(sents) > 1:
        content = goal.spans("metrics", *MEASURE_LABELS) + goal.spans("targets", *OPERATIONAL_TARGETS) + \
            goal.spans("time", "DEADLINE", "PERIOD")
        measured = [any(s.start <= c.start < s.end for c in content) for s in sents]
        metrics = _own_measures(goal, *MEASURE_LABELS)
        for k, sent in enumerate(sents[1:], 1):
            if measured[k] and any(measured[:k]):
                if not any(sent.start <= m.start < sent.end for m in metrics):
                    continue  # a further level or date of the measure already named: "Delmål för 2025 är 25 %."
                kind = "sentence_milestone"  # a level of a measure of its own: "Överskottsmålet är 1 procent."
            elif measured[k] or any(measured[:k]):
                kind = "sentence_measure"  # a statement beside a measured target: "… tillsammans. 35 000 invånare år 2035"
            else:
                kind = "sentence"
            out.append((sent, kind))
    return out


OPERATIONAL_TARGETS = ("FROM_TO", "THRESHOLD", "VALUE", "RANK", "MULTIPLIER", "IMPLICIT", "BENCHMARK", "ZERO", "ALL")


def unmeasured_part(goal: ParsedGoal, starts: list[int]) -> bool:
    """Whether a goal split into its objectives at `starts` (character offsets where the second and
    later objectives begin: the bundled-goals findings) has an objective with no measure, target or
    time of its own while another has one: a followable target bundled with an undefined aim ("I X
    formar vi framtiden tillsammans. 35 000 invånare år 2035"). Two followable objectives are not
    ("Sjukfrånvaron ska vara högst 6 procent och personalomsättningen högst 10 procent")."""
    doc = goal.doc
    toks = tokens(doc)
    cuts = sorted({next((t.i for t in toks if t.idx >= c), len(toks)) for c in starts} - {0})
    if not cuts:
        return False
    content = goal.spans("metrics", *MEASURE_LABELS) + goal.spans("targets", *OPERATIONAL_TARGETS) + \
        goal.spans("time", "DEADLINE", "PERIOD")
    bounds = [0] + cuts + [len(doc)]
    parts = [(a, b) for a, b in zip(bounds, bounds[1:]) if any(t.is_alpha for t in toks[a:b])]
    measured = [any(a <= s.start < b for s in content) for a, b in parts]
    return any(measured) and not all(measured)


# kinds of candidate that are bundling as the conventions define it, whatever the gate says
# (a further sentence beside a measured one, or two sentences without a measure, is a second
# statement: the convention for a slogan beside a numeric target)
STRONG_KINDS = frozenset({"aim_phrases", "aim_in_place", "sentence_measure", "sentence"})


class BundledGoals(Rule):
    name = "bundled-goals"

    def check(self, goal: ParsedGoal):
        parts = bundled_parts(goal)
        if parts:
            first = parts[0]
            yield self.hit_span(first, count=len(parts) + 1, part=first.text)
        taken = {(p.start, p.end) for p in parts}
        for span, kind in bundle_candidates(goal):
            if (span.start, span.end) not in taken:
                taken.add((span.start, span.end))
                if kind in STRONG_KINDS:
                    yield self.hit_span(span, count=2, part=span.text)
                else:
                    yield self.hit_span(span, weak=True, kind=kind, count=2, part=span.text)


# imported last: a cycle among the rule families (each module is whole by the time another reads it)
from malkoll.rules.families.terms import unmeasured_ranks  # noqa: E402
