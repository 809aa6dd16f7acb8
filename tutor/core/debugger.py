"""The real pdb, driven by a callback instead of a keyboard; it never prints, it writes to `out`."""
from __future__ import annotations

import bdb
import contextlib
import contextvars
import gc
import pdb
import signal
import sys
from typing import TYPE_CHECKING, Callable, Iterator, TextIO

from tutor.model.commands import TUTOR_COMMANDS
from tutor.model.prompt import Outcome, Prompt
from tutor.model.stop import Stop, take_stop
from tutor.core.breakwait import BreakpointWait, ContinueWithoutTracing
from tutor.core.endings import cause, told
from tutor.core.interpreter import FrameInterpreter
from tutor.model.script import Script
from tutor.core.mplswitch import saved_plots
from tutor.core.mainmodule import HardExit, as_main
from tutor.core.programout import WAYS_IN, printing_frame, program_output, writing

if TYPE_CHECKING:  # the recorder (and numpy with it) loads on the first `trace`, not at start
    from tutor.model.recording import Recording


Ask = Callable[[Prompt], str]
_BDB_KEEPS_ENTERFRAME = sys.version_info >= (3, 13)  # bdb notes the frame of every trace event
DEBUGGERS_OWN = (bdb.__file__, pdb.__file__, __file__, "<string>")  # files of no frame a program's traceback shows


class Listener:
    """What the debugger tells whoever drives it, as it happens; each moment does nothing unless overridden."""

    def stopped(self) -> None:
        """The program paused: a breakpoint, a step, or Ctrl-C."""

    def interrupted(self) -> None:
        """Ctrl-C paused the running program."""

    def recording(self, recording: Recording) -> None:
        """A `trace` is running: what it has seen and kept so far (told every few thousand events)."""

    def recorded(self, recording: Recording) -> None:
        """A `trace` finished."""


