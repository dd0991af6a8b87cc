"""The public change history of the store's policies: what changed, and when.

Read from the git history of content/policies/policy.yml: every committed version is loaded
with the one loader (`load_policy`), turned into facts, and compared with the version before.
Versions are cached by commit in .cache/helpcenter/ (a commit never changes), so a rebuild
only loads versions it has not seen. Without git history (a tarball, a shallow clone) the
page says so instead of guessing. Knows nothing of MkDocs: the hook adds the Markdown as a
generated page.
"""

from __future__ import annotations

import hashlib
import html
import json
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from policy_context import facts
from policy_loader import load_policy
from problems import HelpCenterError

PAGE = "policy-changes.md"
CACHE = Path(".cache/helpcenter/policy-history.json")
PRIVATE = ("standards.",)  # staff-facing targets: not on the public page

LABELS = {
    "store.name": "Store name",
    "store.website": "Store website",
    "store.time_zone": "Time zone of our hours",
    "hours.service": "Customer service hours",
    "orders.processing": "Order processing time",
    "orders.confirmation_email": "Order confirmation email",
    "orders.shipping_confirmation": "Shipping confirmation email",
    "orders.cancel_window": "Free cancellation window",
    "shipping.free_over": "Free standard shipping on orders over",
    "shipping.regions": "Where we ship",
    "shipping.late_after": "A parcel counts as late after",
    "shipping.late_remedies": "What we do for a late parcel",
    "returns.window": "Return window",
    "returns.condition": "Condition of returned items",
    "returns.non_returnable": "Items that cannot be returned",
    "refunds.method": "Where refunds go",
    "refunds.within": "Refund time",
    "damaged.report_within": "Time to report a damaged or wrong item",
    "damaged.remedies": "What you get for a damaged or wrong item",
    "escalation.email": "Escalations email",
    "escalation.response": "Escalations answer time",
    "feedback.form_url": "Feedback form",
    "privacy.laws": "Privacy laws we follow",
    "privacy.email": "Privacy requests email",
    "privacy.response": "Privacy requests answer time",
    "privacy.policy_url": "Privacy policy",
    "payments.methods": "Payment methods",
}
PARTS = {
    "hours": "hours",
    "response": "answer time",
    "contact": "address",
    "name": "name",
    "price": "price",
    "transit": "delivery time",
    "methods": "shipping methods",
}


@dataclass
class Version:
    commit: str
    day: date
    facts: dict[str, str] | None  # None: this version did not load (it would not have built)


@dataclass
class Change:
    label: str
    before: str | None
    after: str | None


@dataclass
class History:
    status: str  # "complete", "shallow" or "unavailable"
    versions: list[Version]  # oldest first

    def changes(self) -> list[tuple[Version, list[Change]]]:
        """Each version that changed something for shoppers, newest first, with what it changed."""
        result: list[tuple[Version, list[Change]]] = []
        previous: dict[str, str] | None = None
        for version in self.versions:
            if version.facts is None:
                continue
            if previous is not None:
                found = diff(previous, version.facts)
                if found:
                    result.append((version, found))
            previous = version.facts
        return result[::-1]


def label(name: str, values: dict[str, str]) -> str:
    """A shopper's name for a fact: 'Overnight shipping: price', 'Phone: hours', 'Return window'."""
    if name in LABELS:
        return LABELS[name]
    parts = name.split(".")
    if parts[0] == "channels" and len(parts) == 3:
        return f"{values.get(f'channels.{parts[1]}.name', parts[1])}: {PARTS.get(parts[2], parts[2])}"
    if parts[0] == "shipping" and len(parts) == 3:
        return f"{values.get(f'shipping.{parts[1]}.name', parts[1])} shipping: {PARTS.get(parts[2], parts[2])}"
    if parts[:2] == ["shipping", "region"] and len(parts) == 4:
        return f"Shipping to {values.get(f'shipping.region.{parts[2]}.name', parts[2])}: {PARTS.get(parts[3], parts[3])}"
    return " ".join(parts).replace("_", " ").capitalize()


