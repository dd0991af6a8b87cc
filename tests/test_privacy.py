"""Privacy: the built site makes requests to its own host only, on every page type,
with search open and after instant navigation.

The browser test serves a copy of the site WITHOUT its Content-Security-Policy, so
that the CSP is not what keeps the requests home: if the theme wanted a Google
font, a CDN script or the GitHub API, the request would show up here.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import chromium, served
from site_security import check
from site_tour import DESKTOP, instant_navigation, open_search, page_types, serve_sitemap_locally

PAGE_TYPES = ["home", "article", "faq", "shipping table", "404"]
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


@pytest.fixture(scope="module")
def open_site(built_site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, dict[str, str]]]:
    """The built site without its CSP <meta>, served on loopback without CSP headers."""
    copy = tmp_path_factory.mktemp("privacy") / "site"
    shutil.copytree(built_site.site, copy)
    for page in copy.rglob("*.html"):
        page.write_text(CSP_META.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    with served(copy) as base:
        yield base, copy, page_types(copy)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


def record(browser: Any, site: Path, base: str) -> tuple[Any, list[str]]:
    """A browser page and the list that every request of its context (workers included) lands in."""
    context = browser.new_context(viewport=DESKTOP)
    serve_sitemap_locally(context, site, base)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    return context.new_page(), requests


def other_hosts(requests: list[str], base: str) -> list[str]:
    origin = urlsplit(base)
    return [url for url in requests if (urlsplit(url).scheme, urlsplit(url).netloc) != (origin.scheme, origin.netloc)]


def test_built_html_and_css_load_nothing_from_other_hosts(built_site: Any) -> None:
    assert [str(p) for p in check(built_site.site) if "another host" in p.message] == []


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_requests_only_its_own_host(open_site: tuple[str, Path, dict[str, str]], browser: Any, kind: str) -> None:
    base, site, pages = open_site
    page, requests = record(browser, site, base)
    page.goto(base + pages[kind])
    page.wait_for_load_state("networkidle")
    assert page.locator(".hc-contact").count() == 1  # the page rendered, contact block included
    assert any(url.endswith(".css") for url in requests)  # the recorder sees the page's own files
    assert other_hosts(requests, base) == []
    page.context.close()


@pytest.mark.browser
def test_search_and_instant_navigation_request_only_own_host(open_site: tuple[str, Path, dict[str, str]], browser: Any) -> None:
    base, site, pages = open_site
    page, requests = record(browser, site, base)
    page.goto(base + pages["article"])
    page.wait_for_load_state("networkidle")
    assert open_search(page, "refund") > 0
    page.keyboard.press("Escape")
    instant_navigation(page, base)
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("search/search_index.json") for url in requests)  # the search worker's fetch is recorded
    assert other_hosts(requests, base) == []
    page.context.close()


def test_check_reports_a_google_font_and_a_cdn_script(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<!doctype html>\n<html><head>\n<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">\n'
        '<script src="//cdn.example.net/x.js"></script></head><body></body></html>\n',
        encoding="utf-8",
    )
    (tmp_path / "extra.css").write_text("body{}\n@import 'https://fonts.example.org/a.css';\n", encoding="utf-8")
    assert sorted(str(p) for p in check(tmp_path)) == [
        "extra.css:2: loads https://fonts.example.org/a.css from another host; self-host the file under docs/assets/ or remove it",
        "index.html:3:1: <link> loads https://fonts.googleapis.com/css?family=Roboto from another host; the site may only load files from its own host (self-host it under docs/assets/)",
        "index.html:4:1: <script> loads //cdn.example.net/x.js from another host; the site may only load files from its own host (self-host it under docs/assets/)",
    ]


@pytest.mark.browser
def test_recorder_sees_a_request_to_another_origin(built_site: Any, browser: Any, tmp_path: Path) -> None:
    """The recorder itself can fail: a style sheet from another origin (loopback, port 9) shows up."""
    site = tmp_path / "site"
    shutil.copytree(built_site.site, site)
    home = site / "index.html"
    text = CSP_META.sub("", home.read_text(encoding="utf-8"))
    home.write_text(text.replace("</head>", '<link rel="stylesheet" href="http://127.0.0.1:9/font.css"></head>', 1), encoding="utf-8")
    with served(site) as base:
        page, requests = record(browser, site, base)
        page.goto(base)
        page.wait_for_load_state("networkidle")
        assert other_hosts(requests, base) == ["http://127.0.0.1:9/font.css"]
        page.context.close()
