"""The variables view summarises objects of chapter 5 (a layer, a network, a dict of gradients) by their parts,
arrays by shape, instead of `<Affine object at 0x...>` or pages of numbers."""
import numpy as np

from tests.test_views import render
from tutor.model.values import describe
from tutor.ui.views.variables import VariablesView


class Layer:
    def __init__(self):
        self.W, self.b, self.x, self.dW = np.ones((4, 5)), np.zeros(5), None, None


class Net:
    def __init__(self):
        self.params = {"W1": np.ones((2, 4))}
        self.layers = [Layer(), Layer()]
        self.last = Layer()


class Shown:
    def __repr__(self):
        return "Shown()"


def test_a_layer_shows_its_arrays_by_shape():
    value = describe("self", Layer())
    assert (value.type_name, value.text) == ("Layer", "W (4, 5), b (5,), x None, dW None")


def test_a_network_names_its_containers_and_objects_without_opening_them():
    assert describe("net", Net()).text == "params <dict of 1>, layers <list of 2>, last <Layer>"


def test_a_dict_of_arrays_shows_each_key_with_its_shape_and_other_values_keep_their_repr():
    grads = {"W1": np.ones((2, 4)), "b1": np.ones(4), "loss": 0.5}
    assert describe("grads", grads).text == "W1 (2, 4), b1 (4,), loss 0.5"
    assert describe("d", {"a": 1}).text == "{'a': 1}" and describe("s", Shown()).text == "Shown()"


def test_many_attributes_are_cut_after_eight_and_a_broken_one_breaks_nothing():
    class Wide:
        def __init__(self):
            for n in range(12):
                setattr(self, f"a{n}", n)

    class Broken:
        def __init__(self):
            self.part = BadLength()

    class BadLength:
        def __len__(self):
            raise RuntimeError("no")

    assert describe("w", Wide()).text == ", ".join(f"a{n} {n}" for n in range(8)) + ", …"
    assert describe("b", Broken()).text == "<repr failed: RuntimeError>"
    assert "object at 0x" not in render(VariablesView((describe("self", Layer()), describe("net", Net()))))
