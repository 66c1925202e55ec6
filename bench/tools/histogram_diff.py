#!/usr/bin/env python3
"""Per-connection heap by class: the difference of two `jcmd GC.class_histogram` outputs (before the first connection
and with N connections open, as `bench/run.sh memory` writes them), divided by N.

    python3 bench/tools/histogram_diff.py before.txt after.txt N [top]
"""
import re
import sys


def read(path):
    rows = {}
    for line in open(path):
        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
        if m:
            rows[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return rows


def main(before, after, n, top):
    b, a = read(before), read(after)
    diff = []
    for cls, (count, size) in a.items():
        c0, s0 = b.get(cls, (0, 0))
        diff.append(((size - s0) / n, (count - c0) / n, cls))
    diff.sort(reverse=True)
    print('%.0f bytes per connection in all' % sum(d[0] for d in diff))
    for size, count, cls in diff[:top]:
        print('%8.0f B %6.2f/conn  %s' % (size, count, cls))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 50)
