"""Suggestions that make a goal followable: indicators, sub-goals per nämnd, a rewrite.

    indicators, subgoals, rewrite = suggest(goal, findings, grade,
                                            level=None, owner=None, municipality_type="K", naming=None)

`goal` is the analysed goal: a ``ParsedGoal`` or the spaCy ``Doc`` the analyzer made (a plain
string is parsed by the same analyzer). Nothing here tokenises or stems: what is measured, by whom
and in which direction is read from the Doc (lemmas, parts of speech, morphology, dependencies and
the goal-feature span groups), and the findings are acted on by rule id.

* indicators: up to five Kolada KPIs (Källa: Kolada) that the indicator model is confident enough
  measure the goal (``score`` is that calibrated confidence; below the model's floor no Kolada KPI
  is shown), and a constructed indicator in Kolada's style from the goal's own words when nothing
  in Kolada measures it well (``source="constructed"``);
* subgoals: for goals graded ``vague`` or ``needs_work``, two to four measurable sub-goal drafts,
  each tied to one indicator and given the nämnd responsible for its topic;
* rewrite: the goal rewritten so that its findings are resolved (``None`` when the goal is good).

Values only the organisation knows are placeholders: "[nuvarande värde]", "[målvärde]", "[år]",
"[definition]", "[mått]". No figure is ever invented: every number in a sub-goal or a rewrite
comes from the goal itself or is part of a suggested indicator's name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from malkoll.analyzer.doc_cache import doc_cached, sentences, span_group, span_tokens, tokens
from malkoll.analyzer.doc_cache import words as token_strings
from malkoll.analyzer.doc_cache import text as doc_text
from malkoll.models.indicators import (
    KOLADA_ATTRIBUTION,
    KOLADA_DISCLAIMER,
    KOLADA_DISCLAIMER_EN,
    STRONG,
    GoalQuery,
    Hit,
    context_municipality_type,
    get_index,
    goal_doc,
    lemmas,
    load_data,
)
from malkoll.report import Indicator, Subgoal

PH_CURRENT = "[nuvarande värde]"
PH_TARGET = "[målvärde]"
PH_YEAR = "[år]"
PH_DEFINITION = "[definition]"
PH_MEASURE = "[mått]"
PH_RANKING = "[rankning]"
MEASURE_TBD = "(mått att fastställa)"
RANK_UNIT = " (rang)"
YES_NO = " (Ja=1/Nej=0)"
SPLIT_NOTE = "Målets övriga delar formuleras som egna mål med egna mått (se delmålen)."
# every fixed text the generator writes (the grammar test knows its words)
FIXED_TEXTS = (MEASURE_TBD, SPLIT_NOTE, "Ansvarig:", "Med avses", "mätt som", "ska öka minska gå från till procent senast",
               "ska vara klar klart klara", "instämmer i påståendet", "nyckeltalet andelen antalet värdet för placeringen",
               "som svarat på frågan", "Placering som i", RANK_UNIT, YES_NO,
               "Ett mått för målet ska vara fastställt")
MODALS = frozenset({"ska", "skall", "bör"})
_SPACES = re.compile(r"\s+")
RELATIVE = 0.5  # a KPI is shown when its confidence is at least this share of the best one's
COORDINATORS = frozenset({"och", "samt", "eller"})
COUNTING = frozenset({"andel", "antal"})  # a goal that opens with what it counts: "Andelen elever ...", "Antalet besök ..."


# --------------------------------------------------------------------------- #
# the goal, read once
# --------------------------------------------------------------------------- #
@dataclass
class Goal:
    """What suggestions read from an analysed goal: its Doc, its query to the indicator model and
    the KPIs the model ranks for it (computed once, shared by indicators, sub-goals and rewrite)."""

    doc: Any
    query: GoalQuery
    municipality_type: str
    hits: list[Hit] = field(default_factory=list)
    memo: dict = field(default_factory=dict, repr=False)  # what is read of it once (its topic)

    @property
    def text(self) -> str:
        return doc_text(self.doc)


def read_goal(goal, municipality_type: str | None = "K", k: int = 5) -> Goal:
    doc = goal_doc(goal)
    idx = get_index()
    q = idx.analyse(doc)
    mt = context_municipality_type(doc, municipality_type)
    return Goal(doc=doc, query=q, municipality_type=mt, hits=idx.rank(q, k=max(k, 5), municipality_type=mt))


# --------------------------------------------------------------------------- #
# indicators
# --------------------------------------------------------------------------- #
def indicator_suggestions(goal, k: int = 5, municipality_type: str | None = "K") -> list[Indicator]:
    """Kolada KPIs above the confidence floor, best first; a constructed indicator when none is
    confident enough (first, alone) or when the best only measures part of the goal (last)."""
    g = goal if isinstance(goal, Goal) else read_goal(goal, municipality_type, k)
    return _shown(g, k)


def _shown(g: Goal, k: int) -> list[Indicator]:
    idx = get_index()
    floor = idx.ranker.get("floor", 0.0)
    best = g.hits[0].score if g.hits else 0.0
    shown = [h.as_indicator() for h in g.hits
             if h.concept and h.score >= max(floor, RELATIVE * best) and not unnamed_topics(g, h.id)][:k]
    if shown and shown[0].score >= STRONG:
        return shown  # a confident Kolada KPI: no constructed indicator is shown (none is built)
    con = constructed_indicator(g.doc)
    if not shown:
        return [con] if con is not None else []
    if con is not None and con.id == CONSTRUCTED_OWN:
        shown = shown[: max(0, k - 1)] + [con]
    return shown


def unnamed_topics(g: Goal, kpi_id: str) -> list[str]:
    """What a Kolada KPI's title is about that the goal does not speak of, by the topics of the nämnder
    (`IndicatorIndex.unnamed_topics`): such a KPI is not shown as measuring the goal."""
    idx = get_index()
    i = idx.id_pos.get(kpi_id)
    if i is None:
        return []
    return idx.unnamed_topics(g.query, i, _owner_groups(g.municipality_type, tuple(idx.area_names)))


# --------------------------------------------------------------------------- #
# Swedish from the parse
# --------------------------------------------------------------------------- #
@lru_cache(maxsize=1)
def _verbs() -> tuple[dict, set, dict]:
    d = load_data("verbs")
    return dict(d["irregular"]), set(d["second_conjugation"]), dict(d["s_forms"])


def _known_forms() -> frozenset[str]:
    """Word forms the analyzer has seen: a generated form must be one."""
    from malkoll.analyzer import known_words

    return known_words()[0]


def present_tense(inf: str) -> str:
    """The present tense of an infinitive as written in a goal ("känna" -> "känner", "trivas" ->
    "trivs", "präglas" -> "präglas", "nå" -> "når")."""
    irregular, second, s_forms = _verbs()
    w = inf.lower()
    if w in irregular:
        return irregular[w]
    if w in s_forms:
        return s_forms[w]
    known = _known_forms()  # the forms the analyzer has seen decide for a verb the lists do not name
    if w.endswith("as") and len(w) > 4:
        active = w[:-1]  # "upplevas" -> "uppleva"
        short = w[:-2] + "s"
        # "upplevs", "bedrivs"; the first conjugation keeps -as: "präglas"
        return short if active in second or (short in known and w[:-2] + "ar" not in known) else w
    if w in second:
        return w[:-1] if w.endswith("ra") else w[:-1] + "er"
    if w.endswith("a"):
        er = w[:-1] if w.endswith("ra") else w[:-1] + "er"
        return er if er in known and w + "r" not in known else w + "r"  # "driver", "klarar"
    if w[-1:] in "oeiuyåäö":
        return w + "r"
    return w


def _lower_first(s: str) -> str:
    if not s:
        return s
    w = s.split(" ", 1)[0]
    if len(w) > 1 and (w.isupper() or any(c.isupper() for c in w[1:])):
        return s
    return s[0].lower() + s[1:]


def _upper_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _join(tokens) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def _first_sentence(doc):
    """The goal's first sentence (the sentences are found once per Doc and shared with the rules)."""
    sents = sentences(doc)
    return sents[0] if sents else doc[:]


