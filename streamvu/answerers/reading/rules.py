"""The rules that decide a question's form, in order of precedence: the first rule that reads the
question wins (:data:`RULES`). Each takes the parsed question (:class:`~.parsed.Parsed`) and returns a
:class:`~.types.Reading`, or None to pass it on; the last always reads something (a summary)."""

from __future__ import annotations

import re
from collections.abc import Callable

import streamvu.answerers.reading.lexicon as lx
from streamvu.answerers.reading.cues import (
    NEXT,
    ORDINAL,
    ORDINALS,
    REPEAT,
    REPEAT_N,
    SINCE_WORD,
    THAN,
    TIMES,
    WHAT,
    WHEN,
    absolute_first_last,
    first_last,
    rank_of,
)
from streamvu.answerers.reading.parsed import Parsed
from streamvu.answerers.reading.types import Form, Reading, Target
from streamvu.answerers.reading.windows import seconds_of
from streamvu.answerers.reading.words import chunks, has_any, phrase_of, resolve

_ASKS_WHICH = re.compile(r"^\s*(?:what|which)\b")
_ASKS_WHAT_WHO = re.compile(r"^\s*(?:so\s+|and\s+)?(what|which|who)\b")
_ONCE = {"once": 1, "twice": 2, "thrice": 3}
_NTH_TIME = re.compile(r"\b(second|2nd|third|3rd|fourth|4th|fifth|5th)\s+time\b")


def _nth_time(q: str) -> int:
    """Which appearance a question is about: "for the third time" (3), "came back" (2); 0 when none."""
    counted = _NTH_TIME.search(q)
    if counted:
        return ORDINALS[counted.group(1).lower()]
    back = re.search(r"\b(?:come|came|comes|coming)\s+back|\breturn(?:s|ed)?\b|\breappear(?:s|ed)?\b", q)
    return 2 if back else 0


def ranked(p: Parsed) -> Reading | None:
    """ "Which object appeared most often / the longest?", "what appeared twice?"."""
    if not _ASKS_WHICH.match(p.q) or lx.COUNT.search(p.q) or _MOST_PEOPLE.search(p.q):
        return None
    rank = rank_of(p.q)
    if rank != "none":
        return p.reading("count", "past", rank, rank=rank)
    times = TIMES.search(p.q)
    if times and not p.yes_no:
        word = times.group(1).lower()
        n = int(word) if word.isdigit() else _ONCE.get(word, lx.NUMBER_WORDS.get(word, 1))
        return p.reading("count", "past", "times", rank="most", claimed=n)
    return None


def duration_claim(p: Parsed) -> Reading | None:
    """ "Was the rocket on screen for more than 10 seconds?"."""
    than = THAN.search(p.q)
    if not (p.yes_no and than and (p.target or p.event)):
        return None
    more = (than.group(1) or than.group(2)).lower().startswith(("more", "long", "at least", "over"))
    value = seconds_of(re.sub(r"\bhalf\s+1\b", "half a", than.group(3)))
    return p.reading("when", "past", "duration claim", target=p.target or p.event, duration=True,
                     than=("more" if more else "less", value))  # fmt: skip


# "what's the most people we've had at once?": a count of people, not the thing seen most often
_MOST_PEOPLE = re.compile(
    r"\b(?:(?:the\s+)?most|max(?:imum)?|the\s+largest\s+crowd)\s+(?:people|persons|faces|folks)\b"
)


# "how many different things were shown?", "how many distinct exhibits did we see?"
# "distinct things so far?", "total cuts since it started?": a count said without "how many"
_BARE_COUNT = re.compile(
    r"^\s*(?:(?:distinct|different|unique|separate)\s+(?:things|objects|items|kinds)|(?:the\s+)?total(?:\s+number\s+of)?\s+\w+)\b"
)
# "how many seconds in was the rocket first seen?" asks when
_SECONDS_IN = re.compile(r"\bhow\s+many\s+(?:seconds|minutes|secs|mins)\s+in(?:to)?\b")
_KINDS_OF = re.compile(
    r"\b(?:different|distinct|unique|separate|how\s+many)\s+(things|objects|items|kinds|types|sorts|exhibits|subjects|pictures"
    r"|photos|images|sights)\b"
)


