#!/usr/bin/env python3
"""Check a built site: every internal link and anchor resolves, no script where none belongs,
nothing loaded from another host; optionally write its Content-Security-Policy.

    python scripts/check_site.py site/              # check; exit 1 with every problem listed
    python scripts/check_site.py site/ --apply      # also write _headers and the CSP <meta> (for
                                                    # a site built by another engine than MkDocs)

The MkDocs build runs the same checks after every build (hooks/helpcenter_hook.py);
scripts/publish.py runs them again before it swaps a new site in.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from problems import HelpCenterError, Problem  # noqa: E402
from site_security import HEADERS_FILE, finish  # noqa: E402


class _AnyTag(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !!python/name tags a safe loader refuses, as plain data."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def site_url(root: Path) -> str:
    """The site_url of the project's mkdocs.yml ('' if it has none)."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)
    return str(config.get("site_url") or "")


def check_site(site: Path, url: str, *, apply_policy: bool = False, require_headers: bool = True) -> list[Problem]:
    """Every problem of the built site at `site` ([] when it is ready to publish)."""
    try:
        finish(site, url, apply_policy=apply_policy)
    except HelpCenterError as error:
        return list(error.problems)
    if require_headers and not (site / HEADERS_FILE).is_file():
        return [Problem(HEADERS_FILE, 0, 0, "", "the built site has no _headers file with its Content-Security-Policy; build with mkdocs build, or run this command with --apply")]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder with mkdocs.yml (for site_url)")
    parser.add_argument("--site-url", help="the public URL of the site (default: site_url of mkdocs.yml)")
    parser.add_argument("--apply", action="store_true", help="write _headers and the CSP <meta> after a clean check")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"{args.site}: not a folder; build the site first (mkdocs build)", file=sys.stderr)
        return 1
    url = args.site_url if args.site_url is not None else site_url(args.root)
    problems = check_site(args.site, url, apply_policy=args.apply)
    if problems:
        print(f"{args.site}: " + HelpCenterError(problems).report(), file=sys.stderr)
        return 1
    pages = sum(1 for _ in args.site.rglob("*.html"))
    print(f"{args.site}: {pages} pages checked: links and anchors resolve, no stray script, nothing from other hosts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
