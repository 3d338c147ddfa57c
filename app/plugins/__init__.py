"""Plugins: drop-in `plugins/*.py` files on the stick, enabled by an admin and pinned by SHA-256.

`hookspecs` says what a plugin may implement, `spec` holds the records hooks exchange, `host` calls the
hooks so that one plugin's failure never costs the app or another plugin. See plugins/README.md.
"""
