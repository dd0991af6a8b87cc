"""The build's side process (hooks/side_process.py): calls run in order in a forked child,
results come back, errors surface at the next call, and without fork it behaves alike."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from problems import HelpCenterError, Problem
from side_process import SideProcess


class Recorder:
    def __init__(self, notify: Callable[[object], None]) -> None:
        self.seen: list[object] = []
        self.notify = notify

    def tell(self, value: object) -> None:
        self.notify(value)

    def add(self, value: object) -> None:
        if value == "bad":
            raise HelpCenterError([Problem("docs/a.md", 3, 1, "", f"bad value {value!r}")])
        if value == "bug":
            raise KeyError("oops")
        self.seen.append(value)

    def values(self) -> list[object]:
        return list(self.seen)

    def pid(self) -> int:
        return os.getpid()

    def exit(self) -> None:
        os._exit(3)


@pytest.fixture(params=[True, False], ids=["forked", "in-process"])
def side(request: pytest.FixtureRequest) -> SideProcess[Recorder]:
    process = SideProcess(Recorder, parallel=request.param)
    yield process
    process.close()


def test_calls_run_in_order_and_return_results(side: SideProcess[Recorder]) -> None:
    for value in range(200):
        side.send("add", value)
    side.send("add", "x" * 1_000_000)  # a page-sized argument and more
    values = side.call("values")
    assert values[:200] == list(range(200)) and values[200] == "x" * 1_000_000
    assert (side.call("pid") != os.getpid()) == side.parallel


def test_an_error_surfaces_at_the_next_call_and_stops_later_calls(side: SideProcess[Recorder]) -> None:
    side.send("add", 1)
    side.send("add", "bad")
    side.send("add", 2)  # skipped: the work already failed
    with pytest.raises(HelpCenterError) as raised:
        side.call("values")
    assert raised.value.problems == [Problem("docs/a.md", 3, 1, "", "bad value 'bad'")]
    with pytest.raises(HelpCenterError):
        side.call("values")  # and every later call


def test_check_raises_a_failure_without_waiting_for_a_call(side: SideProcess[Recorder]) -> None:
    side.check()  # nothing failed yet
    side.send("add", "bad")
    deadline = time.monotonic() + 10
    while True:
        try:
            side.check()
        except HelpCenterError as error:
            assert "bad value" in error.report()
            break
        assert time.monotonic() < deadline, "check() never saw the failure"
        time.sleep(0.01)


def test_notices_reach_the_parent_without_a_call(side: SideProcess[Recorder]) -> None:
    assert side.notices() == []
    for value in ("policy 1", "policy 2"):
        side.send("tell", value)
    side.send("add", 1)
    seen: list[object] = []
    deadline = time.monotonic() + 10
    while len(seen) < 2:
        seen += side.notices()
        assert time.monotonic() < deadline, "the notices never came"
        time.sleep(0.01)
    assert seen == ["policy 1", "policy 2"]
    assert side.call("values") == [1] and side.notices() == []


def test_an_unexpected_error_keeps_its_traceback() -> None:
    side = SideProcess(Recorder)
    side.send("add", "bug")
    with pytest.raises(RuntimeError, match="(?s)in the build's side process.*KeyError: 'oops'"):
        side.call("values")
    side.close()


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    side = SideProcess(Recorder)
    side.send("exit")
    with pytest.raises(RuntimeError, match=r"ended unexpectedly \(exit code 3\)"):
        side.call("values")
    side.close()


def test_a_build_that_stops_without_close_exits_with_messages_still_queued(tmp_path: Path) -> None:
    """A build that stops on an error leaves without `close`, while the pipe to the child is
    full: the process must still exit (it once waited for ever on the feeder thread)."""
    script = tmp_path / "stop.py"
    script.write_text(
        "import sys\n"
        f"sys.path[:0] = [{str(ROOT / 'hooks')!r}, {str(ROOT / 'tests')!r}]\n"
        "from side_process import SideProcess\n"
        "from test_side_process import Recorder\n"
        "side = SideProcess(Recorder)\n"
        "side.send('add', 'bad')\n"
        "for _ in range(200):\n"
        "    side.send('add', 'x' * 200_000)\n",
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, str(script)], timeout=60, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_failing_factory_fails_the_first_call(side: SideProcess[Recorder]) -> None:
    def broken(notify: Callable[[object], None]) -> Recorder:
        raise HelpCenterError([Problem("content/policies/policy.yml", 1, 1, "", "broken")])

    other = SideProcess(broken, parallel=side.parallel)
    other.send("add", 1)
    with pytest.raises(HelpCenterError, match="broken"):
        other.call("values")
    other.close()


class Slow(Recorder):
    def slow(self, value: object) -> None:
        time.sleep(0.05)
        self.seen.append(value)


def test_urgent_calls_go_ahead_of_the_calls_still_waiting() -> None:
    side = SideProcess(Slow, urgent={"add"})
    for value in range(20):  # a second of work: the urgent calls come long before its end
        side.send("slow", f"slow {value}")
    side.flush()
    time.sleep(0.1)  # the child is in the first slow calls; the others wait in it
    side.send("add", "urgent 1")
    side.send("add", "urgent 2")
    side.flush()
    seen = side.call("values")
    side.close()
    assert seen.index("urgent 1") < seen.index("slow 19") and seen.index("urgent 1") < seen.index("urgent 2")
    assert [value for value in seen if value.startswith("slow")] == [f"slow {value}" for value in range(20)]
