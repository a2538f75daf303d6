"""The fast path computes what the textbook definition computes.

core/fast.py is checked against Network.textbook_gradients / Network.loss (the one-line-
per-equation definition), and the Trainer's runs against a plain loop written here from
the formulas: the same shuffled mini-batches, Network.textbook_gradients, and each update
rule and regulariser applied per weight matrix. Network.gradients, which the API serves
through core/fast.py, is held to the textbook too.
"""
import numpy as np
import pytest

from core import Network, Trainer, datasets
from core import trainer as trainer_module
from core.fast import Evaluator, FastStep
from core.trainer import EVAL_SAMPLES

HIDDEN = ("linear", "sigmoid", "tanh", "relu", "leaky_relu")
OUTPUTS = [(a, "mse") for a in HIDDEN] + [("softmax", "cross_entropy"), ("sigmoid", "binary_cross_entropy")]
BIASES = (True, False, (False, True, True), (True, False, True))
BATCHES = (1, 2, 7, 33)


def _targets(loss, m, n_out, rng):
    if loss == "cross_entropy":
        return np.eye(n_out)[rng.integers(0, n_out, m)]
    if loss == "binary_cross_entropy":
        return rng.integers(0, 2, (m, n_out)).astype(float)
    return rng.normal(size=(m, n_out))


def _flat(net, dW, db):
    """∂C/∂W^l and ∂C/∂b^l laid out like net.params: listed as the files list them (rows of
    [W^l | b^l]), then put in place by file_order."""
    rows = np.concatenate([np.hstack([w] + ([b[:, None]] if b is not None else [])).ravel()
                           for w, b in zip(dW, db)])
    flat = np.empty_like(rows)
    flat[net.file_order()] = rows
    return flat


def _columns(net, X):
    """The batch as FastStep takes it: X^T, with a row of ones when layer 1 has a bias."""
    return np.vstack([X.T, np.ones((1, len(X)))]) if net.bias[0] else X.T.copy()


def _close(actual, expected, tol=1e-12):
    scale = max(1.0, float(np.max(np.abs(expected))))
    np.testing.assert_allclose(actual, expected, rtol=tol, atol=tol * scale)


@pytest.mark.parametrize("output,loss", OUTPUTS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_fast_gradient_equals_the_textbook_gradient(hidden, output, loss):
    rng = np.random.default_rng(hash((hidden, output, loss)) % 2**32)
    n_out = 3 if output == "softmax" else 2
    for bias in BIASES:
        net = Network([3, 5, 4, n_out], [hidden, hidden, output], bias=bias, seed=1)
        fast = FastStep(net, loss)
        for m in BATCHES + (7,):  # 7 twice: a batch size seen before reuses its plan
            X, Y = rng.normal(size=(m, 3)), _targets(loss, m, n_out, rng)
            out = fast.gradient(_columns(net, X), Y.T.copy())
            _close(fast.grad, _flat(net, *net.textbook_gradients(X, Y, loss)))
            _close(out.T, net.forward(X))


@pytest.mark.parametrize("output,loss", OUTPUTS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_the_api_s_gradients_equal_the_textbook_gradients(hidden, output, loss):
    rng = np.random.default_rng(hash((hidden, output, loss, "api")) % 2**32)
    n_out = 3 if output == "softmax" else 2
    for bias in BIASES:
        net = Network([3, 5, 4, n_out], [hidden, hidden, output], bias=bias, seed=2)
        for m in BATCHES + (7,):
            X, Y = rng.normal(size=(m, 3)), _targets(loss, m, n_out, rng)
            fast, textbook = net.gradients(X, Y, loss), net.textbook_gradients(X, Y, loss)
            _close(_flat(net, *fast), _flat(net, *textbook))
            assert [W.shape for W in fast[0]] == [W.shape for W in textbook[0]]
            assert [None if b is None else b.shape for b in fast[1]] == \
                [None if b is None else b.shape for b in textbook[1]]


def test_the_api_s_gradients_are_the_caller_s_own_arrays():
    rng = np.random.default_rng(3)
    net = Network([2, 3, 1], "tanh", seed=0)
    X, Y = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    dW, db = net.gradients(X, Y)
    kept = _flat(net, dW, db).copy()
    for m in range(1, 12):  # more batch sizes than the fast step keeps buffers for
        net.gradients(rng.normal(size=(m, 2)), rng.normal(size=(m, 1)))
        net.params += 0.1
    np.testing.assert_array_equal(_flat(net, dW, db), kept)  # later calls wrote nowhere near them
    assert all(g.flags.f_contiguous for g in dW) and all(b.flags.c_contiguous for b in db)  # laid out like W^l
    dW[0][:] = 99.0  # and writing to them changes nothing of the network's
    _close(_flat(net, *net.gradients(X, Y)), _flat(net, *net.textbook_gradients(X, Y)))


@pytest.mark.parametrize("sizes,activations", [
    ([1, 1], "linear"),                                    # the seed's network, one layer
    ([2, 6, 1], ["relu", "tanh"]),
    ([4, 3, 3, 3, 3, 2], ["sigmoid", "sigmoid", "tanh", "tanh", "linear"]),  # runs of equal activations
    ([2, 8, 8, 8, 8, 8, 8, 1], "tanh"),
])
def test_fast_gradient_on_other_depths_and_after_the_weights_change(sizes, activations):
    rng = np.random.default_rng(7)
    net = Network(sizes, activations, bias=True, seed=3)
    fast = FastStep(net, "mse")
    for _ in range(3):
        X, Y = rng.normal(size=(9, sizes[0])), rng.normal(size=(9, sizes[-1]))
        fast.gradient(_columns(net, X), Y.T.copy())
        _close(fast.grad, _flat(net, *net.textbook_gradients(X, Y, "mse")))
        net.params += rng.normal(scale=0.3, size=net.params.size)  # the plan must see the new values


def test_fast_gradient_takes_a_strided_batch_like_the_trainers():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2], "tanh", seed=0)
    X, Y = rng.normal(size=(20, 3)), rng.normal(size=(20, 2))
    rows = np.hstack([X, np.ones((20, 1))])
    fast = FastStep(net, "mse")
    fast.gradient(rows.T[:, 5:12], Y.T[:, 5:12])  # F-ordered views, as Trainer passes them
    _close(fast.grad, _flat(net, *net.textbook_gradients(X[5:12], Y[5:12], "mse")))


