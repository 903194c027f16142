"""`invoke bench`: how long the production build takes, measured, not guessed.

Each build runs in a fresh Python process into an empty folder, as `invoke preview` does on a
new machine, a few times; the fastest and the median wall-clock time, the pages written and the
process's peak memory are reported. With --posts N the project builds a generated Finnish
corpus of N posts (sitetools/corpus.py, the same bytes every time) in place of its own blog, and
plain Pelican (default theme, no plugins) builds the same posts in the same run, so the cost of
this site's Finnish quality is a ratio, not an impression.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitecore.plural import decimal, plural
from sitecore.settings import load as load_settings
from sitetools.corpus import write_corpus

PROJECT_PARTS = ("content", "theme", "plugins", "sitecore", "tiedot.yaml")
PROJECT_PARTS += ("pelicanconf.py", "publishconf.py")
PLAIN_CONF = """\
PATH = {path!r}
ARTICLE_PATHS = ["blogi"]
PAGE_PATHS = []
TIMEZONE = "Europe/Helsinki"
DEFAULT_LANG = "fi"
PLUGINS = []
LOAD_CONTENT_CACHE = False
"""
TARGET_RATIO = 1.3


class BenchError(RuntimeError):
    """A build failed; the message holds its output."""


@dataclass
class Timing:
    label: str
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process
    pages: int = 0
    peak_mib: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def line(self, width: int) -> str:
        return (
            f"  {self.label:<{width}}  nopein {decimal(min(self.seconds), 2):>6} s  "
            f"mediaani {decimal(self.median, 2):>6} s  "
            f"(suoritinaikaa {decimal(statistics.median(self.cpu), 2):>6} s)  "
            f"{plural(self.pages, 'sivu', 'sivua'):>11}  muistia enintään {self.peak_mib:5.0f} MiB"
        )


@dataclass(frozen=True)
class BenchResult:
    runs: int
    posts: int | None  # None: the project's own content
    timings: list[Timing]

    @property
    def seconds(self) -> list[float]:
        return self.timings[0].seconds

    @property
    def pages(self) -> int:
        return self.timings[0].pages

    def lines(self) -> list[str]:
        what = f"{self.posts} kirjoituksen koekorpus" if self.posts else "sivuston oma sisältö"
        width = max(len(t.label) for t in self.timings)
        ours = self.timings[0]
        lines = [f"Julkaisuversion rakentaminen ({what}), {plural(self.runs, 'kerta', 'kertaa')}:"]
        lines += [t.line(width) for t in self.timings]
        rate = round(ours.pages / ours.median)
        lines.append(f"  {plural(rate, 'sivu', 'sivua')} sekunnissa (mediaanin mukaan)")
        if len(self.timings) > 1:
            plain = self.timings[1]
            ratio = ours.median / plain.median
            cpu = statistics.median(ours.cpu) / statistics.median(plain.cpu)
            lines.append(
                f"  suhde pelkkään Pelicaniin {decimal(ratio, 2)} × "
                f"(tavoite ≤ {decimal(TARGET_RATIO)} ×), suoritinajassa {decimal(cpu, 2)} ×"
            )
        return lines


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Wall-clock seconds, CPU seconds, peak memory (MiB) and output of one command run in
    a new process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BenchError(output)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def measure(jobs: list[tuple[Timing, list[str], Path, Path]], runs: int) -> None:
    """Run each job runs times, interleaved, so that what else the machine does at the
    moment weighs on all of them alike."""
    for _ in range(runs):
        for timing, cmd, cwd, output in jobs:
            shutil.rmtree(output, ignore_errors=True)
            took, cpu, mib, _ = timed(cmd + [str(output)], cwd)
            timing.seconds.append(took)
            timing.cpu.append(cpu)
            timing.peak_mib = max(timing.peak_mib, mib)
            timing.pages = sum(1 for _ in output.rglob("*.html"))


def copy_with_corpus(project: Path, dest: Path, posts: int, keep_blog: bool = False) -> Path:
    """The project's files in dest, its blog replaced by the generated corpus (or kept)."""
    for name in PROJECT_PARTS:
        src = project / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    if not keep_blog:
        blog = dest / "content" / "blogi"
        shutil.rmtree(blog, ignore_errors=True)
        write_corpus(blog, posts)
    return dest


