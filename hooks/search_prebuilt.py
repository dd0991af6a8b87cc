"""A lunr index prebuilt at build time, so the browser loads it instead of building it.

Material's search worker builds a lunr.js index from `search/search_index.json` on
every page load: seconds on a large help center before the first result. This
module computes that index once, at build time, with the search replica's setup
(`search_replica.py`: Material's tokenizer, fields, boosts, separator, pipeline,
`b(0)` and lunr.js's score rounding), and writes it next to the search index as
`search/search_index.lunr.json`. The project's search worker
(`docs/assets/javascripts/search-worker.js`) turns it back into a `lunr.Index` and
answers queries with Material's own query and result code.

The file is compact and quick to parse: the term list in lunr's term order, the
distinct scores once, and for each field one packed string holding the field
vector of every document, in the order of `docs` in search_index.json (see
`_pack`). The inverted index is derived from the vectors in the browser, when a
query first needs a term (a term is in a field of a document exactly when the
field's vector has it), so document references are not repeated once per term.
Position metadata is left out: the worker recomputes positions for the few
documents it shows, to highlight them.

Only what the file holds is computed, without a lunr `Index` (no inverted index of
document references, token set or `Vector` objects): term numbers in lunr's order of
first use, per field and document the term frequencies as integers, the number of
(field, document) pairs per term for lunr's idf, then lunr's BM25 scores. The
pipeline runs once per distinct word. tests/test_prebuilt_index.py proves the file
equal to the one derived from `search_replica.build_index` (a full lunr index) term
for term and score for score.

No MkDocs import: the hook, the benchmark and the tests call `write_prebuilt`.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import operator
import re
import sys
from array import array
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lunr.pipeline import Pipeline
from lunr.token import Token

from search_replica import PIPELINE_FUNCTIONS, js_regex, js_split_ranges

FORMAT = "helpcenter-lunr-2"
INDEX_FILE = "search_index.json"
PREBUILT_FILE = "search_index.lunr.json"
# lunr's BM25 parameters as the replica sets them: lunr's default k1, and b(0) as Material does.
K1 = 1.2
B = 0
_ANGLE = re.compile(r"[<>]")


def text_ranges(value: str) -> list[tuple[int, int]]:
    """Material's `extract` (the text ranges between tags), visiting only '<' and '>'."""
    ranges = []
    start = 0
    for match in _ANGLE.finditer(value):
        end = match.start()
        if value[end] == "<":
            if end > start:
                ranges.append((start, end))
                start = end
        else:
            start = end + 1
    if len(value) > start:
        ranges.append((start, len(value)))
    return ranges


def split_words(text: str, separator: re.Pattern[str]) -> Iterable[str]:
    """Material's `split` of one text range into words, lowercased."""
    if _never_empty(separator):  # then re.split cuts exactly where the JavaScript loop does
        return map(str.lower, filter(None, separator.split(text)))
    return [text[i:u].lower() for i, u in js_split_ranges(text, separator)]


@functools.cache
def _never_empty(separator: re.Pattern[str]) -> bool:
    """True if `separator` cannot match the empty string (and has no groups, which re.split keeps)."""
    try:
        low, _ = re._parser.parse(separator.pattern, separator.flags).getwidth()  # type: ignore[attr-defined]
    except Exception:  # a private module: without it, take the exact loop
        return False
    return low > 0 and separator.groups == 0


def idf(pairs_with_term: int, document_count: int) -> float:
    """lunr's idf (lunr/idf.py, lunr.js's lunr.idf): its "documents with the term" is the
    number of (field, document) pairs whose field has the term."""
    x = (document_count - pairs_with_term + 0.5) / (pairs_with_term + 0.5)
    return math.log(1 + abs(x))


class _Field:
    """One field's part of the index, in flat integer arrays: per document its number of
    distinct terms and its length (number of terms); per (document, term), in document
    order and by term number within a document, the term number and its frequency."""

    def __init__(self, name: str, boost: float) -> None:
        self.name = name
        self.boost = boost or 1  # lunr's `|| 1`: a missing or zero boost is 1
        self.counts = array("i")
        self.lengths = array("i")
        self.terms = array("i")
        self.frequencies = array("i")
        # word -> its only term's number, or _NO_TERM, or a tuple of term numbers (then
        # `several` is set: no Material pipeline function makes more than one term of a word)
        self.words: dict[str, int | tuple[int, ...]] = {}
        self.several = False


_NO_TERM = -1


