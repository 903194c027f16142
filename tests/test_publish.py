"""`invoke publish`, `invoke rollback` and `invoke gh-pages`, run as the practitioner runs them.

A real OpenSSH server (Debian's /usr/sbin/sshd) listens on 127.0.0.1 at a free port with
throwaway host and user keys and its own configuration; the commands reach it through SSH
host aliases in an ssh config file (PUBLISH_SSH_CONFIG), as her ~/.ssh/config would. The
folders it publishes into are then served over HTTP and fetched like a visitor would.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitetools.checks.server import free_port
from sitetools.publish.errors import INTERRUPTED
from support import OWN_SITEURL, make_launch_ready, run_pelican, serve

SSHD = "/usr/sbin/sshd"
ALIAS = "testipalvelin"  # the working alias
WRONG_KEY = "vaara-avain"  # a key the server does not know
WRONG_HOST = "vaara-palvelin"  # a port where nothing listens
CHANGED_KEY = "vaihtunut-palvelin"  # this machine knows another host key for the server
POST = "content/blogi/2015-03-17-kun-tyo-kuormittaa.md"
POST_URL = "blogi/kun-tyo-kuormittaa-tunnekuorman-purkaminen/"
EDIT = "\n\nTämä kappale lisättiin julkaisutestissä.\n"
EXTRA_PAGE = "content/sivut/kokeilusivu.md"
EXTRA_PAGE_TEXT = "Title: Kokeilusivu\nSlug: kokeilusivu\n\nTämä sivu poistetaan myöhemmin.\n"
MARKER = ".tyonohjaus-julkaisu"
CHECKING = "Tarkistetaan sivusto (samat tarkistukset kuin invoke check; kestää hetken)…"
SAFETY_NET = "--dry-run"  # extra rsync option for tests that aim at / or a home folder


@dataclass
class SshServer:
    config: Path  # the ssh client config holding the host aliases
    home: Path  # $HOME of the login on the server (SetEnv in sshd_config)


@pytest.fixture(scope="session")
def ssh_server(tmp_path_factory) -> Iterator[SshServer]:
    """sshd on 127.0.0.1 with its own keys and config; key login only."""
    d = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "id_ed25519", "vaara_ed25519"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / name)], check=True
        )
    (d / "authorized_keys").write_text((d / "id_ed25519.pub").read_text())
    home = d / "koti"
    home.mkdir()
    port = free_port()
    (d / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n"
        f"AuthorizedKeysFile {d}/authorized_keys\nPubkeyAuthentication yes\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "PermitRootLogin prohibit-password\nUsePAM no\nStrictModes no\nPrintMotd no\n"
        f"SetEnv HOME={home}\nLogLevel ERROR\n"
    )
    user = getpass.getuser()
    aliases = {ALIAS: (port, "id_ed25519"), WRONG_KEY: (port, "vaara_ed25519")}
    aliases[WRONG_HOST] = (free_port(), "id_ed25519")
    aliases[CHANGED_KEY] = (port, "id_ed25519")
    # For CHANGED_KEY this machine remembers another key than the server's own.
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / "old_host_key")], check=True
    )
    old_key = " ".join((d / "old_host_key.pub").read_text().split()[:2])
    (d / "known_hosts_changed").write_text(f"[127.0.0.1]:{port} {old_key}\n")
    known = dict.fromkeys(aliases, "known_hosts") | {CHANGED_KEY: "known_hosts_changed"}
    config = d / "ssh_config"
    config.write_text(
        "".join(
            f"Host {alias}\n  HostName 127.0.0.1\n  Port {p}\n  User {user}\n"
            f"  IdentityFile {d}/{key}\n  IdentitiesOnly yes\n"
            f"  UserKnownHostsFile {d}/{known[alias]}\n  StrictHostKeyChecking accept-new\n"
            "  LogLevel ERROR\n"
            for alias, (p, key) in aliases.items()
        )
    )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation dir
    log = (d / "sshd.log").open("w")
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(d / "sshd_config")], stderr=log)
    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert proc.poll() is None, (d / "sshd.log").read_text()
        time.sleep(0.05)
    yield SshServer(config, home)
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def clean_env(ssh: SshServer, **extra: str) -> dict[str, str]:
    env = dict(os.environ, COLUMNS="200", PUBLISH_SSH_CONFIG=str(ssh.config), **extra)
    for name in ("SITEURL", "DEPLOY_TARGET", "DEPLOY_ATOMIC", "PUBLISH_RSYNC_OPTIONS"):
        if name not in extra:
            env.pop(name, None)
    return env


@dataclass
class Deploy:
    """A project copy, a folder on the SSH server to publish into, and the command to do it."""

    project: Path
    www: Path
    ssh: SshServer

    @property
    def target(self) -> str:
        return f"{ALIAS}:{self.www}/"

    def invoke(self, *args: str, **env: str) -> Run:
        proc = subprocess.run(
            [sys.executable, "-m", "invoke", *args],
            cwd=self.project,
            capture_output=True,
            text=True,
            env=clean_env(self.ssh, **env),
            timeout=180,
            check=False,
        )
        return Run(proc.returncode, proc.stdout + proc.stderr)

    def publish(self, *args: str, **env: str) -> Run:
        return self.invoke("publish", "--target", self.target, *args, **env)

    def edit(self, path: str, text: str) -> None:
        file = self.project / path
        file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")


@dataclass
class Run:
    returncode: int
    output: str

    def ok(self) -> Run:
        assert self.returncode == 0, self.output
        assert "Traceback" not in self.output, self.output
        return self

    def refused(self, *phrases: str) -> Run:
        assert self.returncode != 0, self.output
        assert "Traceback" not in self.output, self.output
        for phrase in phrases:
            assert phrase in self.output, self.output
        return self

    def count(self, label: str) -> int:
        """A number from the report, e.g. count("lähetetty") for 'lähetetty 3 tiedostoa'."""
        match = re.search(rf"{label} (\d+)", self.output)
        assert match, self.output
        return int(match[1])

    def names(self, title: str) -> set[str]:
        """The file names listed under a heading like 'Muuttuneet tiedostot (2):'."""
        match = re.search(rf"^{title} \(\d+\):\n((?:  .*\n)*)", self.output, re.M)
        return {line.strip() for line in match[1].splitlines()} if match else set()


# `invoke check` (sitetools.check.run_checks, its own issue) drives a browser and a Java HTML
# checker and takes most of a minute, so most tests here use this stand-in with the same
# interface; it records what it was given. test_publish_runs_the_real_check uses the real one.
CHECK_STAND_IN = """\
from pathlib import Path


