"""Tests of the Python Detector (dist/python). Plain unittest, no pytest:

    dist/.venv/bin/python -m unittest discover -s dist/tests -p 'test_*.py'

With DEDUP_SEEDS_JSON set to the output of `dedup --json` on seeds/ (what
dist/ci.sh does), the groups of the seeds are compared with it, byte for byte
as JSON values.
"""

import json
import os
import pathlib
import tempfile
import unittest

import reprint
from reprint import Detector, ReprintError

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

WIRE = (
    "Mexican President Andres Manuel Lopez Obrador has offered political asylum to "
    "WikiLeaks founder Julian Assange, after a UK court blocked his extradition to the "
    "US. Addressing a press conference on Monday, the President said he will ask the "
    "Foreign Affairs Ministry to contact British officials."
)
OTHER = (
    "Mexico's president has offered asylum to Julian Assange, hours after a British "
    "judge refused to extradite him to the US to face espionage charges."
)


class DetectorTest(unittest.TestCase):
    def test_a_reprint_is_grouped_with_its_source(self):
        d = Detector()
        d.insert("wire", WIRE)
        matches = d.insert("reprint", "Mexico offers Assange asylum\n\n" + WIRE + "\n\nFollow us")
        self.assertEqual([m["id"] for m in matches], ["wire"])
        self.assertGreater(matches[0]["scores"]["containment_ba"], 0.9)
        d.insert("other", OTHER)
        groups = d.groups()
        self.assertEqual(len(groups), 1)
        self.assertEqual([m["id"] for m in groups[0]["members"]], ["reprint", "wire"])
        self.assertEqual(d.group_of("wire"), groups[0])
        self.assertIsNone(d.group_of("other"))
        self.assertEqual(len(d), 3)
        self.assertIn("other", d)
        self.assertNotIn("missing", d)

    def test_query_does_not_index(self):
        d = Detector()
        d.insert("wire", WIRE)
        self.assertEqual([m["id"] for m in d.query(WIRE + " Reuters")], ["wire"])
        self.assertEqual(d.query(OTHER), [])
        self.assertEqual(len(d), 1)

    def test_errors_are_reprint_errors(self):
        d = Detector()
        d.insert("a", WIRE)
        with self.assertRaises(ReprintError):
            d.insert("a", OTHER)
        with self.assertRaises(ReprintError):
            d.insert("b", "   ")
        with self.assertRaises(ReprintError):
            d.remove("missing")
        with self.assertRaises(ReprintError):
            Detector(threshold=float("nan"))
        with self.assertRaises(ReprintError):
            Detector(shingle="letters:3")

    def test_insert_batch_keeps_the_first_of_a_repeated_id(self):
        d = Detector()
        rejected = d.insert_batch([("a", WIRE), ("b", OTHER), ("a", OTHER), ("c", "")])
        self.assertEqual([(i, id) for i, id, _ in rejected], [(2, "a"), (3, "c")])
        self.assertEqual(d.query(WIRE)[0]["id"], "a")

    def test_settings_reach_the_detector(self):
        d = Detector(threshold=0.7, containment=0.9, shingle="words:4", num_perm=64, seed=9, containment_bands=16)
        c = d.config
        self.assertEqual((c["threshold"], c["containment"], c["num_perm"], c["seed"], c["containment_bands"]),
                         (0.7, 0.9, 64, 9, 16))
        self.assertEqual(c["shingle"], Detector(shingle="words:4").config["shingle"])
        self.assertNotEqual(c["shingle"], Detector().config["shingle"])

    def test_save_and_load_give_the_same_groups(self):
        d = Detector(seed=5)
        d.insert_batch((p.name, p.read_text(encoding="utf-8")) for p in SEEDS)
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "seeds.idx"
            d.save(path)
            loaded = Detector.load(path)
            with self.assertRaises(ReprintError):
                Detector.load(pathlib.Path(tmp) / "missing.idx")
        self.assertEqual(loaded.groups(), d.groups())
        self.assertEqual(loaded.config, d.config)
        self.assertEqual(len(loaded), len(SEEDS))

    @unittest.skipUnless(os.environ.get("DEDUP_SEEDS_JSON"), "DEDUP_SEEDS_JSON not set")
    def test_seeds_as_dedup_groups_them(self):
        with open(os.environ["DEDUP_SEEDS_JSON"], encoding="utf-8") as f:
            expected = json.load(f)
        d = Detector()
        # dedup names a file by its path as given: seeds/NAME.
        d.insert_batch((f"seeds/{p.name}", p.read_text(encoding="utf-8")) for p in SEEDS)
        groups = [
            {
                "representative": g["representative"],
                "members": [
                    {k: m["scores"][k] if k != "id" else m["id"]
                     for k in ("id", "jaccard", "containment_ab", "containment_ba", "number_overlap")}
                    for m in g["members"]
                ],
            }
            for g in d.groups()
        ]
        self.assertEqual(groups, expected["groups"])
        self.assertEqual(len(d), expected["documents"])

    def test_doctest(self):
        import doctest

        self.assertEqual(doctest.testmod(reprint).failed, 0)


if __name__ == "__main__":
    unittest.main()
