"""Social listening: sources (feeds, social APIs, a webhook), one mentions inbox, contact links."""