class LeanIndex:
    """What lunr's builder counts for Material's search, without a lunr `Index`; the
    packed file's content from it (`content`)."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.separator = js_regex(config["separator"])
        self.pipeline = Pipeline()
        for name in ("trimmer", "stopWordFilter", "stemmer"):  # lunr()'s default order
            if name in config["pipeline"]:
                self.pipeline.add(PIPELINE_FUNCTIONS[name])
        self.fields = [_Field(name, spec.get("boost", 1)) for name, spec in config["fields"].items()]
        self.terms: list[str] = []  # by term number: lunr's order of first use
        self._numbers: dict[str, int] = {}
        self.doc_boosts: list[float] = []

    def _word(self, field: _Field, word: str) -> int | tuple[int, ...]:
        """A word's term numbers after the pipeline; a new term gets the next number."""
        numbers = []
        for token in self.pipeline.run([Token(word, {})], field.name):
            term = str(token)
            number = self._numbers.get(term)
            if number is None:
                number = self._numbers[term] = len(self.terms)
                self.terms.append(term)
            numbers.append(number)
        value: int | tuple[int, ...] = numbers[0] if len(numbers) == 1 else _NO_TERM if not numbers else tuple(numbers)
        field.several |= isinstance(value, tuple)
        field.words[word] = value
        return value

    def add(self, doc: dict[str, Any]) -> None:
        """Add a document. New terms are numbered as lunr's builder numbers them: in
        document, then field, then word order (a word's first use)."""
        self.doc_boosts.append(doc.get("boost") or 1)
        for field in self.fields:
            value = doc.get(field.name)
            words: Counter[str] = Counter()
            for item in [] if value is None else value if isinstance(value, list) else [value]:
                for start, end in text_ranges(item):
                    words.update(split_words(item if end - start == len(item) else item[start:end], self.separator))
            mapped = list(map(field.words.get, words))
            if None in mapped:  # words new to this field, in order of first use
                mapped = [self._word(field, word) if term is None else term for word, term in zip(words, mapped)]
            frequencies = dict(zip(mapped, words.values()))
            frequencies.pop(_NO_TERM, None)
            if field.several or len(frequencies) < len(mapped) - mapped.count(_NO_TERM):
                frequencies = {}  # words that share a term, or make several: add up per term
                for terms, count in zip(mapped, words.values()):
                    for term in terms if isinstance(terms, tuple) else () if terms == _NO_TERM else (terms,):
                        frequencies[term] = frequencies.get(term, 0) + count
            ordered = sorted(frequencies)  # type: ignore[type-var]
            field.counts.append(len(ordered))
            field.lengths.append(sum(frequencies.values()))  # lunr counts every term a token makes
            field.terms.extend(ordered)  # type: ignore[arg-type]
            field.frequencies.extend(map(frequencies.__getitem__, ordered))

    def content(self, fingerprint: str) -> dict[str, Any]:
        """The file's content: terms in lunr's term order, the distinct scores (most used
        first, so the packed strings stay short), and per field the packed vectors of the
        documents, in the order they were added."""
        documents = len(self.doc_boosts)
        pairs: Counter[int] = Counter()  # lunr's "documents with the term": (field, document) pairs
        for field in self.fields:
            pairs.update(field.terms)
        idfs = [idf(pairs[number], documents) for number in range(len(self.terms))]
        scores = {field.name: self._scores(field, idfs) for field in self.fields}
        uses: Counter[float] = Counter()
        for field_scores in scores.values():
            uses.update(field_scores)
        table = sorted(uses, key=lambda score: (-uses[score], score))
        numbers = {score: number for number, score in enumerate(table)}
        return {
            "format": FORMAT,
            "fingerprint": fingerprint,
            "fields": {name: spec.get("boost", 1) for name, spec in self.config["fields"].items()},
            "pipeline": ["stemmer"] if "stemmer" in self.config["pipeline"] else [],  # the search pipeline
            "documents": documents,
            "terms": self.terms,
            "scores": table,
            "vectors": {
                field.name: _pack(field, array("i", map(numbers.__getitem__, scores.pop(field.name))))
                for field in self.fields
            },
        }

    def _scores(self, field: _Field, idfs: list[float]) -> array[float]:
        """lunr's BM25 score of each (document, term) of a field, in lunr's order of
        operations, rounded as lunr.js does (Math.round(score * 1000) / 1000)."""
        scores = array("d")
        average = sum(field.lengths) / len(field.lengths) if field.lengths else 0.0
        boost, k1_1, floor = field.boost, K1 + 1, math.floor
        start = 0
        for doc, count in enumerate(field.counts):
            if not count:
                continue
            k1_norm = K1 * (1 - B + B * (field.lengths[doc] / average))
            doc_boost = self.doc_boosts[doc]
            end = start + count
            scores.extend(
                [
                    floor(idfs[term] * (k1_1 * tf) / (k1_norm + tf) * boost * doc_boost * 1000 + 0.5) / 1000
                    for term, tf in zip(field.terms[start:end], field.frequencies[start:end])
                ]
            )
            start = end
        return scores


