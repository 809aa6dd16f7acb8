# gradient_batch.py: what the batch branch of numerical_gradient really computes.
# tutor's lesson 4 runs it under pdb. The functions are those of gradient_2d.py, plus
# one whose two coordinates mix (x0 * x1), so that the shape of the batch matters.
import numpy as np


# Central difference along each coordinate of one point x; x is nudged in
# place while it runs and put back afterwards.
def _numerical_gradient_no_batch(f, x):
    h = 1e-4  # 0.0001: small, but far above the rounding error of float64
    grad = np.zeros_like(x)

    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)  # f(x + h) along coordinate idx

        x[idx] = tmp_val - h
        fxh2 = f(x)  # f(x - h) along coordinate idx
        grad[idx] = (fxh1 - fxh2) / (2 * h)

        x[idx] = tmp_val  # restore the coordinate we nudged

    return grad


# One point when X is 1-D; a batch of points, one per row, when X is 2-D.
def numerical_gradient(f, X):
    if X.ndim == 1:
        return _numerical_gradient_no_batch(f, X)
    else:
        grad = np.zeros_like(X)

        for idx, x in enumerate(X):
            grad[idx] = _numerical_gradient_no_batch(f, x)

        return grad


# f(x0, x1) = x0**2 + x1**2, one value per row for a batch.
def function_2(x):
    if x.ndim == 1:
        return np.sum(x**2)
    else:
        return np.sum(x**2, axis=1)


# f(x0, x1) = x0 * x1: how f changes along x0 depends on x1.
def function_xy(x):
    if x.ndim == 1:
        return x[0] * x[1]
    else:
        return x[:, 0] * x[:, 1]


if __name__ == "__main__":
    x0 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x0)
    X, Y = X.flatten(), Y.flatten()

    columns = np.array([X, Y])  # what gradient_2d.py passes: one row per coordinate
    rows = columns.T  # one row per point, as the batch branch expects

    grad_2 = numerical_gradient(function_2, columns)
    exact_2 = 2 * columns  # the gradient of x0**2 + x1**2 is (2*x0, 2*x1)

    grad_xy = numerical_gradient(function_xy, columns)
    exact_xy = np.array([Y, X])  # the gradient of x0 * x1 is (x1, x0)

    grad_rows = numerical_gradient(function_xy, rows).T

    print("function_2, points as columns:", np.allclose(grad_2, exact_2))
    print("x0 * x1,    points as columns:", np.allclose(grad_xy, exact_xy))
    print("x0 * x1,    points as rows:   ", np.allclose(grad_rows, exact_xy))
