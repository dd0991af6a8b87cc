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
documents' boosts, and for each field one packed string holding, for every document
in the order of `docs` in search_index.json, its term numbers and term frequencies
(see `_pack`). The browser derives the rest as lunr.js's builder does: the inverted
index (a term is in a field of a document exactly when the field's vector has it),
lunr's idf and the BM25 scores (`unpack` here does the same, for the tests), so
neither document references nor scores are repeated once per term. Position
metadata is left out: the worker recomputes positions for the few documents it
shows, to highlight them.

Nothing here needs the whole site: each document is tokenized, counted and packed
when it is added (`LeanIndex.add`), with no lunr `Index`, token set or `Vector`
objects, and the pipeline runs once per distinct word; the build adds each page's
documents as the page is indexed. tests/test_prebuilt_index.py proves the file equal
to the index `search_replica.build_index` builds (a full lunr index), term for term
and score for score, and the browser tests prove the worker's answers equal to
Material's worker's.

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
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from lunr.pipeline import Pipeline
from lunr.token import Token

from search_replica import PIPELINE_FUNCTIONS, js_regex, js_split_ranges

FORMAT = "helpcenter-lunr-3"
INDEX_FILE = "search_index.json"
PREBUILT_FILE = "search_index.lunr.json"
# lunr's BM25 k1 (its default); Material sets b to 0, so field lengths play no part in scores.
K1 = 1.2
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
    """One field's part of the index: per document, its packed vector (see `_pack`)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.vectors: list[str] = []
        # word -> its only term's number, or _NO_TERM, or a tuple of term numbers (then
        # `several` is set: no Material pipeline function makes more than one term of a word)
        self.words: dict[str, int | tuple[int, ...]] = {}
        self.several = False


_NO_TERM = -1


class LeanIndex:
    """What lunr's builder counts for Material's search, without a lunr `Index`, document by
    document as they are added: the term numbers and term frequencies of each field, packed
    at once; the packed file's content from it (`content`)."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.separator = js_regex(config["separator"])
        self.pipeline = Pipeline()
        for name in ("trimmer", "stopWordFilter", "stemmer"):  # lunr()'s default order
            if name in config["pipeline"]:
                self.pipeline.add(PIPELINE_FUNCTIONS[name])
        self.fields = [_Field(name) for name in config["fields"]]
        self.terms: list[str] = []  # by term number: lunr's order of first use
        self._numbers: dict[str, int] = {}
        self.documents = 0
        self.boosts: list[list[float]] = []  # [document number, boost] where the boost is not 1

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
        boost = doc.get("boost") or 1
        if boost != 1:
            self.boosts.append([self.documents, boost])
        self.documents += 1
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
            field.vectors.append(_pack(ordered, list(map(frequencies.__getitem__, ordered))))  # type: ignore[arg-type]

    def content(self, fingerprint: str) -> dict[str, Any]:
        """The file's content: terms in lunr's term order, the documents' boosts, and per
        field the packed vectors of the documents, in the order they were added."""
        return {
            "format": FORMAT,
            "fingerprint": fingerprint,
            "fields": {name: spec.get("boost", 1) for name, spec in self.config["fields"].items()},
            "pipeline": ["stemmer"] if "stemmer" in self.config["pipeline"] else [],  # the search pipeline
            "documents": self.documents,
            "boosts": self.boosts,
            "terms": self.terms,
            "vectors": {field.name: "".join(field.vectors) for field in self.fields},
        }


def build(config: dict[str, Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """The prebuilt file's content for the index Material's worker would build from
    `config` and `docs` (their locations must differ from each other)."""
    return _indexed(config, docs).content(fingerprint(config, [doc["location"] for doc in docs]))


def _indexed(config: dict[str, Any], docs: list[dict[str, Any]]) -> LeanIndex:
    index = LeanIndex(config)
    for doc in docs:
        index.add(doc)
    return index


def fingerprint(config: dict[str, Any], locations: Sequence[str]) -> str:
    """Ties the prebuilt index to the documents of the search_index.json it came from (by
    their locations): the worker computes the same string (FNV-1a over the locations'
    UTF-16 code units) and builds the index itself when they differ."""
    units = array("H", "".join(location + "\n" for location in locations).encode("utf-16-le", "surrogatepass"))
    if sys.byteorder == "big":
        units.byteswap()
    value = 0x811C9DC5
    for unit in units:
        value = ((value ^ unit) * 0x01000193) & 0xFFFFFFFF
    return f"{len(locations)}:{config['separator']}:{','.join(config['pipeline'])}:{value:08x}"


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


def _pack(terms: list[int], frequencies: list[int]) -> str:
    """One document's vector in a field: its number of terms, then per term the gap from the
    previous term number (the terms are sorted) and the term's frequency."""
    small = not terms or max(terms[-1], max(frequencies), len(terms)) < len(_SMALL)
    digits: Callable[[int], str] = _SMALL.__getitem__ if small else pack_number
    gaps = map(operator.sub, terms, itertools.chain((0,), terms))
    return digits(len(terms)) + "".join(map(operator.add, map(digits, gaps), map(digits, frequencies)))


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
    """The field vectors of a prebuilt file, per field in document order: [term number, score,
    ...] as lunr.js's builder scores them and as the worker computes them from the file
    (BM25 with b = 0, lunr's idf, field and document boosts, rounded as Math.round)."""
    frequencies: dict[str, list[list[int]]] = {}
    pairs: Counter[int] = Counter()  # lunr's "documents with the term": (field, document) pairs
    for name, text in data["vectors"].items():
        numbers = iter(unpack_numbers(text))
        vectors = frequencies[name] = []
        for count in numbers:
            elements: list[int] = []
            term = 0
            for _ in range(count):
                term += next(numbers)
                elements += (term, next(numbers))
            vectors.append(elements)
            pairs.update(elements[::2])
    boosts = dict.fromkeys(range(data["documents"]), 1) | {doc: boost for doc, boost in data["boosts"]}
    fields: dict[str, list[list[float]]] = {}
    for name, vectors in frequencies.items():
        field_boost = data["fields"][name] or 1
        fields[name] = [
            [
                number
                for term, tf in zip(elements[::2], elements[1::2])
                for number in (term, _score(idf(pairs[term], data["documents"]), tf, field_boost, boosts[doc]))
            ]
            for doc, elements in enumerate(vectors)
        ]
    return fields


def _score(term_idf: float, tf: int, field_boost: float, doc_boost: float) -> float:
    """lunr.js's score of a term in a field of a document, in its order of operations."""
    # lunr's length normalisation, k1 * (1 - b + b * length / average length), is k1 with b = 0
    score = term_idf * ((K1 + 1) * tf) / (K1 + tf)
    score *= field_boost
    score *= doc_boost
    return math.floor(score * 1000 + 0.5) / 1000  # Math.round(score * 1000) / 1000


def can_prebuild(config: dict[str, Any], locations: Sequence[str] = ()) -> bool:
    """Whether the prebuilt format can stand for the index: English, and no two documents
    with one location."""
    return config.get("lang") == ["en"] and len(set(locations)) == len(locations)


def write_prebuilt(site_dir: Path) -> Path | None:
    """Write search/search_index.lunr.json for the built site's search index.

    Returns None, and leaves no prebuilt file, when the site has no search index or one
    the prebuilt format cannot stand for (see `can_prebuild`): the worker then builds the
    index in the browser, as Material does.
    """
    source = site_dir / "search" / INDEX_FILE
    if not source.exists():
        return write_index(site_dir, None, {}, [])
    data = json.loads(source.read_text(encoding="utf-8"))
    config, docs = data["config"], data["docs"]
    locations = [doc["location"] for doc in docs]
    index = _indexed(config, docs) if can_prebuild(config, locations) else None
    return write_index(site_dir, index, config, locations)


def write_index(site_dir: Path, index: LeanIndex | None, config: dict[str, Any], locations: Sequence[str]) -> Path | None:
    """Write the prebuilt file of `index` (made from the documents at `locations`, in order),
    or remove a stale one when there is no index or it cannot stand for them."""
    target = site_dir / "search" / PREBUILT_FILE
    target.unlink(missing_ok=True)
    if index is None or not can_prebuild(config, locations):
        return None
    content = index.content(fingerprint(config, locations))
    encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
    with target.open("w", encoding="utf-8") as out:
        out.writelines(encoder.iterencode(content))  # written piece by piece, not as one string first
    return target
