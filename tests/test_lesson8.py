"""Lesson 8, the gradient check: it plays hands-free; backpropagation agrees with a central difference written
here; the planted bug (no division by the batch size) really fails the check and the fix really passes; the
exercise's checks pass the right affine_backward and refuse the wrong ones."""
import re
import sys

import numpy as np
import pytest

from tests import helpers
from tests.helpers import played_to_the_end
from tests.conftest import ROOT
from tutor.content.catalog import find_lesson
from tutor.play.features.judge import judge

# One worker runs this module (tests/conftest.py: ONE_WORKER), so its module fixture runs once.


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    return helpers.tutor_in_process("lesson8", "--auto", cwd=tmp_path_factory.mktemp("elsewhere"),
                                    env={"COLUMNS": "100"})


@pytest.fixture
def net_module(monkeypatch):
    """two_layer_net.py imported as the script imports it (its folder first on the path), forgotten after."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts" / "ch05"))
    before = set(sys.modules)
    import two_layer_net
    yield two_layer_net
    for name in set(sys.modules) - before:
        del sys.modules[name]


def central_difference(f, a, h=1e-6):
    """d f / d a, cell by cell, computed here (not with common/gradient.py)."""
    grad = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        keep = a[idx]
        a[idx] = keep + h
        up = f()
        a[idx] = keep - h
        down = f()
        a[idx] = keep
        grad[idx] = (up - down) / (2 * h)
    return grad


def batch():
    rng = np.random.default_rng(11)
    return rng.standard_normal((5, 2)), np.array([0, 1, 2, 1, 0])


def test_it_plays_hands_free_to_the_end_with_no_miss(played):
    played_to_the_end(played, answers=None)


def test_the_screen_shows_the_check_pass_fail_and_pass_again(played):
    verdicts = re.findall(r"(\d+) of (\d+) cells agree", played.stdout)
    assert [a == b for a, b in verdicts] == [True] * 4 + [False] * 2 + [True] * 4
    assert re.search(r"array\(\[5\.0+\d*, 5\.0+\d*, 5\.0+\d*\]\)", played.stdout)  # the ratio, the batch size


def test_backprop_agrees_with_a_central_difference_written_here(net_module):
    x, t = batch()
    net = net_module.TwoLayerNet(2, 4, 3, seed=3)
    backprop = net.gradient(x, t)
    for key, value in net.params.items():
        assert backprop[key].shape == value.shape
        np.testing.assert_allclose(backprop[key], central_difference(lambda: net.loss(x, t), value), atol=1e-6)


def test_the_planted_bug_fails_the_check_by_the_batch_size_and_the_fix_passes(net_module, monkeypatch):
    x, t = batch()
    net = net_module.TwoLayerNet(2, 4, 3, seed=3)
    numerical = {key: central_difference(lambda: net.loss(x, t), value) for key, value in net.params.items()}
    layer = type(net.last_layer)

    def forgetting_n(self, dout=1):
        dx = self.y.copy()
        dx[np.arange(len(self.t)), self.t] -= 1
        return dout * dx

    monkeypatch.setattr(layer, "backward", forgetting_n)
    wrong = net.gradient(x, t)
    assert not np.allclose(wrong["b2"], numerical["b2"], atol=1e-6)
    np.testing.assert_allclose(wrong["b2"], len(x) * numerical["b2"], rtol=1e-5)
    monkeypatch.setattr(layer, "backward", lambda self, dout=1: forgetting_n(self, dout) / len(self.t))
    fixed = net.gradient(x, t)
    assert all(np.allclose(fixed[key], numerical[key], atol=1e-6) for key in numerical)


def exercise():
    return next(step.exercise for step in find_lesson("lesson8").steps if step.exercise is not None)


@pytest.mark.parametrize("code, passes", [
    ("def affine_backward(x, W, dout):\n    return dout @ W.T, x.T @ dout, np.sum(dout, axis=0)\n", True),
    ("def affine_backward(x, W, dout):\n    return dout @ W.T, x.T @ dout, np.sum(dout)\n", False),  # db without axis
    ("def affine_backward(x, W, dout):\n    return dout @ W.T, x.T @ dout / len(x), np.sum(dout, axis=0)\n", False),
    ("def affine_backward(x, W, dout):\n    return dout @ W, x.T @ dout, np.sum(dout, axis=0)\n", False),
])
def test_the_exercise_judges_affine_backward_on_fresh_shapes(code, passes):
    names = {"np": np}
    exec(code, names)
    assert judge(exercise(), names, seed=1).passed == passes


def test_check_names_a_block_by_its_first_line_so_each_step_is_one_line():
    from tutor.play.rehearse import shown_command

    block = next(step for step in find_lesson("lesson8").steps if step.command.count("\n") > 1)
    assert shown_command(block) == "def backward_without_n(self, dout=1): …"