def counting(p: Parsed) -> Reading | None:
    """ "How many times / how often / how many people / how many scenes or cuts?"."""
    counted = lx.COUNT.search(p.q) or _MOST_PEOPLE.search(p.q) or _BARE_COUNT.search(p.q)
    if not counted or _SECONDS_IN.search(p.q):
        return None
    if p.cut:
        return p.reading("count", "past", "count", target=p.event, count_of="cuts")
    if any(w in lx.SCENE_WORDS for w in p.words) and not p.phrases:
        return p.reading("count", "past", "count", target=None, count_of="scenes")
    kinds = _KINDS_OF.search(p.q)
    if kinds and all(x.split()[-1] == kinds.group(1) for x in p.phrases):
        return p.reading("count", "past", "count", target=None, count_of="kinds")
    target = p.target
    times = re.sub(
        r"\b(?:at\s+)?the\s+same\s+time\b|\bat\s+(?:a|(?:any\s+)?one)\s+time\b", "", p.q
    )  # "at the same time": at once
    # "how many people?", and "how many person?" as people type it: things at once, not appearances
    said = target is not None and re.search(rf"\bhow\s+many\s+{re.escape(target.phrase)}\b", p.q)
    instances = not re.search(r"\bhow\s+(?:often|frequently)\b|\btimes?\b|\boccasions?\b", times) and bool(
        target and target.kind == "thing" and (target.plural or said)
    )
    if instances:
        # "the largest number of people in one shot so far": the most at once over the past
        most = re.search(r"\b(?:largest|highest|biggest|greatest|maximum|max|most|peak|at\s+once|simultaneously"
                         r"|at\s+(?:any\s+)?one\s+time|at\s+the\s+same"
                         r"\s+time|together)\b", p.q) and not has_any(p.words, p.q, lx.NOW - {"still"}, ("right now",
                         "at the moment", "at this moment"))  # fmt: skip
        past = (
            p.tense == "past" or p.windowed or has_any(p.words, p.q, lx.PAST_WORDS, lx.PAST_PHRASES) or most
        )
        if past and not most and not p.found.within and _ARRIVALS.search(p.q):
            return p.reading("count", "past", "count", count_of="arrivals")
        return p.reading("count", "past" if past else "now", "count", count_of="instances")
    return p.reading("count", "past", "count", target=target or p.event)


# "how many people came by?", "how many different people have we seen?": each arrival, not the most at once
_ARRIVALS = re.compile(
    r"\b(?:came|come|coming|showed\s+up|shown\s+up|turned\s+up|appeared|visited|stopped\s+by|dropped\s+by|"
    r"walked\s+(?:in|by|past)|entered|passed\s+(?:by|through)|went\s+(?:by|past)|have\s+we\s+seen|did\s+we\s+see|"
    r"have\s+you\s+seen|did\s+you\s+see|different|distinct|unique|separate|in\s+total|total|altogether)\b"
)


# "tell me if there is a cat right now", "I want to know whether a horse is on screen now": asked to be told
# whether something is so at present, not when it comes
_WHETHER_NOW = re.compile(
    r"\b(?:if|whether)\b(?:\s+[\w-]+){0,4}?\s+(?:is|are)\b.*\b(?:now|currently|current|presently|right\s+now|at\s+the\s+"
    r"moment|at\s+this\s+moment|at\s+present|as\s+we\s+speak|this\s+(?:very\s+)?(?:second|instant|moment))\b"
)


