"""Property-based: whatever YAML an editor writes, the loader answers with a Policy or with the
project's own HelpCenterError (file, line, message), never another exception.

Fixed seed and example counts (derandomize=True), so CI runs the same examples every time.
"""

from __future__ import annotations

import datetime
import functools
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from faq_model import TopicFile
from policy_loader import load_policy, load_yaml, validate
from policy_model import Policy
from problems import HelpCenterError

FUZZ = settings(derandomize=True, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
SAMPLE = yaml.safe_load((ROOT / "content" / "policies" / "policy.yml").read_text(encoding="utf-8"))
FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-"))


def _keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return {str(k) for k in data} | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


# Keys the policy uses (so trees reach the validators), plus random ones.
KEYS = st.sampled_from(sorted(_keys(SAMPLE) | {"id", "q", "a", "keywords", "entries", "title"})) | st.text(max_size=12)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(["24/7", "Mon-Fri 09:00-17:00", "Fri-Mon 25:00-09:00", "30 days", "5-7 business days", "America/New_York",
                      "https://example.com", "javascript:alert(1)", "+1 555 0100", "a@b.co", "2026-02-30", "$1,000.999", "0"])
    | st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1))
)
TREES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5), max_leaves=30)


def _loads(text: str, check: Any) -> None:
    path = FOLDER / "policy.yml"
    path.write_text(text, encoding="utf-8")
    try:
        check(path)
    except HelpCenterError as error:
        assert error.problems, "a HelpCenterError must list at least one problem"
        for problem in error.problems:
            assert problem.file == "policy.yml" and problem.message, problem
            assert "Traceback" not in str(problem)


def _policy(path: Path) -> None:
    load_policy(path, FOLDER)


def _faq(path: Path) -> None:
    validate(load_yaml(path, FOLDER), TopicFile)


@FUZZ
@given(TREES)
def test_random_yaml_trees(tree: Any) -> None:
    _loads(yaml.safe_dump(tree, allow_unicode=True), _policy)


def _replace(data: Any, path: list[int], value: Any) -> Any:
    """`data` with the subtree that `path` walks to replaced by `value` (indices wrap around)."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return value
    if isinstance(data, dict):
        keys = list(data)
        key = keys[path[0] % len(keys)]
        return {**data, key: _replace(data[key], path[1:], value)}
    index = path[0] % len(data)
    return [*data[:index], _replace(data[index], path[1:], value), *data[index + 1 :]]


@FUZZ
@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=5), TREES)
def test_the_real_policy_with_one_subtree_replaced(path: list[int], value: Any) -> None:
    text = yaml.safe_dump(_replace(SAMPLE, path, value), allow_unicode=True, sort_keys=False)
    _loads(text, _policy)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("abc:-[]{}!&*#?|>'\"\n\t %@`,.0123456789\\")), max_size=120))
def test_random_yaml_text(text: str) -> None:
    _loads(text, _policy)


@FUZZ
@given(TREES)
def test_random_faq_topics(tree: Any) -> None:
    _loads(yaml.safe_dump(tree, allow_unicode=True), _faq)


def test_the_real_policy_loads() -> None:
    """The fuzzing starts from a valid file: the properties above are not vacuous."""
    _loads(yaml.safe_dump(SAMPLE, allow_unicode=True, sort_keys=False), _policy)
    assert isinstance(load_policy(FOLDER / "policy.yml", FOLDER), Policy)


# Markdown made of references (known, unknown, malformed), text, spaces and line breaks; no code.
PIECES = st.sampled_from(["{{ returns.window }}", "{{ returns.windw }}", "{{ Bad Name }}", "{% box %}", "{% boks %}", "{{", "}}", "{%", "%}", "{", "}", " ", "\n", "\t", "word", "\r"])


@FUZZ
@given(st.lists(PIECES, max_size=40).map("".join))
@example("{{\n}} and {{ returns.window\n}} and {%\nbox %}")
@example("a\n  {% box %}  \nb {% box %}\n{{ returns.windw }}")
def test_references_found_in_one_pass_as_line_by_line(text: str) -> None:
    """Text without code goes through `render_references` in one pass (`_render_whole`): the
    same output and the same problems, with their lines and columns, as line by line."""
    from page_references import _render_lines, _render_whole, _replacement

    def outcome(render: Any) -> tuple[str, list[Any]]:
        problems: list[Any] = []
        reference = functools.partial(
            _replacement, file="docs/a.md", facts={"returns.window": "30 days"}, component=lambda name: "<div>box</div>", component_names=["box"], problems=problems
        )
        return render(text, 3, reference), problems

    assert outcome(_render_whole) == outcome(_render_lines)
