"""A catalogue of bad inputs: each fails with its own clear message naming file, line and what
to fix, and never with a traceback.

- policy file and FAQ sources: the one loader (`load_policy`, `HelpCenter.load`) directly;
- pages (front matter, references): the real strict build, once for all page cases together
  (every problem is reported at once), each case asserting its own message.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, Build, build, copy_project
from helpcenter import HelpCenter
from policy_loader import load_policy
from problems import HelpCenterError, Problem

POLICY = "content/policies/policy.yml"
SOURCE = (ROOT / POLICY).read_text(encoding="utf-8")
RETRY = "(check the indentation and quoting on this line or the one before it)"


@dataclass(frozen=True)
class Case:
    id: str
    old: str  # replaced once by `new`; "" replaces the whole file
    new: str
    message: str  # "key.path: what to fix", as the editor reads it
    at: str = ""  # a regex for the line the problem points at; default: where `new` starts
    more: tuple[tuple[str, str], ...] = ()  # further (line regex, message) that the same mistake causes

    def text(self, source: str) -> str:
        if not self.old:
            return self.new
        assert self.old in source, f"{self.id}: the sample file no longer contains {self.old!r}"
        return source.replace(self.old, self.new, 1)

    def line(self, text: str, at: str | None = None) -> int:
        at = self.at if at is None else at
        if at:
            match = re.search(at, text, re.M)
            assert match, at
            return text.count("\n", 0, match.start()) + 1
        return text.count("\n", 0, text.index(self.new)) + 1 if self.new else 1

    def expected(self, file: str, text: str) -> list[tuple[str, int, str]]:
        found = [(file, self.line(text), self.message)] + [(file, self.line(text, at), message) for at, message in self.more]
        return sorted(found)


def shown(problem: Problem) -> str:
    return f"{problem.path}: {problem.message}" if problem.path else problem.message


POLICY_CASES = [
    Case("yaml-unclosed-list", "      methods: [standard, expedited]\n", "      methods: [standard, expedited\n",
         f"YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']' {RETRY}", at=r"^      customs_paid_by_recipient"),
    Case("yaml-tab-indent", "  window: 30 days\n", "  window: 30 days\n\tcondition: new\n",
         f"YAML syntax error: while scanning a plain scalar, found a tab character that violates indentation {RETRY}", at=r"^\tcondition"),
    Case("yaml-undefined-alias", "  window: 30 days\n", "  window: *thirty\n", f"YAML syntax error: found undefined alias {RETRY}"),
    Case("empty-file", "", "# nothing yet\n", "the file is empty; expected the keys of the document"),
    Case("top-level-list", "", "- store\n- channels\n", "expected a group of keys, found a list"),
    Case("missing-key", "  window: 30 days\n", "", "returns.window: required key is missing; add it", at=r"^returns:"),
    Case("missing-section", "refunds:\n  method: the original payment method\n  within: 7 business days\n", "",
         "refunds: required key is missing; add it", at=r"^store:"),  # the document's first key
    Case("unknown-key", "  exchanges: false\n", "  exchange: false\n", "returns.exchange: unknown key; did you mean 'exchanges'?"),
    Case("misspelt-required-key", "  window: 30 days\n", "  windw: 30 days\n", "returns.windw: unknown key; did you mean 'window'?",
         more=((r"^returns:", "returns.window: required key is missing; add it"),)),
    Case("misspelt-section", "refunds:\n", "refund:\n", "refund: unknown key; did you mean 'refunds'?",
         more=((r"^store:", "refunds: required key is missing; add it"),)),
    Case("duplicate-key", "  name: Juniper Lane Goods\n", "  name: Juniper Lane Goods\n  name: Juniper Lane\n",
         "store.name: this key appears twice; keep one of them", at=r"^  name: Juniper Lane$"),
    Case("wrong-type-number", "  csat_min_percent: 80\n", "  csat_min_percent: eighty\n",
         "service_standards.csat_min_percent: expected a whole number, found 'eighty'"),
    Case("wrong-type-list", "  laws: [GDPR, CCPA]\n", "  laws: GDPR\n", "privacy.laws: expected a list (lines starting with '- '), found 'GDPR'"),
    Case("wrong-type-group", "  cancellation:\n    window: 12 hours\n    only_if_not_shipped: true\n", "  cancellation: 12 hours\n",
         "orders.cancellation: expected a group of keys, found '12 hours'"),
    Case("wrong-type-boolean", "  exchanges: false\n", "  exchanges: maybe\n", "returns.exchanges: expected true or false, found 'maybe'"),
    Case("closing-before-opening", "    hours: Mon-Fri 09:00-17:00\n", "    hours: Mon-Fri 17:00-09:00\n",
         "channels[Phone].hours: expected the closing time after the opening time, found 'Mon-Fri 17:00-09:00'"),
    Case("unknown-weekday", "    hours: Mon-Fri 08:00-20:00\n", "    hours: Mon-Fry 08:00-20:00\n",
         "channels[Live chat].hours: expected hours like 'Mon-Fri 09:00-17:00' or '24/7', found 'Mon-Fry 08:00-20:00'"),
    Case("negative-cost", "      price: 5.99\n", "      price: -5.99\n",
         "shipping.methods[Standard].price: expected an amount like 19.99 (zero or more), found -5.99"),
    Case("three-decimals", "      price: 12.99\n", "      price: 12.999\n",
         "shipping.methods[Expedited].price: expected an amount like 19.99 (at most two decimals), found 12.999"),
    Case("unknown-time-zone", "  time_zone: America/New_York\n", "  time_zone: Mars/Olympus\n",
         "store.time_zone: expected an IANA time zone like 'America/New_York', found 'Mars/Olympus'"),
    Case("non-https-url", "  website: https://www.example.com\n", "  website: http://www.example.com\n",
         "store.website: expected a web address starting with https:// (no other scheme is allowed), found 'http://www.example.com'"),
    Case("javascript-url", "  form_url: https://www.example.com/feedback\n", "  form_url: javascript:alert(1)\n",
         "feedback.form_url: expected a web address starting with https:// (no other scheme is allowed), found 'javascript:alert(1)'"),
    Case("bad-email", "  email: privacy@example.com\n", "  email: privacy at example.com\n",
         "privacy.email: expected an email address like 'help@example.com', found 'privacy at example.com'"),
    Case("bad-phone", "    phone: +1 555 0100\n", "    phone: call us\n",
         "channels[Phone].phone: expected a phone number like '+1 555 0100' (digits, spaces, dashes, a leading +), found 'call us'"),
    Case("bad-duration", "  window: 30 days\n", "  window: thirty days\n",
         "returns.window: expected a duration like '30 days', '24 hours' or '7 business days', found 'thirty days'"),
    Case("reversed-day-range", "      transit: 5-7 business days\n", "      transit: 7-5 business days\n",
         "shipping.methods[Standard].transit: expected business days like '5-7 business days' or 'next business day' "
         "(the first number at least 1 and not above the second), found '7-5 business days'"),
    Case("impossible-date", "    - date: 2026-05-25\n", "    - date: 2026-02-30\n",
         "service_hours.holidays[Memorial Day].date: expected a date like 2026-12-25, found '2026-02-30'"),
    Case("percent-out-of-range", "  csat_min_percent: 80\n", "  csat_min_percent: 180\n",
         "service_standards.csat_min_percent: expected input should be less than or equal to 100, found 180"),
    Case("unknown-choice", "  return_shipping_paid_by: shopper\n", "  return_shipping_paid_by: customer\n",
         "returns.return_shipping_paid_by: expected 'shopper' or 'store', found 'customer'"),
    Case("lowercase-country", "    - country: CA\n", "    - country: ca\n",
         "shipping.regions[Canada].country: expected text matching ^[A-Z]{2}$, found 'ca'"),
    Case("id-with-capitals", "  - id: chat\n", "  - id: Chat\n",
         "channels[Live chat].id: expected a short lowercase name (letters, digits, dashes), found 'Chat'"),
    Case("empty-required-list", "  remedies: [replacement, full refund]\n", "  remedies: []\n",
         "damaged_or_wrong_items.remedies: expected at least one entry, found nothing (an empty list)"),
    Case("duplicate-channel-id", "  - id: phone\n", "  - id: email\n", "channels: expected each id once, found 'email' twice",
         at=r"^  - id: email\n    name: Phone"),  # the second one
    Case("duplicate-holiday", "    - date: 2026-05-25\n", "    - date: 2026-01-01\n",
         "service_hours.holidays: expected each holiday date once, found 2026-01-01 twice", at=r"^    - date: 2026-01-01\n      name: Memorial Day"),
    Case("unknown-method-in-region", "      methods: [standard, expedited]\n", "      methods: [standard, drone]\n",  # points at 'drone' 
         "shipping.regions: expected shipping method ids (standard, expedited, overnight), found 'drone' for Canada"),
    Case("text-too-long", "  name: Juniper Lane Goods\n", "  name: " + "J" * 201 + "\n",
         "store.name: expected string should have at most 200 characters, found '" + "J" * 56 + "..."),
]


@pytest.mark.parametrize("case", POLICY_CASES, ids=[c.id for c in POLICY_CASES])
def test_bad_policy_file(tmp_path: Path, case: Case) -> None:
    text = case.text(SOURCE)
    path = tmp_path / POLICY
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HelpCenterError) as caught:
        load_policy(path, tmp_path)
    assert sorted((p.file, p.line, shown(p)) for p in caught.value.problems) == case.expected(POLICY, text)


def test_missing_and_unreadable_policy_file(tmp_path: Path) -> None:
    path = tmp_path / POLICY
    with pytest.raises(HelpCenterError) as caught:
        load_policy(path, tmp_path)
    assert str(caught.value.problems[0]) == f"{POLICY}: file not found; restore it or fix the path in mkdocs.yml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"store:\n  name: Caf\xe9\n")
    with pytest.raises(HelpCenterError) as caught:
        load_policy(path, tmp_path)
    assert str(caught.value.problems[0]) == f"{POLICY}: cannot read the file as UTF-8 text (UnicodeDecodeError)"


# ---------------------------------------------------------------- FAQ sources

FAQ = "content/faq/zz-bad.yml"
GOOD_FAQ = "title: Bad inputs\ndescription: A topic used by the bad-input tests.\norder: 99\nentries:\n  - id: bad-input-question\n    q: Is this a good question?\n    a: It is, and the answer is long enough.\n"

FAQ_CASES = [
    Case("faq-yaml-syntax", "    q: Is this a good question?\n", "    q: Is this: a good question?\n",
         f"YAML syntax error: mapping values are not allowed in this context {RETRY}"),
    Case("faq-missing-entries", "entries:\n  - id: bad-input-question\n    q: Is this a good question?\n    a: It is, and the answer is long enough.\n", "",
         "entries: required key is missing; add it", at=r"\A"),
    Case("faq-bad-id", "  - id: bad-input-question\n", "  - id: Bad Input\n",
         "entries[Bad Input].id: expected a short lowercase name (letters, digits, dashes), found 'Bad Input'"),
    Case("faq-duplicate-id", "  - id: bad-input-question\n", "  - id: return-window\n",
         "entries[0].id: the id 'return-window' is already used in content/faq/returns.yml; pick another"),
    Case("faq-unknown-key", "    q: Is this a good question?\n", "    question: Is this a good question?\n",
         "entries[bad-input-question].question: unknown key; allowed keys here: id, q, a, keywords",
         more=((r"^  - id:", "entries[bad-input-question].q: required key is missing; add it"),)),  # the item that lacks it
    Case("faq-question-too-short", "    q: Is this a good question?\n", "    q: Why\n",
         "entries[bad-input-question].q: expected at least 5 characters, found 'Why'"),
    Case("faq-keywords-not-a-list", "    a: It is, and the answer is long enough.\n", "    a: It is, and the answer is long enough.\n    keywords: refund\n",
         "entries[bad-input-question].keywords: expected a list (lines starting with '- '), found 'refund'", at=r"^    keywords"),
    Case("faq-unknown-fact", "    a: It is, and the answer is long enough.\n", "    a: You have {{ returns.windw }} to send it back.\n",
         "unknown fact {{ returns.windw }}; did you mean {{ returns.window }}?"),
    Case("faq-component-inline", "    a: It is, and the answer is long enough.\n", "    a: Here are the terms {% return_terms %} for you.\n",
         "the component '{% return_terms %}' must stand alone on its own line"),
    Case("faq-javascript-link", "    a: It is, and the answer is long enough.\n", "    a: Pay [here](javascript:alert(1)) today.\n",
         "entries[bad-input-question].a: link to 'javascript:alert(1)' is not allowed; links may only be https://, mailto:, tel: or pages of this help center"),
]


@pytest.fixture(scope="module")
def faq_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("faq") / "project")


@pytest.mark.parametrize("case", FAQ_CASES, ids=[c.id for c in FAQ_CASES])
def test_bad_faq_source(faq_project: Path, case: Case) -> None:
    text = case.text(GOOD_FAQ)
    source = faq_project / FAQ
    source.write_text(text, encoding="utf-8")
    try:
        with pytest.raises(HelpCenterError) as caught:
            HelpCenter.load(faq_project)
    finally:
        source.unlink()
    assert sorted((p.file, p.line, shown(p)) for p in caught.value.problems) == case.expected(FAQ, text)


def test_good_faq_sample_loads(faq_project: Path) -> None:
    """The catalogue's FAQ sample is itself valid: each case breaks exactly one thing."""
    source = faq_project / FAQ
    source.write_text(GOOD_FAQ, encoding="utf-8")
    try:
        assert any(page.source == FAQ for page in HelpCenter.load(faq_project).faq)
    finally:
        source.unlink()


