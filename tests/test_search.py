"""Search: the shopper vocabulary in the built index, its checks, and the ranking a shopper gets.

Rankings come from the Python replica of Material's client search (hooks/search_replica.py);
tests/test_search_browser.py proves the replica agrees with the real search in Chromium.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT, Build, build, copy_project
from problems import HelpCenterError
from search_prebuilt import PREBUILT_FILE, write_prebuilt
from search_quality import SiteText, evaluate, load_queries
from search_replica import MaterialSearch, js_regex, transform_query
from search_vocabulary import SWITCH, SearchTuning, load_vocabulary, page_vocabulary, tune_file

SHARED_QUERIES = ROOT.parent / "shared" / "queries" / "shopper-queries.yml"
PARAPHRASED = ROOT / "tests" / "data" / "paraphrased-queries.yml"
RIGHT_FIRST = {
    "money back": "returns-refunds/refunds/",
    "express shipping": "shipping-delivery/shipping-methods-and-costs/",
    "retrun policy": "returns-refunds/return-policy/",
    "reimbursement": "returns-refunds/refunds/",
    "expedited": "shipping-delivery/shipping-methods-and-costs/",
    "cancle my order": "orders-tracking/cancel-an-order/",
}


def index_of(site: Build) -> dict:
    return json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def stock_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The same project built with Material's search index unchanged (the baseline)."""
    project = copy_project(tmp_path_factory.mktemp("stock") / "project")
    os.environ[SWITCH] = "stock"
    try:
        result = build(project)
    finally:
        del os.environ[SWITCH]
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def replica(built_site: Build) -> MaterialSearch:
    return MaterialSearch.from_file(built_site.site / "search" / "search_index.json")


def top_pages(search: MaterialSearch, query: str, n: int = 3) -> list[str]:
    return [group.location for group in search.search(query)[:n]]


# ---- the vocabulary file and its checks


def write_synonyms(root: Path, text: str) -> None:
    (root / "content" / "search").mkdir(parents=True, exist_ok=True)
    (root / "content" / "search" / "synonyms.yml").write_text(text, encoding="utf-8")


def test_synonym_mistakes_are_reported_with_file_line_and_what_to_fix(tmp_path: Path) -> None:
    write_synonyms(tmp_path, "synonyms:\n  - [refund, Money Back]\n  - [parcel, package]\n")
    with pytest.raises(HelpCenterError) as caught:
        load_vocabulary(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "content/search/synonyms.yml:2:14: synonyms[0][1]: expected lowercase words separated by spaces, like 'money back', found 'Money Back'",
    ]
    # Once the file is well-formed, the checks across groups report every overlap at once.
    write_synonyms(
        tmp_path,
        "synonyms:\n  - [parcel, package]\n  - [package, box]\n  - [express]\nmisspellings:\n  refund: [refnd, parcel]\n",
    )
    with pytest.raises(HelpCenterError) as caught:
        load_vocabulary(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "content/search/synonyms.yml:3:6: synonyms[1][0]: 'package' is already in synonyms[0][1]; merge the two groups or drop one",
        "content/search/synonyms.yml:4:5: synonyms[2]: expected two or more words or phrases that mean the same; add one or remove the group",
        "content/search/synonyms.yml:6:19: misspellings.refund[1]: 'parcel' is a correct word here, not a misspelling of 'refund'; remove it",
    ]


