"""`invoke publish` and `invoke rollback`: upload a built site in plain or atomic mode, and
switch an atomic target back to its previous release."""

from __future__ import annotations

import shlex
import time
from pathlib import Path

from sitecore.plural import decimal, plural

from .build import built_site, production_settings
from .errors import PublishError, interruptible
from .remote import LOCK, MARKER, Changes, RemoteState, Server, connect, publish_lock, release_key
from .target import Target, load_config

MARKER_TEXT = (
    "Tämän kansion sisällön julkaisee komento invoke publish.\n"
    "Älä tallenna tänne muita tiedostoja: seuraava julkaisu poistaa ne.\n"
)
KEEP_RELEASES = 5
PARTIAL_DIR = ".~tmp~"  # rsync's holding folder in each folder, until all files are in
# The plain upload's options: new files wait in PARTIAL_DIR, deletions until the end.
HOLDING = f"--delay-updates --partial-dir={PARTIAL_DIR} --delete-delay --exclude=/{LOCK}".split()
# The atomic upload's: a releases folder, without what an interrupted run left there.
PREPARE_SCRIPT = "set -e\nmkdir -p {path}/releases\ncd {path}/releases\nrm -rf -- *.partial\n"
CLEANUP_SCRIPT = "find {path} -type d -name {partial} -prune -exec rm -rf {{}} +\n"
# After a failed upload, what the server holds: (the half-sent files removed, or not).
PLAIN_AFTER = (
    "Palvelimelle ei jäänyt puolikkaita tiedostoja: sivusto on ennallaan. Aja julkaisu "
    "uudelleen, kun vika on korjattu.",
    "Palvelimelle jäi keskeneräisiä tiedostoja väliaikaisiin kansioihin "
    f"{PARTIAL_DIR}; seuraava julkaisu käyttää ne. Näkyvä sivusto on ennallaan. Aja julkaisu "
    "uudelleen, kun vika on korjattu.",
)
ATOMIC_AFTER = (
    "Näkyvä sivusto (linkki current) on ennallaan; keskeneräinen julkaisu poistettiin.",
    "Näkyvä sivusto (linkki current) on ennallaan; keskeneräinen julkaisu poistetaan "
    "seuraavalla kerralla.",
)


@interruptible
def publish(
    project: Path,
    *,
    target: str | None = None,
    atomic: bool = False,
    dry_run: bool = False,
    force: bool = False,
    ssh_config: str | None = None,
) -> None:
    """Build, check and upload; raise PublishError (in Finnish) on any failure."""
    started = time.monotonic()
    dest, atomic, config = load_config(project, target=target, atomic=atomic, ssh_config=ssh_config)
    upload = upload_atomic if atomic else upload_plain
    options = {"atomic": atomic, "force": force, "dry_run": dry_run}
    with (
        built_site(project) as (site, settings),
        connect(dest, config) as server,
        publish_lock(server, settings["TIMEZONE"], **options) as (state, warning),
    ):
        changes = upload(server, site, state, dry_run)
    report(changes, dest, time.monotonic() - started, dry_run)
    if warning:
        print(warning)
    if settings["SITEURL"] and not dry_run:
        print(f"Sivusto: {settings['SITEURL']}/")


def new_release_name(existing: list[str], now: float) -> str:
    """A UTC timestamp that sorts after every existing release, even if the clock is behind."""
    base = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now))
    newest, number = max(map(release_key, existing), default=("", 0))
    return base if base > newest else f"{newest}-{number + 1}"


def send(
    server: Server, site: Path, dest: str, extra: list[str], cleanup: str, after: tuple[str, str]
) -> Changes:
    """rsync the site to dest. After a failure, Ctrl+C or a stop signal, run cleanup on the
    server at once (a full disk must not stay full), and add to the failure what is left:
    after[0] when the cleanup worked, after[1] when it did not."""
    try:
        return server.rsync(site, dest, *extra, what="Tiedostojen siirto")
    except BaseException as err:
        try:
            server.script(cleanup, "Keskeneräisten tiedostojen poisto")
            left = after[0]
        except PublishError:
            left = after[1]
        if isinstance(err, PublishError):
            raise PublishError(f"{err} {left}") from None
        raise


def upload_plain(server: Server, site: Path, state: RemoteState, dry_run: bool) -> Changes:
    """rsync into the target: every new or changed file is held in a .~tmp~ folder until all
    have arrived, then all are renamed into place and removed files deleted, in one quick step
    at the end. After a failure or a stop the holding folders are removed at once, so a full
    disk does not stay full and no half-sent file is left. (A dry run into a folder that does
    not exist yet lists every file as new: rsync only pretends to create it.)"""
    target = server.target
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    if dry_run:
        print(f"Verrataan kohteen {target} tiedostoihin…")
        return server.rsync(site, target.remote(), "--dry-run", what="Vertailu")
    print(f"Lähetetään muuttuneet tiedostot kohteeseen {target}…")
    cleanup = CLEANUP_SCRIPT.format(path=shlex.quote(target.path), partial=PARTIAL_DIR)
    return send(server, site, target.remote(), HOLDING, cleanup, PLAIN_AFTER)


