"""Policy drift lint: facts from policy.yml typed by hand into pages, and values that contradict it.

Two findings, each a `Problem` with file:line:column and the reference to write instead:

- typed by hand: a page says "$19.99" where the policy's `shipping.overnight.price` is $19.99.
  It is right today and wrong after the next price change: write `{{ shipping.overnight.price }}`.
- contradiction: a page says "14 days" next to "return" while `returns.window` is 30 days.

The lint reads the *source* Markdown (pages and FAQ answers), so text that references print
is never flagged; fenced code, inline code, references and HTML comments are skipped. A line
holding `<!-- drift: ignore -->` is skipped too, for the rare number that only looks like a fact.

The policy values are found by reading the facts' own formatted text with the same extractors
as the pages, so a new fact is linted without a change here. Knows nothing of MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from front_matter import FRONT_MATTER
from page_references import COMPONENT, FACT, FENCE, INLINE_CODE
from policy_loader import display_name, parse_yaml
from problems import HelpCenterError, Problem

IGNORE = "<!-- drift: ignore -->"
COMMENT = re.compile(r"<!--.*?-->")
Key = tuple[Any, ...]

NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty-five": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip
_NUMBER = r"\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
_DASH = r"\s*(?:-|–|—|to)\s*"
_MERIDIEM = r"\s*([ap])\.?\s*m\.?"

PATTERNS: dict[str, re.Pattern[str]] = {
    "money": re.compile(r"(?<![\w$])\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?(?![\d,]*\d)"),
    "duration": re.compile(
        rf"(?<![\w.$])(?:(next)|({_NUMBER})(?:{_DASH}(\d+))?)[\s-]+(calendar |business |working )?"
        r"(minute|hour|day|week|month)s?\b(?!\s+a\s+(?:day|week)\b)",
        re.IGNORECASE,
    ),
    "hours": re.compile(
        rf"(?<![\w:])(\d{{1,2}})(?::(\d{{2}}))?(?:{_MERIDIEM})?{_DASH}(\d{{1,2}})(?::(\d{{2}}))?(?:{_MERIDIEM}|(?<=\d\d))(?![\w:])",
        re.IGNORECASE,
    ),
    "email": re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    "url": re.compile(r"https?://[^\s)<>\]\"'`]+"),
    "phone": re.compile(r"(?<![\w+])\+?\d[\d ().-]{5,}\d(?![\w])"),
}
_MAYBE_VALUE = re.compile(r"[\d@]|https?://")
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(NUMBERS)})\b")


def maybe_value(line: str) -> bool:
    """Whether a line may hold a value: a digit, an address or a number word (two quick
    searches: one case-insensitive pattern with every number word is slow)."""
    return bool(_MAYBE_VALUE.search(line)) or bool(_NUMBER_WORD.search(line.lower()))
UNIT = {"minute": "minutes", "hour": "hours", "day": "days", "week": "days", "month": "months"}
KIND_NAMES = {"money": "price", "duration": "time span", "hours": "opening hours", "email": "email address", "url": "web address", "phone": "phone number"}


@dataclass(frozen=True)
class Found:
    """A value in some text: its kind, a comparable key, the text as written and its span."""

    kind: str
    key: Key
    text: str
    start: int
    end: int


def extract(text: str) -> list[Found]:
    """Every policy-like value in `text` (prices, time spans, opening hours, emails, URLs, phones)."""
    found: list[Found] = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            key = _key(kind, match)
            if key is not None:
                found.append(Found(kind, key, match.group(0).rstrip(".,;:!?"), match.start(), match.end()))
    # A phone-like run of digits inside a found URL or a time span is not a phone number.
    spans = [(f.start, f.end) for f in found if f.kind != "phone"]
    return sorted(
        (f for f in found if f.kind != "phone" or not any(s <= f.start < e for s, e in spans)), key=lambda f: f.start
    )


def _key(kind: str, match: re.Match[str]) -> Key | None:
    if kind == "money":
        return (Decimal(match.group(1).replace(",", "") + "." + (match.group(2) or "00")),)
    if kind == "duration":
        nxt, first, second, qualifier, unit = match.groups()
        low = 1 if nxt else _number(first)
        high = int(second) if second else low
        business = bool(qualifier) and qualifier.strip().lower() in ("business", "working")
        if nxt and not business:
            return None  # "next day" alone is not a time span
        factor = 7 if unit.lower() == "week" else 1
        return (low * factor, high * factor, "business days" if business else UNIT[unit.lower()])
    if kind == "hours":
        opens = _minutes(match.group(1), match.group(2), match.group(3))
        closes = _minutes(match.group(4), match.group(5), match.group(6))
        if opens is None or closes is None:
            return None
        if match.group(3) is None and match.group(6) is not None and match.group(2) is None:
            opens = _minutes(match.group(1), None, match.group(6))  # "9–11 AM"
        return (opens, closes)
    if kind == "email":
        return (match.group(0).lower(),)
    if kind == "url":
        url = match.group(0).rstrip(".,;:!?")
        return (re.sub(r"^https?://", "", url.lower()).rstrip("/"),)
    digits = re.sub(r"\D", "", match.group(0))
    return (digits,) if 7 <= len(digits) <= 15 else None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word.lower()]


def _minutes(hour: str, minute: str | None, meridiem: str | None) -> int | None:
    h, m = int(hour), int(minute or 0)
    if meridiem:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if meridiem.lower() == "p" else 0)
    elif minute is None or h > 24:
        return None  # "5-7" alone is a range of numbers, not hours
    return h * 60 + m


# ---------------------------------------------------------------- the policy's values


@dataclass
class DriftRules:
    """What the lint compares pages with: each policy value, and the words that point at each fact."""

    values: dict[tuple[str, Key], list[str]] = field(default_factory=dict)  # (kind, key) -> fact names
    kinds: dict[str, tuple[str, Key, str]] = field(default_factory=dict)  # fact -> (kind, key, value text)
    cues: dict[str, list[str]] = field(default_factory=dict)  # fact -> lowercase words near its values


# Words that, near a value of the same kind, say which fact a sentence is about.
CUES: dict[str, list[str]] = {
    "returns.window": ["return", "send it back", "send back", "send them back"],
    "refunds.within": ["refund"],
    "orders.cancel_window": ["cancel"],
    "orders.processing": ["processing", "process", "leave our supplier", "leaves our supplier"],
    "orders.shipping_confirmation": ["tracking number", "shipping confirmation"],
    "damaged.report_within": ["damaged", "broken", "wrong item", "defective", "faulty"],
    "shipping.late_after": ["late", "delayed", "lost", "hasn't moved", "has not moved"],
    "shipping.free_over": ["free shipping", "free standard", "shipping is free", "ships free", "free on"],
    "escalation.response": ["escalat", "supervisor"],
    "privacy.response": ["privacy", "personal data", "your data"],
    "hours.service": ["service hours", "customer service hours", "business hours", "office hours"],
}


def drift_rules(facts: Mapping[str, str], view: Mapping[str, Any]) -> DriftRules:
    """The lint's rules from the policy's facts (flat names -> text) and view (for channel and method names)."""
    rules = DriftRules()
    for name, text in facts.items():
        found = extract(text)
        if len(found) != 1:
            continue  # a fact without a value (a name, a sentence) or with several (left to its parts)
        value = found[0]
        rules.values.setdefault((value.kind, value.key), []).append(name)
        rules.kinds[name] = (value.kind, value.key, value.text)
    cues: dict[str, list[str]] = {name: list(words) for name, words in CUES.items()}
    for channel in view.get("channels", []):
        words = sorted({channel["id"], channel["name"].lower()})
        for part in ("hours", "response", "contact"):
            cues[f"channels.{channel['id']}.{part}"] = words
    for method in view.get("shipping", {}).get("methods", []):
        words = sorted({method["id"], method["name"].lower()})
        for part in ("price", "transit"):
            cues[f"shipping.{method['id']}.{part}"] = words
    rules.cues = {name: words for name, words in cues.items() if name in rules.kinds}
    return rules


# ---------------------------------------------------------------- linting text


def mask(line: str) -> str:
    """The line with inline code, references and HTML comments blanked out (columns kept)."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0))

    for pattern in (INLINE_CODE, FACT, COMPONENT, COMMENT):
        line = pattern.sub(blank, line)
    return line


