"""The command line: argparse in, an exit code out; wiring only."""
from __future__ import annotations

import argparse
import contextlib
import errno
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from tutor.arguments import build_parser, parse, routed
from tutor.content.catalog import FolderError, UnknownLesson, clash, clashing_paths, find_lesson, \
    is_packaged, load_all, own_folder, reserved, reserved_paths, script_for
from tutor.content.lesson import LessonError, TranslationError
from tutor.content.locate import ScriptError, check_imports, read_script
from tutor.ui.screen import ReaderGone
from tutor.ui.views.theme import SYNTAX, THEMES

if TYPE_CHECKING:
    from tutor.play.session import Pace
    from tutor.ui.words import Words

OK, MISSED, USAGE, INTERRUPTED = 0, 1, 2, 130
OUTPUT_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}  # writing stdout failed: a full disk
TYPING_PACE = 0.04  # seconds per character when --type plays hands-free
def main(argv: list[str] | None = None) -> int:
    """Run the command; the exit status is the one it returns, even after a learner's Ctrl-C was handled."""
    from tutor.ui import encoding

    encoding.fall_back(sys.stdout, sys.stderr)
    try:
        return command(argv)
    finally:
        forget_handled_interrupts()
        if encoding.why():
            print(encoding.why(), file=sys.stderr)


def forget_handled_interrupts() -> None:
    """CPython ends the process by SIGINT at exit once a KeyboardInterrupt has left an exec or eval of a
    string, even one caught long ago (the learner's `exec('while True: ...')` and Ctrl-C in the console);
    any later exec of a string clears that mark."""
    exec("")


