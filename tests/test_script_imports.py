"""Scripts as Python reads and imports them: their own folder and the path they build, their declared encoding.

The scripts are look-alikes of the book's multi-file chapters (tests/fixtures/book/ch04, ch05 and common), never
copies of its code. Each is played with a one-step lesson of its own through `--script`, from another folder.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import tutor, tutor_in_process
from tutor.content.locate import ScriptError, check_imports, read_script

BOOK = Path(__file__).parent / "fixtures" / "book"
NOT_FOUND = "which is not found beside the script, on the path the script adds or among the installed modules"


def lessons(tmp_path: Path, script: str = "own.py", text: bytes = b"x = 1\n") -> Path:
    """A folder with a one-step lesson `own` that runs to the end of `script` (written from `text`)."""
    folder = tmp_path / "lessons"
    folder.mkdir(exist_ok=True)
    (folder / "own.toml").write_text(f'format = 1\nid = "own"\ntitle = "Own"\nscript = "{script}"\n\n'
                                     '[[step]]\nsay = "Go."\npdb = "c"\n', encoding="utf-8")
    (folder / script).write_bytes(text)
    return folder


def play(tmp_path: Path, script: Path, cwd: Path):
    """Lesson `own` played hands-free on `script`, with `cwd` as the working folder."""
    return tutor_in_process("own", "--lessons", str(lessons(tmp_path)), "--auto", "--script", str(script), cwd=cwd)


def test_a_script_importing_its_sibling_plays_from_another_folder(tmp_path):
    done = play(tmp_path, BOOK / "ch04" / "gradient_method.py", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    # by hand: each step multiplies x by 1 - 0.1 * 2 = 0.8, so 20 steps leave 0.8**20 * (-3, 4) = (-0.0346, 0.0461)
    assert "descent ends at [-0.03458765  0.04611686]" in done.stdout
    done = play(tmp_path, BOOK / "ch05" / "buy_apple.py", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "total: 220.00000000000003" in done.stdout  # 100 * 2 = 200, then 200 * 1.1 in float64


def test_a_path_built_from_the_scripts_own_file_plays_from_another_folder(tmp_path):
    done = play(tmp_path, BOOK / "ch05" / "activate_anywhere.py", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "sigmoid(0) = 0.5" in done.stdout


def test_sys_path_append_pardir_is_seen_relative_to_the_scripts_folder(tmp_path, monkeypatch):
    """The book's way: run from the chapter's folder, `os.pardir` is where common/ is; checked from anywhere."""
    done = play(tmp_path, BOOK / "ch05" / "activate.py", cwd=BOOK / "ch05")
    assert (done.returncode, done.stderr) == (0, "")
    assert "sigmoid(0) = 0.5" in done.stdout
    monkeypatch.chdir(tmp_path)
    check_imports(read_script(BOOK / "ch05" / "activate.py"))  # no ScriptError: common/ is found


def test_check_of_lessons_on_two_chapters_gives_each_its_own_common(tmp_path):
    """`sys.path.append(os.pardir)` in two copies of the book: `check` runs both in one process, and the second copy's
    sigmoid (changed to 2 / (1 + e^-x), so 1.0 at 0, where the first gives 0.5) must be the one the second lesson sees."""
    for copy, value in (("first", "0.5"), ("second", "1.0")):
        shutil.copytree(BOOK, tmp_path / copy)
        (tmp_path / f"{copy}.toml").write_text(
            f'format = 1\nid = "{copy}"\ntitle = "{copy}"\nscript = "{copy}/ch05/activate.py"\n\n'
            '[[step]]\nsay = "Stop at the print."\npdb = "b 7"\n\n[[step]]\nsay = "Run."\npdb = "c"\n\n'
            f'[[step]]\nsay = "Ask."\npdb = "p float(sigmoid(0.0))"\nexpect.output = ["{value}"]\n', encoding="utf-8")
    functions = tmp_path / "second" / "common" / "functions.py"
    functions.write_text(functions.read_text().replace("return 1 / (1 +", "return 2 / (1 +"))
    for copy, value in (("first", "0.5"), ("second", "1.0")):  # one process, one after the other, as `check` runs all
        done = tutor_in_process("check", copy, "--lessons", str(tmp_path), cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"output has '{value}'" in done.stdout


def test_looking_up_a_package_never_runs_its_init(tmp_path):
    """common/__init__.py leaves a mark if it runs; the missing module after it stops tutor before anything runs."""
    book = tmp_path / "book"
    shutil.copytree(BOOK / "common", book / "common")
    (book / "ch05").mkdir()
    mark = tmp_path / "init-ran"
    (book / "common" / "__init__.py").write_text(f"open({str(mark)!r}, 'w').close()\n")
    script = book / "ch05" / "needs.py"
    script.write_text("import os\nimport sys\nsys.path.append(os.pardir)\nfrom common.functions import sigmoid\n"
                      "import no_such_module_for_tutor\n")
    done = play(tmp_path, script, cwd=book / "ch05")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"tutor: needs.py line 5 imports no_such_module_for_tutor, {NOT_FOUND}\n"
    assert not mark.exists()


def test_a_missing_sibling_is_named_by_its_line_and_gets_no_pip_command(tmp_path):
    (tmp_path / "ch05").mkdir()
    shutil.copy(BOOK / "ch05" / "buy_apple.py", tmp_path / "ch05")  # without layer_naive.py beside it
    done = tutor("own", "--lessons", str(lessons(tmp_path)), "--auto", "--script",
                 str(tmp_path / "ch05" / "buy_apple.py"), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"tutor: buy_apple.py line 2 imports layer_naive, {NOT_FOUND}\n"
    assert "pip" not in done.stderr


def test_a_module_found_only_in_tutors_working_folder_is_missing_for_the_script(tmp_path):
    """The script runs with its own folder first, not tutor's: a module in tutor's folder is not the script's."""
    (tmp_path / "only_here.py").write_text("")
    folder = lessons(tmp_path, "uses.py", b"x = 1\nimport only_here\n")
    done = tutor_in_process("own", "--lessons", str(folder), "--auto", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"tutor: uses.py line 2 imports only_here, {NOT_FOUND}\n")


