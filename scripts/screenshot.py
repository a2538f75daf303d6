"""Take a screenshot of the window as a user sees it.

    xvfb-run -a -s '-screen 0 1440x900x24' python scripts/screenshot.py circle shot.png --steps 3000
    xvfb-run -a -s '-screen 0 1440x900x24' python scripts/screenshot.py seed-scalar shot.png --steps 20
    xvfb-run -a -s '-screen 0 1440x900x24' python scripts/screenshot.py circle eq.png --panel equations
    xvfb-run -a -s '-screen 0 1440x900x24' python scripts/screenshot.py seed-scalar quiz.png \
        --quiz '1x1;-131.67;-131.67;-363.54;-181.77'

Opens the MainWindow on a preset at the screen's size (1440×900 by default), takes N steps
(--steps, at once) or plays for a while (--play SECONDS), lets the window draw, and saves
the whole screen (QScreen.grabWindow(0)) to a PNG. --select W1[0,0] selects a parameter first.
The window uses a private settings folder, so no saved layout or recent file changes what it shows.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import gui.app  # noqa: E402,F401  (one BLAS thread, as when the app starts; before NumPy is imported)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset")
    parser.add_argument("output")
    parser.add_argument("--steps", type=int, default=0, help="optimizer steps to take before the shot")
    parser.add_argument("--play", type=float, default=0.0, help="seconds to play before the shot")
    parser.add_argument("--select", default="", help="a parameter name to select, e.g. W1[0,0]")
    parser.add_argument("--size", default="", help="window size WxH (default: the whole screen)")
    parser.add_argument("--hidden", default="", help="hidden layer sizes instead of the preset's, e.g. 32,32,32")
    parser.add_argument("--backward", action="store_true", help="the diagram's maps in Backward mode")
    parser.add_argument("--hover", default="", help="show neuron l,j large in the data plot, e.g. 1,2")
    parser.add_argument("--card", default="", help="open the card of neuron l,j, e.g. 2,0")
    parser.add_argument("--no-maps", action="store_true", help="the diagram without neuron maps")
    parser.add_argument("--quiz", default="", help="Quiz me, then type these answers in order, separated by "
                        "';' (e.g. '1x1;-131.67;-131.67;-363.54;-181.77')")
    parser.add_argument("--panel", default="", choices=["", "equations", "diagram"],
                        help="save only this part of the window (e.g. the equations for the README)")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    settings_dir = tempfile.mkdtemp(prefix="backprop-lab-shot-")
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, settings_dir)
    app = QApplication([sys.argv[0]])
    from gui.main_window import MainWindow
    window = MainWindow(args.preset, recovery_folder=os.path.join(settings_dir, "recovery"))
    if args.size:
        w, h = (int(v) for v in args.size.lower().split("x"))
        window.resize(w, h)
        window.move(0, 0)
    else:
        window.setGeometry(QApplication.primaryScreen().availableGeometry())
    window.show()
    settle(app, 0.5)
    window.default_layout()
    settle(app, 0.3)
    c = window.controller
    if args.hidden:
        from core.network import Network
        net = c.network
        hidden = [int(v) for v in args.hidden.split(",")]
        sizes = [net.sizes[0], *hidden, net.sizes[-1]]
        c.edit_network(Network(sizes, [net.activations[0]] * len(hidden) + [net.activations[-1]], True,
                               seed=net.seed), "Wide network")
        settle(app, 0.3)
    if args.no_maps:
        window.diagram.set_maps_on(False)
    if args.backward:
        window.diagram.set_map_direction("backward")
    if args.steps:
        c.step(args.steps)
    if args.select:
        c.select(c.network.parameter_names().index(args.select))
    if args.play:
        c.play()
        settle(app, args.play)
        c.pause()
    if args.hover:
        l, j = (int(v) for v in args.hover.split(","))
        window.diagram.neuronHovered.emit(l, j, window.diagram.map_direction)
    if args.card:
        l, j = (int(v) for v in args.card.split(","))
        window.diagram.select_neuron(l, j)
        window.diagram.open_card(l, j)
    if args.quiz:
        window.equations.teaching.actionQuiz.trigger()
        settle(app, 0.5)
        box = window.equations.teaching.quiz_box
        for i, answer in enumerate(args.quiz.split(";")):
            box.submit(i, answer.strip())
            settle(app, 0.2)
    settle(app, 0.8)
    shot = getattr(window, args.panel).grab() if args.panel else QApplication.primaryScreen().grabWindow(0)
    if not shot.save(args.output):
        print(f"could not write {args.output}", file=sys.stderr)
        return 1
    print(f"{args.output}: {shot.width()}×{shot.height()}, step {c.trainer.step_count}, "
          f"train loss {c.trainer.train_loss():.4g}")
    window.recovery.stop()
    return 0


def settle(app, seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    sys.exit(main())
