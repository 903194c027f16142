from .typography_fi import register, typeset, typo_fi

__all__ = ["register", "typeset", "typo_fi"]
