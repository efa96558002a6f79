"""The REST API at /api/v1: mounts each area's router. Auth and error mapping live in core/api_support."""

from ninja import NinjaAPI

api = NinjaAPI(title="Relais API", version="1", urls_namespace="api-v1")
