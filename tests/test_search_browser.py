"""The site's real search in headless Chromium: shoppers' words, and agreement with the replica.

Queries are typed into the search box with real key events; results are read from
the rendered list (pages, their section links and the scores Material shows).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser import chromium, served
from conftest import Build
from search_browser import BrowserSearch
from search_quality import SiteText, evaluate, load_queries
from search_replica import MaterialSearch
from test_search import PARAPHRASED, RIGHT_FIRST, SHARED_QUERIES

pytestmark = pytest.mark.browser

# Varied on purpose: plain words, typos, stop words, quotes (required terms), a
# prohibited term, a field, fuzzy and boost operators, punctuation and a number.
AGREEMENT_QUERIES = [
    "money back",
    "express shipping",
    "retrun policy",
    "where is my order",
    "talk to a manager",
    "how long do refunds take",
    "refnd status",
    '"cancel order"',
    "shipping -canada",
    "title:refund",
    "cancel~1",
    "refund^2 policy",
    "12.99",
    "$5.99 standard",
    "damaged-item photo",
    "file a grievance",
    "GDPR",
    "a",
]


@pytest.fixture(scope="module")
def browser_search(built_site: Build) -> Iterator[BrowserSearch]:
    with served(built_site.site) as url, chromium() as browser, BrowserSearch(browser, url) as search:
        yield search


@pytest.fixture(scope="module")
def replica(built_site: Build) -> MaterialSearch:
    return MaterialSearch.from_file(built_site.site / "search" / "search_index.json")


@pytest.mark.parametrize("query, page", RIGHT_FIRST.items())
def test_shopper_words_put_the_right_article_first(browser_search: BrowserSearch, query: str, page: str) -> None:
    results = browser_search.search(query)
    assert results and results[0].location == page, [r.location for r in results[:3]]


def test_a_faq_answer_is_linked_at_its_question(browser_search: BrowserSearch) -> None:
    faq = next(r for r in browser_search.search("refund how long") if r.location == "faq/returns/")
    assert faq.links[1][0] == "faq/returns/#refund-timing"  # the best section, right under the page


def _shown(search: MaterialSearch, query: str) -> list[list[tuple[str, float]]]:
    """What the replica says Material renders: per page, the page link first, then its sections."""
    groups = []
    for group in search.search(query)[:10]:
        article = next(item for item in group.items if item.location == group.location)
        sections = [item for item in group.items if item is not article]
        groups.append([(item.location, item.score) for item in [article, *sections]])
    return groups


def _agree(shown: list[list[tuple[str, float]]], browser: list[list[tuple[str, float]]]) -> bool:
    return len(shown) == len(browser) and all(
        [loc for loc, _ in a] == [loc for loc, _ in b] and all(abs(x - y) <= 0.0051 for (_, x), (_, y) in zip(a, b))
        for a, b in zip(shown, browser)
    )


def test_replica_agrees_with_the_real_search(browser_search: BrowserSearch, replica: MaterialSearch) -> None:
    queries = list(AGREEMENT_QUERIES) + [case.q for case in load_queries(PARAPHRASED)]
    if SHARED_QUERIES.exists():
        queries += [case.q for case in load_queries(SHARED_QUERIES)]
    disagreements = []
    for query in queries:
        browser = [result.links for result in browser_search.search(query)[:10]]
        shown = _shown(replica, query)
        if not _agree(shown, browser):
            disagreements.append((query, shown[:2], browser[:2]))
    assert len(queries) >= 40
    assert disagreements == []


def test_browser_figures_meet_the_targets_and_match_the_replica(
    browser_search: BrowserSearch, replica: MaterialSearch, built_site: Build
) -> None:
    if not SHARED_QUERIES.exists():
        pytest.skip("the shared query file is not checked out next to the project")
    cases = load_queries(SHARED_QUERIES)
    text = SiteText(built_site.site)
    in_browser = evaluate(cases, lambda q: [r.location for r in browser_search.search(q)], text)
    offline = evaluate(cases, lambda q: [g.location for g in replica.search(q)], text)
    assert in_browser.recall(3) >= 0.95 and in_browser.mrr >= 0.85
    assert [o.rank for o in in_browser.outcomes] == [o.rank for o in offline.outcomes]
