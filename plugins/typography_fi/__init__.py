from .typography_fi import register, typo_fi

__all__ = ["register", "typo_fi"]
