"""The wordings set's questions about the plain development videos (benchmarks/sets/grounding.py:
``kitchen_walk``, ``studio``, ``launch``), as people type them: casual, lower case, synonyms, no
question mark, fillers, relative answers, superlatives, durations."""

from __future__ import annotations

from benchmarks.sets.grounding import VIDEOS, Questions, _rotate, _span

WORDING_CODES = {
    "summary": "PastMemory-4",
    "order": "PastMemory-2",
    "scene change": "TemporalPerception-3",
    "people count": "SpatialPerception-2",
    "people": "Hallucination-2",
    "motion": "TemporalPerception-2",
    "count": "SpatioTemporalPerception-1",
    "window": "PastMemory-3",
    "now": "SpatialPerception-1",
    "now yes/no": "Hallucination-1",
    "past yes/no": "PastMemory-1",
    "when": "TemporalPerception-1",
    "never": "PastMemory-6",
    "category": "PastMemory-5",
}
"""Every form of the wordings set as an OVBench type and subtask code."""


def plain_suite() -> list[dict]:
    """Both parts, in order."""
    return casual_suite() + loose_suite()


def casual_suite() -> list[dict]:
    """Questions about the plain suite's videos (benchmarks/sets/grounding.py) as people type them: casual,
    lower case, synonyms, no question mark."""
    kitchen, studio, launch = VIDEOS
    q = Questions(WORDING_CODES)

    things = ["a cup of coffee", "a cat", "a rocket", "a motorcycle"]
    v = kitchen
    q.add(v, 30, "now", "what am i looking at", _rotate(things, 0), "a cat")
    q.add(v, 52, "now", "what's on screen at the moment?", _rotate(things, 1), "a rocket")
    q.add(v, 68, "now", "what do you see right now", _rotate(things, 2), "a cup of coffee")
    q.yn(v, 30, "now yes/no", "is the cat still there?", True)
    q.yn(v, 50, "now yes/no", "is there any coffee in view?", False)
    q.yn(v, 85, "now yes/no", "can you see a motorbike?", True)
    q.yn(v, 90, "past yes/no", "did a rocket show up at any point?", True)
    q.yn(v, 90, "past yes/no", "have we seen a dog", False)
    q.yn(v, 40, "past yes/no", "has the rocket been on yet?", False)
    q.yn(v, 90, "past yes/no", "was there ever a motorcycle", True)
    spans = [_span(a, b) for _, a, b in v.schedule]
    q.add(v, 90, "when", "at what time did the rocket show up?", spans[:4], _span(45, 60))
    q.add(v, 90, "when", "when did we first see coffee", spans[:4], _span(0, 20))
    q.add(v, 90, "when", "when did we last see coffee?", spans[1:], _span(60, 75))
    q.add(v, 90, "order", "what came after the cat?", _rotate(things, 3), "a rocket")
    q.add(v, 90, "order", "what was shown before the motorcycle", _rotate(things, 1), "a cup of coffee")
    q.add(
        v, 90, "order", "which appeared first: the rocket or the cat?", ["the rocket", "the cat"], "the cat"
    )
    q.yn(v, 90, "order", "did the motorcycle appear before the rocket?", False)
    q.add(v, 90, "count", "how many times was coffee on screen?", ["1", "2", "3", "4"], "2")
    q.add(v, 90, "count", "how many times did we see the cat", ["0", "1", "2", "3"], "1")
    q.add(v, 90, "window", "what was shown in the first 15 seconds?", _rotate(things, 2), "a cup of coffee")
    q.add(v, 90, "window", "what was on screen around the 50 second mark?", _rotate(things, 0), "a rocket")
    q.add(v, 90, "window", "what did we see at 1:05", _rotate(things, 1), "a cup of coffee")
    q.add(v, 90, "summary", "what happened during the last 30 seconds?",
        ["a cup of coffee, then a motorcycle", "a cat, then a rocket", "a rocket, then a cat",
         "a motorcycle, then a cup of coffee"], "a cup of coffee, then a motorcycle")  # fmt: skip
    q.add(
        v,
        90,
        "never",
        "which of these never appeared?",
        ["a cat", "a rocket", "a dog", "a motorcycle"],
        "a dog",
    )
    q.yn(v, 90, "category", "did we see any animals?", True)
    q.yn(v, 40, "category", "has there been a vehicle yet?", False)

    v = studio
    q.yn(v, 60, "now yes/no", "is the camera back?", True)
    q.add(v, 72, "order", "what was filmed right before the cat", ["a camera", "a motorcycle", "a rocket", "a dog"],
        "a motorcycle")  # fmt: skip
    q.add(v, 72, "count", "how many times did the camera appear?", ["1", "2", "3", "4"], "2")
    q.add(
        v,
        72,
        "when",
        "when did the motorcycle leave?",
        ["at 18 s", "at 30 s", "at 36 s", "at 54 s"],
        "at 36 s",
    )
    q.add(v, 72, "when", "when did the cat go away", ["at 36 s", "at 45 s", "at 54 s", "at 60 s"], "at 54 s")
    q.add(v, 72, "never", "which one of these did not show up?", ["a camera", "a cat", "a rocket", "a motorcycle"],
        "a rocket")  # fmt: skip

    v = launch
    q.add(v, 20, "now", "what's going on right now?", _rotate(things, 1), "a rocket")
    q.add(
        v, 66, "order", "which showed up last?", ["a rocket", "a cat", "a cup of coffee"], "a cup of coffee"
    )
    q.add(v, 66, "when", "how long was the rocket on screen?", ["10 seconds", "20 seconds", "30 seconds", "40 seconds"],
        "30 seconds")  # fmt: skip
    q.add(v, 66, "summary", "tell me what happened",
        ["a rocket, then a cat, then a cup of coffee", "a cat, then a rocket", "a cup of coffee, then a rocket",
         "a motorcycle, then a cat"], "a rocket, then a cat, then a cup of coffee")  # fmt: skip
    q.yn(v, 66, "order", "were there any cats before the coffee?", True)
    q.yn(v, 40, "now yes/no", "is the rocket gone?", True)
    q.add(v, 66, "when", "when did the cat come on?", [_span(a, b) for _, a, b in v.schedule], _span(30, 48))
    return q.records


