"""Languages: picking one, translating a lesson from the file beside it, English wherever a string is missing."""
import pytest

from tutor.content import translate as i18n
from tutor.ui import words as messages
from tutor.content.load import load_lesson

LESSON = '''format = 1
id = "tiny"
title = "Tiny"
summary = "A tiny lesson."
script = "tiny.py"
[[step]]
say = "Break at the start."
pdb = "b 1"
after = "Set."
[[step]]
say = "Look at x."
pdb = "p x"
[step.predict]
ask = "What is x?"
expression = "x"
answer = "1"
hint = "Read line 1."
'''


@pytest.mark.parametrize("environ, language", [
    ({"LANG": "zh_TW.UTF-8"}, "zh-TW"),
    ({"LANG": "nan_TW.UTF-8"}, "nan-TW"),
    ({"LC_ALL": "nan_TW", "LANG": "zh_TW.UTF-8"}, "nan-TW"),  # LC_ALL wins over LANG
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_language_follows_the_locale(environ, language):
    assert i18n.pick(None, environ) == language


def test_the_option_wins_over_the_locale():
    assert i18n.pick("en", {"LC_ALL": "zh_TW.UTF-8"}) == "en"


def lesson_with(tmp_path, translation: str | None):
    (tmp_path / "tiny.toml").write_text(LESSON, encoding="utf-8")
    if translation is not None:
        (tmp_path / "tiny.zh-TW.toml").write_text(translation, encoding="utf-8")
    return load_lesson(tmp_path / "tiny.toml")


def test_a_translation_replaces_what_it_has_and_english_fills_the_rest(tmp_path):
    lesson = lesson_with(tmp_path, 'title = "小課"\n[step.1]\nsay = "佇頭前設中斷點。"\n[step.2]\npredict.hint = "看第一行。"\n')
    translated = i18n.translate(lesson, "zh-TW")
    assert translated.title == "小課" and translated.summary == "A tiny lesson."
    assert translated.steps[0].say == "佇頭前設中斷點。" and translated.steps[0].after == "Set."
    assert translated.steps[1].predict.hint == "看第一行。" and translated.steps[1].predict.ask == "What is x?"
    assert translated.steps[1].command == "p x" and translated.steps[1].predict.expression == "x"  # code stays
    assert i18n.missing(lesson, "zh-TW") == ["summary", "step 1: after", "step 2: say", "step 2: predict.ask"]


def test_no_translation_file_means_english(tmp_path):
    lesson = lesson_with(tmp_path, None)
    assert i18n.translate(lesson, "nan-TW") == lesson
    assert "title" in i18n.missing(lesson, "nan-TW")


def test_a_broken_translation_is_one_clear_error(tmp_path):
    lesson = lesson_with(tmp_path, "title = \n")
    with pytest.raises(i18n.TranslationError, match=r"tiny\.zh-TW\.toml:1: not valid TOML: Invalid value$"):
        i18n.translate(lesson, "zh-TW")


def test_tool_messages_fall_back_to_english_and_keep_their_fields():
    words = messages.Words("xx")  # a language with no file at all
    assert words("no_such_step", last=7) == "There is no such step: the lesson has steps 1 to 7."
    assert "no_such_step" in words.missing()
    words.table = {"no_such_step": "無這步：{wrong_field}"}  # a translator's broken field: English instead
    assert words("no_such_step", last=7).endswith("steps 1 to 7.")


def test_validate_reports_broken_translations_and_lists_what_is_missing(tmp_path):
    import io

    from tutor.content.validate import validate_command

    (tmp_path / "tiny.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "tiny.toml").write_text(LESSON, encoding="utf-8")
    (tmp_path / "tiny.zh-TW.toml").write_text('title = "小"\nbogus = 1\n[step.9]\nsay = "y"\n', encoding="utf-8")
    (tmp_path / "tiny.nan-TW.toml").write_text("title = \n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert validate_command([str(tmp_path)], out=out, err=err) == 1
    lines = out.getvalue().splitlines()
    zh, nan = tmp_path / "tiny.zh-TW.toml", tmp_path / "tiny.nan-TW.toml"
    assert f"{zh}:2: unknown key 'bogus' (a translation holds cases, course, intro, outro, step, summary, title)" in lines
    assert f"{zh}:3: [step.9]: the lesson has steps 1 to 2" in lines
    assert f"{nan}:1: not valid TOML: Invalid value" in lines
    # summary, step 1 say and after, step 2 say and predict ask and hint: 6 strings, counted by hand
    assert f"note: {zh}: zh-TW lacks 6 string(s), shown in English: summary, step 1: say, step 1: after, " \
           "step 2: say, step 2: predict.ask, step 2: predict.hint" in lines


EXERCISING = LESSON.replace('''pdb = "p x"
[step.predict]
ask = "What is x?"
expression = "x"
answer = "1"
hint = "Read line 1."
''', '''[step.exercise]
define = "f"
solution = "def f(): return 1"
check = [{ holds = "f() == 1" }]
hints = ["First hint.", "Second hint."]
''')


def test_an_empty_translated_hint_is_missing_and_shows_english(tmp_path):
    (tmp_path / "tiny.toml").write_text(EXERCISING, encoding="utf-8")
    (tmp_path / "tiny.zh-TW.toml").write_text(
        'title = "小"\nsummary = "小課"\n[step.1]\nsay = "甲"\nafter = "乙"\n[step.2]\nsay = "丙"\n'
        'exercise = { hints = ["", "第二"] }\n', encoding="utf-8")
    lesson = load_lesson(tmp_path / "tiny.toml")
    assert i18n.missing(lesson, "zh-TW") == ["step 2: exercise.hints[0]"]
    assert i18n.translate(lesson, "zh-TW").steps[1].exercise.hints == ("First hint.", "第二")


@pytest.mark.parametrize("translation, problem", [  # each with the line it is on
    ('title = 5\n', "1: title must be text"),
    ('[step.1]\nsay = ["x"]\n', "2: [step.1]: say must be text"),
    ('[step.2]\nexercise = { hints = "one" }\n', "2: [step.2]: exercise.hints must be a list of text"),
    ('[step.2]\nexercise = { solution = "def f(): return 2" }\n', "2: [step.2]: unknown key 'exercise.solution'"),
    ('[step.2]\nexercise = 3\n', "2: [step.2]: exercise must be a table"),
])
def test_validate_refuses_translations_of_the_wrong_shape(tmp_path, translation, problem):
    import io

    from tutor.content.validate import validate_command

    (tmp_path / "tiny.py").write_text("def f(): return 1\n", encoding="utf-8")
    (tmp_path / "tiny.toml").write_text(EXERCISING, encoding="utf-8")
    (tmp_path / "tiny.zh-TW.toml").write_text(translation, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert validate_command([str(tmp_path)], out=out, err=err) == 1
    assert f"{tmp_path / 'tiny.zh-TW.toml'}:{problem}" in out.getvalue().splitlines()
