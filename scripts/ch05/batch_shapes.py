"""One sample against a batch: the same numbers in different shapes, and a softmax that must be told its axis.

tutor's own script, in the style of chapter 5 of "Deep Learning from Scratch", at the size of a toy: 6 inputs
and 4 classes where the book has 784 and 10. The layers' functions are in common/, one folder up.
"""
import os
import sys
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
import numpy as np
from common.functions import softmax

rng = np.random.default_rng(3)
W = rng.standard_normal((6, 4)) * 0.5  # 6 inputs -> 4 classes
b = rng.standard_normal(4) * 0.1
x_one = rng.standard_normal(6)  # one sample, shape (6,)
x_batch = x_one.reshape(1, 6)  # the same sample as a batch of one, shape (1, 6)
t_one = np.eye(4)[2]  # its label, one-hot: class 2


def predict(x):
    return softmax(np.dot(x, W) + b)


def softmax_without_axis(a):
    """The softmax of chapter 3, written for one vector: its max and its sum run over the whole array."""
    c = np.max(a)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a)


y_one = predict(x_one)
y_batch = predict(x_batch)

x_three = rng.standard_normal((3, 6))  # a batch of three samples
a_three = np.dot(x_three, W) + b
y_whole = softmax_without_axis(a_three)
y_rows = softmax(a_three)

print("one sample:", y_one.shape, " batch of one:", y_batch.shape, " same numbers:", np.allclose(y_one, y_batch))
print("rows of the batch of three sum to", y_rows.sum(axis=1), "with the axis and", y_whole.sum(axis=1), "without")
