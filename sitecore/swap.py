"""A new build takes the place of output/ in one step, one build at a time per project.

Builds of one project wait for each other (a lock in its cache/, which the kernel releases
when a build's process ends, however it ends), so none can see another's folders half made.
A build is made in a folder beside output/ (`.output-uusi-…`) and exchanged with output/ in
one system call (Linux's renameat2 with RENAME_EXCHANGE): at every moment output/ is a whole
site, the old or the new, and stays an ordinary folder. Where the system has no such call,
two renames are made, and a build killed between them leaves the old site in `.output-vanha`,
which the next build puts back. What killed builds left beside output/ is removed by the
next build, under the lock, so it cannot be another build's folder.
"""

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sitecore.problems import not_writable, shown_path

LOCK = Path("cache") / "rakennus.lukko"  # relative to the project
WAITING = "Toinen rakennus on käynnissä, odotetaan…"
AT_FDCWD, RENAME_EXCHANGE = -100, 2  # <fcntl.h>, <linux/fs.h>
NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


class NotWritable(Exception):
    """A folder the build cannot (or must not) write to; the message names it in Finnish."""


@contextlib.contextmanager
def project_lock(project: Path, say) -> Iterator[None]:
    """Hold the project's build lock for the block; while another build holds it, say so
    once (say: a function taking a line) and wait."""
    path = project / LOCK
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a")  # noqa: SIM115 (closing it, below, releases the lock)
    except OSError as err:
        raise NotWritable(not_writable(path.parent, err)) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(WAITING)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def fresh_folder(target: Path, project: Path) -> Path:
    """An empty folder beside target to build into, once what killed builds left there is
    gone. Call with the project's lock held. A target that is not a site (nor empty) is
    refused: `--output content` or a home folder would be replaced, and its files lost."""
    old, prefix = target.with_name(f".{target.name}-vanha"), f".{target.name}-uusi-"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if old.is_dir() and not target.exists():
            old.rename(target)  # a build was killed between the two renames: the old site
        if target.exists() and not target.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(target))
        # only a site (index.html) or an empty folder is replaced, never one the project is in
        if target.is_dir() and (
            project.resolve().is_relative_to(target)
            or (not (target / "index.html").is_file() and any(target.iterdir()))
        ):
            raise NotWritable(
                f"Kansiossa {shown_path(target)} on muutakin kuin rakennettu sivusto, joten "
                "sivustoa ei rakenneta sen paikalle: sen tiedostot katoaisivat. Valitse uusi "
                "tai tyhjä kansio."
            )
        left = [p for p in target.parent.iterdir() if p.name.startswith(prefix)]
        for folder in [old, *left]:
            shutil.rmtree(folder, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
    except OSError as err:
        raise NotWritable(not_writable(target, err)) from None


def put_in_place(new: Path, target: Path) -> None:
    """Make the folder new the folder target; the earlier target, if any, is then at new."""
    try:
        if not target.exists():
            new.rename(target)
            return
        try:
            exchange(new, target)
        except OSError as err:
            if err.errno not in NO_EXCHANGE:
                raise
            old = target.with_name(f".{target.name}-vanha")
            target.rename(old)
            new.rename(target)
            old.rename(new)
    except OSError as err:
        raise NotWritable(not_writable(target, err)) from None


def exchange(a: Path, b: Path) -> None:
    """Swap the folders a and b in one step (ENOSYS where the C library has no renameat2)."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "no renameat2", str(a))
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))
