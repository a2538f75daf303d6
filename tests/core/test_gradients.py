"""Backprop's gradients against independent references.

The reference cost below is written from the definitions in docs/design.md, samples as
rows and one sample at a time, sharing no code with core/: its own activations
(the logistic function as 1/(1 + e^-z), softmax as exp/sum), its own costs. The
gradient it is compared with comes from core's matrix-form backward pass.
"""
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core import Network
from core.gradcheck import check_gradients, flat_gradient

HIDDEN = ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]
# every valid (cost, output activation) pair
PAIRS = [("mse", "linear"), ("mse", "sigmoid"), ("mse", "tanh"), ("mse", "relu"), ("mse", "leaky_relu"),
         ("cross_entropy", "softmax"), ("binary_cross_entropy", "sigmoid")]
KINKED = {"relu", "leaky_relu"}


# ---- the independent reference ---------------------------------------------------------------

def ref_f(name, z):
    """The activation applied to a vector z of one sample (a 1-D array)."""
    if name == "linear":
        return z.copy()
    if name == "sigmoid":
        return np.array([1.0 / (1.0 + math.exp(-v)) for v in z])
    if name == "tanh":
        return np.array([math.tanh(v) for v in z])
    if name == "relu":
        return np.array([v if v > 0 else 0.0 for v in z])
    if name == "leaky_relu":
        return np.array([v if v > 0 else 0.01 * v for v in z])
    if name == "softmax":
        e = np.array([math.exp(v - max(z)) for v in z])
        return e / e.sum()
    raise AssertionError(name)


def softplus(t):
    """log(1 + e^t), accurate for any t."""
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def ref_sample_cost(loss, z, a, y):
    if loss == "mse":
        return sum((ai - yi) ** 2 for ai, yi in zip(a, y))
    if loss == "cross_entropy":
        return -sum(yi * math.log(ai) for ai, yi in zip(a, y))
    if loss == "binary_cross_entropy":
        # −[y log a + (1 − y) log(1 − a)] with a = σ(z): log a = −softplus(−z), log(1 − a) = −softplus(z).
        # (Computing 1 − a directly loses digits when a is near 1, enough to spoil the differences.)
        return sum(yi * softplus(-zi) + (1 - yi) * softplus(zi) for zi, yi in zip(z, y))
    raise AssertionError(loss)


def ref_forward_sample(Ws, bs, acts, x):
    """[z^1, ..., z^L], a^L for one sample x (1-D)."""
    a, zs = np.asarray(x, dtype=float), []
    for W, b, act in zip(Ws, bs, acts):
        z = np.array([sum(W[j, k] * a[k] for k in range(len(a))) for j in range(W.shape[0])])
        if b is not None:
            z = z + b
        zs.append(z)
        a = ref_f(act, z)
    return zs, a


def ref_cost(Ws, bs, acts, loss, X, Y):
    """The mean over samples of each sample's cost."""
    total = 0.0
    for x, y in zip(X, Y):
        zs, a = ref_forward_sample(Ws, bs, acts, x)
        total += ref_sample_cost(loss, zs[-1], a, y)
    return total / len(X)


def ref_numeric_gradients(net, loss, X, Y, eps=1e-6):
    """Central differences of the reference cost, one parameter at a time: (dW list, db list)."""
    Ws = [w.copy() for w in net.weights]
    bs = [None if b is None else b.copy() for b in net.biases]
    cost = lambda: ref_cost(Ws, bs, net.activations, loss, X, Y)  # noqa: E731
    out_W, out_b = [], []
    for arrays, out in ((Ws, out_W), (bs, out_b)):
        for arr in arrays:
            if arr is None:
                out.append(None)
                continue
            g = np.zeros_like(arr)
            for idx in np.ndindex(arr.shape):
                saved = arr[idx]
                arr[idx] = saved + eps
                plus = cost()
                arr[idx] = saved - eps
                minus = cost()
                arr[idx] = saved
                g[idx] = (plus - minus) / (2 * eps)
            out.append(g)
    return out_W, out_b


def min_abs_z_at_kinks(net, X):
    """The smallest |z| over the layers whose activation has a kink at 0 (inf if none)."""
    Ws, bs = list(net.weights), list(net.biases)
    smallest = math.inf
    for x in X:
        zs, _ = ref_forward_sample(Ws, bs, net.activations, x)
        for z, act in zip(zs, net.activations):
            if act in KINKED:
                smallest = min(smallest, float(np.min(np.abs(z))))
    return smallest


