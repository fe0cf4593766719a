""""Did you mean …?": close matches for a mistyped name, used by every error that names an unknown key.

Imports nothing from :mod:`helpers`, so the data layer, the parameter checks and the runner share it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_matches(word: object, candidates: Iterable[object], n: int = 5, *,
                  ignore_case: bool = True) -> list:
    """Up to ``n`` candidates that look like ``word``, best first.

    Parameters
    ----------
    word : what the user typed.
    candidates : the known names (any objects; compared by ``str``).
    n : at most this many matches.
    ignore_case : compare case-insensitively (names, codes); ``False`` for values whose case matters.

    Returns
    -------
    The matching candidates themselves (not their string forms).
    """
    fold = str.lower if ignore_case else str
    by_text = {fold(str(c)): c for c in candidates}
    hits = difflib.get_close_matches(fold(str(word)), list(by_text), n=n, cutoff=0.5)
    return [by_text[h] for h in hits]


def did_you_mean(word: object, candidates: Iterable[object], n: int = 3, *, ignore_case: bool = False) -> str:
    """``" Did you mean 'a', 'b'?"`` for the close matches of ``word``, or ``""`` when there are none."""
    hits = close_matches(word, candidates, n=n, ignore_case=ignore_case)
    return f" Did you mean {', '.join(map(repr, hits))}?" if hits else ""
