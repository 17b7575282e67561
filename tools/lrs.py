"""`vantage lrs send`: recorded plays as xAPI statements to a learning record store (placeholder, filled below)."""
