"""Shopper vocabulary and ranking for Material's search index (engine-agnostic).

Material's search is lexical: a shopper who types "money back" finds nothing on a
page that says "refund". This module rewrites the built `search/search_index.json`
so that the unchanged Material client (or any lunr-based worker) finds answers in
the shopper's own words:

- a `keywords` field (invisible in results) holds, per document, the words editors
  gave it (page front matter `keywords`, FAQ entry `keywords`), boosted half as much
  as the title;
- a `synonyms` field holds the synonyms and common misspellings of its title and of
  those keywords, from `content/search/synonyms.yml`, boosted a little less (the
  editors' own words win over derived ones);
- a `related` field (boosted like body text) holds the synonyms and misspellings of
  the words in the document's text, so a paraphrase still matches;
- each of these fields holds a word once: presence counts, repetition does not;
- blocks of text repeated on many pages (site chrome) are dropped from the index;
- documents carry a `boost`: FAQ answers a little up, landing pages (home, category
  and FAQ index pages, which only list other pages) down;
- the separator also splits on punctuation, currency signs and dashes, so "$5.99",
  "(Monday" and "1–3" index as 5.99, monday, 1 and 3.

Set HELPCENTER_SEARCH=stock to leave Material's index untouched (the baseline of
scripts/search_eval.py). No MkDocs import.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import AfterValidator, Field

from policy_loader import load_yaml, validate
from policy_model import Strict
from problems import HelpCenterError, Problem

if TYPE_CHECKING:  # the prebuilt index is made in the build's side process: imported there (start, finish)
    from search_prebuilt import LeanIndex

SYNONYMS_FILE = Path("content/search/synonyms.yml")
T = TypeVar("T")
SWITCH = "HELPCENTER_SEARCH"  # "stock": Material's index unchanged

# Split on whitespace, dashes, punctuation and currency signs; keep decimals (5.99) and
# apostrophes (carrier's, which the trailing wildcard of "carrier" still finds).
SEPARATOR = r"&[a-z]+;|[\s\u200b\u2013\u2014\-_,;:!?=\[\](){}<>\"`/|$€£%&]+|\.(?!\d)"
# Extra index fields (never shown in results) and their boosts; Material's are title 1000, text 1.
FIELD_BOOSTS = {
    "keywords": 500.0,  # the editors' words for a page or an FAQ answer
    "synonyms": 200.0,  # synonyms and misspellings of the title and of those words
    "related": 1.0,  # synonyms and misspellings of the words in the text
}
ANSWER_BOOST = 1.5  # FAQ answers
LANDING_BOOST = 0.2  # pages that list other pages
CHROME_SHARE = 0.4  # a block on at least this share of pages (and 3 or more) is chrome
SUFFIXES = ("", "s", "es", "ed", "d", "ing", "'s")
_FORM = "(?:" + "|".join(re.escape(suffix) for suffix in SUFFIXES if suffix) + ")?"  # what may follow a word

_WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
_BLOCK = re.compile(r"<(p|ul|ol|pre|table)>.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _phrase(value: str) -> str:
    text = " ".join(value.split())
    if not re.fullmatch(r"[a-z0-9][a-z0-9' .-]*", text) or len(text) > 60:
        raise ValueError(f"expected lowercase words separated by spaces, like 'money back', found {value!r}")
    return text


Phrase = Annotated[str, AfterValidator(_phrase)]


class SynonymFile(Strict):
    synonyms: list[list[Phrase]] = Field(
        description="Groups of words and phrases that mean the same thing to a shopper"
    )
    misspellings: dict[Phrase, list[Phrase]] = Field(
        {}, description="A correct word and the ways shoppers misspell it"
    )


@dataclass(frozen=True)
class Vocabulary:
    """The site-wide synonym groups and misspellings, as tuples of words."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    misspellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def expand(self, words: Sequence[str]) -> list[str]:
        """The synonyms (other members of each matching group) and misspellings of `words`."""
        lookup = self._lookup
        text = _Words(words, lookup)
        matched = sorted(
            {number for base in text.bases if base in lookup.starts for number, phrase in lookup.starts[base] if text.has(phrase)}
        )
        found: list[str] = []
        for number in matched:
            found += [" ".join(p) for p in self.groups[number] if not text.has(p)]
        for word, wrong in self.misspellings.items():
            if word in text.bases:
                found += wrong
        return found

    @functools.cached_property
    def _lookup(self) -> _Lookup:
        return _Lookup(self)


