"""The help center's sources, loaded once per build: policy, facts, components, FAQ.

Engine-agnostic: MkDocs reaches it through the thin `helpcenter_hook.py`; the
scripts and tests use it directly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from answer_feedback import page_link
from faq_source import FaqPage, load_faq
from page_references import Components, render_references
from policy_loader import display_name, load_policy
from problems import HelpCenterError

if TYPE_CHECKING:
    from policy_model import Policy

POLICY_FILE = Path("content/policies/policy.yml")
FAQ_FOLDER = Path("content/faq")
COMPONENT_FOLDER = Path("overrides/components")


@dataclass
class PageFacts:
    """What the pages are made of: the policy's facts and view, the components, the FAQ
    pages. Plain values, without the policy model: the build process gets these from the
    side process, which loads and validates the sources (`HelpCenter.load`)."""

    root: Path
    facts: dict[str, str]
    view: dict[str, Any]
    components: Components
    faq: list[FaqPage]

    @functools.cached_property
    def faq_by_path(self) -> dict[str, FaqPage]:
        """The FAQ topic pages by their page source ('faq/<slug>.md')."""
        return {page.path: page for page in self.faq}

    def render_page(self, markdown: str, file: str) -> str:
        """A page's Markdown with its policy references filled in."""
        return render_references(
            markdown, file=file, facts=self.facts, component=self.components.render, component_names=self.components.names
        )

    def contact_block(self, page_url: str, page_title: str) -> str:
        """The contact block at the end of every page, with this page's feedback link."""
        return self._contact(feedback_href=page_link(self.view["feedback"]["form_url"], page_url, page_title))

    @functools.cached_property
    def _contact(self) -> Callable[..., str]:
        return self.components.with_slots("_contact_block", "feedback_href")


@dataclass
class HelpCenter(PageFacts):
    """Every source of the help center, loaded and checked, with the validated policy."""

    policy: Policy

    @classmethod
    def load(cls, root: Path) -> HelpCenter:
        """Load and check everything under `root`; raises HelpCenterError listing every problem."""
        from policy_context import facts, view

        policy = load_policy(root / POLICY_FILE, root)
        data = view(policy)
        names = facts(policy)
        components = Components(root / COMPONENT_FOLDER, data)
        faq = load_faq(root / FAQ_FOLDER, root, names, components.render, components.names)
        return cls(root, names, data, components, faq, policy)

    def page_facts(self) -> PageFacts:
        return PageFacts(self.root, self.facts, self.view, self.components, self.faq)

    def check_pages(self, pages: Iterable[Path], docs: Path) -> None:
        """Front matter and references of every page, reporting all problems together."""
        from front_matter import check_pages as check_front_matter  # the build's side process only

        pages = list(pages)
        problems = check_front_matter(pages, docs, self.root, self.root / FAQ_FOLDER)
        for path in pages:
            try:
                self.render_page(path.read_text(encoding="utf-8"), display_name(path, self.root))
            except HelpCenterError as error:
                problems.extend(error.problems)
        if problems:
            raise HelpCenterError(problems)