def upload_atomic(server: Server, site: Path, state: RemoteState, dry_run: bool) -> Changes:
    """Upload into releases/<time>.partial beside the current release, then switch `current`.
    What changes is what rsync would change in the current release (with none, in the new
    release's folder, which does not exist yet: every file is new)."""
    target = server.target
    previous = state.current_release
    name = new_release_name(state.releases, time.time())
    compared = target.remote("releases", previous or name)
    changes = server.rsync(site, compared, "--dry-run", what="Vertailu nykyiseen julkaisuun")
    if dry_run:
        return changes
    if previous and not (changes.added or changes.changed or changes.deleted):
        print("Ei muutoksia: palvelimen nykyinen julkaisu on jo ajan tasalla.")
        return Changes()
    path = shlex.quote(target.path)
    server.script(PREPARE_SCRIPT.format(path=path), "Julkaisukansion valmistelu")
    print(f"Lähetetään uusi julkaisu {name} kohteeseen {target}…")
    link = [f"--link-dest=../{previous}"] if previous else []
    partial = f"{name}.partial"
    cleanup = f"rm -rf -- {path}/releases/{partial}\n"
    sent = send(server, site, target.remote("releases", partial), link, cleanup, ATOMIC_AFTER)
    changes.files_sent, changes.bytes_sent = sent.files_sent, sent.bytes_sent
    keep = [*state.releases, name][-KEEP_RELEASES:]
    switch(server, name, finish=partial, remove=[r for r in state.releases if r not in keep])
    return changes


def switch(server: Server, name: str, *, finish: str | None = None, remove: list[str] = ()):
    """Point `current` at releases/<name> in one rename (a visitor sees old or new, never half)."""
    lines = ["set -e", f"cd {shlex.quote(server.target.path)}"]
    if finish:
        lines.append(f"mv -- releases/{finish} releases/{name}")
    lines += [
        f"ln -sfn releases/{name} .current.uusi",
        "mv -T .current.uusi current",
        f"printf '%s' {shlex.quote(MARKER_TEXT)} > {MARKER}",
        *(f"rm -rf -- releases/{r}" for r in remove),
    ]
    server.script("\n".join(lines) + "\n", "Julkaisun vaihto (linkki current)")


@interruptible
def rollback(project: Path, *, target: str | None = None, ssh_config: str | None = None) -> None:
    """Switch an atomic target's `current` back to the release before it."""
    where, _, config = load_config(project, target=target, ssh_config=ssh_config)
    settings = production_settings(project)
    options = {"atomic": True, "force": False, "dry_run": False}
    with (
        connect(where, config) as server,
        publish_lock(server, settings["TIMEZONE"], **options) as (state, _),
    ):
        current = state.current_release
        if current is None:
            raise PublishError(
                f"Kohteessa {where} ei ole atomisia julkaisuja (linkkiä current). "
                "Palautus toimii vain, kun on julkaistu komennolla invoke publish --atomic."
            )
        earlier = state.releases[: state.releases.index(current)]
        if not earlier:
            raise PublishError(
                f"Julkaisu {current} on vanhin palvelimella säilytetty; aiempaa ei ole "
                "palautettavaksi."
            )
        switch(server, earlier[-1])
    print(f"Palautettu julkaisu {earlier[-1]} (oli {current}) kohteessa {where}.")
    if settings["SITEURL"]:
        print(f"Sivusto: {settings['SITEURL']}/")


# Each list's title in a real run and in a dry run (--dry-run).
TITLES = (
    ("Uudet tiedostot", "Lisättäisiin"),
    ("Muuttuneet tiedostot", "Muutettaisiin"),
    ("Poistetut tiedostot", "Poistettaisiin"),
)


def report(changes: Changes, target: Target, seconds: float, dry_run: bool) -> None:
    """The files added, changed and deleted (in a real run the first 20 of each), then the
    totals."""
    if dry_run:
        print(f"Kokeilu (--dry-run): kohteeseen {target} ei muutettu mitään.")
    limit = None if dry_run else 20
    lists = (changes.added, changes.changed, changes.deleted)
    for titles, names in zip(TITLES, lists, strict=True):
        if names:
            print(f"{titles[dry_run]} ({len(names)}):")
            for name in names[:limit]:
                print(f"  {name}")
            if limit and len(names) > limit:
                print(f"  … ja {plural(len(names) - limit, 'muu', 'muuta')}")
    if dry_run:
        print(
            f"Tiedostoja lisättäisiin {len(changes.added)}, muutettaisiin {len(changes.changed)} "
            f"ja poistettaisiin {len(changes.deleted)}."
        )
    else:
        print(
            f"Julkaistu kohteeseen {target}: lähetetty "
            f"{plural(changes.files_sent, 'tiedosto', 'tiedostoa')}, "
            f"poistettu {len(changes.deleted)}, siirretty {human_bytes(changes.bytes_sent)}, "
            f"aikaa kului {decimal(seconds)} s."
        )


def human_bytes(count: int) -> str:
    """'512 tavua', '3,4 kt', '1,2 Mt' (decimal units, Finnish decimal comma)."""
    if count < 1000:
        return plural(count, "tavu", "tavua")
    size, unit = (count / 1e3, "kt") if count < 1e6 else (count / 1e6, "Mt")
    return f"{decimal(size)} {unit}"
