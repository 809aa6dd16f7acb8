"""Progress between runs: kept, shown, forgotten on request; never half written; damage set aside."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import helpers
from tutor.play import progress


def test_record_keeps_the_furthest_step_and_survives_a_reload(tmp_path):
    path = tmp_path / "tutor" / "progress.json"
    record = progress.load(path)
    record.record("lesson3", 5, 17)
    record.record("lesson3", 2, 17)  # a later, shorter run does not lose what was done
    assert progress.load(path).done("lesson3") == (5, 17) and progress.load(path).done("lesson9") == (0, 0)


def test_a_damaged_file_is_set_aside_with_one_warning(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text('{"version": 1, "lessons": {"lesson3": ')
    record = progress.load(path)
    assert record.lessons == {} and "damaged" in record.warning and "set aside" in record.warning
    assert not path.exists() and len(list(tmp_path.glob("progress.json.damaged-*"))) == 1
    record.record("lesson3", 1, 17)  # and the tool carries on
    assert progress.load(path).done("lesson3") == (1, 17)


def test_an_unwritable_state_folder_is_a_warning_not_a_crash(tmp_path):
    (tmp_path / "tutor").write_text("a file where the folder should be")
    record = progress.load(tmp_path / "tutor" / "progress.json")
    record.record("lesson3", 3, 17)
    assert "progress not saved" in record.warning


WRITER = """
import sys
from pathlib import Path
from tutor.play.progress import Progress
path = Path(sys.argv[1])
n = 0
while True:
    n += 1
    Progress({f"lesson{i}": {"done": n, "total": 10**6, "note": "x" * 200} for i in range(300)}, path).save()
    print(n, flush=True)
