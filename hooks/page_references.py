"""Policy references in Markdown: `{{ returns.window }}` prints a fact, `{% shipping_table %}`
places a component. Fenced code blocks and inline code are left alone.

Knows nothing of MkDocs: it takes Markdown text and gives Markdown text, or
raises HelpCenterError naming the file, line and reference to fix.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import jinja2
import markupsafe

from problems import HelpCenterError, Problem
from safe_text import markdown_text

FACT = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
COMPONENT = re.compile(r"\{%\s*([^{}%]*?)\s*%\}")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
REFERENCE = re.compile(f"{FACT.pattern}|{COMPONENT.pattern}")
# The same references, each within one line (as REFERENCE finds them line by line).
LINE_REFERENCE = re.compile(REFERENCE.pattern.replace(r"\s", r"[^\S\n]").replace("[^{}", r"[^{}\n"))
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
NAME = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_-]*)*$")


class Components:
    """The component templates (one Jinja file each), rendered with the policy view.

    Autoescaping and StrictUndefined are on: every data value is HTML-escaped and
    a typo in a template stops the build instead of printing nothing.
    """

    def __init__(self, folder: Path, data: Mapping[str, object], rendered: Mapping[str, str] | None = None) -> None:
        """`rendered`: components without arguments rendered already (see `__reduce__`)."""
        self.folder = folder
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            bytecode_cache=_bytecode_cache(),
        )
        self.data = data
        self.names = sorted(p.stem for p in folder.glob("*.html") if not p.stem.startswith("_"))
        self._rendered: dict[str, str] = dict(rendered or {})  # the components without arguments: the same on every page

    def __reduce__(self) -> tuple[type[Components], tuple[Path, Mapping[str, object], dict[str, str]]]:
        """Sent to another process as the folder and data they are made from (a Jinja
        environment cannot be sent), with what was rendered already."""
        return (Components, (self.folder, self.data, self._rendered))

    def render(self, name: str, **extra: object) -> str:
        if extra:
            return self._render(name, extra)
        if name not in self._rendered:
            self._rendered[name] = self._render(name, {})
        return self._rendered[name]

    def _render(self, name: str, extra: Mapping[str, object]) -> str:
        html_text = self.env.get_template(f"{name}.html").render(**self.data, **extra)
        return _as_block(html_text)

    def with_slots(self, name: str, *slots: str) -> Callable[..., str]:
        """`name` rendered once, and a function that fills in the values of `slots` (text,
        escaped as the template would print it) for each use; each slot must be printed
        as it is in the template (no filter, no test). A blank value, one on several lines
        or one with a NUL is rendered the long way."""
        markers = {slot: f"\0{number}\0" for number, slot in enumerate(slots)}
        stamped = self._render(name, markers)

        def fill(**values: str) -> str:
            if any(not value.strip() or not value.isprintable() for value in values.values()):
                return self._render(name, values)
            text = stamped
            for slot, value in values.items():
                text = text.replace(markers[slot], str(markupsafe.escape(value)).replace("{", "&#123;"))
            return text

        return fill


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled components kept between builds in a folder of the user's own under the system's
    temporary folder, as Python keeps its bytecode: each is stored under its name and a
    checksum of its source, so an edited template is compiled again, and copies of a project
    (the tests', the benchmark's) share their entries instead of adding their own. Compiling
    is most of the time a build spends on the components; a cache that cannot be written only
    costs that again."""

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> jinja2.bccache.Bucket:
        return super().get_bucket(environment, f"{name}\0{self.get_source_checksum(source)}", None, source)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # no safe temporary folder of the user's own
        return None


def _as_block(html_text: str) -> str:
    # A raw HTML block in Markdown ends at the first blank line: keep it in one piece.
    # '{' as a character reference: data such as '{{ x }}' or '{: attr }' is not read as syntax
    # when the Markdown around the component is rendered again (FAQ pages).
    return "\n".join(line for line in html_text.replace("{", "&#123;").splitlines() if line.strip())


