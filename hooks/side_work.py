"""The part of a build that runs in its side process (side_process.py), beside the page rendering.

It needs no MkDocs state, only what it is sent: the source files to check, each page's
search documents and rendered content (for the search index and the reply kit), and
the name of each page the build has written, which it reads back from disk for the
link, script and privacy audit and the CSP. It loads and checks the sources itself
(policy, FAQ, components, search vocabulary), so that the build process never needs
the policy model. `SiteBuild` makes it as the build starts and calls it in this order:

    sources -> start, short_links, check_sources, start_search -> page_to_index (its content and search
    documents) or page_content (per page) -> contents_done -> page_indexed (per page,
    for the pages not sent with page_to_index) / page_written (per page) -> pages_done
    -> search_done -> finish

It tells the build (`notify`) of each new CSP for the rendered pages, which the build
puts in the pages it writes after that (see `SiteAudit`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpcenter import FAQ_FOLDER, POLICY_FILE, HelpCenter
from link_check import site_files
from policy_history import PAGE as HISTORY_PAGE
from policy_history import page_markdown as history_markdown
from policy_history import read_history
from problems import HelpCenterError, Problem
from search_page import IndexedPage
from site_build import GeneratedPage, SiteInfo, Sources
from site_security import STANDALONE, Lockdown, SiteAudit, with_meta
from stable_links import PageRef
from structured_data import IndexEntry, PolicyData, write_site_files
from support_build import SupportBuild

if TYPE_CHECKING:
    from search_vocabulary import SearchTuning


class SideWork:
    search: SearchTuning  # from `start`

    def __init__(
        self,
        root: Path,
        info: SiteInfo,
        notify: Callable[[str], None],
        documents: Callable[[IndexedPage], list[dict[str, Any]]] | None = None,
    ) -> None:
        """Load and check the sources under `root` (raises HelpCenterError with their problems).
        `notify`: tells the build of each new CSP of the rendered pages; `documents`: the
        search engine's documents of a page it was sent (`page_to_index`)."""
        self.site = HelpCenter.load(root)
        self.support = SupportBuild.start(root, info.extra, info.url, self.site.view, self.site.faq)
        self.info = info
        self.documents = documents
        self.files: set[str] = set()  # every file the site will have (`start`); the short-link pages join them
        self.audit = SiteAudit(info.site_dir, info.url, self.files, on_policy=notify)
        self.warnings: list[str] = []
        self.unlisted: list[str] = []
        self.problems: list[Problem] = []
        self.search_locations: list[str] = []

    def sources(self) -> Sources:
        """What the build process needs to make the pages, in plain values."""
        history = GeneratedPage(HISTORY_PAGE, history_markdown(read_history(self.site.root, POLICY_FILE)))
        return Sources(self.site.page_facts(), PolicyData.of(self.site.policy), history)

    def start(self, files: set[str]) -> None:
        """`files`: every file the site will have, relative to it. The search vocabulary is
        loaded here, once `sources` has answered the build: its problems stop the build
        before anything is written."""
        from search_vocabulary import SearchTuning  # imported after `sources` too, as is the drift lint

        self.files.update(files)
        self.search = SearchTuning.load(self.site.root, self.site.faq)

    def short_links(self, pages: Sequence[PageRef], policy: str) -> None:
        """Check the pages' ids and write the /a/<id>/ redirect pages (`policy`: their CSP, '' for none)."""
        for name, html in self.support.collect(pages, self.info.docs_dir):
            self.files.add(name)
            self._write_page(name, with_meta(html, policy) if policy else html, policy)

    def check_sources(self, sources: Sequence[Path]) -> None:
        """Front matter and references of every page (all problems at once), and the drift lint."""
        from policy_drift import lint_site as lint_drift

        self.site.check_pages(sources, self.info.docs_dir)
        drift = lint_drift(sources, self.site.root / FAQ_FOLDER, self.site.root, self.site.facts, self.site.view)
        self.warnings = [f"policy drift: {d}" for d in drift]

    def sources_checked(self) -> None:
        """Nothing: a call to it raises the source checks' problems, if they found any."""

    def start_search(self, config: dict[str, Any]) -> None:
        self.search.start(config)  # Material's search configuration

    def page_indexed(self, url: str, src_uri: str, meta: dict[str, Any], docs: list[dict[str, Any]]) -> None:
        self.search.add_page(url, src_uri, meta, docs)  # the page's search documents, tuned and counted

    def page_to_index(self, src_uri: str, page: IndexedPage) -> None:
        """A page for the search index, its documents not made yet; the reply kit quotes its content."""
        if self.documents is None:
            raise RuntimeError("page_to_index needs the documents function")
        self.page_content(src_uri, page.content)
        self.page_indexed(page.url, src_uri, page.meta, self.documents(page))

    def page_content(self, src_uri: str, html: str) -> None:
        self.support.page_content(src_uri, html)  # the reply kit quotes the rendered page

    def reply_kit(self, output: str, url: str) -> str:
        return self.support.post_page(output, url)  # staff build: the reply-kit list

    def page_written(self, name: str, carried: str) -> None:
        """A rendered page, once written (`carried`: the CSP of its <meta>, '' if none)."""
        path = self.audit.site / name
        if path.is_file():  # the engine writes no file for an empty page
            self.audit.add(name, path.read_text(encoding="utf-8", errors="replace"), carried=carried)

    def _write_page(self, name: str, html: str, carried: str) -> None:
        """Write a page that the build makes but does not render (a short link), and audit it."""
        path = self.audit.site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        self.audit.add(name, html, STANDALONE, carried)

    def contents_done(self, entries: list[IndexEntry]) -> None:
        """Once every page's content is known (before pages are written; `entries`: the pages
        for llms.txt): the machine-readable files (policy.json, llms.txt), the reply-kit
        exports, and the prebuilt search index when every page came with `page_to_index`."""
        info = self.info
        write_site_files(info.site_dir, self.site.policy, title=info.name, summary=info.description, base_url=info.url, entries=entries)
        self.support.write_exports(self.audit.site)
        if self.search.pages and self.documents is not None:
            self.search.prepare(self.audit.site)

    def pages_done(self) -> Lockdown | None:
        """Once every page is written: the pages the build did not send, the URL ledger, and
        the checks of every page; returns the CSP to apply, or None when there are problems
        (a page with a problem stays as its problem's line number says)."""
        files = site_files(self.audit.site)
        self.audit.complete(files)
        try:
            self.unlisted = self.support.finish(self.audit.site)
        except HelpCenterError as error:
            self.problems = error.problems
        self.problems += self.audit.problems(files)
        return None if self.problems else self.audit.lockdown()

    def search_done(self, search_docs: int | None) -> None:
        """The search index and the prebuilt index (`search_docs`: how many documents the built one has)."""
        self.search_locations = self.search.finish(self.audit.site, search_docs)

    def finish(self) -> tuple[list[str], list[str]]:
        """Once every file is written: every problem of the built site, or else (warnings, notes)."""
        problems = self.problems + self.audit.search_index_problems(self.search_locations)
        if problems:
            raise HelpCenterError(problems)
        notes = []
        if self.unlisted:
            notes.append(f"{len(self.unlisted)} published URLs are not in the ledger yet; add them with: python scripts/ledger.py update")
        return self.warnings, notes
