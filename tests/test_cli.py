"""The command line as a user meets it: stdin not a terminal, run from another folder.

What the commands print and return runs `tutor.cli.main` in this process (tutor_in_process, set up as
`python -m tutor` would be); a real `python -m tutor` runs where the process itself is under test: main's code
becoming the exit status, a pipe on stdin, a reader that closes the pipe early, the exit after a handled Ctrl-C.
"""
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import SCRIPT
from tests.conftest import ROOT
from tests.helpers import tutor, tutor_in_process
from tutor.arguments import build_parser, routed, subcommands
from tutor.cli import main
from tutor.content.catalog import RESERVED


def grid_call_line() -> int:
    """The grid call's line, found by reading the script (not through tutor)."""
    lines = SCRIPT.read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if "numerical_gradient(function_2, np.array([X, Y]" in line)


def assert_in_order(text: str, pieces: list[str]) -> None:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} missing after position {at}"
        at = found + len(piece)


@pytest.fixture(scope="module")
def transcript(tmp_path_factory):
    return tutor_in_process("lesson3", "--auto", cwd=tmp_path_factory.mktemp("elsewhere"))


def test_hands_free_transcript_holds_the_post_session(transcript):
    assert transcript.returncode == 0, transcript.stderr
    call = grid_call_line()
    banner = "*pdb interact start*" if sys.version_info >= (3, 13) else "*interactive*"
    answers = [repr(2 * np.array(p)) for p in ([5.0, 6.0], [3.0, 4.0], [0.0, 2.0])]
    assert answers == ["array([10., 12.])", "array([6., 8.])", "array([0., 4.])"]
    assert_in_order(transcript.stdout, [
        "-> import numpy as np", f"(Pdb) b {call}", "Breakpoint 1 at ", f"gradient_2d.py:{call}\n",
        f"(Pdb) l {call - 1}", f"\n{call:>3} B\t", "(Pdb) c", f"gradient_2d.py({call})<module>()",
        "(Pdb) interact", banner, *answers, "((2,), (2, 324))",
        "for idx, x in enumerate(X)", "idx = 0  →  x = X[0]", "X[0] [", "← x", "x has shape (324,)",
        "for idx, x in enumerate(X)", "idx = 1  →  x = X[1]", "X[1] [", "← x", "x has shape (324,)",
    ])
    assert "Traceback" not in transcript.stdout + transcript.stderr
    assert "\x1b[" not in transcript.stdout  # NO_COLOR and a pipe: no escape codes


def test_the_process_exits_with_mains_code(tmp_path):
    """`raise SystemExit(main())` in tutor/__main__.py: 2 for a usage error, 1 for a missed expectation."""
    misspelt = tutor("lesson33", cwd=tmp_path)
    assert (misspelt.returncode, misspelt.stdout) == (2, "") and "did you mean lesson3" in misspelt.stderr
    missed = tutor("raiser", "--lessons", str(ROOT / "tests" / "fixtures" / "bad"), "--auto", cwd=tmp_path)
    assert missed.returncode == 1 and missed.stderr.startswith("tutor: raiser step 3 (p y): ")


