"""A script's run forgets the modules it imported from its own folders, and only those: a copy elsewhere with a
module of the same name imports its own next time, and numpy (imported during the run) stays loaded. What it set
for its process (the environment, builtins, sys's streams and hooks, warnings filters, recursion limit, the
collector's switch, signal handlers and timers, numpy's print options and error state, matplotlib's rcParams) is
undone, so the next lesson `check` runs starts as a fresh process would; its os._exit ends its run, not tutor."""
import gc
import io
import os
import signal
import subprocess
import sys
import warnings

import numpy as np
import pytest

from tests.helpers import environment, lesson_toml, lessons, to_the_last_line, tutor, tutor_in_process
from tutor.content.locate import read_script
from tutor.core.debugger import TutorDebugger
from tutor.core.mainmodule import as_main


def shop(folder, price):
    """A script beside its own `helper` module (and one in ../common, reached as the book reaches it)."""
    (folder / "ch05").mkdir(parents=True)
    (folder / "common").mkdir()
    (folder / "common" / "shared_layer.py").write_text(f"PRICE = {price} * 10\n")
    (folder / "ch05" / "helper.py").write_text(f"PRICE = {price}\n")
    script = folder / "ch05" / "shop.py"
    script.write_text("import os, sys\nsys.path.append(os.path.join(os.path.dirname(__file__), os.pardir))\n"
                      "import numpy\nimport helper\nfrom common import shared_layer\n")
    return read_script(script)


def run(script) -> tuple[int, int]:
    with as_main(script) as names:
        exec(script.code, names)
        return names["helper"].PRICE, names["shared_layer"].PRICE


def test_a_second_script_imports_its_own_module_of_the_same_name(tmp_path):
    first, second = shop(tmp_path / "a", 100), shop(tmp_path / "b", 120)
    import numpy  # noqa: F401  loaded before, as in any lesson

    assert run(first) == (100, 1000)
    assert "helper" not in sys.modules and "common" not in sys.modules and "common.shared_layer" not in sys.modules
    assert run(second) == (120, 1200)
    assert "numpy" in sys.modules and "helper" not in sys.modules


def test_a_module_already_loaded_before_the_run_is_kept(tmp_path):
    script = shop(tmp_path / "a", 100)
    sys.path.insert(0, str(tmp_path / "a" / "ch05"))
    try:
        import helper
        assert run(script)[0] == 100
        assert sys.modules.get("helper") is helper  # the host's own import, not the script's: left alone
    finally:
        sys.path.remove(str(tmp_path / "a" / "ch05"))
        sys.modules.pop("helper", None)


def book_chapter(folder, price):
    """A chapter that reaches ../common the book's way: `sys.path.append(os.pardir)`, relative to the working folder."""
    script = shop(folder, price)
    script.path.write_text("import os, sys\nsys.path.append(os.pardir)\nfrom common import shared_layer\n")
    return read_script(script.path)


def test_a_relative_pardir_in_a_second_folder_finds_that_folders_common(tmp_path):
    # importlib caches one finder per sys.path entry, keyed by its text: the '..' of the first chapter's run,
    # made absolute then, must not answer for the second chapter's '..' (as `check` runs lessons one after another)
    first, second = book_chapter(tmp_path / "a", 100), book_chapter(tmp_path / "b", 120)
    for script, price in ((first, 1000), (second, 1200)):
        with as_main(script) as names:
            exec(script.code, names)
            assert names["shared_layer"].PRICE == price
            assert names["shared_layer"].__file__.startswith(str(script.path.parent.parent))
    assert os.pardir not in sys.path_importer_cache


def test_a_relative_entry_the_host_had_is_the_scripts_folders_during_the_run(tmp_path, monkeypatch):
    # the host has '..' on its path, already looked up from its own folder: the script's '..' is its chapter's
    (tmp_path / "host" / "sub").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "host" / "sub")
    monkeypatch.setattr(sys, "path", [*sys.path, os.pardir])
    import importlib.machinery

    importlib.machinery.PathFinder.find_spec("no_such_module_anywhere")  # caches a finder for '..': tmp_path/host
    assert os.pardir in sys.path_importer_cache
    script = book_chapter(tmp_path / "a", 100)
    with as_main(script) as names:
        exec(script.code, names)
        assert names["shared_layer"].PRICE == 1000
    assert "common" not in sys.modules  # found through '..' during the run: the script's own, so forgotten


