"""The stanza engine: stanza's Swedish pipeline (tokenize, pos, lemma, depparse) from a local
directory, mapped onto the same spaCy Doc as the default engine.

``doc_from_stanza`` is the mapping: words, lemmas, UPOS, XPOS, UD features, heads and relations
(``root`` becomes spaCy's ``ROOT``), sentence boundaries from stanza's sentences, and the text kept
character for character (whitespace stanza skipped becomes spaCy whitespace tokens, so that every
finding's offsets point into the goal's text exactly as with the default engine). Then Målkoll's
components run on the Doc: lemma clean-up (lower case except proper nouns, an active infinitive is
its own lemma), sentence repair (no sentence starts after "bl.a.", "t.ex." …) and the goal features.

The model directory is stanza's resources directory (the one ``stanza.download("sv", dir=…)``
fills: ``resources.json`` and ``sv/``); Målkoll never downloads into it.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import spacy
from spacy.tokens import Doc

from malkoll.analyzer.engines.base import Engine, EngineError, goal_components

log = logging.getLogger(__name__)
PROCESSORS = "tokenize,pos,lemma,depparse"
_SKIP_ON_GOLD = {"tokenize", "mwt"}


def _surface(token, text: str, cursor: int) -> tuple[int, int]:
    """Character span of a stanza token in ``text``, at or after ``cursor``."""
    start, end = getattr(token, "start_char", None), getattr(token, "end_char", None)
    if start is not None and end is not None and start >= cursor and end <= len(text) and start < end:
        return start, end
    found = text.find(token.text, cursor)
    if found < 0 or text[cursor:found].strip():
        raise EngineError(f"stanzas token ”{token.text}” hittas inte i texten vid tecken {cursor}. "
                          f"(stanza's token {token.text!r} does not match the text at offset {cursor}.)")
    return found, found + len(token.text)


def doc_from_stanza(vocab, sdoc, text: str | None = None) -> Doc:
    """A spaCy Doc carrying stanza's annotation; ``doc.text == text`` (default: the stanza Document's text)."""
    text = sdoc.text if text is None else text
    if text is None:
        text = " ".join(t.text for s in sdoc.sentences for t in s.tokens)
    words: list[str] = []
    spaces: list[bool] = []
    rows: list[dict | None] = []  # one per spaCy token: the stanza word, or None for whitespace
    sent_of: list[int] = []
    word_index: dict[tuple[int, int], int] = {}  # (sentence, word id) -> spaCy token index
    cursor = 0

    def gap(upto: int, sent: int) -> None:
        """The text between two tokens: one space goes on the previous token, the rest becomes a token."""
        nonlocal cursor
        ws = text[cursor:upto]
        if not ws:
            return
        if ws.strip():
            raise EngineError(f"stanza hoppade över text: ”{ws.strip()[:30]}”. (stanza skipped text: {ws.strip()[:30]!r}.)")
        if words and not spaces[-1] and ws[0] == " ":
            spaces[-1] = True
            ws = ws[1:]
        if ws:  # belongs to the sentence before it (to the first one at the very start)
            words.append(ws)
            spaces.append(False)
            rows.append(None)
            sent_of.append(sent_of[-1] if sent_of else sent)
        cursor = upto

    for si, sentence in enumerate(sdoc.sentences):
        for token in sentence.tokens:
            start, end = _surface(token, text, cursor)
            gap(start, si)
            surface = text[start:end]
            token_words = list(token.words)
            if len(token_words) > 1 and "".join(w.text for w in token_words) == surface:
                pos = start  # a multi-word token whose words spell it: one spaCy token per word
                for w in token_words:
                    word_index[(si, w.id)] = len(words)
                    words.append(text[pos:pos + len(w.text)])
                    spaces.append(False)
                    rows.append(w)
                    sent_of.append(si)
                    pos += len(w.text)
            else:
                # one word, or a contraction ("zum" = zu + dem): one spaCy token carrying the word
                # whose head is outside the token
                ids = {w.id for w in token_words}
                main = next((w for w in token_words if w.head not in ids), token_words[0])
                for w in token_words:
                    word_index[(si, w.id)] = len(words)
                words.append(surface)
                spaces.append(False)
                rows.append(main)
                sent_of.append(si)
            cursor = end
    gap(len(text), 0)

    heads, deps, pos_, tags, lemmas, morphs = [], [], [], [], [], []
    for i, w in enumerate(rows):
        if w is None:  # whitespace: attached to the token before it (after it at the very start)
            anchor = i - 1 if i > 0 else next((k for k, r in enumerate(rows) if r is not None), i)
            heads.append(anchor)
            deps.append("dep")
            pos_.append("SPACE")
            tags.append("_SP")
            lemmas.append(words[i])
            morphs.append("")
            continue
        head = w.head
        if head is None or head == 0:
            heads.append(i)
            deps.append("ROOT")
        else:
            target = word_index.get((sent_of[i], head), i)
            heads.append(target)
            deps.append((w.deprel or "dep") if target != i else "ROOT")
        pos_.append(w.upos or "X")
        tags.append(w.xpos or w.upos or "")
        lemmas.append(w.lemma if w.lemma is not None else "")
        morphs.append(w.feats if w.feats and w.feats != "_" else "")
    sent_starts = [i == 0 or sent_of[i] != sent_of[i - 1] for i in range(len(words))]
    return Doc(vocab, words=words, spaces=spaces, pos=pos_, tags=tags, lemmas=lemmas, morphs=morphs,
               heads=heads, deps=deps, sent_starts=sent_starts)


def check_model_dir(path: Path, lang: str = "sv") -> None:
    """A clear error before stanza is asked: stanza's own is about downloading, which Målkoll never does."""
    hint = (f'Hämta modellen en gång på en dator med nätåtkomst: python -c "import stanza; '
            f'stanza.download(\'{lang}\', model_dir=\'MAPP\')" och kopiera MAPP hit.')
    if not path.exists():
        raise EngineError(f"stanzas modellmapp {path} finns inte. Målkoll hämtar aldrig modeller. {hint} "
                          f"(stanza model directory {path} does not exist; Målkoll never downloads models.)")
    if not path.is_dir():
        raise EngineError(f"{path} är ingen mapp. ({path} is not a directory.)")
    if not (path / "resources.json").is_file():
        raise EngineError(f"{path} saknar resources.json: det är ingen stanza-modellmapp. {hint} "
                          f"({path} has no resources.json: not a stanza resources directory.)")
    if not (path / lang).is_dir():
        raise EngineError(f"{path} har ingen svensk modell (mappen {lang}/ saknas). {hint} "
                          f"({path} holds no Swedish models: {lang}/ is missing.)")


