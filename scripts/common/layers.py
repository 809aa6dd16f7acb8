"""The layers of a network as objects with forward and backward (tutor's own code, in the style of chapter 5).

forward(x) computes the layer's output and keeps what backward will need; backward(dout) takes the
derivative of the loss with respect to that output and returns it with respect to the input (and
keeps the parameters' derivatives in dW and db).
"""
import numpy as np

from common.functions import cross_entropy_error, sigmoid, softmax


class Relu:
    """max(0, x): a cell passes its derivative back only where its input was positive."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)  # the cells that are cut off
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0  # nothing flows back through a cut-off cell
        return dx


class Sigmoid:
    """1 / (1 + e^-x); its derivative is out * (1 - out), so forward keeps out."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


class Affine:
    """x @ W + b for a batch x of shape (N, in); W is (in, out), b is (out,)."""

    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = None
        self.dW, self.db = None, None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)  # (N, out) @ (out, in) -> (N, in)
        self.dW = np.dot(self.x.T, dout)  # (in, N) @ (N, out) -> (in, out), the shape of W
        self.db = np.sum(dout, axis=0)  # b was added to every row: its derivative sums over the batch
        return dx


class SoftmaxWithLoss:
    """Softmax, then the cross-entropy loss against the labels t, as one layer: its backward is (y - t) / N."""

    def __init__(self):
        self.y, self.t, self.loss = None, None, None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, t)
        return self.loss

    def backward(self, dout=1):
        batch = self.y.shape[0]
        dx = self.y.copy()
        if self.t.size == self.y.size:  # one-hot rows
            dx -= self.t
        else:  # labels: take 1 off the right class of each row
            dx[np.arange(batch), self.t] -= 1
        return dout * dx / batch
