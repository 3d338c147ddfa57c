"""The Register screen: the day's payments, taking one, closing the day."""
