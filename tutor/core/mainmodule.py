"""The fresh __main__ a script runs in, and what is put back after it: argv, sys.path, the modules it brought, and
the process settings a script may change (the environment, builtins, sys's streams and hooks, warnings filters,
the recursion limit, the garbage collector's settings, signal handlers and timers). os._exit ends the run, not
tutor."""
from __future__ import annotations

import builtins
import contextlib
import gc
import operator
import os
import signal
import sys
import types
import warnings
from typing import Iterator, NoReturn

from tutor.model.script import Script


class HardExit(BaseException):
    """The script called os._exit(code): its run ends there, and tutor, which shares its process, goes on."""

    def __init__(self, code: int):
        super().__init__(f"os._exit({code!r})")
        self.code = code


@contextlib.contextmanager
def as_main(script: Script) -> Iterator[dict]:
    """Run inside a fresh __main__ with argv, sys.path[0] and the working folder set, then put everything back.

    The working folder is the script's own, as the book runs its scripts (`cd ch05; python buy_apple.py`):
    `sys.path.append(os.pardir)` then reaches the chapter's neighbour `common/` wherever tutor was started,
    and the import check (tutor/content/imports.py) reads os.pardir from the script's folder too."""
    main = types.ModuleType("__main__")
    main.__dict__.clear()  # the names plain pdb gives a script, and no others
    main.__dict__.update(__name__="__main__", __file__=str(script.path), __builtins__=builtins.__dict__)
    if sys.version_info >= (3, 13):
        main.__spec__ = None
    saved = sys.modules.get("__main__"), list(sys.argv), list(sys.path)
    known = set(sys.modules)
    sys.modules["__main__"] = main
    sys.argv[:] = [str(script.path)]
    sys.path[0:1] = [os.path.dirname(str(script.path))]
    cwd = _working_folder()
    try:
        os.chdir(os.path.dirname(str(script.path)))
        _forget_relative_finders()
        with _settings_kept(), _signals_kept(), _hard_exit_ends_the_run():
            yield main.__dict__
    finally:
        # the folders the script added, and the relative ones, which the run read from the script's folder
        _forget_the_scripts_modules(known, [p for p in sys.path if p not in saved[2] or not os.path.isabs(p)])
        _forget_relative_finders()
        sys.modules["__main__"], sys.argv[:], sys.path[:] = saved
        if cwd is not None:
            os.chdir(cwd)


# What of sys a script may replace for itself (sys.stderr = open(os.devnull, "w") hid tutor's own errors after it)
SYS_SETTINGS = ("stdin", "stdout", "stderr", "displayhook", "excepthook", "breakpointhook", "unraisablehook")


@contextlib.contextmanager
def _settings_kept() -> Iterator[None]:
    """What a script sets for its own process is undone after it, so the next lesson `check` runs in this process
    starts as `python` would start it: os.environ, the builtins (`builtins.len = ...` broke tutor after the run),
    sys's streams and hooks, the warnings filters (`simplefilter("error")`), the recursion limit, the garbage
    collector's switch and thresholds. (numpy's print options and error state live in the run's own context:
    TutorDebugger._run_as_main.)"""
    environ, names, limit = dict(os.environ), dict(vars(builtins)), sys.getrecursionlimit()
    streams_and_hooks = {name: getattr(sys, name) for name in SYS_SETTINGS}
    collecting, thresholds = gc.isenabled(), gc.get_threshold()
    try:
        with warnings.catch_warnings():
            yield
    finally:
        sys.setrecursionlimit(limit)
        gc.set_threshold(*thresholds)
        (gc.enable if collecting else gc.disable)()  # gc.disable() in a script left every later run without it
        for name, value in streams_and_hooks.items():
            setattr(sys, name, value)
        _put_back(vars(builtins), names, operator.is_)
        _put_back(os.environ, environ, operator.eq)  # os.environ makes a new str at each read


