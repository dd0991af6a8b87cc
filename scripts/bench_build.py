#!/usr/bin/env python3
"""Build benchmark: the synthetic help center at several sizes, the project's build
against stock MkDocs + Material on the same pre-rendered content, in one run.

    python scripts/bench_build.py                        # 250, 500, 1000, 2000 articles, 3 runs each
    python scripts/bench_build.py --sizes 250 500 --runs 1

For each size N (with N/2 FAQ entries, from scripts/synth_site.py) it builds:
- project: the synthetic project as this repository builds it (hooks, overrides);
- stock: the same content with the hooks' output pre-rendered and no hooks: every
  page's Markdown as the hooks hand it to MkDocs (references substituted, FAQ and
  other generated pages written as files, captured from one extra build), the same
  mkdocs.yml less `hooks:`, and a main.html whose contact block is written out once.
Both use the same theme features and navigation partial, so the ratio is the cost
of the hooks alone.

It prints a table of medians (wall time; CPU time of the build and its side process;
peak memory of the build and its side process together, as the largest sum of their
PSS sampled every 0.25 s, or the build's own peak RSS where it is larger; output size,
HTML per article, search index sizes raw and gzipped), then the ratios the issue asks
for. The hooks' cost is also given build by build: each project build over the stock
build next to it (the two kinds take turns going first). A benchmark, not a test:
figures vary with the machine and its load, so compare ratios measured in the same run.

Every build writes to a new folder, and nothing is deleted until the run is over (about
1.5 GB for the default sizes): on ext4, files made just after thousands were deleted
take far longer to create (the allocator steps over recently freed inodes), which would
charge one build for the clean-up of the one before, and most the build with the most
files. (`mkdocs build` into its previous output meets the same cost: it empties the
folder first.)

Python's bytecode cache is on for the builds, as it is on a usual machine: the hooks are
compiled once, before the timed builds, like the installed packages (MkDocs, Material,
pydantic), which were compiled when they were installed. Where PYTHONDONTWRITEBYTECODE is
set (some sandboxes and containers), every build of the project would otherwise compile
the hooks again (about 0.1 s), which stock, having no hooks, never pays.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "hooks"))

from synth_site import generate  # noqa: E402

CAPTURE_HOOK = '''"""Benchmark only: save each page's Markdown as the other hooks leave it, with its front matter."""
from pathlib import Path
import yaml
from mkdocs.plugins import event_priority

OUT = Path(__file__).resolve().parent.parent / "captured"


@event_priority(-1000)
def on_page_markdown(markdown, page, config, files):
    target = OUT / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = yaml.safe_dump(dict(page.meta), allow_unicode=True, sort_keys=False) if page.meta else ""
    target.write_text(("---\\n" + meta + "---\\n\\n" if meta else "") + markdown, encoding="utf-8")
    return markdown
