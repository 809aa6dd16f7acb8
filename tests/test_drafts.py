"""`tutor new` on look-alikes of the book's scripts (issue 12 point 4): drafts that survive versions, step into
methods and sibling modules, skip output lines, and say what they left out.

The scripts in tests/fixtures/drafts are written for these tests (not the book's code). Every expected pattern,
line and name below is worked out by hand from the fixtures' text, never taken from tutor's output.
"""
import functools
import os
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

from tests import helpers

FIXTURES = Path(__file__).parent / "fixtures"
DRAFTS = FIXTURES / "drafts"
VERSIONS = ("2016", "2018", "2019")


@pytest.fixture(autouse=True)
def fresh_imports(tmp_path_factory):
    """Runs in this process import the scripts' own modules (layer_naive, common): forget those of every test's
    folders and of the fixtures (other test files play them in this process too) before and after, so a script
    never gets another folder's module of the same name."""
    roots = tuple(os.path.realpath(root) + os.sep for root in (tmp_path_factory.getbasetemp(), FIXTURES))

    def forget():
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None)
            if file and resolved(file).startswith(roots):
                del sys.modules[name]

    forget()
    yield
    forget()


@functools.cache
def resolved(file: str) -> str:
    """os.path.realpath, once per module file: the thousand modules already loaded are the same at every test
    (resolving them all twice a test took about 2 s of the suite)."""
    return os.path.realpath(file)


def tutor(*args, cwd, env=None):
    """`python -m tutor ARGS` typed in `cwd`, run in this process."""
    return helpers.tutor_in_process(*args, cwd=cwd, env={"COLUMNS": "100", **(env or {})})


def book(tmp_path: Path) -> Path:
    """A copy of the look-alikes (ch04, ch05, common), and an empty folder `elsewhere` beside it to type in."""
    shutil.copytree(DRAFTS, tmp_path / "book")
    (tmp_path / "elsewhere").mkdir()
    return (tmp_path / "book").resolve()


def drafted(name: str, script: Path, cwd: Path) -> tuple[dict, str]:
    """Draft NAME from the script; the lesson as data and what `new` printed."""
    made = tutor("new", name, "--script", str(script), cwd=cwd)
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""
    return tomllib.loads((script.parent / f"{name}.toml").read_text(encoding="utf-8")), made.stdout


def rehearsed(name: str, folder: Path, cwd: Path, *script: str) -> str:
    """`tutor check NAME` must pass: every step met, none missed or not reached."""
    checked = tutor("check", name, "--lessons", str(folder), *script, cwd=cwd)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "missed" not in checked.stdout and "not reached" not in checked.stdout
    return checked.stdout


def commands(lesson: dict) -> list[str]:
    return [step["pdb"] for step in lesson["step"]]


