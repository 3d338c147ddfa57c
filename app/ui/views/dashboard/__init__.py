"""The Dashboard screen: today's sessions and money, figures and the accountant's files."""
