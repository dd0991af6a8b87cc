"""After the build: check the site for script that should not be there, then lock it down with a strict CSP.

`check(site)` lists every problem in the built HTML as a Problem naming the page,
line and column:
- an inline <script> that is not one of the theme's own known scripts (ALLOWED_INLINE_SCRIPTS),
- an inline event handler (onclick=..., onerror=...),
- a `javascript:` (or `vbscript:`, `data:`) link,
- a script, style sheet, image, font or frame loaded from another host (privacy: the
  site makes requests to its own host only),
- a JSON data block (<script type="application/ld+json">) that is not valid JSON
  or could close its <script> element early.

`apply(site)` then computes one Content-Security-Policy for the whole site from
the SHA-256 hashes of every inline script (and of every inline style), without
'unsafe-inline' or 'unsafe-eval', and ships it twice: as a `_headers` file
(Netlify / Cloudflare Pages format, with the other security headers) and as a
<meta http-equiv="Content-Security-Policy"> at the top of every page, for a
plain static server. The policy is site-wide, because instant navigation moves
between pages without reloading.

Engine-agnostic: works on any folder of built HTML; the MkDocs hook and
`scripts/check_site.py` call it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from html_scan import URL_ATTRIBUTES, Page, Scanner, Tag, url_scheme
from link_check import LinkCheck, site_files
from problems import HelpCenterError, Problem

HEADERS_FILE = "_headers"

# The inline scripts that the theme (Material for MkDocs) and redirect pages emit, as
# written in their templates; `{url}` stands for a URL that the template fills in.
# A Material upgrade that changes one of them fails tests/test_csp.py with the new text.
ALLOWED_INLINE_SCRIPTS: dict[str, str] = {
    "material: local storage helpers": '__md_scope=new URL("{url}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}',
    "material: colour palette": 'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}',
    "material: content tabs": 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))',
    "material: linked content tabs": 'var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}',
    "material: cookie consent": 'var consent=__md_get("__consent");if(consent)for(var input of document.forms.consent.elements)input.name&&(input.checked=consent[input.name]||!1);else"file:"!==location.protocol&&setTimeout((function(){document.querySelector("[data-md-component=consent]").hidden=!1}),250);var form=document.forms.consent;for(var action of["submit","reset"])form.addEventListener(action,(function(e){if(e.preventDefault(),"reset"===e.type)for(var n of document.forms.consent.elements)n.name&&(n.checked=!1);__md_set("__consent",Object.fromEntries(Array.from(new FormData(form).keys()).map((function(e){return[e,!0]})))),location.hash="",location.reload()}))',
    "material: announcement bar": 'var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}',
    "material: outdated version banner": 'var el=document.querySelector("[data-md-component=outdated]"),base=new URL("{url}"),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)',
    "material: redirect page": 'window.location.replace(["{url}",window.location.search,window.location.hash].join(""))',
    "mkdocs-redirects: redirect page": 'var anchor=window.location.hash.substr(1);location.href="{url}"+(anchor?"#"+anchor:"")',
}
_URL_SLOT = r"[^\"'<>\\\s]*"
VERDICTS_KEPT = 20_000  # distinct tags whose verdict is remembered (see page_problems)
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
LOADING_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "manifest"}
LOADING_TAGS = {"script", "img", "iframe", "frame", "source", "audio", "video", "track", "embed", "object", "input"}
_CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)

# Sent with every page by hosts that read `_headers`; the CSP goes first.
OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
}


def known_script(text: str) -> str:
    """The name of the theme script that `text` is (see ALLOWED_INLINE_SCRIPTS), or ''."""
    return next((name for name, pattern in _allowed().items() if pattern.match(text)), "")


@functools.cache  # compiled where the pages are checked (the side process), not at import
def _allowed() -> dict[str, re.Pattern[str]]:
    return {name: re.compile("^" + re.escape(text).replace(re.escape("{url}"), _URL_SLOT) + "$") for name, text in ALLOWED_INLINE_SCRIPTS.items()}


def sha256(text: str) -> str:
    """The CSP source expression for inline text: 'sha256-<base64>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def pages(site: Path) -> list[tuple[str, Path]]:
    """Every HTML page of the built site as (path relative to the site, file), sorted."""
    return sorted((p.relative_to(site).as_posix(), p) for p in site.rglob("*.html") if p.is_file())


