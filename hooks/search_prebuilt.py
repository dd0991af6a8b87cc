"""A lunr index prebuilt at build time, so the browser loads it instead of building it.

Material's search worker builds a lunr.js index from `search/search_index.json` on
every page load: seconds on a large help center before the first result. This
module builds the same index once, at build time, with the Python `lunr` package
and the search replica's setup (`search_replica.py`: Material's tokenizer, fields,
boosts, separator, pipeline, `b(0)` and lunr.js's score rounding), and writes it
next to the search index as `search/search_index.lunr.json`. The project's search
worker (`docs/assets/javascripts/search-worker.js`) turns it back into a
`lunr.Index` and answers queries with Material's own query and result code.

The file is compact and quick to parse: the term list in lunr's term order, the
distinct scores once, and for each field one packed string holding the field
vector of every document, in the order of `docs` in search_index.json (see
`pack`). The inverted index is derived from the vectors in the browser, when a
query first needs a term (a term is in a field of a document exactly when the
field's vector has it), so document references are not repeated once per term.
Position metadata is left out: the worker recomputes positions for the few
documents it shows, to highlight them.

Only tokenizing and counting are done here, in a faster loop than the replica's
(the pipeline runs once per distinct word); idf, scores and rounding are the
replica's, and tests/test_prebuilt_index.py proves the result equal to
`search_replica.build_index` term for term and score for score.

No MkDocs import: the hook, the benchmark and the tests call `write_prebuilt`.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from lunr.field_ref import FieldRef
from lunr.idf import idf as lunr_idf
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token import Token
from lunr.vector import Vector

from search_replica import PIPELINE_FUNCTIONS, MaterialBuilder, js_regex, js_split_ranges

FORMAT = "helpcenter-lunr-2"
INDEX_FILE = "search_index.json"
PREBUILT_FILE = "search_index.lunr.json"
_ANGLE = re.compile(r"[<>]")
# The (empty) metadata of every posting, shared: one dict per term and document was most of the memory.
_NO_METADATA: dict[str, Any] = {}


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


def split_words(text: str, separator: re.Pattern[str]) -> list[str]:
    """Material's `split` of one text range into words, lowercased."""
    if _never_empty(separator):  # then re.split cuts exactly where the JavaScript loop does
        return [word.lower() for word in separator.split(text) if word]
    return [text[i:u].lower() for i, u in js_split_ranges(text, separator)]


@functools.cache
def _never_empty(separator: re.Pattern[str]) -> bool:
    """True if `separator` cannot match the empty string (and has no groups, which re.split keeps)."""
    try:
        low, _ = re._parser.parse(separator.pattern, separator.flags).getwidth()  # type: ignore[attr-defined]
    except Exception:  # a private module: without it, take the exact loop
        return False
    return low > 0 and separator.groups == 0


class PrebuiltBuilder(MaterialBuilder):
    """The replica's builder, adding documents without per-token objects or position metadata.

    Terms are numbered and counted in the same order as `MaterialBuilder.add` (document,
    then field, then word), so the index is the same; only the work per word is less.
    """

    def __init__(self, separator: re.Pattern[str]) -> None:
        super().__init__(separator)
        self._terms: dict[tuple[str, str], list[str]] = {}

    def _terms_of(self, word: str, field_name: str) -> list[str]:
        key = (word, field_name)
        terms = self._terms.get(key)
        if terms is None:
            terms = [str(token) for token in self.pipeline.run([Token(word, {})], field_name)]
            self._terms[key] = terms
        return terms

    def add(self, doc: dict[str, Any], attributes: dict[str, Any] | None = None) -> None:
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        for field_name, spec in self._fields.items():
            value = doc.get(field_name) if spec.extractor is None else spec.extractor(doc)
            words: list[str] = []
            for item in [] if value is None else value if isinstance(value, list) else [value]:
                for start, end in text_ranges(item):
                    words += split_words(item[start:end], self.separator)
            # Distinct words in order of first use keep lunr's term numbering (first use wins).
            frequencies: dict[str, int] = defaultdict(int)
            length = 0
            for word, count in Counter(words).items():
                for term in self._terms_of(word, field_name):
                    length += count
                    frequencies[term] += count
                    posting = self.inverted_index.get(term)
                    if posting is None:
                        posting = {name: {} for name in self._fields}
                        posting["_index"] = self.term_index
                        self.term_index += 1
                        self.inverted_index[term] = posting
                    posting[field_name][doc_ref] = _NO_METADATA
            field_ref = f"{field_name}/{doc_ref}"
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = length

    def _create_field_vectors(self) -> None:
        # The replica's scores and rounding, with each vector sorted once instead of one
        # binary-search insert per element.
        vectors = {}
        idf_cache: dict[str, float] = {}
        for field_ref, frequencies in self.field_term_frequencies.items():
            ref = FieldRef.from_string(field_ref)
            length = self.field_lengths[field_ref]
            field_boost = self._fields[ref.field_name].boost or 1
            doc_boost = self._documents[ref.doc_ref].get("boost") or 1
            pairs = []
            for term, tf in frequencies.items():
                norm = 1 - self._b + self._b * (length / self.average_field_length[ref.field_name])
                if term not in idf_cache:
                    idf_cache[term] = lunr_idf(self.inverted_index[term], self.document_count)
                score = idf_cache[term] * ((self._k1 + 1) * tf) / (self._k1 * norm + tf)
                score *= field_boost
                score *= doc_boost
                pairs.append((self.inverted_index[term]["_index"], math.floor(score * 1000 + 0.5) / 1000))
            pairs.sort()
            vectors[field_ref] = Vector([number for pair in pairs for number in pair])
        self.field_vectors = vectors


