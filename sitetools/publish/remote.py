"""The server side: the practitioner's own ssh and rsync over one shared connection, one
read-only look at the target folder, small POSIX shell scripts, what rsync did (its
itemized output), a Finnish reason for every way they fail, and the lock.

One publish at a time per target: a lock folder on the server. `mkdir` is atomic on every
file system, so of two runs that try at once exactly one creates the folder. It holds a
small file saying when and from which machine the run started, so the other run can say so
in Finnish. It is removed at the end of the run, also after a failure or a stop signal; a
lock left by a run that could not clean up (the machine lost power) is stale after an hour
and taken over. Only the run that made a lock removes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import posixpath
import re
import secrets
import shlex
import socket
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from .errors import PublishError, run
from .target import TARGET_EXAMPLE, Target

MARKER = ".tyonohjaus-julkaisu"
ITEM_LINE = re.compile(r"^(?P<flags>\*deleting|[<>ch.][fdLDS]\S*)\s+(?P<name>.+)$")
STATS = {"Number of regular files transferred:": "files_sent", "Total bytes sent:": "bytes_sent"}
RELEASE_NAME = re.compile(r"^\d{8}-\d{6}(-\d+)?$")
# LogLevel=INFO (given first, so it wins over ~/.ssh/config): ssh then says why it refused
# a host key (changed or unknown), which explain() turns into the right advice.
SSH_OPTIONS = ("-o", "BatchMode=yes", "-o", "ConnectTimeout=20", "-o", "LogLevel=INFO")
# No --times: an unchanged file keeps its date on the server (and browsers' caches stay
# valid); --chmod because the build folder is private (0700) and the web server must read it.
RSYNC_OPTIONS = shlex.split(
    "--recursive --links --perms --chmod=D755,F644 --checksum --delete --compress "
    "--8-bit-output '--out-format=%i %n%L' --stats"
)


# A Finnish reason for each way ssh, rsync or the server's disk (the operating system's words,
# which rsync, mkdir and mv pass on) says a run failed, found before rsync's general exit code;
# the last line of their messages matching the pattern is the technical line shown.
TROUBLES = {
    "has changed and you have requested strict|REMOTE HOST IDENTIFICATION HAS CHANGED": "palvelimen"
    " ”{host}” tunniste on muuttunut sen jälkeen, kun tämä kone viimeksi otti siihen yhteyttä. Se "
    "voi tarkoittaa, että palveluntarjoaja on vaihtanut palvelimen, tai että joku yrittää kaapata "
    "yhteyden, joten mitään ei lähetetty. Kysy palveluntarjoajalta palvelimen uusi sormenjälki "
    "(fingerprint) ja vertaa sitä tähän: {fingerprint}. Vasta kun ne ovat samat, poista vanha "
    "tunniste komennolla {forget} ja ota yhteys kerran itse (ssh {host}): hyväksy uusi tunniste, "
    "jos sen sormenjälki on sama.",
    r"Permission denied \((publickey|password|keyboard|gssapi)|Too many authentication": "palvelin "
    "”{host}” ei hyväksynyt kirjautumista SSH-avaimellasi. Lisää julkinen avaimesi palvelimelle "
    "(komennolla ssh-copy-id {host} tai palveluntarjoajan hallintapaneelissa). Jos avaimella on "
    "salasana, anna se ensin komennolla ssh-add. Kokeile sitten: ssh {host}",
    "Host key verification failed|host key is known": "palvelimen ”{host}” tunnistetta ei ole "
    "vielä hyväksytty tällä koneella. Ota yhteys kerran itse komennolla ssh {host}, vertaa "
    "näkyvää sormenjälkeä palveluntarjoajan ilmoittamaan ja hyväksy tunniste vain, jos ne ovat "
    "samat.",
    "Could not resolve hostname|Name or service not known|nodename nor servname": "palvelimen "
    "nimeä ”{host}” ei löydy. Tarkista nimen kirjoitusasu kohteessa ({source}), esim. "
    f"{TARGET_EXAMPLE}",
    "Connection refused": "palvelin ”{host}” ei ota vastaan SSH-yhteyksiä. Tarkista palvelimen "
    "nimi kohteessa ({source}) ja SSH-portti: jos palveluntarjoajasi käyttää muuta porttia kuin "
    "22, kirjoita se tiedostoon ~/.ssh/config (Host-kohdan alle rivi Port NUMERO).",
    "timed out|No route to host|Network is unreachable|Connection reset": "yhteyttä palvelimeen "
    "”{host}” ei saatu. Tarkista verkkoyhteys ja palvelimen nimi kohteessa ({source}).",
    "rsync: command not found|rsync: not found|sh: 1: rsync": "palvelimella ”{host}” ei ole "
    "rsync-ohjelmaa. Kysy palveluntarjoajalta, voiko sen ottaa käyttöön.",
    "No space left on device": "palvelimen levy on täynnä. Vapauta tilaa palvelimelta "
    "(esimerkiksi vanhoja varmuuskopioita) tai pyydä palveluntarjoajalta lisää levytilaa.",
    "Disk quota exceeded": "levytilasi palvelimella on täynnä (kiintiö). Vapauta tilaa tai pyydä "
    "palveluntarjoajalta suurempi kiintiö.",
    "Read-only file system": "palvelimen levylle ei voi nyt kirjoittaa (levy on vain luku "
    "-tilassa). Vika on palvelimessa: kysy palveluntarjoajalta, ja aja julkaisu uudelleen, kun se "
    "on korjattu.",
    "Permission denied": "sinulla ei ole kirjoitusoikeutta kohdekansioon tai johonkin sen "
    "tiedostoon. Tarkista kansion oikeudet palveluntarjoajan hallintapaneelista tai valitse "
    "toinen kansio.",
}
RSYNC_TROUBLES = {  # by exit code; -1 for every stop signal (a negative code)
    -1: "siirto keskeytettiin (ohjelma lopetettiin kesken).",
    3: "kohdekansiota ei voitu käyttää: tarkista, että polku on oikein ja että sinulla on "
    "kirjoitusoikeus siihen.",
    5: "rsync ei saanut yhteyttä palvelimen rsynciin.",
    10: "yhteys palvelimeen katkesi kesken siirron. Aja julkaisu uudelleen.",
    11: "palvelimelle ei voitu kirjoittaa tiedostoja; katso tekninen viesti.",
    12: "yhteys palvelimeen katkesi kesken siirron, tai palvelin tulosti kirjautuessa tekstiä, "
    "joka sotkee rsyncin. Kokeile yhteyttä: ssh {host}",
    20: "siirto keskeytettiin.",
    23: "osaa tiedostoista ei voitu siirtää; katso tekninen viesti.",
    24: "osa tiedostoista katosi kesken siirron.",
    30: "palvelin lakkasi vastaamasta kesken siirron. Aja julkaisu uudelleen.",
    255: "SSH-yhteys palvelimeen ”{host}” epäonnistui.",
}
FORGET = re.compile(r"ssh-keygen -f .* -R .*")
FINGERPRINT = re.compile(r"SHA256:[A-Za-z0-9+/=]+")


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def explain(returncode: int, stderr: str, target: Target) -> str:
    """A Finnish reason for a failed ssh or rsync run, with the technical line for support:
    the line that names the real cause when there is one, else the last line."""
    lines = [line.strip() for line in stderr.splitlines()]
    for pattern, text in TROUBLES.items():
        if found := [line for line in lines if re.search(pattern, line)]:
            reason, detail = text, found[-1]
            break
    else:
        detail = last_line(stderr)
        reason = RSYNC_TROUBLES.get(
            max(returncode, -1), f"komento päättyi virhekoodiin {returncode}."
        )
    forget = FORGET.search(stderr)
    fingerprint = FINGERPRINT.search(stderr)
    reason = reason.format(
        host=target.host,
        source=target.source,
        forget=forget[0] if forget else f"ssh-keygen -R {target.host.rpartition('@')[2]}",
        fingerprint=fingerprint[0] if fingerprint else "(katso: ssh " + target.host + ")",
    )
    return reason + (f" (Tekninen viesti: {detail})" if detail else "")


@dataclass
class Changes:
    """What an rsync run did, or would do: file names relative to the site root."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    files_sent: int = 0
    bytes_sent: int = 0