def targets(loss, m, n_out, rng):
    if loss == "mse":
        return rng.normal(0, 1, (m, n_out))
    if loss == "cross_entropy":
        if rng.random() < 0.5:
            return np.eye(n_out)[rng.integers(0, n_out, m)]
        p = rng.uniform(0.05, 1, (m, n_out))  # soft labels: rows are probability vectors
        return p / p.sum(axis=1, keepdims=True)
    return rng.uniform(0, 1, (m, n_out))  # binary cross-entropy takes any target in [0, 1]


def assert_close_to_reference(net, loss, X, Y, rel=1e-6):
    nW, nb = ref_numeric_gradients(net, loss, X, Y)
    scale = max(1.0, abs(ref_cost(list(net.weights), list(net.biases), net.activations, loss, X, Y)))
    for way in (net.textbook_gradients, net.gradients):
        dW, db = way(X, Y, loss)
        for l, (a, n) in enumerate(zip(dW, nW), start=1):
            assert a.shape == n.shape
            np.testing.assert_allclose(a, n, rtol=rel, atol=1e-8 * scale, err_msg=f"{way.__name__}: dW{l}")
        for l, (a, n) in enumerate(zip(db, nb), start=1):
            assert (a is None) == (n is None), f"{way.__name__}: db{l}"
            if a is not None:
                np.testing.assert_allclose(a, n, rtol=rel, atol=1e-8 * scale, err_msg=f"{way.__name__}: db{l}")


def random_network(sizes, acts, bias, seed):
    net = Network(sizes, activations=acts, bias=bias, seed=seed)
    rng = np.random.default_rng(seed + 1)
    net.params[:] = rng.normal(0, 0.8, net.n_params)  # biases too, so every term is exercised
    return net


# ---- every activation × cost pair, with and without biases -----------------------------------

@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no-bias"])
@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("loss,output", PAIRS, ids=[f"{l}-{o}" for l, o in PAIRS])
def test_every_activation_and_cost_against_central_differences(loss, output, hidden, bias):
    n_out = 3 if loss == "cross_entropy" else 2
    for seed in range(50):  # the first seed whose samples keep every relu away from its kink
        rng = np.random.default_rng(seed)
        net = random_network([3, 4, n_out], [hidden, output], bias, seed)
        X = rng.normal(0, 1, (5, 3))
        if min_abs_z_at_kinks(net, X) > 1e-3:
            break
    else:
        pytest.fail("no sample set away from the relu kinks")
    Y = targets(loss, 5, n_out, rng)
    assert_close_to_reference(net, loss, X, Y)


@st.composite
def problems(draw):
    n_layers = draw(st.integers(1, 4))
    sizes = [draw(st.integers(1, 6)) for _ in range(n_layers + 1)]
    loss, output = draw(st.sampled_from(PAIRS))
    if loss == "cross_entropy":
        sizes[-1] = max(sizes[-1], 2)
    acts = [draw(st.sampled_from(HIDDEN)) for _ in range(n_layers - 1)] + [output]
    bias = [draw(st.booleans()) for _ in range(n_layers)]
    m = draw(st.integers(1, 8))
    seed = draw(st.integers(0, 2**32 - 1))
    return sizes, acts, bias, loss, m, seed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(problems())
def test_random_architectures_against_central_differences(problem):
    sizes, acts, bias, loss, m, seed = problem
    net = random_network(sizes, acts, bias, seed)
    rng = np.random.default_rng(seed + 2)
    X = rng.normal(0, 1, (m, sizes[0]))
    assume(min_abs_z_at_kinks(net, X) > 1e-3)  # a relu's derivative does not exist at 0
    Y = targets(loss, m, sizes[-1], rng)
    assert_close_to_reference(net, loss, X, Y)


def test_the_reference_itself_agrees_with_the_network_cost():
    """The reference and the core compute the same cost, so comparing their gradients is meaningful."""
    for loss, output in PAIRS:
        n_out = 3 if loss == "cross_entropy" else 2
        rng = np.random.default_rng(7)
        net = random_network([2, 3, n_out], ["tanh", output], True, 7)
        X = rng.normal(0, 1, (4, 2))
        Y = targets(loss, 4, n_out, rng)
        ref = ref_cost(list(net.weights), list(net.biases), net.activations, loss, X, Y)
        assert net.loss(X, Y, loss) == pytest.approx(ref, rel=1e-12)


# ---- a tiny network by hand ------------------------------------------------------------------

