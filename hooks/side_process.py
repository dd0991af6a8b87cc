"""A second process for the build's work that needs nothing from MkDocs but what it is sent.

MkDocs renders pages on one core. The checks and exports that read every rendered page
(link integrity, script and privacy checks, the CSP, the reply kit, the source checks)
need only the pages' text, so they can run on another core while MkDocs goes on.

`SideProcess(factory, urgent=names)` forks a child that makes one object with
`factory(notify)` and then calls its methods in the order the parent asks for them,
except that the methods named in `urgent` go ahead of the other calls still waiting in
the child (they must not depend on those calls; among themselves they keep their order):

- `send(name, *args)` queues a call and returns at once (a feeder thread writes the
  arguments to the child, so a slow child never stalls the parent). Calls go in batches:
  a call is handed on once BATCH_CALLS are waiting or the first has waited BATCH_SECONDS
  (checked at each `send`, `check` and `notices`): handing one on wakes the feeder
  thread, which costs the parent tens of microseconds each time;
- `call(name, *args)` waits for every call queued before it, and returns this one's result;
- `flush()` hands on the calls sent so far at once;
- `check()` raises, without waiting, the error of a sent call that has already failed;
- `notices()` returns, without waiting, what the object has passed to `notify` since the
  last time (news for the parent, such as a value that has changed).

The first exception raised in the child (a HelpCenterError, say) is raised again in the
parent by the next `call` or `check`; the calls sent after it are skipped, and every
later `call` raises it too. `close()` ends the child.

Without fork (Windows), or with `parallel=False` (`mkdocs serve`, whose server threads
must not be forked), the object lives in this process and each call runs when it is
sent, with the same rules for errors. Engine-agnostic; no MkDocs import.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import select
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Collection
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from problems import HelpCenterError

T = TypeVar("T")
BATCH_CALLS = 32
BATCH_SECONDS = 0.02
_STOP = None  # in place of a batch: ends the child


class SideProcess(Generic[T]):
    def __init__(self, factory: Callable[[Callable[[Any], None]], T], *, urgent: Collection[str] = (), parallel: bool = True) -> None:
        self._failure: BaseException | None = None
        self._calls = 0
        self._local: T | None = None
        self._child: Any = None
        self._notices: list[Any] = []
        self._batch: list[tuple[str, tuple[Any, ...]]] = []  # calls not handed on yet
        self._batch_since = 0.0  # when the first of them was sent
        if not (parallel and "fork" in multiprocessing.get_all_start_methods()):
            try:
                self._local = factory(self._notices.append)
            except Exception as error:  # kept, raised by the next call as in the child
                self._failure = error
            return
        context = multiprocessing.get_context("fork")
        self._tasks = context.Queue()
        # A build that stops on an error leaves without `close`: at exit the child is ended
        # first, and waiting for the feeder thread to write what is left into the full pipe
        # would hang. Nothing is lost otherwise: `call` and `close` wait for the child.
        self._tasks.cancel_join_thread()
        self._replies, replies = context.Pipe(duplex=False)
        # The objects that exist now are left out of garbage collection in both processes
        # until `close`: they are the build's long-lived data (modules, configuration,
        # policy). A collection that scanned them would write to every page of memory they
        # share since the fork, and each such page would be copied (in time and memory).
        gc.freeze()
        try:
            self._child = context.Process(target=_serve, args=(factory, self._tasks, replies, frozenset(urgent)), daemon=True, name="helpcenter-side")
            self._child.start()
        except BaseException:
            gc.unfreeze()
            raise
        replies.close()  # the child holds the only writing end: a child that dies ends the pipe
        self._replies_ready = select.poll()  # Connection.poll sets up a selector each time
        self._replies_ready.register(self._replies.fileno(), select.POLLIN)

    @property
    def parallel(self) -> bool:
        return self._child is not None

    def send(self, name: str, *args: Any) -> None:
        """Run `name(*args)` on the object, in order, without waiting for it."""
        if self._child is not None:
            if not self._batch:
                self._batch_since = time.monotonic()
            self._batch.append((name, args))
            self._hand_on(when_due=True)
        elif self._failure is None:
            try:
                getattr(self._local, name)(*args)
            except Exception as error:
                self._failure = error

    def call(self, name: str, *args: Any) -> Any:
        """Run `name(*args)` after every call sent before it, and return its result."""
        if self._child is None:
            self.check()
            return getattr(self._local, name)(*args)
        self._calls += 1
        self._batch.append((name, args))
        self._hand_on(number=self._calls)
        while True:
            number, failed, value = self._receive()
            if number == self._calls:
                if failed:
                    raise value
                return value

    def flush(self) -> None:
        """Hand on the calls sent so far now, without waiting for them (see BATCH_CALLS)."""
        if self._child is not None:
            self._hand_on()

    def check(self) -> None:
        """Raise the error of an earlier call, if one has failed already; never waits."""
        self._drain()
        if self._failure is not None:
            raise self._failure

    def notices(self) -> list[Any]:
        """What the object has notified since the last call of `notices`; never waits."""
        self._drain()
        found = list(self._notices)
        self._notices.clear()
        return found

    def _hand_on(self, number: int = 0, *, when_due: bool = False) -> None:
        """Put the waiting calls on the queue to the child (`number`: the last one's, for its
        reply); with `when_due`, only if there are enough of them or they have waited enough."""
        if when_due and len(self._batch) < BATCH_CALLS and time.monotonic() - self._batch_since < BATCH_SECONDS:
            return
        if self._batch:
            self._tasks.put((number, self._batch))
            self._batch = []

    def _drain(self) -> None:
        if self._child is not None:
            self._hand_on(when_due=True)
            while self._failure is None and self._replies_ready.poll(0):
                self._receive()

    def close(self) -> None:
        """End the child (it finishes the calls already sent)."""
        if self._child is None:
            return
        self._hand_on()
        self._tasks.put((0, _STOP))
        self._tasks.close()
        self._child.join(timeout=30)
        if self._child.is_alive():
            self._child.terminate()
        self._child = None
        gc.unfreeze()

    def _receive(self) -> tuple[int, bool, Any]:
        try:
            number, failed, value = self._replies.recv()
        except EOFError:
            self._child.join(timeout=5)
            code = self._child.exitcode
            raise RuntimeError(f"the build's side process ended unexpectedly (exit code {code})") from None
        if failed and self._failure is None:
            self._failure = value
        elif not (number or failed):
            self._notices.append(value)
        return number, failed, value


def _serve(factory: Callable[[Callable[[Any], None]], Any], tasks: Any, replies: Connection, urgent: frozenset[str]) -> None:
    """The child: make the object, then run the calls as they come, urgent ones first."""
    failure: BaseException | None = None
    target = None
    waiting: deque[tuple[str, tuple[Any, ...]]] = deque()  # calls received, not urgent, not run yet

    def run(name: str, args: tuple[Any, ...]) -> Any:
        nonlocal failure
        if failure is not None:
            return None
        try:
            return getattr(target, name)(*args)
        except Exception as error:
            failure = _portable(error)
            replies.send((0, True, failure))  # at once, so that `check` sees it early
            return None

    try:
        target = factory(lambda value: replies.send((0, False, value)))
    except Exception as error:
        failure = _portable(error)
        replies.send((0, True, failure))
    while True:
        if waiting and tasks.empty():
            run(*waiting.popleft())  # one at a time: urgent calls that come meanwhile go first
            continue
        number, batch = tasks.get()
        if batch is _STOP:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)  # nothing is left to do: no clean-up of the objects shared with the parent
        for name, args in batch[:-1] if number else batch:
            if name in urgent:
                run(name, args)
            else:
                waiting.append((name, args))
        if number:  # a call waiting for its reply: everything sent before it runs first
            while waiting:
                run(*waiting.popleft())
            value = run(*batch[-1])
            replies.send((number, True, failure) if failure is not None else (number, False, value))


def _portable(error: Exception) -> Exception:
    """The error as the parent can receive it: a HelpCenterError as it is, any other with its traceback."""
    if isinstance(error, HelpCenterError):
        return error
    return RuntimeError("in the build's side process:\n" + "".join(traceback.format_exception(error)))
