"""The benchmark suite: its settings and the list of sections it runs."""
from dataclasses import dataclass

from . import frames, machine, training, window
from .report import Report

# Each section module has `measure(settings) -> Section` and `KEYS`, the names `--only` accepts.
SECTIONS = (training, window, frames)


@dataclass
class Settings:
    quick: bool = False
    seconds: float = 0.5   # each candidate runs about this long per round
    rounds: int = 3        # interleaved rounds; each candidate keeps its best
    only: frozenset = None  # keys to run (None: everything)
    torch: object = None    # the torch module, or None to leave PyTorch out

    def wants(self, key):
        return self.only is None or key in self.only


def all_keys():
    return tuple(k for s in SECTIONS for k in s.KEYS)


def quick_settings(**kw):
    """Everything tiny: checks that the suite works in a couple of seconds, measures nothing useful."""
    return Settings(quick=True, seconds=0.005, rounds=1, **kw)


def run(settings):
    facts = machine.describe(settings.torch)  # first: the sections may change PyTorch's thread count
    wanted = [s for s in SECTIONS if any(settings.wants(k) for k in s.KEYS)]
    sections = []
    for s in wanted:  # a module measures one section, or a list of them
        measured = s.measure(settings)
        sections += measured if isinstance(measured, list) else [measured]
    return Report(facts, sections, quick=settings.quick)
