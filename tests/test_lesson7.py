"""Lesson 7, the layers of a network and their shapes: it plays hands-free on tutor's ch05/layer_shapes.py, whose
layers live in common/layers.py one folder up, from another folder; the mask and the shapes it draws agree with
numpy run here on the script's own seeded data."""
import re
import shutil

import numpy as np
import pytest

from tests import helpers
from tests.helpers import played_to_the_end
from tests.conftest import ROOT
from tutor.content.catalog import find_lesson, script_for
from tutor.content.locate import read_script, resolve_lines

# One worker runs this module (tests/conftest.py: ONE_WORKER), so its module fixture runs once.


def batch():
    """The script's batch and weights, made here from its seed as its lines make them."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 4))
    W = rng.standard_normal((4, 5)) * 0.5
    return x, W


def panels(screen: str, title: str) -> list[str]:
    return re.findall(rf"^╭─ {title}.*?^╰─+╯$", screen, flags=re.S | re.M)  # the outer panel, not a box inside


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    return helpers.tutor_in_process("lesson7", "--auto", cwd=tmp_path_factory.mktemp("elsewhere"),
                                    env={"COLUMNS": "100"})


def test_the_lesson_names_lines_of_the_common_package_one_folder_up():
    lesson = find_lesson("lesson7")
    numbers = resolve_lines(read_script(script_for(lesson)), lesson.lines)
    assert set(numbers) == set(lesson.lines)
    assert {entry["file"] for entry in lesson.lines.values()} == {"../common/layers.py"}
    assert (script_for(lesson).parent.parent / "common" / "layers.py").is_file()


def test_it_plays_hands_free_to_the_end_with_no_miss(played):
    played_to_the_end(played)


def test_the_mask_is_relus_on_the_scripts_batch(played):
    x, W = batch()
    cut = (x @ W + np.zeros(5)) <= 0  # where the affine layer's output is not positive
    panel = panels(played.stdout, "dout under self.mask")[0]
    rows = [line.strip("│ ").split() for line in panel.splitlines()[1:4]]
    assert [[cell == "✗" for cell in row] for row in rows] == cut.tolist()
    assert f"{int((~cut).sum())} of {cut.size} cells pass on" in panel


def test_the_shapes_drawn_are_numpys(played):
    x, W = batch()
    dout = np.ones((x.shape[0], W.shape[1]))
    first = " ".join(panels(played.stdout, "shapes")[0].split())
    assert f"dout {dout.shape}" in first and f"self.W.T {W.T.shape}" in first
    assert f"dx ? {np.dot(dout, W.T).shape}" in first
    assert f"self.x.T {x.T.shape}" in first and f"self.dW ? {np.dot(x.T, dout).shape}" in first
    assert f"self.db ? {np.sum(dout, axis=0).shape}" in first and first.count("✓") == 3
    later = " ".join("\n".join(panels(played.stdout, "shapes")[1:]).split())
    assert f"self.dW {W.shape}" in later and "self.db (5,)" in later  # the live results, once computed


def test_it_plays_from_a_copy_of_the_two_folders_elsewhere(tmp_path):
    for folder in ("ch05", "common"):
        shutil.copytree(ROOT / "scripts" / folder, tmp_path / "copy" / folder)
    script = tmp_path / "copy" / "ch05" / "layer_shapes.py"
    done = helpers.tutor_in_process("check", "lesson7", "--script", str(script), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"b {tmp_path / 'copy' / 'common' / 'layers.py'}:" in done.stdout
