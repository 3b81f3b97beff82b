"""A development batch of tour and vlog questions: someone filming a walk-through asks about what they filmed.

Three videos of shots (a picture alone or two side by side; some with a ball or a red square sliding
across; pictures coming back later): a museum tour at 854x480, a travel vlog at 640x360 and a desk vlog
of single 224x224 pictures (a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy
officer, a cup of coffee, a cat, a motorbike). Questions cover every form (categories, what is on now,
is or was a thing there, when, order, how many times, what was on in a stretch of time, a recap,
people, movement, shot changes, what never showed up), each worded the way a user of a video-QA tool
types: formal, casual, terse, two sentences, some typos. They were written from the schedule alone,
without running any answerer.

Every truth is computed from the schedule (people from ``ShotVideo.people``, movement from
``moving=True``, shot changes from ``ShotVideo.cuts``, categories from :data:`~benchmarks.sets.tables.CATEGORY`); ask times sit
2 s or more from any shot boundary, window edges 3 s or more (or at 0). A wrong option is never in view
during the asked time, nor something a picture could pass for (:data:`~benchmarks.sets.tables.BLOCK`: the astronaut's shuttle
model for a rocket, her flight suit for a uniform, the horse silhouette for a dog); the coffee's saucer
and spoon, the temple's trees, water and boat, the garage's shelves and the flags are never options. A
category is asked only where no picture in the asked time might pass for one (the rocket, the shuttle
and the temple's boat for a vehicle; the launch towers and the garage for a building; the temple's
trees for a plant) unless a picture surely shows one. "Put in order" and "right before/after X" ask
about things shown once so far; "when did the view change" never offers the start of a movement.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

TOUR_FORMS = TABLE_FORMS
TOUR_CODES = TABLE_CODES

MUSEUM = "china 0-14, horse+rocket 14-28, astronaut 28-40, astronaut~ 40-50, flower 50-62, "
MUSEUM += "grace_hopper+china 62-76, rocket~ 76-88, horse 88-100, grace_hopper+flower 100-112"
TRAVEL = f"china 0-12, china~ 12-22, {MOTO} 22-36, grace_hopper+coffee 36-50, horse~ 50-62, chelsea 62-74, "
TRAVEL += f"{MOTO}+china 74-88, chelsea+coffee~ 88-100, flower 100-110"
DESK = "coffee 0-14, coffee~ 14-24, chelsea 24-36, flower 36-48, grace_hopper 48-60, coffee 60-72, "
DESK += "chelsea~ 72-82, astronaut 82-92, coffee 92-104"
TOUR_VIDEOS = (
    ShotVideo("tour_museum", shots(MUSEUM), size=(854, 480), mover="ball"),
    ShotVideo("tour_travel", shots(TRAVEL), size=(640, 360), mover="square"),
    ShotVideo("tour_desk", shots(DESK), size=(224, 224), mover="square"),  # single pictures only
)
V = dict(zip("ABC", TOUR_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`~benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the museum (MUSEUM above)
category | A 20 | cat ever | animal | was there any animal?
category | A 70 | cat which | - | What kind of thing is on screen now?
category | A 46 | cat ever | building | any building in the video?
category | A 104 | cat in | animal, 53, 73 | Was there an animal between 0:53 and 1:13?
category | A 92 | cat which | animal, vehicle, drink, building | Which kind of thing is on screen now: an animal, a vehicle, food or a building?
now | A 12 | what | - | What are we looking at?
now | A 20 | what | - | what's in this room
now | A 66 | which | china | Which of these exhibits is in view right now?
now | A 94 | what | - | What's this exhibit?
now yes/no | A 24 | is | horse | Is that a horse?
now yes/no | A 34 | is | chelsea | is there a cat in this room?
now yes/no | A 80 | is | rocket | Is the rocket on screen right now?
now yes/no | A 106 | is | flower | is there a flower in frame rn
past yes/no | A 108 | back | grace_hopper | Did the navy officer come back later?
past yes/no | A 108 | ever | chelsea | Did we see a cat anywhere in the museum?
past yes/no | A 60 | back | horse | Has the horse come back since we first saw it?
past yes/no | A 30 | ever | china | did we already see the temple?
when | A 48 | first seen | astronaut | When did the astronaut appear?
when | A 110 | span | astronaut | When was the astronaut exhibit shown?
when | A 96 | first seen | rocket | when did we first see teh rocket?
when | A 58 | person first | - | At what time did a person first come into view?
order | A 110 | first | - | What did the tour start with?
order | A 110 | first of | horse, flower | Which came first, the horse or the flower?
order | A 60 | list | flower, china, astronaut | Put these in order: the flower, the temple, the astronaut.
count | A 110 | times | horse | How many times did the horse appear?
count | A 110 | distinct | - | how many different exhibits did we see?
count | A 110 | times | china | How many times did the temple come up?
window | A 70 | at | 33 | Could you tell me what was displayed at 0:33?
window | A 96 | between | 17, 33 | What did we see from 0:17 to 0:33?
window | A 104 | has in | rocket, 65, 73 | was the rocket on between 1:05 and 1:13?
summary | A 56 | summary | 0, - | Quick recap of the tour so far?
summary | A 110 | summary | 65, - | what happened since 1:05?
people | A 34 | here | - | is there a person in this shot?
people | A 56 | here | - | Anybody on screen now?
people | A 70 | who | - | Who is that?
people | A 92 | visits | - | How many times did someone show up so far?
motion | A 44 | moving | - | is something moving?
motion | A 58 | moved | 53 | Has anything moved since 0:53?
motion | A 110 | motion span | last | When did something last slide across?
motion | A 84 | moved while | china | Did anything move while the temple was on screen?
scene change | A 110 | cuts | 0 | How many times did the shot change?
scene change | A 86 | cut since | 80 | I looked away at 1:20. Did the picture change since then?
scene change | A 96 | last cut | - | When did the view last change?
never | A 110 | never | teddy bear | Which of these never appeared?
never | A 48 | never | flower | which of these hasn't shown up yet?
never | A 26 | never | all | Which of these haven't we seen?
# --- the travel vlog (TRAVEL above)
category | B 106 | cat ever | vehicle | did we see a vehicle?
category | B 104 | cat first | drink | when did a drink appear?
now | B 46 | what | - | What's in the shot right now?
now | B 80 | what | - | wat am i looking at
now | B 58 | which | guitar, rocket, teddy bear | Which of these is in the shot?
now yes/no | B 8 | is | china | Is that a temple?
now yes/no | B 26 | is | stereo_motorcycle | is that a motorbike
now yes/no | B 70 | is | coffee | Is there any coffee in shot right now?
past yes/no | B 40 | ever | chelsea | Have we seen a cat yet?
past yes/no | B 96 | back | stereo_motorcycle | Did the motorbike show up again?
past yes/no | B 80 | ever | flower | any flowers so far?
when | B 108 | span | grace_hopper | When was the woman in uniform on?
when | B 70 | first seen | chelsea | when did the cat show up?
when | B 92 | first seen | coffee | At what time did the coffee first appear?
when | B 104 | person first | - | when did a person first appear in the vlog?
order | B 108 | last | - | what's the last thing the vlog showed?
order | B 72 | before | chelsea | What came right before the cat?
order | B 96 | first of | chelsea, stereo_motorcycle | Out of the cat and the motorbike, which came first?
order | B 108 | list | horse, flower, grace_hopper | put these in order: the horse, the flower, the woman in uniform
count | B 108 | times | chelsea | how many times did the cat appear?
count | B 108 | times | coffee | How many times was there coffee on screen?
count | B 108 | distinct | - | How many different things did the vlog show?
window | B 90 | between | 25, 45 | what was shown between 0:25 and 0:45?
window | B 108 | at | 80 | What was on at 1:20?
window | B 60 | has in | coffee, 39, 47 | Was there coffee between 0:39 and 0:47?
summary | B 60 | summary | 0, - | I just joined. What have I missed?
summary | B 108 | summary | 68, - | what happened in the last 40 seconds?
summary | B 96 | summary | 25, 59 | Summarize what was shown between 0:25 and 0:59.
people | B 20 | anyone | 0 | has anyone appeared in the vlog yet?
people | B 44 | who | - | who's in the shot?
people | B 80 | anyone | 53 | Anyone on camera since 0:53?
motion | B 16 | moving | - | Is anything moving right now?
motion | B 70 | moved | 55 | I was gone for 15 seconds. Did anything move?
motion | B 104 | motion span | first | When did something first slide across?
scene change | B 30 | first cut | - | When was the first scene change?
scene change | B 108 | cuts | 53 | how many scene changes since 0:53?
scene change | B 58 | cut since | 53 | did the scene change in the last 5 sec
never | B 108 | never | umbrella | which of these did not appear in the vlog?
never | B 40 | never | horse | Which of these hasn't appeared yet?
never | B 80 | never | flower | Which one haven't we seen so far?
# --- the desk vlog (DESK above)
category | C 20 | cat ever | vehicle | Has any vehicle shown up so far?
category | C 40 | cat which | animal, plant, drink, building | Is this an animal, a plant, something to eat or drink, or a building?
category | C 100 | cat ever | building | Was there a building anywhere in this vlog?
now | C 30 | what | - | what's on the desk?
now | C 86 | which | astronaut | Which of these can you see now?
now | C 66 | what | - | What is shown at the moment?
now yes/no | C 54 | is | grace_hopper | Is the woman in uniform on screen now?
now yes/no | C 44 | is | chelsea | is the cat still here?
now yes/no | C 96 | is | dog | do u see a dog
past yes/no | C 70 | ever | stereo_motorcycle | Was there a motorbike at any point?
past yes/no | C 90 | back | chelsea | Did the cat come back?
past yes/no | C 46 | ever | coffee | was there coffee earlier?
when | C 78 | span | flower | When was the flower on screen?
when | C 96 | first seen | astronaut | whn did the astronaut pop up
order | C 56 | after | flower | What came right after the flower?
order | C 100 | first of | astronaut, grace_hopper | astronaut or navy officer, who was first?
order | C 100 | list | astronaut, flower, grace_hopper | Can you put these in the order they appeared? The astronaut, the flower, the woman in uniform.
count | C 100 | times | coffee | how many times does the coffee show up?
count | C 100 | distinct | - | How many different things were shown?
count | C 100 | times | chelsea | How often did the cat appear?
count | C 46 | times | coffee | So far, how many times have we seen the coffee?
window | C 100 | between | 0, 20 | What was on screen between 0:00 and 0:20?
window | C 70 | at | 30 | What was shown at 0:30?
window | C 100 | has in | chelsea, 63, 79 | Did the cat show up between 1:03 and 1:19?
window | C 94 | between | 51, 69 | what was on from 0:51 to 1:09
summary | C 50 | summary | 0, - | tl;dr so far?
summary | C 100 | summary | 55, - | What's happened since 0:55?
summary | C 80 | summary | 20, 45 | Give me a rundown of 0:20 to 0:45.
people | C 56 | here | - | Is someone on camera?
people | C 86 | who | - | Who's on screen?
people | C 76 | people now | - | How many people are on screen?
motion | C 30 | static | - | Is the picture still right now?
motion | C 90 | moved while | chelsea | Did anything move while the cat was there?
motion | C 100 | moves | - | how many times did the red square slide across?
scene change | C 100 | cuts | 0 | how many cuts were there?
scene change | C 70 | last cut | - | When did the shot last change?
scene change | C 46 | cut since | 30 | Has the view changed since 0:30?
never | C 100 | never | - | which one was never shown?
never | C 57 | never | astronaut | Which of these didn't we see so far?
never | C 100 | never | stereo_motorcycle | Only one of these never showed up. Which one?
"""


def tour_suite() -> list[dict]:
    """The questions about :data:`TOUR_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, TOUR_CODES, seed=71)


def write_tour_suite(folder: Path) -> tuple[Path, Path]:
    """Write the tour videos and ``tour.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, TOUR_VIDEOS, tour_suite(), "tour")
