"""The server side: the practitioner's own ssh and rsync, one read-only look at the target
folder, small POSIX shell scripts, and a Finnish reason for every way they fail."""

from __future__ import annotations

import os
import posixpath
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PublishError, Say
from .lock import LOCK
from .report import Changes, human_bytes, parse_rsync
from .target import TARGET_EXAMPLE, Target

MARKER = ".tyonohjaus-julkaisu"
MARKER_TEXT = (
    "Tämän kansion sisällön julkaisee komento invoke publish.\n"
    "Älä tallenna tänne muita tiedostoja: seuraava julkaisu poistaa ne.\n"
)
KEEP_RELEASES = 5
RELEASE_NAME = re.compile(r"^(\d{8}-\d{6})(?:-(\d+))?$")
# LogLevel=INFO (given first, so it wins over ~/.ssh/config): ssh then says why it refused
# a host key (changed or unknown), which explain() turns into the right advice.
SSH_OPTIONS = ("-o", "BatchMode=yes", "-o", "ConnectTimeout=20", "-o", "LogLevel=INFO")
# No --times: an unchanged file keeps its date on the server (and browsers' caches stay
# valid); --chmod because the build folder is private (0700) and the web server must read it.
RSYNC_OPTIONS = (
    "--recursive",
    "--links",
    "--perms",
    "--chmod=D755,F644",
    "--checksum",
    "--delete",
    "--compress",
    "--8-bit-output",
    "--out-format=%i %n%L",
    "--stats",
)


