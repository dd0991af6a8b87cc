"""Link integrity on the built HTML: every internal link, anchor and asset resolves.

Checks what shoppers click, not the Markdown: `<a href>`, `<area href>`, `<link href>`
(canonical, prev, next, style sheets, icons), `src` of scripts, images and frames,
and the `location` of every search result in `search/search_index.json`. A link
is internal when it is relative, starts with '/', or starts with the site's own
URL (`site_url`). Each broken one is a Problem naming the page, line and target.

Engine-agnostic: works on any folder of built HTML.
"""

from __future__ import annotations

import json
import os
import posixpath
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from html_scan import Page, Scanner, url_scheme
from problems import Problem

SEARCH_INDEX = "search/search_index.json"
RESOLVED_KEPT = 20_000  # distinct links whose verdict is remembered (memory stays flat on large sites)
_LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}
# Link relations that name other documents, not files the page needs (alternate languages, feeds).
_SKIP_RELS = {"alternate", "me", "author", "license", "search"}


class Site:
    """The built site's files and the anchors of each page checked so far."""

    def __init__(self, root: Path, files: set[str] | None = None) -> None:
        self.root = root
        self.files = files if files is not None else site_files(root)
        self.anchors: dict[str, set[str]] = {}

    def resolve(self, path: str) -> str | None:
        """The file that a site path ('faq/', 'faq/index.html', 'faq') is served from, or None."""
        path = path.lstrip("/")
        candidates = [path + "index.html"] if path.endswith("/") or not path else [path, path + "/index.html"]
        return next((c for c in candidates if c in self.files), None)


