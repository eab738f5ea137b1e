"""One module per screen; each gets what it needs in its constructor and emits what the visitor chose."""
