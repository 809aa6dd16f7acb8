"""What several test modules share.

- tutor(): `python -m tutor ARGS` in a subprocess, as a user runs it (optionally with packages hidden: hiding());
- tutor_in_process(): the same `main(ARGS)` in this process, for the commands and the player (no process start);
- environment(), inherited(), terminal_env(): what children get (never this process's COLUMNS and LINES);
- Keys, Leaver: keyboards that type a list of lines for a player in this process;
- run_tutor(), PlainPdb, run_plain_pdb(): TutorDebugger and plain pdb fed the same lines (tests/test_fidelity.py);
- pty_child(), tutor_pty(), exited(): a child (tutor) in a pseudo-terminal, sent keys and closed without pexpect's
  fixed sleeps;
- reading(): wait until a child in a pseudo-terminal blocks reading its prompt;
- RECORDER_BACKENDS, loaded(), record(): the recorder's tests' backends, their code run from a real file, a call
  recorded in that file;
- lesson_toml(), to_the_last_line(), lessons(): small lessons written by a test, in a folder of their own.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# What every run of tutor here gets unless a test says otherwise: no colour, and a known width.
QUIET = {"NO_COLOR": "1", "COLUMNS": "80"}
# The size of the console is never inherited: pytest-xdist's workers have COLUMNS=80 and LINES=24 in their
# environment, which would override a pseudo-terminal's own size and tell other widths than a plain run.
SIZE = ("COLUMNS", "LINES")


def inherited() -> dict[str, str]:
    """os.environ without the console's size."""
    return {name: value for name, value in os.environ.items() if name not in SIZE}


def environment(env: dict[str, str | None] | None = None) -> dict[str, str]:
    """os.environ (less COLUMNS and LINES) with QUIET, then `env`, laid over it; a None value removes a variable."""
    merged = {**inherited(), **QUIET, **(env or {})}
    return {name: value for name, value in merged.items() if value is not None}


def terminal_env(**env: str) -> dict[str, str]:
    """The environment of a child in a pseudo-terminal: the terminal's own size rules, xterm without colour."""
    return {**inherited(), "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", **env}


