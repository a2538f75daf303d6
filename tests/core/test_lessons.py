"""Lessons: the shipped path loads, its goals are reachable, validation refuses bad files, goals are
met and not met as the run says, locks are read."""
import copy
import json

import numpy as np
import pytest

from core import lessons, presets
from core.errors import BadInput
from core.lessons import Progress, evaluate, evaluate_all


def test_eight_lessons_form_the_path():
    assert lessons.names()[:8] == list(lessons.ORDER)
    for name in lessons.names():
        lesson = lessons.get(name)
        assert lesson.title and lesson.task and lesson.goals
        assert lessons.title(name) == lesson.title  # the menu's title, read without loading the lesson
        assert lesson.trainer().step_count == 0


@pytest.mark.parametrize("name", lessons.ORDER)
def test_goals_the_lesson_claims_training_can_meet_are_met(name):
    """Train the solution headless: every goal not met by the learner's own actions (quiz answers, a
    diverged run) holds, either at the lesson's start (something to look at) or after the solution;
    and at least one goal is not met at the start (there is something to do)."""
    lesson = lessons.get(name)
    start = evaluate_all(lesson, lesson.trainer())
    trainer, progress = lessons.train_solution(lesson)
    end = evaluate_all(lesson, trainer, progress)
    for s0, s1 in zip(start, end):
        if s0.goal["kind"] not in lessons.BY_LEARNER:
            assert s0.met or s1.met, f"{name}: {s1.text} ({s1.now})"
    assert not all(s.met for s in start)


def test_a_run_too_fast_diverges_in_its_lesson():
    lesson = lessons.get("learning-rate-too-large")
    assert any(g["kind"] == "diverged" for g in lesson.goals)
    assert lesson.trainer().run(5000).diverged


def test_the_question_reproduces_the_table():
    lesson = lessons.get("the-question")
    trainer = lesson.trainer()
    trainer.run(20)
    assert trainer.network.weights[0][0, 0] == pytest.approx(8.789302364099077, abs=1e-12)  # the seed's table
    goal = {"kind": "parameter", "name": "W1[0,0]", "target": 50.1 / 5.7, "within": 0.01}
    assert evaluate(goal, trainer).met
    assert not evaluate({**goal, "within": 1e-5}, trainer).met


def test_goals_met_and_not_met():
    trainer = presets.load("xor")  # 2 → 4 → 1, tanh, lr 0.03, batch 10
    assert evaluate({"kind": "hidden_neurons", "at_most": 4}, trainer).met
    assert not evaluate({"kind": "hidden_neurons", "at_most": 3}, trainer).met
    assert evaluate({"kind": "hidden_layers", "equals": 1}, trainer).met
    assert evaluate({"kind": "setting", "name": "lr", "at_most": 0.05}, trainer).met
    assert not evaluate({"kind": "setting", "name": "batch_size", "equals": 16}, trainer).met
    assert evaluate({"kind": "hidden_activation", "one_of": ["tanh"]}, trainer).met
    assert not evaluate({"kind": "hidden_activation", "one_of": ["relu"]}, trainer).met
    loss_goal = {"kind": "loss", "set": "test", "at_most": 0.1}
    assert not evaluate(loss_goal, trainer).met
    assert not evaluate({"kind": "steps", "at_least": 10}, trainer).met
    trainer.run(5000)
    train, test = trainer.losses()
    assert evaluate(loss_goal, trainer).met == (test <= 0.1)
    assert evaluate({"kind": "steps", "at_least": 10}, trainer).met
    quiz = {"kind": "quiz", "equation": "BP2", "count": 2}
    progress = Progress()
    progress.answered("BP2")
    assert not evaluate(quiz, trainer, progress).met and evaluate(quiz, trainer, progress).now == "1 of 2"
    progress.answered("BP2")
    assert evaluate(quiz, trainer, progress).met
    assert not evaluate({"kind": "diverged"}, trainer, Progress()).met
    assert evaluate({"kind": "diverged"}, trainer, Progress(diverged=True)).met


