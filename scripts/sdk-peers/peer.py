"""The Python OpenTelemetry SDK as a peer of tests/sdk_peers.rs.

Reads one JSON request per line on stdin and writes one JSON answer per line on stdout:
  {"op": "inject", "members": [[key, value], ...]}  -> {"header": str or null}
  {"op": "extract", "header": str}                  -> {"members": [[key, value], ...]}
  {"op": "typed", "values": {key: value, ...}}      -> {"header": str or null}
"typed" writes each value as Python services do: str(value), ",".join(map(str, list)).
"""

import json
import logging
import sys

from opentelemetry.baggage import get_all, set_baggage
from opentelemetry.baggage.propagation import W3CBaggagePropagator
from opentelemetry.context import Context

# The propagator logs what it drops; the test compares what arrives instead.
logging.disable(logging.CRITICAL)
PROPAGATOR = W3CBaggagePropagator()


def inject(members):
    context = Context()
    for key, value in members:
        context = set_baggage(key, value, context=context)
    carrier = {}
    PROPAGATOR.inject(carrier, context=context)
    return {"header": carrier.get("baggage")}


def extract(header):
    context = PROPAGATOR.extract({"baggage": header}, context=Context())
    members = sorted([key, str(value)] for key, value in get_all(context=context).items())
    return {"members": members}


def written(value):
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def answer(request):
    op = request["op"]
    if op == "inject":
        return inject(request["members"])
    if op == "extract":
        return extract(request["header"])
    if op == "typed":
        return inject([[key, written(value)] for key, value in request["values"].items()])
    raise ValueError(f"unknown op {op!r}")


def main():
    out = sys.stdout
    for line in sys.stdin:
        out.write(json.dumps(answer(json.loads(line)), ensure_ascii=True))
        out.write("\n")


if __name__ == "__main__":
    main()