def tutor(*args: str, cwd: Path, stdin=subprocess.DEVNULL, input: str | None = None, timeout: float = 120,
          env: dict[str, str | None] | None = None, hide: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`python -m tutor ARGS` in a subprocess started in `cwd`, text in and out.

    stdin is not a terminal (/dev/null unless `stdin` or `input` says otherwise), so the lesson plays
    hands-free. The environment is environment(env): this process's, QUIET and `env` laid over it. The packages
    named in `hide` are missing for that process, as if they were not installed (see `hiding`).
    """
    start = [sys.executable, "-c", hiding(hide)] if hide else [sys.executable, "-m", "tutor"]
    return subprocess.run([*start, *args], cwd=cwd, stdin=None if input is not None else stdin, input=input,
                          capture_output=True, text=True, timeout=timeout, env=environment(env))


PLOTTING = ("matplotlib", "mpl_toolkits")  # what `pip install 'pdb-tutor[plot]'` brings


def hiding(packages: tuple[str, ...], then: str = "import runpy; runpy.run_module('tutor', run_name='__main__', "
                                                  "alter_sys=True)") -> str:
    """Python code for `python -c` that makes `packages` missing, then runs `then` (by default: `-m tutor`).

    Each package's sys.modules entry is None: `import` then raises ModuleNotFoundError and
    importlib.util.find_spec returns None, which is what both do when a package is not installed (a
    sys.meta_path finder alone would not do: find_spec would raise the finder's error instead of returning
    None). A finder that refuses them stays first in sys.meta_path, in case anything removes the entries.
    Cheaper than a virtual environment without them: one interpreter start, no install.
    """
    return f"""import sys
HIDDEN = {tuple(packages)!r}


class Hidden:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, Hidden())
sys.modules.update(dict.fromkeys(HIDDEN))
{then}
"""


@dataclass(frozen=True)
class Done:
    """What `tutor_in_process` saw: the shape of subprocess.CompletedProcess that the tests read."""

    returncode: int
    stdout: str
    stderr: str


def tutor_in_process(*args: str, cwd: Path, input: str = "", env: dict[str, str | None] | None = None) -> Done:
    """`tutor.cli.main(ARGS)` here, set up as `tutor()` sets up its subprocess, and everything put back after.

    From `cwd`; stdin a text that is not a terminal (so the lesson plays hands-free, and `input()` in the
    script reads `input`, then EOF); the environment as `tutor()` builds it; tempfile's folder is `cwd`, where
    the scripts save their figures; stdout and stderr are captured. The exit code is main's return value, or
    the code of the SystemExit argparse raises for --help, --version and bad options.
    For the player and the commands, not for the process: signals, terminals and the exit status of a real
    process are tested with `tutor()` or a pseudo-terminal.
    """
    from tutor.cli import main

    out, err = io.StringIO(), io.StringIO()
    # rich's size when no standard stream is a terminal, as in tutor()'s subprocess; otherwise `pytest -s`
    # run in a terminal would lend that terminal's size to the console.
    variables = {"COLUMNS": "80", "LINES": "25", **environment(env)}
    saved = dict(os.environ), os.getcwd(), sys.stdin, tempfile.tempdir
    try:
        os.environ.clear()
        os.environ.update(variables)
        os.chdir(cwd)
        sys.stdin, tempfile.tempdir = io.StringIO(input), str(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as stop:  # argparse: --help, --version, a bad option
                code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
    finally:
        environ, cwd_before, sys.stdin, tempfile.tempdir = saved
        os.environ.clear()
        os.environ.update(environ)
        os.chdir(cwd_before)
    return Done(code, out.getvalue(), err.getvalue())


class Keys:
    """A keyboard for a player in this process: it types `lines`, one per prompt, and presses `keys` when a
    recording is walked; every prompt's text is kept in `prompts`.

    A line may be None, Enter on an empty line: it takes the offer (the step's command), or leaves when the
    offer is to leave (as Ctrl-D does), or types nothing when there is no offer. It may be an exception class,
    such as KeyboardInterrupt (Ctrl-C) or EOFError (Ctrl-D): it is raised. When the lines run out, `done`
    answers (Enter, unless a subclass says otherwise). After `limit` prompts the keyboard fails the test: a
    player that keeps asking would otherwise never end.
    """

    def __init__(self, lines=(), keys=(), limit: int = 1000):
        self.lines, self.keys, self.prompts, self.limit = list(lines), list(keys), [], limit

    def read(self, prompt, offer, status=None) -> str:
        self.prompts.append(prompt.text)
        assert len(self.prompts) < self.limit, "the player kept asking after the lines ran out"
        if not self.lines:
            return self.done(prompt, offer)
        line = self.lines.pop(0)
        if isinstance(line, type) and issubclass(line, BaseException):
            raise line
        return self.enter(offer) if line is None else line

    @staticmethod
    def enter(offer) -> str:
        """Enter on an empty line."""
        from tutor.model.prompt import LEAVE

        if offer is None:
            return ""
        if offer.line is LEAVE:
            raise EOFError
        return offer.line

    def done(self, prompt, offer) -> str:
        """The answer once the lines have run out: Enter."""
        return self.enter(offer)

    def read_key(self, hint) -> str:
        return self.keys.pop(0) if self.keys else "q"


class Leaver(Keys):
    """Keys that, once its lines run out, takes up to 60 more offers (asking for the solution where a hint is
    offered), then leaves: EOF in the console or a block, `q` at (Pdb). For players fed random lines: it is
    tests/test_fuzz.py's AnyKeys, ready for that module to import."""

    def __init__(self, lines=(), keys=(), limit: int = 300):
        super().__init__(lines, keys, limit)
        self.offers = 0

    def done(self, prompt, offer) -> str:
        from tutor.model.prompt import LEAVE

        self.offers += 1
        if self.offers <= 60 and offer is not None and offer.line is not LEAVE:
            return "solution" if offer.line == "hint" else offer.line
        if prompt.kind == "python" or prompt.more:
            raise EOFError
        return "q"


# -- plain pdb and TutorDebugger fed the same lines (tests/test_fidelity.py says why they are comparable) --

EOF_LINE = None  # a line that stands for Ctrl-D (EOF) at whatever prompt is waiting
PDB, PYTHON, MORE = "(Pdb) ", ">>> ", "... "
PDB_TIMEOUT = 120


@dataclass(frozen=True)
class TutorRun:
    """What TutorDebugger wrote (with each prompt written where it asked), and how the run ended."""

    text: str
    outcome: object  # tutor.model.prompt.Outcome
    prompts: list[str]


def run_tutor(script, lines: list[str | None]) -> TutorRun:
    """Play `lines` to TutorDebugger in this process; running out of lines is EOF, as it is on stdin."""
    from tutor.core.debugger import TutorDebugger

    out = io.StringIO()
    queue = list(lines)
    prompts: list[str] = []

    def ask(prompt) -> str:
        assert prompt.kind == ("python" if prompt.text in (PYTHON, MORE) else "pdb"), prompt
        prompts.append(prompt.text)
        out.write(prompt.text)  # what input() writes when stdin is not a terminal
        line = queue.pop(0) if queue else EOF_LINE
        if line is EOF_LINE:
            raise EOFError
        return line

    outcome = TutorDebugger(ask, out, errors=out).run_script(script)  # the program's stderr too, as a pty merges it
    return TutorRun(out.getvalue(), outcome, prompts)


def quiet_env(folder: Path) -> dict[str, str]:
    """The environment for plain pdb: no .pdbrc, no startup file, temp files in `folder`, matplotlib's font list
    lent (lend_font_list)."""
    home = folder / "home"
    home.mkdir(exist_ok=True)
    lend_font_list(folder / "mpl")
    env = {k: v for k, v in inherited().items() if k not in ("PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONBREAKPOINT")}
    env.update(HOME=str(home), TERM="dumb", NO_COLOR="1", PYTHONIOENCODING="utf-8", TMPDIR=str(folder),
               MPLCONFIGDIR=str(folder / "mpl"), MPLBACKEND="Agg")
    return env


def lend_font_list(config: Path) -> None:
    """Copy this process's matplotlib font list into the config folder `config` of a child about to start.

    In an empty MPLCONFIGDIR the child's matplotlib builds the list again, and when that takes over five seconds
    (a busy machine) it says "Matplotlib is building the font cache" on stderr, in the middle of the output that
    is compared. With the list there, it reads it. Nothing to lend without matplotlib.
    """
    try:
        import matplotlib
        from matplotlib import font_manager
    except ImportError:
        return
    config.mkdir(exist_ok=True)
    cached = Path(matplotlib.get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json"
    if cached.exists():
        shutil.copyfile(cached, config / cached.name)


class PlainPdb:
    """`python -u -m pdb script` started with `lines` typed on a pseudo-terminal, stdout+stderr merged; it runs in
    its own process while the caller does something else, `text()` waits for its output. A context manager:
    a run whose output was not taken is killed on the way out."""

    def __init__(self, script, lines: list[str | None], folder: Path):
        import pty
        import termios

        master, slave = pty.openpty()
        try:
            attrs = termios.tcgetattr(slave)
            attrs[3] = (attrs[3] | termios.ICANON) & ~termios.ECHO
            termios.tcsetattr(slave, termios.TCSANOW, attrs)
            veof = attrs[6][termios.VEOF]
            veof = veof if isinstance(veof, bytes) else bytes([veof])
            self.proc = subprocess.Popen([sys.executable, "-u", "-m", "pdb", str(script.path)], stdin=slave,
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=folder,
                                         env=quiet_env(folder))
        finally:
            os.close(slave)
        self.master = master
        typed = b"".join(veof if line is EOF_LINE else line.encode() + b"\n" for line in lines) + veof * 3
        # Written in one go, before pdb reads: it must fit the line discipline's 4 KiB input buffer.
        assert len(typed) < 4000, "too much input for one write to the pseudo-terminal"
        os.write(master, typed)  # the 3 extra EOFs: like the tutor side, running out of lines is EOF

    def text(self) -> str:
        import pytest

        try:
            out, _ = self.proc.communicate(timeout=PDB_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
            pytest.fail(f"plain pdb did not finish; it printed:\n{out.decode(errors='replace')}")
        return out.decode("utf-8")

    def __enter__(self) -> "PlainPdb":
        return self

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()
        os.close(self.master)


def run_plain_pdb(script, lines: list[str | None], folder: Path) -> str:
    """`python -u -m pdb script` with `lines` typed on a pseudo-terminal, stdout+stderr merged: its output."""
    with PlainPdb(script, lines, folder) as plain:
        return plain.text()


def diff(plain: str, tutor: str) -> str:
    """A unified diff, plain pdb first, for assertion messages."""
    import difflib

    return "".join(difflib.unified_diff(plain.splitlines(True), tutor.splitlines(True), "plain pdb", "tutor"))


def pty_child(command: str, args: list[str] | None = None, **options):
    """pexpect.spawn without its 50 ms sleep before every key sent: each test waits for the prompt it types at."""
    import pexpect

    child = pexpect.spawn(command, args or [], **options)
    child.delaybeforesend = None
    return child


def tutor_pty(*args: str, cwd: Path, columns: int = 100, env: dict[str, str] | None = None):
    """`python -m tutor ARGS` in a 40-line pseudo-terminal `columns` wide, from `cwd`; env: terminal_env()'s."""
    return pty_child(sys.executable, ["-m", "tutor", *args], cwd=str(cwd), env=env or terminal_env(),
                     dimensions=(40, columns), encoding="utf-8", timeout=30)


def exited(child, timeout: float = 30) -> int | None:
    """Close a child that reached EOF once it has exited, and return its exit status.

    pexpect's close() sleeps 0.1 s and then kills a child that is still on its way out, which would turn its exit
    status into a signal; this waits for the exit itself (the deadline is a guard against a hang, not a pace).
    """
    deadline = time.monotonic() + timeout
    while child.isalive():
        assert time.monotonic() < deadline, "the child closed its terminal but never exited"
        time.sleep(0.002)
    child.ptyproc.delayafterclose = 0
    child.close()
    return child.exitstatus


def reading(child, timeout: float = 30) -> None:
    """Wait until a child in a pseudo-terminal sleeps, blocked reading the line at the prompt it has drawn.

    For a Ctrl-C sent at a plain input() prompt (TERM=dumb): the signal must reach the read itself. Sent a moment
    earlier, between the prompt and the read, CPython's input() only notes it, and blocks until the next key.
    The child's state is read from /proc (Linux); elsewhere this returns at once.
    """
    stat = Path(f"/proc/{child.pid}/stat")
    deadline = time.monotonic() + timeout
    while stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "S":
        assert time.monotonic() < deadline, "the child never stopped to read its prompt"
        time.sleep(0.01)


def played_to_the_end(done, traceback_in: str = "stdout", answers: int | None = 1) -> None:
    """A hands-free lesson ran to its outro: exit 0, no miss, no live value that failed, no traceback in
    `traceback_in` ("stdout", "stderr" or "both": a lesson may print one on purpose), `answers` predictions."""
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    where = {"stdout": done.stdout, "stderr": done.stderr, "both": done.stdout + done.stderr}[traceback_in]
    assert "not what the lesson expected" not in done.stdout and "Traceback" not in where
    assert not re.search(r"<[^<>]*: \w+Error>", done.stdout), "a live value failed"
    assert "to think about" in done.stdout
    if answers is not None:
        assert done.stdout.count("your answer> ") == answers


# The Recorder's event sources this Python has: its tests run once with each, forced through BACKEND_VARIABLE.
def _recorder_backends() -> list[str]:
    from tutor.core.recorder import BACKENDS

    return [backend for backend in BACKENDS if backend != "monitoring" or hasattr(sys, "monitoring")]


RECORDER_BACKENDS = _recorder_backends()


def loaded(path: Path, source: str) -> dict:
    """`source` written to `path` and run: its names, and FILE, the path the Recorder is told to record."""
    path.write_text(source)
    namespace: dict = {}
    exec(compile(source, str(path), "exec"), namespace)
    namespace["FILE"] = str(path)
    return namespace


def record(namespace: dict, call, **options):
    """The Recording of `call`, tracing the file `namespace` was loaded from (loaded())."""
    from tutor.core.recorder import Recorder

    return Recorder({namespace["FILE"]}, **options).record("test", call)


# -- small lessons written by a test --------------------------------------------------------------


def lesson_toml(name: str, *steps: str, last: str | None = None) -> str:
    """Lesson NAME on NAME.py: each step one command and its checks (TOML lines), narrated by its number; `last`
    is the line the name {last} stands for."""
    head = f'format = 1\nid = "{name}"\ntitle = "{name}"\nsummary = "A lesson of this module."\nscript = "{name}.py"\n'
    lines = f'\n[lines]\nlast = "{last}"\n' if last else ""
    return head + lines + "".join(f'\n[[step]]\nsay = "Step {n}."\n{body}\n' for n, body in enumerate(steps, 1))


def to_the_last_line(name: str, last: str, shown: str, output: str, *more: str) -> str:
    """A lesson that breaks on `last`, runs to it and prints `shown`, expecting each text of `output` (TOML)."""
    return lesson_toml(name, 'pdb = "b {last}"', 'pdb = "c"\nexpect.line = "last"',
                       f'pdb = "p {shown}"\nexpect.output = {output}', *more, last=last)


def lessons(tmp_path, files: dict[str, str]):
    """A folder `lessons` holding these files (name: text)."""
    place = tmp_path / "lessons"
    place.mkdir()
    for name, text in files.items():
        (place / name).write_text(text)
    return place