def _is_inf(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and "Inf" in tok.morph.get("VerbForm")  # the cheap test first


def _is_fin(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm")


def _actor(doc, tok, *labels: str) -> bool:
    """Whether the token is in an actor span of one of the labels."""
    return not _actor_labels(doc).get(tok.i, _NO_LABELS).isdisjoint(labels)


_NO_LABELS: frozenset = frozenset()


def _actor_labels(doc) -> dict[int, set[str]]:
    """Token position -> the labels of the actor spans it is in (once per Doc: asked token by token)."""
    def compute():
        out: dict[int, set[str]] = {}
        for start, end, label in span_group(doc, "actors"):
            for i in range(start, end):
                out.setdefault(i, set()).add(label)
        return out

    return doc_cached(doc, ("actor_labels",), compute)


def _indefinite_plural(tok) -> str:
    """"eleverna" -> "elever", "invånarna" -> "invånare", "barnen" -> "barn" (a definite plural noun
    in its indefinite form, kept only when the analyzer knows the form)."""
    w = tok.lower_ if not tok.text[:1].isupper() or tok.i > 0 else tok.text.lower()
    if "Def" not in tok.morph.get("Definite"):
        return tok.text if tok.pos_ == "PROPN" else w
    lemma = tok.lemma_.lower()
    known = _known_forms()
    cands = []
    if w.endswith("arna"):
        cands += [lemma] if lemma.endswith("are") else []
        cands.append(w[:-2] + "e")  # "medarbetarna" -> "medarbetare"
    if w.endswith("na"):
        cands.append(w[:-2])
    if w.endswith("en"):
        cands.append(w[:-2])
    for c in cands:
        if c in known or not known or _known_head(c, known):
            return c
    return w


def _known_head(word: str, known) -> bool:
    """A compound whose last part (three letters or more) is a form the analyzer knows:
    "idrottsanläggningar" (anläggningar), "välfärdstjänster" (tjänster), "lidingöbor" (bor)."""
    return any(word[i:] in known for i in range(1, len(word) - 2))


def _population(doc, tokens) -> tuple[list, Any] | None:
    """The measured group in a subject ("Fler elever i åk 9", "Kommunens invånare"): its tokens
    without quantifiers and the owner's genitive, and its head; None when it is not a group of people
    or units (a plural noun or a beneficiary the analyzer marks)."""
    toks = list(tokens)
    while toks and toks[0].is_punct:
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if toks and toks[0].pos_ == "ADP" and toks[0].lower_ in _known_forms():  # "I goda tider ...", "Under de
        return None  # närmaste åren ...": no group of people (a place name the tagger took for one is no preposition)
    # a target in front: "Minst 80 procent av (patienterna)"
    target = {i for start, end, _ in span_group(doc, "targets") for i in range(start, end)}
    if toks and toks[0].i in target:
        k = next((k for k, t in enumerate(toks) if t.i not in target), len(toks))
        toks = toks[k + 1:] if k < len(toks) and toks[k].lower_ == "av" else toks
    # quantifiers and determiners in front: "alla", "samtliga", "fler", "de"
    while toks and (toks[0].pos_ in ("DET", "PRON") or toks[0].lower_ in ("fler", "färre", "alla", "samtliga", "mer")):
        if toks[0].lower_ == "som":  # "Alla som nyttjar Region Gotlands tjänster": a clause names them, no noun
            return None
        toks = toks[1:]
    # "Region Uppsalas medarbetare", "Kommunens invånare": the owner is implied
    gen = [k for k, t in enumerate(toks) if "Gen" in t.morph.get("Case") and (t.pos_ == "PROPN" or _actor(doc, t, "WHOLE_ORG", "OWNER"))]
    if gen:
        toks = toks[gen[-1] + 1:]
    nouns = [t for t in toks if t.pos_ in ("NOUN", "PROPN")]
    if not nouns:
        return None
    head = next((t for t in nouns if _actor(doc, t, "BENEFICIARY")), None)
    if head is None and ("Plur" in nouns[0].morph.get("Number") or nouns[0].pos_ == "PROPN" and nouns[0].text.endswith("bor")):
        head = nouns[0]
    if head is None:
        return None
    # the group is what the subject is about, not a word inside it ("Skolans anseende hos medborgare")
    inside = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), head)
    if head.i != root.i and not (head.dep_ == "conj" and head.head.i == root.i) and root.pos_ in ("NOUN", "PROPN"):
        return None
    return toks, head


def _np_text(toks, head) -> str:
    return _words(toks, {head.i: _indefinite_plural(head)})


def _words(toks, replace: dict[int, str]) -> str:
    """Tokens as text (proper nouns as written, other words in lower case), some replaced; a space
    wherever the goal had one or tokens were left out between them."""
    out = []
    for k, t in enumerate(toks):
        w = replace.get(t.i, t.text if t.pos_ == "PROPN" else t.lower_)
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        gap = t.whitespace_ if nxt is None or nxt.i == t.i + 1 else " "
        out.append(w + gap)
    return _SPACES.sub(" ", "".join(out)).strip()


