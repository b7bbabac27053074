"""Rule documentation: docs/rules is generated from the catalogue and must be committed in sync;
`malkoll rules --format json|md` gives the same metadata."""
from __future__ import annotations

import json
from pathlib import Path

from lint_helpers import run
from malkoll.rules import all_rules
from malkoll.rules.docs import generated_docs, main as docs_main, rule_filename

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"


def test_committed_rule_docs_match_the_catalogue():
    pages = generated_docs()
    stale = [rel for rel, text in pages.items()
             if not (DOCS / rel).is_file() or (DOCS / rel).read_text(encoding="utf-8") != text]
    extra = [p.relative_to(DOCS).as_posix() for p in DOCS.rglob("MK*.md")
             if p.relative_to(DOCS).as_posix() not in pages]
    assert not stale and not extra, (
        f"docs/rules är inaktuell ({stale + extra}); kör: python -m malkoll.rules.docs --write docs/rules")


def test_one_page_per_rule_in_swedish_and_english():
    for rule in all_rules():
        sv = (DOCS / rule_filename(rule.meta)).read_text(encoding="utf-8")
        en = (DOCS / "en" / rule_filename(rule.meta)).read_text(encoding="utf-8")
        assert f"# {rule.meta.id} {rule.name}" in sv and "## Vad regeln gör" in sv and "## Skriv i stället" in sv
        assert "## What it does" in en and "## Write instead" in en
        assert rule.meta.doc["sv"]["why"] in sv and rule.meta.doc["en"]["why"] in en


def test_check_mode_detects_a_stale_folder(tmp_path):
    docs_main(["--write", str(tmp_path)])
    assert docs_main(["--check", str(tmp_path)]) == 0
    first = sorted(tmp_path.glob("MK*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "handskrivet\n", encoding="utf-8")
    assert docs_main(["--check", str(tmp_path)]) == 1
    (tmp_path / "MK999-retired.md").write_text("x", encoding="utf-8")
    docs_main(["--write", str(tmp_path)])  # stale pages are removed, edited pages regenerated
    assert not (tmp_path / "MK999-retired.md").exists() and docs_main(["--check", str(tmp_path)]) == 0


def test_rules_command_json_and_md():
    data = json.loads(run("rules", "--format", "json").stdout)
    ids = [r["id"] for r in data]
    assert ids == sorted(ids) and {"MK101", "MK501", "MK601"} <= set(ids)
    weak = next(r for r in data if r["id"] == "MK501")
    assert weak["name"] == "weak-verb" and weak["dimension"] == "no_vagueness" and weak["examples"]["bad"]
    en = json.loads(run("rules", "--format", "json", "--lang", "en").stdout)
    assert "effort" in next(r for r in en if r["id"] == "MK501")["message"]
    md = run("rules", "--format", "md").stdout
    assert md.count("## Vad regeln gör") == len(data) and "# MK501 weak-verb" in md
