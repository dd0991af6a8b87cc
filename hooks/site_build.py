"""One build of the help center, step by step, with no engine in sight.

The MkDocs hook (helpcenter_hook.py) calls one method of `SiteBuild` per build
event and converts MkDocs objects to the plain values used here; another engine
would do the same. Every check raises HelpCenterError with all its problems.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from answer_feedback import AnswerFeedback
from faq_source import index_markdown
from helpcenter import FAQ_FOLDER, POLICY_FILE, HelpCenter
from policy_drift import lint_site as lint_drift
from policy_history import PAGE as HISTORY_PAGE
from policy_history import page_markdown as history_markdown
from policy_history import read_history
from search_vocabulary import SearchTuning
from site_security import finish as check_and_secure
from stable_links import PageRef
from structured_data import IndexEntry, PolicyData, faq_answers, write_site_files
from support_build import SupportBuild


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build adds: Markdown text, or a source file from elsewhere (staff build)."""

    name: str
    content: str | None = None
    source: Path | None = None


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str
    description: str
    docs_dir: Path
    site_dir: Path
    extra: Mapping[str, Any]


class SiteBuild:
    def __init__(self, root: Path, info: SiteInfo) -> None:
        self.info = info
        self.site = HelpCenter.load(root)
        self.search = SearchTuning.load(root, self.site.faq)
        self.helpful = AnswerFeedback(self.site.view["feedback"]["form_url"], self.site.components.render, self.site.faq)
        self.machine = PolicyData(self.site.policy)
        self.support = SupportBuild.start(root, info.extra, info.url, self.site.view, self.site.faq)
        self.index: list[IndexEntry] = []

    # ---- before pages are read

    def extra_css(self) -> list[str]:
        return self.support.extra_css()  # the staff build's own styles and scripts

    def extra_javascript(self) -> list[str]:
        return self.support.extra_javascript()

    def generated_pages(self) -> list[GeneratedPage]:
        """FAQ topic pages, the FAQ index, the policy change history, and (staff build) the public pages."""
        pages = [GeneratedPage(page.path, page.markdown) for page in self.site.faq]
        pages.append(GeneratedPage("faq/index.md", index_markdown(self.site.faq)))
        pages.append(GeneratedPage(HISTORY_PAGE, history_markdown(read_history(self.site.root, POLICY_FILE))))
        pages += [GeneratedPage(name, source=path) for name, path in self.support.extra_files(self.info.docs_dir)]
        return pages

    def check_sources(self, sources: Sequence[Path]) -> list[str]:
        """Front matter and references of every page (all problems at once); returns the drift warnings."""
        self.site.check_pages(sources, self.info.docs_dir)
        faq = self.site.root / FAQ_FOLDER
        return [f"policy drift: {d}" for d in lint_drift(sources, faq, self.site.root, self.site.facts, self.site.view)]

    def short_links(self, pages: Sequence[PageRef]) -> list[GeneratedPage]:
        """The /a/<id>/ redirect pages."""
        return [GeneratedPage(name, html) for name, html in self.support.collect(pages, self.info.docs_dir)]

    def set_index(self, entries: Sequence[IndexEntry]) -> None:
        self.index = list(entries)  # for llms.txt

    # ---- page by page

    def page_markdown(self, markdown: str, src_uri: str, url: str) -> str:
        markdown = self.site.render_page(markdown, src_uri)
        return self.helpful.with_answer_controls(markdown, src_uri, url)

    def page_indexed(self, url: str, src_uri: str, meta: Mapping[str, Any]) -> None:
        self.search.add_page(url, src_uri, meta)  # shopper vocabulary for the search index

    def page_content(self, src_uri: str, html: str) -> None:
        self.support.page_content(src_uri, html)  # the reply kit quotes the rendered page

    def page_output(self, output: str, url: str) -> str:
        return self.support.post_page(output, url)  # staff build: the reply-kit list

    def contact_block(self, url: str, title: str) -> str:
        return self.site.contact_block(url, title)

    def helpful_control(self, src_uri: str, url: str, title: str) -> str:
        return self.helpful.page_control(src_uri, url, title)

    def jsonld(self, src_uri: str, source: str, home: bool, trail: list[tuple[str, str]]) -> list[dict[str, Any]]:
        faq = next((p for p in self.site.faq if p.path == src_uri), None)
        answers = faq_answers(faq, self.site.render_page) if faq else None
        return self.machine.blocks(source=source, home=home, trail=trail, faq=answers)

    # ---- after every page is written

    def finish(self, *, serving: bool) -> list[str]:
        """Reply-kit exports and the URL ledger, search tuning, machine-readable files, then the
        checks on the built HTML and the CSP (not while serving: it would block live reload).
        Returns notes for the log."""
        site_dir = self.info.site_dir
        unlisted = self.support.finish(site_dir)
        self.search.finish(site_dir)
        write_site_files(site_dir, self.site.policy, title=self.info.name, summary=self.info.description, base_url=self.info.url, entries=self.index)
        check_and_secure(site_dir, self.info.url, apply_policy=not serving)
        if unlisted:
            return [f"{len(unlisted)} published URLs are not in the ledger yet; add them with: python scripts/ledger.py update"]
        return []
