"""A synchronous client for `pagefind --service`, the binary shipped by `pagefind[bin]`.

Why not the `pagefind` package's own async PagefindIndex? It reads the service's answers
in a loop that sleeps 0.1 s before each one, so every page costs at least 0.1 s (32 pages:
3.4 s, for a site that builds in 0.3 s), and it cannot run inside livereload's event loop.
The protocol is small and the same one that package speaks: each request is JSON, base64
encoded, followed by a comma; each answer comes back the same way. The service handles
requests one at a time in the order sent, so pages added in sorted order give the same
index every time (Pagefind's own `--site` walk follows the file system's order, which
differs between folders and machines, and so would the index).
"""

from __future__ import annotations

import base64
import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any


class PagefindError(RuntimeError):
    """The service could not be started or answered with an error (message in English,
    from Pagefind; the plugin says in Finnish what it means)."""


def executable() -> Path:
    """The binary of the pinned pagefind_bin package (never one from PATH, which could be
    another version and give another index)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as err:
        raise PagefindError("pagefind_bin is not installed") from err
    return Path(get_executable())


class PagefindService:
    """One running `pagefind --service` process with one index in it."""

    def __init__(self, binary: Path, config: dict[str, Any]) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process
        try:
            self._proc = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
            )
        except OSError as err:
            self._stderr.close()
            raise PagefindError(f"{binary}: {err}") from err
        self._next_id = 0
        self._buffer = b""
        self.index_id = self._request({"type": "NewIndex", "config": config})["index_id"]

    def _request(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        assert self._proc.stdin and self._proc.stdout
        try:
            self._proc.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
            self._proc.stdin.flush()
        except BrokenPipeError as err:
            raise PagefindError(self._died()) from err
        answer = self._read_answer()
        result = answer.get("payload", {})
        if result.get("type") == "Error":
            raise PagefindError(result.get("message", "unknown error"))
        return result

    def _read_answer(self) -> dict[str, Any]:
        """The next answer: everything up to the next comma (base64 has none)."""
        assert self._proc.stdout
        while b"," not in self._buffer:
            data = self._proc.stdout.read1(65536)
            if not data:
                raise PagefindError(self._died())
            self._buffer += data
        answer, _, self._buffer = self._buffer.partition(b",")
        return json.loads(base64.b64decode(answer))

    def _died(self) -> str:
        self._proc.poll()
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace").strip()
        return f"the service stopped (exit code {self._proc.returncode}): {text[-500:]}"

    def add_html(self, url: str, html: str) -> dict[str, Any]:
        """Index one page; url is what a search result links to."""
        return self._request(
            {
                "type": "AddFile",
                "index_id": self.index_id,
                "url": url,
                "file_path": None,
                "file_contents": html,
            }
        )

    def files(self) -> dict[str, bytes]:
        """The whole bundle (index, fragments, WebAssembly, JavaScript) by relative path.

        Asked for in memory rather than with WriteFiles: the service answers WriteFiles
        before its writes have reached the disk (Pagefind 1.4 hands them to background
        threads), so a file read right after it can still be empty."""
        answer = self._request({"type": "GetFiles", "index_id": self.index_id})
        return {item["path"]: base64.b64decode(item["content"]) for item in answer["files"]}

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()  # the service exits at the end of its input
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._stderr.close()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