# ---------------------------------------------------------------- pages: front matter and references

ARTICLE = (
    "---\ntitle: A sample article\ndescription: A page that the bad-input tests break in one place.\nid: {id}\n"
    "category: Returns and refunds\nowner: Returns specialist\nlast_reviewed: 2026-11-26\n---\n\n# A sample article\n\n"
    "You have {{{{ returns.window }}}} to return an item.\n"
)
PAGE_CASES = [
    Case("page-unknown-fact", "You have {{ returns.window }}", "You have {{ returns.windw }}", "unknown fact {{ returns.windw }}; did you mean {{ returns.window }}?"),
    Case("page-invalid-fact-name", "You have {{ returns.window }}", "You have {{ 7*7 }}", "'7*7' is not a valid fact name; write it like {{ returns.window }}"),
    Case("page-unknown-component", "You have {{ returns.window }} to return an item.\n", "{% shiping_table %}\n",
         "unknown component {% shiping_table %}; did you mean {% shipping_table %}?"),
    Case("page-component-inline", "You have {{ returns.window }} to return an item.\n", "See {% shipping_table %} here.\n",
         "the component '{% shipping_table %}' must stand alone on its own line"),
    Case("page-no-front-matter", "", "# No front matter\n\nJust text.\n",
         "front matter is missing; start the page with '---', then title, description, id, category, owner, last_reviewed, then '---'"),
    Case("page-missing-owner", "owner: Returns specialist\n", "", "owner: required key is missing; add it", at=r"^title:"),
    Case("page-unknown-key", "owner: Returns specialist\n", "owner: Returns specialist\nauthor: Sam\n",
         "author: unknown key; allowed keys here: title, description, hide, search, id, category, owner, last_reviewed, keywords", at=r"^author"),
    Case("page-bad-date", "last_reviewed: 2026-11-26\n", "last_reviewed: 26/11/2026\n", "last_reviewed: expected a date like 2026-12-25, found '26/11/2026'"),
    Case("page-wrong-category", "category: Returns and refunds\n", "category: Returns\n",
         "category: expected 'Returns and refunds' (the title of docs/returns-refunds/index.md), found 'Returns'"),
    Case("page-duplicate-id", "id: {id}\n", "id: refunds\n", "id: the id 'refunds' is already used by docs/returns-refunds/refunds.md:4; pick another"),
]


