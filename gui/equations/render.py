"""The equation view's content: one training step in matrix form, with this network's numbers, as HTML.

Pure Python + NumPy (no Qt), so it can be tested headless and used from a script:

    snap = Snapshot.from_trainer(trainer)
    html = render(snap, Options(mode="batch", selected=3))

The notation is docs/design.md's: W^l is (n_l × n_{l-1}), a batch of m samples is stored
as columns (A^0 = X^T is n_0 × m), Δ^l = ∂C/∂Z^l carries the 1/m of the mean cost.
`render` writes, for every phase of core.phases.phases(L), the equations of that
phase twice: symbolically (with shapes) and with the numbers substituted.

This module is only the driver: it puts the page together in order. Where each part lives:

    snapshot.py          Snapshot (what is rendered) and Options (how)
    page.py              Page: symbols, matrices, aligned equations, notes; the stylesheet
    sections/header.py   the opening paragraph
    sections/selected.py the selected parameter's scalar chain rule
    sections/seed.py     the question's own network reduced to its scalar update
    sections/forward.py, cost.py, backward.py (BP1–BP4), update.py   one module per kind of phase

A new kind of phase gets its own module in sections/ and one entry in PHASE_SECTIONS; a new box
on the page (like the chain rule) one line in `document`.
"""
from .format import esc
from .page import COLORS, Page, limits_for, ranges, stylesheet  # noqa: F401  (part of this module's API)
from .sections.backward import bp1, bp2, gradients
from .sections.cost import cost
from .sections.forward import forward
from .sections.header import header
from .sections.seed import table_line  # noqa: F401
from .sections.seed import seed_reduction
from .sections.selected import chain_rule
from .sections.update import update
from .snapshot import Options, Snapshot

# phase kind (core.phases) → the section that writes it: f(page, layer) -> html
PHASE_SECTIONS = {
    "forward": forward,
    "cost": lambda page, layer: cost(page),
    "bp1": lambda page, layer: bp1(page),
    "bp2": bp2,
    "gradients": gradients,
    "update": lambda page, layer: update(page),
}

__all__ = ["Snapshot", "Options", "render", "parts", "stylesheet", "phase_title", "PHASE_SECTIONS"]


def phase_body(p, phase):
    return PHASE_SECTIONS[phase.kind](p, phase.layer)


def _skipped(p, skipped):
    """One line for a run of phases whose layers are not written out (deep networks only)."""
    if not skipped:
        return ""
    kinds = {"forward": "Forward", "bp2": "BP2", "gradients": "BP3, BP4"}
    lines = []
    for kind in dict.fromkeys(ph.kind for _, ph in skipped):
        layers = [ph.layer for _, ph in skipped if ph.kind == kind]
        lines.append(f"<b>{kinds.get(kind, kind)}, layer{'s' if len(layers) > 1 else ''} {ranges(layers)}</b>")
    anchors = "".join(f'<a name="phase-{i}"></a>' for i, _ in skipped)
    return (anchors + p.note("; ".join(lines) + ": the same equations, one layer at a time — not written "
                             "out, to keep the view light. Step through shows each one, or select a "
                             "weight of that layer."))


def parts(p):
    """The page in order, as functions that each write one part's HTML: a part can be written
    without the others (the panel, while training plays, writes only the parts in sight)."""
    # (in Quiz me the scalar walk-throughs are left out: they would give the blanks away)
    out = [lambda: header(p)] + ([] if p.o.quiz else [lambda: chain_rule(p)])
    if p.o.phase is None and not p.o.quiz:  # the question's own formula first: the answer, then how it is built
        out.append(lambda: seed_reduction(p))
    last = p.o.phase if p.o.phase is not None else len(p.phases) - 1
    skipped = []  # consecutive phases of layers not written out: one line for all of them
    for i, phase in enumerate(p.phases[:last + 1]):
        if phase.layer is not None and phase.layer not in p.featured and i != p.o.phase:
            skipped.append((i, phase))
            continue
        if skipped:
            out.append(lambda run=skipped: _skipped(p, run))
        skipped = []
        out.append(lambda i=i, phase=phase: p.section(i, phase, phase_body(p, phase)))
    if skipped:
        out.append(lambda run=skipped: _skipped(p, run))
    if last + 1 < len(p.phases):
        nxt, more = p.phases[last + 1], len(p.phases) - last - 1
        out.append(lambda: p.note(f"Next: {esc(phase_title(nxt))} ({more} more phase{'s' if more != 1 else ''} "
                                  "in this step)"))
    else:
        out.append(lambda: p.note("The step is complete: taking it replaces every W and b by its new value."))
    return out


def document(p):
    return "<html><body>" + "".join(part() for part in parts(p)) + "</body></html>"


def phase_title(phase):
    """A plain-text title for a phase (core.phases writes Δ³ with core.notation, fit for a QLabel)."""
    return phase.title


def render(snapshot: Snapshot, options: Options | None = None) -> str:
    """The HTML of the whole view for this snapshot."""
    return document(Page(snapshot, options or Options()))
