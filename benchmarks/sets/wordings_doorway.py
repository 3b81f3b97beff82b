"""A development batch of questions from people watching a front-door camera, a drone feed or a
baby monitor.

Three videos of shots of 10-14 s (a picture alone or two side by side; some with a red square or a ball
sliding across; pictures coming back later): a front-door (doorbell) camera at 640x360, a drone feed at
960x540 and a nursery baby-monitor camera of single 224x224 pictures, built from the pictures of
:mod:`benchmarks.sets.tables` (a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy
officer, a cup of coffee, a cat, a motorbike). The questions lean on four forms, about 25-27 each: is a
thing (a picture, a person, a kind of thing, something never shown) on screen now, in what order things
came (first, last, which of two first, right before, right after, put in order), how often a thing was
shown and how many different things were, and when a thing was first seen or from when to when it
stayed; every other form of the tour set is asked six to eight times over the three videos. Each is
worded the way a user of a video-QA tool types: formal, casual, terse, polite requests, chatty
two-sentence ones that mention the asker ("I'm on holiday", "just got home"), some typos and chat
spellings (u, rn, atm, pls, wat), with cam, feed, footage, stream, view, picture, doorbell cam and
monitor for the video and seconds, m:ss, "a moment ago", "so far" and "since 0:40" for its times. They
were written from the schedules alone, without running any answerer.

The truths follow the same rules as the traffic set's (see :mod:`benchmarks.sets.wordings_traffic`).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

DOORWAY_FORMS = TABLE_FORMS
DOORWAY_CODES = TABLE_CODES

BELL = "chelsea 0-12, chelsea~ 12-22, grace_hopper 22-36, grace_hopper+coffee 36-48, flower 48-58, "
BELL += f"{MOTO}~ 58-72, astronaut+chelsea 72-86, horse 86-96, coffee+flower 96-110, grace_hopper~ 110-122"
DRONE = f"china 0-14, china+flower 14-26, rocket 26-36, rocket~ 36-48, horse+{MOTO} 48-62, {MOTO} 62-72, "
DRONE += "china~ 72-86, astronaut 86-98, coffee+chelsea 98-110, flower 110-124"
NURSERY = "flower 0-12, chelsea 12-26, chelsea~ 26-36, grace_hopper 36-50, coffee 50-60, flower~ 60-72, "
NURSERY += "horse 72-84, grace_hopper 84-98, astronaut 98-108, chelsea 108-120"
DOORWAY_VIDEOS = (
    ShotVideo("doorway_bell", shots(BELL), size=(640, 360), mover="square"),
    ShotVideo("doorway_drone", shots(DRONE), size=(960, 540), mover="ball"),
    ShotVideo("doorway_nursery", shots(NURSERY), size=(224, 224), mover="ball"),  # single pictures only
)
V = dict(zip("ABC", DOORWAY_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the front-door camera (BELL above)
now yes/no | A 6 | is | chelsea | hey is that a cat sitting on my doorstep right now?
now yes/no | A 16 | is | dog | Is there a dog at the front door at the moment?
now yes/no | A 28 | here | - | Just got home and the doorbell pinged twice. Is someone standing at the door now?
now yes/no | A 42 | cat now | drink | any drink in view on the porch cam atm?
now yes/no | A 53 | is | grace_hopper | Is the lady in the navy uniform still out on the porch?
now yes/no | A 64 | is | stereo_motorcycle | Would you check whether a motorbike is parked out front in the current view?
now yes/no | A 91 | here | - | anybody at the door rn
now yes/no | A 101 | cat now | animal | Is there an animal anywhere on the doorstep picture now? cant tell on my phone
now yes/no | A 116 | is | umbrella | I'm on holiday and a neighbour said she'd leave an umbrella by the door. Can u see one there now?
now | A 44 | what | - | What's at the front door right now?
now | A 76 | which | astronaut | which of these is on the doorbell cam at the moment
past yes/no | A 56 | ever | horse | Has a horse wandered up to the house at any point so far?
past yes/no | A 100 | back | chelsea | The cat I saw this morning on the doorbell cam, did it come back later on?
when | A 50 | first seen | coffee | At what point did a coffee cup first appear by the front door?
when | A 100 | first seen | horse | what time did the horse first show up at the door
when | A 80 | span | stereo_motorcycle | From when to when was the motorbike in front of the house?
when | A 94 | span | astronaut | I was in the shower. From what time till what time was the astronaut on the door cam?
when | A 90 | person first | - | When did the first person walk up to the door?
when | A 70 | first seen | flower | flowers on the porch: when were they first visible?
when | A 118 | first seen | astronaut | roughly when did the astronaut first appear on the feed
when | A 66 | first seen | grace_hopper | What time did the woman in uniform first come to the door?
when | A 104 | span | horse | the horse at my door - start and end time pls
order | A 30 | first | - | What did the doorbell camera pick up first thing?
order | A 66 | last | - | Latest thing the porch camera has on screen?
order | A 80 | first of | grace_hopper, stereo_motorcycle | Which reached the door first, the motorbike or the navy lady?
order | A 100 | first of | astronaut, horse | astronaut or horse, which did the cam catch earlier?
order | A 54 | first of | coffee, chelsea | The cat or the coffee cup: which did the door feed show sooner?
order | A 80 | before | stereo_motorcycle | What was on the doorbell cam just before the motorbike pulled up?
order | A 92 | after | astronaut | Once the astronaut had gone from the door, what did the camera show next?
order | A 118 | before | horse | Please tell me what the front door camera showed immediately before the horse.
order | A 94 | list | stereo_motorcycle, astronaut, horse | put these in the order the doorbell saw them pls: horse, motorbike, astronaut
count | A 118 | times | chelsea | How many separate times has the cat turned up at the door?
count | A 66 | times | grace_hopper | How many times has the uniformed woman come to the door so far?
count | A 104 | times | coffee | coffee cup count: how many times has one shown up on the door cam?
count | A 106 | times | flower | How often have flowers been visible on the doorstep, counting separate appearances?
count | A 60 | distinct | - | How many different things has the doorbell camera shown so far?
count | A 118 | distinct | - | total number of distinct things the door cam has seen? just a number
count | A 94 | times | horse | how many times has that horse been on the feed up to now
count | A 118 | visits | - | How many separate visits by a person has the front door camera recorded?
count | A 40 | times | chelsea | I've been out since this morning. How many times did the cat come by the door?
window | A 118 | between | 40, 65 | What did the doorbell cam pick up between 0:40 and 1:05?
window | A 118 | at | 90 | wat was at the door at 1:30
summary | A 50 | summary | 0, - | Home at last. Can you recap what the door cam has seen since it switched on?
summary | A 120 | summary | 75, 115 | Please summarise the front door footage from 1:15 to 1:55.
people | A 40 | who | - | who is at my door rn?
people | A 80 | people now | - | How many people are standing at the front door at the moment?
motion | A 18 | moving | - | Is something moving across the doorstep view right now?
motion | A 100 | motion span | last | When did something last slide past the door cam? From when to when?
scene change | A 30 | cut since | 15 | Has the doorbell view changed since 0:15?
scene change | A 65 | first cut | - | At what time did the front door view first switch to something else?
scene change | A 52 | cut since | 45 | did the door cam cut to a different view a moment ago?
never | A 118 | never | china | Which of these has never been at my front door?
never | A 40 | never | all | Which of these hasn't been seen at the door yet, if any?
category | A 66 | cat ever | vehicle | Has any vehicle stopped outside the house so far?
category | A 92 | cat which | animal, plant, vehicle | The thing on the porch cam now: animal, plant or vehicle?
# --- the drone feed (DRONE above)
now yes/no | B 6 | is | china | Is the drone flying over a temple right now?
now yes/no | B 20 | cat now | plant | any plants below the drone rn?
now yes/no | B 30 | is | rocket | Is that a rocket on the pad in the drone view?
now yes/no | B 40 | here | - | Is there a person anywhere in the drone footage at this moment?
now yes/no | B 54 | cat now | animal | Does the aerial picture show an animal right now?
now yes/no | B 66 | is | horse | is the horse still in frame atm
now yes/no | B 90 | here | - | Can you spot anyone in the drone feed now?
now yes/no | B 102 | is | dog | Is there a dog down there in the current frame?
now yes/no | B 78 | is | laptop | Do you see a laptop anywhere in the drone's view at present?
now | B 58 | what | - | What is the drone filming right now?
now | B 104 | which | rocket, grace_hopper, horse | A rocket, a woman in uniform or a horse: which one is in the feed now, if any?
past yes/no | B 60 | ever | grace_hopper | Has the drone spotted a woman in uniform at any point yet?
past yes/no | B 118 | back | rocket | Did the rocket ever reappear after the drone flew off it?
when | B 60 | first seen | rocket | When did the rocket first come into view from the air?
when | B 118 | first seen | astronaut | At what time did the astronaut first appear on the drone feed?
when | B 118 | first seen | chelsea | when did the cat first show up in the footage
when | B 80 | span | horse | The horse: from what time to what time was it in the drone shots?
when | B 118 | span | astronaut | Between what times was the astronaut visible on the stream?
when | B 76 | span | rocket | from when until when did the drone have the rocket in view?
when | B 118 | person first | - | When did a person first come into the drone's view?
when | B 90 | first seen | stereo_motorcycle | motorbike first seen at what time?
order | B 40 | first | - | What was the very first thing the drone filmed?
order | B 92 | last | - | most recent shot from the drone?
order | B 60 | first of | rocket, horse | Which turned up first in the drone footage: the horse or the rocket?
order | B 104 | first of | stereo_motorcycle, astronaut | motorbike or astronaut, which did the feed show earlier?
order | B 118 | first of | chelsea, horse | Horse or cat, which one did the drone fly over first?
order | B 66 | before | horse | What was the drone looking at right before the horse came into view?
order | B 92 | after | rocket | After the rocket, what did the drone show next?
order | B 118 | before | astronaut | just before the astronaut, what was the footage showing?
order | B 100 | list | rocket, horse, astronaut | Sort these by when the drone saw them, please: astronaut, rocket, horse.
count | B 118 | times | china | How many times has the drone passed over the temple?
count | B 118 | times | flower | how many times did flowers show up in teh aerial footage
count | B 80 | times | rocket | rocket on screen: how many separate times so far?
count | B 118 | distinct | - | Total number of different things the drone has filmed?
count | B 56 | distinct | - | How many distinct objects has the drone feed shown up to now?
count | B 118 | times | stereo_motorcycle | count the seperate times the motorbike was in veiw
count | B 116 | times | horse | In total, how many times was the horse shown?
count | B 70 | times | china | I'm flying this thing from the car park. How many times has the temple been on screen so far?
window | B 118 | has in | china, 30, 68 | Was the temple in view at any time between 0:30 and 1:08?
window | B 118 | between | 75, 104 | what did the drone see from 1:15 to 1:44?
summary | B 118 | summary | 0, 52 | Give me a rundown of the first 52 seconds of the flight.
summary | B 120 | summary | 90, - | summarise the footage since 1:30 please
people | B 92 | who | - | Who is that in the drone shot right now?
people | B 54 | people now | - | How many people are in the aerial view at the moment?
motion | B 42 | moving | - | Is something rolling across the drone picture right now?
motion | B 59 | moved | 51 | Has anything moved across the frame in the last eight seconds?
motion | B 118 | moves | - | How many times has a ball rolled through the footage?
scene change | B 118 | last cut | - | When did the drone feed last change to a new view?
scene change | B 100 | cuts | 20 | how many times has the shot changed since 0:20
never | B 118 | never | - | Which one of these has the drone never filmed?
never | B 30 | never | all | Drone only just took off. Which of these hasn't it shown so far?
category | B 118 | cat in | animal, 52, 90 | Any animals in the footage between 0:52 and 1:30?
category | B 116 | cat which | plant, animal, drink | What kind of thing is on the drone feed now: a plant, an animal or a drink?
# --- the baby monitor (NURSERY above)
now yes/no | C 6 | is | flower | Is there a flower on the baby monitor right now?
now yes/no | C 18 | is | chelsea | omg is that the cat in the nursery rn
now yes/no | C 30 | cat now | animal | Is an animal in the baby's room at the moment?
now yes/no | C 42 | here | - | Is a grown-up in the nursery right now?
now yes/no | C 55 | is | teddy bear | Can you see the teddy bear on the monitor now?
now yes/no | C 66 | here | - | I'm downstairs cooking. Is anyone in with the baby at the moment?
now yes/no | C 78 | is | horse | is that a toy horse on the monitor?
now yes/no | C 102 | is | astronaut | Someone in a spacesuit on the nursery cam right now?
now yes/no | C 112 | cat now | drink | Is there any drink visible in the nursery right now?
now | C 56 | what | - | What's the baby monitor showing this second?
now | C 88 | which | grace_hopper | Which of these is in the nursery right now?
now | C 114 | which | horse, coffee, flower | horse, coffee or flower on the monitor atm? or none?
past yes/no | C 80 | ever | stereo_motorcycle | Has a motorbike appeared on the nursery monitor?
past yes/no | C 66 | back | flower | Did the flower from the start of the recording come back later?
past yes/no | C 100 | back | horse | has the horse been back on the monitor since it first showed
when | C 40 | first seen | chelsea | When did the cat first get into the nursery?
when | C 80 | first seen | horse | waht time did the toy horse first appear?
when | C 116 | first seen | astronaut | When was the astronaut first visible on the baby monitor?
when | C 70 | span | coffee | From when to when was the coffee cup in view?
when | C 116 | span | horse | Between which times was the horse on the nursery cam?
when | C 116 | person first | - | At what time did someone first come into the nursery?
when | C 64 | first seen | grace_hopper | The woman in the navy uniform: when did she first appear on the monitor?
when | C 116 | span | astronaut | astronaut on the monitor from when to when?
order | C 40 | first | - | What did the baby monitor show when it first came on?
order | C 70 | last | - | whats the latest picture on the nursery cam
order | C 80 | first of | coffee, horse | coffee mug vs toy horse, which showed up earlier in the nursery?
order | C 118 | first of | horse, astronaut | Did the astronaut or the horse come up first on the monitor?
order | C 66 | before | coffee | What was the nursery cam showing right before the coffee cup?
order | C 90 | after | horse | What came up on the monitor straight after the horse?
order | C 116 | before | astronaut | Right before the astronaut appeared, what was on the baby cam?
order | C 116 | after | coffee | once the coffee was gone, what did the nursery cam show?
order | C 116 | list | coffee, horse, astronaut | Can you list these in the order they appeared on the monitor? astronaut, coffee, horse
count | C 116 | times | chelsea | how many times has the cat been in the nursery today
count | C 96 | times | grace_hopper | How many times has the lady in uniform come into the nursery so far?
count | C 116 | times | flower | flower count pls - how many times was it on the monitor?
count | C 80 | times | horse | How many times has the horse been shown up to now?
count | C 116 | distinct | - | How many different things has the nursery camera shown?
count | C 45 | distinct | - | Up to now, how many distinct things has the monitor picked up?
count | C 96 | visits | - | How many separate times has a person come into the baby's room?
count | C 70 | times | coffee | number of times the coffee cup was on screen so far?
count | C 32 | times | chelsea | The cat keeps sneaking in. How many times has it been on the monitor so far?
window | C 116 | at | 66 | What was on the monitor at 1:06?
window | C 116 | has in | grace_hopper, 55, 80 | Was the woman in uniform in the room anytime from 0:55 to 1:20?
summary | C 40 | summary | 0, - | what happened on the baby cam since it started?
summary | C 116 | summary | 64, 104 | Could you give me a summary of the nursery from 1:04 to 1:44?
people | C 92 | who | - | who's in the nursery with the baby right now?
people | C 62 | anyone | 53 | Has anyone been in the room since 0:53?
people | C 104 | people now | - | how many ppl are in the baby's room rn?
motion | C 64 | moving | - | Is anything moving on the nursery monitor right now?
motion | C 94 | moved while | flower | When the flower was on the monitor, was anything moving in the picture?
motion | C 116 | motion span | first | When did a ball first roll through the nursery view? Start and end pls
scene change | C 34 | cut since | 29 | did the monitor switch views since 0:29?
scene change | C 116 | first cut | - | When did the nursery picture first change?
scene change | C 116 | cuts | 40 | How many times has the monitor view switched since 0:40?
never | C 116 | never | stereo_motorcycle | Which of these has never been in the nursery?
never | C 44 | never | all | Which of these things haven't appeared on the baby monitor yet?
category | C 86 | cat ever | vehicle | Has a vehicle shown up on the baby monitor at any point?
category | C 80 | cat first | animal | When did an animal first show up in the nursery?
"""


def doorway_suite() -> list[dict]:
    """The questions about :data:`DOORWAY_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, DOORWAY_CODES, seed=181)


def write_doorway_suite(folder: Path) -> tuple[Path, Path]:
    """Write the doorway videos and ``doorway.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, DOORWAY_VIDEOS, doorway_suite(), "doorway")