def parse_rsync(stdout: str) -> Changes:
    """Read rsync's --out-format=%i %n lines (itemized changes) and its --stats totals."""
    changes = Changes()
    for line in stdout.splitlines():
        match = ITEM_LINE.match(line)
        flags, name = (match["flags"], match["name"].split(" -> ")[0]) if match else ("", "")
        if flags == "*deleting" and not name.endswith("/"):
            changes.deleted.append(name)
        elif flags[:1] in ("<", ">", "c") and flags[1:2] in ("f", "L"):
            (changes.added if "+++++" in flags else changes.changed).append(name)
        for label, attr in STATS.items():
            if line.startswith(label):
                setattr(changes, attr, int(re.sub(r"\D", "", line.split("(")[0]) or 0))
    return changes


@dataclass
class RemoteState:
    """The target folder as the server sees it, from one read-only shell script."""

    kind: str = "none"  # none, dir or other
    resolved: str = ""
    start: str = ""
    home: str = ""
    marker: bool = False
    nonempty: bool = False
    current: str | None = None  # the `current` symlink's text, in atomic mode
    current_other: bool = False  # `current` exists but is no symlink
    releases: list[str] = field(default_factory=list)

    @property
    def current_release(self) -> str | None:
        """The release `current` points at, if it is one of the releases."""
        name = posixpath.basename((self.current or "").rstrip("/"))
        return name if name in self.releases else None


