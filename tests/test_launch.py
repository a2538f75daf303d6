"""Starting the window: a display that is unset or set but unreachable gets one line and exit 2 (Qt
would abort the process), checked before Qt is imported."""
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parent.parent


def env_without_display(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_RUNTIME_DIR")}
    return {**env, **extra}


@pytest.fixture
def listening(tmp_path):
    """A Unix socket that accepts connections, as a display server's does."""
    servers = []

    def make(path):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(str(path))
        s.listen(16)
        servers.append(s)
        return path
    yield make
    for s in servers:
        s.close()


def free_display_number():
    n = 900
    while os.path.exists(f"/tmp/.X11-unix/X{n}"):
        n += 1
    return n


@pytest.mark.parametrize("extra", [{}, {"DISPLAY": f":{free_display_number()}"},
                                   {"DISPLAY": f"unix:{free_display_number()}.0"},
                                   {"WAYLAND_DISPLAY": "/nonexistent/wayland-0"},
                                   {"DISPLAY": f":{free_display_number()}", "QT_QPA_PLATFORM": "xcb"}])
def test_python_main_py_without_a_reachable_display_says_so_in_one_line(extra):
    r = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True, timeout=60,
                       env=env_without_display(**extra))
    assert r.returncode == 2, r.stderr  # not 134 (Qt's abort)
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("backprop-lab: no display found")
    assert "python main.py train circle" in r.stderr and "Traceback" not in r.stderr
    for value in extra.values():
        if value != "xcb":
            assert value in r.stderr  # names the display it tried


def test_a_listening_x_socket_counts_as_a_display(listening, tmp_path, monkeypatch):
    monkeypatch.setattr(main, "X_SOCKET_DIR", str(tmp_path))
    listening(tmp_path / "X7")
    assert main.display_problem({"DISPLAY": ":7"}) is None
    assert main.display_problem({"DISPLAY": ":7.0"}) is None
    assert "no X server answers" in main.display_problem({"DISPLAY": ":8"})
    (tmp_path / "X8").touch()  # a socket file left behind by a server that has gone
    assert main.display_problem({"DISPLAY": ":8"}) is not None


def test_a_listening_wayland_socket_counts_as_a_display(listening, tmp_path):
    listening(tmp_path / "wayland-1")
    assert main.display_problem({"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}) is None
    assert main.display_problem({"WAYLAND_DISPLAY": str(tmp_path / "wayland-1")}) is None
    # either server answering is enough: Qt falls back from one to the other
    assert main.display_problem({"WAYLAND_DISPLAY": str(tmp_path / "wayland-1"), "DISPLAY": ":999"}) is None
    assert main.display_problem({"WAYLAND_DISPLAY": "wayland-2", "XDG_RUNTIME_DIR": str(tmp_path)})
    # asked for X only, a compositor does not help
    assert main.display_problem({"WAYLAND_DISPLAY": str(tmp_path / "wayland-1"), "DISPLAY": ":999",
                                 "QT_QPA_PLATFORM": "xcb"})


def test_a_remote_x_display_is_tried_over_tcp(monkeypatch):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    try:
        monkeypatch.setattr(main, "X_TCP_PORT", server.getsockname()[1] - 10)
        assert main.display_problem({"DISPLAY": "127.0.0.1:10.0"}) is None
        assert main.display_problem({"DISPLAY": "127.0.0.1:11.0"}) is not None
    finally:
        server.close()


def test_platforms_without_a_screen_server_are_not_checked():
    assert main.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert main.display_problem({"QT_QPA_PLATFORM": "minimal", "DISPLAY": ":999"}) is None
