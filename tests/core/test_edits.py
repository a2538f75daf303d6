"""Architecture edits keep every weight they do not touch exactly, and explain their limits."""
import numpy as np
import pytest

from core import BadInput, Network, edits


@pytest.fixture
def net():
    n = Network([2, 3, 4, 1], activations=["tanh", "relu", "sigmoid"], bias=[True, False, True], seed=5)
    n.params[:] = np.random.default_rng(0).normal(0, 1, n.n_params)
    return n


def same(a, b):
    return a is None and b is None or (a is not None and b is not None and np.array_equal(a, b))


def test_edits_return_a_new_network_and_leave_the_old_one_alone(net):
    before = net.params.copy()
    for new in (edits.add_neuron(net, 1), edits.remove_neuron(net, 2), edits.add_layer(net),
                edits.remove_layer(net, 1), edits.set_activation(net, 1, "relu"), edits.set_bias(net, 2, True),
                edits.set_io(net, 3, 2), edits.set_parameter(net, "W", 1, 0, 0, 1.5)):
        assert new is not net
        assert np.array_equal(net.params, before)


def test_add_neuron_keeps_every_old_weight(net):
    new = edits.add_neuron(net, 1)
    assert new.sizes == (2, 4, 4, 1)
    assert np.array_equal(new.weights[0][:3], net.weights[0])      # old rows of W1
    assert np.array_equal(new.biases[0][:3], net.biases[0])
    assert np.array_equal(new.weights[1][:, :3], net.weights[1])   # old columns of W2
    assert np.array_equal(new.weights[2], net.weights[2]) and same(new.biases[2], net.biases[2])
    assert np.all(np.isfinite(new.params)) and np.any(new.weights[0][3] != 0)  # the new row is drawn fresh


def test_remove_neuron_deletes_its_row_and_column_only(net):
    new = edits.remove_neuron(net, 2, j=1)
    assert new.sizes == (2, 3, 3, 1)
    assert np.array_equal(new.weights[1], np.delete(net.weights[1], 1, axis=0))
    assert np.array_equal(new.weights[2], np.delete(net.weights[2], 1, axis=1))
    assert np.array_equal(new.weights[0], net.weights[0]) and np.array_equal(new.biases[0], net.biases[0])
    assert new.biases[1] is None and np.array_equal(new.biases[2], net.biases[2])
    last = edits.remove_neuron(net, 2)
    assert np.array_equal(last.weights[1], net.weights[1][:3])


def test_add_layer_keeps_the_layers_before_and_after(net):
    new = edits.add_layer(net, position=2, size=5, activation="leaky_relu")
    assert new.sizes == (2, 3, 5, 4, 1)
    assert new.activations == ("tanh", "leaky_relu", "relu", "sigmoid")
    assert np.array_equal(new.weights[0], net.weights[0]) and np.array_equal(new.biases[0], net.biases[0])
    assert new.weights[1].shape == (5, 3)
    assert new.weights[2].shape == (4, 5) and new.biases[2] is None  # its inputs changed: W fresh
    assert np.array_equal(new.weights[3], net.weights[2]) and np.array_equal(new.biases[3], net.biases[2])


def test_add_layer_before_the_output_keeps_the_output_bias(net):
    new = edits.add_layer(net)
    assert new.sizes == (2, 3, 4, 2, 1)
    assert np.array_equal(new.biases[3], net.biases[2])
    assert new.activations[2] == "relu"  # like the hidden layer before it


def test_remove_layer(net):
    new = edits.remove_layer(net, 2)
    assert new.sizes == (2, 3, 1) and new.activations == ("tanh", "sigmoid")
    assert np.array_equal(new.weights[0], net.weights[0])
    assert new.weights[1].shape == (1, 3) and np.array_equal(new.biases[1], net.biases[2])


def test_set_activation_and_bias_keep_all_weights(net):
    new = edits.set_activation(net, 2, "tanh")
    assert new.activations == ("tanh", "tanh", "sigmoid") and np.array_equal(new.params, net.params)
    on = edits.set_bias(net, 2, True)
    assert on.biases[1].tolist() == [0.0] * 4
    for l in range(3):
        assert np.array_equal(on.weights[l], net.weights[l])
    off = edits.set_bias(net, 1, False)
    assert off.biases[0] is None and np.array_equal(off.weights[0], net.weights[0])


def test_set_io_keeps_hidden_layers_and_redraws_only_what_changed(net):
    new = edits.set_io(net, 2, 3)
    assert new.sizes == (2, 3, 4, 3)
    assert np.array_equal(new.weights[0], net.weights[0]) and np.array_equal(new.weights[1], net.weights[1])
    assert new.weights[2].shape == (3, 4)
    assert np.array_equal(edits.set_io(net, 2, 1).params, net.params)


