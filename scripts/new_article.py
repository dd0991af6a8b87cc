#!/usr/bin/env python3
"""Start a new knowledge-base article with its front matter filled in.

    python scripts/new_article.py returns-refunds "Return a gift" \
        --description "How to return an item you received as a gift."

writes docs/returns-refunds/return-a-gift.md with: title, description, id (from the
title), category (the folder's index.md title), owner (the folder's usual owner unless
--owner is given), last_reviewed (today) and an empty keywords list, then checks it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from front_matter import articles, check_pages, index_title, site_settings, slug, used_ids  # noqa: E402
from helpcenter import FAQ_FOLDER  # noqa: E402
from policy_loader import display_name  # noqa: E402
from problems import HelpCenterError  # noqa: E402

BODY = """# {title}

Start with the answer in one or two sentences, in the shopper's words.

Write facts from the policy as references, never by hand: for example
"you have {{{{ returns.window }}}} to return an item". Run
`python scripts/check_policy.py --list` to see every name.
"""


def quoted(text: str) -> str:
    """A YAML scalar for one line of text: plain when safe, double-quoted otherwise."""
    plain = text and text[0] not in "!&*[]{}|>'\"%@`#-?:,\\" and ": " not in text and " #" not in text
    return text if plain and text.strip() == text else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="category folder under docs/, like returns-refunds")
    parser.add_argument("title", help="the page title, like 'Return a gift'")
    parser.add_argument("--description", required=True, help="one line saying what the page answers")
    parser.add_argument("--owner", help="team role that keeps the page right (default: the folder's usual owner)")
    parser.add_argument("--id", dest="page_id", help="short permanent id (default: from the title)")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(), help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    docs, _ = site_settings(root)
    folder = docs / args.folder.strip("/")
    category = index_title(folder)
    if category is None:
        print(f"error: {display_name(folder / 'index.md', root)} is missing or has no title; "
              "pick an existing category folder, or create its index.md first", file=sys.stderr)
        return 1
    name = slug(args.title)
    target = folder / f"{name}.md"
    page_id = args.page_id or slug(args.title, limit=40)
    taken = used_ids(docs, root, root / FAQ_FOLDER)
    if target.exists():
        print(f"error: {display_name(target, root)} already exists; pick another title", file=sys.stderr)
        return 1
    if page_id in taken:
        print(f"error: the id '{page_id}' is already used by {taken[page_id]}; pass another with --id", file=sys.stderr)
        return 1
    owners = Counter(data.owner for path, data in articles(docs) if path.parent == folder)
    owner = args.owner or (owners.most_common(1)[0][0] if owners else None)
    if owner is None:
        print("error: this folder has no articles yet; say who keeps the page right with --owner", file=sys.stderr)
        return 1
    lines = [
        "---",
        f"title: {quoted(args.title)}",
        f"description: {quoted(args.description)}",
        f"id: {page_id}",
        f"category: {quoted(category)}",
        f"owner: {quoted(owner)}",
        f"last_reviewed: {args.today.isoformat()}",
        "keywords: []",
        "---",
        "",
        "",
    ]
    target.write_text("\n".join(lines) + BODY.format(title=args.title), encoding="utf-8")
    problems = check_pages([target], docs, root, root / FAQ_FOLDER)
    if problems:
        target.unlink()
        print(HelpCenterError(problems).report(), file=sys.stderr)
        return 1
    print(f"Created {display_name(target, root)} (id: {page_id}, category: {category}, owner: {owner}).")
    print("Next: write the page, add the words shoppers use to `keywords`, and preview it with scripts/serve.sh.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
