"""The Python API's contract (issue 2): shapes, assignment, trace, seeds and clear errors."""
import numpy as np
import pytest

from core import BadInput, LayerTrace, Network, StepTrace
from core import network as network_module

ACTS = ["tanh", "relu", "sigmoid"]


@pytest.fixture
def net():
    return Network([2, 4, 2, 1], activations=ACTS, bias=True, seed=0)


def data(m=5, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1, (m, 2)), rng.uniform(0, 1, (m, 1))


def test_weights_and_biases_have_the_textbook_shapes(net):
    assert net.sizes == (2, 4, 2, 1)
    assert net.n_layers == 3
    assert [w.shape for w in net.weights] == [(4, 2), (2, 4), (1, 2)]
    assert [b.shape for b in net.biases] == [(4,), (2,), (1,)]
    assert all(w.dtype == np.float64 for w in net.weights)
    assert len(net.weights) == len(net.biases) == 3
    assert net.n_params == 4 * 3 + 2 * 5 + 1 * 3


def test_one_activation_or_bias_for_all_layers_or_one_per_layer():
    a = Network([2, 3, 1], activations="tanh", bias=False)
    assert a.activations == ("tanh", "tanh") and a.bias == (False, False)
    assert list(a.biases) == [None, None]
    b = Network([2, 3, 1], activations=["relu", "linear"], bias=[True, False])
    assert b.biases[0].shape == (3,) and b.biases[1] is None


def test_assigning_a_weight_matrix_copies_it_with_a_shape_check(net):
    M = np.arange(8.0).reshape(4, 2)
    net.weights[0] = M
    assert np.array_equal(net.weights[0], M)
    M[0, 0] = 99.0
    assert net.weights[0][0, 0] == 0.0  # a copy, not the caller's array
    net.weights[0][0, 1] = 7.5  # in place, through the view
    assert net.weights[0][0, 1] == 7.5
    assert net.params[net.parameter_index("W", 1, 0, 1)] == 7.5  # views into the one flat vector
    net.biases[1] = [1.0, 2.0]
    assert net.biases[1].tolist() == [1.0, 2.0]
    with pytest.raises(BadInput, match=r"W1 must have shape \(4, 2\), got \(2, 4\)"):
        net.weights[0] = np.zeros((2, 4))
    with pytest.raises(BadInput, match="b2 must have shape"):
        net.biases[1] = [1.0]
    with pytest.raises(BadInput, match="not a finite number"):
        net.weights[1] = np.full((2, 4), np.nan)
    with pytest.raises(BadInput, match="must be numbers"):
        net.weights[0] = "abc"
    no_bias = Network([2, 1], bias=False)
    with pytest.raises(BadInput, match="layer 1 has no bias"):
        no_bias.biases[0] = [0.0]


def test_forward_takes_rows_and_gives_rows(net):
    X, _ = data(5)
    out = net.forward(X)
    assert out.shape == (5, 1)
    # one sample as a 1-D vector gives a 1-D output
    assert net.forward(X[0]).shape == (1,)
    assert net.forward(X[0])[0] == pytest.approx(out[0, 0], rel=1e-15)
    # the textbook computation, written out: a = f3(W3 f2(W2 f1(W1 x + b1) + b2) + b3)
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    a1 = np.tanh(X @ net.weights[0].T + net.biases[0])
    a2 = np.maximum(a1 @ net.weights[1].T + net.biases[1], 0)
    a3 = sig(a2 @ net.weights[2].T + net.biases[2])
    np.testing.assert_allclose(out, a3, rtol=1e-13)


def test_gradients_are_shaped_like_the_parameters(net):
    X, Y = data(5)
    dW, db = net.gradients(X, Y, loss="mse")
    assert [g.shape for g in dW] == [w.shape for w in net.weights]
    assert [g.shape for g in db] == [b.shape for b in net.biases]
    nb = Network([2, 3, 1], activations="tanh", bias=[False, True], seed=1)
    dW, db = nb.gradients(X, Y)
    assert db[0] is None and db[1].shape == (1,)


