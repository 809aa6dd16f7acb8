"""`python -m tutor new NAME --script PATH`: a draft lesson that loads, validates and plays hands-free once narrated."""
import re
import shlex
import tomllib

from tests import helpers
from tutor.content.load import load_lesson

WALK = '''\
import math


def scale(values, factor):
    doubled = [v * factor for v in values]
    return doubled


def norm(values):
    total = sum(v * v for v in values)
    return math.sqrt(total)


if __name__ == "__main__":
    data = [3.0, 4.0]
    bigger = scale(data, 2.0)
    length = norm(scale(bigger, 0.5))
    print("length:", length)
'''


def tutor(*args, cwd):
    """`python -m tutor ARGS` typed in `cwd`, run in this process (the commands are tested, not the process)."""
    return helpers.tutor_in_process(*args, cwd=cwd, env={"COLUMNS": "100"})


def project(tmp_path):
    """The script in a folder of its own; the commands are typed from another folder, as a new user would."""
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    (work / "walk.py").write_text(WALK)
    return work, elsewhere


def test_new_drafts_a_lesson_that_plays_hands_free_once_narrated(tmp_path):
    work, elsewhere = project(tmp_path)
    made = tutor("new", "walk", "--script", "../work/walk.py", cwd=elsewhere)
    assert made.returncode == 0, made.stderr
    path = work / "walk.toml"  # beside the script, not in the current folder
    assert made.stdout.startswith(f"wrote {path}: 10 steps\n"
                                  "  not stopped at these lines, which only print, plot or add to sys.path: 18\n")
    assert not list(elsewhere.iterdir())

    text = path.read_text()
    data = tomllib.loads(text)
    assert (data["id"], data["script"]) == ("walk", "walk.py")
    # The plan, worked out by hand from WALK: stop at each call of the main block (b, c) but the print;
    # `s` into scale, whose call is the first thing its line runs; a temporary breakpoint inside norm,
    # whose line first runs scale; print the arguments of each function; run to the end.
    commands = [step["pdb"] for step in data["step"]]
    assert commands == ["b {bigger_call}", "c", "s", "p values, factor", "b {length_call}", "c", "tbreak {in_norm}",
                        "c", "p values", "c"]
    # each line named by what it computes, with the shortest start of its code that no other line holds
    assert data["lines"] == {"bigger_call": "bigger =", "length_call": "length =", "in_norm": "total ="}
    for pattern in data["lines"].values():  # patterns, each on exactly one line of the script
        assert sum(pattern in line for line in WALK.splitlines()) == 1
    assert [step.get("expect", {}).get("function") for step in data["step"]] == [
        None, "<module>", "scale", None, None, "<module>", None, "norm", None, None]
    assert all(step["say"] == "TODO: say what this step shows" for step in data["step"])
    assert load_lesson(path).steps[2].command == "s"

    checked = tutor("validate", str(path), cwd=elsewhere)
    assert (checked.returncode, checked.stdout) == (0, "1 lesson OK\n"), checked.stdout + checked.stderr

    # The author fills in the narration: every TODO text becomes a sentence of their own.
    count = iter(range(1, 1000))
    narrated = re.sub(r'"TODO: [^"]*"', lambda _: f'"Sentence {next(count)} of the author."', text)
    assert '"TODO' not in narrated
    path.write_text(narrated)
    played = tutor("--lessons", str(work), "walk", "--auto", cwd=elsewhere)
    assert played.returncode == 0, played.stderr
    assert played.stderr == ""
    out = played.stdout
    for piece in ["Sentence 1 of the author.", "--Call--", "scale()", "([3.0, 4.0], 2.0)",
                  "Deleted breakpoint 3", "norm()", "[3.0, 4.0]", "length: 5.0"]:
        assert piece in out, piece


def test_new_refuses_to_overwrite(tmp_path):
    work, elsewhere = project(tmp_path)
    assert tutor("new", "walk", "--script", str(work / "walk.py"), cwd=elsewhere).returncode == 0
    mine = "# my own lesson, already written\n"
    (work / "walk.toml").write_text(mine)
    again = tutor("new", "walk", "--script", str(work / "walk.py"), cwd=elsewhere)
    assert again.returncode == 2
    assert again.stderr == f"tutor: {work / 'walk.toml'} already exists; choose another name or remove it first\n"
    assert again.stdout == ""
    assert (work / "walk.toml").read_text() == mine


def test_new_on_a_script_with_a_syntax_error(tmp_path):
    work, elsewhere = project(tmp_path)
    (work / "broken.py").write_text("import math\n\ndef area(r:\n    return r\n")
    done = tutor("new", "broken", "--script", str(work / "broken.py"), cwd=elsewhere)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tutor: ") and "line 3" in lines[0] and "SyntaxError" in lines[0]
    assert not (work / "broken.toml").exists()


