# gradient_1d.py: the derivative of a function of one variable, computed from
# two nearby values of the function, and why the distance h between them must
# not be made as small as possible. tutor's lesson 1 runs it under pdb.
import numpy as np


# Central difference: the slope of the chord from x - h to x + h.
def numerical_diff(f, x):
    h = 1e-4  # 0.0001: small, but far above the rounding error of float64
    return (f(x + h) - f(x - h)) / (2 * h)


# The same two differences with h chosen by the caller, for the h-study below.
def forward_diff(f, x, h):
    return (f(x + h) - f(x)) / h  # chord from x to x + h


def central_diff(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)  # chord from x - h to x + h


# f(x) = 0.01*x**2 + 0.1*x; its exact derivative is 0.02*x + 0.1.
def function_1(x):
    return 0.01 * x**2 + 0.1 * x


# The straight line that touches f at x: slope d, through the point (x, f(x)).
def tangent_line(f, x):
    d = numerical_diff(f, x)
    intercept = f(x) - d * x  # so that the line passes through (x, f(x))
    return lambda t: d * t + intercept


if __name__ == "__main__":
    # The slope of function_1 at 5 and at 10.
    slope_5 = numerical_diff(function_1, 5)
    slope_10 = numerical_diff(function_1, 10)

    # The curve on [0, 20) and its tangent at 5, on the same 200 points.
    x = np.arange(0.0, 20.0, 0.1)
    y = function_1(x)
    tf = tangent_line(function_1, 5)
    y2 = tf(x)

    # The h-study: both differences at 5, for steps from large to absurdly small.
    hs = np.array([1e-1, 1e-4, 1e-8, 1e-12, 1e-50])
    exact_5 = 0.02 * 5.0 + 0.1  # the exact derivative at 5
    forward = np.array([forward_diff(function_1, 5.0, h) for h in hs])
    central = np.array([central_diff(function_1, 5.0, h) for h in hs])
    forward_error = np.abs(forward - exact_5)
    central_error = np.abs(central - exact_5)

    # In float32, 1e-50 cannot be stored at all: it rounds to 0.0.
    tiny = np.float32(1e-50)
    print("slopes at 5 and 10:", slope_5, slope_10)

    try:  # the plot is a bonus: never block, never need a display
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import pyplot as plt
    except ImportError:
        print("matplotlib is not installed, so no plot: pip install 'pdb-tutor[plot]'")
    else:
        import os, tempfile
        figure = plt.figure()
        plt.plot(x, y, label="f(x)")
        plt.plot(x, y2, label="tangent at 5")
        plt.xlabel("x")
        plt.ylabel("f(x)")
        plt.legend()
        path = os.path.join(tempfile.mkdtemp(prefix="gradient_1d-"), "gradient_1d.png")  # a folder of its own: no fixed name
        figure.savefig(path)  # the figure's own save: pyplot's would draw it twice
        print("figure saved to " + path)