def scanned(site: Path, names: Iterable[str] | None = None) -> Iterator[tuple[str, Page]]:
    """The site's HTML pages (or those named), read and scanned one at a time, in order."""
    scanner = Scanner()
    for name in names if names is not None else (name for name, _ in pages(site)):
        yield name, scanner.scan((site / name).read_text(encoding="utf-8", errors="replace"))


# ---------------------------------------------------------------- checks


def check(site: Path, scans: Iterable[tuple[str, Page]] | None = None) -> list[Problem]:
    """Every problem of the built site's HTML and CSS (see the module docstring); [] when it is clean."""
    problems: list[Problem] = []
    verdicts: dict[tuple[str, str, str], list[str]] = {}
    for name, page in scans if scans is not None else scanned(site):
        problems += page_problems(name, page, verdicts)
    return problems + css_problems(site)


def page_problems(name: str, page: Page, verdicts: dict[tuple[str, str, str], list[str]] | None = None) -> list[Problem]:
    """The problems of one scanned page (`name`: its path in the site).

    `verdicts` remembers the messages of each distinct tag (name, attributes as written,
    raw text) across the pages of one site: the theme writes most tags the same way on
    every page, so each is judged once."""
    problems: list[Problem] = []
    memo = verdicts if verdicts is not None else {}
    for tag in page.tags:
        if not (tag.attrs or tag.name == "script"):
            continue
        if tag.attrs and not tag.source:  # a tag made by hand: nothing to key it by
            messages = _tag_messages(tag)
        else:
            key = (tag.name, tag.source, hashlib.sha256(tag.text.encode()).hexdigest() if tag.text else "")
            found = memo.get(key)
            if found is None:
                if len(memo) >= VERDICTS_KEPT:
                    memo.clear()
                found = memo[key] = _tag_messages(tag)
            messages = found
        if messages:
            line, column = page.position(tag.offset)
            problems += [Problem(name, line, column, "", message) for message in messages]
    return problems


def css_problems(site: Path, files: Iterable[str] | None = None) -> list[Problem]:
    """Style sheets that load files from another host (`files`: the site's, if already listed)."""
    problems: list[Problem] = []
    for name in sorted(n for n in (site_files(site) if files is None else files) if n.endswith(".css")):
        text = (site / name).read_text(encoding="utf-8", errors="replace")
        for match in _CSS_REMOTE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            problems.append(Problem(name, line, 0, "", f"loads {match.group(1)} from another host; self-host the file under docs/assets/ or remove it"))
    return problems


def _tag_messages(tag: Tag) -> list[str]:
    """What is wrong with one tag (see the module docstring), in the order it is reported."""
    found: list[str] = []
    for attr, value in tag.attrs.items():
        if attr.startswith("on"):
            found.append(f"inline event handler {attr}=\"{_short(value)}\" on <{tag.name}>; move the behaviour to a file under docs/assets/javascripts/")
        elif attr in URL_ATTRIBUTES or attr == "content" and tag.attrs.get("http-equiv", "").lower() == "refresh":
            target = value.split("url=", 1)[-1] if attr == "content" else value
            scheme = url_scheme(target)
            if scheme in ("javascript", "vbscript") or scheme == "data" and (attr != "src" or tag.name != "img"):
                found.append(f"{scheme}: URL in {attr}=\"{_short(value)}\" on <{tag.name}>; links may only be https, mailto, tel or pages of this site")
    if tag.name == "script":
        found.extend(_script_messages(tag))
    remote = _remote_load(tag)
    if remote:
        found.append(f"<{tag.name}> loads {remote} from another host; the site may only load files from its own host (self-host it under docs/assets/)")
    return found


