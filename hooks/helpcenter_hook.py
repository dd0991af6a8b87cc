"""MkDocs hooks: wire build events to the engine-agnostic help center modules. No logic here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from answer_feedback import AnswerFeedback
from faq_source import index_markdown
from front_matter import check_pages as check_front_matter
from helpcenter import FAQ_FOLDER, POLICY_FILE, HelpCenter
from navigation import section_rank, section_title
from policy_drift import lint_site as lint_drift
from policy_history import PAGE as HISTORY_PAGE, page_markdown as history_markdown, read_history
from problems import HelpCenterError
from search_vocabulary import SearchTuning
from site_security import finish as finish_site
from stable_links import PageRef
from structured_data import IndexEntry, PolicyData, faq_answers, write_site_files
from support_build import SupportBuild

site: HelpCenter
log = get_plugin_logger("helpcenter")
command = "build"


def on_startup(command: str, dirty: bool) -> None:
    globals()["command"] = command


def on_config(config: Any) -> None:
    global site
    try:
        site = HelpCenter.load(Path(config.config_file_path).parent)
        globals()["search"] = SearchTuning.load(site.root, site.faq)
    except HelpCenterError as error:
        raise PluginError(error.report()) from None
    globals()["helpful"] = AnswerFeedback(site.view["feedback"]["form_url"], site.components.render, site.faq)
    globals()["machine"] = PolicyData(site.policy)
    globals()["support"] = SupportBuild.start(site.root, config.extra, config.site_url, site.view, site.faq)
    config.extra_css.extend(support.extra_css())  # the staff build's own styles and scripts
    config.extra_javascript.extend(support.extra_javascript())


def on_files(files: Files, config: Any) -> Files:
    for page in site.faq:
        files.append(File.generated(config, page.path, content=page.markdown))
    files.append(File.generated(config, "faq/index.md", content=index_markdown(site.faq)))
    files.append(File.generated(config, HISTORY_PAGE, content=history_markdown(read_history(site.root, POLICY_FILE))))
    for name, path in support.extra_files(Path(config.docs_dir)):  # staff build: the public pages too
        files.append(File.generated(config, name, abs_src_path=str(path)))
    sources = [(f.src_uri, Path(f.abs_src_path)) for f in files.documentation_pages() if f.abs_src_path]
    problems = check_front_matter([path for _, path in sources], Path(config.docs_dir), site.root, site.root / FAQ_FOLDER)
    try:
        site.check_pages([path for _, path in sources])
    except HelpCenterError as error:
        problems += error.problems
    if problems:
        raise PluginError(HelpCenterError(problems).report())
    for drift in lint_drift([path for _, path in sources], site.root / FAQ_FOLDER, site.root, site.facts, site.view):
        log.warning(f"policy drift: {drift}")
    pages = [PageRef(f.src_uri, Path(f.abs_src_path) if f.abs_src_path else None, f.url) for f in files.documentation_pages()]
    for name, html in support.collect(pages, Path(config.docs_dir)):  # short links /a/<id>/
        files.append(File.generated(config, name, content=html))
    return files


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    # Sections are named by their index page's title, in the order of extra.helpcenter.sections.
    order = config.extra.get("helpcenter", {}).get("sections", [])
    folders = {id(item): _folder(item) for item in nav.items}
    for item in nav.items:
        if folders[id(item)]:
            index = files.get_file_from_path(f"{folders[id(item)]}/index.md")
            item.title = (section_title(index.content_string) if index else None) or item.title
    nav.items.sort(key=lambda item: section_rank(folders[id(item)], order, getattr(item, "is_homepage", False)))
    return nav


def _folder(item: Any) -> str | None:
    first = item.children[0] if item.is_section and item.children else None
    return first.file.src_uri.split("/")[0] if first is not None and first.is_page else None


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    try:
        markdown = site.render_page(markdown, page.file.src_uri)
    except HelpCenterError as error:  # generated pages (FAQ) are not in the on_files check
        raise PluginError(error.report()) from None
    return helpful.with_answer_controls(markdown, page.file.src_uri, page.canonical_url or "")


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    search.add_page(page.url, page.file.src_uri, page.meta)  # shopper vocabulary for the search index
    return context


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    support.page_content(page.file.src_uri, html)  # the reply kit quotes the rendered page
    return html


def on_post_page(output: str, page: Any, config: Any) -> str:
    return support.post_page(output, page.url)  # staff build: the reply-kit list


def on_env(env: Any, config: Any, files: Files) -> Any:
    env.globals["helpcenter_contact"] = lambda url, title: Markup(site.contact_block(url, title))
    env.globals["helpcenter_helpful"] = lambda src, url, title: Markup(helpful.page_control(src, url, title))
    env.globals["helpcenter_jsonld"] = lambda page: _jsonld(page, config)
    index[:] = [_index_entry(f.page) for f in files.documentation_pages() if f.page and not f.page.is_homepage]
    return env


def on_post_build(config: Any) -> None:
    # Links, script and privacy checks on the built HTML, then the CSP (not under `mkdocs serve`,
    # whose live-reload script it would block).
    try:  # reply-kit exports; public build: every URL of the published-URL ledger must still work
        unlisted = support.finish(Path(config.site_dir))
    except HelpCenterError as error:
        raise PluginError(error.report()) from None
    if unlisted:
        log.info(f"{len(unlisted)} published URLs are not in the ledger yet; add them with: python scripts/ledger.py update")
    search.finish(Path(config.site_dir))
    write_site_files(Path(config.site_dir), site.policy, title=config.site_name, summary=config.site_description or "", base_url=config.site_url or "", entries=index)
    try:
        finish_site(Path(config.site_dir), config.site_url or "", apply_policy=command != "serve")
    except HelpCenterError as error:
        raise PluginError(error.report()) from None


# ---- adapters from MkDocs pages to the plain data of structured_data.py

index: list[IndexEntry] = []
helpful: AnswerFeedback
search: SearchTuning
machine: PolicyData
support: SupportBuild


def _jsonld(page: Any, config: Any) -> list[dict[str, Any]]:
    if not page or not getattr(page, "file", None):
        return []
    trail = [(config.site_name, config.site_url or "")] if not page.is_homepage else []
    for section in reversed(page.ancestors):
        first = section.children[0] if section.children else None
        if getattr(first, "is_index", False) and first is not page:
            trail.append((section.title, first.canonical_url))
    trail.append((page.title or config.site_name, page.canonical_url or config.site_url or ""))
    faq = next((p for p in site.faq if p.path == page.file.src_uri), None)
    answers = faq_answers(faq, site.render_page) if faq else None
    return machine.blocks(source=page.file.content_string, home=page.is_homepage, trail=trail, faq=answers)


def _index_entry(page: Any) -> IndexEntry:
    folder = page.file.src_uri.split("/")[0] if "/" in page.file.src_uri else ""
    url = page.canonical_url or page.abs_url or ""
    return IndexEntry(folder, page.title or "", url, str(page.meta.get("description", "")), is_index=page.is_index)
