#!/usr/bin/env python3
"""Publish the help center atomically: build into a fresh folder, check it, then swap it in.

    python scripts/publish.py --target /srv/help/site

1. builds with `mkdocs build --strict` into a new folder beside the target
   (`.<name>.releases/build-...`, on the same file system);
2. runs the post-build checks again (scripts/check_site.py: links and anchors, script,
   other hosts, the CSP headers file);
3. only then swaps it in with one atomic rename: the target is a symbolic link to the
   current release, replaced by `rename(2)`; a target that is a real folder is swapped
   with `renameat2(RENAME_EXCHANGE)` (Linux).

A failed, killed or interrupted build never touches the target: the web server keeps
serving the previous site, byte for byte. Leftover build folders are removed by the
next run; the last `--keep` releases stay for a quick roll back (point the link back).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))

from check_site import check_site, site_url  # noqa: E402
from problems import HelpCenterError  # noqa: E402

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def releases_of(target: Path) -> Path:
    return target.parent / f".{target.name}.releases"


def build(root: Path, folder: Path) -> tuple[int, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
        cwd=root, capture_output=True, text=True, env=env, check=False,
    )
    return result.returncode, result.stdout + result.stderr


def exchange(first: Path, second: Path) -> None:
    """Swap two paths atomically (Linux renameat2 with RENAME_EXCHANGE)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"cannot swap {first} and {second} atomically: {os.strerror(error)}; make the target a symbolic link")


def swap_in(release: Path, target: Path) -> Path | None:
    """Make `target` serve `release` in one atomic step; returns where the old site went, if it moved."""
    if target.is_symlink() or not target.exists():
        link = target.parent / f".{target.name}.swap-{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(os.path.relpath(release, target.parent))
        os.replace(link, target)  # rename(2): the target is always either the old or the new link
        return None
    exchange(release, target)  # a real folder: the new site takes its place, the old one takes the release's
    previous = release.with_name(release.name + "-replaced")
    os.rename(release, previous)
    return previous


def prune(releases: Path, current: Path | None, keep: int) -> None:
    """Remove unfinished builds, and releases beyond the newest `keep`."""
    for folder in releases.iterdir():
        if folder.name.startswith("build-") and folder != current:
            shutil.rmtree(folder, ignore_errors=True)
    finished = sorted((f for f in releases.iterdir() if not f.name.startswith("build-") and f != current), key=lambda f: f.name)
    for folder in finished[: max(0, len(finished) - keep + 1)]:
        shutil.rmtree(folder, ignore_errors=True)


def publish(root: Path, target: Path, *, keep: int = 3, log=print) -> int:  # type: ignore[no-untyped-def]
    target = target.absolute()
    releases = releases_of(target)
    releases.mkdir(parents=True, exist_ok=True)
    current = target.resolve() if target.is_symlink() else None
    prune(releases, current, keep + 1)  # leftovers of an interrupted run go first
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = releases / f"build-{stamp}-{os.getpid()}"
    log(f"building into {folder}")
    code, output = build(root, folder)
    if code != 0:
        shutil.rmtree(folder, ignore_errors=True)
        log(output.strip())
        log(f"publish: the build failed; {target} is unchanged")
        return 1
    problems = check_site(folder, site_url(root))
    if problems:
        shutil.rmtree(folder, ignore_errors=True)
        log(HelpCenterError(problems).report())
        log(f"publish: the checks failed; {target} is unchanged")
        return 1
    release = folder.with_name(f"{stamp}-{os.getpid()}")
    os.rename(folder, release)
    previous = swap_in(release, target)
    prune(releases, target.resolve(), keep)
    pages = sum(1 for _ in (release if previous is None else target).rglob("*.html"))
    log(f"published {pages} pages: {target} -> {release.name}" + (f" (the old folder is now {previous.name})" if previous else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", type=Path, required=True, help="the path the web server serves (a symbolic link after the first publish)")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder with mkdocs.yml")
    parser.add_argument("--keep", type=int, default=3, help="how many releases to keep for roll back (default 3)")
    args = parser.parse_args(argv)
    if not args.target.absolute().parent.is_dir():
        print(f"{args.target.parent}: no such folder", file=sys.stderr)
        return 1
    return publish(args.root.resolve(), args.target, keep=max(1, args.keep))


if __name__ == "__main__":
    sys.exit(main())
