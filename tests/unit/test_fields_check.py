"""The fields check on a tiny synthetic site: a misspelt metadata key fails, naming the
file, the line and the key meant."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitetools.checks.fields import unknown_fields
from sitetools.checks.site import Site, SourcePage

ROOT = Path(__file__).resolve().parents[2]


def test_a_misspelt_key_is_named_with_its_line_and_the_key_meant(tmp_path):
    shutil.copytree(ROOT / "plugins" / "content_guard", tmp_path / "plugins" / "content_guard")
    post = tmp_path / "content" / "blogi" / "x.md"
    post.parent.mkdir(parents=True)
    post.write_text("Title: X\nDate: 2016-01-01\nTagit: a, b\nSummary: s\n\nTeksti.\n", "utf-8")
    (tmp_path / "output").mkdir()
    page = SourcePage("content/blogi/x.md", "article", "published", "", "", "article", "X")
    site = Site(tmp_path / "output", tmp_path / "content", [page])
    findings = [str(f) for f in unknown_fields(site)]
    assert findings == ["content/blogi/x.md, rivi 3: tuntematon kenttä ”tagit”. Tarkoititko Tags?"]