def base_form(tok) -> str:
    """A word's base form as the analyzer reads it (the rules' ``base_form``: lemma or morphology),
    the Kolada catalogue's words counting as known too ("tryggheten" -> "trygghet", "fritidshemmet" ->
    "fritidshem"; never a guess: "matsvinnet" stays)."""
    from malkoll.rules.families.terms import base_form as term_base_form

    return term_base_form(tok, get_index().vocab.known)


def _indefinite_adjective(adj, noun) -> str:
    """An adjective that agreed with a definite noun, for the noun in base form: "ekologiska
    (hållbarheten)" -> "ekologisk (hållbarhet)", "(det) lokala (samhället)" -> "lokalt"."""
    if "Def" not in adj.morph.get("Definite") and not adj.lower_.endswith("a"):
        return adj.lower_
    if "Plur" in noun.morph.get("Number"):
        return adj.lower_
    lemma = adj.lemma_.lower()
    if "Neut" in noun.morph.get("Gender"):
        neuter = lemma + "t" if not lemma.endswith("t") else lemma
        return neuter if neuter in _known_forms() else adj.lower_
    return lemma if lemma in _known_forms() else adj.lower_


def _base_np(tokens, head=None) -> str:
    """A noun phrase in Kolada's base form: its head noun as lemma ("fossilberoendet" ->
    "fossilberoende"), adjectives before it agreeing ("den ekologiska hållbarheten" -> "ekologisk
    hållbarhet")."""
    toks = [t for t in tokens if t.pos_ not in ("DET",)]
    while toks and (toks[0].is_punct or toks[0].pos_ in ("ADP", "CCONJ", "SCONJ", "PART") or "Yes" in toks[0].morph.get("Poss")):
        toks = toks[1:]  # "(minska) sin klimatpåverkan" -> "klimatpåverkan"
    while toks and (toks[-1].is_punct or toks[-1].pos_ in ("ADP", "CCONJ", "SCONJ", "PART")):
        toks = toks[:-1]  # "Tryggheten i" -> "Trygghet"
    if not toks:
        return ""
    if head is None or all(t.i != head.i for t in toks):
        nouns = [t for t in toks if t.pos_ == "NOUN"]
        roots = [t for t in nouns if not any(a.i in {x.i for x in nouns} for a in t.ancestors)]
        head = (roots or nouns or [None])[0]
    replace = {}
    if head is not None:
        replace[head.i] = base_form(head)
        if "Def" in head.morph.get("Definite"):
            for t in toks:
                if t.pos_ == "ADJ" and t.i < head.i:
                    replace[t.i] = _indefinite_adjective(t, head)
    return _words(toks, replace)


def _predicate(doc, tokens) -> str | None:
    """The predicate after the modal in the present tense: the first infinitive and the
    infinitives coordinated with it take the present; an infinitive after "att" stays
    ("ges förutsättningar att nå")."""
    out = []
    conjugated = False
    prev = None
    for t in tokens:
        w = t.text
        if not conjugated and _is_fin(t):
            conjugated = True  # "ska ges förutsättningar": the tagger already reads a present form
        elif _is_inf(t) and (prev is None or prev.lower_ != "att"):
            if not conjugated or (prev is not None and prev.lower_ in COORDINATORS):
                w = present_tense(t.lower_)
                conjugated = True
        out.append(w + t.whitespace_)
        prev = t
    text = "".join(out).strip(" ,.")
    return text if conjugated else None


# --------------------------------------------------------------------------- #
# constructed indicators
# --------------------------------------------------------------------------- #
CONSTRUCTED_OWN = "konstruerad-1"  # built from the goal's own words
CONSTRUCTED_SURVEY = "konstruerad-2"  # a survey question about the goal itself
CONSTRUCTED_TBD = "konstruerad-3"  # the goal's wording with a measure to be set
CONSTRUCTED_WHY = "konstruerad av målets egna ord; ingen Kolada-indikator mäter målet tillräckligt väl"
CONSTRUCTED_REASON = ("Konstruerad av målets egna ord: inget nyckeltal i Kolada mäter målet tillräckligt väl. "
                      "Mätmetoden behöver fastställas.")


def _constructed(title: str, kind: str = CONSTRUCTED_OWN, why: str = CONSTRUCTED_WHY,
                 reason: str = CONSTRUCTED_REASON) -> Indicator:
    return Indicator(id=kind, title=_upper_first(_SPACES.sub(" ", title).strip()), source="constructed",
                     score=0.0, why=why, operating_area=None, reason=reason)


def constructed_indicator(goal) -> Indicator | None:
    """A Kolada-style indicator built from the goal's own words: "Andel elever som trivs på
    fritidshemmet (%)", "Antal sociala kontrakt", "Ny översiktsplan klar (Ja=1/Nej=0)",
    "Fossilberoende (mått att fastställa)"; a survey question about the goal as the last resort."""
    doc = goal_doc(goal)
    toks = [t for t in span_tokens(doc, _first_sentence(doc)) if not t.is_space]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not toks:
        return None
    title = _from_modal(doc, toks) if any(t.lower_ in MODALS and t.pos_ == "AUX" for t in toks) else _from_statement(doc, toks)
    return _constructed(title) if title else _survey_indicator(doc)


def _first_clause(pred) -> list:
    """A predicate up to a clause coordinated with it: "ges möjlighet att slutföra sin utbildning" of
    "... utbildning, att skolmiljön ska vara trygg samt att ..." (the other clauses are goals of their own)."""
    for k, t in enumerate(pred[:-1]):
        if (t.text in (",", ";") or t.lower_ == "samt") and pred[k + 1].lower_ == "att" \
                and any(x.lower_ in MODALS for x in pred[k + 1:]):
            return pred[:k]
    return pred


