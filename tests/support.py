"""Helpers for the tests: the project's real builds, copies, a local server, page types.

Fixtures live in conftest.py; everything a test imports by name lives here (`from support
import ...`), so no test imports conftest.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import http.server
import io
import os
import queue
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from sitecore import build as site_build
from sitecore import settings as site_settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEED = DATA / "seed-mista-syntyy-hyodyllinen-tyonohjaus.txt"
# One page of each type the site has, by URL path.
# One page of each type the site has, by URL path: the site's own list (pelicanconf.py).
PAGE_TYPES = site_settings.load()["PAGE_TYPES"]
SEED_URL = PAGE_TYPES["artikkeli"]  # her own post, the seed article
PROJECT_FILES = [
    "content",
    "sitecore",
    "theme",
    "plugins",
    "sitetools",
    "pelicanconf.py",
    "publishconf.py",
    "tasks.py",
    "tiedot.yaml",
]
PROD_SITEURL = "https://www.example.fi"


@dataclass
class Build:
    """The result of one real Pelican run."""

    returncode: int
    output: str  # stdout and stderr together, as the practitioner sees them
    path: Path

    def soup(self, url_path: str) -> BeautifulSoup:
        """Parse the page a visitor gets at url_path ("" is the home page)."""
        file = self.path / url_path
        if url_path == "" or url_path.endswith("/"):
            file = file / "index.html"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")

    def html_files(self) -> list[Path]:
        return sorted(self.path.rglob("*.html"))

    def all_files(self) -> list[Path]:
        return sorted(p for p in self.path.rglob("*") if p.is_file())


def run_pelican(
    project: Path, output: Path, settings: str = "publishconf.py", *extra: str
) -> Build:
    """Build project into output in a separate process, exactly as `invoke build` builds
    (sitecore.build); extra: `-e KEY=JSON …` setting overrides, or `--strict`."""
    cmd = [sys.executable, "-m", "sitecore.build", str(output), "--conf", settings, *extra]
    proc = subprocess.run(
        cmd, check=False, cwd=project, capture_output=True, text=True, env=_env(), timeout=300
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, output)


def build_here(output: Path, settings: str = "publishconf.py", **override) -> Build:
    """Build the project itself in this process (fast: no new interpreter), as
    `invoke build` does."""
    stream = io.StringIO()
    result = site_build.run(output, settings, override=override or None, stream=stream)
    text = stream.getvalue() + (result.summary() if result.ok else result.failure())
    return Build(0 if result.ok else 1, text, output)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["COLUMNS"] = "500"  # keep log lines whole, so messages can be read
    env.pop("SITEURL", None)
    return env


def run_invoke(project: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """An invoke task as the practitioner runs it (bin/invoke: the project's tasks.py as a
    program, with its help and errors in Finnish)."""
    return subprocess.run(
        [sys.executable, "tasks.py", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=timeout,
        check=False,
    )


def snapshot(folder: Path, with_times: bool = False) -> dict[str, tuple]:
    """Every file under folder: its bytes' SHA-256 (and modification time if asked)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[path.relative_to(folder).as_posix()] = (
                (digest, path.stat().st_mtime_ns) if with_times else (digest,)
            )
    return found


