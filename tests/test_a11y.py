"""Accessibility: zero axe-core 4.x violations (WCAG 2.0, 2.1 and 2.2, levels A and AA) on
every page type in both colour schemes and with search open; the search dialog has a
name; the search and the contact block can be reached with the keyboard alone.

axe-core comes from npm (package-lock.json) and is evaluated in the page by the test
only; it is never part of the built site.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser import chromium, served
from site_security import read_headers_file
from site_tour import AXE, DESKTOP, axe_violations, open_search, page_types

PAGE_TYPES = ["home", "article", "faq", "shipping table", "404"]
SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module")
def site(built_site: Any) -> Iterator[tuple[str, dict[str, str]]]:
    with served(built_site.site, headers=read_headers_file(built_site.site / "_headers")) as base:
        yield base, page_types(built_site.site)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


def new_page(browser: Any, scheme: str) -> Any:
    return browser.new_context(viewport=DESKTOP, color_scheme=scheme).new_page()


def test_axe_core_is_a_pinned_4x_and_not_shipped(built_site: Any) -> None:
    assert AXE.is_file(), "run scripts/setup.sh (npm ci) to install axe-core"
    assert AXE.read_text(encoding="utf-8")[:200].count("axe v4.") == 1
    assert not any("axe" in p.name for p in built_site.site.rglob("*.js"))


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_has_no_axe_violations(site: tuple[str, dict[str, str]], browser: Any, kind: str, scheme: str) -> None:
    base, pages = site
    page = new_page(browser, scheme)
    page.goto(base + pages[kind])
    page.wait_for_load_state("networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    assert axe_violations(page) == []
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_open_with_results_has_no_axe_violations(site: tuple[str, dict[str, str]], browser: Any, scheme: str) -> None:
    base, pages = site
    page = new_page(browser, scheme)
    page.goto(base + pages["article"])
    page.wait_for_load_state("networkidle")
    assert open_search(page, "refund") > 0
    dialog = page.get_by_role("dialog", name="Search")
    assert dialog.count() == 1  # the search dialog has an accessible name
    assert axe_violations(page) == []
    page.context.close()


@pytest.mark.browser
def test_keyboard_alone_reaches_search_results_and_the_contact_block(site: tuple[str, dict[str, str]], browser: Any) -> None:
    base, pages = site
    page = new_page(browser, "light")
    page.goto(base + pages["article"])
    page.wait_for_load_state("networkidle")

    def tab_until(condition: str, limit: int) -> int:
        for count in range(1, limit + 1):
            page.keyboard.press("Tab")
            if page.evaluate(condition):
                return count
        raise AssertionError(f"{limit} presses of Tab never reached: {condition}")

    # The skip link comes first, then the search field within a few more stops.
    tab_until("document.activeElement.classList.contains('md-skip')", 3)
    tab_until("document.activeElement.classList.contains('md-search__input')", 15)
    page.keyboard.type("refund", delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible")  # typing opens the results
    page.keyboard.press("ArrowDown")  # into the results, as the theme documents
    assert page.evaluate("!!document.activeElement.closest('.md-search-result__item')")
    target = page.evaluate("document.activeElement.href").split("#")[0]
    page.keyboard.press("Enter")  # opens the result
    page.wait_for_url(lambda url: url.split("#")[0] == target)
    page.wait_for_load_state("networkidle")

    # From the page that opened, Tab on to the contact block's first channel link.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_until("!!document.activeElement.closest('.hc-contact')", 400)
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.context.close()