@pytest.mark.parametrize("output,loss", OUTPUTS)
def test_evaluator_equals_the_textbook_loss(output, loss):
    rng = np.random.default_rng(5)
    n_out = 3 if output == "softmax" else 2
    for bias in (True, False):
        net = Network([3, 4, n_out], ["tanh", output], bias=bias, seed=2)
        Xa, Ya = rng.normal(size=(11, 3)), _targets(loss, 11, n_out, rng)
        Xb, Yb = rng.normal(size=(4, 3)), _targets(loss, 4, n_out, rng)
        empty = (np.zeros((0, 3)), np.zeros((0, n_out)))
        costs = Evaluator(net, loss, [(Xa, Ya), (Xb, Yb), empty]).costs()
        np.testing.assert_allclose(costs[:2], [net.loss(Xa, Ya, loss), net.loss(Xb, Yb, loss)], rtol=1e-12)
        assert np.isnan(costs[2])


# ---- the Trainer against a plain loop ----------------------------------------------------------

def textbook_run(net, data, loss, batch, seed, steps, optimizer="sgd", lr=0.05, l1=0.0, l2=0.0,
                 momentum=0.9, beta1=0.9, beta2=0.999, eps=1e-8):
    """`steps` steps of the Trainer's scheme, written from the formulas. Returns the weights after
    each step (a list of params copies)."""
    X, Y = data.X_train, data.Y_train
    n = len(X)
    arrays, is_weight = [], []
    for l in range(net.n_layers):
        arrays.append(net.weights[l])
        is_weight.append(True)
        if net.biases[l] is not None:
            arrays.append(net.biases[l])
            is_weight.append(False)
    state = [dict(v=np.zeros_like(a), m=np.zeros_like(a)) for a in arrays]
    epoch, pos, order, t, after = 0, 0, None, 0, []
    for _ in range(steps):
        if pos == 0:
            order = np.arange(n) if batch >= n else np.random.default_rng([seed, epoch]).permutation(n)
        idx = order[pos:pos + batch]
        dW, db = net.textbook_gradients(X[idx], Y[idx], loss)
        grads = [g for l in range(net.n_layers) for g in (dW[l], db[l]) if g is not None]
        t += 1
        for a, g, weight, s in zip(arrays, grads, is_weight, state):
            if weight:  # (l2/2)·ΣW² + l1·Σ|W| on weights, not biases
                g = g + l2 * a + l1 * np.sign(a)
            if optimizer == "sgd":
                a -= lr * g
            elif optimizer == "momentum":
                s["v"] = momentum * s["v"] - lr * g
                a += s["v"]
            else:  # adam
                s["m"] = beta1 * s["m"] + (1 - beta1) * g
                s["v"] = beta2 * s["v"] + (1 - beta2) * g * g
                m_hat, v_hat = s["m"] / (1 - beta1 ** t), s["v"] / (1 - beta2 ** t)
                a -= lr * m_hat / (np.sqrt(v_hat) + eps)
        after.append(net.params.copy())
        pos += len(idx)
        if pos == n:
            epoch, pos = epoch + 1, 0
    return after


