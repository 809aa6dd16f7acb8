"""The computational-graph view: read from a script's names, drawn as a tree, numbers as computed by hand here."""
import math

import pytest
from hypothesis import given, settings, strategies as st
from rich.cells import cell_len

from tests.test_views import check_golden, render
from tutor.model.graph import take_graph
from tutor.play.features.graph import GraphNode
from tutor.play.features.predict import same
from tutor.ui.views.graph import GraphView

SHOP = (GraphNode("price", "*", ("all_price", "tax"), "mul_tax_layer"),
        GraphNode("all_price", "+", ("apple_price", "orange_price"), "add_apple_orange_layer"),
        GraphNode("apple_price", "*", ("apple", "apple_num"), "mul_apple_layer"),
        GraphNode("orange_price", "*", ("orange", "orange_num"), "mul_orange_layer"))

# The shopping graph of chapter 5 worked out by hand: 2 apples at 100, 3 oranges at 150, tax factor 1.1.
# Forward: 100·2 = 200, 150·3 = 450, 200 + 450 = 650, 650·1.1 = 715. Backward from dprice = 1: a product
# hands each input dout times the other input, a sum hands dout on unchanged.
BY_HAND = {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 3, "tax": 1.1,
           "apple_price": 200, "orange_price": 450, "all_price": 650, "price": 715,
           "dprice": 1, "dall_price": 1.1, "dtax": 650, "dapple_price": 1.1, "dorange_price": 1.1,
           "dapple": 2.2, "dapple_num": 110, "dorange": 3.3, "dorange_num": 165}


def finished_names() -> dict:
    """The names the script holds at its end, computed the way its lines do (a product, a sum)."""
    n = {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 3, "tax": 1.1}
    n["apple_price"], n["orange_price"] = n["apple"] * n["apple_num"], n["orange"] * n["orange_num"]
    n["all_price"] = n["apple_price"] + n["orange_price"]
    n["price"] = n["all_price"] * n["tax"]
    n["dprice"] = 1
    n["dall_price"], n["dtax"] = n["dprice"] * n["tax"], n["dprice"] * n["all_price"]
    n["dapple_price"] = n["dorange_price"] = n["dall_price"]
    n["dorange"], n["dorange_num"] = n["dorange_price"] * n["orange_num"], n["dorange_price"] * n["orange"]
    n["dapple"], n["dapple_num"] = n["dapple_price"] * n["apple_num"], n["dapple_price"] * n["apple"]
    return n


def shown_pairs(screen: str) -> dict[str, tuple[str, str]]:
    """Each quantity drawn in a graph panel: name -> (value, derivative) as text."""
    import re

    pairs = {}
    for match in re.finditer(r"([A-Za-z_]\w*) *= *(\S+) +d\1 *= *(\S+)", screen):
        name, value, derivative = match.groups()
        pairs[name] = (value, derivative)
    return pairs


def test_the_script_names_agree_with_the_chain_rule_by_hand():
    names = finished_names()
    for name, value in BY_HAND.items():
        assert math.isclose(names[name], value, rel_tol=1e-12), name


@pytest.mark.parametrize("width", [80, 60])
def test_the_finished_graph_shows_the_numbers_worked_out_by_hand(width):
    screen = render(GraphView(take_graph(finished_names(), SHOP)), width)
    assert all(cell_len(line) == width for line in screen.splitlines())
    pairs = shown_pairs(screen)
    assert len(pairs) == 9  # four outputs and five inputs of the whole graph
    for name, (value, derivative) in pairs.items():
        assert math.isclose(float(value), BY_HAND[name], rel_tol=1e-5), name
        assert math.isclose(float(derivative), BY_HAND["d" + name], rel_tol=1e-5), name
    check_golden(f"graph_{width}", screen)


def test_what_is_not_computed_yet_is_a_question_mark_and_the_paused_layer_is_marked():
    names = {key: value for key, value in finished_names().items() if key in ("apple", "apple_num", "orange",
                                                                                "orange_num", "tax")}
    layer = object()
    names["mul_apple_layer"] = layer
    screen = render(GraphView(take_graph(names, SHOP, here=layer, function="forward")))
    pairs = shown_pairs(screen)
    assert pairs["price"] == ("?", "?") and pairs["apple"] == ("100", "?")
    marked = [line for line in screen.splitlines() if "◀" in line]
    assert len(marked) == 1 and "mul_apple_layer" in marked[0] and "forward" in marked[0]


def test_a_layer_that_is_not_the_paused_self_is_not_marked():
    names = {**finished_names(), "mul_apple_layer": object()}
    screen = render(GraphView(take_graph(names, SHOP, here=object(), function="backward")))
    assert "◀" not in screen


numbers = st.one_of(st.none(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=False, allow_infinity=False, width=64))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(BY_HAND)), numbers), st.sampled_from([60, 80, 160]))
def test_any_values_are_drawn_as_the_program_holds_them(values, width):
    names = {name: value for name, value in values.items() if value is not None}
    screen = render(GraphView(take_graph(names, SHOP)), width)
    assert all(cell_len(line) == width for line in screen.splitlines())
    if width < 160:
        return  # narrow: lines may wrap; wide enough for any of these numbers, every pair is on its line
    pairs = shown_pairs(screen)
    assert set(pairs) == {name for name in BY_HAND if not name.startswith("d")}
    for name, texts in pairs.items():
        for text, key in zip(texts, (name, "d" + name)):
            value = names.get(key)
            assert text == ("?" if value is None else f"{float(value):.6g}" if isinstance(value, float) else str(value))


def test_a_float_answer_counts_when_it_agrees_to_its_last_bits():
    assert same(110, 1.1 * 100) and 1.1 * 100 != 110  # the learner's 110 for Python's 110.00000000000001
    assert not same(111, 1.1 * 100) and not same(110.001, 110)
    assert same((1, 2), (1, 2)) and not same("110", 110)
