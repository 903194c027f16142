"""The feedback file contract (content/feedback/README.md), checked without a build: every
publish value, every kind of bad input and the Finnish message it gets (file, line, what to
write instead), and the publishing rules of the aggregation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.feedback.aggregate import elative, featured, merge, summarize
from plugins.feedback.chart import bar_chart
from sitecore.feedback import load_file, load_folder, load_themes, shows_feedback

TODAY = dt.date(2026, 11, 25)
SERVICES = ["johdon-tyonohjaus", "tyoyhteison-tyonohjaus", "yksilotyonohjaus"]
THEMES = """\
- key: johtaminen
  label: Esimiestyö ja johtaminen
- key: luottamus
  label: Luottamus ja yhteistyö
  description: Työryhmässä puhutaan avoimemmin.
"""
GOOD = """\
author: Esimiesryhmä, kunta-ala
date: 2013-05-31
service: johdon-tyonohjaus
duration_months: 12
publish: named
featured: true
quote: |
  Vertaistuki vahvistui.
benefits:
  - theme: johtaminen
    text: Oma esimiestyö sai lisää voimaa
success_factors:
  - Työnohjaajan kokemus
improvements:
  - Tapaamisia vähintään kerran kuussa
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "themes.yaml").write_text(THEMES, encoding="utf-8")
    return tmp_path


def load(folder: Path, text: str | bytes, name: str = "palaute.yaml"):
    path = folder / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    themes, problems = load_themes(folder / "themes.yaml")
    assert not problems
    return load_file(path, [t.key for t in themes], SERVICES, TODAY)


