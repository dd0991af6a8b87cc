"""Section names and order for the site navigation, from the content itself.

A category folder's name in the navigation is the title of its index.md (the same
title articles give as their `category`); the order of the sections is the list
`extra.helpcenter.sections` in mkdocs.yml (folders not listed follow, by name).
"""

from __future__ import annotations

import yaml


def section_title(text: str) -> str | None:
    """The `title` in a page's front matter, or None."""
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    try:
        data = yaml.safe_load(text[3:end]) if end > 0 else None
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
