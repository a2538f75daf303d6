"""What each view costs to redraw once, forced, in the window of the frame-time section.

Each figure is the best of a few redraws, timed with the paint that shows it (the view's
viewport repainted at once), for the preset the window was just playing. The frame-time
section reports these beside its frames: they say which view a long frame came from.
"""
import time

from .report import Section

REPEATS = 5


def _best(draw, repeats=REPEATS):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        draw()
        best = min(best, time.perf_counter() - t0)
    return best


def _plot(plot):
    def draw():
        plot._gate.forget()
        plot.draw()
        plot.widget.viewport().repaint()
    return draw


def costs(window):
    """{view: seconds} for one forced redraw of each view, the window paused."""
    diagram, equations = window.diagram, window.equations

    def draw_diagram():
        diagram.refresh_values()
        diagram.viewport().repaint()

    def draw_page():
        equations.refresh()
        equations.browser.viewport().repaint()

    def draw_in_sight():
        equations.refresh_in_sight()
        equations.browser.viewport().repaint()
    out = {"diagram (lines and biases)": _best(draw_diagram)}
    if getattr(diagram, "maps_on", False):
        def draw_maps():
            diagram.refresh_maps(force=True)
            diagram.viewport().repaint()
        out["diagram's neuron maps"] = _best(draw_maps)
    for name, plot in (("loss plot", window.loss_plot), ("weights plot", window.weights_plot),
                       ("data plot", window.data_plot)):
        out[name] = _best(_plot(plot))
    out["equations, whole page (paused)"] = _best(draw_page, 3)
    out["equations, parts in sight (playing)"] = _best(draw_in_sight, 3)
    return out


def section(per_preset):
    """A table: one row per view, one column per preset; per_preset is {preset title: costs(...)}."""
    titles = list(per_preset)
    columns = [("view (one forced redraw, ms)", "name")] + [(t, t) for t in titles]
    s = Section("Per-view cost (best of a few redraws with their paint, the window paused)", columns)
    views = list(next(iter(per_preset.values()))) if per_preset else []
    for view in views:
        s.rows.append({"name": view, **{t: f"{1000 * per_preset[t][view]:.1f}" for t in titles}})
    return s
