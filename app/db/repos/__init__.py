"""Repositories: SQL in, frozen domain records out."""
