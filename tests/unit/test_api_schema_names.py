"""django-ninja names each OpenAPI component after its schema class: two areas defining a
``SourceOut`` silently share one component, and the API then answers against the wrong schema.
Every schema class the API mounts must have a name of its own."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_schema_class_names_are_unique_across_areas() -> None:
    import relais.api  # noqa: F401  (mounts every area's routers)

    modules_by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("relais."):
            modules_by_name[cls.__name__].add(cls.__module__)
    clashes = {n: sorted(m) for n, m in modules_by_name.items() if len(m) > 1}
    assert clashes == {}
