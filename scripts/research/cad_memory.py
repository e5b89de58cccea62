#!/usr/bin/python3
"""How much of CAD OSE's NAB score needs its unbounded context memory (research, not part of the build).

Runs NAB's Contextual Anomaly Detector OSE (nab/detectors/context_ose, NAB commit ea702d7; NAB is
MIT-licensed but the detector's own files carry its author's GNU Affero GPL v3 header, so none of it
is vendored or ported here: pass a NAB checkout) causally over NAB-layout CSVs: each file's value range is that of
its probationary rows (the first min(15%, 750)), not NAB's whole-file inputMin/inputMax. With --cap N
the context memory stops learning new contexts once it holds N (lookups go on). With --cap N
--evict lru it instead forgets, before each new context beyond N, the one least recently used
(created, found by a lookup, or active); contexts get fresh ids, never reused, because an id is also
the fact by which later contexts refer to it, and a left semi-context left without contexts is
dropped (right ones, subsets of the 6 value facts, are few and stay). Writes NAB result CSVs
(timestamp,value,anomaly_score) under OUT for ../shared/tools/nab_score.py, and prints each file's
context count.

usage: scripts/research/cad_memory.py NAB_CHECKOUT DATA_DIR OUT_DIR [--cap N [--evict none|lru]]
"""
import argparse
import collections
import csv
import math
import os
import sys
from multiprocessing import Pool


def capped_operator_class(context_operator, cap):
    class CappedContextOperator(context_operator):
        """NAB's context memory that stops adding contexts once it holds `cap`."""

        def getContextByFacts(self, newContextsList, zerolevel=0):
            if len(self.contextsValuesList) < cap:
                return super().getContextByFacts(newContextsList, zerolevel)
            for leftFacts, rightFacts in newContextsList:
                left = self.semiContextDics[0].get(leftFacts.__hash__())
                right = self.semiContextDics[1].get(rightFacts.__hash__())
                context = None if left is None or right is None else self.semiContValLists[0][left][3].get(right)
                if zerolevel:
                    if context is None:  # new, but not kept
                        self.newContextID = False
                        return True
                    self.contextsValuesList[context][1] = 1
                    return False
            return 0

    return CappedContextOperator


class Members(dict):
    """A fact's semi-contexts, keyed by id() so one can be dropped in O(1); iterates like NAB's list."""

    def __iter__(self):
        return iter(self.values())


