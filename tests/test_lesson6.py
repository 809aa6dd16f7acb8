"""Lesson 6, the shopping graph of chapter 5: it plays hands-free on tutor's script, on a look-alike of the
book's ch05/buy_apple_orange.py run from another folder, and on a copy with other prices; the graph it draws
holds the numbers worked out by hand here, and they follow the copy."""
import math
import re
import shutil
from pathlib import Path

import pytest

from tests import helpers
from tests.helpers import played_to_the_end
from tests.test_graph_view import BY_HAND, shown_pairs
from tutor.content.catalog import find_lesson, script_for
from tutor.content.locate import read_script, resolve_lines

BOOK = Path(__file__).parent / "fixtures" / "book" / "ch05"

# The copy's prices, and its graph by hand: 2 apples at 120, 3 oranges at 90, tax factor 1.08.
# 120·2 = 240, 90·3 = 270, 240 + 270 = 510, 510·1.08 = 550.8; dall_price = 1.08, dtax = 510,
# dapple = 2·1.08 = 2.16, dapple_num = 120·1.08 = 129.6, dorange = 3·1.08 = 3.24, dorange_num = 90·1.08 = 97.2.
OTHER_PRICES = {"apple = 100": "apple = 120", "orange = 150": "orange = 90", "tax = 1.1": "tax = 1.08"}
OTHER_BY_HAND = {"apple": 120, "apple_num": 2, "orange": 90, "orange_num": 3, "tax": 1.08,
                 "apple_price": 240, "orange_price": 270, "all_price": 510, "price": 550.8,
                 "dprice": 1, "dall_price": 1.08, "dtax": 510, "dapple_price": 1.08, "dorange_price": 1.08,
                 "dapple": 2.16, "dapple_num": 129.6, "dorange": 3.24, "dorange_num": 97.2}


# One worker runs this module (tests/conftest.py: ONE_WORKER), so its module fixture runs once.


def play(*args: str, cwd: Path) -> helpers.Done:
    return helpers.tutor_in_process("lesson6", "--auto", *args, cwd=cwd, env={"COLUMNS": "100"})


def other_prices(folder: Path) -> Path:
    """A copy of the book's pair in a folder of its own, its prices changed."""
    folder.mkdir(parents=True)
    shutil.copy(BOOK / "layer_naive.py", folder / "layer_naive.py")
    text = (BOOK / "buy_apple_orange.py").read_text()
    for old, new in OTHER_PRICES.items():
        assert text.count(old + "\n") == 1
        text = text.replace(old + "\n", new + "\n")
    (folder / "buy_apple_orange.py").write_text(text)
    return folder / "buy_apple_orange.py"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The lesson played hands-free on its own script, on the book's look-alike, and on a copy with other prices."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    copy = other_prices(tmp_path_factory.mktemp("copy") / "ch05")
    return {"own": play(cwd=elsewhere),
            "book": play("--script", str(BOOK / "buy_apple_orange.py"), cwd=elsewhere),
            "copy": play("--script", str(copy), cwd=elsewhere)}


def graphs(screen: str) -> list[str]:
    """Each graph panel of a transcript, in order."""
    return re.findall(r"╭─ computational graph.*?╰─+╯", screen, flags=re.S)


def test_the_lesson_names_its_lines_in_both_files():
    lesson = find_lesson("lesson6")
    numbers = resolve_lines(read_script(script_for(lesson)), lesson.lines)
    assert set(numbers) == set(lesson.lines)
    assert any(step.predict is not None for step in lesson.steps) and any(step.graph for step in lesson.steps)


@pytest.mark.parametrize("run", ["own", "book", "copy"])
def test_it_plays_hands_free_to_the_end_with_no_miss(runs, run):
    played_to_the_end(runs[run], traceback_in="both")


@pytest.mark.parametrize("run, by_hand", [("own", BY_HAND), ("book", BY_HAND), ("copy", OTHER_BY_HAND)])
def test_the_last_graph_holds_the_numbers_worked_out_by_hand(runs, run, by_hand):
    pairs = shown_pairs(graphs(runs[run].stdout)[-1])
    assert len(pairs) == 9
    for name, (value, derivative) in pairs.items():
        assert math.isclose(float(value), by_hand[name], rel_tol=1e-5), (name, value)
        assert math.isclose(float(derivative), by_hand["d" + name], rel_tol=1e-5), (name, derivative)


def test_the_copy_shows_its_own_prices_never_the_books(runs):
    shown = "\n".join(graphs(runs["copy"].stdout))
    assert "715" not in shown and "dapple_num = 110" not in shown and "550.8" in shown
    assert "dapple_num is 129.6" in runs["copy"].stdout  # the prediction's truth, from the live frame


def test_the_graph_fills_in_as_the_program_runs_and_marks_the_layer_it_is_in(runs):
    panels = graphs(runs["book"].stdout)
    first = shown_pairs(panels[0])
    assert first["price"] == ("?", "?") and first["apple"] == ("100", "?")  # before any forward
    inside = [panel for panel in panels if "◀" in panel]
    assert any("mul_apple_layer  ◀ paused in its forward" in panel for panel in inside)
    assert any("mul_tax_layer  ◀ paused in its backward" in panel for panel in inside)
    assert any("add_apple_orange_layer  ◀ paused in its backward" in panel for panel in inside)
    assert shown_pairs(inside[0])["apple"][0] == "100"  # read from the script's names while in the layer's file


def test_the_book_run_stops_in_its_layer_file(runs):
    out = runs["book"].stdout
    module = BOOK / "layer_naive.py"
    body = next(n for n, line in enumerate(module.read_text().splitlines(), 1) if "dx = dout * self.y" in line)
    assert f"Breakpoint 2 at {module}:{body}" in out
    assert f"> {module}({body})backward()" in out


def test_the_list_shows_lesson6_under_the_second_courses_heading(tmp_path):
    listing = helpers.tutor_in_process("list", cwd=tmp_path, env={"COLUMNS": "100"}).stdout.splitlines()
    headings = [n for n, line in enumerate(listing) if line.startswith("Course ")]
    assert [listing[n].split(" · ")[0] for n in headings] == ["Course 1", "Course 2"]
    first, second = headings
    assert [line.split()[0] for line in listing[first + 1:second] if line] == [f"lesson{n}" for n in range(1, 6)]
    assert listing[second + 1].split()[0] == "lesson6"


def test_every_file_a_packaged_lesson_runs_or_names_is_installed():
    import configparser
    from fnmatch import fnmatch

    from tests.conftest import ROOT
    from tutor.content.catalog import all_lessons, is_packaged

    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    globs = [g.strip() for g in config["options.package_data"]["tutor.scripts"].split(",")]
    for lesson in filter(is_packaged, all_lessons()):
        script = script_for(lesson)
        others = [entry["file"] for entry in lesson.lines.values() if isinstance(entry, dict)]
        for path in [script, *(script.parent / name for name in others)]:
            relative = path.resolve().relative_to((ROOT / "scripts").resolve()).as_posix()
            assert any(fnmatch(relative, g) and relative.count("/") == g.count("/") for g in globs), relative
