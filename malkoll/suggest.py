"""Suggestions that make a goal followable: indicators, sub-goals per nämnd, a rewrite.

    indicators, subgoals, rewrite = suggest(goal_text, findings, grade,
                                            level=None, owner=None, municipality_type="K", naming=None)

* indicators: 3-5 Kolada KPIs (Källa: Kolada) ranked for the goal, or a constructed
  indicator in the Kolada style ("Andel ... (%)") from the goal's own words when no
  KPI fits (marked ``source="constructed"``);
* subgoals: for goals graded ``vague`` or ``needs_work``, two to four measurable
  sub-goal drafts, each tied to one indicator and given a proposed responsible nämnd;
* rewrite: the goal rewritten so that its findings are resolved (``None`` when the goal
  is already ``good``).

Values only the organisation knows are placeholders: "[nuvarande värde]", "[målvärde]",
"[år]", "[definition]". No figure is ever invented: every number in a sub-goal or a rewrite
comes from the goal itself or is part of a suggested indicator's name ("Elever i åk 9 …",
quoted as Kolada writes it); target values and years are always placeholders.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from malkoll.report import Indicator, Subgoal
from malkoll.models.indicators import (
    KOLADA_ATTRIBUTION,
    KOLADA_DISCLAIMER,
    KOLADA_DISCLAIMER_EN,
    context_municipality_type,
    get_index,
    load_data,
    tokenize,
)

PH_CURRENT = "[nuvarande värde]"
PH_TARGET = "[målvärde]"
PH_YEAR = "[år]"
PH_DEFINITION = "[definition]"
PH_MEASURE = "[mått]"
MEASURE_TBD = "(mått att fastställa)"

# a KPI "fits" the goal when it covers this share of the goal's own content words (idf-weighted);
# below WEAK_COVERAGE the constructed indicator comes first
FIT_COVERAGE = 0.3
WEAK_COVERAGE = 0.15
PARTIAL_COVERAGE = 0.6
MIN_SCORE_FRACTION = 0.45  # drop suggestions scoring below this share of the best one
SUBGOAL_COVERAGE = 0.4  # later sub-goals need a KPI that covers this share of the goal's words


# --------------------------------------------------------------------------- #
# indicators
# --------------------------------------------------------------------------- #
def indicator_suggestions(
    goal_text: str,
    k: int = 5,
    municipality_type: str | None = "K",
    lemmas: list[str] | None = None,
) -> list[Indicator]:
    """Ranked indicator suggestions for a goal: Kolada KPIs first, a constructed one when none fits."""
    mt = _mt(goal_text, municipality_type)
    idx = get_index()
    hits = idx.search(goal_text, k=max(k, 5), municipality_type=mt, lemmas=lemmas)
    cover = max((idx.coverage(goal_text, h.id, lemmas) for h in hits[:3]), default=0.0)
    out: list[Indicator] = []
    if hits:
        best = hits[0].score
        for h in hits:
            if h.score >= best * MIN_SCORE_FRACTION and not (h.discontinued and len(out) >= 3):
                out.append(h.as_indicator())
    if cover < FIT_COVERAGE:
        con = constructed_indicator(goal_text)
        if con is not None:
            if cover < WEAK_COVERAGE:  # nothing in Kolada measures this goal: the constructed one first
                out = [con] + out[: max(0, k - 1)]
            else:  # Kolada comes close: offer the constructed one as an alternative
                out = out[: max(0, k - 1)] + [con]
    elif cover < PARTIAL_COVERAGE:
        # Kolada measures part of the goal; a share built from the goal's own words measures all of it
        con = constructed_indicator(goal_text)
        if con is not None and con.title.startswith("Andel ") and con.id == "konstruerad-1":
            out = out[: max(0, k - 1)] + [con]
    return out[:k]


def _mt(text: str, municipality_type: str | None) -> str:
    return context_municipality_type(text, municipality_type)


# --------------------------------------------------------------------------- #
# Swedish helpers
# --------------------------------------------------------------------------- #
@lru_cache(maxsize=1)
def _verbs() -> tuple[dict, set]:
    d = load_data("verbs")
    return dict(d["irregular"]), set(d["second_conjugation"])


def present_tense(inf: str) -> str:
    irregular, second = _verbs()
    if inf in irregular:
        return irregular[inf]
    if inf.endswith("as") and len(inf) > 4:
        return inf[:-2] + "s"
    if inf in second:
        return inf[:-1] if inf.endswith("ra") else inf[:-1] + "er"
    if inf.endswith("a"):
        return inf + "r"
    if inf[-1:] in "oeiuyåäö":
        return inf + "r"
    return inf


def _lower_first(s: str) -> str:
    if not s:
        return s
    w = s.split(" ", 1)[0]
    if len(w) > 1 and (w.isupper() or any(c.isupper() for c in w[1:])):
        return s
    return s[0].lower() + s[1:]


def _upper_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


# --------------------------------------------------------------------------- #
# constructed indicator
# --------------------------------------------------------------------------- #
_SKA_RE = re.compile(r"\b(ska|skall|bör)\b", re.IGNORECASE)
_LEADING = re.compile(r"^(fler|färre|alla|samtliga|mer|mindre|en|ett|vi|de|den|det|andelen|antalet)\s+", re.IGNORECASE)
_DIRECTION_VERBS = {"öka", "minska", "förbättras", "halveras", "sjunka", "stiga", "växa", "förbättra", "höjas", "sänkas"}
_PEOPLE_NOUN = re.compile(
    r"^(elev|barn|unga|ungdom|invånar|medborgar|brukar|kund|omsorgstagar|vårdtagar|patient|äldre|person|"
    r"medarbetar|anställd|hushåll|familj|förälder|föräldrar|vårdnadshavar|företag|företagar|resenär|besökar|"
    r"deltagar|studerand|lärar|kvinn|män|flick|pojk|pensionär|nyanländ|\w+bor$|\w+elev)\w*$"
)
_PEOPLE_HINT = re.compile(
    r"(are|arna|er|erna|or|orna|ar|arna|barn|barnen|äldre|unga|personer|hushåll|hushållen|företag|företagen|anställda|patienter)$"
)


def _indefinite_plural(word: str) -> str:
    """eleverna -> elever, invånarna -> invånare, barnen -> barn (best effort)."""
    w = word.lower()
    idx = get_index()
    if w.endswith("arna"):
        cand = w[:-2] + "e"
        if idx.norm.lemma(cand) in idx.norm.known or cand in idx.norm.known:
            return cand
        return w[:-2]
    if w.endswith(("erna", "orna")):
        return w[:-2]
    if w.endswith("en") and len(w) > 4 and (w[:-2] in idx.norm.known):
        return w[:-2]
    return w


def constructed_indicator(goal_text: str) -> Indicator | None:
    """A Kolada-style indicator built from the goal's own words ("Andel ... (%)", "Antal ...")."""
    text = re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", goal_text.strip())[0].strip().rstrip(".!")  # first sentence
    if not text:
        return None
    m = _SKA_RE.search(text)
    title = None
    if m:
        subject = text[: m.start()].strip(" ,")
        pred = text[m.end():].strip(" ,")
        pred_words = pred.split()
        s_low = subject.lower()
        if s_low.startswith("antalet "):
            title = "Antal " + subject[len("antalet "):]
        elif s_low.startswith("andelen "):
            title = "Andel " + subject[len("andelen "):] + " (%)"
        elif pred_words and pred_words[0].lower() in _DIRECTION_VERBS:
            obj = " ".join(pred_words[1:]).strip()
            obj = re.split(r",| samt | genom | via | bland annat ", obj)[0].strip()
            # "Sjukfrånvaron ska minska" measures the subject; "Kommunen ska minska fossilberoendet" the object
            thing = obj if obj and not re.match(r"^(med|till|från|under|senast|till år)\b", obj) else subject
            title = f"{_upper_first(thing)} {MEASURE_TBD}"
        elif subject and pred_words:
            subj = _LEADING.sub("", subject).strip()
            words = subj.split()
            head = words[-1].lower() if words else ""
            # "Kommunens invånare" -> head "invånare"; "Fler barn och unga" -> head "barn"
            for w in words:
                if _PEOPLE_NOUN.match(w.lower()):
                    head = w.lower()
                    break
            if words and _PEOPLE_NOUN.match(head):
                words = _drop_owner_genitive([_indefinite_plural(w) if w.lower() == head else w for w in words], head)
                subj = " ".join(words)
                # adverbials may stand before the verb: "ska i högre utsträckning få ..."
                vi = next((i for i, w in enumerate(pred_words) if _is_infinitive(w.lower())), None)
                if vi is not None:
                    verb = pred_words[vi].lower()
                    adv = " ".join(pred_words[:vi])
                    rest = _coordinated_present(pred_words[vi + 1:])
                    clause = " ".join(x for x in (adv, present_tense(verb), rest) if x)
                    title = f"Andel {_lower_first(subj)} som {clause} (%)"
    if title is None and not m:
        title = _constructed_without_ska(text)
    if title is None:
        return _agreement_indicator(text)
    title = re.sub(r"\s+", " ", title)
    return Indicator(
        id="konstruerad-1",
        title=_upper_first(title),
        source="constructed",
        score=0.0,
        why="konstruerad av målets egna ord; ingen Kolada-indikator passade – mätmetoden behöver fastställas",
        operating_area=None,
    )


