"""--record FILE.html in a real browser (issue 15): headless Chromium opens the replay from file:// and the test drives
it with the keyboard, reading only what is visible. Every lesson (both courses) in English, lesson 3 in every
language.

One browser serves the whole module (tests/conftest.py keeps the module on one worker). Without selenium or Debian's
chromium and chromium-driver the module is skipped, saying which is missing; .ci/run installs them.
"""
from __future__ import annotations

import re

import pytest

from tests.browser import chromium, missing, requests
from tests.helpers import tutor_in_process
from tests.test_replay import tags_lesson
from tutor.content.catalog import find_lesson

LANGUAGES = ("en", "zh-TW", "nan-TW")
# The step whose answer each walk looks for: the first whose expected output (the lesson file's `expect.output`)
# is a line of its own; lesson 3's is step 5, numerical_gradient at (5, 6). In lessons 6-9, whose early steps
# expect only pdb's "Breakpoint 1 at", a later step's: lesson 6's tbreak deleted, lesson 9's ValueError.
ANSWERS = {"lesson1": 1, "lesson2": 9, "lesson3": 5, "lesson4": 3, "lesson5": 3, "lesson6": 13, "lesson7": 2,
           "lesson8": 1, "lesson9": 12}
CASES = [(lesson, "en") for lesson in ANSWERS] + [("lesson3", language) for language in LANGUAGES[1:]]
GUARD = 30  # seconds: only against a hang, never a pace the test relies on


@pytest.fixture(scope="module")
def browser():
    why = missing()
    if why:
        pytest.skip(why)
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def replays(tmp_path_factory):
    """Each lesson recorded once, hands-free, 100 columns wide: its .html file by (lesson, language)."""
    folder, made = tmp_path_factory.mktemp("replays"), {}

    def replay(lesson: str, language: str = "en"):
        if (lesson, language) not in made:
            target = folder / f"{lesson}.{language}.html"
            done = tutor_in_process(lesson, "--auto", "--lang", language, "--record", str(target), cwd=folder,
                                    env={"COLUMNS": "100"})
            assert done.returncode == 0, done.stderr
            made[lesson, language] = target
        return made[lesson, language]

    return replay


