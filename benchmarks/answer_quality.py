"""Answer quality on the grounding question sets: accuracy per question form, and answer latency.

Question sets (``--set``), all multiple choice in OVBench's lmms-eval row shape, truth from each video's
schedule of known images:

* ``dev``: the development suite (benchmarks/sets/grounding.py): three videos of 66-90 s, 50 questions;
* ``people``: its people, category, motion and scene-change part (``people_suite``);
* ``wordings``: the second development set (benchmarks/sets/wordings.py): the same forms in many
  wordings, casual ones included, on the suite's videos and two 640x360 videos of its own;
* ``fresh``: a third development set (benchmarks/sets/wordings_fresh.py): summaries, orders, people
  counts, scene changes and windows asked many ways on three videos of its own;
* ``casual``: a fourth (benchmarks/sets/wordings_casual.py): every form asked as people type in chat
  (terse, tag questions, "u", two sentences) on three videos of its own;
* ``pairs``: a fifth (benchmarks/sets/wordings_pairs.py): now, order, people-count, category and past
  questions on videos whose shots mostly show two or three pictures side by side;
* ``street``: a sixth (benchmarks/sets/wordings_street.py): now, now yes/no, order and people-count
  questions above all, on three videos of single, paired and tripled pictures;
* ``live``: a seventh (benchmarks/sets/wordings_live.py): what a live camera's watcher asks (did anyone
  come in, has anything moved, when did the person leave) on three videos of a still scene that people
  and moving things visit;
* ``home``: an eighth (benchmarks/sets/wordings_home.py): a home camera's questions (is anyone home, how
  many different people came by, was the kitchen empty, who's at the door) on three videos of a room
  that people leave and come back to;
* ``tour``: a ninth (benchmarks/sets/wordings_tour.py): categories, orders, counts, windows and
  summaries on a museum tour, a travel vlog and a desk vlog of single and paired pictures;
* ``office``: a tenth (benchmarks/sets/wordings_office.py): now yes/no, order and scene-change questions
  above all (every other form two or three times per video) on an office reception camera, a shop-window
  livestream and a kitchen-counter webcam;
* ``traffic``: an eleventh (benchmarks/sets/wordings_traffic.py): every form of the tour set with about
  equal weight, in many wordings (polite, chatty, terse, typos), on a street traffic camera, a
  sports-hall livestream and a doorbell camera;
* ``market``: a twelfth (benchmarks/sets/wordings_market.py): now yes/no, order and scene-change questions
  above all (every other form seven or eight times) in many wordings, on a market-stall camera, a
  lecture livestream and a pet-sitter camera;
* ``doorway``: a thirteenth (benchmarks/sets/wordings_doorway.py): now yes/no, order, count and when
  questions above all (every other form six to eight times) in many wordings, on a front-door camera, a
  drone feed and a baby monitor;
* ``trail``: a fourteenth (benchmarks/sets/wordings_trail.py): now yes/no, order, when, count and
  scene-change questions above all (every other form six times) in more varied wordings (negated, tag,
  indirect, terse, loose names), on a wildlife trail camera, a shop checkout camera and a webinar
  recording;
* ``garage``: a fifteenth (benchmarks/sets/wordings_garage.py): every form about equally (12-13 each) in
  wordings unlike the earlier sets' (voice-assistant, reported, two-clause, hinted, slang, relative
  times, loose names), on a parking-garage CCTV camera, a cooking livestream and a museum kiosk camera;
* ``harbour``: a sixteenth (benchmarks/sets/wordings_harbour.py): now yes/no and order questions above all
  (about 20 each; when, count and past yes/no 15 each; every other form eight times) typed as hurried and
  non-native speakers type (dropped articles, wrong tenses, run-ons, "till now", "before 1 min"), on a
  harbour webcam, a classroom camera and a phone video call;
* ``gallery``: a seventeenth (benchmarks/sets/wordings_gallery.py): now yes/no and order questions above all
  (about 25 each; now, when, count and past yes/no 15 each; category 12; every other form six or seven
  times) on shots that mostly show three pictures side by side, on a video call's gallery view, a
  museum's three-screen display wall and a news programme's split screen;
* ``lobby``: an eighteenth (benchmarks/sets/wordings_lobby.py): now yes/no and order questions above all
  (28 each; now, when, count and past yes/no 15 each; category 12; every other form six to eight times),
  worded indirectly, hedged, as a voice assistant hears them or as a report states them, on shots that
  mostly show one picture: a hotel-lobby camera, a car dashcam and a TV quiz show;
* ``studio``: a nineteenth (benchmarks/sets/wordings_studio.py): now yes/no, order, count, when and past
  yes/no questions 20 each (now 15, category 12, every other form 7 times), with times said relative to
  events or the asker ("since the cat left", "before I got back"), "still / anymore / yet", follow-ups
  that lean on the sentence before, on shots that mostly show one picture: a cooking-studio camera, a zoo
  webcam and a conference stage camera;
* ``relay``: a twentieth (benchmarks/sets/wordings_relay.py): now yes/no and order questions above all (about
  30 each; when, count and past yes/no 15 each; now and category 12; every other form six or seven times),
  order said many ways ("what replaced the cat?", "what took its place?", "which arrived sooner?") and
  times as marks ("at the 1:05 mark", "a minute in"), on a security-desk monitor, a sports-bar TV and a
  science-fair booth camera;
* ``heldout``: the held-out set (benchmarks/sets/heldout.py): the development videos asked in other
  wordings, a video of pictures the development suite never uses, and people/motion videos of its own;
* ``heldout2``: the second held-out set (benchmarks/sets/heldout_second.py): every held-out form on four
  videos of its own, written from their schedules alone and frozen;
* ``all``: every set, one table each.

Each run streams every video once and asks each question at its time, exactly as ``streamvu eval
ovbench`` does (scored by the official lmms-eval letter parser):

* ``grounded``: the offline default (``--model embedded``): options scored against the evidence;
* ``smollm2``: the same evidence given to SmolLM2, which generates; the letter is parsed from its text
  as the harness parses any model's answer (``--model smollm2``);
* ``smollm2-likelihood``: SmolLM2 scores each option by log-likelihood (``--choice-scoring likelihood``).

Then (dev set only) the phrasing check: every suite question asked as an open question (no options) is answered
with the template and with SmolLM2's checked rewrite (``phrasing="rewrite"``): how many rewrites
pass the check, whether the kept ones still name what the template named, and the time they add.

    python benchmarks/answer_quality.py [--fps 1] [--set dev|people|wordings|fresh|casual|pairs|street|live|home|tour|office|traffic|market|doorway|trail|garage|harbour|gallery|lobby|studio|relay|heldout|heldout2|all]
        [--runs grounded,smollm2,rewrite,smollm2-likelihood]

Prints tables and writes ``<out>/answer_quality.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.sets.grounding import (  # noqa: E402
    FORMS,
    PEOPLE_FORMS,
    form_of,
    people_suite,
    suite,
    write_people_suite,
    write_suite,
)
from benchmarks.sets.heldout import HELDOUT_FORMS, heldout, write_heldout  # noqa: E402
from benchmarks.sets.heldout_second import SECOND_FORMS, second_heldout, write_second_heldout  # noqa: E402
from benchmarks.sets.wordings import WORDING_FORMS, wordings_suite, write_wordings_suite  # noqa: E402
from benchmarks.sets.wordings_casual import CASUAL_FORMS, casual_suite, write_casual_suite  # noqa: E402
from benchmarks.sets.wordings_doorway import DOORWAY_FORMS, doorway_suite, write_doorway_suite  # noqa: E402
from benchmarks.sets.wordings_fresh import FRESH_FORMS, fresh_suite, write_fresh_suite  # noqa: E402
from benchmarks.sets.wordings_gallery import GALLERY_FORMS, gallery_suite, write_gallery_suite  # noqa: E402
from benchmarks.sets.wordings_garage import GARAGE_FORMS, garage_suite, write_garage_suite  # noqa: E402
from benchmarks.sets.wordings_harbour import HARBOUR_FORMS, harbour_suite, write_harbour_suite  # noqa: E402
from benchmarks.sets.wordings_home import HOME_FORMS, home_suite, write_home_suite  # noqa: E402
from benchmarks.sets.wordings_live import LIVE_FORMS, live_suite, write_live_suite  # noqa: E402
from benchmarks.sets.wordings_lobby import LOBBY_FORMS, lobby_suite, write_lobby_suite  # noqa: E402
from benchmarks.sets.wordings_market import MARKET_FORMS, market_suite, write_market_suite  # noqa: E402
from benchmarks.sets.wordings_office import OFFICE_FORMS, office_suite, write_office_suite  # noqa: E402
from benchmarks.sets.wordings_pairs import PAIRS_FORMS, pairs_suite, write_pairs_suite  # noqa: E402
from benchmarks.sets.wordings_relay import RELAY_FORMS, relay_suite, write_relay_suite  # noqa: E402
from benchmarks.sets.wordings_street import STREET_FORMS, street_suite, write_street_suite  # noqa: E402
from benchmarks.sets.wordings_studio import STUDIO_FORMS, studio_suite, write_studio_suite  # noqa: E402
from benchmarks.sets.wordings_tour import TOUR_FORMS, tour_suite, write_tour_suite  # noqa: E402
from benchmarks.sets.wordings_traffic import TRAFFIC_FORMS, traffic_suite, write_traffic_suite  # noqa: E402
from benchmarks.sets.wordings_trail import TRAIL_FORMS, trail_suite, write_trail_suite  # noqa: E402
from streamvu.answerers.grounded import GroundedAnswerer  # noqa: E402
from streamvu.answerers.grounded.phrasing import content_words  # noqa: E402
from streamvu.apps.eval import ovbench  # noqa: E402
from streamvu.apps.eval.runner import run  # noqa: E402
from streamvu.pipeline.engine import Pipeline, PipelineConfig  # noqa: E402

# set -> (its questions, writer of its videos and annotations, its forms in table order)
SETS = {
    "dev": (suite, write_suite, FORMS),
    "people": (people_suite, write_people_suite, PEOPLE_FORMS),
    "heldout": (heldout, write_heldout, HELDOUT_FORMS),
    "heldout2": (second_heldout, write_second_heldout, SECOND_FORMS),
    "wordings": (wordings_suite, write_wordings_suite, WORDING_FORMS),
    "fresh": (fresh_suite, write_fresh_suite, FRESH_FORMS),
    "casual": (casual_suite, write_casual_suite, CASUAL_FORMS),
    "pairs": (pairs_suite, write_pairs_suite, PAIRS_FORMS),
    "street": (street_suite, write_street_suite, STREET_FORMS),
    "live": (live_suite, write_live_suite, LIVE_FORMS),
    "home": (home_suite, write_home_suite, HOME_FORMS),
    "tour": (tour_suite, write_tour_suite, TOUR_FORMS),
    "office": (office_suite, write_office_suite, OFFICE_FORMS),
    "traffic": (traffic_suite, write_traffic_suite, TRAFFIC_FORMS),
    "market": (market_suite, write_market_suite, MARKET_FORMS),
    "doorway": (doorway_suite, write_doorway_suite, DOORWAY_FORMS),
    "trail": (trail_suite, write_trail_suite, TRAIL_FORMS),
    "garage": (garage_suite, write_garage_suite, GARAGE_FORMS),
    "harbour": (harbour_suite, write_harbour_suite, HARBOUR_FORMS),
    "gallery": (gallery_suite, write_gallery_suite, GALLERY_FORMS),
    "lobby": (lobby_suite, write_lobby_suite, LOBBY_FORMS),
    "studio": (studio_suite, write_studio_suite, STUDIO_FORMS),
    "relay": (relay_suite, write_relay_suite, RELAY_FORMS),
}
RUNS = {
    "grounded": ("grounded", "auto"),
    "smollm2": ("smollm2", "auto"),
    "smollm2-likelihood": ("smollm2", "likelihood"),
}


def form_table(records: list[dict]) -> dict[str, str]:
    """A set's OVBench subtask codes -> question forms (a record's ``form``, else the development code's)."""
    return {r["sub_answer_type"]: r.get("form") or form_of(r["sub_answer_type"]) for r in records}


