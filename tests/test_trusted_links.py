"""Links she can trust. An address copied from the preview stops every build (the preview,
`invoke build`, `invoke check` and so publish) with the site's own address to write instead;
`invoke build` warns about a broken link she wrote, names a picture written in other
letter case, and counts only her own files; the preview warns about no link she never wrote."""

from __future__ import annotations

import pytest

from sitetools.checks.server import free_port
from support import Preview, run_invoke

POST = "content/blogi/2015-03-17-kun-tyo-kuormittaa.md"
NEW = "content/blogi/2024-02-01-kokeilu.md"


def said(proc) -> str:
    return proc.stdout + proc.stderr


def add_line(project, text: str, file: str = POST) -> int:
    """Append text to file as a paragraph of its own; the line it is on."""
    path = project / file
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n") + ["", text]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


# (written, the site's own address, how): every host the preview can be reached at
COPIED = [
    (
        "http://localhost:8000/blogi/kun-tyo-kuormittaa-tunnekuorman-purkaminen/",
        "/blogi/kun-tyo-kuormittaa-tunnekuorman-purkaminen/",
        "[linkki]({})",
    ),
    ("http://127.0.0.1:8000/hinnat/#arvonlisavero", "/hinnat/#arvonlisavero", "[linkki]({})"),
    ("http://localhost/yhteystiedot/", "/yhteystiedot/", "[linkki]({})"),
    ("http://[::1]:8000/palvelut/", "/palvelut/", "[linkki]({})"),
    ("http://0.0.0.0:8000/", "/", "[linkki]({})"),
    ("https://LOCALHOST:8001/blogi/", "/blogi/", "[linkki]({})"),
    # a picture, an autolink and a reference, as she may have pasted one
    ("http://localhost:8000/images/jakokuva.png", "/images/jakokuva.png", "![Kuva]({})"),
    ("http://127.0.0.1:8000/palvelut/", "/palvelut/", "<{}>"),
    ("http://localhost:8000/hinnat/", "/hinnat/", "[hinnat]\n\n[hinnat]: {}"),
]


@pytest.mark.parametrize(("copied", "own", "form"), COPIED, ids=[c[0] for c in COPIED])
def test_an_address_copied_from_the_preview_stops_the_build(project_copy, copied, own, form):
    line = add_line(project_copy, form.format(copied))
    line += form.count("\n")
    built = run_invoke(project_copy, "build")
    assert built.returncode == 1, said(built)
    expected = f"Virhe: {POST}, rivi {line}: osoite {copied}"
    assert expected in built.stderr, said(built)
    assert f"Kirjoita sen tilalle sivuston oma osoite {own}" in built.stderr, said(built)
    assert not (project_copy / "output").exists()


def test_check_and_the_preview_stop_too(project_copy):
    line = add_line(project_copy, "[Hinnat](http://localhost:8000/hinnat/)")
    expected = f"{POST}, rivi {line}: osoite http://localhost:8000/hinnat/ on esikatselun"
    checked = run_invoke(project_copy, "check", "--only", "links")
    assert checked.returncode == 1 and expected in checked.stderr, said(checked)
    preview = Preview(project_copy, "--port", str(free_port()))
    try:
        assert any(expected in line for line in preview.next_build()), preview.seen
        assert "Virheilmoitus näkyy myös selaimessa" in preview.seen[-1]
    finally:
        preview.stop()


# A broken link she wrote: `invoke build` warns (and builds), with the line and a guess.
BROKEN = [
    ("[vanha](/blogi/poistettu-kirjoitus/)", "ei vie mihinkään"),
    ("[alv](/hinnat/#ei-tallaista)", "vie sivulle /hinnat/, mutta siellä ei ole kohtaa"),
    ("[kuva](/images/Jakokuva.png)", "Tarkoititko ”/images/jakokuva.png”?"),
    ("[kuva](/Images/jakokuva.png)", "Tarkoititko ”/images/jakokuva.png”?"),
    ("[hinnat](/Hinnat/)", "Tarkoititko ”/hinnat/”?"),
]


@pytest.mark.parametrize(("written", "expected"), BROKEN, ids=[w for w, _ in BROKEN])
def test_invoke_build_warns_about_a_broken_link_she_wrote(project_copy, written, expected):
    line = add_line(project_copy, written)
    built = run_invoke(project_copy, "build")
    assert built.returncode == 0, said(built)
    warning = next((x for x in built.stderr.splitlines() if f"{POST}, rivi {line}:" in x), "")
    assert warning.strip().startswith("Varoitus:") and expected in warning, said(built)


@pytest.mark.parametrize(
    "written",
    [
        "![Järvi](/images/Jakokuva.png)",
        "![Järvi](/IMAGES/jakokuva.png)",
        "![Järvi]({static}/images/JAKOKUVA.png)",
    ],
)
def test_a_picture_in_other_letter_case_is_named(project_copy, written):
    line = add_line(project_copy, written)
    built = run_invoke(project_copy, "build")
    assert built.returncode == 1, said(built)
    assert f"Virhe: {POST}, rivi {line}: kuvaa" in built.stderr, said(built)
    assert "Tarkoititko jakokuva.png? " in built.stderr, said(built)
    assert "![Kuvan kuvaus](/images/jakokuva.png)" in built.stderr, said(built)


@pytest.mark.parametrize("others", [1, 2])
def test_the_same_broken_link_names_only_her_other_files(project_copy, others):
    """Written in several posts, the link is also in the blog's lists and feeds: those she
    never sees, so the finding names the other posts she wrote it in, and nothing else."""
    posts = sorted((project_copy / "content" / "blogi").glob("*.md"))[: others + 1]
    for post in posts:
        add_line(project_copy, "[vanha](/blogi/poistettu/)", post.relative_to(project_copy))
    checked = run_invoke(project_copy, "check", "--only", "links")
    assert checked.returncode == 1, said(checked)
    found = [x for x in checked.stdout.splitlines() if "”/blogi/poistettu/”" in x]
    assert len(found) == 1, said(checked)
    names = [p.relative_to(project_copy).as_posix() for p in posts]
    first = next(name for name in names if found[0].startswith(f"  - {name}, rivi "))
    rest = ", ".join(sorted(set(names) - {first}))
    files = "tiedostossa" if others == 1 else "tiedostoissa"
    assert found[0].endswith(f"Sama linkki on myös {files} {rest}."), found


def test_the_preview_warns_only_about_links_she_wrote(project_copy):
    """A draft in a new category and tag: the theme links to their pages, which only exist
    once the draft is published. Not her links: no warning. Her own broken link: one."""
    (project_copy / NEW).write_text(
        "Title: Luonnos uudesta aiheesta\nDate: 2024-02-01\nCategory: Uusi kategoria\n"
        "Tags: aivan uusi aihe\nStatus: draft\n\nTeksti, jossa [rikki](/ei-ole/).\n",
        encoding="utf-8",
    )
    preview = Preview(project_copy, "--port", str(free_port()))
    try:
        lines = preview.next_build()
    finally:
        preview.stop()
    warnings = [line for line in lines if "Varoitus:" in line]
    assert len(warnings) == 1 and f"{NEW}, rivi 7: linkki ”/ei-ole/”" in warnings[0], lines