'''

STOCK_MAIN = """{%% extends "base.html" %%}
{#- Benchmark only: the contact block, written out once (the hooks render it per page). -#}
{%% block footer %%}
  <div class="md-grid hc-contact-wrap">
%s
  </div>
  {{ super() }}
{%% endblock %%}
"""


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float


@dataclass
class Result:
    size: int
    kind: str
    runs: list[Run]
    output_mb: float
    html_kb_per_article: float
    index_kb: float
    index_gz_kb: float
    prebuilt_kb: float
    prebuilt_gz_kb: float

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(r.peak_mb for r in self.runs)


def mkdocs_build(project: Path, site: Path) -> Run:
    """One strict build in a child process, into `site` (a new folder): its wall time, CPU
    time (with the processes it started and waited for: the build's side process) and peak
    memory (see `tree_memory`)."""
    if site.exists():
        sys.exit(f"{site} exists: each build goes to a folder of its own")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # see the module's notes
    log = project / "build.log"
    with log.open("w") as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        # memory is sampled by a thread, so that the wait below ends the moment the build does
        done = threading.Event()
        peak = 0

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.25):  # a sample costs a few ms of kernel time: keep it a small share of a core
                peak = max(peak, tree_memory(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"build failed in {project}:\n{log.read_text()[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, max(peak, usage.ru_maxrss * 1024) / 1024 / 1024)


def tree_memory(pid: int) -> int:
    """Bytes of memory used by a process and its descendants now: the sum of their PSS
    (proportional set size: a page shared by the build and its forked side process counts
    once, split between them), read from /proc; 0 where /proc has no smaps_rollup."""
    total = 0
    for member in _tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup", encoding="ascii") as rollup:
                total += next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                for child in children.read().split():
                    found += _tree(int(child))
    except OSError:
        pass
    return found


def stock_project(project: Path, target: Path) -> Path:
    """The same content with the hooks' output pre-rendered, and no hooks."""
    capture = project.parent / f"{project.name}-capture"
    if capture.exists():
        shutil.rmtree(capture)
    shutil.copytree(project, capture, ignore=shutil.ignore_patterns("site", "build.log"))
    (capture / "hooks" / "bench_capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    config_path = capture / "mkdocs.yml"
    config_text = config_path.read_text(encoding="utf-8")
    config_path.write_text(config_text.replace("\nhooks:\n", "\nhooks:\n  - hooks/bench_capture.py\n", 1), encoding="utf-8")
    mkdocs_build(capture, capture / "site")

    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(capture / "captured", target / "docs")
    for folder in (project / "docs").rglob("*"):  # static files (CSS, JavaScript, images)
        if folder.is_file() and folder.suffix != ".md":
            destination = target / "docs" / folder.relative_to(project / "docs")
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(folder, destination)
    shutil.copytree(project / "overrides", target / "overrides")

    from helpcenter import HelpCenter

    site = HelpCenter.load(project)
    contact = site.contact_block("https://help.example.com/", "Help Center")
    (target / "overrides" / "main.html").write_text(STOCK_MAIN % contact, encoding="utf-8")
    (target / "overrides" / "partials" / "search-config.html").unlink(missing_ok=True)

    config = _without_hooks(config_text)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def _without_hooks(config_text: str) -> str:
    """mkdocs.yml less its top-level `hooks:` and `watch:` lists (kept line by line, comments and all)."""
    out = []
    skipping = False
    for line in config_text.splitlines(keepends=True):
        if line.startswith(("hooks:", "watch:")):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "-")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def sizes_of(site: Path, articles: int) -> tuple[float, float, float, float, float, float]:
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    html = sum(p.stat().st_size for p in site.rglob("*.html"))
    index = site / "search" / "search_index.json"
    prebuilt = site / "search" / "search_index.lunr.json"

    def kb(path: Path) -> tuple[float, float]:
        if not path.exists():
            return 0.0, 0.0
        data = path.read_bytes()
        return len(data) / 1024, len(gzip.compress(data, 6)) / 1024

    return (total / 1024 / 1024, html / 1024 / articles, *kb(index), *kb(prebuilt))


def bench(size: int, runs: int, work: Path) -> list[Result]:
    project = generate(size, size // 2, work / f"project-{size}")
    compileall.compile_dir(project / "hooks", quiet=1)  # see the module's notes
    stock = stock_project(project, work / f"stock-{size}")
    timings: dict[str, list[Run]] = {"project": [], "stock": []}
    kinds = [("project", project), ("stock", stock)]
    for run in range(runs):  # alternate (project first, then stock first), so load elsewhere hits both alike
        for kind, folder in kinds if run % 2 == 0 else kinds[::-1]:
            timings[kind].append(mkdocs_build(folder, folder / f"site-{run}"))
    # every build's output stays until the end of the run (see the module's notes)
    return [Result(size, kind, timings[kind], *sizes_of(folder / f"site-{runs - 1}", size)) for kind, folder in kinds]


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        gib = int(memory.split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        gib = 0.0
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}, {gib:.0f} GiB memory, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000], help="article counts")
    parser.add_argument("--runs", type=int, default=3, help="builds per size and kind (medians are reported)")
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    print(f"runs per size and kind: {args.runs}; FAQ entries: half the article count\n")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for size in args.sizes:
            results += bench(size, args.runs, Path(tmp))
            for r in results[-2:]:
                print(f"  built {r.size} articles ({r.kind}): median {r.seconds:.1f} s", file=sys.stderr)

    head = f"{'articles':>8} {'build':<8} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'output MB':>9} {'HTML KB/art':>11} {'index KB':>9} {'gz KB':>7} {'prebuilt KB':>11} {'gz KB':>7}"
    print(head)
    print("-" * len(head))
    for r in results:
        print(
            f"{r.size:>8} {r.kind:<8} {r.seconds:>7.2f} {r.cpu:>7.2f} {r.peak_mb:>8.0f} {r.output_mb:>9.1f} {r.html_kb_per_article:>11.1f}"
            f" {r.index_kb:>9.0f} {r.index_gz_kb:>7.0f} {r.prebuilt_kb:>11.0f} {r.prebuilt_gz_kb:>7.0f}"
        )

    by = {(r.size, r.kind): r for r in results}
    print()
    if (2000, "project") in by and (500, "project") in by:
        big, small = by[(2000, "project")], by[(500, "project")]
        print(f"time(2000)/time(500), project build: {big.seconds / small.seconds:.2f} (target <= 4.5; cpu {big.cpu / small.cpu:.2f})")
        stock_big, stock_small = by[(2000, "stock")], by[(500, "stock")]
        print(f"time(2000)/time(500), stock build:   {stock_big.seconds / stock_small.seconds:.2f}")
        print(f"peak(2000)/peak(500), project build: {big.peak_mb / small.peak_mb:.2f} (target <= 2)")
    for size in args.sizes:
        project, stock = by[(size, "project")], by[(size, "stock")]
        paired = sorted(p.seconds / q.seconds for p, q in zip(project.runs, stock.runs))
        print(
            f"hooks/stock at {size} articles: time {project.seconds / stock.seconds:.2f}, cpu {project.cpu / stock.cpu:.2f} (target <= 1.10);"
            f" build by build: median {statistics.median(paired):.2f}, {paired[0]:.2f} to {paired[-1]:.2f}"
        )
    largest = max(args.sizes)
    print(f"HTML per article at {largest} articles: {by[(largest, 'project')].html_kb_per_article:.1f} KB (target <= 60)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
