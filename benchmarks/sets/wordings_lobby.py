"""A development batch of questions from people watching a hotel-lobby camera, a car dashcam and a TV quiz
show, most of whose shots show one picture filling the frame.

Three videos of shots of 10-12 s, about two thirds of them one picture alone, the rest two side by side
and one of three (some with a red square or a ball sliding across, a few pictures kept on while the
movement starts; pictures coming back later): a hotel-lobby desk camera at 960x540, a car dashcam at
640x360 and a TV quiz show at 1280x720, built from the pictures of :mod:`benchmarks.sets.tables` (a
temple, a horse silhouette, a rocket, the astronaut, a flower, the navy officer, a cup of coffee, a cat,
a motorbike). The questions lean on whether a thing is on screen now and in what order things came
(first, which of two earlier, right before, right after, put three in order, the latest, "had X been
shown before Y" as a yes/no one; about 28 each), then what is on screen now, when a thing was first seen
or from when to when, how often things were shown and whether a thing was ever shown or came back
(about 15 each), kinds of things (12) and every other form six to eight times. The wordings lean on
styles the other sets use less: indirect and embedded ("do you know whether ...", "could you check if
...", "I'd like to know when ..."), hedged ("I think I saw a horse by the road. Is it in view?"),
spoken to a voice assistant ("hey quiz app, ..."), formal report style ("State whether ...", "Kindly
confirm ..."), a context sentence first ("The pagoda went off a moment ago. What came on right
after it?"), comparatives, negative and tag questions whose "Yes" means the thing was there, British and
American spellings, lower case without punctuation and a few typos; things are named as the options
name them or by near-synonyms (kitty, motorcycle, cuppa, pagoda, spaceship, officer, spacewoman). They
were written from the schedules alone, without running any answerer.

The truths follow the same rules as the traffic set's (see :mod:`benchmarks.sets.wordings_traffic`).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

LOBBY_FORMS = TABLE_FORMS
LOBBY_CODES = TABLE_CODES

DESK = "grace_hopper 0-12, coffee 12-22, coffee~ 22-32, chelsea 32-44, grace_hopper+flower 44-56, "
DESK += "china 56-66, horse+chelsea~ 66-78, rocket 78-88, coffee+flower 88-100, "
DESK += "astronaut+grace_hopper 100-110, grace_hopper 110-122"
DASH = f"coffee 0-10, {MOTO} 10-22, {MOTO}~ 22-32, horse 32-44, china+flower 44-56, {MOTO}+horse 56-68, "
DASH += f"rocket 68-78, astronaut 78-90, chelsea~ 90-102, china 102-112, coffee+{MOTO} 112-124"
QUIZ = "grace_hopper 0-12, rocket 12-24, flower+chelsea+coffee 24-36, astronaut 36-46, astronaut~ 46-56, "
QUIZ += f"horse 56-68, china+rocket 68-80, chelsea~ 80-90, {MOTO}+grace_hopper 90-102, flower 102-112, horse+coffee 112-124"
LOBBY_VIDEOS = (
    ShotVideo("lobby_desk", shots(DESK), size=(960, 540), mover="square"),
    ShotVideo("lobby_dashcam", shots(DASH), size=(640, 360), mover="ball"),
    ShotVideo("lobby_quiz", shots(QUIZ), size=(1280, 720), mover="square"),
)
V = dict(zip("ABC", LOBBY_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the hotel-lobby desk camera (DESK above)
now yes/no | A 6 | is | grace_hopper | Could you check if the woman in uniform is standing at the front desk right now?
now yes/no | A 16 | is | chelsea | I think I saw a kitty wander through the lobby. Is there a cat on the camera now?
now yes/no | A 26 | is | coffee | hey, is that a cuppa sitting on the desk at the moment?
now yes/no | A 38 | is | chelsea | State whether a cat is currently visible on the lobby camera.
now yes/no | A 50 | here | - | do you know whether anyone is in view of the lobby camera right now
now yes/no | A 60 | is | china | Isn't that a pagoda on the lobby screen just now?
now yes/no | A 72 | is | horse | ok this is odd, but is there actually a horse in the lobby right now?
now yes/no | A 106 | is | astronaut | The night manager swears a spacewoman walked in. Is an astronaut in shot at this moment?
now yes/no | A 116 | is | dog | Hey assistant, is there a dog in the hotel lobby right now?
order | A 30 | first | - | What was the very first thing the lobby camera showed?
order | A 62 | before | china | I'd like to know what was on the camera just before the temple appeared.
order | A 70 | after | china | The pagoda went off a moment ago. What came on right after it?
order | A 84 | first of | chelsea, flower | which showed up earlier in the lobby, the kitty or the flower?
order | A 90 | before | rocket | what was on right before the spaceship came up
order | A 96 | list | china, horse, rocket | Put these three in the order they appeared on the lobby feed: the temple, the rocket, the horse.
order | A 104 | ever | horse | The astronaut is on now. Had the horse been shown before she turned up?
order | A 106 | last | - | What's the most recent thing the lobby camera switched to?
order | A 116 | first of | horse, astronaut | Which came earlier on the lobby camera: the astronaut or the horse?
order | A 116 | before | astronaut | Could you tell me what was on the screen before the astronaut arrived?
now | A 8 | what | - | Could you tell me what the lobby camera is showing right now?
now | A 38 | which | chelsea | Which of these is in the lobby at the moment?
now | A 72 | what | - | hey whats on the lobby cam now
now | A 94 | which | rocket, horse, china | Is the rocket, the horse or the pagoda on the camera now, or none of them?
now | A 112 | what | - | Describe what is in frame at present.
when | A 40 | first seen | chelsea | I'd like to know when the cat first wandered into view.
when | A 70 | span | china | From what time until what time was the temple showing?
when | A 96 | first seen | rocket | when did that spaceship first come on the lobby feed
when | A 116 | span | horse | Between which times was the horse on the lobby camera?
when | A 116 | first seen | flower | Do you know at what time the flowers first appeared in the lobby?
count | A 60 | times | chelsea | So far, how many separate times has the cat been on the lobby camera?
count | A 96 | times | coffee | how many times has a coffee cup turned up on the desk cam, counting each separate time
count | A 116 | times | grace_hopper | The officer keeps coming and going. How many separate times has she been on camera?
count | A 116 | distinct | - | How many different things has the lobby camera shown altogether?
count | A 116 | visits | - | Report the number of separate times a person came into view on the lobby camera.
past yes/no | A 40 | ever | flower | Could you check whether a flower was on the camera earlier?
past yes/no | A 62 | back | coffee | has the coffee come back since it first went off the screen
past yes/no | A 96 | back | flower | Did the flower make a comeback on the lobby feed?
past yes/no | A 116 | ever | stereo_motorcycle | There hasn't been a motorcycle in the lobby at any point, has there?
past yes/no | A 116 | back | horse | I'm fairly sure the horse came back later on. Did it?
category | A 26 | cat now | drink | Is there something to drink in view at this moment?
category | A 38 | cat which | animal, drink, plant | What kind of thing is on the lobby screen now: an animal, a drink or a plant?
category | A 64 | cat in | plant, 15, 41 | Between 0:15 and 0:41, was any plant in view of the lobby camera?
category | A 96 | cat first | animal | When did the first animal show up in the lobby?
window | A 64 | at | 27 | What was the lobby camera showing at 0:27?
window | A 104 | between | 70, 96 | Please list what came up on the lobby camera between 1:10 and 1:36.
window | A 116 | has in | chelsea, 50, 75 | was the cat in view at any point between 0:50 and 1:15
summary | A 40 | summary | 0, - | Give me a quick recap of the lobby camera so far.
summary | A 116 | summary | 81, - | Summarise the lobby feed since 1:21, in order.
people | A 8 | who | - | Who's that at the reception desk?
people | A 62 | anyone | 47 | Has anybody been in view of the lobby camera since 0:47?
people | A 106 | people now | - | how many ppl are at the front desk right now
motion | A 26 | moving | - | Hey, is something sliding across the lobby picture right now?
motion | A 84 | moved while | coffee | While the cup of coffee was on screen, did anything move across it?
motion | A 116 | moves | - | How many times has a red square slid across the lobby picture?
scene change | A 54 | cut since | 47 | Has the lobby camera switched to anything else since 0:47?
scene change | A 96 | cuts | 35 | How many times has the scene changed since 0:35?
scene change | A 116 | first cut | - | When did the lobby picture change for the first time?
never | A 40 | never | all | Which of these hasn't appeared in the lobby yet, if any?
never | A 116 | never | stereo_motorcycle | Which of these never showed up on the lobby camera?
# --- the car dashcam (DASH above)
now yes/no | B 5 | is | coffee | Is that a coffee cup on the dashboard right now?
now yes/no | B 16 | is | stereo_motorcycle | ok car, is there a motorcycle ahead of us on the dashcam right now
now yes/no | B 38 | is | horse | I think I saw a horse by the road. Is it in view right now?
now yes/no | B 50 | is | stereo_motorcycle | Is the motorbike still in shot?
now yes/no | B 62 | is | horse | do you know whether the horse is back on the road camera now
now yes/no | B 72 | is | chelsea | any kitty on the dashcam atm
now yes/no | B 84 | is | astronaut | State whether an astronaut is currently visible on the dashcam.
now yes/no | B 96 | is | dog | Is there a dog in front of the car now?
now yes/no | B 108 | is | china | Isn't that the pagoda again?
now yes/no | B 118 | is | coffee | We stopped for a takeaway a bit ago. Is the cuppa in view at the moment?
order | B 40 | first | - | What did the dashcam show when the drive started?
order | B 52 | first of | horse, china | which turned up earlier on the drive, the horse or the temple?
order | B 60 | before | flower | Could you check what the camera showed right before the flowers?
order | B 60 | after | flower | The flowers went by a moment ago. What came on right after them?
order | B 84 | ever | chelsea | The astronaut's on screen now. Had a cat been on the dashcam before her?
order | B 84 | after | rocket | Just after the rocket, what did the dashcam pick up?
order | B 96 | before | astronaut | what was on the dashcam right before the astronaut appeared
order | B 100 | list | flower, rocket, chelsea | Order these by when they first apeared: the cat, the flower, the rocket.
order | B 106 | last | - | What's the latest thing to come on the dashcam?
now | B 8 | what | - | What's the dashcam looking at right now?
now | B 48 | what | - | whats on the camera now
now | B 62 | which | horse | Which one of these can the dashcam see now?
now | B 94 | which | horse, rocket, china | The horse, the spaceship or the temple: is any of them on screen now, or none?
now | B 116 | what | - | Tell me what's in the frame at the moment.
when | B 40 | first seen | horse | At what time did the horse first come into view?
when | B 66 | span | flower | The flowers by the road: from when to when were they on the dashcam?
when | B 96 | first seen | astronaut | I'd like to know when the astronaut first showed up on the road.
when | B 118 | span | rocket | When exactly was the rocket visible, from what time till what time?
when | B 118 | first seen | stereo_motorcycle | when did we first see a motorcycle
count | B 20 | times | coffee | so far how often has a coffee cup been in shot
count | B 66 | times | horse | Up to now, how many separate times has the horse been on the dashcam?
count | B 100 | distinct | - | How many different things has the dashcam shown up to now?
count | B 118 | times | stereo_motorcycle | How many separate times did a motorbike come into view on this drive?
count | B 118 | times | china | count the times the temple showed up, each separate time
past yes/no | B 40 | back | stereo_motorcycle | Has the motorbike come back since it first went by?
past yes/no | B 60 | ever | rocket | Has a rocket been on the dashcam yet?
past yes/no | B 70 | back | stereo_motorcycle | did that motorcycle show up again later on
past yes/no | B 118 | ever | flower | I think I spotted some flowers earlier on the drive. Were there any?
past yes/no | B 118 | back | astronaut | Could you check if the spacewoman ever came back on the dashcam?
category | B 16 | cat now | vehicle | Is there a vehicle in front of the camera at this moment?
category | B 40 | cat first | vehicle | When did the first vehicle appear on the dashcam?
category | B 100 | cat which | - | Which kind of thing is on the dashcam now?
category | B 118 | cat in | animal, 71, 87 | Were there any animals by the road between 1:11 and 1:27?
window | B 96 | at | 50 | Could you tell me what was in front of the car at 0:50?
window | B 118 | between | 35, 65 | What did the dashcam show between 0:35 and 1:05?
summary | B 60 | summary | 0, - | Recap the drive so far, please.
summary | B 118 | summary | 93, - | what has the dashcam shown since 1:33
people | B 60 | here | - | Is anybody on the road in view right now?
people | B 118 | visits | - | How many separate times has a person been in view on the dashcam?
motion | B 28 | moving | - | Is a ball rolling across the dashcam picture right now?
motion | B 40 | static | - | Is the dashcam picture completely still at the moment, nothing moving across it?
motion | B 118 | motion span | last | From when to when did the ball last roll across the road?
scene change | B 30 | cut since | 25 | Has the view changed since 0:25?
scene change | B 66 | cuts | 0 | How many scene changes have there been since the drive began?
scene change | B 118 | last cut | - | When did the dashcam last cut to something new?
never | B 36 | never | flower | Which of these hasn't appeared on the dashcam so far?
never | B 118 | never | - | Which of these never showed up on the drive?
# --- the TV quiz show (QUIZ above)
now yes/no | C 6 | here | - | hey quiz app, is there a person on screen right now?
now yes/no | C 18 | is | rocket | Is the picture on the quiz board right now a spaceship?
now yes/no | C 30 | is | chelsea | could you check if there's a cat among the pictures on the board right now
now yes/no | C 40 | is | astronaut | Isn't that an astronaut on the show now?
now yes/no | C 62 | is | horse | horse on the quiz screen rn
now yes/no | C 74 | is | rocket | Is the rocket back up on the board now?
now yes/no | C 86 | is | coffee | The contestant just buzzed in. Is there a cup of coffee on screen at this point?
now yes/no | C 96 | is | grace_hopper | i think the officer is back. is she on screen now
now yes/no | C 118 | is | chelsea | Kindly confirm whether the cat is visible at present.
order | C 20 | first | - | What opened the quiz show?
order | C 44 | first of | rocket, chelsea | Between the rocket and the kitty, which appeared earlier in the quiz?
order | C 44 | list | grace_hopper, rocket, flower | Put these in order of first appearance: the flower, the woman in uniform, the rocket.
order | C 62 | after | astronaut | The astronaut round just finished. What came on right after?
order | C 66 | ever | coffee | The horse is up now. Had the coffee been shown before it?
order | C 76 | last | - | What did the quiz screen change to most recently?
order | C 86 | before | china | Could you check what was on the board before the temple came up?
order | C 108 | first of | horse, stereo_motorcycle | which came first in the show the horse or the motorbike
order | C 118 | before | stereo_motorcycle | What picture came up right before the motorcycle?
now | C 8 | what | - | What's on the quiz screen right now?
now | C 30 | what | - | what pictures are up on the board at the moment
now | C 50 | which | astronaut | Which of these is being shown on the programme at the moment?
now | C 96 | which | horse, china, flower | Do you know whether the horse, the temple or the flower is showing now, or none of those?
now | C 116 | what | - | Quick, what's up on the screen?
when | C 40 | first seen | flower | When did the flower first appear on the show?
when | C 62 | span | astronaut | From when to when was the astronaut on?
when | C 86 | span | china | I'd like to know from what time until what time the temple was up.
when | C 100 | first seen | stereo_motorcycle | At what point did the motorbike first come on?
when | C 118 | first seen | horse | when did the horse first turn up on the quiz
count | C 30 | times | grace_hopper | How many times has the officer been on the quiz screen so far?
count | C 88 | times | chelsea | How many separate times has the cat come up in the quiz?
count | C 118 | times | horse | how many times did the horse show up counting each seperate appearance
count | C 118 | distinct | - | How many different pictures have appeared in the quiz so far?
count | C 118 | visits | - | How many separate times was there a person on the quiz screen?
past yes/no | C 30 | ever | stereo_motorcycle | Has there been a motorbike on the show yet?
past yes/no | C 64 | back | chelsea | Did the kitty come back after its first appearance?
past yes/no | C 96 | back | grace_hopper | Has the woman in uniform returned to the program?
past yes/no | C 118 | ever | china | Was a pagoda shown at any point in the quiz?
past yes/no | C 118 | back | china | The temple came back at some point, didn't it?
category | C 62 | cat which | animal, vehicle, building | What category is the picture on screen now: an animal, a vehicle or a building?
category | C 74 | cat now | building | Is there a building on the board now?
category | C 118 | cat ever | vehicle | Has any vehicle featured on the show?
category | C 118 | cat first | drink | When did something to drink first appear in the quiz?
window | C 66 | between | 15, 43 | What came up on the board between 0:15 and 0:43?
window | C 100 | at | 64 | What was on the quiz screen at 1:04?
window | C 118 | has in | flower, 75, 99 | Did the flower come up at any time between 1:15 and 1:39?
summary | C 52 | summary | 0, - | Summarize the quiz so far for me.
summary | C 118 | summary | 71, 109 | Give a rundown of what the board showed from 1:11 to 1:49.
people | C 50 | who | - | Who's the person on the show at the moment?
people | C 78 | anyone | 59 | Has any person been on screen since 0:59?
people | C 96 | people now | - | could you count how many people are on the quiz screen at this moment
motion | C 118 | motion span | first | From when to when did a red square first slide across the quiz screen?
motion | C 118 | moved while | chelsea | Did anything slide across the picture during the times the cat was up?
scene change | C 52 | cut since | 30 | Has the quiz screen switched pictures since 0:30?
scene change | C 118 | cuts | 85 | How many times has the picture changed since 1:25?
never | C 20 | never | - | Which of these has not come up yet?
never | C 118 | never | - | Which one of these was never shown on the quiz?
"""


def lobby_suite() -> list[dict]:
    """The questions about :data:`LOBBY_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, LOBBY_CODES, seed=283)


def write_lobby_suite(folder: Path) -> tuple[Path, Path]:
    """Write the lobby videos and ``lobby.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, LOBBY_VIDEOS, lobby_suite(), "lobby")
