"""The published-URL ledger: every public URL the help center has ever published must keep working.

`content/ledger/published-urls.txt` lists site-root paths, one a line, sorted
(`/returns/return-policy/`, `/faq/returns/#return-window`, `/a/return-window/`).
After a build, `check` opens each one in the built site, following redirect
pages (a `<meta http-equiv="refresh">`, as written by mkdocs-redirects and the
short links) up to the final page, and checks the #anchor there. Knows nothing
of MkDocs: it reads a text file and a folder of HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from policy_loader import display_name
from problems import HelpCenterError, Problem

LEDGER_FILE = Path("content/ledger/published-urls.txt")
HEADER = """\
# Every public URL this help center has published, one site-root path a line, sorted.
# The build fails when one of them neither resolves nor redirects: links in old replies must keep working.
# Add the URLs of a new build with: python scripts/ledger.py update
# Never delete a line: to move or merge a page, add a redirect in mkdocs.yml (plugins > redirects > redirect_maps).
"""
REFRESH = re.compile(r"""<meta\s+http-equiv=["']?refresh["']?\s+content=["']?\s*\d+\s*;\s*url=([^"'>]+)""", re.I)
MAX_HOPS = 10
LOCAL = "http://site.invalid/"


def read(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, URL path) of every entry; comment lines start with '#'. A missing ledger is an empty one."""
    if not path.exists():
        return []
    entries: list[tuple[int, str]] = []
    problems: list[Problem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not text.startswith("/") or " " in text:
            problems.append(Problem(display_name(path, root), number, 1, "", f"expected a URL path that starts with '/', found {text!r}"))
            continue
        entries.append((number, text))
    if problems:
        raise HelpCenterError(problems)
    return entries


def resolve(site_dir: Path, url: str, site_url: str = "") -> str:
    """'' when `url` opens a page of the built site (after redirects) that has its #anchor; else why not."""
    current = urljoin(LOCAL, url)
    fragment = urlsplit(current).fragment
    hops: list[str] = []
    for _ in range(MAX_HOPS):
        parts = urlsplit(current)
        page = _page_file(site_dir, unquote(parts.path))
        if page is None:
            where = f" (redirected via {' -> '.join(hops)})" if hops else ""
            return f"no page at {parts.path}{where}"
        text = page.read_text(encoding="utf-8", errors="replace")
        refresh = REFRESH.search(text)
        if refresh is None:
            if fragment and not _has_anchor(text, fragment):
                return f"the page {parts.path} has no #{fragment} any more"
            return ""
        hops.append(parts.path)
        target = html.unescape(refresh.group(1).strip())
        if site_url and target.startswith(site_url):
            target = "/" + target[len(site_url) :]
        current = urljoin(current, target)
        if not current.startswith(LOCAL):
            return ""  # leads to another site: nothing more to check here
        fragment = urlsplit(current).fragment or fragment
    return f"more than {MAX_HOPS} redirects from {url} ({' -> '.join(hops)})"


def check(ledger: Path, root: Path, site_dir: Path, site_url: str = "") -> int:
    """Check every ledger entry against the built site; returns how many were checked."""
    entries = read(ledger, root)
    name = display_name(ledger, root)
    problems = []
    for number, url in entries:
        reason = resolve(site_dir, url, site_url)
        if reason:
            problems.append(Problem(name, number, 0, "", f"{url} was published but no longer works: {reason}. {_fix(url)}"))
    if problems:
        raise HelpCenterError(problems)
    return len(entries)


def missing(ledger: Path, root: Path, urls: Iterable[str]) -> list[str]:
    """The URLs of a build that the ledger does not list yet."""
    known = {url for _, url in read(ledger, root)}
    return sorted(set(urls) - known)


def update(ledger: Path, root: Path, urls: Iterable[str]) -> list[str]:
    """Add `urls` to the ledger (never removes one); returns the added URLs."""
    known = {url for _, url in read(ledger, root)}
    added = sorted(set(urls) - known)
    if added or not ledger.exists():
        ledger.parent.mkdir(parents=True, exist_ok=True)
        ledger.write_text(HEADER + "".join(f"{url}\n" for url in sorted(known | set(added))), encoding="utf-8")
    return added


def _page_file(site_dir: Path, path: str) -> Path | None:
    relative = path.lstrip("/")
    if ".." in relative.split("/"):
        return None
    candidates = [site_dir / relative / "index.html"] if path.endswith("/") else [site_dir / relative, site_dir / relative / "index.html"]
    return next((c for c in candidates if c.is_file()), None)


def _has_anchor(text: str, anchor: str) -> bool:
    quoted = re.escape(html.escape(anchor))
    return re.search(rf"""\s(?:id|name)=["']?{quoted}["'\s>]""", text) is not None


def _fix(url: str) -> str:
    path, _, anchor = url.partition("#")
    if anchor and not path.strip("/").startswith("a/"):
        return f"Restore the heading or FAQ entry with the id '{anchor}' on that page (its short link keeps working wherever the entry goes)."
    source = path.strip("/") or "index"
    if source.startswith("a/"):
        return f"Restore the article or FAQ entry whose id is '{source[2:]}': a short link must keep its id."
    return (
        f"Restore the page, or if it moved, add a redirect in mkdocs.yml under plugins > redirects > redirect_maps, "
        f"for example '{source}.md': 'new/place.md'."
    )
