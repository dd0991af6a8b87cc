#!/usr/bin/env python3
"""Add an FAQ entry to the end of a topic file, keeping the file's comments and layout.

    python scripts/new_faq.py returns "Can I return a gift?" \
        --answer "Yes, within {{ returns.window }} of delivery." --keywords "gift, present"

appends to content/faq/returns.yml an entry with an id made from the question, then
checks every FAQ file with the build's loader (the file is left as it was on a problem).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from front_matter import site_settings, slug, used_ids  # noqa: E402
from helpcenter import FAQ_FOLDER, HelpCenter  # noqa: E402
from policy_loader import display_name  # noqa: E402
from problems import HelpCenterError  # noqa: E402


def scalar(text: str) -> str:
    """One line of text as YAML: plain when safe, else double-quoted (JSON-style escapes are valid YAML)."""
    special = text[:1] in tuple("!&*[]{}|>'\"%@`#-?:,") or ": " in text or " #" in text or text != text.strip()
    if not special:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def entry_text(indent: str, entry_id: str, question: str, answer: str, keywords: list[str]) -> str:
    inner = indent + "  "
    lines = [f"{indent}- id: {entry_id}", f"{inner}q: {scalar(question)}", f"{inner}a: |"]
    lines += [f"{inner}  {line}".rstrip() for line in answer.strip().splitlines()]
    if keywords:
        lines.append(f"{inner}keywords: [{', '.join(scalar(k) for k in keywords)}]")
    return "\n".join(lines) + "\n"


def entries_indent(text: str) -> str:
    """The indentation of the topic file's existing '- id:' lines (two spaces if none)."""
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if stripped.startswith("- id:"):
            return line[: len(line) - len(stripped)]
    return "  "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("topic", help="topic file name in content/faq/, like returns")
    parser.add_argument("question", help="the question, as a shopper asks it")
    parser.add_argument("--answer", required=True, help="the answer in Markdown; write facts as {{ references }}")
    parser.add_argument("--keywords", default="", help="comma-separated words shoppers use (synonyms, misspellings)")
    parser.add_argument("--id", dest="entry_id", help="permanent id (default: from the question)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    path = root / FAQ_FOLDER / f"{args.topic.removesuffix('.yml')}.yml"
    if not path.exists():
        topics = ", ".join(sorted(p.stem for p in (root / FAQ_FOLDER).glob("*.yml")))
        print(f"error: {display_name(path, root)} does not exist; topics: {topics}", file=sys.stderr)
        return 1
    entry_id = args.entry_id or slug(args.question, limit=40)
    docs, _ = site_settings(root)
    taken = used_ids(docs, root, root / FAQ_FOLDER)
    if entry_id in taken:
        print(f"error: the id '{entry_id}' is already used by {taken[entry_id]}; pass another with --id", file=sys.stderr)
        return 1
    original = path.read_text(encoding="utf-8")
    keywords = [k.strip() for k in args.keywords.split(",") if k.strip()]
    addition = entry_text(entries_indent(original), entry_id, args.question, args.answer, keywords)
    path.write_text(original + ("" if original.endswith("\n") else "\n") + addition, encoding="utf-8")
    try:
        HelpCenter.load(root)
    except HelpCenterError as error:
        path.write_text(original, encoding="utf-8")
        print(error.report(), file=sys.stderr)
        print(f"{display_name(path, root)} was left unchanged.", file=sys.stderr)
        return 1
    print(f"Added '{entry_id}' to {display_name(path, root)}.")
    print(f"Link to it as faq/{path.stem}.md#{entry_id}; preview it with scripts/serve.sh.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