def site_files(root: Path) -> set[str]:
    """Every file of the built site, as paths relative to it (as `os.walk` lists them: links
    to folders are neither files nor followed)."""
    found: set[str] = set()

    def add(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.is_dir():
                    found.add(prefix + entry.name)
                elif not entry.is_symlink():
                    add(entry.path, prefix + entry.name + "/")

    add(os.fspath(root), "")
    return found


class LinkCheck:
    """Link integrity, fed one scanned page at a time (`add_page`); `problems()` at the end.

    It keeps only what the cross-page check needs: each page's anchors, and the links
    to another page's anchor, which wait until every page is known.

    Pages may be added while the site is still being written: `files` then names the
    files the site will have (the build's own list), and `problems(files)` gets the files
    it has once built. A link that resolves to none of the listed files is judged again
    at the end, against the files the site has then (files that later steps add, such as
    redirect pages); if a listed file is missing from the built site, every link is
    checked again from the pages on disk.
    """

    def __init__(self, root: Path, site_url: str = "", files: set[str] | None = None) -> None:
        self.site = Site(root, files)
        self.site_url = site_url
        self.base = urlsplit(site_url) if site_url else None
        base = self.base
        self.prefix = base.path if base and base.path.endswith("/") else (base.path + "/" if base else "/")
        self._found: list[Problem | _Pending | _Recheck] = []  # in page and tag order
        self._resolved: dict[tuple[str, str], str | _Anchor] = {}

    def add_page(self, name: str, page: Page) -> None:
        self.site.anchors[name] = {sys.intern(anchor) for anchor in page.ids}
        folder = posixpath.dirname(name)
        for tag in page.tags:
            attr = _LINK_ATTRS.get(tag.name)
            if attr is None or attr not in tag.attrs:
                continue
            if tag.name == "link" and set(tag.attrs.get("rel", "").lower().split()) & _SKIP_RELS:
                continue
            href = tag.attrs[attr]
            key = _shared_key(folder, href)
            result = self._resolved.get(key)
            if result is None:
                if len(self._resolved) >= RESOLVED_KEPT:
                    self._resolved.clear()
                result = self._resolved[key] = _broken(self.site, *key, self.base, self.prefix)
            if not result:
                continue
            if isinstance(result, str):  # rare: judged again at the end, with the href as written
                self._found.append(_Recheck(name, *page.position(tag.offset), folder, href))
                continue
            target = result.target or name
            known = self.site.anchors.get(target)
            if known is None or result.anchor not in known:  # a page not read yet, or a missing anchor
                self._check_anchor(name, *page.position(tag.offset), result, href)

    def _check_anchor(self, name: str, line: int, column: int, link: _Anchor, href: str) -> None:
        target = link.target or name
        known = self.site.anchors.get(target)
        if known is None:  # a page not read yet
            self._found.append(_Pending(name, line, column, target, link.anchor, href))
        elif link.anchor not in known:
            self._found.append(Problem(name, line, column, "", _missing_anchor(href, target, link.anchor)))

    def problems(self, files: set[str] | None = None) -> list[Problem]:
        """Every broken link of the pages added, in their order (see `search_index_problems`).
        `files`: the files of the built site, when the pages were added before it was complete."""
        if files is not None:
            if not self.site.files <= files:
                return LinkCheck(self.site.root, self.site_url, files).pages_on_disk()
            self.site.files = files
        found, self._found = self._found, []
        for item in found:
            if isinstance(item, _Recheck):
                result = _broken(self.site, item.folder, item.href, self.base, self.prefix)
                if isinstance(result, _Anchor):
                    self._check_anchor(item.page, item.line, item.column, result, item.href)
                elif result:
                    self._found.append(Problem(item.page, item.line, item.column, "", result))
            else:
                self._found.append(item)
        problems = []
        for item in self._found:
            if isinstance(item, Problem):
                problems.append(item)
            elif isinstance(item, _Pending) and item.anchor not in self.site.anchors.get(item.target, ()):
                problems.append(Problem(item.page, item.line, item.column, "", _missing_anchor(item.href, item.target, item.anchor)))
        return problems

    def search_index_problems(self, locations: list[str] | None = None) -> list[Problem]:
        """Every search result's location must land on a page and anchor that exist (once every
        page is added); `locations`: the search index's, if not read from its file."""
        return _search_index(self.site, locations)

    def pages_on_disk(self) -> list[Problem]:
        """The broken links of every HTML page of the site, read from disk."""
        scanner = Scanner()
        for name in sorted(name for name in self.site.files if name.endswith(".html")):
            self.add_page(name, scanner.scan((self.site.root / name).read_text(encoding="utf-8", errors="replace")))
        return self.problems()


@dataclass(frozen=True)
class _Recheck:
    """A link that resolved to no file when its page was added: judged again at the end."""

    page: str
    line: int
    column: int
    folder: str
    href: str


@dataclass(frozen=True)
class _Pending:
    """A link to an anchor of another page, checked once every page has been read."""

    page: str
    line: int
    column: int
    target: str
    anchor: str
    href: str


class _Anchor(NamedTuple):
    """A link to an anchor: of the page `target`, or of the linking page itself (target '')."""

    target: str
    anchor: str


def _shared_key(folder: str, href: str) -> tuple[str, str]:
    """(folder, href) naming the same target as `href` on a page in `folder`, shared by as many
    pages as possible: '../b/' from 'shop/a' and from 'shop/c' is 'b/' from 'shop'. With one
    folder per page (directory URLs), this is what lets pages share their resolved links."""
    if ":" in href or href.startswith(("/", "#")):
        return "", href  # absolute, or an anchor of the page itself: the folder plays no part
    up = 0
    while href.startswith("../", up * 3):
        up += 1
    if href[up * 3 :].startswith(("#", "?")) or up * 3 == len(href):
        up -= 1  # '../#top' stays a link to a folder, not an anchor of the page itself
    parts = folder.split("/") if folder else []
    if up == 0 or up > len(parts):
        return folder, href
    return "/".join(parts[: len(parts) - up]), href[up * 3 :]


def _missing_anchor(href: str, target: str, anchor: str) -> str:
    return f"link to '{href}' does not resolve: {target} has no anchor '#{anchor}'"


def check_links(root: Path, site_url: str = "", scans: Iterable[tuple[str, Page]] | None = None) -> list[Problem]:
    """Every broken internal link, anchor or asset in the built site at `root`; [] when all resolve.

    `scans`: the pages as (path relative to the site, scanned page), if already scanned;
    by default every HTML page of the site is read and scanned, one at a time."""
    check = LinkCheck(root, site_url)
    if scans is None:
        return check.pages_on_disk() + check.search_index_problems()
    for name, page in scans:
        check.add_page(name, page)
    return check.problems() + check.search_index_problems()


def _broken(site: Site, folder: str, href: str, base: object, prefix: str) -> str | _Anchor:
    """Why `href` on a page in `folder` does not resolve, or '' when it does (or is external);
    for a link to an anchor, the page and anchor to look for once the pages' anchors are known."""
    href = href.strip()
    if not href or href == "#":
        return ""
    parts = _split(href)
    if parts.scheme or parts.netloc:
        own = base is not None and parts.scheme in ("http", "https") and parts.netloc == getattr(base, "netloc", None)
        if not own or url_scheme(href) not in ("http", "https"):
            return ""  # another site, mailto:, tel: (schemes are checked by site_security)
        if not parts.path.startswith(prefix):
            return ""
        joined = parts.path[len(prefix) :]
    elif parts.path.startswith("/"):
        if not (parts.path + "/").startswith(prefix):
            return f"link to '{href}' points outside the site (its pages live under {prefix})"
        joined = parts.path[len(prefix) :]
    elif parts.path:
        joined = posixpath.join(folder, parts.path)
    else:  # '#anchor' (or '?query') on the same page
        return _Anchor("", unquote(parts.fragment)) if parts.fragment else ""
    target_path = posixpath.normpath(joined) if joined else ""
    if target_path.startswith(".."):
        return f"link to '{href}' points above the site's top folder"
    target_path = "" if target_path == "." else target_path
    if target_path and (joined.endswith("/") or joined.endswith("/.")):
        target_path += "/"
    target = site.resolve(unquote(target_path))
    if target is None:
        return f"link to '{href}' does not resolve: the site has no page or file '{unquote(target_path) or '/'}'"
    if parts.fragment and target.endswith(".html"):
        return _Anchor(target, unquote(parts.fragment))
    return ""


class _Parts(NamedTuple):
    scheme: str
    netloc: str
    path: str
    fragment: str


def _split(href: str) -> _Parts:
    """`urlsplit`'s scheme, netloc, path and fragment; a plain relative link is split by hand,
    the same way, without urlsplit's cost (most links of a page are relative)."""
    if ":" in href or href.startswith("//") or not href.isprintable():
        parts = urlsplit(href)
        return _Parts(parts.scheme, parts.netloc, parts.path, parts.fragment)
    path, _, fragment = href.partition("#")
    return _Parts("", "", path.partition("?")[0], fragment)


def _search_index(site: Site, locations: list[str] | None = None) -> list[Problem]:
    """Every search result's location must land on a page and anchor that exist."""
    if SEARCH_INDEX not in site.files:
        return []
    if locations is None:
        try:
            docs = json.loads((site.root / SEARCH_INDEX).read_text(encoding="utf-8")).get("docs", [])
            locations = [str(doc.get("location", "")) for doc in docs]
        except (ValueError, AttributeError):
            return [Problem(SEARCH_INDEX, 0, 0, "", "the search index is not valid JSON")]
    problems = []
    for number, location in enumerate(locations):
        path, _, anchor = location.partition("#")
        target = site.resolve(unquote(path))
        if target is None:
            problems.append(Problem(SEARCH_INDEX, 0, 0, f"docs[{number}]", f"search result '{location}' leads to no page"))
        elif anchor and target.endswith(".html") and unquote(anchor) not in site.anchors.get(target, ()):
            problems.append(Problem(SEARCH_INDEX, 0, 0, f"docs[{number}]", f"search result '{location}' leads to a missing anchor on {target}"))
    return problems
