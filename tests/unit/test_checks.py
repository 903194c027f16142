"""`invoke check`'s checks on tiny synthetic sites: a few files written by the test, no build,
no browser (milliseconds each)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from sitecore.htaccess import HeaderRule, netlify_rule, sent
from sitecore.svg import svg_problems
from sitetools.checks.headers import check_header_files
from sitetools.checks.leaks import check_leaks, normalise
from sitetools.checks.links import check_links
from sitetools.checks.site import Site, SourcePage

PAGE = (
    '<!doctype html><html lang="fi"><head><title>t</title>{head}</head><body>{body}</body></html>'
)


def make_site(tmp_path: Path, files: dict[str, str], sources: list[SourcePage] = ()) -> Site:
    out = tmp_path / "output"
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    for page in sources:
        source = tmp_path / page.source
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"Title: {page.title}\n\nLinkki [tähän](/puuttuu/).\n", "utf-8")
    return Site(out.resolve(), content.resolve(), list(sources))


def source(name: str, save_as: str, status: str = "published", text: str = "") -> SourcePage:
    url = save_as.removesuffix("index.html")
    return SourcePage(f"content/{name}.md", "page", status, save_as, url, "page", name, text)


def test_links_resolve_to_files_and_fragments(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": PAGE.format(
                head="",
                body='<a href="/a/">a</a><a href="/a/#kohta">k</a><a href="https://muu.fi/">m</a>',
            ),
            "a/index.html": PAGE.format(head="", body='<h2 id="kohta">x</h2>'),
        },
    )
    summary, findings, external = check_links(site)
    assert findings == []
    assert external == ["https://muu.fi/"]
    assert summary.startswith("3 linkkiä 2 tiedostossa")


def test_a_broken_link_and_fragment_name_the_content_file_and_line(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": PAGE.format(head="", body='<a href="/a/#ei-ole">k</a>'),
            "a/index.html": PAGE.format(head="", body='<a href="/puuttuu/">x</a>'),
        },
        [source("a", "a/index.html")],
    )
    _, findings, _ = check_links(site)
    text = "\n".join(map(str, findings))
    assert "content/a.md, rivi 3" in text and "/puuttuu/" in text
    assert "ei-ole" in text


def test_draft_text_in_a_published_page_is_a_leak_named_by_the_draft(tmp_path):
    secret = "Tämä luonnoksen lause ei saa näkyä kenellekään sivustolla."
    site = make_site(
        tmp_path,
        {"index.html": PAGE.format(head="", body=f"<p>{secret.replace(' ', '&nbsp;', 1)}</p>")},
        [source("luonnos", "", status="draft", text=secret)],
    )
    _, findings = check_leaks(site)
    assert len(findings) == 1 and str(findings[0]).startswith("content/luonnos.md: luonnos")


def test_leak_check_reads_through_typography():
    assert normalise("”Hyvä”\u00a0työn\u00adohjaus – nyt…") == normalise(
        '"Hyvä" työnohjaus - nyt...'
    )


SECURITY = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=()",
}
HASHED_CSS = "/theme/css/site.0123456789.css"


def host_rules(security: dict[str, str]) -> dict:
    """A build record's headers (sitecore.htaccess), as security_headers notes them."""
    netlify = [netlify_rule("/*", security)]
    netlify.append(netlify_rule(HASHED_CSS, {"Cache-Control": "public, immutable"}))
    netlify.append(netlify_rule("/images/*", {"Content-Security-Policy": "sandbox"}))
    apache = [HeaderRule("", "", tuple(security.items()))]
    apache.append(HeaderRule("^/images/", "^/images/", (("Content-Security-Policy", "sandbox"),)))
    return {"headers": {"_headers": [*map(asdict, netlify)], ".htaccess": [*map(asdict, apache)]}}


