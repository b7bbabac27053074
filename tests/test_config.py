"""Configuration: malkoll.toml / [tool.malkoll] found upward from the input, kebab-case keys,
overridable on the command line; a bad file gives exit 2 naming the key; a config that ignores a
rule, adds a glossary term and changes fail-on changes the verdicts and the exit code."""
from __future__ import annotations

import json

import pytest

from lint_helpers import QUALITY, run, write
from malkoll import analyze
from malkoll.config import Config, ConfigError, discover, find_config_file


def _goal(text: str, **cfg):
    return analyze(text, config=Config(suggestions=False, **cfg)).goals[0]


# --- discovery -------------------------------------------------------------------------------

def test_discover_finds_malkoll_toml_upward(tmp_path):
    write(tmp_path / "repo" / "malkoll.toml", 'fail-on = "error"\n')
    deep = tmp_path / "repo" / "docs" / "styrdokument"
    deep.mkdir(parents=True)
    assert find_config_file(deep) == (tmp_path / "repo" / "malkoll.toml").resolve()
    assert discover(deep / "bsp.md").fail_on == "error"


def test_malkoll_toml_wins_over_pyproject_in_the_same_folder_and_nearest_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.malkoll]\nfail-on = "suggestion"\n')
    write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.malkoll]: skipped
    write(tmp_path / "a" / "b" / "pyproject.toml", '[tool.malkoll]\nfail-on = "never"\n')
    write(tmp_path / "a" / "b" / "malkoll.toml", 'fail-on = "error"\n')
    assert discover(tmp_path / "a" / "b").fail_on == "error"
    assert discover(tmp_path / "a").fail_on == "suggestion"  # up past a pyproject without the table


def test_discovery_stops_at_the_repository_root(tmp_path):
    write(tmp_path / "malkoll.toml", 'fail-on = "error"\n')
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "docs").mkdir()
    assert discover(tmp_path / "repo" / "docs") == Config()


def test_kebab_and_snake_case_keys_are_the_same():
    kebab = Config.from_mapping({"fail-on": "error", "extra-vague-words": ["kraftfull"], "lix-limit": 50,
                                 "long-sentence-words": 20, "per-file-ignores": {"a/*.md": ["MK401"]},
                                 "max-goal-chars": 900, "municipality-type": "L"})
    snake = Config.from_mapping({"fail_on": "error", "extra_vague_words": ["kraftfull"], "lix_limit": 50,
                                 "long_sentence_words": 20, "per_file_ignores": {"a/*.md": ["MK401"]},
                                 "max_goal_chars": 900, "municipality_type": "L"})
    assert kebab == snake and kebab.lix_limit == 50 and kebab.per_file_ignores == {"a/*.md": ["MK401"]}


@pytest.mark.parametrize("toml, key", [
    ('fail-on = "sometimes"\n', "fail-on"),
    ('ignore = ["MK999"]\n', "ignore"),
    ('select = "MK501"\n', "select"),
    ('severity = {weak-verb = "fatal"}\n', "severity.weak-verb"),
    ('severity = {no-such-rule = "error"}\n', "severity"),
    ('glossary = {trygghet = ""}\n', "glossary"),
    ('lix-limit = -3\n', "lix-limit"),
    ('vague-words = ["x"]\n', "vague-words"),
    ('[per-file-ignores]\n"docs/*.md" = ["MK9"]\n', "per-file-ignores"),
])
def test_bad_config_exits_2_naming_the_key(tmp_path, monkeypatch, toml, key):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "malkoll.toml", toml)
    write(tmp_path / "mal.txt", "Tryggheten ska öka.\n")
    r = run("check", "mal.txt")
    assert r.exit_code == 2
    assert f"”{key}”" in r.stderr and "malkoll.toml" in r.stderr
    assert "Traceback" not in r.stderr and r.stderr.strip().count("\n") == 0


