"""Every lesson in every language: the opening, the first steps and the bottom bar stay aligned at 80 and
60 columns (Chinese characters take two), match their golden renders, and the lesson plays hands-free."""
import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tests.test_views import check_golden
from tutor.content import translate as i18n
from tutor.ui import words as messages
from tutor.play import presenter
from tutor.content.catalog import find_lesson, lesson_paths, script_for
from tutor.ui.keyboard import fitting
from tutor.content.lesson import fill
from tutor.content.locate import read_script, resolve_lines
from tutor.play.rehearse import rehearse
from tutor.ui.views.step import NotePanel, StepPanel
from tutor.ui.views.theme import DEFAULT

LESSONS = list(lesson_paths())
LIVE = re.compile(r"\{=([^{}]+)\}")


def opening(name: str, language: str, width: int) -> str:
    """What a learner sees first, rendered without colour: title and intro, steps 1 to 3, the bottom bar."""
    lesson = i18n.translate(find_lesson(name), language)
    numbers = resolve_lines(read_script(script_for(lesson)), lesson.lines)
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False, theme=DEFAULT)
    text = lambda words: LIVE.sub(r"⟨\1⟩", fill(words, numbers))  # noqa: E731  live values need a run
    words = messages.Words(language)
    console.print(NotePanel(f"{lesson.id} · {lesson.title}", text(lesson.intro or lesson.summary)))
    for step in lesson.steps[:3]:
        console.print(StepPanel(lesson.id, step.number, len(lesson.steps), text(step.say), words=words))
    bar = Text(fitting(presenter.bars(lesson.id, 0, len(lesson.steps), words), width), no_wrap=True,
               overflow="ellipsis")
    bar.truncate(width, overflow="ellipsis", pad=True)
    console.print(bar, no_wrap=True)
    return console.file.getvalue()


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("name", LESSONS)
def test_the_opening_is_aligned_and_matches_its_golden(name, language, width):
    screen = opening(name, language, width)
    lines = screen.splitlines()
    assert lines and all(cell_len(line) == width for line in lines), \
        [line for line in lines if cell_len(line) != width]  # every border lands in the last column
    check_golden(f"lang/{name}.{language}.{width}", screen)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_lesson_and_every_sentence_is_translated(language):
    assert messages.Words(language).missing() == []
    for name in LESSONS:
        assert i18n.missing(find_lesson(name), language) == [], name


@pytest.mark.parametrize("language", [lang for lang in i18n.LANGUAGES if lang != "en"])
@pytest.mark.parametrize("name", LESSONS)
def test_a_translation_keeps_every_placeholder_and_code_span(name, language):
    english, translated = find_lesson(name), i18n.translate(find_lesson(name), language)
    marks = re.compile(r"\{[^{}]*\}|`[^`]*`")
    pairs = [(english.intro, translated.intro), (english.outro, translated.outro)]
    for before, after in zip(english.steps, translated.steps):
        pairs += [(before.say, after.say), (before.after, after.after)]
        pairs += [(a.after, b.after) for a, b in zip(before.cases, after.cases)]
    for source, target in pairs:
        assert sorted(marks.findall(source)) == sorted(marks.findall(target)), target


@pytest.mark.parametrize("language", [lang for lang in i18n.LANGUAGES if lang != "en"])
@pytest.mark.parametrize("name", LESSONS)
def test_each_lesson_plays_hands_free_in_each_language(name, language):
    lesson = i18n.translate(find_lesson(name), language)
    steps, result = rehearse(lesson, read_script(script_for(lesson)), words=messages.Words(language))
    assert [s for s in steps if s.status != "met"] == [] and result.completed


def test_chinese_narration_breaks_between_characters_never_before_a_full_stop():
    from tutor.ui.views.step import wrapped

    text = Text("在第 59 行設中斷點，整個網格的梯度在那裡計算。" * 3 + " numerical_gradient(f, x)")
    lines = wrapped(text, 24).plain.split("\n")
    assert all(cell_len(line) <= 24 for line in lines)
    assert not any(line[:1] in "。，" for line in lines)
    assert "numerical_gradient(f," in lines[-1]  # a Latin word is never cut in two
    assert "".join(lines).replace(" ", "") == text.plain.replace(" ", "")  # nothing lost but the spaces broken at


def test_english_narration_is_left_to_rich():
    from tutor.ui.views.step import wrapped

    text = Text("Set a breakpoint on line 59, where the gradient of the whole grid is computed.")
    assert wrapped(text, 20) is text
