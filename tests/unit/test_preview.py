"""The live preview's pure parts: ports, which requests are pages, the build's messages
for the error page (milliseconds each)."""

from __future__ import annotations

import pytest

from sitetools.preview import PortError, build_messages, error_page, page_request, parse_port


def test_parse_port_and_page_requests():
    assert parse_port(None) == 8000 and parse_port(" 8123 ") == 8123
    with pytest.raises(PortError):
        parse_port("0")
    assert page_request("") and page_request("blogi/") and page_request("404.html")
    assert page_request("blogi/kirjoitus")
    assert not page_request("theme/css/site.0123456789.css")
    assert not page_request("images/kuva-720.0123456789.avif")


def test_build_messages_reads_each_message_whole():
    output = (
        "Varoitus: content/blogi/x.md, rivi 4: tuntematon kenttä ”tagit”. Tarkoititko Tags?\n"
        "Virhe: content/blogi/y.md, rivi 2: päivämäärä ”31.5.2015” ei ole oikea.\n"
        "Virhe: Sivustoa ei rakennettu.\n"
        "jotain muuta\n"
    )
    messages = build_messages(output)
    assert [(m.level, m.where) for m in messages] == [
        ("WARNING", "content/blogi/x.md, rivi 4"),
        ("ERROR", "content/blogi/y.md, rivi 2"),
        ("ERROR", ""),
    ]
    assert messages[1].text == "päivämäärä ”31.5.2015” ei ole oikea."
    page = error_page(messages, output)
    assert "<strong>content/blogi/y.md, rivi 2</strong>: päivämäärä" in page
    assert "Lisäksi huomautettavaa" in page and "<pre>" not in page


def test_error_page_shows_the_end_of_an_unexpected_failure_escaped():
    page = error_page([], "Traceback\nValueError: <b>rikki</b>\n")
    assert "<pre>" in page and "&lt;b&gt;rikki&lt;/b&gt;" in page
