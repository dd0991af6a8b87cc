"""The search index prebuilt at build time ranks exactly like Material's own search.

- offline: the prebuilt index (hooks/search_prebuilt.py) is the replica's lunr index
  (hooks/search_replica.py), term for term and score for score;
- in Chromium: the project's worker answers every query with the same results as
  Material's own worker on the same search_index.json (what the result list shows:
  locations, titles, highlighted text, scores, matched terms, suggestions), in the
  order the replica ranks them; it really uses the prebuilt file (a tampered file
  changes the ranking, a missing one makes it build the index as Material does);
  and it works under the site's Content Security Policy.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import chromium, served
from conftest import Build
from search_prebuilt import PREBUILT_FILE, build, compact, fingerprint, write_prebuilt
from search_quality import load_queries
from search_replica import MaterialSearch, build_index
from site_security import read_headers_file
from test_search import SHARED_QUERIES

QUERIES = [
    "money back",
    "express shipping",
    "retrun policy",
    "where is my order",
    "talk to a manager",
    "refnd status",
    '"cancel order"',
    "shipping -canada",
    "title:refund",
    "cancel~1",
    "refund^2 policy",
    "12.99",
    "damaged-item photo",
    "re",
    "o",
    "the",
    "",
]

# Runs Material's worker and the project's worker side by side on the page's own search
# index, and returns each one's answers to `queries`, with what the result list shows.
_BOTH_WORKERS = """
async ([queries, stockUrl]) => {
  const base = new URL(".", location.href);
  const index = await (await fetch(new URL("search/search_index.json", base))).json();
  const shown = (result) => ({
    suggest: result.suggest,
    items: result.items.map((group) => group.map((item) => ({
      location: item.location, title: item.title, text: item.text, tags: item.tags,
      score: item.score, terms: item.terms,
    }))),
  });
  const ask = (url) => new Promise((resolve, reject) => {
    const worker = new Worker(url);
    const answers = [];
    let next = 0;
    worker.onerror = (event) => reject(new Error(event.message));
    worker.onmessage = (event) => {
      if (event.data.type === 3) answers.push(shown(event.data.data));
      if (next < queries.length) worker.postMessage({type: 2, data: queries[next++]});
      else { worker.terminate(); resolve(answers); }
    };
    worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: true}}});
  });
  return {
    project: await ask(new URL(JSON.parse(document.getElementById("__config").textContent).search, location.href).href),
    stock: await ask(new URL(stockUrl, base).href),
  };
}
"""


def _index(site: Path) -> dict[str, Any]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def _same_index(a: Any, b: Any) -> None:
    assert list(a.inverted_index) == list(b.inverted_index)
    for term, posting in a.inverted_index.items():
        other = b.inverted_index[term]
        assert posting["_index"] == other["_index"], term
        assert {f: list(refs) for f, refs in posting.items() if f != "_index"} == {
            f: list(refs) for f, refs in other.items() if f != "_index"
        }, term
    assert {ref: v.elements for ref, v in a.field_vectors.items()} == {ref: v.elements for ref, v in b.field_vectors.items()}
    assert a.fields == b.fields


def test_the_prebuilt_index_is_the_replicas_index(built_site: Build) -> None:
    data = _index(built_site.site)
    prebuilt = build(data["config"], data["docs"])
    _same_index(prebuilt, build_index(data["config"], data["docs"]))
    written = json.loads((built_site.site / "search" / PREBUILT_FILE).read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(compact(prebuilt, data["config"], data["docs"])))
    assert len(written["terms"]) > 500 and set(written["vectors"]) == set(data["config"]["fields"])


@pytest.mark.parametrize(
    "separator",
    [r"[\s\-]+", r"&[a-z]+;|[\s\u200b\-_,;:!?=\[\](){}<>\"`/|$%&]+|\.(?!\d)", r"(?=[A-Z])|\s+"],
    ids=["material-default", "help-center", "can-match-nothing"],
)
def test_tricky_documents_index_alike(separator: str) -> None:
    config = {
        "lang": ["en"],
        "separator": separator,
        "pipeline": ["trimmer", "stopWordFilter"],
        "fields": {"title": {"boost": 1000}, "text": {"boost": 1}, "tags": {"boost": 1000000}},
    }
    docs = [
        {"location": "a/", "title": "Return <code>policy</code>", "text": "<p>Send it back &amp; get money back. Send, send!</p>"},
        {"location": "a/#why", "title": "Why?", "text": "<ul><li>Broken</li><li>Wrong size</li></ul>a > b <br/>c", "boost": 2},
        {"location": "b/", "title": "Tags", "text": "", "tags": ["Refund", "Money back"]},
        {"location": "c/", "title": "Only a title"},
        {"location": "d/", "title": "ÉTÉ über naïve", "text": "PayPal 12.99 $5.99 e-mail re-send the The THE"},
    ]
    _same_index(build(config, docs), build_index(config, docs))


def test_the_fingerprint_follows_the_documents() -> None:
    config = {"separator": "[\\s]+", "pipeline": ["stopWordFilter"]}
    docs = [{"location": "a/"}, {"location": "a/#b"}]
    assert fingerprint(config, docs) != fingerprint(config, docs[::-1])
    assert fingerprint(config, docs) == fingerprint(config, [dict(d) for d in docs])
    assert fingerprint(config, [{"location": "\U0001f600/"}]).startswith("1:")


def test_no_prebuilt_file_when_it_could_not_stand_for_the_index(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    index = {"config": {"lang": ["de"], "separator": "\\s+", "pipeline": [], "fields": {}}, "docs": []}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    (tmp_path / "search" / PREBUILT_FILE).write_text("{}", encoding="utf-8")  # left over from an earlier build
    assert write_prebuilt(tmp_path) is None
    assert not (tmp_path / "search" / PREBUILT_FILE).exists()


# --- in the browser


def _queries() -> list[str]:
    queries = list(QUERIES)
    if SHARED_QUERIES.exists():
        queries += [case.q for case in load_queries(SHARED_QUERIES)]
    return queries


def _stock_worker(site: Path) -> str:
    return "assets/javascripts/workers/" + next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).name


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def _answers(browser: Any, site: Path, queries: list[str]) -> dict[str, list[dict[str, Any]]]:
    with served(site) as url:
        page = browser.new_page()
        page.goto(url)
        answers = page.evaluate(_BOTH_WORKERS, [queries, _stock_worker(site)])
        page.close()
    return answers


@pytest.mark.browser
def test_the_worker_answers_like_materials_worker_and_the_replica(browser: Any, built_site: Build) -> None:
    queries = _queries()
    answers = _answers(browser, built_site.site, queries)
    differ = [q for q, a, b in zip(queries, answers["project"], answers["stock"]) if a != b]
    assert differ == []
    replica = MaterialSearch.from_file(built_site.site / "search" / "search_index.json")
    for query, answer in zip(queries, answers["project"]):
        expected = [[item.location for item in group.items] for group in replica.search(query)]
        assert [[item["location"] for item in group] for group in answer["items"]] == expected, query
    assert sum(1 for a in answers["project"] if a["items"]) >= len(queries) - 2


@pytest.mark.browser
def test_the_worker_really_loads_the_prebuilt_index(browser: Any, built_site: Build, tmp_path: Path) -> None:
    site = Path(shutil.copytree(built_site.site, tmp_path / "site"))
    prebuilt = site / "search" / PREBUILT_FILE
    data = json.loads(prebuilt.read_text(encoding="utf-8"))
    for vectors in data["vectors"].values():  # every term equally important: a different ranking
        for vector in vectors:
            vector[1::2] = [1] * (len(vector) // 2)
    prebuilt.write_text(json.dumps(data), encoding="utf-8")
    tampered = _answers(browser, site, ["money back"])
    assert tampered["project"] != tampered["stock"]

    prebuilt.unlink()  # without the file, the worker builds the index itself, as Material does
    missing = _answers(browser, site, ["money back"])
    assert missing["project"] == missing["stock"] and missing["project"][0]["items"]


@pytest.mark.browser
def test_search_works_under_the_sites_content_security_policy(browser: Any, built_site: Build) -> None:
    headers = read_headers_file(built_site.site / "_headers")
    assert "'unsafe-eval'" not in headers["Content-Security-Policy"]
    with served(built_site.site, headers=headers) as url:
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        with page.expect_request(lambda request: request.url.endswith(f"search/{PREBUILT_FILE}")):
            page.goto(url + "returns-refunds/refunds/")
        page.locator("input.md-search__input").click()
        page.keyboard.type("money back")
        first = page.locator(".md-search-result__item").first
        first.wait_for()
        assert "Refund" in first.inner_text()
        page.close()
    assert problems == []
