"""PDF ingest where text can be extracted: headings guessed from numbering and level words,
bullets as list items, indicators attached; password-protected and text-less PDFs are reported."""
from __future__ import annotations

import pytest

import fixtures_bsp as F
from malkoll.config import Config
from malkoll.ingest import IngestLog, InputError, read_sources


@pytest.fixture(scope="session")
def pdf_bsp():
    return F.generated("pdf")


def test_pdf_goals_levels_owners_and_indicators(pdf_bsp):
    log = IngestLog()
    goals = list(read_sources([str(pdf_bsp.path)], Config(), log=log))
    assert [g.text for g in goals] == [e.text for e in pdf_bsp.goals]
    for exp, g in zip(pdf_bsp.goals, goals):
        assert (g.level, g.owner) == (exp.level, exp.owner), exp.text
        assert g.source.location.startswith(exp.location + ", rad ")
        assert len(g.context_indicators) == exp.indicators, exp.text
    assert log.files[0].indicators == pdf_bsp.indicators == 4
    assert log.files[0].background >= 3  # intro, målområde prose, economy
    assert not any(g.text.startswith(("Indikator", "Mål och budget", "Målområde")) for g in goals)


def test_pdf_without_text_is_reported(tmp_path):
    path = tmp_path / "skannad.pdf"
    F.write_pdf(path, [[]])
    with pytest.raises(InputError, match="ingen text"):
        list(read_sources([str(path)], Config()))


def test_pdf_page_without_text_is_counted_as_skipped(tmp_path):
    path = tmp_path / "blandad.pdf"
    F.write_pdf(path, [["3 Kommunfullmäktiges mål", "• Alla elever ska nå kunskapskraven senast 2027."], []])
    log = IngestLog()
    goals = list(read_sources([str(path)], Config(), log=log))
    assert [g.text for g in goals] == ["Alla elever ska nå kunskapskraven senast 2027."]
    from malkoll.batch import review

    (doc,) = review([str(path)], config=Config(suggestions=False)).documents
    assert [(x.location, x.reason) for x in doc.skipped] == [("sida 2", "ingen text att läsa ut (en inskannad bild?)")]
    (doc,) = review([str(path)], config=Config(suggestions=False), lang="en").documents
    assert [(x.location, x.reason) for x in doc.skipped] == [("page 2", "no text to extract (a scanned image?)")]


def test_password_protected_pdf(tmp_path):
    from pypdf import PdfWriter

    plain = tmp_path / "plain.pdf"
    F.write_pdf(plain, [["Alla elever ska nå kunskapskraven senast 2027."]])
    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="hemligt", owner_password="ägare", algorithm="RC4-128")
    locked = tmp_path / "last.pdf"
    writer.write(str(locked))
    with pytest.raises(InputError, match="lösenordsskyddad"):
        list(read_sources([str(locked)], Config()))


def test_not_a_pdf(tmp_path):
    path = tmp_path / "fel.pdf"
    path.write_bytes(b"<html>inte en pdf</html>")
    with pytest.raises(InputError, match="ingen PDF"):
        list(read_sources([str(path)], Config()))
