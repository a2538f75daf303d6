"""Sections, targets and the plain-text report."""
from dataclasses import dataclass, field


@dataclass
class Target:
    name: str
    goal: float       # the measured value must be at least this (at most, with at_most)
    measured: float | None  # None when it could not be measured (e.g. torch not installed)
    unit: str = "×"   # "×" for a ratio, "%" for a percentage
    why_missing: str = ""
    at_most: bool = False

    @property
    def met(self):
        if self.measured is None:
            return None
        return self.measured <= self.goal if self.at_most else self.measured >= self.goal

    def line(self, quick=False):
        """`quick`: the sizes were too small to mean anything, so the line says it ran, with no verdict."""
        goal = f"{'≤' if self.at_most else '≥'} {self.goal:g}{self.unit}"
        if self.measured is None:
            return f"  [ n/a  ] {self.name}: {goal}; not measured ({self.why_missing})"
        if quick:
            return f"  [  ran ] {self.name}: {self.measured:.1f}{self.unit} (target {goal}; no verdict in quick mode)"
        mark = "met" if self.met else "MISSED"
        return f"  [{mark:^6}] {self.name}: {self.measured:.1f}{self.unit} (target {goal})"


@dataclass
class Section:
    title: str
    columns: list                       # (header, key) pairs: key indexes each row dict
    rows: list = field(default_factory=list)  # dicts of already formatted strings
    notes: list = field(default_factory=list)
    targets: list = field(default_factory=list)

    def table(self):
        headers = [h for h, _ in self.columns]
        cells = [[row.get(key, "") for _, key in self.columns] for row in self.rows]
        widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]

        def line(values):  # first column left-aligned (names), the rest right-aligned (numbers)
            return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths)))

        out = [self.title, line(headers), line(["-" * w for w in widths])]
        out += [line(r) for r in cells]
        out += [f"  {n}" for n in self.notes]
        return "\n".join(out)


@dataclass
class Report:
    machine: dict
    sections: list
    quick: bool = False  # everything ran tiny: it checks that the suite works and judges nothing

    @property
    def targets(self):
        return [t for s in self.sections for t in s.targets]

    def text(self):
        width = max(len(k) for k in self.machine)
        out = ["Machine"] + [f"  {k.ljust(width)}  {v}" for k, v in self.machine.items()]
        for s in self.sections:
            out += ["", s.table()]
        if self.targets and self.quick:
            out += ["", "Targets: not judged. Quick mode only checks that every measurement runs; its sizes are "
                        "too small to mean anything (run without --quick for the verdicts)"]
            out += [t.line(quick=True) for t in self.targets]
        elif self.targets:
            out += ["", "Targets (ratios measured in this run)"] + [t.line() for t in self.targets]
        return "\n".join(out)


def rate(x):
    """Steps per second, compactly: 1,234,567 / 12,345 / 12.3."""
    if x is None:
        return "—"
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def ratio(x):
    return "—" if x is None else f"{x:.1f}×"


def gflops(x):
    return "<0.01" if x < 0.01 else f"{x:.3g}"
