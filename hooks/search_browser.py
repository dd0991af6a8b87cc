"""Drive the site's real search box in a browser (Playwright) and read the results.

Types each query with real key events (Material listens to keyup), waits until the
search worker has answered the last query sent, and reads the rendered result
list: one group per page, each with the links and scores Material shows
(`data-md-score`). The worker's messages are only observed, through a small init
script that wraps `Worker`; nothing in the search itself is changed.

Used by scripts/search_eval.py --browser and the browser tests. No MkDocs import;
Playwright is imported by the caller.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Count the QUERY messages sent to the search worker and the RESULT messages back
# (Material's SearchMessageType: SETUP 0, READY 1, QUERY 2, RESULT 3).
_OBSERVE_WORKER = """
(() => {
  const Original = window.Worker;
  window.__search = { sent: 0, answered: 0, last: null, ready: false };
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ev => {
        if (ev.data && ev.data.type === 1) window.__search.ready = true;
        if (ev.data && ev.data.type === 3) window.__search.answered += 1;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) { window.__search.sent += 1; window.__search.last = message.data; }
      return super.postMessage(message, ...rest);
    }
  };
})();
"""

_READ_RESULTS = """
items => items.map(item => [...item.querySelectorAll("a.md-search-result__link")].map(a => {
  const url = new URL(a.href);
  return [url.pathname + url.hash, parseFloat(a.querySelector("article").getAttribute("data-md-score"))];
}))
"""


@dataclass
class ShownResult:
    """One result group as rendered: the page, then its sections, with their shown scores."""

    location: str  # the page, relative to the site root ("returns-refunds/refunds/")
    links: list[tuple[str, float]]  # (location, score to 2 decimals), in the order shown


class BrowserSearch:
    """Type queries into the search box of the site at `base_url` (ending in '/')."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.base_path = urlsplit(base_url).path
        self.context = browser.new_context()
        self.context.add_init_script(_OBSERVE_WORKER)
        self.page = self.context.new_page()
        self.page.goto(base_url)
        self._wait("() => !!(window.__search && window.__search.ready)", None, 30)
        self.query = self.page.locator("input[data-md-component=search-query]")

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> BrowserSearch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def search(self, text: str) -> list[ShownResult]:
        page = self.page
        self.query.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.type(text)
        self._wait("q => window.__search.last === q && window.__search.answered >= window.__search.sent", text, 10)
        # Results render synchronously when the worker's answer arrives; one frame for safety.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        groups = page.eval_on_selector_all("ol.md-search-result__list > li.md-search-result__item", _READ_RESULTS)
        results = []
        for links in groups:
            shown = [(self._relative(location), score) for location, score in links]
            results.append(ShownResult(shown[0][0].split("#")[0], shown))
        return results

    def _wait(self, predicate: str, arg: Any, seconds: float) -> None:
        # Polled from Python: the site's CSP (no 'unsafe-eval') blocks Playwright's wait_for_function.
        deadline = time.monotonic() + seconds
        while not self.page.evaluate(predicate, arg):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the search did not answer within {seconds} s: {predicate}")
            time.sleep(0.01)

    def _relative(self, location: str) -> str:
        return location[len(self.base_path) :] if location.startswith(self.base_path) else location