SSH_TROUBLES = (
    (
        ("REMOTE HOST IDENTIFICATION HAS CHANGED", "has changed and you have requested strict"),
        "palvelimen ”{host}” tunniste on muuttunut sen jälkeen, kun tämä kone viimeksi otti "
        "siihen yhteyttä. Se voi tarkoittaa, että palveluntarjoaja on vaihtanut palvelimen, tai "
        "että joku yrittää kaapata yhteyden, joten mitään ei lähetetty. Kysy palveluntarjoajalta "
        "palvelimen uusi sormenjälki (fingerprint) ja vertaa sitä tähän: {fingerprint}. Vasta kun "
        "ne ovat samat, poista vanha tunniste komennolla {forget} ja ota yhteys kerran itse "
        "(ssh {host}): hyväksy uusi tunniste, jos sen sormenjälki on sama.",
    ),
    (
        (
            "Permission denied (publickey",
            "Permission denied (password",
            "Permission denied (keyboard",
            "Permission denied (gssapi",
            "Too many authentication failures",
        ),
        "palvelin ”{host}” ei hyväksynyt kirjautumista SSH-avaimellasi. Lisää julkinen avaimesi "
        "palvelimelle (komennolla ssh-copy-id {host} tai palveluntarjoajan hallintapaneelissa). "
        "Jos avaimella on salasana, anna se ensin komennolla ssh-add. Kokeile sitten: ssh {host}",
    ),
    (
        ("Host key verification failed", "No ED25519 host key is known", "host key is known"),
        "palvelimen ”{host}” tunnistetta ei ole vielä hyväksytty tällä koneella. Ota yhteys "
        "kerran itse komennolla ssh {host}, vertaa näkyvää sormenjälkeä palveluntarjoajan "
        "ilmoittamaan ja hyväksy tunniste vain, jos ne ovat samat.",
    ),
    (
        ("Could not resolve hostname", "Name or service not known", "nodename nor servname"),
        "palvelimen nimeä ”{host}” ei löydy. Tarkista nimen kirjoitusasu kohteessa ({source}), "
        f"esim. {TARGET_EXAMPLE}",
    ),
    (
        ("Connection refused",),
        "palvelin ”{host}” ei ota vastaan SSH-yhteyksiä. Tarkista palvelimen nimi kohteessa "
        "({source}) ja SSH-portti: jos palveluntarjoajasi käyttää muuta porttia kuin 22, "
        "kirjoita se tiedostoon ~/.ssh/config (Host-kohdan alle rivi Port NUMERO).",
    ),
    (
        ("timed out", "No route to host", "Network is unreachable", "Connection reset"),
        "yhteyttä palvelimeen ”{host}” ei saatu. Tarkista verkkoyhteys ja palvelimen nimi "
        "kohteessa ({source}).",
    ),
    (
        ("rsync: command not found", "rsync: not found", "sh: 1: rsync"),
        "palvelimella ”{host}” ei ole rsync-ohjelmaa. Kysy palveluntarjoajalta, voiko sen "
        "ottaa käyttöön.",
    ),
)
# What the server's disk said (the operating system's words, which rsync, mkdir and mv
# pass on): the real cause, named before rsync's general exit code.
DISK_TROUBLES = (
    (
        "No space left on device",
        "palvelimen levy on täynnä. Vapauta tilaa palvelimelta (esimerkiksi vanhoja "
        "varmuuskopioita) tai pyydä palveluntarjoajalta lisää levytilaa.",
    ),
    (
        "Disk quota exceeded",
        "levytilasi palvelimella on täynnä (kiintiö). Vapauta tilaa tai pyydä "
        "palveluntarjoajalta suurempi kiintiö.",
    ),
    (
        "Read-only file system",
        "palvelimen levylle ei voi nyt kirjoittaa (levy on vain luku -tilassa). Vika on "
        "palvelimessa: kysy palveluntarjoajalta, ja aja julkaisu uudelleen, kun se on korjattu.",
    ),
    (
        "Permission denied",
        "sinulla ei ole kirjoitusoikeutta kohdekansioon tai johonkin sen tiedostoon. Tarkista "
        "kansion oikeudet palveluntarjoajan hallintapaneelista tai valitse toinen kansio.",
    ),
)
RSYNC_TROUBLES = {
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
    reason, detail = None, last_line(stderr)
    for needles, text in SSH_TROUBLES:
        if any(needle in stderr for needle in needles):
            reason = text
            break
    if reason is None:
        for needle, text in DISK_TROUBLES:
            line = next((ln.strip() for ln in stderr.splitlines() if needle in ln), None)
            if line:
                reason, detail = text, line
                break
    if reason is None:
        if returncode < 0:
            reason = "siirto keskeytettiin (ohjelma lopetettiin kesken)."
        else:
            reason = RSYNC_TROUBLES.get(returncode, f"komento päättyi virhekoodiin {returncode}.")
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
        if self.current is None:
            return None
        name = posixpath.basename(self.current.rstrip("/"))
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


DIAGNOSE_SCRIPT = """\
t={path}
df -Pk "$t" 2>/dev/null | awk 'NR==2 {{print "avail_kb=" $4}}'
f="$t/.tyonohjaus-koe.$$"
if (: > "$f") 2>&1; then rm -f "$f"; fi
"""


def parse_state(stdout: str) -> RemoteState:
    state = RemoteState()
    for line in stdout.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        if key in ("kind", "resolved", "start", "home"):
            setattr(state, key, value)
        elif key in ("marker", "nonempty", "current_other"):
            setattr(state, key, True)
        elif key == "current":
            state.current = value
        elif key == "release" and RELEASE_NAME.match(value):
            state.releases.append(value)
    state.releases.sort(key=release_key)
    return state


def release_key(name: str) -> tuple[str, int]:
    match = RELEASE_NAME.match(name)
    return (match[1], int(match[2] or 0)) if match else (name, 0)


def new_release_name(existing: list[str], now: float) -> str:
    """A UTC timestamp that sorts after every existing release, even if the clock is behind."""
    base = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now))
    newest = max(existing, key=release_key, default=None)
    if newest is None or base > release_key(newest)[0]:
        return base
    newest_base, number = release_key(newest)
    return f"{newest_base}-{number + 1}"