def copy_project(dest: Path, image_cache: bool = True) -> Path:
    """A throwaway copy of the project, to add or break content in; with the shipped
    pictures already encoded in its cache/kuvat and the templates compiled in cache/mallit,
    as in her folder after its first build (image_cache=False: a copy as on a machine that
    never built the site)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    if image_cache:
        made = shipped_caches()
        for name in ("kuvat", "mallit"):
            shutil.copytree(made / name, dest / "cache" / name)
    return dest


@functools.cache
def shipped_caches() -> Path:
    """A folder with the shipped content's encoded pictures (kuvat/: variants and share
    cards) and the compiled templates (mallit/), made once per test process by a build of
    its own: encoding and compiling are most of a small build's time, and every copy's
    first build would repeat them. Both caches are keyed by their sources' bytes, so a copy
    that changes a picture or a template still gets it made anew."""
    folder = Path(tempfile.mkdtemp(prefix="valimuistit-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    override = {
        "IMAGE_CACHE_PATH": str(folder / "kuvat"),
        "TEMPLATE_CACHE_PATH": str(folder / "mallit"),
    }
    result = site_build.run(
        folder / "output", "publishconf.py", override=override, stream=io.StringIO()
    )
    assert result.ok, result.failure()
    return folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that left early
            super().handle_error(request, client_address)


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on 127.0.0.1 at a free port, as a static host would."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


FORM_ACTION = "https://lomake.example.fi/f/abc"
FORM_SERVICE = {
    "name": "Lomakepalvelu Testi",
    "country": "US",
    "transfer_basis": "komission vakiosopimuslausekkeet",
}
# The practitioner's own details, written into a copy's tiedot.yaml in place of the
# shipped placeholders, to show that every page takes them from there.
OWN_DETAILS = {
    "name": "Testi Ohjaaja",
    "email": "testi@tyonohjaus-testi.fi",
    "phone": "+358 50 765 4321",
    "business_id": "7654321-2",  # a valid Y-tunnus: check digit 2
    "area": "Oulu ja Pohjois-Pohjanmaa",
    "booking_url": "https://ajanvaraus.tyonohjaus-testi.fi/testi",
}
# The address a launch-ready copy is published under (not an example.fi placeholder).
OWN_SITEURL = "https://www.tyonohjaus-testi.fi"


def own_details(siteurl: str = OWN_SITEURL) -> str:
    """tiedot.yaml as she fills it in: the shipped keys, her own values."""
    own = OWN_DETAILS
    rows = "".join(
        f"  - palvelu: {slug}\n    hinta: 120 €\n    yksikkö: tapaaminen\n    alkaen: ei\n"
        for slug in ("yksilotyonohjaus", "tyoyhteison-tyonohjaus", "johdon-tyonohjaus")
    )
    return f"""\
nimi: {own["name"]}
ammattinimike: Työnohjaaja
sähköposti: {own["email"]}
puhelin: {own["phone"]}
y-tunnus: {own["business_id"]}
paikkakunta: Oulu
toiminta-alue: {own["area"]}
ajanvaraus: {own["booking_url"]}
sivusto:
  nimi: Työnohjaus {own["name"]}
  kuvaus: Työnohjausta esihenkilöille, työyhteisöille ja yksilöille.
  osoite: {siteurl}
tapaamiset:
  etänä: kyllä
  tutustumiskeskustelu: 30 min
  tutustumistapa: puhelimessa tai videoyhteydellä
hinnat:
{rows}arvonlisävero: sisältyy
verokanta: 25,5 %
peruutusehdot: Tapaamisen voi perua maksutta viimeistään vuorokautta ennen.
webhotelli:
  palvelu: Testihotelli Oy
  maa: FI
sähköpostipalvelu:
  palvelu: Testiposti Ab
  maa: SE
kysely:
  palvelu: Testikysely GmbH
  maa: DE
  säilytys: 3 kuukautta
tietosuoja:
  viestit: 12 kuukautta viimeisestä yhteydenpidosta
  lokit: 30 päivää