def test_two_two_one_network_by_hand():
    """x = (1, 2), y = 1; hidden relu with bias, linear output with bias, cost (a − y)².

    forward
      z¹ = W¹x + b¹ = (0.5·1 − 1·2 + 0.5,  1·1 + 0.5·2 + 0) = (−1, 2)
      a¹ = relu(z¹) = (0, 2)
      z² = W²a¹ + b² = 1.5·0 − 0.5·2 + 0.25 = −0.75 = a²
      C  = (a² − y)² = (−1.75)² = 3.0625
    backward
      Δ² = 2(a² − y)·1 = −3.5                                  (BP1, linear f' = 1)
      ∂C/∂W² = Δ² (a¹)ᵀ = (−3.5·0, −3.5·2) = (0, −7)            (BP4)
      ∂C/∂b² = Δ² = −3.5                                       (BP3)
      Δ¹ = (W²)ᵀΔ² ⊙ relu'(z¹) = (1.5·−3.5, −0.5·−3.5) ⊙ (0, 1) = (0, 1.75)   (BP2)
      ∂C/∂W¹ = Δ¹ xᵀ = [[0·1, 0·2], [1.75·1, 1.75·2]] = [[0, 0], [1.75, 3.5]]
      ∂C/∂b¹ = Δ¹ = (0, 1.75)
    Every number is exact in binary floating point, so the comparison is exact.
    """
    net = Network([2, 2, 1], activations=["relu", "linear"], bias=True, seed=0)
    net.weights[0] = [[0.5, -1.0], [1.0, 0.5]]
    net.biases[0] = [0.5, 0.0]
    net.weights[1] = [[1.5, -0.5]]
    net.biases[1] = [0.25]
    X, Y = np.array([[1.0, 2.0]]), np.array([[1.0]])

    assert net.forward(X).tolist() == [[-0.75]]
    assert net.loss(X, Y, "mse") == 3.0625
    t = net.trace(X, Y, "mse")
    assert t[0].Z.tolist() == [[-1.0], [2.0]]
    assert t[0].A.tolist() == [[0.0], [2.0]]
    assert t[1].delta.tolist() == [[-3.5]]
    assert t[0].delta.tolist() == [[0.0], [1.75]]
    dW, db = net.gradients(X, Y, "mse")
    assert dW[1].tolist() == [[0.0, -7.0]]
    assert db[1].tolist() == [-3.5]
    assert dW[0].tolist() == [[0.0, 0.0], [1.75, 3.5]]
    assert db[0].tolist() == [0.0, 1.75]


def test_two_two_one_batch_of_two_is_the_mean():
    """Add a second sample x = (0, 1), y = 0: z¹ = (−0.5, 0.5), a¹ = (0, 0.5), a² = −0.25 + 0.25 = 0,
    its cost (0 − 0)² = 0 and its gradients all 0. So the batch cost is 3.0625 / 2 and every batch
    gradient is half the first sample's."""
    net = Network([2, 2, 1], activations=["relu", "linear"], bias=True, seed=0)
    net.params[net.file_order()] = [0.5, -1.0, 0.5, 1.0, 0.5, 0.0, 1.5, -0.5, 0.25]  # rows of [W¹ | b¹], then [W² | b²]
    X, Y = np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([[1.0], [0.0]])
    assert net.loss(X, Y, "mse") == 3.0625 / 2
    dW, db = net.gradients(X, Y, "mse")
    assert dW[0].tolist() == [[0.0, 0.0], [0.875, 1.75]]
    assert db[0].tolist() == [0.0, 0.875]
    assert dW[1].tolist() == [[0.0, -3.5]]
    assert db[1].tolist() == [-1.75]


def test_sigmoid_cross_entropy_output_error_by_hand():
    """One sigmoid neuron, binary cross-entropy: Δ = a − y. With w = 2, b = −1, x = 1: z = 1,
    a = 1/(1 + e⁻¹), and ∂C/∂w = (a − y)·x, ∂C/∂b = a − y."""
    net = Network([1, 1], activations="sigmoid", bias=True)
    net.weights[0] = [[2.0]]
    net.biases[0] = [-1.0]
    a = 1 / (1 + math.exp(-1.0))
    dW, db = net.gradients([[1.0]], [[1.0]], "binary_cross_entropy")
    assert dW[0][0, 0] == pytest.approx(a - 1.0, rel=1e-14)
    assert db[0][0] == pytest.approx(a - 1.0, rel=1e-14)
    assert net.loss([[1.0]], [[1.0]], "binary_cross_entropy") == pytest.approx(-math.log(a), rel=1e-14)


# ---- the matrix form equals one sample at a time ---------------------------------------------

@settings(max_examples=40, deadline=None)
@given(problems())
def test_batch_gradient_is_the_mean_of_per_sample_gradients(problem):
    sizes, acts, bias, loss, m, seed = problem
    net = random_network(sizes, acts, bias, seed)
    rng = np.random.default_rng(seed + 3)
    X = rng.normal(0, 1, (m, sizes[0]))
    Y = targets(loss, m, sizes[-1], rng)
    dW, db = net.gradients(X, Y, loss)
    per_sample = [net.gradients(X[i:i + 1], Y[i:i + 1], loss) for i in range(m)]
    for l in range(net.n_layers):
        mean_W = sum(g[0][l] for g in per_sample) / m
        np.testing.assert_allclose(dW[l], mean_W, rtol=1e-10, atol=1e-13)
        if bias[l]:
            np.testing.assert_allclose(db[l], sum(g[1][l] for g in per_sample) / m, rtol=1e-10, atol=1e-13)
        else:
            assert db[l] is None
    costs = [net.loss(X[i:i + 1], Y[i:i + 1], loss) for i in range(m)]
    assert net.loss(X, Y, loss) == pytest.approx(sum(costs) / m, rel=1e-12, abs=1e-15)


