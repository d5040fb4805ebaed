"""Read many workbooks with every core: this process and `jobs - 1` workers share the files.

`map_files(work, files, jobs)` calls `work(path)` on each file and returns the results in input
order. `work` must be a module-level function (workers find it by name) that never raises.
Results cross between processes pickled with pydantic models as their slots (`_dumps`).
"""

from __future__ import annotations

import gc
import io
import pickle
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel

from xlgoals.progress import progress_bar

T = TypeVar("T")


def map_files(
    work: Callable[[str], T], files: list[str], jobs: int = 1, progress: bool | None = False
) -> list[T]:
    """`work` on every file, with `jobs` processes (this one included); results in order.
    `progress`: a bar on stderr (None: only on a terminal)."""
    with _young_collections_only():
        if jobs <= 1 or len(files) < 2:
            results = []
            with progress_bar(len(files), progress, "读取") as advance:
                for path in files:
                    results.append(work(path))
                    advance(1)
            return results
        return _Shared(work, files, jobs).run(progress)


#: the most files in one worker task: a task costs one message each way, well under a
#: millisecond, while a workbook takes about five milliseconds
CHUNK = 8
#: tasks kept queued per worker, so that the pool's own thread feeds it while this process is
#: busy with a workbook of its own
QUEUED = 3


class _Shared:
    """This process and `jobs - 1` workers share the files.

    Workers get chunks from the back, smaller as fewer files remain; this process reads files
    one by one from the front and takes back queued chunks no worker has started, so at the
    end neither side waits long for the other. Its own results need no sending, which makes
    it the fastest reader of the lot; every result a worker sends is rebuilt here (see
    `_dumps`). What the work imports before the pool starts, forked workers inherit.
    """

    def __init__(self, work: Callable[[str], Any], files: list[str], jobs: int) -> None:
        self.work = work
        self.files = files
        self.workers = min(jobs - 1, len(files) - 1)
        self.pending = deque(range(len(files)))
        self.sent: dict[Future, list[int]] = {}
        self.done: list[Any] = [None] * len(files)
        self.finished = [False] * len(files)

    def run(self, progress: bool | None) -> list[Any]:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(
            self.workers, mp_context=_start_context(), initializer=_start_worker
        )
        try:
            self._send(pool)  # the workers start now, before the progress bar's thread
            with progress_bar(len(self.files), progress, "读取") as advance:
                while (index := self._take()) is not None:
                    self._keep(index, self.work(self.files[index]))
                    advance(1)
                    self._receive(advance, block=False)
                    self._send(pool)
                while self.sent:
                    self._receive(advance, block=True)
        except BaseException:  # Ctrl-C, SIGTERM (see `cli.main`), a failure: no worker lives on
            _stop(pool)
            raise
        pool.shutdown()
        assert all(self.finished)
        return self.done

    def _keep(self, index: int, result: Any) -> None:
        self.done[index], self.finished[index] = result, True

    def _take(self) -> int | None:
        """The next file for this process: the front one, else one from an unstarted chunk."""
        if not self.pending:
            for future in reversed(list(self.sent)):
                if future.cancel():
                    self.pending.extend(self.sent.pop(future))
                    break
        return self.pending.popleft() if self.pending else None

    def _send(self, pool: Executor) -> None:
        while self.pending and len(self.sent) < QUEUED * self.workers:
            size = max(1, min(CHUNK, len(self.pending) // (4 * (self.workers + 1))))
            indices = [self.pending.pop() for _ in range(size)]
            chunk = [self.files[i] for i in indices]
            self.sent[pool.submit(_run_chunk, self.work, chunk)] = indices

    def _receive(self, advance: Callable[[int], None], block: bool) -> None:
        ready = [f for f in self.sent if f.done()]
        if block and not ready:
            ready = list(wait(self.sent, return_when=FIRST_COMPLETED).done)
        for future in ready:
            indices = self.sent.pop(future)
            for index, result in zip(indices, _loads(future.result()), strict=True):
                self._keep(index, result)
            advance(len(indices))


def _start_context() -> Any:
    """fork on Linux (no re-import per worker), unless threads run: forking those can deadlock."""
    import multiprocessing
    import threading

    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _stop(pool: Any) -> None:
    """End the workers now, whatever they are doing (their results are not wanted)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


def _start_worker() -> None:
    # what a forked worker inherits stays out of its collections (its pages stay shared)
    gc.freeze()
    # Ctrl-C reaches the whole process group: this process stops the pool, workers stay quiet
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # this process ends the workers with SIGTERM (a forked one inherits its handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent()


def _end_with_parent() -> None:
    """On Linux, a worker gets SIGTERM when this process dies, even by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _run_chunk(work: Callable[[str], Any], paths: list[str]) -> bytes:
    """Worker task: the chunk's results, ready to send (see `_dumps`)."""
    return _dumps([work(path) for path in paths])


def _dumps(results: list[Any]) -> bytes:
    """Results as bytes for this process: the pydantic models in them pickle whole.

    As cheap as `model_dump` in the worker and `model_validate` here (measured), and exact:
    the rebuilt report equals the one read, parameters of any type included.
    """
    buffer = io.BytesIO()
    _ModelPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(results)
    return buffer.getvalue()


def _loads(data: bytes) -> list[Any]:
    return pickle.loads(data)


class _ModelPickler(pickle.Pickler):
    """Pickles a pydantic model as its four slots, restored by `_model`.

    The same state pydantic's own `__getstate__`/`__setstate__` carry, without two Python
    calls and a dict per object: a quarter off both ends (440 models per workbook). A model's
    class is pickled by name, so each must be importable: see `models.SourcedText`.
    """

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, BaseModel):
            state = (obj.__dict__, obj.__pydantic_fields_set__)
            extra = (obj.__pydantic_extra__, obj.__pydantic_private__)
            return _model, (type(obj), *state, *extra)
        return NotImplemented


def _model(cls: type[BaseModel], values: dict, fields_set: set, extra: Any, private: Any) -> Any:
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", extra)
    _set(model, "__pydantic_private__", private)
    return model


_set = object.__setattr__  # past pydantic's __setattr__ (frozen models refuse it)


@contextmanager
def _young_collections_only() -> Iterator[None]:
    """No full garbage collection while the reports pile up; one afterwards, if due.

    Reading builds about 400 small objects per workbook and no reference cycles (measured: a
    full collection after 200 workbooks frees nothing), so each full collection only rescans
    them: three of them took a fifth of a 200-workbook merge. Young collections still run.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