_GENITIVE_ORG = re.compile(r"^(\w+s|kommunens|kommuns|regionens|regions|stadens|landstingets)$", re.IGNORECASE)
_NOT_VERB = {"i", "på", "av", "för", "till", "med", "om", "under", "en", "ett", "högre", "större", "utsträckning",
             "alltid", "också", "även", "aktivt", "fortsatt", "mer", "mera", "bra", "sina", "våra", "dina"}


def _drop_owner_genitive(words: list[str], head: str) -> list[str]:
    """'Region Uppsalas medarbetare' / 'Kommunens invånare' -> 'medarbetare' / 'invånare' (the owner is implied)."""
    hi = next((i for i, w in enumerate(words) if w.lower() == head or _indefinite_plural(w) == head), None)
    if not hi:
        return words
    last_gen = None
    for i in range(hi):
        w = words[i]
        if _GENITIVE_ORG.match(w) and (w[:1].isupper() or w.lower() in ("kommunens", "kommuns", "regionens", "stadens")):
            last_gen = i
    return words[last_gen + 1:] if last_gen is not None else words


def _coordinated_present(words: list[str]) -> str:
    """'... samt vara nöjda' -> '... samt är nöjda' (coordinated infinitives follow the first verb)."""
    out = list(words)
    for i in range(1, len(out)):
        if out[i - 1].lower() in ("och", "samt", "eller") and _is_infinitive(out[i].lower()) and out[i].lower() in _verbs()[0]:
            out[i] = present_tense(out[i].lower())
    return " ".join(out)


