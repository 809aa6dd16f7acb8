"""Lesson 4 hands-free: its numbers checked against analytic gradients worked out here, not by tutor."""
import re

import numpy as np
import pytest

from tests.helpers import tutor_in_process


# One worker runs this module (tests/conftest.py: ONE_WORKER), so its module fixture runs once.


def grid():
    """The grid gradient_batch.py builds, as (X, Y) flattened."""
    x0 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x0)
    return X.flatten(), Y.flatten()


def batch_of_columns_gradient_of_product(columns: np.ndarray) -> np.ndarray:
    """What the batch branch computes for f = x0 * x1 when each row is a coordinate: f(row) = row[0] * row[1],
    so d/d row[0] = row[1], d/d row[1] = row[0], and every other cell 0."""
    result = np.zeros_like(columns)
    result[:, 0], result[:, 1] = columns[:, 1], columns[:, 0]
    return result


def truncated_central_difference(point: list[int], h: float = 1e-4) -> list[float]:
    """The central difference of x0**2 + x1**2 on an integer array: x + h and x - h are truncated to int."""
    grad = []
    for i, value in enumerate(point):
        plus, minus = list(point), list(point)
        plus[i], minus[i] = int(value + h), int(value - h)
        grad.append((sum(v * v for v in plus) - sum(v * v for v in minus)) / (2 * h))
    return grad


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """`python -m tutor lesson4 --auto`, run in this process."""
    return tutor_in_process("lesson4", "--auto", cwd=tmp_path_factory.mktemp("l4"), env={"COLUMNS": "100"})


def test_lesson4_plays_hands_free_with_every_expectation_met(run):
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def test_the_columns_call_gets_the_product_wrong_cell_by_cell(run):
    X, Y = grid()
    columns = np.array([X, Y])
    got = batch_of_columns_gradient_of_product(columns)
    exact = np.array([Y, X])
    agree = int(np.count_nonzero(np.abs(got - exact) <= 1e-6))
    assert re.search(rf"{agree} of {got.size}\s+cells agree", run.stdout), "grad_xy's verdict"
    assert re.search(rf"{got.size} of {got.size}\s+cells agree", run.stdout), "grad_2 and grad_rows agree everywhere"
    shown = run.stdout.split(">>> grad_xy[0, :4], exact_xy[0, :4]\n")[1].splitlines()[0]
    first, second = eval(shown, {"array": np.array})
    np.testing.assert_allclose(first, got[0, :4], atol=1e-6)
    np.testing.assert_allclose(second, exact[0, :4])


def test_the_integer_trap_matches_truncated_arithmetic(run):
    expected = truncated_central_difference([5, 6])
    assert expected == pytest.approx([45000.0, 55000.0])
    shown = run.stdout.split(">>> numerical_gradient(function_2, np.array([5, 6]))\n")[1].splitlines()[0]
    np.testing.assert_allclose(eval(shown, {"array": np.array}), expected, rtol=1e-9)
    # the recording shows the truncation: asked 5.0001, the int64 array kept 5
    flat = " ".join(run.stdout.replace("│", " ").split())  # the table may wrap the note
    assert "meant 5.0001, stored 5: an array of int64 cannot hold it" in flat
    assert re.search(r"grad\[0\]: 0 → 45000\s+exact 10\s+error 44990", run.stdout)


def test_separable_sum_of_squares_traced_against_the_exact_derivative(run):
    X, _ = grid()
    # one pass of the traced row: grad[0] for sum(row**2) is 2 * row[0], the exact d/dx0 at grid point 0
    assert re.search(rf"exact {2 * X[0]:g}[\s│]+error", run.stdout)  # the note may wrap inside the panels


def test_both_predictions_were_asked_and_answered(run):
    assert run.stdout.count("your answer> ") == 2
    assert "x.shape is (324,)." in run.stdout
