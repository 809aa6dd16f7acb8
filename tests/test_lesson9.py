"""Lesson 9, one sample against a batch: it plays hands-free on ch05/batch_shapes.py from another folder, and what
it shows (the shapes, the refused product, the softmax rows) agrees with numpy run here on the script's seed."""
import re

import numpy as np
import pytest

from tests import helpers
from tests.helpers import played_to_the_end

# One worker runs this module (tests/conftest.py: ONE_WORKER), so its module fixture runs once.


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    return helpers.tutor_in_process("lesson9", "--auto", cwd=tmp_path_factory.mktemp("elsewhere"),
                                    env={"COLUMNS": "100"})


def scripts_data():
    """The script's arrays, made here from its seed in its order."""
    rng = np.random.default_rng(3)
    W = rng.standard_normal((6, 4)) * 0.5
    b = rng.standard_normal(4) * 0.1
    x_one = rng.standard_normal(6)
    x_three = rng.standard_normal((3, 6))
    return W, b, x_one, x_three


def row_softmax(a):
    """Each row's softmax, written here: exp over the row's own sum."""
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def echoed(transcript: str, typed: str):
    """The value the console echoed for a typed line."""
    shown = transcript.split(f">>> {typed}\n", 1)[1].split("\n╭", 1)[0].split("\n>>>", 1)[0]
    return eval(shown, {"array": np.array, "np": np})


def test_it_plays_hands_free_to_the_end_with_no_miss(played):
    played_to_the_end(played, traceback_in="stderr")  # step 12 shows a ValueError's traceback on purpose


def test_one_sample_and_a_batch_of_one_agree_in_numbers_not_in_shape(played):
    W, b, x_one, _ = scripts_data()
    assert echoed(played.stdout, "np.allclose(y_one, y_batch), np.array_equal(y_one, y_batch)") == (True, False)
    assert echoed(played.stdout, "x_one.T.shape, x_batch.T.shape") == (x_one.shape, (6, 1))
    assert echoed(played.stdout, "np.dot(x_batch.T, dout_batch).shape") == W.shape
    assert "ValueError: shapes (6,) and (4,) not aligned" in played.stdout
    assert f"y_batch.shape is {(1, W.shape[1])}" in played.stdout  # the prediction's truth, from the live frame


def test_the_softmax_rows_shown_are_the_ones_numpy_gives_here(played):
    W, b, _, x_three = scripts_data()
    a = x_three @ W + b
    whole = np.exp(a - a.max()) / np.exp(a - a.max()).sum()  # the softmax over the whole batch
    sums_whole, sums_rows = echoed(played.stdout, "y_whole.sum(axis=1), y_rows.sum(axis=1)")
    np.testing.assert_allclose(sums_rows, row_softmax(a).sum(axis=1))
    np.testing.assert_allclose(sums_whole, whole.sum(axis=1), rtol=1e-6)
    assert not np.allclose(sums_whole, 1) and np.isclose(sums_whole.sum(), 1)
    assert re.search(r"0 of 12 cells agree", played.stdout)  # y_whole against y_rows: no cell is right
    assert echoed(played.stdout, "np.allclose(softmax_without_axis(a_three[:1]), softmax(a_three[:1]))") is True
