"""Views of the web UI, one module per page or group of changes; each is a thin entrypoint."""