def bench(project: Path, runs: int = 5, posts: int = 0) -> BenchResult:
    ours = [sys.executable, "-m", "sitecore.build", "--conf", "publishconf.py"]
    with tempfile.TemporaryDirectory(prefix="mittaus-") as tmp:
        tmp_path = Path(tmp)
        site = Timing("tämä sivusto")
        if not posts:
            measure([(site, ours, project, tmp_path / "output")], runs)
            return BenchResult(runs, None, [site])
        copy = copy_with_corpus(project, tmp_path / "project", posts)
        plain_conf = tmp_path / "plain.py"
        plain_conf.write_text(PLAIN_CONF.format(path=str(copy / "content")), encoding="utf-8")
        plain_cmd = [sys.executable, "-m", "pelican", "-q", "-s", str(plain_conf), "-o"]
        plain = Timing("pelkkä Pelican")
        measure(
            [
                (site, ours, copy, tmp_path / "output"),
                (plain, plain_cmd, copy, tmp_path / "plain-output"),
            ],
            runs,
        )
    return BenchResult(runs, posts, [site, plain])


EDIT_SCRIPT = """\
import sys, time
from pathlib import Path
from sitecore import build
from sitecore.parallel import RenderFirst
out = Path(sys.argv[1])
post = Path(sys.argv[2]).resolve()
build.build_into(out, "pelicanconf.py", quiet=True)  # the preview's first build (warm cache)
first, whole = [], []
for round in range({runs}):
    post.write_text(post.read_text("utf-8") + f"\\nMuokkaus {{round}}.\\n", encoding="utf-8")
    start = time.perf_counter()
    took = lambda root, files: first.append(time.perf_counter() - start)
    ready = RenderFirst(frozenset({{str(post)}}), took)
    result = build.build_into(out, "pelicanconf.py", quiet=True, first=ready)
    whole.append(time.perf_counter() - start)
    assert result.ok and len(first) == len(whole)
print(" ".join(f"{{a:.3f}},{{b:.3f}}" for a, b in zip(first, whole)))
"""


def edit_lines(project: Path, runs: int, posts: int = 0) -> list[str]:
    """Edit → page rebuilt, as in the live preview: one warm process builds the preview,
    then a post is edited and the site rebuilt, runs times: until the edited post's pages
    are written (the preview reloads the browser then) and until the whole site is. The
    preview's wait for the change (at most 0.2 s) and the browser's reload are not counted."""
    with tempfile.TemporaryDirectory(prefix="muokkaus-") as tmp:
        tmp_path = Path(tmp)
        if posts:
            copy = copy_with_corpus(project, tmp_path / "project", posts)
        else:
            copy = copy_with_corpus(project, tmp_path / "project", 0, keep_blog=True)
        # her pictures as her folder has them (only edits are timed, not the first build)
        pictures = load_settings(project)["IMAGE_CACHE_PATH"]
        if (project / pictures).is_dir():
            shutil.copytree(project / pictures, copy / pictures)
        post = sorted((copy / "content" / "blogi").rglob("*.md"))[-1]
        script = EDIT_SCRIPT.format(runs=runs)
        cmd = [sys.executable, "-c", script, str(tmp_path / "output"), str(post)]
        _, _, _, output = timed(cmd, copy)
    pairs = [item.split(",") for item in output.split()[-runs:]]
    first = [float(a) for a, _ in pairs]
    whole = [float(b) for _, b in pairs]
    what = plural(posts, "kirjoitus", "kirjoitusta") if posts else "sivuston oma sisältö"
    target = 2 if posts else 1
    return [
        f"Esikatselu, kirjoituksen muokkauksesta sivustoon ({what}, "
        f"{plural(runs, 'kerta', 'kertaa')}):",
        f"  muokattu kirjoitus sivuineen: nopein {decimal(min(first), 2)} s, mediaani "
        f"{decimal(statistics.median(first), 2)} s (tavoite selaimessa ≤ {target} s)",
        f"  koko sivusto: nopein {decimal(min(whole), 2)} s, mediaani "
        f"{decimal(statistics.median(whole), 2)} s",
    ]