"""


def test_a_kill_in_the_middle_of_writing_never_leaves_half_a_file(tmp_path):
    path = tmp_path / "progress.json"
    for delay in (0.05, 0.11, 0.17, 0.23, 0.31):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        child.stdout.readline()  # at least one whole write happened
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        text = path.read_text()
        data = json.loads(text)  # whole, whatever moment the kill came
        assert len(data["lessons"]) == 300
        assert progress.load(path).warning == ""


def tutor(*args, cwd, state):
    """The command in this process, with its own state folder."""
    return helpers.tutor_in_process(*args, cwd=cwd, env={"XDG_STATE_HOME": str(state), "COLUMNS": None})


def test_the_list_shows_progress_and_reset_forgets_it(tmp_path):
    state = tmp_path / "state"
    assert tutor("lesson3", "--auto", "--to", "4", cwd=tmp_path, state=state).returncode == 0
    listing = tutor(cwd=tmp_path, state=state).stdout
    assert "\nlesson3  4/18" in "\n" + listing and "\nlesson4  new" in listing
    refused = tutor("--reset", cwd=tmp_path, state=state)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert tutor("--reset", "--yes", cwd=tmp_path, state=state).returncode == 0
    assert "\nlesson3  new" in "\n" + tutor(cwd=tmp_path, state=state).stdout


def test_the_list_suggests_the_first_lesson_not_finished_with_summaries_in_one_column(tmp_path):
    # issue 14 item 25: not always lesson3
    from tutor.play import features  # noqa: F401  (the step features, before lessons load)
    from tutor.content.catalog import all_lessons

    state = tmp_path / "state"
    lessons = all_lessons()
    record = progress.load(state / "tutor" / "progress.json")
    record.record(lessons[0].id, len(lessons[0].steps), len(lessons[0].steps))  # the first one finished
    record.record(lessons[1].id, 2, len(lessons[1].steps))
    listing = tutor(cwd=tmp_path, state=state).stdout
    assert f"Next: python -m tutor {lessons[1].id}  (add --auto" in listing
    rows = {line.split(" ")[0]: line for line in listing.splitlines()}
    starts = {rows[lesson.id].index(lesson.summary[:6]) for lesson in lessons}
    assert len(starts) == 1, listing
    for lesson in lessons[1:]:
        record.record(lesson.id, len(lesson.steps), len(lesson.steps))
    assert "Every lesson is done" in tutor(cwd=tmp_path, state=state).stdout


# -- issue 14: wrong value types, concurrent writers, where the file lives -------------------------

DEEP = '{"version": 1, "lessons": ' + "[" * 100_000 + "]" * 100_000 + "}"
WRONG_VALUES = {
    "a text": '{"version": 1, "lessons": {"lesson1": {"done": "abc", "total": 15}}}',
    "null": "null",
    "null lessons": '{"version": 1, "lessons": {"lesson3": null}}',
    "NaN": '{"version": 1, "lessons": {"lesson3": {"done": NaN, "total": 18}}}',
    "1e400": '{"version": 1, "lessons": {"lesson3": {"done": 1e400, "total": 18}}}',
    "deep nesting": DEEP,
    "true": '{"version": 1, "lessons": {"lesson3": {"done": true, "total": 18}}}',
    "negative": '{"version": 1, "lessons": {"lesson3": {"done": -5, "total": 18}}}',
    "a list for total": '{"version": 1, "lessons": {"lesson3": {"done": 1, "total": [18]}}}',
}


@pytest.mark.parametrize("text", WRONG_VALUES.values(), ids=WRONG_VALUES.keys())
def test_wrong_value_types_are_damage_set_aside_and_the_list_and_play_go_on(tmp_path, text):
    state = tmp_path / "state"
    (state / "tutor").mkdir(parents=True)
    (state / "tutor" / "progress.json").write_text(text)
    listing = tutor(cwd=tmp_path, state=state)
    assert listing.returncode == 0 and "\nlesson3  new" in "\n" + listing.stdout
    aside = sorted(p.name for p in (state / "tutor").glob("progress.json.damaged-*"))
    assert len(aside) == 1 and listing.stderr == (
        f"tutor: warning: the progress file was damaged ({'RecursionError' if text is DEEP else 'ValueError'}); "
        f"it was set aside as {aside[0]} and progress starts afresh\n")
    (state / "tutor" / "progress.json").write_text(text)  # damaged again: play goes on and keeps this run
    played = tutor("lesson3", "--auto", "--to", "2", cwd=tmp_path, state=state)
    assert played.returncode == 0 and played.stderr.count("\n") == 1 and "damaged" in played.stderr
    assert progress.load(state / "tutor" / "progress.json").done("lesson3") == (2, 18)
    assert len(list((state / "tutor").glob("progress.json.damaged-*"))) == 2  # the first one kept


def test_two_damaged_files_set_aside_in_the_same_second_are_both_kept(tmp_path):
    path = tmp_path / "progress.json"
    for text in ("null", '{"version": 1'):
        path.write_text(text)
        assert "set aside" in progress.load(path).warning
    kept = sorted(tmp_path.glob("progress.json.damaged-*"))
    assert sorted(p.read_text() for p in kept) == sorted(["null", '{"version": 1'])


def test_leftover_temporary_files_of_a_killed_write_are_removed_at_the_next(tmp_path):
    path = tmp_path / "progress.json"
    leftovers = [tmp_path / "progress.json.a1b2c3.tmp", tmp_path / "progress.json.zz_9.tmp"]
    for leftover in leftovers:
        leftover.write_text('{"version": 1, "lessons": {"les')
    (tmp_path / "notes.tmp").write_text("not ours")
    progress.load(path).record("lesson3", 3, 18)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.tmp", "progress.json"]


def test_a_save_merges_what_another_run_wrote_meanwhile(tmp_path):
    path = tmp_path / "progress.json"
    first, second = progress.load(path), progress.load(path)  # two lessons, both started before either ended
    first.record("lesson3", 7, 18)
    second.record("lesson4", 2, 9)
    second.record("lesson3", 4, 18)  # a shorter run of lesson3 does not undo the other's furthest step
    again = progress.load(path)
    assert again.done("lesson3") == (7, 18) and again.done("lesson4") == (2, 9)


RACER = """
import sys
from pathlib import Path
from tutor.play.progress import load
path, me = Path(sys.argv[1]), int(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()  # all five begin together, when the test has seen all five ready (no CPU spent waiting)
for round in range(1, 21):
    load(path).record(f"lesson{me}-{round}", round, 20)
    load(path).record(f"shared{round}", me, 5)
"""


def test_five_processes_recording_at_once_twenty_times_lose_nothing(tmp_path):
    path = tmp_path / "tutor" / "progress.json"
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(path), str(me)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for me in range(1, 6)]
    assert [racer.stdout.readline() for racer in racers] == ["ready\n"] * 5
    for racer in racers:
        racer.stdin.write("go\n")
        racer.stdin.close()  # all five are sent on their way before any is waited for
    for racer in racers:
        assert racer.wait(timeout=60) == 0, racer.stderr.read()
    kept = progress.load(path)
    assert kept.warning == ""
    assert {f"lesson{me}-{r}": kept.done(f"lesson{me}-{r}") for me in range(1, 6) for r in range(1, 21)} == {
        f"lesson{me}-{r}": (r, 20) for me in range(1, 6) for r in range(1, 21)}
    assert [kept.done(f"shared{r}") for r in range(1, 21)] == [(5, 5)] * 20  # the furthest of the five
    assert sorted(p.name for p in path.parent.iterdir()) == ["progress.json"]


@pytest.mark.parametrize("env, expected", [
    ({"XDG_STATE_HOME": "relative/state", "HOME": "/home/learner"}, "/home/learner/.local/state/tutor/progress.json"),
    ({"XDG_STATE_HOME": "", "HOME": "/home/learner"}, "/home/learner/.local/state/tutor/progress.json"),
    ({"XDG_STATE_HOME": "/var/state", "HOME": ""}, "/var/state/tutor/progress.json"),
])
def test_where_progress_lives(monkeypatch, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert progress.state_file() == Path(expected)


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_an_empty_or_relative_home_is_no_home_not_the_root_folder(monkeypatch, home):
    monkeypatch.setenv("HOME", home)
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    with pytest.raises(progress.NoHome):
        progress.state_file()  # not /.local/state/tutor/progress.json, nor .local/state/... in the current folder
    assert progress.load().path is None and progress.load().warning == progress.NO_HOME


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_no_usable_home_keeps_no_progress_with_one_warning(tmp_path, home):
    env = {"XDG_STATE_HOME": "relative/state", "HOME": home, "COLUMNS": None}
    played = helpers.tutor_in_process("lesson3", "--auto", "--to", "2", cwd=tmp_path, env=env)
    assert played.returncode == 0 and "(Pdb) l 58\n" in played.stdout
    assert played.stderr == f"tutor: warning: {progress.NO_HOME}\n"
    assert progress.NO_HOME == ("progress not kept: no usable home folder ($HOME is empty or relative, "
                                "and $XDG_STATE_HOME is not an absolute path)")
    assert list(tmp_path.rglob("progress.json")) == []
    listing = helpers.tutor_in_process(cwd=tmp_path, env=env)
    assert listing.returncode == 0 and listing.stderr == f"tutor: warning: {progress.NO_HOME}\n"
    reset = helpers.tutor_in_process("reset", "--yes", cwd=tmp_path, env=env)
    assert reset.returncode == 2 and reset.stderr == f"tutor: {progress.NO_HOME}\n"


def test_a_fifo_as_the_progress_file_is_set_aside_not_waited_on(tmp_path):
    # issue 14 item 9: the list and play hung, reading a FIFO that no one writes
    state = tmp_path / "state"
    (state / "tutor").mkdir(parents=True)
    os.mkfifo(state / "tutor" / "progress.json")
    env = {"XDG_STATE_HOME": str(state)}
    listing = helpers.tutor(cwd=tmp_path, env=env, timeout=60)  # a process: without the fix it waits forever
    assert listing.returncode == 0 and "lesson3" in listing.stdout
    assert listing.stderr.startswith("tutor: warning: the progress file was damaged (NotText); it was set aside as")
    played = tutor("lesson3", "--auto", "--to", "2", cwd=tmp_path, state=state)
    assert played.returncode == 0 and played.stderr == ""
    assert progress.load(state / "tutor" / "progress.json").done("lesson3")[0] == 2
