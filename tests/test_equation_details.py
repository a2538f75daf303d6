"""The equation view's wording where a learner was misled: the regularisation penalty in the cost,
which step the page shows, and numbers at rounding level. Headless (the HTML, no Qt)."""
import html as htmlmod
import re

import numpy as np
import pytest

from core import presets
from gui.equations.render import Options, Snapshot, render


def plain(html):
    text = re.sub(r"</(td|p|tr)>|<br>", "\n", html)
    return htmlmod.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.mark.parametrize("l1, l2", [(0.001, 0.01), (0.0, 0.05), (0.02, 0.0)])
def test_the_cost_section_shows_the_penalty_with_its_numbers(l1, l2):
    t = presets.load("circle")
    t.l1, t.l2 = l1, l2
    snap = Snapshot.from_trainer(t)
    text = plain(render(snap, Options()))
    cost_part = text[text.index("Cost"):text.index("BP1")]
    line = next(l for l in cost_part.splitlines() if l.startswith("C + "))
    weights = t.network.weights  # the biases are not penalised
    assert ("(λ2/2) Σ W²" in line) == bool(l2) and ("λ1 Σ |W|" in line) == bool(l1)
    numbers = [float(x) for x in re.findall(r"-?\d+\.?\d*(?:e[-+]?\d+)?", line.split("=", 1)[1])]
    total = numbers[-1]
    cost = numbers[0]
    assert cost == pytest.approx(snap.trace.cost, rel=1e-5)  # the batch's own cost, then the penalty
    penalty = l2 / 2 * sum(np.sum(W ** 2) for W in weights) + l1 * sum(np.sum(np.abs(W)) for W in weights)
    assert total == pytest.approx(cost + penalty, rel=1e-5)


def test_no_penalty_line_without_regularisation():
    text = plain(render(Snapshot.from_trainer(presets.load("circle")), Options()))
    assert "Σ |W|" not in text and "Σ W²" not in text


# ---- rounding-level differences ----------------------------------------------------------------
@pytest.mark.parametrize("name, steps", [("seed-scalar", 300), ("seed-chain", 3000)])
def test_a_difference_at_rounding_level_is_not_shown_as_a_result(name, steps):
    t = presets.load(name)
    t.run(steps)
    a = float(t.network.forward(t.data.X_train)[0, 0])
    y = float(t.data.Y_train[0, 0])
    assert a != y and abs(a - y) < 1e-12 * abs(y)  # converged: only rounding is left (an independent check)
    text = plain(render(Snapshot.from_trainer(t), Options(selected=0)))
    assert not re.search(r"\(50\.1 − 50\.1\)²? = ", text)  # "2(50.1 − 50.1) = −1.421085e-14" misled
    assert "2(50.1 − 50.1) ≈ 0†" in text
    notes = [line for line in text.splitlines() if line.startswith("† At rounding level")]
    assert len(notes) == 1  # once per page
    assert repr(a) in notes[0] and f"{a - y:.7g}" in notes[0]


def test_a_real_difference_is_shown_with_its_value():
    t = presets.load("seed-scalar")
    t.run(5)
    text = plain(render(Snapshot.from_trainer(t), Options(selected=0)))
    assert "†" not in text
    assert re.search(r"BP1: δ = ∂C/∂z = 2\(z − y\) = 2\([-\d.]+ − 50\.1\) = -?\d", text)
