"""What 2 apples and 3 oranges cost with tax, as a graph of layers, and how the price moves with each input.

tutor's own script, in the style of chapter 5 of "Deep Learning from Scratch": the forward pass
computes the price node by node; the backward pass starts from dprice = 1 at the end and hands a
derivative back through every node, so dX is how much the price changes per unit of X.
"""
from layer_naive import MulLayer, AddLayer

# the inputs: prices each, how many, and the tax factor
apple = 100
apple_num = 2
orange = 150
orange_num = 3
tax = 1.1

# one layer per node of the graph
mul_apple_layer = MulLayer()
mul_orange_layer = MulLayer()
add_apple_orange_layer = AddLayer()
mul_tax_layer = MulLayer()

# forward: from the inputs to the price
apple_price = mul_apple_layer.forward(apple, apple_num)
orange_price = mul_orange_layer.forward(orange, orange_num)
all_price = add_apple_orange_layer.forward(apple_price, orange_price)
price = mul_tax_layer.forward(all_price, tax)

# backward: from the price back to every input, in the reverse order
dprice = 1
dall_price, dtax = mul_tax_layer.backward(dprice)
dapple_price, dorange_price = add_apple_orange_layer.backward(dall_price)
dorange, dorange_num = mul_orange_layer.backward(dorange_price)
dapple, dapple_num = mul_apple_layer.backward(dapple_price)

print("price:", round(price, 6))
print("d price / d apple:", round(dapple, 6), " d price / d apple_num:", round(dapple_num, 6))
print("d price / d orange:", round(dorange, 6), " d price / d orange_num:", round(dorange_num, 6))
print("d price / d tax:", round(dtax, 6))
