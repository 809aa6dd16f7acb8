"""Cases that read the script played (`has`): the intro, the outro and a step's `say` or `after` follow the copy
(issue 12 point 6), in every language, and every malformed case is refused with its message."""
import re
import tomllib

import pytest

import tutor.play  # noqa: F401  (the step features' fields, `cases` among them)
from tests import helpers
from tests.conftest import ROOT
from tutor.content.load import load_lesson
from tutor.content.locate import read_script
from tutor.content.resolve import resolve
from tutor.content.translate import translate

BOOK = ROOT / "tests" / "fixtures" / "book"
LESSON3 = ROOT / "lessons" / "lesson3.toml"
FIXED = "np.array([X, Y]).T"  # only the 2019 copy has it (read from the three files below)


def test_only_the_2019_copy_passes_the_transpose():
    assert [year for year in ("2016", "2018", "2019") if FIXED in (BOOK / f"gradient_2d_{year}.py").read_text()] \
        == ["2019"]


def translation(language: str) -> dict:
    path = LESSON3.with_name(f"lesson3.{language}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8")) if language != "en" else {}


def english(language: str) -> dict:
    """Lesson 3's own texts, in the shape of a translation, to compare with the English run."""
    raw = tomllib.loads(LESSON3.read_text(encoding="utf-8"))
    return {"outro": raw["outro"], "cases": [case["outro"] for case in raw["cases"]],
            "step": {str(n): {"say": step["say"], "cases": [c.get("say") or c.get("after") for c in
                                                             step.get("cases", [])]}
                     for n, step in enumerate(raw["step"], 1)}}


def texts_for(language: str) -> dict:
    return english(language) if language == "en" else translation(language)


def filled(text: str, call: int) -> str:
    return text.replace("{call}", str(call))


@pytest.mark.parametrize("language", ["en", "zh-TW", "nan-TW"])
@pytest.mark.parametrize("year", ["2016", "2018", "2019"])
def test_lesson3_resolved_on_each_copy_reads_true_in_each_language(language, year):
    script = read_script(BOOK / f"gradient_2d_{year}.py")
    lesson = resolve(translate(load_lesson(LESSON3), language), script)
    call = lesson.numbers["call"]
    texts, fixed = texts_for(language), year == "2019"
    assert lesson.outro == (texts["cases"][0] if fixed else texts["outro"])
    step8 = lesson.steps[7]
    assert [case.say for case in step8.cases] == ([filled(texts["step"]["8"]["cases"][0], call)] if fixed else [])
    assert step8.say == filled(texts["step"]["8"]["say"], call)  # the lesson's own, shown when no case holds
    for step in lesson.steps:  # no other source case: the rest follow the frame (`when`)
        assert all(case.when for case in step.cases if step.number != 8), step.number


