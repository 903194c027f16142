"""`invoke bench --check`'s report, from given timings (the real run is in the issue notes:
a check run of a 1,000-post site takes a minute, too long for the suite)."""

from __future__ import annotations

from sitetools.bench_check import CheckBench, CheckTiming


def test_check_bench_reports_the_shipped_time_and_the_ratio_against_their_targets():
    shipped = CheckTiming("toimitettu sivusto", 35, 12.5)
    corpus = CheckTiming("1000 kirjoitusta", 2029, 31.25)
    lines = CheckBench(shipped, corpus).lines()
    assert lines[1].split() == ["toimitettu", "sivusto", "12,5", "s", "35", "HTML-sivua"]
    assert lines[2].split() == ["1000", "kirjoitusta", "31,2", "s", "2029", "HTML-sivua"]
    assert lines[-2].endswith("12,5 s (tavoite ≤ 20 s)")
    assert lines[-1].endswith("suhde toimitettuun 2,50 × (tavoite ≤ 3 ×)")
    assert not any("suhde" in line for line in CheckBench(shipped).lines())
