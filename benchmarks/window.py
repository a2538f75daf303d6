"""The window section: how the real MainWindow keeps up while training plays (offscreen Qt).

    play     the circle preset at full speed for a few seconds: frames and redraws per second of every
             view, and the window's steps/s against the headless Trainer's in the same process (the two
             take turns, a few seconds each, so that both meet the same load on a shared machine)
    history  the time to redraw the three plots after 10³ and after 10⁶ steps of history
    weights  the time to redraw the weights plot of a 2-32-32-1 network (1,185 curves)
    startup  a fresh `python main.py`-like process: seconds until the window's first paint

NumPy's BLAS runs with one thread here, as in the app (gui/app.py sets it: on a busy machine a
second BLAS thread can make the window's small products many times slower).
"""
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from core import network, presets, session
from core.trainer import Trainer

from .report import Section, Target, rate, ratio
from .threads import threadpool_limits

KEYS = ("play", "history", "weights", "startup")
ROOT = Path(__file__).resolve().parent.parent
COLUMNS = [("measurement", "name"), ("value", "value"), ("note", "note")]


@contextmanager
def _one_blas_thread():
    if threadpool_limits is None:
        yield
        return
    with threadpool_limits(1, user_api="blas"):
        yield


@contextmanager
def _counting_frames(window):
    """{view: frames drawn} while inside: the plots count their own paints; the equation panel's
    redraws are counted by wrapping its method for the duration."""
    from gui.equations.panel import EquationPanel
    plots = {"loss plot": window.loss_plot, "weights plot": window.weights_plot, "data plot": window.data_plot}
    start = {name: plot.widget.paints for name, plot in plots.items()}
    counts = {"equations": 0}
    draw = EquationPanel.draw

    def counted_draw(panel):
        counts["equations"] += 1
        return draw(panel)
    EquationPanel.draw = counted_draw
    try:
        yield counts
    finally:
        EquationPanel.draw = draw
        counts.update({name: plot.widget.paints - start[name] for name, plot in plots.items()})


def _window(settings_dir):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, settings_dir)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    from gui.main_window import MainWindow
    window = MainWindow("circle", recovery_folder=os.path.join(settings_dir, "recovery"))
    window.resize(1440, 900)
    window.show()
    window.default_layout()
    return app, window


def _settle(app, seconds):
    """Run Qt's event loop for `seconds`, as the app's own loop would."""
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _headless(trainer, seconds):
    """(steps, seconds) of `trainer` going on alone in a loop (no window)."""
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        steps += trainer.run(500).steps
    return steps, time.perf_counter() - t0


@contextmanager
def _timing_training(trainer):
    """[seconds] spent inside trainer.run while inside."""
    spent, run = [0.0], trainer.run

    def timed_run(n):
        t0 = time.perf_counter()
        try:
            return run(n)
        finally:
            spent[0] += time.perf_counter() - t0
    trainer.run = timed_run
    try:
        yield spent
    finally:
        del trainer.run


def _play(app, window, seconds):
    """(steps, seconds, seconds training, {view: paints}, frames): the window playing at full speed."""
    c = window.controller
    ticks = [0]

    def count():
        ticks[0] += 1
    c.trained.connect(count)
    start_step = c.trainer.step_count
    with _counting_frames(window) as counts, _timing_training(c.trainer) as training:
        c.play()
        t0 = time.perf_counter()
        _settle(app, seconds)
        elapsed = time.perf_counter() - t0
    c.pause()  # what the views draw on pausing is not a frame of playing
    c.trained.disconnect(count)
    return c.trainer.step_count - start_step, elapsed, training[0], counts, ticks[0]


