"""End to end in headless Chromium: the page loads, a vague goal typed into it gets marks, the grade and
the checklist; English works; the page fits a phone. Screenshots go to test-artifacts/.

Uses Debian's chromium (installed by .ci/run) through Playwright with executable_path; Playwright never
downloads a browser. Locally the test skips when chromium is missing; with MALKOLL_REQUIRE_BROWSER=1
(set by .ci/run) a missing browser is a failure.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VAGUE = "Vi ska verka för en god kvalitet i skolan."


def _chromium() -> str | None:
    for candidate in (os.environ.get("MALKOLL_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _unavailable(reason: str):
    if os.environ.get("MALKOLL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"MALKOLL_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    path = _chromium()
    if path is None:
        _unavailable("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url():
    import uvicorn

    from malkoll.service.main import create_app
    from malkoll.service.settings import Settings

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(port=port)), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 240
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the service did not start")
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def _shot(page, name: str, capsys) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    with capsys.disabled():
        print(f"\n[e2e] screenshot: {path}")
    return path


def test_typing_a_vague_goal_shows_marks_and_grade(browser, base_url, capsys):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "sv"

    box = page.get_by_label("Måltext")  # the text area has a real label
    box.click()
    page.keyboard.type(VAGUE, delay=15)  # as a person types: debounced analysis, no button press

    page.wait_for_selector("#marked mark", timeout=60_000)
    page.wait_for_selector("#grade.vague", timeout=60_000)
    marked = page.locator("#marked mark").all_inner_texts()
    joined = " ".join(marked)
    assert "verka för" in joined and "god" in joined, marked
    assert page.locator("#grade .grade-text").inner_text().startswith("Luddigt mål")  # the headline: grade and score
    assert int(page.locator("#score").inner_text()) < 40
    checklist = page.locator("#checklist li")
    assert checklist.count() == 7
    # meaning not by colour alone: every item says in words whether it is met
    states = page.locator("#checklist .state").all_inner_texts()
    assert set(states) <= {"uppfyllt", "brister"} and "brister" in states
    # each mark links to its explanation
    first_link = page.locator("#marked sup a").first
    target = first_link.get_attribute("href")
    assert page.locator(target).count() == 1 and first_link.get_attribute("aria-label")
    assert page.locator("#findings li").count() >= 2
    if page.locator("#indicators li[data-source=kolada]").count():
        assert page.locator("#kolada-source").is_visible()
        assert "Källa: Kolada" in page.locator("#kolada-source").inner_text()
    if page.locator("#rewrite-section").is_visible():
        page.locator("#copy").click()
        page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
        assert page.locator("#copy-status").inner_text() == "Kopierat."
    shot = _shot(page, "e2e-service-sv.png", capsys)
    assert shot.stat().st_size > 10_000

    # the switch to English re-runs the analysis with English messages
    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.querySelector('#grade .grade-text').textContent.startsWith('Vague goal')", timeout=60_000)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_label("Goal text").count() == 1
    _shot(page, "e2e-service-en.png", capsys)
    assert not errors, errors
    context.close()


def test_page_fits_a_phone_and_works_by_keyboard(browser, base_url, capsys):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "/")
    # keyboard only: skip link first, then reach the text area with Tab
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "goal":
            break
    assert page.evaluate("document.activeElement.id") == "goal"
    page.keyboard.type("Kommunen ska sträva efter att öka tryggheten.", delay=10)
    page.wait_for_selector("#marked mark", timeout=60_000)
    page.wait_for_selector("#grade.vague, #grade.needs_work", timeout=60_000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"horizontal scrolling on a phone: {width}px"
    _shot(page, "e2e-service-phone.png", capsys)
    context.close()


AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("width,lang", [(1280, "sv"), (375, "en")])
def test_page_has_no_wcag_violations(browser, base_url, width, lang):
    """axe-core (WCAG 2.0/2.1 A and AA rules) on the page with a full result and an opened rule text."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{base_url}/?lang={lang}")
    page.fill("#goal", "Vi ska verka för en god kvalitet i skolan och öka tryggheten i möjligaste mån.")
    page.wait_for_selector("#marked mark", timeout=60_000)
    page.locator("#findings details summary").first.click()
    page.wait_for_selector(".rule-doc h4", timeout=60_000)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => await axe.run(document,
        {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    problems = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert not problems, problems
    assert len(result["passes"]) > 20  # axe really ran
    page.close()
