from .share_image import register

__all__ = ["register"]
