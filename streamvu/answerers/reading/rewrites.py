"""Ways of asking rewritten to a plainer wording before a question is read: contractions and chat
spellings, polite requests, who asks and how they set the scene, the camera as the one who sees, and
many loose wordings of order, counts, windows and movement (each general English, see its comment).
:func:`normalise` applies them in order.
"""

from __future__ import annotations

import re

# -- normalising --------------------------------------------------------------------------------
_CONTRACTIONS = [
    (r"\bwhat's\b", "what is"), (r"\bwho's\b", "who is"), (r"\bthere's\b", "there is"),
    (r"\bit's\b", "it is"), (r"\bthat's\b", "that is"), (r"\bwhere's\b", "where is"),
    (r"\bwhen's\b", "when is"), (r"\bhere's\b", "here is"), (r"\bwon't\b", "will not"),
    (r"\bcan't\b", "can not"), (r"\bcannot\b", "can not"), (r"n't\b", " not"), (r"'ve\b", " have"),
    (r"'re\b", " are"), (r"'ll\b", " will"), (r"'d\b", " would"), (r"\bi'm\b", "i am"),
    # as people type in chat
    (r"\bu\b", "you"), (r"\bur\b", "your"), (r"\brn\b", "right now"), (r"\bpl[sz]\b", "please"),
    (r"\bwhats\b", "what is"), (r"\b(any|some|no|every)(one|body)'s\b", r"\1\2 is"), (r"\bim\b", "i am"), (r"\btheres\b", "there is"), (r"\bthats\b", "that is"),
    (r"\b(did|does|do|is|are|was|were|has|have|had|could|would|should)nt\b", r"\1 not"),
    (r"\bcant\b", "can not"), (r"\bwont\b", "will not"), (r"\bwanna\b", "want to"),
    (r"\bppl\b", "people"), (r"\batm\b", "at the moment"), (r"\bb4\b", "before"),
    (r"\b(?:wat|wut|wht|waht)\b", "what"), (r"\b(?:whn|wen)\b", "when"), (r"\b(?:wer|wher)\b", "where"),
    (r"\b(?:hw|hwo|hiw)\b", "how"), (r"\bwhos\b", "who is"), (r"\bsth\b", "something"), (r"\bsmth\b", "something"),
    (r"\bwats\b", "what is"), (r"\b(?:wich|whcih|whihc|wihch)\b", "which"), (r"\br\b", "are"),
    (r"\b(?:between|from)\s+(\S+)\s+(?:and|to|till|until|up\s+to)\s+(?:just\s+|right\s+)?now\b", r"since \1"),
    (r"\b(until|till|up\s+to)\s+(?:just|right)\s+now\b", r"\1 now"), (r"\bso\s+far\s+today\b", "so far"),
    (r"\b(?:a\s+)?couple\s+(?:of\s+)?(minutes|seconds|mins|secs)\b", r"2 \1"),
    (r"\b(?:a\s+)?few\s+(minutes|mins)\b", r"3 \1"),
    (r"\b(some|any|every|no)thing's\b", r"\1thing is"),
    (r"\b(since|after|from|before|until|till|by)\s+(?:a|one)\s+minute\s+in\b", r"\1 1:00"),
    (r"\b(since|after|from|before|until|till|by)\s+half\s+a\s+minute\s+in\b", r"\1 0:30"),
    (r"\b(since|after|from|before|until|till|by)\s+(two|three|four|five)\s+minutes\s+in\b",
     lambda m: f"{m.group(1)} {'2345'['two three four five'.split().index(m.group(2))]}:00"),
    (r"\bsince\s+(?:it|this|the\s+[a-z]+)\s+(?:first\s+)?(?:started|began|opened|came\s+on|went\s+live)\b", "since the start"),
    (r"\bupto\b", "up to"), (r"\buptill?\b", "up till"), (r"\bas\s+of\s+now\b", "up to now"),
    (r"\bfrom\s+(?:the\s+)?(?:start|beginning)\b(?!\s+(?:to|till|until|of))", "since the start"),
    (r"\bbefore\s+(\d+|a|one|two|five|ten)\s+(min|mins|minutes?|sec|secs|seconds?)\b", r"\1 \2 ago"),
    (r"\bin\s+last\s+(?=\d)", "in the last "), (r"\bin\s+first\s+(?=\d|minute|half)", "in the first "),
    (r"\bteh\b", "the"), (r"\bseperate\b", "separate"), (r"\bveiw\b", "view"), (r"\bappeard\b", "appeared"),
    (r"\bapear(s|ed|ing)?\b", r"appear\1"), (r"\bshwo(n)?\b", r"show\1"), (r"\bbefroe\b", "before"), (r"\buntill\b", "until"),
    (r"\bdiff\b", "different"), (r"\bdiff?e?rr?e?nt\b", "different"), (r"\bany1\b", "anyone"), (r"\bsome1\b", "someone"), (r"\bno1\b", "no one"), (r"\bthx\b", "thanks"),
]  # fmt: skip


