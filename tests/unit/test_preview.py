"""The live preview's pure parts: ports, which requests are pages, the build's messages
for the error page (milliseconds each)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sitecore.problems import Problem, Said
from sitetools.preview import PortError, error_page, page_request, parse_port


@pytest.mark.parametrize("written", ["0", "65536", "-1", "abc", "80.5", "8 000", "8_000", "¹"])
def test_a_port_that_is_no_port_is_said_in_finnish(written):
    with pytest.raises(PortError, match=f"Portti ”{written}” ei kelpaa"):
        parse_port(written)


def test_parse_port_and_page_requests():
    assert parse_port(None) == 8000 and parse_port(" 8123 ") == 8123
    assert parse_port("1") == 1 and parse_port("65535") == 65535
    assert page_request("") and page_request("blogi/") and page_request("404.html")
    assert page_request("blogi/kirjoitus")
    assert not page_request("theme/css/site.0123456789.css")
    assert not page_request("images/kuva-720.0123456789.avif")


def logged(level: int, msg: str, *args) -> logging.LogRecord:
    return logging.LogRecord("x", level, __file__, 1, msg, args, None)


def test_a_logged_problem_reaches_the_error_page_as_data():
    post = Path("content/blogi/y.md").resolve()
    said = [
        Said.of(logged(logging.WARNING, "%s", Problem(Path("content/blogi/x.md"), 4, "a: b."))),
        Said.of(logged(logging.ERROR, "%s", Problem(post, 2, "päivämäärä ”31.5.2015”: ei."))),
        Said.of(logged(logging.ERROR, "Sivustoa ei %s.", "rakennettu")),
    ]
    assert [(m.level, m.where, m.text) for m in said] == [
        ("WARNING", "content/blogi/x.md, rivi 4", "a: b."),
        ("ERROR", "content/blogi/y.md, rivi 2", "päivämäärä ”31.5.2015”: ei."),
        ("ERROR", "", "Sivustoa ei rakennettu."),
    ]
    page = error_page(said, "Rakentaminen epäonnistui.")
    assert "<strong>content/blogi/y.md, rivi 2</strong>: päivämäärä" in page
    assert "Lisäksi huomautettavaa" in page and "epäonnistui" not in page


def test_error_page_of_a_strict_build_and_of_nothing_said_escapes_what_it_shows():
    warning = Said("WARNING", "content/a.md, rivi 1", "<b>rikki</b>")
    page = error_page([warning], "x")
    assert "&lt;b&gt;rikki&lt;/b&gt;" in page and "Lisäksi huomautettavaa" not in page
    assert "&lt;i&gt;" in error_page([], "Rakentaminen keskeytyi <i>.")
