"""MkDocs hook: write the prebuilt search index once the search index is final. No logic here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from search_prebuilt import write_prebuilt


@event_priority(-100)  # after the search plugin and every other post-build step that edits search_index.json
def on_post_build(config: Any) -> None:
    write_prebuilt(Path(config.site_dir))
