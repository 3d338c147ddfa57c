"""The Calendar screen: the week or day grid, and booking a session from it."""
