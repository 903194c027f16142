"""`invoke bench --check`: how `invoke check`'s time grows with the site.

The checks run in a fresh process (`python -m sitetools.check`, as `invoke check` runs them)
on the production build of the shipped site and, with --posts N, of the same project with
its blog replaced by the generated corpus (sitetools/corpus.py). The browser loads one page
of each type and every other page is read, so the time should grow with page types, not
posts: the target is at most TARGET_RATIO times the shipped site's time, and the shipped
site's under TARGET_SECONDS. The builds are not timed here (the build's own lines are).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sitecore.plural import decimal, plural

from .bench import BenchError, copy_with_corpus

TARGET_RATIO = 3.0
TARGET_SECONDS = 20.0


@dataclass(frozen=True)
class CheckTiming:
    label: str
    pages: int
    seconds: float


@dataclass(frozen=True)
class CheckBench:
    shipped: CheckTiming
    corpus: CheckTiming | None = None

    def lines(self) -> list[str]:
        rows = [self.shipped] + ([self.corpus] if self.corpus else [])
        width = max(len(row.label) for row in rows)
        lines = ["Tarkistus (invoke check ilman rakentamista, uusi prosessi):"]
        lines += [
            f"  {row.label:<{width}}  {decimal(row.seconds):>6} s  "
            f"{plural(row.pages, 'HTML-sivu', 'HTML-sivua')}"
            for row in rows
        ]
        lines.append(
            f"  toimitettu sivusto {decimal(self.shipped.seconds)} s "
            f"(tavoite ≤ {TARGET_SECONDS:.0f} s)"
        )
        if self.corpus:
            ratio = self.corpus.seconds / self.shipped.seconds
            lines.append(
                f"  suhde toimitettuun {decimal(ratio, 2)} × (tavoite ≤ {TARGET_RATIO:.0f} ×)"
            )
        return lines


def bench_check(project: Path, posts: int = 0) -> CheckBench:
    with tempfile.TemporaryDirectory(prefix="mittaus-tarkistus-") as tmp:
        shipped = timed_check(project, Path(tmp) / "toimitettu", "toimitettu sivusto", 0)
        if not posts:
            return CheckBench(shipped)
        label = plural(posts, "kirjoitus", "kirjoitusta")
        return CheckBench(shipped, timed_check(project, Path(tmp) / "korpus", label, posts))


def timed_check(project: Path, folder: Path, label: str, posts: int) -> CheckTiming:
    """Build a copy (the shipped blog, or posts generated posts) and time the checks on it."""
    copy = copy_with_corpus(project, folder, posts, keep_blog=not posts)
    env = {**os.environ, "PYTHONPATH": str(project)}  # sitetools from the project itself
    build = subprocess.run(
        [sys.executable, "-m", "sitecore.build", "output", "--conf", "publishconf.py"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:
        raise BenchError(build.stdout + build.stderr)
    start = time.perf_counter()
    checked = subprocess.run(
        [sys.executable, "-m", "sitetools.check", "output", "content"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,  # the shipped site fails its launch line on purpose; the time counts
    )
    seconds = time.perf_counter() - start
    if "Traceback" in checked.stderr:
        raise BenchError(checked.stdout + checked.stderr)
    return CheckTiming(label, len(list((copy / "output").rglob("*.html"))), seconds)