def run_checks(site_dir: Path, content_dir: Path) -> list[str]:
    with open(Path(__file__).parent.parent / "checked.log", "a", encoding="utf-8") as log:
        log.write(f"{site_dir}|{content_dir}|{(site_dir / 'index.html').is_file()}\\n")
    return [
        f"{p.relative_to(site_dir)}: sivulla on sana tarkistus12345"
        for p in sorted(site_dir.rglob("*.html"))
        if "tarkistus12345" in p.read_text(encoding="utf-8")
    ]
"""


@pytest.fixture
def deploy(project_copy, ssh_server, tmp_path) -> Deploy:
    """A copy filled in as for her first publish (the launch guard would refuse the shipped
    placeholders), with the check stand-in."""
    make_launch_ready(project_copy)
    (project_copy / "sitetools" / "check.py").write_text(CHECK_STAND_IN, encoding="utf-8")
    return Deploy(project_copy, tmp_path / "www", ssh_server)


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every file: its bytes' hash, inode and modification time (a rewrite changes them)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[path.relative_to(folder).as_posix()] = (digest, st.st_ino, st.st_mtime_ns)
    return found


def readable(html: str) -> str:
    """Page text without soft hyphens and no-break spaces, so that words can be searched."""
    for hidden, shown in (("\u00ad", ""), ("&shy;", ""), ("\u00a0", " "), ("&nbsp;", " ")):
        html = html.replace(hidden, shown)
    return html


def fetch(base: str, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{base}/{path}", timeout=10) as response:
            return response.status, readable(response.read().decode("utf-8"))
    except urllib.error.HTTPError as err:
        return err.code, ""


# --- Determinism ------------------------------------------------------------------------------


def test_same_content_builds_identical_bytes_even_with_new_file_dates(project_copy):
    """A fresh clone gives every file a new date; the built site must not change with it."""
    first = run_pelican(project_copy, project_copy / "eka", "publishconf.py")
    assert first.returncode == 0, first.output
    later = time.time() + 86400 * 400
    for path in [*(project_copy / "content").rglob("*"), *(project_copy / "theme").rglob("*")]:
        os.utime(path, (later, later))
    second = run_pelican(project_copy, project_copy / "toka", "publishconf.py")
    assert second.returncode == 0, second.output
    files = [p.relative_to(first.path) for p in first.all_files()]
    assert files == [p.relative_to(second.path) for p in second.all_files()]
    assert len(files) > 20
    differing = [
        f for f in files if (first.path / f).read_bytes() != (second.path / f).read_bytes()
    ]
    assert differing == []


# --- Plain mode: arrive, change, no change, delete ---------------------------------------------


def test_publish_arrives_then_sends_only_what_changed(deploy):
    (deploy.project / EXTRA_PAGE).write_text(EXTRA_PAGE_TEXT, encoding="utf-8")
    first = deploy.publish().ok()
    built = run_pelican(deploy.project, deploy.project / "vertailu", "publishconf.py")
    on_server = snapshot(deploy.www)
    expected = {p.relative_to(built.path).as_posix() for p in built.all_files()} | {MARKER}
    assert set(on_server) == expected
    for name in expected - {MARKER}:
        assert (deploy.www / name).read_bytes() == (built.path / name).read_bytes(), name
    assert first.count("lähetetty") == len(expected)
    assert f"Sivusto: {OWN_SITEURL}/" in first.output
    assert re.search(r"siirretty [\d,]+ (kt|Mt), aikaa kului [\d,]+ s\.", first.output)
    assert oct(deploy.www.stat().st_mode & 0o777) == "0o755"  # readable by the web server

    server, base = serve(deploy.www)
    try:
        status, html = fetch(base, POST_URL)
        assert status == 200 and "Kun työ kuormittaa" in html
        assert fetch(base, "kokeilusivu/")[0] == 200

        # One post edited: exactly the files whose bytes changed are sent, nothing else.
        deploy.edit(POST, EDIT)
        second = deploy.publish().ok()
        after = snapshot(deploy.www)
        rewritten = {n for n in after if after[n][1:] != on_server.get(n, (None,))[1:]}
        changed_bytes = {n for n in after if after[n][0] != on_server.get(n, (None,))[0]}
        assert rewritten == changed_bytes
        assert f"{POST_URL}index.html" in changed_bytes
        assert 0 < len(changed_bytes) < len(after) / 2
        assert second.count("lähetetty") == len(changed_bytes)
        assert second.names("Muuttuneet tiedostot") | second.names("Uudet tiedostot") == (
            changed_bytes
        )
        assert "lisättiin julkaisutestissä" in fetch(base, POST_URL)[1]

        # No change: nothing is sent and no file on the server is touched.
        third = deploy.publish().ok()
        assert third.count("lähetetty") == 0
        assert third.count("poistettu") == 0
        assert snapshot(deploy.www) == after

        # A deleted page disappears from the server.
        (deploy.project / EXTRA_PAGE).unlink()
        fourth = deploy.publish().ok()
        assert "kokeilusivu/index.html" in fourth.names("Poistetut tiedostot")
        assert fourth.count("poistettu") >= 1
        assert not (deploy.www / "kokeilusivu").exists()
        assert fetch(base, "kokeilusivu/")[0] == 404
        assert fetch(base, POST_URL)[0] == 200
    finally:
        server.shutdown()


# --- Guards -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "phrase"),
    [
        ("", "kohde on tyhjä"),
        (f"{ALIAS}:/", "juurikansio"),
        (f"{ALIAS}:/tmp/../", "juurikansio"),
        (f"{ALIAS}:~", "kotikansiosi"),
        (f"{ALIAS}:~/", "kotikansiosi"),
        (f"{ALIAS}:", "kotikansiosi"),
        (f"{ALIAS}:.", "kotikansiosi"),
        (ALIAS, "puuttuu palvelin tai kansion polku"),
        (f"{ALIAS}:../muut/", "kotikansion ulkopuolelle"),
    ],
)
def test_publish_refuses_unsafe_targets(deploy, target, phrase):
    # Belt and braces: should a guard ever break, rsync only pretends (the test still fails).
    run = deploy.invoke("publish", f"--target={target}", PUBLISH_RSYNC_OPTIONS=SAFETY_NET)
    run.refused(phrase, "--target")
    assert "käyttäjä@palvelin:/polku" in run.output or "public_html" in run.output


@pytest.mark.parametrize("command", ["publish", "rollback"])
def test_a_target_that_would_read_as_an_option_never_reaches_ssh(deploy, tmp_path, command):
    # ssh and rsync here only write down that they were started
    spy = tmp_path / "bin"
    spy.mkdir()
    for program in ("ssh", "rsync"):
        (spy / program).write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/started"\n')
        (spy / program).chmod(0o755)
    path = f"{spy}{os.pathsep}{os.environ['PATH']}"
    hosts = [
        "-oProxyCommand=touch${IFS}ajettu",
        " -oProxyCommand=touch${IFS}ajettu",
        "\t-oProxyCommand=touch${IFS}ajettu",
        "--",
        "-F/tmp/toinen",
        f"{getpass.getuser()}@-oProxyCommand=touch${{IFS}}ajettu",
        f"-{getpass.getuser()}@{ALIAS}",
    ]
    targets = [f"{host}:{deploy.www}/" for host in hosts]
    targets += [f"{ALIAS}:-delete", f"{ALIAS}:~/-rf/"]  # a folder that find would read as -delete
    for target in targets:
        run = deploy.invoke(command, f"--target={target}", PATH=path)
        run.refused("alkaa viivalla", "--target")
    deploy.invoke(command, DEPLOY_TARGET=f"{hosts[0]}:www/", PATH=path).refused(
        "ympäristömuuttuja DEPLOY_TARGET", "alkaa viivalla"
    )
    (deploy.project / "deploy.local").write_text(f"DEPLOY_TARGET={hosts[0]}:www/\n", "utf-8")
    deploy.invoke(command, PATH=path).refused("deploy.local, rivi 1", "alkaa viivalla")
    assert not (tmp_path / "started").exists()
    assert not (deploy.project / "ajettu").exists()


def test_target_from_deploy_local_and_its_errors(deploy):
    missing = deploy.invoke("publish").refused("kohdetta ei ole annettu", "deploy.local")
    assert "DEPLOY_TARGET=" in missing.output
    local = deploy.project / "deploy.local"
    local.write_text("# julkaisun kohde\nDEPLOY_TARGET=\n", encoding="utf-8")
    deploy.invoke("publish").refused("deploy.local, rivi 2: julkaisun kohde on tyhjä")
    local.write_text("# julkaisun kohde\n\nKOHDE palvelin.fi\n", encoding="utf-8")
    deploy.invoke("publish").refused("deploy.local, rivi 3", "DEPLOY_TARGET=")
    local.write_text(f"DEPLOY_TARGET={deploy.target}\n", encoding="utf-8")
    deploy.invoke("publish").ok()
    assert (deploy.www / "index.html").is_file()
    env = deploy.invoke("publish", DEPLOY_TARGET=f"{ALIAS}:/").refused("juurikansio")
    assert "ympäristömuuttuja DEPLOY_TARGET" in env.output


def test_publish_refuses_a_folder_that_resolves_to_the_home_folder(deploy, ssh_server):
    keep = ssh_server.home / "tarkea.txt"
    keep.write_text("ei saa kadota\n")
    link = deploy.www.parent / "koti-linkki"
    link.symlink_to(ssh_server.home)
    run = deploy.invoke("publish", f"--target={ALIAS}:{link}/", PUBLISH_RSYNC_OPTIONS=SAFETY_NET)
    run.refused("kotikansiosi")
    assert keep.read_text() == "ei saa kadota\n"


def test_foreign_folder_needs_force(deploy):
    deploy.www.mkdir()
    theirs = deploy.www / "joku-muu.html"
    theirs.write_text("toisen tiedosto\n")
    deploy.publish().refused("--force", MARKER)
    assert sorted(p.name for p in deploy.www.iterdir()) == ["joku-muu.html"]
    dry = deploy.publish("--dry-run").ok()
    assert "joku-muu.html" in dry.names("Poistettaisiin")
    assert "--force" in dry.output
    assert sorted(p.name for p in deploy.www.iterdir()) == ["joku-muu.html"]
    deploy.publish("--force").ok()
    assert not theirs.exists()
    assert (deploy.www / MARKER).is_file() and (deploy.www / "index.html").is_file()


def test_dry_run_lists_and_changes_nothing(deploy):
    dry_new = deploy.publish("--dry-run").ok()
    assert not deploy.www.exists()
    assert {"index.html", f"{POST_URL}index.html", MARKER} <= dry_new.names("Lisättäisiin")

    (deploy.project / EXTRA_PAGE).write_text(EXTRA_PAGE_TEXT, encoding="utf-8")
    deploy.publish().ok()
    before = snapshot(deploy.www)
    deploy.edit(POST, EDIT)
    (deploy.project / EXTRA_PAGE).unlink()
    new_post = deploy.project / "content/blogi/2024-05-31-uusi-kirjoitus.md"
    new_post.write_text(
        "Title: Uusi kirjoitus\nDate: 2024-05-31 10:00\nCategory: Työyhteisö\n"
        "Summary: Kokeilu.\n\nUuden kirjoituksen teksti.\n",
        encoding="utf-8",
    )
    dry = deploy.publish("--dry-run").ok()
    assert "blogi/uusi-kirjoitus/index.html" in dry.names("Lisättäisiin")
    assert f"{POST_URL}index.html" in dry.names("Muutettaisiin")
    assert "kokeilusivu/index.html" in dry.names("Poistettaisiin")
    assert re.search(
        r"Tiedostoja lisättäisiin [1-9]\d*, muutettaisiin [1-9]\d* ja poistettaisiin [1-9]\d*\.",
        dry.output,
    )
    assert "ei muutettu mitään" in dry.output
    assert snapshot(deploy.www) == before

    real = deploy.publish().ok()
    assert real.names("Uudet tiedostot") == dry.names("Lisättäisiin")
    assert real.names("Poistetut tiedostot") == dry.names("Poistettaisiin")


# --- Nothing deploys when the build or the check fails ----------------------------------------


def test_failing_build_or_check_deploys_nothing(deploy):
    deploy.publish().ok()
    before = snapshot(deploy.www)
    output = deploy.project / "output"
    output.mkdir()
    (output / "index.html").write_text("edellinen sivusto\n")

    post = deploy.project / POST
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("Date: 2015-03-17 10:00", "Date: 17.3.2015"), encoding="utf-8")
    deploy.edit(POST, EDIT)
    broken = deploy.publish().refused("Mitään ei julkaistu", POST.removeprefix("content/"))
    assert "Date: 2015-03-17" in broken.output  # her date, written the right way
    assert snapshot(deploy.www) == before
    assert (output / "index.html").read_text() == "edellinen sivusto\n"

    # A page the check (here the stand-in) rejects: publish stops before uploading.
    post.write_text(good + "\ntarkistus12345\n", encoding="utf-8")
    checked = deploy.publish().refused("Tarkistus löysi korjattavaa", f"{POST_URL}index.html")
    assert "Mitään ei julkaistu" in checked.output
    assert snapshot(deploy.www) == before
    site_dir, content_dir, had_index = checked_log(deploy)[-1]
    assert content_dir == str(deploy.project / "content") and had_index == "True"
    assert not Path(site_dir).exists()  # the temporary build is gone, output/ untouched
    assert (output / "index.html").read_text() == "edellinen sivusto\n"


def test_a_link_to_outside_the_project_is_never_uploaded(deploy, tmp_path):
    key = tmp_path / "ssh_host_ed25519_key"
    key.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    (deploy.project / "content" / "images" / "kuva.txt").symlink_to(key)
    deploy.publish().refused("content/images/kuva.txt", str(key), "Mitään ei julkaistu")
    assert not deploy.www.exists()


def checked_log(deploy: Deploy) -> list[list[str]]:
    log = deploy.project / "checked.log"
    return [line.split("|") for line in log.read_text(encoding="utf-8").splitlines()]


def test_publish_runs_the_real_check(project_copy, ssh_server, tmp_path):
    """The real `invoke check` once (slow: a browser and a Java HTML checker)."""
    deploy = Deploy(make_launch_ready(project_copy), tmp_path / "www", ssh_server)
    run = deploy.publish().ok()
    assert "Tarkistukset: kaikki kunnossa." in run.output
    assert (deploy.www / "index.html").is_file()


# --- Atomic mode ------------------------------------------------------------------------------


def release_of(www: Path) -> str:
    link = os.readlink(www / "current")
    assert link.startswith("releases/"), link
    return link.removeprefix("releases/")


def test_atomic_switch_rollback_and_five_releases_kept(deploy):
    deploy.publish("--atomic").ok()
    first = release_of(deploy.www)
    assert (deploy.www / MARKER).is_file()
    server, base = serve(deploy.www / "current")
    try:
        assert "lisättiin julkaisutestissä" not in fetch(base, POST_URL)[1]
        deploy.edit(POST, EDIT)
        second_run = deploy.publish("--atomic").ok()
        second = release_of(deploy.www)
        assert second > first
        assert "lisättiin julkaisutestissä" in fetch(base, POST_URL)[1]
        assert f"{POST_URL}index.html" in second_run.names("Muuttuneet tiedostot")
        # Unchanged files are hard links to the previous release, not new copies.
        releases = deploy.www / "releases"
        same = releases / first / "robots.txt", releases / second / "robots.txt"
        assert same[0].stat().st_ino == same[1].stat().st_ino
        changed = releases / first / POST_URL / "index.html"
        assert changed.stat().st_ino != (releases / second / POST_URL / "index.html").stat().st_ino

        unchanged = deploy.publish("--atomic").ok()
        assert "Ei muutoksia" in unchanged.output
        assert sorted(p.name for p in releases.iterdir()) == [first, second]

        back = deploy.invoke("rollback", "--target", deploy.target).ok()
        assert release_of(deploy.www) == first
        assert first in back.output and second in back.output
        assert "lisättiin julkaisutestissä" not in fetch(base, POST_URL)[1]
        deploy.invoke("rollback", "--target", deploy.target).refused("vanhin")
        assert release_of(deploy.www) == first

        # Only the last five releases are kept (older ones as if from earlier publishes).
        old = [f"2000010{n}-000000" for n in range(1, 5)]
        for name in old:
            (releases / name).mkdir()
        deploy.publish("--atomic").ok()
        third = release_of(deploy.www)
        assert sorted(p.name for p in releases.iterdir()) == [*old[2:], first, second, third]
        assert "lisättiin julkaisutestissä" in fetch(base, POST_URL)[1]

        # A plain publish into an atomic target is refused instead of deleting the releases.
        deploy.publish().refused("--atomic")
    finally:
        server.shutdown()


def descendants(pid: int) -> list[tuple[int, str]]:
    """(pid, command name) of every process below pid, read from /proc."""
    children: dict[int, list[tuple[int, str]]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        ppid = int(text[text.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append((int(stat.parent.name), name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child[0])
    return found


def test_killed_atomic_upload_leaves_current_intact(deploy):
    deploy.publish("--atomic").ok()
    first = release_of(deploy.www)
    releases = deploy.www / "releases"
    deploy.edit(POST, EDIT)
    (deploy.project / "content/images/aineisto.pdf").write_bytes(os.urandom(600_000))

    env = clean_env(deploy.ssh, PUBLISH_RSYNC_OPTIONS="--bwlimit=100")  # about six seconds
    proc = subprocess.Popen(
        [sys.executable, "-m", "invoke", "publish", "--atomic", "--target", deploy.target],
        cwd=deploy.project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            partial = list(releases.glob("*.partial"))
            if partial and any(p.is_file() for p in partial[0].rglob("*")):
                break
            assert proc.poll() is None, proc.stdout.read()
            time.sleep(0.02)
        else:
            pytest.fail("the upload never started")
        rsyncs = [pid for pid, name in descendants(proc.pid) if name == "rsync"]
        assert rsyncs
        for pid in rsyncs:
            os.kill(pid, signal.SIGKILL)
        output = proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    Run(proc.returncode, output).refused("keskeytettiin", "current")
    assert release_of(deploy.www) == first
    assert sorted(p.name for p in releases.iterdir() if not p.name.endswith(".partial")) == [first]
    assert not (releases / first / "images" / "aineisto.pdf").exists()
    server, base = serve(deploy.www / "current")
    try:
        status, html = fetch(base, POST_URL)
        assert status == 200 and "lisättiin julkaisutestissä" not in html
    finally:
        server.shutdown()

    deploy.publish("--atomic").ok()
    assert release_of(deploy.www) != first
    assert not list(releases.glob("*.partial"))
    assert (deploy.www / "current" / "images" / "aineisto.pdf").stat().st_size == 600_000


# --- Connection failures ----------------------------------------------------------------------


def test_wrong_host_and_refused_key_give_a_clear_message(deploy):
    host = deploy.invoke("publish", f"--target={WRONG_HOST}:{deploy.www}/")
    host.refused(f"palvelin ”{WRONG_HOST}” ei ota vastaan SSH-yhteyksiä", "Port")
    key = deploy.invoke("publish", f"--target={WRONG_KEY}:{deploy.www}/")
    key.refused(f"palvelin ”{WRONG_KEY}” ei hyväksynyt kirjautumista", "ssh-copy-id")
    assert not deploy.www.exists()


def test_a_changed_host_key_gets_advice_to_check_and_replace_it(deploy):
    run = deploy.invoke("publish", f"--target={CHANGED_KEY}:{deploy.www}/")
    run.refused("tunniste on muuttunut", "sormenjälki", "ssh-keygen", "-R", "[127.0.0.1]:")
    assert "vastaa yes" not in run.output
    assert not deploy.www.exists()


# --- Faults: two runs at once, a full or read-only disk, an interrupted upload ----------------

LOCK = ".tyonohjaus-lukko"
BIG = "content/images/aineisto.pdf"
STARTED = re.compile(r"aloitettiin (\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2})")


def start_publish(deploy: Deploy, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "invoke", "publish", "--target", deploy.target, *args],
        cwd=deploy.project,
        env=clean_env(deploy.ssh, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, proc: subprocess.Popen, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"{what}: the publish ended first:\n{proc.stdout.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{what}: not in {seconds} s")
        time.sleep(0.02)


def stopped(
    proc: subprocess.Popen, ready, what: str, signum: int, seconds: float = 90
) -> tuple[str, list[tuple[int, str]]]:
    """Signal a running publish half a second after ready() (into its work); its output and
    the helpers it had running then, once it has ended refused with the Finnish sentence."""
    try:
        wait_for(ready, proc, what, seconds)
        time.sleep(0.5)
        helpers = descendants(proc.pid)
        proc.send_signal(signum)
        output = proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    Run(proc.returncode, output).refused("Keskeytetty")
    return output, helpers


def partial_dirs(www: Path) -> list[Path]:
    return [p for p in www.rglob("*") if p.name in (".~tmp~",) or p.name.endswith(".partial")]


@pytest.mark.slow
@pytest.mark.parametrize("mode", [[], ["--atomic"]], ids=["plain", "atomic"])
def test_two_publishes_at_once_the_second_waits_its_turn(deploy, mode):
    deploy.publish(*mode).ok()
    deploy.edit(POST, EDIT)
    (deploy.project / BIG).write_bytes(os.urandom(300_000))
    first = start_publish(deploy, *mode, PUBLISH_RSYNC_OPTIONS="--bwlimit=100")  # ~3 s
    frozen: list[int] = []
    try:
        wait_for(lambda: (deploy.www / LOCK).is_dir(), first, "the lock")
        # The first run is stopped while it holds the lock (SIGSTOP, its ssh and rsync too),
        # so the second one meets it however long its own build takes on a busy machine.
        frozen = [first.pid, *(pid for pid, _name in descendants(first.pid))]
        signal_all(frozen, signal.SIGSTOP)
        assert (deploy.www / LOCK).is_dir(), "the first run ended before it was stopped"
        second = deploy.publish(*mode)
        second.refused("toinen julkaisu", "Odota")
        assert STARTED.search(second.output), second.output
        signal_all(frozen, signal.SIGCONT)
        output = first.communicate(timeout=120)[0]
    finally:
        signal_all(frozen, signal.SIGCONT)
        if first.poll() is None:
            first.kill()
            first.wait()
    Run(first.returncode, output).ok()
    assert not (deploy.www / LOCK).exists()
    site = deploy.www / "current" if mode else deploy.www
    assert (site / "images" / "aineisto.pdf").stat().st_size == 300_000
    assert "lisättiin julkaisutestissä" in readable((site / POST_URL / "index.html").read_text())
    if mode:
        assert len(list((deploy.www / "releases").iterdir())) == 2


def signal_all(pids: list[int], number: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
            os.kill(pid, number)


def test_a_lock_left_by_another_run_is_named_and_stale_after_an_hour(deploy):
    deploy.publish().ok()
    lock = deploy.www / LOCK
    lock.mkdir()
    started = int(time.time()) - 600
    (lock / "info").write_text(f"token=vieras\nstarted={started}\nmachine=toinen-kone\n")
    held = deploy.publish().refused("toinen julkaisu", "toinen-kone", "tunnin")
    assert STARTED.search(held.output), held.output
    assert (lock / "info").read_text().startswith("token=vieras")
    old = time.time() - 2 * 3600
    os.utime(lock, (old, old))
    deploy.edit(POST, EDIT)
    taken = deploy.publish().ok()
    assert "vanhentunut" in taken.output
    assert not lock.exists()
    assert "lisättiin julkaisutestissä" in readable(
        (deploy.www / POST_URL / "index.html").read_text()
    )


@pytest.fixture
def small_disk(deploy) -> Iterator[Path]:
    """deploy.www on a tmpfs of 2 MB: the site fits, a 3 MB file does not."""
    deploy.www.mkdir()
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(deploy.www)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"mounting a tmpfs needs root: {proc.stderr}"
    try:
        yield deploy.www
    finally:
        subprocess.run(["umount", "-l", str(deploy.www)], check=False)


def free_bytes(folder: Path) -> int:
    stat = os.statvfs(folder)
    return stat.f_bavail * stat.f_frsize


@pytest.mark.slow
@pytest.mark.parametrize("mode", [[], ["--atomic"]], ids=["plain", "atomic"])
def test_a_full_disk_names_the_cause_and_leaves_site_and_space_as_they_were(
    deploy, small_disk, mode
):
    deploy.publish(*mode).ok()
    before, free = snapshot(small_disk), free_bytes(small_disk)
    deploy.edit(POST, EDIT)
    (deploy.project / BIG).write_bytes(os.urandom(3_000_000))
    full = deploy.publish(*mode).refused("levy on täynnä", "No space left on device")
    assert "Mitään ei muutettu" in full.output or "ennallaan" in full.output
    assert snapshot(small_disk) == before
    assert partial_dirs(small_disk) == []
    assert not (small_disk / LOCK).exists()
    assert free_bytes(small_disk) == free

    (deploy.project / BIG).unlink()
    deploy.publish(*mode).ok()
    site = small_disk / "current" if mode else small_disk
    assert "lisättiin julkaisutestissä" in readable((site / POST_URL / "index.html").read_text())


def test_a_read_only_disk_names_the_cause(deploy, small_disk):
    deploy.publish().ok()
    before = snapshot(small_disk)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    deploy.edit(POST, EDIT)
    deploy.publish().refused("vain luku", "Read-only file system")
    assert snapshot(small_disk) == before


@pytest.mark.slow
def test_an_interrupted_upload_leaves_no_half_files_and_no_lock(deploy):
    deploy.publish().ok()
    before = snapshot(deploy.www)
    deploy.edit(POST, EDIT)
    (deploy.project / BIG).write_bytes(os.urandom(600_000))
    proc = start_publish(deploy, PUBLISH_RSYNC_OPTIONS="--bwlimit=100")
    # SIGTERM: a closed terminal, or cron's time limit
    stopped(proc, lambda: bool(partial_dirs(deploy.www)), "the upload", signal.SIGTERM)
    assert snapshot(deploy.www) == before
    assert partial_dirs(deploy.www) == []
    assert not (deploy.www / LOCK).exists()
    deploy.publish().ok()
    assert (deploy.www / "images" / "aineisto.pdf").stat().st_size == 600_000


# The real check stopped half way, where each of its helpers runs: the HTML checker (Java)
# and the browser checks (Chromium, driven by Playwright in an event loop, where the stop
# once left "Event loop is closed" after the Finnish line, or was swallowed and the run went
# on to publish).
STOPS = {
    "SIGTERM in the HTML check": (signal.SIGTERM, "java"),
    "SIGTERM in the browser": (signal.SIGTERM, "chromium"),
    "SIGHUP in the browser": (signal.SIGHUP, "chromium"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", STOPS.keys())
def test_a_stop_during_the_checks_ends_with_one_finnish_line(
    project_copy, ssh_server, tmp_path, case
):
    signum, running = STOPS[case]
    deploy = Deploy(make_launch_ready(project_copy), tmp_path / "www", ssh_server)
    proc = start_publish(deploy)

    def started() -> bool:
        return any(running in name for _pid, name in descendants(proc.pid))

    output, helpers = stopped(proc, started, running, signum, seconds=180)
    lines = output.splitlines()
    assert lines[lines.index(CHECKING) + 1 :] == [INTERRUPTED], output
    assert not deploy.www.exists()  # nothing sent, no lock taken
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid, _name in helpers):
        assert time.monotonic() < deadline, f"left running: {helpers}"
        time.sleep(0.1)


# --- GitHub Pages -----------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return proc.stdout


def test_gh_pages_pushes_the_site_to_a_local_bare_repository(deploy, tmp_path):
    bare = tmp_path / "pages.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(deploy.project, "init", "-q")
    deploy.invoke("gh-pages").refused("”origin” ei löydy", "git remote add origin")
    git(deploy.project, "remote", "add", "origin", str(bare))

    deploy.invoke("gh-pages").ok()
    built = run_pelican(deploy.project, deploy.project / "vertailu", "publishconf.py")
    files = set(git(bare, "ls-tree", "-r", "--name-only", "gh-pages").split("\n")) - {""}
    expected = {p.relative_to(built.path).as_posix() for p in built.all_files()}
    assert files == expected | {".nojekyll", "CNAME"}
    assert git(bare, "show", "gh-pages:CNAME").strip() == OWN_SITEURL.removeprefix("https://")
    page = f"{POST_URL}index.html"
    assert git(bare, "show", f"gh-pages:{page}") == (built.path / page).read_text()

    deploy.edit(POST, EDIT)  # a second publish from the same clone is a fast-forward
    deploy.invoke("gh-pages").ok()
    assert "lisättiin julkaisutestissä" in readable(git(bare, "show", f"gh-pages:{page}"))
    assert len(git(bare, "rev-list", "gh-pages").split()) == 2
