"""The window's actions, menus and toolbar. Every action has an objectName (tests find them by it)."""
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QToolBar

from core import presets

from . import run_goals
from .controls import SpeedControl

PLOTS = (("loss", "&Loss plot…"), ("weights", "&Weights plot…"), ("data", "&Data plot…"))


def _action(window, name, text, slot=None, shortcut=None, tip="", icon=None, checkable=False):
    action = QAction(text, window)
    action.setObjectName(name)
    if slot is not None:
        action.triggered.connect(slot)
    if shortcut:
        action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    action.setCheckable(checkable)
    return action


def build_actions(window):
    """All the window's QActions, as attributes of one namespace."""
    c = window.controller
    a = SimpleNamespace()
    a.play = _action(window, "actionPlay", "&Play", shortcut="Space", checkable=True,
                     tip="Train continuously at the chosen speed (Space)", icon=QStyle.SP_MediaPlay)
    a.play.triggered.connect(lambda checked: c.play() if checked else c.pause())
    a.step = _action(window, "actionStep", "&Step", lambda: c.step(1), shortcut="S",
                     tip="Take one optimizer step (S)", icon=QStyle.SP_MediaSkipForward)
    a.reset = _action(window, "actionReset", "&Reset", c.reset, shortcut="Ctrl+R",
                      tip="New starting weights from the seed (the same seed gives the same start); step 0",
                      icon=QStyle.SP_BrowserReload)
    a.run_to_step = _action(window, "actionRunToStep", "Run to s&tep…", lambda: run_goals.ask_run_to_step(window),
                            tip="Play until a chosen step, then pause (e.g. step 20, to compare with the question)")
    a.run_until_loss = _action(window, "actionRunUntilLoss", "Run until test &loss ≤ x…",
                               lambda: run_goals.ask_run_until_loss(window),
                               tip="Play until the test loss is at most a chosen value, then pause")
    run_goals.follow_goals(window)
    a.undo = c.undo_stack.createUndoAction(window, "&Undo")
    a.undo.setObjectName("actionUndo")
    a.undo.setShortcuts([QKeySequence("Ctrl+Z")])
    a.redo = c.undo_stack.createRedoAction(window, "&Redo")
    a.redo.setObjectName("actionRedo")
    a.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    a.open = _action(window, "actionOpen", "&Open…", window.open_dialog, QKeySequence.Open,
                     "Open a saved session")
    a.save = _action(window, "actionSave", "&Save", window.save, QKeySequence.Save, "Save the session")
    a.save_as = _action(window, "actionSaveAs", "Save &As…", window.save_as_dialog, "Ctrl+Shift+S",
                        "Save the session under a new name")
    a.import_csv = _action(window, "actionImportData", "Import &data (CSV)…", window.import_csv_dialog,
                           tip="Train on your own table of numbers: choose the target columns")
    a.export_weights = _action(window, "actionExportWeights", "&Export weights…", window.export_weights_dialog,
                               "Ctrl+E", "Write W¹…W^L and b¹…b^L to .npz, .json or .csv")
    a.import_weights = _action(window, "actionImportWeights", "&Import weights…", window.import_weights_dialog,
                               tip="Load weights from .npz, .json or MATLAB .mat (undoable)")
    a.export_plot = {which: _action(window, f"actionExportPlot{which.capitalize()}", text,
                                    lambda _=False, w=which: window.export_plot_dialog(w),
                                    tip=f"Save the {which} plot as an image")
                     for which, text in PLOTS}
    a.quit = _action(window, "actionQuit", "&Quit", window.close, QKeySequence.Quit, "Close Backprop Lab")
    a.presets = {}
    for name in presets.names():
        action = _action(window, f"actionPreset_{name}", name, lambda _=False, n=name: window.new_session(n),
                         tip=presets.describe(name))
        a.presets[name] = action
    a.default_layout = _action(window, "actionDefaultLayout", "Restore default &layout", window.default_layout)
    a.equations_help = _action(window, "actionEquationsHelp", "How to read the &equations",
                               window.show_equations_help, "F1")
    a.about = _action(window, "actionAbout", "&About Backprop Lab", window.show_about)
    return a


def build_menus(window, a):
    bar = window.menuBar()
    file = bar.addMenu("&File")
    window.file_menu = file
    new = file.addMenu("&New")
    new.setObjectName("menuNew")
    new.setToolTipsVisible(True)
    new.addActions(list(a.presets.values()))
    file.addAction(a.open)
    window.recent_menu = file.addMenu("Open &recent")
    window.recent_menu.setObjectName("menuRecent")
    window.recent_menu.aboutToShow.connect(window.fill_recent_menu)
    file.addAction(a.save)
    file.addAction(a.save_as)
    file.addSeparator()
    file.addAction(a.import_csv)
    file.addAction(a.import_weights)
    file.addAction(a.export_weights)
    plot_menu = file.addMenu("Export &plot image")
    plot_menu.setObjectName("menuExportPlot")
    plot_menu.addActions(list(a.export_plot.values()))
    file.addSeparator()
    file.addAction(a.quit)

    edit = bar.addMenu("&Edit")
    edit.addAction(a.undo)
    edit.addAction(a.redo)

    train = bar.addMenu("&Train")
    train.addActions([a.play, a.step, a.reset])
    train.addSeparator()
    train.addActions([a.run_to_step, a.run_until_loss])

    view = bar.addMenu("&View")
    window.view_menu = view

    preset_menu = bar.addMenu("&Presets")
    preset_menu.setObjectName("menuPresets")
    preset_menu.setToolTipsVisible(True)
    preset_menu.addActions(list(a.presets.values()))

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a.equations_help)
    help_menu.addAction(a.about)


def build_toolbar(window, a):
    bar = QToolBar("Training", window)
    bar.setObjectName("trainingToolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
    bar.addActions([a.play, a.step, a.reset])
    _wide_enough_for_both(bar.widgetForAction(a.play), a.play, ("&Play", "&Pause"))
    bar.addSeparator()
    window.speed = SpeedControl(window.controller)
    window.speed.setMaximumWidth(420)
    bar.addWidget(window.speed)
    bar.addSeparator()
    bar.addActions([a.undo, a.redo])
    window.addToolBar(Qt.TopToolBarArea, bar)
    return bar


def fill_view_menu(window, docks):
    window.view_menu.clear()
    for dock in docks:
        window.view_menu.addAction(dock.toggleViewAction())
    window.view_menu.addSeparator()
    window.view_menu.addAction(window.menu_actions.default_layout)


def _wide_enough_for_both(button, action, texts):
    """The Play button as wide as its widest text, so the toolbar does not shift when Play becomes Pause."""
    current = action.text()
    widths = []
    for text in texts:
        action.setText(text)
        widths.append(button.sizeHint().width())
    action.setText(current)
    button.setMinimumWidth(max(widths))
