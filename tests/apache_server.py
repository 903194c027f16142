"""A real Apache 2.4 serving a built site, as a web hotel would: .htaccess allowed.

Started in the foreground with its own minimal config on a free port (never the system's
config or service), with the modules a web hotel has (mod_rewrite, mod_alias, mod_headers,
mod_expires, mod_mime, mod_dir), and stopped by its process id.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sitetools.checks.server import free_port

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
LOADED = ["mpm_event", "authz_core", "mime", "dir", "alias", "rewrite", "headers", "expires"]
LOADED += ["filter", "deflate"]


def config(root: Path, docroot: Path, port: int) -> str:
    modules = "\n".join(f"LoadModule {name}_module {MODULES}/mod_{name}.so" for name in LOADED)
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    return f"""ServerRoot "{root}"
{modules}
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
PidFile "{root}/apache.pid"
ErrorLog "{root}/error.log"
LogLevel warn
DefaultRuntimeDir "{root}"
Mutex file:{root} default
TypesConfig /etc/mime.types
{user}
DocumentRoot "{docroot}"
DirectoryIndex index.html
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory "{docroot}">
  Options FollowSymLinks
  AllowOverride All
  Require all granted
</Directory>
"""


@contextlib.contextmanager
def apache(site: Path) -> Iterator[tuple[str, int]]:
    """Serve a copy of site with Apache; yields ("127.0.0.1", port)."""
    assert APACHE.exists(), "Apache is missing: run bin/test, which installs apache2"
    root = Path(tempfile.mkdtemp(prefix="apache-"))
    try:
        docroot = root / "site"
        shutil.copytree(site, docroot)
        for path in [root, *root.rglob("*")]:  # readable by the worker user (www-data)
            path.chmod(0o755 if path.is_dir() else 0o644)
        port = free_port()
        conf = root / "apache.conf"
        conf.write_text(config(root, docroot, port), encoding="utf-8")
        process = subprocess.Popen(
            [str(APACHE), "-f", str(conf), "-DFOREGROUND"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 15
            while True:
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", port), timeout=0.5),
                ):
                    break
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (
                        (root / "error.log").read_text(errors="replace")
                        if (root / "error.log").exists()
                        else ""
                    )
                    out = process.stdout.read().decode(errors="replace") if process.stdout else ""
                    raise RuntimeError(f"Apache did not start:\n{out}\n{log}")
                time.sleep(0.1)
            yield "127.0.0.1", port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def request(
    server: tuple[str, int], path: str, headers: dict[str, str] | None = None
) -> tuple[int, str, dict[str, str]]:
    """(status, Location, headers) for a raw request path, sent exactly as written."""
    connection = http.client.HTTPConnection(*server, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or "", dict(response.getheaders())
    finally:
        connection.close()
