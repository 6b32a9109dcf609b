"""Focus areas, indicators and measurements (built in the strategy issue)."""
