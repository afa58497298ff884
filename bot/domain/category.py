"""Consultation categories: BPR (業務改善) and app work (アプリ・自動化)."""

from enum import StrEnum


class Category(StrEnum):
    BPR = "bpr"
    APP = "app"

    @property
    def other(self) -> "Category":
        return Category.APP if self is Category.BPR else Category.BPR
