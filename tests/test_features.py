"""A step feature is one module: its fields load, validate, translate and fill, and it takes part in a step.

The toy feature below is written to a file of its own and imported: nothing else in tutor is edited.
It shows a value of the paused frame after the step, under a translatable caption that may name a line.
"""
import importlib
import io
import sys

import numpy as np
import pytest
from rich.console import Console

from tests.conftest import SCRIPT
from tutor.cli import main
from tutor.content import translate
from tutor.content.load import parse_lesson
from tutor.content.locate import read_script
from tutor.play.feature import unregister
from tutor.play.session import Player
from tutor.ui.screen import Screen

TOY = '''\
from dataclasses import dataclass

from tutor.content.schema import TABLE, TEXT, Field
from tutor.play.feature import Feature, register


@dataclass(frozen=True)
class Shout:
    expression: str
    caption: str = ""


class Shouting(Feature):
    name = "shout"
    fields = (Field("shout", TABLE, build=Shout, doc="a value, shouted", fields=(
        Field("expression", TEXT, required=True, compiles="eval", doc="what to shout"),
        Field("caption", TEXT, translatable=True, lines=True, default="", doc="said before it"))),)

    def after_step(self, stage, step):
        if step.shout is not None:
            value = stage.evaluate(step.shout.expression)
            stage.note("shout", f"{step.shout.caption} {value!r}".upper(), "tutor.good")

    def expectations(self, step):
        return [] if step.shout is None else [f"shouts {step.shout.expression}"]


FEATURE = register(Shouting())
'''

LESSON = '''\
format = 1
id = "toy"
title = "Toy"
script = "gradient_2d.py"

[lines]
call = "grad = numerical_gradient(function_2"

[[step]]
say = "Break at the grid call."
pdb = "b {call}"

[[step]]
say = "Run to it."
pdb = "c"
shout = { expression = "X.shape", caption = "the grid at line {call} has shape" }
'''


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """The toy feature, imported from its own module, and taken out again after the test."""
    (tmp_path / "toyfeature.py").write_text(TOY)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("toyfeature")
    yield module
    unregister(module.FEATURE)
    sys.modules.pop("toyfeature", None)


def grid_call_line() -> int:
    """The grid call's line in the packaged script, counted from its text (not by tutor)."""
    lines = SCRIPT.read_text().splitlines()
    return next(n for n, text in enumerate(lines, start=1) if "grad = numerical_gradient(function_2" in text)


def test_the_feature_draws_after_its_step_with_the_line_filled(toy):
    lesson = parse_lesson(LESSON, SCRIPT.parent / "toy.toml")
    out = io.StringIO()
    result = Player(lesson, read_script(SCRIPT), Screen(Console(file=out, width=100))).play()
    assert result.misses == [] and result.completed
    shape = (len(np.arange(-2, 2.5, 0.25)) ** 2,)  # X is the flattened 18 x 18 grid when the call is reached
    assert f"THE GRID AT LINE {grid_call_line()} HAS SHAPE {shape!r}" in out.getvalue()


def test_without_the_feature_its_key_is_unknown(toy):
    unregister(toy.FEATURE)
    from tutor.content.lesson import LessonError

    with pytest.raises(LessonError, match="unknown key 'shout' in step 2"):
        parse_lesson(LESSON, "toy.toml")


def test_validate_knows_the_features_fields(toy, tmp_path, capsys):
    (tmp_path / "gradient_2d.py").write_text(SCRIPT.read_text())
    broken = LESSON.replace('expression = "X.shape"', 'expresion = "X.shape"').replace("{call} has", "{cal} has")
    (tmp_path / "toy.toml").write_text(broken)
    assert main(["validate", str(tmp_path / "toy.toml")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{tmp_path / 'toy.toml'}:16: unknown key 'expresion' in step 2's shout (did you mean 'expression'?)" in out
    assert f"{tmp_path / 'toy.toml'}:16: {{cal}} is not a name in [lines]" in out
    (tmp_path / "toy.toml").write_text(LESSON.replace('"X.shape"', '"X.shape +"'))
    assert main(["validate", str(tmp_path / "toy.toml")]) == 1
    assert "step 2's shout.expression 'X.shape +' does not compile as an expression" in capsys.readouterr().out


def test_its_translatable_text_is_translated_and_its_gaps_listed(toy, tmp_path):
    path = tmp_path / "toy.toml"
    path.write_text(LESSON)
    lesson = parse_lesson(LESSON, path)
    assert translate.missing(lesson, "zh-TW") == ["title", "step 1: say", "step 2: say", "step 2: shout.caption"]
    (tmp_path / "toy.zh-TW.toml").write_text('[step.2]\nshout = { caption = "第 {call} 行的網格" }\n')
    translated = translate.translate(lesson, "zh-TW")
    assert translated.steps[1].shout.caption == "第 {call} 行的網格"
    assert translated.steps[1].shout.expression == "X.shape"  # Python is never translated
    assert translate.missing(lesson, "zh-TW") == ["title", "step 1: say", "step 2: say"]


def test_a_program_that_loads_lessons_without_the_features_is_told_why(tmp_path):
    """content never imports play: a program that loads a lesson first must be told to import tutor.play."""
    import subprocess

    code = ("from tutor.content.catalog import lesson_paths\nfrom tutor.content.load import load_lesson\n"
            "load_lesson(lesson_paths()['lesson3'])\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "no step feature is registered: import tutor.play before loading lessons" in done.stderr
    ok = subprocess.run([sys.executable, "-c", "import tutor.play\n" + code], cwd=tmp_path, capture_output=True,
                        text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