# Ways of asking that say the same as a plainer wording, rewritten to it before reading (each general
# English: a polite request, asking to be caught up, the camera as the one who sees).
_REQUEST_VERBS = (
    r"(?:describe|tell|summari[sz]e|give|list|show|name|walk|explain|count|recap|say|let|check|confirm|find|pick"
    r"|choose|identify|look|remind|put|arrange|sort|order|rank|sum)"
)
_WHAT_SHOWN = r"(?:what(?!\s+(?:time|moment|point|second|minute)\b)|which(?!\s+(?:time|moment|point|second)\b)|how\s+many\s+(?!times\b)\w+)"
_REWRITES = [
    # "how many pictures has the TV gone through?": shown (before "gone through" is read as movement)
    (r"\b(?:has|have|had)\s+(?:the|this|that|my|our)\s+(?:[a-z]+\s+){0,2}?(?:tv|telly|television|monitor|screen|camera"
     r"|cam|feed|display|stream|video)\s+(?:gone|cycled|run|flicked|flipped)\s+through\b", "have been shown"),
    # "the cooking cam has put up": shown
    (r"\b(has|have|had)\s+put\s+(?:up|on)\b", r"\1 shown"),
    # "can you describe ...", "could you please tell me ...": the request itself
    (rf"(?:^|(?<=[.?!;,]\s))(?:can|could|would|will)\s+you\s+(?:please\s+|kindly\s+)?(?={_REQUEST_VERBS}\b)", ""),
    (r"\bwalk\s+(?:me|us)\s+through\b", "describe"),
    (r"\bremind\s+(?:me|us)\b(?:\s+of)?", "tell me"),
    # "put these in order": the order they came in
    (r"^(?:please\s+)?(?:put|arrange|sort|place|rank|order|list|line\s+up)\s+(?:these|them|the\s+following|those)"
     r"(?:\s+(?:two|three|four|five|2|3|4|5))?(?:\s+things|\s+items|\s+pictures|\s+ones)?\s+(?:in\s+(?:the\s+)?(?:right\s+|correct\s+|chronological\s+|time\s+)?order\b"
     r"|by\s+(?:when|(?:the\s+)?time|(?:the\s+)?order|(?:(?:the\s+)?(?:first|order\s+of)\s+)?appearance)\b|chronologically\b"
     r"|in\s+sequence\b"
     r"|from\s+first\s+to\s+last\b)", "in what order did these appear"),
    (r"^(?:please\s+)?(?:put|arrange|sort|order|rank|list|line\s+up)\s+(?:(?:them|things|items)\s+)?(?:in\s+(?:chronological|time)"
     r"\s+order|chronologically|by\s+(?:when|(?:the\s+)?time|(?:first\s+)?appearance))\s*[:\-]", "in what order did these appear:"),
    # "what order did they come in?": in what order
    (r"^(?:so\s+|and\s+)?(?:what|which)\s+order\b", "in what order"),
    # the camera's view is the screen ("on the lobby cam", "in front of the camera")
    (r"\b(?:on|in\s+front\s+of|before)\s+(?:the\s+)?camera\b", "on screen"),
    (r"\bin\s+front\s+of\b", "at"),  # a place ("in front of the stall"), never a time
    (r"\b(?:on|in|from|through|past|by)\s+(?:the|this|my|our|your)\s+(?:[a-z]+\s+){0,2}?(?:cam|camera|webcam|feed)\b",
     "on screen"),
    # "the doorbell camera", "the gym stream", "this traffic cam": the source, named by what it watches
    (r"\b(?:the|this|my|our|your)\s+(?:[a-z]+\s+){1,2}?(?:cam|camera|webcam|feed|stream|livestream|footage|video"
     r"|recording|vlog|broadcast)\b", "the video"),
    # "has the camera shown", "which of these did the stream not show": what the source showed was shown
    # (only where the question word is what was shown: "how many times did the horse show?" asks about it)
    (rf"^((?:.*?[\s,:;])?{_WHAT_SHOWN}\b[^?]*?)\b(has|have|had)\s+(?:the|this|that|my|our|your)\s+(?:[a-z]+\s+){{1,3}}?(not\s+|never\s+)?"
     r"(?:shown|captured|recorded|filmed|picked\s+up|caught|seen|spotted|displayed|featured|played|aired)\b"
     r"(?!\s+up\b(?!\s+(?:to|till|until)\b))", r"\1\2 \3been shown"),
    (rf"^((?:.*?[\s,:;])?{_WHAT_SHOWN}\b[^?]*?)\b(?:the|this|that|my|our|your)\s+(?:[a-z]+\s+){{0,2}}?[a-z]+\s+"
     r"(not|never)\s+(?:showed|shown|displayed|show|display)\b", r"\1has \2 been shown"),
    # "which of these the museum kiosk has never displayed": the same, said in the order of a statement
    (rf"^((?:.*?[\s,:;])?{_WHAT_SHOWN}\b[^?]*?)\b(?:the|this|that|my|our|your)\s+(?:[a-z]+\s+){{0,2}}?[a-z]+\s+(has|have|had)"
     r"\s+(not\s+|never\s+)?(?:shown|captured|recorded|filmed|displayed|featured|played|aired)\b", r"\1\2 \3been shown"),
    (rf"^((?:.*?[\s,:;])?{_WHAT_SHOWN}\b[^?]*?)\b(?:did)\s+(?:the|this|that|my|our|your)\s+(?:[a-z]+\s+){{1,3}}?(not\s+|never\s+)?"
     r"(?:show|capture|record|film|pick\s+up|catch|see|spot|display|feature|play|air)\b(?!\s+up\b(?!\s+(?:to|till|until)\b))",
     r"\1was \2shown"),
    # "summarise what the museum kiosk showed": what the source showed was shown
    # (not "what the fifth shot showed": which shot is asked)
    (r"\bwhat\s+(?:the|this|my|our|your)\s+(?!(?:[a-z]+\s+){0,2}?(?:first|second|third|fourth|fifth|last|next|previous"
     r"|latest|shot|scene|clip|part|segment)\b)(?:[a-z]+\s+){0,2}?[a-z]+\s+(?:showed|displayed|recorded|captured|filmed"
     r"|played|aired|has\s+(?:shown|displayed|recorded|captured|filmed))\b", "what was shown"),
    # "what does the picture show?": what it shows now
    (rf"^((?:.*?[\s,:;])?{_WHAT_SHOWN}\b[^?]*?)\b(?:does|do)\s+(?:the|this|that|my|our|your)\s+(?:[a-z]+\s+){{1,3}}?(not\s+|never\s+)?"
     r"(?:show|capture|record|film|pick\s+up|catch|see|spot)\b(?!\s+up)", r"\1is \2shown"),
    # "did something go past?", "anything crossing?": movement across the picture (a named thing that
    # comes by is an appearance of it)
    (r"\b(something|anything|stuff|things?)\s+(?:go|goes|went|gone|going|pass|passes|passed|passing|run|ran|fly|flew"
     r"|roll|rolled|slide|slid|whizz|whizzes|whizzed|whiz|zoom|zooms|zoomed|zip|zips|zipped|speed|speeds|sped"
     r"|race|races|raced|dash|dashes|dashed|rush|rushes|rushed|drive|drives|drove|ride|rides|rode|walk|walks|walked"
     r")\s+(?:past|by|across|through)\b", r"\1 moved"),
    (r"\b(something|anything|stuff|things?)\s+(?:pass|passes|passed|passing|cross|crosses|crossed|crossing)\b", r"\1 moved"),
    # "has the red square gone across?": a thing going across the picture is movement
    (r"\b(?:going|rolling|sliding|crossing|drifting|floating|gliding)\s+(?:across|through|over)\b", "moving"),
    (r"\b(?:goes|rolls|slides|crosses|drifts|floats|glides)\s+(?:across|through|over)\b", "moves"),
    (r"\b(?:go|roll|slide|cross|drift|float|glide)\s+(?:across|through|over)\b", "move"),
    (r"\b(?:went|gone|rolled|slid|crossed|drifted|floated|glided)\s+(?:across|through|over)\b", "moved"),
    (r"\b(?:crossed|cross|crosses|crossing)\s+(?:the\s+)?(?:video|screen|picture|frame|view|image)\b", "moved across"),
    # "order pls: the cat, the rocket": in what order they came
    (r"^(?:the\s+)?order\s*(?:pls|please|plz)?\s*[:\-]", "in what order did these appear:"),
    # "pick the one that is on screen": which one is
    (r"^(?:please\s+)?(?:pick|choose|select|identify)\s+the\s+(?:one|option|thing)\s+(?:that|which)\b", "which one"),
    # "how many scenes so far, counting this one": the count already holds the scene on screen
    (r",?\s*(?:counting|including)\s+(?:this|the\s+(?:current|present|latest))\s+(?:one|scene|shot)\b", ""),
    (r"\b(?:catch|fill)\s+(?:me|us)\s+(?:up|in)(?:\s+on)?\b", "summarize"),
    (r"\bwhat\s+(?:did|have|had)\s+(?:i|we)\s+(?:just\s+)?miss(?:ed)?\b", "summarize what happened"),
    (r"(?:\b(?:i|we)\s+|^)(?:just\s+|only\s+)?(?:tuned\s+in|joined(?:\s+in)?|came\s+in|walked\s+in|got\s+here|arrived)\b"
     r"(?:\s+(?:to|on)\s+(?:the\s+|this\s+)?(?:[a-z]+\s+){0,2}?(?:stream|video|feed|cam|camera|call|webinar|meeting|broadcast))?"
     r"\s*[-,:;]*", ""),
    # "State whether a cat is visible", "report when the van left": a question set as a task is the question
    (r"^(?:please\s+|kindly\s+)?(?:state|report|indicate|specify|determine|establish|ascertain|note|mention)"
     r"\s+(?=(?:if|whether|when|what|which|who|how|where)\b)", ""),
    (r"^(?:please\s+|kindly\s+)?(?:state|report|give|tell\s+(?:me|us)|say|provide|indicate)\s+(?:the\s+)?(?:total\s+)?"
     r"(?:number|count|tally)\s+of\b", "how many"),
    # "hey quiz app, ...", "hi lobby bot: ...": who is addressed says nothing
    (r"^(?:hey|hi|yo|hello)\s+(?!(?:the|a|an|this|that|there|what|which|who|when|how|is|are|was|were|did|do|does|has"
     r"|have|any)\b)(?:[a-z]+\s+){0,2}[a-z]+\s*[,:!]\s*", ""),
    # "is the picture on the board right now a spaceship?": is it one
    (r"^(is|was)\s+(?:the|this|that)\s+(?:picture|image|photo|thing|object|shot|scene|view|one)\b(?:\s+(?:on|in)\s+"
     r"(?:the\s+)?(?:[a-z]+\s+){0,2}?[a-z]+)?(?:\s+(?:right\s+now|now|currently|at\s+the\s+moment|at\s+present))?"
     r"\s+(?=(?:a|an|some)\s)", r"\1 it "),
    # "isn't that the pagoda again?": is it back (the "again" only says it was seen before)
    (r"^(is|are)(?:\s+not)?\s+(?:that|this|it)\s+((?:the|a|an|our|my)\s+(?:[a-z]+\s+){0,2}?[a-z]+)\s+again\b", r"\1 \2 back"),
    # "what opened the show?": what came first
    (r"^what\s+(?:opened|started|began|kicked\s+off)\s+(?:the|this|our|my)\s+(?:[a-z]+\s+){0,2}?[a-z]+\s*(?=[?.!]|$)",
     "what was shown first"),
    # "summarize the quiz so far": the show, the drive, the call are the video
    (r"^((?:please\s+)?(?:summari[sz]e|describe|recap|sum\s+up|review)\s+)(?:the|this|our|my|today's)\s+(?:[a-z]+\s+)?"
     r"(?:quiz|show|drive|trip|ride|journey|programme|program|broadcast|match|game|lecture|class|call|meeting|session"
     r"|tour|day|morning|evening|afternoon|night|shift|episode|event)\b", r"\1the video"),
    # "Now that the officer is on, is the coffee still there?", "It's a cooking show: was there a pizza?",
    # "while I was gone": what sets the scene is no part of the question (a time it names is kept apart)
    (r"^now\s+that\s+[^,?]+,\s*", ""),
    (r"^(?:it\s+is|this\s+is)\s+(?:a|an|the|my|our)\s+(?:[a-z]+\s+){0,2}?(?:show|stream|livestream|video|programme"
     r"|program|broadcast|feed|camera|cam|webcam|call|meeting|class|lecture|channel)\s*[:,;\-]\s*", ""),
    (r"\s*,?\s*\b(?:while|when)\s+(?:i|we)\s+(?:was|were)\s+(?:gone|away|out|afk|busy|off|not\s+looking)\b", ""),
    (r"\b(?:today|this\s+(?:morning|afternoon|evening))\b(?=\s*[?.!,]|\s*$)", ""),
    # "counting each visit, how often ...", "with this one, how many ...": how the count is to be kept
    (r"^(?:counting|including)\s+(?:each|every|them|all|separately|this|it)(?:\s+[a-z]+){0,2}\s*,\s*", ""),
    (r"^(?:with|counting|including)\s+this\s+one\s*,\s*", ""),
    # "the tally of different things", "the astronaut's appearances", "how many pony sightings": how many times
    (r"\bwhat\s+is\s+the\s+(?:tally|count|number|total)\s+of\b", "how many"),
    (r"\b(?:count|tally)\s+(?:up\s+)?(?:the\s+)?([a-z]+(?:\s+[a-z]+)?)'s\s+(?:appearances|visits|sightings|returns)\b",
     r"how many times did the \1 appear"),
    (r"\bhow\s+many\s+(?:separate\s+|different\s+|distinct\s+)?(?!(?:different|separate|distinct)\b)([a-z]+)"
     r"\s+(?:appearances|sightings|visits|showings)\b", r"how many times did the \1 appear"),
    # "was a no-show", "anything on this list we haven't seen?": never shown
    (r"\b(?:was|were|is|are|been)\s+(?:a\s+)?no[\s-]shows?\b", "was never shown"),
    (r"^(?:is\s+there\s+)?anything\s+(?:on|in|from)\s+(?:this|the|that|my)\s+(?:list|lot|set)\b", "which of these"),
    # "what's the earliest the blossom was on?", "how early did it appear?": when first
    (r"^what\s+is\s+the\s+(?:earliest|first)\s+(?:time\s+)?((?:the|a|an)\s+(?:[a-z]+\s+){0,2}?[a-z]+)\s+(was|were)\b",
     r"when \2 \1 first"),
    (r"^what\s+is\s+the\s+(?:latest|last)\s+(?:time\s+)?((?:the|a|an)\s+(?:[a-z]+\s+){0,2}?[a-z]+)\s+(was|were)\b",
     r"when \2 \1 last"),
    (r"\bhow\s+early\b", "when"),
    # "the scooter: when was it first seen?": the thing set before the question is what "it" is
    (r"^((?:the|a|an|that|this|my|our)\s+(?:[a-z]+\s+){0,4}?[a-z]+)\s*[:\-\u2013]\s*((?:from\s+)?(?:when|where|how|what|which|did|was"
     r"|were|is|are|has|have)\b.*?)\b(?:it|they|she|he|them|her|him)\b", r"\2\1"),
    # "what did the kitchen cam open on?": what came first
    (r"^what\s+did\s+(?:the|this|our|my)\s+(?:[a-z]+\s+){0,3}?(?:open|start|begin|kick\s+off)\s+(?:on|with)\b[^?]*",
     "what was shown first"),
    # "any animals left on screen?": remaining, not leaving
    (r"\b((?:any|some)\s+(?:[a-z]+\s+)?)left\b(?=\s+(?:on|in|now|here|there|at)\b|\s*[?.!]|\s*$)", r"\1still"),
    # "did the motorcycle roll in?": came into view
    (r"\b(?:roll|drive|pull|wander|stroll|walk|ride|fly)\s+in\b(?!\s*(?:the|a|an|front|to|into|on)\b)", "appear"),
    (r"\b(?:rolled|drove|pulled|wandered|strolled|walked|rode|flew)\s+in\b(?!\s*(?:the|a|an|front|to|into|on)\b)",
     "appeared"),
    # "how many ball runs across the picture?", "how many passes of the square?": movements counted
    (r"\bhow\s+many\s+(?:[a-z]+\s+)?(?:runs|passes|crossings|fly-?bys|trips)\b(?:\s+(?:have\s+there\s+been|were\s+there"
     r"|did\s+we\s+(?:get|see)))?(?:\s+(?:across|over|through)\b)?", "how many times did something move across"),
    # "bartender here -", "judge at the fair:", "the guard's asking:": who asks says nothing
    (r"^(?:[a-z]+\s+){0,2}?[a-z]+\s+here\s*[,:\-\u2013]\s*", ""),
    (r"^(?!(?:the|a|an|this|that|my|our)\b)[a-z]+\s+(?:at|from|of|on)\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s*:\s*"
     r"(?=(?:is|are|was|were|did|do|does|has|have|can|could|what|which|who|when|how|any)\b[^?]*\b(?:a|an|the|any|some)\s+[a-z]+)",
     ""),  # (the question after it names its own thing: "people on screen: how many?" keeps its people)
    (r"^(?:(?:the|my|our)\s+)?[a-z]+(?:'s|\s+is)\s+(?:asking|wondering|curious)\s*[:,\-\u2013]\s*", ""),
    (r"^[^,?]{0,60}\b(?:i|we)\s+(?:can\s+not|could\s+not|did\s+not|do\s+not)\s+(?:see|hear|watch|look)\b[^,?]*,\s*"
     r"(?=(?:what|which|who|when|how|is|are|was|were|did|do|does|has|have|any)\b)", ""),
    # "at what mark", "from what clock time": when
    (r"\b(?:at\s+)?(?:what|which)\s+(?:time\s+)?mark\b", "when"), (r"\bwhat\s+clock\s+time\b", "when"),
    # "the monitor's showing the coffee", "the camera's got a scooter on it": it is on screen
    (r"^(?:the|this|that|my|our)\s+(?:[a-z]+\s+)?(?:camera|cam|monitor|screen|tv|telly|television|feed|display|video)"
     r"(?:'s|\s+is|\s+has)\s+(?:got\s+|showing\s+|displaying\s+)((?:the|a|an|some|any)\s+(?:[a-z]+\s+){0,2}?[a-z]+)"
     r"(?:\s+on(?:\s+(?:it|there))?)?\b", r"\1 is on screen"),
    # "how many pictures has the TV gone through?": shown; "has the TV skipped any of these?": never shown
    (r"\b(?:has|did)\s+(?:the|this|that|my|our)\s+(?:[a-z]+\s+){0,2}?(?:tv|telly|television|monitor|screen|camera|cam"
     r"|feed|display|stream|video)\s+(?:skipped|missed|left\s+out)\s+any\s+of\s+(?:these|them|the\s+following)\b[^?]*",
     "which of these has never been shown"),
    # "since kick-off": since the start; "got airtime": appeared; "just ahead of it": before it;
    # "took over from the horse", "took the cat's place": came after
    (r"\bsince\s+(?:the\s+)?kick[\s-]?off\b", "since the start"),
    (r"\b(?:got|get|gets|getting)\s+(?:some\s+|any\s+)?(?:airtime|screen\s*time)\b", "appeared"),
    (r"\b(?:just\s+|right\s+|immediately\s+)?ahead\s+of\b", "before"),
    (r"\b(?:took|takes|take)\s+over\s+from\b", "came after"),
    (r"\b(?:took|takes|take)\s+((?:the|a|an)\s+(?:[a-z]+\s+)?[a-z]+)'s\s+place\b", r"came after \1"),
    # "check if there is a cat", "see whether ...": a yes/no question asked as a request
    (r"\b(?:please\s+)?(?:check|see|confirm|find\s+out|make\s+sure|verify)\s+(?:if|whether)\b", "whether"),
    (r"\bhead\s*-?\s*count\b", "how many people"),
    # "the cat's gone", "the horse's back": is
    (r"\b(\w+)'s\s+(?=(?:gone|there|here|still|back|left|not|been|visible|moving|showing|shown|leaving|arriving|coming"
     r"|on\s+(?:screen|camera)|in\s+(?:view|frame|shot))\b)", r"\1 is "),
    # a split screen's tiles: "on the left, middle or right screen", "in any of the tiles": on screen
    (r",?\s*(?:(?:top|bottom|upper|lower)\s+)?(?:left|middle|right|centre|center)(?:\s*,\s*(?:left|middle|right|centre"
     r"|center))*\s*(?:,?\s*(?:or|and)\s+(?:left|middle|right|centre|center))\s*,", ""),
    (r"\b(?:on|in|at)\s+(?:the\s+)?(?:(?:top|bottom|upper|lower|far)\s+)?(?:(?:left|middle|right|centre|center)"
     r"(?:\s*,\s*|\s+(?:or|and)\s+|-hand\s+)?)+\s*(?:screens?|tiles?|boxes|box|panels?|windows?|squares?|sides?"
     r"|halves|half|thirds?|ones?|parts?)\b", "on screen"),
    (r"\b(?:in|on|across)\s+(?:any|one|each|either|some|all|both)\s+of\s+the\s+(?:\w+\s+)?(?:screens|tiles|boxes|panels"
     r"|windows|squares|thirds|halves|sides)\b", "on screen"),
    (r"\b(?:on|in|at)\s+the\s+(?:far\s+)?(?:left|right)(?:-hand)?(?:\s+side)?"
     r"(?=\s*(?:[?.!;]|$)|\s+(?:now|currently|of|right\s+now|at\s+the\s+moment|still|atm|rn)\b)", "on screen"),
    (r"\b(?:in|at)\s+the\s+(?:top|bottom|upper|lower)(?:[\s-]+(?:left|right))?(?:\s+(?:corner|half|part|edge))?\b", "on screen"),
    # "what were the three screens showing?", "the display wall": the video
    (r"\bthe\s+(?:two\s+|three\s+|four\s+|\w+\s+)?(?:screens|tiles|panels|split[\s-]+screen|gallery(?:\s+view)?"
     r"|display(?:\s+wall)?|video\s+wall)\b", "the video"),
    # "rejoined the call", "dropped off", "went off the wall": came back, left
    (r"\brejoin(?:ed)?\b", "came back"), (r"\brejoins\b", "comes back"), (r"\brejoining\b", "coming back"),
    (r"\b(?:drop(?:ped)?|fell|log(?:ged)?|sign(?:ed)?)\s+off\b", "left"), (r"\b(?:dropping|logging|signing)\s+off\b", "leaving"),
    (r"\b(?:went|gone|came|come|dropped|fell)\s+off\s+(?:the\s+)?(?:\w+\s+)?(?:wall|screens?|display|call|meeting"
     r"|stream|air|gallery|grid)\b", "left"),
    (r"\bjoin(ed|s|ing)?\s+(?:the\s+)?(?:\w+\s+)?(?:call|meeting|webinar|gallery|grid|stream|chat|session|conference)\b",
     lambda m: {None: "appear", "ed": "appeared", "s": "appears", "ing": "appearing"}[m.group(1)]),
    # "did the cat make a second appearance?": did it come back
    (r"\b(?:make|made|makes|making)\s+(?:a\s+)?(?:second|another|repeat|return)\s+(?:appearance|visit)\b", "come back"),
    # "is this the same scene as before?", "still the same shot as a minute ago?": has it not changed since
    (r"^(?:(?:is|are)\s+(?:this|it|that|we)\s+)?(?:still\s+)?(?:on\s+|in\s+|at\s+)?(?:the\s+)?same\s+"
     r"(scene|shot|view|picture|image|camera\s+angle|angle|frame)\s+as\s+(?:before|earlier|previously|then)\b",
     r"has the \1 not changed recently"),
    (r"^(?:(?:is|are)\s+(?:this|it|that|we)\s+)?(?:still\s+)?(?:on\s+|in\s+|at\s+)?(?:the\s+)?same\s+"
     r"(scene|shot|view|picture|image|camera\s+angle|angle|frame)\s+as\s+(?:at\s+)?", r"has the \1 not changed since "),
    # "is the picture without people?": is it empty
    (r"\bwithout\s+(?:any\s+)?(?:people|persons|anyone|anybody|a\s+person|humans)\b", "empty"),
    # "what m:ss did it come?": what time
    (r"\bwhat\s+(?:m+:s+|h+:m+:s+|m+:s+)\b", "what time"),
    # "at the till", "this till": a shop's till is a place, no "until"
    (r"\b(the|a|this|that|my|our|your)\s+till\b", r"\1 checkout"),
    # "kindly tell is it a horse?", "pls tell if ...": the question itself
    (r"^(?:kindly|please|pls|plz)?\s*(?:tell|say)\s+(?=(?:is|are|was|were|did|does|do|has|have|if|whether|which|who)\b)", ""),
    # "anybody came since 1:04 or it was empty?": the alternative only restates the question
    (r",?\s+or\s+(?:was\s+it|it\s+was|is\s+it|it\s+is|it's)\s+(?:empty|quiet|deserted)\b[^?]*", ""),
    # "the marina cam", "harbour cam", "classroom camera" said without "the": the source
    (r"(?<!\bthe\s)(?<!\bthis\s)(?<!\bmy\s)(?<!\bour\s)(?<!\byour\s)\b(?!(?:the|this|my|our|your|a|an|on|in|at|of|by"
     r"|from|to|what|which|how|many|much|did|does|was|is)\b)[a-z]+\s+(?:cam|camera|webcam|feed|livestream)\b", "the video"),
    # "ok computer, ...", "hey google": who is addressed says nothing
    (r"^(?:ok(?:ay)?|hey|hi|yo)\s+(?:computer|assistant|streamvu|google|siri|alexa|bot|cam|camera)\b[\s,:!-]*", ""),
    # "my colleague wants to know if ...", "I was wondering whether ...", "she asked me when ...": the
    # question asked for someone else, or wondered about, is the question
    (r"^(?:(?:my|our|the)\s+[a-z]+|i|we|he|she|they|someone|somebody)\s+(?:wants?|wanted|would\s+like|'d\s+like)\s+to\s+know\s+"
     r"(?=(?:if|whether|when|what|which|who|how|where)\b)", ""),
    (r"^(?:(?:my|our|the)\s+[a-z]+|he|she|they|someone|somebody)\s+(?:asked|asks|is\s+asking|was\s+asking)(?:\s+(?:me|us))?\s+"
     r"(?=(?:if|whether|when|what|which|who|how|where)\b)", ""),
    (r"^(?:i|we)\s+(?:was|were|am|are|'m)?\s*(?:wondering|wonder|curious)\s+(?:about\s+)?(?=(?:if|whether|when|what|which|who|how|where)\b)",
     ""),
    (r"[.;]?\s*(?:so\s+)?(?:what|how)\s+(?:do|should|shall|can|would)\s+i\s+(?:tell|say\s+to|answer|reply\s+to)"
     r"\s+(?:her|him|them|my\s+\w+)\s*\??\s*$", "?"),
    (r"\bsum\s+(?:it\s+)?up\b", "summarize"),
    # "plant, animal or drink, what is on the counter?": the question first, then its options
    (r"^((?:[a-z]+\s*,\s*)+[a-z]+\s+or\s+[a-z]+)\s*[,:-]\s*(?:what|which)\s+(?:is|are)\b[^?]*\??$", r"is it either \1?"),
    # "any idea when ...", "do you know whether ...": the question itself
    (r"^(?:(?:do\s+you\s+|have\s+you\s+)?(?:got\s+|have\s+)?any\s+(?:idea|clue|notion)|do\s+you\s+(?:happen\s+to\s+)?know)\s+"
     r"(?=(?:when|what|which|who|how|whether|if|where)\b)", ""),
    # "horse vs hot drink": either
    (r"\s+(?:vs\.?|versus)\s+", " or "),
    # "is it the cat just now?": asked in the present, "just now" is now
    (r"^((?:is|are)\b[^?]*?)\bjust\s+now\b", r"\1right now"),
    # "did the motorbike roll into frame?": came into view
    (r"\b(?:roll(?:s|ed)?|drive[sn]?|drove|walk(?:s|ed)?|wander(?:s|ed)?|step(?:s|ped)?|run(?:s)?|ran)\s+in(?:to)?\s+"
     r"(?:the\s+)?(?:frame|view|shot|picture)\b", "appeared"),
    # "that's a rocket on the slide": a slide of a talk is the picture, no movement
    (r"\b((?:the|this|that|a|each|every)\s+(?:(?:next|previous|last|first|current|final)\s+)?)slide\b"
     r"(?!\s+(?:change|changes|changed|switch))",
     r"\1shot"),
    # "is nobody there?" asks whether the place is empty (yes when nobody is)
    (r"^(?:is|are)\s+(?:there\s+)?(?:nobody|no\s+one|no-one)\b", "is it empty"),
    # "nobody is here, right?": the same question as "is anyone here?"
    (r"\b(?:nobody|no\s+one|no-one)\b", "anyone"),
    # "is the astronaut the one on screen?": the one is the astronaut
    (r"(?<=\w)\s+the\s+one(?=\s+(?:on|in|that|who|which|showing|shown|seen|visible|we|you|i)\b)", ""),
    # "does the picture show a rocket?", "the current frame contains a cat": what the view shows is on screen
    # (not "the fifth shot showed": which shot is asked; nor a view showing nothing named)
    (r"\b(?:the|this|that)\s+(?:(?!(?:first|second|third|fourth|fifth|last|next|previous|latest)\b)[a-z]+\s+){0,3}?"
     r"(?:picture|image|display|monitor|frame|view|shot|screen|scene)\s+(?=(?:show|shows|showing|showed|shown|contain"
     r"|contains|containing|contained|include|includes|including|included|feature|features|featuring|display|displays"
     r"|displaying|hold|holds)\s+(?:a|an|the|any|some|anyone|anybody|someone|somebody|people|[a-z]+s)\b)", ""),
    (r"\bwhat\s+(?:went|was\s+going|has\s+been\s+going|had\s+been\s+going|has\s+gone|is\s+gone)\s+on\b",
     "what happened"),
    (r"\bwhat\s+(?:has\s+)?happened\s+(?:so\s+far)?", "what happened "),
    # "what did the camera see / pick up", "what has the camera shown": the camera is who sees
    (r"\bwhat\s+(?:did|has|have)\s+(?:the|this|my|our)\s+camera\s+(?:see|seen|show|shown|capture|captured|record"
     r"|recorded|film|filmed|catch|caught|pick\s+up|picked\s+up)\b", "what was shown"),
    # "when did the current shot start?": when the scene last changed
    (r"\b(?:the|this)\s+(?:current|present|latest)?\s*(?:shot|scene|view)\s+(?:start|begin|began|started|come\s+on)\b",
     "the scene last changed"),
]  # fmt: skip


def normalise(text: str) -> str:
    t = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    t = " ".join(t.lower().split())
    for pattern, repl in _CONTRACTIONS:
        t = re.sub(pattern, repl, t)
    for pattern, repl in _REWRITES:
        t = re.sub(pattern, repl, t)
    # "ok so was there a cat", "hey, what is this": interjections that open a question say nothing
    return re.sub(
        r"^(?:(?:ok(?:ay)?|so(?!\s+far)|and|hey|well|um+|uh+|alright|hmm+|quick\s+(?:question|one|q)|question|omg|wow|oh|ooh|hi|hello|yo|lol|btw)"
        r"\b[\s,:\-]*)+",
        "",
        " ".join(t.split()),
    )
