#!/usr/bin/env python3
"""Generate a realistic synthetic help center, for the build and search benchmarks only.

    python scripts/synth_site.py N M OUT [--seed S]

writes a full project copy to OUT: this repository's mkdocs.yml, content/, hooks/
and overrides/ (and docs/assets/), with docs/ replaced by N generated articles in
categories and subcategories, and content/faq/ replaced by M generated FAQ entries.
Articles vary in length and carry headings, lists, tables, admonitions, policy
references ({{ returns.window }}) and components ({% shipping_table %}), plus the
front matter of the article contract. Every fact comes from a reference, never typed
by hand, so the site passes the same checks as the real content. Nothing shipped
uses this file; the same N, M and seed always give the same site.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "content", "hooks", "overrides")

# (folder, title, [(folder, title), ...]): a drop-shipping store's help center.
CATEGORIES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("orders", "Orders", [("placing", "Placing an order"), ("changing", "Changing or cancelling"), ("status", "Order status"), ("problems", "Order problems")]),
    ("shipping", "Shipping and delivery", [("options", "Shipping options"), ("tracking", "Tracking a parcel"), ("delays", "Delays and lost parcels"), ("international", "Delivery regions"), ("address", "Delivery address")]),
    ("returns", "Returns and refunds", [("starting", "Starting a return"), ("refunds", "Refunds"), ("exchanges", "Exchanges"), ("damaged", "Damaged or wrong items")]),
    ("payments", "Payments and billing", [("methods", "Payment methods"), ("charges", "Charges and receipts"), ("promotions", "Discounts and gift cards"), ("taxes", "Taxes and duties")]),
    ("account", "Your account", [("signin", "Signing in"), ("profile", "Profile and settings"), ("notifications", "Emails and notifications")]),
    ("privacy", "Privacy and security", [("data", "Your data"), ("security", "Account security"), ("cookies", "Cookies")]),
    ("products", "Products", [("sizing", "Sizes and fit"), ("care", "Care and use"), ("availability", "Stock and availability"), ("warranty", "Quality and warranty")]),
    ("contact", "Contact and support", [("channels", "Ways to reach us"), ("complaints", "Complaints and escalation"), ("feedback", "Feedback")]),
]

OWNERS = ["Support lead", "Returns specialist", "Logistics manager", "Billing specialist", "Privacy officer", "Content editor"]

# Facts that read naturally inside a sentence, by what they are about.
FACT_SENTENCES = [
    "You can send most items back within {{ returns.window }} of delivery.",
    "Items must be {{ returns.condition }} to be accepted back.",
    "We cannot take back {{ returns.non_returnable }}.",
    "Refunds go to {{ refunds.method }} within {{ refunds.within }} once the return reaches us.",
    "Orders are packed and handed to the carrier in {{ orders.processing }}.",
    "You receive a confirmation email {{ orders.confirmation_email }}.",
    "A shipping confirmation with a tracking link follows {{ orders.shipping_confirmation }}.",
    "You can cancel an order within {{ orders.cancel_window }} of placing it, as long as it has not shipped.",
    "Standard shipping is free on orders over {{ shipping.free_over }}.",
    "We deliver to the {{ shipping.regions }}.",
    "If a parcel has not arrived after {{ shipping.late_after }}, we {{ shipping.late_remedies }}.",
    "{{ shipping.standard.name }} delivery costs {{ shipping.standard.price }} and takes {{ shipping.standard.transit }}.",
    "{{ shipping.expedited.name }} delivery costs {{ shipping.expedited.price }} and takes {{ shipping.expedited.transit }}.",
    "{{ shipping.overnight.name }} delivery costs {{ shipping.overnight.price }} and arrives the {{ shipping.overnight.transit }}.",
    "Report a damaged item within {{ damaged.report_within }} and we offer a {{ damaged.remedies }}.",
    "We accept {{ payments.methods }}.",
    "Our support team is available {{ hours.service }}.",
    "Email us at {{ channels.email.contact }}; we answer {{ channels.email.response }}.",
    "Call {{ channels.phone.contact }} {{ channels.phone.hours }}.",
    "Live chat is open {{ channels.chat.hours }} and answers {{ channels.chat.response }}.",
    "If you are not happy with an answer, write to {{ escalation.email }}; a supervisor replies within {{ escalation.response }}.",
    "We follow the {{ privacy.laws }}; send data requests to {{ privacy.email }}.",
    "We answer privacy requests within {{ privacy.response }}.",
    "Everything we do with your data is described in our [privacy policy]({{ privacy.policy_url }}).",
    "{{ store.name }} ships from partner warehouses, so one order can arrive in several parcels.",
]

COMPONENTS = ["shipping_table", "return_terms", "channel_hours", "payment_methods", "damaged_items", "escalation_steps", "response_times", "shipping_regions", "holidays", "privacy_notice"]

NOUNS = [
    "order", "parcel", "package", "delivery", "tracking number", "carrier", "refund", "return label", "exchange",
    "receipt", "invoice", "gift card", "discount code", "coupon", "payment", "card", "billing address", "shipping address",
    "account", "password", "email address", "newsletter", "wishlist", "size chart", "product page", "warehouse",
    "supplier", "courier", "customs form", "order number", "confirmation email", "checkout", "basket", "promotion",
    "voucher", "replacement", "damaged item", "missing item", "wrong item", "warranty claim", "store credit",
]
VERBS = [
    "check", "change", "cancel", "update", "track", "return", "exchange", "confirm", "find", "download", "print",
    "request", "report", "review", "apply", "remove", "add", "reset", "verify", "contact", "reach", "keep", "send",
]
ADJECTIVES = ["new", "original", "unused", "recent", "separate", "partial", "full", "second", "local", "online", "printed", "digital"]
PLACES = ["in your account", "on the order page", "in the confirmation email", "at checkout", "in the tracking page", "from the help center", "in the app"]
SENTENCES = [
    "To {verb} your {noun}, open {place} and follow the steps.",
    "Most shoppers {verb} their {noun} {place}.",
    "You do not need to {verb} the {noun} again if the {noun2} is already {adj}.",
    "Keep your {noun} handy: we ask for it when you {verb} a {noun2}.",
    "If the {noun} looks wrong, {verb} the {noun2} first, then write to us.",
    "A {adj} {noun} is sent by email after you {verb} the {noun2}.",
    "We cannot {verb} a {noun} once the {noun2} has left the warehouse.",
    "Each {noun} is handled by the partner that holds the {noun2}, so updates can come from different senders.",
    "Some {noun}s take longer to {verb} during sales and holidays.",
    "The {noun} and the {noun2} are linked, so changing one may {verb} the other.",
    "When you {verb} a {noun}, the {adj} {noun2} appears {place}.",
    "Please {verb} the {noun} before you contact us about the {noun2}.",
    "Shoppers often ask whether they can {verb} a {noun} without a {noun2}: yes, as long as you know the order number.",
    "There is no fee to {verb} a {noun}.",
    "Screenshots of the {noun} help us {verb} the {noun2} faster.",
]
QUESTION_FORMS = [
    "How do I {verb} my {noun}?",
    "Can I {verb} a {noun} after checkout?",
    "Why can't I {verb} my {noun}?",
    "What happens to my {noun} if I {verb} the {noun2}?",
    "Where do I {verb} the {noun}?",
    "Do I need a {noun} to {verb} my {noun2}?",
    "Is it possible to {verb} a {adj} {noun}?",
]
KEYWORD_BANK = [
    "money back", "reimbursement", "parcel", "package", "expedited", "express", "wheres my order", "retrun",
    "refnd", "delivery time", "tracking", "cancel order", "receipt", "invoice", "coupon", "promo code",
    "talk to a manager", "complaint", "broken", "damaged", "wrong size", "size guide", "log in", "password reset",
]
TABLE_HEADS = [
    ("Situation", "What to do"),
    ("Item type", "How we handle it", "Where to start"),
    ("Step", "Who does it", "What you see"),
    ("Status", "Meaning"),
]
ADMONITIONS = ["note", "tip", "warning", "info"]
# Product names give the index a long tail of rare words, as a real catalogue does.
SYLLABLES = ["mar", "lo", "ve", "tin", "sa", "ko", "ren", "dal", "mi", "ra", "bel", "no", "quin", "ta", "zor", "ell", "pa", "vik", "lun", "de"]
PRODUCT_KINDS = ["lamp", "mug", "backpack", "jacket", "blender", "sneakers", "rug", "kettle", "planter", "headphones", "scarf", "tent", "desk", "pillow", "watch"]
PRODUCT_SENTENCES = [
    "The {product} {kind} ships from a partner warehouse, so it travels in its own parcel.",
    "Questions about the {product} {kind}? Its product page lists the size, materials and care.",
    "The {product} {kind} and the {product2} {kind2} are often ordered together.",
    "If your {product} {kind} arrives scratched or bent, keep the packaging and photograph the damage.",
]


@dataclass
class Article:
    path: str
    id: str
    title: str
    category: str  # the title of the article's folder index page, as the contract asks
    subcategory: str
    body: list[str] = field(default_factory=list)


class Writer:
    """Deterministic sentences, titles and blocks from one random generator."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        names = {"".join(self.random.sample(SYLLABLES, self.random.randint(2, 3))).capitalize() for _ in range(6000)}
        self.products = sorted(names)

    def pick(self, items: list[str]) -> str:
        return self.random.choice(items)

    def words(self) -> dict[str, str]:
        noun, noun2 = self.random.sample(NOUNS, 2)
        return {"noun": noun, "noun2": noun2, "verb": self.pick(VERBS), "adj": self.pick(ADJECTIVES), "place": self.pick(PLACES)}

    def sentence(self, facts: bool = True) -> str:
        roll = self.random.random()
        if roll < 0.2 and facts:
            return self.pick(FACT_SENTENCES)
        if roll < 0.3:
            kind, kind2 = self.random.sample(PRODUCT_KINDS, 2)
            product, product2 = self.random.sample(self.products, 2)
            return self.pick(PRODUCT_SENTENCES).format(product=product, product2=product2, kind=kind, kind2=kind2)
        text = self.pick(SENTENCES).format(**self.words())
        return text[0].upper() + text[1:]

    def paragraph(self, low: int = 2, high: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.random.randint(low, high)))

    def question(self) -> str:
        return self.pick(QUESTION_FORMS).format(**self.words())

    def heading(self) -> str:
        words = self.words()
        form = self.pick(["{Verb} a {noun}", "If your {noun} is {adj}", "{Noun} and {noun2}", "Before you {verb} the {noun}", "About {adj} {noun}s"])
        text = form.format(Verb=words["verb"].capitalize(), Noun=words["noun"].capitalize(), **words)
        return text[0].upper() + text[1:]

    def bullet_list(self) -> str:
        ordered = self.random.random() < 0.4
        items = [self.sentence() for _ in range(self.random.randint(3, 7))]
        return "\n".join(f"{n}. {item}" if ordered else f"- {item}" for n, item in enumerate(items, start=1))

    def table(self) -> str:
        head = self.pick(TABLE_HEADS)  # type: ignore[arg-type]
        rows = [" | ".join(head), " | ".join("---" for _ in head)]
        for _ in range(self.random.randint(3, 8)):
            cells = [self.words()["noun"].capitalize()] + [self.sentence().rstrip(".") for _ in head[1:]]
            rows.append(" | ".join(cell.replace("|", "/") for cell in cells))
        return "\n".join(rows)

    def admonition(self) -> str:
        kind = self.pick(ADMONITIONS)
        return f"!!! {kind}\n\n    {self.paragraph(1, 3)}"

    def block(self) -> str:
        roll = self.random.random()
        if roll < 0.55:
            return self.paragraph()
        if roll < 0.75:
            return self.bullet_list()
        if roll < 0.87:
            return self.table()
        if roll < 0.95:
            return self.admonition()
        return "{% " + self.pick(COMPONENTS) + " %}"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def articles(count: int, writer: Writer) -> Iterator[Article]:
    subcategories = [(c, ct, s, st) for c, ct, subs in CATEGORIES for s, st in subs]
    titles: set[str] = set()
    for number in range(count):
        folder, _, sub, category = subcategories[number % len(subcategories)]
        title = writer.question()[:-1] if writer.random.random() < 0.5 else writer.heading()
        while title in titles:
            title = f"{title} ({writer.pick(ADJECTIVES)})"
        titles.add(title)
        slug = slugify(title)[:60].strip("-")
        yield Article(f"{folder}/{sub}/{slug}.md", f"{folder[:3]}-{number:05d}", title, category, sub)


