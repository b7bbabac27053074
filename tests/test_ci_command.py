"""The README's test command is exactly what CI runs (.ci/run), browser included."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_test_command_is_what_ci_runs():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("### Testerna", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    test_command = commands[-1]
    assert test_command == "MALKOLL_REQUIRE_BROWSER=1 python -m pytest -q"
    ci = ROOT.joinpath(".ci", "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()  # the same line, not a variant of it
    assert "apt-get install" in ci and "chromium" in ci and any("apt-get install chromium" in c for c in commands)
    assert "pip install -e '.[test]'" in commands[1] and "install -q -e '.[test]'" in ci
