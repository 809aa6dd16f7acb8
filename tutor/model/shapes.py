"""How the shapes of a matrix product or of a sum over an axis line up, read from the paused program's arrays."""
from __future__ import annotations

from tutor.model.record import Record


class Operand(Record):
    """An array as the shapes view draws it: the expression that gave it and its shape (None: not there yet)."""

    label: str
    shape: tuple[int, ...] | None


class Product(Record):
    """left @ right: the inner dimensions must match; the result's shape follows from the outer ones."""

    left: Operand
    right: Operand
    result: Operand  # the result's name and its live shape, if the program has computed it
    expected: tuple[int, ...] | None  # the shape numpy gives the product, None when the inner dimensions differ


class Sum(Record):
    """np.sum(source, axis=axis): that axis disappears."""

    source: Operand
    axis: int
    result: Operand
    expected: tuple[int, ...] | None


def inner(left: tuple[int, ...], right: tuple[int, ...]) -> tuple[int, int]:
    """The two dimensions a product pairs: left's last, and right's first (1-D) or second to last."""
    return left[-1], right[0] if len(right) == 1 else right[-2]


def take_product(left: Operand, right: Operand, result: Operand) -> Product:
    """The product's expected shape by numpy's rule for np.dot on 1-D and 2-D arrays (matmul beyond)."""
    expected = None
    if left.shape and right.shape:
        import numpy as np

        try:
            zeros = np.zeros(())  # broadcast views of one zero: no memory, no garbage to overflow
            expected = np.matmul(np.broadcast_to(zeros, left.shape), np.broadcast_to(zeros, right.shape)).shape
        except ValueError:  # the inner dimensions differ
            expected = None
    return Product(left, right, result, expected)


def take_sum(source: Operand, axis: int, result: Operand) -> Sum:
    """The sum's expected shape: the source's without the axis (None when there is no such axis)."""
    shape = source.shape
    expected = None if shape is None or not -len(shape) <= axis < len(shape) else \
        tuple(d for n, d in enumerate(shape) if n != axis % len(shape))
    return Sum(source, axis, result, expected)


def shape_of(value: object) -> tuple[int, ...] | None:
    """An array's shape (a number is shape ()), None for anything else."""
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and all(isinstance(d, int) for d in shape):
        return shape
    return () if isinstance(value, (int, float)) and not isinstance(value, bool) else None
