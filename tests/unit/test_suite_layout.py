"""The suite's own layout: what conftest.py promises about how tests are spread over cores."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def made_once() -> list[int]:
    return []


def test_tests_sharing_a_module_fixture_stay_on_one_worker(made_once, request):
    """conftest.py marks them with xdist_group so the fixture (often a whole build) is made
    once; under --dist loadgroup xdist tags their ids with the group. pytest 9.2 with
    pytest-xdist 3.8 dropped the tags silently and each worker built the fixture again."""
    assert request.node.get_closest_marker("xdist_group").args == ("test_suite_layout",)
    if request.config.getoption("dist", "no") == "loadgroup":
        assert request.node.nodeid.endswith("@test_suite_layout"), request.node.nodeid
