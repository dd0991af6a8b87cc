"""FAQ sources: content/faq/<topic>.yml -> validated topics -> one Markdown page per topic.

Each question gets its own heading with a stable anchor (its `id`), so support
staff can link one answer and search results land on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from page_references import render_references
from policy_loader import load_yaml, validate
from problems import HelpCenterError, Problem
from safe_text import answer_markdown, html_text, markdown_text, unsafe_links

if TYPE_CHECKING:
    from faq_model import TopicFile


@dataclass(frozen=True)
class FaqEntry:
    id: str
    q: str
    a: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class FaqTopic:
    """A topic file as validated (faq_model.TopicFile), in plain values."""

    title: str
    description: str
    entries: tuple[FaqEntry, ...]
    order: int = 100


class FaqPage:
    """One rendered FAQ topic: its source file, slug and Markdown."""

    def __init__(self, slug: str, source: str, topic: FaqTopic, markdown: str) -> None:
        self.slug = slug
        self.source = source
        self.topic = topic
        self.markdown = markdown

    @property
    def path(self) -> str:
        return f"faq/{self.slug}.md"


def load_faq(
    folder: Path,
    root: Path,
    facts: Mapping[str, str],
    component: Callable[[str], str],
    component_names: list[str],
) -> list[FaqPage]:
    """Load every topic file; all problems across all files are reported together."""
    from faq_model import TopicFile  # pydantic: only where the files are validated

    problems: list[Problem] = []
    pages: list[FaqPage] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")):
        try:
            document = load_yaml(path, root)
            topic = _plain(validate(document, TopicFile))
            for index, entry in enumerate(topic.entries):
                line, column = document.place(("entries", index, "id"))
                if entry.id in seen:
                    problems.append(Problem(document.file, line, column, f"entries[{index}].id", f"the id '{entry.id}' is already used in {seen[entry.id]}; pick another"))
                seen[entry.id] = document.file
            answers = []
            for index, entry in enumerate(topic.entries):
                line, _ = document.place(("entries", index, "a"))
                for offset, target in unsafe_links(entry.a):  # answers are data: no raw HTML, links https/mailto/tel only
                    problems.append(Problem(document.file, line + offset, 0, f"entries[{entry.id}].a", f"link to '{target}' is not allowed; links may only be https://, mailto:, tel: or pages of this help center"))
                answers.append(render_references(answer_markdown(entry.a), file=document.file, facts=facts, component=component, component_names=component_names, first_line=line))
            pages.append(FaqPage(path.stem, document.file, topic, _markdown(topic, answers)))
        except HelpCenterError as error:
            problems.extend(error.problems)
    if problems:
        raise HelpCenterError(problems)
    return sorted(pages, key=lambda p: (p.topic.order, p.topic.title))


def _plain(topic: TopicFile) -> FaqTopic:
    entries = tuple(FaqEntry(e.id, e.q, e.a, tuple(e.keywords)) for e in topic.entries)
    return FaqTopic(topic.title, topic.description, entries, topic.order)


def _markdown(topic: FaqTopic, answers: list[str]) -> str:
    keywords = sorted({k for e in topic.entries for k in e.keywords})
    # The theme prints front matter as HTML, and the body is Markdown: data goes in as text (safe_text).
    lines = ["---", f"title: {_yaml_text(html_text(topic.title))}", f"description: {_yaml_text(html_text(topic.description))}"]
    if keywords:
        lines.append("keywords: " + _yaml_text(html_text(", ".join(keywords))))
    lines += ["---", "", f"# {markdown_text(topic.title)}", "", markdown_text(topic.description), ""]
    for entry, answer in zip(topic.entries, answers):
        lines += [f"## {markdown_text(entry.q)} {{ #{entry.id} }}", "", answer.strip(), ""]
    return "\n".join(lines)


def index_markdown(pages: list[FaqPage]) -> str:
    """The FAQ landing page: every topic with its questions, linked to their anchors."""
    lines = ["---", 'title: "Frequently asked questions"', 'description: "Short answers to the questions shoppers ask most, grouped by topic."', "---", "", "# Frequently asked questions", ""]
    for page in pages:
        lines += [f"## [{markdown_text(page.topic.title)}]({page.slug}.md)", "", markdown_text(page.topic.description), ""]
        lines += [f"- [{markdown_text(entry.q)}]({page.slug}.md#{entry.id})" for entry in page.topic.entries]
        lines.append("")
    return "\n".join(lines)


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
