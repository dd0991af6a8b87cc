"""Link integrity on the built HTML (hooks/link_check.py): the real site has no broken internal
link, anchor, asset or search result; each kind of break is reported with page, line and target."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from html_scan import scan_page
from link_check import LinkCheck, check_links, site_files


def test_the_built_site_has_no_broken_internal_link(built_site: Any) -> None:
    pages = list(built_site.site.rglob("*.html"))
    assert len(pages) > 10
    assert [str(p) for p in check_links(built_site.site, "https://help.example.com/")] == []


def write(site: Path, name: str, body: str) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html>\n<html><body>\n{body}\n</body></html>\n", encoding="utf-8")


def test_each_kind_of_broken_link_is_named(tmp_path: Path) -> None:
    write(tmp_path, "index.html", '<h1 id="top">Home</h1>\n<a href="faq/#refunds">ok</a> <a href="faq/">ok</a> <a href="#top">ok</a>')
    write(
        tmp_path,
        "faq/index.html",
        '<h2 id="refunds">Refunds</h2>\n'
        '<a href="../">home</a> <a href="../missing/">gone</a>\n'
        '<a href="#returns">no anchor</a> <a href="../#top">ok</a>\n'
        '<img src="../assets/logo.png" alt=""> <a href="https://help.example.com/faq/#nope">own host</a>\n'
        '<a href="https://elsewhere.example.org/x">other site</a> <a href="mailto:a@b.co">mail</a> <a href="/faq/">root</a>',
    )
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(
        json.dumps({"docs": [{"location": "faq/#refunds"}, {"location": "faq/#gone"}, {"location": "old/"}]}), encoding="utf-8"
    )
    assert sorted(str(p) for p in check_links(tmp_path, "https://help.example.com/")) == [
        "faq/index.html:4:24: link to '../missing/' does not resolve: the site has no page or file 'missing/'",
        "faq/index.html:5:1: link to '#returns' does not resolve: faq/index.html has no anchor '#returns'",
        "faq/index.html:6:1: link to '../assets/logo.png' does not resolve: the site has no page or file 'assets/logo.png'",
        "faq/index.html:6:39: link to 'https://help.example.com/faq/#nope' does not resolve: faq/index.html has no anchor '#nope'",
        "search/search_index.json: docs[1]: search result 'faq/#gone' leads to a missing anchor on faq/index.html",
        "search/search_index.json: docs[2]: search result 'old/' leads to no page",
    ]


def test_one_href_on_pages_in_different_folders_is_judged_per_folder(tmp_path: Path) -> None:
    # The check resolves each link once for every page that shares its target folder;
    # the same text must still be judged by where each page is.
    write(tmp_path, "index.html", '<h1 id="top">Home</h1>')
    write(tmp_path, "shop/a/index.html", '<a href="../b/#size">b</a> <a href="../../#top">home</a> <a href="../#top">shop</a>')
    write(tmp_path, "shop/b/index.html", '<h2 id="size">Size</h2> <a href="../a/">a</a>')
    write(tmp_path, "help/a/index.html", '<a href="../b/#size">b</a> <a href="../../#top">home</a>')
    write(tmp_path, "help/c/index.html", '<a href="../b/#size">b</a>')
    write(tmp_path, "help/index.html", "<p>no anchors</p>")
    assert sorted(str(p) for p in check_links(tmp_path)) == [
        "help/a/index.html:3:1: link to '../b/#size' does not resolve: the site has no page or file 'help/b/'",
        "help/c/index.html:3:1: link to '../b/#size' does not resolve: the site has no page or file 'help/b/'",
        "shop/a/index.html:3:58: link to '../#top' does not resolve: the site has no page or file 'shop/'",
    ]


def test_pages_checked_while_the_site_is_written_are_judged_on_the_finished_site(tmp_path: Path) -> None:
    # As in the build: pages are added as they are written, with the files the build will
    # write; other steps add files later (redirect pages), and the end decides.
    pages = {
        "index.html": '<a href="later/">written later</a> <a href="faq/#refunds">anchor on a page not read yet</a>',
        "faq/index.html": '<h2 id="refunds">Refunds</h2> <a href="../gone/">never written</a> <a href="../#nope">no anchor</a>',
    }
    check = LinkCheck(tmp_path, "", files=set(pages))
    for name, body in pages.items():
        check.add_page(name, scan_page(body))
        write(tmp_path, name, body)
    write(tmp_path, "later/index.html", "<p>a redirect page</p>")
    assert [str(p) for p in check.problems(site_files(tmp_path))] == [
        "faq/index.html:1:31: link to '../gone/' does not resolve: the site has no page or file 'gone/'",
        "faq/index.html:1:68: link to '../#nope' does not resolve: index.html has no anchor '#nope'",
    ]


def test_a_listed_file_that_was_never_written_is_caught(tmp_path: Path) -> None:
    check = LinkCheck(tmp_path, "", files={"index.html", "promised/index.html"})
    check.add_page("index.html", scan_page('<a href="promised/">promised</a>'))
    write(tmp_path, "index.html", '<a href="promised/">promised</a>')
    assert [p.message for p in check.problems(site_files(tmp_path))] == [
        "link to 'promised/' does not resolve: the site has no page or file 'promised/'"
    ]
