"""A development batch of questions relayed from people keeping an eye on a screen for someone else: a
guard at a security desk, a bartender under the sports-bar TV and a judge walking past a science-fair
booth camera.

Three videos of shots of 8-16 s, about two thirds of them one picture filling the frame, the rest two
side by side and twice three (some with a red square or a ball sliding across; pictures coming back
later; a picture kept on while something starts sliding across it): a security-desk monitor at 854x480,
a sports-bar TV at 1280x720 and a science-fair booth camera at 640x360, built from the pictures of
:mod:`benchmarks.sets.tables` (a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy
officer, a cup of coffee, a cat, a motorbike). The questions lean on whether a thing is on screen now
(about 30) and in what order things came (first, which of two first, right before, right after, put
three in order, latest; about 30), then when a thing was first seen or from when to when, how often
things were shown and whether a thing was shown or came back (about 15 each), what is on now and kinds
of things (about 12 each) and every other form of the tour set about six times. The wordings say order
in many ways ("what took the cat's place?", "which preceded the horse?", "the thing shown ahead of
...", "what was the opener", "most recent switch brought up what?"), ask yes/no as tag questions and
checks ("there's a motorbike on, isn't there?", "the monitor's showing the coffee, yes?", "currently:
cat or no cat?"), put times as clock readings and marks ("at the 1:05 mark", "a minute in", "in the
last half minute", "since 0:40", "in the first 30 seconds"), speak in the voice of the guard, the
bartender or the judge, in hurried chat (lower case, no question mark, a few typos), and name things
loosely where only one picture fits (kitty, moggy, motorcycle, scooter, espresso, coffee mug, pagoda,
shrine, spaceship, shuttle, officer, lady in uniform, spacewoman, blossom, pony, stallion). They were
written from the schedules alone, without running any answerer.

The truths follow the same rules as the traffic set's (see :mod:`benchmarks.sets.wordings_traffic`).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

RELAY_FORMS = TABLE_FORMS
RELAY_CODES = TABLE_CODES

DESK = "china 0-12, chelsea 12-22, chelsea~ 22-34, horse+coffee 34-44, rocket 44-58, grace_hopper 58-67, "
DESK += f"china+flower 67-80, chelsea 80-90, {MOTO}~ 90-104, coffee 104-112, horse 112-124"
BAR = f"{MOTO} 0-14, coffee+chelsea 14-24, horse 24-36, horse~ 36-46, astronaut+rocket+flower 46-58, "
BAR += f"coffee 58-70, china+{MOTO} 70-80, grace_hopper~ 80-94, chelsea 94-102, flower+horse 102-116, {MOTO} 116-126"
FAIR = "flower 0-10, astronaut 10-24, astronaut~ 24-32, rocket+coffee 32-44, chelsea 44-56, "
FAIR += f"china+grace_hopper 56-66, flower~ 66-80, horse+{MOTO}+chelsea 80-90, rocket 90-101, "
FAIR += "coffee+astronaut 101-114, china 114-124"
RELAY_VIDEOS = (
    ShotVideo("relay_security", shots(DESK), size=(854, 480), mover="square"),
    ShotVideo("relay_sportsbar", shots(BAR), size=(1280, 720), mover="ball"),
    ShotVideo("relay_fair", shots(FAIR), size=(640, 360), mover="square"),
)
V = dict(zip("ABC", RELAY_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the security-desk monitor (DESK above)
now yes/no | A 6 | is | chelsea | Can I see a cat on the security monitor at the moment?
now yes/no | A 16 | is | chelsea | guard here, just started my shift - do we have a kitty on the desk monitor right now
now yes/no | A 38 | is | coffee | The monitor's showing the coffee, yes?
now yes/no | A 50 | is | rocket | any sign of a spaceship on the feed right now
now yes/no | A 62 | here | - | Is a person in shot now?
now yes/no | A 72 | is | china | shrine back up on the security screen at this moment?
now yes/no | A 84 | is | horse | Currently: pony or no pony?
now yes/no | A 96 | is | stereo_motorcycle | There's a motorbike on, isn't there?
now yes/no | A 108 | is | chelsea | is the moggy on the monitor at present
now yes/no | A 118 | cat now | animal | Quick one from the desk: any animal on the cam as we speak?
order | A 20 | first | - | What was the opener on the security feed?
order | A 30 | after | china | what replaced the pagoda on the feed?
order | A 50 | after | horse | What took the horse's place on the monitor?
order | A 62 | before | rocket | Which preceded the spaceship on the desk monitor?
order | A 76 | first of | coffee, grace_hopper | espresso or the lady in uniform: which one was on first?
order | A 86 | list | horse, rocket, grace_hopper | Line these up in the order they turned up on the feed: the rocket, the officer, the horse.
order | A 96 | after | flower | What came on after the blossom went off?
order | A 100 | last | - | Most recent switch on the monitor brought up what?
order | A 108 | before | stereo_motorcycle | what was up right before the motorcycle went up
order | A 118 | first of | flower, rocket | Which arrived sooner on the cam, the rocket or the flower?
order | A 122 | after | grace_hopper | The guard before me said an officer was on earlier. What followed her?
now | A 38 | what | - | Security desk here: what's on the monitor right now?
now | A 62 | which | grace_hopper | which of these is on the feed at this moment?
now | A 84 | what | - | What is the camera picking up at the moment?
now | A 108 | which | horse, rocket, flower | Is it the stallion, the rocket or the blossom on screen now - or none of those?
when | A 40 | first seen | chelsea | when did the cat first pop up on the desk monitor
when | A 86 | span | rocket | The spaceship was on for a while. From what time till what time?
when | A 100 | first seen | grace_hopper | What time did the officer first come on?
when | A 118 | first seen | stereo_motorcycle | At what mark did a scooter first show up on the feed?
when | A 122 | span | flower | give me the clock readings for when the blossom went up and when it went off
count | A 96 | times | chelsea | How many times has the kitty been up so far?
count | A 108 | times | china | how often has the temple come on, counting each separate time
count | A 118 | times | coffee | Number of appearances of the coffee mug till now?
count | A 118 | distinct | - | How many distinct pictures has this monitor shown so far?
count | A 118 | moves | - | how many separate times has a red square slid across the feed on my watch
past yes/no | A 30 | ever | horse | Has a horse been on the monitor at any point yet?
past yes/no | A 62 | back | chelsea | did the cat ever come back after it went off
past yes/no | A 96 | back | chelsea | The kitty: back for a second go yet?
past yes/no | A 108 | ever | astronaut | Any spacewoman on the security feed earlier in the shift?
past yes/no | A 118 | back | horse | is the pony back again after its first time up?
category | A 74 | cat now | plant | Is there a plant on the monitor right now?
category | A 96 | cat which | animal, drink, vehicle | bit of a blur on my end: an animal, a drink or a vehicle on the feed now?
category | A 108 | cat which | - | What kind of thing is filling the desk monitor now?
category | A 118 | cat first | animal | when did an animal first show on the monitor
window | A 40 | has in | horse, 0, 30 | Was there a horse anywhere in the first 30 seconds?
window | A 96 | between | 38, 62 | What went across the monitor between 0:38 and 1:02?
window | A 118 | at | 30 | What was on at the half-minute mark?
summary | A 52 | summary | 0, - | Handover time. Walk me through what the monitor has shown since the feed started.
summary | A 122 | summary | 85, - | run me through everything since 1:25
people | A 62 | who | - | Who's that on the desk monitor now?
people | A 100 | anyone | 40 | Anyone been in shot since 0:40?
motion | A 28 | moving | - | Something's drifting across the feed, right? Now, I mean.
motion | A 108 | moved while | stereo_motorcycle | When the motorbike was up, did anything slide across it?
scene change | A 30 | cut since | 25 | In the last five seconds has the picture switched at all?
scene change | A 100 | cuts | 70 | How many times has the picture changed in the last half minute?
scene change | A 118 | last cut | - | When did the monitor last cut to a different picture?
never | A 40 | never | - | Which of these hasn't appeared on the security feed yet?
never | A 118 | never | astronaut | one of these never came up on my watch. which
# --- the sports-bar TV (BAR above)
now yes/no | B 6 | is | stereo_motorcycle | Bartender here - is that a motorcycle on the big screen now?
now yes/no | B 19 | is | chelsea | there's a cat on the telly right now isn't there
now yes/no | B 30 | is | coffee | Do we have an espresso up on the TV?
now yes/no | B 41 | is | horse | stallion still on the bar TV?
now yes/no | B 52 | is | rocket | Do we have a rocket up?
now yes/no | B 54 | here | - | anybody in the picture on the sports-bar tv rigth now
now yes/no | B 64 | is | chelsea | cat on the tv atm?
now yes/no | B 75 | is | china | Any sign of the temple right now?
now yes/no | B 88 | is | astronaut | Is that a spacewoman on screen now?
now yes/no | B 98 | is | chelsea | Currently: cat or no cat?
now yes/no | B 120 | is | horse | Is a pony showing?
order | B 30 | first | - | What was the first thing the bar TV put up tonight?
order | B 30 | after | chelsea | What took the cat's place on the screen?
order | B 52 | before | horse | Which preceded the horse on the telly?
order | B 64 | after | horse | What followed the pony?
order | B 76 | first of | coffee, china | Which one was on first: the coffee or the shrine?
order | B 86 | list | astronaut, china, chelsea | Put these in order of first showing: the shrine, the spacewoman, the kitty.
order | B 98 | before | grace_hopper | Right before the woman in uniform came on, what was the TV showing?
order | B 108 | last | - | What's the newest thing on?
order | B 108 | after | grace_hopper | what came on after the lady in uniform went off
order | B 120 | first of | flower, grace_hopper | The blossom and the officer both made it onto the TV. Which one got there first?
now | B 19 | what | - | bar's packed and I can't see, whats on the telly right now?
now | B 52 | what | - | What's up on screen at the moment?
now | B 88 | which | grace_hopper | Which one of these is on the TV now?
now | B 108 | which | chelsea, rocket, grace_hopper | Is the TV showing the cat, the rocket or the officer now, or none of them?
when | B 40 | first seen | horse | When did the horse first come up on the bar TV?
when | B 66 | span | astronaut | The astronaut's bit: from when to when?
when | B 90 | first seen | china | what time did the pagoda first pop up
when | B 110 | span | grace_hopper | Over what stretch was the officer on the TV?
when | B 122 | first seen | flower | At which mark did the flower first show?
count | B 64 | times | coffee | how many times has the coffee been up so far
count | B 108 | times | chelsea | how many goes has the kitty had on the telly?
count | B 110 | distinct | - | How many different pictures has the TV gone through so far?
count | B 120 | times | stereo_motorcycle | How many separate times has the motorbike been on the telly?
count | B 122 | visits | - | How many separate times was there a person on the bar screen?
past yes/no | B 30 | ever | rocket | Has a rocket been on yet tonight?
past yes/no | B 64 | back | horse | Has the pony come back since its first run?
past yes/no | B 88 | ever | coffee | did a coffee cup come up at any point before now
past yes/no | B 98 | back | chelsea | Is this the cat's second time on the telly?
past yes/no | B 120 | back | flower | Did the blossom come back after the first time?
category | B 30 | cat which | animal, drink, plant | telly's on mute. is it an animal, a drink or a plant up there?
category | B 90 | cat ever | building | Has a building been on the TV yet?
category | B 120 | cat first | drink | When did something to drink first show on the bar screen?
category | B 122 | cat in | animal, 62, 90 | between 1:02 and 1:30, any animals on screen?
window | B 118 | at | 65 | What was on at the 1:05 mark?
window | B 122 | between | 64, 86 | Run me through the telly from 1:04 to 1:26.
summary | B 40 | summary | 0, - | just walked in, sum up what the bar tv has shown since kick-off
summary | B 106 | summary | 63, 98 | Summarise the screen between 1:03 and 1:38.
people | B 54 | who | - | Who's on the telly right now?
people | B 88 | people now | - | How many people are on the bar telly at this moment?
motion | B 84 | moving | - | is a ball rolling across the tv right now
motion | B 122 | motion span | first | First time a ball rolled across the screen - from when to when?
scene change | B 66 | cut since | 50 | Any switch on the telly since 0:50?
scene change | B 110 | cuts | 40 | How many times has the screen flipped to something else since 0:40?
never | B 20 | never | all | bartender's asking: has the TV skipped any of these so far, and if so which one?
never | B 122 | never | - | Which of these never made it onto the bar screen?
# --- the science-fair booth camera (FAIR above)
now yes/no | C 5 | is | flower | Judge at the fair: is there a flower on the booth camera now?
now yes/no | C 16 | is | astronaut | is the spacewoman up on the booth screen?
now yes/no | C 28 | is | coffee | got a coffee mug on screen at the moment?
now yes/no | C 38 | is | rocket | Do we see a shuttle on the booth cam right now?
now yes/no | C 50 | is | chelsea | kitty on the booth camera now?
now yes/no | C 60 | here | - | is there a person in the booth shot now
now yes/no | C 72 | is | flower | Blossom back on screen now?
now yes/no | C 85 | is | stereo_motorcycle | The booth camera's got a scooter on it now, yes?
now yes/no | C 95 | is | astronaut | any astronaut on the booth feed right now
now yes/no | C 118 | cat now | building | Is there a building on the camera now?
order | C 20 | first | - | What did the booth camera open with?
order | C 40 | after | astronaut | What came up once the astronaut went off the booth cam?
order | C 50 | before | rocket | The thing shown ahead of the rocket - what was it?
order | C 70 | first of | coffee, grace_hopper | The coffee or the officer: which one got airtime first?
order | C 76 | last | - | What's the latest thing the booth cam switched to?
order | C 86 | list | rocket, grace_hopper, astronaut | Put in order of first appearance: the officer, the astronaut, the spaceship.
order | C 96 | before | horse | The pony appeared at some point. What was showing just ahead of it?
order | C 106 | after | grace_hopper | once the officer was gone, what did the camera show?
order | C 118 | first of | horse, china | which got on screen first, the stallion or the shrine
order | C 120 | after | horse | Which took over from the horse?
now | C 28 | what | - | Fair judge here. What's on the booth camera now?
now | C 60 | which | china | Which one of these is on the booth cam at this moment?
now | C 85 | what | - | whats on screen rn
now | C 95 | which | chelsea, horse, coffee | cat, horse or coffee on the booth cam now? or none of them
when | C 40 | first seen | astronaut | When did the astronaut first get on camera?
when | C 62 | span | chelsea | the kitty was on from when to when
when | C 96 | first seen | horse | What time did the horse make its first appearance?
when | C 110 | span | grace_hopper | From what clock time to what clock time was the officer on the booth cam?
when | C 122 | first seen | china | when did teh temple first appear?
count | C 50 | distinct | - | how many distinct pictures so far?
count | C 86 | times | chelsea | How many times has the cat been up?
count | C 110 | times | astronaut | Tally the astronaut's appearances for me.
count | C 118 | times | flower | flower count: how many separate times has it been on the booth camera
count | C 120 | moves | - | How many times has a red square crossed the booth cam?
past yes/no | C 38 | ever | chelsea | Was a cat on the booth cam at any point so far?
past yes/no | C 62 | back | flower | Has the flower been back since the opening?
past yes/no | C 76 | back | flower | did the blossom come back on
past yes/no | C 96 | ever | coffee | Did a cup of coffee show up earlier?
past yes/no | C 118 | ever | guitar | any guitar on the booth cam at any time?
category | C 72 | cat which | plant, drink, vehicle | What sort of exhibit is on screen: a plant, a drink or a vehicle?
category | C 96 | cat ever | vehicle | Has a vehicle been shown on the booth camera yet?
category | C 106 | cat now | drink | anything to drink on the booth camera right now
category | C 122 | cat first | animal | When did an animal first appear at the booth?
window | C 110 | at | 60 | what was on a minute in
window | C 122 | has in | rocket, 47, 85 | Did a rocket appear between 0:47 and 1:25?
summary | C 62 | summary | 0, - | The judges are back. Sum up the booth feed since it started.
summary | C 122 | summary | 93, - | What's been on since 1:33?
people | C 16 | who | - | Who's in front of the booth camera now?
people | C 106 | people now | - | how many people does the booth cam show at this moment
motion | C 28 | static | - | Is the booth picture completely still right now?
motion | C 76 | moved | 60 | Anything move across the booth cam since a minute in?
scene change | C 50 | first cut | - | When did the booth camera first switch pictures?
scene change | C 122 | cuts | 0 | How many times has the picture switched since the start?
never | C 38 | never | chelsea | Which of these hasn't been on the booth cam yet?
never | C 110 | never | - | Which of these never came up at the fair booth?
"""


def relay_suite() -> list[dict]:
    """The questions about :data:`RELAY_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, RELAY_CODES, seed=577)


def write_relay_suite(folder: Path) -> tuple[Path, Path]:
    """Write the relay videos and ``relay.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, RELAY_VIDEOS, relay_suite(), "relay")
