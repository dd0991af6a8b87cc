"""The reply kit's catalogue: JSON and CSV exports whose snippets state the policy's facts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import Build, build
from front_matter import articles
from helpcenter import HelpCenter

COLUMNS = ["id", "type", "title", "category", "url", "short_link", "summary", "snippet", "reply"]


def exports(site: Path) -> tuple[list[dict[str, str]], bytes]:
    document = json.loads((site / "support/catalogue.json").read_text(encoding="utf-8"))
    return document["entries"], (site / "support/catalogue.csv").read_bytes()


def by_id(entries: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {entry["id"]: entry for entry in entries}


def test_catalogue_lists_every_article_section_and_faq_answer(built_site: Build, project: Path) -> None:
    entries, _ = exports(built_site.site)
    ids = by_id(entries)
    assert len(ids) == len(entries), "ids are unique"
    site = HelpCenter.load(project)
    faq_ids = {entry.id for page in site.faq for entry in page.topic.entries}
    article_ids = {data.id for _, data in articles(project / "docs")}
    assert {e["id"] for e in entries if e["type"] == "faq"} == faq_ids
    assert {e["id"] for e in entries if e["type"] == "article"} == article_ids
    sections = [e for e in entries if e["type"] == "section"]
    assert len(sections) > len(article_ids)
    for entry in entries:
        assert all(entry[column].strip() for column in COLUMNS), entry["id"]
        assert "\n" not in entry["summary"], entry["id"]
        assert entry["url"].startswith("https://help.example.com/")
        assert entry["short_link"].startswith("https://help.example.com/a/")
        assert entry["reply"] == f"{entry['snippet']}\n\nYou can read more here: {entry['short_link']}"
        assert "{{" not in entry["snippet"] and "{%" not in entry["snippet"], entry["id"]


def test_catalogue_urls_open_pages_and_anchors_of_the_built_site(built_site: Build) -> None:
    entries, _ = exports(built_site.site)
    for entry in entries:
        path, _, anchor = entry["url"].removeprefix("https://help.example.com/").partition("#")
        page = (built_site.site / path / "index.html").read_text(encoding="utf-8")
        if anchor:
            assert f'id="{anchor}"' in page, entry["url"]
        if entry["type"] == "section":
            assert entry["short_link"].endswith("#" + anchor)
            assert entry["id"].endswith("#" + anchor)


def test_snippets_quote_the_rendered_page(built_site: Build) -> None:
    ids = by_id(exports(built_site.site)[0])
    faq = ids["return-window"]
    assert faq["title"] == "How long do I have to return an item?"
    assert faq["url"] == "https://help.example.com/faq/returns/#return-window"
    assert faq["short_link"] == "https://help.example.com/a/return-window/"
    assert faq["snippet"].startswith("You have 30 days from the day it was delivered.")
    assert "Was this answer helpful?" not in faq["snippet"]  # controls and permalinks are not quoted
    assert "¶" not in faq["snippet"]
    article = ids["return-policy"]
    assert article["snippet"].startswith(article["summary"] + "\n\n")
    assert "- Start a return within 30 days of delivery." in article["snippet"]


def test_csv_is_rfc_4180_with_a_header_and_the_same_entries_as_the_json(built_site: Build) -> None:
    entries, raw = exports(built_site.site)
    text = raw.decode("utf-8")  # UTF-8, no byte-order mark
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    assert text.endswith("\r\n") and text.count("\r\n") >= len(entries) + 1, "records end with CRLF"
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows == entries
    multiline = next(row for row in rows if "\n" in row["snippet"])
    assert '"' + multiline["snippet"].replace('"', '""') + '"' in text  # a quoted field keeps its line breaks
    quoted = next((row for row in rows if '"' in row["snippet"]), None)
    if quoted is not None:
        assert '"' + quoted["snippet"].replace('"', '""') + '"' in text  # quotes doubled


def test_a_changed_return_window_changes_the_returns_snippets(project: Path) -> None:
    policy = project / "content/policies/policy.yml"
    text = policy.read_text(encoding="utf-8")
    assert "  window: 30 days\n" in text
    policy.write_text(text.replace("  window: 30 days\n", "  window: 45 days\n"), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    ids = by_id(exports(result.site)[0])
    for key in ("return-window", "return-policy"):
        assert "45 days" in ids[key]["snippet"], ids[key]["snippet"]
        assert "30 days" not in ids[key]["snippet"], ids[key]["snippet"]
    assert ids["return-window"]["snippet"].startswith("You have 45 days from the day it was delivered.")
    _, raw = exports(result.site)
    assert "Start a return within 45 days of delivery." in raw.decode("utf-8")


def test_page_text_is_quoted_as_a_shopper_reads_it() -> None:
    # What the reply kit quotes from rendered HTML: text with entities decoded, list items
    # and table rows as lines, and none of what the page hides or only scripts use.
    from html_text import sections

    html = (
        "<h1>Returns</h1><p>Send it back &amp; get your money &lt;fast&gt;.<br>Really.</p>"
        '<script>if (a < b) { document.write("<p>not text</p>") }</script>'
        '<div hidden><p>hidden</p><div><p>still hidden</p></div></div><p>shown</p>'
        '<h2 id="how">How<a class="headerlink" href="#how">¶</a></h2>'
        "<ul><li>Pack it</li><li>Ship it</li></ul>"
        "<table><tr><th>Method</th><th>Days</th></tr><tr><td>Mail</td><td>5</td></tr></table>"
        '<p data-search-exclude>not quoted</p><svg><title>icon</title></svg><!-- <p>a comment</p> -->'
    )
    title, found = sections(html)
    assert title == "Returns"
    assert [(s.id, s.title) for s in found] == [("", ""), ("how", "How")]
    assert found[0].text() == "Send it back & get your money <fast>. Really.\n\nshown"
    assert found[1].text() == "- Pack it\n- Ship it\n\nMethod | Days\nMail | 5"
