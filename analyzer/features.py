"""Goal feature extraction as a spaCy component.

The component `malkoll_goal_features` sets span groups on the Doc once per goal;
every rule reads them instead of re-parsing:

- ``doc.spans["numbers"]``  NUMBER, PERCENT, YEAR, WORDNUM (``span._.value``)
- ``doc.spans["targets"]``  FROM_TO, THRESHOLD, VALUE, ALL, ZERO, RANK, MULTIPLIER, IMPLICIT, BENCHMARK
- ``doc.spans["time"]``     DEADLINE, PERIOD, NOT_DEADLINE
- ``doc.spans["actors"]``   OWNER, ROLE, WHOLE_ORG, BENEFICIARY
- ``doc.spans["metrics"]``  METRIC, PER, KPI_ID, COUNT, KOLADA (a noun that heads Kolada KPI
  titles, weaker evidence: lexicons/kolada_measures.yaml)
- ``doc.spans["change"]``   CHANGE_VERB, COMPARATIVE
- ``doc.spans["abbreviations"]`` EXPLAINED, UNEXPLAINED
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from malkoll.analyzer.doc_cache import forget, sentence_of, tokens, words
from malkoll.analyzer.lexicon import entry_words, head_of, lexicon

HERE = Path(__file__).parent
# the metrics labels that make a goal measurable; KOLADA (a noun heading Kolada titles) is weaker
MEASURE_LABELS = ("METRIC", "PER", "KPI_ID", "COUNT")
SPAN_GROUPS = ("numbers", "targets", "time", "actors", "metrics", "change", "abbreviations")

YEAR_RE = re.compile(r"^(19[5-9]\d|20\d\d|21\d\d)$")
RANGE_RE = re.compile(r"^(19|20)\d\d\s*[-–—/]\s*((19|20)?\d\d)$")
DIGIT_RE = re.compile(r"^\d+([.,]\d+)?$")
VALUE_RANGE_RE = re.compile(r"^\d+([.,]\d+)?[-–]\d+([.,]\d+)?$")
THOUSANDS_RE = re.compile(r"^\d{3}$")
KPI_ID_RE = re.compile(r"^[NU]\d{5}$")
ABBREV_RE = re.compile(r"^[A-ZÅÄÖ]{2,6}(:[a-zåäö]+)?s?$")
ROMAN_RE = re.compile(r"^[IVXLC]+$")
QUARTER_RE = re.compile(r"^(Q|K|T)[1-4]$")

UNITS = {"procent", "%", "procentenhet", "procentenheter", "kronor", "kr", "miljoner", "mnkr", "tkr", "mkr",
         "dagar", "dag", "veckor", "vecka", "månader", "månad", "timmar", "timme", "minuter", "minut",
         "ton", "kg", "kilo", "gram", "kwh", "mwh", "gwh", "km", "meter", "poäng", "st", "stycken",
         "bostäder", "platser", "personer", "invånare", "elever", "år", "promille", "‰"}
TIME_UNITS = {"dagar", "dag", "veckor", "vecka", "månader", "månad", "timmar", "timme", "minuter", "minut", "år"}

# Generally understood abbreviations that need no expansion in a Swedish goal.
# Nouns whose following number is part of a name ("årskurs 9"), not a value.
LABEL_NOUNS = {"årskurs", "åk", "klass", "kapitel", "kap", "§", "paragraf", "steg", "fas", "etapp", "mål",
               "målområde", "del", "bilaga", "punkt", "agenda", "sfi", "nivå", "lss", "sol", "hsl"}

KNOWN_ABBREVIATIONS = {"AB", "EU", "FN", "SCB", "KPI", "IT", "HBTQ", "HBTQI", "HBTQIA", "VD", "BNP", "CO2",
                       "SKR", "EKR", "OK", "TV", "GIS", "HR"}


def _set_extensions() -> None:
    if not Span.has_extension("value"):
        Span.set_extension("value", default=None)
    if not Token.has_extension("lem"):
        Token.set_extension("lem", getter=lambda t: (t.lemma_ or t.text).lower())
    if not Doc.has_extension("features_done"):
        Doc.set_extension("features_done", default=False)


@lru_cache(maxsize=1)
def _lex() -> dict:
    """The lexicons as frozensets (hashable once, so the compound-head lookups can be cached)."""
    return {k: frozenset(v) if isinstance(v, set) else v for k, v in _load_lex().items()}


def _load_lex() -> dict:
    data = lexicon(HERE, "features")
    heads_all = data["owner_heads"]
    metrics = data["metric_nouns"]
    return {
        "metric": entry_words(metrics),
        "metric_suffix": {e["lemma"] for e in metrics if e.get("suffix")},
        "metric_sources": {e["lemma"] for e in metrics if e.get("source")},
        "metric_compound_only": {e["lemma"] for e in metrics if e.get("compound_only")},
        "implicit_thresholds": [e["phrase"] for e in data["implicit_thresholds"]],
        "metric_whole": entry_words(metrics) - {e["lemma"] for e in metrics if e.get("compound_only")},
        "kolada": entry_words(lexicon(HERE, "kolada_measures")["measure_nouns"]),
        # as a compound head only the longer ones ("ungdomsarbetslöshet"; not "vård" in "hemsjukvård")
        "kolada_heads": {w for w in entry_words(lexicon(HERE, "kolada_measures")["measure_nouns"]) if len(w) >= 7},
        "owner_heads": entry_words(heads_all),
        "owner_suffix": {e["lemma"] for e in heads_all if not e.get("heads_only_with_capital")
                         and (e.get("suffix") or e.get("compound_only") or True)},
        "owner_compound_only": {e["lemma"] for e in heads_all if e.get("compound_only")},
        "owner_heads_lemma": entry_words(heads_all) - {e["lemma"] for e in heads_all if e.get("compound_only")},
        "owner_suffix_lemma": {e["lemma"] for e in heads_all if not e.get("heads_only_with_capital")
                               and not e.get("compound_only")},
        "named_units": entry_words(data["named_unit_heads"]),
        "roles": entry_words(data["owner_roles"]),
        "whole_org": entry_words(data["whole_org"]),
        "beneficiaries": entry_words(data["beneficiaries"]),
        "change": entry_words(data["change_verbs"]),
        "comparatives": entry_words(data["comparatives"]),
        "thresholds": entry_words(data["threshold_words"]),
        "references": {e["lemma"] for e in data["reference_values"] if not e.get("area")},
        "reference_suffix": {e["lemma"] for e in data["reference_values"] if e.get("suffix")},
        "reference_areas": {e["lemma"] for e in data["reference_values"] if e.get("area")},
        "number_words": {e["form"]: (e["value"], bool(e.get("weak"))) for e in data["number_words"]},
        "verb_numbers": {e["form"] for e in data["number_words"] if e.get("verb")},
        "all_words": entry_words(data["all_words"]),
        "zero_suffixes": [e["suffix"] for e in data["zero_suffixes"]],
        # each suffix in its forms (ADJECTIVE_ENDINGS), with the length a word must exceed: built once
        "zero_forms": [(tuple(e["suffix"] + end for end in ADJECTIVE_ENDINGS), len(e["suffix"]) + 3)
                       for e in data["zero_suffixes"]],
        # every form of every suffix: a word ending in none of them needs no closer look
        "zero_endings": tuple(e["suffix"] + end for e in data["zero_suffixes"] for end in ADJECTIVE_ENDINGS),
        "deadline_markers": entry_words(data["time_words"]["deadline_markers"]),
        "periods": [e["phrase"] for e in data["time_words"]["periods"]],
        "months": entry_words(data["time_words"]["months"], "form"),
        "not_deadlines": [e["phrase"] for e in data["time_words"]["not_deadlines"]],
    }


def is_threshold_word(tok: Token) -> bool:
    """"minst", "högst", "lägst" ...: a threshold, never a judgement ("lägst godkänt")."""
    return tok.lower_ in _lex()["thresholds"]


def _phrase_words(phrase: str) -> list[str]:
    return phrase.lower().split()


def _matcher_patterns() -> dict[str, list]:
    """The token patterns of :func:`_matcher`, by label."""
    num = {"TEXT": {"REGEX": r"^\d+([.,]\d+)?$"}}
    return {
        "FROM_TO": [[{"LOWER": "från"}, num, {"LOWER": {"IN": ["procent", "%"]}, "OP": "?"},
                     {"LOWER": {"IN": ["till", "-", "–"]}}, num]],
        "RANK": [
            [{"LOWER": {"IN": ["topp", "topp-"]}}, num],
            # a cut-off is a rank ("bland de 50 bästa"); "bland de bästa", "en av de bästa" is none
            [{"LOWER": "bland"}, {"LOWER": "de"}, {"LIKE_NUM": True}, {"LOWER": {"IN": ["bästa", "främsta", "högsta"]}}],
            [{"LOWER": {"NOT_IN": ["de", "dem"]}}, {"LOWER": {"IN": ["bäst", "bästa", "främst"]}}, {"LOWER": "i"},
             {"LOWER": {"IN": ["sverige", "landet", "länet", "regionen", "norden", "europa", "klassen"]}}],
            [{"IS_SENT_START": True, "LOWER": {"IN": ["bäst", "bästa", "främst"]}}, {"LOWER": "i"},
             {"LOWER": {"IN": ["sverige", "landet", "länet", "regionen", "norden", "europa", "klassen"]}}],
            # without a tagger: "Sveriges bästa", "länets tryggaste" (with one: _superlative_ranks)
            [{"LOWER": {"IN": ["sveriges", "landets", "länets", "nordens", "europas"]}},
             {"TEXT": {"REGEX": r"^(bäst|främst|ledande|tryggast|grönast|största|högsta|lägsta)"}, "OP": "?"},
             {"LOWER": {"REGEX": r"(ast|aste|sta)$"}}],
            [{"LOWER": "plats"}, num],
        ],
        "PER": [[{"LOWER": {"IN": ["per", "/"]}}, {"IS_ALPHA": True}]],
    }


@lru_cache(maxsize=8)
def _matcher(vocab_id: int, vocab) -> Matcher:  # noqa: ARG001 - keyed on the vocab's identity
    m = Matcher(vocab)
    for key, patterns in _matcher_patterns().items():
        vocab.strings.add(key, allow_transient=False)  # the labels outlive a memory zone (the service)
        m.add(key, patterns)
    return m


@lru_cache(maxsize=1)
def _matcher_anchors() -> frozenset[str] | None:
    """Lower-cased words of which every pattern of :func:`_matcher` needs one (a token it must
    match once by LOWER or LOWER IN): a goal with none of them has no match, and the matcher (a
    Python predicate per token for each IN) is not run on it. None when a pattern needs no word."""
    anchors: set[str] = set()
    for patterns in _matcher_patterns().values():
        for pattern in patterns:
            for spec in pattern:
                lower = spec.get("LOWER")
                if "OP" in spec or lower is None:
                    continue
                if isinstance(lower, str):
                    anchors.add(lower)
                    break
                if isinstance(lower, dict) and set(lower) == {"IN"}:
                    anchors.update(lower["IN"])
                    break
            else:
                return None
    return frozenset(anchors)


@lru_cache(maxsize=8)
def _phrase_matcher(vocab_id: int, vocab) -> PhraseMatcher:  # noqa: ARG001 - keyed on the vocab's identity
    """The lexicons' word sequences (periods, not deadlines, implicit thresholds), matched on the
    lower-cased form: one look-up per token, where a token pattern per phrase would be tried at every
    token."""
    lex = _lex()
    m = PhraseMatcher(vocab, attr="LOWER")
    for key, phrases in (("PERIOD", lex["periods"]), ("NOT_DEADLINE", lex["not_deadlines"]),
                         ("IMPLICIT", lex["implicit_thresholds"])):
        vocab.strings.add(key, allow_transient=False)  # the labels outlive a memory zone (the service)
        m.add(key, [Doc(vocab, words=_phrase_words(p)) for p in phrases])
    return m


def _num_value(t: str) -> float | None:
    if DIGIT_RE.match(t):
        return float(t.replace(",", "."))
    return None


def _extract_numbers(doc: Doc, lex: dict) -> list[Span]:
    toks = tokens(doc)
    w = words(doc)
    lower, texts = w.lower, w.text
    spans: list[Span] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        text = texts[i]
        digit = text[:1].isdigit()  # what the number patterns below need first (most words fail here)
        val = _num_value(text) if digit else None
        if val is not None:
            j = i + 1
            # "10 000" written with a space as thousands separator
            while j < n and THOUSANDS_RE.match(texts[j]) and len(text) <= 3 and toks[j - 1].whitespace_:
                val = val * 1000 + float(texts[j])
                j += 1
            nxt = lower[j] if j < n else ""
            if nxt in ("procent", "%", "procentenheter", "procentenhet"):
                span = Span(doc, i, j + 1, label="PERCENT")
            elif YEAR_RE.match(text) and j == i + 1 and nxt not in UNITS:
                span = Span(doc, i, j, label="YEAR")
            else:
                span = Span(doc, i, j, label="NUMBER")
            span._.value = val
            spans.append(span)
            i = span.end
            continue
        if digit and RANGE_RE.match(text):
            span = Span(doc, i, i + 1, label="YEAR")
            span._.value = float(text[:4])
            spans.append(span)
        elif digit and VALUE_RANGE_RE.match(text):
            # "92-100 procent": a target interval; the value is its lower bound
            nxt = lower[i + 1] if i + 1 < n else ""
            percent = nxt in ("procent", "%")
            span = Span(doc, i, i + (2 if percent else 1), label="PERCENT" if percent else "NUMBER")
            span._.value = float(re.split(r"[-–]", text)[0].replace(",", "."))
            spans.append(span)
            i = span.end
            continue
        else:
            word = lower[i]
            if word in lex["number_words"] and not (word in lex["verb_numbers"] and w.pos[i] in ("ADJ", "NOUN") and
                                                    not (i > 0 and lower[i - 1] in ("att", "ska", "skall"))):
                value, weak = lex["number_words"][word]
                nxt = lower[i + 1] if i + 1 < n else ""
                # "en"/"ett" count only before a unit ("en gång per år" is not a target)
                if not weak or nxt in UNITS:
                    label = "PERCENT" if nxt in ("procent", "%") else "WORDNUM"
                    span = Span(doc, i, i + (2 if label == "PERCENT" else 1), label=label)
                    span._.value = float(value)
                    spans.append(span)
                    i = span.end
                    continue
        i += 1
    return spans


def _extract_time(doc: Doc, numbers: list[Span], matches: list[tuple[str, int, int]], lex: dict) -> list[Span]:
    toks = tokens(doc)
    spans: list[Span] = []
    for num in numbers:
        if num.label_ != "YEAR":
            # "inom tre veckor", "inom 2 år": a period only after "inom"/"på"
            after = toks[num.end].lower_ if num.end < len(toks) else ""
            before = toks[num.start - 1].lower_ if num.start > 0 else ""
            after2 = toks[num.end + 1].lower_ if num.end + 1 < len(toks) else ""
            if after in TIME_UNITS and before in ("inom", "på", "under", "efter"):
                spans.append(Span(doc, num.start - 1, num.end + 1, label="WINDOW"))
            elif after in TIME_UNITS and after2 in ("efter", "från", "innan", "före"):
                spans.append(Span(doc, num.start, num.end + 1, label="WINDOW"))
            continue
        start = num.start
        # extend left over markers: "senast", "till och med", "t.o.m.", "år", "före", "i slutet av"
        while start > 0 and (toks[start - 1].lower_ in lex["deadline_markers"]
                             or toks[start - 1].lower_ in lex["months"]
                             or toks[start - 1].lower_ in ("och", "med", "slutet", "utgången", "av", "början")
                             or QUARTER_RE.match(toks[start - 1].text)):
            start -= 1
            if num.start - start > 4:
                break
        while start < num.start and toks[start].lower_ in ("och", "med", "av"):
            start += 1
        label = "PERIOD" if RANGE_RE.match(num.text) or toks[start].lower_ in ("under", "från") else "DEADLINE"
        spans.append(Span(doc, start, num.end, label=label))
    for label, s, e in matches:
        if label in ("PERIOD", "NOT_DEADLINE"):
            spans.append(Span(doc, s, e, label=label))
    return spans


def _extract_targets(doc: Doc, numbers: list[Span], time_spans: list[Span], matches, lex: dict,
                     actors: list[Span] = ()) -> list[Span]:
    toks = tokens(doc)
    spans: list[Span] = []
    time_tokens = {i for sp in time_spans for i in range(sp.start, sp.end)}
    tagged = any(t.morph for t in toks)
    for label, s, e in matches:
        if label == "RANK" and (_no_cut_off(doc, s) or tagged and toks[s].lower_ in RANK_AREAS):
            continue  # "en av Sveriges främsta", "tillhör de bästa": no cut-off; tagged: read from the parse
        if label in ("FROM_TO", "RANK", "IMPLICIT"):
            spans.append(Span(doc, s, e, label=label))
    spans += _superlative_ranks(doc, actors)
    spans += _benchmarks(doc, lex)
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    for num in numbers:
        if num.label_ == "YEAR" or num.start in covered or num.start in time_tokens:
            continue
        if num.start > 0 and toks[num.start - 1].lower_ in LABEL_NOUNS:
            continue  # "årskurs 9", "kapitel 3": a name, not a value
        if _age_bound(doc, num, lex):
            continue  # "unga upp till 25 år": who is counted, not the level to reach
        start = num.start
        k = start - 1
        while k >= 0 and start - k <= 3 and (toks[k].lower_ in lex["thresholds"] or toks[k].lower_ in ("inte", "ej", "till", "än", "med")):
            if toks[k].lower_ in lex["thresholds"]:
                start = k
            k -= 1
        end = num.end
        if end < len(toks) and toks[end].lower_ in UNITS and num.label_ != "PERCENT":
            end += 1
        if num._.value == 0 and num.label_ == "WORDNUM":
            label = "ZERO"
        elif toks[num.start].lower_ in lex["verb_numbers"]:
            label = "MULTIPLIER"
        else:
            label = "THRESHOLD" if start < num.start else "VALUE"
        spans.append(Span(doc, start, end, label=label))
    w = words(doc)
    for tok in toks:
        low = w.lower[tok.i]
        if low in ("erbjudas", "erbjuds") and _group_subject(doc, tok.i):
            # "Brottsoffer som söker hjälp ska erbjudas en insats": offered to a defined group = all of it
            spans.append(Span(doc, tok.i, tok.i + 1, label="ALL"))
        if (w.norm[tok.i] in lex["all_words"] or low in lex["all_words"]) and _quantifies_noun(doc, tok.i) and \
                not (tok.i > 0 and w.lower[tok.i - 1] == "för"):
            # "för alla barn", "en utbildningssatsning för alla chefer": who the aim is for, not a total
            spans.append(Span(doc, tok.i, tok.i + 1, label="ALL"))
        elif tok.is_alpha and low.endswith(lex["zero_endings"]) and \
                any(len(low) > n and low.endswith(forms) for forms, n in lex["zero_forms"]):
            spans.append(Span(doc, tok.i, tok.i + 1, label="ZERO"))
    return spans


COMPARISON_WORDS = ("än", "med", "jämfört", "jämförbart")  # "lägre än", "i nivå med", "jämfört med"


def _benchmarks(doc: Doc, lex: dict) -> list[Span]:
    """A level stated against a named reference value: "under riksgenomsnittet", "nå rikssnittet",
    "i nivå med länssnittet", "minska mer än i riket" (BENCHMARK). The reference must be compared
    with: a threshold word, "än", "med" or "jämfört" within the four words before it."""
    toks = tokens(doc)
    norms = words(doc).norm
    out = []
    for tok in toks:
        if not tok.is_alpha:
            continue
        norm = norms[tok.i]
        ref = norm in lex["references"] or head_of(norm, lex["references"], suffix_heads=lex["reference_suffix"],
                                                   min_prefix=3)
        area = not ref and norm in lex["reference_areas"]
        if not (ref or area):
            continue
        before = toks[max(0, tok.i - 4):tok.i]
        than = [t for t in before if t.lower_ == "än"]
        compared = [t for t in before if t.lower_ in COMPARISON_WORDS or t.norm_ in lex["thresholds"]
                    or t.lower_ in lex["thresholds"]]
        if area and than:
            out.append(Span(doc, than[-1].i, tok.i + 1, label="BENCHMARK"))
        elif ref and compared:
            out.append(Span(doc, compared[-1].i, tok.i + 1, label="BENCHMARK"))
    return out


RANK_AREAS = ("sveriges", "landets", "länets", "nordens", "europas")
NO_CUT_OFF = ("av", "bland")  # "en av de bästa", "bland de främsta": a rank without a cut-off


def _no_cut_off(doc: Doc, start: int) -> bool:
    """Whether a rank starting at `start` is only membership of an open group ("en av Sveriges
    främsta", "bland de allra starkaste", "tillhör de bästa"), which states no target."""
    toks = tokens(doc)
    before = toks[max(0, start - 3):start]
    return any(t.lower_ in NO_CUT_OFF or t.lemma_.lower() == "tillhöra" for t in before)


def _superlative_ranks(doc: Doc, actors: list[Span]) -> list[Span]:
    """Rank targets read from the parse: a superlative (Degree=Sup, or "mest" + adjective) on a
    noun with a cut-off of one, the first of a comparison area:

    - an area in the genitive: "Sveriges mest attraktiva kommun", "Skånes bästa boendekommun",
      "regionens tryggaste stad" (a named place, or a definite noun that is no organisational unit);
    - an area with "i": "den friskaste regionen i landet";
    - the definite singular: "den bästa platsen att bo", "Bästa kommun att växa i" (a heading).

    Not a rank: membership of an open group ("en av de bästa", "bland de främsta", "tillhör de
    bästa"), "bästa möjliga" (a hedge), a threshold word ("minst", "högst")."""
    toks = tokens(doc)
    units = {i for s in actors if s.label_ in ("OWNER", "ROLE") for i in range(s.start, s.end)}
    out: list[Span] = []
    pos = words(doc).pos
    for tok in toks:
        if pos[tok.i] not in ("ADJ", "ADV") or tok.dep_ not in ("amod", "advmod") or tok.lower_ in _lex()["thresholds"]:
            continue
        adj = tok
        if tok.pos_ == "ADV":  # "mest attraktiva": the superlative is the adverb, the adjective its head
            adj = tok.head
            if adj.pos_ != "ADJ" or adj.dep_ != "amod" or "Sup" not in tok.morph.get("Degree"):
                continue
        elif "Sup" not in tok.morph.get("Degree"):
            continue
        noun = adj.head
        if noun.pos_ not in ("NOUN", "PROPN") or noun.i < adj.i:
            continue
        nxt = toks[adj.i + 1] if adj.i + 1 < len(toks) else None
        if nxt is not None and nxt.lower_.startswith("möjlig"):
            continue  # "bästa möjliga": a hedge, not a rank
        left = [c for c in noun.children if c.i < noun.i and c.dep_ in ("nmod:poss", "det")]
        area = next((c for c in left if c.dep_ == "nmod:poss" and "Gen" in c.morph.get("Case") and c.i not in units
                     and (c.pos_ == "PROPN" or "Def" in c.morph.get("Definite"))), None)
        det = next((c for c in left if c.dep_ == "det" and c.lower_ in ("den", "det")), None)
        in_area = next((c for c in noun.children if c.i > noun.i and c.dep_ in ("nmod", "obl")
                        and any(g.lower_ == "i" for g in c.children if g.dep_ == "case")
                        and (c.pos_ == "PROPN" or "Def" in c.morph.get("Definite"))), None)
        sent = sentence_of(tok)
        heading = tok.i == next((t.i for t in toks[sent.start:sent.end] if t.is_alpha), -1) and "Sing" in noun.morph.get("Number")
        singular_def = det is not None and "Sing" in noun.morph.get("Number")
        if not (area is not None or in_area is not None or singular_def or heading):
            continue
        start = min([c.i for c in left if c.dep_ == "nmod:poss" or c is det] + [tok.i])
        if _no_cut_off(doc, start) and not any(t.like_num for t in toks[start:noun.i]):
            continue  # "en av Sveriges bästa"; but "bland Sveriges 50 bästa kommuner" has a cut-off
        end = in_area.i + 1 if in_area is not None and area is None else noun.i + 1
        out.append(Span(doc, start, end, label="RANK"))
    return out


# an adjective suffix in any form: "fossilfri", "fossilfria", "fossilbränslefritt", "klimatneutralt"
ADJECTIVE_ENDINGS = ("", "a", "t", "tt", "e")


AGE_UNITS = {"år", "års", "åringar", "åring"}


def _age_bound(doc: Doc, num: Span, lex: dict) -> bool:
    """An age that delimits the people counted: "unga upp till 25 år", "barn under 6 år",
    "invånare över 65 år" (a group of people right before the number and "år" after it)."""
    toks = tokens(doc)
    if num.end >= len(toks) or toks[num.end].lower_ not in AGE_UNITS:
        return False
    for k in range(max(0, num.start - 4), num.start):
        t = toks[k]
        if t.is_alpha and (t.norm_ in lex["beneficiaries"] or head_of(t.text, lex["beneficiaries"])):
            return True
    return False


FUNCTION_WORDS = {"och", "eller", "i", "på", "för", "med", "av", "till", "att", "som", "de", "den", "det", "en",
                  "ett", "är", "ska", "skall", "har", "kan", "oavsett", "inom", "från", "vid", "om", "så"}


def _quantifies_noun(doc: Doc, i: int) -> bool:
    """"alla elever", "samtliga verksamheter" (a total over a group), not "för alla"."""
    toks = tokens(doc)
    j = i + 1
    while j < len(toks) and j - i <= 3:
        t = toks[j]
        if t.pos_:
            if t.pos_ in ("NOUN", "PROPN"):
                return True
            if t.pos_ not in ("ADJ", "DET", "NUM"):
                return False
        elif t.is_alpha and t.lower_ not in FUNCTION_WORDS:
            return True
        else:
            return False
        j += 1
    return False


def _group_subject(doc: Doc, i: int) -> bool:
    """Whether the passive verb at i has a group of people or units as its subject (not "vi")."""
    toks = tokens(doc)
    subj = [t for t in toks[:i] if t.dep_ in ("nsubj:pass", "nsubj") and t.head.i == i]
    if subj:
        return subj[0].pos_ in ("NOUN", "PROPN")
    first = next((t for t in toks if t.is_alpha), None)
    return first is not None and first.lower_ not in ("vi", "kommunen", "regionen", "man")


def _counted_noun(doc: Doc, i: int) -> int | None:
    """Index of the noun a "fler"/"färre" counts ("Fler Lundabor i arbete" counts Lundabor; "Fler
    behöriga och legitimerade lärare" counts lärare)."""
    toks = tokens(doc)
    for j in range(i + 1, min(len(toks), i + 6)):
        t = toks[j]
        if t.pos_:
            if t.pos_ in ("NOUN", "PROPN"):
                return j
            if t.pos_ not in ("ADJ", "ADV", "DET", "CCONJ"):  # "fler och växande företag"
                return None
        elif t.is_alpha and t.lower_ not in FUNCTION_WORDS:
            return j
        else:
            return None
    return None


ROLE_SUFFIXES = frozenset({"chef", "direktör"})
SOURCE_NOUNS = ("undersökning", "enkät", "mätning", "statistik", "rapport", "ranking", "rankning", "index",
                "bedömning", "föreskrift", "riktlinje", "granskning")


def _owner_in_passing(doc: Doc, span: Span) -> bool:
    """A body named as a source or a distribution, not as the owner: "enligt Socialstyrelsens
    brukarundersökning", "i varje förvaltning", "samtliga nämnder"."""
    toks = tokens(doc)
    before = toks[span.start - 1].lower_ if span.start > 0 else ""
    before2 = toks[span.start - 2].lower_ if span.start > 1 else ""
    if before in ("enligt", "varje", "alla", "samtliga", "övriga", "andra") or before2 in ("enligt",):
        return True
    last = toks[span.end - 1]
    nxt = toks[span.end].lower_ if span.end < len(toks) else ""
    return last.lower_.endswith("s") and any(n in nxt for n in SOURCE_NOUNS)


def _owner_span(doc: Doc, i: int) -> Span:
    """Extend an owner head leftwards over "Barn- och", "Kultur-, fritids- och", "Tekniska"."""
    toks = tokens(doc)
    start = i
    k = i - 1
    while k >= 0:
        t = toks[k]
        if t.text.endswith("-") or t.lower_ in ("och", ",", "samt") and k > 0 and toks[k - 1].text.endswith("-"):
            start = k
            k -= 1
            continue
        if t.text == "-" and k > 0:
            start = k - 1
            k -= 2
            continue
        if t.is_title and t.pos_ in ("ADJ", "PROPN", "") and k == i - 1 and t.lower_.endswith(("a", "iska", "ska")):
            start = k
        break
    end = i + 1
    # "Enheten för försörjningsstöd", "AB Bostaden"
    if end + 1 < len(toks) and toks[end].lower_ == "för" and toks[end + 1].is_alpha:
        end += 2
    return Span(doc, start, end, label="OWNER")


@lru_cache(maxsize=20_000)  # bounded: a service meets new words without end
def _actor_heads(lem: str, word: str) -> tuple[bool, str | None, bool, bool, bool]:
    """What the actor lexicons say of a word, by its lemma and its written form, looked up once per
    word and process: (a named unit's head, the owner head, a role, the whole organisation, a
    beneficiary). Compound-only owner heads ("reningsverket") are matched on the written form only,
    so that a verb lemma ("påverka") never reads as one."""
    lex = _lex()
    return (bool(lem in lex["named_units"] or head_of(word, lex["named_units"])),
            head_of(lem, lex["owner_heads_lemma"], suffix_heads=lex["owner_suffix_lemma"]) or
            head_of(word, lex["owner_heads"], suffix_heads=lex["owner_suffix"], compound_only=lex["owner_compound_only"]),
            bool(head_of(lem, lex["roles"], suffix_heads=ROLE_SUFFIXES) or head_of(word, lex["roles"])),
            bool(lem in lex["whole_org"] or head_of(word, lex["whole_org"])),
            bool(lem in lex["beneficiaries"] or head_of(word, lex["beneficiaries"])))


def _extract_actors(doc: Doc, lex: dict) -> list[Span]:  # noqa: ARG001 - the lexicons are read by _actor_heads
    toks = tokens(doc)
    w = words(doc)
    spans: list[Span] = []
    for tok in toks:
        word = w.text[tok.i]
        if not (tok.is_alpha or ("-" in word and word.replace("-", "").isalpha())) or \
                w.pos[tok.i] in ("VERB", "AUX", "ADJ", "ADV", "ADP", "PRON"):
            continue
        named_unit, owner_head, role, whole_org, beneficiary = _actor_heads(w.norm[tok.i], word)
        nxt = toks[tok.i + 1] if tok.i + 1 < len(toks) else None
        if tok.is_title and nxt is not None and nxt.is_title and nxt.is_alpha and named_unit:
            spans.append(Span(doc, tok.i, tok.i + 2, label="OWNER"))  # "Förskolan Solrosen"
            continue
        if word == "AB" or (word.endswith(" AB")):
            s = tok.i
            if tok.i > 0 and toks[tok.i - 1].is_title:
                s = tok.i - 1
            e = tok.i + 1
            if e < len(toks) and toks[e].is_title and s == tok.i:
                e += 1
            spans.append(Span(doc, s, e, label="OWNER"))
            continue
        if owner_head and (owner_head not in ("område", "sektor") or tok.is_title):
            span = _owner_span(doc, tok.i)
            if not _owner_in_passing(doc, span):
                spans.append(span)
            continue
        if role:
            span = Span(doc, tok.i, tok.i + 1, label="ROLE")
            if not _owner_in_passing(doc, span) and not (tok.i > 0 and w.lower[tok.i - 1] in ("bland", "för", "till")):
                spans.append(span)  # not "alla chefer", "bland kommunens chefer", "utbildning för chefer"
            continue
        if whole_org:
            spans.append(Span(doc, tok.i, tok.i + 1, label="WHOLE_ORG"))
            continue
        if beneficiary:
            spans.append(Span(doc, tok.i, tok.i + 1, label="BENEFICIARY"))
    return spans


def _metric_head(word: str, lex: dict) -> str | None:
    """The measure noun `word` is or ends with. A short head that only counts inside a compound
    ("tal", "takt", "grad") needs a real first part: "nyckeltalet", "förnyelsetakten", not
    "samtal", "kvartal", "kontakt"."""
    head = head_of(word, lex["metric_whole"], suffix_heads=lex["metric_suffix"], min_prefix=3,
                   compound_only=lex["metric_compound_only"])
    if head in lex["metric_compound_only"] and len(head) < 5 and word.lower().find(head) < 5:
        return None
    return head


def names_source(span: Span) -> bool:
    """Whether a METRIC span names a ranking, index or survey ("rankingen", "medborgarundersökningen")."""
    lex = _lex()
    return any(_metric_head(t.norm_, lex) in lex["metric_sources"] or _metric_head(t.text.split(":")[0], lex)
               in lex["metric_sources"] for t in span)


@lru_cache(maxsize=20_000)  # bounded: a service meets new words without end
def _measure_word(norm: str, base: str) -> tuple[bool, bool]:
    """Whether a word (its lemma, its written form before a colon) is a measure noun, and whether
    it is a noun that heads Kolada's titles: looked up once per word and process."""
    lex = _lex()
    return (bool(_metric_head(norm, lex) or _metric_head(base, lex)),
            bool(norm in lex["kolada"] or head_of(norm, frozenset(), suffix_heads=lex["kolada_heads"], min_prefix=4)))


def _extract_metrics(doc: Doc, matches, lex: dict) -> list[Span]:  # noqa: ARG001 - the lexicons are read by _measure_word
    toks = tokens(doc)
    spans: list[Span] = []
    w = words(doc)
    for tok in toks:
        i = tok.i
        if w.lower[i] in ("fler", "färre"):
            j = _counted_noun(doc, i)
            if j is not None:  # a count of people or things: comparable over time
                spans.append(Span(doc, i, j + 1, label="COUNT"))
            continue
        text, pos, norm = w.text[i], w.pos[i], w.norm[i]
        if KPI_ID_RE.match(text):
            spans.append(Span(doc, i, i + 1, label="KPI_ID"))
        elif (tok.is_alpha or ":" in text) and pos not in ("VERB", "ADJ", "ADV", "AUX", "ADP"):
            metric, kolada = _measure_word(norm, text.split(":")[0])
            if metric:
                spans.append(Span(doc, i, i + 1, label="METRIC"))
            elif pos in ("NOUN", "PROPN", "") and kolada:
                spans.append(Span(doc, tok.i, tok.i + 1, label="KOLADA"))
    for label, s, e in matches:
        if label == "PER":
            spans.append(Span(doc, s, e, label="PER"))
    return spans


def _extract_change(doc: Doc, lex: dict) -> list[Span]:
    w = words(doc)
    spans = []
    for i, (lem, low) in enumerate(zip(w.norm, w.lower)):
        if lem in lex["change"] or low in lex["change"] or (low.endswith("s") and low[:-1] in lex["change"]):
            spans.append(Span(doc, i, i + 1, label="CHANGE_VERB"))
        elif low in lex["comparatives"]:
            spans.append(Span(doc, i, i + 1, label="COMPARATIVE"))
    return spans


def _extract_abbreviations(doc: Doc) -> list[Span]:
    toks = tokens(doc)
    texts = words(doc).text
    spans = []
    for tok in toks:
        text = texts[tok.i]
        if not text[:1].isupper():
            continue  # an abbreviation opens with a capital (ABBREV_RE): most words fail here
        if "-" in text[1:-1] and ABBREV_RE.match(text.split("-")[0]):
            text = text.split("-")[0]  # "LSS-handläggningen"
        if not ABBREV_RE.match(text) or ROMAN_RE.match(text) or text.split(":")[0] in KNOWN_ABBREVIATIONS:
            continue
        if tok.i == 0 and len(toks) > 1 and toks[1].is_upper:
            pass  # an all-caps heading is not an abbreviation list
        # explained: "Nöjd kund-index (NKI)" or "NKI (Nöjd kund-index)"
        prev_paren = tok.i > 0 and texts[tok.i - 1] == "(" and tok.i >= 3
        next_paren = tok.i + 2 < len(toks) and texts[tok.i + 1] == "(" and toks[tok.i + 2].is_alpha and \
            not ABBREV_RE.match(texts[tok.i + 2])
        label = "EXPLAINED" if prev_paren or next_paren else "UNEXPLAINED"
        span = Span(doc, tok.i, tok.i + 1, label=label)
        span._.value = text
        spans.append(span)
    # an abbreviation explained once is explained everywhere in the goal
    explained = {s._.value for s in spans if s.label_ == "EXPLAINED"}
    for s in spans:
        if s._.value in explained:
            s.label_ = "EXPLAINED"
    return spans


def _outermost(spans: list[Span]) -> list[Span]:
    """Drop spans nested inside a longer span of the same group (spaCy span groups allow overlap)."""
    spans = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for sp in spans:
        if any(k.start <= sp.start and sp.end <= k.end and (k.start, k.end) != (sp.start, sp.end) for k in kept):
            continue
        if any((k.start, k.end, k.label_) == (sp.start, sp.end, sp.label_) for k in kept):
            continue
        kept.append(sp)
    return kept


def set_lemma_norms(doc: Doc) -> None:
    """NORM := the lower-cased lemma (``Token._.lem``), set once per Doc: the rules' matchers and
    look-ups read it as a plain token attribute (``tok.norm_``) instead of an extension getter."""
    forget(doc)  # what was read of the Doc before is read anew
    for tok in tokens(doc):
        tok.norm_ = (tok.lemma_ or tok.text).lower()


@Language.component("malkoll_goal_features")
def goal_features(doc: Doc) -> Doc:
    _set_extensions()
    set_lemma_norms(doc)
    lex = _lex()
    anchors = _matcher_anchors()
    run = (_matcher, _phrase_matcher) if anchors is None or not anchors.isdisjoint(words(doc).lower) else \
        (_phrase_matcher,)
    matches = [(doc.vocab.strings[mid], s, e) for matcher in run for mid, s, e in matcher(id(doc.vocab), doc.vocab)(doc)]
    numbers = _extract_numbers(doc, lex)
    time_spans = _extract_time(doc, numbers, matches, lex)
    time_spans = _outermost(time_spans)
    doc.spans["numbers"] = numbers
    doc.spans["time"] = time_spans
    doc.spans["actors"] = _outermost(_extract_actors(doc, lex))
    doc.spans["targets"] = _outermost(_extract_targets(doc, numbers, time_spans, matches, lex, list(doc.spans["actors"])))
    doc.spans["metrics"] = _outermost(_extract_metrics(doc, matches, lex))
    doc.spans["change"] = _extract_change(doc, lex)
    doc.spans["abbreviations"] = _extract_abbreviations(doc)
    doc._.features_done = True
    forget(doc)  # what the component kept of the Doc goes with it: a Doc out of the pipeline stays serialisable
    return doc


_set_extensions()


def unit_name(span) -> str | None:
    """A unit below the organisation named by an OWNER span, as a heading names it: a genitive -s off
    and a capital first ("Socialnämndens" -> "Socialnämnden", "kultur- och fritidsnämnden" -> "Kultur- och
    fritidsnämnden"); None for a bare head that does not say which unit ("nämnden", "förvaltningen")."""
    last = span[-1]
    if len(span) == 1 and head_of(last.text, _lex()["owner_heads_lemma"]):  # the head alone, inflected
        return None
    text = span.text
    if "Gen" in last.morph.get("Case") and text.endswith("s") and not text.endswith("ss"):
        text = text[:-1]
    return text[:1].upper() + text[1:]


def is_whole_organisation(name: str) -> bool:
    """Whether a name given as a goal's owner is the whole organisation or its council ("Kommunen",
    "Kommunfullmäktige", "Region Gotland"), by the lexicon's whole_org heads: not an owner below it."""
    lex = _lex()
    words = [w for w in re.findall(r"[^\W\d_]+", name.lower()) if w]
    if not words:
        return False
    if any(head_of(w, lex["owner_heads"], suffix_heads=lex["owner_suffix"], compound_only=lex["owner_compound_only"])
           for w in words):
        return False
    return any(w in lex["whole_org"] or head_of(w, lex["whole_org"]) for w in words)