def _is_infinitive(w: str) -> bool:
    irregular, second = _verbs()
    if w in _NOT_VERB or not w.isalpha():
        return False
    return w in irregular or w in second or w.endswith("as") or (w.endswith("a") and len(w) > 2)


@lru_cache(maxsize=1)
def _present_forms() -> set[str]:
    irregular, second = _verbs()
    forms = set(irregular.values()) | {present_tense(v) for v in second}
    return forms | {"upplever", "känner", "deltar", "använder", "trivs", "klarar", "når"}


def _constructed_without_ska(text: str) -> str | None:
    """'Fler Lundabor i arbete' -> 'Andel lundabor i arbete (%)';
    'Luleås invånare har arbete' -> 'Andel invånare som har arbete (%)'."""
    words = text.split()
    if len(words) < 2:
        return None
    first = words[0].lower()
    if first in ("fler", "färre", "alla") and _PEOPLE_NOUN.match(words[1].lower()):
        rest = " ".join(words[1:])
        return f"Andel {_lower_first(rest)} (%)"
    finite = next((i for i, w in enumerate(words) if w.lower() in _present_forms()), None)
    if finite is None or finite == 0:
        return None
    subj = words[:finite]
    head = next((w for w in subj if _PEOPLE_NOUN.match(w.lower())), None)
    if head is None:
        return None
    if subj[0].endswith("s") and subj[0][:1].isupper() and len(subj) > 1:
        subj = subj[1:]  # "Luleås invånare" -> "invånare"
    subj = [_indefinite_plural(w) if w == head else w for w in subj]
    pred = " ".join(words[finite:])
    return f"Andel {_lower_first(' '.join(subj))} som {pred} (%)"


