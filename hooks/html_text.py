"""Rendered page HTML -> plain-text blocks, split into sections at `<h2 id>` headings.

The reply kit quotes what a page says, exactly as the built page says it (facts
already filled in), so an agent's snippet and the site never disagree. Knows
nothing of MkDocs: it reads an HTML string.
"""

from __future__ import annotations

import html as html_entities
import re
from dataclasses import dataclass, field

from html_scan import attributes_of

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "dt", "dd", "caption", "summary", "figcaption"}
CELL_TAGS = {"td", "th"}
SKIPPED_TAGS = {"script", "style", "template", "button", "form", "noscript", "svg"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SPACE = re.compile(r"\s+")
# The tokens of rendered page content: comments and declarations (skipped), end tags, start tags, text.
_TOKEN = re.compile(
    r"(?P<skip><!--.*?-->|<![^>]*>|<\?[^>]*>)"
    r"|</(?P<end>[A-Za-z][A-Za-z0-9:-]*)[^>]*>"
    r"|<(?P<start>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>(?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>"
    r"|(?P<text>[^<]+|<)",
    re.S,
)
_RAW_TEXT = {"script", "style"}  # their text is not markup


@dataclass(frozen=True)
class Block:
    tag: str  # the block element: "p", "li", "h2", "tr", ...
    text: str
    id: str = ""


@dataclass
class Section:
    """The text under one heading: `id` and `title` are empty for the lead (before the first h2)."""

    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def text(self, limit: int = 0) -> str:
        """The section as plain text: paragraphs apart, list items as '- item'; cut after `limit` characters."""
        lines: list[str] = []
        size = 0
        previous = ""
        for block in self.blocks:
            line = f"- {block.text}" if block.tag == "li" else block.text
            if block.tag.startswith("h"):
                line = f"{block.text}:"
            if lines and not (block.tag == previous and block.tag in ("li", "tr")):
                lines.append("")
            lines.append(line)
            previous = block.tag
            size += len(line)
            if limit and size >= limit:
                break
        return "\n".join(lines).strip()


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of `text` on one line, at most `limit` characters (cut at a word, with an ellipsis)."""
    line = SPACE.sub(" ", text.replace("\n- ", " ")).strip().removeprefix("- ")
    match = re.search(r"(?<=[.!?])\s", line)
    sentence = line[: match.start()] if match else line
    if len(sentence) <= limit:
        return sentence
    return sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def blocks(html: str) -> list[Block]:
    """The page's text blocks in order (a regular-expression tokenizer: the HTML is the
    engine's own rendering of Markdown, so tags are well formed)."""
    parser = _BlockParser()
    position = 0
    while True:
        for match in _TOKEN.finditer(html, position):
            kind = match.lastgroup
            if kind == "text":
                text = match.group("text")
                parser.handle_data(html_entities.unescape(text) if "&" in text else text)
            elif kind == "end":
                parser.handle_endtag(match.group("end").lower())
            elif kind == "attrs":  # a start tag (its last group)
                tag = match.group("start").lower()
                source = match.group("attrs")
                parser.handle_starttag(tag, source)
                if source.rstrip().endswith("/"):
                    parser.handle_endtag(tag)
                elif tag in _RAW_TEXT:  # skip to its end tag: `<` inside is text, not a tag
                    end = re.compile(rf"</{tag}\s*>", re.I).search(html, match.end())
                    parser.handle_data(html[match.end() : end.start() if end else len(html)])
                    parser.handle_endtag(tag)
                    position = end.end() if end else len(html)
                    break
        else:
            break
    parser.flush()
    return parser.blocks


def sections(html: str) -> tuple[str, list[Section]]:
    """(page title from the h1, sections): the lead first (id ''), then one per `<h2 id>`."""
    title = ""
    lead = Section("", "")
    found: list[Section] = [lead]
    for block in blocks(html):
        if block.tag == "h1":
            title = title or block.text
        elif block.tag == "h2":
            found.append(Section(block.id, block.text))
        else:
            found[-1].blocks.append(block)
    return title, found


class _BlockParser:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.open: list[tuple[str, str]] = []  # open block elements (tag, id)
        self.buffer: list[str] = []
        self.skipping: tuple[str, int] | None = None  # (tag, nesting) while inside a skipped element

    def handle_starttag(self, tag: str, source: str) -> None:
        """`source`: the attributes as written, parsed only when they matter (most tags have none that do)."""
        if self.skipping:
            if tag == self.skipping[0]:
                self.skipping = (tag, self.skipping[1] + 1)
            return
        if tag not in VOID_TAGS and _skipped(tag, source):
            self.skipping = (tag, 1)
            return
        if tag in BLOCK_TAGS:
            self.flush()
            self.open.append((tag, (attributes_of(source).get("id") or "") if "id" in source.lower() else ""))
        elif tag in CELL_TAGS and self.buffer and "".join(self.buffer).strip():
            self.buffer.append(" | ")
        elif tag == "br":
            self.buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            name, depth = self.skipping
            if tag == name:
                self.skipping = None if depth == 1 else (name, depth - 1)
            return
        if tag in BLOCK_TAGS:
            self.flush()
            for index in range(len(self.open) - 1, -1, -1):
                if self.open[index][0] == tag:
                    del self.open[index:]
                    break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.buffer.append(data)

    def flush(self) -> None:
        text = SPACE.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        if not text:
            return
        tag, ident = self.open[-1] if self.open else ("p", "")
        self.blocks.append(Block(tag, text, ident))


def _skipped(tag: str, source: str) -> bool:
    """Not quoted: scripts and forms, hidden parts, what search leaves out, the heading's permalink."""
    if tag in SKIPPED_TAGS:
        return True
    if not any(word in source.lower() for word in ("hidden", "data-search-exclude", "headerlink")):
        return False
    attributes = attributes_of(source)
    classes = (attributes.get("class") or "").split()
    return "hidden" in attributes or "data-search-exclude" in attributes or "headerlink" in classes
