"""Backprop Lab's benchmark suite: `python -m benchmarks` prints one report.

The report is a list of sections, each a table plus the targets it checks
(see issue 5). Each section lives in its own module with a
`measure(settings) -> Section` function and is listed in `suite.SECTIONS`:

    training  steps/s of the API path, the Trainer, PyTorch and the bare
              matrix-product floor on workloads (a)–(e) and the circle preset
    window    the real window playing circle offscreen: frames and steps per
              second, plot redraw times after 10³ and 10⁶ steps, a 1,185-curve
              weights plot, start-up time

Targets are ratios measured in one run, because absolute times on a shared
machine drift; timings are printed, never asserted by the tests.
"""
