"""Playground's default run reproduced, input features, runs to a step or a loss, text class labels,
the window's settings in a session, and the command line's data options."""
import io
import json

import numpy as np
import pytest

from core import BadInput, Trainer, cli, datasets, edits, features, presets, session, sources, weights_file
from core.cli_data import with_features
from core.csv_data import make_dataset, parse_table


# ---- circle is Playground's default run ----------------------------------------------------------

def playground_step(W, b, batch_X, batch_y, lr):
    """One update of Playground's nn.ts, sample by sample with scalar loops: error ½(a − y)², so
    ∂E/∂a = a − y; every node's input derivative accumulated over the batch, then
    w ← w − (lr / n)·Σ ∂E/∂w and b ← b − (lr / n)·Σ ∂E/∂b. tanh everywhere."""
    L = len(W)
    accW = [np.zeros_like(w) for w in W]
    accb = [np.zeros_like(v) for v in b]
    for x, y in zip(batch_X, batch_y):
        outputs = [list(x)]
        totals = []
        for l in range(L):
            t = [sum(W[l][j][k] * outputs[-1][k] for k in range(len(outputs[-1]))) + b[l][j] for j in range(len(b[l]))]
            totals.append(t)
            outputs.append([np.tanh(v) for v in t])
        output_der = [outputs[-1][0] - y]
        for l in reversed(range(L)):
            input_der = [output_der[j] * (1 - np.tanh(totals[l][j]) ** 2) for j in range(len(b[l]))]
            for j in range(len(b[l])):
                accb[l][j] += input_der[j]
                for k in range(len(outputs[l])):
                    accW[l][j][k] += input_der[j] * outputs[l][k]
            output_der = [sum(W[l][j][k] * input_der[j] for j in range(len(b[l]))) for k in range(len(outputs[l]))]
    n = len(batch_X)
    return [w - lr / n * a for w, a in zip(W, accW)], [v - lr / n * a for v, a in zip(b, accb)]


