"""A process pool for reading many documents at once, whose workers never outlive the refresh.

Workers are spawned, not forked: a fork would copy the scheduler's threads' locks (a deadlock risk)
and the open refresh lock (a file lock or a PostgreSQL session), which an orphaned worker would then
hold. Each worker also dies with its parent: on Linux the kernel sends it SIGKILL (PR_SET_PDEATHSIG);
elsewhere a thread notices that the parent is gone.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

START_METHOD = "spawn"
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

# The per-worker state the initializer sets (a callable and its fixed arguments), so large arguments
# such as the reference data cross the process boundary once per worker, not once per task.
_worker_call: Callable[[Any], Any] | None = None


def _die_with_parent(parent_pid: int) -> None:
    """Make this process end when parent_pid ends, even if it is killed outright."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)


def _initialise(parent_pid: int, call: Callable[[Any], Any]) -> None:
    global _worker_call
    _die_with_parent(parent_pid)
    _worker_call = call


def _run(item: Any) -> Any:
    assert _worker_call is not None, "the pool initializer sets the worker's call"
    return _worker_call(item)


def parallel_map(call: Callable[[T], R], items: Iterable[T], workers: int, chunksize: int) -> Iterator[R]:
    """call(item) for every item, in order, on `workers` processes; call must be picklable."""
    context = multiprocessing.get_context(START_METHOD)
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_initialise, initargs=(os.getpid(), call)
    ) as pool:
        yield from pool.map(_run, items, chunksize=chunksize)
