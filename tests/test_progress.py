"""Progress between runs: kept, shown, forgotten on request; never half written; damage set aside."""
import json
import os
import signal
import subprocess
import sys
import time

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
