"""Sessions: booking the calendar and the inks used in each session."""
