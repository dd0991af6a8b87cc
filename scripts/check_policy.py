#!/usr/bin/env python3
"""Check the policy file and FAQ sources on their own, with the same loader as the build.

    python scripts/check_policy.py            # check; exit 1 with every problem listed
    python scripts/check_policy.py --list     # also list every fact and component name
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from helpcenter import HelpCenter  # noqa: E402
from problems import HelpCenterError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this project)")
    parser.add_argument("--list", action="store_true", help="list every fact {{ name }} and component {% name %}")
    args = parser.parse_args(argv)
    try:
        site = HelpCenter.load(args.root)
    except HelpCenterError as error:
        print(error.report(), file=sys.stderr)
        return 1
    if args.list:
        width = max(map(len, site.facts))
        print("Facts: write {{ name }} in a page or FAQ answer")
        for name, value in sorted(site.facts.items()):
            print(f"  {name:<{width}}  {value}")
        print("Components: write {% name %} on a line of its own")
        for name in site.components.names:
            print(f"  {name}")
    print(f"OK: policy file and {sum(len(p.topic.entries) for p in site.faq)} FAQ entries are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
