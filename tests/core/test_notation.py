"""One way of writing the textbook's symbols, one parser of typed numbers, and costs, activations
and optimizers that describe themselves to learners."""
import re

import pytest

from core import BadInput, activations, losses, notation, optimizers
from core.typed_numbers import parse_number


@pytest.mark.parametrize("args,kwargs,text", [
    (("W", 1, 2, 1), {}, "W¹₂₁"),
    (("W", 1, 2, 1), {"html": True}, "W<sup>1</sup><sub>21</sub>"),
    (("W", 12, 10, 3), {}, "W¹²₁₀,₃"),  # a comma once an index has two digits
    (("W", 2, 10, 3), {"html": True}, "W<sup>2</sup><sub>10,3</sub>"),
    (("b", 2, 3), {}, "b²₃"),
    (("b", 2, 3), {"html": True}, "b<sup>2</sup><sub>3</sub>"),
    (("W", 1, 0, 0), {"scalar": True}, "W¹"),  # the question's single weight
])
def test_parameters_are_written_as_the_textbook_does(args, kwargs, text):
    assert notation.parameter(*args, **kwargs) == text


def test_entries_matrices_and_shapes():
    assert notation.entry("δ", 2, 0) == "δ²₀"
    assert notation.entry("a", "l", "j") == "aˡⱼ"
    assert notation.entry("δ", 3, 1, html=True) == "δ<sup>3</sup><sub>1</sub>"
    assert notation.matrix("Z", 3) == "Z³" and notation.matrix("Δ", "L") == "Δᴸ"
    assert notation.matrix("A", 0, html=True) == "A<sup>0</sup>"
    assert notation.shape(4, 10) == "(4×10)" and notation.shape(4) == "(4)"
    assert notation.layer_shape("l") == "(nₗ×m)"
    assert notation.layer_shape("l", batch=False) == "(nₗ×nₗ₋₁)"
    assert notation.layer_shape(2, batch=False, html=True) == "(n<sub>2</sub>×n<sub>1</sub>)"
    assert notation.ascii_parameter("W", 2, 0, 1) == "W^2_01" and notation.ascii_parameter("b", 1, 3) == "b^1_3"


def test_plain_and_html_say_the_same():
    """Strip the tags from the HTML and undo the Unicode scripts: both forms read alike."""
    def flat_html(text):
        return re.sub(r"</?(sup|sub)>", "", text)

    def flat_plain(text):
        return text.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789"))
    for kind, l, j, k in [("W", 1, 2, 1), ("W", 3, 11, 4), ("b", 2, 7, 0)]:
        assert flat_html(notation.parameter(kind, l, j, k, html=True)) == \
            flat_plain(notation.parameter(kind, l, j, k))


@pytest.mark.parametrize("typed,value", [
    ("0.5", 0.5), (" 0,5 ", 0.5), ("−1.2e-3", -1.2e-3), ("-3", -3.0), ("1 000", 1000.0), ("2,5e2", 250.0),
    ("−0", -0.0), (".5", 0.5),
])
def test_typed_numbers_are_read_as_a_learner_means_them(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed,message", [
    ("", "type a number"), ("   ", "type a number"), ("abc", "“abc” is not a number"),
    ("1,000.5", "is not a number"), ("1,2,3", "is not a number"), ("inf", "finite"), ("nan", "finite"),
])
def test_a_typed_number_that_cannot_be_read_says_why(typed, message):
    with pytest.raises(BadInput, match=message):
        parse_number(typed)


def test_the_window_reads_numbers_with_the_core_s_parser():
    from gui import typed_numbers
    assert typed_numbers.parse_number is parse_number


KINDS = [(activations, activations.NAMES), (losses, losses.NAMES), (optimizers, optimizers.NAMES)]


@pytest.mark.parametrize("module,names", KINDS)
def test_everything_describes_itself_without_internal_names(module, names):
    for name in names:
        d = module.describe(name)
        assert d.name == name
        assert d.label and "_" not in d.label  # learners never read cross_entropy or leaky_relu
        assert d.formula and d.formula_html
        assert not re.search(r"<(?!/?(sup|sub)>)", d.formula_html.replace("&nbsp;", ""))  # only sup/sub tags
    with pytest.raises(BadInput, match="unknown"):
        module.describe("nope")


def test_activations_state_their_derivative():
    assert activations.describe("tanh").derivative == "1 − a²"
    assert activations.describe("tanh").derivative_html == "1 − a<sup>2</sup>"
    assert activations.describe("leaky_relu").label == "leaky ReLU"
    assert activations.get("sigmoid").derivative_formula == activations.describe("sigmoid").derivative


def test_costs_state_what_bp1_starts_from():
    assert losses.describe("cross_entropy").label == "cross-entropy"
    assert "(A − Y)/m" in losses.describe("cross_entropy").derivative
    assert losses.describe("mse").derivative == "∇_A C = (2/m)(A − Y)"  # no ½ in the cost: the 2 stays


def test_optimizers_state_their_update_and_settings():
    assert optimizers.describe("sgd").formula == "W ← W − η ∂C/∂W"
    assert optimizers.describe("adam").label == "Adam"
    assert dict(optimizers.describe("momentum").settings) == {"momentum": "μ"}
    for name in optimizers.NAMES:  # the settings described are the settings the optimizer has
        assert tuple(k for k, _ in optimizers.describe(name).settings) == optimizers.CLASSES[name].hyper
        assert optimizers.make(name, 0.1).formula == optimizers.describe(name).formula
