"""The tattoo studio on a stick: one package for the whole back office."""

__version__ = "0.1.0"