# ---- the finite-difference checker itself ----------------------------------------------------

def test_gradcheck_passes_a_correct_network_and_leaves_it_unchanged():
    rng = np.random.default_rng(0)
    net = random_network([2, 4, 3], ["tanh", "softmax"], True, 0)
    X, Y = rng.normal(0, 1, (6, 2)), np.eye(3)[rng.integers(0, 3, 6)]
    before = net.params.copy()
    check = check_gradients(net, X, Y, "cross_entropy")
    assert check.max_relative_error < 1e-6
    assert np.array_equal(net.params, before)
    assert check.names == net.parameter_names()
    assert np.array_equal(check.analytic, flat_gradient(net, X, Y, "cross_entropy"))
    assert "largest relative error" in check.summary()


def test_gradcheck_catches_a_wrong_derivative(monkeypatch):
    """The checker can fail: with tanh' replaced by 1 − a (a plausible slip), it reports a large error."""
    from core import activations
    wrong = activations.Activation(np.tanh, lambda z, a: 1.0 - a, activations.describe("tanh"))
    monkeypatch.setitem(activations.ACTIVATIONS, "tanh", wrong)
    monkeypatch.setattr(Network, "gradients", Network.textbook_gradients)  # the path that reads the table
    rng = np.random.default_rng(0)
    net = random_network([2, 3, 1], ["tanh", "linear"], True, 0)
    check = check_gradients(net, rng.normal(0, 1, (4, 2)), rng.normal(0, 1, (4, 1)), "mse")
    assert check.max_relative_error > 1e-2
    assert check.names[check.worst].startswith(("W1", "b1"))


def test_gradcheck_restores_the_weights_when_the_cost_fails(monkeypatch):
    net = random_network([2, 2, 1], ["tanh", "linear"], True, 0)
    before = net.params.copy()
    calls = []

    def failing_loss(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("boom")
    monkeypatch.setattr(net, "loss", failing_loss)
    with pytest.raises(RuntimeError):
        check_gradients(net, [[1.0, 2.0]], [[0.5]], "mse")
    assert calls and np.array_equal(net.params, before)


def test_a_gradient_at_rounding_level_is_not_compared():
    """The question's network, converged (w = y/a to the last bit): a·w − y is rounding noise, so the
    gradient 2·a·(a·w − y) is too. Its rounding level, by hand: an error of ε(|a·w| + |y|) in the
    output gives the gradient 2·a·ε(|a·w| + |y|) (one sample, mse)."""
    net = Network.from_arrays([[[50.1 / 5.7]]], None, "linear")
    X, Y = np.array([[5.7]]), np.array([[50.1]])
    check = check_gradients(net, X, Y, "mse")
    eps = np.finfo(float).eps
    by_hand = 2 * 5.7 * eps * (abs(5.7 * net.params[0]) + 50.1)
    assert check.resolution[0] == pytest.approx(by_hand, rel=1e-6)
    assert abs(check.analytic[0]) < by_hand and abs(check.numeric[0]) < by_hand
    assert check.agrees is None and check.n_unresolved == 1
    assert "below what finite differences can resolve" in check.summary() and "agrees" not in check.summary()


def test_resolved_gradients_are_still_compared_and_a_wrong_one_found():
    net = Network([2, 3, 1], "tanh", seed=4)
    X, Y = np.random.default_rng(0).normal(size=(6, 2)), np.random.default_rng(1).normal(size=(6, 1))
    check = check_gradients(net, X, Y, "mse")
    assert check.n_unresolved == 0 and check.agrees and check.max_relative_error < 1e-6
    assert np.all(check.resolution < 1e-8)  # far below these gradients: the check means something
    real = net.gradients

    def off_by_a_bit(X, Y, loss="mse"):  # a backward pass wrong in one weight by 1e-4 of it
        dW, db = real(X, Y, loss)
        dW[1][0, 2] *= 1.0001
        return dW, db
    net.gradients = off_by_a_bit
    wrong = check_gradients(net, X, Y, "mse")
    assert wrong.agrees is False and wrong.names[wrong.worst] == "W2[0,2]"
    assert "DISAGREES" in wrong.summary()
