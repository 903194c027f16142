"""What every part of publishing shares: the Finnish failure, running a program, and ending a
run cleanly.

A run may end from outside: Ctrl+C in the terminal, a closed terminal (SIGHUP) or a
scheduler's kill (SIGTERM). Each becomes a KeyboardInterrupt in the main thread, so the lock
on the server is released and temporary folders are removed on the way out, and the
practitioner reads one Finnish sentence instead of a traceback.
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
from collections.abc import Mapping

INTERRUPTED = (
    "Keskeytetty. Palvelimelle ei jäänyt keskeneräisiä tiedostoja eikä julkaisun lukkoa, "
    "joten sivusto on ennallaan: aja julkaisu uudelleen, kun haluat."
)


class PublishError(Exception):
    """A failure the practitioner can fix; the message is the Finnish explanation."""


def run(
    cmd: list[str], *, env: Mapping[str, str] = os.environ, **options
) -> subprocess.CompletedProcess:
    """Run ssh, rsync or git with English messages (the explanations match them), output
    captured as text; a missing program is a PublishError naming its package."""
    try:
        return subprocess.run(
            cmd,
            env={**env, "LC_ALL": "C"},
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            check=False,
            **options,
        )
    except FileNotFoundError:
        package = {"ssh": "openssh-client"}.get(cmd[0], cmd[0])
        raise PublishError(
            f"Tältä koneelta puuttuu ohjelma {cmd[0]}. Asenna se: sudo apt-get install {package}"
        ) from None


def _as_ctrl_c(_signum: int, frame) -> None:
    signal.getsignal(signal.SIGINT)(signal.SIGINT, frame)


# SIGTERM and SIGHUP stop a command as Ctrl+C does: KeyboardInterrupt where it is running, or
# in the browser checks asyncio.run's own Ctrl+C handler, which cancels them so that the
# browser is closed in order first (an exception raised inside the event loop was swallowed
# by Playwright or left the loop half closed).
STOP_HANDLERS = {
    signal.SIGINT: signal.default_int_handler,
    signal.SIGTERM: _as_ctrl_c,
    signal.SIGHUP: _as_ctrl_c,
}


def interruptible(func):
    """Ctrl+C or a stop signal ends a command with a Finnish sentence, not a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        old = {signum: signal.signal(signum, handler) for signum, handler in STOP_HANDLERS.items()}
        try:
            return func(*args, **kwargs)
        except KeyboardInterrupt:
            raise PublishError(INTERRUPTED) from None
        finally:
            for signum, handler in old.items():
                signal.signal(signum, handler)

    return wrapper
