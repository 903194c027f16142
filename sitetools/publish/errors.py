"""What every part of publishing shares: the Finnish failure, and ending a run cleanly.

A run may end from outside: Ctrl+C in the terminal, a closed terminal (SIGHUP) or a
scheduler's kill (SIGTERM). Each becomes a KeyboardInterrupt in the main thread, so the lock
on the server is released and temporary folders are removed on the way out, and the
practitioner reads one Finnish sentence instead of a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import signal
from collections.abc import Callable, Iterator

Say = Callable[[str], None]
INTERRUPTED = (
    "Keskeytetty. Palvelimelle ei jäänyt keskeneräisiä tiedostoja eikä julkaisun lukkoa, "
    "joten sivusto on ennallaan: aja julkaisu uudelleen, kun haluat."
)


class PublishError(Exception):
    """A failure the practitioner can fix; the message is the Finnish explanation."""


def _as_ctrl_c(_signum: int, frame) -> None:
    signal.getsignal(signal.SIGINT)(signal.SIGINT, frame)


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the block as Ctrl+C does: KeyboardInterrupt where it is
    running, or in the browser checks asyncio.run's own Ctrl+C handler, which cancels them
    so that the browser is closed in order first (an exception raised inside the event
    loop was swallowed by Playwright or left the loop half closed)."""
    handlers = {
        signal.SIGINT: signal.default_int_handler,
        signal.SIGTERM: _as_ctrl_c,
        signal.SIGHUP: _as_ctrl_c,
    }
    old = {}
    try:
        for signum, handler in handlers.items():
            old[signum] = signal.signal(signum, handler)
    except ValueError:  # not the main thread: leave the signals alone
        pass
    try:
        yield
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)


def interruptible(func):
    """Ctrl+C or a stop signal ends a command with a Finnish sentence, not a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            with stop_signals():
                return func(*args, **kwargs)
        except KeyboardInterrupt:
            raise PublishError(INTERRUPTED) from None

    return wrapper
