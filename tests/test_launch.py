"""The launch guard as the practitioner meets it: `invoke publish` on the shipped project
refuses before building or connecting and names every placeholder and example on its first
run; once she has filled everything in, the guard and its `invoke check` line are silent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitecore.feedback import feedback_files
from sitecore.plural import plural
from sitetools.check import check_site
from sitetools.launch_guard import findings
from support import OWN_DETAILS, copy_project, make_launch_ready, run_invoke

EXAMPLE_FILES = [
    "content/blogi/2013-09-12-mita-tyonohjauksessa-tapahtuu.md",
    "content/blogi/2014-02-20-esimies-kenen-kanssa-sina-puhut.md",
    "content/blogi/2014-10-08-tyoyhteiso-muutoksessa.md",
    "content/blogi/2015-03-17-kun-tyo-kuormittaa.md",
    "content/sivut/etusivu.md",
    "content/sivut/hinnat.md",
    "content/sivut/johdon-tyonohjaus.md",
    "content/sivut/minusta.md",
    "content/sivut/palvelut.md",
    "content/sivut/tyoyhteison-tyonohjaus.md",
    "content/sivut/yhteystiedot.md",
    "content/sivut/yksilotyonohjaus.md",
]


def listed(output: str) -> list[str]:
    return [line[4:] for line in output.splitlines() if line.startswith("  - ")]


def lineless(item: str) -> str:
    """An item without its line number (removing a line moves the ones below it)."""
    return re.sub(r", rivi \d+:", ":", item)


def publish(project: Path) -> tuple[str, list[str]]:
    proc = run_invoke(project, "publish", "--target", "ei-ole-palvelinta:/srv/www/")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "Traceback" not in output, output
    assert "Mitään ei rakennettu eikä lähetetty" in output
    assert "Rakennetaan" not in output and "ei-ole-palvelinta" not in output
    assert not (project / "output").exists()
    return output, listed(output)


def test_publish_refuses_the_shipped_site_listing_everything_at_once(tmp_path):
    project = copy_project(tmp_path / "project", image_cache=False)
    output, items = publish(project)
    count = plural(len(items), "kohta", "kohtaa")
    assert f"Sivusto ei ole vielä valmis julkaistavaksi: {count} on vielä korjattava." in output
    details = "\n".join(item for item in items if item.startswith("tiedot.yaml, rivi "))
    for shipped in ("Maija Esimerkki", "maija@example.fi", "+358 40 123 4567", "1234567-8"):
        assert shipped in details, output
    for gap in ("[paikkakunta]", "[hinta €]", "[lokien säilytysaika", "[30 min]"):
        assert gap in details, output
    assert "sivusto, osoite: ”https://www.example.fi” on malliosoite" in details
    examples = sorted(
        item.split(",")[0] for item in items if "on esimerkki (Example: true)" in item
    )
    assert examples == EXAMPLE_FILES
    for item in items:  # every item says where, on which line, and what to write
        assert re.match(r"^tiedot\.yaml, rivi \d+: |^content/\S+\.md, rivi \d+: ", item), item
        assert "kirjoita" in item.lower() or "Kopioi" in item, item

    # Her examples made her own by removing the marks: nothing new comes up.
    for source in EXAMPLE_FILES:
        path = project / source
        path.write_text(path.read_text("utf-8").replace("\nExample: true\n", "\n"), "utf-8")
    _, again = publish(project)
    unmarked = [item for item in items if "on esimerkki (Example: true)" not in item]
    assert again and sorted(map(lineless, again)) == sorted(map(lineless, unmarked))
    assert any("muotokuva-paikkamerkki.jpg" in item for item in again)


def test_the_filled_in_project_passes_the_guard_and_its_check_line(tmp_path):
    shipped = copy_project(tmp_path / "shipped", image_cache=False)
    ready = make_launch_ready(copy_project(tmp_path / "ready", image_cache=False))
    (tmp_path / "site").mkdir()  # the launch line reads the project, not the built site

    report = check_site(tmp_path / "site", shipped / "content", ["launch"])
    (line,) = report.lines()[:1]
    count = len(findings(shipped))
    assert line.startswith(
        f"VIRHE Valmis julkaistavaksi: {plural(count, 'kohta', 'kohtaa')} korjattavana"
    ), report.lines()
    assert len(report.failures) == count > 20

    assert findings(ready) == []
    report = check_site(tmp_path / "site", ready / "content", ["launch"])
    assert report.ok and report.lines() == ["OK    Valmis julkaistavaksi: omat tiedot täytetty"]


@pytest.fixture(scope="module")
def ready(tmp_path_factory) -> Path:
    return make_launch_ready(copy_project(tmp_path_factory.mktemp("valmis"), image_cache=False))


def with_details(project: Path, old: str, new: str) -> int:
    """Her tiedot.yaml with one line changed (a launch-ready one); the line's number."""
    own = project / "tiedot.yaml"
    text = own.read_text("utf-8").replace("\n" + old + "\n", "\n" + new + "\n", 1)
    assert new in text, old
    own.write_text(text, encoding="utf-8")
    return text.splitlines().index(new) + 1


