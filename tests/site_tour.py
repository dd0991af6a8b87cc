"""A tour of the built site's page types for the browser tests (privacy, CSP, accessibility).

The pages are found in the built site, not hard-coded, so the tour follows the
content as editors change it: the home page, one article, one FAQ page, one page
with the shipping table, and the 404 page.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SHIPPING_TABLE = 'class="hc-component hc-shipping"'
DESKTOP = {"width": 1280, "height": 900}

# Runs before any page script (Playwright adds it through the DevTools protocol, outside the
# page's CSP) and records every CSP violation of the document, across instant navigation.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def page_types(site: Path) -> dict[str, str]:
    """Page type -> URL path (relative to the site root) of one page of that type."""
    urls = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html") if p.parent != site)
    html = {url: (site / url / "index.html").read_text(encoding="utf-8") for url in urls}
    urls = [u for u in urls if 'class="md-content"' in html[u] and 'http-equiv="refresh"' not in html[u]]  # no redirect stubs
    faq = [u for u in urls if re.fullmatch(r"faq/[^/]+/", u)]
    shipping = [u for u in urls if SHIPPING_TABLE in html[u] and not u.startswith("faq/")]
    articles = [u for u in urls if u.count("/") == 2 and not u.startswith("faq/") and SHIPPING_TABLE not in html[u]]
    assert faq and shipping and articles, f"the built site lacks a page type: faq={faq[:1]} shipping={shipping[:1]} articles={articles[:1]}"
    return {"home": "", "article": articles[0], "faq": faq[0], "shipping table": shipping[0], "404": "404.html"}


def open_search(page: Any, query: str) -> int:
    """Open the search with the '/' key, type `query`, wait for results; returns how many.

    Right after an instant navigation the theme may close the search again as it finishes the
    page change (the '/' shortcut then only focuses the field): the test then clicks the field,
    as a shopper would, and types again (three tries in all)."""
    results = page.locator(".md-search-result__item")
    for attempt in range(3):
        if attempt == 0:
            page.keyboard.press("/")
        else:  # the theme opens the dialog when the field gains focus: leave it, then click it
            page.evaluate("document.activeElement && document.activeElement.blur()")
            page.locator(".md-search__input").click()
        page.keyboard.press("Control+A")
        page.keyboard.type(query, delay=20)  # typed, as Material listens to key presses
        try:
            results.first.wait_for(state="visible", timeout=5_000)
            return results.count()
        except Exception:
            continue
    raise AssertionError(f"the search for {query!r} showed no visible results")


def serve_sitemap_locally(context: Any, site: Path, base: str) -> None:
    """Material's instant navigation only takes over links listed in sitemap.xml, matched by
    host and scheme but not port; the sitemap names the public site_url. Point it at the
    loopback server for this browser context (as `mkdocs serve` does with its dev address)."""
    text = re.sub(r"<loc>https?://[^/<]+/", f"<loc>{base}", (site / "sitemap.xml").read_text(encoding="utf-8"))
    context.route(f"{base}sitemap.xml", lambda route: route.fulfill(body=text, content_type="application/xml"))


def instant_navigation(page: Any, base: str) -> str:
    """Follow the footer's next/previous page link without a page reload (Material's instant
    navigation); returns the new URL. Fails if the document was reloaded."""
    page.evaluate("window.__sameDocument = true")
    link = page.locator("a.md-footer__link").first
    before = page.url
    link.click()
    page.wait_for_url(lambda url: url != before, timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__sameDocument === true"), "the link reloaded the page instead of navigating instantly"
    assert page.url.startswith(base)
    return page.url


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.0-2.2 A/AA violations on the page as it is now, one line per element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # test only: evaluated, never part of the site
    results = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(' ')}: ${(n.failureSummary || '').split('\\n').slice(1, 2).join('').trim()}`))",
        AXE_TAGS,
    )
    return list(results)
