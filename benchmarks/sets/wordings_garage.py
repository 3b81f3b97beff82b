"""A development batch of questions from people watching a parking-garage CCTV camera, a cooking
livestream or a museum kiosk camera.

Three videos of shots of 8-16 s (a picture alone or two side by side; some with a red square or a ball
sliding across; pictures coming back later): a parking-garage CCTV camera at 640x360, a cooking
livestream at 1280x720 and a museum kiosk camera at 480x270, built from the pictures of
:mod:`benchmarks.sets.tables` (a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy
officer, a cup of coffee, a cat, a motorbike). Every form of the tour set is asked about equally, 12 or
13 times over the three videos. The wordings are meant to be unlike the earlier sets': voice-assistant
style ("Hey, what's on the garage cam?", "ok computer, ..."), reported and embedded questions ("I was
wondering whether ...", "my colleague asked me when ..."), two-clause ones that say something true
first ("The horse was in the garage earlier; is it still there?"), ones that hint at an answer ("was it
the horse that came first or the temple?"), slang and abbreviations (rn, tbh, w/, b4, ppl, vid, cam),
past and present tense side by side, relative times ("ten seconds ago", "half a minute back", "at the
1:05 mark", "between 0:30 and 0:50", "in the first 20 seconds"), things named loosely where only one
picture fits (moggy, kitty, pagoda, shrine, stallion, pony, espresso, cuppa, motorcycle, scooter, space
rocket, the officer, the astronaut in an orange suit, blossom), British spellings and a few typos. They
were written from the schedules alone, without running any answerer.

The truths follow the same rules as the traffic set's (see :mod:`benchmarks.sets.wordings_traffic`).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

GARAGE_FORMS = TABLE_FORMS
GARAGE_CODES = TABLE_CODES

CCTV = f"{MOTO} 0-12, {MOTO}~ 12-22, grace_hopper+{MOTO} 22-36, chelsea 36-46, horse~ 46-58, coffee+grace_hopper 58-70, "
CCTV += f"china 70-82, {MOTO}+chelsea 82-96, astronaut~ 96-106, flower+coffee 106-120"
COOKING = "coffee 0-14, coffee+flower 14-26, flower~ 26-36, chelsea+coffee 36-48, grace_hopper 48-60, "
COOKING += "rocket 60-70, rocket~ 70-82, coffee 82-94, horse+flower 94-108, grace_hopper~ 108-122"
KIOSK = "china 0-12, china+horse 12-24, astronaut 24-36, astronaut~ 36-46, rocket 46-58, "
KIOSK += "flower+chelsea 58-70, china~ 70-82, horse 82-94, grace_hopper+rocket 94-108, chelsea 108-116"
GARAGE_VIDEOS = (
    ShotVideo("garage_cctv", shots(CCTV), size=(640, 360), mover="square"),
    ShotVideo("garage_cooking", shots(COOKING), size=(1280, 720), mover="ball"),
    ShotVideo("garage_kiosk", shots(KIOSK), size=(480, 270), mover="ball"),
)
V = dict(zip("ABC", GARAGE_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the parking-garage CCTV camera (CCTV above)
now yes/no | A 6 | is | stereo_motorcycle | Hey, is there a motorbike on the garage cam?
now yes/no | A 30 | here | - | ok computer, is anybody walking about on the car park level right now?
now yes/no | A 41 | is | chelsea | I was wondering whether there's a moggy sat by the pillar at the moment.
now yes/no | A 75 | is | horse | The horse was in the garage earlier; is it still there?
now yes/no | A 90 | cat now | vehicle | any vehicle in shot on the CCTV rn?
now | A 40 | what | - | Hey, what's on the garage cam?
now | A 64 | which | grace_hopper | Which of these is stood by the parked cars just now?
now | A 88 | which | horse, rocket, coffee | Stallion, space rocket or espresso: which one's on the CCTV rn? maybe none tbh
now | A 112 | what | - | ok computer, what is the car park camera showing at this moment?
past yes/no | A 52 | ever | grace_hopper | My boss asked whether the navy officer has been through the garage at all so far.
past yes/no | A 76 | back | stereo_motorcycle | The motorbike rode off a while back. Has it come back since?
past yes/no | A 80 | back | chelsea | I was wondering whether the kitty ever came back after it wandered off.
past yes/no | A 100 | back | chelsea | my colleague wants to know if the moggy returned to the garage after its first visit
past yes/no | A 90 | ever | rocket | Has a space rocket turned up in the car park at any point b4 now?
when | A 66 | first seen | chelsea | My colleague asked me when the cat first wandered into the garage. What do I tell her?
when | A 100 | span | horse | From what time till what time was the pony on the CCTV?
when | A 118 | person first | - | When did the first person show up on the car park cam?
when | A 118 | first seen | astronaut | The astronaut in an orange suit: at what point did she first appear on the cam?
order | A 40 | first | - | Hey, what did the garage cam catch first of all?
order | A 76 | first of | horse, china | Was it the horse that came first or the temple?
order | A 110 | before | horse | What was on the cam right b4 the stallion turned up?
order | A 118 | after | china | Once the pagoda was gone, what came next on the CCTV?
order | A 118 | list | horse, china, astronaut | order these by when they appeared pls: the astronaut, the shrine, the horse
count | A 90 | times | grace_hopper | How many separate times has the officer in navy walked through the car park so far?
count | A 118 | times | stereo_motorcycle | how many times has a motorcycle been on the cam in total
count | A 118 | distinct | - | ok computer, how many different things has the garage camera seen overall?
count | A 100 | times | coffee | Ppl keep leaving cups about. How many times has a cup of coffee shown up on the cam so far?
count | A 118 | visits | - | How many separate visits by a person did the car park cam record?
window | A 118 | between | 30, 50 | What did the garage cam show between 0:30 and 0:50?
window | A 88 | at | 65 | What was on the CCTV at the 1:05 mark?
window | A 110 | has in | horse, 0, 40 | Was there a horse anywhere in the first 40 seconds of the vid?
window | A 103 | at | 73 | What was on the cam half a minute back?
summary | A 60 | summary | 0, - | Hey, catch me up on everything the garage cam has seen since it came on.
summary | A 118 | summary | 73, 100 | Summarise the CCTV between 1:13 and 1:40, cheers.
summary | A 118 | summary | 88, - | What's gone on in the car park over the last half minute?
summary | A 50 | summary | 15, - | Give me the gist of the vid from 0:15 till now.
people | A 28 | who | - | Hey, who's that in the garage?
people | A 100 | people now | - | how many ppl on the car park cam rn
people | A 118 | anyone | 100 | Has anybody been on the garage camera since 1:40?
people | A 50 | who | - | ok computer, who is in the garage at the moment?
motion | A 16 | moving | - | Is something sliding across the garage view rn?
motion | A 66 | moved | 50 | Has anything moved across the CCTV in the last 16 seconds?
motion | A 118 | moves | - | how many separate times did a red square slide through the garage cam?
motion | A 80 | motion span | last | The last bit of movement on the cam: what time did it start and stop?
scene change | A 118 | cuts | 0 | How many times has the camera view switched from the start till now?
scene change | A 30 | first cut | - | When did the garage cam first cut to something else?
scene change | A 26 | cut since | 16 | Has the garage picture changed in the last ten seconds?
scene change | A 20 | cuts | 5 | The motorbike's been there since 0:05; how many times has the shot changed since then?
scene change | A 92 | last cut | - | when did the CCTV last switch to a new view
never | A 90 | never | rocket | Which of these has never shown up on the garage cam?
never | A 40 | never | all | Which of these hasn't the CCTV picked up yet, if any?
never | A 118 | never | - | ok computer, which one of these never appeared in the car park?
never | A 66 | never | pizza | Of these, which has the car park camera never caught?
category | A 118 | cat ever | drink | Has any food or drink been left lying around in the garage?
category | A 40 | cat which | animal, vehicle, drink | Is the thing on the CCTV now an animal, a vehicle or a drink?
category | A 118 | cat first | animal | When did an animal first wander into the car park?
category | A 52 | cat now | animal | any animal in the garage rn?
# --- the cooking livestream (COOKING above)
now yes/no | B 8 | is | coffee | Hey, is that an espresso on the worktop in the stream?
now yes/no | B 40 | is | chelsea | omg is that a kitty w/ the coffee on the counter rn??
now yes/no | B 64 | is | coffee | The cuppa was on the counter a minute ago; is it still there now?
now yes/no | B 100 | is | horse | ok computer, is a horse on the cooking stream at the moment?
now | B 30 | what | - | What's the cooking stream showing at the mo?
now | B 42 | which | chelsea | Which one of these has got onto the kitchen counter now?
now | B 66 | which | coffee, horse, stereo_motorcycle | Is it a coffee mug, a pony or a scooter on the livestream rn, or none of those?
now | B 114 | what | - | ok computer, what's on the livestream now?
past yes/no | B 56 | ever | horse | Has a horse popped up in the cooking vid at any point so far?
past yes/no | B 90 | back | coffee | The coffee vanished for a bit; did it reappear afterwards?
past yes/no | B 74 | back | grace_hopper | My flatmate's asking if the lady in the navy uniform came back after her bit.
past yes/no | B 116 | ever | astronaut | Has an astronaut in an orange suit been on the stream so far?
when | B 46 | first seen | chelsea | At what time did the moggy first jump onto the counter?
when | B 100 | span | rocket | The space rocket: from when to when was it on the stream?
when | B 118 | person first | - | When did a person first appear on the cooking stream?
when | B 118 | first seen | horse | wat time did the horse first show on the stream
order | B 30 | first | - | What was the very first thing on the cooking stream when it went live?
order | B 88 | first of | chelsea, rocket | The cat came before the rocket, didn't it? Which one was first?
order | B 100 | after | chelsea | Right after the cat hopped off, what came on?
order | B 118 | list | chelsea, rocket, horse | Sort these by first appearance, please: the horse, the cat, the rocket.
count | B 118 | times | coffee | how many times did a cuppa appear on the stream in all?
count | B 118 | times | flower | How many separate times was there blossom on the counter?
count | B 57 | distinct | - | How many diffrent things have been on the livestream up to now?
count | B 118 | visits | - | ok computer, how many times did somebody step into the cooking stream?
window | B 118 | between | 40, 75 | Between 0:40 and 1:15, what was on the stream?
window | B 90 | at | 20 | What was on the livestream at the 0:20 mark?
window | B 118 | has in | grace_hopper, 65, 100 | Was the officer on camera at all between 1:05 and 1:40?
window | B 52 | has in | flower, 0, 20 | Any flowers in the first 20 seconds of the stream?
summary | B 40 | summary | 0, - | Just tuned in to the cooking stream, what did I miss?
summary | B 118 | summary | 85, - | recap the last half minute or so pls
summary | B 100 | summary | 55, 90 | Sum up the stream from 0:55 to 1:30.
summary | B 76 | summary | 30, 66 | Give me a rundown of the livestream from 0:30 to 1:06.
people | B 54 | who | - | Hey, who's on the cooking stream right now?
people | B 20 | people now | - | how many ppl are on the livestream atm
people | B 112 | here | - | The officer was on earlier; is she back on screen now?
people | B 90 | anyone | 64 | Has anybody appeared on the stream since 1:04?
motion | B 32 | moving | - | Is a ball rolling across the counter in the stream rn?
motion | B 78 | moved while | coffee | When the coffee was on screen, did anything roll across it?
motion | B 118 | motion span | first | When did the first ball roll across the stream, from when to when?
motion | B 66 | static | - | Is the stream picture totally still at the moment?
scene change | B 78 | cuts | 64 | how many times has the livestream changed shot since 1:04?
scene change | B 118 | last cut | - | When did the stream last change scene?
scene change | B 40 | cut since | 30 | Did the stream cut to something new in the last ten secs?
scene change | B 118 | cuts | 55 | How many scene changes since 0:55?
never | B 118 | never | astronaut | Which of these never came up on the cooking stream?
never | B 30 | never | - | Which of these hasn't appeared on the stream so far?
never | B 40 | never | all | I was wondering which of these the stream hasn't shown yet, if any.
never | B 100 | never | stereo_motorcycle | Of these, which one's never been in the cooking vid?
category | B 8 | cat now | drink | Is there something to drink on the stream now?
category | B 118 | cat first | animal | When did the first animal appear on the cooking stream?
category | B 30 | cat which | plant, animal, drink | Plant, animal or drink, what's on the counter rn?
category | B 100 | cat in | animal, 52, 90 | Any animals on the stream between 0:52 and 1:30?
# --- the museum kiosk camera (KIOSK above)
now yes/no | C 6 | is | china | hey, is that a pagoda on the museum kiosk screen?
now yes/no | C 30 | here | - | ok computer, is a visitor standing at the kiosk rn?
now yes/no | C 64 | is | chelsea | is that a kitty beside the flowers on the kiosk display?
now yes/no | C 88 | is | china | The temple came back a bit ago; is it still up?
now | C 20 | what | - | What's up on the museum kiosk right now?
now | C 52 | which | rocket | Which of these is on the kiosk display at the moment?
now | C 86 | which | china, chelsea, astronaut | shrine, moggy or astronaut: which is on the kiosk rn? or none
now | C 100 | what | - | ok computer, what's on the kiosk screen now?
past yes/no | C 40 | ever | chelsea | Has a cat wandered past the museum kiosk yet?
past yes/no | C 88 | back | horse | The horse was there near the start; has it come back since?
past yes/no | C 104 | back | astronaut | I was wondering whether the astronaut ever returned to the kiosk after she left.
past yes/no | C 112 | ever | coffee | Has a cup of coffee been seen at the kiosk at all?
when | C 66 | first seen | rocket | When did the space rocket first come up on the kiosk?
when | C 112 | span | flower | From what time to what time was the blossom shown?
when | C 100 | person first | - | When did a visitor first show up at the kiosk?
when | C 112 | span | grace_hopper | from when till when was the navy officer at the kiosk?
order | C 66 | first of | flower, rocket | Rocket or blossom, which one came up first?
order | C 100 | before | flower | What was on the kiosk just before the flowers showed?
order | C 112 | after | astronaut | What came on straight after the astronaut at the kiosk?
order | C 112 | list | astronaut, flower, grace_hopper | Can u list these in order of appearance: the officer, the astronaut, the flower
count | C 112 | times | china | How many times was the shrine on the kiosk altogether?
count | C 76 | times | horse | horse count so far on the kiosk cam?
count | C 30 | distinct | - | How many different things has the kiosk displayed up to now?
count | C 112 | times | chelsea | How many times has the cat been shown at the kiosk?
window | C 112 | between | 0, 20 | What was on the kiosk in the first 20 seconds?
window | C 88 | at | 78 | What was on the kiosk cam ten seconds ago?
window | C 112 | has in | rocket, 30, 50 | Between 0:30 and 0:50, was there a rocket on the kiosk screen?
window | C 112 | at | 63 | what did the kiosk show 63 s in?
summary | C 50 | summary | 0, - | Summarise the kiosk vid so far pls.
summary | C 112 | summary | 75, 100 | Could you sum up what the museum kiosk showed between 1:15 and 1:40?
summary | C 112 | summary | 90, - | What's been happening at the kiosk since 1:30?
summary | C 66 | summary | 40, - | Recap from 0:40 until now, ta.
people | C 30 | who | - | Hey, who's at the museum kiosk right now?
people | C 100 | people now | - | how many ppl are at the kiosk now?
people | C 80 | anyone | 50 | Has anyone been at the kiosk since 0:50?
people | C 64 | who | - | ok computer, who's standing in front of the kiosk cam?
motion | C 40 | moving | - | is a ball rolling across the kiosk screen rn?
motion | C 112 | moves | - | How many times did a ball roll across the kiosk display?
motion | C 100 | moved while | china | While the temple was on the kiosk, did anything roll past it?
motion | C 90 | motion span | last | When did something last move across the kiosk, start time and end time?
scene change | C 30 | cuts | 0 | How many times has the kiosk view switched since it started?
scene change | C 66 | cut since | 61 | Has the screne changed in the last five seconds?
scene change | C 112 | first cut | - | When did the kiosk picture first change?
scene change | C 112 | last cut | - | what time was the most recent cut on the kiosk feed?
never | C 112 | never | coffee | whcih of these never showed up on the kiosk?
never | C 30 | never | all | Which of these has the kiosk not shown so far, if any?
never | C 112 | never | stereo_motorcycle | Tell me which one of these the museum kiosk has never displayed.
never | C 60 | never | - | Which of these hasn't been on the kiosk screen yet?
category | C 20 | cat now | animal | any animal on the kiosk rn?
category | C 86 | cat which | animal, plant, drink | Animal, plant or drink: which kind of thing is on the kiosk now?
category | C 112 | cat in | animal, 30, 55 | Were there any animals at the kiosk between 0:30 and 0:55?
category | C 112 | cat first | animal | When did an animal first appear on the kiosk?
"""


def garage_suite() -> list[dict]:
    """The questions about :data:`GARAGE_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, GARAGE_CODES, seed=211)


def write_garage_suite(folder: Path) -> tuple[Path, Path]:
    """Write the garage videos and ``garage.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, GARAGE_VIDEOS, garage_suite(), "garage")
