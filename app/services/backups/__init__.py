"""Backups: the one writer of restore points, their store, manifest, mirror, retention and restore."""
