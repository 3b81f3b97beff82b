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

import re
from dataclasses import dataclass, field
from typing import Literal, get_args

import streamvu.answerers.reading.lexicon as lx
from streamvu.answerers.reading.windows import Window, find_window

Form = Literal[
    "what_now",  # what is here now?
    "here_now",  # is X here now?
    "was_shown",  # was X shown / did X appear (before the ask time)?
    "when",  # when was X shown?
    "first",  # what came first? / which came first, X or Y?
    "last",  # what came last? / which came later, X or Y?
    "before",  # what came before X?
    "after",  # what came after X?
    "count",  # how many times did X appear? how many scenes? how many people are there?
    "never",  # which of these was never shown?
    "summary",  # what happened? (in a window) -- also the answer to anything unclear
    "next",  # what happens next? (cannot be told from what was seen)
    "watch",  # tell me when X appears (answered when it does)
]
FORMS: tuple[str, ...] = get_args(Form)
Mode = Literal["now", "past", "future"]
TargetKind = Literal["thing", "motion", "cut"]
CountOf = Literal["appearances", "instances", "scenes", "cuts"]

_PLURAL_EXCEPTIONS = frozenset(
    "people men women children mice geese feet teeth police cattle sheep fish".split()
)
_SINGULAR_S = frozenset("glass grass bus dress class boss news series species chess lens canvas".split())


@dataclass(frozen=True)
class Target:
    """What a question asks about. ``phrase``: the words as asked ("the hot drink", "someone");
    ``kind``: a thing (scored against what was recognised), or the events ``motion``/``cut``."""

    phrase: str
    kind: TargetKind = "thing"

    @property
    def plural(self) -> bool:
        words = self.phrase.lower().split()
        if not words:
            return False
        head = words[-1]
        if head in _PLURAL_EXCEPTIONS:
            return True
        return head.endswith("s") and not head.endswith(("ss", "us", "is")) and head not in _SINGULAR_S

    @property
    def text(self) -> str:
        """The phrase as an answer names it: "any animal" -> "an animal", "some cats" -> "cats"."""
        if self.kind == "motion":
            return "movement"
        if self.kind == "cut":
            return "a scene change"
        words = self.phrase.split()
        if words and words[0].lower() in ("any", "some", "another", "every", "each"):
            rest = words[1:]
            if not rest:
                return self.phrase
            if self.plural or words[0].lower() == "some":
                return " ".join(rest)
            return ("an " if rest[0][0].lower() in "aeiou" else "a ") + " ".join(rest)
        if words and words[0].lower() in ("this", "that"):
            return " ".join(["the", *words[1:]])
        return self.phrase


@dataclass(frozen=True)
class Reading:
    """A question read into its parts (see the module docstring).

    target: what is asked about (None for "what is here?", "what happened?"); for ``before``/``after``
        it is the anchor. alternatives: the two or more things compared ("the cat or the camera").
    window: the time window named; beginning / ending: "at the start" / "at the end" (first / latest scene).
    count_of: for ``count``: appearances of the target, instances on screen ("how many people are
        there"), distinct scenes, or scene changes.
    nth: for ``when``: "when did X first appear?" (``first``), "... last ..." (``last``), or any.
    signals: the signals the form was read from (for explanations and tests).
    """

    form: Form
    mode: Mode
    target: Target | None = None
    alternatives: tuple[Target, ...] = ()
    window: Window = (None, None)
    beginning: bool = False
    ending: bool = False
    count_of: CountOf = "appearances"
    nth: Literal["any", "first", "last"] = "any"
    signals: tuple[str, ...] = field(default=(), compare=False)


# -- normalising --------------------------------------------------------------------------------
_CONTRACTIONS = [
    (r"\bwhat's\b", "what is"), (r"\bwho's\b", "who is"), (r"\bthere's\b", "there is"),
    (r"\bit's\b", "it is"), (r"\bthat's\b", "that is"), (r"\bwhere's\b", "where is"),
    (r"\bwhen's\b", "when is"), (r"\bhere's\b", "here is"), (r"\bwon't\b", "will not"),
    (r"\bcan't\b", "can not"), (r"\bcannot\b", "can not"), (r"n't\b", " not"), (r"'ve\b", " have"),
    (r"'re\b", " are"), (r"'ll\b", " will"), (r"'d\b", " would"), (r"\bi'm\b", "i am"),
]  # fmt: skip


