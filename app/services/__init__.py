"""Use cases: plain Python that owns the rules and the authorization."""
