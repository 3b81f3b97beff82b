"""How the held-out questions name things and ask: names people use for each picture, things never shown,
and several wordings of every question form (written without looking at any question reader)."""

from __future__ import annotations

# how people name each picture in a question: (with "the", without it)
NAMES = {
    "coffee": (
        ["the coffee", "the cup of coffee", "the espresso", "the coffee cup"],
        ["a cup of coffee", "a coffee", "an espresso", "some coffee"],
    ),
    "chelsea": (["the cat", "the kitty", "the tabby cat"], ["a cat", "a kitty", "a tabby cat"]),
    "rocket": (
        ["the rocket", "the space rocket", "the rocket on the launch pad"],
        ["a rocket", "a space rocket"],
    ),
    "stereo_motorcycle": (
        ["the motorcycle", "the motorbike", "the red motorbike"],
        ["a motorcycle", "a motorbike", "a red motorbike"],
    ),
    "camera": (
        ["the camera", "the camera on the tripod", "the tripod"],
        ["a camera", "a camera on a tripod"],
    ),
    "china": (
        ["the temple", "the pagoda", "the Chinese temple"],
        ["a temple", "a pagoda", "a Chinese tower"],
    ),
    "flower": (
        ["the flower", "the dahlia", "the orange flower"],
        ["a flower", "a dahlia", "an orange flower"],
    ),
    "coins": (["the coins", "the old coins"], ["a tray of coins", "a coin collection", "old coins"]),
}
PLURAL = {"the coins", "the old coins", "old coins"}
# how options name them
OPTION_NAMES = {
    "coffee": ["a cup of coffee", "coffee", "an espresso"],
    "chelsea": ["a cat", "a tabby cat"],
    "rocket": ["a rocket", "a space rocket"],
    "stereo_motorcycle": ["a motorcycle", "a motorbike"],
    "camera": ["a camera", "a camera on a tripod"],
    "china": ["a temple", "a pagoda"],
    "flower": ["a flower", "an orange flower"],
    "coins": ["coins", "a collection of coins"],
}
# things none of the pictures show (as a question names them, as an option names them)
NEVER = [
    "a dog",
    "a bird",
    "a guitar",
    "a banana",
    "a pizza",
    "a horse",
    "a laptop",
    "an elephant",
    "a teddy bear",
    "a train",
    "an umbrella",
    "a piano",
]
NEVER_ASKED = [
    "a dog",
    "a puppy",
    "a giraffe",
    "a guitar",
    "a pizza",
    "a horse",
    "a laptop",
    "an umbrella",
    "a train",
]
TIMES_WORDS = {0: "never", 1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"}
NUMBER_WORDS = {0: "none", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}

# --- wordings ------------------------------------------------------------------------------------
W = {
    "now": [
        "What's on screen right now?",
        "What am I looking at?",
        "What do you see at the moment?",
        "What is being shown currently?",
        "Which of these is visible now?",
        "What's in the frame right now?",
        "Right now, what is the video showing?",
        "what's this?",
        "Tell me what is on the screen at this moment.",
        "What can be seen in the current shot?",
    ],
    "now_plain": [
        "Is {a} on screen right now?",
        "Can you see {a} at the moment?",
        "Am I looking at {a} now?",
        "Is {a} visible in the current frame?",
        "Do you see {a} right now?",
        "Is there {a} in view currently?",
        "Right now, is {a} showing?",
        "Is {a} in the picture at the moment?",
    ],
    "now_still": [
        "Is {the} still there?",
        "Is {the} in the shot at this moment?",
        "Can I still see {the}?",
        "Is {the} still on screen?",
        "Are we still looking at {the}?",
        "Is {the} visible right now?",
    ],
    "past": [
        "Did we see {a} at any point?",
        "Has {a} appeared yet?",
        "Was there ever {a}?",
        "Have you seen {a} so far?",
        "Did {a} show up?",
        "Has {a} been on screen?",
        "Was {a} in the video?",
        "Have we had {a} in the video yet?",
        "At any point so far, did the video show {a}?",
        "Has there been {a} so far?",
        "Did I see {a} earlier?",
        "Any sign of {a} so far?",
    ],
    "when": [
        "Tell me when {the} showed up.",
        "At what point did {the} appear?",
        "When did we see {the}?",
        "When was {the} on screen?",
        "What time did {the} show up?",
        "During which part of the video was {the} visible?",
        "When did {the} appear in the video?",
        "When could you see {the}?",
    ],
    "when_first": [
        "When did {the} first appear?",
        "When did we see {the} for the first time?",
        "When was {the} on screen the first time?",
        "Tell me when {the} first showed up.",
    ],
    "when_again": [
        "When did {the} come back?",
        "When was {the} on screen the second time?",
        "When did {the} reappear?",
        "When did we see {the} again?",
    ],
    "first": [
        "What did the video start with?",
        "What was the very first thing on screen?",
        "Which of these came first in the video?",
        "What opened the video?",
        "What did we see first?",
        "What was on screen first?",
    ],
    "last": [
        "What did the video end with?",
        "What was the final thing we saw?",
        "What was the last thing shown?",
        "What's the last scene of the video?",
    ],
    "previous": [
        "What was on screen before this?",
        "What came right before this scene?",
        "What were we looking at before the current shot?",
        "What was the previous scene?",
    ],
    "before": [
        "What preceded {the}?",
        "What came immediately before {the}?",
        "What did we see right before {the} appeared?",
        "Right before {the}, what was on screen?",
        "What was on screen just before {the} showed up?",
        "What was shown prior to {the}?",
    ],
    "after": [
        "What followed {the}?",
        "What was shown next after {the}?",
        "After {the}, what did we see?",
        "What replaced {the} on screen?",
        "What came on after {the} went away?",
        "What came immediately after {the}?",
    ],
    "which_first": [
        "{The1} or {the2} — which was earlier?",
        "Which did we see first: {the1} or {the2}?",
        "Did {the1} or {the2} appear earlier?",
        "Which showed up earlier, {the1} or {the2}?",
        "Between {the1} and {the2}, which one was shown first?",
        "{The1} or {the2}: which came up first?",
    ],
    "which_last": [
        "Which was on screen more recently, {the1} or {the2}?",
        "Which did we see last: {the1} or {the2}?",
        "{The1} or {the2} — which was shown later?",
        "Of {the1} and {the2}, which appeared more recently?",
    ],
    "last_n": [
        "What did we see in the last {n} seconds?",
        "In the past {n} seconds, which of these was on screen?",
        "Which of these appeared during the last {n} s?",
        "What was shown over the last {n} seconds?",
        "Anything from this list in the last {n} seconds?",
    ],
    "between": [
        "What was on screen between {a} and {b}?",
        "What was shown from {a} to {b}?",
        "Between {a} and {b}, what did the video show?",
        "What could be seen from {a} until {b}?",
        "What appeared in the stretch from {a} to {b}?",
    ],
    "first_n": [
        "What was shown in the first {n} seconds?",
        "During the first {n} seconds, what was on screen?",
        "What did the first {n} seconds show?",
        "In the opening {n} s, what did we see?",
    ],
    "beginning": [
        "What was at the beginning?",
        "What did we see at the start of the video?",
        "What was shown at the very beginning?",
        "How did the video begin?",
        "At the start, what was on the screen?",
    ],
    "since_start": [
        "Since the start, which of these has appeared?",
        "Which of these have we seen since the video started?",
        "From the beginning until now, which of these was shown?",
        "Which of these has been on screen at some point since the start?",
    ],
    "times": [
        "How many times did {the} appear?",
        "How often did {a} appear?",
        "How often was {the} on screen?",
        "How many separate times did we see {the}?",
        "Count how many times {the} showed up.",
        "How many times has {the} been on screen so far?",
        "How many appearances did {the} make?",
    ],
    "scenes": [
        "How many scenes have there been so far?",
        "How many shots has the video had?",
        "Count the scenes up to now.",
        "How many separate scenes did we see?",
    ],
    "cuts": [
        "How many times did the scene change?",
        "How many scene changes were there?",
        "How many cuts have there been so far?",
        "How many times did the picture switch to something else?",
    ],
    "different": [
        "How many different things have we seen?",
        "How many different objects were shown?",
        "Counting repeats once, how many different things appeared?",
        "How many kinds of things has the video shown so far?",
    ],
    "summary": [
        "What happened so far?",
        "Can you summarize the video up to now?",
        "Give me a quick recap of what was shown.",
        "What has the video shown so far, in order?",
        "What did I miss?",
        "Recap the video for me.",
    ],
}


def agree(text: str) -> str:
    """Plural names take plural verbs ("Are the coins still there?")."""
    for name in PLURAL:
        for sing, plur in (
            ("Is " + name, "Are " + name),
            ("Was " + name, "Were " + name),
            ("Has " + name, "Have " + name),
            (name + " was", name + " were"),
            ("was " + name, "were " + name),
            ("Is there " + name, "Are there " + name),
            ("Was there ever " + name, "Were there ever " + name),
            ("Has there been " + name, "Have there been " + name),
            ("has " + name, "have " + name),
            ("is " + name, "are " + name),
        ):
            text = text.replace(sing, plur)
    return text
