from .writing import register

__all__ = ["register"]
