"""What a post or a file in content/ can make the build do, tried as a hostile user would.

- No picture address reaches outside the project: every way of naming a file elsewhere
  (encoded dots in either case, double encoding, an encoded slash or backslash, `./../`,
  an absolute path, `file:`, Windows' backslashes and drive letters, {static} and {attach}
  links, the site's full address, HTML entities, the share image field) stops the build
  with a Finnish message naming the post and the line, and leaves the file out there byte
  for byte as it was, with nothing new beside it.
- Only a website's own kinds of file are published from content/images and content/extra:
  a dotfile, a server-side or script file is left out with a warning naming it, an error
  in a strict build (publish builds strictly).
- An SVG with script or outside references is refused, naming the file.
- A picture whose name has spaces, commas or other such characters gets a srcset whose
  every candidate is one address of a file that exists.

Every build is `sitecore.build.run`, the one build of the project: `invoke build`, the live
preview (sitetools/preview.py) and `invoke check`'s own build call the same function, so a
plain build stands for all three.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from sitecore import build as site_build
from sitetools.checks.server import header_rules
from sitetools.checks.site import Site
from support import ROOT, Build, copy_project, snapshot

POST = "2020-01-01-loma.md"
POST_TEXT = """Title: Loma {name}
Date: 2020-01-01
Category: Ajankohtaista
Tags: työhyvinvointi
Summary: Kuva lomalta.{image}

Teksti ennen kuvaa.

