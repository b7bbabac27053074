"""Test documents for a steering chain across files, with the structure real ones have: the
fullmäktige budget (vision, målområden, numbered KF goals) and a nämnd plan whose Bakgrund holds a
sentence that reads like a goal (the outline reports it as an uncertain passage), whose nämndmål
refers to the KF goal it breaks down ("(KF-mål 2.1)": linked across the files by reference), and
whose operational goals stand as sentences of a paragraph (taken as goals, on weaker evidence).
Written by the tests themselves, as Word documents (tests/md_to_docx.py) or Markdown."""
from __future__ import annotations

from pathlib import Path

from md_to_docx import convert

BUDGET_NAME = "Mål och budget 2026"
PLAN_NAME = "Socialnämndens nämndplan"

BUDGET = """# Mål och budget 2026–2028

## Inledning

Det här dokumentet beskriver kommunfullmäktiges mål för mandatperioden. Under varje målområde följer de mål som nämnderna ska bryta ned i sina planer.

## Vision

Tallby 2035 – en trygg och hållbar kommun där alla kan växa.

## Kommunfullmäktiges mål

### Målområde 1: Barn och unga

- KF-mål 1.1: Alla barn och elever ska känna sig trygga i förskolan och skolan.
- KF-mål 1.2: Andelen elever som är behöriga till gymnasiet ska öka till 90 procent senast 2028.

### Målområde 2: Vård och omsorg

- KF-mål 2.1: Äldre ska kunna bo kvar hemma med god livskvalitet så länge de önskar.
- KF-mål 2.2: Väntetiden till särskilt boende ska vara högst 60 dagar år 2027.
"""

PLAN = """# Socialnämndens nämndplan 2026

## Bakgrund

Socialnämnden ansvarar för äldreomsorg och individ- och familjeomsorg. Antalet invånare över 80 år växer med fyra procent per år. Kommunen ska bli klimatneutral till 2030.

## Nämndmål

- Andelen brukare i hemtjänsten som kan bo kvar i ordinärt boende ska öka till 85 procent senast 2027 (KF-mål 2.1).
- Socialnämnden ska verka för en god arbetsmiljö i hemtjänsten.

## Verksamhetens mål

Väntetiden till försörjningsstöd ska vara högst tio dagar år 2027. Alla nya medarbetare ska ha en introduktion inom en månad.
"""

KF_GOAL = "Äldre ska kunna bo kvar hemma med god livskvalitet så länge de önskar."
LINKED = "Andelen brukare i hemtjänsten som kan bo kvar i ordinärt boende ska öka till 85 procent senast 2027"  # the reference is not part of the goal
UNCERTAIN = "Kommunen ska bli klimatneutral till 2030."
UNCERTAIN_GOAL = "Väntetiden till försörjningsstöd ska vara högst tio dagar år 2027."  # a goal sentence of a paragraph


def write_docx(folder: Path) -> tuple[Path, Path]:
    """The budget and the nämnd plan as Word documents: (budget, plan)."""
    folder.mkdir(parents=True, exist_ok=True)
    return convert(BUDGET, folder / f"{BUDGET_NAME}.docx"), convert(PLAN, folder / f"{PLAN_NAME}.docx")
