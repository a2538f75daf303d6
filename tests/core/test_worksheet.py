"""Worksheets and their keys: the seed's step by hand, circle against an independent computation,
variants, the command line."""
import re

import numpy as np
import pytest

from core import presets, worksheet
from core.cli import main
from core.precision import num


def cells(html):
    """The filled entries of the HTML's matrices, as text."""
    return re.findall(r"<td>([^<]*)</td>", html)


def test_seed_scalar_step_one_key_has_the_numbers_the_sheet_does_not(tmp_path):
    sheet, key = tmp_path / "sheet.html", tmp_path / "key.html"
    assert main(["worksheet", "seed-scalar", "--out", str(sheet), "--key", str(key)]) == 0
    s, k = sheet.read_text(encoding="utf-8"), key.read_text(encoding="utf-8")
    # by hand: δ = 2(a·W − y) = 2(5.7·(−23.1) − 50.1) = −363.54, ∂C/∂W = δ·a = −2072.178
    assert "-363.54" in cells(k) and "-2072.178" in cells(k)
    assert "363.54" not in s and "2072.178" not in s and "2072.18" not in s
    assert "-8.594754" in cells(k) and "8.594754" not in s  # the new W of the question's table
    for given in ("5.7", "50.1", "-23.1"):  # the sheet gives a, y and W
        assert given in cells(s)
    assert s.count('class="blank"') == len(cells(k)) - len(cells(s))  # every computed entry is a box


def independent_step(trainer):
    """Z, A, Δ, ∂C/∂W of a tanh network with mse, written out here with loops over samples."""
    X, Y = trainer.peek_batch()
    Ws = [w.copy() for w in trainer.network.weights]
    bs = [b.copy() for b in trainer.network.biases]
    m = len(X)
    deltas, dWs = [None] * len(Ws), [np.zeros_like(W) for W in Ws]
    for x, y in zip(X, Y):
        a, zs, acts = x, [], [x]
        for W, b in zip(Ws, bs):
            z = W @ a + b
            a = np.tanh(z)
            zs.append(z)
            acts.append(a)
        d = 2 * (a - y) / m * (1 - a ** 2)
        for l in range(len(Ws) - 1, -1, -1):
            dWs[l] += np.outer(d, acts[l])
            deltas[l] = d if deltas[l] is None else np.column_stack([deltas[l], d])
            if l:
                d = (Ws[l].T @ d) * (1 - acts[l] ** 2)
    return deltas, dWs


def test_circle_key_holds_the_steps_numbers_and_the_sheet_blanks_them():
    trainer = presets.load("circle")
    deltas, dWs = independent_step(trainer)
    ws = worksheet.make(presets.load("circle"), "circle")
    key_cells, sheet_cells = cells(ws.key), cells(ws.sheet)
    shown = [0, 1, 2, 3, 8, 9]  # of the 10 samples: the first 4 and the last 2, as printed
    for values in (deltas[-1][:, shown], deltas[0][:, shown], dWs[0], dWs[-1]):
        for v in np.ravel(values):
            assert num(v, 5) in key_cells
            assert num(v, 5) not in sheet_cells
    assert ws.sheet.count('class="blank"') > 50


def test_variants_change_the_weights_and_the_batch_not_the_work():
    base = worksheet.step_of(presets.load("circle"), 1, 0)
    other = worksheet.step_of(presets.load("circle"), 1, 3)
    assert other.network.sizes == base.network.sizes
    assert not np.allclose(other.network.params, base.network.params)
    assert not np.allclose(other.trace.A0, base.trace.A0)
    again = worksheet.step_of(presets.load("circle"), 1, 3)
    np.testing.assert_array_equal(again.network.params, other.network.params)  # the same variant, the same numbers
    seed = worksheet.step_of(presets.load("seed-scalar"), 1, 2)
    assert seed.network.weights[0][0, 0] != -23.1 and seed.trace.A0[0, 0] != 5.7
    assert np.round(seed.network.weights[0][0, 0], 1) == seed.network.weights[0][0, 0]  # still one decimal


def test_a_later_step_is_the_run_after_that_many_steps():
    trainer = presets.load("seed-scalar")
    trainer.run(1)
    step2 = worksheet.step_of(presets.load("seed-scalar"), 2)
    assert step2.network.weights[0][0, 0] == trainer.network.weights[0][0, 0] == pytest.approx(-8.594754)


@pytest.mark.parametrize("args, words", [
    (["--out", "a.txt", "--key", "k.html"], ".html"),
    (["--out", "a.html", "--key", "a.html"], "different"),
    (["--step", "0", "--out", "a.html", "--key", "k.html"], "--step"),
    (["--out", "a.html"], "--key"),
])
def test_cli_refuses_bad_arguments_and_writes_nothing(tmp_path, capsys, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    assert main(["worksheet", "seed-scalar", *args]) == 2
    assert words in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_cli_lists_lessons_and_trains_one(capsys):
    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("the-question") and len(out.splitlines()) >= 8
    assert main(["train", "the-question", "--steps", "20", "--quiet"]) == 0
    assert "W1[0,0] = 8.7893024" in capsys.readouterr().out


def test_worksheet_of_a_lesson(tmp_path):
    assert main(["worksheet", "the-chain", "--out", str(tmp_path / "s.html"), "--key", str(tmp_path / "k.html")]) == 0


def test_cli_lessons_check_trains_a_solution(capsys, monkeypatch):
    from core import lessons
    monkeypatch.setattr(lessons, "names", lambda: ["the-question"])
    assert main(["lessons", "--check"]) == 0
    assert "[2/2 goals met by training]" in capsys.readouterr().out