def test_trace_records_every_matrix_and_agrees_with_gradients(net):
    X, Y = data(5)
    t = net.trace(X, Y, loss="mse")
    assert isinstance(t, StepTrace) and len(t) == 3 and t.loss == "mse"
    assert t.A0.shape == (2, 5) and np.array_equal(t.A0, X.T)
    assert t.Y.shape == (1, 5)
    dW, db = net.textbook_gradients(X, Y, loss="mse")
    fast_dW, fast_db = net.gradients(X, Y, loss="mse")
    for l, rec in enumerate(t, start=1):
        assert isinstance(rec, LayerTrace) and rec.l == l
        n = net.sizes[l]
        assert rec.Z.shape == rec.A.shape == rec.delta.shape == (n, 5)
        assert np.array_equal(rec.dW, dW[l - 1])  # the same textbook pass
        assert np.array_equal(rec.db, db[l - 1])
        np.testing.assert_allclose(fast_dW[l - 1], rec.dW, rtol=1e-12, atol=1e-15)  # the API's, by core/fast.py
        np.testing.assert_allclose(fast_db[l - 1], rec.db, rtol=1e-12, atol=1e-15)
        # the equations, checked on the recorded matrices
        A_prev = t.A0 if l == 1 else t[l - 2].A
        np.testing.assert_allclose(rec.Z, net.weights[l - 1] @ A_prev + net.biases[l - 1][:, None], rtol=1e-14)
        np.testing.assert_allclose(rec.dW, rec.delta @ A_prev.T, rtol=1e-14)       # BP4
        np.testing.assert_allclose(rec.db, rec.delta.sum(axis=1), rtol=1e-14)     # BP3
    assert t.cost == pytest.approx(net.loss(X, Y, "mse"), rel=1e-15)
    np.testing.assert_allclose(t[-1].A.T, net.forward(X), rtol=1e-15)


def test_same_seed_same_weights_and_different_seed_different_weights():
    a = Network([2, 4, 2, 1], activations="tanh", seed=3)
    b = Network([2, 4, 2, 1], activations="tanh", seed=3)
    c = Network([2, 4, 2, 1], activations="tanh", seed=4)
    assert np.array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)
    a.weights[0][0, 0] = 5.0
    a.reinitialize()
    assert np.array_equal(a.params, b.params)


def test_copy_is_independent(net):
    twin = net.copy()
    assert np.array_equal(twin.params, net.params) and twin.same_architecture(net)
    twin.weights[0][0, 0] += 1
    assert twin.weights[0][0, 0] != net.weights[0][0, 0]


def test_from_arrays_gives_explicit_values_that_reset_returns_to():
    net = Network.from_arrays([[[1.0, 2.0]], [[3.0]]], [None, [0.5]], activations=["linear", "linear"])
    assert net.sizes == (2, 1, 1) and net.bias == (False, True)
    net.weights[0][0, 0] = 9.0
    net.reinitialize()
    assert net.weights[0].tolist() == [[1.0, 2.0]] and net.biases[1].tolist() == [0.5]
    with pytest.raises(BadInput, match="W2 has 2 columns but layer 1 has 1 neurons"):
        Network.from_arrays([[[1.0, 2.0]], [[3.0, 4.0]]])
    with pytest.raises(BadInput, match="finite"):
        Network.from_arrays([[[np.inf]]])
    with pytest.raises(BadInput, match="matrices of numbers"):
        Network.from_arrays([[[10 ** 400]]])
    with pytest.raises(BadInput, match="expected 1 biases"):
        Network.from_arrays([[[1.0]]], [None, None])


def test_parameter_names_and_index_follow_the_flat_layout(net):
    names = net.parameter_names()
    assert len(names) == net.n_params
    assert names[:5] == ["W1[0,0]", "W1[1,0]", "W1[2,0]", "W1[3,0]", "W1[0,1]"]  # column by column
    assert names[8:13] == ["b1[0]", "b1[1]", "b1[2]", "b1[3]", "W2[0,0]"]      # then the bias
    for kind, l, j, k in [("W", 1, 3, 1), ("b", 2, 1, 0), ("W", 3, 0, 1), ("b", 3, 0, 0)]:
        i = net.parameter_index(kind, l, j, k)
        assert names[i] == (f"W{l}[{j},{k}]" if kind == "W" else f"b{l}[{j}]")
        value = net.weights[l - 1][j, k] if kind == "W" else net.biases[l - 1][j]
        assert net.params[i] == value


@pytest.mark.parametrize("args,message", [
    (("W", 0, 0, 0), "no layer 0"),
    (("W", 4, 0, 0), "no layer 4"),
    (("W", 1, 4, 0), "no neuron 4"),
    (("W", 1, 0, 2), "no input 2"),   # would land on b1[0]
    (("W", 1, -1, 0), "no neuron -1"),
    (("x", 1, 0, 0), "weight 'W' or a bias 'b'"),
    (("W", 1.0, 0, 0), "whole number"),
])
def test_parameter_index_refuses_parameters_the_network_does_not_have(net, args, message):
    with pytest.raises(BadInput, match=message):
        net.parameter_index(*args)


