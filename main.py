"""Backprop Lab. `python main.py` opens the window; `python main.py train ...` trains headless.

The installed `backprop-lab` command runs `main` below too:

    backprop-lab                       the window (on the question's network)
    backprop-lab circle | file.json    the window on a preset or a session
    backprop-lab train|presets|gradcheck ...   headless (core/cli.py; never imports Qt)
    backprop-lab --version

Before Qt is touched the display is checked: Qt aborts the whole process (exit 134, a core dump
and a message about libxcb-cursor0) when DISPLAY names an X server that is not there, so an unset
display and an unreachable one both get one line and exit 2 instead. Nothing here imports NumPy
on the way to the window (gui/app.py must set the BLAS thread count first), and the headless
commands never import Qt or the gui package. See docs/design.md, "Facts about this platform".
"""
import importlib.util
import os
import socket
import sys

HEADLESS_COMMANDS = {"train", "presets", "gradcheck", "lessons", "worksheet", "code", "figure", "-h", "--help"}
WINDOW_PACKAGES = ("PySide6", "pyqtgraph")
X_SOCKET_DIR = "/tmp/.X11-unix"  # where an X server on this machine listens: X<number>
X_TCP_PORT = 6000  # an X server on another host listens on 6000 + its display number
CONNECT_SECONDS = 1.0
EXIT_NO_WINDOW = 2
# Platforms that draw without a screen server: trusted as they are.
QT_SERVERLESS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")


def _program():
    """How the user started us, to write the headless command they can type."""
    return "python main.py" if os.path.basename(sys.argv[0] or "") == "main.py" else "backprop-lab"


def _installed(name):
    """Whether a package can be imported, found without importing it."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _connects(family, address):
    try:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(CONNECT_SECONDS)
            s.connect(address)
        return True
    except OSError:
        return False


def x_server_answers(display):
    """Whether an X server accepts connections at DISPLAY ([host]:number[.screen])."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit():
        return True  # a form this check does not know: let Qt try
    if host in ("", "unix"):
        path = f"{X_SOCKET_DIR}/X{number}"
        # Linux X servers also listen on an abstract socket of the same name (seen through containers)
        return _connects(socket.AF_UNIX, "\0" + path) or _connects(socket.AF_UNIX, path)
    try:
        with socket.create_connection((host, X_TCP_PORT + int(number)), timeout=CONNECT_SECONDS):
            return True
    except OSError:
        return False


def wayland_answers(name, runtime):
    """Whether a Wayland compositor accepts connections at WAYLAND_DISPLAY (a name in the
    folder XDG_RUNTIME_DIR, `runtime`, or an absolute path)."""
    path = name if os.path.isabs(name) else os.path.join(runtime, name)
    return bool(runtime or os.path.isabs(name)) and _connects(socket.AF_UNIX, path)


def display_problem(environ=None):
    """Why the window cannot open on this machine's display, in a few words; None when it can."""
    env = os.environ if environ is None else environ
    if sys.platform != "linux":
        return None
    platforms = [p.split(":")[0] for p in env.get("QT_QPA_PLATFORM", "").split(";") if p]
    if any(p in QT_SERVERLESS for p in platforms):
        return None
    tries_x = not platforms or "xcb" in platforms
    tries_wayland = not platforms or any(p.startswith("wayland") for p in platforms)
    x, wayland = env.get("DISPLAY", "") if tries_x else "", env.get("WAYLAND_DISPLAY", "") if tries_wayland else ""
    if not x and not wayland:
        return "no display found (DISPLAY is not set)"
    if (x and x_server_answers(x)) or (wayland and wayland_answers(wayland, env.get("XDG_RUNTIME_DIR", ""))):
        return None
    if x and wayland:
        return f"no display found (neither the X display {x} nor the Wayland display {wayland} answers)"
    if x:
        return f"no display found (DISPLAY is {x}, but no X server answers there)"
    return f"no display found (WAYLAND_DISPLAY is {wayland}, but no Wayland compositor answers there)"


def _figure(args, out, load):
    """The `figure` command's drawing, by the window offscreen (see gui/figures.py)."""
    from core.errors import BadInput
    missing = [name for name in WINDOW_PACKAGES if not _installed(name)]
    if missing:
        raise BadInput(f"figures are drawn by the window, which needs {' and '.join(missing)} (pip install -e .)")
    from gui.figure_command import figure_command
    return figure_command(args, out, load)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--version"]:
        from core import __version__
        print(f"backprop-lab {__version__}")
        return 0
    if argv and argv[0] in HEADLESS_COMMANDS:
        from core.cli import main as cli_main
        return cli_main(argv, figure=_figure)
    problem = display_problem()
    if problem:
        print(f"backprop-lab: {problem}, so the window cannot open; to train without a window use: "
              f"{_program()} train circle", file=sys.stderr)
        return EXIT_NO_WINDOW
    missing = [name for name in WINDOW_PACKAGES if not _installed(name)]
    if missing:
        one = len(missing) == 1
        print(f"backprop-lab: the window needs {' and '.join(missing)}, which {'is' if one else 'are'} not "
              f"installed (pip install -e . installs {'it' if one else 'them'}); to train without a window use: "
              f"{_program()} train circle", file=sys.stderr)
        return EXIT_NO_WINDOW
    from gui.app import run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
