#!/usr/bin/env python3
"""Policy drift lint on its own: facts typed by hand into pages or FAQ answers, and contradictions.

    python scripts/lint_drift.py     # exit 1 if anything is found, each as file:line:column: what to write

The build runs the same lint and shows its findings as warnings (which `--strict` counts).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from front_matter import site_settings  # noqa: E402
from helpcenter import FAQ_FOLDER, HelpCenter  # noqa: E402
from policy_drift import lint_site  # noqa: E402
from problems import HelpCenterError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this project)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        site = HelpCenter.load(root)
    except HelpCenterError as error:
        print(error.report(), file=sys.stderr)
        return 1
    docs, _ = site_settings(root)
    pages = sorted(docs.rglob("*.md"))
    findings = lint_site(pages, root / FAQ_FOLDER, root, site.facts, site.view)
    for finding in findings:
        print(f"policy drift: {finding}", file=sys.stderr)
    if findings:
        count = len(findings)
        print(f"{count} finding{'s' if count > 1 else ''}: write the references above instead of the values.", file=sys.stderr)
        return 1
    print(f"OK: no policy facts typed by hand in {len(pages)} pages and the FAQ.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
