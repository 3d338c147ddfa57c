"""The demo studio: a generated studio with years of plausible work, for trying the app and for benchmarks."""
