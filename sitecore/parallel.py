"""Render the site's pages on every core: Pelican's writer, with the rendering deferred.

Pelican renders and writes one page after another in one process. Here every
`write_file` still goes through Pelican's own writer — pagination, the checks against
overwriting a file, the `content_written` signal (the sitemap listens to it) all happen as
usual, in the usual order — but the template is only recorded, with its context, and an
empty file is written. After the last generator (see FlushRenders) the recorded pages are
rendered by BUILD_WORKERS processes forked from this one: they share everything already
read, copy-on-write, and each writes its own share of files. A page's bytes do not depend
on which process made it, so the output is the same with one worker or many.

Messages logged while rendering are sent back to this process and logged here, in page
order, so they are printed and counted like any other.

The live preview asks for some pages first (a RenderFirst, given to the writer): the pages of the
files just edited, and the list pages that show them, are rendered before the rest and
handed to its callback, which puts them before the browser at once.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from pelican.readers import MarkdownReader
from pelican.writers import Writer

from sitecore import outputs

log = logging.getLogger(__name__)


# Below this many files or pages, a fork costs more than it saves.
MIN_PARALLEL = 64


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def workers_for(settings: dict) -> int:
    """How many processes may work: BUILD_WORKERS (default the cores, up to 4), or one where
    forking is unsafe (a threaded process, like the live preview's server) or impossible."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    return int(settings.get("BUILD_WORKERS") or default_workers())


@dataclass(frozen=True)
class RenderFirst:
    """Pages to render before the others: those of the content files in sources, and the
    list pages whose page shows one of them. ready(root, files) is called with them written."""

    sources: frozenset[str]  # the edited content files, as Pelican names them (under PATH)
    ready: Callable[[Path, list[Path]], None]


@dataclass
class Job:
    template: Any
    context: dict
    path: str = ""


class _Recorder:
    """Stands in for a Jinja template: remembers what would have been rendered."""

    def __init__(self, template: Any, writer: DeferredWriter) -> None:
        self.template = template
        self.writer = writer

    def render(self, context: dict) -> str:
        self.writer.pending = Job(self.template, context)
        return ""


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


class DeferredWriter(Writer):
    """Pelican's Writer, rendering pages later in several processes (see module doc)."""

    def __init__(
        self, output_path: str, settings: dict | None = None, first: RenderFirst | None = None
    ) -> None:
        super().__init__(output_path, settings=settings)
        settings = settings or {}
        self.workers = workers_for(settings)
        self.jobs: list[Job] = []
        self.pending: Job | None = None
        self.first = first

    def write_file(self, name, template, context, *args, **kwargs):
        if self.workers > 1 or self.first is not None:  # deferred: to render some first
            template = _Recorder(template, self)
        return super().write_file(name, template, context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        if self.pending is not None:  # the page just "rendered" is written here
            self.pending.path = filename
            self.jobs.append(self.pending)
            self.pending = None
        return super()._open_w(filename, encoding, override)

    def flush(self) -> None:
        """Render every recorded page: a share here, the rest in forked processes."""
        jobs, self.jobs = self.jobs, []
        if self.first is not None:
            jobs = self.render_first(jobs, self.first)
        count = min(self.workers, len(jobs)) if len(jobs) >= MIN_PARALLEL else 1
        if count == 0:
            return
        children = [_in_child(partial(render, jobs[i::count])) for i in range(1, count)]
        render(jobs[0::count])  # this process's share logs as usual
        failed = [(logging.ERROR, "Sivujen teko rinnakkain epäonnistui (työprosessi keskeytyi).")]
        for pid, read_end in children:
            for level, message in _result(pid, read_end, failed):
                log.log(level, "%s", message)

    def render_first(self, jobs: list[Job], first: RenderFirst) -> list[Job]:
        """Render the jobs that show an edited file and hand them over; the rest."""
        early: list[Job] = []
        rest: list[Job] = []
        for job in jobs:
            (early if shows(job.context, first.sources) else rest).append(job)
        if early:
            render(early)  # in this process: its messages are logged as usual
            first.ready(Path(self.output_path), [Path(job.path) for job in early])
        return rest


def shows(context: dict, sources: frozenset[str]) -> bool:
    """Whether a page renders one of the content files in sources: as itself, or in the
    page of a list (the first blog page, a tag's page…)."""
    item = context.get("article") or context.get("page")
    if item is not None:
        return item.source_path in sources
    listed = getattr(context.get("articles_page"), "object_list", ())
    return any(article.source_path in sources for article in listed)


def render(jobs: list[Job]) -> list[tuple[int, str]]:
    """Render and write jobs; the warnings and errors logged meanwhile."""
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        for job in jobs:
            try:
                output = job.template.render(job.context)
            except Exception as err:
                log.error("Sivun %s teko epäonnistui: %s: %s", job.path, type(err).__name__, err)
                continue
            outputs.write(job.path, output)
    finally:
        root.removeHandler(collector)
    return collector.records


def in_parallel(work: Callable[[Any], Any], items: list, workers: int) -> None:
    """work(item) for every item, shared among this process and workers - 1 forked ones:
    for work that writes its result into a file. What a child could not do (an exception,
    or the child lost) is done again here, so its error is raised and reported here."""
    count = max(1, min(workers, len(items)))
    shares = [list(range(i, len(items), count)) for i in range(count)]

    def attempt(share: list[int]) -> list[int]:
        failed = []
        for index in share:
            try:
                work(items[index])
            except Exception:
                failed.append(index)
        return failed

    children = [(_in_child(partial(attempt, share)), share) for share in shares[1:]]
    for index in shares[0]:
        work(items[index])
    for (pid, read_end), share in children:
        for index in _result(pid, read_end, share):
            work(items[index])


def _in_child(work: Callable[[], Any]) -> tuple[int, int]:
    """Run work() in a forked process; its pickled result comes back through a pipe.

    The child prints nothing (its log handlers are dropped: what it logs is collected and
    sent back) and leaves with os._exit, so no cleanup of this process runs twice."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        code = 0
        try:
            logging.getLogger().handlers = []
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
        except BaseException:
            code = 1  # the parent sees a child that sent nothing
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _result(pid: int, read_end: int, failed: Any) -> Any:
    """What the child sent, or failed when it sent nothing or did not end well."""
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not data:
        return failed
    return pickle.loads(data)  # written by our own forked process just now


class FlushRenders:
    """A last generator: renders what DeferredWriter recorded, before `finalized` is sent
    (plugins that read the output then, like security_headers, find every page there)."""

    def __init__(self, context, settings, path, theme, output_path, **kwargs) -> None:
        # the attributes every generator has, for plugins that look at all of them
        self.context, self.settings, self.path = context, settings, path
        self.theme, self.output_path = theme, output_path

    def generate_output(self, writer: Writer) -> None:
        if isinstance(writer, DeferredWriter):
            writer.flush()


class PrefetchingMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader; the first file asked for starts the reading of every
    Markdown file under PATH in BUILD_WORKERS processes, and later files come from there.

    Pelican's own reader still reads any file the workers could not (and so reports its
    problems itself, in this process)."""

    prefetched: ClassVar[dict[tuple[str, float], tuple[str, dict]]] = {}
    asked: ClassVar[bool] = False  # whether this build's prefetch has run

    @classmethod
    def reset(cls) -> None:
        """Forget what an earlier build read (another build in the same process)."""
        cls.prefetched.clear()
        cls.asked = False

    def read(self, source_path):
        if not self.asked:
            type(self).asked = True
            self.prefetch()
        found = self.prefetched.pop((source_path, os.path.getmtime(source_path)), None)
        return found if found is not None else super().read(source_path)

    def prefetch(self) -> None:
        workers = workers_for(self.settings)
        if self.settings.get("LOAD_CONTENT_CACHE") or workers <= 1:
            return  # most files come from the cache, or forking is out: read one by one
        base = Path(self.settings["PATH"])
        paths = sorted(str(p) for ext in self.file_extensions for p in base.rglob(f"*.{ext}"))
        if len(paths) < MIN_PARALLEL:
            return
        children = [_in_child(partial(read_all, self, paths[i::workers])) for i in range(workers)]
        for pid, read_end in children:
            self.prefetched.update(_result(pid, read_end, {}))


def read_all(reader: MarkdownReader, paths: list[str]) -> dict[tuple[str, float], tuple]:
    """What Pelican's Markdown reader makes of each file; a file it cannot read is left to
    the parent, which reads it again and reports its problem itself."""
    results = {}
    for path in paths:
        try:
            results[(path, os.path.getmtime(path))] = MarkdownReader.read(reader, path)
        except Exception:
            continue
    return results
