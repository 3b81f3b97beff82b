"""How answers write times and things, grammatically for any target phrase.

Times: ``at_time(45) == "45 s"``, ``at_time(725) == "12:05"`` (minutes:seconds from 10 minutes on,
hours:minutes:seconds from an hour on; never "12:05 s"). Things: :func:`subject` capitalises a
phrase to open a sentence and :func:`be` agrees with it ("the cat was", "people were").
"""

from __future__ import annotations

from streamvu.answerers.reading import Target


def asked_thing(target: Target, alternatives: tuple[Target, ...]) -> Target:
    """What a "no" names: ``target``, or all of "is there a cat or a dog?" ("a cat or a dog")."""
    return Target(" or ".join(a.text for a in alternatives)) if len(alternatives) >= 2 else target


def clock(t: float) -> str:
    """12.0 -> '12', 12.5 -> '12.5', 725 -> '12:05', 3725 -> '1:02:05'."""
    if t >= 600:
        s = round(t)
        h, rest = divmod(s, 3600)
        m, sec = divmod(rest, 60)
        return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
    return f"{t:.1f}".rstrip("0").rstrip(".")


def at_time(t: float) -> str:
    """A moment: '45 s' or '12:05'."""
    return clock(t) if t >= 600 else f"{clock(t)} s"


def span_text(start: float, end: float) -> str:
    """'20–39 s' ('3 s' when both ends agree to the shown precision; '12:05–12:40' past 10 minutes)."""
    if clock(start) == clock(end):
        return at_time(end)
    return f"{clock(start)}–{at_time(end)}" if end < 600 else f"{clock(start)}–{clock(end)}"


def spans_text(spans) -> str:
    """'20–39 s, 50–59 s and 70 s'."""
    parts = [span_text(s.start, s.end) for s in spans]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def subject(target: Target) -> str:
    """The target opening a sentence: 'A hot drink', 'Someone', 'Movement'."""
    return cap(target.text)


def be(target: Target, past: bool) -> str:
    if past:
        return "were" if target.plural else "was"
    return "are" if target.plural else "is"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def times(n: int) -> str:
    """1 -> 'once', 2 -> 'twice', 5 -> '5 times'."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth").split()


def ordinal_word(n: int) -> str:
    """2 -> 'second', 6 -> 'sixth', 12 -> 'number 12'."""
    return _ORDINAL_WORDS[n - 1] if 1 <= n <= len(_ORDINAL_WORDS) else f"number {n}"


def like(target: Target) -> str:
    """ "something like a horse": what a weak match (:data:`~.decide.DEFAULT_WEAK`) may be."""
    return f"something like {target.text}"


def weak_score(value: float, limit: float) -> str:
    """ "a weak match (score 0.14; a clear one is 0.20 or more)"."""
    return f"a weak match (score {value:.2f}; a clear one is {limit:.2f} or more)"
