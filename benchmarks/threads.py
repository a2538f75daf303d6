"""Thread counts. On a machine whose cores are busy with other work, a library's worker threads
can wait on each other far longer than the work takes (NumPy's OpenBLAS and PyTorch alike), so
every candidate is also timed with one thread and the table keeps the better of the two.
NumPy's BLAS threads are set with threadpoolctl when it is installed (the `bench` extra)."""
from .timing import Candidate

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:
    threadpool_info = threadpool_limits = None


def blas_threads():
    """NumPy's BLAS threads now, as text."""
    if threadpool_info is None:
        return "threads unknown: threadpoolctl not installed"
    counts = {str(p["num_threads"]) for p in threadpool_info() if p.get("user_api") == "blas"}
    return f"{'/'.join(sorted(counts)) or '?'} threads"


class OneBlasThread(Candidate):
    """Another candidate with NumPy's BLAS limited to one thread."""

    def __init__(self, inner):
        self.inner = inner
        self.min_steps = inner.min_steps
        self._limits = None

    def setup(self):
        self.inner.setup()
        self._limits = threadpool_limits(1, user_api="blas")

    def block(self, k):
        self.inner.block(k)

    def teardown(self):
        self._limits.restore_original_limits()
        self.inner.teardown()


def with_one_thread(candidates, torch_candidates=()):
    """The candidates plus, under name + '_1', each with one thread: NumPy ones through
    threadpoolctl (when installed), PyTorch ones (given as (name, factory) pairs) through
    their own setting."""
    out = dict(candidates)
    if threadpool_limits is not None:
        out.update({name + "_1": OneBlasThread(c) for name, c in candidates.items()})
    for name, make in torch_candidates:
        out[name] = make()
        out[name + "_1"] = make().with_threads(1)
    return out


def best_of(rates):
    """({name: best steps/s}, {names whose best came with one thread})."""
    best, single = {}, set()
    for name, rate in rates.items():
        if name.endswith("_1"):
            continue
        one = rates.get(name + "_1")
        if one is not None and one > rate:
            single.add(name)
        best[name] = max(rate, one or 0.0)
    return best, single
