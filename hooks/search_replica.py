"""Material for MkDocs 9.8's client search, replayed in Python on a built search_index.json.

The browser runs Material's search worker: it builds a lunr.js 2.3.9 index from
`search/search_index.json` and answers each keystroke. This module does the same
with the Python `lunr` package (a port of lunr.js 2.3.9), step by step, so that a
script or a test can rank queries offline and get what a shopper sees:

- index: `b(0)`, `metadataWhitelist = ["position"]`, the pipeline functions named in
  the index config (trimmer, stopWordFilter, stemmer; the others removed from both
  the indexing and the search pipeline), the fields and boosts of the config, each
  document's own `boost`, and Material's HTML-aware tokenizer splitting text on the
  config's `separator`;
- query: Material's `transformSearchQuery` (quoted parts become required terms,
  stray operators dropped, every plain term gets a trailing wildcard), then lunr's
  own parser;
- results: the post-boost `score * (1 + boost ** 2)` with `boost = (whole page ? 1
  : 0) + matched terms / query terms`, a stable re-sort, and the grouping of
  sections under their page in order of first appearance.

Sources replicated (Material 9.8.1): integrations/search/_/index.ts,
query/_/index.ts, query/transform/index.ts, internal/tokenize, internal/extract,
internal/_/index.ts, config/index.ts. Not replicated: Chinese segmentation and
non-English stemmers (this help center is English), highlighting and suggestions
(they do not change the ranking).

No MkDocs import: the prebuilt-index worker and the evaluation script reuse it.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lunr.builder import Builder
from lunr.exceptions import BaseLunrException
from lunr.field_ref import FieldRef
from lunr.idf import idf as lunr_idf
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Query, QueryPresence
from lunr.query_lexer import QueryLexer
from lunr.query_parser import QueryParser
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.trimmer import trimmer
from lunr.vector import Vector

QUERY_FIELDS = ["title", "text", "tags"]  # parseSearchQuery's fixed field list
PIPELINE_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "trimmer": trimmer,
    "stopWordFilter": stop_word_filter,
    "stemmer": stemmer,
}

# JavaScript's \s (ECMAScript WhiteSpace + LineTerminator), for patterns compiled with re.ASCII.
_JS_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"


def js_regex(source: str) -> re.Pattern[str]:
    """Compile a JavaScript regular expression source (no flags) with JavaScript semantics:
    ASCII \\w, \\d and \\b as in JS, and JS's Unicode-aware \\s and \\S."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            pair = source[i : i + 2]
            if pair == "\\s":
                out.append(_JS_SPACE if in_class else f"[{_JS_SPACE}]")
            elif pair == "\\S" and not in_class:
                out.append(f"[^{_JS_SPACE}]")
            else:
                out.append(pair)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return re.compile("".join(out), re.ASCII)