def press(browser, *keys, shift: bool = False) -> None:
    """Keys pressed one after the other on the page (with Shift held down, if asked)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    actions = ActionChains(browser)
    if shift:
        actions.key_down(Keys.SHIFT)
    actions.send_keys(*keys)
    if shift:
        actions.key_up(Keys.SHIFT)
    actions.perform()


VISIBLE = """
    const on = [...document.querySelectorAll("section.page")].filter(section => section.checkVisibility());
    const title = on.length ? on[0].querySelector("h2") : null;
    return [location.href, on.map(section => section.id), title ? title.innerText : "",
            document.getElementById("where").innerText, on.length ? on[0].innerText : ""];"""


def shown(browser, number: int, total: int) -> str:
    """Step `number` is the one page visible, the address names it: the visible text of the page (read in one
    round trip: Selenium's is_displayed per section made the walks five times slower)."""
    from selenium.webdriver.support.ui import WebDriverWait

    address = f"#step-{number}"
    WebDriverWait(browser, GUARD, poll_frequency=0.02).until(
        lambda driver: driver.current_url.endswith(address) or number == 0, f"the address never became {address}")
    url, ids, title, where, text = browser.execute_script(VISIBLE)
    assert url.endswith(address) or number == 0
    assert ids == [f"step-{number}"]
    if number:
        assert f"{number}/{total}" in title
    assert where == f"{number} / {total}"
    return text


def answers(lesson) -> list[str]:
    """What the lesson file expects the answer step to print (the parts without placeholders)."""
    expected = lesson.steps[ANSWERS[lesson.id] - 1].expect.output
    return [piece.strip() for piece in expected if "{" not in piece and piece.strip()]


@pytest.mark.parametrize(("name", "language"), CASES)
def test_the_keyboard_walks_the_steps_and_the_address_follows(browser, replays, name, language):
    from selenium.webdriver.common.keys import Keys

    page, lesson = replays(name, language), find_lesson(name)
    total, answer_step, answer = len(lesson.steps), ANSWERS[name], answers(lesson)
    assert answer and not re.search(r"https?://", page.read_text(encoding="utf-8"))
    assert page.stat().st_size < 5_000_000
    requests(browser)  # forget earlier tests' requests
    browser.get(page.as_uri())
    assert browser.find_element("tag name", "html").get_attribute("lang") == language
    shown(browser, 0, total)  # the intro is step 0
    first_screen = browser.find_element("tag name", "body").text  # header, step list and the intro: all visible
    assert not any(piece in first_screen for piece in answer)
    for number in range(1, answer_step + 1):
        press(browser, Keys.ARROW_RIGHT)
        text = shown(browser, number, total)
        assert all(piece in text for piece in answer) == (number == answer_step), number
    press(browser, Keys.ARROW_LEFT)
    assert not any(piece in shown(browser, answer_step - 1, total) for piece in answer)
    press(browser, Keys.ARROW_RIGHT)
    browser.refresh()
    assert all(piece in shown(browser, answer_step, total) for piece in answer)
    browser.get("about:blank")
    browser.get(f"{page.as_uri()}#step-{answer_step}")  # a link to the step, opened afresh
    assert all(piece in shown(browser, answer_step, total) for piece in answer)
    assert browser.execute_script("return window.scrollY") == 0  # the header stays in view
    assert {url.split("#")[0] for url in requests(browser) if url != "about:blank"} == {page.as_uri()}
    assert not [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


LINE_WIDTHS = """
    const code = document.querySelector("section.page.on pre.term code");
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    const lines = [[null, 0, ""]];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        if (node.data[i] === "\\n") { lines.push([null, 0, ""]); continue; }
        const range = document.createRange(), line = lines[lines.length - 1];
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        line[0] = line[0] === null ? box.left : line[0];
        line[1] = box.right;
        line[2] += node.data[i];
      }
    }
    return lines.filter(line => line[2].endsWith("\u2502")).map(line => [line[1] - line[0], line[2]]);"""


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_wide_characters_take_two_columns_in_the_terminal_blocks(browser, replays, language):
    """Every line of step 13's panels (the row split, its words in Chinese) ends with its border at the column
    rich counted: the line's width in pixels is its width in cells (rich.cells.cell_len) times one column's."""
    from rich.cells import cell_len

    page = replays("lesson3", language)
    browser.get("about:blank")  # a fresh load, not a hash change on a page already open
    browser.get(f"{page.as_uri()}#step-13")
    shown(browser, 13, len(find_lesson("lesson3").steps))
    browser.execute_async_script("document.fonts.ready.then(arguments[arguments.length - 1])")  # laid out in its fonts
    lines = browser.execute_script(LINE_WIDTHS)
    assert any(cell_len(text) > len(text) for _, text in lines)  # some hold wide characters
    column = next(pixels / len(text) for pixels, text in lines if cell_len(text) == len(text))
    off = [(pixels, cell_len(text), text) for pixels, text in lines if abs(pixels - cell_len(text) * column) >= 1]
    assert not off, (column, off)


def test_every_key_the_page_names_and_the_step_list(browser, replays, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    total = len(find_lesson("lesson3").steps)
    browser.get(replays("lesson3").as_uri())
    for key, shift, number in [(Keys.SPACE, False, 1), (Keys.PAGE_DOWN, False, 2), (Keys.PAGE_UP, False, 1),
                               (Keys.END, False, total), (Keys.ARROW_RIGHT, False, total),
                               (Keys.SPACE, True, total - 1), (Keys.HOME, False, 0), (Keys.ARROW_LEFT, False, 0)]:
        press(browser, key, shift=shift)
        assert shown(browser, number, total), (key, shift)
    browser.find_element(By.CSS_SELECTOR, 'nav.steps a[href="#step-13"]').click()
    text = shown(browser, 13, total)
    assert "for idx, x in enumerate(X)" in text and "X[0]" in text  # the row split's view
    assert browser.get_screenshot_as_png().startswith(b"\x89PNG")


def test_show_all_print_and_a_phone(browser, replays):
    from selenium.webdriver.common.by import By

    browser.get(replays("lesson3").as_uri())
    sections = browser.find_elements(By.CSS_SELECTOR, "section.page")
    browser.find_element(By.ID, "all").click()
    assert all(section.is_displayed() for section in sections)  # Ctrl-F finds text in every step
    browser.get(replays("lesson3").as_uri())
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        sections = browser.find_elements(By.CSS_SELECTOR, "section.page")
        assert all(section.is_displayed() for section in sections)
        assert not browser.find_element(By.CSS_SELECTOR, "nav.steps").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.set_window_size(390, 844)
    try:
        browser.get(f"{replays('lesson3').as_uri()}#step-13")
        wide = browser.execute_script("""
            const term = document.querySelector("#step-13 pre.term");
            return [term.scrollWidth > term.clientWidth, document.documentElement.scrollWidth <= innerWidth + 1,
                    document.querySelector("#step-13 .say p").getBoundingClientRect().right <= innerWidth];""")
        assert wide == [True, True, True]  # the terminal scrolls sideways, the page and the narration fit
    finally:
        browser.set_window_size(1300, 900)


def test_html_printed_by_the_program_or_written_in_the_lesson_stays_text(browser, tmp_path):
    folder = tags_lesson(tmp_path, "-> x = 1")
    target = tmp_path / "tags.html"
    done = tutor_in_process("--lessons", str(folder), "tags", "--auto", "--record", str(target), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    browser.get(target.as_uri())
    assert browser.title == "tags · Tags <i>in</i> a title & more"
    assert "<script>document.title = 'pwned'</script>" in shown(browser, 0, 3)
    from selenium.webdriver.common.keys import Keys

    press(browser, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    assert "<img src=x onerror=\"document.title = 'pwned'\"> & &amp;" in shown(browser, 2, 3)
    assert browser.title != "pwned" and not browser.find_elements("tag name", "img")
