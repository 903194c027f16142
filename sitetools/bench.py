"""Build-time benchmark: how long the production build takes, measured, not guessed.

Runs the real build (a fresh Python process each time, as `invoke build` does) a few times
into temporary folders and reports the fastest and the median wall-clock time and the
number of pages, so a slow plugin or template shows up as a number before it is felt.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BenchResult:
    seconds: list[float]
    pages: int

    def lines(self) -> list[str]:
        fastest, median = min(self.seconds), statistics.median(self.seconds)
        return [
            f"Julkaisuversion rakentaminen, {len(self.seconds)} kertaa:",
            f"  nopein   {fastest:6.2f} s",
            f"  mediaani {median:6.2f} s",
            f"  sivuja   {self.pages:6d}  ({self.pages / median:.0f} sivua sekunnissa)",
        ]


class BenchError(RuntimeError):
    """The build failed; the message holds Pelican's output."""


def bench(project: Path, runs: int = 5, settings: str = "publishconf.py") -> BenchResult:
    seconds: list[float] = []
    pages = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="mittaus-") as tmp:
            cmd = [sys.executable, "-m", "pelican", "content", "-s", settings, "-o", tmp, "-q"]
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, check=False)
            seconds.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise BenchError(proc.stdout + proc.stderr)
            pages = sum(1 for _ in Path(tmp).rglob("*.html"))
    return BenchResult(seconds, pages)