INSPECT_SCRIPT = """\
t={path}
echo "start=$(pwd -P)"
echo "home=$(cd ~ 2>/dev/null && pwd -P)"
if [ -d "$t" ]; then
  echo kind=dir
  cd "$t" || exit 3
  echo "resolved=$(pwd -P)"
  if [ -e {marker} ]; then echo marker=1; fi
  if [ -n "$(ls -A | grep -vxF {lock})" ]; then echo nonempty=1; fi
  if [ -L current ]; then echo "current=$(readlink current)"
  elif [ -e current ]; then echo current_other=1; fi
  if [ -d releases ]; then ls -1A releases | sed 's/^/release=/'; fi
elif [ -e "$t" ] || [ -L "$t" ]; then
  echo kind=other
fi
echo done=1
"""


def parse_state(stdout: str) -> RemoteState:
    """The inspect script's `key=value` lines; a flag's line means it is set."""
    state = RemoteState()
    for line in stdout.splitlines():
        key, _, value = line.partition("=")
        if key == "release" and RELEASE_NAME.match(value):
            state.releases.append(value)
        elif key in ("kind", "resolved", "start", "home", "current"):
            setattr(state, key, value)
        elif key in ("marker", "nonempty", "current_other"):
            setattr(state, key, True)
    state.releases.sort(key=release_key)
    return state


def release_key(name: str) -> tuple[str, int]:
    """'20240101-000000-2' → ('20240101-000000', 2): a release of the same second sorts
    after the one without a number."""
    return name[:15], int(name[16:] or 0)


