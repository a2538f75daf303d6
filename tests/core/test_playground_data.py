"""TensorFlow Playground's problems, checked against its src/dataset.ts written out again here:
the label rule at noise 0, what noise does, ranges and class balance."""
import numpy as np
import pytest

from core import BadInput, datasets, sources

N = 600


def raw(name, noise=0.0, samples=N, seed=3):
    """All the points of a generator (train and test together) and their ±1 labels or targets."""
    d = datasets.generate(name, samples=samples, noise=noise, test_fraction=0.0, seed=seed)
    return d.X_train, d.Y_train[:, 0]


# ---- the label rule at noise 0 ------------------------------------------------------------------

def test_circle_positive_inside_radius_2_5_negative_on_the_ring_3_5_to_5():
    X, y = raw("circle")
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.array_equal(y, np.where(r < 2.5, 1.0, -1.0))
    assert np.all(r[y > 0] <= 2.5) and np.all((r[y < 0] >= 3.5) & (r[y < 0] <= 5))
    assert np.sum(y > 0) == np.sum(y < 0) == N // 2


def test_xor_label_is_the_sign_of_the_product_and_points_keep_0_3_off_the_axes():
    X, y = raw("xor")
    assert np.array_equal(y, np.where(X[:, 0] * X[:, 1] >= 0, 1.0, -1.0))
    assert np.all((np.abs(X) >= 0.3) & (np.abs(X) <= 5.3))
    assert 0.4 < np.mean(y > 0) < 0.6


def test_two_gaussians_centres_and_variance_from_0_5_to_4():
    for noise, variance in ((0.0, 0.5), (0.5, 4.0), (0.25, 2.25)):
        X, y = raw("two-gaussians", noise, samples=20000)
        assert np.sum(y > 0) == np.sum(y < 0) == 10000
        np.testing.assert_allclose(X[y > 0].mean(axis=0), [2, 2], atol=0.1)
        np.testing.assert_allclose(X[y < 0].mean(axis=0), [-2, -2], atol=0.1)
        np.testing.assert_allclose(X[y > 0].var(axis=0), [variance] * 2, rtol=0.05)


def test_spiral_the_unrotated_arm_is_positive_and_the_other_its_mirror():
    X, y = raw("spiral", samples=N)
    k = N // 2
    i = np.arange(k)
    r, t = 5 * i / k, 1.75 * i / k * 2 * np.pi
    positive = X[y > 0]
    np.testing.assert_allclose(np.sort(positive[:, 0]), np.sort(r * np.sin(t)), atol=1e-12)
    # each positive point lies on the arm r·(sin t, cos t), the negative arm is the same turned by π
    order = np.argsort(np.hypot(positive[:, 0], positive[:, 1]))
    np.testing.assert_allclose(positive[order], np.column_stack([r * np.sin(t), r * np.cos(t)]), atol=1e-12)
    negative = X[y < 0]
    order = np.argsort(np.hypot(negative[:, 0], negative[:, 1]))
    np.testing.assert_allclose(negative[order], -np.column_stack([r * np.sin(t), r * np.cos(t)]), atol=1e-12)


def test_plane_target_is_the_sum_over_ten_on_the_square_of_side_12():
    X, y = raw("plane")
    np.testing.assert_allclose(y, (X[:, 0] + X[:, 1]) / 10, atol=1e-15)
    assert np.all(np.abs(X) <= 6) and X.min() < -5 and X.max() > 5


def playground_multi_gaussian(x, y):
    """dataset.ts regressGaussian's getLabel, line by line."""
    gaussians = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    label = 0.0
    for cx, cy, sign in gaussians:
        scaled = min(1.0, max(0.0, 1 - np.hypot(x - cx, y - cy) / 2))  # d3 linear [0, 2] -> [1, 0], clamped
        new = sign * scaled
        if abs(new) > abs(label):
            label = new
    return label


def test_multi_gaussian_target_is_playgrounds_largest_signed_bump():
    X, y = raw("multi-gaussian")
    expected = [playground_multi_gaussian(a, b) for a, b in X]
    np.testing.assert_allclose(y, expected, atol=1e-15)
    assert np.all(np.abs(X) <= 6) and y.min() < -0.8 and y.max() > 0.8


