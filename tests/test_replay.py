"""--record FILE.html (issue 15): the replay page read as HTML here, a page per step, its header, its escaping, no
request anywhere; the page in a real browser, driven by its keys, is tests/test_replay_browser.py's."""
import base64
import hashlib
import html.parser
import io
import platform
import re

import numpy
from rich.console import Console

from tests.conftest import ROOT
from tests.helpers import Keys, tutor_in_process
from tutor.content.catalog import find_lesson, script_for
from tutor.content.locate import read_script
from tutor.play.session import Player
from tutor.ui.record import Tape
from tutor.ui.replay import about, cells
from tutor.ui.screen import Screen

SHOUTING = """\
print("<script>document.title = 'pwned'</script>")
print("<img src=x onerror=\\"document.title = 'pwned'\\"> & &amp;")
x = 1
"""
TAGS_LESSON = """\
format = 1
id = "tags"
title = "Tags <i>in</i> a title & more"
summary = "HTML in a lesson is text."
script = "shouting.py"
intro = "An intro with <b>bold</b> and <script>document.title = 'pwned'</script> in it."

[lines]
last = "x = 1"

[[step]]
say = "Break on line {last}: <em>emphasis</em> & `<code>`."
pdb = "b {last}"

[[step]]
say = "Continue: the script prints its tags on the way."
pdb = "c"
expect.output = ["{wanted}"]

[[step]]
say = "Print one more tag."
pdb = "p '<iframe src=x></iframe>'"
"""


def tags_lesson(tmp_path, wanted: str):
    """A folder holding the tags lesson, its step 2 expecting `wanted`, beside the script that prints HTML."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "shouting.py").write_text(SHOUTING)
    (folder / "tags.toml").write_text(TAGS_LESSON.replace("{wanted}", wanted))
    return folder


class Page(html.parser.HTMLParser):
    """What a replay holds: each <section>'s text by its id, the step list's lines, every tag met, the scripts'
    texts and every attribute that could name a URL."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.sections, self.items, self.tags, self.scripts, self.urls = {}, [], [], [], []
        self.section = self.item = self.script = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.urls += [value for name, value in attrs.items() if name in ("src", "href", "action", "data")]
        if tag == "section":
            self.section = attrs["id"]
            self.sections[self.section] = ""
        elif tag == "li":
            self.item = len(self.items)
            self.items.append((attrs.get("class", ""), ""))
        elif tag == "script":
            self.script = len(self.scripts)
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "section":
            self.section = None
        elif tag == "li":
            self.item = None
        elif tag == "script":
            self.script = None

    def handle_data(self, data):
        if self.section is not None:
            self.sections[self.section] += data
        if self.item is not None:
            self.items[self.item] = (self.items[self.item][0], self.items[self.item][1] + data)
        if self.script is not None:
            self.scripts[self.script] += data


def recorded(tmp_path, *args, name="lesson3.html"):
    """A lesson played hands-free in this process and recorded to an .html: (the run, the file's text)."""
    target = tmp_path / name
    done = tutor_in_process(*args, "--auto", "--record", str(target), cwd=tmp_path, env={"COLUMNS": "100"})
    assert f"recorded to {target}" in done.stderr, done.stderr
    return done, target.read_text(encoding="utf-8")


def test_each_step_is_a_page_with_its_own_output(tmp_path):
    done, text = recorded(tmp_path, "lesson3", "--to", "5")
    assert done.returncode == 0, done.stderr
    page = Page(text)
    assert list(page.sections) == [f"step-{number}" for number in range(6)]  # before the first step, then 1 to 5
    answer = find_lesson("lesson3").steps[4].expect.output[0]  # step 5's expected output, from the lesson file
    assert [id for id, shown in page.sections.items() if answer in shown] == ["step-5"]
    assert "(Pdb) b 59\nBreakpoint 1 at" in page.sections["step-1"] and "(Pdb) b 59" not in page.sections["step-0"]
    assert "import numpy as np" in page.sections["step-0"]  # the first stop, before any step
    assert [line for _, line in page.items][1:3] == ["1 · b 59", "2 · l 58"]


def test_the_header_tells_the_run(tmp_path):
    _, text = recorded(tmp_path, "lesson3", "--to", "2")
    script = read_script(script_for(find_lesson("lesson3")))
    digest = hashlib.sha256(script.path.read_bytes()).hexdigest()
    for fact in ("lesson3 · The numerical gradient under pdb", f"{script.path.name} · sha256 {digest[:16]}",
                 f"Python</dt><dd>{platform.python_version()}<", f"numpy</dt><dd>{numpy.__version__}<",
                 "Every expectation held in the 2 steps run (of 18).", "<dd>2/18</dd>"):
        assert fact in text, fact


