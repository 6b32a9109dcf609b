"""Match runs and matches (built in the GRID issue)."""
