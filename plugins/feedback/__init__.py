from .feedback import register

__all__ = ["register"]
