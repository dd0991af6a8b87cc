""""Was this helpful?" links: yes and no open the store's feedback form with the page
address, its title and the answer filled in as query parameters.

Plain links, so they work without JavaScript, set no cookie and send nothing
anywhere until the shopper follows one. Every article gets one control (through
the theme partial `partials/was-this-helpful.html`); on FAQ pages each answer
gets its own, linking to the answer's anchor with the question as the title.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from urllib.parse import SplitResult, quote_plus, urlencode, urlsplit, urlunsplit

from faq_source import FaqPage


def page_link(form_url: str, page_url: str, title: str, answer: str = "") -> str:
    """The feedback form's address naming a page: its address, its title and, for the
    helpful links, the answer ('yes' or 'no') added to the form's own query, before its
    fragment if it has one."""
    query = _page_query(page_url, title) + (f"&helpful={quote_plus(answer)}" if answer else "")
    parts = _form(form_url)
    return urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))


# A page's three links (the contact block's, yes and no) name it alike: encoded once.
@functools.lru_cache(maxsize=4)
def _page_query(page_url: str, title: str) -> str:
    return urlencode({"page": page_url, "title": title})


@functools.lru_cache(maxsize=4)
def _form(form_url: str) -> SplitResult:
    return urlsplit(form_url)


class AnswerFeedback:
    def __init__(self, form_url: str, template: Callable[..., Callable[..., str]], faq: Mapping[str, FaqPage]) -> None:
        """`template`: the components' `with_slots` (autoescaping); `faq`: the FAQ pages by page source."""
        self.form_url = form_url
        self.render = template("_was_this_helpful", "key", "question", "yes_href", "no_href")
        self.faq = faq

    def control(self, page_url: str, title: str, *, key: str, question: str) -> str:
        yes, no = (page_link(self.form_url, page_url, title, answer) for answer in ("yes", "no"))
        return self.render(key=key, question=question, yes_href=yes, no_href=no)

    def page_control(self, src_uri: str, page_url: str, title: str) -> str:
        """The control under an article; FAQ topic pages have one per answer instead."""
        if src_uri in self.faq:
            return ""
        return self.control(page_url, title, key="page", question="Was this page helpful?")

    def with_answer_controls(self, markdown: str, src_uri: str, page_url: str) -> str:
        """A FAQ page's Markdown with a control after each answer (before the next question)."""
        page = self.faq.get(src_uri)
        if page is None:
            return markdown
        lines = markdown.split("\n")
        starts = {}
        for number, line in enumerate(lines):
            match = re.match(r"^#{2,6} .*\{ *#([a-z0-9-]+) *\}\s*$", line)
            if match:
                starts[match.group(1)] = number
        inserts: dict[int, str] = {}
        for entry in page.topic.entries:
            if entry.id not in starts:
                continue
            later = [n for n in sorted(starts.values()) if n > starts[entry.id]]
            end = later[0] if later else len(lines)
            control = self.control(f"{page_url}#{entry.id}", entry.q, key=entry.id, question="Was this answer helpful?")
            inserts[end] = inserts.get(end, "") + "\n\n" + control + "\n\n"
        return "\n".join(inserts.get(n, "") + line for n, line in enumerate(lines)) + inserts.get(len(lines), "")
