"""Backprop Lab. `python main.py` opens the window; `python main.py train ...` trains headless."""
import os
import sys

HEADLESS_COMMANDS = {"train", "presets", "gradcheck", "-h", "--help"}


def _has_display():
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in HEADLESS_COMMANDS:
        from core.cli import main as cli_main
        return cli_main(argv)
    if not _has_display():
        print("backprop-lab: no display found (DISPLAY is not set), so the window cannot open; "
              "to train without a window use: python main.py train circle", file=sys.stderr)
        return 2
    from gui.app import run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
