"""Publish the production site: build, check, then rsync over SSH or push a gh-pages branch.

Publishing has to be one boring command for a non-programmer. So this module never uploads
a site that failed to build or check, never deletes files from a folder it did not fill
itself (a marker file says which folders those are), sends only the files whose bytes
changed (compared by checksum: every build rewrites every file, so times say nothing), and
explains every failure in Finnish instead of a traceback. The SSH connection is the
practitioner's own `ssh` with her ~/.ssh/config; nothing secret lives in the repository.
"""

from __future__ import annotations

import contextlib
import functools
import os
import posixpath
import re
import shlex
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

MARKER = ".tyonohjaus-julkaisu"
MARKER_TEXT = (
    "Tämän kansion sisällön julkaisee komento invoke publish.\n"
    "Älä tallenna tänne muita tiedostoja: seuraava julkaisu poistaa ne.\n"
)
DEPLOY_LOCAL = "deploy.local"
LOCAL_KEYS = ("DEPLOY_TARGET", "DEPLOY_ATOMIC", "PUBLISH_SSH_CONFIG")
TARGET_EXAMPLE = "tunnus@palvelin.fi:/home/tunnus/public_html/"
KEEP_RELEASES = 5
RELEASE_NAME = re.compile(r"^(\d{8}-\d{6})(?:-(\d+))?$")
SSH_OPTIONS = ("-o", "BatchMode=yes", "-o", "ConnectTimeout=20")
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
ITEM_LINE = re.compile(r"^(?P<flags>\*deleting|[<>ch.][fdLDS]\S*)\s+(?P<name>.+)$")
YES = {"1", "kyllä", "kylla", "yes", "true", "on"}
NO = {"", "0", "ei", "no", "false", "off"}

Say = Callable[[str], None]


class PublishError(Exception):
    """A failure the practitioner can fix; the message is the Finnish explanation."""


# --- Settings: option, environment variable or deploy.local -----------------------------


@dataclass(frozen=True)
class Setting:
    value: str
    source: str  # where it came from, for messages: "--target", "deploy.local, rivi 2"


def read_deploy_local(path: Path) -> dict[str, Setting]:
    """Parse `NAME=value` lines; # starts a comment. Unknown names are errors, not ignored."""
    settings: dict[str, Setting] = {}
    if not path.is_file():
        return settings
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}, rivi {number}"
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or name not in LOCAL_KEYS:
            raise PublishError(
                f"{where}: en ymmärrä riviä ”{line}”. Tiedostoon kirjoitetaan rivejä muotoa "
                f"NIMI=arvo, esimerkiksi DEPLOY_TARGET={TARGET_EXAMPLE} "
                f"(sallitut nimet: {', '.join(LOCAL_KEYS)})."
            )
        settings[name] = Setting(value.strip().strip("\"'"), where)
    return settings


def lookup(
    name: str, option: str | None, environ: Mapping[str, str], local: dict[str, Setting]
) -> Setting | None:
    """The command-line option wins, then the environment variable, then deploy.local."""
    if option is not None:
        flag = "--" + name.lower().removeprefix("deploy_").removeprefix("publish_")
        return Setting(option, flag.replace("_", "-"))
    if name in environ:
        return Setting(environ[name], f"ympäristömuuttuja {name}")
    return local.get(name)


def parse_flag(setting: Setting | None) -> bool:
    if setting is None:
        return False
    value = setting.value.strip().lower()
    if value in YES | NO:
        return value in YES
    raise PublishError(
        f"{setting.source}: arvo ”{setting.value}” ei ole kyllä tai ei. "
        "Kirjoita DEPLOY_ATOMIC=kyllä tai DEPLOY_ATOMIC=ei."
    )


# --- The target: user@host:/path/ ---------------------------------------------------------


@dataclass(frozen=True)
class Target:
    host: str  # an ~/.ssh/config alias or user@host
    path: str  # normalised; a relative path is under the login folder, as for ssh and rsync
    source: str

    def remote(self, *parts: str) -> str:
        """rsync's spelling of a folder under the target (trailing slash: its contents)."""
        return f"{self.host}:{posixpath.join(self.path, *parts)}/"

    def __str__(self) -> str:
        return f"{self.host}:{self.path}/"