def restore(project: Path) -> None:
    from support import own_details

    (project / "tiedot.yaml").write_text(own_details(), encoding="utf-8")


@pytest.mark.parametrize(
    "old, new, says",
    [
        ("paikkakunta: Oulu", 'paikkakunta: ""', "paikkakunta puuttuu: palveluntarjoajan"),
        ("paikkakunta: Oulu", "paikkakunta:", "paikkakunta puuttuu: palveluntarjoajan"),
        ("paikkakunta: Oulu", 'paikkakunta: "[kotikunta]"', "”[kotikunta]” on vielä paikka"),
        (f"sähköposti: {OWN_DETAILS['email']}", 'sähköposti: ""', "sähköposti puuttuu"),
        (f"y-tunnus: {OWN_DETAILS['business_id']}", 'y-tunnus: ""', "y-tunnus puuttuu"),
        ("  lokit: 30 päivää", '  lokit: ""', "tietosuoja, lokit puuttuu"),
        ("  osoite: https://www.tyonohjaus-testi.fi", "  osoite: https://example.com", "malli"),
        ("  palvelu: Testihotelli Oy", '  palvelu: "[webhotelli]"', "”[webhotelli]” on vielä"),
        ("  maa: SE", "  maa:", "sähköpostipalvelu, maa puuttuu: tietosuojaseloste kertoo"),
        ("  palvelu: Testikysely GmbH", "  palvelu:", "kysely, palvelu puuttuu: sivustolla julk"),
        ("  säilytys: 3 kuukautta", '  säilytys: ""', "kysely, säilytys puuttuu"),
    ],
)
def test_a_missing_or_sample_detail_is_named_with_its_line(ready, old, new, says):
    line = with_details(ready, old, new)
    try:
        output, items = publish(ready)
    finally:
        restore(ready)
    assert "1 kohta on vielä korjattava." in output, output
    assert items[0].startswith(f"tiedot.yaml, rivi {line}: ") and says in items[0], output
    assert "Kirjoita" in items[0]


def test_a_municipality_left_out_altogether_is_asked_for(ready):
    with_details(ready, "paikkakunta: Oulu", "# ei paikkakuntaa")
    try:
        (finding,) = findings(ready)
    finally:
        restore(ready)
    assert finding.where == "tiedot.yaml" and "paikkakunta: Tampere" in finding.message


@pytest.mark.parametrize("digit", [d for d in "0123456789" if d != "2"])
def test_a_wrong_check_digit_in_her_business_id_is_caught(ready, digit):
    right = OWN_DETAILS["business_id"]
    wrong = right[:-1] + digit
    line = with_details(ready, f"y-tunnus: {right}", f"y-tunnus: {wrong}")
    try:
        (finding,) = findings(ready)
    finally:
        restore(ready)
    assert finding.where == f"tiedot.yaml, rivi {line}"
    assert wrong in finding.message and "tarkistusnumero ei täsmää" in finding.message


def test_an_example_left_in_a_filled_in_project_is_named(tmp_path):
    project = make_launch_ready(copy_project(tmp_path / "project", image_cache=False))
    page: Path = project / "content" / "sivut" / "minusta.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n\n", "\nExample: true\n\n", 1), encoding="utf-8")
    (finding,) = findings(project)
    assert str(finding).startswith("content/sivut/minusta.md, rivi 4: sivu on esimerkki")


@pytest.mark.parametrize(
    "feedback, asked",
    [
        ("publish: anonymous\nquote: Hyvä.\n", True),
        ("publish: statistics\nquote: Hyvä.\n", False),
        ("publish: named\nauthor: Keksitty\nexample: true\n", False),
    ],
)
def test_the_survey_tool_is_asked_for_only_when_a_clients_words_are_published(
    ready, feedback, asked
):
    line = with_details(ready, "  palvelu: Testikysely GmbH", '  palvelu: ""')
    folder = ready / "content" / "feedback"
    kept = {path: path.read_bytes() for path in feedback_files(folder)}
    for path in kept:
        path.unlink()
    (folder / "palaute.yaml").write_text(f"date: 2024-03-21\n{feedback}", encoding="utf-8")
    try:
        found = [str(finding) for finding in findings(ready)]
    finally:
        restore(ready)
        (folder / "palaute.yaml").unlink()
        for path, data in kept.items():
            path.write_bytes(data)
    survey = f"tiedot.yaml, rivi {line}: kysely, palvelu puuttuu: sivustolla julkaistaan"
    assert [item.startswith(survey) for item in found] == ([True] if asked else []), found
