"""The 绩效目标 ribbon add-in, built from source text without Excel."""

from xlgoals.addin.build import build

__all__ = ["build"]
