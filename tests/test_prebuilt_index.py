"""The search index prebuilt at build time ranks exactly like Material's own search.

- offline: the prebuilt index (hooks/search_prebuilt.py) is the replica's lunr index
  (hooks/search_replica.py), term for term and score for score;
- in Chromium: the project's worker answers every query with the same results as
  Material's own worker on the same search_index.json (what the result list shows:
  locations, titles, highlighted text, scores, matched terms, suggestions), in the
  order the replica ranks them; answers in pages (search-more.js) add up to the same
  answer, and Material's result list shows, scrolls and steps through them exactly
  as it does with Material's worker; the worker really uses the prebuilt file (a
  tampered file changes the ranking, a missing one makes it build the index as
  Material does); it splits text into words as Material's tokenizer does, with
  separators that can match nothing or have groups of their own; and it works under
  the site's Content Security Policy.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from browser import chromium, served
from conftest import Build
from search_prebuilt import (
    DIGITS,
    PREBUILT_FILE,
    build,
    fingerprint,
    pack_number,
    unpack,
    unpack_numbers,
    write_prebuilt,
)
from search_quality import load_queries
from search_replica import MaterialSearch, build_index
from site_security import read_headers_file
from test_search import SHARED_QUERIES

ROOT = Path(__file__).resolve().parent.parent

QUERIES = [
    "money back",
    "express shipping",
    "retrun policy",
    "where is my order",
    "talk to a manager",
    "refnd status",
    '"cancel order"',
    '"money back" guarantee',
    "shipping -canada",
    "-canada",
    "+refund -policy",
    "+refund +policy",
    "+refund +policy ",  # the query before, once transformed: the worker keeps the answer
    "+zzzz refund",
    "+refund +the",
    "+the refund",
    "+the",
    '"refund the policy"',
    "+refund -the",
    "-refund -policy",
    "title:refund",
    "title:refund text:policy",
    "cancel~1",
    "cancel~2 order",
    "*und",
    "refund^2 policy",
    "shipping^10 -express",
    "refund refund",
    "12.99",
    "10",
    "1 2 3",
    "damaged-item photo",
    "re",
    "o",
    "p",
    "the",
    "zzzzz",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg",
    "",
]
# a required unknown word, a required stop word (lunr finds nothing, or fails and Material
# shows nothing), an unknown word, nothing
FIND_NOTHING = {"+zzzz refund", "+refund +the", "+the refund", "+the", '"refund the policy"', "zzzzz", ""}

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
    // in full (paged: null), though search-more.js on this page would ask for pages
    worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: true, paged: null}}});
  });
  return {
    project: await ask(new URL(JSON.parse(document.getElementById("__config").textContent).search, location.href).href),
    stock: await ask(new URL(stockUrl, base).href),
  };
}
"""

