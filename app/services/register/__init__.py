"""The register: payments and the day's close."""
