"""Flet views; they reach the studio only through app.client over HTTP."""
