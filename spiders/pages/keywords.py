"""Cheap "does this page mention any of these words?" checks, used as prefilters before costly regexes.

Pages are 30–300 KB and every product page is asked several such questions (auction wording,
was-price wording, bot-protection markers). A loop of ``word in text`` scans the page once per word
(26 scans for the product prefilters) and ``text.lower()`` of a page with any non-ASCII character
is slow, so both were the largest costs of a crawl after the JSON-LD read.

Here the page is folded once: encoded as UTF-8 and lower-cased in its ASCII letters only
(``bytes.lower``, ~10× cheaper than ``str.lower`` on such pages). Each word is matched in every
spelling that folding can leave: ASCII letters lower case, other cased letters (``é``/``É``) in both
cases. All words of a set are then looked for in one pass by an Aho–Corasick automaton
(``ahocorasick-rs``), or by one substring test per word when that package is missing; the answers
are the same.
"""

from __future__ import annotations

from itertools import product

try:  # one linear pass for any number of words; optional, the fallback gives the same answers
    from ahocorasick_rs import BytesAhoCorasick, MatchKind
except ImportError:  # pragma: no cover - the fallback is tested with use_automaton=False
    BytesAhoCorasick = MatchKind = None

MAX_VARIANTS = 64  # case spellings kept per word (a word with many accented letters is rare)


def fold(text: str) -> bytes:
    """The page as UTF-8 with ASCII letters lower-cased: what ``KeywordSet`` searches.

    >>> fold("Prix CONSEILLÉ")
    b'prix conseill\\xc3\\x89'
    """
    return text.encode("utf-8", "replace").lower()


def spellings(word: str) -> set[bytes]:
    """Every folded form a case variant of ``word`` can take (non-ASCII letters keep their case).

    >>> sorted(spellings("Mise à prix"))
    [b'mise \\xc3\\x80 prix', b'mise \\xc3\\xa0 prix']
    """
    options = []
    for char in word.lower():
        upper = char.upper()
        if char.isascii() or len(upper) != 1 or upper == char:
            options.append((char,))
        else:
            options.append((char, upper))
    forms = set()
    for combination in product(*options):
        forms.add("".join(combination).encode("utf-8").lower())
        if len(forms) >= MAX_VARIANTS:
            break
    return forms


class KeywordSet:
    """A fixed set of case-insensitive words, searched in folded pages (see ``fold``)."""

    def __init__(self, words, *, use_automaton: bool = True):
        self.words = tuple(dict.fromkeys(w for w in words if w))
        self.patterns = tuple(sorted({form for word in self.words for form in spellings(word)}))
        automaton = use_automaton and BytesAhoCorasick is not None and self.patterns
        # Leftmost-first: reports a match whenever any word occurs (all "found_in" needs), and unlike
        # the standard match kind it lets the library use its SIMD prefilter: ~20x faster on pages.
        self._automaton = BytesAhoCorasick(list(self.patterns), matchkind=MatchKind.LeftmostFirst) if automaton else None

    def found_in(self, folded: bytes) -> bool:
        """True when any word occurs in the folded page."""
        if self._automaton is not None:
            return bool(self._automaton.find_matches_as_indexes(folded))
        return any(pattern in folded for pattern in self.patterns)

    def positions(self, folded: bytes) -> list[tuple[int, int]]:
        """(start, end) byte offsets of non-overlapping occurrences, in page order."""
        if self._automaton is not None:
            return [(start, end) for _, start, end in self._automaton.find_matches_as_indexes(folded)]
        found = []
        for pattern in self.patterns:
            start = folded.find(pattern)
            while start >= 0:
                found.append((start, start + len(pattern)))
                start = folded.find(pattern, start + 1)
        return sorted(found)

    def __repr__(self) -> str:
        return f"KeywordSet({len(self.words)} words, {'automaton' if self._automaton else 'substring scan'})"
