"""Image ingest: strip metadata, store, and make renditions (a helper fills this)."""