def replace(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def test_a_complete_file_is_read_field_by_field(folder):
    item, problems = load(folder, GOOD)
    assert problems == []
    assert item.author == "Esimiesryhmä, kunta-ala"
    assert item.date == dt.date(2013, 5, 31)
    assert item.service == "johdon-tyonohjaus"
    assert item.duration_months == 12
    assert item.publish == "named"
    assert item.featured is True
    assert item.quote == "Vertaistuki vahvistui."
    assert [(b.theme, b.text) for b in item.benefits] == [
        ("johtaminen", "Oma esimiestyö sai lisää voimaa")
    ]
    assert item.success_factors == ["Työnohjaajan kokemus"]
    assert item.improvements == ["Tapaamisia vähintään kerran kuussa"]


@pytest.mark.parametrize(
    "written, meant",
    [
        ("named", "named"),
        ("anonymous", "anonymous"),
        ("statistics", "statistics"),
        ("no", "no"),  # YAML 1.1 would make this False
        ('"no"', "no"),
        ("NO", None),
    ],
)
def test_each_publish_value(folder, written, meant):
    item, problems = load(folder, replace("publish: named", f"publish: {written}"))
    if meant is None:
        assert item is None and problems
    else:
        assert problems == [] and item.publish == meant


@pytest.mark.parametrize("written", ["yes", "true", "True", "on", "julkinen", "[named]"])
def test_publish_yes_or_anything_else_is_refused_with_the_allowed_values(folder, written):
    item, problems = load(folder, replace("publish: named", f"publish: {written}"))
    assert item is None
    (problem,) = problems
    assert problem.line == 5
    assert problem.path.name == "palaute.yaml"
    for allowed in ("publish: named", "publish: anonymous", "publish: statistics", "publish: no"):
        assert allowed in problem.message


def test_missing_publish_is_refused(folder):
    item, problems = load(folder, replace("publish: named\n", ""))
    assert item is None
    assert any("publish puuttuu" in p.message and "publish: no" in p.message for p in problems)


def test_named_without_author_says_to_add_one_or_publish_anonymously(folder):
    item, problems = load(folder, replace("author: Esimiesryhmä, kunta-ala\n", ""))
    assert item is None
    (problem,) = problems
    assert problem.line == 4  # the publish line, once author is gone
    assert "author:" in problem.message and "publish: anonymous" in problem.message


def test_anonymous_and_statistics_need_no_author(folder):
    for publish in ("anonymous", "statistics", "no"):
        text = replace("author: Esimiesryhmä, kunta-ala\n", "").replace(
            "publish: named", f"publish: {publish}"
        )
        item, problems = load(folder, text)
        assert problems == [] and item.author == ""


def test_invalid_yaml_names_the_line(folder):
    text = replace("    text: Oma esimiestyö", "     text: Oma esimiestyö")  # one space too many
    item, problems = load(folder, text)
    assert item is None
    (problem,) = problems
    assert problem.line == 11
    assert "YAML" in problem.message and "sisennykset" in problem.message


def test_a_colon_in_an_unquoted_text_is_explained(folder):
    item, problems = load(folder, replace("quote: |\n  Vertaistuki", "quote: Hyöty: vertaistuki"))
    assert item is None
    assert "lainausmerkkeihin" in problems[0].message


@pytest.mark.parametrize(
    "key, guess",
    [("qoute", "quote"), ("Publish", "publish"), ("sucess_factors", "success_factors")],
)
def test_unknown_key_gets_a_did_you_mean(folder, key, guess):
    item, problems = load(folder, GOOD + f"{key}: jotain\n")
    assert item is None
    problem = next(p for p in problems if key in p.message)
    assert problem.line == 16
    assert f"Tarkoititko ”{guess}”?" in problem.message


def test_unknown_theme_gets_a_did_you_mean_and_the_list(folder):
    item, problems = load(folder, replace("theme: johtaminen", "theme: johtamnen"))
    assert item is None
    (problem,) = problems
    assert problem.line == 10
    assert "Tarkoititko ”johtaminen”?" in problem.message
    assert "johtaminen, luottamus" in problem.message and "themes.yaml" in problem.message


def test_service_without_a_page_lists_the_pages(folder):
    item, problems = load(folder, replace("service: johdon-tyonohjaus", "service: johdon-ohjaus"))
    assert item is None
    (problem,) = problems
    assert problem.line == 3
    assert "Tarkoititko ”johdon-tyonohjaus”?" in problem.message
    for slug in SERVICES:
        assert slug in problem.message


@pytest.mark.parametrize(
    "old, new, line, advice",
    [
        ("duration_months: 12", "duration_months: kaksitoista", 4, "duration_months: 12"),
        ("duration_months: 12", "duration_months: 0", 4, "1–120"),
        ("duration_months: 12", "duration_months: 121", 4, "1–120"),
        ("duration_months: 12", "duration_months: true", 4, "kokonaislukuna"),
        ("duration_months: 12", "duration_months: 1.5", 4, "kokonaislukuna"),
        ("featured: true", "featured: joo", 6, "featured: true"),
        ("author: Esimiesryhmä, kunta-ala", "author: 42", 1, "author: Esimiesryhmä"),
        (
            "success_factors:\n  - Työnohjaajan kokemus",
            "success_factors: Työnohjaajan kokemus",
            12,
            "- Työnohjaajan kokemus",
        ),
        ("  - theme: johtaminen\n    text:", "  - theme: johtaminen\n    txt:", 11, "”text”"),
        ("benefits:\n  - theme", "benefits: johtaminen\nx:\n  - theme", 9, "luettelo"),
    ],
)
def test_wrong_types_name_the_line_and_the_right_form(folder, old, new, line, advice):
    item, problems = load(folder, replace(old, new))
    assert item is None
    assert any(p.line == line and advice in p.message for p in problems), problems


def test_date_in_the_future_is_refused(folder):
    item, problems = load(folder, replace("date: 2013-05-31", "date: 2026-11-26"))
    assert item is None
    (problem,) = problems
    assert problem.line == 2 and "tulevaisuudessa" in problem.message
    assert "date: 2026-11-25" in problem.message


@pytest.mark.parametrize("written", ["31.5.2013", "2013-02-30", "toukokuu"])
def test_a_date_that_is_not_a_date_is_refused(folder, written):
    item, problems = load(folder, replace("date: 2013-05-31", f"date: {written}"))
    assert item is None
    assert problems[0].line == 2 and "date: 2013-05-31" in problems[0].message


def test_missing_date_is_refused(folder):
    item, problems = load(folder, replace("date: 2013-05-31\n", ""))
    assert item is None and "päivämäärä puuttuu" in problems[0].message


@pytest.mark.parametrize("quote", ['quote: ""', "quote:", "quote: |\n\n"])
def test_empty_quote_is_refused(folder, quote):
    item, problems = load(folder, replace("quote: |\n  Vertaistuki vahvistui.", quote))
    assert item is None
    (problem,) = problems
    assert problem.line == 7 and "lainaus on tyhjä" in problem.message


def test_a_file_that_is_not_utf8_names_the_line(folder):
    item, problems = load(folder, GOOD.encode("latin-1", errors="replace"))
    assert item is None
    (problem,) = problems
    assert problem.line == 1  # "Esimiesryhmä" on the first line
    assert "UTF-8" in problem.message


def test_a_utf8_bom_is_fine(folder):
    item, problems = load(folder, b"\xef\xbb\xbf" + GOOD.encode())
    assert problems == [] and item.author == "Esimiesryhmä, kunta-ala"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            GOOD + "publish: anonymous\n",
            16,
            "kenttä ”publish” on kahteen kertaan, riveillä 5 ja 16",
        ),
        (replace("featured: true", "featured: true\nfeatured: false"), 7, "riveillä 6 ja 7"),
        (GOOD.replace("date:", "date: 2013-06-01\ndate:"), 3, "”date” on kahteen kertaan"),
        (
            replace("    text: Oma", "    theme: luottamus\n    text: Oma"),
            11,
            "kenttä ”theme” on kahteen kertaan, riveillä 10 ja 11",
        ),
    ],
)
def test_a_key_given_twice_is_refused_naming_both_lines(folder, text, line, words):
    item, problems = load(folder, text)
    assert item is None
    assert any(p.line == line and words in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        (
            "author: Esimiesryhmä, kunta-ala",
            "author:\n  - Esimiesryhmä",
            2,
            "author arvo on luettelo",
        ),
        ("author: Esimiesryhmä, kunta-ala", "author: [Esimiesryhmä]", 1, "luettelo (hakasul"),
        ("date: 2013-05-31", "date: [2013-05-31]", 2, "kentän date arvo on luettelo"),
        ("featured: true", "featured:\n  - true", 7, "kentän featured arvo on luettelo"),
        ("duration_months: 12", "duration_months: {kk: 12}", 4, "arvo on kenttiä"),
        ("author: Esimiesryhmä, kunta-ala", "author:\n  nimi: Maija", 2, "arvo on kenttiä"),
        (
            "quote: |\n  Vertaistuki vahvistui.",
            "quote:\n  - Vertaistuki",
            8,
            "quote arvo on luettelo (rivit",
        ),
        ("    text: Oma esimiestyö sai lisää voimaa", "    text:\n      - Oma", 12, "on luettelo"),
        ("service: johdon-tyonohjaus", "service: [johdon-tyonohjaus]", 3, "on luettelo"),
        ("  - Työnohjaajan kokemus", "  - - Työnohjaajan kokemus", 13, "on luettelo"),
    ],
)
def test_a_list_where_a_text_belongs_is_called_a_list(folder, old, new, line, words):
    item, problems = load(folder, replace(old, new))
    assert item is None
    assert any(p.line == line and words in p.message for p in problems), problems
    assert not any("tyhjä" in p.message for p in problems), problems


