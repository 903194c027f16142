"""The content guard's checks on single files, without a build (milliseconds each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.content_guard.addresses import Rules
from plugins.content_guard.content_guard import check_file
from sitecore import settings as site_settings
from sitecore.metadata import parse_header
from sitecore.problems import NOT_UTF8, NotUtf8, Problem, read_utf8

BODY = "\n\nTyönohjauksessa pysähdytään oman työn äärelle.\n"
RULES = Rules.from_settings(site_settings.load())  # the project's own settings and templates


def problems_of(tmp_path: Path, text: bytes, kind: str = "article") -> list[Problem]:
    path = tmp_path / "kirjoitus.md"
    path.write_bytes(text)
    return check_file(path, kind, RULES)


def test_a_good_post_has_no_problems(tmp_path):
    text = "Title: Kevät\nDate: 2024-05-31 10:00\nCategory: Ajankohtaista" + BODY
    assert problems_of(tmp_path, text.encode()) == []


@pytest.mark.parametrize(
    ("header", "line", "advice"),
    [
        ("Title: Kevät\nDate: 2013-13-45", 2, "Date: 2024-05-31"),
        ("Title: Kevät\nCategory: A\nDate: 31.5.2013", 3, "Date: 2013-05-31"),
        ("Title: Kevät\nDate: 31.5.2013 klo 9.30", 2, "Date: 2013-05-31 09:30"),
        ("Date: 2013-06-01", 1, "Title:"),
        ("Title: Kevät\nDate: 2013-06-01\nStatus: julkaistu", 3, "Status: published"),
    ],
)
def test_each_mistake_names_its_line_and_what_to_write(tmp_path, header, line, advice):
    found = problems_of(tmp_path, (header + BODY).encode())
    assert found, header
    assert found[0].line == line
    assert advice in found[0].message


@pytest.mark.parametrize(
    ("header", "line", "advice"),
    [
        ("Title: Kevät\nDate: 2013-06-01\nSlug: Kevään juttu", 3, "Slug: kevaan-juttu"),
        ("Title: Kevät\nDate: 2013-06-01\nSlug: ../x", 3, "Slug: kevat"),
        ("Title: Kevät\nDate: 2013-06-01\nSave_as: /etc/x.html", 3, "Save_as: kevat/index.html"),
        ("Title: Kevät\nDate: 2013-06-01\nTemplate: palvelu", 3, "Template: service"),
        ("Title: Kevät\nDate: 2013-06-01\nCatgory: A", 3, "Tarkoititko Category?"),
        (f"Title: {'Pitkä otsikko ' * 20}\nDate: 2013-06-01", 1, "Slug: pitka-otsikko"),
        ("Title: Kevät\nDate: 2013-06-01\nModified: 2999-01-01", 3, "tulevaisuudessa"),
    ],
)
def test_each_address_mistake_names_its_line_and_what_to_write(tmp_path, header, line, advice):
    found = problems_of(tmp_path, (header + BODY).encode())
    assert [p.line for p in found] == [line], found
    assert advice in found[0].message


def test_good_addresses_pass(tmp_path):
    header = "Title: Kevät\nDate: 2013-06-01\nSlug: kevat_2013\nSave_as: kevat/index.html"
    assert (
        problems_of(tmp_path, (header + "\nTemplate: article\nExample: true" + BODY).encode()) == []
    )


def test_text_that_is_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    text = "Title: Kevät\nDate: 2013-06-01\n\nEnsimmäinen rivi\nÄäkkönen"
    found = problems_of(tmp_path, text.encode("latin-1"))
    assert [p.line for p in found] == [1]
    assert found[0].message == NOT_UTF8  # the words every reader of her files says it in
    assert "Tallenna tiedosto tekstieditorissa muodossa UTF-8" in NOT_UTF8
    path = tmp_path / "b.md"
    path.write_bytes("a\nb\nää".encode("latin-1"))
    with pytest.raises(NotUtf8) as err:
        read_utf8(path)
    assert err.value.line == 3


def test_header_reader_keeps_line_numbers_and_continuations():
    header = parse_header("Title: Otsikko\nSummary: alku\n    jatko\nTags: a, b\n\nTeksti: ei\n")
    assert header.fields == {
        "title": (1, "Otsikko"),
        "summary": (2, "alku jatko"),
        "tags": (4, "a, b"),
    }
    assert header.get("missing", "-") == "-"


@pytest.mark.parametrize(
    ("text", "repeated"),
    [
        ("Status: published\nTitle: T\nStatus: draft\n", [("status", 1, 3)]),
        ("Status: draft\nstatus: published\n", [("status", 1, 2)]),
        ("Example: false\n   EXAMPLE: true\n", [("example", 1, 2)]),
        ("Tags: a\n    b\nTags: c\n    d\nTags: e\n", [("tags", 1, 3), ("tags", 1, 5)]),
        ("Title: T\n\nTitle: teksti\n", []),  # the body is not the header
    ],
)
def test_a_key_given_twice_is_kept_with_both_lines_and_the_first_value(text, repeated):
    header = parse_header(text)
    assert header.repeated == repeated
    for key, first, _again in repeated:
        assert header.fields[key][0] == first
    if repeated and repeated[0][0] == "tags":
        assert header.get("tags") == "a b"  # the continuations of a repeat are not added


def test_problem_shows_a_path_relative_to_the_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    problem = Problem(tmp_path / "content" / "x.md", 3, "korjaa tämä")
    assert str(problem) == "content/x.md, rivi 3: korjaa tämä"
    assert str(Problem(Path("/elsewhere/x.md"), None, "viesti")) == "/elsewhere/x.md: viesti"


def test_example_mark_takes_true_or_false_only(tmp_path):
    head = "Title: Kevät\nDate: 2024-05-31\n"
    assert problems_of(tmp_path, (head + "Example: true" + BODY).encode()) == []
    assert problems_of(tmp_path, (head + "Example: False" + BODY).encode()) == []
    (problem,) = problems_of(tmp_path, (head + "Example: kyllä" + BODY).encode())
    assert problem.line == 3 and "Example: true" in problem.message


def test_an_unknown_field_in_a_draft_is_a_warning_until_it_goes_public(tmp_path, caplog):
    draft = "Title: Kevät\nDate: 2013-06-01\nKategoria: A\nStatus: draft" + BODY
    assert problems_of(tmp_path, draft.encode()) == []
    assert "rivi 3: tuntematon kenttä ”kategoria”. Tarkoititko Category?" in caplog.text
    public = draft.replace("Status: draft", "Status: hidden")
    (problem,) = problems_of(tmp_path, public.encode())
    assert problem.line == 3 and "Tarkoititko Category?" in problem.message


HEAD = "Title: Kevät\nDate: 2024-05-31\n\n"


@pytest.mark.parametrize(
    ("written", "own"),
    [
        ("Katso [hinnat](http://localhost:8000/hinnat/).", "/hinnat/"),
        ("Osoite on http://127.0.0.1:8000/blogi/?sivu=2.", "/blogi/?sivu=2"),
        ("[Alkuun](//localhost:8000#sisalto)", "/#sisalto"),
    ],
)
def test_an_address_copied_from_the_preview_is_named_with_the_own_one(tmp_path, written, own):
    (found,) = problems_of(tmp_path, f"{HEAD}Teksti.\n\n{written}\n".encode())
    assert found.line == 6 and found.message.endswith(f"sivuston oma osoite {own}"), found


@pytest.mark.parametrize(
    "written",
    [
        "<!--\nEsikatselu: http://localhost:8000/luonnokset/kevat/\n-->",
        "[Kumppani](https://localhost.example.fi/) ja [toinen](https://example.fi/localhost/)",
        "Palvelin 127.0.0.1 ja localhost ilman osoitetta.",
    ],
)
def test_what_is_no_preview_address_passes(tmp_path, written):
    assert problems_of(tmp_path, f"{HEAD}{written}\n".encode()) == []


@pytest.mark.parametrize(
    ("field", "label"),
    [("Tags: ???", "aiheen"), ("Tags: työnohjaus, ?!", "aiheen"), ("Category: !!!", "kategorian")],
)
def test_a_tag_or_category_without_letters_is_named(tmp_path, field, label):
    (found,) = problems_of(tmp_path, f"Title: Kevät\nDate: 2024-05-31\n{field}{BODY}".encode())
    assert found.line == 3 and found.message.startswith(f"{label} nimestä"), found
    assert "ei voi tehdä osoitetta" in found.message, found
