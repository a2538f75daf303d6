"""Built-in data generators and the checks shared by every reader of data."""
import numpy as np
import pytest

from core import BadInput, datasets, sources


@pytest.mark.parametrize("name", ["circle", "xor", "spiral", "gaussians", "moons", "sine"])
def test_generators_are_seeded_and_split_as_asked(name):
    labels = "onehot" if name == "gaussians" else "pm1"
    a = datasets.generate(name, samples=101, noise=0.1, test_fraction=0.3, seed=5, labels=labels)
    b = datasets.generate(name, samples=101, noise=0.1, test_fraction=0.3, seed=5, labels=labels)
    c = datasets.generate(name, samples=101, noise=0.1, test_fraction=0.3, seed=6, labels=labels)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.Y_test, b.Y_test)
    assert not np.array_equal(a.X_train, c.X_train)
    assert len(a.X_train) + len(a.X_test) == 101 and len(a.X_test) == 30
    assert np.all(np.isfinite(a.X_train))
    assert sources.from_source(a.source).X_train.tolist() == a.X_train.tolist()


def test_label_encodings():
    assert set(np.unique(datasets.generate("circle", labels="pm1").Y_train)) == {-1.0, 1.0}
    assert set(np.unique(datasets.generate("circle", labels="01").Y_train)) == {0.0, 1.0}
    onehot = datasets.generate("gaussians", labels="onehot").Y_train
    assert onehot.shape[1] == 3 and np.all(onehot.sum(axis=1) == 1)


@pytest.mark.parametrize("kwargs,message", [
    (dict(generator="nope"), "unknown data set 'nope'"),
    (dict(generator=["circle"]), "unknown data set"),
    (dict(generator="circle", labels="bits"), "unknown label encoding 'bits'"),
    (dict(generator="circle", labels=["pm1"]), "unknown label encoding"),
    (dict(generator="circle", samples=1), "samples must be between 2 and 100000"),
    (dict(generator="circle", samples=10 ** 9), "samples must be between"),
    (dict(generator="circle", samples=2.5), "samples must be a whole number"),
    (dict(generator="circle", samples="many"), "samples must be a whole number"),
    (dict(generator="circle", noise=float("nan")), "noise must be between"),
    (dict(generator="circle", noise=10 ** 400), "noise must be a number"),
    (dict(generator="circle", noise="x" * 1000), r"noise must be a number, got 'xxxxx.{30,40}…$"),
    (dict(generator="circle", test_fraction=1.0), "test_fraction must be between"),
    (dict(generator="circle", seed=-1), "seed must be between"),
])
def test_bad_generator_settings(kwargs, message):
    with pytest.raises(BadInput, match=message):
        datasets.generate(**kwargs)


@pytest.mark.parametrize("source,message", [
    ([], "must be an object"),
    ({"generator": [1]}, "unknown data set"),
    ({"generator": {"a": 1}}, "unknown data set"),
    ({}, "unknown data set None"),
    ({"generator": "circle", "colour": "red"}, "unknown data setting"),
    ({"generator": "points", "X": [[1.0]], "Y": [[1.0], [2.0]]}, "X has 1 samples but Y has 2"),
    ({"generator": "points", "X": "abc", "Y": [[1.0]]}, "X must be a table of numbers"),
    ({"generator": "points", "X": [[1.0]], "Y": [[float("nan")]]}, "Y holds a value that is not a finite number"),
    ({"generator": "points", "X": [[1.0]], "Y": [[1.0]], "X_test": [[1.0, 2.0]], "Y_test": [[1.0]]},
     "X_test must have 1 columns"),
])
def test_bad_data_descriptions(source, message):
    with pytest.raises(BadInput, match=message):
        sources.from_source(source)


def test_points_is_the_seeds_single_sample():
    d = datasets.points([[5.7]], [[50.1]])
    assert d.X_train.tolist() == [[5.7]] and d.Y_train.tolist() == [[50.1]]
    assert d.X_test.shape == (0, 1) and d.Y_test.shape == (0, 1)
    assert sources.from_source(d.source).X_train.tolist() == [[5.7]]


def test_as_matrix_refuses_tables_that_are_too_long(monkeypatch):
    monkeypatch.setattr(datasets, "MAX_SAMPLES", 3)
    with pytest.raises(BadInput, match="has 4 rows; the limit is 3"):
        datasets.as_matrix([[1.0]] * 4, "X")
