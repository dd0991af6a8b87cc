"""The support side of one build: permanent ids and short links, the URL ledger, the reply kit, the staff handbook.

One object per build, driven by the thin MkDocs hook (or any other engine):
`start` -> `extra_files` -> `collect` -> `page_content` per page -> `write_exports`
-> `post_page` per page -> `finish`. The build process makes one for `extra_files` and
`fills` (which pages need `post_page`); its side process (side_work.py) makes its own, from
the same sources, for the last five. Knows nothing of MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import stable_links
import staff_handbook
import url_ledger
from faq_source import FaqPage
from reply_catalogue import Catalogue
from stable_links import LinkTarget, PageRef

PUBLISHED_LIST = "support/published-urls.txt"


@dataclass
class SupportBuild:
    root: Path
    site_url: str
    public_url: str  # where shoppers read the help center (policy: store.help_center)
    staff: bool
    view: Mapping[str, Any]
    faq: list[FaqPage]
    targets: list[LinkTarget] = field(default_factory=list)
    catalogue: Catalogue | None = None
    page_urls: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, root: Path, extra: Mapping[str, Any] | None, site_url: str | None, view: Mapping[str, Any], faq: list[FaqPage]) -> SupportBuild:
        public_url = str(view["store"]["help_center"]) or (site_url or "")
        return cls(root, site_url or "", public_url, staff_handbook.is_staff(extra), view, faq)

    def extra_files(self, docs_dir: Path) -> list[tuple[str, Path]]:
        """Files to add to the build: the public articles and assets, in the staff build only."""
        return staff_handbook.public_files(self.root, docs_dir) if self.staff else []

    def collect(self, pages: Iterable[PageRef], docs_dir: Path) -> list[tuple[str, str]]:
        """Check the ids of every article and FAQ answer; returns the short-link pages (file, HTML) to add."""
        pages = list(pages)
        articles_dir = self.root / staff_handbook.PUBLIC_DOCS if self.staff else docs_dir
        self.targets = stable_links.collect(pages, articles_dir, self.root, self.faq)
        self.page_urls = [page.url for page in pages]
        self.catalogue = Catalogue(self.root, self.public_url, self.targets, self.view)
        return stable_links.ShortLinks(self.root, self.site_url).pages(self.targets)

    def fills(self, output: str) -> bool:
        """Whether `post_page` changes this page: the staff build's reply-kit page."""
        return self.staff and staff_handbook.has_reply_kit_slot(output)

    def page_content(self, src_uri: str, html: str) -> None:
        if self.catalogue is not None:
            self.catalogue.add_page(src_uri, html)

    def post_page(self, output: str, page_url: str) -> str:
        if self.fills(output) and self.catalogue is not None:
            return staff_handbook.fill_reply_kit(output, self.catalogue.staff_html(page_url))
        return output

    def published_urls(self) -> list[str]:
        return stable_links.published_urls(self.page_urls, self.targets)

    def write_exports(self, site_dir: Path) -> None:
        """Once every page's content is known: the reply-kit exports and the list of published URLs.
        Only the staff build needs the reply kit after this (its page lists it)."""
        if self.catalogue is not None:
            self.catalogue.write(site_dir)
        if not self.staff:
            self.catalogue = None
            target = site_dir / PUBLISHED_LIST
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("".join(f"{url}\n" for url in self.published_urls()), encoding="utf-8")

    def finish(self, site_dir: Path) -> list[str]:
        """In the public build, check the URL ledger on the built site. Returns URLs it does not list yet."""
        if self.staff:
            return []
        ledger = self.root / url_ledger.LEDGER_FILE
        url_ledger.check(ledger, self.root, site_dir, self.site_url)
        return url_ledger.missing(ledger, self.root, self.published_urls())