def loose_suite() -> list[dict]:
    """Looser questions about the plain suite's videos: fillers, relative answers ("before"/"after",
    "near the start"), superlatives, durations as yes/no, typed without care."""
    kitchen, studio, launch = VIDEOS
    q = Questions(WORDING_CODES)

    things = ["a cup of coffee", "a cat", "a rocket", "a motorcycle"]
    v = kitchen  # coffee 0-20, cat 20-45, rocket 45-60, coffee 60-75, motorcycle 75-90
    q.yn(v, 90, "past yes/no", "ok so was there a cat at some point", True)
    q.add(v, 30, "now", "Hey, what's in front of the camera?", _rotate(things, 1), "a cat")
    q.yn(v, 90, "past yes/no", "Can you tell me whether a rocket was visible in the first 20 seconds?", False)
    q.add(v, 50, "now", "what is currently being shown", _rotate(things, 2), "a rocket")
    q.add(v, 90, "order", "was the cup shown before or after the cat?", ["before", "after"], "before")
    q.add(
        v, 90, "order", "Which came second, the cat or the rocket?", ["the cat", "the rocket"], "the rocket"
    )
    q.add(v, 90, "when", "Roughly when did the motorcycle appear?",
        ["at the start", "in the middle", "near the end"], "near the end")  # fmt: skip
    q.add(v, 90, "order", "What is the last thing we saw?", _rotate(things, 3), "a motorcycle")
    q.add(v, 90, "order", "What was shown between the cat and the coffee?", _rotate(things, 0), "a rocket")
    q.add(v, 90, "count", "Which object appeared most often?", _rotate(things, 1), "a cup of coffee")
    q.add(v, 90, "order", "What did the video start with?", _rotate(things, 2), "a cup of coffee")
    q.yn(v, 90, "when", "Was the rocket on screen for more than 10 seconds?", True)
    q.yn(v, 90, "when", "Was the cat visible for less than 10 seconds?", False)
    q.yn(v, 70, "count", "Is the coffee back again?", True)
    q.add(v, 90, "summary", "Name everything that appeared, in order.",
        ["coffee, cat, rocket, coffee, motorcycle", "cat, coffee, rocket, motorcycle",
         "rocket, motorcycle, cat, coffee", "motorcycle, cat, coffee"],
        "coffee, cat, rocket, coffee, motorcycle")  # fmt: skip
    v = launch  # rocket 0-30, cat 30-48, coffee 48-66
    q.add(v, 66, "scene change", "How many scene changes were there between 0:10 and 1:00?",
        ["0", "1", "2", "3"], "2")  # fmt: skip
    q.add(v, 66, "when", "When in the video was the cat?", ["early on", "in the middle", "at the end"],
        "in the middle")  # fmt: skip
    q.add(v, 66, "order", "was the coffee shown before or after the rocket?", ["before", "after"], "after")
    q.yn(v, 45, "now yes/no", "cat on screen?", True)
    q.add(v, 66, "count", "Which thing was on screen the longest?", ["a rocket", "a cat", "a cup of coffee"],
        "a rocket")  # fmt: skip
    v = studio  # camera 0-18, motorcycle 18-36, cat 36-54, camera 54-72
    q.add(
        v, 72, "count", "What appeared twice?", ["a camera", "a motorcycle", "a cat", "a rocket"], "a camera"
    )
    q.yn(v, 40, "past yes/no", "any motorbikes so far?", True)
    q.add(v, 72, "window", "what was on between 20 and 30 secs", ["a camera", "a motorcycle", "a cat", "a rocket"],
        "a motorcycle")  # fmt: skip
    return q.records
