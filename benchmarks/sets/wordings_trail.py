"""A development batch of questions from people watching a wildlife trail camera, a shop checkout
camera or a webinar recording.

Three videos of shots of 10-14 s (a picture alone or two side by side; some with a ball or a red square
sliding across; pictures coming back later): a wildlife trail camera at 640x360, a shop checkout camera
at 854x480 and a webinar (video-call) recording at 1280x720, built from the pictures of
:mod:`benchmarks.sets.tables` (a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy
officer, a cup of coffee, a cat, a motorbike). The questions lean on five forms, about 23 each: is a
thing (a picture, a person, a kind of thing, something never shown) on screen now, in what order things
came (first, last, which of two first, right before, right after, put in order), when a thing was first
seen, from when to when it stayed or when it was last seen, how often a thing was shown and how many
different things were, and when and how often the shot changed (some across a movement starting, which
is no change of shot); every other form of the tour set is asked six times over the three videos. The
wordings vary more than the earlier sets': negated and tag questions ("there's no cat on the trail
camera now, is there?", "isn't that a horse?", "the temple hasn't come back, has it?"), indirect ones
("I'd like to know ...", "any idea when ..."), long chatty ones that say something about the asker (a
wildlife student, a shop manager, a late joiner on a phone), terse keyword ones ("horse now?", "order:
pagoda, lady officer, horse"), things named loosely where the meaning is plain (a kitty, the pagoda, the
spaceship, the bike, the lady officer, a hot drink, a plant, a bouquet), times as seconds, m:ss, "a
minute ago", "in the last 20 seconds" and "since 0:40", British and American spellings and a few
typos. They were written from the schedules alone, without running any answerer.

The truths follow the same rules as the traffic set's (see :mod:`benchmarks.sets.wordings_traffic`).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

TRAIL_FORMS = TABLE_FORMS
TRAIL_CODES = TABLE_CODES

CAMERA = "flower 0-10, horse 10-24, horse~ 24-34, chelsea+flower 34-46, china 46-58, grace_hopper 58-70, "
CAMERA += f"chelsea~ 70-82, horse+china 82-96, coffee 96-106, {MOTO}+flower 106-120"
TILL = "coffee 0-12, coffee+grace_hopper 12-26, flower 26-36, flower~ 36-46, astronaut 46-60, "
TILL += "rocket+coffee 60-72, chelsea 72-84, grace_hopper~ 84-96, flower+astronaut 96-108, coffee 108-122"
WEBINAR = "grace_hopper 0-14, grace_hopper+astronaut 14-28, rocket 28-38, rocket~ 38-50, china+flower 50-62, "
WEBINAR += "astronaut 62-74, horse+chelsea 74-86, grace_hopper 86-100, coffee~ 100-110, china 110-124"
TRAIL_VIDEOS = (
    ShotVideo("trail_camera", shots(CAMERA), size=(640, 360), mover="ball"),
    ShotVideo("trail_checkout", shots(TILL), size=(854, 480), mover="square"),
    ShotVideo("trail_webinar", shots(WEBINAR), size=(1280, 720), mover="ball"),
)
V = dict(zip("ABC", TRAIL_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the wildlife trail camera (CAMERA above)
now yes/no | A 5 | is | chelsea | Trail cam's only just woken up. Is a cat sniffing at the lens?
now yes/no | A 16 | is | horse | isn't that a horse coming down the trail?
now yes/no | A 40 | is | chelsea | There's no cat on the trail camera now, is there?
now yes/no | A 52 | is | dog | dog on the path rn?
now yes/no | A 64 | here | - | My neighbour and I set this camera up for badgers and deer, not walkers. Is a person going past it at the moment?
now yes/no | A 76 | is | horse | horse now?
now yes/no | A 100 | is | coffee | Is that a hot drink sitting on the log in front of the camera just now?
now yes/no | A 112 | is | stereo_motorcycle | is the bike in view on the trail?
order | A 20 | first | - | What was the very first thing this trail camera caught?
order | A 50 | first of | chelsea, horse | cat or horse, wich one wandered past first?
order | A 62 | before | china | I'd like to know what the camera saw right before the pagoda came into view.
order | A 80 | last | - | latest shot on the trail cam pls
order | A 78 | list | china, grace_hopper, horse | order: pagoda, lady officer, horse
order | A 118 | first of | coffee, grace_hopper | Which reached the trail first, the uniformed lady or the coffee cup?
order | A 118 | before | coffee | What was on the trail footage just before that mug of coffee appeared?
order | A 118 | after | grace_hopper | Once the woman in uniform had walked on, what did the camera pick up next?
when | A 50 | first seen | horse | Any idea when the horse first showed?
when | A 60 | first seen | chelsea | when did a kitty first turn up on the trail cam
when | A 80 | span | grace_hopper | From when to when was the lady officer on the trail?
when | A 118 | person first | - | At what time did a human first walk past my wildlife camera?
when | A 74 | span | china | The temple shot: what time did it start and what time did it end?
when | A 118 | first seen | stereo_motorcycle | what m:ss did the motorbike first roll into frame?
when | A 118 | span | coffee | When was the hot drink last seen on the trail cam, from what time till what time?
count | A 118 | times | flower | How many times did flowers appear in the trail footage, all told?
count | A 100 | times | horse | The horse is my favorite visitor. How many separate times has it come past so far?
count | A 90 | times | chelsea | I'm a wildlife student tracking a feral cat for my dissertation. How many times has the kitty turned up on this camera so far?
count | A 118 | distinct | - | How many different things has the trail cam recorded in total?
count | A 50 | distinct | - | distinct things so far?
count | A 118 | times | china | How many times has the temple been on screen?
count | A 118 | visits | - | How many separate times has someone walked past the trail camera?
count | A 40 | times | horse | horse count up to now
scene change | A 40 | cut since | 28 | Has the scene changed in the last 12 seconds?
scene change | A 54 | cut since | 49 | has the picture switched since 0:49?
scene change | A 118 | first cut | - | When did the trail cam's view first change?
scene change | A 92 | last cut | - | When did the view last switch to something new?
scene change | A 60 | cuts | 0 | How many times has the shot changed since the camera came on?
scene change | A 100 | cuts | 40 | since 0:40 how many scene changes?
scene change | A 44 | cuts | 14 | How many times did the camera cut to a new scene in the last 30 seconds?
scene change | A 80 | cut since | 20 | Has the camera view changed at all since a minute ago?
now | A 44 | what | - | What's in front of the trail cam right now?
now | A 88 | which | china | Which of these can you see on the trail now?
past yes/no | A 60 | back | horse | The horse hasn't come back since, has it?
past yes/no | A 100 | back | chelsea | did the cat return after its first visit?
window | A 118 | between | 50, 75 | What went past the trail camera between 50 and 75 seconds?
window | A 100 | at | 40 | What was on the camera a minute ago?
summary | A 115 | summary | 55, - | What's happened on the trail in the last minute?
summary | A 50 | summary | 0, - | Just opened the app. Summarize everything the trail cam has seen so far.
people | A 64 | who | - | who's that on the trail right now?
people | A 30 | people now | - | How many people are in front of the trail camera at the moment?
motion | A 28 | moving | - | Is something rolling across the trail in this shot?
motion | A 118 | moves | - | How many times has a ball rolled through the trail cam's view?
never | A 118 | never | rocket | Which of these never showed up on the trail?
never | A 40 | never | all | Which of these hasn't the trail cam caught yet, if any?
category | A 118 | cat ever | vehicle | Has any kind of vehicle come down the trail?
category | A 76 | cat which | animal, plant, drink | What is in front of the camera right now: an animal, a plant or a drink?
# --- the shop checkout camera (TILL above)
now yes/no | B 22 | is | grace_hopper | isn't that the lady officer paying at the counter?
now yes/no | B 30 | cat now | plant | plant on the counter atm?
now yes/no | B 40 | is | chelsea | no cat up on the checkout belt now, is there?
now yes/no | B 52 | is | astronaut | Why is someone in a spacesuit at the register? Is that really an astronaut?
now yes/no | B 66 | is | rocket | is the toy spaceship still by the till
now yes/no | B 78 | cat now | animal | We have a strict no-pets rule in the shop. Is there an animal at the checkout this minute?
now yes/no | B 90 | is | coffee | coffee at checkout now?
now yes/no | B 114 | is | banana | Is there a banana lying by the till at the moment?
order | B 66 | first of | astronaut, flower | Astronaut or bouquet, which got to the till first?
order | B 80 | after | astronaut | right after the astronaut left, what was on the counter?
order | B 90 | list | flower, astronaut, chelsea | Please put these in the order they turned up at the till: the kitty, the flowers, the astronaut.
order | B 100 | last | - | What's the newest shot on the till camera?
order | B 118 | first of | rocket, chelsea | Which came to the checkout earlier, the cat or the rocket?
order | B 118 | after | rocket | I'd like to know what came right after the toy rocket at the till.
order | B 118 | before | chelsea | wat was on the counter immediately befor the cat hopped up?
order | B 70 | before | astronaut | What had the checkout camera been showing just before the astronaut walked up?
when | B 40 | first seen | grace_hopper | When did the woman in navy first come to the till?
when | B 70 | first seen | astronaut | At what time did the astronaut first appear at the register?
when | B 80 | span | rocket | The toy rocket: from when to when was it on the counter?
when | B 118 | span | chelsea | When was the cat last seen at the checkout, start and end?
when | B 118 | person first | - | My first customer of the day, what time did they arrive?
when | B 118 | first seen | flower | Any clue when the flowers first showed up?
when | B 100 | first seen | chelsea | at what second did the cat frist jump on the counter?
when | B 50 | span | flower | from when to when were the flowers at the till?
count | B 118 | times | coffee | How many times has a cup of coffee been at the checkout?
count | B 40 | times | coffee | coffee count so far?
count | B 118 | times | flower | How many times did a bunch of flowers come through the till?
count | B 118 | times | astronaut | I manage this shop and I'm curious about our odd customer. How many separate times has the astronaut been at the checkout?
count | B 118 | distinct | - | How many different things has the checkout cam shown altogether?
count | B 65 | distinct | - | Up until now, how many distinct items has the till camera picked up?
count | B 118 | visits | - | How many separate times did a person come up to the till?
count | B 40 | times | grace_hopper | How many times did the uniformed lady come through checkout so far?
scene change | B 42 | cuts | 15 | How many times has the checkout view changed since 0:15?
scene change | B 57 | cut since | 50 | Has the picture changed since 50 s?
scene change | B 70 | cut since | 50 | any change of scene in the last 20 seconds?
scene change | B 118 | first cut | - | When did the till camera first switch shots?
scene change | B 118 | last cut | - | When was the latest cut on the checkout feed?
scene change | B 90 | cuts | 30 | How many scene changes have there been since a minute ago?
scene change | B 118 | cuts | 0 | total cuts on the till cam since it started?
scene change | B 80 | last cut | - | what time did the shot last change
now | B 66 | what | - | What's on the counter right now?
now | B 90 | which | rocket, chelsea, coffee | Is it the rocket, the cat or the coffee at the till just now, or none of those?
past yes/no | B 44 | ever | astronaut | Has an astronaut been to the checkout yet today?
past yes/no | B 118 | back | rocket | The spaceship hasn't come back to the till, has it?
window | B 118 | has in | chelsea, 40, 69 | Was the cat anywhere near the till between 0:40 and 1:09?
window | B 118 | between | 63, 90 | What came across the checkout from 1:03 to 1:30?
summary | B 58 | summary | 0, - | Can you sum up the checkout footage since opening?
summary | B 118 | summary | 69, 112 | Summarise the till camera from 1:09 to 1:52, please.
people | B 100 | who | - | who is standing at the register now?
people | B 20 | people now | - | How many people are at the checkout at the moment?
motion | B 40 | static | - | Is the checkout picture completely still right now?
motion | B 118 | motion span | last | When did the red square last slide across the till view? From when to when?
never | B 118 | never | horse | Which of these has never been at the checkout?
never | B 30 | never | - | Which of these hasn't the till cam shown at all so far?
category | B 70 | cat which | drink, animal, plant | Is what's on the counter now a drink, an animal or a plant?
category | B 118 | cat first | animal | When did an animal first get onto the counter?
# --- the webinar recording (WEBINAR above)
now yes/no | C 7 | here | - | Is a person on camera in the webinar right now?
now yes/no | C 33 | is | rocket | that's a rocket on the slide, isn't it?
now yes/no | C 44 | here | - | anyone on cam now
now yes/no | C 68 | cat now | animal | animal on screen rn?
now yes/no | C 80 | is | chelsea | No cat in the presentation at the moment, is there?
now yes/no | C 104 | cat now | drink | I joined late from my phone. Is there a drink of some kind on screen right now?
now yes/no | C 116 | is | stereo_motorcycle | is that a motorcycle on the current slide?
order | C 40 | first | - | What was on screen when the call started?
order | C 60 | before | rocket | What did the webinar show right before the rocket slide?
order | C 80 | first of | china, astronaut | Which appeared earlier in the recording, the temple or the astronaut?
order | C 90 | list | rocket, flower, horse | In what order did these come up: horse, flower, rocket?
order | C 104 | last | - | most recent thing on the screen share?
order | C 120 | first of | coffee, horse | horse vs hot drink, which came first?
order | C 120 | after | coffee | what came up right after the coffee slide?
order | C 120 | before | horse | Just before the horse appeared, what was on screen?
when | C 40 | first seen | astronaut | What time did the astronaut join the call?
when | C 88 | span | rocket | The rocket was up for a while. From what time till what time?
when | C 80 | first seen | china | When did the temple first come up in the webinar?
when | C 96 | first seen | chelsea | Roughly when did the cat photo first pop up?
when | C 120 | span | coffee | Give me the in and out times for the coffee, please.
when | C 98 | span | horse | from when to when was the horse on screen
when | C 120 | first seen | coffee | at what time did a hot drink first appear in the recording?
when | C 120 | span | flower | When was the flower last on screen? Start and end time, please.
count | C 120 | times | china | How many times was the temple shown in this recording?
count | C 120 | times | astronaut | How often did the astronaut appear on camera, counting separate appearances?
count | C 55 | times | grace_hopper | how many times has the navy officer been on camera sofar
count | C 120 | distinct | - | How many different things came up during the whole webinar?
count | C 45 | distinct | - | I dropped off the call for a bit. How many distinct things have been on screen up to now?
count | C 120 | visits | - | How many separate times was somebody on camera?
count | C 90 | times | chelsea | number of times the cat was shown?
scene change | C 44 | cuts | 20 | How many slide changes have there been since 0:20?
scene change | C 24 | cut since | 18 | Has the view switched since 18 s?
scene change | C 58 | cut since | 45 | did the screen change in the last 13 seconds?
scene change | C 120 | first cut | - | When did the recording first move on to a new view?
scene change | C 120 | last cut | - | What was the time of the final slide change?
scene change | C 95 | cuts | 35 | count the slide changes in the past minute
scene change | C 70 | cut since | 65 | Has the view changed since 1:05?
now | C 80 | what | - | What's being shown in the webinar right now?
now | C 35 | which | china, horse, coffee | Temple, horse or coffee, which one is on screen now? Or neither?
past yes/no | C 90 | ever | stereo_motorcycle | Has a motorbike come up anywhere in the webinar?
past yes/no | C 116 | back | china | The temple hasn't come back, has it?
window | C 120 | at | 80 | What was on the screen at 1:20?
window | C 120 | has in | astronaut, 55, 80 | Was the astronaut on camera at any point between 55 and 80 seconds?
summary | C 60 | summary | 0, - | Quick summary of the webinar so far?
summary | C 120 | summary | 80, 115 | Please summarise the recording between 1:20 and 1:55.
people | C 20 | people now | - | How many people are on the call screen right now?
people | C 104 | anyone | 90 | Has anyone been on camera since 1:30?
motion | C 44 | moving | - | is something moving across the slide at the mo?
motion | C 120 | moved while | rocket | While the rocket slide was up, did anything move across it?
never | C 120 | never | stereo_motorcycle | Which of these never came up in the webinar?
never | C 30 | never | all | Which of these hasn't appeared on the call yet?
category | C 120 | cat in | animal, 58, 97 | Were there any animals on screen between 0:58 and 1:37?
category | C 104 | cat which | drink, animal, plant | Drink, animal or plant, which is on screen now?
"""


def trail_suite() -> list[dict]:
    """The questions about :data:`TRAIL_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, TRAIL_CODES, seed=199)


def write_trail_suite(folder: Path) -> tuple[Path, Path]:
    """Write the trail videos and ``trail.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, TRAIL_VIDEOS, trail_suite(), "trail")
