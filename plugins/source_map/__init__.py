from .source_map import register

__all__ = ["register"]
