"""Soak run (issue 6): a million headless training steps, with memory reported as it goes.

    python scripts/soak.py                      # 10⁶ steps of the circle preset
    python scripts/soak.py --steps 200000 --preset spiral
    python scripts/soak.py --window 300         # the window playing circle for 5 minutes (offscreen)
    python scripts/soak.py --undo               # the editor's largest network built by clicks on "+", then undone
    python scripts/soak.py --autosave 20        # 20 s of play on a 17 MB CSV: how long autosaves hold up the window

Memory is the resident set size (VmRSS in /proc/self/status, Linux). It is read
after the first 10,000 steps (by then every buffer the trainer keeps exists) and
then every tenth of the run; it should stay flat, because the trainer's history
is bounded and its buffers are reused. The figures are printed at the end.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

if {"--window", "--undo", "--autosave"} & set(sys.argv):
    import gui.app  # noqa: E402,F401  (the window's settings, e.g. one BLAS thread, before NumPy loads)
from core import presets  # noqa: E402

WARM_UP = 10_000


def memory_kb(field="VmRSS"):
    """A memory figure of this process in kB from /proc/self/status (None where there is no /proc)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def mb(kb):
    return "n/a" if kb is None else f"{kb / 1024:.1f} MB"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=1_000_000)
    p.add_argument("--preset", default="circle", choices=presets.names())
    p.add_argument("--window", type=float, metavar="SECONDS",
                   help="instead: the real window (offscreen unless a display is set) playing the preset "
                        "at full speed for this long")
    p.add_argument("--undo", action="store_true",
                   help="instead: in the window, build the editor's largest network by clicks on \"+\" (a few "
                        "steps of training between them), then undo them all; memory and the undo stack's bytes")
    p.add_argument("--undo-mb", type=float, metavar="MB",
                   help="with --undo: the undo stack's byte budget (default: the window's own)")
    p.add_argument("--autosave", type=float, metavar="SECONDS",
                   help="instead: the window plays a 17 MB CSV of short numbers for this long, autosaving every "
                        "5 s (BACKPROP_LAB_AUTOSAVE_MS); a 10 ms heartbeat timer measures the longest gaps")
    args = p.parse_args(argv)
    if args.autosave:
        return soak_autosave(args.autosave)
    if args.undo:
        return soak_undo(args.preset, budget_mb=args.undo_mb)
    if args.window:
        return soak_window(args.preset, args.window)
    if args.steps < WARM_UP * 2:
        p.error(f"--steps must be at least {WARM_UP * 2}")

    trainer = presets.load(args.preset)
    rss_start = memory_kb()
    print(f"{args.preset}: {trainer.network}, batch {trainer.effective_batch_size}, {args.steps:,} steps")
    print(f"RSS at start (preset loaded):      {mb(rss_start)}")
    t0 = time.perf_counter()
    trainer.run(WARM_UP)
    rss_warm = memory_kb()
    print(f"RSS after {WARM_UP:,} steps:         {mb(rss_warm)}")
    readings = []
    done = WARM_UP
    tenth = args.steps // 10
    while done < args.steps:
        n = min(tenth - done % tenth if done % tenth else tenth, args.steps - done)
        result = trainer.run(n)
        done += result.steps
        if result.diverged:
            print(f"diverged: {result.message}")
            return 3
        readings.append((done, memory_kb()))
        print(f"  step {done:>10,}  RSS {mb(readings[-1][1]):>10}  loss {trainer.train_loss():.6g}  "
              f"history rows {trainer.history.count}", flush=True)
    seconds = time.perf_counter() - t0
    rss_end = memory_kb()
    print(f"RSS at end:                        {mb(rss_end)}")
    print(f"peak RSS (VmHWM):                  {mb(memory_kb('VmHWM'))}")
    if rss_warm is not None and rss_end is not None:
        print(f"change after warm-up:              {(rss_end - rss_warm) / 1024:+.1f} MB")
    print(f"{done:,} steps in {seconds:.1f} s ({done / seconds:,.0f} steps/s); final loss "
          f"{trainer.train_loss():.6g}, test {trainer.test_loss():.6g}; history {trainer.history.count} rows "
          f"(capacity {trainer.history.capacity})")
    return 0