def test_gradient_ratio_is_that_of_the_next_step():
    lesson = lessons.get("vanishing-gradients")
    trainer = lesson.trainer()
    X, Y = trainer.peek_batch()
    dW, _ = trainer.network.textbook_gradients(X, Y, trainer.loss)
    ratio = np.linalg.norm(dW[0]) / np.linalg.norm(dW[-1])
    assert evaluate({"kind": "gradient_ratio", "at_most": ratio * 1.001}, trainer).met
    assert not evaluate({"kind": "gradient_ratio", "at_most": ratio * 0.999}, trainer).met


def lesson_dict():
    return lessons.read("the-question")


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(format="backprop-lab-session"), "not a Backprop Lab lesson"),
    (lambda d: d.update(version=2), "version 2"),
    (lambda d: d.pop("title"), "title"),
    (lambda d: d.update(goals={"kind": "loss"}), "goals must be a list"),
    (lambda d: d["goals"].append({"kind": "eval", "code": "__import__('os')"}), "kind 'eval'"),
    (lambda d: d["goals"].append({"kind": "loss", "set": "train"}), "at_most"),
    (lambda d: d["goals"].append({"kind": "loss", "set": "validation", "at_most": 1}), "set"),
    (lambda d: d["goals"].append({"kind": "quiz", "equation": "BP9", "count": 1}), "equation"),
    (lambda d: d["goals"].append({"kind": "setting", "name": "momentum", "at_most": 1}), "name"),
    (lambda d: d["goals"].append({"kind": "hidden_neurons", "at_most": 1, "at_least": 0}), "exactly one"),
    (lambda d: d["goals"].append({"kind": "parameter", "name": "os.system", "target": 1, "within": 1}), "weight"),
    (lambda d: d["locks"].update(locked=["everything"]), "locks locked"),
    (lambda d: d.update(task_format="pdf"), "task_format"),
    (lambda d: d["session"]["network"].update(sizes=[1, 0]), "layer 1"),
    (lambda d: d.update(extra=1), "extra"),
    (lambda d: d.update(solution={"session": {"training": {"loss": "hinge"}}}), "hinge"),
])
def test_validation_names_the_problem(change, words):
    d = lesson_dict()
    change(d)
    with pytest.raises(BadInput) as e:
        lessons.from_dict(d)
    assert words in str(e.value)


def test_locks_are_read_and_a_saved_lesson_reads_back(tmp_path):
    lesson = lessons.get("the-question")
    assert "lr" in lesson.locked and "data" in lesson.hidden
    trainer = lesson.trainer()
    trainer.run(3)
    goals = [{"kind": "loss", "set": "train", "at_most": 0.5}]
    made = lessons.from_trainer(trainer, "My lesson", "Do *this*", goals, hidden=["seed"], locked=["lr"], name="mine")
    path = tmp_path / "mine.json"
    lessons.save(made, path)
    back = lessons.load(path)
    assert (back.title, back.task, back.goals, back.hidden, back.locked) == \
        ("My lesson", "Do *this*", goals, ("seed",), ("lr",))
    np.testing.assert_array_equal(back.trainer().network.params, trainer.network.params)  # the state is kept
    assert back.trainer().step_count == 3
    with pytest.raises(BadInput):
        lessons.from_trainer(trainer, "Bad", "x", [{"kind": "loss"}])


def test_a_lesson_file_never_runs_code(tmp_path):
    d = lesson_dict()
    d["goals"] = [{"kind": "parameter", "name": "W1[0,0]", "target": "__import__('os').system('false')",
                   "within": 1}]
    with pytest.raises(BadInput):
        lessons.from_dict(copy.deepcopy(d))


def test_overfitting_lesson_needs_l2_to_reach_its_test_loss():
    """The lesson says the goal is lower than the run without L2 ever gets: check it every 100 steps."""
    lesson = lessons.get("overfitting-and-l2")
    goal = next(g for g in lesson.goals if g["kind"] == "loss")
    trainer = lesson.trainer()
    assert trainer.l2 == 0
    best = np.inf
    for _ in range(lesson.solution["steps"] // 100):
        trainer.run(100)
        best = min(best, trainer.losses()[1])
    assert best > goal["at_most"]
