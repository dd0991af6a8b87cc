"""The public policy change history: dated changes from git, cached by commit, and a clear page without git."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

import policy_history
from conftest import Build, build
from policy_history import CACHE, page_markdown, read_history

POLICY = Path("content/policies/policy.yml")


def commit(project: Path, message: str, day: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_DATE=f"{day}T10:00:00", GIT_COMMITTER_DATE=f"{day}T10:00:00")
    git = ["git", "-C", str(project), "-c", "user.name=Editor", "-c", "user.email=editor@example.com"]
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", message], check=True, env=env)


def edit(project: Path, old: str, new: str) -> None:
    text = (project / POLICY).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (project / POLICY).write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def history_project(project: Path) -> Path:
    """The project in a git repository with four policy commits: first, two changes, one broken version."""
    subprocess.run(["git", "-C", str(project), "init", "-q"], check=True)
    commit(project, "first", "2026-01-05")
    edit(project, "      price: 19.99\n", "      price: 24.49\n")
    edit(project, "  window: 30 days\n", "  window: 45 days\n")
    commit(project, "prices", "2026-03-02")
    edit(project, "  window: 45 days\n", "  window: forty-five\n")
    commit(project, "broken", "2026-04-01")  # would not have built: left out, not shown as a change
    edit(project, "  window: forty-five\n", "  window: 45 days\n")
    edit(project, "  email: escalations@example.com\n", "  email: managers@example.com\n")
    commit(project, "escalations", "2026-06-15")
    return project


EXPECTED = """## June 15, 2026

- **Escalations email**: now managers@example.com (was escalations@example.com).

## March 2, 2026

- **Return window**: now 45 days (was 30 days).
- **Overnight shipping: price**: now $24.49 (was $19.99).

## January 5, 2026

Our policies were first published here.
"""


def test_changes_are_listed_newest_first_with_dates(history_project: Path) -> None:
    history = read_history(history_project, POLICY)
    assert history.status == "complete"
    assert [v.day.isoformat() for v in history.versions] == ["2026-01-05", "2026-03-02", "2026-04-01", "2026-06-15"]
    assert history.versions[2].facts is None
    markdown = page_markdown(history)
    assert markdown.endswith(EXPECTED)
    assert markdown.startswith('---\ntitle: "Policy changes"\n')


def test_versions_are_cached_by_commit(history_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = page_markdown(read_history(history_project, POLICY))
    assert (history_project / CACHE).is_file()

    def no_loading(*args: object) -> None:
        raise AssertionError("a cached version was loaded again")

    monkeypatch.setattr(policy_history, "load_policy", no_loading)
    assert page_markdown(read_history(history_project, POLICY)) == first


def test_a_shallow_clone_says_the_history_is_partial(history_project: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "3", f"file://{history_project}", str(clone)], check=True)
    markdown = page_markdown(read_history(clone, POLICY))
    assert read_history(clone, POLICY).status == "shallow"
    assert "## June 15, 2026" in markdown
    assert markdown.endswith("Changes before March 2, 2026 are not included in this copy of the help center.\n")
    assert "first published" not in markdown


def test_built_page_shows_the_history(history_project: Path) -> None:
    result = build(history_project)
    assert result.returncode == 0, result.output
    page = result.page("policy-changes")
    assert re.search(r'<h1 id="policy-changes">Policy changes', page)
    assert "June 15, 2026" in page
    assert "<strong>Overnight shipping: price</strong>: now $24.49 (was $19.99)." in page


def test_without_git_the_page_says_so(built_site: Build) -> None:
    page = built_site.page("policy-changes")  # the shared build copies the project without .git
    assert "The change history is not available in this copy of the help center." in page
