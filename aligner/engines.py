"""Where corpus work runs: in this process (the default), in worker processes on
this machine, or on a Dask cluster.

An engine has one method that matters, :meth:`Engine.map`: apply a function to a
list of partitions and return the results *in input order*. Every step of a scan
that is handed to an engine (:func:`~aligner.corpus.scan_partition` on a partition
of documents, :func:`~aligner.corpus.verify_batch` on a batch of candidate pairs)
is a pure function of its partition, so the answer is the same wherever it runs;
only the wall time changes. Tasks get references to the documents, not their
texts, and read the texts from the corpus themselves (a path all workers can
read; records given in memory travel with the task instead).

Workers of a cluster cannot be handed the driver's encoder (it holds a model and
an SQLite connection), so they get an :class:`EncoderSpec`: a small picklable
recipe that builds the same encoder once per worker process. The embedding cache
is SQLite in WAL mode, safe for many processes at once, so workers share it.

:class:`ProcessEngine` runs the same tasks in a pool of worker processes on this
machine (the standard library's, no Dask): every core encodes, tags and verifies.
Dask is imported only when a :class:`DaskEngine` is made: ``pip install
'aligner[dask]'``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from .errors import AlignerError

__all__ = [
    "DaskEngine",
    "EncoderSpec",
    "Engine",
    "EngineError",
    "LocalEngine",
    "ProcessEngine",
    "encoder_spec",
    "one_blas_thread",
    "open_engine",
]

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "processes", "dask")


class EngineError(AlignerError):
    """An engine cannot start: Dask is missing or the scheduler cannot be reached."""


class Engine(Protocol):
    """Runs a function over partitions; results come back in input order."""

    name: str
    #: True when work runs in this process (the encoder object can be used as is).
    local: bool

    def map(self, fn: Callable[..., R], items: Sequence[Any], **shared: Any) -> list[R]: ...

    def close(self) -> None: ...


class LocalEngine:
    """Everything in this process, one partition after another (the default)."""

    name = "local"
    local = True

    def map(self, fn: Callable[..., R], items: Sequence[Any], **shared: Any) -> list[R]:
        return [fn(x, **shared) for x in items]

    def describe(self) -> str:
        return "local (in-process)"

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProcessEngine:
    """Partitions run as tasks in ``workers`` processes on this machine.

    Each worker builds the encoder once from the driver's :class:`EncoderSpec` and
    uses one BLAS thread (the workers already use every core). Processes are
    spawned, not forked: the driver may hold threads (the encoder's, SQLite's).
    """

    name = "processes"
    local = False

    def __init__(self, workers: int | None = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers or max(1, os.cpu_count() or 1)
        self._pool = ProcessPoolExecutor(
            self.workers, multiprocessing.get_context("spawn"), initializer=one_blas_thread
        )

    def describe(self) -> str:
        return f"{self.workers} local worker process(es)"

    def map(self, fn: Callable[..., R], items: Sequence[Any], **shared: Any) -> list[R]:
        from collections import deque
        from concurrent.futures.process import BrokenProcessPool
        from functools import partial

        if not items:
            return []
        task = partial(fn, **shared)
        # In input order, a few tasks ahead per worker: a task's arguments are
        # pickled when it is handed over, so only those in flight are held twice.
        out: list[R] = []
        pending: deque[Any] = deque()
        try:
            for item in items:
                pending.append(self._pool.submit(task, item))
                if len(pending) >= 2 * self.workers:
                    out.append(pending.popleft().result())
            while pending:
                out.append(pending.popleft().result())
            return out
        except BrokenProcessPool:
            raise EngineError(
                "a worker process stopped unexpectedly: out of memory (try fewer "
                "--workers or --engine local), or, from a Python script, the engine "
                "was started outside `if __name__ == '__main__':`"
            ) from None

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)

    def __enter__(self) -> ProcessEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def one_blas_thread() -> Any:
    """Limits BLAS to one thread: as a context manager, for the block; called, for
    the rest of the process (a worker's initializer). The model, comparing and
    aligning multiply small matrices, where a second BLAS thread only adds
    synchronisation, and spinning BLAS threads slow a busy machine down several
    times (measured: 3.5-6x on the shared 2-core machine)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, user_api="blas")


