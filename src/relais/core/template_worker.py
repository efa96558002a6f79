"""Rendering text typed by a user in a separate, bounded process: the second wall.

``relais.core.templating`` counts every operator, filter, loop and output chunk, which bounds
a render by design. Text typed into the editor or the API is rendered once more behind a wall
that does not depend on having thought of everything: a small pool of worker processes, each
with an address-space limit (``resource.setrlimit(RLIMIT_AS)``) and CPU limit, answering over a
pipe. The caller waits ``timeout`` seconds at most; a worker that does not answer in time is
killed and replaced, and the caller gets ``TemplateRefused`` — never a hung request, whatever
the template does. The GIL of the web server is never held by the render.

Workers are started with ``spawn`` (no fork of a threaded server), import only Jinja2 and
``templating`` (no Django), and are reused: a render costs one pipe round trip (see
docs/benchmarks.md). The pool holds at most ``POOL_SIZE`` workers; a caller that finds them all
busy waits for one within its time-out.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
import time
from collections.abc import Iterable, Mapping
from multiprocessing.connection import Connection
from typing import Any

from .templating import Part, TemplateRefused, render_bounded

POOL_SIZE = 2
MEMORY_BYTES = 512 * 1024 * 1024
TIMEOUT = 2.0


def _serve(
    conn: Connection, memory: int
) -> None:  # pragma: no cover - runs in the worker
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        parts, values, names = request
        try:
            answer: Any = ("ok", render_bounded(parts, values, names))
        except TemplateRefused as exc:
            answer = ("refused", exc.message, exc.part, exc.line)
        except MemoryError:
            answer = ("refused", "the template needs too much memory", "", None)
        except Exception as exc:  # noqa: BLE001 - the worker must answer, whatever happened
            answer = ("refused", f"cannot render: {exc}", "", None)
        conn.send(answer)


class _Worker:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, MEMORY_BYTES), daemon=True, name="relais-render"
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(1)
        self.conn.close()


class _Pool:
    def __init__(self, size: int) -> None:
        self.size = size
        self.idle: list[_Worker] = []
        self.started = 0
        self.lock = threading.Condition()

    def take(self, deadline: float) -> _Worker:
        with self.lock:
            while not self.idle and self.started >= self.size:
                if not self.lock.wait(max(0.0, deadline - time.monotonic())):
                    raise TemplateRefused("the server is busy rendering: try again")
            if self.idle:
                return self.idle.pop()
            self.started += 1
        try:
            return _Worker()
        except BaseException:
            self.lost()
            raise

    def give_back(self, worker: _Worker) -> None:
        with self.lock:
            self.idle.append(worker)
            self.lock.notify()

    def lost(self) -> None:
        with self.lock:
            self.started -= 1
            self.lock.notify()

    def close(self) -> None:
        with self.lock:
            for worker in self.idle:
                worker.stop()
            self.idle.clear()


_POOL = _Pool(POOL_SIZE)
atexit.register(_POOL.close)


def warm() -> None:
    """Start the workers in the background (``relais serve`` does at start-up), so that the
    first previews do not wait for a process to start."""

    def start() -> None:
        for _ in range(_POOL.size):
            with _POOL.lock:
                if _POOL.started >= _POOL.size:
                    return
                _POOL.started += 1
            try:
                worker = _Worker()
            except Exception:  # noqa: BLE001 - a preview will try again and say why
                _POOL.lost()
                return
            _POOL.give_back(worker)

    threading.Thread(target=start, daemon=True, name="relais-render-warm").start()


def render_isolated(
    parts: Iterable[Part],
    values: Mapping[str, Any],
    names: Iterable[str],
    *,
    timeout: float = TIMEOUT,
) -> dict[str, str]:
    """``render_bounded`` in a worker process: at most ``timeout`` seconds, bounded memory.

    Raises ``TemplateRefused`` for a refusal, a time-out or a worker that died.
    """
    deadline = time.monotonic() + timeout
    worker = _POOL.take(deadline)
    try:
        worker.conn.send((list(parts), dict(values), list(names)))
        if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
            raise TemplateRefused(
                f"the template takes too long to render (over {timeout:g} s)"
            )
        answer = worker.conn.recv()
    except TemplateRefused:
        worker.stop()
        _POOL.lost()
        raise
    except (EOFError, OSError):
        worker.stop()
        _POOL.lost()
        raise TemplateRefused("the template needs too much memory or time") from None
    except BaseException:
        worker.stop()
        _POOL.lost()
        raise
    _POOL.give_back(worker)
    if answer[0] == "ok":
        return dict(answer[1])
    _, message, part, line = answer
    raise TemplateRefused(message, part=part, line=line)