def build(config: dict[str, Any], docs: list[dict[str, Any]]) -> Index:
    """The lunr index Material's worker would build from `config` and `docs`, built here."""
    builder = PrebuiltBuilder(js_regex(config["separator"]))
    builder.pipeline = Pipeline()
    builder.search_pipeline = Pipeline()
    for name in ("trimmer", "stopWordFilter", "stemmer"):  # lunr()'s default order
        if name in config["pipeline"]:
            builder.pipeline.add(PIPELINE_FUNCTIONS[name])
    if "stemmer" in config["pipeline"]:
        builder.search_pipeline.add(PIPELINE_FUNCTIONS["stemmer"])
    builder.b(0)
    builder.ref("location")
    for name, spec in config["fields"].items():
        builder.field(name, boost=spec.get("boost", 1), extractor=lambda doc, name=name: doc.get(name))
    for doc in docs:
        builder.add(doc, {"boost": doc.get("boost")})
    return builder.build()


def fingerprint(config: dict[str, Any], docs: list[dict[str, Any]]) -> str:
    """Ties the prebuilt index to the documents of the search_index.json it came from: the
    worker computes the same string (FNV-1a over the locations' UTF-16 code units) and
    builds the index itself when they differ."""
    value = 0x811C9DC5
    for doc in docs:
        for char in doc["location"] + "\n":
            point = ord(char)
            units = (point,) if point < 0x10000 else (0xD800 + ((point - 0x10000) >> 10), 0xDC00 + (point & 0x3FF))
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


def pack(vectors: list[list[float]], score_numbers: dict[float, int]) -> str:
    """One field's vectors ([term number, score, ...] per document) as one string: per
    document its number of terms, then per term the gap from the previous term number
    (vectors are sorted by term number) and the score's place in the score table."""
    numbers: list[int] = []
    for elements in vectors:
        numbers.append(len(elements) // 2)
        previous = 0
        for term, score in zip(elements[::2], elements[1::2]):
            numbers += (int(term) - previous, score_numbers[score])
            previous = int(term)
    return "".join(_SMALL[number] if number < 4096 else pack_number(number) for number in numbers)


def unpack(data: dict[str, Any]) -> dict[str, list[list[float]]]:
    """The field vectors of a compact index (the inverse of `pack`), per field in document order."""
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


def compact(index: Index, config: dict[str, Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """The index as the worker reads it: terms in lunr's term order, the distinct scores
    (most used first, so the packed strings stay short), and per field the packed vectors
    of the documents, in the order of `docs`."""
    terms = sorted(index.inverted_index, key=lambda term: index.inverted_index[term]["_index"])
    assert all(index.inverted_index[term]["_index"] == number for number, term in enumerate(terms))
    vectors = {
        name: [index.field_vectors[f"{name}/{doc['location']}"].elements for doc in docs] for name in index.fields
    }
    uses = Counter(score for field in vectors.values() for elements in field for score in elements[1::2])
    scores = sorted(uses, key=lambda score: (-uses[score], score))
    numbers = {score: number for number, score in enumerate(scores)}
    return {
        "format": FORMAT,
        "fingerprint": fingerprint(config, docs),
        "fields": {name: config["fields"][name].get("boost", 1) for name in index.fields},
        "pipeline": [fn.label for fn in index.pipeline._stack],
        "documents": len(docs),
        "terms": terms,
        "scores": scores,
        "vectors": {name: pack(field, numbers) for name, field in vectors.items()},
    }


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
    text = json.dumps(compact(build(config, docs), config, docs), separators=(",", ":"), ensure_ascii=False)
    target.write_text(text, encoding="utf-8")
    return target