def command(argv: list[str] | None = None) -> int:
    """Parse, then run the command; every user mistake is one line on stderr and exit code 2."""
    parser = build_parser()
    given = sys.argv[1:] if argv is None else list(argv)
    args = parse(parser, routed(given, parser))
    from tutor.content.languages import pick
    from tutor.ui.words import Words

    words = Words(pick(getattr(args, "lang", None)))
    import tutor.play.features  # noqa: F401  (registers the step features' fields before any lesson loads)
    try:
        return run(args, "reset" if "reset" in given else "--reset", words)
    except (UnknownLesson, LessonError, ScriptError, UsageError, FolderError, TranslationError) as exc:
        print(f"tutor: {exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("\ntutor: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # `python -m tutor lesson3 --auto | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except ReaderGone as gone:  # the screen failed before the program ran
        return output_failed(gone.args[0]) if gone.args and gone.args[0] else OK
    except OSError as exc:
        if exc.errno not in OUTPUT_FAILURES:
            raise
        return output_failed(exc.strerror or str(exc))


NARROWEST = 20  # columns tutor draws in at least


def run(args: argparse.Namespace, reset_as: str, words: Words) -> int:
    """The command's work, with the console in the theme asked for (the play layer's API unchanged)."""
    theme = getattr(args, "theme", None) or ("contrast" if getattr(args, "present", False) else "dark")
    console = Console(file=sys.stdout, highlight=False, theme=THEMES[theme])
    if console.width < NARROWEST:  # COLUMNS=0 or a sliver of a pane: rich would draw empty boxes, losing every word
        console.width = NARROWEST  # wider than the terminal: it wraps the lines, and the words stay
    if args.command == "reset":
        return reset(args.yes, reset_as)
    if args.command == "new":  # a draft lesson for a script (tutor/content/draft.py)
        from tutor.content.draft import new_command
        return new_command(args.name, args.script, words)
    folder = own_folder(args.lessons)
    if args.command == "validate":  # lesson files checked without running them (tutor/content/validate.py)
        from tutor.content.validate import validate_command
        return validate_command(args.paths, folder)
    if args.command == "list":
        return list_lessons(console, words, folder)
    if args.command == "check":
        return check([args.lesson] if args.lesson else [], args.script, console, words, folder)
    return play(args, console, theme, words, folder)


def list_lessons(console: Console, words: Words, folder=None) -> int:
    """One line per lesson: id, progress, title, summary (cut to the terminal's width); an instructor's apart."""
    from tutor.play import progress

    loaded, broken = load_all(folder)
    lessons, hidden = [], not_listed(folder, words, broken)
    for lesson in loaded:
        try:
            lessons.append(localised(lesson, words))
        except TranslationError as exc:  # a broken translation hides no other lesson either
            problem = str(exc).removeprefix(f"{lesson.path.parent}/")
            hidden.append((lesson.path, words("list_broken", problem=problem)))
    record = progress.load()
    warn(record.warning)
    width = max(len(name) for name in [lesson.id for lesson in lessons] + [path.stem for path, _ in hidden])
    packaged = [lesson for lesson in lessons if is_packaged(lesson)]
    own = [lesson for lesson in lessons if not is_packaged(lesson)]
    _list(console, words, packaged, record, width)
    if own or hidden:
        console.print(f"\n[bold]{escape(words('list_own', folder=folder))}[/]")
        _list(console, words, own, record, width, hidden)
    console.print("\n" + escape(suggestion(words, packaged + own, record, folder)))
    return OK


def suggestion(words: Words, lessons: list, record, folder=None) -> str:
    """The first lesson not finished, as the command that plays it (its folder named if it is the user's own)."""
    unfinished = [lesson for lesson in lessons if record.done(lesson.id)[0] < len(lesson.steps)]
    if not unfinished:
        return words("list_all_done")
    first = unfinished[0]
    where = "" if is_packaged(first) else f" --lessons {shlex.quote(str(folder))}"  # to paste into a shell
    return words("list_play", command=f"{first.id}{where}")


def not_listed(folder, words: Words, broken: list[LessonError]) -> list[tuple[Path, str]]:
    """The instructor's files that are not played, each with why: named like a command or a packaged lesson, broken."""
    hidden = [(path, words("list_reserved", name=path.stem, file=path.name)) for path in reserved_paths(folder)]
    hidden += [(path, words("list_clash", name=path.stem, file=path.name)) for path in clashing_paths(folder)]
    return hidden + [(exc.path, words("list_broken", problem=f"{exc.path.name}:{exc.line or ''}: {exc.message}"
                                      .replace(":: ", ": "))) for exc in broken]


def _list(console: Console, words: Words, lessons: list, record, width: int, hidden: list = ()) -> None:
    """The lines of one group of lessons, in columns, then its files not played, each with why (never left out)."""
    from rich.cells import cell_len
    from rich.text import Text

    marks = [_mark(words, record.done(lesson.id)[0], len(lesson.steps)) for lesson in lessons]
    mark_width = max((cell_len(text) for text, _ in marks), default=0)
    title_width = max((cell_len(lesson.title) for lesson in lessons), default=0)
    course = ""
    for lesson, (mark, style) in zip(lessons, marks):
        if lesson.course and lesson.course != course:
            console.print(Text(("\n" if course else "") + lesson.course, style="bold"))
        course = lesson.course
        line = Text.assemble((lesson.id.ljust(width), "bold"), "  ", (pad(mark, mark_width), style), "  ",
                             (pad(lesson.title, title_width), "tutor.name"), "  ", (lesson.summary, "tutor.dim"))
        line.truncate(console.width, overflow="ellipsis")
        console.print(line, no_wrap=True)
    for path, why in hidden:  # whole, even if it wraps: the instructor must read all of it
        console.print(Text.assemble((path.stem.ljust(width), "bold"), "  ", (why, "tutor.bad")))


def _mark(words: Words, done: int, steps: int) -> tuple[str, str]:
    """A lesson's progress as the list shows it: done, N/M, or new."""
    if done >= steps:
        return words("list_done"), "tutor.good"
    return (f"{done}/{steps}", "tutor.warn") if done else (words("list_new"), "tutor.dim")


def check(names: list[str], script_path: str | None, console: Console, words: Words, folder=None) -> int:
    """Rehearse lessons hands-free: a line per step, exit 1 if any step missed, 2 if a lesson could not be used."""
    lessons, broken = ([find_lesson(name, folder) for name in names], []) if names else load_all(folder)
    for path in [] if names else reserved_paths(folder):  # list.toml: said, not silently skipped
        warn(f"{path}: {reserved(path.stem)}; not rehearsed")
    for path in [] if names else clashing_paths(folder):
        warn(f"{clash(path)}; not rehearsed")
    for exc in broken:  # one broken file hides no other lesson
        print(f"tutor: {exc}", file=sys.stderr)
    failed, unusable = False, bool(broken)
    for lesson in lessons:
        try:
            status = rehearsed(localised(lesson, words), script_path, console, words)
        except (LessonError, ScriptError, TranslationError) as exc:  # one line, and on to the next lesson
            print(f"tutor: {exc}", file=sys.stderr)
            unusable = True
            continue
        if status == "interrupted":
            print("tutor: interrupted", file=sys.stderr)
            return INTERRUPTED
        failed |= status == "failed"
    return USAGE if unusable else MISSED if failed else OK


def rehearsed(lesson, script_path: str | None, console: Console, words: Words) -> str:
    """One lesson rehearsed, a line per step: "failed" if a step missed or was never reached, "interrupted", "met"."""
    from rich.text import Text

    from tutor.play.rehearse import rehearse

    script = read_script(script_path or script_for(lesson))
    check_imports(script)
    steps, result = rehearse(lesson, script, words=words)
    failed = False
    for report in steps:
        failed |= report.status != "met"  # missed, or never reached: the program quit or ended early
        style = {"met": "tutor.good", "missed": "tutor.bad", "not reached": "tutor.warn"}[report.status]
        line = Text.assemble(f"{lesson.id} step {report.number:>2}/{len(steps)}  ",
                             (f"{report.status:<11}", style), f"  {report.command}  ",
                             (" | ".join(report.details), "tutor.dim"))  # plain text: x[idx] is not markup
        console.print(line, soft_wrap=True)
    return "interrupted" if result.interrupted else "failed" if failed else "met"


def output_failed(why: str) -> int:
    """One line when the output could not be written (stdout on /dev/full), and exit 1; the exit stays quiet."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # what is left in stdout's buffer goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    print(f"tutor: stopped: the output could not be written ({why})", file=sys.stderr)
    return MISSED


LONGEST_DELAY = 3600  # seconds: an hour between two steps is more than any demo wants


def pace(args: argparse.Namespace, steps: int) -> "Pace":
    """--delay, --from and --to, checked against the lesson (a bad value is a usage error)."""
    from tutor.play.session import Pace

    first = 1 if args.first is None else args.first
    last = steps if args.last is None else args.last
    delay = 0.0 if args.delay is None else args.delay
    if not 1 <= first <= last <= steps:
        raise UsageError(f"--from and --to must satisfy 1 <= from <= to <= {steps} (the lesson has {steps} steps)")
    if not 0 <= delay <= LONGEST_DELAY:  # NaN too; and time.sleep cannot take an infinite or a 1e300-second pause
        raise UsageError(f"--delay must be from 0 to {LONGEST_DELAY} seconds")
    return Pace(delay=delay, typing=TYPING_PACE if args.type else 0.0, first=first, last=last)


def record_target(args: argparse.Namespace) -> Path | None:
    """The --record file, checked before anything plays (a folder, a read-only place, a full disk, an existing
    file without --force: each a usage error)."""
    if not args.record:
        if args.force:
            raise UsageError("--force goes with --record FILE (it lets the recording replace FILE)")
        return None
    from tutor.ui.record import check_target

    try:
        return check_target(args.record, force=args.force)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def recorded(target: Path, console: Console, run, lesson, script, theme: str, words: Words) -> tuple:
    """Run with a tape recording the screen (the program's prints reach it with pdb's); save it even after
    Ctrl-C. The result, and whether the file was saved (a disk that fills meanwhile is one line, not a traceback)."""
    from tutor.ui.record import Tape
    from tutor.ui.replay import about
    from tutor.ui.screen import Screen

    tape = Tape(target, console.width, console.height, theme)
    result = None
    try:
        result = run(Screen(console, tape, THEMES[theme]))
    finally:
        try:
            facts = about(lesson.id, lesson.title, script.path, script.text, words.language, len(lesson.steps), result)
            tape.save(f"python -m tutor {lesson.id}", facts)
        except OSError as exc:
            print(f"tutor: --record: not saved ({target}: {exc.strerror or exc})", file=sys.stderr)
            saved = False
        else:
            print(f"tutor: recorded to {target}", file=sys.stderr)
            saved = True
    return result, saved


def warn(message: str) -> None:
    """One warning line on stderr; the tool carries on."""
    if message:
        print(f"tutor: warning: {message}", file=sys.stderr)


def reset(confirmed: bool, asked_as: str = "reset") -> int:
    """Forget all progress, after asking (or with --yes when there is no one to ask); asked_as: reset or --reset."""
    from tutor.play import progress

    try:
        path = progress.state_file()
    except progress.NoHome as exc:
        raise UsageError(str(exc)) from None
    if not confirmed:
        if not (sys.stdin and sys.stdin.isatty()):  # None when stdin is closed (0<&-)
            raise UsageError(f"{asked_as} asks before forgetting; with no terminal to ask, add --yes")
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


def localised(lesson, words: Words):
    """The lesson in the language in use (English where its translation is silent)."""
    if words.language == "en":
        return lesson  # the lessons are written in English: no translation code to load
    from tutor.content import translate as i18n

    return i18n.translate(lesson, words.language)


class UsageError(Exception):
    """An option that cannot be used with this lesson."""


def play(args: argparse.Namespace, console: Console, theme: str, words: Words, folder=None) -> int:
    """Load the lesson and its script, play it, and turn missed expectations into exit code 1."""
    from tutor.play.session import Look, Player
    from tutor.ui.screen import Screen

    lesson = localised(find_lesson(args.lesson, folder), words)
    for path in clashing_paths(folder):  # lesson3.toml of --lessons DIR: never played in the packaged one's place
        if path.stem == args.lesson:
            warn(f"{clash(path)}; playing the packaged lesson")
    script = read_script(args.script or script_for(lesson))
    check_imports(script)
    target = record_target(args)
    keyboard = None
    if not (args.auto or not (sys.stdin and sys.stdin.isatty()) or not sys.stdout.isatty()):
        keyboard = terminal_keyboard(args.type)
    png = Path(args.png).expanduser().absolute() if args.png else None  # the script runs in its own folder
    player_pace = pace(args, len(lesson.steps))
    look = Look(present=args.present, syntax=SYNTAX[theme], png=png)
    run = lambda screen: Player(lesson, script, screen, keyboard, player_pace, look, words).play()  # noqa: E731
    saved = True
    if target is not None:
        result, saved = recorded(target, console, run, lesson, script, theme, words)
    else:
        result = run(Screen(console, theme=THEMES[theme]))
    if result.output_failure:
        output_failed(result.output_failure)
    from tutor.play import progress

    record = progress.load()
    record.record(lesson.id, result.ran, len(lesson.steps))
    warn(record.warning)
    for miss in result.misses:
        print(f"tutor: {miss.message(lesson.id)}", file=sys.stderr)
    if result.interrupted:
        print("tutor: interrupted", file=sys.stderr)
        return INTERRUPTED
    unreached = keyboard is None and not result.completed and not result.reader_left
    if unreached and (steps := unreached_steps(result, player_pace)):  # a `q` step, or an early end
        print(f"tutor: {lesson.id}: {steps} not reached", file=sys.stderr)
    return MISSED if result.misses or unreached or result.output_failure or not saved else OK


def unreached_steps(result, pace: "Pace") -> str:
    """The steps a hands-free run neither issued nor missed, in words: step 7, steps 5 to 9, or ""."""
    first = max([result.ran, pace.first - 1, *(miss.step.number for miss in result.misses)]) + 1
    if first > pace.last:
        return ""
    return f"step {first}" if first == pace.last else f"steps {first} to {pace.last}"