def accuracy_run(
    name: str,
    annotations: Path,
    videos: Path,
    fps: float,
    base: Pipeline,
    out: Path,
    forms_of: dict[str, str],
) -> dict:
    model, scoring = RUNS[name]
    pipe = Pipeline(PipelineConfig(fps=fps, answerer=model), encoder=base.encoder, embedder=base.embedder)
    started = time.perf_counter()
    result = run(
        ovbench.load(annotations, "lmms-eval"),
        videos,
        pipe,
        out / f"pred_{name}.jsonl",
        benchmark=annotations.stem,
        choice_scoring=scoring,
    )
    wall = time.perf_counter() - started
    forms: dict[str, list[bool]] = defaultdict(list)
    for rec in result.records:
        forms[forms_of[rec["task"]]].append(bool(rec["correct"]))
    latencies = [rec["latency_s"] for rec in result.records]
    letters = defaultdict(int)
    for rec in result.records:
        letters[rec["parsed"] or "none"] += 1
    return {
        "model": model,
        "choice_scoring": scoring,
        "n": len(result.records),
        "accuracy": sum(rec["correct"] for rec in result.records) / len(result.records),
        "per_form": {f: {"n": len(v), "acc": sum(v) / len(v)} for f, v in forms.items()},
        "latency_median_s": statistics.median(latencies),
        "latency_p90_s": sorted(latencies)[int(0.9 * len(latencies))],
        "wall_s": round(wall, 1),
        "letters": dict(letters),
    }