def build(config: dict[str, Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """The prebuilt file's content for the index Material's worker would build from
    `config` and `docs` (their locations must differ from each other)."""
    return _indexed(config, docs).content(fingerprint(config, docs))


def _indexed(config: dict[str, Any], docs: list[dict[str, Any]]) -> LeanIndex:
    index = LeanIndex(config)
    for doc in docs:
        index.add(doc)
    return index


def fingerprint(config: dict[str, Any], docs: list[dict[str, Any]]) -> str:
    """Ties the prebuilt index to the documents of the search_index.json it came from: the
    worker computes the same string (FNV-1a over the locations' UTF-16 code units) and
    builds the index itself when they differ."""
    units = array("H", "".join(doc["location"] + "\n" for doc in docs).encode("utf-16-le", "surrogatepass"))
    if sys.byteorder == "big":
        units.byteswap()
    value = 0x811C9DC5
    for unit in units:
        value = ((value ^ unit) * 0x01000193) & 0xFFFFFFFF
    return f"{len(docs)}:{config['separator']}:{','.join(config['pipeline'])}:{value:08x}"


# The packed number format, read by the worker's `unpack`: every number is written as
# zero or more "continuation" digits (base 28, most significant first) and one final
# digit (base 64), all printable ASCII that JSON needs no escape for.
DIGITS = "".join(chr(code) for code in range(33, 127) if chr(code) not in '"\\')
FINAL, MORE = DIGITS[:64], DIGITS[64:]


def pack_number(number: int) -> str:
    text = FINAL[number % 64]
    number //= 64
    while number:
        text = MORE[number % len(MORE)] + text
        number //= len(MORE)
    return text


_SMALL = [pack_number(number) for number in range(4096)]
_DIGIT = {char: digit for digit, char in enumerate(DIGITS)}


def _pack(field: _Field, score_numbers: array[int]) -> str:
    """One field's vectors as one string: per document its number of terms, then per term
    the gap from the previous term number (vectors are sorted by term number) and the
    place of its score in the score table."""
    top = max(max(field.counts, default=0), max(field.terms, default=0), max(score_numbers, default=0))
    table = _SMALL if top < len(_SMALL) else _SMALL + [pack_number(n) for n in range(len(_SMALL), top + 1)]
    digits = table.__getitem__
    pieces = []
    start = 0
    for count in field.counts:
        end = start + count
        terms = field.terms[start:end]
        gaps = map(operator.sub, terms, itertools.chain((0,), terms))
        pieces.append(table[count] + "".join(map(operator.add, map(digits, gaps), map(digits, score_numbers[start:end]))))
        start = end
    return "".join(pieces)


def unpack_numbers(text: str) -> list[int]:
    numbers, pending = [], 0
    for char in text:
        digit = _DIGIT[char]
        if digit >= 64:
            pending = pending * len(MORE) + digit - 64
        else:
            numbers.append(pending * 64 + digit)
            pending = 0
    return numbers


def unpack(data: dict[str, Any]) -> dict[str, list[list[float]]]:
    """The field vectors of a compact index (the inverse of `_pack`), per field in document order."""
    scores = data["scores"]
    fields: dict[str, list[list[float]]] = {}
    for name, text in data["vectors"].items():
        numbers = iter(unpack_numbers(text))
        vectors = fields[name] = []
        for count in numbers:
            elements: list[float] = []
            term = 0
            for _ in range(count):
                term += next(numbers)
                elements += (term, scores[next(numbers)])
            vectors.append(elements)
    return fields


def write_prebuilt(site_dir: Path) -> Path | None:
    """Write search/search_index.lunr.json for the built site's search index.

    Returns None, and leaves no prebuilt file, when the site has no search index or one
    the prebuilt format cannot stand for (a language other than English, two documents
    with one location): the worker then builds the index in the browser, as Material does.
    """
    source = site_dir / "search" / INDEX_FILE
    target = source.with_name(PREBUILT_FILE)
    target.unlink(missing_ok=True)
    if not source.exists():
        return None
    data = json.loads(source.read_text(encoding="utf-8"))
    config, docs = data["config"], data["docs"]
    if config.get("lang") != ["en"] or len({doc["location"] for doc in docs}) != len(docs):
        return None
    index, stamp = _indexed(config, docs), fingerprint(config, docs)
    del data, docs  # the documents' text is not needed any more
    content = index.content(stamp)
    encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
    with target.open("w", encoding="utf-8") as out:
        out.writelines(encoder.iterencode(content))  # written piece by piece, not as one string first
    return target