class DaskEngine:
    """Partitions run as tasks on a ``dask.distributed`` cluster.

    ``scheduler`` joins a running cluster (``tcp://host:8786``); otherwise a
    ``LocalCluster`` of ``workers`` processes with one thread each is started
    (one thread: the encoder already uses the core's vector units, and numpy's
    BLAS threads would only fight each other).
    """

    name = "dask"
    local = False

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        *,
        timeout: float = 10.0,
    ) -> None:
        if scheduler and workers:
            raise EngineError("give either a scheduler address or a number of workers, not both")
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise EngineError("the dask engine needs Dask: pip install 'aligner[dask]'") from None
        self._cluster = None
        self.scheduler = scheduler
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=timeout)
                try:
                    self.client.wait_for_workers(1, timeout=timeout)
                except TimeoutError:
                    self.client.close()
                    raise EngineError(
                        f"the Dask scheduler at {scheduler} has no workers; "
                        f"start some with: dask worker {scheduler}"
                    ) from None
            else:
                n = workers or max(1, os.cpu_count() or 1)
                self._cluster = LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: never clash with another cluster
                )
                self.client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            if self._cluster is not None:
                self._cluster.close()
            where = scheduler or "a local cluster"
            raise EngineError(
                f"cannot reach the Dask scheduler at {where} ({exc}); "
                "check that a scheduler (dask scheduler) runs there and the port is open"
            ) from None

    def describe(self) -> str:
        n = len(self.client.scheduler_info().get("workers", {}))
        where = self.scheduler or "a local cluster"
        return f"dask at {where} with {n} worker(s)"

    def map(self, fn: Callable[..., R], items: Sequence[Any], **shared: Any) -> list[R]:
        if not items:
            return []
        # Shared arguments (a set of keys, the options, the encoder recipe) travel once
        # to each worker, not once per task.
        # (In a one-item list: scatter would split a set or list into many futures.)
        scattered = {
            k: self.client.scatter([v], broadcast=True, hash=False)[0] for k, v in shared.items()
        }
        # Partitions go to the workers as data, not inside the task graph (Dask warns
        # about large graphs, and the scheduler would hold every partition).
        data = self.client.scatter(list(items), hash=False)
        futures = self.client.map(fn, data, pure=False, **scattered)
        try:
            return self.client.gather(futures)
        finally:
            for f in [*futures, *data, *scattered.values()]:
                f.release()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_engine(
    name: str = "local", *, scheduler: str | None = None, workers: int | None = None
) -> LocalEngine | ProcessEngine | DaskEngine:
    """The engine called ``name`` (``local``, ``processes`` or ``dask``); checks the
    options fit it."""
    if name not in ENGINES:
        raise EngineError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if name == "local":
        if scheduler:
            raise EngineError("--scheduler needs --engine dask")
        if workers:
            raise EngineError("--workers needs --engine processes or --engine dask")
        return LocalEngine()
    if workers is not None and workers < 1:
        raise EngineError("--workers must be at least 1")
    if name == "processes":
        if scheduler:
            raise EngineError("--scheduler needs --engine dask")
        return ProcessEngine(workers)
    return DaskEngine(scheduler, workers)


# --------------------------------------------------------------------------- encoders


@dataclass(frozen=True)
class EncoderSpec:
    """A picklable recipe for an encoder: a model name for the bundled and
    sentence-transformers encoders, or a picklable encoder object (tests, plugins).

    Attributes:
        model: the ``--model`` name (``None``: the bundled encoder); unused with ``obj``.
        obj: an encoder object to copy to the workers instead of a model name.
        cache_path: the embedding cache file to share, or ``None`` for no disk cache.
        identity: the encoder's identity, so a worker can check it built the same one.
    """

    model: str | None = None
    obj: Any = None
    cache_path: str | None = None
    identity: str = ""

    def build(self) -> Any:
        from .encoders import CachedEncoder, EmbeddingCache, get_encoder

        cache = EmbeddingCache(self.cache_path) if self.cache_path else None
        if self.obj is not None:
            return CachedEncoder(self.obj, cache)
        enc = get_encoder(self.model, cache=False)
        enc.cache = cache
        if self.identity and enc.identity != self.identity:
            raise EngineError(
                f"a worker built encoder {enc.identity}, the driver has {self.identity}; "
                "install the same model and package versions on every worker"
            )
        return enc


def encoder_spec(encoder: Any) -> EncoderSpec:
    """The recipe that rebuilds ``encoder`` on a worker.

    Raises:
        EngineError: the encoder is neither a known model nor picklable.
    """
    import pickle

    from .encoders import CachedEncoder, SentenceTransformerEncoder, USEEncoder

    inner, cache = encoder, None
    if isinstance(encoder, CachedEncoder):
        inner, cache = encoder.inner, encoder.cache
    cache_path = str(cache.path) if cache is not None else None
    identity = encoder.identity
    if isinstance(inner, USEEncoder):
        return EncoderSpec(None, None, cache_path, identity)
    if isinstance(inner, SentenceTransformerEncoder):
        return EncoderSpec(inner.name, None, cache_path, identity)
    try:
        pickle.dumps(inner)
    except Exception as exc:  # any pickling failure means the same thing here
        raise EngineError(
            f"encoder {identity} cannot be sent to Dask workers ({exc}); "
            "use the bundled encoder or a --model name"
        ) from None
    return EncoderSpec(None, inner, cache_path, identity)


_BUILT: dict[EncoderSpec, Any] = {}


def worker_encoder(spec: EncoderSpec) -> Any:
    """The encoder ``spec`` describes, built once per worker process."""
    try:
        return _BUILT[spec]
    except (KeyError, TypeError):
        pass
    enc = spec.build()
    try:
        _BUILT[spec] = enc
    except TypeError:  # an unhashable encoder object: build it per task
        pass
    return enc


class LazyEncode:
    """``encode`` that builds the worker's encoder only when first called:
    verification rarely needs the model at all (known paragraphs are looked up)."""

    def __init__(self, spec: EncoderSpec) -> None:
        self.spec = spec

    def __call__(self, texts: Sequence[str]) -> Any:
        return worker_encoder(self.spec).encode(texts)


# --------------------------------------------------------------------------- tasks
# Module-level functions, so that Dask pickles them by reference.


def scan_task(part: Sequence[Any], *, corpus: Any, spec: EncoderSpec, opts: Any) -> Any:
    """:func:`~aligner.corpus.scan_partition` on a worker: it reads the partition's
    texts from ``corpus`` itself (the driver sends only references)."""
    from .corpus import _analysis_cache, scan_partition
    from .corpus_io import CorpusReader

    cache = _analysis_cache(spec.cache_path is not None)
    with CorpusReader(corpus) as reader:
        return scan_partition(part, reader, worker_encoder(spec).encode, opts, cache)


def verify_task(batch: Sequence[tuple], *, corpus: Any, spec: EncoderSpec, opts: Any) -> list:
    """:func:`~aligner.corpus.verify_batch` on a worker, reading the pairs' texts itself."""
    from .corpus import verify_batch
    from .corpus_io import CorpusReader

    with CorpusReader(corpus) as reader:
        return verify_batch(batch, reader, LazyEncode(spec), opts)
