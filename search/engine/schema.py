"""The index's schema: which fields a record is indexed in, and the Whoosh tokenizers that
feed them the one analyzer's tokens (``search.language``). Whoosh pickles the schema with
the index, so the tokenizers carry only the domain word list and find their analyzer
through a per-process cache; the module path of these classes is part of the index
format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, STORED, TEXT, Schema

from search.language.analysis import Tok, analyzer_for
from search.language.english import english_tokens

# bump when the schema or the analyzer changes (or moves: Whoosh pickles its classes by
# module path): the index is then stale and `make run` rebuilds it.
# 7: search/ by layer; 8: the tokenizers in engine/schema, English tokens of our own;
# 9: what each document contributed, in the manifest (incremental builds, issue 25)
FORMAT = 9


class _TextTokenizer(Tokenizer):
    """Feeds TextAnalyzer tokens (jieba words, bigrams or characters) to Whoosh."""

    method = "words"

    def __init__(self, domain_words: Iterable[str] = ()) -> None:
        self.domain_words = tuple(sorted(set(domain_words)))

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.domain_words == other.domain_words

    __hash__ = None  # type: ignore[assignment]

    def tokens(self, value: str) -> list[Tok]:
        analyzer = analyzer_for(self.domain_words)
        if self.method == "words":
            return analyzer.words(value, subwords=True)
        return getattr(analyzer, self.method)(value)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for tok in self.tokens(value):
            token.text = tok.term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = tok.term
            if positions:
                token.pos = start_pos + tok.pos
            if chars:
                token.startchar = start_char + tok.start
                token.endchar = start_char + tok.end
            yield token


class WordTokenizer(_TextTokenizer):
    method = "words"


class GramTokenizer(_TextTokenizer):
    method = "grams"


class CharTokenizer(_TextTokenizer):
    method = "chars"


class EnglishTokenizer(_TextTokenizer):
    """The English edition's stemmed words (``search.language.english``)."""

    method = "english"

    def tokens(self, value: str) -> list[Tok]:
        return english_tokens(value)


# Fields: a record's title, text and breadcrumbs as jieba words, as character bigrams (an
# exact substring where jieba glued words) and as single characters; its English edition;
# the record itself, stored.
FIELDS = ("title", "title_grams", "body", "grams", "chars", "breadcrumbs", "title_en",
          "body_en")


def make_schema(words: tuple[str, ...]) -> Schema:
    word_analyzer = WordTokenizer(words)
    gram_analyzer = GramTokenizer(words)
    return Schema(
        key=ID(unique=True),
        id=ID,
        report=ID,
        kind=ID,  # facets are counted from the records; these two narrow "related"
        title=TEXT(analyzer=word_analyzer, phrase=False),
        title_grams=TEXT(analyzer=gram_analyzer),
        body=TEXT(analyzer=word_analyzer),
        grams=TEXT(analyzer=gram_analyzer),
        chars=TEXT(analyzer=CharTokenizer(words), phrase=False),
        breadcrumbs=TEXT(analyzer=word_analyzer, phrase=False),
        # the English edition: English words, stemmed, stop words out
        title_en=TEXT(analyzer=EnglishTokenizer()),
        body_en=TEXT(analyzer=EnglishTokenizer()),
        record=STORED,
    )