class StanzaEngine(Engine):
    """stanza for the parse, Målkoll's components for the rest."""

    name = "stanza"

    def __init__(self, pipeline, location: str | None = None):
        """``pipeline``: a ``stanza.Pipeline`` (or anything called like one on a list of Documents)."""
        import malkoll.models.components  # noqa: F401  (registers Målkoll's components)

        self.pipeline = pipeline
        self._location = location
        nlp = spacy.blank("sv")
        nlp.add_pipe("malkoll_lemma_fix", config={"fallback": "none"})
        nlp.add_pipe("malkoll_sentence_repair")
        self.nlp = goal_components(nlp)
        self._lock = threading.Lock()  # stanza's pipeline is not safe to call from several threads

    @classmethod
    def from_dir(cls, path: Path, lang: str = "sv") -> "StanzaEngine":
        check_model_dir(path, lang)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # stanza's transformer-based packages use the hub's cache
        try:
            import stanza
        except ImportError as exc:
            raise EngineError("stanza-motorn kräver tillägget malkoll[stanza] (pip install 'malkoll[stanza]'). "
                              f"(The stanza engine needs the malkoll[stanza] extra: {exc}.)") from None
        try:
            pipeline = stanza.Pipeline(lang=lang, dir=str(path), processors=PROCESSORS, download_method=None,
                                       use_gpu=False, logging_level="WARN")
        except Exception as exc:  # noqa: BLE001 - stanza raises many kinds; the user needs one message
            raise EngineError(f"stanza kunde inte läsa modellen i {path}: {exc} "
                              f"(stanza could not load the model in {path}.)") from None
        return cls(pipeline, str(path))

    def _run(self, sdocs: list) -> list:
        with self._lock:
            out = self.pipeline(sdocs)
        return out if isinstance(out, list) else [out]

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        def annotated() -> Iterator[Doc]:
            chunk: list[str] = []
            for text in texts:
                chunk.append(text)
                if len(chunk) >= batch_size:
                    yield from self._map(chunk)
                    chunk = []
            if chunk:
                yield from self._map(chunk)

        return self.nlp.pipe(annotated(), batch_size=batch_size)

    def _map(self, texts: list[str]) -> Iterator[Doc]:
        from stanza import Document

        for text, sdoc in zip(texts, self._run([Document([], text=t) for t in texts])):
            yield doc_from_stanza(self.nlp.vocab, sdoc, text)

    def annotate(self, sentences: Sequence[Sequence[tuple[str, bool]]], chunk: int = 64) -> Iterator[Doc]:
        """Gold tokens through stanza's pos, lemma and depparse (not its tokenizer), ``chunk`` sentences
        per stanza call; one Doc per sentence."""
        from types import SimpleNamespace

        from stanza import Document

        processors = [p for p in getattr(self.pipeline, "processors", {}) if p not in _SKIP_ON_GOLD] or None
        sentences = list(sentences)
        for k in range(0, len(sentences), chunk):
            part = sentences[k:k + chunk]
            texts = ["".join(w + (" " if sp else "") for w, sp in s).rstrip() for s in part]
            sdoc = Document([[{"id": i + 1, "text": w} for i, (w, _) in enumerate(s)] for s in part],
                            text="\n".join(texts))
            with self._lock:
                sdoc = self.pipeline(sdoc, processors=processors) if processors else self.pipeline(sdoc)
            with self.nlp.select_pipes(disable=["malkoll_goal_features"]):
                for sentence, text in zip(sdoc.sentences, texts):
                    one = SimpleNamespace(sentences=[sentence], text=text)
                    yield self.nlp(doc_from_stanza(self.nlp.vocab, one, text))

    def info(self) -> dict:
        from importlib import metadata

        processors = list(getattr(self.pipeline, "processors", {}) or PROCESSORS.split(","))
        try:
            version = metadata.version("stanza")
        except metadata.PackageNotFoundError:  # pragma: no cover
            version = ""
        return {"engine": "stanza", "pipeline": "stanza sv", "version": version,
                "components": [f"stanza:{p}" for p in processors] + list(self.nlp.pipe_names),
                "location": self._location}
