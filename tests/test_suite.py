"""The suite's own arrangement (tests/conftest.py): the modules whose module fixtures play whole lessons stay whole
on one pytest-xdist worker, and every other test is a unit of its own that either worker may take."""
from tests import conftest
from tests.conftest import ONE_WORKER, ROOT


class Options:
    """What the scheduler reads of pytest's configuration: `-n 2 --dist loadgroup`."""

    def getvalue(self, name):
        return {"dist": "loadgroup", "tx": ["2*popen"]}.get(name)


def test_the_modules_kept_whole_exist_and_share_a_module_fixture():
    for name in ONE_WORKER:
        assert '@pytest.fixture(scope="module")' in (ROOT / name).read_text(), name


def test_the_scheduler_keeps_those_modules_whole_and_splits_the_rest():
    scheduler = conftest.pytest_xdist_make_scheduler(Options(), None)
    unit = scheduler._split_scope
    assert unit("tests/test_fidelity.py::test_the_lesson_plays_cleanly[lesson3]") == "tests/test_fidelity.py"
    assert unit("tests/test_isolation.py::test_each_lesson_leaves_it_as_it_was[trace]") == "tests/test_isolation.py"
    assert unit("tests/test_cli.py::test_listing_version_and_help") == "tests/test_cli.py::test_listing_version_and_help"
    assert unit("tests/test_cli.py::test_x@named") == "named"  # an xdist_group mark, should xdist honour it again
