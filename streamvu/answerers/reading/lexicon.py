"""The words that frame a question, in one place: what they signal, and what names nothing visible.

The reader (:mod:`.reader`) tags every word of a question with these sets; whatever is left untagged
is content (the thing asked about). The sets are general English, grouped by what a word signals —
tense, order, counting, asking to be told — not by any list of questions.
"""

from __future__ import annotations

import re

# -- tense and the question's time ---------------------------------------------------------------
NOW = frozenset("now currently presently still nowadays current".split())
NOW_PHRASES = (
    "right now",
    "at the moment",
    "at this moment",
    "at present",
    "at this point",
    "as we speak",
    "this very moment",
    "this second",
    "this instant",
    "on screen",
    "on the screen",
    "in view",
    "in the frame",
    "in frame",
    "in the picture",
    "in the shot",
    "in this shot",
    "on camera",
)
PAST_AUX = frozenset("was were did had".split())
PERFECT_AUX = frozenset("has have".split())
PRESENT_AUX = frozenset("is are am does do".split())
FUTURE_WORDS = frozenset("will shall next soon later upcoming".split())
FUTURE_PHRASES = ("going to", "about to", "gonna", "after this", "from now on", "coming up", "is coming")
PAST_WORDS = frozenset("ever earlier previously before already ago once formerly".split())
PAST_PHRASES = (
    "so far",
    "until now",
    "up to now",
    "up till now",
    "at any point",
    "at any time",
    "in the past",
)

# -- asking to be told when something happens (proactive) ------------------------------------------
PROACTIVE = re.compile(
    r"\b(?:(?:tell|let|notify|alert|warn|ping|inform|message|signal|call|wake)\s+(?:me|us)(?:\s+know)?"
    r"|give\s+(?:me|us)\s+a\s+(?:shout|heads[\s-]?up|ping|call)"
    r"|i\s+(?:want|would\s+like|'d\s+like)\s+to\s+know"
    r"|(?:wait|watch|look|keep\s+an\s+eye)\s+(?:out\s+)?(?:for|until|till)"
    r"|keep\s+(?:watching|looking)\s+(?:for|until))\b",
    re.I,
)
WHEN_CONJ = frozenset("when whenever once if as soon".split())

# -- verbs and words of appearing and seeing (they frame; they name nothing) -----------------------
APPEAR = frozenset(
    """appear appears appeared appearing reappear reappears reappeared show shows showed shown showing
    see sees saw seen seeing spot spots spotted spotting notice noticed observe observed visible
    present displayed display displays featured feature features filmed film recorded captured
    pictured depicted pass passes passed passing contain contains contained containing include includes included including
    came come comes coming arrive arrives arrived arriving enter enters entered
    entering emerge emerges emerged pop pops popped turn turns turned occur occurs occurred
    happen happens happened happening exist exists existed there here""".split()
)
APPEAR_PARTICLES = frozenset("up in into onto back out around along by over".split())

# -- order ----------------------------------------------------------------------------------------
FIRST = frozenset("first earliest initially opening originally sooner earlier".split())
LAST = frozenset("last latest newest final finally lastly later recent recently".split())
BEFORE = frozenset("before preceding preceded precedes precede prior previous ahead".split())
AFTER = frozenset(
    "after following followed follows follow subsequent next then afterwards replaced replace replaces".split()
)
BEFORE_PHRASES = (
    "prior to",
    "ahead of",
    "leading up to",
    "just before",
    "right before",
)  # "in front of" is a place
AFTER_PHRASES = ("right after", "just after", "straight after", "soon after", "later than", "subsequent to")

# -- counting ---------------------------------------------------------------------------------------
COUNT = re.compile(
    r"\bhow\s+(?:many|often|frequently|much)\b|\bnumber\s+of\b|\bcount\b|\bhow\s+many\s+times\b"
    r"|\bwhat\s+number\b|\btimes?\s+in\s+total\b",
    re.I,
)
COUNT_UNITS = frozenset(
    """times time occasions occasion moments moment instances instance appearances appearance sightings
    visits visit trips trip""".split()
)
SCENE_WORDS = frozenset("scene scenes shot shots segment segments part parts sections section views".split())