def test_what_a_script_sets_for_its_process_is_undone_after_it(tmp_path):
    script_path = tmp_path / "setter.py"
    script_path.write_text("import os, sys, warnings\nos.environ['TUTOR_TEST_LEAK'] = 'yes'\n"
                           "os.environ.pop('TUTOR_TEST_KEPT')\nos.environ['TUTOR_TEST_CHANGED'] = 'after'\n"
                           "warnings.simplefilter('error')\nsys.setrecursionlimit(sys.getrecursionlimit() + 123)\n"
                           "import gc\ngc.disable()\ngc.set_threshold(5)\n")
    script = read_script(script_path)
    os.environ.update(TUTOR_TEST_KEPT="kept", TUTOR_TEST_CHANGED="before")
    filters, limit, thresholds = list(warnings.filters), sys.getrecursionlimit(), gc.get_threshold()
    assert gc.isenabled() and thresholds != (5, 0, 0)
    try:
        with as_main(script) as names:
            exec(script.code, names)
            assert os.environ["TUTOR_TEST_LEAK"] == "yes" and warnings.filters[0][0] == "error"
        assert "TUTOR_TEST_LEAK" not in os.environ
        assert (os.environ["TUTOR_TEST_KEPT"], os.environ["TUTOR_TEST_CHANGED"]) == ("kept", "before")
        assert warnings.filters == filters and sys.getrecursionlimit() == limit
        assert gc.isenabled() and gc.get_threshold() == thresholds
    finally:
        gc.enable()
        for name in ("TUTOR_TEST_LEAK", "TUTOR_TEST_KEPT", "TUTOR_TEST_CHANGED"):
            os.environ.pop(name, None)


