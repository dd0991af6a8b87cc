#!/usr/bin/env python3
"""What a policy change changes for shoppers: pages and sentences, before and after, as Markdown.

    python scripts/policy_impact.py BASE.yml HEAD.yml        # two versions of policy.yml
    python scripts/policy_impact.py --git origin/main        # that revision's policy.yml vs. the working tree's
    python scripts/policy_impact.py --git main HEAD          # two revisions

Both versions are loaded with the build's loader and every page and FAQ answer of the working
tree is rendered with each; the Markdown printed is meant for a pull-request comment.
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from front_matter import read_front_matter, site_settings  # noqa: E402
from helpcenter import COMPONENT_FOLDER, FAQ_FOLDER, POLICY_FILE, HelpCenter  # noqa: E402
from policy_loader import display_name  # noqa: E402
from problems import HelpCenterError  # noqa: E402

CONTACT_BLOCK = "Contact block (at the end of every page)"
CELL_END = re.compile(r"</t[dh]>", re.I)
BLOCK_TAGS = re.compile(r"</?(?:p|div|li|ul|ol|tr|table|thead|tbody|h\d|section|details|summary|br|dt|dd)\b[^>]*>", re.I)
TAGS = re.compile(r"<[^>]+>")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass
class Rendered:
    title: str
    sentences: list[str]


def load_version(root: Path, policy_text: str, label: str, other: Path) -> HelpCenter:
    """The help center of `root` with another policy file (set up in `other`), loaded as the build loads it."""
    (other / POLICY_FILE).parent.mkdir(parents=True)
    (other / POLICY_FILE).write_text(policy_text, encoding="utf-8")
    shutil.copytree(root / FAQ_FOLDER, other / FAQ_FOLDER)
    shutil.copytree(root / COMPONENT_FOLDER, other / COMPONENT_FOLDER)
    try:
        return HelpCenter.load(other)
    except HelpCenterError as error:
        report = error.report().replace(POLICY_FILE.as_posix(), label)
        raise SystemExit(f"{label} does not load:\n{report}") from None


def sentences(markdown: str) -> list[str]:
    """Readable sentences of rendered Markdown (component HTML included), in page order."""
    text = CELL_END.sub(" · ", markdown)  # a table row reads as one line: "Overnight · $19.99 · ..."
    text = BLOCK_TAGS.sub("\n", text)
    text = html.unescape(TAGS.sub("", text))
    text = LINK.sub(r"\1", text).replace("**", "").replace("`", "")
    found = []
    for line in text.split("\n"):
        line = re.sub(r"^\s*(?:[-*+]|\d+\.|#+|!!!.*|\?\?\?.*)\s+", "", line).strip()
        line = re.sub(r"\s+", " ", re.sub(r"\{\s*#[\w-]+\s*\}", "", line)).strip(" ·")
        found += [s for s in SENTENCE.split(line) if s and s != "---"]
    return found


def render_all(site: HelpCenter, docs: Path, root: Path) -> dict[str, Rendered]:
    """Every page and FAQ topic as sentences, keyed by its source file; plus the contact block."""
    pages: dict[str, Rendered] = {}
    for path in sorted(docs.rglob("*.md")):
        file = display_name(path, root)
        matter = read_front_matter(path.read_text(encoding="utf-8"), file)
        data = matter.document.data if matter.document and isinstance(matter.document.data, dict) else {}
        pages[file] = Rendered(str(data.get("title", file)), sentences(site.render_page(matter.body, file)))
    for page in site.faq:
        pages[page.source] = Rendered(f"FAQ: {page.topic.title}", sentences(page.markdown.split("\n---\n", 1)[-1]))
    pages[CONTACT_BLOCK] = Rendered(CONTACT_BLOCK, sentences(site.contact_block("", "")))
    return pages


def changed_sentences(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """(before, after) pairs of the sentences that differ; '' where a sentence appears or goes."""
    pairs = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = before[a1:a2], after[b1:b2]
        for index in range(max(len(old), len(new))):
            pairs.append((old[index] if index < len(old) else "", new[index] if index < len(new) else ""))
    return pairs


def report(base: HelpCenter, head: HelpCenter, docs: Path, root: Path, base_label: str, head_label: str) -> str:
    facts = [(n, base.facts.get(n), head.facts.get(n)) for n in {**base.facts, **head.facts}]
    changed_facts = [(n, b, a) for n, b, a in facts if b != a]
    lines = ["## Policy change impact", "", f"Comparing `{base_label}` (before) with `{head_label}` (after).", ""]
    if not changed_facts:
        lines.append("No fact that pages can show has changed: shoppers see the same help center.")
        return "\n".join(lines) + "\n"
    lines += ["| Fact | Before | After |", "|---|---|---|"]
    lines += [f"| `{n}` | {_cell(b)} | {_cell(a)} |" for n, b, a in changed_facts]
    before, after = render_all(base, docs, root), render_all(head, docs, root)
    impact = []
    for key in sorted(set(before) | set(after), key=lambda k: (k == CONTACT_BLOCK, k)):
        pairs = changed_sentences(
            before[key].sentences if key in before else [], after[key].sentences if key in after else []
        )
        if pairs:
            impact.append((key, (after.get(key) or before[key]).title, pairs))
    count = len(impact)
    lines += ["", f"**{count} page{'s' if count != 1 else ''} change for shoppers.**" if count else "**No page changes for shoppers.**", ""]
    for key, title, pairs in impact:
        where = "" if key == CONTACT_BLOCK else f" (`{key}`)"
        lines += [f"### {title}{where}", ""]
        for old, new in pairs:
            lines.append(f"- Before: {_quote(old)}")
            lines.append(f"  After: {_quote(new)}")
        lines.append("")
    return "\n".join(lines)


def _cell(value: str | None) -> str:
    return "(none)" if value is None else value.replace("|", "\\|")


def _quote(sentence: str) -> str:
    return f"“{sentence}”" if sentence else "(no sentence)"


def _git_show(root: Path, revision: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), "show", f"{revision}:{POLICY_FILE.as_posix()}"], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"cannot read {POLICY_FILE.as_posix()} at '{revision}': {result.stderr.strip()}")
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("versions", nargs="*", help="BASE.yml HEAD.yml, or with --git: [HEAD revision]")
    parser.add_argument("--git", metavar="BASE", help="compare policy.yml at this git revision (e.g. origin/main)")
    parser.add_argument("--output", type=Path, help="also write the Markdown to this file")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this project)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.git:
        if len(args.versions) > 1:
            parser.error("with --git, give at most one more revision (the head)")
        base_label, base_text = args.git, _git_show(root, args.git)
        if args.versions:
            head_label, head_text = args.versions[0], _git_show(root, args.versions[0])
        else:
            head_label, head_text = "working tree", (root / POLICY_FILE).read_text(encoding="utf-8")
    elif len(args.versions) == 2:
        base_label, head_label = args.versions
        base_text, head_text = (Path(v).read_text(encoding="utf-8") for v in args.versions)
    else:
        parser.error("give BASE.yml HEAD.yml, or --git BASE")
    docs, _ = site_settings(root)
    with tempfile.TemporaryDirectory() as folder:
        base = load_version(root, base_text, base_label, Path(folder) / "base")
        head = load_version(root, head_text, head_label, Path(folder) / "head")
        text = report(base, head, docs, root, base_label, head_label)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