def test_a_translated_case_is_played_on_the_2019_copy(tmp_path):
    pytest.importorskip("matplotlib", reason="the book's scripts import matplotlib at their top: needs pdb-tutor[plot]")
    done = helpers.tutor_in_process("lesson3", "--auto", "--lang", "nan-TW", "--to", "14", "--script",
                                    str(BOOK / "gradient_2d_2019.py"), cwd=tmp_path, env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    shown = "".join(re.sub(r"[│╭╮╰╯─\s]", "", done.stdout))
    texts = translation("nan-TW")["step"]
    for text in (filled(texts["8"]["cases"][0], 60), texts["14"]["cases"][0].replace("{=x.size}", "2")):
        assert re.sub(r"[`\s]", "", text) in shown, text
    assert re.sub(r"[`\s]", "", filled(texts["8"]["say"], 60)) not in shown


LESSON = """\
format = 1
id = "tiny"
title = "Tiny"
script = "tiny.py"
intro = "Any copy."
outro = "The plain copy."
{top}

[[step]]
say = "Run line 1."
pdb = "n"
after = "x is one."
{step}
"""


def played(tmp_path, top: str = "", step: str = "", script: str = "x = 1\nprint(x)\n", *args: str):
    (tmp_path / "tiny.py").write_text(script)
    (tmp_path / "tiny.toml").write_text(LESSON.format(top=top, step=step))
    return helpers.tutor_in_process("tiny", "--lessons", str(tmp_path), "--auto", *args, cwd=tmp_path)


CASES = ('cases = [{ has = "y = 2", intro = "A copy with y." }, { has = "y = 2", outro = "The copy with y." }]',
         'cases = [{ has = "y = 2", say = "Run line 1, then look at y." }, { when = "x == 1", after = "x is still one." }]')


def test_cases_pick_the_intro_say_after_and_outro_by_the_script(tmp_path):
    done = played(tmp_path, *CASES, script="x = 1\ny = 2\nprint(x)\n")
    assert done.returncode == 0, done.stderr
    shown = " ".join(done.stdout.split())
    for text in ("A copy with y.", "Run line 1, then look at y.", "x is still one.", "The copy with y."):
        assert text in shown, text
    for text in ("Any copy.", "Run line 1.", "x is one.", "The plain copy."):
        assert text not in shown, text


def test_without_the_line_the_lessons_own_texts_are_shown(tmp_path):
    done = played(tmp_path, *CASES)
    assert done.returncode == 0, done.stderr
    shown = " ".join(done.stdout.split())
    for text in ("Any copy.", "Run line 1.", "x is still one.", "The plain copy."):  # `when` still holds
        assert text in shown, text
    assert "with y" not in shown and "look at y" not in shown


def test_a_say_case_is_judged_in_the_frame_paused_before_the_step(tmp_path):
    step = 'cases = [{ when = "x == 1", say = "x is bound already." }, { when = "True", say = "Before x." }]'
    done = played(tmp_path, step=step)  # pdb stops before line 1: x is not bound yet, its case raises
    assert done.returncode == 0, done.stderr
    assert "Before x." in done.stdout and "x is bound already." not in done.stdout


@pytest.mark.parametrize("top, step, line, message", [
    ('cases = [{ has = "y", intro = "a", outro = "b" }]', "", 7, "a case holds exactly one of intro or outro"),
    ('cases = [{ has = "y" }]', "", 7, "a case holds exactly one of intro or outro"),
    ('cases = [{ has = "", intro = "a" }]', "", 7, "cases.has must be non-empty text, a text of the script"),
    ('cases = [{ intro = "a" }]', "", 7, "cases.has must be non-empty text, a text of the script"),
    ('cases = "y"', "", 7, "cases must be a list of tables with has and one of intro or outro"),
    ("", 'cases = [{ say = "a" }]', 13, "a case needs when (an expression), has (a text of the script), or both"),
    ("", 'cases = [{ has = "y", say = "a", after = "b" }]', 13, "a case holds exactly one of say or after"),
    ("", 'cases = [{ when = "x", has = 3, after = "b" }]', 13, "cases.has must be non-empty text, a text of the script"),
    ("", 'cases = [{ when = "x ==", after = "b" }]', 13,
     "step 1's cases.when 'x ==' does not compile as an expression: invalid syntax"),
    ("", 'cases = [{ has = "x", say = "{nowhere}" }]', 13, "{nowhere} is not a name in [lines]"),
])
def test_a_malformed_case_is_refused_with_its_message(tmp_path, top, step, line, message):
    (tmp_path / "tiny.py").write_text("x = 1\n")
    lesson = tmp_path / "tiny.toml"
    lesson.write_text(LESSON.format(top=top, step=step))
    done = helpers.tutor_in_process("validate", str(lesson), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, f"{lesson}:{line}: {message}\n")


@pytest.mark.parametrize("entry, message", [
    ('cases = "a"', "cases must be a list of text"),
    ("cases = [1]", "cases must be a list of text"),
])
def test_a_translation_of_the_lessons_cases_is_a_list_of_text(tmp_path, entry, message):
    (tmp_path / "tiny.py").write_text("x = 1\n")
    lesson = tmp_path / "tiny.toml"
    lesson.write_text(LESSON.format(top=CASES[0], step=""))
    (tmp_path / "tiny.zh-TW.toml").write_text(f'title = "小"\n{entry}\n', encoding="utf-8")
    done = helpers.tutor_in_process("validate", str(lesson), cwd=tmp_path)
    assert done.returncode == 1 and f"{tmp_path / 'tiny.zh-TW.toml'}:2: {message}" in done.stdout.splitlines()


def test_a_translation_gives_one_text_per_case_in_order(tmp_path):
    (tmp_path / "tiny.zh-TW.toml").write_text('cases = ["有 y 的版本。", "有 y 的結尾。"]\n'
                                              '[step.1]\ncases = ["先看 x，再看 y。", "x 還是一。"]\n', encoding="utf-8")
    done = played(tmp_path, *CASES, "x = 1\ny = 2\nprint(x)\n", "--lang", "zh-TW")
    assert done.returncode == 0, done.stderr
    shown = "".join(done.stdout.split())
    for text in ("有y的版本。", "先看x，再看y。", "x還是一。", "有y的結尾。"):
        assert text in shown, text
