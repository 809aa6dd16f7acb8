"""Every sentence tutor itself says, by key, in English; translations in tutor/locale/LANG.toml fall back to it."""
from __future__ import annotations

import importlib
import tomllib
from pathlib import Path
from string import Formatter

from rich.text import Text

ENGLISH = {
    # the player
    "step_title": "{lesson} · step {number}/{total}",
    "outro_title": "to think about",
    "ended_title": "the program ended",
    "ended": "The program {how} before the lesson did. Press Enter to run it again and {where}, or type q to quit.",
    "ended_replay": "replay up to step {number}",
    "ended_over": "start the lesson over",
    "how_finished": "finished",
    "how_exited": "exited",
    "how_raised": "raised an exception",
    "how_quit": "quit",
    "ctrl_c_title": "Ctrl-C",
    "ctrl_c": "Press Ctrl-C again, or type q, to quit the lesson.",
    "ctrl_c_console": "Press Ctrl-C again, or type :quit, to quit the lesson. Ctrl-D goes back to (Pdb).",
    "presenter_title": "presenter",
    "no_such_step": "There is no such step: the lesson has steps 1 to {last}.",
    "no_step_before": "This is the first step: there is none before it.",
    "jump_needs_number": "Jump to which step? Type :jump N, with N from 1 to {last}.",
    "jump_which": "{given} is not a step number: type :jump N, with N from 1 to {last}.",
    "keys_title": "presenter keys",
    "keys": "Enter runs the step offered, or the line you type. PgUp (or :back) goes back one step, "
            "F5 (or :replay) runs this step again from a fresh start, :jump N goes to step N, "
            ":quit or Ctrl-C twice ends the lesson. Going back or jumping runs the script again and "
            "replays the steps before silently, so what you see is what a straight run shows.",
    "over_title": "the lesson is over",
    "over": "Explore as long as you like; q quits.",
    "offpath_title": "off the lesson's path",
    "offpath": "Your command moved the program on. The next step expects it where the last step left it; "
               "type `replay` to go back there, or carry on.",
    "interrupted_title": "interrupted",
    "interrupted": "Ctrl-C paused the program where it was. Press Enter to {again}, type your own command, "
                   "or type `replay` to go back to where the lesson is.",
    "again_step": "run the step again",
    "again_next": "take the lesson's next command",
    "replayed_title": "replayed",
    "restart_title": "replay",
    "restart": "In a lesson, {command} is replay: a fresh run of the program, replayed to where the lesson is.",
    "replayed": "The program was run from its start and steps 1 to {number} were replayed silently.",
    "replayed_one": "The program was run from its start and step 1 was replayed silently.",
    "miss_title": "not what the lesson expected",
    "figure_title": "figure",
    "variables_in": "variables in {function}()",
    "no_variables": "(no variables yet)",
    "offer_interact": "interact  (the next step runs in the console)",
    "offer_leave": "Ctrl-D  (back to (Pdb) for the next step)",
    "offer_quit": "q  (quit)",
    "offer_back": "Ctrl-D  (back to (Pdb))",
    "status": " {lesson} · step {number}/{total}   Enter run · PgUp back · F5 replay · :jump N · F1 help · "
              "Ctrl-C twice quit ",
    "status_short": " {lesson} · step {number}/{total}   Enter run · PgUp back · F1 help ",
    # predictions
    "predict_title": "predict",
    "right_title": "right",
    "right_is": "{expression} is {value}.",
    "right_yes": "Yes: {expression} is {value}.",
    "not_quite_title": "not quite",
    "answer_title": "the answer",
    "hmm_title": "hmm",
    "not_a_value": "That is not a Python value ({error}). Type one, such as (2, 3) or 4.5.",
    "show_me": "Enter: show me",
    # exercises
    "exercise_title": "exercise",
    "exercise": "Write `{name}` here in the console. Each time you define it, it is checked on fresh random "
                "inputs. Enter on an empty line shows a hint; `solution` shows one.",
    "not_yet_title": "not yet",
    "solution_title": "a solution",
    "solution": "Press Enter to type it, or write your own.",
    "offer_solution": "Enter: type the solution shown above",
    "offer_hint": "write {name} · Enter: a hint · solution: show one",
    "hint_title": "hint {number} of {total}",
    "no_hints_title": "no more hints",
    "no_hints": "Type `solution` to see one.",
    "passed": "{name} passed {checks} on each of {trials} sets of fresh random inputs",
    "one_check": "its one check",
    "checks": "all {count} checks",
    # walking a recording
    "walk_title": "walk the recording",
    "walk_keys": "→/n next line · ←/p back · i next pass of the loop · e end · q done",
    "answer_prompt": "your answer> ",
    # the views
    "rows_count": "   ({rows} rows: one per turn)",
    "rows_footer": "{array} has shape {shape}; {item} has shape {item_shape}: {size} values of {dtype}, {relation}.",
    "rows_view": "row {index} of {array} itself (a view, same memory)",
    "rows_copy": "a copy, not row {index} of {array}",
    "compare_title": "{got} against {want}",
    "compare_cell": "cell",
    "compare_more": "{shown} of {size} cells shown",
    "compare_worst": "; the largest error is at {cell}",
    "compare_verdict": "{agree} of {size} cells agree within {tolerance}; largest error {error}; shape {shape}",
    "graph_title": "computational graph: forward ↑, backward ↓",
    "graph_here": "◀ paused in its {function}",
    "graph_legend": "X = forward's value; {prefix}X = the derivative backward handed to X (how much the "
                    "output moves per unit of X); ? = not computed yet",
    "shapes_title": "shapes",
    "shapes_match": "{left_name} has {left} columns and {right_name} has {right} rows: they match, and the "
                    "product has shape {shape}",
    "shapes_differ": "{left_name} has {left} columns but {right_name} has {right} rows: numpy refuses this product",
    "shapes_sum": "axis {axis}, of length {length}, is summed away: the result has shape {shape}",
    "shapes_sum_sign": "sum over axis {axis}",
    "shapes_missing": "an operand is not an array here, or has no such axis",
    "shapes_result_differs": "but {name} has shape {shape}, not {expected}",
    "mask_title": "{values} under {mask} {shape}: ✗ blocked",
    "mask_counts": "{passed} of {size} cells pass on; the {blocked} where {mask} is True pass 0",
    "watch_title": "watch",
    "watch_error": "error",
    "watch_same": "same",
    "watch_new": "new",
    "watch_changed": "changed",
    "watch_rebound": "rebound",
    "watch_more": "(+{count} more cells)",
    "trace_meant": "  meant {meant}, stored {stored}: an array of {dtype} cannot hold it",
    "trace_exact": "  exact {exact}  error {error}",
    "trace_pass": "{function}(): pass {number}",
    "trace_gap": "… {function}() call {frame}: passes {first} to {last} ran too ({events} events), not kept",
    "trace_calls": "… {function}(): {count} more calls ran too (calls {first} to {last}), not recorded",
    "trace_cut": "… events {first} to {last} ran too ({events} events), not kept: the first {budget} were kept",
    "trace_live": "recording… {seen} events seen, {kept} kept, {calls} later calls counted",
    "trace_result": "returned {result}",
    "trace_more_cells": "(+{count} cells)",
    "trace_event": "event {number}/{total}",
    "trace_where": "  {function}() line {line}  pass {number}  ",
    "plot_points_not_finite": "points not finite, not drawn: {count}",
    "plot_arrows_not_finite": "arrows not finite, not drawn: {count}",
    "plot_arrows": "{count} arrows",
    "plot_hidden": ", {count} hidden behind longer ones",
    "plot_start": " start ({x}, {y})  ",
    "plot_end": " end ({x}, {y})  ",
    "plot_points": "{count} points",
    "plot_no_points": "no finite points",
    # the replay page (--record FILE.html)
    "replay_intro": "before the first step",
    "replay_own": "your own line",
    "replay_steps": "steps",
    "replay_previous": "previous step",
    "replay_next": "next step",
    "replay_all": "show all steps",
    "replay_keys": "→ Space PgDn: next · ← PgUp: back · Home End: first, last",
    "replay_missed_mark": "missed",
    "replay_held": "Every expectation held.",
    "replay_held_part": "Every expectation held in the {ran} steps run (of {total}).",
    "replay_missed": "Not what the lesson expected at steps {steps}.",
    "replay_broke_off": "The run broke off before it could be checked.",
    "replay_script": "script",
    "replay_date": "recorded",
    "replay_ran": "steps run",
    # the list
    "list_new": "new",
    "list_done": "done ✓",
    "list_own": "Lessons in {folder}",
    "list_play": "Next: python -m tutor {command}  (add --auto to watch it hands-free)",
    "list_all_done": "Every lesson is done; play any again with: python -m tutor LESSON",
    "list_reserved": "cannot be played as `tutor {name}`: that is a command; rename {file}",
    "list_clash": "not used: a packaged lesson is called {name}; rename {file} (and its id)",
    "list_broken": "cannot be loaded: {problem}",
    # tutor new: the draft, and what it left out
    "new_wrote": "wrote {path}: {steps} steps",
    "new_next": "next: replace the TODO texts, then",
    "new_output": "not stopped at these lines, which only print, plot or add to sys.path: {lines}",
    "new_blocks": "not stopped in the loops and blocks of the main code at these lines (a breakpoint in them may "
                  "stop at every turn, or never): {lines}",
    "new_unnamed": "not stopped at these lines, which no pattern finds alone: {lines}",
    "new_not_entered": "not stepped into (not called on every run of the main code): {names}",
    "new_unreached": "not stepped into (no line of theirs is unique enough to break on): {names}",
    "new_classes_only": "{script} only defines classes ({names}) and calls nothing at module level, so a lesson "
                        "has nothing to stop at; draft one from the script that uses them: "
                        "python -m tutor new NAME --script THAT_SCRIPT",
    "new_nothing_called": "{script} defines {names} but calls nothing at module level, so a lesson has nothing "
                          "to stop at; draft one from the script that calls them: "
                          "python -m tutor new NAME --script THAT_SCRIPT",
    "new_nothing_runs": "{script} calls nothing at module level, so a lesson has nothing to stop at",
}