@pytest.mark.parametrize(
    "copy",
    [
        GOOD,
        "# kopio\n" + GOOD,  # a comment and another order: the same feedback
        GOOD.replace("featured: true\n", "") + "featured: true\n",
        GOOD.replace("quote: |\n  Vertaistuki vahvistui.", 'quote: "Vertaistuki vahvistui.\n"'),
        GOOD.replace("Vertaistuki vahvistui.", "Vertaistuki\n  VAHVISTUI.").replace(
            "named", "anonymous"
        ),
    ],
)
def test_the_same_feedback_under_two_names_is_counted_once_and_both_named(folder, copy):
    (folder / "2013-05-31-ryhma.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "2013-05-31-ryhma-kopio.yaml").write_text(copy, encoding="utf-8")
    loaded = load_folder(folder, SERVICES, TODAY)
    assert [item.path.name for item in loaded.feedback] == ["2013-05-31-ryhma-kopio.yaml"]
    (problem,) = loaded.problems
    assert problem.path.name == "2013-05-31-ryhma.yaml"
    assert "2013-05-31-ryhma-kopio.yaml" in problem.message and "kahteen kertaan" in problem.message
    assert summarize(loaded.feedback, loaded.themes, {}).total == 1


@pytest.mark.parametrize(
    "other",
    [
        GOOD.replace("date: 2013-05-31", "date: 2013-06-01"),
        GOOD.replace("Vertaistuki vahvistui.", "Vertaistuki vahvistui paljon."),
        # no words: two clients may well say just the same
        "date: 2013-05-31\npublish: statistics\nbenefits:\n  - theme: johtaminen\n",
    ],
)
def test_different_feedback_or_feedback_without_words_is_kept(folder, other):
    first = other if "statistics" in other else GOOD
    (folder / "a.yaml").write_text(first, encoding="utf-8")
    (folder / "b.yaml").write_text(other, encoding="utf-8")
    loaded = load_folder(folder, SERVICES, TODAY)
    assert loaded.problems == []
    assert len(loaded.feedback) == 2


def test_missing_themes_file(tmp_path):
    themes, problems = load_themes(tmp_path / "themes.yaml")
    assert themes == []
    assert (
        "teematiedosto puuttuu" in problems[0].message and "key: johtaminen" in problems[0].message
    )


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("- key: a\n  label: [b\n", 2, "[ tai aaltosulje { jäi sulkematta"),
        ("key: johtaminen\nlabel: Johtaminen\n", 1, "luetteloksi"),
        ("- key: a\n  lable: A\n", 2, "Tarkoititko ”label”?"),
        ("- key: a\n  label: A\n- key: a\n  label: B\n", 3, "kahteen kertaan"),
    ],
)
def test_broken_themes_file(tmp_path, text, line, words):
    (tmp_path / "themes.yaml").write_text(text, encoding="utf-8")
    themes, problems = load_themes(tmp_path / "themes.yaml")
    assert themes == []
    assert any(p.line == line and words in p.message for p in problems), problems


