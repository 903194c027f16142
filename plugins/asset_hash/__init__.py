from .asset_hash import register

__all__ = ["register"]
