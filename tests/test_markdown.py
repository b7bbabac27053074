"""Markdown through the reader's blocks and the one outline: headings and lists give the hierarchy
(level, owner), background prose is not a goal, indicator lists attach to their goal, comments
suppress rules (counted), and every goal knows its line and column."""
from __future__ import annotations

import json

from lint_helpers import run, write
from malkoll import analyze_many
from malkoll.config import Config
from malkoll.ingest import goals_from_text as goals_from_markdown
from malkoll.ingest.markdown import split_blocks

DOC = """\
---
title: Mål och budget 2025
---
# Mål och budget 2025

## Inledning

Det här dokumentet beskriver kommunens mål. Det ska antas av fullmäktige i juni.

- Kommunen ska ta fram en ny budgetprocess under året.

## Vision

Här växer framtiden – en attraktiv kommun för alla.

## Kommunfullmäktiges mål

1. Kommunen ska verka för en god kvalitet i skolan.
2. **Tryggheten** i kommunen ska öka.
   - Indikator: Andel invånare som känner sig trygga (U07402)
   - Målvärde: 80 procent 2027

Indikatorer:

- Nöjd-Medborgar-Index

## Barn- och utbildningsnämnden

Nämnden ansvarar för förskola, grundskola och gymnasieskola. Den har 2 000 anställda.

### Nämndmål

<!-- malkoll: ignore MK401, hedge -->
- Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027.
- Alla barn ska i möjligaste mån erbjudas plats
  inom fyra månader. <!-- malkoll: ignore missing-time -->
  - Aktiviteter:
    - Bygga en ny förskola i centrum
- Kort

Mål 3: Sjukfrånvaron ska minska till högst 6 procent.

Tekniska förvaltningen
======================

Verksamhetsmål
--------------

- Energianvändningen i kommunens lokaler ska minska med 10 procent till 2026.

| Nr | Mål | Indikator |
|---|---|---|
| 4.1 | Hyresgästerna ska vara nöjda till minst 85 procent 2027. | Nöjd kund-index |

| Ort | Antal |
|---|---|
| Centrum | 12 |

```
- Kod ska inte läsas som ett mål här
```

> Citat ska inte heller läsas som mål av Målkoll.
"""


def _goals(text=DOC, **cfg):
    return goals_from_markdown(text, "bsp.md", Config(**cfg))


def test_goals_found_and_prose_left_out():
    texts = [g.text for g in _goals()]
    assert texts == [
        "Här växer framtiden – en attraktiv kommun för alla.",
        "Kommunen ska verka för en god kvalitet i skolan.",
        "Tryggheten i kommunen ska öka.",
        "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027.",
        "Alla barn ska i möjligaste mån erbjudas plats inom fyra månader.",
        "Sjukfrånvaron ska minska till högst 6 procent.",
        "Energianvändningen i kommunens lokaler ska minska med 10 procent till 2026.",
        "Hyresgästerna ska vara nöjda till minst 85 procent 2027.",  # the table with a Mål column
    ]
    assert [g.id for g in _goals()] == [f"g{i}" for i in range(1, 9)]


def test_headings_give_level_and_owner():
    goals = _goals()
    assert [g.level for g in goals] == ["vision", "overarching", "overarching", "committee", "committee",
                                        "committee", "operational", "operational"]
    assert all(g.level_from == "document" for g in goals)
    # the KF goals' owner is the council the heading names ("Kommunfullmäktiges mål")
    assert [g.owner for g in goals] == [None, "Kommunfullmäktige", "Kommunfullmäktige", "Barn- och utbildningsnämnden",
                                        "Barn- och utbildningsnämnden", "Barn- och utbildningsnämnden",
                                        "Tekniska förvaltningen", "Tekniska förvaltningen"]
    assert goals[3].source.owner == "Barn- och utbildningsnämnden" and goals[3].source.level == "committee"


def test_indicators_attach_to_their_goal_and_are_not_goals():
    goals = _goals()
    assert goals[2].context_indicators == ["Andel invånare som känner sig trygga (U07402)",
                                           "Målvärde: 80 procent 2027", "Nöjd-Medborgar-Index"]
    assert goals[7].context_indicators == ["Nöjd kund-index"]
    assert all(not g.context_indicators for i, g in enumerate(goals) if i not in (2, 7))


def test_line_and_column_point_at_the_goal_text():
    lines = DOC.splitlines()
    for g in _goals():
        src = g.source
        assert src.file == "bsp.md"
        first_word = g.text.split()[0]
        assert lines[src.line - 1][src.column - 1:].startswith(first_word), (g.text, src)
    multi = _goals()[4]
    assert multi.source.location == f"rad {multi.source.line}–{multi.source.line + 1}"


