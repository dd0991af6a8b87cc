"""Data text that goes into Markdown stays text: escaping for policy values and FAQ sources.

Values from policy.yml and the FAQ files are data, not markup. Where they are
written into Markdown (facts in prose, FAQ titles, questions and answers) they must
not become HTML, Markdown links, attribute lists or template syntax. Knows nothing
of MkDocs.

- `markdown_text(value)`: plain text for Markdown prose or headings: HTML-escaped,
  and the characters that start Markdown markup (links, emphasis, code, attribute
  lists, table cells) written as character references, which Markdown leaves alone
  and the browser shows as the character.
- `html_text(value)`: plain text for front matter, which the theme prints as HTML.
- `answer_markdown(text)`: an FAQ answer is Markdown, so emphasis, lists and links
  work, but raw HTML and attribute lists do not: '<' and a lone '{' are escaped
  (outside code). Policy references ('{{ name }}', '{% component %}') stay.
- `unsafe_links(text)`: Markdown links whose scheme is not https, mailto or tel.
"""

from __future__ import annotations

import functools
import html
import re

from html_scan import url_scheme

_MARKDOWN = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]|"}
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_LONE_BRACE = re.compile(r"(?<!\{)\{(?![{%])")
_LINK = re.compile(r"\]\(\s*<?((?:[^\s()<>]|\([^\s()]*\))+)|^[ \t]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
SAFE_SCHEMES = ("", "https", "mailto", "tel")


@functools.lru_cache(maxsize=4096)  # the same facts on page after page
def markdown_text(value: str) -> str:
    """`value` as literal text inside Markdown prose or a heading."""
    return html.escape(re.sub(r"\s*\n\s*", " ", value)).translate(_MARKDOWN)


def html_text(value: str) -> str:
    """`value` as literal text for a place that the theme prints as HTML (front matter)."""
    return html.escape(value)


def answer_markdown(text: str) -> str:
    """An FAQ answer with raw HTML and attribute lists made literal; code and references untouched."""
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        marker = _FENCE.match(line)
        if fence or marker:
            out.append(line)
            if marker and fence is None:
                fence = marker.group(1)
            elif marker and fence and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        pieces, position = [], 0
        for code in _CODE.finditer(line):
            pieces += [_prose(line[position : code.start()]), code.group(0)]
            position = code.end()
        out.append("".join([*pieces, _prose(line[position:])]))
    return "\n".join(out)


def _prose(text: str) -> str:
    return _LONE_BRACE.sub("&#123;", text.replace("<", "&lt;"))


def unsafe_links(text: str) -> list[tuple[int, str]]:
    """(line offset from 0, target) of every Markdown link in `text` whose scheme is not allowed."""
    found = []
    for match in _LINK.finditer(text):
        target = match.group(1) or match.group(2) or ""
        if url_scheme(target) not in SAFE_SCHEMES:
            found.append((text.count("\n", 0, match.start()), target))
    return found
