#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets into Fuzz/corpus/ (checked in; run again to renew).

safetensors/: small valid files (F64 and F32, several cells' shapes, inputs with h0/c0) and a few
near misses (zip and pickle magic, a header length beyond the file). spec/: copies of the
predefined experiments. csv/: small tables in the shapes GradPath writes, with quoting, inf and nan.
Seeds are inputs to mutate, not expected values: nothing is asserted about them but that every
reader either accepts them or refuses them with its error.
"""
import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def safetensors(tensors, dtype="F64"):
    header, body, offset = {}, b"", 0
    fmt, size = ("<d", 8) if dtype == "F64" else ("<f", 4)
    for name, shape, values in tensors:
        data = b"".join(struct.pack(fmt, v) for v in values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        body += data
        offset += len(data)
    h = json.dumps(header, sort_keys=True).encode()
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + body


def weights(gates, inputs, hidden, layers=1, bias=True):
    out = []
    for l in range(layers):
        i = inputs if l == 0 else hidden
        n = gates * hidden
        out.append((f"weight_ih_l{l}", [n, i], [0.01 * (k % 7 - 3) for k in range(n * i)]))
        out.append((f"weight_hh_l{l}", [n, hidden], [0.02 * (k % 5 - 2) for k in range(n * hidden)]))
        if bias:
            out.append((f"bias_ih_l{l}", [n], [0.1] * n))
            out.append((f"bias_hh_l{l}", [n], [-0.1] * n))
    return out


def write(folder, name, data):
    with open(os.path.join(HERE, "corpus", folder, name), "wb") as f:
        f.write(data)


def main():
    write("safetensors", "rnn-f64", safetensors(weights(1, 3, 2)))
    write("safetensors", "lstm-f32-2layers", safetensors(weights(4, 2, 2, layers=2), "F32"))
    write("safetensors", "gru-nobias", safetensors(weights(3, 2, 3, bias=False)))
    write("safetensors", "inputs-h0-c0", safetensors([("input", [2, 1, 3], [0.5] * 6), ("h0", [1, 1, 2], [0.0, 0.1]),
                                                        ("c0", [1, 1, 2], [0.2, 0.3])]))
    write("safetensors", "zip-magic", b"PK\x03\x04" + b"\x00" * 28)
    write("safetensors", "pickle-magic", b"\x80\x02}q\x00." + b"\x00" * 8)
    write("safetensors", "header-too-long", struct.pack("<Q", 1 << 40) + b"{}")
    for f in sorted(os.listdir(os.path.join(ROOT, "experiments"))):
        if f.endswith(".json"):
            shutil.copy(os.path.join(ROOT, "experiments", f), os.path.join(HERE, "corpus", "spec", f[:-5]))
    write("csv", "gradient-norms", b"run,config,cell,sigma_max,seed,layer,t,lag,grad_h_norm,grad_h_log10\n"
                                    b"\"cell=rnn-tanh;seed=1\",0,rnn-tanh,0.5,1,0,0,2,0.25,-0.602\n"
                                    b"\"cell=rnn-tanh;seed=1\",0,rnn-tanh,0.5,1,0,1,1,0.5,-0.301\n"
                                    b"\"cell=rnn-tanh;seed=1\",0,rnn-tanh,0.5,1,0,2,0,1,0\n")
    write("csv", "diagnosis", b"run,config,layer,verdict,observed_rate_log10,bound_rate_log10\n"
                              b"a,0,0,vanishing,-0.3,-0.301\nb,1,0,exploding,inf,nan\nc,2,0,non-finite,nan,\n")
    write("csv", "quoted", b"a,b\n\"x,\"\"y\"\"\",\"line\nbreak\"\n-inf,1e308\n")


if __name__ == "__main__":
    main()
