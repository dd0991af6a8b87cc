"""The front-matter contract of the help center's pages, checked with the policy loader's messages.

Every article (a page in docs/ other than an `index.md`) starts with:

    ---
    title: Cancel an order
    description: When you can cancel an order for free, and how.
    id: cancel-order                 # short, permanent, unique across articles and FAQ entries
    category: Orders and tracking    # the title of the folder's index.md
    owner: Fulfillment lead          # a team role, not a person
    last_reviewed: 2026-11-26
    keywords: [cancel, cancle]       # optional: shoppers' own words, misspellings
    search: {boost: 2}               # optional: rank higher in search (Material's option)
    ---

Category index pages and the home page need only `title` and `description`.
Knows nothing of MkDocs: the build hook, scripts/check_content.py and the tests call
`check_pages`, which returns every problem at once, each with file:line of the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, field_validator

from policy_loader import DataLoader, YamlDocument, display_name, parse_yaml, validate
from policy_model import Strict
from problems import HelpCenterError, Problem

# The same delimiters as MkDocs (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
ARTICLE_KEYS = "title, description, id, category, owner, last_reviewed"


class SearchOptions(Strict):
    """Material for MkDocs' per-page search options."""

    boost: float | None = Field(None, gt=0, le=10, description="Rank this page higher (2) or lower (0.5) in search")
    exclude: bool = False


class PageFrontMatter(Strict):
    """Home page and category index pages."""

    title: str = Field(min_length=3, max_length=90)
    description: str = Field(
        min_length=10, max_length=250, pattern=r"^[^\n]+$", description="One line, shown in search engines"
    )
    hide: list[Literal["navigation", "toc", "footer", "feedback", "path", "tags"]] = []
    search: SearchOptions | None = None


class ArticleFrontMatter(PageFrontMatter):
    """Knowledge-base articles."""

    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]{2,60}$", description="Short permanent id: lowercase letters, digits, dashes"
    )
    category: str = Field(min_length=3, max_length=90, description="The title of the folder's index.md")
    owner: str = Field(min_length=2, max_length=60, description="The team role that keeps this page right")
    last_reviewed: date
    keywords: list[str] = Field([], description="Words shoppers use for this page: synonyms, misspellings")

    @field_validator("keywords")
    @classmethod
    def _keywords_not_empty(cls, keywords: list[str]) -> list[str]:
        if any(not k.strip() for k in keywords):
            raise ValueError("expected each keyword to be some text")
        return keywords


@dataclass
class FrontMatter:
    """One page's parsed front matter and where the body starts."""

    file: str
    document: YamlDocument | None  # None: the page has no front matter
    body: str
    body_line: int  # line of the body's first line in the file


def read_front_matter(text: str, file: str) -> FrontMatter:
    """Split a page into front matter (with line numbers as in the file) and body."""
    match = FRONT_MATTER.match(text)
    if not match:
        return FrontMatter(file, None, text, 1)
    try:
        # the opening '---' is line 1
        document = parse_yaml(match.group(1), file, first_line=2, hint="check the quoting; put text with ': ' in double quotes")
    except HelpCenterError as error:
        raise HelpCenterError(
            [Problem(p.file, p.line, p.column, p.path, p.message.replace("YAML syntax", "front matter YAML syntax")) for p in error.problems]
        ) from None
    return FrontMatter(file, document, text[match.end() :], text[: match.end()].count("\n") + 1)


def front_matter_data(text: str) -> dict[str, Any]:
    """A page's front matter as plain data, read the loader's way but without positions; {}
    when there is none or it is broken (`read_front_matter` says where and why)."""
    match = FRONT_MATTER.match(text)
    try:
        data = yaml.load(match.group(1), Loader=DataLoader) if match else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def is_index(path: Path) -> bool:
    return path.name == "index.md"