def rewrite_run(videos: Path, fps: float, base: Pipeline, limit: int) -> dict:
    """The first ``limit`` suite questions of each video, without options: template vs SmolLM2's checked
    rewrite, over the same memory, each asked when the stream reaches its time."""
    template = GroundedAnswerer(base.encoder, base.embedder)
    rewrite = GroundedAnswerer(base.encoder, base.embedder, phrasing="rewrite", generator=template.generator)
    rows = []
    by_video: dict[str, list[dict]] = defaultdict(list)
    for rec in suite():
        by_video[rec["video"]].append(rec)
    for video, recs in by_video.items():
        pipes = [
            Pipeline(PipelineConfig(fps=fps), encoder=base.encoder, embedder=base.embedder, answerer=a)
            for a in (template, rewrite)
        ]
        pipes[1].memory = pipes[0].memory
        frames = pipes[0].encoded(videos / video)
        pending = next(frames, None)
        for rec in sorted(recs[:limit], key=lambda r: r["middle_frame_timestamp"]):
            t = float(rec["middle_frame_timestamp"])
            while pending is not None and pending.t <= t + 1e-3:
                pipes[0].memory.add(pending)
                pending = next(frames, None)
            a, b = (p.ask(rec["question"], at=t) for p in pipes)
            kept = a.text != b.text
            rows.append(
                {
                    "question": rec["question"],
                    "at": t,
                    "template": a.text,
                    "rewrite": b.text,
                    "kept": kept,
                    "names_kept": content_words(a.text) & content_words(b.text) == content_words(a.text)
                    if kept
                    else True,
                    "template_s": a.latency,
                    "rewrite_s": b.latency,
                }
            )
    kept = [r for r in rows if r["kept"]]
    return {
        "n": len(rows),
        "kept": len(kept),
        "rejected": len(rows) - len(kept),
        "kept_with_every_content_word": sum(r["names_kept"] for r in kept),
        "template_latency_median_s": statistics.median(r["template_s"] for r in rows),
        "rewrite_latency_median_s": statistics.median(r["rewrite_s"] for r in rows),
        "examples": rows[:6] + kept[:6],
    }


