"""Backprop Lab. `python main.py` opens the window; `python main.py train ...` trains headless."""
import importlib.util
import os
import sys

HEADLESS_COMMANDS = {"train", "presets", "gradcheck", "code", "figure", "-h", "--help"}
WINDOW_PACKAGES = ("PySide6", "pyqtgraph")


def _installed(name):
    """Whether a package can be imported, found without importing it."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


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
    missing = [name for name in WINDOW_PACKAGES if not _installed(name)]
    if missing:
        one = len(missing) == 1
        print(f"backprop-lab: the window needs {' and '.join(missing)}, which {'is' if one else 'are'} not "
              f"installed (pip install -e . installs {'it' if one else 'them'}); to train without a window use: "
              "python main.py train circle", file=sys.stderr)
        return 2
    from gui.app import run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