def _script_messages(tag: Tag) -> list[str]:
    kind = tag.attrs.get("type", "").strip().lower()
    if "src" in tag.attrs:
        if tag.text.strip():
            return ["a <script src> element also has inline code; move the code into the file"]
        return []
    if kind in DATA_SCRIPT_TYPES:
        if re.search(r"</script|<!--", tag.text, re.I):
            return ["a JSON data block contains '</script' or '<!--' and could end early; serialize it with Jinja's | tojson"]
        try:
            json.loads(tag.text)
        except json.JSONDecodeError as error:
            return [f"a JSON data block ({kind}) is not valid JSON ({error.msg}); serialize it with Jinja's | tojson"]
        return []
    if kind not in JS_TYPES:
        return []  # another data block (text/template, ...): the browser does not run it
    if not known_script(tag.text):
        return [
            f"inline <script> that is not one of the theme's known scripts ({sha256(tag.text)}: \"{_short(tag.text)}\"); "
            "put the code in a file under docs/assets/javascripts/ and list it in extra_javascript"
        ]
    return []


def _remote_load(tag: Tag) -> str:
    """The other-host URL that this tag makes the browser fetch, or ''."""
    urls: list[str] = []
    if tag.name == "link":
        rels = set(tag.attrs.get("rel", "").lower().split())
        if rels & LOADING_LINK_RELS:
            urls.append(tag.attrs.get("href", ""))
    elif tag.name in LOADING_TAGS:
        urls += [tag.attrs.get(a, "") for a in ("src", "poster", "data")]
        urls += [part.strip().split(" ")[0] for part in tag.attrs.get("srcset", "").split(",")]
    return next((u for u in urls if _is_remote(u)), "")


def _is_remote(url: str) -> bool:
    cleaned = url.strip().lower()
    return cleaned.startswith("//") or url_scheme(cleaned) in ("http", "https", "ftp", "ws", "wss")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------- the policy


def content_security_policy(scans: Iterable[tuple[str, Page]], *, for_meta: bool = False) -> str:
    """One policy for the whole site, from the hashes of its inline scripts and styles."""
    sources = InlineSources()
    for _, page in scans:
        sources.add(page)
    return sources.policy(for_meta=for_meta)


class InlineSources:
    """The hashes of a site's inline scripts, <style> elements and style attributes, page by page.

    The policy (`policy`) is one for the whole site:

    style-src: no 'unsafe-inline' either. <style> elements are allowed by hash. Style
    attributes (style="text-align: right" from Markdown tables) are allowed by hash
    through 'unsafe-hashes' in style-src-attr, which permits exactly those attribute
    values and nothing else; with none in the site, style-src-attr is 'none'. The
    theme's JavaScript only sets styles through the CSSOM, which CSP does not restrict.
    """

    def __init__(self) -> None:
        self.scripts: set[str] = set()
        self.styles: set[str] = set()
        self.style_attrs: set[str] = set()

    def add(self, page: Page) -> None:
        for tag in page.tags:
            if tag.name == "script" and "src" not in tag.attrs and tag.attrs.get("type", "").strip().lower() in JS_TYPES:
                self.scripts.add(sha256(tag.text))
            elif tag.name == "style":
                self.styles.add(sha256(tag.text))
            if "style" in tag.attrs:
                self.style_attrs.add(sha256(tag.attrs["style"]))

    def policy(self, *, for_meta: bool = False) -> str:
        return _policy(self.scripts, self.styles, self.style_attrs, for_meta=for_meta)

    def size(self) -> int:
        return len(self.scripts) + len(self.styles) + len(self.style_attrs)

    def __or__(self, other: InlineSources) -> InlineSources:
        both = InlineSources()
        both.scripts, both.styles, both.style_attrs = self.scripts | other.scripts, self.styles | other.styles, self.style_attrs | other.style_attrs
        return both


