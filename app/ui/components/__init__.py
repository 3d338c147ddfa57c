"""Pieces every screen may use: money in and out, status chips, local times, form errors, saving files.

Screens import these, never each other (an import-linter contract keeps the screens independent).
"""
