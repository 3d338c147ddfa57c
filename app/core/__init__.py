"""Paths, crypto, locks and clocks: imported by every layer, importing none."""
