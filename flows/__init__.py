"""Prefect flows: thin orchestration over app services (backups, exports) — see flows/README.md."""
