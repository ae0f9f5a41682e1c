"""The batch audit over several processes: the standard library's process pool.

:func:`audit_parallel` gives exactly what :func:`careerpaths.core.student_audit.audit_many`
gives, in the same order: chunks of students are audited in worker processes, each of
which receives the region once (at start) and keeps its own
:class:`~careerpaths.core.audit.AuditMemo`. The core stays free of processes and pickling;
this adapter owns both.
"""

from __future__ import annotations

import copyreg
import io
import multiprocessing
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from types import MappingProxyType
from typing import Any

from careerpaths.core.audit import AuditMemo
from careerpaths.core.model import Region, Student
from careerpaths.core.student_audit import RegionIndex, StudentAudit, audit_many


def audit_parallel(
    students: Iterable[Student],
    region: Region,
    *,
    workers: int = 2,
    chunk_size: int = 2000,
) -> Iterator[StudentAudit]:
    """Audit ``students`` in ``workers`` processes, ``chunk_size`` at a time; results in
    the order given, field for field those of ``audit_many``. ``workers`` ≤ 1 audits in
    this process."""
    if workers <= 1:
        yield from audit_many(students, region)
        return
    yield from _audit_parallel(students, region, workers=workers, chunk_size=chunk_size)


def _proxy(content: dict[object, object]) -> MappingProxyType[object, object]:
    return MappingProxyType(content)


def _reduce_proxy(
    proxy: MappingProxyType[object, object],
) -> tuple[Callable[..., object], tuple[object, ...]]:
    return (_proxy, (dict(proxy),))


def _dumps(obj: object) -> bytes:
    """Pickle ``obj`` for a worker; read-only mappings travel as the dicts they wrap.

    The domain keeps its mappings read-only (``MappingProxyType``), which the standard
    pickler refuses; this pickler alone learns them, nothing global changes.
    """
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    table: dict[type, Callable[[Any], tuple[Callable[..., object], tuple[object, ...]]]] = {
        MappingProxyType: _reduce_proxy
    }
    pickler.dispatch_table = {**copyreg.dispatch_table, **table}
    pickler.dump(obj)
    return buf.getvalue()


# A worker process's region, index and memo, set once by the pool's initializer.
_worker: tuple[Region, RegionIndex, AuditMemo] | None = None


def _worker_start(region: bytes) -> None:
    global _worker
    got: Region = pickle.loads(region)
    _worker = (got, RegionIndex(got), AuditMemo())


def _worker_audit(students: bytes) -> list[StudentAudit]:
    assert _worker is not None, "the pool's initializer sets the worker's region"
    region, index, memo = _worker
    return list(audit_many(pickle.loads(students), region, index, memo=memo))


def _audit_parallel(
    students: Iterable[Student], region: Region, *, workers: int, chunk_size: int
) -> Iterator[StudentAudit]:
    """Chunks over a process pool, results in order; at most two chunks per worker in flight.

    Workers start with ``forkserver`` where the platform has it (``spawn`` elsewhere): a
    fork of a process that runs threads (a web server, a database driver) is not safe.
    """
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    it = iter(students)
    pending: deque[Future[list[StudentAudit]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_worker_start,
        initargs=(_dumps(region),),
    ) as pool:
        while True:
            while len(pending) < 2 * workers:
                chunk = list(islice(it, chunk_size))
                if not chunk:
                    break
                pending.append(pool.submit(_worker_audit, _dumps(chunk)))
            if not pending:
                return
            yield from pending.popleft().result()
