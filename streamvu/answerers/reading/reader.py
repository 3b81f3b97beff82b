"""Read a question as people word it: its form, its tense, what it asks about, and when.

:func:`read_question` tags every word of the question with what it signals (:mod:`.lexicon`): tense
("showed up", "is there", "will"), a request to be told ("let me know when"), order ("preceded",
"earlier", "last"), counting ("how often"), the events motion and scene change, a time window
(:mod:`.windows`). The words left untagged are the thing asked about; "it" refers back to an earlier
sentence. The form follows from the signals in a fixed order of precedence, and a question with no
decisive signal is read as ``summary`` — answered by describing what was seen in its window — never
forced into a confident other form.
"""

from __future__ import annotations

import functools
import re

import streamvu.answerers.reading.lexicon as lx
from streamvu.answerers.reading.types import FORMS, CountOf, Form, Mode, Reading, Target, TargetKind
from streamvu.answerers.reading.windows import find_window, seconds_of
from streamvu.answerers.reading.words import (
    chunks,
    has_any,
    normalise,
    phrase_of,
    resolve,
    sentences,
    tense_of,
    words_of,
)

__all__ = ["FORMS", "CountOf", "Form", "Mode", "Reading", "Target", "TargetKind", "read_question"]


# -- the signals ----------------------------------------------------------------------------------
_WHEN = re.compile(
    r"^\s*(?:(?:so|and|ok|okay|roughly|approximately|about|around|exactly|precisely|just)\s+)*(?:when|at\s+what\s+(?:time|point|moment|second)|what\s+time|"
    r"at\s+which\s+(?:time|point|moment|second)|in\s+which\s+(?:second|minute|part)|during\s+which|"
    r"how\s+long\s+ago|how\s+far\s+in(?:to\s+the\s+\w+)?|what\s+(?:moment|timestamp|second)|which\s+"
    r"(?:moment|timestamp|second|time))\b|\b(?:timestamps?|what\s+time)\b|\b(?:tell|show)\s+me\s+when\b"
    r"|\bwhen\s*\??\s*$|^\s*(?:for\s+)?how\s+long\b(?!\s+ago)|^\s*where\s+(?:was|were|did|had)\b",
    re.I,
)
_YESNO_START = re.compile(
    r"^\s*(?:so\s+|and\s+|ok\s+|okay\s+|hey\s+|quick\s+question\s*,?\s+)?(?:is|are|was|were|did|do|does|has|"
    r"have|had|can|could|would|will|any|anything|anyone|anybody|someone|somebody|something)\b"
    r"|\b(?:whether|yes\s+or\s+no)\b|^\s*(?:tell\s+me\s+)?if\b",
    re.I,
)
_WHAT = re.compile(r"^\s*(?:so\s+|and\s+)?(?:what|which|who)\b|\b(?:describe|summari[sz]e|list)\b", re.I)
_NEXT = re.compile(
    r"\bwhat\s+(?:will|is\s+going\s+to|would)\s+(?:happen|come|appear|be\s+shown)|\bwhat\s+(?:happens|comes|is)"
    r"\s+next\b|\bwhat\s+is\s+(?:coming|about\s+to)|\bpredict\b|\bwhat\s+(?:should|can)\s+we\s+expect\b",
    re.I,
)
_SINCE_WORD = re.compile(r"\bsince\b", re.I)
_REPEAT = re.compile(
    r"\bmore\s+than\s+(once|twice|one|two|three|\d+)|\b(twice|again|repeatedly|several\s+times|multiple\s+times|"
    r"a\s+second\s+time|come\s+back|came\s+back|return(?:ed)?|reappear(?:ed)?)\b",
    re.I,
)
_ORDINALS = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
_ORDINAL = re.compile(
    r"\b(second|2nd|third|3rd|fourth|4th|fifth|5th)\b(?!\s*(?:s\b|seconds?\b|mark|minutes?|hours?|half|part|time))",
    re.I,
)
_REPEAT_N = {"once": 2, "one": 2, "twice": 3, "two": 3, "three": 4}


_GONE = re.compile(
    r"\b(?:once|when|after)\s+\S.*?\b(?:was|were|had\s+been|is|are)?\s*(?:gone|left|disappeared|vanished|"
    r"over|finished|ended|out\s+of\s+(?:view|the\s+picture|frame))\b"
)