SETTER = """import warnings
import numpy as np

np.set_printoptions(precision=2)
np.seterr(all="raise")
warnings.simplefilter("error")
done = True
print(done)
"""
READER = """import numpy as np

third = np.array([1.0, 2.0]) / 3.0
ratio = np.array([1.0]) / np.array([0.0])
print(third, ratio)
"""


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # the reader's 1/0, warned as in a fresh process
def test_a_lesson_checked_after_another_in_one_process_runs_as_in_a_fresh_one(tmp_path):
    place = lessons(tmp_path, {
        "setter.py": SETTER, "setter.toml": to_the_last_line("setter", "print(done)", "done", '["True"]'),
        "reader.py": READER, "reader.toml": to_the_last_line("reader", "print(third, ratio)", "third, ratio",
                                                             '["0.33333333, 0.66666667", "[inf]"]')})
    for name in ("setter", "reader"):  # as `tutor check` runs every lesson: one after another, in one process
        done = tutor_in_process("check", name, "--lessons", str(place), cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
    assert "reader step  3/3  met" in done.stdout
    assert np.get_printoptions()["precision"] == 8 and np.geterr()["divide"] == "warn"


STYLER = """import matplotlib
matplotlib.rcParams["figure.figsize"] = (2.0, 1.0)
done = True
print(done)
"""
SIZER = """import matplotlib
size = list(matplotlib.rcParams['figure.figsize'])
print(size)
"""
TWO_CHECKS = """import sys
from tutor.cli import main
assert "matplotlib" not in sys.modules
codes = [main(["check", name, "--lessons", sys.argv[1]]) for name in sys.argv[2:]]
sys.exit(max(codes))
"""


def test_matplotlibs_settings_set_by_a_script_are_undone_after_it(tmp_path):
    # in a fresh process, where the first script loads matplotlib itself: the next finds a fresh import's settings
    pytest.importorskip("matplotlib")
    place = lessons(tmp_path, {
        "styler.py": STYLER, "styler.toml": to_the_last_line("styler", "print(done)", "done", '["True"]'),
        "sizer.py": SIZER, "sizer.toml": to_the_last_line("sizer", "print(size)", "size",
                                                          '["[6.4, 4.8]"]')})  # matplotlib's documented default
    done = checked_one_after_another(place, "styler", "sizer")
    assert done.returncode == 0 and "sizer step  3/3  met" in done.stdout


def checked_one_after_another(place, *names):
    """`tutor check NAME` for each lesson in turn, in one fresh process, as `tutor check` runs every lesson."""
    return subprocess.run([sys.executable, "-c", TWO_CHECKS, str(place), *names], cwd=place.parent,
                          env=environment(), capture_output=True, text=True, timeout=120)


HOOKER = """import os, sys

sys.stderr = open(os.devnull, "w")
sys.displayhook = lambda value: None
"""
SHOWER = lesson_toml("shower", 'pdb = "b 2"', 'pdb = "c"', 'pdb = "interact"',
                     'python = "total"\nexpect.output = ["5"]')  # the console's echo of `total`


def test_sys_streams_and_hooks_a_script_replaced_are_the_real_ones_again_after_it(tmp_path):
    # sys.stderr = devnull in one lesson's script hid tutor's own errors after it, and its displayhook left the
    # next lesson's console echoing nothing
    place = lessons(tmp_path, {"hooker.py": HOOKER, "hooker.toml": lesson_toml("hooker", 'pdb = "c"'),
                               "shower.py": "total = 2 + 3\nprint(total)\n", "shower.toml": SHOWER})
    done = checked_one_after_another(place, "hooker", "shower", "nosuch")
    assert done.stdout.splitlines()[-1].startswith("shower step  4/4  met ")
    assert done.returncode == 2 and done.stderr.startswith("tutor: no lesson called 'nosuch'")


BREAKER = """import builtins

builtins.len = lambda thing: 0
builtins.answer = 42
"""
COUNTER = """words = ["numerical", "gradient"]
count = len(words)
known = hasattr(__import__("builtins"), "answer")
print(count, known)
"""


def test_builtins_a_script_replaced_or_added_are_the_real_ones_again_after_it(tmp_path):
    # `builtins.len = ...` in one lesson's script made the next lesson's run, and tutor itself, fail
    place = lessons(tmp_path, {
        "breaker.py": BREAKER, "breaker.toml": lesson_toml("breaker", 'pdb = "c"'),
        "counter.py": COUNTER, "counter.toml": to_the_last_line("counter", "print(count, known)", "count, known",
                                                                '["(2, False)"]')})
    done = checked_one_after_another(place, "breaker", "counter")
    assert done.returncode == 0 and done.stdout.splitlines()[-1].startswith("counter step  3/3  met ")


def test_matplotlibs_settings_the_host_had_are_its_own_again_after_a_script(tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    script_path = tmp_path / "styler.py"
    script_path.write_text(STYLER)
    with matplotlib.rc_context({"figure.figsize": (3.0, 3.0)}):  # the host's own choice, before the run
        TutorDebugger(lambda prompt: "c", io.StringIO()).run_script(read_script(script_path))
        assert list(matplotlib.rcParams["figure.figsize"]) == [3.0, 3.0]


QUITTER = """import os

pid = os.fork()
if pid == 0:  # the child ends for real, as under python
    os._exit(7)
_, status = os.waitpid(pid, 0)
print("child exit code", os.waitstatus_to_exitcode(status))
os._exit(3)
"""


def test_os_exit_ends_the_run_and_not_tutor_while_a_forked_child_really_ends(tmp_path):
    # os._exit(3) in a script ended tutor itself: a `check` of every lesson stopped there, the rest never reported
    place = lessons(tmp_path, {"quitter.py": QUITTER, "quitter.toml": to_the_last_line(
        "quitter", "os._exit(3)", "pid > 0", '["True"]', 'pdb = "c"')})
    played = tutor("--lessons", str(place), "quitter", "--auto", cwd=tmp_path)  # a process: os._exit is under test
    checked = tutor("--lessons", str(place), "check", "quitter", cwd=tmp_path)
    assert (played.returncode, checked.returncode) == (0, 0), played.stderr + checked.stdout + checked.stderr
    # the child printed nothing of tutor's: it ended at its os._exit(7), as the parent saw
    assert played.stdout.count("child exit code 7\n") == 1 and played.stdout.count("quitter · step 4/4") == 1
    assert "(Pdb) c\nThe program exited via os._exit(). Exit status: 3\n" in played.stdout
    assert checked.stdout.splitlines()[-1] == "quitter step  4/4  met          c  ran (nothing to check)"


@pytest.mark.parametrize(("where", "code"), [("pdb", 5), ("python", 6)])
def test_os_exit_typed_at_pdbs_prompt_or_in_the_console_ends_the_run(tmp_path, where, code):
    # plain pdb's whole process ends with that status (checked by hand: `python -m pdb` exits 5); tutor's run
    # ends, said as the script's own os._exit is, where it printed "*** HardExit" or a traceback into tutor
    place = lessons(tmp_path, {"typed.py": "x = 1\ny = 2\nprint(x + y)\n", "typed.toml": lesson_toml(
        "typed", 'pdb = "b 2"', 'pdb = "c"', f'{where} = "import os; os._exit({code})"')})
    played = tutor("--lessons", str(place), "typed", "--auto", cwd=tmp_path)
    assert played.returncode == 0 and played.stderr == "", played.stderr
    typed = played.stdout.index(f"import os; os._exit({code})\n")  # 3.13's console says goodbye in between
    assert played.stdout.endswith(f"\nThe program exited via os._exit(). Exit status: {code}\n")
    assert "HardExit" not in played.stdout[typed:] and "Traceback" not in played.stdout[typed:]


def test_a_timer_and_handlers_a_script_set_are_stopped_and_put_back_after_it(tmp_path):
    # signal.alarm(1) in one lesson's script killed `tutor check` a second later, in another lesson ("Alarm clock")
    script_path = tmp_path / "alarmer.py"
    script_path.write_text("import signal\nsignal.signal(signal.SIGUSR1, lambda number, frame: None)\n"
                           "signal.signal(signal.SIGALRM, signal.SIG_IGN)\nsignal.alarm(600)\n"
                           "signal.setitimer(signal.ITIMER_PROF, 600)\n")
    script = read_script(script_path)
    handlers = signal.getsignal(signal.SIGUSR1), signal.getsignal(signal.SIGALRM)
    assert signal.getitimer(signal.ITIMER_REAL) == signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)  # none here
    try:
        with as_main(script) as names:
            exec(script.code, names)
            assert signal.getitimer(signal.ITIMER_REAL)[0] > 0 and signal.getitimer(signal.ITIMER_PROF)[0] > 0
        assert signal.getitimer(signal.ITIMER_REAL) == signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
        assert (signal.getsignal(signal.SIGUSR1), signal.getsignal(signal.SIGALRM)) == handlers
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGUSR1, handlers[0])
        signal.signal(signal.SIGALRM, handlers[1])