def future(p: Parsed) -> Reading | None:
    """ "Tell me when X appears", "what happens next?", anything in the future tense."""
    if p.tense == "past":
        return None
    if lx.PROACTIVE.search(p.q) and _WHETHER_NOW.search(p.q):
        return None  # "tell me if there's a cat in the current picture": whether it is there now
    if lx.PROACTIVE.search(p.q) or re.match(r"^\s*whenever\b", p.q):
        if p.target is None and p.event is None:
            return p.reading("next", "future", "proactive", target=None)
        return p.reading("watch", "future", "proactive", target=p.target or p.event)
    if NEXT.search(p.q):
        return p.reading("next", "future", "next", target=p.event)
    if p.tense == "future":
        if p.target is None:
            return p.reading("next", "future", "future", target=p.event)
        return p.reading("watch", "future", "future")
    return None


def order_claim(p: Parsed) -> Reading | None:
    """ "Was the motorbike there before the cat?" (yes/no about an order)."""
    cue = p.cue
    if not (p.yes_no and cue and len(p.phrases) >= 2 and " or " not in f" {p.q} "):
        return None
    pair = (Target(p.phrases[0]), Target(p.phrases[1]))
    form: Form = "first" if cue[0] == "before" else "last"
    return p.reading(form, "past", "order claim", target=None, alternatives=pair, claim=True)


def repetition(p: Parsed) -> Reading | None:
    """ "Was the cat shown more than once?", "did the cat come back?"."""
    repeat = REPEAT.search(p.q)
    if not (p.asks_yes_no and repeat and p.target is not None and p.claimed is None):
        return None
    more = (repeat.group(1) or "").lower()
    n = int(more) + 1 if more.isdigit() else REPEAT_N.get(more, 2)
    return p.reading("count", "past", "repeat", at_least=n)


def listing(p: Parsed) -> Reading | None:
    """ "In what order did the cat, the rocket and the coffee appear?"."""
    if len(p.phrases) < 2 or not re.search(
        r"\b(?:in\s+(?:what|which)\s+order|(?:the\s+)?order\s+of|sequence)\b", p.q
    ):
        return None
    return p.reading("first", "past", "order", target=None, alternatives=p.compared())


# "out of the cat and the rocket, which came first?", "the cat and the rocket: which one was earlier?"
_PICK_OF_BOTH = re.compile(
    r"\b(?:of|between|from)\b.+\band\b.+\b(?:which|who)\b|\band\b[^.?!]*[:,-]\s*(?:which|who)\b"
)


def alternatives(p: Parsed) -> Reading | None:
    """ "Did the cat or the camera appear earlier?", "which came second, the cat or the rocket?"."""
    named = p.compared()
    which = first_last(p.words, p.q)
    cue = p.cue
    nth = ORDINAL.search(p.q)
    either = " or " in f" {p.q} " or _PICK_OF_BOTH.search(p.q)
    if len(named) < 2 or not either or not (which or cue or nth):
        return None
    if nth and not which:
        ordinal = ORDINALS[nth.group(1).lower()]
        return p.reading("first", "past", "alternatives", target=None, alternatives=named, ordinal=ordinal)
    if re.search(
        r"\b(?:before\s+or\s+after|after\s+or\s+before|earlier\s+or\s+later|later\s+or\s+earlier)\b", p.q
    ):
        return p.reading(
            "first", "past", "before or after", target=None, alternatives=named[:2], relation=True
        )
    form: Form = which or ("first" if cue and cue[0] == "before" else "last")  # type: ignore[assignment]
    return p.reading(form, "past", "alternatives", target=None, alternatives=named)


def adjacent(p: Parsed) -> Reading | None:
    """ "What came just before / after the cat?", "what preceded the coffee?" (the anchor is named
    after the cue, or before it: "the coffee was preceded by what?")."""
    cue = p.cue
    if not cue or p.target is None or WHEN.search(p.q):
        return None
    kind, idx = cue
    words = p.words
    after_cue, before_cue = chunks(words[idx + 1 :]), chunks(words[:idx])
    passive = idx + 1 < len(words) and words[idx + 1] == "by"
    verb = idx < len(words) and words[idx] in (
        "preceded",
        "precede",
        "precedes",
        "followed",
        "follow",
        "follows",
    )
    if after_cue and not passive:
        anchor = resolve(phrase_of(after_cue[0]), p.earlier)
        inverted = verb and bool(before_cue) and not re.match(r"^\s*(what|which|who)\b", p.q)
    elif before_cue:
        anchor = resolve(phrase_of(before_cue[-1]), p.earlier)
        inverted = verb and not passive
    else:
        return None
    if not anchor:
        return None
    form = ("after" if kind == "before" else "before") if inverted else kind
    # the anchor keeps what it is seen with ("the woman in uniform")
    target = p.target if p.target.phrase == anchor else Target(anchor)
    return p.reading(form, "past", kind, target=target, ordinal=_nth_time(p.q))  # type: ignore[arg-type]


