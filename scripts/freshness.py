#!/usr/bin/env python3
"""Freshness report: articles whose last review is older than a set age, oldest first.

    python scripts/freshness.py                      # report; age from mkdocs.yml extra.helpcenter.freshness_days (180)
    python scripts/freshness.py --max-age-days 90    # another age
    python scripts/freshness.py --fail               # exit 1 when a page is overdue (for CI, when asked)
"""

from __future__ import annotations

import argparse
import signal
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from front_matter import articles, site_settings  # noqa: E402
from policy_loader import display_name  # noqa: E402

DEFAULT_DAYS = 180


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-age-days", type=int, help=f"oldest review allowed, in days (default: mkdocs.yml or {DEFAULT_DAYS})")
    parser.add_argument("--fail", action="store_true", help="exit 1 when any page is overdue for review")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(), help="count ages from this date (YYYY-MM-DD)")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this project)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    docs, settings = site_settings(root)
    days = args.max_age_days if args.max_age_days is not None else int(settings.get("freshness_days", DEFAULT_DAYS))
    pages = articles(docs)
    overdue = sorted(
        (
            ((args.today - data.last_reviewed).days, display_name(path, root), data)
            for path, data in pages
            if (args.today - data.last_reviewed).days > days
        ),
        key=lambda item: (-item[0], item[1]),
    )
    if not overdue:
        print(f"OK: all {len(pages)} articles were reviewed in the last {days} days (as of {args.today.isoformat()}).")
        return 0
    print(f"{len(overdue)} of {len(pages)} articles were last reviewed more than {days} days ago (as of {args.today.isoformat()}):")
    print()
    print("| Page | Owner | Last reviewed | Days ago |")
    print("|---|---|---|---|")
    for age, file, data in overdue:
        print(f"| {file} | {data.owner} | {data.last_reviewed.isoformat()} | {age} |")
    print()
    print("Review each page, then set its `last_reviewed` to the day you did.")
    return 1 if args.fail else 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `freshness.py | head` stops quietly
    sys.exit(main())