def test_broken_toml_and_bad_pyproject_table_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "mal.txt", "Tryggheten ska öka.\n")
    write(tmp_path / "pyproject.toml", '[tool.malkoll]\nfail_on = 3\n')
    r = run("check", "mal.txt")
    assert r.exit_code == 2 and "”fail-on”" in r.stderr and "pyproject.toml" in r.stderr
    write(tmp_path / "malkoll.toml", "fail-on = \n")
    r = run("check", "mal.txt")
    assert r.exit_code == 2 and "ogiltig TOML" in r.stderr


# --- the config changes verdicts and exit codes (as documented in the README) -----------------

CONFIG = """\
ignore = ["missing-owner"]
fail-on = "error"

[glossary]
"likvärdig" = "skillnaden i meritvärde mellan skolorna är högst 10 poäng"  # å, ä, ö: quote the key
"""


def test_config_ignoring_a_rule_adding_a_term_and_changing_fail_on(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "nämnd" / "mal.txt", QUALITY + "\n")
    base = run("check", "nämnd/mal.txt", "-f", "json", "--no-suggestions", "--level", "committee")
    goal = json.loads(base.stdout)["goals"][0]
    assert base.exit_code == 1
    assert not goal["dimensions"]["terms_defined"] and not goal["dimensions"]["owner"]
    assert {"undefined-term", "missing-owner"} <= {f["name"] for f in goal["findings"]}

    write(tmp_path / "malkoll.toml", CONFIG)
    conf = run("check", "nämnd/mal.txt", "-f", "json", "--no-suggestions", "--level", "committee")
    goal = json.loads(conf.stdout)["goals"][0]
    assert goal["dimensions"]["terms_defined"] and goal["dimensions"]["owner"]  # verdicts changed
    assert not {"undefined-term", "missing-owner"} & {f["name"] for f in goal["findings"]}
    assert not any(f["severity"] == "error" for f in goal["findings"])
    assert conf.exit_code == 0  # fail-on = "error": the remaining warnings do not fail

    # the command line overrides the file: fail-on back to warning, or a rule back in
    expected = 1 if goal["findings"] else 0  # any remaining finding is at or above "suggestion"
    assert run("check", "nämnd/mal.txt", "--no-suggestions", "--level", "committee",
               "--fail-on", "suggestion").exit_code == expected
    sel = run("check", "nämnd/mal.txt", "-f", "json", "--no-suggestions", "--select", "owner,MK601")
    names = {f["name"] for f in json.loads(sel.stdout)["goals"][0]["findings"]}
    assert names <= {"missing-owner", "undefined-term"}


def test_severity_override_and_fail_on_decide_the_exit_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    goal = "Socialnämnden ska öka andelen nöjda brukare till minst 90 procent."  # no time
    write(tmp_path / "mal.txt", goal + "\n")
    write(tmp_path / "malkoll.toml", 'fail-on = "error"\nignore = ["style"]\n')
    first = run("check", "mal.txt", "-f", "json", "--no-suggestions")
    sev = {f["name"]: f["severity"] for f in json.loads(first.stdout)["goals"][0]["findings"]}
    assert "missing-time" in sev and "error" not in sev.values() and first.exit_code == 0
    write(tmp_path / "malkoll.toml", 'fail-on = "error"\nignore = ["style"]\n[severity]\nmissing-time = "error"\n')
    second = run("check", "mal.txt", "-f", "json", "--no-suggestions")
    sev = {f["name"]: f["severity"] for f in json.loads(second.stdout)["goals"][0]["findings"]}
    assert sev["missing-time"] == "error" and second.exit_code == 1


