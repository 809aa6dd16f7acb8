# gradient_method.py: gradient descent on f(x0, x1) = x0**2 + x1**2. Each step
# moves x a little against the gradient, downhill; the learning rate lr says how
# far. Three runs from the same start: a good lr, one far too large and one far
# too small. tutor's lesson 5 runs it under pdb.
import numpy as np


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


# f(x0, x1) = x0**2 + x1**2: a bowl whose lowest point is (0, 0).
def function_2(x):
    return x[0] ** 2 + x[1] ** 2


# step_num steps downhill from init_x. Returns the last x and the history: row i
# is where step i started, so row 0 is init_x.
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x.copy()  # work on a copy: the caller's starting point stays as it was
    x_history = []

    for i in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad  # one step against the gradient, in place

    return x, np.array(x_history)


if __name__ == "__main__":
    init_x = np.array([-3.0, 4.0])

    # A learning rate that works: 20 steps towards (0, 0).
    x_good, path_good = gradient_descent(function_2, init_x, lr=0.1, step_num=20)

    # Far too large: every step jumps over the minimum and lands further out.
    x_big, path_big = gradient_descent(function_2, init_x, lr=10.0, step_num=20)

    # Far too small: 20 steps, and x has hardly moved.
    x_small, path_small = gradient_descent(function_2, init_x, lr=1e-10, step_num=20)

    print("lr=0.1:  ", x_good)
    print("lr=10:   ", x_big)
    print("lr=1e-10:", x_small)

    try:  # the plot is a bonus: never block, never need a display
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import pyplot as plt
    except ImportError:
        print("matplotlib is not installed, so no plot: pip install 'pdb-tutor[plot]'")
    else:
        import os, tempfile
        figure = plt.figure()
        plt.plot([-5, 5], [0, 0], "--b")
        plt.plot([0, 0], [-5, 5], "--b")
        plt.plot(path_good[:, 0], path_good[:, 1], "o")
        plt.xlim(-3.5, 3.5)
        plt.ylim(-4.5, 4.5)
        plt.xlabel("x0")
        plt.ylabel("x1")
        path = os.path.join(tempfile.mkdtemp(prefix="gradient_method-"), "gradient_method.png")  # a folder of its own: no fixed name
        figure.savefig(path)  # the figure's own save: pyplot's would draw it twice
        print("figure saved to " + path)