def _agreement_indicator(goal_text: str) -> Indicator:
    """Nothing to build on: measure agreement with the goal in a survey among residents."""
    text = re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", goal_text.strip())[0].strip().rstrip(".!")
    toks = set(tokenize(text))
    who = "invånare"
    for g in _rewrite_data()["agreement_population"]["groups"]:
        if toks & set(g["words"]):
            who = g["population"]
            break
    return Indicator(
        id="konstruerad-2",
        title=f"Andel {who} som instämmer i påståendet ”{text}” (%)",
        source="constructed",
        score=0.0,
        why="konstruerad: enkätfråga om målet självt; ett bättre mått behöver fastställas",
        operating_area=None,
    )


# --------------------------------------------------------------------------- #
# measures, directions, owners
# --------------------------------------------------------------------------- #
_PEOPLE_WORDS = re.compile(
    r"^(elever|gymnasieelever|invånare|barn|personer|brukare|patienter|anställda|vuxna|hushåll|kvinnor|män|"
    r"ungdomar|unga|äldre|hemtjänsttagare|deltagare|lärare|kursdeltagare|biståndsmottagare|nyanlända|"
    r"medarbetare|föräldrar|familjer|företag|sjuksköterskor|läkare|skyddsbehövande|heltidstjänster|"
    r"heltidsanställda|heltidsarbetande|avgångna|förvärvsarbetande|sysselsatta|arbetslösa|rökare|"
    r"kariesfria|mpr-vaccinerade|hpv-vaccinerade|vuxna biståndsmottagare|lärare \(heltidstjänster\))\b",
    re.IGNORECASE,
)
_SURVEY_RE = re.compile(
    r"^(.+?):\s*(.+\?)\s*Andel som (?:har )?svarat (.+?)\s*,?\s*\(%\)\s*$", re.IGNORECASE
)
_ANDEL_TAIL = re.compile(r",?\s*andel\s*\(%\)(\s*av\s+[^,]+)?\s*(\(-\s?\d{4}\))?\s*\.?$", re.IGNORECASE)


def measure_phrase(ind: Indicator, goal_text: str) -> tuple[str, str]:
    """(phrase, unit) naming what an indicator measures, in running Swedish, definite form."""
    title = re.sub(r"\s+", " ", ind.title).strip()
    if ind.source == "constructed":
        if title.startswith("Andel ") and title.endswith("(%)"):
            return "andelen " + title[6:-3].strip(), " procent"
        if title.startswith("Antal "):
            return "antalet " + title[6:], ""
        if title.endswith(MEASURE_TBD):
            return f"{_lower_first(title[: -len(MEASURE_TBD)].strip())}, mätt som {PH_MEASURE},", ""
        return f"värdet för ”{title}”", ""
    q = _SURVEY_RE.match(title)
    if q:
        group, question, answers = q.group(1).strip(), q.group(2).strip(), q.group(3).strip().rstrip(",")
        answers = re.sub(r'"([^"]+)"', r"”\1”", answers)
        phrase = f"andelen {_lower_first(group)} som svarat {answers} på frågan ”{question}”"
        return phrase, " procent"
    m = _ANDEL_TAIL.search(title)
    if m:
        head = title[: m.start()].strip(" ,")
        parts = [p.strip() for p in re.split(r"(?<!-),", head)]  # "ekonomi-, humanistiska ..." stays whole
        main, quals = parts[0], [q for q in parts[1:] if q]
        if _PEOPLE_WORDS.match(main):
            phrase = "andelen " + _lower_first(main)
            if quals:
                if phrase.endswith(")"):
                    phrase = phrase[:-1] + ", " + ", ".join(quals) + ")"
                else:
                    phrase += " (" + ", ".join(quals) + ")"
            return phrase, " procent"
    name = re.sub(r"(?<!\s)\s*\(-\s?\d{4}\)\s*$", "", title)  # (?<!\s): one try per run of spaces
    name = re.sub(r"(?<!\s)\s+-\s+", " – ", name)
    return f"nyckeltalet ”{name}”", ""


def _goal_numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