"""


def make_launch_ready(project: Path, siteurl: str = OWN_SITEURL) -> Path:
    """Fill in a copy as the practitioner would before her first publish: her own details,
    prices and address in tiedot.yaml, and in every page and post her own text: no Example
    mark, no "[…]" gap, her own portrait."""
    from sitetools.launch_guard import PLACEHOLDER, PLACEHOLDER_IMAGES

    (project / "tiedot.yaml").write_text(own_details(siteurl), encoding="utf-8")
    images = project / "content" / "images"
    for number, image in enumerate(PLACEHOLDER_IMAGES):
        shutil.copy2(images / image, images / f"oma-kuva-{number}.jpg")
    for path in sorted((project / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        text = text.replace("\nExample: true\n", "\n")
        text = PLACEHOLDER.sub(lambda match: match[1], text)
        for number, image in enumerate(PLACEHOLDER_IMAGES):
            text = text.replace(f"/{image}", f"/oma-kuva-{number}.jpg")
        path.write_text(text, encoding="utf-8")
    return project


class Preview:
    """`invoke livereload` running in a project folder, its output read as it comes."""

    def __init__(self, project: Path, *args: str, env: dict | None = None) -> None:
        environment = {**os.environ, **(env or {})}
        environment.pop("SITEURL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "tasks.py", "livereload", *args],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            match = re.search(pattern, line)
            if match:
                return match
        raise AssertionError(f"no {pattern!r} in:\n" + "\n".join(self.seen))

    def next_build(self, timeout: float = 60) -> list[str]:
        """What the preview printed until its next build was done (or failed)."""
        start = len(self.seen)
        self.wait_for(r"^Esikatselu: |Virheilmoitus näkyy myös selaimessa", timeout)
        return self.seen[start:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# --- files that only pretend to be pictures ----------------------------------------------


def png_of_zeros(width: int, height: int) -> bytes:
    """A black 1-bit PNG of any size, compressed row by row: a 20000 × 20000 pixel bomb is
    a few dozen kilobytes and is never held uncompressed."""
    row = bytes(1 + (width + 7) // 8)
    packer = zlib.compressobj(1)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real 8 × 8 JPEG whose header (SOF0) claims width × height pixels."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "JPEG")
    data = buffer.getvalue()
    sof = data.index(b"\xff\xc0") + 5  # marker, length, precision: then height, width
    return data[:sof] + struct.pack(">HH", height, width) + data[sof + 4 :]


def heic_like(brand: bytes = b"heic") -> bytes:
    """The start of an iPhone photo (HEIF: an ISO media file with a HEIC brand)."""
    return struct.pack(">I", 24) + b"ftyp" + brand + bytes(4) + b"mif1heic" + bytes(200)


# What the WordPress import must say of each kind of entry in hostile_zip.
HOSTILE_ENTRIES = {
    "bomb": "on yli 50 Mt",  # 100 MB of zeros, a few hundred kB packed
    "lying": "vioittunut",  # the same, its headers claiming 1 000 bytes
    "huge-declared": "on yli 50 Mt",  # a small picture, its headers claiming 1 GiB
    "symlink": "symbolinen linkki",  # a link to /etc/passwd named .jpg
    "text": "ei ole kuva, jonka verkkosivu voi näyttää",  # a text file named .jpg
    "heic": "HEIC-muodossa",  # an iPhone photo named .jpg
}


def hostile_zip(path: Path, entries: dict[str, str]) -> Path:
    """A media zip with the named entries, each of a kind in HOSTILE_ENTRIES; written in
    pieces, so making it holds no more than a megabyte."""
    small = {"huge-declared": jpeg_claiming(8, 8), "text": b"root:x:0:0:root\n"}
    small["heic"] = heic_like()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, kind in entries.items():
            if kind == "symlink":
                info = zipfile.ZipInfo(name)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, "/etc/passwd")
            elif kind in ("bomb", "lying"):
                with archive.open(name, "w") as entry:
                    for _ in range(100):
                        entry.write(bytes(2**20))
            else:
                archive.writestr(name, small[kind])
    for name, kind in entries.items():
        if kind in ("lying", "huge-declared"):
            claim_size(path, name, 1_000 if kind == "lying" else 2**30)
    return path


def claim_size(path: Path, name: str, size: int) -> None:
    """Make both headers of a zip entry (local and central) claim size unpacked bytes."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = data.find(signature)
        while start >= 0:
            if data[start + name_at : start + name_at + len(encoded)] == encoded:
                data[start + size_at : start + size_at + 4] = struct.pack("<I", size)
            start = data.find(signature, start + 4)
    path.write_bytes(data)


# Common English words. A line with one of them, as a whole word outside code, file names
# and addresses, is English she would read. Words Finnish shares (on, me, se) are not listed.
COMMON_ENGLISH = """
    the is are was were be been has have not no found what which with without for and or of
    to from by in at if this that these you your it its can cannot could would should will
    unable skipping empty attribute image file files serving watching detecting changes start
    usage options option available tasks task core help none default error warning instead
    missing invalid value flag required positional arguments docstring subcommands string
    idea browser connected running reload waiters traceback most recent call last line get"""
ENGLISH_WORDS = frozenset(COMMON_ENGLISH.split())
CODE_MARKS = re.compile(r"[/\\._=@{}<>\[\]#~$+|0-9]|^-")  # a path, an address, a flag, a key
TRIM = "()[]”“\"'.,:;!?…*`"


def english_lines(text: str) -> list[str]:
    """The lines of text that have an English word in them (code and names aside)."""
    found = []
    for line in text.splitlines():
        words = (word.strip(TRIM) for word in line.split())
        if any(w.lower() in ENGLISH_WORDS for w in words if w and not CODE_MARKS.search(w)):
            found.append(line)
    return found
