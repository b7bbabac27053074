"""Tests for the shipped Swedish pipeline (malkoll.models)."""

from __future__ import annotations

from pathlib import Path

import pytest

from malkoll.models import PIPELINE_DIR, load_sv_pipeline
from malkoll.models.components import forbidden_starts
from malkoll.models.evaluate import GOAL_GOLD, read_conllu, score

needs_pipeline = pytest.mark.skipif(
    not (PIPELINE_DIR / "config.cfg").exists(), reason="shipped pipeline missing"
)


@pytest.fixture(scope="module")
def nlp():
    if not (PIPELINE_DIR / "config.cfg").exists():
        pytest.skip("shipped pipeline missing")
    return load_sv_pipeline()


def _tok(doc, text):
    hits = [t for t in doc if t.text == text]
    assert hits, f"{text!r} not in {[t.text for t in doc]}"
    return hits[0]


def test_loads_once_and_has_the_components(nlp):
    assert load_sv_pipeline() is nlp
    for name in ("malkoll_sentence_fix", "morphologizer", "trainable_lemmatizer", "parser"):
        assert name in nlp.pipe_names


def test_missing_pipeline_gives_clear_error(tmp_path, monkeypatch):
    import malkoll.models as m

    monkeypatch.setattr(m, "PIPELINE_DIR", tmp_path / "nowhere")
    m.load_sv_pipeline.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="saknas"):
            m.load_sv_pipeline()
    finally:
        monkeypatch.undo()
        m.load_sv_pipeline.cache_clear()


@pytest.mark.parametrize(
    "text, word, pos, lemma",
    [
        ("Nämnden ska verka för att andelen elever med godkända betyg ökar.", "verka", "VERB", "verka"),
        ("Nämnden ska verka för att andelen elever med godkända betyg ökar.", "andelen", "NOUN", "andel"),
        ("Nämnden ska verka för att andelen elever med godkända betyg ökar.", "Nämnden", "NOUN", "nämnd"),
        ("Kommunen ska sträva efter att minska utsläppen.", "sträva", "VERB", "sträva"),
        ("Kommunen ska sträva efter att minska utsläppen.", "minska", "VERB", "minska"),
        ("Befolkningen i kommunen ska öka till 10 000 invånare.", "öka", "VERB", "öka"),
        ("Andelen ekologiska livsmedel ska öka.", "Andelen", "NOUN", "andel"),
        ("Sjukfrånvaron ska minska till högst 6 procent år 2026.", "minska", "VERB", "minska"),
        ("Sjukfrånvaron ska minska till högst 6 procent år 2026.", "ska", "AUX", "skola"),
    ],
)
def test_words_rules_depend_on(nlp, text, word, pos, lemma):
    tok = _tok(nlp(text), word)
    assert tok.pos_ == pos
    assert tok.lemma_ == lemma


def test_morphology_and_dependencies_are_set(nlp):
    doc = nlp("Kommunen ska minska koldioxidutsläppen med 50 procent.")
    minska = _tok(doc, "minska")
    assert minska.morph.get("VerbForm") == ["Inf"]
    assert _tok(doc, "Kommunen").head == minska
    assert _tok(doc, "Kommunen").dep_ == "nsubj"


@pytest.mark.parametrize(
    "text",
    [
        "Socialnämnden ska bl.a. minska väntetiden för försörjningsstöd.",
        "Kommunen ska minska matsvinnet, t.ex. genom bättre planering.",
        "Barn- och utbildningsnämnden ska erbjuda läxhjälp enl. skollagen.",
        "Målet är att minst 3 st. nya förskolor ska byggas.",
        "Andelen nöjda invånare ska öka under perioden 2024–2027.",
        "Andelen nöjda invånare ska öka under perioden 2024 – 2027.",
        "Nämnden ska under 2024–2027: 1. öka antalet platser, 2. minska personalomsättningen.",
        "1. Öka antalet platser i särskilt boende.",
        "Mål 1. Öka andelen nöjda brukare.",
        "Mål 2. 90 procent av brukarna ska vara nöjda.",
        "Kommunen ska t.o.m. 2026 halvera utsläppen (se bl.a. bilaga 2).",
    ],
)
def test_goal_is_not_cut(nlp, text):
    assert len(list(nlp(text).sents)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Antalet sociala kontrakt ska minska. Vi ska utveckla användningen av sociala kontrakt.",
        "Kostnaden ska vara högst 100 kr. Nämnden ska också minska kostnaderna.",
        "Nämnden ska minska kostnaderna med 3 mnkr. Det gäller alla enheter.",
        # a sentence that opens with a number
        "Fler ska arbeta. 90 procent av invånarna ska ha ett arbete år 2030.",
        "Utsläppen ska minska. 2030 ska de vara hälften så stora som 2020.",
    ],
)
def test_two_sentences_still_split(nlp, text):
    assert len(list(nlp(text).sents)) == 2


def test_forbidden_starts_without_model():
    import spacy

    from malkoll.models.components import add_tokenizer_exceptions

    blank = spacy.blank("sv")
    add_tokenizer_exceptions(blank)
    doc = blank("Nämnden ska bl.a. öka andelen enl. planen. Nästa mål gäller 2024 – 2027.")
    starts = {doc[i].text for i in forbidden_starts(doc)}
    assert {"öka", "planen", "2027"} <= starts
    assert "Nästa" not in starts


def test_evaluation_runs_on_a_slice(nlp):
    assert GOAL_GOLD.exists()
    gold = read_conllu(GOAL_GOLD, limit=10)
    assert len(gold) == 10
    res = score(nlp, gold, parse=False)
    assert res["tokens"] == sum(len(s.tokens) for s in gold)
    assert 0.8 <= res["upos"] <= 1.0
    assert 0.8 <= res["lemma"] <= 1.0


def test_goal_gold_set_is_complete():
    sents = read_conllu(GOAL_GOLD)
    assert len(sents) >= 150
    own = [s for s in sents if any("sent_id = own-" in c for c in s.comments)]
    dev = [s for s in sents if any("sent_id = dev-" in c for c in s.comments)]
    assert own and dev and len(own) + len(dev) == len(sents)
    upos = {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
            "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"}
    for s in sents:
        for t in s.tokens:
            assert t.upos in upos and t.lemma and t.lemma != "_"


@needs_pipeline
def test_evaluate_command_on_a_slice(capsys):
    from malkoll.models.evaluate import evaluate_command

    res = evaluate_command(limit=5, talbanken=Path("/nonexistent.conllu"))
    out = capsys.readouterr().out
    assert "UPOS" in out and "goal_gold" in res


@needs_pipeline
def test_evaluate_finds_talbanken_in_a_fresh_clone(capsys):
    """Talbanken test ships with the recipe: evaluation needs no folder outside the repository."""
    from malkoll.models.evaluate import TALBANKEN_CANDIDATES, evaluate_command

    assert any(p.is_file() for p in TALBANKEN_CANDIDATES)
    res = evaluate_command(limit=5)
    assert any("talbanken" in k for k in res), res.keys()