class Server:
    """The target over SSH: read-only inspection, small shell scripts and rsync runs.

    Used as a context manager, it logs in once: every command and rsync run of the publish
    goes through one shared connection (OpenSSH's ControlMaster), closed at the end, and
    by the server 60 s after its last use should this process be killed."""

    def __init__(self, target: Target, ssh_config: Path | None, say: Say) -> None:
        self.target = target
        self.say = say
        self.ssh = ["ssh", *(["-F", str(ssh_config)] if ssh_config else []), *SSH_OPTIONS]
        self.rsync_extra = shlex.split(os.environ.get("PUBLISH_RSYNC_OPTIONS", ""))
        self.control: Path | None = None  # the folder of the shared connection's socket

    def __enter__(self) -> Server:
        folder = Path(tempfile.mkdtemp(prefix="julkaisu-ssh-"))
        shared = [*self.ssh, "-o", f"ControlPath={folder / 'yhteys'}"]
        master = [*shared, "-o", "ControlMaster=yes", "-o", "ControlPersist=60", "-f", "-N"]
        # The master stays in the background: its messages go to a file, not to a pipe
        # that would stay open as long as it does.
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as said:
            try:
                proc = _start(
                    [*master, self.target.host],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=said,
                )
            except PublishError:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            said.seek(0)
            stderr = said.read()
        if proc.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise self.failed(self.connecting, proc.returncode, stderr)
        self.control = folder
        self.ssh = [*shared, "-o", "ControlMaster=no"]
        return self

    def __exit__(self, *exc_info) -> None:
        if self.control is None:
            return
        subprocess.run(
            [*self.ssh, "-O", "exit", self.target.host],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(self.control, ignore_errors=True)
        self.control = None

    def script(self, text: str, what: str) -> str:
        """Run a POSIX shell script on the server (sent on stdin: works under any login shell)."""
        cmd = [*self.ssh, self.target.host, "sh -s"]
        proc = _run(cmd, input=text)
        if proc.returncode != 0:
            raise self.failed(what, proc.returncode, proc.stderr)
        return proc.stdout

    @property
    def connecting(self) -> str:
        """The first step of every run, as its failure names it."""
        return f"Yhteys palvelimeen {self.target.host}"

    def failed(self, what: str, returncode: int, stderr: str) -> PublishError:
        return PublishError(f"{what} epäonnistui: {explain(returncode, stderr, self.target)}")

    def inspect(self) -> RemoteState:
        quoted = shlex.quote(self.target.path)
        script = INSPECT_SCRIPT.format(
            path=quoted, marker=shlex.quote(MARKER), lock=shlex.quote(LOCK)
        )
        stdout = self.script(script, self.connecting)
        if "done=1" not in stdout:
            raise PublishError(
                f"Palvelin {self.target.host} ei vastannut odotetusti kohdekansion tarkistukseen. "
                f"Kokeile yhteyttä: ssh {self.target.host}"
            )
        return parse_state(stdout)

    def rsync(self, site: Path, dest: str, *extra: str, what: str, after: str = "") -> Changes:
        cmd = [
            "rsync",
            *RSYNC_OPTIONS,
            "-e",
            shlex.join(self.ssh),
            *extra,
            *self.rsync_extra,
            f"{site}/",
            dest,
        ]
        proc = _run(cmd)
        if proc.returncode != 0:
            stderr = proc.stderr
            if proc.returncode in (11, 23) and not any(n in stderr for n, _ in DISK_TROUBLES):
                stderr += self.diagnose(site)
            reason = explain(proc.returncode, stderr, self.target)
            raise PublishError(f"{what} epäonnistui: {reason}" + (f" {after}" if after else ""))
        return parse_rsync(proc.stdout)

    def diagnose(self, site: Path) -> str:
        """Why the server could not write, when rsync's own message was lost with the
        connection: the free space against the site's size, and a test write."""
        try:
            stdout = self.script(
                DIAGNOSE_SCRIPT.format(path=shlex.quote(self.target.path)), "Vian selvitys"
            )
        except PublishError:
            return ""
        found = dict(line.split("=", 1) for line in stdout.splitlines() if "=" in line)
        lines = [line for line in stdout.splitlines() if "=" not in line]
        need = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        try:
            free = int(found.get("avail_kb", "")) * 1024
        except ValueError:
            free = None
        if free is not None and free < need:
            lines.append(
                f"No space left on device: vapaana {human_bytes(free)}, sivusto on "
                f"{human_bytes(need)}"
            )
        return "\n" + "\n".join(lines) if lines else ""


def _run(cmd: list[str], input: str | None = None) -> subprocess.CompletedProcess:
    """Run ssh or rsync with English messages (the explanations match them), output as text."""
    return _start(cmd, input=input, capture_output=True, encoding="utf-8", errors="replace")


def _start(cmd: list[str], **options) -> subprocess.CompletedProcess:
    """subprocess.run in the C locale; a missing program is a PublishError naming its package."""
    try:
        return subprocess.run(cmd, env={**os.environ, "LC_ALL": "C"}, check=False, **options)
    except FileNotFoundError:
        package = {"ssh": "openssh-client"}.get(cmd[0], cmd[0])
        raise PublishError(
            f"Tältä koneelta puuttuu ohjelma {cmd[0]}. Asenna se: sudo apt-get install {package}"
        ) from None


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