@dataclass
class Server:
    """The target over SSH: read-only inspection, small shell scripts and rsync runs, all
    through one shared connection (see connect)."""

    target: Target
    ssh: list[str]

    def run(self, cmd: list[str], what: str, text: str | None = None) -> str:
        """ssh's or rsync's output; PublishError with the Finnish reason if it failed."""
        proc = run(cmd, input=text)
        if proc.returncode != 0:
            reason = explain(proc.returncode, proc.stderr, self.target)
            raise PublishError(f"{what} epäonnistui: {reason}")
        return proc.stdout

    def script(self, text: str, what: str) -> str:
        """Run a POSIX shell script on the server (sent on stdin: works under any login shell)."""
        return self.run([*self.ssh, self.target.host, "sh -s"], what, text)

    def inspect(self) -> RemoteState:
        script = INSPECT_SCRIPT.format(path=shlex.quote(self.target.path), marker=MARKER, lock=LOCK)
        stdout = self.script(script, f"Yhteys palvelimeen {self.target.host}")
        if "done=1" not in stdout:
            raise PublishError(
                f"Palvelin {self.target.host} ei vastannut odotetusti kohdekansion tarkistukseen. "
                f"Kokeile yhteyttä: ssh {self.target.host}"
            )
        return parse_state(stdout)

    def rsync(self, site: Path, dest: str, *extra: str, what: str) -> Changes:
        """rsync the site to dest; PUBLISH_RSYNC_OPTIONS adds options (the tests' --bwlimit)."""
        more = shlex.split(os.environ.get("PUBLISH_RSYNC_OPTIONS", ""))
        cmd = ["rsync", *RSYNC_OPTIONS, "-e", shlex.join(self.ssh), *extra, *more, f"{site}/", dest]
        return parse_rsync(self.run(cmd, what))


@contextlib.contextmanager
def connect(target: Target, ssh_config: Path | None) -> Iterator[Server]:
    """The server, logged in to once: the first command opens a shared connection (OpenSSH's
    ControlMaster) that every later command and rsync run uses; it is closed at the end, and
    by ssh itself 60 s after its last use should this process be killed."""
    with tempfile.TemporaryDirectory(prefix="julkaisu-ssh-", ignore_cleanup_errors=True) as tmp:
        ssh = ["ssh", *(["-F", str(ssh_config)] if ssh_config else []), *SSH_OPTIONS]
        ssh += ["-o", f"ControlPath={tmp}/yhteys", "-o", "ControlMaster=auto"]
        ssh += ["-o", "ControlPersist=60"]
        try:
            yield Server(target, ssh)
        finally:
            run([*ssh, "-O", "exit", target.host])


def guard(state: RemoteState, target: Target, *, atomic: bool, force: bool, dry_run: bool) -> str:
    """Refuse folders that hold more than an earlier publish; return a warning or ''."""
    if state.kind == "other":
        raise PublishError(f"{target.source}: kohde {target} on tiedosto, ei kansio.")
    resolved = (state.resolved.rstrip("/") or "/") if state.kind == "dir" else None
    for home in {state.start, state.home} - {""}:
        if resolved and (resolved == "/" or home == resolved or home.startswith(resolved + "/")):
            raise PublishError(
                f"{target.source}: kohde {target} on palvelimella kansio {resolved}, joka on "
                "kotikansiosi tai sisältää sen. Julkaisu poistaisi sieltä kaiken muun. Anna "
                f"sivustolle oma kansionsa, esim. {target.host}:/home/tunnus/public_html/"
            )
    if state.current_other:
        raise PublishError(
            f"Kohteessa {target} on tiedosto tai kansio nimeltä current. Atominen julkaisu "
            "tarvitsee nimen omalle linkilleen: siirrä se muualle tai valitse toinen kansio."
        )
    if not atomic and state.current is not None and state.releases:
        raise PublishError(
            f"Kohteeseen {target} on julkaistu atomisesti (kansio releases ja linkki current). "
            "Julkaise samoin: invoke publish --atomic"
        )
    if state.nonempty and not state.marker and not force:
        message = (
            f"Kohdekansiossa {target} on tiedostoja, joita tämä julkaisu ei ole sinne tehnyt "
            f"(merkkitiedostoa {MARKER} ei ole). Julkaisu poistaisi ne. Tarkista kansion "
            "sisältö; jos sen saa korvata sivustolla, aja komento uudelleen valitsimella --force."
        )
        if dry_run:
            return "Huom: " + message
        raise PublishError(message)
    return ""


# --- The lock --------------------------------------------------------------------------------


LOCK = ".tyonohjaus-lukko"
STALE_MINUTES = 60