def test_new_needs_a_name_and_a_script(tmp_path):
    work, elsewhere = project(tmp_path)
    no_script = tutor("new", "walk", cwd=elsewhere)
    assert (no_script.returncode, no_script.stderr) == (
        2, "tutor: new needs the script: python -m tutor new NAME --script PATH\n")
    dotted = tutor("new", "walk.zh-TW", "--script", str(work / "walk.py"), cwd=elsewhere)
    assert dotted.returncode == 2 and "'walk.zh-TW'" in dotted.stderr
    missing = tutor("new", "walk", "--script", str(work / "nowhere.py"), cwd=elsewhere)
    assert (missing.returncode, missing.stderr) == (2, f"tutor: no such script: {work / 'nowhere.py'}\n")
    assert sorted(p.name for p in work.iterdir()) == ["walk.py"]


def test_a_draft_of_a_packaged_script_rehearses_without_a_miss(tmp_path):
    """gradient_2d.py: comments, a conditional inside numerical_gradient, a main guard, a plot."""
    from tests.conftest import SCRIPT

    (tmp_path / SCRIPT.name).write_text(SCRIPT.read_text())
    assert tutor("new", "draft", "--script", str(tmp_path / SCRIPT.name), cwd=tmp_path).returncode == 0
    checked = tutor("check", "draft", "--lessons", str(tmp_path), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "missed" not in checked.stdout and "not reached" not in checked.stdout


def test_the_tutorial_of_the_docs_is_true(tmp_path):
    """docs/lessons.md, "Your first lesson in ten minutes": its script, its draft, its lesson, its outputs."""
    from tests.conftest import ROOT

    docs = (ROOT / "docs" / "lessons.md").read_text()
    tutorial = docs.split("## Your first lesson in ten minutes", 1)[1].split("\n## ", 1)[0]
    blocks = fenced(tutorial)
    script, = [text for language, text in blocks if language == "python"]
    lesson, = [text for language, text in blocks if language == "toml"]
    shown = [text for language, text in blocks if language == ""]  # the terminal snippets, in order
    folder = tmp_path / "mylessons"
    folder.mkdir()
    (folder / "newton.py").write_text(script)

    made = tutor("new", "newton", "--script", "mylessons/newton.py", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    said = shown[0].splitlines()  # "$ python -m tutor new ...", then what it printed
    assert said[0] == "$ python -m tutor new newton --script mylessons/newton.py"
    printed = made.stdout.splitlines()
    assert printed[0] == said[1].replace("/home/you/mylessons", str(folder))
    assert printed[1:3] == said[2:4]

    (folder / "newton.toml").write_text(lesson)
    checked = tutor("validate", "mylessons/newton.toml", cwd=tmp_path)
    assert (checked.returncode, checked.stdout.splitlines()) == (0, shown[1].splitlines()[1:])
    rehearsed = tutor("check", "newton", "--lessons", "mylessons", cwd=tmp_path)
    assert rehearsed.returncode == 0, rehearsed.stdout + rehearsed.stderr
    lines = [line.rstrip() for line in rehearsed.stdout.splitlines()]
    said = shown[2].splitlines()
    assert said[0] == "$ python -m tutor check newton --lessons mylessons"
    assert lines[:2] == said[1:3] and lines[-1] == said[-1]
    played = tutor("newton", "--lessons", "mylessons", "--auto", cwd=tmp_path)
    assert played.returncode == 0, played.stderr
    assert "x starts at a itself: 2.0." in played.stdout and "= 1.5." in played.stdout


def fenced(markdown: str) -> list[tuple[str, str]]:
    """The fenced blocks of a markdown text: (language, text), in order."""
    blocks, language, lines = [], None, []
    for line in markdown.splitlines():
        if language is None and line.startswith("```"):
            language, lines = line[3:].strip(), []
        elif language is not None and line == "```":
            blocks.append((language, "\n".join(lines) + "\n"))
            language = None
        elif language is not None:
            lines.append(line)
    return blocks


def test_the_commands_tutor_prints_for_a_folder_with_a_space_are_read_by_a_shell_as_one_path(tmp_path):
    # "python -m tutor validate /tmp/my lessons/walk.toml" pasted into a shell named two files
    work, elsewhere = tmp_path / "my lessons", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    (work / "walk.py").write_text(WALK)
    made = tutor("new", "walk", "--script", str(work / "walk.py"), cwd=elsewhere)
    typed = [shlex.split(line) for line in made.stdout.splitlines() if line.startswith("  python -m tutor")]
    assert [words[3:] for words in typed] == [["validate", str(work / "walk.toml")],
                                              ["check", "walk", "--lessons", str(work)],
                                              ["walk", "--lessons", str(work)]]
    from tutor.cli import suggestion
    from tutor.content.load import load_lesson
    from tutor.ui.words import Words

    class NothingDone:
        def done(self, lesson_id):
            return 0, 0

    line = suggestion(Words(), [load_lesson(work / "walk.toml")], NothingDone(), work)  # the list's last line
    assert line.startswith("Next: python -m tutor walk --lessons ")
    assert shlex.split(line.removeprefix("Next: ").split("  (", 1)[0])[3:] == ["walk", "--lessons", str(work)]
