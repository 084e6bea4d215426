"""Payment by results: measures configured by administrators, earned per period from the
indicator snapshots (computed last in a refresh, after the indicators it reads)."""