# ---- noise ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,reach,distance", [
    ("circle", 5, lambda X: np.abs(np.hypot(X[:, 0], X[:, 1]) - 2.5)),
    ("xor", 5, lambda X: np.min(np.abs(X), axis=1)),
])
def test_label_noise_keeps_the_points_and_flips_labels_only_near_the_boundary(name, reach, distance):
    X0, y0 = raw(name, 0.0)
    X1, y1 = raw(name, 0.5)
    assert np.array_equal(X0, X1)  # the points stay where they are
    flipped = y0 != y1
    assert flipped.any()
    # a point moved at most noise·reach in each coordinate when its label was computed
    assert np.all(distance(X0[flipped]) <= 0.5 * reach * np.sqrt(2) + 1e-12)


@pytest.mark.parametrize("name", ["plane", "multi-gaussian"])
def test_regression_noise_shifts_where_the_target_is_read_not_the_point(name):
    X0, y0 = raw(name, 0.0)
    X1, y1 = raw(name, 0.3)
    assert np.array_equal(X0, X1) and not np.allclose(y0, y1)
    if name == "plane":  # the shift is noise·U(−6, 6) per coordinate: the target moves by at most 2·1.8/10
        assert np.max(np.abs(y1 - y0)) <= 0.36 + 1e-12


def test_spiral_noise_moves_each_point_by_at_most_noise_per_coordinate():
    X0, y0 = raw("spiral", 0.0)
    X1, y1 = raw("spiral", 0.4)
    assert np.array_equal(y0, y1)
    moved = np.abs(X1 - X0)
    assert np.all(moved <= 0.4 + 1e-12) and moved.max() > 0.3


def test_noise_is_playgrounds_0_to_50_percent():
    datasets.generate("circle", noise=0.5)
    for name in datasets.GENERATORS:
        with pytest.raises(BadInput, match="noise must be between 0.0 and 0.5"):
            datasets.generate(name, noise=0.51, labels="onehot" if name == "gaussians" else "pm1")


def test_playgrounds_problems_are_listed_first_and_tasks_are_right():
    assert tuple(datasets.GENERATORS)[:6] == datasets.PLAYGROUND
    tasks = {name: datasets.GENERATORS[name][1] for name in datasets.PLAYGROUND}
    assert tasks == {"circle": "binary", "xor": "binary", "two-gaussians": "binary", "spiral": "binary",
                     "plane": "regression", "multi-gaussian": "regression"}


def test_odd_sample_counts_are_kept_exactly():
    for name in datasets.PLAYGROUND:
        d = datasets.generate(name, samples=7, test_fraction=0.0)
        assert len(d.X_train) == 7


# ---- drawn data ----------------------------------------------------------------------------------

def test_drawn_points_keep_their_classes_and_come_back_from_the_source():
    d = datasets.drawn([[1, 2], [-3, 0.5], [0, 0]], [1, -1, 1])
    rows = sorted(map(tuple, np.column_stack([d.X_train, d.Y_train])))  # in the split's shuffled order
    assert rows == sorted([(1, 2, 1), (-3, 0.5, -1), (0, 0, 1)])
    assert d.task == "binary"
    again = sources.from_source(d.source)
    np.testing.assert_array_equal(again.X_train, d.X_train)
    np.testing.assert_array_equal(again.Y_train, d.Y_train)
    assert datasets.drawn([[0, 0], [1, 1]], [1, -1], labels="01").Y_train[:, 0].tolist() == [1, 0]
    r = datasets.drawn([[0, 0], [1, 1]], [0.25, -0.7], task="regression")
    assert r.task == "regression" and r.Y_train[:, 0].tolist() == [0.25, -0.7]


@pytest.mark.parametrize("points,values,task,message", [
    ([], [], "binary", "at least one point"),
    ([[0, 0]], [0.5], "binary", r"\+1 or −1"),
    ([[0, 0], [1, 1]], [1], "binary", "2 drawn points but 1 values"),
    ([[0, 0, 0]], [1], "binary", "must have 2 columns"),
    ([[0, float("nan")]], [1], "binary", "not a finite number"),
    ([[0, 0]], [1], "sideways", "'binary' or 'regression'"),
])
def test_bad_drawn_data_is_refused(points, values, task, message):
    with pytest.raises(BadInput, match=message):
        datasets.drawn(points, values, task=task)
