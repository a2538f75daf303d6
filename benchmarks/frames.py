"""The frame-time section: how long the window's event loop is busy at a time while training plays.

    frames   circle, spiral, gaussians and the largest network the editor allows (8 hidden layers
             of 32, on circle's 2-D data), neuron maps on, each played at full speed in the window (offscreen,
             1440×900): the median, 95th percentile and longest frame, and the window's steps/s
             against the headless Trainer's on the same run, the two taking turns; then circle at a
             learner's pace (100 steps/s), and the start-up to the first painted frame.

A frame is measured with a heartbeat: a 0 ms QTimer that fires whenever Qt's event loop is free.
The gap between two beats is the time the loop was busy with something else: a frame (training,
then the views redrawing and Qt painting them) or a stall. Gaps under FRAME_MIN_S are the loop
idling between beats and are not frames. Nothing is timed by a test: this is what a person
running the benchmark reads.
"""
import os
import tempfile
import time
from contextlib import contextmanager

import numpy as np

from core import network, presets, session
from core.trainer import Trainer

from . import views
from .report import Section, Target, rate
from .window import _headless, _one_blas_thread, _settle, _startup_seconds, _window

KEYS = ("frames",)
COLUMNS = [("preset", "name"), ("frames/s", "fps"), ("median ms", "median"), ("p95 ms", "p95"),
           ("longest ms", "longest"), ("CPU ms: median", "cpu_median"), ("p95", "cpu_p95"), ("longest", "cpu_longest"),
           ("window steps/s", "steps"), ("headless steps/s", "headless"), ("window ÷ headless", "share"),
           ("CPU had", "cpu_had")]
PRESETS = ("circle", "spiral", "gaussians")
WIDEST = (2,) + (32,) * 8 + (1,)  # the editor's limit: 8 hidden layers of 32
FRAME_MIN_S = 0.001  # a shorter gap is the loop idling between two beats
LEARNER_SPEED = 100  # steps per second


@contextmanager
def heartbeat():
    """[(wall time, CPU time of this thread)] of a 0 ms timer's firings while inside, i.e. of every
    moment the event loop was free."""
    from PySide6.QtCore import QTimer
    beats = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: beats.append((time.perf_counter(), time.thread_time())))
    timer.start()
    try:
        yield beats
    finally:
        timer.stop()


def frame_times(beats):
    """(wall seconds, CPU seconds of this thread) of each gap between beats that is a frame or a
    stall, in order; `beats` as heartbeat() gives them."""
    beats = np.asarray(beats, dtype=float).reshape(-1, 2)
    wall, cpu = np.diff(beats[:, 0]), np.diff(beats[:, 1])
    frames = wall >= FRAME_MIN_S
    return wall[frames], cpu[frames]


def _widest_trainer():
    circle = presets.load("circle")
    return Trainer(network.Network(WIDEST, "tanh", seed=0), circle.data, loss=circle.loss, lr=circle.lr,
                   batch_size=circle.batch_size)


def _install(window, folder, name):
    """Open `name` in the window (a preset, or 'widest'); returns a function making a fresh headless Trainer."""
    if name in PRESETS:
        window.controller.load_preset(name)
        return lambda: presets.load(name)
    path = os.path.join(folder, "widest.json")
    session.save(_widest_trainer(), path, name="2-32×8-1")
    window.controller.open(path)
    return _widest_trainer


def _played(app, window, seconds, warm_up):
    """(frame gaps, frames, steps, seconds) of the window playing; the first `warm_up` seconds of
    each round (a run's first frames size their budgets) are played but not measured."""
    c = window.controller
    frames = [0]

    def count():
        frames[0] += 1
    c.play()
    _settle(app, warm_up)
    c.trained.connect(count)
    start = c.trainer.step_count
    with heartbeat() as beats:
        t0, cpu0 = time.perf_counter(), time.process_time()
        _settle(app, seconds)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    c.trained.disconnect(count)
    steps = c.trainer.step_count - start
    c.pause()  # what the views draw on pausing is not a frame of playing
    return frame_times(beats), frames[0], steps, elapsed, cpu


def measure_preset(app, window, folder, name, seconds, rounds, warm_up):
    """{"gaps", "fps", "steps", "headless"} for one preset played at full speed, in turns with headless."""
    from gui.controller import MAX_SPEED
    make = _install(window, folder, name)
    window.controller.set_speed(MAX_SPEED)
    _settle(app, 0.3)
    trainer = make()
    gaps, cpu_gaps, frames, steps, elapsed, cpu, h_steps, h_seconds = [], [], 0, 0, 0.0, 0.0, 0, 0.0
    for _ in range(rounds):
        s, t = _headless(trainer, seconds)
        h_steps, h_seconds = h_steps + s, h_seconds + t
        (g, g_cpu), f, s, t, used = _played(app, window, seconds, warm_up)
        gaps.append(g)
        cpu_gaps.append(g_cpu)
        frames, steps, elapsed, cpu = frames + f, steps + s, elapsed + t, cpu + used
    return {"gaps": np.concatenate(gaps), "cpu_gaps": np.concatenate(cpu_gaps), "fps": frames / elapsed,
            "steps": steps / elapsed, "headless": h_steps / h_seconds, "cpu_had": cpu / elapsed}


