"""Where to publish: the target user@host:/path/, from the option, the environment or
deploy.local, and every target refused that could point at more than the site's own folder
or that ssh would read as an option. publish and rollback read it only through here.

Pure functions, no network: they are unit-tested directly.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import PublishError

DEPLOY_LOCAL = "deploy.local"
LOCAL_KEYS = ("DEPLOY_TARGET", "DEPLOY_ATOMIC", "PUBLISH_SSH_CONFIG")
TARGET_EXAMPLE = "tunnus@palvelin.fi:/home/tunnus/public_html/"
FLAGS = {"DEPLOY_TARGET": "--target", "PUBLISH_SSH_CONFIG": "--ssh-config"}  # the options
YES = {"1", "kyllä", "kylla", "yes", "true", "on"}
NO = {"", "0", "ei", "no", "false", "off"}


@dataclass(frozen=True)
class Setting:
    value: str
    source: str  # where it came from, for messages: "--target", "deploy.local, rivi 2"


def read_deploy_local(path: Path) -> dict[str, Setting]:
    """Parse `NAME=value` lines; # starts a comment. Unknown names are errors, not ignored."""
    settings: dict[str, Setting] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}, rivi {number}"
        name, sep, value = (part.strip() for part in line.partition("="))
        if not sep or name not in LOCAL_KEYS:
            raise PublishError(
                f"{where}: en ymmärrä riviä ”{line}”. Tiedostoon kirjoitetaan rivejä muotoa "
                f"NIMI=arvo, esimerkiksi DEPLOY_TARGET={TARGET_EXAMPLE} "
                f"(sallitut nimet: {', '.join(LOCAL_KEYS)})."
            )
        settings[name] = Setting(value.strip("\"'"), where)
    return settings


def lookup(
    name: str, option: str | None, environ: Mapping[str, str], local: dict[str, Setting]
) -> Setting | None:
    """The command-line option wins, then the environment variable, then deploy.local."""
    if option is not None:
        return Setting(option, FLAGS[name])
    if name in environ:
        return Setting(environ[name], f"ympäristömuuttuja {name}")
    return local.get(name)


def parse_flag(setting: Setting | None) -> bool:
    value = setting.value.strip().lower() if setting else ""
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
    host = value.partition(":")[0]
    if any(part.startswith("-") for part in host.split("@")):
        raise PublishError(
            f"{where}: palvelimen nimi ”{host}” alkaa viivalla (-), jolloin ssh lukisi sen "
            f"asetukseksi eikä palvelimeksi. {fix}"
        )
    match = re.match(r"^(?P<host>[^:/\s]+):(?P<path>.*)$", value)
    if not match:
        raise PublishError(
            f"{where}: kohteesta ”{value}” puuttuu palvelin tai kansion polku "
            f"(kaksoispisteen jälkeen). {fix}"
        )
    return Target(match["host"], folder(match["path"].strip(), value, where, fix), where)


def folder(path: str, value: str, where: str, fix: str) -> str:
    """The target's folder, normalised; PublishError for the login folder itself, the
    server's root, a folder outside the login folder, or one a command on the server would
    read as an option."""
    if path == "~" or path.startswith("~/"):
        path = path[2:]  # ssh and rsync start in the login folder
    elif path.startswith("~"):
        raise PublishError(f"{where}: kirjoita kansio ”{path}” koko polkuna. {fix}")
    norm = posixpath.normpath(re.sub("/+", "/", path))
    if norm == ".":  # also "", "~/" and "./"
        host = value.partition(":")[0]
        raise PublishError(
            f"{where}: kohde ”{value}” on koko kotikansiosi palvelimella. Julkaisu poistaa "
            "kohdekansiosta kaiken, mikä ei kuulu sivustoon, joten kohteen pitää olla oma "
            f"kansionsa, esim. {host}:public_html/ tai {host}:/home/tunnus/public_html/"
        )
    if norm == "/":
        raise PublishError(
            f"{where}: kohde ”{value}” on palvelimen juurikansio. Julkaisu poistaisi sieltä "
            f"kaiken. {fix}"
        )
    if norm == ".." or norm.startswith("../"):
        raise PublishError(f"{where}: kohde ”{value}” osoittaa kotikansion ulkopuolelle. {fix}")
    if norm.startswith("-"):
        raise PublishError(
            f"{where}: kansio ”{norm}” alkaa viivalla (-), jolloin palvelimen komennot lukisivat "
            f"sen valitsimeksi (find -delete poistaisi kotikansion). {fix}"
        )
    return norm


def load_config(
    project: Path, *, target: str | None, ssh_config: str | None, atomic: bool = False
) -> tuple[Target, bool, Path | None]:
    """Where and how to publish (the target, atomic or not, the SSH configuration file):
    each from the option, the environment or deploy.local."""
    local = read_deploy_local(project / DEPLOY_LOCAL)
    parsed = parse_target(lookup("DEPLOY_TARGET", target, os.environ, local))
    atomic = atomic or parse_flag(lookup("DEPLOY_ATOMIC", None, os.environ, local))
    config = lookup("PUBLISH_SSH_CONFIG", ssh_config, os.environ, local)
    path = Path(config.value).expanduser() if config and config.value else None
    if path and not path.is_file():
        raise PublishError(
            f"{config.source}: SSH-asetustiedostoa {path} ei ole. Poista asetus, niin käytetään "
            "tavallista ~/.ssh/config-tiedostoa."
        )
    return parsed, atomic, path
