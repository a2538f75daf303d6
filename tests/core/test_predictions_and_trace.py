"""core.predictions (what the Data plot shows) and the step trace's f′(Z) and ∇_A C, each against a
computation written here: the network row by row, a grid built by hand, the derivatives by formula
and by finite differences."""
import numpy as np
import pytest

from core import Network
from core.predictions import line_inputs, outputs_over_history, plane_grid


@pytest.mark.parametrize("sizes, acts, bias", [([1, 1], "linear", False), ([2, 3, 1], "tanh", True),
                                               ([2, 4, 3], ["relu", "softmax"], [True, False])])
def test_outputs_over_history_match_the_network_row_by_row(sizes, acts, bias):
    net = Network(sizes, acts, bias, seed=1)
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(5, net.n_params))
    X = rng.normal(size=(3, sizes[0]))
    out = outputs_over_history(net, rows, X)
    assert out.shape == (5, 3, sizes[-1])
    twin = net.copy()
    for r in range(5):
        twin.params[:] = rows[r]
        assert np.allclose(out[r], twin.forward(X), rtol=1e-12, atol=1e-12)


def test_the_plane_grid_covers_the_samples_with_cell_centres():
    X = np.array([[0.0, -1.0], [10.0, 1.0]])
    low, high, grid = plane_grid(X, 4)
    assert np.allclose(low, [-0.8, -1.16]) and np.allclose(high, [10.8, 1.16])  # 8% of the spread beyond
    assert grid.shape == (16, 2)
    cell = (high - low) / 4
    assert np.allclose(grid[0], low + cell / 2)            # bottom left
    assert np.allclose(grid[3], [high[0] - cell[0] / 2, low[1] + cell[1] / 2])  # bottom right
    assert np.allclose(grid[15], high - cell / 2)          # top right


def test_line_inputs_run_a_little_beyond_the_data():
    xs = line_inputs(np.array([[2.0], [4.0], [3.0]]), 5)
    assert np.allclose(xs, np.linspace(1.9, 4.1, 5))


def test_the_trace_holds_f_prime_and_the_output_gradient():
    net = Network([2, 3, 2], ["tanh", "sigmoid"], True, seed=4)
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(5, 2)), rng.uniform(size=(5, 2))
    trace = net.trace(X, Y, "mse")
    h, a = trace.layers
    assert np.allclose(h.fprime, 1 - np.tanh(h.Z) ** 2, rtol=1e-12)
    assert np.allclose(a.fprime, a.A * (1 - a.A), rtol=1e-12)
    assert np.allclose(trace.grad_A, 2 * (a.A - Y.T) / 5, rtol=1e-12)  # C = (1/m) Σ (a − y)²
    # ∇_A C by central differences of the cost in the outputs
    eps = 1e-6
    for j, i in [(0, 0), (1, 3)]:
        up, down = a.A.copy(), a.A.copy()
        up[j, i] += eps
        down[j, i] -= eps
        cost = lambda A: np.sum((A - Y.T) ** 2) / 5  # noqa: E731
        assert trace.grad_A[j, i] == pytest.approx((cost(up) - cost(down)) / (2 * eps), rel=1e-6)
    # BP1 as the trace writes it
    assert np.allclose(a.delta, trace.grad_A * a.fprime, rtol=1e-12)


def test_where_f_prime_cancels_the_trace_says_so():
    net = Network([2, 3, 3], ["relu", "softmax"], True, seed=2)
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4, 2))
    Y = np.eye(3)[[0, 2, 1, 0]]
    trace = net.trace(X, Y, "cross_entropy")
    assert trace.grad_A is None and trace.layers[-1].fprime is None
    assert np.array_equal(trace.layers[0].fprime, (trace.layers[0].Z > 0).astype(float))
    assert np.allclose(trace.layers[-1].delta, (trace.layers[-1].A - Y.T) / 4)
