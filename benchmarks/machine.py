"""What the numbers were measured on: CPU, cores, NumPy's BLAS, versions."""
import os
import platform

import numpy as np

from .threads import blas_threads


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _blas():
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # the layout of show_config differs between NumPy versions
        return "unknown"


def _usable_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count()


def describe(torch=None):
    """One dict of facts; `torch` is the imported module or None."""
    facts = {
        "cpu": _cpu_model(),
        "cores": f"{_usable_cores()} usable of {os.cpu_count()}",
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": f"{np.__version__} with {_blas()} ({blas_threads()})",
        "torch": "not installed (pip install -e \".[bench]\")",
    }
    if torch is not None:
        facts["torch"] = f"{torch.__version__}, {torch.get_num_threads()} threads"
    facts["openblas"] = _openblas_kernel()
    return facts


def _openblas_kernel():
    """The kernel OpenBLAS chose, and whether the environment forced it: OPENBLAS_CORETYPE (with
    OPENBLAS_L2_SIZE) is set on some machines for old OpenBLAS builds and slows a current NumPy; to
    measure the kernel this CPU would get, unset both in the benchmark's command alone."""
    try:
        from threadpoolctl import threadpool_info
        kernel = next((i.get("architecture") for i in threadpool_info() if i.get("internal_api") == "openblas"), None)
    except ImportError:
        kernel = None
    forced = os.environ.get("OPENBLAS_CORETYPE")
    text = f"kernel {kernel or 'unknown'}"
    if forced:
        return text + (f"; OPENBLAS_CORETYPE={forced} is set: for this CPU's own choice run "
                       "`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python -m benchmarks`")
    return text + " (OPENBLAS_CORETYPE not set)"
