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
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from html_scan import Page, scan_page, url_scheme
from problems import Problem

SEARCH_INDEX = "search/search_index.json"
_LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}
# Link relations that name other documents, not files the page needs (alternate languages, feeds).
_SKIP_RELS = {"alternate", "me", "author", "license", "search"}


class Site:
    """The built site's files and each page's anchors, read once."""

    def __init__(self, root: Path, scans: list[tuple[str, Page]] | None = None) -> None:
        self.root = root
        self.files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        self.pages: dict[str, Page] = dict(scans) if scans is not None else {}
        if scans is None:
            for name in sorted(n for n in self.files if n.endswith(".html")):
                self.pages[name] = scan_page((root / name).read_text(encoding="utf-8", errors="replace"))

    def resolve(self, path: str) -> str | None:
        """The file that a site path ('faq/', 'faq/index.html', 'faq') is served from, or None."""
        path = path.lstrip("/")
        candidates = [path + "index.html"] if path.endswith("/") or not path else [path, path + "/index.html"]
        return next((c for c in candidates if c in self.files), None)


def check_links(root: Path, site_url: str = "", scans: list[tuple[str, Page]] | None = None) -> list[Problem]:
    """Every broken internal link, anchor or asset in the built site at `root`; [] when all resolve."""
    site = Site(root, scans)
    base = urlsplit(site_url) if site_url else None
    prefix = base.path if base and base.path.endswith("/") else (base.path + "/" if base else "/")
    problems: list[Problem] = []
    for name, page in site.pages.items():
        for tag in page.tags:
            attr = _LINK_ATTRS.get(tag.name)
            if attr is None or attr not in tag.attrs:
                continue
            if tag.name == "link" and set(tag.attrs.get("rel", "").lower().split()) & _SKIP_RELS:
                continue
            message = _broken(site, name, tag.attrs[attr], base, prefix)
            if message:
                line, column = page.position(tag.offset)
                problems.append(Problem(name, line, column, "", message))
    problems.extend(_search_index(site))
    return problems


def _broken(site: Site, page: str, href: str, base: object, prefix: str) -> str:
    """Why `href` on `page` does not resolve, or '' when it does (or is external)."""
    href = href.strip()
    if not href or href == "#":
        return ""
    parts = urlsplit(href)
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
        joined = posixpath.join(posixpath.dirname(page), parts.path)
    else:
        joined = None  # '#anchor' on the same page
    if joined is None:
        target_path = page
    else:
        target_path = posixpath.normpath(joined) if joined else ""
        if target_path.startswith(".."):
            return f"link to '{href}' points above the site's top folder"
        target_path = "" if target_path == "." else target_path
        if target_path and (joined.endswith("/") or joined.endswith("/.")):
            target_path += "/"
    target = site.resolve(unquote(target_path)) if target_path != page else page
    if target is None:
        return f"link to '{href}' does not resolve: the site has no page or file '{unquote(target_path) or '/'}'"
    if parts.fragment and target.endswith(".html"):
        anchor = unquote(parts.fragment)
        if anchor not in site.pages[target].ids:
            return f"link to '{href}' does not resolve: {target} has no anchor '#{anchor}'"
    return ""


def _search_index(site: Site) -> list[Problem]:
    """Every search result's location must land on a page and anchor that exist."""
    if SEARCH_INDEX not in site.files:
        return []
    try:
        docs = json.loads((site.root / SEARCH_INDEX).read_text(encoding="utf-8")).get("docs", [])
    except (ValueError, AttributeError):
        return [Problem(SEARCH_INDEX, 0, 0, "", "the search index is not valid JSON")]
    problems = []
    for number, doc in enumerate(docs):
        location = str(doc.get("location", ""))
        path, _, anchor = location.partition("#")
        target = site.resolve(unquote(path))
        if target is None:
            problems.append(Problem(SEARCH_INDEX, 0, 0, f"docs[{number}]", f"search result '{location}' leads to no page"))
        elif anchor and target.endswith(".html") and unquote(anchor) not in site.pages[target].ids:
            problems.append(Problem(SEARCH_INDEX, 0, 0, f"docs[{number}]", f"search result '{location}' leads to a missing anchor on {target}"))
    return problems