def _offscreen_window(preset):
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    folder = tempfile.mkdtemp(prefix="backprop-lab-soak-")
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, folder)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    from gui.main_window import MainWindow
    window = MainWindow(preset, recovery_folder=os.path.join(folder, "recovery"))
    window.resize(1440, 900)
    window.show()
    return app, window


def _close(window):
    """Report the peak RSS and close the window, its changes discarded (closing stops its autosaves)."""
    print(f"peak RSS (VmHWM):                  {mb(memory_kb('VmHWM'))}")
    window.controller.dirty = False
    window.close()
    return 0


def soak_undo(preset, steps_between=5, budget_mb=None):
    """Click the diagram's first enabled "+" (a neuron for the first hidden layer not full, else a new
    layer) until the editor's largest network stands, training a few steps after each click; then
    undo every step. RSS and the bytes the undo stack keeps (gui/undo_budget.py) as it goes."""
    from gui import undo_budget
    app, window = _offscreen_window(preset)
    c = window.controller
    if budget_mb is not None:
        c.undo_bytes = int(budget_mb * 2 ** 20)

    def stack_bytes():
        return sum(undo_budget.step_bytes(c.undo_stack, undo_budget.current_arrays(c.trainer)))

    def report(what):
        app.processEvents()  # the views redraw, and the undo budget's check runs
        print(f"{what:<34} RSS {mb(memory_kb()):>10}   undo stack: {c.undo_stack.count():>3} steps, "
              f"{stack_bytes() / 2 ** 20:6.1f} MB kept   network {c.network}", flush=True)

    def next_plus():
        buttons = window.diagram.buttons
        for l in range(1, c.network.n_layers):
            if buttons[("add_neuron", l)].enabled:
                return buttons[("add_neuron", l)]
        return buttons["add_layer"] if buttons["add_layer"].enabled else None

    print(f"undo budget: {undo_budget.UNDO_STEPS} steps, {c.undo_bytes / 2 ** 20:.0f} MB")
    report("start")
    clicks = 0
    while (button := next_plus()) is not None:
        button.action()
        clicks += 1
        c.step(steps_between)
        app.processEvents()
        if clicks % 30 == 0:
            report(f"after {clicks} clicks on +")
    report(f"built ({clicks} clicks)")
    undone = 0
    while c.undo_stack.canUndo():
        c.undo_stack.undo()
        undone += 1
        app.processEvents()
    report(f"all undone ({undone} undos)")
    return _close(window)


def _csv_of_short_numbers(path, rows=100_000, columns=88, seed=0):
    """A CSV like a table of counts or pixels: one-digit numbers, and a label (0/1) in the last column."""
    import numpy as np
    rng = np.random.default_rng(seed)
    table = rng.integers(0, 10, (rows, columns))
    label = (table[:, 0] + table[:, 1] > 9).astype(int)
    with open(path, "w") as f:
        f.write(",".join(f"c{i}" for i in range(columns)) + ",label\n")
        np.savetxt(f, np.column_stack([table, label]), fmt="%d", delimiter=",")


