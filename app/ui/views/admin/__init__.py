"""The Admin screen: users, settings, re-keying and the audit log."""
