"""Freshness report: articles whose last review is older than the age, failing only with --fail."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

from conftest import ROOT

TODAY = date(2027, 3, 1)


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "scripts/freshness.py"), "--root", str(project), "--today", TODAY.isoformat()]
    return subprocess.run([*command, *args], capture_output=True, text=True)


def reviewed(project: Path) -> dict[str, date]:
    """Each article's last_reviewed, read straight from the files."""
    found = {}
    for path in sorted((project / "docs").rglob("*.md")):
        if path.name != "index.md":
            found[path.relative_to(project).as_posix()] = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["last_reviewed"]
    return found


def set_reviewed(page: Path, day: date) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(?m)^last_reviewed: .*$", f"last_reviewed: {day.isoformat()}", text, count=1), encoding="utf-8")


def listed(output: str) -> list[str]:
    return [line.split(" | ")[0].strip("| ") for line in output.splitlines() if line.startswith("| docs/")]


def test_lists_overdue_pages_oldest_first_and_fails_only_when_asked(project: Path) -> None:
    set_reviewed(project / "docs/returns-refunds/refunds.md", TODAY - timedelta(days=400))
    set_reviewed(project / "docs/shipping-delivery/shipping-to-canada.md", TODAY - timedelta(days=200))
    dates = reviewed(project)
    expected = sorted((p for p, d in dates.items() if (TODAY - d).days > 180), key=lambda p: (dates[p], p))
    assert "docs/returns-refunds/refunds.md" in expected and "docs/shipping-delivery/shipping-to-canada.md" in expected
    result = run(project, "--max-age-days", "180")
    assert result.returncode == 0
    assert listed(result.stdout) == expected
    assert result.stdout.startswith(f"{len(expected)} of {len(dates)} articles were last reviewed more than 180 days ago (as of {TODAY})")
    assert "| docs/returns-refunds/refunds.md | " in result.stdout and f" | {(TODAY - timedelta(days=400)).isoformat()} | 400 |" in result.stdout
    assert run(project, "--max-age-days", "180", "--fail").returncode == 1


def test_age_comes_from_mkdocs_yml_unless_given(project: Path) -> None:
    pages = sorted(reviewed(project))
    for page in pages:
        set_reviewed(project / page, TODAY - timedelta(days=300))
    set_reviewed(project / "docs/returns-refunds/refunds.md", TODAY - timedelta(days=400))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    freshness_days: 180\n" in text
    config.write_text(text.replace("    freshness_days: 180\n", "    freshness_days: 500\n"), encoding="utf-8")
    result = run(project, "--fail")
    assert result.returncode == 0
    assert result.stdout == f"OK: all {len(pages)} articles were reviewed in the last 500 days (as of {TODAY}).\n"
    config.write_text(text.replace("    freshness_days: 180\n", "    freshness_days: 350\n"), encoding="utf-8")
    assert listed(run(project).stdout) == ["docs/returns-refunds/refunds.md"]
    overridden = listed(run(project, "--max-age-days", "299").stdout)
    assert overridden == ["docs/returns-refunds/refunds.md"] + [p for p in pages if p != "docs/returns-refunds/refunds.md"]
