"""Backprop Lab's data files, shipped inside the package so an installed copy finds them.

    presets/*.json    the built-in setups (session files without weights; core/presets.py reads them)
    lessons/          guided lessons

Read them with importlib.resources, never by a path beside the source:

    from importlib.resources import files
    files("resources").joinpath("presets", "circle.json").read_text(encoding="utf-8")
"""