def parse_target(setting: Setting | None) -> Target:
    """Refuse every target that could point at a folder holding more than the site."""
    fix = f"Kirjoita kohde muodossa käyttäjä@palvelin:/polku/kansioon/, esim. {TARGET_EXAMPLE}"
    if setting is None:
        raise PublishError(
            "Julkaisun kohdetta ei ole annettu. Anna se komennolle: invoke publish --target "
            f"{TARGET_EXAMPLE} tai kirjoita projektikansion tiedostoon {DEPLOY_LOCAL} rivi "
            f"DEPLOY_TARGET={TARGET_EXAMPLE}"
        )
    value, where = setting.value.strip(), setting.source
    if not value:
        raise PublishError(f"{where}: julkaisun kohde on tyhjä. {fix}")
    if value.startswith("rsync://") or "::" in value:
        raise PublishError(
            f"{where}: kohde ”{value}” on rsync-palvelimen osoite; julkaisu käyttää SSH:ta. {fix}"
        )
    match = re.match(r"^(?P<host>[^:/\s]+):(?P<path>.*)$", value)
    if not match:
        raise PublishError(
            f"{where}: kohteesta ”{value}” puuttuu palvelin tai kansion polku "
            f"(kaksoispisteen jälkeen). {fix}"
        )
    host, path = match["host"], match["path"].strip()
    if path in ("", "~", "~/") or posixpath.normpath(path) in (".", "~"):
        raise PublishError(
            f"{where}: kohde ”{value}” on koko kotikansiosi palvelimella. Julkaisu poistaa "
            "kohdekansiosta kaiken, mikä ei kuulu sivustoon, joten kohteen pitää olla oma "
            f"kansionsa, esim. {host}:public_html/ tai {host}:/home/tunnus/public_html/"
        )
    if path.startswith("~/"):
        path = path[2:]  # ssh and rsync start in the login folder
    elif path.startswith("~"):
        raise PublishError(f"{where}: kirjoita kansio ”{path}” koko polkuna. {fix}")
    norm = posixpath.normpath(path)
    if norm.startswith("//"):
        norm = "/" + norm.lstrip("/")
    if norm == "/":
        raise PublishError(
            f"{where}: kohde ”{value}” on palvelimen juurikansio. Julkaisu poistaisi sieltä "
            f"kaiken. {fix}"
        )
    if norm == ".." or norm.startswith("../"):
        raise PublishError(f"{where}: kohde ”{value}” osoittaa kotikansion ulkopuolelle. {fix}")
    return Target(host, norm, where)


@dataclass(frozen=True)
class DeployConfig:
    target: Target
    atomic: bool
    ssh_config: Path | None

    @classmethod
    def load(
        cls,
        project: Path,
        *,
        target: str | None = None,
        atomic: bool = False,
        ssh_config: str | None = None,
        environ: Mapping[str, str] = os.environ,
    ) -> DeployConfig:
        local = read_deploy_local(project / DEPLOY_LOCAL)
        parsed = parse_target(lookup("DEPLOY_TARGET", target, environ, local))
        atomic = atomic or parse_flag(lookup("DEPLOY_ATOMIC", None, environ, local))
        config = lookup("PUBLISH_SSH_CONFIG", ssh_config, environ, local)
        config_path = None
        if config is not None and config.value:
            config_path = Path(config.value).expanduser()
            if not config_path.is_file():
                raise PublishError(
                    f"{config.source}: SSH-asetustiedostoa {config_path} ei ole. Poista asetus, "
                    "niin käytetään tavallista ~/.ssh/config-tiedostoa."
                )
        return cls(parsed, atomic, config_path)


# --- SSH and rsync -----------------------------------------------------------------------

