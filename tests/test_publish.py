"""Atomic publishing: scripts/publish.py swaps in a new site only after a clean build and
clean checks; a failed or killed build leaves the served site byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

PUBLISH = ROOT / "scripts" / "publish.py"
CHECK = ROOT / "scripts" / "check_site.py"


def run(*args: str | Path, **options: object) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, env=env, timeout=600, **options)  # type: ignore[call-overload]


def snapshot(target: Path) -> dict[str, str]:
    """Every file the target serves, with its SHA-256, plus where the link points."""
    files = {p.relative_to(target).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(target.rglob("*")) if p.is_file()}
    return {"->": os.readlink(target) if target.is_symlink() else "(folder)", **files}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project copy and a first publish of it to <tmp>/www/site."""
    base = tmp_path_factory.mktemp("publish")
    project = copy_project(base / "project")
    target = base / "www" / "site"
    target.parent.mkdir()
    result = run(PUBLISH, "--root", project, "--target", target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert target.is_symlink() and (target / "index.html").is_file() and (target / "_headers").is_file()
    assert "published" in result.stdout
    return project, target


def test_a_failing_check_leaves_the_site_unchanged(published: tuple[Path, Path]) -> None:
    project, target = published
    before = snapshot(target)
    page = project / "docs" / "returns-refunds" / "return-policy.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n\n<script>alert(1)</script>\n", encoding="utf-8")
    try:
        result = run(PUBLISH, "--root", project, "--target", target)
    finally:
        page.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "inline <script> that is not one of the theme's known scripts" in result.stdout
    assert f"publish: the build failed; {target} is unchanged" in result.stdout
    assert snapshot(target) == before
    assert not [f for f in (target.parent / ".site.releases").iterdir() if f.name.startswith("build-")]


def test_a_killed_build_leaves_the_site_unchanged_and_the_next_publish_cleans_up(published: tuple[Path, Path], tmp_path: Path) -> None:
    project, target = published
    before = snapshot(target)
    marker = tmp_path / "building"
    # A hook that makes the build stop half-way: it signals, then waits to be killed.
    (project / "hooks" / "zz_slow_hook.py").write_text(
        f"import pathlib, time\n\ndef on_post_build(config):\n    pathlib.Path({str(marker)!r}).touch()\n    time.sleep(120)\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("hooks:\n", "hooks:\n  - hooks/zz_slow_hook.py\n", 1), encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    process = subprocess.Popen([sys.executable, str(PUBLISH), "--root", str(project), "--target", str(target)], env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not marker.exists():
            assert process.poll() is None and time.monotonic() < deadline, "the build ended before it was interrupted"
            time.sleep(0.1)
        builds = [f for f in (target.parent / ".site.releases").iterdir() if f.name.startswith("build-")]
        assert builds and (builds[0] / "index.html").is_file()  # the new site was half-written when killed
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        config.write_text(original, encoding="utf-8")
        (project / "hooks" / "zz_slow_hook.py").unlink()
    assert snapshot(target) == before

    # The next publish removes the leftover and swaps in the new site.
    result = run(PUBLISH, "--root", project, "--target", target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [f for f in (target.parent / ".site.releases").iterdir() if f.name.startswith("build-")]
    assert snapshot(target)["->"] != before["->"]


def test_a_new_site_is_swapped_in_and_old_releases_are_kept(published: tuple[Path, Path]) -> None:
    project, target = published
    policy = project / "content" / "policies" / "policy.yml"
    original = policy.read_text(encoding="utf-8")
    policy.write_text(original.replace("  window: 30 days\n", "  window: 45 days\n", 1), encoding="utf-8")
    try:
        old = os.readlink(target)
        result = run(PUBLISH, "--root", project, "--target", target, "--keep", "2")
    finally:
        policy.write_text(original, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert os.readlink(target) != old
    assert "45 days" in (target / "returns-refunds" / "return-policy" / "index.html").read_text(encoding="utf-8")
    releases = sorted(f.name for f in (target.parent / ".site.releases").iterdir())
    assert len(releases) == 2 and Path(os.readlink(target)).name in releases


def test_a_target_that_is_a_folder_is_swapped_atomically(published: tuple[Path, Path], tmp_path: Path) -> None:
    project, _ = published
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("old site\n", encoding="utf-8")
    result = run(PUBLISH, "--root", project, "--target", target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert target.is_dir() and not target.is_symlink()
    assert "Juniper Lane Goods" in (target / "index.html").read_text(encoding="utf-8")
    replaced = [f for f in (tmp_path / ".site.releases").iterdir() if f.name.endswith("-replaced")]
    assert [(f / "index.html").read_text(encoding="utf-8") for f in replaced] == ["old site\n"]


def test_check_site_command(published: tuple[Path, Path], tmp_path: Path) -> None:
    project, target = published
    result = run(CHECK, target, "--root", project)
    assert result.returncode == 0, result.stderr
    assert "pages checked: links and anchors resolve" in result.stdout
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "index.html").write_text('<!doctype html>\n<p><a href="faq/#nowhere">x</a></p>\n', encoding="utf-8")
    result = run(CHECK, broken, "--root", project)
    assert result.returncode == 1
    assert "index.html:2:4: link to 'faq/#nowhere' does not resolve: the site has no page or file 'faq/'" in result.stderr