def test_comments_fill_suppress():
    goals = _goals()
    assert goals[3].suppress == ["MK401", "hedge"]  # the comment before applies to the next goal only
    assert goals[4].suppress == ["missing-time"]  # a comment at the end of the goal's own line
    assert all(not g.suppress for i, g in enumerate(goals) if i not in (3, 4))
    file_wide = _goals(DOC + "\n<!-- malkoll: ignore-file MK802 -->\n")
    assert all("MK802" in g.suppress for g in file_wide)


def test_suppressed_findings_are_counted_not_hidden():
    text = ("## Mål\n\n<!-- malkoll: ignore hedge -->\n- Maten ska i möjligaste mån vara ekologisk.\n"
            "- Maten ska i möjligaste mån vara närproducerad.\n")
    report = analyze_many(goals_from_markdown(text, None), config=Config(suggestions=False))
    first, second = report.goals
    assert not any(f.name == "hedge" for f in first.findings) and first.suppressed == 1
    assert any(f.name == "hedge" for f in second.findings) and second.suppressed == 0
    assert report.summary.suppressed == 1
    doc = analyze_many(_goals(), config=Config(suggestions=False))
    assert not any(f.name == "missing-time" for f in doc.goals[4].findings) and doc.goals[4].suppressed == 1


def test_ignore_without_rules_suppresses_every_rule_for_that_goal():
    text = "## Mål\n\n<!-- malkoll: ignore -->\n- Vi ska verka för en god kvalitet i skolan.\n- Tryggheten ska öka.\n"
    goals = goals_from_markdown(text, None)
    report = analyze_many(goals, config=Config(suggestions=False))
    assert report.goals[0].findings == [] and report.goals[0].suppressed > 0
    assert report.goals[1].findings


def test_unstructured_markdown_takes_only_goal_like_lines():
    text = ("Målkoll läser det här.\n\n- Andelen nöjda brukare ska öka till 90 procent senast 2026.\n"
            "- Läs mer på intranätet\n\nVi ska verka för en god kvalitet i skolan.\n\n"
            "Det här är bakgrund. Den ska inte läsas som mål eftersom den har flera meningar.\n")
    assert [g.text for g in goals_from_markdown(text, None)] == [
        "Andelen nöjda brukare ska öka till 90 procent senast 2026.",
        "Vi ska verka för en god kvalitet i skolan."]


def test_nested_list_under_a_goal_is_sub_goals_unless_labelled():
    text = ("## Nämndmål\n\n- Fler elever ska klara gymnasiet inom tre år.\n"
            "  - Andelen som tar examen inom tre år ska vara minst 80 procent 2027.\n"
            "    - Indikator: Andel elever med examen inom 3 år\n"
            "  - Indikatorer:\n    - Andel elever som påbörjar gymnasiet\n")
    goals = goals_from_markdown(text, None)
    assert [g.text for g in goals] == ["Fler elever ska klara gymnasiet inom tre år.",
                                       "Andelen som tar examen inom tre år ska vara minst 80 procent 2027."]
    assert goals[1].context_indicators == ["Andel elever med examen inom 3 år"]
    assert goals[0].context_indicators == ["Andel elever som påbörjar gymnasiet"]


LINKED = """\
## Kommunfullmäktiges mål

KF-mål 1: Andelen elever i årskurs 9 som är behöriga till gymnasiet ska vara minst 90 procent 2027.

KF-mål 2: Fler äldre ska kunna bo kvar hemma med minst 80 procent nöjda brukare 2026.

## Nämndmål

### Barn- och utbildningsnämnden

- Andelen elever i årskurs 6 med lägst E i alla ämnen ska vara minst 85 procent 2027 (Koppling till KF-mål 1).

### Socialnämnden

- Väntetiden till särskilt boende ska vara högst 60 dagar senast 2026.
  - Koppling: KF-mål 2

### Mål 3: Tryggheten i kommunen ska öka till minst 80 procent 2027

- Andelen trygga invånare i centrum ska vara minst 75 procent 2026.
"""


def test_links_to_the_goal_above_from_references_and_structure():
    goals = goals_from_markdown(LINKED, "plan.md")
    assert goals[0].parent is None and goals[0].level == "overarching" and goals[1].level == "overarching"
    sixth = goals[2]
    assert sixth.parent == "g1" and sixth.text.endswith("2027") and "Koppling" not in sixth.text
    assert goals[3].parent == "g2" and goals[3].context_indicators == []  # "Koppling:" is a link, not an indicator
    assert goals[5].parent == goals[4].id  # under the goal heading "Mål 3: …"