def test_the_page_asks_for_nothing_and_runs_only_its_own_script(tmp_path):
    _, text = recorded(tmp_path, "lesson3", "--to", "3")
    page = Page(text)
    assert not re.search(r"https?://|url\(|@import|//[a-z]", text, re.IGNORECASE)
    assert page.urls and all(url.startswith("#step-") for url in page.urls)  # the step list's links, no more
    assert len(page.scripts) == 1 and "img" not in page.tags and "link" not in page.tags
    allowed = re.search(r"script-src 'sha256-([^']+)'", text).group(1)
    assert base64.b64decode(allowed) == hashlib.sha256(page.scripts[0].encode("utf-8")).digest()
    assert "default-src 'none'" in text


def test_html_from_the_program_and_the_lesson_is_shown_as_text(tmp_path):
    folder = tags_lesson(tmp_path, "-> x = 1")
    done, text = recorded(tmp_path, "--lessons", str(folder), "tags", name="tags.html")
    assert done.returncode == 0, done.stderr  
    page = Page(text)
    assert set(page.tags) <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "p", "dl", "div",
                              "dt", "dd", "button", "span", "nav", "ol", "li", "a", "code", "main", "section",
                              "h2", "pre", "script"}, set(page.tags)
    assert len(page.scripts) == 1 and "pwned" not in page.scripts[0]
    assert "<script>document.title = 'pwned'</script>" in page.sections["step-0"]  # the intro, as written
    assert "<img src=x onerror=\"document.title = 'pwned'\"> & &amp;" in page.sections["step-2"]
    assert "<em>emphasis</em> & <code>." in page.sections["step-1"]
    assert "'<iframe src=x></iframe>'" in page.sections["step-3"]
    assert "<title>tags · Tags &lt;i&gt;in&lt;/i&gt; a title &amp; more</title>" in text


def test_a_missed_expectation_is_said_in_the_header_and_marked_in_the_list(tmp_path):
    folder = tags_lesson(tmp_path, "something never printed")
    done, text = recorded(tmp_path, "--lessons", str(folder), "tags", name="tags.html")
    assert done.returncode == 1
    assert "Not what the lesson expected at steps 2." in text
    assert [mark for mark, _ in Page(text).items] == ["", "", "missed", ""]


def test_a_learners_own_lines_are_pages_of_their_own(tmp_path):
    """At step 1 the learner types `p 6 * 7`, then takes the step (b 59); at step 2 they quit with q."""
    lesson = find_lesson("lesson3")
    script = read_script(script_for(lesson))
    tape = Tape(tmp_path / "live.html", 100, 40)
    screen = Screen(Console(file=io.StringIO(), width=100), tape)
    result = Player(lesson, script, screen, Keys(["p 6 * 7", None, "q"])).play()
    tape.save("lesson3", about("lesson3", lesson.title, script.path, script.text, "en", 18, result))
    page = Page((tmp_path / "live.html").read_text(encoding="utf-8"))
    assert list(page.sections) == ["step-0", "step-1", "step-1-1", "step-1-2", "step-2", "step-2-1"]
    assert [line for _, line in page.items][1:] == ["1 · b 59", "1 · your own line: p 6 * 7", "1 · b 59", "2 · l 58",
                                                     "2 · your own line: q"]
    assert "(Pdb) p 6 * 7\n42\n" in page.sections["step-1-1"] and "Breakpoint 1" in page.sections["step-1-2"]


def test_language_and_theme(tmp_path):
    _, text = recorded(tmp_path, "lesson3", "--to", "1", "--lang", "zh-TW", "--theme", "light")
    assert '<html lang="zh-TW">' in text and ":root{--fg:#000000;--bg:#ffffff}" in text
    assert "lesson3 · 第 1/18 步 · <code>b 59</code>" in text and "每一項預期都符合。" in text


def test_wide_characters_keep_two_columns_each():
    assert cells("ab中文c") == 'ab<span class="w" style="width:4ch">中文</span>c'
    assert cells("é · 步x") == 'é · <span class="w" style="width:2ch">步</span>x'  # é and · take one column
    assert cells('<span style="color: #ff0000">&lt;x&gt;</span>') == '<span style="color: #ff0000">&lt;x&gt;</span>'


def test_svg_records_and_the_readmes_pictures_fetch_no_font(tmp_path):
    target = tmp_path / "lesson3.svg"
    done = tutor_in_process("lesson3", "--auto", "--to", "1", "--record", str(target), cwd=tmp_path, env={})
    assert done.returncode == 0, done.stderr
    for picture in [target, *sorted((ROOT / "docs").glob("*.svg"))]:
        text = picture.read_text(encoding="utf-8")
        assert 'font-family: "Fira Code"' in text and not re.search(r"url\(\s*[\"']?https?:", text), picture
