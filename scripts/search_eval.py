#!/usr/bin/env python3
"""Search quality: build the site, rank shopper queries as Material's client does, score them.

    python scripts/search_eval.py                       # the shared shopper queries
    python scripts/search_eval.py tests/data/paraphrased-queries.yml

Builds the site twice into a temporary folder with `mkdocs build --strict`: once as
the project ships it (shopper vocabulary, chrome removal, boosts) and once with
Material's search unchanged (HELPCENTER_SEARCH=stock), then ranks every query with
the Python replica of Material 9.8's search worker (hooks/search_replica.py) and
prints recall@1, recall@3 and MRR for both, with the queries each one misses.
A query is answered when one of the first 3 result pages carries every regular
expression in its `answer` (case-insensitive, whitespace folded).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from problems import HelpCenterError  # noqa: E402
from search_quality import MRR_DEPTH, RECALL_DEPTH, Report, SiteText, evaluate, load_queries  # noqa: E402
from search_replica import MaterialSearch  # noqa: E402
from search_vocabulary import SWITCH  # noqa: E402

DEFAULT_QUERIES = Path("..") / "shared" / "queries" / "shopper-queries.yml"


def build(root: Path, site_dir: Path, *, stock: bool) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env[SWITCH] = "stock" if stock else ""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the {'baseline' if stock else 'project'} build failed:\n{result.stdout}{result.stderr}")


def rank_with_replica(site_dir: Path) -> tuple[MaterialSearch, SiteText]:
    search = MaterialSearch.from_file(site_dir / "search" / "search_index.json")
    return search, SiteText(site_dir)


def score(site_dir: Path, cases: list) -> Report:
    search, text = rank_with_replica(site_dir)
    return evaluate(cases, lambda q: [group.location for group in search.search(q)], text)


def score_in_browser(site_dir: Path, cases: list) -> Report:
    """The same queries typed into the site's own search box in headless Chromium."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import chromium, served  # Playwright on the system Chromium, loopback server
    from search_browser import BrowserSearch

    with served(site_dir) as url, chromium() as browser, BrowserSearch(browser, url) as search:
        return evaluate(cases, lambda q: [group.location for group in search.search(q)], SiteText(site_dir))


def print_report(name: str, queries: Path, count: int, reports: dict[str, Report]) -> None:
    print(f"Search quality on {name} ({count} queries)")
    print("project: shopper vocabulary and boosts; baseline: Material's search unchanged (HELPCENTER_SEARCH=stock)")
    print(f"replica: Material for MkDocs {version('mkdocs-material')} client search replayed with lunr {version('lunr')} (Python); browser: the site's search box in headless Chromium")
    print(f"Answered: a page among the first {RECALL_DEPTH} result pages carries every `answer` regex; MRR over the first {MRR_DEPTH} pages")
    print()
    print(f"{'':20}{'recall@1':>10}{'recall@3':>10}{'MRR':>8}")
    for label, report in reports.items():
        print(f"{label:20}{report.recall(1):>10.2f}{report.recall(3):>10.2f}{report.mrr:>8.3f}")
    for label, report in reports.items():
        print()
        misses = report.misses
        print(f"Misses, {label}: {len(misses)}")
        for outcome in misses:
            where = f"first answer at page {outcome.rank}" if outcome.rank else "not answered in the first 10 pages"
            top = ", ".join(p or "(home)" for p in outcome.pages[:3]) or "no results"
            print(f"  {outcome.query!r}: {where}; top pages: {top}")
    print()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("queries", nargs="?", type=Path, default=DEFAULT_QUERIES, help=f"query file (default: {DEFAULT_QUERIES}, relative to the project)")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this project)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the build with Material's search unchanged")
    parser.add_argument("--browser", action="store_true", help="also type every query into the built site's search box in headless Chromium")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    queries = args.queries if args.queries.is_absolute() or args.queries.exists() else root / args.queries
    try:
        cases = load_queries(queries, root)
    except HelpCenterError as error:
        print(error.report(), file=sys.stderr)
        return 1
    reports: dict[str, Report] = {}
    with tempfile.TemporaryDirectory(prefix="search-eval-") as temp:
        variants = [("project", Path(temp) / "project", False)]
        if not args.no_baseline:
            variants.append(("baseline", Path(temp) / "stock", True))
        for label, site_dir, stock in variants:
            build(root, site_dir, stock=stock)
            reports[f"{label}, replica"] = score(site_dir, cases)
            if args.browser:
                reports[f"{label}, browser"] = score_in_browser(site_dir, cases)
    name = args.queries.as_posix()
    print_report(name, queries, len(cases), reports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