def diff(before: dict[str, str], after: dict[str, str]) -> list[Change]:
    """The public facts that differ between two versions, in the order of the newer one."""
    names = list(after) + [n for n in before if n not in after]
    return [
        Change(label(n, after if n in after else before), before.get(n), after.get(n))
        for n in names
        if not n.startswith(PRIVATE) and before.get(n) != after.get(n)
    ]


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def read_history(root: Path, policy_file: Path) -> History:
    """Every committed version of `policy_file` (relative to `root`), loaded with the one loader."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return History("unavailable", [])
    relative = (root.resolve() / policy_file).relative_to(Path(top.decode().strip()).resolve()).as_posix()
    log = _git(root, "log", "--format=%H %cs", "--", relative)
    if not log:
        return History("unavailable", [])
    commits = [line.split() for line in log.decode().splitlines() if line.strip()][::-1]
    cache_file = root / CACHE
    cache = _read_cache(cache_file)
    missing = [commit for commit, _ in commits if commit not in cache]
    if missing:
        cache.update(_load_versions(root, relative, missing))
        _write_cache(cache_file, cache)
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or b"").strip() == b"true"
    versions = [Version(commit, date.fromisoformat(day), cache.get(commit)) for commit, day in commits]
    return History("shallow" if shallow else "complete", versions)


def _load_versions(root: Path, relative: str, commits: list[str]) -> dict[str, dict[str, str] | None]:
    """Load each commit's policy file: one `git cat-file --batch` for all, then the loader on each."""
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{c}:{relative}\n" for c in commits).encode())
    loaded: dict[str, dict[str, str] | None] = {}
    position = 0
    with tempfile.TemporaryDirectory() as folder:
        for commit in commits:
            if output is None:
                break
            header_end = output.index(b"\n", position)
            header = output[position:header_end].split()
            position = header_end + 1
            if len(header) < 3 or header[1] != b"blob":
                loaded[commit] = None
                continue
            size = int(header[2])
            path = Path(folder) / f"{commit}.yml"
            path.write_bytes(output[position : position + size])
            position += size + 1
            try:
                loaded[commit] = facts(load_policy(path))
            except HelpCenterError:
                loaded[commit] = None
    return loaded


def _code_version() -> str:
    """A fingerprint of the code that turns a policy file into facts: a change to it empties the cache."""
    digest = hashlib.sha256()
    for module in ("policy_context", "policy_model", "policy_types", "policy_loader", "policy_history"):
        digest.update((Path(__file__).parent / f"{module}.py").read_bytes())
    return digest.hexdigest()[:16]


def _read_cache(path: Path) -> dict[str, dict[str, str] | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("code") != _code_version():
        return {}
    versions = data.get("versions")
    return versions if isinstance(versions, dict) else {}


def _write_cache(path: Path, cache: dict[str, dict[str, str] | None]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"code": _code_version(), "versions": cache}, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a read-only checkout builds without the cache


def _day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _text(value: str) -> str:
    """A fact as Markdown text: HTML-escaped, Markdown emphasis and brackets escaped."""
    escaped = html.escape(value)
    for character in "\\`*_[]{}":
        escaped = escaped.replace(character, "\\" + character)
    return escaped


def page_markdown(history: History) -> str:
    """The shoppers' page: what changed in our policies, and when, newest first."""
    lines = [
        "---",
        'title: "Policy changes"',
        'description: "What changed in our store policies (shipping, returns, refunds, contact, privacy), and when."',
        "---",
        "",
        "# Policy changes",
        "",
        "When we change a policy, such as a shipping price or the return window, it shows here with its date. "
        "Every page of this help center always shows the current policy.",
        "",
    ]
    if history.status == "unavailable" or not any(v.facts for v in history.versions):
        lines += ["!!! note \"History not available\"", "    The change history is not available in this copy of the help center.", ""]
        return "\n".join(lines)
    changes = history.changes()
    first = next(v for v in history.versions if v.facts is not None)
    for version, found in changes:
        lines += [f"## {_day(version.day)}", ""]
        for change in found:
            if change.before is None:
                lines.append(f"- **{_text(change.label)}**: new, {_text(change.after or '')}.")
            elif change.after is None:
                lines.append(f"- **{_text(change.label)}**: no longer applies (was {_text(change.before)}).")
            else:
                lines.append(f"- **{_text(change.label)}**: now {_text(change.after)} (was {_text(change.before)}).")
        lines.append("")
    if history.status == "shallow":
        lines += [f"Changes before {_day(first.day)} are not included in this copy of the help center.", ""]
    else:
        lines += [f"## {_day(first.day)}", "", "Our policies were first published here.", ""]
    return "\n".join(lines)
