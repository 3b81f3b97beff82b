"""A development batch of questions from people watching an office lobby, a shop window or a kitchen camera.

Three videos of shots of 10-16 s (a picture alone or two side by side; some with a red square or a ball
sliding across; pictures coming back later): an office/reception security camera at 640x360, a
shop-window livestream at 854x480 and a kitchen-counter webcam of single 224x224 pictures, built from the
pictures of :mod:`benchmarks.sets.wordings_tour` (a temple, a horse silhouette, a rocket, the astronaut,
a flower, the navy officer, a cup of coffee, a cat, a motorbike). The questions lean on three forms: is a
thing (a picture, a person, a kind of thing, something never shown) on screen now, in what order things
came, and when and how often the shot changed; every other form of the tour set is asked two or three
times per video. Each is worded the way a user of a video-QA tool types: formal, casual, terse, two
sentences, some typos and chat spellings. They were written from the schedule alone, without running
any answerer.

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

OFFICE_FORMS = TABLE_FORMS
OFFICE_CODES = TABLE_CODES

LOBBY = "grace_hopper 0-13, grace_hopper+coffee 13-26, flower 26-38, flower~ 38-50, chelsea 50-62, "
LOBBY += "grace_hopper 62-74, coffee+flower 74-88, astronaut 88-100, chelsea~ 100-112"
WINDOW = (
    f"{MOTO} 0-14, {MOTO}+rocket 14-28, horse 28-40, coffee~ 40-52, astronaut+flower 52-66, {MOTO} 66-78, "
)
WINDOW += "grace_hopper+china 78-90, grace_hopper+china~ 90-100, horse+coffee 100-114"
COUNTER = "coffee 0-12, chelsea 12-26, coffee 26-38, coffee~ 38-50, flower 50-62, grace_hopper 62-76, "
COUNTER += "chelsea~ 76-88, horse 88-100, coffee 100-112"
OFFICE_VIDEOS = (
    ShotVideo("office_lobby", shots(LOBBY), size=(640, 360), mover="square"),
    ShotVideo("office_window", shots(WINDOW), size=(854, 480), mover="ball"),
    ShotVideo("office_counter", shots(COUNTER), size=(224, 224), mover="ball"),  # single pictures only
)
V = dict(zip("ABC", OFFICE_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`office_suite`
QUESTIONS = """
# --- the reception camera (LOBBY above)
now yes/no | A 8 | is | grace_hopper | Is the woman in the navy uniform at the desk right now?
now yes/no | A 20 | is | coffee | is there a coffee cup on screen?
now yes/no | A 32 | is | chelsea | Is there a cat in the lobby at the moment?
now yes/no | A 44 | cat now | plant | is that a plant by the front desk
now yes/no | A 56 | cat now | animal | Is there an animal in view at the moment?
now yes/no | A 58 | here | - | Is there a woman on camera now?
now yes/no | A 68 | is | coffee | cup of coffee on the counter now?
now yes/no | A 80 | cat now | drink | anything to drink on the desk right now?
now yes/no | A 84 | is | laptop | Can you see a laptop on the reception desk?
now yes/no | A 94 | is | astronaut | is that an astronaut??
now yes/no | A 96 | is | dog | any dog in the picture
now yes/no | A 106 | here | - | Is somebody at reception right now?
now yes/no | A 108 | is | chelsea | cat on cam again rn?
order | A 110 | first | - | What was the first thing the camera showed?
order | A 110 | last | - | What did the recording end on?
order | A 60 | first of | flower, coffee | Which showed up first: the flower or the coffee?
order | A 110 | first of | chelsea, astronaut | cat or astronaut - which one came first?
order | A 86 | first of | chelsea, grace_hopper | Who was on first, the cat or the navy lady?
order | A 60 | before | chelsea | what was on right before the cat walked in
order | A 72 | after | chelsea | And after the cat, what was next?
order | A 110 | before | astronaut | What did we see just before the astronaut came by?
order | A 110 | after | astronaut | What came on after the astronaut left?
order | A 48 | list | grace_hopper, coffee, flower | Put in order: flower, coffee, woman in uniform.
order | A 70 | list | chelsea, flower, coffee | In what order did these appear? The cat, the flower and the coffee.
scene change | A 110 | cuts | 0 | How many cuts has the camera feed had?
scene change | A 47 | cut since | 41 | did the scene change in the last 6 seconds?
scene change | A 66 | cut since | 56 | Did the view switch within the last 10 seconds?
scene change | A 30 | first cut | - | When did the shot first change?
scene change | A 98 | last cut | - | when was the most recent scene change?
scene change | A 110 | cuts | 55 | how many times did the shot switch after 0:55?
scene change | A 84 | cut since | 77 | Has the scene changed since 1:17?
scene change | A 92 | cut since | 85 | I glanced away at 1:25. Different picture now?
category | A 86 | cat ever | vehicle | any vehicles on the feed yet?
category | A 56 | cat which | - | what sort of thing is on camera?
category | A 110 | cat in | drink, 70, 85 | Was there anything to drink between 1:10 and 1:25?
now | A 18 | what | - | what's on the reception cam?
now | A 92 | which | astronaut | Which of these is on the camera now?
now | A 66 | which | chelsea, coffee, horse | Which of these is in frame at the moment: cat, coffee or horse?
past yes/no | A 60 | ever | astronaut | Has an astronaut come through yet?
past yes/no | A 110 | back | grace_hopper | did the lady in uniform come back at some point?
past yes/no | A 110 | back | astronaut | Did the astronaut ever return?
when | A 110 | first seen | chelsea | When did the cat first wander in?
when | A 110 | span | astronaut | During which stretch was the astronaut on camera?
when | A 60 | first seen | coffee | what time did the coffee first show up
count | A 110 | times | chelsea | How many times did the cat show up on the camera?
count | A 86 | times | grace_hopper | So far, how many separate times has the navy officer been on?
count | A 110 | distinct | - | How many different things has this camera shown?
window | A 110 | at | 44 | What was on the feed at 0:44?
window | A 110 | between | 65, 85 | what did the camera show from 1:05 to 1:25
window | A 110 | has in | astronaut, 53, 85 | Was the astronaut there at any point between 0:53 and 1:25?
summary | A 60 | summary | 0, - | Catch me up: what has happened on the lobby cam?
summary | A 110 | summary | 65, 97 | Sum up 1:05 to 1:37 for me.
people | A 20 | who | - | who's that at the front desk?
people | A 110 | visits | - | How many times has someone come by the desk?
people | A 94 | people now | - | How many people are on camera right now?
motion | A 44 | moving | - | is anything moving on the cam?
motion | A 72 | moved | 65 | anything move in the last 7 secs?
motion | A 110 | motion span | first | When did something first move across the picture?
never | A 110 | never | horse | Which of these never showed up on the camera?
never | A 30 | never | all | Which of these hasn't been on camera yet?
never | A 60 | never | - | Out of these, which one has the camera not shown so far?
# --- the shop-window livestream (WINDOW above)
now yes/no | B 6 | is | stereo_motorcycle | is that a motorcycle in the window?
now yes/no | B 20 | is | rocket | Is there a toy rocket on display now?
now yes/no | B 34 | is | horse | horse in the window rn?
now yes/no | B 46 | is | dog | do you see a dog in the shop window
now yes/no | B 44 | cat now | drink | Is there something to drink in view?
now yes/no | B 58 | here | - | anyone in the shop window at the moment?
now yes/no | B 84 | here | - | is there a woman on the stream right now?
now yes/no | B 72 | cat now | animal | Any animal in shot now?
now yes/no | B 70 | is | flower | are the flowers still in the window?
now yes/no | B 94 | is | china | Is the temple picture up right now?
now yes/no | B 96 | is | umbrella | Is there an umbrella in the display?
now yes/no | B 106 | is | rocket | Is the rocket back in the window?
now yes/no | B 108 | cat now | vehicle | Is a vehicle visible on screen at this moment?
order | B 112 | first | - | What did the livestream open with?
order | B 112 | last | - | whats the final thing in the stream
order | B 60 | first of | horse, coffee | horse or coffee, which was first?
order | B 112 | first of | china, rocket | Which did the stream show first - the temple or the rocket?
order | B 112 | first of | flower, stereo_motorcycle | Which appeared earlier, the motorbike or the flower?
order | B 62 | before | astronaut | what was in the window right before the astronaut?
order | B 74 | after | astronaut | What came after the astronaut?
order | B 98 | after | rocket | And straight after the rocket, what did they show?
order | B 88 | before | china | What was on just before the temple picture?
order | B 64 | list | rocket, horse, coffee | Put these in the order they appeared: coffee, rocket, horse.
order | B 98 | list | flower, china, horse | order these by when they showed up: the temple, the horse, the flower
scene change | B 30 | first cut | - | When did the stream first cut to a new shot?
scene change | B 112 | last cut | - | when was the last scene change?
scene change | B 112 | cuts | 0 | How many scene changes were there in total?
scene change | B 98 | cut since | 93 | Any cut in the past 5 seconds?
scene change | B 46 | cut since | 37 | has the picture changed since 0:37?
scene change | B 74 | cuts | 31 | How many times has the view switched since 0:31?
scene change | B 62 | cut since | 55 | Did the view change at all in the last 7 s?
scene change | B 106 | cut since | 93 | was there a cut since 1:33
category | B 112 | cat ever | animal | Were there any animals in the stream?
category | B 50 | cat which | animal, vehicle, drink, plant | Is this an animal, a vehicle, a drink or a plant?
category | B 112 | cat first | animal | At what time did we first see an animal?
now | B 24 | what | - | what's in the window display?
now | B 84 | what | - | wats on the stream now
now | B 104 | which | coffee | Which of these can u see right now?
past yes/no | B 50 | ever | flower | has a flower been in the window so far?
past yes/no | B 112 | back | astronaut | once the astronaut left, did they ever come back?
past yes/no | B 112 | back | stereo_motorcycle | Did the motorbike return at some point?
when | B 112 | first seen | coffee | at what point did coffee first appear?
when | B 112 | span | astronaut | When was the astronaut in the shop window?
when | B 96 | person first | - | When did a person first show up in the window?
count | B 112 | times | stereo_motorcycle | How many times was the motorbike on?
count | B 112 | times | horse | how many times did the horse show
count | B 112 | distinct | - | how many distinct things did the stream show in all?
window | B 112 | at | 20 | What was showing at 0:20?
window | B 112 | between | 43, 63 | What was in the window between 0:43 and 1:03?
window | B 112 | has in | china, 3, 37 | was the temple on anytime from 0:03 to 0:37?
summary | B 112 | summary | 72, - | Give me a summary since 1:12.
summary | B 64 | summary | 0, - | brief summary of the stream so far pls
people | B 60 | who | - | Who is standing in the window?
people | B 112 | visits | - | How many separate times did a person appear?
people | B 38 | anyone | 0 | has anyone shown up on the stream yet?
motion | B 46 | moving | - | is something moving in the window right now?
motion | B 112 | moves | - | How many times did a ball roll across?
motion | B 112 | moved while | rocket | Did anything move while the rocket was on display?
never | B 112 | never | chelsea | Which of these never appeared on the stream?
never | B 36 | never | all | Which of these has not shown up yet?
never | B 60 | never | china | Which one of these has the window not shown yet?
# --- the kitchen-counter webcam (COUNTER above)
now yes/no | C 6 | is | coffee | Is that a coffee on the counter?
now yes/no | C 18 | is | chelsea | is the cat on the counter
now yes/no | C 32 | is | chelsea | still see the cat?
now yes/no | C 44 | cat now | drink | Is there a drink on the counter right now?
now yes/no | C 56 | cat now | plant | is there a plant in the frame?
now yes/no | C 58 | is | banana | Any bananas on the counter?
now yes/no | C 68 | here | - | is there a woman on camera rn
now yes/no | C 82 | here | - | is anybody in the kitchen right now
now yes/no | C 84 | cat now | drink | Something to drink in view?
now yes/no | C 94 | is | horse | horse on screen?
now yes/no | C 96 | cat now | animal | an animal on the counter now?
now yes/no | C 106 | is | pizza | is there pizza on the counter now
now yes/no | C 108 | is | flower | Are the flowers still up?
order | C 110 | first | - | What was the first thing on the kitchen cam?
order | C 110 | last | - | What's the last thing that appeared?
order | C 110 | first of | flower, horse | Which was shown earlier: the horse or the flower?
order | C 110 | first of | grace_hopper, chelsea | the cat or the woman in uniform, who came first?
order | C 96 | first of | coffee, flower | Which did the camera show first: flower or coffee?
order | C 86 | after | flower | what did the camera show after the flower?
order | C 74 | before | grace_hopper | What came just before the navy officer?
order | C 98 | before | horse | what was on just before the horse showed up
order | C 110 | after | horse | What replaced the horse?
order | C 98 | list | flower, grace_hopper, horse | sort these by when they appeared: horse, flower, woman in uniform
scene change | C 110 | cuts | 0 | how many times did the picture change in total?
scene change | C 47 | cut since | 41 | Has the view changed in the past 6 s?
scene change | C 20 | first cut | - | When did the first cut happen?
scene change | C 96 | last cut | - | when did the camera last cut to something new?
scene change | C 70 | cuts | 30 | How many scene changes since 0:30?
scene change | C 66 | cut since | 53 | has the scene changed since 0:53?
scene change | C 84 | cut since | 79 | any scene change in the last five seconds?
scene change | C 104 | cut since | 91 | Did the shot change in the last 13 s? Just checking.
category | C 110 | cat ever | vehicle | Any vehicles on the counter cam at all?
category | C 30 | cat which | - | What kind of thing is this?
category | C 110 | cat in | animal, 41, 73 | Did an animal show up between 0:41 and 1:13?
now | C 56 | what | - | what's on the counter rn?
now | C 92 | which | horse | Which of these is on the counter cam?
now | C 20 | which | coffee, flower, rocket | Which one of these is in view: coffee, flower or rocket?
past yes/no | C 110 | ever | astronaut | Did an astronaut ever show up?
past yes/no | C 60 | back | coffee | Has the coffee come back since the start?
past yes/no | C 70 | back | chelsea | did the cat return yet
when | C 110 | first seen | grace_hopper | when did the woman in uniform first come on?
when | C 110 | span | horse | When was the horse on camera?
when | C 110 | person first | - | At what time did somebody first appear?
count | C 110 | times | coffee | How many separate times was the coffee on the counter?
count | C 110 | times | chelsea | how many times did the cat hop up on the counter?
count | C 60 | distinct | - | How many different things so far?
window | C 110 | at | 66 | what was on at 1:06?
window | C 110 | between | 15, 35 | What was shown from 0:15 to 0:35?
window | C 110 | has in | chelsea, 79, 97 | was the cat around between 1:19 and 1:37?
summary | C 64 | summary | 0, - | What's happened on the counter so far?
summary | C 110 | summary | 79, - | tl;dr of everything after 1:19?
people | C 70 | who | - | who's that in the kitchen?
people | C 110 | people now | - | how many ppl on camera now
people | C 40 | anyone | 0 | Has anybody been on the kitchen cam yet?
motion | C 44 | static | - | is the image static at the moment?
motion | C 110 | motion span | last | When did something last roll across the counter?
motion | C 96 | moved while | coffee | Did anything move while the coffee was on?
never | C 110 | never | stereo_motorcycle | which of these was never on the counter?
never | C 54 | never | all | Anything here we haven't seen yet?
never | C 80 | never | horse | Which one has not been on camera so far?
"""


def office_suite() -> list[dict]:
    """The questions about :data:`OFFICE_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, OFFICE_CODES, seed=83)


def write_office_suite(folder: Path) -> tuple[Path, Path]:
    """Write the office videos and ``office.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, OFFICE_VIDEOS, office_suite(), "office")
