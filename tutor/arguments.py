"""The command line's grammar: each command's parser and options, and the routing that keeps `tutor LESSON`."""
from __future__ import annotations

import argparse
import os
import sys

from tutor.content.catalog import ENV_FOLDER, RESERVED
from tutor.content.languages import LANGUAGES

COMMANDS = {  # each command's one line in `tutor --help`, in today's words
    "play": "play a lesson (`tutor LESSON` is short for `tutor play LESSON`)",
    "check": "rehearse a lesson (or all) hands-free and report each step as met or missed",
    "new": "draft a lesson beside a script",
    "validate": "check lesson files without running them",
    "list": "list the lessons with your progress (what `tutor` alone does)",
    "reset": "forget the progress of every lesson, asking first (`tutor --reset` does the same)",
}
SHARED = {  # options that several commands take
    "--script": dict(metavar="PATH", help="run the lesson on another copy or version of its script, "
                     "such as your copy of the book's (the lesson's [lines] patterns must be found in it)"),
    "--lessons": dict(metavar="DIR", help=f"also offer the lessons (and their scripts) in DIR; default: ${ENV_FOLDER}"),
    "--lang": dict(choices=LANGUAGES, help="the language of narration and messages "
                   "(default: from LC_ALL or LANG, else en)"),
}
TOP_LEVEL = ("-h", "--help", "--version")  # the options of `tutor` itself, before any command


def version() -> str:
    """tutor's version: its package's, or the installed one's when a folder named tutor in the working folder (a
    clone, run from the folder above it) stands in for the editable-installed package and has none."""
    import tutor

    known = getattr(tutor, "__version__", None)
    if known:
        return known
    from importlib.metadata import version as installed

    return installed("pdb-tutor")


def build_parser() -> argparse.ArgumentParser:
    """`tutor` and a subparser per reserved word, so each command's --help and errors hold only its own options."""
    parser = argparse.ArgumentParser(
        prog="tutor", usage="%(prog)s [-h] [--version] [COMMAND | LESSON] ...",
        description="Debugger-driven tutorials for numerical Python: "
        "run a lesson's script under pdb, step by step, and see what it computes.",
        epilog="`tutor COMMAND --help` lists the options of a command.", formatter_class=HelpFormatter)
    parser.add_argument("--version", action="version", version=f"tutor {version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands", prog="tutor")
    options = {"play": play_options, "check": check_options, "new": new_options, "validate": validate_options,
               "list": lambda command: shared(command, "--lessons", "--lang"),
               "reset": lambda command: command.add_argument("--yes", action="store_true", help="do not ask")}
    for name in RESERVED:  # a reserved word with no options here fails at once, not in front of a user
        options[name](commands.add_parser(name, help=COMMANDS[name], description=COMMANDS[name],
                                          formatter_class=HelpFormatter))
    return parser


def play_options(parser: argparse.ArgumentParser) -> None:
    """`tutor play LESSON`: how the lesson is paced, shown and recorded."""
    parser.add_argument("lesson", metavar="LESSON", help="the lesson to play (`tutor list` lists them)")
    parser.add_argument("--auto", action="store_true",
                        help="play hands-free (also what happens when stdin is not a terminal)")
    parser.add_argument("--delay", type=float, metavar="SECONDS",
                        help="with --auto: pause before each step, 0 to 3600 (default 0, none)")
    parser.add_argument("--type", action="store_true",
                        help="each prepared command appears as if typed: at a human pace with --auto, "
                        "otherwise a word per key press (any key), so a presenter can face the room")
    parser.add_argument("--from", dest="first", type=int, metavar="N",
                        help="start at step N; the steps before it are replayed silently")
    parser.add_argument("--to", dest="last", type=int, metavar="N", help="stop after step N")
    parser.add_argument("--record", metavar="FILE",
                        help="save what was shown: .html (a page replaying it step by step), .svg, .txt, or "
                        ".cast (asciinema, with its timing); "
                        "an existing FILE is refused unless --force")
    parser.add_argument("--force", action="store_true", help="with --record: replace FILE if it exists")
    parser.add_argument("--present", action="store_true",
                        help="projector mode: high contrast, a step's first and last sentences, views trimmed to the step")
    parser.add_argument("--theme", choices=("dark", "light", "contrast"),
                        help="colours for a dark or light terminal, or high contrast (default: dark; "
                        "contrast with --present); NO_COLOR is respected")
    shared(parser, "--script", "--lessons")
    parser.add_argument("--png", metavar="DIR",
                        help="also save each plot of the lesson as a matplotlib PNG in DIR (needs pdb-tutor[plot])")
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
