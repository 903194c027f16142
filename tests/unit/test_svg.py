"""The SVG check (sitecore.svg; content_guard refuses with it, `invoke check` judges with it)
on single files: every way an SVG can run script or reach another server is named at its
line; an ordinary drawing passes (ms each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitecore.svg import svg_problems

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
CLOSE = "</svg>"


def problem_of(tmp_path: Path, body: str, whole: bool = False) -> str | None:
    path = tmp_path / "kuva.svg"
    path.write_text(body if whole else OPEN + body + CLOSE, encoding="utf-8")
    return "\n".join(problem.message for problem in svg_problems(path)) or None


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ("<SCRIPT>alert(1)</SCRIPT>", "<script>"),
        ('<script xlink:href="https://x.example/a.js"/>', "<script>"),
        ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', "<script>"),
        ("<foreignObject><p>teksti</p></foreignObject>", "<foreignobject>"),
        ('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://x.example"/>', "iframe"),
        ('<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="kuva.png"/>', "<img>"),
        ('<rect onload="alert(1)"/>', "onload"),
        ('<rect ONCLICK="alert(1)"/>', "onclick"),
        ('<g onmouseover="alert(1)"><rect/></g>', "onmouseover"),
        ('<a href="javascript:alert(1)"><rect/></a>', "javascript:"),
        ('<a xlink:href="JavaScript:alert(1)"><rect/></a>', "JavaScript:"),
        ('<a href=" java\tscript:alert(1)"><rect/></a>', "script:"),
        ('<a href="java&#x0A;script:alert(1)"><rect/></a>', "script:"),
        ('<a href="&#106;avascript:alert(1)"><rect/></a>', "javascript:"),
        ('<a href="vbscript:msgbox(1)"><rect/></a>', "vbscript:"),
        ('<a href="https://x.example/">linkki</a>', "https://x.example/"),
        ('<image href="https://x.example/seuranta.png"/>', "https://x.example/"),
        ('<image xlink:href="//x.example/seuranta.png"/>', "//x.example/"),
        ('<image href="http://x.example/k.png"/>', "http://x.example/"),
        ('<image href="kuva.png"/>', "kuva.png"),
        ('<image href="data:image/svg+xml;base64,PHN2Zz4="/>', "data:image/svg+xml"),
        ('<use href="muu.svg#kuvio"/>', "muu.svg#kuvio"),
        ('<use xlink:href="/images/muu.svg#kuvio"/>', "/images/muu.svg#kuvio"),
        ('<g xml:base="https://x.example/"><use href="#a"/></g>', "https://x.example/"),
        ('<a><set attributeName="href" to="javascript:alert(1)"/></a>', "animaatio"),
        ('<a><animate attributeName="xlink:href" values="#a;https://x.example"/></a>', "anim"),
        ('<rect fill="url(https://x.example/a.svg#g)"/>', "https://x.example/"),
        ("<rect style=\"fill: url( '//x.example/a#g' )\"/>", "//x.example/"),
        ('<rect style="fill: \\75 rl(https://x.example/a#g)"/>', "https://x.example/"),
        ('<rect style="fill: u\\rl(https://x.example/a#g)"/>', "https://x.example/"),
        ("<style>@import 'https://x.example/a.css';</style>", "@import"),
        ("<style>@IMPORT url(a.css);</style>", "@import"),
        ("<style>@font-face{src:url(https://x.example/f.woff)}</style>", "https://x.example/"),
        ("<style>rect{fill:url(javascript:alert(1))}</style>", "javascript:"),
    ],
)
def test_script_and_outside_references_are_refused_naming_them(tmp_path, body, named):
    said = problem_of(tmp_path, body)
    assert said is not None and named in said, (body, said)
    assert said.startswith("SVG-kuvassa on") and "PNG" in said


@pytest.mark.parametrize(
    ("document", "named"),
    [
        ('<?xml-stylesheet href="https://x.example/a.css"?>' + OPEN + CLOSE, "xml-stylesheet"),
        ("<?muu ohje?>" + OPEN + CLOSE, "<?muu?>"),  # the code check's rule: any instruction
        ('<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>', "<body>"),
        ("<svg><rect/></svg>", "<svg>-juurta"),  # no SVG namespace: not shown as a picture
    ],
)
def test_a_stylesheet_instruction_or_a_document_that_is_no_svg_is_refused(
    tmp_path, document, named
):
    said = problem_of(tmp_path, document, whole=True)
    assert said is not None and named in said, said


@pytest.mark.parametrize(
    "document",
    [
        '<!DOCTYPE svg [<!ENTITY a "javascript:alert(1)">]>' + OPEN + '<a href="&a;"/>' + CLOSE,
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + OPEN + "&x;" + CLOSE,
        OPEN + "<rect>" + CLOSE,
        "",
    ],
)
def test_entities_and_broken_files_are_refused_as_unreadable(tmp_path, document):
    said = problem_of(tmp_path, document, whole=True)
    assert said is not None and said.startswith("SVG-kuvaa ei voi lukea"), said


@pytest.mark.parametrize(
    "body",
    [
        '<rect width="10" height="10" fill="#1d5c57"/>',
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill:url( \'#g\' )"/>',
        '<defs><path id="p" d="M0 0h5"/></defs><use href="#p"/><use xlink:href="#p"/>',
        "<style>rect { fill: #333; stroke-width: 2 }</style><rect/>",
        '<text font-family="sans-serif">Opacity, offset ja orient eivät ole on-attribuutteja'
        '</text><rect opacity="0.5"/>',
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="https://creativecommons.org/"/></rdf:RDF></metadata>',
        '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/'
        'sodipodi-0.dtd" id="base"/><a href="#alku"><rect/></a>',
        # a photo embedded as Inkscape does it: part of the file, fetches nothing, runs nothing
        '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>',
        '<rect fill="url(data:image/jpeg;base64,/9j/4AAQ)"/>',
    ],
)
def test_an_ordinary_drawing_passes(tmp_path, body):
    assert problem_of(tmp_path, body) is None


def test_the_shipped_icon_passes():
    icon = Path(__file__).resolve().parents[2] / "content" / "extra" / "favicon.svg"
    assert svg_problems(icon) == []


def test_each_thing_found_is_named_at_its_line_as_content_guard_and_the_check_say_it(tmp_path):
    path = tmp_path / "kuva.svg"
    path.write_text(f'{OPEN}\n<rect/>\n<rect onclick="x()"\n fill="url(//x.example/a)"/>\n{CLOSE}')
    found = svg_problems(path)
    assert [(p.path, p.line) for p in found] == [(path, 3), (path, 3)]
    assert "onclick" in found[0].message and "//x.example/a" in found[1].message
