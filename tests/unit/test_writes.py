"""sitecore.outputs.write, the one way the build's own code writes a file: only inside the
folders the build was given, whatever path a plugin computed (milliseconds each)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sitecore import outputs
from sitecore.problems import BuildStopped


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path, Path]:
    """(output, cache, a folder beside them with a file in it), the first two allowed."""
    output, cache, elsewhere = tmp_path / "output", tmp_path / "cache", tmp_path / "muualla"
    elsewhere.mkdir()
    (elsewhere / "loma.jpg").write_bytes(b"alkuperainen")
    outputs.allow(output, cache)
    return output, cache, elsewhere


@pytest.mark.parametrize(
    "target",
    [
        "muualla/loma.jpg",
        "muualla/uusi.jpg",
        "output/../muualla/loma.jpg",
        "output/images/../../muualla/loma-360.jpg",
        "cache/../muualla/x",
        "output/linkki/loma.jpg",  # a link inside the output to the folder outside
        "output/linkki.jpg",  # a link to the file itself
    ],
)
def test_a_destination_outside_is_refused_and_nothing_is_written(folders, tmp_path, target):
    output, _cache, elsewhere = folders
    output.mkdir()
    (output / "linkki").symlink_to(elsewhere)
    (output / "linkki.jpg").symlink_to(elsewhere / "loma.jpg")
    with pytest.raises(BuildStopped, match="ulkopuolelle"):
        outputs.write(tmp_path / target, b"uusi")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["loma.jpg"]
    assert (elsewhere / "loma.jpg").read_bytes() == b"alkuperainen"


def test_inside_the_folders_a_file_is_written_whole_and_readable_by_a_web_server(folders):
    output, cache, _elsewhere = folders
    page = outputs.write(output / "blogi" / "kevat" / "index.html", "<p>Kevät</p>")
    assert page.read_text(encoding="utf-8") == "<p>Kevät</p>"
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o644
    assert outputs.write(cache / "kuvat" / "ab" / "x.avif", b"\0").read_bytes() == b"\0"
    assert [p.name for p in page.parent.iterdir()] == ["index.html"]  # no temporary file left