class _Lookup:
    """A vocabulary's phrases by their first word, and the words each text word stands for."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.starts: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for number, group in enumerate(vocabulary.groups):
            for phrase in group:
                self.starts[phrase[0]].append((number, phrase))
        self.words = {word for group in vocabulary.groups for phrase in group for word in phrase}
        self.words.update(vocabulary.misspellings)
        self.forms: dict[str, tuple[str, ...]] = {}  # a text word -> the vocabulary words it is a form of
        self._seen: set[str] = set()  # text words looked at so far
        self._patterns: dict[tuple[str, ...], re.Pattern[str]] = {}

    def pattern(self, phrase: tuple[str, ...]) -> re.Pattern[str]:
        """The phrase's words in a row, each in one of its forms, in words joined by spaces (with one at each end)."""
        found = self._patterns.get(phrase)
        if found is None:
            found = self._patterns[phrase] = re.compile(" " + " ".join(re.escape(word) + _FORM for word in phrase) + " ")
        return found

    def bases(self, words: set[str]) -> set[str]:
        """The vocabulary words that some of `words` are a form of (the word itself, or it less one of SUFFIXES)."""
        for word in words - self._seen:
            found = tuple(
                dict.fromkeys(
                    base
                    for suffix in SUFFIXES
                    if word.endswith(suffix) and (base := word[: len(word) - len(suffix)]) in self.words
                )
            )
            if found:
                self.forms[word] = found
        self._seen |= words
        return {base for word in words & self.forms.keys() for base in self.forms[word]}


def load_vocabulary(root: Path) -> Vocabulary:
    """Load and check content/search/synonyms.yml; every problem is reported at once."""
    path = root / SYNONYMS_FILE
    if not path.exists():
        return Vocabulary()
    document = load_yaml(path, root)
    data = validate(document, SynonymFile)
    problems = []
    seen: dict[str, str] = {}
    for g, group in enumerate(data.synonyms):
        if len(set(group)) < 2:
            line, column = document.place(("synonyms", g))
            problems.append(Problem(document.file, line, column, f"synonyms[{g}]", "expected two or more words or phrases that mean the same; add one or remove the group"))
        for p, phrase in enumerate(group):
            where = f"synonyms[{g}][{p}]"
            if phrase in seen:
                line, column = document.place(("synonyms", g, p))
                problems.append(
                    Problem(document.file, line, column, where, f"'{phrase}' is already in {seen[phrase]}; merge the two groups or drop one")
                )
            seen[phrase] = where
    for word, wrong in data.misspellings.items():
        for i, spelling in enumerate(wrong):
            if spelling == word or spelling in seen:
                line, column = document.place(("misspellings", word, i))
                problems.append(
                    Problem(document.file, line, column, f"misspellings.{word}[{i}]", f"'{spelling}' is a correct word here, not a misspelling of '{word}'; remove it")
                )
    if problems:
        raise HelpCenterError(problems)
    return Vocabulary(
        tuple(tuple(tuple(p.split()) for p in group) for group in data.synonyms),
        {word: tuple(wrong) for word, wrong in data.misspellings.items()},
    )


def words(text: str) -> list[str]:
    """Lowercase words of plain text or of index HTML."""
    return _WORD.findall(html.unescape(_TAG.sub(" ", text)).lower().replace("\u2019", "'"))


