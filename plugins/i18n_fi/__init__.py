from .i18n_fi import register

__all__ = ["register"]