def when(p: Parsed) -> Reading | None:
    """ "When was X shown / did X leave?", "how long was X on screen?", "when did the scene switch
    from the cat to the rocket?" (when the rocket first came) / "... away from the rocket?"."""
    if not WHEN.search(p.q) or SINCE_WORD.search(p.q):
        return None
    # "what time did it start and stop?": the span, from its start
    both = re.search(r"\b(?:start|begin|began)\w*\s+and\s+(?:stop|end|finish)\w*\b", p.q)
    leaving = bool(lx.LEAVE.search(p.q)) and not both
    # "find the part of the clip with the temple": the part is when the temple was shown
    target = p.target or p.event or (Target(p.found.within) if p.found.within else None)
    if re.match(r"^\s*(?:and\s+|so\s+)?(?:for\s+)?how\s+long\b(?!\s+ago)", p.q) and target:
        return p.reading("when", "past", "when", target=target, duration=True)
    if p.cut and p.phrases:
        to = len(p.phrases) > 1 or bool(re.search(r"\bto\s+(?:the|a|an|some)?\s*\w+", p.q))
        if to and not leaving:
            return p.reading("when", "past", "when", target=Target(p.phrases[-1]), nth="first")
        return p.reading("when", "past", "when", target=Target(p.phrases[0]), nth="first", edge="end")
    # "the view just changed - when?", "when did the customer leave?": the latest time
    latest = leaving or re.search(r"\bjust\b", " ".join([*p.earlier, p.q]))
    nth = absolute_first_last(p.q) or ("last" if latest else "any")
    # "when did the scene change for the third time?", "when did the cat come back?" (its second time)
    ordinal = 0 if leaving and not _NTH_TIME.search(p.q) else _nth_time(p.q)
    return p.reading("when", "past", "when", target=target, nth=nth, edge="end" if leaving else "start",
                     ordinal=ordinal)  # fmt: skip


def ordinal(p: Parsed) -> Reading | None:
    """ "What was shown second?", "Sixth scene: what was in it?", "what the fifth shot showed" (the n-th
    scene)."""
    found = ORDINAL.search(p.q)
    named_scene = found and re.search(rf"{re.escape(found.group(1))}\s+(?:scene|shot|thing|clip|part)\b", p.q)
    asks = re.match(r"^\s*(?:so\s+|and\s+)?(what|which)\b", p.q) or (
        named_scene and re.search(r"\b(?:what|which|describe|show|showed|shown)\b", p.q)
    )
    if not (found and asks):
        return None
    return p.reading("first", "past", "ordinal", target=None, ordinal=ORDINALS[found.group(1).lower()])


def edge(p: Parsed) -> Reading | None:
    """ "What came first / last?", "which animal appeared first?" (the category's first appearance)."""
    which = absolute_first_last(p.q)
    if not which or not (_ASKS_WHAT_WHO.match(p.q) or p.target is None):
        return None
    target = p.target if p.target is not None and p.target.kind == "thing" else None
    return p.reading(which, "past", which, target=target)  # type: ignore[arg-type]


