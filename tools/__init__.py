"""Developer tools: the test runner's helpers, benchmarks, builds and drivers of the running app."""