def _from_modal(doc, toks) -> str | None:
    m = next(k for k, t in enumerate(toks) if t.lower_ in MODALS and t.pos_ == "AUX")
    subject, pred = toks[:m], _first_clause(toks[m + 1:])
    if not pred:
        return None
    if subject and subject[0].lemma_.lower() in COUNTING and len(subject) > 1:
        return _counted(subject[0], subject[1:])
    rank = next((end for _, end, label in span_group(doc, "targets") if label == "RANK"), None)
    if rank is not None:
        # "Sveriges bästa skolkommun": a place in a ranking the organisation has to name
        after = [t for t in tokens(doc)[rank:] if t.pos_ == "NOUN"][:1]
        what = f" som {base_form(after[0])}" if after else ""
        return f"Placering{what} i {PH_RANKING}{RANK_UNIT}"
    verb = next((t for t in pred if t.pos_ in ("VERB", "AUX")), None)
    change = {doc[start:end].root.i for start, end, label in span_group(doc, "change") if label == "CHANGE_VERB"}
    if verb is not None and verb.i in change:
        # "Sjukfrånvaron ska minska" measures the subject; "Kommunen ska minska fossilberoendet" the object
        obj = [t for t in pred if t.i > verb.i and t.dep_ in ("obj", "nsubj", "nsubj:pass") and t.pos_ == "NOUN"]
        thing = list(obj[0].subtree) if obj else [t for t in subject if not _actor(doc, t, "WHOLE_ORG", "OWNER")]
        name = _base_np(thing, obj[0] if obj else None)
        return f"{_upper_first(name)} {MEASURE_TBD}" if name else None
    pop = _population(doc, subject)
    if pop is not None:
        clause = _predicate(doc, pred)
        if clause:
            return f"Andel {_lower_first(_np_text(*pop))} som {clause} (%)"
    if verb is not None and _activity(doc, verb):
        obj = next((t for t in pred if t.dep_ == "obj" and t.pos_ == "NOUN"), None)
        # a thing to make ("en ny översiktsplan", "ett program"), not a quality ("bygga förtroende")
        if obj is not None and any(c.lemma_.lower() in ("en", "ny") for c in obj.children):
            return f"{_upper_first(_base_np(_made_thing(obj, verb), obj))} {_ready(obj)}{YES_NO}"
    return None


def _made_thing(obj, verb) -> list:
    """The thing an activity makes, with the phrase right after it that tells what it is for or about
    ("en plan för klimatanpassning"), also where the parse hangs that phrase on the verb (it does when
    a time follows: "ta fram en plan för klimatanpassning senast 2026"), without a time at its end."""
    thing = list(obj.subtree)
    preps = set(load_data("rewrite")["activity_verbs"]["object_prepositions"])
    for t in verb.children:
        if t.dep_ == "obl" and t.left_edge.i == thing[-1].i + 1 and t.left_edge.lower_ in preps:
            thing += list(t.subtree)
    # when it is to be done is the sub-goal's own time ("en handlingsplan mot våld under 2025", "... senast
    # kvartal 3 2026"): a time at the thing's end goes, with the words that lead into it
    doc = obj.doc
    for start, end, _ in span_group(doc, "time"):
        cut = min(start, doc[start:end].root.left_edge.i)
        if thing[0].i < cut <= thing[-1].i < end:
            thing = [t for t in thing if t.i < cut]
    return thing


def _from_statement(doc, toks) -> str | None:
    """"Fler Lundabor i arbete" -> "Andel lundabor i arbete (%)"; "Luleås invånare har arbete" ->
    "Andel invånare som har arbete (%)"; "Minskad sjukfrånvaro" -> "Sjukfrånvaro (mått att fastställa)"."""
    if toks[0].lemma_.lower() in COUNTING and len(toks) > 1:
        return _share_of(doc, toks)
    fin, below = None, False
    for k, t in enumerate(toks):
        if _is_fin(t):
            # a verb joined to a subordinate one is in the same clause ("medarbetare som trivs och utvecklas")
            below = _subordinate(t) or (below and toks[k - 1].pos_ == "CCONJ")
            if not below:
                fin = k
                break
    if fin is None:
        counted = [start for start, _, label in span_group(doc, "metrics") if label == "COUNT" and start == toks[0].i]
        if counted:
            pop = _population(doc, toks)
            if pop is not None:
                return f"Andel {_lower_first(_np_text(*pop))} (%)"
            return f"Antal {_join(toks[1:])}"
        nouns = [t for t in toks if t.pos_ == "NOUN"]
        if nouns and toks[0].i in {doc[start:end].root.i for start, end, _ in span_group(doc, "change")}:
            # "Minskad sjukfrånvaro", "Öka attraktiviteten mot unga vuxna och etablera ...": what changes
            obj = next((t for t in toks[0].children if t.dep_ in ("obj", "nsubj") and t.pos_ == "NOUN"), None)
            thing = [t for t in obj.subtree if t.dep_ not in ("conj", "cc") or t.head.i != obj.i] if obj else toks[1:]
            if thing and thing[0].lemma_.lower() in COUNTING:  # "Öka antalet besök ... med 10 procent"
                return _share_of(doc, thing)
            return f"{_upper_first(_base_np(_before_target(doc, thing), obj))} {MEASURE_TBD}"
        return None
    if fin == 0 or (fin + 1 < len(toks) and toks[fin + 1].lower_ == "att" and toks[fin].lemma_.lower() == "vara"):
        return None  # "Målet för verksamheterna är att alla ...": a statement about the goal, not a group
    pop = _population(doc, toks[:fin])
    if pop is None:
        return None
    return f"Andel {_lower_first(_np_text(*pop))} som {_join(toks[fin:])} (%)"


def _share_of(doc, toks) -> str | None:
    """"Andelen elever i årskurs 5 som känner sig trygga – från 82 till 90 procent senast 2027" ->
    "Andel elever i årskurs 5 som känner sig trygga (%)": what the goal counts, up to its target and time."""
    rest = _before_target(doc, toks[1:], main_verb=True)
    while rest and (rest[-1].is_punct or rest[-1].pos_ in ("ADP", "CCONJ", "SCONJ", "ADV", "SYM")
                    or rest[-1].text in ("%", "procent")  # the target's unit
                    or rest[-1].pos_ in ("VERB", "AUX") and not rest[-1].dep_.startswith("acl")):  # "uppgår (till)"
        rest.pop()
    if not rest:
        return None
    return _counted(toks[0], rest)


def _counted(word, rest) -> str:
    """A count or a share of what `rest` names, by the goal's counting `word` ("Antalet", "Andelen")."""
    return f"Antal {_join(rest)}" if word.lemma_.lower() == "antal" else f"Andel {_join(rest)} (%)"


def _before_target(doc, toks, main_verb: bool = False) -> list:
    """`toks` up to a separator ("– 95 %"), else up to the goal's target or time ("med 10 procent per år",
    "senast 2027") or, with `main_verb`, the main verb ("uppgår till 100 %")."""
    cut = next((k for k, t in enumerate(toks) if t.text in ("–", "-", ":", ";")), None)
    if cut is None:
        ends = {start for group in ("targets", "time") for start, _, _ in span_group(doc, group)}
        cut = next((k for k, t in enumerate(toks) if t.i in ends or main_verb and t.dep_ == "ROOT"
                    and t.pos_ in ("VERB", "AUX")), None)
    return list(toks[:cut])


