"""The functions the layers of chapter 5 are built from (tutor's own code, in the book's style)."""
import numpy as np


def sigmoid(x):
    """1 / (1 + e^-x), cell by cell."""
    return 1 / (1 + np.exp(-x))


def softmax(x):
    """Probabilities along the last axis: each row of a batch, or the one vector; the max is taken off first so exp cannot overflow."""
    shifted = x - np.max(x, axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    """The mean over the batch of -log(the probability given to the right class); t as labels or one-hot rows."""
    if y.ndim == 1:  # one sample: a batch of one
        y, t = y.reshape(1, -1), t.reshape(1, -1)
    if t.size == y.size:  # one-hot rows: the label is where the 1 is
        t = t.argmax(axis=1)
    rows = np.arange(y.shape[0])
    return -np.sum(np.log(y[rows, t] + 1e-7)) / y.shape[0]
