"""One build of the help center, step by step, with no engine in sight.

The MkDocs hook (helpcenter_hook.py) calls one method of `SiteBuild` per build
event and converts MkDocs objects to the plain values used here; another engine
would do the same. Every check raises HelpCenterError with all its problems.

What needs only the source files and the rendered pages (loading and checking the
sources, reply kit, search index, link and security audit, CSP, URL ledger) runs in a
side process (`side_work.py`) while this process renders the pages; `serving` keeps it
in this process.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import staff_handbook
from answer_feedback import AnswerFeedback
from faq_source import index_markdown
from helpcenter import PageFacts
from navigation import unlisted
from problems import HelpCenterError
from search_page import IndexedPage
from side_process import SideProcess
from site_security import standalone_policy, with_meta
from stable_links import PageRef
from structured_data import IndexEntry, PolicyData, faq_answers, placed_components
from support_build import SupportBuild

if TYPE_CHECKING:  # imported by the side process, when it starts
    from side_work import SideWork

# The folder of these modules: the side process imports the ones only it needs when it
# starts, and an engine may keep the folder on the import path only while it loads them
# (MkDocs does, for hooks).
HERE = str(Path(__file__).resolve().parent)


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build adds: Markdown text, or a source file from elsewhere (staff build)."""

    name: str
    content: str | None = None
    source: Path | None = None


@dataclass(frozen=True)
class Sources:
    """What the side process, which loads and checks the sources, gives this process to
    make the pages with: plain values (no policy model)."""

    pages: PageFacts  # facts, view, components and FAQ pages
    jsonld: PolicyData  # the policy's JSON-LD blocks
    history: GeneratedPage  # the policy's change history page


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str
    description: str
    docs_dir: Path
    site_dir: Path
    extra: Mapping[str, Any]
    serving: bool = False  # `mkdocs serve`: everything in this process, no CSP (it would block live reload)