def _subordinate(verb) -> bool:
    """A finite verb of a relative or subordinate clause ("invånare som använder ...", "... så att de
    kan"): not the statement's predicate, whatever the parse made the clause hang on."""
    clause = verb.head if verb.dep_ in ("aux", "aux:pass", "cop") else verb
    return any(c.dep_ == "mark" or (c.lower_ == "som" and c.dep_.startswith("nsubj")) for c in clause.children)


def _activity(doc, verb) -> bool:
    """"ta fram", "genomföra", "införa": the goal names something to do (an activity goal)."""
    verbs = set(load_data("rewrite")["activity_verbs"]["verbs"])
    particles = [c.lower_ for c in verb.children if c.dep_ == "compound:prt"]
    lemma = verb.lemma_.lower()
    return lemma in verbs or any(f"{lemma} {p}" in verbs for p in particles)


def _ready(noun) -> str:
    """"klar" agreeing with the noun: "översiktsplan klar", "program klart", "planer klara"."""
    if "Plur" in noun.morph.get("Number"):
        return "klara"
    return "klart" if "Neut" in noun.morph.get("Gender") else "klar"


def _survey_indicator(doc) -> Indicator:
    """Nothing to build on: agreement with the goal in a survey among those it concerns (built once
    per Doc: the indicators and the sub-goals both ask)."""
    return doc_cached(doc, ("survey_indicator",), lambda: _build_survey_indicator(doc)).model_copy()


@lru_cache(maxsize=1)
def _agreement_populations() -> tuple[tuple[frozenset, str], ...]:
    return tuple((frozenset(g["words"]), g["population"]) for g in load_data("rewrite")["agreement_population"]["groups"])


def _build_survey_indicator(doc) -> Indicator:
    text = _join([t for t in span_tokens(doc, _first_sentence(doc)) if not t.is_space]).rstrip(".!")
    lemma = lemmas(doc)
    content = {lemma[i] for i, pos in enumerate(token_strings(doc).pos) if pos in ("NOUN", "PROPN", "ADJ", "VERB")}
    who = "invånare"
    for words, population in _agreement_populations():
        if not content.isdisjoint(words):
            who = population
            break
    return _constructed(f"Andel {who} som instämmer i påståendet ”{text}” (%)", CONSTRUCTED_SURVEY,
                        "konstruerad: enkätfråga om målet självt; ett bättre mått behöver fastställas",
                        "Konstruerad: en enkätfråga om målet självt, tills ett bättre mått har fastställts.")


# --------------------------------------------------------------------------- #
# measures, directions, owners
# --------------------------------------------------------------------------- #
_SURVEY_RE = re.compile(r"^(.+?):\s*(.+\?)\s*Andel som (?:har )?svarat (.+?)\s*,?\s*\(%\)\s*$", re.IGNORECASE)
_ANDEL_TAIL = re.compile(r",?\s*andel\s*\(%\)(\s*av\s+[^,]+)?\s*(\(-\s?\d{4}\))?\s*\.?$", re.IGNORECASE)


def measure_phrase(ind: Indicator) -> tuple[str, str]:
    """(phrase, unit) naming what an indicator measures, in running Swedish, definite form."""
    title = _SPACES.sub(" ", ind.title).strip()
    if ind.source == "constructed":
        if title.startswith("Andel ") and title.endswith("(%)"):
            return "andelen " + title[6:-3].strip(), " procent"
        if title.startswith("Antal "):
            return "antalet " + title[6:], ""
        if title.endswith(MEASURE_TBD):
            return f"{_lower_first(title[: -len(MEASURE_TBD)].strip())}, mätt som {PH_MEASURE},", ""
        if title.startswith("Placering") and title.endswith(RANK_UNIT):
            return "placeringen" + title[len("Placering"): -len(RANK_UNIT)].rstrip(), ""
        return f"värdet för ”{title}”", ""
    q = _SURVEY_RE.match(title)
    if q:
        group, question, answers = q.group(1).strip(), q.group(2).strip(), q.group(3).strip().rstrip(",")
        answers = re.sub(r'"([^"]+)"', r"”\1”", answers)
        return f"andelen {_lower_first(group)} som svarat {answers} på frågan ”{question}”", " procent"
    m = _ANDEL_TAIL.search(title)
    if m and get_index().counts_people(ind.id):
        head = title[: m.start()].strip(" ,")
        parts = [p.strip() for p in re.split(r"(?<!-),", head)]  # "ekonomi-, humanistiska ..." stays whole
        main, quals = parts[0], [p for p in parts[1:] if p]
        phrase = "andelen " + _lower_first(main)
        if quals:
            phrase = phrase[:-1] + ", " + ", ".join(quals) + ")" if phrase.endswith(")") else \
                phrase + " (" + ", ".join(quals) + ")"
        return phrase, " procent"
    name = re.sub(r"(?<!\s)\s*\(-\s?\d{4}\)\s*$", "", title)  # (?<!\s): one try per run of spaces
    name = re.sub(r"(?<!\s)\s+-\s+", " – ", name)
    return f"nyckeltalet ”{name}”", ""


@lru_cache(maxsize=1)
def _direction_words() -> tuple[frozenset[str], frozenset[str]]:
    d = load_data("rewrite")["direction"]
    return frozenset(d["decrease_words"]), frozenset(d["increase_words"])


_CLAUSE_CUE = re.compile(r"[,;]|\bsamt\b")  # where a coordinated clause can begin (see _first_clause)


def goal_direction(doc) -> str | None:
    """"öka" or "minska" from the goal's own words (lemmas), None when it says neither or both
    (read once per Doc: every sub-goal and the rewrite ask)."""
    return doc_cached(doc, ("goal_direction",), lambda: _goal_direction(doc))


def _goal_direction(doc) -> str | None:
    decrease, increase = _direction_words()
    lemma, lower = lemmas(doc), token_strings(doc).lower

    def direction(toks) -> str | None:
        words = {lemma[t.i] for t in toks} | {lower[t.i] for t in toks}
        dec, inc = words & decrease, words & increase
        return "minska" if dec and not inc else "öka" if inc and not dec else None

    # a bundled goal's first clause, which the rewrite keeps ("... ska ges möjlighet ..., att ... samt
    # att stressen ska minska": not a decrease of the first), else the whole goal
    clause = first = None
    if _CLAUSE_CUE.search(doc_text(doc)):
        first = span_tokens(doc, _first_sentence(doc))
        m = next((k for k, t in enumerate(first) if t.lower_ in MODALS and t.pos_ == "AUX"), None)
        clause = first[: m + 1] + _first_clause(first[m + 1:]) if m is not None else first
    cut = clause is not None and len(clause) < len(first)
    return direction(clause) if cut else direction(tokens(doc))