def _play_against_headless(app, window, seconds, rounds):
    """Rounds of training circle headless and in the window playing it, each from step 0 and then on
    from where it stopped, taken in turns so that both see the same load on a shared machine.
    Returns {"window": steps/s, "headless": steps/s, "share": of the window's time spent training,
    "paints": {view: paints/s}, "frames": frames/s}."""
    from gui.controller import MAX_SPEED
    window.controller.load_preset("circle")
    window.controller.set_speed(MAX_SPEED)
    _settle(app, 0.3)
    totals = {"steps": 0, "seconds": 0.0, "training": 0.0, "frames": 0, "headless steps": 0, "headless seconds": 0.0}
    paints = {}
    trainer = presets.load("circle")
    for _ in range(rounds):
        steps, elapsed = _headless(trainer, seconds)
        totals["headless steps"] += steps
        totals["headless seconds"] += elapsed
        steps, elapsed, training, counts, frames = _play(app, window, seconds)
        totals["steps"] += steps
        totals["seconds"] += elapsed
        totals["training"] += training
        totals["frames"] += frames
        for view, n in counts.items():
            paints[view] = paints.get(view, 0) + n
    seconds = totals["seconds"]
    return {"window": totals["steps"] / seconds, "headless": totals["headless steps"] / totals["headless seconds"],
            "share": totals["training"] / seconds, "paints": {view: n / seconds for view, n in paints.items()},
            "frames": totals["frames"] / seconds}


def _draw_seconds(plot, repeats=15):
    """The best time to redraw a plot from its data and paint it (forced, as after new history)."""
    best = float("inf")
    for _ in range(repeats):
        plot._gate.forget()
        t0 = time.perf_counter()
        plot.draw()
        plot.widget.viewport().repaint()  # the drawing happens in the view's viewport
        best = min(best, time.perf_counter() - t0)
    return best


def _history_draws(app, window, short, long, cycles=3):
    """Seconds to redraw the three plots (each plot's best) with the history of `short` steps and of
    `long` steps. The window shows the two runs in turns, a few draws each, so that both meet the
    same load on a shared machine. Returns (after short, after long, rows short, rows long)."""
    plots = (window.loss_plot, window.weights_plot, window.data_plot)
    runs = {}
    for steps in (short, long):
        trainer = presets.load("circle")
        trainer.run(steps)
        trainer.record()  # a row at the last step, as the Step button adds
        runs[steps] = trainer
    best = {steps: [float("inf")] * len(plots) for steps in runs}
    for _ in range(cycles):
        for steps, trainer in runs.items():
            window.controller._adopt(trainer, "circle")  # as opening a file installs a run
            _settle(app, 0.1)
            best[steps] = [min(b, _draw_seconds(p, repeats=5)) for b, p in zip(best[steps], plots)]
    return sum(best[short]), sum(best[long]), runs[short].history.count, runs[long].history.count


def _thousand_weights(app, window, folder, steps):
    source = presets.load("circle")
    trainer = Trainer(network.Network([2, 32, 32, 1], "tanh", seed=0), source.data, lr=0.03, batch_size=10)
    path = os.path.join(folder, "wide.json")
    session.save(trainer, path, name="2-32-32-1")
    window.controller.open(path)
    window.controller.step(steps)
    _settle(app, 0.2)
    return _draw_seconds(window.weights_plot), trainer.network.n_params


STARTUP_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication
QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, {settings!r})
app = QApplication([sys.argv[0]])
from gui.main_window import MainWindow
window = MainWindow(recovery_folder={recovery!r})
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            print("painted", flush=True)
            app.exit(0)
        return False
