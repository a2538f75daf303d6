"""The sigmoid keeps its relative precision over the whole float64 range, in both the textbook
definition and the training step (checked against an independent high-precision reference)."""
from decimal import Decimal, getcontext

import numpy as np
import pytest

from core import Network
from core.activations import get
from core.fast import FastStep

getcontext().prec = 50


def sigmoid_reference(z):
    """1/(1 + e^−z) with 50 significant digits, rounded once to float64."""
    return float(1 / (1 + (-Decimal(float(z))).exp()))


# the normal float64 range of the result (below about −708 it is subnormal and holds fewer digits)
ZS = np.concatenate([np.linspace(-700.0, 40.0, 1481), [-38.0, -37.5, -20.0, -1e-300, 0.0, 1e-300, 36.7]])


def _ulps(actual, expected):
    return np.abs(actual - expected) / np.spacing(np.abs(expected))


def test_the_sigmoid_keeps_its_relative_precision_for_large_negative_z():
    expected = np.array([sigmoid_reference(z) for z in ZS])
    actual = get("sigmoid").f(ZS.reshape(1, -1))[0]
    assert np.all(actual > 0)  # the tanh form gave exactly 0 for z ≤ −38
    assert np.max(_ulps(actual, expected)) <= 4
    assert get("sigmoid").f(np.array([[-800.0, 800.0]])).tolist() == [[0.0, 1.0]]  # no overflow, no warning


@pytest.mark.parametrize("bias", [True, False])
def test_the_training_step_computes_the_same_sigmoid(bias):
    """The fast path (core/fast.py) applies the sigmoid in place: a 1-1 linear-to-sigmoid network with
    weight 1 and no bias outputs exactly the sigmoid of its input, for every z at once."""
    net = Network.from_arrays([[[1.0]]], [[0.0]] if bias else None, "sigmoid")
    X = ZS.reshape(-1, 1)
    expected = np.array([sigmoid_reference(z) for z in ZS])
    np.testing.assert_array_equal(net.forward(X)[:, 0], get("sigmoid").f(ZS.reshape(1, -1))[0])
    step = FastStep(net, "mse")
    A0 = np.vstack([X.T, np.ones((1, len(X)))]) if bias else X.T.copy()
    out = step.gradient(A0, expected.reshape(1, -1))
    assert np.max(_ulps(out[0], expected)) <= 4
