"""Typed HTTP client for the embedded API, used by the UI and scripts."""
