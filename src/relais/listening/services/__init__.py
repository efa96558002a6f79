"""Use cases of social listening; the CLI, the API, the views and the jobs call these."""