# Asks the project's worker each query twice: in full, and in pages of `paged` groups as
# search-more.js asks: the texts its first groups leave for later (TEXTS 5, after the
# RESULT) put in, then MORE for the next groups, `chunk` at a time, to the end.
_IN_PAGES = """
async ([queries, paged, chunk]) => {
  const base = new URL(".", location.href);
  const index = await (await fetch(new URL("search/search_index.json", base))).json();
  const url = new URL(JSON.parse(document.getElementById("__config").textContent).search, location.href).href;
  const talk = (options) => {
    const worker = new Worker(url);
    const waiting = [];
    const texts = new Map();  // per answer: its TEXTS, or what waits for them
    worker.onmessage = (event) => {
      if (event.data.type !== 5) return waiting.shift()(event.data);
      const known = texts.get(event.data.data.id);
      if (typeof known === "function") known(event.data.data);
      else texts.set(event.data.data.id, event.data.data);
    };
    const ask = (message) => new Promise((resolve) => { waiting.push(resolve); worker.postMessage(message); });
    const later = (id) => texts.has(id) ? Promise.resolve(texts.get(id)) : new Promise((resolve) => texts.set(id, resolve));
    return {ask, later, ready: ask({type: 0, data: {config: index.config, docs: index.docs, options}}), close: () => worker.terminate()};
  };
  const full = talk({suggest: true, paged: null});
  const pages = talk({suggest: true, paged});
  await full.ready;
  await pages.ready;
  const answers = [];
  for (const query of queries) {
    const whole = (await full.ask({type: 2, data: query})).data;
    const first = (await pages.ask({type: 2, data: query})).data;
    const items = first.items.slice();
    // (search-more.js, on this page, also puts the texts in, into the same items)
    const empty = new Set();
    first.items.forEach((group, g) => group.forEach((item, k) => item.text === "" && empty.add(`${g}:${k}`)));
    let deferred = 0;
    if (first.later)
      for (const later of (await pages.later(first.more)).groups)
        later.at.forEach((at, k) => {
          deferred += empty.has(`${later.group}:${at}`);
          items[later.group][at].text = later.texts[k];
        });
    const standIns = first.items.slice(paged).map((group) => group.map((item) => item.location));
    const asked = [];
    for (let from = paged; typeof first.more === "number" && from < items.length; from += chunk) {
      const more = (await pages.ask({type: 4, data: {id: first.more, from, to: from + chunk}})).data;
      asked.push([more.id, more.from, more.items.length]);
      items.splice(more.from, more.items.length, ...more.items);
    }
    answers.push({whole, first: {count: first.items.length, more: first.more, suggest: first.suggest,
                                 full: items.slice(0, paged), standIns}, items, asked, deferred});
  }
  const stale = (await pages.ask({type: 4, data: {id: -1, from: paged, to: paged + chunk}})).data;
  full.close();
  pages.close();
  return {answers, stale};
}
"""


def _index(site: Path) -> dict[str, Any]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def _same_as_replica(content: dict[str, Any], config: dict[str, Any], docs: list[dict[str, Any]]) -> None:
    """The prebuilt file's content holds the replica's lunr index (a full lunr `Index`):
    the same terms in lunr's term order and, document by document, the same field vectors."""
    replica = build_index(config, docs)
    inverted = replica.inverted_index
    assert content["terms"] == sorted(inverted, key=lambda term: inverted[term]["_index"])
    assert [inverted[term]["_index"] for term in content["terms"]] == list(range(len(inverted)))
    assert content["documents"] == len(docs)
    assert content["fields"] == {name: spec.get("boost", 1) for name, spec in config["fields"].items()}
    assert list(content["vectors"]) == list(replica.fields)
    assert unpack(content) == {
        field: [replica.field_vectors[f"{field}/{doc['location']}"].elements for doc in docs]
        for field in replica.fields
    }


def test_the_prebuilt_index_is_the_replicas_index(built_site: Build) -> None:
    data = _index(built_site.site)
    written = json.loads((built_site.site / "search" / PREBUILT_FILE).read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(build(data["config"], data["docs"])))
    assert len(written["terms"]) > 500 and set(written["vectors"]) == set(data["config"]["fields"])
    _same_as_replica(written, data["config"], data["docs"])


def test_packed_numbers_read_back_and_need_no_json_escape() -> None:
    numbers = [0, 1, 63, 64, 65, 1791, 1792, 4095, 4096, 65536, 2**31 - 1, 7, 0]
    assert unpack_numbers("".join(pack_number(n) for n in numbers)) == numbers
    assert [len(pack_number(n)) for n in (63, 64, 1791, 1792)] == [1, 2, 2, 3]
    assert len(DIGITS) == 92 and json.dumps(DIGITS) == f'"{DIGITS}"'


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
        {
            "location": "a/",
            "title": "Return <code>policy</code>",
            "text": "<p>Send it back &amp; get money back. Send, send!</p>",
        },
        {
            "location": "a/#why",
            "title": "Why?",
            "text": "<ul><li>Broken</li><li>Wrong size</li></ul>a > b <br/>c",
            "boost": 2,
        },
        {"location": "b/", "title": "Tags", "text": "", "tags": ["Refund", "Money back"]},
        {"location": "c/", "title": "Only a title"},
        {"location": "d/", "title": "ÉTÉ über naïve", "text": "PayPal 12.99 $5.99 e-mail re-send the The THE"},
    ]
    _same_as_replica(build(config, docs), config, docs)