def prose_lines(text: str) -> Iterable[tuple[int, str]]:
    """(index, masked line) for the lines of Markdown `text` outside fenced code blocks that
    may hold a value (masking only blanks text out, so a line without one is left out first)."""
    fence: str | None = None
    for index, line in enumerate(text.split("\n")):
        marker = FENCE.match(line)
        if fence:
            rest = line.strip()[len(marker.group(1)) :].strip() if marker else ""
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence) and not rest:
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        if IGNORE in line or not maybe_value(line):
            continue
        yield index, mask(line)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_\[])|\s*\|\s*")


def lint_text(
    text: str, file: str, rules: DriftRules, first_line: int = 1, columns: Mapping[int, int] | None = None
) -> list[Problem]:
    """Findings in Markdown `text` whose first line is line `first_line` of `file`.

    `columns` maps a line index of `text` to the column offset of that line in the file
    (for FAQ answers indented inside YAML).
    """
    problems = []
    for index, line in prose_lines(text):
        if not maybe_value(line):
            continue  # masking blanked out what made the line a candidate: skip the six patterns
        offset = (columns or {}).get(index, 0)
        for value in extract(line):
            message = _finding(value, _sentence(line, value), rules)
            if message:
                problems.append(Problem(file, first_line + index, offset + value.start + 1, "", message))
    return problems


