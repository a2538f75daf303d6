"""Projector mode: zoom every panel (View › Zoom in / out / Reset, Ctrl+= / Ctrl+− / Ctrl+0) and the
themes (View › Theme: light, dark, high contrast), both kept across starts in the settings.

Zoom scales the application's font (the settings, the labels, the equations' text), the diagram's
view and the plots' axis text. A theme sets the window's palette, the plots' and the equations'
colours; the weight colours stay blue for positive and orange for negative in every theme (the
Okabe–Ito pair, told apart by viewers with any common colour-vision deficiency, and by lightness
in grey), only lighter on dark backgrounds.
"""
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from . import palette

ZOOMS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0)
THEMES = {
    # name: (menu text, window, text, base, plot background, plot text, weight +, weight −, selected)
    "light": ("&Light", None, None, None, "#ffffff", "#1e1e1e", (33, 102, 172), (230, 120, 20), (220, 20, 60)),
    "dark": ("&Dark", "#2b2b2b", "#e6e6e6", "#1e1e1e", "#1e1e1e", "#e6e6e6", (86, 180, 233), (230, 159, 0),
             (255, 99, 132)),
    "high-contrast": ("&High contrast", "#000000", "#ffffff", "#000000", "#000000", "#ffffff",
                      (86, 180, 233), (255, 176, 0), (255, 255, 0)),
}
SETTING_ZOOM, SETTING_THEME = "view/zoom", "view/theme"


class Projector:
    """Owns the zoom and the theme of one window; `window` has .settings, .diagram, .plots, .equations."""

    def __init__(self, window):
        self.window = window
        app = QApplication.instance()
        # the application's own font and palette, before any window zoomed or themed it
        if not hasattr(app, "_backprop_base"):
            app._backprop_base = (QFont(app.font()), QPalette(app.palette()), app.style().name())
        self.base_font, self.base_palette, self.base_style = app._backprop_base
        self.zoom = 1.0
        self.theme = "light"
        self.actions = self._actions()

    # ---- actions ----------------------------------------------------------------------------------
    def _action(self, name, text, shortcuts, slot):
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _actions(self):
        a = {"zoom_in": self._action("actionZoomIn", "Zoom &in", ["Ctrl+=", "Ctrl++"], self.zoom_in),
             "zoom_out": self._action("actionZoomOut", "Zoom &out", ["Ctrl+-"], self.zoom_out),
             "zoom_reset": self._action("actionZoomReset", "&Reset zoom", ["Ctrl+0"], lambda: self.set_zoom(1.0))}
        group = QActionGroup(self.window)
        for name, spec in THEMES.items():
            action = QAction(spec[0], self.window, checkable=True)
            action.setObjectName(f"actionTheme_{name.replace('-', '_')}")
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            group.addAction(action)
            a[f"theme_{name}"] = action
        return a

    def add_to_menu(self, view_menu):
        view_menu.addSeparator()
        for key in ("zoom_in", "zoom_out", "zoom_reset"):
            view_menu.addAction(self.actions[key])
        themes = view_menu.addMenu("&Theme")
        themes.setObjectName("menuTheme")
        for name in THEMES:
            themes.addAction(self.actions[f"theme_{name}"])

    def restore(self):
        """The zoom and theme of the last start."""
        s = self.window.settings
        try:
            zoom = float(s.value(SETTING_ZOOM, 1.0))
        except (TypeError, ValueError):
            zoom = 1.0
        theme = s.value(SETTING_THEME, "light")
        self.actions["theme_light"].setChecked(True)
        if theme in THEMES and theme != "light":
            self.set_theme(theme, remember=False)
        if zoom != 1.0 and ZOOMS[0] <= zoom <= ZOOMS[-1]:
            self.set_zoom(zoom, remember=False)
        elif QApplication.instance().font() != self.base_font:  # a window before this one zoomed it
            self.set_zoom(1.0, remember=False)

    # ---- zoom -------------------------------------------------------------------------------------
    def zoom_in(self):
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom + 1e-9), ZOOMS[-1]))

    def zoom_out(self):
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-9), ZOOMS[0]))

    def set_zoom(self, zoom, remember=True):
        self.zoom = zoom
        app = QApplication.instance()
        font = QFont(self.base_font)
        font.setPointSizeF(self.base_font.pointSizeF() * zoom)
        app.setFont(font)
        w = self.window
        _refont_styled_widgets(w)
        w.diagram.set_zoom(zoom)
        for plot in w.plots.values():
            _zoom_plot(plot, zoom)
        w.equations.browser.setFont(font)
        w.equations.browser.document().setDefaultFont(font)
        w.equations.refresh()
        self.actions["zoom_out"].setEnabled(zoom > ZOOMS[0])
        self.actions["zoom_in"].setEnabled(zoom < ZOOMS[-1])
        if remember:
            w.settings.setValue(SETTING_ZOOM, zoom)
        w.statusBar().showMessage(f"Zoom {zoom:.0%}", 2000)

    # ---- themes -----------------------------------------------------------------------------------
    def set_theme(self, name, remember=True):
        spec = THEMES[name]
        self.theme = name
        self.actions[f"theme_{name}"].setChecked(True)
        app = QApplication.instance()
        if spec[1] is None:
            if app.style().name().lower() != self.base_style.lower():
                app.setStyle(self.base_style)
            app.setPalette(self.base_palette)
        else:
            app.setStyle("Fusion")  # the platform styles ignore parts of a palette
            app.setPalette(_palette(*spec[1:4], selected=spec[8]))
        palette.set_theme(background=spec[4], text=spec[5], positive=spec[6], negative=spec[7], selected=spec[8])
        w = self.window
        for plot in w.plots.values():
            _theme_plot(plot, spec[4], spec[5])
        w.diagram.refresh_values()  # the diagram stays a white sheet; its weights take the new shades
        w.equations.set_theme_colors(palette.document_colors())
        _recolor_captions(w, spec[1] is not None)
        if remember:
            w.settings.setValue(SETTING_THEME, name)


