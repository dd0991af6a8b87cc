"""The one loader: YAML text -> validated model, or one HelpCenterError listing every problem.

The build, the scripts and the tests all call `load_policy` (and `load_yaml`
for other data files such as the FAQ), so an editor sees the same message
everywhere: `file:line:column: key.path: expected ..., found ...`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from problems import HelpCenterError, Problem

if TYPE_CHECKING:
    from pydantic import BaseModel

    from policy_model import Policy

Loc = tuple[str | int, ...]
M = TypeVar("M", bound="BaseModel")


class DataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML without YAML 1.1 surprises: only true/false are booleans, 09:00 stays a string
    (not 540 minutes), NO stays a country code, dates stay text for the model. Parsed by libyaml
    where it is installed: pages are many, so parsing has to be quick."""


DataLoader.yaml_implicit_resolvers = {}
DataLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
DataLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789.")
)
DataLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


@dataclass
class YamlDocument:
    """Parsed data plus where each key path sits in the file."""

    file: str
    data: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    labels: dict[Loc, str] = field(default_factory=dict)

    def place(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The line and column of `loc`, or of its nearest parent that the file has."""
        marks = self.key_marks if key else self.value_marks
        while loc:
            if loc in marks:
                return marks[loc]
            if loc in self.key_marks:
                return self.key_marks[loc]
            loc = loc[:-1]
        return self.value_marks.get((), (1, 1))

    def path(self, loc: Loc) -> str:
        """'shipping.methods[Overnight].price': list items by their id or name where they have one."""
        text = ""
        for depth, part in enumerate(loc):
            if isinstance(part, int):
                label = self.labels.get(tuple(loc[: depth + 1]))
                text += f"[{label or part}]"
            else:
                text += ("." if text else "") + str(part)
        return text


def display_name(path: Path, root: Path | None = None) -> str:
    """A path as editors see it in their checkout: relative to the project where possible."""
    base = root or Path.cwd()
    if path.is_absolute() and base.is_absolute() and ".." not in path.parts and path.is_relative_to(base):
        return path.relative_to(base).as_posix()  # the usual case, without resolving links on disk
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_yaml(path: Path, root: Path | None = None) -> YamlDocument:
    """Parse a YAML data file, keeping positions; syntax errors and duplicate keys are Problems."""
    name = display_name(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HelpCenterError([Problem(name, 0, 0, "", "file not found; restore it or fix the path in mkdocs.yml")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise HelpCenterError([Problem(name, 0, 0, "", f"cannot read the file as UTF-8 text ({error.__class__.__name__})")]) from None
    document = parse_yaml(text, name)
    if document.data is None:
        raise HelpCenterError([Problem(name, 1, 1, "", "the file is empty; expected the keys of the document")])
    return document


def parse_yaml(
    text: str, file: str, first_line: int = 1, hint: str = "check the indentation and quoting on this line or the one before it"
) -> YamlDocument:
    """YAML text -> data with the line and column of every key. `first_line` places text taken
    from inside another file (front matter); `hint` ends a syntax error's message."""
    loader = DataLoader("\n" * (first_line - 1) + text)
    try:
        document = YamlDocument(file, None)
        node = loader.get_single_node()
        if node is not None:
            problems: list[Problem] = []
            _walk(node, (), document, problems)
            if problems:
                raise HelpCenterError(problems)
            document.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (first_line, 0)
        what = (error.problem or "invalid YAML").strip()
        if error.context:
            what = f"{error.context.strip()}, {what}"
        raise HelpCenterError([Problem(file, line, column, "", f"YAML syntax error: {what} ({hint})")]) from None
    except yaml.YAMLError as error:
        raise HelpCenterError([Problem(file, first_line, 0, "", f"YAML syntax error: {error}")]) from None
    finally:
        loader.dispose()
    return document


def _walk(node: yaml.Node, loc: Loc, document: YamlDocument, problems: list[Problem]) -> None:
    # A block scalar (`key: |`) has its text on the lines after the indicator.
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    document.value_marks[loc] = (node.start_mark.line + 1 + block, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            child = (*loc, key)
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in seen:
                problems.append(
                    Problem(document.file, line, column, document.path(child), "this key appears twice; keep one of them")
                )
            seen.add(key)
            document.key_marks[child] = (line, column)
            _walk(value_node, child, document, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            if isinstance(item, yaml.MappingNode):
                keys = {k.value: v for k, v in item.value if isinstance(v, yaml.ScalarNode)}
                label = next((keys[k].value for k in ("name", "id", "q") if k in keys), None)
                if label:
                    document.labels[child] = label if len(label) <= 40 else label[:37] + "..."
            _walk(item, child, document, problems)


def validate(document: YamlDocument, model: type[M]) -> M:
    """Validate parsed data against a model; every error becomes a Problem with its place."""
    from pydantic import ValidationError  # parsing needs no pydantic: the build process only parses

    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        raise HelpCenterError([_problem(document, model, e) for e in error.errors()]) from None


def load_policy(path: Path, root: Path | None = None) -> Policy:
    """Load and validate the policy file. Raises HelpCenterError listing every problem."""
    from policy_model import Policy

    return validate(load_yaml(path, root), Policy)


def _problem(document: YamlDocument, model: type[BaseModel], error: Any) -> Problem:
    loc = _data_loc(document.data, error["loc"])
    kind = error["type"]
    found = error.get("input")
    if kind == "extra_forbidden":
        line, column = document.place(loc, key=True)
        allowed = _allowed_keys(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"allowed keys here: {', '.join(allowed)}"
        return Problem(document.file, line, column, document.path(loc), f"unknown key; {hint}")
    if kind == "missing":  # at the group's key, or at the start of the list item that lacks it
        line, column = document.place(loc[:-1], key=not (len(loc) > 1 and isinstance(loc[-2], int)))
        return Problem(document.file, line, column, document.path(loc), "required key is missing; add it")
    # a problem with a whole list or group points at its key; a value's problem at the value
    line, column = document.place(loc, key=isinstance(found, (list, dict)))
    expected = _expected(error)
    culprit = _culprit(document, loc, expected) if kind == "value_error" else None
    if culprit:  # a cross-check on a list or group ("found 'drone'"): point at that value
        line, column = document.place(culprit)
    if ", found " not in expected:
        expected += f", found {_show(found)}"
    return Problem(document.file, line, column, document.path(loc), expected)


def _data_loc(data: Any, raw: Loc) -> Loc:
    """pydantic's error location as a path in the data: its own steps ('function-after[...]') left out,
    while keys of the file are kept even when they look like one (a key may be '[')."""
    loc: list[str | int] = []
    for part in raw:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue
        else:
            data = None
        loc.append(part)
    return tuple(loc)


def _culprit(document: YamlDocument, loc: Loc, message: str) -> Loc | None:
    """The place of the value that a cross-check names ("found 'drone'", "found 2026-01-01 twice")
    inside `loc`: its last occurrence, which for a duplicate is the second one."""
    match = re.search(r"found '([^']*)'|found (\S+) twice", message)
    if match is None:
        return None
    wanted = match.group(1) if match.group(1) is not None else match.group(2)
    hits = [at for at in document.value_marks if at[: len(loc)] == loc and len(at) > len(loc) and _value(document.data, at) == wanted]
    return max(hits, key=lambda at: document.value_marks[at]) if hits else None


def _value(data: Any, loc: Loc) -> str | None:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return None if isinstance(data, (dict, list)) else str(data)


def _expected(error: Any) -> str:
    message: str = error["msg"]
    kind = error["type"]
    context = error.get("ctx") or {}
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
        return message if "found '" in message or message.endswith(" twice") else message.split(", found ")[0]
    simple = {
        "string_type": "expected text",
        "int_type": "expected a whole number",
        "int_parsing": "expected a whole number",
        "int_from_float": "expected a whole number",
        "bool_type": "expected true or false",
        "bool_parsing": "expected true or false",
        "list_type": "expected a list (lines starting with '- ')",
        "dict_type": "expected a group of keys",
        "model_type": "expected a group of keys",
        "model_attributes_type": "expected a group of keys",
        "date_from_datetime_parsing": "expected a date like 2026-12-25",
        "date_parsing": "expected a date like 2026-12-25",
        "date_type": "expected a date like 2026-12-25",
        "too_short": "expected at least one entry",
        "string_too_short": "expected some text",
    }
    if kind == "string_too_short" and context.get("min_length", 1) > 1:
        return f"expected at least {context['min_length']} characters"
    if kind == "too_short" and context.get("min_length", 1) > 1:
        return f"expected at least {context['min_length']} entries"
    if kind in simple:
        return simple[kind]
    if kind == "literal_error":
        return f"expected {context.get('expected', 'one of the allowed values')}"
    if kind == "string_pattern_mismatch":
        return "expected a short lowercase name (letters, digits, dashes)" if "a-z" in str(context.get("pattern")) else f"expected text matching {context.get('pattern')}"
    if kind in ("greater_than_equal", "less_than_equal", "string_too_long"):
        return "expected " + message[0].lower() + message[1:]
    return "expected " + message[0].lower() + message[1:]


def _show(value: Any) -> str:
    if value == [] or value == {}:
        return "nothing (an empty list)" if value == [] else "nothing (an empty group)"
    if isinstance(value, dict):
        return "a group of keys"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys that the model accepts at `loc`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _model_in(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_in(argument)
        if found is not None:
            return found
    return None
