"""The web page end to end in headless Chromium, driven as its users drive it: a politician types a
goal (desktop and phone), a kansli reviewer pastes several goals or gives the page a Word document
(file chooser) or an Excel workbook (dropped on the page), reads the overview, filters, opens a
goal, copies a rewrite and a sub-goal, switches to English and downloads both reports.

Every state the tests reach is checked with axe-core (WCAG 2.0/2.1 A and AA) and under a strict
Content-Security-Policy (no inline script or style allowed: a violation fails the test).
Screenshots go to test-artifacts/ (the paths are printed). See tests/browser.py for the browser.
"""
from __future__ import annotations

import io
import re
import socket
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

import fixtures_bsp as F
import fixtures_chain as C
from browser import axe_violations, browser, shot  # noqa: F401  (browser is a fixture)

VAGUE = "Vi ska verka för en god kvalitet i skolan."
PASTED = ["Vi ska verka för en god kvalitet i skolan.",
          "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027.",
          "Socialnämnden ska korta väntetiden till särskilt boende till högst 60 dagar senast 2026."]
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
LONG = 120_000  # ms: a document with suggestions on two shared cores


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


class Page:
    """A page in its own context under a strict CSP; collects script errors and CSP violations."""

    def __init__(self, browser, base_url: str, width: int = 1280, height: int = 900, mobile: bool = False,
                 path: str = "/"):
        self.context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile,
                                           has_touch=mobile, locale="sv-SE", accept_downloads=True)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        self.problems: list[str] = []

        def with_csp(route):
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

        self.context.route(re.compile(re.escape(base_url) + r"/(\?.*)?$"), with_csp)
        self.context.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                                     "(window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI))")
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.problems.append(f"pageerror: {exc}"))
        self.page.on("console", lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.goto(base_url + path)
        self.page.wait_for_selector("body.ready")  # its strings are loaded
        self.axe: list = []

    def check(self, state: str) -> None:
        """axe-core on the page as it is now; CSP violations and script errors so far."""
        self.axe += axe_violations(self.page, state)
        csp = self.page.evaluate("window.__csp || []")
        assert not csp, csp
        assert not self.problems, self.problems
        assert not self.axe, self.axe

    def close(self) -> None:
        self.context.close()


def visible_text(page, selector: str) -> str:
    return page.locator(selector).inner_text()


def mark_numbers(detail) -> list[int]:
    return [int(n) for n in detail.locator(".marked sup a").all_inner_texts()]


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


# --------------------------------------------------------------------------- one goal
def test_one_goal_typed_marks_findings_copy_and_english(browser, base_url, capsys):
    p = Page(browser, base_url)
    page = p.page
    assert page.locator("html").get_attribute("lang") == "sv"
    p.check("empty page, Swedish")
    box = page.get_by_label("Måltext")
    box.click()
    page.keyboard.type(VAGUE, delay=15)  # as a person types: debounced analysis, no button press
    page.wait_for_selector("#single .grade.vague", timeout=60_000)
    detail = page.locator("#single .goal-detail")
    assert detail.locator(".grade-text").inner_text() == "Luddigt mål"
    assert int(detail.locator(".score-value").inner_text()) < 40
    # the marks carry numbers in reading order, each leading to its explanation with the same number
    numbers = mark_numbers(detail)
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 2
    marks = detail.locator(".marked mark")
    assert "verka för" in marks.first.inner_text()
    findings = detail.locator("ol.findings > li")
    assert findings.count() >= len(numbers)
    first = findings.first
    assert first.get_attribute("value") == "1" and "verka för" in first.inner_text()
    detail.locator(".marked sup a").first.click()
    assert page.evaluate("document.activeElement.getAttribute('value')") == "1"
    # plain words: problem names, no rule ids or debugging text where people read
    result_text = visible_text(page, "#result")
    assert not re.search(r"\bMK\d{3}\b", result_text) and "weak-verb" not in result_text
    assert "matchade ord" not in result_text and "synonym till" not in result_text
    assert "Lovar en ansträngning, inte ett resultat" in result_text
    states = detail.locator(".checklist .state").all_inner_texts()
    assert len(states) == 7 and set(states) <= {"uppfyllt", "brister"} and "brister" in states
    # the rule documentation is one click away
    first.locator("summary").click()
    page.wait_for_selector("#single .rule-doc .rule-doc-head", timeout=60_000)
    assert "Varför" in first.inner_text()
    # copy the rewrite and a sub-goal
    rewrite = detail.locator(".rewrite-text").inner_text()
    detail.locator(".rewrite button.copy").click()
    expect(page.locator("#copy-status")).to_have_text("Kopierat till urklipp.")
    assert clipboard(page) == rewrite
    expect(detail.get_by_role("button", name="Kopierat omskrivningen")).to_be_visible()
    if detail.locator(".subgoal").count():
        sub = detail.locator(".subgoal").first
        sub.get_by_role("button", name="Kopiera delmål 1").click()  # its name says what is copied
        expect(sub.get_by_role("button", name="Kopierat delmål 1")).to_be_visible()
        assert clipboard(page) == sub.locator(".subgoal-text > span").first.inner_text()
        expect(detail.locator(".rewrite button.copy .copy-label")).to_have_text("Kopiera")
    if detail.locator(".indicators li[data-source=kolada]").count():
        assert "Källa: Kolada" in detail.locator(".source").inner_text()
    p.check("one goal, Swedish, rule text open")
    shot(page, "e2e-one-goal-sv.png", capsys)

    # the switch to English re-runs the analysis with English messages
    page.get_by_role("button", name="English").click()
    expect(page.locator("#single .grade-text")).to_have_text("Vague goal", timeout=60_000)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_label("Goal text").count() == 1
    assert "Promises an effort, not a result" in visible_text(page, "#result")
    assert "Målet" not in visible_text(page, "#single .findings") and page.title().endswith("followed up?")
    p.check("one goal, English")
    shot(page, "e2e-one-goal-en.png", capsys)
    p.close()


def test_one_goal_result_is_visible_without_scrolling_on_a_phone(browser, base_url, capsys):
    p = Page(browser, base_url, width=375, height=740, mobile=True)
    page = p.page
    # keyboard only: the skip link first, then the text area with Tab
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "goal":
            break
    assert page.evaluate("document.activeElement.id") == "goal"
    page.keyboard.type("Kommunen ska sträva efter att öka tryggheten.", delay=10)
    page.wait_for_selector("#single .grade", timeout=60_000)
    assert page.evaluate("window.scrollY") == 0
    for sel in ("#single .grade", "#single .score-value", "#single .marked"):
        box = page.locator(sel).bounding_box()
        assert box["y"] + box["height"] <= 740, f"{sel} is below the fold on a phone: {box}"
    assert page.locator("#single .marked mark").count() >= 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"horizontal scrolling on a phone: {width}px"
    p.check("one goal, phone")
    shot(page, "e2e-one-goal-phone.png", capsys, full_page=False)
    shot(page, "e2e-one-goal-phone-full.png", capsys)
    p.close()


# --------------------------------------------------------------------------- several goals
def test_several_goals_pasted_overview_filter_details_and_html_download(browser, base_url, capsys):
    p = Page(browser, base_url)
    page = p.page
    page.evaluate("t => navigator.clipboard.writeText(t)", "\n".join(PASTED))
    page.locator("#goal").click()
    page.keyboard.press("Control+V")  # pasted, as from a document
    page.wait_for_selector("#overview .goal-node", timeout=60_000)
    assert page.locator("#overview h2").inner_text() == "Översikt: 3 inklistrade mål"
    nodes = page.locator("#tree .goal-node")
    assert nodes.count() == 3
    assert [nodes.nth(i).locator(".goal-text").inner_text() for i in range(3)] == PASTED
    counts = [int(x) for x in page.locator(".grade-counts .count-n").all_inner_texts()]
    assert sum(counts) == 3
    assert page.locator("#filter-status").inner_text() == "Visar 3 av 3 mål."
    p.check("pasted goals, overview")
    # filter: only the goals that can be followed up
    page.select_option("#filter-grade", "good")
    shown = page.locator("#tree .goal-node:not([hidden])")
    assert shown.count() == counts[0] and page.locator("#filter-status").inner_text() == f"Visar {counts[0]} av 3 mål."
    assert all(shown.nth(i).get_attribute("data-grade") == "good" for i in range(shown.count()))
    page.click("#filter-reset")
    assert page.locator("#tree .goal-node:not([hidden])").count() == 3
    # details on click
    toggle = nodes.first.locator(".goal-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    detail = nodes.first.locator(".goal-detail")
    assert detail.is_visible() and mark_numbers(detail) == list(range(1, len(mark_numbers(detail)) + 1))
    p.check("pasted goals, one goal open")
    shot(page, "e2e-pasted-goals.png", capsys)
    # the HTML report of what is on screen
    with page.expect_download(timeout=LONG) as info:
        page.click("#downloads button[data-format=html]")
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "granskning-malkoll.html"
    assert html.count('<details class="goal"') == 3 and all(text in html for text in PASTED)
    expect(page.locator("#download-status")).to_contain_text("nedladdad")
    p.check("pasted goals, after the download")
    p.close()


# --------------------------------------------------------------------------- documents
def _drop(page, path: Path) -> None:
    """Drop a file on the page, as a person drags it from the file manager."""
    import base64

    data = base64.b64encode(path.read_bytes()).decode()
    transfer = page.evaluate_handle(
        """([name, b64]) => { const bin = atob(b64); const bytes = new Uint8Array(bin.length);
           for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
           const dt = new DataTransfer(); dt.items.add(new File([bytes], name)); return dt; }""", [path.name, data])
    page.dispatch_event("main", "dragenter", {"dataTransfer": transfer})
    assert page.locator("#drop-overlay").is_visible()
    page.dispatch_event("main", "drop", {"dataTransfer": transfer})


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_document_overview_filter_details_and_both_downloads(browser, base_url, kind, capsys):
    fixture = F.generated(kind)  # a BSP ("Mål och budget") with the structure real ones have
    p = Page(browser, base_url)
    page = p.page
    if kind == "docx":
        page.set_input_files("#file", str(fixture.path))  # chosen with the file button
    else:
        _drop(page, fixture.path)  # dropped on the page
    page.wait_for_selector("#overview .goal-node", timeout=LONG)
    n = len(fixture.goals)

    # the overview first: the file, the counts by grade, level and nämnd, the tree, the cascade
    assert page.locator("#overview h2").inner_text() == f"Översikt: {fixture.path.name}"
    assert f"{n} mål hittade, {fixture.indicators} indikatorer" in page.locator("#doc-counts").inner_text()
    assert sum(int(x) for x in page.locator(".grade-counts .count-n").all_inner_texts()) == n
    levels = {li.split("\n")[0]: li for li in page.locator("[aria-labelledby=by-level-h] li").all_inner_texts()}
    committee = sum(1 for g in fixture.goals if g.level == "committee")
    assert f"{committee} mål" in levels["Nämndmål"]
    owners = page.locator("[aria-labelledby=by-owner-h] li").all_inner_texts()
    assert any(o.startswith("Barn- och utbildningsnämnden") for o in owners)
    assert page.locator("#tree .goal-node").count() == n
    nested = page.locator("#tree .goal-node .goal-node")
    assert nested.count() >= 4  # nämndmål under their KF-mål
    cascade = page.locator(".cascade-list > li")
    assert cascade.count() >= 5
    assert not re.search(r"\bMK\d{3}\b", visible_text(page, "#overview"))
    assert "Inte kopplat till ett mål ovanför" in visible_text(page, ".cascade-list")
    p.check(f"{kind}: overview")
    shot(page, f"e2e-document-{kind}-desktop.png", capsys)

    # a filter: one nämnd
    social = [g.text for g in fixture.goals if g.owner == "Socialnämnden"]
    page.select_option("#filter-owner", "Socialnämnden")
    assert page.locator("#filter-status").inner_text() == f"Visar {len(social)} av {n} mål."
    own = page.locator("#tree .goal-node:not([hidden]):not(.context)")
    assert sorted(own.nth(i).locator(":scope > .node-row .goal-text").inner_text() for i in range(own.count())) == sorted(social)
    assert page.locator("#tree .goal-node.context:not([hidden])").count() >= 1  # their KF-mål, for context
    p.check(f"{kind}: filtered by nämnd")

    # the details of one goal, reached from a cascade finding
    page.click("#filter-reset")
    target = "Vi ska verka för en god arbetsmiljö i skolan."
    item = page.locator(".cascade-list > li", has_text=target).first
    item.locator("button.show-goal").click()
    node = page.locator("#tree .goal-node", has=page.locator(":scope > .node-row .goal-text", has_text=target)).first
    detail = node.locator(":scope > .node-detail .goal-detail")
    assert detail.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('goal-toggle')")
    assert detail.locator(".grade-text").inner_text() in ("Går att följa upp", "Behöver arbete", "Luddigt mål")
    numbers = mark_numbers(detail)
    assert numbers == list(range(1, len(numbers) + 1)) and numbers
    assert "Antal beviljade bygglov inom tio veckor" in detail.inner_text()  # the document's own indicator
    p.check(f"{kind}: one goal open")
    shot(page, f"e2e-document-{kind}-detail.png", capsys)

    # both reports of what is on screen
    with page.expect_download(timeout=LONG) as info:
        page.click("#downloads button[data-format=html]")
    assert info.value.suggested_filename == f"{fixture.path.stem}-malkoll.html"
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert html.count('<details class="goal"') == n and fixture.path.name in html and "Målkedjan" in html
    with page.expect_download(timeout=LONG) as info:
        page.click("#downloads button[data-format=xlsx]")
    assert info.value.suggested_filename == f"{fixture.path.stem}-malkoll.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert book["Målkoll – mål"].max_row == n + 1
    if kind == "xlsx":  # each goal knows the sheet and row it came from in the upload
        rows = list(book["Målkoll – mål"].iter_rows(values_only=True))
        assert {r[rows[0].index("Blad")] for r in rows[1:]} == {"Mål och indikatorer"}
    assert not any("/tmp" in str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    expect(page.locator("#download-status")).to_contain_text("nedladdad")
    p.check(f"{kind}: after the downloads")

    if kind == "docx":  # the same document on a phone, in English
        page.set_viewport_size({"width": 375, "height": 740})
        page.get_by_role("button", name="English").click()
        expect(page.locator("#overview h2")).to_have_text(re.compile(r"^Overview: "), timeout=LONG)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert "Goal tree" in visible_text(page, "#overview")
        p.check("docx: overview on a phone, English")
        shot(page, "e2e-document-phone-en.png", capsys)
    p.close()


# --------------------------------------------------------------------------- uncertain passages, links across files
def test_document_with_an_uncertain_passage_shows_it_calmly_with_place_and_reason(browser, base_url, tmp_path, capsys):
    """A nämnd plan whose Bakgrund holds a sentence that reads like a goal: the overview lists it under
    "Osäkra stycken" (the text, where it stands, why it is uncertain), not among the goals. Its goals
    written as sentences of a paragraph are taken as goals, and say that they are uncertain and why."""
    _, plan = C.write_docx(tmp_path)
    p = Page(browser, base_url)
    page = p.page
    _drop(page, plan)
    page.wait_for_selector("#overview .goal-node", timeout=LONG)
    section = page.locator("#overview section.uncertain")
    expect(section.locator("h3")).to_have_text("Osäkra stycken (1)")
    item = section.locator(".uncertain-item")
    assert item.count() == 1 and item.locator("q").inner_text() == C.UNCERTAIN
    assert item.locator(".uncertain-where").inner_text() == "stycke 3 · under rubriken ”Socialnämndens nämndplan 2026 › Bakgrund”"
    assert item.locator(".uncertain-why").inner_text() == "Varför osäkert: låter som ett mål men står i ett bakgrundsavsnitt"
    assert C.UNCERTAIN not in visible_text(page, "#tree")  # not taken as a goal
    doubtful = page.locator("#tree .goal-node", has=page.locator(":scope > .node-row .goal-text", has_text=C.UNCERTAIN_GOAL))
    assert doubtful.locator(".node-doubt").inner_text() == "Osäkert om detta är ett mål"
    assert page.locator("#tree .node-doubt").count() == 2  # the two sentences of the paragraph, no list item
    doubtful.locator(".goal-toggle").click()
    assert doubtful.locator(".goal-doubt").inner_text() == \
        "Osäkert om detta är ett mål; det togs med som målmening i ett stycke med flera målmeningar."
    p.check("document with an uncertain goal open")
    page.click(".uncertain-link a")  # reached from the counts
    assert page.evaluate("location.hash") == "#uncertain-h"
    p.check("document with an uncertain passage")
    shot(page, "e2e-uncertain-passage-desktop.png", capsys)

    page.set_viewport_size({"width": 375, "height": 740})
    page.get_by_role("button", name="English").click()
    expect(section.locator("h3")).to_have_text("Uncertain passages (1)", timeout=LONG)
    assert item.locator(".uncertain-where").inner_text() == "paragraph 3 · under the heading “Socialnämndens nämndplan 2026 › Bakgrund”"
    assert item.locator(".uncertain-why").inner_text() == "Why uncertain: reads like a goal but stands in a background section"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    p.check("document with an uncertain passage, phone, English")
    section.scroll_into_view_if_needed()
    shot(page, "e2e-uncertain-passage-phone-en.png", capsys, full_page=False)
    p.close()


def test_two_documents_chosen_together_link_the_namndmal_to_the_kf_goal(browser, base_url, tmp_path, capsys):
    """The budget and a nämnd plan chosen at once: one steering chain. The nämndmål stands under the
    KF goal of the other file and says so ("Bryter ned: <mål> (<fil>)"), its details say how it was
    linked and lead to the goal above."""
    budget, plan = C.write_docx(tmp_path)
    p = Page(browser, base_url)
    page = p.page
    page.set_input_files("#file", [str(budget), str(plan)])
    page.wait_for_selector("#overview .goal-node", timeout=LONG)
    assert visible_text(page, "#overview h2") == f"Översikt: 2 dokument ({budget.name}, {plan.name})"
    kf = page.locator("#tree .goal-node", has=page.locator(":scope > .node-row .goal-text", has_text=C.KF_GOAL)).first
    child = kf.locator(":scope > ul > .goal-node").first
    assert child.locator(":scope > .node-row .goal-text").inner_text() == C.LINKED
    assert child.locator(":scope > .node-row .node-link").inner_text() == f"Bryter ned: {C.KF_GOAL} ({budget.name})"
    assert page.locator("#tree .node-link").count() == 1  # only the goal linked across the files says so
    # the uncertain passage of the plan, with its file
    assert visible_text(page, ".uncertain-where").startswith(f"{plan.name} · stycke 3")
    p.check("two documents: overview")
    shot(page, "e2e-two-documents-link-desktop.png", capsys)

    child.locator(":scope > .node-row .goal-toggle").click()
    link = child.locator(":scope > .node-detail .goal-link")
    assert link.locator("p").first.inner_text() == f"Bryter ned: {C.KF_GOAL} ({budget.name})"
    assert "Kopplat genom hänvisningen ”2.1”." in link.inner_text()
    p.check("two documents: the linked goal open")
    shot(page, "e2e-two-documents-link-detail.png", capsys)
    link.locator("button.show-goal").click()  # the goal above, one click away
    toggle = kf.locator(":scope > .node-row .goal-toggle")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.textContent") == toggle.inner_text()

    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    p.check("two documents: phone")
    child.evaluate("node => node.scrollIntoView({block: 'start'})")
    shot(page, "e2e-two-documents-link-phone.png", capsys, full_page=False)
    p.close()


def test_unsupported_file_gets_a_plain_message(browser, base_url, tmp_path):
    p = Page(browser, base_url)
    bad = tmp_path / "program.exe"
    bad.write_bytes(b"MZ")
    p.page.set_input_files("#file", str(bad))
    error = p.page.locator("#error")
    assert error.is_visible() and "Filtypen .exe kan inte granskas" in error.inner_text()
    p.check("unsupported file")
    p.close()
