"""The numerical gradient of chapter 4, for an array of any shape (tutor's own code, in the book's style)."""
import numpy as np


def numerical_gradient(f, x):
    """Central differences, one cell of x at a time: f is called with no argument and reads x itself."""
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f()
        x[idx] = tmp_val - h
        fxh2 = f()
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val  # put the value back
    return grad
