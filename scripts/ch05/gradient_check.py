"""The gradient check of chapter 5: backpropagation's gradient against the numerical gradient of chapter 4.

tutor's own script, in the style of the book's. The data are made here with a fixed seed (no download):
300 points of the plane in three clouds, one per class; the check uses a batch of five of them.
"""
import numpy as np
from two_layer_net import TwoLayerNet

rng = np.random.default_rng(7)
centres = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])  # one cloud per class
t_all = rng.permutation(np.repeat(np.arange(3), 100))
x_all = centres[t_all] + rng.standard_normal((300, 2)) * 0.7

network = TwoLayerNet(input_size=2, hidden_size=4, output_size=3)
x_batch = x_all[:5]
t_batch = t_all[:5]

grad_numerical = network.numerical_gradient(x_batch, t_batch)
grad_backprop = network.gradient(x_batch, t_batch)

for key in grad_numerical:
    diff = np.average(np.abs(grad_backprop[key] - grad_numerical[key]))
    print(key + ":", diff)
