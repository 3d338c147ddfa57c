"""Replaces PyInstaller's matplotlib run-time hook, which makes a folder in the host's temp at every start.

The app points MPLCONFIGDIR at the stick (app.core.paths.apply_environment) before matplotlib is imported,
and a onedir bundle does not move between runs, so the font cache there stays valid."""
