"""The Session screen: status, consent, inks used and payments of one session."""
