"""Permanent ids and short links: `/a/<id>/` always leads to the current place of an article or FAQ answer.

Every article (a Markdown page of the public docs folder, index pages aside)
carries a short permanent `id` in its front matter (checked, with file and
line, by the front-matter contract in `front_matter.py`); every FAQ entry has
one in its topic file (checked by `faq_source.py`). The ids are collected here
and turned into short-link pages from the `overrides/links/short_link.html`
template. Knows nothing of
MkDocs: it takes (source, path, url) triples and gives text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from faq_source import FaqPage

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,60}$")
SHORT_LINK_PREFIX = "a"
TEMPLATE_FOLDER = Path("overrides/links")
SHORT_LINK_SCRIPT = "assets/javascripts/short-link.js"


@dataclass(frozen=True)
class PageRef:
    """One documentation page of the build: its source name, file on disk (None if generated) and URL."""

    src_uri: str
    path: Path | None
    url: str


@dataclass(frozen=True)
class LinkTarget:
    """Something a short link leads to: an article, or one FAQ answer on its topic page."""

    id: str
    kind: str  # "article" or "faq"
    title: str
    src_uri: str  # the page that holds it
    page_url: str  # that page's URL, relative to the site root ("returns/return-policy/")
    anchor: str  # "" for an article, the entry id for an FAQ answer
    category: str
    summary: str

    @property
    def url(self) -> str:
        return f"{self.page_url}#{self.anchor}" if self.anchor else self.page_url

    @property
    def short_url(self) -> str:
        return short_url(self.id)


def short_url(ident: str) -> str:
    return f"{SHORT_LINK_PREFIX}/{ident}/"


def collect(pages: Iterable[PageRef], docs_dir: Path, root: Path, faq: list[FaqPage]) -> list[LinkTarget]:
    """Every article and FAQ answer that has an id, in page order.

    Articles are the Markdown pages read from `docs_dir`; FAQ answers come from the
    topic files, on the pages `faq/<topic>.md`. Missing, malformed and duplicate ids
    are the front-matter contract's and the FAQ loader's to report (with file and
    line); such a page gets no short link here rather than a second message.
    """
    from front_matter import front_matter_data  # the build's side process only

    targets: list[LinkTarget] = []
    seen = {entry.id for page in faq for entry in page.topic.entries}
    faq_by_path = {page.path: page for page in faq}
    docs = docs_dir.absolute()
    for ref in sorted(pages, key=lambda p: p.src_uri):
        if ref.src_uri in faq_by_path:
            topic = faq_by_path[ref.src_uri].topic
            for entry in topic.entries:
                targets.append(LinkTarget(entry.id, "faq", entry.q, ref.src_uri, _url(ref), entry.id, topic.title, topic.description))
            continue
        if ref.path is None or not ref.path.absolute().is_relative_to(docs):
            continue
        meta = front_matter_data(ref.path.read_text(encoding="utf-8"))
        ident = meta.get("id")
        if not isinstance(ident, str) or not ID_PATTERN.match(ident) or ident in seen:
            continue
        seen.add(ident)
        title = str(meta.get("title") or ref.src_uri)
        category = str(meta.get("category") or posixpath.dirname(ref.src_uri))
        targets.append(LinkTarget(ident, "article", title, ref.src_uri, _url(ref), "", category, str(meta.get("description") or "")))
    return targets


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both relative to the site root, directory style)."""
    depth = from_url.count("/")
    return "../" * depth + to_url if (to_url or depth) else "./"


class ShortLinks:
    """Renders the short-link pages: a tiny HTML page per id that forwards to the current URL."""

    def __init__(self, root: Path, site_url: str) -> None:
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(root / TEMPLATE_FOLDER)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )

    def pages(self, targets: Iterable[LinkTarget]) -> list[tuple[str, str]]:
        """(destination file, HTML) for every target: `a/<id>/index.html`."""
        template = self.env.get_template("short_link.html")
        out = []
        for target in targets:
            here = target.short_url
            out.append(
                (
                    f"{here}index.html",
                    template.render(
                        title=target.title,
                        target=relative_url(here, target.url) if target.url else relative_url(here, ""),
                        canonical=self.site_url + target.url if self.site_url else relative_url(here, target.url),
                        script=relative_url(here, SHORT_LINK_SCRIPT),
                    ),
                )
            )
        return out


def published_urls(page_urls: Iterable[str], targets: Iterable[LinkTarget]) -> list[str]:
    """Every public URL of a build, as site-root paths: pages, FAQ answers' anchors and short links."""
    urls = {"/" + (url if url != "./" else "") for url in page_urls}
    for target in targets:
        urls.add("/" + target.short_url)
        if target.anchor:
            urls.add("/" + target.url)
    return sorted(urls)


def _url(ref: PageRef) -> str:
    return "" if ref.url == "./" else ref.url  # MkDocs calls the home page "./"
