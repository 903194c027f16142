"""A synchronous client for `pagefind --service`, the binary shipped by `pagefind[bin]`.

Why not the `pagefind` package's own async PagefindIndex? It reads the service's answers
in a loop that sleeps 0.1 s before each one, so every page costs at least 0.1 s (32 pages:
3.4 s, for a site that builds in 0.3 s), and it cannot run inside livereload's event loop.
The protocol is small and the same one that package speaks: each request is JSON, base64
encoded, followed by a comma; each answer comes back the same way. The service reads every
request as it comes and handles them one at a time in the order sent, so all the pages are
sent at once and the answers read afterwards, and pages sent in sorted order give the same
index every time (Pagefind's own `--site` walk follows the file system's order, which
differs between folders and machines, and so would the index). At the end of its input the
service exits at once, whatever it has not answered yet: its input is closed only when the
last answer is in.
"""

from __future__ import annotations

import base64
import json
import subprocess
import tempfile
from pathlib import Path
from typing import IO, Any


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


def ask(proc: subprocess.Popen, stderr: IO[bytes], payloads: list[dict]) -> list[dict]:
    """Send the requests at once; their answers, in the same order."""
    for number, payload in enumerate(payloads):
        message = json.dumps({"message_id": number, "payload": payload}).encode()
        proc.stdin.write(base64.b64encode(message) + b",")
    proc.stdin.flush()
    chunks, commas = [], 0
    while commas < len(payloads):  # an answer ends at a comma (base64 has none)
        chunk = proc.stdout.read1(65536)
        if not chunk:
            stderr.seek(0)
            text = stderr.read().decode("utf-8", "replace").strip()
            raise PagefindError(f"the service stopped (exit code {proc.wait()}): {text[-500:]}")
        chunks.append(chunk)
        commas += chunk.count(b",")
    answers = b"".join(chunks).split(b",")[: len(payloads)]
    results = [json.loads(base64.b64decode(answer))["payload"] for answer in answers]
    for result in results:
        if result.get("type") == "Error":
            raise PagefindError(result.get("message", "unknown error"))
    return results


def index(pages: list[tuple[str, str]], config: dict[str, Any]) -> dict[str, bytes]:
    """Index pages (the address a result links to, the HTML) in the order given; the whole
    bundle (index, fragments, WebAssembly, JavaScript) by relative path.

    The bundle is asked for in memory rather than with WriteFiles: the service answers
    WriteFiles before its writes have reached the disk (Pagefind 1.4 hands them to
    background threads), so a file read right after it can still be empty."""
    binary = executable()
    with tempfile.TemporaryFile() as stderr:
        try:
            proc = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
            )
        except OSError as err:
            raise PagefindError(f"{binary}: {err}") from err
        with proc:  # closes its input (the service exits) and waits
            (new,) = ask(proc, stderr, [{"type": "NewIndex", "config": config}])
            at = {"index_id": new["index_id"]}
            files = [
                {"type": "AddFile", **at, "url": url, "file_path": None, "file_contents": html}
                for url, html in pages
            ]
            answers = ask(proc, stderr, [*files, {"type": "GetFiles", **at}])
    return {item["path"]: base64.b64decode(item["content"]) for item in answers[-1]["files"]}
