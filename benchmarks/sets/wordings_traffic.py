"""A development batch of questions from people watching a street traffic camera, a sports-hall livestream
or a doorbell camera.

Three videos of shots of 12-14 s (a picture alone or two side by side; some with a red square or a ball
sliding across; pictures coming back later): a street/traffic camera at 640x360, a sports-hall (gym)
livestream at 854x480 and a doorbell camera of single 224x224 pictures, built from the pictures of
:mod:`benchmarks.sets.tables` (a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy
officer, a cup of coffee, a cat, a motorbike). Every form of the tour set is asked with about equal
weight, three to five times per video, yes/no kinds with both truths. Each is worded the way a user of a
video-QA tool types: formal, casual, terse, polite requests, chatty two-sentence ones that mention the
asker ("I just got back", "sorry, was on a call"), some typos and chat spellings (u, rn, pls). They were
written from the schedule alone, without running any answerer.

The truths follow the tour set's rules (see :mod:`benchmarks.sets.wordings_tour`): every truth comes
from the schedule, ask times sit 2 s or more from any shot boundary and window edges 3 s or more (or at
0), a wrong option is never in view during the asked time nor something a picture could pass for
(:data:`~benchmarks.sets.tables.BLOCK`), a category is asked only where no picture might pass for
one, "put in order" and "right before/after X" ask about things shown once so far, and "when did the
view change" never offers the start of a movement. Both people pictures show a woman, so "is there a
woman" is true exactly when someone is in view.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

TRAFFIC_FORMS = TABLE_FORMS
TRAFFIC_CODES = TABLE_CODES

STREET = f"{MOTO} 0-12, {MOTO}~ 12-24, grace_hopper+{MOTO} 24-38, horse 38-50, coffee+chelsea 50-62, "
STREET += f"{MOTO} 62-76, china~ 76-88, grace_hopper 88-100, astronaut+flower 100-114"
HALL = "horse 0-14, horse~ 14-26, astronaut 26-38, astronaut+coffee 38-52, rocket~ 52-64, "
HALL += "chelsea+horse 64-78, grace_hopper+astronaut 78-90, flower~ 90-102, coffee 102-114"
DOOR = f"flower 0-12, chelsea 12-26, chelsea~ 26-38, grace_hopper 38-50, flower 50-62, {MOTO}~ 62-74, "
DOOR += "astronaut 74-88, coffee 88-100, chelsea 100-112"
TRAFFIC_VIDEOS = (
    ShotVideo("traffic_street", shots(STREET), size=(640, 360), mover="square"),
    ShotVideo("traffic_hall", shots(HALL), size=(854, 480), mover="ball"),
    ShotVideo("traffic_door", shots(DOOR), size=(224, 224), mover="square"),  # single pictures only
)
V = dict(zip("ABC", TRAFFIC_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the street camera (STREET above)
now yes/no | A 30 | is | grace_hopper | Is there a woman in uniform standing at the junction right now?
now yes/no | A 44 | is | stereo_motorcycle | motorbike on the street cam rn?
now yes/no | A 56 | cat now | animal | Quick one: is any animal wandering across the road at the moment?
now yes/no | A 69 | here | - | sorry, was on a call. Is anybody standing on the corner now?
now | A 18 | what | - | What is the traffic camera showing at this moment?
now | A 56 | which | coffee | wich of these is on the street cam now
now | A 94 | which | chelsea, horse, flower | Could you tell me which of these is in shot right now: a cat, a horse or a flower?
now | A 107 | what | - | I just got back — what's in front of the camera now?
past yes/no | A 46 | ever | chelsea | Has a cat crossed the road at any point so far?
past yes/no | A 70 | ever | horse | did a horse go by earlier on this cam?
past yes/no | A 96 | back | stereo_motorcycle | The motorbike from the start of the feed. Did it come back later?
past yes/no | A 110 | back | horse | was the horse ever on screen a second time
when | A 110 | first seen | chelsea | At what time did the cat first appear on the street camera?
when | A 110 | span | horse | when was the horse in view, from when to when?
when | A 82 | person first | - | when did the first person turn up at the crossing?
when | A 94 | first seen | china | what time did that temple first come on screen
order | A 70 | first of | chelsea, horse | horse or cat, which one came by first?
order | A 70 | before | chelsea | What did the camera show just before the cat turned up?
order | A 94 | after | horse | once the horse was gone, what came on next?
order | A 110 | list | horse, chelsea, china | Could you put these in the order they appeared: temple, cat, horse?
count | A 110 | times | stereo_motorcycle | How many separate times has a motorbike been on the traffic cam?
count | A 96 | times | grace_hopper | how many times has the lady in uniform shown up at the junction so far
count | A 110 | distinct | - | How many different things has the street cam shown altogether?
count | A 60 | distinct | - | number of distinct things seen on the road so far?
window | A 110 | at | 45 | What was on the traffic camera at 0:45?
window | A 110 | between | 66, 84 | pls tell me what the cam showed between 1:06 and 1:24
window | A 110 | has in | chelsea, 15, 35 | Was a cat anywhere on the feed from 0:15 to 0:35?
window | A 110 | has in | grace_hopper, 79, 97 | between 1:19 and 1:37, did the woman in uniform show up at all?
summary | A 60 | summary | 0, - | Can you summarise what the street camera has shown so far?
summary | A 110 | summary | 65, 97 | recap 1:05-1:37 on the traffic cam pls
summary | A 110 | summary | 91, - | I dozed off around 1:31. What did I miss?
summary | A 82 | summary | 41, 71 | Give me a rundown of the road cam from 0:41 to 1:11.
people | A 30 | who | - | Who's that standing next to the motorbike?
people | A 110 | visits | - | How many separate times did someone appear on the street camera?
people | A 107 | people now | - | how many ppl r at the crossing rn
people | A 20 | anyone | 0 | Has any person been on the traffic feed since it started?
motion | A 18 | moving | - | Is something moving across the road right now?
motion | A 59 | moved | 53 | Did anything move on the cam in the past six seconds?
motion | A 110 | moves | - | how many times did something slide across the street view?
motion | A 94 | moved while | stereo_motorcycle | While the motorbike was on screen, did anything move across the picture?
scene change | A 44 | first cut | - | At what point did the traffic cam first switch to a different view?
scene change | A 47 | cut since | 41 | has the view changed since 0:41
scene change | A 68 | cut since | 57 | Did the picture switch in the last 11 seconds? Just want to be sure.
scene change | A 110 | cuts | 55 | How many scene changes have there been since 0:55?
never | A 94 | never | rocket | Which of these has the street camera not shown at all?
never | A 44 | never | all | which of these hasn't been on the road cam so far?
never | A 110 | never | - | Out of these, which one never came past the camera?
never | A 56 | never | china | There's one of these the feed hasn't shown yet, right? Which one?
category | A 110 | cat ever | vehicle | Has any vehicle shown up on the traffic camera?
category | A 44 | cat which | - | What kind of thing is in the road now?
category | A 110 | cat in | drink, 65, 85 | Anything to drink in view between 1:05 and 1:25?
category | A 110 | cat first | animal | when did the first animal show up on the street?
# --- the sports-hall livestream (HALL above)
now yes/no | B 8 | is | horse | Is that a horse in the sports hall?
now yes/no | B 44 | is | chelsea | any cat on the gym floor right now?
now yes/no | B 84 | here | - | Is someone out on the court at the moment?
now yes/no | B 96 | cat now | drink | Can you see anything to drink on the stream now?
now | B 30 | what | - | What's on the gym livestream right now?
now | B 70 | which | chelsea | which one of these is in the hall atm?
now | B 58 | which | coffee, flower, grace_hopper | Of a coffee, a flower and a woman in uniform, which can u see now?
now | B 84 | what | - | Sorry, my stream froze. What's showing now?
past yes/no | B 60 | ever | coffee | has there been a coffee cup on the stream at any point?
past yes/no | B 60 | ever | flower | Any flowers in the hall so far?
past yes/no | B 110 | back | astronaut | did the astronaut return to the hall after leaving?
past yes/no | B 110 | back | chelsea | The cat. Was it on more than once?
when | B 110 | first seen | rocket | When did the rocket first appear on the gym stream?
when | B 110 | span | grace_hopper | Over what stretch was the woman in uniform in the hall?
when | B 60 | person first | - | at what time did a person first walk onto the court?
when | B 96 | first seen | coffee | What time did the coffee show up for the first time?
order | B 110 | first | - | what did the livestream start with?
order | B 96 | first of | rocket, chelsea | The rocket and the cat: which was on the stream earlier?
order | B 96 | before | rocket | What was in the hall right before the rocket?
order | B 100 | after | grace_hopper | and what came straight after the woman in uniform?
count | B 110 | times | horse | How many times was a horse in the hall?
count | B 110 | times | astronaut | how often did the astronaut appear, counting separate visits?
count | B 60 | distinct | - | Up to now, how many different things have been on the stream?
count | B 110 | distinct | - | how many unique things did the sports hall stream show in total
window | B 110 | at | 58 | Could you tell me what was being shown at 0:58?
window | B 110 | between | 20, 45 | What happened on the stream between 0:20 and 0:45?
window | B 110 | has in | grace_hopper, 55, 75 | Was the woman in uniform there at some point from 0:55 to 1:15?
window | B 110 | has in | chelsea, 67, 87 | did a cat appear anywhere between 1:07 and 1:27
summary | B 50 | summary | 0, - | What's gone on in the gym so far? Short version please.
summary | B 110 | summary | 81, - | summarize everything since 1:21
summary | B 96 | summary | 55, 75 | Would you describe what the stream showed from 0:55 to 1:15?
summary | B 76 | summary | 29, 71 | Walk me through 0:29 to 1:11 on the livestream.
people | B 32 | who | - | who is that in the hall?
people | B 84 | people now | - | How many people can you count on the stream right now?
people | B 110 | visits | - | how many separate times did people come onto the court?
people | B 70 | here | - | Is anyone in the sports hall at this moment?
motion | B 44 | moving | - | is anything rolling across the court at the moment?
motion | B 58 | static | - | Is the picture completely still right now?
motion | B 96 | moved while | rocket | When the rocket was on, was anything rolling across?
motion | B 110 | motion span | first | When was the first time a ball rolled across the hall?
motion | B 110 | moves | - | how many times has a ball gone rolling through the picture?
scene change | B 44 | first cut | - | When did the gym stream first cut to another shot?
scene change | B 110 | last cut | - | When was the latest change of scene?
scene change | B 22 | cut since | 17 | Did the view change since 0:17?
scene change | B 70 | cut since | 61 | any cut in the last 9 secs?
never | B 110 | never | china | Which of these never appeared in the sports hall?
never | B 44 | never | all | I just joined. Which of these hasn't been on the stream yet?
never | B 60 | never | stereo_motorcycle | Which one has not shown up on the livestream so far?
never | B 110 | never | - | which one of these was never on the gym cam
category | B 110 | cat ever | animal | Were there any animals in the sports hall at any time?
category | B 60 | cat ever | plant | has any plant appeared on the stream yet?
category | B 44 | cat which | animal, drink, plant | Next to the astronaut, is that an animal, a drink or a plant?
category | B 110 | cat first | drink | When did something to drink first show up?
# --- the doorbell camera (DOOR above)
now yes/no | C 6 | is | flower | are those flowers on the doorstep?
now yes/no | C 20 | is | grace_hopper | Is the lady in the navy uniform at the door right now?
now yes/no | C 68 | cat now | vehicle | is there some kind of vehicle outside the door now?
now yes/no | C 92 | cat now | animal | Could you check if there's an animal on the porch at the moment?
now | C 80 | what | - | wats on the doorbell cam rn
now | C 45 | which | grace_hopper | Which of these is at the front door right now?
now | C 32 | which | coffee, horse, astronaut | Coffee, horse or astronaut: which one is on the doorbell cam now?
now | C 94 | what | - | Hey, what's on the porch camera at the moment?
past yes/no | C 70 | ever | coffee | Has a cup of coffee been left at the door at any point?
past yes/no | C 96 | ever | stereo_motorcycle | did u see a motorbike pass the house earlier?
past yes/no | C 60 | back | flower | Did the flowers come back after they first disappeared?
past yes/no | C 96 | back | chelsea | has the cat been back since it left?
when | C 110 | first seen | coffee | When did the coffee first show up on the doorstep?
when | C 110 | span | astronaut | During what period was the astronaut at the door?
when | C 60 | person first | - | When did someone first come to the door?
when | C 80 | first seen | stereo_motorcycle | what time did the motorbike first appear
order | C 110 | list | grace_hopper, stereo_motorcycle, astronaut | Order these by when they came to the door: astronaut, motorbike, woman in uniform.
order | C 60 | after | grace_hopper | What showed up right after the woman in uniform left?
order | C 96 | before | astronaut | whats the thing teh cam showed just before the astronaut
order | C 110 | last | - | What's the most recent thing at the door?
count | C 110 | times | chelsea | how many times has the cat come to the door?
count | C 96 | times | flower | How many separate times were flowers on the doorstep?
count | C 110 | distinct | - | In total, how many different things has the doorbell camera picked up?
count | C 44 | distinct | - | how many diff things so far?
window | C 110 | at | 30 | What was at the front door at 0:30?
window | C 110 | between | 41, 71 | Could you tell me what the doorbell cam showed from 0:41 to 1:11?
window | C 110 | has in | coffee, 3, 47 | Was there coffee on the doorstep between 0:03 and 0:47?
window | C 110 | has in | astronaut, 65, 85 | did the astronaut come by between 1:05 and 1:25?
summary | C 64 | summary | 0, - | Fill me in on the doorbell camera, start to now.
summary | C 110 | summary | 53, 97 | Summary of 0:53 to 1:37, please.
summary | C 110 | summary | 77, - | what's happened at the door since 1:17?
summary | C 36 | summary | 0, - | I just got home. What has the door cam seen so far?
people | C 44 | who | - | Who's at my front door?
people | C 80 | people now | - | How many people are standing at the door now?
people | C 110 | visits | - | How many times has a person come to the door?
people | C 60 | anyone | 0 | Has anybody come to the door since the recording began?
motion | C 20 | static | - | Is the doorbell image totally static right now?
motion | C 70 | moved | 65 | did anything move past the door in the last 5 seconds?
motion | C 96 | moved while | flower | While the flowers were showing, was there any movement?
motion | C 110 | motion span | last | when was the last time something moved across the door cam?
scene change | C 110 | cuts | 0 | How many times has the doorbell view changed in total?
scene change | C 34 | cut since | 29 | has the picture changed in the last 5 s?
scene change | C 56 | cut since | 47 | Did the scene switch after 0:47?
scene change | C 96 | last cut | - | what time did the doorbell picture last switch to something new
never | C 110 | never | horse | Which of these never came to the door?
never | C 44 | never | all | which one of these hasnt the doorbell cam seen yet
never | C 70 | never | rocket | Among these, which one hasn't been at the door so far?
never | C 96 | never | - | Could you tell me which of these the camera has never shown?
category | C 56 | cat ever | vehicle | Has any kind of vehicle shown up at the door so far?
category | C 68 | cat which | - | What sort of thing is outside the door now?
category | C 110 | cat in | drink, 77, 97 | Was there anything to drink at the door between 1:17 and 1:37?
category | C 110 | cat first | animal | At what point did an animal first appear at the door?
"""


def traffic_suite() -> list[dict]:
    """The questions about :data:`TRAFFIC_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, TRAFFIC_CODES, seed=127)


def write_traffic_suite(folder: Path) -> tuple[Path, Path]:
    """Write the traffic videos and ``traffic.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, TRAFFIC_VIDEOS, traffic_suite(), "traffic")
