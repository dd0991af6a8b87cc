"""The front-matter contract: every problem at once with file:line of the key, in the build and the script;
and the scaffolds that write new articles and FAQ entries that pass it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, build

BROKEN_ARTICLE = """---
title: Gift returns
descripton: How to return a gift.
id: return-window
category: Orders
owner: Returns specialist
last_reviewed: 2026-13-01
colour: red
---

# Gift returns
"""


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args], capture_output=True, text=True)


def break_project(project: Path) -> None:
    (project / "docs/returns-refunds/gift-returns.md").write_text(BROKEN_ARTICLE, encoding="utf-8")
    (project / "docs/returns-refunds/no-front-matter.md").write_text("# Just a heading\n", encoding="utf-8")


FAQ_LINE = (ROOT / "content/faq/returns.yml").read_text(encoding="utf-8").split("\n").index("  - id: return-window") + 1
EXPECTED = [
    "docs/returns-refunds/gift-returns.md:2:1: description: required key is missing; add it",
    "docs/returns-refunds/gift-returns.md:3:1: descripton: unknown key; did you mean 'description'?",
    "docs/returns-refunds/gift-returns.md:4:5: id: the id 'return-window' is already used by an FAQ entry "
    f"(content/faq/returns.yml:{FAQ_LINE}); pick another",
    "docs/returns-refunds/gift-returns.md:5:11: category: expected 'Returns and refunds' "
    "(the title of docs/returns-refunds/index.md), found 'Orders'",
    "docs/returns-refunds/gift-returns.md:7:16: last_reviewed: expected a date like 2026-12-25, found '2026-13-01'",
    "docs/returns-refunds/gift-returns.md:8:1: colour: unknown key; allowed keys here: title, description, hide, "
    "search, id, category, owner, last_reviewed, keywords",
    "docs/returns-refunds/no-front-matter.md:1: front matter is missing; start the page with '---', then title, "
    "description, id, category, owner, last_reviewed, then '---'",
]


def test_build_stops_with_every_front_matter_problem_at_once(project: Path) -> None:
    break_project(project)
    (project / "docs/returns-refunds/refunds.md").write_text(
        (project / "docs/returns-refunds/refunds.md").read_text(encoding="utf-8") + "\nSee {{ refunds.withn }}.\n",
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    for line in EXPECTED:
        assert f"  {line}\n" in result.output
    # The reference check's problem comes in the same report.
    assert "refunds.md:" in result.output and "unknown fact {{ refunds.withn }}; did you mean {{ refunds.within }}?" in result.output
    assert f"{len(EXPECTED) + 1} problems to fix:" in result.output


def test_check_content_reports_the_same_problems(project: Path) -> None:
    break_project(project)
    result = run("check_content.py", "--root", str(project))
    assert result.returncode == 1
    assert result.stderr == f"{len(EXPECTED)} problems to fix:\n" + "".join(f"  {line}\n" for line in EXPECTED)


def test_the_shipped_pages_keep_the_contract() -> None:
    result = run("check_content.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")


def test_index_pages_need_only_title_and_description(project: Path) -> None:
    (project / "docs/returns-refunds/index.md").write_text("---\ntitle: Returns and refunds\n---\n# Returns\n", encoding="utf-8")
    result = run("check_content.py", "--root", str(project))
    assert result.stderr == "1 problem to fix:\n  docs/returns-refunds/index.md:2:1: description: required key is missing; add it\n"


def test_two_articles_with_one_id(project: Path) -> None:
    source = (project / "docs/returns-refunds/refunds.md").read_text(encoding="utf-8")
    page_id = yaml.safe_load(source.split("---")[1])["id"]
    (project / "docs/returns-refunds/zz-copy.md").write_text(source, encoding="utf-8")
    result = run("check_content.py", "--root", str(project))
    line = source.split("\n").index(f"id: {page_id}") + 1
    assert result.stderr == (
        "1 problem to fix:\n"
        f"  docs/returns-refunds/zz-copy.md:{line}:5: id: the id '{page_id}' is already used by "
        f"docs/returns-refunds/refunds.md:{line}; pick another\n"
    )


def test_new_article_fills_in_the_front_matter(project: Path) -> None:
    result = run(
        "new_article.py", "returns-refunds", "Return a gift", "--description", "How to return an item you got as a gift.",
        "--today", "2026-05-04", "--root", str(project),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = project / "docs/returns-refunds/return-a-gift.md"
    owners = {yaml.safe_load(p.read_text().split("---")[1]).get("owner") for p in page.parent.glob("*.md") if p != page}
    owners.discard(None)
    front = yaml.safe_load(page.read_text(encoding="utf-8").split("---")[1])
    assert front == {
        "title": "Return a gift",
        "description": "How to return an item you got as a gift.",
        "id": "return-a-gift",
        "category": "Returns and refunds",
        "owner": front["owner"],
        "last_reviewed": __import__("datetime").date(2026, 5, 4),
        "keywords": [],
    }
    assert front["owner"] in owners
    assert result.stdout.startswith("Created docs/returns-refunds/return-a-gift.md (id: return-a-gift, category: Returns and refunds")
    assert run("check_content.py", "--root", str(project)).returncode == 0
    again = run("new_article.py", "returns-refunds", "Return a gift", "--description", "Again, the same title.", "--root", str(project))
    assert again.returncode == 1
    assert again.stderr == "error: docs/returns-refunds/return-a-gift.md already exists; pick another title\n"


def test_new_faq_appends_text_and_keeps_comments(project: Path) -> None:
    topic = project / "content/faq/returns.yml"
    original = "# Returns FAQ: keep answers short.\n" + topic.read_text(encoding="utf-8")
    topic.write_text(original, encoding="utf-8")
    result = run(
        "new_faq.py", "returns", "Can I return a gift?", "--answer", "Yes: within {{ returns.window }} of delivery.",
        "--keywords", "gift, present", "--root", str(project),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = topic.read_text(encoding="utf-8")
    assert text == original + (
        "  - id: can-i-return-a-gift\n"
        "    q: Can I return a gift?\n"
        "    a: |\n"
        "      Yes: within {{ returns.window }} of delivery.\n"
        "    keywords: [gift, present]\n"
    )
    assert result.stdout.startswith("Added 'can-i-return-a-gift' to content/faq/returns.yml.")


def test_new_faq_leaves_the_file_alone_on_a_problem(project: Path) -> None:
    topic = project / "content/faq/returns.yml"
    original = topic.read_text(encoding="utf-8")
    result = run("new_faq.py", "returns", "Can I return a sofa?", "--answer", "Within {{ returns.windw }}.", "--root", str(project))
    assert result.returncode == 1
    assert "unknown fact {{ returns.windw }}; did you mean {{ returns.window }}?" in result.stderr
    assert result.stderr.endswith("content/faq/returns.yml was left unchanged.\n")
    assert topic.read_text(encoding="utf-8") == original
