"""MkDocs hooks: wire build events to `site_build.SiteBuild`. No logic here, only adapters
from MkDocs objects to plain values, and HelpCenterError turned into a clean build stop."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from markupsafe import Markup
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from navigation import section_rank, section_title
from problems import HelpCenterError
from search_page import IndexedPage, TocAnchor
from site_build import GeneratedPage, SiteBuild, SiteInfo
from stable_links import PageRef
from structured_data import IndexEntry

log = get_plugin_logger("helpcenter")
build: SiteBuild  # set in on_config, on every (re)build
serving = False
search_docs_seen = 0  # documents of the search index handed on so far


@contextmanager
def stops_cleanly() -> Iterator[None]:
    try:
        yield
    except HelpCenterError as error:
        raise PluginError(error.report()) from None


def on_startup(command: str, dirty: bool) -> None:
    global serving
    serving = command == "serve"


@event_priority(100)  # before the plugins' own on_config: the side process starts loading the sources sooner
def on_config(config: Any) -> None:
    info = SiteInfo(
        config.site_name, config.site_url or "", config.site_description or "", Path(config.docs_dir), Path(config.site_dir), config.extra, serving
    )
    search = config.plugins.get("material/search")
    # Material's index is made in the search plugin's on_config, after the side process is
    # forked: the side process makes each page's documents with an index of its own. A
    # jieba dictionary, which that on_config loads, keeps them in this process, as serving does.
    beside = not serving and search is not None and search.config.enabled and not (search.config.jieba_dict or search.config.jieba_dict_user)
    global build
    build = SiteBuild(Path(config.config_file_path).parent, info, _documents if beside else None)
    config.extra_css.extend(build.extra_css())
    config.extra_javascript.extend(build.extra_javascript())


def on_files(files: Files, config: Any) -> Files:
    with stops_cleanly():  # the sources' problems, found by the side process
        add(files, config, build.generated_pages())
    pages = [PageRef(f.src_uri, Path(f.abs_src_path) if f.abs_src_path else None, f.url) for f in files.documentation_pages()]
    sources = [Path(f.abs_src_path) for f in files.documentation_pages() if f.abs_src_path]
    global search_docs_seen
    search_docs_seen = 0
    index = _search_index(config)
    search_config = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")} if index else None
    if index is not None and build.indexes_pages:
        config.plugins["material/search"].search_index = IndexedBeside(index.config)
    build.start_checks(pages, sources, {f.dest_uri for f in files if f.inclusion.is_included()}, _plain(search_config))
    return files


class IndexedBeside:
    """Stands in for Material's search index in the build process: each page goes to the
    side process as soon as its content is rendered (`page_rendered`: before MkDocs renders
    any template, while the side process has little else to do), and an index of Material's
    own class makes the page's documents there (`_documents`). It writes an index
    without documents, which the side work replaces with the whole one at the end."""

    def __init__(self, config: Any) -> None:
        self.config = config
        self.entries: list[dict[str, Any]] = []
        self.sent: dict[str, str] = {}  # page source -> the content its documents are made of

    def page_rendered(self, page: Any, html: str) -> None:
        self.sent[page.file.src_uri] = html
        build.page_to_index(page.file.src_uri, IndexedPage(page.url, page.title, dict(page.meta), html, _anchors(page.toc)))

    def add_entry_from_context(self, page: Any) -> None:
        """Material's call, when MkDocs renders the page's template: the page went already."""
        if self.sent.pop(page.file.src_uri, None) is not page.content:
            raise PluginError(
                f"{page.file.src_uri}: its content changed after on_page_content (a plugin's on_page_context?); "
                "the help center's search index is made of the content as on_page_content leaves it"
            )

    def generate_search_index(self, prev: Any) -> str:
        config = {key: self.config[key] for key in ("lang", "separator", "pipeline", "fields")}
        return json.dumps({"config": config, "docs": []}, separators=(",", ":"), default=str)


def _anchors(toc: Any) -> tuple[TocAnchor, ...]:
    return tuple(TocAnchor(item.id, item.url, _anchors(item.children)) for item in toc)


def _documents(page: IndexedPage) -> list[dict[str, Any]]:
    """The search documents Material's index makes of `page` (in the side process)."""
    index = SearchIndex()  # its settings only matter to the index file it would write
    index.add_entry_from_context(page)
    return index.entries


