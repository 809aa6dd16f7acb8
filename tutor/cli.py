"""The command line: argparse in, an exit code out; wiring only."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from tutor import __version__
from tutor.content.catalog import ENV_FOLDER, FolderError, UnknownLesson, all_lessons, find_lesson, is_packaged, own_folder, \
    script_for
from tutor.content.translate import LANGUAGES, TranslationError
from tutor.content.lesson import LessonError
from tutor.content.locate import ScriptError, check_imports, read_script
from tutor.ui.views.theme import SYNTAX, THEMES

OK, MISSED, USAGE, INTERRUPTED = 0, 1, 2, 130
TYPING_PACE = 0.04  # seconds per character when --type plays hands-free


def build_parser() -> argparse.ArgumentParser:
    """Every option, with help a learner can read."""
    parser = argparse.ArgumentParser(
        prog="tutor", description="Debugger-driven tutorials for numerical Python: "
        "run a lesson's script under pdb, step by step, and see what it computes.", formatter_class=HelpFormatter)
    parser.add_argument("lesson", nargs="*", metavar="lesson",
                        help="the lesson to play (leave out to list them); `check [LESSON]` rehearses "
                        "a lesson (or all) hands-free and reports each step as met or missed; `new NAME --script PATH` "
                        "drafts a lesson beside a script; `validate [PATH]` checks lesson files without running them")
    parser.add_argument("--auto", action="store_true",
                        help="play hands-free (also what happens when stdin is not a terminal)")
    parser.add_argument("--delay", type=float, metavar="SECONDS",
                        help="with --auto: pause before each step (default 0, none)")
    parser.add_argument("--type", action="store_true",
                        help="each prepared command appears as if typed: at a human pace with --auto, "
                        "otherwise a word per key press (any key), so a presenter can face the room")
    parser.add_argument("--from", dest="first", type=int, metavar="N",
                        help="start at step N; the steps before it are replayed silently")
    parser.add_argument("--to", dest="last", type=int, metavar="N", help="stop after step N")
    parser.add_argument("--record", metavar="FILE",
                        help="save what was shown: .svg, .html, .txt, or .cast (asciinema, with its timing)")
    parser.add_argument("--present", action="store_true",
                        help="projector mode: high contrast, one sentence a step, views trimmed to the step")
    parser.add_argument("--theme", choices=("dark", "light", "contrast"),
                        help="colours for a dark or light terminal, or high contrast (default: dark; "
                        "contrast with --present); NO_COLOR is respected")
    parser.add_argument("--script", metavar="PATH",
                        help="run the lesson on another gradient_2d-style script, such as your copy of the book's")
    parser.add_argument("--lessons", metavar="DIR",
                        help=f"also offer the lessons (and their scripts) in DIR; default: ${ENV_FOLDER}")
    parser.add_argument("--png", metavar="DIR",
                        help="also save each plot of the lesson as a matplotlib PNG in DIR (needs tutor[plot])")
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="the language of narration and messages (default: from LC_ALL or LANG, else en)")
    parser.add_argument("--reset", action="store_true", help="forget the progress of every lesson (asks first)")
    parser.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    parser.add_argument("--version", action="version", version=f"tutor {__version__}")
    return parser


class HelpFormatter(argparse.HelpFormatter):
    """argparse's own, given the terminal's width: left to find it, argparse imports shutil (with bz2, lzma)."""

    def __init__(self, prog: str, **options) -> None:
        if options.get("width") is None:
            options["width"] = columns()
        super().__init__(prog, **options)


def columns() -> int:
    """The terminal's width as shutil.get_terminal_size finds it: $COLUMNS, else stdout's terminal, else 80."""
    value = os.environ.get("COLUMNS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def main(argv: list[str] | None = None) -> int:
    """Parse, then list or play; every user mistake is one line on stderr and exit code 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    theme = args.theme or ("contrast" if args.present else "dark")
    console = Console(file=sys.stdout, highlight=False, theme=THEMES[theme])
    words = args.lesson
    if len(words) > (2 if words[:1] in (["check"], ["new"], ["validate"]) else 1):
        parser.error(f"one lesson at a time, not {' '.join(words)!r}")
    if words[:1] == ["check"] and args.script and len(words) != 2:
        parser.error("check --script PATH needs the lesson to rehearse, for example: check lesson3 --script PATH")
    from tutor.content import translate as i18n
    from tutor.ui import words as messages

    messages.use(i18n.pick(args.lang))
    try:
        if args.reset:
            return reset(args.yes)
        folder = own_folder(args.lessons)
        if not words:
            return list_lessons(console, folder)
        if words[0] == "check":
            return check(words[1:], args.script, console, folder)
        if words[0] == "new":  # a draft lesson for a script (tutor/content/draft.py)
            from tutor.content.draft import new_command
            return new_command(words[1] if len(words) > 1 else None, args.script)
        if words[0] == "validate":  # lesson files checked without running them (tutor/content/validate.py)
            from tutor.content.validate import validate_command
            return validate_command(words[1:], folder)
        args.lesson = words[0]
        return play(args, console, theme, folder)
    except (UnknownLesson, LessonError, ScriptError, UsageError, FolderError, TranslationError) as exc:
        print(f"tutor: {exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("\ntutor: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # `python -m tutor lesson3 --auto | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK


def list_lessons(console: Console, folder=None) -> int:
    """One line per lesson: id, progress, title, summary (cut to the terminal's width); an instructor's apart."""
    from tutor.play import progress

    lessons, record = [localised(lesson) for lesson in all_lessons(folder)], progress.load()
    warn(record.warning)
    width = max(len(lesson.id) for lesson in lessons)
    packaged = [lesson for lesson in lessons if is_packaged(lesson)]
    own = [lesson for lesson in lessons if not is_packaged(lesson)]
    _list(console, packaged, record, width)
    if own:
        console.print(f"\n[bold]{escape(say('list_own', folder=folder))}[/]")
        _list(console, own, record, width)
    console.print("\n" + escape(say("list_play")))
    return OK


def _list(console: Console, lessons: list, record, width: int) -> None:
    """The lines of one group of lessons."""
    from rich.text import Text

    for lesson in lessons:
        done, _ = record.done(lesson.id)
        mark = (say("list_done"), "tutor.good") if done >= len(lesson.steps) else (
            (f"{done}/{len(lesson.steps)}", "tutor.warn") if done else (say("list_new"), "tutor.dim"))
        line = Text.assemble((lesson.id.ljust(width), "bold"), "  ", (pad(mark[0], 6), mark[1]), "  ",
                             (lesson.title, "tutor.name"), "  ", (lesson.summary, "tutor.dim"))
        line.truncate(console.width, overflow="ellipsis")
        console.print(line, no_wrap=True)


def check(names: list[str], script_path: str | None, console: Console, folder=None) -> int:
    """Rehearse lessons hands-free: a line per step, exit 1 if any step missed."""
    from rich.text import Text

    from tutor.play.rehearse import rehearse

    lessons = [find_lesson(name, folder) for name in names] if names else all_lessons(folder)
    lessons = [localised(lesson) for lesson in lessons]
    failed = False
    for lesson in lessons:
        script = read_script(script_path or script_for(lesson))
        check_imports(script)
        steps, result = rehearse(lesson, script)
        for report in steps:
            failed |= report.status == "missed"
            style = {"met": "tutor.good", "missed": "tutor.bad", "not reached": "tutor.warn"}[report.status]
            line = Text.assemble(f"{lesson.id} step {report.number:>2}/{len(steps)}  ",
                                 (f"{report.status:<11}", style), f"  {report.command}  ",
                                 (" | ".join(report.details), "tutor.dim"))  # plain text: x[idx] is not markup
            console.print(line, soft_wrap=True)
        failed |= result.interrupted
    return MISSED if failed else OK


def pace(args: argparse.Namespace, steps: int) -> "Pace":
    """--delay, --from and --to, checked against the lesson (a bad value is a usage error)."""
    from tutor.play.session import Pace

    first = 1 if args.first is None else args.first
    last = steps if args.last is None else args.last
    delay = 0.0 if args.delay is None else args.delay
    if not 1 <= first <= last <= steps:
        raise UsageError(f"--from and --to must satisfy 1 <= from <= to <= {steps} (the lesson has {steps} steps)")
    if delay < 0:
        raise UsageError("--delay must be 0 or more seconds")
    return Pace(delay=delay, typing=TYPING_PACE if args.type else 0.0, first=first, last=last)


def recorded(path: str, console: Console, run, title: str, theme):
    """Run with a tape recording the screen and the program's prints; save it even after Ctrl-C."""
    import contextlib

    from tutor.ui.record import Tape, Tee, check_target
    from tutor.ui.screen import Screen

    try:
        target = check_target(path)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    tape = Tape(target, console.width, console.height)
    try:
        with contextlib.redirect_stdout(Tee(sys.stdout, tape)):
            return run(Screen(console, tape, theme))
    finally:
        tape.save(f"python -m tutor {title}")
        print(f"tutor: recorded to {target}", file=sys.stderr)


def warn(message: str) -> None:
    """One warning line on stderr; the tool carries on."""
    if message:
        print(f"tutor: warning: {message}", file=sys.stderr)


def reset(confirmed: bool) -> int:
    """Forget all progress, after asking (or with --yes when there is no one to ask)."""
    from tutor.play import progress

    path = progress.state_file()
    if not confirmed:
        if not (sys.stdin and sys.stdin.isatty()):  # None when stdin is closed (0<&-)
            raise UsageError("--reset asks before forgetting; with no terminal to ask, add --yes")
        answer = input(f"Forget the progress of every lesson ({path})? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("tutor: progress kept")
            return OK
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise UsageError(f"cannot remove {path}: {exc.strerror or exc}") from None
    print(f"tutor: progress forgotten ({path})")
    return OK


def pad(text: str, width: int) -> str:
    """Text padded to `width` terminal columns (a Chinese character takes two)."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


def terminal_keyboard(typing: bool):
    """prompt_toolkit's keyboard; on a dumb terminal (TERM=dumb) plain lines with the offer written out."""
    if os.environ.get("TERM") == "dumb":  # no cursor moves, no colours
        from tutor.ui.plainkeys import PlainKeyboard

        return PlainKeyboard(sys.stdout)
    from prompt_toolkit.output import create_output

    from tutor.ui.keyboard import Keyboard

    return Keyboard(output=create_output(stdout=sys.stdout), typing=typing)  # the terminal, even recording


def localised(lesson):
    """The lesson in the language in use (English where its translation is silent)."""
    from tutor.content import translate as i18n
    from tutor.ui import words as messages

    return i18n.translate(lesson, messages.t.language)


def say(key: str, **fields) -> str:
    """A sentence of tutor's in the language in use."""
    from tutor.ui import words as messages

    return messages.say(key, **fields)


class UsageError(Exception):
    """An option that cannot be used with this lesson."""


def play(args: argparse.Namespace, console: Console, theme: str, folder=None) -> int:
    """Load the lesson and its script, play it, and turn missed expectations into exit code 1."""
    from tutor.play.session import Look, Player
    from tutor.ui.screen import Screen

    lesson = localised(find_lesson(args.lesson, folder))
    script = read_script(args.script or script_for(lesson))
    check_imports(script)
    keyboard = None
    if not (args.auto or not (sys.stdin and sys.stdin.isatty()) or not sys.stdout.isatty()):
        keyboard = terminal_keyboard(args.type)
    png = Path(args.png).expanduser() if args.png else None
    player_pace = pace(args, len(lesson.steps))
    look = Look(present=args.present, syntax=SYNTAX[theme], png=png)
    run = lambda screen: Player(lesson, script, screen, keyboard, player_pace, look).play()  # noqa: E731
    if args.record:
        result = recorded(args.record, console, run, lesson.id, THEMES[theme])
    else:
        result = run(Screen(console, theme=THEMES[theme]))
    from tutor.play import progress

    record = progress.load()
    record.record(lesson.id, result.ran, len(lesson.steps))
    warn(record.warning)
    for miss in result.misses:
        print(f"tutor: {miss.message(lesson.id)}", file=sys.stderr)
    if result.interrupted:
        print("tutor: interrupted", file=sys.stderr)
        return INTERRUPTED
    return MISSED if result.misses else OK
