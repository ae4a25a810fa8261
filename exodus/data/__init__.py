"""Layer 1, the data: the curated files, their columns, their checks and their loading. Imports nothing above it."""
