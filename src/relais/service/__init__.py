"""Customer service: tickets with service levels (docs/service.md)."""