def article_markdown(article: Article, writer: Writer) -> str:
    random_ = writer.random
    keywords = random_.sample(KEYWORD_BANK, random_.randint(0, 4))
    lines = [
        "---",
        f"title: {yaml_text(article.title)}",
        f"description: {yaml_text(writer.sentence(facts=False))}",  # front matter takes no references
        f"id: {article.id}",
        f"category: {yaml_text(article.category)}",
        f"owner: {writer.pick(OWNERS)}",
        f"last_reviewed: 2026-{random_.randint(1, 12):02d}-{random_.randint(1, 28):02d}",
    ]
    if keywords:
        lines.append("keywords: [" + ", ".join(yaml_text(k) for k in keywords) + "]")
    lines += ["---", "", f"# {article.title}", "", writer.paragraph(1, 4), ""]
    # Lengths vary a lot, as in real help centers: many short answers, a few long guides.
    sections = min(12, int(random_.lognormvariate(0.9, 0.7)))
    for _ in range(sections):
        lines += [f"## {writer.heading()}", ""]
        for _ in range(random_.randint(1, 4)):
            lines += [writer.block(), ""]
        if random_.random() < 0.3:
            lines += [f"### {writer.heading()}", "", writer.paragraph(), ""]
    return "\n".join(lines)


def index_markdown(title: str, description: str, links: list[tuple[str, str]]) -> str:
    lines = ["---", f"title: {yaml_text(title)}", f"description: {yaml_text(description)}", "---", "", f"# {title}", "", description, ""]
    lines += [f"- [{text}]({href})" for text, href in links]
    return "\n".join(lines) + "\n"