def _refont_styled_widgets(window):
    """Widgets with a style sheet of their own (the status bar's fields, the Forward/Backward switch, the
    card) keep the font they were first polished with when the application's font changes: Zoom in
    made them larger, but Reset zoom left them so, overlapping what is beside them. Setting the same
    style sheet again polishes them with the application's new font."""
    for widget in window.findChildren(QWidget):
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


GREY_CAPTIONS = ("color: #444;", "color: #555;", "color: #666;")  # grey on white, set by the panels


def _recolor_captions(window, dark):
    """Grey captions written for a white background are lightened on a dark one (and restored)."""
    from PySide6.QtWidgets import QLabel
    for label in window.findChildren(QLabel):
        original = label.property("sheetBeforeTheme") or label.styleSheet()
        if original not in GREY_CAPTIONS:
            continue
        label.setProperty("sheetBeforeTheme", original)
        label.setStyleSheet("color: #bdbdbd;" if dark else original)


def _palette(window, text, base, selected):
    p = QPalette()
    window, text, base = QColor(window), QColor(text), QColor(base)
    for role, color in ((QPalette.Window, window), (QPalette.WindowText, text), (QPalette.Base, base),
                        (QPalette.AlternateBase, window), (QPalette.Text, text), (QPalette.Button, window),
                        (QPalette.ButtonText, text), (QPalette.ToolTipBase, base), (QPalette.ToolTipText, text),
                        (QPalette.BrightText, QColor(*selected)), (QPalette.PlaceholderText, QColor("#9a9a9a")),
                        (QPalette.Link, QColor(86, 180, 233))):
        p.setColor(role, color)
    p.setColor(QPalette.Highlight, QColor(86, 180, 233))
    p.setColor(QPalette.HighlightedText, QColor("#000000"))
    p.setColor(QPalette.Disabled, QPalette.Text, QColor("#8a8a8a"))
    p.setColor(QPalette.Disabled, QPalette.WindowText, QColor("#8a8a8a"))
    p.setColor(QPalette.Disabled, QPalette.ButtonText, QColor("#8a8a8a"))
    return p


def _plot_widgets(plot):
    import pyqtgraph as pg
    return [plot] if isinstance(plot, pg.PlotWidget) else plot.findChildren(pg.PlotWidget)


def _zoom_plot(plot, zoom):
    from .plots.base import AXIS_HEIGHT, AXIS_WIDTH
    font = QFont()
    font.setPointSizeF(8.5 * zoom)
    for widget in _plot_widgets(plot):
        item = widget.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)
        item.getAxis("left").setWidth(int(AXIS_WIDTH * zoom))
        item.getAxis("bottom").setHeight(int(AXIS_HEIGHT * zoom))


def _theme_plot(plot, background, text):
    """Every axis (the loss plot's accuracy axis on the right too), its label and any legend take the
    theme's colours: dark grey text written for white would vanish on a dark background."""
    import pyqtgraph as pg
    for widget in _plot_widgets(plot):
        widget.setBackground(background)
        item = widget.getPlotItem()
        for name in item.axes:
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))
            axis.labelStyle["color"] = text
            axis._updateLabel()
    # the plot's own legend, and a legend a panel placed itself (the data plot's, on its view box)
    legends = [getattr(plot, "legend", None)] + [getattr(w.getPlotItem(), "legend", None) for w in _plot_widgets(plot)]
    for legend in {id(x): x for x in legends if x is not None}.values():
        legend.setLabelTextColor(text)
        for _, label in legend.items:  # setLabelTextColor keeps the colour for later entries only
            label.setText(label.text, color=text)
        legend.setBrush(legend_brush(background))
        legend.setPen(pg.mkPen(text, width=0.5) if QColor(background).lightness() < 128 else None)

def legend_brush(background):
    """A legend's box: the plot's background, slightly see-through, so it reads on any theme."""
    color = QColor(background)
    color.setAlpha(200)
    return color
