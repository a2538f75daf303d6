"""The training section: steps/s of every path on workloads (a)–(e) and the circle preset."""
from core import presets

from . import gemm, threads
from .numpy_paths import ApiPath, Floor, TrainerPath
from .report import Section, Target, gflops, rate, ratio
from .timing import steps_per_second
from .torch_paths import TorchStep, TorchTraining
from .workloads import WORKLOADS, Workload

CIRCLE = Workload("circle", "circle preset, from step 0", (2, 4, 2, 1), ("tanh",) * 3, "mse", 10, 0.03, "circle")
KEYS = tuple(w.key for w in WORKLOADS) + (CIRCLE.key,)

COLUMNS = [("workload", "name"), ("batch", "batch"), ("params", "params"),
           ("API steps/s", "api"), ("Trainer steps/s", "trainer"), ("PyTorch steps/s", "torch"),
           ("floor steps/s", "floor"), ("API÷torch", "api_vs_torch"), ("Trainer÷torch", "trainer_vs_torch"),
           ("Trainer÷floor time", "overhead"), ("Trainer GFLOP/s", "gflops")]


GEMM_SIZE, GEMM_SIZE_QUICK = 2048, 128


def _div(a, b):
    return None if a is None or b is None or b == 0 else a / b


def _row(workload, rates, one_thread, name=None):
    api, trainer, torch, floor = (rates.get(k) for k in ("api", "trainer", "torch", "floor"))

    def cell(key):  # ¹: this figure came with one thread
        return rate(rates.get(key)) + ("¹" if key in one_thread else "")

    return {
        "name": name or workload.title, "batch": str(workload.batch), "params": f"{workload.n_params:,}",
        "api": cell("api"), "trainer": cell("trainer"), "torch": cell("torch"), "floor": cell("floor"),
        "api_vs_torch": ratio(_div(api, torch)), "trainer_vs_torch": ratio(_div(trainer, torch)),
        "overhead": ratio(_div(floor, trainer)),
        "gflops": gflops(workload.product_flops() * trainer / 1e9),
    }


def measure(settings):
    torch = settings.torch
    section = Section("Training: steps per second (float64, CPU; higher is better)", COLUMNS)
    results, one_thread = {}, {}

    def contest(key, candidates, torch_candidates):
        rates = steps_per_second(threads.with_one_thread(candidates, torch_candidates if torch else ()),
                                 settings.seconds, settings.rounds)
        results[key], one_thread[key] = threads.best_of(rates)

    for w in WORKLOADS:
        if not settings.wants(w.key):
            continue
        data = w.dataset(quick=settings.quick)
        candidates = {"api": ApiPath(w, data), "trainer": TrainerPath(w, data), "floor": Floor(w)}
        if w.key == "e":  # the ceiling, measured in the same rounds as (e) itself
            candidates["gemm"] = gemm.Gemm(GEMM_SIZE_QUICK if settings.quick else GEMM_SIZE)
        contest(w.key, candidates,
                [("torch", lambda w=w, data=data: TorchStep(torch, w.network(), w.loss, w.lr, w.batch, data))])
        section.rows.append(_row(w, results[w.key], one_thread[w.key]))
    if settings.wants(CIRCLE.key):
        contest(CIRCLE.key, {"trainer": TrainerPath(make_trainer=lambda: presets.load("circle")),
                             "floor": Floor(CIRCLE)},
                [("torch", lambda: TorchTraining(torch, lambda: presets.load("circle")))])
        section.rows.append(_row(CIRCLE, results[CIRCLE.key], one_thread[CIRCLE.key], name=CIRCLE.title))

    gemm_size = GEMM_SIZE_QUICK if settings.quick else GEMM_SIZE
    gemm_gflops = results["e"]["gemm"] * gemm.flops(gemm_size) / 1e9 if "e" in results else None
    section.notes += [
        "API: Network.gradients (which checks its inputs on every call and returns new arrays; computed by "
        "core/fast.py, held to the textbook definition within 1e-12) on contiguous batches of rows, then "
        "W ← W − η∂C/∂W per layer as a notebook writes it: the notebook path.",
        "Trainer: Trainer.run from step 0 each round: shuffled mini-batches, SGD, history recording included.",
        "PyTorch: nn.Sequential + torch.optim.SGD, zero_grad/backward/step; on circle, the Trainer's "
        "mini-batch scheme.",
        "Every figure is the better of the library's default threads and one thread; ¹ marks those where one "
        "thread was faster (" + ("NumPy's BLAS threads set with threadpoolctl)." if threads.threadpool_limits
                                 else "threadpoolctl is not installed: NumPy ran with its default threads only)."),
        "floor: only the step's matrix products (W A, Wᵀ Δ, Δ Aᵀ), preallocated; Trainer÷floor is how many "
        "times the bare products' time a Trainer step takes.",
        "GFLOP/s counts the step's matrix products only. (e) uses relu hidden layers, a softmax output and "
        "cross-entropy; (d) is Nielsen's sigmoid/mse network.",
    ]
    if gemm_gflops is not None:
        section.notes.append(f"large GEMM ({gemm_size}² float64, in the same rounds as (e)): {gemm_gflops:.1f} "
                             f"GFLOP/s{' (one thread)' if 'gemm' in one_thread['e'] else ''}.")
    section.targets = _targets(results, torch, gemm_gflops)
    return section


def _targets(results, torch, gemm_gflops):
    no_torch = "torch is not installed" if torch is None else ""
    targets = []

    def ratio_target(name, key, path, goal):
        if key in results:
            r = results[key]
            targets.append(Target(name, goal, _div(r.get(path), r.get("torch")), why_missing=no_torch))

    ratio_target("API path ÷ PyTorch, (b) batch 10", "b10", "api", 5)
    ratio_target("API path ÷ PyTorch, (d) batch 10", "d10", "api", 4)
    ratio_target("Trainer ÷ PyTorch, circle preset", "circle", "trainer", 10)
    if "e" in results:
        e = next(w for w in WORKLOADS if w.key == "e")
        achieved = e.product_flops() * results["e"]["trainer"] / 1e9
        targets.append(Target(f"(e) Trainer GFLOP/s as % of large GEMM ({gemm_gflops:.1f})", 60,
                              100 * achieved / gemm_gflops, unit="%"))
    return targets
