"""Headless Chromium for the browser tests (the web page and the HTML report): Debian's chromium
through Playwright with executable_path; Playwright never downloads a browser. Locally a test
skips when chromium or playwright is missing; with MALKOLL_REQUIRE_BROWSER=1 (set by .ci/run) that
is a failure. Screenshots go to test-artifacts/ (git-ignored; each path is printed).

    from browser import browser, shot, axe_violations  # noqa: F401  (browser is a fixture)
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("MALKOLL_ARTIFACTS") or ROOT / "test-artifacts")
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("MALKOLL_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def unavailable(reason: str):
    if os.environ.get("MALKOLL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"MALKOLL_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        unavailable("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


def shot(page, name: str, capsys=None, full_page: bool = True) -> Path:
    """A screenshot in test-artifacts/; its path is printed (also under pytest -q)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    message = f"\n[browser] screenshot: {path}"
    if capsys is not None:
        with capsys.disabled():
            print(message)
    else:
        print(message)
    return path


def axe_violations(page, state: str) -> list:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):  # not a <script>: the page's CSP must not allow it
        page.evaluate("() => {" + AXE.read_text(encoding="utf-8") + "\n}")
    result = page.evaluate("""async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
                           WCAG_TAGS)
    assert len(result["passes"]) > 10, f"axe did not really run on {state}"
    return [(state, v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
