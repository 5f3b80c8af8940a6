"""Printing a command's rows as CSV or JSON on standard output."""

import csv
import json
import sys


def print_rows(rows: list[dict], fieldnames: list[str], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    writer = csv.DictWriter(
        sys.stdout, fieldnames=fieldnames, extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
