"""The studio itself: creating and unlocking it, and its key slots."""