class SiteBuild:
    """`documents`: the search engine's documents of a page given to `page_to_index`, made in
    the side process (None: the engine indexes the pages itself, see `page_indexed`).

    The side process starts at once and loads and checks the sources (policy, FAQ,
    components, search vocabulary) while the engine lists the build's files: this process
    gets the pages' facts from it in plain values (`PageFacts`, `PolicyData`) and never
    loads the policy model (pydantic), which would cost every build its import."""

    def __init__(self, root: Path, info: SiteInfo, documents: Callable[[IndexedPage], list[dict[str, Any]]] | None = None) -> None:
        self.info = info
        self.root = root
        self.staff = staff_handbook.is_staff(info.extra)
        self.csp = ""  # the CSP <meta> policy of the rendered pages, as far as the side work knows it
        self.written: tuple[str, str] | None = None  # the last page given to the engine to write, and its CSP
        self.placed: dict[str, frozenset[str]] = {}  # page source -> the components its Markdown places (JSON-LD)
        self.indexes_pages = documents is not None  # pages go to `page_to_index`, not `page_indexed`

        def side_work(notify: Callable[[str], None]) -> SideWork:
            if HERE not in sys.path:
                sys.path.append(HERE)
            from side_work import SideWork

            return SideWork(root, info, notify, documents)

        # The audit of each written page tells this process the CSP to write into the next
        # ones: it goes ahead of the search and reply-kit work still waiting in the side process.
        self.side: SideProcess[SideWork] = SideProcess(side_work, urgent={"page_written"}, parallel=not info.serving)

    # ---- before pages are read

    def extra_css(self) -> list[str]:
        return list(staff_handbook.STAFF_CSS) if self.staff else []  # the staff build's own styles and scripts

    def extra_javascript(self) -> list[str]:
        return list(staff_handbook.STAFF_JAVASCRIPT) if self.staff else []

    @functools.cached_property
    def sources(self) -> Sources:
        """From the side process: the first call that waits for it, which raises the sources' problems."""
        return self.side.call("sources")

    @property
    def site(self) -> PageFacts:
        return self.sources.pages

    @functools.cached_property
    def helpful(self) -> AnswerFeedback:
        return AnswerFeedback(self.site.view["feedback"]["form_url"], self.site.components.with_slots, self.site.faq_by_path)

    @functools.cached_property
    def support(self) -> SupportBuild:
        return SupportBuild.start(self.root, self.info.extra, self.info.url, self.site.view, self.site.faq)

    def generated_pages(self) -> list[GeneratedPage]:
        """FAQ topic pages, the FAQ index, the policy change history, and (staff build) the public pages."""
        pages = [GeneratedPage(page.path, page.markdown) for page in self.site.faq]
        pages.append(GeneratedPage("faq/index.md", index_markdown(self.site.faq)))
        pages.append(self.sources.history)
        pages += [GeneratedPage(name, source=path) for name, path in self.support.extra_files(self.info.docs_dir)]
        return pages

    def start_checks(self, pages: Sequence[PageRef], sources: Sequence[Path], files: set[str], search_config: dict[str, Any] | None) -> None:
        """Once the build's files are known (`pages`: its Markdown pages; `files`: every file
        the site will have, relative to it): the short links (the ids of the pages, checked,
        and the /a/<id>/ redirect pages), the checks of the page sources (all problems at
        once), and the search index (`search_config`: the search engine's settings, None
        without search), all in the side process."""
        side = self.side
        side.send("start", files)
        side.send("short_links", list(pages), "" if self.info.serving else standalone_policy())
        side.send("check_sources", list(sources))
        if search_config is not None:
            side.send("start_search", search_config)

    def contents_done(self, entries: Sequence[IndexEntry]) -> None:
        """Every page's content is known (before pages are written); `entries` for llms.txt."""
        self.side.send("contents_done", list(entries))

    # ---- page by page

    def page_markdown(self, markdown: str, src_uri: str, url: str) -> str:
        self.side.check()  # stop early when the source checks have failed
        self.placed[src_uri] = placed_components(markdown)
        try:
            markdown = self.site.render_page(markdown, src_uri)
        except HelpCenterError:
            self.side.call("sources_checked")  # their report names every page's problems
            raise
        return self.helpful.with_answer_controls(markdown, src_uri, url)

    def page_indexed(self, url: str, src_uri: str, meta: Mapping[str, Any], docs: Sequence[Mapping[str, Any]]) -> None:
        """`docs`: the page's documents in the search index, in order."""
        self.side.send("page_indexed", url, src_uri, dict(meta), list(docs))

    def page_to_index(self, src_uri: str, page: IndexedPage) -> None:
        """A page whose search documents the `documents` function given to SiteBuild makes."""
        self.side.send("page_to_index", src_uri, page)

    def section_index(self, html: str, url: str, entries: Sequence[tuple[str, str]]) -> str:
        """A section's index page (`html` at `url`) with the section's other entries (url,
        title) it does not link to listed after its own text."""
        missing = unlisted(url, html, entries)
        return html + "\n" + self.site.components.render("_section_more", entries=missing) if missing else html

    def page_content(self, src_uri: str, html: str) -> None:
        self.side.send("page_content", src_uri, html)  # the reply kit quotes the rendered page

    def page_output(self, output: str, url: str, dest: str) -> str:
        """The page as it is to be written (`dest`: its file, relative to the site): with the
        CSP known so far (the side work lists the pages it must be corrected in at the end)."""
        side = self.side
        if self.support.fills(output):
            output = side.call("reply_kit", output, url)  # staff build: the reply-kit list
        if not self.info.serving:
            self.csp = next(reversed(side.notices()), self.csp)
            if self.csp:
                output = with_meta(output, self.csp)
        self._tell_written()  # the engine writes a page before it makes the next one
        self.written = (dest, self.csp)
        return output

    def _tell_written(self) -> None:
        """Tell the side work of the last page written: it reads it from disk (not through the pipe)."""
        if self.written is not None:
            self.side.send("page_written", *self.written)
            self.written = None

    def contact_block(self, url: str, title: str) -> str:
        return self.site.contact_block(url, title)

    def helpful_control(self, src_uri: str, url: str, title: str) -> str:
        return self.helpful.page_control(src_uri, url, title)

    def jsonld(self, src_uri: str, home: bool, trail: list[tuple[str, str]], content: str) -> list[str]:
        """The JSON-LD blocks of a page whose Markdown went through `page_markdown` (`content`:
        its rendered HTML), as the text of their <script> elements."""
        faq = self.site.faq_by_path.get(src_uri)
        answers = faq_answers(faq, content) if faq else None
        return self.sources.jsonld.scripts(placed=self.placed.get(src_uri, frozenset()), home=home, trail=trail, faq=answers)

    # ---- after every page is written

    def finish(self, search_docs: int | None) -> tuple[list[str], list[str]]:
        """Once every page is written (`search_docs`: how many documents the built search index
        has, None if the engine left them to `page_to_index`): the
        checks of every page (side work), then the CSP here while the side work writes the
        search index; then the search index's own check.
        Returns (warnings, notes) for the log."""
        side, site_dir = self.side, self.info.site_dir
        self._tell_written()
        try:
            lockdown = side.call("pages_done")
            side.send("search_done", search_docs)
            side.flush()  # the side work writes the search index while this process applies the CSP
            if lockdown is not None and not self.info.serving:
                lockdown.apply(site_dir)
            return side.call("finish")
        finally:
            side.close()

