"""Search-quality evaluation: shopper queries, what answers them, recall@k and MRR.

A query file (YAML) lists queries, each with `answer`: regular expressions that a
result page must all carry (case-insensitive, whitespace folded). A query is
answered at rank r when the r-th result page is the first that carries them. The
text a page carries is its article as a shopper reads it (the `<article>` of the
built HTML, without the site header, navigation and footer, which repeat on every
page). Ranking comes from outside (the replica of Material's search, or a browser),
so the same scoring serves both. No MkDocs import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from policy_loader import load_yaml, validate
from policy_model import Strict

RECALL_DEPTH = 3  # "in the first three result pages"
MRR_DEPTH = 10  # Material renders the first 10 result pages at once


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as error:
        raise ValueError(f"expected a regular expression ({error}), found {value!r}") from None
    return value


class QueryCase(Strict):
    q: str = Field(min_length=1, description="What the shopper types")
    answer: list[Annotated[str, AfterValidator(_regex)]] = Field(min_length=1, description="Regexes the answering page carries")


class QueryFile(Strict):
    queries: list[QueryCase] = Field(min_length=1)


def load_queries(path: Path, root: Path | None = None) -> list[QueryCase]:
    """Load a query file through the project's loader (errors name file, line and key)."""
    return validate(load_yaml(path, root), QueryFile).queries


class _ArticleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article" and "md-content__inner" in classes:
            self.depth = 1
        elif self.depth and tag == "article":
            self.depth += 1
        if self.depth and (tag in ("script", "style") or self.skip):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
        if self.depth and tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(page_html: str) -> str:
    """The text of a built page's article, whitespace folded."""
    parser = _ArticleText()
    parser.feed(page_html)
    return " ".join(html.unescape(" ".join(parser.parts)).split())


class SiteText:
    """Page location ("returns-refunds/refunds/") -> the text its article carries, cached."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.cache: dict[str, str] = {}

    def __call__(self, location: str) -> str:
        page = location.split("#")[0].split("?")[0]
        if page not in self.cache:
            path = self.site_dir / page / "index.html" if not page.endswith(".html") else self.site_dir / page
            self.cache[page] = article_text(path.read_text(encoding="utf-8")) if path.exists() else ""
        return self.cache[page]


def carries(text: str, patterns: Iterable[str]) -> bool:
    folded = " ".join(text.split())
    return all(re.search(pattern, folded, re.IGNORECASE) for pattern in patterns)


@dataclass
class Outcome:
    query: str
    pages: list[str]  # result pages, best first
    rank: int | None  # 1-based rank of the first answering page within MRR_DEPTH


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def recall(self, k: int) -> float:
        return sum(1 for o in self.outcomes if o.rank is not None and o.rank <= k) / len(self.outcomes)

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank is not None) / len(self.outcomes)

    @property
    def misses(self) -> list[Outcome]:
        """Queries not answered in the first RECALL_DEPTH pages."""
        return [o for o in self.outcomes if o.rank is None or o.rank > RECALL_DEPTH]


def evaluate(cases: Iterable[QueryCase], rank: Callable[[str], list[str]], page_text: Callable[[str], str]) -> Report:
    """Rank every query (`rank` returns result page locations, best first) and score it."""
    report = Report()
    for case in cases:
        pages = rank(case.q)
        found = next((i + 1 for i, page in enumerate(pages[:MRR_DEPTH]) if carries(page_text(page), case.answer)), None)
        report.outcomes.append(Outcome(case.q, pages, found))
    return report
