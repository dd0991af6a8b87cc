"""A fast, forgiving scan of one built HTML page: tags, attributes, ids, links and scripts.

The post-build checks (`site_security`, `link_check`) read every page of the
built site once through `scan_page`, one page at a time. It is a regular-expression
tokenizer, not a full HTML parser: it is linear in the page size and fast enough
for thousands of pages, and it is exact for what the checks need (start tags,
attribute values, the raw text of <script> and <style>). A `Scanner` shared by the
pages of one site parses each distinct attribute list once: the theme repeats most
of its markup on every page. Knows nothing of MkDocs.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

# An end tag needs a token of its own only when a '<' inside it could pass for a start tag:
# the others never match, so the search skips them in C and only start tags (and what
# hides them) come back to Python.
_TOKEN = re.compile(
    r"<!--.*?-->"  # comment
    r"|<![^>]*>"  # doctype
    r"|<\?[^>]*>"  # processing instruction
    r"|</[A-Za-z][^<>]*<[^>]*>"  # end tag with a '<' in it
    r"|<(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>(?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_RAW_TEXT = {"script", "style", "textarea", "title"}
# Attributes whose value is a URL that the browser loads or follows.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "xlink:href", "srcset"}
# What the checks read besides URLs and event handlers (on...): anchors, inline styles, meta refresh.
CHECKED_ATTRIBUTES = URL_ATTRIBUTES | {"id", "name", "style", "content"}


@dataclass(slots=True)
class Tag:
    name: str  # lowercase
    attrs: dict[str, str]  # names lowercase, values unescaped; shared between tags by a Scanner: read only
    offset: int  # where the tag starts in the page text
    text: str = ""  # raw text content, for <script> and <style>
    source: str = ""  # the attribute list as written (same source, same attrs)


@dataclass
class Page:
    """One scanned page: every start tag in order, and its ids for anchors."""

    text: str
    tags: list[Tag] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    _lines: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of a character offset."""
        if self._lines is None:
            self._lines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self._lines, offset)
        start = self._lines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1


def scan_page(text: str, scanner: Scanner | None = None) -> Page:
    """Scan an HTML page's text into its start tags, attributes, raw script/style text and ids.

    With a `scanner`, start tags that carry nothing to check are left out of `tags`: those
    without an attribute of CHECKED_ATTRIBUTES or an event handler (on...), unless they
    have raw text (<script>, <style>, <textarea>, <title>)."""
    attributes = scanner.attributes if scanner is not None else attributes_of
    checked = scanner.has_checked if scanner is not None else None
    page = Page(text)
    tags = page.tags
    ids = page.ids
    position = 0
    while True:
        # finditer runs until a raw-text element, whose text is skipped by starting again after it.
        for match in _TOKEN.finditer(text, position):
            name = match.group("name")
            if name is None:  # comment, doctype
                continue
            source = match.group("attrs")
            name = name.lower()
            raw = name in _RAW_TEXT and not source.rstrip().endswith("/")
            if source and (checked is None or raw or checked(source)):
                attrs = attributes(source)
                tag = Tag(name, attrs, match.start(), "", source)
                tags.append(tag)
                if "id" in attrs and attrs["id"]:
                    ids.add(attrs["id"])
                if name == "a" and attrs.get("name"):
                    ids.add(attrs["name"])
            elif checked is None or raw:
                tag = Tag(name, {}, match.start(), "", source)
                tags.append(tag)
            if raw:
                position = match.end()
                end = re.compile(rf"</{name}\s*>", re.I).search(text, position)
                stop = end.start() if end else len(text)
                tag.text = text[position:stop]
                position = end.end() if end else len(text)
                break
        else:
            return page


class Scanner:
    """Scans the pages of one site, parsing each distinct attribute list once.

    Its pages hold only the start tags that carry something to check (see `scan_page`).

    The parsed attributes are shared by every tag written the same way, so they
    must not be changed. The cache is cleared when it holds `limit` lists, so
    its memory stays bounded however large the site.
    """

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self._parsed: dict[str, dict[str, str]] = {}
        self._checked: dict[str, bool] = {}

    def scan(self, text: str) -> Page:
        return scan_page(text, self)

    def attributes(self, source: str) -> dict[str, str]:
        attrs = self._parsed.get(source)
        if attrs is None:
            if len(self._parsed) >= self.limit:
                self._parsed.clear()
                self._checked.clear()
            attrs = self._parsed[source] = attributes_of(source)
        return attrs

    def has_checked(self, source: str) -> bool:
        """Whether an attribute list has anything to check (see scan_page), once per distinct list."""
        found = self._checked.get(source)
        if found is None:
            found = self._checked[source] = any(name in CHECKED_ATTRIBUTES or name.startswith("on") for name in self.attributes(source))
        return found


def attributes_of(source: str) -> dict[str, str]:
    """A start tag's attributes as written after its name: names lowercase, values unescaped."""
    attrs: dict[str, str] = {}
    for name, double, single, bare in _ATTR.findall(source):
        name = name.lower()
        if name not in attrs:
            value = double or single or bare
            attrs[name] = html.unescape(value) if "&" in value else value
    return attrs


def url_scheme(value: str) -> str:
    """The scheme a browser would see, after it drops spaces and control characters ('' if relative)."""
    if ":" not in value:
        return ""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""