@lru_cache(maxsize=1)
def _better() -> tuple[re.Pattern, re.Pattern | None]:
    """Patterns of the words that say higher is better in a title, and (anywhere in it) lower is better."""
    d = load_data("rewrite")["direction"]
    higher = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in d["higher_is_better_in_title"]) + ")")
    lower = d["lower_is_better_in_title"]  # one search for any of them (a word in the title, as `in` finds it)
    return higher, re.compile("|".join(re.escape(w) for w in lower)) if lower else None


def indicator_direction(ind: Indicator, doc, primary: bool, gdir: str | None = "?") -> str | None:
    """The direction a sub-goal asks of an indicator: its title's (higher or lower is better), else
    the goal's own."""
    t = ind.title.lower()
    higher_re, lower_re = _better()
    higher = bool(higher_re.search(t))
    lower = not higher and lower_re is not None and lower_re.search(t) is not None
    gdir = goal_direction(doc) if gdir == "?" else gdir
    if ind.id == CONSTRUCTED_SURVEY:
        return "öka"  # agreement with the goal's own statement rises, whichever way the goal points
    if ind.source == "constructed":
        return gdir or ("öka" if ind.title.startswith("Andel ") else None)
    if higher:
        return "öka"
    if lower:
        return "minska"
    if primary and gdir:
        return gdir
    if gdir == "öka":
        return "öka"
    return "öka" if "andel" in t or "index" in t or "nöjd" in t else None


def measure_sentence(ind: Indicator, doc, primary: bool, gdir: str | None = "?") -> str:
    """A sub-goal or the measure of a rewrite: the indicator, its direction, target and time as
    placeholders ("Andelen ... ska öka från [nuvarande värde] till [målvärde] procent senast [år]";
    "En ny översiktsplan ska vara klar senast [år]" for a yes/no indicator)."""
    if ind.source == "constructed" and ind.title.endswith(YES_NO):
        thing, _, ready = ind.title[: -len(YES_NO)].rpartition(" ")
        article = {"klar": "En", "klart": "Ett"}.get(ready)  # one thing ("klara": several, no article)
        if article:
            thing = f"{article} {_lower_first(thing)}"
        return f"{thing} ska vara {ready} senast {PH_YEAR}"
    phrase, unit = measure_phrase(ind)
    return f"{phrase} {target_clause(indicator_direction(ind, doc, primary, gdir), unit)}"


def target_clause(direction: str | None, unit: str) -> str:
    if direction in ("öka", "minska"):
        return f"ska {direction} från {PH_CURRENT} till {PH_TARGET}{unit} senast {PH_YEAR}"
    return f"ska gå från {PH_CURRENT} till {PH_TARGET}{unit} senast {PH_YEAR}"


@lru_cache(maxsize=1)
def _owners() -> dict:
    return load_data("owners")["owners"]


def responsible(area: str | None, municipality_type: str = "K", naming: dict | None = None,
                owner: str | None = None, level: str | None = None, named: str | None = None) -> str | None:
    """Proposed responsible nämnd for an operating area; the organisation's own names win: the
    document's owner of a nämnd's goal, then the unit the goal itself names (`goal_owner`)."""
    if owner and level in ("committee", "operational"):
        return owner
    if named:
        return named
    owners = _owners()
    entry = owners.get(area or "", None)
    if naming:
        for key in (area, entry and entry.get("key"), "default"):
            if key and key in naming:
                return naming[key]
    if entry is None:
        return owner
    name = entry["region" if municipality_type == "L" else "kommun"]
    if naming and name in naming:  # {"Vård- och omsorgsnämnden": "Omsorgsnämnden"}
        return naming[name]
    return name


def goal_area(g: Goal) -> str | None:
    """The goal's topic as a Kolada operating area: the area model of the goal's words, the
    domain cues and the confident suggestions vote (worked out once per goal)."""
    if "area" not in g.memo:
        g.memo["area"] = _goal_area(g)
    return g.memo["area"]


def _goal_area(g: Goal) -> str | None:
    """The operating area with the most votes of the goal's topical words (a word is topical when its uses
    lie mostly with one nämnd's areas: `_owner_groups`), its domain cues and its confident KPIs; the whole
    organisation's when none names a topic."""
    from malkoll.rules.families.target import aim_flags

    idx = get_index()
    groups = _owner_groups(g.municipality_type, tuple(idx.area_names))
    # what the goal is about is named by its common nouns; not by the aim words ("trygghet", "kvalitet")
    aims = aim_flags(g.doc)
    strings, lemma = token_strings(g.doc), lemmas(g.doc)
    nouns = frozenset(w for i, pos in enumerate(strings.pos) if pos == "NOUN" and not aims[i] for w in (strings.lower[i], lemma[i]))
    topic = idx.topic_posterior(g.query, nouns, groups)
    votes = np.zeros(len(idx.area_names)) if topic is None else topic.astype(float)
    at = idx.area_pos
    for a, s in g.query.areas.items():
        if a in at:
            votes[at[a]] += 0.5 * s
    floor = idx.ranker.get("floor", 0.0)
    for h in g.hits[:3]:
        if h.score >= floor and h.operating_area in at:
            votes[at[h.operating_area]] += h.score
    if not votes.any():  # no word, cue or confident KPI names a topic: the whole organisation's goal
        return next((area for area, entry in _owners().items() if entry.get("fallback")), None)
    return idx.area_names[int(np.argmax(votes))]


@lru_cache(maxsize=4)
def _owner_groups(municipality_type: str, areas: tuple[str, ...]) -> np.ndarray:
    """A group number per operating area: areas whose usual nämnd is the same share one."""
    names = [responsible(a, municipality_type) or a for a in areas]
    first = {n: i for i, n in reversed(list(enumerate(names)))}
    return np.array([first[n] for n in names])


def goal_owner(doc) -> str | None:
    """The unit below the organisation that the goal names as what it is about: the subject
    ("Kultur- och fritidsnämnden ska främja läsning") or the subject's owner ("Socialnämndens
    verksamheter ska …"), as a heading names it; None when it names none, or only "nämnden" (read
    once per Doc: the sub-goals and the rewrite both ask)."""
    return doc_cached(doc, ("goal_owner",), lambda: _goal_owner(doc))