def _order_cue(words: list[str], text: str) -> tuple[str, int] | None:
    """('before'|'after', index of the cue word) for an order relation to something named."""
    if m := _GONE.search(text):  # "once the rocket was gone"
        return "after", len(words_of(text[: m.start()]))
    if m := re.search(r"\bbetween\s+(?!\d)", text):  # "what came between the cat and the coffee?"
        return "after", len(words_of(text[: m.start()]))
    for phrase in lx.BEFORE_PHRASES + lx.AFTER_PHRASES:
        if m := re.search(rf"\b{phrase}\b", text):
            kind = "before" if phrase in lx.BEFORE_PHRASES else "after"
            idx = len(words_of(text[: m.end()])) - 1
            return kind, idx
    for i, w in enumerate(words):
        if w in lx.BEFORE and w not in ("previous",):
            return "before", i
        if w in lx.AFTER and w not in ("then", "next", "afterwards"):
            return "after", i
    return None


def _first_last(words: list[str], text: str) -> str | None:
    if re.search(
        r"\b(?:most\s+recent(?:ly)?|latest|last|final(?:ly)?|lastly|later|ended\s+with|end\s+with)\b", text
    ):
        return "last"
    if re.search(
        r"\b(?:first|earliest|initially|sooner|earlier|opening|opened\s+with|start(?:ed)?\s+with|"
        r"beg[ai]n\s+with|kicked\s+off)\b",
        text,
    ):
        return "first"
    return None


_TIMES = re.compile(r"\b(once|twice|thrice|\d+|two|three|four|five)(?:\s+times)?\b(?=\s*\??\s*$)", re.I)
_THAN = re.compile(
    r"\bfor\s+(more|longer|less|shorter|at\s+least|over|under)\s+(?:than\s+)?(\d+(?:\.\d+)?\s*"
    r"(?:seconds?|secs?|s|minutes?|mins?|m)\b|(?:a\s+)?half\s+(?:a|1)\s+minute|a\s+minute)",
    re.I,
)


def _rank(text: str) -> str:
    """'most' / 'least' (how often) or 'longest' / 'shortest' (how long) when ``text`` asks for the
    extreme thing; 'none' otherwise."""
    if re.search(r"\b(?:longest|for\s+the\s+most\s+time|the\s+most\s+(?:screen\s+)?time)\b", text):
        return "longest"
    if re.search(
        r"\b(?:shortest|briefest|for\s+the\s+least\s+time|the\s+least\s+(?:screen\s+)?time)\b", text
    ):
        return "shortest"
    if re.search(r"\b(?:most\s+(?:often|frequently|times|common(?:ly)?)|the\s+most\b(?!\s+recent))", text):
        return "most"
    if re.search(r"\b(?:least\s+(?:often|frequently|times|common(?:ly)?)|the\s+(?:fewest|least)\b)", text):
        return "least"
    return "none"


def _absolute_first_last(text: str) -> str | None:
    """'first'/'last' said of one thing ("when did the cat last appear?"), not a comparison: "earlier"
    and "later" alone only say the tense ("what happened earlier on?")."""
    found = _first_last([], text)
    if found and not re.search(r"\b(?:first|earliest|initially|opening|opened\s+with|start(?:ed)?\s+with|beg[ai]n"
                               r"\s+with|kicked\s+off|most\s+recent(?:ly)?|latest|last|final(?:ly)?|lastly|ended\s+"
                               r"with|end\s+with)\b", text):  # fmt: skip
        return None
    return found


_NUMBER = re.compile(
    r"\b(at\s+least\s+|more\s+than\s+|over\s+|exactly\s+|only\s+|just\s+)?(\d+|"
    + "|".join(sorted((re.escape(w) for w in lx.NUMBER_WORDS), key=len, reverse=True))
    + r")\s+((?:\w+\s+){0,2}?)(\w+)\b",
    re.I,
)