def test_parameter_index_refuses_a_bias_on_a_layer_without_one():
    net = Network([2, 3, 1], bias=[False, True])
    with pytest.raises(BadInput, match="layer 1 has no bias"):
        net.parameter_index("b", 1, 0)


# ---- validation: BadInput with a message that names the problem -------------------------------

@pytest.mark.parametrize("kwargs,message", [
    (dict(sizes=[2, 4, 1], activations=["softmax", "linear"]), "softmax is only allowed on the output layer"),
    (dict(sizes=[2, 4, 1], activations=["tanh"]), "expected 2 values"),
    (dict(sizes=[2, 4, 1], activations="swish"), "unknown activation 'swish'"),
    (dict(sizes=[2, 4, 1], activations=[["tanh"], "tanh"]), "unknown activation"),
    (dict(sizes=[2, 4, 1], bias=[1, 0]), "bias must be true/false"),
    (dict(sizes=[2]), "at least an input and an output"),
    (dict(sizes=[2, 0, 1]), "layer 1 has 0 neurons"),
    (dict(sizes=[2, 2.5, 1]), "layer 1 must have a whole number of neurons"),
    (dict(sizes=[2, float("inf"), 1]), "whole number"),
    (dict(sizes=[2, float("nan"), 1]), "whole number"),
    (dict(sizes=[2, True, 1]), "whole number"),
    (dict(sizes=[2, "3", 1]), "whole number"),
    (dict(sizes="241"), "list of whole numbers"),
    (dict(sizes=None), "list of whole numbers"),
    (dict(sizes=[100_000, 100_000, 100_000]), "neurons; each layer needs 1 to"),
    (dict(sizes=[1000, 1000, 1]), "parameters; the limit is"),
    (dict(sizes=[1] * 100), "at most 32 layers"),
    (dict(sizes=[2, 1], init="magic"), "unknown weight initialisation"),
])
def test_bad_architectures_raise_badinput_naming_the_problem(kwargs, message):
    sizes = kwargs.pop("sizes")
    with pytest.raises(BadInput, match=message):
        Network(sizes, **kwargs)


def test_float_sizes_with_no_fraction_are_accepted():
    assert Network([2.0, np.int64(3), 1]).sizes == (2, 3, 1)


@pytest.mark.parametrize("acts,loss,message", [
    (["tanh", "tanh"], "cross_entropy", "the cross-entropy cost needs a softmax output layer, but the output layer is tanh"),
    (["tanh", "softmax"], "mse", "a softmax output layer needs the cross-entropy cost, not mean squared error"),
    (["tanh", "tanh"], "binary_cross_entropy", "needs a sigmoid output layer"),
    (["tanh", "linear"], "hinge", "unknown loss 'hinge'"),
])
def test_wrong_cost_and_output_pair_is_refused(acts, loss, message):
    net = Network([2, 3, 2], activations=acts)
    X, Y = np.zeros((1, 2)), np.array([[1.0, 0.0]])
    with pytest.raises(BadInput, match=message):
        net.gradients(X, Y, loss=loss)
    with pytest.raises(BadInput, match=message):
        net.trace(X, Y, loss=loss)


@pytest.mark.parametrize("X,Y,message", [
    (np.zeros((3, 3)), np.zeros((3, 1)), r"X must have shape \(m, 2\) — one row per sample — got \(3, 3\)"),
    (np.zeros((3, 2)), np.zeros((3, 2)), r"Y must have shape \(m, 1\)"),
    (np.zeros((3, 2)), np.zeros((2, 1)), "X has 3 samples but Y has 2"),
    (np.zeros((0, 2)), np.zeros((0, 1)), "the batch is empty"),
    (np.zeros((2, 2, 2)), np.zeros((2, 1)), "X must have shape"),
    ("abc", np.zeros((1, 1)), "X must be a table of numbers"),
    ([[1.0, np.nan]], [[0.0]], "X holds a value that is not a finite number"),
    ([[1.0, 2.0]], [[np.inf]], "Y holds a value that is not a finite number"),
])
def test_wrong_data_shapes_are_refused(X, Y, message):
    net = Network([2, 3, 1])
    with pytest.raises(BadInput, match=message):
        net.gradients(X, Y)


def test_forward_refuses_the_wrong_width():
    with pytest.raises(BadInput, match=r"X must have shape \(m, 2\)"):
        Network([2, 1]).forward(np.zeros((4, 3)))


