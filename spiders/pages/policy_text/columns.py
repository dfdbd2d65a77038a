"""Tables flattened by columns: all row names first, then all their values, one paragraph each.

Some page builders lay a table out column by column, so the copied text reads

    Metro Manila
    Luzon
    Visayas and Mindanao
    7 business days to process; up to 5 business days to deliver
    7 business days to process; up to 7 business days to deliver
    ...

(blank lines between). When a run of short name lines is followed by exactly as many value paragraphs
(each line with a duration or an amount) and then by something else, the k-th name and the k-th value
are one row: "Metro Manila: 7 business days to process; up to 5 business days to deliver". Any other
count leaves the text alone, since which value belongs to which name would be a guess.
"""

from __future__ import annotations

import re

from .days import find_days
from .money_spans import find_money


def _paragraphs(lines: list[str]) -> list[list[int]]:
    """Line indexes of each run of non-blank lines."""
    paras: list[list[int]] = []
    for i, line in enumerate(lines):
        if line.strip():
            if paras and paras[-1][-1] == i - 1:
                paras[-1].append(i)
            else:
                paras.append([i])
    return paras


def _is_name(line: str) -> bool:
    text = line.strip()
    return bool(text) and not re.search(r"\d", text) and len(text.split()) <= 5 and not text.endswith((".", ":", "!", "?"))


def _is_value(line: str) -> bool:
    """A bare value: a duration or an amount with no label of its own ("Express: 1-3 days" is a row)."""
    return ":" not in line and "|" not in line and bool(find_days(line) or find_money(line, "USD"))


def pair_flattened_columns(text: str) -> str:
    """The text with each column-flattened name/value table rewritten as "name: value" lines."""
    lines = text.split("\n")
    paras = _paragraphs(lines)
    out = list(lines)
    k = 0
    while k < len(paras):
        names = []
        j = k
        while j < len(paras) and all(_is_name(lines[i]) for i in paras[j]):
            names.extend(paras[j])
            j += 1
        values = []
        while j < len(paras) and len(values) < len(names) and all(_is_value(lines[i]) for i in paras[j]):
            values.append(paras[j])
            j += 1
        ends = j == len(paras) or not all(_is_value(lines[i]) for i in paras[j])
        if len(names) >= 2 and len(values) == len(names) and ends:
            for name, value in zip(names, values):
                out[name] = f"{lines[name].strip()}: " + " ".join(lines[i].strip() for i in value)
                for i in value:
                    out[i] = ""
        k = max(j, k + 1)
    return "\n".join(out)