def _claimed_number(q: str, phrase: str) -> tuple[int, bool, str] | None:
    """(n, at least?, the phrase without the number) when ``q`` puts a number before ``phrase``'s head
    noun ("two people", "at least 3 cars", "more than one face"); None otherwise."""
    head = phrase.split()[-1]
    for m in _NUMBER.finditer(q):
        if m.group(4).lower() != head:
            continue
        word = m.group(2).lower()
        n = int(word) if word.isdigit() else lx.NUMBER_WORDS[word]
        more = (m.group(1) or "").strip().lower()
        at_least = more.startswith(("at least", "more", "over"))
        if more.startswith(("more", "over")):
            n += 1
        rest = " ".join(w for w in phrase.split() if w.lower() != word and not w.isdigit())
        return n, at_least, rest or head
    return None


@functools.lru_cache(maxsize=1024)  # a question is read by the mode check, the answerer and a trigger
def read_question(text: str, mode: str = "auto", asked_at: float = 0.0) -> Reading:
    """Read ``text`` asked at ``asked_at`` s; ``mode`` "now"/"past"/"future" overrides the tense read
    from the wording ("auto" reads it). See the module docstring."""
    parts = sentences(normalise(text))
    question = next((s for s in reversed(parts) if s.endswith("?")), parts[-1])
    earlier = [s for s in parts if s is not question]
    found = find_window(question, asked_at)
    for s in earlier:  # "In the last 30 seconds. Did anything move?"
        if found.window == (None, None) and not (found.beginning or found.ending):
            prior = find_window(s, asked_at)
            if prior.window != (None, None) or prior.beginning or prior.ending:
                found = type(found)(prior.window, prior.beginning, prior.ending, found.rest)
    q = found.rest
    words = words_of(q)
    signals: list[str] = []
    tense = tense_of(words, q) or tense_of(words_of(" ".join(earlier)), " ".join(earlier))
    if mode in ("now", "past", "future"):
        tense = mode  # type: ignore[assignment]
    motion = any(w in lx.MOTION for w in words)
    cut = bool(lx.CUT_PHRASES.search(q)) or bool(
        re.search(
            r"\b(?:scenes?|shots?|views?|pictures?|cameras?|angles?|images?)\b(?:\s+\w+){0,2}\s+"
            r"(?:change[sd]?|changing|switch(?:e[sd])?|cut)\b",
            q,
        )
    )
    event: Target | None = (
        Target("scene change", "cut") if cut else Target("movement", "motion") if motion else None
    )

    found_chunks = chunks(words)
    phrases = [resolve(phrase_of(c), earlier) for c in found_chunks]
    phrases = [p for p in phrases if p]
    if cut:  # "has the picture changed?": the picture is what changed, not a thing asked about
        phrases = [p for p in phrases if not set(p.split()) <= lx.CUT_NOUNS | lx.DETERMINERS]
    claimed = _claimed_number(q, phrases[0]) if phrases else None
    if claimed is not None:  # "are there two people here?": the number is a claim, not part of the thing
        phrases[0] = claimed[2]
    # "did the camera move?", "is the cat moving?": movement is what can be seen, not who made it
    target = event if motion and not cut else Target(phrases[0]) if phrases else event
    if target is None and re.match(r"^\s*who\b", q):
        target = Target("a person")
    base = dict(window=found.window, beginning=found.beginning, ending=found.ending)
    windowed = found.window != (None, None) or found.beginning or found.ending
    yes_no = bool(_YESNO_START.search(q))

    def reading(form: Form, m: Mode, tgt: Target | None = target, **kw) -> Reading:
        return Reading(form, m, tgt, signals=tuple(signals), **{**base, **kw})

    # 0. which thing was seen the most / longest, "what appeared twice?"
    asks_which = bool(re.match(r"^\s*(?:what|which)\b", q))
    rank = _rank(q)
    if asks_which and rank != "none" and not lx.COUNT.search(q):
        signals.append(rank)
        return reading("count", "past", rank=rank)
    times = _TIMES.search(q)
    if asks_which and times and not yes_no and not lx.COUNT.search(q):
        signals.append("times")
        word = times.group(1).lower()
        n = (
            int(word)
            if word.isdigit()
            else {"once": 1, "twice": 2, "thrice": 3}.get(word, lx.NUMBER_WORDS.get(word, 1))
        )
        return reading("count", "past", rank="most", claimed=n)

    # 0b. "was the rocket on screen for more than 10 seconds?"
    than = _THAN.search(q)
    if yes_no and than and (target or event):
        signals.append("duration claim")
        more = than.group(1).lower().startswith(("more", "long", "at least", "over"))
        value = seconds_of(re.sub(r"\bhalf\s+1\b", "half a", than.group(2)))
        return reading(
            "when", "past", target or event, duration=True, than=("more" if more else "less", value)
        )

    # 1. counting
    if lx.COUNT.search(q):
        signals.append("count")
        if cut:
            return reading("count", "past", event, count_of="cuts")
        if any(w in lx.SCENE_WORDS for w in words) and not phrases:
            return reading("count", "past", None, count_of="scenes")
        instances = not re.search(r"\bhow\s+(?:often|frequently)\b|\btimes?\b|\boccasions?\b", q) and bool(
            target and target.kind == "thing" and target.plural
        )
        if instances:
            m = "past" if tense == "past" else "now"
            return reading("count", m, count_of="instances")
        return reading("count", "past", target or event)

    # 2. asking to be told, and the future
    proactive = bool(lx.PROACTIVE.search(q)) or bool(re.match(r"^\s*whenever\b", q))
    if proactive and tense != "past":
        signals.append("proactive")
        if target is None and event is None:
            return reading("next", "future", None)
        return reading("watch", "future", target or event)
    if _NEXT.search(q) and tense != "past":
        signals.append("next")
        return reading("next", "future", event)
    if tense == "future":
        signals.append("future")
        if _NEXT.search(q) or target is None:
            return reading("next", "future", event)
        return reading("watch", "future", target)

    # 2b. yes/no about order: "was the motorbike there before the cat?"
    cue = _order_cue(words, q)
    if yes_no and cue and len(phrases) >= 2 and " or " not in f" {q} ":
        signals.append("order claim")
        claimed, other = Target(phrases[0]), Target(phrases[1])
        return reading("first" if cue[0] == "before" else "last", "past", None,
                       alternatives=(claimed, other), claim=True)  # fmt: skip

    # 2c. yes/no about repetition: "was the cat shown more than once?", "did the cat come back?"
    repeat = _REPEAT.search(q)
    if yes_no and repeat and target is not None and claimed is None:
        signals.append("repeat")
        more = (repeat.group(1) or "").lower()
        n = int(more) + 1 if more.isdigit() else _REPEAT_N.get(more, 2)
        return reading("count", "past", at_least=n)

    # 2d. "in what order did X, Y and Z appear?"
    if (
        re.search(r"\b(?:in\s+(?:what|which)\s+order|(?:the\s+)?order\s+of|sequence)\b", q)
        and len(phrases) >= 2
    ):
        signals.append("order")
        return reading("first", "past", None, alternatives=tuple(Target(p) for p in phrases))

    # 3. order between named things: "did the cat or the camera appear earlier?"
    alternatives = tuple(Target(p) for p in phrases)
    which = _first_last(words, q)
    nth_named = _ORDINAL.search(q)
    if len(alternatives) >= 2 and " or " in f" {q} " and (which or cue or nth_named):
        signals.append("alternatives")
        if nth_named and not which:  # "which came second, the cat or the rocket?"
            return reading("first", "past", None, alternatives=alternatives,
                           ordinal=_ORDINALS[nth_named.group(1).lower()])  # fmt: skip
        form: Form = which or ("first" if cue and cue[0] == "before" else "last")  # type: ignore[assignment]
        return reading(form, "past", None, alternatives=alternatives)

    # 4. what came before / after something named
    if cue and target is not None and not _WHEN.search(q):
        kind, idx = cue
        after_cue = chunks(words[idx + 1 :])
        before_cue = chunks(words[:idx])
        cue_word = words[idx] if idx < len(words) else ""
        passive = idx + 1 < len(words) and words[idx + 1] == "by"
        verb = cue_word in ("preceded", "precede", "precedes", "followed", "follow", "follows")
        if after_cue and not passive:
            anchor = resolve(phrase_of(after_cue[0]), earlier)
            inverted = verb and bool(before_cue) and not re.match(r"^\s*(what|which|who)\b", q)
        elif before_cue:
            anchor = resolve(phrase_of(before_cue[-1]), earlier)
            inverted = verb and not passive
        else:
            anchor, inverted = "", False
        if anchor:
            signals.append(kind)
            if inverted:
                kind = "after" if kind == "before" else "before"
            return reading(kind, "past", Target(anchor))  # type: ignore[arg-type]

    # 5. when ("when did the scene switch from the cat to the rocket?": when the rocket first came)
    if _WHEN.search(q) and not _SINCE_WORD.search(q):
        signals.append("when")
        leaving = bool(lx.LEAVE.search(q))
        if re.match(r"^\s*(?:and\s+|so\s+)?(?:for\s+)?how\s+long\b(?!\s+ago)", q) and (target or event):
            return reading("when", "past", target or event, duration=True)
        if cut and phrases:  # "... switch from the cat to the rocket?" / "... switch away from the rocket?"
            to = len(phrases) > 1 or bool(re.search(r"\bto\s+(?:the|a|an|some)?\s*\w+", q))
            if to and not leaving:
                return reading("when", "past", Target(phrases[-1]), nth="first")
            return reading("when", "past", Target(phrases[0]), nth="first", edge="end")
        return reading(
            "when",
            "past",
            target or event,
            nth=_absolute_first_last(q) or "any",
            edge="end" if leaving else "start",
        )

    # 6. "what was shown second?" -- the n-th scene
    ordinal = _ORDINAL.search(q)
    if ordinal and re.match(r"^\s*(?:so\s+|and\s+)?(what|which)\b", q):
        signals.append("ordinal")
        n = _ORDINALS[ordinal.group(1).lower()]
        return reading("first", "past", None, ordinal=n)

    # 6b. first / last without alternatives
    which = _absolute_first_last(q)
    if which and (re.match(r"^\s*(?:so\s+|and\s+)?(what|which|who)\b", q) or target is None):
        signals.append(which)
        if target is not None and target.kind == "thing" and not yes_no:
            # "which animal appeared first?" -- the first appearance of the category
            return reading(which, "past", target)  # type: ignore[arg-type]
        return reading(which, "past", None if target is None or target.kind != "thing" else target)  # type: ignore[arg-type]

    # 7. never shown
    if any(w in lx.NEGATION for w in words) and re.match(r"^\s*(?:so\s+|and\s+)?(what|which)\b", q):
        signals.append("never")
        return reading("never", "past", target)

    # 8. yes / no ("where is the cat?" is asked as "is the cat here?": places in the picture are not read)
    if re.match(r"^\s*where\s+(?:is|are)\b", q) and target is not None:
        signals.append("where")
        return reading("here_now", "now")
    if yes_no and claimed is not None and target is not None:
        signals.append("count claim")
        now = tense == "now" and not windowed and not has_any(words, q, lx.PAST_WORDS, lx.PAST_PHRASES)
        n, at_least, _ = claimed
        return reading("count", "now" if now else "past", count_of="instances",
                       **({"at_least": n} if at_least else {"claimed": n}))  # fmt: skip
    if yes_no or (re.match(r"^\s*(tell|let)\s+me\b", q) and re.search(r"\bif\b", q)):
        signals.append("yes/no")
        if (
            target is not None
            and target.kind == "thing"
            and not windowed
            and (lx.LEAVE.search(q) or re.search(r"\b(?:gone|over|missing|absent)\b", q))
        ):  # "is the cat gone?", "has the dog left?": absence, now
            signals.append("absent")
            return reading("here_now", "now", negated=True)
        if tense == "now" and not windowed and not has_any(words, q, lx.PAST_WORDS, lx.PAST_PHRASES):
            return reading("here_now", "now", target or event)
        return reading("was_shown", "past", target or event)

    # 9. what is here / what happened
    whole = bool(re.search(r"\b(?:video|clip|footage|recording|stream|whole|entire|so\s+far)\b", q))
    if re.search(
        r"\b(?:summari[sz]e|summary|recap|overview|sequence|timeline|storyline|(?:order|series|chain)\s+of\s+events)\b",
        q,
    ) or (
        re.search(r"\b(?:describ\w*|depict\w*)\b", q)
        and (tense == "past" or whole)
        and not has_any(words, q, lx.NOW, lx.NOW_PHRASES)
    ):
        signals.append("summary")
        return reading("summary", "past")
    if _WHAT.search(q) or target is None or q.startswith(("show", "give", "name")):
        if not windowed and (tense == "now" or (tense is None and mode != "past")):
            signals.append("what now")
            return reading("what_now", "now")
        signals.append("summary")
        return reading("summary", "past")
    signals.append("fallback")
    return reading("summary", "past" if tense != "now" else "now")
