"""The synthetic help center of the benchmarks: deterministic, varied, and a valid project
that the real build accepts (front-matter contract, references, FAQ sources)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from conftest import ROOT, build

sys.path.insert(0, str(ROOT / "scripts"))

from synth_site import generate


def _front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md")) if p.is_file()}


def test_the_same_size_and_seed_give_the_same_site(tmp_path: Path) -> None:
    one = generate(30, 12, tmp_path / "one")
    two = generate(30, 12, tmp_path / "two")
    assert _files(one / "docs") == _files(two / "docs")
    assert _files(one / "docs") != _files(generate(30, 12, tmp_path / "three", seed=8) / "docs")


def test_articles_are_varied_and_follow_the_contract(tmp_path: Path) -> None:
    project = generate(60, 20, tmp_path / "project")
    articles = [p for p in (project / "docs").rglob("*.md") if p.name != "index.md"]
    assert len(articles) == 60
    ids = set()
    lengths = []
    for path in articles:
        meta = _front_matter(path)
        assert {"title", "description", "id", "category", "owner", "last_reviewed"} <= set(meta), path
        assert meta["category"] == _front_matter(path.parent / "index.md")["title"]
        ids.add(meta["id"])
        lengths.append(len(path.read_text(encoding="utf-8")))
    assert len(ids) == 60
    text = "\n".join(p.read_text(encoding="utf-8") for p in articles)
    for feature in ("\n## ", "\n### ", "| --- |", "\n- ", "\n1. ", "!!! ", "{{ ", "{% "):
        assert feature in text, feature
    assert max(lengths) > 4 * min(lengths)  # short answers and long guides
    faq = list((project / "content" / "faq").glob("*.yml"))
    assert sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["entries"]) for p in faq) == 20


def test_the_synthetic_site_builds_strictly_with_the_projects_hooks(tmp_path: Path) -> None:
    project = generate(24, 10, tmp_path / "project")
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    articles = [p for p in (project / "docs").rglob("*.md") if p.name != "index.md"]
    for article in articles:
        page = result.site / article.relative_to(project / "docs").with_suffix("") / "index.html"
        html = page.read_text(encoding="utf-8")
        assert "{{" not in html and "{%" not in html, page
    assert (result.site / "search" / "search_index.lunr.json").exists()


def test_a_page_lists_its_own_section_and_one_link_per_other_section(tmp_path: Path) -> None:
    project = generate(90, 0, tmp_path / "project")  # three articles in each of the 30 subcategories
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    page = next(iter(sorted((result.site / "orders" / "placing").glob("*/index.html"))))
    html = page.read_text(encoding="utf-8")
    nav = html[html.index("md-sidebar--primary") : html.index("md-sidebar--secondary")]
    own = sorted(p.parent.name for p in (result.site / "orders" / "placing").glob("*/index.html"))
    other = sorted(p.parent.name for p in (result.site / "orders" / "changing").glob("*/index.html"))
    assert len(own) == 3 and all(f'href="../{name}/"' in nav or name == page.parent.name for name in own)
    assert not any(f"/{name}/" in nav for name in other)  # another section's articles: not listed
    assert 'href="../../changing/"' in nav  # but the section itself is one link away
    assert 'href="../../../shipping/"' in nav  # and so is every other category