def test_pyproject_tool_malkoll_is_used(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", '[project]\nname = "styr"\n\n[tool.malkoll]\nfail-on = "never"\n')
    write(tmp_path / "mal.txt", "Vi ska verka för en god kvalitet i skolan.\n")
    assert run("check", "mal.txt", "--no-suggestions").exit_code == 0
    assert run("check", "mal.txt", "--no-suggestions", "--fail-on", "warning").exit_code == 1


def test_extra_vague_words_fire_a_vagueness_finding():
    text = "Kommunen ska ha en kraftfull kulturverksamhet med minst 100 evenemang per år senast 2026."
    base = _goal(text)
    assert not any(f.excerpt.lower().startswith("kraftfull") for f in base.findings)
    conf = _goal(text, extra_vague_words=["kraftfull*"])
    hits = [f for f in conf.findings if f.excerpt.lower().startswith("kraftfull")]
    assert hits and hits[0].dimension == "no_vagueness" and hits[0].name in ("vague-adjective", "weak-verb")
    assert not conf.dimensions["no_vagueness"]
    assert "kraftfull" in hits[0].message


def test_owner_names_of_the_organisation_count_as_owner():
    text = "Kulturrådet ska ha minst 100 evenemang per år senast 2026."
    assert not _goal(text).dimensions["owner"]
    conf = _goal(text, owners=["Kulturrådet"])
    assert conf.dimensions["owner"] and not any(f.name == "missing-owner" for f in conf.findings)
    assert _goal("Kulturrådets utställningar ska ha minst 100 besökare per dag senast 2026.",
                 owners=["Kulturrådet"]).dimensions["owner"]


def test_multi_word_glossary_term_counts_as_defined():
    text = "Hemtjänsten ska ha hög kvalitet senast 2026."
    base = _goal(text)
    conf = _goal(text, glossary={"hög kvalitet": "minst 90 procent nöjda brukare i brukarundersökningen"})
    base_spans = {f.excerpt for f in base.findings if f.name in ("vague-adjective", "undefined-term")}
    assert base_spans and not {f.excerpt for f in conf.findings if f.name in ("vague-adjective", "undefined-term")}


def test_thresholds_come_from_the_config():
    text = ("Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent "
            "senast 2027.")  # 19 words
    assert not any(f.name == "long-sentence" for f in _goal(text).findings)
    assert any(f.name == "long-sentence" for f in _goal(text, long_sentence_words=10).findings)
    assert any(f.name == "readability" for f in _goal(text, lix_limit=5).findings)


def test_per_file_ignores_are_counted_as_suppressed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "Vi ska verka för en god kvalitet i skolan.\n"
    write(tmp_path / "docs" / "gamla" / "plan.txt", text)
    write(tmp_path / "docs" / "ny.txt", text)
    write(tmp_path / "malkoll.toml", '[per-file-ignores]\n"docs/gamla/*.txt" = ["weak-verb", "terms_defined"]\n')
    r = run("check", "docs", "-f", "json", "--no-suggestions")
    data = json.loads(r.stdout)
    by_file = {g["source"]["file"]: g for g in data["goals"]}
    old, new = by_file["docs/gamla/plan.txt"], by_file["docs/ny.txt"]
    assert any(f["name"] == "weak-verb" for f in new["findings"])
    assert not any(f["name"] == "weak-verb" or f["dimension"] == "terms_defined" for f in old["findings"])
    assert old["suppressed"] >= 2 and new["suppressed"] == 0
    assert data["summary"]["suppressed"] == old["suppressed"]
    assert "undertryckta: " in r.stderr


def test_config_file_option_and_unknown_cli_rule(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "annan.toml", 'fail-on = "never"\n')
    assert run("check", "--config", "annan.toml", "--no-suggestions", "--text", "Tryggheten ska öka.").exit_code == 0
    r = run("check", "--ignore", "MK000", "--text", "Tryggheten ska öka.")
    assert r.exit_code == 2 and "MK000" in r.stderr


def test_config_error_names_the_key_directly():
    with pytest.raises(ConfigError, match="”extra-vague-words”"):
        Config.from_mapping({"extra-vague-words": "kraftfull"}, origin="malkoll.toml")


def test_per_file_ignore_globs_are_relative_to_the_config_file(tmp_path):
    write(tmp_path / "malkoll.toml", '[per-file-ignores]\n"arkiv/**/*.md" = ["MK301"]\n"*.txt" = ["style"]\n')
    config = discover(tmp_path)
    assert config.suppressions_for(tmp_path / "arkiv" / "plan.md") == ["MK301"]  # ** also matches no folder
    assert config.suppressions_for(tmp_path / "arkiv" / "2019" / "q1" / "plan.md") == ["MK301"]
    assert config.suppressions_for(tmp_path / "nytt" / "plan.md") == []
    assert config.suppressions_for(tmp_path / "djup" / "mal.txt") == ["style"]
