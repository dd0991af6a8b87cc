#!/usr/bin/env python3
"""Search benchmark in headless Chromium: the project's search against stock Material's
search, on the same built synthetic help center, in one run.

    python scripts/bench_search_browser.py                 # 2000 articles, 1000 FAQ entries, 5 runs
    python scripts/bench_search_browser.py --articles 500 --runs 3

It builds the synthetic site once (scripts/synth_site.py, with this project's hooks),
serves it on 127.0.0.1, and for each run opens an article page in a fresh browser
context (cold: empty cache), types a query as soon as the page has loaded, and
records when the first results are on screen (milliseconds since navigation start).
Then it types more characters one at a time and records, for each keystroke, the
time from the key press to the results for the query it made on screen (an update for
an earlier query that happens to come later does not count). By default each key is
released as soon as it is pressed; `--hold 80` holds each for 80 ms, as people type
(Material sends the query when the key is released, the project's page tells its
worker when the input changes). By default each key is pressed as soon as the last
one's results are on screen, while the page may still be laying them out and painting
them; `--gap 150` waits 150 ms before each key, as between a typist's keys.

"project" is the site as built (the search worker that loads the prebuilt index);
"stock" is the very same site and page, with the page's worker URL switched back to
Material's own worker, which builds the lunr index in the browser from the same
search_index.json. Both variants pass through the same request interception. Runs
alternate between the two. Prints medians and the ratio. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, served  # noqa: E402
from synth_site import generate  # noqa: E402

FIRST_QUERY = "refund"
MORE_KEYS = " policy"
WORKER_URL = re.compile(r'("search":\s*")([^"]*)search-worker\.js(")')

# Installed before any page script: timestamps of key presses, of the QUERY messages sent
# to the worker, of its READY and RESULT messages, and of each update of the result list
# (the first after each RESULT). Workers answer queries in order, so the n-th RESULT and
# the n-th update belong to the n-th QUERY.
PROBE = """
(() => {
  const probe = window.__probe = {keys: [], queries: [], ready: null, results: [], renders: []};
  const RealWorker = window.Worker;
  function ProbedWorker(url, options) {
    const worker = new RealWorker(url, options);
    const post = worker.postMessage;
    worker.postMessage = function (message, ...rest) {
      if (message && message.type === 2) probe.queries.push(performance.now());
      return post.call(worker, message, ...rest);
    };
    worker.addEventListener("message", (ev) => {
      if (ev.data && ev.data.type === 1 && probe.ready === null) probe.ready = performance.now();
      if (ev.data && ev.data.type === 3) probe.results.push(performance.now());
    });
    return worker;
  }
  ProbedWorker.prototype = RealWorker.prototype;
  window.Worker = ProbedWorker;
  document.addEventListener("keydown", () => probe.keys.push(performance.now()), true);
  document.addEventListener("DOMContentLoaded", () => {
    const list = document.querySelector(".md-search-result__list");
    new MutationObserver(() => {
      while (probe.renders.length < probe.results.length)
        probe.renders.push({at: performance.now(), items: list.children.length});
    }).observe(list, {childList: true});
  });
})();
"""


def article_page(site: Path) -> str:
    """The site-relative URL of one article page, three folders deep."""
    for path in sorted(site.glob("*/*/*/index.html")):
        if path.parts[-4] not in ("a", "search", "assets"):
            return str(path.parent.relative_to(site)).replace(os.sep, "/") + "/"
    raise SystemExit("no article page found in the built site")


Run = tuple[float, float, list[float], list[list[float]]]


def one_run(browser: object, url: str, stock_worker: str | None, hold: float = 0, gap: float = 0) -> Run:
    """(first results ms, worker ready ms, [per-keystroke ms], [per-keystroke parts]) for one cold page load."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.add_init_script(PROBE)

    def document(route: object) -> None:
        response = route.fetch()  # type: ignore[attr-defined]
        body = response.text()
        if stock_worker is not None:
            body = WORKER_URL.sub(lambda m: f"{m.group(1)}{m.group(2)}{stock_worker}{m.group(3)}", body)
        route.fulfill(response=response, body=body)  # type: ignore[attr-defined]

    page.route(url, document)
    page.goto(url, wait_until="domcontentloaded")
    page.locator("input.md-search__input").click()
    page.keyboard.type(FIRST_QUERY)
    page.wait_for_function("() => window.__probe.renders.some((r) => r.items > 0)", timeout=120_000)
    first = page.evaluate("() => window.__probe.renders.find((r) => r.items > 0).at")
    ready = page.evaluate("() => window.__probe.ready")
    keystrokes = []
    parts = []
    for key in MORE_KEYS:
        # the key's own answer: the update for the query the key made (not an earlier one)
        before = page.evaluate("() => window.__probe.queries.length")
        if gap:
            page.wait_for_timeout(gap)
        page.keyboard.press(key if key != " " else "Space", delay=hold)
        page.wait_for_function(
            f"() => window.__probe.queries.length > {before} && window.__probe.renders.length >= window.__probe.queries.length",
            timeout=30_000,
        )
        keystrokes.append(
            page.evaluate(
                "() => window.__probe.renders[window.__probe.queries.length - 1].at - window.__probe.keys[window.__probe.keys.length - 1]"
            )
        )
        # where that time went: key to QUERY sent, QUERY to RESULT (the worker and the
        # copy between threads), RESULT to the list's update (the page)
        parts.append(
            page.evaluate(
                """() => { const p = window.__probe, n = p.queries.length - 1, key = p.keys[p.keys.length - 1];
                           return [p.queries[n] - key, p.results[n] - p.queries[n], p.renders[n].at - p.results[n]]; }"""
            )
        )
    context.close()
    return first, ready, keystrokes, parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, help="a synthetic site built before (skips the build)")
    parser.add_argument(
        "--hold", type=float, default=0, help="ms each further key is held down, as a person holds it (default: released at once)"
    )
    parser.add_argument("--gap", type=float, default=0, help="ms to wait before each further key (default: none, at once)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            project = generate(args.articles, args.articles // 2, Path(tmp) / "project")
            env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
            command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
            built = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
            if built.returncode != 0:
                sys.exit(built.stdout + built.stderr)
            shutil.rmtree(project)
        stock_worker = "workers/" + next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).name
        index_kb = (site / "search" / "search_index.json").stat().st_size / 1024
        prebuilt_kb = (site / "search" / "search_index.lunr.json").stat().st_size / 1024
        docs = (site / "search" / "search_index.json").read_text(encoding="utf-8").count('"location":')
        results: dict[str, list[Run]] = {"project": [], "stock": []}
        with served(site) as base, chromium() as browser:
            url = base + article_page(site)
            for _ in range(args.runs):
                results["project"].append(one_run(browser, url, None, args.hold, args.gap))
                results["stock"].append(one_run(browser, url, stock_worker, args.hold, args.gap))

    if args.site:
        print(f"site: {args.site}")
    print(f"synthetic help center: {args.articles} articles, {args.articles // 2} FAQ entries, {docs} search documents")
    print(
        f"search_index.json {index_kb:.0f} KB, search_index.lunr.json {prebuilt_kb:.0f} KB (uncompressed, served from 127.0.0.1)"
    )
    print(
        f"runs: {args.runs} cold page loads per search; first query '{FIRST_QUERY}' typed at load, then '{MORE_KEYS}' one key at a time, each held {args.hold:g} ms, pressed {args.gap:g} ms after the last one's results were on screen (plus the probe's reads)\n"
    )
    head = f"{'search':<8} {'first results ms':>17} {'worker ready ms':>16} {'keystroke ms (median)':>22} {'keystroke ms (max)':>19}"
    print(head)
    print("-" * len(head))
    medians = {}
    for kind, runs in results.items():
        first = statistics.median(r[0] for r in runs)
        ready = statistics.median(r[1] for r in runs)
        keys = [k for r in runs for k in r[2]]
        medians[kind] = first
        print(f"{kind:<8} {first:>17.0f} {ready:>16.0f} {statistics.median(keys):>22.1f} {max(keys):>19.1f}")
    print()
    print(f"first results, stock / project: {medians['stock'] / medians['project']:.2f}x sooner (target >= 3)")
    project_keys = [k for r in results["project"] for k in r[2]]
    print(f"project keystrokes under 50 ms: {sum(k < 50 for k in project_keys)} of {len(project_keys)}")
    for kind, runs in results.items():
        by_key = [statistics.median(r[2][i] for r in runs) for i in range(len(MORE_KEYS))]
        typed = [FIRST_QUERY + MORE_KEYS[: i + 1] for i in range(len(MORE_KEYS))]
        print(f"{kind} keystroke medians: " + ", ".join(f"'{q}' {ms:.0f}" for q, ms in zip(typed, by_key)))
    print()
    print("per keystroke, median (max) ms of: key to query sent / query to result received / result to list updated")
    for kind, runs in results.items():
        print(f"{kind}:")
        for i in range(len(MORE_KEYS)):
            split = [[r[3][i][j] for r in runs] for j in range(3)]
            cells = " / ".join(f"{statistics.median(v):5.1f} ({max(v):5.1f})" for v in split)
            print(f"  {FIRST_QUERY + MORE_KEYS[: i + 1]!r:<16} {cells}")
    print("project keystrokes, per run: max " + ", ".join(f"{max(r[2]):.1f}" for r in results["project"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