@contextlib.contextmanager
def _signals_kept() -> Iterator[None]:
    """A timer the script started (`signal.alarm(5)`) is stopped when its run ends, and the handlers it set are
    the host's again: an alarm left running killed a later lesson of `check` ("Alarm clock"). SIGINT is pdb's and
    the player's business (TutorDebugger), so it is left to them."""
    handlers = {number: signal.getsignal(number) for number in _HANDLED}
    timers = {which: signal.getitimer(which) for which in _TIMERS}
    try:
        yield
    finally:
        for which, before in timers.items():
            if before == (0.0, 0.0):  # the host had none running: whatever runs now is the script's
                signal.setitimer(which, 0)
        for number, handler in handlers.items():
            if handler is not None and signal.getsignal(number) is not handler:
                with contextlib.suppress(OSError, ValueError):
                    signal.signal(number, handler)


# The interval timers a script may start (signal.alarm is ITIMER_REAL's); none where setitimer does not exist
_TIMERS = tuple(getattr(signal, name) for name in ("ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF")
                if hasattr(signal, "setitimer"))
# The signals a script may take over (SIGINT aside): timers', termination's, the user's, pipes', children's, the
# terminal's. Named, not all of signal.valid_signals(): reading 60 handlers took half a millisecond per run.
_HANDLED = tuple(getattr(signal, name) for name in (
    "SIGALRM", "SIGVTALRM", "SIGPROF", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGPIPE", "SIGCHLD",
    "SIGTSTP", "SIGCONT", "SIGWINCH", "SIGXCPU", "SIGXFSZ", "SIGABRT", "SIGSEGV", "SIGFPE") if hasattr(signal, name))


def _put_back(mapping, before: dict, same) -> None:
    """`mapping` as it was `before`: what was added since is removed, what was changed or removed is set again."""
    for name in set(mapping) - set(before):
        del mapping[name]
    missing = object()
    mapping.update({name: value for name, value in before.items() if not same(mapping.get(name, missing), value)})


@contextlib.contextmanager
def _hard_exit_ends_the_run() -> Iterator[None]:
    """os._exit raises HardExit in this process: it would end tutor too, and a `check` of every lesson would stop
    there, the lessons after it never reported. A process the script forked (multiprocessing) ends for real."""
    real, host = os._exit, os.getpid()

    def _exit(code: int) -> NoReturn:
        if os.getpid() != host:
            real(code)
        raise HardExit(operator.index(code))  # os._exit(1.5) is a TypeError there too

    os._exit = _exit
    try:
        yield
    finally:
        os._exit = real


def _working_folder() -> str | None:
    """The folder to come back to; None if it was deleted under us (then there is nothing to come back to)."""
    try:
        return os.getcwd()
    except FileNotFoundError:
        return None


def _forget_the_scripts_modules(known: set[str], folders: list[str]) -> None:
    """Drop the modules the script imported from its own folders (layer_naive.py, ../common): the next run,
    of this script or of a copy elsewhere with a module of the same name, imports its own, as `python` would."""
    roots = tuple(os.path.join(os.path.abspath(folder or os.curdir), "") for folder in folders)
    for name in set(sys.modules) - known:
        origin = _origin(sys.modules.get(name))
        if roots and origin is not None and os.path.abspath(origin).startswith(roots):
            del sys.modules[name]


def _forget_relative_finders() -> None:
    """importlib keeps one finder per sys.path entry, keyed by its text: a relative one ('..') is made absolute
    from the working folder of its first use, so no earlier folder's '..' may answer for this run's, nor this
    run's for the next script's in another folder."""
    for entry in [key for key in sys.path_importer_cache if isinstance(key, str) and not os.path.isabs(key)]:
        del sys.path_importer_cache[entry]


def _origin(module: object) -> str | None:
    """Where a module was found: its file, or a namespace package's folder (a common/ without __init__.py)."""
    origin = getattr(module, "__file__", None)
    if isinstance(origin, str):
        return origin
    folders = list(getattr(module, "__path__", None) or [])
    return folders[0] if folders and isinstance(folders[0], str) else None