f = FirstPaint()
window.diagram.viewport().installEventFilter(f)
window.show()
app.exec()
"""


def _start_once(script, env):
    # Timed to the moment the child reports its first paint, not to its exit: tearing the window
    # down is not part of starting it.
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    _, errors = proc.communicate(timeout=120)
    if "painted" not in line:
        raise RuntimeError(f"the window did not start: {errors.strip()[-300:]}")
    return elapsed


def _startup_seconds(folder, runs=3):
    """Wall time from starting a new Python process to the window's first paint: the median of
    `runs` starts after one that is not timed. That first start compiles the modules to bytecode, as
    the first start after installing does; every later start reads the compiled files. (With
    PYTHONDONTWRITEBYTECODE set, every start would compile all of them again: about half a second
    that no installed copy pays.)"""
    script = STARTUP_SCRIPT.format(root=str(ROOT), settings=folder, recovery=os.path.join(folder, "recovery"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPYCACHEPREFIX=os.path.join(folder, "bytecode"))
    _start_once(script, env)
    return float(np.median([_start_once(script, env) for _ in range(runs)]))


def measure(settings):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    section = Section("Window (offscreen Qt, 1440×900, one BLAS thread as in the app)", COLUMNS)
    rows, targets = section.rows, section.targets
    folder = tempfile.mkdtemp(prefix="backprop-lab-bench-")
    # rounds long enough for the equations panel to take its turn (every 2-3 s) as in a long run
    play_seconds, rounds = (0.4, 1) if settings.quick else (3.0, 4)
    short, long = (100, 2_000) if settings.quick else (1_000, 1_000_000)
    with _one_blas_thread():
        app, window = _window(folder)
        _settle(app, 0.5)
        if settings.wants("play"):
            played = _play_against_headless(app, window, play_seconds, rounds)
            steps, headless, ticks = played["window"], played["headless"], played["frames"]
            rows.append({"name": "circle at full speed: steps/s in the window", "value": rate(steps),
                         "note": f"headless Trainer alone: {rate(headless)} steps/s ({rounds} rounds of "
                                 f"{play_seconds} s each, taken in turns with the window)"})
            rows.append({"name": "  window ÷ headless steps/s", "value": f"{100 * steps / headless:.0f}%"})
            rows.append({"name": "  share of the window's time spent training", "value": f"{100 * played['share']:.0f}%",
                         "note": "the rest: the views redrawing and Qt painting"})
            rows.append({"name": "  window frames per second", "value": f"{ticks:.1f}",
                         "note": "a frame: training steps, then the diagram and one plot (or the equations) redraw"})
            for view, per_second in played["paints"].items():
                rows.append({"name": f"  {view}: frames drawn per second", "value": f"{per_second:.1f}"})
            targets.append(Target("window at full speed: frames drawn per second", 30, ticks, unit=" fps"))
            targets.append(Target("window at full speed: steps/s as % of the headless Trainer", 70,
                                  100 * steps / headless, unit="%"))
        if settings.wants("history"):
            t_short, t_long, r_short, r_long = _history_draws(app, window, short, long)
            rows.append({"name": f"redraw the 3 plots after {short:,} steps", "value": f"{1000 * t_short:.1f} ms",
                         "note": f"{r_short} history rows"})
            rows.append({"name": f"redraw the 3 plots after {long:,} steps", "value": f"{1000 * t_long:.1f} ms",
                         "note": f"{r_long} history rows (bounded)"})
            rows.append({"name": "  after-long ÷ after-short", "value": ratio(t_long / t_short)})
            targets.append(Target(f"plot redraw after {long:,} steps within 1.5× of after {short:,} (shown as "
                                  "headroom: 1.5 ÷ measured ratio)", 1.0, 1.5 / (t_long / t_short)))
        if settings.wants("weights"):
            seconds, n = _thousand_weights(app, window, folder, 50 if settings.quick else 2000)
            rows.append({"name": f"redraw the weights plot, {n:,} curves (2-32-32-1)",
                         "value": f"{1000 * seconds:.1f} ms", "note": "one frame at 60 Hz is 16.7 ms"})
            targets.append(Target(f"weights plot with {n:,} curves drawn within a frame (16 ms; shown as "
                                  "16 ms ÷ measured)", 1.0, 0.016 / seconds))
        window.controller.dirty = False  # nothing to ask about: the window is closed by the benchmark
        window.recovery.stop()
        window.close()
    if settings.wants("startup"):
        seconds = _startup_seconds(folder)
        rows.append({"name": "start-up: new process to the window's first paint", "value": f"{seconds:.2f} s",
                     "note": "includes importing NumPy, Qt and pyqtgraph"})
    return section