def add(files: Files, config: Any, pages: list[GeneratedPage]) -> None:
    for page in pages:
        if page.source:
            files.append(File.generated(config, page.name, abs_src_path=str(page.source)))
        else:
            files.append(File.generated(config, page.name, content=page.content or ""))


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    # Sections are named by their index page's title, in the order of extra.helpcenter.sections.
    order = config.extra.get("helpcenter", {}).get("sections", [])
    folders = {id(item): _folder(item) for item in nav.items}
    _name_sections(nav.items, files)
    nav.items.sort(key=lambda item: section_rank(folders[id(item)], order, getattr(item, "is_homepage", False)))
    return nav


def _name_sections(items: list[Any], files: Files, depth: int = 1) -> None:
    for item in items:
        if item.is_section:
            folder = _folder(item, depth)
            index = files.get_file_from_path(f"{folder}/index.md") if folder else None
            item.title = (section_title(index.content_string) if index else None) or item.title
            _name_sections(item.children, files, depth + 1)


def _entry(item: Any) -> tuple[str, str]:
    """(url, title) of a navigation item: a section's is its first page's (its index page)."""
    return _first_page(item).url, item.title


def _folder(item: Any, depth: int = 1) -> str | None:
    """The folder of a section `depth` levels down docs/, from its first page."""
    first = _first_page(item) if item.is_section and item.children else None
    return "/".join(first.file.src_uri.split("/")[:depth]) if first is not None and first.is_page else None


def _first_page(item: Any) -> Any:
    while item.is_section and item.children:
        item = item.children[0]
    return item


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    with stops_cleanly():  # generated pages (FAQ) are not in the on_files check
        return build.page_markdown(markdown, page.file.src_uri, page.canonical_url or "")


@event_priority(-50)  # after the search plugin has indexed the page
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    global search_docs_seen
    index = _search_index(config)
    if isinstance(index, IndexedBeside):
        return context  # the page went to the side process from on_page_content
    docs = index.entries[search_docs_seen:] if index else []
    search_docs_seen += len(docs)
    build.page_indexed(page.url, page.file.src_uri, page.meta, docs)
    return context


@event_priority(-100)  # the content as every other plugin leaves it
def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    if page.is_index and page.parent is not None:
        entries = [_entry(item) for item in page.parent.children if item is not page and (item.is_page or item.is_section)]
        html = build.section_index(html, page.url, entries)
    index = _search_index(config)
    if isinstance(index, IndexedBeside):
        index.page_rendered(page, html)  # the side work quotes it in the reply kit too
    else:
        build.page_content(page.file.src_uri, html)
    return html


def on_post_page(output: str, page: Any, config: Any) -> str:
    with stops_cleanly():
        return build.page_output(output, page.url, page.file.dest_uri)


def on_env(env: Any, config: Any, files: Files) -> Any:
    env.globals["helpcenter_contact"] = lambda url, title: Markup(build.contact_block(url, title))
    env.globals["helpcenter_helpful"] = lambda src, url, title: Markup(build.helpful_control(src, url, title))
    env.globals["helpcenter_jsonld"] = lambda page: _jsonld(page, config)
    build.contents_done([_index_entry(f.page) for f in files.documentation_pages() if f.page and not f.page.is_homepage])
    return env


@event_priority(-50)  # after the search plugin has written its index
def on_post_build(config: Any) -> None:
    with stops_cleanly():
        index = _search_index(config)
        warnings, notes = build.finish(len(index.entries) if index and not isinstance(index, IndexedBeside) else None)
    for warning in warnings:
        log.warning(warning)
    for note in notes:
        log.info(note)


def _search_index(config: Any) -> Any:
    """Material's search index as it is being built (`entries`, `config`), or None without search."""
    index = getattr(config.plugins.get("material/search"), "search_index", None)
    return index if isinstance(getattr(index, "entries", None), list) else None


def _plain(value: Any) -> Any:
    """Plain JSON data, as the search plugin writes it (its settings may be config objects)."""
    return json.loads(json.dumps(value, default=str))


def _jsonld(page: Any, config: Any) -> list[Markup]:
    if not page or not getattr(page, "file", None):
        return []
    trail = [(config.site_name, config.site_url or "")] if not page.is_homepage else []
    for section in reversed(page.ancestors):
        first = section.children[0] if section.children else None
        if first is not None and getattr(first, "is_index", False) and first is not page:
            trail.append((section.title, first.canonical_url))
    trail.append((page.title or config.site_name, page.canonical_url or config.site_url or ""))
    return [Markup(block) for block in build.jsonld(page.file.src_uri, page.is_homepage, trail, page.content or "")]


def _index_entry(page: Any) -> IndexEntry:
    folder = page.file.src_uri.split("/")[0] if "/" in page.file.src_uri else ""
    url = page.canonical_url or page.abs_url or ""
    return IndexEntry(folder, page.title or "", url, str(page.meta.get("description", "")), is_index=page.is_index)