_STILL = re.compile(
    r"\b(?:static|stationary|frozen|motionless|still\s+(?:image|picture|frame|shot)|not\s+moving|standing\s+still"
    r"|at\s+rest|paused|(?:totally|completely|perfectly|entirely|dead|quite|all)\s+still)\b"
    r"|\bstill\s*(?:rn|now|right\s+now|at\s+the\s+moment)?\s*\?*\s*$|\bnothing\s+(?:is\s+)?(?:moving|moves|stirring|stirs)\b"
)
# "is it / is this / is that (one) X or Y?": an alternative question about what is on screen
_WHICH_IS_IT = re.compile(r"^\s*(?:so\s+|and\s+)?(?:is|are)\s+(?:it|this|that|these|those|they)(?:\s+one)?\b")
_EMPTY = re.compile(r"\b(?:empty|deserted|unoccupied|vacant|unattended|unmanned|abandoned|clear)\b")
_PICK = re.compile(r"\b(?:what|which|pick|name|choose|select|identify|spot)\b")
# "anything here we haven't seen yet?", "any of these you did not see?": which of the options
_ANY_OF = re.compile(
    r"^\s*(?:is\s+there\s+)?(?:anything|any\s+of\s+(?:these|them|those))\s+(?:here\s+)?(?:that\s+)?(?:we|you|i)\b"
)
# "is the rocket off screen now?", "is the cat out of shot?": gone from the picture
_OFF_SCREEN = re.compile(
    r"\b(?:off|out\s+of)\s+(?:the\s+)?(?:screen|camera|cam|frame|shot|view|picture|sight|feed)\b"
)
_MISSING = re.compile(r"\b(?:missing|absent|left\s+out|odd\s+one\s+out|not\s+(?:in|among)\b)")
# "is the cat not on screen?", "was the cat never shown?", "is there no cat?": a yes/no about the denial
# (not "isn't that a cat?" or "is that not a cat?", which lean towards yes, nor "... or not?")
_DENIED = re.compile(
    r"^\s*(?:so\s+|and\s+|but\s+)?(?:is|are|was|were|has|have|had|did|does|do)\s+(?!(?:it|this|that)\s+not\b)"
    r"(?:(?:there\s+)?no\s+|(?!not\b)(?:(?!\bor\b)[^?,;])*?\b(?:not|never)\s+(?!only\b|sure\b))"
)


def never(p: Parsed) -> Reading | None:
    """ "Which of these was never shown?", "pick the one we have not seen", "which one's missing?"."""
    negated = any(w in lx.NEGATION for w in p.words) or _MISSING.search(p.q)
    if negated and (_PICK.search(p.q) and not p.yes_no or _ANY_OF.search(p.q)):
        return p.reading("never", "past", "never")
    return None


