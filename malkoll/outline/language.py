"""What the outline asks of the language, answered from the analyzer's parse (one parse, read by all).

- `Parses`: the texts the outline needs to judge, parsed once in batches with the run's analysis
  engine (`malkoll.analyzer.get_engine(config.engine)`); a goal found keeps its Doc, so the analysis
  does not parse it again;
- `goal_form`: does a sentence state a goal (a wish for a state or a result: "Avfallet ska minska",
  "Alla fullföljer gymnasiet", "Attraktiv livsmiljö") rather than report, explain or instruct;
- `about_steering`: does running text talk about the goals, the vision, the plan itself
  ("Nedan finns kommunens mål", "Visionen beskriver …") — the steering nouns are in the lexicon;
- `owners`: the organisational units and councils a text names, from the analyzer's actor spans
  (its owner lexicon, features.yaml), in their basic form ("Socialnämndens" -> "Socialnämnden");
- `decision`: a sentence that says who decided the goals ("Kommunfullmäktige har beslutat om …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from spacy.tokens import Doc, Span

from malkoll.outline.vocab import Vocabulary, words

COUNCIL_HEADS = ("fullmäktige", "fullmäktig")  # whole_org entries that are the council (features.yaml)


class Parses:
    """Text -> Doc for one document, filled in batches (the analysis pipeline, loaded once)."""

    def __init__(self, engine: str | None = None):
        self._docs: dict[str, Doc] = {}
        self.engine = engine  # the analysis engine of the run (config.engine): its Docs are the analysis's

    def add(self, texts: Iterable[str]) -> None:
        todo = list(dict.fromkeys(t for t in texts if t and t not in self._docs))
        if not todo:
            return
        from malkoll.analyzer import get_engine

        from malkoll.outline.giveway import checkpoint

        engine = get_engine(self.engine)
        for start in range(0, len(todo), 64):  # one batch at a time, giving way between batches
            chunk = todo[start:start + 64]
            for text, doc in zip(chunk, engine.pipe(chunk, batch_size=64)):
                self._docs[text] = doc
            checkpoint()

    def get(self, text: str) -> Doc | None:
        return self._docs.get(text)

    def __call__(self, text: str) -> Doc:
        doc = self._docs.get(text)
        if doc is None:
            self.add([text])
            doc = self._docs[text]
        return doc


ROUGH_SENTENCE_RE = re.compile(r"(?<=[.!?])[ \t]+(?=[A-ZÅÄÖ0-9])")


def rough_sentences(text: str) -> list[str]:
    """A cheap split of long prose, only to choose which sentences to parse (the parse decides)."""
    return [x.strip() for x in ROUGH_SENTENCE_RE.split(text) if x.strip()]


def sentences(doc: Doc) -> list[Span]:
    return [s for s in doc.sents if any(t.is_alpha for t in s)]


def _finite(tok) -> bool:
    return "Fin" in tok.morph.get("VerbForm") and tok.pos_ in ("VERB", "AUX")


def has_modal(span, vocab: Vocabulary) -> bool:
    return any(t.lower_ in vocab.modals for t in span)


def about_steering(span, vocab: Vocabulary) -> bool:
    """Running text about the goals or the plan itself: a steering noun ("målen", "visionen",
    "nämndmål", "indikatorer", "dokumentet") in it, unless the sentence declares a goal in so many
    words ("har som mål att …") or the goals are what someone is to reach ("nå målen")."""
    if declares_goal(span, vocab):
        return False
    if about_page(span, vocab):
        return True
    for t in span:
        if t.pos_ not in ("NOUN", "PROPN") and not t.lower_.startswith(("mål", "vision")):
            continue
        lem = (t.lemma_ or t.text).lower()
        if lem in vocab.steering_lemmas or t.lower_ in vocab.steering_lemmas:
            if t.head is not t and t.head.lemma_ in ("nå", "uppnå") and t.dep_ == "obj":
                continue
            return True
    return False


def declares_goal(span, vocab: Vocabulary) -> bool:
    """"Kommunen har bland annat som mål att …", "Målet är att …"."""
    ws = words(span.text)
    for phrase in vocab.declarations:
        n = len(phrase)
        if any(tuple(ws[i:i + n]) == phrase for i in range(len(ws) - n + 1)):
            return True
    return False


def goal_form(span, vocab: Vocabulary, *, nominal: bool = True) -> str | None:
    """What kind of goal statement the sentence is, or None when it reports, explains or instructs:
    "modal" ("Avfallet ska minska med 20 procent"), "clause" (a present-tense statement of a state,
    "Alla fullföljer gymnasiet"), "nominal" (a phrase naming a wished state, "Attraktiv livsmiljö",
    "Fler Arbogabor i arbete", "14 000 invånare 2035"; only with `nominal`), "declaration" ("har som
    mål att …")."""
    toks = [t for t in span if not t.is_space]
    if not toks or span.text.rstrip().endswith("?"):
        return None
    if declares_goal(span, vocab):
        return "declaration"
    if has_modal(span, vocab) and any(t.pos_ in ("VERB", "AUX") and t.lower_ not in vocab.modals for t in toks):
        return "modal"
    finite = [t for t in toks if _finite(t)]
    if finite:
        # past tense reports what happened ("bedömdes", "har försämrats"), not what is wished
        if any("Past" in t.morph.get("Tense") or "Sup" in t.morph.get("VerbForm") for t in toks
               if t.pos_ in ("VERB", "AUX")):
            return None
        if any(t.lower_ in vocab.report_markers for t in toks):
            return None  # "Kommunen växer i dag med cirka 500 invånare per år": how things are
        subj = [t for t in toks if t.dep_ in ("nsubj", "nsubj:pass")]
        if subj and subj[0].lower_ in ("vi", "jag", "du", "ni", "man", "det", "här", "detta") and \
                not has_modal(span, vocab):
            return None  # "Vi ansvarar för …", "Det innebär …": about us or the text
        return "clause"
    if not nominal:
        return None
    alpha = [t for t in toks if t.is_alpha]
    if not alpha:
        return None
    if toks[0].pos_ == "VERB" and "Inf" in toks[0].morph.get("VerbForm"):
        return "nominal"  # "Känna trygghet och bibehållet oberoende" (after "… att brukarna ska:")
    if any(t.pos_ in ("ADJ", "NUM") or t.lower_ in ("fler", "färre", "alla", "samtliga", "ökad", "ökat",
                                                   "minskad", "minskat", "noll")
           for t in toks):
        return "nominal"
    return None


def measure_form(span) -> bool:
    """A measure rather than a goal: it names what is measured (a metric noun of the analyzer's
    lexicon: "Andel elever som …", "Kostnad per elev", "Resultat i medarbetarenkäten") and states
    neither a will (no modal, no finite main verb) nor a wished state at its head ("Hög andel …",
    "Minskad sjukfrånvaro", "Fler …" are goals)."""
    toks = [t for t in span if not t.is_space and not t.is_punct]
    if not toks or any(t.lower_ in ("ska", "skall") for t in toks):
        return False
    if any(_finite(t) and (t.dep_ in ("ROOT", "root") or (t.dep_ in ("cop", "aux", "aux:pass") and
                                                          t.head.dep_ in ("ROOT", "root"))) for t in toks):
        return False  # a main clause ("Personalomsättningen är hög") states how things are
    first = toks[0]
    if first.pos_ in ("ADJ", "VERB") or first.lower_ in ("fler", "färre", "ökad", "ökat", "minskad", "minskat"):
        return False
    doc = first.doc
    start, end = toks[0].i, toks[-1].i + 1
    return any(s.label_ == "METRIC" and start <= s.start < end for s in doc.spans.get("metrics", []))


def instructs(span) -> bool:
    """An instruction to the reader ("Klicka på …", "Läs mer …"): an imperative main verb."""
    return any(t.dep_ in ("ROOT", "root") and "Imp" in t.morph.get("Mood") for t in span)


def about_page(span, vocab: Vocabulary) -> bool:
    """Text about the page or document itself ("I tabellen nedan redovisas …", "Se bilden")."""
    return any((t.lemma_ or t.text).lower() in vocab.page_lemmas or t.lower_ in vocab.page_lemmas for t in span)


@dataclass(frozen=True)
class Owner:
    name: str  # the basic form: "Socialnämnden", "Kommunfullmäktige", "Nämnden"
    council: bool  # the council (fullmäktige): the owner of the overarching goals
    specific: bool  # one named body, not "nämnder", "varje nämnd", "styrelse"
    start: int
    end: int
    genitive: bool
    generic: bool = False  # "Nämnden", "Styrelsen": the body the document is about, not named


def _basic_form(span: Span) -> str:
    text = span.text.strip(" ,.;:()")
    last = span[-1]
    genitive = "Gen" in last.morph.get("Case") or last.dep_ == "nmod:poss"
    if genitive and text.endswith(":s"):
        text = text[:-2]
    elif genitive and text.endswith("s") and not text.endswith(("ss", "AB")):
        text = text[:-1]
    return text[:1].upper() + text[1:]


def owners(doc, vocab: Vocabulary) -> list[Owner]:
    """The bodies a text names, from the analyzer's actor spans (OWNER; WHOLE_ORG for the council)."""
    out: list[Owner] = []
    for span in doc.spans.get("actors", []):
        if span.label_ not in ("OWNER", "WHOLE_ORG"):
            continue
        low = span.text.lower()
        council = span.label_ == "WHOLE_ORG" and any(h in low for h in COUNCIL_HEADS)
        if span.label_ == "WHOLE_ORG" and not council:
            continue
        last = span[-1]
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        plural = "Plur" in last.morph.get("Number") and not council
        indefinite = "Ind" in last.morph.get("Definite") and not last.is_title and not council
        specific = not plural and not indefinite and before not in vocab.distributive
        genitive = "Gen" in last.morph.get("Case") or last.dep_ == "nmod:poss"
        lemma = (last.lemma_ or last.text).lower()
        generic = span.end - span.start == 1 and not council and lemma in vocab.generic_owner_lemmas
        out.append(Owner(_basic_form(span), council, specific, span.start, span.end, genitive, generic))
    return out


def owner_only(doc, vocab: Vocabulary) -> Owner | None:
    """The body a short text consists of ("Socialnämnden", "Kultur- och fritidsnämnden")."""
    found = [o for o in owners(doc, vocab) if o.specific]
    alpha = [t for t in doc if t.is_alpha or "-" in t.text]
    if len(found) == 1 and found[0].end - found[0].start >= len(alpha) - 0 and len(alpha) <= 8:
        return found[0]
    return None


def owner_of_goals(doc, vocab: Vocabulary) -> Owner | None:
    """Whose goals a heading or a lead-in names: "Socialnämndens mål", "Mål för Kultur- och
    fritidsnämnden", "Kommunfullmäktiges mål", "Kommunfullmäktige har beslutat om följande mål".
    One specific body; "Alla nämnder …", "nämndernas mål" name none."""
    found = owners(doc, vocab)
    specific = [o for o in found if o.specific]
    if len(specific) == 1 and len(found) == 1:
        return specific[0]
    if specific and all(o.name == specific[0].name for o in specific) and len(specific) == len(found):
        return specific[0]
    return None


def decision(span, vocab: Vocabulary) -> Owner | None:
    """The body that decided the goals a sentence names: its subject or agent with a decision verb
    ("Kommunfullmäktige har tagit beslut om sju nya mål", "… beslutar kommunfullmäktige om
    övergripande mål", "Beslutet … togs av kommunfullmäktige"); not "beslutas i fullmäktige"."""
    if isinstance(span, Doc):
        span = span[:]
    doc = span.doc
    if has_modal(span, vocab):
        return None  # "fullmäktige ska besluta om …" says what is to be done, not whose the goals are
    verbs = []
    for t in span:
        lem = t.lemma_.lower()
        if lem in vocab.decision_verbs:
            obj = vocab.decision_verbs[lem]
            if obj is None or any(c.lemma_.lower() == obj for c in t.children):
                verbs.append(t)
        elif lem == "beslut" and t.dep_ in ("nsubj", "nsubj:pass"):
            verbs.append(t.head)
    if not verbs:
        return None
    for o in owners(doc, vocab):
        if not (span.start <= o.start < span.end) or not o.specific:
            continue
        head = doc[o.end - 1]
        before = doc[o.start - 1].lower_ if o.start > 0 else ""
        if before in ("i", "inom", "hos", "till", "för"):
            continue
        if head.dep_ in ("nsubj", "nsubj:pass", "obl:agent") or before == "av" or \
                any(abs(v.i - o.start) <= 2 or abs(v.i - (o.end - 1)) <= 2 for v in verbs):
            return o
    return None
