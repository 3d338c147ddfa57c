"""Domain vocabulary shared by every layer: errors and plain records."""
