"""A development batch of questions from people watching a harbour webcam, a school classroom camera or a
phone video call, typed the way hurried and non-native English speakers type.

Three videos of shots of 10-14 s (a picture alone or two side by side; some with a red square or a ball
sliding across; pictures coming back later): a harbour (marina) webcam at 960x540, a classroom camera at
640x360 and a phone video call of single 224x224 pictures, built from the pictures of
:mod:`benchmarks.sets.tables` (a temple, a horse silhouette, a rocket, the astronaut, a flower, the navy
officer, a cup of coffee, a cat, a motorbike). The questions lean on five forms: is a thing (a picture, a
person, a kind of thing) on screen now and in what order things came, about 20 each, and when a thing was
first seen or from when to when, how often things were shown and whether a thing was ever shown or came
back, about 15 each; every other form of the tour set is asked eight times over the three videos. The
wordings are a hurried or non-native speaker's: dropped articles ("is cat on pier now"), wrong tenses and
agreement ("when the horse appear first", "did flower came back"), missing question marks, run-on
sentences, formal and informal mixed, requests ("tell when ...", "Kindly say ...", "Pls give ..."),
openings with "So", "Also", "And", "Then", "Btw", times put first ("At 0:40 ...", "In first minute
..."), "till now", "uptill now", "upto now", "as of now", "from the beginning", "from start", "before 1
min" (a minute ago), "in last 20 sec", and loose names where only one picture fits (kitty, pagoda,
spaceship, bike, lady officer, cup of tea/coffee, bouquet). They were written from the schedules alone,
without running any answerer.

The truths follow the same rules as the traffic set's (see :mod:`benchmarks.sets.wordings_traffic`).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.sets.grounding import ShotVideo, write_shot_suite
from benchmarks.sets.tables import MOTO, TABLE_CODES, TABLE_FORMS, shots, table_suite

HARBOUR_FORMS = TABLE_FORMS
HARBOUR_CODES = TABLE_CODES

MARINA = "china 0-12, china+rocket 12-26, rocket~ 26-36, coffee 36-48, grace_hopper+coffee 48-60, "
MARINA += f"chelsea 60-70, chelsea~ 70-84, horse+flower 84-96, china 96-108, {MOTO}+grace_hopper 108-122"
CLASS = "flower 0-10, flower+astronaut 10-24, astronaut~ 24-36, horse 36-48, horse+chelsea 48-62, "
CLASS += "rocket 62-74, coffee~ 74-86, flower 86-98, grace_hopper 98-110, astronaut+china 110-122"
CALL = "grace_hopper 0-14, grace_hopper~ 14-24, chelsea 24-36, coffee 36-46, grace_hopper 46-58, "
CALL += f"{MOTO} 58-68, {MOTO}~ 68-80, flower 80-92, chelsea 92-104, astronaut~ 104-118"
HARBOUR_VIDEOS = (
    ShotVideo("harbour_marina", shots(MARINA), size=(960, 540), mover="square"),
    ShotVideo("harbour_classroom", shots(CLASS), size=(640, 360), mover="ball"),
    ShotVideo("harbour_call", shots(CALL), size=(224, 224), mover="ball"),  # single pictures only
)
V = dict(zip("ABC", HARBOUR_VIDEOS, strict=True))

# form | video and ask time | kind | argument (comma-separated; "-" for none) | question; the kinds are
# read in :func:`benchmarks.sets.tables.table_suite`
QUESTIONS = """
# --- the harbour webcam (MARINA above)
now yes/no | A 5 | is | china | is pagoda on harbour cam now
now yes/no | A 18 | is | rocket | So, spaceship is there on the marina webcam right now?
now yes/no | A 42 | is | chelsea | is cat sitting on pier now?
now yes/no | A 54 | here | - | Btw somebody is standing on the dock at this moment or no
now yes/no | A 66 | is | horse | horse is on harbour cam now or not
now yes/no | A 90 | cat now | animal | Any animal at the marina now? i cant see properly
now yes/no | A 100 | is | stereo_motorcycle | Pls tell me is bike parked at harbour currently
order | A 30 | first | - | what harbour cam show first when it start?
order | A 64 | first of | rocket, coffee | rocket or cup of coffee which one come first on marina
order | A 80 | before | coffee | Also what was on the harbour screen just before the coffee came
order | A 100 | after | chelsea | And after kitty go away, what came next on harbour cam?
order | A 118 | list | rocket, chelsea, horse | Put in order of appear from start: the horse, the rocket, the cat
order | A 104 | last | - | latest thing on marina webcam uptill now?
order | A 118 | before | stereo_motorcycle | what harbour cam was showing right before the bike come
when | A 66 | first seen | coffee | when the cup of coffee appear first on harbour cam?
when | A 100 | span | chelsea | From what time till what time kitty was there on the pier
when | A 118 | person first | - | tell when first person come on the dock
when | A 118 | first seen | horse | horse first time show up in marina cam at what time??
when | A 80 | span | rocket | Spaceship was at harbour from when till when, pls tell exact time
count | A 118 | times | china | How many times pagoda came on harbour cam till now
count | A 118 | distinct | - | from start how many different things marina cam showed
count | A 90 | times | grace_hopper | lady officer been on dock how many times upto now?
count | A 118 | visits | - | Number of times somebody came to harbour as of now?
count | A 50 | times | coffee | In first 50 sec how many times cup of coffee shown on marina
past yes/no | A 100 | back | china | did pagoda came back later on harbour cam
past yes/no | A 90 | back | rocket | rocket came back again after it left the marina?
past yes/no | A 44 | ever | chelsea | Was cat on the harbour cam any time till now
past yes/no | A 118 | ever | astronaut | Has astronaut been on marina from the beginning, yes or no
past yes/no | A 80 | back | grace_hopper | Lady officer came back after she leave the dock?
now | A 22 | what | - | So what is showing on harbour webcam now
now | A 56 | which | coffee | which one of these is on the dock right now
now | A 100 | which | horse, chelsea, rocket | Kindly tell is it horse, kitty or spaceship at marina now, or none of them
window | A 118 | at | 40 | At 0:40 what harbour cam was showing?
window | A 100 | between | 64, 90 | what came on marina between 1:04 and 1:30
window | A 80 | has in | rocket, 0, 40 | In first 40 sec was there rocket on harbour cam
summary | A 58 | summary | 0, - | Pls give summary of harbour cam from the beginning
summary | A 119 | summary | 99, - | what all happen on marina in last 20 sec
summary | A 88 | summary | 30, 75 | Also sum up harbour webcam from 0:30 to 1:15 in order
people | A 52 | who | - | who is that standing at the dock now?
people | A 114 | people now | - | how many person on harbour cam at this moment
people | A 80 | anyone | 64 | Anybody came on marina since 1:04 or it was empty
motion | A 30 | moving | - | something is moving across the harbour cam now?
motion | A 118 | moves | - | From start how many times red square slide over marina view
motion | A 66 | static | - | harbour view is still at the moment, nothing is moving, correct?
scene change | A 118 | cuts | 0 | from the beginning how many times harbour view changed
scene change | A 66 | last cut | - | when did marina cam last change the scene
scene change | A 40 | cut since | 30 | Did scene switch on harbour cam in the last 10 sec?
never | A 118 | never | astronaut | which of these never seen on harbour cam till now
never | A 40 | never | all | Uptill now which one of these marina webcam not showed yet, if any
category | A 20 | cat which | building, animal, drink | The thing at harbour now is building, animal or drink?
category | A 118 | cat first | animal | when first animal came on marina cam
# --- the classroom camera (CLASS above)
now yes/no | B 6 | is | flower | is flower on classroom camera now
now yes/no | B 16 | here | - | So anyone in the classroom at this moment?
now yes/no | B 40 | is | chelsea | kitty is in class now?
now yes/no | B 52 | is | chelsea | Also, cat sitting in classroom now yes or no
now yes/no | B 66 | is | rocket | is that spaceship on teacher desk right now
now yes/no | B 80 | cat now | drink | Btw any drink in class cam now
now yes/no | B 92 | is | horse | horse still there in the classroom currently?
order | B 40 | first | - | what classroom camera showed at very start
order | B 70 | first of | chelsea, horse | horse or cat, which one came first in class?
order | B 70 | before | rocket | What was on class camera just before spaceship came
order | B 92 | after | coffee | after the coffee gone, what came next in classroom
order | B 118 | list | chelsea, rocket, grace_hopper | Then put these in order they appear: lady officer, cat, spaceship
order | B 118 | first of | coffee, grace_hopper | which came first in the classroom, coffee or lady officer
order | B 104 | before | grace_hopper | what class cam show just before lady officer walk in?
when | B 50 | first seen | horse | when the horse appear first in the classroom
when | B 118 | span | coffee | from when to when cup of coffee was on the desk
when | B 118 | person first | - | tell when first person come in class
when | B 100 | first seen | rocket | When spaceship first show on class cam?
when | B 80 | span | chelsea | kitty was in class from what time to what time
count | B 118 | times | flower | how many times flower came in classroom till now
count | B 118 | times | astronaut | Astronaut how many time been in class from beginning?
count | B 70 | distinct | - | upto now how many different things class cam showed
count | B 118 | visits | - | How many separate time a person was in the classroom
count | B 60 | times | horse | In first minute, how many times horse was shown in class?
past yes/no | B 92 | back | flower | Did flower came back after it go?
past yes/no | B 100 | back | astronaut | astronaut came back to class later or not
past yes/no | B 118 | back | horse | horse was in class before and then it left did it come again after that
past yes/no | B 44 | ever | coffee | has any cup of tea/coffee been in class from start?
past yes/no | B 118 | ever | stereo_motorcycle | any motorbike came in the classroom as of now
now | B 54 | what | - | what is on classroom camera right now
now | B 80 | which | coffee | Which of these on the class desk at this moment?
now | B 114 | which | horse, flower, coffee | Kindly say is horse, bouquet or coffee in class at the moment, or none?
window | B 118 | at | 65 | what was showing in class at 1:05
window | B 100 | between | 40, 55 | between 0:40 and 0:55 what classroom cam showed?
window | B 90 | has in | chelsea, 65, 83 | did kitty appear in class between 1:05 and 1:23
summary | B 40 | summary | 0, - | give summary of classroom cam from start till now
summary | B 118 | summary | 77, 103 | Summarise class camera between 1:17 and 1:43 pls
people | B 20 | who | - | who is in classroom at this moment
people | B 116 | people now | - | how many peoples in class right now?
motion | B 30 | moving | - | ball is rolling in the classroom now?
motion | B 118 | motion span | last | when ball last roll across class cam, from when till when
scene change | B 50 | first cut | - | when classroom view first changed?
scene change | B 119 | cuts | 59 | In the last 1 min, how many times class cam switched scene
scene change | B 30 | cut since | 13 | did scene change in class since 0:13
never | B 118 | never | stereo_motorcycle | which never showed in class cam till now?
never | B 30 | never | - | which of these the classroom camera not showed uptill now
never | B 40 | never | all | From start, which of these class cam haven't showed? maybe all came
category | B 40 | cat which | animal, drink, plant | in class now it is animal, drink or plant?
category | B 118 | cat first | animal | When first animal came in the classroom
category | B 118 | cat in | plant, 65, 83 | any plant in class between 1:05 and 1:23?
# --- the phone video call (CALL above)
now yes/no | C 8 | here | - | is someone on the video call now
now yes/no | C 30 | is | chelsea | is kitty on call screen now?
now yes/no | C 40 | is | coffee | cup of coffee is showing on video call now?
now yes/no | C 62 | is | stereo_motorcycle | bike on phone screen right now
now yes/no | C 86 | is | horse | Btw horse on the call now?
now yes/no | C 110 | cat now | animal | any animal on video call at this moment
order | C 30 | first | - | what was first on the video call when it started
order | C 50 | first of | coffee, chelsea | cat or coffee who came first on the call?
order | C 100 | after | flower | right after bouquet, what came on the call
order | C 100 | before | coffee | What was on call just before coffee
order | C 116 | list | coffee, stereo_motorcycle, flower | order these by first appear on call: bouquet, bike, coffee
order | C 116 | last | - | what is latest thing on call uptill now
when | C 50 | first seen | chelsea | when kitty first come on video call?
when | C 70 | span | coffee | from when till when coffee was on the call
when | C 116 | first seen | stereo_motorcycle | when the bike first appear on call
when | C 100 | span | flower | bouquet was on call from what time to what time?
when | C 116 | first seen | astronaut | At what time astronaut joined the call
count | C 100 | times | grace_hopper | how many times lady officer was on call till now
count | C 116 | times | chelsea | cat showed how many time on call from start?
count | C 116 | distinct | - | how many different things shown on call as of now
count | C 116 | visits | - | how many separate times person was on the call
count | C 40 | times | coffee | how many time coffee came on call upto now
past yes/no | C 100 | back | chelsea | did cat came back on call?
past yes/no | C 70 | back | grace_hopper | lady officer was on call at start then she left did she came back later
past yes/no | C 116 | back | coffee | coffee came back again on call or not
past yes/no | C 50 | ever | horse | Has horse been on the call from the beginning
past yes/no | C 90 | ever | astronaut | astronaut appeared on call till now?
now | C 74 | what | - | what is showing on phone call now?
now | C 96 | which | chelsea | which one of these on call screen at this moment
window | C 100 | at | 40 | before 1 min what was on the call
window | C 116 | has in | chelsea, 86, 116 | in last 30 sec was cat on call?
summary | C 50 | summary | 0, - | tell me what all happened on call from start
summary | C 116 | summary | 86, - | And what happened in last 30 sec on the call
summary | C 84 | summary | 40, 75 | summarise call from 0:40 till 1:15
people | C 52 | who | - | who is on the call right now
people | C 110 | who | - | Then who is this on phone screen now?
people | C 90 | anyone | 62 | anybody was on call since 1:02?
motion | C 18 | moving | - | Is ball moving on call screen now
motion | C 60 | moved while | coffee | While coffee on screen, anything rolled across it?
motion | C 100 | motion span | first | When first time ball rolled on call, from when till when?
scene change | C 116 | first cut | - | when call screen first changed to other thing
scene change | C 112 | cut since | 107 | did scene change on call in last 5 sec
never | C 116 | never | horse | which of these never came on the call
never | C 40 | never | all | till now which of these not came on call, if any
never | C 76 | never | - | Which of these video call not showed from start?
category | C 40 | cat which | drink, animal, plant | on call now is drink, animal or plant?
category | C 116 | cat ever | plant | any plant on call from start
category | C 64 | cat now | vehicle | is there any vehicle on call right now
"""


def harbour_suite() -> list[dict]:
    """The questions about :data:`HARBOUR_VIDEOS`, in the lmms-eval row shape plus ``form``."""
    return table_suite(QUESTIONS, V, HARBOUR_CODES, seed=223)


def write_harbour_suite(folder: Path) -> tuple[Path, Path]:
    """Write the harbour videos and ``harbour.json`` into ``folder``; returns (annotations, videos)."""
    return write_shot_suite(folder, HARBOUR_VIDEOS, harbour_suite(), "harbour")