def normalise(text: str) -> str:
    t = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    t = " ".join(t.lower().split())
    for pattern, repl in _CONTRACTIONS:
        t = re.sub(pattern, repl, t)
    return t


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[.?!;])\s+", text) if p.strip()]
    return parts or [text]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|,|\bor\b", text)


# -- tense ----------------------------------------------------------------------------------------
_PAST_VERBS = frozenset(
    """appeared showed saw came entered arrived emerged popped turned occurred happened existed preceded
    followed moved changed switched stirred featured displayed filmed recorded captured pictured depicted
    noticed spotted observed started began reappeared returned left""".split()
)
_PRESENT_VERBS = frozenset(
    """appears shows comes enters arrives emerges pops turns occurs happens exists moves changes switches
    starts begins reappears returns leaves see""".split()
)


def _has(words: list[str], text: str, vocab: frozenset[str], phrases: tuple[str, ...] = ()) -> bool:
    return any(w in vocab for w in words) or any(re.search(rf"\b{p}\b", text) for p in phrases)


def _tense(words: list[str], text: str) -> Mode | None:
    """The tense the question is asked in, or None when nothing says."""
    future = _has(words, text, lx.FUTURE_WORDS - {"later", "next"}, lx.FUTURE_PHRASES)
    past = any(w in lx.PAST_AUX or w in _PAST_VERBS for w in words) or bool(
        re.search(r"\b(has|have)\s+(\w+\s+)?(been|appeared|shown|seen|come|moved|changed|happened)\b", text)
    )
    now = _has(words, text, lx.NOW, lx.NOW_PHRASES)
    present = any(w in lx.PRESENT_AUX or w in _PRESENT_VERBS for w in words)
    if future and not past:
        return "future"
    if now and not past:
        return "now"
    if past:
        return "past"
    if present:
        return "now"
    return None


# -- content --------------------------------------------------------------------------------------
_FRAME_WORDS = (
    lx.QUESTION_WORDS | lx.AUX | lx.FILLER | lx.APPEAR | lx.APPEAR_PARTICLES | lx.NOW | lx.PAST_WORDS
    | lx.FUTURE_WORDS | lx.FIRST | lx.LAST | lx.BEFORE | lx.AFTER | lx.COUNT_UNITS | lx.MOTION | lx.NEGATION
    | lx.SCENE_WORDS
    | frozenset(
        """many often frequently much number count how doing do done going happening seconds second
        minutes minute s sec secs anything something everything thing things stuff whatever ones
        options following these those listed choices among mentioned above below
        visible shown seen wait watch look keep eye notify alert warn ping inform signal message
        like want wonder curious sure possible true false yes tell let know heads shout give
        time times start beginning end opening point moment instance once twice later earlier
        first last next previous exactly precisely roughly approximately around about until till
        since ago recently mostly mainly again more most less least happen happened happens
        occur occurs occurred change changes changed changing switch switches switched distinct
        different separate unique if whether sign signs trace traces glimpse hint kind sort type as
        describe summarize summarise summary recap overview list name give current gone left
        disappeared vanished over finished ended""".split()
    )
)  # fmt: skip
_KEEP_IN_PHRASE = frozenset("of".split())
_PERSON_PRONOUNS = frozenset("he she him her".split())


def _chunks(words: list[str]) -> list[list[str]]:
    """Maximal runs of content words (determiners stay with the noun they precede; "of" joins)."""
    out: list[list[str]] = []
    cur: list[str] = []
    for i, w in enumerate(words):
        content = w not in _FRAME_WORDS and w not in (",", "or", "and") and not w.isdigit()
        det = w in lx.DETERMINERS and i + 1 < len(words) and words[i + 1] not in _FRAME_WORDS
        joiner = w in _KEEP_IN_PHRASE and cur and i + 1 < len(words) and words[i + 1] not in _FRAME_WORDS
        if w in lx.PRONOUNS and w not in ("this", "that", "these", "those", "one"):
            content = True
        if w in ("person", "people", "someone", "somebody", "anyone", "anybody", "everyone", "everybody"):
            content = True
        if content or det or joiner:
            cur.append(w)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    # a trailing determiner or joiner belongs to nothing
    cleaned = []
    for c in out:
        while c and (c[-1] in lx.DETERMINERS or c[-1] in _KEEP_IN_PHRASE):
            c = c[:-1]
        if c:
            cleaned.append(c)
    return cleaned


