# gradient_2d.py: the gradient of f(x0, x1) = x0**2 + x1**2, computed by
# central differences, in the shape of the chapter 4 script of "Deep Learning
# from Scratch". tutor's lessons run it under pdb; keep the grid call below at
# line 59 so learners can type "b 59" and "l 58" as the blog post did.
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


if __name__ == "__main__":
    # A grid from -2 to 2.25 in steps of 0.25 along both axes: 18 x 18 points.
    x0 = np.arange(-2, 2.5, 0.25)
    x1 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x1)

    # Flattened, X and Y each hold one coordinate of every grid point.
    X = X.flatten()
    Y = Y.flatten()

    grad = numerical_gradient(function_2, np.array([X, Y]))

    try:  # the plot is a bonus: never block, never need a display
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import pyplot as plt
    except ImportError:
        print("matplotlib is not installed, so no plot: pip install 'pdb-tutor[plot]'")
    else:
        import os, tempfile
        figure = plt.figure()
        plt.quiver(X, Y, -grad[0], -grad[1], angles="xy", color="#666666")
        plt.xlim([-2, 2])
        plt.ylim([-2, 2])
        plt.xlabel("x0")
        plt.ylabel("x1")
        plt.grid()
        path = os.path.join(tempfile.mkdtemp(prefix="gradient_2d-"), "gradient_2d.png")  # a folder of its own: no fixed name
        figure.savefig(path)  # the figure's own save: pyplot's would draw it twice
        print("figure saved to " + path)
