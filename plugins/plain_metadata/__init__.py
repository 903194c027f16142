from .plain_metadata import register

__all__ = ["register"]