def yes_no(p: Parsed) -> Reading | None:
    """Yes/no: "is X here?", "was X shown?", "are there two people?", "is the cat gone?" ("where is the
    cat?" is asked as "is the cat here?": places in the picture are not read)."""
    q, target = p.q, p.target
    if re.match(r"^\s*where\s+(?:is|are)\b", q) and target is not None:
        return p.reading("here_now", "now", "where")
    # "anyone around?", "any1 there?", "anybody home?": without a tense, a word of presence asks about now
    present = p.tense is None and bool(
        re.search(r"\b(?:around|here|home|present|nearby|in\s+sight)\b|\bthere\s*[?.!]*\s*$", q)
    )
    past_words = has_any(p.words, q, lx.PAST_WORDS, lx.PAST_PHRASES)
    now = (p.tense == "now" or present) and not p.windowed and not past_words
    if p.yes_no and p.claimed is not None and target is not None:
        n, at_least, _ = p.claimed
        if re.search(r"\bor\s+(?:\d+|one|two|three|four|five|six|more)\b", q):  # "one person or two?"
            thing = Target(re.sub(r"^(?:it|this|that|there)\s+", "", p.claimed[2]))
            return p.reading("count", "now" if now else "past", "count", target=thing, count_of="instances")
        counted = {"at_least": n} if at_least else {"claimed": n}
        return p.reading("count", "now" if now else "past", "count claim", count_of="instances", **counted)
    # "cat on screen?", "the rocket again?": no question word, no verb, yet a question about a thing
    elliptical = (
        target is not None and p.asked and not re.match(r"^\s*(?:what|which|who|when|where|why|how)\b", q)
    )
    told = re.match(r"^\s*(tell|let)\s+me\b", q) and re.search(r"\bif\b", q)
    if not (p.yes_no or elliptical or told):
        return None
    if (
        _WHICH_IS_IT.match(q)
        and " or " in f" {q} "
        and len(p.compared()) >= 2
        and not p.windowed
        and not past_words
    ):
        # "is it a cat or a dog?", "is this an animal, a plant or a building?": which one, not whether
        return p.reading("what_now", "now", "which is it", target=None, alternatives=p.compared())
    if now and _STILL.search(q):  # "is the frame static right now?": is there no movement now?
        return p.reading("here_now", "now", "still", target=Target("movement", "motion"), negated=True)
    # an absence asked about: without a tense or a window, of now
    at_present = now or (p.tense is None and not p.windowed and not past_words)
    absent_form, absent_mode = ("here_now", "now") if at_present else ("was_shown", "past")
    if _EMPTY.search(q):  # "is the room empty?", "was the desk deserted between 1:00 and 1:20?": nobody?
        return p.reading(absent_form, absent_mode, "empty", target=Target("anyone"), negated=True)  # type: ignore[arg-type]
    if target is not None and target.kind in ("thing", "cut") and _DENIED.search(q):
        return p.reading(absent_form, absent_mode, "denied", negated=True)  # type: ignore[arg-type]
    if (
        target is not None
        and target.kind == "thing"
        and not p.windowed
        and (
            lx.LEAVE.search(q)
            or re.search(r"\b(?:gone|over|missing|absent)\b|\bnot\s+(?:\w+\s+)?(?:anymore|any\s+more)\b", q)
            or _OFF_SCREEN.search(q)
        )
    ):
        return p.reading("here_now", "now", "absent", negated=True)
    # "is there a cat or a dog?": yes when either is seen
    either = p.compared() if " or " in f" {q} " and target is not None and target.kind == "thing" else ()
    either = either if len(either) >= 2 else ()
    if now:
        return p.reading("here_now", "now", "yes/no", target=target or p.event, alternatives=either)
    return p.reading("was_shown", "past", "yes/no", target=target or p.event, alternatives=either)


_SUMMARY = re.compile(
    r"\b(?:summari[sz]e|summary|recap|overview|sequence|timeline|storyline|(?:order|series|chain)\s+of\s+events"
    r"|tl\W*dr|gist|run-?down|short\s+version|highlights|play-by-play"
    r"|(?:right|correct|proper|actual|true)\s+order|in\s+(?:the\s+)?order\s+(?:they|shown|seen|of))\b"
)
_WHOLE = re.compile(r"\b(?:video|clip|footage|recording|stream|whole|entire|so\s+far)\b")


def described(p: Parsed) -> Reading:
    """What is here now, or what happened (in the window): the fallback of every question."""
    q = p.q
    describe = re.search(r"\b(?:describ\w*|depict\w*)\b", q) and (p.tense == "past" or _WHOLE.search(q))
    if _SUMMARY.search(q) or (describe and not has_any(p.words, q, lx.NOW, lx.NOW_PHRASES)):
        return p.reading("summary", "past", "summary")
    if WHAT.search(q) or p.target is None or q.startswith(("show", "give", "name")):
        if not p.windowed and (p.tense == "now" or (p.tense is None and p.mode != "past")):
            return p.reading("what_now", "now", "what now")
        return p.reading("summary", "past", "summary")
    return p.reading("summary", "past" if p.tense != "now" else "now", "fallback")


Rule = Callable[[Parsed], Reading | None]
RULES: tuple[Rule, ...] = (
    ranked,
    duration_claim,
    counting,
    future,
    order_claim,
    repetition,
    listing,
    alternatives,
    adjacent,
    when,
    ordinal,
    edge,
    never,
    yes_no,
    described,
)
"""The rules in order of precedence (a question about counting is read as counting before anything
else; one with no decisive signal is described)."""
