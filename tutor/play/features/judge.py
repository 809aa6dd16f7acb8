"""Exercises: run the learner's code against properties on fresh random inputs, and say in one line what failed."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

import numpy as np

from typing import TYPE_CHECKING

from tutor.model.values import short as _short

if TYPE_CHECKING:
    from tutor.play.features.exercise import Exercise, Property
    from tutor.ui.words import Words


@dataclass(frozen=True)
class Verdict:
    """How the learner's code did: passed, or the first failure in one line."""

    passed: bool
    line: str


def judge(exercise: Exercise, namespace: dict, seed: int | None = None, words: Words | None = None) -> Verdict:
    """Try every property on `exercise.trials` fresh random inputs; stop at the first failure."""
    if not callable(namespace.get(exercise.define)):
        return Verdict(False, f"{exercise.define} is not defined yet (or is not a function)")
    rng = np.random.default_rng(secrets.randbits(64) if seed is None else seed)
    for _ in range(exercise.trials):
        names = {**namespace, "np": np, "rng": rng}
        try:
            exec(exercise.given, names)
        except Exception as exc:  # the lesson's own inputs failed: the lesson is wrong, not the learner
            return Verdict(False, f"the exercise's inputs could not be made: {type(exc).__name__}: {exc}")
        inputs = _inputs(names, namespace)
        for prop in exercise.check:
            with np.errstate(all="ignore"):
                failure = _failure(prop, names)
            if failure:
                return Verdict(False, f"{failure}{inputs}")
    from tutor.ui.words import Words

    words = words or Words()
    count = len(exercise.check)
    checks = words("one_check") if count == 1 else words("checks", count=count)
    return Verdict(True, words("passed", name=exercise.define, checks=checks, trials=exercise.trials))


def _failure(prop: Property, names: dict) -> str:
    """Why one property fails on these inputs ("" when it holds)."""
    try:
        if prop.holds:
            return "" if bool(eval(prop.holds, names)) else f"{prop.holds} is False"
        got = eval(prop.got, names)
        want = eval(prop.want, names)
    except KeyboardInterrupt:
        return "the check was interrupted (Ctrl-C)"
    except RecursionError:
        return "it recursed without end (RecursionError)"
    except BaseException as exc:  # the learner's code may raise anything, even SystemExit: a "not yet"
        return f"{prop.holds or prop.got} raised {_named(exc)}"
    try:
        return _mismatch(prop, got, want)
    except Exception as exc:  # a result whose __float__, __len__ or comparison raises
        return f"{prop.got} gave {short(got)}, which could not be compared with {prop.want}: {_named(exc)}"


def _named(exc: BaseException) -> str:
    """An exception in a few words: its type, and its message when it has one."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _mismatch(prop: Property, got: object, want: object) -> str:
    """Compare a result with what it should be, shape first, then value within the tolerance."""
    try:
        got_array, want_array = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    except OverflowError:
        return f"{prop.got} gave {short(got)}, which is too large for a float"
    except (TypeError, ValueError):
        return f"{prop.got} gave {short(got)}, which is not a number or an array of numbers"
    if got_array.shape != want_array.shape:
        return f"{prop.got} has shape {got_array.shape}, want {want_array.shape} like {prop.want}"
    close = np.isclose(got_array, want_array, rtol=prop.tolerance, atol=prop.tolerance, equal_nan=False)
    if close.all():
        return ""
    if got_array.ndim == 0:
        return f"{prop.got} gave {short(got)}, want {short(want)} ({prop.want}, within {prop.tolerance:g})"
    cell = tuple(int(i) for i in np.argwhere(~close)[0])  # the first cell that differs, in numpy's order
    where = ", ".join(map(str, cell))
    return (f"{prop.got}[{where}] is {short(got_array[cell])}, want {short(want_array[cell])} "
            f"({prop.want}[{where}], within {prop.tolerance:g}; {int((~close).sum())} of {close.size} cells differ)")


def short(value: object, digits: int = 10) -> str:
    """One line for a value; numbers to `digits` significant digits (0.2, not np.float64(0.2))."""
    value = value.item() if isinstance(value, np.generic) else value
    return f"{value:.{digits}g}" if isinstance(value, float) else " ".join(_short(value).split())  # an array's rows too


def _inputs(names: dict, before: dict) -> str:
    """The random inputs of this trial, for the failure line: the plain values `given` made (or remade)."""
    made = [f"{key}={short(value, 4)}" for key, value in names.items()
            if (key not in before or value is not before[key]) and key not in ("np", "rng", "__builtins__")
            and not callable(value)]
    return f" (for {', '.join(made)})" if made else ""