def lru_operator_class(context_operator, cap):
    class LruContextOperator(context_operator):
        """NAB's context memory that evicts its least recently used context to stay at `cap`.

        contextsValuesList becomes an OrderedDict id -> [activations, zerolevel, leftHash, rightHash],
        least recently used first; factsDics hold Members; a dropped left semi-context's list slot stays
        (no longer in factsDics, so it never crosses again) until a new left semi-context reuses it.
        """

        def __init__(self, maxLeftSemiContextsLenght):
            super().__init__(maxLeftSemiContextsLenght)
            self.contextsValuesList = collections.OrderedDict()
            self.factsDics = [collections.defaultdict(Members), collections.defaultdict(Members)]
            self.leftFacts = {}  # left semi-context id -> its facts
            self.freeLeft = []  # ids of dropped left semi-contexts
            self.nextContextID = 0

        def semiContext(self, side, facts):
            semi = self.semiContextDics[side].get(hash(facts))
            if semi is not None:
                return semi
            values = [[], len(facts), 0, {}] if side == 0 else [[], len(facts), 0]
            if side == 0 and self.freeLeft:
                semi = self.freeLeft.pop()
                self.semiContValLists[0][semi] = values
            else:
                semi = len(self.semiContValLists[side])
                self.semiContValLists[side].append(values)
            self.semiContextDics[side][hash(facts)] = semi
            for fact in facts:
                self.factsDics[side][fact][id(values)] = values
            if side == 0:
                self.leftFacts[semi] = facts
            return semi

        def evict(self):
            _, (_, _, leftHash, rightHash) = self.contextsValuesList.popitem(last=False)
            left = self.semiContextDics[0][leftHash]
            values = self.semiContValLists[0][left]
            del values[3][self.semiContextDics[1][rightHash]]
            if not values[3]:
                del self.semiContextDics[0][leftHash]
                for fact in self.leftFacts.pop(left):
                    del self.factsDics[0][fact][id(values)]
                self.freeLeft.append(left)

        def getContextByFacts(self, newContextsList, zerolevel=0):
            numAddedContexts = 0
            for leftFacts, rightFacts in newContextsList:
                left = self.semiContextDics[0].get(hash(leftFacts))
                right = self.semiContextDics[1].get(hash(rightFacts))
                context = None if left is None or right is None else self.semiContValLists[0][left][3].get(right)
                if context is not None:
                    self.contextsValuesList.move_to_end(context)
                    if zerolevel:
                        self.contextsValuesList[context][1] = 1
                        return False
                    continue
                if len(self.contextsValuesList) >= cap:
                    self.evict()  # first: it may drop the left semi-context looked up above
                context, self.nextContextID = self.nextContextID, self.nextContextID + 1
                left, right = self.semiContext(0, leftFacts), self.semiContext(1, rightFacts)
                self.semiContValLists[0][left][3][right] = context
                self.contextsValuesList[context] = [0, zerolevel, hash(leftFacts), hash(rightFacts)]
                numAddedContexts += 1
                if zerolevel:
                    self.newContextID = context
                    return True
            return numAddedContexts

        def updateContextsAndGetActive(self, newContextFlag):
            active, selected, potential = super().updateContextsAndGetActive(newContextFlag)
            for context in active:
                self.contextsValuesList.move_to_end(context[0])
            return active, selected, potential

    return LruContextOperator


def run_file(job):
    nab, data, out, rel, cap, evict = job
    sys.path.insert(0, nab)
    from nab.detectors.context_ose.cad_ose import ContextualAnomalyDetectorOSE
    from nab.detectors.context_ose.context_operator import ContextOperator
    with open(os.path.join(data, rel)) as f:
        rows = list(csv.reader(f))[1:]
    values = [float(r[1]) for r in rows]
    probation = min(math.floor(0.15 * len(values)), 750)
    detector = ContextualAnomalyDetectorOSE(minValue=min(values[:probation]), maxValue=max(values[:probation]),
                                            restPeriod=probation / 5.0)
    if cap:
        operator_class = lru_operator_class if evict == 'lru' else capped_operator_class
        detector.contextOperator = operator_class(ContextOperator, cap)(7)
    os.makedirs(os.path.dirname(os.path.join(out, rel)), exist_ok=True)
    with open(os.path.join(out, rel), 'w') as f:
        f.write('timestamp,value,anomaly_score\n')
        for row, value in zip(rows, values):
            f.write('%s,%s,%s\n' % (row[0], row[1], detector.getAnomalyScore({'value': value})))
    return rel, len(detector.contextOperator.contextsValuesList)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('nab')
    parser.add_argument('data')
    parser.add_argument('out')
    parser.add_argument('--cap', type=int, default=0, help='most contexts kept per file (0: unbounded)')
    parser.add_argument('--evict', choices=('none', 'lru'), default='none',
                        help='when the memory is full: learn no more (none), or forget the least recently used (lru)')
    args = parser.parse_args()
    files = [os.path.join(c, f) for c in sorted(os.listdir(args.data))
             for f in sorted(os.listdir(os.path.join(args.data, c))) if f.endswith('.csv')]
    with Pool(os.cpu_count()) as pool:
        for rel, contexts in pool.imap(run_file, [(args.nab, args.data, args.out, rel, args.cap, args.evict) for rel in files]):
            print(rel, contexts, flush=True)


if __name__ == '__main__':
    main()