def js_split_ranges(text: str, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """Material's `split`: the non-empty ranges between matches of `separator` (a global
    RegExp exec loop that steps over zero-length matches)."""
    ranges = []
    index = 0
    position = 0
    while True:
        match = separator.search(text, position) if position <= len(text) else None
        until = match.start() if match else len(text)
        if index < until:
            ranges.append((index, until))
        if not match:
            return ranges
        index = match.end()
        position = match.end() if match.end() > match.start() else match.start() + 1


def _js_replace_all(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    """String.prototype.replace with a global RegExp and a plain replacement string."""
    out = []
    last = 0
    position = 0
    while position <= len(text):
        match = pattern.search(text, position)
        if not match:
            break
        out.append(text[last : match.start()])
        out.append(replacement)
        last = match.end()
        position = match.end() if match.end() > match.start() else match.start() + 1
    out.append(text[last:])
    return "".join(out)


def extract_text(value: str) -> list[tuple[int, int]]:
    """Material's `extract`: the ranges of `value` that are text, not markup."""
    ranges = []
    start = end = stack = 0
    while end < len(value):
        char = value[end]
        if char == "<" and end > start:
            ranges.append((start, end))
            start = end
        elif char == ">":
            if value[start + 1 : start + 2] == "/":
                stack -= 1
            elif value[end - 1 : end] != "/":
                stack += 1
            start = end + 1
        end += 1
    if end > start:
        ranges.append((start, end))
    return ranges


def tokenize(value: str | list[str] | None, separator: re.Pattern[str]) -> list[Token]:
    """Material's HTML-aware tokenizer: text sections split on the separator, lowercased."""
    if value is None:
        return []
    tokens: list[Token] = []
    for item in value if isinstance(value, list) else [value]:
        for block, (start, end) in enumerate(extract_text(item)):
            section = item[start:end]
            for position, (index, until) in enumerate(js_split_ranges(section, separator)):
                tokens.append(Token(section[index:until].lower(), {"position": block << 20 | position}))
    return tokens


def transform_query(query: str, separator: re.Pattern[str]) -> str:
    """Material's `transformSearchQuery` (query/_ and query/transform)."""

    def terms_of(part: str) -> list[str]:
        terms: list[str] = []
        lexer = QueryLexer(part)
        lexer.run()
        for lexeme in lexer.lexemes:
            kind, term, start, end = lexeme["type"], lexeme["string"], lexeme["start"], lexeme["end"]
            if kind == QueryLexer.FIELD:
                if term not in QUERY_FIELDS:
                    part = part[:end] + " " + part[end + 1 :]
            elif kind == QueryLexer.TERM:
                for index, until in js_split_ranges(term, separator):
                    terms.append(part[:start] + term[index:until] + part[end:])
        return terms

    value = query.strip()
    pieces = re.split(r'"([^"]+)"', value)
    value = "".join(
        _js_replace_all(_QUOTED_TERM_START, " +", piece) if index & 1 else piece for index, piece in enumerate(pieces)
    )
    value = _js_replace_all(_STRAY_OPERATORS, "", value)
    terms: list[str] = []
    for part in re.split(r"\s+", value) if value else [""]:
        terms.extend(terms_of(part))
    terms = [f"{term}1" if re.search(r"[~^]$", term) else term for term in terms]
    terms = [term if re.search(r"^[+-]|[~^]\d+$", term) else f"{term}*" for term in terms]
    return " ".join(terms)


_QUOTED_TERM_START = js_regex(r"^\b|^(?![^\x00-\x7F]|$)|\s+")
_STRAY_OPERATORS = js_regex(r"\"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)")


@dataclass
class Clause:
    term: str
    presence: QueryPresence


def parse_clauses(query: str) -> list[Clause]:
    """Material's `parseSearchQuery`: the clauses of a transformed query, wildcards stripped."""
    parsed = QueryParser(query, Query(QUERY_FIELDS)).parse()
    clauses = []
    for clause in parsed.clauses:
        term = clause.term
        if term.startswith("*"):
            term = term[1:]
        if term.endswith("*"):
            term = term[:-1]
        clauses.append(Clause(term, clause.presence))
    return clauses


def query_terms(clauses: list[Clause], matched: Iterable[str]) -> dict[str, bool]:
    """Material's `getSearchQueryTerms`: which query terms a result matched."""
    pending = list(clauses)
    result: dict[str, bool] = {}
    for term in matched:
        for clause in list(pending):
            if term.startswith(clause.term):
                result[clause.term] = True
                pending.remove(clause)
    for clause in pending:
        if stop_word_filter(clause.term):
            result[clause.term] = False
    return result


class MaterialBuilder(Builder):
    """lunr's Builder with Material's tokenizer and lunr.js's score rounding."""

    def __init__(self, separator: re.Pattern[str]) -> None:
        super().__init__()
        self.separator = separator

    def add(self, doc: dict[str, Any], attributes: dict[str, Any] | None = None) -> None:
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        for field_name, spec in self._fields.items():
            value = doc.get(field_name) if spec.extractor is None else spec.extractor(doc)
            terms = self.pipeline.run(tokenize(value, self.separator), field_name)
            field_ref = str(FieldRef(doc_ref, field_name))
            frequencies: dict[str, int] = defaultdict(int)
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = len(terms)
            for term in terms:
                key = str(term)
                frequencies[key] += 1
                if key not in self.inverted_index:
                    posting: dict[str, Any] = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[key] = posting
                entry = self.inverted_index[key][field_name].setdefault(doc_ref, defaultdict(list))
                for key_name in self.metadata_whitelist:
                    entry[key_name].append(term.metadata[key_name])

    def _create_field_vectors(self) -> None:
        # lunr.js rounds with Math.round(score * 1000) / 1000 (half up), Python's round() is half-even.
        vectors = {}
        idf_cache: dict[str, float] = {}
        for field_ref, frequencies in self.field_term_frequencies.items():
            ref = FieldRef.from_string(field_ref)
            length = self.field_lengths[field_ref]
            vector = Vector()
            field_boost = self._fields[ref.field_name].boost or 1  # `|| 1`: a missing or zero boost is 1
            doc_boost = self._documents[ref.doc_ref].get("boost") or 1
            for term, tf in frequencies.items():
                term_index = self.inverted_index[term]["_index"]
                if term not in idf_cache:
                    idf_cache[term] = lunr_idf(self.inverted_index[term], self.document_count)
                norm = 1 - self._b + self._b * (length / self.average_field_length[ref.field_name])
                score = idf_cache[term] * ((self._k1 + 1) * tf) / (self._k1 * norm + tf)
                score *= field_boost
                score *= doc_boost
                vector.insert(term_index, math.floor(score * 1000 + 0.5) / 1000)
            vectors[field_ref] = vector
        self.field_vectors = vectors


def build_index(config: dict[str, Any], docs: list[dict[str, Any]]) -> Index:
    """The lunr index Material's worker builds from a search_index.json (config + docs)."""
    separator = js_regex(config["separator"])
    builder = MaterialBuilder(separator)
    builder.pipeline = Pipeline()
    builder.search_pipeline = Pipeline()
    for name in ("trimmer", "stopWordFilter", "stemmer"):  # lunr()'s default order
        if name in config["pipeline"]:
            builder.pipeline.add(PIPELINE_FUNCTIONS[name])
    if "stemmer" in config["pipeline"]:
        builder.search_pipeline.add(stemmer)
    builder.metadata_whitelist = ["position"]
    builder.b(0)
    builder.ref("location")
    for name, spec in config["fields"].items():
        builder.field(name, boost=spec.get("boost", 1), extractor=lambda doc, name=name: doc.get(name))
    for doc in docs:
        builder.add(doc, {"boost": doc.get("boost")})
    return builder.build()


@dataclass
class SearchItem:
    """One matching document (a page or one of its sections), as the worker returns it."""

    location: str
    title: str
    score: float
    terms: dict[str, bool]
    parent: str | None  # the page's location for a section, None for the page itself


@dataclass
class PageResult:
    """One result group: a page and its matching sections, best first (the worker's order)."""

    location: str
    items: list[SearchItem] = field(default_factory=list)


class MaterialSearch:
    """Rank queries against a built search index exactly as Material's client does."""

    def __init__(self, index: dict[str, Any]) -> None:
        self.config = index["config"]
        self.docs: list[dict[str, Any]] = index["docs"]
        self.separator = js_regex(self.config["separator"])
        self.map: dict[str, dict[str, Any]] = {}
        self.parent: dict[str, str] = {}
        for doc in self.docs:  # setupSearchDocumentMap
            path = doc["location"].split("#")[0]
            if path not in self.map:
                self.map[path] = doc
            else:
                self.map[doc["location"]] = doc
                self.parent[doc["location"]] = path
        self.index = build_index(self.config, self.docs)

    @classmethod
    def from_file(cls, path: Path) -> MaterialSearch:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def search(self, query: str) -> list[PageResult]:
        query = transform_query(query, self.separator)
        if not query:
            return []
        try:
            clauses = [c for c in parse_clauses(query) if c.presence != QueryPresence.PROHIBITED]
            matches = self.index.search(query)
        except BaseLunrException:  # the worker answers an invalid query with no results
            return []
        items = []
        for match in matches:
            doc = self.map.get(match["ref"])
            if doc is None:
                continue
            terms = query_terms(clauses, match["match_data"].metadata.keys())
            parent = self.parent.get(doc["location"])
            matched = sum(1 for hit in terms.values() if hit)
            boost = (0 if parent is not None else 1) + (matched / len(terms) if terms else math.nan)
            items.append(SearchItem(doc["location"], doc["title"], match["score"] * (1 + boost**2), terms, parent))
        items.sort(key=functools.cmp_to_key(_by_score))
        groups: dict[str, PageResult] = {}
        for item in items:
            page = item.location if item.parent is None else item.parent
            groups.setdefault(page, PageResult(page)).items.append(item)
        for page, group in groups.items():
            if not any(item.location == page for item in group.items):
                doc = self.map[page]
                group.items.append(SearchItem(page, doc["title"], 0.0, {}, None))
        return list(groups.values())


def _by_score(a: SearchItem, b: SearchItem) -> int:
    # (a, b) => b.score - a.score, where NaN compares as equal (ECMAScript SortCompare)
    difference = b.score - a.score
    if math.isnan(difference) or difference == 0:
        return 0
    return 1 if difference > 0 else -1