def _policy(scripts: set[str], styles: set[str], style_attrs: set[str], *, for_meta: bool) -> str:
    attrs = "'unsafe-hashes' " + " ".join(sorted(style_attrs)) if style_attrs else "'none'"
    directives = [
        ("default-src", "'none'"),
        ("script-src", " ".join(["'self'", *sorted(scripts)])),
        ("style-src", " ".join(["'self'", *sorted(styles)])),
        ("style-src-elem", " ".join(["'self'", *sorted(styles)])),
        ("style-src-attr", attrs),
        ("img-src", "'self' data:"),
        ("font-src", "'self'"),
        ("connect-src", "'self'"),
        ("worker-src", "'self'"),
        ("manifest-src", "'self'"),
        ("media-src", "'self'"),
        ("base-uri", "'self'"),
        ("form-action", "'self'"),
        ("object-src", "'none'"),
    ]
    if not for_meta:  # a <meta> policy cannot carry these; browsers warn if it tries
        directives.append(("frame-ancestors", "'none'"))
    return "; ".join(f"{name} {value}" for name, value in directives)


def headers_file(policy: str) -> str:
    """The `_headers` file (Netlify / Cloudflare Pages): every path gets the CSP and the other headers."""
    lines = ["# Written by the build (hooks/site_security.py); do not edit.", "/*", f"  Content-Security-Policy: {policy}"]
    lines += [f"  {name}: {value}" for name, value in OTHER_HEADERS.items()]
    return "\n".join(lines) + "\n"


def read_headers_file(path: Path) -> dict[str, str]:
    """The headers that `_headers` gives every path ('/*'), for a test server or another host's config."""
    headers: dict[str, str] = {}
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            section = line.strip()
        elif section == "/*" and ":" in line:
            name, value = line.strip().split(":", 1)
            headers[name.strip()] = value.strip()
    return headers


_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
_CHARSET = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.I)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)


def with_meta(text: str, policy: str) -> str:
    """The page with `policy` in a CSP <meta> right after its charset (before any script),
    on the same line, so that every other line and column stays where it was."""
    if '<meta http-equiv="Content-Security-Policy"' in text:  # a plain search before the pattern
        text = _META.sub("", text, count=1)
    anchor = _CHARSET.search(text) or _HEAD.search(text)
    if anchor is None:
        return text
    return text[: anchor.end()] + _meta_tag(policy) + text[anchor.end() :]


@functools.lru_cache(maxsize=8)  # one policy for most pages of a build
def _meta_tag(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy, quote=False).replace(chr(34), "&quot;")}">'


@dataclass(frozen=True)
class Lockdown:
    """The CSP of a checked site: the `_headers` policy, and the pages whose <meta> policy is
    still to be written, each with its policy (see `SiteAudit.lockdown`)."""

    policy: str
    pages: list[tuple[str, str]]  # (HTML file relative to the site, its <meta> policy)

    def apply(self, site: Path) -> str:
        """Write `_headers` and the <meta> policies; returns the header policy."""
        (site / HEADERS_FILE).write_text(headers_file(self.policy), encoding="utf-8")
        for name, policy in self.pages:
            path = site / name
            text = path.read_text(encoding="utf-8")
            updated = with_meta(text, policy)
            if updated != text:
                path.write_text(updated, encoding="utf-8")
        return self.policy


RENDERED, STANDALONE, OTHER = "rendered", "standalone", "other"  # kinds of page, for their CSP (see SiteAudit)


def standalone_policy() -> str:
    """The <meta> policy of a page with no inline script or style that runs no theme code."""
    return InlineSources().policy(for_meta=True)


