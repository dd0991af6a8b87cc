#!/usr/bin/env python3
"""Check every page's front matter and policy references, with the same checks as the build.

    python scripts/check_content.py     # exit 1 with every problem listed, each as file:line: what to fix
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from front_matter import site_settings  # noqa: E402
from helpcenter import HelpCenter  # noqa: E402
from problems import HelpCenterError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this project)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    docs, _ = site_settings(root)
    pages = sorted(docs.rglob("*.md"))
    try:
        site = HelpCenter.load(root)
    except HelpCenterError as error:
        print(error.report(), file=sys.stderr)
        return 1
    try:
        site.check_pages(pages, docs)
    except HelpCenterError as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(f"OK: {len(pages)} pages and {sum(len(p.topic.entries) for p in site.faq)} FAQ entries are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