{markup}
"""


def build(project: Path, strict: bool = False) -> Build:
    """The publish build of project into project/output, as `invoke build` makes it."""
    stream = io.StringIO()
    output = project / "output"
    result = site_build.run(output, "publishconf.py", project=project, strict=strict, stream=stream)
    return Build(0 if result.ok else 1, stream.getvalue(), output)


def photo(path: Path, size: tuple[int, int] = (2000, 1500)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (40, 110, 160)).save(path)


# --- 1. picture addresses outside the project -----------------------------------------------

UP = "../../.."  # from content/images/ (and output/images/) to the folder holding the project
DOTS = {"pieni": "%2e%2e", "iso": "%2E%2E", "sekoitettu": ".%2E"}
FAMILY = {
    **{f"{k}-2e": f"![Loma](/images/{v}/{v}/{v}/ulkona/{{id}}/loma.jpg)" for k, v in DOTS.items()},
    "kaksinkertainen": "![Loma](/images/%252e%252e/%252e%252e/%252e%252e/ulkona/{id}/loma.jpg)",
    "koodattu-kauttaviiva": "![Loma](/images/..%2F..%2F..%2Fulkona%2F{id}%2Floma.jpg)",
    "koodattu-kenoviiva": "![Loma](/images/..%5C..%5C..%5Culkona%5C{id}%5Cloma.jpg)",
    "piste-ja-pisteet": "![Loma](./../../../../ulkona/{id}/loma.jpg)",
    "juuresta-pisteet": f"![Loma](/images/./{UP}/./ulkona/{{id}}/loma.jpg)",
    "absoluuttinen-polku": "![Loma]({outside}/loma.jpg)",
    "file-osoite": "![Loma](file://{outside}/loma.jpg)",
    "file-isolla": "![Loma](FILE://{outside}/loma.jpg)",
    "windows-kenoviivat": '<p><img src="\\images\\..\\..\\..\\ulkona\\{id}\\loma.jpg" alt="L"></p>',
    "windows-asema": '<p><img src="C:\\Users\\oma\\ulkona\\{id}\\loma.jpg" alt="Loma"></p>',
    "html-entiteetit": '<p><img src="/images/&#46;&#x2E;/../%2e./ulkona/{id}/loma.jpg"></p>',
    "static-linkki": "![Loma]({{static}}/../../ulkona/{id}/loma.jpg)",
    "attach-linkki": "![Loma]({{attach}}/../../ulkona/{id}/loma.jpg)",
    "koko-osoite": "![Loma](https://www.example.fi/images/%2e%2e/%2e%2e/%2e%2e/ulkona/{id}/loma.jpg)",
    "jakokuva": "Image: /images/%2e%2e/%2e%2e/%2e%2e/ulkona/{id}/loma.jpg",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    """(project copy, the folder beside it): a photo in there for every variant."""
    base = tmp_path_factory.mktemp("vihamielinen")
    project = copy_project(base / "project")
    for name in FAMILY:
        photo(base / "ulkona" / name / "loma.jpg")
    return project, base


@pytest.mark.parametrize("name", FAMILY)
def test_no_picture_address_reaches_a_file_outside_the_project(hostile, name):
    project, base = hostile
    outside = base / "ulkona" / name
    address = FAMILY[name].format(id=name, outside=outside)
    header = address.startswith("Image:")
    text = POST_TEXT.format(
        name=name,
        image=f"\n{address}" if header else "",
        markup="![Oma kuva](/images/muotokuva-paikkamerkki.jpg)" if header else address,
    )
    (project / "content" / "blogi" / POST).write_text(text, encoding="utf-8")
    before, beside = snapshot(base / "ulkona"), sorted(p.name for p in base.iterdir())

    made = build(project)

    assert made.returncode == 1, made.output
    line = 6 if header else 9
    assert f"content/blogi/{POST}, rivi {line}:" in made.output, made.output
    assert "Traceback" not in made.output
    assert snapshot(outside) == {"loma.jpg": before[f"{name}/loma.jpg"]}
    assert snapshot(base / "ulkona") == before
    assert sorted(p.name for p in base.iterdir()) == beside


# --- 2. only a website's own kinds of file, 10. names that need encoding ----------------------

REFUSED = [
    "images/.htaccess",
    "images/.user.ini",
    "images/.env",
    "images/shell.php",
    "images/SHELL.PHP",
    "images/kuva.jpg.php",
    "images/kuva.phtml",
    "images/arkisto.phar",
    "images/skripti.cgi",
    "images/skripti.pl",
    "images/skripti.py",
    "images/skripti.sh",
    "images/skripti.js",
    "images/moduli.mjs",
    "images/sivu.html",
    "images/sivu.shtml",
    "images/sivu.asp",
    "images/sivu.jsp",
    "images/pakattu.svgz",
    "images/muistiinpano",
    "images/.piilo/kuva.jpg",
    "images/puhelin.heic",
    "extra/.htaccess",
    "extra/.env",
    "extra/shell.php",
    "extra/skripti.js",
    "extra/sivu.html",
]
ODD_NAMES = {  # file in content/images -> how the post names it
    "kuva loma.jpg": "![Loma](/images/kuva%20loma.jpg)",
    "ranta (2).jpg": '<p><img src="/images/ranta (2).jpg" alt="Ranta"></p>',
    "kuva,pilkku.jpg": "![Pilkku](/images/kuva%2Cpilkku.jpg)",
    "äiti ja isä.png": "![Äiti ja isä](/images/äiti ja isä.png)",
    "sata%.jpg": "![Sata](/images/sata%25.jpg)",
}
PUBLISHED = {"images/esite.pdf": b"%PDF-1.4\n%%EOF\n", "images/kuvake.ico": b"\0\0\1\0\0\0"}


@pytest.fixture(scope="module")
def odd_files(tmp_path_factory) -> tuple[Path, Build, Build]:
    """A copy with the refused family in content/images and content/extra (those in extra/
    linked from a post, which is how Pelican would copy them), pictures with names that
    need encoding, a PDF and an icon; built plainly and strictly (as publish builds)."""
    project = copy_project(tmp_path_factory.mktemp("tiedostot") / "project")
    content = project / "content"
    for rel in REFUSED:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text("<?php system($_GET['c']); ?>\n", encoding="utf-8")
    for name in ODD_NAMES:
        photo(content / "images" / name, (1300, 800))
    for rel, data in PUBLISHED.items():
        (content / rel).write_bytes(data)
    links = "\n\n".join(f"[{rel}]({{static}}/{rel})" for rel in REFUSED if "extra/" in rel)
    markup = "\n\n".join(ODD_NAMES.values()) + "\n\n" + links
    post = POST_TEXT.format(name="nimet", image="", markup=markup)
    (content / "blogi" / POST).write_text(post, encoding="utf-8")
    plain = build(project)
    (project / "output").rename(project / "tavallinen")
    plain = Build(plain.returncode, plain.output, project / "tavallinen")
    return project, plain, build(project, strict=True)


@pytest.mark.parametrize("rel", REFUSED)
def test_a_file_no_website_serves_is_left_out_naming_it(odd_files, rel):
    _project, plain, strict = odd_files
    assert plain.returncode == 0, plain.output
    said = [line for line in plain.output.splitlines() if f"content/{rel}:" in line]
    assert len(said) == 1 and said[0].startswith("Varoitus: "), plain.output
    assert ("HEIC" if rel.endswith(".heic") else "ei julkaista") in said[0]
    assert not (plain.path / rel).exists()
    assert strict.returncode == 1
    assert f"content/{rel}:" in strict.output, strict.output


def test_only_pictures_pdfs_and_icons_are_published(odd_files):
    _project, plain, _strict = odd_files
    assert not [p for p in plain.all_files() if b"<?php" in p.read_bytes()]
    for rel, data in PUBLISHED.items():
        assert (plain.path / rel).read_bytes() == data
    for name in ODD_NAMES:
        assert (plain.path / "images" / name).is_file(), name


def test_every_srcset_candidate_is_one_address_of_a_file(odd_files):
    _project, plain, _strict = odd_files
    soup = plain.soup("blogi/loma-nimet/")
    pictures = soup.select("main picture")
    assert len(pictures) == len(ODD_NAMES)
    for element in [*soup.select("main picture source"), *soup.select("main picture img")]:
        candidates = [c.strip() for c in element["srcset"].split(",")]
        assert len(candidates) >= 2, element
        addresses = [element["src"]] if element.name == "img" else []
        for candidate in candidates:
            address, width = candidate.split()  # exactly two parts: one address, one width
            assert width.endswith("w") and width[:-1].isdigit(), candidate
            addresses.append(address)
        for address in addresses:
            assert address.startswith("https://www.example.fi/images/"), address
            file = plain.path / unquote(urlsplit(address).path).lstrip("/")
            assert file.is_file(), address


# --- 3. SVG with script -------------------------------------------------------------------------

BAD_SVGS = {
    "images/skripti.svg": "<script>alert(document.cookie)</script>",
    "images/tapahtuma.svg": '<rect width="9" height="9" onload="alert(1)"/>',
    "images/linkki.svg": '<a href=" java&#9;script:alert(1)"><rect width="9" height="9"/></a>',
    "images/vieras.svg": '<image href="https://seuranta.example.com/p.png" width="1"/>',
    "images/html.svg": "<foreignObject><p>hei</p></foreignObject>",
    "extra/ulkoinen.svg": '<use href="https://seuranta.example.com/s.svg#a"/>',
}
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">{}</svg>'


def test_an_svg_with_script_or_outside_references_is_refused_naming_it(tmp_path):
    project = copy_project(tmp_path / "project")
    content = project / "content"
    for rel, body in BAD_SVGS.items():
        (content / rel).write_text(SVG.format(body), encoding="utf-8")
    good = SVG.format('<defs><path id="a" d="M0 0h9"/></defs><use href="#a" fill="url(#a)"/>')
    (content / "images" / "kaavio.svg").write_text(good, encoding="utf-8")
    markup = "![Kaavio](/images/kaavio.svg)\n\n[x]({static}/extra/ulkoinen.svg)"
    post = POST_TEXT.format(name="svg", image="", markup=markup)
    (content / "blogi" / POST).write_text(post, encoding="utf-8")

    made = build(project)

    assert made.returncode == 1
    for rel in BAD_SVGS:
        named = re.compile(rf"content/{re.escape(rel)}, rivi \d+: ")  # the file and the line
        said = [line for line in made.output.splitlines() if named.search(line)]
        assert len(said) == 1 and "SVG-kuvassa on" in said[0], (rel, made.output)
        assert not (made.path / rel).exists() and not (made.path / Path(rel).name).exists()
    assert "kaavio.svg" not in made.output
    assert (made.path / "images" / "kaavio.svg").read_text(encoding="utf-8") == good


def test_pictures_get_a_policy_of_their_own_on_netlify_and_cloudflare_too(site):
    """Those hosts join every matching rule's policy: a picture gets both, so the stricter."""
    sent = header_rules(Site.load(site.path, ROOT / "content"), "_headers")
    picture = [v for k, v in sent("/images/x.svg") if k == "Content-Security-Policy"]
    assert "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox" in picture
    page = [v for k, v in sent("/blogi/") if k == "Content-Security-Policy"]
    assert len(page) == 1 and "sandbox" not in page[0]
