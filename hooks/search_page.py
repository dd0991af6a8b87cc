"""A rendered page as the search engine reads it, to be sent to the build's side process.

Plain values only: the build process makes these, the side process indexes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TocAnchor:
    """A table-of-contents item as the search engine reads it."""

    id: str
    url: str
    children: tuple[TocAnchor, ...]


@dataclass(frozen=True)
class IndexedPage:
    """A rendered page as the search engine reads it to make its documents (what Material's
    `SearchIndex.add_entry_from_context` uses of a page), to be sent to another process."""

    url: str
    title: str | None
    meta: dict[str, Any]
    content: str
    toc: tuple[TocAnchor, ...]
