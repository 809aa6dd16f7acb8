# gradient_partial.py: partial derivatives of f(x0, x1) = x0**2 + x1**2. Hold
# one coordinate fixed and f becomes a function of the other alone, which the
# one-variable numerical_diff can differentiate. numerical_gradient does that
# for every coordinate in turn. tutor's lesson 2 runs it under pdb.
import numpy as np


# Central difference of a function of one variable.
def numerical_diff(f, x):
    h = 1e-4  # 0.0001
    return (f(x + h) - f(x - h)) / (2 * h)


# f(x0, x1) = x0**2 + x1**2, one value per row for a batch.
def function_2(x):
    if x.ndim == 1:
        return np.sum(x**2)
    else:
        return np.sum(x**2, axis=1)


# Central difference along each coordinate of one point x; x is nudged in
# place while it runs and put back afterwards.
def numerical_gradient(f, x):
    h = 1e-4  # 0.0001
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


if __name__ == "__main__":
    # The book's point (3, 4); the gradient there is (2*3, 2*4).
    point = np.array([3.0, 4.0])
    grad = numerical_gradient(function_2, point)

    # The blog post's point (5, 6).
    other = np.array([5.0, 6.0])
    grad_other = numerical_gradient(function_2, other)

    print("gradient at", point, "is", grad)
    print("gradient at", other, "is", grad_other)
