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


def _sidebar(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("md-sidebar--primary") : html.index("md-sidebar--secondary")]


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
    nav = _sidebar(page)
    own = sorted(p.parent.name for p in (result.site / "orders" / "placing").glob("*/index.html"))
    other = sorted(p.parent.name for p in (result.site / "orders" / "changing").glob("*/index.html"))
    assert len(own) == 3 and all(f'href="../{name}/"' in nav or name == page.parent.name for name in own)
    assert not any(f"/{name}/" in nav for name in other)  # another section's articles: not listed
    assert 'href="../../changing/"' in nav and "Changing or cancelling" in nav  # the section is one link away, named by its index page
    assert 'href="../../../shipping/"' in nav  # and so is every other category


def test_a_large_section_lists_a_window_around_the_page_and_its_index_page_lists_all(tmp_path: Path) -> None:
    project = generate(30, 0, tmp_path / "project")  # one article in each subcategory
    section = project / "docs" / "orders" / "placing"
    (first,) = [p for p in section.glob("*.md") if p.name != "index.md"]
    text = first.read_text(encoding="utf-8")
    title = _front_matter(first)["title"]
    links = []
    for number in range(1, 24):  # 24 articles in all, named so that they sort in this order
        name = f"zz-{number:02d}.md"
        copy = text.replace(f'"{title}"', f'"Extra {number:02d}"', 1).replace("id: ord-", f"id: ord-9{number:02d}", 1)
        (section / name).write_text(copy.replace(f"# {title}\n", f"# Extra {number:02d}\n", 1), encoding="utf-8")
        if number != 17:  # left out of the index page, which lists it after its own text
            links.append(f"- [Extra {number:02d}]({name})\n")
    index = section / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "".join(links), encoding="utf-8")

    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    site = result.site / "orders" / "placing"
    order = [first.stem] + [f"zz-{n:02d}" for n in range(1, 24)]

    def listed(nav: str, up: str) -> list[str]:
        return [name for name in order if f'href="{up}{name}/"' in nav]

    middle = _sidebar(site / "zz-12" / "index.html")
    assert listed(middle, "../") == [n for n in order[5:20] if n != "zz-12"]  # the page itself is "./"
    assert '<a href="../" class="md-nav__link">\n                  <span class="md-ellipsis">All 24 articles in Placing an order</span>' in middle
    last = _sidebar(site / "zz-23" / "index.html")
    assert set(listed(last, "../")) | {"zz-23"} == set(order[-15:])
    index_html = (site / "index.html").read_text(encoding="utf-8")
    assert set(listed(_sidebar(site / "index.html"), "")) == set(order[:15])
    also = index_html[index_html.index('id="hc-also-in-this-section"') :]
    assert listed(also[: also.index("</ul>")], "") == ["zz-17"]
    assert "hc-also-in-this-section" not in (result.site / "orders" / "changing" / "index.html").read_text(encoding="utf-8")
    small = _sidebar(result.site / "orders" / "changing" / "index.html")  # one article: no window, no link
    assert "All " not in small