ACQUIRE_SCRIPT = """\
t={path}
lock="$t"/{lock}
mkdir -p "$t" || exit 3
take() {{
  mkdir "$lock" 2>/dev/null || return 1
  printf '%s' {info} > "$lock/info"
  echo locked=1
}}
if take; then exit 0; fi
if [ ! -d "$lock" ]; then mkdir "$lock"; exit 3; fi
if [ -n "$(find "$lock" -maxdepth 0 -mmin +{stale} 2>/dev/null)" ]; then
  aside="$lock.vanha.$$"
  if mv "$lock" "$aside" 2>/dev/null; then
    if [ -n "$(find "$aside" -maxdepth 0 -mmin +{stale} 2>/dev/null)" ]; then
      cat "$aside/info" 2>/dev/null
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


def lock_holder(stdout: str) -> tuple[float | None, str]:
    """From the lock's info lines in a script's answer (the last ones count): when its run
    started (seconds since 1970, None if not yet written) and on which machine."""
    info = dict(line.split("=", 1) for line in stdout.splitlines() if "=" in line)
    started = info.get("started", "")
    return (float(started) if started.isdigit() else None), info.get("machine", "")


def local_time(seconds: float, timezone: str) -> str:
    """'31.5.2024 klo 13.00': seconds since 1970 in the site's time zone, as Finnish is written."""
    return f"{dt.datetime.fromtimestamp(seconds, ZoneInfo(timezone)):%-d.%-m.%Y klo %H.%M}"


def held_message(started: float | None, machine: str, target: str, timezone: str) -> str:
    when, until = "äsken (aloitusaika ei ole vielä tiedossa)", ""
    if started is not None:
        when = local_time(started, timezone)
        until = f" eli {local_time(started + STALE_MINUTES * 60, timezone)}"
    machine = f" koneella {machine}" if machine else ""
    return (
        f"Kohteeseen {target} on jo käynnissä toinen julkaisu, joka aloitettiin {when}{machine}. "
        "Odota, että se päättyy, ja aja komento sitten uudelleen. Jos sitä ei enää ole "
        "käynnissä (esimerkiksi kone sammui kesken julkaisun), sen lukko vanhenee tunnin "
        f"kuluttua aloituksesta{until}, ja sen jälkeen julkaisu onnistuu taas."
    )


@contextlib.contextmanager
def publish_lock(
    server: Server, timezone: str, **options: bool
) -> Iterator[tuple[RemoteState, str]]:
    """The target's state and guard's warning, for a block that holds the target's lock:
    looked at and guarded before anything is written there, then again under the lock
    (another run may have published meanwhile). A dry run changes nothing on the server, so
    it takes no lock. PublishError if another run holds it."""
    state = server.inspect()
    warning = guard(state, server.target, **options)
    if options["dry_run"]:
        yield state, warning
        return
    token = secrets.token_hex(8)
    path = shlex.quote(server.target.path)
    info = f"token={token}\nstarted={int(time.time())}\nmachine={socket.gethostname()}\n"
    script = ACQUIRE_SCRIPT.format(
        path=path, lock=LOCK, info=shlex.quote(info), stale=STALE_MINUTES
    )
    stdout = server.script(script, "Julkaisun lukitseminen")
    started, machine = lock_holder(stdout)  # the holder, or the stale lock's
    if "locked=1" not in stdout:
        raise PublishError(held_message(started, machine, str(server.target), timezone))
    if "stale=1" in stdout:
        since = f" (aloitettu {local_time(started, timezone)})" if started else ""
        print(
            f"Huom: kohteessa oli vanhentunut lukko keskeytyneestä julkaisusta{since}; se "
            "poistettiin."
        )
    release = RELEASE_SCRIPT.format(path=path, lock=LOCK, line=shlex.quote(f"token={token}"))
    try:
        state = server.inspect()
        guard(state, server.target, **options)
        yield state, warning
    finally:
        try:
            server.script(release, "Lukon poistaminen")
        except PublishError:
            print(
                "Huom: julkaisun lukkoa ei voitu poistaa palvelimelta (yhteys katkesi?). Se "
                f"vanhenee tunnissa; sitä ennen uusi julkaisu kertoo lukosta ({LOCK})."
            )
