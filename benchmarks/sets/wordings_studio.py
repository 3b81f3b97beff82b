"""A development batch of questions from people watching a cooking-studio camera, a zoo enclosure webcam
and a conference stage camera, asked the way people talk about what they have just been watching.

Three videos of shots of 8-14 s, of varied lengths, most of them one picture filling the frame and about
a quarter of them two side by side (some with a red square or a ball sliding across; a few shots repeat
the picture before them with the mover starting or stopping, which is no change of shot; pictures come
back later): a cooking-studio camera at 1280x720, a zoo enclosure webcam at 640x360 and a conference
stage camera at 960x540, built from the pictures of :mod:`benchmarks.sets.tables` (a temple, a horse
silhouette, a rocket, the astronaut, a flower, the navy officer, a cup of coffee, a cat, a motorbike).
The questions lean on whether a thing is on screen now, in what order things came, how often things
were shown, when a thing was first seen or from when to when, and whether a thing was ever shown or came
back (about 20 each), then what is on screen now (15), kinds of things (12) and every other form of the
tour set about seven times. The wordings put time relative to events or to the asker ("since the cat
left", "in the past half minute", "a little while ago", "while I was gone", "so far today"), lean on "still",
"anymore", "yet", "by now" and "again", point at the picture ("this", "that thing", "what we're looking
at"), compare ("which turned up sooner", "the very first", "the newest"), ask about kinds and plurals
with "any" ("any animals so far?", "any drinks on stage?"), follow on from a sentence before it ("The
pony's gone now. Between what times was it on?"), put the time first ("Between 0:47 and 1:14, ..."),
write numbers as words ("in the past forty seconds") and name things loosely where only one picture fits
(kitty, pony, pagoda, espresso, spaceship, spacewoman, blossom, officer, scooter); a few have typos or
no question mark. They were written from the schedules alone, without running any answerer.

The truths are those of :func:`benchmarks.sets.tables.table_suite`'s kinds.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

STUDIO_FORMS = TABLE_FORMS
STUDIO_CODES = TABLE_CODES

KITCHEN = "coffee 0-12, coffee~ 12-21, chelsea 21-34, flower+coffee 34-44, grace_hopper 44-56, "
KITCHEN += f"chelsea 56-64, horse~ 64-77, coffee 77-88, china 88-100, chelsea+flower 100-110, {MOTO} 110-123"
ZOO = "horse 0-11, horse~ 11-23, flower 23-32, chelsea 32-46, horse+chelsea 46-56, coffee 56-64, "
ZOO += "china~ 64-76, flower 76-86, chelsea 86-99, chelsea~ 99-108, "
ZOO += "grace_hopper+horse 108-119, flower 119-128"
STAGE = f"grace_hopper 0-13, rocket 13-24, rocket~ 24-33, astronaut 33-46, china+{MOTO} 46-56, "
STAGE += "chelsea 56-64, coffee~ 64-76, astronaut+rocket 76-88, flower 88-97, "
STAGE += f"grace_hopper+astronaut 97-110, {MOTO} 110-122"
STUDIO_VIDEOS = (
    ShotVideo("studio_kitchen", shots(KITCHEN), size=(1280, 720), mover="square"),
    ShotVideo("studio_zoo", shots(ZOO), size=(640, 360), mover="ball"),
    ShotVideo("studio_stage", shots(STAGE), size=(960, 540), mover="square"),
)
V = dict(zip("ABC", STUDIO_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the cooking-studio camera (KITCHEN above)
now yes/no | A 5 | is | coffee | Is this a coffee cup we're looking at?
now yes/no | A 16 | is | coffee | is the coffee still up on the counter cam
now yes/no | A 50 | is | coffee | Now that the officer is on, is the coffee still there?
now yes/no | A 72 | is | chelsea | The cat was on a moment ago. Is it still on the feed?
now yes/no | A 105 | is | flower | is that a blossom next to the cat
now yes/no | A 116 | is | horse | Is the pony back on the kitchen cam now
order | A 30 | first | - | What did the kitchen cam open on this morning?
order | A 62 | after | grace_hopper | Once the officer walked off, what did the camera go to?
order | A 82 | first of | horse, grace_hopper | Who came on sooner, the pony or the officer?
order | A 96 | list | grace_hopper, horse, china | Put these in order of first appearance: pagoda, pony, officer.
order | A 118 | before | stereo_motorcycle | Right before this motorcycle rolled in, what was showing?
order | A 118 | after | horse | The horse was on a little while ago. What replaced it?
count | A 40 | times | coffee | how many separate showings of the espresso have there been up to now
count | A 62 | times | chelsea | Counting this one, how many times has the kitty popped up?
count | A 90 | times | flower | How many times have we seen the blossom?
count | A 98 | distinct | - | By now, what's the tally of different things the cooking cam has put up?
count | A 120 | times | coffee | So far today, how many times did the coffee cup come up?
count | A 120 | times | chelsea | How many times in total has the cat wandered onto the set?
count | A 120 | visits | - | How many visits from a person has the kitchen had today?
when | A 40 | first seen | chelsea | The kitty: when did it first wander in?
when | A 60 | span | grace_hopper | The officer's segment: what time did it start and end?
when | A 84 | span | horse | The pony's gone now. Between what times was it on?
when | A 96 | first seen | china | When did this pagoda first come up?
when | A 112 | first seen | flower | What's the earliest the blossom was on the counter?
when | A 120 | first seen | stereo_motorcycle | What time did the motorcycle roll in?
when | A 120 | person first | - | How far into the stream did we get our first human?
past yes/no | A 8 | ever | chelsea | Has the cat been on yet?
past yes/no | A 30 | back | coffee | The coffee went away. Has it come back since?
past yes/no | A 40 | back | coffee | Is this the second time we've had the coffee on?
past yes/no | A 80 | ever | horse | Has a pony turned up yet
past yes/no | A 58 | back | grace_hopper | The officer just walked off. Had she been on before that?
past yes/no | A 75 | back | chelsea | Has the kitty made a return since its first visit?
past yes/no | A 121 | ever | pizza | It's a cooking show: over the last couple of minutes, was there a pizza at all?
now | A 18 | what | - | What are we looking at right now?
now | A 40 | what | - | What's on the two halves of the screen?
now | A 70 | which | horse | Which of these is that thing on screen?
now | A 92 | which | horse, chelsea, coffee | Cat, pony, espresso: which one is showing at the moment, if any?
now | A 114 | what | - | whats this thing in the frame now
category | A 25 | cat which | drink, animal, plant | Would you call this a drink, an animal or a plant?
category | A 50 | cat ever | animal | any animals on the set so far today?
category | A 70 | cat first | plant | When did we first get a plant on screen?
category | A 80 | cat in | drink, 47, 74 | Between 0:47 and 1:14, was there anything to drink on screen?
window | A 86 | between | 24, 50 | From 0:24 to 0:50, what did the camera show?
window | A 113 | has in | chelsea, 83, 113 | In the past half minute, has the kitty been on?
summary | A 50 | summary | 0, - | Walk me through everything the kitchen cam has shown since it started.
summary | A 121 | summary | 80, - | I stepped away around 1:20. What did I miss since then?
people | A 50 | who | - | Who's that in front of the camera?
people | A 96 | anyone | 47 | Since the forty-seven second mark, any people on camera?
motion | A 84 | moved while | horse | Back when the pony was showing, was a square crossing it?
motion | A 86 | moved | 80 | From 1:20 till now, any movement across the coffee?
motion | A 120 | motion span | last | When was the last time a square slid across, start to finish?
scene change | A 40 | cuts | 0 | Since we started, how many times has the shot changed?
scene change | A 119 | cut since | 113 | In the past six seconds, did the shot switch?
never | A 40 | never | all | Which of these still hasn't shown up, if any?
never | A 60 | never | horse | Which one of these are we still waiting to see?
never | A 120 | never | - | Which of these didn't we see at all?
# --- the zoo enclosure webcam (ZOO above)
now yes/no | B 16 | is | horse | Is the horse still standing there?
now yes/no | B 27 | is | horse | horse still in view or nah
now yes/no | B 40 | is | dog | Is that a dog curled up in there?
now yes/no | B 60 | is | chelsea | is the cat there anymore?
now yes/no | B 92 | is | chelsea | Oh, is that the kitty again?
now yes/no | B 112 | here | - | Is there a zookeeper, or anybody at all, on the webcam now?
now yes/no | B 124 | cat now | animal | Are there any animals left on screen now?
order | B 40 | first | - | Before anything else, what did the zoo cam show?
order | B 50 | first of | flower, chelsea | Which turned up earlier: the blossom or the kitty?
order | B 70 | after | coffee | Once the coffee was gone, what did the webcam switch to?
order | B 96 | last | - | What's the most recent thing to come up on screen?
order | B 114 | list | grace_hopper, coffee, china | Put in order: the officer, the espresso, the temple.
order | B 126 | before | grace_hopper | Just before the officer showed up with the horse, what was on?
order | B 126 | first of | china, grace_hopper | Out of the temple and the woman in uniform, which appeared sooner?
count | B 30 | times | horse | How many separate pony sightings so far?
count | B 60 | times | chelsea | how many trips has the cat made into view by now
count | B 60 | times | horse | And the horse, how many times has it turned up by now?
count | B 97 | times | flower | Counting each visit, how often has the flower been shown?
count | B 105 | times | chelsea | How many times has the kitty visited, this one included?
count | B 126 | times | horse | Over the whole stream, how many separate times was the horse there?
count | B 126 | distinct | - | Altogether how many different pictures has the zoo cam had on?
when | B 30 | first seen | flower | What time did the blossom make its first showing?
when | B 62 | span | chelsea | The cat just left. From when to when was it there?
when | B 84 | span | coffee | When was the espresso on, from and to?
when | B 84 | first seen | china | The pagoda: what time did we first catch it?
when | B 97 | first seen | chelsea | When did we first see the kitty today?
when | B 116 | first seen | grace_hopper | When did the woman in uniform first walk in?
when | B 126 | span | china | Between which times was the pagoda up?
past yes/no | B 20 | ever | chelsea | Have we had a cat yet?
past yes/no | B 52 | back | horse | Has the horse returned since it first left?
past yes/no | B 74 | back | flower | Did the blossom ever come back after it left?
past yes/no | B 82 | back | flower | has the blossom come back by now
past yes/no | B 96 | ever | coffee | Did a coffee cup show up on the zoo cam at some point?
past yes/no | B 124 | ever | rocket | any rockets at the zoo today
now | B 8 | what | - | What's that in the enclosure?
now | B 52 | what | - | What two things share the screen at the moment?
now | B 72 | which | china | Which one of these is what we're looking at?
now | B 95 | which | horse, coffee, flower | Pony, coffee or flower: which is on now? Or none?
now | B 114 | what | - | What pair are we looking at on the webcam?
category | B 20 | cat ever | plant | any plants so far
category | B 60 | cat which | drink, animal, building | Is this a drink, an animal or a building?
category | B 97 | cat in | animal, 59, 90 | Between 0:59 and 1:30, were there any animals?
category | B 126 | cat first | building | When did the first building show up?
window | B 84 | has in | horse, 59, 84 | Since the cat left, has the pony been back?
window | B 101 | has in | horse, 61, 101 | In the past forty seconds, has the pony been around?
summary | B 44 | summary | 0, - | Catch me up: what has the zoo cam shown from the start?
summary | B 97 | summary | 50, 90 | Recap 0:50 to 1:30 for me.
summary | B 126 | summary | 92, - | What have we had since 1:32?
people | B 40 | here | - | Is there a person at the enclosure?
people | B 116 | people now | - | Count the humans in view for me. How many?
motion | B 70 | moving | - | Is a ball rolling across right now?
motion | B 80 | static | - | Nothing is moving right now, correct?
motion | B 126 | moves | - | Counting them up, how many ball runs have there been across the picture?
scene change | B 30 | cuts | 0 | From the very start, how many cuts has the zoo cam made?
scene change | B 90 | first cut | - | When did the zoo cam first cut away from the horse?
never | B 34 | never | all | Anything on this list we haven't seen yet?
never | B 126 | never | stereo_motorcycle | Over the whole stream, which of these was a no-show?
# --- the conference stage camera (STAGE above)
now yes/no | C 6 | here | - | Is somebody up on stage right now?
now yes/no | C 18 | is | rocket | Is that a spaceship up on the big screen?
now yes/no | C 40 | is | astronaut | Is this a spacewoman on stage now?
now yes/no | C 52 | is | stereo_motorcycle | is there a motorcycle parked beside the pagoda
now yes/no | C 60 | is | rocket | Is the spaceship up there anymore?
now yes/no | C 68 | cat now | vehicle | Is there any kind of vehicle up there now?
now yes/no | C 70 | cat now | drink | Any drinks on stage at the moment?
order | C 20 | first | - | What did the stage show when the session opened?
order | C 50 | after | rocket | After the rocket segment ended, what was on next?
order | C 62 | first of | astronaut, grace_hopper | Which was on stage first, the officer or the spacewoman?
order | C 80 | list | chelsea, coffee, china | Sort these by when they first appeared: kitty, coffee, pagoda.
order | C 108 | last | - | What's the newest thing up on stage?
order | C 118 | after | flower | The blossom came and went a bit ago. What followed it?
order | C 118 | first of | coffee, flower | Which got its turn earlier, the espresso or the flower?
count | C 30 | times | rocket | How often has the rocket appeared since things kicked off?
count | C 90 | times | astronaut | Count the astronaut's appearances up to now.
count | C 100 | times | astronaut | With this one, how many astronaut appearances is that?
count | C 120 | times | stereo_motorcycle | How many times did we see the motorbike in total?
count | C 120 | distinct | - | Number of different things shown on stage so far?
count | C 120 | visits | - | How many times in all has a person walked onto the stage?
when | C 54 | first seen | stereo_motorcycle | The scooter: when was it first seen on stage?
when | C 66 | first seen | chelsea | The kitty's gone now. When did it first come on?
when | C 70 | span | rocket | From when to when did the rocket stay up?
when | C 84 | first seen | astronaut | How early did the spacewoman first appear?
when | C 90 | span | coffee | The espresso's turn: start and end time?
when | C 118 | first seen | flower | What time did the flower first make it onstage?
past yes/no | C 10 | ever | rocket | Have they shown a rocket yet?
past yes/no | C 30 | back | grace_hopper | Has the officer come back since the start?
past yes/no | C 80 | ever | coffee | Any coffee earlier in the session?
past yes/no | C 82 | back | rocket | so the spaceship came back?
past yes/no | C 94 | ever | horse | was a horse ever on stage
past yes/no | C 104 | back | grace_hopper | Has the woman in uniform returned since the opening?
past yes/no | C 118 | back | chelsea | did the kity ever make a second appearance
now | C 28 | what | - | What's this they're showing at the moment?
now | C 50 | what | - | What are the two things on the stage screen?
now | C 60 | which | chelsea | Which one is this?
now | C 84 | what | - | So what's on now?
now | C 94 | which | coffee, chelsea, rocket | Is it the coffee, the kitty or the rocket on stage right now? Or none of those?
category | C 30 | cat ever | animal | Any animals yet in this talk?
category | C 60 | cat which | - | What category does this fall under?
category | C 106 | cat in | vehicle, 49, 106 | Any vehicles at all from 0:49 on?
category | C 118 | cat first | animal | At what point did the first animal turn up on stage?
window | C 92 | has in | chelsea, 40, 92 | I was away from 0:40 until just now. Did the kitty show up while I was gone?
window | C 100 | between | 59, 91 | Between 0:59 and 1:31, what went up on stage, in order?
window | C 118 | at | 52 | At 0:52, what was on the stage screen?
summary | C 60 | summary | 0, - | Give me the play-by-play from the top.
summary | C 118 | summary | 70, 100 | Sum up 1:10 through 1:40.
people | C 70 | anyone | 49 | Since 0:49, has anybody been on stage?
people | C 104 | people now | - | How many folks are on stage now?
people | C 104 | who | - | Who exactly is on stage right now?
motion | C 28 | moving | - | What's that moving over the rocket? Is something crossing it?
scene change | C 60 | cut since | 30 | Did the shot change at all in the last half minute?
scene change | C 91 | cuts | 61 | Over the last thirty seconds, how many times did the picture switch?
scene change | C 118 | last cut | - | When did the picture on stage change most recently?
never | C 20 | never | - | Which of these haven't they put up yet?
never | C 118 | never | horse | Which of these was never on stage?
"""


def studio_suite() -> list[dict]:
    """The questions about :data:`STUDIO_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, STUDIO_CODES, seed=419)


def write_studio_suite(folder: Path) -> tuple[Path, Path]:
    """Write the studio videos and ``studio.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, STUDIO_VIDEOS, studio_suite(), "studio")
