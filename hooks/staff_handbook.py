"""The staff-only handbook: a second build (mkdocs.staff.yml) of the public help center plus internal pages.

The staff build reads its own folder (`staff/`) and adds every file of the
public docs folder that the staff folder does not replace, so agents get the
articles and the handbook in one site while the public build never reads
`staff/`. Knows nothing of MkDocs: it lists files and fills the reply-kit slot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

BUILD_KEY = "helpcenter_build"  # mkdocs.staff.yml sets `extra: {helpcenter_build: staff}`
PUBLIC_DOCS = Path("docs")
STAFF_CSS = ["assets/stylesheets/staff.css"]
STAFF_JAVASCRIPT = ["assets/javascripts/reply-kit.js"]
REPLY_KIT_SLOT = re.compile(r"<div data-hc-reply-kit-slot>\s*</div>")


def is_staff(extra: Mapping[str, Any] | None) -> bool:
    return bool(extra) and extra.get(BUILD_KEY) == "staff"  # type: ignore[union-attr]


def public_files(root: Path, staff_docs: Path) -> list[tuple[str, Path]]:
    """(name, path) of every public docs file that the staff folder does not have itself."""
    public = root / PUBLIC_DOCS
    out = []
    for path in sorted(public.rglob("*")):
        name = path.relative_to(public).as_posix()
        if not path.is_file() or any(part.startswith(".") or part == "__pycache__" for part in name.split("/")):
            continue
        if not (staff_docs / name).exists():
            out.append((name, path))
    return out


def fill_reply_kit(page_html: str, kit_html: str) -> str:
    """Put the reply kit where a staff page has `<div data-hc-reply-kit-slot></div>`."""
    return REPLY_KIT_SLOT.sub(lambda _: kit_html, page_html, count=1)


def has_reply_kit_slot(page_html: str) -> bool:
    return REPLY_KIT_SLOT.search(page_html) is not None
