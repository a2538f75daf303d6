"""core/ is pure NumPy: it never imports Qt, pyqtgraph or the gui package, so everything the app
computes can be used from a notebook or a script (docs/design.md, "Architecture")."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT = ("PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6", "gui")


def test_core_never_imports_qt():
    """Scan the source: no import of PySide6, pyqtgraph, shiboken6 (or the gui package) in core/."""
    offenders = []
    for path in sorted((ROOT / "core").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                    "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
                names = [str(node.args[0].value)]
            offenders += [f"{path.name}:{node.lineno} imports {n}" for n in names if n.split(".")[0] in QT]
    assert not offenders, offenders
    assert len(list((ROOT / "core").glob("*.py"))) >= 15


def test_importing_all_of_core_loads_no_qt():
    code = ("import sys, pkgutil, importlib; sys.path.insert(0, %r); import core; "
            "[importlib.import_module('core.' + m.name) for m in pkgutil.iter_modules(core.__path__)]; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in %r))" % (str(ROOT), QT))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "[]", r.stderr
