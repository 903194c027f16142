"""What the search index reads of a page (plugins/search_index for_index): sentences that
read naturally in an excerpt, and the folded copies of words with å, ä, ö."""

from __future__ import annotations

import pytest

from plugins.search_index import FOLD_MARK, folded_words, for_index


def page(body: str, outside: str = "") -> str:
    article = f"<article data-pagefind-body>{body}</article>"
    return f"<html><body><nav>Työ</nav><main>{article}{outside}</main></body></html>"


@pytest.mark.parametrize(
    "body,reads",
    [
        ("<ul><li>yksi</li><li>kaksi</li></ul>", "<ul><li>yksi;</li> <li>kaksi.</li> </ul>"),
        (
            "<ol><li>yksi</li>\n<li>kaksi</li>\n</ol>",
            "<ol><li>yksi;</li> \n<li>kaksi.</li> \n</ol>",
        ),
        ("<ul><li><a href=x>yksi</a></li></ul>", "<ul><li><a href=x>yksi.</a></li> </ul>"),
        ("<ul><li>yksi.</li><li>kaksi?</li></ul>", "<ul><li>yksi.</li><li>kaksi?</li></ul>"),
        ("<ul><li>luku 2</li></ul>", "<ul><li>luku 2.</li> </ul>"),
        (
            "<dl><dt>Sähköposti</dt><dd>a@b.fi</dd></dl>",
            "<dl><dt>Sähköposti:</dt> <dd>a@b.fi.</dd> </dl>",
        ),
        (
            "<dt><a href=x>Hinta</a></dt><dd>120 €</dd>",
            "<dt><a href=x>Hinta:</a></dt> <dd>120 €</dd>",
        ),
        (
            "<p>Apua silloin, kun</p>\n<ul><li>a</li></ul>",
            "<p>Apua silloin, kun:</p> \n<ul><li>a.</li> </ul>",
        ),
        ("<p>Näin:</p><ul><li>a</li></ul>", "<p>Näin:</p><ul><li>a.</li> </ul>"),
        ("<p>Tavallinen kappale</p><p>toinen</p>", "<p>Tavallinen kappale</p><p>toinen</p>"),
        ("<p>ryhmä\u00adtyön&shy;ohjaus</p>", "<p>ryhmätyönohjaus</p>"),
    ],
)
def test_lists_labels_and_values_read_as_sentences(body, reads):
    html = for_index(page(body))
    assert f"<article data-pagefind-body>{reads}</article>" in html, html


@pytest.mark.parametrize(
    "body,outside,folded",
    [
        ("<p>Työnohjaus työyhteisölle</p>", "", ["tyonohjaus", "tyoyhteisolle"]),
        ("<p>Åbo, ÄÄNI ja Öljy</p>", "", ["aani", "abo", "oljy"]),
        ("<p>ryhmä<em>työn</em>ohjaus</p>", "", ["ryhmatyonohjaus"]),
        ("<p>käsi<br>työ</p><p>yö</p>", "", ["kasi", "tyo", "yo"]),
        ("<p>työ työ Työ</p>", "", ["tyo"]),
        ("<p class=meta data-pagefind-ignore>Lukuaika</p><p>Yö</p>", "", ["yo"]),
        ("<p data-pagefind-ignore>Älä</p><p>Ilo</p>", "", []),
        ("<form><label>Sähköposti</label></form><script>ä</script><p>Ilo</p>", "", []),
        ("<p>Ilo</p>", "<aside>Tämä ei ole hakemistossa</aside><footer>Yö</footer>", []),
    ],
)
def test_folded_copies_are_of_the_indexed_words_only(body, outside, folded):
    html = page(body, outside)
    assert folded_words(html) == folded
    indexed = for_index(html)
    if folded:
        copy = f"<div data-pagefind-body>{FOLD_MARK} {' '.join(folded)}</div></body>"
        assert indexed.endswith(f"{copy}</html>"), indexed
    else:
        assert FOLD_MARK not in indexed
