"""One publish at a time per target: a lock folder on the server.

`mkdir` is atomic on every file system, so of two runs that try at once exactly one creates
the folder. It holds a small file saying when and from which machine the run started, so the
other run can say so in Finnish. It is removed at the end of the run, also after a failure
or a stop signal; a lock left by a run that could not clean up (the machine lost power) is
stale after an hour and taken over. Only the run that made a lock removes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import shlex
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .errors import PublishError

LOCK = ".tyonohjaus-lukko"
STALE_MINUTES = 60

ACQUIRE_SCRIPT = """\
t={path}
lock="$t"/{lock}
mkdir -p "$t" || exit 3
take() {{
  mkdir "$lock" 2>/dev/null || return 1
  printf 'token=%s\\nstarted=%s\\nmachine=%s\\n' {token} {started} {machine} > "$lock/info"
  echo locked=1
}}
if take; then exit 0; fi
if [ ! -d "$lock" ]; then mkdir "$lock"; exit 3; fi
if [ -n "$(find "$lock" -maxdepth 0 -mmin +{stale} 2>/dev/null)" ]; then
  aside="$lock.vanha.$$"
  if mv "$lock" "$aside" 2>/dev/null; then
    if [ -n "$(find "$aside" -maxdepth 0 -mmin +{stale} 2>/dev/null)" ]; then
      cat "$aside/info" 2>/dev/null | sed 's/^/old_/'
      rm -rf "$aside"
      echo stale=1
      if take; then exit 0; fi
    else
      mv "$aside" "$lock" 2>/dev/null
    fi
  fi
fi
cat "$lock/info" 2>/dev/null
echo held=1
"""
RELEASE_SCRIPT = """\
lock={path}/{lock}
if grep -qxF {line} "$lock/info" 2>/dev/null; then rm -rf "$lock"; fi
"""


@dataclass(frozen=True)
class Holder:
    """Who holds a lock: when the run started (seconds since 1970) and on which machine."""

    started: float | None
    machine: str


def parse_holder(stdout: str, prefix: str = "") -> Holder:
    """The lock's info lines (`started=…`, `machine=…`) from a script's answer."""
    values = {}
    for line in stdout.splitlines():
        if line.startswith(prefix):
            key, _, value = line.removeprefix(prefix).partition("=")
            values[key] = value
    started = values.get("started", "")
    return Holder(float(started) if started.isdigit() else None, values.get("machine", ""))


def finnish_time(seconds: float, timezone: str) -> str:
    moment = dt.datetime.fromtimestamp(seconds, ZoneInfo(timezone))
    return f"{moment.day}.{moment.month}.{moment.year} klo {moment:%H.%M}"


def held_message(holder: Holder, target: str, timezone: str) -> str:
    if holder.started is None:
        when = "äsken (aloitusaika ei ole vielä tiedossa)"
        until = ""
    else:
        when = finnish_time(holder.started, timezone)
        until = f" eli {finnish_time(holder.started + STALE_MINUTES * 60, timezone)}"
    machine = f" koneella {holder.machine}" if holder.machine else ""
    return (
        f"Kohteeseen {target} on jo käynnissä toinen julkaisu, joka aloitettiin {when}{machine}. "
        "Odota, että se päättyy, ja aja komento sitten uudelleen. Jos sitä ei enää ole "
        "käynnissä (esimerkiksi kone sammui kesken julkaisun), sen lukko vanhenee tunnin "
        f"kuluttua aloituksesta{until}, ja sen jälkeen julkaisu onnistuu taas."
    )


@contextlib.contextmanager
def publish_lock(server, timezone: str) -> Iterator[None]:
    """Hold the target's lock for the block; PublishError if another run holds it."""
    token = secrets.token_hex(8)
    path = shlex.quote(server.target.path)
    script = ACQUIRE_SCRIPT.format(
        path=path,
        lock=LOCK,
        token=shlex.quote(token),
        started=int(time.time()),
        machine=shlex.quote(socket.gethostname()),
        stale=STALE_MINUTES,
    )
    stdout = server.script(script, "Julkaisun lukitseminen")
    if "locked=1" not in stdout:
        raise PublishError(held_message(parse_holder(stdout), str(server.target), timezone))
    if "stale=1" in stdout:
        old = parse_holder(stdout, "old_")
        since = f" (aloitettu {finnish_time(old.started, timezone)})" if old.started else ""
        print(
            f"Huom: kohteessa oli vanhentunut lukko keskeytyneestä julkaisusta{since}; se "
            "poistettiin."
        )
    release = RELEASE_SCRIPT.format(path=path, lock=LOCK, line=shlex.quote(f"token={token}"))
    try:
        yield
    finally:
        try:
            server.script(release, "Lukon poistaminen")
        except PublishError:
            print(
                "Huom: julkaisun lukkoa ei voitu poistaa palvelimelta (yhteys katkesi?). Se "
                f"vanhenee tunnissa; sitä ennen uusi julkaisu kertoo lukosta ({LOCK})."
            )