def _goal_owner(doc) -> str | None:
    from malkoll.analyzer.features import unit_name

    for start, end, label in span_group(doc, "actors"):
        if label != "OWNER":
            continue
        root = doc[start:end].root
        subject = root if root.dep_ != "nmod:poss" else root.head
        if subject.dep_ in ("nsubj", "nsubj:pass", "ROOT"):
            return unit_name(doc[start:end])
    return None


# --------------------------------------------------------------------------- #
# sub-goals
# --------------------------------------------------------------------------- #
def make_subgoals(g: Goal, indicators: list[Indicator], *, findings: list | None = None, naming: dict | None = None,
                  owner: str | None = None, level: str | None = None) -> list[Subgoal]:
    """Two to four measurable drafts, one per measure; the goal's own measure first when Kolada has
    nothing confident, then the confident Kolada KPIs of different measures."""
    idx = get_index()
    chosen: list[Indicator] = []
    con = next((i for i in indicators if i.source == "constructed" and i.id == CONSTRUCTED_OWN), None)
    if con is not None:
        chosen.append(con)
    topic = goal_area(g)
    for ind in indicators:
        if len(chosen) >= 3:
            break
        if ind.source != "kolada" or any(c.source == "kolada" and idx.same_measure(ind.id, c.id) for c in chosen):
            continue  # "Arbetslösa av arbetskraften" and "Arbetslösa av befolkningen" make one sub-goal
        if chosen and (ind.score < STRONG * 0.5 or (ind.score < STRONG and ind.operating_area != topic)):
            continue  # a weak match, or a partial one outside the goal's topic, makes a poor sub-goal
        chosen.append(ind)
    activity_rules = _activity_rules()
    activity = any(_f(f, "rule") in activity_rules for f in findings or [])
    if len(chosen) < 2 and not activity and con is None:
        # agreement with the goal in a survey only for a goal with no measure of its own: a goal that
        # names its own quantity ("matsvinnet ska minska") is followed up by that, not by opinion
        chosen.append(_survey_indicator(g.doc))
    if len(chosen) < 2:  # the goal's own wording with a measure to be set
        text = _join(span_tokens(g.doc, _first_sentence(g.doc))).rstrip(".!")
        chosen.append(_constructed(f"{text} {MEASURE_TBD}", CONSTRUCTED_TBD,
                                   "konstruerad: målets egen formulering; måttet behöver fastställas",
                                   "Konstruerad av målets egen formulering; måttet behöver fastställas."))
    out = []
    direction = goal_direction(g.doc)
    named = goal_owner(g.doc)
    for i, ind in enumerate(chosen[:4]):
        if ind.id == CONSTRUCTED_TBD:  # a whole goal is no measure: the sub-goal is to set one
            quoted = ind.title[: -len(MEASURE_TBD)].strip()
            text = f"Ett mått för målet ”{quoted}” ska vara fastställt senast {PH_YEAR}."
            out.append(Subgoal(text=text, owner=responsible(topic, g.municipality_type, naming, owner, level, named),
                               indicator=ind.id))
            continue
        text = f"{_upper_first(measure_sentence(ind, g.doc, primary=(i == 0), gdir=direction))}."
        area = ind.operating_area if ind.source == "kolada" else topic
        out.append(Subgoal(text=text, owner=responsible(area, g.municipality_type, naming, owner, level, named),
                           indicator=ind.id))
    return out


# --------------------------------------------------------------------------- #
# rewrite
# --------------------------------------------------------------------------- #
def _f(finding: Any, attr: str, default=None):
    if isinstance(finding, dict):
        return finding.get(attr, default)
    return getattr(finding, attr, default)


@lru_cache(maxsize=1)
def _activity_rules() -> frozenset[str]:
    return frozenset(rule for rule, action in _actions().items() if action == "measure_activity")


@lru_cache(maxsize=1)
def _actions() -> dict[str, str]:
    """Rule id -> how a rewrite resolves that rule's finding (models/data/rewrite.yaml)."""
    return {rule: spec["action"] for rule, spec in load_data("rewrite")["actions"].items()}


def _span(doc, finding):
    start, end = _f(finding, "start"), _f(finding, "end")
    if start is None or end is None:
        return None
    return doc.char_span(start, end, alignment_mode="expand")


def base_term(doc, finding) -> str:
    """A term as a definition names it: its head in base form ("Tryggheten" -> "trygghet")."""
    span = _span(doc, finding)
    if span is None or not len(span):
        return (_f(finding, "excerpt") or "").strip()
    root = span.root
    words = []
    for t in span_tokens(doc, span):
        if t.is_punct:
            continue
        w = base_form(t) if t.i == root.i and t.pos_ in ("NOUN", "ADJ") else (t.text if t.pos_ == "PROPN" else t.lower_)
        words.append(w + t.whitespace_)
    return "".join(words).strip()