def _sentence(line: str, value: Found) -> tuple[str, int]:
    """The lowercase sentence (or table cell) around `value`, and the value's position in it."""
    start = 0
    for end in SENTENCE_END.finditer(line):
        if end.start() >= value.start:
            return line[start : end.start()].lower(), value.start - start
        start = end.end()
    return line[start:].lower(), value.start - start


def _finding(value: Found, context: tuple[str, int], rules: DriftRules) -> str | None:
    sentence, position = context
    same = rules.values.get((value.kind, value.key), [])
    cued = _cued(value, sentence, position, rules)
    # An address is either the policy's or not; a number near the words of a fact with another
    # value ("phone ... 9 AM–6 PM" when that is the social media hours) contradicts that fact.
    if same and (value.kind in ("email", "url", "phone") or not cued or set(cued) & set(same)):
        best = [n for n in cued if n in same] or sorted(same, key=lambda n: n.startswith("standards."))
        names = " or ".join(f"{{{{ {n} }}}}" for n in best[:3])
        return f"'{value.text}' is typed by hand; write {names} so the page changes with policy.yml"
    if cued:
        name = cued[0]
        return (
            f"'{value.text}' contradicts the policy: {name} is {rules.kinds[name][2]}; "
            f"write {{{{ {name} }}}} instead"
        )
    if value.kind == "email" and any(value.key[0].split("@")[1] == k[0].split("@")[1] for (kind, k) in rules.values if kind == "email"):
        emails = sorted(n for (kind, _), names in rules.values.items() if kind == "email" for n in names)
        return f"'{value.text}' is not an address in the policy; write one of " + ", ".join(f"{{{{ {n} }}}}" for n in emails)
    return None


def _cued(value: Found, sentence: str, position: int, rules: DriftRules) -> list[str]:
    """Facts of the same kind and unit whose cue words are in the sentence, nearest first."""
    ranked = []
    for name, words in rules.cues.items():
        kind, key, _ = rules.kinds[name]
        if kind != value.kind or (kind == "duration" and key[2] != value.key[2]):
            continue
        distances = [abs(m.start() - position) for w in words for m in re.finditer(r"\b" + re.escape(w), sentence)]
        if distances:
            ranked.append((min(distances), name))
    return [name for _, name in sorted(ranked)]


# ---------------------------------------------------------------- pages and FAQ files


def lint_page(path: Path, file: str, rules: DriftRules) -> list[Problem]:
    """Findings in a Markdown page's body (front matter is left out: it cannot hold references)."""
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    start = match.end() if match else 0
    return lint_text(text[start:], file, rules, first_line=text[:start].count("\n") + 1)


def lint_faq(path: Path, root: Path, rules: DriftRules) -> list[Problem]:
    """Findings in the questions and answers of one FAQ topic file."""
    try:
        source = path.read_text(encoding="utf-8")
        document = parse_yaml(source, display_name(path, root))
    except (OSError, UnicodeDecodeError, HelpCenterError):
        return []  # the FAQ loader reports it
    lines = source.split("\n")
    entries = document.data.get("entries") if isinstance(document.data, dict) else None
    problems = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        for key in ("q", "a"):
            text = entry.get(key) if isinstance(entry, dict) else None
            if not isinstance(text, str):
                continue
            first, _ = document.place(("entries", index, key))
            columns = {}
            for number, part in enumerate(text.split("\n")):
                source = lines[first - 1 + number] if first - 1 + number < len(lines) else ""
                columns[number] = max(source.find(part), 0) if part else 0
            problems.extend(lint_text(text, document.file, rules, first_line=first, columns=columns))
    return problems


def lint_site(
    pages: Iterable[Path], faq_folder: Path, root: Path, facts: Mapping[str, str], view: Mapping[str, Any]
) -> list[Problem]:
    """Every finding in the pages and the FAQ sources, sorted by file and line."""
    rules = drift_rules(facts, view)
    problems = [p for page in pages for p in lint_page(page, display_name(page, root), rules)]
    problems += [p for path in sorted(faq_folder.glob("*.yml")) for p in lint_faq(path, root, rules)]
    return sorted(problems)
