"""A development batch of questions from people watching a market-stall camera, a classroom lecture
livestream or a pet-sitter camera.

Three videos of shots of 10-16 s (a picture alone or two side by side; some with a red square or a ball
sliding across; pictures coming back later): a market-stall camera at 640x360, a lecture livestream at
1280x720 and a pet-sitter camera of single 224x224 pictures, built from the pictures of
:mod:`benchmarks.sets.tables` (a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy
officer, a cup of coffee, a cat, a motorbike). The questions lean on three forms, about 27 each: is a
thing (a picture, a person, a kind of thing, something never shown) on screen now, in what order things
came (which first, right before, right after, put in order), and when and how often the shot changed
(some across a movement starting, which is no change of shot); every other form of the tour set is
asked seven or eight times over the three videos. Each is worded the way a user of a video-QA tool
types: formal, casual, terse, polite requests, chatty two-sentence ones that mention the asker ("I'm at
work", "my wifi dropped"), some typos and chat spellings (u, rn, atm, pls), with frame, shot, feed,
view, picture and cam for the video and seconds, m:ss, "a moment ago" and "so far" for its times. They
were written from the schedule alone, without running any answerer.

The truths follow the same rules as the traffic set's (see :mod:`benchmarks.sets.wordings_traffic`).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

MARKET_FORMS = TABLE_FORMS
MARKET_CODES = TABLE_CODES

STALL = f"coffee 0-12, flower+coffee 12-26, chelsea 26-38, chelsea~ 38-50, horse+{MOTO} 50-64, "
STALL += f"grace_hopper+chelsea 64-76, flower~ 76-88, china 88-100, coffee+{MOTO} 100-116"
LECTURE = "grace_hopper 0-14, grace_hopper+rocket 14-28, rocket~ 28-40, astronaut 40-54, flower+china 54-66, "
LECTURE += "flower+china~ 66-78, grace_hopper 78-92, horse~ 92-104, coffee 104-118"
PETS = "chelsea 0-12, chelsea~ 12-22, coffee 22-36, horse 36-50, chelsea 50-60, grace_hopper 60-76, "
PETS += "flower~ 76-88, astronaut 88-100, chelsea~ 100-114"
MARKET_VIDEOS = (
    ShotVideo("market_stall", shots(STALL), size=(640, 360), mover="square"),
    ShotVideo("market_lecture", shots(LECTURE), size=(1280, 720), mover="ball"),
    ShotVideo("market_pets", shots(PETS), size=(224, 224), mover="ball"),  # single pictures only
)
V = dict(zip("ABC", MARKET_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the market-stall camera (STALL above)
now yes/no | A 6 | is | coffee | Is that a cup of coffee on the stall counter?
now yes/no | A 18 | is | flower | flowers on the stall rn?
now yes/no | A 31 | is | horse | Hi! Is there a horse at the market stall at the moment?
now yes/no | A 44 | cat now | animal | is some animal hanging around the stall right now
now yes/no | A 57 | is | grace_hopper | Can you see a woman in a navy uniform at the stall just now?
now yes/no | A 70 | here | - | Is a customer standing at the stall in this shot?
now yes/no | A 82 | here | - | I'm keeping an eye on my stall from home. Is anybody there at the moment?
now yes/no | A 94 | is | dog | Is there a dog sniffing around the stall now?
now yes/no | A 106 | cat now | drink | Is there something to drink on the stall in the current frame?
now yes/no | A 108 | is | chelsea | cat on the market cam right now, yes or no?
now | A 56 | what | - | What's in front of the stall at the moment?
now | A 70 | which | grace_hopper | which one of these can u see at the stall rn
now | A 94 | which | horse, astronaut, rocket | Which of these is on the market cam right now: a horse, an astronaut or a rocket?
past yes/no | A 58 | ever | chelsea | Has a cat been on the stall at any point so far?
past yes/no | A 110 | back | coffee | The coffee from the first shot: did it turn up again later?
past yes/no | A 94 | back | horse | did the horse ever come back to the market after it left?
when | A 94 | first seen | chelsea | When did the cat first show up at the stall?
when | A 110 | span | grace_hopper | From when to when was the woman in uniform at the stall?
order | A 60 | first | - | What was the opening shot of the market cam?
order | A 106 | last | - | whats the latest thing the stall cam is showing
order | A 70 | first of | horse, chelsea | Between the horse and the cat, which did the stall camera show earlier?
order | A 110 | first of | china, grace_hopper | Which came up sooner on the market feed: the temple or the lady in uniform?
order | A 70 | before | horse | What was on the stall cam right before the horse appeared?
order | A 80 | after | horse | Straight after the horse, what did the market cam show?
order | A 106 | before | china | what did the cam show just prior to the temple shot
order | A 94 | after | grace_hopper | After the uniformed lady left the stall, what came on next?
order | A 110 | list | horse, grace_hopper, china | Please sort these by when they showed up on the stall cam: the temple, the woman in uniform, the horse.
count | A 110 | times | flower | How many separate times have flowers been on the stall cam?
count | A 110 | distinct | - | how many distinct items has the stall cam shown altogether
window | A 110 | between | 55, 80 | What did the stall feed show from 0:55 to 1:20?
window | A 110 | has in | horse, 4, 45 | Did a horse appear on the market cam at any point between 0:04 and 0:45?
summary | A 58 | summary | 0, - | catch me up on the stall cam from the start?
summary | A 112 | summary | 70, 105 | Could you summarise the market feed between 1:10 and 1:45?
people | A 70 | who | - | who's the person at the stall right now?
people | A 94 | people now | - | How many shoppers can you see on the market cam now?
motion | A 44 | moving | - | Is anything sliding across the stall view at the moment?
motion | A 93 | static | - | Is the market picture totally still right now, nothing moving?
motion | A 94 | moved while | coffee | Back when the coffee was in shot, did anything slide across the picture?
scene change | A 40 | first cut | - | When did the market camera first cut away from its opening view?
scene change | A 95 | last cut | - | what time did the stall feed last switch views?
scene change | A 47 | cut since | 41 | Did the shot change a moment ago, or is it still the same view?
scene change | A 68 | cut since | 53 | has the camera switched to another view in the past 15 s?
scene change | A 97 | cut since | 91 | Any cut on the market cam since 1:31?
scene change | A 92 | cut since | 80 | Stepped away at 1:20 and just got back. Has the stall cam changed shots since then?
scene change | A 10 | cut since | 3 | Has the frame changed at all since 0:03?
scene change | A 110 | cuts | 0 | How many times has the stall camera switched to a new view overall?
scene change | A 60 | cuts | 30 | count the cuts on the stall cam since 0:30 pls
never | A 110 | never | astronaut | Which of these has never been seen at the market stall?
never | A 30 | never | all | so far, which one of these hasn't turned up on the stall cam?
category | A 46 | cat ever | vehicle | Has any vehicle pulled up at the stall so far?
category | A 31 | cat which | animal, plant, drink | Is the thing on the market cam now an animal, a plant or a drink?
category | A 80 | cat first | vehicle | When did the first vehicle show up by the stall?
# --- the lecture livestream (LECTURE above)
now yes/no | B 6 | here | - | Is there a person on the lecture stream right now?
now yes/no | B 20 | is | rocket | is that a rocket next to the speaker?
now yes/no | B 34 | here | - | Is anyone on camera in the classroom at the moment?
now yes/no | B 46 | is | astronaut | Is the person on the class stream now an astronaut?
now yes/no | B 60 | is | horse | horse on the lecture slide atm?
now yes/no | B 72 | cat now | plant | Is there a plant on screen in the lecture now?
now yes/no | B 84 | is | coffee | Does the lecture shot have a coffee cup in it right now?
now yes/no | B 98 | cat now | animal | quick q: any animal on the class stream rn?
now yes/no | B 110 | is | teddy bear | Is there a teddy bear on the lecture feed right now?
now | B 60 | what | - | What is the lecture showing right now?
now | B 20 | which | chelsea, stereo_motorcycle, coffee | A cat, a motorbike, a coffee: which of those is on the stream at the moment?
past yes/no | B 86 | back | grace_hopper | The woman in uniform from the beginning of the lecture. Is she back on again?
past yes/no | B 110 | ever | chelsea | Has a cat appeared during the lecture at all?
when | B 110 | first seen | horse | What time did the horse first appear in the lecture?
when | B 80 | span | astronaut | During which part of the stream was the astronaut on? From when to when?
when | B 100 | first seen | flower | when did the flower first come up on the class stream?
order | B 50 | first | - | What did the lecture stream open on?
order | B 110 | first of | astronaut, horse | the astronaut or the horse - which came up first in the lecture?
order | B 70 | first of | rocket, flower | Rocket or flower: which one was shown earlier in class?
order | B 60 | before | astronaut | What was on the lecture stream just before the astronaut came on?
order | B 70 | after | astronaut | Once the astronaut was off screen, what came up next?
order | B 110 | before | horse | What did the class stream show immediately before the horse?
order | B 112 | after | horse | ok and the thing that came straight after the horse?
order | B 110 | list | rocket, astronaut, horse | In what order did these come up in the lecture? Horse, rocket, astronaut.
order | B 84 | last | - | What's the most recent shot on the lecture stream?
count | B 100 | distinct | - | How many unique things has the lecture stream shown up to now?
count | B 110 | times | horse | hwo many times has the horse been shown in class?
window | B 116 | at | 72 | What was on screen in the lecture at 1:12?
window | B 116 | between | 5, 46 | Could you list what the stream showed between 0:05 and 0:46?
window | B 116 | has in | grace_hopper, 82, 99 | Was the woman in uniform on at any point from 1:22 to 1:39?
summary | B 45 | summary | 0, - | what did i miss in the lecture so far? joined late
summary | B 116 | summary | 58, 100 | Please summarise the lecture from 0:58 to 1:40.
summary | B 114 | summary | 84, - | sorry my wifi dropped at 1:24, what happened since?
people | B 46 | who | - | Who is on the class stream at the moment?
people | B 20 | people now | - | How many people does the lecture camera see at this moment?
people | B 100 | visits | - | How many separate times has a person come on screen during the lecture?
motion | B 90 | moved | 82 | Has anything moved in the lecture in the last 8 seconds?
motion | B 116 | motion span | first | When did a ball first roll across the lecture picture, from when to when?
scene change | B 60 | first cut | - | When did the lecture feed first switch to a different shot?
scene change | B 74 | last cut | - | When did the view on the class stream last change?
scene change | B 75 | cut since | 69 | Has the shot changed since 1:09?
scene change | B 97 | cut since | 83 | did teh picture switch after 1:23
scene change | B 50 | cut since | 44 | Any change of shot in the last six seconds?
scene change | B 31 | cut since | 18 | I was taking notes from 0:18. Has the lecture view changed since then?
scene change | B 116 | cuts | 0 | how many shot changes has the lecture had so far
scene change | B 100 | cuts | 44 | Since 0:44, how many times has the view switched on the stream?
scene change | B 85 | cuts | 58 | Number of cuts from 58 seconds in until now?
never | B 46 | never | all | I just tuned in. Which of these hasn't the lecture shown yet?
never | B 110 | never | chelsea | Which one of these never came up during the lecture?
never | B 80 | never | - | Out of these, which has the class stream not shown at all?
category | B 10 | cat ever | vehicle | Has a vehicle come up in the lecture yet?
category | B 112 | cat first | animal | At what time did the lecture first show an animal?
category | B 98 | cat which | animal, plant, vehicle | Is what's on the class stream now an animal, a plant or a vehicle?
# --- the pet-sitter camera (PETS above)
now yes/no | C 5 | is | chelsea | is my cat on the pet cam right now?
now yes/no | C 17 | is | dog | Do you see a dog on the pet camera at the moment?
now yes/no | C 29 | is | coffee | Is there a coffee mug in view right now?
now yes/no | C 44 | cat now | animal | any animal in the pet cam view atm?
now yes/no | C 55 | is | horse | Is that a horse on the pet cam?
now yes/no | C 66 | here | - | Is somebody in the room with the pets right now?
now yes/no | C 81 | here | - | I'm at work and just checking. Is anybody in the room now?
now yes/no | C 93 | is | astronaut | wait, is that an astronaut on the pet cam??
now yes/no | C 106 | cat now | drink | Is any drink visible on the pet camera at the moment?
now | C 44 | what | - | wat's on the pet camera now?
now | C 105 | which | chelsea | Which one of these is the pet-sitter cam showing now?
past yes/no | C 70 | ever | stereo_motorcycle | Has a motorbike ever shown up on the pet cam?
past yes/no | C 56 | back | chelsea | so did the cat come back after wandering off earlier?
past yes/no | C 93 | ever | flower | Were there any flowers on the cam earlier?
when | C 80 | span | horse | When was the horse on the pet cam? Start and end, please.
when | C 110 | person first | - | At what time did a person first show up on the pet cam?
order | C 64 | first of | coffee, horse | Which did the pet cam show first, the coffee or the horse?
order | C 110 | first of | astronaut, grace_hopper | the lady in uniform or the astronaut: who was on the pet cam earlier?
order | C 44 | before | coffee | What was on the pet cam just before the coffee?
order | C 55 | after | coffee | whta came right after the coffee cup?
order | C 80 | before | grace_hopper | What did the pet cam show right before the woman in uniform came in?
order | C 106 | after | flower | After the flower, what was next on the pet camera?
order | C 80 | list | coffee, horse, grace_hopper | can u put these in order for me: the woman in uniform, the coffee, the horse
order | C 95 | last | - | What's the pet cam's most recent shot?
order | C 40 | first | - | What was the first thing the pet camera caught today?
count | C 110 | times | chelsea | how many times did the cat wander into view?
count | C 110 | distinct | - | How many different things has the pet camera recorded in total?
count | C 56 | times | chelsea | So far, how many separate visits has the cat made?
window | C 110 | at | 44 | At 44 seconds in, what did the pet cam show?
window | C 110 | has in | coffee, 40, 70 | Was the coffee on screen at any time between 0:40 and 1:10?
summary | C 46 | summary | 0, - | Recap the pet cam for me since it started?
summary | C 110 | summary | 55, 95 | Give me the short version of 0:55-1:35 on the pet cam.
people | C 68 | who | - | Who is that in the room with my pets?
people | C 94 | people now | - | Count the people in the pet cam picture for me: how many right now?
people | C 58 | anyone | 40 | Has anyone come by since 0:40?
motion | C 30 | moving | - | Anything rolling through the frame at this very moment?
motion | C 110 | moves | - | how many times has a ball rolled through the pet cam view?
motion | C 96 | motion span | last | When did something last roll across the pet cam? From what time to what time?
scene change | C 44 | first cut | - | When did the pet cam view first change to something else?
scene change | C 108 | last cut | - | At what time did the pet camera last switch pictures?
scene change | C 30 | cut since | 25 | frame switched to something else since 0:25?
scene change | C 54 | cut since | 40 | Did the pet cam switch shots after 0:40?
scene change | C 72 | cut since | 64 | did it cut to a new shot in the last 8 s
scene change | C 96 | cut since | 80 | Did the view switch at all since 1:20? My app froze for a bit.
scene change | C 86 | cut since | 66 | Has the picture on the pet cam changed within the last 20 seconds?
scene change | C 112 | cuts | 0 | how many shot switches has the pet cam had overall?
scene change | C 33 | cuts | 5 | Between 0:05 and now, how many times did the view switch?
never | C 110 | never | stereo_motorcycle | Of these, which one has the pet camera never caught?
never | C 56 | never | - | Which of these hasn't the pet cam picked up so far?
category | C 110 | cat ever | building | Has a building appeared on the pet cam at any point?
category | C 110 | cat in | plant, 70, 96 | Any plants in view between 1:10 and 1:36?
"""


def market_suite() -> list[dict]:
    """The questions about :data:`MARKET_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, MARKET_CODES, seed=163)


def write_market_suite(folder: Path) -> tuple[Path, Path]:
    """Write the market videos and ``market.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, MARKET_VIDEOS, market_suite(), "market")
