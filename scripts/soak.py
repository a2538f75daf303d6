"""Soak run (issue 6): a million headless training steps, with memory reported as it goes.

    python scripts/soak.py                      # 10⁶ steps of the circle preset
    python scripts/soak.py --steps 200000 --preset spiral
    python scripts/soak.py --window 300         # the window playing circle for 5 minutes (offscreen)

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

if "--window" in sys.argv:
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
    args = p.parse_args(argv)
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


def soak_window(preset, seconds, report_every=30.0):
    """Play the preset in the MainWindow at full speed; RSS after a warm-up, every `report_every`
    seconds and at the end. The window's history, plots and views must not grow with time."""
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    folder = tempfile.mkdtemp(prefix="backprop-lab-soak-")
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, folder)
    QApplication([sys.argv[0]])
    from gui.controller import MAX_SPEED
    from gui.main_window import MainWindow
    window = MainWindow(preset, recovery_folder=os.path.join(folder, "recovery"))
    window.resize(1440, 900)
    window.show()
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
    print(f"peak RSS (VmHWM):                  {mb(memory_kb('VmHWM'))}")
    if rss_warm is not None and rss_end is not None:
        print(f"change after warm-up:              {(rss_end - rss_warm) / 1024:+.1f} MB")
    print(f"{c.trainer.step_count:,} steps, {rate:,.0f} steps/s after warm-up")
    c.dirty = False
    window.recovery.stop()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