def test_streamed_goals_keep_the_hierarchy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "plan.md", LINKED)
    lines = [json.loads(x) for x in run("check", "plan.md", "-f", "jsonl", "--no-suggestions").stdout.splitlines()]
    assert [g["parent"] for g in lines[:-1]][:4] == [None, None, "g1", "g2"]
    full = json.loads(run("check", "plan.md", "-f", "json", "--no-suggestions").stdout)
    unlinked = {f["goal"] for d in full["documents"] for f in d["findings"] if f["rule"] == "MK901"}
    assert not unlinked & {"g3", "g4"}  # linked by reference; "Mål 3" (a nämndmål) links to nothing
    assert "g5" in unlinked


def _owner_under(heading: str) -> tuple[str | None, str | None]:
    goals = goals_from_markdown(f"## {heading}\n\n### Nämndmål\n\n- Väntetiden ska vara högst 60 dagar 2026.\n", None)
    return goals[0].owner, goals[0].level


def test_owner_headings():
    assert _owner_under("Barn- och utbildningsnämnden") == ("Barn- och utbildningsnämnden", "committee")
    assert _owner_under("Socialnämndens mål")[0] == "Socialnämnden"
    assert _owner_under("2.3 Mål för Kultur- och fritidsnämnden")[0] == "Kultur- och fritidsnämnden"
    assert _owner_under("Kommunstyrelsen")[0] == "Kommunstyrelsen"
    assert _owner_under("Tekniska förvaltningen") == ("Tekniska förvaltningen", "committee")
    assert _owner_under("Alla nämnders mål")[0] is None  # no one body
    goals = goals_from_markdown("## Kulturrådet\n\n### Nämndmål\n\n- Väntetiden ska vara högst 60 dagar 2026.\n",
                                None, Config(owners=["Kulturrådet"]))
    assert goals[0].owner == "Kulturrådet"
    goals = goals_from_markdown("## Socialnämndens mål\n\n- Väntetiden ska vara högst 60 dagar 2026.\n", None)
    assert goals[0].owner == "Socialnämnden" and goals[0].level == "committee"
    goals = goals_from_markdown("## Kommunfullmäktiges mål\n\n- Alla ska känna sig trygga 2027.\n", None)
    assert goals[0].owner == "Kommunfullmäktige" and goals[0].level == "overarching"


def test_blocks_keep_lines_items_and_tables():
    blocks = split_blocks("# Titel\n\nRad ett\nRad två\n\n- punkt\n  - under\n\n| Mål | Ansvarig |\n|---|---|\n| A | B |\n")
    assert [(b.kind, b.depth) for b in blocks] == [("heading", 1), ("para", 0), ("item", 0), ("item", 1), ("table", 0)]
    assert [(ln.text, ln.where.line) for ln in blocks[1].lines] == [("Rad ett", 3), ("Rad två", 4)]
    assert blocks[4].header == 0 and [[c.text for c in r] for r in blocks[4].rows] == [["Mål", "Ansvarig"], ["A", "B"]]


def test_cli_reads_markdown_folders_with_owner_from_structure(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "styr" / "b.md", DOC)
    write(tmp_path / "styr" / "a.markdown", "## Nämndmål\n\n- Tryggheten ska öka.\n")
    r = run("check", "styr", "-f", "json", "--no-suggestions")
    data = json.loads(r.stdout)
    assert [g["source"]["file"] for g in data["goals"]][:2] == ["styr/a.markdown", "styr/b.md"]
    bun = [g for g in data["goals"] if g["source"]["owner"] == "Barn- och utbildningsnämnden"]
    assert bun and all(g["dimensions"]["owner"] for g in bun)
    assert all(g["level"]["from"] == "document" for g in data["goals"] if g["source"]["level"])
    assert data["summary"]["suppressed"] >= 1  # the inline ignore of missing-time


def test_a_markdown_file_without_goals_is_a_clear_input_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bakgrund.md", "# Bakgrund\n\nDet här är bara text. Inga mål här.\n")
    r = run("check", "bakgrund.md")
    assert r.exit_code == 2 and "inga mål" in r.stderr
    for fmt in ("text", "jsonl"):  # the pre-commit hook: a commit touching only a README is fine
        r = run("check", "bakgrund.md", "--allow-empty", "-f", fmt)
        assert r.exit_code == 0 and "inga mål" in r.stderr