@lru_cache(maxsize=1)
def _rewrite_data() -> dict:
    return load_data("rewrite")


def goal_direction(goal_text: str) -> str | None:
    d = _rewrite_data()["direction"]
    toks = set(tokenize(goal_text))
    dec = toks & set(d["decrease_words"])
    inc = toks & set(d["increase_words"])
    if dec and not inc:
        return "minska"
    if inc and not dec:
        return "öka"
    return None


def indicator_direction(ind: Indicator, goal_text: str, primary: bool) -> str | None:
    d = _rewrite_data()["direction"]
    t = ind.title.lower()
    higher = any(re.search(r"\b" + re.escape(w), t) for w in d["higher_is_better_in_title"])
    lower = not higher and any(w in t for w in d["lower_is_better_in_title"])
    gdir = goal_direction(goal_text)
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


def target_clause(direction: str | None, unit: str) -> str:
    if direction in ("öka", "minska"):
        return f"ska {direction} från {PH_CURRENT} till {PH_TARGET}{unit} senast {PH_YEAR}"
    return f"ska gå från {PH_CURRENT} till {PH_TARGET}{unit} senast {PH_YEAR}"


@lru_cache(maxsize=1)
def _owners() -> dict:
    return load_data("owners")["owners"]


def responsible(area: str | None, municipality_type: str = "K", naming: dict | None = None,
                owner: str | None = None, level: str | None = None) -> str | None:
    """Proposed responsible nämnd for an operating area; the organisation's own names win."""
    if owner and level in ("committee", "operational"):
        return owner
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


def _similar(a: str, b: str, threshold: float = 0.5) -> bool:
    wa, wb = set(re.findall(r"[a-zåäö]{3,}", a)), set(re.findall(r"[a-zåäö]{3,}", b))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= threshold


def _variant_key(title: str) -> str:
    """Titles that differ only in age band or regi form are variants of one measure."""
    t = title.lower()
    t = re.sub(r"\(-?\s?\d{4}\)", "", t)
    t = re.sub(r"\d+", "#", t)
    t = re.sub(r"\b(kvinnor|män|hemkommun|lägeskommun|kommunala skolor|fristående skolor|fristående grundskola|"
               r"kommunal regi|enskild regi)\b", "", t)
    return re.sub(r"[^a-zåäö#:–-]+", " ", t).strip()


def _broad_family(title: str) -> str:
    """Variants plus sub-indices ("Företagsklimat Insikt - Upphandling - Index") belong together."""
    head = re.split(r"\s[-–]\s|:", _variant_key(title))[0]
    return re.sub(r"[^a-zåäö#]+", " ", head).strip()


