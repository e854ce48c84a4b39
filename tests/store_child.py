"""A giapp process that edits one draft, printing each edit only after its commit returned (for the tests)."""

import sys
from pathlib import Path

from giapp.catalog import all_forms
from giapp.store import DraftStore


def edits(form, start: int, stride: int = 1):
    """(kind, what, seq) forever: single cells, a two-cell paste every 10th, a narrative every 10th."""
    keys = [k for k in form.input_keys if form.cells[k].kind == "count"]
    pair, section = keys[-2:], form.sections[0].id
    single = keys[:-2][start % stride :: stride]  # children with different starts write different cells
    seq = start
    while True:
        seq += stride
        if seq % 10 == 0:
            yield "pair", pair, seq
        elif seq % 10 == 5:
            yield "text", section, seq
        else:
            yield "cell", single[(seq // stride) % len(single)], seq


def main() -> None:
    path, draft, start = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    count = int(sys.argv[4]) if len(sys.argv) > 4 else -1
    stride = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    forms = all_forms()
    store = DraftStore.open(path, forms)
    print("ready", flush=True)
    for n, (kind, what, seq) in enumerate(edits(forms["gov-2021"], start, stride)):
        if n == count:
            break
        if kind == "pair":
            store.set_values(draft, dict.fromkeys(what, seq))
            print(f"pair {seq}", flush=True)
        elif kind == "text":
            store.set_text(draft, what, f"第{seq}次保存")
            print(f"text {seq}", flush=True)
        else:
            store.set_value(draft, what, seq)
            print(f"cell {what} {seq}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
