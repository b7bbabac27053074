"""Generated Swedish is parsed and checked: every sub-goal, rewrite and constructed indicator that
Målkoll writes for the dev goals and the team's train goals (real goals of 89 organisations).

Checked on what the generator changed or added (the goal's own wording is the organisation's):
- every word it adds is a word the analyzer or the Kolada catalogue knows ("prägls" is not);
- an infinitive after "att" stays an infinitive ("ges förutsättningar att nå", not "att når");
- a verb after "ska" is an infinitive, the verb of "Andel X som ..." is finite;
- "klar" agrees with its noun ("översiktsplan klar", "program klart");
- a term to define is in its base form when its base form is known ("Med ”trygghet” avses");
- a rewrite says the goal's measured thing once ("Tryggheten i kommunen, mätt som [mått], ska öka ...",
  not "Tryggheten i kommunen ska öka: trygghet, mätt som [mått], ska öka ...").
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from malkoll import analyze_many
from malkoll.analyzer import get_nlp
from malkoll.models.indicators import get_index
from malkoll.models.indicators import load_data
from malkoll.analyzer import known_words
from malkoll.suggest import FIXED_TEXTS, MEASURE_TBD, _known_forms, constructed_indicator

DEV = Path(__file__).resolve().parents[1] / "corpus" / "goals" / "dev.jsonl"
WORD = re.compile(r"[A-Za-zÅÄÖåäöéü]+(?:-[A-Za-zÅÄÖåäöéü]+)*")
PLACEHOLDER = re.compile(r"\[[^\]]*\]")


def _goals(path: Path) -> list[str]:
    return [json.loads(x)["text"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@lru_cache(maxsize=None)
def _lexicon() -> frozenset[str]:
    idx = get_index()
    fixed = {w.lower() for t in FIXED_TEXTS for w in WORD.findall(t)}
    owners = {w.lower() for o in load_data("owners")["owners"].values() for k in ("kommun", "region")
              for w in WORD.findall(o[k])}
    lemmas = known_words()[1]  # the lemmas the analyzer's lemma table gives (base forms of terms)
    return frozenset(_known_forms()) | frozenset(idx.vocab.known) | frozenset(idx.vocab.lemma_of) | fixed | owners | lemmas


def _known_word(w: str, allowed) -> bool:
    """A known word, or a compound of known words ("naturvärde", "välfärdstjänst")."""
    if w in allowed:
        return True
    for i in range(2, len(w) - 3):
        left, right = w[:i], w[i:]
        if right in allowed and (left in allowed or left.rstrip("s") in allowed or left[:-1] + "a" in allowed
                                 or left + "a" in allowed):  # "skol|miljö" ~ skola
            return True
    return False


def _problems(goal, nlp) -> list[str]:
    text = goal.text
    own_words = {w.lower() for w in WORD.findall(text)}
    # and their indefinite plural, which "Andel ..." takes ("Lidingöborna" -> "Andel lidingöbor som ...")
    own_words |= {w[:-2] for w in own_words if w.endswith(("na", "en"))} | {w[:-2] + "e" for w in own_words if w.endswith("arna")}
    kolada_words = {w.lower() for i in goal.indicators if i.source == "kolada" for w in WORD.findall(i.title)}
    allowed = own_words | kolada_words | _lexicon()
    own_att = {m.group(1).lower() for m in re.finditer(r"\batt (\w+)", text, re.I)}
    out = []
    own = constructed_indicator(nlp(text))  # built for every goal, shown or not
    generated = [i.title for i in goal.indicators if i.source == "constructed"] + [s.text for s in goal.subgoals]
    generated += [own.title] if own is not None else []
    generated += [goal.rewrite] if goal.rewrite else []
    for sentence in generated:
        plain = PLACEHOLDER.sub(" ", sentence)
        for part in re.sub(r"”[^”]*”", "”…”", plain).split(". "):  # quotations are the goal's own words
            head = part.split(" ska ", 1)[0].strip(" ,").lower()
            if " ska " in part and len(head) > 3 and head in part.split(" ska ", 1)[1].lower():
                out.append(f"the measure repeats the goal in {part!r} of {sentence!r}")
        for w in WORD.findall(plain):
            if not _known_word(w.lower(), allowed) and not w[:1].isupper():
                out.append(f"unknown word {w!r} in {sentence!r}")
        for m in re.finditer(r"\batt (\w+)", plain.replace(MEASURE_TBD, ""), re.I):
            if m.group(1).lower() not in own_att and m.group(1).lower() not in own_words | kolada_words:
                out.append(f"'att {m.group(1)}' in {sentence!r}")
        doc = nlp(plain)
        for tok in doc:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if tok.lower_ == "ska" and nxt is not None and nxt.pos_ in ("VERB", "AUX") \
                    and "Fin" in nxt.morph.get("VerbForm") and nxt.lower_ not in own_words:
                out.append(f"finite verb after 'ska' in {sentence!r}")
        if sentence.startswith("Andel ") and " som " in sentence and "instämmer" not in sentence:
            after = sentence.split(" som ", 1)[1].split()[0]
            if after.lower() not in own_words and "Inf" in nlp(f"de som {after}")[2].morph.get("VerbForm"):
                out.append(f"infinitive after 'som' in {sentence!r}")
        m = re.search(r"^(.+?) ska vara (klar|klart|klara) senast", sentence)
        if m:
            noun = next(t for t in nlp(m.group(1)) if t.pos_ in ("NOUN", "PROPN"))  # the thing, first
            want = "klara" if "Plur" in noun.morph.get("Number") else "klart" if "Neut" in noun.morph.get("Gender") else "klar"
            if m.group(2) != want:
                out.append(f"'{noun.text} ... {m.group(2)}' does not agree in {sentence!r}")
        for term in re.findall(r"Med ”([^”]+)” avses", sentence):
            tok = nlp(term)[-1]
            if "Def" in tok.morph.get("Definite") and tok.lemma_.lower() in _known_forms() and tok.lower_ != tok.lemma_.lower():
                out.append(f"term {term!r} not in base form in {sentence!r}")
    return out


def _check(texts: list[str]) -> None:
    nlp = get_nlp()
    report = analyze_many(texts)
    problems = [p for g in report.goals if g.error is None for p in _problems(g, nlp)]
    assert not problems, "\n".join(problems[:20]) + f"\n({len(problems)} in all)"


def test_generated_swedish_on_the_dev_goals():
    _check(_goals(DEV))


def test_generated_swedish_on_the_train_goals(shared_data):
    _check(_goals(shared_data("goals-train/goals.jsonl")))


@pytest.mark.parametrize("text", ["Kommunen ska präglas av öppenhet.", "Medarbetarna ska präglas av engagemang.",
                                  "Region Uppsalas medarbetare ska ges förutsättningar att nå sina mål.",
                                  "Kommunstyrelsen ska ta fram ett nytt bostadsförsörjningsprogram.",
                                  "Tryggheten i kommunen ska öka."])
def test_generated_swedish_on_the_issue_examples(text):
    _check([text])