def _data(n=23, n_out=1, labels="pm1"):
    return datasets.generate("circle", samples=2 * n, test_fraction=0.5, seed=4, labels=labels)


CASES = [
    dict(optimizer="sgd"),
    dict(optimizer="momentum"),
    dict(optimizer="adam", lr=0.01),
    dict(optimizer="sgd", l2=0.01),
    dict(optimizer="sgd", l1=0.003),
    dict(optimizer="momentum", l1=0.002, l2=0.02),
    dict(optimizer="adam", lr=0.01, l1=0.001, l2=0.01),
]


@pytest.fixture(params=["epoch-copy", "gather"])
def batching(request, monkeypatch):
    """Both ways the Trainer cuts batches: from a shuffled copy per epoch, or gathered per step."""
    monkeypatch.setattr(trainer_module, "GATHER_BYTES", 0 if request.param == "gather" else 10 ** 12)
    return request.param


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
def test_trainer_follows_the_textbook_loop(case, batching):
    data = _data()
    net = Network([2, 5, 3, 1], "tanh", bias=[True, False, True], seed=6)
    reference = textbook_run(net.copy(), data, "mse", batch=5, seed=11, steps=60, **case)  # 23 = 4×5 + 3
    hyper = {k: v for k, v in case.items() if k not in ("optimizer", "lr", "l1", "l2")}
    trainer = Trainer(net, data, loss="mse", optimizer=case["optimizer"], lr=case.get("lr", 0.05), batch_size=5,
                      seed=11, l1=case.get("l1", 0.0), l2=case.get("l2", 0.0), **hyper)
    for chunk in (1, 4, 20, 35):  # in pieces, as the window asks for them
        trainer.run(chunk)
        _close(net.params, reference[trainer.step_count - 1], tol=1e-11)
    assert (trainer.step_count, trainer.epoch, trainer.position) == (60, 12, 0)


@pytest.mark.parametrize("hidden,output,loss,labels", [
    ("relu", "sigmoid", "binary_cross_entropy", "01"),
    ("leaky_relu", "softmax", "cross_entropy", "onehot"),
    ("sigmoid", "linear", "mse", "pm1"),
])
def test_trainer_follows_the_textbook_loop_for_other_losses(hidden, output, loss, labels, batching):
    data = _data(labels=labels)
    n_out = data.n_outputs
    net = Network([2, 6, n_out], [hidden, output], bias=[False, True], seed=2)
    reference = textbook_run(net.copy(), data, loss, batch=4, seed=3, steps=40, optimizer="momentum")
    trainer = Trainer(net, data, loss=loss, optimizer="momentum", lr=0.05, batch_size=4, seed=3)
    trainer.run(40)
    _close(net.params, reference[-1], tol=1e-11)


def test_full_batch_and_a_batch_size_changed_mid_epoch(batching):
    data = _data()
    net = Network([2, 4, 1], "tanh", seed=1)
    trainer = Trainer(net, data, lr=0.1, batch_size=100, seed=2)  # larger than the data: full batch
    reference_net = net.copy()
    trainer.run(3)
    _close(net.params, textbook_run(reference_net, data, "mse", batch=23, seed=2, steps=3, lr=0.1)[-1])
    trainer.batch_size = 6
    trainer.run(2)  # epoch 3 is shuffled now, walked 6 at a time
    X, Y = data.X_train, data.Y_train
    order = np.random.default_rng([2, 3]).permutation(23)
    for idx in (order[:6], order[6:12]):
        dW, db = reference_net.textbook_gradients(X[idx], Y[idx], "mse")
        reference_net.params -= 0.1 * _flat(reference_net, dW, db)
    _close(net.params, reference_net.params)
    assert (trainer.epoch, trainer.position) == (3, 12)


