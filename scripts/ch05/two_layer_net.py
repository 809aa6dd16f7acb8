"""A network of two affine layers with a ReLU between them, built from the layers of common/ (tutor's own code,
in the style of chapter 5): its gradient by backpropagation, and by the numerical gradient to check it."""
import os
import sys
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
import numpy as np
from common.layers import Affine, Relu, SoftmaxWithLoss
from common.gradient import numerical_gradient


class TwoLayerNet:
    """input -> Affine1 -> Relu1 -> Affine2 -> softmax with loss; the weights in self.params."""

    def __init__(self, input_size, hidden_size, output_size, seed=0):
        rng = np.random.default_rng(seed)
        self.params = {"W1": rng.standard_normal((input_size, hidden_size)) * 0.5,
                       "b1": rng.standard_normal(hidden_size) * 0.1,
                       "W2": rng.standard_normal((hidden_size, output_size)) * 0.5,
                       "b2": rng.standard_normal(output_size) * 0.1}
        self.layers = {"Affine1": Affine(self.params["W1"], self.params["b1"]), "Relu1": Relu(),
                       "Affine2": Affine(self.params["W2"], self.params["b2"])}
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def numerical_gradient(self, x, t):
        """Each parameter nudged cell by cell, the loss computed twice per cell: slow, but hard to get wrong."""
        return {key: numerical_gradient(lambda: self.loss(x, t), self.params[key]) for key in self.params}

    def gradient(self, x, t):
        """One forward pass, one backward pass through the layers in reverse order, then each layer's dW and db."""
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}