class SiteAudit:
    """Link integrity, the script and privacy checks and the CSP of one built site, fed one
    page at a time as the build writes it (`add`); `finish` then reads the HTML pages it was
    not given, reports every problem together and applies the CSP.

    Each page is scanned once and the scan serves every check; only each page's anchors and
    the links to other pages' anchors are kept until the end. `files`: the files the site
    will have once built, when pages are added before they are all written (see LinkCheck).

    The CSP: `_headers` carries one policy for every inline script and style of the site.
    The pages the build renders (RENDERED) move between each other without reloading
    (instant navigation), so each carries in its <meta> the policy of all of them. A page
    the build writes itself with no theme (STANDALONE: a short link) carries the policy of
    its own inline code, known when it is written; any other page (OTHER: the 404 page,
    redirect pages) carries the rendered pages' policy and its own scripts' hashes. A page
    may be written with a policy in its <meta> already (`carried`): `on_policy` hears of
    each new policy of the rendered pages, so that the later ones carry it, and `lockdown`
    lists only the pages whose <meta> is not right."""

    def __init__(self, site: Path, site_url: str = "", files: set[str] | None = None, on_policy: Callable[[str], None] | None = None) -> None:
        self.site = site
        self.links = LinkCheck(site, site_url, files)
        self.sources = InlineSources()  # every page's
        self.rendered = InlineSources()  # the rendered pages'
        self.carried: dict[str, str] = {}  # rendered page -> the <meta> policy it was written with
        self.others: dict[str, tuple[str, InlineSources, str]] = {}  # any other page -> (kind, own sources, carried)
        self.security: list[Problem] = []
        self.names: set[str] = set()
        self.on_policy = on_policy
        self._scanner = Scanner()
        self._verdicts: dict[tuple[str, str, str], list[str]] = {}

    def add(self, name: str, text: str, kind: str = RENDERED, carried: str = "") -> None:
        """One HTML page (`name`: its path in the site) as it is written."""
        page = self._scanner.scan(text)
        self.names.add(name)
        self.links.add_page(name, page)
        self.security += page_problems(name, page, self._verdicts)
        self.sources.add(page)
        if kind != RENDERED:
            own = InlineSources()
            own.add(page)
            self.others[name] = (kind, own, carried)
            return
        self.carried[name] = carried
        before = self.rendered.size()
        self.rendered.add(page)
        if self.on_policy is not None and self.rendered.size() != before:
            self.on_policy(self.rendered.policy(for_meta=True))

    def complete(self, files: set[str] | None = None, kind: str = OTHER) -> None:
        """Scan the site's HTML pages that were not added (the 404 page, redirect pages, ...);
        `files`: the site's files, if already listed."""
        for name in sorted(n for n in files or site_files(self.site) if n.endswith(".html") and n not in self.names):
            self.add(name, (self.site / name).read_text(encoding="utf-8", errors="replace"), kind)

    def lockdown(self) -> Lockdown:
        """The site's CSP, from every page added, and the pages whose <meta> is still to be written."""
        shared = self.rendered.policy(for_meta=True)
        pages = [(name, shared) for name, carried in self.carried.items() if carried != shared]
        policies: dict[tuple[str, frozenset[str], frozenset[str], frozenset[str]], str] = {}  # most pages of a kind share one
        for name, (kind, own, carried) in self.others.items():
            key = (kind, frozenset(own.scripts), frozenset(own.styles), frozenset(own.style_attrs))
            if key not in policies:
                policies[key] = (own if kind == STANDALONE else self.rendered | own).policy(for_meta=True)
            if carried != policies[key]:
                pages.append((name, policies[key]))
        return Lockdown(self.sources.policy(), sorted(pages))

    def problems(self, files: set[str] | None = None) -> list[Problem]:
        """Every problem of the site's pages, their links (to the files the site has now, or
        `files`) and its style sheets."""
        files = files or site_files(self.site)
        return self.links.problems(files) + self.security + css_problems(self.site, files)

    def search_index_problems(self, locations: list[str] | None = None) -> list[Problem]:
        """Search results that lead to no page or anchor (once the search index is final);
        `locations`: the index's, if not read from its file."""
        return self.links.search_index_problems(locations)

    def finish(self, *, apply_policy: bool = True) -> str:
        """Every problem of the site, or else the CSP applied; returns the policy ('' when not applied).
        Every page of a site read from disk counts as rendered: all carry the site's policy."""
        self.complete(kind=RENDERED)
        problems = self.problems() + self.search_index_problems()
        if problems:
            raise HelpCenterError(problems)
        return self.lockdown().apply(self.site) if apply_policy else ""


def finish(site: Path, site_url: str = "", *, apply_policy: bool = True) -> str:
    """The post-build step on a built site: link integrity and security checks on every page,
    reported together; then, if all is well, the CSP. Returns the policy ('' when not applied);
    raises HelpCenterError."""
    return SiteAudit(site, site_url).finish(apply_policy=apply_policy)