class TutorDebugger(ContinueWithoutTracing, pdb.Pdb):
    """pdb itself, with its command loop fed by `ask` and its output sent to `out` (the program's prints too; its
    sys.stderr writes to `errors`, if given)."""

    def __init__(self, ask: Ask, out: TextIO, listener: Listener | None = None, errors: TextIO | None = None,
                 **pdb_options):
        """`pdb_options`: pdb's own skip and nosigint (CPython's pdb tests pass them; a lesson never does)."""
        super().__init__(stdin=_ContinuationLines(self), stdout=out, readrc=False, **pdb_options)
        self.ask, self.listener, self.program_errors = ask, listener or Listener(), errors
        self.watching: list[str] = []  # expressions shown at every stop (by the player)
        self.stops = 0  # counts every pause: a position is (stop, frame), so a new stop is never an old one
        self.event = "line"  # the trace event of the latest stop: call, line, return or exception
        self.console_names: dict | None = None  # while `interact` runs: its namespace, with the learner's names
        self.replay_asked = False  # `replay`, `restart` or `run`: the run ends for a fresh one (pdb.Restart's place)
        self.breakpoint_wait = BreakpointWait(self)  # what `continue` waits with on 3.12+

    # -- running -------------------------------------------------------------------------------

    def run_script(self, script: Script) -> Outcome:
        """Run the script as __main__, exactly as `python -m pdb script` would, and say how it ended."""
        with _tutor_out_of_the_collectors_way():
            return self._run_as_main(script)

    def _run_as_main(self, script: Script) -> Outcome:
        """The run itself; the program's namespace is gone when it returns, so its garbage can be collected."""
        bdb.Breakpoint.clearBreakpoints()
        self.mainpyfile = self.canonic(str(script.path))
        self._wait_for_mainpyfile = True
        self._user_requested_quit = False
        # the script's settings are undone before the backend is put back, and its prints go where pdb's go
        with saved_plots(), as_main(script) as namespace, program_output(self.stdout, self.program_errors):
            try:
                # a context of its own: what the script sets in context variables (numpy's print options and
                # error state, decimal's precision) ends with the run, as it would with its process
                contextvars.copy_context().run(self.run, _as_pdb_runs_it(script), namespace)
            except bdb.BdbQuit:
                return Outcome("replay" if self.replay_asked else "quit")
            except (SystemExit, HardExit) as exc:  # pdb's words for sys.exit; os._exit said the same way
                call = "os._exit" if isinstance(exc, HardExit) else "sys.exit"
                return Outcome("exited", f"The program exited via {call}(). Exit status: {exc.code}",
                               f"via {call}({exc.code!r})")
            except BaseException as exc:  # the learner's program failed: report it as pdb does
                return Outcome("raised", told(exc, str(script.path), DEBUGGERS_OWN), cause(exc, str(script.path)))
            finally:
                self.stop_waiting()
                bdb.Breakpoint.clearBreakpoints()
                _restore_sigint()
                self._let_the_frames_go()
        if self.replay_asked:
            return Outcome("replay")
        return Outcome("quit" if self._user_requested_quit else "finished")

    def _let_the_frames_go(self) -> None:
        """The run is over: bdb and pdb keep no frame of it (so its namespace and arrays can be freed)."""
        self.forget()
        self.botframe = self.stopframe = self.returnframe = None
        self.curframe_locals = {}
        if hasattr(self, "enterframe"):  # 3.13
            self.enterframe = None
        if hasattr(self, "frame_trace_lines_opcodes"):  # 3.13: frames set_trace changed
            self.frame_trace_lines_opcodes = {}

    def trace_dispatch(self, frame, event, arg):
        """bdb's dispatch, with a short way past calls it would not trace (numpy's import makes thousands)."""
        if event == "call":
            stopframe = self.stopframe
            if stopframe and frame is not stopframe and self.botframe is not None:
                # not stepping and not this frame's resumption: bdb traces the call only for a breakpoint
                # in its file; fncache holds the file's canonic name once bdb has seen it, and bdb's
                # canonic keeps a name in angle brackets as it is (<frozen importlib._bootstrap>, <string>)
                raw = frame.f_code.co_filename
                filename = self.fncache.get(raw) or (raw if raw[:1] == "<" and raw[-1:] == ">" else None)
                if filename is not None and filename not in self.breaks:
                    if _BDB_KEEPS_ENTERFRAME:
                        self.enterframe = frame
                    return None
            # a print on its way out, C code to plain pdb; asked only here, past the short way that most calls take
            if writing.depth or frame.f_code in WAYS_IN:
                return None
        return super().trace_dispatch(frame, event, arg)

    # -- the command loop ----------------------------------------------------------------------

    def user_call(self, frame, argument_list):
        self.event = "call"
        super().user_call(frame, argument_list)

    def user_line(self, frame):
        self.event = "line"
        super().user_line(frame)

    def user_return(self, frame, return_value):
        self.event = "return"
        super().user_return(frame, return_value)

    def user_exception(self, frame, exc_info):
        self.event = "exception"
        super().user_exception(frame, exc_info)

    def interaction(self, frame, traceback):
        """Count the stop, then let pdb do its usual work."""
        self.stops += 1
        self.listener.stopped()
        super().interaction(frame, traceback)

    def cmdloop(self, intro=None):
        """cmd.Cmd's loop, with `ask` in place of reading a terminal."""
        self.preloop()
        stop = None
        while not stop:
            if self.cmdqueue:
                line = self.cmdqueue.pop(0)
            else:
                try:
                    line = self.ask(Prompt("pdb", self.prompt, self.namespace()))
                except EOFError:
                    line = "EOF"
            line = self.precmd(line)
            stop = self.onecmd(line)
            stop = self.postcmd(stop, line)
        self.postloop()

    def postcmd(self, stop, line):
        """When a command lets the program run (not only `c`), Ctrl-C pauses it instead of killing it."""
        if stop and not self.nosigint:
            self._pause_on_ctrl_c()
        return super().postcmd(stop, line)

    def _pause_on_ctrl_c(self) -> None:
        """Install pdb's own SIGINT handler, remembering the one to restore (as `continue` does)."""
        try:
            if signal.getsignal(signal.SIGINT) != self.sigint_handler:
                pdb.Pdb._previous_sigint_handler = signal.signal(signal.SIGINT, self.sigint_handler)
        except ValueError:  # not the main thread: no signal handling at all
            pass

    def sigint_handler(self, signum, frame):
        """Pause in the learner's frame; pdb's own handler (3.11 to 3.13) pauses inside bdb's code."""
        if self.allow_kbdint:
            raise KeyboardInterrupt
        self.stop_waiting()  # first: while it waits, sys.settrace is the program's (core/breakwait.py)
        sys.settrace(None)  # set the pause up untraced, so no call below becomes a stop
        self.listener.interrupted()
        self.message("\nProgram interrupted. (Use 'cont' to resume).")
        self.set_trace(printing_frame(frame))

    def _error_exc(self):
        """os._exit typed at the prompt ends the run as the script's own would (it would end pdb's process)."""
        if isinstance(sys.exc_info()[1], HardExit):
            raise sys.exc_info()[1]
        super()._error_exc()

    def do_interact(self, arg):
        ns = self.namespace()
        hooks = {name: getattr(self, f"do_{name}") for name in TUTOR_COMMANDS}  # do_trace records in console_names
        console = FrameInterpreter(ns, read=self._read_python, out=self.stdout, hooks=hooks)
        self.console_names = ns
        try:
            console.run()
        finally:
            self.console_names = None

    do_interact.__doc__ = pdb.Pdb.do_interact.__doc__

    def do_trace(self, arg):
        """trace EXPRESSION
        Run EXPRESSION in the current frame while recording, line by line,
        what the script's functions do inside it: the values of their
        variables and every write into an array, in place or not. Then walk
        the recording: a key per line, a key per pass through a loop, a key
        to the end. Only the first and last passes of a long loop, and the
        first five calls of a function from each pass of its caller, are
        kept; the rest is counted.
        """
        if not arg.strip():
            self.error("trace needs an expression, for example: trace numerical_gradient(function_2, x)")
            return
        self.trace(arg, self.namespace() if self.console_names is None else self.console_names)

    def trace(self, expression: str, names: dict) -> None:
        """Record `expression` in `names` and hand the recording to whoever shows it."""
        try:
            code = compile(expression.strip(), "<trace>", "eval")
        except SyntaxError as exc:
            self.error(f"SyntaxError: {exc.msg}")
            return
        from tutor.core.recorder import Recorder
        from tutor.model.recording import Calls

        try:
            recorder = Recorder({self.mainpyfile, self.canonic(self.mainpyfile)}, progress=self.listener.recording)
        except ValueError as exc:  # TUTOR_TRACE_BACKEND names no backend, or one this Python lacks
            self.error(str(exc))
            return
        with contextlib.redirect_stdout(self.stdout):  # the traced code's prints belong to the lesson's output
            recording = recorder.record(expression.strip(), lambda: eval(code, names))
        outcome = f"raised {recording.error}" if recording.error else f"returned {recording.result_text}"
        calls = sum(item.count for item in recording.left_out if isinstance(item, Calls))
        later = f", {calls} later calls not recorded" if calls else ""
        self.message(f"traced {expression.strip()}: {len(recording.events)} of {recording.seen} events kept{later}; "
                     f"it {outcome}")
        self.listener.recorded(recording)

    def do_replay(self, arg):
        """replay
        Run the program again from its start and replay, silently, the
        lesson's steps up to where the lesson is (F5 does the same). In a
        lesson, restart and run do this too.
        """
        self.replay_asked = True
        return self.do_quit(arg)

    def do_restart(self, arg):
        """restart
        In a lesson, the same as replay: the program runs again from its
        start and the lesson's steps up to where it is are replayed.
        """
        return self.do_replay(arg)

    do_run = do_restart

    def do_watch(self, arg):
        """watch [EXPRESSION]
        Show EXPRESSION at every stop from now on, with the cells of an
        array that changed since the last stop (in-place writes included).
        Without an argument, list what is watched. See also unwatch.
        """
        expression = arg.strip()
        if not expression:
            self.message("watching: " + (", ".join(self.watching) or "nothing"))
        elif expression in self.watching:
            self.message(f"already watching {expression}")
        else:
            self.watching.append(expression)
            self.message(f"watching {expression}")

    def do_unwatch(self, arg):
        """unwatch EXPRESSION
        Stop showing EXPRESSION at every stop (see watch).
        """
        expression = arg.strip()
        if expression in self.watching:
            self.watching.remove(expression)
            self.message(f"stopped watching {expression}")
        else:
            self.error(f"not watching {expression!r}; watching: {', '.join(self.watching) or 'nothing'}")

    def _read_python(self, text: str, names: dict) -> str:
        """A console line, through the same callback as pdb's."""
        return self.ask(Prompt("python", text, names, more=text.startswith("...")))

    # -- what the views read -------------------------------------------------------------------

    def namespace(self) -> dict:
        """The selected frame's globals and locals, as `interact` and `p` see them."""
        if getattr(self, "curframe", None) is None:
            return {}
        return {**self.curframe.f_globals, **self.curframe_locals}

    def script_names(self) -> dict:
        """The names of the script's own module, wherever the program is paused (a graph reads them from a layer)."""
        for frame, _ in getattr(self, "stack", ()):
            if frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") == "__main__":
                return frame.f_globals
        return {}

    def position(self) -> tuple[int, int]:
        """Which stop, and which frame of its stack, the debugger is showing."""
        return self.stops, getattr(self, "curindex", 0)

    def take_stop(self) -> Stop:
        """A snapshot of the selected frame, with this file's breakpoints."""
        frame, lineno = self.stack[self.curindex]
        breaks = {line for line in self.get_file_breaks(frame.f_code.co_filename)}
        event = self.event if self.curindex == len(self.stack) - 1 else "line"
        names = self.curframe_locals if frame is self.curframe else frame.f_locals
        if frame.f_code.co_name != "<module>":
            names = dict(names)
        return take_stop(frame, lineno, event, breaks, names)

    def where(self) -> tuple[str, int, str]:
        """File, line and function of the selected frame, without a full snapshot."""
        frame, lineno = self.stack[self.curindex]
        return frame.f_code.co_filename, lineno, frame.f_code.co_name

    def evaluate(self, expression: str) -> object:
        """Evaluate an expression in the console if one is open, else the selected frame; exceptions propagate."""
        if self.console_names is not None:
            return eval(expression, self.console_names)
        return eval(expression, self.curframe.f_globals, self.curframe_locals)