def test_a_script_with_a_bom_plays_and_validates(tmp_path):
    folder = lessons(tmp_path, "bom.py", b"\xef\xbb\xbfword = 'ok'\nprint('word is', word)\n")
    done = tutor_in_process("own", "--lessons", str(folder), "--auto", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "word is ok" in done.stdout
    assert_accepted(tmp_path, folder)


def test_a_script_with_a_latin1_cookie_plays_and_validates(tmp_path):
    text = "# -*- coding: latin-1 -*-\nword = 'café'\nprint('word is', word, len(word))\n".encode("latin-1")
    folder = lessons(tmp_path, "latin.py", text)
    done = tutor_in_process("own", "--lessons", str(folder), "--auto", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "word is café 4" in done.stdout  # one character é, as Python decodes it; not the two bytes of UTF-8
    assert_accepted(tmp_path, folder)


def assert_accepted(tmp_path: Path, folder: Path) -> None:
    """`validate` and `check` both pass the lesson in `folder`."""
    checked = tutor_in_process("validate", str(folder / "own.toml"), cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (0, "1 lesson OK\n")
    rehearsed = tutor_in_process("check", "own", "--lessons", str(folder), cwd=tmp_path)
    assert rehearsed.returncode == 0, rehearsed.stdout


def test_a_script_not_in_its_declared_encoding_is_one_line(tmp_path):
    text = "# -*- coding: ascii -*-\nword = 'café'\n".encode("utf-8")
    folder = lessons(tmp_path, "ascii.py", text)
    done = tutor_in_process("own", "--lessons", str(folder), "--auto", cwd=tmp_path)
    assert done.returncode == 2
    # offset by hand: the 23-byte cookie line and its newline, `word = 'caf` (11 bytes): 0xc3 starts é in UTF-8
    assert done.stderr == (f"tutor: cannot read {folder / 'ascii.py'}: it is not ascii text (byte 0xc3 at offset 35); "
                           "save it as ascii, or name its encoding in a coding line (# -*- coding: latin-1 -*-)\n")


def test_a_script_declaring_an_unknown_encoding_is_one_line(tmp_path):
    folder = lessons(tmp_path, "odd.py", b"# coding: no-such-codec\nx = 1\n")
    done = tutor_in_process("own", "--lessons", str(folder), "--auto", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"tutor: cannot read {folder / 'odd.py'}: "
                                                 "unknown encoding: no-such-codec\n")


def test_new_drafts_from_a_latin1_script_a_lesson_that_rehearses_and_shows_its_lines(tmp_path):
    """The draft, the lines resolved at play and the source shown all read the script as Python does."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "latin.py").write_bytes('# -*- coding: latin-1 -*-\ndef shout(word):\n    return word.upper() + "!"\n\n\n'
                                    'word = "café"\nheard = shout(word)\nprint(heard)\n'.encode("latin-1"))
    made = tutor_in_process("new", "lat", "--script", str(work / "latin.py"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert tutor_in_process("validate", str(work / "lat.toml"), cwd=tmp_path).returncode == 0
    rehearsed = tutor_in_process("check", "lat", "--lessons", str(work), cwd=tmp_path)
    assert rehearsed.returncode == 0 and " missed " not in rehearsed.stdout, rehearsed.stdout
    played = tutor_in_process("lat", "--lessons", str(work), "--auto", cwd=tmp_path)
    assert played.returncode == 0, played.stderr
    assert 'word = "café"' in played.stdout and "CAFÉ!" in played.stdout  # decoded once, not as UTF-8 mojibake


@pytest.mark.parametrize("adds, found", [
    ("sys.path.append(os.pardir)", True),
    ("sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))", True),
    ("sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'up'))", False),
    ("sys.path.append(os.path.normpath(os.path.join(os.pardir, os.curdir)))", True),
    ("sys.path.append(somewhere)", False),  # not known without running the script: not counted
    ("sys.path.append(os.getcwd())", False),
    ("", False),
])
def test_the_path_a_script_adds_is_worked_out_from_its_code(tmp_path, monkeypatch, adds, found):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "helpers_of_mine.py").write_text("")
    (tmp_path / "chapter").mkdir()
    script = tmp_path / "chapter" / "uses.py"
    script.write_text(f"import os\nimport sys\nsomewhere = os.pardir\n{adds}\nfrom shared import helpers_of_mine\n")
    monkeypatch.chdir(tmp_path / "chapter")  # tutor's own folder plays no part, the script's does
    if found:
        check_imports(read_script(script))
    else:
        with pytest.raises(ScriptError, match=f"^uses.py line 5 imports shared, {NOT_FOUND}$"):
            check_imports(read_script(script))