def test_piped_stdin_plays_hands_free_without_auto(tmp_path):
    done = tutor("lesson3", cwd=tmp_path, stdin=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert "idx = 1  →  x = X[1]" in done.stdout


def test_a_changed_script_is_caught_and_its_real_numbers_shown(tmp_path):
    changed = tmp_path / "my_gradient_2d.py"
    changed.write_text(SCRIPT.read_text().replace("return np.sum(x**2)\n", "return np.sum(x**3)\n"))
    done = tutor_in_process("lesson3", "--script", str(changed), cwd=tmp_path)
    assert done.returncode == 1
    assert "step 5" in done.stderr and "array([10., 12.])" in done.stderr
    # d/dx of x**3 is 3x**2: at (5, 6) that is (75, 108), which the screen must show
    shown = done.stdout.split(">>> numerical_gradient(function_2, np.array([5.0, 6.0]))\n")[1].splitlines()[0]
    np.testing.assert_allclose(eval(shown, {"array": np.array}), 3 * np.array([5.0, 6.0]) ** 2, rtol=1e-6)


def test_listing_version_and_help(tmp_path):
    listing = tutor_in_process(cwd=tmp_path)
    assert listing.returncode == 0 and re.search(r"lesson3\s+(new|\d+\/\d+|done ✓)\s+The numerical gradient", listing.stdout)
    assert tutor_in_process("--version", cwd=tmp_path).stdout.startswith("tutor ")
    helped = tutor_in_process("--help", cwd=tmp_path).stdout
    assert all(f"\n    {name} " in helped for name in RESERVED) and "--script" not in helped  # commands, not options
    assert "--script" in tutor_in_process("lesson3", "--help", cwd=tmp_path).stdout  # a lesson's --help is play's


def test_run_from_the_folder_above_a_clone_named_tutor(tmp_path):
    # there the clone's folder `tutor` is a namespace package to Python, found before an editable install's own
    # finder: tutor's modules still load through it, but `import tutor` has no __init__ (and no __version__)
    (tmp_path / "tutor").mkdir()
    (tmp_path / "tutor" / "README.md").write_text("a clone of tutor\n")
    version, listing = tutor("--version", cwd=tmp_path), tutor("list", cwd=tmp_path)
    assert version.returncode == 0 and re.fullmatch(r"tutor \d+\.\d+\.\d+\n", version.stdout), version.stderr
    assert listing.returncode == 0 and "lesson3" in listing.stdout and not listing.stderr


@pytest.mark.parametrize("args, words", [
    (["lesson33"], "did you mean lesson3"),
    (["lesson3", "--script", "/nonexistent/gradient_2d.py"], "no such script"),
    (["lesson3", "--bogus"], "unrecognized arguments"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, words):
    done = tutor_in_process(*args, cwd=tmp_path)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


def test_script_with_a_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import numpy as np\ndef f(:\n    pass\n")
    done = tutor_in_process("lesson3", "--script", str(bad), cwd=tmp_path)
    assert done.returncode == 2 and f'"{bad}", line 2' in done.stderr and "SyntaxError" in done.stderr


def test_script_without_the_lessons_lines_is_refused(tmp_path):
    other = tmp_path / "other.py"
    other.write_text("import numpy as np\nprint(np.pi)\n")
    done = tutor_in_process("lesson3", "--script", str(other), cwd=tmp_path)
    assert done.returncode == 2 and "has no line containing" in done.stderr


def test_sixty_columns_views_shrink_and_nothing_breaks(tmp_path):
    done = tutor_in_process("lesson3", "--auto", cwd=tmp_path, env={"COLUMNS": "60"})
    assert done.returncode == 0, done.stderr
    drawn = [line for line in done.stdout.splitlines() if line[:1] in "╭│╰"]
    assert len(drawn) > 100 and max(len(line) for line in drawn) <= 60


def test_check_names_the_step_what_was_expected_and_what_came(tmp_path):
    changed = tmp_path / "my_gradient_2d.py"
    changed.write_text(SCRIPT.read_text().replace("return np.sum(x**2)\n", "return np.sum(x**3)\n"))
    done = tutor_in_process("check", "lesson3", "--script", str(changed), cwd=tmp_path)
    assert done.returncode == 1
    missed = [line for line in done.stdout.splitlines() if " missed " in line]
    assert missed and missed[0].startswith("lesson3 step  5/18  missed")
    assert "expected output containing 'array([10., 12.])'; saw 'array([ 75." in missed[0]
    assert "figure saved" not in done.stdout  # the script's own prints stay out of the report


def test_check_with_a_script_needs_one_lesson(tmp_path):
    done = tutor_in_process("check", "--script", str(SCRIPT), cwd=tmp_path)
    assert done.returncode == 2 and "needs the lesson" in done.stderr


def test_from_and_to_play_a_slice(tmp_path):
    done = tutor_in_process("lesson3", "--auto", "--from", "5", "--to", "6", "--delay", "0.01", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "steps 1 to 4 were replayed" in done.stdout
    assert "step 5/18" in done.stdout and "step 6/18" in done.stdout
    assert "step 4/18" not in done.stdout and "step 7/18" not in done.stdout
    assert "(Pdb) b 59" not in done.stdout  # replayed silently
    assert "array([10., 12.])" in done.stdout and "array([6., 8.])" in done.stdout
    assert "to think about" not in done.stdout  # the outro belongs to the whole lesson


@pytest.mark.parametrize("args", [["--from", "9", "--to", "3"], ["--to", "99"], ["--from", "0"], ["--delay", "-1"],
                                  ["--delay", "nan"], ["--delay", "inf"], ["--delay", "1e300"], ["--delay", "3601"]])
def test_bad_slices_and_delays_are_usage_errors(tmp_path, args):
    done = tutor_in_process("lesson3", "--auto", *args, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("tutor: ") and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1 and "(Pdb)" not in done.stdout  # refused before anything played


def test_typing_mode_hands_free_types_the_commands(tmp_path):
    done = tutor_in_process("lesson3", "--auto", "--type", "--to", "2", cwd=tmp_path)
    assert done.returncode == 0 and "(Pdb) b 59\nBreakpoint 1 at" in done.stdout and "(Pdb) l 58\n" in done.stdout


def test_projector_mode_is_one_sentence_a_step_and_whole_at_60_columns(tmp_path):
    done = tutor_in_process("lesson3", "--auto", "--present", "--to", "13", cwd=tmp_path, env={"COLUMNS": "60"})
    assert done.returncode == 0, done.stderr
    drawn = [line for line in done.stdout.splitlines() if line[:1] in "╭│╰"]
    assert max(len(line) for line in drawn) <= 60
    assert "│ Which path? Print X.ndim." in done.stdout  # the first sentence and the one that says what to do
    # step 1 (issue 14 item 23): the scene, then the instruction; the sentences between are left out
    said = " ".join(line.strip("│ ") for line in drawn)  # the panels' text, unwrapped
    assert "stopped before its first line" in said and f"Set a breakpoint on line {grid_call_line()}," in said
    variables = done.stdout.split("variables in numerical_gradient()")[-1].split("╰")[0]
    assert "idx" in variables and "grad " not in variables  # step 13 talks about X, idx and x, not grad


CASED = """format = 1
id = "cased"
title = "A case names the variable"
script = "sums.py"

[lines]
second = "total = first + 10"

[[step]]
say = "Break on line {second}."
pdb = "b {second}"

[[step]]
say = "Continue."
pdb = "c"
cases = [{ has = "first + 10", say = "Continue, and look at first." }]

[[step]]
say = "To the end."
pdb = "c"
"""


def test_projector_mode_shows_the_variables_a_cases_text_names(tmp_path):
    """--present shows only the variables the steps around a stop talk about: a case's text counts as well as
    the step's own `say` (here the case holds, so step 2 says "look at first"; its own `say` names nothing)."""
    (tmp_path / "sums.py").write_text("first = 1\nunused = 2\ntotal = first + 10\nprint(total)\n")
    (tmp_path / "cased.toml").write_text(CASED)
    done = tutor_in_process("cased", "--lessons", str(tmp_path), "--auto", "--present", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Continue, and look at first." in done.stdout
    variables = done.stdout.split("variables in <module>()")[-1].split("╰")[0]
    assert "first" in variables and "unused" not in variables, done.stdout


def test_check_prints_expectations_as_text_not_markup(tmp_path):
    done = tutor_in_process("check", "lesson3", cwd=tmp_path)
    assert "x.shape == X.shape[1:]" in done.stdout  # brackets survive: not taken as rich markup


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path):
    # `python -m tutor lesson3 --auto | head -3`: the pipe closes while tutor still writes
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    child = subprocess.Popen([sys.executable, "-m", "tutor", "lesson3", "--auto"], cwd=tmp_path, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.read(200)
    child.stdout.close()
    stderr = child.stderr.read().decode()
    assert child.wait(timeout=120) == 0 and "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_a_bad_trace_backend_is_one_pdb_error_and_the_lesson_goes_on(tmp_path):
    done = tutor_in_process("lesson4", "--auto", "--to", "4", cwd=tmp_path, env={"TUTOR_TRACE_BACKEND": "bogus"})
    assert "*** $TUTOR_TRACE_BACKEND: unknown recorder backend 'bogus'; choose settrace or monitoring" in done.stdout
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert "(Pdb) cl 1" in done.stdout  # step 4 still ran after the failed trace


# -- the commands, run in-process: each with its own options, `tutor LESSON` still meaning `tutor play LESSON` --

OWN = {  # every option of every command, as `tutor COMMAND --help` must list them
    "play": {"--auto", "--delay", "--type", "--from", "--to", "--record", "--force", "--present", "--theme",
             "--script", "--lessons", "--png", "--lang"},
    "check": {"--script", "--lessons", "--lang"},
    "new": {"--script"},
    "validate": {"--lessons"},
    "list": {"--lessons", "--lang"},
    "reset": {"--yes"},
}


@pytest.fixture
def quiet(monkeypatch, tmp_path):
    """No colour, 80 columns, progress in a folder of the test's own, no instructor's folder from outside."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("TUTOR_LESSONS", raising=False)


def exits(argv: list[str]) -> int:
    """The exit code of a run that argparse ends (--help, a usage error)."""
    with pytest.raises(SystemExit) as ended:
        main(argv)
    return ended.value.code


def test_the_reserved_words_are_the_parsers_commands():
    assert tuple(subcommands(build_parser())) == RESERVED
    assert set(OWN) == set(RESERVED)


@pytest.mark.parametrize("command", RESERVED)
def test_each_commands_help_lists_its_own_options_and_no_others(command, capsys, quiet):
    assert exits([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: tutor {command} ")
    listed = set(re.findall(r"^  (--[a-z]+)", out, flags=re.M)) - {"--help"}
    assert listed == OWN[command]


def test_validate_help_has_no_play_options(capsys, quiet):
    assert exits(["validate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--delay" not in out and "--present" not in out and "--lessons DIR" in out


@pytest.mark.parametrize("argv, command", [
    (["validate", "--delay", "3", "--present"], "validate"),
    (["list", "--auto"], "list"),
    (["reset", "--lessons", "x"], "reset"),
    (["new", "walk", "--auto", "--script", "walk.py"], "new"),
    (["check", "--present"], "check"),
    (["check", "lesson3", "--to", "2"], "check"),
    (["play", "lesson3", "--yes"], "play"),
    (["lesson3", "--reset"], "play"),  # today's flat parser took this as a reset
    (["--auto"], "list"),  # no lesson: the list, which plays nothing
])
def test_an_option_of_another_command_is_refused_with_exit_2(argv, command, capsys, quiet):
    assert exits(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"usage: tutor {command} ") and "error: unrecognized arguments: " in err


def test_validate_with_play_options_names_them_and_exits_2(capsys, quiet):
    assert exits(["validate", "--delay", "3", "--present"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == "tutor validate: error: unrecognized arguments: --delay --present"


def test_a_lesson_alone_means_play_with_the_same_output(capsys, quiet):
    assert main(["lesson3", "--auto", "--to", "2"]) == 0
    short = capsys.readouterr()
    assert main(["play", "lesson3", "--auto", "--to", "2"]) == 0
    long = capsys.readouterr()
    assert "(Pdb) b 59\nBreakpoint 1 at " in short.out and "step 2/18" in short.out
    assert (short.out, short.err) == (long.out, long.err)


def test_tutor_alone_and_tutor_list_give_the_same_list(capsys, quiet):
    assert main([]) == 0
    alone = capsys.readouterr().out
    assert main(["list"]) == 0
    assert capsys.readouterr().out == alone and re.search(r"^lesson3\s+new\s+The numerical gradient", alone, re.M)


@pytest.mark.parametrize("given, meant", [
    ([], ["list"]),
    (["lesson3", "--auto"], ["play", "lesson3", "--auto"]),
    (["--lessons", "d", "demo", "--auto"], ["play", "--lessons", "d", "demo", "--auto"]),
    (["--delay", "3", "lesson3"], ["play", "--delay", "3", "lesson3"]),
    (["--lessons=d", "demo"], ["play", "--lessons=d", "demo"]),
    (["--lessons", "d"], ["list", "--lessons", "d"]),
    (["--less", "d"], ["list", "--less", "d"]),  # argparse's unique prefix takes a value too
    (["--lang", "zh-TW"], ["list", "--lang", "zh-TW"]),
    (["--lessons", "d", "check", "demo"], ["check", "--lessons", "d", "demo"]),
    (["--reset"], ["reset"]),
    (["--reset", "--yes"], ["reset", "--yes"]),
    (["--yes", "--reset"], ["reset", "--yes"]),
    (["check", "lesson3"], ["check", "lesson3"]),
    (["--version"], ["--version"]),
    (["-h"], ["-h"]),
    (["--", "lesson3"], ["play", "--", "lesson3"]),
])
def test_the_command_is_put_first(given, meant):
    assert routed(given, build_parser()) == meant


@pytest.mark.parametrize("argv", [["--reset", "--yes"], ["reset", "--yes"], ["--yes", "--reset"]])
def test_reset_and_its_alias_forget_the_progress(argv, capsys, quiet, tmp_path):
    state = tmp_path / "state" / "tutor" / "progress.json"
    state.parent.mkdir(parents=True)
    state.write_text('{"lessons": {"lesson3": 4}}')
    assert main(argv) == 0
    assert capsys.readouterr().out == f"tutor: progress forgotten ({state})\n" and not state.exists()


@pytest.mark.parametrize("argv", [["--reset"], ["reset"]])
def test_reset_with_no_one_to_ask_needs_yes(argv, capsys, quiet, monkeypatch, tmp_path):
    import io

    state = tmp_path / "state" / "tutor" / "progress.json"
    state.parent.mkdir(parents=True)
    state.write_text("{}")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal
    assert main(argv) == 2
    assert capsys.readouterr().err == f"tutor: {argv[0]} asks before forgetting; with no terminal to ask, add --yes\n"
    assert state.exists()


@pytest.mark.parametrize("name", RESERVED)
def test_new_refuses_a_reserved_name_in_one_line(name, capsys, quiet, tmp_path):
    (tmp_path / "walk.py").write_text("def f(x):\n    return x + 1\n\n\ny = f(2)\nprint(y)\n")
    assert main(["new", name, "--script", str(tmp_path / "walk.py")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == (f"tutor: a lesson cannot be called {name!r}: play, check, new, validate, list, reset "
                                 "are tutor's commands; choose another name\n")
    assert not (tmp_path / f"{name}.toml").exists()


@pytest.fixture
def folder_with_list_toml(tmp_path, capsys):
    """An instructor's folder holding demo.toml and list.toml, a lesson named like the `list` command."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "walk.py").write_text("def f(x):\n    return x + 1\n\n\ny = f(2)\nprint(y)\n")
    assert main(["new", "demo", "--script", str(folder / "walk.py")]) == 0
    (folder / "list.toml").write_text((folder / "demo.toml").read_text().replace('id = "demo"', 'id = "list"'))
    capsys.readouterr()
    return folder


@pytest.mark.parametrize("argv", [["list"], []])
def test_a_lesson_named_like_a_command_is_listed_as_unplayable(argv, folder_with_list_toml, capsys, quiet):
    assert main([*argv, "--lessons", str(folder_with_list_toml)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^demo +new ", out, re.M)
    assert re.search(r"^list +cannot be played as `tutor list`: that is a command; rename list\.toml$", out, re.M)


@pytest.mark.parametrize("command", ["play", "check"])
def test_a_lesson_named_like_a_command_cannot_be_played_and_says_so(command, folder_with_list_toml, capsys, quiet):
    assert main([command, "list", "--lessons", str(folder_with_list_toml)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == (f"tutor: {folder_with_list_toml / 'list.toml'}: a lesson cannot be called 'list': "
                                 "play, check, new, validate, list, reset are tutor's commands; rename the file to "
                                 "play it\n")


def test_check_rehearses_every_lesson_and_says_which_one_it_leaves_out(folder_with_list_toml, capsys, quiet):
    """`check` alone: every packaged lesson and the instructor's demo met at every step; list.toml, named like a
    command, left out with a warning. (One run for both: rehearsing every packaged lesson costs seconds.)"""
    assert main(["check", "--lessons", str(folder_with_list_toml)]) == 0
    out, err = capsys.readouterr()
    assert f"tutor: warning: {folder_with_list_toml / 'list.toml'}: a lesson cannot be called 'list'" in err
    assert "not rehearsed" in err and "\ndemo step" in out and "\nlist step" not in out
    lines = out.splitlines()
    assert lines and all(re.match(r"(lesson\d+|demo) step +\d+/\d+  met ", line) for line in lines), out
    packaged = {path.stem for path in (ROOT / "lessons").glob("*.toml") if "." not in path.stem}
    assert {line.split()[0] for line in lines} == packaged | {"demo"} and {"lesson3", "lesson4"} <= packaged


CAUGHT_THEN_EXIT = """\
from unittest import mock
import tutor.cli

def learner_interrupts_an_exec(argv):
    try:
        exec("raise KeyboardInterrupt")  # as Ctrl-C in the console during exec('while True: ...')
    except KeyboardInterrupt:
        pass  # handled, as the console does
    return 0

with mock.patch.object(tutor.cli, "command", learner_interrupts_an_exec):
    status = tutor.cli.main([])
print(status)  # and the end of the program, where CPython checks its mark (sys.exit would skip it)
"""


@pytest.mark.parametrize("through_main", [True, False])
def test_a_handled_interrupt_does_not_end_the_process_by_sigint(tmp_path, through_main):
    # CPython's own behaviour, checked by hand on 3.11-3.13: without main's reset the process ends by SIGINT
    code = CAUGHT_THEN_EXIT if through_main else CAUGHT_THEN_EXIT.replace("tutor.cli.main", "learner_interrupts_an_exec")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=60)
    assert done.returncode == (0 if through_main else -2)
