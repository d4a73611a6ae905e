"""The MkDocs adapter: configuration, build events and file registration; no domain rules."""
