"""The terminal interface: the `jixiao` command line (and, later, the Textual app)."""
