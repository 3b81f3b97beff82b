"""A development batch of questions from people watching screens that show several pictures at once: a
video call's gallery view, a museum's three-screen display wall and a news programme's split screen.

Three videos of shots of 10-14 s, most of them three pictures side by side, some two, a few one alone
(some with a red square or a ball sliding across; pictures coming back later, often in another place
on the screen): a video-call gallery view recorded at 1280x720, a museum display wall of three screens
at 960x540 and a news split screen at 854x480, built from the pictures of :mod:`benchmarks.sets.tables`
(a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy officer, a cup of coffee, a
cat, a motorbike). The questions lean on whether a thing is on screen now (about 25) and in what order
things came (first, which of two first, right before, right after, put in order, latest; about 25), then
what is on screen now, when a thing was first seen or from when to when, how often things were shown
and whether a thing was ever shown or came back (about 15 each), kinds of things (about 12) and every
other form of the tour set a few times. The wordings mix plain, casual and precise ones, and name the
places on the screen ("in any of the tiles", "on the left, middle or right screen", "in one of the
boxes") only where the truth does not hang on which place holds a picture. They were written from the
schedules alone, without running any answerer.

The truths follow the same rules as the traffic set's (see :mod:`benchmarks.sets.wordings_traffic`).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

GALLERY_FORMS = TABLE_FORMS
GALLERY_CODES = TABLE_CODES

CALL = "grace_hopper+coffee+chelsea 0-12, grace_hopper+astronaut+coffee 12-24, "
CALL += "astronaut+flower+chelsea~ 24-36, flower+horse 36-48, china+grace_hopper+horse 48-60, coffee 60-70, "
CALL += "chelsea+coffee+astronaut 70-82, "
CALL += "horse+chelsea+china~ 82-94, flower+grace_hopper+coffee 94-106, rocket+chelsea 106-118"
WALL = f"china+horse+rocket 0-12, rocket+flower+china 12-24, astronaut+horse+flower~ 24-36, {MOTO}+coffee 36-48, "
WALL += f"horse+china+{MOTO} 48-60, flower 60-72, rocket+astronaut+chelsea 72-84, china+{MOTO}+horse~ 84-96, "
WALL += "coffee+flower 96-108, horse+rocket+china 108-120"
NEWS = "grace_hopper+rocket 0-12, grace_hopper+rocket~ 12-24, rocket+astronaut+grace_hopper 24-36, "
NEWS += f"china+{MOTO}+coffee 36-48, coffee+grace_hopper+chelsea 48-60, astronaut 60-72, flower+chelsea+{MOTO}~ 72-84, "
NEWS += f"grace_hopper+china+chelsea 84-96, rocket+coffee+flower 96-108, {MOTO}+grace_hopper+flower 108-120"
GALLERY_VIDEOS = (
    ShotVideo("gallery_call", shots(CALL), size=(1280, 720), mover="square"),
    ShotVideo("gallery_wall", shots(WALL), size=(960, 540), mover="ball"),
    ShotVideo("gallery_news", shots(NEWS), size=(854, 480), mover="square"),
)
V = dict(zip("ABC", GALLERY_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the video call's gallery view (CALL above)
now yes/no | A 5 | is | chelsea | Is there a cat in one of the tiles right now?
now yes/no | A 18 | here | - | is anybody actually on camera in the gallery at the moment?
now yes/no | A 30 | is | flower | any flowers on the call right now?
now yes/no | A 54 | is | horse | Is that a horse in one of the tiles now?
now yes/no | A 65 | is | coffee | coffee on screen rn?
now yes/no | A 76 | is | horse | Is the horse back on the call at the moment?
now yes/no | A 88 | cat now | animal | Is there an animal in any of the tiles, left, middle or right, right now?
now yes/no | A 112 | is | stereo_motorcycle | Can you see a motorbike anywhere in the gallery now?
order | A 20 | after | chelsea | After the cat left the call, what did the gallery switch to?
order | A 30 | first | - | What did the gallery view show right at the start of the call?
order | A 54 | first of | astronaut, horse | Who turned up on the call first, the astronaut or the horse?
order | A 62 | before | china | What was on the call just before the temple appeared?
order | A 66 | after | horse | Once the horse dropped off the call, what came up next?
order | A 68 | list | china, flower, astronaut | Put these in the order they first joined the call: the temple, the flower, the astronaut.
order | A 100 | last | - | What's the most recent layout the gallery switched to?
order | A 116 | before | rocket | what was up in the tiles right before the rocket came on
now | A 8 | what | - | What's on the three tiles right now?
now | A 44 | what | - | what's showing on the call now
now | A 66 | which | coffee | Which of these is in the gallery view at the moment?
now | A 104 | which | astronaut, rocket, chelsea | Is it the astronaut, the rocket or the cat in the gallery now, or none of them?
now | A 112 | what | - | What are the tiles showing at this point in the call?
when | A 40 | first seen | astronaut | When did the astronaut first join the call?
when | A 50 | span | astronaut | From what time to what time was the astronaut on the call?
when | A 74 | span | horse | From when to when was the horse in the gallery?
when | A 80 | first seen | china | At what time did the temple first show up in a tile?
when | A 116 | first seen | rocket | when did the rocket first pop up on the call
count | A 90 | times | horse | how many times has the horse shown up till now
count | A 100 | times | coffee | How many separate times has the coffee cup appeared on the call?
count | A 116 | times | chelsea | How many separate times did the cat turn up in the gallery?
count | A 116 | distinct | - | How many different things have been on screen in this call so far?
count | A 116 | visits | - | How many separate times was a person on camera during the call?
past yes/no | A 46 | ever | grace_hopper | Was the woman in uniform on the call earlier?
past yes/no | A 58 | back | chelsea | has the cat come back on the call since it was first on?
past yes/no | A 80 | back | horse | Has the horse come back to the call after it left?
past yes/no | A 90 | back | astronaut | Did the astronaut rejoin the call after dropping off?
past yes/no | A 100 | ever | stereo_motorcycle | Has a motorbike been on the call at any point?
category | A 18 | cat which | drink, animal, plant | Besides the people, is what's in the tiles now a drink, an animal or a plant?
category | A 65 | cat which | - | What sort of thing fills the screen right now?
category | A 100 | cat in | animal, 40, 66 | Was there any animal on the call between 0:40 and 1:06?
category | A 116 | cat ever | building | Has a building shown up in any of the tiles?
window | A 100 | between | 52, 75 | What came up in the gallery between 0:52 and 1:15?
window | A 116 | at | 45 | What was on the call at 0:45?
summary | A 40 | summary | 0, - | Give me a rundown of the call so far.
summary | A 116 | summary | 85, - | sum up what's been on the call since 1:25
people | A 18 | who | - | Who's on the call right now?
people | A 54 | people now | - | How many people are on camera in the gallery at the moment?
motion | A 30 | moving | - | Is something sliding across the tiles right now?
motion | A 116 | moves | - | How many times has a red square slid across the gallery view?
scene change | A 40 | cut since | 33 | Has the gallery layout changed since 0:33?
scene change | A 116 | cuts | 56 | How many times has the view switched since 0:56?
never | A 8 | never | all | Which of these hasn't been on the call yet, if any?
never | A 116 | never | stereo_motorcycle | Which of these never appeared in the gallery?
# --- the museum's display wall (WALL above)
now yes/no | B 6 | is | rocket | Is there a rocket on the left, middle or right screen at the moment?
now yes/no | B 18 | is | horse | is the horse still up on the wall?
now yes/no | B 30 | here | - | Is there a person on any of the three screens at the moment?
now yes/no | B 42 | is | stereo_motorcycle | motorbike on the wall now?
now yes/no | B 54 | is | coffee | Is the coffee cup still showing on one of the screens?
now yes/no | B 66 | is | flower | Flower on the display right now?
now yes/no | B 78 | is | chelsea | Is there a cat on the display wall right now?
now yes/no | B 102 | is | dog | any dog on the screens at the moment?
now yes/no | B 114 | is | astronaut | Is the astronaut on one of the screens now?
order | B 30 | first | - | What were the three screens showing when the display started?
order | B 46 | after | astronaut | After the astronaut went off the wall, what came on next?
order | B 52 | first of | stereo_motorcycle, astronaut | Which appeared on the wall first, the motorbike or the astronaut?
order | B 66 | before | coffee | What was on the screens just before the coffee came up?
order | B 66 | list | coffee, rocket, astronaut | Put these in the order they first came up on the wall: the coffee, the rocket, the astronaut.
order | B 80 | first of | chelsea, flower | The cat or the flower, which one did the wall show first?
order | B 100 | last | - | what's the latest thing the wall switched to
order | B 116 | before | chelsea | What was on display right before the cat showed up?
order | B 116 | after | chelsea | And once the cat was gone, what came on?
now | B 8 | what | - | What are the three screens showing at the moment?
now | B 42 | what | - | what's up on the display wall now
now | B 66 | which | flower | Which of these is on the wall now?
now | B 90 | which | stereo_motorcycle | Which one of these is on one of the screens right now?
now | B 102 | which | horse, china, astronaut | Are the screens showing the horse, the temple or the astronaut right now, or none of those?
when | B 40 | first seen | astronaut | When did the astronaut first come up on the wall?
when | B 56 | span | coffee | How long was the coffee up on the wall? From when to when?
when | B 90 | first seen | chelsea | what time did the cat first show up on the screens
when | B 116 | person first | - | When did a person first appear on the display?
when | B 116 | span | chelsea | From when till when was the cat on the wall?
count | B 90 | times | flower | How many times has the flower been on display so far?
count | B 100 | distinct | - | how many different things has the wall shown up to now?
count | B 116 | times | horse | How many separate times has the horse been on one of the screens?
count | B 116 | times | china | How often did the temple come up on the screens, counting each separate time?
count | B 116 | visits | - | How many times did a person show up on the screens?
past yes/no | B 20 | ever | grace_hopper | Has the woman in uniform been on any of the screens yet?
past yes/no | B 58 | back | horse | Has the horse come back on the wall since it first showed?
past yes/no | B 90 | back | coffee | did the coffee ever come back after it went off the wall
past yes/no | B 100 | ever | chelsea | Was there a cat on the wall at some point?
past yes/no | B 116 | back | chelsea | Did the cat make a second appearance on the display?
category | B 42 | cat now | drink | Is there anything to drink on the screens now?
category | B 66 | cat which | - | What kind of thing is the display showing now?
category | B 78 | cat which | animal, drink, plant | Which of these is on the wall right now: an animal, a drink or a plant?
category | B 116 | cat first | drink | When did something to drink first show up on the wall?
window | B 80 | has in | horse, 39, 63 | Was the horse up at any point between 0:39 and 1:03?
window | B 100 | between | 27, 51 | What did the wall show from 0:27 to 0:51?
summary | B 50 | summary | 0, - | Could you sum up the display wall from the start?
summary | B 110 | summary | 75, 100 | Summarise what the wall showed between 1:15 and 1:40.
people | B 30 | who | - | who's that on the wall right now
people | B 66 | anyone | 40 | Has any person been shown on the wall since 0:40?
people | B 78 | people now | - | How many people are on the screens right now?
motion | B 54 | static | - | Is the wall completely still right now, nothing moving?
motion | B 116 | motion span | last | When did the ball last roll across the wall, from when to when?
scene change | B 104 | cuts | 63 | How many times have the screens changed since 1:03?
scene change | B 116 | first cut | - | When did the display first change?
never | B 20 | never | grace_hopper | Which of these hasn't been on the wall so far?
never | B 116 | never | - | Which of these never came up on the display?
# --- the news programme's split screen (NEWS above)
now yes/no | C 6 | here | - | Is anyone on camera in the split screen right now?
now yes/no | C 18 | is | rocket | Is the rocket still on the split screen?
now yes/no | C 42 | is | stereo_motorcycle | is there a motorbike in one of the boxes right now
now yes/no | C 54 | is | horse | Is there a horse on the news at the moment?
now yes/no | C 66 | is | astronaut | Is the astronaut on screen now?
now yes/no | C 78 | is | chelsea | is that a cat in one of the panels now?
now yes/no | C 90 | is | coffee | Is there a cup of coffee anywhere on the split screen right now?
now yes/no | C 114 | is | grace_hopper | Is the woman in uniform back on the screen?
order | C 40 | first | - | What was on screen when the programme opened?
order | C 46 | after | astronaut | What came on after the astronaut's segment?
order | C 58 | list | chelsea, astronaut, rocket | Order these by when they first appeared on the news: the cat, the astronaut, the rocket.
order | C 66 | before | chelsea | What was on screen right before the cat first showed up?
order | C 66 | after | chelsea | after the cat, what did the programme cut to?
order | C 90 | first of | flower, china | temple or flower: which was on the news first?
order | C 104 | last | - | What's the latest shot on the split screen?
order | C 116 | first of | grace_hopper, chelsea | Who was on first, the woman in uniform or the cat?
now | C 8 | what | - | What's on the split screen right now?
now | C 42 | which | china | Which of these is on the news at the moment?
now | C 66 | what | - | what's on screen at the moment?
now | C 90 | which | rocket, coffee, flower | Is the rocket, the coffee or the flower on screen now, or none of these?
now | C 112 | what | - | What's showing in the three boxes at this point?
when | C 50 | first seen | stereo_motorcycle | When did the motorbike first appear on the news?
when | C 70 | first seen | chelsea | what time did the cat first come on?
when | C 70 | span | coffee | From when to when was the coffee on the news?
when | C 80 | span | china | When was the temple on screen, from what time to what time?
when | C 116 | first seen | flower | At what time did the flower first appear in one of the boxes?
count | C 50 | times | grace_hopper | How many times has the woman in uniform been on screen so far?
count | C 100 | times | chelsea | how many separate times has the cat been on the news?
count | C 116 | times | stereo_motorcycle | How many separate times has the motorbike come up in the broadcast?
count | C 116 | distinct | - | How many different things have been on the news so far?
count | C 116 | visits | - | How many separate times has a person appeared on screen?
past yes/no | C 46 | ever | chelsea | Was there a cat earlier in the programme?
past yes/no | C 66 | back | coffee | did the coffee cup come back after it went off?
past yes/no | C 80 | back | astronaut | Has the astronaut been back on the news since the first time?
past yes/no | C 90 | ever | horse | Has a horse been on the news at any point?
past yes/no | C 104 | back | rocket | Did the rocket come back on screen later?
category | C 30 | cat ever | plant | Has there been a plant on screen yet?
category | C 78 | cat now | drink | is there a drink in any of the boxes now
category | C 100 | cat in | animal, 75, 99 | Were there any animals on screen between 1:15 and 1:39?
category | C 116 | cat first | animal | When did an animal first show up on the news?
window | C 104 | has in | astronaut, 51, 87 | Did the astronaut appear between 0:51 and 1:27?
window | C 116 | at | 40 | What was on the split screen at 0:40?
summary | C 40 | summary | 0, - | Can you give me a quick summary of the news so far?
summary | C 116 | summary | 87, - | What's been on the split screen since 1:27?
people | C 30 | who | - | Who is on screen right now?
people | C 30 | people now | - | How many people are on the news right now?
motion | C 90 | moved | 75 | Has anything moved across the screen since 1:15?
motion | C 116 | motion span | first | When did a red square first slide across the news, from when to when?
scene change | C 22 | cut since | 15 | Has the shot changed since 0:15?
scene change | C 40 | cuts | 0 | How many times has the picture switched since the broadcast began?
scene change | C 100 | first cut | - | When did the split screen first cut to something new?
never | C 30 | never | - | Which of these hasn't been on the split screen yet?
never | C 116 | never | horse | Which of these never appeared on the news?
"""


def gallery_suite() -> list[dict]:
    """The questions about :data:`GALLERY_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, GALLERY_CODES, seed=241)


def write_gallery_suite(folder: Path) -> tuple[Path, Path]:
    """Write the gallery videos and ``gallery.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, GALLERY_VIDEOS, gallery_suite(), "gallery")