def test_a_bad_file_is_left_out_and_the_rest_are_kept(folder):
    (folder / "a.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "b.yaml").write_text(replace("publish: named", "publish: yes"), encoding="utf-8")
    (folder / "import-mapping.yaml").write_text("columns:\n  date: Aikaleima\n", encoding="utf-8")
    loaded = load_folder(folder, SERVICES, TODAY)
    assert [item.path.name for item in loaded.feedback] == ["a.yaml"]
    assert [p.path.name for p in loaded.problems] == ["b.yaml"]


def test_a_broken_themes_file_leaves_everything_out(folder):
    (folder / "a.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "themes.yaml").write_text("- key: [\n", encoding="utf-8")
    loaded = load_folder(folder, SERVICES, TODAY)
    assert loaded.feedback == [] and loaded.problems[0].path.name == "themes.yaml"


# --- aggregation: what may be shown -----------------------------------------------------


def feedback_set(folder: Path):
    files = {
        "1-named.yaml": GOOD,
        "2-anon.yaml": """\
author: Salainen Henkilö
date: 2020-02-02
service: yksilotyonohjaus
publish: anonymous
featured: true
quote: Anonyymi lainaus.
benefits:
  - theme: luottamus
    text: Luottamus kasvoi
  - theme: johtaminen
    text: "Oma esimiestyö sai lisää voimaa."
success_factors:
  - Työnohjaajan kokemus.
""",
        "3-stats.yaml": """\
date: 2021-03-03
service: johdon-tyonohjaus
publish: statistics
featured: true
quote: Tilastolainaus.
benefits:
  - theme: luottamus
    text: Tilastohyöty
success_factors:
  - Tilastotekijä
""",
        "4-no.yaml": """\
date: 2022-04-04
service: johdon-tyonohjaus
publish: no
featured: true
quote: Kielletty lainaus.
benefits:
  - theme: johtaminen
    text: Kielletty hyöty
""",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    loaded = load_folder(folder, SERVICES, TODAY)
    assert loaded.problems == []
    return loaded


REFS = {slug: SimpleNamespace(slug=slug, title=slug.title(), url=f"{slug}/") for slug in SERVICES}


def test_counts_include_statistics_but_never_no(folder):
    loaded = feedback_set(folder)
    summary = summarize(loaded.feedback, loaded.themes, REFS)
    assert summary.total == 3
    counts = {row.key: (row.count, row.total, row.of_total) for row in summary.themes}
    assert counts == {"johtaminen": (2, 3, "3:sta"), "luottamus": (2, 3, "3:sta")}
    assert [row.key for row in summary.themes] == ["johtaminen", "luottamus"]  # themes.yaml order


def test_texts_only_from_named_and_anonymous_files_merged(folder):
    loaded = feedback_set(folder)
    summary = summarize(loaded.feedback, loaded.themes, REFS)
    texts = {row.key: row.texts for row in summary.themes}
    (said_twice,) = texts["johtaminen"]  # shown once
    assert said_twice.rstrip(".") == "Oma esimiestyö sai lisää voimaa"
    assert texts["luottamus"] == ("Luottamus kasvoi",)
    assert [text.rstrip(".") for text in summary.success_factors] == ["Työnohjaajan kokemus"]
    assert summary.improvements == ["Tapaamisia vähintään kerran kuussa"]
    everything = repr(summary)
    for secret in ("Tilasto", "Kielletty", "Salainen Henkilö"):
        assert secret not in everything


def test_quotes_newest_first_anonymous_without_author_or_service(folder):
    loaded = feedback_set(folder)
    summary = summarize(loaded.feedback, loaded.themes, REFS)
    anonymous, named = summary.quotes
    assert anonymous.paragraphs == ("Anonyymi lainaus.",)
    assert anonymous.author == "" and anonymous.service is None
    assert named.author == "Esimiesryhmä, kunta-ala"
    assert named.service == REFS["johdon-tyonohjaus"] and named.month == "2013-05"
    assert featured(summary.quotes, 1) == [anonymous]


def test_service_pages_count_their_feedback_but_show_only_named_quotes(folder):
    loaded = feedback_set(folder)
    per_service = {slug: summarize(loaded.feedback, loaded.themes, REFS, slug) for slug in REFS}
    johdon = per_service["johdon-tyonohjaus"]
    assert johdon.total == 2  # named + statistics
    assert [(r.key, r.count) for r in johdon.mentioned] == [("johtaminen", 1), ("luottamus", 1)]
    assert [q.author for q in johdon.quotes] == ["Esimiesryhmä, kunta-ala"]
    yksilo = per_service["yksilotyonohjaus"]
    assert yksilo.total == 1 and yksilo.quotes == []  # the anonymous quote stays off it
    assert all(row.texts == () for row in yksilo.themes)
    assert per_service["tyoyhteison-tyonohjaus"].total == 0


@pytest.mark.parametrize(
    "number, written",
    [(1, "1:stä"), (2, "2:sta"), (3, "3:sta"), (4, "4:stä"), (6, "6:sta"), (7, "7:stä"),
     (10, "10:stä"), (11, "11:stä"), (12, "12:sta"), (13, "13:sta"), (14, "14:stä"),
     (15, "15:stä"), (16, "16:sta"), (17, "17:stä"), (18, "18:sta"), (19, "19:stä"),
     (20, "20:stä"), (21, "21:stä"), (100, "100:sta"), (110, "110:stä"), (115, "115:stä"),
     (112, "112:sta"), (200, "200:sta"), (1000, "1000:sta")],
)  # fmt: skip
def test_elative(number, written):
    assert elative(number) == written


def test_merge_keeps_the_most_said_first():
    assert merge(["B", "a", "A.", " b ", "c", "b"]) == ["B", "a", "c"]


def test_chart_draws_one_bar_per_theme_with_its_share(folder):
    loaded = feedback_set(folder)
    summary = summarize(loaded.feedback, loaded.themes, REFS)
    svg = str(bar_chart(summary.themes))
    assert svg.count('class="chart-bar"') == 2
    assert 'width="66.67%"' in svg and "2/3" in svg
    assert 'aria-hidden="true"' in svg and "<script" not in svg


# --- example files and how a summary file is counted -------------------------------------


def test_example_and_count_are_read_and_checked(folder):
    item, problems = load(folder, GOOD + "example: true\ncount: each_benefit\n")
    assert problems == [] and item.example is True and item.count == "each_benefit"
    item, _ = load(folder, GOOD)
    assert item.example is False and item.count == "once"
    item, problems = load(folder, GOOD + "example: joo\n")
    assert item is None and problems[0].line == 16
    assert "example: true" in problems[0].message and "esikatselussa" in problems[0].message
    item, problems = load(folder, GOOD + "count: kaikki\n")
    assert item is None and "count: each_benefit" in problems[0].message


SUMMARY_OF_CLIENTS = """\
date: 2013-05-31
publish: anonymous
count: each_benefit
benefits:
  - theme: johtaminen
    text: Oma esimiestyö sai lisää voimaa
  - theme: luottamus
    text: Luottamus työryhmässä lisääntynyt
  - theme: luottamus
    text: Ollaan avoimempia käsittelemään asioita yhdessä
"""


def test_each_listed_benefit_of_a_summary_counts_as_one_feedback(folder):
    (folder / "koonti.yaml").write_text(SUMMARY_OF_CLIENTS, encoding="utf-8")
    (folder / "ryhma.yaml").write_text(GOOD, encoding="utf-8")  # one feedback: johtaminen
    loaded = load_folder(folder, SERVICES, TODAY)
    summary = summarize(loaded.feedback, loaded.themes, REFS)
    assert summary.total == 4  # three listed benefits + one group's feedback
    counts = {row.key: (row.count, row.of_total) for row in summary.themes}
    assert counts == {"johtaminen": (2, "4:stä"), "luottamus": (2, "4:stä")}


def test_examples_are_marked_and_counted_apart(folder):
    (folder / "oma.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "esimerkki.yaml").write_text(
        GOOD.replace("date: 2013-05-31", "date: 2020-01-01") + "example: true\n", encoding="utf-8"
    )
    loaded = load_folder(folder, SERVICES, TODAY)
    summary = summarize(loaded.feedback, loaded.themes, REFS)
    assert summary.total == 2 and summary.examples == 1
    assert [quote.example for quote in summary.quotes] == [True, False]
    per_service = {slug: summarize(loaded.feedback, loaded.themes, REFS, slug) for slug in REFS}
    assert per_service["johdon-tyonohjaus"].examples == 1


MAPPED = "columns:\n  date: Aikaleima\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("column:\n  date: A\n", 1, "tuntematon kenttä ”column” määrittelyssä. Tarkoititko"),
        ("columns: Aikaleima\n", 1, "kohta columns: kirjoita rivit muodossa teksti: arvo"),
        ("columns:\n  dat: A\n", 2, "tuntematon kenttä ”dat”. Tarkoititko ”date”?"),
        ("columns:\n  author: A\n", 2, "kohdasta columns puuttuu date:"),
        ("services:\n  Yksilö: yksilotyonohjaus\n", 1, "kohta columns: puuttuu"),
        (MAPPED + "consent:\n  answers:\n    Kyllä: named\n", 4, "kuuluu column: (sarakkeen"),
        (
            MAPPED + "consent:\n  column: Lupa\n  answers:\n    Kyllä: yes\n",
            6,
            "vastaukselle ”Kyllä” on annettu ”yes”. Kirjoita named, anonymous, statistics tai no.",
        ),
        (
            MAPPED + "services:\n  Yksilö: yksilotyonohjaus\n  Pari: parityonohjaus\n",
            5,
            "palvelua ”parityonohjaus” (vastaus ”Pari”) ei ole.",
        ),
        (
            MAPPED + "benefits:\n  column: Hyöty\n  answers:\n    Kivaa: johtamine\n",
            6,
            "teemaa ”johtamine” ei ole tiedostossa themes.yaml. Tarkoititko ”johtaminen”?",
        ),
    ],
)
def test_a_mapping_problem_stops_the_import_naming_its_line(tmp_path, text, line, words):
    from sitetools.feedback_import import ImportStopped, read_mapping

    path = tmp_path / "import-mapping.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportStopped) as stopped:
        read_mapping(path, ["johtaminen"], ["yksilotyonohjaus"])
    assert f"import-mapping.yaml, rivi {line}: " in str(stopped.value)
    assert words in str(stopped.value)


def test_the_shipped_mapping_reads_without_a_problem():
    from sitecore.feedback import load_themes as themes_of
    from sitetools.feedback_import import read_mapping

    folder = Path(__file__).resolve().parents[2] / "content" / "feedback"
    themes, _ = themes_of(folder / "themes.yaml")
    mapping = read_mapping(
        folder / "import-mapping.yaml", [theme.key for theme in themes], SERVICES
    )
    assert mapping.consent["kyllä, ilman nimeä"] == "anonymous"
    assert mapping.services["johdon ja esihenkilöiden työnohjaus"] == "johdon-tyonohjaus"
    assert mapping.columns["date"] == "Aikaleima" and mapping.benefits_column


@pytest.mark.parametrize("code", [0, 1, 27, 127])
def test_a_control_character_names_its_line(folder, code):
    item, problems = load(folder, GOOD.replace("Vertaistuki", f"Vertais{chr(code)}tuki"))
    assert item is None
    (problem,) = problems
    assert problem.line == 8 and f"ohjausmerkki (koodi {code})" in problem.message


D = "date: 2020-01-01\n"


@pytest.mark.parametrize(
    "written, shown",
    [
        (D + "publish: named\nauthor: Tiimi\n", True),
        (D + "publish: anonymous\n", True),
        (D + "publish: 'anonymous'\n", True),
        (D + "publish: anonymous\nexample: false\n", True),
        (D + "publish: statistics\n", False),
        (D + "publish: no\n", False),
        (D + "publish: named\nauthor: Keksitty\nexample: true\n", False),
        (D + "publish: nimellä\n", False),
        (D + "publish:\n", False),
        (D + "publish: [named\n", False),  # not YAML: the build names it
        ("date: 2013-02-30\npublish: named\nauthor: Tiimi\n", False),  # no such day
        ("- publish: named\n", False),
        ("", False),
    ],
)
def test_whether_a_clients_words_are_published(tmp_path, written, shown):
    (tmp_path / "themes.yaml").write_text(THEMES, encoding="utf-8")
    (tmp_path / "palaute.yaml").write_text(written, encoding="utf-8")
    assert shows_feedback(tmp_path) is shown


def test_examples_are_published_only_where_examples_are_shown(tmp_path):
    example = "date: 2020-01-01\npublish: named\nauthor: Keksitty\nexample: true\n"
    (tmp_path / "esimerkki.yaml").write_text(example, encoding="utf-8")
    assert shows_feedback(tmp_path, examples=True) and not shows_feedback(tmp_path)
    assert not shows_feedback(tmp_path / "ei-kansiota")
    (tmp_path / "esimerkki.yaml").unlink()
    for name in ("themes.yaml", "import-mapping.yaml"):  # no feedback, whatever they hold
        (tmp_path / name).write_text("publish: named\n", encoding="utf-8")
    assert not shows_feedback(tmp_path, examples=True)


@pytest.mark.parametrize(
    ("written", "day", "said"),
    [
        ("2013-05-31", dt.date(2013, 5, 31), ""),
        ('"2013-05-31"', dt.date(2013, 5, 31), ""),  # quoted: still the day
        ("'2013-05-31'", dt.date(2013, 5, 31), ""),
        ("2013-05-31 10:00:00", dt.date(2013, 5, 31), ""),  # a time stamp: its day
        ("'2013-5-31'", None, "päivämäärä ”2013-5-31” on väärässä muodossa. Kirjoita date:"),
        ('"toukokuu"', None, "päivämäärä ”toukokuu” on väärässä muodossa. Kirjoita date:"),
        ("2013-02-30", None, "päivämäärää ”2013-02-30” ei ole olemassa: helmikuussa on 28"),
        ('"2099-01-01"', None, "päivämäärä 2099-01-01 on tulevaisuudessa. Kirjoita päivä"),
    ],
)
def test_a_date_is_a_day_quoted_or_not_and_anything_else_is_said(folder, written, day, said):
    item, problems = load(folder, replace("date: 2013-05-31", f"date: {written}"))
    assert (item and item.date) == day
    assert [(p.line, p.message[: len(said)]) for p in problems] == ([(2, said)] if said else [])