class _ContinuationLines:
    """pdb's stdin: 3.13 reads the rest of a block typed at (Pdb) from it, after printing `...   ` itself."""

    def __init__(self, debugger: TutorDebugger):
        self.debugger = debugger

    def readline(self) -> str:
        try:
            return self.debugger.ask(Prompt("pdb", "", self.debugger.namespace(), more=True)) + "\n"
        except EOFError:
            return ""


@contextlib.contextmanager
def _tutor_out_of_the_collectors_way() -> Iterator[None]:
    """While the program runs, its garbage collections skip what was alive before it (tutor, rich, the lesson).

    numpy's import alone makes the collector walk every live object many times, and tutor's own
    add about a tenth to the post's session. When the run ends, the program's garbage is collected
    (its objects are the only ones not frozen: a cheap collection) and what is left stays frozen for
    tutor's life, so the collections of its exit have nothing to walk. A replay freezes what is new.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()
        gc.freeze()


def _restore_sigint() -> None:
    """Put back the SIGINT handler pdb replaced, if the program ended while running."""
    previous = pdb.Pdb._previous_sigint_handler
    if previous:
        try:
            signal.signal(signal.SIGINT, previous)
        except ValueError:
            pass
        pdb.Pdb._previous_sigint_handler = None


def _as_pdb_runs_it(script: Script) -> str:
    """The statement `python -m pdb` executes, so `where` shows the same frames as plain pdb."""
    return f"exec(compile({script.text!r}, {str(script.path)!r}, 'exec'))"
