"""Two layers small enough to follow by hand: multiplication and addition of two numbers.

tutor's own code, written in the style of chapter 5 of "Deep Learning from Scratch": each layer
is an object with a forward pass, which computes and remembers, and a backward pass, which takes
the derivative arriving from the output (dout) and hands one back to each input.
"""


class MulLayer:
    """out = x * y; it remembers x and y, because each one's derivative is the other one."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y  # kept for backward
        return x * y

    def backward(self, dout):
        dx = dout * self.y  # d(x*y)/dx is y: the inputs swap
        dy = dout * self.x
        return dx, dy


class AddLayer:
    """out = x + y; it needs to remember nothing, since both derivatives are 1."""

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout, dout  # dout * 1 for each input: a sum passes the derivative on unchanged
