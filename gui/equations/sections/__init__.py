"""The parts of the equation page, one module each; every part is a function `part(page, ...) -> html`
that reads a gui.equations.page.Page (the snapshot, the options, the writing helpers) and returns HTML.

    header.py    the opening paragraph (step, network, what the batch is)
    selected.py  the selected parameter's scalar chain rule and its update
    seed.py      the question's own network, reduced to its scalar update
    forward.py   phase "forward" (one layer)
    cost.py      phase "cost"
    backward.py  phases "bp1", "bp2" and "gradients" (BP3, BP4)
    update.py    phase "update" (SGD, momentum, Adam; L1/L2)

gui/equations/render.py puts them together in the order of core.phases.phases(L).
"""