def print_table(title: str, results: dict, forms: tuple[str, ...], acc_runs: list[str]) -> None:
    print(f"\n{title}: {results['questions']} questions")
    print("| form | n | " + " | ".join(acc_runs) + " |")
    print("|" + "---|" * (2 + len(acc_runs)))
    for form in forms:
        n = results[acc_runs[0]]["per_form"].get(form, {}).get("n", 0) if acc_runs else 0
        cells = [f"{results[r]['per_form'].get(form, {}).get('acc', 0):.0%}" for r in acc_runs]
        print(f"| {form} | {n} | " + " | ".join(cells) + " |")
    print(
        f"| **all** | {results['questions']} | "
        + " | ".join(f"**{results[r]['accuracy']:.0%}**" for r in acc_runs)
        + " |"
    )
    print(
        "| answer latency, median (s) | | "
        + " | ".join(f"{results[r]['latency_median_s']:.2f}" for r in acc_runs)
        + " |"
    )
    print(
        f"chance: {results['chance']:.0%}; letters chosen: "
        + "; ".join(f"{r}: {dict(sorted(results[r]['letters'].items()))}" for r in acc_runs)
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fps", type=float, default=1.0, help="frames sampled per second (default 1)")
    ap.add_argument(
        "--set",
        default="dev",
        choices=(*SETS, "all"),
        help="question set (see the module docstring), or all",
    )
    ap.add_argument("--runs", default="grounded,smollm2,rewrite,smollm2-likelihood")
    ap.add_argument("--rewrite-limit", type=int, default=5, help="questions per video for the rewrite run")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    for r in runs:
        if r not in (*RUNS, "rewrite"):
            ap.error(f"unknown run {r!r}; choose from {', '.join((*RUNS, 'rewrite'))}")
    sets = list(SETS) if args.set == "all" else [args.set]
    results: dict = {"fps": args.fps, "sets": {}}
    report = out / ("answer_quality.json" if sets == ["dev"] else f"answer_quality_{args.set}.json")
    acc_runs = [r for r in runs if r in RUNS]
    with tempfile.TemporaryDirectory(prefix="streamvu-answer-quality-") as tmp:
        base = Pipeline(PipelineConfig(fps=args.fps))
        for set_name in sets:
            questions, write, _ = SETS[set_name]
            records = questions()
            per_set = results["sets"][set_name] = {
                "questions": len(records),
                "chance": statistics.mean(1 / len(r["candidates"]) for r in records),
            }
            annotations, videos = write(Path(tmp) / set_name)
            for name in runs:
                if name == "rewrite":
                    if set_name == "dev":
                        results["rewrite"] = rewrite_run(videos, args.fps, base, args.rewrite_limit)
                    continue
                per_set[name] = accuracy_run(
                    name, annotations, videos, args.fps, base, Path(tmp) / set_name, form_table(records)
                )
                print(f"{set_name} {name}: done", file=sys.stderr)
                report.write_text(json.dumps(results, indent=2, default=str) + "\n")
    for set_name in sets:
        if acc_runs:
            print_table(f"set {set_name}", results["sets"][set_name], SETS[set_name][2], acc_runs)
    if "rewrite" in results:
        rw = results["rewrite"]
        print(
            f"rewrite: {rw['kept']}/{rw['n']} rewrites passed the check ({rw['kept_with_every_content_word']} kept "
            f"every content word of the template); median latency {rw['template_latency_median_s']:.2f} s "
            f"(template) vs {rw['rewrite_latency_median_s']:.2f} s (rewrite)"
        )
    report.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"wrote {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