def make_rewrite(g: Goal, findings: list, indicators: list[Indicator], *, naming: dict | None = None,
                 owner: str | None = None, level: str | None = None) -> str:
    doc = g.doc
    actions: dict[str, list] = {}
    for f in findings or []:
        act = _actions().get(_f(f, "rule") or "")
        if act:
            actions.setdefault(act, []).append(f)
    text = doc_text(doc)
    # the characters the rewrite keeps of the goal ("i möjligaste mån" and the like are dropped)
    keep = [True] * len(text)
    for f in actions.get("delete", []):
        s, e = _f(f, "start"), _f(f, "end")
        if s is not None and e is not None and 0 <= s < e <= len(text):
            keep[s:e] = [False] * (e - s)
    start, end = 0, len(text)
    # bundled goals: keep the first objective (the others become their own goals)
    was_cut = False
    for f in actions.get("split", []):
        span = _span(doc, f)
        if span is None:
            continue
        cut = next((t for t in reversed(tokens(doc)[: span.start]) if t.text in (",", ";") or t.lower_ == "samt"), None)
        if cut is not None and cut.idx > 0 and cut.idx < end:
            end = cut.idx
            was_cut = True
    # an effort verb: keep the result it aims at ("verka för att X" -> "X"); with nothing after it,
    # the goal's wording gives no result to keep
    core_ok = True
    for f in actions.get("effort_to_result", []):
        span = _span(doc, f)
        if span is None:
            continue
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and nxt.lower_ == "att":
            start = max(start, nxt.idx + len(nxt.text))
        else:
            core_ok = False
    # a vague adjective on the target or an unmeasured goal: the measure replaces the wording
    for f in actions.get("measure", []) + actions.get("measure_activity", []):
        span = _span(doc, f)
        if span is not None and any(t.pos_ == "ADJ" for t in span_tokens(doc, span)):
            core_ok = False
    core_toks = [t for t in tokens(doc) if start <= t.idx < end and keep[t.idx]]
    while core_toks and (core_toks[-1].is_punct or core_toks[-1].lower_ in COORDINATORS):
        core_toks = core_toks[:-1]
    while core_toks and core_toks[0].lower_ == "att":
        core_toks = core_toks[1:]
    has_finite = any(_is_fin(t) for t in core_toks)
    core = _upper_first(_join_kept(core_toks)) if core_ok and has_finite else None
    # the measure, its target and its time
    primary = indicators[0] if indicators else constructed_indicator(doc)
    con = next((i for i in indicators if i.source == "constructed" and i.id == CONSTRUCTED_OWN), None)
    if con is not None:
        primary = con  # Kolada has nothing confident: the goal's own words make the better measure
    if was_cut and core:
        from malkoll.analyzer import get_nlp

        first = read_goal(get_nlp()(core), g.municipality_type)
        best = _shown(first, 1)
        primary = best[0] if best else primary
    measure = measure_sentence(primary, doc, primary=True) if primary else \
        f"måluppfyllelsen {target_clause(goal_direction(doc), '')}"
    own_measure = core and primary is not None and primary.title.endswith(MEASURE_TBD)
    subject = _modal_subject(core_toks) if own_measure else None
    if subject:  # the goal's own wording is the measure: say it once ("Tryggheten i kommunen, mätt som ...")
        target = target_clause(indicator_direction(primary, doc, True), "")
        out = f"{_upper_first(subject)}, mätt som {PH_MEASURE}, {target}."
    elif core and primary is not None and primary.source == "constructed" and " ska " in core and \
            core.split(" ska ", 1)[0].lower() in measure.lower():
        # the measure is built of the goal's own words ("Antalet placeringar ... ska minska från ...",
        # "Andelen invånare som har möjlighet att ... ska öka från ..."): the goal, said once, with its target
        out = f"{_upper_first(measure)}."
    else:
        out = f"{core.rstrip(' .:')}: {_lower_first(measure)}." if core else f"{_upper_first(measure)}."
    # owner, terms, split
    if actions.get("add_owner") or level in ("committee", "operational"):
        area = primary.operating_area if primary is not None and primary.source == "kolada" else goal_area(g)
        named = goal_owner(doc)
        who = responsible(area, g.municipality_type, naming, owner, level, named)
        if who and (actions.get("add_owner") or not (owner or named)):
            out += f" Ansvarig: {who}."
    terms: list[str] = []
    for f in actions.get("define_term", []):
        term = base_term(doc, f)
        if term and term.lower() not in (t.lower() for t in terms) and term.lower() in out.lower():
            terms.append(term)
    for term in terms[:2]:
        out += f" Med ”{term}” avses {PH_DEFINITION}."
    if actions.get("split"):
        out += " " + SPLIT_NOTE
    return out


def _modal_subject(tokens) -> str | None:
    """The subject before the modal of a kept goal ("Tryggheten i kommunen" of "Tryggheten i kommunen
    ska öka"), when the modal's verb is a verb of change (the measure then says the rest); None for an
    actor ("Kommunstyrelsen ska ...") or any other verb."""
    m = next((k for k, t in enumerate(tokens) if t.lower_ in MODALS and t.pos_ == "AUX"), None)
    if not m:
        return None
    verb = tokens[m].head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _direction_words()[0] | _direction_words()[1]:
        return None
    subj = tokens[:m]
    if any(t.dep_.startswith("nsubj") and t.head.i == verb.i for t in subj) and \
            not any(_actor(t.doc, t, "OWNER", "WHOLE_ORG") for t in subj if t.dep_.startswith("nsubj")):
        return _join_kept(subj)
    return None


def _join_kept(tokens) -> str:
    out = []
    for k, t in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        gap = t.whitespace_ if nxt is None or nxt.i == t.i + 1 else " "
        out.append(t.text + gap)
    return _SPACES.sub(" ", "".join(out)).strip(" ,")


# --------------------------------------------------------------------------- #
# entry point
# --------------------------------------------------------------------------- #
def suggest(goal, findings: list, grade: str, *, level: str | None = None, owner: str | None = None,
            municipality_type: str | None = "K", naming: dict | None = None, k: int = 5,
            ) -> tuple[list[Indicator], list[Subgoal], str | None]:
    """Indicators (Källa: Kolada), sub-goals (vague/needs_work only) and a rewrite (None when good)."""
    doc = goal_doc(goal)
    if not doc_text(doc).strip():
        return [], [], None
    g = read_goal(doc, municipality_type, k)
    indicators = _shown(g, k)
    subgoals: list[Subgoal] = []
    rewrite = None
    if grade in ("vague", "needs_work"):
        subgoals = make_subgoals(g, indicators, findings=findings, naming=naming, owner=owner, level=level)
        rewrite = make_rewrite(g, findings, indicators, naming=naming, owner=owner, level=level)
    return indicators, subgoals, rewrite


def format_suggestions(indicators: list[Indicator], subgoals: list[Subgoal], rewrite: str | None,
                       lang: str = "sv") -> str:
    """Plain text block for CLI/reports; carries "Källa: Kolada" whenever a Kolada indicator is shown."""
    sv = lang == "sv"
    lines: list[str] = []
    if indicators:
        lines.append("Föreslagna indikatorer:" if sv else "Suggested indicators:")
        for ind in indicators:
            if ind.source == "kolada":
                lines.append(f"  - {ind.id} {ind.title}" + (f" [{ind.operating_area}]" if ind.operating_area else ""))
            else:
                lines.append(f"  - {ind.title} [" + ("konstruerad, finns inte i Kolada" if sv else "constructed, not in Kolada") + "]")
    if subgoals:
        lines.append("Förslag till delmål:" if sv else "Draft sub-goals:")
        for sg in subgoals:
            lines.append(f"  - {sg.text}" + (f" (ansvarig: {sg.owner})" if sg.owner and sv else f" (owner: {sg.owner})" if sg.owner else ""))
    if rewrite:
        lines.append(("Omformulering: " if sv else "Rewrite: ") + rewrite)
    if any(i.source == "kolada" for i in indicators):
        lines.append(KOLADA_ATTRIBUTION + ". " + (KOLADA_DISCLAIMER if sv else KOLADA_DISCLAIMER_EN))
    return "\n".join(lines)


ATTRIBUTION = KOLADA_ATTRIBUTION
DISCLAIMER = KOLADA_DISCLAIMER
