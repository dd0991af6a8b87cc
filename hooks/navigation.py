"""Section names and order for the site navigation, from the content itself.

A category folder's name in the navigation is the title of its index.md (the same
title articles give as their `category`); the order of the sections is the list
`extra.helpcenter.sections` in mkdocs.yml (folders not listed follow, by name). A
section's index page lists, after its own text, the section's pages it does not link to:
the navigation shows a window of a large section's pages, and the index page all of them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from urllib.parse import urljoin, urlsplit

import yaml

from html_scan import scan_page
from policy_loader import DataLoader


def section_title(text: str) -> str | None:
    """The `title` in a page's front matter, or None."""
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    try:
        data = yaml.load(text[3:end], Loader=DataLoader) if end > 0 else None  # as the front-matter check reads it
    except yaml.YAMLError:
        return None  # the front-matter check reports it with its line
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else None


def section_rank(folder: str | None, order: list[str], home: bool = False) -> tuple[int, str]:
    """Home first, then the listed sections, then other sections by name, then loose pages."""
    if home:
        return (-1, "")
    if folder is None:
        return (len(order) + 1, "")
    return (order.index(folder) if folder in order else len(order), folder)


def unlisted(index_url: str, html: str, entries: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The entries (url, title) of a section that its index page (at `index_url`, its
    content rendered as `html`) does not link to, each with its address relative to that
    page. URLs are the engine's, relative to the site's root."""
    base = "/" + index_url
    links = (tag.attrs["href"] for tag in scan_page(html).tags if tag.name == "a" and "href" in tag.attrs)
    linked = {urlsplit(urljoin(base, href))._replace(query="", fragment="").geturl() for href in links}
    folder = posixpath.dirname(base)  # "/a/b/" and "/a/b/index.html" are both in "/a/b"
    return [(_relative("/" + url, folder), title) for url, title in entries if "/" + url not in linked]


def _relative(path: str, folder: str) -> str:
    relative = posixpath.relpath(path, folder)
    return relative + "/" if path.endswith("/") else relative