def soak_autosave(seconds, heartbeat_ms=10):
    """Play on a 17 MB CSV in the window (offscreen) with autosaves every few seconds; a heartbeat timer
    of `heartbeat_ms` records when it fires. A gap well above its interval is a frame the window could
    not draw: the longest ones show what an autosave holds up."""
    import tempfile

    from PySide6.QtCore import QEventLoop, QTimer
    app, window = _offscreen_window("circle")
    c = window.controller
    path = os.path.join(tempfile.mkdtemp(prefix="backprop-lab-soak-"), "short-numbers.csv")
    _csv_of_short_numbers(path)
    print(f"CSV: {os.path.getsize(path) / 2 ** 20:.1f} MB; importing it")
    t0 = time.perf_counter()
    if not window.import_csv_from(path, targets=["label"]):
        return 1
    print(f"imported in {time.perf_counter() - t0:.1f} s; playing for {seconds:.0f} s, autosave every "
          f"{window.recovery._timer.interval() / 1000:.0f} s", flush=True)
    beats = []
    heartbeat = QTimer()
    heartbeat.setInterval(heartbeat_ms)
    rec = window.recovery
    on_gui_thread = []  # how long each autosave call keeps the window's thread (the snapshot, or all of it)

    def timed_autosave(autosave=rec.autosave):
        t = time.perf_counter()
        autosave()
        on_gui_thread.append(time.perf_counter() - t)
    rec._timer.timeout.disconnect()
    rec._timer.timeout.connect(timed_autosave)
    heartbeat.timeout.connect(lambda: beats.append((time.perf_counter(), getattr(rec, "writing", False))))
    heartbeat.start()
    c.play()
    start = time.perf_counter()
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    c.pause()
    heartbeat.stop()
    # a gap is "while writing" when a background autosave was under way at either end of it
    gaps = sorted(((b - a, a - start, w1 or w2) for (a, w1), (b, w2) in zip(beats, beats[1:])), reverse=True)
    blocked = sum(g for g, _, _ in gaps if g > 0.1)
    print(f"{c.trainer.step_count:,} steps; heartbeats {len(beats)}; longest gaps: "
          + ", ".join(f"{g * 1000:.0f} ms at {t:.1f} s{' (writing)' if w else ''}" for g, t, w in gaps[:6]))
    for writing in (True, False):
        some = [g for g, _, w in gaps if w == writing]
        if some:
            print(f"  {'while' if writing else 'when not'} writing in the background: {len(some)} gaps, "
                  f"longest {max(some) * 1000:.0f} ms, median {sorted(some)[len(some) // 2] * 1000:.0f} ms")
    print(f"time in gaps over 100 ms: {blocked:.1f} s of {seconds:.0f} s")
    print(f"autosave calls: {len(on_gui_thread)}, on the window's thread: longest "
          f"{max(on_gui_thread, default=0) * 1000:.0f} ms, total {sum(on_gui_thread):.1f} s")
    path = rec.path
    print(f"recovery file: {os.path.getsize(path) / 2 ** 20:.1f} MB" if os.path.exists(path) else "no recovery file")
    return _close(window)


def soak_window(preset, seconds, report_every=30.0):
    """Play the preset in the MainWindow at full speed; RSS after a warm-up, every `report_every`
    seconds and at the end. The window's history, plots and views must not grow with time."""
    from PySide6.QtCore import QEventLoop, QTimer

    _, window = _offscreen_window(preset)
    from gui.controller import MAX_SPEED
    c = window.controller
    c.set_speed(MAX_SPEED)

    def run_for(duration):
        loop = QEventLoop()
        QTimer.singleShot(int(duration * 1000), loop.quit)
        loop.exec()

    print(f"window playing {preset} at full speed for {seconds:.0f} s")
    print(f"RSS with the window open:          {mb(memory_kb())}")
    c.play()
    run_for(10.0)
    rss_warm, t0, steps0 = memory_kb(), time.perf_counter(), c.trainer.step_count
    print(f"RSS after 10 s of playing:         {mb(rss_warm)}   (step {steps0:,})")
    elapsed = 10.0
    while elapsed < seconds:
        chunk = min(report_every, seconds - elapsed)
        run_for(chunk)
        elapsed += chunk
        print(f"  {elapsed:6.0f} s  step {c.trainer.step_count:>12,}  RSS {mb(memory_kb()):>10}  "
              f"loss {c.trainer.train_loss():.6g}", flush=True)
    c.pause()
    rate = (c.trainer.step_count - steps0) / (time.perf_counter() - t0)
    rss_end = memory_kb()
    print(f"RSS at end:                        {mb(rss_end)}")
    if rss_warm is not None and rss_end is not None:
        print(f"change after warm-up:              {(rss_end - rss_warm) / 1024:+.1f} MB")
    print(f"{c.trainer.step_count:,} steps, {rate:,.0f} steps/s after warm-up")
    return _close(window)


if __name__ == "__main__":
    sys.exit(main())
