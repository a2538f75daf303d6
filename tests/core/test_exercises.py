"""Fill in the step: answers read as people write them, checked at the shown precision, blanks and hints."""
import numpy as np
import pytest

from core import presets
from core.errors import BadInput
from core.exercises import Step, blank_at, check, hint, parse_answer, parse_shape, pick_blanks
from core.precision import MATRIX_DIGITS, SCALAR_DIGITS, step_digits


@pytest.mark.parametrize("text, value", [
    ("−363.54", -363.54), ("-363,54", -363.54), ("-363.54", -363.54), ("1/3", 1 / 3),
    ("-3.6354e2", -363.54), ("  - 363.54 ", -363.54), ("−3.6354E2", -363.54), ("+0.5", 0.5),
    (".5", 0.5), ("1 000,5", 1000.5), ("-2/−4", 0.5), ("3,6354e2", 363.54), ("7", 7.0),
    ("−3.6354×10^2", -363.54),
])
def test_parse_answer_reads_what_people_write(text, value):
    assert parse_answer(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize("text", ["", "   ", "abc", "1.2.3", "1,2,3", "1/0", "1/2/3", "--3", "3-", "nan",
                                  "inf", "1e999", "1,5.2", "0x10", "½"])
def test_parse_answer_refuses_other_text_with_a_message(text):
    with pytest.raises(BadInput) as e:
        parse_answer(text)
    assert str(e.value)  # a message the learner can read, never another exception


def test_parse_shape():
    for text in ("4×2", "4x2", "(4, 2)", " 4 by 2 ", "(4×2)"):
        assert parse_shape(text) == (4, 2)
    for text in ("4", "four by two", "", "4×2×3"):
        with pytest.raises(BadInput):
            parse_shape(text)


def seed_step():
    return Step.from_trainer(presets.load("seed-scalar"))


def test_seed_step_numbers_are_the_questions():
    # by hand, from the question: a = 5.7, W = -23.1, y = 50.1, η = 0.007
    a, W, y, eta = 5.7, -23.1, 50.1, 0.007
    z = W * a
    delta = 2 * (z - y)
    step = seed_step()
    assert step.digits == SCALAR_DIGITS
    assert blank_at(step, "delta", 1).value == pytest.approx(delta)
    assert blank_at(step, "dW", 1).value == pytest.approx(delta * a)
    assert blank_at(step, "new_W", 1).value == pytest.approx(W - eta * delta * a)


def test_checking_at_the_shown_precision():
    step = seed_step()
    delta, dW = blank_at(step, "delta", 1), blank_at(step, "dW", 1)
    assert delta.shown() == "-363.54" and dW.shown() == "-2072.178"
    for right in ("−363.54", "-363,54", "-3.6354e2", "-363.5400", "-363.540001"):
        assert check(delta, right)
    for wrong in ("-363.5", "-363.55", "363.54", "-363.53"):
        assert not check(delta, wrong)
    assert check(dW, "-2072.178") and check(dW, "−2 072,178")
    assert not check(dW, "-2072.18") and not check(dW, "-2072")  # shown with 7 digits: all 7 count
    with pytest.raises(BadInput):
        check(delta, "minus 363")


def test_matrix_entries_are_checked_to_five_digits():
    step = Step.from_trainer(presets.load("circle"))
    assert step.digits == MATRIX_DIGITS == step_digits(step.network.sizes, step.m)
    b = blank_at(step, "Z", 1, (1, 2))
    value = step.trace[0].Z[1, 2]
    assert check(b, f"{value:.5g}") and check(b, f"{value:.9g}")
    assert not check(b, f"{value + 10 ** (np.floor(np.log10(abs(value))) - 3):.5g}")


def test_blanks_one_per_equation_in_the_order_of_the_computation():
    step = Step.from_trainer(presets.load("xor"))
    blanks = pick_blanks(step, seed=1)
    order = ["shape", "forward", "activation", "cost_gradient", "BP1", "BP2", "BP3", "BP4", "update"]
    ranks = [order.index(b.equation) for b in blanks]
    assert ranks == sorted(ranks)
    equations = [b.equation for b in blanks]
    assert len(set(equations)) == len(equations)  # one per equation
    assert set(equations) == set(order)  # xor (2 layers, biases, mse) has every one of them
    seed_equations = [b.equation for b in pick_blanks(seed_step(), seed=1)]
    assert seed_equations == ["shape", "forward", "activation", "cost_gradient", "BP1", "BP4", "update"]
    assert pick_blanks(step, seed=1) == blanks  # seeded
    assert any(pick_blanks(step, seed=s) != blanks for s in range(2, 8))
    for b in blanks:  # each blank's value is the step's own entry
        if b.kind == "Z":
            assert b.value == step.trace[b.l - 1].Z[b.index]
        if b.kind == "dW":
            assert b.value == step.trace[b.l - 1].dW[b.index]


def test_deep_network_keeps_at_most_max_blanks_with_bp1_and_bp4():
    from core.network import Network
    from core.trainer import Trainer
    from core import datasets
    net = Network([2, 3, 3, 3, 3, 3, 1], "sigmoid", seed=0)
    trainer = Trainer(net, datasets.generate("xor", samples=40), loss="mse", lr=0.1, batch_size=5)
    blanks = pick_blanks(Step.from_trainer(trainer), seed=0, max_blanks=6)
    assert len(blanks) == 6
    assert any(b.equation == "BP1" for b in blanks) and any(b.equation == "BP4" for b in blanks)


def test_hints_name_the_equation_and_the_numbers_feeding_the_entry():
    step = seed_step()
    h = hint(step, blank_at(step, "dW", 1))
    assert h.startswith("BP4") and "(-363.54)·5.7" in h
    assert "BP1" in hint(step, blank_at(step, "delta", 1))
    assert "-23.1 − 0.007·(-2072.178)" in hint(step, blank_at(step, "new_W", 1))
    deep = Step.from_trainer(presets.load("seed-chain"))
    assert hint(deep, blank_at(deep, "delta", 1)).startswith("BP2")
    xor = Step.from_trainer(presets.load("xor"))
    assert hint(xor, blank_at(xor, "db", 1, (0, 0))).startswith("BP3")


def test_blank_at_refuses_entries_the_step_does_not_have():
    step = seed_step()
    for args in (("Z", 2), ("Z", 1, (1, 0)), ("db", 1), ("nope", 1)):
        with pytest.raises(BadInput):
            blank_at(step, *args)


def test_a_quiz_counts_tries_reveals_and_is_done_when_no_blank_is_open():
    from core.exercises import Quiz
    step = seed_step()
    quiz = Quiz(step, [blank_at(step, "delta", 1), blank_at(step, "dW", 1), blank_at(step, "new_W", 1)])
    assert quiz.hidden() == {("delta", 1, (0, 0)), ("dW", 1, (0, 0)), ("new_W", 1, (0, 0))}
    with pytest.raises(BadInput):
        quiz.answer(0, "three hundred")
    assert quiz.tries[0] == 0  # a wrong format is not a try
    right, h = quiz.answer(0, "-363.5")
    assert not right and h.startswith("BP1")
    assert quiz.answer(0, "−363,54") == (True, "")
    assert quiz.answer(1, "-2072.178") == (True, "")
    assert not quiz.done
    assert quiz.reveal(2) == "-8.594754"
    assert quiz.done and quiz.hidden() == set()
    s = quiz.score
    assert (s.right_first, s.right_later, s.revealed, s.asked) == (1, 1, 1, 3)
    assert s.by_equation == {"BP1": 1, "BP4": 1}
    assert quiz.add(blank_at(step, "dW", 1)) == 1  # already a blank: the same one
    assert quiz.add(blank_at(step, "Z", 1)) == 3 and not quiz.done


def test_a_hint_never_shows_its_own_answer_nor_another_open_blank():
    from core.exercises import Quiz
    # by hand, from the question: ∂C/∂A = 2(z − y) = Δ, since f is linear (f′ = 1)
    a, W, y = 5.7, -23.1, 50.1
    delta_shown, dW_shown = f"{2 * (W * a - y):.2f}", f"{2 * (W * a - y) * a:.3f}"
    step = seed_step()
    quiz = Quiz(step, [blank_at(step, "grad_A", 1), blank_at(step, "delta", 1), blank_at(step, "dW", 1)])
    right, h = quiz.answer(1, "1")
    assert not right and h.startswith("BP1")
    assert delta_shown not in h and "∂C/∂A¹₀₀ ·" in h.split("=")[-1]
    right, h = quiz.answer(2, "1")  # Δ is still open: the hint names it instead of giving its value
    assert not right and delta_shown not in h and dW_shown not in h and "Δ¹₀₀·5.7" in h
    assert quiz.answer(1, delta_shown) == (True, "")
    right, h = quiz.answer(2, "1")  # once Δ is answered, its value may help
    assert f"({delta_shown})·5.7" in h
