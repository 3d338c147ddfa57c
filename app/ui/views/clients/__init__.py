"""The Clients and Client screens: search, the client form, history and medical profile."""