class _Words:
    """Words of a text, for phrase look-ups that allow plural and -ed/-ing forms.

    `bases` holds the vocabulary words present in some form. A phrase of several words is
    looked for in the text's words joined by spaces, with a regular expression that
    allows each word's forms (`_Lookup.pattern`): one search in C, not a pass in Python.
    """

    def __init__(self, words: Sequence[str], lookup: _Lookup) -> None:
        self.words = words
        self.lookup = lookup
        self.bases = lookup.bases(set(words))
        self._joined: str | None = None

    def has(self, phrase: Sequence[str]) -> bool:
        if len(phrase) == 1:
            return phrase[0] in self.bases
        if not self.bases.issuperset(phrase):
            return False
        if self._joined is None:
            self._joined = " " + " ".join(self.words) + " "
        return self.lookup.pattern(tuple(phrase)).search(self._joined) is not None


@dataclass
class PageVocabulary:
    """What the build knows about one page beyond its text."""

    location: str  # the page's URL, as in the index ("returns-refunds/refunds/")
    keywords: list[str]  # front matter keywords
    sections: dict[str, list[str]] = field(default_factory=dict)  # "faq/returns/#return-window" -> keywords
    landing: bool = False  # lists other pages (home, category index, FAQ index)
    answers: bool = False  # an FAQ topic: every section is an answer


def page_vocabulary(
    url: str, src_uri: str, meta: Mapping[str, Any], faq_keywords: Mapping[str, Sequence[str]] | None = None
) -> PageVocabulary:
    """Collect a page's vocabulary; `faq_keywords` maps an FAQ topic's entry ids to their keywords."""
    if faq_keywords is not None:
        sections = {f"{url}#{entry}": list(keywords) for entry, keywords in faq_keywords.items()}
        return PageVocabulary(url, [], sections, answers=True)
    raw = meta.get("keywords") or []
    keywords = [k.strip() for k in raw.split(",")] if isinstance(raw, str) else [str(k) for k in raw]
    landing = src_uri == "index.md" or src_uri.endswith("/index.md")
    return PageVocabulary(url, [k for k in keywords if k], landing=landing)


