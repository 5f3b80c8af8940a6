"""Run one real operation on a database and stop in the middle of its transaction.

The test that starts this program waits for ``MITAD`` on its output, then kills it with SIGKILL,
as a laptop that loses power would. ``python stop_midway.py OPERATION DB ARGS...``:

- ``import DB FILE N``: import FILE; stop after N rows are written.
- ``score DB PLAN_A MEMBER_A PLAN_B MEMBER_B``: save sheet A (committed, says ``GUARDADA``),
  then save sheet B and stop when its scores are written but its audit entry is not.
"""

import re
import sys
import time
from decimal import Decimal

from procompite.evaluation.scoring import declare, save_sheet
from procompite.storage.session import open_session
from procompite.transfer.importer import import_file


def stop_after(db, rows: int, table: str) -> None:
    written = 0
    writes = re.compile(rf"^\s*(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE)\s+[\[\"]?{table}\b", re.I)

    def trace(sql: str) -> None:
        nonlocal written
        if writes.match(sql):
            written += 1
            if written == rows:
                print("MITAD", flush=True)
                time.sleep(600)

    db.conn.set_trace_callback(trace)


def criteria(db, plan_id: int) -> list[int]:
    return [
        row[0]
        for row in db.execute(
            "SELECT c.id FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
            "JOIN plans p ON p.call_id = r.call_id WHERE p.id = ? ORDER BY c.id",
            [plan_id],
        )
    ]


def main(operation: str, database: str, *args: str) -> None:
    session = open_session(database)
    db = session.db
    if operation == "import":
        source, rows = args
        stop_after(db, int(rows), "members")
        import_file(db, source)
    elif operation == "score":
        plan_a, member_a, plan_b, member_b = map(int, args)
        declare(db, plan_a, member_a, False)
        save_sheet(db, plan_a, member_a, dict.fromkeys(criteria(db, plan_a), Decimal(3)), {})
        print("GUARDADA", flush=True)
        stop_after(db, 1, "audit_log")
        save_sheet(db, plan_b, member_b, dict.fromkeys(criteria(db, plan_b), Decimal(5)), {})
    print("FIN", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
