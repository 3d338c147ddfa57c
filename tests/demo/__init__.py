"""Tests of the demo studio generator."""
