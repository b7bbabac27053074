"""Derive the measure nouns of Kolada's KPI titles (build time; output committed as data).

A Kolada title names its measure first when it starts with a singular noun: "Sjukfrånvaro totalt,
kommun, andel (%)", "Valdeltagande i senaste kommunval, andel (%)", "Kostnad för …", "Nöjdhet …".
Titles that start with a group of people or things ("Elever i åk 9 …", "Invånare 65+ …") count
them, and those nouns are plural. So: the first word of every title, parsed by Målkoll's own
pipeline; kept when it is a common noun in the singular, indefinite form (morphology, not a word
list) that heads at least MIN_TITLES titles, is not a group of people (the analyzer's
beneficiary lexicon) and not an abstract key term (rules/lexicons/terms.yaml: "trygghet" heads
survey KPIs, but "ökad trygghet" in a goal names no measure). The example of each entry is the
first Kolada title it heads. The analyzer marks these nouns as KOLADA spans in the metrics group;
they are weaker evidence than the curated metric nouns, so the rule `missing-measure` leaves the
call to the learned gate when one stands in a goal (malkoll.gate).

    python models/kolada/measure_nouns.py            # writes analyzer/lexicons/kolada_measures.yaml
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KPIS = ROOT / "models" / "kolada" / "kpis.jsonl"
OUT = ROOT / "analyzer" / "lexicons" / "kolada_measures.yaml"
MIN_TITLES = 4


def derive() -> list[dict]:
    from malkoll.analyzer import get_nlp
    from malkoll.analyzer.features import _lex

    titles = [json.loads(line)["title"] for line in KPIS.read_text(encoding="utf-8").splitlines() if line.strip()]
    from malkoll.rules.matching import word_set

    people = _lex()["beneficiaries"]
    abstract, _ = word_set("terms", "abstract_terms")
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}
    for title, doc in zip(titles, get_nlp().pipe(titles, batch_size=256)):
        first = doc[0]
        morph = first.morph
        if first.pos_ != "NOUN" or morph.get("Number") != ["Sing"] or morph.get("Definite") == ["Def"] \
                or morph.get("Case") == ["Gen"] or not first.is_alpha or len(first.text) < 4:
            continue
        lemma = first._.lem
        if lemma in people or lemma in abstract:
            continue
        counts[lemma] += 1
        example.setdefault(lemma, title)
    return [{"lemma": w, "titles": n, "example": example[w]}
            for w, n in sorted(counts.items()) if n >= MIN_TITLES]


def main() -> None:
    entries = derive()
    lines = ["# Measure nouns of Kolada's KPI titles (Källa: Kolada), derived by",
             "# models/kolada/measure_nouns.py from models/kolada/kpis.jsonl: a singular, indefinite common noun",
             "# that begins at least 4 titles. Regenerate with that script; do not edit by hand.",
             "measure_nouns:"]
    for e in entries:
        lines.append(f"  - {{lemma: {json.dumps(e['lemma'], ensure_ascii=False)}, titles: {e['titles']}, "
                     f"example: {json.dumps(e['example'], ensure_ascii=False)}}}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(entries)} measure nouns -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
