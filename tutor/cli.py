"""The command line: argparse in, an exit code out; wiring only."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from tutor import __version__
from tutor.content.catalog import ENV_FOLDER, RESERVED, FolderError, UnknownLesson, all_lessons, find_lesson, \
    is_packaged, own_folder, reserved, reserved_paths, script_for
from tutor.content.translate import LANGUAGES, TranslationError
from tutor.content.lesson import LessonError
from tutor.content.locate import ScriptError, check_imports, read_script
from tutor.ui.views.theme import SYNTAX, THEMES

if TYPE_CHECKING:
    from tutor.play.session import Pace
    from tutor.ui.words import Words

OK, MISSED, USAGE, INTERRUPTED = 0, 1, 2, 130
TYPING_PACE = 0.04  # seconds per character when --type plays hands-free
COMMANDS = {  # each command's one line in `tutor --help`, in today's words
    "play": "play a lesson (`tutor LESSON` is short for `tutor play LESSON`)",
    "check": "rehearse a lesson (or all) hands-free and report each step as met or missed",
    "new": "draft a lesson beside a script",
    "validate": "check lesson files without running them",
    "list": "list the lessons with your progress (what `tutor` alone does)",
    "reset": "forget the progress of every lesson, asking first (`tutor --reset` does the same)",
}
SHARED = {  # options that several commands take
    "--script": dict(metavar="PATH", help="run the lesson on another gradient_2d-style script, "
                     "such as your copy of the book's"),
    "--lessons": dict(metavar="DIR", help=f"also offer the lessons (and their scripts) in DIR; default: ${ENV_FOLDER}"),
    "--lang": dict(choices=LANGUAGES, help="the language of narration and messages "
                   "(default: from LC_ALL or LANG, else en)"),
}
TOP_LEVEL = ("-h", "--help", "--version")  # the options of `tutor` itself, before any command


def build_parser() -> argparse.ArgumentParser:
    """`tutor` and a subparser per reserved word, so each command's --help and errors hold only its own options."""
    parser = argparse.ArgumentParser(
        prog="tutor", usage="%(prog)s [-h] [--version] [COMMAND | LESSON] ...",
        description="Debugger-driven tutorials for numerical Python: "
        "run a lesson's script under pdb, step by step, and see what it computes.",
        epilog="`tutor COMMAND --help` lists the options of a command.")
    parser.add_argument("--version", action="version", version=f"tutor {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands", prog="tutor")
    options = {"play": play_options, "check": check_options, "new": new_options, "validate": validate_options,
               "list": lambda command: shared(command, "--lessons", "--lang"),
               "reset": lambda command: command.add_argument("--yes", action="store_true", help="do not ask")}
    for name in RESERVED:  # a reserved word with no options here fails at once, not in front of a user
        options[name](commands.add_parser(name, help=COMMANDS[name], description=COMMANDS[name]))
    return parser


def play_options(parser: argparse.ArgumentParser) -> None:
    """`tutor play LESSON`: how the lesson is paced, shown and recorded."""
    parser.add_argument("lesson", metavar="LESSON", help="the lesson to play (`tutor list` lists them)")
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
    shared(parser, "--script", "--lessons")
    parser.add_argument("--png", metavar="DIR",
                        help="also save each plot of the lesson as a matplotlib PNG in DIR (needs tutor[plot])")
    shared(parser, "--lang")


def check_options(parser: argparse.ArgumentParser) -> None:
    """`tutor check [LESSON]`: which lessons to rehearse, on which script."""
    parser.add_argument("lesson", nargs="?", metavar="LESSON", help="the lesson to rehearse (leave out for all)")
    shared(parser, "--script", "--lessons", "--lang")


def new_options(parser: argparse.ArgumentParser) -> None:
    """`tutor new NAME --script PATH`: both optional here, so a missing one gets draft.py's own sentence."""
    parser.usage = "%(prog)s [-h] NAME --script PATH"
    parser.add_argument("name", nargs="?", metavar="NAME", help="the lesson's name (NAME.toml is written beside PATH)")
    parser.add_argument("--script", metavar="PATH", help="the script the lesson runs on")


def validate_options(parser: argparse.ArgumentParser) -> None:
    """`tutor validate [PATH ...]`: which lesson files to check."""
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="a lesson file or a folder of them (default: every lesson, with --lessons DIR's)")
    shared(parser, "--lessons")


def shared(parser: argparse.ArgumentParser, *names: str) -> None:
    """Options that several commands take, worded alike in each."""
    for name in names:
        parser.add_argument(name, **SHARED[name])


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The commands' parsers by name (argparse keeps them on its subparsers action)."""
    return next(action.choices for action in parser._actions if action.dest == "command")


