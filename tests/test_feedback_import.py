"""`invoke feedback-import kysely.csv`, run as the practitioner runs it, in a project copy:
a survey export (BOM, semicolons, multi-line answers) becomes feedback files that publish
nothing without consent, a second run creates nothing, an existing file is never
overwritten, a bad row is reported with its row number, and the result builds."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import yaml

from support import ROOT, run_invoke, run_pelican

SAMPLE = ROOT / "tests" / "data" / "kysely.csv"


def feedback_import(project: Path, csv_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_invoke(project, "feedback-import", str(csv_path), *extra, timeout=120)


def imported(project: Path) -> dict[str, dict]:
    """The imported files by date (BaseLoader: every value as written, "no" stays "no")."""
    files = sorted((project / "content" / "feedback").glob("*-kysely-*.yaml"))
    return {
        data["date"]: data
        for data in (
            yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) for p in files
        )
    }


def sample_rows() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def test_sample_is_a_realistic_excel_export():
    raw = SAMPLE.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0] and b"\r\n" in raw
    assert any("\n" in cell for row in sample_rows() for cell in row.values())


def test_import_consent_decides_publish_and_bad_rows_are_reported(project_copy):
    proc = feedback_import(project_copy, SAMPLE)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out  # some rows were skipped
    assert (
        "kysely.csv, rivi 6: päivämäärää ”31.6.2026” ei ole olemassa: kesäkuussa on 30 päivää."
        in out
    )
    assert "kysely.csv, rivi 7: palvelua ”Parityönohjaus”" in out
    assert "4 uutta palautetiedostoa" in out and "2 riviä ohitettiin" in out
    files = imported(project_copy)
    publish = {date: (data["publish"], data.get("author")) for date, data in files.items()}
    assert publish == {
        "2026-03-12": ("named", "Esimiesryhmä, sote-ala"),  # "Kyllä, nimellä"
        "2026-04-02": ("anonymous", None),  # "Kyllä, ilman nimeä": the name is not kept
        "2026-05-15": ("statistics", None),  # "Vain tilastoihin"
        "2026-06-20": ("no", None),  # no answer: never published
    }
    group = files["2026-03-12"]
    assert group["service"] == "johdon-tyonohjaus"
    assert group["duration_months"] == "12"
    assert group["benefits"] == [
        {"theme": "johtaminen", "text": "Oma esihenkilötyö sai lisää voimaa"},
        {"theme": "luottamus", "text": "Vertaistuki vahvistui"},
    ]
    assert group["success_factors"] == ["Työnohjaajan kokemus", "Turvallinen ilmapiiri"]
    assert group["quote"].startswith("Ryhmässä huomasin, etten ole yksin: muut")
    assert files["2026-06-20"]["success_factors"] == [
        "Realistiset tavoitteet",
        "Yhteistyön arviointi",
    ]


def test_import_twice_creates_nothing_and_never_overwrites(project_copy):
    folder = project_copy / "content" / "feedback"
    feedback_import(project_copy, SAMPLE)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    proc = feedback_import(project_copy, SAMPLE)
    assert "0 uutta palautetiedostoa" in proc.stdout and "4 oli jo tuotu" in proc.stdout
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    # She edits a file (even its row id line): importing again still leaves it alone.
    edited = next(folder.glob("2026-06-20-kysely-*.yaml"))
    text = "\n".join(edited.read_text(encoding="utf-8").splitlines()[2:]) + "\n# oma huomio\n"
    edited.write_text(text, encoding="utf-8")
    proc = feedback_import(project_copy, SAMPLE)
    assert "0 uutta palautetiedostoa" in proc.stdout
    assert edited.read_text(encoding="utf-8") == text
    assert len(list(folder.glob("*-kysely-*.yaml"))) == 4


def test_imported_files_build_strictly_and_publish_only_what_was_allowed(project_copy, tmp_path):
    feedback_import(project_copy, SAMPLE)
    build = run_pelican(
        project_copy, tmp_path / "output", "publishconf.py", "-e", "FEEDBACK_STRICT=true"
    )
    assert build.returncode == 0, build.output
    page = build.soup("hyodyt/").get_text()
    assert "Ryhmässä huomasin, etten ole yksin" in page
    assert "Opin pysähtymään, ennen kuin sanon kyllä." in page  # anonymous quote
    for path in build.all_files():
        text = path.read_bytes().decode("utf-8", errors="replace")
        for secret in ("Meikäläinen", "Suosittelen lämpimästi", "Kaisa", "Pajulan",
                       "käänteentekevää"):  # fmt: skip
            assert secret not in text, (path, secret)


# Consent answers and the publish value each gives (content/feedback/import-mapping.yaml):
# only "named" keeps the name the client wrote; every other answer, in any letter case,
# unknown or left empty, keeps no name anywhere in content/.
CONSENTS = [
    ("Kyllä, nimellä", "named"),
    ("Kyllä, ilman nimeä", "anonymous"),
    ("KYLLÄ, ILMAN NIMEÄ", "anonymous"),
    ("Vain tilastoihin", "statistics"),
    ("Ei", "no"),
    ("", "no"),
    ("En osaa sanoa", "no"),
]


def test_only_a_client_who_chose_to_be_named_leaves_a_name(project_copy, tmp_path):
    template = sample_rows()[1]  # a valid row ("Kyllä, ilman nimeä")
    consent = "Saako palautteenne julkaista kotisivuillani?"
    author = "Miten saamme mainita teidät palautteen yhteydessä?"
    rows = [
        {**template, "Aikaleima": f"{day}.4.2026 9.00.00", consent: answer, author: f"Nimi{day}"}
        for day, (answer, _) in enumerate(CONSENTS, start=1)
    ]
    export = tmp_path / "luvat.csv"
    with export.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(template), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    proc = feedback_import(project_copy, export)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = imported(project_copy)
    content = "\n".join(
        path.read_text("utf-8", errors="replace")
        for path in (project_copy / "content").rglob("*")
        if path.is_file() and path.suffix in {".yaml", ".md"}
    )
    for day, (answer, publish) in enumerate(CONSENTS, start=1):
        data = files[f"2026-04-{day:02d}"]
        assert data["publish"] == publish, answer
        if publish == "named":
            assert data["author"] == f"Nimi{day}"
        else:
            assert "author" not in data and f"Nimi{day}" not in content, answer


def test_comma_separated_without_bom_and_google_style_choices(project_copy, tmp_path):
    rows = sample_rows()[:1]
    rows[0]["Aikaleima"] = "2026-03-12 14:05:33"
    rows[0]["Mitä hyötyä työnohjauksesta oli?"] = (
        "Vertaistuki vahvistui, Oma esihenkilötyö sai lisää voimaa"
    )
    export = tmp_path / "vienti.csv"
    with export.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=",")
        writer.writeheader()
        writer.writerows(rows)
    assert not export.read_bytes().startswith(b"\xef\xbb\xbf")
    proc = feedback_import(project_copy, export)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (data,) = imported(project_copy).values()
    assert data["publish"] == "named" and data["date"] == "2026-03-12"
    assert [b["theme"] for b in data["benefits"]] == ["luottamus", "johtaminen"]


def test_an_unknown_choice_is_reported_with_its_row(project_copy, tmp_path):
    rows = sample_rows()[:2]
    rows[1]["Mitä hyötyä työnohjauksesta oli?"] = "Oman työn rajat selkiytyivät;Kahvi parani;"
    export = tmp_path / "vienti.csv"
    with export.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    proc = feedback_import(project_copy, export)
    assert proc.returncode == 1
    assert (
        "vienti.csv, rivi 3: sarakkeen ”Mitä hyötyä työnohjauksesta oli?” vastausta "
        "”Kahvi parani”" in proc.stdout
    )
    assert list(imported(project_copy)) == ["2026-03-12"]


def test_a_file_that_is_not_utf8_is_refused_with_advice(project_copy, tmp_path):
    export = tmp_path / "excel.csv"
    export.write_bytes(SAMPLE.read_bytes()[3:].decode("utf-8").encode("cp1252", "replace"))
    proc = feedback_import(project_copy, export)
    assert proc.returncode == 2
    assert "excel.csv, rivi 1: tiedosto ei ole UTF-8-muodossa" in proc.stdout
    assert "CSV UTF-8" in proc.stdout
    assert imported(project_copy) == {}


def test_a_mapped_column_missing_from_the_csv_stops_with_a_did_you_mean(project_copy, tmp_path):
    mapping = project_copy / "content" / "feedback" / "import-mapping.yaml"
    text = mapping.read_text(encoding="utf-8").replace("date: Aikaleima", "date: Aikaleimat")
    mapping.write_text(text, encoding="utf-8")
    proc = feedback_import(project_copy, SAMPLE)
    assert proc.returncode == 2
    assert "saraketta ”Aikaleimat” ei ole tiedostossa kysely.csv" in proc.stdout
    assert "Tarkoititko ”Aikaleima”?" in proc.stdout
    assert imported(project_copy) == {}


# A row the file's own check refuses (the same rules as the build): each is skipped with its
# row number and what to write, in the loader's words. A duration the survey wrote with its
# unit is the number.
ROWS = [
    ({"Aikaleima": "7.12.2099 9.00.00"}, "päivämäärä 2099-12-07 on tulevaisuudessa. Kirjoita"),
    *(
        (
            {"Kuinka monta kuukautta työnohjaus kesti?": months},
            f"kesto ”{months}” ei käy. Kirjoita kuukausien määrä kokonaislukuna 1–120, "
            "esimerkiksi duration_months: 12.",
        )
        for months in ("0", "121", "1000", "paljon", "-3")
    ),
    ({"Kuinka monta kuukautta työnohjaus kesti?": "12 kk"}, None),
    ({"Kuinka monta kuukautta työnohjaus kesti?": "3 kuukautta"}, None),
    ({"Kuinka monta kuukautta työnohjaus kesti?": "120"}, None),
]


def test_a_row_the_file_check_refuses_is_skipped_with_its_row_and_what_to_write(
    project_copy, tmp_path
):
    template = sample_rows()[1]  # a valid row ("Kyllä, ilman nimeä")
    export = tmp_path / "rajat.csv"
    with export.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(template), delimiter=";")
        writer.writeheader()
        writer.writerows(
            {**template, "Aikaleima": f"{day}.4.2026 9.00.00", **change}
            for day, (change, _) in enumerate(ROWS, start=1)
        )
    proc = feedback_import(project_copy, export)
    assert proc.returncode == 1
    for number, (_, said) in enumerate(ROWS, start=2):
        if said:
            assert f"Ohitettu: rajat.csv, rivi {number}: {said}" in proc.stdout, proc.stdout
    months = sorted(int(data["duration_months"]) for data in imported(project_copy).values())
    assert months == [3, 12, 120]