def line_of(path: Path, text: str) -> int:
    """The one line of the file holding text, counted here."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1) if text in line]
    assert len(hits) == 1, (text, hits)
    return hits[0]


@pytest.mark.parametrize("version", VERSIONS)
def test_a_draft_from_one_version_of_gradient_2d_resolves_and_rehearses_on_the_others(tmp_path, version):
    folder = tmp_path / "versions"
    folder.mkdir()
    for each in VERSIONS:
        shutil.copy(FIXTURES / "book" / f"gradient_2d_{each}.py", folder / f"gradient_2d_{each}.py")
    lesson, said = drafted("grads", folder / f"gradient_2d_{version}.py", tmp_path)
    # the grid call is named by what it computes, with the shortest start of its code no other line holds:
    # "grad =" also starts `grad = np.zeros_like(x)`; ".T).T" (2019) or " )" (2016) are left out
    assert lesson["lines"]["grad_call"] == "grad = numerical_gradient"
    assert "np_array_call" not in lesson["lines"]
    # the nine plt.* lines (62-70 in 2019, 61-69 in the others) are not stops; the six computing lines are
    plots = [n for n, line in enumerate((folder / f"gradient_2d_{version}.py").read_text().splitlines(), 1)
             if line.strip().startswith("plt.")]
    assert len(plots) == 9
    assert f"which only print, plot or add to sys.path: {plots[0]}-{plots[-1]}\n" in said
    assert [c for c in commands(lesson) if c.startswith("b ")] == [
        "b {x0_call}", "b {x1_call}", "b {X_Y_call}", "b {X_call}", "b {Y_call}", "b {grad_call}"]
    assert not any("#" in pattern for pattern in lesson["lines"].values())
    for other in VERSIONS:
        rehearsed("grads", folder, tmp_path, "--script", str(folder / f"gradient_2d_{other}.py"))


def test_a_sibling_modules_function_is_stepped_into_and_a_loop_is_reported(tmp_path):
    folder = book(tmp_path) / "ch04"
    script = folder / "slope_walk.py"
    lesson, said = drafted("slopes", script, tmp_path / "elsewhere")
    # by hand: `heights = curve(xs)` steps into the script's curve; `slope = derivative(curve, 5.0)` into
    # slope_helpers.derivative, the first thing its line runs; the for loop and the print are not stops
    assert commands(lesson) == ["b {xs_call}", "c", "b {heights_call}", "c", "s", "p x", "b {slope_call}", "c",
                                "s", "p f, x", "c"]
    assert [step.get("expect", {}).get("function") for step in lesson["step"]][4:9] == [
        "curve", None, None, "<module>", "derivative"]
    loop, printed = line_of(script, "for x in"), line_of(script, 'print("slope at 5:"')
    assert said.splitlines()[1:3] == [
        f"  not stopped at these lines, which only print, plot or add to sys.path: {printed}",
        (f"  not stopped in the loops and blocks of the main code at these lines (a breakpoint in them may stop "
         f"at every turn, or never): {loop}")]
    rehearsed("slopes", folder, tmp_path / "elsewhere")


def test_methods_of_classes_in_a_sibling_module_are_named_by_file_and_play_on_a_renamed_copy(tmp_path):
    folder = book(tmp_path) / "ch05"
    lesson, said = drafted("fruit", folder / "buy_fruit.py", tmp_path / "elsewhere")
    layers = folder / "layer_naive.py"
    lines = lesson["lines"]
    # `from layer_naive import *`: MulLayer.__init__, MulLayer.forward, AddLayer.forward, MulLayer.backward,
    # each entered once, at its first line, named in layer_naive.py
    assert {name: lines[name] for name in lines if name.startswith("in_")} == {
        "in_MulLayer_init": {"file": "layer_naive.py", "text": "self.left ="},
        "in_MulLayer_forward": {"file": "layer_naive.py", "text": "self.left,"},
        "in_AddLayer_forward": {"file": "layer_naive.py", "text": "return left +"},
        "in_MulLayer_backward": {"file": "layer_naive.py", "text": "return upstream *"}}
    assert [line_of(layers, entry["text"]) for name, entry in lines.items() if name.startswith("in_")] == [
        6, 10, 19, 14]
    # a breakpoint in the main code is set while the program is still there, never from inside layer_naive.py
    steps = commands(lesson)
    assert steps[steps.index("tbreak {in_MulLayer_init}") - 1] == "b {orange_layer_call}"
    assert "not stepped into" not in said  # the script defines nothing of its own
    checked = tutor("validate", str(folder / "fruit.toml"), cwd=tmp_path / "elsewhere")
    assert (checked.returncode, checked.stdout) == (0, "1 lesson OK\n"), checked.stdout + checked.stderr
    rehearsed("fruit", folder, tmp_path / "elsewhere")
    played = tutor("--lessons", str(folder), "fruit", "--auto", cwd=tmp_path / "elsewhere")
    assert played.returncode == 0, played.stderr
    assert f"> {layers}(10)forward()" in played.stdout and f"> {layers}(14)backward()" in played.stdout

    other = tmp_path / "shop"  # a renamed copy in another folder, with its own copy of the layers
    other.mkdir()
    shutil.copy(folder / "buy_fruit.py", other / "groceries.py")
    shutil.copy(layers, other / "layer_naive.py")
    # in a process of its own: this one has imported the first folder's layer_naive already
    checked = helpers.tutor("check", "fruit", "--lessons", str(folder), "--script", str(other / "groceries.py"),
                            cwd=tmp_path / "elsewhere")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "missed" not in checked.stdout and "not reached" not in checked.stdout
    assert f"tbreak {other.resolve() / 'layer_naive.py'}:10" in checked.stdout


def test_a_class_method_called_by_the_main_code_and_the_common_package_through_os_pardir(tmp_path):
    folder = book(tmp_path) / "ch04"
    lesson, said = drafted("net", folder / "simple_net.py", tmp_path / "elsewhere")
    lines = lesson["lines"]
    assert lines["in_TinyNet_loss"] == "z =" and lines["in_TinyNet_predict"] == "return np"
    assert lines["in_softmax"] == {"file": "../common/functions.py", "text": "shifted ="}
    assert lines["in_numerical_gradient"] == {"file": "../common/gradient.py", "text": "step ="}
    steps = commands(lesson)
    # loss, then what it calls in the order it runs: predict, softmax, cross_entropy_error
    order = [steps.index(f"tbreak {{{name}}}") for name in
             ("in_TinyNet_loss", "in_TinyNet_predict", "in_softmax", "in_cross_entropy_error")]
    assert order == sorted(order)
    assert "p x, t" in steps and "p scores" in steps
    # `sys.path.append(os.pardir)` (line 4) and `print(dW)` are not stops; the print that calls loss is
    assert f"sys.path: {line_of(folder / 'simple_net.py', 'sys.path.append')}, " in said
    assert "b {net_loss_call}" in steps
    checked = tutor("validate", str(folder / "net.toml"), cwd=tmp_path / "elsewhere")
    assert (checked.returncode, checked.stdout) == (0, "1 lesson OK\n"), checked.stdout + checked.stderr
    # os.pardir is the folder above the one the script runs in, which is its own: from anywhere
    out = rehearsed("net", folder, tmp_path / "elsewhere")
    assert "stops at line 6 of functions.py" in out and "stops in softmax()" in out
    played = tutor("--lessons", str(folder), "net", "--auto", cwd=tmp_path / "elsewhere")
    assert played.returncode == 0, played.stderr
    assert f"> {folder.parent / 'common' / 'gradient.py'}(6)numerical_gradient()" in played.stdout


BOM_SCRIPT = '''\
# 接線の傾きを中心差分で求める（テスト用に書いたもの）
import numpy as np


def numerical_diff(f, x):
    h = 1e-4  # 小さな幅
    return (f(x + h) - f(x - h)) / (2 * h)


def function_1(x):
    return 0.01 * x ** 2 + 0.1 * x


def tangent_line(f, x):
    d = numerical_diff(f, x)
    y = f(x) - d * x
    return lambda t: d * t + y


x = np.arange(0.0, 20.0, 0.1)  # 横軸
y = function_1(x)
tf = tangent_line(function_1, 5)
y2 = tf(x)
print(y2[:3])
'''


def test_a_script_saved_with_a_bom_drafts_rehearses_from_elsewhere_and_plays(tmp_path):
    folder = tmp_path / "ch04"
    folder.mkdir()
    (tmp_path / "elsewhere").mkdir()
    script = folder / "tangent.py"
    script.write_bytes(b"\xef\xbb\xbf" + BOM_SCRIPT.encode("utf-8"))
    lesson, said = drafted("tangent", script, tmp_path / "elsewhere")
    assert all(pattern.isascii() for pattern in lesson["lines"].values())  # no comment in a pattern
    assert "which only print, plot or add to sys.path: 24\n" in said  # print(y2[:3])
    # by hand: "x =" is on line 20 alone ("y = f(x) - d * x" holds "y =", not "x ="); "y =" is on lines 16 and 21
    assert (lesson["lines"]["x_call"], lesson["lines"]["y_call"]) == ("x =", "y = function_1")
    assert commands(lesson) == ["b {x_call}", "c", "b {y_call}", "c", "s", "p x", "b {tf_call}", "c", "s", "p f, x",
                                "tbreak {in_numerical_diff}", "c", "p f, x", "b {y2_call}", "c", "c"]
    checked = tutor("validate", str(folder / "tangent.toml"), cwd=tmp_path / "elsewhere")
    assert (checked.returncode, checked.stdout) == (0, "1 lesson OK\n"), checked.stdout + checked.stderr
    rehearsed("tangent", folder, tmp_path / "elsewhere")
    played = tutor("--lessons", str(folder), "tangent", "--auto", cwd=tmp_path / "elsewhere")
    assert played.returncode == 0, played.stderr
    # tf is the tangent at 5: slope 0.2 and y = f(5) - 0.2 * 5 = -0.25, so tf(0), tf(0.1), tf(0.2) are:
    assert "numerical_diff()" in played.stdout and "[-0.25 -0.23 -0.21]" in played.stdout


@pytest.mark.parametrize(("module", "key", "names"), [
    ("ch05/layer_naive.py", "classes", "MulLayer, AddLayer"),
    ("ch04/slope_helpers.py", "functions", "derivative")])
def test_a_script_that_calls_nothing_gets_a_sentence_not_a_one_step_draft(tmp_path, module, key, names):
    folder = book(tmp_path)
    made = tutor("new", "nothing", "--script", str(folder / module), cwd=tmp_path / "elsewhere")
    name = Path(module).name
    said = {"classes": f"{name} only defines classes ({names}) and calls nothing at module level, so a lesson has "
                       "nothing to stop at; draft one from the script that uses them: "
                       "python -m tutor new NAME --script THAT_SCRIPT",
            "functions": f"{name} defines {names} but calls nothing at module level, so a lesson has nothing to "
                         "stop at; draft one from the script that calls them: "
                         "python -m tutor new NAME --script THAT_SCRIPT"}[key]
    assert (made.returncode, made.stdout, made.stderr) == (2, "", f"tutor: {said}\n")
    assert not (folder / module).with_name("nothing.toml").exists()


def test_a_script_that_defines_nothing_and_calls_nothing_gets_a_sentence(tmp_path):
    (tmp_path / "constants.py").write_text("RATE = 0.1\nSTEPS = [1, 2, 3]\n")
    made = tutor("new", "nothing", "--script", "constants.py", cwd=tmp_path)
    assert (made.returncode, made.stdout, made.stderr) == (
        2, "", "tutor: constants.py calls nothing at module level, so a lesson has nothing to stop at\n")


def test_what_new_left_out_is_said_in_the_learners_language(tmp_path):
    folder = book(tmp_path) / "ch04"
    made = tutor("new", "slopes", "--script", str(folder / "slope_walk.py"), cwd=tmp_path / "elsewhere",
                 env={"LANG": "zh_TW.UTF-8"})
    assert made.returncode == 0, made.stderr
    loop = line_of(folder / "slope_walk.py", "for x in")
    assert made.stdout.splitlines()[0] == f"已寫入 {folder / 'slopes.toml'}：共 11 步"
    assert f"沒有停在主程式這幾行開始的迴圈和區塊裡（中斷點設在裡面可能每一圈都停，也可能一次都不停）：{loop}" in made.stdout
    refused = tutor("new", "layers", "--script", str(folder.parent / "ch05" / "layer_naive.py"),
                    cwd=tmp_path / "elsewhere", env={"LANG": "nan_TW.UTF-8"})
    assert refused.returncode == 2 and refused.stderr.startswith("tutor: layer_naive.py 干焦定義類別（MulLayer, AddLayer）")


def test_the_docs_short_patterns_name_the_same_line_in_each_version():
    """docs/lessons.md, "Short patterns from `tutor new`": its [lines] resolve on the three look-alikes, to the
    line holding the same code in each, and a draft of each version writes them."""
    from tutor.content.draft import draft
    from tutor.content.locate import read_script, resolve_lines

    docs = (Path(__file__).parent.parent / "docs" / "lessons.md").read_text(encoding="utf-8")
    part = docs.split("### Short patterns from `tutor new`", 1)[1].split("\n## ", 1)[0]
    example = tomllib.loads(part.split("```toml\n", 1)[1].split("```", 1)[0])["lines"]
    codes = {"x0_call": "x0 = np.arange(-2, 2.5, 0.25)", "X_Y_call": "X, Y = np.meshgrid(x0, x1)",
             "grad_call": "grad = numerical_gradient(function_2, np.array([X, Y]"}
    assert set(example) == set(codes)
    for version in VERSIONS:
        script = read_script(FIXTURES / "book" / f"gradient_2d_{version}.py")
        lines = script.text.splitlines()
        numbers = resolve_lines(script, example)
        assert {name: lines[number - 1].strip()[:len(codes[name])] for name, number in numbers.items()} == codes
        written = draft("grads", script)[1].lines
        assert {name: written[name] for name in example} == example


UNNAMED = '''\
from layer_naive import MulLayer


def double(value):
    return 2 * value


layer = MulLayer()
value = layer.forward(2, 3)
value = double(value)
value = double(value)
result = layer.forward(value, 1)
'''


def test_after_a_visit_into_another_file_the_next_stop_with_a_pattern_is_set_from_the_script(tmp_path):
    """Lines 10 and 11 are the same text: no pattern finds either alone. The stop after the visit into
    layer_naive.py is line 12's, set while pdb is still in the script."""
    from tutor.content.draft import draft
    from tutor.content.locate import read_script

    folder = book(tmp_path) / "ch05"
    (folder / "twice.py").write_text(UNNAMED)
    text, made = draft("twice", read_script(folder / "twice.py"))
    assert made.unnamed == [10, 11]
    steps = [step.command for step in made.steps]
    assert steps[:5] == ["b {layer_call}", "c", "b {value_call}", "tbreak {in_MulLayer_init}", "c"]
    assert steps[steps.index("tbreak {in_MulLayer_forward}") - 1] == "b {result_call}"
    assert "# Not stopped at (no pattern finds the line alone): lines 10-11." in text
    (folder / "twice.toml").write_text(text)
    rehearsed("twice", folder, tmp_path / "elsewhere")


REBOUND = '''\
from layer_naive import MulLayer, AddLayer
from . import nowhere


class AddLayer:
    pass


def twice(x):
    return 2 * x


MulLayer = dict
layer = MulLayer()
total = AddLayer()
value = twice(3)
'''


def test_a_name_bound_again_is_not_followed_into_what_it_was(tmp_path):
    """MulLayer is rebound to dict and AddLayer is defined again after its import: neither is layer_naive's. A
    relative import of a module that is not there is not followed; twice is entered. (Read, never run.)"""
    from tutor.content.draft import draft
    from tutor.content.locate import read_script

    folder = book(tmp_path) / "ch05"
    (folder / "rebound.py").write_text(REBOUND)
    _, made = draft("rebound", read_script(folder / "rebound.py"))
    assert not any(isinstance(entry, dict) for entry in made.lines.values())  # nothing in layer_naive.py
    assert [step.command for step in made.steps] == ["b {layer_call}", "c", "b {total_call}", "c", "b {value_call}",
                                                     "c", "s", "p x", "c"]
