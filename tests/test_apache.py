"""The .htaccess the build writes, as a real Apache reads it (tests/apache_server.py: its
own minimal configuration, without Debian's defaults, so the site's .htaccess alone has to
keep its files private): feeds are Atom, the sitemap is XML, every text file is sent
compressed, the files for the host and for publishing are not served, pictures get a policy
of their own that runs no script, and hashed CSS and JS a year's cache.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from apache_server import apache, request

MARKER = ".tyonohjaus-julkaisu"
SCRIPTED_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PICTURE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
GZIP = {"Accept-Encoding": "gzip"}
# One file of each text type the site serves, with the type Debian's Apache gives it.
TEXT_FILES = [
    ("index.html", "text/html"),
    ("theme/css/site.*.css", "text/css"),
    ("theme/js/haku.*.js", "text/javascript"),
    ("pagefind/pagefind.js", "text/javascript"),
    ("pagefind/pagefind-entry.json", "application/json"),
    ("site.webmanifest", "application/manifest+json"),
    ("favicon.svg", "image/svg+xml"),
    ("sitemap.xml", "application/xml"),
    ("blogi/syote.xml", "application/atom+xml"),
    ("robots.txt", "text/plain"),
]


@pytest.fixture(scope="module")
def server(site, tmp_path_factory) -> Iterator[tuple[str, int]]:
    """The production build with the publish marker and a leftover rsync holding folder,
    as a plain publish leaves or may leave them."""
    copy = tmp_path_factory.mktemp("apache") / "site"
    shutil.copytree(site.path, copy)
    (copy / MARKER).write_text("invoke publish\n")
    (copy / ".~tmp~").mkdir()
    (copy / ".~tmp~" / "index.html").write_text("puolikas\n")
    (copy / "images" / "x.svg").write_text(SCRIPTED_SVG)  # as if one had slipped through
    with apache(copy) as address:
        yield address


def test_feeds_are_atom_and_the_sitemap_is_xml(server, site):
    status, _, headers = request(server, "/sitemap.xml")
    assert status == 200
    assert headers["Content-Type"].split(";")[0] in ("application/xml", "text/xml"), headers
    feeds = sorted(site.path.rglob("syote.xml"))
    assert len(feeds) > 2
    for feed in feeds:
        status, _, headers = request(server, "/" + feed.relative_to(site.path).as_posix())
        assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")


@pytest.mark.parametrize("path", [".htaccess", "_headers", MARKER, ".~tmp~/index.html"])
def test_host_and_publish_files_are_not_served(server, path):
    status, _, _ = request(server, "/" + path)
    assert status in (403, 404), path
    assert request(server, "/")[0] == 200


@pytest.mark.parametrize("path", ["/images/x.svg", "/images/muotokuva-paikkamerkki.jpg"])
def test_pictures_get_a_policy_that_runs_no_script(server, path):
    status, _, headers = request(server, path)
    assert status == 200, path
    assert headers["Content-Security-Policy"] == PICTURE_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    page = request(server, "/")[2]["Content-Security-Policy"]
    assert "default-src 'self'" in page and "sandbox" not in page


@pytest.mark.parametrize("pattern,mime", TEXT_FILES)
def test_every_text_type_is_sent_compressed(server, site, pattern, mime):
    file = sorted(site.path.glob(pattern))[0]
    path = "/" + file.relative_to(site.path).as_posix()
    status, _, headers = request(server, path, GZIP)
    assert status == 200 and headers["Content-Type"].split(";")[0] == mime, headers
    assert headers.get("Content-Encoding") == "gzip", (path, headers)
    assert "Content-Encoding" not in request(server, path)[2]  # only when the browser asks


def test_pagefind_files_are_not_compressed_twice(server, site):
    fragment = sorted(site.path.glob("pagefind/fragment/*.pf_fragment"))[0]
    status, _, headers = request(server, "/" + fragment.relative_to(site.path).as_posix(), GZIP)
    assert status == 200 and "Content-Encoding" not in headers, headers


def test_hashed_css_and_js_are_kept_a_year_and_pages_briefly(server, site):
    """The year's cache is asset_hash's rule, handed to security_headers' .htaccess as data."""
    assets = sorted(site.path.glob("theme/*/*.*.*"))
    assert {path.suffix for path in assets} == {".css", ".js"}, assets
    for path in assets:
        status, _, headers = request(server, "/" + path.relative_to(site.path).as_posix())
        assert status == 200
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable", path
    assert request(server, "/")[2]["Cache-Control"] == "public, max-age=300, must-revalidate"