def _phrase(chunk: list[str]) -> str:
    """Cut a chunk at its first preposition ("a drink on a table" -> "a drink")."""
    for i, w in enumerate(chunk[1:], start=1):
        if w in lx.PREPOSITIONS:
            return " ".join(chunk[:i])
    return " ".join(chunk)


def _is_pronoun(phrase: str) -> bool:
    return phrase in lx.PRONOUNS or phrase in ("one", "ones")


def _resolve(phrase: str, earlier: list[str]) -> str:
    """'it' -> the first thing named in an earlier sentence; 'he'/'she' -> 'a person'."""
    if not _is_pronoun(phrase):
        return phrase
    for sentence in reversed(earlier):
        chunks = [c for c in _chunks(_words(find_window(sentence, 0.0).rest)) if not _is_pronoun(" ".join(c))]
        if chunks:
            return _phrase(chunks[0])
    return "a person" if phrase in _PERSON_PRONOUNS else ""


# -- the signals ----------------------------------------------------------------------------------
_WHEN = re.compile(
    r"^\s*(?:so\s+|and\s+|ok\s+|okay\s+)?(?:when|at\s+what\s+(?:time|point|moment|second)|what\s+time|"
    r"at\s+which\s+(?:time|point|moment|second)|in\s+which\s+(?:second|minute|part)|during\s+which|"
    r"how\s+long\s+ago|how\s+far\s+in(?:to\s+the\s+\w+)?|what\s+(?:moment|timestamp|second)|which\s+"
    r"(?:moment|timestamp|second|time))\b|\b(?:timestamps?|what\s+time)\b|\btell\s+me\s+when\b",
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


_GONE = re.compile(
    r"\b(?:once|when|after)\s+\S.*?\b(?:was|were|had\s+been|is|are)?\s*(?:gone|left|disappeared|vanished|"
    r"over|finished|ended|out\s+of\s+(?:view|the\s+picture|frame))\b"
)


def _order_cue(words: list[str], text: str) -> tuple[str, int] | None:
    """('before'|'after', index of the cue word) for an order relation to something named."""
    if m := _GONE.search(text):  # "once the rocket was gone"
        return "after", len(_words(text[: m.start()]))
    for phrase in lx.BEFORE_PHRASES + lx.AFTER_PHRASES:
        if m := re.search(rf"\b{phrase}\b", text):
            kind = "before" if phrase in lx.BEFORE_PHRASES else "after"
            idx = len(_words(text[: m.end()])) - 1
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


def read_question(text: str, mode: str = "auto", asked_at: float = 0.0) -> Reading:
    """Read ``text`` asked at ``asked_at`` s; ``mode`` "now"/"past"/"future" overrides the tense read
    from the wording ("auto" reads it). See the module docstring."""
    sentences = _sentences(normalise(text))
    question = next((s for s in reversed(sentences) if s.endswith("?")), sentences[-1])
    earlier = [s for s in sentences if s is not question]
    found = find_window(question, asked_at)
    for s in earlier:  # "In the last 30 seconds. Did anything move?"
        if found.window == (None, None) and not (found.beginning or found.ending):
            prior = find_window(s, asked_at)
            if prior.window != (None, None) or prior.beginning or prior.ending:
                found = type(found)(prior.window, prior.beginning, prior.ending, found.rest)
    q = found.rest
    words = _words(q)
    signals: list[str] = []
    tense = _tense(words, q) or _tense(_words(" ".join(earlier)), " ".join(earlier))
    if mode in ("now", "past", "future"):
        tense = mode  # type: ignore[assignment]
    motion = any(w in lx.MOTION for w in words)
    cut = bool(lx.CUT_PHRASES.search(q)) or bool(
        re.search(
            r"\b(?:scenes?|shots?|views?|pictures?)\b(?:\s+\w+){0,2}\s+(?:change[sd]?|changing|switch(?:e[sd])?|cut)\b",
            q,
        )
    )
    event: Target | None = (
        Target("scene change", "cut") if cut else Target("movement", "motion") if motion else None
    )

    chunks = [c for c in _chunks(words)]
    phrases = [_resolve(_phrase(c), earlier) for c in chunks]
    phrases = [p for p in phrases if p]
    target = Target(phrases[0]) if phrases else event
    if target is None and re.match(r"^\s*who\b", q):
        target = Target("a person")
    base = dict(window=found.window, beginning=found.beginning, ending=found.ending)

    def reading(form: Form, m: Mode, tgt: Target | None = target, **kw) -> Reading:
        return Reading(form, m, tgt, signals=tuple(signals), **{**base, **kw})

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

    # 3. order between named things: "did the cat or the camera appear earlier?"
    alternatives = tuple(Target(p) for p in phrases)
    which = _first_last(words, q)
    if len(alternatives) >= 2 and " or " in f" {q} " and (which or _order_cue(words, q)):
        signals.append("alternatives")
        cue = _order_cue(words, q)
        form: Form = which or ("first" if cue and cue[0] == "before" else "last")  # type: ignore[assignment]
        return reading(form, "past", None, alternatives=alternatives)

    # 4. what came before / after something named
    cue = _order_cue(words, q)
    if cue and target is not None and not _WHEN.search(q):
        kind, idx = cue
        after_cue = _chunks(words[idx + 1 :])
        before_cue = _chunks(words[:idx])
        cue_word = words[idx] if idx < len(words) else ""
        passive = idx + 1 < len(words) and words[idx + 1] == "by"
        verb = cue_word in ("preceded", "precede", "precedes", "followed", "follow", "follows")
        if after_cue and not passive:
            anchor = _resolve(_phrase(after_cue[0]), earlier)
            inverted = verb and bool(before_cue) and not re.match(r"^\s*(what|which|who)\b", q)
        elif before_cue:
            anchor = _resolve(_phrase(before_cue[-1]), earlier)
            inverted = verb and not passive
        else:
            anchor, inverted = "", False
        if anchor:
            signals.append(kind)
            if inverted:
                kind = "after" if kind == "before" else "before"
            return reading(kind, "past", Target(anchor))  # type: ignore[arg-type]

    # 5. when
    if _WHEN.search(q) and not _SINCE_WORD.search(q):
        signals.append("when")
        return reading("when", "past", target or event, nth=which or "any")

    # 6. first / last without alternatives
    if which and (re.match(r"^\s*(?:so\s+|and\s+)?(what|which|who)\b", q) or target is None):
        signals.append(which)
        if target is not None and target.kind == "thing" and _YESNO_START.search(q) is None:
            # "which animal appeared first?" -- the first appearance of the category
            return reading(which, "past", target)  # type: ignore[arg-type]
        return reading(which, "past", None if target is None or target.kind != "thing" else target)  # type: ignore[arg-type]

    # 7. never shown
    if any(w in lx.NEGATION for w in words) and re.match(r"^\s*(?:so\s+|and\s+)?(what|which)\b", q):
        signals.append("never")
        return reading("never", "past", target)

    # 8. yes / no
    if _YESNO_START.search(q) or (re.match(r"^\s*(tell|let)\s+me\b", q) and re.search(r"\bif\b", q)):
        signals.append("yes/no")
        windowed = found.window != (None, None) or found.beginning or found.ending
        if tense == "now" and not windowed and not _has(words, q, lx.PAST_WORDS, lx.PAST_PHRASES):
            return reading("here_now", "now", target or event)
        return reading("was_shown", "past", target or event)

    # 9. what is here / what happened
    windowed = found.window != (None, None) or found.beginning or found.ending
    if re.search(r"\b(?:summari[sz]e|summary|recap|overview)\b", q) or (
        re.search(r"\bdescribe\b", q) and tense != "now"
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
