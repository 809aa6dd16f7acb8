"""A look-alike of the book's ch04/two_layer_net.py for run_all.py's trace row: 784-50-10, sigmoid and softmax.

tutor's own code in the book's style, with its own sigmoid, softmax and cross-entropy; the weights and a batch
of 3 come from a fixed seed (no download). 784*50 + 50 + 50*10 + 10 = 39,760 parameters. As in the book, the
numerical gradient lives in another file (gradient_check.py, the book's common/gradient.py): a `trace` of
this file sees each of the 79,520 calls of loss_W as a call of its own.
"""
import numpy as np

from gradient_check import numerical_gradient


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    return -np.sum(t * np.log(y + 1e-7)) / batch_size


class TwoLayerNet:

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=0):
        rng = np.random.default_rng(seed)
        self.params = {}
        self.params['W1'] = weight_init_std * rng.standard_normal((input_size, hidden_size))
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * rng.standard_normal((hidden_size, output_size))
        self.params['b2'] = np.zeros(output_size)

    def predict(self, x):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)
        return y

    def loss(self, x, t):
        y = self.predict(x)
        return cross_entropy_error(y, t)

    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)
        grads = {}
        grads['W1'] = numerical_gradient(loss_W, self.params['W1'])
        grads['b1'] = numerical_gradient(loss_W, self.params['b1'])
        grads['W2'] = numerical_gradient(loss_W, self.params['W2'])
        grads['b2'] = numerical_gradient(loss_W, self.params['b2'])
        return grads


def batch(size=3, seed=1):
    """`size` inputs of 784 values in [0, 1) and their one-hot labels, from a fixed seed."""
    rng = np.random.default_rng(seed)
    x = rng.random((size, 784))
    t = np.eye(10)[rng.integers(0, 10, size)]
    return x, t
