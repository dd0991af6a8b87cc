"""The part of a build that runs in its side process (side_process.py), beside the page rendering.

It needs no MkDocs state, only what it is sent: the source files to check, and each
page's HTML as the build renders it (the content, for the reply kit) and writes it
(the whole page, for the link, script and privacy audit and the CSP). `SiteBuild`
makes it once the build's files are known and calls it in this order:

    check_sources -> page_content / page_output (per page) -> pages_done -> finish
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from helpcenter import FAQ_FOLDER, HelpCenter
from policy_drift import lint_site as lint_drift
from problems import HelpCenterError, Problem
from site_security import SiteAudit
from support_build import SupportBuild


class SideWork:
    def __init__(self, site: HelpCenter, support: SupportBuild, docs_dir: Path, site_dir: Path, site_url: str, files: set[str]) -> None:
        self.site = site
        self.support = support
        self.docs_dir = docs_dir
        self.audit = SiteAudit(site_dir, site_url, files)
        self.warnings: list[str] = []
        self.unlisted: list[str] = []
        self.problems: list[Problem] = []

    def check_sources(self, sources: Sequence[Path]) -> None:
        """Front matter and references of every page (all problems at once), and the drift lint."""
        self.site.check_pages(sources, self.docs_dir)
        drift = lint_drift(sources, self.site.root / FAQ_FOLDER, self.site.root, self.site.facts, self.site.view)
        self.warnings = [f"policy drift: {d}" for d in drift]

    def sources_checked(self) -> None:
        """Nothing: a call to it raises the source checks' problems, if they found any."""

    def page_content(self, src_uri: str, html: str) -> None:
        self.support.page_content(src_uri, html)  # the reply kit quotes the rendered page

    def reply_kit(self, output: str, url: str) -> str:
        return self.support.post_page(output, url)  # staff build: the reply-kit list

    def page_output(self, name: str, html: str) -> None:
        self.audit.add(name, html)

    def pages_done(self, apply_policy: bool) -> None:
        """Once every page is written (while the build writes its other files): the pages the build
        did not send, the checks of every page and of the URL ledger, the reply-kit exports, and
        the CSP if all is well (a page with a problem stays as its problem's line number says)."""
        self.audit.complete()
        try:
            self.unlisted = self.support.finish(self.audit.site)
        except HelpCenterError as error:
            self.problems = error.problems
        self.problems += self.audit.problems()
        if apply_policy and not self.problems:
            self.audit.apply()

    def finish(self) -> tuple[list[str], list[str]]:
        """Once every file is written: every problem of the built site, or else (warnings, notes)."""
        problems = self.problems + self.audit.search_index_problems()
        if problems:
            raise HelpCenterError(problems)
        notes = []
        if self.unlisted:
            notes.append(f"{len(self.unlisted)} published URLs are not in the ledger yet; add them with: python scripts/ledger.py update")
        return self.warnings, notes
