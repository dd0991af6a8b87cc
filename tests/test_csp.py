"""Security: a strict Content-Security-Policy computed after the build, and the post-build
check that refuses script where it does not belong.

- the policy has no 'unsafe-inline' / 'unsafe-eval' and covers every inline script by hash;
- it ships as `_headers` and as a <meta> at the top of every page;
- the check names page, line and column for an unknown inline script, an inline
  event handler, a javascript: link and a JSON block that could end early;
- in headless Chromium, with the CSP header from `_headers`, no page type reports a
  violation and search works on each of them.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import chromium, served
from conftest import build
from html_scan import scan_page
from site_security import (
    ALLOWED_INLINE_SCRIPTS,
    SiteAudit,
    check,
    content_security_policy,
    known_script,
    read_headers_file,
    sha256,
    with_meta,
)
from site_tour import DESKTOP, WATCH_CSP, instant_navigation, open_search, page_types, serve_sitemap_locally

PAGE_TYPES = ["home", "article", "faq", "shipping table", "404"]


def inline_scripts(site: Path) -> dict[str, str]:
    """Every executable inline script of the built site: hash -> text."""
    found = {}
    for page in site.rglob("*.html"):
        for tag in scan_page(page.read_text(encoding="utf-8")).tags:
            if tag.name == "script" and "src" not in tag.attrs and tag.attrs.get("type", "") in ("", "text/javascript"):
                found[sha256(tag.text)] = tag.text
    return found


# ---------------------------------------------------------------- the policy in the built site


def test_policy_is_strict_and_covers_every_inline_script(built_site: Any) -> None:
    headers = read_headers_file(built_site.site / "_headers")
    policy = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == directives["font-src"] == directives["worker-src"] == "'self'"
    scripts = inline_scripts(built_site.site)
    assert scripts, "Material emits inline scripts; the scan found none"
    allowed = set(directives["script-src"].split()) - {"'self'"}
    assert allowed == set(scripts)  # exactly the site's inline scripts, nothing more
    assert all(known_script(text) for text in scripts.values())
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"


def _directives(policy: str) -> dict[str, set[str]]:
    return {name: set(values) for name, *values in (d.split() for d in policy.split(";"))}


def test_every_page_carries_the_policy_before_its_first_script(built_site: Any) -> None:
    header = _directives(read_headers_file(built_site.site / "_headers")["Content-Security-Policy"])
    rendered = {  # the pages the build renders, which instant navigation moves between
        loc.split("help.example.com/", 1)[1] + "index.html"
        for loc in re.findall(r"<loc>([^<]+)</loc>", (built_site.site / "sitemap.xml").read_text(encoding="utf-8"))
    }
    pages = sorted(built_site.site.rglob("*.html"))
    assert len(pages) > 10 and len(rendered) > 10
    shared: set[str] = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        assert len(metas) == 1, page
        meta = _directives(metas[0].replace("&#x27;", "'"))
        own = {sha256(tag.text) for tag in scan_page(text).tags if tag.name == "script" and "src" not in tag.attrs and not tag.attrs.get("type")}
        assert own <= meta["script-src"] <= header["script-src"], page  # its own scripts, and only the site's
        others = {name: values for name, values in header.items() if name not in ("script-src", "frame-ancestors")}
        assert {name: values for name, values in meta.items() if name != "script-src"} == others, page
        name = page.relative_to(built_site.site).as_posix()
        if name in rendered:
            shared = shared or meta["script-src"]
            assert meta["script-src"] == shared, page  # one policy for all rendered pages
        assert text.index("Content-Security-Policy") < text.index("<script"), page
        assert text.index("<meta charset") < text.index("Content-Security-Policy"), page
    for page in pages:
        meta = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page.read_text(encoding="utf-8"))[0]
        allowed = _directives(meta.replace("&#x27;", "'"))["script-src"]
        if page.relative_to(built_site.site).parts[0] == "a":  # short links run no inline code, nor the theme's
            assert allowed == {"'self'"}, page
        else:  # every other page (404) allows what the rendered pages run
            assert shared <= allowed, page


def test_style_attributes_are_allowed_by_hash_only(tmp_path: Path) -> None:
    page = scan_page('<table><th style="text-align: right">A</th></table><p style="color:red">x</p>')
    policy = content_security_policy([("index.html", page)])
    assert "style-src-attr 'unsafe-hashes' " + " ".join(sorted([sha256("text-align: right"), sha256("color:red")])) in policy
    assert "style-src-attr 'none'" in content_security_policy([("index.html", scan_page("<p>x</p>"))])


def test_allow_list_matches_the_installed_themes_inline_scripts() -> None:
    """A Material upgrade that changes an inline script fails here, naming the template."""
    templates = Path(__import__("material").__file__).parent / "templates"
    sources = sorted((templates / "partials" / "javascripts").glob("*.html")) + [templates / "redirect.html"]
    redirects = Path(__import__("mkdocs_redirects.plugin").plugin.__file__).read_text(encoding="utf-8")
    found = []
    for source in sources:
        for script in re.findall(r"<script>(.*?)</script>", source.read_text(encoding="utf-8"), re.S):
            found.append((source.name, script))
    found += [("mkdocs_redirects/plugin.py", s) for s in re.findall(r"<script>(.*?)</script>", redirects)]
    assert len(found) >= 8
    for name, script in found:
        filled = re.sub(r"\{\{.*?\}\}|\{url\}", "../faq/", script)
        assert known_script(filled), f"{name}: inline script not in ALLOWED_INLINE_SCRIPTS: {script}"
    assert len(ALLOWED_INLINE_SCRIPTS) == len({s for _, s in found})


# ---------------------------------------------------------------- the post-build check


def test_check_names_page_line_and_what_to_fix(tmp_path: Path) -> None:
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "index.html").write_text(
        "<!doctype html>\n<html><head><title>x</title></head><body>\n"
        "<p>Hi <img src=x onerror=\"alert(1)\"></p>\n"
        '<a href=" JaVa\tScript:alert(1)">pay</a>\n'
        "  <script>alert(document.cookie)</script>\n"
        '<script type="application/ld+json">{"name": "</script><script>alert(1)</script>"}</script>\n'
        '<script type="application/ld+json">{"name": "<!--"}</script>\n'
        '<script>__md_scope=new URL("..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>\n'
        "</body></html>\n",
        encoding="utf-8",
    )
    assert [str(p) for p in sorted(check(tmp_path))] == [
        'faq/index.html:3:7: inline event handler onerror="alert(1)" on <img>; move the behaviour to a file under docs/assets/javascripts/',
        'faq/index.html:4:1: javascript: URL in href="JaVa Script:alert(1)" on <a>; links may only be https, mailto, tel or pages of this site',
        f'faq/index.html:5:3: inline <script> that is not one of the theme\'s known scripts ({sha256("alert(document.cookie)")}: "alert(document.cookie)"); '
        "put the code in a file under docs/assets/javascripts/ and list it in extra_javascript",
        # As in the browser, '</script>' ends the JSON block early: what is left is not JSON, and the
        # rest of the value becomes a script of its own.
        "faq/index.html:6:1: a JSON data block (application/ld+json) is not valid JSON (Unterminated string starting at); serialize it with Jinja's | tojson",
        f'faq/index.html:6:55: inline <script> that is not one of the theme\'s known scripts ({sha256("alert(1)")}: "alert(1)"); '
        "put the code in a file under docs/assets/javascripts/ and list it in extra_javascript",
        "faq/index.html:7:1: a JSON data block contains '</script' or '<!--' and could end early; serialize it with Jinja's | tojson",
    ]


def test_build_fails_on_script_in_a_page_naming_the_built_page_and_line(project: Path) -> None:
    article = project / "docs" / "returns-refunds" / "return-policy.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text + '\n\n<p><a href="javascript:alert(1)">Click</a> <img src="x.png" alt="" onerror="alert(2)"></p>\n\n<script>alert(3)</script>\n',
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    built = (result.site / "returns-refunds" / "return-policy" / "index.html").read_text(encoding="utf-8").splitlines()
    link = next(n for n, line in enumerate(built, 1) if "javascript:alert(1)" in line)
    script = next(n for n, line in enumerate(built, 1) if "<script>alert(3)</script>" in line)
    assert f"returns-refunds/return-policy/index.html:{link}:4: javascript: URL in href=\"javascript:alert(1)\" on <a>" in result.output
    assert f"returns-refunds/return-policy/index.html:{link}:" in result.output and 'inline event handler onerror="alert(2)" on <img>' in result.output
    assert f"returns-refunds/return-policy/index.html:{script}:1: inline <script> that is not one of the theme's known scripts" in result.output
    assert not (result.site / "_headers").exists()  # no policy for a site that failed its checks


# ---------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def strict_site(built_site: Any) -> Iterator[tuple[str, Path, dict[str, str]]]:
    """The built site served with the headers of its own `_headers` file."""
    headers = read_headers_file(built_site.site / "_headers")
    with served(built_site.site, headers=headers) as base:
        yield base, built_site.site, page_types(built_site.site)


def watched(browser: Any, site: Path, base: str, **options: Any) -> tuple[Any, list[str]]:
    """A page that records CSP violation events and console CSP errors."""
    context = browser.new_context(viewport=DESKTOP, **options)
    serve_sitemap_locally(context, site, base)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None)
    return page, console


def violations(page: Any, console: list[str]) -> list[str]:
    return list(page.evaluate("window.__cspViolations")) + console


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_has_no_csp_violation_and_search_works(strict_site: tuple[str, Path, dict[str, str]], browser: Any, kind: str) -> None:
    base, site, pages = strict_site
    page, console = watched(browser, site, base)
    response = page.goto(base + pages[kind])
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert open_search(page, "return") > 0
    assert page.locator(".md-search-result__item a").first.get_attribute("href")
    page.keyboard.press("Escape")
    assert violations(page, console) == []
    page.context.close()


@pytest.mark.browser
def test_instant_navigation_palette_and_search_keep_to_the_policy(strict_site: tuple[str, Path, dict[str, str]], browser: Any) -> None:
    base, site, pages = strict_site
    page, console = watched(browser, site, base)
    page.goto(base + pages["faq"])
    page.wait_for_load_state("networkidle")
    instant_navigation(page, base)
    assert open_search(page, "shipping") > 0  # search still works after an instant navigation
    page.keyboard.press("Escape")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()  # switch to dark mode
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.reload()
    page.wait_for_load_state("networkidle")  # the stored palette is applied by the theme's inline script
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    assert violations(page, console) == []
    page.context.close()


@pytest.mark.browser
def test_an_unlisted_inline_script_is_blocked_and_reported(built_site: Any, browser: Any, tmp_path: Path) -> None:
    """The watcher can fail: a script that is not in the policy is blocked, and the violation shows."""
    site = tmp_path / "site"
    shutil.copytree(built_site.site, site)
    home = site / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</body>", "<script>window.__injected = 1</script></body>", 1), encoding="utf-8")
    with served(site, headers=read_headers_file(site / "_headers")) as base:
        page, console = watched(browser, site, base)
        page.goto(base)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__injected") is None
        found = violations(page, console)
        assert any(v.startswith("script-src-elem blocked inline") for v in found), found
        page.context.close()


def test_pages_written_with_the_policy_so_far_are_corrected_at_the_end(tmp_path: Path) -> None:
    # As in the build: the audit hears each page as it is written, with the policy it carries,
    # tells of each new policy, and at the end lists only the pages whose <meta> is not right.
    heard: list[str] = []
    audit = SiteAudit(tmp_path, "", None, on_policy=heard.append)
    head = '<!doctype html><html><head><meta charset="utf-8">\n'
    pages = {
        "index.html": head + "<script>__md_scope=new URL(\".\",location)</script></head><body></body></html>",
        "a/index.html": head + "<script>__md_scope=new URL(\"..\",location)</script></head><body></body></html>",
        "b/index.html": head + "<script>__md_scope=new URL(\"..\",location)</script></head><body></body></html>",
    }
    carried = ""
    for name, text in pages.items():
        written = with_meta(text, carried) if carried else text
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(written, encoding="utf-8")
        audit.add(name, written, carried=carried)
        carried = heard[-1]
    redirect = head + '<script>var anchor=window.location.hash.substr(1);location.href="../b/"+(anchor?"#"+anchor:"")</script></head></html>'
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.html").write_text(redirect, encoding="utf-8")
    audit.complete()
    assert len(heard) == 2  # a new policy after the first page, and after the second (one more script)
    lockdown = audit.lockdown()
    assert [name for name, _ in lockdown.pages] == ["a/index.html", "index.html", "old/index.html"]  # b/ carries the final one
    lockdown.apply(tmp_path)
    metas = {name: re.findall(r'Content-Security-Policy" content="([^"]*)"', (tmp_path / name).read_text(encoding="utf-8")) for name in [*pages, "old/index.html"]}
    assert metas["index.html"] == metas["a/index.html"] == metas["b/index.html"] == [html.escape(heard[-1], quote=False)]
    assert sha256('var anchor=window.location.hash.substr(1);location.href="../b/"+(anchor?"#"+anchor:"")') in metas["old/index.html"][0]
    assert sha256('var anchor=window.location.hash.substr(1);location.href="../b/"+(anchor?"#"+anchor:"")') not in heard[-1]
    assert (tmp_path / "a" / "index.html").read_text(encoding="utf-8").split("\n")[1:] == pages["a/index.html"].split("\n")[1:]  # lines stay