def test_header_rules_match_paths_as_each_host_joins_them():
    rules = [HeaderRule(**rule) for rule in host_rules(SECURITY)["headers"]["_headers"]]
    assert dict(sent(rules, False, "/"))["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in dict(sent(rules, False, HASHED_CSS))["Cache-Control"]
    assert "Cache-Control" not in dict(sent(rules, False, "/blogi/"))
    assert "Cache-Control" not in dict(sent(rules, False, HASHED_CSS + "x"))  # a whole path
    policies = [v for k, v in sent(rules, False, "/images/x.svg") if k.startswith("Content-S")]
    assert policies == [SECURITY["Content-Security-Policy"], "sandbox"]  # Netlify: both
    apache = [HeaderRule(**rule) for rule in host_rules(SECURITY)["headers"][".htaccess"]]
    assert dict(sent(apache, True, "/images/x.svg"))["Content-Security-Policy"] == "sandbox"
    assert [k for k, _ in sent(apache, True, "/images/x.svg")].count("Content-Security-Policy") == 1


def test_header_files_pass_and_a_weak_policy_or_unhashed_css_fails(tmp_path):
    link = '<link rel="stylesheet" href="/theme/css/site.0123456789.css">'
    files = {"_headers": "", ".htaccess": "", "index.html": PAGE.format(head=link, body="")}

    def findings(name: str, files: dict, security: dict = SECURITY) -> list:
        site = make_site(tmp_path / name, files)
        site.facts = host_rules(security)
        return check_header_files(site)[1]

    assert findings("a", files) == []
    weak = {**SECURITY, "Content-Security-Policy": "default-src 'self'; script-src *"}
    assert "vieraat skriptit" in str(findings("b", files, weak))
    plain = {**files, "index.html": PAGE.format(head=link.replace(".0123456789", ""), body="")}
    assert "tiivistettä" in str(findings("c", plain))
    no_referrer = {k: v for k, v in SECURITY.items() if k != "Referrer-Policy"}
    assert str(findings("d", files, no_referrer)).count("Referrer-Policy puuttuu") == 2
    missing = {"index.html": files["index.html"]}
    assert len(findings("e", missing)) == 2
    unrecorded = check_header_files(make_site(tmp_path / "f", files))[1]  # no build's record
    assert len(unrecorded) == 1 and "cache/tuotokset/" in unrecorded[0].message


# --- what a page read (not loaded in the browser) would fetch and refuse -------------------
OWN = "https://www.example.fi"


def read(head: str = "", body: str = "") -> tuple[list, list]:
    from sitetools.checks.parse import parse_html, read_load

    info = parse_html(PAGE.format(head=head, body=body))
    load = read_load(info, f"{OWN}/blogi/kirjoitus/", lambda url: url.startswith(OWN + "/"))
    return load.requests, load.csp


def test_a_read_page_fetches_its_own_files_and_breaks_no_policy():
    requests, refused = read(
        '<link rel="stylesheet" href="/theme/css/site.abc.css"><link rel="icon" href="/f.ico">'
        '<link rel="alternate" href="https://muualla.example.com/feed.xml">'
        '<script type="application/ld+json">{"@type": "Person"}</script>',
        '<a href="https://muualla.example.com/">linkki</a>'
        '<picture><source srcset="../kuva-640.avif 640w, ../kuva-1280.avif 1280w">'
        '<img src="../kuva.jpg" alt=""></picture>',
    )
    assert refused == []
    assert requests == [
        (f"{OWN}/theme/css/site.abc.css", "link"),
        (f"{OWN}/f.ico", "link"),
        (f"{OWN}/blogi/kuva-640.avif", "source"),
        (f"{OWN}/blogi/kuva-1280.avif", "source"),
        (f"{OWN}/blogi/kuva.jpg", "img"),
    ]  # the feed and the link are addresses, not fetches


def test_a_read_page_names_foreign_fetches_and_inline_markup_as_the_browser_would():
    _requests, refused = read(
        '<link rel="stylesheet" href="https://fontit.example.com/f.css"><style>p{}</style>',
        '<p style="color:red" onclick="x()">t</p><script>alert(1)</script>'
        '<script src="https://seuranta.example.com/laskuri.js"></script>'
        '<iframe src="https://video.example.com/upotus"></iframe><img src="data:image/png,x">',
    )
    assert refused == [
        "style-src-elem https://fontit.example.com/f.css",
        "script-src-elem https://seuranta.example.com/laskuri.js",
        "frame-src https://video.example.com/upotus",
        "img-src data:image/png,x",
        "style-src-elem inline <style>",
        'style-src-attr inline style="color:red"',
        "script-src-attr inline onclick=",
        "script-src-elem inline <script>",
    ]


def test_the_check_server_is_silent_when_the_browser_closes_a_page_mid_answer(tmp_path, capsys):
    from sitetools.checks.server import start_server

    server, _base = start_server(make_site(tmp_path, {"index.html": PAGE}))
    try:
        for error in (ConnectionResetError(104, "Connection reset by peer"), ValueError("vika")):
            try:
                raise error
            except Exception:
                server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.shutdown()
        server.server_close()
    said = capsys.readouterr().err
    assert "ConnectionResetError" not in said
    assert "ValueError: vika" in said  # a fault of the server itself is still shown


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'


def svg_found(tmp_path: Path, data: bytes) -> list[tuple[int | None, str]]:
    """(line, message) of each thing the check's reading of SVG (sitecore.svg) finds."""
    path = tmp_path / "kuva.svg"
    path.write_bytes(data)
    return [(problem.line, problem.message) for problem in svg_problems(path)]


@pytest.mark.parametrize(
    ("inside", "line", "what"),
    [
        ("<script>alert(1)</script>", 2, "<script>"),
        ('<svg:script xmlns:svg="http://www.w3.org/2000/svg">x</svg:script>', 2, "<script>"),
        ("<SCRIPT>alert(1)</SCRIPT>", 2, "<script>"),
        ('<rect\n  width="1"\n  onload="alert(1)"/>', 2, "onload"),
        ('<rect ONCLICK="alert(1)"/>', 2, "onclick"),
        ('<image xlink:href="https://muualla.example/p.png"/>', 2, "viittaus https://muualla"),
        ('<use href="data:image/svg+xml,&lt;svg/&gt;"/>', 2, "viittaus data:image/svg+xml"),
        ('<a href=" javascript:alert(1)"><text>x</text></a>', 2, "viittaus javascript:alert(1)"),
        ('<image href="kuva.png"/>', 2, "viittaus kuva.png"),
        ("<rect style=\"fill: URL( 'https://muualla.example/f' )\"/>", 2, "url(https://muualla"),
        ('<rect fill="url(https://muualla.example/f.svg#a)"/>', 2, "url(https://muualla"),
        ("<style>\n@import url(x.css);\n</style>", 4, "@import"),
        ("<foreignObject><p>x</p></foreignObject>", 2, "<foreignobject>"),
        ("<rect>", 3, "ei ole kelvollista XML:ää"),
    ],
)
def test_an_svg_that_could_run_or_reach_outside_names_the_line(tmp_path, inside, line, what):
    found = svg_found(tmp_path, f"{SVG}{inside}\n</svg>\n".encode())
    assert any(n == line and what in text for n, text in found), found


def test_an_svg_that_stays_inside_itself_passes(tmp_path):
    clean = (
        f'{SVG}<defs><linearGradient id="g"/></defs>\n<rect fill="url(#g)" style="fill:url(#g)"/>'
        '\n<use href="#g"/><use xlink:href=" #g"/>\n<style>rect { fill: url(#g) }</style>\n</svg>'
    )
    assert svg_found(tmp_path, clean.encode()) == []


def test_a_stylesheet_instruction_or_an_entity_bomb_is_named(tmp_path):
    sheet = b'<?xml-stylesheet href="https://muualla.example/x.css"?>\n' + SVG.encode() + b"</svg>"
    assert [(n, "<?xml-stylesheet?>" in text) for n, text in svg_found(tmp_path, sheet)] == [
        (1, True)
    ]
    bomb = (
        b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
        b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
        b'\n<svg xmlns="http://www.w3.org/2000/svg"><text>&h;</text></svg>'
    )
    found = svg_found(tmp_path, bomb)
    assert len(found) == 1 and "ei ole kelvollista XML:ää" in found[0][1], found


def test_an_element_is_found_on_the_line_it_is_written_each_time_it_is_written(tmp_path):
    source = tmp_path / "content" / "x.md"
    source.parent.mkdir()
    source.write_text("Title: x\n\n<b>a</b>\n\n<b>a</b> ja\n<i\n  class='x'>\n", "utf-8")
    site = Site(tmp_path / "output", tmp_path / "content")
    assert [site.line_in("content/x.md", "<b>", nth=n) for n in range(3)] == [3, 5, 5]
    assert site.line_in("content/x.md", "<i\n  class='x'>") == 6
    assert site.line_in("content/x.md", "<u>", "ja") == 5  # the first needle found
    assert site.line_in("content/x.md", "<u>") is None