# -- events that are not things: motion and scene changes -----------------------------------------
MOTION = frozenset(
    """move moves moved moving movement movements motion motions moving stir stirs stirred stirring
    shake shakes shook shaking moving roll rolls rolled rolling slide slides slid sliding""".split()
)
CUT_PHRASES = re.compile(
    r"\b(?:switch(?:es|ed|ing)?|chang(?:e|es|ed|ing))\s+(?:views?|pictures?|shots?|scenes?|angles?|images?|frames?)\b"
    r"|\b(?:scenes?|shots?|views?|cameras?|pictures?|images?|frames?|slides?|screens?)\s+(?:change|changes|changed|changing|switch|"
    r"switches|switched|cut|cuts)\b|\b(?:scene|shot|camera|view)\s+(?:changes?|cuts?|switch(?:es)?|transitions?)\b"
    r"|\b(?:change|changes|switch|switches|cut|cuts|transition|transitions)\s+(?:of|in|between)\s+"
    r"(?:the\s+)?(?:scenes?|shots?)\b|\b(?:new|different|another)\s+(?:scene|shot|picture|image|view|angle|frame)\b|\bcuts?\b|\btransitions?\b",
    re.I,
)

# what a scene change is said of: with a cut signal, "the picture changed" names no thing
CUT_NOUNS = frozenset(
    """cut cuts transition transitions picture pictures image images camera cameras view views scene scenes
    shot shots footage angle angles change changes switch slide slides screen screens layout layouts display
    displays tile tiles grid grids gallery galleries video""".split()
)
# the asked thing going away: "when did the cat leave?" asks for the moment it went
LEAVE = re.compile(
    r"\b(?:disappear(?:s|ed|ing)?|vanish(?:es|ed|ing)?|leaves?|(?<!been )(?<!was )(?<!were )(?<!got )(?<!the )(?<!top )(?<!bottom )(?<!upper )(?<!lower )left(?!-hand|\s+(?:side|corner|screens?|tiles?|box|panel|window|half|third|edge|hand|one|part)\b)|leaving"
    r"|(?:go|goes|went|gone)\s+"
    r"(?:away|out\s+of\s+(?:view|frame|the\s+picture|sight))|(?:walk(?:s|ed)?|head(?:s|ed)?)\s+(?:off|away|out)"
    r"|exit(?:s|ed)?|wander(?:s|ed|ing)?\s+(?:off|away)|(?:switch(?:es|ed)?|cut(?:s)?|"
    r"move[sd]?|turn(?:s|ed)?|change[sd]?)\s+away\s+from|stop(?:s|ped)?\s+being\s+(?:shown|seen|visible|on)"
    r"|no\s+longer\s+(?:visible|shown|seen|there|on)|stop(?:s|ped)?(?!\s+(?:by|outside|at|in|here|there|near|nearby))"
    r"|cease[sd]?|die[sd]?\s+down)\b",
    re.I,
)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "single": 1, "a couple of": 2, "a pair of": 2}  # fmt: skip

# -- words that name nothing visible ---------------------------------------------------------------
QUESTION_WORDS = frozenset("what which who whom whose when where why how whats".split())
AUX = (
    PAST_AUX
    | PERFECT_AUX
    | PRESENT_AUX
    | frozenset("be been being can could would should may might must".split())
)
DETERMINERS = frozenset("a an the any some this that these those another each every my our your its".split())
PRONOUNS = frozenset("it they them this that these those he she him her one ones".split())
GENERIC = frozenset("something anything thing things everything stuff object objects item items what".split())
FILLER = frozenset(
    """please you me us i we let tell know say said kindly can could would do does did is are was were
    be been being am has have had will shall to of in on at by for from with about within during
    video clip stream footage recording feed screen frame view shot scene vlog livestream movie film
    broadcast webcam cam cctv drone dashcam bodycam call webinar meeting seminar session podcast slideshow tour walkthrough tape reel timelapse lecture lesson class talk presentation
    time times moment point ever again also just right exactly immediately directly only even yet
    far total altogether all so too very really actually both either neither whether
    not no never none nothing somewhere anywhere going gonna get gets got there here
    and or but than then that which who""".split()
)
NEGATION = frozenset("not never no none neither nor".split())
PREPOSITIONS = frozenset(
    "on in at by with near under over beside behind next above below inside outside into onto across "
    "through around along against among between holding wearing carrying sitting standing".split()
)