def check_pages(
    pages: Iterable[Path], docs: Path, root: Path, faq_folder: Path | None = None
) -> list[Problem]:
    """Every front-matter problem of `pages` (files under `docs`), plus ids shared with FAQ entries."""
    problems: list[Problem] = []
    ids: dict[str, str] = dict(faq_ids(faq_folder, root)) if faq_folder else {}
    categories: dict[Path, str | None] = {}
    for path in sorted(pages):
        file = display_name(path, root)
        model: Any = PageFrontMatter if is_index(path) else ArticleFrontMatter
        try:
            matter = read_front_matter(path.read_text(encoding="utf-8"), file)
        except HelpCenterError as error:
            problems.extend(error.problems)
            continue
        try:
            if matter.document is None:
                keys = "title, description" if is_index(path) else ARTICLE_KEYS
                problems.append(Problem(file, 1, 0, "", f"front matter is missing; start the page with '---', then {keys}, then '---'"))
                continue
            if not isinstance(matter.document.data, dict):
                problems.append(Problem(file, 2, 1, "", "expected front matter keys like 'title: ...'"))
                continue
            validate(matter.document, model)
        except HelpCenterError as error:
            problems.extend(error.problems)
        if matter.document is not None and model is ArticleFrontMatter and isinstance(matter.document.data, dict):
            # Also when other keys are wrong, so that every problem shows at once.
            problems.extend(_check_article(matter.document.data, matter.document, path, docs, root, ids, categories))
    return problems


def _check_article(
    data: dict[str, Any],
    document: YamlDocument,
    path: Path,
    docs: Path,
    root: Path,
    ids: dict[str, str],
    categories: dict[Path, str | None],
) -> list[Problem]:
    problems = []
    page_id, category = data.get("id"), data.get("category")
    if isinstance(page_id, str):
        line, column = document.place(("id",))
        if page_id in ids:
            problems.append(Problem(document.file, line, column, "id", f"the id '{page_id}' is already used by {ids[page_id]}; pick another"))
        else:
            ids[page_id] = f"{document.file}:{line}"
    folder = path.parent
    if isinstance(category, str) and folder.resolve() != docs.resolve():
        if folder not in categories:
            categories[folder] = _index_title(folder / "index.md")
        expected = categories[folder]
        line, column = document.place(("category",))
        index = display_name(folder / "index.md", root)
        if expected is None:
            problems.append(Problem(document.file, line, column, "category", f"expected the title of {index}, but that page is missing or has no title; add it"))
        elif category != expected:
            problems.append(Problem(document.file, line, column, "category", f"expected '{expected}' (the title of {index}), found '{category}'"))
    return problems


def _index_title(path: Path) -> str | None:
    try:
        matter = read_front_matter(path.read_text(encoding="utf-8"), path.name)
    except (OSError, HelpCenterError):
        return None
    data = matter.document.data if matter.document else None
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else None


def faq_ids(folder: Path, root: Path) -> list[tuple[str, str]]:
    """(id, 'an FAQ entry (file:line)') for every FAQ entry; files that do not load are the FAQ loader's to report."""
    found = []
    for path in sorted(folder.glob("*.yml")):
        try:
            document = parse_yaml(path.read_text(encoding="utf-8"), display_name(path, root))
        except (OSError, UnicodeDecodeError, HelpCenterError):
            continue
        entries = document.data.get("entries") if isinstance(document.data, dict) else None
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                line, _ = document.place(("entries", index, "id"))
                found.append((entry["id"], f"an FAQ entry ({document.file}:{line})"))
    return found


def articles(docs: Path) -> list[tuple[Path, ArticleFrontMatter]]:
    """Every article under `docs` whose front matter is valid (the build reports the others)."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        if is_index(path):
            continue
        try:
            matter = read_front_matter(path.read_text(encoding="utf-8"), path.name)
            if matter.document is not None:
                found.append((path, validate(matter.document, ArticleFrontMatter)))
        except HelpCenterError:
            continue
    return found


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the scripts, ignoring tags such as !!python/name (not needed here)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_settings(root: Path) -> tuple[Path, dict[str, Any]]:
    """The docs folder and the `extra.helpcenter` settings of root/mkdocs.yml, for the scripts."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), _ConfigLoader) or {}
    extra = (config.get("extra") or {}).get("helpcenter") or {}
    return root / config.get("docs_dir", "docs"), extra


def slug(text: str, limit: int = 50) -> str:
    """'Return a gift!' -> 'return-a-gift': lowercase words joined by dashes, cut at a word boundary."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))
    result = ""
    for word in words:
        if result and len(result) + 1 + len(word) > limit:
            break
        result = f"{result}-{word}" if result else word
    return result


def used_ids(docs: Path, root: Path, faq_folder: Path) -> dict[str, str]:
    """Every id in use, article or FAQ entry, with where it is used."""
    ids = dict(faq_ids(faq_folder, root))
    for path, data in articles(docs):
        ids.setdefault(data.id, display_name(path, root))
    return ids


def index_title(folder: Path) -> str | None:
    """The category name of a folder: its index.md's title."""
    return _index_title(folder / "index.md")