def test_a_bad_synonym_file_stops_the_build_with_its_place(project: Path) -> None:
    path = project / "content" / "search" / "synonyms.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("[refund, money back,", "[refund, Money_Back,", 1), encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert re.search(r"content/search/synonyms\.yml:\d+:\d+: synonyms\[0\]\[1\]: expected lowercase words separated by spaces, like 'money back', found 'Money_Back'", result.output), result.output
    assert "Traceback" not in result.output


def test_the_project_vocabulary_loads() -> None:
    vocabulary = load_vocabulary(ROOT)
    assert ("money", "back") in next(group for group in vocabulary.groups if ("refund",) in group)
    assert "retrun" in vocabulary.misspellings["return"]


# ---- what the built index carries


def test_faq_answers_are_indexed_one_by_one_with_their_keywords_and_rendered_facts(built_site: Build) -> None:
    docs = {doc["location"]: doc for doc in index_of(built_site)["docs"]}
    window = docs["faq/returns/#return-window"]
    assert window["title"] == "How long do I have to return an item?"
    assert re.search(r"\b30 days\b", window["text"]) and "{{" not in window["text"]  # the fact, rendered
    assert "retrun" in window["keywords"].split()  # the entry's own keywords (content/faq/returns.yml)
    assert window["boost"] > 1  # answers are boosted


def test_pages_carry_their_editors_keywords_and_the_synonyms_of_their_title(built_site: Build) -> None:
    docs = {doc["location"]: doc for doc in index_of(built_site)["docs"]}
    refunds = docs["returns-refunds/refunds/"]
    assert {"reimbursement", "money", "back"} <= set(refunds["keywords"].split())
    assert {"repayment", "refud"} <= set(refunds["synonyms"].split())  # from content/search/synonyms.yml
    config = index_of(built_site)["config"]
    assert config["fields"]["keywords"]["boost"] < config["fields"]["title"]["boost"]


def test_landing_pages_rank_below_the_articles_they_list(built_site: Build) -> None:
    docs = index_of(built_site)["docs"]
    boosts = {doc["location"]: doc.get("boost", 1) for doc in docs}
    assert boosts[""] < 1 and boosts["faq/"] < 1 and boosts["returns-refunds/"] < 1
    assert boosts["returns-refunds/refunds/"] == 1


def test_no_block_of_text_repeats_across_many_pages_in_the_index(built_site: Build) -> None:
    pages_of: dict[str, set[str]] = defaultdict(set)
    docs = index_of(built_site)["docs"]
    for doc in docs:
        for block in re.findall(r"<(?:p|ul|ol)>.*?</(?:p|ul|ol)>", doc["text"], re.S):
            pages_of[" ".join(block.split())].add(doc["location"].split("#")[0])
    pages = {doc["location"].split("#")[0] for doc in docs}
    repeated = {block: len(on) for block, on in pages_of.items() if len(on) >= max(3, 0.4 * len(pages))}
    assert repeated == {}


def test_the_switch_leaves_materials_index_unchanged(stock_site: Build) -> None:
    index = index_of(stock_site)
    assert set(index["config"]["fields"]) == {"title", "text", "tags"}
    assert index["config"]["separator"] == r"[\s\-]+"
    assert not any("keywords" in doc or "boost" in doc for doc in index["docs"])


# ---- ranking


@pytest.mark.parametrize("query, page", RIGHT_FIRST.items())
def test_shopper_words_find_the_right_article_first(replica: MaterialSearch, query: str, page: str) -> None:
    assert top_pages(replica, query, 1) == [page]


def test_stock_search_misses_some_of_them(stock_site: Build) -> None:
    stock = MaterialSearch.from_file(stock_site.site / "search" / "search_index.json")
    missed = [query for query, page in RIGHT_FIRST.items() if top_pages(stock, query, 1) != [page]]
    assert "retrun policy" in missed and len(missed) >= 2


@pytest.mark.parametrize(
    "query, page",
    [("refund", "returns-refunds/refunds/"), ("return policy", "returns-refunds/return-policy/"), ("shipping to canada", "shipping-delivery/shipping-to-canada/")],
)
def test_exact_words_still_find_their_page(replica: MaterialSearch, query: str, page: str) -> None:
    assert page in top_pages(replica, query, 2)


def test_a_faq_result_links_to_its_question(replica: MaterialSearch) -> None:
    group = next(g for g in replica.search("refund how long") if g.location == "faq/returns/")
    best_section = next(item for item in group.items if item.parent is not None)
    assert best_section.location == "faq/returns/#refund-timing"


def test_query_transformation_matches_materials() -> None:
    separator = js_regex(r"[\s\-]+")
    assert transform_query("money back", separator) == "money* back*"
    assert transform_query('"cancel order" fast', separator) == "+cancel +order fast*"
    assert transform_query("refund~ -gift title:card^", separator) == "refund~1 -gift title:card^1"
    assert transform_query("  ", separator) == ""


# ---- the numbers of the issue, and that they are not tuned to the shared file


def quality(site: Build, queries: Path):
    search = MaterialSearch.from_file(site.site / "search" / "search_index.json")
    return evaluate(load_queries(queries), lambda q: [g.location for g in search.search(q)], SiteText(site.site))


def test_shared_queries_meet_the_targets(built_site: Build, stock_site: Build) -> None:
    if not SHARED_QUERIES.exists():
        pytest.skip(f"the shared query file is not checked out next to the project ({SHARED_QUERIES.name})")
    report = quality(built_site, SHARED_QUERIES)
    assert report.recall(3) >= 0.95, [o.query for o in report.misses]
    assert report.mrr >= 0.85
    assert report.mrr >= quality(stock_site, SHARED_QUERIES).mrr


def test_paraphrased_queries_gain_as_much(built_site: Build, stock_site: Build) -> None:
    report, stock = quality(built_site, PARAPHRASED), quality(stock_site, PARAPHRASED)
    assert len(report.outcomes) >= 20
    assert report.recall(3) >= 0.9, [o.query for o in report.misses]
    assert report.mrr >= 0.8
    assert report.recall(3) - stock.recall(3) >= 0.1 and report.mrr - stock.mrr >= 0.1


def _made_page_by_page(site: Path, raw: dict, pages: dict[str, list[dict]], vocabulary_root: Path, engine_docs: bool = True) -> tuple[str, str]:
    """The search files as the build makes them, page by page (SearchTuning); `engine_docs`:
    Material wrote the documents too (else an index without documents, as in a build that
    makes them in its side process)."""
    tuning = SearchTuning(load_vocabulary(vocabulary_root), {}, True)
    tuning.start(raw["config"])
    for url, docs in pages.items():
        tuning.add_page(url, url + "index.md" if url else "index.md", {"keywords": ["refund"]}, docs)
    (site / "search").mkdir(parents=True, exist_ok=True)
    written = raw if engine_docs else {**raw, "docs": []}
    (site / "search" / "search_index.json").write_text(json.dumps(written), encoding="utf-8")  # as Material writes it
    tuning.finish(site, len(raw["docs"]) if engine_docs else None)
    return (site / "search" / "search_index.json").read_text(encoding="utf-8"), (site / "search" / PREBUILT_FILE).read_text(encoding="utf-8")


def _made_from_the_file(site: Path, raw: dict, pages: dict[str, list[dict]], vocabulary_root: Path) -> tuple[str, str]:
    """The same files made from Material's whole index at the end (tune_file, write_prebuilt)."""
    (site / "search").mkdir(parents=True, exist_ok=True)
    path = site / "search" / "search_index.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    vocab = [page_vocabulary(url, url + "index.md" if url else "index.md", {"keywords": ["refund"]}) for url in pages]
    tune_file(path, vocab, load_vocabulary(vocabulary_root))
    write_prebuilt(site)
    return path.read_text(encoding="utf-8"), (site / "search" / PREBUILT_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize("engine_docs", [True, False], ids=["engine wrote documents", "engine wrote none"])
@pytest.mark.parametrize("chrome", [False, True], ids=["no chrome", "chrome on most pages"])
def test_the_index_made_page_by_page_is_the_one_made_from_the_whole_file(tmp_path: Path, chrome: bool, engine_docs: bool) -> None:
    banner = "<p>Still need help? Write to us.</p>" if chrome else ""
    pages = {
        f"topic-{n}/": [
            {"location": f"topic-{n}/", "title": f"Topic {n} refunds", "text": f"{banner}<p>Money back within {n} days.</p>"},
            {"location": f"topic-{n}/#more", "title": "More", "text": f"<p>Returns and exchanges for item {n}.</p>", "boost": 2},
        ]
        for n in range(6)
    }
    config = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}}
    raw = {"config": config, "docs": [doc for docs in pages.values() for doc in docs]}
    incremental = _made_page_by_page(tmp_path / "a", raw, pages, ROOT, engine_docs)
    whole = _made_from_the_file(tmp_path / "b", raw, pages, ROOT)
    assert incremental == whole
    assert ("Still need help" in whole[0]) is False and "money" in json.loads(whole[1])["terms"]


def test_content_changed_after_on_page_content_stops_the_build(project: Path) -> None:
    """The search documents are made from each page's content as on_page_content leaves it
    (in the side process, before templates are rendered): a plugin that changes the content
    later is reported, instead of a search index that disagrees with the page."""
    (project / "hooks" / "late_change.py").write_text(
        "from mkdocs.plugins import event_priority\n\n\n"
        "@event_priority(100)  # before Material's search plugin\n"
        "def on_page_context(context, page, config, nav):\n"
        "    page.content = page.content + '<p>Added late.</p>'\n"
        "    return context\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - hooks/late_change.py\n", 1), encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "index.md: its content changed after on_page_content" in result.output
    assert "Traceback" not in result.output