# --------------------------------------------------------------------------- #
# sub-goals
# --------------------------------------------------------------------------- #
def make_subgoals(goal_text: str, indicators: list[Indicator], *, municipality_type: str = "K",
                  naming: dict | None = None, owner: str | None = None, level: str | None = None) -> list[Subgoal]:
    chosen: list[Indicator] = []
    seen: set[str] = set()
    idx = get_index()
    con = next((i for i in indicators if i.source == "constructed"), None)
    if con is not None and "instämmer i påståendet" not in con.title:
        indicators = [con] + [i for i in indicators if i is not con]
    for ind in indicators:
        if len(chosen) >= 3:
            break
        fam = _broad_family(ind.title)
        if fam in seen or any(_similar(fam, f) for f in seen):
            continue  # "behöriga till yrkesprogram" and "... till estetiska programmet" make one sub-goal, not two
        if ind.source == "kolada" and chosen and idx.coverage(goal_text, ind.id) < SUBGOAL_COVERAGE:
            continue  # a weak match makes a poor sub-goal
        seen.add(fam)
        chosen.append(ind)
    for ind in indicators:  # short of two: a close Kolada match, even a sibling of the first
        if len(chosen) >= 2:
            break
        if ind not in chosen and ind.source == "kolada" \
                and _variant_key(ind.title) not in {_variant_key(c.title) for c in chosen} \
                and idx.coverage(goal_text, ind.id) >= FIT_COVERAGE:
            chosen.append(ind)
    if len(chosen) < 2:
        con = constructed_indicator(goal_text)
        if con is not None and all(c.source != "constructed" for c in chosen):
            chosen.append(con)
    for ind in indicators:  # still short of two: the next suggestion of another family, if it is close enough
        if len(chosen) >= 2:
            break
        if ind not in chosen and _broad_family(ind.title) not in {_broad_family(c.title) for c in chosen}:
            if ind.source == "kolada" and idx.coverage(goal_text, ind.id) < WEAK_COVERAGE:
                continue
            chosen.append(ind)
    if len(chosen) < 2 and all(c.id != "konstruerad-2" for c in chosen):
        chosen.append(_agreement_indicator(goal_text))  # last resort: ask whether the goal is met
    for ind in indicators:  # still one: the best remaining Kolada suggestion, however loose
        if len(chosen) >= 2:
            break
        if ind not in chosen and ind.source == "kolada":
            chosen.append(ind)
    if len(chosen) < 2:  # nothing in Kolada at all: the goal's own wording with a measure to be set
        text = re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", goal_text.strip())[0].strip().rstrip(".!")
        chosen.append(Indicator(id="konstruerad-3", title=f"{_upper_first(text)} {MEASURE_TBD}", source="constructed",
                                score=0.0, why="konstruerad: målets egen formulering; måttet behöver fastställas"))
    out = []
    for i, ind in enumerate(chosen[:4]):
        phrase, unit = measure_phrase(ind, goal_text)
        direction = indicator_direction(ind, goal_text, primary=(i == 0))
        text = f"{_upper_first(phrase)} {target_clause(direction, unit)}."
        who = responsible(ind.operating_area, municipality_type, naming, owner, level)
        if who is None and ind.source == "constructed":
            first = next((c for c in indicators if c.operating_area), None)
            who = responsible(first.operating_area if first else None, municipality_type, naming, owner, level)
        out.append(Subgoal(text=text, owner=who, indicator=ind.id))
    return out


# --------------------------------------------------------------------------- #
# rewrite
# --------------------------------------------------------------------------- #
def _f(finding: Any, attr: str, default=None):
    if isinstance(finding, dict):
        return finding.get(attr, default)
    return getattr(finding, attr, default)


def _action(name: str | None) -> str | None:
    if not name:
        return None
    name = name.lower()
    for key, spec in _rewrite_data()["actions"].items():
        if name == key or any(m in name for m in spec["match"]):
            return spec["action"]
    return None


