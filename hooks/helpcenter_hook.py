"""MkDocs hooks: wire build events to the engine-agnostic help center modules. No logic here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from faq_source import index_markdown
from front_matter import check_pages as check_front_matter
from helpcenter import FAQ_FOLDER, HelpCenter
from problems import HelpCenterError
from site_security import finish as finish_site

site: HelpCenter
command = "build"


def on_startup(command: str, dirty: bool) -> None:
    globals()["command"] = command


def on_config(config: Any) -> None:
    global site
    try:
        site = HelpCenter.load(Path(config.config_file_path).parent)
    except HelpCenterError as error:
        raise PluginError(error.report()) from None


def on_files(files: Files, config: Any) -> Files:
    for page in site.faq:
        files.append(File.generated(config, page.path, content=page.markdown))
    files.append(File.generated(config, "faq/index.md", content=index_markdown(site.faq)))
    sources = [(f.src_uri, Path(f.abs_src_path)) for f in files.documentation_pages() if f.abs_src_path]
    problems = check_front_matter([path for _, path in sources], Path(config.docs_dir), site.root, site.root / FAQ_FOLDER)
    try:
        site.check_pages(sources)
    except HelpCenterError as error:
        problems += error.problems
    if problems:
        raise PluginError(HelpCenterError(problems).report())
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    return site.render_page(markdown, page.file.src_uri)


def on_env(env: Any, config: Any, files: Files) -> Any:
    env.globals["helpcenter_contact"] = lambda url, title: Markup(site.contact_block(url, title))
    return env


def on_post_build(config: Any) -> None:
    # Links, script and privacy checks on the built HTML, then the CSP (not under `mkdocs serve`,
    # whose live-reload script it would block).
    try:
        finish_site(Path(config.site_dir), config.site_url or "", apply_policy=command != "serve")
    except HelpCenterError as error:
        raise PluginError(error.report()) from None
