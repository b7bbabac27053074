"""Per-Doc memory: what several readers of one goal ask is computed once and kept on the Doc
(``doc.user_data["malkoll_cache"]``): the goal-feature component and the rules read one list of the
Doc's tokens and its sentences instead of walking the Doc again (each walk of a Doc, ``for t in
doc`` or ``doc[i]``, makes new Token objects; the component and the rules walk a goal ~30 times).
What the goal-feature component keeps it drops when it is done (:func:`forget`): a Doc out of the
pipeline holds no Token in ``user_data`` and stays serialisable (``to_bytes``, ``copy``)."""
from __future__ import annotations

from spacy.tokens import Doc, MorphAnalysis, Span


CACHE = "malkoll_cache"


def doc_cached(doc: Doc, key: tuple, compute):
    """Memoise a per-goal computation on the Doc: several rules ask the same question."""
    cache = doc.user_data.get(CACHE)
    if cache is None:
        cache = doc.user_data[CACHE] = {}
    try:
        return cache[key]
    except KeyError:
        value = cache[key] = compute()
        return value


_TOKENS, _SENTS, _SENT_OF, _TAGGED = ("tokens",), ("sentences",), ("sentence_of",), ("tagged",)


def tokens(doc: Doc) -> list:
    """The Doc's tokens as one list, made once per Doc and read by the goal features and every rule."""
    try:  # asked ~30 times a goal: the kept list without a closure or a further call
        return doc.user_data[CACHE][_TOKENS]
    except KeyError:
        return doc_cached(doc, _TOKENS, lambda: list(doc))


def text(doc: Doc) -> str:
    """The Doc's text, joined once per Doc (``doc.text`` walks every token anew at each read)."""
    return doc_cached(doc, ("text",), lambda: doc.text)


def span_tokens(doc: Doc, span: Span) -> list:
    """A span's tokens (a sentence, a finding's words), sliced from the Doc's token list: iterating a
    Span makes each Token anew."""
    return tokens(doc)[span.start:span.end]


def span_group(doc: Doc, name: str) -> tuple:
    """A span group's spans as (start, end, label), read once per Doc (reading a span group makes each
    Span anew)."""
    return doc_cached(doc, ("span_group", name),
                      lambda: tuple((sp.start, sp.end, sp.label_) for sp in doc.spans.get(name, ())))


def sentences(doc: Doc) -> tuple:
    """The Doc's sentences, found once per Doc (``doc.sents`` reads the boundaries anew each time)."""
    return doc_cached(doc, _SENTS, lambda: tuple(doc.sents))


def sentence_of(tok) -> Span:
    """The sentence a token is in (``tok.sent``, from the sentences found once per Doc)."""
    doc = tok.doc

    def compute():
        out = []
        for sent in sentences(doc):
            out += [sent] * (sent.end - sent.start)
        return out

    return doc_cached(doc, _SENT_OF, compute)[tok.i]


def tagged(doc: Doc) -> bool:
    """Whether the pipeline tagged the Doc (parts of speech): read from the parse, else from lexicons."""
    return doc_cached(doc, _TAGGED, lambda: any(words(doc).pos))


class Words:
    """The strings of the Doc's tokens as plain lists, read once per Doc: a token attribute such as
    ``tok.lower_`` decodes its string anew at every read, and the goal features and the rules read
    them thousands of times a goal. ``lower``, ``norm`` (the lower-cased lemma once the goal-feature
    component has set it), ``text`` and ``pos`` (the part of speech), indexed like the tokens."""

    __slots__ = ("lower", "norm", "text", "pos")

    def __init__(self, toks: list):
        self.lower = [t.lower_ for t in toks]
        self.norm = [t.norm_ for t in toks]
        self.text = [t.text for t in toks]
        self.pos = [t.pos_ for t in toks]


_WORDS = ("words",)


def words(doc: Doc) -> Words:
    """The Doc's token strings (:class:`Words`), read once per Doc."""
    try:
        return doc.user_data[CACHE][_WORDS]
    except KeyError:
        return doc_cached(doc, _WORDS, lambda: Words(tokens(doc)))


def forget(doc: Doc) -> None:
    """Drop what is kept for the Doc (its annotation is about to change: the goal-feature component
    sets NORM)."""
    doc.user_data.pop(CACHE, None)


_MORPH_VALUES: dict[tuple[int, str], tuple[str, ...]] = {}
_MORPH_VALUES_MAX = 20_000  # bounded: another engine may bring other feature combinations


def morph_has(doc: Doc, field: str, value: str) -> list[bool]:
    """For each token, whether its morphology gives `field` the value `value` ("Voice", "Pass"):
    ``value in tok.morph.get(field)``, with each feature combination read once per process (a
    token's ``morph`` is parsed anew at every read)."""
    def compute():
        out = []
        for key in doc.to_array("MORPH").tolist():
            values = _MORPH_VALUES.get((key, field))
            if values is None:
                if len(_MORPH_VALUES) >= _MORPH_VALUES_MAX:
                    _MORPH_VALUES.clear()
                values = _MORPH_VALUES[(key, field)] = tuple(MorphAnalysis.from_id(doc.vocab, key).get(field))
            out.append(value in values)
        return out

    return doc_cached(doc, ("morph_has", field, value), compute)