def faq_topics(count: int, writer: Writer) -> Iterator[tuple[str, str]]:
    """(file name, YAML text) of FAQ topic files holding `count` entries in all."""
    topics = [(folder, title) for folder, title, _ in CATEGORIES]
    per_topic = [count // len(topics) + (1 if n < count % len(topics) else 0) for n in range(len(topics))]
    number = 0
    for order, ((folder, title), size) in enumerate(zip(topics, per_topic), start=1):
        if not size:
            continue
        lines = [f"title: {yaml_text(title)}", f"description: {yaml_text('Short answers about ' + title.lower() + '.')}", f"order: {order}", "entries:"]
        for _ in range(size):
            number += 1
            lines.append(f"  - id: faq-{number:05d}")
            lines.append(f"    q: {yaml_text(writer.question())}")
            answer = writer.paragraph(1, 4)
            if writer.random.random() < 0.05:
                answer += "\n\n{% " + writer.pick(COMPONENTS) + " %}"
            lines.append("    a: |")
            lines += [f"      {line}" if line else "" for line in answer.split("\n")]
            keywords = writer.random.sample(KEYWORD_BANK, writer.random.randint(0, 3))
            if keywords:
                lines.append("    keywords: [" + ", ".join(yaml_text(k) for k in keywords) + "]")
        yield f"{folder}.yml", "\n".join(lines) + "\n"


def generate(count: int, faq_count: int, out: Path, seed: int = 7) -> Path:
    """Write the synthetic project to `out` (emptied first) and return it."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for part in COPIED:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, out / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, out / part)
    shutil.copytree(ROOT / "docs" / "assets", out / "docs" / "assets")

    # The real site's published-URL ledger lists pages this site does not have: start an empty one.
    ledger = out / "content" / "ledger" / "published-urls.txt"
    if ledger.exists():
        ledger.write_text("".join(line for line in ledger.read_text(encoding="utf-8").splitlines(keepends=True) if line.startswith("#")), encoding="utf-8")

    writer = Writer(seed)
    faq = out / "content" / "faq"
    shutil.rmtree(faq)
    faq.mkdir()
    for name, text in faq_topics(faq_count, writer):
        (faq / name).write_text(text, encoding="utf-8")

    docs = out / "docs"
    by_sub: dict[tuple[str, str], list[Article]] = {}
    for article in articles(count, writer):
        by_sub.setdefault((article.path.split("/")[0], article.subcategory), []).append(article)
        target = docs / article.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article_markdown(article, writer), encoding="utf-8")

    home_links = []
    for folder, title, subs in CATEGORIES:
        sub_links = []
        for sub, sub_title in subs:
            pages = by_sub.get((folder, sub), [])
            if not pages:
                continue
            links = [(a.title, a.path.split("/")[-1]) for a in pages]
            (docs / folder / sub / "index.md").write_text(index_markdown(sub_title, f"Articles about {sub_title.lower()}.", links), encoding="utf-8")
            sub_links.append((sub_title, f"{sub}/index.md"))
        if sub_links:
            (docs / folder / "index.md").write_text(index_markdown(title, f"Everything about {title.lower()}.", sub_links), encoding="utf-8")
            home_links.append((title, f"{folder}/index.md"))
    home_links.append(("Frequently asked questions", "faq/index.md"))
    (docs / "index.md").write_text(index_markdown("How can we help?", "Search above, or pick a topic.", home_links), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=int, help="number of articles (N)")
    parser.add_argument("faq", type=int, help="number of FAQ entries (M)")
    parser.add_argument("out", type=Path, help="folder to write the project to (replaced)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.articles < 1 or args.faq < 0:
        parser.error("N must be at least 1 and M at least 0")
    out = generate(args.articles, args.faq, args.out.resolve(), args.seed)
    print(f"wrote {args.articles} articles and {args.faq} FAQ entries to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
