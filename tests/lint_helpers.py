"""Shared helpers for the lint-step tests: the CLI in-process (typer's CliRunner) and small goal files."""
from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from malkoll.cli import app

VAGUE = "Vi ska verka för en god kvalitet i skolan."
GOOD = "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027."
# a committee goal whose only problems are an undefined key term and no named owner
QUALITY = "Skolan ska vara likvärdig och andelen behöriga ska vara minst 90 procent senast 2027."

BSP_MD = """\
# Mål och budget 2025

## Inledning

Det här dokumentet beskriver kommunens mål. Det ska antas av fullmäktige i juni.

## Kommunfullmäktiges mål

- Vi ska verka för en god kvalitet i skolan.
- Tryggheten i kommunen ska öka.
  - Indikator: Andel invånare som känner sig trygga
  - Målvärde: 80 procent 2027

## Barn- och utbildningsnämnden

Nämnden ansvarar för förskola och grundskola. Den har 2 000 anställda.

### Nämndmål

<!-- malkoll: ignore MK301 -->
- Andelen barn i förskolan med plats inom fyra månader ska vara minst 95 procent.
- Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027.
"""


def run(*args: str, input: str | None = None):
    """Run `malkoll …` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
