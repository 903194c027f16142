"""What every part of publishing shares: the Finnish failure, and ending a run cleanly.

A run may end from outside: Ctrl+C in the terminal, a closed terminal (SIGHUP) or a
scheduler's kill (SIGTERM). Each becomes an `Interrupted` exception in the main thread, so
the lock on the server is released and temporary folders are removed on the way out, and
the practitioner reads one Finnish sentence instead of a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import signal
from collections.abc import Callable, Iterator

Say = Callable[[str], None]
INTERRUPTED = (
    "Keskeytetty. Keskeneräiset tiedostot poistettiin palvelimelta ja julkaisun lukko "
    "vapautettiin, joten sivusto on ennallaan: aja julkaisu uudelleen, kun haluat."
)


class PublishError(Exception):
    """A failure the practitioner can fix; the message is the Finnish explanation."""


class Interrupted(Exception):
    """The run was told to stop (SIGTERM or SIGHUP); raised in the main thread."""


def _raise_interrupted(signum: int, _frame) -> None:
    raise Interrupted(signal.Signals(signum).name)


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Interrupted (never SystemExit) while the block runs."""
    old = {}
    try:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            old[signum] = signal.signal(signum, _raise_interrupted)
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
        except (KeyboardInterrupt, Interrupted):
            raise PublishError(INTERRUPTED) from None

    return wrapper
