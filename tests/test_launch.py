"""The launch guard as the practitioner meets it: `invoke publish` on the shipped project
refuses before building or connecting and names every placeholder and example; once she
has filled everything in, the guard and its `invoke check` line are silent."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_publish_refuses_the_shipped_site_before_building_or_connecting(project_copy):
    proc = run_invoke(project_copy, "publish", "--target", "ei-ole-palvelinta:/srv/www/")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "Traceback" not in output
    assert "Sivusto ei ole vielä valmis julkaistavaksi" in output
    assert "Mitään ei rakennettu eikä lähetetty" in output
    assert "Rakennetaan" not in output and "ei-ole-palvelinta" not in output
    assert not (project_copy / "output").exists()
    items = listed(output)
    conf = "\n".join(item for item in items if item.startswith("pelicanconf.py, rivi "))
    for shipped in ("Maija Esimerkki", "maija@example.fi", "+358 40 123 4567", "1234567-8"):
        assert shipped in conf, output
    for gap in ("[paikkakunta]", "[hinta €]", "[lokien säilytysaika"):
        assert gap in conf, output
    siteurl = next(item for item in items if item.startswith("publishconf.py, rivi "))
    assert "https://www.example.fi" in siteurl and "SITEURL" in siteurl
    examples = sorted(
        item.split(",")[0] for item in items if "on esimerkki (Example: true)" in item
    )
    assert examples == EXAMPLE_FILES
    for item in items:  # every item says where, on which line, and what to write
        assert re.match(r"^\S+\.py, rivi \d+: |^content/\S+\.md, rivi \d+: ", item), item
        assert "Kirjoita" in item or "Kopioi" in item, item


def test_the_filled_in_project_passes_the_guard_and_its_check_line(tmp_path):
    shipped = copy_project(tmp_path / "shipped")
    ready = make_launch_ready(copy_project(tmp_path / "ready"))
    (tmp_path / "site").mkdir()  # the launch line reads the project, not the built site

    report = check_site(tmp_path / "site", shipped / "content", ["launch"])
    (line,) = report.lines()[:1]
    assert line.startswith("VIRHE Valmis julkaistavaksi"), report.lines()
    assert len(report.failures) == len(findings(shipped)) > 20

    assert findings(ready) == []
    report = check_site(tmp_path / "site", ready / "content", ["launch"])
    assert report.ok and report.lines() == ["OK    Valmis julkaistavaksi: omat tiedot täytetty"]


def test_a_wrong_check_digit_in_her_business_id_is_caught(tmp_path):
    project = make_launch_ready(copy_project(tmp_path / "project"))
    conf = project / "pelicanconf.py"
    right = OWN_DETAILS["business_id"]
    wrong = right[:-1] + str((int(right[-1]) + 1) % 10)
    conf.write_text(conf.read_text(encoding="utf-8").replace(right, wrong), encoding="utf-8")
    (finding,) = findings(project)
    assert finding.where.startswith("pelicanconf.py, rivi ")
    assert wrong in finding.message and "tarkistusnumero ei täsmää" in finding.message


def test_an_example_left_in_a_filled_in_project_is_named(tmp_path):
    project = make_launch_ready(copy_project(tmp_path / "project"))
    page: Path = project / "content" / "sivut" / "minusta.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n\n", "\nExample: true\n\n", 1), encoding="utf-8")
    (finding,) = findings(project)
    assert str(finding).startswith("content/sivut/minusta.md, rivi 4: sivu on esimerkki")
