"""The model's rules live in the core: every setter checks what it is given, refuses with one clear
message (BadInput) and changes nothing, so the window, the CLI and a notebook share them."""
import numpy as np
import pytest

from core import BadInput, Network, Trainer, datasets, optimizers, presets
from core.network import MAX_WORKING_BYTES


def big_data():
    return datasets.generate("circle", samples=100_000, test_fraction=0.0)


def test_the_window_s_batch_of_100000_on_a_2_1000_1_network_is_refused_by_the_trainer():
    """The reproduction: a batch of 100,000 through 2-1000-1 needs Z, A, Δ and a spare of
    1,003 × 100,000 numbers, 8 bytes each: about 3.2 GB, over the 1 GB limit."""
    t = Trainer(Network([2, 1000, 1], seed=0), big_data(), batch_size=10)
    need = 4 * 8 * 100_000 * (2 + 1000 + 1)  # written out here, not taken from core.network
    assert need > MAX_WORKING_BYTES
    with pytest.raises(BadInput, match=r"a batch of 100,000 samples .* about 3\.0 GB .* limit is 1 GB"):
        t.batch_size = 100_000
    assert t.batch_size == 10
    t.batch_size = 30_000  # 0.96 GB: allowed
    assert t.batch_size == 30_000


def test_a_batch_larger_than_the_data_is_judged_by_the_samples_it_really_takes():
    small = datasets.generate("circle", samples=200)  # 100 training samples
    t = Trainer(Network([2, 1000, 1]), small, batch_size=10)
    t.batch_size = 100_000  # every step takes the 100 samples there are
    assert t.effective_batch_size == 100
    big = datasets.generate("circle", samples=80_000)  # 40,000 training samples: 1.2 GB a step
    with pytest.raises(BadInput, match="a batch size of 100,000 takes all 40,000 training samples"):
        t.set_data(big)
    assert t.data is small
    with pytest.raises(BadInput, match="a batch size of 100,000 takes all 40,000"):
        Trainer(Network([2, 1000, 1]), big, batch_size=100_000)


def test_a_larger_network_under_a_large_batch_is_refused_before_it_is_trained():
    t = Trainer(Network([2, 10, 1]), big_data(), batch_size=40_000)
    wider = Network([2, 1000, 1])
    with pytest.raises(BadInput, match="a batch of 40,000 samples"):
        t.check_network(wider)
    with pytest.raises(BadInput, match="a batch of 40,000 samples"):
        t.set_network(wider)
    assert t.network.sizes == (2, 10, 1)


@pytest.mark.parametrize("key,value,message", [
    ("momentum", 1.0, "momentum μ must be at least 0 and below 1, got 1.0"),
    ("momentum", -0.1, "momentum μ must be at least 0 and below 1"),
    ("momentum", "fast", "momentum μ must be a number, got 'fast'"),
])
def test_momentum_is_checked_when_set(key, value, message):
    t = presets.load("moons")  # SGD with momentum
    before = t.optimizer.momentum
    with pytest.raises(BadInput, match=message):
        t.set_optimizer_setting(key, value)
    with pytest.raises(BadInput, match=message):
        setattr(t.optimizer, key, value)
    assert t.optimizer.momentum == before
    t.set_optimizer_setting("momentum", 0.5)
    assert t.optimizer.momentum == 0.5


@pytest.mark.parametrize("key,value,message", [
    ("beta1", 1.0, "Adam's β₁ must be at least 0 and below 1"),
    ("beta2", -0.5, "Adam's β₂ must be at least 0 and below 1"),
    ("eps", 0.0, "Adam's ε must be a positive finite number"),
    ("eps", float("nan"), "Adam's ε must be a positive finite number"),
    ("lr", float("inf"), "learning rate η must be a positive finite number"),
])
def test_adam_s_settings_are_checked_when_set(key, value, message):
    t = presets.load("spiral")  # Adam
    before = getattr(t.optimizer, key)
    with pytest.raises(BadInput, match=message):
        setattr(t.optimizer, key, value)
    assert getattr(t.optimizer, key) == before
    with pytest.raises(BadInput, match=message):
        optimizers.make("adam", 0.01, **{key: value}) if key != "lr" else optimizers.make("adam", value)


def test_a_setting_of_another_optimizer_is_refused_by_its_name():
    t = presets.load("circle")  # SGD
    with pytest.raises(BadInput, match="momentum μ is not a setting of SGD"):
        t.set_optimizer_setting("momentum", 0.9)
    assert not hasattr(t.optimizer, "momentum")
    t.set_optimizer_setting("lr", 0.5)  # every optimizer has a learning rate
    assert t.lr == 0.5


@pytest.mark.parametrize("seed,message", [(-1, "seed must be between 0"), (2**63, "seed must be between 0"),
                                          (1.5, "seed must be a whole number"), ("7", "seed must be a whole number")])
def test_seeds_are_checked_by_the_trainer_and_the_network(seed, message):
    t = presets.load("circle")
    for target in (t, t.network):
        with pytest.raises(BadInput, match=message):
            target.seed = seed
    with pytest.raises(BadInput, match=message):
        t.set_seed(seed)
    with pytest.raises(BadInput, match=message):
        Network([2, 1], seed=seed)
    assert t.seed == 0 and t.network.seed == 0


def test_one_seed_sets_the_shuffling_and_the_next_reset_s_weights():
    t = presets.load("circle")
    t.set_seed(5)
    t.reset()
    assert t.seed == 5 and t.network.seed == 5
    twin = Network(t.network.sizes, t.network.activations, t.network.bias, seed=5, init=t.network.init)
    assert np.array_equal(t.network.params, twin.params)


def test_data_that_does_not_fit_the_network_is_refused_with_both_shapes():
    t = presets.load("circle")
    with pytest.raises(BadInput, match=r"the data has 1 input\(s\) and 1 output\(s\), but the network has 2"):
        t.set_data(datasets.generate("sine"))
    with pytest.raises(BadInput, match="needs a softmax output layer"):
        t.loss = "cross_entropy"
    assert t.loss == "mse" and t.data.name == "circle"
