"""One affine layer, a ReLU and a softmax loss on a small batch: forward to the loss, backward to each shape.

tutor's own script, in the style of chapter 5 of "Deep Learning from Scratch". The layers are in
common/layers.py, one folder up, reached as the book reaches them: through the folder above on
sys.path (the book appends os.pardir and runs from ch05/; this script builds the path from its own
file, so it runs from any folder).
"""
import os
import sys
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
import numpy as np
from common.layers import Affine, Relu, SoftmaxWithLoss

rng = np.random.default_rng(5)
x = rng.standard_normal((3, 4))  # a batch of N = 3 samples with 4 features each
W = rng.standard_normal((4, 5)) * 0.5  # 4 inputs -> 5 outputs
b = np.zeros(5)
t = np.array([0, 2, 4])  # the right class of each sample

affine = Affine(W, b)
relu = Relu()
last = SoftmaxWithLoss()

# forward
a = affine.forward(x)
z = relu.forward(a)
loss = last.forward(z, t)

# backward
dz = last.backward()
da = relu.backward(dz)
dx = affine.backward(da)

print("loss:", loss)
print("shapes: x", x.shape, "dx", dx.shape, "W", W.shape, "dW", affine.dW.shape, "b", b.shape, "db", affine.db.shape)
