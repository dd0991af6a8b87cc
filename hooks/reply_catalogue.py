"""The reply kit: every article, article section and FAQ answer with its links and a ready-to-paste snippet.

The snippets quote the built pages (policy facts already filled in), through
the text templates in `content/snippets/`, so a reply says what the site
says. Exports: `support/catalogue.json` and `support/catalogue.csv` (header
row, RFC 4180 quoting, UTF-8: importable as help-desk macros). The staff page
lists the same entries through `overrides/staff/reply_kit.html`. Knows nothing
of MkDocs: it is fed each page's rendered HTML.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from html_text import Section, first_sentence, sections
from stable_links import LinkTarget

SNIPPET_FOLDER = Path("content/snippets")  # text templates: .txt files under overrides/ would be copied into the site
STAFF_FOLDER = Path("overrides/staff")
EXPORT_FOLDER = "support"
EXPORTS = {"json": f"{EXPORT_FOLDER}/catalogue.json", "csv": f"{EXPORT_FOLDER}/catalogue.csv"}  # kind -> file in the site
COLUMNS = ("id", "type", "title", "category", "url", "short_link", "summary", "snippet", "reply")
LIMITS = {"article": 900, "section": 700, "faq": 1500}  # characters of page text quoted per snippet


class Catalogue:
    def __init__(self, root: Path, base_url: str, targets: Iterable[LinkTarget], facts_view: Mapping[str, Any]) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.view = dict(facts_view)
        self.by_page: dict[str, list[LinkTarget]] = {}
        for target in targets:
            self.by_page.setdefault(target.src_uri, []).append(target)
        self.pages: dict[str, list[dict[str, str]]] = {}
        self.text = _environment(root / SNIPPET_FOLDER, autoescape=False)
        self.markup = _environment(root / STAFF_FOLDER, autoescape=True)

    def add_page(self, src_uri: str, html: str) -> None:
        """Catalogue one page from its rendered HTML (pages without ids are ignored)."""
        targets = self.by_page.get(src_uri)
        if not targets:
            return
        _, found = sections(html)
        entries: list[dict[str, str]] = []
        if targets[0].kind == "article":
            article = targets[0]
            lead, rest = found[0], found[1:]
            entries.append(self._entry(article, "article", article.title, article.url, article.short_url, article.summary, lead))
            for section in rest:
                if not section.id:
                    continue
                summary = first_sentence(section.text()) or article.summary
                entries.append(
                    self._entry(
                        article,
                        "section",
                        f"{article.title}: {section.title}",
                        f"{article.page_url}#{section.id}",
                        f"{article.short_url}#{section.id}",
                        summary,
                        section,
                        id=f"{article.id}#{section.id}",
                    )
                )
        else:
            answers = {section.id: section for section in found if section.id}
            for entry in targets:
                answer = answers.get(entry.anchor, Section(entry.anchor, entry.title))
                entries.append(self._entry(entry, "faq", entry.title, entry.url, entry.short_url, first_sentence(answer.text()) or entry.summary, answer))
        self.pages[src_uri] = entries

    def entries(self) -> list[dict[str, str]]:
        """All entries: articles (each followed by its sections) by category and title, then FAQ answers."""

        def order(item: tuple[str, list[dict[str, str]]]) -> tuple[int, str, str]:
            first = item[1][0] if item[1] else {"type": "", "category": "", "title": ""}
            return (1 if first["type"] == "faq" else 0, first["category"].lower(), item[0] if first["type"] == "faq" else first["title"].lower())

        return [entry for _, entries in sorted(self.pages.items(), key=order) for entry in entries]

    def write(self, site_dir: Path) -> list[Path]:
        """Write the exports (EXPORTS), each streamed to its file: no whole copy in memory."""
        entries = self.entries()
        paths = {kind: site_dir / name for kind, name in EXPORTS.items()}
        paths["json"].parent.mkdir(parents=True, exist_ok=True)
        with paths["json"].open("w", encoding="utf-8", newline="") as out:
            document = {"site": self.base_url, "count": len(entries), "columns": list(COLUMNS), "entries": entries}
            json.dump(document, out, ensure_ascii=False, indent=2)
            out.write("\n")
        with paths["csv"].open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
            writer.writeheader()
            writer.writerows(entries)
        return list(paths.values())

    def staff_html(self, page_url: str) -> str:
        """The staff page's filterable list (markup from the template)."""
        downloads = {kind: _relative(page_url, name) for kind, name in EXPORTS.items()}
        return self.markup.get_template("reply_kit.html").render(entries=self.entries(), downloads=downloads)

    def _entry(
        self, target: LinkTarget, kind: str, title: str, url: str, short: str, summary: str, section: Section, id: str = ""
    ) -> dict[str, str]:
        body = section.text(LIMITS[kind])
        values = {
            "id": id or target.id,
            "type": kind,
            "title": title,
            "category": target.category,
            "url": self.base_url + url,
            "short_link": self.base_url + short,
            "summary": summary,
        }
        context = {**self.view, **values, "description": target.summary, "body": body}
        snippet = self.text.get_template(f"{kind}.txt").render(context).strip()
        reply = self.text.get_template("reply.txt").render({**context, "snippet": snippet}).strip()
        return {**values, "snippet": snippet, "reply": reply}


def _environment(folder: Path, autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _relative(page_url: str, name: str) -> str:
    return "../" * page_url.count("/") + name
