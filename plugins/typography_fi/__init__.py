from .finnish import finnish_plain, finnish_typography
from .typography_fi import register, typo_fi

__all__ = ["finnish_plain", "finnish_typography", "register", "typo_fi"]