def measure_pace(app, window, seconds, warm_up):
    """circle at LEARNER_SPEED steps/s: (frames/s, steps/s, frame gaps, equation redraws/s, share of
    the steps taken that have their own row in the history the plots draw)."""
    from gui.equations.panel import EquationPanel
    c = window.controller
    c.load_preset("circle")
    c.set_speed(LEARNER_SPEED)
    _settle(app, 0.3)
    redraws, draw = [0], EquationPanel.draw

    def counted(panel):
        redraws[0] += 1
        return draw(panel)
    EquationPanel.draw = counted
    first = c.trainer.step_count
    try:
        (gaps, cpu_gaps), frames, steps, elapsed, cpu = _played(app, window, seconds, warm_up)
    finally:
        EquationPanel.draw = draw
    last = c.trainer.step_count
    shown = np.count_nonzero((c.trainer.history.steps > first) & (c.trainer.history.steps <= last))
    return (frames / elapsed, steps / elapsed, gaps, cpu_gaps, cpu / elapsed, redraws[0] / elapsed,
            shown / max(last - first, 1))


def _ms(seconds):
    return f"{1000 * seconds:.1f}"


def _stats(gaps):
    """(median, p95, longest) in seconds; NaN when there was no frame."""
    if len(gaps) == 0:
        return float("nan"), float("nan"), float("nan")
    return float(np.median(gaps)), float(np.percentile(gaps, 95)), float(np.max(gaps))


def _cpu_cells(cpu_gaps, cpu_had):
    median, p95, longest = _stats(cpu_gaps)
    return {"cpu_median": _ms(median), "cpu_p95": _ms(p95), "cpu_longest": _ms(longest),
            "cpu_had": f"{100 * cpu_had:.0f}%"}


def measure(settings):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    section = Section("Frame times (offscreen Qt, 1440×900, full speed; a frame: a busy gap of the event loop)",
                      COLUMNS)
    folder = tempfile.mkdtemp(prefix="backprop-lab-frames-")
    # six short rounds rather than three long ones: this machine's speed drifts by a third from one
    # few seconds to the next, and finer turns let the window and the headless Trainer meet the same
    seconds, rounds, warm_up = (0.3, 1, 0.2) if settings.quick else (1.5, 6, 0.7)
    targets = section.targets
    view_costs = {}
    with _one_blas_thread():
        app, window = _window(folder)
        if hasattr(window.diagram, "set_maps_on"):
            window.diagram.set_maps_on(True)  # everything on: the neurons' maps too
        _settle(app, 0.5)
        for name in PRESETS + ("widest",):
            r = measure_preset(app, window, folder, name, seconds, rounds, warm_up)
            view_costs[name if name != "widest" else "2-32×8-1"] = views.costs(window)
            median, p95, longest = _stats(r["gaps"])
            title = name if name != "widest" else "2-32×8-1 (the editor's largest)"
            share = 100 * r["steps"] / r["headless"]
            section.rows.append({"name": title, "fps": f"{r['fps']:.1f}", "median": _ms(median), "p95": _ms(p95),
                                 "longest": _ms(longest), **_cpu_cells(r["cpu_gaps"], r["cpu_had"]),
                                 "steps": rate(r["steps"]), "headless": rate(r["headless"]), "share": f"{share:.0f}%"})
            targets.append(Target(f"{title}: median frame", 33, 1000 * median, unit=" ms", at_most=True))
            targets.append(Target(f"{title}: 95th percentile frame", 50, 1000 * p95, unit=" ms", at_most=True))
            targets.append(Target(f"{title}: longest frame", 50, 1000 * longest, unit=" ms", at_most=True))
            targets.append(Target(f"{title}: window steps/s ÷ headless", 70, share, unit="%"))
        fps, steps, gaps, cpu_gaps, cpu_had, equations, in_history = measure_pace(app, window, seconds, warm_up)
        median, p95, longest = _stats(gaps)
        section.rows.append({"name": f"circle at {LEARNER_SPEED} steps/s", "fps": f"{fps:.1f}", "median": _ms(median),
                             "p95": _ms(p95), "longest": _ms(longest), **_cpu_cells(cpu_gaps, cpu_had),
                             "steps": rate(steps), "headless": "—", "share": "—"})
        section.notes.append(f"At {LEARNER_SPEED} steps/s: {100 * in_history:.0f}% of the steps taken have a row in "
                             f"the plots' history; the equations redrew {equations:.1f} times a second.")
        targets.append(Target(f"circle at {LEARNER_SPEED} steps/s: frames per second", 57, fps, unit=" fps"))
        targets.append(Target(f"circle at {LEARNER_SPEED} steps/s: steps/s kept", 0.97 * LEARNER_SPEED, steps,
                              unit="/s"))
        targets.append(Target(f"circle at {LEARNER_SPEED} steps/s: steps shown in the plots", 97, 100 * in_history,
                              unit="%"))
        window.controller.dirty = False
        window.recovery.stop()
        window.close()
    startup = _startup_seconds(folder)
    section.notes.append(f"Start-up, new process to the first painted frame: {startup:.2f} s.")
    targets.append(Target("start-up to the first painted frame", 1.5, startup, unit=" s", at_most=True))
    section.notes.append("CPU ms: the processor time the window's thread spent in each frame, what the frame "
                         "costs whatever else the machine runs. CPU had: the process's processor time ÷ wall time "
                         "while measured (well under 100% means a busy machine made the frames wait).")
    section.notes.append(f"Frames: the event loop's busy gaps of {1000 * FRAME_MIN_S:g} ms or more between beats of "
                         f"a 0 ms timer, after {warm_up} s of each round; {rounds} round(s) of {seconds} s per preset, "
                         "each after as long headless in the same process.")
    return [section, views.section(view_costs)]