def routed(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """The arguments with their command first: `tutor LESSON` is `tutor play LESSON`, `tutor` alone `tutor list`."""
    if argv[:1] and argv[0] in (*RESERVED, *TOP_LEVEL):
        return argv
    at = first_word(argv, parser)
    if at is not None and argv[at] in RESERVED:  # `tutor --lessons DIR check` as before: options may come first
        return [argv[at], *argv[:at], *argv[at + 1:]]
    if at is not None:
        return ["play", *argv]
    if "--reset" in argv:  # the README's `tutor --reset [--yes]`
        return ["reset", *(word for word in argv if word != "--reset")]
    return ["list", *argv]


def first_word(argv: list[str], parser: argparse.ArgumentParser) -> int | None:
    """Where the first argument that is neither an option nor an option's value is, if any."""
    takes_value = {name: action.nargs != 0 for sub in subcommands(parser).values()
                   for action in sub._actions for name in action.option_strings}
    at = 0
    while at < len(argv):
        word = argv[at]
        if word == "--":
            return at + 1 if at + 1 < len(argv) else None
        if word == "-" or not word.startswith("-"):
            return at
        known = [name for name in takes_value if name.startswith(word)]  # argparse takes a unique prefix
        value = takes_value.get(word, len(known) == 1 and takes_value[known[0]])
        at += 2 if value and "=" not in word else 1
    return None


def parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Each command parsed by its own parser, so its usage line heads every error; a usage error exits 2."""
    if argv[0] not in RESERVED:
        return parser.parse_args(argv)  # --help or --version: both exit
    command = subcommands(parser)[argv[0]]
    args, extra = command.parse_known_args(argv[1:])
    if extra and argv[0] in ("play", "check", "new") and not any(word.startswith("-") for word in extra):
        named = args.name if argv[0] == "new" else args.lesson
        command.error(f"one lesson at a time, not {' '.join([named, *extra])!r}")
    if extra:
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    if argv[0] == "check" and args.script and not args.lesson:
        command.error("check --script PATH needs the lesson to rehearse, for example: check lesson3 --script PATH")
    args.command = argv[0]
    return args


def main(argv: list[str] | None = None) -> int:
    """Parse, then run the command; every user mistake is one line on stderr and exit code 2."""
    parser = build_parser()
    given = sys.argv[1:] if argv is None else list(argv)
    args = parse(parser, routed(given, parser))
    from tutor.content import translate as i18n
    from tutor.ui.words import Words

    words = Words(i18n.pick(getattr(args, "lang", None)))
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


def run(args: argparse.Namespace, reset_as: str, words: Words) -> int:
    """The command's work, with the console in the theme asked for (the play layer's API unchanged)."""
    theme = getattr(args, "theme", None) or ("contrast" if getattr(args, "present", False) else "dark")
    console = Console(file=sys.stdout, highlight=False, theme=THEMES[theme])
    if args.command == "reset":
        return reset(args.yes, reset_as)
    if args.command == "new":  # a draft lesson for a script (tutor/content/draft.py)
        from tutor.content.draft import new_command
        return new_command(args.name, args.script)
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

    lessons, record = [localised(lesson, words) for lesson in all_lessons(folder)], progress.load()
    warn(record.warning)
    hidden = reserved_paths(folder)
    width = max(len(name) for name in [lesson.id for lesson in lessons] + [path.stem for path in hidden])
    packaged = [lesson for lesson in lessons if is_packaged(lesson)]
    own = [lesson for lesson in lessons if not is_packaged(lesson)]
    _list(console, words, packaged, record, width)
    if own or hidden:
        console.print(f"\n[bold]{escape(words('list_own', folder=folder))}[/]")
        _list(console, words, own, record, width, hidden)
    console.print("\n" + escape(words("list_play")))
    return OK


def _list(console: Console, words: Words, lessons: list, record, width: int, hidden: list[Path] = ()) -> None:
    """The lines of one group of lessons, then its files named like a command (never silently left out)."""
    from rich.text import Text

    for lesson in lessons:
        done, _ = record.done(lesson.id)
        mark = (words("list_done"), "tutor.good") if done >= len(lesson.steps) else (
            (f"{done}/{len(lesson.steps)}", "tutor.warn") if done else (words("list_new"), "tutor.dim"))
        line = Text.assemble((lesson.id.ljust(width), "bold"), "  ", (pad(mark[0], 6), mark[1]), "  ",
                             (lesson.title, "tutor.name"), "  ", (lesson.summary, "tutor.dim"))
        line.truncate(console.width, overflow="ellipsis")
        console.print(line, no_wrap=True)
    for path in hidden:  # whole, even if it wraps: the instructor must read all of it
        console.print(Text.assemble((path.stem.ljust(width), "bold"), "  ",
                                    (words("list_reserved", name=path.stem, file=path.name), "tutor.bad")))


def check(names: list[str], script_path: str | None, console: Console, words: Words, folder=None) -> int:
    """Rehearse lessons hands-free: a line per step, exit 1 if any step missed."""
    from rich.text import Text

    from tutor.play.rehearse import rehearse

    lessons = [find_lesson(name, folder) for name in names] if names else all_lessons(folder)
    for path in [] if names else reserved_paths(folder):  # list.toml: said, not silently skipped
        warn(f"{path}: {reserved(path.stem)}; not rehearsed")
    lessons = [localised(lesson, words) for lesson in lessons]
    failed = False
    for lesson in lessons:
        script = read_script(script_path or script_for(lesson))
        check_imports(script)
        steps, result = rehearse(lesson, script, words=words)
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


def reset(confirmed: bool, asked_as: str = "reset") -> int:
    """Forget all progress, after asking (or with --yes when there is no one to ask); asked_as: reset or --reset."""
    from tutor.play import progress

    path = progress.state_file()
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
    from tutor.content import translate as i18n

    return i18n.translate(lesson, words.language)


class UsageError(Exception):
    """An option that cannot be used with this lesson."""


def play(args: argparse.Namespace, console: Console, theme: str, words: Words, folder=None) -> int:
    """Load the lesson and its script, play it, and turn missed expectations into exit code 1."""
    from tutor.play.session import Look, Player
    from tutor.ui.screen import Screen

    lesson = localised(find_lesson(args.lesson, folder), words)
    script = read_script(args.script or script_for(lesson))
    check_imports(script)
    keyboard = None
    if not (args.auto or not (sys.stdin and sys.stdin.isatty()) or not sys.stdout.isatty()):
        keyboard = terminal_keyboard(args.type)
    png = Path(args.png).expanduser() if args.png else None
    player_pace = pace(args, len(lesson.steps))
    look = Look(present=args.present, syntax=SYNTAX[theme], png=png)
    run = lambda screen: Player(lesson, script, screen, keyboard, player_pace, look, words).play()  # noqa: E731
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