def make_rewrite(goal_text: str, findings: list, indicators: list[Indicator], *, municipality_type: str = "K",
                 naming: dict | None = None, owner: str | None = None, level: str | None = None) -> str:
    actions: dict[str, list] = {}
    for f in findings or []:
        act = _action(_f(f, "name")) or _action(_f(f, "rule"))
        if act:
            actions.setdefault(act, []).append(f)
    text = goal_text.strip()
    # 1. drop hedges by span
    spans = sorted(
        [(_f(f, "start"), _f(f, "end")) for f in actions.get("delete", []) if _f(f, "start") is not None],
        reverse=True,
    )
    for s, e in spans:
        if 0 <= s < e <= len(text):
            text = text[:s] + text[e:]
    text = re.sub(r"\s+", " ", text).strip(" ,.")
    core: str | None = text
    # 2. bundled goals: keep the first objective (the others become their own goals)
    was_cut = False
    for f in actions.get("split", []):
        ex = (_f(f, "excerpt") or "").strip()
        pos = core.find(ex) if ex else -1
        if pos > 0:
            cut = max(core.rfind(", ", 0, pos), core.rfind(" samt ", 0, pos), core.rfind("; ", 0, pos))
            if cut > 0:
                core = core[:cut].strip()
                was_cut = True
    # 3. an effort verb: keep the result it aims at ("verka för att X" -> "X")
    effort = _rewrite_data()["effort_phrases"]["phrases"]
    weak_excerpts = [(_f(f, "excerpt") or "").lower() for f in actions.get("effort_to_result", [])]
    low = core.lower()
    m = None
    for ph in sorted(set(weak_excerpts + effort), key=len, reverse=True):
        if not ph:
            continue
        m = re.search(r"\b" + re.escape(ph) + r"\b(\s+att\b)?", low)
        if m and (ph in weak_excerpts or m.group(1)):
            break
        m = None
    if m is not None:
        if m.group(1):  # "... verka för att X" -> "X"
            rest = re.sub(r"^(att\s+)+", "", core[m.end():].strip(), flags=re.IGNORECASE)
            core = _upper_first(rest)
        else:
            core = None
    # 4. a vague adjective on the target ("god kvalitet", "attraktiv arbetsgivare"): the measure replaces it
    for f in findings or []:
        if _action(_f(f, "name")) != "measure" or "adj" not in (_f(f, "name") or ""):
            continue
        ex = (_f(f, "excerpt") or "").strip()
        if not core or not ex:
            continue
        after = core[core.find(ex) + len(ex):].strip() if ex in core else ""
        nxt = after.split(" ", 1)[0].lower().strip(",.") if after else ""
        if " " in ex or (nxt and nxt not in _NOT_NOUN):
            core = None
    if not _has_finite(core):
        core = None
    # 5. measure, target and time
    primary = indicators[0] if indicators else constructed_indicator(goal_text)
    con = next((i for i in indicators if i.source == "constructed"), None)
    if con is not None and "instämmer i påståendet" not in con.title:
        primary = con  # Kolada has nothing close: the goal's own words make the better measure
    if was_cut and core:
        best = indicator_suggestions(core, k=1, municipality_type=municipality_type)
        primary = best[0] if best else primary
    phrase, unit = measure_phrase(primary, goal_text) if primary else ("måluppfyllelsen", "")
    direction = indicator_direction(primary, core or goal_text, primary=True) if primary else goal_direction(goal_text)
    measure = f"{phrase} {target_clause(direction, unit)}"
    if core:
        core = core.rstrip(" .:")
        out = f"{core}: {measure}."
    else:
        out = f"{_upper_first(measure)}."
    # 6. owner, terms, split
    has_owner_finding = bool(actions.get("add_owner"))
    if has_owner_finding or not owner:
        who = responsible(primary.operating_area if primary else None, municipality_type, naming, owner, level)
        if who and (has_owner_finding or level in ("committee", "operational")):
            out += f" Ansvarig: {who}."
    terms = []
    for f in actions.get("define_term", []):
        ex = (_f(f, "excerpt") or "").strip()
        if ex and ex.lower() not in (t.lower() for t in terms) and ex.lower() in out.lower():
            terms.append(ex)
    for t in terms[:2]:
        out += f" Med ”{t}” avses {PH_DEFINITION}."
    if actions.get("split"):
        out += " Målets övriga delar formuleras som egna mål med egna mått (se delmålen)."
    return out


_NOT_NOUN = {"och", "i", "med", "på", "för", "till", "av", "om", "att", "som", "när", "eller", "samt", "under", "inom", ""}
_FINITE = re.compile(r"\b(är|har|blir|kan|får|ska|skall|\w+(ar|er|ir|or|ur|yr|år|är|ör))\b", re.IGNORECASE)


def _has_finite(text: str | None) -> bool:
    return bool(text) and bool(_FINITE.search(text))


# --------------------------------------------------------------------------- #
# entry point
# --------------------------------------------------------------------------- #
def suggest(
    goal_text: str,
    findings: list,
    grade: str,
    *,
    level: str | None = None,
    owner: str | None = None,
    municipality_type: str | None = "K",
    naming: dict | None = None,
    lemmas: list[str] | None = None,
    k: int = 5,
) -> tuple[list[Indicator], list[Subgoal], str | None]:
    """Indicators (top 3-5, Källa: Kolada), sub-goals (vague/needs_work only) and a rewrite (None when good)."""
    if not (goal_text or "").strip():
        return [], [], None
    mt = _mt(goal_text, municipality_type)
    indicators = indicator_suggestions(goal_text, k=k, municipality_type=mt, lemmas=lemmas)
    subgoals: list[Subgoal] = []
    rewrite = None
    if grade in ("vague", "needs_work"):
        subgoals = make_subgoals(goal_text, indicators, municipality_type=mt, naming=naming, owner=owner, level=level)
        rewrite = make_rewrite(goal_text, findings, indicators, municipality_type=mt, naming=naming,
                               owner=owner, level=level)
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
