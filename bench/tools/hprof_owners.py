#!/usr/bin/env python3
"""Which fields hold the heap's arrays: reads an HPROF heap dump (format: JDK's hprof binary, HEAP_DUMP_SEGMENT
records) and sums primitive/object array bytes by the class.field that references them, so memory per connection
can be attributed ("BcTlsServerHandler.cumulation -> 16 KiB") without a GUI heap analyser.

    python3 bench/tools/hprof_owners.py dump.hprof [top]
"""
import struct
import sys
from collections import defaultdict

SIZES = {2: None, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
TYPE_NAMES = {4: 'boolean[]', 5: 'char[]', 6: 'float[]', 7: 'double[]', 8: 'byte[]', 9: 'short[]', 10: 'int[]',
              11: 'long[]'}


def main(path, top):
    data = open(path, 'rb').read()
    p = data.index(b'\0') + 1
    idsize = struct.unpack_from('>I', data, p)[0]
    p += 4 + 8
    SIZES[2] = idsize
    idfmt = '>Q' if idsize == 8 else '>I'
    names, class_name, class_fields, class_super = {}, {}, {}, {}
    arrays = {}  # id -> (label, bytes)
    instances = []  # (class id, field bytes offset, length)
    objarrays = []  # (id, class id, offset of ids, count)
    while p < len(data):
        tag = data[p]
        length = struct.unpack_from('>I', data, p + 5)[0]
        body = p + 9
        end = body + length
        if tag == 0x01:
            names[struct.unpack_from(idfmt, data, body)[0]] = data[body + idsize:end].decode('utf-8', 'replace')
        elif tag == 0x02:
            cid = struct.unpack_from(idfmt, data, body + 4)[0]
            nid = struct.unpack_from(idfmt, data, body + 8 + idsize)[0]
            class_name[cid] = nid
        elif tag in (0x0C, 0x1C):
            q = body
            while q < end:
                sub = data[q]
                q += 1
                if sub == 0xFF or sub == 0x05 or sub == 0x07:
                    q += idsize
                elif sub == 0x01:
                    q += 2 * idsize
                elif sub in (0x02, 0x03, 0x08):
                    q += idsize + 8
                elif sub in (0x04, 0x06):
                    q += idsize + 4
                elif sub == 0x20:
                    cid = struct.unpack_from(idfmt, data, q)[0]
                    sup = struct.unpack_from(idfmt, data, q + idsize + 4)[0]
                    q += idsize + 4 + 6 * idsize + 4
                    ncp = struct.unpack_from('>H', data, q)[0]
                    q += 2
                    for _ in range(ncp):
                        t = data[q + 2]
                        q += 3 + SIZES[t]
                    nst = struct.unpack_from('>H', data, q)[0]
                    q += 2
                    for _ in range(nst):
                        t = data[q + idsize]
                        q += idsize + 1 + SIZES[t]
                    nin = struct.unpack_from('>H', data, q)[0]
                    q += 2
                    fields = []
                    for _ in range(nin):
                        fields.append((struct.unpack_from(idfmt, data, q)[0], data[q + idsize]))
                        q += idsize + 1
                    class_fields[cid] = fields
                    class_super[cid] = sup
                elif sub == 0x21:
                    cid = struct.unpack_from(idfmt, data, q + idsize + 4)[0]
                    n = struct.unpack_from('>I', data, q + 2 * idsize + 4)[0]
                    instances.append((cid, q + 2 * idsize + 8, n))
                    q += 2 * idsize + 8 + n
                elif sub == 0x22:
                    aid = struct.unpack_from(idfmt, data, q)[0]
                    n = struct.unpack_from('>I', data, q + idsize + 4)[0]
                    cid = struct.unpack_from(idfmt, data, q + idsize + 8)[0]
                    arrays[aid] = ('object[]', 16 + n * 4)
                    objarrays.append((aid, cid, q + 2 * idsize + 8, n))
                    q += 2 * idsize + 8 + n * idsize
                elif sub == 0x23:
                    aid = struct.unpack_from(idfmt, data, q)[0]
                    n = struct.unpack_from('>I', data, q + idsize + 4)[0]
                    t = data[q + idsize + 8]
                    arrays[aid] = (TYPE_NAMES[t], 16 + n * SIZES[t])
                    q += idsize + 9 + n * SIZES[t]
                else:
                    raise SystemExit('unknown sub-record 0x%02x at %d' % (sub, q))
        p = end

    def cname(cid):
        return names.get(class_name.get(cid), '?%x' % cid).replace('/', '.')

    owners = defaultdict(lambda: [0, 0])
    for cid, off, n in instances:
        c = cid
        q = off
        while c and c in class_fields:
            for fname, t in class_fields[c]:
                if t == 2:
                    ref = struct.unpack_from(idfmt, data, q)[0]
                    if ref in arrays:
                        label, size = arrays[ref]
                        o = owners['%s.%s (%s)' % (cname(c), names.get(fname, '?'), label)]
                        o[0] += 1
                        o[1] += size
                q += SIZES[t]
            c = class_super.get(c)
    total = sum(s for _, s in arrays.values())
    print('arrays: %d, %.1f MB in all; owners by bytes (count, MB):' % (len(arrays), total / 1e6))
    for k, (cnt, size) in sorted(owners.items(), key=lambda kv: -kv[1][1])[:top]:
        print('%10.2f MB %8d  %s' % (size / 1e6, cnt, k))


if __name__ == '__main__':
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40)
