"""Clients: their records, medical alerts, consents and GDPR rights."""