def test_set_parameter_changes_exactly_one_number(net):
    new = edits.set_parameter(net, "W", 2, 3, 1, "  -0.25 ")
    changed = np.flatnonzero(new.params != net.params)
    assert changed.tolist() == [net.parameter_index("W", 2, 3, 1)]
    assert new.weights[1][3, 1] == -0.25
    new = edits.set_parameter(net, "b", 3, 0, None, 2)
    assert new.biases[2][0] == 2.0 and np.flatnonzero(new.params != net.params).size == 1


@pytest.mark.parametrize("args,message", [
    (("W", 1, 0, 0, "abc"), "a weight must be a number, got 'abc'"),
    (("W", 1, 0, 0, "nan"), "finite"),
    (("W", 1, 0, 0, float("inf")), "finite"),
    (("W", 1, 0, 0, None), "must be a number"),
    (("W", 1, 0, 0, True), "must be a number"),
    (("W", 1, 0, 2, 1.0), "there is no input 2"),          # would have been b1[0]
    (("W", 1, 3, 0, 1.0), "there is no neuron 3"),         # would have been a weight of layer 2
    (("b", 2, 0, 0, 1.0), "layer 2 has no bias"),          # would have been W2[1, 0]
    (("W", 4, 0, 0, 1.0), "there is no layer 4"),
])
def test_set_parameter_refuses_what_cannot_be_right(net, args, message):
    with pytest.raises(BadInput, match=message):
        edits.set_parameter(net, *args)


def test_limits_are_explained(net):
    small = Network([2, 1, 1])
    assert "at least one neuron" in edits.why_not_remove_neuron(small, 1)
    with pytest.raises(BadInput, match="cannot remove a neuron from layer 1: a layer needs at least one neuron"):
        edits.remove_neuron(small, 1)
    wide = Network([2, edits.MAX_NEURONS, 1])
    with pytest.raises(BadInput, match=f"at most {edits.MAX_NEURONS} neurons in a hidden layer"):
        edits.add_neuron(wide, 1)
    deep = Network([2] + [2] * edits.MAX_HIDDEN_LAYERS + [1])
    assert edits.why_not_add_layer(deep) == f"at most {edits.MAX_HIDDEN_LAYERS} hidden layers"
    with pytest.raises(BadInput, match="cannot add a layer"):
        edits.add_layer(deep)
    for l in (0, 3):  # the input and the output follow the data
        assert "only hidden layers" in edits.why_not_add_neuron(net, l)
        with pytest.raises(BadInput, match="only hidden layers can be resized"):
            edits.add_neuron(net, l)
    assert edits.why_not_add_neuron(net, 1) is None and edits.why_not_add_layer(net) is None


@pytest.mark.parametrize("call,message", [
    (lambda n: edits.remove_layer(n, 3), "layer 3 is not a hidden layer"),
    (lambda n: edits.remove_layer(n, 1.0), "the layer must be a whole number"),
    (lambda n: edits.add_neuron(n, 1.5), "the layer must be a whole number"),
    (lambda n: edits.remove_neuron(n, 1, j=3), "layer 1 has no neuron 3"),
    (lambda n: edits.remove_neuron(n, 1, j="0"), "the neuron must be a whole number"),
    (lambda n: edits.add_layer(n, position=0), "position 1 to 3, not 0"),
    (lambda n: edits.add_layer(n, size=0), "1 to 32 neurons"),
    (lambda n: edits.add_layer(n, size="2"), "the number of neurons must be a whole number"),
    (lambda n: edits.add_layer(n, activation="softmax"), "softmax is only allowed on the output layer"),
    (lambda n: edits.add_layer(n, activation="gelu"), "unknown activation 'gelu'"),
    (lambda n: edits.set_activation(n, 1, "softmax"), "softmax is only allowed on the output layer"),
    (lambda n: edits.set_activation(n, 4, "tanh"), "there is no layer 4"),
    (lambda n: edits.set_bias(n, 0, True), "there is no layer 0"),
    (lambda n: edits.set_io(n, 0, 1), "layer 0 has 0 neurons"),
    (lambda n: edits.set_io(n, 2, 5000), "each layer needs 1 to"),
])
def test_bad_edits_are_refused_with_a_reason(net, call, message):
    with pytest.raises(BadInput, match=message):
        call(net)


def test_new_weights_are_reproducible(net):
    assert np.array_equal(edits.add_neuron(net, 1).params, edits.add_neuron(net, 1).params)
    assert np.array_equal(edits.add_layer(net).params, edits.add_layer(net).params)
