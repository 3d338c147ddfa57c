"""Renderers of report figures and money records into files people open: CSV now, PDF and charts later."""