def test_circle_takes_playgrounds_steps_with_its_learning_rate_0_03():
    t = presets.load("circle")
    net = t.network
    assert all(np.all(v == 0.1) for v in net.biases)  # Playground's initial biases
    assert all(np.all(np.abs(w) < 0.5) for w in net.weights) and np.std(np.concatenate(
        [w.ravel() for w in net.weights])) > 0.2  # U(−0.5, 0.5), not a narrower draw
    W, b = [w.copy() for w in net.weights], [v.copy() for v in net.biases]
    for _ in range(4):
        X, Y = t.peek_batch()
        W, b = playground_step(W, b, X, Y[:, 0], lr=0.03)
        t.run(1)
        for l in range(3):
            np.testing.assert_allclose(net.weights[l], W[l], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(net.biases[l], b[l], rtol=1e-12, atol=1e-15)


# ---- input features ------------------------------------------------------------------------------

def test_every_feature_is_its_formula_in_the_order_asked():
    P = np.array([[0.5, -2.0], [3.0, 1.5], [-1.25, 0.0]])
    x1, x2 = P[:, 0], P[:, 1]
    expected = {"x1": x1, "x2": x2, "x1^2": x1 * x1, "x2^2": x2 * x2, "x1*x2": x1 * x2,
                "sin(x1)": np.sin(x1), "sin(x2)": np.sin(x2)}
    order = ["sin(x2)", "x1*x2", "x1", "x2^2", "sin(x1)", "x1^2", "x2"]
    np.testing.assert_array_equal(features.apply(order, P), np.column_stack([expected[n] for n in order]))
    assert features.check("x1, x1x2 ,sinx2") == ("x1", "x1*x2", "sin(x2)")
    for bad, message in ((["x3"], "unknown input feature"), (["x1", "x1"], "named twice"), ([], "at least one")):
        with pytest.raises(BadInput, match=message):
            features.check(bad)


def test_features_are_layer_0_and_survive_a_session_and_a_weight_export(tmp_path):
    names = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
    t = presets.load("spiral-features")
    d = t.data
    assert d.features == tuple(names) and t.network.sizes[0] == 7 and d.n_raw_inputs == 2
    np.testing.assert_array_equal(d.X_train, features.apply(names, d.raw_train))
    np.testing.assert_array_equal(d.inputs_for(d.raw_test), d.X_test)
    t.run(30)
    path = tmp_path / "s.json"
    session.save(t, path)
    again, _, _ = session.load(path)
    assert again.data.features == tuple(names)
    np.testing.assert_array_equal(again.data.X_train, d.X_train)
    for ext in ("json", "npz"):
        weights_file.export_weights(t.network, tmp_path / f"w.{ext}", inputs=list(d.input_names))
    assert json.loads((tmp_path / "w.json").read_text())["architecture"]["inputs"] == names
    with np.load(tmp_path / "w.npz", allow_pickle=False) as f:
        assert json.loads(str(f["architecture"]))["inputs"] == names
    weights_file.import_weights(tmp_path / "w.npz")  # still a valid weights file
    weights_file.export_weights(t.network, tmp_path / "w.csv", inputs=list(d.input_names))
    lines = (tmp_path / "w.csv").read_text().splitlines()
    assert lines[0] == "parameter,layer,row,column,value,input"
    W1 = t.network.weights[0]
    assert lines[1:8] == [f"W,1,0,{k},{float(W1[0, k])!r},{n}" for k, n in enumerate(names)]


def test_the_raw_point_drops_the_features_and_one_dimensional_data_refuses_them():
    d = datasets.generate("circle", features=["x1^2", "x2^2"])
    plain = datasets.with_features(d, None)
    assert plain.features == () and "features" not in plain.source
    np.testing.assert_array_equal(plain.X_train, d.raw_train)
    with pytest.raises(BadInput, match="made from two inputs"):
        datasets.generate("sine", features=["x1"])


def test_spiral_with_all_seven_features_and_8_hidden_neurons_is_learnt():
    t = presets.load("spiral-features")
    assert t.network.sizes == (7, 8, 1) and t.optimizer.name == "sgd"
    t.run(8000)
    X, Y = t.data.X_test, t.data.Y_test
    accuracy = np.mean(np.sign(t.network.forward(X)) == Y)
    assert accuracy >= 0.9  # Playground learns it; a network without the features stays near chance here


# ---- running to a step or a loss -----------------------------------------------------------------

def test_run_to_step_20_reproduces_the_questions_table():
    t = presets.load("seed-scalar")
    result = t.run_to(20)
    assert result.reached and t.step_count == 20
    assert t.network.weights[0][0, 0] == pytest.approx(8.789302364099077, rel=1e-12)
    assert t.run_to(5).steps == 0 and t.step_count == 20  # never goes back


def test_run_until_stops_at_the_first_step_whose_test_loss_is_at_most_the_goal():
    t = presets.load("two-gaussians")
    goal = 0.02
    result = t.run_until(goal, 5000)
    assert result.reached and t.test_loss() <= goal
    n = t.step_count
    earlier = presets.load("two-gaussians")
    earlier.run(n - 1)
    assert earlier.test_loss() > goal
    assert not presets.load("circle").run_until(1e-9, 10).reached


# ---- CSV text labels ------------------------------------------------------------------------------

IRIS = ("sepal_length,sepal_width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3,virginica\n"
        "4.9,3.0,setosa\n6.4,3.2,versicolor\n5.8,2.7,virginica\n")


def test_text_class_labels_become_one_hot_targets_named_by_class(tmp_path):
    table = parse_table(IRIS)
    assert table.classes == {"species": ["setosa", "versicolor", "virginica"]}
    d = make_dataset(*table, targets="species", classes=table.classes)
    assert d.task == "multiclass" and d.output_names == ("setosa", "versicolor", "virginica")
    by_row = {tuple(x): tuple(y) for x, y in zip(d.X_train, d.Y_train)}
    assert by_row[(7.0, 3.2)] == (0, 1, 0) and by_row[(5.8, 2.7)] == (0, 0, 1)
    again = sources.from_source(d.source)
    assert again.output_names == d.output_names
    np.testing.assert_array_equal(again.Y_train, d.Y_train)


def test_a_text_column_is_only_ever_the_one_target():
    table = parse_table("a,b,kind\n1,2,x\n3,4,y\n")
    with pytest.raises(BadInput, match="kind holds text .* only be the target"):
        make_dataset(*table, targets="b", classes=table.classes)
    with pytest.raises(BadInput, match="must be the only target"):
        make_dataset(*table, targets=["b", "kind"], classes=table.classes)
    with pytest.raises(BadInput, match=r"line 3, column 1 \(a\): 'x'"):  # numbers and text mixed: a typo
        parse_table("a,b\n1,2\nx,3\n")


# ---- the window's settings in a session -----------------------------------------------------------

def test_speed_and_toggles_are_saved_with_the_session(tmp_path):
    t = presets.load("circle")
    view = {"speed": 150, "show_test": False, "discretize": True}
    session.save(t, tmp_path / "s.json", view=view)
    assert session.load_document(tmp_path / "s.json")[3] == view
    session.save(t, tmp_path / "max.json", view={"speed": "max"})
    assert session.load_document(tmp_path / "max.json")[3] == {"speed": "max", "show_test": True, "discretize": False}
    for bad, message in (({"speed": 0}, "between 1"), ({"speed": "fast"}, "whole number"),
                         ({"show_test": 1}, "true or false"), ({"colour": 1}, "unknown key")):
        d = session.to_dict(t)
        d["view"] = bad
        with pytest.raises(BadInput, match=message):
            session.from_dict(d)


def test_presets_open_at_a_pace_where_learning_can_be_watched():
    for name in presets.names():
        speed = presets.view(name)["speed"]
        if name.startswith("seed"):
            continue  # the question's networks keep their step-by-step pace
        assert isinstance(speed, int) and 10 <= speed <= 1000, name
    assert 100 <= presets.view("circle")["speed"] <= 300


# ---- the command line -----------------------------------------------------------------------------

def run_cli(*argv):
    out = io.StringIO()
    code = cli.main(list(argv), out=out)
    return code, out.getvalue()


def test_cli_trains_on_a_csv_with_text_labels(tmp_path, capsys):
    path = tmp_path / "iris.csv"
    path.write_text(IRIS)
    code, text = run_cli("train", str(path), "--target", "species", "--steps", "50", "--hidden", "4",
                         "--save", str(tmp_path / "s.json"))
    assert code == 0, capsys.readouterr().err
    assert "2 → 4 → 3" in text and "cross-entropy" in text
    t, _, _ = session.load(tmp_path / "s.json")
    assert t.data.output_names == ("setosa", "versicolor", "virginica") and t.step_count == 50


def test_cli_features_and_until_loss(tmp_path, capsys):
    code, text = run_cli("train", "xor", "--features", "x1,x2,x1*x2", "--until-loss", "0.2", "--steps", "20000",
                         "--export", str(tmp_path / "w.json"))
    assert code == 0, capsys.readouterr().err
    assert "the test loss reached 0.2 at step" in text
    doc = json.loads((tmp_path / "w.json").read_text())
    assert doc["architecture"]["inputs"] == ["x1", "x2", "x1*x2"] and doc["architecture"]["sizes"][0] == 3


def test_cli_refuses_csv_options_for_a_preset_and_unknown_features(capsys):
    assert run_cli("train", "circle", "--target", "y")[0] == cli.EXIT_BAD_INPUT
    assert "--target applies to a .csv file" in capsys.readouterr().err
    assert run_cli("train", "circle", "--features", "x1,cos(x1)")[0] == cli.EXIT_BAD_INPUT
    assert "unknown input feature 'cos(x1)'" in capsys.readouterr().err


def test_xor_fed_x1x2_needs_no_hidden_layer_as_its_description_says():
    t = with_features(presets.load("xor"), ["x1", "x2", "x1*x2"])
    t = Trainer(edits.remove_layer(t.network, 1), t.data, loss="mse", lr=t.lr, batch_size=10)
    assert t.network.sizes == (3, 1)
    t.run(200)
    assert np.mean(np.sign(t.network.forward(t.data.X_test)) == t.data.Y_test) == 1.0
    assert "x₁x₂ input feature" in presets.describe("xor")
