"""Sync-on-connect, the device side: pairing with a relay, pushing the outbox and pulling the studio's changes."""