def test_the_fingerprint_follows_the_documents() -> None:
    config = {"separator": "[\\s]+", "pipeline": ["stopWordFilter"]}
    locations = ["a/", "a/#b"]
    assert fingerprint(config, locations) != fingerprint(config, locations[::-1])
    assert fingerprint(config, locations) == fingerprint(config, list(locations))
    assert fingerprint(config, ["\U0001f600/"]).startswith("1:")


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
    return (
        "assets/javascripts/workers/" + next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).name
    )


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
    assert [q for q, a in zip(queries, answers["project"]) if not a["items"]] == [
        q for q in QUERIES if q in FIND_NOTHING
    ]


@pytest.mark.browser
def test_the_worker_really_loads_the_prebuilt_index(browser: Any, built_site: Build, tmp_path: Path) -> None:
    site = Path(shutil.copytree(built_site.site, tmp_path / "site"))
    prebuilt = site / "search" / PREBUILT_FILE
    data = json.loads(prebuilt.read_text(encoding="utf-8"))
    data["boosts"] = [[doc, 1000.0 * (doc + 1)] for doc in range(data["documents"])]  # later documents first: a different ranking
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
        page.on(
            "console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        with page.expect_request(lambda request: request.url.endswith(f"search/{PREBUILT_FILE}")):
            page.goto(url + "returns-refunds/refunds/")
        page.locator("input.md-search__input").click()
        page.keyboard.type("money back")
        # the list shows each word's results as it is typed: wait for the last one's
        expect(page.locator(".md-search-result__item").first).to_contain_text("Refund")
        page.close()
    assert problems == []


@pytest.mark.browser
def test_answers_in_pages_add_up_to_the_whole_answer(browser: Any, built_site: Build) -> None:
    # ("refund " is "refund" once transformed: the worker keeps the answer)
    queries = [query for query in QUERIES if query] + ["e", "refund", "refund ", "shipping"]
    with served(built_site.site) as url:
        page = browser.new_page()
        page.goto(url)
        result = page.evaluate(_IN_PAGES, [queries, 14, 16])
        page.close()
    in_pages = 0
    for query, answer in zip(queries, result["answers"]):
        whole, first = answer["whole"], answer["first"]
        assert first["count"] == len(whole["items"]), query  # what Material counts: the groups
        assert first["suggest"] == whole.get("suggest"), query
        assert first["full"] == whole["items"][:14], query
        for stand_in, group in zip(first["standIns"], whole["items"][14:]):
            assert len(stand_in) == 1 and "#" not in stand_in[0] and stand_in[0] in [item["location"] for item in group]
        assert answer["items"] == whole["items"], query  # the pages put together: the whole answer
        if first.get("more") is not None:
            in_pages += 1
            assert [asked[0] for asked in answer["asked"]] == [first["more"]] * len(answer["asked"])
    assert in_pages >= 3
    # the folded results' texts came after their answer (empty in it), for the broad queries
    deferred = {query: answer["deferred"] for query, answer in zip(queries, result["answers"])}
    assert deferred["e"] > 20 and deferred["refund"] > 0 and deferred["refund "] == deferred["refund"], deferred
    assert result["stale"]["items"] == []  # a request for an answer that is not the last gets nothing


# Counts the MORE requests search-more.js sends and the answers, and the answers that
# leave texts for later and the TEXTS that bring them, so a test can wait until the page
# has what it asked for before it scrolls on (as a reader who scrolls slower than the
# worker answers); and records the queries the page sends (`sent`).
_WATCH_WORKER = """
(() => {
  const more = window.__more = {asked: 0, answered: 0, later: 0, texts: 0, sent: []};
  const Real = window.Worker;
  function Watched(url, options) {
    const worker = new Real(url, options);
    const post = worker.postMessage;
    worker.postMessage = function (message, ...rest) {
      if (message && message.type === 4) more.asked += 1;
      if (message && message.type === 2) more.sent.push(message.data);
      return post.call(worker, message, ...rest);
    };
    worker.addEventListener("message", (ev) => {
      if (ev.data && ev.data.type === 4) more.answered += 1;
      if (ev.data && ev.data.type === 3 && ev.data.data.later) more.later += 1;
      if (ev.data && ev.data.type === 5) more.texts += 1;
    });
    return worker;
  }
  Watched.prototype = Real.prototype;
  window.Worker = Watched;
})();
"""

_SETTLED = "() => window.__more.asked === window.__more.answered && window.__more.later === window.__more.texts"
_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _open_results(browser: Any, url: str, stock: str | None, query: str) -> Any:
    """A page with `query` typed into the search box and its results shown; with `stock`,
    the page's worker is Material's own (the same page, its config's worker URL switched)."""
    page = browser.new_page()
    page.add_init_script(_WATCH_WORKER)
    if stock is not None:

        def document(route: Any) -> None:
            response = route.fetch()
            body = re.sub(
                r'("search":\s*"[^"]*)assets/javascripts/search-worker\.js"',
                lambda m: f'{m.group(1)}{stock}"',
                response.text(),
            )
            route.fulfill(response=response, body=body)

        page.route(url, document)
    page.goto(url)
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_function(_SETTLED)
    return page


_SCROLL = "(by) => { const wrap = document.querySelector('.md-search__scrollwrap'); wrap.scrollTop = wrap.scrollHeight - wrap.clientHeight + by; }"


def _scroll_to_the_end(page: Any) -> dict[str, Any]:
    """Scroll Material's result list to its end, a step at a time, until it shows no more
    (Material shows more when the list comes to its end, so each step scrolls up a little
    first, as a reader's scrolling passes through), then unfold every "N more on this page"."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    shown = page.locator(".md-search-result__item")
    for _ in range(100):
        before = shown.count()
        page.evaluate(_SCROLL, -200)
        page.evaluate(_FRAMES)
        page.evaluate(_SCROLL, 0)
        try:
            page.wait_for_function(
                f"() => document.querySelectorAll('.md-search-result__item').length > {before}", timeout=1500
            )
        except PlaywrightTimeout:  # nothing more to show
            break
        page.wait_for_function(_SETTLED)
    # every "N more on this page" unfolded (the project's page puts their texts in then)
    page.evaluate("() => document.querySelectorAll('.md-search-result__more').forEach((more) => { more.open = true; })")
    page.evaluate(_FRAMES)
    return page.evaluate(
        "() => ({meta: document.querySelector('.md-search-result__meta').textContent,"
        " list: document.querySelector('.md-search-result__list').innerHTML,"
        " groups: document.querySelectorAll('.md-search-result__item').length})"
    )


def _step_through(page: Any, keys: int) -> list[str]:
    """Press the down arrow `keys` times; the link or summary focused after each."""
    focused = []
    for _ in range(keys):
        page.keyboard.press("ArrowDown")
        page.evaluate(_FRAMES)  # Material shows more on the next frame after the list scrolled
        page.wait_for_function(_SETTLED)
        focused.append(
            page.evaluate("() => document.activeElement.getAttribute('href') || document.activeElement.textContent")
        )
    return focused


@pytest.mark.browser
def test_the_result_list_scrolls_and_steps_like_materials(browser: Any, built_site: Build) -> None:
    stock = _stock_worker(built_site.site)
    with served(built_site.site) as url:
        shown = {}
        for name, worker in (("project", None), ("stock", stock)):
            page = _open_results(browser, url + "returns-refunds/refunds/", worker, "e")
            page.locator(".md-search-result__more > summary").first.click()
            unfolded = page.evaluate("() => document.querySelector('.md-search-result__more').innerHTML")
            shown[name] = _scroll_to_the_end(page)
            shown[name]["unfolded"] = unfolded
            page.close()
            page = _open_results(browser, url + "returns-refunds/refunds/", worker, "o")
            shown[name]["focused"] = _step_through(page, 40)
            page.close()
    assert shown["project"]["groups"] > 30  # more than the first pages: the page asked for more
    assert shown["project"] == shown["stock"]


@pytest.mark.browser
def test_a_key_held_down_is_searched_for_before_it_is_released(browser: Any, built_site: Build) -> None:
    with served(built_site.site) as url:
        page = browser.new_page()
        page.add_init_script(_WATCH_WORKER)
        page.goto(url)
        page.locator("input.md-search__input").click()
        page.keyboard.type("refun")
        page.wait_for_function("() => window.__more.sent.includes('refun')")
        page.keyboard.down("d")
        page.wait_for_function("() => window.__more.sent.includes('refund')", timeout=5000)
        page.locator(".md-search-result__item").first.wait_for()
        page.keyboard.up("d")
        page.evaluate(_FRAMES)
        sent = page.evaluate("() => window.__more.sent")
        page.close()
    assert sent.count("refund") == 1  # the release finds the same text: no second query


# The worker's word splitting (Search#positions, which splits each text inline and
# records each word's terms as it goes) against Material's split, run in the page: the
# same words at the same places.
_SPLITS_ALIKE = """
([separators, texts]) => {
  const differ = [];
  for (const source of separators) {
    const search = {table: new Map(), separator: new RegExp(source, "g"), termsOf: (word) => [word]};
    for (const text of texts) {
      const material = [];
      split(text, new RegExp(source), (from, to) => material.push([from, to - from]));
      const rows = Search.prototype.positions.call(search, {location: text, text: text}, "text").table;
      const ours = (rows[0] || []).map((entry) => [entry >>> 12, entry >>> 2 & 0x3FF]);
      if (rows.length > 1 || JSON.stringify(ours) !== JSON.stringify(material)) differ.push([source, text, material, ours]);
    }
  }
  return differ;
}
"""


@pytest.mark.browser
def test_the_worker_splits_words_as_material_does(browser: Any) -> None:
    separators = [
        r"[\s\-]+",
        r"&[a-z]+;|[\s\u200b\u2013\u2014\-_,;:!?=\[\](){}<>\"`/|$€£%&]+|\.(?!\d)",
        r"(?=[A-Z])|\s+",  # can match nothing
        r"[\s\-,:!=\[\]()\"/]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;",  # camelCase, as Material's docs suggest
        r"(\s)+|(-)",  # groups of its own
    ]
    texts = ["", " ", "a", " lead and trail ", "PayPal iOSApp e-mail 12.99 $5.99 a.b. &amp; x&lt;y", "ÉtÉ  über--naïve", "AB CdEf  -G", "-"]
    scripts = ROOT / "docs" / "assets" / "javascripts"
    page = browser.new_page()
    page.route("http://worker.test/**", lambda route: route.fulfill(body="<!doctype html><title>worker</title>", content_type="text/html"))
    page.goto("http://worker.test/assets/javascripts/")
    page.evaluate("() => { self.importScripts = () => {}; }")  # lunr comes first, as a script of the page
    page.add_script_tag(content=(scripts / "vendor" / "lunr-2.3.9.min.js").read_text(encoding="utf-8"))
    page.add_script_tag(content=(scripts / "search-worker.js").read_text(encoding="utf-8"))
    differ = page.evaluate(_SPLITS_ALIKE, [separators, texts])
    page.close()
    assert differ == []
