"""Numbers as people read them: no needless decimals, the language's decimal mark."""

from __future__ import annotations


def format_number(value: float | int | None, decimal_mark: str = ",") -> str:
    """Without needless decimals: 2 -> "2", 2.5 -> "2,5" (Dutch) or "2.5" (``decimal_mark="."``)."""
    if value is None:
        return ""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal_mark)


def percentage(earned: float, maximum: float) -> float:
    """``earned`` of ``maximum`` in percent, one decimal; 0 when there is nothing to earn."""
    if maximum <= 0:
        return 0.0
    return round(100.0 * earned / maximum, 1)