@pytest.fixture(scope="module")
def page_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One strict build with every page case in its own file: all their problems come at once."""
    project = copy_project(tmp_path_factory.mktemp("pages") / "project")
    for case in PAGE_CASES:
        sample = ARTICLE.format(id=f"zz-{case.id}")
        (project / "docs" / "returns-refunds" / f"zz-{case.id}.md").write_text(case.text(sample.replace("id: zz-" + case.id, "id: {id}") if "{id}" in case.old else sample).replace("{id}", f"zz-{case.id}"), encoding="utf-8")
    result = build(project)
    shutil.rmtree(project / "site", ignore_errors=True)
    return result


@pytest.mark.parametrize("case", PAGE_CASES, ids=[c.id for c in PAGE_CASES])
def test_bad_page(page_build: Build, case: Case) -> None:
    assert page_build.returncode == 1
    assert "Traceback" not in page_build.output
    sample = ARTICLE.format(id=f"zz-{case.id}")
    text = case.text(sample.replace("id: zz-" + case.id, "id: {id}") if "{id}" in case.old else sample).replace("{id}", f"zz-{case.id}")
    name = f"docs/returns-refunds/zz-{case.id}.md"
    lines = [line.strip() for line in page_build.output.splitlines() if line.strip().startswith(name + ":")]
    assert len(lines) == 1, lines
    file, line, rest = re.match(r"^([^:]+):(\d+):(?:\d+: )?(.*)$", lines[0]).groups()  # type: ignore[union-attr]
    assert (file, int(line), rest.removeprefix(" ")) == (name, case.line(text), case.message)


def test_catalogue_has_at_least_thirty_distinct_cases() -> None:
    cases = POLICY_CASES + FAQ_CASES + PAGE_CASES
    assert len({c.id for c in cases}) == len(cases) >= 30
    assert len({c.message for c in cases}) >= 30
