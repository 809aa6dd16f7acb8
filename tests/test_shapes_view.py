"""The shapes view and the mask view: shapes checked against numpy's own products and sums, masks against numpy."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from rich.cells import cell_len

from tests.test_views import check_golden, render
from tutor.model.mask import take_mask
from tutor.model.shapes import Operand, shape_of, take_product, take_sum
from tutor.ui.views.mask import MaskView
from tutor.ui.views.shapes import ShapesView


def affine_backward(N=3, inputs=4, outputs=5):
    """Affine.backward's three lines for a batch, as the view sees them before they run (results not there yet)."""
    return [take_product(Operand("dout", (N, outputs)), Operand("self.W.T", (outputs, inputs)), Operand("dx", None)),
            take_product(Operand("self.x.T", (inputs, N)), Operand("dout", (N, outputs)), Operand("self.dW", None)),
            take_sum(Operand("dout", (N, outputs)), 0, Operand("self.db", None))]


@pytest.mark.parametrize("width", [80, 60])
def test_affine_backward_lines_up_as_numpy_says(width):
    dout, W, x = np.ones((3, 5)), np.ones((4, 5)), np.ones((3, 4))
    items = affine_backward()
    assert items[0].expected == np.dot(dout, W.T).shape == (3, 4)
    assert items[1].expected == np.dot(x.T, dout).shape == W.shape
    assert items[2].expected == np.sum(dout, axis=0).shape == (5,)
    screen = render(ShapesView(items), width)
    assert all(cell_len(line) == width for line in screen.splitlines())
    flat = " ".join(screen.split())
    assert "dx ? (3, 4)" in flat and "self.dW ? (4, 5)" in flat and "self.db ? (5,)" in flat
    assert flat.count("✓") == 3 and "✗" not in flat
    check_golden(f"shapes_{width}", screen)


def test_a_live_result_of_another_shape_is_said():
    item = take_product(Operand("x", (3, 4)), Operand("W", (4, 5)), Operand("out", (5, 3)))
    flat = " ".join(render(ShapesView([item]), 200).split())
    assert "but out has shape (5, 3), not (3, 5)" in flat


dims = st.integers(1, 9)


@settings(max_examples=80, deadline=None)
@given(dims, dims, dims, dims, st.sampled_from([60, 80]))
def test_any_product_is_judged_as_numpy_judges_it(rows, inner_left, inner_right, columns, width):
    left, right = np.ones((rows, inner_left)), np.ones((inner_right, columns))
    item = take_product(Operand("a", left.shape), Operand("b", right.shape), Operand("c", None))
    try:
        truth = np.dot(left, right).shape
    except ValueError:
        truth = None
    assert item.expected == truth
    screen = render(ShapesView([item]), width)
    assert all(cell_len(line) == width for line in screen.splitlines())
    assert ("✓" in screen) == (truth is not None) and ("✗" in screen) == (truth is None)
    assert f"{rows}×{inner_left}" in screen and "…" not in screen  # every box shows its whole size, even 1 wide


@settings(max_examples=60, deadline=None)
@given(st.lists(dims, min_size=1, max_size=3), st.integers(0, 3))
def test_any_sum_takes_away_the_axis_numpy_takes(shape, axis):
    source = np.ones(shape)
    item = take_sum(Operand("s", source.shape), axis, Operand("r", None))
    expected = np.sum(source, axis=axis).shape if axis < source.ndim else None
    assert item.expected == expected


def test_shape_of_reads_arrays_and_numbers_only():
    assert shape_of(np.ones((2, 3))) == (2, 3) and shape_of(1.5) == () and shape_of(None) is None
    assert shape_of(True) is None and shape_of("abc") is None


def test_the_mask_view_marks_exactly_the_blocked_cells():
    rng = np.random.default_rng(1)
    values = rng.standard_normal((3, 5))
    blocked = values <= 0
    picture = take_mask("mask", blocked, "dout", values)
    screen = render(MaskView(picture), 80)
    rows = [line for line in screen.splitlines()[1:4]]
    for row, cut in zip(rows, blocked):
        cells = row.strip("│ ").split()
        assert [cell == "✗" for cell in cells] == cut.tolist()
    assert f"{int((~blocked).sum())} of 15 cells pass on; the {int(blocked.sum())} where mask" in screen


def test_the_mask_view_is_left_out_when_it_does_not_fit():
    assert take_mask("m", np.ones((2, 2)), "v", np.ones((2, 2))) is None  # not boolean
    assert take_mask("m", np.ones((2, 2), bool), "v", np.ones((2, 3))) is None
    assert take_mask("m", [True], "v", [1.0]) is None