class Words:
    """The sentences in one language, English where that language has none."""

    def __init__(self, language: str = "en"):
        self.language = language
        self.table = _load(language) if language != "en" else {}

    def __call__(self, key: str, **fields: object) -> str:
        return self._fill(key, lambda template: template.format(**fields))

    def styled(self, key: str, **fields: object) -> Text:
        """The sentence as rich Text, each field in its own style: a field given as (value, style)."""
        return self._fill(key, lambda template: _assemble(template, fields))

    def _fill(self, key: str, make):
        """This language's template made into a sentence; English when it is missing or its {fields} are broken."""
        template = self.table.get(key)
        if isinstance(template, str) and template.strip():
            try:
                return make(template)
            except (KeyError, IndexError, ValueError):  # a translator's broken {field}: English is safe
                pass
        return make(ENGLISH[key])

    def missing(self) -> list[str]:
        """The keys this language has no sentence for."""
        return [] if self.language == "en" else [key for key in ENGLISH if not isinstance(self.table.get(key), str)]


def _assemble(template: str, fields: dict) -> Text:
    """Literal text as is, each {field} from `fields`, styled when given as (value, style)."""
    text = Text()
    for literal, name, spec, _ in Formatter().parse(template):
        text.append(literal)
        if name is not None:
            value, style = fields[name] if isinstance(fields[name], tuple) else (fields[name], "")
            text.append(format(value, spec or ""), style=style)
    return text


def _load(language: str) -> dict:
    """tutor/locale/LANG.toml as a table (empty when absent or broken: English then shows)."""
    try:
        folder = Path(importlib.import_module("tutor.ui.locale").__path__[0])  # no importlib.resources at start
        text = (folder / f"{language}.toml").read_text(encoding="utf-8")
        return tomllib.loads(text)
    except (FileNotFoundError, tomllib.TOMLDecodeError, OSError):
        return {}
