"""`invoke publish` and `invoke rollback`: upload a built site in plain or atomic mode, and
switch an atomic target back to its previous release."""

from __future__ import annotations

import os
import shlex
import time
from collections.abc import Mapping
from pathlib import Path

from .build import built_site, local_files, read_site_settings
from .errors import PublishError, Say, interruptible
from .lock import LOCK, publish_lock
from .remote import (
    KEEP_RELEASES,
    MARKER,
    MARKER_TEXT,
    RemoteState,
    Server,
    guard,
    new_release_name,
)
from .report import Changes, report, report_dry_run
from .target import DeployConfig

PARTIAL_DIR = ".~tmp~"  # rsync's holding folder in each folder, until all files are in
CLEANUP_SCRIPT = "find {path} -type d -name {partial} -prune -exec rm -rf {{}} +\n"


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
    with (
        built_site(project, say) as (site, settings),
        Server(config.target, config.ssh_config, say) as server,
    ):
        options = {"atomic": config.atomic, "force": force, "dry_run": dry_run}
        state = server.inspect()
        warning = guard(state, config.target, **options)  # before anything is written there
        if not config.atomic:
            (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if dry_run:  # changes nothing on the server, so takes no lock
            upload = _upload_atomic if config.atomic else _upload_plain
            changes = upload(server, site, state, dry_run)
        else:
            with publish_lock(server, settings.timezone):
                state = server.inspect()  # again: another run may have published meanwhile
                guard(state, config.target, **options)
                upload = _upload_atomic if config.atomic else _upload_plain
                changes = upload(server, site, state, dry_run)
    if dry_run:
        report_dry_run(changes, config.target, warning, say)
    else:
        report(changes, config.target, settings.siteurl, time.monotonic() - started, say)
    return changes


def _upload_plain(server: Server, site: Path, state: RemoteState, dry_run: bool) -> Changes:
    """rsync into the target: every new or changed file is held in a .~tmp~ folder until all
    have arrived, then all are renamed into place and removed files deleted, in one quick step
    at the end. After a failure or a stop the holding folders are removed at once, so a full
    disk does not stay full and no half-sent file is left."""
    target = server.target
    if state.kind == "none" and dry_run:
        return Changes(added=local_files(site))
    if dry_run:
        server.say(f"Verrataan kohteen {target} tiedostoihin…")
        return server.rsync(site, target.remote(), "--dry-run", what="Vertailu")
    server.say(f"Lähetetään muuttuneet tiedostot kohteeseen {target}…")
    try:
        return server.rsync(
            site,
            target.remote(),
            "--delay-updates",
            f"--partial-dir={PARTIAL_DIR}",
            "--delete-delay",
            f"--exclude=/{LOCK}",
            what="Tiedostojen siirto",
        )
    except BaseException as err:  # a failure, Ctrl+C or a stop signal: clean up, then go on
        cleanup = CLEANUP_SCRIPT.format(
            path=shlex.quote(target.path), partial=shlex.quote(PARTIAL_DIR)
        )
        try:
            server.script(cleanup, "Keskeneräisten tiedostojen poisto")
        except PublishError:
            after = (
                "Palvelimelle jäi keskeneräisiä tiedostoja väliaikaisiin kansioihin "
                f"{PARTIAL_DIR}; seuraava julkaisu käyttää ne. Näkyvä sivusto on ennallaan."
            )
        else:
            after = "Palvelimelle ei jäänyt puolikkaita tiedostoja: sivusto on ennallaan."
        if isinstance(err, PublishError):
            raise PublishError(
                f"{err} {after} Aja julkaisu uudelleen, kun vika on korjattu."
            ) from None
        raise


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
    partial = f"{path}/releases/{shlex.quote(name + '.partial')}"
    try:
        sent = server.rsync(
            site, target.remote("releases", f"{name}.partial"), *link, what="Tiedostojen siirto"
        )
    except BaseException as err:  # remove the half release at once: the disk may be full
        try:
            server.script(f"rm -rf -- {partial}\n", "Keskeneräisen julkaisun poisto")
        except PublishError:
            after = "keskeneräinen julkaisu poistetaan seuraavalla kerralla."
        else:
            after = "keskeneräinen julkaisu poistettiin."
        if isinstance(err, PublishError):
            raise PublishError(
                f"{err} Näkyvä sivusto (linkki current) on ennallaan; {after}"
            ) from None
        raise
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
    settings = read_site_settings(project)
    with Server(config.target, config.ssh_config, say) as server:
        previous, current = _switch_back(server, settings.timezone)
    say(f"Palautettu julkaisu {previous} (oli {current}) kohteessa {config.target}.")
    if settings.siteurl:
        say(f"Sivusto: {settings.siteurl}/")
    return previous


def _switch_back(server: Server, timezone: str) -> tuple[str, str]:
    """Switch `current` to the release before it: (that release, the one it was)."""
    target = server.target
    guard(server.inspect(), target, atomic=True, force=False, dry_run=False)
    with publish_lock(server, timezone):
        state = server.inspect()
        current = state.current_release
        if current is None:
            raise PublishError(
                f"Kohteessa {target} ei ole atomisia julkaisuja (linkkiä current). "
                "Palautus toimii vain, kun on julkaistu komennolla invoke publish --atomic."
            )
        earlier = state.releases[: state.releases.index(current)]
        if not earlier:
            raise PublishError(
                f"Julkaisu {current} on vanhin palvelimella säilytetty; aiempaa ei ole "
                "palautettavaksi."
            )
        switch(server, earlier[-1])
    return earlier[-1], current
