#!/usr/bin/python3
"""How much of CAD OSE's NAB score needs its unbounded context memory (research, not part of the build).

Runs NAB's Contextual Anomaly Detector OSE (nab/detectors/context_ose, MIT, NAB commit ea702d7; not
vendored here: pass a NAB checkout) causally over NAB-layout CSVs: each file's value range is that of
its probationary rows (the first min(15%, 750)), not NAB's whole-file inputMin/inputMax. With --cap N
the context memory stops learning new contexts once it holds N (lookups go on). Writes NAB result
CSVs (timestamp,value,anomaly_score) under OUT for ../shared/tools/nab_score.py, and prints each
file's context count.

usage: scripts/research/cad_memory.py NAB_CHECKOUT DATA_DIR OUT_DIR [--cap N]
"""
import argparse
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


def run_file(job):
    nab, data, out, rel, cap = job
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
        detector.contextOperator = capped_operator_class(ContextOperator, cap)(7)
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
    args = parser.parse_args()
    files = [os.path.join(c, f) for c in sorted(os.listdir(args.data))
             for f in sorted(os.listdir(os.path.join(args.data, c))) if f.endswith('.csv')]
    with Pool(os.cpu_count()) as pool:
        for rel, contexts in pool.imap(run_file, [(args.nab, args.data, args.out, rel, args.cap) for rel in files]):
            print(rel, contexts, flush=True)


if __name__ == '__main__':
    main()