SSH_TROUBLES = (
    (
        ("Permission denied", "Too many authentication failures"),
        "palvelin ”{host}” ei hyväksynyt kirjautumista SSH-avaimellasi. Lisää julkinen avaimesi "
        "palvelimelle (komennolla ssh-copy-id {host} tai palveluntarjoajan hallintapaneelissa). "
        "Jos avaimella on salasana, anna se ensin komennolla ssh-add. Kokeile sitten: ssh {host}",
    ),
    (
        ("Host key verification failed", "REMOTE HOST IDENTIFICATION HAS CHANGED"),
        "palvelimen ”{host}” tunnistetta ei ole hyväksytty tällä koneella, tai se on muuttunut. "
        "Ota yhteys kerran itse komennolla ssh {host}, tarkista sormenjälki palveluntarjoajalta "
        "ja vastaa yes.",
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
RSYNC_TROUBLES = {
    3: "kohdekansiota ei voitu käyttää: tarkista, että polku on oikein ja että sinulla on "
    "kirjoitusoikeus siihen.",
    5: "rsync ei saanut yhteyttä palvelimen rsynciin.",
    10: "yhteys palvelimeen katkesi kesken siirron. Aja julkaisu uudelleen.",
    11: "palvelimelle ei voitu kirjoittaa tiedostoja: levytila voi olla lopussa tai "
    "kansion oikeudet väärin.",
    12: "yhteys palvelimeen katkesi kesken siirron, tai palvelin tulosti kirjautuessa tekstiä, "
    "joka sotkee rsyncin. Kokeile yhteyttä: ssh {host}",
    20: "siirto keskeytettiin.",
    23: "osaa tiedostoista ei voitu siirtää (usein puuttuva kirjoitusoikeus tai täysi levy "
    "palvelimella); katso tekninen viesti.",
    24: "osa tiedostoista katosi kesken siirron.",
    30: "palvelin lakkasi vastaamasta kesken siirron. Aja julkaisu uudelleen.",
    255: "SSH-yhteys palvelimeen ”{host}” epäonnistui.",
}


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def explain(returncode: int, stderr: str, target: Target) -> str:
    """A Finnish reason for a failed ssh or rsync run, with the technical line for support."""
    reason = None
    for needles, text in SSH_TROUBLES:
        if any(needle in stderr for needle in needles):
            reason = text
            break
    if reason is None:
        if returncode < 0:
            reason = "siirto keskeytettiin (ohjelma lopetettiin kesken)."
        else:
            reason = RSYNC_TROUBLES.get(returncode, f"komento päättyi virhekoodiin {returncode}.")
    reason = reason.format(host=target.host, source=target.source)
    detail = last_line(stderr)
    return reason + (f" (Tekninen viesti: {detail})" if detail else "")


@dataclass
class Changes:
    """What an rsync run did, or would do: file names relative to the site root."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    files_sent: int = 0
    bytes_sent: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.deleted)


def parse_rsync(stdout: str) -> Changes:
    """Read rsync's --out-format=%i %n lines (itemized changes) and its --stats totals."""
    changes = Changes()
    for line in stdout.splitlines():
        match = ITEM_LINE.match(line)
        if match:
            flags, name = match["flags"], match["name"].split(" -> ")[0]
            if flags == "*deleting":
                if not name.endswith("/"):
                    changes.deleted.append(name)
            elif flags[0] in "<>c" and flags[1] in "fL":
                target = changes.added if "+++++" in flags else changes.changed
                target.append(name)
        elif line.startswith("Number of regular files transferred:"):
            changes.files_sent = _number(line)
        elif line.startswith("Total bytes sent:"):
            changes.bytes_sent = _number(line)
    return changes


def _number(line: str) -> int:
    digits = re.sub(r"[^\d]", "", line.partition(":")[2].split("(")[0])
    return int(digits or 0)


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
  if [ -n "$(ls -A)" ]; then echo nonempty=1; fi
  if [ -L current ]; then echo "current=$(readlink current)"
  elif [ -e current ]; then echo current_other=1; fi
  if [ -d releases ]; then ls -1A releases | sed 's/^/release=/'; fi
elif [ -e "$t" ] || [ -L "$t" ]; then
  echo kind=other
fi
echo done=1
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
    """The target over SSH: read-only inspection, small shell scripts and rsync runs."""

    def __init__(self, target: Target, ssh_config: Path | None, say: Say) -> None:
        self.target = target
        self.say = say
        self.ssh = ["ssh", *(["-F", str(ssh_config)] if ssh_config else []), *SSH_OPTIONS]
        self.rsync_extra = shlex.split(os.environ.get("PUBLISH_RSYNC_OPTIONS", ""))

    def script(self, text: str, what: str) -> str:
        """Run a POSIX shell script on the server (sent on stdin: works under any login shell)."""
        cmd = [*self.ssh, self.target.host, "sh -s"]
        proc = _run(cmd, input=text)
        if proc.returncode != 0:
            raise PublishError(
                f"{what} epäonnistui: {explain(proc.returncode, proc.stderr, self.target)}"
            )
        return proc.stdout

    def inspect(self) -> RemoteState:
        quoted = shlex.quote(self.target.path)
        script = INSPECT_SCRIPT.format(path=quoted, marker=shlex.quote(MARKER))
        stdout = self.script(script, f"Yhteys palvelimeen {self.target.host}")
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
            reason = explain(proc.returncode, proc.stderr, self.target)
            raise PublishError(f"{what} epäonnistui: {reason}" + (f" {after}" if after else ""))
        return parse_rsync(proc.stdout)


def _run(cmd: list[str], input: str | None = None) -> subprocess.CompletedProcess:
    """Run ssh or rsync with English messages (the explanations match them), output as text."""
    env = {**os.environ, "LC_ALL": "C"}
    try:
        return subprocess.run(
            cmd, input=input, capture_output=True, encoding="utf-8", errors="replace", env=env
        )
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


# --- Build and check -----------------------------------------------------------------------


@dataclass(frozen=True)
class SiteSettings:
    content: Path
    siteurl: str


def read_site_settings(project: Path, settings: str = "publishconf.py") -> SiteSettings:
    from sitecore.settings import load

    values = load(project, settings)
    return SiteSettings(Path(values["PATH"]), values["SITEURL"])


def build_site(project: Path, output: Path, settings: str = "publishconf.py") -> None:
    """The production build, with every warning fatal: publish only what built cleanly."""
    from sitecore.build import run

    result = run(output, settings, project=project, strict=True)
    if not result.ok:
        raise PublishError(
            f"{result.failure()} Mitään ei julkaistu, ja palvelimella on edelleen edellinen "
            "versio. Korjaa ilmoitettu kohta ja aja komento uudelleen."
        )


def run_site_checks(site: Path, content: Path, say: Say) -> None:
    """Run `invoke check`'s checks when sitetools.check provides them (its own issue)."""
    try:
        from sitetools.check import run_checks
    except ImportError as err:
        if err.name != "sitetools.check":
            raise
        say("Huom: tarkistuksia (invoke check) ei ole vielä käytössä; rakennus tehtiin tiukkana.")
        return
    say("Tarkistetaan sivusto (samat tarkistukset kuin invoke check; kestää hetken)…")
    failures = list(run_checks(site, content))
    if not failures:
        say("Tarkistukset: kaikki kunnossa.")
    else:
        listing = "\n".join(f"  - {failure}" for failure in failures)
        raise PublishError(
            f"Tarkistus löysi korjattavaa:\n{listing}\nMitään ei julkaistu, ja palvelimella on "
            "edelleen edellinen versio. Korjaa kohdat ja aja komento uudelleen."
        )


@contextlib.contextmanager
def built_site(project: Path, say: Say):
    """Build and check into a fresh temporary folder; output/ is never touched."""
    settings = read_site_settings(project)
    with tempfile.TemporaryDirectory(prefix="julkaisu-") as tmp:
        site = Path(tmp) / "site"
        say("Rakennetaan julkaisuversio (publishconf.py)…")
        build_site(project, site)
        run_site_checks(site, settings.content, say)
        yield site, settings


def local_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


# --- Publishing ------------------------------------------------------------------------------


def interruptible(func):
    """Ctrl+C ends a command with a Finnish sentence, not a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KeyboardInterrupt:
            raise PublishError(
                "Keskeytetty (Ctrl+C). Tavallisessa tilassa palvelimella voi olla osa uusista "
                "tiedostoista: aja julkaisu uudelleen. Atomisessa tilassa näkyvä sivusto on "
                "ennallaan."
            ) from None

    return wrapper


@interruptible
def publish(
    project: Path,
    *,
    target: str | None = None,
    atomic: bool = False,
    dry_run: bool = False,
    force: bool = False,
    ssh_config: str | None = None,
    environ: Mapping[str, str] = os.environ,
    say: Say = print,
) -> Changes:
    """Build, check and upload; raise PublishError (in Finnish) on any failure."""
    started = time.monotonic()
    config = DeployConfig.load(
        project, target=target, atomic=atomic, ssh_config=ssh_config, environ=environ
    )
    with built_site(project, say) as (site, settings):
        server = Server(config.target, config.ssh_config, say)
        state = server.inspect()
        warning = guard(state, config.target, atomic=config.atomic, force=force, dry_run=dry_run)
        if config.atomic:
            changes = _upload_atomic(server, site, state, dry_run)
        else:
            (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            changes = _upload_plain(server, site, state, dry_run)
    if dry_run:
        report_dry_run(changes, config.target, warning, say)
    else:
        report(changes, config.target, settings.siteurl, time.monotonic() - started, say)
    return changes


def _upload_plain(server: Server, site: Path, state: RemoteState, dry_run: bool) -> Changes:
    target = server.target
    if state.kind == "none":
        if dry_run:
            return Changes(added=local_files(site))
        server.script(f"mkdir -p {shlex.quote(target.path)}\n", "Kohdekansion luominen")
    if dry_run:
        server.say(f"Verrataan kohteen {target} tiedostoihin…")
    else:
        server.say(f"Lähetetään muuttuneet tiedostot kohteeseen {target}…")
    # --delay-updates: new files appear together at the end, not one by one.
    extra = ["--dry-run"] if dry_run else ["--delay-updates", "--delete-delay"]
    return server.rsync(
        site,
        target.remote(),
        *extra,
        what="Tiedostojen siirto",
        after="Palvelimella voi olla osa uusista tiedostoista: aja julkaisu uudelleen, kun vika "
        "on korjattu.",
    )


def _upload_atomic(server: Server, site: Path, state: RemoteState, dry_run: bool) -> Changes:
    """Upload into releases/<time>.partial beside the current release, then switch `current`."""
    target = server.target
    previous = state.current_release
    if previous is None:
        changes = Changes(added=local_files(site))
    else:
        changes = server.rsync(
            site, target.remote("current"), "--dry-run", what="Vertailu nykyiseen julkaisuun"
        )
    if dry_run:
        return changes
    if previous is not None and changes.empty:
        server.say("Ei muutoksia: palvelimen nykyinen julkaisu on jo ajan tasalla.")
        return Changes()
    name = new_release_name(state.releases, time.time())
    path = shlex.quote(target.path)
    server.script(
        f"set -e\nmkdir -p {path}/releases\ncd {path}/releases\nrm -rf -- *.partial\n",
        "Julkaisukansion valmistelu",
    )
    server.say(f"Lähetetään uusi julkaisu {name} kohteeseen {target}…")
    link = [f"--link-dest=../{previous}"] if previous else []
    sent = server.rsync(
        site,
        target.remote("releases", f"{name}.partial"),
        *link,
        what="Tiedostojen siirto",
        after="Näkyvä sivusto (linkki current) on ennallaan; keskeneräinen julkaisu poistetaan "
        "seuraavalla kerralla.",
    )
    changes.files_sent, changes.bytes_sent = sent.files_sent, sent.bytes_sent
    keep = [*state.releases, name][-KEEP_RELEASES:]
    old = [r for r in state.releases if r not in keep]
    switch(server, name, finish=f"{name}.partial", remove=old)
    return changes


def switch(server: Server, name: str, *, finish: str | None = None, remove: list[str] = ()):
    """Point `current` at releases/<name> in one rename (a visitor sees old or new, never half)."""
    lines = ["set -e", f"cd {shlex.quote(server.target.path)}"]
    if finish:
        lines.append(f"mv -- releases/{shlex.quote(finish)} releases/{shlex.quote(name)}")
    lines += [
        f"ln -sfn releases/{shlex.quote(name)} .current.uusi",
        "mv -T .current.uusi current",
        f"printf '%s' {shlex.quote(MARKER_TEXT)} > {shlex.quote(MARKER)}",
        *(f"rm -rf -- releases/{shlex.quote(r)}" for r in remove),
    ]
    server.script("\n".join(lines) + "\n", "Julkaisun vaihto (linkki current)")


@interruptible
def rollback(
    project: Path,
    *,
    target: str | None = None,
    ssh_config: str | None = None,
    environ: Mapping[str, str] = os.environ,
    say: Say = print,
) -> str:
    """Switch an atomic target's `current` back to the release before it."""
    config = DeployConfig.load(project, target=target, ssh_config=ssh_config, environ=environ)
    server = Server(config.target, config.ssh_config, say)
    state = server.inspect()
    guard(state, config.target, atomic=True, force=False, dry_run=False)
    current = state.current_release
    if current is None:
        raise PublishError(
            f"Kohteessa {config.target} ei ole atomisia julkaisuja (linkkiä current). Palautus "
            "toimii vain, kun on julkaistu komennolla invoke publish --atomic."
        )
    earlier = state.releases[: state.releases.index(current)]
    if not earlier:
        raise PublishError(
            f"Julkaisu {current} on vanhin palvelimella säilytetty; aiempaa ei ole palautettavaksi."
        )
    switch(server, earlier[-1])
    say(f"Palautettu julkaisu {earlier[-1]} (oli {current}) kohteessa {config.target}.")
    siteurl = read_site_settings(project).siteurl
    if siteurl:
        say(f"Sivusto: {siteurl}/")
    return earlier[-1]


# --- Reports ---------------------------------------------------------------------------------


def human_bytes(count: int) -> str:
    if count < 1000:
        return f"{count} tavua"
    for unit, size in (("Mt", 1e6), ("kt", 1e3)):
        if count >= size:
            return f"{count / size:.1f}".replace(".", ",") + f" {unit}"
    return f"{count} tavua"  # pragma: no cover


def _names(title: str, names: list[str], say: Say, limit: int | None) -> None:
    if not names:
        return
    say(f"{title} ({len(names)}):")
    shown = names if limit is None else names[:limit]
    for name in shown:
        say(f"  {name}")
    if len(names) > len(shown):
        say(f"  … ja {len(names) - len(shown)} muuta")


def report_dry_run(changes: Changes, target: Target, warning: str, say: Say) -> None:
    say(f"Kokeilu (--dry-run): kohteeseen {target} ei muutettu mitään.")
    _names("Lisättäisiin", changes.added, say, None)
    _names("Muutettaisiin", changes.changed, say, None)
    _names("Poistettaisiin", changes.deleted, say, None)
    say(
        f"Yhteensä: {len(changes.added)} lisättävää, {len(changes.changed)} muuttuvaa, "
        f"{len(changes.deleted)} poistettavaa tiedostoa."
    )
    if warning:
        say(warning)


def report(changes: Changes, target: Target, siteurl: str, seconds: float, say: Say) -> None:
    _names("Uudet tiedostot", changes.added, say, 20)
    _names("Muuttuneet tiedostot", changes.changed, say, 20)
    _names("Poistetut tiedostot", changes.deleted, say, 20)
    duration = f"{seconds:.1f}".replace(".", ",")
    say(
        f"Julkaistu kohteeseen {target}: lähetetty {changes.files_sent} tiedostoa, "
        f"poistettu {len(changes.deleted)}, siirretty {human_bytes(changes.bytes_sent)}, "
        f"aikaa kului {duration} s."
    )
    if siteurl:
        say(f"Sivusto: {siteurl}/")


# --- GitHub Pages ------------------------------------------------------------------------------


@interruptible
def gh_pages(
    project: Path,
    *,
    remote: str = "origin",
    branch: str = "gh-pages",
    say: Say = print,
) -> None:
    """Build and check, then commit the site to `branch` with ghp-import and push it."""
    from ghp_import import GhpError, ghp_import

    started = time.monotonic()
    with contextlib.chdir(project):
        git = subprocess.run(
            ["git", "remote", "get-url", remote], capture_output=True, text=True, check=False
        )
        if git.returncode != 0:
            raise PublishError(
                f"Git-etävarastoa ”{remote}” ei löydy projektikansiosta {project}. Lisää se "
                f"(git remote add {remote} OSOITE) tai anna nimi: invoke gh-pages --remote NIMI"
            )
        with built_site(project, say) as (site, settings):
            # ghp-import builds on its remote-tracking branch: fetch it so the push is a
            # fast-forward even from a fresh clone. A missing branch is fine (first publish).
            subprocess.run(
                ["git", "fetch", "--quiet", remote, f"+{branch}:refs/remotes/{remote}/{branch}"],
                capture_output=True,
                check=False,
            )
            host = urlsplit(settings.siteurl).hostname or ""
            cname = host if host and not host.endswith("github.io") else None
            env_defaults = {"GIT_COMMITTER_NAME": "invoke gh-pages", "GIT_COMMITTER_EMAIL": ""}
            for key, value in env_defaults.items():
                if not _git_config(key) and key not in os.environ:
                    os.environ[key] = value
            try:
                ghp_import(
                    str(site),
                    mesg="Sivuston julkaisu (invoke gh-pages)",
                    remote=remote,
                    branch=branch,
                    push=True,
                    nojekyll=True,
                    cname=cname,
                )
            except (GhpError, subprocess.CalledProcessError) as err:
                raise PublishError(
                    f"Julkaisu haaraan {branch} epäonnistui (katso gitin viesti yllä): {err}. "
                    f"Tarkista, että etävarastoon {remote} on kirjoitusoikeus."
                ) from None
    seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
    say(f"Julkaistu haaraan {branch} etävarastoon {remote}, aikaa kului {seconds} s.")
    if settings.siteurl:
        say(f"Sivusto: {settings.siteurl}/")


def _git_config(env_key: str) -> str:
    key = "user.name" if env_key.endswith("NAME") else "user.email"
    proc = subprocess.run(["git", "config", key], capture_output=True, text=True, check=False)
    return proc.stdout.strip()