def test_the_next_batch_and_gradient_are_the_ones_the_step_uses(batching):
    data = _data()
    net = Network([2, 4, 1], "tanh", bias=[False, True], seed=1)
    trainer = Trainer(net, data, lr=0.1, batch_size=5, seed=2, l2=0.01)
    trainer.run(7)  # epoch 0 is 5 batches (5, 5, 5, 5, 3), then 2 of epoch 1
    X, Y = trainer.peek_batch()
    order = np.random.default_rng([2, 1]).permutation(23)
    np.testing.assert_array_equal(X, data.X_train[order[10:15]])
    np.testing.assert_array_equal(Y, data.Y_train[order[10:15]])
    grad = trainer.gradient_for_next_step()
    is_weight = np.ones(net.n_params)
    is_weight[net.parameter_index("b", 2, 0)] = 0.0  # layer 1 has no bias, layer 2 one
    _close(grad, _flat(net, *net.textbook_gradients(X, Y, "mse")) + 0.01 * net.params * is_weight)
    before = net.params.copy()
    trainer.run(1)
    _close(net.params, before - 0.1 * grad)


def test_wide_data_is_gathered_batch_by_batch_and_gives_the_textbook_run():
    rng = np.random.default_rng(3)
    X = rng.uniform(0, 1, (90, 300))
    data = datasets.points(X, np.eye(4)[rng.integers(0, 4, 90)])
    net = Network([300, 8, 4], ["sigmoid", "softmax"], seed=1)
    assert 40 * 301 * 8 >= trainer_module.GATHER_BYTES  # so this run gathers
    reference = textbook_run(net.copy(), data, "cross_entropy", batch=40, seed=5, steps=7, lr=0.5)  # 90 = 40+40+10
    trainer = Trainer(net, data, loss="cross_entropy", lr=0.5, batch_size=40, seed=5)
    trainer.run(7)
    _close(net.params, reference[-1])


def test_history_losses_are_the_textbook_losses_on_the_evaluation_samples():
    data = datasets.generate("circle", samples=5000, test_fraction=0.5, seed=1)  # 2500 each: more than EVAL_SAMPLES
    net = Network([2, 4, 1], "tanh", seed=0)
    trainer = Trainer(net, data, lr=0.03, batch_size=10)
    trainer.run(2 * trainer.history.stride)
    assert trainer.history.steps[-1] == trainer.step_count
    train = net.loss(data.X_train[:EVAL_SAMPLES], data.Y_train[:EVAL_SAMPLES], "mse")
    test = net.loss(data.X_test[:EVAL_SAMPLES], data.Y_test[:EVAL_SAMPLES], "mse")
    np.testing.assert_allclose([trainer.history.train_loss[-1], trainer.history.test_loss[-1]], [train, test],
                               rtol=1e-12)
    np.testing.assert_allclose([trainer.train_loss(), trainer.test_loss()], [train, test], rtol=1e-12)
    np.testing.assert_array_equal(trainer.history.params[-1], net.params)


def test_runs_in_pieces_and_resumed_runs_are_bit_for_bit_the_same(batching):
    data = _data()
    whole = Trainer(Network([2, 4, 1], "tanh", seed=1), data, optimizer="adam", lr=0.01, batch_size=5, seed=9)
    whole.run(57)
    pieces = Trainer(Network([2, 4, 1], "tanh", seed=1), data, optimizer="adam", lr=0.01, batch_size=5, seed=9)
    for n in (1, 2, 30, 3):
        pieces.run(n)
    resumed = Trainer(pieces.network.copy(), data, optimizer="adam", lr=0.01, batch_size=5, seed=9)
    resumed.optimizer.load_state_dict(pieces.optimizer.state_dict(), pieces.network.n_params)
    resumed.resume(pieces.step_count, pieces.epoch, pieces.position)
    pieces.run(21)
    resumed.run(21)
    np.testing.assert_array_equal(pieces.network.params, whole.network.params)
    np.testing.assert_array_equal(resumed.network.params, whole.network.params)


def test_divergence_keeps_the_last_finite_weights_of_the_textbook_run():
    data = datasets.points([[3.0], [-2.0], [5.0]], [[1.0], [2.0], [-4.0]])
    net = Network.from_arrays([[[0.5]]], [[0.1]], "linear")
    probe = net.copy()

    def finite(params):
        probe.params[:] = params
        return np.all(np.isfinite(params)) and np.isfinite(probe.loss(data.X_train, data.Y_train, "mse"))

    with np.errstate(all="ignore"):
        reference = textbook_run(net.copy(), data, "mse", batch=3, seed=0, steps=2000, lr=0.5)
        first_bad = next(i for i, p in enumerate(reference) if not finite(p))
    trainer = Trainer(net, data, lr=0.5, batch_size=3)
    result = trainer.run(2000)
    assert result.diverged and result.steps == first_bad == trainer.step_count
    _close(net.params, reference[first_bad - 1])
    assert trainer.history.steps[-1] <= trainer.step_count and np.all(np.isfinite(trainer.history.params))