def test_cross_entropy_targets_must_be_probabilities():
    """−Σ y log a has the gradient (A − Y)/m only when each sample's targets sum to 1."""
    net = Network([2, 3], activations="softmax")
    X = np.zeros((2, 2))
    with pytest.raises(BadInput, match="sample 2 has"):
        net.gradients(X, [[0, 1, 0], [1, 1, 0]], "cross_entropy")
    with pytest.raises(BadInput, match="class probabilities"):
        net.gradients(X, [[0, 1, 0], [-0.5, 1.5, 0]], "cross_entropy")
    net.gradients(X, [[0, 1, 0], [0.2, 0.3, 0.5]], "cross_entropy")  # soft labels are fine


def test_binary_cross_entropy_targets_must_be_between_0_and_1():
    net = Network([2, 1], activations="sigmoid")
    with pytest.raises(BadInput, match="targets from 0 to 1"):
        net.gradients(np.zeros((2, 2)), [[1.0], [-1.0]], "binary_cross_entropy")
    net.gradients(np.zeros((2, 2)), [[1.0], [0.25]], "binary_cross_entropy")


def test_badinput_is_a_valueerror_so_callers_can_catch_either():
    assert issubclass(BadInput, ValueError)


def test_the_limits_are_what_the_messages_say():
    assert network_module.MAX_LAYER_SIZE >= 999  # a CSV's largest number of inputs
    Network([network_module.MAX_LAYER_SIZE, 1])


def test_locate_inverts_parameter_index_and_split_inverts_the_flat_layout():
    net = Network([3, 4, 2], bias=[True, False], seed=1)
    names = net.parameter_names()
    for i in range(net.n_params):
        kind, l, j, k = net.locate(i)
        assert net.parameter_index(kind, l, j, k) == i
        assert names[i] == (f"W{l}[{j},{k}]" if kind == "W" else f"b{l}[{j}]")
    with pytest.raises(IndexError):
        net.locate(net.n_params)
    parts = net.split(net.params)  # the flat vector read back as the weights and biases it holds
    for (W, b), W_ref, b_ref in zip(parts, net.weights, net.biases):
        assert np.array_equal(W, W_ref)
        assert (b is None and b_ref is None) or np.array_equal(b, b_ref)


def test_each_weight_matrix_and_bias_is_one_contiguous_piece_of_the_flat_vector(net):
    """So a notebook's W -= η·dW runs over contiguous memory, and the gradients come back laid out alike."""
    X, Y = data()
    dW, db = net.gradients(X, Y, "mse")
    for W, b, gW, gb in zip(net.weights, net.biases, dW, db):
        assert W.flags.f_contiguous and np.shares_memory(W, net.params)
        assert b.flags.c_contiguous and np.shares_memory(b, net.params)
        assert gW.flags.f_contiguous and gb.flags.c_contiguous
    before = net.params.copy()
    net.weights[1] -= 0.5 * dW[1]  # in place, through the view
    changed = np.flatnonzero(net.params != before)
    assert {net.locate(i)[:2] for i in changed} == {("W", 2)}


def test_file_order_lists_the_parameters_row_by_row_as_the_files_do(net):
    """Session files list a flat vector per layer row by row: W^l_j0 … W^l_j(n−1), b^l_j."""
    expected = []
    for l, (n, n_prev) in enumerate(zip(net.sizes[1:], net.sizes[:-1]), start=1):
        for j in range(n):
            expected += [f"W{l}[{j},{k}]" for k in range(n_prev)] + [f"b{l}[{j}]"]
    names = net.parameter_names()
    assert [names[i] for i in net.file_order()] == expected
    rows = np.concatenate([np.column_stack([W, b]).ravel() for W, b in zip(net.weights, net.biases)])
    assert np.array_equal(net.params[net.file_order()], rows)
    for i in range(net.n_params):
        assert net.parameter_index(*net.locate(i)) == i


def test_weight_views_are_each_w_in_its_own_contiguous_piece_of_the_flat_vector():
    """The views the trainer's gradient norms read: W^l's entries, column by column, no bias."""
    net = Network([3, 4, 2, 1], activations="tanh", bias=[True, False, True], seed=1)
    views = net.weight_views(net.params)
    assert [v.shape for v in views] == [(12,), (8,), (2,)]
    for view, W in zip(views, net.weights):
        assert view.base is net.params or view.base is net.params.base  # a view, not a copy
        assert np.array_equal(view.reshape(W.shape[1], W.shape[0]).T, W)
    net.params[:] = 0.0
    assert all(not v.any() for v in views)
