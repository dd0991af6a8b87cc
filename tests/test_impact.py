"""Policy change impact: the pages and sentences that a policy change changes, before and after."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Build
from helpcenter import HelpCenter

SCRIPT = ROOT / "scripts/policy_impact.py"
POLICY = "content/policies/policy.yml"


def impact(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd)


def visible_text(page: Path) -> str:
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"))
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def url_of(source: str) -> str:
    """The built page of a source file listed in the report."""
    if source.startswith("content/faq/"):
        return f"faq/{Path(source).stem}/"
    path = source.removeprefix("docs/").removesuffix(".md")
    path = path.removesuffix("index")
    return path + "/" if path and not path.endswith("/") else path


def test_one_changed_price_lists_exactly_the_pages_that_show_it(built_site: Build, tmp_path: Path) -> None:
    old = HelpCenter.load(ROOT).facts["shipping.overnight.price"]  # "$19.99"
    head = tmp_path / "head.yml"
    text = (ROOT / POLICY).read_text(encoding="utf-8")
    assert text.count(f"price: {old.lstrip('$')}\n") == 1
    head.write_text(text.replace(f"price: {old.lstrip('$')}\n", "price: 24.49\n"), encoding="utf-8")
    result = impact(POLICY, str(head))
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "| `shipping.overnight.price` | " + old + " | $24.49 |" in report
    assert report.count("\n| `") == 1  # one fact changed
    listed = re.findall(r"^### .*? \(`([^`]+)`\)$", report, flags=re.M)
    showing = {
        page.parent.relative_to(built_site.site).as_posix() + "/"
        for page in built_site.site.rglob("index.html")
        if old in visible_text(page)
    }
    showing = {"" if url == "./" else url for url in showing}
    assert showing, "the built site shows the overnight price somewhere"
    assert {url_of(source) for source in listed} == showing
    assert f"**{len(showing)} pages change for shoppers.**" in report
    # Each change is a before/after pair of the same sentence with the new price in place of the old.
    pairs = re.findall(r"^- Before: “(.*)”\n  After: “(.*)”$", report, flags=re.M)
    assert pairs and all(after == before.replace(old, "$24.49") and old in before for before, after in pairs)


def test_no_change_says_so() -> None:
    result = impact(POLICY, POLICY)
    assert result.returncode == 0
    assert result.stdout.endswith("No fact that pages can show has changed: shoppers see the same help center.\n")


def test_git_revisions_and_a_broken_version(project: Path, tmp_path: Path) -> None:
    git = ["git", "-C", str(project), "-c", "user.name=Editor", "-c", "user.email=editor@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "policy"], check=True)
    text = (project / POLICY).read_text(encoding="utf-8")
    assert "  window: 30 days\n" in text
    (project / POLICY).write_text(text.replace("  window: 30 days\n", "  window: 45 days\n"), encoding="utf-8")
    result = impact("--git", "HEAD", "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert "Comparing `HEAD` (before) with `working tree` (after)." in result.stdout
    assert "| `returns.window` | 30 days | 45 days |" in result.stdout
    pairs = re.findall(r"^- Before: “(.*)”\n  After: “(.*)”$", result.stdout, flags=re.M)
    assert pairs and all(after == before.replace("30 days", "45 days") != before for before, after in pairs)
    missing = impact("--git", "no-such-branch", "--root", str(project))
    assert missing.returncode == 1
    assert missing.stderr.startswith("cannot read content/policies/policy.yml at 'no-such-branch': ")
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace("  window: 30 days\n", "  window: thirty\n"), encoding="utf-8")
    failed = impact(POLICY, str(broken))
    assert failed.returncode == 1
    assert failed.stderr.startswith(f"{broken} does not load:\n1 problem to fix:\n  {broken}:")
    assert "returns.window: expected a duration like '30 days'" in failed.stderr
