"""sitecore.parallel: pages recorded by Pelican's writer, rendered in forked processes."""

from __future__ import annotations

import logging

import jinja2
import pytest

from sitecore.parallel import MIN_PARALLEL, DeferredWriter


def writer(tmp_path, workers: int) -> DeferredWriter:
    settings = {"BUILD_WORKERS": workers, "PAGINATED_TEMPLATES": {}, "RELATIVE_URLS": False}
    out = tmp_path / f"out{workers}"
    out.mkdir()
    return DeferredWriter(str(out), settings=settings)


TEMPLATES = jinja2.Environment(
    loader=jinja2.DictLoader(
        {
            "page.html": "<p>{{ text }} {{ number }}</p>",
            "broken.html": "{{ missing.attribute }}",
        }
    ),
    undefined=jinja2.StrictUndefined,
)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_every_page_is_written_with_the_same_bytes_whatever_the_workers(tmp_path, workers):
    w = writer(tmp_path, workers)
    page = TEMPLATES.get_template("page.html")
    for number in range(MIN_PARALLEL + 2):
        w.write_file(
            f"sivu{number}/index.html", page, {"text": "Hei", "localsiteurl": ""}, number=number
        )
    w.flush()
    out = tmp_path / f"out{workers}"
    written = sorted(int(p.parent.name[4:]) for p in out.rglob("index.html"))
    assert written == list(range(MIN_PARALLEL + 2))
    assert (out / "sivu5" / "index.html").read_text("utf-8") == "<p>Hei 5</p>"


def test_a_page_that_fails_in_a_worker_is_a_logged_build_error(tmp_path, caplog, monkeypatch):
    # Browser tests leave threads in this process, which makes the writer render in one
    # process to be safe; this test forks all the same (the child only renders templates).
    monkeypatch.setattr("sitecore.parallel.threading.active_count", lambda: 1)
    w = writer(tmp_path, 2)
    assert w.workers == 2  # the broken page (the second) is rendered in a forked process
    good, broken = TEMPLATES.get_template("page.html"), TEMPLATES.get_template("broken.html")
    w.write_file("a/index.html", good, {"text": "a", "localsiteurl": ""}, number=1)
    w.write_file("b/index.html", broken, {"localsiteurl": ""})
    for number in range(MIN_PARALLEL):
        w.write_file(f"c{number}/index.html", good, {"text": "c", "localsiteurl": ""}, number=1)
    with caplog.at_level(logging.ERROR):
        w.flush()
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "b/index.html" in errors[0] and "teko epäonnistui" in errors[0]
    assert (tmp_path / "out2" / "a" / "index.html").read_text("utf-8") == "<p>a 1</p>"
