"""Real strict builds: facts land where they belong, one change reaches every page, bad input stops cleanly."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from answer_feedback import page_link
from conftest import Build, build

POLICY = Path("content/policies/policy.yml")


def edit(project: Path, relative: str | Path, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relative} no longer contains {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def html_pages(result: Build) -> list[Path]:
    return sorted(result.site.rglob("*.html"))


def test_strict_build_passes(built_site: Build) -> None:
    assert built_site.returncode == 0
    assert "WARNING" not in built_site.output


def test_contact_block_and_feedback_link_on_every_page(built_site: Build) -> None:
    pages = html_pages(built_site)
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # redirect stubs have no body
        block = html[html.index('class="hc-contact"') :]
        block = block[: block.index("</aside>")]
        for fact in ("Mon–Fri 9 AM–5 PM ET", "Mon–Fri 8 AM–8 PM ET", "Mon–Fri 9 AM–6 PM ET", "24/7", "within 24 hours",
                     "within 12 hours", "escalations@example.com", "privacy@example.com", "https://www.example.com/privacy"):
            assert fact in block, f"{page}: contact block lacks {fact!r}"
        feedback = re.search(r'href="(https://www\.example\.com/feedback\?[^"]+)"', block)
        assert feedback, f"{page}: no feedback link"
        assert "page=https%3A%2F%2Fhelp.example.com%2F" in feedback.group(1)
        assert "title=" in feedback.group(1)


def test_feedback_link_carries_the_page_address_and_title(built_site: Build) -> None:
    html = built_site.page("faq/returns")
    assert "page=https%3A%2F%2Fhelp.example.com%2Ffaq%2Freturns%2F&amp;title=Returns+and+refunds" in html


def test_facts_appear_where_they_belong(built_site: Build) -> None:
    text = built_site.all_text()
    expected = [
        "$5.99", "$12.99", "$19.99", "5–7 business days", "2–3 business days", "next business day", "$50",
        "30 days", "7 business days", "12 hours", "48 hours", "1–3 business days", "10 business days",
        "escalations@example.com", "privacy@example.com", "2 business days", "one month", "GDPR and CCPA",
        "Visa", "Mastercard", "American Express", "Discover", "PayPal", "Apple Pay", "Google Pay",
        "Canada", "duties", "original packaging", "gift cards", "final-sale items", "personalized items",
        "the original payment method", "supervisor",
    ]
    missing = [fact for fact in expected if fact not in text]
    assert not missing


def test_shipping_table_component(built_site: Build) -> None:
    html = built_site.page("shipping-delivery/shipping-methods-and-costs")
    table = html[html.index('class="hc-component hc-shipping"') :]
    rows = re.findall(r'<tr data-method="(\w+)"><th scope="row">(\w+)</th><td>([^<]+)</td><td>([^<]+)</td>', table)
    assert rows == [
        ("standard", "Standard", "$5.99", "5–7 business days"),
        ("expedited", "Expedited", "$12.99", "2–3 business days"),
        ("overnight", "Overnight", "$19.99", "next business day"),
    ]


def test_faq_questions_have_their_own_anchor(built_site: Build) -> None:
    html = built_site.page("faq/returns")
    assert re.search(r'<h2 id="return-window">How long do I have to return an item\?', html)
    index = built_site.page("faq")
    assert 'href="returns/#return-window"' in index


def test_feedback_links_keep_the_forms_own_query_and_fragment() -> None:
    # A prefilled form's address has parameters of its own, and may end in a fragment:
    # the page's parameters join its query, and the fragment stays last.
    plain = page_link("https://www.example.com/feedback", "https://help.example.com/a/", "Returns & refunds")
    assert plain == "https://www.example.com/feedback?page=https%3A%2F%2Fhelp.example.com%2Fa%2F&title=Returns+%26+refunds"
    link = page_link("https://forms.example.com/view?usp=pp_url#start", "https://help.example.com/a/#x", "Q?", "no")
    parts = urlsplit(link)
    assert parts.fragment == "start"
    assert parse_qs(parts.query) == {"usp": ["pp_url"], "page": ["https://help.example.com/a/#x"], "title": ["Q?"], "helpful": ["no"]}


def test_changed_price_email_and_form_reach_every_page(project: Path) -> None:
    edit(project, POLICY, "price: 19.99", "price: 24.49")
    edit(project, POLICY, "email: escalations@example.com", "email: complaints@example.com")
    edit(project, POLICY, "form_url: https://www.example.com/feedback", "form_url: https://forms.example.com/tell-us?usp=help")
    result = build(project)
    assert result.returncode == 0, result.output
    text = result.all_text()
    for old in ("19.99", "escalations@example.com", "https://www.example.com/feedback"):
        assert old not in text, f"{old} still in the built site"
    assert "$24.49" in result.page("shipping-delivery/shipping-methods-and-costs")
    for page in html_pages(result):
        html = page.read_text(encoding="utf-8")
        if 'class="hc-contact"' in html:
            # the form's own query stays, the page's parameters follow it
            assert "complaints@example.com" in html and "https://forms.example.com/tell-us?usp=help&amp;page=" in html
    article = result.page("returns-refunds/return-policy")
    assert "https://forms.example.com/tell-us?usp=help&amp;page=https%3A%2F%2Fhelp.example.com%2Freturns-refunds%2Freturn-policy%2F&amp;title=" in article
    assert article.count("&amp;helpful=") == 2 and "tell-us?page=" not in result.all_text()


def test_wrong_type_stops_the_build_with_file_line_and_path(project: Path) -> None:
    edit(project, POLICY, "price: 12.99", "price: twelve")
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    line = next(n for n, text in enumerate((project / POLICY).read_text().splitlines(), 1) if "price: twelve" in text)
    assert f"content/policies/policy.yml:{line}:14: shipping.methods[Expedited].price: expected an amount like 19.99, found 'twelve'" in result.output
    assert not (result.site / "index.html").exists(), "a failed policy check must not publish pages"


def test_unknown_reference_stops_the_build_with_page_line_and_name(project: Path) -> None:
    page = project / "docs/returns-refunds/return-policy.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(6, "You have {{ returns.windw }} and {% shiping_table %}")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    assert "returns-refunds/return-policy.md:7:10: unknown fact {{ returns.windw }}; did you mean {{ returns.window }}?" in result.output
    assert "returns-refunds/return-policy.md:7:34: unknown component {% shiping_table %}; did you mean {% shipping_table %}?" in result.output


def test_unknown_reference_in_faq_answer_names_the_yaml_line(project: Path) -> None:
    edit(project, "content/faq/returns.yml", "{{ returns.window }}", "{{ return.window }}")
    result = build(project)
    assert result.returncode == 1
    line = next(n for n, text in enumerate((project / "content/faq/returns.yml").read_text().splitlines(), 1) if "{{ return.window }}" in text)
    assert re.search(rf"content/faq/returns\.yml:{line}:\d+: unknown fact \{{\{{ return\.window \}}\}}; did you mean \{{\{{ returns\.window \}}\}}\?", result.output)


def test_code_is_left_alone(project: Path) -> None:
    page = project / "docs/returns-refunds/return-policy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## Writing references\n\nWrite `{{ returns.window }}` to show it.\n\n```text\n{{ anything.at.all }}\n{% no_component %}\n```\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    html = result.page("returns-refunds/return-policy")
    assert "<code>{{ returns.window }}</code>" in html
    assert "{{ anything.at.all }}" in html and "{% no_component %}" in html


def test_injected_values_are_escaped(project: Path) -> None:
    edit(project, POLICY, "name: Juniper Lane Goods", 'name: "Juniper <b>Lane</b> & Goods"')
    edit(project, POLICY, "- PayPal", "- \"Pay<script>alert(1)</script>Pal\"")
    result = build(project)
    assert result.returncode == 0, result.output
    for page in html_pages(result):  # data files (JSON, CSV) carry the text as data, checked in test_xss.py
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html, page
        assert "<b>Lane</b>" not in html, page
    assert "Pay&lt;script&gt;alert(1)&lt;/script&gt;Pal" in result.page("payments/payment-methods")


PROBE = '''import json, sys
from pathlib import Path


def on_post_build(config):
    loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("pydantic", "policy_model", "faq_model", "search_vocabulary"))
    index = type(config.plugins["material/search"].search_index).__name__
    Path(config.config_file_path).with_name("probe.json").write_text(json.dumps({"modules": loaded, "index": index}))
'''


def test_the_build_process_leaves_validation_and_search_parsing_to_the_side_process(project: Path) -> None:
    """The side process validates the sources and makes the search documents; the build
    process gets plain values from it, so no build pays for importing pydantic and the
    models (see site_build.SiteBuild), and Material's index in it is the stand-in."""
    (project / "probe_hook.py").write_text(PROBE, encoding="utf-8")
    edit(project, "mkdocs.yml", "hooks:\n", "hooks:\n  - probe_hook.py\n")
    result = build(project)
    assert result.returncode == 0, result.output
    assert json.loads((project / "probe.json").read_text(encoding="utf-8")) == {"modules": [], "index": "IndexedBeside"}


def test_a_bad_search_vocabulary_stops_the_build_before_anything_is_written(project: Path) -> None:
    """The side process loads the vocabulary before its first file (the short links)."""
    (project / "content" / "search" / "synonyms.yml").write_text("synonyms:\n  - [refund\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    assert "content/search/synonyms.yml:3:1: YAML syntax error" in result.output
    assert not result.site.exists() or not any(path.is_file() for path in result.site.rglob("*"))
