"""The published-URL ledger (content/ledger/published-urls.txt): check it, or add the URLs of a new build.

    python scripts/ledger.py update            # build the site, add its new URLs to the ledger
    python scripts/ledger.py update --site site  # use an existing build of the site instead
    python scripts/ledger.py check  --site site  # does every listed URL still work in that build?

A URL never leaves the ledger: to move or merge a page, add a redirect in
mkdocs.yml (plugins > redirects > redirect_maps); the build checks the rest.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import url_ledger  # noqa: E402
from problems import HelpCenterError  # noqa: E402
from support_build import PUBLISHED_LIST  # noqa: E402


def build(site: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"The build failed, so the ledger was not changed:\n{result.stdout}{result.stderr}")


def published(site: Path) -> list[str]:
    listing = site / PUBLISHED_LIST
    if not listing.is_file():
        sys.exit(f"{listing} is missing: is this a build of the public help center?")
    return [line for line in listing.read_text(encoding="utf-8").split("\n") if line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["update", "check"])
    parser.add_argument("--site", type=Path, help="a built public site (default for update: build one now)")
    args = parser.parse_args(argv)
    ledger = ROOT / url_ledger.LEDGER_FILE
    with tempfile.TemporaryDirectory(prefix="ledger-") as scratch:
        site = args.site
        if site is None:
            if args.action == "check":
                parser.error("check needs --site (a plain build checks the ledger already)")
            site = Path(scratch) / "site"
            build(site)
        try:
            if args.action == "check":
                count = url_ledger.check(ledger, ROOT, site.resolve())
                print(f"All {count} URLs of {url_ledger.LEDGER_FILE} work in {site}.")
                return 0
            added = url_ledger.update(ledger, ROOT, published(site))
        except HelpCenterError as error:
            print(error.report(), file=sys.stderr)
            return 1
    for url in added:
        print(f"+ {url}")
    print(f"{len(added)} new URLs added to {url_ledger.LEDGER_FILE}." if added else f"{url_ledger.LEDGER_FILE} already lists every URL.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