def tuning_enabled(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get(SWITCH, "").strip().lower() != "stock"


def tuned_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """Material's search configuration with the project's separator and extra fields."""
    fields = {**config["fields"], **{name: {"boost": boost} for name, boost in FIELD_BOOSTS.items()}}
    return {**config, "separator": SEPARATOR, "fields": fields}


def tune_index(index: dict[str, Any], pages: Iterable[PageVocabulary], vocabulary: Vocabulary) -> dict[str, Any]:
    """Return Material's search index with the shopper vocabulary, without chrome, boosted."""
    by_page = {page.location: page for page in pages}
    docs = [dict(doc) for doc in index["docs"]]
    _drop_chrome(docs)
    docs = [tune_doc(doc, by_page.get(doc["location"].partition("#")[0]), vocabulary) for doc in docs]
    return {**index, "config": tuned_config(index["config"]), "docs": docs}


def tune_doc(doc: Mapping[str, Any], page: PageVocabulary | None, vocabulary: Vocabulary) -> dict[str, Any]:
    """One document of the index (of `page`) with its shopper vocabulary and boost."""
    doc = dict(doc)
    anchor = doc["location"].partition("#")[2]
    given: list[str] = []
    if page is not None:
        given = page.sections.get(doc["location"], []) if anchor else page.keywords
    # Editors' words first; then the synonyms of the title and of each keyword (each on
    # its own, so a synonym of one needs none of the next one's words); then those of the
    # text. Each field holds every word once: presence counts, repetition does not.
    synonyms = vocabulary.expand(words(doc["title"]))
    for keyword in given:
        synonyms += vocabulary.expand(words(keyword))
    related = vocabulary.expand(words(doc["text"]))
    seen: set[str] = set()
    for name, phrases in (("keywords", given), ("synonyms", synonyms), ("related", related)):
        unique = [w for w in dict.fromkeys(w for p in phrases for w in p.lower().split()) if w not in seen]
        seen.update(unique)
        if unique:
            doc[name] = " ".join(unique)
    boost = float(doc.get("boost", 1) or 1)
    if page is not None and page.landing:
        boost *= LANDING_BOOST
    elif page is not None and page.answers and anchor:
        boost *= ANSWER_BOOST
    if boost != 1:
        doc["boost"] = round(boost, 3)
    return doc


def _blocks(text: str) -> Iterator[str]:
    """The text blocks of an index document's HTML, whitespace collapsed (to find chrome)."""
    return (" ".join(block.group(0).split()) for block in _BLOCK.finditer(text))


def _chrome(block_pages: Mapping[T, int], pages: int) -> set[T]:
    """The blocks on at least CHROME_SHARE of the pages (and 3 or more)."""
    limit = max(3, CHROME_SHARE * pages)
    return {block for block, count in block_pages.items() if count >= limit}


def _without(text: str, chrome: set[str]) -> str:
    return _BLOCK.sub(lambda m: "" if " ".join(m.group(0).split()) in chrome else m.group(0), text).strip()


def _drop_chrome(docs: list[dict[str, Any]]) -> None:
    """Remove text blocks that repeat verbatim on many pages (banners, "still need help?" notes)."""
    pages_of: dict[str, set[str]] = defaultdict(set)
    all_pages = set()
    for doc in docs:
        page = doc["location"].split("#")[0]
        all_pages.add(page)
        for block in _blocks(doc["text"]):
            pages_of[block].add(page)
    chrome = _chrome({block: len(pages) for block, pages in pages_of.items()}, len(all_pages))
    if not chrome:
        return
    for doc in docs:
        text = _without(doc["text"], chrome)
        if text != doc["text"]:
            doc["text"] = text


def tune_file(path: Path, pages: Iterable[PageVocabulary], vocabulary: Vocabulary) -> None:
    """Rewrite a built search_index.json in place."""
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(_json(tune_index(index, pages, vocabulary)), encoding="utf-8")


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class SearchTuning:
    """One build's search index: the shopper vocabulary and the prebuilt index, made page by
    page as the build indexes each page (`add_page`), and written by `finish`.

    Each page's documents are tuned (`tune_doc`), written as JSON to a temporary file and
    counted for the prebuilt index as they come, so little is left for the end and memory
    stays flat. `finish` rewrites the built search_index.json instead (`tune_file`,
    `write_prebuilt`) when blocks of chrome turn up once every page is known (rare: none
    on the demo site; their documents would need tuning again), or when it was not given
    every document of that file (Material's dirty reload merges in the previous build's).
    The documents as they came are kept in a second temporary file for the first case,
    when the engine wrote no documents of its own (`finish` with no count)."""

    def __init__(self, vocabulary: Vocabulary, faq_keywords: Mapping[str, Mapping[str, Sequence[str]]], enabled: bool) -> None:
        self.vocabulary = vocabulary
        self.faq_keywords = faq_keywords  # FAQ page source ("faq/returns.md") -> entry id -> keywords
        self.enabled = enabled
        self.pages: list[PageVocabulary] = []
        self.config: dict[str, Any] = {}  # the index's configuration (Material's, tuned)
        self.locations: list[str] = []  # of the documents, in Material's order
        self._docs: IO[str] | None = None  # a temporary file: the tuned documents' JSON, comma-separated
        self._raw: IO[str] | None = None  # the same for the documents as they came
        self._raw_config: dict[str, Any] = {}
        self._count = 0
        self.index: LeanIndex | None = None
        self._block_pages: Counter[int] = Counter()  # hash of a text block -> pages that have it
        self._indexed_pages = 0
        self._prepared: int | None = None  # documents in the prebuilt index written by `prepare`

    @classmethod
    def load(cls, root: Path, faq: Iterable[Any]) -> SearchTuning:
        """`faq`: the site's FaqPage objects (path, topic.entries with id and keywords)."""
        enabled = tuning_enabled()
        vocabulary = load_vocabulary(root) if enabled else Vocabulary()
        faq_keywords = {page.path: {e.id: list(e.keywords) for e in page.topic.entries} for page in faq}
        return cls(vocabulary, faq_keywords, enabled)

    def start(self, config: Mapping[str, Any]) -> None:
        """Material's search configuration (lang, separator, pipeline, fields), before the first page."""
        from search_prebuilt import LeanIndex, can_prebuild

        self._raw_config = dict(config)
        self.config = tuned_config(config) if self.enabled else dict(config)
        self.index = LeanIndex(self.config) if can_prebuild(self.config) else None
        self._docs = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._raw = tempfile.TemporaryFile("w+", encoding="utf-8")

    def add_page(self, url: str, src_uri: str, meta: Mapping[str, Any], docs: Sequence[Mapping[str, Any]] = ()) -> None:
        """A page as the search index has it: `docs` are its documents, in the index's order."""
        page = page_vocabulary(url, src_uri, meta, self.faq_keywords.get(src_uri))
        self.pages.append(page)
        if not docs:
            return
        self._indexed_pages += 1
        # Hashes, not the blocks' text: a collision could only make `finish` take the long way.
        self._block_pages.update({hash(block) for doc in docs for block in _blocks(doc["text"])})
        for doc in docs:
            tuned = tune_doc(doc, page, self.vocabulary) if self.enabled else dict(doc)
            self.locations.append(tuned["location"])
            if self._docs is not None and self._raw is not None:
                self._docs.write(("," if self._count else "") + _json(tuned))
                self._raw.write(("," if self._count else "") + _json(doc))
            self._count += 1
            if self.index is not None:
                self.index.add(tuned)

    def prepare(self, site_dir: Path) -> None:
        """Write the prebuilt index of the documents added so far, while the engine writes
        the site, for an engine that hands on every page before it writes any: `finish`
        keeps it if no document came after (and writes it again otherwise)."""
        from search_prebuilt import write_index

        if self.index is not None and not (self.enabled and _chrome(self._block_pages, self._indexed_pages)):
            (site_dir / "search").mkdir(parents=True, exist_ok=True)
            write_index(site_dir, self.index, self.config, self.locations)
            self._prepared = self._count

    def finish(self, site_dir: Path, count: int | None = None) -> list[str]:
        """Write the tuned search_index.json and the prebuilt index; `count`: the number of
        documents of the built search_index.json, None when the engine wrote none (every
        document came through `add_page`). Returns the locations of the documents."""
        from search_prebuilt import write_index, write_prebuilt

        docs, self._docs = self._docs, None
        raw, self._raw = self._raw, None
        try:
            path = site_dir / "search" / "search_index.json"
            if not path.exists():
                if self._prepared is not None:
                    write_index(site_dir, None, {}, [])  # removes the prebuilt index: no search
                return []
            chrome = _chrome(self._block_pages, self._indexed_pages) if self.enabled else set()
            if docs is None or raw is None or count not in (None, len(self.locations)) or chrome:
                if count is None and raw is not None:  # the engine's file has no documents: these are
                    _write_docs(path, self._raw_config, raw)
                if self.enabled:
                    tune_file(path, self.pages, self.vocabulary)
                write_prebuilt(site_dir)
                return [doc["location"] for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]]
            if self.enabled or count is None:
                _write_docs(path, self.config, docs)
            if self._prepared != self._count:
                write_index(site_dir, self.index, self.config, self.locations)
            return self.locations
        finally:
            for file in (docs, raw):
                if file is not None:
                    file.close()


def _write_docs(path: Path, config: Mapping[str, Any], docs: IO[str]) -> None:
    """json.dumps({"config": ..., "docs": ...}), the documents' JSON written already in `docs`."""
    docs.seek(0)
    with path.open("w", encoding="utf-8") as out:
        out.write(f'{{"config":{_json(config)},"docs":[')
        shutil.copyfileobj(docs, out)
        out.write("]}")