def render_references(
    text: str,
    *,
    file: str,
    facts: Mapping[str, str],
    component: Callable[[str], str] | None,
    component_names: list[str],
    first_line: int = 1,
) -> str:
    """Replace references in Markdown `text`; all unknown references are reported together.

    `first_line` is the line of `text` in `file`, for sources embedded in another file (FAQ answers).
    """
    problems: list[Problem] = []
    reference = functools.partial(_replacement, file=file, facts=facts, component=component, component_names=component_names, problems=problems)
    if "`" in text or "~" in text:
        out = _render_lines(text, first_line, reference)
    else:  # no code span and no fence: the whole text at once (most pages)
        out = _render_whole(text, first_line, reference)
    if problems:
        raise HelpCenterError(problems)
    return out


def _render_lines(text: str, first_line: int, reference: Callable[..., str]) -> str:
    out: list[str] = []
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=first_line):
        marker = FENCE.match(line) if "`" in line or "~" in line else None
        if marker is None and (fence or "{" not in line):  # most lines: nothing to do
            out.append(line)
            continue
        if fence:
            out.append(line)
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence) and not line.strip()[len(marker.group(1)) :].strip():
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            out.append(line)
            continue
        # `{{ example }}` inside inline code stays as written
        code = [span.span() for span in INLINE_CODE.finditer(line)]

        def replace(match: re.Match[str], line: str = line, number: int = number, code: list[tuple[int, int]] = code) -> str:
            if any(start <= match.start() < end for start, end in code):
                return match.group(0)
            return reference(match, line, number, match.start() + 1)

        out.append(REFERENCE.sub(replace, line))
    return "\n".join(out)


def _render_whole(text: str, first_line: int, reference: Callable[..., str]) -> str:
    """`_render_lines` for a text without code: the same replacements, found in one pass."""
    last, number = 0, first_line  # where the last reference was, and its line number

    def replace(match: re.Match[str]) -> str:
        nonlocal last, number
        start = match.start()
        number += text.count("\n", last, start)
        last = start
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        return reference(match, line, number, start - line_start + 1)

    return LINE_REFERENCE.sub(replace, text)


def _replacement(
    match: re.Match[str],
    line: str,
    number: int,
    column: int,
    *,
    file: str,
    facts: Mapping[str, str],
    component: Callable[[str], str] | None,
    component_names: list[str],
    problems: list[Problem],
) -> str:
    """What a reference on `line` (its `number` in the file) is replaced with; an unknown one
    stays as written, its problem added to `problems`."""
    fact, name = match.group(1), match.group(2)
    if fact is not None:
        if fact in facts:
            return markdown_text(facts[fact])  # data stays text: no HTML, no Markdown markup
        problems.append(_unknown(file, number, column, "fact", fact, list(facts), "{{ %s }}"))
    elif name not in component_names:
        problems.append(_unknown(file, number, column, "component", name, component_names, "{%% %s %%}"))
    elif line.strip() != match.group(0):
        problems.append(Problem(file, number, column, "", f"the component '{{% {name} %}}' must stand alone on its own line"))
    elif component is None:
        problems.append(Problem(file, number, column, "", f"components such as '{{% {name} %}}' cannot be used here; use facts like '{{{{ returns.window }}}}'"))
    else:
        return "\n" + component(name) + "\n"
    return match.group(0)


def _unknown(file: str, line: int, column: int, kind: str, name: str, known: list[str], form: str) -> Problem:
    if not NAME.match(name):
        return Problem(file, line, column, "", f"'{name}' is not a valid {kind} name; write it like {form % ('returns.window' if kind == 'fact' else 'shipping_table')}")
    guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean {form % guess[0]}?" if guess else "run `python scripts/check_policy.py --list` to see every name"
    return Problem(file, line, column, "", f"unknown {kind} {form % name}; {hint}")
